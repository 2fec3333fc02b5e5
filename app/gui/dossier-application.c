/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dossier-application.h"
#include "dossier-batch.h"
#include "dossier-paths.h"
#include "dossier-window.h"

struct _DossierApplication
{
  AdwApplication  parent_instance;

  DossierStore   *store;
  char           *db_path;
  GError         *open_error;
};

G_DEFINE_FINAL_TYPE (DossierApplication, dossier_application, ADW_TYPE_APPLICATION)

static void
dossier_application_about_action (GSimpleAction *action,
                                  GVariant      *parameter,
                                  gpointer       user_data)
{
  DossierApplication *self = user_data;
  static const char *developers[] = { "The Dossier developers", NULL };
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  adw_show_about_window (window,
                         "application-name", "Dossier",
                         "application-icon", DOSSIER_APP_ID,
                         "developer-name", "The Dossier developers",
                         "version", PACKAGE_VERSION,
                         "developers", developers,
                         /* Translators: put your names here, one per line. */
                         "translator-credits", _("translator-credits"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "comments", _("Explore how organisations, resolutions and instruments in UN documents relate."),
                         NULL);
}

static void
dossier_application_quit_action (GSimpleAction *action,
                                 GVariant      *parameter,
                                 gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "about", dossier_application_about_action },
  { "quit", dossier_application_quit_action },
};

static void
dossier_application_activate (GApplication *app)
{
  DossierApplication *self = DOSSIER_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      if (self->store == NULL && self->open_error == NULL)
        dossier_application_open_store (self, self->db_path, &self->open_error);
      window = GTK_WINDOW (dossier_window_new (self));
    }

  gtk_window_present (window);
}

static int
dossier_application_handle_local_options (GApplication *app,
                                          GVariantDict *options)
{
  DossierApplication *self = DOSSIER_APPLICATION (app);
  const char *db = NULL;

  if (g_variant_dict_lookup (options, "db", "^&ay", &db))
    self->db_path = g_strdup (db);

  return -1;
}

static void
dossier_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (dossier_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
}

static void
dossier_application_finalize (GObject *object)
{
  DossierApplication *self = (DossierApplication *) object;

  g_clear_object (&self->store);
  g_clear_error (&self->open_error);
  g_free (self->db_path);

  G_OBJECT_CLASS (dossier_application_parent_class)->finalize (object);
}

static void
dossier_application_class_init (DossierApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = dossier_application_finalize;
  app_class->activate = dossier_application_activate;
  app_class->startup = dossier_application_startup;
  app_class->handle_local_options = dossier_application_handle_local_options;
}

static void
dossier_application_init (DossierApplication *self)
{
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Open the corpus database at PATH"), N_("PATH") },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}

DossierApplication *
dossier_application_new (void)
{
  return g_object_new (DOSSIER_TYPE_APPLICATION,
                       "application-id", DOSSIER_APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/org/dossier/Dossier",
                       NULL);
}

DossierStore *
dossier_application_get_store (DossierApplication *self)
{
  g_return_val_if_fail (DOSSIER_IS_APPLICATION (self), NULL);
  return self->store;
}

gboolean
dossier_application_open_store (DossierApplication *self,
                                const char         *path,
                                GError            **error)
{
  g_autofree char *default_path = NULL;
  g_autoptr(DossierStore) store = NULL;

  g_return_val_if_fail (DOSSIER_IS_APPLICATION (self), FALSE);

  if (path == NULL)
    path = default_path = dossier_paths_dup_default_db ();

  if (!(store = dossier_store_open (path, error)))
    return FALSE;

  /* First run: the new corpus starts with the bundled documents. */
  if (dossier_store_get_created (store) && dossier_store_count_documents (store) == 0)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(DossierExtractor) extractor = dossier_extractor_new (NULL, &local_error);
      g_autoptr(DossierBatchResult) result = NULL;

      if (extractor == NULL)
        g_warning ("%s", local_error->message);
      g_clear_error (&local_error);
      result = dossier_batch_import_bundled (store, extractor, &local_error);
      if (result == NULL)
        g_warning ("%s", local_error->message);
    }

  g_set_object (&self->store, store);
  return TRUE;
}
