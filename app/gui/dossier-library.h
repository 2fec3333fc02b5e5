/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dossier-selection.h"
#include "dossier-store.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_LIBRARY (dossier_library_get_type ())

G_DECLARE_FINAL_TYPE (DossierLibrary, dossier_library, DOSSIER, LIBRARY, GtkWidget)

/* The library sidebar: the corpus's documents, and its entities grouped by kind. */
void        dossier_library_set_model            (DossierLibrary   *self,
                                                  DossierStore     *store,
                                                  DossierSelection *selection,
                                                  GListModel       *documents);
/* Reads the entities again (after an import or a correction). */
void        dossier_library_reload_entities      (DossierLibrary   *self);
/* Reads the entities that dossier_library_set_model() left unread, off the
 * main thread; the "loading" property turns FALSE when they are shown. */
void        dossier_library_load_entities        (DossierLibrary   *self);
gboolean    dossier_library_get_loading          (DossierLibrary   *self);
/* Marks the document the active column shows. */
void        dossier_library_set_current_document (DossierLibrary   *self,
                                                  gint64            document_id);
/* "documents" or "entities". */
void        dossier_library_set_page             (DossierLibrary   *self,
                                                  const char       *page);
void        dossier_library_set_filter_text      (DossierLibrary   *self,
                                                  const char       *text);
/* The rows of the entity browser: GtkTreeListRow items holding DossierEntityGroup
 * (one per kind) and DossierEntityItem. */
GListModel *dossier_library_get_entity_rows      (DossierLibrary   *self);
guint       dossier_library_get_n_entities       (DossierLibrary   *self);
/* Every entity of the browser (DossierEntityItem), most mentioned first, in
 * one list that stays the same object and follows each reload. */
GListModel *dossier_library_get_entities         (DossierLibrary   *self);

G_END_DECLS
