/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Reads plain text into raw blocks: paragraphs end at blank lines, bullets
 * start new items. Text extracted from PDF files often comes flattened into a
 * few huge lines, masthead and all; for those the reader finds where the
 * resolution or decision proper begins ("The General Assembly, Recalling …").
 */

#include "config.h"

#include <string.h>

#include "dossier-import-private.h"
#include "dossier-limits.h"

/* A line at least this long, with nothing but short lines before it, is
 * flattened running text rather than part of a masthead. */
#define LONG_LINE_BYTES 600
#define SHORT_LINE_BYTES 200

/* Participles and adjectives that open the preambular paragraphs of UN and
 * OSCE resolutions and decisions, besides every word ending in "-ing". */
static const char *const preamble_words[] = {
  "Mindful", "Convinced", "Concerned", "Deeply", "Gravely", "Guided", "Aware",
  "Alarmed", "Determined", "Cognizant", "Conscious", "Desirous", "Having", "Noting",
  "Further", "Also",
};

typedef struct
{
  GPtrArray  *raws;
  DossierRaw *current;
  guint       produced;   /* raws made by this reader, for the masthead search */
} Reader;

static gboolean
word_is_capitalised (const char *word,
                     gsize       len)
{
  return len > 0 && g_unichar_isupper (g_utf8_get_char (word));
}

static gboolean
word_is_connector (const char *word,
                   gsize       len)
{
  static const char *const connectors[] = { "of", "on", "for", "and", "the", "in", "to", "against" };

  for (guint i = 0; i < G_N_ELEMENTS (connectors); i++)
    if (strlen (connectors[i]) == len && strncmp (word, connectors[i], len) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
word_opens_preamble (const char *word,
                     gsize       len)
{
  if (!word_is_capitalised (word, len))
    return FALSE;
  if (len > 4 && strncmp (word + len - 3, "ing", 3) == 0)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (preamble_words); i++)
    if (strlen (preamble_words[i]) == len && strncmp (word, preamble_words[i], len) == 0)
      return TRUE;
  return FALSE;
}

/* Finds "The <Body>, <Participle>" and returns the offset of "The", or 0. */
static gsize
find_preamble_opener (const char *line,
                      gsize       length)
{
  gsize limit = MIN (length, 4000);

  for (gsize p = 1; p + 4 < limit; p++)
    {
      const char *q;
      guint words = 0;

      if (line[p - 1] != ' ' || strncmp (line + p, "The ", 4) != 0)
        continue;

      q = line + p + 4;
      while (words < 10 && q < line + length)
        {
          const char *end = q;
          gsize len;

          while (end < line + length && *end != ' ')
            end++;
          len = end - q;
          if (len == 0)
            break;

          if (q[len - 1] == ',')
            {
              const char *next = end + 1;
              const char *next_end = next;

              if (words == 0 && !word_is_capitalised (q, len))
                break;
              while (next_end < line + length && *next_end != ' ')
                next_end++;
              if (next < line + length && word_opens_preamble (next, next_end - next))
                return p;
              break;
            }

          if (!word_is_capitalised (q, len) && !word_is_connector (q, len))
            break;
          words++;
          q = end + 1;
        }
    }

  return 0;
}

static void
end_raw (Reader *r)
{
  DossierRaw *raw = g_steal_pointer (&r->current);

  if (raw == NULL)
    return;

  if (r->raws->len >= 2 * DOSSIER_LIMIT_BLOCKS_PER_DOC)
    {
      dossier_raw_free (raw);
      return;
    }

  /* A flattened resolution: its masthead and its text are one line. */
  if (r->produced < 4 && raw->lines->len == 1 && raw->kind == DOSSIER_RAW_PARAGRAPH)
    {
      const char *line = g_ptr_array_index (raw->lines, 0);
      gsize length = strlen (line);
      gsize opener = length >= LONG_LINE_BYTES ? find_preamble_opener (line, length) : 0;

      if (opener > 0)
        {
          DossierRaw *head = dossier_raw_new (DOSSIER_RAW_PARAGRAPH);
          DossierRaw *text = dossier_raw_new (DOSSIER_RAW_PARAGRAPH);

          g_ptr_array_add (head->lines, g_strndup (line, opener));
          g_ptr_array_add (text->lines, g_strdup (line + opener));
          text->body_start = TRUE;
          g_ptr_array_add (r->raws, head);
          g_ptr_array_add (r->raws, text);
          r->produced += 2;
          dossier_raw_free (raw);
          return;
        }
    }

  g_ptr_array_add (r->raws, raw);
  r->produced++;
}

/* Returns the length of a bullet at the start of @line, or 0. */
static gsize
bullet_length (const char *line,
               gsize       length,
               char       *bullet)
{
  static const char *const bullets[] = { "\xe2\x80\xa2", "\xc2\xb7", "\xe2\x97\xa6", "\xe2\x96\xaa",
                                         "\xe2\x80\x93", "\xef\x82\xb7" };
  gsize i = 0;

  while (i < length && i < 8 && (line[i] == ' ' || line[i] == '\t'))
    i++;
  if (i >= length)
    return 0;

  if ((line[i] == '-' || line[i] == '*' || line[i] == '+') && i + 1 < length &&
      (line[i + 1] == ' ' || line[i + 1] == '\t'))
    {
      *bullet = line[i];
      return i + 2;
    }

  for (guint b = 0; b < G_N_ELEMENTS (bullets); b++)
    {
      gsize blen = strlen (bullets[b]);

      if (i + blen < length && strncmp (line + i, bullets[b], blen) == 0 &&
          (line[i + blen] == ' ' || line[i + blen] == '\t'))
        {
          *bullet = '-';
          return i + blen + 1;
        }
    }

  return 0;
}

static gboolean
current_lines_are_short (Reader *r)
{
  for (guint i = 0; i < r->current->lines->len; i++)
    if (strlen (g_ptr_array_index (r->current->lines, i)) >= SHORT_LINE_BYTES)
      return FALSE;
  return TRUE;
}

void
dossier_import_read_plain_into (GPtrArray  *raws,
                                const char *text,
                                gsize       length)
{
  Reader r = { raws, NULL, 0 };
  gsize i = 0;

  while (i < length && raws->len < 2 * DOSSIER_LIMIT_BLOCKS_PER_DOC)
    {
      gsize end = i;
      gsize line_len;
      gboolean blank = TRUE;
      gsize skip;
      char bullet = 0;

      /* Lines end at \n, \r\n, \r, or a form feed (a page break). */
      while (end < length && text[end] != '\n' && text[end] != '\r' && text[end] != '\f')
        {
          if (blank && !g_ascii_isspace (text[end]))
            blank = FALSE;
          end++;
        }
      line_len = end - i;

      if (blank || (end < length && text[end] == '\f'))
        {
          if (!blank)
            {
              if (r.current == NULL)
                r.current = dossier_raw_new (DOSSIER_RAW_PARAGRAPH);
              g_ptr_array_add (r.current->lines, g_strndup (text + i, line_len));
            }
          end_raw (&r);
        }
      else if ((skip = bullet_length (text + i, line_len, &bullet)) > 0)
        {
          end_raw (&r);
          r.current = dossier_raw_new (DOSSIER_RAW_BULLET);
          r.current->bullet = bullet;
          r.current->depth = 1;
          g_ptr_array_add (r.current->lines, g_strndup (text + i + skip, line_len - skip));
        }
      else
        {
          if (r.current != NULL && line_len >= LONG_LINE_BYTES &&
              r.current->kind == DOSSIER_RAW_PARAGRAPH && current_lines_are_short (&r))
            end_raw (&r);
          if (r.current == NULL)
            r.current = dossier_raw_new (DOSSIER_RAW_PARAGRAPH);
          g_ptr_array_add (r.current->lines, g_strndup (text + i, line_len));
        }

      i = end;
      if (i < length && text[i] == '\r' && i + 1 < length && text[i + 1] == '\n')
        i++;
      i++;
    }

  end_raw (&r);
}

GPtrArray *
dossier_import_read_plain (const char *text,
                           gsize       length)
{
  GPtrArray *raws = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_raw_free);

  dossier_import_read_plain_into (raws, text, length);
  return raws;
}
