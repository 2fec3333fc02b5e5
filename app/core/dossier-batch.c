/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dossier-batch.h"
#include "dossier-importer.h"
#include "dossier-paths.h"
#include "dossier-store-private.h"

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
  else if (g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR)
    {
      g_ptr_array_add (files, g_strdup (path));
    }
  else if (refused)
    {
      /* A named pipe would block the import until something writes to it, and
       * a device such as /dev/zero never ends: only regular files are read. */
      g_ptr_array_add (refused,
                       refused_item (path,
                                     g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                                                  _("“%s” is not a document but a device, a pipe "
                                                    "or a socket; it was left out."),
                                                  path)));
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

/* Parsing and extraction need no store, so they run on a pool of threads a few
 * files ahead of the one thread that writes: on two cores, the import costs
 * about what writing costs. Results are written in the files' order, and at
 * most PIPELINE_DEPTH files per thread are held in memory at once. */
#define PIPELINE_DEPTH 2
#define PIPELINE_MAX_THREADS 4

/* The writer commits a group of files at a time, each file a savepoint of the
 * group's transaction: a transaction per file rewrote the same index pages to
 * the WAL at every commit. A group is committed after GROUP_MAX_FILES files or
 * GROUP_MAX_USEC, whichever comes first, and before the writer waits longer
 * than that for a file, so that other writers (the window saving a draft) never
 * wait on an import for much more than half a second. A file is reported only
 * once the commit that holds it returned. */
#define GROUP_MAX_FILES 500
#define GROUP_MAX_USEC  (G_USEC_PER_SEC / 2)

typedef struct
{
  char                  *path;
  DossierParsedDocument *doc;
  char                  *hash;
  DossierExtraction     *extraction;
  GError                *error;
  gboolean               skipped;  /* known unchanged: not extracted */
  gboolean               ready;
} Prepared;

/* Files written in the open group, waiting for its commit to be reported. */
typedef struct
{
  GPtrArray *items;        /* of DossierBatchItem*, owned */
  gint64     started;      /* monotonic time of the group's BEGIN, 0 when none is open */
  guint      max_files;
} Group;

typedef struct
{
  GMutex            lock;
  GCond             cond;
  DossierExtractor *extractor;
  GHashTable       *known;         /* source name → content hash, as the batch began */
  GHashTable       *known_hashes;  /* content hashes, as the batch began */
} Pipeline;

static void
prepared_free (Prepared *p)
{
  if (p == NULL)
    return;
  g_free (p->path);
  g_clear_pointer (&p->doc, dossier_parsed_document_free);
  g_free (p->hash);
  g_clear_pointer (&p->extraction, dossier_extraction_free);
  g_clear_error (&p->error);
  g_free (p);
}

static void
prepare_file (gpointer data,
              gpointer user_data)
{
  Prepared *p = data;
  Pipeline *pipeline = user_data;
  g_autoptr(GFile) file = g_file_new_for_path (p->path);
  g_autoptr(GBytes) bytes = NULL;

  p->doc = dossier_import_parse_file (file, &bytes, &p->error);
  if (p->doc != NULL)
    {
      const char *known = g_hash_table_lookup (pipeline->known, p->doc->source_name);

      p->hash = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
      /* The store's own rule for "unchanged" (dossier_store_import_parsed). */
      p->skipped = known != NULL ? g_str_equal (known, p->hash)
                                 : g_hash_table_contains (pipeline->known_hashes, p->hash);
      if (!p->skipped && pipeline->extractor != NULL)
        p->extraction = dossier_extractor_run (pipeline->extractor, p->doc);
    }

  g_mutex_lock (&pipeline->lock);
  p->ready = TRUE;
  g_cond_broadcast (&pipeline->cond);
  g_mutex_unlock (&pipeline->lock);
}

/* Frees a written file's document and extraction off the writing thread:
 * thousands of small blocks a file, and the writer is the import's
 * bottleneck. */
static void
dispose_prepared (gpointer data,
                  gpointer user_data)
{
  prepared_free (data);
}

static void
import_prepared (DossierStore     *store,
                 DossierExtractor *extractor,
                 Prepared         *p,
                 DossierBatchItem *item)
{
  if (p->doc == NULL)
    {
      item->error = g_steal_pointer (&p->error);
      return;
    }
  /* Known unchanged when the batch began: the store checks again and, should
   * it have changed meanwhile, extracts it itself. */
  if (p->skipped)
    dossier_store_import_parsed (store, p->doc, p->hash, extractor, &item->outcome,
                                 &item->document_id, &item->error);
  else
    dossier_store_import_extracted (store, p->doc, p->hash, p->extraction, &item->outcome,
                                    &item->document_id, &item->error);
}

/* Commits the open group, if any, then counts and reports its files: those it
 * wrote are in the corpus only now. If the commit fails, none of them is, and
 * each is reported refused with the reason. */
static void
group_flush (Group                   *group,
             DossierStore            *store,
             DossierBatchResult      *result,
             guint                   *done,
             guint                    total,
             DossierBatchProgressFunc progress,
             gpointer                 user_data)
{
  g_autoptr(GError) commit_error = NULL;

  if (group->started != 0 && !dossier_store_import_group_commit (store, &commit_error))
    {
      for (guint i = 0; i < group->items->len; i++)
        {
          DossierBatchItem *item = g_ptr_array_index (group->items, i);

          if (item->error == NULL && item->outcome != DOSSIER_IMPORT_UNCHANGED)
            item->error = g_error_new (commit_error->domain, commit_error->code,
                                       /* Translators: the first %s is a file name, the
                                        * second the reason, a sentence. */
                                       _("“%s” was not imported: %s"),
                                       item->path, commit_error->message);
        }
    }
  group->started = 0;

  for (guint i = 0; i < group->items->len; i++)
    {
      DossierBatchItem *item = g_ptr_array_index (group->items, i);

      if (item->error != NULL)
        result->n_refused++;
      else if (item->outcome == DOSSIER_IMPORT_ADDED)
        result->n_added++;
      else if (item->outcome == DOSSIER_IMPORT_REPLACED)
        result->n_replaced++;
      else
        result->n_unchanged++;

      g_ptr_array_add (result->items, item);
      if (progress)
        progress (item, ++*done, total, user_data);
    }
  /* The items now belong to the result. */
  g_free (g_ptr_array_steal (group->items, NULL));
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
  g_autoptr(GPtrArray) prepared = NULL;
  g_autoptr(GError) local_error = NULL;
  Pipeline pipeline = { 0 };
  Group group = { 0 };
  GThreadPool *pool;
  GThreadPool *disposer;
  guint total, done = 0, n_threads, depth, queued = 0;
  gboolean cancelled = FALSE;
  gint64 last_block;

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
  if (files->len == 0)
    return g_steal_pointer (&result);

  group.items = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_batch_item_free);
  group.max_files = GROUP_MAX_FILES;
  /* Test hook: smaller groups, so that a test can kill an import between
   * many commits of a small set of files. */
  if (g_getenv ("DOSSIER_IMPORT_GROUP_FILES") != NULL)
    group.max_files = CLAMP (g_ascii_strtoull (g_getenv ("DOSSIER_IMPORT_GROUP_FILES"), NULL, 10),
                             1, GROUP_MAX_FILES);

  g_mutex_init (&pipeline.lock);
  g_cond_init (&pipeline.cond);
  pipeline.extractor = extractor;
  pipeline.known = dossier_store_dup_content_hashes (store, &pipeline.known_hashes);
  last_block = _dossier_store_search_get_last_block (store);

  n_threads = CLAMP (g_get_num_processors (), 1, PIPELINE_MAX_THREADS);
  depth = n_threads * PIPELINE_DEPTH + 1;
  prepared = g_ptr_array_new_full (files->len, (GDestroyNotify) prepared_free);
  pool = g_thread_pool_new (prepare_file, &pipeline, (int) n_threads, FALSE, &local_error);
  g_assert_no_error (local_error);  /* only exclusive pools can fail */
  disposer = g_thread_pool_new (dispose_prepared, NULL, 1, FALSE, &local_error);
  g_assert_no_error (local_error);

  for (guint i = 0; i < files->len; i++)
    {
      Prepared *p = g_new0 (Prepared, 1);

      p->path = g_strdup (g_ptr_array_index (files, i));
      g_ptr_array_add (prepared, p);
    }

  for (guint i = 0; i < files->len; i++)
    {
      Prepared *p = g_ptr_array_index (prepared, i);
      DossierBatchItem *item;

      for (; queued < files->len && queued < i + depth; queued++)
        g_thread_pool_push (pool, g_ptr_array_index (prepared, queued), NULL);

      if (g_cancellable_is_cancelled (cancellable))
        {
          /* What the group holds is whole: it stays, and is reported. */
          group_flush (&group, store, result, &done, total, progress, user_data);
          g_cancellable_set_error_if_cancelled (cancellable, error);
          cancelled = TRUE;
          break;
        }

      g_mutex_lock (&pipeline.lock);
      while (!p->ready)
        {
          if (group.started == 0)
            g_cond_wait (&pipeline.cond, &pipeline.lock);
          else if (!g_cond_wait_until (&pipeline.cond, &pipeline.lock,
                                       group.started + GROUP_MAX_USEC))
            {
              /* A slow file (a long PDF): do not hold the write lock meanwhile. */
              g_mutex_unlock (&pipeline.lock);
              group_flush (&group, store, result, &done, total, progress, user_data);
              g_mutex_lock (&pipeline.lock);
            }
        }
      g_mutex_unlock (&pipeline.lock);

      item = g_new0 (DossierBatchItem, 1);
      item->path = g_strdup (p->path);
      if (p->doc != NULL && !p->skipped && group.started == 0)
        {
          if (dossier_store_import_group_begin (store, &item->error))
            group.started = g_get_monotonic_time ();
        }
      if (item->error == NULL)
        import_prepared (store, extractor, p, item);

      /* Done with it: keep memory flat however many files there are. */
      g_ptr_array_index (prepared, i) = NULL;
      g_thread_pool_push (disposer, p, NULL);

      g_ptr_array_add (group.items, item);
      if (group.started == 0 ||
          group.items->len >= group.max_files ||
          g_get_monotonic_time () - group.started >= GROUP_MAX_USEC)
        group_flush (&group, store, result, &done, total, progress, user_data);
    }
  group_flush (&group, store, result, &done, total, progress, user_data);
  g_clear_pointer (&group.items, g_ptr_array_unref);

  /* Files queued but not started are dropped; running ones are waited for. */
  g_thread_pool_free (pool, TRUE, TRUE);
  /* Every written file is freed before the batch returns. */
  g_thread_pool_free (disposer, FALSE, TRUE);
  g_clear_pointer (&pipeline.known, g_hash_table_unref);
  g_clear_pointer (&pipeline.known_hashes, g_hash_table_unref);
  g_mutex_clear (&pipeline.lock);
  g_cond_clear (&pipeline.cond);

  if (cancelled)
    return NULL;

  /* A batch of files that wrote a large share of the corpus leaves the
   * full-text index in one segment: searches read each term from one place.
   * One file never rewrites the whole index. Not worth failing the import
   * for. */
  if (result->n_added + result->n_replaced >= 2
      && !_dossier_store_search_optimize_after_batch (store, last_block, &local_error))
    /* Translators: %s is the reason, a sentence. The import itself succeeded. */
    g_message (_("The search index was not tidied up after the import, so searches may be slower: %s"),
               local_error->message);
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
