/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Writing what the recognisers found (entities, aliases, mentions, relations and
 * their evidence) into the corpus, and re-running extraction over it.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dossier-store-private.h"

/* How many merged_into hops are followed before giving up on a cycle. */
#define MAX_MERGE_HOPS 16

gboolean
_dossier_store_reset_touched (DossierStore *self,
                              GError      **error)
{
  return _dossier_store_exec (self,
                              "CREATE TEMP TABLE IF NOT EXISTS touched_relation"
                              " (id INTEGER PRIMARY KEY);"
                              "DELETE FROM temp.touched_relation;",
                              error);
}

static gboolean
step_ok (DossierStore *self,
         sqlite3_stmt *stmt,
         GError      **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      dossier_store_set_error (self, error, NULL);
      return FALSE;
    }
  return TRUE;
}

/* The id an entity's mentions and relations go to: the entity the user merged it
 * into, if any. */
static gint64
resolve_entity (DossierStore *self,
                const char   *key,
                GError      **error)
{
  static const char by_key[] = "SELECT id, merged_into FROM entity WHERE key = ?";
  static const char by_id[] = "SELECT merged_into FROM entity WHERE id = ?";
  sqlite3_stmt *stmt;
  gint64 id = 0, next = 0;

  if (!(stmt = _dossier_store_prepare (self, by_key, error)))
    return -1;
  _dossier_bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (stmt, 0);
      next = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);

  for (guint hops = 0; next != 0 && hops < MAX_MERGE_HOPS; hops++)
    {
      id = next;
      next = 0;
      if (!(stmt = _dossier_store_prepare (self, by_id, error)))
        return -1;
      sqlite3_bind_int64 (stmt, 1, id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        next = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }

  return id;
}

static gboolean
write_entity (DossierStore           *self,
              const DossierEntityDef *def,
              GError                **error)
{
  /* A gazetteer definition refreshes what an earlier pattern guessed; nothing
   * overwrites an entity the user made. The user's own changes (rename, hide,
   * merge) live in columns this never touches. */
  static const char upsert_sql[] =
    "INSERT INTO entity (key, kind, name, short_name, origin, confidence, parent_key)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
    " ON CONFLICT (key) DO UPDATE SET"
    "   kind = excluded.kind, name = excluded.name,"
    "   short_name = coalesce(excluded.short_name, entity.short_name),"
    "   parent_key = coalesce(excluded.parent_key, entity.parent_key),"
    "   origin = excluded.origin,"
    "   confidence = max(entity.confidence, excluded.confidence)"
    " WHERE entity.origin <> 'user'"
    "   AND (excluded.origin = 'gazetteer' OR entity.origin = 'pattern')";
  static const char alias_sql[] =
    "INSERT OR IGNORE INTO alias (entity_id, alias, origin)"
    " SELECT id, ?2, ?3 FROM entity WHERE key = ?1";
  sqlite3_stmt *stmt;

  if (def->key == NULL || def->kind == NULL || def->name == NULL)
    return TRUE;

  if (!(stmt = _dossier_store_prepare (self, upsert_sql, error)))
    return FALSE;
  _dossier_bind_text (stmt, 1, def->key);
  _dossier_bind_text (stmt, 2, def->kind);
  _dossier_bind_text (stmt, 3, def->name);
  _dossier_bind_text (stmt, 4, def->short_name);
  _dossier_bind_text (stmt, 5, def->origin != NULL ? def->origin : "pattern");
  sqlite3_bind_double (stmt, 6, def->confidence);
  _dossier_bind_text (stmt, 7, def->parent_key);
  if (!step_ok (self, stmt, error))
    return FALSE;

  if (def->aliases == NULL)
    return TRUE;

  for (guint i = 0; i < def->aliases->len; i++)
    {
      const char *alias = g_ptr_array_index (def->aliases, i);

      if (alias == NULL || *alias == '\0')
        continue;
      if (!(stmt = _dossier_store_prepare (self, alias_sql, error)))
        return FALSE;
      _dossier_bind_text (stmt, 1, def->key);
      _dossier_bind_text (stmt, 2, alias);
      _dossier_bind_text (stmt, 3, g_strcmp0 (def->origin, "gazetteer") == 0 ? "gazetteer" : "acronym");
      if (!step_ok (self, stmt, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
_dossier_store_write_extraction (DossierStore            *self,
                                 gint64                   document_id,
                                 const DossierExtraction *extraction,
                                 const gint64            *block_ids,
                                 guint                    n_blocks,
                                 GError                 **error)
{
  static const char mention_sql[] =
    "INSERT INTO mention (entity_id, block_id, start, end, surface, recogniser)"
    " VALUES (?, ?, ?, ?, ?, ?)";
  static const char relation_sql[] =
    "INSERT INTO relation (source_id, target_id, kind, verb, directed, weight, origin)"
    " VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6)"
    " ON CONFLICT (source_id, target_id, kind) DO UPDATE SET"
    "   verb = coalesce(relation.verb, excluded.verb)"
    " RETURNING id";
  static const char evidence_sql[] =
    "INSERT OR IGNORE INTO relation_evidence (relation_id, block_id) VALUES (?, ?)";
  static const char touched_sql[] =
    "INSERT OR IGNORE INTO temp.touched_relation (id) VALUES (?)";
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (extraction != NULL, FALSE);

  for (guint i = 0; i < extraction->entities->len; i++)
    if (!write_entity (self, g_ptr_array_index (extraction->entities, i), error))
      return FALSE;

  /* Resolves a key once per document; 0 means "no such entity". */
#define LOOKUP(key, out) \
  G_STMT_START { \
    gpointer found_; \
    if (g_hash_table_lookup_extended (ids, (key), NULL, &found_)) \
      (out) = GPOINTER_TO_SIZE (found_); \
    else \
      { \
        gint64 id_ = resolve_entity (self, (key), error); \
        if (id_ < 0) \
          return FALSE; \
        g_hash_table_insert (ids, g_strdup (key), GSIZE_TO_POINTER ((gsize) id_)); \
        (out) = id_; \
      } \
  } G_STMT_END

  for (guint i = 0; i < extraction->mentions->len; i++)
    {
      const DossierMentionDef *m = g_ptr_array_index (extraction->mentions, i);
      gint64 entity_id = 0;

      if (m->entity_key == NULL || m->block_index >= n_blocks)
        continue;
      LOOKUP (m->entity_key, entity_id);
      if (entity_id == 0)
        continue;

      if (!(stmt = _dossier_store_prepare (self, mention_sql, error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, entity_id);
      sqlite3_bind_int64 (stmt, 2, block_ids[m->block_index]);
      sqlite3_bind_int (stmt, 3, (int) m->start);
      sqlite3_bind_int (stmt, 4, (int) m->end);
      _dossier_bind_text (stmt, 5, m->surface != NULL ? m->surface : "");
      _dossier_bind_text (stmt, 6, m->recogniser != NULL ? m->recogniser : "gazetteer");
      if (!step_ok (self, stmt, error))
        return FALSE;
    }

  for (guint i = 0; i < extraction->relations->len; i++)
    {
      const DossierRelationDef *r = g_ptr_array_index (extraction->relations, i);
      gint64 source = 0, target = 0, relation_id = 0;
      int rc;

      if (r->source_key == NULL || r->target_key == NULL || r->kind == NULL)
        continue;
      LOOKUP (r->source_key, source);
      LOOKUP (r->target_key, target);
      if (source == 0 || target == 0 || source == target)
        continue;
      /* An undirected relation is stored once, smaller id first. */
      if (!r->directed && source > target)
        {
          gint64 tmp = source;
          source = target;
          target = tmp;
        }

      if (!(stmt = _dossier_store_prepare (self, relation_sql, error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, source);
      sqlite3_bind_int64 (stmt, 2, target);
      _dossier_bind_text (stmt, 3, r->kind);
      _dossier_bind_text (stmt, 4, r->verb);
      sqlite3_bind_int (stmt, 5, r->directed ? 1 : 0);
      _dossier_bind_text (stmt, 6, r->origin != NULL ? r->origin : "extracted");
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        relation_id = sqlite3_column_int64 (stmt, 0);
      /* Step again so that RETURNING finishes its statement. */
      while (rc == SQLITE_ROW)
        rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          dossier_store_set_error (self, error, NULL);
          return FALSE;
        }

      if (!(stmt = _dossier_store_prepare (self, touched_sql, error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, relation_id);
      if (!step_ok (self, stmt, error))
        return FALSE;

      for (guint j = 0; r->evidence != NULL && j < r->evidence->len; j++)
        {
          guint index = g_array_index (r->evidence, guint, j);

          if (index >= n_blocks)
            continue;
          if (!(stmt = _dossier_store_prepare (self, evidence_sql, error)))
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, relation_id);
          sqlite3_bind_int64 (stmt, 2, block_ids[index]);
          if (!step_ok (self, stmt, error))
            return FALSE;
        }
    }

#undef LOOKUP

  return TRUE;
}

gboolean
_dossier_store_refresh_relations (DossierStore *self,
                                  gboolean      drop_orphans,
                                  GError      **error)
{
  if (!_dossier_store_exec (self,
                            "UPDATE relation SET weight ="
                            "  (SELECT count(*) FROM relation_evidence e WHERE e.relation_id = relation.id)"
                            " WHERE id IN (SELECT id FROM temp.touched_relation);"
                            "DELETE FROM relation WHERE weight = 0 AND origin = 'extracted'"
                            " AND id IN (SELECT id FROM temp.touched_relation);"
                            "DELETE FROM temp.touched_relation;",
                            error))
    return FALSE;

  if (drop_orphans &&
      !_dossier_store_exec (self,
                            "DELETE FROM entity WHERE origin = 'pattern' AND accepted = 0"
                            " AND hidden = 0 AND user_name IS NULL"
                            " AND NOT EXISTS (SELECT 1 FROM mention m WHERE m.entity_id = entity.id)"
                            " AND NOT EXISTS (SELECT 1 FROM entity e WHERE e.merged_into = entity.id)"
                            " AND NOT EXISTS (SELECT 1 FROM relation r WHERE r.origin = 'user'"
                            "   AND (r.source_id = entity.id OR r.target_id = entity.id));",
                            error))
    return FALSE;

  return TRUE;
}

static DossierParsedDocument *
parsed_from_store (DossierStore        *self,
                   DossierDocumentInfo *info,
                   GError             **error)
{
  g_autoptr(DossierParsedDocument) doc = NULL;
  g_autoptr(GPtrArray) blocks = NULL;

  blocks = dossier_store_get_blocks (self, dossier_document_info_get_id (info), error);
  if (blocks == NULL)
    return NULL;

  doc = dossier_parsed_document_new (dossier_document_info_get_source_name (info),
                                     dossier_document_info_get_format (info));
  doc->title = g_strdup (dossier_document_info_get_title (info));
  doc->symbol = g_strdup (dossier_document_info_get_symbol (info));
  doc->kind = g_strdup (dossier_document_info_get_kind (info));
  doc->date = g_strdup (dossier_document_info_get_date (info));
  doc->body = g_strdup (dossier_document_info_get_body (info));
  doc->session = g_strdup (dossier_document_info_get_session (info));
  doc->language = g_strdup (dossier_document_info_get_language (info));
  g_ptr_array_extend_and_steal (doc->blocks, g_steal_pointer (&blocks));

  return g_steal_pointer (&doc);
}

gboolean
dossier_store_reindex (DossierStore     *self,
                       DossierExtractor *extractor,
                       GError          **error)
{
  static const char touched_sql[] =
    "INSERT OR IGNORE INTO temp.touched_relation (id)"
    " SELECT DISTINCT e.relation_id FROM relation_evidence e JOIN block b ON b.id = e.block_id"
    " WHERE b.document_id = ?";
  static const char clear_evidence_sql[] =
    "DELETE FROM relation_evidence WHERE block_id IN"
    " (SELECT id FROM block WHERE document_id = ?)";
  static const char clear_mentions_sql[] =
    "DELETE FROM mention WHERE block_id IN (SELECT id FROM block WHERE document_id = ?)";
  const char *const per_document[] = { touched_sql, clear_evidence_sql, clear_mentions_sql };
  g_autoptr(GListModel) documents = NULL;
  guint n;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), FALSE);
  g_return_val_if_fail (DOSSIER_IS_EXTRACTOR (extractor), FALSE);

  if (!(documents = dossier_store_list_documents (self, error)))
    return FALSE;

  n = g_list_model_get_n_items (documents);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DossierDocumentInfo) info = g_list_model_get_item (documents, i);
      g_autoptr(DossierParsedDocument) doc = NULL;
      g_autoptr(DossierExtraction) extraction = NULL;
      g_autofree gint64 *block_ids = NULL;
      gint64 id = dossier_document_info_get_id (info);

      if (!(doc = parsed_from_store (self, info, error)))
        return FALSE;
      extraction = dossier_extractor_run (extractor, doc);
      block_ids = g_new0 (gint64, MAX (doc->blocks->len, 1));
      for (guint j = 0; j < doc->blocks->len; j++)
        block_ids[j] = ((DossierBlock *) g_ptr_array_index (doc->blocks, j))->id;

      if (!dossier_store_begin (self, error))
        return FALSE;
      if (!_dossier_store_reset_touched (self, error))
        goto fail;
      for (guint k = 0; k < G_N_ELEMENTS (per_document); k++)
        {
          sqlite3_stmt *stmt = _dossier_store_prepare (self, per_document[k], error);

          if (stmt == NULL)
            goto fail;
          sqlite3_bind_int64 (stmt, 1, id);
          if (!step_ok (self, stmt, error))
            goto fail;
        }
      if (!_dossier_store_write_extraction (self, id, extraction, block_ids, doc->blocks->len, error))
        goto fail;
      if (!_dossier_store_refresh_relations (self, TRUE, error))
        goto fail;
      if (!dossier_store_commit (self, error))
        return FALSE;
    }

  return TRUE;

fail:
  dossier_store_rollback (self);
  return FALSE;
}
