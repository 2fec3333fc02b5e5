/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Saved graph views: any bytes as the JSON of a DossierGraphFilter. A filter it
 * accepts must survive a round trip: written back as JSON text, read again, it
 * is the same filter.
 */

#include "config.h"

#include <json-glib/json-glib.h>

#include "dossier-graph.h"
#include "dossier-limits.h"
#include "fuzz-common.h"

/* json-glib's parser recurses once per nesting level and has no limit of its
 * own; Dossier's JSON readers refuse deeper files first (DOSSIER_LIMIT_JSON_DEPTH),
 * and so does this target, so that it fuzzes Dossier rather than the stack. */
static gboolean
too_deep (const uint8_t *data,
          size_t         size)
{
  int depth = 0;
  gboolean in_string = FALSE;

  for (size_t i = 0; i < size; i++)
    {
      if (in_string)
        {
          if (data[i] == '\\')
            i++;
          else if (data[i] == '"')
            in_string = FALSE;
        }
      else if (data[i] == '"')
        in_string = TRUE;
      else if (data[i] == '[' || data[i] == '{')
        {
          if (++depth > DOSSIER_LIMIT_JSON_DEPTH)
            return TRUE;
        }
      else if (data[i] == ']' || data[i] == '}')
        depth--;
    }
  return FALSE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) reparser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(DossierGraphFilter) filter = NULL;
  g_autoptr(DossierGraphFilter) again = NULL;
  g_autoptr(JsonNode) written = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  dossier_fuzz_init ();
  if (too_deep (data, size) || !dossier_fuzz_json_one_value (data, size))
    return 0;
  if (!json_parser_load_from_data (parser, (const char *) data, size, NULL) ||
      json_parser_get_root (parser) == NULL)
    return 0;

  filter = dossier_graph_filter_new_from_json (json_parser_get_root (parser), &error);
  if (filter == NULL)
    {
      DOSSIER_FUZZ_CHECK (g_error_matches (error, DOSSIER_GRAPH_ERROR, DOSSIER_GRAPH_ERROR_INVALID),
                          "a refused view is DOSSIER_GRAPH_ERROR_INVALID");
      DOSSIER_FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL), "messages are UTF-8");
      return 0;
    }

  written = dossier_graph_filter_to_json (filter);
  json_generator_set_root (generator, written);
  text = json_generator_to_data (generator, NULL);
  DOSSIER_FUZZ_CHECK (json_parser_load_from_data (reparser, text, -1, NULL),
                      "a written view is valid JSON");
  again = dossier_graph_filter_new_from_json (json_parser_get_root (reparser), &error);
  DOSSIER_FUZZ_CHECK (again != NULL, "a written view reads back");
  DOSSIER_FUZZ_CHECK (dossier_graph_filter_equal (filter, again), "a view survives a round trip");
  return 0;
}
