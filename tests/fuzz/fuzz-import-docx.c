/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The Word (.docx) reader (libarchive, libxml2). An input that starts as a zip
 * archive ("PK\3\4") is the file as it stands, to reach the container checks
 * (zip bombs, entry names, sizes). Any other input is the XML inside: its
 * NUL-separated parts become word/document.xml, styles.xml, numbering.xml,
 * footnotes.xml and endnotes.xml of a stored archive the harness builds, so
 * the fuzzer works on the markup rather than on compressed bytes.
 */

#include "config.h"

#include <string.h>

#include "dossier-importer.h"
#include "fuzz-common.h"

static const char content_types[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
  "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
  "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
  "<Override PartName=\"/word/document.xml\" ContentType=\"application/"
  "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const char *const names[] = {
    "[Content_Types].xml", "word/document.xml", "word/styles.xml", "word/numbering.xml",
    "word/footnotes.xml", "word/endnotes.xml",
  };
  g_autoptr(DossierParsedDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) zip = NULL;
  gsize zip_size = 0;
  const guint8 *zip_data;

  dossier_fuzz_init ();

  if (size >= 4 && memcmp (data, "PK\003\004", 4) == 0)
    zip = g_bytes_new (data, size);
  else
    {
      g_autoptr(GPtrArray) parts = dossier_fuzz_split (data, size, G_N_ELEMENTS (names) - 1);
      GBytes *contents[G_N_ELEMENTS (names)];

      contents[0] = g_bytes_new_static (content_types, sizeof content_types - 1);
      for (guint i = 1; i < G_N_ELEMENTS (names); i++)
        contents[i] = g_ptr_array_index (parts, i - 1);
      zip = dossier_fuzz_zip (names, contents, G_N_ELEMENTS (names));
      g_bytes_unref (contents[0]);
    }
  zip_data = g_bytes_get_data (zip, &zip_size);

  doc = dossier_import_parse_docx ("input.docx", zip_data, zip_size, &error);
  if (doc == NULL)
    {
      dossier_fuzz_check_refusal (error);
      return 0;
    }
  DOSSIER_FUZZ_CHECK (error == NULL, "no error on success");
  dossier_fuzz_check_document (doc);
  return 0;
}
