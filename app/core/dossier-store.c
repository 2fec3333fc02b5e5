/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "dossier-document-info-private.h"
#include "dossier-importer.h"
#include "dossier-limits.h"
#include "dossier-locale.h"
#include "dossier-schema.h"
#include "dossier-store-private.h"

struct _DossierStore
{
  GObject     parent_instance;

  sqlite3    *db;
  char       *path;
  GHashTable *statements;     /* const char *sql → sqlite3_stmt* */
  int         schema_version;
  int         data_version;   /* PRAGMA data_version at the last poll */
  guint       created : 1;
  /* Inside dossier_store_import_group_begin()/_commit(): each import is a
   * savepoint of the group's transaction. */
  guint       in_group : 1;
  guint       bulk_cache : 1;
  gint64      group_last_block;  /* the highest block id when the group began */
  GHashTable *group_entities;    /* see _dossier_store_group_entities() */
  GHashTable *group_relations;   /* see _dossier_store_group_relations() */
  GError     *group_error;    /* what undid the group's transaction, if anything did */
};

G_DEFINE_FINAL_TYPE (DossierStore, dossier_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (dossier-store-error-quark, dossier_store_error)

/* Migrations from version N to N+1, index N-1. A new database is created as
 * version 1 and then migrated in the same transaction, so that new and old
 * databases always end up with the same schema. */
static const char *const dossier_schema_migrations[] = {
  /* 1 → 2: blocks reach the full-text index in one statement per document
   * (insert_blocks) instead of by a per-row trigger. FTS5 writes its pending
   * terms to disk at every statement savepoint, so the trigger made one index
   * segment per paragraph, and merging them made imports slow down as the
   * corpus grew. */
  "DROP TRIGGER IF EXISTS block_ai;",

  /* 2 → 3: corpus-wide mention and document counts per entity, kept up to date
   * by triggers on every write path (import, re-import, deleting a document,
   * merging or deleting an entity), so that the library's entity list reads
   * one row per entity instead of joining every mention to its block (15 s at
   * 10,000 documents). entity_document counts an entity's mentions in one
   * document; entity_count sums them. A mention's block is still there when
   * the mention is deleted because a block deletes its mentions before it
   * goes. Written so that it can run again on a database that has it. */
  "DROP TRIGGER IF EXISTS mention_count_ai;"
  "DROP TRIGGER IF EXISTS mention_count_ad;"
  "DROP TRIGGER IF EXISTS mention_count_au;"
  "DROP TRIGGER IF EXISTS block_count_bd;"
  "DROP TRIGGER IF EXISTS entity_document_ai;"
  "DROP TRIGGER IF EXISTS entity_document_au;"
  "DROP TRIGGER IF EXISTS entity_document_ad;"
  "DROP TRIGGER IF EXISTS entity_count_ad;"
  "CREATE TABLE IF NOT EXISTS entity_document ("
  "  entity_id     INTEGER NOT NULL,"
  "  document_id   INTEGER NOT NULL,"
  "  n_mentions    INTEGER NOT NULL,"
  "  PRIMARY KEY (entity_id, document_id)"
  ") WITHOUT ROWID;"
  "CREATE TABLE IF NOT EXISTS entity_count ("
  "  entity_id     INTEGER PRIMARY KEY,"
  "  n_mentions    INTEGER NOT NULL,"
  "  n_documents   INTEGER NOT NULL"
  ");"
  "DELETE FROM entity_document;"
  "DELETE FROM entity_count;"
  "INSERT INTO entity_document (entity_id, document_id, n_mentions)"
  "  SELECT m.entity_id, b.document_id, count(*) FROM mention m JOIN block b ON b.id = m.block_id"
  "  GROUP BY m.entity_id, b.document_id;"
  "INSERT INTO entity_count (entity_id, n_mentions, n_documents)"
  "  SELECT entity_id, sum(n_mentions), count(*) FROM entity_document GROUP BY entity_id;"
  "CREATE TRIGGER mention_count_ai AFTER INSERT ON mention BEGIN"
  "  INSERT INTO entity_document (entity_id, document_id, n_mentions)"
  "    SELECT new.entity_id, document_id, 1 FROM block WHERE id = new.block_id"
  "    ON CONFLICT (entity_id, document_id) DO UPDATE SET n_mentions = n_mentions + 1;"
  "END;"
  "CREATE TRIGGER mention_count_ad AFTER DELETE ON mention BEGIN"
  "  DELETE FROM entity_document WHERE entity_id = old.entity_id AND n_mentions <= 1"
  "    AND document_id = (SELECT document_id FROM block WHERE id = old.block_id);"
  "  UPDATE entity_document SET n_mentions = n_mentions - 1 WHERE entity_id = old.entity_id"
  "    AND document_id = (SELECT document_id FROM block WHERE id = old.block_id);"
  "END;"
  "CREATE TRIGGER mention_count_au AFTER UPDATE OF entity_id, block_id ON mention BEGIN"
  "  DELETE FROM entity_document WHERE entity_id = old.entity_id AND n_mentions <= 1"
  "    AND document_id = (SELECT document_id FROM block WHERE id = old.block_id);"
  "  UPDATE entity_document SET n_mentions = n_mentions - 1 WHERE entity_id = old.entity_id"
  "    AND document_id = (SELECT document_id FROM block WHERE id = old.block_id);"
  "  INSERT INTO entity_document (entity_id, document_id, n_mentions)"
  "    SELECT new.entity_id, document_id, 1 FROM block WHERE id = new.block_id"
  "    ON CONFLICT (entity_id, document_id) DO UPDATE SET n_mentions = n_mentions + 1;"
  "END;"
  "CREATE TRIGGER block_count_bd BEFORE DELETE ON block BEGIN"
  "  DELETE FROM mention WHERE block_id = old.id;"
  "END;"
  "CREATE TRIGGER entity_document_ai AFTER INSERT ON entity_document BEGIN"
  "  INSERT INTO entity_count (entity_id, n_mentions, n_documents)"
  "    VALUES (new.entity_id, new.n_mentions, 1)"
  "    ON CONFLICT (entity_id) DO UPDATE SET n_mentions = n_mentions + excluded.n_mentions,"
  "      n_documents = n_documents + 1;"
  "END;"
  "CREATE TRIGGER entity_document_au AFTER UPDATE OF n_mentions ON entity_document BEGIN"
  "  UPDATE entity_count SET n_mentions = n_mentions + new.n_mentions - old.n_mentions"
  "    WHERE entity_id = new.entity_id;"
  "END;"
  "CREATE TRIGGER entity_document_ad AFTER DELETE ON entity_document BEGIN"
  "  UPDATE entity_count SET n_mentions = n_mentions - old.n_mentions,"
  "    n_documents = n_documents - 1 WHERE entity_id = old.entity_id;"
  "END;"
  "CREATE TRIGGER entity_count_ad AFTER DELETE ON entity BEGIN"
  "  DELETE FROM entity_document WHERE entity_id = old.id;"
  "  DELETE FROM entity_count WHERE entity_id = old.id;"
  "END;",

  /* 3 → 4: each document's blocks and numbered paragraphs counted on its row,
   * kept up to date by triggers on block, so that listing the documents at
   * start-up reads one row per document instead of every block of the corpus
   * (0.22–0.30 s at 10,000 documents, and every block's text read from disk
   * because kind and label are in no index). A numbered paragraph is a
   * paragraph with a label, as the citations count them. */
  "ALTER TABLE document ADD COLUMN n_blocks INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE document ADD COLUMN n_paragraphs INTEGER NOT NULL DEFAULT 0;"
  "UPDATE document SET"
  "  n_blocks = (SELECT count(*) FROM block b WHERE b.document_id = document.id),"
  "  n_paragraphs = (SELECT count(*) FROM block b WHERE b.document_id = document.id"
  "                    AND b.kind = 'paragraph' AND b.label IS NOT NULL);"
  "CREATE TRIGGER block_document_ai AFTER INSERT ON block BEGIN"
  "  UPDATE document SET n_blocks = n_blocks + 1,"
  "    n_paragraphs = n_paragraphs + (new.kind = 'paragraph' AND new.label IS NOT NULL)"
  "    WHERE id = new.document_id;"
  "END;"
  "CREATE TRIGGER block_document_ad AFTER DELETE ON block BEGIN"
  "  UPDATE document SET n_blocks = n_blocks - 1,"
  "    n_paragraphs = n_paragraphs - (old.kind = 'paragraph' AND old.label IS NOT NULL)"
  "    WHERE id = old.document_id;"
  "END;"
  "CREATE TRIGGER block_document_au AFTER UPDATE OF document_id, kind, label ON block BEGIN"
  "  UPDATE document SET n_blocks = n_blocks - 1,"
  "    n_paragraphs = n_paragraphs - (old.kind = 'paragraph' AND old.label IS NOT NULL)"
  "    WHERE id = old.document_id;"
  "  UPDATE document SET n_blocks = n_blocks + 1,"
  "    n_paragraphs = n_paragraphs + (new.kind = 'paragraph' AND new.label IS NOT NULL)"
  "    WHERE id = new.document_id;"
  "END;",

  /* 4 → 5: the common terms' counts of matching rows (bm25's IDF), stored
   * after a large batch import so that a cold search of a common word does
   * not walk its whole doclist to count it (dossier-store-search.c). They are
   * used only while search_term_stamp holds block_fts's structure and
   * averages records as they are, which any write to the index changes; an
   * old database starts with none. */
  "CREATE TABLE search_term_count ("
  "  term    TEXT PRIMARY KEY,"
  "  n_rows  INTEGER NOT NULL"
  ") WITHOUT ROWID;"
  "CREATE TABLE search_term_stamp ("
  "  id         INTEGER PRIMARY KEY CHECK (id = 1),"
  "  structure  BLOB,"
  "  averages   BLOB"
  ");",
};

G_STATIC_ASSERT (G_N_ELEMENTS (dossier_schema_migrations) == DOSSIER_STORE_SCHEMA_VERSION - 1);

static void
dossier_store_finalize (GObject *object)
{
  DossierStore *self = (DossierStore *) object;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_error (&self->group_error);
  g_clear_pointer (&self->group_entities, g_hash_table_unref);
  g_clear_pointer (&self->group_relations, g_hash_table_unref);
  if (self->db != NULL)
    {
      /* A clean close checkpoints the WAL, so the database is one file again. */
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }
  g_free (self->path);

  G_OBJECT_CLASS (dossier_store_parent_class)->finalize (object);
}

static void
dossier_store_class_init (DossierStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dossier_store_finalize;
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
dossier_store_init (DossierStore *self)
{
  /* Keyed by the SQL text's address: callers pass string literals. */
  self->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                            finalize_statement);
}

/* Helpers */

static int
error_code_for_sqlite (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_NOTADB:
      return DOSSIER_STORE_ERROR_NOT_DOSSIER;
    case SQLITE_CORRUPT:
      return DOSSIER_STORE_ERROR_CORRUPT;
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return DOSSIER_STORE_ERROR_READ_ONLY;
    case SQLITE_FULL:
    case SQLITE_IOERR:
      return (rc == SQLITE_IOERR_WRITE || (rc & 0xff) == SQLITE_FULL)
        ? DOSSIER_STORE_ERROR_FULL : DOSSIER_STORE_ERROR_FAILED;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return DOSSIER_STORE_ERROR_BUSY;
    case SQLITE_CANTOPEN:
      return DOSSIER_STORE_ERROR_OPEN;
    default:
      return DOSSIER_STORE_ERROR_FAILED;
    }
}

static void
set_error_from_rc (GError    **error,
                   const char *path,
                   int         rc,
                   const char *detail)
{
  int code = error_code_for_sqlite (rc);

  switch (code)
    {
    case DOSSIER_STORE_ERROR_NOT_DOSSIER:
      g_set_error (error, DOSSIER_STORE_ERROR, code,
                   _("“%s” is not a Dossier corpus: it is not an SQLite database."), path);
      break;
    case DOSSIER_STORE_ERROR_CORRUPT:
      g_set_error (error, DOSSIER_STORE_ERROR, code,
                   _("The corpus “%s” is damaged and cannot be read."), path);
      break;
    case DOSSIER_STORE_ERROR_READ_ONLY:
      g_set_error (error, DOSSIER_STORE_ERROR, code,
                   _("The corpus “%s” cannot be written: the file or its folder is read-only."),
                   path);
      break;
    case DOSSIER_STORE_ERROR_FULL:
      g_set_error (error, DOSSIER_STORE_ERROR, code,
                   _("The corpus “%s” could not be saved: the disk is full."), path);
      break;
    case DOSSIER_STORE_ERROR_BUSY:
      g_set_error (error, DOSSIER_STORE_ERROR, code,
                   _("The corpus “%s” is busy: another program is writing to it. Try again in a moment."),
                   path);
      break;
    case DOSSIER_STORE_ERROR_OPEN:
      g_set_error (error, DOSSIER_STORE_ERROR, code,
                   /* Translators: %s is a file name, then SQLite's own reason, in English. */
                   _("The corpus “%s” could not be opened: %s."), path, detail);
      break;
    default:
      g_set_error (error, DOSSIER_STORE_ERROR, code,
                   _("The corpus “%s” reported an error: %s."), path, detail);
      break;
    }
}

void
dossier_store_set_error (DossierStore *self,
                         GError      **error,
                         const char   *what)
{
  g_autofree char *detail = NULL;

  g_return_if_fail (DOSSIER_IS_STORE (self));

  if (what != NULL)
    detail = g_strdup_printf ("%s (%s)", sqlite3_errmsg (self->db), what);
  else
    detail = g_strdup (sqlite3_errmsg (self->db));

  set_error_from_rc (error, self->path, sqlite3_extended_errcode (self->db), detail);
}

sqlite3_stmt *
_dossier_store_prepare (DossierStore *self,
                        const char   *sql,
                        GError      **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      dossier_store_set_error (self, error, NULL);
      sqlite3_finalize (stmt);
      return NULL;
    }

  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
}

gboolean
_dossier_store_exec (DossierStore *self,
                     const char   *sql,
                     GError      **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      dossier_store_set_error (self, error, NULL);
      return FALSE;
    }
  return TRUE;
}

const char *
_dossier_column_text (sqlite3_stmt *stmt,
                      int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

void
_dossier_bind_text (sqlite3_stmt *stmt,
                    int           index,
                    const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

char *
_dossier_now_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

static gboolean
step_done (DossierStore *self,
           sqlite3_stmt *stmt,
           GError      **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      dossier_store_set_error (self, error, NULL);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
read_pragma_int (sqlite3    *db,
                 const char *sql,
                 int        *value,
                 int        *rc_out)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *value = sqlite3_column_int (stmt, 0);
      return TRUE;
    }
  *rc_out = sqlite3_extended_errcode (db);
  if (*rc_out == SQLITE_OK || *rc_out == SQLITE_DONE)
    *rc_out = rc;
  return FALSE;
}

/* Copies the database to PATH.bak-vN before a migration changes it. */
static gboolean
backup_before_migration (DossierStore *self,
                         int           version,
                         GError      **error)
{
  g_autofree char *backup_path = g_strdup_printf ("%s.bak-v%d", self->path, version);
  sqlite3 *backup_db = NULL;
  sqlite3_backup *backup;
  int rc;

  rc = sqlite3_open_v2 (backup_path, &backup_db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc == SQLITE_OK)
    {
      backup = sqlite3_backup_init (backup_db, "main", self->db, "main");
      if (backup != NULL)
        {
          sqlite3_backup_step (backup, -1);
          sqlite3_backup_finish (backup);
        }
      rc = sqlite3_errcode (backup_db);
    }
  sqlite3_close_v2 (backup_db);

  if (rc != SQLITE_OK)
    {
      g_set_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_FAILED,
                   _("The corpus “%s” was not upgraded because its backup “%s” could not be written."),
                   self->path, backup_path);
      return FALSE;
    }
  return TRUE;
}

static gboolean
create_schema (DossierStore *self,
               GError      **error)
{
  g_autofree char *pragmas = NULL;

  if (!_dossier_store_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  pragmas = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d;",
                             DOSSIER_STORE_APPLICATION_ID, DOSSIER_STORE_SCHEMA_VERSION);
  if (!_dossier_store_exec (self, dossier_schema_v1, error))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (dossier_schema_migrations); i++)
    if (!_dossier_store_exec (self, dossier_schema_migrations[i], error))
      {
        sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
        return FALSE;
      }
  if (!_dossier_store_exec (self, pragmas, error) ||
      !_dossier_store_exec (self, "COMMIT", error))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }

  self->schema_version = DOSSIER_STORE_SCHEMA_VERSION;
  return TRUE;
}

static gboolean
migrate (DossierStore *self,
         GError      **error)
{
  /* One copy of the file as it was, before the first step: the steps between
   * are states nobody wrote, and at 10,000 documents each copy is 450 MB. */
  if (self->schema_version < DOSSIER_STORE_SCHEMA_VERSION &&
      !backup_before_migration (self, self->schema_version, error))
    return FALSE;

  while (self->schema_version < DOSSIER_STORE_SCHEMA_VERSION)
    {
      int from = self->schema_version;
      g_autofree char *set_version = NULL;

      set_version = g_strdup_printf ("PRAGMA user_version = %d;", from + 1);
      if (!_dossier_store_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!_dossier_store_exec (self, dossier_schema_migrations[from - 1], error) ||
          !_dossier_store_exec (self, set_version, error) ||
          !_dossier_store_exec (self, "COMMIT", error))
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
      self->schema_version = from + 1;
    }
  return TRUE;
}

/* dossier_sort_key(TEXT): the text's collation key as a BLOB, for ORDER BY
 * (DOSSIER_LOCALE_SORT_KEY). SQLite computes it once per row and sorts the
 * keys by their bytes, which is much cheaper than collating at every
 * comparison. NULL, and text that is not UTF-8, give NULL. */
static void
sort_key (sqlite3_context *context,
          int              argc,
          sqlite3_value  **argv)
{
  const unsigned char *text;
  gsize key_len = 0;
  char *key;

  if (sqlite3_value_type (argv[0]) == SQLITE_NULL ||
      !(text = sqlite3_value_text (argv[0])))
    {
      sqlite3_result_null (context);
      return;
    }
  key = dossier_collator_dup_key (sqlite3_user_data (context), (const char *) text,
                                  (gsize) sqlite3_value_bytes (argv[0]), &key_len);
  if (key == NULL)
    sqlite3_result_null (context);
  else
    sqlite3_result_blob64 (context, key, key_len, g_free);
}

/* Public API */

DossierStore *
dossier_store_open (const char *path,
                    GError    **error)
{
  g_autoptr(DossierStore) self = NULL;
  g_autofree char *parent = NULL;
  gboolean exists;
  int application_id = 0;
  int user_version = 0;
  int n_tables = 0;
  int rc = SQLITE_OK;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (DOSSIER_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  exists = g_file_test (path, G_FILE_TEST_EXISTS);
  if (exists && !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_DOSSIER,
                   _("“%s” is not a Dossier corpus: it is not a regular file."), path);
      return NULL;
    }

  parent = g_path_get_dirname (path);
  if (!exists && g_mkdir_with_parents (parent, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_OPEN,
                   _("The folder “%s” for the corpus could not be created: %s."),
                   parent, g_strerror (saved_errno));
      return NULL;
    }

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | (exists ? 0 : SQLITE_OPEN_CREATE) |
                        SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      set_error_from_rc (error, path, rc,
                         self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, 5000);
  /* Names are listed in the order of the user's language, not by bytes. The
   * connection owns the collator and frees it when it closes (or at once if
   * the function cannot be made). */
  rc = sqlite3_create_function_v2 (self->db, DOSSIER_LOCALE_SORT_KEY_FUNCTION, 1,
                                   SQLITE_UTF8 | SQLITE_INNOCUOUS, dossier_collator_new (),
                                   sort_key, NULL, NULL,
                                   (void (*) (void *)) dossier_collator_free);
  if (rc != SQLITE_OK)
    {
      set_error_from_rc (error, path, rc, sqlite3_errmsg (self->db));
      return NULL;
    }

  /* Read before writing anything: a file that is not ours stays untouched. */
  if (!read_pragma_int (self->db, "PRAGMA application_id", &application_id, &rc) ||
      !read_pragma_int (self->db, "PRAGMA user_version", &user_version, &rc) ||
      !read_pragma_int (self->db, "SELECT count(*) FROM sqlite_schema", &n_tables, &rc))
    {
      set_error_from_rc (error, path, rc, sqlite3_errmsg (self->db));
      return NULL;
    }

  if (application_id != DOSSIER_STORE_APPLICATION_ID && (application_id != 0 || n_tables > 0))
    {
      g_set_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_DOSSIER,
                   _("“%s” is not a Dossier corpus: it is a database of another program."),
                   path);
      return NULL;
    }

  if (user_version > DOSSIER_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NEWER_SCHEMA,
                   _("The corpus “%s” was written by a newer version of Dossier (schema %d; this version reads up to %d). Open it with that version."),
                   path, user_version, DOSSIER_STORE_SCHEMA_VERSION);
      return NULL;
    }

  /* Every Dossier corpus with tables has a schema version from 1 on (the schema
   * and its version are written in one transaction): a lower one is a damaged
   * header, not something to migrate. */
  if (n_tables > 0 && user_version < 1)
    {
      set_error_from_rc (error, path, SQLITE_CORRUPT, "");
      return NULL;
    }

  if (sqlite3_db_readonly (self->db, "main") == 1)
    {
      set_error_from_rc (error, path, SQLITE_READONLY, "");
      return NULL;
    }

  if (!_dossier_store_exec (self, "PRAGMA foreign_keys = ON;"
                                  "PRAGMA journal_mode = WAL;"
                                  "PRAGMA synchronous = NORMAL;"
                                  "PRAGMA temp_store = MEMORY;", error))
    return NULL;

  if (n_tables == 0)
    {
      if (!create_schema (self, error))
        return NULL;
      self->created = TRUE;
    }
  else
    {
      self->schema_version = user_version;
      if (!migrate (self, error))
        return NULL;
    }

  /* The baseline of dossier_store_poll_changes(): what this open wrote does
   * not count, as no commit of this connection does. */
  if (!read_pragma_int (self->db, "PRAGMA data_version", &self->data_version, &rc))
    self->data_version = 0;

  return g_steal_pointer (&self);
}

const char *
dossier_store_get_path (DossierStore *self)
{
  g_return_val_if_fail (DOSSIER_IS_STORE (self), NULL);
  return self->path;
}

gboolean
dossier_store_get_created (DossierStore *self)
{
  g_return_val_if_fail (DOSSIER_IS_STORE (self), FALSE);
  return self->created;
}

int
dossier_store_get_schema_version (DossierStore *self)
{
  g_return_val_if_fail (DOSSIER_IS_STORE (self), 0);
  return self->schema_version;
}

gboolean
dossier_store_poll_changes (DossierStore *self)
{
  int version = 0;
  int rc = SQLITE_OK;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), FALSE);

  /* SQLite bumps data_version when another connection commits, whether in
   * this process (an import thread) or another (dossier-cli); in WAL mode
   * reading it costs a look at the WAL index, not a read of the file. A
   * failure (the file went away, a lock held past the busy timeout) is not
   * a change: the next poll tries again. */
  if (!read_pragma_int (self->db, "PRAGMA data_version", &version, &rc) ||
      version == self->data_version)
    return FALSE;
  self->data_version = version;
  return TRUE;
}

gpointer
dossier_store_get_handle (DossierStore *self)
{
  g_return_val_if_fail (DOSSIER_IS_STORE (self), NULL);
  return self->db;
}

gboolean
dossier_store_begin (DossierStore *self,
                     GError      **error)
{
  g_return_val_if_fail (DOSSIER_IS_STORE (self), FALSE);
  return _dossier_store_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
dossier_store_commit (DossierStore *self,
                      GError      **error)
{
  g_return_val_if_fail (DOSSIER_IS_STORE (self), FALSE);
  if (!_dossier_store_exec (self, "COMMIT", error))
    {
      dossier_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}

void
dossier_store_rollback (DossierStore *self)
{
  g_return_if_fail (DOSSIER_IS_STORE (self));
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Import */

static gboolean
insert_blocks (DossierStore          *self,
               gint64                 document_id,
               DossierParsedDocument *doc,
               gint64                *block_ids,
               GError               **error)
{
  static const char sql[] =
    "INSERT INTO block (document_id, seq, kind, level, label, heading_path, text)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)";
  static const char index_sql[] =
    "INSERT INTO block_fts (rowid, text, heading_path)"
    " SELECT id, text, heading_path FROM block WHERE document_id = ? ORDER BY id";
  static const char pending_sql[] =
    "INSERT OR IGNORE INTO temp.pending_index (document_id) VALUES (?)";
  sqlite3_stmt *stmt = _dossier_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < doc->blocks->len; i++)
    {
      DossierBlock *block = g_ptr_array_index (doc->blocks, i);

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, document_id);
      sqlite3_bind_int (stmt, 2, (int) i);
      _dossier_bind_text (stmt, 3, dossier_block_kind_to_string (block->kind));
      sqlite3_bind_int (stmt, 4, block->level);
      _dossier_bind_text (stmt, 5, block->label);
      _dossier_bind_text (stmt, 6, block->heading_path);
      _dossier_bind_text (stmt, 7, block->text != NULL ? block->text : "");
      if (!step_done (self, stmt, error))
        return FALSE;

      block->seq = i;
      block->id = sqlite3_last_insert_rowid (self->db);
      block_ids[i] = block->id;
    }

  /* The whole document into the full-text index in one statement: one FTS5
   * segment per document rather than one per block. In a group, the whole
   * group's documents go in one statement when it commits (flush_index): one
   * segment per group. */
  stmt = _dossier_store_prepare (self, self->in_group ? pending_sql : index_sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_reset (stmt);
  sqlite3_bind_int64 (stmt, 1, document_id);
  return step_done (self, stmt, error);
}

/* Indexes the blocks of the documents a group wrote since the last flush. It
 * must run before anything deletes or changes one of those blocks: the
 * triggers that remove a block from the external-content index expect it to be
 * there. */
static gboolean
flush_index (DossierStore *self,
             GError      **error)
{
  static const char index_sql[] =
    "INSERT INTO block_fts (rowid, text, heading_path)"
    " SELECT b.id, b.text, b.heading_path FROM block b"
    " WHERE b.document_id IN (SELECT document_id FROM temp.pending_index) ORDER BY b.id";
  static const char clear_sql[] = "DELETE FROM temp.pending_index";
  sqlite3_stmt *stmt;

  if (!(stmt = _dossier_store_prepare (self, index_sql, error)) ||
      !step_done (self, stmt, error))
    return FALSE;
  if (!(stmt = _dossier_store_prepare (self, clear_sql, error)) ||
      !step_done (self, stmt, error))
    return FALSE;
  return TRUE;
}

/* After a changed document's blocks were replaced, points each of its excerpts at
 * the block with the same label again (an unlabelled block, such as a heading, by
 * its position); the excerpt keeps its own quote, and its block_hash shows whether
 * the source changed. A labelled paragraph that is gone stays unlinked: falling back
 * to its position would point "para. 3" at what is now paragraph 4. */
static gboolean
relink_excerpts (DossierStore *self,
                 gint64        document_id,
                 GError      **error)
{
  static const char sql[] =
    "UPDATE excerpt SET block_id = coalesce("
    "  (SELECT b.id FROM block b WHERE b.document_id = excerpt.document_id"
    "     AND b.label = excerpt.block_label"
    "     AND abs(b.seq - coalesce(excerpt.block_seq, 0)) ="
    "       (SELECT min(abs(b2.seq - coalesce(excerpt.block_seq, 0))) FROM block b2"
    "         WHERE b2.document_id = excerpt.document_id AND b2.label = excerpt.block_label)"
    "     LIMIT 1),"
    "  (SELECT b.id FROM block b WHERE b.document_id = excerpt.document_id"
    "     AND excerpt.block_label IS NULL AND b.seq = excerpt.block_seq))"
    " WHERE document_id = ? AND block_id IS NULL";
  sqlite3_stmt *stmt = _dossier_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, document_id);
  return step_done (self, stmt, error);
}

static gboolean
find_existing (DossierStore *self,
               const char   *source_name,
               const char   *content_hash,
               gint64       *by_name_id,
               gboolean     *same_hash,
               gint64       *by_hash_id,
               GError      **error)
{
  static const char name_sql[] =
    "SELECT id, content_hash FROM document WHERE source_name = ?";
  static const char hash_sql[] =
    "SELECT id FROM document WHERE content_hash = ? LIMIT 1";
  sqlite3_stmt *stmt;
  int rc;

  *by_name_id = 0;
  *by_hash_id = 0;
  *same_hash = FALSE;

  if (!(stmt = _dossier_store_prepare (self, name_sql, error)))
    return FALSE;
  _dossier_bind_text (stmt, 1, source_name);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *by_name_id = sqlite3_column_int64 (stmt, 0);
      *same_hash = g_strcmp0 (_dossier_column_text (stmt, 1), content_hash) == 0;
    }
  else if (rc != SQLITE_DONE)
    {
      dossier_store_set_error (self, error, NULL);
      return FALSE;
    }
  sqlite3_reset (stmt);

  if (!(stmt = _dossier_store_prepare (self, hash_sql, error)))
    return FALSE;
  _dossier_bind_text (stmt, 1, content_hash);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *by_hash_id = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    {
      dossier_store_set_error (self, error, NULL);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static void forget_group_writes (DossierStore *self);

/* One file's import: a transaction of its own, or a savepoint of the group's. */
static gboolean
file_begin (DossierStore *self,
            GError      **error)
{
  if (!self->in_group)
    return dossier_store_begin (self, error) && _dossier_store_reset_touched (self, error);

  if (self->group_error != NULL)
    {
      /* An earlier failure undid the group: nothing more goes into it. */
      g_propagate_error (error, g_error_copy (self->group_error));
      return FALSE;
    }
  return _dossier_store_exec (self, "SAVEPOINT dossier_import_file", error);
}

/* @why: the error that made the file fail, kept as the group's if SQLite
 * rolled the whole transaction back (a full disk, an I/O error). */
static void
file_rollback (DossierStore *self,
               const GError *why)
{
  if (!self->in_group)
    {
      dossier_store_rollback (self);
      return;
    }

  forget_group_writes (self);
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK TO dossier_import_file; RELEASE dossier_import_file",
                  NULL, NULL, NULL);
  if (sqlite3_get_autocommit (self->db) && self->group_error == NULL)
    {
      /* The files the group wrote before this one are gone with it. */
      if (why != NULL)
        self->group_error = g_error_copy (why);
      else
        g_set_error (&self->group_error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_FAILED,
                     _("The corpus “%s” could not be saved: the import was interrupted by an error."),
                     self->path);
    }
}

static gboolean
file_commit (DossierStore *self,
             GError      **error)
{
  if (!self->in_group)
    return dossier_store_commit (self, error);

  if (!_dossier_store_exec (self, "RELEASE dossier_import_file", error))
    {
      file_rollback (self, error != NULL ? *error : NULL);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_last_block (DossierStore *self,
                 gint64       *last,
                 GError      **error)
{
  static const char sql[] = "SELECT coalesce(max(id), 0) FROM block";
  sqlite3_stmt *stmt = _dossier_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      dossier_store_set_error (self, error, NULL);
      sqlite3_reset (stmt);
      return FALSE;
    }
  *last = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
_dossier_store_in_group (DossierStore *self)
{
  return self->in_group;
}

GHashTable *
_dossier_store_group_entities (DossierStore *self)
{
  return self->in_group ? self->group_entities : NULL;
}

GHashTable *
_dossier_store_group_relations (DossierStore *self)
{
  return self->in_group ? self->group_relations : NULL;
}

static void
forget_group_writes (DossierStore *self)
{
  if (self->group_entities != NULL)
    g_hash_table_remove_all (self->group_entities);
  if (self->group_relations != NULL)
    g_hash_table_remove_all (self->group_relations);
}

gboolean
dossier_store_import_group_begin (DossierStore *self,
                                  GError      **error)
{
  g_return_val_if_fail (DOSSIER_IS_STORE (self), FALSE);
  g_return_val_if_fail (!self->in_group, FALSE);

  /* A group's pages are rewritten by file after file (the same index pages,
   * the same relations): kept in memory, and with the WAL copied back into the
   * database every 32 MB rather than every 4 MB, each reaches the disk fewer
   * times. The temporary store goes to a file: a file's savepoint keeps a
   * copy of every page the file changes, which for a long document is tens
   * of megabytes, and on a file SQLite spills it to disk. Both keep the
   * import's memory bounded however many and however long the files are.
   * (Measured on 1,000 generated documents: 8 MB of cache gave most of what
   * 32 MB gave, for 28 MB less.) */
  if (!self->bulk_cache)
    {
      if (!_dossier_store_exec (self, "PRAGMA temp_store = FILE;"
                                      "PRAGMA cache_size = -8192;"
                                      "PRAGMA wal_autocheckpoint = 8192;", error))
        return FALSE;
      self->bulk_cache = TRUE;
    }

  if (!dossier_store_begin (self, error))
    return FALSE;
  if (!_dossier_store_reset_touched (self, error) ||
      !_dossier_store_exec (self,
                            "CREATE TEMP TABLE IF NOT EXISTS pending_index"
                            " (document_id INTEGER PRIMARY KEY);"
                            "DELETE FROM temp.pending_index;",
                            error))
    {
      dossier_store_rollback (self);
      return FALSE;
    }
  if (!read_last_block (self, &self->group_last_block, error))
    {
      dossier_store_rollback (self);
      return FALSE;
    }
  g_clear_error (&self->group_error);
  if (self->group_entities == NULL)
    self->group_entities = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (self->group_relations == NULL)
    self->group_relations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  forget_group_writes (self);
  self->in_group = TRUE;
  return TRUE;
}

/* The relations that got evidence in the group: those of the blocks it added
 * (new blocks have ids above any before them). Found once here rather than
 * noted relation by relation. */
static gboolean
touch_group_relations (DossierStore *self,
                       GError      **error)
{
  static const char sql[] =
    "INSERT OR IGNORE INTO temp.touched_relation (id)"
    " SELECT DISTINCT relation_id FROM relation_evidence WHERE block_id > ?";
  sqlite3_stmt *stmt = _dossier_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, self->group_last_block);
  return step_done (self, stmt, error);
}

gboolean
dossier_store_import_group_commit (DossierStore *self,
                                   GError      **error)
{
  g_return_val_if_fail (DOSSIER_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->in_group, FALSE);

  self->in_group = FALSE;
  forget_group_writes (self);
  if (self->group_error != NULL)
    {
      dossier_store_rollback (self);
      g_propagate_error (error, g_steal_pointer (&self->group_error));
      return FALSE;
    }
  if (!flush_index (self, error) ||
      !touch_group_relations (self, error) ||
      !_dossier_store_refresh_relations (self, FALSE, error))
    {
      dossier_store_rollback (self);
      return FALSE;
    }
  return dossier_store_commit (self, error);
}

void
dossier_store_import_group_rollback (DossierStore *self)
{
  g_return_if_fail (DOSSIER_IS_STORE (self));

  self->in_group = FALSE;
  forget_group_writes (self);
  g_clear_error (&self->group_error);
  dossier_store_rollback (self);
}

/* Test hook: DOSSIER_STORE_FAIL_AFTER_BLOCKS=N makes an import fail once N blocks
 * are written, to prove that a failure mid-import leaves nothing behind. */
static gboolean
injected_failure (guint    n_written,
                  GError **error)
{
  const char *env = g_getenv ("DOSSIER_STORE_FAIL_AFTER_BLOCKS");

  if (env != NULL && n_written >= (guint) g_ascii_strtoull (env, NULL, 10))
    {
      g_set_error_literal (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_FAILED,
                           "Injected failure (DOSSIER_STORE_FAIL_AFTER_BLOCKS)");
      return TRUE;
    }
  return FALSE;
}

gboolean
dossier_store_import_parsed (DossierStore          *self,
                             DossierParsedDocument *doc,
                             const char            *content_hash,
                             DossierExtractor      *extractor,
                             DossierImportOutcome  *outcome,
                             gint64                *document_id,
                             GError               **error)
{
  g_autoptr(DossierExtraction) extraction = NULL;
  gint64 by_name_id, by_hash_id;
  gboolean same_hash;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), FALSE);
  g_return_val_if_fail (doc != NULL && content_hash != NULL, FALSE);

  /* Quick check outside the write lock: unchanged content is a no-op. */
  if (!find_existing (self, doc->source_name, content_hash,
                      &by_name_id, &same_hash, &by_hash_id, error))
    return FALSE;
  if ((by_name_id != 0 && same_hash) || (by_name_id == 0 && by_hash_id != 0))
    {
      if (outcome)
        *outcome = DOSSIER_IMPORT_UNCHANGED;
      if (document_id)
        *document_id = by_name_id != 0 ? by_name_id : by_hash_id;
      return TRUE;
    }

  /* Extraction is the slow part; run it before taking the write lock. */
  if (extractor != NULL)
    extraction = dossier_extractor_run (extractor, doc);

  return dossier_store_import_extracted (self, doc, content_hash, extraction,
                                         outcome, document_id, error);
}

gboolean
dossier_store_import_extracted (DossierStore          *self,
                                DossierParsedDocument *doc,
                                const char            *content_hash,
                                DossierExtraction     *extraction,
                                DossierImportOutcome  *outcome,
                                gint64                *document_id,
                                GError               **error)
{
  static const char insert_sql[] =
    "INSERT INTO document (symbol, title, kind, date, body, session, language, format,"
    " source_name, source_path, content_hash, size, imported_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, 0, ?)";
  static const char update_sql[] =
    "UPDATE document SET symbol = ?, title = ?, kind = ?, date = ?, body = ?, session = ?,"
    " language = ?, format = ?, source_name = ?, content_hash = ?, imported_at = ?"
    " WHERE id = ?";
  static const char touched_sql[] =
    "INSERT OR IGNORE INTO temp.touched_relation (id)"
    " SELECT DISTINCT e.relation_id FROM relation_evidence e JOIN block b ON b.id = e.block_id"
    " WHERE b.document_id = ?";
  static const char delete_blocks_sql[] = "DELETE FROM block WHERE document_id = ?";
  g_autofree gint64 *block_ids = NULL;
  g_autofree char *now = NULL;
  DossierImportOutcome result;
  sqlite3_stmt *stmt;
  gint64 by_name_id, by_hash_id, id;
  gboolean same_hash;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), FALSE);
  g_return_val_if_fail (doc != NULL && content_hash != NULL, FALSE);

  if (!file_begin (self, error))
    return FALSE;

  /* Look again inside the transaction: another process may have imported it. */
  if (!find_existing (self, doc->source_name, content_hash,
                      &by_name_id, &same_hash, &by_hash_id, error))
    goto fail;
  if ((by_name_id != 0 && same_hash) || (by_name_id == 0 && by_hash_id != 0))
    {
      file_rollback (self, NULL);
      if (outcome)
        *outcome = DOSSIER_IMPORT_UNCHANGED;
      if (document_id)
        *document_id = by_name_id != 0 ? by_name_id : by_hash_id;
      return TRUE;
    }

  now = _dossier_now_iso ();
  stmt = _dossier_store_prepare (self, by_name_id != 0 ? update_sql : insert_sql, error);
  if (stmt == NULL)
    goto fail;
  _dossier_bind_text (stmt, 1, doc->symbol);
  _dossier_bind_text (stmt, 2, doc->title != NULL ? doc->title : doc->source_name);
  _dossier_bind_text (stmt, 3, doc->kind != NULL ? doc->kind : "document");
  _dossier_bind_text (stmt, 4, doc->date);
  _dossier_bind_text (stmt, 5, doc->body);
  _dossier_bind_text (stmt, 6, doc->session);
  _dossier_bind_text (stmt, 7, doc->language);
  _dossier_bind_text (stmt, 8, doc->format != NULL ? doc->format : "text");
  _dossier_bind_text (stmt, 9, doc->source_name);
  _dossier_bind_text (stmt, 10, content_hash);
  _dossier_bind_text (stmt, 11, now);
  if (by_name_id != 0)
    sqlite3_bind_int64 (stmt, 12, by_name_id);
  if (!step_done (self, stmt, error))
    goto fail;

  if (by_name_id != 0)
    {
      id = by_name_id;
      result = DOSSIER_IMPORT_REPLACED;

      /* The old blocks may be among those the group has not indexed yet. */
      if (self->in_group && !flush_index (self, error))
        goto fail;

      /* Remember which relations lose evidence, so their weights are redone. */
      if (!(stmt = _dossier_store_prepare (self, touched_sql, error)))
        goto fail;
      sqlite3_bind_int64 (stmt, 1, id);
      if (!step_done (self, stmt, error))
        goto fail;

      if (!(stmt = _dossier_store_prepare (self, delete_blocks_sql, error)))
        goto fail;
      sqlite3_bind_int64 (stmt, 1, id);
      if (!step_done (self, stmt, error))
        goto fail;
    }
  else
    {
      id = sqlite3_last_insert_rowid (self->db);
      result = DOSSIER_IMPORT_ADDED;
    }

  block_ids = g_new0 (gint64, MAX (doc->blocks->len, 1));
  if (!insert_blocks (self, id, doc, block_ids, error))
    goto fail;
  if (injected_failure (doc->blocks->len, error))
    goto fail;

  if (extraction != NULL &&
      !_dossier_store_write_extraction (self, id, extraction, block_ids, doc->blocks->len, error))
    goto fail;

  /* A group redoes the weights of every relation it touched once, when it
   * commits; a replaced document may leave entities nothing mentions, which go
   * at once. */
  if ((!self->in_group || result == DOSSIER_IMPORT_REPLACED) &&
      !_dossier_store_refresh_relations (self, result == DOSSIER_IMPORT_REPLACED, error))
    goto fail;
  /* Entities nothing mentions any more may be gone. */
  if (result == DOSSIER_IMPORT_REPLACED)
    forget_group_writes (self);

  if (result == DOSSIER_IMPORT_REPLACED && !relink_excerpts (self, id, error))
    goto fail;

  if (!file_commit (self, error))
    goto fail_done;

  if (outcome)
    *outcome = result;
  if (document_id)
    *document_id = id;
  return TRUE;

fail:
  file_rollback (self, error != NULL ? *error : NULL);
fail_done:
  /* Block row ids handed out in the failed transaction are void. */
  for (guint i = 0; i < doc->blocks->len; i++)
    ((DossierBlock *) g_ptr_array_index (doc->blocks, i))->id = 0;
  return FALSE;
}

gboolean
dossier_store_import_file (DossierStore         *self,
                           GFile                *file,
                           DossierExtractor     *extractor,
                           DossierImportOutcome *outcome,
                           gint64               *document_id,
                           GError              **error)
{
  g_autoptr(DossierParsedDocument) doc = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *hash = NULL;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  doc = dossier_import_parse_file (file, &bytes, error);
  if (doc == NULL)
    return FALSE;

  hash = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  return dossier_store_import_parsed (self, doc, hash, extractor, outcome, document_id, error);
}

GHashTable *
dossier_store_dup_content_hashes (DossierStore *self,
                                  GHashTable  **hashes)
{
  static const char sql[] = "SELECT source_name, content_hash FROM document";
  g_autoptr(GHashTable) by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) all = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), NULL);

  /* A failure here only costs the caller its shortcut: empty tables. */
  stmt = _dossier_store_prepare (self, sql, NULL);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          const char *name = _dossier_column_text (stmt, 0);
          const char *hash = _dossier_column_text (stmt, 1);

          if (name == NULL || hash == NULL)
            continue;
          g_hash_table_insert (by_name, g_strdup (name), g_strdup (hash));
          g_hash_table_add (all, g_strdup (hash));
        }
      sqlite3_reset (stmt);
    }

  if (hashes != NULL)
    *hashes = g_steal_pointer (&all);
  return g_steal_pointer (&by_name);
}

/* Documents */

#define DOCUMENT_COLUMNS \
  "d.id, d.symbol, d.title, d.kind, d.date, d.body, d.session, d.language, d.source_name," \
  " d.format, d.content_hash, d.n_blocks, d.n_paragraphs"

static DossierDocumentInfo *
document_info_from_row (sqlite3_stmt *stmt)
{
  return _dossier_document_info_new (sqlite3_column_int64 (stmt, 0),
                                     _dossier_column_text (stmt, 1),
                                     _dossier_column_text (stmt, 2),
                                     _dossier_column_text (stmt, 3),
                                     _dossier_column_text (stmt, 4),
                                     _dossier_column_text (stmt, 5),
                                     _dossier_column_text (stmt, 6),
                                     _dossier_column_text (stmt, 7),
                                     _dossier_column_text (stmt, 8),
                                     _dossier_column_text (stmt, 9),
                                     _dossier_column_text (stmt, 10),
                                     (guint) sqlite3_column_int (stmt, 11),
                                     (guint) sqlite3_column_int (stmt, 12));
}

GListModel *
dossier_store_list_documents (DossierStore *self,
                              GError      **error)
{
  static const char sql[] =
    "SELECT " DOCUMENT_COLUMNS " FROM document d"
    " ORDER BY d.date IS NULL, d.date, " DOSSIER_LOCALE_SORT_KEY ("d.title") ", d.title, d.id";
  g_autoptr(GListStore) list = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), NULL);

  if (!(stmt = _dossier_store_prepare (self, sql, error)))
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (items, document_info_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      dossier_store_set_error (self, error, NULL);
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);

  /* One splice rather than an append per row (an items-changed each). */
  list = g_list_store_new (DOSSIER_TYPE_DOCUMENT_INFO);
  g_list_store_splice (list, 0, 0, items->pdata, items->len);
  return G_LIST_MODEL (g_steal_pointer (&list));
}

guint
dossier_store_count_documents (DossierStore *self)
{
  sqlite3_stmt *stmt;
  guint count = 0;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), 0);

  if (!(stmt = _dossier_store_prepare (self, "SELECT count(*) FROM document", NULL)))
    return 0;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = (guint) sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return count;
}

static DossierDocumentInfo *
find_one_document (DossierStore *self,
                   const char   *sql,
                   const char   *text,
                   gint64        number,
                   GError      **error)
{
  sqlite3_stmt *stmt;
  DossierDocumentInfo *info = NULL;
  int rc;

  if (!(stmt = _dossier_store_prepare (self, sql, error)))
    return NULL;
  if (text != NULL)
    _dossier_bind_text (stmt, 1, text);
  else
    sqlite3_bind_int64 (stmt, 1, number);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    info = document_info_from_row (stmt);
  else if (rc != SQLITE_DONE)
    dossier_store_set_error (self, error, NULL);
  sqlite3_reset (stmt);
  return info;
}

DossierDocumentInfo *
dossier_store_get_document (DossierStore *self,
                            gint64        id,
                            GError      **error)
{
  static const char sql[] = "SELECT " DOCUMENT_COLUMNS " FROM document d WHERE d.id = ?";
  g_autoptr(GError) local_error = NULL;
  DossierDocumentInfo *info;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), NULL);

  info = find_one_document (self, sql, NULL, id, &local_error);
  if (info == NULL && local_error == NULL)
    g_set_error (&local_error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_FOUND,
                 _("There is no document number %lld in the corpus."), (long long) id);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return info;
}

DossierDocumentInfo *
dossier_store_find_document (DossierStore *self,
                             const char   *ref,
                             GError      **error)
{
  static const char by_symbol[] =
    "SELECT " DOCUMENT_COLUMNS " FROM document d WHERE d.symbol = ? COLLATE NOCASE"
    " ORDER BY d.id LIMIT 1";
  static const char by_name[] =
    "SELECT " DOCUMENT_COLUMNS " FROM document d WHERE d.source_name = ?";
  g_autoptr(GError) local_error = NULL;
  g_autofree char *base = NULL;
  DossierDocumentInfo *info = NULL;
  const char *end = NULL;
  gint64 id;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), NULL);
  g_return_val_if_fail (ref != NULL, NULL);

  id = g_ascii_strtoll (ref, (char **) &end, 10);
  if (*ref != '\0' && end != NULL && *end == '\0' && id > 0)
    info = find_one_document (self,
                              "SELECT " DOCUMENT_COLUMNS " FROM document d WHERE d.id = ?",
                              NULL, id, &local_error);
  if (info == NULL && local_error == NULL)
    info = find_one_document (self, by_symbol, ref, 0, &local_error);
  if (info == NULL && local_error == NULL)
    {
      base = g_path_get_basename (ref);
      info = find_one_document (self, by_name, base, 0, &local_error);
    }

  if (info == NULL && local_error == NULL)
    g_set_error (&local_error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_FOUND,
                 _("No document in the corpus has the number, symbol or file name “%s”."), ref);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return info;
}

static DossierBlock *
block_from_row (sqlite3_stmt *stmt)
{
  DossierBlockKind kind = DOSSIER_BLOCK_PARAGRAPH;
  DossierBlock *block;

  dossier_block_kind_from_string (_dossier_column_text (stmt, 2), &kind);
  block = dossier_block_new (kind, _dossier_column_text (stmt, 4), _dossier_column_text (stmt, 6));
  block->id = sqlite3_column_int64 (stmt, 0);
  block->seq = (guint) sqlite3_column_int (stmt, 1);
  block->level = sqlite3_column_int (stmt, 3);
  block->heading_path = g_strdup (_dossier_column_text (stmt, 5));
  return block;
}

GPtrArray *
dossier_store_get_blocks (DossierStore *self,
                          gint64        document_id,
                          GError      **error)
{
  static const char sql[] =
    "SELECT id, seq, kind, level, label, heading_path, text FROM block"
    " WHERE document_id = ? ORDER BY seq";
  g_autoptr(GPtrArray) blocks = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), NULL);

  if (!(stmt = _dossier_store_prepare (self, sql, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, document_id);

  blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_block_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (blocks, block_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dossier_store_set_error (self, error, NULL);
      return NULL;
    }
  return g_steal_pointer (&blocks);
}

DossierBlock *
dossier_store_get_block (DossierStore *self,
                         gint64        block_id,
                         gint64       *document_id,
                         GError      **error)
{
  static const char sql[] =
    "SELECT id, seq, kind, level, label, heading_path, text, document_id FROM block"
    " WHERE id = ?";
  DossierBlock *block = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), NULL);

  if (!(stmt = _dossier_store_prepare (self, sql, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, block_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      block = block_from_row (stmt);
      if (document_id)
        *document_id = sqlite3_column_int64 (stmt, 7);
    }
  else if (rc == SQLITE_DONE)
    g_set_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_FOUND,
                 _("The paragraph number %lld is no longer in the corpus."),
                 (long long) block_id);
  else
    dossier_store_set_error (self, error, NULL);
  sqlite3_reset (stmt);
  return block;
}

gboolean
dossier_store_delete_document (DossierStore *self,
                               gint64        document_id,
                               GError      **error)
{
  static const char touched_sql[] =
    "INSERT OR IGNORE INTO temp.touched_relation (id)"
    " SELECT DISTINCT e.relation_id FROM relation_evidence e JOIN block b ON b.id = e.block_id"
    " WHERE b.document_id = ?";
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), FALSE);

  if (!dossier_store_begin (self, error))
    return FALSE;
  if (!_dossier_store_reset_touched (self, error))
    goto fail;
  if (!(stmt = _dossier_store_prepare (self, touched_sql, error)))
    goto fail;
  sqlite3_bind_int64 (stmt, 1, document_id);
  if (!step_done (self, stmt, error))
    goto fail;
  if (!(stmt = _dossier_store_prepare (self, "DELETE FROM document WHERE id = ?", error)))
    goto fail;
  sqlite3_bind_int64 (stmt, 1, document_id);
  if (!step_done (self, stmt, error))
    goto fail;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_FOUND,
                   _("There is no document number %lld in the corpus."),
                   (long long) document_id);
      goto fail;
    }
  if (!_dossier_store_refresh_relations (self, TRUE, error))
    goto fail;
  return dossier_store_commit (self, error);

fail:
  dossier_store_rollback (self);
  return FALSE;
}

char *
dossier_store_dup_citation (DossierStore *self,
                            gint64        block_id,
                            GError      **error)
{
  g_autoptr(DossierBlock) block = NULL;
  g_autoptr(DossierDocumentInfo) info = NULL;
  gint64 document_id = 0;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), NULL);

  if (!(block = dossier_store_get_block (self, block_id, &document_id, error)))
    return NULL;
  if (!(info = dossier_store_get_document (self, document_id, error)))
    return NULL;
  return dossier_block_dup_citation (block,
                                     dossier_document_info_get_symbol (info),
                                     dossier_document_info_get_title (info));
}
