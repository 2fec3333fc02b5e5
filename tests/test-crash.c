/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Crash consistency: dossier-cli imports a large folder and is killed with
 * SIGKILL at many points, some between files and some in the middle of one. After
 * every kill the database must pass SQLite's own checks, hold every document
 * whole or not at all, and a new run must finish the import.
 *
 * The kill points are counted in "Imported" lines, not in time, so that a slow
 * build (sanitizers, valgrind) kills at the same places as a fast one: the CLI
 * runs on a pseudo-terminal, where its output is line-buffered, and is killed
 * after the Nth burst of lines, at a fraction of the time between the last two
 * bursts (0: just after a commit; more: while the next group of files is
 * parsed, its entities are found or its transaction is written). The CLI
 * commits files in groups and prints a group's lines together, once the commit
 * that holds them is done: a burst is one commit.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dossier-importer.h"

#define N_DOCUMENTS    400
#define N_KILLS        56
#define N_EARLY_KILLS  6
/* The many-kills test has the CLI commit this many files at a time
 * (DOSSIER_IMPORT_GROUP_FILES), so that N_KILLS runs fit in the set... */
#define SMALL_GROUP    2
/* ... and kills each run after this many commits: with the group that may
 * commit before the signal lands, N_KILLS runs stay short of the whole set. */
#define KILL_EVERY     2
G_STATIC_ASSERT (N_KILLS * (KILL_EVERY + 1) * SMALL_GROUP < N_DOCUMENTS);
/* The run with the CLI's own groups (up to half a second of files each). */
#define N_GROUPED_KILLS 8
/* Lines closer than this to the one before belong to the same commit. */
#define BURST_GAP_US   (5 * G_TIME_SPAN_MILLISECOND)
/* Longest a run may stay silent before the test gives up on it. */
#define SILENCE_LIMIT_MS (120 * 1000)

typedef struct
{
  char       *dir;
  char       *folder;
  char       *db;
  GHashTable *expected_blocks;   /* source name → GUINT_TO_POINTER (blocks) */
} Fixture;

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

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char *const *) a, *(char *const *) b);
}

/* The bundled corpus and the test documents, each cut to its first few
 * paragraphs and made distinct by a numbered closing paragraph: distinct names
 * and distinct content hashes, so every file is a new document. */
static void
make_import_set (Fixture *f)
{
  const char *roots[] = { g_getenv ("DOSSIER_DATA_DIR"), g_getenv ("G_TEST_SRCDIR") };
  const char *subdirs[] = { "corpus", "data/testdata" };
  g_autoptr(GPtrArray) bases = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  for (guint r = 0; r < G_N_ELEMENTS (roots); r++)
    {
      g_autofree char *path = g_build_filename (roots[r], subdirs[r], NULL);
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      g_autoptr(GPtrArray) sorted = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      g_assert_nonnull (dir);
      while ((name = g_dir_read_name (dir)) != NULL)
        if (name[0] != '.' && !g_str_equal (name, "README.md"))
          g_ptr_array_add (sorted, g_strdup (name));
      g_ptr_array_sort (sorted, compare_names);

      for (guint i = 0; i < sorted->len; i++)
        {
          g_autofree char *file = g_build_filename (path, g_ptr_array_index (sorted, i), NULL);
          g_autofree char *contents = NULL;

          g_assert_true (g_file_get_contents (file, &contents, NULL, NULL));
          g_ptr_array_add (bases, g_steal_pointer (&contents));
          g_ptr_array_add (names, g_strdup (g_ptr_array_index (sorted, i)));
        }
    }
  g_assert_cmpuint (bases->len, >=, 5);

  f->folder = g_build_filename (f->dir, "in", NULL);
  g_assert_cmpint (g_mkdir (f->folder, 0700), ==, 0);
  f->expected_blocks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < N_DOCUMENTS; i++)
    {
      const char *base = g_ptr_array_index (bases, i % bases->len);
      const char *base_name = g_ptr_array_index (names, i % names->len);
      const char *cut = NULL;
      int base_length = -1;
      g_autofree char *name = g_strdup_printf ("%03u-%s", i, base_name);
      g_autofree char *path = g_build_filename (f->folder, name, NULL);
      g_autofree char *text = NULL;
      g_autoptr(GFile) file = NULL;
      g_autoptr(DossierParsedDocument) doc = NULL;
      g_autoptr(GError) error = NULL;

      /* About 6 KB of most: enough for entities, small enough to keep the 60 runs
       * of this test short; the whole of one in ten, for longer transactions. */
      if (strlen (base) > 6000 && i % 10 != 9 && (cut = strstr (base + 6000, "\n\n")) != NULL)
        base_length = (int) (cut - base);
      text = g_strdup_printf ("%.*s\n\nThis copy, number %u of the crash-consistency set, "
                              "was made from %s.\n", base_length, base, i, base_name);
      g_assert_true (g_file_set_contents (path, text, -1, NULL));

      /* What a clean import of this file holds: the importer's own count. */
      file = g_file_new_for_path (path);
      doc = dossier_import_parse_file (file, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (doc->blocks->len, >, 0);
      g_hash_table_insert (f->expected_blocks, g_strdup (name), GUINT_TO_POINTER (doc->blocks->len));
    }
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("dossier-crash-XXXXXX", &error);
  g_assert_no_error (error);
  f->db = g_build_filename (f->dir, "corpus.db", NULL);
  make_import_set (f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  remove_tree (f->dir);
  g_clear_pointer (&f->expected_blocks, g_hash_table_unref);
  g_free (f->folder);
  g_free (f->db);
  g_free (f->dir);
}

typedef struct
{
  gboolean killed;        /* TRUE if the test killed it */
  int      status;        /* waitpid status */
  guint    n_imported;    /* "Imported" lines seen */
  guint    n_bursts;      /* groups of them, one per commit */
  guint    n_lines;
  char    *last_line;
} RunResult;

static void
run_result_clear (RunResult *result)
{
  g_clear_pointer (&result->last_line, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RunResult, run_result_clear)

/* Runs `dossier-cli --db DB import FOLDER` on a pseudo-terminal. With
 * @kill_after_bursts > 0, kills it after that many bursts of "Imported" lines
 * (commits), waiting @fraction of the time between the starts of the last two;
 * with @kill_after_bursts == 0 and @delay_ms > 0, @delay_ms after it started;
 * otherwise lets it finish. */
static void
run_import (Fixture   *f,
            guint      kill_after_bursts,
            double     fraction,
            guint      delay_ms,
            RunResult *result)
{
  g_autoptr(GString) pending = g_string_new (NULL);
  gint64 deadline = -1, last_line_time = -1, burst_start = -1, run_start = g_get_monotonic_time ();
  int master = -1;
  pid_t pid;

  memset (result, 0, sizeof *result);

  pid = forkpty (&master, NULL, NULL, NULL);
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      const char *cli = g_getenv ("DOSSIER_CLI");

      execl (cli, cli, "--db", f->db, "import", f->folder, (char *) NULL);
      _exit (127);
    }

  if (kill_after_bursts == 0 && delay_ms > 0)
    deadline = g_get_monotonic_time () + delay_ms * G_TIME_SPAN_MILLISECOND;

  for (;;)
    {
      struct pollfd pfd = { master, POLLIN, 0 };
      int timeout = SILENCE_LIMIT_MS;
      char buffer[4096];
      ssize_t n;
      int rc;

      if (deadline >= 0)
        timeout = (int) MAX (0, (deadline - g_get_monotonic_time ()) / 1000);
      rc = poll (&pfd, 1, timeout);
      if (rc < 0 && errno == EINTR)
        continue;
      g_assert_cmpint (rc, >=, 0);
      if (rc == 0)
        {
          /* The kill point, or a run that went silent: end it either way. */
          g_assert_true (deadline >= 0);
          kill (pid, SIGKILL);
          result->killed = TRUE;
          break;
        }

      n = read (master, buffer, sizeof buffer);
      if (n <= 0)
        break;   /* EIO once the child has closed the terminal: it finished */
      g_string_append_len (pending, buffer, n);

      for (;;)
        {
          char *newline = memchr (pending->str, '\n', pending->len);
          g_autofree char *line = NULL;

          if (newline == NULL)
            break;
          line = g_strndup (pending->str, newline - pending->str);
          g_string_erase (pending, 0, newline - pending->str + 1);
          result->n_lines++;
          g_free (result->last_line);
          result->last_line = g_strdup (line);
          if (g_str_has_prefix (line, "Imported "))
            {
              gint64 now = g_get_monotonic_time ();

              result->n_imported++;
              if (last_line_time < 0 || now - last_line_time > BURST_GAP_US)
                {
                  /* The first line of a commit. */
                  gint64 previous = burst_start >= 0 ? burst_start : run_start;

                  burst_start = now;
                  result->n_bursts++;
                  if (kill_after_bursts > 0 && result->n_bursts == kill_after_bursts && deadline < 0)
                    deadline = now + (gint64) (fraction * (now - previous));
                }
              last_line_time = now;
            }
        }
      if (deadline >= 0 && g_get_monotonic_time () >= deadline)
        {
          kill (pid, SIGKILL);
          result->killed = TRUE;
          break;
        }
    }

  g_assert_cmpint (waitpid (pid, &result->status, 0), ==, pid);

  /* What the child wrote before it died may still wait in the terminal: with
   * parsing running ahead on other threads, several files can be committed and
   * reported between the last line read and the kill. Count them too. */
  for (;;)
    {
      struct pollfd pfd = { master, POLLIN, 0 };
      char buffer[4096];
      ssize_t n;

      if (poll (&pfd, 1, 100) <= 0)
        break;
      n = read (master, buffer, sizeof buffer);
      if (n <= 0)
        break;
      g_string_append_len (pending, buffer, n);
    }
  for (;;)
    {
      char *newline = memchr (pending->str, '\n', pending->len);
      g_autofree char *line = NULL;

      if (newline == NULL)
        break;
      line = g_strndup (pending->str, newline - pending->str);
      g_string_erase (pending, 0, newline - pending->str + 1);
      result->n_lines++;
      g_free (result->last_line);
      result->last_line = g_strdup (line);
      if (g_str_has_prefix (line, "Imported "))
        result->n_imported++;
    }
  close (master);
  if (result->killed && WIFEXITED (result->status))
    result->killed = FALSE;   /* it finished before the signal landed */
}

static char *
query_text (sqlite3    *db,
            const char *sql)
{
  g_autoptr(GString) out = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (out->len > 0)
        g_string_append_c (out, '\n');
      g_string_append (out, sqlite3_column_text (stmt, 0) ? (const char *) sqlite3_column_text (stmt, 0) : "NULL");
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static int
query_int (sqlite3    *db,
           const char *sql)
{
  g_autofree char *text = query_text (db, sql);

  return atoi (text);
}

/* Everything a kill must leave true. Returns the number of documents. */
static guint
check_database (Fixture    *f,
                const char *where)
{
  g_autofree char *integrity = NULL;
  g_autofree char *foreign = NULL;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = NULL;
  guint n_documents = 0;
  int rc;

  if (!g_file_test (f->db, G_FILE_TEST_EXISTS))
    return 0;

  /* Read-write, as the next run opens it: a hot WAL is recovered here. */
  g_assert_cmpint (sqlite3_open_v2 (f->db, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);

  integrity = query_text (db, "PRAGMA integrity_check");
  if (!g_str_equal (integrity, "ok"))
    g_error ("%s: integrity_check: %s", where, integrity);

  /* An empty file, or one killed while its schema was created, holds no tables
   * yet; the next run creates them. */
  if (query_int (db, "SELECT count(*) FROM sqlite_schema WHERE name = 'document'") == 0)
    {
      g_assert_cmpint (query_int (db, "SELECT count(*) FROM sqlite_schema"), ==, 0);
      sqlite3_close (db);
      return 0;
    }

  foreign = query_text (db, "PRAGMA foreign_key_check");
  if (*foreign != '\0')
    g_error ("%s: foreign_key_check: %s", where, foreign);

  /* The external-content FTS index agrees with the blocks it indexes. */
  rc = sqlite3_exec (db, "INSERT INTO block_fts (block_fts) VALUES ('integrity-check')",
                     NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    g_error ("%s: FTS integrity-check: %s", where, sqlite3_errmsg (db));

  /* Every document is whole: as many blocks as a clean import gives, numbered
   * 0..n-1 without a gap. */
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT d.source_name, count(b.id), coalesce(max(b.seq), -1)"
                                       " FROM document d LEFT JOIN block b ON b.document_id = d.id"
                                       " GROUP BY d.id", -1, &stmt, NULL), ==, SQLITE_OK);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);
      guint n_blocks = (guint) sqlite3_column_int (stmt, 1);
      int max_seq = sqlite3_column_int (stmt, 2);
      gpointer expected;

      g_assert_true (g_hash_table_lookup_extended (f->expected_blocks, name, NULL, &expected));
      if (n_blocks != GPOINTER_TO_UINT (expected) || max_seq != (int) n_blocks - 1)
        g_error ("%s: “%s” has %u blocks (last seq %d), a clean import gives %u",
                 where, name, n_blocks, max_seq, GPOINTER_TO_UINT (expected));
      n_documents++;
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);

  /* No orphans, in either direction. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM document d WHERE NOT EXISTS"
                                  " (SELECT 1 FROM block b WHERE b.document_id = d.id)"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM block b WHERE NOT EXISTS"
                                  " (SELECT 1 FROM document d WHERE d.id = b.document_id)"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM mention m WHERE NOT EXISTS"
                                  " (SELECT 1 FROM block b WHERE b.id = m.block_id)"), ==, 0);
  /* A relation's weight is the number of its evidence blocks. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM relation r WHERE r.origin = 'extracted'"
                                  " AND r.weight <> (SELECT count(*) FROM relation_evidence e"
                                  " WHERE e.relation_id = r.id)"), ==, 0);

  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  return n_documents;
}

/* Kills during the first moments of a run on a fresh database: opening,
 * creating the schema, loading the gazetteer, the first file. */
static void
test_kill_early (Fixture       *f,
                 gconstpointer  data)
{
  static const guint delays_ms[N_EARLY_KILLS] = { 1, 5, 15, 40, 80, 150 };
  g_auto(RunResult) result = { 0 };
  guint n_killed = 0;

  for (guint i = 0; i < N_EARLY_KILLS; i++)
    {
      g_autofree char *where = g_strdup_printf ("early kill after %u ms", delays_ms[i]);
      g_autofree char *wal = g_strconcat (f->db, "-wal", NULL);
      g_autofree char *shm = g_strconcat (f->db, "-shm", NULL);

      g_unlink (f->db);
      g_unlink (wal);
      g_unlink (shm);
      run_result_clear (&result);
      run_import (f, 0, 0, delays_ms[i], &result);
      n_killed += result.killed;
      check_database (f, where);
    }
  g_test_message ("%u of %u early kills landed before the run ended", n_killed, N_EARLY_KILLS);
  g_assert_cmpuint (n_killed, >=, N_EARLY_KILLS / 2);

  /* Whatever the last kill left, a run from there finishes. */
  run_result_clear (&result);
  run_import (f, 0, 0, 0, &result);
  g_assert_true (WIFEXITED (result.status));
  g_assert_cmpint (WEXITSTATUS (result.status), ==, 0);
  g_assert_cmpuint (check_database (f, "after the early kills"), ==, N_DOCUMENTS);
}

/* Fractions of the time between two commits after the last one: 0 lands just
 * after a commit, the others inside the next group's parse, extraction or
 * transaction. */
static const double fractions[] = { 0, 0.05, 0.1, 0.2, 0.3, 0.45, 0.6, 0.75, 0.9 };

/* Kills one run after @bursts commits; checks the database and that every
 * "Imported" line was a committed document, and at most @max_unreported more
 * (a group committed just before the kill, its lines never printed) are in.
 * Returns the number of documents. */
static guint
kill_one_run (Fixture   *f,
              guint      i,
              guint      bursts,
              guint      before,
              guint      max_unreported,
              RunResult *result)
{
  double fraction = fractions[i % G_N_ELEMENTS (fractions)];
  g_autofree char *where = NULL;
  guint n_documents;

  run_result_clear (result);
  run_import (f, bursts, fraction, 0, result);
  where = g_strdup_printf ("kill %u (%.2f of a commit's time after commit %u; last line “%s”)",
                           i, fraction, bursts, result->last_line ? result->last_line : "");
  n_documents = check_database (f, where);

  if (n_documents < before + result->n_imported)
    g_error ("%s: %u documents, but %u were in and %u more reported imported",
             where, n_documents, before, result->n_imported);
  g_assert_cmpuint (n_documents, <=, before + result->n_imported + max_unreported);
  return n_documents;
}

/* The kills of one import, spread over all of it: each run imports a few more
 * files and is killed just after, or in the middle of, the next group. */
static void
test_kill_during_import (Fixture       *f,
                         gconstpointer  data)
{
  g_auto(RunResult) result = { 0 };
  guint n_documents = 0, n_killed = 0, n_inside = 0;
  g_autofree char *group = g_strdup_printf ("%u", SMALL_GROUP);

  g_setenv ("DOSSIER_IMPORT_GROUP_FILES", group, TRUE);
  for (guint i = 0; i < N_KILLS; i++)
    {
      guint before = n_documents;

      n_documents = kill_one_run (f, i, KILL_EVERY, before, SMALL_GROUP, &result);
      n_killed += result.killed;
      n_inside += n_documents == before + result.n_imported;
    }

  g_test_message ("%u runs, %u killed mid-run, %u before the next commit; "
                  "%u of %u documents in after the kills",
                  N_KILLS, n_killed, n_inside, n_documents, N_DOCUMENTS);
  g_assert_cmpuint (n_killed, >=, 50);
  g_assert_cmpuint (n_documents, <, N_DOCUMENTS);

  /* A new run completes the import. */
  run_result_clear (&result);
  run_import (f, 0, 0, 0, &result);
  g_assert_false (result.killed);
  g_assert_true (WIFEXITED (result.status));
  g_assert_cmpint (WEXITSTATUS (result.status), ==, 0);
  g_assert_cmpuint (result.n_imported, ==, N_DOCUMENTS - n_documents);
  g_assert_cmpuint (check_database (f, "after the final run"), ==, N_DOCUMENTS);

  /* And one more changes nothing. */
  run_result_clear (&result);
  run_import (f, 0, 0, 0, &result);
  g_assert_cmpint (WEXITSTATUS (result.status), ==, 0);
  g_assert_cmpuint (result.n_imported, ==, 0);
  g_assert_nonnull (strstr (result.last_line, "0 documents imported"));
  g_unsetenv ("DOSSIER_IMPORT_GROUP_FILES");
}

/* The same with the groups the CLI makes on its own (up to half a second of
 * files): fewer kills fit in the set, each in or just after a larger commit. */
static void
test_kill_during_grouped_import (Fixture       *f,
                                 gconstpointer  data)
{
  g_auto(RunResult) result = { 0 };
  guint n_documents = 0, n_killed = 0, n_groups = 0;

  g_unsetenv ("DOSSIER_IMPORT_GROUP_FILES");
  for (guint i = 0; i < N_GROUPED_KILLS && n_documents < N_DOCUMENTS; i++)
    {
      guint before = n_documents;

      n_documents = kill_one_run (f, i, 2, before, N_DOCUMENTS, &result);
      n_killed += result.killed;
      n_groups += result.n_bursts;
    }

  g_test_message ("%u runs killed mid-run after %u commits in all; %u of %u documents in",
                  n_killed, n_groups, n_documents, N_DOCUMENTS);
  g_assert_cmpuint (n_killed, >=, 1);

  run_result_clear (&result);
  run_import (f, 0, 0, 0, &result);
  g_assert_true (WIFEXITED (result.status));
  g_assert_cmpint (WEXITSTATUS (result.status), ==, 0);
  g_assert_cmpuint (result.n_imported, ==, N_DOCUMENTS - n_documents);
  g_assert_cmpuint (check_database (f, "after the final grouped run"), ==, N_DOCUMENTS);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/dossier/crash/kill-early", Fixture, NULL,
              fixture_setup, test_kill_early, fixture_teardown);
  g_test_add ("/dossier/crash/kill-during-import", Fixture, NULL,
              fixture_setup, test_kill_during_import, fixture_teardown);
  g_test_add ("/dossier/crash/kill-during-grouped-import", Fixture, NULL,
              fixture_setup, test_kill_during_grouped_import, fixture_teardown);

  return g_test_run ();
}
