/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Shared by the graph's source files (dossier-graph*.c) only.
 *
 * Graphviz is not thread-safe: its libraries keep global state (the DOT scanner,
 * error handling, plugin tables). Every call into libcgraph, libgvc or libxdot
 * therefore happens with the one recursive Graphviz lock held, through the one
 * GVC_t context that _dossier_graphviz_get_context() hands out under that lock.
 */
#pragma once

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>
#include <graphviz/xdot.h>

#include "dossier-graph.h"

G_BEGIN_DECLS

/* agclose returns an int that nobody reads; the cleanup macros want void. */
static inline void
_dossier_agclose (Agraph_t *graph)
{
  agclose (graph);
}

static inline void
_dossier_free_xdot (xdot *ops)
{
  freeXDot (ops);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Agraph_t, _dossier_agclose)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xdot, _dossier_free_xdot)

typedef GRecMutex DossierGraphvizLock;

/* Takes the Graphviz lock; g_autoptr(DossierGraphvizLock) releases it. */
DossierGraphvizLock *_dossier_graphviz_lock          (void);
void                 _dossier_graphviz_unlock        (DossierGraphvizLock *lock);
/* The shared context; only with the lock held. */
GVC_t               *_dossier_graphviz_get_context   (void);
/* Forgets Graphviz's earlier messages; then _dossier_graphviz_dup_messages()
 * returns what it said since, or NULL. With the lock held. */
void                 _dossier_graphviz_reset_messages (void);
char                *_dossier_graphviz_dup_messages  (void);
/* Frees a graph that may have been laid out. Takes the lock. */
void                 _dossier_graphviz_close         (Agraph_t *graph);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierGraphvizLock, _dossier_graphviz_unlock)

/* Graphviz reads backslashes in labels as escapes (\N, \n, \l) and, in versions
 * up to 2.44, writes a value ending in a backslash so that it cannot be read
 * back. Doubling every backslash fixes both; control characters become spaces. */
char                *_dossier_graphviz_escape        (const char *text);

/* Model building (dossier-graph.c), for the query. */
guint                _dossier_graph_add_node_full    (DossierGraph           *self,
                                                      const DossierGraphNode *node);
void                 _dossier_graph_add_relation_full (DossierGraph *self,
                                                       guint         tail,
                                                       guint         head,
                                                       const char   *kind,
                                                       const char   *verb,
                                                       guint         weight,
                                                       gboolean      directed,
                                                       gint64        relation_id);
void                 _dossier_graph_set_source       (DossierGraph             *self,
                                                      DossierStore             *store,
                                                      const DossierGraphFilter *filter);
/* For exports of every edge's evidence: the blocks in the graph's scope, ranked
 * in document order once per export. */
typedef struct _DossierGraphEvidenceRanks DossierGraphEvidenceRanks;
DossierGraphEvidenceRanks *_dossier_graph_evidence_ranks_new (DossierGraph  *self,
                                                              GError       **error);
void                 _dossier_graph_evidence_ranks_free (DossierGraphEvidenceRanks *ranks);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierGraphEvidenceRanks, _dossier_graph_evidence_ranks_free)
/* The blocks behind an edge (gint64 ids), as dossier_graph_dup_edge_evidence
 * lists them, from block ids alone. */
GArray              *_dossier_graph_dup_edge_evidence_ids (DossierGraph              *self,
                                                          DossierGraphEvidenceRanks *ranks,
                                                          guint                      edge,
                                                          GError                   **error);
/* The citations of these blocks (sorted in place), into a table from the
 * block id (gint64*, owned by the citation) to the DossierGraphCitation*. */
gboolean             _dossier_graph_read_citations        (DossierGraph  *self,
                                                          GArray        *ids,
                                                          GHashTable    *into,
                                                          GError       **error);

/* Where the last layout spent its time, in seconds (benchmarks). */
typedef struct
{
  double write_dot;   /* building the Graphviz graph and writing DOT */
  double read_dot;    /* agmemread */
  double layout;      /* gvLayout */
  double render;      /* the xdot renderer, which stores the drawing operations */
  double geometry;    /* parsing them into DossierGraphGeometry */
} DossierGraphTimings;

void                 _dossier_graph_get_timings      (DossierGraph        *self,
                                                      DossierGraphTimings *timings);
/* The laid-out graph, for the renderers; only with the lock held. */
Agraph_t            *_dossier_graph_get_agraph       (DossierGraph *self);

/* The query (dossier-graph-query.c): fills @self from the store. */
gboolean             _dossier_graph_query            (DossierGraph             *self,
                                                      DossierStore             *store,
                                                      const DossierGraphFilter *filter,
                                                      GError                  **error);

/* Geometry (dossier-graph-geometry.c). */
DossierGraphGeometry *_dossier_graph_geometry_new    (guint n_nodes,
                                                      guint n_edges);
/* Converts one xdot attribute into owned ops, flipping y about @top. */
void                 _dossier_graph_op_list_parse    (DossierGraphOpList *list,
                                                      const char         *xdot_text,
                                                      double              top);
void                 _dossier_graph_op_list_clear    (DossierGraphOpList *list);
void                 _dossier_graph_op_list_translate (DossierGraphOpList *list,
                                                       double              dx,
                                                       double              dy);
void                 _dossier_graph_geometry_translate (DossierGraphGeometry *self,
                                                        double                dx,
                                                        double                dy);
void                 _dossier_graph_geometry_index   (DossierGraphGeometry *self);

G_END_DECLS
