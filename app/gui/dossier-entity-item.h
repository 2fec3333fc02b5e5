/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "dossier-entities.h"

G_BEGIN_DECLS

/* One entity as an object for list models. Immutable. */
#define DOSSIER_TYPE_ENTITY_ITEM (dossier_entity_item_get_type ())

G_DECLARE_FINAL_TYPE (DossierEntityItem, dossier_entity_item, DOSSIER, ENTITY_ITEM, GObject)

/* Takes @entity. */
DossierEntityItem   *dossier_entity_item_new            (DossierEntity     *entity);
const DossierEntity *dossier_entity_item_get_entity     (DossierEntityItem *self);
gint64               dossier_entity_item_get_id         (DossierEntityItem *self);
const char          *dossier_entity_item_get_name       (DossierEntityItem *self);
const char          *dossier_entity_item_get_kind       (DossierEntityItem *self);
/* The casefolded name, short name and key, for filtering as the user types. */
const char          *dossier_entity_item_get_search_key (DossierEntityItem *self);
/* A GListStore of DossierEntityItem from a GPtrArray of DossierEntity (which it empties). */
GListModel          *dossier_entity_item_list_from_array (GPtrArray        *entities);

G_END_DECLS
