/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The document importer: any bytes, read as a Markdown or a plain-text file
 * (the other formats have targets of their own: import-pdf, import-docx,
 * import-odt, import-html).
 * Beyond not crashing, a document it accepts must keep the promises of
 * dossier-document.h and dossier-limits.h.
 */

#include "config.h"

#include <string.h>

#include "dossier-importer.h"
#include "dossier-limits.h"
#include "dossier-store.h"
#include "fuzz-common.h"

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
      dossier_fuzz_check_refusal (error);
      return 0;
    }
  DOSSIER_FUZZ_CHECK (error == NULL, "no error on success");
  dossier_fuzz_check_document (doc);
  return 0;
}
