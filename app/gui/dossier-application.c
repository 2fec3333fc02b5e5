/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <string.h>
#include <unistd.h>

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
  char           *failed_path;   /* the corpus of open_error */
  GPtrArray      *pending_paths;  /* handed over while the window imported */
};

G_DEFINE_FINAL_TYPE (DossierApplication, dossier_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Every accelerator of the application, in one place; ui/help-overlay.ui lists
 * them for the user. Column-level ones (Ctrl+Shift+C) are key bindings of
 * DossierDocumentView, since they act on the focused column. */
static const struct {
  const char *action;
  const char *accels[3];
} accels[] = {
  { "app.quit",                   { "<Control>q", NULL } },
  { "window.search",              { "<Control>k", NULL } },
  { "window.find",                { "<Control>f", NULL } },
  { "window.find-next",           { "<Control>g", "F3", NULL } },
  { "window.find-previous",       { "<Control><Shift>g", "<Shift>F3", NULL } },
  { "window.go-back",             { "<Alt>Left", NULL } },
  { "window.go-forward",          { "<Alt>Right", NULL } },
  { "window.import",              { "<Control>o", NULL } },
  { "window.new-column",          { "<Control>t", NULL } },
  { "window.close-column",        { "<Control>w", NULL } },
  { "window.next-column",         { "<Control>Page_Down", NULL } },
  { "window.previous-column",     { "<Control>Page_Up", NULL } },
  { "window.move-column-forward", { "<Control><Shift>Page_Down", NULL } },
  { "window.move-column-back",    { "<Control><Shift>Page_Up", NULL } },
  { "window.show-library",        { "F9", NULL } },
  { "window.show-inspector",      { "<Control><Alt>i", NULL } },
  { "window.show-graph",          { "<Control><Alt>g", NULL } },
  { "win.show-help-overlay",      { "<Control>question", NULL } },
};

/* NULL when the schema is not installed (an uninstalled build run without
 * GSETTINGS_SCHEMA_DIR): the chosen corpus is then not remembered. */
static GSettings *
settings_new (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, DOSSIER_APP_ID, TRUE);
  return schema != NULL ? g_settings_new_full (schema, NULL, NULL) : NULL;
}

/* The corpus the user chose last in the window, opened at the next start. */
static void
remember_corpus (const char *path)
{
  g_autoptr(GSettings) settings = settings_new ();
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);

  if (settings != NULL)
    g_settings_set_string (settings, "corpus", absolute);
}

static char *
dup_remembered_corpus (void)
{
  g_autoptr(GSettings) settings = settings_new ();
  g_autofree char *path = settings != NULL ? g_settings_get_string (settings, "corpus") : NULL;

  /* One that went away since leaves the default corpus to be opened. */
  if (path == NULL || *path == '\0' || !g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;
  return g_steal_pointer (&path);
}

/* The main window, even when a dialog of it (About, the corpus error) is the
 * active one: the application's windows, most recently focused first. */
static DossierWindow *
get_window (DossierApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (DOSSIER_IS_WINDOW (l->data))
      return DOSSIER_WINDOW (l->data);
  return NULL;
}

static gboolean
open_store (DossierApplication *self,
            const char         *path,
            gboolean            fill_new,
            GError            **error)
{
  g_autofree char *default_path = NULL;
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(GError) local_error = NULL;

  if (path == NULL)
    path = default_path = dossier_paths_dup_default_db ();

  if (!(store = dossier_store_open (path, &local_error)))
    {
      /* With a corpus open, the window keeps it and says why in a toast; without
       * one, the window's error page shows this message. */
      if (self->store == NULL)
        {
          g_clear_error (&self->open_error);
          self->open_error = g_error_copy (local_error);
          g_free (self->failed_path);
          self->failed_path = g_canonicalize_filename (path, NULL);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  /* First run: the new corpus starts with the bundled documents. */
  if (fill_new && dossier_store_get_created (store) && dossier_store_count_documents (store) == 0)
    {
      g_autoptr(DossierExtractor) extractor = dossier_extractor_new (NULL, &local_error);
      g_autoptr(DossierBatchResult) result = NULL;

      if (extractor == NULL)
        g_warning ("%s", local_error->message);
      g_clear_error (&local_error);
      result = dossier_batch_import_bundled (store, extractor, &local_error);
      if (result == NULL)
        g_warning ("%s", local_error->message);
    }

  g_clear_error (&self->open_error);
  g_clear_pointer (&self->failed_path, g_free);
  if (g_set_object (&self->store, store))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
  return TRUE;
}

static void
report_open_error (DossierApplication *self,
                   const GError       *error)
{
  DossierWindow *window = get_window (self);

  /* Without a store the error page already shows the message. */
  if (window != NULL && self->store != NULL)
    dossier_window_add_toast (window, error->message);
}

static void
open_response_cb (GtkNativeDialog    *native,
                  int                 response,
                  DossierApplication *self)
{
  gboolean create = gtk_file_chooser_get_action (GTK_FILE_CHOOSER (native)) == GTK_FILE_CHOOSER_ACTION_SAVE;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;

      if (path == NULL)
        {
          g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("A corpus must be a file on this computer."));
          report_open_error (self, error);
        }
      else if (create && g_file_test (path, G_FILE_TEST_EXISTS))
        {
          /* The save dialog offers to replace the file; Dossier never does. */
          g_autofree char *name = g_path_get_basename (path);
          g_set_error (&error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                       _("“%s” already exists, and Dossier does not replace files. Choose another name."),
                       name);
          report_open_error (self, error);
        }
      else if (!open_store (self, path, FALSE, &error))
        report_open_error (self, error);
      else
        remember_corpus (path);
    }

  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

static void
choose_corpus (DossierApplication *self,
               gboolean            create)
{
  GtkFileChooserNative *native;
  g_autoptr(GtkFileFilter) corpora = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  native = gtk_file_chooser_native_new (create ? _("Start a New Corpus") : _("Open a Corpus"),
                                        GTK_WINDOW (get_window (self)),
                                        create ? GTK_FILE_CHOOSER_ACTION_SAVE
                                               : GTK_FILE_CHOOSER_ACTION_OPEN,
                                        create ? _("_Create") : _("_Open"),
                                        _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  if (create)
    /* Translators: the file name a new corpus gets unless the user types another */
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), _("corpus.db"));

  gtk_file_filter_set_name (corpora, _("Dossier Corpora"));
  gtk_file_filter_add_suffix (corpora, "db");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), corpora);
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), all);

  g_signal_connect_object (native, "response", G_CALLBACK (open_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
dossier_application_open_corpus_action (GSimpleAction *action,
                                        GVariant      *parameter,
                                        gpointer       user_data)
{
  choose_corpus (DOSSIER_APPLICATION (user_data), FALSE);
}

static void
dossier_application_new_corpus_action (GSimpleAction *action,
                                       GVariant      *parameter,
                                       gpointer       user_data)
{
  choose_corpus (DOSSIER_APPLICATION (user_data), TRUE);
}

static void
dossier_application_about_action (GSimpleAction *action,
                                  GVariant      *parameter,
                                  gpointer       user_data)
{
  DossierApplication *self = user_data;
  static const char *developers[] = { "The Dossier developers", NULL };
  GtkWindow *window = GTK_WINDOW (get_window (self));

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
  DossierApplication *self = user_data;

  /* Closing the windows lets them save their size and panes. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL;)
    {
      GList *next = l->next;

      gtk_window_close (l->data);
      l = next;
    }
  g_application_quit (G_APPLICATION (self));
}

static const GActionEntry app_actions[] = {
  { "open-corpus", dossier_application_open_corpus_action },
  { "new-corpus", dossier_application_new_corpus_action },
  { "about", dossier_application_about_action },
  { "quit", dossier_application_quit_action },
};

static void
dossier_application_activate (GApplication *app)
{
  DossierApplication *self = DOSSIER_APPLICATION (app);
  GtkWindow *window = GTK_WINDOW (get_window (self));

  if (window == NULL)
    {
      if (self->store == NULL && self->open_error == NULL)
        {
          g_autofree char *remembered = self->db_path == NULL ? dup_remembered_corpus () : NULL;

          open_store (self, self->db_path != NULL ? self->db_path : remembered, TRUE, NULL);
        }
      window = GTK_WINDOW (dossier_window_new (self));
    }

  gtk_window_present (window);
}

/* Imports what another "dossier FILE…" handed over while the window was busy
 * with an import, once that import ends; the window takes one at a time. */
static void
window_importing_cb (DossierWindow      *window,
                     GParamSpec         *pspec,
                     DossierApplication *self)
{
  g_autoptr(GPtrArray) paths = NULL;

  if (dossier_window_get_importing (window) || self->pending_paths->len == 0)
    return;

  g_signal_handlers_disconnect_by_func (window, window_importing_cb, self);
  paths = g_steal_pointer (&self->pending_paths);
  self->pending_paths = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (paths, NULL);
  dossier_window_import (window, (const char * const *) paths->pdata);
}

static void
dossier_application_open (GApplication  *app,
                          GFile        **files,
                          int            n_files,
                          const char    *hint)
{
  DossierApplication *self = DOSSIER_APPLICATION (app);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) paths = NULL;
  DossierWindow *window;

  /* "dossier FILE…" from the file manager imports the files. A second
   * "dossier FILE…" while Dossier runs hands its files over to this instance
   * (GApplication's single instance, over D-Bus) and exits: they arrive here. */
  dossier_application_activate (app);
  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);

      if (path != NULL)
        g_strv_builder_add (builder, path);
    }
  paths = g_strv_builder_end (builder);
  window = get_window (self);
  if (window == NULL || paths[0] == NULL)
    return;

  if (dossier_window_get_importing (window))
    {
      for (guint i = 0; paths[i] != NULL; i++)
        g_ptr_array_add (self->pending_paths, g_strdup (paths[i]));
      g_signal_handlers_disconnect_by_func (window, window_importing_cb, self);
      g_signal_connect_object (window, "notify::importing",
                               G_CALLBACK (window_importing_cb), self, 0);
    }
  else
    dossier_window_import (window, (const char * const *) paths);
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
  G_APPLICATION_CLASS (dossier_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action,
                                           accels[i].accels);
}

static void
dossier_application_finalize (GObject *object)
{
  DossierApplication *self = (DossierApplication *) object;

  g_clear_object (&self->store);
  g_clear_error (&self->open_error);
  g_free (self->failed_path);
  g_free (self->db_path);
  g_clear_pointer (&self->pending_paths, g_ptr_array_unref);

  G_OBJECT_CLASS (dossier_application_parent_class)->finalize (object);
}

static void
dossier_application_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  DossierApplication *self = DOSSIER_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_application_class_init (DossierApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = dossier_application_finalize;
  object_class->get_property = dossier_application_get_property;
  app_class->activate = dossier_application_activate;
  app_class->open = dossier_application_open;
  app_class->startup = dossier_application_startup;
  app_class->handle_local_options = dossier_application_handle_local_options;

  /* Notified when another corpus opens, and when opening one fails without a
   * corpus open (the error changed). */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, DOSSIER_TYPE_STORE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dossier_application_init (DossierApplication *self)
{
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Open the corpus database at PATH"), N_("PATH") },
    { NULL }
  };

  self->pending_paths = g_ptr_array_new_with_free_func (g_free);
  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}

DossierApplication *
dossier_application_new (void)
{
#ifdef __GLIBC__
  /* Two malloc arenas for all threads. The window reads the entity list and
   * the corpus graph in threads; each had an arena of its own, whose freed
   * memory the main thread could not reuse: at 10,000 documents the window's
   * peak resident memory was 200 MB (198-203) with glibc's default, 196 MB
   * (193-199) with two arenas, 193 MB with one (medians of 9 interleaved
   * runs). One arena made an import started in the window, whose extraction
   * threads allocate a lot at once, 15-24 % slower than the default; two,
   * about 8 % (docs/PERFORMANCE.md). malloc_trim() once the lists are read
   * does not help: the peak is reached while they are read. */
  mallopt (M_ARENA_MAX, 2);
#endif
  return g_object_new (DOSSIER_TYPE_APPLICATION,
                       "application-id", DOSSIER_APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/org/dossier/Dossier",
                       NULL);
}

DossierStore *
dossier_application_get_store (DossierApplication *self)
{
  g_return_val_if_fail (DOSSIER_IS_APPLICATION (self), NULL);
  return self->store;
}

const GError *
dossier_application_get_open_error (DossierApplication *self)
{
  g_return_val_if_fail (DOSSIER_IS_APPLICATION (self), NULL);
  return self->open_error;
}

gboolean
dossier_application_open_store (DossierApplication *self,
                                const char         *path,
                                GError            **error)
{
  g_return_val_if_fail (DOSSIER_IS_APPLICATION (self), FALSE);

  return open_store (self, path, TRUE, error);
}

const char *
dossier_application_get_failed_path (DossierApplication *self)
{
  g_return_val_if_fail (DOSSIER_IS_APPLICATION (self), NULL);
  return self->open_error != NULL ? self->failed_path : NULL;
}

/* "corpus.db" gives "corpus-1.db", or the first of "corpus-2.db", … that does
 * not exist yet, in @dir. */
static char *
unused_path_in (const char *dir,
                const char *name)
{
  const char *dot = strrchr (name, '.');
  g_autofree char *stem = dot != NULL && dot != name ? g_strndup (name, dot - name) : g_strdup (name);
  const char *suffix = dot != NULL && dot != name ? dot : ".db";

  for (guint i = 1; i < 1000; i++)
    {
      g_autofree char *candidate = g_strdup_printf ("%s-%u%s", stem, i, suffix);
      g_autofree char *path = g_build_filename (dir, candidate, NULL);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&path);
    }
  return NULL;
}

char *
dossier_application_start_fresh (DossierApplication *self,
                                 GError            **error)
{
  g_autofree char *damaged = NULL;
  g_autofree char *name = NULL;
  g_autofree char *default_db = dossier_paths_dup_default_db ();
  g_autofree char *data_dir = g_path_get_dirname (default_db);
  g_autofree char *beside = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *dirs[2];

  g_return_val_if_fail (DOSSIER_IS_APPLICATION (self), NULL);

  damaged = g_strdup (self->failed_path != NULL ? self->failed_path : default_db);
  name = g_path_get_basename (damaged);
  /* Beside the damaged corpus, unless its folder cannot be written to (a
   * read-only corpus often sits in one): then in Dossier's own folder. */
  beside = g_path_get_dirname (damaged);
  dirs[0] = beside;
  dirs[1] = data_dir;

  g_mkdir_with_parents (data_dir, 0700);
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = NULL;

      if (g_access (dirs[i], W_OK) != 0 || !(path = unused_path_in (dirs[i], name)))
        continue;
      g_clear_error (&local_error);
      /* A new file: nothing that exists is opened, changed or replaced. */
      if (open_store (self, path, TRUE, &local_error))
        {
          /* The next start opens it, not the damaged one again. */
          remember_corpus (path);
          return g_steal_pointer (&path);
        }
    }

  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                 _("No new corpus could be made beside “%s” or in “%s”: neither folder can be written to."),
                 damaged, data_dir);
  return NULL;
}
