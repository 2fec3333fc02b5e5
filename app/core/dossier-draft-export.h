/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Drafts out of Dossier and back: Markdown, HTML, OpenDocument Text, plain text
 * and JSON. Every format numbers the citations in the order the excerpts appear;
 * JSON keeps the whole structure and can be imported again as a new draft.
 */
#pragma once

#include <gio/gio.h>

#include "dossier-draft.h"

G_BEGIN_DECLS

typedef enum
{
  DOSSIER_DRAFT_FORMAT_MARKDOWN,  /* footnotes [^1], quotes as block quotes */
  DOSSIER_DRAFT_FORMAT_HTML,      /* one standalone page with a print style sheet */
  DOSSIER_DRAFT_FORMAT_ODT,       /* OpenDocument Text with real footnotes */
  DOSSIER_DRAFT_FORMAT_TEXT,      /* plain UTF-8 text, sources at the end */
  DOSSIER_DRAFT_FORMAT_JSON,      /* the full structure, for dossier_draft_import_json() */
} DossierDraftFormat;

/* The first line of every draft JSON file names its format and version. */
#define DOSSIER_DRAFT_JSON_FORMAT  "dossier-draft"
#define DOSSIER_DRAFT_JSON_VERSION 1

/* "md", "markdown", "html", "odt", "txt", "text", "json". */
gboolean     dossier_draft_format_from_string     (const char         *name,
                                                   DossierDraftFormat *format);
/* "md", "html", "odt", "txt", "json": the file extension, without the dot. */
const char  *dossier_draft_format_get_extension   (DossierDraftFormat  format);
const char  *dossier_draft_format_get_content_type (DossierDraftFormat format);

/* The draft as a file of @format. @language is a BCP 47 tag for the document's
 * own text ("fr"); NULL takes the user's language. */
GBytes      *dossier_draft_export                 (const DossierDraft *draft,
                                                   DossierDraftFormat  format,
                                                   const char         *language,
                                                   GError            **error);
/* Writes the export to @file, replacing it only once it is complete. */
gboolean     dossier_draft_export_to_file         (const DossierDraft *draft,
                                                   DossierDraftFormat  format,
                                                   const char         *language,
                                                   GFile              *file,
                                                   GCancellable       *cancellable,
                                                   GError            **error);

/* The sources the draft quotes, one citation per line, each once, in the order
 * they first appear. */
char        *dossier_draft_dup_citation_list      (const DossierDraft *draft);

/* Creates a new draft from JSON written by dossier_draft_export(). Excerpts are
 * linked to the same paragraphs of this corpus when it has them (by file name or
 * symbol, then paragraph label); they keep their quotes either way. Refuses,
 * changing nothing, a file that is not valid, naming the field at fault. */
gboolean     dossier_draft_import_json            (DossierStore       *store,
                                                   const char         *data,
                                                   gssize              length,
                                                   gint64             *draft_id,
                                                   GError            **error);
gboolean     dossier_draft_import_file            (DossierStore       *store,
                                                   GFile              *file,
                                                   gint64             *draft_id,
                                                   GError            **error);

G_END_DECLS
