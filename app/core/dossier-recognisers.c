/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Pattern recognisers. Each one walks the normalised characters of a block once
 * (a few look a bounded distance back or ahead), so that the extractor stays
 * linear in the size of the text.
 */

#include "config.h"

#include <string.h>

#include "dossier-recognisers.h"

/* Helpers over normalised text */

static inline gunichar
cased_at (const DossierText *t,
          guint              i)
{
  return i < t->n_norm ? t->cased[i] : 0;
}

static inline gboolean
is_word (gunichar c)
{
  return c != 0 && dossier_text_is_word_char (c);
}

/* GLib's character classes, with ASCII answered without its Unicode tables
 * (the same answers: ASCII's only upper-case letters are A-Z, and so on). */
static inline gboolean
char_is_upper (gunichar c)
{
  return c < 0x80 ? c >= 'A' && c <= 'Z' : g_unichar_isupper (c);
}

static inline gboolean
char_is_lower (gunichar c)
{
  return c < 0x80 ? c >= 'a' && c <= 'z' : g_unichar_islower (c);
}

static inline gboolean
char_is_alpha (gunichar c)
{
  return c < 0x80 ? (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') : g_unichar_isalpha (c);
}

static inline gboolean
char_is_digit (gunichar c)
{
  return c < 0x80 ? c >= '0' && c <= '9' : g_unichar_isdigit (c);
}

static inline gboolean
is_ascii_upper (gunichar c)
{
  return c >= 'A' && c <= 'Z';
}

static inline gboolean
is_ascii_digit (gunichar c)
{
  return c >= '0' && c <= '9';
}

static inline gboolean
is_ascii_alnum (gunichar c)
{
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* Whether the lower-cased text at @i reads @ascii. */
static gboolean
folded_has (const DossierText *t,
            guint              i,
            const char        *ascii)
{
  for (guint k = 0; ascii[k] != '\0'; k++)
    if (i + k >= t->n_norm || t->folded[i + k] != (guchar) ascii[k])
      return FALSE;

  return TRUE;
}

/* Whether the whole word (or words) @ascii stands at @i, case ignored. The
 * first letter is compared before anything else: most positions fail there. */
static inline gboolean
word_at (const DossierText *t,
         guint              i,
         const char        *ascii)
{
  guint k;

  if (i >= t->n_norm || t->folded[i] != (guchar) ascii[0])
    return FALSE;
  if (i > 0 && is_word (t->cased[i - 1]))
    return FALSE;
  for (k = 1; ascii[k] != '\0'; k++)
    if (i + k >= t->n_norm || t->folded[i + k] != (guchar) ascii[k])
      return FALSE;

  return !is_word (cased_at (t, i + k));
}

static char *
norm_slice (const DossierText *t,
            guint              start,
            guint              end)
{
  end = MIN (end, t->n_norm);
  if (start >= end)
    return g_strdup ("");

  return g_ucs4_to_utf8 (t->cased + start, end - start, NULL, NULL, NULL);
}

static gboolean
strv_has (const char * const *strv,
          const char         *str)
{
  for (guint i = 0; strv[i] != NULL; i++)
    if (g_str_equal (strv[i], str))
      return TRUE;

  return FALSE;
}

/* The word lists below, in one hash table built once: a word is looked up once
 * for every list it may be in, rather than compared with each list's words. */
typedef enum
{
  LEX_SYMBOL_SUFFIX = 1 << 0,
  LEX_CONNECTOR     = 1 << 1,
  LEX_GENERIC       = 1 << 2,
  LEX_LEADING       = 1 << 3,
  LEX_HONORIFIC     = 1 << 4,
  LEX_PARTICLE      = 1 << 5,
  LEX_TITLE         = 1 << 6,
  LEX_CLAUSE_OPENER = 1 << 7,
  LEX_PREPOSITION   = 1 << 8,
  LEX_ANAPHOR_HEAD  = 1 << 9,
  LEX_ABBREVIATION  = 1 << 10,
  LEX_HEAD          = 1 << 11,
} LexFlags;

typedef struct
{
  guint flags;
  guint head;     /* index into heads[] when LEX_HEAD */
} LexEntry;

static const LexEntry *lexicon_lookup (const char *word);

static inline guint
lex_flags (const char *word)
{
  const LexEntry *entry = lexicon_lookup (word);

  return entry != NULL ? entry->flags : 0;
}

static inline gboolean
lex_has (const char *word,
         guint       flag)
{
  return (lex_flags (word) & flag) != 0;
}

void
dossier_candidate_free (DossierCandidate *candidate)
{
  if (candidate == NULL)
    return;

  g_free (candidate->key);
  g_free (candidate->kind);
  g_free (candidate->name);
  g_free (candidate->organ_key);
  g_free (candidate->verb);
  g_free (candidate);
}

static DossierCandidate *
candidate_new (guint       norm_start,
               guint       norm_end,
               char       *key,
               const char *kind,
               char       *name,
               const char *recogniser,
               double      confidence)
{
  DossierCandidate *candidate = g_new0 (DossierCandidate, 1);

  candidate->norm_start = norm_start;
  candidate->norm_end = norm_end;
  candidate->key = key;
  candidate->kind = g_strdup (kind);
  candidate->name = name;
  candidate->recogniser = recogniser;
  candidate->confidence = confidence;

  return candidate;
}

/* Words: runs of word characters with inner hyphens and apostrophes
 * ("Non-Governmental", "Children's"). */

typedef struct
{
  guint start;
  guint end;
} Token;

static GArray *
tokenise (const DossierText *t)
{
  GArray *tokens = g_array_new (FALSE, FALSE, sizeof (Token));
  guint i = 0;

  while (i < t->n_norm)
    {
      Token token;

      if (!is_word (t->cased[i]))
        {
          i++;
          continue;
        }

      token.start = i;
      while (i < t->n_norm &&
             (is_word (t->cased[i]) ||
              ((t->cased[i] == '-' || t->cased[i] == '\'') &&
               is_word (cased_at (t, i + 1)))))
        i++;
      token.end = i;
      g_array_append_val (tokens, token);
    }

  return tokens;
}

/* Every token's text, as UTF-8, in one buffer: the name recognisers share one
 * tokenisation of a block. */
typedef struct
{
  GArray *tokens;   /* of Token */
  char  **words;    /* the text of each token, into buffer; NULL-terminated */
  char   *buffer;
} Words;

static void
words_init (Words             *w,
            const DossierText *t)
{
  gsize size = 1, pos = 0;

  w->tokens = tokenise (t);
  for (guint k = 0; k < w->tokens->len; k++)
    {
      const Token *token = &g_array_index (w->tokens, Token, k);

      size += (gsize) (token->end - token->start) * 6 + 1;
    }
  w->buffer = g_malloc (size);
  w->words = g_new (char *, w->tokens->len + 1);
  for (guint k = 0; k < w->tokens->len; k++)
    {
      const Token *token = &g_array_index (w->tokens, Token, k);

      w->words[k] = w->buffer + pos;
      for (guint i = token->start; i < token->end; i++)
        {
          gunichar c = t->cased[i];

          if (c < 0x80)
            w->buffer[pos++] = (char) c;
          else
            pos += g_unichar_to_utf8 (c, w->buffer + pos);
        }
      w->buffer[pos++] = '\0';
    }
  w->words[w->tokens->len] = NULL;
}

static void
words_clear (Words *w)
{
  g_clear_pointer (&w->tokens, g_array_unref);
  g_clear_pointer (&w->words, g_free);
  g_clear_pointer (&w->buffer, g_free);
}

/* The word that ends just before @pos (spaces skipped), lower-cased, or "". */
static void
previous_word (const DossierText *t,
               guint              pos,
               char              *buf,
               gsize              size)
{
  g_autofree char *word = NULL;
  guint end = MIN (pos, t->n_norm), start;

  while (end > 0 && t->cased[end - 1] == ' ')
    end--;
  start = end;
  while (start > 0 && end - start < 40 &&
         (is_word (t->cased[start - 1]) || t->cased[start - 1] == '-'))
    start--;

  word = g_ucs4_to_utf8 (t->folded + start, end - start, NULL, NULL, NULL);
  g_strlcpy (buf, word != NULL ? word : "", size);
}

/* Symbols */

static const char * const symbol_suffix_words[] = {
  "Add", "Rev", "Corr", "Sub", "Amend", "Suppl", "Part", "Vol", "CRP", "SR", "WP",
  "Misc", "Inf", "INF", "L", "R", "PV", NULL
};

/* Parses one symbol at @i: an upper-case series ("A", "E", "CRC", "PC.DEC") then
 * "/"-separated parts starting with a capital or a digit ("CN.4", "Sub.2",
 * "Add.178"). Returns the end or 0; @out receives the normalised symbol. */
static guint
parse_symbol (const DossierText *t,
              guint              i,
              GString           *out)
{
  guint p = i, letters = 0, slashes = 0;
  gboolean digit = FALSE;

  g_string_truncate (out, 0);

  while (is_ascii_upper (cased_at (t, p)))
    {
      g_string_append_c (out, (char) t->cased[p++]);
      letters++;
    }
  if (letters == 0 || letters > 8)
    return 0;
  while (cased_at (t, p) == '.' && is_ascii_upper (cased_at (t, p + 1)))
    {
      g_string_append_c (out, '.');
      p++;
      while (is_ascii_upper (cased_at (t, p)))
        g_string_append_c (out, (char) t->cased[p++]);
    }

  while (cased_at (t, p) == '/' &&
         (is_ascii_upper (cased_at (t, p + 1)) || is_ascii_digit (cased_at (t, p + 1))))
    {
      guint part_start;

      g_string_append_c (out, '/');
      p++;
      slashes++;
      part_start = out->len;

      for (;;)
        {
          gunichar c = cased_at (t, p);

          if (is_ascii_alnum (c))
            {
              digit |= is_ascii_digit (c);
              g_string_append_c (out, (char) c);
              p++;
            }
          else if (c == '.' && is_ascii_alnum (cased_at (t, p + 1)))
            {
              g_string_append_c (out, '.');
              p++;
            }
          else if (c == '.' && cased_at (t, p + 1) == ' ' && is_ascii_digit (cased_at (t, p + 2)))
            {
              /* "E/2002/68/Add. 1": a suffix word, a full stop, a stray space. */
              g_autofree char *word = g_strndup (out->str + part_start, out->len - part_start);

              if (!lex_has (word, LEX_SYMBOL_SUFFIX))
                break;
              g_string_append_c (out, '.');
              p += 2;
            }
          else if (c == '-' && is_ascii_digit (cased_at (t, p + 1)) && out->len > part_start &&
                   g_ascii_isalpha (out->str[out->len - 1]))
            {
              /* "A/RES/S-23/2" */
              g_string_append_c (out, '-');
              p++;
            }
          else
            break;
        }
    }

  if (slashes == 0 || !digit)
    return 0;
  /* "S/PV.5892", "A/PV.85": verbatim records have one slash after one letter. */
  if (slashes < 2 && letters < 2 && strstr (out->str, "/PV.") == NULL)
    return 0;
  /* A path or a web address: "A/57/170/foo", "UN/1/x". */
  if (cased_at (t, p) == '/' || is_word (cased_at (t, p)))
    return 0;

  return p;
}

static gboolean
inside_address (const DossierText *t,
                guint              i)
{
  /* Looks back over the current token for "://", "www." or "@". */
  for (guint k = i; k > 0 && t->cased[k - 1] != ' '; k--)
    {
      gunichar c = t->cased[k - 1];

      if (c == ':' || c == '@' || c == '\\' || c == '=' || c == '?' || c == '#' || c == '~')
        return TRUE;
      if (k >= 4 && folded_has (t, k - 4, "www."))
        return TRUE;
      if (i - k > 200)
        break;
    }

  return FALSE;
}

char *
dossier_symbol_to_key (const char  *symbol,
                       const char **kind)
{
  const char *k = "document";
  const char *prefix = "doc:";

  if (g_str_has_prefix (symbol, "RES/") || strstr (symbol, "/RES/") != NULL)
    {
      k = "resolution";
      prefix = "res:";
    }
  else if ((g_str_has_prefix (symbol, "A/") || g_str_has_prefix (symbol, "E/")) &&
           strstr (symbol, "/DEC/") != NULL)
    {
      k = "resolution";
      prefix = "dec:";
    }

  if (kind != NULL)
    *kind = k;

  return g_strconcat (prefix, symbol, NULL);
}

static void
add_symbol (const DossierText *t,
            guint              start,
            guint              end,
            GString           *symbol,
            GPtrArray         *candidates)
{
  const char *kind = NULL;
  char *key;

  /* "S/RES/1325 (2000)" and "A/RES/53/208 B" carry their year or part. */
  if (g_str_has_prefix (symbol->str, "S/RES/") && cased_at (t, end) == ' ' &&
      cased_at (t, end + 1) == '(' && is_ascii_digit (cased_at (t, end + 2)) &&
      is_ascii_digit (cased_at (t, end + 5)) && cased_at (t, end + 6) == ')')
    {
      g_string_append_c (symbol, '(');
      for (guint k = end + 2; k < end + 6; k++)
        g_string_append_c (symbol, (char) t->cased[k]);
      g_string_append_c (symbol, ')');
      end += 7;
    }
  else if (strstr (symbol->str, "/RES/") != NULL && cased_at (t, end) == ' ' &&
           cased_at (t, end + 1) >= 'A' && cased_at (t, end + 1) <= 'H' &&
           !is_word (cased_at (t, end + 2)) && cased_at (t, end + 2) != '.' &&
           cased_at (t, end + 2) != '/')
    {
      g_string_append_c (symbol, (char) t->cased[end + 1]);
      end += 2;
    }

  key = dossier_symbol_to_key (symbol->str, &kind);
  g_ptr_array_add (candidates,
                   candidate_new (start, end, key, kind, g_strdup (symbol->str), "symbol", 1.0));
}

void
dossier_recognise_symbols (const DossierText *t,
                           GPtrArray         *candidates)
{
  g_autoptr(GString) symbol = g_string_new (NULL);
  guint i = 0;

  g_return_if_fail (t != NULL);

  while (i < t->n_norm)
    {
      gunichar before = i > 0 ? t->cased[i - 1] : ' ';
      guint end;

      if (!is_ascii_upper (t->cased[i]) || is_word (before) ||
          before == '/' || before == '.' || before == '-' || before == '_' ||
          inside_address (t, i))
        {
          i++;
          continue;
        }

      end = parse_symbol (t, i, symbol);
      if (end == 0)
        {
          /* Skip the rest of this word so that "UNICEF" is not tried at "NICEF". */
          while (i < t->n_norm && is_word (t->cased[i]))
            i++;
          i++;
          continue;
        }

      add_symbol (t, i, end, symbol, candidates);
      i = end;

      /* Joined forms: "DSG/SM/397-GA/10713". */
      while (cased_at (t, i) == '-' && is_ascii_upper (cased_at (t, i + 1)))
        {
          guint next = parse_symbol (t, i + 1, symbol);

          if (next == 0)
            break;
          add_symbol (t, i + 1, next, symbol, candidates);
          i = next;
        }
    }
}

/* Resolutions, decisions and recommendations */

typedef struct
{
  const char *code;
  const char *key;
  const char *name;
} Organ;

static const Organ organs[] = {
  { "GA", "org:ga", "General Assembly" },
  { "ECOSOC", "org:ecosoc", "Economic and Social Council" },
  { "CHR", "body:chr", "Commission on Human Rights" },
  { "HRC", "body:hrc", "Human Rights Council" },
  { "SC", "org:sc", "Security Council" },
  { "SUB2", "body:sub-commission", "Sub-Commission on the Promotion and Protection of Human Rights" },
  { "CSW", "body:csw", "Commission on the Status of Women" },
  { "CCPCJ", "body:ccpcj", "Commission on Crime Prevention and Criminal Justice" },
  { "PACE", "body:coe-pace", "Parliamentary Assembly of the Council of Europe" },
};

static const Organ *
organ_by_code (const char *code)
{
  if (code == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (organs); i++)
    if (g_str_equal (organs[i].code, code))
      return &organs[i];

  return NULL;
}

const char *
dossier_organ_for_key (const char *key)
{
  if (key == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (organs); i++)
    if (g_str_equal (organs[i].key, key))
      return organs[i].code;

  return NULL;
}

typedef enum
{
  FORM_SESSION,      /* 55/67 */
  FORM_YEAR,         /* 2002/51 */
  FORM_ROMAN,        /* 217 A (III), 16 (LVI) */
  FORM_PAREN_YEAR,   /* 1325 (2000) */
  FORM_PLAIN,        /* 1545 */
} Form;

typedef enum
{
  TYPE_RESOLUTION,
  TYPE_DECISION,
  TYPE_RECOMMENDATION,
} Type;

typedef struct
{
  Form  form;
  guint start;
  guint end;
  char  first[8];
  char  second[8];
  char  roman[12];
  char  part;
} Number;

static guint
read_digits (const DossierText *t,
             guint              i,
             char              *buf,
             guint              max)
{
  guint n = 0;

  while (n < max && is_ascii_digit (cased_at (t, i + n)))
    {
      buf[n] = (char) t->cased[i + n];
      n++;
    }
  buf[n] = '\0';
  if (is_ascii_digit (cased_at (t, i + n)))
    return 0;

  return n;
}

static gboolean
is_part_letter (gunichar c)
{
  return c >= 'A' && c <= 'H';
}

/* " B" after a number, when what follows shows it is a part letter and not an
 * article ("53/208 B, paragraph 8" but not "55/67 A new approach"). */
static guint
parse_part (const DossierText *t,
            guint              p,
            char              *part)
{
  gunichar after;

  if (cased_at (t, p) != ' ' || !is_part_letter (cased_at (t, p + 1)) || is_word (cased_at (t, p + 2)))
    return p;

  after = cased_at (t, p + 2);
  if (after == 0 || after == ',' || after == ';' || after == ':' || after == ')' ||
      (after == '.' && !is_word (cased_at (t, p + 3))) ||
      (after == ' ' && (word_at (t, p + 3, "of") || word_at (t, p + 3, "and") ||
                        cased_at (t, p + 3) == '(')))
    {
      *part = (char) t->cased[p + 1];
      return p + 2;
    }

  return p;
}

static gboolean
is_roman (const char *s)
{
  if (*s == '\0')
    return FALSE;
  for (; *s != '\0'; s++)
    if (strchr ("IVXLC", *s) == NULL)
      return FALSE;

  return TRUE;
}

static gboolean
parse_number (const DossierText *t,
              guint              i,
              gboolean           plain_ok,
              Number            *num)
{
  guint n, p, q;

  memset (num, 0, sizeof *num);
  num->start = i;

  n = read_digits (t, i, num->first, 4);
  if (n == 0)
    return FALSE;
  p = i + n;
  if (is_word (cased_at (t, p)))
    return FALSE;

  if (cased_at (t, p) == '/')
    {
      guint m = read_digits (t, p + 1, num->second, 4);

      if (m == 0)
        return FALSE;
      p += 1 + m;
      if (is_word (cased_at (t, p)) || cased_at (t, p) == '/')
        return FALSE;
      num->form = (n == 4 && (g_str_has_prefix (num->first, "19") ||
                              g_str_has_prefix (num->first, "20")))
                    ? FORM_YEAR : FORM_SESSION;
      num->end = parse_part (t, p, &num->part);
      return TRUE;
    }

  q = p;
  if (cased_at (t, q) == ' ' && is_part_letter (cased_at (t, q + 1)) &&
      cased_at (t, q + 2) == ' ' && cased_at (t, q + 3) == '(')
    {
      num->part = (char) t->cased[q + 1];
      q += 2;
    }
  if (cased_at (t, q) == ' ')
    q++;

  if (cased_at (t, q) == '(')
    {
      char inner[12];
      guint k = 0, r = q + 1;

      while (k < sizeof inner - 1 && (is_ascii_upper (cased_at (t, r)) || is_ascii_digit (cased_at (t, r))))
        inner[k++] = (char) t->cased[r++];
      inner[k] = '\0';

      if (cased_at (t, r) == ')' && is_roman (inner))
        {
          g_strlcpy (num->roman, inner, sizeof num->roman);
          num->form = FORM_ROMAN;
          num->end = r + 1;
          if (num->part == '\0')
            num->end = parse_part (t, num->end, &num->part);
          return TRUE;
        }
      if (cased_at (t, r) == ')' && k == 4 && g_ascii_isdigit (inner[0]) && g_ascii_isdigit (inner[3]) &&
          num->part == '\0')
        {
          g_strlcpy (num->roman, inner, sizeof num->roman);
          num->form = FORM_PAREN_YEAR;
          num->end = r + 1;
          return TRUE;
        }
    }

  if (plain_ok && n >= 3 && num->part == '\0')
    {
      num->form = FORM_PLAIN;
      num->end = p;
      return TRUE;
    }

  return FALSE;
}

static const char * const months[] = {
  "january", "february", "march", "april", "may", "june", "july", "august",
  "september", "october", "november", "december", NULL
};

/* The end of a month name at @i, or 0. */
static guint
month_at (const DossierText *t,
          guint              i)
{
  for (guint m = 0; months[m] != NULL; m++)
    if (word_at (t, i, months[m]))
      return i + strlen (months[m]);

  return 0;
}

/* Skips " of 4 December 2000", " of December 2000", " of 2000". */
static guint
skip_date (const DossierText *t,
           guint              p)
{
  char digits[8];
  guint q, n, m;

  if (cased_at (t, p) != ' ' || !word_at (t, p + 1, "of") || cased_at (t, p + 3) != ' ')
    return p;
  q = p + 4;

  n = read_digits (t, q, digits, 2);
  if (n > 0 && cased_at (t, q + n) == ' ' && (m = month_at (t, q + n + 1)) != 0)
    q = m;
  else if ((m = month_at (t, q)) != 0)
    q = m;
  else if (read_digits (t, q, digits, 4) == 4)
    return q + 4;
  else
    return p;

  if (cased_at (t, q) == ' ' && read_digits (t, q + 1, digits, 4) == 4)
    return q + 5;

  return p;
}

/* The start of the next number of a list ("55/25, 58/137 and 59/166"), or 0. */
static guint
list_next (const DossierText *t,
           guint              p)
{
  guint q;

  if (cased_at (t, p) == ',' && cased_at (t, p + 1) == ' ')
    {
      q = p + 2;
      if (word_at (t, q, "and") && cased_at (t, q + 3) == ' ')
        q += 4;
    }
  else if (cased_at (t, p) == ' ' && word_at (t, p + 1, "and") && cased_at (t, p + 4) == ' ')
    q = p + 5;
  else
    return 0;

  return is_ascii_digit (cased_at (t, q)) ? q : 0;
}

static const DossierSpan *
organ_span_ending_at (const DossierResolutionContext *ctx,
                      guint                           pos)
{
  for (guint i = 0; i < ctx->n_organs; i++)
    if (ctx->organs[i].norm_end == pos && dossier_organ_for_key (ctx->organs[i].key) != NULL)
      return &ctx->organs[i];

  return NULL;
}

static const DossierSpan *
organ_span_starting_at (const DossierResolutionContext *ctx,
                        guint                           pos)
{
  for (guint i = 0; i < ctx->n_organs; i++)
    if (ctx->organs[i].norm_start == pos && dossier_organ_for_key (ctx->organs[i].key) != NULL)
      return &ctx->organs[i];

  return NULL;
}

/* The organ named just before the keyword ("General Assembly resolution"). */
static const char *
organ_before (const DossierText              *t,
              const DossierResolutionContext *ctx,
              guint                           keyword,
              guint                          *verb_start)
{
  const DossierSpan *span;
  char word[32];
  guint q = keyword;

  if (q > 0 && t->cased[q - 1] == ' ')
    q--;

  if ((span = organ_span_ending_at (ctx, q)) != NULL)
    {
      *verb_start = span->norm_start;
      return dossier_organ_for_key (span->key);
    }

  previous_word (t, keyword, word, sizeof word);
  *verb_start = q >= strlen (word) ? q - strlen (word) : 0;
  if (g_str_equal (word, "assembly"))
    return "GA";
  if (g_str_equal (word, "council") || g_str_equal (word, "ecosoc"))
    return "ECOSOC";
  if (g_str_equal (word, "commission") && ctx->commission_organ != NULL)
    return ctx->commission_organ;

  return NULL;
}

/* The organ named after the numbers: "resolution 2002/51 of the Commission on
 * Human Rights", "In its resolution 2006/27 the UN Economic and Social Council". */
static const char *
organ_after (const DossierText              *t,
             const DossierResolutionContext *ctx,
             guint                           keyword,
             guint                           p,
             guint                          *verb_end)
{
  const DossierSpan *span;
  gboolean its = keyword >= 4 && word_at (t, keyword - 4, "its");
  guint q;

  if (cased_at (t, p) == ' ' && word_at (t, p + 1, "of the") && cased_at (t, p + 7) == ' ')
    {
      q = p + 8;
      if ((span = organ_span_starting_at (ctx, q)) != NULL)
        {
          *verb_end = span->norm_end;
          return dossier_organ_for_key (span->key);
        }
      if (word_at (t, q, "commission") && ctx->commission_organ != NULL)
        {
          *verb_end = q + strlen ("commission");
          return ctx->commission_organ;
        }
    }

  if (!its)
    return NULL;

  q = p;
  if (cased_at (t, q) == ',')
    q++;
  if (cased_at (t, q) != ' ' || !word_at (t, q + 1, "the"))
    return NULL;
  q += 5;
  if (word_at (t, q, "un") && cased_at (t, q + 2) == ' ')
    q += 3;
  else if (word_at (t, q, "united nations") && cased_at (t, q + 14) == ' ')
    q += 15;

  if ((span = organ_span_starting_at (ctx, q)) != NULL)
    {
      *verb_end = span->norm_end;
      return dossier_organ_for_key (span->key);
    }
  /* The named organ may include "UN" in its alias. */
  if ((span = organ_span_starting_at (ctx, p + (cased_at (t, p) == ',' ? 6 : 5))) != NULL)
    {
      *verb_end = span->norm_end;
      return dossier_organ_for_key (span->key);
    }

  return NULL;
}

static char *
printed_number (const Number *num)
{
  switch (num->form)
    {
    case FORM_SESSION:
    case FORM_YEAR:
      if (num->part != '\0')
        return g_strdup_printf ("%s/%s %c", num->first, num->second, num->part);
      return g_strdup_printf ("%s/%s", num->first, num->second);
    case FORM_ROMAN:
      if (num->part != '\0')
        return g_strdup_printf ("%s %c (%s)", num->first, num->part, num->roman);
      return g_strdup_printf ("%s (%s)", num->first, num->roman);
    case FORM_PAREN_YEAR:
      return g_strdup_printf ("%s (%s)", num->first, num->roman);
    case FORM_PLAIN:
    default:
      return g_strdup (num->first);
    }
}

/* Builds the key of one numbered text; sets *organ_code to the organ it was
 * attributed to. Returns NULL when the combination makes no sense. */
static char *
resolution_key (Type                            type,
                const char                     *named,
                const Number                   *num,
                const DossierResolutionContext *ctx,
                const char                    **organ_code)
{
  const char *organ = NULL;
  gboolean dec = type == TYPE_DECISION;
  char part[2] = { num->part, '\0' };

  *organ_code = NULL;

  if (type == TYPE_RECOMMENDATION)
    {
      if (num->form != FORM_PLAIN && num->form != FORM_PAREN_YEAR)
        return NULL;
      *organ_code = "PACE";
      return g_strdup_printf ("rec:coe-pace/%s", num->first);
    }

  switch (num->form)
    {
    case FORM_SESSION:
      organ = named != NULL && strv_has ((const char * const[]) { "GA", "HRC", "CSW", "CCPCJ", NULL }, named)
                ? named : "GA";
      *organ_code = organ;
      if (g_str_equal (organ, "GA"))
        return g_strdup_printf ("%s:A/%s/%s/%s%s", dec ? "dec" : "res", dec ? "DEC" : "RES",
                                num->first, num->second, part);
      if (g_str_equal (organ, "HRC"))
        return g_strdup_printf ("%s:A/HRC/%s/%s/%s%s", dec ? "dec" : "res", dec ? "DEC" : "RES",
                                num->first, num->second, part);
      return g_strdup_printf ("%s:%s/%s/%s%s", dec ? "dec" : "res", organ, num->first, num->second, part);

    case FORM_YEAR:
      organ = named != NULL && strv_has ((const char * const[]) { "ECOSOC", "CHR", "SUB2", NULL }, named)
                ? named : (ctx->year_organ != NULL ? ctx->year_organ : "ECOSOC");
      *organ_code = organ;
      if (g_str_equal (organ, "CHR"))
        return g_strdup_printf ("%s:E/CN.4/%s/%s/%s", dec ? "dec" : "res", dec ? "DEC" : "RES",
                                num->first, num->second);
      if (g_str_equal (organ, "SUB2"))
        return g_strdup_printf ("%s:E/CN.4/SUB.2/%s/%s/%s", dec ? "dec" : "res", dec ? "DEC" : "RES",
                                num->first, num->second);
      return g_strdup_printf ("%s:E/%s/%s/%s", dec ? "dec" : "res", dec ? "DEC" : "RES",
                              num->first, num->second);

    case FORM_ROMAN:
      organ = named != NULL && strv_has ((const char * const[]) { "GA", "ECOSOC", NULL }, named)
                ? named : (dec ? "ECOSOC" : "GA");
      *organ_code = organ;
      return g_strdup_printf ("%s:%s/%s/%s%s(%s)", dec ? "dec" : "res",
                              g_str_equal (organ, "GA") ? "A" : "E", dec ? "DEC" : "RES",
                              num->first, part, num->roman);

    case FORM_PAREN_YEAR:
      if (dec)
        return NULL;
      *organ_code = "SC";
      return g_strdup_printf ("res:S/RES/%s(%s)", num->first, num->roman);

    case FORM_PLAIN:
    default:
      return NULL;
    }
}

static char *
resolution_name (Type          type,
                 const char   *organ_code,
                 const Number *num)
{
  const Organ *organ = organ_by_code (organ_code);
  g_autofree char *number = printed_number (num);
  const char *word = type == TYPE_RESOLUTION ? "resolution"
                     : type == TYPE_DECISION ? "decision" : "Recommendation";

  if (type == TYPE_RECOMMENDATION)
    return g_strdup_printf ("Recommendation %s of the Parliamentary Assembly of the Council of Europe",
                            number);
  if (organ != NULL)
    return g_strdup_printf ("%s %s %s", organ->name, word, number);

  return g_strdup_printf ("%s %s", word, number);
}

static gboolean
keyword_at (const DossierText *t,
            guint              i,
            Type              *type,
            guint             *end)
{
  static const struct
  {
    const char *word;
    Type        type;
  } keywords[] = {
    { "resolutions", TYPE_RESOLUTION },
    { "resolution", TYPE_RESOLUTION },
    { "decisions", TYPE_DECISION },
    { "decision", TYPE_DECISION },
    { "recommendations", TYPE_RECOMMENDATION },
    { "recommendation", TYPE_RECOMMENDATION },
  };

  for (guint k = 0; k < G_N_ELEMENTS (keywords); k++)
    if (word_at (t, i, keywords[k].word))
      {
        *type = keywords[k].type;
        *end = i + strlen (keywords[k].word);
        return TRUE;
      }

  return FALSE;
}

void
dossier_recognise_resolutions (const DossierText              *t,
                               const DossierResolutionContext *ctx,
                               GPtrArray                      *candidates)
{
  g_return_if_fail (t != NULL);
  g_return_if_fail (ctx != NULL);

  for (guint i = 0; i < t->n_norm; i++)
    {
      Number numbers[32];
      guint n_numbers = 0, p, keyword_end, verb_start = 0, verb_end = 0;
      const char *named = NULL;
      gboolean named_before = FALSE;
      Type type;

      if ((t->folded[i] != 'r' && t->folded[i] != 'd') || !keyword_at (t, i, &type, &keyword_end))
        continue;

      p = keyword_end;
      if (cased_at (t, p) != ' ' || !is_ascii_digit (cased_at (t, p + 1)))
        continue;
      p++;

      while (n_numbers < G_N_ELEMENTS (numbers) &&
             parse_number (t, p, type == TYPE_RECOMMENDATION, &numbers[n_numbers]))
        {
          guint next;

          p = skip_date (t, numbers[n_numbers].end);
          n_numbers++;
          next = list_next (t, p);
          if (next == 0)
            break;
          p = next;
        }
      if (n_numbers == 0)
        continue;
      p = MAX (p, numbers[n_numbers - 1].end);
      if (list_next (t, p) == 0)
        p = skip_date (t, numbers[n_numbers - 1].end);

      named = organ_before (t, ctx, i, &verb_start);
      if (named != NULL)
        {
          named_before = TRUE;
          verb_end = keyword_end;
        }
      else
        {
          named = organ_after (t, ctx, i, p, &verb_end);
          verb_start = i;
        }

      for (guint n = 0; n < n_numbers; n++)
        {
          const char *organ_code = NULL;
          char *key = resolution_key (type, named, &numbers[n], ctx, &organ_code);
          DossierCandidate *candidate;

          if (key == NULL)
            continue;

          candidate = candidate_new (n == 0 ? i : numbers[n].start, numbers[n].end, key, "resolution",
                                     resolution_name (type, organ_code, &numbers[n]),
                                     "resolution", 1.0);
          /* Only an organ the text itself names gives an "adopted-by" relation. */
          if (named != NULL && g_strcmp0 (named, organ_code) == 0 && organ_by_code (named) != NULL)
            {
              candidate->organ_key = g_strdup (organ_by_code (named)->key);
              candidate->verb = named_before ? norm_slice (t, verb_start, verb_end)
                                             : norm_slice (t, verb_start, keyword_end);
            }
          g_ptr_array_add (candidates, candidate);
        }

      i = numbers[n_numbers - 1].end;
    }
}

/* Definitions */

void
dossier_definition_free (DossierDefinition *definition)
{
  if (definition == NULL)
    return;

  g_free (definition->short_text);
  g_free (definition);
}

static gboolean
looks_like_acronym (const DossierText *t,
                    guint              start,
                    guint              end)
{
  guint upper = 0, lower = 0, length = end - start;
  g_autofree char *text = NULL;

  if (length < 2 || length > 14 || !char_is_upper (t->cased[start]))
    return FALSE;

  for (guint i = start; i < end; i++)
    {
      gunichar c = t->cased[i];

      if (char_is_upper (c))
        upper++;
      else if (char_is_lower (c))
        lower++;
      else if (!char_is_digit (c) && c != '/' && c != '.' && c != '-' && c != '&')
        return FALSE;
    }

  if (upper < 2 || lower > upper)
    return FALSE;

  text = norm_slice (t, start, end);
  if (is_roman (text))
    return FALSE;

  return TRUE;
}

/* Schwartz and Hearst's rule: the acronym's characters appear in order in the
 * long form, the first one at the start of a word. Returns the long form's start,
 * or G_MAXUINT. */
static guint
long_form_start (const DossierText *t,
                 guint              window_start,
                 guint              long_end,
                 guint              short_start,
                 guint              short_end)
{
  gint s = (gint) short_end - 1;
  gint l = (gint) long_end - 1;

  while (s >= (gint) short_start)
    {
      gunichar c = g_unichar_tolower (t->cased[s]);

      if (!dossier_text_is_word_char (c))
        {
          s--;
          continue;
        }
      /* A plural "s" at the end of "NGOs" need not appear in the long form. */
      if (s == (gint) short_end - 1 && c == 's' && char_is_lower (t->cased[s]))
        {
          s--;
          continue;
        }

      while (l >= (gint) window_start &&
             (t->folded[l] != c ||
              (s == (gint) short_start && l > (gint) window_start && is_word (t->cased[l - 1]))))
        l--;
      if (l < (gint) window_start)
        return G_MAXUINT;
      l--;
      s--;
    }

  return (guint) (l + 1);
}

static const char * const connector_words[] = {
  "of", "the", "for", "on", "and", "in", "against", "to", "with", "de", "des", "du",
  "la", "le", "et", "by", "at", "from", NULL
};

static gboolean
is_connector (const char *word)
{
  return lex_has (word, LEX_CONNECTOR);
}

static gboolean
is_capitalised_term (const DossierText *t,
                     guint              start,
                     guint              end,
                     guint             *n_words)
{
  gboolean last_capital = FALSE;
  guint words = 0;

  for (guint i = start; i < end; )
    {
      guint w = i;
      g_autofree char *word = NULL;

      while (w < end && is_word (t->cased[w]))
        w++;
      while (w < end && (t->cased[w] == '-' || t->cased[w] == '\'') && w + 1 < end && is_word (t->cased[w + 1]))
        {
          w++;
          while (w < end && is_word (t->cased[w]))
            w++;
        }
      if (w == i)
        {
          if (t->cased[i] != ' ')
            return FALSE;
          i++;
          continue;
        }

      word = norm_slice (t, i, w);
      words++;
      if (char_is_upper (t->cased[i]))
        last_capital = TRUE;
      else if (is_connector (word) && words > 1)
        last_capital = FALSE;
      else
        return FALSE;
      i = w;
    }

  *n_words = words;
  return words > 0 && last_capital && char_is_upper (t->cased[start]);
}

static guint
skip_prefix (const DossierText *t,
             guint              i,
             const char        *prefix)
{
  if (folded_has (t, i, prefix))
    return i + strlen (prefix);
  return i;
}

void
dossier_find_definitions (const DossierText *t,
                          GPtrArray         *definitions)
{
  g_return_if_fail (t != NULL);

  for (guint open = 0; open < t->n_norm; open++)
    {
      guint close, start, end, n_words = 0;
      gboolean quoted = FALSE;
      DossierDefinition *def;

      if (t->cased[open] != '(')
        continue;

      for (close = open + 1; close < t->n_norm && close - open < 80; close++)
        if (t->cased[close] == ')' || t->cased[close] == '(')
          break;
      if (close >= t->n_norm || t->cased[close] != ')')
        continue;

      start = open + 1;
      end = close;
      while (start < end && t->cased[start] == ' ')
        start++;
      while (end > start && t->cased[end - 1] == ' ')
        end--;

      if (looks_like_acronym (t, start, end))
        {
          guint long_end = open, window_start, words = 0, letters = 0, long_start;

          while (long_end > 0 && t->cased[long_end - 1] == ' ')
            long_end--;
          for (guint i = start; i < end; i++)
            letters += dossier_text_is_word_char (t->cased[i]) ? 1 : 0;

          /* At most min(|A| + 5, 2|A|) words back, not across a sentence. */
          window_start = long_end;
          while (window_start > 0 && words < MIN (letters + 5, letters * 2))
            {
              gunichar c = t->cased[window_start - 1];

              if (c == '.' || c == ';' || c == ':' || c == '(' || c == ')' || c == '"')
                break;
              if (c == ' ')
                words++;
              window_start--;
            }
          while (window_start < long_end && !is_word (t->cased[window_start]))
            window_start++;

          long_start = long_form_start (t, window_start, long_end, start, end);
          if (long_start == G_MAXUINT || long_start >= long_end)
            continue;

          def = g_new0 (DossierDefinition, 1);
          def->long_start = long_start;
          def->long_end = long_end;
          def->short_start = start;
          def->short_end = end;
          def->short_text = norm_slice (t, start, end);
          def->is_acronym = TRUE;
          g_ptr_array_add (definitions, def);
          continue;
        }

      /* (the “Trafficking in Persons Protocol”), (hereafter referred to as “the Contact Group”) */
      start = skip_prefix (t, start, "hereafter referred to as ");
      start = skip_prefix (t, start, "hereinafter referred to as ");
      start = skip_prefix (t, start, "hereinafter ");
      start = skip_prefix (t, start, "hereafter ");
      start = skip_prefix (t, start, "the ");
      if (start < end && t->cased[start] == '"')
        {
          quoted = TRUE;
          start++;
        }
      if (end > start && t->cased[end - 1] == '"')
        {
          quoted = TRUE;
          end--;
        }
      start = skip_prefix (t, start, "the ");
      if (start >= end || !is_capitalised_term (t, start, end, &n_words) || n_words > 6)
        continue;
      if (!quoted)
        {
          /* Unquoted, it must look like a name with a head word: "(Trafficking Protocol)". */
          guint last = end;
          g_autofree char *head = NULL;

          while (last > start && is_word (t->cased[last - 1]))
            last--;
          head = norm_slice (t, last, end);
          if (n_words < 2 || dossier_kind_for_head (head, NULL) == NULL)
            continue;
        }

      def = g_new0 (DossierDefinition, 1);
      def->long_start = def->long_end = open;
      def->short_start = start;
      def->short_end = end;
      def->short_text = norm_slice (t, start, end);
      def->is_acronym = FALSE;
      g_ptr_array_add (definitions, def);
    }
}

/* Organisation-like phrases */

typedef struct
{
  const char *head;
  const char *kind;
  const char *prefix;
} Head;

static const Head heads[] = {
  { "Conference", "meeting", "mtg" }, { "Meeting", "meeting", "mtg" },
  { "Congress", "meeting", "mtg" }, { "Summit", "meeting", "mtg" },
  { "Seminar", "meeting", "mtg" }, { "Workshop", "meeting", "mtg" },
  { "Symposium", "meeting", "mtg" }, { "Colloquium", "meeting", "mtg" },
  { "Consultation", "meeting", "mtg" }, { "Consultations", "meeting", "mtg" },
  { "Dialogue", "meeting", "mtg" }, { "Roundtable", "meeting", "mtg" },
  { "Programme", "initiative", "ini" }, { "Program", "initiative", "ini" },
  { "Project", "initiative", "ini" }, { "Campaign", "initiative", "ini" },
  { "Initiative", "initiative", "ini" }, { "Plan", "initiative", "ini" },
  { "Fund", "initiative", "ini" }, { "Strategy", "initiative", "ini" },
  { "Committee", "body", "body" }, { "Commission", "body", "body" },
  { "Group", "body", "body" }, { "Force", "body", "body" },
  { "Council", "body", "body" }, { "Board", "body", "body" },
  { "Caucus", "body", "body" }, { "Panel", "body", "body" },
  { "Tribunal", "body", "body" }, { "Parliament", "body", "body" },
  { "Convention", "instrument", "ins" }, { "Protocol", "instrument", "ins" },
  { "Declaration", "instrument", "ins" }, { "Charter", "instrument", "ins" },
  { "Treaty", "instrument", "ins" }, { "Covenant", "instrument", "ins" },
  { "Statute", "instrument", "ins" },
  { "Office", "organisation", "org" }, { "Organization", "organisation", "org" },
  { "Organisation", "organisation", "org" }, { "Association", "organisation", "org" },
  { "Institute", "organisation", "org" }, { "Network", "organisation", "org" },
  { "Coalition", "organisation", "org" }, { "Centre", "organisation", "org" },
  { "Center", "organisation", "org" }, { "Agency", "organisation", "org" },
  { "Foundation", "organisation", "org" }, { "Union", "organisation", "org" },
  { "Mission", "organisation", "org" }, { "Partnership", "organisation", "org" },
  { "Forum", "organisation", "org" }, { "Unit", "organisation", "org" },
  { "Division", "organisation", "org" }, { "Department", "organisation", "org" },
  { "Secretariat", "organisation", "org" }, { "Bureau", "organisation", "org" },
  { "Society", "organisation", "org" }, { "Alliance", "organisation", "org" },
  { "Federation", "organisation", "org" }, { "Authority", "organisation", "org" },
  { "Ministry", "organisation", "org" }, { "Bank", "organisation", "org" },
  { "Act", "instrument", "ins" },
  { "University", "organisation", "org" }, { "Movement", "organisation", "org" },
  { "League", "organisation", "org" }, { "Observatory", "organisation", "org" },
  { "Court", "organisation", "org" }, { "Inc", "organisation", "org" },
  { "Ltd", "organisation", "org" }, { "Corporation", "organisation", "org" },
  { "Company", "organisation", "org" },
};

/* Words that only qualify a head: "International Conference", "Working Group". */
static const char * const generic_words[] = {
  "International", "National", "Regional", "Global", "World", "Working", "Task",
  "Expert", "Experts", "Special", "Ad", "Hoc", "Permanent", "Executive", "General", "Joint",
  "Inter-Agency", "Interagency", "Inter-agency", "United", "Nations", "UN", "Annual",
  "Ministerial", "New", "Plenary", "Preparatory", "Technical", "Steering", "Advisory",
  "Standing", "Main", "First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Central",
  "High-Level", "High", "Level", "Senior", "Officials", "Intergovernmental", "Open-ended",
  "Country", "Field", "Local", "Provincial", "Federal", "State", "Public", "Private",
  "Our", "Your", "This", "Action", "Contact", "Main", "Full", "Final", "Optional", NULL
};

/* Capitalised words that open sentences or titles, not names. */
static const char * const leading_words[] = {
  "The", "A", "An", "In", "On", "At", "By", "For", "From", "To", "With", "Since", "As",
  "Of", "And", "This", "That", "These", "Those", "Its", "It", "Their", "His", "Her", "Our",
  "Under", "Through", "During", "After", "Before", "Also", "All", "Each", "Every", "Some",
  "Such", "Other", "Both", "Most", "Many", "Several", "Recalling", "Welcoming", "Noting",
  "Taking", "Reaffirming", "Recognizing", "Recognising", "Stressing", "Urges", "Invites",
  "Requests", "Decides", "Welcomes", "Calls", "Encourages", "Emphasizing", "Emphasising",
  "Concerned", "Convinced", "Acknowledging", "Underlining", "Bearing", "Expressing",
  "Mindful", "Considering", "Reiterating", "When", "While", "Where", "If", "Although",
  "However", "Moreover", "Furthermore", "Recently", "Currently", "Dear", "Mr", "Ms", "Mrs",
  "Dr", "Excellency", "Chief", "Director", "Head", "President", "Chairman", "Chair",
  "Chairperson", "Deputy", "Minister", "Secretary", "Professor", "Prof", "Sir", "Madam",
  "Ambassador", "Representative", "Rapporteur", "Coordinator", "Officer", "See", "Cf",
  "Report", "Note", "Members", "Member", "Participants", "Delegates", "Both", "Further",
  "Within", "Between", "Among", "Against", "Upon", "Whereas", "Having", "Being", NULL
};

const char *
dossier_kind_for_head (const char  *head,
                       const char **prefix)
{
  const LexEntry *entry;

  if (head == NULL)
    return NULL;

  entry = lexicon_lookup (head);
  if (entry == NULL || (entry->flags & LEX_HEAD) == 0)
    return NULL;

  if (prefix != NULL)
    *prefix = heads[entry->head].prefix;
  return heads[entry->head].kind;
}

char *
dossier_slugify (const char *name)
{
  g_autofree char *ascii = NULL;
  GString *slug;
  gboolean dash = FALSE;

  if (name == NULL)
    return g_strdup ("");

  ascii = g_str_to_ascii (name, "C");
  slug = g_string_new (NULL);
  for (const char *p = ascii; *p != '\0' && slug->len < 80; p++)
    {
      if (g_ascii_isalnum (*p))
        {
          if (dash && slug->len > 0)
            g_string_append_c (slug, '-');
          g_string_append_c (slug, g_ascii_tolower (*p));
          dash = FALSE;
        }
      else if (*p != '\'')
        dash = TRUE;
    }

  if (g_str_has_prefix (slug->str, "the-"))
    g_string_erase (slug, 0, 4);

  return g_string_free (slug, FALSE);
}

char *
dossier_pattern_key (const char *kind,
                     const char *name)
{
  static const struct
  {
    const char *kind;
    const char *prefix;
  } prefixes[] = {
    { "organisation", "org" }, { "body", "body" }, { "meeting", "mtg" },
    { "initiative", "ini" }, { "instrument", "ins" }, { "resolution", "res" },
    { "document", "doc" }, { "place", "place" }, { "person", "person" },
  };
  g_autofree char *slug = dossier_slugify (name);
  const char *prefix = "org";

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    if (g_strcmp0 (prefixes[i].kind, kind) == 0)
      prefix = prefixes[i].prefix;

  return g_strdup_printf ("%s:~%s", prefix, slug);
}

typedef enum
{
  TOKEN_CAPITAL,
  TOKEN_CONNECTOR,
  TOKEN_OTHER,
} TokenClass;

static TokenClass
classify (const DossierText *t,
          const Token       *token,
          const char        *text)
{
  gunichar first = t->cased[token->start];

  if (char_is_upper (first))
    return TOKEN_CAPITAL;
  if (is_connector (text))
    return TOKEN_CONNECTOR;

  return TOKEN_OTHER;
}

static gboolean
all_caps (const char *word)
{
  guint letters = 0;

  for (const char *p = word; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (char_is_lower (c))
        return FALSE;
      if (char_is_alpha (c))
        letters++;
    }

  return letters >= 2;
}

/* Is token @k of the run a head? "Force" only after "Task". */
static const char *
run_head (char      **words,
          guint       k)
{
  if (g_str_equal (words[k], "Force") && (k == 0 || !g_str_equal (words[k - 1], "Task")))
    return NULL;

  return dossier_kind_for_head (words[k], NULL) != NULL ? words[k] : NULL;
}

static void
emit_phrase (const DossierText *t,
             const Token       *tokens,
             char             **words,
             const TokenClass  *classes,
             guint              first,
             guint              last,
             GPtrArray         *candidates)
{
  guint head = G_MAXUINT, capitals = 0, specific = 0;
  gboolean connector = FALSE, every_caps = TRUE;
  const char *kind, *prefix = NULL;
  g_autofree char *name = NULL;
  DossierCandidate *candidate;

  /* A run that opens without a head is a title or a description; a name may
   * follow its next connector ("Vice President of Social Responsibility at GAP
   * Inc."). Each try starts after the connector the previous one stopped at,
   * so a long run costs linear time. */
  for (;;)
    {
      guint stop = G_MAXUINT;

      /* Leading words that open sentences or name a person's title, and the
       * connectors after them ("Chief of the UNODC Anti-Trafficking Unit"). */
      while (first <= last &&
             (classes[first] != TOKEN_CAPITAL || lex_has (words[first], LEX_LEADING)))
        first++;
      while (last > first && classes[last] != TOKEN_CAPITAL)
        last--;
      if (first > last || last == G_MAXUINT)
        return;

      /* The head is the last head word before the first connector... */
      for (guint k = first; k <= last && classes[k] == TOKEN_CAPITAL; k++)
        if (run_head (words, k) != NULL)
          head = k;
      if (head != G_MAXUINT)
        break;

      /* ... or after an "and" ("Women's Studies and Resource Centre"). */
      for (guint k = first; k <= last; k++)
        {
          if (classes[k] == TOKEN_CONNECTOR && !g_str_equal (words[k], "and"))
            {
              stop = k;
              break;
            }
          if (classes[k] == TOKEN_CAPITAL && run_head (words, k) != NULL)
            head = k;
        }
      if (head != G_MAXUINT)
        break;
      if (stop == G_MAXUINT)
        return;
      first = stop + 1;
    }

  /* Capitalised words right after the head are a title or another line
   * ("Programme Officer", "Plenary Meeting PC Journal No"), not the name. */
  if (head < last && classes[head + 1] == TOKEN_CAPITAL && !is_roman (words[head + 1]))
    last = head;

  for (guint k = first; k <= last; k++)
    {
      if (classes[k] == TOKEN_CONNECTOR)
        {
          connector = TRUE;
          continue;
        }
      capitals++;
      every_caps &= all_caps (words[k]);
      if (k != head && run_head (words, k) == NULL && !lex_has (words[k], LEX_GENERIC))
        specific++;
    }

  if (capitals < 2 || every_caps)
    return;
  /* "Working Group", "International Conference": nothing names which one. */
  if (specific == 0 && !connector)
    return;
  if (specific == 0 && connector)
    {
      /* "Conference of the Parties" still says which; "Office of the" does not. */
      gboolean after_connector = FALSE;

      for (guint k = head + 1; k <= last; k++)
        if (classes[k] == TOKEN_CAPITAL)
          after_connector = TRUE;
      if (!after_connector)
        return;
    }

  kind = dossier_kind_for_head (words[head], &prefix);
  name = norm_slice (t, tokens[first].start, tokens[last].end);

  candidate = candidate_new (tokens[first].start, tokens[last].end,
                             dossier_pattern_key (kind, name), kind, g_strdup (name), "phrase",
                             capitals >= 3 ? 0.6 : 0.5);
  candidate->head_start = tokens[head].start;
  candidate->head_end = tokens[head].end;
  g_ptr_array_add (candidates, candidate);
}

/* Splits a run at "and" when both sides have a head word of their own
 * ("the Stability Pact Task Force on Trafficking and the Stability Pact Gender
 * Task Force"), then emits each part. */
static void
process_run (const DossierText *t,
             const Token       *tokens,
             char             **words,
             const TokenClass  *classes,
             guint              first,
             guint              last,
             GPtrArray         *candidates)
{
  guint start = first, last_head = G_MAXUINT, left_head = G_MAXUINT;

  /* Where the run's last head word is, and the last one seen so far: one pass
   * each, so that a long run costs linear time. */
  for (guint k = first; k <= last; k++)
    if (classes[k] == TOKEN_CAPITAL && run_head (words, k) != NULL)
      last_head = k;

  for (guint k = first; k <= last; k++)
    {
      gboolean left, right;

      if (classes[k] == TOKEN_CAPITAL && run_head (words, k) != NULL)
        left_head = k;
      if (classes[k] != TOKEN_CONNECTOR || !g_str_equal (words[k], "and"))
        continue;

      left = left_head != G_MAXUINT && left_head >= start;
      right = last_head != G_MAXUINT && last_head > k;

      if (left && right)
        {
          emit_phrase (t, tokens, words, classes, start, k - 1, candidates);
          start = k + 1;
        }
    }

  emit_phrase (t, tokens, words, classes, start, last, candidates);
}

/* Changes @tokens and @words (a possessive's "'s" is cut off). */
static void
recognise_phrases (const DossierText *t,
                   GArray            *tokens,
                   char             **words,
                   GPtrArray         *candidates)
{
  g_autofree TokenClass *classes = NULL;
  g_autofree gboolean *possessive = NULL;
  guint n, run_start = G_MAXUINT, connectors = 0;

  n = tokens->len;
  classes = g_new (TokenClass, n + 1);
  possessive = g_new0 (gboolean, n + 1);
  for (guint k = 0; k < n; k++)
    {
      Token *token = &g_array_index (tokens, Token, k);
      gsize length;

      classes[k] = classify (t, token, words[k]);
      /* "the Division's Expert Group Meeting": the possessive of a head word
       * ends a name; "Women's", "Children's" stay inside one. */
      length = strlen (words[k]);
      if (length > 3 && g_str_has_suffix (words[k], "'s"))
        {
          g_autofree char *stem = g_strndup (words[k], length - 2);

          if (dossier_kind_for_head (stem, NULL) != NULL)
            {
              words[k][length - 2] = '\0';
              token->end -= 2;
              possessive[k] = TRUE;
            }
        }
    }

  for (guint k = 0; k <= n; k++)
    {
      const Token *token = k < n ? &g_array_index (tokens, Token, k) : NULL;
      gboolean joined = FALSE;

      /* Adjacent tokens of a run are separated by exactly one space, which is
       * not a line break after a capitalised word (the lines of an address or
       * a masthead), and not a possessive's end. */
      if (token != NULL && k > 0 && !possessive[k - 1])
        {
          const Token *prev = &g_array_index (tokens, Token, k - 1);

          joined = token->start == prev->end + 1 && t->cased[prev->end] == ' ';
          if (joined && classes[k - 1] == TOKEN_CAPITAL)
            for (guint c = t->starts[prev->end]; c < t->ends[prev->end] && joined; c++)
              joined = t->chars[c] != '\n' && t->chars[c] != '\r';
          /* "the Forum by Renuka Chowdhury": "by" after a head word is no
           * part of a name. */
          if (joined && classes[k] == TOKEN_CONNECTOR && g_str_equal (words[k], "by") &&
              dossier_kind_for_head (words[k - 1], NULL) != NULL)
            joined = FALSE;
        }

      if (run_start != G_MAXUINT &&
          (token == NULL || !joined || classes[k] == TOKEN_OTHER ||
           (classes[k] == TOKEN_CONNECTOR && connectors >= 3)))
        {
          guint last = k - 1;

          while (last > run_start && classes[last] == TOKEN_CONNECTOR)
            last--;
          process_run (t, (const Token *) (gconstpointer) tokens->data, words, classes,
                       run_start, last, candidates);
          run_start = G_MAXUINT;
        }

      if (token == NULL)
        break;

      if (run_start == G_MAXUINT)
        {
          if (classes[k] == TOKEN_CAPITAL)
            {
              run_start = k;
              connectors = 0;
            }
        }
      else if (classes[k] == TOKEN_CONNECTOR)
        connectors++;
      else
        connectors = 0;
    }
}

/* People */

static const char * const honorifics[] = {
  "Mr", "Ms", "Mrs", "Mme", "Dr", "Prof", "Professor", "Sir", "Dame", "Madam", "Judge",
  "Ambassador", "Excellency", NULL
};

static const char * const name_particles[] = {
  "de", "da", "van", "von", "bin", "al", "el", "le", "la", "di", "du", "dos", "das", "der", NULL
};

/* Words that open the title after a name: "Dan Henkle, Senior Vice President". */
static const char * const title_words[] = {
  "Minister", "Director", "Executive", "President", "Vice", "Senior", "Chief", "Head",
  "Secretary", "Deputy", "Ambassador", "Professor", "Chair", "Chairman", "Chairperson",
  "Under-Secretary-General", "Assistant", "Commissioner", "Representative", "Coordinator",
  "Co-ordinator", "Officer", "Counsellor", "Adviser", "Advisor", "Founder", "Governor",
  "Mayor", "Judge", "Rapporteur", "Permanent", "Programme", "Program", "General", NULL
};

static gboolean
is_name_word (const DossierText *t,
              const Token       *token,
              const char        *word)
{
  return char_is_upper (t->cased[token->start]) && !all_caps (word) &&
         token->end - token->start >= 2 &&
         (lex_flags (word) & (LEX_HEAD | LEX_LEADING | LEX_GENERIC | LEX_TITLE | LEX_HONORIFIC)) == 0;
}

/* People named without an honorific but with their title after a comma:
 * "Renuka Chowdhury, India's Minister of ...", "Helga Konrad, the former
 * Austrian Minister", "Dan Henkle, Senior Vice President of ...". */
static void
recognise_appositive_persons (const DossierText *t,
                              GArray            *tokens,
                              char             **words,
                              GPtrArray         *candidates)
{
  guint n = tokens->len;

  for (guint k = 0; k + 2 < n; k++)
    {
      const Token *first = &g_array_index (tokens, Token, k);
      guint last = k, next;
      const char *word = words[k];
      g_autofree char *name = NULL;
      gboolean title = FALSE;

      if (!is_name_word (t, first, word))
        continue;
      /* The name opens a phrase: nothing capitalised is joined to its left. */
      if (k > 0)
        {
          const Token *before = &g_array_index (tokens, Token, k - 1);

          if (before->end + 1 == first->start && t->cased[before->end] == ' ' &&
              char_is_upper (t->cased[before->start]))
            continue;
        }

      /* Two or three name words, one space apart. */
      while (last + 1 < n && last < k + 2)
        {
          const Token *a = &g_array_index (tokens, Token, last);
          const Token *b = &g_array_index (tokens, Token, last + 1);
          const char *w = words[last + 1];

          if (b->start != a->end + 1 || t->cased[a->end] != ' ' || !is_name_word (t, b, w))
            break;
          last++;
        }
      if (last == k)
        continue;

      /* ", " then "the", "former", a possessive ("India's") and a title. */
      if (cased_at (t, g_array_index (tokens, Token, last).end) != ',')
        continue;
      for (next = last + 1; next < n && next <= last + 4 && !title; next++)
        {
          const Token *token = &g_array_index (tokens, Token, next);
          const char *w = words[next];

          if (lex_has (w, LEX_TITLE))
            title = TRUE;
          else if (!g_str_equal (w, "the") && !g_str_equal (w, "former") &&
                   !g_str_has_suffix (w, "'s") && !char_is_upper (t->cased[token->start]))
            break;
        }
      if (!title)
        continue;

      name = norm_slice (t, first->start, g_array_index (tokens, Token, last).end);
      g_ptr_array_add (candidates,
                       candidate_new (first->start, g_array_index (tokens, Token, last).end,
                                      NULL, "person", g_steal_pointer (&name), "person", 0.6));
      k = last;
    }
}

static void
recognise_persons (const DossierText *t,
                   GArray            *tokens,
                   char             **words,
                   GPtrArray         *candidates)
{
  guint n = tokens->len;

  for (guint k = 0; k < n; k++)
    {
      const Token *token = &g_array_index (tokens, Token, k);
      const char *word = words[k];
      guint first, last, pos;
      g_autofree char *name = NULL;

      /* "H.E." is two one-letter tokens. */
      if (g_str_equal (word, "H") && cased_at (t, token->end) == '.' && k + 1 < n)
        {
          const Token *e = &g_array_index (tokens, Token, k + 1);
          if (e->start == token->end + 1 && t->cased[e->start] == 'E' && e->end == e->start + 1)
            {
              k++;
              token = e;
            }
          else
            continue;
        }
      else if (!lex_has (word, LEX_HONORIFIC))
        continue;

      /* Further honorifics ("H.E. Mr.", "Her Excellency Sheikha") are skipped. */
      pos = token->end;
      if (cased_at (t, pos) == '.')
        pos++;
      first = k + 1;
      while (first < n)
        {
          const Token *next = &g_array_index (tokens, Token, first);
          const char *w = words[first];

          if (next->start > pos + 1 || !lex_has (w, LEX_HONORIFIC))
            break;
          pos = next->end;
          if (cased_at (t, pos) == '.')
            pos++;
          first++;
        }
      if (first >= n)
        continue;

      last = G_MAXUINT;
      for (guint j = first; j < n && j < first + 5; j++)
        {
          const Token *next = &g_array_index (tokens, Token, j);
          const char *w = words[j];
          gboolean capital = char_is_upper (t->cased[next->start]);

          if (next->start > pos + 1)
            break;
          if (!capital && !(lex_has (w, LEX_PARTICLE) && last != G_MAXUINT))
            break;
          if (capital && (dossier_kind_for_head (w, NULL) != NULL || lex_has (w, LEX_LEADING)))
            break;
          if (capital)
            last = j;
          pos = next->end;
          /* An initial: "A. Smith". */
          if (next->end == next->start + 1 && cased_at (t, pos) == '.')
            pos++;
          else if (cased_at (t, pos) != ' ')
            break;
        }
      if (last == G_MAXUINT)
        continue;

      name = norm_slice (t, g_array_index (tokens, Token, first).start,
                         g_array_index (tokens, Token, last).end);
      g_ptr_array_add (candidates,
                       candidate_new (g_array_index (tokens, Token, first).start,
                                      g_array_index (tokens, Token, last).end,
                                      NULL, "person", g_steal_pointer (&name), "person", 0.7));
      k = last;
    }

  recognise_appositive_persons (t, tokens, words, candidates);
}

void
dossier_recognise_names (const DossierText *t,
                         GPtrArray         *phrases,
                         GPtrArray         *persons)
{
  Words words = { 0, };

  g_return_if_fail (t != NULL);

  words_init (&words, t);
  /* People first: the phrases cut possessives off the shared words. */
  if (persons != NULL)
    recognise_persons (t, words.tokens, words.words, persons);
  if (phrases != NULL)
    recognise_phrases (t, words.tokens, words.words, phrases);
  words_clear (&words);
}

void
dossier_recognise_phrases (const DossierText *t,
                           GPtrArray         *candidates)
{
  dossier_recognise_names (t, candidates, NULL);
}

void
dossier_recognise_persons (const DossierText *t,
                           GPtrArray         *candidates)
{
  dossier_recognise_names (t, NULL, candidates);
}

/* Typed relations from phrasing */

void
dossier_relation_cue_free (DossierRelationCue *cue)
{
  if (cue == NULL)
    return;

  g_free (cue->source_key);
  g_free (cue->target_key);
  g_free (cue->kind);
  g_free (cue->verb);
  g_free (cue);
}

typedef enum
{
  MODE_PASSIVE,        /* S <trigger> T, T, and T */
  MODE_ORGANISED,      /* S ... organised [at ..., on ...] by T, T */
  MODE_ACTIVE,         /* T <verb> S ("the Division is organizing an Expert Group Meeting") */
  MODE_PARTNERS,       /* S ... in partnership with P, P */
  MODE_COOPERATION,    /* A ... in cooperation with B, B */
  MODE_COLLABORATING,  /* A is collaborating ... with B, B */
  MODE_SUPPLEMENTARY,  /* T and its supplementary S */
  MODE_ADOPTION_OF,    /* the adoption of S ... by T */
  MODE_COPULA,         /* S is the custodian of T */
  MODE_SUBMITTED,      /* S submitted/presented ... to T */
  MODE_REQUESTS,       /* resolution S ... requests T */
  MODE_RECALLS,        /* Recalling T, T; recalling its resolution T */
  MODE_MANDATE,        /* the present report, submitted in accordance with T */
} Mode;

static const char * const K_EVENT[] = { "meeting", "initiative", NULL };
static const char * const K_ACTOR[] = { "organisation", "body", "place", "person", "initiative", NULL };
static const char * const K_PARTNER[] = { "organisation", "body", "place", "person", "initiative", NULL };
static const char * const K_COOPERATOR[] = { "organisation", "body", "initiative", "meeting", NULL };
static const char * const K_ADOPTED[] = { "instrument", "resolution", "document", "initiative", NULL };
static const char * const K_ADOPTER[] = { "organisation", "body", "meeting", "resolution", NULL };
static const char * const K_INSTRUMENT[] = { "instrument", NULL };
static const char * const K_INITIATED[] = { "resolution", "initiative", "meeting", "instrument", NULL };
static const char * const K_INITIATOR[] = { "place", "organisation", "body", "person", NULL };
static const char * const K_ESTABLISHED[] = { "body", "organisation", "initiative", "meeting", "instrument", NULL };
static const char * const K_ESTABLISHER[] = { "resolution", "instrument", "organisation", "body", "meeting", NULL };
static const char * const K_CUSTODIAN[] = { "organisation", "body", NULL };
static const char * const K_SUBMITTED[] = { "document", "instrument", NULL };
static const char * const K_ORGAN[] = { "organisation", "body", "meeting", NULL };
static const char * const K_RESOLUTION[] = { "resolution", NULL };
static const char * const K_REQUESTED[] = { "person", "organisation", "body", NULL };
static const char * const K_RECALLED[] = { "resolution", "instrument", NULL };
static const char * const K_MANDATED[] = { "meeting", "body", "initiative", "document", "organisation", NULL };
static const char * const K_LAUNCHED[] = { "initiative", "meeting", "instrument", NULL };
static const char * const K_LAUNCHER[] = { "organisation", "body", "person", "place", NULL };
static const char * const K_HOSTED[] = { "meeting", NULL };
static const char * const K_FUNDED[] = { "initiative", "meeting", "body", "organisation", NULL };
static const char * const K_FUNDER[] = { "organisation", "place", "initiative", "body", NULL };
static const char * const K_HOST[] = { "place", "organisation", NULL };
static const char * const K_COORDINATED[] = { "meeting", "initiative", "body", NULL };
static const char * const K_COORDINATOR[] = { "organisation", "body", NULL };

typedef struct
{
  const char         *phrase;   /* lower case; words separated by one space */
  const char         *kind;
  Mode                mode;
  const char * const *source_kinds;
  const char * const *target_kinds;
} Trigger;

/* Longer phrases first: the first trigger that matches at a position wins. */
static const Trigger triggers[] = {
  { "organised as a part of", "part-of", MODE_PASSIVE, K_EVENT, K_EVENT },
  { "organized as a part of", "part-of", MODE_PASSIVE, K_EVENT, K_EVENT },
  { "organised as part of", "part-of", MODE_PASSIVE, K_EVENT, K_EVENT },
  { "organized as part of", "part-of", MODE_PASSIVE, K_EVENT, K_EVENT },
  { "held as part of", "part-of", MODE_PASSIVE, K_EVENT, K_EVENT },
  { "initiated by the delegations of", "initiated-by", MODE_PASSIVE, K_INITIATED, K_INITIATOR },
  { "initiated by the delegation of", "initiated-by", MODE_PASSIVE, K_INITIATED, K_INITIATOR },
  { "initiated by", "initiated-by", MODE_PASSIVE, K_INITIATED, K_INITIATOR },
  { "under the overall coordination of", "coordinated-by", MODE_PASSIVE, K_COORDINATED, K_COORDINATOR },
  { "under the coordination of", "coordinated-by", MODE_PASSIVE, K_COORDINATED, K_COORDINATOR },
  { "coordinated by", "coordinated-by", MODE_PASSIVE, K_COORDINATED, K_COORDINATOR },
  { "co-organized and co-chaired by", "organised-by", MODE_PASSIVE, K_EVENT, K_ACTOR },
  { "co-organised and co-chaired by", "organised-by", MODE_PASSIVE, K_EVENT, K_ACTOR },
  { "co-organized by", "organised-by", MODE_PASSIVE, K_EVENT, K_ACTOR },
  { "co-organised by", "organised-by", MODE_PASSIVE, K_EVENT, K_ACTOR },
  { "organized by", "organised-by", MODE_PASSIVE, K_EVENT, K_ACTOR },
  { "organised by", "organised-by", MODE_PASSIVE, K_EVENT, K_ACTOR },
  { "organized in partnership with", "partner-of", MODE_PARTNERS, K_PARTNER, K_EVENT },
  { "organised in partnership with", "partner-of", MODE_PARTNERS, K_PARTNER, K_EVENT },
  { "organized", "organised-by", MODE_ORGANISED, K_EVENT, K_ACTOR },
  { "organised", "organised-by", MODE_ORGANISED, K_EVENT, K_ACTOR },
  { "is organizing", "organised-by", MODE_ACTIVE, K_EVENT, K_ACTOR },
  { "is organising", "organised-by", MODE_ACTIVE, K_EVENT, K_ACTOR },
  { "will organize", "organised-by", MODE_ACTIVE, K_EVENT, K_ACTOR },
  { "will organise", "organised-by", MODE_ACTIVE, K_EVENT, K_ACTOR },
  { "organizes", "organised-by", MODE_ACTIVE, K_EVENT, K_ACTOR },
  { "organises", "organised-by", MODE_ACTIVE, K_EVENT, K_ACTOR },
  { "implemented by", "organised-by", MODE_PASSIVE, K_EVENT, K_ACTOR },
  { "convened by", "organised-by", MODE_PASSIVE, K_EVENT, K_ACTOR },
  { "hosted by", "hosted-by", MODE_PASSIVE, K_HOSTED, K_HOST },
  { "under the auspices of", "organised-by", MODE_PASSIVE, K_EVENT, K_ACTOR },
  { "funded by", "funded-by", MODE_PASSIVE, K_FUNDED, K_FUNDER },
  { "financed by", "funded-by", MODE_PASSIVE, K_FUNDED, K_FUNDER },
  { "endorsed by", "adopted-by", MODE_PASSIVE, K_ADOPTED, K_ADOPTER },
  { "in partnership with", "partner-of", MODE_PARTNERS, K_PARTNER, K_EVENT },
  { "in cooperation with", "cooperates-with", MODE_COOPERATION, K_COOPERATOR, K_COOPERATOR },
  { "in co-operation with", "cooperates-with", MODE_COOPERATION, K_COOPERATOR, K_COOPERATOR },
  { "in collaboration with", "cooperates-with", MODE_COOPERATION, K_COOPERATOR, K_COOPERATOR },
  { "jointly with", "cooperates-with", MODE_COOPERATION, K_COOPERATOR, K_COOPERATOR },
  { "is collaborating", "cooperates-with", MODE_COLLABORATING, K_COOPERATOR, K_COOPERATOR },
  { "are collaborating", "cooperates-with", MODE_COLLABORATING, K_COOPERATOR, K_COOPERATOR },
  { "collaborates", "cooperates-with", MODE_COLLABORATING, K_COOPERATOR, K_COOPERATOR },
  { "cooperates", "cooperates-with", MODE_COLLABORATING, K_COOPERATOR, K_COOPERATOR },
  { "adopted by", "adopted-by", MODE_PASSIVE, K_ADOPTED, K_ADOPTER },
  { "adopted at", "adopted-by", MODE_PASSIVE, K_ADOPTED, K_ADOPTER },
  { "adopted", "adopted-by", MODE_ACTIVE, K_ADOPTED, K_ADOPTER },
  { "adopts", "adopted-by", MODE_ACTIVE, K_ADOPTED, K_ADOPTER },
  { "adoption of", "adopted-by", MODE_ADOPTION_OF, K_ADOPTED, K_ADOPTER },
  { "supplementing", "supplements", MODE_PASSIVE, K_INSTRUMENT, K_INSTRUMENT },
  { "supplements", "supplements", MODE_PASSIVE, K_INSTRUMENT, K_INSTRUMENT },
  { "supplementary", "supplements", MODE_SUPPLEMENTARY, K_INSTRUMENT, K_INSTRUMENT },
  { "established under", "established-by", MODE_PASSIVE, K_ESTABLISHED, K_ESTABLISHER },
  { "established by", "established-by", MODE_PASSIVE, K_ESTABLISHED, K_ESTABLISHER },
  { "established pursuant to", "established-by", MODE_PASSIVE, K_ESTABLISHED, K_ESTABLISHER },
  { "created under", "established-by", MODE_PASSIVE, K_ESTABLISHED, K_ESTABLISHER },
  { "created by", "established-by", MODE_PASSIVE, K_ESTABLISHED, K_ESTABLISHER },
  { "set up by", "established-by", MODE_PASSIVE, K_ESTABLISHED, K_ESTABLISHER },
  { "set up under", "established-by", MODE_PASSIVE, K_ESTABLISHED, K_ESTABLISHER },
  { "establishes", "established-by", MODE_ACTIVE, K_ESTABLISHED, K_ESTABLISHER },
  { "established", "established-by", MODE_ACTIVE, K_ESTABLISHED, K_ESTABLISHER },
  { "launched by", "launched-by", MODE_PASSIVE, K_LAUNCHED, K_LAUNCHER },
  { "custodian of", "custodian-of", MODE_COPULA, K_CUSTODIAN, K_INSTRUMENT },
  { "guardian of", "custodian-of", MODE_COPULA, K_CUSTODIAN, K_INSTRUMENT },
  { "submitted in accordance with", "mandated-by", MODE_MANDATE, K_MANDATED, K_RESOLUTION },
  { "submitted pursuant to", "mandated-by", MODE_MANDATE, K_MANDATED, K_RESOLUTION },
  { "prepared in accordance with", "mandated-by", MODE_MANDATE, K_MANDATED, K_RESOLUTION },
  { "prepared pursuant to", "mandated-by", MODE_MANDATE, K_MANDATED, K_RESOLUTION },
  { "prepared in response to", "mandated-by", MODE_MANDATE, K_MANDATED, K_RESOLUTION },
  { "in accordance with the terms of", "mandated-by", MODE_MANDATE, K_MANDATED, K_RESOLUTION },
  { "in accordance with", "mandated-by", MODE_MANDATE, K_MANDATED, K_RESOLUTION },
  { "in response to", "mandated-by", MODE_MANDATE, K_MANDATED, K_RESOLUTION },
  { "as requested by", "mandated-by", MODE_MANDATE, K_MANDATED, K_RESOLUTION },
  { "as requested in", "mandated-by", MODE_MANDATE, K_MANDATED, K_RESOLUTION },
  { "pursuant to", "mandated-by", MODE_MANDATE, K_MANDATED, K_RESOLUTION },
  { "mandated by", "mandated-by", MODE_MANDATE, K_MANDATED, K_RESOLUTION },
  { "submitted", "submitted-to", MODE_SUBMITTED, K_SUBMITTED, K_ORGAN },
  { "presented to", "submitted-to", MODE_SUBMITTED, K_SUBMITTED, K_ORGAN },
  { "for submission to", "submitted-to", MODE_SUBMITTED, K_SUBMITTED, K_ORGAN },
  { "requests the", "requests", MODE_REQUESTS, K_RESOLUTION, K_REQUESTED },
  { "requested the", "requests", MODE_REQUESTS, K_RESOLUTION, K_REQUESTED },
  { "request the", "requests", MODE_REQUESTS, K_RESOLUTION, K_REQUESTED },
  { "recalling its resolutions", "recalls", MODE_RECALLS, NULL, K_RECALLED },
  { "recalling its resolution", "recalls", MODE_RECALLS, NULL, K_RECALLED },
  { "recalling", "recalls", MODE_RECALLS, NULL, K_RECALLED },
  { "reaffirming", "recalls", MODE_RECALLS, NULL, K_RECALLED },
};

/* Words a preambular or operative clause of a resolution opens with. */
static const char * const clause_openers[] = {
  "Recalling", "Reaffirming", "Recognizing", "Recognising", "Welcoming", "Noting", "Taking",
  "Stressing", "Concerned", "Gravely", "Deeply", "Convinced", "Acknowledging", "Underlining",
  "Bearing", "Expressing", "Mindful", "Considering", "Reiterating", "Emphasizing",
  "Emphasising", "Declaring", "Determined", "Desiring", "Aware", "Alarmed", "Affirming",
  "Takes", "Welcomes", "Urges", "Invites", "Requests", "Decides", "Calls", "Encourages",
  "Recommends", "Recognizes", "Reaffirms", "Stresses", "Emphasizes", "Notes", "Expresses",
  "Appeals", "Condemns", "Endorses", "Approves", "Adopts", "Also", "Further", "Reiterating",
  NULL
};

static const char * const prepositions[] = {
  "of", "for", "to", "from", "on", "at", "in", "into", "with", "within", "under", "between",
  "among", "against", "about", "towards", "toward", NULL
};

static const char * const anaphor_heads[] = {
  "conference", "meeting", "congress", "forum", "workshop", "seminar", "summit", "protocol",
  "convention", "platform", "declaration", "plan", "programme", "initiative", "resolution",
  "decision", "committee", "commission", "group", "force", "fund", "office", "organization",
  "organisation", "report", "agency", "network", "partnership", "recommendation", "egm",
  NULL
};

static const char * const abbreviations[] = {
  "mr", "ms", "mrs", "dr", "no", "nos", "para", "paras", "art", "arts", "chap", "cf", "eg",
  "ie", "etc", "vol", "inc", "st", "add", "rev", "corr", "sub", "distr", "prof", "sr", "jr",
  "gen", "p", "pp", "op", "cit", "al", "fig", "approx", "e", "u", "he", "un", "s", "v", "vs",
  NULL
};

typedef struct
{
  const DossierText            *t;
  const DossierSpan            *mentions;
  guint                         n_mentions;
  const DossierRelationContext *ctx;
  GPtrArray                    *cues;
  GArray                       *sentences;   /* of guint: sentence starts, then n_norm */
  guint                         sentence_start;
  guint                         sentence_end;
  guint                         clause_start;
} Reader;

/* Sentences longer than this are read in windows of this size around a trigger,
 * so that a text without full stops still costs linear time. */
#define SENTENCE_WINDOW 600

static gboolean
kind_in (const char         *kind,
         const char * const *kinds)
{
  return kinds == NULL || (kind != NULL && strv_has (kinds, kind));
}

static void
emit (Reader     *r,
      const char *source,
      const char *target,
      const char *kind,
      const char *verb,
      gboolean    directed)
{
  DossierRelationCue *cue;

  if (source == NULL || target == NULL || g_str_equal (source, target))
    return;

  for (guint i = 0; i < r->cues->len; i++)
    {
      DossierRelationCue *other = g_ptr_array_index (r->cues, i);

      if (g_str_equal (other->source_key, source) && g_str_equal (other->target_key, target) &&
          g_str_equal (other->kind, kind))
        return;
    }

  cue = g_new0 (DossierRelationCue, 1);
  cue->source_key = g_strdup (source);
  cue->target_key = g_strdup (target);
  cue->kind = g_strdup (kind);
  cue->verb = g_strdup (verb);
  cue->directed = directed;
  g_ptr_array_add (r->cues, cue);
}

static gboolean
is_sentence_end (const DossierText *t,
                 guint              i)
{
  gunichar c = t->cased[i], next;
  char word[16];

  if (c != '.' && c != '!' && c != '?')
    return FALSE;
  if (cased_at (t, i + 1) != ' ')
    return i + 1 >= t->n_norm;
  next = cased_at (t, i + 2);
  if (!char_is_upper (next) && !char_is_digit (next) && next != '"' && next != '\'' &&
      next != '(')
    return FALSE;
  if (c != '.')
    return TRUE;

  previous_word (t, i, word, sizeof word);
  if (lex_has (word, LEX_ABBREVIATION))
    return FALSE;

  return TRUE;
}

static GArray *
split_sentences (const DossierText *t)
{
  GArray *starts = g_array_new (FALSE, FALSE, sizeof (guint));
  guint zero = 0;

  g_array_append_val (starts, zero);
  for (guint i = 0; i < t->n_norm; i++)
    if (is_sentence_end (t, i) && i + 1 < t->n_norm)
      {
        guint next = i + 1;
        g_array_append_val (starts, next);
      }
  g_array_append_val (starts, t->n_norm);

  return starts;
}

static void
find_sentence (Reader *r,
               guint   pos)
{
  const DossierText *t = r->t;
  const guint *starts = (const guint *) (gconstpointer) r->sentences->data;
  guint lo = 0, hi = r->sentences->len - 1, start, end;

  /* The last start at or before @pos. */
  while (lo + 1 < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (starts[mid] <= pos)
        lo = mid;
      else
        hi = mid;
    }
  start = starts[lo];
  end = starts[lo + 1];
  if (pos - start > SENTENCE_WINDOW)
    start = pos - SENTENCE_WINDOW;
  if (end - pos > SENTENCE_WINDOW)
    end = pos + SENTENCE_WINDOW;

  r->sentence_start = start;
  r->sentence_end = end;

  /* Resolutions run many clauses into one sentence: "Recalling …, Welcoming …". */
  r->clause_start = start;
  for (guint i = pos; i > start; i--)
    {
      if (char_is_upper (t->cased[i]) && t->cased[i - 1] == ' ' && i >= 2 &&
          (t->cased[i - 2] == ',' || t->cased[i - 2] == ';' || t->cased[i - 2] == '.' ||
           is_ascii_digit (t->cased[i - 2])))
        {
          guint w = i;
          g_autofree char *word = NULL;

          while (w < t->n_norm && w - i < 20 && is_word (t->cased[w]))
            w++;
          word = norm_slice (t, i, w);
          if (lex_has (word, LEX_CLAUSE_OPENER))
            {
              r->clause_start = i;
              break;
            }
        }
    }
}

/* Whether a mention is the object of a preposition ("that of Europol"). */
static gboolean
after_preposition (const DossierText *t,
                   guint              start,
                   gboolean           count_by)
{
  char word[32];
  guint pos = start;

  previous_word (t, pos, word, sizeof word);
  while (g_str_equal (word, "the") || g_str_equal (word, "its") || g_str_equal (word, "their") ||
         g_str_equal (word, "a") || g_str_equal (word, "an"))
    {
      while (pos > 0 && t->cased[pos - 1] == ' ')
        pos--;
      pos -= MIN (pos, strlen (word));
      previous_word (t, pos, word, sizeof word);
    }

  return lex_has (word, LEX_PREPOSITION) || (count_by && g_str_equal (word, "by"));
}

static gboolean
inside_mention (Reader *r,
                guint   start,
                guint   end)
{
  for (guint i = 0; i < r->n_mentions; i++)
    if (start < r->mentions[i].norm_end && r->mentions[i].norm_start < end)
      return TRUE;

  return FALSE;
}

/* The nearest mention of @kinds before @pos in the clause, not governed by a
 * preposition. */
static const DossierSpan *
subject_nearest (Reader             *r,
                 guint               pos,
                 const char * const *kinds,
                 gboolean            count_by)
{
  for (guint i = r->n_mentions; i > 0; i--)
    {
      const DossierSpan *m = &r->mentions[i - 1];

      if (m->norm_end > pos)
        continue;
      if (m->norm_start < r->clause_start)
        break;
      if (kind_in (m->kind, kinds) && !after_preposition (r->t, m->norm_start, count_by))
        return m;
    }

  return NULL;
}

/* The first mention of @kinds in the clause before @pos: the grammatical subject
 * of an active verb. */
static const DossierSpan *
subject_first (Reader             *r,
               guint               pos,
               const char * const *kinds)
{
  for (guint i = 0; i < r->n_mentions; i++)
    {
      const DossierSpan *m = &r->mentions[i];

      if (m->norm_start < r->clause_start)
        continue;
      if (m->norm_end > pos)
        break;
      if (kind_in (m->kind, kinds) && !after_preposition (r->t, m->norm_start, FALSE))
        return m;
    }

  return NULL;
}

/* "the Conference", "this Protocol", "that protocol" in [from, to): resolved
 * through the context. */
static const char *
anaphor_in (Reader             *r,
            guint               from,
            guint               to,
            const char * const *kinds,
            gboolean            last)
{
  const char *found = NULL;

  if (r->ctx->anaphor == NULL)
    return NULL;

  for (guint i = from; i < to && i < r->t->n_norm; i++)
    {
      guint w, d = 0;
      g_autofree char *head = NULL;
      const char *key;

      if (word_at (r->t, i, "the"))
        d = 4;
      else if (word_at (r->t, i, "this") || word_at (r->t, i, "that"))
        d = 5;
      if (d == 0 || cased_at (r->t, i + d - 1) != ' ')
        continue;
      w = i + d;
      while (w < r->t->n_norm && is_word (r->t->cased[w]))
        w++;
      if (w > to || inside_mention (r, i + d, w))
        continue;
      if (is_word (cased_at (r->t, w)) || cased_at (r->t, w) == '-')
        continue;

      head = g_ucs4_to_utf8 (r->t->folded + i + d, w - i - d, NULL, NULL, NULL);
      if (head == NULL || !lex_has (head, LEX_ANAPHOR_HEAD))
        continue;
      /* "the Conference of the Parties" is a name, not an anaphor. */
      if (cased_at (r->t, w) == ' ' && word_at (r->t, w + 1, "of"))
        continue;

      key = r->ctx->anaphor (r->ctx->user_data, head, kinds, i);
      if (key != NULL)
        {
          found = key;
          if (!last)
            return found;
        }
    }

  return found;
}

static const char * const list_stops[] = {
  "in partnership with", "in cooperation with", "in collaboration with", "under the",
  "which", "who", "to promote", "to combat", "during", "held", "on the", "and other", NULL
};

/* The position where a list of targets after @from ends. */
static guint
list_end (Reader *r,
          guint   from)
{
  for (guint i = from; i < r->sentence_end; i++)
    {
      gunichar c = r->t->cased[i];

      if (c == ';' || c == ':' || (c == '(' && !inside_mention (r, i, i + 1)))
        return i;
      if (i > from && r->t->cased[i - 1] == ' ' && !inside_mention (r, i, i + 1))
        {
          for (guint s = 0; list_stops[s] != NULL; s++)
            if (word_at (r->t, i, list_stops[s]))
              return i;
          /* "... and coincided with": a second verb ends the list. */
          if (word_at (r->t, i, "and") && cased_at (r->t, i + 3) == ' ' &&
              char_is_lower (cased_at (r->t, i + 4)))
            {
              guint w = i + 4;

              while (w < r->sentence_end && is_word (r->t->cased[w]))
                w++;
              if (w - (i + 4) > 3 && r->t->folded[w - 2] == 'e' && r->t->folded[w - 1] == 'd')
                return i;
            }
        }
    }

  return r->sentence_end;
}

/* Targets after a trigger: the first mention of each segment of a list
 * ("by A, B and the C"), each segment separated by commas or "and" outside
 * mentions. */
static guint
targets_after (Reader             *r,
               guint               from,
               const char * const *kinds,
               gboolean            list,
               guint               max_gap,
               const DossierSpan **out,
               guint               max_out)
{
  guint end = list_end (r, from), n = 0, segment_start = from;
  gboolean segment_taken = FALSE;

  for (guint i = 0; i < r->n_mentions && n < max_out; i++)
    {
      const DossierSpan *m = &r->mentions[i];

      if (m->norm_start < from)
        continue;
      if (m->norm_start >= end)
        break;

      if (n == 0)
        {
          if (m->norm_start - from > max_gap)
            break;
        }
      else
        {
          /* A new segment starts at the last comma or "and" before this mention. */
          gboolean new_segment = FALSE;

          for (guint k = segment_start; k < m->norm_start; k++)
            if ((r->t->cased[k] == ',' || word_at (r->t, k, "and")) && !inside_mention (r, k, k + 1))
              {
                new_segment = TRUE;
                segment_start = k + 1;
              }
          if (new_segment)
            segment_taken = FALSE;
          if (!list)
            break;
        }

      if (segment_taken || !kind_in (m->kind, kinds))
        continue;

      out[n++] = m;
      segment_taken = TRUE;
      segment_start = m->norm_end;
      if (!list)
        break;
    }

  return n;
}

static char *
trigger_verb (Reader *r,
              guint   start,
              guint   end)
{
  return norm_slice (r->t, start, end);
}

static gboolean
sentence_mentions_present_document (Reader *r)
{
  static const char * const phrases[] = {
    "the present report", "the present note", "the present document", "this report",
    "this note", "this document", "the present paper", "this paper", NULL
  };

  for (guint i = r->sentence_start; i < r->sentence_end; i++)
    for (guint p = 0; phrases[p] != NULL; p++)
      if (word_at (r->t, i, phrases[p]))
        return TRUE;

  return FALSE;
}

static gboolean
sentence_has_word (Reader     *r,
                   const char *word)
{
  for (guint i = r->sentence_start; i < r->sentence_end; i++)
    if (word_at (r->t, i, word))
      return TRUE;

  return FALSE;
}

static void
read_trigger (Reader        *r,
              const Trigger *trigger,
              guint          start,
              guint          end)
{
  const DossierText *t = r->t;
  const DossierSpan *targets[32];
  const DossierSpan *subject = NULL;
  const char *subject_key = NULL;
  g_autofree char *verb = trigger_verb (r, start, end);
  guint n;

  switch (trigger->mode)
    {
    case MODE_PASSIVE:
    case MODE_ORGANISED:
      {
        guint by = end;

        if (trigger->mode == MODE_ORGANISED)
          {
            /* "organised at the United Nations Headquarters ... on 5 March 2007 by" */
            by = G_MAXUINT;
            for (guint i = end; i < r->sentence_end && i < end + 160; i++)
              if (word_at (t, i, "by") && !inside_mention (r, i, i + 2))
                {
                  by = i + 2;
                  break;
                }
              else if (t->cased[i] == ';')
                break;
            if (by == G_MAXUINT)
              {
                /* Active: "CICP organized in November 2002, in Paris, an Expert Meeting". */
                n = targets_after (r, end, trigger->source_kinds, FALSE, 80, targets, 1);
                subject = subject_first (r, start, trigger->target_kinds);
                if (n > 0 && subject != NULL)
                  emit (r, targets[0]->key, subject->key, trigger->kind, verb, TRUE);
                return;
              }
            g_free (verb);
            verb = trigger_verb (r, start, by);
          }

        subject = subject_nearest (r, start, trigger->source_kinds, FALSE);
        subject_key = subject != NULL ? subject->key
                                      : anaphor_in (r, r->clause_start, start, trigger->source_kinds, TRUE);
        if (subject_key == NULL)
          return;

        n = targets_after (r, by, trigger->target_kinds, TRUE, 60, targets, G_N_ELEMENTS (targets));
        if (n == 0 && g_str_equal (trigger->kind, "supplements"))
          {
            /* "This Protocol supplements the Convention". */
            const char *object = anaphor_in (r, by, MIN (by + 40, r->sentence_end),
                                             trigger->target_kinds, FALSE);
            if (object != NULL)
              emit (r, subject_key, object, trigger->kind, verb, TRUE);
            return;
          }
        if (g_str_equal (trigger->kind, "supplements"))
          n = MIN (n, 1);
        for (guint i = 0; i < n; i++)
          emit (r, subject_key, targets[i]->key, trigger->kind, verb, TRUE);
      }
      break;

    case MODE_ACTIVE:
      {
        const DossierSpan *objects[1];
        const DossierSpan *agents[4];
        const char *object_key = NULL;
        guint n_agents = 0;

        n = targets_after (r, end, trigger->source_kinds, FALSE, 80, objects, 1);
        if (n > 0)
          object_key = objects[0]->key;
        else
          object_key = anaphor_in (r, end, MIN (end + 40, r->sentence_end), trigger->source_kinds, FALSE);
        if (object_key == NULL)
          return;

        /* "In its resolution 55/25, the General Assembly adopted": both. */
        for (guint i = 0; i < r->n_mentions && n_agents < G_N_ELEMENTS (agents); i++)
          {
            const DossierSpan *m = &r->mentions[i];

            if (m->norm_start < r->clause_start)
              continue;
            if (m->norm_end > start)
              break;
            if (kind_in (m->kind, trigger->target_kinds) && !after_preposition (t, m->norm_start, TRUE) &&
                (n_agents == 0 || g_str_equal (agents[0]->kind, "resolution")))
              agents[n_agents++] = m;
          }
        if (n_agents == 0)
          {
            const char *agent = anaphor_in (r, r->clause_start, start, trigger->target_kinds, TRUE);

            if (agent != NULL)
              emit (r, object_key, agent, trigger->kind, verb, TRUE);
            return;
          }
        for (guint i = 0; i < n_agents; i++)
          emit (r, object_key, agents[i]->key, trigger->kind, verb, TRUE);
      }
      break;

    case MODE_ADOPTION_OF:
      {
        const DossierSpan *objects[4];
        guint by = G_MAXUINT;

        n = targets_after (r, end, trigger->source_kinds, TRUE, 20, objects, G_N_ELEMENTS (objects));
        if (n == 0)
          return;
        for (guint i = objects[n - 1]->norm_end; i < r->sentence_end && i < end + 300; i++)
          if (word_at (t, i, "by") && !inside_mention (r, i, i + 2))
            {
              by = i + 2;
              break;
            }
        if (by == G_MAXUINT)
          return;
        if (targets_after (r, by, trigger->target_kinds, FALSE, 20, targets, 1) == 0)
          return;
        for (guint i = 0; i < n; i++)
          emit (r, objects[i]->key, targets[0]->key, trigger->kind, verb, TRUE);
      }
      break;

    case MODE_PARTNERS:
      {
        const char *event = NULL;

        subject = subject_nearest (r, start, trigger->target_kinds, TRUE);
        if (subject != NULL)
          event = subject->key;
        else
          event = anaphor_in (r, r->clause_start, start, trigger->target_kinds, TRUE);

        n = targets_after (r, end, trigger->source_kinds, TRUE, 60, targets, G_N_ELEMENTS (targets));
        if (event == NULL && n > 0)
          {
            /* "Organised in partnership with UNICEF and ECPAT the congress was …" */
            event = anaphor_in (r, targets[n - 1]->norm_end, r->sentence_end, trigger->target_kinds, FALSE);
            if (event == NULL)
              {
                /* The event named earlier in the block. */
                r->clause_start = 0;
                subject = subject_nearest (r, start, trigger->target_kinds, TRUE);
                event = subject != NULL ? subject->key : NULL;
              }
          }
        if (event == NULL)
          return;
        for (guint i = 0; i < n; i++)
          emit (r, targets[i]->key, event, trigger->kind, verb, TRUE);
      }
      break;

    case MODE_COOPERATION:
    case MODE_COLLABORATING:
      {
        guint with = end;

        if (trigger->mode == MODE_COLLABORATING)
          {
            with = G_MAXUINT;
            for (guint i = end; i < r->sentence_end && i < end + 160; i++)
              if (word_at (t, i, "with") && !inside_mention (r, i, i + 4))
                {
                  with = i + 4;
                  break;
                }
            if (with == G_MAXUINT)
              return;
          }

        subject = subject_nearest (r, start, trigger->source_kinds, FALSE);
        if (subject == NULL)
          return;
        n = targets_after (r, with, trigger->target_kinds, TRUE, 40, targets, G_N_ELEMENTS (targets));
        for (guint i = 0; i < n; i++)
          emit (r, subject->key, targets[i]->key, trigger->kind, verb, FALSE);
      }
      break;

    case MODE_SUPPLEMENTARY:
      {
        const DossierSpan *supplemented = subject_nearest (r, start, trigger->target_kinds, FALSE);

        if (supplemented == NULL)
          return;
        n = targets_after (r, end, trigger->source_kinds, FALSE, 10, targets, 1);
        if (n == 0)
          return;
        emit (r, targets[0]->key, supplemented->key, trigger->kind, verb, TRUE);
      }
      break;

    case MODE_COPULA:
      {
        const char *object;

        subject = subject_first (r, start, trigger->source_kinds);
        if (subject == NULL)
          return;
        n = targets_after (r, end, trigger->target_kinds, FALSE, 30, targets, 1);
        object = n > 0 ? targets[0]->key
                       : anaphor_in (r, end, MIN (end + 30, r->sentence_end), trigger->target_kinds, FALSE);
        emit (r, subject->key, object, trigger->kind, verb, TRUE);
      }
      break;

    case MODE_SUBMITTED:
      {
        const DossierSpan *organ = NULL;
        gboolean any = FALSE;

        /* The organ is the first one after "to" that no "of" governs: "submitted as
         * an addendum to the report of the High Commissioner to the Council". */
        for (guint i = 0; i < r->n_mentions && organ == NULL; i++)
          {
            const DossierSpan *m = &r->mentions[i];
            char word[16];
            guint pos;

            if (m->norm_start < end || m->norm_start >= r->sentence_end)
              continue;
            if (!kind_in (m->kind, trigger->target_kinds))
              continue;
            pos = m->norm_start;
            previous_word (t, pos, word, sizeof word);
            if (g_str_equal (word, "the"))
              {
                while (pos > 0 && t->cased[pos - 1] == ' ')
                  pos--;
                pos -= MIN (pos, 3);
                previous_word (t, pos, word, sizeof word);
              }
            if (g_str_equal (word, "to"))
              organ = m;
          }
        if (organ == NULL)
          return;

        subject = subject_nearest (r, start, trigger->source_kinds, FALSE);
        if (subject != NULL)
          {
            emit (r, subject->key, organ->key, trigger->kind, verb, TRUE);
            any = TRUE;
          }
        for (guint i = 0; i < r->n_mentions; i++)
          {
            const DossierSpan *m = &r->mentions[i];

            if (m->norm_start < r->sentence_start || m->norm_start >= r->sentence_end)
              continue;
            if (g_strcmp0 (m->kind, "document") == 0)
              {
                emit (r, m->key, organ->key, trigger->kind, verb, TRUE);
                any = TRUE;
              }
          }
        if (!any && sentence_mentions_present_document (r))
          emit (r, r->ctx->document_key, organ->key, trigger->kind, verb, TRUE);
      }
      break;

    case MODE_REQUESTS:
      {
        const char *resolution = NULL;

        subject = subject_nearest (r, start, trigger->source_kinds, TRUE);
        if (subject != NULL)
          resolution = subject->key;
        else
          resolution = anaphor_in (r, r->clause_start, start, trigger->source_kinds, TRUE);
        /* "In its resolution 63/156, the General Assembly requested the ...". */
        for (guint i = r->n_mentions; i > 0 && resolution == NULL; i--)
          {
            const DossierSpan *m = &r->mentions[i - 1];

            if (m->norm_end > start || m->norm_start < r->sentence_start)
              continue;
            if (g_strcmp0 (m->kind, "resolution") == 0 && m->norm_start >= 4 &&
                folded_has (t, m->norm_start - 4, "its "))
              resolution = m->key;
          }
        if (resolution == NULL && char_is_upper (t->cased[start]) && start == r->clause_start)
          resolution = r->ctx->document_key;
        if (resolution == NULL)
          return;
        /* "requests the" ends on "the": the person follows at once. */
        n = targets_after (r, end - 3, trigger->target_kinds, FALSE, 4, targets, 1);
        if (n > 0)
          emit (r, resolution, targets[0]->key, trigger->kind, verb, TRUE);
      }
      break;

    case MODE_RECALLS:
      {
        guint clause_end = r->sentence_end;

        /* Preambular "Recalling …" opens a clause; mid-sentence only "recalling its
         * resolution" counts. */
        if (char_is_upper (t->cased[start]) ? start != r->clause_start
                                                 : !folded_has (t, start, "recalling its"))
          return;

        for (guint i = end; i < r->sentence_end; i++)
          if (char_is_upper (t->cased[i]) && i >= 2 && t->cased[i - 1] == ' ' &&
              (t->cased[i - 2] == ',' || t->cased[i - 2] == ';'))
            {
              guint w = i;
              g_autofree char *word = NULL;

              while (w < t->n_norm && is_word (t->cased[w]))
                w++;
              word = norm_slice (t, i, w);
              if (lex_has (word, LEX_CLAUSE_OPENER))
                {
                  clause_end = i;
                  break;
                }
            }

        for (guint i = 0; i < r->n_mentions; i++)
          {
            const DossierSpan *m = &r->mentions[i];

            if (m->norm_start < end || m->norm_start >= clause_end)
              continue;
            if (kind_in (m->kind, trigger->target_kinds))
              emit (r, r->ctx->document_key, m->key, trigger->kind, verb, TRUE);
          }
      }
      break;

    case MODE_MANDATE:
      {
        const char *source = NULL;

        /* "In accordance with resolution 53/208 B, this document is submitted late":
         * the rule on late documents is no mandate. */
        if (sentence_has_word (r, "late"))
          return;

        n = targets_after (r, end, trigger->target_kinds, FALSE, 50, targets, 1);
        if (n == 0)
          return;

        if (sentence_mentions_present_document (r))
          source = r->ctx->document_key;
        else
          {
            subject = subject_first (r, start, trigger->source_kinds);
            if (subject != NULL && after_preposition (t, subject->norm_start, TRUE))
              subject = NULL;
            source = subject != NULL ? subject->key : NULL;
          }
        emit (r, source, targets[0]->key, trigger->kind, verb, TRUE);
      }
      break;

    default:
      break;
    }
}

/* The lexicon */

typedef struct
{
  GHashTable *words;                                  /* word -> LexEntry* */
  guint8      trigger_lengths[G_N_ELEMENTS (triggers)];
  /* For each letter, the triggers that start with it, in their order, then
   * G_MAXUINT8. */
  guint8      by_letter[26][G_N_ELEMENTS (triggers) + 1];
} Lexicon;

G_STATIC_ASSERT (G_N_ELEMENTS (triggers) < G_MAXUINT8);

static void
lexicon_add (GHashTable         *words,
             const char * const *list,
             guint               flag)
{
  for (guint i = 0; list[i] != NULL; i++)
    {
      LexEntry *entry = g_hash_table_lookup (words, list[i]);

      if (entry == NULL)
        {
          entry = g_new0 (LexEntry, 1);
          g_hash_table_insert (words, (gpointer) list[i], entry);
        }
      entry->flags |= flag;
    }
}

static Lexicon *
lexicon_new (void)
{
  Lexicon *lexicon = g_new0 (Lexicon, 1);
  guint n_by_letter[26] = { 0, };

  lexicon->words = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  lexicon_add (lexicon->words, symbol_suffix_words, LEX_SYMBOL_SUFFIX);
  lexicon_add (lexicon->words, connector_words, LEX_CONNECTOR);
  lexicon_add (lexicon->words, generic_words, LEX_GENERIC);
  lexicon_add (lexicon->words, leading_words, LEX_LEADING);
  lexicon_add (lexicon->words, honorifics, LEX_HONORIFIC);
  lexicon_add (lexicon->words, name_particles, LEX_PARTICLE);
  lexicon_add (lexicon->words, title_words, LEX_TITLE);
  lexicon_add (lexicon->words, clause_openers, LEX_CLAUSE_OPENER);
  lexicon_add (lexicon->words, prepositions, LEX_PREPOSITION);
  lexicon_add (lexicon->words, anaphor_heads, LEX_ANAPHOR_HEAD);
  lexicon_add (lexicon->words, abbreviations, LEX_ABBREVIATION);

  /* The first of equal head words stands, as a walk through the list would find. */
  for (guint i = 0; i < G_N_ELEMENTS (heads); i++)
    {
      LexEntry *entry = g_hash_table_lookup (lexicon->words, heads[i].head);

      if (entry == NULL)
        {
          entry = g_new0 (LexEntry, 1);
          g_hash_table_insert (lexicon->words, (gpointer) heads[i].head, entry);
        }
      if ((entry->flags & LEX_HEAD) == 0)
        {
          entry->flags |= LEX_HEAD;
          entry->head = i;
        }
    }

  for (guint k = 0; k < G_N_ELEMENTS (triggers); k++)
    {
      guint letter = (guchar) triggers[k].phrase[0] - 'a';

      g_assert (letter < 26);
      lexicon->trigger_lengths[k] = (guint8) strlen (triggers[k].phrase);
      lexicon->by_letter[letter][n_by_letter[letter]++] = (guint8) k;
    }
  for (guint letter = 0; letter < 26; letter++)
    lexicon->by_letter[letter][n_by_letter[letter]] = G_MAXUINT8;

  return lexicon;
}

/* Built once, read-only after: any number of threads may read it. */
static const Lexicon *
lexicon_get (void)
{
  static gsize once = 0;
  static Lexicon *lexicon = NULL;

  if (g_once_init_enter (&once))
    {
      lexicon = lexicon_new ();
      g_once_init_leave (&once, 1);
    }

  return lexicon;
}

static const LexEntry *
lexicon_lookup (const char *word)
{
  return g_hash_table_lookup (lexicon_get ()->words, word);
}

void
dossier_read_relations (const DossierText            *text,
                        const DossierSpan            *mentions,
                        guint                         n_mentions,
                        const DossierRelationContext *context,
                        GPtrArray                    *cues)
{
  const Lexicon *lexicon = lexicon_get ();
  Reader reader = { 0, };

  g_return_if_fail (text != NULL);
  g_return_if_fail (context != NULL);

  reader.t = text;
  reader.mentions = mentions;
  reader.n_mentions = n_mentions;
  reader.ctx = context;
  reader.cues = cues;
  reader.sentences = split_sentences (text);

  for (guint i = 0; i < text->n_norm; i++)
    {
      gunichar c = text->folded[i];

      /* Every trigger starts with a lower-case ASCII letter: only the triggers
       * that start with this one can match here, and they are tried in order. */
      if (c < 'a' || c > 'z')
        continue;
      if (!char_is_alpha (text->cased[i]) || (i > 0 && is_word (text->cased[i - 1])))
        continue;

      for (const guint8 *k = lexicon->by_letter[c - 'a']; *k != G_MAXUINT8; k++)
        {
          guint length = lexicon->trigger_lengths[*k];

          if (!word_at (text, i, triggers[*k].phrase))
            continue;
          if (inside_mention (&reader, i, i + length))
            break;

          find_sentence (&reader, i);
          read_trigger (&reader, &triggers[*k], i, i + length);
          break;
        }
    }

  g_array_unref (reader.sentences);
}
