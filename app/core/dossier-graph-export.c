/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Exports of a DossierGraph: Graphviz's own renderers for DOT, SVG, PNG and PDF,
 * json-glib for JSON, and GraphML (for Gephi) written by hand with escaping.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "dossier-json.h"
#include "dossier-graph-private.h"

gboolean
dossier_graph_format_from_string (const char         *name,
                                  DossierGraphFormat *format)
{
  static const struct { const char *name; DossierGraphFormat format; } formats[] = {
    { "dot", DOSSIER_GRAPH_FORMAT_DOT },
    { "gv", DOSSIER_GRAPH_FORMAT_DOT },
    { "svg", DOSSIER_GRAPH_FORMAT_SVG },
    { "png", DOSSIER_GRAPH_FORMAT_PNG },
    { "pdf", DOSSIER_GRAPH_FORMAT_PDF },
    { "json", DOSSIER_GRAPH_FORMAT_JSON },
    { "graphml", DOSSIER_GRAPH_FORMAT_GRAPHML },
  };

  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (formats); i++)
    if (g_ascii_strcasecmp (name, formats[i].name) == 0)
      {
        if (format != NULL)
          *format = formats[i].format;
        return TRUE;
      }
  return FALSE;
}

static GBytes *
render (DossierGraph  *self,
        const char    *format,
        gboolean       opaque,
        GError       **error)
{
  g_autoptr(DossierGraphvizLock) lock = NULL;
  Agraph_t *g = _dossier_graph_get_agraph (self);
  char *data = NULL;
  unsigned int length = 0;
  GBytes *bytes;
  int rc;

  if (g == NULL)
    {
      g_set_error_literal (error, DOSSIER_GRAPH_ERROR, DOSSIER_GRAPH_ERROR_NO_LAYOUT,
                           _("The graph has not been laid out yet."));
      return NULL;
    }

  lock = _dossier_graphviz_lock ();
  _dossier_graphviz_reset_messages ();
  /* Images get a white page; SVG stays transparent for the page it lands on. */
  if (opaque)
    agsafeset (g, (char *) "bgcolor", (char *) "white", (char *) "");
  rc = gvRenderData (_dossier_graphviz_get_context (), g, format, &data, &length);
  if (opaque)
    agsafeset (g, (char *) "bgcolor", (char *) "transparent", (char *) "");

  if (rc != 0 || data == NULL)
    {
      g_autofree char *messages = _dossier_graphviz_dup_messages ();

      if (data != NULL)
        gvFreeRenderData (data);
      g_set_error (error, DOSSIER_GRAPH_ERROR, DOSSIER_GRAPH_ERROR_EXPORT,
                   /* Translators: %s is a format name such as PNG, then Graphviz's message. */
                   _("Graphviz could not write %s: %s"), format, messages != NULL ? messages : "");
      return NULL;
    }

  bytes = g_bytes_new (data, length);
  gvFreeRenderData (data);
  return bytes;
}

/* JSON */

static void
add_point_members (JsonBuilder *builder,
                   double       x,
                   double       y)
{
  json_builder_set_member_name (builder, "x");
  dossier_json_builder_add_double (builder, x);
  json_builder_set_member_name (builder, "y");
  dossier_json_builder_add_double (builder, y);
}

static void
add_string_member (JsonBuilder *builder,
                   const char  *member,
                   const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static const char *
direction_to_string (DossierGraphDirection direction)
{
  switch (direction)
    {
    case DOSSIER_GRAPH_EDGE_FORWARD:
      return "forward";
    case DOSSIER_GRAPH_EDGE_BOTH:
      return "both";
    case DOSSIER_GRAPH_EDGE_UNDIRECTED:
    default:
      return "none";
    }
}

JsonNode *
dossier_graph_to_json (DossierGraph  *self,
                       GError       **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(DossierGraphEvidenceRanks) ranks = NULL;
  g_autoptr(GPtrArray) cited = NULL;
  g_autoptr(GArray) counts = NULL;
  g_autoptr(GArray) wanted = NULL;
  g_autoptr(GHashTable) citations = NULL;
  DossierGraphGeometry *geometry;
  guint max_evidence;

  g_return_val_if_fail (DOSSIER_IS_GRAPH (self), NULL);

  geometry = dossier_graph_get_geometry (self);
  max_evidence = dossier_graph_get_export_evidence (self);

  json_builder_begin_object (builder);
  add_string_member (builder, "engine", dossier_graph_get_engine (self));
  if (geometry != NULL)
    {
      json_builder_set_member_name (builder, "bounds");
      json_builder_begin_object (builder);
      add_point_members (builder, geometry->bounds.x, geometry->bounds.y);
      json_builder_set_member_name (builder, "width");
      dossier_json_builder_add_double (builder, geometry->bounds.width);
      json_builder_set_member_name (builder, "height");
      dossier_json_builder_add_double (builder, geometry->bounds.height);
      json_builder_end_object (builder);
    }

  json_builder_set_member_name (builder, "nodes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < dossier_graph_get_n_nodes (self); i++)
    {
      const DossierGraphNode *node = dossier_graph_get_node (self, i);

      json_builder_begin_object (builder);
      add_string_member (builder, "key", node->key);
      add_string_member (builder, "name", node->name);
      add_string_member (builder, "short_name", node->short_name);
      add_string_member (builder, "label", node->label);
      add_string_member (builder, "kind", node->kind);
      add_string_member (builder, "origin", node->origin);
      json_builder_set_member_name (builder, "mentions");
      json_builder_add_int_value (builder, node->n_mentions);
      if (node->centre)
        {
          json_builder_set_member_name (builder, "centre");
          json_builder_add_boolean_value (builder, TRUE);
        }
      if (node->parent_key != NULL)
        {
          add_string_member (builder, "more_of", node->parent_key);
          json_builder_set_member_name (builder, "folded");
          json_builder_add_int_value (builder, node->n_folded);
        }
      if (geometry != NULL)
        {
          const DossierGraphNodeGeometry *ng = &geometry->nodes[i];

          add_point_members (builder, ng->center.x, ng->center.y);
          json_builder_set_member_name (builder, "width");
          dossier_json_builder_add_double (builder, ng->bounds.width);
          json_builder_set_member_name (builder, "height");
          dossier_json_builder_add_double (builder, ng->bounds.height);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  if (dossier_graph_get_n_edges (self) > 0 && !(ranks = _dossier_graph_evidence_ranks_new (self, error)))
    return NULL;
  /* Every edge's cited blocks first, then their citations read in block order. */
  cited = g_ptr_array_new_full (dossier_graph_get_n_edges (self), (GDestroyNotify) g_array_unref);
  counts = g_array_sized_new (FALSE, FALSE, sizeof (guint), dossier_graph_get_n_edges (self));
  wanted = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < dossier_graph_get_n_edges (self); i++)
    {
      GArray *ids = _dossier_graph_dup_edge_evidence_ids (self, ranks, i, error);

      if (ids == NULL)
        return NULL;
      g_array_append_val (counts, ids->len);
      if (ids->len > max_evidence)
        g_array_set_size (ids, max_evidence);
      g_array_append_vals (wanted, ids->data, ids->len);
      g_ptr_array_add (cited, ids);
    }
  citations = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                     (GDestroyNotify) dossier_graph_citation_free);
  if (!_dossier_graph_read_citations (self, wanted, citations, error))
    return NULL;

  json_builder_set_member_name (builder, "edges");
  json_builder_begin_array (builder);
  for (guint i = 0; i < dossier_graph_get_n_edges (self); i++)
    {
      const DossierGraphEdge *edge = dossier_graph_get_edge (self, i);
      GArray *evidence = g_ptr_array_index (cited, i);

      json_builder_begin_object (builder);
      add_string_member (builder, "source", dossier_graph_get_node (self, edge->tail)->key);
      add_string_member (builder, "target", dossier_graph_get_node (self, edge->head)->key);
      json_builder_set_member_name (builder, "kinds");
      json_builder_begin_array (builder);
      for (guint k = 0; edge->kinds != NULL && edge->kinds[k] != NULL; k++)
        json_builder_add_string_value (builder, edge->kinds[k]);
      json_builder_end_array (builder);
      add_string_member (builder, "label", edge->label);
      json_builder_set_member_name (builder, "weight");
      json_builder_add_int_value (builder, edge->weight);
      add_string_member (builder, "direction", direction_to_string (edge->direction));
      json_builder_set_member_name (builder, "evidence_count");
      json_builder_add_int_value (builder, g_array_index (counts, guint, i));
      json_builder_set_member_name (builder, "evidence");
      json_builder_begin_array (builder);
      for (guint k = 0; k < evidence->len; k++)
        {
          const DossierGraphCitation *citation = g_hash_table_lookup (citations,
                                                                      &g_array_index (evidence, gint64, k));

          if (citation == NULL)
            continue;
          json_builder_begin_object (builder);
          add_string_member (builder, "citation", citation->citation);
          json_builder_set_member_name (builder, "document");
          json_builder_add_int_value (builder, citation->document_id);
          json_builder_set_member_name (builder, "block");
          json_builder_add_int_value (builder, citation->block_id);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* GraphML */

/* Text that XML 1.0 can hold: valid UTF-8 without control characters, escaped. */
static char *
xml_escape (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);

  for (char *p = valid; *p != '\0'; p++)
    if ((guchar) *p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
      *p = ' ';
  return g_markup_escape_text (valid, -1);
}

static void
append_data (GString    *out,
             const char *indent,
             const char *key,
             const char *value)
{
  g_autofree char *escaped = NULL;

  if (value == NULL)
    return;
  escaped = xml_escape (value);
  g_string_append_printf (out, "%s<data key=\"%s\">%s</data>\n", indent, key, escaped);
}

static void
append_double_data (GString    *out,
                    const char *indent,
                    const char *key,
                    double      value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_printf (out, "%s<data key=\"%s\">%s</data>\n", indent, key,
                          g_ascii_dtostr (buffer, sizeof buffer, value));
}

static GBytes *
to_graphml (DossierGraph  *self,
            GError       **error)
{
  static const char *const keys[][4] = {
    { "key", "node", "key", "string" },
    { "label", "node", "label", "string" },
    { "name", "node", "name", "string" },
    { "kind", "node", "kind", "string" },
    { "mentions", "node", "mentions", "int" },
    { "x", "node", "x", "double" },
    { "y", "node", "y", "double" },
    { "weight", "edge", "weight", "double" },
    { "kinds", "edge", "kinds", "string" },
    { "relation", "edge", "label", "string" },
    { "citations", "edge", "citations", "string" },
  };
  g_autoptr(GString) out = g_string_new (NULL);
  DossierGraphGeometry *geometry = dossier_graph_get_geometry (self);

  g_string_append (out,
                   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
                   "         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
                   "         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
                   "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n");
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_string_append_printf (out, "  <key id=\"%s\" for=\"%s\" attr.name=\"%s\" attr.type=\"%s\"/>\n",
                            keys[i][0], keys[i][1], keys[i][2], keys[i][3]);
  g_string_append (out, "  <graph id=\"dossier\" edgedefault=\"undirected\">\n");

  for (guint i = 0; i < dossier_graph_get_n_nodes (self); i++)
    {
      const DossierGraphNode *node = dossier_graph_get_node (self, i);
      g_autofree char *label = g_strdup (node->label);

      /* Gephi shows labels on one line. */
      g_strdelimit (label, "\n", ' ');
      g_string_append_printf (out, "    <node id=\"n%u\">\n", i);
      append_data (out, "      ", "key", node->key);
      append_data (out, "      ", "label", label);
      append_data (out, "      ", "name", node->name);
      append_data (out, "      ", "kind", node->kind);
      g_string_append_printf (out, "      <data key=\"mentions\">%u</data>\n", node->n_mentions);
      if (geometry != NULL)
        {
          /* Gephi's y grows upwards. */
          append_double_data (out, "      ", "x", geometry->nodes[i].center.x);
          append_double_data (out, "      ", "y", -geometry->nodes[i].center.y);
        }
      g_string_append (out, "    </node>\n");
    }

  for (guint i = 0; i < dossier_graph_get_n_edges (self); i++)
    {
      const DossierGraphEdge *edge = dossier_graph_get_edge (self, i);
      g_autoptr(GPtrArray) evidence = dossier_graph_dup_edge_evidence (self, i, error);
      g_autoptr(GString) citations = g_string_new (NULL);
      g_autofree char *kinds = NULL;

      if (evidence == NULL)
        return NULL;
      for (guint k = 0; k < evidence->len; k++)
        {
          const DossierGraphCitation *citation = g_ptr_array_index (evidence, k);

          if (k > 0)
            g_string_append (citations, "; ");
          g_string_append (citations, citation->citation);
        }
      kinds = edge->kinds != NULL ? g_strjoinv (",", edge->kinds) : g_strdup ("");

      g_string_append_printf (out, "    <edge id=\"e%u\" source=\"n%u\" target=\"n%u\"%s>\n",
                              i, edge->tail, edge->head,
                              edge->direction == DOSSIER_GRAPH_EDGE_FORWARD ? " directed=\"true\"" : "");
      g_string_append_printf (out, "      <data key=\"weight\">%u</data>\n", MAX (edge->weight, 1));
      append_data (out, "      ", "kinds", kinds);
      append_data (out, "      ", "relation", edge->label);
      if (citations->len > 0)
        append_data (out, "      ", "citations", citations->str);
      g_string_append (out, "    </edge>\n");
    }

  g_string_append (out, "  </graph>\n</graphml>\n");
  return g_string_free_to_bytes (g_steal_pointer (&out));
}

GBytes *
dossier_graph_export_bytes (DossierGraph        *self,
                            DossierGraphFormat   format,
                            GError             **error)
{
  g_return_val_if_fail (DOSSIER_IS_GRAPH (self), NULL);

  switch (format)
    {
    case DOSSIER_GRAPH_FORMAT_DOT:
      {
        char *dot = dossier_graph_dup_dot (self, error);

        return dot != NULL ? g_bytes_new_take (dot, strlen (dot)) : NULL;
      }
    case DOSSIER_GRAPH_FORMAT_SVG:
      return render (self, "svg", FALSE, error);
    case DOSSIER_GRAPH_FORMAT_PNG:
      return render (self, "png", TRUE, error);
    case DOSSIER_GRAPH_FORMAT_PDF:
      return render (self, "pdf", TRUE, error);
    case DOSSIER_GRAPH_FORMAT_JSON:
      {
        g_autoptr(JsonNode) root = dossier_graph_to_json (self, error);
        g_autoptr(JsonGenerator) generator = NULL;
        char *text;
        gsize length = 0;

        if (root == NULL)
          return NULL;
        generator = json_generator_new ();
        json_generator_set_pretty (generator, TRUE);
        json_generator_set_indent (generator, 2);
        json_generator_set_root (generator, root);
        text = json_generator_to_data (generator, &length);
        return g_bytes_new_take (text, length);
      }
    case DOSSIER_GRAPH_FORMAT_GRAPHML:
      return to_graphml (self, error);
    default:
      g_set_error_literal (error, DOSSIER_GRAPH_ERROR, DOSSIER_GRAPH_ERROR_INVALID,
                           _("Dossier cannot export graphs in that format."));
      return NULL;
    }
}

gboolean
dossier_graph_export_file (DossierGraph        *self,
                           DossierGraphFormat   format,
                           const char          *path,
                           GError             **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize size = 0;
  const char *data;

  g_return_val_if_fail (DOSSIER_IS_GRAPH (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!(bytes = dossier_graph_export_bytes (self, format, error)))
    return FALSE;
  data = g_bytes_get_data (bytes, &size);
  if (!g_file_set_contents (path, data != NULL ? data : "", (gssize) size, &local_error))
    {
      g_set_error (error, DOSSIER_GRAPH_ERROR, DOSSIER_GRAPH_ERROR_EXPORT,
                   /* Translators: %s is the system's reason. */
                   _("The graph could not be saved: %s"), local_error->message);
      return FALSE;
    }
  return TRUE;
}
