/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Saved graph views: what a graph view showed (its filter, selection, pinned
 * positions and viewport) kept under a name in the corpus's saved_view table,
 * and written to or read from a JSON file that another user can open.
 *
 * A view is a JSON object; its "filter" member, when present, is a
 * DossierGraphFilter as dossier_graph_filter_to_json writes it. Everything else
 * belongs to the GUI.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "dossier-store.h"

G_BEGIN_DECLS

#define DOSSIER_SAVED_VIEW_ERROR (dossier_saved_view_error_quark ())

typedef enum
{
  DOSSIER_SAVED_VIEW_ERROR_INVALID,   /* a bad name, or a file that is not a saved view */
  DOSSIER_SAVED_VIEW_ERROR_NEWER,     /* a file written by a newer Dossier */
} DossierSavedViewError;

/* The file format's version: files of a higher one are refused. */
#define DOSSIER_SAVED_VIEW_FORMAT 1

GQuark     dossier_saved_view_error_quark  (void);

/* Saves @view under @name (trimmed, not empty), replacing a view of that name. */
gboolean   dossier_saved_view_save         (DossierStore  *store,
                                            const char    *name,
                                            JsonNode      *view,
                                            GError       **error);
/* The view saved under @name; DOSSIER_STORE_ERROR_NOT_FOUND when there is none. */
JsonNode  *dossier_saved_view_load         (DossierStore  *store,
                                            const char    *name,
                                            GError       **error);
/* The names of the saved views, sorted; an empty array when there are none. */
GStrv      dossier_saved_view_list         (DossierStore  *store,
                                            GError       **error);
/* FALSE with DOSSIER_STORE_ERROR_NOT_FOUND when there is no such view. */
gboolean   dossier_saved_view_delete       (DossierStore  *store,
                                            const char    *name,
                                            GError       **error);

/* Checks that @view is a saved view: an object whose filter (if any) reads. */
gboolean   dossier_saved_view_validate     (JsonNode      *view,
                                            GError       **error);
/* Writes {"dossier-saved-view": 1, "name": ..., "view": {...}} to @path. */
gboolean   dossier_saved_view_export_file  (JsonNode      *view,
                                            const char    *name,
                                            const char    *path,
                                            GError       **error);
/* Reads a file that dossier_saved_view_export_file wrote; @name gets its name.
 * Errors name the file and say what is wrong with it. */
JsonNode  *dossier_saved_view_import_file  (const char    *path,
                                            char         **name,
                                            GError       **error);

G_END_DECLS
