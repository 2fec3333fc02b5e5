/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <gio/gio.h>

#include "dossier-entity-item.h"

struct _DossierEntityItem
{
  GObject        parent_instance;

  DossierEntity *entity;
  char          *search_key;
};

G_DEFINE_FINAL_TYPE (DossierEntityItem, dossier_entity_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_KIND,
  PROP_N_MENTIONS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
dossier_entity_item_finalize (GObject *object)
{
  DossierEntityItem *self = (DossierEntityItem *) object;

  g_clear_pointer (&self->entity, dossier_entity_free);
  g_free (self->search_key);

  G_OBJECT_CLASS (dossier_entity_item_parent_class)->finalize (object);
}

static void
dossier_entity_item_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  DossierEntityItem *self = DOSSIER_ENTITY_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->entity->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->entity->name);
      break;
    case PROP_KIND:
      g_value_set_string (value, self->entity->kind);
      break;
    case PROP_N_MENTIONS:
      g_value_set_uint (value, self->entity->n_mentions);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_entity_item_class_init (DossierEntityItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dossier_entity_item_finalize;
  object_class->get_property = dossier_entity_item_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND] =
    g_param_spec_string ("kind", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_MENTIONS] =
    g_param_spec_uint ("n-mentions", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dossier_entity_item_init (DossierEntityItem *self)
{
}

DossierEntityItem *
dossier_entity_item_new (DossierEntity *entity)
{
  DossierEntityItem *self;
  g_autofree char *joined = NULL;

  g_return_val_if_fail (entity != NULL, NULL);

  self = g_object_new (DOSSIER_TYPE_ENTITY_ITEM, NULL);
  self->entity = entity;
  joined = g_strjoin ("\n",
                      entity->name != NULL ? entity->name : "",
                      entity->short_name != NULL ? entity->short_name : "",
                      entity->canonical_name != NULL ? entity->canonical_name : "",
                      entity->key != NULL ? entity->key : "",
                      NULL);
  self->search_key = g_utf8_casefold (joined, -1);
  return self;
}

const DossierEntity *
dossier_entity_item_get_entity (DossierEntityItem *self)
{
  g_return_val_if_fail (DOSSIER_IS_ENTITY_ITEM (self), NULL);
  return self->entity;
}

gint64
dossier_entity_item_get_id (DossierEntityItem *self)
{
  g_return_val_if_fail (DOSSIER_IS_ENTITY_ITEM (self), 0);
  return self->entity->id;
}

const char *
dossier_entity_item_get_name (DossierEntityItem *self)
{
  g_return_val_if_fail (DOSSIER_IS_ENTITY_ITEM (self), NULL);
  return self->entity->name;
}

const char *
dossier_entity_item_get_kind (DossierEntityItem *self)
{
  g_return_val_if_fail (DOSSIER_IS_ENTITY_ITEM (self), NULL);
  return self->entity->kind;
}

const char *
dossier_entity_item_get_search_key (DossierEntityItem *self)
{
  g_return_val_if_fail (DOSSIER_IS_ENTITY_ITEM (self), NULL);
  return self->search_key;
}

GListModel *
dossier_entity_item_list_from_array (GPtrArray *entities)
{
  GListStore *store = g_list_store_new (DOSSIER_TYPE_ENTITY_ITEM);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  if (entities == NULL)
    return G_LIST_MODEL (store);

  /* The array gives its entities away to the items. */
  g_ptr_array_set_free_func (entities, NULL);
  for (guint i = 0; i < entities->len; i++)
    g_ptr_array_add (items, dossier_entity_item_new (g_ptr_array_index (entities, i)));
  g_ptr_array_set_size (entities, 0);

  g_list_store_splice (store, 0, 0, items->pdata, items->len);
  return G_LIST_MODEL (store);
}
