/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Entity names and keys into DOT, JSON and GraphML. The input is split at NUL
 * bytes into node keys, names and kinds, and a relation kind. Whatever the text,
 * the DOT that Dossier writes must read back with exactly the nodes and edges it
 * meant (a name never becomes syntax), and the GraphML must be well-formed XML.
 */

#include "config.h"

#include <graphviz/cgraph.h>
#include <stdio.h>
#include <string.h>

#include "dossier-graph.h"
#include "fuzz-common.h"

#define MAX_NODES 6

static const GMarkupParser no_callbacks = { NULL, NULL, NULL, NULL, NULL };

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(DossierGraph) graph = NULL;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GBytes) graphml = NULL;
  g_autoptr(GMarkupParseContext) markup = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dot = NULL;
  const uint8_t *p = data, *end = data + size;
  guint n_nodes = 0;
  Agraph_t *read_back;

  dossier_fuzz_init ();
  if (size > 8192)
    return 0;

  while (p <= end && parts->len < 3 * MAX_NODES + 1)
    {
      const uint8_t *nul = memchr (p, '\0', end - p);
      const uint8_t *stop = nul != NULL ? nul : end;

      g_ptr_array_add (parts, dossier_fuzz_valid_text (p, stop - p));
      p = stop + 1;
    }

  graph = dossier_graph_new ();
  for (guint i = 0; i + 2 < parts->len && n_nodes < MAX_NODES; i += 3)
    {
      const char *key = g_ptr_array_index (parts, i);
      const char *name = g_ptr_array_index (parts, i + 1);
      const char *kind = g_ptr_array_index (parts, i + 2);
      guint index;

      if (*key == '\0' || dossier_graph_find_node (graph, key) >= 0)
        continue;
      index = dossier_graph_add_node (graph, key, name, kind, i + 1);
      DOSSIER_FUZZ_CHECK (index == n_nodes, "a new key is a new node");
      n_nodes++;
    }
  DOSSIER_FUZZ_CHECK (dossier_graph_get_n_nodes (graph) == n_nodes, "node count");
  if (n_nodes >= 2)
    {
      const char *relation = parts->len % 3 == 1 ? g_ptr_array_index (parts, parts->len - 1) : "co-mention";

      dossier_graph_add_relation (graph,
                                  dossier_graph_get_node (graph, 0)->key,
                                  dossier_graph_get_node (graph, 1)->key,
                                  *relation != '\0' ? relation : "co-mention", 2, TRUE);
    }

  dot = dossier_graph_dup_dot (graph, &error);
  DOSSIER_FUZZ_CHECK (dot != NULL, "any graph can be written as DOT");

  if (g_getenv ("DOSSIER_FUZZ_VERBOSE") != NULL)
    fprintf (stderr, "%s\n", dot);
  read_back = agmemread (dot);
  DOSSIER_FUZZ_CHECK (read_back != NULL, "the DOT Dossier writes is valid DOT");
  DOSSIER_FUZZ_CHECK ((guint) agnnodes (read_back) == dossier_graph_get_n_nodes (graph),
                      "no text adds or merges nodes in the DOT");
  DOSSIER_FUZZ_CHECK ((guint) agnedges (read_back) == dossier_graph_get_n_edges (graph),
                      "no text adds edges in the DOT");
  agclose (read_back);

  graphml = dossier_graph_export_bytes (graph, DOSSIER_GRAPH_FORMAT_GRAPHML, &error);
  DOSSIER_FUZZ_CHECK (graphml != NULL, "any graph can be written as GraphML");
  markup = g_markup_parse_context_new (&no_callbacks, 0, NULL, NULL);
  DOSSIER_FUZZ_CHECK (g_markup_parse_context_parse (markup, g_bytes_get_data (graphml, NULL),
                                                    g_bytes_get_size (graphml), NULL) &&
                      g_markup_parse_context_end_parse (markup, NULL),
                      "the GraphML is well-formed XML");
  return 0;
}
