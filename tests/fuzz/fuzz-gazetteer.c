/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The gazetteer loader: any bytes as data/gazetteer.json. A file it accepts must
 * give entities and relations that keep dossier-extraction.h's promises, and an
 * extractor that can run over a document.
 */

#include "config.h"

#include "dossier-extractor.h"
#include "fuzz-common.h"

static void
check_extraction (const DossierExtraction *extraction,
                  guint                    n_blocks)
{
  g_autoptr(GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < extraction->entities->len; i++)
    {
      const DossierEntityDef *def = g_ptr_array_index (extraction->entities, i);

      DOSSIER_FUZZ_CHECK (def->key != NULL && *def->key != '\0', "entities have keys");
      DOSSIER_FUZZ_CHECK (def->kind != NULL && def->name != NULL, "entities have kinds and names");
      DOSSIER_FUZZ_CHECK (g_utf8_validate (def->name, -1, NULL), "names are UTF-8");
      g_hash_table_add (keys, def->key);
    }
  for (guint i = 0; i < extraction->mentions->len; i++)
    {
      const DossierMentionDef *def = g_ptr_array_index (extraction->mentions, i);

      DOSSIER_FUZZ_CHECK (def->block_index < n_blocks, "mentions point at a block");
      DOSSIER_FUZZ_CHECK (def->start < def->end, "mentions are not empty");
      DOSSIER_FUZZ_CHECK (g_hash_table_contains (keys, def->entity_key), "mentioned entities are listed");
    }
  for (guint i = 0; i < extraction->relations->len; i++)
    {
      const DossierRelationDef *def = g_ptr_array_index (extraction->relations, i);

      DOSSIER_FUZZ_CHECK (def->kind != NULL, "relations have kinds");
      DOSSIER_FUZZ_CHECK (g_hash_table_contains (keys, def->source_key) &&
                          g_hash_table_contains (keys, def->target_key),
                          "related entities are listed");
      for (guint j = 0; def->evidence != NULL && j < def->evidence->len; j++)
        DOSSIER_FUZZ_CHECK (g_array_index (def->evidence, guint, j) < n_blocks,
                            "evidence points at a block");
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(DossierExtractor) extractor = NULL;
  g_autoptr(DossierExtraction) gazetteer = NULL;
  g_autoptr(DossierExtraction) found = NULL;
  g_autoptr(DossierParsedDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  const char *path;

  dossier_fuzz_init ();
  path = dossier_fuzz_write_file ("gazetteer.json", data, size);

  extractor = dossier_extractor_new (path, &error);
  if (extractor == NULL)
    {
      DOSSIER_FUZZ_CHECK (error != NULL && error->message != NULL, "a refusal comes with an error");
      DOSSIER_FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL), "messages are UTF-8");
      return 0;
    }
  DOSSIER_FUZZ_CHECK (error == NULL, "no error on success");

  gazetteer = dossier_extractor_dup_gazetteer (extractor);
  DOSSIER_FUZZ_CHECK (gazetteer != NULL, "a loaded gazetteer can be listed");
  check_extraction (gazetteer, 0);

  /* Whatever the gazetteer says, matching it over text must hold up. The text
   * names what a gazetteer usually lists, so the fuzzer's aliases can meet it. */
  doc = dossier_parsed_document_new ("probe.md", "markdown");
  doc->title = g_strdup ("Probe");
  g_ptr_array_add (doc->blocks,
                   dossier_block_new (DOSSIER_BLOCK_PARAGRAPH, "1",
                                      "The United Nations Office on Drugs and Crime (UNODC), "
                                      "UNICEF and IOM met the Special Rapporteur; see "
                                      "General Assembly resolution 55/25 and E/CN.4/2003/74."));
  g_ptr_array_add (doc->blocks,
                   dossier_block_new (DOSSIER_BLOCK_PARAGRAPH, "2",
                                      "A B C UNODC unodc ÉÉ a a a a a a ILO OSCE ü"));
  found = dossier_extractor_run (extractor, doc);
  DOSSIER_FUZZ_CHECK (found != NULL, "extraction always gives a result");
  check_extraction (found, doc->blocks->len);
  return 0;
}
