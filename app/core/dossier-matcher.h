/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * A block's text prepared for matching: its code points, and a normalised copy in
 * which runs of white space (line breaks included) are one space, hyphen, dash,
 * apostrophe and quotation mark variants are one character each, diacritics are
 * gone and invisible characters (soft hyphens, zero-width and bidi controls) are
 * skipped. Every normalised character knows the span of source characters it
 * came from, so matches are reported in source character offsets.
 */
typedef struct
{
  gunichar *chars;       /* the source text, n_chars code points */
  guint     n_chars;
  gunichar *folded;      /* normalised and lower-cased, n_norm code points */
  gunichar *cased;       /* normalised, case kept */
  guint    *starts;      /* source offset of each normalised character */
  guint    *ends;        /* source offset just after it */
  guint     n_norm;
} DossierText;

DossierText *dossier_text_new            (const char        *utf8);
void         dossier_text_free           (DossierText       *text);
/* The source characters [start, end) as UTF-8. */
char        *dossier_text_dup_slice      (const DossierText *text,
                                          guint              start,
                                          guint              end);
/* The normalised, lower-cased form of @utf8 as UTF-8 (white space trimmed). */
char        *dossier_text_normalise      (const char        *utf8);

/* Letters and digits. ASCII is answered without GLib's Unicode tables: the
 * recognisers ask this of nearly every character they read. */
static inline gboolean
dossier_text_is_word_char (gunichar c)
{
  if (c < 0x80)
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');

  return g_unichar_isalnum (c);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierText, dossier_text_free)

typedef enum
{
  DOSSIER_MATCH_DEFAULT        = 0,
  DOSSIER_MATCH_CASE_SENSITIVE = 1 << 0,  /* letters must match in case too */
  DOSSIER_MATCH_PLURAL         = 1 << 1,  /* also match "-s", "-es", "-ies" plurals */
} DossierMatchFlags;

typedef struct
{
  guint start;        /* source character offsets, end exclusive */
  guint end;
  guint value;        /* what the pattern was added with */
  guint norm_start;   /* the same span in normalised characters */
  guint norm_end;
} DossierMatch;

/*
 * An Aho-Corasick automaton over normalised, lower-cased patterns. It is filled
 * with dossier_matcher_add(), frozen by dossier_matcher_build() and from then on
 * read-only, so that any number of threads may scan with it at once.
 */
typedef struct _DossierMatcher DossierMatcher;

DossierMatcher *dossier_matcher_new            (void);
void            dossier_matcher_free           (DossierMatcher    *self);
/* Returns FALSE when @pattern has no matchable characters. */
gboolean        dossier_matcher_add            (DossierMatcher    *self,
                                                const char        *pattern,
                                                guint              value,
                                                DossierMatchFlags  flags);
void            dossier_matcher_build          (DossierMatcher    *self);
guint           dossier_matcher_get_n_patterns (DossierMatcher    *self);
/* Appends every match of every pattern (whole words only, case rules applied)
 * to @matches, an array of DossierMatch, in one pass over @text. */
void            dossier_matcher_scan           (const DossierMatcher *self,
                                                const DossierText    *text,
                                                GArray               *matches);

/* Keeps the longest of overlapping matches (the leftmost on a tie) and sorts
 * what is left by position. */
void            dossier_matches_select_longest (GArray            *matches);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierMatcher, dossier_matcher_free)

G_END_DECLS
