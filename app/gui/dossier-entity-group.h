/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The entities of one kind in the entity browser, filtered as the user types. */
#define DOSSIER_TYPE_ENTITY_GROUP (dossier_entity_group_get_type ())

G_DECLARE_FINAL_TYPE (DossierEntityGroup, dossier_entity_group, DOSSIER, ENTITY_GROUP, GObject)

/* @entities: a GListModel of DossierEntityItem; @filter may be NULL. */
DossierEntityGroup *dossier_entity_group_new         (const char         *kind,
                                                      GListModel         *entities,
                                                      GtkFilter          *filter);
const char         *dossier_entity_group_get_kind    (DossierEntityGroup *self);
/* The entities that pass the filter. */
GListModel         *dossier_entity_group_get_model   (DossierEntityGroup *self);
guint               dossier_entity_group_get_n_items (DossierEntityGroup *self);

G_END_DECLS
