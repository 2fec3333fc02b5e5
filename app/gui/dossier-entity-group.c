/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "dossier-entity-group.h"

struct _DossierEntityGroup
{
  GObject             parent_instance;

  char               *kind;
  GtkFilterListModel *model;
};

G_DEFINE_FINAL_TYPE (DossierEntityGroup, dossier_entity_group, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KIND,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
items_changed_cb (GListModel         *model,
                  guint               position,
                  guint               removed,
                  guint               added,
                  DossierEntityGroup *self)
{
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
dossier_entity_group_dispose (GObject *object)
{
  DossierEntityGroup *self = (DossierEntityGroup *) object;

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, items_changed_cb, self);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (dossier_entity_group_parent_class)->dispose (object);
}

static void
dossier_entity_group_finalize (GObject *object)
{
  DossierEntityGroup *self = (DossierEntityGroup *) object;

  g_free (self->kind);

  G_OBJECT_CLASS (dossier_entity_group_parent_class)->finalize (object);
}

static void
dossier_entity_group_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  DossierEntityGroup *self = DOSSIER_ENTITY_GROUP (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_string (value, self->kind);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, dossier_entity_group_get_n_items (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_entity_group_class_init (DossierEntityGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dossier_entity_group_dispose;
  object_class->finalize = dossier_entity_group_finalize;
  object_class->get_property = dossier_entity_group_get_property;

  properties[PROP_KIND] =
    g_param_spec_string ("kind", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dossier_entity_group_init (DossierEntityGroup *self)
{
}

DossierEntityGroup *
dossier_entity_group_new (const char *kind,
                          GListModel *entities,
                          GtkFilter  *filter)
{
  DossierEntityGroup *self;

  g_return_val_if_fail (kind != NULL, NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (entities), NULL);

  self = g_object_new (DOSSIER_TYPE_ENTITY_GROUP, NULL);
  self->kind = g_strdup (kind);
  self->model = gtk_filter_list_model_new (g_object_ref (entities),
                                           filter != NULL ? g_object_ref (filter) : NULL);
  g_signal_connect (self->model, "items-changed", G_CALLBACK (items_changed_cb), self);
  return self;
}

const char *
dossier_entity_group_get_kind (DossierEntityGroup *self)
{
  g_return_val_if_fail (DOSSIER_IS_ENTITY_GROUP (self), NULL);
  return self->kind;
}

GListModel *
dossier_entity_group_get_model (DossierEntityGroup *self)
{
  g_return_val_if_fail (DOSSIER_IS_ENTITY_GROUP (self), NULL);
  return G_LIST_MODEL (self->model);
}

guint
dossier_entity_group_get_n_items (DossierEntityGroup *self)
{
  g_return_val_if_fail (DOSSIER_IS_ENTITY_GROUP (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->model));
}
