/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dossier-entities.h"
#include "dossier-entity-item.h"
#include "dossier-graph-pane.h"
#include "dossier-graph-private.h"
#include "dossier-graph-view.h"
#include "dossier-kinds.h"
#include "dossier-locale.h"
#include "dossier-relation-item.h"

struct _DossierGraphPane
{
  GtkWidget           parent_instance;

  DossierStore       *store;
  DossierSelection   *selection;
  GArray             *document_ids;   /* of gint64 */
  GListStore         *nodes;          /* of DossierEntityItem */
  GListStore         *edges;          /* of DossierRelationItem */
  GtkCustomFilter    *edge_filter;
  GtkFilterListModel *visible_edges;
  GtkSingleSelection *node_selection;
  gint64              entity_id;      /* the selected entity the edges follow */
  gboolean            syncing;
  DossierGraphView   *graph_view;
  GCancellable       *layout_cancellable;
  guint               rebuild_id;
  gboolean            graph_dirty;
  gboolean            painted;        /* the window has shown its first frame */
  gboolean            built_once;     /* a graph of this store was asked for before */

  /* Template widgets */
  GtkLabel           *title_label;
  GtkStackSwitcher   *view_switcher;
  GtkDropDown        *scope_dropdown;
  GtkStack           *view_stack;
  GtkLabel           *nodes_label;
  GtkListView        *node_list;
  GtkLabel           *edges_label;
  GtkStack           *edge_stack;
  GtkListView        *edge_list;
  GtkLabel           *edges_empty;
  AdwBin             *graph_bin;
};

G_DEFINE_FINAL_TYPE (DossierGraphPane, dossier_graph_pane, GTK_TYPE_WIDGET)

static void
setup_node_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *dot = gtk_label_new ("●");
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *kind = gtk_label_new (NULL);

  gtk_widget_add_css_class (dot, "kind-dot");
  gtk_label_set_xalign (GTK_LABEL (name), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_add_css_class (kind, "dim-label");
  gtk_widget_add_css_class (kind, "caption");
  gtk_box_append (GTK_BOX (box), dot);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), kind);
  gtk_list_item_set_child (item, box);
}

static void
bind_node_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  DossierEntityItem *entity_item = gtk_list_item_get_item (item);
  const DossierEntity *entity = dossier_entity_item_get_entity (entity_item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *dot = gtk_widget_get_first_child (box);
  GtkWidget *name = gtk_widget_get_next_sibling (dot);
  GtkWidget *kind = gtk_widget_get_next_sibling (name);
  const char *classes[] = { "kind-dot", entity->kind, NULL };
  g_autofree char *tooltip = NULL;

  gtk_widget_set_css_classes (dot, classes);
  gtk_label_set_text (GTK_LABEL (name), entity->name);
  gtk_label_set_text (GTK_LABEL (kind), dossier_kinds_get_label (entity->kind));
  /* Translators: tooltip of a graph node: "UNODC (Organisation), 12 mentions" */
  tooltip = g_strdup_printf (dossier_locale_grouped (ngettext ("%s (%s), %u mention", "%s (%s), %u mentions",
                                                               entity->n_mentions)),
                             entity->name, dossier_kinds_get_label (entity->kind),
                             entity->n_mentions);
  gtk_widget_set_tooltip_text (box, tooltip);
}

static void
setup_edge_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *ends = gtk_label_new (NULL);
  GtkWidget *details = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (ends), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (ends), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (details), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (details), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (details, "dim-label");
  gtk_widget_add_css_class (details, "caption");
  gtk_box_append (GTK_BOX (box), ends);
  gtk_box_append (GTK_BOX (box), details);
  gtk_list_item_set_child (item, box);
}

static void
bind_edge_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  const DossierRelation *relation =
    dossier_relation_item_get_relation (gtk_list_item_get_item (item));
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *ends = gtk_widget_get_first_child (box);
  GtkWidget *details = gtk_widget_get_next_sibling (ends);
  g_autofree char *ends_text = NULL;
  g_autofree char *details_text = NULL;

  if (relation->directed)
    /* Translators: a directed graph edge, source then target: "Protocol → UNODC" */
    ends_text = g_strdup_printf (C_("graph edge", "%s → %s"),
                                 relation->source_name, relation->target_name);
  else
    /* Translators: an undirected graph edge: "UNODC — OHCHR" */
    ends_text = g_strdup_printf (C_("graph edge", "%s — %s"),
                                 relation->source_name, relation->target_name);
  /* Translators: the kind and weight of a graph edge: "Mentioned together · 3 paragraphs" */
  details_text = g_strdup_printf (dossier_locale_grouped (ngettext ("%s · %u paragraph", "%s · %u paragraphs",
                                                                    relation->weight)),
                                  dossier_kinds_get_relation_label (relation->kind),
                                  relation->weight);
  gtk_label_set_text (GTK_LABEL (ends), ends_text);
  gtk_label_set_text (GTK_LABEL (details), details_text);
  gtk_widget_set_tooltip_text (box, _("Go to the first paragraph that supports this relation"));
}

static gboolean
edge_visible (gpointer item,
              gpointer user_data)
{
  DossierGraphPane *self = user_data;

  return self->entity_id == 0 || dossier_relation_item_involves (item, self->entity_id);
}

static const char *
get_entity_name (DossierGraphPane *self,
                 gint64            entity_id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->nodes));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DossierEntityItem) item = g_list_model_get_item (G_LIST_MODEL (self->nodes), i);

      if (dossier_entity_item_get_id (item) == entity_id)
        return dossier_entity_item_get_name (item);
    }
  return NULL;
}

static void
update_labels (DossierGraphPane *self)
{
  guint n_nodes = g_list_model_get_n_items (G_LIST_MODEL (self->nodes));
  guint n_edges = g_list_model_get_n_items (G_LIST_MODEL (self->visible_edges));
  const char *name = self->entity_id != 0 ? get_entity_name (self, self->entity_id) : NULL;
  g_autofree char *nodes = NULL;
  g_autofree char *edges = NULL;

  /* Translators: heading of the list of graph nodes, with their number */
  nodes = g_strdup_printf (dossier_locale_grouped (ngettext ("%u Entity", "%u Entities", n_nodes)), n_nodes);
  if (name != NULL)
    /* Translators: heading of the list of graph edges of the selected entity: "12 Relations of UNODC" */
    edges = g_strdup_printf (dossier_locale_grouped (ngettext ("%u Relation of %s", "%u Relations of %s", n_edges)),
                             n_edges, name);
  else
    /* Translators: heading of the list of graph edges, with their number */
    edges = g_strdup_printf (dossier_locale_grouped (ngettext ("%u Relation", "%u Relations", n_edges)), n_edges);
  gtk_label_set_text (self->nodes_label, nodes);
  gtk_label_set_text (self->edges_label, edges);

  if (n_edges > 0)
    gtk_stack_set_visible_child_name (self->edge_stack, "list");
  else
    {
      gtk_label_set_text (self->edges_empty,
                          name != NULL ? _("No relations of the chosen entity in this graph.")
                          : n_nodes > 0 ? _("No relations between these entities.")
                          : _("Open a document, or show the whole corpus."));
      gtk_stack_set_visible_child_name (self->edge_stack, "empty");
    }
}

static void
follow_selection (DossierGraphPane *self)
{
  gint64 entity_id = self->selection != NULL ? dossier_selection_get_entity_id (self->selection) : 0;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->nodes));
  guint position = GTK_INVALID_LIST_POSITION;

  self->entity_id = entity_id;
  for (guint i = 0; entity_id != 0 && i < n; i++)
    {
      g_autoptr(DossierEntityItem) item = g_list_model_get_item (G_LIST_MODEL (self->nodes), i);

      if (dossier_entity_item_get_id (item) == entity_id)
        {
          position = i;
          break;
        }
    }

  /* An entity outside this graph leaves the edges showing every relation. */
  if (position == GTK_INVALID_LIST_POSITION)
    self->entity_id = 0;

  self->syncing = TRUE;
  gtk_single_selection_set_selected (self->node_selection, position);
  self->syncing = FALSE;
  if (position != GTK_INVALID_LIST_POSITION)
    gtk_widget_activate_action (GTK_WIDGET (self->node_list), "list.scroll-to-item", "u", position);

  gtk_filter_changed (GTK_FILTER (self->edge_filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_labels (self);
}

static void
selection_changed_cb (DossierSelection *selection,
                      DossierGraphPane *self)
{
  if (self->entity_id != dossier_selection_get_entity_id (selection)
      || gtk_single_selection_get_selected (self->node_selection) == GTK_INVALID_LIST_POSITION)
    follow_selection (self);
}

static void
node_activate_cb (GtkListView      *list,
                  guint             position,
                  DossierGraphPane *self)
{
  g_autoptr(DossierEntityItem) item = g_list_model_get_item (G_LIST_MODEL (self->nodes), position);

  if (item != NULL && self->selection != NULL)
    dossier_selection_select_entity (self->selection, dossier_entity_item_get_id (item), self);
}

static void
edge_activate_cb (GtkListView      *list,
                  guint             position,
                  DossierGraphPane *self)
{
  g_autoptr(DossierRelationItem) item =
    g_list_model_get_item (G_LIST_MODEL (self->visible_edges), position);
  g_autoptr(GPtrArray) evidence = NULL;
  g_autoptr(GError) error = NULL;
  const DossierEvidence *first;

  if (item == NULL || self->store == NULL || self->selection == NULL)
    return;

  evidence = dossier_store_list_evidence (self->store,
                                          dossier_relation_item_get_relation (item)->id, &error);
  if (evidence == NULL || evidence->len == 0)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "window.toast", "s",
                                  error != NULL ? error->message
                                  : _("No paragraph supports this relation: it comes from the gazetteer."));
      return;
    }

  first = g_ptr_array_index (evidence, 0);
  dossier_selection_select_block (self->selection, first->document_id, first->block_id, self);
}


static void
layout_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DossierGraphPane) self = user_data;
  DossierGraph *graph = DOSSIER_GRAPH (source);
  g_autoptr(GError) error = NULL;

  if (!dossier_graph_layout_finish (graph, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && self->graph_view != NULL)
        dossier_graph_view_set_message (self->graph_view, error->message);
      return;
    }
  if (self->graph_view == NULL)
    return;
  dossier_graph_view_set_loading (self->graph_view, FALSE, NULL);
  dossier_graph_view_set_graph (self->graph_view, graph);
  if (dossier_graph_get_layout_note (graph) != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "window.toast", "s",
                                dossier_graph_get_layout_note (graph));
}

/* Lays out a graph just built, or says why there is nothing to lay out. */
static void
show_built_graph (DossierGraphPane *self,
                  DossierGraph     *graph)
{
  if (dossier_graph_get_n_nodes (graph) == 0)
    {
      dossier_graph_view_set_graph (self->graph_view, NULL);
      dossier_graph_view_set_message (self->graph_view,
                                      dossier_graph_view_is_filtered (self->graph_view)
                                      ? _("No relation passes the graph’s filter: lower the minimum weight or widen the dates.")
                                      : _("These documents name no entities."));
      return;
    }

  /* The shown nodes stay in place, and the pinned ones where the user put them. */
  dossier_graph_view_prepare_graph (self->graph_view, graph);
  if (self->layout_cancellable == NULL)
    self->layout_cancellable = g_cancellable_new ();
  dossier_graph_view_set_loading (self->graph_view, TRUE, self->layout_cancellable);
  dossier_graph_layout_async (graph, dossier_graph_view_get_engine (self->graph_view),
                              self->layout_cancellable, layout_done_cb, g_object_ref (self));
}

typedef struct
{
  char               *path;
  DossierGraphFilter *filter;
  GWeakRef            pane;
} BuildData;

static void
build_data_free (BuildData *data)
{
  g_free (data->path);
  dossier_graph_filter_free (data->filter);
  g_weak_ref_clear (&data->pane);
  g_free (data);
}

static void
build_graph_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  BuildData *data = task_data;
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(GError) error = NULL;
  DossierGraph *graph;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (!(store = dossier_store_open (data->path, &error))
      || !(graph = dossier_graph_new_from_store (store, data->filter, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, graph, g_object_unref);
}

static void
build_graph_done_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  BuildData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(DossierGraphPane) self = g_weak_ref_get (&data->pane);
  g_autoptr(DossierGraph) graph = NULL;
  g_autoptr(GError) error = NULL;

  graph = g_task_propagate_pointer (G_TASK (result), &error);
  /* Gone, or overtaken by a rebuild, which builds the graph again itself. */
  if (self == NULL || self->graph_view == NULL || self->store == NULL
      || g_task_get_cancellable (G_TASK (result)) != self->layout_cancellable
      || g_cancellable_is_cancelled (self->layout_cancellable))
    return;
  if (graph == NULL)
    {
      dossier_graph_view_set_loading (self->graph_view, FALSE, NULL);
      dossier_graph_view_set_message (self->graph_view, error->message);
      return;
    }
  /* Read on a connection of its own: from now on it answers from the window's. */
  _dossier_graph_set_source (graph, self->store, data->filter);
  show_built_graph (self, graph);
}

/* The first graph of a corpus is read off the main thread, on a connection of
 * its own (about 1 s for 10,000 documents, while the window fills its lists).
 * Any rebuild asked for meanwhile cancels it and builds its own graph, so that
 * what a restored view or a new filter shows is never overwritten by it. */
static gboolean
build_graph_in_thread (DossierGraphPane   *self,
                       DossierGraphFilter *filter)
{
  const char *path = dossier_store_get_path (self->store);
  g_autoptr(GTask) task = NULL;
  BuildData *data;

  if (self->built_once)
    return FALSE;
  self->built_once = TRUE;
  /* A corpus that cannot be opened twice (in memory) is read on the main thread. */
  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return FALSE;

  data = g_new0 (BuildData, 1);
  data->path = g_strdup (path);
  data->filter = dossier_graph_filter_copy (filter);
  g_weak_ref_init (&data->pane, self);
  self->layout_cancellable = g_cancellable_new ();
  dossier_graph_view_set_loading (self->graph_view, TRUE, self->layout_cancellable);
  task = g_task_new (NULL, self->layout_cancellable, build_graph_done_cb, NULL);
  g_task_set_source_tag (task, build_graph_in_thread);
  g_task_set_task_data (task, data, (GDestroyNotify) build_data_free);
  g_task_run_in_thread (task, build_graph_thread);
  return TRUE;
}

/* Builds the graph of the current scope and lays it out off the main thread. */
static void
rebuild_graph_now (DossierGraphPane *self)
{
  g_autoptr(DossierGraphFilter) filter = NULL;
  g_autoptr(DossierGraph) graph = NULL;
  g_autoptr(GError) error = NULL;

  if (self->graph_view == NULL)
    return;
  if (self->layout_cancellable != NULL)
    g_cancellable_cancel (self->layout_cancellable);
  g_clear_object (&self->layout_cancellable);

  if (self->store == NULL)
    {
      dossier_graph_view_set_graph (self->graph_view, NULL);
      return;
    }

  filter = dossier_graph_filter_new ();
  /* With no document open, the graph shows the corpus rather than nothing. */
  dossier_graph_filter_set_top_n (filter, DOSSIER_GRAPH_PANE_TOP_N);
  /* The toolbar's minimum weight, relation kinds and date range. */
  dossier_graph_view_apply_filter (self->graph_view, filter);
  if (dossier_graph_pane_get_scope (self) == DOSSIER_GRAPH_SCOPE_OPEN_DOCUMENTS)
    for (guint i = 0; i < self->document_ids->len; i++)
      dossier_graph_filter_add_document (filter, g_array_index (self->document_ids, gint64, i));

  if (build_graph_in_thread (self, filter))
    return;
  if (!(graph = dossier_graph_new_from_store (self->store, filter, &error)))
    {
      dossier_graph_view_set_message (self->graph_view, error->message);
      return;
    }
  show_built_graph (self, graph);
}

static gboolean
rebuild_timeout_cb (gpointer user_data)
{
  DossierGraphPane *self = user_data;

  self->rebuild_id = 0;
  if (self->graph_view != NULL && gtk_widget_get_mapped (GTK_WIDGET (self->graph_view))
      && self->painted)
    rebuild_graph_now (self);
  else
    self->graph_dirty = TRUE;
  return G_SOURCE_REMOVE;
}

/* A layout cannot be stopped once Graphviz runs: reloads in quick succession
 * (columns opening one after the other) make one graph, and a hidden graph
 * waits until it is shown. */
static void
rebuild_graph (DossierGraphPane *self)
{
  if (self->graph_view == NULL)
    return;
  if (self->layout_cancellable != NULL)
    g_cancellable_cancel (self->layout_cancellable);
  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  self->rebuild_id = g_timeout_add (250, rebuild_timeout_cb, self);
}

/* Reading the graph of a large corpus takes seconds on the main thread (1.2 s
 * for the 300 most connected entities of 1,000 documents): the window shows
 * its first frame before, with the graph view's spinner. */
static void
first_paint_cb (GdkFrameClock    *clock,
                DossierGraphPane *self)
{
  g_signal_handlers_disconnect_by_func (clock, first_paint_cb, self);
  self->painted = TRUE;
  if (self->graph_dirty && self->graph_view != NULL
      && gtk_widget_get_mapped (GTK_WIDGET (self->graph_view)))
    {
      self->graph_dirty = FALSE;
      rebuild_graph (self);
    }
}

static void
graph_mapped_cb (GtkWidget        *view,
                 DossierGraphPane *self)
{
  if (!self->painted)
    {
      GdkFrameClock *clock = gtk_widget_get_frame_clock (view);

      g_signal_handlers_disconnect_by_func (clock, first_paint_cb, self);
      g_signal_connect_object (clock, "after-paint", G_CALLBACK (first_paint_cb), self, 0);
      if (self->rebuild_id != 0 || self->graph_dirty)
        dossier_graph_view_set_loading (self->graph_view, TRUE, NULL);
      return;
    }
  if (self->graph_dirty)
    {
      self->graph_dirty = FALSE;
      rebuild_graph (self);
    }
}

static void
engine_changed_cb (DossierGraphView *view,
                   GParamSpec       *pspec,
                   DossierGraphPane *self)
{
  rebuild_graph (self);
}

/* A new graph from the new filter, laid out keeping the nodes that stay in place. */
static void
filter_changed_cb (DossierGraphView *view,
                   DossierGraphPane *self)
{
  rebuild_graph (self);
}

static void
scope_changed_cb (GtkDropDown      *dropdown,
                  GParamSpec       *pspec,
                  DossierGraphPane *self)
{
  dossier_graph_pane_reload (self);
}

static void
dossier_graph_pane_dispose (GObject *object)
{
  DossierGraphPane *self = (DossierGraphPane *) object;
  GtkWidget *child;

  if (self->layout_cancellable != NULL)
    g_cancellable_cancel (self->layout_cancellable);
  g_clear_object (&self->layout_cancellable);
  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  self->graph_view = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), DOSSIER_TYPE_GRAPH_PANE);
  /* The template's unnamed children (a switcher, a header box) are ours to drop. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  g_clear_object (&self->store);
  g_clear_object (&self->selection);
  g_clear_object (&self->nodes);
  g_clear_object (&self->edges);
  g_clear_object (&self->edge_filter);
  g_clear_object (&self->visible_edges);
  g_clear_object (&self->node_selection);

  G_OBJECT_CLASS (dossier_graph_pane_parent_class)->dispose (object);
}

static void
dossier_graph_pane_finalize (GObject *object)
{
  DossierGraphPane *self = (DossierGraphPane *) object;

  g_clear_pointer (&self->document_ids, g_array_unref);

  G_OBJECT_CLASS (dossier_graph_pane_parent_class)->finalize (object);
}

static void
dossier_graph_pane_class_init (DossierGraphPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_graph_pane_dispose;
  object_class->finalize = dossier_graph_pane_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/dossier/Dossier/ui/dossier-graph-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierGraphPane, title_label);
  gtk_widget_class_bind_template_child (widget_class, DossierGraphPane, view_switcher);
  gtk_widget_class_bind_template_child (widget_class, DossierGraphPane, scope_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DossierGraphPane, view_stack);
  gtk_widget_class_bind_template_child (widget_class, DossierGraphPane, nodes_label);
  gtk_widget_class_bind_template_child (widget_class, DossierGraphPane, node_list);
  gtk_widget_class_bind_template_child (widget_class, DossierGraphPane, edges_label);
  gtk_widget_class_bind_template_child (widget_class, DossierGraphPane, edge_stack);
  gtk_widget_class_bind_template_child (widget_class, DossierGraphPane, edge_list);
  gtk_widget_class_bind_template_child (widget_class, DossierGraphPane, edges_empty);
  gtk_widget_class_bind_template_child (widget_class, DossierGraphPane, graph_bin);
  gtk_widget_class_bind_template_callback (widget_class, node_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, edge_activate_cb);

  gtk_widget_class_set_css_name (widget_class, "graphpane");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

/* The scope drop-down's tooltip, given after the window's first frame: GTK 4.8
 * asks the X server where the pointer is for every tooltip set on a shown
 * widget, which held back the first frame while the template was built. */
static void
tooltip_paint_cb (GdkFrameClock    *clock,
                DossierGraphPane *self)
{
  g_signal_handlers_disconnect_by_func (clock, tooltip_paint_cb, self);
  /* Translators: tooltip of the drop-down that chooses which entities the graph shows */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->scope_dropdown), _("Entities to Show"));
}

static void
tooltip_realize_cb (DossierGraphPane *self)
{
  if (gtk_widget_get_tooltip_text (GTK_WIDGET (self->scope_dropdown)) == NULL)
    g_signal_connect_object (gtk_widget_get_frame_clock (GTK_WIDGET (self)), "after-paint",
                             G_CALLBACK (tooltip_paint_cb), self, 0);
}

static void
dossier_graph_pane_init (DossierGraphPane *self)
{
  g_autoptr(GtkListItemFactory) node_factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkListItemFactory) edge_factory = gtk_signal_list_item_factory_new ();
  GtkNoSelection *edge_selection;

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Graph"), -1);
  /* GTK 4.8 names a drop-down without a label after its type. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->scope_dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Entities to Show"), -1);
  /* And the button inside it, which the window named after the drop-down's
   * tooltip before that tooltip came after the first frame. */
  if (GTK_IS_TOGGLE_BUTTON (gtk_widget_get_first_child (GTK_WIDGET (self->scope_dropdown))))
    gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_first_child (GTK_WIDGET (self->scope_dropdown))),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, _("Entities to Show"), -1);
  g_signal_connect (self, "realize", G_CALLBACK (tooltip_realize_cb), NULL);

  self->document_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->nodes = g_list_store_new (DOSSIER_TYPE_ENTITY_ITEM);
  self->edges = g_list_store_new (DOSSIER_TYPE_RELATION_ITEM);
  self->edge_filter = gtk_custom_filter_new (edge_visible, self, NULL);
  self->visible_edges = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->edges)),
                                                   g_object_ref (GTK_FILTER (self->edge_filter)));

  g_signal_connect (node_factory, "setup", G_CALLBACK (setup_node_cb), self);
  g_signal_connect (node_factory, "bind", G_CALLBACK (bind_node_cb), self);
  gtk_list_view_set_factory (self->node_list, node_factory);
  self->node_selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->nodes)));
  gtk_single_selection_set_autoselect (self->node_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->node_selection, TRUE);
  gtk_list_view_set_model (self->node_list, GTK_SELECTION_MODEL (self->node_selection));

  g_signal_connect (edge_factory, "setup", G_CALLBACK (setup_edge_cb), self);
  g_signal_connect (edge_factory, "bind", G_CALLBACK (bind_edge_cb), self);
  gtk_list_view_set_factory (self->edge_list, edge_factory);
  edge_selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->visible_edges)));
  gtk_list_view_set_model (self->edge_list, GTK_SELECTION_MODEL (edge_selection));
  g_object_unref (edge_selection);

  g_signal_connect (self->scope_dropdown, "notify::selected", G_CALLBACK (scope_changed_cb), self);
  gtk_stack_set_visible_child_name (self->view_stack, "list");
  update_labels (self);

  /* The interactive graph, in the "Graph" page beside the lists. */
  self->graph_view = DOSSIER_GRAPH_VIEW (dossier_graph_view_new ());
  g_signal_connect_object (self->graph_view, "notify::engine", G_CALLBACK (engine_changed_cb), self, 0);
  g_signal_connect_object (self->graph_view, "filter-changed", G_CALLBACK (filter_changed_cb), self, 0);
  g_signal_connect_object (self->graph_view, "map", G_CALLBACK (graph_mapped_cb), self, 0);
  /* A saved view restores the scope through the view. */
  g_object_bind_property (self->scope_dropdown, "selected", self->graph_view, "scope",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  dossier_graph_pane_set_graph_widget (self, GTK_WIDGET (self->graph_view));
}

void
dossier_graph_pane_set_model (DossierGraphPane *self,
                              DossierStore     *store,
                              DossierSelection *selection)
{
  g_return_if_fail (DOSSIER_IS_GRAPH_PANE (self));

  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_func (self->selection, selection_changed_cb, self);
  if (self->store != store)
    self->built_once = FALSE;
  g_set_object (&self->store, store);
  g_set_object (&self->selection, selection);
  if (selection != NULL)
    g_signal_connect_object (selection, "changed", G_CALLBACK (selection_changed_cb), self, 0);
  if (self->graph_view != NULL)
    dossier_graph_view_set_selection (self->graph_view, selection);

  dossier_graph_pane_reload (self);
}

void
dossier_graph_pane_set_documents (DossierGraphPane *self,
                                  const gint64     *document_ids,
                                  guint             n_documents)
{
  g_return_if_fail (DOSSIER_IS_GRAPH_PANE (self));

  if (self->document_ids->len == n_documents
      && (n_documents == 0
          || memcmp (self->document_ids->data, document_ids, n_documents * sizeof (gint64)) == 0))
    return;

  g_array_set_size (self->document_ids, 0);
  g_array_append_vals (self->document_ids, document_ids, n_documents);
  if (dossier_graph_pane_get_scope (self) == DOSSIER_GRAPH_SCOPE_OPEN_DOCUMENTS)
    dossier_graph_pane_reload (self);
}

DossierGraphScope
dossier_graph_pane_get_scope (DossierGraphPane *self)
{
  g_return_val_if_fail (DOSSIER_IS_GRAPH_PANE (self), DOSSIER_GRAPH_SCOPE_OPEN_DOCUMENTS);

  return gtk_drop_down_get_selected (self->scope_dropdown) == 1
         ? DOSSIER_GRAPH_SCOPE_CORPUS : DOSSIER_GRAPH_SCOPE_OPEN_DOCUMENTS;
}

void
dossier_graph_pane_set_scope (DossierGraphPane  *self,
                              DossierGraphScope  scope)
{
  g_return_if_fail (DOSSIER_IS_GRAPH_PANE (self));

  gtk_drop_down_set_selected (self->scope_dropdown,
                              scope == DOSSIER_GRAPH_SCOPE_CORPUS ? 1 : 0);
}

typedef struct
{
  DossierEntity *entity;
  char          *key;
} SortedEntity;

static int
compare_sorted_entities (gconstpointer a,
                         gconstpointer b)
{
  const SortedEntity *x = a;
  const SortedEntity *y = b;

  if (x->entity->n_mentions != y->entity->n_mentions)
    return x->entity->n_mentions > y->entity->n_mentions ? -1 : 1;
  return strcmp (x->key, y->key);
}

/* As the store lists one document's entities: the most mentioned first, then
 * by name in the order of the interface's language (one collation key each). */
static void
sort_entities (GPtrArray *entities)
{
  g_autofree SortedEntity *sorted = g_new (SortedEntity, MAX (entities->len, 1));

  for (guint i = 0; i < entities->len; i++)
    {
      DossierEntity *entity = g_ptr_array_index (entities, i);

      sorted[i].entity = entity;
      sorted[i].key = g_utf8_collate_key (entity->name != NULL ? entity->name : "", -1);
    }
  qsort (sorted, entities->len, sizeof (SortedEntity), compare_sorted_entities);
  for (guint i = 0; i < entities->len; i++)
    {
      entities->pdata[i] = sorted[i].entity;
      g_free (sorted[i].key);
    }
}

static GPtrArray *
collect_entities (DossierGraphPane *self,
                  GError          **error)
{
  g_autoptr(GPtrArray) result = NULL;
  g_autoptr(GHashTable) seen = NULL;

  if (dossier_graph_pane_get_scope (self) == DOSSIER_GRAPH_SCOPE_CORPUS
      || self->document_ids->len == 0)
    {
      if (dossier_graph_pane_get_scope (self) == DOSSIER_GRAPH_SCOPE_CORPUS)
        return dossier_store_list_entities (self->store, NULL, 0, FALSE, error);
      return g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_entity_free);
    }

  /* The union of the open documents' entities, each once with its mentions in
   * all of them. */
  result = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_entity_free);
  seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < self->document_ids->len; i++)
    {
      g_autoptr(GPtrArray) entities =
        dossier_store_list_entities (self->store, NULL,
                                     g_array_index (self->document_ids, gint64, i), FALSE, error);

      if (entities == NULL)
        return NULL;
      for (guint j = 0; j < entities->len; j++)
        {
          DossierEntity *entity = g_ptr_array_index (entities, j);
          DossierEntity *known = g_hash_table_lookup (seen, &entity->id);

          if (known != NULL)
            {
              known->n_mentions += entity->n_mentions;
              known->n_documents += entity->n_documents;
              continue;
            }
          g_ptr_array_add (result, g_ptr_array_steal_index (entities, j--));
          g_hash_table_insert (seen, &entity->id, entity);
        }
    }
  sort_entities (result);
  return g_steal_pointer (&result);
}

void
dossier_graph_pane_reload (DossierGraphPane *self)
{
  g_autoptr(GPtrArray) entities = NULL;
  g_autoptr(GPtrArray) relations = NULL;
  g_autoptr(GHashTable) ids = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) node_items = NULL;

  g_return_if_fail (DOSSIER_IS_GRAPH_PANE (self));

  rebuild_graph (self);
  if (self->store == NULL)
    {
      g_list_store_remove_all (self->nodes);
      g_list_store_remove_all (self->edges);
      update_labels (self);
      return;
    }

  if (!(entities = collect_entities (self, &error)))
    {
      g_warning ("Could not list the graph's entities: %s", error->message);
      return;
    }

  ids = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < entities->len; i++)
    g_hash_table_add (ids, &((DossierEntity *) g_ptr_array_index (entities, i))->id);

  /* Edges whose two ends are nodes of this graph. Without nodes there are none,
   * and listing every relation of a large corpus takes seconds (2.2 s and
   * 42 MB for 1,000 documents): not at start-up, when no document is open. */
  items = g_ptr_array_new_with_free_func (g_object_unref);
  if (entities->len > 0)
    relations = dossier_store_list_relations (self->store, 0, FALSE, &error);
  else
    relations = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_relation_free);
  for (guint i = 0; relations != NULL && i < relations->len; i++)
    {
      DossierRelation *relation = g_ptr_array_index (relations, i);

      if (!g_hash_table_contains (ids, &relation->source_id)
          || !g_hash_table_contains (ids, &relation->target_id))
        continue;
      g_ptr_array_add (items, dossier_relation_item_new (g_ptr_array_steal_index (relations, i--)));
    }
  if (relations == NULL)
    g_warning ("Could not list the graph's relations: %s", error->message);
  g_clear_pointer (&ids, g_hash_table_unref);

  g_list_store_splice (self->edges, 0, g_list_model_get_n_items (G_LIST_MODEL (self->edges)),
                       items->pdata, items->len);

  g_ptr_array_set_size (items, 0);
  node_items = dossier_entity_item_list_from_array (entities);
  for (guint i = 0; i < g_list_model_get_n_items (node_items); i++)
    g_ptr_array_add (items, g_list_model_get_item (node_items, i));
  g_list_store_splice (self->nodes, 0, g_list_model_get_n_items (G_LIST_MODEL (self->nodes)),
                       items->pdata, items->len);

  follow_selection (self);
}

void
dossier_graph_pane_set_graph_widget (DossierGraphPane *self,
                                     GtkWidget        *widget)
{
  g_return_if_fail (DOSSIER_IS_GRAPH_PANE (self));
  g_return_if_fail (widget == NULL || GTK_IS_WIDGET (widget));

  if (widget != GTK_WIDGET (self->graph_view))
    self->graph_view = NULL;
  adw_bin_set_child (self->graph_bin, widget);
  gtk_widget_set_visible (GTK_WIDGET (self->view_switcher), widget != NULL);
  gtk_stack_set_visible_child_name (self->view_stack, widget != NULL ? "graph" : "list");
}

GtkWidget *
dossier_graph_pane_get_graph_widget (DossierGraphPane *self)
{
  g_return_val_if_fail (DOSSIER_IS_GRAPH_PANE (self), NULL);
  return adw_bin_get_child (self->graph_bin);
}

GListModel *
dossier_graph_pane_get_nodes (DossierGraphPane *self)
{
  g_return_val_if_fail (DOSSIER_IS_GRAPH_PANE (self), NULL);
  return G_LIST_MODEL (self->nodes);
}

GListModel *
dossier_graph_pane_get_edges (DossierGraphPane *self)
{
  g_return_val_if_fail (DOSSIER_IS_GRAPH_PANE (self), NULL);
  return G_LIST_MODEL (self->visible_edges);
}

guint
dossier_graph_pane_get_selected_node (DossierGraphPane *self)
{
  g_return_val_if_fail (DOSSIER_IS_GRAPH_PANE (self), GTK_INVALID_LIST_POSITION);
  return gtk_single_selection_get_selected (self->node_selection);
}
