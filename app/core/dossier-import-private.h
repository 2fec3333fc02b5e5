/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The importer's inner pieces. A reader (Markdown through libcmark, or plain
 * text) turns a file into "raw" blocks: the text of each paragraph, heading or
 * list item with its markup gone but its lines, tabs and footnote markers kept.
 * The structure pass then reads those raw blocks the way a person reads a UN
 * document: masthead, table of contents, headings, numbered paragraphs, notes.
 */
#pragma once

#include <glib.h>

#include "dossier-document.h"

G_BEGIN_DECLS

typedef enum
{
  DOSSIER_RAW_PARAGRAPH,
  DOSSIER_RAW_HEADING,   /* a Markdown heading; md_level is set */
  DOSSIER_RAW_BULLET,    /* first paragraph of a bullet list item */
  DOSSIER_RAW_ORDERED,   /* first paragraph of an ordered list item; number is set */
  DOSSIER_RAW_CODE,      /* fenced code, kept literally */
} DossierRawKind;

typedef struct
{
  DossierRawKind kind;
  int            md_level;       /* Markdown heading level, 0 otherwise */
  int            number;         /* printed number of an ordered list item */
  char           delim;          /* '.' or ')' after that number */
  char           bullet;         /* '*', '-' or '+' for bullet items */
  int            depth;          /* list nesting depth, 0 outside lists */
  guint          strong : 1;     /* every letter is bold */
  guint          underline : 1;  /* every letter is underlined */
  guint          body_start : 1; /* the reader knows the text proper starts here */
  GPtrArray     *lines;          /* char *: markup removed, whitespace not yet folded */
} DossierRaw;

DossierRaw *dossier_raw_new  (DossierRawKind kind);
void        dossier_raw_free (DossierRaw    *raw);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierRaw, dossier_raw_free)

/* Labels printed at the start of headings, paragraphs and items. */
typedef enum
{
  DOSSIER_LABEL_NONE,
  DOSSIER_LABEL_ARABIC,        /* "16. " -> "16" */
  DOSSIER_LABEL_ARABIC_PAREN,  /* "1) " -> "1)" */
  DOSSIER_LABEL_ROMAN,         /* "IV. " -> "IV" */
  DOSSIER_LABEL_LETTER,        /* "B. " -> "B" */
  DOSSIER_LABEL_LOWER_PAREN,   /* "(a) ", "a) ", "(iv) " -> "(a)", "(iv)" */
  DOSSIER_LABEL_ARTICLE,       /* "Article 5" -> "5" */
  DOSSIER_LABEL_CHAPTER,       /* "Chapter II", "Part II" -> "II" */
} DossierLabelKind;

typedef struct
{
  DossierLabelKind kind;
  int              number;     /* value of the numeral, 0 for letters */
  gsize            length;     /* bytes taken by the label and the blank after it */
  char             text[16];   /* the normalised label */
} DossierLabel;

gboolean  dossier_import_parse_label        (const char   *text,
                                             DossierLabel *label);
gboolean  dossier_import_roman_value        (const char   *text,
                                             gsize         len,
                                             int          *value);

/* Text helpers (dossier-import-text.c). */
char     *dossier_import_clean_text         (const char   *text,
                                             gssize        length,
                                             gboolean      keep_newlines);
char     *dossier_import_decode_entities    (const char   *text);
void      dossier_import_append_html_text   (GString      *out,
                                             const char   *html);
gboolean  dossier_import_superscript_digit  (gunichar      c,
                                             int          *digit);
char     *dossier_import_superscript        (const char   *digits);
char     *dossier_import_leading_marker     (const char   *text,
                                             gsize        *length,
                                             gboolean     *is_note);
gboolean  dossier_import_ends_sentence      (const char   *text);
gboolean  dossier_import_ends_clause        (const char   *text);
gboolean  dossier_import_starts_lowercase   (const char   *text);
gboolean  dossier_import_starts_uppercase   (const char   *text);
gboolean  dossier_import_is_all_caps        (const char   *text);
guint     dossier_import_count_words        (const char   *text);
char     *dossier_import_deshout            (const char   *text,
                                             gboolean      title_case);
char     *dossier_import_find_date          (const char   *text);
char     *dossier_import_find_symbol        (const char   *text);
gsize     dossier_import_find_break         (const char   *text,
                                             gsize         length,
                                             gsize         target,
                                             gsize         max);

/* Readers. Both return a GPtrArray of DossierRaw*. */
GPtrArray *dossier_import_read_markdown     (const char   *text,
                                             gsize         length);
GPtrArray *dossier_import_read_plain        (const char   *text,
                                             gsize         length);
void       dossier_import_read_plain_into   (GPtrArray    *raws,
                                             const char   *text,
                                             gsize         length);

/* Builds raw blocks from the runs of text of a structured format: Word,
 * OpenDocument and HTML (dossier-import-office.c). Text is appended run by
 * run; whitespace is folded to single spaces, tabs kept, and a block that
 * ends up without any letter or digit is dropped. */
typedef struct
{
  GPtrArray  *raws;
  DossierRaw *current;
  GString    *line;
  gsize       letters;
  gsize       strong_letters;
} DossierRawBuilder;

void       dossier_raw_builder_init         (DossierRawBuilder *builder,
                                             GPtrArray         *raws);
void       dossier_raw_builder_clear        (DossierRawBuilder *builder);
void       dossier_raw_builder_start        (DossierRawBuilder *builder,
                                             DossierRawKind     kind,
                                             int                md_level,
                                             int                depth);
void       dossier_raw_builder_append       (DossierRawBuilder *builder,
                                             const char        *text,
                                             gssize             length,
                                             gboolean           strong);
void       dossier_raw_builder_newline      (DossierRawBuilder *builder);
void       dossier_raw_builder_end          (DossierRawBuilder *builder);
gboolean   dossier_raw_builder_is_full      (DossierRawBuilder *builder);
void       dossier_import_init_libxml       (void);

/* The structure pass (dossier-import-structure.c). */
DossierParsedDocument *dossier_import_build (const char   *name,
                                             const char   *format,
                                             GPtrArray    *raws,
                                             GError      **error);

/* Metadata recovery (dossier-import-meta.c): @front holds the cleaned
 * masthead units (lines joined by '\n'), @body the first body paragraphs. */
void       dossier_import_recover_metadata  (DossierParsedDocument *doc,
                                             GPtrArray             *front,
                                             GPtrArray             *body);
gboolean   dossier_import_is_masthead_line  (const char            *line);
const char *dossier_import_kind_of_line     (const char            *line);

/* atoi() for text from a document: the leading integer of @text (after spaces,
 * with its sign), clamped to the range of int, 0 when there is none. atoi()
 * itself has undefined behaviour when the number does not fit. */
static inline int
dossier_import_atoi (const char *text)
{
  gint64 value = g_ascii_strtoll (text, NULL, 10);

  return (int) CLAMP (value, G_MININT, G_MAXINT);
}

G_END_DECLS
