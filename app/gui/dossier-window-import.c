/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Importing into the open corpus: the file chooser, drag and drop of files and
 * folders, the progress bar with its cancel button, and the summary.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dossier-locale.h"
#include "dossier-window-private.h"

static void
update_progress (DossierWindow *self)
{
  DossierImportJob *job = self->import_job;
  guint done, total;
  const char *current;
  g_autofree char *label = NULL;

  if (job == NULL)
    return;

  done = dossier_import_job_get_done (job);
  total = dossier_import_job_get_total (job);
  current = dossier_import_job_get_current (job);

  if (total == 0 || current == NULL)
    {
      gtk_progress_bar_pulse (self->import_progress);
      label = g_strdup (_("Looking for documents to import…"));
    }
  else
    {
      gtk_progress_bar_set_fraction (self->import_progress, (double) done / total);
      /* Translators: import progress: the file just imported, then how far along */
      label = g_strdup_printf (dossier_locale_grouped (_("Imported “%s” (%u of %u)")), current, done, total);
    }
  gtk_label_set_text (self->import_label, label);
  adw_status_page_set_description (self->loading_page, label);
}

static void
progress_cb (DossierImportJob *job,
             GParamSpec       *pspec,
             DossierWindow    *self)
{
  update_progress (self);
}

static void
append_part (char      **text,
             char       *part)
{
  char *joined;

  if (*text == NULL)
    {
      *text = part;
      return;
    }
  /* Translators: joins the parts of the import summary: "4 documents imported, 1 refused" */
  joined = g_strdup_printf (C_("import summary", "%s, %s"), *text, part);
  g_free (*text);
  g_free (part);
  *text = joined;
}

static char *
format_summary (const DossierBatchResult *result)
{
  guint imported = result->n_added + result->n_replaced;
  char *text = NULL;

  if (imported > 0)
    /* Translators: part of the import summary "4 documents imported, 1 refused" */
    append_part (&text, g_strdup_printf (dossier_locale_grouped (ngettext ("%u document imported", "%u documents imported",
                                                                           imported)), imported));
  if (result->n_unchanged > 0)
    /* Translators: part of the import summary: these files were imported before */
    append_part (&text, g_strdup_printf (dossier_locale_grouped (ngettext ("%u already in the corpus", "%u already in the corpus",
                                                                           result->n_unchanged)), result->n_unchanged));
  if (result->n_refused > 0)
    /* Translators: part of the import summary: these files could not be imported */
    append_part (&text, g_strdup_printf (dossier_locale_grouped (ngettext ("%u refused", "%u refused", result->n_refused)),
                                         result->n_refused));

  if (text == NULL)
    return g_strdup (_("No documents found to import"));
  return text;
}

static gint64
first_added (const DossierBatchResult *result)
{
  for (guint i = 0; i < result->items->len; i++)
    {
      const DossierBatchItem *item = g_ptr_array_index (result->items, i);

      if (item->error == NULL && item->outcome != DOSSIER_IMPORT_UNCHANGED)
        return item->document_id;
    }
  return 0;
}

static void
finish_import (DossierWindow *self)
{
  if (self->import_job != NULL)
    g_signal_handlers_disconnect_by_func (self->import_job, progress_cb, self);
  g_clear_object (&self->import_job);
  g_clear_object (&self->import_cancellable);
  gtk_revealer_set_reveal_child (self->import_revealer, FALSE);
  g_object_notify (G_OBJECT (self), "importing");
}

static void
import_done_cb (GObject      *object,
                GAsyncResult *res,
                gpointer      user_data)
{
  g_autoptr(DossierWindow) self = user_data;
  DossierImportJob *job = DOSSIER_IMPORT_JOB (object);
  g_autoptr(GError) error = NULL;
  DossierBatchResult *result = dossier_import_job_run_finish (job, res, &error);
  g_autofree char *summary = NULL;
  g_autofree char *escaped = NULL;
  AdwToast *toast;
  gint64 added;

  /* The window closed while the thread worked: the documents are in; nobody to tell. */
  if (job != self->import_job)
    {
      g_clear_pointer (&result, dossier_batch_result_free);
      return;
    }

  finish_import (self);

  if (result == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        dossier_window_add_toast (self, _("Import cancelled; the documents imported before are kept"));
      else
        dossier_window_add_toast (self, error->message);
      _dossier_window_reload_documents (self);
      _dossier_window_reload_entities (self);
      _dossier_window_update_state (self);
      return;
    }

  g_clear_pointer (&self->import_result, dossier_batch_result_free);
  self->import_result = result;

  summary = format_summary (result);
  escaped = g_markup_escape_text (summary, -1);
  toast = adw_toast_new (escaped);
  if (result->n_refused > 0)
    {
      adw_toast_set_button_label (toast, _("_Details"));
      adw_toast_set_action_name (toast, "window.import-details");
      adw_toast_set_timeout (toast, 10);
    }
  adw_toast_overlay_add_toast (self->toast_overlay, toast);

  _dossier_window_reload_documents (self);
  _dossier_window_reload_entities (self);
  _dossier_window_update_state (self);

  added = first_added (result);
  if (added != 0 && dossier_window_get_n_columns (self) == 0)
    dossier_window_open_document (self, added);
}

void
dossier_window_import (DossierWindow      *self,
                       const char * const *paths)
{
  g_return_if_fail (DOSSIER_IS_WINDOW (self));
  g_return_if_fail (paths != NULL);

  if (self->store == NULL || paths[0] == NULL)
    return;
  if (self->import_job != NULL)
    {
      dossier_window_add_toast (self, _("Wait for the running import to finish"));
      return;
    }

  self->import_job = dossier_import_job_new (dossier_store_get_path (self->store), paths);
  self->import_cancellable = g_cancellable_new ();
  g_signal_connect (self->import_job, "notify::done", G_CALLBACK (progress_cb), self);
  g_signal_connect (self->import_job, "notify::current", G_CALLBACK (progress_cb), self);

  gtk_progress_bar_set_fraction (self->import_progress, 0.0);
  update_progress (self);
  gtk_revealer_set_reveal_child (self->import_revealer, TRUE);
  g_object_notify (G_OBJECT (self), "importing");
  _dossier_window_update_state (self);

  dossier_import_job_run_async (self->import_job, self->import_cancellable,
                                import_done_cb, g_object_ref (self));
}

gboolean
dossier_window_get_importing (DossierWindow *self)
{
  g_return_val_if_fail (DOSSIER_IS_WINDOW (self), FALSE);
  return self->import_job != NULL;
}

void
_dossier_window_cancel_import (DossierWindow *self)
{
  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);
}

static GStrv
files_to_paths (GSList *files)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (GSList *l = files; l != NULL; l = l->next)
    {
      g_autofree char *path = g_file_get_path (l->data);

      /* Only local files: a remote location has no path SQLite could read. */
      if (path != NULL)
        g_strv_builder_add (builder, path);
    }
  return g_strv_builder_end (builder);
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         DossierWindow *self)
{
  GdkFileList *list = g_value_get_boxed (value);
  g_autoptr(GSList) files = NULL;
  g_auto(GStrv) paths = NULL;

  if (list == NULL)
    return FALSE;

  files = gdk_file_list_get_files (list);
  paths = files_to_paths (files);
  if (paths[0] == NULL)
    {
      dossier_window_add_toast (self, _("Only files on this computer can be imported"));
      return FALSE;
    }
  dossier_window_import (self, (const char * const *) paths);
  return TRUE;
}

static void
chooser_response_cb (GtkNativeDialog *native,
                     int              response,
                     DossierWindow   *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (native));
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) paths = NULL;

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          g_autofree char *path = g_file_get_path (file);

          if (path != NULL)
            g_strv_builder_add (builder, path);
        }
      paths = g_strv_builder_end (builder);
      dossier_window_import (self, (const char * const *) paths);
    }

  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

void
_dossier_window_choose_import (DossierWindow *self,
                               gboolean       folders)
{
  GtkFileChooserNative *native;
  g_autoptr(GtkFileFilter) documents = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  native = gtk_file_chooser_native_new (folders ? _("Import Folders") : _("Import Documents"),
                                        GTK_WINDOW (self),
                                        folders ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER
                                                : GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Import"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (native), TRUE);

  if (!folders)
    {
      static const char *const mime_types[] = {
        "text/markdown", "text/plain", "text/html", "application/xhtml+xml", "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.oasis.opendocument.text",
      };
      static const char *const suffixes[] = {
        "md", "markdown", "txt", "html", "htm", "xhtml", "pdf", "docx", "odt",
      };

      /* Every format the importer reads (dossier-import-format.c). */
      /* Translators: the file chooser's filter for every format Dossier imports */
      gtk_file_filter_set_name (documents, _("Documents"));
      for (guint i = 0; i < G_N_ELEMENTS (mime_types); i++)
        gtk_file_filter_add_mime_type (documents, mime_types[i]);
      for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
        gtk_file_filter_add_suffix (documents, suffixes[i]);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), documents);
      gtk_file_filter_set_name (all, _("All Files"));
      gtk_file_filter_add_pattern (all, "*");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), all);
    }

  g_signal_connect_object (native, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

void
_dossier_window_show_import_details (DossierWindow *self)
{
  const DossierBatchResult *result = self->import_result;
  GtkWidget *dialog, *scroller, *list;
  g_autofree char *heading = NULL;

  if (result == NULL || result->n_refused == 0)
    return;

  /* Translators: heading of the dialog that lists the files an import refused */
  heading = g_strdup_printf (dossier_locale_grouped (ngettext ("%u File Refused", "%u Files Refused", result->n_refused)),
                             result->n_refused);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   _("These files were not imported; nothing else changed."));

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Refused Files"), -1);
  for (guint i = 0; i < result->items->len; i++)
    {
      const DossierBatchItem *item = g_ptr_array_index (result->items, i);
      g_autofree char *name = NULL;
      GtkWidget *row;

      if (item->error == NULL)
        continue;
      name = g_path_get_basename (item->path);
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), item->error->message);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      gtk_widget_set_tooltip_text (row, item->path);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 320);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scroller);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_dossier_window_init_import (DossierWindow *self)
{
  GtkDropTarget *target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  g_signal_connect (target, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->main_stack), GTK_EVENT_CONTROLLER (target));
}

void
_dossier_window_dispose_import (DossierWindow *self)
{
  /* The thread finishes the file it is on; its callback then finds no job. */
  _dossier_window_cancel_import (self);
  if (self->import_job != NULL)
    g_signal_handlers_disconnect_by_func (self->import_job, progress_cb, self);
  g_clear_object (&self->import_job);
  g_clear_object (&self->import_cancellable);
  g_clear_pointer (&self->import_result, dossier_batch_result_free);
}
