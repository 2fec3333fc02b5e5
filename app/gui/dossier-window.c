/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dossier-window.h"

struct _DossierWindow
{
  AdwApplicationWindow  parent_instance;

  GListModel           *documents;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkListView          *document_list;
  GtkStack             *content_stack;
  AdwStatusPage        *empty_page;
  GtkTextView          *text_view;
  AdwWindowTitle       *window_title;
};

G_DEFINE_FINAL_TYPE (DossierWindow, dossier_window, ADW_TYPE_APPLICATION_WINDOW)

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), subtitle);
  gtk_list_item_set_child (item, box);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  DossierDocumentInfo *info = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *title = gtk_widget_get_first_child (box);
  GtkWidget *subtitle = gtk_widget_get_next_sibling (title);
  const char *symbol = dossier_document_info_get_symbol (info);
  const char *date = dossier_document_info_get_date (info);
  g_autofree char *details = NULL;

  gtk_label_set_text (GTK_LABEL (title), dossier_document_info_get_title (info));
  /* Translators: a document's details in the library: symbol (or kind) · date. */
  details = g_strdup_printf (_("%s · %s"),
                             symbol != NULL ? symbol : dossier_document_info_get_kind (info),
                             date != NULL ? date : _("undated"));
  gtk_label_set_text (GTK_LABEL (subtitle), details);
  gtk_widget_set_tooltip_text (box, dossier_document_info_get_title (info));
}

static void
show_document (DossierWindow       *self,
               DossierDocumentInfo *info)
{
  DossierStore *store = dossier_application_get_store (
    DOSSIER_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
  g_autoptr(GPtrArray) blocks = NULL;
  g_autoptr(GError) error = NULL;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter iter;

  blocks = dossier_store_get_blocks (store, dossier_document_info_get_id (info), &error);
  if (blocks == NULL)
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }

  gtk_text_buffer_set_text (buffer, "", 0);
  gtk_text_buffer_get_end_iter (buffer, &iter);
  for (guint i = 0; i < blocks->len; i++)
    {
      DossierBlock *block = g_ptr_array_index (blocks, i);

      if (block->kind == DOSSIER_BLOCK_FRONT)
        continue;
      if (block->kind == DOSSIER_BLOCK_HEADING)
        {
          g_autofree char *heading = block->label
            ? g_strdup_printf ("%s. %s", block->label, block->text) : g_strdup (block->text);
          gtk_text_buffer_insert_with_tags_by_name (buffer, &iter, heading, -1, "heading", NULL);
        }
      else
        {
          if (block->label != NULL)
            {
              g_autofree char *label = g_strdup_printf ("%s\t", block->label);
              gtk_text_buffer_insert_with_tags_by_name (buffer, &iter, label, -1, "label", NULL);
            }
          gtk_text_buffer_insert (buffer, &iter, block->text, -1);
        }
      gtk_text_buffer_insert (buffer, &iter, "\n\n", -1);
    }

  adw_window_title_set_title (self->window_title, dossier_document_info_get_title (info));
  adw_window_title_set_subtitle (self->window_title, dossier_document_info_get_symbol (info));
  gtk_stack_set_visible_child_name (self->content_stack, "document");
}

static void
selection_changed_cb (GtkSingleSelection *selection,
                      GParamSpec         *pspec,
                      DossierWindow      *self)
{
  DossierDocumentInfo *info = gtk_single_selection_get_selected_item (selection);

  if (info != NULL)
    show_document (self, info);
}

static void
dossier_window_dispose (GObject *object)
{
  DossierWindow *self = (DossierWindow *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), DOSSIER_TYPE_WINDOW);
  g_clear_object (&self->documents);

  G_OBJECT_CLASS (dossier_window_parent_class)->dispose (object);
}

static void
dossier_window_class_init (DossierWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/dossier/Dossier/ui/dossier-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, document_list);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, text_view);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, window_title);
}

static void
dossier_window_init (DossierWindow *self)
{
  GtkTextBuffer *buffer;

  gtk_widget_init_template (GTK_WIDGET (self));

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_create_tag (buffer, "heading", "weight", PANGO_WEIGHT_BOLD,
                              "scale", 1.2, NULL);
  gtk_text_buffer_create_tag (buffer, "label", "foreground-rgba", NULL,
                              "weight", PANGO_WEIGHT_BOLD, NULL);
}

DossierWindow *
dossier_window_new (DossierApplication *application)
{
  DossierWindow *self = g_object_new (DOSSIER_TYPE_WINDOW, "application", application, NULL);
  DossierStore *store = dossier_application_get_store (application);
  g_autoptr(GError) error = NULL;
  GtkListItemFactory *factory;
  GtkSingleSelection *selection;

  if (store != NULL)
    self->documents = dossier_store_list_documents (store, &error);
  if (self->documents == NULL)
    {
      self->documents = G_LIST_MODEL (g_list_store_new (DOSSIER_TYPE_DOCUMENT_INFO));
      if (error != NULL)
        adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
    }

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  selection = gtk_single_selection_new (g_object_ref (self->documents));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_single_selection_set_selected (selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect (selection, "notify::selected", G_CALLBACK (selection_changed_cb), self);
  gtk_list_view_set_factory (self->document_list, factory);
  gtk_list_view_set_model (self->document_list, GTK_SELECTION_MODEL (selection));
  g_object_unref (factory);
  g_object_unref (selection);

  return self;
}

gboolean
dossier_window_open_document (DossierWindow *self,
                              gint64         document_id)
{
  guint n = g_list_model_get_n_items (self->documents);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DossierDocumentInfo) info = g_list_model_get_item (self->documents, i);

      if (dossier_document_info_get_id (info) == document_id)
        {
          GtkSelectionModel *model = gtk_list_view_get_model (self->document_list);
          gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (model), i);
          return TRUE;
        }
    }
  return FALSE;
}

GListModel *
dossier_window_get_documents (DossierWindow *self)
{
  g_return_val_if_fail (DOSSIER_IS_WINDOW (self), NULL);
  return self->documents;
}
