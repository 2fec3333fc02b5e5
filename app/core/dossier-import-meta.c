/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Metadata recovery from the masthead: the lines a UN document prints before
 * its text (organ, distribution, symbol, date, session, agenda item, title,
 * "Report of the Secretary-General"). Footnotes are not part of the masthead,
 * so an agenda symbol printed in a footnote is never taken for the document's.
 */

#include "config.h"

#include <string.h>

#include "dossier-import-private.h"

/* Words that may join the capitalised words of a name. */
static const char *const name_connectors[] = {
  "of", "on", "for", "and", "the", "in", "against", "to",
};

/* Principal organs: a masthead names one of them first and then, more
 * usefully, the commission or committee the document is for. */
static const char *const principal_organs[] = {
  "General Assembly", "Economic and Social Council", "Security Council",
};

static const char *const specific_openers[] = {
  "Commission on ", "Commission for ", "Sub-Commission on ", "Committee on ",
  "Committee against ", "Committee for ", "Conference of the Parties",
};

static const char *const specific_organs[] = {
  "Human Rights Council", "Permanent Council", "Ministerial Council", "Trusteeship Council",
};

static const char *const ordinal_words[] = {
  "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
  "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
  "seventeenth", "eighteenth", "nineteenth", "twentieth", "thirtieth", "fortieth",
  "fiftieth", "sixtieth", "seventieth", "eightieth", "ninetieth",
};

static gboolean
is_connector (const char *word,
              gsize       len)
{
  for (guint i = 0; i < G_N_ELEMENTS (name_connectors); i++)
    if (strlen (name_connectors[i]) == len && g_ascii_strncasecmp (word, name_connectors[i], len) == 0)
      return TRUE;
  return FALSE;
}

static const char *
strcasestr_ascii (const char *haystack,
                  const char *needle)
{
  gsize len = strlen (needle);

  for (const char *p = haystack; *p != '\0'; p++)
    if (g_ascii_strncasecmp (p, needle, len) == 0)
      return p;
  return NULL;
}

static char *
tidy (const char *text)
{
  g_autofree char *clean = dossier_import_clean_text (text, -1, FALSE);
  gsize len = strlen (clean);

  while (len > 0 && (clean[len - 1] == ':' || clean[len - 1] == ',' || clean[len - 1] == ' ' ||
                     clean[len - 1] == ';'))
    clean[--len] = '\0';

  if (dossier_import_is_all_caps (clean))
    return dossier_import_deshout (clean, TRUE);
  return g_steal_pointer (&clean);
}

/* From @start, the run of capitalised words (and connectors between them)
 * that makes a name: "Commission on Human Rights resolution" gives
 * "Commission on Human Rights". */
static char *
capitalised_run (const char *start,
                 guint       min_words)
{
  const char *p = start;
  const char *end = start;
  guint words = 0;

  while (*p != '\0' && words < 16)
    {
      const char *w = p;
      gsize len;
      gboolean stop = FALSE;

      while (*p != '\0' && *p != ' ' && *p != '\n')
        p++;
      len = p - w;
      if (len == 0)
        break;

      if (g_unichar_isupper (g_utf8_get_char (w)))
        {
          /* A word ending with punctuation ends the name. */
          if (g_ascii_ispunct (w[len - 1]) && w[len - 1] != ')')
            {
              len--;
              stop = TRUE;
            }
          end = w + len;
          words++;
        }
      else if (!is_connector (w, len))
        break;

      if (stop || *p == '\n' || *p == '\0')
        break;
      p++;
    }

  if (words < min_words || end == start)
    return NULL;
  return g_strndup (start, end - start);
}

/* Bodies */

static char *
find_specific_body (const char *text)
{
  const char *best = NULL;
  const char *best_opener = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (specific_openers); i++)
    {
      const char *hit = strcasestr_ascii (text, specific_openers[i]);

      /* "Commission on" must start a word: not "Sub-Commission on", which
       * has its own entry, nor "High Commissioner". */
      while (hit != NULL && hit > text && (g_ascii_isalpha (hit[-1]) || hit[-1] == '-'))
        hit = strcasestr_ascii (hit + 1, specific_openers[i]);
      if (hit != NULL && (best == NULL || hit < best))
        {
          best = hit;
          best_opener = specific_openers[i];
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (specific_organs); i++)
    {
      const char *hit = strcasestr_ascii (text, specific_organs[i]);

      if (hit != NULL && (best == NULL || hit < best))
        {
          best = hit;
          best_opener = NULL;
        }
    }

  if (best == NULL)
    return NULL;

  if (best_opener == NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (specific_organs); i++)
        if (g_ascii_strncasecmp (best, specific_organs[i], strlen (specific_organs[i])) == 0)
          return tidy (specific_organs[i]);
    }

  {
    g_autofree char *run = capitalised_run (best, 3);

    return run != NULL ? tidy (run) : NULL;
  }
}

static char *
find_principal_organ (const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (principal_organs); i++)
    if (strcasestr_ascii (text, principal_organs[i]) != NULL)
      return g_strdup (principal_organs[i]);
  return NULL;
}

/* "The Division for the Advancement of Women is organizing …",
 * "… organized by the Division for …". */
static char *
find_organiser (const char *text)
{
  static const char *const verbs[] = { " is organizing", " is organising", " is convening", " is hosting" };
  static const char *const by[] = { "organized by the ", "organised by the ", "convened by the " };

  for (guint i = 0; i < G_N_ELEMENTS (by); i++)
    {
      const char *hit = strcasestr_ascii (text, by[i]);

      if (hit != NULL)
        {
          g_autofree char *run = capitalised_run (hit + strlen (by[i]), 2);

          if (run != NULL)
            return tidy (run);
        }
    }

  if (g_str_has_prefix (text, "The "))
    {
      for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
        {
          const char *hit = strstr (text, verbs[i]);

          /* "The is hosting": the verb's space is the article's, and there
           * is no name between them. */
          if (hit != NULL && hit - text > 4 && hit - text < 120)
            {
              g_autofree char *name = g_strndup (text + 4, hit - text - 4);
              g_autofree char *run = capitalised_run (name, 2);

              if (run != NULL && strcmp (run, name) == 0)
                return tidy (run);
            }
        }
    }

  return NULL;
}

/* Sessions */

static gboolean
is_ordinal (const char *word,
            gsize       len)
{
  const char *last = word;
  gsize last_len;

  /* "Fifty-ninth": the last part decides. */
  for (gsize i = 0; i < len; i++)
    if (word[i] == '-')
      last = word + i + 1;
  last_len = len - (last - word);

  if (last_len >= 3 && g_ascii_isdigit (last[0]))
    {
      const char *suffix = last + last_len - 2;

      return g_ascii_strncasecmp (suffix, "th", 2) == 0 || g_ascii_strncasecmp (suffix, "st", 2) == 0 ||
             g_ascii_strncasecmp (suffix, "nd", 2) == 0 || g_ascii_strncasecmp (suffix, "rd", 2) == 0;
    }

  for (guint i = 0; i < G_N_ELEMENTS (ordinal_words); i++)
    if (strlen (ordinal_words[i]) == last_len && g_ascii_strncasecmp (last, ordinal_words[i], last_len) == 0)
      return TRUE;
  return FALSE;
}

static char *
find_session (const char *text)
{
  for (const char *hit = strcasestr_ascii (text, "session"); hit != NULL;
       hit = strcasestr_ascii (hit + 1, "session"))
    {
      const char *end = hit;
      const char *start;

      if (hit == text || hit[-1] != ' ' || g_ascii_isalpha (hit[7]))
        continue;
      end = hit - 1;
      start = end;
      while (start > text && start[-1] != ' ' && start[-1] != '\n')
        start--;

      if (is_ordinal (start, end - start))
        {
          g_autofree char *session = g_strndup (start, hit + 7 - start);
          g_autofree char *lower = g_utf8_strdown (session, -1);

          lower[0] = g_ascii_toupper (lower[0]);
          return g_steal_pointer (&lower);
        }
    }

  return NULL;
}

/* Masthead lines */

const char *
dossier_import_kind_of_line (const char *line)
{
  g_autofree char *text = tidy (line);
  g_autofree char *lower = g_utf8_strdown (text, -1);
  guint words = dossier_import_count_words (lower);

  if (words == 0 || words > 12)
    return NULL;

  if (g_str_has_prefix (lower, "report of the") || g_str_has_prefix (lower, "report by the") ||
      g_str_has_prefix (lower, "annual report of") || g_str_has_prefix (lower, "interim report of") ||
      g_str_has_prefix (lower, "final report of"))
    return "report";
  if (g_str_has_prefix (lower, "note by the") && words <= 8)
    return "note";
  if (g_str_has_prefix (lower, "aide memoire") || g_str_has_prefix (lower, "aide-memoire") ||
      g_str_has_prefix (lower, "aide-m\xc3\xa9moire") || g_str_has_prefix (lower, "aide m\xc3\xa9moire"))
    return "aide-memoire";
  if (strcmp (lower, "concept paper") == 0 || strcmp (lower, "concept note") == 0)
    return "concept paper";
  if (words <= 4 && g_str_has_suffix (lower, "summary") && !g_str_has_prefix (lower, "executive") &&
      words >= 2)
    return "summary";
  if (words <= 6 && strstr (lower, "press release") != NULL)
    return "press release";
  if (g_str_has_prefix (lower, "resolution adopted by"))
    return "resolution";
  if (g_str_has_prefix (lower, "decision adopted by") || g_str_has_prefix (lower, "decision no."))
    return "decision";

  return NULL;
}

gboolean
dossier_import_is_masthead_line (const char *line)
{
  g_autofree char *text = dossier_import_clean_text (line, -1, FALSE);
  g_autofree char *lower = g_utf8_strdown (text, -1);
  g_autofree char *symbol = NULL;
  g_autofree char *date = NULL;
  g_autofree char *session = NULL;
  guint words = dossier_import_count_words (text);

  if (words == 0)
    return TRUE;

  symbol = dossier_import_find_symbol (text);
  if (symbol != NULL && g_str_has_prefix (text, symbol))
    return TRUE;

  if (g_str_has_prefix (lower, "distr") || g_str_has_prefix (lower, "original:") ||
      strcmp (lower, "general") == 0 || strcmp (lower, "limited") == 0 ||
      strcmp (lower, "restricted") == 0 || strcmp (lower, "united nations") == 0 ||
      strstr (lower, "provisional agenda") != NULL || strstr (lower, "agenda item") != NULL)
    return TRUE;

  if (words <= 8 && (date = dossier_import_find_date (text)) != NULL)
    return TRUE;
  if (words <= 6 && (session = find_session (text)) != NULL)
    return TRUE;

  if (words <= 12)
    {
      for (guint i = 0; i < G_N_ELEMENTS (principal_organs); i++)
        {
          g_autofree char *organ = g_utf8_strdown (principal_organs[i], -1);

          if (g_str_has_suffix (lower, organ))
            return TRUE;
        }
      for (guint i = 0; i < G_N_ELEMENTS (specific_organs); i++)
        {
          g_autofree char *organ = g_utf8_strdown (specific_organs[i], -1);

          if (g_str_has_suffix (lower, organ))
            return TRUE;
        }
      for (guint i = 0; i < G_N_ELEMENTS (specific_openers); i++)
        if (g_ascii_strncasecmp (text, specific_openers[i], strlen (specific_openers[i])) == 0)
          return TRUE;
    }

  return FALSE;
}

static gboolean
unit_is_meta (const char *unit)
{
  g_auto(GStrv) lines = g_strsplit (unit, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (!dossier_import_is_masthead_line (lines[i]))
      return FALSE;
  return TRUE;
}

static const char *
unit_kind (const char *unit)
{
  g_auto(GStrv) lines = g_strsplit (unit, "\n", 2);

  return lines[0] != NULL ? dossier_import_kind_of_line (lines[0]) : NULL;
}

/* Titles */

/* The title lines of a unit: the first line, and the next ones while they
 * plainly go on ("TRAFFICKING IN WOMEN AND GIRLS:\nMEETING THE CHALLENGE
 * TOGETHER"), but not into the place and date of a meeting. */
static char *
title_of_unit (const char *unit)
{
  g_auto(GStrv) lines = g_strsplit (unit, "\n", -1);
  GString *title = g_string_new (lines[0]);

  for (guint i = 1; lines[i] != NULL; i++)
    {
      const char *prev = lines[i - 1];
      gsize len = strlen (prev);
      gboolean go_on = (len > 0 && (prev[len - 1] == ':' || prev[len - 1] == ',')) ||
                       (dossier_import_is_all_caps (prev) && dossier_import_is_all_caps (lines[i])) ||
                       dossier_import_starts_lowercase (lines[i]);

      if (!go_on || dossier_import_is_masthead_line (lines[i]))
        break;
      g_string_append_c (title, ' ');
      g_string_append (title, lines[i]);
    }

  return g_string_free (title, FALSE);
}

/* "OFFICE OF THE HIGH COMMISSIONER FOR HUMAN RIGHTS Traffic in women and girls
 * Commission on Human Rights resolution 2000/44" → "Traffic in women and girls" */
static char *
title_from_flattened (const char *text)
{
  const char *start = text;
  const char *end = text + strlen (text);
  const char *p = text;
  guint caps = 0;
  const char *resolution;

  /* A shouted organisation name before the title. */
  while (*p != '\0')
    {
      const char *w = p;
      gboolean upper = TRUE;
      gboolean letters = FALSE;

      while (*p != '\0' && *p != ' ')
        {
          gunichar c = g_utf8_get_char (p);

          if (g_unichar_islower (c))
            upper = FALSE;
          if (g_unichar_isalpha (c))
            letters = TRUE;
          p = g_utf8_next_char (p);
        }
      if (!upper || !letters)
        {
          if (caps >= 3)
            start = w;
          break;
        }
      caps++;
      while (*p == ' ')
        p++;
    }

  /* "… Commission on Human Rights resolution 2000/44": the title ends where
   * the name of the body starts. */
  resolution = strstr (start, " resolution ");
  if (resolution != NULL && g_ascii_isdigit (resolution[12]))
    {
      const char *cut = resolution;

      for (;;)
        {
          const char *w = cut;
          gsize len;

          while (w > start && w[-1] == ' ')
            w--;
          while (w > start && w[-1] != ' ')
            w--;
          len = (cut - w);
          while (len > 0 && w[len - 1] == ' ')
            len--;
          if (w == start || len == 0)
            break;
          if (!g_unichar_isupper (g_utf8_get_char (w)) && !is_connector (w, len))
            break;
          cut = w;
        }
      /* Do not cut inside the title's own first words. */
      if (cut > start)
        end = cut;
    }

  return g_strndup (start, end - start);
}

/* "61/180. Improving the coordination …" and "DECISION No. 557 OSCE ACTION
 * PLAN …": the title follows the number of the resolution or decision. */
static char *
title_after_number (const char *text)
{
  const char *p;

  if ((p = strcasestr_ascii (text, "decision no. ")) != NULL)
    {
      p += strlen ("decision no. ");
      while (g_ascii_isdigit (*p))
        p++;
      while (*p == ' ')
        p++;
      if (*p != '\0' && *p != '\n')
        return g_strndup (p, strcspn (p, "\n"));
    }

  for (p = text; *p != '\0'; p++)
    {
      const char *q = p;

      if ((p > text && p[-1] != ' ' && p[-1] != '\n') || !g_ascii_isdigit (*p))
        continue;
      while (g_ascii_isdigit (*q))
        q++;
      if (*q != '/' || !g_ascii_isdigit (q[1]))
        continue;
      q++;
      while (g_ascii_isdigit (*q))
        q++;
      if (q[0] == '.' && q[1] == ' ' && g_unichar_isupper (g_utf8_get_char (q + 2)))
        return g_strndup (q + 2, strcspn (q + 2, "\n"));
    }

  return NULL;
}

static char *
find_title (GPtrArray   *front,
            const char **kind)
{
  int kind_index = -1;

  for (guint i = 0; i < front->len; i++)
    {
      const char *found = unit_kind (g_ptr_array_index (front, i));

      if (found != NULL)
        {
          *kind = found;
          kind_index = i;
          break;
        }
    }

  /* A decision or resolution printing its number before its title. */
  for (guint i = 0; i < front->len; i++)
    {
      char *title = title_after_number (g_ptr_array_index (front, i));

      if (title != NULL)
        return title;
    }

  if (kind_index >= 0 && (g_strcmp0 (*kind, "report") == 0 || g_strcmp0 (*kind, "note") == 0))
    {
      /* "Traffic in women and girls" / "Report of the Secretary-General" */
      for (int i = kind_index - 1; i >= 0; i--)
        if (!unit_is_meta (g_ptr_array_index (front, i)))
          return title_of_unit (g_ptr_array_index (front, i));
    }

  for (guint i = 0; i < front->len; i++)
    {
      const char *unit = g_ptr_array_index (front, i);

      if ((int) i == kind_index || unit_is_meta (unit))
        continue;
      if (kind_index < 0 && strchr (unit, '\n') == NULL && strlen (unit) > 80)
        return title_from_flattened (unit);
      return title_of_unit (unit);
    }

  return NULL;
}

/* Kinds that the masthead does not print as a line of its own. */
static const char *
infer_kind (DossierParsedDocument *doc,
            const char            *front_text,
            GPtrArray             *body)
{
  if (doc->symbol != NULL && strstr (doc->symbol, "/RES/") != NULL)
    return "resolution";
  if (doc->symbol != NULL && (strstr (doc->symbol, "DEC/") != NULL || strstr (doc->symbol, "/DEC") != NULL))
    return "decision";
  if (strcasestr_ascii (front_text, "resolution adopted by") != NULL ||
      strstr (front_text, " resolution ") != NULL)
    return "resolution";
  if (strcasestr_ascii (front_text, "decision no.") != NULL)
    return "decision";
  if (strcasestr_ascii (front_text, "press release") != NULL)
    return "press release";

  if (body->len > 0)
    {
      const char *first = g_ptr_array_index (body, 0);
      g_autofree char *head = g_strndup (first, 160);
      const char *dash = strstr (head, " - ");
      g_autofree char *date = NULL;

      if (dash == NULL)
        dash = strstr (head, " \xe2\x80\x93 ");
      if (dash == NULL)
        dash = strstr (head, " \xe2\x80\x94 ");

      /* "Vienna, 15 February 2008 (UN.GIFT) - The Vienna Forum …": a dateline. */
      if (dash != NULL)
        {
          g_autofree char *before = g_strndup (head, dash - head);

          date = dossier_import_find_date (before);
          if (date != NULL && strchr (before, ',') != NULL && dossier_import_count_words (before) <= 8)
            return "press release";
        }
    }

  if (doc->title != NULL &&
      (g_str_has_prefix (doc->title, "Protocol ") || g_str_has_prefix (doc->title, "Convention ") ||
       g_str_has_prefix (doc->title, "Treaty ") || g_str_has_prefix (doc->title, "Covenant ") ||
       g_str_has_prefix (doc->title, "Agreement ") || g_str_has_prefix (doc->title, "Charter ")))
    {
      for (guint i = 0; i < body->len; i++)
        if (strstr (g_ptr_array_index (body, i), "States Parties") != NULL ||
            strstr (g_ptr_array_index (body, i), "Contracting Parties") != NULL)
          return "treaty";
    }

  return "document";
}

/* "Commission on Human Rights resolution 2000/44" names the resolution
 * E/CN.4/RES/2000/44 as surely as printing the symbol would. */
static char *
symbol_from_resolution_name (const char *text)
{
  static const struct
  {
    const char *body;
    const char *series;
  } series[] = {
    { "Commission on Human Rights resolution ", "E/CN.4/RES/" },
    { "General Assembly resolution ", "A/RES/" },
    { "Economic and Social Council resolution ", "E/RES/" },
    { "Security Council resolution ", "S/RES/" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (series); i++)
    {
      const char *hit = strstr (text, series[i].body);
      const char *number;
      gsize len = 0;

      if (hit == NULL)
        continue;
      number = hit + strlen (series[i].body);
      while (g_ascii_isdigit (number[len]) || (number[len] == '/' && g_ascii_isdigit (number[len + 1])))
        len++;
      if (len > 0 && memchr (number, '/', len) != NULL)
        return g_strdup_printf ("%s%.*s", series[i].series, (int) len, number);
    }

  return NULL;
}

void
dossier_import_recover_metadata (DossierParsedDocument *doc,
                                 GPtrArray             *front,
                                 GPtrArray             *body)
{
  g_autoptr(GString) all = g_string_new (NULL);
  const char *kind = NULL;
  char *title;

  for (guint i = 0; i < front->len; i++)
    {
      g_string_append (all, g_ptr_array_index (front, i));
      g_string_append_c (all, '\n');
    }

  /* Symbol, date and session: the first the masthead prints. */
  for (guint i = 0; i < front->len && doc->symbol == NULL; i++)
    {
      g_auto(GStrv) lines = g_strsplit (g_ptr_array_index (front, i), "\n", -1);

      for (guint l = 0; lines[l] != NULL && doc->symbol == NULL; l++)
        doc->symbol = dossier_import_find_symbol (lines[l]);
    }
  if (doc->symbol == NULL)
    doc->symbol = symbol_from_resolution_name (all->str);

  doc->date = dossier_import_find_date (all->str);
  if (doc->date == NULL && body->len > 0)
    {
      /* A press release dates itself in its first line. */
      g_autofree char *head = g_strndup (g_ptr_array_index (body, 0), 120);

      doc->date = dossier_import_find_date (head);
    }

  doc->session = find_session (all->str);

  doc->body = find_specific_body (all->str);
  if (doc->body == NULL)
    doc->body = find_principal_organ (all->str);
  for (guint i = 0; i < body->len && i < 2 && doc->body == NULL; i++)
    doc->body = find_organiser (g_ptr_array_index (body, i));

  title = find_title (front, &kind);
  if (title != NULL)
    {
      g_autofree char *raw_title = title;

      doc->title = tidy (raw_title);
      if (strlen (doc->title) > 300)
        {
          const char *cut = g_utf8_find_prev_char (doc->title, doc->title + 300);

          doc->title[cut - doc->title] = '\0';
        }
      if (*doc->title == '\0')
        g_clear_pointer (&doc->title, g_free);
    }

  /* A concept paper and a chairs' summary share the name of their event; the
   * genre, as printed, tells them apart in citations. */
  if (doc->title != NULL && (g_strcmp0 (kind, "concept paper") == 0 || g_strcmp0 (kind, "summary") == 0))
    {
      for (guint i = 0; i < front->len; i++)
        {
          const char *unit = g_ptr_array_index (front, i);

          if (unit_kind (unit) == kind)
            {
              g_autofree char *genre = dossier_import_clean_text (unit, -1, FALSE);
              g_autofree char *sentence = dossier_import_deshout (genre, FALSE);
              char *suffixed = g_strdup_printf ("%s \xe2\x80\x94 %s", doc->title, sentence);

              g_free (doc->title);
              doc->title = suffixed;
              break;
            }
        }
    }

  doc->kind = g_strdup (kind != NULL ? kind : infer_kind (doc, all->str, body));
}
