/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <math.h>

#include "dossier-graph-metrics.h"
#include "graph-test-data.h"

static DossierGraph *
graph_from_edges (guint              n,
                  const guint (*edges)[3],
                  guint              n_edges)
{
  DossierGraph *graph = dossier_graph_new ();

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *key = g_strdup_printf ("n%u", i);

      dossier_graph_add_node (graph, key, key, "organisation", 1);
    }
  for (guint i = 0; i < n_edges; i++)
    {
      g_autofree char *a = g_strdup_printf ("n%u", edges[i][0]);
      g_autofree char *b = g_strdup_printf ("n%u", edges[i][1]);

      dossier_graph_add_relation (graph, a, b, "co-mention", edges[i][2], FALSE);
    }
  return graph;
}

static void
test_degrees (void)
{
  static const guint edges[][3] = { { 0, 1, 3 }, { 0, 2, 1 }, { 1, 2, 2 }, { 2, 3, 5 } };
  g_autoptr(DossierGraph) graph = graph_from_edges (5, edges, G_N_ELEMENTS (edges));
  guint degree[5];
  double weighted[5];

  dossier_graph_compute_degrees (graph, degree, weighted);
  g_assert_cmpuint (degree[0], ==, 2);
  g_assert_cmpuint (degree[2], ==, 3);
  g_assert_cmpuint (degree[4], ==, 0);
  g_assert_cmpfloat (weighted[0], ==, 4);
  g_assert_cmpfloat (weighted[2], ==, 8);
  g_assert_cmpfloat (weighted[3], ==, 5);
}

static void
test_betweenness_path (void)
{
  /* A path of five: node i lies between i * (4 - i) pairs. */
  static const guint edges[][3] = { { 0, 1, 1 }, { 1, 2, 1 }, { 2, 3, 1 }, { 3, 4, 1 } };
  static const double expected[] = { 0, 3, 4, 3, 0 };
  g_autoptr(DossierGraph) graph = graph_from_edges (5, edges, G_N_ELEMENTS (edges));
  g_autofree double *raw = dossier_graph_compute_betweenness (graph, FALSE, FALSE);
  g_autofree double *weighted = dossier_graph_compute_betweenness (graph, TRUE, FALSE);
  g_autofree double *normalized = dossier_graph_compute_betweenness (graph, FALSE, TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_assert_cmpfloat_with_epsilon (raw[i], expected[i], 1e-9);
      g_assert_cmpfloat_with_epsilon (weighted[i], expected[i], 1e-9);
      g_assert_cmpfloat_with_epsilon (normalized[i], expected[i] / 6.0, 1e-9);
    }
}

static void
test_betweenness_star (void)
{
  /* A star with six leaves: the centre is on all 15 leaf pairs' only path. */
  static const guint edges[][3] = { { 0, 1, 1 }, { 0, 2, 2 }, { 0, 3, 3 }, { 0, 4, 1 }, { 0, 5, 1 }, { 0, 6, 9 } };
  g_autoptr(DossierGraph) graph = graph_from_edges (7, edges, G_N_ELEMENTS (edges));
  g_autofree double *raw = dossier_graph_compute_betweenness (graph, FALSE, FALSE);
  g_autofree double *normalized = dossier_graph_compute_betweenness (graph, TRUE, TRUE);

  g_assert_cmpfloat_with_epsilon (raw[0], 15, 1e-9);
  g_assert_cmpfloat_with_epsilon (normalized[0], 1, 1e-9);
  for (guint i = 1; i < 7; i++)
    {
      g_assert_cmpfloat_with_epsilon (raw[i], 0, 1e-9);
      g_assert_cmpfloat_with_epsilon (normalized[i], 0, 1e-9);
    }
}

static void
test_betweenness_weighted (void)
{
  /* A square 0-1-2-3-0 with a heavy side 1-2: by weight, 0 reaches 2 through 1. */
  static const guint edges[][3] = { { 0, 1, 1 }, { 1, 2, 10 }, { 2, 3, 1 }, { 3, 0, 1 } };
  g_autoptr(DossierGraph) graph = graph_from_edges (4, edges, G_N_ELEMENTS (edges));
  g_autofree double *raw = dossier_graph_compute_betweenness (graph, FALSE, FALSE);
  g_autofree double *weighted = dossier_graph_compute_betweenness (graph, TRUE, FALSE);

  /* Unweighted, every opposite pair splits its two paths: half a point each. */
  for (guint i = 0; i < 4; i++)
    g_assert_cmpfloat_with_epsilon (raw[i], 0.5, 1e-9);
  /* Weighted: 0-2 goes through 1 (cost 1.1 < 2), 1-3 through 2 (1.1 < 2). */
  g_assert_cmpfloat_with_epsilon (weighted[1], 1, 1e-9);
  g_assert_cmpfloat_with_epsilon (weighted[2], 1, 1e-9);
  g_assert_cmpfloat_with_epsilon (weighted[0], 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (weighted[3], 0, 1e-9);
}

static void
test_communities (void)
{
  /* Two five-cliques joined by one light edge, and a loner. */
  g_autoptr(GArray) edges = g_array_new (FALSE, FALSE, sizeof (guint[3]));
  g_autoptr(DossierGraph) graph = NULL;
  g_autofree guint *first = NULL;
  guint n = 0;

  for (guint c = 0; c < 2; c++)
    for (guint i = 0; i < 5; i++)
      for (guint j = i + 1; j < 5; j++)
        {
          guint edge[3] = { c * 5 + i, c * 5 + j, 3 };

          g_array_append_val (edges, edge);
        }
  {
    guint bridge[3] = { 4, 5, 1 };

    g_array_append_val (edges, bridge);
  }
  graph = graph_from_edges (11, (const guint (*)[3]) (gpointer) edges->data, edges->len);

  first = dossier_graph_compute_communities (graph, 42, &n);
  g_assert_cmpuint (n, ==, 3);
  for (guint i = 0; i < 5; i++)
    {
      g_assert_cmpuint (first[i], ==, first[0]);
      g_assert_cmpuint (first[5 + i], ==, first[5]);
    }
  g_assert_cmpuint (first[0], !=, first[5]);
  g_assert_cmpuint (first[10], !=, first[0]);
  g_assert_cmpuint (first[10], !=, first[5]);
  /* Numbered in node order. */
  g_assert_cmpuint (first[0], ==, 0);

  /* The same seed, the same answer; other seeds find the same split. */
  for (guint32 seed = 0; seed < 20; seed++)
    {
      g_autofree guint *again = dossier_graph_compute_communities (graph, seed, &n);

      g_assert_cmpuint (n, ==, 3);
      if (seed == 42)
        g_assert_cmpmem (again, sizeof (guint) * 11, first, sizeof (guint) * 11);
      g_assert_cmpuint (again[0], ==, again[4]);
      g_assert_cmpuint (again[0], !=, again[5]);
    }
}

static char *
path_keys (DossierGraph           *graph,
           const DossierGraphPath *path)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < path->nodes->len; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? " " : "",
                            dossier_graph_get_node (graph, g_array_index (path->nodes, guint, i))->key);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_k_shortest_paths (void)
{
  /*      n1 -- n3
   *     /  \  /  \
   *   n0    \/    n5
   *     \   /\   /
   *      n2 -- n4          plus n6, alone
   */
  static const guint edges[][3] = {
    { 0, 1, 1 }, { 0, 2, 1 }, { 1, 3, 1 }, { 2, 4, 1 }, { 3, 5, 1 }, { 4, 5, 1 },
    { 1, 4, 4 }, { 2, 3, 1 },
  };
  g_autoptr(DossierGraph) graph = graph_from_edges (7, edges, G_N_ELEMENTS (edges));
  g_autoptr(GPtrArray) paths = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  double previous = 0;

  paths = dossier_graph_k_shortest_paths (graph, "n0", "n5", 10, &error);
  g_assert_no_error (error);
  /* Three hops: 0-1-3-5, 0-2-4-5, 0-1-4-5 (heavy middle edge: cheaper),
   * 0-2-3-5; then four hops and more. */
  g_assert_cmpuint (paths->len, >=, 4);
  {
    g_autofree char *best = path_keys (graph, g_ptr_array_index (paths, 0));
    g_autofree char *second = path_keys (graph, g_ptr_array_index (paths, 1));

    /* 1-4 carries weight 4: 1 + 1/4 beats 1 + 1. */
    g_assert_cmpstr (best, ==, "n0 n1 n4 n5");
    g_assert_cmpfloat_with_epsilon (((DossierGraphPath *) g_ptr_array_index (paths, 0))->cost, 2 + 2 + 1.25, 1e-9);
    g_assert_cmpstr (second, ==, "n0 n1 n3 n5");
  }

  for (guint i = 0; i < paths->len; i++)
    {
      const DossierGraphPath *path = g_ptr_array_index (paths, i);
      g_autofree char *keys = path_keys (graph, path);
      g_autoptr(GHashTable) visited = g_hash_table_new (NULL, NULL);
      double cost = 0;

      /* Cheapest first, all different, loopless, and the cost adds up. */
      g_assert_cmpfloat (path->cost, >=, previous - 1e-9);
      previous = path->cost;
      g_assert_true (g_hash_table_add (seen, g_strdup (keys)));
      g_assert_cmpuint (path->hops->len, ==, path->nodes->len - 1);
      for (guint j = 0; j < path->nodes->len; j++)
        g_assert_true (g_hash_table_add (visited, GUINT_TO_POINTER (g_array_index (path->nodes, guint, j) + 1)));
      for (guint j = 0; j < path->hops->len; j++)
        {
          const DossierGraphHop *hop = g_ptr_array_index (path->hops, j);

          cost += dossier_graph_edge_cost (dossier_graph_get_edge (graph, hop->edge));
        }
      g_assert_cmpfloat_with_epsilon (cost, path->cost, 1e-9);
      g_assert_true (g_str_has_prefix (keys, "n0 ") && g_str_has_suffix (keys, " n5"));
    }

  g_clear_pointer (&paths, g_ptr_array_unref);
  paths = dossier_graph_k_shortest_paths (graph, "n0", "n5", 2, &error);
  g_assert_cmpuint (paths->len, ==, 2);

  /* Not connected: no path, no error. */
  g_clear_pointer (&paths, g_ptr_array_unref);
  paths = dossier_graph_k_shortest_paths (graph, "n0", "n6", 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (paths->len, ==, 0);

  g_clear_pointer (&paths, g_ptr_array_unref);
  paths = dossier_graph_k_shortest_paths (graph, "n0", "nowhere", 3, &error);
  g_assert_error (error, DOSSIER_GRAPH_ERROR, DOSSIER_GRAPH_ERROR_NOT_FOUND);
  g_assert_null (paths);
}

/* "How is Belarus connected to OHCHR, and where does it say so?" */
static void
test_paths_with_citations (GraphFixture  *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierGraph) graph = dossier_graph_new_from_store (f->store, NULL, &error);
  g_autoptr(GPtrArray) paths = NULL;
  const DossierGraphPath *path;
  const DossierGraphHop *hop;
  const DossierGraphCitation *citation;

  g_assert_no_error (error);
  paths = dossier_graph_k_shortest_paths (graph, "place:belarus", "org:ohchr", 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (paths->len, ==, 3);

  for (guint i = 0; i < paths->len; i++)
    {
      path = g_ptr_array_index (paths, i);
      g_assert_true (dossier_graph_path_fill_evidence (graph, (DossierGraphPath *) path, &error));
      g_assert_no_error (error);
      for (guint j = 0; j < path->hops->len; j++)
        {
          hop = g_ptr_array_index (path->hops, j);
          g_assert_cmpuint (hop->evidence->len, >, 0);
        }
    }

  /* Directly: B para. 1 names both. */
  path = g_ptr_array_index (paths, 0);
  g_assert_cmpuint (path->hops->len, ==, 1);
  hop = g_ptr_array_index (path->hops, 0);
  citation = g_ptr_array_index (hop->evidence, 0);
  g_assert_cmpstr (citation->citation, ==, "A/57/170, para. 1");
  g_assert_nonnull (strstr (citation->text, "Belarus"));

  /* Then through IOM: A para. 3, then A para. 2. */
  path = g_ptr_array_index (paths, 1);
  g_assert_cmpuint (path->hops->len, ==, 2);
  g_assert_cmpstr (dossier_graph_get_node (graph, g_array_index (path->nodes, guint, 1))->key, ==, "org:iom");
  hop = g_ptr_array_index (path->hops, 0);
  g_assert_cmpstr (((DossierGraphCitation *) g_ptr_array_index (hop->evidence, 0))->citation, ==,
                   "E/CN.4/2003/74, para. 3");
  hop = g_ptr_array_index (path->hops, 1);
  g_assert_cmpstr (((DossierGraphCitation *) g_ptr_array_index (hop->evidence, 0))->citation, ==,
                   "E/CN.4/2003/74, para. 2");
}

static void
test_metrics_on_store (GraphFixture  *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierGraph) graph = dossier_graph_new_from_store (f->store, NULL, &error);
  g_autofree double *betweenness = NULL;
  g_autofree guint *communities = NULL;
  int iom, unodc;
  guint n = 0;

  g_assert_no_error (error);
  betweenness = dossier_graph_compute_betweenness (graph, FALSE, TRUE);
  communities = dossier_graph_compute_communities (graph, 1, &n);
  g_assert_cmpuint (n, >=, 2);
  g_assert_cmpuint (n, <=, dossier_graph_get_n_nodes (graph));

  /* UNODC alone links the Task Force, the Protocol and the resolution to the
   * rest (17 pairs); IOM links ILO and the hostile node (14); nobody else
   * comes close. */
  unodc = dossier_graph_find_node (graph, "org:unodc");
  iom = dossier_graph_find_node (graph, "org:iom");
  g_assert_cmpfloat_with_epsilon (betweenness[unodc] * 28, 17, 1e-9);
  g_assert_cmpfloat_with_epsilon (betweenness[iom] * 28, 14, 1e-9);
  for (guint i = 0; i < dossier_graph_get_n_nodes (graph); i++)
    if ((int) i != unodc && (int) i != iom)
      g_assert_cmpfloat (betweenness[i], <, betweenness[iom]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dossier/graph-metrics/degrees", test_degrees);
  g_test_add_func ("/dossier/graph-metrics/betweenness-path", test_betweenness_path);
  g_test_add_func ("/dossier/graph-metrics/betweenness-star", test_betweenness_star);
  g_test_add_func ("/dossier/graph-metrics/betweenness-weighted", test_betweenness_weighted);
  g_test_add_func ("/dossier/graph-metrics/communities", test_communities);
  g_test_add_func ("/dossier/graph-metrics/k-shortest-paths", test_k_shortest_paths);
  g_test_add ("/dossier/graph-metrics/paths-with-citations", GraphFixture, NULL,
              graph_fixture_setup, test_paths_with_citations, graph_fixture_teardown);
  g_test_add ("/dossier/graph-metrics/on-store", GraphFixture, NULL,
              graph_fixture_setup, test_metrics_on_store, graph_fixture_teardown);

  return g_test_run ();
}
