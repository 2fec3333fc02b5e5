/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dossier-graph-view.h"

G_BEGIN_DECLS

/* Per-node flags the view keeps beside the geometry: restyling changes these and
 * never the layout. */
enum
{
  NODE_SELECTED    = 1 << 0,
  NODE_PINNED      = 1 << 1,
  NODE_HIDDEN      = 1 << 2,
  NODE_MATCH       = 1 << 3,
  NODE_NEIGHBOUR   = 1 << 4,  /* of a selected node: not dimmed */
};

typedef struct
{
  double x0, y0, x1, y1;
} Box;

typedef struct _RenderState RenderState;

/* How the viewport follows the widget's size and new graphs: not at all once
 * the user zoomed or panned; the readable first view; the whole graph (Fit). */
enum
{
  FRAME_NONE,
  FRAME_READABLE,
  FRAME_WHOLE,
};

/* What a primary-button drag does. */
enum
{
  DRAG_NONE,
  DRAG_PAN,
  DRAG_NODE,
  DRAG_BAND,
};

/* A uniform grid over the graph: each cell lists the nodes and edges whose box
 * touches it. Edges longer than many cells go to one list checked every time. */
typedef struct
{
  double   x0;
  double   y0;
  double   cell;
  int      cols;
  int      rows;
  GArray **node_cells;   /* of guint */
  GArray **edge_cells;
  GArray  *long_edges;
  guint   *node_stamp;
  guint   *edge_stamp;
  guint    stamp;
} Grid;

/* What a drawing pass needs to know beside the geometry. */
typedef struct
{
  double    scale;         /* device pixels per point */
  gboolean  dark;
  gboolean  any_selected;
  GdkRGBA   accent;
  GdkRGBA   match;
  GdkRGBA   fg;
  gboolean  opaque;        /* tiles have the background in them */
  guint32   background;    /* its pixel (CAIRO_FORMAT_RGB24), when opaque */
} DrawStyle;

struct _DossierGraphView
{
  GtkWidget              parent_instance;

  DossierGraph          *graph;
  DossierGraphGeometry  *geometry;
  DossierSelection      *selection;
  guint                  n_nodes;
  guint                  n_edges;
  guint8                *flags;        /* NODE_*, per node */
  double                *off_x;        /* where a node is drawn, relative to its layout */
  double                *off_y;
  double                *anim_from_x;  /* animation start offsets */
  double                *anim_from_y;
  Box                   *node_box;     /* with the offsets applied */
  Box                   *edge_box;
  guint                 *degree;
  GHashTable            *pins;         /* key -> graphene_point_t*, graph coordinates */
  GHashTable            *hidden_keys;  /* keys hidden by the user */
  Grid                   grid;
  gboolean               grid_valid;

  /* The viewport: widget = graph * zoom + offset. */
  double                 zoom;
  double                 offset_x;
  double                 offset_y;
  gboolean               fitted;       /* fit on the first allocation */
  int                    auto_frame;   /* FRAME_*: how the view follows its size */
  gboolean               framing;      /* set_view called by the automatic framing */
  int                    framed_width;
  int                    framed_height;

  int                    hover_node;
  int                    hover_edge;
  int                    focus_node;
  int                    menu_node;
  int                    menu_edge;   /* the edge the context menu was opened on, or -1 */
  GArray                *matches;      /* of guint */
  guint                  match_cursor;

  /* Tiles: textures of the graph at a few zoom levels. */
  GHashTable            *tiles;
  guint                  style_serial;
  guint                  n_tiles_drawn;
  guint                  tile_idle_id;
  GHashTable            *texts;        /* DossierGraphOp* -> shaped text */
  GHashTable            *pending;      /* tiles the worker draws */
  gboolean               opaque_tiles; /* tiles carry the view's own background: */
  guint32                background;   /* this pixel */
  gboolean               background_checked;
  gboolean               transparent_tiles; /* never opaque (tests compare both) */
  RenderState           *render_state;
  gboolean               threaded;
  gint                  *token;        /* shared with the worker's jobs */
  double                 token_scale;
  guint                  token_serial;
  guint                  job_sequence;
  PangoContext          *pango_context;
  double                 recent_scales[4];
  double                 anchor_scale;
  gboolean               zooming;
  guint                  zooming_id;
  guint                  zoom_label_id;
  gint64                 use_clock;

  /* Gestures */
  int                    drag_mode;
  int                    drag_node;
  double                 drag_start_x;
  double                 drag_start_y;
  double                 drag_last_x;
  double                 drag_last_y;
  double                 velocity_x;   /* pixels per second */
  double                 velocity_y;
  gint64                 last_motion_time;
  guint                  kinetic_id;
  gint64                 kinetic_last;
  double                 pointer_x;
  double                 pointer_y;
  gboolean               pointer_inside;
  double                 pinch_zoom;
  gboolean               dragged;

  /* Animation of a new layout */
  guint                  anim_id;
  gint64                 anim_start;
  double                 anim_progress;

  GCancellable          *cancellable;

  /* The toolbar's filter, which the pane builds the graph with */
  guint                  min_weight;
  DossierGraphRelations  relations;
  char                  *date_from;
  char                  *date_to;
  GStrv                  pending_selection;  /* keys a restored view selects */
  guint                  n_filter_changes;
  GHashTable            *hidden_kinds;       /* kinds the legend hides */
  GPtrArray             *centres;            /* of char*: the neighbourhood shown; empty: the whole scope */
  GPtrArray             *expanded;           /* of char*: nodes whose neighbours the node cap keeps */
  DossierGraphScope      scope;
  gboolean               pending_viewport;   /* a restored viewport waiting for a size */
  double                 pending_zoom;
  double                 pending_centre_x;
  double                 pending_centre_y;
  gboolean               fit_next_graph;     /* the graph to come changes scale: fit it */
  int                    press_edge;         /* the edge a click started on, or -1 */
  DossierGraphColorBy    color_by;
  DossierGraphSizeBy     size_by;

  /* Template widgets */
  GtkWidget             *toolbar;
  GtkWidget             *legend;
  GtkWidget             *status_box;
  GtkSpinner            *spinner;
  GtkWidget             *cancel_button;
  GtkLabel              *message_label;
  GtkSearchEntry        *search_entry;
  GtkLabel              *zoom_label;
  GtkDropDown           *engine_dropdown;
  GtkSpinButton         *weight_spin;
  GtkDropDown           *relations_dropdown;
  GtkEntry              *date_from_entry;
  GtkEntry              *date_to_entry;
  GtkDropDown           *color_dropdown;
  GtkDropDown           *size_dropdown;
  GMenuModel            *node_menu;
  GMenuModel            *edge_menu;
  GtkPopoverMenu        *context_menu;
};

/* dossier-graph-view-render.c */
void         _dossier_graph_view_grid_clear    (Grid                 *grid);
void         _dossier_graph_view_grid_build    (DossierGraphView     *self);
/* Fills @nodes and @edges (either may be NULL) with what touches the graph rect,
 * in drawing order. */
void         _dossier_graph_view_grid_query    (DossierGraphView     *self,
                                                const Box            *box,
                                                GArray               *nodes,
                                                GArray               *edges);
void         _dossier_graph_view_update_boxes  (DossierGraphView     *self);
void         _dossier_graph_view_draw_items    (DossierGraphView     *self,
                                                cairo_t              *cr,
                                                const DrawStyle      *style,
                                                GArray               *nodes,
                                                GArray               *edges);
void         _dossier_graph_view_draw_node     (DossierGraphView     *self,
                                                cairo_t              *cr,
                                                const DrawStyle      *style,
                                                guint                 node,
                                                gboolean              emphasis);
void         _dossier_graph_view_draw_edge     (DossierGraphView     *self,
                                                cairo_t              *cr,
                                                const DrawStyle      *style,
                                                guint                 edge,
                                                gboolean              emphasis);
void         _dossier_graph_view_get_style     (DossierGraphView     *self,
                                                DrawStyle            *style);
GHashTable  *_dossier_graph_view_tiles_new     (void);
GHashTable  *_dossier_graph_view_texts_new     (void);
void         _dossier_graph_view_forget_render_state (DossierGraphView *self);
void         _dossier_graph_view_invalidate    (DossierGraphView     *self);
/* With the cairo renderer on X11: keeps cairo's shared-memory pool for the
 * window's frames from being destroyed between frames. */
void         _dossier_graph_view_keep_shm_pool (DossierGraphView *self);
/* Looks again at the view's CSS background at the next frame. */
void         _dossier_graph_view_background_changed (DossierGraphView *self);
void         _dossier_graph_view_snapshot_tiles (DossierGraphView    *self,
                                                GtkSnapshot          *snapshot,
                                                int                   width,
                                                int                   height);
gboolean     _dossier_graph_view_edge_hit      (DossierGraphView     *self,
                                                guint                 edge,
                                                double                gx,
                                                double                gy,
                                                double                tolerance);
/* Strokes the current path dashed with @dash (on, off), as cairo_set_dash()
 * would, building only the dashes inside the clip. */
void         _dossier_graph_view_stroke_dashed (cairo_t             *cr,
                                                const double         *dash);

G_END_DECLS
