/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Reads PDF files through poppler-glib. A PDF has no paragraphs, only glyphs
 * placed on pages, so this reader rebuilds what a person sees:
 *
 * 1. Each page's text comes in reading order, line by line, with the box and
 *    font of every character. Small raised digits become superscripts, which
 *    is how footnote references look in the Markdown the rest of the importer
 *    knows.
 * 2. Running headers and footers go: lines at the top or bottom of the pages
 *    that repeat (the symbol, "Page 3"), page numbers, job numbers such as
 *    "04-44545 (E)" and barcodes such as "*0444545*".
 * 3. Footnotes at the foot of a page (smaller type, starting with their
 *    number) are taken out of the flow and follow the text as notes.
 * 4. Lines become paragraphs where the vertical gap, the type size or the
 *    weight changes; words hyphenated at a line end are joined again.
 * 5. The structure pass reads the paragraphs as it reads plain text: it finds
 *    the masthead and metadata, headings, numbered paragraphs and notes, and
 *    joins paragraphs that a page break cut.
 *
 * A PDF without a text layer (a scan) is refused: Dossier has no OCR.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <poppler.h>
#include <string.h>

#include "dossier-import-private.h"
#include "dossier-importer.h"
#include "dossier-limits.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

/* A line in the top or bottom band of a page may be a running header or footer. */
#define BAND 0.12
/* A running header or footer is on at least this share of the pages. */
#define REPEAT_SHARE 0.4

typedef struct
{
  char    *text;     /* UTF-8, superscripts already made */
  double   top;
  double   bottom;
  double   left;
  double   right;
  double   first_word;  /* width of its first word */
  double   size;     /* type size of its largest letters */
  gboolean bold;
  gboolean note;     /* part of a footnote */
  gboolean drop;
} Line;

typedef struct
{
  GArray *lines;     /* of Line */
  double  height;
} Page;

static void
line_clear (gpointer data)
{
  Line *line = data;

  g_free (line->text);
}

static void
page_clear (gpointer data)
{
  Page *page = data;

  g_clear_pointer (&page->lines, g_array_unref);
}

static gboolean
font_is_bold (const char *font)
{
  return font != NULL && (strstr (font, "Bold") != NULL || strstr (font, "bold") != NULL ||
                          strstr (font, "Black") != NULL || strstr (font, "Heavy") != NULL ||
                          strstr (font, "Semibold") != NULL || strstr (font, "Demi") != NULL);
}

static const gunichar superscripts[] = { 0x2070, 0x00B9, 0x00B2, 0x00B3, 0x2074,
                                         0x2075, 0x2076, 0x2077, 0x2078, 0x2079 };

typedef struct
{
  gunichar c;
  double   x1, y1, x2, y2;
  double   size;
  gboolean bold;
} Glyph;

/* Builds a line from its glyphs: small digits raised above the baseline are
 * footnote references and become superscripts. */
static void
finish_line (GArray *glyphs,
             GArray *lines)
{
  Line line = { 0 };
  GString *text;
  double size = 0;
  double baseline = 0;
  guint letters = 0, bold = 0;
  gboolean any = FALSE;

  for (guint i = 0; i < glyphs->len; i++)
    {
      Glyph *g = &g_array_index (glyphs, Glyph, i);

      if (!g_unichar_isspace (g->c))
        {
          size = MAX (size, g->size);
          if (!any || g->y1 < line.top)
            line.top = g->y1;
          if (!any || g->y2 > line.bottom)
            line.bottom = g->y2;
          if (!any || g->x1 < line.left)
            line.left = g->x1;
          if (!any || g->x2 > line.right)
            line.right = g->x2;
          any = TRUE;
        }
    }
  if (!any)
    {
      g_array_set_size (glyphs, 0);
      return;
    }

  {
    gboolean started = FALSE;
    double start = 0;

    for (guint i = 0; i < glyphs->len; i++)
      {
        Glyph *g = &g_array_index (glyphs, Glyph, i);

        if (g_unichar_isspace (g->c))
          {
            if (started)
              break;
            continue;
          }
        if (!started)
          start = g->x1;
        started = TRUE;
        line.first_word = g->x2 - start;
      }
  }

  /* The baseline of the large letters, as the lowest bottom among them. */
  for (guint i = 0; i < glyphs->len; i++)
    {
      Glyph *g = &g_array_index (glyphs, Glyph, i);

      if (g_unichar_isalpha (g->c) && g->size >= size * 0.9)
        baseline = MAX (baseline, g->y2);
      if (g_unichar_isalpha (g->c))
        {
          letters++;
          if (g->bold)
            bold++;
        }
    }
  if (baseline == 0)
    baseline = line.bottom;

  text = g_string_new (NULL);
  for (guint i = 0; i < glyphs->len; i++)
    {
      Glyph *g = &g_array_index (glyphs, Glyph, i);

      if (g->c < 0x80 && g_ascii_isdigit (g->c) && g->size > 0 && g->size < size * 0.8 &&
          g->y2 < baseline - g->size * 0.15)
        g_string_append_unichar (text, superscripts[g->c - '0']);
      else if (g->c >= 0xFB00 && g->c <= 0xFB06)
        {
          /* Typographic ligatures back into letters, so that words are found. */
          static const char *const ligatures[] = { "ff", "fi", "fl", "ffi", "ffl", "st", "st" };

          g_string_append (text, ligatures[g->c - 0xFB00]);
        }
      else
        g_string_append_unichar (text, g->c);
    }

  line.text = g_strstrip (g_string_free (text, FALSE));

  /* A soft hyphen or a Unicode hyphen at the end of a line is a hyphen too. */
  {
    gsize len = strlen (line.text);

    if (len >= 2 && (guchar) line.text[len - 2] == 0xC2 && (guchar) line.text[len - 1] == 0xAD)
      {
        line.text[len - 2] = '-';
        line.text[len - 1] = '\0';
      }
    else if (len >= 3 && (guchar) line.text[len - 3] == 0xE2 && (guchar) line.text[len - 2] == 0x80 &&
             (guchar) line.text[len - 1] == 0x90)
      {
        line.text[len - 3] = '-';
        line.text[len - 2] = '\0';
      }
  }
  line.size = size;
  line.bold = letters > 0 && bold * 10 >= letters * 9;
  g_array_append_val (lines, line);
  g_array_set_size (glyphs, 0);
}

/* One printed line that the text layer gives in pieces, such as a paragraph
 * number and its text set apart by a tab: "4." + "Human rights treaty …". */
static void
merge_split_lines (GArray *lines)
{
  for (guint i = 1; i < lines->len;)
    {
      Line *prev = &g_array_index (lines, Line, i - 1);
      Line *line = &g_array_index (lines, Line, i);

      if (fabs (line->top - prev->top) < 0.3 * MAX (line->size, 1.0) &&
          fabs (line->bottom - prev->bottom) < 0.3 * MAX (line->size, 1.0) &&
          line->left > prev->right && fabs (line->size - prev->size) <= 0.5)
        {
          char *joined = g_strconcat (prev->text, " ", line->text, NULL);

          g_free (prev->text);
          prev->text = joined;
          prev->right = line->right;
          prev->bold = prev->bold && line->bold;
          g_array_remove_index (lines, i);
          continue;
        }
      i++;
    }
}

static gboolean
read_page (PopplerPage *ppage,
           Page        *page)
{
  g_autofree char *text = poppler_page_get_text (ppage);
  g_autofree PopplerRectangle *rects = NULL;
  g_autoptr(GArray) glyphs = g_array_new (FALSE, TRUE, sizeof (Glyph));
  GList *attributes;
  GList *attr;
  guint n_rects = 0;
  glong n_chars;
  double width = 0;
  const char *p;
  guint i = 0;

  poppler_page_get_size (ppage, &width, &page->height);
  page->lines = g_array_new (FALSE, TRUE, sizeof (Line));
  g_array_set_clear_func (page->lines, line_clear);

  if (text == NULL || *text == '\0')
    return TRUE;
  if (!g_utf8_validate (text, -1, NULL))
    {
      /* Never seen from poppler; a page is not lost for a bad byte. */
      char *valid = g_utf8_make_valid (text, -1);

      g_free (text);
      text = valid;
    }
  n_chars = g_utf8_strlen (text, -1);
  if (!poppler_page_get_text_layout (ppage, &rects, &n_rects) || (glong) n_rects != n_chars)
    {
      /* Without boxes, the text alone: one line per line, no sizes. */
      g_auto(GStrv) split = g_strsplit (text, "\n", -1);

      for (guint k = 0; split[k] != NULL; k++)
        {
          Line line = { 0 };

          line.text = g_strstrip (g_strdup (split[k]));
          line.top = k * 12.0;
          line.bottom = line.top + 10.0;
          line.size = 10.0;
          if (*line.text == '\0')
            g_free (line.text);
          else
            g_array_append_val (page->lines, line);
        }
      return TRUE;
    }

  attributes = poppler_page_get_text_attributes (ppage);
  attr = attributes;
  for (p = text; *p != '\0'; p = g_utf8_next_char (p), i++)
    {
      gunichar c = g_utf8_get_char (p);
      PopplerTextAttributes *a;
      Glyph g = { 0 };

      while (attr != NULL && ((PopplerTextAttributes *) attr->data)->end_index < (int) i)
        attr = attr->next;
      a = attr != NULL ? attr->data : NULL;

      if (c == '\n' || c == '\r')
        {
          finish_line (glyphs, page->lines);
          continue;
        }
      g.c = c;
      g.x1 = rects[i].x1;
      g.y1 = rects[i].y1;
      g.x2 = rects[i].x2;
      g.y2 = rects[i].y2;
      if (a != NULL && a->start_index <= (int) i)
        {
          g.size = a->font_size;
          g.bold = font_is_bold (a->font_name);
        }
      g_array_append_val (glyphs, g);
    }
  finish_line (glyphs, page->lines);
  poppler_page_free_text_attributes (attributes);
  merge_split_lines (page->lines);

  return TRUE;
}

/* Running headers and footers */

static char *
shape_of (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isdigit (c))
        {
          if (out->len == 0 || out->str[out->len - 1] != '#')
            g_string_append_c (out, '#');
        }
      else if (g_unichar_isspace (c))
        {
          if (out->len > 0 && out->str[out->len - 1] != ' ')
            g_string_append_c (out, ' ');
        }
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* "3", "- 3 -", "Page 3", "Page 3 of 12", "3/12" */
static gboolean
is_page_number (const char *text)
{
  const char *p = text;
  guint digits = 0;

  if (g_ascii_strncasecmp (p, "page ", 5) == 0)
    p += 5;
  for (; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (!(*p == ' ' || *p == '-' || *p == '/' || *p == '|' ||
                 g_ascii_strncasecmp (p, "of ", 3) == 0 || (p[0] == 'o' && p[1] == 'f')))
        {
          /* An en or em dash around the number. */
          if ((guchar) p[0] == 0xE2 && (guchar) p[1] == 0x80 && ((guchar) p[2] == 0x93 || (guchar) p[2] == 0x94))
            {
              p += 2;
              continue;
            }
          return FALSE;
        }
      else if (*p == 'o')
        p++;
    }
  return digits > 0 && digits <= 8;
}

/* "04-44545 (E)", "GE.03-10309 (E) 210103", "V.03-80157 (E)", "*0444545*" */
static gboolean
is_job_number (const char *text)
{
  const char *p = text;
  guint digits = 0;

  if (p[0] == '*')
    {
      for (p++; g_ascii_isdigit (*p); p++)
        digits++;
      return digits >= 6 && digits <= 10 && p[0] == '*' && p[1] == '\0';
    }

  /* An office prefix: "GE.", "V.", "NY." */
  while (g_ascii_isupper (*p) && p - text < 3)
    p++;
  if (p != text && *p == '.')
    p++;
  else
    p = text;

  if (!(g_ascii_isdigit (p[0]) && g_ascii_isdigit (p[1]) && p[2] == '-'))
    return FALSE;
  for (p += 3; g_ascii_isdigit (*p); p++)
    digits++;
  if (digits < 4 || digits > 6)
    return FALSE;
  while (*p == ' ')
    p++;
  return *p == '\0' || (p[0] == '(' && g_ascii_isupper (p[1]) && p[2] == ')');
}

static void
drop_running_lines (GArray *pages)
{
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint threshold = MAX (2, (guint) ceil (pages->len * REPEAT_SHARE));

  for (guint pass = 0; pass < 2; pass++)
    {
      for (guint k = 0; k < pages->len; k++)
        {
          Page *page = &g_array_index (pages, Page, k);
          g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

          for (guint i = 0; i < page->lines->len; i++)
            {
              Line *line = &g_array_index (page->lines, Line, i);
              gboolean in_band = line->bottom < page->height * BAND || line->top > page->height * (1 - BAND);
              g_autofree char *shape = NULL;

              /* Only the outermost lines of a page can run. */
              if (!in_band && i >= 3 && i + 3 < page->lines->len)
                continue;

              if (is_job_number (line->text))
                {
                  line->drop = TRUE;
                  continue;
                }
              if (!in_band)
                continue;
              /* Page numbers; on the first page only at its foot, where a
               * date stamp may stand next to the job number. */
              if (is_page_number (line->text) && (k > 0 || line->top > page->height * (1 - BAND)))
                {
                  line->drop = TRUE;
                  continue;
                }

              shape = shape_of (line->text);
              if (pass == 0)
                {
                  if (!g_hash_table_contains (seen, shape))
                    {
                      gpointer count = g_hash_table_lookup (counts, shape);

                      g_hash_table_add (seen, shape);
                      g_hash_table_replace (counts, g_steal_pointer (&shape),
                                            GUINT_TO_POINTER (GPOINTER_TO_UINT (count) + 1));
                    }
                }
              else if (k > 0 && GPOINTER_TO_UINT (g_hash_table_lookup (counts, shape)) >= threshold)
                {
                  /* The first page keeps its masthead, which holds the
                   * symbol that runs at the top of the other pages. */
                  line->drop = TRUE;
                }
              else if (k == 0 && GPOINTER_TO_UINT (g_hash_table_lookup (counts, shape)) >= threshold &&
                       line->top > page->height * (1 - BAND))
                {
                  line->drop = TRUE;
                }
            }
        }
    }
}

/* Footnotes */

static gboolean
starts_with_superscript (const char *text)
{
  gunichar c = g_utf8_get_char (text);

  for (guint i = 0; i < G_N_ELEMENTS (superscripts); i++)
    if (c == superscripts[i])
      return TRUE;
  return FALSE;
}

/* "12 Text" in the small type of a footnote: the number is its marker. */
static char *
mark_note_number (const char *text)
{
  const char *p = text;
  GString *out;

  while (g_ascii_isdigit (*p) && p - text < 4)
    p++;
  /* "12 Text", or "12Text" when the producer set no space after the number. */
  if (p == text || !(*p == ' ' || *p == '\t' || g_unichar_isalpha (g_utf8_get_char (p)) || *p == '(' ||
                     (guchar) *p >= 0x80))
    return NULL;
  out = g_string_new (NULL);
  for (const char *q = text; q < p; q++)
    g_string_append_unichar (out, superscripts[*q - '0']);
  if (*p != ' ')
    g_string_append_c (out, ' ');
  g_string_append (out, p);
  return g_string_free (out, FALSE);
}

/* A size or distance in tenths of a point, for counting; 0 for what no
 * page can hold (a corrupt font matrix gives sizes of 1e30, or NaN). */
static guint
to_tenths (double value)
{
  if (!(value > 0 && value < 100000))
    return 0;
  return (guint) (value * 10 + 0.5);
}

static double
body_size (GArray *pages)
{
  g_autoptr(GHashTable) weight = g_hash_table_new (g_direct_hash, g_direct_equal);
  GHashTableIter iter;
  gpointer key, value;
  guint best = 0, best_weight = 0;

  for (guint k = 0; k < pages->len; k++)
    {
      Page *page = &g_array_index (pages, Page, k);

      for (guint i = 0; i < page->lines->len; i++)
        {
          Line *line = &g_array_index (page->lines, Line, i);
          guint tenths;

          /* A crafted PDF can give any font size, NaN included; outside
           * 0.1–10,000 pt it is no body text, and the cast would overflow. */
          if (!(line->size >= 0.1 && line->size <= 10000))
            continue;
          tenths = to_tenths (line->size);
          if (line->drop || tenths == 0)
            continue;
          g_hash_table_replace (weight, GUINT_TO_POINTER (tenths),
                                GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (weight, GUINT_TO_POINTER (tenths))) +
                                                  (guint) strlen (line->text)));
        }
    }

  g_hash_table_iter_init (&iter, weight);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (GPOINTER_TO_UINT (value) > best_weight)
        {
          best_weight = GPOINTER_TO_UINT (value);
          best = GPOINTER_TO_UINT (key);
        }
    }
  return best / 10.0;
}

/* The usual distance from one line to the next in the body text: the most
 * common one between lines of the body's size. */
static double
body_pitch (GArray *pages,
            double  size)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (g_direct_hash, g_direct_equal);
  GHashTableIter iter;
  gpointer key, value;
  guint best = 0, best_count = 0;

  for (guint k = 0; k < pages->len; k++)
    {
      Page *page = &g_array_index (pages, Page, k);
      Line *prev = NULL;

      for (guint i = 0; i < page->lines->len; i++)
        {
          Line *line = &g_array_index (page->lines, Line, i);
          guint tenths;

          if (line->drop || fabs (line->size - size) > 0.5)
            {
              prev = NULL;
              continue;
            }
          /* Bounded for the cast: a crafted PDF can place text anywhere. */
          if (prev != NULL && line->top > prev->top && line->top - prev->top < 100000)
            {
              tenths = to_tenths (line->top - prev->top);
              if (tenths == 0)
                {
                  prev = line;
                  continue;
                }
              g_hash_table_replace (counts, GUINT_TO_POINTER (tenths),
                                    GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, GUINT_TO_POINTER (tenths))) + 1));
            }
          prev = line;
        }
    }

  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (GPOINTER_TO_UINT (value) > best_count ||
          (GPOINTER_TO_UINT (value) == best_count && GPOINTER_TO_UINT (key) < best))
        {
          best_count = GPOINTER_TO_UINT (value);
          best = GPOINTER_TO_UINT (key);
        }
    }
  return best > 0 ? best / 10.0 : MAX (size, 1.0) * 1.2;
}

/* Does the body text run without space between its paragraphs? Then at most
 * one step in twenty between lines of the body's size is wider than usual. */
static gboolean
is_gapless (GArray *pages,
            double  size,
            double  pitch)
{
  guint steps = 0, wide = 0;

  for (guint k = 0; k < pages->len; k++)
    {
      Page *page = &g_array_index (pages, Page, k);
      Line *prev = NULL;

      for (guint i = 0; i < page->lines->len; i++)
        {
          Line *line = &g_array_index (page->lines, Line, i);

          if (line->drop || line->note || fabs (line->size - size) > 0.5)
            {
              prev = NULL;
              continue;
            }
          if (prev != NULL && line->top > prev->top)
            {
              steps++;
              if (line->top - prev->top > pitch * 1.3)
                wide++;
            }
          prev = line;
        }
    }
  return steps >= 20 && wide * 20 <= steps;
}

/* Marks the footnotes at the foot of each page: the run of small lines at
 * the bottom whose first line starts with a note number. */
static gboolean
mark_footnotes (GArray *pages,
                double  size)
{
  gboolean any = FALSE;

  if (size <= 0)
    return FALSE;

  for (guint k = 0; k < pages->len; k++)
    {
      Page *page = &g_array_index (pages, Page, k);
      gint first = -1;

      for (gint i = (gint) page->lines->len - 1; i >= 0; i--)
        {
          Line *line = &g_array_index (page->lines, Line, i);

          if (line->drop)
            continue;
          if (line->size >= size * 0.92)
            break;
          if (starts_with_superscript (line->text) || g_ascii_isdigit (line->text[0]))
            first = i;
        }
      if (first < 0)
        continue;

      any = TRUE;
      for (guint i = first; i < page->lines->len; i++)
        {
          Line *line = &g_array_index (page->lines, Line, i);

          if (line->drop)
            continue;
          line->note = TRUE;
          if (g_ascii_isdigit (line->text[0]))
            {
              char *marked = mark_note_number (line->text);

              if (marked != NULL)
                {
                  g_free (line->text);
                  line->text = marked;
                }
            }
        }
    }
  return any;
}

/* Some producers set a footnote reference in the same word as the text it
 * follows, so that its smaller size is lost: "measures.4", "2000).3". In a
 * document with footnotes, digits that end a word right after a full stop,
 * comma, semicolon, colon or bracket are such a reference, unless the word
 * is a symbol or an abbreviation with a number ("E/CN.4/2003/74", "Add.1"). */
static char *
mark_glued_references (const char *text)
{
  static const char *const abbreviations[] = { "add.", "rev.", "corr.", "no.", "vol.", "art.", "para.", "p.", "pp.",
                                               "amend.", "suppl.", "chap.", "sect." };
  GString *out = g_string_new (NULL);
  gboolean changed = FALSE;
  const char *word = text;

  while (*word != '\0')
    {
      const char *end = word;
      const char *digits;
      gboolean glued;

      while (*end != '\0' && *end != ' ')
        end++;
      digits = end;
      while (digits > word && g_ascii_isdigit (digits[-1]))
        digits--;

      glued = digits < end && end - digits <= 3 && digits - word >= 2 && strchr (".,;:)", digits[-1]) != NULL &&
              memchr (word, '/', end - word) == NULL &&
              (g_ascii_isalpha (digits[-2]) || digits[-2] == ')' || digits[-1] == ')' ||
               (guchar) digits[-2] >= 0x80);
      for (guint i = 0; glued && i < G_N_ELEMENTS (abbreviations); i++)
        {
          gsize len = strlen (abbreviations[i]);
          const char *start = digits - len;

          if (start >= word && g_ascii_strncasecmp (start, abbreviations[i], len) == 0 &&
              (start == word || !g_ascii_isalpha (start[-1])))
            glued = FALSE;
        }
      /* "3.5" and "1.2.3" are numbers, not references. */
      if (glued && digits[-1] == '.' && g_ascii_isdigit (digits[-2]))
        glued = FALSE;

      if (glued)
        {
          g_string_append_len (out, word, digits - word);
          for (const char *q = digits; q < end; q++)
            g_string_append_unichar (out, superscripts[*q - '0']);
          changed = TRUE;
        }
      else
        g_string_append_len (out, word, end - word);

      while (*end == ' ')
        g_string_append_c (out, *end++);
      word = end;
    }

  if (!changed)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

static void
mark_all_glued_references (GArray *pages)
{
  for (guint k = 0; k < pages->len; k++)
    {
      Page *page = &g_array_index (pages, Page, k);

      for (guint i = 0; i < page->lines->len; i++)
        {
          Line *line = &g_array_index (page->lines, Line, i);
          char *marked;

          if (line->drop || line->note)
            continue;
          marked = mark_glued_references (line->text);
          if (marked != NULL)
            {
              g_free (line->text);
              line->text = marked;
            }
        }
    }
}

/* Hyphenation */

static void
collect_words (GHashTable *words,
               const char *text)
{
  const char *p = text;

  while (*p != '\0')
    {
      const char *start;

      while (*p != '\0' && !g_unichar_isalpha (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      start = p;
      while (*p != '\0' && (g_unichar_isalpha (g_utf8_get_char (p)) || (*p == '-' && g_ascii_isalpha (p[1]))))
        p = g_utf8_next_char (p);
      if (p > start)
        {
          char *word = g_utf8_strdown (start, p - start);

          g_hash_table_replace (words, word, GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (words, word)) + 1));
        }
    }
}

static gboolean
ends_with_hyphenated_word (const char *text,
                           const char **word_start)
{
  gsize len = strlen (text);
  const char *p;

  if (len < 3 || text[len - 1] != '-' || !g_unichar_isalpha (g_utf8_get_char (g_utf8_prev_char (text + len - 1))))
    return FALSE;
  p = text + len - 1;
  while (p > text)
    {
      const char *prev = g_utf8_prev_char (p);

      if (!g_unichar_isalpha (g_utf8_get_char (prev)) && *prev != '-')
        break;
      p = prev;
    }
  *word_start = p;
  return TRUE;
}

/* Joins "traf-" + "ficking" into "trafficking", and "anti-" + "trafficking"
 * into "anti-trafficking" when the document writes it so elsewhere. */
static char *
join_hyphenated (GHashTable *words,
                 gboolean    hyphenates,
                 const char *line,
                 const char *next)
{
  const char *start = NULL;
  const char *rest_end = next;
  g_autofree char *head = NULL;
  g_autofree char *tail = NULL;
  g_autofree char *joined = NULL;
  g_autofree char *kept = NULL;
  gboolean keep;

  gsize len = strlen (line);
  gunichar before, after;

  /* A line that ends in a hyphen right after a letter or digit, and a next
   * line that starts with one: a word or number cut at the line's end. */
  if (len < 2 || line[len - 1] != '-')
    return NULL;
  before = g_utf8_get_char (g_utf8_prev_char (line + len - 1));
  after = g_utf8_get_char (next);
  if (!g_unichar_isalnum (before) || !g_unichar_isalnum (after))
    return NULL;

  /* "2001-" + "2002", "Sub-" + "Commission": the hyphen is part of the text. */
  if (!g_unichar_isalpha (before) || !g_unichar_isalpha (after) || !ends_with_hyphenated_word (line, &start))
    return g_strconcat (line, next, NULL);
  if (!g_unichar_islower (after) &&
      !(g_unichar_isupper (after) && g_unichar_isupper (g_utf8_get_char (start)) &&
        g_unichar_isupper (g_utf8_get_char (g_utf8_next_char (start)))))
    return g_strconcat (line, next, NULL);
  /* A typesetter that never cuts words breaks lines only after hyphens the
   * author wrote: "round-" + "table". */
  if (!hyphenates)
    return g_strconcat (line, next, NULL);

  while (*rest_end != '\0' && g_unichar_isalpha (g_utf8_get_char (rest_end)))
    rest_end = g_utf8_next_char (rest_end);
  head = g_utf8_strdown (start, strlen (start) - 1);
  tail = g_utf8_strdown (next, rest_end - next);
  joined = g_strconcat (head, tail, NULL);
  kept = g_strconcat (head, "-", tail, NULL);

  keep = !g_hash_table_contains (words, joined) && g_hash_table_contains (words, kept);
  if (!keep && !g_hash_table_contains (words, joined))
    {
      static const char *const prefixes[] = { "non", "anti", "self", "cross", "well", "ex", "co", "so", "re" };
      const char *last_part = strrchr (head, '-') != NULL ? strrchr (head, '-') + 1 : head;

      for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
        if (strcmp (head, prefixes[i]) == 0)
          keep = TRUE;
      /* "rights-" + "related": two words found elsewhere in the text, joined
       * by a hyphen the author wrote; a typesetter cuts words into pieces
       * that are not words (the pieces themselves count once). */
      if (strlen (last_part) >= 3 && strlen (tail) >= 3 &&
          GPOINTER_TO_UINT (g_hash_table_lookup (words, last_part)) >= 2 &&
          GPOINTER_TO_UINT (g_hash_table_lookup (words, tail)) >= 2)
        keep = TRUE;
    }

  if (keep)
    return g_strconcat (line, next, NULL);
  return g_strdup_printf ("%.*s%s", (int) (strlen (line) - 1), line, next);
}

/* Did the typesetter cut words at line ends? Yes when a line ending in
 * "traf-" goes on with "ficking" and "trafficking" is found elsewhere. */
static gboolean
cuts_words (GArray     *pages,
            GHashTable *words)
{
  const Line *prev = NULL;

  for (guint k = 0; k < pages->len; k++)
    {
      Page *page = &g_array_index (pages, Page, k);

      for (guint i = 0; i < page->lines->len; i++)
        {
          const Line *line = &g_array_index (page->lines, Line, i);
          const char *start;

          if (line->drop)
            continue;
          if (prev != NULL && ends_with_hyphenated_word (prev->text, &start) &&
              g_unichar_islower (g_utf8_get_char (line->text)))
            {
              const char *end = line->text;
              g_autofree char *head = NULL;
              g_autofree char *tail = NULL;
              g_autofree char *joined = NULL;

              while (*end != '\0' && g_unichar_isalpha (g_utf8_get_char (end)))
                end = g_utf8_next_char (end);
              head = g_utf8_strdown (start, strlen (start) - 1);
              tail = g_utf8_strdown (line->text, end - line->text);
              joined = g_strconcat (head, tail, NULL);
              if (strchr (head, '-') == NULL && g_hash_table_contains (words, joined))
                return TRUE;
            }
          prev = line;
        }
    }
  return FALSE;
}

/* Paragraphs */

static gboolean
is_bullet_line (const char *text,
                gsize      *skip)
{
  static const char *const bullets[] = { "\xe2\x80\xa2", "\xc2\xb7", "\xe2\x97\xa6", "\xe2\x96\xaa",
                                         "\xef\x82\xb7", "-", "\xe2\x80\x93" };

  for (guint i = 0; i < G_N_ELEMENTS (bullets); i++)
    {
      gsize len = strlen (bullets[i]);

      if (strncmp (text, bullets[i], len) == 0 && (text[len] == ' ' || text[len] == '\t'))
        {
          *skip = len + 1;
          return TRUE;
        }
    }
  return FALSE;
}

typedef struct
{
  GPtrArray  *raws;
  GHashTable *words;
  DossierRaw *current;
  guint       bold_lines;
  Line        last;        /* the last line of the page before; text unset */
  gboolean    open;        /* the paragraph may go on over the page break */
  gboolean    wrapped;     /* every line of the paragraph but the last is full */
  double      left;        /* the body text's margins */
  double      right;
  gboolean    gapless;     /* no space between paragraphs */
  gboolean    hyphenates;  /* the typesetter cut words at line ends */
} Paragrapher;

static void
paragraph_end (Paragrapher *pg)
{
  DossierRaw *raw = g_steal_pointer (&pg->current);

  if (raw == NULL)
    return;
  if (raw->lines->len == 0 || pg->raws->len >= 2 * DOSSIER_LIMIT_BLOCKS_PER_DOC)
    {
      dossier_raw_free (raw);
      return;
    }
  raw->strong = pg->bold_lines == raw->lines->len;

  /* Running text wrapped by the typesetter is one line: a line that happens
   * to start with "(a)" or "12." is no new block. Short lines stacked on
   * purpose (a masthead, an address, a table of contents) stay lines. */
  if (raw->lines->len >= 2 && pg->wrapped && !raw->strong)
    {
      g_autoptr(GString) joined = g_string_new (NULL);
      gboolean toc = FALSE;

      for (guint i = 0; i < raw->lines->len; i++)
        toc = toc || strstr (g_ptr_array_index (raw->lines, i), "....") != NULL ||
              strstr (g_ptr_array_index (raw->lines, i), ". . .") != NULL;
      if (!toc)
        {
          for (guint i = 0; i < raw->lines->len; i++)
            {
              if (i > 0)
                g_string_append_c (joined, ' ');
              g_string_append (joined, g_ptr_array_index (raw->lines, i));
            }
          g_ptr_array_set_size (raw->lines, 0);
          g_ptr_array_add (raw->lines, g_string_free (g_steal_pointer (&joined), FALSE));
        }
    }
  g_ptr_array_add (pg->raws, raw);
}

/* Was @line full, so that the first word of @next had to go to a new line?
 * True of every line but the last of a paragraph, justified or ragged. */
static gboolean
line_was_full (Paragrapher *pg,
               const Line  *line,
               const Line  *next)
{
  double space = MAX (line->size, 1.0) * 0.3;

  return pg->right > pg->left && line->right + space + next->first_word > pg->right - 1.0;
}

static void
paragraph_line (Paragrapher *pg,
                const char  *text,
                gboolean     bold,
                gboolean     after_full)
{
  gsize skip = 0;

  if (is_bullet_line (text, &skip))
    {
      paragraph_end (pg);
      pg->current = dossier_raw_new (DOSSIER_RAW_BULLET);
      pg->current->bullet = '-';
      pg->current->depth = 1;
      pg->bold_lines = 0;
      pg->wrapped = TRUE;
      text += skip;
    }
  if (pg->current == NULL)
    {
      pg->current = dossier_raw_new (DOSSIER_RAW_PARAGRAPH);
      pg->bold_lines = 0;
      pg->wrapped = TRUE;
    }
  else if (pg->current->lines->len > 0)
    {
      /* A word hyphenated at the end of the line before. */
      char **last = (char **) &g_ptr_array_index (pg->current->lines, pg->current->lines->len - 1);
      char *joined = join_hyphenated (pg->words, pg->hyphenates, *last, text);

      pg->wrapped = pg->wrapped && after_full;
      if (joined != NULL)
        {
          g_free (*last);
          *last = joined;
          return;
        }
    }
  g_ptr_array_add (pg->current->lines, g_strdup (text));
  if (bold)
    pg->bold_lines++;
}

/* Without space between paragraphs, a paragraph ends where a line stops
 * short: text that wraps fills every line but its last, so a line that
 * left room for the next one's first word was ended on purpose. */
/* Does @text end a sentence, notes and closing quotes aside? */
static gboolean
ends_sentence (const char *text)
{
  const char *end = text + strlen (text);

  while (end > text)
    {
      const char *before = g_utf8_prev_char (end);
      gunichar c = g_utf8_get_char (before);

      if (!(starts_with_superscript (before) || c == ')' || c == '"' || c == 0x201D || c == 0x2019 || c == '*'))
        break;
      end = before;
    }
  return end > text && strchr (".;!?", end[-1]) != NULL;
}

static gboolean
ends_short_paragraph (Paragrapher *pg,
                      const Line  *prev,
                      const Line  *line)
{
  DossierLabel label;
  const char *start;
  gboolean numbered = dossier_import_parse_label (line->text, &label) && label.kind == DOSSIER_LABEL_ARABIC;

  /* "12. The …" after a sentence is a new paragraph, however full the line
   * before it. */
  if (numbered && ends_sentence (prev->text))
    return TRUE;
  if (line_was_full (pg, prev, line) ||
      (ends_with_hyphenated_word (prev->text, &start) && g_unichar_islower (g_utf8_get_char (line->text))))
    return FALSE;
  if (pg->gapless)
    {
      /* A title or sentence that the author broke after a colon, comma or
       * connecting word goes on: "TRAFFICKING IN WOMEN AND GIRLS:". */
      gsize len = strlen (prev->text);
      static const char *const connectors[] = { " of", " and", " the", " for", " in", " on", " to", " a", " an" };

      if (len > 0 && strchr (":,", prev->text[len - 1]) != NULL && !numbered)
        return FALSE;
      for (guint i = 0; i < G_N_ELEMENTS (connectors); i++)
        if (g_str_has_suffix (prev->text, connectors[i]))
          return FALSE;
      return TRUE;
    }

  /* With space between paragraphs, a short line inside one is a line break
   * (a title over two lines): only a sentence's end or a paragraph number
   * ends a paragraph there. */
  return numbered || ends_sentence (prev->text);
}

/* The lines of one page (not its notes) into paragraphs: a new one where the
 * distance between lines grows past the usual line pitch, or the type
 * changes size or weight. */
static void
page_paragraphs (Paragrapher *pg,
                 Page        *page,
                 double       size,
                 double       pitch)
{
  Line *prev = NULL;

  for (guint i = 0; i < page->lines->len; i++)
    {
      Line *line = &g_array_index (page->lines, Line, i);

      if (line->drop || line->note)
        continue;

      if (prev == NULL && pg->current != NULL)
        {
          /* A paragraph goes on over the page break when the last line
           * before it was full and this one starts nothing new: no
           * paragraph number, heading letter or bullet, and no indent. An
           * item "(a)" at the margin is part of the sentence before. */
          DossierLabel label;
          gsize skip;

          if (!pg->open || !line_was_full (pg, &pg->last, line) || line->bold != pg->last.bold || fabs (line->size - pg->last.size) > 0.5 ||
              line->left > pg->left + line->size ||
              (dossier_import_parse_label (line->text, &label) && label.kind != DOSSIER_LABEL_NONE &&
               label.kind != DOSSIER_LABEL_LOWER_PAREN && label.kind != DOSSIER_LABEL_ARABIC_PAREN) ||
              is_bullet_line (line->text, &skip) || starts_with_superscript (line->text))
            paragraph_end (pg);
        }
      else if (prev != NULL)
        {
          double step = line->top - prev->top;
          double usual = pitch * (size > 0 && line->size > 0 ? line->size / size : 1.0);

          if (step > usual * 1.3 || step < 0 ||
              fabs (line->size - prev->size) > 0.5 || line->bold != prev->bold ||
              ends_short_paragraph (pg, prev, line))
            paragraph_end (pg);
        }
      paragraph_line (pg, line->text, line->bold,
                      prev != NULL ? line_was_full (pg, prev, line) : line_was_full (pg, &pg->last, line));
      prev = line;
    }

  if (prev != NULL)
    {
      pg->last = *prev;
      pg->last.text = NULL;
      pg->open = pg->current != NULL && pg->current->kind == DOSSIER_RAW_PARAGRAPH;
    }
}

static void
body_margins (Paragrapher *pg,
              GArray      *pages,
              double       size)
{
  gboolean any = FALSE;

  for (guint k = 0; k < pages->len; k++)
    {
      Page *page = &g_array_index (pages, Page, k);

      for (guint i = 0; i < page->lines->len; i++)
        {
          Line *line = &g_array_index (page->lines, Line, i);

          if (line->drop || line->note || fabs (line->size - size) > 0.5)
            continue;
          if (!any || line->left < pg->left)
            pg->left = line->left;
          if (!any || line->right > pg->right)
            pg->right = line->right;
          any = TRUE;
        }
    }
}

/* Notes: a new note at each line that starts with its marker. */
static void
notes_paragraphs (Paragrapher *pg,
                  GArray      *pages)
{
  Line *prev = NULL;

  for (guint k = 0; k < pages->len; k++)
    {
      Page *page = &g_array_index (pages, Page, k);

      for (guint i = 0; i < page->lines->len; i++)
        {
          Line *line = &g_array_index (page->lines, Line, i);

          if (line->drop || !line->note)
            continue;
          if (starts_with_superscript (line->text))
            paragraph_end (pg);
          paragraph_line (pg, line->text, FALSE, prev != NULL && line_was_full (pg, prev, line));
          prev = line;
        }
    }
  paragraph_end (pg);
}

/* Reading */

/* A document whose text shows no title falls back on its file name; the
 * title in the PDF's properties is better, unless it is only the name of
 * the file it was made from ("Microsoft Word - 0344545.doc"). */
static void
use_info_title (DossierParsedDocument *doc,
                PopplerDocument       *document,
                const char            *name)
{
  const char *dot = strrchr (name, '.');
  g_autofree char *stem = dot != NULL && dot != name ? g_strndup (name, dot - name) : g_strdup (name);
  g_autofree char *title = NULL;
  g_autofree char *lower = NULL;
  g_autofree char *clean = NULL;

  if (g_strcmp0 (doc->title, stem) != 0)
    return;
  title = poppler_document_get_title (document);
  if (title == NULL || !g_utf8_validate (title, -1, NULL))
    return;
  clean = dossier_import_clean_text (title, -1, FALSE);
  lower = g_utf8_strdown (clean, -1);
  if (*clean == '\0' || strlen (clean) > 300 || strstr (lower, ".doc") != NULL || strstr (lower, ".pdf") != NULL ||
      strstr (lower, ".rtf") != NULL || g_str_has_prefix (lower, "microsoft word") || g_str_has_prefix (lower, "untitled"))
    return;
  g_free (doc->title);
  doc->title = g_steal_pointer (&clean);
}

static DossierParsedDocument *
read_pdf (const char    *name,
          const guint8  *data,
          gsize          length,
          GError       **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, length);
  g_autoptr(PopplerDocument) document = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GArray) pages = g_array_new (FALSE, TRUE, sizeof (Page));
  g_autoptr(GHashTable) words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) raws = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_raw_free);
  Paragrapher pg = { raws, words, NULL, 0, { 0 }, FALSE, FALSE, 0, 0, FALSE, FALSE };
  gsize characters = 0;
  DossierParsedDocument *doc;
  double size;
  double pitch;
  int n_pages;

  g_array_set_clear_func (pages, page_clear);

  document = poppler_document_new_from_bytes (bytes, NULL, &local_error);
  if (document == NULL)
    {
      if (g_error_matches (local_error, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
        g_set_error (error, DOSSIER_IMPORT_ERROR, DOSSIER_IMPORT_ERROR_ENCRYPTED,
                     _("“%s” is protected by a password: open it, save or print it as a PDF "
                       "without a password and import it again."), name);
      else
        g_set_error (error, DOSSIER_IMPORT_ERROR, DOSSIER_IMPORT_ERROR_PARSE,
                     _("“%s” could not be read: the PDF file is damaged or incomplete."), name);
      return NULL;
    }

  n_pages = poppler_document_get_n_pages (document);
  if (n_pages > DOSSIER_LIMIT_PDF_PAGES)
    {
      g_set_error (error, DOSSIER_IMPORT_ERROR, DOSSIER_IMPORT_ERROR_TOO_LARGE,
                   ngettext ("“%s” is too large to import: it has %d pages, and Dossier reads PDF files of up to %d page.",
                             "“%s” is too large to import: it has %d pages, and Dossier reads PDF files of up to %d pages.",
                             DOSSIER_LIMIT_PDF_PAGES),
                   name, n_pages, DOSSIER_LIMIT_PDF_PAGES);
      return NULL;
    }

  for (int k = 0; k < n_pages; k++)
    {
      g_autoptr(PopplerPage) ppage = poppler_document_get_page (document, k);
      Page page = { 0 };

      if (ppage == NULL)
        continue;
      read_page (ppage, &page);
      for (guint i = 0; i < page.lines->len; i++)
        {
          Line *line = &g_array_index (page.lines, Line, i);

          characters += strlen (line->text);
          collect_words (words, line->text);
        }
      g_array_append_val (pages, page);
    }

  if (characters == 0)
    {
      g_set_error (error, DOSSIER_IMPORT_ERROR, DOSSIER_IMPORT_ERROR_NO_TEXT,
                   _("“%s” has no text that Dossier can read: it is probably a scan, and Dossier "
                     "does not recognise text in images (no OCR). Import a PDF with a text layer, "
                     "or the document in another format."), name);
      return NULL;
    }

  drop_running_lines (pages);
  size = body_size (pages);
  if (mark_footnotes (pages, size))
    mark_all_glued_references (pages);

  pitch = body_pitch (pages, size);
  pg.gapless = is_gapless (pages, size, pitch);
  pg.hyphenates = cuts_words (pages, words);
  body_margins (&pg, pages, size);
  for (guint k = 0; k < pages->len; k++)
    page_paragraphs (&pg, &g_array_index (pages, Page, k), size, pitch);
  paragraph_end (&pg);
  notes_paragraphs (&pg, pages);

  doc = dossier_import_build (name, "pdf", raws, error);
  if (doc != NULL)
    use_info_title (doc, document, name);
  return doc;
}

DossierParsedDocument *
dossier_import_parse_pdf (const char    *name,
                          const guint8  *data,
                          gsize          length,
                          GError       **error)
{
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length > DOSSIER_LIMIT_FILE_SIZE)
    {
      g_autofree char *have = g_format_size (length);
      g_autofree char *limit = g_format_size (DOSSIER_LIMIT_FILE_SIZE);

      g_set_error (error, DOSSIER_IMPORT_ERROR, DOSSIER_IMPORT_ERROR_TOO_LARGE,
                   _("“%s” is too large to import: it has %s, and Dossier reads files of up to %s."),
                   name, have, limit);
      return NULL;
    }
  if (length == 0)
    {
      g_set_error (error, DOSSIER_IMPORT_ERROR, DOSSIER_IMPORT_ERROR_EMPTY,
                   _("“%s” is empty: it contains no text."), name);
      return NULL;
    }
  return read_pdf (name, data, length, error);
}
