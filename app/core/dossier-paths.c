/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

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
