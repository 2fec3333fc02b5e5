/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "dossier-window-private.h"
#include "dossier-template-tooltips.h"

/* More columns than this no longer fit side by side on a laptop screen. */
#define MAX_COLUMNS 4

G_DEFINE_FINAL_TYPE (DossierWindow, dossier_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SHOW_LIBRARY,
  PROP_SHOW_GRAPH,
  PROP_SHOW_INSPECTOR,
  PROP_IMPORTING,
  PROP_LOADING,
  N_PROPS
};

enum {
  COLUMNS_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void set_active_column (DossierWindow       *self,
                               DossierDocumentView *column);

static DossierApplication *
get_application (DossierWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  return DOSSIER_IS_APPLICATION (app) ? DOSSIER_APPLICATION (app) : NULL;
}

static gboolean
has_document (DossierWindow *self,
              gint64         document_id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->documents));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DossierDocumentInfo) info = g_list_model_get_item (G_LIST_MODEL (self->documents), i);

      if (dossier_document_info_get_id (info) == document_id)
        return TRUE;
    }
  return FALSE;
}

static DossierDocumentView *
find_column (DossierWindow *self,
             gint64         document_id)
{
  DossierDocumentView *found = NULL;

  if (self->active_column != NULL
      && dossier_document_view_get_document_id (self->active_column) == document_id)
    return self->active_column;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->columns_box));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (dossier_document_view_get_document_id (DOSSIER_DOCUMENT_VIEW (child)) == document_id)
      {
        found = DOSSIER_DOCUMENT_VIEW (child);
        break;
      }
  return found;
}

static void
columns_changed (DossierWindow *self)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->columns_box));
       child != NULL; child = gtk_widget_get_next_sibling (child), n++)
    {
      gint64 id = dossier_document_view_get_document_id (DOSSIER_DOCUMENT_VIEW (child));

      if (id != 0)
        g_array_append_val (ids, id);
    }

  dossier_graph_pane_set_documents (self->graph_pane, (const gint64 *) ids->data, ids->len);
  gtk_stack_set_visible_child_name (self->column_stack, n > 0 ? "columns" : "none");
  _dossier_window_update_actions (self);
  g_signal_emit (self, signals[COLUMNS_CHANGED], 0);
}

static void
active_document_changed (DossierWindow *self)
{
  gint64 id = self->active_column != NULL
              ? dossier_document_view_get_document_id (self->active_column) : 0;

  dossier_selection_set_document_id (self->selection, id);
  dossier_inspector_set_document (self->inspector, id);
  dossier_library_set_current_document (self->library, id);
}

static void
column_document_changed_cb (DossierDocumentView *column,
                            GParamSpec          *pspec,
                            DossierWindow       *self)
{
  if (column == self->active_column)
    active_document_changed (self);
  columns_changed (self);
}

static void
column_close_requested_cb (DossierDocumentView *column,
                           DossierWindow       *self)
{
  dossier_window_close_column (self, column);
}

static void
column_move_requested_cb (DossierDocumentView *column,
                          int                  delta,
                          DossierWindow       *self)
{
  dossier_window_move_column (self, column, delta);
}

static void
column_focus_enter_cb (GtkEventControllerFocus *controller,
                       DossierWindow           *self)
{
  set_active_column (self,
                     DOSSIER_DOCUMENT_VIEW (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller))));
}

static void
set_active_column (DossierWindow       *self,
                   DossierDocumentView *column)
{
  if (column != NULL)
    {
      /* Most recently used last: "go to" reuses the column used least recently. */
      g_ptr_array_remove (self->column_order, column);
      g_ptr_array_add (self->column_order, column);
    }

  if (self->active_column == column)
    return;

  if (self->active_column != NULL)
    dossier_document_view_set_active (self->active_column, FALSE);
  self->active_column = column;
  if (column != NULL)
    dossier_document_view_set_active (column, TRUE);

  active_document_changed (self);
  _dossier_window_update_actions (self);
}

/* Opens a document at a paragraph: in the column that shows it, else (for search,
 * which asks for it) in the active column, else in a new column while there are
 * fewer than two, else in the column used least recently, so that the document
 * the user is reading stays where it is. */
static gboolean
show_block (DossierWindow *self,
            gint64         document_id,
            gint64         block_id,
            gboolean       in_active_column)
{
  DossierDocumentView *column = find_column (self, document_id);

  if (!has_document (self, document_id))
    return FALSE;

  if (column == NULL)
    {
      guint n = dossier_window_get_n_columns (self);

      if (in_active_column && self->active_column != NULL)
        column = self->active_column;
      else if (n < 2)
        column = dossier_window_add_column (self, document_id);
      else
        for (guint i = 0; i < self->column_order->len && column == NULL; i++)
          if (g_ptr_array_index (self->column_order, i) != self->active_column)
            column = g_ptr_array_index (self->column_order, i);
      if (column == NULL)
        column = self->active_column;
    }

  if (!dossier_document_view_set_document_id (column, document_id))
    return FALSE;
  set_active_column (self, column);
  return dossier_document_view_scroll_to_block (column, block_id);
}

static void
selection_changed_cb (DossierSelection *selection,
                      DossierWindow    *self)
{
  gint64 block_id = dossier_selection_get_block_id (selection);

  _dossier_window_update_actions (self);

  if (block_id != 0)
    show_block (self, dossier_selection_get_document_id (selection), block_id,
                self->search_popover != NULL
                && dossier_selection_get_origin (selection) == (gpointer) self->search_popover);
}

static void
library_document_activated_cb (DossierLibrary *library,
                               gint64          document_id,
                               gboolean        new_column,
                               DossierWindow  *self)
{
  DossierDocumentView *column;

  if (new_column)
    column = dossier_window_add_column (self, document_id);
  else if ((column = find_column (self, document_id)) == NULL)
    {
      dossier_window_open_document (self, document_id);
      column = self->active_column;
    }

  if (column != NULL)
    {
      set_active_column (self, column);
      gtk_widget_grab_focus (GTK_WIDGET (dossier_document_view_get_text_view (column)));
    }
}

static void
inspector_entities_changed_cb (DossierInspector *inspector,
                               DossierWindow    *self)
{
  _dossier_window_reload_entities (self);
}

static void
remove_all_columns (DossierWindow *self)
{
  GtkWidget *child;

  self->active_column = NULL;
  g_ptr_array_set_size (self->column_order, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->columns_box))))
    gtk_box_remove (self->columns_box, child);
}

static void
deferred_load_cb (gpointer user_data)
{
  DossierWindow *self = user_data;

  self->deferred_load_id = 0;
  dossier_library_load_entities (self->library);
}

static void
first_paint_cb (GdkFrameClock *clock,
                DossierWindow *self)
{
  g_signal_handlers_disconnect_by_func (clock, first_paint_cb, self);
  /* An idle runs after the frame is on screen, not within its paint. */
  if (self->deferred_load_id == 0)
    self->deferred_load_id = g_idle_add_once (deferred_load_cb, self);
}

/* The entity browser of a large corpus takes seconds to read (0.8 s for 1,000
 * documents): the window shows itself first, with the browser saying it is
 * loading, and reads the entities off the main thread after its first frame. */
static void
queue_deferred_load (DossierWindow *self)
{
  GdkFrameClock *clock;

  if (!dossier_library_get_loading (self->library))
    return;
  if (!gtk_widget_get_realized (GTK_WIDGET (self)))
    return;  /* realize_cb() comes back here. */
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));
  g_signal_handlers_disconnect_by_func (clock, first_paint_cb, self);
  g_signal_connect_object (clock, "after-paint", G_CALLBACK (first_paint_cb), self, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The search matches entity names in the entity browser's list (read after the
 * first frame); it reads the filters' choices when first opened, not at
 * start-up. */
static void
ensure_search (DossierWindow *self)
{
  if (!self->search_pending)
    return;
  self->search_pending = FALSE;
  dossier_search_popover_set_model (self->search_popover, self->store, self->selection);
}

static void fix_accessible_names (GtkWidget *widget,
                                  gboolean   in_search_bar);

/* The search popover and the draft panel are hidden at start-up, and building
 * their templates took about a tenth of the window's time to its first frame:
 * each is built when first used, or else in an idle after the first frame. */
static void
ensure_search_popover (DossierWindow *self)
{
  GtkWidget *popover;

  if (self->search_popover != NULL)
    return;
  popover = dossier_search_popover_new ();
  self->search_popover = DOSSIER_SEARCH_POPOVER (popover);
  gtk_menu_button_set_popover (self->search_button, popover);
  fix_accessible_names (popover, FALSE);
  dossier_search_popover_set_entities (self->search_popover,
                                       dossier_library_get_entities (self->library));
  dossier_search_popover_set_model (self->search_popover, NULL, self->selection);
  g_signal_connect_swapped (popover, "show", G_CALLBACK (ensure_search), self);
}

static void
create_search_popup_cb (GtkMenuButton *button,
                        gpointer       user_data)
{
  ensure_search_popover (DOSSIER_WINDOW (user_data));
}

static void draft_toggled_cb (GtkToggleButton *toggle,
                              DossierWindow   *self);

static void
ensure_draft_panel (DossierWindow *self)
{
  GtkWidget *panel;

  if (self->draft_panel != NULL)
    return;
  panel = dossier_draft_panel_new ();
  self->draft_panel = DOSSIER_DRAFT_PANEL (panel);
  gtk_widget_set_size_request (panel, 340, -1);
  gtk_widget_set_visible (panel, gtk_toggle_button_get_active (self->draft_toggle));
  /* Once in the window, the panel replaces the window's "draft" actions by its own. */
  gtk_paned_set_end_child (self->draft_paned, panel);
  fix_accessible_names (panel, FALSE);
  dossier_draft_panel_set_model (self->draft_panel, self->store, self->selection);
  g_signal_handlers_disconnect_by_func (self->draft_toggle, draft_toggled_cb, self);
  g_object_bind_property (panel, "visible", self->draft_toggle, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
}

static void
draft_toggled_cb (GtkToggleButton *toggle,
                  DossierWindow   *self)
{
  ensure_draft_panel (self);
}

/* The window's "draft" actions until the draft panel is built: an activation
 * builds it and goes on to the panel's own action of the same name. */
static void
draft_action_cb (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  DossierWindow *self = user_data;
  g_autofree char *name = g_strconcat ("draft.", g_action_get_name (G_ACTION (action)), NULL);

  if (self->forwarding_draft)
    return;
  ensure_draft_panel (self);
  self->forwarding_draft = TRUE;
  gtk_widget_activate_action_variant (GTK_WIDGET (self), name, parameter);
  self->forwarding_draft = FALSE;
}

/* GtkApplication would build the shortcuts window for every window it is
 * given (3.4 ms before the first frame), had its template been at
 * gtk/help-overlay.ui; it is built here when first asked for instead. Once
 * set, GtkApplicationWindow's own "show-help-overlay" replaces this one. */
static GtkShortcutsWindow *
ensure_help_overlay (DossierWindow *self)
{
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (self));
  g_autoptr(GtkBuilder) builder = NULL;

  if (overlay != NULL)
    return overlay;
  builder = gtk_builder_new_from_resource ("/org/dossier/Dossier/ui/help-overlay.ui");
  overlay = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
  gtk_application_window_set_help_overlay (GTK_APPLICATION_WINDOW (self), overlay);
  return overlay;
}

static void
show_help_overlay_cb (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  gtk_window_present (GTK_WINDOW (ensure_help_overlay (DOSSIER_WINDOW (user_data))));
}

/* The header bar's tooltips, given after the first frame: GTK 4.8 asks the X
 * server where the pointer is for every tooltip set on a shown widget, and in
 * the template these round trips held back the first frame (3.8 ms). Each
 * text is also the button's accessible name, set in the template. */
static const DossierTemplateTooltip header_tooltips[] = {
  /* Translators: accessible name and tooltip of the header-bar button that shows or hides the library sidebar */
  { "library_toggle", N_("Show Library") },
  /* Translators: goes back to the previously chosen entity or paragraph */
  { "back_button", N_("Back") },
  { "forward_button", N_("Forward") },
  { "import_button", N_("Import Documents…") },
  { "menu_button", N_("Main Menu") },
  /* Translators: accessible name and tooltip of the header-bar button that shows or hides the draft pane */
  { "draft_toggle", N_("Show Draft") },
  /* Translators: accessible name and tooltip of the header-bar button that shows or hides the inspector pane */
  { "inspector_toggle", N_("Show Inspector") },
  /* Translators: accessible name and tooltip of the header-bar button that shows or hides the graph pane */
  { "graph_toggle", N_("Show Graph") },
  /* Translators: opens one more document column beside the others */
  { "new_column_button", N_("Open Another Column") },
  /* Translators: accessible name and tooltip of the header-bar button that searches the whole corpus */
  { "search_button", N_("Search the Corpus") },
};

static void
set_header_tooltips (DossierWindow *self)
{
  if (self->tooltips_set)
    return;
  self->tooltips_set = TRUE;
  dossier_set_template_tooltips (GTK_WIDGET (self), DOSSIER_TYPE_WINDOW, header_tooltips, G_N_ELEMENTS (header_tooltips));
}

static void
hidden_panes_cb (gpointer user_data)
{
  DossierWindow *self = user_data;

  self->hidden_panes_id = 0;
  set_header_tooltips (self);
  ensure_search_popover (self);
  ensure_draft_panel (self);
}

static void
first_paint_panes_cb (GdkFrameClock *clock,
                      DossierWindow *self)
{
  g_signal_handlers_disconnect_by_func (clock, first_paint_panes_cb, self);
  if (self->hidden_panes_id == 0)
    self->hidden_panes_id = g_idle_add_once (hidden_panes_cb, self);
}

static void
realize_cb (DossierWindow *self)
{
  queue_deferred_load (self);
  if (self->search_popover == NULL || self->draft_panel == NULL || !self->tooltips_set)
    g_signal_connect_object (gtk_widget_get_frame_clock (GTK_WIDGET (self)), "after-paint",
                             G_CALLBACK (first_paint_panes_cb), self, 0);
}

static void
library_loading_cb (DossierWindow *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
load_store (DossierWindow *self)
{
  DossierApplication *app = get_application (self);
  DossierStore *store = app != NULL ? dossier_application_get_store (app) : NULL;

  remove_all_columns (self);
  g_set_object (&self->store, store);
  dossier_selection_reset (self->selection);

  _dossier_window_reload_documents (self);
  dossier_library_set_model (self->library, store, self->selection, G_LIST_MODEL (self->documents));
  dossier_inspector_set_model (self->inspector, store, self->selection);
  dossier_graph_pane_set_model (self->graph_pane, store, self->selection);
  if (self->search_popover != NULL)
    dossier_search_popover_set_model (self->search_popover, NULL, self->selection);
  self->search_pending = store != NULL;
  if (self->draft_panel != NULL)
    dossier_draft_panel_set_model (self->draft_panel, store, self->selection);

  if (store != NULL)
    {
      g_autofree char *name = g_path_get_basename (dossier_store_get_path (store));
      adw_window_title_set_subtitle (self->window_title, name);
    }
  else
    adw_window_title_set_subtitle (self->window_title, NULL);

  columns_changed (self);
  _dossier_window_update_state (self);
  queue_deferred_load (self);
}

static void
store_changed_cb (DossierWindow *self)
{
  load_store (self);
}

/* dossier-cli (or another program) may import into the corpus while the window
 * shows it: SQLite's WAL lets it write while we read, and this poll, once a
 * second, brings its documents and entities in without a restart. An import of
 * the window's own reloads when it ends, so none is polled for meanwhile. */
static gboolean
poll_store_cb (gpointer user_data)
{
  DossierWindow *self = user_data;

  if (self->store != NULL && self->import_job == NULL &&
      dossier_store_poll_changes (self->store))
    {
      _dossier_window_reload_documents (self);
      _dossier_window_reload_entities (self);
      _dossier_window_update_state (self);
    }
  return G_SOURCE_CONTINUE;
}

/* The length of @paned along its orientation. */
static int
paned_length (GtkPaned *paned)
{
  if (gtk_orientable_get_orientation (GTK_ORIENTABLE (paned)) == GTK_ORIENTATION_HORIZONTAL)
    return gtk_widget_get_width (GTK_WIDGET (paned));
  return gtk_widget_get_height (GTK_WIDGET (paned));
}

/* The width of the handle between a paned's children. */
static int
paned_handle (GtkPaned *paned)
{
  GtkWidget *start = gtk_paned_get_start_child (paned);
  GtkWidget *end = gtk_paned_get_end_child (paned);
  gboolean horizontal = gtk_orientable_get_orientation (GTK_ORIENTABLE (paned)) == GTK_ORIENTATION_HORIZONTAL;
  int handle;

  if (!gtk_widget_get_visible (start) || !gtk_widget_get_visible (end))
    return 1;
  handle = paned_length (paned)
           - (horizontal ? gtk_widget_get_width (start) : gtk_widget_get_height (start))
           - (horizontal ? gtk_widget_get_width (end) : gtk_widget_get_height (end));
  return handle > 0 && handle < 20 ? handle : 1;
}

static void
apply_end_size (GtkPaned *paned,
                int       size,
                int      *length)
{
  *length = paned_length (paned);
  if (*length <= 0 || !gtk_widget_get_visible (gtk_paned_get_end_child (paned)))
    return;
  gtk_paned_set_position (paned, MAX (*length - paned_handle (paned) - size, *length / 3));
}

/* The inspector and the graph keep the size the user gave them (or the one
 * remembered) when the window changes size; the documents take the rest. */
static void
apply_pane_sizes_cb (gpointer user_data)
{
  DossierWindow *self = user_data;

  self->restore_panes_id = 0;
  self->applying_panes = TRUE;
  apply_end_size (self->inner_paned, self->inspector_width, &self->inner_max);
  apply_end_size (self->center_paned, self->graph_height, &self->center_max);
  self->applying_panes = FALSE;
}

static void
queue_pane_sizes (DossierWindow *self)
{
  /* Not from within the allocation that reported the change. */
  if (self->restore_panes_id == 0)
    self->restore_panes_id = g_idle_add_once (apply_pane_sizes_cb, self);
}

static void
paned_max_position_cb (GtkPaned      *paned,
                       GParamSpec    *pspec,
                       DossierWindow *self)
{
  queue_pane_sizes (self);
}

static void
paned_position_cb (GtkPaned      *paned,
                   GParamSpec    *pspec,
                   DossierWindow *self)
{
  int length = paned_length (paned);
  int size = length - paned_handle (paned) - gtk_paned_get_position (paned);

  /* A change at an unchanged size is the user dragging the handle. */
  if (self->applying_panes || length <= 0 || size <= 0)
    return;
  if (paned == self->inner_paned && length == self->inner_max)
    self->inspector_width = size;
  else if (paned == self->center_paned && length == self->center_max)
    self->graph_height = size;
}

static void
save_state (DossierWindow *self)
{
  int width, height;

  if (self->settings == NULL)
    return;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  /* The schema's ranges keep a collapsed pane from being remembered as 0. */
  if (self->show_library && gtk_paned_get_position (self->outer_paned) > 0)
    g_settings_set_int (self->settings, "sidebar-width",
                        CLAMP (gtk_paned_get_position (self->outer_paned), 120, 2000));
  g_settings_set_int (self->settings, "inspector-width", CLAMP (self->inspector_width, 120, 2000));
  g_settings_set_int (self->settings, "graph-height", CLAMP (self->graph_height, 80, 2000));
  g_settings_apply (self->settings);
}

static gboolean
dossier_window_close_request (GtkWindow *window)
{
  DossierWindow *self = DOSSIER_WINDOW (window);

  save_state (self);
  _dossier_window_cancel_import (self);

  return GTK_WINDOW_CLASS (dossier_window_parent_class)->close_request (window);
}

/* "application" is set after construction, by g_object_new or later. */
static void
application_changed_cb (DossierWindow *self,
                        GParamSpec    *pspec,
                        gpointer       user_data)
{
  DossierApplication *app = get_application (self);

  /* A window leaving its application (on destruction) keeps what it shows. */
  if (app == NULL || gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;

  g_signal_connect_object (app, "notify::store", G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  load_store (self);
}

static void
dossier_window_dispose (GObject *object)
{
  DossierWindow *self = (DossierWindow *) object;

  _dossier_window_dispose_import (self);
  g_clear_handle_id (&self->restore_panes_id, g_source_remove);
  g_clear_handle_id (&self->error_dialog_id, g_source_remove);
  if (self->error_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->error_dialog));
  g_clear_handle_id (&self->deferred_load_id, g_source_remove);
  g_clear_handle_id (&self->hidden_panes_id, g_source_remove);
  g_clear_handle_id (&self->poll_store_id, g_source_remove);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_func (self->selection, selection_changed_cb, self);
  self->active_column = NULL;
  if (self->column_order != NULL)
    g_ptr_array_set_size (self->column_order, 0);

  /* Not template children: they go with their parents, the search button and
   * the draft paned. */
  self->search_popover = NULL;
  self->draft_panel = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), DOSSIER_TYPE_WINDOW);

  g_clear_object (&self->settings);
  g_clear_object (&self->store);
  g_clear_object (&self->selection);
  g_clear_object (&self->documents);

  G_OBJECT_CLASS (dossier_window_parent_class)->dispose (object);
}

static void
dossier_window_finalize (GObject *object)
{
  DossierWindow *self = (DossierWindow *) object;

  g_clear_pointer (&self->column_order, g_ptr_array_unref);

  G_OBJECT_CLASS (dossier_window_parent_class)->finalize (object);
}

static void
dossier_window_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DossierWindow *self = DOSSIER_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SHOW_LIBRARY:
      g_value_set_boolean (value, self->show_library);
      break;
    case PROP_SHOW_GRAPH:
      g_value_set_boolean (value, self->show_graph);
      break;
    case PROP_SHOW_INSPECTOR:
      g_value_set_boolean (value, self->show_inspector);
      break;
    case PROP_IMPORTING:
      g_value_set_boolean (value, dossier_window_get_importing (self));
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, dossier_library_get_loading (self->library));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
set_pane_visible (DossierWindow *self,
                  gboolean      *field,
                  GtkWidget     *pane,
                  guint          prop_id,
                  gboolean       visible)
{
  visible = !!visible;
  if (*field == visible)
    return;
  *field = visible;
  gtk_widget_set_visible (pane, visible);
  queue_pane_sizes (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
dossier_window_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  DossierWindow *self = DOSSIER_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SHOW_LIBRARY:
      set_pane_visible (self, &self->show_library, GTK_WIDGET (self->library),
                        prop_id, g_value_get_boolean (value));
      break;
    case PROP_SHOW_GRAPH:
      set_pane_visible (self, &self->show_graph, GTK_WIDGET (self->graph_pane),
                        prop_id, g_value_get_boolean (value));
      break;
    case PROP_SHOW_INSPECTOR:
      set_pane_visible (self, &self->show_inspector, GTK_WIDGET (self->inspector),
                        prop_id, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_window_class_init (DossierWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = dossier_window_dispose;
  object_class->finalize = dossier_window_finalize;
  object_class->get_property = dossier_window_get_property;
  object_class->set_property = dossier_window_set_property;
  window_class->close_request = dossier_window_close_request;

  properties[PROP_SHOW_LIBRARY] =
    g_param_spec_boolean ("show-library", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_GRAPH] =
    g_param_spec_boolean ("show-graph", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_INSPECTOR] =
    g_param_spec_boolean ("show-inspector", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IMPORTING] =
    g_param_spec_boolean ("importing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Whether the window still fills its lists after its first frame. */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DossierWindow::columns-changed:
   *
   * A column opened, closed, moved or shows another document.
   */
  signals[COLUMNS_CHANGED] =
    g_signal_new ("columns-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (DOSSIER_TYPE_LIBRARY);
  g_type_ensure (DOSSIER_TYPE_GRAPH_PANE);
  g_type_ensure (DOSSIER_TYPE_INSPECTOR);
  g_type_ensure (DOSSIER_TYPE_DRAFT_PANEL);
  g_type_ensure (DOSSIER_TYPE_SEARCH_POPOVER);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/dossier/Dossier/ui/dossier-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, draft_toggle);
  /* The other buttons with tooltips, found by gtk_widget_get_template_child(). */
  for (guint i = 0; i < G_N_ELEMENTS (header_tooltips); i++)
    if (g_strcmp0 (header_tooltips[i].id, "search_button") != 0 &&
        g_strcmp0 (header_tooltips[i].id, "draft_toggle") != 0)
      gtk_widget_class_bind_template_child_full (widget_class, header_tooltips[i].id, FALSE, 0);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, import_revealer);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, import_label);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, import_progress);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, outer_paned);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, inner_paned);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, center_paned);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, library);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, column_stack);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, columns_box);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, graph_pane);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, inspector);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, draft_paned);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, loading_page);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, error_page);

  _dossier_window_class_init_actions (widget_class);
}

static GSettings *
settings_new (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  /* An uninstalled build run without GSETTINGS_SCHEMA_DIR still starts; it just
   * forgets its sizes. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, DOSSIER_APP_ID, TRUE);
  if (schema == NULL)
    {
      g_debug ("No GSettings schema %s: window state is not remembered", DOSSIER_APP_ID);
      return NULL;
    }
  return g_settings_new_full (schema, NULL, NULL);
}

/* Two gaps of GTK 4.8's accessible names, filled for @widget and everything
 * in it. A button with a mnemonic label gets its raw label ("_Rename…"), and
 * screen readers then read the underscore and the name twice; without it, the
 * name comes from the visible label alone. The close button that a search
 * bar makes for itself, and the button inside a drop-down, have no name at
 * all, and are announced by their type ("GtkImage", "GtkToggleButton"): the
 * first gets one, the second its drop-down's tooltip. */
static void
fix_accessible_names (GtkWidget *widget,
                      gboolean   in_search_bar)
{
  in_search_bar = in_search_bar || GTK_IS_SEARCH_BAR (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    fix_accessible_names (child, in_search_bar);

  if (GTK_IS_BUTTON (widget) && gtk_button_get_use_underline (GTK_BUTTON (widget))
      && gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
    gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL);

  if (in_search_bar && GTK_IS_BUTTON (widget)
      && GTK_IS_IMAGE (gtk_button_get_child (GTK_BUTTON (widget)))
      && gtk_widget_get_tooltip_text (widget) == NULL)
    {
      /* Translators: accessible name and tooltip of the button that closes the find bar */
      const char *label = _("Close Find Bar");

      gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      gtk_widget_set_tooltip_text (widget, label);
    }

  if (GTK_IS_DROP_DOWN (widget) && gtk_widget_get_tooltip_text (widget) != NULL
      && GTK_IS_TOGGLE_BUTTON (gtk_widget_get_first_child (widget)))
    gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_first_child (widget)),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    gtk_widget_get_tooltip_text (widget), -1);
}

static void
dossier_window_init (DossierWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  fix_accessible_names (GTK_WIDGET (self), FALSE);

  self->show_library = self->show_graph = self->show_inspector = TRUE;
  self->inspector_width = 300;
  self->graph_height = 240;
  self->selection = dossier_selection_new ();
  self->documents = g_list_store_new (DOSSIER_TYPE_DOCUMENT_INFO);
  self->column_order = g_ptr_array_new ();

  if ((self->settings = settings_new ()))
    {
      int width = g_settings_get_int (self->settings, "window-width");
      int height = g_settings_get_int (self->settings, "window-height");

      gtk_window_set_default_size (GTK_WINDOW (self), width, height);
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
      gtk_paned_set_position (self->outer_paned, g_settings_get_int (self->settings, "sidebar-width"));
      self->inspector_width = g_settings_get_int (self->settings, "inspector-width");
      self->graph_height = g_settings_get_int (self->settings, "graph-height");
      g_settings_bind (self->settings, "sidebar-visible", self, "show-library", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "graph-visible", self, "show-graph", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "inspector-visible", self, "show-inspector", G_SETTINGS_BIND_DEFAULT);
    }
  else
    gtk_paned_set_position (self->outer_paned, 260);

  g_signal_connect (self->inner_paned, "notify::max-position", G_CALLBACK (paned_max_position_cb), self);
  g_signal_connect (self->center_paned, "notify::max-position", G_CALLBACK (paned_max_position_cb), self);
  g_signal_connect (self->inner_paned, "notify::position", G_CALLBACK (paned_position_cb), self);
  g_signal_connect (self->center_paned, "notify::position", G_CALLBACK (paned_position_cb), self);

  g_signal_connect (self->selection, "changed", G_CALLBACK (selection_changed_cb), self);
  g_signal_connect (self, "notify::application", G_CALLBACK (application_changed_cb), NULL);
  g_signal_connect (self->library, "document-activated",
                    G_CALLBACK (library_document_activated_cb), self);
  /* A load off the main thread keeps the library alive after the window. */
  g_signal_connect_object (self->library, "notify::loading", G_CALLBACK (library_loading_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect (self, "realize", G_CALLBACK (realize_cb), NULL);
  gtk_menu_button_set_create_popup_func (self->search_button, create_search_popup_cb, self, NULL);
  g_signal_connect (self->draft_toggle, "toggled", G_CALLBACK (draft_toggled_cb), self);
  {
    static const GActionEntry draft_entries[] = {
      { "add-block", draft_action_cb, "x" },
      { "add-entity", draft_action_cb, "x" },
      { "add-relation", draft_action_cb, "x" },
      { "add-query", draft_action_cb, "s" },
      { "suggest-relation", draft_action_cb, "x" },
    };
    g_autoptr(GSimpleActionGroup) draft_actions = g_simple_action_group_new ();

    g_action_map_add_action_entries (G_ACTION_MAP (draft_actions), draft_entries,
                                     G_N_ELEMENTS (draft_entries), self);
    gtk_widget_insert_action_group (GTK_WIDGET (self), "draft", G_ACTION_GROUP (draft_actions));
  }
  {
    static const GActionEntry help_entries[] = {
      { "show-help-overlay", show_help_overlay_cb },
    };

    g_action_map_add_action_entries (G_ACTION_MAP (self), help_entries,
                                     G_N_ELEMENTS (help_entries), self);
  }
  g_signal_connect (self->inspector, "entities-changed",
                    G_CALLBACK (inspector_entities_changed_cb), self);

  _dossier_window_init_import (self);
  _dossier_window_update_actions (self);

  self->poll_store_id = g_timeout_add_seconds (1, poll_store_cb, self);
  g_source_set_name_by_id (self->poll_store_id, "[dossier] poll the corpus for changes");
}

static void
error_dialog_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          DossierWindow    *self)
{
  DossierApplication *app = get_application (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *damaged = NULL;
  g_autofree char *path = NULL;

  if (app == NULL)
    return;

  if (g_str_equal (response, "open"))
    g_action_group_activate_action (G_ACTION_GROUP (app), "open-corpus", NULL);
  else if (g_str_equal (response, "quit"))
    g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  else if (g_str_equal (response, "fresh"))
    {
      damaged = g_strdup (dossier_application_get_failed_path (app));
      if ((path = dossier_application_start_fresh (app, &error)))
        {
          g_autofree char *message = NULL;

          /* Translators: a toast after "Start Fresh": the new corpus's full path, then the name of the file that could not be opened */
          message = g_strdup_printf (_("A fresh corpus is in “%s”. “%s” is left as it was."),
                                     path, damaged != NULL ? damaged : "");
          dossier_window_add_toast (self, message);
        }
      else if (self->store != NULL)
        dossier_window_add_toast (self, error->message);
      else
        adw_status_page_set_description (self->error_page, error->message);
    }
}

/* A corpus that cannot be opened is fatal for the window: a dialog says which
 * file and why, and offers the ways on. The error page stays behind it with
 * the same buttons, for when the dialog is dismissed. */
static void
show_error_dialog_cb (gpointer user_data)
{
  DossierWindow *self = user_data;
  DossierApplication *app = get_application (self);
  const GError *error = app != NULL ? dossier_application_get_open_error (app) : NULL;
  const char *path = app != NULL ? dossier_application_get_failed_path (app) : NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  self->error_dialog_id = 0;
  if (self->store != NULL || error == NULL)
    return;
  if (self->error_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->error_dialog));

  /* The reason names the file, mostly by the path it was opened with. */
  if (path == NULL || strstr (error->message, path) != NULL)
    /* Translators: body of the dialog shown when the corpus cannot be opened; %s is why, a sentence that names the file */
    body = g_strdup_printf (_("%s\n\nDossier has not changed this file and never deletes it. Open another corpus, or start a fresh one in a new file."),
                            error->message);
  else
    /* Translators: body of the dialog shown when the corpus cannot be opened. The first %s is why (a sentence that names the file), the second the file's full path. */
    body = g_strdup_printf (_("%s\n\nFile: %s\n\nDossier has not changed this file and never deletes it. Open another corpus, or start a fresh one in a new file."),
                            error->message, path);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Cannot Open the Corpus"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    /* Translators: a button of the dialog shown when the corpus cannot be opened */
                                    "quit", _("_Quit"),
                                    /* Translators: a button of the dialog shown when the corpus cannot be opened; makes a new, empty corpus file beside it */
                                    "fresh", _("_Start Fresh"),
                                    /* Translators: a button of the dialog shown when the corpus cannot be opened; opens a file chooser */
                                    "open", _("_Open Another…"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "open",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "open");
  /* Escape only dismisses it: the error page behind offers the same. */
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (error_dialog_response_cb), self, 0);
  self->error_dialog = ADW_MESSAGE_DIALOG (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->error_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_dossier_window_update_state (DossierWindow *self)
{
  DossierApplication *app = get_application (self);
  const GError *error = app != NULL ? dossier_application_get_open_error (app) : NULL;
  guint n_documents = g_list_model_get_n_items (G_LIST_MODEL (self->documents));
  const char *page;

  if (self->store == NULL)
    {
      adw_status_page_set_description (self->error_page,
                                       error != NULL ? error->message
                                       : _("No corpus is open."));
      page = "error";
      /* Once the window is up, so that the dialog has a parent to sit on. */
      if (error != NULL && self->error_dialog_id == 0)
        self->error_dialog_id = g_idle_add_once (show_error_dialog_cb, self);
    }
  else if (n_documents == 0 && dossier_window_get_importing (self))
    page = "loading";
  else if (n_documents == 0)
    page = "empty";
  else
    page = "main";

  /* A corpus opened since: the dialog has nothing left to say. */
  if (self->store != NULL && self->error_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->error_dialog));

  gtk_spinner_set_spinning (self->loading_spinner, g_str_equal (page, "loading"));
  gtk_stack_set_visible_child_name (self->main_stack, page);
  _dossier_window_update_actions (self);
}

void
_dossier_window_reload_documents (DossierWindow *self)
{
  g_autoptr(GListModel) documents = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  /* What this reload reads includes every change so far: none is left to poll. */
  if (self->store != NULL)
    dossier_store_poll_changes (self->store);
  if (self->store != NULL && !(documents = dossier_store_list_documents (self->store, &error)))
    dossier_window_add_toast (self, error->message);

  for (guint i = 0; documents != NULL && i < g_list_model_get_n_items (documents); i++)
    g_ptr_array_add (items, g_list_model_get_item (documents, i));
  g_list_store_splice (self->documents, 0, g_list_model_get_n_items (G_LIST_MODEL (self->documents)),
                       items->pdata, items->len);

  /* Columns whose document went away (deleted by the command line) close. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->columns_box)); child != NULL;)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);
      gint64 id = dossier_document_view_get_document_id (DOSSIER_DOCUMENT_VIEW (child));

      if (id != 0 && !has_document (self, id))
        dossier_window_close_column (self, DOSSIER_DOCUMENT_VIEW (child));
      child = next;
    }
}

void
_dossier_window_reload_entities (DossierWindow *self)
{
  dossier_library_reload_entities (self->library);
  dossier_graph_pane_reload (self->graph_pane);
  if (self->search_popover != NULL)
    dossier_search_popover_reload (self->search_popover);
  dossier_inspector_reload (self->inspector);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->columns_box));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    dossier_document_view_reload (DOSSIER_DOCUMENT_VIEW (child));
}

DossierWindow *
dossier_window_new (DossierApplication *application)
{
  return g_object_new (DOSSIER_TYPE_WINDOW, "application", application, NULL);
}

gboolean
dossier_window_open_document (DossierWindow *self,
                              gint64         document_id)
{
  g_return_val_if_fail (DOSSIER_IS_WINDOW (self), FALSE);

  if (!has_document (self, document_id))
    return FALSE;

  if (self->active_column == NULL)
    return dossier_window_add_column (self, document_id) != NULL;
  return dossier_document_view_set_document_id (self->active_column, document_id);
}

DossierDocumentView *
dossier_window_add_column (DossierWindow *self,
                           gint64         document_id)
{
  DossierDocumentView *column;
  GtkEventController *controller;
  guint n_documents;

  g_return_val_if_fail (DOSSIER_IS_WINDOW (self), NULL);

  if (self->store == NULL)
    return NULL;
  if (dossier_window_get_n_columns (self) >= MAX_COLUMNS)
    {
      dossier_window_add_toast (self, _("Close a column to open another one"));
      return NULL;
    }

  n_documents = g_list_model_get_n_items (G_LIST_MODEL (self->documents));
  if (n_documents == 0 || (document_id != 0 && !has_document (self, document_id)))
    return NULL;

  /* Without a choice, the first document that no column shows yet. */
  for (guint i = 0; document_id == 0 && i < n_documents; i++)
    {
      g_autoptr(DossierDocumentInfo) info = g_list_model_get_item (G_LIST_MODEL (self->documents), i);

      if (find_column (self, dossier_document_info_get_id (info)) == NULL)
        document_id = dossier_document_info_get_id (info);
    }
  if (document_id == 0 && n_documents > 0)
    {
      g_autoptr(DossierDocumentInfo) info = g_list_model_get_item (G_LIST_MODEL (self->documents), 0);
      document_id = dossier_document_info_get_id (info);
    }

  column = DOSSIER_DOCUMENT_VIEW (dossier_document_view_new (self->store, self->selection,
                                                             G_LIST_MODEL (self->documents)));
  g_signal_connect (column, "close-requested", G_CALLBACK (column_close_requested_cb), self);
  g_signal_connect (column, "move-requested", G_CALLBACK (column_move_requested_cb), self);
  g_signal_connect (column, "notify::document-id", G_CALLBACK (column_document_changed_cb), self);
  controller = gtk_event_controller_focus_new ();
  g_signal_connect (controller, "enter", G_CALLBACK (column_focus_enter_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (column), controller);

  gtk_box_append (self->columns_box, GTK_WIDGET (column));
  fix_accessible_names (GTK_WIDGET (column), FALSE);
  /* A column offers "Add Paragraph to Draft": the panel it adds to is there. */
  ensure_draft_panel (self);
  if (document_id != 0)
    dossier_document_view_set_document_id (column, document_id);
  set_active_column (self, column);
  columns_changed (self);
  return column;
}

void
dossier_window_close_column (DossierWindow       *self,
                             DossierDocumentView *column)
{
  GtkWidget *neighbour;

  g_return_if_fail (DOSSIER_IS_WINDOW (self));
  g_return_if_fail (DOSSIER_IS_DOCUMENT_VIEW (column));
  g_return_if_fail (gtk_widget_get_parent (GTK_WIDGET (column)) == GTK_WIDGET (self->columns_box));

  neighbour = gtk_widget_get_prev_sibling (GTK_WIDGET (column));
  if (neighbour == NULL)
    neighbour = gtk_widget_get_next_sibling (GTK_WIDGET (column));

  g_ptr_array_remove (self->column_order, column);
  if (self->active_column == column)
    {
      self->active_column = NULL;
      set_active_column (self, neighbour != NULL ? DOSSIER_DOCUMENT_VIEW (neighbour) : NULL);
    }
  gtk_box_remove (self->columns_box, GTK_WIDGET (column));
  columns_changed (self);
  if (neighbour != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (dossier_document_view_get_text_view (DOSSIER_DOCUMENT_VIEW (neighbour))));
}

void
dossier_window_move_column (DossierWindow       *self,
                            DossierDocumentView *column,
                            int                  delta)
{
  GtkWidget *widget = GTK_WIDGET (column);
  GtkWidget *prev, *next;

  g_return_if_fail (DOSSIER_IS_WINDOW (self));
  g_return_if_fail (DOSSIER_IS_DOCUMENT_VIEW (column));

  prev = gtk_widget_get_prev_sibling (widget);
  next = gtk_widget_get_next_sibling (widget);
  if (delta < 0 && prev != NULL)
    gtk_box_reorder_child_after (self->columns_box, prev, widget);
  else if (delta > 0 && next != NULL)
    gtk_box_reorder_child_after (self->columns_box, widget, next);
  else
    return;
  columns_changed (self);
}

gboolean
dossier_window_go_to_block (DossierWindow *self,
                            gint64         document_id,
                            gint64         block_id)
{
  g_return_val_if_fail (DOSSIER_IS_WINDOW (self), FALSE);

  if (!has_document (self, document_id))
    return FALSE;

  dossier_selection_select_block (self->selection, document_id, block_id, NULL);
  return self->active_column != NULL
         && dossier_document_view_get_document_id (self->active_column) == document_id
         && dossier_document_view_get_cursor_block (self->active_column) == block_id;
}

guint
dossier_window_get_n_columns (DossierWindow *self)
{
  guint n = 0;

  g_return_val_if_fail (DOSSIER_IS_WINDOW (self), 0);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->columns_box));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

DossierDocumentView *
dossier_window_get_column (DossierWindow *self,
                           guint          index)
{
  GtkWidget *child;

  g_return_val_if_fail (DOSSIER_IS_WINDOW (self), NULL);

  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->columns_box));
       child != NULL && index > 0; child = gtk_widget_get_next_sibling (child))
    index--;
  return child != NULL ? DOSSIER_DOCUMENT_VIEW (child) : NULL;
}

DossierDocumentView *
dossier_window_get_active_column (DossierWindow *self)
{
  g_return_val_if_fail (DOSSIER_IS_WINDOW (self), NULL);
  return self->active_column;
}

GListModel *
dossier_window_get_documents (DossierWindow *self)
{
  g_return_val_if_fail (DOSSIER_IS_WINDOW (self), NULL);
  return G_LIST_MODEL (self->documents);
}

DossierStore *
dossier_window_get_store (DossierWindow *self)
{
  g_return_val_if_fail (DOSSIER_IS_WINDOW (self), NULL);
  return self->store;
}

DossierSelection *
dossier_window_get_selection (DossierWindow *self)
{
  g_return_val_if_fail (DOSSIER_IS_WINDOW (self), NULL);
  return self->selection;
}

DossierLibrary *
dossier_window_get_library (DossierWindow *self)
{
  g_return_val_if_fail (DOSSIER_IS_WINDOW (self), NULL);
  return self->library;
}

DossierInspector *
dossier_window_get_inspector (DossierWindow *self)
{
  g_return_val_if_fail (DOSSIER_IS_WINDOW (self), NULL);
  return self->inspector;
}

DossierGraphPane *
dossier_window_get_graph_pane (DossierWindow *self)
{
  g_return_val_if_fail (DOSSIER_IS_WINDOW (self), NULL);
  return self->graph_pane;
}

DossierSearchPopover *
dossier_window_get_search (DossierWindow *self)
{
  g_return_val_if_fail (DOSSIER_IS_WINDOW (self), NULL);
  ensure_search_popover (self);
  ensure_search (self);
  return self->search_popover;
}

/* Returns: (transfer none): the window's shortcuts window, built if it was not yet. */
GtkShortcutsWindow *
dossier_window_get_help_overlay (DossierWindow *self)
{
  g_return_val_if_fail (DOSSIER_IS_WINDOW (self), NULL);
  return ensure_help_overlay (self);
}

void
dossier_window_set_graph_widget (DossierWindow *self,
                                 GtkWidget     *widget)
{
  g_return_if_fail (DOSSIER_IS_WINDOW (self));
  dossier_graph_pane_set_graph_widget (self->graph_pane, widget);
}

void
dossier_window_add_toast (DossierWindow *self,
                          const char    *message)
{
  g_autofree char *escaped = NULL;

  g_return_if_fail (DOSSIER_IS_WINDOW (self));

  /* Toast titles are markup; messages (with file names in them) are not. */
  escaped = g_markup_escape_text (message, -1);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}

const char *
dossier_window_get_state (DossierWindow *self)
{
  g_return_val_if_fail (DOSSIER_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->main_stack);
}

void
_dossier_window_set_active_column (DossierWindow       *self,
                                   DossierDocumentView *column)
{
  set_active_column (self, column);
}
