/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <math.h>
#include <sys/wait.h>

#include "dossier-batch.h"
#include "dossier-entities.h"
#include "dossier-graph-metrics.h"
#include "dossier-graph-private.h"
#include "graph-test-data.h"

/* Kept nodes move less than this (points) when a graph grows by a few nodes
 * and is laid out again with their old positions. */
#define KEPT_NODE_BOUND 1.0

static DossierGraph *
graph_for (DossierStore       *store,
           DossierGraphFilter *filter)
{
  g_autoptr(GError) error = NULL;
  DossierGraph *graph = dossier_graph_new_from_store (store, filter, &error);

  g_assert_no_error (error);
  g_assert_nonnull (graph);
  return graph;
}

static void
assert_nodes (DossierGraph *graph,
              const char   *expected)
{
  g_autofree char *keys = node_keys (graph);

  g_assert_cmpstr (keys, ==, expected);
}

static int
edge_between (DossierGraph *graph,
              const char   *a,
              const char   *b)
{
  int ia = dossier_graph_find_node (graph, a);
  int ib = dossier_graph_find_node (graph, b);

  if (ia < 0 || ib < 0)
    return -1;
  return dossier_graph_find_edge (graph, (guint) ia, (guint) ib);
}

/* A synthetic graph: @n nodes, about three edges each, the same for a seed. */
static DossierGraph *
synthetic_graph (guint   n,
                 guint32 seed)
{
  static const char *const kinds[] = { "organisation", "body", "resolution", "instrument", "place" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  DossierGraph *graph = dossier_graph_new ();

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *key = g_strdup_printf ("org:n%u", i);
      g_autofree char *name = g_strdup_printf ("Entity number %u", i);

      dossier_graph_add_node (graph, key, name, kinds[i % G_N_ELEMENTS (kinds)], 1 + i % 7);
    }
  for (guint i = 1; i < n; i++)
    for (guint k = 0; k < 3 && k < i; k++)
      {
        g_autofree char *a = g_strdup_printf ("org:n%u", i);
        g_autofree char *b = g_strdup_printf ("org:n%u", (guint) g_rand_int_range (rand, 0, (gint32) i));

        dossier_graph_add_relation (graph, a, b, "co-mention", 1 + (guint) g_rand_int_range (rand, 0, 4), FALSE);
      }
  return graph;
}

/* Query */

static void
test_all (GraphFixture  *f,
          gconstpointer  data)
{
  g_autoptr(DossierGraph) graph = graph_for (f->store, NULL);
  const DossierGraphEdge *edge;
  int index;

  /* Hidden Org never shows. */
  assert_nodes (graph, "ins:trafficking-protocol org:hostile org:ilo org:iom org:ohchr org:unodc "
                       "org:~task-force place:belarus res:A/RES/55/67");
  g_assert_cmpuint (dossier_graph_get_n_edges (graph), ==, 10);

  index = edge_between (graph, "org:unodc", "org:ohchr");
  g_assert_cmpint (index, >=, 0);
  edge = dossier_graph_get_edge (graph, (guint) index);
  g_assert_cmpuint (edge->weight, ==, 2);
  g_assert_true (edge->co_mention);
  g_assert_false (edge->typed);

  /* A typed relation and a co-mention between the same pair make one edge that
   * points the way the relation reads. */
  index = edge_between (graph, "ins:trafficking-protocol", "res:A/RES/55/67");
  g_assert_cmpint (index, >=, 0);
  edge = dossier_graph_get_edge (graph, (guint) index);
  g_assert_true (edge->typed);
  g_assert_true (edge->co_mention);
  g_assert_cmpint (edge->direction, ==, DOSSIER_GRAPH_EDGE_FORWARD);
  g_assert_cmpstr (dossier_graph_get_node (graph, edge->tail)->key, ==, "ins:trafficking-protocol");
  g_assert_cmpstr (edge->label, ==, "supplementing");
  g_assert_true (g_strv_contains ((const char * const *) edge->kinds, "supplements"));
  g_assert_cmpuint (edge->relation_ids->len, ==, 2);

  /* Long names give way to short ones in labels. */
  index = dossier_graph_find_node (graph, "org:unodc");
  g_assert_cmpstr (dossier_graph_get_node (graph, (guint) index)->label, ==, "UNODC");
  g_assert_cmpuint (dossier_graph_get_node (graph, (guint) index)->n_mentions, ==, 5);
}

static void
test_filters (GraphFixture  *f,
              gconstpointer  data)
{
  g_autoptr(DossierGraphFilter) filter = NULL;
  g_autoptr(DossierGraph) graph = NULL;

  filter = dossier_graph_filter_new ();
  dossier_graph_filter_add_kind (filter, "place");
  dossier_graph_filter_add_kind (filter, "instrument");
  graph = graph_for (f->store, filter);
  assert_nodes (graph, "ins:trafficking-protocol place:belarus");
  g_assert_cmpuint (dossier_graph_get_n_edges (graph), ==, 0);
  g_clear_object (&graph);
  g_clear_pointer (&filter, dossier_graph_filter_free);

  /* One document: only what it says. */
  filter = dossier_graph_filter_new ();
  dossier_graph_filter_add_document (filter, test_document_id (f->store, "A/57/170"));
  graph = graph_for (f->store, filter);
  assert_nodes (graph, "ins:trafficking-protocol org:ilo org:iom org:ohchr org:unodc place:belarus");
  g_assert_cmpuint (dossier_graph_get_n_edges (graph), ==, 3);
  g_assert_cmpuint (dossier_graph_get_node (graph, (guint) dossier_graph_find_node (graph, "org:unodc"))->n_mentions, ==, 1);
  g_clear_object (&graph);
  g_clear_pointer (&filter, dossier_graph_filter_free);

  /* Dates: a year prefix covers the year. */
  filter = dossier_graph_filter_new ();
  dossier_graph_filter_set_date_range (filter, NULL, "2002");
  graph = graph_for (f->store, filter);
  assert_nodes (graph, "ins:trafficking-protocol org:ilo org:iom org:ohchr org:unodc place:belarus");
  g_clear_object (&graph);
  dossier_graph_filter_set_date_range (filter, "2003-01", NULL);
  graph = graph_for (f->store, filter);
  g_assert_cmpint (dossier_graph_find_node (graph, "org:~task-force"), >=, 0);
  g_assert_cmpint (edge_between (graph, "place:belarus", "org:ohchr"), <, 0);
  g_clear_object (&graph);
  g_clear_pointer (&filter, dossier_graph_filter_free);

  /* Weights: co-mentions need two paragraphs; the typed relation stays. */
  filter = dossier_graph_filter_new ();
  dossier_graph_filter_set_min_weight (filter, 2);
  graph = graph_for (f->store, filter);
  g_assert_cmpuint (dossier_graph_get_n_edges (graph), ==, 2);
  g_assert_cmpint (edge_between (graph, "org:unodc", "org:ohchr"), >=, 0);
  g_assert_cmpint (edge_between (graph, "ins:trafficking-protocol", "res:A/RES/55/67"), >=, 0);
  g_clear_object (&graph);
  g_clear_pointer (&filter, dossier_graph_filter_free);

  /* Typed relations only. */
  filter = dossier_graph_filter_new ();
  dossier_graph_filter_set_relations (filter, DOSSIER_GRAPH_RELATIONS_TYPED);
  graph = graph_for (f->store, filter);
  g_assert_cmpuint (dossier_graph_get_n_edges (graph), ==, 1);
  g_assert_false (dossier_graph_get_edge (graph, 0)->co_mention);
  g_clear_object (&graph);
  g_clear_pointer (&filter, dossier_graph_filter_free);

  /* Pattern guesses and low confidence. */
  filter = dossier_graph_filter_new ();
  dossier_graph_filter_set_min_confidence (filter, 0.8);
  graph = graph_for (f->store, filter);
  g_assert_cmpint (dossier_graph_find_node (graph, "org:~task-force"), <, 0);
  g_assert_cmpint (dossier_graph_find_node (graph, "org:hostile"), >=, 0);
  g_clear_object (&graph);
  g_clear_pointer (&filter, dossier_graph_filter_free);

  filter = dossier_graph_filter_new ();
  dossier_graph_filter_set_hide_patterns (filter, TRUE);
  graph = graph_for (f->store, filter);
  assert_nodes (graph, "ins:trafficking-protocol org:ilo org:iom org:ohchr org:unodc place:belarus");
}

static void
test_ego (GraphFixture  *f,
          gconstpointer  data)
{
  g_autoptr(DossierGraphFilter) filter = dossier_graph_filter_new ();
  g_autoptr(DossierGraph) graph = NULL;
  g_autoptr(GError) error = NULL;
  const DossierGraphNode *more;
  int index;

  dossier_graph_filter_add_centre (filter, "org:unodc");
  graph = graph_for (f->store, filter);
  assert_nodes (graph, "ins:trafficking-protocol org:iom org:ohchr org:unodc org:~task-force");
  g_assert_true (dossier_graph_get_node (graph, (guint) dossier_graph_find_node (graph, "org:unodc"))->centre);
  /* Edges among the neighbours come along. */
  g_assert_cmpint (edge_between (graph, "org:iom", "org:ohchr"), >=, 0);
  g_clear_object (&graph);

  dossier_graph_filter_set_depth (filter, 2);
  graph = graph_for (f->store, filter);
  assert_nodes (graph, "ins:trafficking-protocol org:ilo org:iom org:ohchr org:unodc org:~task-force "
                       "place:belarus res:A/RES/55/67");
  g_clear_object (&graph);

  /* At most two new neighbours per node: the heaviest (OHCHR, two paragraphs),
   * then the most mentioned (IOM); the rest fold into "+2 more". */
  dossier_graph_filter_set_depth (filter, 1);
  dossier_graph_filter_set_max_neighbours (filter, 2);
  graph = graph_for (f->store, filter);
  assert_nodes (graph, "more:org:unodc org:iom org:ohchr org:unodc");
  index = dossier_graph_find_node (graph, "more:org:unodc");
  more = dossier_graph_get_node (graph, (guint) index);
  g_assert_cmpstr (more->kind, ==, "more");
  g_assert_cmpstr (more->parent_key, ==, "org:unodc");
  g_assert_cmpuint (more->n_folded, ==, 2);
  g_assert_cmpstr (more->label, ==, "+2 more");
  g_assert_cmpint (edge_between (graph, "org:unodc", "more:org:unodc"), >=, 0);
  g_clear_object (&graph);

  /* Expanding the node brings them in. */
  dossier_graph_filter_add_expanded (filter, "org:unodc");
  graph = graph_for (f->store, filter);
  assert_nodes (graph, "ins:trafficking-protocol org:iom org:ohchr org:unodc org:~task-force");
  g_clear_object (&graph);

  /* An unknown or hidden centre is an error a user can read. */
  g_clear_pointer (&filter, dossier_graph_filter_free);
  filter = dossier_graph_filter_new ();
  dossier_graph_filter_add_centre (filter, "org:hidden");
  graph = dossier_graph_new_from_store (f->store, filter, &error);
  g_assert_error (error, DOSSIER_GRAPH_ERROR, DOSSIER_GRAPH_ERROR_NOT_FOUND);
  g_assert_null (graph);
}

static void
test_ego_documents (GraphFixture  *f,
                    gconstpointer  data)
{
  g_autoptr(DossierGraphFilter) filter = dossier_graph_filter_new ();
  g_autoptr(DossierGraph) graph = NULL;
  g_autoptr(GPtrArray) evidence = NULL;
  g_autoptr(GError) error = NULL;
  const DossierGraphNode *doc;
  int index;

  /* What links these two documents? The entities both mention. */
  dossier_graph_filter_add_centre (filter, "doc:E/CN.4/2003/74");
  dossier_graph_filter_add_centre (filter, "doc:A/57/170");
  dossier_graph_filter_set_ego_mode (filter, DOSSIER_GRAPH_EGO_COMMON);
  graph = graph_for (f->store, filter);
  assert_nodes (graph, "doc:A/57/170 doc:E/CN.4/2003/74 ins:trafficking-protocol org:ilo org:iom "
                       "org:ohchr org:unodc place:belarus");

  index = dossier_graph_find_node (graph, "doc:A/57/170");
  doc = dossier_graph_get_node (graph, (guint) index);
  g_assert_cmpstr (doc->kind, ==, "document");
  g_assert_cmpstr (doc->label, ==, "A/57/170");
  g_assert_cmpint (doc->document_id, ==, test_document_id (f->store, "A/57/170"));

  /* A document's edge cites the paragraphs that mention the entity. */
  index = edge_between (graph, "doc:A/57/170", "place:belarus");
  g_assert_cmpint (index, >=, 0);
  g_assert_true (dossier_graph_get_edge (graph, (guint) index)->mentions);
  evidence = dossier_graph_dup_edge_evidence (graph, (guint) index, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (evidence->len, ==, 1);
  g_assert_cmpstr (((DossierGraphCitation *) g_ptr_array_index (evidence, 0))->citation, ==, "A/57/170, para. 1");
}

static void
test_top_n (GraphFixture  *f,
            gconstpointer  data)
{
  g_autoptr(DossierGraphFilter) filter = dossier_graph_filter_new ();
  g_autoptr(DossierGraph) graph = NULL;

  /* Weighted degrees: UNODC 5, IOM 4 and OHCHR 4, the rest less. */
  dossier_graph_filter_set_top_n (filter, 3);
  graph = graph_for (f->store, filter);
  assert_nodes (graph, "org:iom org:ohchr org:unodc");
  g_clear_object (&graph);

  /* A centre stays whatever its degree. */
  dossier_graph_filter_add_centre (filter, "org:hostile");
  dossier_graph_filter_set_depth (filter, 3);
  dossier_graph_filter_set_top_n (filter, 2);
  graph = graph_for (f->store, filter);
  assert_nodes (graph, "org:hostile org:iom");
}

static void
test_filter_json (void)
{
  g_autoptr(DossierGraphFilter) filter = dossier_graph_filter_new ();
  g_autoptr(DossierGraphFilter) back = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(JsonNode) bad = json_from_string ("{\"depth\": \"deep\"}", NULL);
  g_autoptr(GError) error = NULL;

  dossier_graph_filter_add_kind (filter, "organisation");
  dossier_graph_filter_add_document (filter, 7);
  dossier_graph_filter_set_date_range (filter, "2002", "2003-06");
  dossier_graph_filter_set_min_weight (filter, 3);
  dossier_graph_filter_set_relations (filter, DOSSIER_GRAPH_RELATIONS_TYPED);
  dossier_graph_filter_set_min_confidence (filter, 0.5);
  dossier_graph_filter_set_hide_patterns (filter, TRUE);
  dossier_graph_filter_add_centre (filter, "org:unodc");
  dossier_graph_filter_set_depth (filter, 2);
  dossier_graph_filter_set_ego_mode (filter, DOSSIER_GRAPH_EGO_COMMON);
  dossier_graph_filter_set_top_n (filter, 50);
  dossier_graph_filter_set_max_neighbours (filter, 8);
  dossier_graph_filter_add_expanded (filter, "org:ohchr");

  json = dossier_graph_filter_to_json (filter);
  back = dossier_graph_filter_new_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_true (dossier_graph_filter_equal (filter, back));

  g_assert_null (dossier_graph_filter_new_from_json (bad, &error));
  g_assert_error (error, DOSSIER_GRAPH_ERROR, DOSSIER_GRAPH_ERROR_INVALID);
}

/* DOT */

static char *
run_program (const char  *program,
             const char  *const *args,
             const char  *input,
             int         *status)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_ptr_array_add (argv, (gpointer) program);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, &out, &err, &error);
  g_assert_no_error (error);
  *status = g_subprocess_get_exit_status (process);
  if (*status != 0)
    g_test_message ("%s said: %s", program, err);
  return g_steal_pointer (&out);
}

static void
test_dot_reread (GraphFixture  *f,
                 gconstpointer  data)
{
  g_autoptr(DossierGraph) graph = graph_for (f->store, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dot = dossier_graph_dup_dot (graph, &error);
  g_autofree char *program = g_find_program_in_path ("dot");
  g_autofree char *svg = NULL;
  const char *const args[] = { "-Tsvg", NULL };
  int status = -1;

  g_assert_no_error (error);
  g_assert_nonnull (strstr (dot, "layout="));

  {
    g_autoptr(DossierGraphvizLock) lock = _dossier_graphviz_lock ();
    g_autoptr(Agraph_t) g = agmemread (dot);

    g_assert_nonnull (g);
    g_assert_cmpint (agnnodes (g), ==, (int) dossier_graph_get_n_nodes (graph));
    g_assert_cmpint (agnedges (g), ==, (int) dossier_graph_get_n_edges (graph));
  }

  if (program == NULL)
    {
      g_test_skip ("The dot program is not installed.");
      return;
    }
  svg = run_program (program, args, dot, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (svg, "</svg>"));
}

/* SVG */

typedef struct
{
  guint      n_nodes;
  guint      n_edges;
  int        depth_in_node;  /* element depth where the current node group began, or -1 */
  int        depth;
  gboolean   in_text;
  GString   *text;
  GPtrArray *node_texts;     /* of char*: the lines of each node, joined by '\n' */
  guint      n_unexpected;   /* elements an injected label would create */
} SvgScan;

static void
svg_start (GMarkupParseContext  *context,
           const char           *element,
           const char          **names,
           const char          **values,
           gpointer              user_data,
           GError              **error)
{
  SvgScan *scan = user_data;
  const char *class = NULL;

  scan->depth++;
  for (guint i = 0; names[i] != NULL; i++)
    if (g_str_equal (names[i], "class"))
      class = values[i];

  if (g_str_equal (element, "g") && g_strcmp0 (class, "node") == 0)
    {
      scan->n_nodes++;
      scan->depth_in_node = scan->depth;
      g_ptr_array_add (scan->node_texts, g_strdup (""));
    }
  else if (g_str_equal (element, "g") && g_strcmp0 (class, "edge") == 0)
    scan->n_edges++;
  else if (g_str_equal (element, "text") && scan->depth_in_node >= 0)
    {
      scan->in_text = TRUE;
      g_string_truncate (scan->text, 0);
    }
  else if (g_str_equal (element, "b") || g_str_equal (element, "font") || g_str_equal (element, "table"))
    scan->n_unexpected++;
}

static void
svg_end (GMarkupParseContext  *context,
         const char           *element,
         gpointer              user_data,
         GError              **error)
{
  SvgScan *scan = user_data;

  if (g_str_equal (element, "text") && scan->in_text)
    {
      char **last = (char **) &g_ptr_array_index (scan->node_texts, scan->node_texts->len - 1);
      char *joined = **last == '\0' ? g_strdup (scan->text->str) : g_strconcat (*last, "\n", scan->text->str, NULL);

      g_free (*last);
      *last = joined;
      scan->in_text = FALSE;
    }
  if (scan->depth == scan->depth_in_node)
    scan->depth_in_node = -1;
  scan->depth--;
}

static void
svg_text (GMarkupParseContext  *context,
          const char           *text,
          gsize                 length,
          gpointer              user_data,
          GError              **error)
{
  SvgScan *scan = user_data;

  if (scan->in_text)
    g_string_append_len (scan->text, text, (gssize) length);
}

static void
scan_svg (const char *svg,
          gsize       length,
          SvgScan    *scan)
{
  static const GMarkupParser parser = { svg_start, svg_end, svg_text, NULL, NULL };
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) error = NULL;

  memset (scan, 0, sizeof *scan);
  scan->depth_in_node = -1;
  scan->text = g_string_new (NULL);
  scan->node_texts = g_ptr_array_new_with_free_func (g_free);
  context = g_markup_parse_context_new (&parser, 0, scan, NULL);
  g_markup_parse_context_parse (context, svg, (gssize) length, &error);
  g_assert_no_error (error);
  g_markup_parse_context_end_parse (context, &error);
  g_assert_no_error (error);
}

static void
svg_scan_clear (SvgScan *scan)
{
  g_string_free (scan->text, TRUE);
  g_ptr_array_unref (scan->node_texts);
}

static void
test_svg (GraphFixture  *f,
          gconstpointer  data)
{
  g_autoptr(DossierGraph) graph = graph_for (f->store, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) svg = NULL;
  SvgScan scan;
  gsize length;
  const char *text;

  g_assert_true (dossier_graph_layout (graph, "dot", NULL, &error));
  g_assert_no_error (error);
  svg = dossier_graph_export_bytes (graph, DOSSIER_GRAPH_FORMAT_SVG, &error);
  g_assert_no_error (error);
  text = g_bytes_get_data (svg, &length);
  scan_svg (text, length, &scan);
  g_assert_cmpuint (scan.n_nodes, ==, dossier_graph_get_n_nodes (graph));
  g_assert_cmpuint (scan.n_edges, ==, dossier_graph_get_n_edges (graph));
  g_assert_cmpuint (scan.n_unexpected, ==, 0);
  svg_scan_clear (&scan);
}

static const char *const hostile_names[] = {
  HOSTILE_NAME,
  "ends with a backslash \\",
  "\\",
  "\"",
  "\"\\\"\\",
  "<b>bold</b>",
  "<<table><tr><td>x</td></tr></table>>",
  "a & b &amp; c &lt; d &#65;",
  "];node[shape=box",
  "edge [color=red]",
  "label=\"x\"",
  "%s %d %n %%",
  "%leading percent",
  "\\N \\G \\E \\T \\H \\L \\l \\r \\n",
  "مفوضية الأمم المتحدة",
  "联合国毒品和犯罪问题办公室",
  "\u202Eright-to-left override",
  "graph",
  "-1.5",
  "new\nline",
  "tab\there",
};

static void
test_hostile_labels (void)
{
  g_autoptr(DossierGraph) graph = dossier_graph_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dot = NULL;
  g_autoptr(GBytes) svg = NULL;
  g_autofree char *program = g_find_program_in_path ("dot");
  DossierGraphGeometry *geometry;
  SvgScan scan;
  gsize length;
  const char *text;

  /* The names are the keys too: node names must survive as well as labels. */
  for (guint i = 0; i < G_N_ELEMENTS (hostile_names); i++)
    dossier_graph_add_node (graph, hostile_names[i], hostile_names[i], "organisation", i);
  for (guint i = 1; i < G_N_ELEMENTS (hostile_names); i++)
    dossier_graph_add_relation (graph, hostile_names[i - 1], hostile_names[i], "co-mention", i, FALSE);
  dossier_graph_add_relation (graph, hostile_names[0], hostile_names[5], "supplements", 1, TRUE);

  dot = dossier_graph_dup_dot (graph, &error);
  g_assert_no_error (error);

  /* Every label reads back exactly as written. */
  {
    g_autoptr(DossierGraphvizLock) lock = _dossier_graphviz_lock ();
    g_autoptr(Agraph_t) g = agmemread (dot);
    g_autoptr(GHashTable) expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

    g_assert_nonnull (g);
    g_assert_cmpint (agnnodes (g), ==, G_N_ELEMENTS (hostile_names));
    g_assert_cmpint (agnedges (g), ==, G_N_ELEMENTS (hostile_names));
    for (guint i = 0; i < G_N_ELEMENTS (hostile_names); i++)
      {
        const DossierGraphNode *node = dossier_graph_get_node (graph, i);
        g_auto(GStrv) lines = g_strsplit (node->label, "\n", -1);
        GString *label = g_string_new (NULL);

        /* What Dossier sets: each line escaped, joined by Graphviz's line break. */
        for (guint j = 0; lines[j] != NULL; j++)
          {
            g_autofree char *escaped = _dossier_graphviz_escape (lines[j]);
            g_auto(GStrv) amp = g_strsplit (escaped, "&", -1);
            g_autofree char *joined = g_strjoinv ("&amp;", amp);

            g_string_append_printf (label, "%s%s", j > 0 ? "\\n" : "", joined);
          }
        g_hash_table_add (expected, g_string_free (label, FALSE));
      }
    for (Agnode_t *n = agfstnode (g); n != NULL; n = agnxtnode (g, n))
      {
        const char *label = agget (n, (char *) "label");

        g_test_message ("read back: %s", label);
        g_assert_true (g_hash_table_remove (expected, label));
        /* Plain strings, never HTML-like labels. */
        g_assert_false (aghtmlstr ((char *) label));
      }
    g_assert_cmpuint (g_hash_table_size (expected), ==, 0);
  }

  if (program != NULL)
    {
      const char *const args[] = { "-Tsvg", NULL };
      g_autofree char *out = NULL;
      int status = -1;

      out = run_program (program, args, dot, &status);
      g_assert_cmpint (status, ==, 0);
    }

  /* What is drawn is the name itself (control characters aside). */
  g_assert_true (dossier_graph_layout (graph, "dot", NULL, &error));
  g_assert_no_error (error);
  svg = dossier_graph_export_bytes (graph, DOSSIER_GRAPH_FORMAT_SVG, &error);
  g_assert_no_error (error);
  text = g_bytes_get_data (svg, &length);
  scan_svg (text, length, &scan);
  g_assert_cmpuint (scan.n_nodes, ==, G_N_ELEMENTS (hostile_names));
  g_assert_cmpuint (scan.n_unexpected, ==, 0);
  geometry = dossier_graph_get_geometry (graph);
  for (guint i = 0; i < G_N_ELEMENTS (hostile_names); i++)
    {
      const DossierGraphNode *node = dossier_graph_get_node (graph, i);
      const DossierGraphNodeGeometry *ng = &geometry->nodes[i];
      g_autoptr(GString) drawn = g_string_new (NULL);
      guint found = 0;

      /* SVG lists nodes in Graphviz's order, not Dossier's. */
      for (guint j = 0; j < scan.node_texts->len; j++)
        if (g_str_equal (g_ptr_array_index (scan.node_texts, j), node->label))
          found++;
      g_assert_cmpuint (found, ==, 1);
      for (guint j = 0; j < ng->label_draw.n_ops; j++)
        if (ng->label_draw.ops[j].kind == DOSSIER_GRAPH_OP_TEXT)
          g_string_append_printf (drawn, "%s%s", drawn->len > 0 ? "\n" : "", ng->label_draw.ops[j].text);
      g_assert_cmpstr (drawn->str, ==, node->label);
      g_assert_cmpstr (ng->key, ==, hostile_names[i]);
    }
  /* The label is the name, less what cannot be drawn on one line. */
  g_assert_cmpstr (dossier_graph_get_node (graph, 1)->label, ==, "ends with a backslash\n\\");
  g_assert_cmpstr (dossier_graph_get_node (graph, 7)->label, ==, "a & b &amp; c &lt; d\n&#65;");
  svg_scan_clear (&scan);
}

/* Layout and geometry */

static void
assert_op_list_finite (const DossierGraphOpList *list)
{
  for (guint i = 0; i < list->n_ops; i++)
    {
      const DossierGraphOp *op = &list->ops[i];

      g_assert_cmpuint (op->n_points, >, 0);
      for (guint j = 0; j < op->n_points; j++)
        {
          g_assert_true (isfinite (op->points[j].x));
          g_assert_true (isfinite (op->points[j].y));
        }
      g_assert_true (isfinite (op->rx) && isfinite (op->ry) && isfinite (op->line_width));
      if (op->kind == DOSSIER_GRAPH_OP_TEXT)
        {
          g_assert_nonnull (op->text);
          g_assert_cmpfloat (op->font_size, >, 0);
        }
    }
}

static void
assert_geometry_sane (DossierGraph *graph)
{
  DossierGraphGeometry *geometry = dossier_graph_get_geometry (graph);
  const DossierGraphRect *bb;

  g_assert_nonnull (geometry);
  bb = &geometry->bounds;
  g_assert_true (isfinite (bb->x) && isfinite (bb->y) && isfinite (bb->width) && isfinite (bb->height));
  g_assert_cmpuint (geometry->n_nodes, ==, dossier_graph_get_n_nodes (graph));
  g_assert_cmpuint (geometry->n_edges, ==, dossier_graph_get_n_edges (graph));
  assert_op_list_finite (&geometry->draw);

  for (guint i = 0; i < geometry->n_nodes; i++)
    {
      const DossierGraphNodeGeometry *node = &geometry->nodes[i];

      g_assert_true (isfinite (node->center.x) && isfinite (node->center.y));
      g_assert_true (isfinite (node->bounds.width) && node->bounds.width > 0);
      g_assert_true (isfinite (node->bounds.height) && node->bounds.height > 0);
      /* Inside the graph, y down. */
      g_assert_cmpfloat (node->bounds.y, >=, bb->y - 1);
      g_assert_cmpfloat (node->bounds.y + node->bounds.height, <=, bb->y + bb->height + 1);
      g_assert_cmpuint (node->draw.n_ops, >, 0);
      g_assert_cmpuint (node->label_draw.n_ops, >, 0);
      assert_op_list_finite (&node->draw);
      assert_op_list_finite (&node->label_draw);
      g_assert_true (dossier_graph_geometry_find_node (geometry, node->key) == node);
    }
  for (guint i = 0; i < geometry->n_edges; i++)
    {
      const DossierGraphEdgeGeometry *edge = &geometry->edges[i];

      g_assert_cmpuint (edge->n_spline, >=, 2);
      for (guint j = 0; j < edge->n_spline; j++)
        g_assert_true (isfinite (edge->spline[j].x) && isfinite (edge->spline[j].y));
      g_assert_cmpuint (edge->draw.n_ops, >, 0);
      assert_op_list_finite (&edge->draw);
      assert_op_list_finite (&edge->head_draw);
      assert_op_list_finite (&edge->tail_draw);
      assert_op_list_finite (&edge->label_draw);
      if (edge->typed)
        {
          const DossierGraphEdge *model = dossier_graph_get_edge (graph, i);

          /* Typed relations: solid, a label, and an arrow when they have a
           * direction (cooperates-with has none). */
          g_assert_cmpuint (model->tail, ==, edge->tail);
          g_assert_cmpuint (model->head, ==, edge->head);
          if (model->direction == DOSSIER_GRAPH_EDGE_UNDIRECTED)
            g_assert_false (edge->has_head_arrow);
          else
            {
              g_assert_true (edge->has_head_arrow);
              g_assert_cmpuint (edge->head_draw.n_ops, >, 0);
            }
          g_assert_true (edge->has_tail_arrow == (model->direction == DOSSIER_GRAPH_EDGE_BOTH));
          g_assert_true (edge->has_label);
          g_assert_cmpint (edge->draw.ops[0].line_style, ==, DOSSIER_GRAPH_LINE_SOLID);
        }
      else if (g_strv_contains ((const char * const *) edge->kinds, "co-mention") ||
               !g_strv_contains ((const char * const *) edge->kinds, "mentions"))
        {
          /* Co-mentions (and the links to "+N more"): dashed, no arrow. */
          g_assert_false (edge->has_head_arrow);
          g_assert_cmpint (edge->draw.ops[0].line_style, ==, DOSSIER_GRAPH_LINE_DASHED);
        }
      else
        {
          /* A document node to what it mentions: dotted. */
          g_assert_false (edge->has_head_arrow);
          g_assert_cmpint (edge->draw.ops[0].line_style, ==, DOSSIER_GRAPH_LINE_DOTTED);
        }
    }
}

static void
test_engines (GraphFixture  *f,
              gconstpointer  data)
{
  static const char *const engines[] = { "dot", "neato", "fdp", "sfdp", "circo", "twopi" };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (engines); i++)
    {
      g_autoptr(DossierGraph) graph = graph_for (f->store, NULL);

      g_test_message ("engine %s", engines[i]);
      g_assert_true (dossier_graph_layout (graph, engines[i], NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (dossier_graph_get_engine (graph), ==, engines[i]);
      g_assert_null (dossier_graph_get_layout_note (graph));
      g_assert_cmpuint (dossier_graph_get_layout_count (graph), ==, 1);
      assert_geometry_sane (graph);
    }

  {
    g_autoptr(DossierGraph) graph = graph_for (f->store, NULL);

    g_assert_false (dossier_graph_layout (graph, "dot -Tpng", NULL, &error));
    g_assert_error (error, DOSSIER_GRAPH_ERROR, DOSSIER_GRAPH_ERROR_INVALID);
    g_assert_cmpuint (dossier_graph_get_layout_count (graph), ==, 0);
  }
}

static void
test_empty (void)
{
  g_autoptr(DossierGraph) graph = dossier_graph_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) svg = NULL;

  g_assert_true (dossier_graph_layout (graph, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (dossier_graph_get_geometry (graph)->n_nodes, ==, 0);
  svg = dossier_graph_export_bytes (graph, DOSSIER_GRAPH_FORMAT_SVG, &error);
  g_assert_no_error (error);
}

/* What Dossier draws is what `dot` draws from the exported DOT: the same node
 * positions and the same drawing operations. */
static void
test_parity_with_dot (GraphFixture  *f,
                      gconstpointer  data)
{
  static const char *const engines[] = { "dot", "neato" };
  g_autofree char *program = g_find_program_in_path ("dot");

  if (program == NULL)
    {
      g_test_skip ("The dot program is not installed.");
      return;
    }

  for (guint e = 0; e < G_N_ELEMENTS (engines); e++)
    {
      g_autoptr(DossierGraph) graph = graph_for (f->store, NULL);
      g_autoptr(GError) error = NULL;
      g_autofree char *dot = NULL;
      g_autofree char *xdot = NULL;
      const char *const args[] = { "-Txdot1.4", NULL };
      DossierGraphGeometry *geometry;
      int status = -1;

      g_assert_true (dossier_graph_layout (graph, engines[e], NULL, &error));
      g_assert_no_error (error);
      geometry = dossier_graph_get_geometry (graph);
      dot = dossier_graph_dup_dot (graph, &error);
      g_assert_no_error (error);
      xdot = run_program (program, args, dot, &status);
      g_assert_cmpint (status, ==, 0);

      {
        g_autoptr(DossierGraphvizLock) lock = _dossier_graphviz_lock ();
        g_autoptr(Agraph_t) g = agmemread (xdot);
        double top;
        g_auto(GStrv) bb = NULL;

        g_assert_nonnull (g);
        bb = g_strsplit (agget (g, (char *) "bb"), ",", 4);
        top = g_ascii_strtod (bb[3], NULL);
        g_assert_cmpfloat_with_epsilon (g_ascii_strtod (bb[2], NULL) - g_ascii_strtod (bb[0], NULL),
                                        geometry->bounds.width, 0.01);
        for (guint i = 0; i < geometry->n_nodes; i++)
          {
            const DossierGraphNodeGeometry *node = &geometry->nodes[i];
            Agnode_t *n = NULL;
            g_auto(GStrv) pos = NULL;
            DossierGraphOpList ops = { 0 };

            for (Agnode_t *m = agfstnode (g); m != NULL && n == NULL; m = agnxtnode (g, m))
              if (g_strcmp0 (agnameof (m), node->key) == 0)
                n = m;
            g_assert_nonnull (n);
            pos = g_strsplit (agget (n, (char *) "pos"), ",", 2);
            g_assert_cmpfloat_with_epsilon (g_ascii_strtod (pos[0], NULL), node->center.x, 0.01);
            g_assert_cmpfloat_with_epsilon (top - g_ascii_strtod (pos[1], NULL), node->center.y, 0.01);

            /* The same drawing operations, point for point. */
            _dossier_graph_op_list_parse (&ops, agget (n, (char *) "_draw_"), top);
            g_assert_cmpuint (ops.n_ops, ==, node->draw.n_ops);
            for (guint k = 0; k < ops.n_ops; k++)
              {
                g_assert_cmpint (ops.ops[k].kind, ==, node->draw.ops[k].kind);
                g_assert_cmpuint (ops.ops[k].n_points, ==, node->draw.ops[k].n_points);
                for (guint p = 0; p < ops.ops[k].n_points; p++)
                  {
                    g_assert_cmpfloat_with_epsilon (ops.ops[k].points[p].x, node->draw.ops[k].points[p].x, 0.01);
                    g_assert_cmpfloat_with_epsilon (ops.ops[k].points[p].y, node->draw.ops[k].points[p].y, 0.01);
                  }
              }
            _dossier_graph_op_list_clear (&ops);
          }
      }
    }
}

static gboolean
tick_cb (gpointer user_data)
{
  guint *ticks = user_data;

  (*ticks)++;
  return G_SOURCE_CONTINUE;
}

static void
layout_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GError **error = user_data;

  dossier_graph_layout_finish (DOSSIER_GRAPH (source), result, error);
  if (*error == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "done");
}

static void
test_layout_async (void)
{
  g_autoptr(DossierGraph) graph = synthetic_graph (400, 7);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GError *error = NULL;
  guint ticks = 0, tick_id;

  /* The caller's main loop keeps turning while Graphviz works. */
  tick_id = g_timeout_add (1, tick_cb, &ticks);
  dossier_graph_layout_async (graph, "sfdp", NULL, layout_done_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick_id);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_cmpuint (ticks, >, 0);
  g_assert_cmpuint (dossier_graph_get_layout_count (graph), ==, 1);
  assert_geometry_sane (graph);

  /* Cancelled before it starts: nothing changes. */
  g_cancellable_cancel (cancellable);
  dossier_graph_layout_async (graph, "neato", cancellable, layout_done_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpuint (dossier_graph_get_layout_count (graph), ==, 1);
  g_assert_cmpstr (dossier_graph_get_engine (graph), ==, "sfdp");

  g_assert_false (dossier_graph_layout (graph, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
}

static void
test_dot_guard (void)
{
  g_autoptr(DossierGraph) graph = synthetic_graph (DOSSIER_GRAPH_DOT_MAX_NODES + 50, 11);
  g_autoptr(GError) error = NULL;

  g_assert_true (dossier_graph_layout (graph, "dot", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (dossier_graph_get_engine (graph), ==, "sfdp");
  g_assert_nonnull (dossier_graph_get_layout_note (graph));
  g_assert_nonnull (strstr (dossier_graph_get_layout_note (graph), "850"));
  g_assert_cmpstr (dossier_graph_default_engine (5000), ==, "sfdp");
  g_assert_cmpstr (dossier_graph_default_engine (40), ==, "neato");

  /* Few nodes but densely linked: dot would take minutes, so sfdp again. */
  {
    g_autoptr(DossierGraph) dense = dossier_graph_new ();
    g_autofree char *expected = g_strdup_printf ("%u", 30 * 29 / 2);

    for (guint i = 0; i < 30; i++)
      {
        g_autofree char *key = g_strdup_printf ("org:d%u", i);

        dossier_graph_add_node (dense, key, key, "organisation", 1);
      }
    for (guint i = 0; i < 30; i++)
      for (guint j = i + 1; j < 30; j++)
        {
          g_autofree char *a = g_strdup_printf ("org:d%u", i);
          g_autofree char *b = g_strdup_printf ("org:d%u", j);

          dossier_graph_add_relation (dense, a, b, "co-mention", 1, FALSE);
        }
    g_assert_cmpuint (dossier_graph_get_n_edges (dense), >, DOSSIER_GRAPH_DOT_MAX_EDGES);
    g_assert_true (dossier_graph_layout (dense, "dot", NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (dossier_graph_get_engine (dense), ==, "sfdp");
    g_assert_nonnull (strstr (dossier_graph_get_layout_note (dense), expected));
  }
}

/* How far the nodes of @before moved in @after, at most, once the two drawings
 * are aligned on their mean (a shift of the whole drawing is no move). */
static double
max_displacement (DossierGraph *before,
                  DossierGraph *after)
{
  DossierGraphGeometry *old = dossier_graph_get_geometry (before);
  DossierGraphGeometry *new = dossier_graph_get_geometry (after);
  double dx = 0, dy = 0, worst = 0;

  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < old->n_nodes; i++)
      {
        const DossierGraphNodeGeometry *a = &old->nodes[i];
        const DossierGraphNodeGeometry *b = dossier_graph_geometry_find_node (new, a->key);

        g_assert_nonnull (b);
        if (pass == 0)
          {
            dx += (b->center.x - a->center.x) / old->n_nodes;
            dy += (b->center.y - a->center.y) / old->n_nodes;
          }
        else
          worst = MAX (worst, hypot (b->center.x - dx - a->center.x, b->center.y - dy - a->center.y));
      }
  return worst;
}

static void
test_incremental (void)
{
  static const char *const engines[] = { "neato", "fdp" };

  for (guint e = 0; e < G_N_ELEMENTS (engines); e++)
    {
      g_autoptr(DossierGraph) before = synthetic_graph (60, 3);
      g_autoptr(DossierGraph) after = synthetic_graph (60, 3);
      g_autoptr(DossierGraph) fresh = synthetic_graph (60, 3);
      g_autoptr(GError) error = NULL;
      double kept, moved;

      g_assert_true (dossier_graph_layout (before, engines[e], NULL, &error));
      g_assert_no_error (error);

      /* The user expands a node: ten new neighbours. */
      for (DossierGraph **g = (DossierGraph *[]) { after, fresh, NULL }; *g != NULL; g++)
        for (guint i = 0; i < 10; i++)
          {
            g_autofree char *key = g_strdup_printf ("org:new%u", i);

            dossier_graph_add_node (*g, key, key, "body", 1);
            dossier_graph_add_relation (*g, "org:n5", key, "co-mention", 1, FALSE);
          }

      dossier_graph_keep_positions (after, before);
      g_assert_true (dossier_graph_layout (after, engines[e], NULL, &error));
      g_assert_no_error (error);
      g_assert_true (dossier_graph_layout (fresh, engines[e], NULL, &error));
      g_assert_no_error (error);

      /* On screen, not merely relative to each other: the new drawing is shifted
       * back onto the old one. */
      for (guint i = 0; i < dossier_graph_get_n_nodes (before); i++)
        {
          const DossierGraphNodeGeometry *a = &dossier_graph_get_geometry (before)->nodes[i];
          const DossierGraphNodeGeometry *b = dossier_graph_geometry_find_node (dossier_graph_get_geometry (after), a->key);

          g_assert_cmpfloat (hypot (a->center.x - b->center.x, a->center.y - b->center.y), <, KEPT_NODE_BOUND);
        }
      kept = max_displacement (before, after);
      moved = max_displacement (before, fresh);
      g_test_message ("%s: kept nodes moved at most %.3f pt; without their positions, %.1f pt",
                      engines[e], kept, moved);
      g_assert_cmpfloat (kept, <, KEPT_NODE_BOUND);
      g_assert_cmpfloat (moved, >, KEPT_NODE_BOUND);
    }
}

/* The mean distance from @key's neighbours to the point (@x, @y). */
static double
neighbour_distance (DossierGraph *graph,
                    const char   *key,
                    double        x,
                    double        y)
{
  DossierGraphGeometry *geometry = dossier_graph_get_geometry (graph);
  int node = dossier_graph_find_node (graph, key);
  double sum = 0;
  guint n = 0;

  g_assert_cmpint (node, >=, 0);
  for (guint i = 0; i < dossier_graph_get_n_edges (graph); i++)
    {
      const DossierGraphEdge *edge = dossier_graph_get_edge (graph, i);
      guint other;

      if (edge->tail != (guint) node && edge->head != (guint) node)
        continue;
      other = edge->tail == (guint) node ? edge->head : edge->tail;
      sum += hypot (geometry->nodes[other].center.x - x, geometry->nodes[other].center.y - y);
      n++;
    }
  g_assert_cmpuint (n, >, 0);
  return sum / n;
}

static void
test_pins (void)
{
  /* dot, sfdp and circo cannot hold a node in place: neato lays the graph out. */
  static const char *const engines[] = { "neato", "fdp", "dot", "sfdp", "circo" };

  for (guint e = 0; e < G_N_ELEMENTS (engines); e++)
    {
      g_autoptr(DossierGraph) graph = synthetic_graph (40, 7);
      g_autoptr(DossierGraph) grown = synthetic_graph (40, 7);
      g_autoptr(GError) error = NULL;
      const DossierGraphNodeGeometry *node, *other;
      double px, py, ox, oy, before, after;

      g_assert_true (dossier_graph_layout (graph, engines[e], NULL, &error));
      g_assert_no_error (error);
      node = dossier_graph_geometry_find_node (dossier_graph_get_geometry (graph), "org:n3");
      /* The user drags the node far from its neighbours. */
      px = node->center.x + 400;
      py = node->center.y - 250;
      before = neighbour_distance (graph, "org:n3", px, py);

      /* A second pin where that node already is: the layout is shifted onto
       * the pins, so only two of them show that Graphviz held both. */
      other = dossier_graph_geometry_find_node (dossier_graph_get_geometry (graph), "org:n30");
      ox = other->center.x;
      oy = other->center.y;
      dossier_graph_pin_node (graph, "org:n3", px, py);
      dossier_graph_pin_node (graph, "org:n30", ox, oy);
      dossier_graph_pin_node (graph, "org:not-in-the-graph", 1, 2);
      g_assert_cmpuint (dossier_graph_get_n_pinned (graph), ==, 3);
      g_assert_true (dossier_graph_layout (graph, engines[e], NULL, &error));
      g_assert_no_error (error);
      other = dossier_graph_geometry_find_node (dossier_graph_get_geometry (graph), "org:n30");
      g_assert_cmpfloat (fabs (other->center.x - ox), <=, 1.0);
      g_assert_cmpfloat (fabs (other->center.y - oy), <=, 1.0);
      node = dossier_graph_geometry_find_node (dossier_graph_get_geometry (graph), "org:n3");
      g_test_message ("%s (laid out by %s): pinned node %.2f pt from its pin",
                      engines[e], dossier_graph_get_engine (graph),
                      hypot (node->center.x - px, node->center.y - py));
      g_assert_cmpfloat (fabs (node->center.x - px), <=, 1.0);
      g_assert_cmpfloat (fabs (node->center.y - py), <=, 1.0);
      /* The others were laid out around it: its neighbours followed. */
      after = neighbour_distance (graph, "org:n3", px, py);
      g_test_message ("%s: neighbours %.0f pt from the pin before, %.0f pt after", engines[e], before, after);
      g_assert_cmpfloat (after, <, before * 0.75);
      if (g_str_equal (engines[e], "neato") || g_str_equal (engines[e], "fdp"))
        {
          g_assert_cmpstr (dossier_graph_get_engine (graph), ==, engines[e]);
          g_assert_null (dossier_graph_get_layout_note (graph));
        }
      else
        {
          g_assert_cmpstr (dossier_graph_get_engine (graph), ==, "neato");
          g_assert_nonnull (dossier_graph_get_layout_note (graph));
          g_assert_nonnull (strstr (dossier_graph_get_layout_note (graph), engines[e]));
        }

      /* A new graph keeping the old positions keeps the pin too, over the
       * node's old place. */
      dossier_graph_add_node (grown, "org:extra", "Extra", "body", 1);
      dossier_graph_add_relation (grown, "org:n3", "org:extra", "co-mention", 1, FALSE);
      dossier_graph_keep_positions (grown, graph);
      dossier_graph_pin_node (grown, "org:n3", px + 50, py + 50);
      g_assert_true (dossier_graph_layout (grown, engines[e], NULL, &error));
      g_assert_no_error (error);
      node = dossier_graph_geometry_find_node (dossier_graph_get_geometry (grown), "org:n3");
      g_assert_cmpfloat (fabs (node->center.x - px - 50), <=, 1.0);
      g_assert_cmpfloat (fabs (node->center.y - py - 50), <=, 1.0);

      /* Unpinned, it is free again and the engine is the one asked for. */
      dossier_graph_unpin_node (graph, "org:n3");
      dossier_graph_unpin_node (graph, "org:n30");
      dossier_graph_unpin_node (graph, "org:not-in-the-graph");
      g_assert_cmpuint (dossier_graph_get_n_pinned (graph), ==, 0);
      g_assert_true (dossier_graph_layout (graph, engines[e], NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (dossier_graph_get_engine (graph), ==, engines[e]);
    }
}

/* The font size of a node's label: what sizing by mentions or centrality sets. */
static double
label_size (DossierGraph *graph,
            guint         node)
{
  const DossierGraphOpList *ops = &dossier_graph_get_geometry (graph)->nodes[node].label_draw;

  for (guint i = 0; i < ops->n_ops; i++)
    if (ops->ops[i].kind == DOSSIER_GRAPH_OP_TEXT)
      return ops->ops[i].font_size;
  g_assert_not_reached ();
  return 0;
}

static void
test_color_size (void)
{
  g_autoptr(DossierGraph) graph = synthetic_graph (60, 3);
  g_autoptr(DossierGraph) sized = synthetic_graph (60, 3);
  g_autoptr(GError) error = NULL;
  g_autofree double *betweenness = NULL;
  DossierGraphGeometry *geometry;
  guint layouts, n = 0, central = 0, peripheral = 0;
  g_autoptr(GHashTable) fills = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_true (dossier_graph_layout (graph, "neato", NULL, &error));
  g_assert_no_error (error);
  layouts = dossier_graph_get_layout_count (graph);
  geometry = dossier_graph_get_geometry (graph);

  /* Colour by community: a restyle, not a layout; each node is filled with its
   * community's colour, and there is more than one community. */
  dossier_graph_set_color_by (graph, DOSSIER_GRAPH_COLOR_BY_COMMUNITY);
  g_assert_cmpint (dossier_graph_get_color_by (graph), ==, DOSSIER_GRAPH_COLOR_BY_COMMUNITY);
  g_assert_cmpuint (dossier_graph_get_layout_count (graph), ==, layouts);
  g_assert_true (dossier_graph_get_geometry (graph) == geometry);
  for (guint i = 0; i < geometry->n_nodes; i++)
    {
      DossierGraphColor expected;

      dossier_graph_color_parse (dossier_graph_community_get_color (dossier_graph_get_community (graph, i)), &expected);
      for (guint j = 0; j < geometry->nodes[i].draw.n_ops; j++)
        if (geometry->nodes[i].draw.ops[j].filled)
          {
            g_assert_cmpfloat_with_epsilon (geometry->nodes[i].draw.ops[j].fill.red, expected.red, 1e-9);
            g_assert_cmpfloat_with_epsilon (geometry->nodes[i].draw.ops[j].fill.blue, expected.blue, 1e-9);
            n++;
          }
      g_hash_table_add (fills, (gpointer) dossier_graph_community_get_color (dossier_graph_get_community (graph, i)));
    }
  g_assert_cmpuint (n, >=, geometry->n_nodes);
  g_assert_cmpuint (g_hash_table_size (fills), >, 1);
  /* A selected node keeps its community's fill. */
  dossier_graph_set_node_state (graph, geometry->nodes[0].key, DOSSIER_GRAPH_STATE_SELECTED);
  {
    DossierGraphColor expected;

    dossier_graph_color_parse (dossier_graph_community_get_color (dossier_graph_get_community (graph, 0)), &expected);
    g_assert_cmpfloat_with_epsilon (geometry->nodes[0].draw.ops[0].fill.green, expected.green, 1e-9);
  }
  /* Back to kinds: Graphviz's own fills. */
  dossier_graph_set_color_by (graph, DOSSIER_GRAPH_COLOR_BY_KIND);
  for (guint i = 0; i < geometry->n_nodes; i++)
    for (guint j = 0; j < geometry->nodes[i].draw.n_ops; j++)
      g_assert_cmpfloat_with_epsilon (geometry->nodes[i].draw.ops[j].fill.red,
                                      geometry->nodes[i].draw.ops[j].base_fill.red, 1e-9);
  g_assert_cmpuint (dossier_graph_get_layout_count (graph), ==, layouts);

  /* Size by centrality: the broker of the network gets the largest label,
   * the node fewest shortest paths run through the smallest. */
  betweenness = dossier_graph_compute_betweenness (sized, FALSE, TRUE);
  for (guint i = 0; i < dossier_graph_get_n_nodes (sized); i++)
    {
      if (betweenness[i] > betweenness[central])
        central = i;
      if (betweenness[i] < betweenness[peripheral])
        peripheral = i;
    }
  dossier_graph_set_size_by (sized, DOSSIER_GRAPH_SIZE_BY_CENTRALITY);
  g_assert_cmpint (dossier_graph_get_size_by (sized), ==, DOSSIER_GRAPH_SIZE_BY_CENTRALITY);
  g_assert_true (dossier_graph_layout (sized, "neato", NULL, &error));
  g_assert_no_error (error);
  g_test_message ("label sizes: central %.1f, peripheral %.1f; by mentions %.1f and %.1f",
                  label_size (sized, central), label_size (sized, peripheral),
                  label_size (graph, central), label_size (graph, peripheral));
  g_assert_cmpfloat (fabs (label_size (sized, central) - 20.0), <, 0.01);
  g_assert_cmpfloat (fabs (label_size (sized, peripheral)
                           - (10.0 + 10.0 * sqrt (betweenness[peripheral] / betweenness[central]))), <, 0.01);
  g_assert_cmpfloat (dossier_graph_geometry_find_node (dossier_graph_get_geometry (sized),
                                                       dossier_graph_get_node (sized, central)->key)->bounds.height, >,
                     dossier_graph_geometry_find_node (dossier_graph_get_geometry (sized),
                                                       dossier_graph_get_node (sized, peripheral)->key)->bounds.height);
}

static void
test_restyle (GraphFixture  *f,
              gconstpointer  data)
{
  g_autoptr(DossierGraph) graph = graph_for (f->store, NULL);
  g_autoptr(GError) error = NULL;
  DossierGraphGeometry *geometry;
  const DossierGraphNodeGeometry *unodc, *ilo;
  const DossierGraphEdgeGeometry *edge;
  DossierGraphColor base;
  double base_width;
  int index;

  /* States set before the layout apply to it. */
  dossier_graph_set_node_state (graph, "org:ilo", DOSSIER_GRAPH_STATE_DIMMED);
  g_assert_true (dossier_graph_layout (graph, "neato", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (dossier_graph_get_layout_count (graph), ==, 1);
  geometry = dossier_graph_get_geometry (graph);
  ilo = dossier_graph_geometry_find_node (geometry, "org:ilo");
  g_assert_cmpint (ilo->state, ==, DOSSIER_GRAPH_STATE_DIMMED);
  g_assert_cmpfloat (ilo->draw.ops[0].fill.alpha, <, 0.5);
  g_assert_cmpfloat (ilo->label_draw.ops[ilo->label_draw.n_ops - 1].pen.alpha, <, 0.5);

  unodc = dossier_graph_geometry_find_node (geometry, "org:unodc");
  base = unodc->draw.ops[0].pen;
  base_width = unodc->draw.ops[0].line_width;

  dossier_graph_set_node_state (graph, "org:unodc", DOSSIER_GRAPH_STATE_SELECTED);
  g_assert_true (dossier_graph_get_geometry (graph) == geometry);
  g_assert_cmpfloat (unodc->draw.ops[0].line_width, >, base_width);
  g_assert_true (unodc->draw.ops[0].pen.blue != base.blue || unodc->draw.ops[0].pen.red != base.red);
  g_assert_cmpint (dossier_graph_get_node_state (graph, "org:unodc"), ==, DOSSIER_GRAPH_STATE_SELECTED);

  /* The selected node's edges light up with it. */
  index = edge_between (graph, "org:unodc", "org:ohchr");
  edge = &geometry->edges[index];
  g_assert_true (edge->state & DOSSIER_GRAPH_STATE_HIGHLIGHTED);
  g_assert_cmpfloat (edge->draw.ops[0].line_width, >, edge->draw.ops[0].base_line_width);

  dossier_graph_set_node_state (graph, "org:ohchr", DOSSIER_GRAPH_STATE_HOVERED | DOSSIER_GRAPH_STATE_HIGHLIGHTED);
  dossier_graph_set_node_state (graph, "place:belarus", DOSSIER_GRAPH_STATE_DIMMED);
  dossier_graph_set_node_state (graph, "no:such-node", DOSSIER_GRAPH_STATE_SELECTED);

  /* None of it laid the graph out again. */
  g_assert_cmpuint (dossier_graph_get_layout_count (graph), ==, 1);

  dossier_graph_clear_states (graph);
  g_assert_cmpint (unodc->state, ==, DOSSIER_GRAPH_STATE_NONE);
  g_assert_cmpfloat (unodc->draw.ops[0].line_width, ==, base_width);
  g_assert_cmpfloat (unodc->draw.ops[0].pen.red, ==, base.red);
  g_assert_cmpfloat (ilo->draw.ops[0].fill.alpha, ==, ilo->draw.ops[0].base_fill.alpha);
  g_assert_cmpint (edge->state, ==, DOSSIER_GRAPH_STATE_NONE);
  g_assert_cmpuint (dossier_graph_get_layout_count (graph), ==, 1);

  /* Hit-testing finds the node under its centre. */
  g_assert_true (dossier_graph_geometry_node_at (geometry, unodc->center.x, unodc->center.y) == unodc);
}

/* Exports */

static void
graphml_start (GMarkupParseContext  *context,
               const char           *element,
               const char          **names,
               const char          **values,
               gpointer              user_data,
               GError              **error)
{
  guint *counts = user_data;

  if (g_str_equal (element, "node"))
    counts[0]++;
  else if (g_str_equal (element, "edge"))
    counts[1]++;
}

/* JSON cites at most --evidence paragraphs per edge and counts them all: the
 * count and the cited blocks agree with dossier_graph_dup_edge_evidence, in and
 * out of a date scope, capped, uncapped and with none. */
static void
check_json_evidence (DossierGraph *graph,
                     guint         max_evidence,
                     gboolean     *capped)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) json = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *edges;

  dossier_graph_set_export_evidence (graph, max_evidence);
  json = dossier_graph_export_bytes (graph, DOSSIER_GRAPH_FORMAT_JSON, &error);
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (json, NULL),
                                             (gssize) g_bytes_get_size (json), &error));
  edges = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "edges");
  g_assert_cmpuint (json_array_get_length (edges), ==, dossier_graph_get_n_edges (graph));
  for (guint i = 0; i < json_array_get_length (edges); i++)
    {
      JsonObject *edge = json_array_get_object_element (edges, i);
      JsonArray *cited = json_object_get_array_member (edge, "evidence");
      g_autoptr(GPtrArray) all = NULL;
      g_autoptr(GHashTable) blocks = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      int index = dossier_graph_find_edge (graph,
                                           dossier_graph_find_node (graph, json_object_get_string_member (edge, "source")),
                                           dossier_graph_find_node (graph, json_object_get_string_member (edge, "target")));

      g_assert_cmpint (index, >=, 0);
      all = dossier_graph_dup_edge_evidence (graph, (guint) index, &error);
      g_assert_no_error (error);
      g_assert_cmpint (json_object_get_int_member (edge, "evidence_count"), ==, all->len);
      g_assert_cmpuint (json_array_get_length (cited), ==, MIN (all->len, max_evidence));
      if (all->len > max_evidence)
        *capped = TRUE;
      for (guint k = 0; k < all->len; k++)
        {
          const DossierGraphCitation *citation = g_ptr_array_index (all, k);

          g_hash_table_add (blocks, g_memdup2 (&citation->block_id, sizeof citation->block_id));
        }
      for (guint k = 0; k < json_array_get_length (cited); k++)
        {
          JsonObject *object = json_array_get_object_element (cited, k);
          gint64 block = json_object_get_int_member (object, "block");

          g_assert_true (g_hash_table_remove (blocks, &block));
          g_assert_nonnull (json_object_get_string_member (object, "citation"));
        }
      if (max_evidence == G_MAXUINT)
        g_assert_cmpuint (g_hash_table_size (blocks), ==, 0);
    }
}

static void
test_json_evidence (GraphFixture  *f,
                    gconstpointer  data)
{
  g_autoptr(DossierGraph) graph = graph_for (f->store, NULL);
  g_autoptr(DossierGraphFilter) filter = dossier_graph_filter_new ();
  g_autoptr(DossierGraph) scoped = NULL;
  gboolean capped = FALSE;

  g_assert_cmpuint (dossier_graph_get_export_evidence (graph), ==, DOSSIER_GRAPH_EXPORT_EVIDENCE_DEFAULT);
  check_json_evidence (graph, DOSSIER_GRAPH_EXPORT_EVIDENCE_DEFAULT, &capped);
  check_json_evidence (graph, 1, &capped);
  /* The fixture has edges with more than one paragraph behind them. */
  g_assert_true (capped);
  check_json_evidence (graph, 0, &capped);
  check_json_evidence (graph, G_MAXUINT, &capped);

  dossier_graph_filter_set_date_range (filter, "2003-01", NULL);
  scoped = graph_for (f->store, filter);
  check_json_evidence (scoped, 2, &capped);
  check_json_evidence (scoped, G_MAXUINT, &capped);
}

static void
test_exports (GraphFixture  *f,
              gconstpointer  data)
{
  static const GMarkupParser parser = { graphml_start, NULL, NULL, NULL, NULL };
  g_autoptr(DossierGraph) graph = graph_for (f->store, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GBytes) json = NULL;
  g_autoptr(GBytes) graphml = NULL;
  g_autoptr(JsonParser) json_parser = json_parser_new ();
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  JsonObject *root;
  JsonArray *edges;
  guint counts[2] = { 0, 0 };
  gboolean found_citation = FALSE;
  DossierGraphFormat format;

  /* Images need a layout. */
  g_assert_null (dossier_graph_export_bytes (graph, DOSSIER_GRAPH_FORMAT_PNG, &error));
  g_assert_error (error, DOSSIER_GRAPH_ERROR, DOSSIER_GRAPH_ERROR_NO_LAYOUT);
  g_clear_error (&error);

  g_assert_true (dossier_graph_layout (graph, NULL, NULL, &error));
  g_assert_no_error (error);

  png = dossier_graph_export_bytes (graph, DOSSIER_GRAPH_FORMAT_PNG, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (png, NULL), 8, "\x89PNG\r\n\x1a\n", 8);
  pdf = dossier_graph_export_bytes (graph, DOSSIER_GRAPH_FORMAT_PDF, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (pdf, NULL), 5, "%PDF-", 5);

  json = dossier_graph_export_bytes (graph, DOSSIER_GRAPH_FORMAT_JSON, &error);
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (json_parser, g_bytes_get_data (json, NULL),
                                             (gssize) g_bytes_get_size (json), &error));
  root = json_node_get_object (json_parser_get_root (json_parser));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "nodes")), ==,
                    dossier_graph_get_n_nodes (graph));
  g_assert_true (json_object_has_member (json_array_get_object_element (json_object_get_array_member (root, "nodes"), 0), "x"));
  edges = json_object_get_array_member (root, "edges");
  g_assert_cmpuint (json_array_get_length (edges), ==, dossier_graph_get_n_edges (graph));
  for (guint i = 0; i < json_array_get_length (edges); i++)
    {
      JsonObject *edge = json_array_get_object_element (edges, i);
      JsonArray *evidence = json_object_get_array_member (edge, "evidence");
      const char *source = json_object_get_string_member (edge, "source");
      const char *target = json_object_get_string_member (edge, "target");

      /* Every edge here is extracted: each cites at least one paragraph. */
      g_assert_cmpuint (json_array_get_length (evidence), >, 0);
      if ((g_str_equal (source, "place:belarus") && g_str_equal (target, "org:ohchr")) ||
          (g_str_equal (source, "org:ohchr") && g_str_equal (target, "place:belarus")))
        {
          g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (evidence, 0), "citation"),
                           ==, "A/57/170, para. 1");
          found_citation = TRUE;
        }
    }
  g_assert_true (found_citation);

  graphml = dossier_graph_export_bytes (graph, DOSSIER_GRAPH_FORMAT_GRAPHML, &error);
  g_assert_no_error (error);
  context = g_markup_parse_context_new (&parser, 0, counts, NULL);
  g_assert_true (g_markup_parse_context_parse (context, g_bytes_get_data (graphml, NULL),
                                               (gssize) g_bytes_get_size (graphml), &error));
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts[0], ==, dossier_graph_get_n_nodes (graph));
  g_assert_cmpuint (counts[1], ==, dossier_graph_get_n_edges (graph));
  /* The hostile name is escaped, not markup. */
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (graphml, NULL), (gssize) g_bytes_get_size (graphml),
                                  "&lt;b&gt;bold&lt;/b&gt;"));

  path = g_build_filename (f->dir, "graph.dot", NULL);
  g_assert_true (dossier_graph_format_from_string ("DOT", &format));
  g_assert_false (dossier_graph_format_from_string ("bmp", NULL));
  g_assert_true (dossier_graph_export_file (graph, format, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "digraph"));
}

/* Runs dossier-cli on the fixture's corpus; returns its exit status. */
static int
run_cli (GraphFixture  *f,
         char         **out,
         char         **err,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  int status = -1;
  const char *arg;
  va_list ap;

  g_ptr_array_add (args, g_strdup (g_getenv ("DOSSIER_CLI")));
  g_ptr_array_add (args, g_strdup ("--db"));
  g_ptr_array_add (args, g_build_filename (f->dir, "corpus.db", NULL));
  va_start (ap, err);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, g_strdup (arg));
  va_end (ap);
  g_ptr_array_add (args, NULL);

  g_assert_true (g_spawn_sync (f->dir, (char **) args->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               out, err, &status, &error));
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

/* dossier-cli graph and path, as the "done when" uses them. */
static void
test_cli (GraphFixture  *f,
          gconstpointer  data)
{
  g_autofree char *dot_program = g_find_program_in_path ("dot");
  g_autofree char *out = NULL, *err = NULL, *contents = NULL;
  g_autofree char *dot_path = g_build_filename (f->dir, "g.dot", NULL);
  g_autofree char *svg_path = g_build_filename (f->dir, "g.svg", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *paths, *hops;

  if (g_getenv ("DOSSIER_CLI") == NULL)
    {
      g_test_skip ("DOSSIER_CLI is not set (run through meson test).");
      return;
    }

  /* DOT that the dot program accepts. */
  g_assert_cmpint (run_cli (f, &out, &err, "graph", "--format", "dot", "-o", dot_path, NULL), ==, 0);
  g_assert_true (g_file_get_contents (dot_path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "\"org:unodc\""));
  if (dot_program != NULL)
    {
      const char *argv[] = { dot_program, "-Tsvg", "-o", svg_path, dot_path, NULL };
      int status = -1;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                                   NULL, NULL, &status, &error));
      g_assert_true (g_spawn_check_wait_status (status, &error));
      g_assert_no_error (error);
    }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&contents, g_free);

  /* SVG with one node per entity, titled by its key. */
  g_assert_cmpint (run_cli (f, &out, &err, "graph", "-o", svg_path, NULL), ==, 0);
  g_assert_true (g_file_get_contents (svg_path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "<title>org:unodc</title>"));
  g_assert_nonnull (strstr (contents, "<title>place:belarus</title>"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A path by names, any case, with a citation on every hop. */
  g_assert_cmpint (run_cli (f, &out, &err, "path", "belarus", "ohchr", "--k", "2", "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  paths = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "paths");
  g_assert_cmpuint (json_array_get_length (paths), ==, 2);
  for (guint i = 0; i < json_array_get_length (paths); i++)
    {
      hops = json_object_get_array_member (json_array_get_object_element (paths, i), "hops");
      g_assert_cmpuint (json_array_get_length (hops), >, 0);
      for (guint j = 0; j < json_array_get_length (hops); j++)
        {
          JsonObject *hop = json_array_get_object_element (hops, j);

          g_assert_cmpuint (json_array_get_length (json_object_get_array_member (hop, "citations")), >, 0);
        }
    }
  hops = json_object_get_array_member (json_array_get_object_element (paths, 0), "hops");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (json_array_get_object_element (hops, 0), "citations"), 0),
                     "citation"), ==, "A/57/170, para. 1");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* An unknown name is refused with a sentence that names it; a bad format is a usage error. */
  g_assert_cmpint (run_cli (f, &out, &err, "path", "Belarus", "Atlantis", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "Atlantis"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f, &out, &err, "graph", "--format", "bmp", "-o", svg_path, NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* --evidence caps the citations per edge; every edge still counts them all. */
  g_assert_cmpint (run_cli (f, &out, &err, "graph", "--evidence", "some", "--format", "json", "-o", dot_path, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--evidence"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  for (guint cap = 0; cap < 3; cap++)
    {
      const char *caps[] = { "0", "1", "all" };
      g_autoptr(JsonParser) capped = json_parser_new ();
      JsonArray *edges;
      gboolean fewer = FALSE;

      g_assert_cmpint (run_cli (f, &out, &err, "graph", "--evidence", caps[cap], "--format", "json",
                                "-o", dot_path, NULL), ==, 0);
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
      g_assert_true (json_parser_load_from_file (capped, dot_path, &error));
      g_assert_no_error (error);
      edges = json_object_get_array_member (json_node_get_object (json_parser_get_root (capped)), "edges");
      g_assert_cmpuint (json_array_get_length (edges), >, 0);
      for (guint i = 0; i < json_array_get_length (edges); i++)
        {
          JsonObject *edge = json_array_get_object_element (edges, i);
          gint64 count = json_object_get_int_member (edge, "evidence_count");
          guint cited = json_array_get_length (json_object_get_array_member (edge, "evidence"));

          g_assert_cmpint (count, >, 0);
          g_assert_cmpint (cited, ==, cap == 2 ? count : MIN (count, (gint64) cap));
          fewer |= cited < count;
        }
      g_assert_true (cap == 2 ? !fewer : fewer);
    }

  /* Two entities answer to one name: the candidates are listed, nothing is guessed. */
  {
    g_autoptr(DossierEntity) ilo = dossier_store_find_entity (f->store, "org:ilo", NULL, &error);

    g_assert_no_error (error);
    g_assert_true (dossier_store_rename_entity (f->store, ilo->id, "Belarus", &error));
    g_assert_no_error (error);
    g_assert_cmpint (run_cli (f, &out, &err, "path", "BELARUS", "OHCHR", NULL), ==, 1);
    g_assert_nonnull (strstr (err, "place:belarus"));
    g_assert_nonnull (strstr (err, "org:ilo"));
    g_assert_cmpstr (out, ==, "");
  }
}

/* The bundled corpus, with the real extractor. */
static void
test_bundled_corpus (void)
{
  static const char *const names[] = {
    "UNODC", "OHCHR", "IOM", "ILO", "UNHCR", "OSCE", "Trafficking Protocol",
    "res:A/RES/55/67",
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dossier-graph-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "corpus.db", NULL);
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(DossierExtractor) extractor = dossier_extractor_new (NULL, &error);
  g_autoptr(DossierBatchResult) result = NULL;
  g_autoptr(DossierGraph) graph = NULL;
  g_autoptr(GBytes) svg = NULL;
  SvgScan scan;
  gsize length;
  const char *text;

  if (extractor == NULL)
    {
      g_test_skip (error->message);
      return;
    }
  store = dossier_store_open (path, &error);
  g_assert_no_error (error);
  result = dossier_batch_import_bundled (store, extractor, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->n_added, >, 0);

  graph = graph_for (store, NULL);
  g_test_message ("bundled corpus: %u nodes, %u edges",
                  dossier_graph_get_n_nodes (graph), dossier_graph_get_n_edges (graph));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(DossierEntity) entity = dossier_store_find_entity (store, names[i], NULL, NULL);

      /* The promise: these are in the bundled corpus's graph. */
      g_test_message ("looking for %s", names[i]);
      g_assert_nonnull (entity);
      g_assert_cmpint (dossier_graph_find_node (graph, entity->key), >=, 0);
    }

  /* Without document nodes, no edge says "mentions": the extractor's
   * document-mentions-entity records must not turn cited documents into hubs. */
  for (guint i = 0; i < dossier_graph_get_n_edges (graph); i++)
    {
      const DossierGraphEdge *edge = dossier_graph_get_edge (graph, i);

      g_assert_false (edge->mentions);
      g_assert_false (g_strv_contains ((const char * const *) edge->kinds, "mentions"));
    }

  g_assert_true (dossier_graph_layout (graph, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_geometry_sane (graph);
  svg = dossier_graph_export_bytes (graph, DOSSIER_GRAPH_FORMAT_SVG, &error);
  g_assert_no_error (error);
  text = g_bytes_get_data (svg, &length);
  scan_svg (text, length, &scan);
  g_assert_cmpuint (scan.n_nodes, ==, dossier_graph_get_n_nodes (graph));
  svg_scan_clear (&scan);

  /* "How is Belarus connected to OHCHR, and where does it say so?": every hop
   * of every path cites a paragraph of the corpus. */
  {
    g_autoptr(DossierEntity) belarus = dossier_store_find_entity (store, "Belarus", NULL, NULL);
    g_autoptr(DossierEntity) ohchr = dossier_store_find_entity (store, "OHCHR", NULL, NULL);
    g_autoptr(GPtrArray) paths = NULL;

    g_assert_nonnull (belarus);
    g_assert_nonnull (ohchr);
    paths = dossier_graph_k_shortest_paths (graph, belarus->key, ohchr->key, 3, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (paths->len, >, 0);
    for (guint i = 0; i < paths->len; i++)
      {
        DossierGraphPath *found = g_ptr_array_index (paths, i);

        g_assert_true (dossier_graph_path_fill_evidence (graph, found, &error));
        g_assert_no_error (error);
        g_assert_cmpuint (found->hops->len, >, 0);
        for (guint j = 0; j < found->hops->len; j++)
          {
            const DossierGraphHop *hop = g_ptr_array_index (found->hops, j);
            const DossierGraphCitation *citation;

            g_assert_cmpuint (hop->evidence->len, >, 0);
            citation = g_ptr_array_index (hop->evidence, 0);
            g_assert_nonnull (citation->citation);
            g_assert_cmpuint (strlen (citation->text), >, 0);
          }
      }
  }

  g_clear_object (&graph);
  g_assert_finalize_object (g_steal_pointer (&store));
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *child = g_build_filename (dir, name, NULL);

        g_remove (child);
      }
    g_rmdir (dir);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/dossier/graph/" name, GraphFixture, NULL, graph_fixture_setup, func, graph_fixture_teardown)

  ADD ("all", test_all);
  ADD ("filters", test_filters);
  ADD ("ego", test_ego);
  ADD ("ego-documents", test_ego_documents);
  ADD ("top-n", test_top_n);
  g_test_add_func ("/dossier/graph/filter-json", test_filter_json);
  ADD ("dot-reread", test_dot_reread);
  ADD ("svg", test_svg);
  g_test_add_func ("/dossier/graph/hostile-labels", test_hostile_labels);
  ADD ("engines", test_engines);
  g_test_add_func ("/dossier/graph/empty", test_empty);
  ADD ("parity-with-dot", test_parity_with_dot);
  g_test_add_func ("/dossier/graph/layout-async", test_layout_async);
  g_test_add_func ("/dossier/graph/dot-guard", test_dot_guard);
  g_test_add_func ("/dossier/graph/incremental", test_incremental);
  g_test_add_func ("/dossier/graph/pins", test_pins);
  g_test_add_func ("/dossier/graph/color-size", test_color_size);
  ADD ("restyle", test_restyle);
  ADD ("exports", test_exports);
  ADD ("json-evidence", test_json_evidence);
  ADD ("cli", test_cli);
  g_test_add_func ("/dossier/graph/bundled-corpus", test_bundled_corpus);

  return g_test_run ();
}
