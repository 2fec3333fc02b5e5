/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "dossier-graph-metrics.h"

/* Costs closer than this are equal: sums of 1/weight are not exact. */
#define COST_EPSILON 1e-9

typedef struct
{
  guint other;
  guint edge;
} Arc;

/* Adjacency lists of the graph's nodes, both ways. */
typedef struct
{
  guint   n;
  GArray *arcs;      /* of Arc, grouped by node */
  guint  *start;     /* arcs of node i: [start[i], start[i + 1]) */
  double *cost;      /* by edge */
  double *weight;    /* by edge */
} Adjacency;

static void
adjacency_free (Adjacency *adj)
{
  g_array_unref (adj->arcs);
  g_free (adj->start);
  g_free (adj->cost);
  g_free (adj->weight);
  g_free (adj);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Adjacency, adjacency_free)

double
dossier_graph_edge_cost (const DossierGraphEdge *edge)
{
  g_return_val_if_fail (edge != NULL, 1.0);
  return 1.0 + 1.0 / MAX (edge->weight, 1);
}

static Adjacency *
adjacency_new (DossierGraph *graph)
{
  Adjacency *adj = g_new0 (Adjacency, 1);
  guint n_edges = dossier_graph_get_n_edges (graph);
  g_autofree guint *count = NULL;
  g_autofree guint *fill = NULL;

  adj->n = dossier_graph_get_n_nodes (graph);
  adj->start = g_new0 (guint, adj->n + 1);
  adj->cost = g_new0 (double, MAX (n_edges, 1));
  adj->weight = g_new0 (double, MAX (n_edges, 1));
  count = g_new0 (guint, adj->n + 1);

  for (guint e = 0; e < n_edges; e++)
    {
      const DossierGraphEdge *edge = dossier_graph_get_edge (graph, e);

      count[edge->tail]++;
      count[edge->head]++;
      adj->cost[e] = dossier_graph_edge_cost (edge);
      adj->weight[e] = MAX (edge->weight, 1);
    }
  for (guint i = 0; i < adj->n; i++)
    adj->start[i + 1] = adj->start[i] + count[i];

  adj->arcs = g_array_sized_new (FALSE, TRUE, sizeof (Arc), adj->start[adj->n]);
  g_array_set_size (adj->arcs, adj->start[adj->n]);
  fill = g_memdup2 (adj->start, sizeof (guint) * (adj->n + 1));
  for (guint e = 0; e < n_edges; e++)
    {
      const DossierGraphEdge *edge = dossier_graph_get_edge (graph, e);
      Arc *a = &g_array_index (adj->arcs, Arc, fill[edge->tail]++);
      Arc *b = &g_array_index (adj->arcs, Arc, fill[edge->head]++);

      a->other = edge->head;
      a->edge = e;
      b->other = edge->tail;
      b->edge = e;
    }

  return adj;
}

#define ARC(adj, i) (&g_array_index ((adj)->arcs, Arc, (i)))

/* Degrees */

void
dossier_graph_compute_degrees (DossierGraph *graph,
                               guint        *degree,
                               double       *weighted_degree)
{
  guint n;

  g_return_if_fail (DOSSIER_IS_GRAPH (graph));

  n = dossier_graph_get_n_nodes (graph);
  for (guint i = 0; i < n; i++)
    {
      if (degree != NULL)
        degree[i] = 0;
      if (weighted_degree != NULL)
        weighted_degree[i] = 0;
    }

  for (guint e = 0; e < dossier_graph_get_n_edges (graph); e++)
    {
      const DossierGraphEdge *edge = dossier_graph_get_edge (graph, e);

      if (degree != NULL)
        {
          degree[edge->tail]++;
          degree[edge->head]++;
        }
      if (weighted_degree != NULL)
        {
          weighted_degree[edge->tail] += MAX (edge->weight, 1);
          weighted_degree[edge->head] += MAX (edge->weight, 1);
        }
    }
}

/* A binary heap of (cost, node), for Dijkstra. Stale entries are skipped by
 * the caller, which is simpler than a decrease-key. */

typedef struct
{
  double cost;
  guint  node;
} HeapItem;

static gboolean
heap_less (const HeapItem *a,
           const HeapItem *b)
{
  /* Ties go to the lower node index, so results never depend on history. */
  if (fabs (a->cost - b->cost) > COST_EPSILON)
    return a->cost < b->cost;
  return a->node < b->node;
}

static void
heap_push (GArray *heap,
           double  cost,
           guint   node)
{
  HeapItem item = { cost, node };
  HeapItem *items;
  guint i;

  g_array_append_val (heap, item);
  items = (HeapItem *) (gpointer) heap->data;
  for (i = heap->len - 1; i > 0 && heap_less (&items[i], &items[(i - 1) / 2]); i = (i - 1) / 2)
    {
      HeapItem swap = items[(i - 1) / 2];

      items[(i - 1) / 2] = items[i];
      items[i] = swap;
    }
}

static HeapItem
heap_pop (GArray *heap)
{
  HeapItem *items = (HeapItem *) (gpointer) heap->data;
  HeapItem top = items[0];
  guint i = 0, n;

  items[0] = items[heap->len - 1];
  g_array_set_size (heap, heap->len - 1);
  n = heap->len;
  items = (HeapItem *) (gpointer) heap->data;

  for (;;)
    {
      guint left = 2 * i + 1, right = left + 1, smallest = i;
      HeapItem swap;

      if (left < n && heap_less (&items[left], &items[smallest]))
        smallest = left;
      if (right < n && heap_less (&items[right], &items[smallest]))
        smallest = right;
      if (smallest == i)
        break;
      swap = items[i];
      items[i] = items[smallest];
      items[smallest] = swap;
      i = smallest;
    }
  return top;
}

/* Betweenness (Brandes 2001) */

double *
dossier_graph_compute_betweenness (DossierGraph *graph,
                                   gboolean      weighted,
                                   gboolean      normalized)
{
  g_autoptr(Adjacency) adj = NULL;
  g_autoptr(GArray) stack = NULL;
  g_autoptr(GArray) queue = NULL;
  g_autoptr(GArray) heap = NULL;
  g_autofree double *sigma = NULL;
  g_autofree double *dist = NULL;
  g_autofree double *delta = NULL;
  g_autofree gboolean *done = NULL;
  GArray **pred;
  double *centrality;
  guint n;

  g_return_val_if_fail (DOSSIER_IS_GRAPH (graph), NULL);

  adj = adjacency_new (graph);
  n = adj->n;
  centrality = g_new0 (double, MAX (n, 1));
  sigma = g_new (double, MAX (n, 1));
  dist = g_new (double, MAX (n, 1));
  delta = g_new (double, MAX (n, 1));
  done = g_new (gboolean, MAX (n, 1));
  pred = g_new (GArray *, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    pred[i] = g_array_new (FALSE, FALSE, sizeof (guint));
  stack = g_array_new (FALSE, FALSE, sizeof (guint));
  queue = g_array_new (FALSE, FALSE, sizeof (guint));
  heap = g_array_new (FALSE, FALSE, sizeof (HeapItem));

  for (guint s = 0; s < n; s++)
    {
      for (guint i = 0; i < n; i++)
        {
          g_array_set_size (pred[i], 0);
          sigma[i] = 0;
          dist[i] = INFINITY;
          delta[i] = 0;
          done[i] = FALSE;
        }
      g_array_set_size (stack, 0);
      sigma[s] = 1;
      dist[s] = 0;

      if (!weighted)
        {
          guint head = 0;

          g_array_set_size (queue, 0);
          g_array_append_val (queue, s);
          while (head < queue->len)
            {
              guint v = g_array_index (queue, guint, head++);

              g_array_append_val (stack, v);
              for (guint a = adj->start[v]; a < adj->start[v + 1]; a++)
                {
                  guint w = ARC (adj, a)->other;

                  if (isinf (dist[w]))
                    {
                      dist[w] = dist[v] + 1;
                      g_array_append_val (queue, w);
                    }
                  if (dist[w] == dist[v] + 1)
                    {
                      sigma[w] += sigma[v];
                      g_array_append_val (pred[w], v);
                    }
                }
            }
        }
      else
        {
          g_array_set_size (heap, 0);
          heap_push (heap, 0, s);
          while (heap->len > 0)
            {
              HeapItem item = heap_pop (heap);
              guint v = item.node;

              if (done[v] || item.cost > dist[v] + COST_EPSILON)
                continue;
              done[v] = TRUE;
              g_array_append_val (stack, v);
              for (guint a = adj->start[v]; a < adj->start[v + 1]; a++)
                {
                  guint w = ARC (adj, a)->other;
                  double alt = dist[v] + 1.0 / adj->weight[ARC (adj, a)->edge];

                  if (done[w])
                    continue;
                  if (alt < dist[w] - COST_EPSILON)
                    {
                      dist[w] = alt;
                      sigma[w] = sigma[v];
                      g_array_set_size (pred[w], 0);
                      g_array_append_val (pred[w], v);
                      heap_push (heap, alt, w);
                    }
                  else if (fabs (alt - dist[w]) <= COST_EPSILON)
                    {
                      sigma[w] += sigma[v];
                      g_array_append_val (pred[w], v);
                    }
                }
            }
        }

      /* Back-propagation of dependencies, farthest first. */
      for (guint i = stack->len; i > 0; i--)
        {
          guint w = g_array_index (stack, guint, i - 1);

          for (guint j = 0; j < pred[w]->len; j++)
            {
              guint v = g_array_index (pred[w], guint, j);

              delta[v] += sigma[v] / sigma[w] * (1 + delta[w]);
            }
          if (w != s)
            centrality[w] += delta[w];
        }
    }

  for (guint i = 0; i < n; i++)
    {
      /* Each unordered pair was counted from both ends. */
      centrality[i] /= 2;
      if (normalized && n > 2)
        centrality[i] /= (double) (n - 1) * (n - 2) / 2;
      g_array_unref (pred[i]);
    }
  g_free (pred);

  return centrality;
}

/* Communities (Louvain: Blondel et al. 2008) */

typedef struct
{
  guint  other;
  double weight;
} Link;

/* One level of the Louvain graph: nodes with weighted links (self-loops hold the
 * weight inside an aggregated node). */
typedef struct
{
  guint   n;
  GArray **links;      /* of Link, by node */
  double  *self_loop;  /* by node */
  double  *degree;     /* by node: links + twice the self-loop */
  double   total;      /* sum of all weights, each link once */
} Level;

static void
level_free (Level *level)
{
  for (guint i = 0; i < level->n; i++)
    g_array_unref (level->links[i]);
  g_free (level->links);
  g_free (level->self_loop);
  g_free (level->degree);
  g_free (level);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Level, level_free)

static Level *
level_new (guint n)
{
  Level *level = g_new0 (Level, 1);

  level->n = n;
  level->links = g_new (GArray *, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    level->links[i] = g_array_new (FALSE, FALSE, sizeof (Link));
  level->self_loop = g_new0 (double, MAX (n, 1));
  level->degree = g_new0 (double, MAX (n, 1));
  return level;
}

static void
level_finish (Level *level)
{
  level->total = 0;
  for (guint i = 0; i < level->n; i++)
    {
      level->degree[i] = 2 * level->self_loop[i];
      for (guint j = 0; j < level->links[i]->len; j++)
        level->degree[i] += g_array_index (level->links[i], Link, j).weight;
      level->total += level->self_loop[i];
    }
  for (guint i = 0; i < level->n; i++)
    for (guint j = 0; j < level->links[i]->len; j++)
      level->total += g_array_index (level->links[i], Link, j).weight / 2;
}

/* Moves nodes between communities while modularity grows. Returns whether any
 * node moved; @community holds the result. */
static gboolean
louvain_move (Level  *level,
              guint  *community,
              GRand  *rand)
{
  g_autofree double *tot = g_new0 (double, MAX (level->n, 1));
  g_autofree double *weight_to = g_new0 (double, MAX (level->n, 1));
  g_autofree guint *order = g_new (guint, MAX (level->n, 1));
  g_autoptr(GArray) touched = g_array_new (FALSE, FALSE, sizeof (guint));
  double m2 = 2 * level->total;
  gboolean moved_any = FALSE, moved = TRUE;

  if (level->total <= 0)
    return FALSE;

  for (guint i = 0; i < level->n; i++)
    {
      community[i] = i;
      tot[i] = level->degree[i];
      order[i] = i;
    }
  /* A seeded shuffle: the visiting order changes the result, so fix it. */
  for (guint i = level->n; i > 1; i--)
    {
      guint j = (guint) g_rand_int_range (rand, 0, (gint32) i);
      guint swap = order[i - 1];

      order[i - 1] = order[j];
      order[j] = swap;
    }

  for (guint pass = 0; moved && pass < 100; pass++)
    {
      moved = FALSE;
      for (guint o = 0; o < level->n; o++)
        {
          guint i = order[o], own = community[i], best = own;
          double best_gain;

          g_array_set_size (touched, 0);
          for (guint j = 0; j < level->links[i]->len; j++)
            {
              const Link *link = &g_array_index (level->links[i], Link, j);
              guint c = community[link->other];

              if (weight_to[c] == 0)
                g_array_append_val (touched, c);
              weight_to[c] += link->weight;
            }

          /* Take i out, then put it where the gain is largest. */
          tot[own] -= level->degree[i];
          best_gain = weight_to[own] - tot[own] * level->degree[i] / m2;
          for (guint t = 0; t < touched->len; t++)
            {
              guint c = g_array_index (touched, guint, t);
              double gain = weight_to[c] - tot[c] * level->degree[i] / m2;

              if (gain > best_gain + COST_EPSILON ||
                  (fabs (gain - best_gain) <= COST_EPSILON && c < best && best != own))
                {
                  best_gain = gain;
                  best = c;
                }
            }
          tot[best] += level->degree[i];
          community[i] = best;
          if (best != own)
            moved = moved_any = TRUE;

          for (guint t = 0; t < touched->len; t++)
            weight_to[g_array_index (touched, guint, t)] = 0;
          weight_to[own] = 0;
        }
    }

  return moved_any;
}

/* Renumbers communities 0.. in order of first appearance; returns how many. */
static guint
renumber (guint *community,
          guint  n)
{
  g_autofree guint *map = g_new (guint, MAX (n, 1));
  guint next = 0;

  for (guint i = 0; i < n; i++)
    map[i] = G_MAXUINT;
  for (guint i = 0; i < n; i++)
    {
      if (map[community[i]] == G_MAXUINT)
        map[community[i]] = next++;
      community[i] = map[community[i]];
    }
  return next;
}

static Level *
aggregate (Level       *level,
           const guint *community,
           guint        n_communities)
{
  Level *next = level_new (n_communities);
  g_autoptr(GHashTable) index = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  for (guint i = 0; i < level->n; i++)
    {
      guint ci = community[i];

      next->self_loop[ci] += level->self_loop[i];
      for (guint j = 0; j < level->links[i]->len; j++)
        {
          const Link *link = &g_array_index (level->links[i], Link, j);
          guint cj = community[link->other];
          gint64 key = ((gint64) ci << 32) | cj;
          gpointer found;

          if (ci == cj)
            {
              /* Each internal link is seen from both ends. */
              next->self_loop[ci] += link->weight / 2;
              continue;
            }
          if ((found = g_hash_table_lookup (index, &key)) != NULL)
            g_array_index (next->links[ci], Link, GPOINTER_TO_UINT (found) - 1).weight += link->weight;
          else
            {
              Link l = { cj, link->weight };

              g_array_append_val (next->links[ci], l);
              g_hash_table_insert (index, g_memdup2 (&key, sizeof key),
                                   GUINT_TO_POINTER (next->links[ci]->len));
            }
        }
    }
  level_finish (next);
  return next;
}

guint *
dossier_graph_compute_communities (DossierGraph *graph,
                                   guint32       seed,
                                   guint        *n_communities)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(Level) level = NULL;
  guint n, count;
  guint *result;

  g_return_val_if_fail (DOSSIER_IS_GRAPH (graph), NULL);

  n = dossier_graph_get_n_nodes (graph);
  result = g_new (guint, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    result[i] = i;

  level = level_new (n);
  for (guint e = 0; e < dossier_graph_get_n_edges (graph); e++)
    {
      const DossierGraphEdge *edge = dossier_graph_get_edge (graph, e);
      Link a = { edge->head, MAX (edge->weight, 1) };
      Link b = { edge->tail, MAX (edge->weight, 1) };

      g_array_append_val (level->links[edge->tail], a);
      g_array_append_val (level->links[edge->head], b);
    }
  level_finish (level);

  for (;;)
    {
      g_autofree guint *community = g_new (guint, MAX (level->n, 1));
      Level *next;

      if (!louvain_move (level, community, rand))
        break;
      count = renumber (community, level->n);
      for (guint i = 0; i < n; i++)
        result[i] = community[result[i]];
      if (count == level->n)
        break;
      next = aggregate (level, community, count);
      level_free (g_steal_pointer (&level));
      level = next;
    }

  count = renumber (result, n);
  if (n_communities != NULL)
    *n_communities = count;
  return result;
}

/* Paths (Yen 1971) */

static void
hop_free (DossierGraphHop *hop)
{
  g_clear_pointer (&hop->evidence, g_ptr_array_unref);
  g_free (hop);
}

void
dossier_graph_path_free (DossierGraphPath *path)
{
  if (path == NULL)
    return;
  g_clear_pointer (&path->nodes, g_array_unref);
  g_clear_pointer (&path->hops, g_ptr_array_unref);
  g_free (path);
}

/* The cheapest path from @source to @target avoiding the removed nodes and
 * edges, as node indices, or NULL. */
static GArray *
dijkstra (Adjacency      *adj,
          guint           source,
          guint           target,
          const gboolean *removed_nodes,
          const gboolean *removed_edges,
          double         *cost)
{
  g_autofree double *dist = g_new (double, MAX (adj->n, 1));
  g_autofree guint *prev = g_new (guint, MAX (adj->n, 1));
  g_autofree gboolean *done = g_new0 (gboolean, MAX (adj->n, 1));
  g_autoptr(GArray) heap = g_array_new (FALSE, FALSE, sizeof (HeapItem));
  GArray *path;

  for (guint i = 0; i < adj->n; i++)
    {
      dist[i] = INFINITY;
      prev[i] = G_MAXUINT;
    }
  dist[source] = 0;
  heap_push (heap, 0, source);

  while (heap->len > 0)
    {
      HeapItem item = heap_pop (heap);
      guint v = item.node;

      if (done[v])
        continue;
      done[v] = TRUE;
      if (v == target)
        break;
      for (guint a = adj->start[v]; a < adj->start[v + 1]; a++)
        {
          const Arc *arc = ARC (adj, a);
          double alt;

          if (removed_nodes[arc->other] || removed_edges[arc->edge] || done[arc->other])
            continue;
          alt = dist[v] + adj->cost[arc->edge];
          if (alt < dist[arc->other] - COST_EPSILON)
            {
              dist[arc->other] = alt;
              prev[arc->other] = v;
              heap_push (heap, alt, arc->other);
            }
        }
    }

  if (isinf (dist[target]))
    return NULL;

  path = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint v = target; v != G_MAXUINT; v = prev[v])
    g_array_prepend_val (path, v);
  *cost = dist[target];
  return path;
}

static gboolean
same_nodes (GArray *a,
            GArray *b)
{
  return a->len == b->len && memcmp (a->data, b->data, sizeof (guint) * a->len) == 0;
}

static DossierGraphPath *
path_new (DossierGraph *graph,
          GArray       *nodes,
          double        cost)
{
  DossierGraphPath *path = g_new0 (DossierGraphPath, 1);

  path->cost = cost;
  path->nodes = nodes;
  path->hops = g_ptr_array_new_with_free_func ((GDestroyNotify) hop_free);
  for (guint i = 0; i + 1 < nodes->len; i++)
    {
      DossierGraphHop *hop = g_new0 (DossierGraphHop, 1);

      hop->from = g_array_index (nodes, guint, i);
      hop->to = g_array_index (nodes, guint, i + 1);
      hop->edge = (guint) dossier_graph_find_edge (graph, hop->from, hop->to);
      hop->evidence = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_graph_citation_free);
      g_ptr_array_add (path->hops, hop);
    }
  return path;
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  const DossierGraphPath *pa = *(DossierGraphPath * const *) a;
  const DossierGraphPath *pb = *(DossierGraphPath * const *) b;

  if (fabs (pa->cost - pb->cost) > COST_EPSILON)
    return pa->cost < pb->cost ? -1 : 1;
  if (pa->nodes->len != pb->nodes->len)
    return pa->nodes->len < pb->nodes->len ? -1 : 1;
  for (guint i = 0; i < pa->nodes->len; i++)
    {
      guint a_node = g_array_index (pa->nodes, guint, i);
      guint b_node = g_array_index (pb->nodes, guint, i);

      if (a_node != b_node)
        return a_node < b_node ? -1 : 1;
    }
  return 0;
}

GPtrArray *
dossier_graph_k_shortest_paths (DossierGraph  *graph,
                                const char    *from,
                                const char    *to,
                                guint          k,
                                GError       **error)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_graph_path_free);
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_graph_path_free);
  g_autoptr(Adjacency) adj = NULL;
  g_autofree gboolean *removed_nodes = NULL;
  g_autofree gboolean *removed_edges = NULL;
  int source, target;
  GArray *first;
  double cost = 0;

  g_return_val_if_fail (DOSSIER_IS_GRAPH (graph), NULL);
  g_return_val_if_fail (from != NULL && to != NULL, NULL);

  if ((source = dossier_graph_find_node (graph, from)) < 0 ||
      (target = dossier_graph_find_node (graph, to)) < 0)
    {
      g_set_error (error, DOSSIER_GRAPH_ERROR, DOSSIER_GRAPH_ERROR_NOT_FOUND,
                   _("“%s” is not in the graph."), source < 0 ? from : to);
      return NULL;
    }
  if (k == 0 || source == target)
    return g_steal_pointer (&found);

  adj = adjacency_new (graph);
  removed_nodes = g_new0 (gboolean, MAX (adj->n, 1));
  removed_edges = g_new0 (gboolean, MAX (dossier_graph_get_n_edges (graph), 1));

  if (!(first = dijkstra (adj, (guint) source, (guint) target, removed_nodes, removed_edges, &cost)))
    return g_steal_pointer (&found);
  g_ptr_array_add (found, path_new (graph, first, cost));

  while (found->len < k)
    {
      const DossierGraphPath *last = g_ptr_array_index (found, found->len - 1);

      for (guint i = 0; i + 1 < last->nodes->len; i++)
        {
          guint spur = g_array_index (last->nodes, guint, i);
          double root_cost = 0;
          GArray *tail;
          double tail_cost = 0;

          /* Paths sharing this root may not leave it the same way again. */
          for (guint p = 0; p < found->len; p++)
            {
              const DossierGraphPath *path = g_ptr_array_index (found, p);

              if (path->nodes->len > i + 1 &&
                  memcmp (path->nodes->data, last->nodes->data, sizeof (guint) * (i + 1)) == 0)
                {
                  int e = dossier_graph_find_edge (graph, g_array_index (path->nodes, guint, i),
                                                   g_array_index (path->nodes, guint, i + 1));
                  if (e >= 0)
                    removed_edges[e] = TRUE;
                }
            }
          /* Nor pass through the root again: paths stay loopless. */
          for (guint r = 0; r < i; r++)
            {
              guint v = g_array_index (last->nodes, guint, r);
              int e = dossier_graph_find_edge (graph, v, g_array_index (last->nodes, guint, r + 1));

              removed_nodes[v] = TRUE;
              root_cost += adj->cost[e];
            }

          tail = dijkstra (adj, spur, (guint) target, removed_nodes, removed_edges, &tail_cost);

          memset (removed_nodes, 0, sizeof (gboolean) * adj->n);
          memset (removed_edges, 0, sizeof (gboolean) * MAX (dossier_graph_get_n_edges (graph), 1));

          if (tail != NULL)
            {
              GArray *nodes = g_array_sized_new (FALSE, FALSE, sizeof (guint), i + tail->len);
              gboolean duplicate = FALSE;

              g_array_append_vals (nodes, last->nodes->data, i);
              g_array_append_vals (nodes, tail->data, tail->len);
              g_array_unref (tail);

              for (guint c = 0; c < candidates->len && !duplicate; c++)
                duplicate = same_nodes (((DossierGraphPath *) g_ptr_array_index (candidates, c))->nodes, nodes);
              for (guint c = 0; c < found->len && !duplicate; c++)
                duplicate = same_nodes (((DossierGraphPath *) g_ptr_array_index (found, c))->nodes, nodes);
              if (duplicate)
                g_array_unref (nodes);
              else
                g_ptr_array_add (candidates, path_new (graph, nodes, root_cost + tail_cost));
            }
        }

      if (candidates->len == 0)
        break;
      g_ptr_array_sort (candidates, compare_paths);
      g_ptr_array_add (found, g_ptr_array_steal_index (candidates, 0));
    }

  return g_steal_pointer (&found);
}

gboolean
dossier_graph_path_fill_evidence (DossierGraph      *graph,
                                  DossierGraphPath  *path,
                                  GError           **error)
{
  g_return_val_if_fail (DOSSIER_IS_GRAPH (graph), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  for (guint i = 0; i < path->hops->len; i++)
    {
      DossierGraphHop *hop = g_ptr_array_index (path->hops, i);
      g_autoptr(GPtrArray) evidence = dossier_graph_dup_edge_evidence (graph, hop->edge, error);

      if (evidence == NULL)
        return FALSE;
      g_clear_pointer (&hop->evidence, g_ptr_array_unref);
      hop->evidence = g_steal_pointer (&evidence);
    }
  return TRUE;
}
