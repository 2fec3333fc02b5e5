/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dossier-store.h"

G_BEGIN_DECLS

/* What happened to one file of a batch. */
typedef struct
{
  char                 *path;
  DossierImportOutcome  outcome;      /* when error is NULL */
  gint64                document_id;  /* when error is NULL */
  GError               *error;        /* why the file was refused, or NULL */
} DossierBatchItem;

typedef struct
{
  guint      n_added;
  guint      n_replaced;
  guint      n_unchanged;
  guint      n_refused;
  GPtrArray *items;                   /* of DossierBatchItem*, in import order */
} DossierBatchResult;

/* Called after each file, in the thread that runs the batch. */
typedef void (*DossierBatchProgressFunc) (const DossierBatchItem *item,
                                          guint                   done,
                                          guint                   total,
                                          gpointer                user_data);

/* Expands files and folders (recursively, sorted, hidden files and symlink loops
 * skipped) into the files to import. Folders that cannot be read become refused
 * items in @refused. */
GPtrArray          *dossier_batch_collect       (const char *const       *paths,
                                                 GPtrArray               *refused);
/* Imports every file of @paths. Files are committed in groups, each file a
 * savepoint of its group, so one bad file never stops the rest and each lands
 * whole or not at all; @progress hears of a file once the commit that holds it
 * is done. Returns NULL only when cancelled (what was imported until then
 * stays, and was reported). */
DossierBatchResult *dossier_batch_import        (DossierStore            *store,
                                                 DossierExtractor        *extractor,
                                                 const char *const       *paths,
                                                 GCancellable            *cancellable,
                                                 DossierBatchProgressFunc progress,
                                                 gpointer                 user_data,
                                                 GError                 **error);
/* On first run: imports the bundled corpus (data/corpus) into an empty store. */
DossierBatchResult *dossier_batch_import_bundled (DossierStore           *store,
                                                  DossierExtractor       *extractor,
                                                  GError                **error);
void                dossier_batch_item_free     (DossierBatchItem        *item);
void                dossier_batch_result_free   (DossierBatchResult      *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierBatchResult, dossier_batch_result_free)

G_END_DECLS
