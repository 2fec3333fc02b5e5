/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The recognisers (gazetteer matching, UN symbols, resolution and decision
 * numbers, acronym definitions, organisation-like phrases, relation phrasing)
 * through dossier_extractor_run on a one-block document, with the bundled
 * gazetteer. Every mention must point inside its block at the text it quotes.
 */

#include "config.h"

#include <string.h>

#include "dossier-extractor.h"
#include "dossier-limits.h"
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const DossierBlockKind kinds[] = {
    DOSSIER_BLOCK_PARAGRAPH, DOSSIER_BLOCK_HEADING, DOSSIER_BLOCK_ITEM, DOSSIER_BLOCK_NOTE,
  };
  g_autoptr(DossierParsedDocument) doc = NULL;
  g_autoptr(DossierExtraction) found = NULL;
  g_autoptr(GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *text = NULL;
  DossierBlockKind kind = kinds[0];
  DossierBlock *block;
  glong n_chars;

  dossier_fuzz_init ();
  if (size > DOSSIER_LIMIT_BLOCK_BYTES)
    return 0;

  /* A leading byte 1..4 picks the block kind; other text is a paragraph. */
  if (size > 0 && data[0] >= 1 && data[0] <= G_N_ELEMENTS (kinds))
    {
      kind = kinds[data[0] - 1];
      data++;
      size--;
    }
  text = dossier_fuzz_valid_text (data, size);
  n_chars = g_utf8_strlen (text, -1);

  doc = dossier_parsed_document_new ("probe.md", "markdown");
  doc->title = g_strdup ("Probe");
  block = dossier_block_new (kind, NULL, text);
  block->level = 1;
  g_ptr_array_add (doc->blocks, block);

  found = dossier_extractor_run (dossier_fuzz_bundled_extractor (), doc);
  DOSSIER_FUZZ_CHECK (found != NULL, "extraction always gives a result");

  for (guint i = 0; i < found->entities->len; i++)
    {
      const DossierEntityDef *def = g_ptr_array_index (found->entities, i);

      DOSSIER_FUZZ_CHECK (def->key != NULL && *def->key != '\0', "entities have keys");
      DOSSIER_FUZZ_CHECK (g_utf8_validate (def->key, -1, NULL), "keys are UTF-8");
      DOSSIER_FUZZ_CHECK (def->name != NULL && g_utf8_validate (def->name, -1, NULL),
                          "names are UTF-8");
      DOSSIER_FUZZ_CHECK (def->kind != NULL, "entities have a kind");
      g_hash_table_add (keys, def->key);
    }

  DOSSIER_FUZZ_CHECK (found->mentions->len <= DOSSIER_LIMIT_MENTIONS_PER_BLOCK,
                      "at most DOSSIER_LIMIT_MENTIONS_PER_BLOCK mentions in a block");
  for (guint i = 0; i < found->mentions->len; i++)
    {
      const DossierMentionDef *def = g_ptr_array_index (found->mentions, i);
      const char *start, *end;

      DOSSIER_FUZZ_CHECK (def->block_index == 0, "mentions point at the one block");
      DOSSIER_FUZZ_CHECK (def->start < def->end && def->end <= (guint) n_chars,
                          "mention offsets lie inside the block");
      DOSSIER_FUZZ_CHECK (g_hash_table_contains (keys, def->entity_key),
                          "every mentioned entity is listed");
      start = g_utf8_offset_to_pointer (text, def->start);
      end = g_utf8_offset_to_pointer (text, def->end);
      DOSSIER_FUZZ_CHECK (def->surface != NULL &&
                          strlen (def->surface) == (gsize) (end - start) &&
                          memcmp (def->surface, start, end - start) == 0,
                          "a mention's surface is the text at its offsets");
    }

  for (guint i = 0; i < found->relations->len; i++)
    {
      const DossierRelationDef *def = g_ptr_array_index (found->relations, i);

      DOSSIER_FUZZ_CHECK (g_hash_table_contains (keys, def->source_key) &&
                          g_hash_table_contains (keys, def->target_key),
                          "related entities are listed");
      DOSSIER_FUZZ_CHECK (def->kind != NULL, "relations have a kind");
      for (guint j = 0; def->evidence != NULL && j < def->evidence->len; j++)
        DOSSIER_FUZZ_CHECK (g_array_index (def->evidence, guint, j) == 0,
                            "evidence points at the one block");
    }
  return 0;
}
