/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The structure pass: from raw blocks to the citable blocks of a document.
 *
 * 1. Raw blocks are cut into units where a line plainly starts something new:
 *    CommonMark reads "2. …\n3. …" or "9. …\n II. Key findings" as one
 *    paragraph with lazy continuation lines, a person does not.
 * 2. Each unit is classified: table of contents (dropped), note, heading,
 *    numbered paragraph, item or plain paragraph.
 * 3. Everything before the first unit that is clearly the text proper is the
 *    masthead; it yields the metadata and becomes front blocks.
 * 4. Units are emitted in order under a stack of headings; a paragraph cut by
 *    a page break is joined to its continuation, and over-long text is cut at
 *    sentence ends.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "dossier-import-private.h"
#include "dossier-importer.h"
#include "dossier-limits.h"

/* How far into a document the masthead may reach, in units. */
#define MAX_MASTHEAD_UNITS 40

typedef enum
{
  UNIT_PARAGRAPH,
  UNIT_ITEM,
  UNIT_HEADING,
  UNIT_NOTE,
  UNIT_FRONT,
  UNIT_TABLE,
  UNIT_DROP,
} UnitKind;

/* Heading families: headings of one family are siblings. A rank orders the
 * families that have one (roman numerals above capital letters above numbers). */
enum
{
  FAMILY_LABEL = 10,         /* + DossierLabelKind */
  FAMILY_LIST = 30,          /* "1. Morning session" as an ordered list item */
  FAMILY_MARKDOWN = 100,     /* + Markdown level, unlabelled */
  FAMILY_PLAIN = 200,        /* a short line standing alone */
  FAMILY_EMPHASIS = 201,     /* a bold or underlined line */
  FAMILY_KNOWN = 300,        /* "Introduction", "Notes", … */
};

typedef struct
{
  DossierRaw  *raw;
  guint        first;          /* first line in raw->lines */
  guint        n_lines;
  guint        first_of_raw : 1;
  guint        star_bullet : 1;
  guint        label_only : 1;   /* a heading that is nothing but its label: "###I" */
  UnitKind     kind;
  DossierLabel label;          /* label printed (or implied by a list) at the start */
  char        *joined;         /* the lines joined by '\n', not cleaned */
  char        *text;           /* cleaned text: headings whole, others without label */
  char        *marker;         /* note marker; NULL for a note that lost it */
  int          md_level;
  int          family;
  int          rank;
} Unit;

typedef struct
{
  char *text;
  int   family;
  int   rank;
  int   md_level;
} Heading;

typedef struct
{
  DossierParsedDocument *doc;
  gboolean               plain;
  GArray                *stack;         /* of Heading */
  char                  *path;          /* stack joined by '\n', cached */
  gboolean               contacts;      /* inside a "Contacts" section */
  int                    last_number;   /* last numbered paragraph */

  /* The block being built, which a continuation may still extend. */
  gboolean               pending;
  DossierBlockKind       pending_kind;
  char                  *pending_label;
  int                    pending_level;
  GString               *pending_text;
  char                  *pending_path;
} Emitter;

static const char *const known_sections[] = {
  "introduction", "executive summary", "summary", "notes", "endnotes", "footnotes",
  "annex", "annexes", "appendix", "conclusions", "conclusions and recommendations",
  "recommendations", "background", "preamble", "foreword", "abstract", "references",
  "bibliography", "acknowledgements",
};

static const char *const contact_words[] = {
  "contact", "contacts", "contact information", "contact details", "contact persons",
  "for further information", "for more information",
};

static void
unit_clear (gpointer data)
{
  Unit *unit = data;

  g_free (unit->joined);
  g_free (unit->text);
  g_free (unit->marker);
}

static void
heading_clear (gpointer data)
{
  Heading *heading = data;

  g_free (heading->text);
}

static const char *
unit_line (const Unit *unit,
           guint       i)
{
  /* A single line is also the unit's joined text; huge single lines are
   * freed from the raw block once joined (see cut_raw()). */
  if (unit->n_lines == 1)
    return unit->joined;
  return g_ptr_array_index (unit->raw->lines, unit->first + i);
}

/* Cleaning */

/* Joins lines with '\n', except before a line that starts with punctuation:
 * "… Human Trafficking\n. " is one sentence whose full stop slipped. */
static char *
join_lines (DossierRaw *raw,
            guint       first,
            guint       n_lines)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < n_lines; i++)
    {
      const char *line = g_ptr_array_index (raw->lines, first + i);

      if (i > 0)
        {
          const char *p = line;

          while (*p == ' ' || *p == '\t')
            p++;
          if (!(*p == '.' || *p == ',' || *p == ';' || *p == ':' || *p == ')'))
            g_string_append_c (out, '\n');
          else
            {
              while (out->len > 0 && out->str[out->len - 1] == ' ')
                g_string_truncate (out, out->len - 1);
              line = p;
            }
        }
      g_string_append (out, line);
    }

  return g_string_free (out, FALSE);
}

static char *
clean (const char *text,
       gboolean    keep_newlines)
{
  return dossier_import_clean_text (text, -1, keep_newlines);
}

static gboolean
ends_with_any (const char *text,
               const char *chars)
{
  gsize len = strlen (text);

  while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '*'))
    len--;
  return len > 0 && strchr (chars, text[len - 1]) != NULL;
}

static gboolean
ends_with_connector (const char *text)
{
  static const char *const words[] = { " of", " for", " and", " the", " in", " on", " to", " a", " an", " by", " with" };
  gsize len = strlen (text);

  while (len > 0 && text[len - 1] == ' ')
    len--;
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      gsize wlen = strlen (words[i]);

      if (len >= wlen && g_ascii_strncasecmp (text + len - wlen, words[i], wlen) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
is_known_section (const char *text)
{
  g_autofree char *lower = g_utf8_strdown (text, -1);
  gsize len = strlen (lower);

  while (len > 0 && (lower[len - 1] == ':' || lower[len - 1] == ' ' || lower[len - 1] == '.'))
    lower[--len] = '\0';

  for (guint i = 0; i < G_N_ELEMENTS (known_sections); i++)
    if (strcmp (lower, known_sections[i]) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
is_contact_heading (const char *text)
{
  DossierLabel label;
  g_autofree char *lower = NULL;
  gsize len;

  if (dossier_import_parse_label (text, &label))
    text += label.length;
  lower = g_utf8_strdown (text, -1);
  len = strlen (lower);
  while (len > 0 && (lower[len - 1] == ':' || lower[len - 1] == ' '))
    lower[--len] = '\0';

  for (guint i = 0; i < G_N_ELEMENTS (contact_words); i++)
    if (strcmp (lower, contact_words[i]) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
is_contact_line (const char *line)
{
  static const char *const prefixes[] = { "tel", "fax", "e-mail", "email", "phone", "telephone", "mobile", "website" };

  while (*line == ' ')
    line++;
  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      gsize len = strlen (prefixes[i]);

      if (g_ascii_strncasecmp (line, prefixes[i], len) == 0 &&
          (line[len] == '.' || line[len] == ':' || line[len] == ' '))
        return TRUE;
    }
  return FALSE;
}

/* A line that may be a heading: short, starts with a capital, and does not
 * end the way sentences and list entries end. */
static gboolean
is_heading_like (const char *text,
                 guint       max_words,
                 gsize       max_bytes)
{
  return *text != '\0' &&
         strlen (text) <= max_bytes &&
         dossier_import_count_words (text) <= max_words &&
         dossier_import_starts_uppercase (text) &&
         !ends_with_any (text, ".;,!?");
}

/* Tables of contents */

/* "Introduction\t1 - 2\t4", "I. Introduction ........ 3": text, a gap, and
 * paragraph or page numbers at the end. */
static gboolean
is_toc_line (const char *line)
{
  g_autofree char *text = dossier_import_decode_entities (line);
  gsize len = strlen (text);
  gboolean gap = strchr (text, '\t') != NULL || strstr (text, "   ") != NULL ||
                 strstr (text, "....") != NULL || strstr (text, "\xe2\x80\xa6\xe2\x80\xa6") != NULL;
  gsize digits = 0;
  g_autofree char *lower = NULL;

  while (len > 0 && g_ascii_isspace (text[len - 1]))
    len--;
  while (len > 0 && (g_ascii_isdigit (text[len - 1]) || text[len - 1] == '-' ||
                     text[len - 1] == ' ' || text[len - 1] == '\t'))
    {
      if (g_ascii_isdigit (text[len - 1]))
        digits++;
      len--;
    }

  if (gap && digits > 0)
    return TRUE;

  /* The column header: "Paragraphs  Page". */
  lower = g_ascii_strdown (text, -1);
  g_strstrip (lower);
  return gap && (strstr (lower, "paragraph") != NULL || strstr (lower, "page") != NULL) &&
         dossier_import_count_words (lower) <= 4;
}

static gboolean
raw_is_toc (DossierRaw *raw)
{
  guint toc = 0;

  if (raw->kind == DOSSIER_RAW_HEADING || raw->kind == DOSSIER_RAW_CODE)
    return FALSE;

  for (guint i = 0; i < raw->lines->len; i++)
    if (is_toc_line (g_ptr_array_index (raw->lines, i)))
      toc++;

  return toc > 0 && toc * 10 >= raw->lines->len * 6;
}

static gboolean
is_contents_title (const char *text)
{
  return g_ascii_strcasecmp (text, "contents") == 0 ||
         g_ascii_strcasecmp (text, "table of contents") == 0 ||
         g_ascii_strcasecmp (text, "contents:") == 0;
}

/* Cutting raw blocks into units */

static gboolean
starts_markdown_hashes (const char *line,
                        int        *level,
                        gsize      *skip)
{
  const char *p = line;
  int hashes = 0;

  while (*p == ' ')
    p++;
  while (p[hashes] == '#')
    hashes++;
  if (hashes < 1 || hashes > 6 || p[hashes] == '\0' || g_ascii_isspace (p[hashes]))
    return FALSE;

  /* cmark read "####Title" as text, for want of a space; its author meant a heading. */
  *level = hashes;
  *skip = (p - line) + hashes;
  return TRUE;
}

/* Could @line start a block of its own, after a line that ended a clause
 * (@sentence: that ended a sentence)? */
static gboolean
line_starts_block (const char *line,
                   gboolean    sentence)
{
  DossierLabel label;
  gboolean is_note;
  gsize marker_len;
  g_autofree char *marker = NULL;
  g_autofree char *rest = NULL;

  marker = dossier_import_leading_marker (line, &marker_len, &is_note);
  if (is_note && marker != NULL && marker[0] != '*')
    return TRUE;

  if (dossier_import_parse_label (line, &label))
    {
      rest = clean (line + label.length, FALSE);

      switch (label.kind)
        {
        case DOSSIER_LABEL_ARABIC:
          return dossier_import_starts_uppercase (rest) || *rest == '\0';
        case DOSSIER_LABEL_LOWER_PAREN:
        case DOSSIER_LABEL_ARABIC_PAREN:
          return TRUE;
        case DOSSIER_LABEL_ROMAN:
        case DOSSIER_LABEL_LETTER:
        case DOSSIER_LABEL_ARTICLE:
        case DOSSIER_LABEL_CHAPTER:
          return is_heading_like (rest, 30, 220) || *rest == '\0';
        case DOSSIER_LABEL_NONE:
        default:
          return FALSE;
        }
    }

  /* An unlabelled heading only after a full sentence: "TRAFFICKING IN WOMEN
   * AND GIRLS:\nMEETING THE CHALLENGE TOGETHER" is one title. */
  rest = clean (line, FALSE);
  return sentence && is_heading_like (rest, 12, 100);
}

/* Is @line, alone, a heading candidate after which a new block starts? */
static gboolean
line_is_heading_candidate (const char *line)
{
  DossierLabel label;
  g_autofree char *rest = NULL;

  if (dossier_import_parse_label (line, &label))
    {
      if (label.kind != DOSSIER_LABEL_ROMAN && label.kind != DOSSIER_LABEL_LETTER &&
          label.kind != DOSSIER_LABEL_ARTICLE && label.kind != DOSSIER_LABEL_CHAPTER)
        return FALSE;
      rest = clean (line + label.length, FALSE);
      return is_heading_like (rest, 30, 220) || *rest == '\0';
    }

  rest = clean (line, FALSE);
  return is_heading_like (rest, 12, 100) && !ends_with_any (rest, ":");
}

static void
add_unit (GArray     *units,
          DossierRaw *raw,
          guint       first,
          guint       n_lines)
{
  Unit unit = { 0 };

  unit.raw = raw;
  unit.first = first;
  unit.n_lines = n_lines;
  unit.first_of_raw = (first == 0);
  unit.joined = join_lines (raw, first, n_lines);
  g_array_append_val (units, unit);
}

static void
cut_raw (GArray     *units,
         DossierRaw *raw)
{
  guint start = 0;
  gboolean hashes_seen;
  int level;
  gsize skip;

  /* Bold or underlined text is one unit: "**B. Office of the … for\nHuman
   * Rights (OHCHR)**" is one heading. So is code. */
  if (raw->strong || raw->underline || raw->kind == DOSSIER_RAW_CODE ||
      raw->kind == DOSSIER_RAW_HEADING || raw->lines->len < 2)
    {
      add_unit (units, raw, 0, raw->lines->len);

      /* Flattened text can be one line of many megabytes: keep one copy. */
      if (raw->lines->len == 1 && strlen (g_ptr_array_index (raw->lines, 0)) > 65536)
        {
          g_free (g_ptr_array_index (raw->lines, 0));
          g_ptr_array_index (raw->lines, 0) = g_strdup ("");
        }
      return;
    }

  hashes_seen = starts_markdown_hashes (g_ptr_array_index (raw->lines, 0), &level, &skip);

  for (guint i = 1; i < raw->lines->len; i++)
    {
      const char *prev = g_ptr_array_index (raw->lines, i - 1);
      const char *line = g_ptr_array_index (raw->lines, i);
      g_autofree char *prev_clean = clean (prev, FALSE);
      gboolean cut = FALSE;

      if (starts_markdown_hashes (line, &level, &skip))
        cut = TRUE;
      else if (hashes_seen && i - start == 1)
        cut = TRUE;
      else if (dossier_import_ends_clause (prev_clean) &&
               line_starts_block (line, dossier_import_ends_sentence (prev_clean)))
        cut = TRUE;
      else if (i - start == 1 && start > 0 && line_is_heading_candidate (prev) &&
               !ends_with_connector (prev_clean))
        cut = TRUE;

      if (cut)
        {
          add_unit (units, raw, start, i - start);
          start = i;
          hashes_seen = starts_markdown_hashes (line, &level, &skip);
        }
    }

  add_unit (units, raw, start, raw->lines->len - start);
}

/* Classification */

static void
set_label_from_list (Unit *unit)
{
  DossierRaw *raw = unit->raw;

  memset (&unit->label, 0, sizeof unit->label);
  unit->label.number = raw->number;
  if (raw->delim == '.' && raw->depth <= 1)
    {
      unit->label.kind = DOSSIER_LABEL_ARABIC;
      g_snprintf (unit->label.text, sizeof unit->label.text, "%d", raw->number);
    }
  else
    {
      unit->label.kind = DOSSIER_LABEL_ARABIC_PAREN;
      g_snprintf (unit->label.text, sizeof unit->label.text, "%d%c", raw->number, raw->delim);
    }
}

static gboolean
unit_is_numbered (const Unit *unit)
{
  return unit != NULL && unit->label.kind == DOSSIER_LABEL_ARABIC;
}

static gboolean
unit_may_be_heading (const Unit *unit)
{
  DossierLabel label;

  if (unit == NULL)
    return FALSE;
  if (unit->raw->kind == DOSSIER_RAW_HEADING || unit->raw->strong || unit->raw->underline)
    return TRUE;
  if (dossier_import_parse_label (unit->joined, &label) &&
      (label.kind == DOSSIER_LABEL_ROMAN || label.kind == DOSSIER_LABEL_LETTER))
    return TRUE;
  return FALSE;
}

static void
make_heading (Unit *unit,
              int   family,
              int   rank)
{
  unit->kind = UNIT_HEADING;
  unit->family = family;
  unit->rank = rank;
  g_free (unit->text);
  unit->text = clean (unit->joined + (unit->md_level > 0 && unit->raw->kind != DOSSIER_RAW_HEADING ?
                                      strspn (unit->joined, " #") : 0),
                      FALSE);
}

static int
rank_of_label (DossierLabelKind kind)
{
  switch (kind)
    {
    case DOSSIER_LABEL_ROMAN:
    case DOSSIER_LABEL_CHAPTER:
      return 1;
    case DOSSIER_LABEL_LETTER:
    case DOSSIER_LABEL_ARTICLE:
      return 2;
    case DOSSIER_LABEL_ARABIC:
      return 3;
    case DOSSIER_LABEL_NONE:
    case DOSSIER_LABEL_ARABIC_PAREN:
    case DOSSIER_LABEL_LOWER_PAREN:
    default:
      return 0;
    }
}

static void
classify (Unit       *unit,
          const Unit *next,
          char       *last_letter)
{
  DossierRaw *raw = unit->raw;
  const char *joined = unit->joined;
  gsize marker_len = 0;
  gboolean is_note = FALSE;
  g_autofree char *marker = NULL;
  gsize hash_skip = 0;
  int hash_level = 0;
  gboolean from_list = unit->first_of_raw && (raw->kind == DOSSIER_RAW_ORDERED);
  gboolean bullet = unit->first_of_raw && (raw->kind == DOSSIER_RAW_BULLET);
  const char *body;
  g_autofree char *rest = NULL;

  if (unit->kind == UNIT_DROP)
    return;

  /* Pipe tables, which CommonMark without extensions leaves as text. */
  {
    gboolean table = unit->n_lines >= 2;

    for (guint i = 0; i < unit->n_lines && table; i++)
      {
        g_autofree char *line = g_strstrip (g_strdup (unit_line (unit, i)));
        gsize len = strlen (line);

        table = len >= 2 && line[0] == '|' && line[len - 1] == '|';
      }
    if (table)
      {
        unit->kind = UNIT_TABLE;
        return;
      }
  }

  /* Notes: "¹ It updates …", "** E/CN.15/2003/1.", "\uFFFD Text presented …" */
  marker = dossier_import_leading_marker (joined, &marker_len, &is_note);
  if (is_note && raw->kind != DOSSIER_RAW_HEADING && joined[marker_len] != '\0')
    {
      unit->kind = UNIT_NOTE;
      unit->marker = g_steal_pointer (&marker);
      unit->text = clean (joined + marker_len, FALSE);
      return;
    }

  if (unit->first_of_raw && raw->kind == DOSSIER_RAW_HEADING)
    {
      unit->md_level = raw->md_level;
      dossier_import_parse_label (joined, &unit->label);
    }
  else if (starts_markdown_hashes (joined, &hash_level, &hash_skip))
    {
      unit->md_level = hash_level;
      dossier_import_parse_label (joined + hash_skip, &unit->label);
    }
  else if (from_list)
    set_label_from_list (unit);
  else
    dossier_import_parse_label (joined, &unit->label);

  /* A single-letter "I." after "H." is a letter, not a numeral. */
  if (unit->label.kind == DOSSIER_LABEL_ROMAN && unit->label.text[1] == '\0' &&
      *last_letter != 0 && unit->label.text[0] == *last_letter + 1)
    unit->label.kind = DOSSIER_LABEL_LETTER;

  body = from_list ? joined : joined + (unit->md_level > 0 && hash_skip > 0 ? hash_skip : 0) +
                              unit->label.length;
  rest = clean (body, FALSE);
  unit->label_only = (unit->label.kind != DOSSIER_LABEL_NONE && *rest == '\0');

  if (unit->md_level > 0)
    {
      int rank = rank_of_label (unit->label.kind);

      if (unit->label.kind == DOSSIER_LABEL_NONE)
        make_heading (unit, FAMILY_MARKDOWN + unit->md_level, is_known_section (rest) ? 1 : 0);
      else
        make_heading (unit, FAMILY_LABEL + unit->label.kind, rank);
      goto done;
    }

  if (bullet)
    {
      unit->star_bullet = (raw->bullet == '*');
      unit->kind = UNIT_ITEM;
      if (unit->label.kind == DOSSIER_LABEL_LOWER_PAREN || unit->label.kind == DOSSIER_LABEL_ARABIC_PAREN)
        unit->text = g_steal_pointer (&rest);
      else
        {
          memset (&unit->label, 0, sizeof unit->label);
          unit->text = clean (joined, FALSE);
        }
      return;
    }

  switch (unit->label.kind)
    {
    case DOSSIER_LABEL_ARABIC:
      /* "1. Morning session (…)": a short numbered line that does not read
       * as a sentence and is not continued is a sub-heading. */
      if (unit->n_lines == 1 && is_heading_like (rest, 15, 120) && !ends_with_any (rest, ":") &&
          !(next != NULL && next->label.kind == DOSSIER_LABEL_NONE &&
            dossier_import_starts_lowercase (next->joined)) &&
          !raw->strong)
        {
          make_heading (unit, FAMILY_LIST, 0);
          if (from_list)
            {
              /* cmark took the number as list syntax; the heading prints it. */
              char *numbered = g_strdup_printf ("%d. %s", unit->label.number, unit->text);

              g_free (unit->text);
              unit->text = numbered;
            }
          goto done;
        }
      unit->kind = UNIT_PARAGRAPH;
      unit->text = g_steal_pointer (&rest);
      return;

    case DOSSIER_LABEL_ARABIC_PAREN:
    case DOSSIER_LABEL_LOWER_PAREN:
      unit->kind = UNIT_ITEM;
      unit->text = g_steal_pointer (&rest);
      return;

    case DOSSIER_LABEL_ROMAN:
    case DOSSIER_LABEL_LETTER:
    case DOSSIER_LABEL_ARTICLE:
    case DOSSIER_LABEL_CHAPTER:
      if (unit->n_lines <= 3 && (*rest == '\0' || is_heading_like (rest, 30, 220)))
        {
          make_heading (unit, FAMILY_LABEL + unit->label.kind, rank_of_label (unit->label.kind));
          goto done;
        }
      /* "A. Smith said …" is no heading; keep the letter in the text. */
      memset (&unit->label, 0, sizeof unit->label);
      break;

    case DOSSIER_LABEL_NONE:
    default:
      break;
    }

  if (body != joined)
    {
      g_free (rest);
      rest = clean (joined, FALSE);
    }

  /* "Introduction" is a known section whether or not it is bold, as it is
   * in PDF and Word files. */
  if (unit->n_lines == 1 && is_known_section (rest))
    {
      make_heading (unit, FAMILY_KNOWN, 1);
      goto done;
    }

  if ((raw->strong || raw->underline) && unit->n_lines <= 3 &&
      dossier_import_count_words (rest) <= 30 && !ends_with_any (rest, ".;,") && *rest != '\0')
    {
      make_heading (unit, FAMILY_EMPHASIS, 0);
      goto done;
    }

  if (unit->n_lines == 1 && is_heading_like (rest, 12, 100) &&
      (unit_is_numbered (next) || unit_may_be_heading (next) || dossier_import_is_all_caps (rest)))
    {
      make_heading (unit, FAMILY_PLAIN, 0);
      goto done;
    }

  unit->kind = UNIT_PARAGRAPH;
  unit->text = g_steal_pointer (&rest);
  return;

done:
  if (unit->label.kind == DOSSIER_LABEL_LETTER)
    *last_letter = unit->label.text[0];
  else if (unit->label.kind == DOSSIER_LABEL_ROMAN)
    *last_letter = 0;
}

/* "###I" followed by "####General Provisions": one heading, "I. General Provisions". */
static void
merge_label_only_headings (GArray *units)
{
  for (guint i = 0; i + 1 < units->len; i++)
    {
      Unit *unit = &g_array_index (units, Unit, i);
      Unit *next = NULL;

      if (unit->kind != UNIT_HEADING || unit->label.kind == DOSSIER_LABEL_NONE)
        continue;

      if (!unit->label_only)
        continue;

      for (guint j = i + 1; j < units->len; j++)
        {
          Unit *candidate = &g_array_index (units, Unit, j);

          if (candidate->kind != UNIT_DROP)
            {
              next = candidate;
              break;
            }
        }

      if (next != NULL && next->kind == UNIT_HEADING && next->label.kind == DOSSIER_LABEL_NONE)
        {
          char *merged;

          if (ends_with_any (unit->text, ".:"))
            merged = g_strdup_printf ("%s %s", unit->text, next->text);
          else
            merged = g_strdup_printf ("%s. %s", unit->text, next->text);
          g_free (unit->text);
          unit->text = merged;
          next->kind = UNIT_DROP;
        }
    }
}

static gboolean
is_prose (const Unit *unit)
{
  guint words = dossier_import_count_words (unit->text);

  return words >= 30 && (dossier_import_ends_sentence (unit->text) || words >= 80);
}

/* Where the masthead ends: the first unit that is plainly the text proper. */
static guint
find_body_start (GArray *units)
{
  gboolean title_seen = FALSE;
  guint first_text = G_MAXUINT;
  guint seen = 0;

  for (guint i = 0; i < units->len; i++)
    {
      Unit *unit = &g_array_index (units, Unit, i);

      if (unit->kind == UNIT_DROP || unit->kind == UNIT_NOTE ||
          (unit->kind == UNIT_ITEM && unit->star_bullet))
        continue;

      if (unit->raw->body_start)
        return i;

      switch (unit->kind)
        {
        case UNIT_HEADING:
          if (unit->label.kind != DOSSIER_LABEL_NONE || unit->rank == 1)
            return i;
          if (unit->md_level > 0 && title_seen && dossier_import_kind_of_line (unit->text) == NULL)
            return i;
          break;

        case UNIT_PARAGRAPH:
          if (unit->label.kind == DOSSIER_LABEL_ARABIC || is_prose (unit))
            return i;
          break;

        case UNIT_ITEM:
        case UNIT_TABLE:
          return i;

        case UNIT_NOTE:
        case UNIT_FRONT:
        case UNIT_DROP:
        default:
          break;
        }

      if (first_text == G_MAXUINT)
        first_text = i;
      title_seen = TRUE;
      if (++seen > MAX_MASTHEAD_UNITS)
        break;
    }

  /* No clear start: the first line is the title, the rest is text. */
  return first_text == G_MAXUINT ? units->len : first_text + 1;
}

/* Emission */

static void
update_path (Emitter *e)
{
  GString *path = g_string_new (NULL);

  e->contacts = FALSE;
  for (guint i = 0; i < e->stack->len; i++)
    {
      Heading *h = &g_array_index (e->stack, Heading, i);

      if (i > 0)
        g_string_append_c (path, '\n');
      g_string_append (path, h->text);
      if (is_contact_heading (h->text))
        e->contacts = TRUE;
    }

  g_free (e->path);
  e->path = path->len > 0 ? g_string_free (path, FALSE) : (g_string_free (path, TRUE), NULL);
}

/* Cuts @text in place to at most @max bytes, at a character boundary. */
static void
truncate_utf8 (char  *text,
               gsize  max)
{
  if (strlen (text) > max)
    {
      const char *cut = g_utf8_find_prev_char (text, text + max + 1);

      text[cut != NULL ? cut - text : 0] = '\0';
    }
}

static gboolean
add_block (Emitter          *e,
           DossierBlockKind  kind,
           const char       *label,
           int               level,
           const char       *text,
           const char       *path)
{
  DossierBlock *block;

  if (e->doc->blocks->len >= DOSSIER_LIMIT_BLOCKS_PER_DOC)
    return FALSE;
  if (text == NULL || *text == '\0')
    return TRUE;

  block = dossier_block_new (kind, label, text);
  block->level = level;
  block->heading_path = g_strdup (path);
  block->seq = e->doc->blocks->len;
  g_ptr_array_add (e->doc->blocks, block);
  return TRUE;
}

/* Adds a block, cut at sentence ends into chunks of about @target bytes when
 * it is longer than that, and never longer than the block limit. Only the
 * first chunk keeps the label. */
static void
add_bounded (Emitter          *e,
             DossierBlockKind  kind,
             const char       *label,
             int               level,
             const char       *text,
             const char       *path,
             gsize             target)
{
  gsize length = strlen (text);
  gsize max = target < DOSSIER_LIMIT_BLOCK_BYTES ? 2 * target : DOSSIER_LIMIT_BLOCK_BYTES;
  gsize threshold = target < DOSSIER_LIMIT_BLOCK_BYTES ? target + target / 2 : DOSSIER_LIMIT_BLOCK_BYTES;
  const char *p = text;
  gboolean first = TRUE;

  if (length <= threshold)
    {
      add_block (e, kind, label, level, text, path);
      return;
    }

  while (length > 0)
    {
      gsize cut = length <= threshold ? length : dossier_import_find_break (p, length, target, max);
      g_autofree char *piece = g_strndup (p, cut);

      g_strstrip (piece);
      if (!add_block (e, kind, first ? label : NULL, level, piece, path))
        return;
      first = FALSE;
      p += cut;
      length -= cut;
    }
}

typedef struct
{
  char  *label;
  GString *text;
} Piece;

static gboolean
word_before_is_reference (const char *text,
                          gsize       at)
{
  static const char *const words[] = { "paragraph", "paragraphs", "para", "paras", "article",
                                       "articles", "art", "resolution", "decision", "no",
                                       "chapter", "section", "annex", "and", "to", "item", "rule" };
  gsize end = at;
  gsize start;

  while (end > 0 && text[end - 1] == ' ')
    end--;
  start = end;
  while (start > 0 && g_ascii_isalpha (text[start - 1]))
    start--;

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (strlen (words[i]) == end - start && g_ascii_strncasecmp (text + start, words[i], end - start) == 0)
      return TRUE;
  return FALSE;
}

/* In a clause that opens with a capitalised verb after a comma — an operative
 * paragraph — returns where that verb starts, or 0. */
static gsize
find_operative_verb (const char *text,
                     gsize       from,
                     gsize       at)
{
  gsize lower = at > from + 400 ? at - 400 : from;

  for (gsize i = at; i > lower + 2; i--)
    {
      gsize end = i;

      if (!(text[i - 2] == ',' || text[i - 2] == ';') || text[i - 1] != ' ' || !g_ascii_isupper (text[i]))
        continue;
      while (g_ascii_isalpha (text[end]))
        end++;
      if (end - i > 3 && text[end - 1] == 's' && !(text[end - 2] == 'n' && text[end - 3] == 'i'))
        return i;
    }
  return 0;
}

/* Finds the numbered operative paragraphs in flattened text: "… tourism,
 * 1. Takes note …; 2. Welcomes …". When the number slipped into the first line
 * of its paragraph ("… Member States 1. and relevant …"), the paragraph starts
 * at the verb that opened the clause. */
static GPtrArray *
split_operative (const char *text,
                 int        *number)
{
  GPtrArray *pieces = g_ptr_array_new ();
  gsize length = strlen (text);
  gsize piece_start = 0;
  Piece *current = g_new0 (Piece, 1);

  current->text = g_string_new (NULL);

  for (gsize i = 1; i + 3 < length; i++)
    {
      char expected[16];
      gsize elen;
      gsize after;
      gsize start;
      gsize label_end;

      if (text[i - 1] != ' ' || !g_ascii_isdigit (text[i]))
        continue;

      elen = g_snprintf (expected, sizeof expected, "%d. ", *number + 1);
      if (strncmp (text + i, expected, elen) != 0)
        continue;

      after = i + elen;
      label_end = i + elen - 1;
      if (g_ascii_isupper (text[after]) && i >= 2 &&
          (text[i - 2] == ',' || text[i - 2] == ';' || text[i - 2] == ':' || text[i - 2] == '.'))
        {
          start = i;
          g_string_append_len (current->text, text + piece_start, start - piece_start);
          piece_start = after;
        }
      else if (g_ascii_islower (text[after]) && !word_before_is_reference (text, i - 1) &&
               (start = find_operative_verb (text, piece_start, i)) > 0)
        {
          g_string_append_len (current->text, text + piece_start, start - piece_start);
          g_ptr_array_add (pieces, current);
          current = g_new0 (Piece, 1);
          current->text = g_string_new (NULL);
          current->label = g_strdup_printf ("%d", *number + 1);
          /* The verb's line up to the slipped number, then the rest. */
          g_string_append_len (current->text, text + start, i - 1 - start);
          piece_start = label_end;
          (*number)++;
          continue;
        }
      else
        {
          continue;
        }

      g_ptr_array_add (pieces, current);
      current = g_new0 (Piece, 1);
      current->text = g_string_new (NULL);
      current->label = g_strdup_printf ("%d", *number + 1);
      (*number)++;
    }

  g_string_append (current->text, text + piece_start);
  g_ptr_array_add (pieces, current);
  return pieces;
}

static void
flush (Emitter *e)
{
  if (!e->pending)
    return;
  e->pending = FALSE;

  if (e->plain && e->pending_kind == DOSSIER_BLOCK_PARAGRAPH && e->pending_label == NULL)
    {
      g_autoptr(GPtrArray) pieces = split_operative (e->pending_text->str, &e->last_number);

      for (guint i = 0; i < pieces->len; i++)
        {
          Piece *piece = g_ptr_array_index (pieces, i);
          char *text = g_strstrip (piece->text->str);

          add_bounded (e, DOSSIER_BLOCK_PARAGRAPH, piece->label, 0, text, e->pending_path,
                       piece->label != NULL ? DOSSIER_LIMIT_BLOCK_BYTES : DOSSIER_LIMIT_CHUNK_BYTES);
          g_free (piece->label);
          g_string_free (piece->text, TRUE);
          g_free (piece);
        }
    }
  else
    {
      add_bounded (e, e->pending_kind, e->pending_label, e->pending_level,
                   e->pending_text->str, e->pending_path, DOSSIER_LIMIT_BLOCK_BYTES);
    }

  g_clear_pointer (&e->pending_label, g_free);
  g_clear_pointer (&e->pending_path, g_free);
  if (e->pending_text->allocated_len > 65536)
    {
      g_string_free (e->pending_text, TRUE);
      e->pending_text = g_string_new (NULL);
    }
  else
    g_string_truncate (e->pending_text, 0);
}

static void
start_pending (Emitter          *e,
               DossierBlockKind  kind,
               const char       *label,
               int               level,
               const char       *text)
{
  flush (e);
  e->pending = TRUE;
  e->pending_kind = kind;
  e->pending_label = g_strdup (label);
  e->pending_level = level;
  e->pending_path = g_strdup (e->path);
  g_string_assign (e->pending_text, text);
}

/* A page break cut the last block if it does not end a clause, or if this
 * text goes on in lowercase after anything but a colon or semicolon. */
static gboolean
continues_pending (Emitter    *e,
                   const char *text)
{
  const char *prev;

  if (!e->pending || e->pending_text->len == 0)
    return FALSE;
  if (e->pending_kind != DOSSIER_BLOCK_PARAGRAPH && e->pending_kind != DOSSIER_BLOCK_ITEM &&
      e->pending_kind != DOSSIER_BLOCK_NOTE)
    return FALSE;
  if (e->pending_text->len + strlen (text) + 1 > DOSSIER_LIMIT_BLOCK_BYTES && !e->plain)
    return FALSE;

  prev = e->pending_text->str;
  if (!dossier_import_ends_clause (prev))
    return TRUE;
  return dossier_import_starts_lowercase (text) && !ends_with_any (prev, ":;");
}

static void
push_heading (Emitter    *e,
              const Unit *unit)
{
  Heading heading = { 0 };
  guint cut = e->stack->len;
  int level;

  /* A sibling of the same family ends the old one. */
  for (guint i = e->stack->len; i > 0; i--)
    {
      if (g_array_index (e->stack, Heading, i - 1).family == unit->family)
        {
          cut = i - 1;
          break;
        }
    }

  if (cut == e->stack->len && unit->rank > 0)
    {
      for (guint i = 0; i < e->stack->len; i++)
        {
          Heading *h = &g_array_index (e->stack, Heading, i);

          if (h->rank > 0 && h->rank >= unit->rank)
            {
              cut = i;
              break;
            }
        }
    }
  else if (cut == e->stack->len && unit->family > FAMILY_MARKDOWN && unit->family <= FAMILY_MARKDOWN + 6)
    {
      for (guint i = 0; i < e->stack->len; i++)
        {
          Heading *h = &g_array_index (e->stack, Heading, i);

          if (h->md_level > 0 && h->md_level >= unit->md_level)
            {
              cut = i;
              break;
            }
        }
    }

  g_array_set_size (e->stack, cut);
  update_path (e);

  /* A heading is short; Markdown lets anything be one. */
  heading.text = g_strdup (unit->text);
  truncate_utf8 (heading.text, DOSSIER_LIMIT_CHUNK_BYTES);

  level = MIN ((int) e->stack->len + 1, 6);
  add_block (e, DOSSIER_BLOCK_HEADING,
             unit->label.kind != DOSSIER_LABEL_NONE ? unit->label.text : NULL,
             level, heading.text, e->path);

  heading.family = unit->family;
  heading.rank = unit->rank;
  heading.md_level = unit->md_level;
  g_array_append_val (e->stack, heading);
  update_path (e);
}

static void
emit_table (Emitter    *e,
            const Unit *unit)
{
  for (guint i = 0; i < unit->n_lines; i++)
    {
      g_auto(GStrv) cells = g_strsplit (unit_line (unit, i), "|", -1);
      g_autoptr(GString) row = g_string_new (NULL);
      gboolean separator = TRUE;

      for (guint c = 0; cells[c] != NULL; c++)
        {
          g_autofree char *cell = clean (cells[c], FALSE);

          if (*cell == '\0')
            continue;
          if (strspn (cell, "-: ") != strlen (cell))
            separator = FALSE;
          if (row->len > 0)
            g_string_append (row, " | ");
          g_string_append (row, cell);
        }

      if (!separator && row->len > 0)
        add_bounded (e, DOSSIER_BLOCK_TABLE_ROW, NULL, 0, row->str, e->path, DOSSIER_LIMIT_BLOCK_BYTES);
    }
}

static gboolean
is_page_number (const char *text)
{
  gsize digits = 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (*p != '-' && *p != ' ')
        return FALSE;
    }
  return digits > 0 && digits <= 4;
}

static void
emit_contact (Emitter    *e,
              const Unit *unit)
{
  g_autofree char *text = clean (unit->joined, TRUE);

  if (e->pending && e->pending_kind == DOSSIER_BLOCK_CONTACT &&
      e->pending_text->len + strlen (text) < DOSSIER_LIMIT_BLOCK_BYTES)
    {
      g_string_append_c (e->pending_text, '\n');
      g_string_append (e->pending_text, text);
      return;
    }
  start_pending (e, DOSSIER_BLOCK_CONTACT, NULL, 0, text);
}

static void
emit_unit (Emitter *e,
           Unit    *unit)
{
  const char *text = unit->text;

  switch (unit->kind)
    {
    case UNIT_DROP:
      return;

    case UNIT_FRONT:
      {
        g_autofree char *front = clean (unit->joined, TRUE);

        flush (e);
        add_bounded (e, DOSSIER_BLOCK_FRONT, NULL, 0, front, NULL, DOSSIER_LIMIT_BLOCK_BYTES);
      }
      return;

    case UNIT_TABLE:
      flush (e);
      emit_table (e, unit);
      return;

    case UNIT_NOTE:
      start_pending (e, DOSSIER_BLOCK_NOTE, unit->marker, 0, text);
      return;

    case UNIT_HEADING:
      if (e->contacts && unit->md_level == 0 && unit->label.kind == DOSSIER_LABEL_NONE)
        {
          emit_contact (e, unit);
          return;
        }
      flush (e);
      push_heading (e, unit);
      return;

    case UNIT_ITEM:
      if (e->contacts && unit->label.kind == DOSSIER_LABEL_NONE)
        {
          emit_contact (e, unit);
          return;
        }
      start_pending (e, DOSSIER_BLOCK_ITEM,
                     unit->label.kind != DOSSIER_LABEL_NONE ? unit->label.text : NULL,
                     MAX (unit->raw->depth, 1), text);
      return;

    case UNIT_PARAGRAPH:
    default:
      break;
    }

  if (unit->label.kind == DOSSIER_LABEL_ARABIC)
    {
      e->last_number = unit->label.number;
      start_pending (e, DOSSIER_BLOCK_PARAGRAPH, unit->label.text, 0, text);
      return;
    }

  /* A unit whose text was all cleaned away has nothing to say. */
  if (text == NULL)
    return;

  /* A running header repeats the symbol at the top of each page. */
  if (e->doc->symbol != NULL && g_str_has_prefix (text, e->doc->symbol) &&
      text[strlen (e->doc->symbol)] == ' ')
    text += strlen (e->doc->symbol) + 1;
  if (is_page_number (text) || *text == '\0')
    return;

  if (e->contacts)
    {
      emit_contact (e, unit);
      return;
    }

  {
    gboolean contact = unit->n_lines > 0;

    for (guint i = 0; i < unit->n_lines && contact; i++)
      contact = is_contact_line (unit_line (unit, i));
    if (contact)
      {
        emit_contact (e, unit);
        return;
      }
  }

  if (continues_pending (e, text))
    {
      g_string_append_c (e->pending_text, ' ');
      g_string_append (e->pending_text, text);
      return;
    }

  start_pending (e, DOSSIER_BLOCK_PARAGRAPH, NULL, 0, text);
}

static gboolean
text_has_star_references (GPtrArray *raws)
{
  for (guint r = 0; r < raws->len; r++)
    {
      DossierRaw *raw = g_ptr_array_index (raws, r);

      for (guint i = 0; i < raw->lines->len; i++)
        {
          const char *line = g_ptr_array_index (raw->lines, i);

          for (const char *p = strchr (line, '*'); p != NULL; p = strchr (p + 1, '*'))
            if (p > line && !g_ascii_isspace (p[-1]) && p[-1] != '*' &&
                (p[1] == '\0' || p[1] == ' ' || p[1] == '*'))
              return TRUE;
        }
    }
  return FALSE;
}

static const char *
detect_language (GPtrArray *blocks)
{
  static const char *const en[] = { " the ", " and ", " of ", " to " };
  static const char *const fr[] = { " le ", " la ", " les ", " des " };
  static const char *const es[] = { " el ", " los ", " las ", " del " };
  guint score_en = 0, score_fr = 0, score_es = 0;
  guint cyrillic = 0, arabic = 0, han = 0, latin = 0;
  gsize seen = 0;

  for (guint i = 0; i < blocks->len && seen < 32 * 1024; i++)
    {
      const DossierBlock *block = g_ptr_array_index (blocks, i);
      g_autofree char *lower = g_utf8_strdown (block->text, -1);

      seen += strlen (lower);
      for (guint k = 0; k < G_N_ELEMENTS (en); k++)
        {
          for (const char *p = lower; (p = strstr (p, en[k])) != NULL; p++)
            score_en++;
          for (const char *p = lower; (p = strstr (p, fr[k])) != NULL; p++)
            score_fr++;
          for (const char *p = lower; (p = strstr (p, es[k])) != NULL; p++)
            score_es++;
        }
      for (const char *p = lower; *p != '\0'; p = g_utf8_next_char (p))
        {
          GUnicodeScript script;

          /* ASCII letters are Latin, the rest of ASCII is common to every
           * script: no need to ask GLib's tables. */
          if ((guchar) *p < 0x80)
            {
              if (g_ascii_isalpha (*p))
                latin++;
              continue;
            }
          script = g_unichar_get_script (g_utf8_get_char (p));

          if (script == G_UNICODE_SCRIPT_CYRILLIC)
            cyrillic++;
          else if (script == G_UNICODE_SCRIPT_ARABIC)
            arabic++;
          else if (script == G_UNICODE_SCRIPT_HAN)
            han++;
          else if (script == G_UNICODE_SCRIPT_LATIN)
            latin++;
        }
    }

  if (cyrillic > latin && cyrillic >= arabic && cyrillic >= han)
    return "ru";
  if (arabic > latin && arabic >= han)
    return "ar";
  if (han > latin / 4 && han > 0)
    return "zh";
  if (score_en >= 3 && score_en >= score_fr && score_en >= score_es)
    return "en";
  if (score_fr >= 3 && score_fr >= score_es)
    return "fr";
  if (score_es >= 3)
    return "es";
  return NULL;
}

DossierParsedDocument *
dossier_import_build (const char *name,
                      const char *format,
                      GPtrArray  *raws,
                      GError    **error)
{
  g_autoptr(DossierParsedDocument) doc = dossier_parsed_document_new (name, format);
  g_autoptr(GArray) units = g_array_new (FALSE, TRUE, sizeof (Unit));
  g_autoptr(GPtrArray) front = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) body = g_ptr_array_new_with_free_func (g_free);
  gboolean star_references;
  guint body_start;
  char last_letter = 0;
  Emitter e = { 0 };

  g_array_set_clear_func (units, unit_clear);

  star_references = text_has_star_references (raws);

  /* 1. Units */
  for (guint r = 0; r < raws->len; r++)
    {
      DossierRaw *raw = g_ptr_array_index (raws, r);

      if (raw_is_toc (raw))
        {
          Unit unit = { 0 };

          unit.raw = raw;
          unit.n_lines = raw->lines->len;
          unit.first_of_raw = TRUE;
          unit.kind = UNIT_DROP;
          g_array_append_val (units, unit);
          continue;
        }
      cut_raw (units, raw);
    }

  /* 2. Classification, with a look at the next unit. */
  for (guint i = 0; i < units->len; i++)
    {
      Unit *unit = &g_array_index (units, Unit, i);
      Unit *next = NULL;

      for (guint j = i + 1; j < units->len; j++)
        {
          Unit *candidate = &g_array_index (units, Unit, j);

          if (candidate->kind != UNIT_DROP)
            {
              next = candidate;
              if (candidate->first_of_raw && candidate->raw->kind == DOSSIER_RAW_ORDERED &&
                  candidate->label.kind == DOSSIER_LABEL_NONE)
                set_label_from_list (candidate);
              else if (candidate->label.kind == DOSSIER_LABEL_NONE && candidate->raw->kind != DOSSIER_RAW_BULLET)
                dossier_import_parse_label (candidate->joined, &candidate->label);
              break;
            }
        }

      classify (unit, next, &last_letter);

      /* "CONTENTS" before a table of contents goes with it. */
      if (unit->kind != UNIT_DROP && unit->text != NULL && is_contents_title (unit->text) &&
          i + 1 < units->len && g_array_index (units, Unit, i + 1).kind == UNIT_DROP)
        unit->kind = UNIT_DROP;
    }

  merge_label_only_headings (units);

  /* 3. Masthead */
  body_start = find_body_start (units);
  for (guint i = 0; i < units->len; i++)
    {
      Unit *unit = &g_array_index (units, Unit, i);

      if (unit->kind == UNIT_ITEM && unit->star_bullet && (i < body_start || star_references))
        {
          /* "* In accordance with …" is the note for "Secretary-General*". */
          unit->kind = UNIT_NOTE;
          unit->marker = g_strdup ("*");
        }

      if (i < body_start && unit->kind != UNIT_DROP && unit->kind != UNIT_NOTE)
        {
          /* A heading's text has lost its "####" already. */
          g_autofree char *text = unit->kind == UNIT_HEADING && unit->n_lines == 1 ?
                                  g_strdup (unit->text) : clean (unit->joined, TRUE);

          if (unit->kind == UNIT_HEADING && unit->n_lines == 1)
            {
              g_free (unit->joined);
              unit->joined = g_strdup (unit->text);
            }
          unit->kind = UNIT_FRONT;
          g_ptr_array_add (front, g_steal_pointer (&text));
        }
      else if (i >= body_start && unit->kind == UNIT_PARAGRAPH && body->len < 5 && unit->text != NULL)
        {
          /* Metadata needs only the start of the first paragraphs. */
          char *sample = g_strdup (unit->text);

          truncate_utf8 (sample, 4096);
          g_ptr_array_add (body, sample);
        }
    }

  dossier_import_recover_metadata (doc, front, body);

  /* 4. Emission */
  e.doc = doc;
  e.plain = g_strcmp0 (format, "text") == 0;
  e.stack = g_array_new (FALSE, TRUE, sizeof (Heading));
  g_array_set_clear_func (e.stack, heading_clear);
  e.pending_text = g_string_new (NULL);

  for (guint i = 0; i < units->len && doc->blocks->len < DOSSIER_LIMIT_BLOCKS_PER_DOC; i++)
    {
      Unit *unit = &g_array_index (units, Unit, i);

      emit_unit (&e, unit);
      /* The block being built has its own copy. */
      g_clear_pointer (&unit->joined, g_free);
      g_clear_pointer (&unit->text, g_free);
    }
  flush (&e);

  g_array_unref (e.stack);
  g_free (e.path);
  g_free (e.pending_label);
  g_free (e.pending_path);
  g_string_free (e.pending_text, TRUE);

  if (doc->title == NULL)
    {
      for (guint i = 0; i < doc->blocks->len && doc->title == NULL; i++)
        {
          DossierBlock *block = g_ptr_array_index (doc->blocks, i);

          if (block->kind == DOSSIER_BLOCK_HEADING && i < 5)
            doc->title = g_strdup (block->text);
        }
    }
  if (doc->title == NULL)
    {
      const char *dot = strrchr (name, '.');

      doc->title = dot != NULL && dot != name ? g_strndup (name, dot - name) : g_strdup (name);
    }
  doc->language = g_strdup (detect_language (doc->blocks));

  if (doc->blocks->len == 0)
    {
      g_set_error (error, DOSSIER_IMPORT_ERROR, DOSSIER_IMPORT_ERROR_EMPTY,
                   _("“%s” contains no text to import."), name);
      return NULL;
    }

  return g_steal_pointer (&doc);
}
