/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "dossier-extraction.h"

DossierExtraction *
dossier_extraction_new (void)
{
  DossierExtraction *extraction = g_new0 (DossierExtraction, 1);

  extraction->entities = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_entity_def_free);
  extraction->mentions = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_mention_def_free);
  extraction->relations = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_relation_def_free);

  return extraction;
}

void
dossier_extraction_free (DossierExtraction *extraction)
{
  if (extraction == NULL)
    return;

  g_clear_pointer (&extraction->entities, g_ptr_array_unref);
  g_clear_pointer (&extraction->mentions, g_ptr_array_unref);
  g_clear_pointer (&extraction->relations, g_ptr_array_unref);
  g_free (extraction);
}

DossierEntityDef *
dossier_entity_def_new (const char *key,
                        const char *kind,
                        const char *name,
                        const char *origin)
{
  DossierEntityDef *def = g_new0 (DossierEntityDef, 1);

  def->key = g_strdup (key);
  def->kind = g_strdup (kind);
  def->name = g_strdup (name);
  def->origin = g_strdup (origin);
  def->confidence = 1.0;
  def->aliases = g_ptr_array_new_with_free_func (g_free);

  return def;
}

void
dossier_entity_def_free (DossierEntityDef *def)
{
  if (def == NULL)
    return;

  g_free (def->key);
  g_free (def->kind);
  g_free (def->name);
  g_free (def->short_name);
  g_free (def->origin);
  g_free (def->parent_key);
  g_clear_pointer (&def->aliases, g_ptr_array_unref);
  g_free (def);
}

DossierMentionDef *
dossier_mention_def_new (guint       block_index,
                         guint       start,
                         guint       end,
                         const char *entity_key,
                         const char *surface,
                         const char *recogniser)
{
  DossierMentionDef *def = g_new0 (DossierMentionDef, 1);

  def->block_index = block_index;
  def->start = start;
  def->end = end;
  def->entity_key = g_strdup (entity_key);
  def->surface = g_strdup (surface);
  def->recogniser = g_strdup (recogniser);

  return def;
}

void
dossier_mention_def_free (DossierMentionDef *def)
{
  if (def == NULL)
    return;

  g_free (def->entity_key);
  g_free (def->surface);
  g_free (def->recogniser);
  g_free (def);
}

DossierRelationDef *
dossier_relation_def_new (const char *source_key,
                          const char *target_key,
                          const char *kind,
                          const char *origin)
{
  DossierRelationDef *def = g_new0 (DossierRelationDef, 1);

  def->source_key = g_strdup (source_key);
  def->target_key = g_strdup (target_key);
  def->kind = g_strdup (kind);
  def->origin = g_strdup (origin);
  def->evidence = g_array_new (FALSE, FALSE, sizeof (guint));

  return def;
}

void
dossier_relation_def_add_evidence (DossierRelationDef *def,
                                   guint               block_index)
{
  g_return_if_fail (def != NULL);

  for (guint i = 0; i < def->evidence->len; i++)
    if (g_array_index (def->evidence, guint, i) == block_index)
      return;

  g_array_append_val (def->evidence, block_index);
}

void
dossier_relation_def_free (DossierRelationDef *def)
{
  if (def == NULL)
    return;

  g_free (def->source_key);
  g_free (def->target_key);
  g_free (def->kind);
  g_free (def->verb);
  g_free (def->origin);
  g_clear_pointer (&def->evidence, g_array_unref);
  g_free (def);
}
