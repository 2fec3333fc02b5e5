/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The document importer: any bytes, read as a Markdown or a plain-text file.
 * Beyond not crashing, a document it accepts must keep the promises of
 * dossier-document.h and dossier-limits.h.
 */

#include "config.h"

#include <string.h>

#include "dossier-importer.h"
#include "dossier-limits.h"
#include "dossier-store.h"
#include "fuzz-common.h"

static void
check_document (const DossierParsedDocument *doc)
{
  DOSSIER_FUZZ_CHECK (doc->title != NULL, "a parsed document has a title");
  DOSSIER_FUZZ_CHECK (g_utf8_validate (doc->title, -1, NULL), "the title is UTF-8");
  DOSSIER_FUZZ_CHECK (doc->blocks != NULL, "a parsed document has a block array");
  DOSSIER_FUZZ_CHECK (doc->blocks->len <= DOSSIER_LIMIT_BLOCKS_PER_DOC, "block limit");

  for (guint i = 0; i < doc->blocks->len; i++)
    {
      const DossierBlock *block = g_ptr_array_index (doc->blocks, i);

      DOSSIER_FUZZ_CHECK (block != NULL, "no NULL blocks");
      DOSSIER_FUZZ_CHECK (block->text != NULL, "every block has text");
      DOSSIER_FUZZ_CHECK (g_utf8_validate (block->text, -1, NULL), "block text is UTF-8");
      DOSSIER_FUZZ_CHECK (strchr (block->text, DOSSIER_SNIPPET_OPEN[0]) == NULL &&
                          strchr (block->text, DOSSIER_SNIPPET_CLOSE[0]) == NULL,
                          "no snippet markers in document text");
      DOSSIER_FUZZ_CHECK (block->label == NULL || g_utf8_validate (block->label, -1, NULL),
                          "labels are UTF-8");
      DOSSIER_FUZZ_CHECK (block->heading_path == NULL ||
                          g_utf8_validate (block->heading_path, -1, NULL),
                          "heading paths are UTF-8");
      DOSSIER_FUZZ_CHECK ((int) block->kind >= DOSSIER_BLOCK_HEADING &&
                          block->kind <= DOSSIER_BLOCK_FRONT, "known block kind");
      DOSSIER_FUZZ_CHECK (dossier_block_kind_to_string (block->kind) != NULL, "kind has a name");
      g_free (dossier_block_dup_citation (block, doc->symbol, doc->title));
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const char *const names[] = { "input.md", "input.txt", "input", "INPUT.MARKDOWN" };
  g_autoptr(DossierParsedDocument) doc = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  const char *name = names[0];

  dossier_fuzz_init ();

  /* A leading byte 1..4 picks the file name, the format hint the importer gets;
   * any other input is a Markdown file as it stands, so real documents seed well. */
  if (size > 0 && data[0] >= 1 && data[0] <= G_N_ELEMENTS (names))
    {
      name = names[data[0] - 1];
      data++;
      size--;
    }
  bytes = g_bytes_new (data, size);

  doc = dossier_import_parse_bytes (name, bytes, &error);
  if (doc == NULL)
    {
      DOSSIER_FUZZ_CHECK (error != NULL, "a refusal comes with an error");
      DOSSIER_FUZZ_CHECK (error->domain == DOSSIER_IMPORT_ERROR, "refusals are import errors");
      DOSSIER_FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL), "messages are UTF-8");
      return 0;
    }
  DOSSIER_FUZZ_CHECK (error == NULL, "no error on success");
  check_document (doc);
  return 0;
}
