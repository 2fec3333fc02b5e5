/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define DOSSIER_TYPE_SELECTION (dossier_selection_get_type ())

G_DECLARE_FINAL_TYPE (DossierSelection, dossier_selection, DOSSIER, SELECTION, GObject)

DossierSelection *dossier_selection_new               (void);

gint64            dossier_selection_get_entity_id     (DossierSelection *self);
gint64            dossier_selection_get_document_id   (DossierSelection *self);
gint64            dossier_selection_get_block_id      (DossierSelection *self);
/* The object that made the current selection (a document view, the graph list, …),
 * valid while "changed" is emitted; NULL otherwise. */
gpointer          dossier_selection_get_origin        (DossierSelection *self);

/* Chooses an entity everywhere and records it in the history. */
void              dossier_selection_select_entity     (DossierSelection *self,
                                                       gint64            entity_id,
                                                       gpointer          origin);
/* Goes to a paragraph (a "go to"), recorded in the history. */
void              dossier_selection_select_block      (DossierSelection *self,
                                                       gint64            document_id,
                                                       gint64            block_id,
                                                       gpointer          origin);
/* The document the user reads now; not recorded in the history. */
void              dossier_selection_set_document_id   (DossierSelection *self,
                                                       gint64            document_id);
/* Forgets everything, after the corpus changed. */
void              dossier_selection_reset             (DossierSelection *self);

gboolean          dossier_selection_get_can_go_back    (DossierSelection *self);
gboolean          dossier_selection_get_can_go_forward (DossierSelection *self);
gboolean          dossier_selection_go_back            (DossierSelection *self);
gboolean          dossier_selection_go_forward         (DossierSelection *self);

G_END_DECLS
