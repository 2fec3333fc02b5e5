/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "dossier-relation-item.h"

struct _DossierRelationItem
{
  GObject          parent_instance;

  DossierRelation *relation;
};

G_DEFINE_FINAL_TYPE (DossierRelationItem, dossier_relation_item, G_TYPE_OBJECT)

static void
dossier_relation_item_finalize (GObject *object)
{
  DossierRelationItem *self = (DossierRelationItem *) object;

  g_clear_pointer (&self->relation, dossier_relation_free);

  G_OBJECT_CLASS (dossier_relation_item_parent_class)->finalize (object);
}

static void
dossier_relation_item_class_init (DossierRelationItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dossier_relation_item_finalize;
}

static void
dossier_relation_item_init (DossierRelationItem *self)
{
}

DossierRelationItem *
dossier_relation_item_new (DossierRelation *relation)
{
  DossierRelationItem *self;

  g_return_val_if_fail (relation != NULL, NULL);

  self = g_object_new (DOSSIER_TYPE_RELATION_ITEM, NULL);
  self->relation = relation;
  return self;
}

const DossierRelation *
dossier_relation_item_get_relation (DossierRelationItem *self)
{
  g_return_val_if_fail (DOSSIER_IS_RELATION_ITEM (self), NULL);
  return self->relation;
}

gboolean
dossier_relation_item_involves (DossierRelationItem *self,
                                gint64               entity_id)
{
  g_return_val_if_fail (DOSSIER_IS_RELATION_ITEM (self), FALSE);
  return self->relation->source_id == entity_id || self->relation->target_id == entity_id;
}
