/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dossier-selection.h"
#include "dossier-store.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_INSPECTOR (dossier_inspector_get_type ())

G_DECLARE_FINAL_TYPE (DossierInspector, dossier_inspector, DOSSIER, INSPECTOR, GtkWidget)

/* The inspector: the selected entity (names, counts, relations with their
 * evidence, corrections) and the active column's document (details, outline). */
void        dossier_inspector_set_model       (DossierInspector *self,
                                               DossierStore     *store,
                                               DossierSelection *selection);
void        dossier_inspector_set_document    (DossierInspector *self,
                                               gint64            document_id);
/* Reads the shown entity and document again. */
void        dossier_inspector_reload          (DossierInspector *self);
/* The entity shown, 0 when none. */
gint64      dossier_inspector_get_entity_id   (DossierInspector *self);
const char *dossier_inspector_get_entity_name (DossierInspector *self);
/* "entity" or "document". */
const char *dossier_inspector_get_page        (DossierInspector *self);
void        dossier_inspector_set_page        (DossierInspector *self,
                                               const char       *page);
/* The rows of relations shown, for tests. */
guint       dossier_inspector_get_n_relations (DossierInspector *self);

G_END_DECLS
