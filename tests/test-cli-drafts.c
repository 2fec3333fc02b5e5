/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * "dossier-cli draft" end to end, as a script would drive it: a draft built from
 * three paragraphs of two documents of the bundled corpus, shown, exported in every
 * format, re-imported, and the sentences and exit codes of its mistakes.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

static char *tmp_dir;
static char *db;

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
run_cli (Run *run,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data_home = g_build_filename (tmp_dir, "data-home", NULL);
  const char *arg;
  va_list ap;

  run_clear (run);
  g_ptr_array_add (args, (gpointer) g_getenv ("DOSSIER_CLI"));
  g_ptr_array_add (args, (gpointer) "--db");
  g_ptr_array_add (args, db);
  va_start (ap, run);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "en", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) args->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
  if (run->status != 0)
    g_test_message ("exit %d: %s", run->status, run->err);
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

/* Reads a number printed alone on its line. */
static char *
printed_id (const char *out)
{
  g_autofree char *line = g_strstrip (g_strdup (out));
  guint64 value = 0;

  g_assert_true (g_ascii_string_to_unsigned (line, 10, 1, G_MAXINT64, &value, NULL));
  return g_strdup_printf ("%" G_GUINT64_FORMAT, value);
}

static char *
make_draft (void)
{
  g_auto(Run) run = { 0 };
  char *id;

  run_cli (&run, "draft", "new", "Chairs' summary", NULL);
  g_assert_cmpint (run.status, ==, 0);
  id = printed_id (run.out);

  run_cli (&run, "draft", "add", id, "--document", "E/CN.4/2003/74", "--paragraph", "16",
           "--note", "The core principles", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "E/CN.4/2003/74, para. 16"));
  /* "12." as printed in the document is the same paragraph as "12". */
  run_cli (&run, "draft", "add", id, "--document", "E/CN.4/2003/74", "--paragraph", "12.",
           "--section", "Key findings", NULL);
  g_assert_cmpint (run.status, ==, 0);
  /* A document without a symbol, named by its file. */
  run_cli (&run, "draft", "add", id, "--document", "ccpcj-2003-note-trafficking-in-human-beings.md",
           "--paragraph", "15", "--section", "key findings", NULL);
  g_assert_cmpint (run.status, ==, 0);
  return id;
}

static void
test_build_and_show (void)
{
  g_autofree char *id = make_draft ();
  g_autoptr(JsonNode) root = NULL;
  g_auto(Run) run = { 0 };
  JsonObject *draft;
  JsonArray *sections, *excerpts;
  gboolean listed = FALSE;

  run_cli (&run, "draft", "list", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Chairs' summary"));
  g_assert_nonnull (strstr (run.out, "3 excerpts"));

  run_cli (&run, "--json", "draft", "list", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (run.out);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (root)); i++)
    {
      JsonObject *item = json_array_get_object_element (json_node_get_array (root), i);

      if (g_strcmp0 (json_object_get_string_member (item, "title"), "Chairs' summary") == 0)
        listed = TRUE;
    }
  g_assert_true (listed);
  g_clear_pointer (&root, json_node_unref);

  /* The human view: sections, numbered citations, the note. */
  run_cli (&run, "draft", "show", id, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "[1] E/CN.4/2003/74, para. 16"));
  g_assert_nonnull (strstr (run.out, "[2] E/CN.4/2003/74, para. 12"));
  g_assert_nonnull (strstr (run.out, "[3] Trafficking in human beings, especially women and children, para. 15"));
  g_assert_nonnull (strstr (run.out, "The core principles"));
  g_assert_true (strstr (run.out, "Introduction") < strstr (run.out, "Key findings"));

  /* The same as JSON, by title this time. */
  run_cli (&run, "draft", "show", "chairs' SUMMARY", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (run.out);
  draft = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (draft, "title"), ==, "Chairs' summary");
  sections = json_object_get_array_member (draft, "sections");
  g_assert_cmpuint (json_array_get_length (sections), ==, 4);
  excerpts = json_object_get_array_member (json_array_get_object_element (sections, 1), "excerpts");
  g_assert_cmpuint (json_array_get_length (excerpts), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (excerpts, 1), "citation"), ==,
                   "Trafficking in human beings, especially women and children, para. 15");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (json_array_get_object_element (excerpts, 1), "quote"),
                                   "Witness protection can be difficult"));

  run_cli (&run, "draft", "citations", id, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==,
                   "E/CN.4/2003/74, para. 16\n"
                   "E/CN.4/2003/74, para. 12\n"
                   "Trafficking in human beings, especially women and children, para. 15\n");
}

static void
test_export_import (void)
{
  g_autofree char *id = make_draft ();
  g_autofree char *copy_id = NULL;
  g_auto(Run) run = { 0 };
  static const char *const formats[] = { "md", "html", "odt", "txt", "json" };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *name = g_strdup_printf ("summary-%s.%s", id, formats[i]);
      g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
      g_autofree char *guessed = g_strdup_printf ("%s.guessed.%s", path, formats[i]);
      g_autofree char *contents = NULL;
      g_autofree char *again = NULL;
      gsize length, length_again;

      run_cli (&run, "draft", "export", id, "--format", formats[i], "-o", path, NULL);
      g_assert_cmpint (run.status, ==, 0);
      g_file_get_contents (path, &contents, &length, NULL);
      g_assert_nonnull (contents);

      if (g_str_equal (formats[i], "md"))
        {
          g_assert_nonnull (strstr (contents, "[^1]: E/CN.4/2003/74, para. 16\n"
                                              "[^2]: E/CN.4/2003/74, para. 12\n"
                                              "[^3]: Trafficking in human beings, especially women and children, para. 15"));
        }
      else if (g_str_equal (formats[i], "html"))
        g_assert_true (g_str_has_prefix (contents, "<!DOCTYPE html>"));
      else if (g_str_equal (formats[i], "odt"))
        g_assert_true (length > 38 && memcmp (contents + 38, "application/vnd.oasis.opendocument.text", 39) == 0);
      else if (g_str_equal (formats[i], "txt"))
        g_assert_nonnull (strstr (contents, "[3] Trafficking in human beings, especially women and children, para. 15"));
      else
        {
          g_autoptr(JsonNode) root = parse_json (contents);

          g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "format"), ==, "dossier-draft");
        }

      /* Without --format, the file name says which. */
      run_cli (&run, "draft", "export", id, "-o", guessed, NULL);
      g_assert_cmpint (run.status, ==, 0);
      g_file_get_contents (guessed, &again, &length_again, NULL);
      g_assert_nonnull (again);
      g_assert_cmpuint (length_again, ==, length);
    }

  /* JSON back in: a new draft with the same excerpts, linked to the paragraphs. */
  {
    g_autofree char *name = g_strdup_printf ("summary-%s.json", id);
    g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
    g_autoptr(JsonNode) a = NULL;
    g_autoptr(JsonNode) b = NULL;
    JsonArray *sa, *sb;

    run_cli (&run, "draft", "import", path, NULL);
    g_assert_cmpint (run.status, ==, 0);
    copy_id = printed_id (run.out);
    g_assert_cmpstr (copy_id, !=, id);

    run_cli (&run, "--json", "draft", "show", id, NULL);
    a = parse_json (run.out);
    run_cli (&run, "--json", "draft", "show", copy_id, NULL);
    b = parse_json (run.out);
    sa = json_object_get_array_member (json_node_get_object (a), "sections");
    sb = json_object_get_array_member (json_node_get_object (b), "sections");
    g_assert_cmpuint (json_array_get_length (sa), ==, json_array_get_length (sb));
    for (guint i = 0; i < json_array_get_length (sa); i++)
      {
        JsonArray *ea = json_object_get_array_member (json_array_get_object_element (sa, i), "excerpts");
        JsonArray *eb = json_object_get_array_member (json_array_get_object_element (sb, i), "excerpts");

        g_assert_cmpuint (json_array_get_length (ea), ==, json_array_get_length (eb));
        for (guint j = 0; j < json_array_get_length (ea); j++)
          {
            JsonObject *x = json_array_get_object_element (ea, j);
            JsonObject *y = json_array_get_object_element (eb, j);

            g_assert_cmpstr (json_object_get_string_member (x, "citation"), ==,
                             json_object_get_string_member (y, "citation"));
            g_assert_cmpstr (json_object_get_string_member (x, "quote"), ==,
                             json_object_get_string_member (y, "quote"));
          }
      }
  }

  /* To standard output. */
  run_cli (&run, "draft", "export", id, "--format", "txt", "-o", "-", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "Chairs' summary\n"));

  /* Rename and delete. */
  run_cli (&run, "draft", "rename", copy_id, "Imported", "copy", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (&run, "draft", "show", "Imported copy", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (&run, "draft", "delete", copy_id, NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (&run, "draft", "show", copy_id, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, copy_id));
}

static void
test_mistakes (void)
{
  g_autofree char *id = make_draft ();
  g_autofree char *bad_json = g_build_filename (tmp_dir, "bad.json", NULL);
  g_autofree char *nowhere = g_build_filename (tmp_dir, "no-such-folder", "out.md", NULL);
  g_auto(Run) run = { 0 };

  /* Usage errors: exit 2 with a sentence. */
  run_cli (&run, "draft", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_cli (&run, "draft", "frobnicate", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "frobnicate"));
  run_cli (&run, "draft", "new", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_cli (&run, "draft", "add", id, "--document", "E/CN.4/2003/74", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--paragraph"));
  run_cli (&run, "draft", "export", id, "--format", "docx", "-o", "x.docx", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "docx"));
  run_cli (&run, "draft", "export", id, NULL);
  g_assert_cmpint (run.status, ==, 2);

  /* Refused input: exit 1, naming what is wrong, the draft unchanged. */
  run_cli (&run, "draft", "add", id, "--document", "E/CN.4/2003/74", "--paragraph", "999", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "999"));
  run_cli (&run, "draft", "add", id, "--document", "E/CN.4/1999/1", "--paragraph", "1", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "E/CN.4/1999/1"));
  run_cli (&run, "draft", "add", id, "--document", "E/CN.4/2003/74", "--paragraph", "1",
           "--section", "Annexes", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "Annexes"));
  run_cli (&run, "draft", "show", "No such draft", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "No such draft"));
  run_cli (&run, "draft", "export", id, "-o", nowhere, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "out.md"));

  g_assert_true (g_file_set_contents (bad_json, "{\"format\": \"dossier-draft\", \"version\": 1, \"title\": 7}", -1, NULL));
  run_cli (&run, "draft", "import", bad_json, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "title"));

  run_cli (&run, "draft", "show", id, "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  {
    g_autoptr(JsonNode) root = parse_json (run.out);
    JsonArray *sections = json_object_get_array_member (json_node_get_object (root), "sections");
    guint n = 0;

    for (guint i = 0; i < json_array_get_length (sections); i++)
      n += json_array_get_length (json_object_get_array_member (json_array_get_object_element (sections, i),
                                                               "excerpts"));
    g_assert_cmpuint (n, ==, 3);
  }
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
  g_autoptr(GError) error = NULL;
  g_autofree char *corpus = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("dossier-cli-drafts-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (tmp_dir, "corpus.db", NULL);
  corpus = g_build_filename (g_getenv ("DOSSIER_DATA_DIR"), "corpus", NULL);
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "import", corpus, NULL);
    g_assert_cmpint (run.status, ==, 0);
  }

  g_test_add_func ("/dossier/cli/draft/build-and-show", test_build_and_show);
  g_test_add_func ("/dossier/cli/draft/export-import", test_export_import);
  g_test_add_func ("/dossier/cli/draft/mistakes", test_mistakes);
  status = g_test_run ();

  remove_tree (tmp_dir);
  g_free (tmp_dir);
  g_free (db);
  return status;
}
