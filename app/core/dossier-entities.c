/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The entities, mentions and relations of a corpus as the window and the CLI read
 * them, and the user's corrections. Extraction writes the same tables (see
 * dossier-store-extraction.c); what is done here lives in columns and rows that
 * extraction never overwrites: entity.user_name, hidden, accepted, merged_into and
 * aliases of origin "user".
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "dossier-entities.h"
#include "dossier-locale.h"
#include "dossier-store-private.h"

/* How many merged_into hops are followed before giving up on a cycle; the same
 * limit as extraction's. */
#define MAX_MERGE_HOPS 16

/* How many candidates an ambiguity sentence names before "and N more". */
#define MAX_NAMED_CANDIDATES 8

G_DEFINE_QUARK (dossier-entity-error-quark, dossier_entity_error)

#define ENTITY_COLUMNS \
  "e.id, e.key, e.kind, coalesce(e.user_name, e.name), e.name, e.short_name, e.origin," \
  " e.confidence, e.hidden, e.accepted"

/* Helpers */

static gboolean
step_done (DossierStore *self,
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

static gboolean
step_finish (DossierStore *self,
             sqlite3_stmt *stmt,
             int           rc,
             GError      **error)
{
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dossier_store_set_error (self, error, NULL);
      return FALSE;
    }
  return TRUE;
}

/* Steps a statement that yields at most one integer; *@found says whether it did. */
static gboolean
step_int64 (DossierStore *self,
            sqlite3_stmt *stmt,
            gint64       *value,
            gboolean     *found,
            GError      **error)
{
  int rc = sqlite3_step (stmt);

  *found = rc == SQLITE_ROW;
  if (*found)
    *value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      dossier_store_set_error (self, error, NULL);
      return FALSE;
    }
  return TRUE;
}

static DossierEntity *
entity_from_row (sqlite3_stmt *stmt)
{
  DossierEntity *entity = g_new0 (DossierEntity, 1);

  entity->id = sqlite3_column_int64 (stmt, 0);
  entity->key = g_strdup (_dossier_column_text (stmt, 1));
  entity->kind = g_strdup (_dossier_column_text (stmt, 2));
  entity->name = g_strdup (_dossier_column_text (stmt, 3));
  entity->canonical_name = g_strdup (_dossier_column_text (stmt, 4));
  entity->short_name = g_strdup (_dossier_column_text (stmt, 5));
  entity->origin = g_strdup (_dossier_column_text (stmt, 6));
  entity->confidence = sqlite3_column_double (stmt, 7);
  entity->hidden = sqlite3_column_int (stmt, 8) != 0;
  entity->accepted = sqlite3_column_int (stmt, 9) != 0;
  entity->aliases = g_ptr_array_new_with_free_func (g_free);
  return entity;
}

static DossierBlock *
block_for_citation (const char *kind_str,
                    const char *label,
                    const char *text,
                    int         level,
                    guint       seq,
                    const char *heading_path)
{
  DossierBlockKind kind = DOSSIER_BLOCK_PARAGRAPH;
  DossierBlock *block;

  dossier_block_kind_from_string (kind_str, &kind);
  block = dossier_block_new (kind, label, text != NULL ? text : "");
  block->level = level;
  block->seq = seq;
  block->heading_path = g_strdup (heading_path);
  return block;
}

/* The entity @id stands for after the user's merges; 0 when there is no such
 * entity, -1 on error. */
static gint64
resolve_merges (DossierStore *self,
                gint64        id,
                GError      **error)
{
  static const char sql[] = "SELECT merged_into FROM entity WHERE id = ?";

  for (guint hops = 0; hops <= MAX_MERGE_HOPS; hops++)
    {
      sqlite3_stmt *stmt;
      gint64 next = 0;
      gboolean found;

      if (!(stmt = _dossier_store_prepare (self, sql, error)))
        return -1;
      sqlite3_bind_int64 (stmt, 1, id);
      if (!step_int64 (self, stmt, &next, &found, error))
        return -1;
      if (!found)
        return hops == 0 ? 0 : id;
      if (next == 0)
        return id;
      id = next;
    }

  return id;
}

static void
set_not_found (GError **error,
               gint64   entity_id)
{
  g_set_error (error, DOSSIER_ENTITY_ERROR, DOSSIER_ENTITY_ERROR_NOT_FOUND,
               _("There is no entity number %lld in the corpus."), (long long) entity_id);
}

/* Public API: reading */

GPtrArray *
dossier_store_list_aliases (DossierStore *self,
                            gint64        entity_id,
                            GError      **error)
{
  static const char sql[] =
    "SELECT alias FROM alias"
    " WHERE entity_id = ?1 OR entity_id IN (SELECT id FROM entity WHERE merged_into = ?1)"
    " GROUP BY alias ORDER BY " DOSSIER_LOCALE_SORT_KEY ("alias") ", alias";
  g_autoptr(GPtrArray) aliases = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), NULL);

  if (!(stmt = _dossier_store_prepare (self, sql, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, entity_id);

  aliases = g_ptr_array_new_with_free_func (g_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (aliases, g_strdup (_dossier_column_text (stmt, 0)));
  if (!step_finish (self, stmt, rc, error))
    return NULL;

  return g_steal_pointer (&aliases);
}

GPtrArray *
dossier_store_list_entities (DossierStore *self,
                             const char   *kind,
                             gint64        document_id,
                             gboolean      include_hidden,
                             GError      **error)
{
  /* One document: its blocks' mentions, found through the block index. */
  static const char document_sql[] =
    "SELECT " ENTITY_COLUMNS ", count(*), count(DISTINCT b.document_id)"
    " FROM entity e"
    " JOIN mention m ON m.entity_id = e.id"
    " JOIN block b ON b.id = m.block_id"
    " WHERE (?1 IS NULL OR e.kind = ?1)"
    "   AND b.document_id = ?2"
    "   AND (?3 OR (e.hidden = 0 AND e.merged_into IS NULL))"
    " GROUP BY e.id"
    " ORDER BY count(*) DESC, " DOSSIER_LOCALE_SORT_KEY ("coalesce(e.user_name, e.name)") ","
    "   coalesce(e.user_name, e.name), e.id";
  /* The whole corpus: the counts the store keeps per entity (schema version 3),
   * one row an entity rather than every mention joined to its block. */
  static const char corpus_sql[] =
    "SELECT " ENTITY_COLUMNS ", c.n_mentions, c.n_documents"
    " FROM entity_count c"
    " JOIN entity e ON e.id = c.entity_id"
    " WHERE c.n_mentions > 0"
    "   AND (?1 IS NULL OR e.kind = ?1)"
    "   AND (?3 OR (e.hidden = 0 AND e.merged_into IS NULL))"
    " ORDER BY c.n_mentions DESC, " DOSSIER_LOCALE_SORT_KEY ("coalesce(e.user_name, e.name)") ","
    "   coalesce(e.user_name, e.name), e.id";
  g_autoptr(GPtrArray) entities = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), NULL);

  if (!(stmt = _dossier_store_prepare (self, document_id == 0 ? corpus_sql : document_sql, error)))
    return NULL;
  _dossier_bind_text (stmt, 1, kind);
  if (document_id != 0)
    sqlite3_bind_int64 (stmt, 2, document_id);
  sqlite3_bind_int (stmt, 3, include_hidden ? 1 : 0);

  entities = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_entity_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DossierEntity *entity = entity_from_row (stmt);

      entity->n_mentions = (guint) sqlite3_column_int (stmt, 10);
      entity->n_documents = (guint) sqlite3_column_int (stmt, 11);
      g_ptr_array_add (entities, entity);
    }
  if (!step_finish (self, stmt, rc, error))
    return NULL;

  return g_steal_pointer (&entities);
}

DossierEntity *
dossier_store_get_entity (DossierStore *self,
                          gint64        entity_id,
                          GError      **error)
{
  static const char sql[] =
    "SELECT " ENTITY_COLUMNS ","
    " coalesce(c.n_mentions, 0), coalesce(c.n_documents, 0)"
    " FROM entity e LEFT JOIN entity_count c ON c.entity_id = e.id WHERE e.id = ?";
  g_autoptr(DossierEntity) entity = NULL;
  g_autoptr(GPtrArray) aliases = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), NULL);

  if (!(stmt = _dossier_store_prepare (self, sql, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, entity_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      entity = entity_from_row (stmt);
      entity->n_mentions = (guint) sqlite3_column_int (stmt, 10);
      entity->n_documents = (guint) sqlite3_column_int (stmt, 11);
    }
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    {
      set_not_found (error, entity_id);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      dossier_store_set_error (self, error, NULL);
      return NULL;
    }

  if (!(aliases = dossier_store_list_aliases (self, entity_id, error)))
    return NULL;
  g_clear_pointer (&entity->aliases, g_ptr_array_unref);
  entity->aliases = g_steal_pointer (&aliases);

  return g_steal_pointer (&entity);
}

static int
compare_entities_by_key (gconstpointer a,
                         gconstpointer b)
{
  const DossierEntity *ea = *(DossierEntity **) a;
  const DossierEntity *eb = *(DossierEntity **) b;

  return g_strcmp0 (ea->key, eb->key);
}

static char *
describe_candidates (GPtrArray *candidates)
{
  g_autoptr(GString) list = g_string_new (NULL);
  guint shown = MIN (candidates->len, MAX_NAMED_CANDIDATES);

  for (guint i = 0; i < shown; i++)
    {
      DossierEntity *entity = g_ptr_array_index (candidates, i);

      if (i > 0)
        /* Translators: the separator between the entities of a list. */
        g_string_append (list, _(", "));
      /* Translators: one entity in a list: its key, then its name, as in
       * “org:unodc (United Nations Office on Drugs and Crime)”. */
      g_string_append_printf (list, _("%s (%s)"), entity->key, entity->name);
    }
  if (candidates->len > shown)
    {
      guint more = candidates->len - shown;

      g_string_append (list, _(", "));
      g_string_append_printf (list,
                              g_dngettext (GETTEXT_PACKAGE, "and %u more", "and %u more", more),
                              more);
    }

  return g_string_free (g_steal_pointer (&list), FALSE);
}

DossierEntity *
dossier_store_find_entity (DossierStore *self,
                           const char   *ref,
                           GPtrArray   **candidates,
                           GError      **error)
{
  static const char by_key[] = "SELECT id FROM entity WHERE key = ?";
  /* Every comparison is NOCASE, so that the alias table's NOCASE index serves. */
  static const char by_name[] =
    "SELECT id FROM entity"
    " WHERE key = ?1 COLLATE NOCASE"
    "    OR name = ?1 COLLATE NOCASE"
    "    OR user_name = ?1 COLLATE NOCASE"
    "    OR short_name = ?1 COLLATE NOCASE"
    " UNION"
    " SELECT entity_id FROM alias WHERE alias = ?1 COLLATE NOCASE";
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) resolved = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *wanted = NULL;
  sqlite3_stmt *stmt;
  gint64 key_id = 0;
  gboolean key_found;
  int rc;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), NULL);
  g_return_val_if_fail (ref != NULL, NULL);

  if (candidates != NULL)
    *candidates = NULL;

  wanted = g_strstrip (g_strdup (ref));
  if (*wanted == '\0')
    {
      g_set_error_literal (error, DOSSIER_ENTITY_ERROR, DOSSIER_ENTITY_ERROR_NOT_FOUND,
                           _("Name an entity by its key, name, short name or alias."));
      return NULL;
    }

  ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (!(stmt = _dossier_store_prepare (self, by_key, error)))
    return NULL;
  _dossier_bind_text (stmt, 1, wanted);
  if (!step_int64 (self, stmt, &key_id, &key_found, error))
    return NULL;
  if (key_found)
    g_array_append_val (ids, key_id);

  if (ids->len == 0)
    {
      if (!(stmt = _dossier_store_prepare (self, by_name, error)))
        return NULL;
      _dossier_bind_text (stmt, 1, wanted);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);

          g_array_append_val (ids, id);
        }
      if (!step_finish (self, stmt, rc, error))
        return NULL;
    }

  /* Names of merged-away entities lead to the entity they were merged into. */
  resolved = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = resolve_merges (self, g_array_index (ids, gint64, i), error);
      gboolean seen = FALSE;

      if (id < 0)
        return NULL;
      for (guint j = 0; j < resolved->len && !seen; j++)
        seen = g_array_index (resolved, gint64, j) == id;
      if (id > 0 && !seen)
        g_array_append_val (resolved, id);
    }

  if (resolved->len == 0)
    {
      g_set_error (error, DOSSIER_ENTITY_ERROR, DOSSIER_ENTITY_ERROR_NOT_FOUND,
                   _("No entity in the corpus has the key, name or alias “%s”."), wanted);
      return NULL;
    }

  if (resolved->len == 1)
    return dossier_store_get_entity (self, g_array_index (resolved, gint64, 0), error);

  found = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_entity_free);
  for (guint i = 0; i < resolved->len; i++)
    {
      DossierEntity *entity = dossier_store_get_entity (self, g_array_index (resolved, gint64, i),
                                                        error);

      if (entity == NULL)
        return NULL;
      g_ptr_array_add (found, entity);
    }
  g_ptr_array_sort (found, compare_entities_by_key);

  {
    g_autofree char *list = describe_candidates (found);

    g_set_error (error, DOSSIER_ENTITY_ERROR, DOSSIER_ENTITY_ERROR_AMBIGUOUS,
                 g_dngettext (GETTEXT_PACKAGE,
                              /* Translators: the first %s is what the user typed, %u how
                               * many entities answer to it (always two or more), the
                               * second %s a list of them, each with its key and name. */
                              "“%s” could be any of %u entities: %s. Name one by its key.",
                              "“%s” could be any of %u entities: %s. Name one by its key.",
                              found->len),
                 wanted, found->len, list);
  }
  if (candidates != NULL)
    *candidates = g_steal_pointer (&found);

  return NULL;
}

static DossierMention *
mention_from_row (sqlite3_stmt *stmt)
{
  DossierMention *mention = g_new0 (DossierMention, 1);
  g_autoptr(DossierBlock) block = NULL;

  mention->id = sqlite3_column_int64 (stmt, 0);
  mention->entity_id = sqlite3_column_int64 (stmt, 1);
  mention->entity_key = g_strdup (_dossier_column_text (stmt, 2));
  mention->entity_kind = g_strdup (_dossier_column_text (stmt, 3));
  mention->block_id = sqlite3_column_int64 (stmt, 4);
  mention->document_id = sqlite3_column_int64 (stmt, 5);
  mention->document_symbol = g_strdup (_dossier_column_text (stmt, 6));
  mention->document_title = g_strdup (_dossier_column_text (stmt, 7));
  mention->label = g_strdup (_dossier_column_text (stmt, 8));
  mention->start = (guint) sqlite3_column_int (stmt, 14);
  mention->end = (guint) sqlite3_column_int (stmt, 15);
  mention->surface = g_strdup (_dossier_column_text (stmt, 16));
  mention->recogniser = g_strdup (_dossier_column_text (stmt, 17));

  block = block_for_citation (_dossier_column_text (stmt, 9),
                              mention->label,
                              _dossier_column_text (stmt, 10),
                              sqlite3_column_int (stmt, 11),
                              (guint) sqlite3_column_int (stmt, 12),
                              _dossier_column_text (stmt, 13));
  mention->citation = dossier_block_dup_citation (block, mention->document_symbol,
                                                  mention->document_title);
  return mention;
}

#define MENTION_COLUMNS \
  "m.id, m.entity_id, e.key, e.kind, m.block_id, b.document_id, d.symbol, d.title," \
  " b.label, b.kind, b.text, b.level, b.seq, b.heading_path, m.start, m.end, m.surface," \
  " m.recogniser"

#define MENTION_JOINS \
  " FROM mention m" \
  " JOIN entity e ON e.id = m.entity_id" \
  " JOIN block b ON b.id = m.block_id" \
  " JOIN document d ON d.id = b.document_id"

static GPtrArray *
collect_mentions (DossierStore *self,
                  const char   *sql,
                  gint64        first,
                  gint64        second,
                  GError      **error)
{
  g_autoptr(GPtrArray) mentions = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _dossier_store_prepare (self, sql, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, first);
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    sqlite3_bind_int64 (stmt, 2, second);

  mentions = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_mention_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (mentions, mention_from_row (stmt));
  if (!step_finish (self, stmt, rc, error))
    return NULL;

  return g_steal_pointer (&mentions);
}

GPtrArray *
dossier_store_list_mentions (DossierStore *self,
                             gint64        entity_id,
                             gint64        document_id,
                             GError      **error)
{
  static const char sql[] =
    "SELECT " MENTION_COLUMNS MENTION_JOINS
    " WHERE m.entity_id = ?1 AND (?2 = 0 OR b.document_id = ?2)"
    " ORDER BY d.date IS NULL, d.date, " DOSSIER_LOCALE_SORT_KEY ("d.title") ", d.title, d.id,"
    "   b.seq, m.start, m.id";

  g_return_val_if_fail (DOSSIER_IS_STORE (self), NULL);

  return collect_mentions (self, sql, entity_id, document_id, error);
}

GPtrArray *
dossier_store_list_document_mentions (DossierStore *self,
                                      gint64        document_id,
                                      GError      **error)
{
  /* What the user hid is not highlighted. */
  static const char sql[] =
    "SELECT " MENTION_COLUMNS MENTION_JOINS
    " WHERE b.document_id = ?1 AND e.hidden = 0"
    " ORDER BY b.seq, m.start, m.end DESC, m.id";

  g_return_val_if_fail (DOSSIER_IS_STORE (self), NULL);

  return collect_mentions (self, sql, document_id, 0, error);
}

GPtrArray *
dossier_store_list_evidence (DossierStore *self,
                             gint64        relation_id,
                             GError      **error)
{
  static const char sql[] =
    "SELECT b.id, b.document_id, d.symbol, d.title, b.kind, b.label, b.text, b.level, b.seq,"
    " b.heading_path"
    " FROM relation_evidence r"
    " JOIN block b ON b.id = r.block_id"
    " JOIN document d ON d.id = b.document_id"
    " WHERE r.relation_id = ?"
    " ORDER BY d.date IS NULL, d.date, " DOSSIER_LOCALE_SORT_KEY ("d.title") ", d.title, d.id, b.seq";
  g_autoptr(GPtrArray) evidence = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), NULL);

  if (!(stmt = _dossier_store_prepare (self, sql, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, relation_id);

  evidence = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_evidence_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DossierEvidence *item = g_new0 (DossierEvidence, 1);
      g_autoptr(DossierBlock) block = NULL;

      item->block_id = sqlite3_column_int64 (stmt, 0);
      item->document_id = sqlite3_column_int64 (stmt, 1);
      item->text = g_strdup (_dossier_column_text (stmt, 6));
      block = block_for_citation (_dossier_column_text (stmt, 4),
                                  _dossier_column_text (stmt, 5),
                                  item->text,
                                  sqlite3_column_int (stmt, 7),
                                  (guint) sqlite3_column_int (stmt, 8),
                                  _dossier_column_text (stmt, 9));
      item->citation = dossier_block_dup_citation (block, _dossier_column_text (stmt, 2),
                                                   _dossier_column_text (stmt, 3));
      g_ptr_array_add (evidence, item);
    }
  if (!step_finish (self, stmt, rc, error))
    return NULL;

  return g_steal_pointer (&evidence);
}

GPtrArray *
dossier_store_list_relations (DossierStore *self,
                              gint64        entity_id,
                              gboolean      with_evidence,
                              GError      **error)
{
  /* A relation to something the user hid is left out, unless the hidden entity
   * is the one asked about. */
  static const char sql[] =
    "SELECT r.id, r.source_id, s.key, coalesce(s.user_name, s.name), s.kind,"
    " r.target_id, t.key, coalesce(t.user_name, t.name), t.kind,"
    " r.kind, r.verb, r.origin, r.directed, r.weight"
    " FROM relation r"
    " JOIN entity s ON s.id = r.source_id"
    " JOIN entity t ON t.id = r.target_id"
    " WHERE r.weight > 0 AND r.hidden = 0"
    "   AND EXISTS (SELECT 1 FROM relation_evidence v WHERE v.relation_id = r.id)"
    "   AND (?1 = 0 OR r.source_id = ?1 OR r.target_id = ?1)"
    "   AND (s.hidden = 0 OR s.id = ?1) AND (t.hidden = 0 OR t.id = ?1)"
    " ORDER BY r.weight DESC, " DOSSIER_LOCALE_SORT_KEY ("coalesce(s.user_name, s.name)") ","
    "   " DOSSIER_LOCALE_SORT_KEY ("coalesce(t.user_name, t.name)") ", r.kind, r.id";
  g_autoptr(GPtrArray) relations = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), NULL);

  if (!(stmt = _dossier_store_prepare (self, sql, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, entity_id);

  relations = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_relation_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DossierRelation *relation = g_new0 (DossierRelation, 1);

      relation->id = sqlite3_column_int64 (stmt, 0);
      relation->source_id = sqlite3_column_int64 (stmt, 1);
      relation->source_key = g_strdup (_dossier_column_text (stmt, 2));
      relation->source_name = g_strdup (_dossier_column_text (stmt, 3));
      relation->source_kind = g_strdup (_dossier_column_text (stmt, 4));
      relation->target_id = sqlite3_column_int64 (stmt, 5);
      relation->target_key = g_strdup (_dossier_column_text (stmt, 6));
      relation->target_name = g_strdup (_dossier_column_text (stmt, 7));
      relation->target_kind = g_strdup (_dossier_column_text (stmt, 8));
      relation->kind = g_strdup (_dossier_column_text (stmt, 9));
      relation->verb = g_strdup (_dossier_column_text (stmt, 10));
      relation->origin = g_strdup (_dossier_column_text (stmt, 11));
      relation->directed = sqlite3_column_int (stmt, 12) != 0;
      relation->weight = (guint) sqlite3_column_int (stmt, 13);
      g_ptr_array_add (relations, relation);
    }
  if (!step_finish (self, stmt, rc, error))
    return NULL;

  /* Evidence is read after the loop: the cached statement above must be reset
   * before another one runs against the same rows. */
  for (guint i = 0; with_evidence && i < relations->len; i++)
    {
      DossierRelation *relation = g_ptr_array_index (relations, i);

      if (!(relation->evidence = dossier_store_list_evidence (self, relation->id, error)))
        return NULL;
    }

  return g_steal_pointer (&relations);
}

/* Public API: corrections */

/* Runs a one-row UPDATE of the entity table with @entity_id bound to ?1 and,
 * when non-NULL, @text to ?2. */
static gboolean
update_entity (DossierStore *self,
               const char   *sql,
               gint64        entity_id,
               const char   *text,
               GError      **error)
{
  sqlite3 *db = dossier_store_get_handle (self);
  sqlite3_stmt *stmt;

  if (!(stmt = _dossier_store_prepare (self, sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, entity_id);
  if (text != NULL)
    _dossier_bind_text (stmt, 2, text);
  if (!step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (db) == 0)
    {
      set_not_found (error, entity_id);
      return FALSE;
    }
  return TRUE;
}

gboolean
dossier_store_rename_entity (DossierStore *self,
                             gint64        entity_id,
                             const char   *name,
                             GError      **error)
{
  static const char sql[] = "UPDATE entity SET user_name = ?2 WHERE id = ?1";
  g_autofree char *clean = NULL;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), FALSE);

  if (name != NULL)
    clean = g_strstrip (g_strdup (name));
  if (clean == NULL || *clean == '\0')
    {
      g_set_error_literal (error, DOSSIER_ENTITY_ERROR, DOSSIER_ENTITY_ERROR_INVALID,
                           _("An entity's name cannot be empty."));
      return FALSE;
    }
  if (!g_utf8_validate (clean, -1, NULL))
    {
      g_set_error_literal (error, DOSSIER_ENTITY_ERROR, DOSSIER_ENTITY_ERROR_INVALID,
                           _("The new name is not valid UTF-8 text."));
      return FALSE;
    }

  return update_entity (self, sql, entity_id, clean, error);
}

gboolean
dossier_store_set_entity_hidden (DossierStore *self,
                                 gint64        entity_id,
                                 gboolean      hidden,
                                 GError      **error)
{
  static const char hide_sql[] = "UPDATE entity SET hidden = 1 WHERE id = ?1";
  static const char show_sql[] = "UPDATE entity SET hidden = 0 WHERE id = ?1";

  g_return_val_if_fail (DOSSIER_IS_STORE (self), FALSE);

  return update_entity (self, hidden ? hide_sql : show_sql, entity_id, NULL, error);
}

gboolean
dossier_store_accept_entity (DossierStore *self,
                             gint64        entity_id,
                             GError      **error)
{
  static const char sql[] = "UPDATE entity SET accepted = 1 WHERE id = ?1";

  g_return_val_if_fail (DOSSIER_IS_STORE (self), FALSE);

  return update_entity (self, sql, entity_id, NULL, error);
}

typedef struct
{
  gint64  id;
  gint64  source;
  gint64  target;
  char   *kind;
  char   *origin;
  gboolean directed;
} RelationRow;

static void
relation_row_clear (gpointer data)
{
  RelationRow *row = data;

  g_free (row->kind);
  g_free (row->origin);
}

static gboolean
mark_touched (DossierStore *self,
              gint64        relation_id,
              GError      **error)
{
  static const char sql[] = "INSERT OR IGNORE INTO temp.touched_relation (id) VALUES (?)";
  sqlite3_stmt *stmt;

  if (!(stmt = _dossier_store_prepare (self, sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, relation_id);
  return step_done (self, stmt, error);
}

/* Re-points the relations of @from at @into, folding each into an existing
 * relation of the same ends and kind when there is one. */
static gboolean
move_relations (DossierStore *self,
                gint64        from,
                gint64        into,
                GError      **error)
{
  static const char select_sql[] =
    "SELECT id, source_id, target_id, kind, origin, directed FROM relation"
    " WHERE source_id = ?1 OR target_id = ?1";
  static const char existing_sql[] =
    "SELECT id FROM relation WHERE source_id = ? AND target_id = ? AND kind = ? AND id <> ?";
  static const char move_evidence_sql[] =
    "INSERT OR IGNORE INTO relation_evidence (relation_id, block_id)"
    " SELECT ?1, block_id FROM relation_evidence WHERE relation_id = ?2";
  /* A curated or user relation folded into an extracted one keeps its standing. */
  static const char keep_origin_sql[] =
    "UPDATE relation SET origin = ?2,"
    " verb = coalesce(verb, (SELECT verb FROM relation WHERE id = ?3))"
    " WHERE id = ?1 AND (origin = 'extracted' OR ?2 = 'user')";
  static const char delete_sql[] = "DELETE FROM relation WHERE id = ?";
  static const char repoint_sql[] =
    "UPDATE relation SET source_id = ?2, target_id = ?3 WHERE id = ?1";
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (RelationRow));
  sqlite3_stmt *stmt;
  int rc;

  g_array_set_clear_func (rows, relation_row_clear);

  if (!(stmt = _dossier_store_prepare (self, select_sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, from);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RelationRow row = {
        .id = sqlite3_column_int64 (stmt, 0),
        .source = sqlite3_column_int64 (stmt, 1),
        .target = sqlite3_column_int64 (stmt, 2),
        .kind = g_strdup (_dossier_column_text (stmt, 3)),
        .origin = g_strdup (_dossier_column_text (stmt, 4)),
        .directed = sqlite3_column_int (stmt, 5) != 0,
      };

      g_array_append_val (rows, row);
    }
  if (!step_finish (self, stmt, rc, error))
    return FALSE;

  for (guint i = 0; i < rows->len; i++)
    {
      const RelationRow *row = &g_array_index (rows, RelationRow, i);
      gint64 source = row->source == from ? into : row->source;
      gint64 target = row->target == from ? into : row->target;
      gint64 existing = 0;
      gboolean found;

      if (source == target)
        {
          /* Both ends are now one entity: a relation to itself says nothing. */
          if (!(stmt = _dossier_store_prepare (self, delete_sql, error)))
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, row->id);
          if (!step_done (self, stmt, error))
            return FALSE;
          continue;
        }

      /* Undirected relations are stored once, smaller id first, as extraction does. */
      if (!row->directed && source > target)
        {
          gint64 tmp = source;

          source = target;
          target = tmp;
        }

      if (!(stmt = _dossier_store_prepare (self, existing_sql, error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, source);
      sqlite3_bind_int64 (stmt, 2, target);
      _dossier_bind_text (stmt, 3, row->kind);
      sqlite3_bind_int64 (stmt, 4, row->id);
      if (!step_int64 (self, stmt, &existing, &found, error))
        return FALSE;

      if (existing != 0)
        {
          if (!(stmt = _dossier_store_prepare (self, move_evidence_sql, error)))
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, existing);
          sqlite3_bind_int64 (stmt, 2, row->id);
          if (!step_done (self, stmt, error))
            return FALSE;

          if (g_strcmp0 (row->origin, "extracted") != 0)
            {
              if (!(stmt = _dossier_store_prepare (self, keep_origin_sql, error)))
                return FALSE;
              sqlite3_bind_int64 (stmt, 1, existing);
              _dossier_bind_text (stmt, 2, row->origin);
              sqlite3_bind_int64 (stmt, 3, row->id);
              if (!step_done (self, stmt, error))
                return FALSE;
            }

          if (!(stmt = _dossier_store_prepare (self, delete_sql, error)))
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, row->id);
          if (!step_done (self, stmt, error))
            return FALSE;
          if (!mark_touched (self, existing, error))
            return FALSE;
        }
      else
        {
          if (!(stmt = _dossier_store_prepare (self, repoint_sql, error)))
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, row->id);
          sqlite3_bind_int64 (stmt, 2, source);
          sqlite3_bind_int64 (stmt, 3, target);
          if (!step_done (self, stmt, error))
            return FALSE;
          if (!mark_touched (self, row->id, error))
            return FALSE;
        }
    }

  return TRUE;
}

static gboolean
merge_entities_locked (DossierStore *self,
                       gint64        from,
                       gint64        into,
                       GError      **error)
{
  static const char next_sql[] = "SELECT merged_into FROM entity WHERE id = ?";
  static const char names_sql[] =
    "SELECT name, user_name, short_name FROM entity WHERE id = ?";
  static const char drop_twins_sql[] =
    "DELETE FROM mention WHERE entity_id = ?1 AND EXISTS"
    " (SELECT 1 FROM mention t WHERE t.entity_id = ?2 AND t.block_id = mention.block_id"
    "  AND t.start = mention.start AND t.end = mention.end)";
  static const char move_mentions_sql[] =
    "UPDATE mention SET entity_id = ?2 WHERE entity_id = ?1";
  static const char add_alias_sql[] =
    "INSERT OR IGNORE INTO alias (entity_id, alias, origin)"
    " SELECT ?1, ?2, 'user' WHERE NOT EXISTS"
    " (SELECT 1 FROM entity WHERE id = ?1"
    "  AND (name = ?2 COLLATE NOCASE OR user_name = ?2 COLLATE NOCASE))";
  static const char copy_aliases_sql[] =
    "INSERT OR IGNORE INTO alias (entity_id, alias, origin)"
    " SELECT ?2, a.alias, 'user' FROM alias a WHERE a.entity_id = ?1"
    " AND NOT EXISTS (SELECT 1 FROM entity WHERE id = ?2"
    "  AND (name = a.alias COLLATE NOCASE OR user_name = a.alias COLLATE NOCASE))";
  static const char repoint_merged_sql[] =
    "UPDATE entity SET merged_into = ?2 WHERE merged_into = ?1";
  /* A merged-away entity is never listed, so it is also marked hidden: that keeps
   * the sweep of unmentioned pattern entities after a re-import from deleting it,
   * which would lose merged_into and let the next extraction bring it back as an
   * entity of its own. */
  static const char set_merged_sql[] =
    "UPDATE entity SET merged_into = ?2, hidden = 1 WHERE id = ?1";
  const char *const two_id_statements[] = {
    drop_twins_sql, move_mentions_sql, copy_aliases_sql, repoint_merged_sql, set_merged_sql,
  };
  g_autofree char *name = NULL;
  g_autofree char *user_name = NULL;
  g_autofree char *short_name = NULL;
  const char *names[3];
  sqlite3_stmt *stmt;
  gint64 survivor = into;
  int rc;

  if (from == into)
    {
      g_set_error_literal (error, DOSSIER_ENTITY_ERROR, DOSSIER_ENTITY_ERROR_INVALID,
                           _("An entity cannot be merged into itself."));
      return FALSE;
    }

  /* Follow @into to the entity that stands for it now; meeting @from on the way
   * means @into was merged into @from, and merging back would make a cycle. */
  for (guint hops = 0; ; hops++)
    {
      gint64 next = 0;
      gboolean found;

      if (!(stmt = _dossier_store_prepare (self, next_sql, error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, survivor);
      if (!step_int64 (self, stmt, &next, &found, error))
        return FALSE;
      if (!found)
        {
          set_not_found (error, survivor);
          return FALSE;
        }
      if (next == from)
        {
          g_set_error_literal (error, DOSSIER_ENTITY_ERROR, DOSSIER_ENTITY_ERROR_INVALID,
                               _("These entities cannot be merged: the target was itself merged into the entity being merged."));
          return FALSE;
        }
      if (next == 0 || hops >= MAX_MERGE_HOPS)
        break;
      survivor = next;
    }

  if (!(stmt = _dossier_store_prepare (self, names_sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, from);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      name = g_strdup (_dossier_column_text (stmt, 0));
      user_name = g_strdup (_dossier_column_text (stmt, 1));
      short_name = g_strdup (_dossier_column_text (stmt, 2));
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    {
      set_not_found (error, from);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      dossier_store_set_error (self, error, NULL);
      return FALSE;
    }

  if (!_dossier_store_reset_touched (self, error))
    return FALSE;
  if (!move_relations (self, from, survivor, error))
    return FALSE;

  names[0] = user_name;
  names[1] = name;
  names[2] = short_name;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (names[i] == NULL || *names[i] == '\0')
        continue;
      if (!(stmt = _dossier_store_prepare (self, add_alias_sql, error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, survivor);
      _dossier_bind_text (stmt, 2, names[i]);
      if (!step_done (self, stmt, error))
        return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (two_id_statements); i++)
    {
      if (!(stmt = _dossier_store_prepare (self, two_id_statements[i], error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, from);
      sqlite3_bind_int64 (stmt, 2, survivor);
      if (!step_done (self, stmt, error))
        return FALSE;
    }

  /* UPDATE relation SET weight = (SELECT count(*) FROM relation_evidence …) for
   * every relation that changed. */
  return _dossier_store_refresh_relations (self, FALSE, error);
}

gboolean
dossier_store_merge_entities (DossierStore *self,
                              gint64        from,
                              gint64        into,
                              GError      **error)
{
  g_return_val_if_fail (DOSSIER_IS_STORE (self), FALSE);

  if (!dossier_store_begin (self, error))
    return FALSE;
  if (!merge_entities_locked (self, from, into, error))
    {
      dossier_store_rollback (self);
      return FALSE;
    }
  return dossier_store_commit (self, error);
}

/* Freeing */

void
dossier_entity_free (DossierEntity *entity)
{
  if (entity == NULL)
    return;
  g_free (entity->key);
  g_free (entity->kind);
  g_free (entity->name);
  g_free (entity->canonical_name);
  g_free (entity->short_name);
  g_free (entity->origin);
  g_clear_pointer (&entity->aliases, g_ptr_array_unref);
  g_free (entity);
}

void
dossier_mention_free (DossierMention *mention)
{
  if (mention == NULL)
    return;
  g_free (mention->entity_key);
  g_free (mention->entity_kind);
  g_free (mention->document_symbol);
  g_free (mention->document_title);
  g_free (mention->label);
  g_free (mention->citation);
  g_free (mention->surface);
  g_free (mention->recogniser);
  g_free (mention);
}

void
dossier_evidence_free (DossierEvidence *evidence)
{
  if (evidence == NULL)
    return;
  g_free (evidence->citation);
  g_free (evidence->text);
  g_free (evidence);
}

void
dossier_relation_free (DossierRelation *relation)
{
  if (relation == NULL)
    return;
  g_free (relation->source_key);
  g_free (relation->source_name);
  g_free (relation->source_kind);
  g_free (relation->target_key);
  g_free (relation->target_name);
  g_free (relation->target_kind);
  g_free (relation->kind);
  g_free (relation->verb);
  g_free (relation->origin);
  g_clear_pointer (&relation->evidence, g_ptr_array_unref);
  g_free (relation);
}
