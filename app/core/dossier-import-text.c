/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Small text helpers for the importer: labels, footnote markers, cleaning,
 * dates, UN symbols, de-shouting, sentence boundaries. They work on text that
 * is no longer Markdown: the readers have removed all markup before.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dossier-import-private.h"

/* Raw blocks */

DossierRaw *
dossier_raw_new (DossierRawKind kind)
{
  DossierRaw *raw = g_new0 (DossierRaw, 1);

  raw->kind = kind;
  raw->lines = g_ptr_array_new_with_free_func (g_free);

  return raw;
}

void
dossier_raw_free (DossierRaw *raw)
{
  if (raw == NULL)
    return;

  g_ptr_array_unref (raw->lines);
  g_free (raw);
}

/* Labels */

static gsize
match_word_ci (const char *p,
               const char *word)
{
  gsize len = strlen (word);

  if (g_ascii_strncasecmp (p, word, len) != 0)
    return 0;
  if (p[len] != ' ' && p[len] != '\t')
    return 0;
  return len;
}

static gboolean
is_blank_or_end (char c)
{
  return c == '\0' || c == ' ' || c == '\t' || c == '\n';
}

static int
roman_digit (char c)
{
  switch (c)
    {
    case 'I': case 'i': return 1;
    case 'V': case 'v': return 5;
    case 'X': case 'x': return 10;
    case 'L': case 'l': return 50;
    case 'C': case 'c': return 100;
    default: return 0;
    }
}

gboolean
dossier_import_roman_value (const char *text,
                            gsize       len,
                            int        *value)
{
  static const char *const ones[] = { "", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX" };
  static const char *const tens[] = { "", "X", "XX", "XXX", "XL", "L", "LX", "LXX", "LXXX", "XC" };
  char canonical[16];
  int total = 0;

  if (len == 0 || len > 8)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    {
      int v = roman_digit (text[i]);
      int next = i + 1 < len ? roman_digit (text[i + 1]) : 0;

      if (v == 0)
        return FALSE;
      total += v < next ? -v : v;
    }

  if (total <= 0 || total >= 100)
    return FALSE;

  /* Only the canonical spelling counts, so that words such as "CIVIL" or
   * "LIVID" are not taken for numerals. */
  g_snprintf (canonical, sizeof canonical, "%s%s", tens[total / 10], ones[total % 10]);
  if (strlen (canonical) != len || g_ascii_strncasecmp (canonical, text, len) != 0)
    return FALSE;

  if (value != NULL)
    *value = total;
  return TRUE;
}

static gsize
skip_blanks (const char *p)
{
  gsize n = 0;

  while (p[n] == ' ' || p[n] == '\t')
    n++;
  return n;
}

gboolean
dossier_import_parse_label (const char   *text,
                            DossierLabel *label)
{
  const char *start = text;
  const char *p;
  gsize n;

  memset (label, 0, sizeof *label);
  if (text == NULL)
    return FALSE;

  p = text + skip_blanks (text);

  /* "Article 5", "Chapter II", "Part 2" */
  if ((n = match_word_ci (p, "article")) != 0)
    {
      const char *q = p + n + skip_blanks (p + n);
      gsize digits = 0;

      while (g_ascii_isdigit (q[digits]) && digits < 3)
        digits++;
      if (digits > 0 && !g_ascii_isdigit (q[digits]))
        {
          const char *end = q + digits;

          if (*end == '.' || *end == ':')
            end++;
          if (is_blank_or_end (*end))
            {
              label->kind = DOSSIER_LABEL_ARTICLE;
              label->number = dossier_import_atoi (q);
              g_strlcpy (label->text, q, MIN (digits + 1, sizeof label->text));
              label->length = (end - start) + skip_blanks (end);
              return TRUE;
            }
        }
      return FALSE;
    }

  if ((n = match_word_ci (p, "chapter")) != 0 || (n = match_word_ci (p, "part")) != 0)
    {
      const char *q = p + n + skip_blanks (p + n);
      gsize len = 0;
      int value = 0;

      while (g_ascii_isalnum (q[len]) && len < 8)
        len++;
      if (len > 0 && (dossier_import_roman_value (q, len, &value) ||
                      (g_ascii_isdigit (q[0]) && (value = dossier_import_atoi (q)) > 0)))
        {
          const char *end = q + len;

          if (*end == '.' || *end == ':')
            end++;
          if (is_blank_or_end (*end))
            {
              label->kind = DOSSIER_LABEL_CHAPTER;
              label->number = value;
              g_strlcpy (label->text, q, MIN (len + 1, sizeof label->text));
              label->length = (end - start) + skip_blanks (end);
              return TRUE;
            }
        }
      return FALSE;
    }

  /* "(a)", "(iv)", "(1)" */
  if (*p == '(')
    {
      gsize len = 0;

      while (g_ascii_isalnum (p[1 + len]) && len < 5)
        len++;
      if (len > 0 && p[1 + len] == ')' && is_blank_or_end (p[2 + len]))
        {
          const char *end = p + 2 + len;

          if (g_ascii_isdigit (p[1]))
            {
              for (gsize i = 0; i < len; i++)
                if (!g_ascii_isdigit (p[1 + i]))
                  return FALSE;
              label->kind = DOSSIER_LABEL_ARABIC_PAREN;
              label->number = dossier_import_atoi (p + 1);
            }
          else if (g_ascii_islower (p[1]) &&
                   (len == 1 || dossier_import_roman_value (p + 1, len, &label->number)))
            {
              for (gsize i = 0; i < len; i++)
                if (!g_ascii_islower (p[1 + i]))
                  return FALSE;
              label->kind = DOSSIER_LABEL_LOWER_PAREN;
            }
          else
            {
              return FALSE;
            }
          g_strlcpy (label->text, p, MIN (len + 3, sizeof label->text));
          label->length = (end - start) + skip_blanks (end);
          return TRUE;
        }
      return FALSE;
    }

  /* "16. ", "1) " */
  if (g_ascii_isdigit (*p))
    {
      gsize digits = 0;

      while (g_ascii_isdigit (p[digits]))
        digits++;
      if (digits > 3)
        return FALSE;
      if ((p[digits] == '.' || p[digits] == ')') && is_blank_or_end (p[digits + 1]))
        {
          const char *end = p + digits + 1;

          label->number = dossier_import_atoi (p);
          if (p[digits] == '.')
            {
              label->kind = DOSSIER_LABEL_ARABIC;
              g_strlcpy (label->text, p, MIN (digits + 1, sizeof label->text));
            }
          else
            {
              label->kind = DOSSIER_LABEL_ARABIC_PAREN;
              g_strlcpy (label->text, p, MIN (digits + 2, sizeof label->text));
            }
          label->length = (end - start) + skip_blanks (end);
          return TRUE;
        }
      return FALSE;
    }

  /* "a) ", "iv) " */
  if (g_ascii_islower (*p))
    {
      gsize len = 0;

      while (g_ascii_islower (p[len]) && len < 5)
        len++;
      if (p[len] == ')' && is_blank_or_end (p[len + 1]) &&
          (len == 1 || dossier_import_roman_value (p, len, &label->number)))
        {
          const char *end = p + len + 1;

          label->kind = DOSSIER_LABEL_LOWER_PAREN;
          g_snprintf (label->text, sizeof label->text, "(%.*s)", (int) len, p);
          label->length = (end - start) + skip_blanks (end);
          return TRUE;
        }
      return FALSE;
    }

  /* "IV. ", "B. ", and a numeral standing alone ("I") */
  if (g_ascii_isupper (*p))
    {
      gsize len = 0;
      int value = 0;

      while (g_ascii_isupper (p[len]) && len < 8)
        len++;

      if ((p[len] == '.' && is_blank_or_end (p[len + 1])) ||
          (p[len + skip_blanks (p + len)] == '\0'))
        {
          const char *end = p + len + (p[len] == '.' ? 1 : 0);

          if (dossier_import_roman_value (p, len, &value))
            {
              label->kind = DOSSIER_LABEL_ROMAN;
              label->number = value;
            }
          else if (len == 1 && p[len] == '.')
            {
              label->kind = DOSSIER_LABEL_LETTER;
              label->number = *p - 'A' + 1;
            }
          else
            {
              return FALSE;
            }
          g_strlcpy (label->text, p, MIN (len + 1, sizeof label->text));
          label->length = (end - start) + skip_blanks (end);
          return TRUE;
        }
    }

  return FALSE;
}

/* Characters */

gboolean
dossier_import_superscript_digit (gunichar  c,
                                  int      *digit)
{
  int d;

  switch (c)
    {
    case 0x2070: d = 0; break;
    case 0x00B9: d = 1; break;
    case 0x00B2: d = 2; break;
    case 0x00B3: d = 3; break;
    case 0x2074: case 0x2075: case 0x2076: case 0x2077: case 0x2078: case 0x2079:
      d = (int) (c - 0x2070);
      break;
    default:
      return FALSE;
    }

  if (digit != NULL)
    *digit = d;
  return TRUE;
}

char *
dossier_import_superscript (const char *digits)
{
  static const gunichar sup[] = { 0x2070, 0x00B9, 0x00B2, 0x00B3, 0x2074,
                                  0x2075, 0x2076, 0x2077, 0x2078, 0x2079 };
  GString *out = g_string_new (NULL);

  for (const char *p = digits; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_unichar (out, sup[*p - '0']);
      else
        g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

/* Characters that never belong in a block's text: controls (the store uses
 * \x02 and \x03 as snippet markers), replacement characters left by broken
 * converters, zero-width characters and soft hyphens. */
static gboolean
is_dropped_char (gunichar c)
{
  if (c < 0x20 || (c >= 0x7F && c < 0xA0))
    return TRUE;

  switch (c)
    {
    case 0x00AD: case 0x200B: case 0x200C: case 0x200D: case 0x2060:
    case 0xFEFF: case 0xFFFD: case 0xFFFE: case 0xFFFF:
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
is_space_char (gunichar c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
         g_unichar_type (c) == G_UNICODE_SPACE_SEPARATOR ||
         c == 0x2028 || c == 0x2029;
}

char *
dossier_import_clean_text (const char *text,
                           gssize      length,
                           gboolean    keep_newlines)
{
  const char *p;
  const char *end;
  GString *out;
  enum { WS_NONE, WS_SPACE, WS_NEWLINE } pending = WS_NONE;

  if (text == NULL)
    return g_strdup ("");
  if (length < 0)
    length = strlen (text);

  out = g_string_sized_new (length + 1);
  p = text;
  end = text + length;

  while (p < end)
    {
      gunichar c;
      const char *next;

      /* Most text is printable ASCII. */
      if (*p > ' ' && *p < 0x7F && *p != '*' && *p != '\\')
        {
          if (pending != WS_NONE && out->len > 0)
            g_string_append_c (out, pending == WS_NEWLINE ? '\n' : ' ');
          pending = WS_NONE;
          g_string_append_c (out, *p++);
          continue;
        }

      c = g_utf8_get_char_validated (p, end - p);
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          p++;
          continue;
        }
      next = g_utf8_next_char (p);

      if (c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029)
        {
          if (keep_newlines)
            pending = WS_NEWLINE;
          else if (pending == WS_NONE)
            pending = WS_SPACE;
        }
      else if (is_space_char (c))
        {
          if (pending == WS_NONE)
            pending = WS_SPACE;
        }
      else if (is_dropped_char (c) || dossier_import_superscript_digit (c, NULL))
        {
          /* Superscript digits are footnote references; the notes themselves
           * carry their marker as a label. */
        }
      else if (c == '*' && out->len > 0 && pending == WS_NONE)
        {
          /* Asterisks glued to the end of a word are footnote references too. */
          const char *q = p;

          while (q < end && *q == '*')
            q++;
          if (q == end || *q == ' ' || *q == '\n' || *q == '\t' || *q == ',' ||
              *q == '.' || *q == ';' || *q == ':' || *q == ')')
            next = q;
          else
            g_string_append_c (out, '*');
        }
      else if (c == '\\' && next < end && g_ascii_ispunct (*next))
        {
          /* A backslash escape that survived Markdown parsing, from text that
           * was escaped twice by a converter ("andrei\\_metelitsa"). */
          if (pending != WS_NONE && out->len > 0)
            g_string_append_c (out, pending == WS_NEWLINE ? '\n' : ' ');
          pending = WS_NONE;
          g_string_append_c (out, *next);
          next++;
        }
      else
        {
          if (pending != WS_NONE && out->len > 0)
            g_string_append_c (out, pending == WS_NEWLINE ? '\n' : ' ');
          pending = WS_NONE;
          g_string_append_len (out, p, next - p);
        }

      p = next;
    }

  return g_string_free (out, FALSE);
}

/* Entities and HTML */

static const struct
{
  const char *name;
  gunichar    c;
} entities[] = {
  { "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' }, { "apos", '\'' },
  { "nbsp", 0xA0 }, { "ndash", 0x2013 }, { "mdash", 0x2014 }, { "lsquo", 0x2018 },
  { "rsquo", 0x2019 }, { "ldquo", 0x201C }, { "rdquo", 0x201D }, { "hellip", 0x2026 },
  { "laquo", 0xAB }, { "raquo", 0xBB }, { "copy", 0xA9 }, { "reg", 0xAE },
  { "trade", 0x2122 }, { "euro", 0x20AC }, { "shy", 0xAD }, { "bull", 0x2022 },
  { "middot", 0xB7 }, { "sect", 0xA7 }, { "deg", 0xB0 }, { "eacute", 0xE9 },
  { "egrave", 0xE8 }, { "aacute", 0xE1 }, { "oacute", 0xF3 }, { "iacute", 0xED },
  { "uacute", 0xFA }, { "ntilde", 0xF1 }, { "ccedil", 0xE7 }, { "ouml", 0xF6 },
  { "uuml", 0xFC }, { "auml", 0xE4 }, { "sup1", 0xB9 }, { "sup2", 0xB2 }, { "sup3", 0xB3 },
};

/* Returns the length of the entity at @p (which points at '&'), or 0. */
static gsize
decode_entity (const char *p,
               gunichar   *out)
{
  gsize len = 1;

  if (p[1] == '#')
    {
      gboolean hex = (p[2] == 'x' || p[2] == 'X');
      const char *q = p + (hex ? 3 : 2);
      guint64 value = 0;
      gsize digits = 0;

      while (digits < 8 && (hex ? g_ascii_isxdigit (q[digits]) : g_ascii_isdigit (q[digits])))
        {
          value = value * (hex ? 16 : 10) +
                  (hex ? g_ascii_xdigit_value (q[digits]) : g_ascii_digit_value (q[digits]));
          digits++;
        }
      if (digits == 0 || q[digits] != ';' || value == 0 || !g_unichar_validate ((gunichar) value))
        return 0;
      *out = (gunichar) value;
      return (q - p) + digits + 1;
    }

  while (g_ascii_isalnum (p[len]) && len < 10)
    len++;
  if (p[len] != ';')
    return 0;

  for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
    {
      if (strlen (entities[i].name) == len - 1 && strncmp (p + 1, entities[i].name, len - 1) == 0)
        {
          *out = entities[i].c;
          return len + 1;
        }
    }

  return 0;
}

char *
dossier_import_decode_entities (const char *text)
{
  GString *out;

  if (strchr (text, '&') == NULL)
    return g_strdup (text);

  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p != '\0';)
    {
      gunichar c;
      gsize len;

      if (*p == '&' && (len = decode_entity (p, &c)) > 0)
        {
          g_string_append_unichar (out, c);
          p += len;
        }
      else
        {
          g_string_append_c (out, *p++);
        }
    }

  return g_string_free (out, FALSE);
}

static gboolean
tag_is (const char *tag,
        const char *name)
{
  gsize len = strlen (name);

  if (*tag == '/')
    tag++;
  return g_ascii_strncasecmp (tag, name, len) == 0 &&
         (tag[len] == '>' || tag[len] == ' ' || tag[len] == '/' || tag[len] == '\t' ||
          tag[len] == '\n' || tag[len] == '\0');
}

/* Appends the text of an HTML fragment: tags and comments dropped, the
 * content of scripts and style sheets skipped, block tags ending lines. */
void
dossier_import_append_html_text (GString    *out,
                                 const char *html)
{
  const char *p = html;
  GString *segment = g_string_new (NULL);

  while (*p != '\0')
    {
      if (*p == '<' && strncmp (p, "<!--", 4) == 0)
        {
          const char *close = strstr (p + 4, "-->");

          p = close != NULL ? close + 3 : p + strlen (p);
        }
      else if (*p == '<' && (g_ascii_isalpha (p[1]) || p[1] == '/' || p[1] == '!' || p[1] == '?'))
        {
          const char *tag = p + 1;
          const char *close = strchr (p, '>');

          if (tag_is (tag, "br") || tag_is (tag, "p") || tag_is (tag, "div") ||
              tag_is (tag, "li") || tag_is (tag, "tr") || tag_is (tag, "h1") ||
              tag_is (tag, "h2") || tag_is (tag, "h3") || tag_is (tag, "td"))
            g_string_append_c (segment, tag_is (tag, "td") ? ' ' : '\n');

          if (*tag != '/' && (tag_is (tag, "script") || tag_is (tag, "style")))
            {
              const char *end_tag = NULL;

              for (const char *q = close; q != NULL && (q = strchr (q, '<')) != NULL; q++)
                {
                  if (q[1] == '/' && (tag_is (q + 1, "script") || tag_is (q + 1, "style")))
                    {
                      end_tag = strchr (q, '>');
                      break;
                    }
                }
              close = end_tag;
            }

          p = close != NULL ? close + 1 : p + strlen (p);
        }
      else
        {
          g_string_append_c (segment, *p++);
        }
    }

  {
    g_autofree char *decoded = dossier_import_decode_entities (segment->str);
    g_string_append (out, decoded);
  }
  g_string_free (segment, TRUE);
}

/* Footnote markers */

char *
dossier_import_leading_marker (const char *text,
                               gsize      *length,
                               gboolean   *is_note)
{
  const char *p = text + skip_blanks (text);
  GString *digits = NULL;
  gunichar c;
  int d;

  *is_note = FALSE;
  *length = 0;

  c = g_utf8_get_char_validated (p, -1);
  if (dossier_import_superscript_digit (c, &d))
    {
      digits = g_string_new (NULL);
      while (dossier_import_superscript_digit ((c = g_utf8_get_char_validated (p, -1)), &d))
        {
          g_string_append_c (digits, '0' + d);
          p = g_utf8_next_char (p);
        }
      p += skip_blanks (p);
      *is_note = TRUE;
      *length = p - text;
      return g_string_free (digits, FALSE);
    }

  if (c == 0xFFFD)
    {
      /* A converter lost the marker; the note is still a note. */
      p = g_utf8_next_char (p);
      p += skip_blanks (p);
      *is_note = TRUE;
      *length = p - text;
      return NULL;
    }

  if (*p == '*')
    {
      gsize stars = 0;

      while (p[stars] == '*')
        stars++;
      if (stars <= 4 && (p[stars] == ' ' || p[stars] == '\t'))
        {
          char *marker = g_strndup (p, stars);

          p += stars;
          p += skip_blanks (p);
          *is_note = TRUE;
          *length = p - text;
          return marker;
        }
    }

  return NULL;
}

/* Sentences and words */

/* Points just past the last character that is not space, a closing quote or
 * bracket, a footnote reference or an asterisk. */
static const char *
last_meaningful (const char *text,
                 gboolean    skip_brackets)
{
  const char *end = text + strlen (text);

  while (end > text)
    {
      const char *prev = g_utf8_find_prev_char (text, end);
      gunichar c = g_utf8_get_char (prev);

      if (is_space_char (c) || dossier_import_superscript_digit (c, NULL) || c == '*' ||
          c == '"' || c == '\'' || c == 0x201D || c == 0x2019 || c == 0xBB ||
          (skip_brackets && (c == ')' || c == ']')) || is_dropped_char (c))
        end = prev;
      else
        break;
    }

  return end;
}

static gunichar
last_char (const char *text,
           gboolean    skip_brackets)
{
  const char *end = last_meaningful (text, skip_brackets);

  if (end == text)
    return 0;
  return g_utf8_get_char (g_utf8_find_prev_char (text, end));
}

gboolean
dossier_import_ends_sentence (const char *text)
{
  gunichar c = last_char (text, FALSE);

  return c == '.' || c == '!' || c == '?' || c == 0x2026;
}

gboolean
dossier_import_ends_clause (const char *text)
{
  gunichar c = last_char (text, FALSE);

  return c == '.' || c == '!' || c == '?' || c == 0x2026 || c == ';' || c == ':';
}

static gunichar
first_alnum (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        return c;
      if (!is_space_char (c) && !g_unichar_ispunct (c))
        return 0;
    }
  return 0;
}

gboolean
dossier_import_starts_lowercase (const char *text)
{
  return g_unichar_islower (first_alnum (text));
}

gboolean
dossier_import_starts_uppercase (const char *text)
{
  gunichar c = first_alnum (text);

  return g_unichar_isupper (c) || g_unichar_istitle (c);
}

gboolean
dossier_import_is_all_caps (const char *text)
{
  guint upper = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_islower (c))
        return FALSE;
      if (g_unichar_isupper (c))
        upper++;
    }

  return upper >= 2;
}

guint
dossier_import_count_words (const char *text)
{
  guint words = 0;
  gboolean in_word = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      gboolean space = (*p == ' ' || *p == '\t' || *p == '\n');

      if (!space && !in_word)
        words++;
      in_word = !space;
    }

  return words;
}

/* De-shouting */

static const char *const small_words[] = {
  "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor",
  "of", "on", "or", "the", "to", "with", "against", "via", "per", "upon",
};

static const char *const acronyms[] = {
  "UN", "UNODC", "OSCE", "UNICEF", "ILO", "IOM", "OHCHR", "UNHCR", "ECOSOC", "CSW",
  "NGO", "NGOS", "EU", "USA", "UK", "DAW", "DESA", "CEDAW", "CRC", "HIV", "AIDS",
  "IGO", "IGOS", "UNDP", "UNIFEM", "UNFPA", "UNESCO", "OAS", "ASEAN", "ECPAT",
  "CICP", "ODIHR", "SECI", "ICMPD", "GIFT", "UN.GIFT", "NY",
};

static gboolean
is_acronym (const char *word,
            gsize       len)
{
  g_autofree char *upper = g_ascii_strup (word, len);

  /* Roman numerals keep their capitals: "PART II". A lone "I" is left to the
   * normal rule, which capitalises it anyway. */
  if (len > 1 && dossier_import_roman_value (word, len, NULL))
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (acronyms); i++)
    if (strcmp (upper, acronyms[i]) == 0)
      return TRUE;

  return FALSE;
}

static gboolean
is_small_word (const char *word,
               gsize       len)
{
  for (guint i = 0; i < G_N_ELEMENTS (small_words); i++)
    if (strlen (small_words[i]) == len && g_ascii_strncasecmp (word, small_words[i], len) == 0)
      return TRUE;

  return FALSE;
}

char *
dossier_import_deshout (const char *text,
                        gboolean    title_case)
{
  GString *out = g_string_new (NULL);
  gboolean sentence_start = TRUE;
  const char *p = text;

  while (*p != '\0')
    {
      const char *word_end = p;
      gsize len;

      if (*p == ' ')
        {
          g_string_append_c (out, *p++);
          continue;
        }

      while (*word_end != '\0' && *word_end != ' ')
        word_end++;
      len = word_end - p;

      {
        /* The word without surrounding punctuation decides. */
        const char *w = p;
        gsize wlen = len;

        while (wlen > 0 && g_ascii_ispunct (*w) && *w != '.')
          w++, wlen--;
        while (wlen > 0 && g_ascii_ispunct (w[wlen - 1]))
          wlen--;

        if (wlen > 0 && is_acronym (w, wlen))
          {
            g_string_append_len (out, p, len);
          }
        else
          {
            g_autofree char *lower = g_utf8_strdown (p, len);
            gboolean capital = sentence_start || (title_case && !is_small_word (w, wlen));

            if (capital)
              {
                /* Capitalise the first letter, after any opening punctuation. */
                const char *q = lower;

                while (*q != '\0' && !g_unichar_isalpha (g_utf8_get_char (q)))
                  q = g_utf8_next_char (q);
                g_string_append_len (out, lower, q - lower);
                if (*q != '\0')
                  {
                    g_string_append_unichar (out, g_unichar_totitle (g_utf8_get_char (q)));
                    g_string_append (out, g_utf8_next_char (q));
                  }
              }
            else
              {
                g_string_append (out, lower);
              }
          }

        sentence_start = (len > 0 && (p[len - 1] == ':' || p[len - 1] == '.')) ||
                         (len == 3 && strncmp (p, "\xe2\x80\x94", 3) == 0) ||
                         (len == 1 && *p == '-');
      }

      p = word_end;
    }

  return g_string_free (out, FALSE);
}

/* Dates */

static const char *const month_names[] = {
  "january", "february", "march", "april", "may", "june", "july", "august",
  "september", "october", "november", "december",
};

static int
month_of (const char *word,
          gsize       len)
{
  while (len > 0 && (word[len - 1] == ',' || word[len - 1] == '.'))
    len--;
  if (len < 3)
    return 0;

  for (int i = 0; i < 12; i++)
    {
      gsize full = strlen (month_names[i]);

      if (len == full && g_ascii_strncasecmp (word, month_names[i], len) == 0)
        return i + 1;
      /* "Feb." and "Sept" */
      if (len >= 3 && len < full && len <= 4 && i != 4 &&
          g_ascii_strncasecmp (word, month_names[i], len) == 0)
        return i + 1;
    }

  return 0;
}

/* Reads a day number, or the first day of a range such as "13-22". */
static int
day_of (const char *word,
        gsize       len)
{
  int day = 0;
  gsize i = 0;

  while (i < len && (word[i] == '(' || word[i] == '['))
    i++;
  if (i >= len || !g_ascii_isdigit (word[i]))
    return 0;
  while (i < len && g_ascii_isdigit (word[i]) && day < 100)
    day = day * 10 + (word[i++] - '0');
  if (i < len && word[i] != '-' && word[i] != ',' && (guchar) word[i] != 0xE2)
    {
      /* "1st", "22nd" */
      if (!(len - i == 2 && g_ascii_isalpha (word[i])))
        return 0;
    }

  return day >= 1 && day <= 31 ? day : 0;
}

static int
year_of (const char *word,
         gsize       len)
{
  int year = 0;

  while (len > 0 && g_ascii_ispunct (word[len - 1]))
    len--;
  if (len != 4)
    return 0;
  for (gsize i = 0; i < 4; i++)
    {
      if (!g_ascii_isdigit (word[i]))
        return 0;
      year = year * 10 + (word[i] - '0');
    }

  return year >= 1900 && year <= 2099 ? year : 0;
}

typedef struct
{
  const char *start;
  gsize       len;
} Word;

static GArray *
split_words (const char *text,
             gsize       max_words)
{
  GArray *words = g_array_new (FALSE, FALSE, sizeof (Word));
  const char *p = text;

  while (*p != '\0' && words->len < max_words)
    {
      Word w;

      while (*p == ' ' || *p == '\t' || *p == '\n')
        p++;
      if (*p == '\0')
        break;
      w.start = p;
      while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\n')
        p++;
      w.len = p - w.start;
      g_array_append_val (words, w);
    }

  return words;
}

char *
dossier_import_find_date (const char *text)
{
  g_autoptr(GArray) words = split_words (text, 4096);

  for (guint i = 0; i < words->len; i++)
    {
      Word *w = &g_array_index (words, Word, i);
      int month = month_of (w->start, w->len);
      int day = 0;
      int year = 0;

      if (month == 0)
        continue;

      if (i + 1 < words->len)
        {
          Word *next = &g_array_index (words, Word, i + 1);

          year = year_of (next->start, next->len);
          if (year != 0 && i > 0)
            {
              Word *prev = &g_array_index (words, Word, i - 1);

              day = day_of (prev->start, prev->len);
              /* "18 to 22 November 2002" and "18 - 22 November": the meeting
               * starts on the first day. */
              if (day != 0 && i >= 3)
                {
                  Word *joiner = &g_array_index (words, Word, i - 2);
                  Word *first = &g_array_index (words, Word, i - 3);
                  int first_day = day_of (first->start, first->len);

                  if (first_day != 0 && first_day < day &&
                      ((joiner->len == 2 && strncmp (joiner->start, "to", 2) == 0) ||
                       (joiner->len == 1 && joiner->start[0] == '-') ||
                       (joiner->len == 3 && strncmp (joiner->start, "\xe2\x80\x93", 3) == 0)))
                    day = first_day;
                }
            }
          else if (year == 0 && i + 2 < words->len)
            {
              /* "February 15, 2008" */
              Word *third = &g_array_index (words, Word, i + 2);

              day = day_of (next->start, next->len);
              year = year_of (third->start, third->len);
            }
        }

      if (day != 0 && year != 0 && g_date_valid_dmy (day, month, year))
        return g_strdup_printf ("%04d-%02d-%02d", year, month, day);
    }

  /* ISO dates as some converters print them. */
  for (guint i = 0; i < words->len; i++)
    {
      Word *w = &g_array_index (words, Word, i);
      int year, month, day;

      if (w->len >= 10 && g_ascii_isdigit (w->start[0]) && w->start[4] == '-' &&
          w->start[7] == '-' &&
          /* The widths bound each number, so none can overflow, and a part
           * that does not convert fails the count. */
          /* NOLINTNEXTLINE(cert-err34-c) */
          sscanf (w->start, "%4d-%2d-%2d", &year, &month, &day) == 3 &&
          year >= 1900 && year <= 2099 && g_date_valid_dmy (day, month, year))
        return g_strdup_printf ("%04d-%02d-%02d", year, month, day);
    }

  return NULL;
}

/* UN document symbols */

static gboolean
is_symbol (const char *s,
           gsize       len)
{
  gsize i = 0;
  gboolean digit = FALSE;
  gsize slashes = 0;

  /* The series: "A", "E", "E/CN.4" starts with "E", "PC.DEC", "CEDAW". */
  if (len < 3 || !g_ascii_isupper (s[0]))
    return FALSE;
  while (i < len && (g_ascii_isupper (s[i]) || s[i] == '.'))
    i++;
  if (i >= len || s[i] != '/' || i > 12 || s[i - 1] == '.')
    return FALSE;

  for (; i < len; i++)
    {
      char c = s[i];

      if (c == '/')
        {
          if (i + 1 >= len || s[i + 1] == '/')
            return FALSE;
          slashes++;
        }
      else if (g_ascii_isdigit (c))
        digit = TRUE;
      else if (!g_ascii_isalpha (c) && c != '.' && c != '-')
        return FALSE;
    }

  return digit && slashes >= 1;
}

char *
dossier_import_find_symbol (const char *text)
{
  int depth = 0;
  const char *p = text;

  while (*p != '\0')
    {
      const char *start;
      const char *end;
      int depth_at_start;

      while (*p == ' ' || *p == '\t' || *p == '\n')
        p++;
      if (*p == '\0')
        break;

      start = p;
      while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\n')
        p++;
      end = p;

      depth_at_start = depth;
      for (const char *q = start; q < end; q++)
        {
          if (*q == '(' || *q == '[')
            depth++;
          else if ((*q == ')' || *q == ']') && depth > 0)
            depth--;
        }

      /* Symbols in brackets are references to other documents. */
      if (depth_at_start > 0 || *start == '(' || *start == '[')
        continue;

      while (start < end && (*start == '"' || *start == '\''))
        start++;
      while (end > start && (end[-1] == '.' || end[-1] == ',' || end[-1] == ';' ||
                             end[-1] == ':' || end[-1] == '"' || end[-1] == '*'))
        end--;

      if (is_symbol (start, end - start))
        return g_strndup (start, end - start);
    }

  return NULL;
}

/* Sentence boundaries */

static const char *const abbreviations[] = {
  "mr", "mrs", "ms", "dr", "no", "nos", "para", "paras", "art", "arts", "e.g", "i.e",
  "etc", "vol", "p", "pp", "rev", "add", "corr", "st", "inc", "co", "ltd", "chap",
  "sect", "op", "cit", "cf", "al", "h.e", "fig", "jan", "feb", "aug", "sept", "oct",
  "nov", "dec", "gen", "prof", "amb", "approx", "sales",
};

static gboolean
is_abbreviation (const char *text,
                 const char *dot)
{
  const char *start = dot;
  gsize len;

  while (start > text && !g_ascii_isspace (start[-1]) && start[-1] != '(')
    start--;
  len = dot - start;

  if (len == 0)
    return FALSE;
  /* An initial: "A. Smith". */
  if (len == 1 && g_ascii_isupper (*start))
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (abbreviations); i++)
    if (strlen (abbreviations[i]) == len && g_ascii_strncasecmp (start, abbreviations[i], len) == 0)
      return TRUE;

  return FALSE;
}

/* Is there a sentence boundary between text[i - 1] and text[i], where text[i]
 * is a space? */
static gboolean
sentence_boundary_at (const char *text,
                      gsize       length,
                      gsize       i)
{
  gsize j = i;
  gsize k = i + 1;
  char c;

  if (i == 0 || i + 1 >= length)
    return FALSE;

  /* Step back over closing quotes and brackets: 'end." Next' */
  while (j > 0 && (text[j - 1] == '"' || text[j - 1] == ')' || text[j - 1] == '\''))
    j--;
  if (j >= 3 && (guchar) text[j - 3] == 0xE2 && (guchar) text[j - 2] == 0x80 &&
      ((guchar) text[j - 1] == 0x9D || (guchar) text[j - 1] == 0x99))
    j -= 3;
  if (j == 0)
    return FALSE;

  c = text[j - 1];
  if (c != '.' && c != '!' && c != '?')
    return FALSE;
  if (c == '.' && is_abbreviation (text, text + j - 1))
    return FALSE;

  while (k < length && text[k] == ' ')
    k++;
  if (k >= length)
    return FALSE;

  return g_ascii_isupper (text[k]) || g_ascii_isdigit (text[k]) || text[k] == '"' ||
         text[k] == '(' || (guchar) text[k] >= 0xC0;
}

gsize
dossier_import_find_break (const char *text,
                           gsize       length,
                           gsize       target,
                           gsize       max)
{
  /* Candidates by strength: sentence end, semicolon, comma before a capital
   * (resolutions list their clauses so), any blank. For each, the last one
   * near the target, and the first one after it. */
  gsize before[4] = { 0, 0, 0, 0 };
  gsize after[4] = { 0, 0, 0, 0 };
  gsize soft = target + target / 4;
  gsize limit;

  if (length <= target)
    return length;

  limit = MIN (max, length - 1);
  for (gsize i = MAX (target / 2, 1); i < limit; i++)
    {
      int strength;

      if (text[i] != ' ')
        continue;

      if (sentence_boundary_at (text, length, i))
        strength = 0;
      else if (text[i - 1] == ';')
        strength = 1;
      else if (text[i - 1] == ',' && g_ascii_isupper (text[i + 1]))
        strength = 2;
      else
        strength = 3;

      if (i <= soft)
        before[strength] = i;
      else if (after[strength] == 0)
        after[strength] = i;

      if (i > soft && after[0] != 0)
        break;
    }

  for (int k = 0; k < 3; k++)
    if (before[k] != 0)
      return before[k] + 1;
  for (int k = 0; k < 3; k++)
    if (after[k] != 0)
      return after[k] + 1;
  if (before[3] != 0)
    return before[3] + 1;
  if (after[3] != 0)
    return after[3] + 1;

  {
    /* No blank at all: cut at a character boundary. */
    const char *cut = g_utf8_find_prev_char (text, text + MIN (max, length));

    return cut != NULL && cut > text ? (gsize) (cut - text) : MIN (max, length);
  }
}
