/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gstdio.h>

#include "dossier-application.h"
#include "dossier-window.h"

static char *tmp_dir;

static void
test_window_lists_documents (void)
{
  g_autoptr(DossierApplication) app = dossier_application_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *db = g_build_filename (tmp_dir, "window.db", NULL);
  DossierWindow *window;
  GListModel *documents;

  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (dossier_application_open_store (app, db, &error));
  g_assert_no_error (error);

  window = dossier_window_new (app);
  g_object_ref_sink (window);
  documents = dossier_window_get_documents (window);
  /* A new corpus starts with the five bundled documents. */
  g_assert_cmpuint (g_list_model_get_n_items (documents), ==, 5);

  gtk_window_present (GTK_WINDOW (window));
  for (guint i = 0; i < g_list_model_get_n_items (documents); i++)
    {
      g_autoptr(DossierDocumentInfo) info = g_list_model_get_item (documents, i);

      g_assert_true (dossier_window_open_document (window, dossier_document_info_get_id (info)));
    }
  g_assert_false (dossier_window_open_document (window, 9999));

  while (g_main_context_iteration (NULL, FALSE))
    ;

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  tmp_dir = g_dir_make_tmp ("dossier-window-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/dossier/window/lists-documents", test_window_lists_documents);

  status = g_test_run ();

  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmp_dir);
    if (system (cmd) != 0)
      g_printerr ("could not remove %s\n", tmp_dir);
  }
  g_free (tmp_dir);
  return status;
}
