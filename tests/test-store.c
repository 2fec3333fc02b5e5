/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dossier-batch.h"
#include "dossier-extractor.h"
#include "dossier-importer.h"
#include "dossier-store-private.h"

typedef struct
{
  char         *dir;
  char         *path;
  DossierStore *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("dossier-store-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "corpus.db", NULL);
  f->store = dossier_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->store != NULL)
    g_assert_finalize_object (f->store);
  remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static DossierParsedDocument *
make_document (const char *name,
               const char *symbol,
               guint       n_paragraphs,
               const char *variant)
{
  DossierParsedDocument *doc = dossier_parsed_document_new (name, "markdown");
  DossierBlock *heading = dossier_block_new (DOSSIER_BLOCK_HEADING, "I", "Introduction");

  doc->title = g_strdup ("Traffic in women and girls");
  doc->symbol = g_strdup (symbol);
  doc->kind = g_strdup ("report");
  doc->date = g_strdup ("2003-01-20");
  doc->body = g_strdup ("Commission on Human Rights");
  heading->level = 1;
  g_ptr_array_add (doc->blocks, heading);

  for (guint i = 1; i <= n_paragraphs; i++)
    {
      g_autofree char *label = g_strdup_printf ("%u", i);
      g_autofree char *text = g_strdup_printf ("Paragraph %u %s about witness protection.", i, variant);
      DossierBlock *block = dossier_block_new (DOSSIER_BLOCK_PARAGRAPH, label, text);

      block->heading_path = g_strdup ("I. Introduction");
      g_ptr_array_add (doc->blocks, block);
    }
  return doc;
}

static int
count_rows (DossierStore *store,
            const char   *sql)
{
  sqlite3 *db = dossier_store_get_handle (store);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int (stmt, 0);
}

static char *
integrity_check (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *result = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return result;
}

/* What version 5 added, taken out again, for the migration tests. */
#define UNDO_VERSION_5 \
  "DROP TABLE search_term_count; DROP TABLE search_term_stamp;"

/* What version 4 added (and the later versions), taken out again. */
#define UNDO_VERSION_4 UNDO_VERSION_5 \
  "DROP TRIGGER block_document_ai; DROP TRIGGER block_document_ad;" \
  "DROP TRIGGER block_document_au;" \
  "ALTER TABLE document DROP COLUMN n_paragraphs;" \
  "ALTER TABLE document DROP COLUMN n_blocks;"

/* Documents whose kept block and paragraph counts differ from counting their
 * blocks. */
static int
count_document_mismatches (DossierStore *store)
{
  return count_rows (store,
                     "SELECT count(*) FROM document d"
                     " WHERE d.n_blocks <> (SELECT count(*) FROM block b WHERE b.document_id = d.id)"
                     "    OR d.n_paragraphs <> (SELECT count(*) FROM block b WHERE b.document_id = d.id"
                     "                            AND b.kind = 'paragraph' AND b.label IS NOT NULL)");
}

static void
test_create (Fixture       *f,
             gconstpointer  data)
{
  g_assert_true (dossier_store_get_created (f->store));
  g_assert_cmpint (dossier_store_get_schema_version (f->store), ==, DOSSIER_STORE_SCHEMA_VERSION);
  g_assert_cmpint (count_rows (f->store, "PRAGMA application_id"), ==, DOSSIER_STORE_APPLICATION_ID);
  g_assert_cmpint (count_rows (f->store, "PRAGMA user_version"), ==, DOSSIER_STORE_SCHEMA_VERSION);
  g_assert_cmpint (count_rows (f->store, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpuint (dossier_store_count_documents (f->store), ==, 0);

  /* Reopening is not a creation. */
  g_assert_finalize_object (f->store);
  f->store = dossier_store_open (f->path, NULL);
  g_assert_nonnull (f->store);
  g_assert_false (dossier_store_get_created (f->store));
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(DossierParsedDocument) doc = make_document ("report.md", "E/CN.4/2003/74", 3, "a");
  g_autoptr(DossierDocumentInfo) info = NULL;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GPtrArray) blocks = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *citation = NULL;
  DossierImportOutcome outcome;
  gint64 id = 0;

  g_assert_true (dossier_store_import_parsed (f->store, doc, "hash-a", NULL, &outcome, &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (outcome, ==, DOSSIER_IMPORT_ADDED);
  g_assert_cmpint (id, >, 0);

  list = dossier_store_list_documents (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);

  info = dossier_store_find_document (f->store, "e/cn.4/2003/74", &error);
  g_assert_no_error (error);
  g_assert_cmpint (dossier_document_info_get_id (info), ==, id);
  g_assert_cmpstr (dossier_document_info_get_title (info), ==, "Traffic in women and girls");
  g_assert_cmpstr (dossier_document_info_get_kind (info), ==, "report");
  g_assert_cmpstr (dossier_document_info_get_date (info), ==, "2003-01-20");
  g_assert_cmpstr (dossier_document_info_get_body (info), ==, "Commission on Human Rights");
  g_assert_cmpstr (dossier_document_info_get_source_name (info), ==, "report.md");
  g_assert_cmpuint (dossier_document_info_get_n_blocks (info), ==, 4);
  g_assert_cmpuint (dossier_document_info_get_n_paragraphs (info), ==, 3);
  g_clear_object (&info);

  /* By number and by file name too. */
  info = dossier_store_find_document (f->store, "report.md", &error);
  g_assert_no_error (error);
  g_clear_object (&info);
  g_assert_null (dossier_store_find_document (f->store, "A/99/999", &error));
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  blocks = dossier_store_get_blocks (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (blocks->len, ==, 4);
  for (guint i = 0; i < blocks->len; i++)
    {
      DossierBlock *block = g_ptr_array_index (blocks, i);
      DossierBlock *orig = g_ptr_array_index (doc->blocks, i);

      g_assert_cmpuint (block->seq, ==, i);
      g_assert_cmpint (block->kind, ==, orig->kind);
      g_assert_cmpstr (block->label, ==, orig->label);
      g_assert_cmpstr (block->text, ==, orig->text);
      g_assert_cmpstr (block->heading_path, ==, orig->heading_path);
      g_assert_cmpint (block->id, ==, orig->id);
    }

  citation = dossier_store_dup_citation (f->store, ((DossierBlock *) blocks->pdata[2])->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (citation, ==, "E/CN.4/2003/74, para. 2");
}

static void
test_reimport_is_noop (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(DossierParsedDocument) doc = make_document ("report.md", NULL, 2, "a");
  g_autoptr(DossierParsedDocument) again = make_document ("report.md", NULL, 2, "a");
  g_autoptr(DossierParsedDocument) copy = make_document ("copy-of-report.md", NULL, 2, "a");
  g_autoptr(GError) error = NULL;
  DossierImportOutcome outcome;
  gint64 id = 0, id2 = 0;
  int blocks_before;

  g_assert_true (dossier_store_import_parsed (f->store, doc, "same", NULL, &outcome, &id, &error));
  blocks_before = count_rows (f->store, "SELECT max(id) FROM block");

  g_assert_true (dossier_store_import_parsed (f->store, again, "same", NULL, &outcome, &id2, &error));
  g_assert_no_error (error);
  g_assert_cmpint (outcome, ==, DOSSIER_IMPORT_UNCHANGED);
  g_assert_cmpint (id2, ==, id);
  /* Nothing was rewritten: no new block rows. */
  g_assert_cmpint (count_rows (f->store, "SELECT max(id) FROM block"), ==, blocks_before);

  /* The same content under another name is the same document. */
  g_assert_true (dossier_store_import_parsed (f->store, copy, "same", NULL, &outcome, &id2, &error));
  g_assert_cmpint (outcome, ==, DOSSIER_IMPORT_UNCHANGED);
  g_assert_cmpint (id2, ==, id);
  g_assert_cmpuint (dossier_store_count_documents (f->store), ==, 1);
}

static void
insert_excerpt (DossierStore *store,
                gint64        document_id,
                const char   *label)
{
  sqlite3 *db = dossier_store_get_handle (store);
  char *sql;

  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO draft (title, created_at, modified_at)"
                                 " VALUES ('Summary', 'now', 'now')", NULL, NULL, NULL), ==, SQLITE_OK);
  sql = sqlite3_mprintf ("INSERT INTO excerpt (draft_id, position, document_id, block_id,"
                         " block_label, block_seq, quote, citation, created_at)"
                         " SELECT 1, 0, document_id, id, label, seq, text, 'E/CN.4/2003/74, para. ' || label, 'now'"
                         " FROM block WHERE document_id = %lld AND label = %Q",
                         (long long) document_id, label);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_free (sql);
}

static void
test_changed_file_replaces (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(DossierParsedDocument) v1 = make_document ("report.md", "E/CN.4/2003/74", 3, "old");
  g_autoptr(DossierParsedDocument) v2 = make_document ("report.md", "E/CN.4/2003/74", 4, "new");
  g_autoptr(GPtrArray) blocks = NULL;
  g_autoptr(GError) error = NULL;
  DossierImportOutcome outcome;
  gint64 id1 = 0, id2 = 0;
  sqlite3 *db = dossier_store_get_handle (f->store);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_true (dossier_store_import_parsed (f->store, v1, "v1", NULL, &outcome, &id1, &error));
  insert_excerpt (f->store, id1, "2");

  g_assert_true (dossier_store_import_parsed (f->store, v2, "v2", NULL, &outcome, &id2, &error));
  g_assert_no_error (error);
  g_assert_cmpint (outcome, ==, DOSSIER_IMPORT_REPLACED);
  /* The document keeps its id, so drafts and views that point at it still do. */
  g_assert_cmpint (id2, ==, id1);
  g_assert_cmpuint (dossier_store_count_documents (f->store), ==, 1);

  blocks = dossier_store_get_blocks (f->store, id2, &error);
  g_assert_cmpuint (blocks->len, ==, 5);
  g_assert_nonnull (strstr (((DossierBlock *) blocks->pdata[1])->text, "new"));
  /* No block of the old version is left, nor its FTS rows. */
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM block WHERE text LIKE '%old%'"), ==, 0);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM block_fts WHERE block_fts MATCH 'old'"), ==, 0);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM block_fts WHERE block_fts MATCH 'new'"), ==, 4);

  /* The excerpt kept its quote and citation and points at the new paragraph 2. */
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT e.quote, e.citation, b.label, b.text FROM excerpt e"
                                       " JOIN block b ON b.id = e.block_id", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==,
                   "Paragraph 2 old about witness protection.");
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, "E/CN.4/2003/74, para. 2");
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 2), ==, "2");
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 3), ==,
                   "Paragraph 2 new about witness protection.");
}

static void
test_rollback_mid_import (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(DossierParsedDocument) good = make_document ("good.md", NULL, 2, "good");
  g_autoptr(DossierParsedDocument) bad = make_document ("bad.md", NULL, 30, "bad");
  g_autoptr(DossierParsedDocument) v2 = make_document ("good.md", NULL, 12, "changed");
  g_autoptr(GError) error = NULL;
  g_autofree char *check = NULL;

  g_assert_true (dossier_store_import_parsed (f->store, good, "good", NULL, NULL, NULL, &error));

  g_setenv ("DOSSIER_STORE_FAIL_AFTER_BLOCKS", "10", TRUE);
  g_assert_false (dossier_store_import_parsed (f->store, bad, "bad", NULL, NULL, NULL, &error));
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_FAILED);
  g_clear_error (&error);

  /* A failed replacement leaves the old version whole. */
  g_assert_false (dossier_store_import_parsed (f->store, v2, "good-v2", NULL, NULL, NULL, &error));
  g_clear_error (&error);
  g_unsetenv ("DOSSIER_STORE_FAIL_AFTER_BLOCKS");

  g_assert_cmpuint (dossier_store_count_documents (f->store), ==, 1);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM block"), ==, 3);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM block WHERE text LIKE '%good%'"), ==, 2);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM block_fts WHERE block_fts MATCH 'bad OR changed'"), ==, 0);

  g_assert_finalize_object (f->store);
  f->store = NULL;
  check = integrity_check (f->path);
  g_assert_cmpstr (check, ==, "ok");
}

static void
test_extraction_written (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(DossierParsedDocument) doc = make_document ("report.md", NULL, 3, "a");
  g_autoptr(DossierParsedDocument) v2 = make_document ("report.md", NULL, 1, "b");
  g_autoptr(DossierExtraction) extraction = dossier_extraction_new ();
  g_autoptr(GError) error = NULL;
  DossierEntityDef *unodc = dossier_entity_def_new ("org:unodc", "organisation",
                                                    "United Nations Office on Drugs and Crime",
                                                    "gazetteer");
  DossierEntityDef *ohchr = dossier_entity_def_new ("org:ohchr", "organisation",
                                                    "Office of the High Commissioner for Human Rights",
                                                    "gazetteer");
  DossierEntityDef *guess = dossier_entity_def_new ("org:~task-force", "body", "Task Force", "pattern");
  DossierRelationDef *relation = dossier_relation_def_new ("org:unodc", "org:ohchr", "co-mention", "extracted");
  gint64 block_ids[4];

  g_ptr_array_add (unodc->aliases, g_strdup ("UNODC"));
  g_ptr_array_add (extraction->entities, unodc);
  g_ptr_array_add (extraction->entities, ohchr);
  g_ptr_array_add (extraction->entities, guess);
  g_ptr_array_add (extraction->mentions, dossier_mention_def_new (1, 0, 5, "org:unodc", "UNODC", "gazetteer"));
  g_ptr_array_add (extraction->mentions, dossier_mention_def_new (2, 0, 5, "org:ohchr", "OHCHR", "gazetteer"));
  g_ptr_array_add (extraction->mentions, dossier_mention_def_new (3, 0, 4, "org:~task-force", "Task", "phrase"));
  dossier_relation_def_add_evidence (relation, 1);
  dossier_relation_def_add_evidence (relation, 2);
  dossier_relation_def_add_evidence (relation, 2);
  g_ptr_array_add (extraction->relations, relation);

  g_assert_true (dossier_store_import_parsed (f->store, doc, "h1", NULL, NULL, NULL, &error));
  for (guint i = 0; i < doc->blocks->len; i++)
    block_ids[i] = ((DossierBlock *) doc->blocks->pdata[i])->id;

  g_assert_true (dossier_store_begin (f->store, &error));
  g_assert_true (_dossier_store_reset_touched (f->store, &error));
  g_assert_true (_dossier_store_write_extraction (f->store, 1, extraction, block_ids, 4, &error));
  g_assert_true (_dossier_store_refresh_relations (f->store, FALSE, &error));
  g_assert_true (dossier_store_commit (f->store, &error));
  g_assert_no_error (error);

  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM entity"), ==, 3);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM mention"), ==, 3);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM alias WHERE alias = 'UNODC'"), ==, 1);
  g_assert_cmpint (count_rows (f->store, "SELECT weight FROM relation"), ==, 2);

  /* The user hides the pattern entity; a new version of the document drops every
   * mention, yet the gazetteer entities and the user's correction survive, while
   * the co-mention, left without evidence, goes. */
  g_assert_cmpint (sqlite3_exec (dossier_store_get_handle (f->store),
                                 "UPDATE entity SET hidden = 1 WHERE key = 'org:~task-force'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (dossier_store_import_parsed (f->store, v2, "h2", NULL, NULL, NULL, &error));
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM mention"), ==, 0);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM relation"), ==, 0);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM entity WHERE key = 'org:~task-force' AND hidden = 1"), ==, 1);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM entity"), ==, 3);
}

static void
write_file (const char *path,
            const char *contents,
            gssize      length)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
}

static char *
file_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static void
test_refuses_foreign_files (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *random = g_build_filename (f->dir, "random.db", NULL);
  g_autofree char *foreign = g_build_filename (f->dir, "foreign.db", NULL);
  g_autofree char *truncated = g_build_filename (f->dir, "truncated.db", NULL);
  g_autofree char *folder = g_build_filename (f->dir, "folder.db", NULL);
  g_autofree char *before = NULL, *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  char bytes[8192];
  sqlite3 *db = NULL;

  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = (char) g_rand_int_range (rand, 0, 256);
  write_file (random, bytes, sizeof bytes);
  before = file_checksum (random);
  g_assert_null (dossier_store_open (random, &error));
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_DOSSIER);
  g_assert_nonnull (strstr (error->message, random));
  g_clear_error (&error);
  after = file_checksum (random);
  g_assert_cmpstr (before, ==, after);
  g_clear_pointer (&before, g_free);
  g_clear_pointer (&after, g_free);

  /* A valid SQLite database of another program. */
  g_assert_cmpint (sqlite3_open (foreign, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE notes (x); INSERT INTO notes VALUES (1);",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  before = file_checksum (foreign);
  g_assert_null (dossier_store_open (foreign, &error));
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_DOSSIER);
  g_clear_error (&error);
  after = file_checksum (foreign);
  g_assert_cmpstr (before, ==, after);
  {
    g_autofree char *wal = g_strconcat (foreign, "-wal", NULL);
    g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  }

  /* A Dossier database cut short. */
  g_assert_finalize_object (f->store);
  f->store = NULL;
  {
    g_autofree char *contents = NULL;
    gsize length = 0;

    g_assert_true (g_file_get_contents (f->path, &contents, &length, NULL));
    g_assert_cmpuint (length, >, 4096);
    write_file (truncated, contents, 1000);
  }
  g_assert_null (dossier_store_open (truncated, &error));
  g_assert_true (error->code == DOSSIER_STORE_ERROR_CORRUPT ||
                 error->code == DOSSIER_STORE_ERROR_NOT_DOSSIER);
  g_clear_error (&error);

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_assert_null (dossier_store_open (folder, &error));
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_DOSSIER);
}

static void
test_refuses_newer_schema (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *before = NULL, *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d", DOSSIER_STORE_SCHEMA_VERSION + 1);

  g_assert_cmpint (sqlite3_exec (dossier_store_get_handle (f->store), sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_finalize_object (f->store);
  f->store = NULL;

  before = file_checksum (f->path);
  g_assert_null (dossier_store_open (f->path, &error));
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NEWER_SCHEMA);
  g_assert_nonnull (strstr (error->message, "newer version"));
  after = file_checksum (f->path);
  g_assert_cmpstr (before, ==, after);
}

/* Opens @path as an unprivileged user in a child process: root may write to any
 * file, so the read-only case is only observable without it. Returns the error
 * code the child saw, or -1 when it opened the file.
 *
 * The child reports through a pipe, not its exit status: under valgrind
 * (`build-aux/dev check`) a forked child runs its own leak check when it
 * leaves, and the copies of the parent's heap it never frees would turn its
 * exit status into valgrind's error code. */
static int
open_as_nobody (const char *path)
{
  int fds[2];
  int code = 0;
  int status = 0;
  pid_t pid;

  g_assert_cmpint (pipe (fds), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      g_autoptr(GError) error = NULL;
      DossierStore *store;

      close (fds[0]);
      if (geteuid () == 0 && (setgid (65534) != 0 || setuid (65534) != 0))
        code = 100;
      else if ((store = dossier_store_open (path, &error)) != NULL)
        code = -1;
      else if (!g_error_matches (error, DOSSIER_STORE_ERROR, error->code) ||
               strstr (error->message, path) == NULL)
        code = 102;
      else
        code = error->code;
      if (write (fds[1], &code, sizeof code) != sizeof code)
        _exit (103);
      _exit (0);
    }
  close (fds[1]);
  g_assert_cmpint (read (fds[0], &code, sizeof code), ==, sizeof code);
  close (fds[0]);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  return code;
}

static void
test_read_only (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *before = NULL, *after = NULL;

  g_assert_finalize_object (f->store);
  f->store = NULL;
  g_assert_cmpint (g_chmod (f->dir, 0755), ==, 0);
  g_assert_cmpint (g_chmod (f->path, 0444), ==, 0);
  before = file_checksum (f->path);

  g_assert_cmpint (open_as_nobody (f->path), ==, DOSSIER_STORE_ERROR_READ_ONLY);

  after = file_checksum (f->path);
  g_assert_cmpstr (before, ==, after);
  g_chmod (f->path, 0600);
  g_chmod (f->dir, 0700);
}

/* Another connection's commits (dossier-cli beside the window) are seen by
 * polling; the store's own are not, and a poll sees each change once. */
static void
test_poll_changes (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(DossierParsedDocument) first = make_document ("first.md", "E/CN.4/2003/74", 2, "a");
  g_autoptr(DossierParsedDocument) second = make_document ("second.md", "E/CN.4/2004/71", 2, "b");
  g_autoptr(DossierStore) other = NULL;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GError) error = NULL;
  DossierImportOutcome outcome;
  gint64 id = 0;

  other = dossier_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_false (dossier_store_poll_changes (f->store));
  g_assert_false (dossier_store_poll_changes (other));

  /* Written through f->store: news for the other connection only. */
  g_assert_true (dossier_store_import_parsed (f->store, first, "hash-first", NULL, &outcome, &id, &error));
  g_assert_no_error (error);
  g_assert_false (dossier_store_poll_changes (f->store));
  g_assert_true (dossier_store_poll_changes (other));
  g_assert_false (dossier_store_poll_changes (other));

  /* Written through the other: f->store sees it, and reads the new document. */
  g_assert_true (dossier_store_import_parsed (other, second, "hash-second", NULL, &outcome, &id, &error));
  g_assert_no_error (error);
  g_assert_false (dossier_store_poll_changes (other));
  g_assert_true (dossier_store_poll_changes (f->store));
  g_assert_false (dossier_store_poll_changes (f->store));
  list = dossier_store_list_documents (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 2);

  /* A transaction that writes nothing and is rolled back is no change. */
  g_assert_true (dossier_store_begin (other, &error));
  dossier_store_rollback (other);
  g_assert_false (dossier_store_poll_changes (f->store));

  g_assert_finalize_object (g_steal_pointer (&other));
}

/* Everything an import writes, one line a row, in id order (imported_at left
 * out: it is the clock), and what the full-text index finds. */
static char *
dump_corpus (const char *path)
{
  static const char *const queries[] = {
    "SELECT 'document', id, symbol, title, kind, date, body, session, language, format,"
    " source_name, content_hash FROM document ORDER BY id",
    "SELECT 'block', id, document_id, seq, kind, level, label, heading_path, text FROM block ORDER BY id",
    "SELECT 'entity', id, key, kind, name, short_name, origin, confidence, parent_key, merged_into"
    " FROM entity ORDER BY id",
    "SELECT 'alias', entity_id, alias, origin FROM alias ORDER BY entity_id, alias",
    "SELECT 'mention', id, entity_id, block_id, start, end, surface, recogniser FROM mention ORDER BY id",
    "SELECT 'relation', id, source_id, target_id, kind, verb, directed, weight, origin FROM relation ORDER BY id",
    "SELECT 'evidence', relation_id, block_id FROM relation_evidence ORDER BY relation_id, block_id",
    "SELECT 'match', rowid FROM block_fts WHERE block_fts MATCH 'trafficking' ORDER BY rowid",
    "SELECT 'match', rowid FROM block_fts WHERE block_fts MATCH '\"human rights\"' ORDER BY rowid",
    "SELECT 'match', rowid FROM block_fts WHERE block_fts MATCH 'protocol*' ORDER BY rowid",
  };
  g_autoptr(GString) out = g_string_new (NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  /* The external-content index agrees with the blocks. */
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO block_fts (block_fts) VALUES ('integrity-check')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, queries[q], -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            {
              const char *text = (const char *) sqlite3_column_text (stmt, c);

              g_string_append (out, c > 0 ? "|" : "");
              g_string_append (out, text != NULL ? text : "NULL");
            }
          g_string_append_c (out, '\n');
        }
      sqlite3_finalize (stmt);
    }
  sqlite3_close (db);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static guint
count_lines (const char *dump,
             const char *prefix)
{
  g_auto(GStrv) lines = g_strsplit (dump, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    n += g_str_has_prefix (lines[i], prefix);
  return n;
}

static void
copy_dir_files (const char *from,
                const char *to)
{
  g_autoptr(GDir) dir = g_dir_open (from, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *source = g_build_filename (from, name, NULL);
      g_autofree char *target = g_build_filename (to, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (name[0] == '.' || g_str_equal (name, "README.md"))
        continue;
      g_assert_true (g_file_get_contents (source, &contents, &length, NULL));
      write_file (target, contents, (gssize) length);
    }
}

/* A batch writes files in groups, a savepoint each, indexes a group's blocks
 * in one statement and redoes relation weights once per group: the corpus it
 * makes must be the one that importing the same files one by one, a
 * transaction each, makes, row for row and id for id, with a file replaced
 * and a file failing in the middle of a group. */
static void
test_batch_same_as_one_by_one (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (f->dir, "in", NULL);
  g_autofree char *later = g_build_filename (folder, "zz-later", NULL);
  g_autofree char *corpus = g_build_filename (g_getenv ("DOSSIER_DATA_DIR"), "corpus", NULL);
  g_autofree char *testdata = g_test_build_filename (G_TEST_DIST, "data", "testdata", NULL);
  g_autofree char *changed_source = g_build_filename (corpus, "ccpcj-2003-note-trafficking-in-human-beings.md", NULL);
  g_autofree char *changed_target = g_build_filename (later, "ccpcj-2003-note-trafficking-in-human-beings.md", NULL);
  g_autofree char *changed = NULL;
  g_autofree char *one_path = g_build_filename (f->dir, "one-by-one.db", NULL);
  const char *paths[] = { folder, NULL };
  const char *const fail_after[] = { NULL, "40" };
  g_autoptr(DossierExtractor) extractor = NULL;
  g_autoptr(GError) error = NULL;

  extractor = dossier_extractor_new (NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpint (g_mkdir_with_parents (later, 0700), ==, 0);
  copy_dir_files (corpus, folder);
  copy_dir_files (testdata, folder);
  /* Later in the same batch: a new version of a file (it replaces the first,
   * whose blocks the group has not indexed yet), and a copy of a file under
   * another name (unchanged content). */
  g_assert_true (g_file_get_contents (changed_source, &changed, NULL, NULL));
  {
    g_autofree char *before = g_steal_pointer (&changed);

    changed = g_strconcat (before, "\n\n9. The International Organization for Migration (IOM) and "
                           "the United Nations Office on Drugs and Crime (UNODC) added this paragraph.\n",
                           NULL);
  }
  write_file (changed_target, changed, -1);
  {
    g_autofree char *copy = g_build_filename (later, "copy-of-the-aide-memoire.md", NULL);
    g_autofree char *original = g_build_filename (corpus, "egm-2002-aide-memoire.md", NULL);
    g_autofree char *contents = NULL;

    g_assert_true (g_file_get_contents (original, &contents, NULL, NULL));
    write_file (copy, contents, -1);
  }

  /* Once as they are; once with every file of 40 blocks or more failing after
   * its 40th block, so that some savepoints of a group roll back. */
  for (guint round = 0; round < G_N_ELEMENTS (fail_after); round++)
    {
      g_autoptr(DossierBatchResult) result = NULL;
      g_autoptr(DossierStore) one = NULL;
      g_autoptr(GPtrArray) files = NULL;
      g_autofree char *batch_dump = NULL;
      g_autofree char *one_dump = NULL;
      guint n_failed = 0;

      if (round > 0)
        {
          g_assert_finalize_object (g_steal_pointer (&f->store));
          for (guint i = 0; i < 2; i++)
            {
              const char *db = i == 0 ? f->path : one_path;
              g_autofree char *wal = g_strconcat (db, "-wal", NULL);
              g_autofree char *shm = g_strconcat (db, "-shm", NULL);

              g_unlink (db);
              g_unlink (wal);
              g_unlink (shm);
            }
          f->store = dossier_store_open (f->path, &error);
          g_assert_no_error (error);
        }
      if (fail_after[round] != NULL)
        g_setenv ("DOSSIER_STORE_FAIL_AFTER_BLOCKS", fail_after[round], TRUE);

      result = dossier_batch_import (f->store, extractor, paths, NULL, NULL, NULL, &error);
      g_assert_no_error (error);

      one = dossier_store_open (one_path, &error);
      g_assert_no_error (error);
      files = dossier_batch_collect (paths, NULL);
      g_assert_cmpuint (files->len, ==, result->items->len);
      for (guint i = 0; i < files->len; i++)
        {
          g_autoptr(GFile) file = g_file_new_for_path (g_ptr_array_index (files, i));
          DossierBatchItem *item = g_ptr_array_index (result->items, i);
          g_autoptr(GError) one_error = NULL;
          DossierImportOutcome outcome = DOSSIER_IMPORT_UNCHANGED;

          dossier_store_import_file (one, file, extractor, &outcome, NULL, &one_error);
          /* The same verdict on every file. */
          g_assert_cmpstr (item->path, ==, g_ptr_array_index (files, i));
          g_assert_cmpint (item->error != NULL, ==, one_error != NULL);
          if (one_error == NULL)
            g_assert_cmpint (item->outcome, ==, outcome);
          n_failed += one_error != NULL;
        }
      g_unsetenv ("DOSSIER_STORE_FAIL_AFTER_BLOCKS");
      g_assert_finalize_object (g_steal_pointer (&one));

      if (fail_after[round] != NULL)
        {
          g_assert_cmpuint (n_failed, >=, 2);
          g_assert_cmpuint (result->n_added, >=, 2);
        }
      else
        {
          g_assert_cmpuint (n_failed, ==, 0);
          g_assert_cmpuint (result->n_replaced, ==, 1);
          g_assert_cmpuint (result->n_unchanged, ==, 1);
        }
      g_assert_cmpuint (result->n_refused, ==, n_failed);

      g_assert_finalize_object (g_steal_pointer (&f->store));
      batch_dump = dump_corpus (f->path);
      one_dump = dump_corpus (one_path);
      g_assert_cmpuint (count_lines (batch_dump, "mention|"), >, 100);
      g_assert_cmpuint (count_lines (batch_dump, "evidence|"), >, 100);
      g_assert_cmpuint (count_lines (batch_dump, "match|"), >, 10);
      g_assert_cmpstr (batch_dump, ==, one_dump);
      f->store = dossier_store_open (f->path, &error);
      g_assert_no_error (error);
    }
}

/* What the extractor found is what the store holds: every mention (entity
 * key, paragraph, offsets, surface) and every relation's evidence. */
static void
test_extraction_written_whole (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *path = g_build_filename (g_getenv ("DOSSIER_DATA_DIR"), "corpus",
                                            "E-CN.4-2003-74-traffic-in-women-and-girls.md", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(DossierExtractor) extractor = NULL;
  g_autoptr(DossierParsedDocument) doc = NULL;
  g_autoptr(DossierExtraction) extraction = NULL;
  g_autoptr(GHashTable) expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) stored = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  sqlite3 *db = dossier_store_get_handle (f->store);
  sqlite3_stmt *stmt = NULL;
  gint64 document_id = 0;

  extractor = dossier_extractor_new (NULL, &error);
  g_assert_no_error (error);
  doc = dossier_import_parse_file (file, NULL, &error);
  g_assert_no_error (error);
  extraction = dossier_extractor_run (extractor, doc);
  g_assert_true (dossier_store_import_extracted (f->store, doc, "hash", extraction, NULL,
                                                 &document_id, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < extraction->mentions->len; i++)
    {
      const DossierMentionDef *m = g_ptr_array_index (extraction->mentions, i);

      g_hash_table_add (expected, g_strdup_printf ("m %s %u %u %u %s %s", m->entity_key, m->block_index,
                                                   m->start, m->end, m->surface, m->recogniser));
    }
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT e.key, b.seq, m.start, m.end, m.surface, m.recogniser"
                                       " FROM mention m JOIN entity e ON e.id = m.entity_id"
                                       " JOIN block b ON b.id = m.block_id WHERE b.document_id = ?",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, document_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_add (stored, g_strdup_printf ("m %s %d %d %d %s %s",
                                               sqlite3_column_text (stmt, 0), sqlite3_column_int (stmt, 1),
                                               sqlite3_column_int (stmt, 2), sqlite3_column_int (stmt, 3),
                                               sqlite3_column_text (stmt, 4), sqlite3_column_text (stmt, 5)));
  sqlite3_finalize (stmt);

  /* Relations as unordered pairs of keys with their kind and evidence. */
  for (guint i = 0; i < extraction->relations->len; i++)
    {
      const DossierRelationDef *r = g_ptr_array_index (extraction->relations, i);
      gboolean swap = !r->directed && g_strcmp0 (r->source_key, r->target_key) > 0;

      if (g_strcmp0 (r->source_key, r->target_key) == 0)
        continue;
      for (guint j = 0; j < r->evidence->len; j++)
        g_hash_table_add (expected, g_strdup_printf ("r %s %s %s %u",
                                                     swap ? r->target_key : r->source_key,
                                                     swap ? r->source_key : r->target_key,
                                                     r->kind, g_array_index (r->evidence, guint, j)));
    }
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT s.key, t.key, r.kind, r.directed, b.seq FROM relation r"
                                       " JOIN entity s ON s.id = r.source_id JOIN entity t ON t.id = r.target_id"
                                       " JOIN relation_evidence e ON e.relation_id = r.id"
                                       " JOIN block b ON b.id = e.block_id",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *source = (const char *) sqlite3_column_text (stmt, 0);
      const char *target = (const char *) sqlite3_column_text (stmt, 1);
      gboolean swap = !sqlite3_column_int (stmt, 3) && g_strcmp0 (source, target) > 0;

      g_hash_table_add (stored, g_strdup_printf ("r %s %s %s %d", swap ? target : source,
                                                 swap ? source : target,
                                                 sqlite3_column_text (stmt, 2), sqlite3_column_int (stmt, 4)));
    }
  sqlite3_finalize (stmt);

  g_assert_cmpuint (g_hash_table_size (expected), >, 100);
  g_assert_cmpuint (g_hash_table_size (stored), ==, g_hash_table_size (expected));
  {
    GHashTableIter iter;
    const char *key;

    g_hash_table_iter_init (&iter, expected);
    while (g_hash_table_iter_next (&iter, (gpointer *) &key, NULL))
      if (!g_hash_table_contains (stored, key))
        g_error ("not in the corpus: %s", key);
  }
}

static void
test_batch_refuses_and_goes_on (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (f->dir, "in", NULL);
  g_autofree char *good = g_build_filename (folder, "good.md", NULL);
  g_autofree char *empty = g_build_filename (folder, "empty.txt", NULL);
  g_autofree char *binary = g_build_filename (folder, "binary.txt", NULL);
  g_autofree char *loop = g_build_filename (folder, "loop", NULL);
  g_autofree char *check = NULL;
  g_autoptr(DossierBatchResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *paths[] = { folder, NULL };

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  write_file (good, "# Report\n\n1. The first paragraph.\n\n2. The second paragraph.\n", -1);
  write_file (empty, "", 0);
  write_file (binary, "\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0", 16);
  g_assert_cmpint (symlink (".", loop), ==, 0);

  result = dossier_batch_import (f->store, NULL, paths, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->n_added, ==, 1);
  g_assert_cmpuint (result->n_refused, ==, 2);
  for (guint i = 0; i < result->items->len; i++)
    {
      DossierBatchItem *item = g_ptr_array_index (result->items, i);

      if (item->error != NULL)
        {
          g_autofree char *base = g_path_get_basename (item->path);
          /* Every refusal is a sentence that names the file. */
          g_assert_nonnull (strstr (item->error->message, base));
        }
    }

  g_assert_finalize_object (f->store);
  f->store = NULL;
  check = integrity_check (f->path);
  g_assert_cmpstr (check, ==, "ok");
}

/* A database of schema version 1 (inserts indexed by a trigger) is backed up,
 * migrated in place, and then indexes what is imported exactly once. */
static void
test_migrates_version_1 (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(DossierParsedDocument) before = make_document ("before.md", "A/57/170", 3, "old");
  g_autoptr(DossierParsedDocument) after = make_document ("after.md", "A/57/171", 3, "new");
  g_autofree char *backup = g_strdup_printf ("%s.bak-v1", f->path);
  g_autofree char *check = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = dossier_store_get_handle (f->store);
  DossierImportOutcome outcome;
  gint64 id;

  g_assert_true (dossier_store_import_parsed (f->store, before, "hash-before", NULL, &outcome, &id, &error));
  g_assert_no_error (error);
  /* Turn it back into what version 1 wrote. */
  g_assert_cmpint (sqlite3_exec (db,
                                 UNDO_VERSION_4
                                 "CREATE TRIGGER block_ai AFTER INSERT ON block BEGIN"
                                 "  INSERT INTO block_fts (rowid, text, heading_path)"
                                 "    VALUES (new.id, new.text, new.heading_path);"
                                 "END;"
                                 "PRAGMA user_version = 1;", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_finalize_object (f->store);
  f->store = dossier_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);

  g_assert_true (g_file_test (backup, G_FILE_TEST_EXISTS));
  g_assert_cmpint (dossier_store_get_schema_version (f->store), ==, DOSSIER_STORE_SCHEMA_VERSION);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM sqlite_master WHERE name = 'block_ai'"), ==, 0);
  /* One copy of the file as it was; none of the steps in between. */
  for (int v = 2; v < DOSSIER_STORE_SCHEMA_VERSION; v++)
    {
      g_autofree char *between = g_strdup_printf ("%s.bak-v%d", f->path, v);

      g_assert_false (g_file_test (between, G_FILE_TEST_EXISTS));
    }
  g_assert_cmpint (count_rows (f->store, "SELECT n_paragraphs FROM document"), ==, 3);

  g_assert_true (dossier_store_import_parsed (f->store, after, "hash-after", NULL, &outcome, &id, &error));
  g_assert_no_error (error);
  /* Old and new blocks are found, each once. */
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM block_fts WHERE block_fts MATCH 'old'"), ==,
                   count_rows (f->store, "SELECT count(*) FROM block b JOIN document d ON d.id = b.document_id"
                                         " WHERE d.source_name = 'before.md' AND b.text LIKE '%old%'"));
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM block_fts WHERE block_fts MATCH 'new'"), ==,
                   count_rows (f->store, "SELECT count(*) FROM block b JOIN document d ON d.id = b.document_id"
                                         " WHERE d.source_name = 'after.md' AND b.text LIKE '%new%'"));
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM block_fts WHERE block_fts MATCH 'new'"), >, 0);
  g_assert_cmpint (sqlite3_exec (dossier_store_get_handle (f->store),
                                 "INSERT INTO block_fts (block_fts) VALUES ('integrity-check')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);

  g_assert_finalize_object (f->store);
  f->store = NULL;
  check = integrity_check (f->path);
  g_assert_cmpstr (check, ==, "ok");
}

/* Rows where the kept per-entity counts differ from counting the mentions. */
static int
count_mismatches (DossierStore *store)
{
  return count_rows (store,
                     "SELECT count(*) FROM"
                     " (SELECT m.entity_id, count(*) AS n, count(DISTINCT b.document_id) AS d"
                     "  FROM mention m JOIN block b ON b.id = m.block_id GROUP BY m.entity_id) g"
                     " FULL JOIN (SELECT * FROM entity_count WHERE n_mentions <> 0) c USING (entity_id)"
                     " WHERE c.n_mentions IS NOT g.n OR c.n_documents IS NOT g.d") +
         count_rows (store,
                     "SELECT count(*) FROM"
                     " (SELECT m.entity_id, b.document_id, count(*) AS n"
                     "  FROM mention m JOIN block b ON b.id = m.block_id GROUP BY 1, 2) g"
                     " FULL JOIN entity_document c USING (entity_id, document_id)"
                     " WHERE c.n_mentions IS NOT g.n");
}

static void
import_corpus_file (DossierStore     *store,
                    DossierExtractor *extractor,
                    const char       *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("DOSSIER_DATA_DIR"), "corpus", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(DossierParsedDocument) doc = NULL;
  g_autoptr(DossierExtraction) extraction = NULL;
  g_autoptr(GError) error = NULL;

  doc = dossier_import_parse_file (file, NULL, &error);
  g_assert_no_error (error);
  extraction = dossier_extractor_run (extractor, doc);
  g_assert_true (dossier_store_import_extracted (store, doc, name, extraction, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* A database of schema version 2 (no kept entity counts) is backed up and
 * migrated in place; the counts it gets are those of its mentions, and stay so
 * as documents are imported and deleted. */
static void
test_migrates_version_2 (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *backup = g_strdup_printf ("%s.bak-v2", f->path);
  g_autofree char *check = NULL;
  g_autoptr(DossierExtractor) extractor = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = dossier_store_get_handle (f->store);
  gint64 report_id;

  extractor = dossier_extractor_new (NULL, &error);
  g_assert_no_error (error);
  import_corpus_file (f->store, extractor, "E-CN.4-2003-74-traffic-in-women-and-girls.md");
  import_corpus_file (f->store, extractor, "ccpcj-2003-note-trafficking-in-human-beings.md");
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM entity_count WHERE n_documents = 2"), >, 0);
  g_assert_cmpint (count_mismatches (f->store), ==, 0);

  /* Turn it back into what version 2 wrote. */
  g_assert_cmpint (sqlite3_exec (db,
                                 UNDO_VERSION_4
                                 "DROP TRIGGER mention_count_ai; DROP TRIGGER mention_count_ad;"
                                 "DROP TRIGGER mention_count_au; DROP TRIGGER block_count_bd;"
                                 "DROP TRIGGER entity_document_ai; DROP TRIGGER entity_document_au;"
                                 "DROP TRIGGER entity_document_ad; DROP TRIGGER entity_count_ad;"
                                 "DROP TABLE entity_document; DROP TABLE entity_count;"
                                 "PRAGMA user_version = 2;", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_finalize_object (f->store);
  f->store = dossier_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);

  g_assert_true (g_file_test (backup, G_FILE_TEST_EXISTS));
  g_assert_cmpint (dossier_store_get_schema_version (f->store), ==, DOSSIER_STORE_SCHEMA_VERSION);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM entity_count"), >, 10);
  g_assert_cmpint (count_rows (f->store, "SELECT sum(n_mentions) FROM entity_count"), ==,
                   count_rows (f->store, "SELECT count(*) FROM mention"));
  g_assert_cmpint (count_mismatches (f->store), ==, 0);

  /* The triggers came with it: a third document, then deleting the first. */
  import_corpus_file (f->store, extractor, "conference-2007-concept-paper.md");
  g_assert_cmpint (count_mismatches (f->store), ==, 0);
  report_id = count_rows (f->store, "SELECT id FROM document"
                                    " WHERE source_name = 'E-CN.4-2003-74-traffic-in-women-and-girls.md'");
  g_assert_true (dossier_store_delete_document (f->store, report_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_mismatches (f->store), ==, 0);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM entity_document"
                                         " WHERE document_id NOT IN (SELECT id FROM document)"), ==, 0);

  g_assert_finalize_object (f->store);
  f->store = NULL;
  check = integrity_check (f->path);
  g_assert_cmpstr (check, ==, "ok");
}

/* A database of schema version 3 (documents' block counts computed at every
 * listing) is backed up and migrated in place; each document gets the counts
 * of its blocks, and keeps them right as documents are imported, replaced by a
 * changed version, have blocks changed, and are deleted. */
static void
test_migrates_version_3 (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(DossierParsedDocument) small = make_document ("small.md", "A/57/170", 3, "old");
  g_autoptr(DossierParsedDocument) changed = make_document ("small.md", "A/57/170", 7, "new");
  g_autofree char *backup = g_strdup_printf ("%s.bak-v3", f->path);
  g_autofree char *check = NULL;
  g_autoptr(DossierExtractor) extractor = NULL;
  g_autoptr(DossierDocumentInfo) info = NULL;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = dossier_store_get_handle (f->store);
  sqlite3 *old_db = NULL;
  DossierImportOutcome outcome;
  gint64 small_id, report_id;
  guint n_paragraphs = 0;

  extractor = dossier_extractor_new (NULL, &error);
  g_assert_no_error (error);
  import_corpus_file (f->store, extractor, "E-CN.4-2003-74-traffic-in-women-and-girls.md");
  import_corpus_file (f->store, extractor, "ccpcj-2003-note-trafficking-in-human-beings.md");
  g_assert_true (dossier_store_import_parsed (f->store, small, "hash-small", NULL, &outcome, &small_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_document_mismatches (f->store), ==, 0);

  /* Turn it back into what version 3 wrote, with counts no version 3 had, so
   * that the migration must compute them. */
  g_assert_cmpint (sqlite3_exec (db, UNDO_VERSION_4 "PRAGMA user_version = 3;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_finalize_object (f->store);
  f->store = dossier_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);

  /* The backup is the version 3 database, untouched. */
  g_assert_true (g_file_test (backup, G_FILE_TEST_EXISTS));
  g_assert_cmpint (sqlite3_open_v2 (backup, &old_db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (old_db, "SELECT n_blocks FROM document", NULL, NULL, NULL), ==, SQLITE_ERROR);
  sqlite3_close (old_db);

  g_assert_cmpint (dossier_store_get_schema_version (f->store), ==, DOSSIER_STORE_SCHEMA_VERSION);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM document WHERE n_paragraphs > 10"), ==, 2);
  g_assert_cmpint (count_document_mismatches (f->store), ==, 0);
  info = dossier_store_get_document (f->store, small_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dossier_document_info_get_n_blocks (info), ==, 4);
  g_assert_cmpuint (dossier_document_info_get_n_paragraphs (info), ==, 3);
  g_clear_object (&info);

  /* The triggers came with it: a third document, a changed version of one,
   * a block changed by hand, and deleting another. */
  import_corpus_file (f->store, extractor, "conference-2007-concept-paper.md");
  g_assert_cmpint (count_document_mismatches (f->store), ==, 0);
  g_assert_true (dossier_store_import_parsed (f->store, changed, "hash-changed", NULL, &outcome, &small_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (outcome, ==, DOSSIER_IMPORT_REPLACED);
  info = dossier_store_get_document (f->store, small_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dossier_document_info_get_n_blocks (info), ==, 8);
  g_assert_cmpuint (dossier_document_info_get_n_paragraphs (info), ==, 7);
  g_clear_object (&info);
  g_assert_cmpint (sqlite3_exec (dossier_store_get_handle (f->store),
                                 "UPDATE block SET label = NULL WHERE seq = 1 AND document_id ="
                                 " (SELECT id FROM document WHERE source_name = 'small.md')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (count_rows (f->store, "SELECT n_paragraphs FROM document WHERE source_name = 'small.md'"), ==, 6);
  g_assert_cmpint (count_document_mismatches (f->store), ==, 0);
  report_id = count_rows (f->store, "SELECT id FROM document"
                                    " WHERE source_name = 'E-CN.4-2003-74-traffic-in-women-and-girls.md'");
  g_assert_true (dossier_store_delete_document (f->store, report_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_document_mismatches (f->store), ==, 0);

  /* The list shows the kept counts. */
  list = dossier_store_list_documents (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 3);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(DossierDocumentInfo) item = g_list_model_get_item (list, i);

      n_paragraphs += dossier_document_info_get_n_paragraphs (item);
    }
  g_assert_cmpuint (n_paragraphs, ==, count_rows (f->store, "SELECT count(*) FROM block"
                                                          " WHERE kind = 'paragraph' AND label IS NOT NULL"));

  g_assert_finalize_object (f->store);
  f->store = NULL;
  check = integrity_check (f->path);
  g_assert_cmpstr (check, ==, "ok");
}

/* A database of schema version 4 (no stored term counts) is backed up and
 * migrated in place; it has no counts until a large batch writes them, and
 * searches rank the same with them, without them, and once they are stale. */
static void
test_migrates_version_4 (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *backup = g_strdup_printf ("%s.bak-v4", f->path);
  g_autoptr(DossierBatchResult) result = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = dossier_store_get_handle (f->store);
  sqlite3 *old_db = NULL;
  guint64 used;

  result = dossier_batch_import_bundled (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM search_term_count WHERE term = 'of'"), ==, 1);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM search_term_stamp"), ==, 1);
  before = dossier_store_search (f->store, "trafficking of women", DOSSIER_SEARCH_PLAIN, 50, &error);
  g_assert_no_error (error);
  used = _dossier_store_search_get_n_term_counts (f->store);
  g_assert_cmpuint (used, >=, 1);

  g_assert_cmpint (sqlite3_exec (db, UNDO_VERSION_5 "PRAGMA user_version = 4;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_finalize_object (f->store);
  f->store = dossier_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);

  g_assert_true (g_file_test (backup, G_FILE_TEST_EXISTS));
  g_assert_cmpint (sqlite3_open_v2 (backup, &old_db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (old_db, "SELECT * FROM search_term_count", NULL, NULL, NULL), ==, SQLITE_ERROR);
  sqlite3_close (old_db);
  g_assert_cmpint (dossier_store_get_schema_version (f->store), ==, DOSSIER_STORE_SCHEMA_VERSION);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM search_term_count"), ==, 0);

  /* Without counts: the same hits and ranks, counted the long way. */
  after = dossier_store_search (f->store, "trafficking of women", DOSSIER_SEARCH_PLAIN, 50, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (_dossier_store_search_get_n_term_counts (f->store), ==, 0);
  g_assert_cmpuint (after->len, ==, before->len);
  g_assert_cmpuint (after->len, >, 0);
  for (guint i = 0; i < after->len; i++)
    {
      DossierSearchHit *a = g_ptr_array_index (before, i);
      DossierSearchHit *b = g_ptr_array_index (after, i);

      g_assert_cmpint (a->block_id, ==, b->block_id);
      g_assert_cmpfloat (a->rank, ==, b->rank);
    }

  g_assert_finalize_object (f->store);
  f->store = NULL;
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/dossier/store/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("create", test_create);
  ADD ("round-trip", test_round_trip);
  ADD ("reimport-is-noop", test_reimport_is_noop);
  ADD ("changed-file-replaces", test_changed_file_replaces);
  ADD ("rollback-mid-import", test_rollback_mid_import);
  ADD ("extraction-written", test_extraction_written);
  ADD ("refuses-foreign-files", test_refuses_foreign_files);
  ADD ("refuses-newer-schema", test_refuses_newer_schema);
  ADD ("migrates-version-1", test_migrates_version_1);
  ADD ("migrates-version-2", test_migrates_version_2);
  ADD ("migrates-version-3", test_migrates_version_3);
  ADD ("migrates-version-4", test_migrates_version_4);
  ADD ("read-only", test_read_only);
  ADD ("batch-refuses-and-goes-on", test_batch_refuses_and_goes_on);
  ADD ("batch-same-as-one-by-one", test_batch_same_as_one_by_one);
  ADD ("extraction-written-whole", test_extraction_written_whole);
  ADD ("poll-changes", test_poll_changes);

  return g_test_run ();
}
