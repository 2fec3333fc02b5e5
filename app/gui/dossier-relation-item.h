/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "dossier-entities.h"

G_BEGIN_DECLS

/* One relation (an edge of the graph) as an object for list models. Immutable. */
#define DOSSIER_TYPE_RELATION_ITEM (dossier_relation_item_get_type ())

G_DECLARE_FINAL_TYPE (DossierRelationItem, dossier_relation_item, DOSSIER, RELATION_ITEM, GObject)

/* Takes @relation. */
DossierRelationItem   *dossier_relation_item_new          (DossierRelation     *relation);
const DossierRelation *dossier_relation_item_get_relation (DossierRelationItem *self);
gboolean               dossier_relation_item_involves     (DossierRelationItem *self,
                                                           gint64               entity_id);

G_END_DECLS
