/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz-common.h"

static char *tmp_dir;

G_NORETURN void
dossier_fuzz_fail (const char *where,
                   const char *what)
{
  fprintf (stderr, "dossier-fuzz: %s: invariant broken: %s\n", where, what);
  abort ();
}

static GLogWriterOutput
quiet_writer (GLogLevelFlags   log_level,
              const GLogField *fields,
              gsize            n_fields,
              gpointer         user_data)
{
  if (log_level & (G_LOG_FLAG_FATAL | G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL))
    return g_log_writer_standard_streams (log_level, fields, n_fields, user_data);
  return G_LOG_WRITER_HANDLED;
}

static void
remove_tmp_dir (void)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (tmp_dir == NULL)
    return;
  dir = g_dir_open (tmp_dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (tmp_dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (tmp_dir);
  g_clear_pointer (&tmp_dir, g_free);
}

void
dossier_fuzz_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      g_log_set_always_fatal (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL);
      g_log_set_writer_func (quiet_writer, NULL, NULL);
      g_once_init_leave (&done, 1);
    }
}

const char *
dossier_fuzz_tmp_dir (void)
{
  if (tmp_dir == NULL)
    {
      g_autoptr(GError) error = NULL;

      tmp_dir = g_dir_make_tmp ("dossier-fuzz-XXXXXX", &error);
      if (tmp_dir == NULL)
        dossier_fuzz_fail (G_STRLOC, error->message);
      atexit (remove_tmp_dir);
    }
  return tmp_dir;
}

DossierExtractor *
dossier_fuzz_bundled_extractor (void)
{
  static DossierExtractor *extractor;

  if (extractor == NULL)
    {
      g_autoptr(GError) error = NULL;

      extractor = dossier_extractor_new (NULL, &error);
      if (extractor == NULL)
        dossier_fuzz_fail (G_STRLOC, error->message);
    }
  return extractor;
}

const char *
dossier_fuzz_write_file (const char    *name,
                         const uint8_t *data,
                         size_t         size)
{
  static GHashTable *paths;
  g_autoptr(GError) error = NULL;
  char *path;

  if (paths == NULL)
    paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  path = g_hash_table_lookup (paths, name);
  if (path == NULL)
    {
      path = g_build_filename (dossier_fuzz_tmp_dir (), name, NULL);
      g_hash_table_insert (paths, g_strdup (name), path);
    }
  if (!g_file_set_contents (path, (const char *) data, size, &error))
    dossier_fuzz_fail (G_STRLOC, error->message);
  return path;
}

char *
dossier_fuzz_valid_text (const uint8_t *data,
                         size_t         size)
{
  char *text = g_utf8_make_valid ((const char *) data, size);

  /* The importer never hands on control characters but tabs and newlines. */
  for (char *p = text; *p != '\0'; p++)
    if ((guchar) *p < 0x20 && *p != '\n' && *p != '\t')
      *p = ' ';
  return text;
}
