/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * dossier-cli graph and path: the entity graph as a file, and how two entities
 * are connected with the paragraphs that say so.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "dossier-cli.h"
#include "dossier-entities.h"
#include "dossier-graph-metrics.h"
#include "dossier-graph.h"
#include "dossier-locale.h"

/* How much of a paragraph a path shows under each citation, in characters. */
#define QUOTE_CHARS 120

static const char *const legend_kinds[] = {
  "organisation", "body", "resolution", "instrument", "initiative", "meeting", "document",
  "place", "person", NULL
};

/* Resolves an entity (key, name or alias) or, failing that, a corpus document
 * (id, symbol or file name) to a graph key. Prints why not and returns NULL. */
static char *
resolve_key (DossierStore *store,
             const char   *ref)
{
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(DossierEntity) entity = NULL;
  g_autoptr(DossierDocumentInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  if ((entity = dossier_store_find_entity (store, ref, &candidates, &error)) != NULL)
    return g_strdup (entity->key);

  if (g_error_matches (error, DOSSIER_ENTITY_ERROR, DOSSIER_ENTITY_ERROR_AMBIGUOUS))
    {
      dossier_cli_error ("%s", error->message);
      for (guint i = 0; candidates != NULL && i < candidates->len; i++)
        {
          const DossierEntity *candidate = g_ptr_array_index (candidates, i);

          fprintf (stderr, "  %-32s %-14s %s\n", candidate->key, candidate->kind, candidate->name);
        }
      return NULL;
    }

  if ((info = dossier_store_find_document (store, ref, NULL)) != NULL)
    {
      const char *symbol = dossier_document_info_get_symbol (info);

      return g_strconcat ("doc:", symbol != NULL && *symbol != '\0' ? symbol :
                          dossier_document_info_get_source_name (info), NULL);
    }

  dossier_cli_error ("%s", error->message);
  return NULL;
}

static gboolean
parse_uint (const char *option,
            const char *text,
            guint      *out)
{
  guint64 value = 0;

  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT, &value, NULL))
    {
      /* Translators: the first %s is an option such as --depth, the second what was given. */
      dossier_cli_error (_("%s needs a whole number, not “%s”."), option, text);
      return FALSE;
    }
  *out = (guint) value;
  return TRUE;
}

static const char *
normalise_kind (const char *kind)
{
  if (g_ascii_strcasecmp (kind, "organization") == 0)
    return "organisation";
  for (guint i = 0; legend_kinds[i] != NULL; i++)
    if (g_ascii_strcasecmp (kind, legend_kinds[i]) == 0)
      return legend_kinds[i];
  return NULL;
}

static gboolean
format_from_path (const char         *path,
                  DossierGraphFormat *format)
{
  const char *dot;

  if (path == NULL || (dot = strrchr (path, '.')) == NULL)
    return FALSE;
  return dossier_graph_format_from_string (dot + 1, format);
}

static void
print_json_summary (DossierGraph *graph,
                    const char   *format,
                    const char   *output)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  const char *note = dossier_graph_get_layout_note (graph);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "file");
  json_builder_add_string_value (builder, output);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, format);
  json_builder_set_member_name (builder, "nodes");
  json_builder_add_int_value (builder, dossier_graph_get_n_nodes (graph));
  json_builder_set_member_name (builder, "edges");
  json_builder_add_int_value (builder, dossier_graph_get_n_edges (graph));
  json_builder_set_member_name (builder, "engine");
  if (dossier_graph_get_engine (graph) != NULL)
    json_builder_add_string_value (builder, dossier_graph_get_engine (graph));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "note");
  if (note != NULL)
    json_builder_add_string_value (builder, note);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  dossier_cli_print_json (root);
}

int
dossier_cli_graph (DossierCliContext *ctx,
                   int                argc,
                   char             **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— export the entity graph"));
  g_autoptr(DossierGraphFilter) filter = dossier_graph_filter_new ();
  g_autoptr(DossierGraph) graph = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) kinds = NULL;
  g_auto(GStrv) documents = NULL;
  g_auto(GStrv) egos = NULL;
  g_auto(GStrv) expanded = NULL;
  g_autofree char *from = NULL, *to = NULL, *min_weight = NULL, *relations = NULL;
  g_autofree char *depth = NULL, *top = NULL, *max_neighbours = NULL, *engine = NULL;
  g_autofree char *format_name = NULL, *output = NULL, *evidence = NULL;
  gboolean common = FALSE, with_documents = FALSE, hide_patterns = FALSE;
  guint max_evidence = DOSSIER_GRAPH_EXPORT_EVIDENCE_DEFAULT;
  const GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING_ARRAY, &kinds,
      N_("Show entities of this kind (organisation, body, resolution, …); repeatable"), N_("KIND") },
    { "document", 0, 0, G_OPTION_ARG_STRING_ARRAY, &documents,
      N_("Only what this document says (symbol, file name or id); repeatable"), N_("DOCUMENT") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("Only documents dated on or after DATE"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Only documents dated on or before DATE"), N_("DATE") },
    { "min-weight", 0, 0, G_OPTION_ARG_STRING, &min_weight,
      N_("Co-mentions need at least N paragraphs"), "N" },
    { "relations", 0, 0, G_OPTION_ARG_STRING, &relations,
      N_("Which relations to draw: co-mention, typed or all"), N_("KIND") },
    { "ego", 0, 0, G_OPTION_ARG_STRING_ARRAY, &egos,
      N_("Only what lies near this entity or document; repeatable"), N_("ENTITY") },
    { "depth", 0, 0, G_OPTION_ARG_STRING, &depth, N_("How many hops from --ego (default 1)"), "N" },
    { "common", 0, 0, G_OPTION_ARG_NONE, &common,
      N_("With several --ego: only what lies near all of them"), NULL },
    { "max-neighbours", 0, 0, G_OPTION_ARG_STRING, &max_neighbours,
      N_("At most N new neighbours per node; the rest fold into “+N more”"), "N" },
    { "expand", 0, 0, G_OPTION_ARG_STRING_ARRAY, &expanded,
      N_("Show every neighbour of this entity; repeatable"), N_("ENTITY") },
    { "top", 0, 0, G_OPTION_ARG_STRING, &top, N_("Keep the N most connected nodes"), "N" },
    { "documents", 0, 0, G_OPTION_ARG_NONE, &with_documents,
      N_("Show documents as nodes linked to what they mention"), NULL },
    { "hide-patterns", 0, 0, G_OPTION_ARG_NONE, &hide_patterns,
      N_("Leave out entities only a phrase pattern found"), NULL },
    { "engine", 0, 0, G_OPTION_ARG_STRING, &engine,
      N_("Layout engine: dot, neato, fdp, sfdp, circo or twopi"), N_("ENGINE") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_name,
      N_("dot, svg, png, pdf, json or graphml (default: from the file name)"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to FILE (default: standard output)"), N_("FILE") },
    { "evidence", 0, 0, G_OPTION_ARG_STRING, &evidence,
      /* Translators: help of --evidence; "all" is a keyword, do not translate it. */
      N_("JSON: cite at most N paragraphs per edge, or all (default: 3; every edge counts them all)"),
      /* Translators: placeholder of --evidence; "all" is a keyword, do not translate it. */
      N_("N|all") },
    { NULL }
  };
  DossierGraphFormat format;
  DossierStore *store;
  gboolean needs_layout;
  gint64 start;
  guint value;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!dossier_cli_parse_options (context, &argc, &argv))
    return DOSSIER_CLI_USAGE;
  if (argc > 1)
    {
      dossier_cli_error (_("“%s” is not an option of graph."), argv[1]);
      return DOSSIER_CLI_USAGE;
    }

  if (format_name != NULL ? !dossier_graph_format_from_string (format_name, &format)
                          : !format_from_path (output, &format))
    {
      if (format_name != NULL)
        dossier_cli_error (_("“%s” is not a graph format. Use dot, svg, png, pdf, json or graphml."),
                           format_name);
      else
        dossier_cli_error (_("Say which format to write with --format."));
      return DOSSIER_CLI_USAGE;
    }
  if (engine != NULL && !dossier_graph_engine_is_valid (engine))
    {
      dossier_cli_error (_("“%s” is not a layout engine. Use dot, neato, fdp, sfdp, circo or twopi."), engine);
      return DOSSIER_CLI_USAGE;
    }

  for (guint i = 0; kinds != NULL && kinds[i] != NULL; i++)
    {
      const char *kind = normalise_kind (kinds[i]);

      if (kind == NULL)
        {
          dossier_cli_error (_("“%s” is not a kind of entity. Use organisation, body, resolution, "
                               "instrument, initiative, meeting, document, place or person."), kinds[i]);
          return DOSSIER_CLI_USAGE;
        }
      dossier_graph_filter_add_kind (filter, kind);
    }
  if (relations != NULL)
    {
      if (g_str_equal (relations, "co-mention") || g_str_equal (relations, "co-mentions"))
        dossier_graph_filter_set_relations (filter, DOSSIER_GRAPH_RELATIONS_CO_MENTION);
      else if (g_str_equal (relations, "typed"))
        dossier_graph_filter_set_relations (filter, DOSSIER_GRAPH_RELATIONS_TYPED);
      else if (g_str_equal (relations, "all"))
        dossier_graph_filter_set_relations (filter, DOSSIER_GRAPH_RELATIONS_ALL);
      else
        {
          dossier_cli_error (_("--relations takes co-mention, typed or all, not “%s”."), relations);
          return DOSSIER_CLI_USAGE;
        }
    }

  value = 1;
  if (!parse_uint ("--min-weight", min_weight, &value))
    return DOSSIER_CLI_USAGE;
  dossier_graph_filter_set_min_weight (filter, value);
  value = 1;
  if (!parse_uint ("--depth", depth, &value))
    return DOSSIER_CLI_USAGE;
  dossier_graph_filter_set_depth (filter, value);
  value = 0;
  if (!parse_uint ("--top", top, &value))
    return DOSSIER_CLI_USAGE;
  dossier_graph_filter_set_top_n (filter, value);
  if (evidence != NULL && g_str_equal (evidence, "all"))
    max_evidence = G_MAXUINT;
  else if (!parse_uint ("--evidence", evidence, &max_evidence))
    return DOSSIER_CLI_USAGE;
  value = 0;
  if (!parse_uint ("--max-neighbours", max_neighbours, &value))
    return DOSSIER_CLI_USAGE;
  dossier_graph_filter_set_max_neighbours (filter, value);
  dossier_graph_filter_set_date_range (filter, from, to);
  dossier_graph_filter_set_ego_mode (filter, common ? DOSSIER_GRAPH_EGO_COMMON : DOSSIER_GRAPH_EGO_UNION);
  dossier_graph_filter_set_include_documents (filter, with_documents);
  dossier_graph_filter_set_hide_patterns (filter, hide_patterns);

  if (!(store = dossier_cli_get_store (ctx)))
    return DOSSIER_CLI_REFUSED;

  for (guint i = 0; documents != NULL && documents[i] != NULL; i++)
    {
      g_autoptr(DossierDocumentInfo) info = dossier_store_find_document (store, documents[i], &error);

      if (info == NULL)
        {
          dossier_cli_error ("%s", error->message);
          return DOSSIER_CLI_REFUSED;
        }
      dossier_graph_filter_add_document (filter, dossier_document_info_get_id (info));
    }
  for (guint i = 0; egos != NULL && egos[i] != NULL; i++)
    {
      g_autofree char *key = resolve_key (store, egos[i]);

      if (key == NULL)
        return DOSSIER_CLI_REFUSED;
      dossier_graph_filter_add_centre (filter, key);
    }
  for (guint i = 0; expanded != NULL && expanded[i] != NULL; i++)
    {
      g_autofree char *key = resolve_key (store, expanded[i]);

      if (key == NULL)
        return DOSSIER_CLI_REFUSED;
      dossier_graph_filter_add_expanded (filter, key);
    }

  /* DOT and GraphML carry no positions: no layout unless an engine is named
   * (the DOT then names it). JSON has positions when it can. */
  needs_layout = engine != NULL || (format != DOSSIER_GRAPH_FORMAT_DOT &&
                                    format != DOSSIER_GRAPH_FORMAT_GRAPHML);
  start = g_get_monotonic_time ();
  if (!(graph = dossier_graph_new_from_store (store, filter, &error)))
    {
      dossier_cli_error ("%s", error->message);
      return DOSSIER_CLI_REFUSED;
    }
  g_debug ("graph: built in %.3f s", (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
  start = g_get_monotonic_time ();
  if (needs_layout && !dossier_graph_layout (graph, engine, NULL, &error))
    {
      dossier_cli_error ("%s", error->message);
      return DOSSIER_CLI_REFUSED;
    }
  g_debug ("graph: laid out in %.3f s", (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
  start = g_get_monotonic_time ();
  dossier_graph_set_export_evidence (graph, max_evidence);
  if (dossier_graph_get_layout_note (graph) != NULL && !ctx->quiet && !ctx->json)
    dossier_cli_error ("%s", dossier_graph_get_layout_note (graph));

  if (output == NULL || g_str_equal (output, "-"))
    {
      g_autoptr(GBytes) bytes = dossier_graph_export_bytes (graph, format, &error);
      gsize size = 0;
      const char *data;

      if (bytes == NULL)
        {
          dossier_cli_error ("%s", error->message);
          return DOSSIER_CLI_REFUSED;
        }
      data = g_bytes_get_data (bytes, &size);
      if (size > 0 && fwrite (data, 1, size, stdout) != size)
        {
          dossier_cli_error (_("The graph could not be written to standard output."));
          return DOSSIER_CLI_REFUSED;
        }
      return DOSSIER_CLI_OK;
    }

  if (!dossier_graph_export_file (graph, format, output, &error))
    {
      dossier_cli_error ("%s", error->message);
      return DOSSIER_CLI_REFUSED;
    }
  g_debug ("graph: exported in %.3f s", (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);

  if (ctx->json)
    print_json_summary (graph, format_name != NULL ? format_name : strrchr (output, '.') + 1, output);
  else if (!ctx->quiet)
    {
      g_autofree char *nodes = g_strdup_printf (dossier_locale_grouped (g_dngettext (GETTEXT_PACKAGE, "%u node", "%u nodes",
                                                                                     dossier_graph_get_n_nodes (graph))),
                                                dossier_graph_get_n_nodes (graph));
      g_autofree char *edges = g_strdup_printf (dossier_locale_grouped (g_dngettext (GETTEXT_PACKAGE, "%u edge", "%u edges",
                                                                                     dossier_graph_get_n_edges (graph))),
                                                dossier_graph_get_n_edges (graph));

      if (dossier_graph_get_engine (graph) != NULL)
        /* Translators: “Wrote g.svg: 12 nodes and 30 edges, laid out with neato.” */
        fprintf (stderr, _("Wrote %s: %s and %s, laid out with %s.\n"), output, nodes, edges,
                 dossier_graph_get_engine (graph));
      else
        /* Translators: “Wrote g.dot: 12 nodes and 30 edges.” */
        fprintf (stderr, _("Wrote %s: %s and %s.\n"), output, nodes, edges);
    }

  return DOSSIER_CLI_OK;
}

/* path */

static char *
shorten (const char *text)
{
  g_autofree char *flat = g_strdup (text != NULL ? text : "");
  g_autofree char *start = NULL;

  g_strdelimit (flat, "\n\t\r", ' ');
  if (g_utf8_strlen (flat, -1) <= QUOTE_CHARS)
    return g_steal_pointer (&flat);
  start = g_utf8_substring (flat, 0, QUOTE_CHARS);
  return g_strconcat (start, "…", NULL);
}

static void
add_node_json (JsonBuilder            *builder,
               const DossierGraphNode *node)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "key");
  json_builder_add_string_value (builder, node->key);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, node->name);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, node->kind);
  json_builder_end_object (builder);
}

static void
print_paths_json (DossierGraph *graph,
                  GPtrArray    *paths,
                  int           from,
                  int           to)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "from");
  add_node_json (builder, dossier_graph_get_node (graph, (guint) from));
  json_builder_set_member_name (builder, "to");
  add_node_json (builder, dossier_graph_get_node (graph, (guint) to));
  json_builder_set_member_name (builder, "paths");
  json_builder_begin_array (builder);
  for (guint i = 0; i < paths->len; i++)
    {
      const DossierGraphPath *path = g_ptr_array_index (paths, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "cost");
      json_builder_add_double_value (builder, path->cost);
      json_builder_set_member_name (builder, "nodes");
      json_builder_begin_array (builder);
      for (guint j = 0; j < path->nodes->len; j++)
        add_node_json (builder, dossier_graph_get_node (graph, g_array_index (path->nodes, guint, j)));
      json_builder_end_array (builder);

      json_builder_set_member_name (builder, "hops");
      json_builder_begin_array (builder);
      for (guint j = 0; j < path->hops->len; j++)
        {
          const DossierGraphHop *hop = g_ptr_array_index (path->hops, j);
          const DossierGraphEdge *edge = dossier_graph_get_edge (graph, hop->edge);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "from");
          json_builder_add_string_value (builder, dossier_graph_get_node (graph, hop->from)->key);
          json_builder_set_member_name (builder, "to");
          json_builder_add_string_value (builder, dossier_graph_get_node (graph, hop->to)->key);
          json_builder_set_member_name (builder, "kinds");
          json_builder_begin_array (builder);
          for (guint k = 0; edge->kinds != NULL && edge->kinds[k] != NULL; k++)
            json_builder_add_string_value (builder, edge->kinds[k]);
          json_builder_end_array (builder);
          json_builder_set_member_name (builder, "weight");
          json_builder_add_int_value (builder, edge->weight);
          json_builder_set_member_name (builder, "citations");
          json_builder_begin_array (builder);
          for (guint k = 0; k < hop->evidence->len; k++)
            {
              const DossierGraphCitation *citation = g_ptr_array_index (hop->evidence, k);

              json_builder_begin_object (builder);
              json_builder_set_member_name (builder, "citation");
              json_builder_add_string_value (builder, citation->citation);
              json_builder_set_member_name (builder, "document_id");
              json_builder_add_int_value (builder, citation->document_id);
              json_builder_set_member_name (builder, "block_id");
              json_builder_add_int_value (builder, citation->block_id);
              json_builder_set_member_name (builder, "text");
              json_builder_add_string_value (builder, citation->text);
              json_builder_end_object (builder);
            }
          json_builder_end_array (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  dossier_cli_print_json (root);
}

static const char *
display_name (const DossierGraphNode *node)
{
  return node->short_name != NULL ? node->short_name : node->name;
}

static void
print_paths_text (DossierGraph *graph,
                  GPtrArray    *paths)
{
  for (guint i = 0; i < paths->len; i++)
    {
      const DossierGraphPath *path = g_ptr_array_index (paths, i);
      g_autoptr(GString) line = g_string_new (NULL);

      for (guint j = 0; j < path->nodes->len; j++)
        g_string_append_printf (line, "%s%s", j > 0 ? " → " : "",
                                display_name (dossier_graph_get_node (graph, g_array_index (path->nodes, guint, j))));
      printf ("%u. %s\n", i + 1, line->str);

      for (guint j = 0; j < path->hops->len; j++)
        {
          const DossierGraphHop *hop = g_ptr_array_index (path->hops, j);
          const DossierGraphEdge *edge = dossier_graph_get_edge (graph, hop->edge);
          g_autofree char *kinds = edge->kinds != NULL ? g_strjoinv (", ", edge->kinds) : g_strdup ("");

          printf ("   %s — %s (%s)\n", display_name (dossier_graph_get_node (graph, hop->from)),
                  display_name (dossier_graph_get_node (graph, hop->to)), kinds);
          if (hop->evidence->len == 0)
            printf ("     %s\n", _("(a curated relation: no paragraph cited)"));
          for (guint k = 0; k < hop->evidence->len; k++)
            {
              const DossierGraphCitation *citation = g_ptr_array_index (hop->evidence, k);
              g_autofree char *quote = shorten (citation->text);

              printf ("     %s: “%s”\n", citation->citation, quote);
            }
        }
    }
}

int
dossier_cli_path (DossierCliContext *ctx,
                  int                argc,
                  char             **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("A B — how two entities are connected, and where it says so"));
  g_autoptr(DossierGraphFilter) filter = dossier_graph_filter_new ();
  g_autoptr(DossierGraph) graph = NULL;
  g_autoptr(GPtrArray) paths = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *k_text = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "k", 'k', 0, G_OPTION_ARG_STRING, &k_text, N_("Show up to N paths (default 3)"), "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Write the output as JSON"), NULL },
    { NULL }
  };
  DossierStore *store;
  guint k = 3;
  int a, b;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!dossier_cli_parse_options (context, &argc, &argv))
    return DOSSIER_CLI_USAGE;
  if (argc != 3)
    {
      dossier_cli_error (_("Name two entities: dossier-cli path A B."));
      return DOSSIER_CLI_USAGE;
    }
  if (!parse_uint ("--k", k_text, &k))
    return DOSSIER_CLI_USAGE;
  json = json || ctx->json;

  if (!(store = dossier_cli_get_store (ctx)))
    return DOSSIER_CLI_REFUSED;
  if (!(from = resolve_key (store, argv[1])) || !(to = resolve_key (store, argv[2])))
    return DOSSIER_CLI_REFUSED;

  /* Documents join the graph only when a path starts or ends at one. */
  dossier_graph_filter_set_include_documents (filter, g_str_has_prefix (from, "doc:") ||
                                                      g_str_has_prefix (to, "doc:"));

  if (!(graph = dossier_graph_new_from_store (store, filter, &error)))
    {
      dossier_cli_error ("%s", error->message);
      return DOSSIER_CLI_REFUSED;
    }
  a = dossier_graph_find_node (graph, from);
  b = dossier_graph_find_node (graph, to);
  if (a < 0 || b < 0)
    {
      dossier_cli_error (_("“%s” is hidden or never mentioned, so nothing connects it."),
                         a < 0 ? argv[1] : argv[2]);
      return DOSSIER_CLI_REFUSED;
    }

  if (!(paths = dossier_graph_k_shortest_paths (graph, from, to, k, &error)))
    {
      dossier_cli_error ("%s", error->message);
      return DOSSIER_CLI_REFUSED;
    }
  for (guint i = 0; i < paths->len; i++)
    if (!dossier_graph_path_fill_evidence (graph, g_ptr_array_index (paths, i), &error))
      {
        dossier_cli_error ("%s", error->message);
        return DOSSIER_CLI_REFUSED;
      }

  if (json)
    print_paths_json (graph, paths, a, b);
  else
    print_paths_text (graph, paths);

  if (paths->len == 0)
    {
      if (!json && !ctx->quiet)
        printf (_("Nothing in the corpus connects “%s” and “%s”.\n"), argv[1], argv[2]);
      return DOSSIER_CLI_REFUSED;
    }
  return DOSSIER_CLI_OK;
}
