/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Damaged, foreign, read-only and full databases, and a database shared with
 * another reader, through dossier-cli as a user meets them. tests/test-store.c
 * already covers the store's refusals at open (random bytes, another program's
 * SQLite file, a short file, a folder, a newer schema, a read-only file); this
 * covers what those cases do to every command, damage that only shows after
 * open, files that a crash or another program left beside the database, a full
 * disk and concurrent use. Each case must end with one clear sentence, a normal
 * exit (never a signal) and the database unchanged and in place.
 */

#define _GNU_SOURCE

#include "config.h"

#include <glib/gstdio.h>
#include <grp.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dossier-store.h"

#define NOBODY 65534

static char *tmp_dir;
static char *good_db;       /* a corpus with the bundled documents, made once */

typedef struct
{
  gboolean as_nobody;       /* drop to uid/gid 65534 before exec */
  rlim_t   max_file_size;   /* RLIMIT_FSIZE, 0 for none */
} ChildSetup;

typedef struct
{
  int   status;   /* exit status; -1 when killed by a signal */
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
child_setup (gpointer user_data)
{
  const ChildSetup *setup = user_data;

  if (setup->max_file_size > 0)
    {
      struct rlimit limit = { setup->max_file_size, setup->max_file_size };

      /* Past the limit write() fails with EFBIG, as on a full disk, instead of
       * the process being killed. */
      signal (SIGXFSZ, SIG_IGN);
      if (setrlimit (RLIMIT_FSIZE, &limit) != 0)
        _exit (120);
    }
  if (setup->as_nobody && geteuid () == 0)
    {
      if (setgroups (0, NULL) != 0 ||
          setresgid (NOBODY, NOBODY, NOBODY) != 0 ||
          setresuid (NOBODY, NOBODY, NOBODY) != 0)
        _exit (121);
    }
}

static void
run_cli_full (Run              *run,
              const ChildSetup *setup,
              const char       *db,
              ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
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
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  if (setup != NULL)
    g_subprocess_launcher_set_child_setup (launcher, child_setup, (gpointer) setup, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) args->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);

  if (g_subprocess_get_if_signaled (process))
    {
      run->status = -1;
      run->signal = g_subprocess_get_term_sig (process);
    }
  else
    run->status = g_subprocess_get_exit_status (process);
  /* Setup failures in the child are the test's own. */
  g_assert_cmpint (run->status, !=, 120);
  g_assert_cmpint (run->status, !=, 121);
}

#define run_cli(run, db, ...) run_cli_full (run, NULL, db, __VA_ARGS__)

static char *
file_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static char *
copy_file (const char *from,
           const char *name)
{
  g_autofree char *contents = NULL;
  char *to = g_build_filename (tmp_dir, name, NULL);
  gsize length = 0;

  g_assert_true (g_file_get_contents (from, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (to, contents, length, NULL));
  return to;
}

static char *
corpus_dir (void)
{
  return g_build_filename (g_getenv ("DOSSIER_DATA_DIR"), "corpus", NULL);
}

static char *
one_document (const char *name,
              const char *text)
{
  g_autofree char *folder = g_build_filename (tmp_dir, "docs", NULL);
  char *path = g_build_filename (folder, name, NULL);

  g_mkdir_with_parents (folder, 0755);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

static char *
query_text (const char *path,
            const char *sql)
{
  g_autoptr(GString) out = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = NULL;
  int rc;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (out->len > 0)
        g_string_append_c (out, '\n');
      g_string_append (out, (const char *) sqlite3_column_text (stmt, 0));
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
assert_intact (const char *path)
{
  g_autofree char *check = query_text (path, "PRAGMA integrity_check");
  g_autofree char *orphans = query_text (path, "SELECT count(*) FROM document d WHERE NOT EXISTS"
                                               " (SELECT 1 FROM block b WHERE b.document_id = d.id)");

  g_assert_cmpstr (check, ==, "ok");
  g_assert_cmpstr (orphans, ==, "0");
}

/* A refusal as the user sees it: a normal exit with the "refused" code and one
 * sentence on stderr that names the file and contains one of @words, which are
 * separated by '|'. */
static void
assert_refused (const Run  *run,
                const char *path,
                const char *words)
{
  g_auto(GStrv) choices = g_strsplit (words, "|", -1);
  gboolean found = FALSE;

  if (run->status == -1)
    g_error ("dossier-cli was killed by signal %d on “%s”: %s", run->signal, path, run->err);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_true (g_str_has_prefix (run->err, "dossier-cli: "));
  g_assert_nonnull (strstr (run->err, path));
  for (guint i = 0; choices[i] != NULL; i++)
    found |= strstr (run->err, choices[i]) != NULL;
  if (!found)
    g_error ("expected “%s” in: %s", words, run->err);
  /* No GLib warning or critical, no sanitizer report: only sentences. */
  g_assert_null (strstr (run->err, "CRITICAL"));
  g_assert_null (strstr (run->err, "WARNING"));
  g_assert_null (strstr (run->err, "Sanitizer"));
}

/* Every command a user may try on a damaged file refuses it alike and leaves
 * it byte for byte as it was. */
static void
assert_every_command_refuses (const char *path,
                              const char *words)
{
  g_autofree char *before = file_checksum (path);
  g_autofree char *doc = one_document ("note.md", "# A note\n\n1. Trafficking in persons.\n");
  const char *commands[][3] = {
    { "list", NULL, NULL },
    { "search", "trafficking", NULL },
    { "show", "1", NULL },
    { "entities", NULL, NULL },
    { "import", doc, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto(Run) run = { 0 };
      g_autofree char *after = NULL;

      run_cli (&run, path, commands[i][0], commands[i][1], NULL);
      g_test_message ("%s: %s", commands[i][0], run.err);
      assert_refused (&run, path, words);
      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
      after = file_checksum (path);
      g_assert_cmpstr (before, ==, after);
    }
}

static void
make_good_db (void)
{
  g_autofree char *corpus = corpus_dir ();
  g_auto(Run) run = { 0 };

  good_db = g_build_filename (tmp_dir, "good.db", NULL);
  run_cli (&run, good_db, "--quiet", "import", corpus, NULL);
  g_assert_cmpint (run.status, ==, 0);
  assert_intact (good_db);
}

/* Damage */

static void
test_truncated (void)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  /* Inside the 100-byte header, inside the first page, the first page alone, and
   * cut short by half, by one page and by one byte. */
  gsize sizes[6] = { 50, 1000, 4096, 0, 0, 0 };

  g_assert_true (g_file_get_contents (good_db, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 16 * 4096);
  sizes[3] = (length / 2) & ~(gsize) 4095;
  sizes[4] = length - 4096;
  sizes[5] = length - 1;

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *name = g_strdup_printf ("truncated-%" G_GSIZE_FORMAT ".db", sizes[i]);
      g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
      g_autofree char *before = NULL;
      g_auto(Run) run = { 0 };

      g_test_message ("truncated to %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " bytes", sizes[i], length);
      g_assert_true (g_file_set_contents (path, contents, sizes[i], NULL));
      before = file_checksum (path);

      /* A file cut inside its header or first page is refused at open. */
      if (sizes[i] <= 4096)
        {
          assert_every_command_refuses (path, "damaged|not a Dossier corpus");
          continue;
        }

      /* A longer one opens; whatever reads a missing page must say the corpus is
       * damaged, and nothing may write to it. */
      run_cli (&run, path, "list", NULL);
      g_assert_cmpint (run.status, !=, -1);
      run_clear (&run);
      run_cli (&run, path, "search", "trafficking", NULL);
      g_assert_cmpint (run.status, !=, -1);
      if (run.status != 0)
        assert_refused (&run, path, "damaged");
      run_clear (&run);
      {
        g_autofree char *after = file_checksum (path);
        g_assert_cmpstr (before, ==, after);
      }
    }
}

/* One page in the middle of the file overwritten with noise: SQLite only sees it
 * when a query reads that page. */
static void
test_damaged_page (void)
{
  g_autofree char *contents = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  gsize length = 0;
  guint n_refused = 0;

  g_assert_true (g_file_get_contents (good_db, &contents, &length, NULL));

  for (gsize page = 2; page < length / 4096; page += MAX (1, length / 4096 / 8))
    {
      g_autofree char *name = g_strdup_printf ("damaged-page-%" G_GSIZE_FORMAT ".db", page);
      g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
      g_autofree char *damaged = g_memdup2 (contents, length);
      g_autofree char *before = NULL, *after = NULL;
      const char *commands[] = { "list", "search", "entities" };

      for (gsize i = 0; i < 4096; i++)
        damaged[(page - 1) * 4096 + i] = (char) g_rand_int_range (rand, 0, 256);
      g_assert_true (g_file_set_contents (path, damaged, length, NULL));
      before = file_checksum (path);

      for (guint c = 0; c < G_N_ELEMENTS (commands); c++)
        {
          g_auto(Run) run = { 0 };

          run_cli (&run, path, commands[c], c == 1 ? "trafficking OR women OR protocol" : NULL, NULL);
          if (run.status == -1)
            g_error ("page %" G_GSIZE_FORMAT ": %s killed by signal %d: %s",
                     page, commands[c], run.signal, run.err);
          if (run.status != 0)
            {
              assert_refused (&run, path, "damaged");
              n_refused++;
            }
        }
      after = file_checksum (path);
      g_assert_cmpstr (before, ==, after);
    }
  g_test_message ("%u commands refused a damaged page", n_refused);
  g_assert_cmpuint (n_refused, >, 0);
}

/* A crash or another program may leave a write-ahead log or shared-memory file
 * beside the database. Garbage there must be ignored, not trusted. */
static void
test_garbage_wal_and_shm (void)
{
  g_autofree char *path = copy_file (good_db, "garbage-wal.db");
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *noise = g_malloc (64 * 1024);
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autofree char *before = NULL;
  g_auto(Run) run = { 0 };

  for (guint i = 0; i < 64 * 1024; i++)
    noise[i] = (char) g_rand_int_range (rand, 0, 256);
  /* A WAL header's magic number, then noise: frames whose checksums fail. */
  noise[0] = 0x37; noise[1] = 0x7f; noise[2] = 0x06; noise[3] = 0x82;
  g_assert_true (g_file_set_contents (wal, noise, 64 * 1024, NULL));
  g_assert_true (g_file_set_contents (shm, noise + 1000, 32 * 1024, NULL));
  before = query_text (good_db, "SELECT group_concat(source_name, '|') FROM document");

  run_cli (&run, path, "--json", "list", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "E-CN.4-2003-74"));
  run_clear (&run);
  assert_intact (path);
  {
    g_autofree char *after = query_text (path, "SELECT group_concat(source_name, '|') FROM document");
    g_assert_cmpstr (before, ==, after);
  }
}

/* Foreign files */

static void
test_foreign_through_cli (void)
{
  g_autofree char *other = g_build_filename (tmp_dir, "other-app.sqlite", NULL);
  g_autofree char *app_id = g_build_filename (tmp_dir, "geopackage.gpkg", NULL);
  g_autofree char *text = g_build_filename (tmp_dir, "notes.txt", NULL);
  sqlite3 *db = NULL;

  /* Another program's database with tables of its own. */
  g_assert_cmpint (sqlite3_open (other, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE document (id, title); INSERT INTO document VALUES (1, 'x');",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  assert_every_command_refuses (other, "another program");

  /* An empty database that another program has claimed (a GeoPackage id). */
  g_assert_cmpint (sqlite3_open (app_id, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA application_id = 1196444487;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  assert_every_command_refuses (app_id, "another program");

  /* A text file given as the corpus by mistake. */
  g_assert_true (g_file_set_contents (text, "Shopping list\nmilk\nbread\n"
                                      "and enough text to be longer than an SQLite header, "
                                      "which is one hundred bytes long.\n", -1, NULL));
  assert_every_command_refuses (text, "not a Dossier corpus");
}

static void
test_newer_through_cli (void)
{
  g_autofree char *path = copy_file (good_db, "newer.db");
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d", DOSSIER_STORE_SCHEMA_VERSION + 5);
  g_autofree char *ignored = query_text (path, sql);

  assert_every_command_refuses (path, "newer version of Dossier");
  /* Nothing was even begun on it. */
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

/* A file that says it is a Dossier corpus but whose schema version no Dossier
 * ever wrote: a damaged header, not something to migrate. */
static void
test_impossible_version (void)
{
  const int versions[] = { 0, -1, G_MININT };

  for (guint i = 0; i < G_N_ELEMENTS (versions); i++)
    {
      g_autofree char *name = g_strdup_printf ("version%d.db", versions[i]);
      g_autofree char *path = copy_file (good_db, name);
      g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d", versions[i]);
      g_autofree char *ignored = query_text (path, sql);
      g_autofree char *backup = g_strdup_printf ("%s.bak-v%d", path, versions[i]);
      g_auto(Run) run = { 0 };

      /* dossier_store_open once "migrated" these from version 0, reading
       * dossier_schema_migrations[-1]; they must be refused, unchanged. */
      run_cli (&run, path, "list", NULL);
      g_test_message ("user_version %d: status %d, %s", versions[i], run.status, run.err);
      assert_every_command_refuses (path, "damaged|not a Dossier corpus");
      g_assert_false (g_file_test (backup, G_FILE_TEST_EXISTS));
    }
}

/* Permissions: root ignores them, so these run the CLI as nobody. */

static void
make_world_readable (const char *path)
{
  g_assert_cmpint (g_chmod (tmp_dir, 0755), ==, 0);
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
}

/* Whether the CLI can run as nobody here: it needs root to switch, and a build
 * tree that nobody may enter (not one under /root, say). */
static gboolean
can_drop_privileges (void)
{
  pid_t pid;
  int status = 0;

  if (geteuid () != 0)
    {
      g_test_skip ("needs root to run the CLI as another user (uid 65534); as a normal "
                   "user the read-only cases are those of test-store");
      return FALSE;
    }

  g_assert_cmpint (g_chmod (tmp_dir, 0755), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      static const ChildSetup nobody = { TRUE, 0 };

      child_setup ((gpointer) &nobody);
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

static void
test_read_only_file (void)
{
  static const ChildSetup nobody = { TRUE, 0 };
  g_autofree char *path = NULL;
  g_autofree char *before = NULL, *after = NULL;
  g_autofree char *doc = one_document ("ro.md", "# Read-only\n\n1. A paragraph.\n");
  g_auto(Run) run = { 0 };

  if (!can_drop_privileges ())
    return;
  path = copy_file (good_db, "read-only.db");
  make_world_readable (path);
  g_assert_cmpint (g_chmod (path, 0444), ==, 0);
  before = file_checksum (path);

  run_cli_full (&run, &nobody, path, "import", doc, NULL);
  g_test_message ("import: %s", run.err);
  assert_refused (&run, path, "read-only");
  run_clear (&run);
  run_cli_full (&run, &nobody, path, "list", NULL);
  g_assert_cmpint (run.status, !=, -1);
  g_assert_true (run.status == 0 || strstr (run.err, "read-only") != NULL);

  after = file_checksum (path);
  g_assert_cmpstr (before, ==, after);
  g_chmod (path, 0600);
}

/* The file may be written but its folder may not: SQLite cannot create the
 * write-ahead log beside it. */
static void
test_read_only_folder (void)
{
  static const ChildSetup nobody = { TRUE, 0 };
  g_autofree char *folder = g_build_filename (tmp_dir, "ro-folder", NULL);
  g_autofree char *path = g_build_filename (folder, "corpus.db", NULL);
  g_autofree char *doc = one_document ("ro2.md", "# Read-only folder\n\n1. A paragraph.\n");
  g_autofree char *fresh = g_build_filename (folder, "new.db", NULL);
  g_autofree char *before = NULL, *after = NULL;
  g_autofree char *contents = NULL;
  g_auto(Run) run = { 0 };
  gsize length = 0;

  if (!can_drop_privileges ())
    return;
  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  g_assert_true (g_file_get_contents (good_db, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (path, contents, length, NULL));
  make_world_readable (path);
  g_assert_cmpint (chown (path, NOBODY, NOBODY), ==, 0);
  before = file_checksum (path);

  run_cli_full (&run, &nobody, path, "import", doc, NULL);
  g_test_message ("import: %s", run.err);
  g_assert_cmpint (run.status, !=, -1);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, path));
  run_clear (&run);

  /* A new corpus cannot be created there either, and says so. */
  run_cli_full (&run, &nobody, fresh, "import", doc, NULL);
  g_test_message ("create: %s", run.err);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, fresh));
  g_assert_false (g_file_test (fresh, G_FILE_TEST_EXISTS));

  after = file_checksum (path);
  g_assert_cmpstr (before, ==, after);
}

/* A full disk, made with RLIMIT_FSIZE: writes past the limit fail with EFBIG,
 * which SQLite reports as an I/O error on write, the same as ENOSPC's "full". */
static void
test_full_disk (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "full.db", NULL);
  g_autofree char *folder = g_build_filename (tmp_dir, "full-in", NULL);
  g_autofree char *small = g_build_filename (folder, "a-small.md", NULL);
  g_autofree char *large = g_build_filename (folder, "b-large.md", NULL);
  g_autoptr(GString) text = g_string_new ("# A long report\n\n");
  g_autofree char *before = NULL;
  ChildSetup limited = { FALSE, 0 };
  g_auto(Run) run = { 0 };
  GStatBuf st;

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (small, "# Small\n\n1. Trafficking in persons is a crime.\n", -1, NULL));
  for (guint i = 1; i <= 4000; i++)
    g_string_append_printf (text, "%u. Paragraph %u on the protection of victims of trafficking, "
                            "their assistance and the prosecution of offenders.\n\n", i, i);
  g_assert_true (g_file_set_contents (large, text->str, text->len, NULL));

  /* A corpus with one document, closed cleanly: its WAL checkpointed away. */
  run_cli (&run, path, "--quiet", "import", small, NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  before = query_text (path, "SELECT group_concat(source_name || ':' || content_hash, '|') FROM document");

  /* Room for the shared-memory index and a little log, not for 4000 paragraphs. */
  limited.max_file_size = MAX ((rlim_t) st.st_size, 64 * 1024) + 128 * 1024;
  run_cli_full (&run, &limited, path, "import", folder, NULL);
  g_test_message ("limit %" G_GUINT64_FORMAT ": status %d: %s",
                  (guint64) limited.max_file_size, run.status, run.err);
  g_assert_cmpint (run.status, !=, -1);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "the disk is full"));
  g_assert_nonnull (strstr (run.err, path));
  run_clear (&run);

  /* Nothing was lost or half written, and with room again the import ends. */
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  assert_intact (path);
  {
    g_autofree char *after = query_text (path, "SELECT group_concat(source_name || ':' || content_hash, '|') FROM document");
    g_assert_cmpstr (before, ==, after);
  }
  run_cli (&run, path, "--json", "import", folder, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "\"added\" : 1"));
  assert_intact (path);
}

/* Concurrency: a reader holds the corpus open, and reads, while the CLI imports;
 * WAL lets both go on. A writer that holds the lock briefly only delays it. */

static guint
count_documents (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  guint n = 0;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM document d WHERE EXISTS"
                                           " (SELECT 1 FROM block b WHERE b.document_id = d.id)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = (guint) sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static void
test_concurrent_reader (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "shared.db", NULL);
  g_autofree char *corpus = corpus_dir ();
  g_autofree char *testdata = g_test_build_filename (G_TEST_DIST, "data", "testdata", NULL);
  const char *argv[] = { g_getenv ("DOSSIER_CLI"), "--db", path, "import", testdata, NULL };
  g_autoptr(GError) error = NULL;
  g_auto(Run) run = { 0 };
  sqlite3 *reader = NULL;
  sqlite3_stmt *held = NULL;
  guint n_reads = 0;
  int status = 0;
  GPid pid;

  run_cli (&run, path, "--quiet", "import", corpus, NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);

  /* The reader keeps a read transaction open the whole time... */
  g_assert_cmpint (sqlite3_open_v2 (path, &reader, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (reader, "SELECT id FROM document", -1, &held, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (held), ==, SQLITE_ROW);
  g_assert_cmpuint (count_documents (reader), ==, 5);

  g_spawn_async (NULL, (char **) argv, NULL,
                 G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                 NULL, NULL, &pid, &error);
  g_assert_no_error (error);

  /* ...and reads on while the CLI writes: it keeps its snapshot, never seeing
   * half a document, and never waits. */
  while (waitpid (pid, &status, WNOHANG) == 0)
    {
      g_assert_cmpuint (count_documents (reader), ==, 5);
      if (++n_reads > 120 * 500)
        g_error ("the import did not finish within two minutes beside a reader");
      g_usleep (2000);
    }
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);

  /* Ending the read transaction shows the new documents. */
  sqlite3_finalize (held);
  g_assert_cmpuint (count_documents (reader), ==, 10);
  g_test_message ("%u reads during the import", n_reads);
  g_assert_cmpint (sqlite3_close (reader), ==, SQLITE_OK);
  assert_intact (path);
}

static void
test_busy_writer (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "busy.db", NULL);
  g_autofree char *doc = one_document ("busy.md", "# Busy\n\n1. Written while another program writes.\n");
  g_autofree char *doc2 = one_document ("busy2.md", "# Busy again\n\n1. Written after another program gave up.\n");
  g_auto(Run) run = { 0 };
  sqlite3 *writer = NULL;

  run_cli (&run, path, "--quiet", "import", doc, NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);

  /* Another program holds the write lock for longer than Dossier waits. */
  g_assert_cmpint (sqlite3_open (path, &writer), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (writer, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  run_cli (&run, path, "import", doc2, NULL);
  g_test_message ("busy: %s", run.err);
  assert_refused (&run, path, "busy");
  run_clear (&run);

  /* Reading is not blocked by a writer. */
  run_cli (&run, path, "list", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);

  g_assert_cmpint (sqlite3_exec (writer, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (writer), ==, SQLITE_OK);
  run_cli (&run, path, "--json", "import", doc2, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "\"added\" : 1"));
  assert_intact (path);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

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

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("dossier-damaged-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);
  make_good_db ();

  g_test_add_func ("/dossier/damaged/truncated", test_truncated);
  g_test_add_func ("/dossier/damaged/damaged-page", test_damaged_page);
  g_test_add_func ("/dossier/damaged/garbage-wal-and-shm", test_garbage_wal_and_shm);
  g_test_add_func ("/dossier/damaged/foreign-through-cli", test_foreign_through_cli);
  g_test_add_func ("/dossier/damaged/newer-through-cli", test_newer_through_cli);
  g_test_add_func ("/dossier/damaged/impossible-version", test_impossible_version);
  g_test_add_func ("/dossier/damaged/read-only-file", test_read_only_file);
  g_test_add_func ("/dossier/damaged/read-only-folder", test_read_only_folder);
  g_test_add_func ("/dossier/damaged/full-disk", test_full_disk);
  g_test_add_func ("/dossier/damaged/concurrent-reader", test_concurrent_reader);
  g_test_add_func ("/dossier/damaged/busy-writer", test_busy_writer);

  status = g_test_run ();
  g_chmod (tmp_dir, 0700);
  remove_tree (tmp_dir);
  g_free (tmp_dir);
  g_free (good_db);
  return status;
}
