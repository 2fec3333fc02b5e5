/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Measures over a DossierGraph's nodes and edges (no layout needed): degrees,
 * betweenness centrality, communities for colouring, and the k shortest paths
 * between two nodes with the citations behind every hop. Edges are undirected
 * here: a relation connects its ends whichever way it reads.
 */
#pragma once

#include "dossier-graph.h"

G_BEGIN_DECLS

typedef struct
{
  guint      from;        /* node indices, in the path's order */
  guint      to;
  guint      edge;        /* the edge's index in the graph */
  GPtrArray *evidence;    /* of DossierGraphCitation*; empty for curated relations */
} DossierGraphHop;

typedef struct
{
  double     cost;
  GArray    *nodes;       /* of guint node indices, from start to end */
  GPtrArray *hops;        /* of DossierGraphHop*, one per edge */
} DossierGraphPath;

/* Fills @degree (number of neighbours) and @weighted_degree (sum of edge weights)
 * for every node; either may be NULL. Both have dossier_graph_get_n_nodes() slots. */
void       dossier_graph_compute_degrees        (DossierGraph *graph,
                                                 guint        *degree,
                                                 double       *weighted_degree);

/* Brandes' betweenness: for each node, over all unordered pairs of other nodes,
 * the share of shortest paths that pass through it. With @weighted, an edge
 * costs 1 / weight (strong links are short); otherwise every edge costs 1. With
 * @normalized, divided by (n - 1)(n - 2) / 2. Free with g_free(). */
double    *dossier_graph_compute_betweenness    (DossierGraph *graph,
                                                 gboolean      weighted,
                                                 gboolean      normalized);

/* Louvain communities over edge weights: for each node a community number from
 * 0, numbered in node order. The same @seed always gives the same answer. Free
 * with g_free(). */
guint     *dossier_graph_compute_communities    (DossierGraph *graph,
                                                 guint32       seed,
                                                 guint        *n_communities);

/* The cost of one edge in path searches: one per hop, plus 1 / weight, so that
 * the fewest hops win and better-attested links break ties. */
double     dossier_graph_edge_cost              (const DossierGraphEdge *edge);

/* Yen's k shortest loopless paths from @from to @to (node keys), cheapest first.
 * Fails with DOSSIER_GRAPH_ERROR_NOT_FOUND when a key is not in the graph;
 * returns an empty array when they are not connected. Hops carry no evidence
 * until dossier_graph_path_fill_evidence(). */
GPtrArray *dossier_graph_k_shortest_paths       (DossierGraph *graph,
                                                 const char   *from,
                                                 const char   *to,
                                                 guint         k,
                                                 GError      **error);
/* Looks up the citations of every hop in the graph's store. */
gboolean   dossier_graph_path_fill_evidence     (DossierGraph     *graph,
                                                 DossierGraphPath *path,
                                                 GError          **error);
void       dossier_graph_path_free              (DossierGraphPath *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierGraphPath, dossier_graph_path_free)

G_END_DECLS
