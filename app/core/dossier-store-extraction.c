/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Writing what the recognisers found (entities, aliases, mentions, relations and
 * their evidence) into the corpus, and re-running extraction over it.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

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
  GHashTable *written = _dossier_store_group_entities (self);
  g_autofree char *fingerprint = NULL;
  sqlite3_stmt *stmt;

  if (def->key == NULL || def->kind == NULL || def->name == NULL)
    return TRUE;

  /* Writing a definition again changes nothing: within a group, one the group
   * just wrote for the same key (file after file finds the same entities) is
   * left out. */
  if (written != NULL)
    {
      g_autoptr(GString) s = g_string_sized_new (128);
      guint64 bits;

      /* Joined by hand, not with printf: this runs for every entity of every
       * document. The confidence goes in as the hex digits of its bits. */
      memcpy (&bits, &def->confidence, sizeof bits);
      g_string_append (s, def->kind);
      g_string_append_c (s, '\x1f');
      g_string_append (s, def->name);
      g_string_append_c (s, '\x1f');
      g_string_append (s, def->short_name ? def->short_name : "\x1e");
      g_string_append_c (s, '\x1f');
      g_string_append (s, def->origin ? def->origin : "\x1e");
      g_string_append_c (s, '\x1f');
      for (int shift = 60; shift >= 0; shift -= 4)
        g_string_append_c (s, "0123456789abcdef"[(bits >> shift) & 0xf]);
      g_string_append_c (s, '\x1f');
      g_string_append (s, def->parent_key ? def->parent_key : "\x1e");
      for (guint i = 0; def->aliases != NULL && i < def->aliases->len; i++)
        {
          g_string_append_c (s, '\x1f');
          g_string_append (s, g_ptr_array_index (def->aliases, i));
        }
      fingerprint = g_string_free (g_steal_pointer (&s), FALSE);
      if (g_strcmp0 (g_hash_table_lookup (written, def->key), fingerprint) == 0)
        return TRUE;
    }

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

  for (guint i = 0; def->aliases != NULL && i < def->aliases->len; i++)
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

  if (written != NULL)
    g_hash_table_insert (written, g_strdup (def->key), g_steal_pointer (&fingerprint));
  return TRUE;
}

/* Multi-row inserts: a document's mentions, relations and evidence go in one
 * statement each (of up to ROWS_PER_STATEMENT rows) rather than one statement
 * a row. Each statement keeps its own journal of the pages it changes (SQLite
 * may have to undo it alone), on top of the one the file's savepoint keeps, so
 * a page touched by two statements is copied twice: one statement for the
 * whole document copies it once. The statements have a fixed number of rows,
 * so that each is prepared once; the rows a document does not fill are left
 * unbound, NULL, and the SELECT drops them. */
#define ROWS_PER_STATEMENT 512
#define P1 "(?)"
#define P2 "(?,?)"
#define P6 "(?,?,?,?,?,?)"
#define REL "(?,?,?,?,?,0,?)"
#define TIMES8(x) x "," x "," x "," x "," x "," x "," x "," x
#define TIMES32(x) TIMES8 (x) "," TIMES8 (x) "," TIMES8 (x) "," TIMES8 (x)
#define TIMES128(x) TIMES32 (x) "," TIMES32 (x) "," TIMES32 (x) "," TIMES32 (x)
#define TIMES512(x) TIMES128 (x) "," TIMES128 (x) "," TIMES128 (x) "," TIMES128 (x)
#define ROWS(x) " SELECT * FROM (VALUES " TIMES512 (x) ") WHERE column1 IS NOT NULL"

#define MENTION_HEAD "INSERT INTO mention (entity_id, block_id, start, end, surface, recogniser)"
#define RELATION_HEAD "INSERT INTO relation (source_id, target_id, kind, verb, directed, weight, origin)"
#define RELATION_TAIL \
  " ON CONFLICT (source_id, target_id, kind) DO UPDATE SET" \
  "   verb = coalesce(relation.verb, excluded.verb)" \
  " RETURNING id, source_id, target_id, kind, verb IS NOT NULL"
#define EVIDENCE_HEAD "INSERT OR IGNORE INTO relation_evidence (relation_id, block_id)"
#define TOUCHED_HEAD "INSERT OR IGNORE INTO temp.touched_relation (id)"

typedef struct
{
  const char *sql;
  int         n_columns;
} RowsInsert;

static const RowsInsert mention_rows = { MENTION_HEAD ROWS (P6), 6 };
static const RowsInsert relation_rows = { RELATION_HEAD ROWS (REL) RELATION_TAIL, 6 };
static const RowsInsert evidence_rows = { EVIDENCE_HEAD ROWS (P2), 2 };
static const RowsInsert touched_rows = { TOUCHED_HEAD ROWS (P1), 1 };

/* The statement for the next rows of @remaining, and how many rows it takes. */
static sqlite3_stmt *
prepare_rows (DossierStore     *self,
              const RowsInsert *rows,
              guint             remaining,
              guint            *n_rows,
              GError          **error)
{
  *n_rows = MIN (remaining, ROWS_PER_STATEMENT);
  return _dossier_store_prepare (self, rows->sql, error);
}

/* Writes rows of plain integers (evidence, touched relations), @n_columns a row. */
static gboolean
insert_int_rows (DossierStore     *self,
                 const RowsInsert *rows,
                 const gint64     *values,
                 guint             n_values,
                 GError          **error)
{
  guint n_total = n_values / rows->n_columns;

  for (guint row = 0; row < n_total;)
    {
      guint n_rows;
      sqlite3_stmt *stmt = prepare_rows (self, rows, n_total - row, &n_rows, error);

      if (stmt == NULL)
        return FALSE;
      for (guint i = 0; i < n_rows * rows->n_columns; i++)
        sqlite3_bind_int64 (stmt, (int) i + 1, values[row * rows->n_columns + i]);
      if (!step_ok (self, stmt, error))
        return FALSE;
      row += n_rows;
    }
  return TRUE;
}

typedef struct
{
  gint64                    source;
  gint64                    target;
  const DossierRelationDef *def;
  gint64                    id;
  char                     *key;   /* relation_row_key (), made once */
} RelationRow;

static void
relation_row_clear (gpointer data)
{
  RelationRow *row = data;

  g_free (row->key);
}

static int
compare_evidence (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  const gint64 *x = a, *y = b;

  if (x[0] != y[0])
    return x[0] < y[0] ? -1 : 1;
  return x[1] < y[1] ? -1 : x[1] > y[1];
}

/* Appends the decimal digits of @value (the same as printf's %" G_GINT64_FORMAT "). */
static char *
append_int64 (char   *out,
              gint64  value)
{
  char digits[24];
  guint n = 0;
  guint64 v = value < 0 ? -(guint64) value : (guint64) value;

  do
    {
      digits[n++] = (char) ('0' + v % 10);
      v /= 10;
    }
  while (v != 0);
  if (value < 0)
    *out++ = '-';
  while (n > 0)
    *out++ = digits[--n];
  return out;
}

/* "source target kind": the key of the group's table of relations. Written by
 * hand rather than with printf: the writing thread makes one for every
 * relation of every document. */
static char *
relation_row_key (gint64      source,
                  gint64      target,
                  const char *kind)
{
  gsize kind_len = strlen (kind);
  char *key = g_malloc (2 * 21 + 2 + kind_len + 1);
  char *p = key;

  p = append_int64 (p, source);
  *p++ = ' ';
  p = append_int64 (p, target);
  *p++ = ' ';
  memcpy (p, kind, kind_len + 1);
  return key;
}

gboolean
_dossier_store_write_extraction (DossierStore            *self,
                                 gint64                   document_id,
                                 const DossierExtraction *extraction,
                                 const gint64            *block_ids,
                                 guint                    n_blocks,
                                 GError                 **error)
{
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) mentions = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) relations = g_array_new (FALSE, FALSE, sizeof (RelationRow));
  g_autoptr(GHashTable) own_relation_ids = NULL;
  g_autoptr(GArray) upserts = g_array_new (FALSE, FALSE, sizeof (guint));
  GHashTable *relation_ids = _dossier_store_group_relations (self);
  g_autoptr(GArray) evidence = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) touched = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) touched_set = g_hash_table_new (g_int64_hash, g_int64_equal);
  gboolean in_group = _dossier_store_in_group (self);
  guint n_evidence;

  g_return_val_if_fail (extraction != NULL, FALSE);

  g_array_set_clear_func (relations, relation_row_clear);
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

  /* Mentions: entity, then the index of the definition, for the text columns. */
  for (guint i = 0; i < extraction->mentions->len; i++)
    {
      const DossierMentionDef *m = g_ptr_array_index (extraction->mentions, i);
      gint64 entity_id = 0, index = i;

      if (m->entity_key == NULL || m->block_index >= n_blocks)
        continue;
      LOOKUP (m->entity_key, entity_id);
      if (entity_id == 0)
        continue;
      g_array_append_val (mentions, entity_id);
      g_array_append_val (mentions, index);
    }

  for (guint row = 0, n_total = mentions->len / 2; row < n_total;)
    {
      guint n_rows;
      sqlite3_stmt *stmt = prepare_rows (self, &mention_rows, n_total - row, &n_rows, error);

      if (stmt == NULL)
        return FALSE;
      for (guint j = 0; j < n_rows; j++)
        {
          gint64 entity_id = g_array_index (mentions, gint64, 2 * (row + j));
          const DossierMentionDef *m =
            g_ptr_array_index (extraction->mentions, g_array_index (mentions, gint64, 2 * (row + j) + 1));
          int col = (int) j * 6;

          /* The definitions outlive the statement's step: no copies. */
          sqlite3_bind_int64 (stmt, col + 1, entity_id);
          sqlite3_bind_int64 (stmt, col + 2, block_ids[m->block_index]);
          sqlite3_bind_int (stmt, col + 3, (int) m->start);
          sqlite3_bind_int (stmt, col + 4, (int) m->end);
          sqlite3_bind_text (stmt, col + 5, m->surface != NULL ? m->surface : "", -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, col + 6, m->recogniser != NULL ? m->recogniser : "gazetteer",
                             -1, SQLITE_STATIC);
        }
      if (!step_ok (self, stmt, error))
        return FALSE;
      row += n_rows;
    }

  for (guint i = 0; i < extraction->relations->len; i++)
    {
      const DossierRelationDef *r = g_ptr_array_index (extraction->relations, i);
      RelationRow row = { 0, 0, r, 0, NULL };

      if (r->source_key == NULL || r->target_key == NULL || r->kind == NULL)
        continue;
      LOOKUP (r->source_key, row.source);
      LOOKUP (r->target_key, row.target);
      if (row.source == 0 || row.target == 0 || row.source == row.target)
        continue;
      /* An undirected relation is stored once, smaller id first. */
      if (!r->directed && row.source > row.target)
        {
          gint64 tmp = row.source;
          row.source = row.target;
          row.target = tmp;
        }
      g_array_append_val (relations, row);
    }

#undef LOOKUP

  /* "source target kind" → id << 1 | (verb is set). Within a group, the
   * relations the group already wrote are known, and are written again only
   * to give them a verb they lack. */
  if (relation_ids == NULL)
    relation_ids = own_relation_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < relations->len; i++)
    {
      RelationRow *rr = &g_array_index (relations, RelationRow, i);
      gpointer found;

      rr->key = relation_row_key (rr->source, rr->target, rr->def->kind);
      if (!g_hash_table_lookup_extended (relation_ids, rr->key, NULL, &found) ||
          (rr->def->verb != NULL && (GPOINTER_TO_SIZE (found) & 1) == 0))
        g_array_append_val (upserts, i);
    }

  /* The others in their order (new ones get their ids in it), each chunk
   * handing back the ids of the rows it inserted or found. */
  for (guint row = 0; row < upserts->len;)
    {
      guint n_rows;
      sqlite3_stmt *stmt = prepare_rows (self, &relation_rows, upserts->len - row, &n_rows, error);
      int rc;

      if (stmt == NULL)
        return FALSE;
      for (guint j = 0; j < n_rows; j++)
        {
          const RelationRow *rr = &g_array_index (relations, RelationRow,
                                                  g_array_index (upserts, guint, row + j));
          int col = (int) j * 6;

          sqlite3_bind_int64 (stmt, col + 1, rr->source);
          sqlite3_bind_int64 (stmt, col + 2, rr->target);
          sqlite3_bind_text (stmt, col + 3, rr->def->kind, -1, SQLITE_STATIC);
          if (rr->def->verb != NULL)
            sqlite3_bind_text (stmt, col + 4, rr->def->verb, -1, SQLITE_STATIC);
          sqlite3_bind_int (stmt, col + 5, rr->def->directed ? 1 : 0);
          sqlite3_bind_text (stmt, col + 6, rr->def->origin != NULL ? rr->def->origin : "extracted",
                             -1, SQLITE_STATIC);
        }
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_hash_table_insert (relation_ids,
                             relation_row_key (sqlite3_column_int64 (stmt, 1),
                                               sqlite3_column_int64 (stmt, 2),
                                               _dossier_column_text (stmt, 3)),
                             GSIZE_TO_POINTER ((gsize) sqlite3_column_int64 (stmt, 0) << 1 |
                                               (sqlite3_column_int (stmt, 4) ? 1 : 0)));
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          dossier_store_set_error (self, error, NULL);
          return FALSE;
        }
      row += n_rows;
    }

  for (guint i = 0; i < relations->len; i++)
    {
      RelationRow *rr = &g_array_index (relations, RelationRow, i);
      gpointer found;

      if (!g_hash_table_lookup_extended (relation_ids, rr->key, NULL, &found))
        {
          g_set_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_FAILED,
                       _("The corpus “%s” reported an error: %s."),
                       dossier_store_get_path (self), "relation without an id");
          return FALSE;
        }
      rr->id = GPOINTER_TO_SIZE (found) >> 1;
      n_evidence = evidence->len;
      for (guint j = 0; rr->def->evidence != NULL && j < rr->def->evidence->len; j++)
        {
          guint index = g_array_index (rr->def->evidence, guint, j);

          if (index >= n_blocks)
            continue;
          g_array_append_val (evidence, rr->id);
          g_array_append_val (evidence, block_ids[index]);
        }
      /* Its weight is redone from its evidence once the file is written. A
       * group finds the relations its blocks support by itself, and only needs
       * to hear of those left without any. */
      if ((!in_group || evidence->len == n_evidence) &&
          !g_hash_table_contains (touched_set, &rr->id))
        {
          g_hash_table_add (touched_set, &rr->id);
          g_array_append_val (touched, rr->id);
        }
    }

  /* In key order, each row lands next to the one before. */
  g_qsort_with_data (evidence->data, evidence->len / 2, 2 * sizeof (gint64),
                     compare_evidence, NULL);

  return insert_int_rows (self, &touched_rows, (const gint64 *) (gpointer) touched->data, touched->len, error) &&
         insert_int_rows (self, &evidence_rows, (const gint64 *) (gpointer) evidence->data, evidence->len, error);
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
