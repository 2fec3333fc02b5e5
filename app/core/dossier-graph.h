/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The entity graph: nodes and edges chosen from the store by a filter, laid out by
 * Graphviz, handed to the GUI as geometry (dossier-graph-geometry.h) and exported
 * in Graphviz's formats, JSON and GraphML.
 *
 * The nodes and edges are fixed once the first layout starts; a different filter
 * makes a new graph, which can take the old graph's positions
 * (dossier_graph_keep_positions) so that what stays on screen stays in place.
 * Restyling (selection, hover, highlight) changes colours in the geometry and
 * never lays the graph out again.
 */
#pragma once

#include <gio/gio.h>

#include "dossier-graph-filter.h"
#include "dossier-graph-geometry.h"
#include "dossier-store.h"

G_BEGIN_DECLS

#define DOSSIER_GRAPH_ERROR (dossier_graph_error_quark ())

typedef enum
{
  DOSSIER_GRAPH_ERROR_NOT_FOUND,  /* a centre or path end that is not in the corpus */
  DOSSIER_GRAPH_ERROR_INVALID,    /* an unknown engine or format, a bad saved view */
  DOSSIER_GRAPH_ERROR_LAYOUT,     /* Graphviz could not lay the graph out */
  DOSSIER_GRAPH_ERROR_EXPORT,     /* Graphviz or the file system could not write the export */
  DOSSIER_GRAPH_ERROR_NO_LAYOUT,  /* an operation that needs a layout, before the first */
} DossierGraphError;

/* The dot engine is slow and unreadable on large graphs: above this many nodes
 * it is replaced by sfdp, and the graph says so (dossier_graph_get_layout_note). */
#define DOSSIER_GRAPH_DOT_MAX_NODES     800
/* dot's crossing minimisation grows much faster than the edges: on a dense
 * graph of 100 entities it takes 0.7 s with 300 edges and minutes with 900. */
#define DOSSIER_GRAPH_DOT_MAX_EDGES     300
/* The same for neato, fdp, circo and twopi, whose cost grows with n². */
#define DOSSIER_GRAPH_FORCE_MAX_NODES   2000

typedef enum
{
  DOSSIER_GRAPH_FORMAT_DOT,
  DOSSIER_GRAPH_FORMAT_SVG,
  DOSSIER_GRAPH_FORMAT_PNG,
  DOSSIER_GRAPH_FORMAT_PDF,
  DOSSIER_GRAPH_FORMAT_JSON,
  DOSSIER_GRAPH_FORMAT_GRAPHML,
} DossierGraphFormat;

typedef struct
{
  char     *key;          /* "org:unodc"; "doc:E/CN.4/2003/74" for documents; "more:KEY" */
  char     *name;         /* the full name */
  char     *short_name;   /* "UNODC", or NULL */
  char     *label;        /* what the node shows: the short name or the wrapped name */
  char     *kind;         /* organisation, body, ..., document, or "more" */
  char     *origin;       /* gazetteer, pattern, user; "corpus" for documents; NULL for "more" */
  gint64    entity_id;    /* 0 when the node is not an entity */
  gint64    document_id;  /* the corpus document the node stands for, or 0 */
  guint     n_mentions;   /* within the filter's documents */
  double    confidence;
  gboolean  centre;       /* a centre of the ego network */
  char     *parent_key;   /* "more" nodes: whose neighbours they hold */
  guint     n_folded;     /* "more" nodes: how many */
} DossierGraphNode;

typedef enum
{
  DOSSIER_GRAPH_EDGE_UNDIRECTED,
  DOSSIER_GRAPH_EDGE_FORWARD,   /* tail -> head */
  DOSSIER_GRAPH_EDGE_BOTH,
} DossierGraphDirection;

/* All the relations between two nodes, as one edge. */
typedef struct
{
  guint                  tail;          /* node indices */
  guint                  head;
  guint                  weight;        /* paragraphs that support it, at least 1 */
  gboolean               co_mention;    /* includes a co-mention */
  gboolean               typed;         /* includes a typed relation */
  gboolean               mentions;      /* a document node to an entity it mentions */
  DossierGraphDirection  direction;     /* of the typed relations */
  char                 **kinds;         /* "co-mention", "supplements", ... */
  char                  *label;         /* the typed relations' verbs or kinds, or NULL */
  GArray                *relation_ids;  /* of gint64 */
} DossierGraphEdge;

/* A paragraph that supports an edge. */
typedef struct
{
  gint64  block_id;
  gint64  document_id;
  char   *citation;           /* "E/CN.4/2003/74, para. 16" */
  char   *text;               /* the paragraph */
} DossierGraphCitation;

#define DOSSIER_TYPE_GRAPH (dossier_graph_get_type ())

G_DECLARE_FINAL_TYPE (DossierGraph, dossier_graph, DOSSIER, GRAPH, GObject)

GQuark                  dossier_graph_error_quark         (void);

/* An empty graph to fill by hand (tests, benchmarks). */
DossierGraph           *dossier_graph_new                 (void);
/* The graph of the store's entities that @filter lets through. */
DossierGraph           *dossier_graph_new_from_store      (DossierStore            *store,
                                                           const DossierGraphFilter *filter,
                                                           GError                 **error);
/* The store it was built from, or NULL. */
DossierStore           *dossier_graph_get_store           (DossierGraph            *self);
/* A copy of the filter it was built with, or NULL. */
DossierGraphFilter     *dossier_graph_dup_filter          (DossierGraph            *self);

/* Building by hand; the index of the node (an existing one if the key is taken). */
guint                   dossier_graph_add_node            (DossierGraph            *self,
                                                           const char              *key,
                                                           const char              *name,
                                                           const char              *kind,
                                                           guint                    n_mentions);
/* Adds a relation between two existing nodes, merged into their edge. */
void                    dossier_graph_add_relation        (DossierGraph            *self,
                                                           const char              *tail_key,
                                                           const char              *head_key,
                                                           const char              *kind,
                                                           guint                    weight,
                                                           gboolean                 directed);

guint                   dossier_graph_get_n_nodes         (DossierGraph            *self);
guint                   dossier_graph_get_n_edges         (DossierGraph            *self);
const DossierGraphNode *dossier_graph_get_node            (DossierGraph            *self,
                                                           guint                    index);
const DossierGraphEdge *dossier_graph_get_edge            (DossierGraph            *self,
                                                           guint                    index);
/* The index of the node with @key, or -1. */
int                     dossier_graph_find_node           (DossierGraph            *self,
                                                           const char              *key);
/* The index of the edge between two nodes (either way), or -1. */
int                     dossier_graph_find_edge           (DossierGraph            *self,
                                                           guint                    a,
                                                           guint                    b);

/* The paragraphs behind an edge (DossierGraphCitation*), within the graph's
 * documents and dates, in document order, each once. Empty for curated relations
 * and for graphs built by hand. */
GPtrArray              *dossier_graph_dup_edge_evidence   (DossierGraph            *self,
                                                           guint                    edge,
                                                           GError                 **error);
void                    dossier_graph_citation_free       (DossierGraphCitation    *citation);

/* How many citations the JSON export writes per edge (beside "evidence_count",
 * the count of all of them); G_MAXUINT writes every one. GraphML lists all. */
#define DOSSIER_GRAPH_EXPORT_EVIDENCE_DEFAULT 3
void                    dossier_graph_set_export_evidence (DossierGraph            *self,
                                                           guint                    max_evidence);
guint                   dossier_graph_get_export_evidence (DossierGraph            *self);

/* The engine Dossier picks for a graph of this size: dot for tiny graphs, neato
 * for small ones, sfdp for large ones. */
const char             *dossier_graph_default_engine      (guint                    n_nodes);
/* The legend: the fill colour ("#56B4E9") and Graphviz shape of a kind's nodes. */
const char             *dossier_graph_kind_get_color      (const char              *kind);
const char             *dossier_graph_kind_get_shape      (const char              *kind);
/* dot, neato, fdp, sfdp, circo, twopi. */
gboolean                dossier_graph_engine_is_valid     (const char              *engine);

/* Nodes that @previous also has keep their place in the next layout: neato and
 * fdp pin them, and the new layout is shifted so that they stay where they were
 * on screen. dot lays out from scratch; sfdp takes no pins (it is shifted only). */
void                    dossier_graph_keep_positions      (DossierGraph            *self,
                                                           DossierGraph            *previous);

/* The user's pins: the node with @key stays at (@x, @y), in the geometry's
 * coordinates, in every later layout of this graph (whatever the kept
 * positions say). neato and fdp hold pinned nodes in place; with another
 * engine a graph with pins is laid out by neato instead, and
 * dossier_graph_get_layout_note says so. Keys not in the graph are ignored. */
void                    dossier_graph_pin_node            (DossierGraph            *self,
                                                           const char              *key,
                                                           double                   x,
                                                           double                   y);
void                    dossier_graph_unpin_node          (DossierGraph            *self,
                                                           const char              *key);
guint                   dossier_graph_get_n_pinned        (DossierGraph            *self);

/* What a node's colour says: its kind (the legend), or its community (Louvain
 * over the edge weights). Changing it restyles and never lays out again. */
typedef enum
{
  DOSSIER_GRAPH_COLOR_BY_KIND,
  DOSSIER_GRAPH_COLOR_BY_COMMUNITY,
} DossierGraphColorBy;

/* What a node's size says: its mentions, or its betweenness centrality. It
 * applies from the next layout, since the nodes' sizes shape it. */
typedef enum
{
  DOSSIER_GRAPH_SIZE_BY_MENTIONS,
  DOSSIER_GRAPH_SIZE_BY_CENTRALITY,
} DossierGraphSizeBy;

void                    dossier_graph_set_color_by        (DossierGraph            *self,
                                                           DossierGraphColorBy      color_by);
DossierGraphColorBy     dossier_graph_get_color_by        (DossierGraph            *self);
/* The node's community, numbered from 0, and the colour it is drawn in. */
guint                   dossier_graph_get_community       (DossierGraph            *self,
                                                           guint                    node);
const char             *dossier_graph_community_get_color (guint                    community);
void                    dossier_graph_set_size_by         (DossierGraph            *self,
                                                           DossierGraphSizeBy       size_by);
DossierGraphSizeBy      dossier_graph_get_size_by         (DossierGraph            *self);

/* Lays the graph out with @engine (NULL: the default for its size). Graphviz
 * cannot be interrupted; cancellation is checked before and after it runs. */
gboolean                dossier_graph_layout              (DossierGraph            *self,
                                                           const char              *engine,
                                                           GCancellable            *cancellable,
                                                           GError                 **error);
void                    dossier_graph_layout_async        (DossierGraph            *self,
                                                           const char              *engine,
                                                           GCancellable            *cancellable,
                                                           GAsyncReadyCallback      callback,
                                                           gpointer                 user_data);
gboolean                dossier_graph_layout_finish       (DossierGraph            *self,
                                                           GAsyncResult            *result,
                                                           GError                 **error);
/* How many layouts have completed: restyling must never change it. */
guint                   dossier_graph_get_layout_count    (DossierGraph            *self);
/* The engine of the current layout, or NULL before the first. */
const char             *dossier_graph_get_engine          (DossierGraph            *self);
/* A sentence for the user when the layout did not use the engine asked for
 * (too many nodes for dot), or NULL. */
const char             *dossier_graph_get_layout_note     (DossierGraph            *self);
/* The current layout, or NULL before the first. */
DossierGraphGeometry   *dossier_graph_get_geometry        (DossierGraph            *self);

/* Restyling: changes colours and line widths in the geometry, never the layout. */
void                    dossier_graph_set_node_state      (DossierGraph            *self,
                                                           const char              *key,
                                                           DossierGraphState        state);
DossierGraphState       dossier_graph_get_node_state      (DossierGraph            *self,
                                                           const char              *key);
void                    dossier_graph_clear_states        (DossierGraph            *self);

/* The source DOT: what Dossier hands to Graphviz, with styling and the engine
 * (the "layout" attribute) but no positions, so that `dot -Tsvg` of it draws what
 * Dossier draws. Available before any layout. */
char                   *dossier_graph_dup_dot             (DossierGraph            *self,
                                                           GError                 **error);
/* Exports. DOT, JSON and GraphML need no layout (JSON then has no positions);
 * SVG, PNG and PDF render the current layout. */
GBytes                 *dossier_graph_export_bytes        (DossierGraph            *self,
                                                           DossierGraphFormat       format,
                                                           GError                 **error);
gboolean                dossier_graph_export_file         (DossierGraph            *self,
                                                           DossierGraphFormat       format,
                                                           const char              *path,
                                                           GError                 **error);
gboolean                dossier_graph_format_from_string  (const char              *name,
                                                           DossierGraphFormat      *format);
/* Nodes, edges with evidence citations (when built from a store) and positions. */
JsonNode               *dossier_graph_to_json             (DossierGraph            *self,
                                                           GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierGraphCitation, dossier_graph_citation_free)

G_END_DECLS
