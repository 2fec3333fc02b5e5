/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A laid-out graph as plain data for a widget to draw: where every node and edge
 * is, and Graphviz's own drawing operations (its xdot output) turned into simple
 * owned shapes. Drawing every op in order (the graph's, then each edge's, then
 * each node's) reproduces what `dot -Tsvg` draws for the exported DOT.
 *
 * Coordinates are points (1/72 inch), with y growing downwards as on screens:
 * Graphviz's y-up coordinates are flipped within the graph's bounding box.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define DOSSIER_TYPE_GRAPH_GEOMETRY (dossier_graph_geometry_get_type ())

typedef struct
{
  double x;
  double y;
} DossierGraphPoint;

typedef struct
{
  double x;       /* left */
  double y;       /* top */
  double width;
  double height;
} DossierGraphRect;

typedef struct
{
  double red;     /* 0..1 */
  double green;
  double blue;
  double alpha;
} DossierGraphColor;

typedef enum
{
  DOSSIER_GRAPH_OP_ELLIPSE,   /* points[0] is the centre; rx, ry the radii */
  DOSSIER_GRAPH_OP_POLYGON,   /* closed */
  DOSSIER_GRAPH_OP_POLYLINE,  /* open */
  DOSSIER_GRAPH_OP_BEZIER,    /* cubic: a start point, then three points per segment */
  DOSSIER_GRAPH_OP_TEXT,      /* points[0] is the anchor on the baseline */
} DossierGraphOpKind;

typedef enum
{
  DOSSIER_GRAPH_LINE_SOLID,
  DOSSIER_GRAPH_LINE_DASHED,
  DOSSIER_GRAPH_LINE_DOTTED,
  DOSSIER_GRAPH_LINE_INVISIBLE,
} DossierGraphLineStyle;

typedef enum
{
  DOSSIER_GRAPH_ALIGN_LEFT,    /* the anchor is the text's start */
  DOSSIER_GRAPH_ALIGN_CENTER,
  DOSSIER_GRAPH_ALIGN_RIGHT,
} DossierGraphTextAlign;

typedef enum
{
  DOSSIER_GRAPH_FONT_BOLD        = 1 << 0,
  DOSSIER_GRAPH_FONT_ITALIC      = 1 << 1,
  DOSSIER_GRAPH_FONT_UNDERLINE   = 1 << 2,
  DOSSIER_GRAPH_FONT_SUPERSCRIPT = 1 << 3,
  DOSSIER_GRAPH_FONT_SUBSCRIPT   = 1 << 4,
  DOSSIER_GRAPH_FONT_STRIKE      = 1 << 5,
} DossierGraphFontFlags;

/* How the user's attention falls on a node; edges follow their ends. */
typedef enum
{
  DOSSIER_GRAPH_STATE_NONE        = 0,
  DOSSIER_GRAPH_STATE_SELECTED    = 1 << 0,
  DOSSIER_GRAPH_STATE_HOVERED     = 1 << 1,
  DOSSIER_GRAPH_STATE_DIMMED      = 1 << 2,
  DOSSIER_GRAPH_STATE_HIGHLIGHTED = 1 << 3,
} DossierGraphState;

/* One drawing operation with its drawing state resolved. A filled shape is filled
 * with @fill, then outlined with @pen unless the line style is invisible; text is
 * drawn in @pen. */
typedef struct
{
  DossierGraphOpKind     kind;
  gboolean               filled;
  DossierGraphColor      pen;          /* after restyling */
  DossierGraphColor      fill;
  double                 line_width;
  DossierGraphLineStyle  line_style;
  DossierGraphPoint     *points;
  guint                  n_points;
  double                 rx;           /* ellipses */
  double                 ry;
  char                  *text;         /* text: exactly what Graphviz laid out */
  char                  *font;         /* the family Graphviz used, e.g. "Sans" */
  double                 font_size;    /* points */
  DossierGraphFontFlags  font_flags;
  DossierGraphTextAlign  align;
  double                 text_width;   /* as Graphviz measured it */
  DossierGraphColor      base_pen;     /* as Graphviz drew it */
  DossierGraphColor      base_fill;
  double                 base_line_width;
} DossierGraphOp;

typedef struct
{
  DossierGraphOp *ops;
  guint           n_ops;
} DossierGraphOpList;

typedef struct
{
  char               *key;        /* the stable entity key: "org:unodc" */
  char               *label;      /* the text drawn */
  char               *kind;       /* organisation, ..., document, more */
  DossierGraphPoint   center;
  DossierGraphRect    bounds;
  DossierGraphState   state;
  DossierGraphOpList  draw;       /* the shape: Graphviz's _draw_ */
  DossierGraphOpList  label_draw; /* the label: _ldraw_ */
} DossierGraphNodeGeometry;

typedef struct
{
  guint               tail;       /* indices into DossierGraphGeometry.nodes */
  guint               head;
  const char         *tail_key;   /* borrowed from the nodes */
  const char         *head_key;
  DossierGraphPoint  *spline;     /* cubic Bézier control points: 1 + 3n */
  guint               n_spline;
  gboolean            has_head_arrow;
  DossierGraphPoint   head_tip;   /* where the head arrow points */
  gboolean            has_tail_arrow;
  DossierGraphPoint   tail_tip;
  gboolean            has_label;
  DossierGraphPoint   label_pos;
  char               *label;      /* may be NULL */
  guint               weight;
  char              **kinds;      /* relation kinds: "co-mention", "supplements", ... */
  gboolean            typed;      /* at least one typed relation */
  DossierGraphState   state;      /* derived from its ends */
  DossierGraphOpList  draw;       /* _draw_: the curve */
  DossierGraphOpList  head_draw;  /* _hdraw_: the head arrow */
  DossierGraphOpList  tail_draw;  /* _tdraw_ */
  DossierGraphOpList  label_draw; /* _ldraw_ */
} DossierGraphEdgeGeometry;

typedef struct
{
  DossierGraphRect          bounds;
  char                     *engine;         /* the engine that laid it out */
  DossierGraphOpList        draw;           /* the graph's own ops (background) */
  DossierGraphNodeGeometry *nodes;
  guint                     n_nodes;
  DossierGraphEdgeGeometry *edges;
  guint                     n_edges;
  /*< private >*/
  GHashTable               *by_key;
} DossierGraphGeometry;

GType                           dossier_graph_geometry_get_type  (void) G_GNUC_CONST;
DossierGraphGeometry           *dossier_graph_geometry_ref       (DossierGraphGeometry *self);
void                            dossier_graph_geometry_unref     (DossierGraphGeometry *self);

/* The node with this key, or NULL. */
const DossierGraphNodeGeometry *dossier_graph_geometry_find_node (DossierGraphGeometry *self,
                                                                  const char           *key);
/* The index of that node, or -1. */
int                             dossier_graph_geometry_node_index (DossierGraphGeometry *self,
                                                                   const char           *key);
/* The topmost node whose bounding box holds the point, or NULL. */
const DossierGraphNodeGeometry *dossier_graph_geometry_node_at   (DossierGraphGeometry *self,
                                                                  double                x,
                                                                  double                y);

/* Parses "#rrggbb", "#rrggbbaa" or the few names Graphviz writes in xdot. */
gboolean                        dossier_graph_color_parse        (const char           *spec,
                                                                  DossierGraphColor    *color);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierGraphGeometry, dossier_graph_geometry_unref)

G_END_DECLS
