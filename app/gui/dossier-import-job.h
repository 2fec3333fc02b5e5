/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dossier-batch.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_IMPORT_JOB (dossier_import_job_get_type ())

G_DECLARE_FINAL_TYPE (DossierImportJob, dossier_import_job, DOSSIER, IMPORT_JOB, GObject)

/* Imports files and folders into the corpus at @db_path in a thread of its own,
 * with its own connection to the database: SQLite connections stay in the thread
 * that opened them. Progress properties change in the caller's main context. */
DossierImportJob   *dossier_import_job_new          (const char          *db_path,
                                                     const char * const  *paths);
void                dossier_import_job_run_async    (DossierImportJob    *self,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
/* NULL with G_IO_ERROR_CANCELLED when cancelled, or when the corpus cannot be opened. */
DossierBatchResult *dossier_import_job_run_finish   (DossierImportJob    *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
guint               dossier_import_job_get_done     (DossierImportJob    *self);
guint               dossier_import_job_get_total    (DossierImportJob    *self);
/* The name of the file imported last, NULL before the first. */
const char         *dossier_import_job_get_current  (DossierImportJob    *self);

G_END_DECLS
