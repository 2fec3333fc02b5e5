/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dossier-batch.h"
#include "dossier-paths.h"

/* Folders deeper than this are not followed: a guard against pathological trees. */
#define MAX_FOLDER_DEPTH 32

void
dossier_batch_item_free (DossierBatchItem *item)
{
  if (item == NULL)
    return;
  g_free (item->path);
  g_clear_error (&item->error);
  g_free (item);
}

void
dossier_batch_result_free (DossierBatchResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->items, g_ptr_array_unref);
  g_free (result);
}

static DossierBatchItem *
refused_item (const char *path,
              GError     *error)
{
  DossierBatchItem *item = g_new0 (DossierBatchItem, 1);

  item->path = g_strdup (path);
  item->error = error;
  return item;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

static void
collect_path (const char *path,
              guint       depth,
              GHashTable *seen,
              GPtrArray  *files,
              GPtrArray  *refused)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *identity = NULL;

  info = g_file_query_info (file,
                            G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                            G_FILE_ATTRIBUTE_ID_FILE,
                            G_FILE_QUERY_INFO_NONE, NULL, &error);
  if (info == NULL)
    {
      if (refused)
        g_ptr_array_add (refused,
                         refused_item (path,
                                       g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                                    _("“%s” could not be read: %s"),
                                                    path, error->message)));
      return;
    }

  /* The same file or folder reached twice (a symbolic link loop, or a link to a
   * folder already walked) is imported once. */
  identity = g_strdup (g_file_info_get_attribute_string (info, G_FILE_ATTRIBUTE_ID_FILE));
  if (identity != NULL)
    {
      if (g_hash_table_contains (seen, identity))
        return;
      g_hash_table_add (seen, g_steal_pointer (&identity));
    }

  if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      g_autoptr(GFileEnumerator) children = NULL;
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

      if (depth >= MAX_FOLDER_DEPTH)
        return;

      children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                            G_FILE_QUERY_INFO_NONE, NULL, &error);
      if (children == NULL)
        {
          if (refused)
            g_ptr_array_add (refused,
                             refused_item (path,
                                           g_error_new (G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                                                        _("The folder “%s” could not be read: %s"),
                                                        path, error->message)));
          return;
        }

      for (;;)
        {
          GFileInfo *child = NULL;

          if (!g_file_enumerator_iterate (children, &child, NULL, NULL, &error) || child == NULL)
            break;
          if (g_file_info_get_name (child)[0] == '.')
            continue;
          g_ptr_array_add (names, g_build_filename (path, g_file_info_get_name (child), NULL));
        }
      g_ptr_array_sort (names, compare_names);
      for (guint i = 0; i < names->len; i++)
        collect_path (g_ptr_array_index (names, i), depth + 1, seen, files, refused);
    }
  else
    {
      g_ptr_array_add (files, g_strdup (path));
    }
}

GPtrArray *
dossier_batch_collect (const char *const *paths,
                       GPtrArray         *refused)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    collect_path (paths[i], 0, seen, files, refused);

  return files;
}

DossierBatchResult *
dossier_batch_import (DossierStore            *store,
                      DossierExtractor        *extractor,
                      const char *const       *paths,
                      GCancellable            *cancellable,
                      DossierBatchProgressFunc progress,
                      gpointer                 user_data,
                      GError                 **error)
{
  g_autoptr(DossierBatchResult) result = g_new0 (DossierBatchResult, 1);
  g_autoptr(GPtrArray) refused = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_batch_item_free);
  g_autoptr(GPtrArray) files = NULL;
  guint total, done = 0;

  g_return_val_if_fail (DOSSIER_IS_STORE (store), NULL);

  result->items = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_batch_item_free);
  files = dossier_batch_collect (paths, refused);
  total = files->len + refused->len;

  for (guint i = 0; i < refused->len; i++)
    {
      DossierBatchItem *item = g_ptr_array_steal_index (refused, 0);

      result->n_refused++;
      g_ptr_array_add (result->items, item);
      if (progress)
        progress (item, ++done, total, user_data);
      i--;
    }

  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      DossierBatchItem *item;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      item = g_new0 (DossierBatchItem, 1);
      item->path = g_strdup (path);
      if (!dossier_store_import_file (store, file, extractor, &item->outcome,
                                      &item->document_id, &item->error))
        result->n_refused++;
      else if (item->outcome == DOSSIER_IMPORT_ADDED)
        result->n_added++;
      else if (item->outcome == DOSSIER_IMPORT_REPLACED)
        result->n_replaced++;
      else
        result->n_unchanged++;

      g_ptr_array_add (result->items, item);
      if (progress)
        progress (item, ++done, total, user_data);
    }

  return g_steal_pointer (&result);
}

DossierBatchResult *
dossier_batch_import_bundled (DossierStore     *store,
                              DossierExtractor *extractor,
                              GError          **error)
{
  g_autofree char *corpus = dossier_paths_dup_corpus_dir ();
  const char *paths[] = { corpus, NULL };

  if (!g_file_test (corpus, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The bundled corpus “%s” is missing; Dossier may not be installed properly."),
                   corpus);
      return NULL;
    }
  return dossier_batch_import (store, extractor, paths, NULL, NULL, NULL, error);
}
