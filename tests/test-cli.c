/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * dossier-cli end to end: the installed-style binary run as a user would, its exit
 * codes, its stderr sentences and the shape of its JSON.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

static char *tmp_dir;

typedef struct
{
  int   status;
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
run_cli (Run        *run,
         const char *db,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list ap;

  g_ptr_array_add (args, (gpointer) g_getenv ("DOSSIER_CLI"));
  if (db != NULL)
    {
      g_ptr_array_add (args, (gpointer) "--db");
      g_ptr_array_add (args, (gpointer) db);
    }
  va_start (ap, db);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* The default corpus lives under XDG_DATA_HOME: keep it inside the test's folder. */
  {
    g_autofree char *data_home = g_build_filename (tmp_dir, "data-home", NULL);
    g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);
  }
  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) args->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static char *
corpus_dir (void)
{
  return g_build_filename (g_getenv ("DOSSIER_DATA_DIR"), "corpus", NULL);
}

static char *
fresh_db (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

static void
test_import_list_show (void)
{
  g_autofree char *db = fresh_db ("e2e.db");
  g_autofree char *corpus = corpus_dir ();
  g_autoptr(JsonNode) root = NULL;
  g_auto(Run) run = { 0 };
  JsonArray *array;
  JsonObject *doc;
  JsonArray *content;
  guint n_paragraphs = 0;

  run_cli (&run, db, "import", corpus, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "5 documents imported"));
  run_clear (&run);

  /* Again: nothing changes, still success. */
  run_cli (&run, db, "--json", "import", corpus, NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (run.out);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "unchanged"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "added"), ==, 0);
  g_clear_pointer (&root, json_node_unref);
  run_clear (&run);

  run_cli (&run, db, "list", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (run.out);
  array = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (array), ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      g_assert_true (json_object_has_member (object, "symbol"));
      g_assert_true (json_object_has_member (object, "title"));
      g_assert_true (json_object_has_member (object, "date"));
      g_assert_true (json_object_has_member (object, "kind"));
      g_assert_nonnull (json_object_get_string_member (object, "title"));
      g_assert_nonnull (json_object_get_string_member (object, "date"));
    }
  g_clear_pointer (&root, json_node_unref);
  run_clear (&run);

  run_cli (&run, db, "show", "E/CN.4/2003/74", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (run.out);
  doc = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (doc, "symbol"), ==, "E/CN.4/2003/74");
  g_assert_cmpstr (json_object_get_string_member (doc, "date"), ==, "2003-01-20");
  g_assert_cmpstr (json_object_get_string_member (doc, "kind"), ==, "report");
  content = json_object_get_array_member (doc, "content");
  for (guint i = 0; i < json_array_get_length (content); i++)
    {
      JsonObject *block = json_array_get_object_element (content, i);
      JsonArray *headings = json_object_get_array_member (block, "headings");
      g_autofree char *expected = NULL;
      g_autofree char *citation = NULL;

      if (g_strcmp0 (json_object_get_string_member (block, "kind"), "paragraph") != 0 ||
          json_object_get_null_member (block, "label"))
        continue;
      n_paragraphs++;
      expected = g_strdup_printf ("%u", n_paragraphs);
      g_assert_cmpstr (json_object_get_string_member (block, "label"), ==, expected);
      /* Paragraphs 3 onwards sit under a numbered section heading. */
      if (n_paragraphs >= 3)
        g_assert_cmpuint (json_array_get_length (headings), >=, 1);
      citation = g_strdup_printf ("E/CN.4/2003/74, para. %u", n_paragraphs);
      g_assert_cmpstr (json_object_get_string_member (block, "citation"), ==, citation);
    }
  g_assert_cmpuint (n_paragraphs, ==, 49);
  g_clear_pointer (&root, json_node_unref);
  run_clear (&run);

  run_cli (&run, db, "show", "A/99/1", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "A/99/1"));
}

static void
test_search (void)
{
  g_autofree char *db = fresh_db ("search.db");
  g_autofree char *corpus = corpus_dir ();
  g_autoptr(JsonNode) root = NULL;
  g_auto(Run) run = { 0 };
  JsonArray *hits;
  gboolean report = FALSE, note = FALSE;
  const char *hostile[] = { "\"", "NEAR(", "-", ":", "*", "a OR", "%s%n", "' OR 1=1 --" };

  run_cli (&run, db, "--quiet", "import", corpus, NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);

  run_cli (&run, db, "search", "--json", "witness protection", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (run.out);
  hits = json_object_get_array_member (json_node_get_object (root), "hits");
  g_assert_cmpuint (json_array_get_length (hits), >=, 2);
  for (guint i = 0; i < json_array_get_length (hits); i++)
    {
      JsonObject *hit = json_array_get_object_element (hits, i);
      const char *title = json_object_get_string_member (hit, "title");

      if (!json_object_get_null_member (hit, "symbol") &&
          g_str_equal (json_object_get_string_member (hit, "symbol"), "E/CN.4/2003/74"))
        report = TRUE;
      if (strstr (title, "human beings"))
        note = TRUE;
      g_assert_nonnull (strstr (json_object_get_string_member (hit, "snippet"), "["));
      g_assert_nonnull (json_object_get_string_member (hit, "citation"));
      if (i > 0)
        g_assert_cmpfloat (json_object_get_double_member (hit, "score"), <=,
                           json_object_get_double_member (json_array_get_object_element (hits, i - 1), "score"));
    }
  g_assert_true (report);
  g_assert_true (note);
  run_clear (&run);

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      run_cli (&run, db, "search", hostile[i], NULL);
      g_assert_cmpint (run.status, ==, 0);
      run_clear (&run);
    }

  run_cli (&run, db, "search", "--advanced", "NEAR(", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "advanced"));
  run_clear (&run);
}

static void
test_broken_files (void)
{
  g_autofree char *db = fresh_db ("broken.db");
  g_autofree char *folder = g_build_filename (tmp_dir, "mixed", NULL);
  g_autofree char *corpus = corpus_dir ();
  g_autofree char *good_src = g_build_filename (corpus, "E-CN.4-2003-74-traffic-in-women-and-girls.md", NULL);
  g_autofree char *contents = NULL;
  g_auto(Run) run = { 0 };
  struct { const char *name; const char *data; gssize len; } files[] = {
    { "empty.md", "", 0 },
    { "binary.txt", "\0\1\2\3\4\5\6\7garbage\0\0", 16 },
    { "fake.pdf", "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", -1 },
    { "bad-utf8.txt", "\xff\xfe\xfa\xfb\x80\x81\x82\x00\x90", 9 },
  };
  sqlite3 *handle = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_assert_true (g_file_get_contents (good_src, &contents, NULL, NULL));
  {
    g_autofree char *good = g_build_filename (folder, "good.md", NULL);
    g_assert_true (g_file_set_contents (good, contents, -1, NULL));
  }
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (folder, files[i].name, NULL);
      g_assert_true (g_file_set_contents (path, files[i].data, files[i].len, NULL));
    }

  run_cli (&run, db, "import", folder, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.out, "1 document imported"));
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    g_assert_nonnull (strstr (run.err, files[i].name));
  run_clear (&run);

  g_assert_cmpint (sqlite3_open_v2 (db, &handle, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (handle, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  sqlite3_close (handle);
}

static void
test_usage_errors (void)
{
  g_autofree char *db = fresh_db ("usage.db");
  g_auto(Run) run = { 0 };

  run_cli (&run, db, NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);

  run_cli (&run, db, "frobnicate", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "frobnicate"));
  run_clear (&run);

  run_cli (&run, db, "import", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);

  run_cli (&run, db, "search", "--limit", "0", "x", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);

  run_cli (&run, db, "show", "--no-such-option", "x", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);

  run_cli (&run, NULL, "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "search"));
}

static void
test_first_run_default_db (void)
{
  g_autofree char *default_db = g_build_filename (tmp_dir, "data-home", "dossier", "corpus.db", NULL);
  g_autoptr(JsonNode) root = NULL;
  g_auto(Run) run = { 0 };

  g_assert_false (g_file_test (default_db, G_FILE_TEST_EXISTS));
  run_cli (&run, NULL, "list", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (run.out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 5);
  g_assert_true (g_file_test (default_db, G_FILE_TEST_EXISTS));
}

static void
test_refuses_foreign_db (void)
{
  g_autofree char *db = fresh_db ("not-a-db.db");
  g_auto(Run) run = { 0 };
  g_autofree char *contents = NULL;

  g_assert_true (g_file_set_contents (db, "These are my notes, not a database.\n", -1, NULL));
  run_cli (&run, db, "list", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "not a Dossier corpus"));
  g_assert_true (g_file_get_contents (db, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "These are my notes, not a database.\n");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("dossier-cli-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/dossier/cli/import-list-show", test_import_list_show);
  g_test_add_func ("/dossier/cli/search", test_search);
  g_test_add_func ("/dossier/cli/broken-files", test_broken_files);
  g_test_add_func ("/dossier/cli/usage-errors", test_usage_errors);
  g_test_add_func ("/dossier/cli/first-run-default-db", test_first_run_default_db);
  g_test_add_func ("/dossier/cli/refuses-foreign-db", test_refuses_foreign_db);

  status = g_test_run ();

  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmp_dir);
    if (system (cmd) != 0)
      g_printerr ("could not remove %s\n", tmp_dir);
  }
  g_free (tmp_dir);
  return status;
}
