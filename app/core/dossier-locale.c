/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "dossier-locale.h"

/* Past this many names the cache starts again: a corpus lists far fewer names
 * in one sort, and a long-running window must not grow without end. */
#define MAX_CACHED_KEYS 20000

struct _DossierCollator
{
  GMutex      mutex;
  GHashTable *keys;     /* name → collation key */
  char       *locale;   /* the LC_COLLATE the keys were made for */
};

static gboolean
is_integer_conversion (char c)
{
  return c == 'd' || c == 'i' || c == 'u';
}

/* Sorting */

int
dossier_locale_compare (const char *a,
                        const char *b)
{
  int result;

  if (a == NULL || b == NULL)
    return (a != NULL) - (b != NULL);
  if (!g_utf8_validate (a, -1, NULL) || !g_utf8_validate (b, -1, NULL))
    return strcmp (a, b);

  result = g_utf8_collate (a, b);
  return result != 0 ? result : strcmp (a, b);
}

int
dossier_locale_compare_len (const char *a,
                            gsize       a_len,
                            const char *b,
                            gsize       b_len)
{
  g_autofree char *a_text = g_strndup (a, a_len);
  g_autofree char *b_text = g_strndup (b, b_len);

  /* A NUL inside a name would cut it short: such names sort by their bytes. */
  if (strlen (a_text) != a_len || strlen (b_text) != b_len)
    {
      int result = memcmp (a, b, MIN (a_len, b_len));

      return result != 0 ? result : (a_len > b_len) - (a_len < b_len);
    }
  return dossier_locale_compare (a_text, b_text);
}

DossierCollator *
dossier_collator_new (void)
{
  DossierCollator *collator = g_new0 (DossierCollator, 1);

  g_mutex_init (&collator->mutex);
  collator->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return collator;
}

void
dossier_collator_free (DossierCollator *collator)
{
  if (collator == NULL)
    return;
  g_mutex_clear (&collator->mutex);
  g_hash_table_unref (collator->keys);
  g_free (collator->locale);
  g_free (collator);
}

/* Called with the mutex held. NULL when the text cannot have a key. */
static const char *
lookup_key (DossierCollator *collator,
            const char      *text,
            gsize            len)
{
  g_autofree char *copy = g_strndup (text, len);
  const char *key;

  if (strlen (copy) != len)
    return NULL;
  if ((key = g_hash_table_lookup (collator->keys, copy)) != NULL)
    return key;
  if (!g_utf8_validate (copy, -1, NULL))
    return NULL;

  if (g_hash_table_size (collator->keys) >= MAX_CACHED_KEYS)
    g_hash_table_remove_all (collator->keys);
  key = g_utf8_collate_key (copy, -1);
  g_hash_table_insert (collator->keys, g_steal_pointer (&copy), (char *) key);
  return key;
}

char *
dossier_collator_dup_key (DossierCollator *collator,
                          const char      *text,
                          gsize            len,
                          gsize           *key_len)
{
  const char *locale = setlocale (LC_COLLATE, NULL);
  const char *key;
  char *result = NULL;

  g_return_val_if_fail (collator != NULL, NULL);
  g_return_val_if_fail (text != NULL || len == 0, NULL);

  g_mutex_lock (&collator->mutex);
  if (g_strcmp0 (locale, collator->locale) != 0)
    {
      g_hash_table_remove_all (collator->keys);
      g_free (collator->locale);
      collator->locale = g_strdup (locale);
    }
  if ((key = lookup_key (collator, text != NULL ? text : "", len)) != NULL)
    {
      gsize n = strlen (key);

      result = g_memdup2 (key, n + 1);
      if (key_len != NULL)
        *key_len = n;
    }
  g_mutex_unlock (&collator->mutex);
  return result;
}

/* Numbers */

const char *
dossier_locale_grouped (const char *format)
{
  g_autoptr(GString) out = NULL;
  gboolean changed = FALSE;
  const char *p;

  if (format == NULL || strchr (format, '%') == NULL)
    return format;

  out = g_string_sized_new (strlen (format) + 8);
  p = format;
  while (*p != '\0')
    {
      const char *start;
      const char *flags_end;
      const char *q;
      gboolean grouped = FALSE;

      if (*p != '%')
        {
          g_string_append_c (out, *p++);
          continue;
        }
      if (p[1] == '%')
        {
          g_string_append_len (out, p, 2);
          p += 2;
          continue;
        }

      start = p++;
      /* An argument position ("%2$u") comes before the flags. */
      for (q = p; g_ascii_isdigit (*q); q++)
        ;
      if (*q == '$' && q > p)
        p = q + 1;
      while (*p != '\0' && strchr ("-+ #0'I", *p) != NULL)
        grouped |= *p++ == '\'';
      flags_end = p;
      while (*p != '\0' && (g_ascii_isdigit (*p) || *p == '.' || *p == '*' || *p == '$'))
        p++;
      while (*p != '\0' && strchr ("hlLqjzZt", *p) != NULL)
        p++;

      if (*p != '\0' && is_integer_conversion (*p) && !grouped)
        {
          g_string_append_len (out, start, flags_end - start);
          g_string_append_c (out, '\'');
          g_string_append_len (out, flags_end, p + 1 - flags_end);
          changed = TRUE;
        }
      else
        g_string_append_len (out, start, p - start + (*p != '\0'));
      if (*p != '\0')
        p++;
    }

  return changed ? g_intern_string (out->str) : format;
}

char *
dossier_locale_format_number (gint64 number)
{
  return g_strdup_printf ("%'" G_GINT64_FORMAT, number);
}

/* Dates */

char *
dossier_locale_format_timestamp (const char *iso8601)
{
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) moment = NULL;
  g_autoptr(GDateTime) local = NULL;
  char *text;

  if (iso8601 == NULL)
    return NULL;

  utc = g_time_zone_new_utc ();
  if (!(moment = g_date_time_new_from_iso8601 (iso8601, utc)) ||
      !(local = g_date_time_to_local (moment)))
    return g_strdup (iso8601);

  /* Translators: when something was last changed (a draft's "modified" time),
   * in g_date_time_format()'s notation: %-d the day without padding, %B the
   * month's name, %Y the year, %H:%M the hour and minute on the 24-hour clock.
   * Examples: "%-d %B %Y, %H:%M" (30 November 2026, 10:15), "%Y年%-m月%-d日 %H:%M". */
  text = g_date_time_format (local, C_("date and time format", "%-d %B %Y, %H:%M"));
  if (text == NULL)
    text = g_strdup (iso8601);
  return text;
}

/* Direction */

DossierTextDirection
dossier_locale_text_direction (const char *text)
{
  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return DOSSIER_TEXT_NEUTRAL;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isalpha (c))
        continue;
      switch (g_unichar_get_script (c))
        {
        case G_UNICODE_SCRIPT_ARABIC:
        case G_UNICODE_SCRIPT_HEBREW:
        case G_UNICODE_SCRIPT_SYRIAC:
        case G_UNICODE_SCRIPT_THAANA:
        case G_UNICODE_SCRIPT_NKO:
        case G_UNICODE_SCRIPT_SAMARITAN:
        case G_UNICODE_SCRIPT_MANDAIC:
        case G_UNICODE_SCRIPT_ADLAM:
        case G_UNICODE_SCRIPT_HANIFI_ROHINGYA:
          return DOSSIER_TEXT_RTL;
        default:
          return DOSSIER_TEXT_LTR;
        }
    }
  return DOSSIER_TEXT_NEUTRAL;
}
