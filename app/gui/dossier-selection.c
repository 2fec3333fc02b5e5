/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "dossier-selection.h"

/* Enough to walk back through a working session, small enough to never matter. */
#define MAX_HISTORY 100

typedef struct
{
  gint64 entity_id;
  gint64 document_id;
  gint64 block_id;
} Entry;

struct _DossierSelection
{
  GObject   parent_instance;

  Entry     current;
  gpointer  origin;
  GArray   *history;   /* of Entry */
  guint     index;     /* the current entry in history, when history is not empty */
};

G_DEFINE_FINAL_TYPE (DossierSelection, dossier_selection, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ENTITY_ID,
  PROP_DOCUMENT_ID,
  PROP_BLOCK_ID,
  PROP_CAN_GO_BACK,
  PROP_CAN_GO_FORWARD,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
apply (DossierSelection *self,
       const Entry      *entry,
       gpointer          origin)
{
  Entry old = self->current;

  g_object_freeze_notify (G_OBJECT (self));

  self->current = *entry;
  if (old.entity_id != entry->entity_id)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENTITY_ID]);
  if (old.document_id != entry->document_id)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT_ID]);
  if (old.block_id != entry->block_id)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BLOCK_ID]);

  g_object_thaw_notify (G_OBJECT (self));

  /* "changed" fires even when nothing changed: choosing the same entity again
   * should scroll the documents back to it. */
  self->origin = origin;
  g_signal_emit (self, signals[CHANGED], 0);
  self->origin = NULL;
}

static void
notify_history (DossierSelection *self,
                gboolean          could_go_back,
                gboolean          could_go_forward)
{
  if (could_go_back != dossier_selection_get_can_go_back (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_GO_BACK]);
  if (could_go_forward != dossier_selection_get_can_go_forward (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_GO_FORWARD]);
}

static void
push (DossierSelection *self,
      const Entry      *entry,
      gpointer          origin)
{
  gboolean could_go_back = dossier_selection_get_can_go_back (self);
  gboolean could_go_forward = dossier_selection_get_can_go_forward (self);

  if (self->history->len > 0)
    {
      Entry *top = &g_array_index (self->history, Entry, self->index);

      /* Choosing the entity already chosen adds nothing to walk back through. */
      if (memcmp (top, entry, sizeof *entry) != 0)
        {
          g_array_set_size (self->history, self->index + 1);
          g_array_append_val (self->history, *entry);
        }
    }
  else
    g_array_append_val (self->history, *entry);

  if (self->history->len > MAX_HISTORY)
    g_array_remove_index (self->history, 0);
  self->index = self->history->len - 1;

  notify_history (self, could_go_back, could_go_forward);
  apply (self, entry, origin);
}

static void
dossier_selection_finalize (GObject *object)
{
  DossierSelection *self = (DossierSelection *) object;

  g_clear_pointer (&self->history, g_array_unref);

  G_OBJECT_CLASS (dossier_selection_parent_class)->finalize (object);
}

static void
dossier_selection_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DossierSelection *self = DOSSIER_SELECTION (object);

  switch (prop_id)
    {
    case PROP_ENTITY_ID:
      g_value_set_int64 (value, self->current.entity_id);
      break;
    case PROP_DOCUMENT_ID:
      g_value_set_int64 (value, self->current.document_id);
      break;
    case PROP_BLOCK_ID:
      g_value_set_int64 (value, self->current.block_id);
      break;
    case PROP_CAN_GO_BACK:
      g_value_set_boolean (value, dossier_selection_get_can_go_back (self));
      break;
    case PROP_CAN_GO_FORWARD:
      g_value_set_boolean (value, dossier_selection_get_can_go_forward (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_selection_class_init (DossierSelectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dossier_selection_finalize;
  object_class->get_property = dossier_selection_get_property;

  properties[PROP_ENTITY_ID] =
    g_param_spec_int64 ("entity-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DOCUMENT_ID] =
    g_param_spec_int64 ("document-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BLOCK_ID] =
    g_param_spec_int64 ("block-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_GO_BACK] =
    g_param_spec_boolean ("can-go-back", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_GO_FORWARD] =
    g_param_spec_boolean ("can-go-forward", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DossierSelection::changed:
   *
   * Emitted after every choice, back and forward included, even when the
   * choice equals the current one.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
dossier_selection_init (DossierSelection *self)
{
  self->history = g_array_new (FALSE, TRUE, sizeof (Entry));
}

DossierSelection *
dossier_selection_new (void)
{
  return g_object_new (DOSSIER_TYPE_SELECTION, NULL);
}

gint64
dossier_selection_get_entity_id (DossierSelection *self)
{
  g_return_val_if_fail (DOSSIER_IS_SELECTION (self), 0);
  return self->current.entity_id;
}

gint64
dossier_selection_get_document_id (DossierSelection *self)
{
  g_return_val_if_fail (DOSSIER_IS_SELECTION (self), 0);
  return self->current.document_id;
}

gint64
dossier_selection_get_block_id (DossierSelection *self)
{
  g_return_val_if_fail (DOSSIER_IS_SELECTION (self), 0);
  return self->current.block_id;
}

gpointer
dossier_selection_get_origin (DossierSelection *self)
{
  g_return_val_if_fail (DOSSIER_IS_SELECTION (self), NULL);
  return self->origin;
}

void
dossier_selection_select_entity (DossierSelection *self,
                                 gint64            entity_id,
                                 gpointer          origin)
{
  Entry entry;

  g_return_if_fail (DOSSIER_IS_SELECTION (self));

  entry.entity_id = entity_id;
  entry.document_id = self->current.document_id;
  entry.block_id = 0;
  push (self, &entry, origin);
}

void
dossier_selection_select_block (DossierSelection *self,
                                gint64            document_id,
                                gint64            block_id,
                                gpointer          origin)
{
  Entry entry;

  g_return_if_fail (DOSSIER_IS_SELECTION (self));

  entry.entity_id = self->current.entity_id;
  entry.document_id = document_id;
  entry.block_id = block_id;
  push (self, &entry, origin);
}

void
dossier_selection_set_document_id (DossierSelection *self,
                                   gint64            document_id)
{
  g_return_if_fail (DOSSIER_IS_SELECTION (self));

  if (self->current.document_id == document_id)
    return;

  self->current.document_id = document_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT_ID]);
}

void
dossier_selection_reset (DossierSelection *self)
{
  const Entry empty = { 0, 0, 0 };
  gboolean could_go_back, could_go_forward;

  g_return_if_fail (DOSSIER_IS_SELECTION (self));

  could_go_back = dossier_selection_get_can_go_back (self);
  could_go_forward = dossier_selection_get_can_go_forward (self);

  g_array_set_size (self->history, 0);
  self->index = 0;
  notify_history (self, could_go_back, could_go_forward);
  apply (self, &empty, NULL);
}

gboolean
dossier_selection_get_can_go_back (DossierSelection *self)
{
  g_return_val_if_fail (DOSSIER_IS_SELECTION (self), FALSE);
  return self->history->len > 0 && self->index > 0;
}

gboolean
dossier_selection_get_can_go_forward (DossierSelection *self)
{
  g_return_val_if_fail (DOSSIER_IS_SELECTION (self), FALSE);
  return self->history->len > 0 && self->index + 1 < self->history->len;
}

gboolean
dossier_selection_go_back (DossierSelection *self)
{
  gboolean could_go_back, could_go_forward;
  Entry entry;

  g_return_val_if_fail (DOSSIER_IS_SELECTION (self), FALSE);

  if (!dossier_selection_get_can_go_back (self))
    return FALSE;

  could_go_back = dossier_selection_get_can_go_back (self);
  could_go_forward = dossier_selection_get_can_go_forward (self);
  self->index--;
  notify_history (self, could_go_back, could_go_forward);
  entry = g_array_index (self->history, Entry, self->index);
  apply (self, &entry, NULL);
  return TRUE;
}

gboolean
dossier_selection_go_forward (DossierSelection *self)
{
  gboolean could_go_back, could_go_forward;
  Entry entry;

  g_return_val_if_fail (DOSSIER_IS_SELECTION (self), FALSE);

  if (!dossier_selection_get_can_go_forward (self))
    return FALSE;

  could_go_back = dossier_selection_get_can_go_back (self);
  could_go_forward = dossier_selection_get_can_go_forward (self);
  self->index++;
  notify_history (self, could_go_back, could_go_forward);
  entry = g_array_index (self->history, Entry, self->index);
  apply (self, &entry, NULL);
  return TRUE;
}
