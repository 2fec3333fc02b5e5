/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <stdio.h>

#include "dossier-paths.h"

static gboolean
has_corpus (const char *dir)
{
  g_autofree char *corpus = g_build_filename (dir, "corpus", NULL);

  return g_file_test (corpus, G_FILE_TEST_IS_DIR);
}

const char *
dossier_paths_data_dir (void)
{
  static char *data_dir = NULL;

  if (g_once_init_enter (&data_dir))
    {
      const char *env = g_getenv ("DOSSIER_DATA_DIR");
      char *dir;

      /* An installed Dossier uses its installed data; an uninstalled one, run from
       * the build tree, falls back to the source tree's data/. */
      if (env != NULL && *env != '\0')
        dir = g_strdup (env);
      else if (has_corpus (DOSSIER_PKGDATADIR))
        dir = g_strdup (DOSSIER_PKGDATADIR);
      else
        dir = g_strdup (DOSSIER_SOURCE_DATADIR);

      g_once_init_leave (&data_dir, dir);
    }

  return data_dir;
}

char *
dossier_paths_dup_corpus_dir (void)
{
  return g_build_filename (dossier_paths_data_dir (), "corpus", NULL);
}

char *
dossier_paths_dup_gazetteer (void)
{
  return g_build_filename (dossier_paths_data_dir (), "gazetteer.json", NULL);
}

char *
dossier_paths_dup_default_db (void)
{
  return g_build_filename (g_get_user_data_dir (), "dossier", "corpus.db", NULL);
}

void
dossier_i18n_init (void)
{
  const char *localedir = g_getenv ("DOSSIER_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE,
                  localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

char *
dossier_i18n_format_date (const char *iso_date)
{
  g_autoptr(GDateTime) date = NULL;
  int year = 0, month = 0, day = 0;
  const char *format;
  char *text;

  if (iso_date == NULL)
    return NULL;
  /* The patterns leave only digits where sscanf converts, and the widths
   * bound each number: no conversion can fail or overflow (cert-err34-c). */
  if (g_regex_match_simple ("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", iso_date, 0, 0))
    sscanf (iso_date, "%4d-%2d-%2d", &year, &month, &day); /* NOLINT(cert-err34-c) */
  else if (g_regex_match_simple ("^[0-9]{4}-[0-9]{2}$", iso_date, 0, 0))
    sscanf (iso_date, "%4d-%2d", &year, &month); /* NOLINT(cert-err34-c) */
  if (month == 0 || !(date = g_date_time_new_utc (year, month, day > 0 ? day : 1, 0, 0, 0)))
    return g_strdup (iso_date);

  if (day > 0)
    /* Translators: how a document's date is written, in g_date_time_format()'s
     * notation: %-d the day without padding, %B the month's name, %Y the year,
     * %-m the month's number. Examples: "%-d %B %Y" (20 January 2003),
     * "%Y年%-m月%-d日". */
    format = C_("date format", "%-d %B %Y");
  else
    /* Translators: a month and year, in g_date_time_format()'s notation; %OB is
     * the month's name on its own (nominative), %Y the year: "January 2003". */
    format = C_("month format", "%OB %Y");
  text = g_date_time_format (date, format);
  return text != NULL ? text : g_strdup (iso_date);
}
