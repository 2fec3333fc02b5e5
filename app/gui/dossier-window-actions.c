/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The window's actions. Their accelerators live in one table in
 * dossier-application.c, and ui/help-overlay.ui lists them all.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dossier-window-private.h"

static void
focus_column (DossierWindow       *self,
              DossierDocumentView *column)
{
  if (column == NULL)
    return;
  _dossier_window_set_active_column (self, column);
  gtk_widget_grab_focus (GTK_WIDGET (dossier_document_view_get_text_view (column)));
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  _dossier_window_choose_import (DOSSIER_WINDOW (widget),
                                 g_str_equal (action_name, "window.import-folder"));
}

static void
cancel_import_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  _dossier_window_cancel_import (DOSSIER_WINDOW (widget));
}

static void
import_details_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  _dossier_window_show_import_details (DOSSIER_WINDOW (widget));
}

static void
new_column_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);

  focus_column (self, dossier_window_add_column (self, 0));
}

static void
close_column_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);

  if (self->active_column != NULL)
    dossier_window_close_column (self, self->active_column);
}

static void
next_column_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);
  GtkWidget *active = GTK_WIDGET (self->active_column);
  GtkWidget *target;

  if (active == NULL)
    return;
  if (g_str_equal (action_name, "window.next-column"))
    target = gtk_widget_get_next_sibling (active);
  else
    target = gtk_widget_get_prev_sibling (active);
  if (target != NULL)
    focus_column (self, DOSSIER_DOCUMENT_VIEW (target));
}

static void
move_column_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);

  if (self->active_column == NULL)
    return;
  dossier_window_move_column (self, self->active_column,
                              g_str_equal (action_name, "window.move-column-back") ? -1 : 1);
  _dossier_window_update_actions (self);
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);

  if (self->active_column == NULL)
    return;
  if (g_str_equal (action_name, "window.find"))
    dossier_document_view_show_find (self->active_column);
  else if (g_str_equal (action_name, "window.find-next"))
    dossier_document_view_find_next (self->active_column);
  else
    dossier_document_view_find_previous (self->active_column);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);

  gtk_menu_button_popup (self->search_button);
}

/* The entity's neighbourhood: the graph shown over the whole corpus, so that
 * every relation of the entity is there, with the entity chosen, which the
 * graph selects and centres, its neighbours marked. */
static void
show_neighbourhood_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);
  gint64 entity_id = g_variant_get_int64 (parameter);
  GtkWidget *graph;

  if (entity_id <= 0)
    return;
  g_object_set (self, "show-graph", TRUE, NULL);
  dossier_graph_pane_set_scope (self->graph_pane, DOSSIER_GRAPH_SCOPE_CORPUS);
  if (dossier_selection_get_entity_id (self->selection) != entity_id)
    dossier_selection_select_entity (self->selection, entity_id, NULL);
  if ((graph = dossier_graph_pane_get_graph_widget (self->graph_pane)) != NULL)
    gtk_widget_activate_action (graph, "graph.zoom-selection", NULL);
}

static void
history_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);

  if (g_str_equal (action_name, "window.go-back"))
    dossier_selection_go_back (self->selection);
  else
    dossier_selection_go_forward (self->selection);
}

static void
toast_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  dossier_window_add_toast (DOSSIER_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

void
_dossier_window_class_init_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "window.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "window.import-folder", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "window.cancel-import", NULL, cancel_import_action);
  gtk_widget_class_install_action (widget_class, "window.import-details", NULL, import_details_action);
  gtk_widget_class_install_action (widget_class, "window.new-column", NULL, new_column_action);
  gtk_widget_class_install_action (widget_class, "window.close-column", NULL, close_column_action);
  gtk_widget_class_install_action (widget_class, "window.next-column", NULL, next_column_action);
  gtk_widget_class_install_action (widget_class, "window.previous-column", NULL, next_column_action);
  gtk_widget_class_install_action (widget_class, "window.move-column-back", NULL, move_column_action);
  gtk_widget_class_install_action (widget_class, "window.move-column-forward", NULL, move_column_action);
  gtk_widget_class_install_action (widget_class, "window.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "window.find-next", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "window.find-previous", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "window.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "window.go-back", NULL, history_action);
  gtk_widget_class_install_action (widget_class, "window.go-forward", NULL, history_action);
  gtk_widget_class_install_action (widget_class, "window.toast", "s", toast_action);
  gtk_widget_class_install_action (widget_class, "window.show-neighbourhood", "x",
                                   show_neighbourhood_action);
  gtk_widget_class_install_property_action (widget_class, "window.show-library", "show-library");
  gtk_widget_class_install_property_action (widget_class, "window.show-graph", "show-graph");
  gtk_widget_class_install_property_action (widget_class, "window.show-inspector", "show-inspector");
}

void
_dossier_window_update_actions (DossierWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkWidget *active = GTK_WIDGET (self->active_column);
  gboolean have_store = self->store != NULL;
  gboolean importing = dossier_window_get_importing (self);
  guint n_columns = dossier_window_get_n_columns (self);
  guint n_documents = self->documents != NULL
                      ? g_list_model_get_n_items (G_LIST_MODEL (self->documents)) : 0;

  gtk_widget_action_set_enabled (widget, "window.import", have_store && !importing);
  gtk_widget_action_set_enabled (widget, "window.import-folder", have_store && !importing);
  gtk_widget_action_set_enabled (widget, "window.cancel-import", importing);
  gtk_widget_action_set_enabled (widget, "window.new-column", have_store && n_documents > 0);
  gtk_widget_action_set_enabled (widget, "window.close-column", active != NULL);
  gtk_widget_action_set_enabled (widget, "window.next-column",
                                 active != NULL && gtk_widget_get_next_sibling (active) != NULL);
  gtk_widget_action_set_enabled (widget, "window.previous-column",
                                 active != NULL && gtk_widget_get_prev_sibling (active) != NULL);
  gtk_widget_action_set_enabled (widget, "window.move-column-back",
                                 active != NULL && gtk_widget_get_prev_sibling (active) != NULL);
  gtk_widget_action_set_enabled (widget, "window.move-column-forward",
                                 active != NULL && gtk_widget_get_next_sibling (active) != NULL);
  gtk_widget_action_set_enabled (widget, "window.find", n_columns > 0);
  gtk_widget_action_set_enabled (widget, "window.find-next", n_columns > 0);
  gtk_widget_action_set_enabled (widget, "window.find-previous", n_columns > 0);
  gtk_widget_action_set_enabled (widget, "window.search", have_store && n_documents > 0);
  /* Without documents the window shows a status page: no pane to show or hide,
   * nothing to search. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->search_button), have_store && n_documents > 0);
  gtk_widget_action_set_enabled (widget, "window.show-library", have_store && n_documents > 0);
  gtk_widget_action_set_enabled (widget, "window.show-graph", have_store && n_documents > 0);
  gtk_widget_action_set_enabled (widget, "window.show-inspector", have_store && n_documents > 0);
  gtk_widget_action_set_enabled (widget, "window.go-back",
                                 self->selection != NULL
                                 && dossier_selection_get_can_go_back (self->selection));
  gtk_widget_action_set_enabled (widget, "window.go-forward",
                                 self->selection != NULL
                                 && dossier_selection_get_can_go_forward (self->selection));
}
