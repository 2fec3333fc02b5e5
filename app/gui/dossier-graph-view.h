/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dossier-graph.h"
#include "dossier-selection.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_GRAPH_VIEW (dossier_graph_view_get_type ())

/* What the graph is drawn from: the documents open in columns, or the whole
 * corpus. The graph pane's drop-down and the view's "scope" follow each other. */
typedef enum
{
  DOSSIER_GRAPH_SCOPE_OPEN_DOCUMENTS,
  DOSSIER_GRAPH_SCOPE_CORPUS,
} DossierGraphScope;

G_DECLARE_FINAL_TYPE (DossierGraphView, dossier_graph_view, DOSSIER, GRAPH_VIEW, GtkWidget)

/* The interactive graph: draws the layout that app/core made (its geometry and
 * Graphviz's own drawing operations) and lets the user zoom, pan, hover, select,
 * expand, pin and walk the graph with the keyboard. Rendering is cached in tiles,
 * so that panning and zooming never lay the graph out again nor redraw thousands
 * of paths from scratch. */

/* The smallest and largest zoom: device pixels per Graphviz point. */
#define DOSSIER_GRAPH_VIEW_MIN_ZOOM 0.01
#define DOSSIER_GRAPH_VIEW_MAX_ZOOM 8.0
/* The least zoom of a graph's first view: the smallest node labels (10 pt)
 * are 7.5 pixels high, the most mentioned ones 11 to 15. */
#define DOSSIER_GRAPH_VIEW_READABLE_ZOOM 0.75

GtkWidget        *dossier_graph_view_new                (void);

/* The graph to show; it must be laid out. Nodes that the previous graph also had
 * move smoothly from their old place to the new one; pinned nodes stay where the
 * user put them. NULL empties the view. */
void              dossier_graph_view_set_graph          (DossierGraphView *self,
                                                         DossierGraph     *graph);
DossierGraph     *dossier_graph_view_get_graph          (DossierGraphView *self);
/* The window's linked selection: a click chooses the entity everywhere, and an
 * entity chosen elsewhere is selected here. */
void              dossier_graph_view_set_selection      (DossierGraphView *self,
                                                         DossierSelection *selection);
/* Shows a spinner with a cancel button over the graph while a layout runs. */
void              dossier_graph_view_set_loading        (DossierGraphView *self,
                                                         gboolean          loading,
                                                         GCancellable     *cancellable);
/* A sentence shown over the graph (an empty graph, a failed layout), or NULL. */
void              dossier_graph_view_set_message        (DossierGraphView *self,
                                                         const char       *message);

/* The layout engine the toolbar chose, or NULL for Dossier's choice. */
const char       *dossier_graph_view_get_engine         (DossierGraphView *self);
void              dossier_graph_view_set_engine         (DossierGraphView *self,
                                                         const char       *engine);

DossierGraphScope dossier_graph_view_get_scope         (DossierGraphView *self);
void              dossier_graph_view_set_scope          (DossierGraphView *self,
                                                         DossierGraphScope scope);
/* The nodes whose neighbourhood the graph shows (Expand on a graph of the
 * whole scope), NULL-terminated; empty for the whole scope. */
GStrv             dossier_graph_view_dup_centres        (DossierGraphView *self);
/* Whether the legend shows the nodes of @kind. */
gboolean          dossier_graph_view_get_kind_shown     (DossierGraphView *self,
                                                         const char       *kind);
void              dossier_graph_view_set_kind_shown     (DossierGraphView *self,
                                                         const char       *kind,
                                                         gboolean          shown);
/* What the nodes' colours and sizes stand for (the filter popover's "Colour
 * by" and "Size by"). Colours restyle the graph shown; sizes make a new graph
 * and emit "filter-changed". */
DossierGraphColorBy dossier_graph_view_get_color_by     (DossierGraphView    *self);
void              dossier_graph_view_set_color_by       (DossierGraphView    *self,
                                                         DossierGraphColorBy  color_by);
DossierGraphSizeBy dossier_graph_view_get_size_by       (DossierGraphView    *self);
void              dossier_graph_view_set_size_by        (DossierGraphView    *self,
                                                         DossierGraphSizeBy   size_by);
/* Readies @graph, about to replace the graph shown: the nodes they share keep
 * their positions, and the nodes the user pinned go to Graphviz as pins (see
 * dossier_graph_pin_node). */
void              dossier_graph_view_prepare_graph      (DossierGraphView *self,
                                                         DossierGraph     *graph);

/* The toolbar's filter: the least weight of a co-mention edge, the kinds of
 * relation, and the range of document dates (ISO 8601 prefixes such as "2003" or
 * "2003-05", NULL for an open end). Each change emits "filter-changed"; whoever
 * builds the graph copies them into its DossierGraphFilter and lays the new graph
 * out keeping the old positions. */
guint             dossier_graph_view_get_min_weight     (DossierGraphView *self);
void              dossier_graph_view_set_min_weight     (DossierGraphView *self,
                                                         guint             min_weight);
DossierGraphRelations dossier_graph_view_get_relations  (DossierGraphView *self);
void              dossier_graph_view_set_relations      (DossierGraphView *self,
                                                         DossierGraphRelations relations);
/* Fails, changing nothing, when an end is not a date. */
gboolean          dossier_graph_view_set_date_range     (DossierGraphView *self,
                                                         const char       *from,
                                                         const char       *to,
                                                         GError          **error);
void              dossier_graph_view_apply_filter       (DossierGraphView   *self,
                                                         DossierGraphFilter *filter);
/* TRUE when the toolbar's filter leaves anything out. */
gboolean          dossier_graph_view_is_filtered        (DossierGraphView *self);

/* Saved views: the filter (with the toolbar's choices), selection, hidden and
 * pinned nodes and viewport as JSON (see dossier-saved-views.h), and back.
 * Restoring sets the toolbar's filter, which emits "filter-changed"; the
 * selection applies to the graph built from it. */
JsonNode         *dossier_graph_view_dup_state          (DossierGraphView *self);
gboolean          dossier_graph_view_restore_state      (DossierGraphView *self,
                                                         JsonNode         *state,
                                                         GError          **error);

/* The same, by name in the graph's corpus, and as a file another user can open.
 * Importing saves the view in the corpus under its own name (returned) and
 * restores it. */
gboolean          dossier_graph_view_save_view          (DossierGraphView *self,
                                                         const char       *name,
                                                         GError          **error);
gboolean          dossier_graph_view_restore_view       (DossierGraphView *self,
                                                         const char       *name,
                                                         GError          **error);
gboolean          dossier_graph_view_export_view        (DossierGraphView *self,
                                                         const char       *name,
                                                         const char       *path,
                                                         GError          **error);
char             *dossier_graph_view_import_view        (DossierGraphView *self,
                                                         const char       *path,
                                                         GError          **error);

/* The viewport: widget = graph * zoom + offset. */
double            dossier_graph_view_get_zoom           (DossierGraphView *self);
void              dossier_graph_view_get_offset         (DossierGraphView *self,
                                                         double           *x,
                                                         double           *y);
/* Zooms to @zoom keeping the graph point under widget point (@x, @y) in place. */
void              dossier_graph_view_zoom_at            (DossierGraphView *self,
                                                         double            zoom,
                                                         double            x,
                                                         double            y);
void              dossier_graph_view_pan_by             (DossierGraphView *self,
                                                         double            dx,
                                                         double            dy);
/* The whole graph, however small; the view keeps fitting as it is resized
 * until the user zooms or pans. */
void              dossier_graph_view_fit                (DossierGraphView *self);
/* The first view of a graph: the whole graph if it can be read at
 * DOSSIER_GRAPH_VIEW_READABLE_ZOOM or more, otherwise the selection or the
 * most connected nodes at that zoom. It follows resizes like Fit. */
void              dossier_graph_view_frame              (DossierGraphView *self);
gboolean          dossier_graph_view_get_auto_framed    (DossierGraphView *self);
void              dossier_graph_view_zoom_to_selection  (DossierGraphView *self);
void              dossier_graph_view_widget_to_graph    (DossierGraphView *self,
                                                         double            x,
                                                         double            y,
                                                         double           *gx,
                                                         double           *gy);
void              dossier_graph_view_graph_to_widget    (DossierGraphView *self,
                                                         double            gx,
                                                         double            gy,
                                                         double           *x,
                                                         double           *y);

/* Hit testing in widget coordinates: a node index, an edge index, or -1. */
int               dossier_graph_view_node_at            (DossierGraphView *self,
                                                         double            x,
                                                         double            y);
int               dossier_graph_view_edge_at            (DossierGraphView *self,
                                                         double            x,
                                                         double            y);
/* The node's box in widget coordinates, where it is drawn now. */
gboolean          dossier_graph_view_get_node_bounds    (DossierGraphView *self,
                                                         guint             node,
                                                         graphene_rect_t  *bounds);
/* The nodes the current frame draws (culling), in drawing order. */
GArray           *dossier_graph_view_dup_visible_nodes  (DossierGraphView *self);

/* Selection (node indices). @add keeps what was selected. */
void              dossier_graph_view_select_node        (DossierGraphView *self,
                                                         guint             node,
                                                         gboolean          add);
void              dossier_graph_view_unselect_all       (DossierGraphView *self);
gboolean          dossier_graph_view_is_node_selected   (DossierGraphView *self,
                                                         guint             node);
guint             dossier_graph_view_get_n_selected     (DossierGraphView *self);
/* The node keyboard navigation stands on, or -1. */
int               dossier_graph_view_get_focus_node     (DossierGraphView *self);
void              dossier_graph_view_set_focus_node     (DossierGraphView *self,
                                                         int               node);
int               dossier_graph_view_get_hover_node     (DossierGraphView *self);

/* Pinning: the node stays at (@x, @y), graph coordinates, across new layouts. */
void              dossier_graph_view_pin_node           (DossierGraphView *self,
                                                         guint             node,
                                                         double            x,
                                                         double            y);
gboolean          dossier_graph_view_is_node_pinned     (DossierGraphView *self,
                                                         guint             node);
void              dossier_graph_view_hide_node          (DossierGraphView *self,
                                                         guint             node);
/* Grows the graph around @node: a "+N more" node shows what it folds; another
 * node of an ego network becomes a centre. On a graph of the whole scope, the
 * node's neighbours that the user hid are shown again, else those the node cap
 * left out join the graph, else the graph narrows to the node's neighbourhood
 * (Collapse on the node brings the whole scope back). A new graph comes from
 * the corpus, laid out off the main thread keeping the old nodes in place; the
 * view glides to it. Fails when the graph cannot grow there. */
gboolean          dossier_graph_view_expand_node        (DossierGraphView *self,
                                                         guint             node,
                                                         GError          **error);
/* "Add to Draft": the node's entity, or the relations (with their evidence) behind
 * the edge, through the draft panel's "draft.add-entity" and "draft.add-relation"
 * window actions. FALSE, with a toast, when there is no draft or nothing to add. */
gboolean          dossier_graph_view_add_node_to_draft  (DossierGraphView *self,
                                                         guint             node);
gboolean          dossier_graph_view_add_edge_to_draft  (DossierGraphView *self,
                                                         guint             edge);
/* Search in graph: highlights the nodes whose name holds @text, returns how many. */
guint             dossier_graph_view_search             (DossierGraphView *self,
                                                         const char       *text);
/* Selects and shows the next match; FALSE when there is none. */
gboolean          dossier_graph_view_next_match         (DossierGraphView *self);

/* The graph exactly as shown (hidden nodes left out, selection and pins drawn),
 * drawn at @zoom into a new texture. */
GdkTexture       *dossier_graph_view_render_texture     (DossierGraphView *self,
                                                         double            zoom,
                                                         gboolean          dark);
/* Saves what is shown: "png", "svg" and "pdf" as drawn here; "dot", "json" and
 * "graphml" are the graph's own exports. */
gboolean          dossier_graph_view_export_file        (DossierGraphView *self,
                                                         const char       *format,
                                                         const char       *path,
                                                         GError          **error);
/* How many tiles have been drawn since the graph was set: a frame that finds its
 * tiles cached draws none. */
guint             dossier_graph_view_get_n_tiles_drawn  (DossierGraphView *self);

G_END_DECLS
