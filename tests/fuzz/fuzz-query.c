/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Search-query handling: dossier_store_build_fts_query and dossier_store_search
 * over a small corpus in a temporary database. A leading byte 1 asks for an
 * advanced search; the rest is the query. A plain query is whatever a reader
 * types, so it must never fail; an advanced one may be refused, but only as a
 * DOSSIER_STORE_ERROR_QUERY sentence.
 */

#include "config.h"

#include <string.h>

#include "dossier-limits.h"
#include "dossier-store.h"
#include "fuzz-common.h"

static const char *const texts[] = {
  "Trafficking in women and girls: report of the Special Rapporteur on violence against women.",
  "The United Nations Office on Drugs and Crime (UNODC) supports the Global Initiative to Fight Human Trafficking.",
  "General Assembly resolution 55/25 adopted the Protocol to Prevent, Suppress and Punish Trafficking in Persons.",
  "Les États parties coopèrent; Zusammenarbeit über Grenzen; сотрудничество; 合作; التعاون.",
  "See E/CN.4/2003/74, para. 16, and A/RES/61/180 (2006) — “witness protection” near NEAR OR AND NOT.",
  "Decision 2002/238 of the Economic and Social Council; Recommendation 1545 (2002) of the Council of Europe.",
  "Numbers 1, 2.5, 1,000 and 10% with hy-phen, under_score, apostrophe's and e-mail info@example.org.",
  "Prefix matching: protect, protection, protective, protocol, protocols, prosecutor.",
};

static DossierStore *
fuzz_store (void)
{
  static DossierStore *store;

  if (store == NULL)
    {
      g_autofree char *path = g_build_filename (dossier_fuzz_tmp_dir (), "query.db", NULL);
      g_autoptr(GError) error = NULL;

      store = dossier_store_open (path, &error);
      if (store == NULL)
        dossier_fuzz_fail (G_STRLOC, error->message);

      for (guint d = 0; d < 3; d++)
        {
          g_autoptr(DossierParsedDocument) doc = NULL;
          g_autofree char *name = g_strdup_printf ("doc-%u.md", d);
          g_autofree char *hash = g_strdup_printf ("hash-%u", d);

          doc = dossier_parsed_document_new (name, "markdown");
          doc->title = g_strdup_printf ("Document %u", d);
          doc->symbol = d == 0 ? g_strdup ("E/CN.4/2003/74") : NULL;
          for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
            {
              g_autofree char *label = g_strdup_printf ("%u", i + 1);
              DossierBlock *block = dossier_block_new (i == 0 ? DOSSIER_BLOCK_HEADING
                                                              : DOSSIER_BLOCK_PARAGRAPH,
                                                       i == 0 ? NULL : label,
                                                       texts[(i + d) % G_N_ELEMENTS (texts)]);

              block->level = 1;
              block->heading_path = i == 0 ? NULL : g_strdup ("I. Introduction\nA. Scope");
              g_ptr_array_add (doc->blocks, block);
            }
          if (!dossier_store_import_parsed (store, doc, hash, NULL, NULL, NULL, &error))
            dossier_fuzz_fail (G_STRLOC, error->message);
        }
    }
  return store;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *query = NULL;
  g_autofree char *fts = NULL;
  gboolean advanced, acceptable;

  dossier_fuzz_init ();
  if (size > 4 * DOSSIER_LIMIT_QUERY_BYTES)
    return 0;

  advanced = size > 0 && data[0] == 1;
  if (advanced)
    {
      data++;
      size--;
    }
  /* A query reaches the store as a C string: it ends at the first NUL. */
  query = g_strndup ((const char *) data, size);
  acceptable = g_utf8_validate (query, -1, NULL) && strlen (query) <= DOSSIER_LIMIT_QUERY_BYTES;

  fts = dossier_store_build_fts_query (query);
  DOSSIER_FUZZ_CHECK (fts == NULL || g_utf8_validate (fts, -1, NULL), "the FTS query is UTF-8");
  DOSSIER_FUZZ_CHECK (fts == NULL || g_utf8_validate (query, -1, NULL),
                      "invalid text gives no FTS query");

  hits = dossier_store_search (fuzz_store (), query,
                               advanced ? DOSSIER_SEARCH_ADVANCED : DOSSIER_SEARCH_PLAIN,
                               10, &error);
  if (hits == NULL)
    {
      DOSSIER_FUZZ_CHECK (error != NULL, "a failed search sets an error");
      DOSSIER_FUZZ_CHECK (advanced || !acceptable, "a plain query of valid text never fails");
      DOSSIER_FUZZ_CHECK (g_error_matches (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_QUERY),
                          "a refused search is a query error");
      return 0;
    }

  DOSSIER_FUZZ_CHECK (acceptable, "too long or invalid queries are refused");
  DOSSIER_FUZZ_CHECK (hits->len <= 10, "the limit holds");
  for (guint i = 0; i < hits->len; i++)
    {
      const DossierSearchHit *hit = g_ptr_array_index (hits, i);
      g_autofree char *rendered = dossier_snippet_render (hit->snippet, "<b>", "</b>");

      DOSSIER_FUZZ_CHECK (hit->citation != NULL && hit->document_title != NULL,
                          "hits have a citation and a title");
      DOSSIER_FUZZ_CHECK (hit->snippet == NULL || g_utf8_validate (hit->snippet, -1, NULL),
                          "snippets are UTF-8");
      DOSSIER_FUZZ_CHECK (rendered == NULL || g_utf8_validate (rendered, -1, NULL),
                          "rendered snippets are UTF-8");
    }
  return 0;
}
