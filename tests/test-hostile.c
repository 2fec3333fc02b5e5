/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Hostile input through the importer, the store and dossier-cli: bytes that are
 * not text, text at the size limits, pathological Markdown, names made to look
 * like syntax, and folders with loops, special files and unreadable entries.
 * Every file must be imported or refused with a sentence that names it, in
 * reasonable time, and nothing in a document may ever be run, fetched or read
 * as code.
 */

#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <graphviz/cgraph.h>
#include <grp.h>
#include <netinet/in.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dossier-batch.h"
#include "dossier-graph.h"
#include "dossier-importer.h"
#include "dossier-limits.h"
#include "dossier-store-private.h"

#define NOBODY 65534
/* A CLI run that takes longer than this has hung: it is killed and fails. */
#define RUN_LIMIT_SECONDS 120

static guint run_limit_seconds = RUN_LIMIT_SECONDS;
/* A named pipe that the running CLI must not open; see poke_fifo_cb(). */
static const char *watched_fifo;
static gboolean fifo_was_opened;

static char *tmp_dir;

typedef struct
{
  int   status;     /* exit status, -1 when killed by a signal */
  int   signal;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  g_chmod (path, 0700);
  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

static void
drop_to_nobody (gpointer user_data)
{
  if (setgroups (0, NULL) != 0 ||
      setresgid (NOBODY, NOBODY, NOBODY) != 0 ||
      setresuid (NOBODY, NOBODY, NOBODY) != 0)
    _exit (121);
}

typedef struct
{
  GSubprocess *process;
  guint        timeout_id;
} Watchdog;

static gboolean
kill_cb (gpointer user_data)
{
  Watchdog *watchdog = user_data;

  g_subprocess_force_exit (watchdog->process);
  watchdog->timeout_id = 0;
  return G_SOURCE_REMOVE;
}

/* Opening a pipe's writing end without blocking only succeeds while someone
 * holds its reading end: if it succeeds, the CLI opened the pipe. Closing it at
 * once gives that reader an end of file instead of a wait without end. */
static gboolean
poke_fifo_cb (gpointer user_data)
{
  int fd = open (watched_fifo, O_WRONLY | O_NONBLOCK);

  if (fd >= 0)
    {
      fifo_was_opened = TRUE;
      close (fd);
    }
  return G_SOURCE_CONTINUE;
}

static void
communicate_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Runs dossier-cli from @cwd (NULL: the temporary folder), as nobody when
 * @as_nobody, and kills it after run_limit_seconds. */
static void
run_cli_full (Run        *run,
              gboolean    as_nobody,
              const char *cwd,
              const char *db,
              ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Watchdog watchdog = { NULL, 0 };
  guint poke_id = 0;
  const char *arg;
  va_list ap;

  g_ptr_array_add (args, (gpointer) g_getenv ("DOSSIER_CLI"));
  g_ptr_array_add (args, (gpointer) "--db");
  g_ptr_array_add (args, (gpointer) db);
  va_start (ap, db);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_cwd (launcher, cwd != NULL ? cwd : tmp_dir);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  if (as_nobody)
    g_subprocess_launcher_set_child_setup (launcher, drop_to_nobody, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) args->pdata, &error);
  g_assert_no_error (error);

  watchdog.process = process;
  watchdog.timeout_id = g_timeout_add_seconds (run_limit_seconds, kill_cb, &watchdog);
  if (watched_fifo != NULL)
    poke_id = g_timeout_add (50, poke_fifo_cb, NULL);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicate_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_clear_handle_id (&watchdog.timeout_id, g_source_remove);
  g_clear_handle_id (&poke_id, g_source_remove);
  g_subprocess_communicate_utf8_finish (process, result, &run->out, &run->err, &error);
  g_assert_no_error (error);

  if (g_subprocess_get_if_signaled (process))
    {
      run->status = -1;
      run->signal = g_subprocess_get_term_sig (process);
    }
  else
    run->status = g_subprocess_get_exit_status (process);
  g_assert_cmpint (run->status, !=, 121);
}

#define run_cli(run, db, ...) run_cli_full (run, FALSE, NULL, db, __VA_ARGS__)

static void
assert_no_crash (const Run  *run,
                 const char *what)
{
  if (run->status == -1)
    g_error ("%s: dossier-cli was killed by signal %d%s: %s", what, run->signal,
             run->signal == SIGKILL ? " (it hung)" : "", run->err);
  g_assert_true (run->status == 0 || run->status == 1);
  g_assert_null (strstr (run->err, "CRITICAL"));
  g_assert_null (strstr (run->err, "Sanitizer"));
}

static char *
make_folder (const char *name)
{
  char *path = g_build_filename (tmp_dir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (path, 0755), ==, 0);
  return path;
}

static char *
write_file (const char *folder,
            const char *name,
            const char *contents,
            gssize      length)
{
  char *path = g_build_filename (folder, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, length, NULL));
  return path;
}

static DossierStore *
open_store (const char *name)
{
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
  g_autoptr(GError) error = NULL;
  DossierStore *store = dossier_store_open (path, &error);

  g_assert_no_error (error);
  return store;
}

/* Every block of every stored document is clean UTF-8, within the limits. */
static guint
assert_store_clean (DossierStore *store)
{
  g_autoptr(GListModel) documents = dossier_store_list_documents (store, NULL);
  guint n_blocks = 0;

  for (guint i = 0; i < g_list_model_get_n_items (documents); i++)
    {
      g_autoptr(DossierDocumentInfo) info = g_list_model_get_item (documents, i);
      g_autoptr(GPtrArray) blocks = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_true (g_utf8_validate (dossier_document_info_get_title (info), -1, NULL));
      blocks = dossier_store_get_blocks (store, dossier_document_info_get_id (info), &error);
      g_assert_no_error (error);
      g_assert_cmpuint (blocks->len, >, 0);
      g_assert_cmpuint (blocks->len, <=, DOSSIER_LIMIT_BLOCKS_PER_DOC);
      for (guint b = 0; b < blocks->len; b++)
        {
          DossierBlock *block = g_ptr_array_index (blocks, b);

          g_assert_true (g_utf8_validate (block->text, -1, NULL));
          g_assert_null (strchr (block->text, DOSSIER_SNIPPET_OPEN[0]));
          g_assert_null (strchr (block->text, DOSSIER_SNIPPET_CLOSE[0]));
        }
      n_blocks += blocks->len;
    }
  return n_blocks;
}

/* How many times slower than a plain build this run may be: 1, or what
 * DOSSIER_TEST_TIME_FACTOR says (build-aux/dev check sets it for valgrind). The
 * time bounds below catch quadratic work, not a slow machine. */
static double
time_factor (void)
{
  const char *value = g_getenv ("DOSSIER_TEST_TIME_FACTOR");
  double factor = value != NULL ? g_ascii_strtod (value, NULL) : 1.0;

  return factor >= 1.0 ? factor : 1.0;
}

/* Imports @path in process, timed; returns the error (NULL when imported). */
static GError *
import_timed (DossierStore *store,
              const char   *path,
              double       *seconds)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GTimer) timer = g_timer_new ();
  GError *error = NULL;
  gboolean ok;

  ok = dossier_store_import_file (store, file, NULL, NULL, NULL, &error);
  *seconds = g_timer_elapsed (timer, NULL);
  g_assert_true (ok == (error == NULL));
  return error;
}

/* Bytes that are not text */

static void
test_nul_bytes (void)
{
  g_autofree char *folder = make_folder ("nul");
  g_autoptr(DossierStore) store = open_store ("nul.db");
  static const char middle[] = "# Report\n\n1. The first paragraph.\0\0\0 2. Hidden after NULs.\n";
  static const char utf16[] = "\xff\xfe#\0 \0R\0e\0p\0o\0r\0t\0\n\0";
  const struct { const char *name; const char *data; gsize length; } cases[] = {
    { "nul-in-middle.md", middle, sizeof middle - 1 },
    { "utf-16.txt", utf16, sizeof utf16 - 1 },
    { "only-nuls.txt", "\0\0\0\0\0\0\0\0", 8 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = write_file (folder, cases[i].name, cases[i].data, cases[i].length);
      g_autoptr(GError) error = NULL;
      double seconds;

      error = import_timed (store, path, &seconds);
      if (error != NULL)
        {
          g_test_message ("%s: %s", cases[i].name, error->message);
          g_assert_true (error->domain == DOSSIER_IMPORT_ERROR);
          g_assert_nonnull (strstr (error->message, cases[i].name));
        }
      else
        g_test_message ("%s: imported", cases[i].name);
    }
  /* A document is never stored with a NUL cut into it; UTF-16 with its byte
   * order mark is text, and is decoded. */
  assert_store_clean (store);
  g_assert_cmpuint (dossier_store_count_documents (store), ==, 1);
  {
    g_autoptr(DossierDocumentInfo) info = dossier_store_find_document (store, "utf-16.txt", NULL);

    g_assert_nonnull (info);
    g_assert_nonnull (strstr (dossier_document_info_get_title (info), "Report"));
  }
}

static void
test_invalid_utf8 (void)
{
  g_autofree char *folder = make_folder ("utf8");
  g_autoptr(DossierStore) store = open_store ("utf8.db");
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  g_autofree char *noise = g_malloc (4096);
  const struct { const char *name; const char *data; gssize length; } cases[] = {
    /* Overlong '/', a UTF-16 surrogate, a code point past U+10FFFF, a cut-off
     * sequence at the end, and a lone continuation byte. */
    { "overlong.md", "# Title\n\nA path \xc0\xaf etc \xe0\x80\xaf.\n", -1 },
    { "surrogate.md", "# Title\n\nHalf a pair: \xed\xa0\x80 here.\n", -1 },
    { "too-high.md", "# Title\n\nBeyond: \xf4\x90\x80\x80 and \xf8\x88\x80\x80\x80.\n", -1 },
    { "cut-off.md", "# Title\n\nCut at the end \xe2\x82", -1 },
    { "continuation.txt", "Stray \x80\x81\x82 bytes in 1252: \x93quoted\x94 caf\xe9.\n", -1 },
    { "noise.txt", NULL, 4096 },
  };

  for (guint i = 0; i < 4096; i++)
    noise[i] = (char) g_rand_int_range (rand, 0x80, 0x100);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = write_file (folder, cases[i].name,
                                          cases[i].data != NULL ? cases[i].data : noise,
                                          cases[i].length);
      g_autoptr(GError) error = NULL;
      double seconds;

      error = import_timed (store, path, &seconds);
      g_test_message ("%s: %s", cases[i].name, error != NULL ? error->message : "imported");
      if (error != NULL)
        {
          g_assert_true (error->domain == DOSSIER_IMPORT_ERROR);
          g_assert_nonnull (strstr (error->message, cases[i].name));
        }
    }
  /* Whatever was taken in is valid UTF-8 now. */
  assert_store_clean (store);
}

/* Size */

/* One line just under the file-size limit: imported or refused, in reasonable
 * time; one byte over the limit: refused before it is read. */
static void
test_huge_line (void)
{
  g_autofree char *folder = make_folder ("huge");
  g_autofree char *under = g_build_filename (folder, "one-line.txt", NULL);
  g_autofree char *over = g_build_filename (folder, "too-large.txt", NULL);
  g_autoptr(DossierStore) store = open_store ("huge.db");
  static const char sentence[] = "Trafficking in women and girls is a grave violation of human rights, "
                                 "and States parties shall protect its victims; ";
  g_autoptr(GError) error = NULL;
  g_autofree char *buffer = NULL;
  gsize size = DOSSIER_LIMIT_FILE_SIZE - 1;
  double seconds;

  /* LIMIT - 1 bytes, then LIMIT + 1 for the file that is one byte too large. */
  buffer = g_malloc (size + 2);
  for (gsize i = 0; i < size; i++)
    buffer[i] = sentence[i % (sizeof sentence - 1)];
  g_assert_true (g_file_set_contents (under, buffer, size, NULL));
  buffer[size] = buffer[size + 1] = 'x';
  g_assert_true (g_file_set_contents (over, buffer, size + 2, NULL));
  g_clear_pointer (&buffer, g_free);

  error = import_timed (store, under, &seconds);
  g_test_message ("%" G_GSIZE_FORMAT " bytes on one line: %s in %.1f s",
                  size, error != NULL ? error->message : "imported", seconds);
  if (error != NULL)
    {
      g_assert_true (error->domain == DOSSIER_IMPORT_ERROR);
      g_assert_nonnull (strstr (error->message, "one-line.txt"));
    }
  else
    {
      g_autoptr(GListModel) documents = dossier_store_list_documents (store, NULL);
      g_autoptr(DossierDocumentInfo) info = g_list_model_get_item (documents, 0);
      g_autoptr(GPtrArray) blocks = dossier_store_get_blocks (store, dossier_document_info_get_id (info), NULL);

      /* Cut into blocks of at most DOSSIER_LIMIT_BLOCK_BYTES. */
      for (guint i = 0; i < blocks->len; i++)
        g_assert_cmpuint (strlen (((DossierBlock *) g_ptr_array_index (blocks, i))->text), <=,
                          DOSSIER_LIMIT_BLOCK_BYTES);
      g_test_message ("%u blocks", blocks->len);
    }
  /* Sanitizer builds are several times slower: the bound is generous, but a
   * quadratic pass over 50 MB would still blow it. valgrind (`build-aux/dev
   * check`) is slower still, and says so with DOSSIER_TEST_TIME_FACTOR. */
  g_assert_cmpfloat (seconds, <, 180 * time_factor ());
  g_clear_error (&error);

  error = import_timed (store, over, &seconds);
  g_assert_error (error, DOSSIER_IMPORT_ERROR, DOSSIER_IMPORT_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "too-large.txt"));
  g_assert_cmpfloat (seconds, <, 2 * time_factor ());
  g_unlink (under);
  g_unlink (over);
}

static void
test_many_paragraphs (void)
{
  g_autofree char *folder = make_folder ("many");
  g_autoptr(GString) text = g_string_new ("# Many\n\n");
  g_autoptr(DossierStore) store = open_store ("many.db");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  double seconds;
  guint n_blocks;

  for (guint i = 0; i < 100000; i++)
    g_string_append_printf (text, "P%u.\n\n", i);
  path = write_file (folder, "many-paragraphs.md", text->str, text->len);

  error = import_timed (store, path, &seconds);
  g_test_message ("100,000 paragraphs: %s in %.1f s", error != NULL ? error->message : "imported", seconds);
  g_assert_no_error (error);
  n_blocks = assert_store_clean (store);
  g_test_message ("%u blocks", n_blocks);
  g_assert_cmpuint (n_blocks, >=, 100000);
  g_assert_cmpfloat (seconds, <, 120 * time_factor ());
}

/* Markdown nested far beyond DOSSIER_LIMIT_NESTING_DEPTH, and inline markup that
 * makes naive parsers recurse or backtrack. */
static void
test_deep_nesting (void)
{
  g_autofree char *folder = make_folder ("deep");
  g_autoptr(DossierStore) store = open_store ("deep.db");
  g_autoptr(GString) quotes = g_string_new ("# Deep\n\n");
  g_autoptr(GString) bullets = g_string_new ("# Deep list\n\n");
  g_autoptr(GString) ordered = g_string_new ("# Deep numbered list\n\n");
  g_autoptr(GString) inline_text = g_string_new ("# Inline\n\n");
  g_autoptr(GString) mixed = g_string_new ("# Mixed\n\n");
  struct { const char *name; GString *text; } cases[] = {
    { "quotes.md", quotes },
    { "bullets.md", bullets },
    { "ordered.md", ordered },
    { "inline.md", inline_text },
    { "mixed.md", mixed },
  };

  for (guint i = 0; i < 10000; i++)
    g_string_append_c (quotes, '>');
  g_string_append (quotes, " The innermost quotation of the Special Rapporteur.\n");

  /* 10,000 levels of lists on one line each ("- - - …", "1. 1. 1. …"), and a
   * thousand levels indented as people write them. */
  for (guint i = 0; i < 10000; i++)
    {
      g_string_append (bullets, "- ");
      g_string_append (ordered, "1. ");
    }
  g_string_append (bullets, "Innermost item\n\n");
  g_string_append (ordered, "Innermost numbered item\n\n");
  for (guint i = 0; i < 1000; i++)
    {
      g_string_append_printf (bullets, "%*s- Level %u item\n", (int) (i * 2), "", i);
      g_string_append_printf (ordered, "%*s%u. Level %u\n", (int) (i * 3), "", i + 1, i);
    }

  for (guint i = 0; i < 20000; i++)
    g_string_append (inline_text, "*_[`(");
  g_string_append (inline_text, " text ");
  for (guint i = 0; i < 20000; i++)
    g_string_append (inline_text, "**");
  g_string_append (inline_text, "\n\n");
  for (guint i = 0; i < 10000; i++)
    g_string_append (inline_text, "[a](");
  g_string_append (inline_text, "\n");

  for (guint i = 0; i < 3000; i++)
    g_string_append (mixed, "> - 1. ");
  g_string_append (mixed, "Deep mixed\n");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = write_file (folder, cases[i].name, cases[i].text->str, cases[i].text->len);
      g_autoptr(GError) error = NULL;
      double seconds;

      error = import_timed (store, path, &seconds);
      g_test_message ("%s (%" G_GSIZE_FORMAT " bytes): %s in %.2f s", cases[i].name, cases[i].text->len,
                      error != NULL ? error->message : "imported", seconds);
      if (error != NULL)
        {
          g_assert_true (error->domain == DOSSIER_IMPORT_ERROR);
          g_assert_nonnull (strstr (error->message, cases[i].name));
        }
      g_assert_cmpfloat (seconds, <, 60 * time_factor ());
    }
  assert_store_clean (store);

  /* The innermost words are not lost to the depth limit. */
  {
    g_autoptr(GPtrArray) hits = dossier_store_search (store, "innermost quotation", 0, 10, NULL);
    g_assert_nonnull (hits);
    g_assert_cmpuint (hits->len, ==, 1);
  }
}

/* Names */

/* File names and entity names that look like markup, SQL, shell, format
 * strings or bidirectional tricks. They must come back exactly as they went in,
 * nowhere be taken as syntax, and the tables must still be there. */
static void
test_syntax_like_names (void)
{
  static const char *const names[] = {
    "%s%n%x%p.md",
    "\"; DROP TABLE document; --.md",
    "' OR '1'='1.txt",
    "<script>alert(1)<:script>.md",
    "$(touch PWNED-name).md",
    "`touch PWNED-tick`.md",
    "digraph { a -> b }.md",
    "\"]; node [label=\"x.md",
    "\xe2\x80\xae" "dm.exe" ".md",                       /* right-to-left override */
    "zero\xe2\x80\x8bwidth\xe2\x80\x8djoiner\xef\xbb\xbf.md",
    "new\nline.md",
    "-rf.md",
  };
  g_autofree char *folder = make_folder ("names");
  g_autofree char *db = g_build_filename (tmp_dir, "names.db", NULL);
  g_autofree char *pwned_name = g_build_filename (tmp_dir, "PWNED-name", NULL);
  g_autofree char *pwned_tick = g_build_filename (tmp_dir, "PWNED-tick", NULL);
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(GListModel) documents = NULL;
  g_auto(Run) run = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *text = g_strdup_printf (
        "# The %%s%%n Office and the <b>Bold</b> Task Force\n\n"
        "1. The \xe2\x80\xae" "ecnerefnoC" "\xe2\x80\xac Programme (RLO) met the "
        "\"quoted\" Committee (QC), the Drop\xe2\x80\x8d" "Table Fund ('; DROP TABLE entity; --) "
        "and the <script>alert(%u)</script> Commission in cooperation with the "
        "Office of Braces {} and Brackets [] (OBB); see $(touch PWNED-body) and `id`.\n\n"
        "2. General Assembly resolution 55/%u was adopted by the %%x%%x%%x Forum.\n",
        i, 25 + i);
      g_autofree char *path = write_file (folder, names[i], text, -1);
    }

  run_cli (&run, db, "import", folder, NULL);
  assert_no_crash (&run, "import");
  g_test_message ("import: %s%s", run.out, run.err);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "%s%n%x%p.md"));
  run_clear (&run);

  /* The names come back byte for byte. */
  store = open_store ("names.db");
  documents = dossier_store_list_documents (store, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (documents), ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DossierDocumentInfo) info = dossier_store_find_document (store, names[i], &error);

      g_assert_no_error (error);
      g_assert_cmpstr (dossier_document_info_get_source_name (info), ==, names[i]);
    }

  /* Every command prints them as text. */
  {
    const char *commands[][3] = {
      { "list", NULL, NULL },
      { "show", "%s%n%x%p.md", NULL },
      { "search", "DROP TABLE", NULL },
      { "entities", NULL, NULL },
      { "relations", NULL, NULL },
    };

    for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
      {
        run_cli (&run, db, commands[i][0], commands[i][1], NULL);
        assert_no_crash (&run, commands[i][0]);
        g_assert_cmpint (run.status, ==, 0);
        run_clear (&run);
        run_cli (&run, db, "--json", commands[i][0], commands[i][1], NULL);
        assert_no_crash (&run, commands[i][0]);
        g_assert_cmpint (run.status, ==, 0);
        {
          g_autoptr(JsonParser) parser = json_parser_new ();
          g_autoptr(GError) error = NULL;

          json_parser_load_from_data (parser, run.out, -1, &error);
          g_assert_no_error (error);
        }
        run_clear (&run);
      }
  }

  /* The tables are all still there, and no command ran. */
  g_assert_cmpuint (dossier_store_count_documents (store), ==, G_N_ELEMENTS (names));
  {
    sqlite3 *handle = dossier_store_get_handle (store);
    g_autoptr(sqlite3_stmt) stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (handle, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'"
                                                 " AND name IN ('document', 'block', 'entity', 'mention',"
                                                 " 'relation', 'alias', 'draft', 'excerpt')",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 8);
  }
  g_assert_false (g_file_test (pwned_name, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (pwned_tick, G_FILE_TEST_EXISTS));

  /* The entity names these documents bring reach DOT as labels, never as syntax:
   * the DOT reads back with exactly the graph's nodes and edges. */
  {
    g_autoptr(DossierGraphFilter) filter = dossier_graph_filter_new ();
    g_autoptr(DossierGraph) graph = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *dot = NULL;
    Agraph_t *read_back;

    dossier_graph_filter_set_include_documents (filter, TRUE);
    graph = dossier_graph_new_from_store (store, filter, &error);
    g_assert_no_error (error);
    dot = dossier_graph_dup_dot (graph, &error);
    g_assert_no_error (error);
    g_test_message ("graph of %u nodes and %u edges",
                    dossier_graph_get_n_nodes (graph), dossier_graph_get_n_edges (graph));
    g_assert_cmpuint (dossier_graph_get_n_nodes (graph), >=, G_N_ELEMENTS (names));
    read_back = agmemread (dot);
    g_assert_nonnull (read_back);
    g_assert_cmpint (agnnodes (read_back), ==, dossier_graph_get_n_nodes (graph));
    g_assert_cmpint (agnedges (read_back), ==, dossier_graph_get_n_edges (graph));
    agclose (read_back);
  }
}

/* Folders */

/* Symbolic-link loops, links out of the folder, dangling links, a named pipe and
 * a device among the documents: each is skipped or refused in a sentence, the
 * good document is imported, and nothing hangs. */
static void
test_links_and_special_files (void)
{
  g_autofree char *folder = make_folder ("links");
  g_autofree char *sub = make_folder ("links/sub");
  g_autofree char *db = g_build_filename (tmp_dir, "links.db", NULL);
  g_autofree char *good = write_file (folder, "good.md", "# Good\n\n1. A document among traps.\n", -1);
  g_autofree char *self = g_build_filename (folder, "self", NULL);
  g_autofree char *back = g_build_filename (sub, "back", NULL);
  g_autofree char *a = g_build_filename (folder, "a.md", NULL);
  g_autofree char *b = g_build_filename (folder, "b.md", NULL);
  g_autofree char *dangling = g_build_filename (folder, "dangling.md", NULL);
  g_autofree char *fifo = g_build_filename (folder, "pipe.md", NULL);
  g_autofree char *device = g_build_filename (folder, "null.md", NULL);
  g_auto(Run) run = { 0 };

  g_assert_cmpint (symlink (".", self), ==, 0);
  g_assert_cmpint (symlink ("..", back), ==, 0);
  g_assert_cmpint (symlink ("b.md", a), ==, 0);          /* a -> b -> a: ELOOP */
  g_assert_cmpint (symlink ("a.md", b), ==, 0);
  g_assert_cmpint (symlink ("/nonexistent/x.md", dangling), ==, 0);
  g_assert_cmpint (symlink ("/dev/null", device), ==, 0);
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);

  /* A named pipe blocks whoever opens it until a writer comes: a reader that
   * opens one hangs. The test plays the writer who never writes, so that such a
   * bug shows in a moment instead of as a hang. */
  watched_fifo = fifo;
  fifo_was_opened = FALSE;
  run_cli (&run, db, "--json", "import", folder, NULL);
  watched_fifo = NULL;
  g_test_message ("import: %s%s", run.out, run.err);
  assert_no_crash (&run, "import");
  /* Only regular files are opened: a pipe, or /dev/zero behind a link, would
   * never end. */
  g_assert_false (fifo_was_opened);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "pipe.md"));
  g_assert_nonnull (strstr (run.err, "null.md"));
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *object;

    g_assert_true (json_parser_load_from_data (parser, run.out, -1, NULL));
    object = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpint (json_object_get_int_member (object, "added"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (object, "refused"), >=, 1);
  }
}

/* Whether the CLI can run as nobody here: it needs root to switch, and a build
 * tree that nobody may enter (not one under /root, say). */
static gboolean
nobody_can_run_cli (void)
{
  int status = 0;
  pid_t pid;

  if (geteuid () != 0)
    {
      g_test_skip ("needs root to run the CLI as uid 65534; root itself reads everything");
      return FALSE;
    }
  g_assert_cmpint (g_chmod (tmp_dir, 0755), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      drop_to_nobody (NULL);
      _exit (access (g_getenv ("DOSSIER_CLI"), X_OK) == 0 && access (tmp_dir, R_OK | X_OK) == 0
             ? 0 : 1);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    {
      g_test_skip ("uid 65534 cannot run the CLI from this build tree or enter the "
                   "temporary folder");
      return FALSE;
    }
  return TRUE;
}

/* Files and folders that the user may not read (root reads everything, so the
 * CLI runs as nobody). */
static void
test_unreadable (void)
{
  g_autofree char *folder = make_folder ("unreadable");
  g_autofree char *closed = make_folder ("unreadable/closed");
  g_autofree char *dbdir = make_folder ("unreadable-db");
  g_autofree char *db = g_build_filename (dbdir, "corpus.db", NULL);
  g_autofree char *good = write_file (folder, "good.md", "# Good\n\n1. Readable.\n", -1);
  g_autofree char *secret = write_file (folder, "secret.md", "# Secret\n\n1. Not for you.\n", -1);
  g_autofree char *inner = write_file (closed, "inner.md", "# Inner\n\n1. Behind a closed door.\n", -1);
  g_auto(Run) run = { 0 };

  if (!nobody_can_run_cli ())
    return;
  g_assert_cmpint (g_chmod (secret, 0000), ==, 0);
  g_assert_cmpint (g_chmod (closed, 0000), ==, 0);
  g_assert_cmpint (chown (dbdir, NOBODY, NOBODY), ==, 0);

  run_cli_full (&run, TRUE, NULL, db, "import", folder, NULL);
  g_test_message ("import as nobody: %s%s", run.out, run.err);
  assert_no_crash (&run, "import");
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.out, "good.md"));
  g_assert_nonnull (strstr (run.err, "secret.md"));
  g_assert_nonnull (strstr (run.err, "closed"));
  g_assert_null (strstr (run.out, "inner.md"));
}

/* Nothing in a document is run, fetched or opened: shell syntax, links and
 * images pointing at a local server that listens for them, and file links. */
static void
test_nothing_executed_or_fetched (void)
{
  g_autofree char *folder = make_folder ("inert");
  g_autofree char *db = g_build_filename (tmp_dir, "inert.db", NULL);
  g_autofree char *marker = g_build_filename (tmp_dir, "EXECUTED", NULL);
  g_autofree char *text = NULL;
  g_autofree char *path = NULL;
  struct sockaddr_in address = { 0 };
  socklen_t address_length = sizeof address;
  g_auto(Run) run = { 0 };
  int listener, client;
  guint port;

  /* A server on the loopback interface that no one should ever call. */
  listener = socket (AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  g_assert_cmpint (listener, >=, 0);
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (bind (listener, (struct sockaddr *) &address, sizeof address), ==, 0);
  g_assert_cmpint (listen (listener, 16), ==, 0);
  g_assert_cmpint (getsockname (listener, (struct sockaddr *) &address, &address_length), ==, 0);
  port = ntohs (address.sin_port);

  text = g_strdup_printf (
    "# Inert $(touch %1$s)\n\n"
    "1. `touch %1$s` and $(touch %1$s) and ; touch %1$s ; | touch %1$s\n\n"
    "2. ![image](http://127.0.0.1:%2$u/image.png) <img src=\"http://127.0.0.1:%2$u/img\">\n\n"
    "3. [a link](http://127.0.0.1:%2$u/link) <http://127.0.0.1:%2$u/autolink> "
    "<iframe src=\"http://127.0.0.1:%2$u/frame\"></iframe>\n\n"
    "4. [file](file:///etc/shadow) <!--#exec cmd=\"touch %1$s\" --> "
    "<script>fetch('http://127.0.0.1:%2$u/js')</script> {{7*7}} ${7*7}\n\n"
    "5. \\input{/etc/shadow} <?php system('touch %1$s'); ?> "
    "<object data=\"http://127.0.0.1:%2$u/object\"></object>\n\n"
    "[ref]: http://127.0.0.1:%2$u/reference \"title\"\n",
    marker, port);
  path = write_file (folder, "inert.md", text, -1);

  run_cli (&run, db, "import", folder, NULL);
  assert_no_crash (&run, "import");
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  {
    const char *commands[][3] = {
      { "show", "inert.md", NULL },
      { "search", "touch", NULL },
      { "entities", NULL, NULL },
    };

    for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
      {
        run_cli (&run, db, commands[i][0], commands[i][1], NULL);
        assert_no_crash (&run, commands[i][0]);
        run_clear (&run);
      }
  }

  g_assert_false (g_file_test (marker, G_FILE_TEST_EXISTS));
  client = accept (listener, NULL, NULL);
  g_assert_cmpint (client, ==, -1);
  g_assert_true (errno == EAGAIN || errno == EWOULDBLOCK);
  close (listener);

  /* The text was kept as text. */
  run_cli (&run, db, "show", "inert.md", NULL);
  g_assert_nonnull (strstr (run.out, "$(touch"));
}

/* The model and the CLI contain no way to run a program or open a connection:
 * checked in their sources, so that adding one is a conscious change. */
static void
test_no_exec_or_network_in_sources (void)
{
  /* Process creation, sockets, network and URI loading, and loading code. */
  static const char pattern[] =
    "\\b(g_spawn_\\w+|GSubprocess\\w*|g_subprocess_\\w+|system|popen|exec[lv]p?e?|fork|vfork"
    "|posix_spawnp?|socket|connect|g_socket_\\w+|GSocket\\w*|g_network_\\w+|GNetwork\\w*"
    "|g_resolver_\\w+|curl_\\w+|soup_\\w+|g_app_info_launch\\w*|g_file_new_for_uri"
    "|g_vfs_get_file_for_uri|dlopen|g_module_open)\\s*\\(";
  const char *folders[] = { "app/core", "app/cli" };
  const char *root = g_getenv ("DOSSIER_SOURCE_ROOT");
  g_autoptr(GRegex) regex = g_regex_new (pattern, G_REGEX_OPTIMIZE, 0, NULL);
  guint n_files = 0;

  g_assert_nonnull (regex);
  g_assert_nonnull (root);
  for (guint f = 0; f < G_N_ELEMENTS (folders); f++)
    {
      g_autofree char *dir_path = g_build_filename (root, folders[f], NULL);
      g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
      const char *name;

      g_assert_nonnull (dir);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autoptr(GMatchInfo) match = NULL;
          g_autofree char *path = NULL;
          g_autofree char *contents = NULL;

          if (!g_str_has_suffix (name, ".c") && !g_str_has_suffix (name, ".h"))
            continue;
          path = g_build_filename (dir_path, name, NULL);
          g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
          if (g_regex_match (regex, contents, 0, &match))
            {
              g_autofree char *word = g_match_info_fetch (match, 1);

              g_error ("%s/%s calls %s (): app/core and app/cli never run programs, load "
                       "code or open connections (docs/RELIABILITY.md)", folders[f], name, word);
            }
          n_files++;
        }
    }
  g_assert_cmpuint (n_files, >, 10);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("dossier-hostile-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);

  g_test_add_func ("/dossier/hostile/nul-bytes", test_nul_bytes);
  g_test_add_func ("/dossier/hostile/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/dossier/hostile/huge-line", test_huge_line);
  g_test_add_func ("/dossier/hostile/many-paragraphs", test_many_paragraphs);
  g_test_add_func ("/dossier/hostile/deep-nesting", test_deep_nesting);
  g_test_add_func ("/dossier/hostile/syntax-like-names", test_syntax_like_names);
  g_test_add_func ("/dossier/hostile/links-and-special-files", test_links_and_special_files);
  g_test_add_func ("/dossier/hostile/unreadable", test_unreadable);
  g_test_add_func ("/dossier/hostile/nothing-executed-or-fetched", test_nothing_executed_or_fetched);
  g_test_add_func ("/dossier/hostile/no-exec-or-network-in-sources", test_no_exec_or_network_in_sources);

  status = g_test_run ();
  remove_tree (tmp_dir);
  g_free (tmp_dir);
  return status;
}
