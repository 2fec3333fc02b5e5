/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The citable units of a document, in reading order. A numbered paragraph is a
 * DOSSIER_BLOCK_PARAGRAPH whose label is set ("16"); an unnumbered one has no label.
 */
typedef enum
{
  DOSSIER_BLOCK_HEADING,    /* level 1..6; label "I", "A", "1" when the heading is numbered */
  DOSSIER_BLOCK_PARAGRAPH,  /* label "16" for numbered paragraphs, NULL otherwise */
  DOSSIER_BLOCK_ITEM,       /* list item or lettered sub-item; label "(a)", "1)", NULL for bullets */
  DOSSIER_BLOCK_NOTE,       /* footnote or endnote; label is its marker: "1", "*", "**" */
  DOSSIER_BLOCK_TABLE_ROW,  /* one row, cells joined with " | " */
  DOSSIER_BLOCK_CONTACT,    /* address, telephone, e-mail lines */
  DOSSIER_BLOCK_FRONT,      /* masthead and distribution lines before the title */
} DossierBlockKind;

typedef struct
{
  gint64            id;           /* row id once stored, 0 before */
  guint             seq;          /* position in the document, from 0 */
  DossierBlockKind  kind;
  int               level;        /* heading level, list depth (1 = top) */
  char             *label;        /* normalised label, see above; may be NULL */
  char             *text;         /* clean UTF-8 text: no markup, entities decoded */
  char             *heading_path; /* headings it sits under, outermost first, joined by '\n'; may be NULL */
} DossierBlock;

typedef struct
{
  char      *source_name;  /* file name as given, e.g. "E-CN.4-2003-74.md" */
  char      *format;       /* "markdown", "text", "pdf", "docx", "odt", "html" */
  char      *title;        /* never NULL after parsing: falls back to the file name */
  char      *symbol;       /* "E/CN.4/2003/74"; NULL when the document prints none */
  char      *kind;         /* "report", "note", "aide-memoire", "concept paper", "summary",
                            * "resolution", "press release", "treaty", "decision", "document" */
  char      *date;         /* ISO 8601 "2003-01-20"; NULL when none is found */
  char      *body;         /* issuing or addressed body: "Commission on Human Rights" */
  char      *session;      /* "Fifty-ninth session" */
  char      *language;     /* "en" */
  GPtrArray *blocks;       /* of DossierBlock*, owned */
} DossierParsedDocument;

const char            *dossier_block_kind_to_string       (DossierBlockKind kind);
gboolean               dossier_block_kind_from_string     (const char      *str,
                                                           DossierBlockKind *kind);
DossierBlock          *dossier_block_new                  (DossierBlockKind kind,
                                                           const char      *label,
                                                           const char      *text);
void                   dossier_block_free                 (DossierBlock    *block);
DossierParsedDocument *dossier_parsed_document_new        (const char      *source_name,
                                                           const char      *format);
void                   dossier_parsed_document_free       (DossierParsedDocument *doc);
guint                  dossier_parsed_document_count      (const DossierParsedDocument *doc,
                                                           DossierBlockKind kind,
                                                           gboolean         labelled_only);
char                  *dossier_block_dup_citation         (const DossierBlock *block,
                                                           const char         *doc_symbol,
                                                           const char         *doc_title);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierBlock, dossier_block_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierParsedDocument, dossier_parsed_document_free)

G_END_DECLS
