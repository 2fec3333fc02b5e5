/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The OpenDocument text (.odt) reader (libarchive, libxml2). An input that
 * starts as a zip archive ("PK\3\4") is the file as it stands; any other input
 * is the XML inside: its NUL-separated parts become content.xml and styles.xml
 * of a stored archive the harness builds, after the mimetype entry, so the
 * fuzzer works on the markup rather than on compressed bytes.
 */

#include "config.h"

#include <string.h>

#include "dossier-importer.h"
#include "fuzz-common.h"

static const char mimetype[] = "application/vnd.oasis.opendocument.text";
static const char manifest[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" "
  "manifest:version=\"1.3\"><manifest:file-entry manifest:full-path=\"/\" "
  "manifest:media-type=\"application/vnd.oasis.opendocument.text\"/>"
  "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>"
  "</manifest:manifest>";

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const char *const names[] = {
    "mimetype", "META-INF/manifest.xml", "content.xml", "styles.xml",
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
      g_autoptr(GPtrArray) parts = dossier_fuzz_split (data, size, 2);
      GBytes *contents[G_N_ELEMENTS (names)];

      contents[0] = g_bytes_new_static (mimetype, sizeof mimetype - 1);
      contents[1] = g_bytes_new_static (manifest, sizeof manifest - 1);
      contents[2] = g_ptr_array_index (parts, 0);
      contents[3] = g_ptr_array_index (parts, 1);
      zip = dossier_fuzz_zip (names, contents, G_N_ELEMENTS (names));
      g_bytes_unref (contents[0]);
      g_bytes_unref (contents[1]);
    }
  zip_data = g_bytes_get_data (zip, &zip_size);

  doc = dossier_import_parse_odt ("input.odt", zip_data, zip_size, &error);
  if (doc == NULL)
    {
      dossier_fuzz_check_refusal (error);
      return 0;
    }
  DOSSIER_FUZZ_CHECK (error == NULL, "no error on success");
  dossier_fuzz_check_document (doc);
  return 0;
}
