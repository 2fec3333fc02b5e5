/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The PDF reader (poppler-glib, then Dossier's own layout analysis: running
 * headers and footers, footnotes, hyphenation): any bytes as a PDF file. A
 * document it accepts must keep the promises of dossier-document.h; anything
 * else must be refused with an import error.
 */

#include "config.h"

#include "dossier-importer.h"
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(DossierParsedDocument) doc = NULL;
  g_autoptr(GError) error = NULL;

  dossier_fuzz_init ();

  doc = dossier_import_parse_pdf ("input.pdf", data, size, &error);
  if (doc == NULL)
    {
      dossier_fuzz_check_refusal (error);
      return 0;
    }
  DOSSIER_FUZZ_CHECK (error == NULL, "no error on success");
  dossier_fuzz_check_document (doc);
  return 0;
}
