/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Two programs at one corpus (issue 9, §6). This process is the running
 * Dossier: the application registered on a private session bus (GTestDBus),
 * with its window on a corpus. Against it run, as separate processes:
 *
 * - a second `dossier FILE`, which must hand FILE over to this instance over
 *   D-Bus and exit, the window importing FILE;
 * - `dossier-cli import FILE` while the window has the corpus open, whose
 *   documents and entities the window must show without a restart.
 *
 * The second `dossier` gets its own XDG_DATA_HOME: had it not handed over, it
 * would have made and filled a default corpus there, and the test says so. */

#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "dossier-application.h"
#include "dossier-library.h"
#include "dossier-window.h"

/* Generous for a loaded machine and the sanitizer build; the figures measured
 * are printed as TAP comments. */
#define WAIT_MS 90000

static const char *dossier_exe;
static const char *dossier_cli;
static char *tmp_dir;
static char *db_path;
static DossierApplication *app;
static DossierWindow *window;
static GTestDBus *bus;

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @done (@data) is TRUE or @msec passed; returns
 * whether @done came true. The application answers D-Bus calls meanwhile. */
static gboolean
wait_until (gboolean (*done) (gpointer data),
            gpointer   data,
            guint      msec)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (msec, timeout_cb, &timed_out);

  while (!done (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return done (data);
}

static void
write_file (const char *path,
            const char *text)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

/* The document of @source_name in the window's library, or NULL. */
static DossierDocumentInfo *
find_listed (const char *source_name)
{
  GListModel *documents = dossier_window_get_documents (window);

  for (guint i = 0; i < g_list_model_get_n_items (documents); i++)
    {
      g_autoptr(DossierDocumentInfo) info = g_list_model_get_item (documents, i);

      if (g_strcmp0 (dossier_document_info_get_source_name (info), source_name) == 0)
        return info;
    }
  return NULL;
}

static gboolean
listed (gpointer source_name)
{
  return find_listed (source_name) != NULL;
}

static gboolean
not_importing (gpointer data)
{
  return !dossier_window_get_importing (window);
}

typedef struct
{
  gboolean  exited;
  gboolean  ok;
  GError   *error;
} Child;

static void
child_exited_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Child *child = user_data;

  child->ok = g_subprocess_wait_check_finish (G_SUBPROCESS (object), result, &child->error);
  child->exited = TRUE;
}

static gboolean
child_exited (gpointer data)
{
  return ((Child *) data)->exited;
}

/* Runs @argv to its end while this process's main loop keeps going (the
 * second instance waits for this one's answer over D-Bus). */
static void
run_child (const char * const *argv,
           const char         *xdg_data_home)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  Child child = { 0 };
  gint64 start = g_get_monotonic_time ();

  /* Their messages are for the log, not for the TAP stream on stdout. */
  g_subprocess_launcher_take_stdout_fd (launcher, dup (STDERR_FILENO));
  if (xdg_data_home != NULL)
    g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", xdg_data_home, TRUE);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_wait_check_async (process, NULL, child_exited_cb, &child);
  if (!wait_until (child_exited, &child, WAIT_MS))
    {
      g_subprocess_force_exit (process);
      g_error ("%s did not exit within %d s", argv[0], WAIT_MS / 1000);
    }
  g_assert_no_error (child.error);
  g_assert_true (child.ok);
  g_test_message ("%s exited after %.1f s", argv[0], (g_get_monotonic_time () - start) / 1e6);
}

static void
test_second_instance_hands_over (void)
{
  g_autofree char *file = g_build_filename (tmp_dir, "handed-over.md", NULL);
  g_autofree char *other_home = g_build_filename (tmp_dir, "other-home", NULL);
  g_autofree char *other_db = g_build_filename (other_home, "dossier", "corpus.db", NULL);
  guint before = g_list_model_get_n_items (dossier_window_get_documents (window));
  const char *argv[] = { dossier_exe, file, NULL };
  DossierDocumentInfo *info;

  write_file (file,
              "# Note on handing over\n\n"
              "1. The Working Group on Second Instances met in Geneva.\n\n"
              "2. It asked the running programme to import this note.\n");
  g_assert_null (find_listed ("handed-over.md"));

  run_child (argv, other_home);

  g_assert_true (wait_until (listed, (gpointer) "handed-over.md", WAIT_MS));
  g_assert_true (wait_until (not_importing, NULL, WAIT_MS));
  g_assert_cmpuint (g_list_model_get_n_items (dossier_window_get_documents (window)), ==, before + 1);
  info = find_listed ("handed-over.md");
  g_assert_cmpstr (dossier_document_info_get_title (info), ==, "Note on handing over");

  /* The second instance opened no corpus of its own. */
  g_assert_false (g_file_test (other_db, G_FILE_TEST_EXISTS));
  /* And this one is still the instance on the bus, with one window. */
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, 1);
}

/* Files handed over while the window imports wait for that import, and are
 * imported after it, rather than refused. The handover is the "open" that a
 * second instance's D-Bus call ends in, made here directly so that it lands
 * while the window's import is certainly running. */
static void
test_handover_during_import_waits (void)
{
  g_autofree char *first = g_build_filename (tmp_dir, "imported-first.md", NULL);
  g_autofree char *second = g_build_filename (tmp_dir, "handed-over-meanwhile.md", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (second);
  const char *paths[] = { first, NULL };

  write_file (first, "# First note\n\n1. Imported by the window itself.\n");
  write_file (second, "# Second note\n\n1. Handed over while the first was importing.\n");

  dossier_window_import (window, paths);
  g_assert_true (dossier_window_get_importing (window));
  g_application_open (G_APPLICATION (app), &file, 1, "");
  g_assert_null (find_listed ("handed-over-meanwhile.md"));

  g_assert_true (wait_until (listed, (gpointer) "imported-first.md", WAIT_MS));
  g_assert_true (wait_until (listed, (gpointer) "handed-over-meanwhile.md", WAIT_MS));
  g_assert_true (wait_until (not_importing, NULL, WAIT_MS));
}

static gboolean
has_more_entities (gpointer data)
{
  return dossier_library_get_n_entities (dossier_window_get_library (window)) > GPOINTER_TO_UINT (data);
}

static void
test_cli_import_while_open (void)
{
  g_autofree char *file = g_build_filename (tmp_dir, "from-the-cli.md", NULL);
  DossierLibrary *library = dossier_window_get_library (window);
  guint n_entities = dossier_library_get_n_entities (library);
  guint n_documents = g_list_model_get_n_items (dossier_window_get_documents (window));
  const char *argv[] = { dossier_cli, "--db", db_path, "import", file, NULL };
  gint64 start;
  DossierDocumentView *column;

  g_assert_cmpuint (n_documents, >, 0);
  g_assert_cmpuint (n_entities, >, 0);

  /* A document stays open in a column while the other program writes. */
  g_assert_true (dossier_window_open_document (window, dossier_document_info_get_id (find_listed ("handed-over.md"))));
  column = dossier_window_get_active_column (window);
  g_assert_nonnull (column);

  write_file (file,
              "# Report of the Interagency Concurrency Task Force\n\n"
              "1. The Interagency Concurrency Task Force reported to the Commission on Human Rights.\n\n"
              "2. The Interagency Concurrency Task Force met twice.\n");
  g_assert_null (find_listed ("from-the-cli.md"));

  run_child (argv, NULL);
  start = g_get_monotonic_time ();

  /* No call into the window: it notices by itself. */
  g_assert_true (wait_until (listed, (gpointer) "from-the-cli.md", WAIT_MS));
  g_test_message ("the window listed the new document %.1f s after dossier-cli exited",
                  (g_get_monotonic_time () - start) / 1e6);
  g_assert_cmpuint (g_list_model_get_n_items (dossier_window_get_documents (window)), ==, n_documents + 1);
  g_assert_true (wait_until (has_more_entities, GUINT_TO_POINTER (n_entities), WAIT_MS));
  g_assert_cmpuint (dossier_window_get_n_columns (window), ==, 1);
  g_assert_true (dossier_window_get_active_column (window) == column);
  g_assert_cmpstr (dossier_window_get_state (window), ==, "main");
}

static void
count_cb (GListModel *model,
          guint       position,
          guint       removed,
          guint       added,
          guint      *count)
{
  (*count)++;
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

/* Nothing changes when nothing else writes: the poll reloads only on news. */
static void
test_quiet_corpus_is_not_reloaded (void)
{
  GListModel *documents = dossier_window_get_documents (window);
  guint changes = 0;
  gulong id = g_signal_connect (documents, "items-changed", G_CALLBACK (count_cb), &changes);

  /* Two and a half poll periods. */
  wait_until (never, NULL, 2500);
  g_signal_handler_disconnect (documents, id);
  g_assert_cmpuint (changes, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GDBusConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *display = NULL;
  int status;

  /* Before GTK and GApplication connect: their session bus is this one.
   * GTestDBus unsets DISPLAY (against D-Bus autolaunch); GTK needs it back. */
  display = g_strdup (g_getenv ("DISPLAY"));
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);
  /* The private bus has no accessibility bus to offer. */
  g_setenv ("GTK_A11Y", "none", TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  if (argc < 2 || (dossier_cli = g_getenv ("DOSSIER_CLI")) == NULL)
    {
      g_printerr ("usage: DOSSIER_CLI=PATH %s --tap PATH-OF-DOSSIER\n", argv[0]);
      return 2;
    }
  dossier_exe = argv[1];

  tmp_dir = g_dir_make_tmp ("dossier-concurrency-XXXXXX", &error);
  g_assert_no_error (error);
  db_path = g_build_filename (tmp_dir, "corpus.db", NULL);

  /* The running instance, as `dossier --db PATH` would be. */
  app = dossier_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_assert_false (g_application_get_is_remote (G_APPLICATION (app)));
  g_application_hold (G_APPLICATION (app));
  g_assert_true (dossier_application_open_store (app, db_path, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));
  window = DOSSIER_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);

  g_test_add_func ("/dossier/concurrency/second-instance-hands-over", test_second_instance_hands_over);
  g_test_add_func ("/dossier/concurrency/handover-during-import-waits", test_handover_during_import_waits);
  g_test_add_func ("/dossier/concurrency/cli-import-while-open", test_cli_import_while_open);
  g_test_add_func ("/dossier/concurrency/quiet-corpus-is-not-reloaded", test_quiet_corpus_is_not_reloaded);

  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  g_application_release (G_APPLICATION (app));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&app);
  /* Not g_test_dbus_down(), which waits for the last reference to the bus
   * connection, and GTK keeps one to the end: the daemon stops, and the
   * GTestDBus, which would call it when finalized, stays (static). */
  connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  if (connection != NULL)
    g_dbus_connection_set_exit_on_close (connection, FALSE);
  g_test_dbus_stop (bus);

  {
    g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
        g_autofree char *other = g_build_filename (path, "dossier", NULL);

        g_rmdir (other);
        g_rmdir (path);
        g_unlink (path);
      }
    g_rmdir (tmp_dir);
  }
  g_free (db_path);
  g_free (tmp_dir);
  return status;
}
