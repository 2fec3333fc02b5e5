/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dossier-extractor.h"
#include "dossier-import-job.h"

struct _DossierImportJob
{
  GObject        parent_instance;

  char          *db_path;
  GStrv          paths;
  GMainContext  *context;   /* where progress is reported */
  guint          done;
  guint          total;
  char          *current;
};

G_DEFINE_FINAL_TYPE (DossierImportJob, dossier_import_job, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DONE,
  PROP_TOTAL,
  PROP_CURRENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  DossierImportJob *job;
  guint             done;
  guint             total;
  char             *current;
} Progress;

static void
progress_free (gpointer data)
{
  Progress *progress = data;

  g_object_unref (progress->job);
  g_free (progress->current);
  g_free (progress);
}

static gboolean
report_progress (gpointer data)
{
  Progress *progress = data;
  DossierImportJob *self = progress->job;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->total != progress->total)
    {
      self->total = progress->total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
    }
  if (self->done != progress->done)
    {
      self->done = progress->done;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DONE]);
    }
  if (g_strcmp0 (self->current, progress->current) != 0)
    {
      g_free (self->current);
      self->current = g_strdup (progress->current);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT]);
    }
  g_object_thaw_notify (G_OBJECT (self));
  return G_SOURCE_REMOVE;
}

/* Runs in the import thread. */
static void
progress_cb (const DossierBatchItem *item,
             guint                   done,
             guint                   total,
             gpointer                user_data)
{
  DossierImportJob *self = user_data;
  Progress *progress = g_new0 (Progress, 1);

  progress->job = g_object_ref (self);
  progress->done = done;
  progress->total = total;
  progress->current = g_path_get_basename (item->path);
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT,
                              report_progress, progress, progress_free);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  DossierImportJob *self = source_object;
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(DossierExtractor) extractor = NULL;
  g_autoptr(GError) error = NULL;
  DossierBatchResult *result;

  if (!(store = dossier_store_open (self->db_path, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Without the gazetteer the documents still import; they only lack entities. */
  if (!(extractor = dossier_extractor_new (NULL, &error)))
    {
      g_warning ("Importing without entity extraction: %s", error->message);
      g_clear_error (&error);
    }

  result = dossier_batch_import (store, extractor, (const char * const *) self->paths,
                                 cancellable, progress_cb, self, &error);
  if (result == NULL)
    {
      if (error == NULL)
        g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Import cancelled"));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, result, (GDestroyNotify) dossier_batch_result_free);
}

static void
dossier_import_job_finalize (GObject *object)
{
  DossierImportJob *self = (DossierImportJob *) object;

  g_free (self->db_path);
  g_strfreev (self->paths);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->current);

  G_OBJECT_CLASS (dossier_import_job_parent_class)->finalize (object);
}

static void
dossier_import_job_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  DossierImportJob *self = DOSSIER_IMPORT_JOB (object);

  switch (prop_id)
    {
    case PROP_DONE:
      g_value_set_uint (value, self->done);
      break;
    case PROP_TOTAL:
      g_value_set_uint (value, self->total);
      break;
    case PROP_CURRENT:
      g_value_set_string (value, self->current);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_import_job_class_init (DossierImportJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dossier_import_job_finalize;
  object_class->get_property = dossier_import_job_get_property;

  properties[PROP_DONE] =
    g_param_spec_uint ("done", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOTAL] =
    g_param_spec_uint ("total", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CURRENT] =
    g_param_spec_string ("current", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dossier_import_job_init (DossierImportJob *self)
{
}

DossierImportJob *
dossier_import_job_new (const char         *db_path,
                        const char * const *paths)
{
  DossierImportJob *self;

  g_return_val_if_fail (db_path != NULL, NULL);
  g_return_val_if_fail (paths != NULL, NULL);

  self = g_object_new (DOSSIER_TYPE_IMPORT_JOB, NULL);
  self->db_path = g_strdup (db_path);
  self->paths = g_strdupv ((char **) paths);
  return self;
}

void
dossier_import_job_run_async (DossierImportJob    *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DOSSIER_IS_IMPORT_JOB (self));
  g_return_if_fail (self->context == NULL);

  self->context = g_main_context_ref_thread_default ();
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dossier_import_job_run_async);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, import_thread);
}

DossierBatchResult *
dossier_import_job_run_finish (DossierImportJob  *self,
                               GAsyncResult      *result,
                               GError           **error)
{
  g_return_val_if_fail (DOSSIER_IS_IMPORT_JOB (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

guint
dossier_import_job_get_done (DossierImportJob *self)
{
  g_return_val_if_fail (DOSSIER_IS_IMPORT_JOB (self), 0);
  return self->done;
}

guint
dossier_import_job_get_total (DossierImportJob *self)
{
  g_return_val_if_fail (DOSSIER_IS_IMPORT_JOB (self), 0);
  return self->total;
}

const char *
dossier_import_job_get_current (DossierImportJob *self)
{
  g_return_val_if_fail (DOSSIER_IS_IMPORT_JOB (self), NULL);
  return self->current;
}
