/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * What a file is, judged by its content first and its name second. Each
 * readable format has a reader in dossier-importer.c; the others are refused
 * with a sentence that says what the file is.
 */
typedef enum
{
  DOSSIER_IMPORT_FORMAT_TEXT,
  DOSSIER_IMPORT_FORMAT_MARKDOWN,
  DOSSIER_IMPORT_FORMAT_PDF,
  DOSSIER_IMPORT_FORMAT_DOCX,
  DOSSIER_IMPORT_FORMAT_ODT,
  DOSSIER_IMPORT_FORMAT_ZIP,
  DOSSIER_IMPORT_FORMAT_OLE,          /* Word 97–2003 and other legacy Office files */
  DOSSIER_IMPORT_FORMAT_RTF,
  DOSSIER_IMPORT_FORMAT_HTML,
  DOSSIER_IMPORT_FORMAT_IMAGE,
  DOSSIER_IMPORT_FORMAT_COMPRESSED,
} DossierImportFormat;

DossierImportFormat  dossier_import_detect_format      (const char          *name,
                                                        const guint8        *data,
                                                        gsize                size);
const char          *dossier_import_format_to_string   (DossierImportFormat  format);
gboolean             dossier_import_format_is_readable (DossierImportFormat  format);

G_END_DECLS
