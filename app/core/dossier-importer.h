/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dossier-document.h"

G_BEGIN_DECLS

#define DOSSIER_IMPORT_ERROR (dossier_import_error_quark ())

typedef enum
{
  DOSSIER_IMPORT_ERROR_EMPTY,         /* the file has no text */
  DOSSIER_IMPORT_ERROR_TOO_LARGE,     /* over DOSSIER_LIMIT_FILE_SIZE */
  DOSSIER_IMPORT_ERROR_BINARY,        /* NUL bytes or control bytes: not a text document */
  DOSSIER_IMPORT_ERROR_ENCODING,      /* not UTF-8 and not clearly Windows-1252/Latin-1 */
  DOSSIER_IMPORT_ERROR_UNSUPPORTED,   /* a format Dossier does not read */
  DOSSIER_IMPORT_ERROR_READ,          /* the file could not be read */
  DOSSIER_IMPORT_ERROR_PARSE,         /* the content could not be understood */
  DOSSIER_IMPORT_ERROR_ENCRYPTED,     /* protected by a password */
  DOSSIER_IMPORT_ERROR_NO_TEXT,       /* a PDF without a text layer (a scan): Dossier has no OCR */
  DOSSIER_IMPORT_ERROR_UNSAFE,        /* a zip bomb, a path leaving the archive, a DTD in XML */
} DossierImportError;

GQuark                 dossier_import_error_quark    (void);

/* Turns raw bytes into UTF-8 text: UTF-8 (BOM dropped), or Windows-1252/Latin-1
 * when that is clearly what the bytes are; refuses empty and binary data.
 * @name is only used in messages. */
char                  *dossier_import_decode_text    (const char  *name,
                                                      GBytes      *bytes,
                                                      GError     **error);

/* Parses a document from its bytes, detecting the format by content (and the
 * extension as a hint). @name is the file's base name. */
DossierParsedDocument *dossier_import_parse_bytes    (const char  *name,
                                                      GBytes      *bytes,
                                                      GError     **error);

/* Reads and parses a file, applying every limit of dossier-limits.h. */
DossierParsedDocument *dossier_import_parse_file     (GFile       *file,
                                                      GBytes     **out_bytes,
                                                      GError     **error);

DossierParsedDocument *dossier_import_parse_markdown (const char  *name,
                                                      const char  *text,
                                                      gssize       length,
                                                      GError     **error);

DossierParsedDocument *dossier_import_parse_plain    (const char  *name,
                                                      const char  *text,
                                                      gssize       length,
                                                      GError     **error);

/* The readers of formats with a container, one entry point each, taking the
 * file's bytes as they are (the fuzzers call these). @name is only used in
 * messages and as the document's source name. */
DossierParsedDocument *dossier_import_parse_pdf      (const char    *name,
                                                      const guint8  *data,
                                                      gsize          length,
                                                      GError       **error);

DossierParsedDocument *dossier_import_parse_docx     (const char    *name,
                                                      const guint8  *data,
                                                      gsize          length,
                                                      GError       **error);

DossierParsedDocument *dossier_import_parse_odt      (const char    *name,
                                                      const guint8  *data,
                                                      gsize          length,
                                                      GError       **error);

DossierParsedDocument *dossier_import_parse_html     (const char    *name,
                                                      const guint8  *data,
                                                      gsize          length,
                                                      GError       **error);

G_END_DECLS
