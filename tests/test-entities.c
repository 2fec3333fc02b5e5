/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Entities, mentions and relations as the window and the CLI read them, and the
 * user's corrections: that they do what they say, and that they survive a
 * re-import of a changed document and a reindex.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include <string.h>

#include "dossier-entities.h"
#include "dossier-graph.h"
#include "dossier-graph-filter.h"
#include "dossier-store-private.h"

typedef struct
{
  char         *dir;
  char         *path;
  DossierStore *store;
  gint64        report_id;
  gint64        note_id;
} Fixture;

/* Hand-made extraction */

static DossierEntityDef *
entity_def (const char *key,
            const char *kind,
            const char *name,
            const char *short_name,
            const char *origin,
            double      confidence,
            ...)
{
  DossierEntityDef *def = dossier_entity_def_new (key, kind, name, origin);
  const char *alias;
  va_list ap;

  def->short_name = g_strdup (short_name);
  def->confidence = confidence;
  va_start (ap, confidence);
  while ((alias = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (def->aliases, g_strdup (alias));
  va_end (ap);
  return def;
}

static void
add_relation (DossierExtraction *extraction,
              const char        *source,
              const char        *target,
              const char        *kind,
              gboolean           directed,
              ...)
{
  DossierRelationDef *def = dossier_relation_def_new (source, target, kind, "extracted");
  int block;
  va_list ap;

  def->directed = directed;
  va_start (ap, directed);
  while ((block = va_arg (ap, int)) >= 0)
    dossier_relation_def_add_evidence (def, (guint) block);
  va_end (ap);
  g_ptr_array_add (extraction->relations, def);
}

static void
add_mention (DossierExtraction *extraction,
             guint              block,
             guint              start,
             const char        *key,
             const char        *surface)
{
  g_ptr_array_add (extraction->mentions,
                   dossier_mention_def_new (block, start, start + (guint) g_utf8_strlen (surface, -1),
                                            key, surface, "gazetteer"));
}

static void
add_all_entities (DossierExtraction *extraction)
{
  g_ptr_array_add (extraction->entities,
                   entity_def ("org:unodc", "organisation", "United Nations Office on Drugs and Crime",
                               "UNODC", "gazetteer", 1.0, "UNODC", "Office on Drugs and Crime", NULL));
  g_ptr_array_add (extraction->entities,
                   entity_def ("org:ohchr", "organisation",
                               "Office of the High Commissioner for Human Rights",
                               "OHCHR", "gazetteer", 1.0, "OHCHR", NULL));
  g_ptr_array_add (extraction->entities,
                   entity_def ("org:iom", "organisation", "International Organization for Migration",
                               NULL, "gazetteer", 1.0, "IOM", NULL));
  g_ptr_array_add (extraction->entities,
                   entity_def ("body:chr", "body", "Commission on Human Rights", NULL, "gazetteer",
                               1.0, "the Commission", NULL));
  g_ptr_array_add (extraction->entities,
                   entity_def ("body:cnd", "body", "Commission on Narcotic Drugs", "CND", "gazetteer",
                               1.0, "the Commission", NULL));
  g_ptr_array_add (extraction->entities,
                   entity_def ("org:~drugs-office", "organisation", "Drugs Office", NULL, "pattern",
                               0.6, NULL));
  g_ptr_array_add (extraction->entities,
                   entity_def ("body:~task-force", "body", "Inter-Agency Task Force", NULL, "pattern",
                               0.6, NULL));
  g_ptr_array_add (extraction->entities,
                   entity_def ("res:A/RES/55/67", "resolution", "General Assembly resolution 55/67",
                               NULL, "pattern", 1.0, NULL));
}

/* The report: block 0 is a heading, blocks 1..5 numbered paragraphs. */
static DossierParsedDocument *
make_report (const char *variant)
{
  DossierParsedDocument *doc = dossier_parsed_document_new ("report.md", "markdown");
  DossierBlock *heading = dossier_block_new (DOSSIER_BLOCK_HEADING, "I", "Introduction");
  const char *texts[] = {
    "UNODC and OHCHR met the Commission on Human Rights.",
    "UNODC briefed OHCHR on General Assembly resolution 55/67.",
    "The Drugs Office and OHCHR and UNODC talked.",
    "The Inter-Agency Task Force met IOM.",
    "The Commission on Narcotic Drugs heard UNODC.",
  };

  doc->title = g_strdup ("Traffic in women and girls");
  doc->symbol = g_strdup ("E/CN.4/2003/74");
  doc->kind = g_strdup ("report");
  doc->date = g_strdup ("2003-01-20");
  heading->level = 1;
  g_ptr_array_add (doc->blocks, heading);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *label = g_strdup_printf ("%u", i + 1);
      g_autofree char *text = g_strconcat (texts[i], variant, NULL);
      DossierBlock *block = dossier_block_new (DOSSIER_BLOCK_PARAGRAPH, label, text);

      block->heading_path = g_strdup ("I. Introduction");
      g_ptr_array_add (doc->blocks, block);
    }
  return doc;
}

static DossierExtraction *
report_extraction (void)
{
  DossierExtraction *extraction = dossier_extraction_new ();

  add_all_entities (extraction);
  add_mention (extraction, 1, 0, "org:unodc", "UNODC");
  add_mention (extraction, 1, 10, "org:ohchr", "OHCHR");
  add_mention (extraction, 1, 24, "body:chr", "Commission on Human Rights");
  add_mention (extraction, 2, 0, "org:unodc", "UNODC");
  add_mention (extraction, 2, 14, "org:ohchr", "OHCHR");
  add_mention (extraction, 2, 24, "res:A/RES/55/67", "General Assembly resolution 55/67");
  add_mention (extraction, 3, 4, "org:~drugs-office", "Drugs Office");
  add_mention (extraction, 3, 21, "org:ohchr", "OHCHR");
  add_mention (extraction, 3, 31, "org:unodc", "UNODC");
  add_mention (extraction, 4, 4, "body:~task-force", "Inter-Agency Task Force");
  add_mention (extraction, 4, 32, "org:iom", "IOM");
  add_mention (extraction, 5, 4, "body:cnd", "Commission on Narcotic Drugs");
  add_mention (extraction, 5, 39, "org:unodc", "UNODC");

  add_relation (extraction, "org:unodc", "org:ohchr", "co-mention", FALSE, 1, 2, -1);
  add_relation (extraction, "org:~drugs-office", "org:ohchr", "co-mention", FALSE, 3, -1);
  add_relation (extraction, "org:unodc", "org:ohchr", "co-mention", FALSE, 3, -1);
  add_relation (extraction, "org:~drugs-office", "org:unodc", "co-mention", FALSE, 3, -1);
  add_relation (extraction, "body:~task-force", "org:iom", "co-mention", FALSE, 4, -1);
  add_relation (extraction, "org:unodc", "body:cnd", "reports-to", TRUE, 5, -1);
  add_relation (extraction, "org:unodc", "res:A/RES/55/67", "co-mention", FALSE, 2, -1);
  return extraction;
}

static DossierParsedDocument *
make_note (void)
{
  DossierParsedDocument *doc = dossier_parsed_document_new ("note.md", "markdown");

  doc->title = g_strdup ("Note by the Secretariat");
  doc->kind = g_strdup ("note");
  doc->date = g_strdup ("2004-05-01");
  g_ptr_array_add (doc->blocks, dossier_block_new (DOSSIER_BLOCK_PARAGRAPH, "1",
                                                   "UNODC works with IOM."));
  return doc;
}

static DossierExtraction *
note_extraction (void)
{
  DossierExtraction *extraction = dossier_extraction_new ();

  add_all_entities (extraction);
  add_mention (extraction, 0, 0, "org:unodc", "UNODC");
  add_mention (extraction, 0, 17, "org:iom", "IOM");
  add_relation (extraction, "org:unodc", "org:iom", "co-mention", FALSE, 0, -1);
  return extraction;
}

/* What an import with an extractor does, with a hand-made extraction. */
static gint64
import_with (DossierStore          *store,
             DossierParsedDocument *doc,
             const char            *hash,
             DossierExtraction     *extraction)
{
  g_autoptr(GError) error = NULL;
  g_autofree gint64 *block_ids = g_new0 (gint64, doc->blocks->len);
  gint64 id = 0;

  g_assert_true (dossier_store_import_parsed (store, doc, hash, NULL, NULL, &id, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < doc->blocks->len; i++)
    block_ids[i] = ((DossierBlock *) g_ptr_array_index (doc->blocks, i))->id;

  g_assert_true (dossier_store_begin (store, &error));
  g_assert_true (_dossier_store_reset_touched (store, &error));
  g_assert_true (_dossier_store_write_extraction (store, id, extraction, block_ids,
                                                  doc->blocks->len, &error));
  g_assert_true (_dossier_store_refresh_relations (store, FALSE, &error));
  g_assert_true (dossier_store_commit (store, &error));
  g_assert_no_error (error);
  return id;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierParsedDocument) report = make_report ("");
  g_autoptr(DossierParsedDocument) note = make_note ();
  g_autoptr(DossierExtraction) report_x = report_extraction ();
  g_autoptr(DossierExtraction) note_x = note_extraction ();

  f->dir = g_dir_make_tmp ("dossier-entities-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "corpus.db", NULL);
  f->store = dossier_store_open (f->path, &error);
  g_assert_no_error (error);

  f->report_id = import_with (f->store, report, "report-1", report_x);
  f->note_id = import_with (f->store, note, "note-1", note_x);
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

/* Lookups */

static DossierEntity *
find (Fixture    *f,
      const char *ref)
{
  g_autoptr(GError) error = NULL;
  DossierEntity *entity = dossier_store_find_entity (f->store, ref, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (entity);
  return entity;
}

static gint64
id_of (Fixture    *f,
       const char *ref)
{
  g_autoptr(DossierEntity) entity = find (f, ref);

  return entity->id;
}

static DossierEntity *
in_list (GPtrArray  *entities,
         const char *key)
{
  for (guint i = 0; i < entities->len; i++)
    {
      DossierEntity *entity = g_ptr_array_index (entities, i);

      if (g_strcmp0 (entity->key, key) == 0)
        return entity;
    }
  return NULL;
}

static DossierRelation *
find_relation (GPtrArray  *relations,
               const char *a,
               const char *b,
               const char *kind)
{
  for (guint i = 0; i < relations->len; i++)
    {
      DossierRelation *relation = g_ptr_array_index (relations, i);

      if (g_strcmp0 (relation->kind, kind) == 0 &&
          ((g_strcmp0 (relation->source_key, a) == 0 && g_strcmp0 (relation->target_key, b) == 0) ||
           (g_strcmp0 (relation->source_key, b) == 0 && g_strcmp0 (relation->target_key, a) == 0)))
        return relation;
    }
  return NULL;
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

/* Checks the per-entity counts the store keeps (entity_count, entity_document)
 * against counting the mentions, and against what the entity list reports. */
static void
assert_counts_kept (Fixture *f)
{
  g_autoptr(GPtrArray) entities = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (count_rows (f->store,
                               "SELECT count(*) FROM"
                               " (SELECT m.entity_id, count(*) AS n, count(DISTINCT b.document_id) AS d"
                               "  FROM mention m JOIN block b ON b.id = m.block_id GROUP BY m.entity_id) g"
                               " FULL JOIN (SELECT * FROM entity_count WHERE n_mentions <> 0) c"
                               " USING (entity_id)"
                               " WHERE c.n_mentions IS NOT g.n OR c.n_documents IS NOT g.d"), ==, 0);
  g_assert_cmpint (count_rows (f->store,
                               "SELECT count(*) FROM"
                               " (SELECT m.entity_id, b.document_id, count(*) AS n"
                               "  FROM mention m JOIN block b ON b.id = m.block_id GROUP BY 1, 2) g"
                               " FULL JOIN entity_document c USING (entity_id, document_id)"
                               " WHERE c.n_mentions IS NOT g.n"), ==, 0);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM entity_count"
                               " WHERE n_mentions < 0 OR n_documents < 0"
                               " OR (n_mentions = 0) <> (n_documents = 0)"), ==, 0);

  entities = dossier_store_list_entities (f->store, NULL, 0, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (entities->len, ==, count_rows (f->store, "SELECT count(DISTINCT entity_id) FROM mention"));
  for (guint i = 0; i < entities->len; i++)
    {
      DossierEntity *entity = g_ptr_array_index (entities, i);
      g_autofree char *mentions_sql = g_strdup_printf ("SELECT count(*) FROM mention WHERE entity_id = %"
                                                       G_GINT64_FORMAT, entity->id);
      g_autofree char *documents_sql = g_strdup_printf ("SELECT count(DISTINCT b.document_id) FROM mention m"
                                                        " JOIN block b ON b.id = m.block_id"
                                                        " WHERE m.entity_id = %" G_GINT64_FORMAT,
                                                        entity->id);

      g_assert_cmpint (entity->n_mentions, ==, count_rows (f->store, mentions_sql));
      g_assert_cmpint (entity->n_documents, ==, count_rows (f->store, documents_sql));
      if (i > 0)
        g_assert_cmpuint (((DossierEntity *) g_ptr_array_index (entities, i - 1))->n_mentions, >=,
                          entity->n_mentions);
    }
}

/* Tests */

static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) bodies = NULL;
  g_autoptr(GPtrArray) in_note = NULL;
  DossierEntity *unodc, *iom;

  all = dossier_store_list_entities (f->store, NULL, 0, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 8);

  /* Most mentioned first: UNODC, 4 in the report and 1 in the note. */
  unodc = g_ptr_array_index (all, 0);
  g_assert_cmpstr (unodc->key, ==, "org:unodc");
  g_assert_cmpstr (unodc->name, ==, "United Nations Office on Drugs and Crime");
  g_assert_cmpstr (unodc->short_name, ==, "UNODC");
  g_assert_cmpstr (unodc->origin, ==, "gazetteer");
  g_assert_cmpuint (unodc->n_mentions, ==, 5);
  g_assert_cmpuint (unodc->n_documents, ==, 2);
  g_assert_nonnull (unodc->aliases);
  g_assert_cmpuint (unodc->aliases->len, ==, 0);
  for (guint i = 1; i < all->len; i++)
    g_assert_cmpuint (((DossierEntity *) all->pdata[i - 1])->n_mentions, >=,
                      ((DossierEntity *) all->pdata[i])->n_mentions);
  g_assert_cmpfloat (in_list (all, "body:~task-force")->confidence, ==, 0.6);

  bodies = dossier_store_list_entities (f->store, "body", 0, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bodies->len, ==, 3);
  for (guint i = 0; i < bodies->len; i++)
    g_assert_cmpstr (((DossierEntity *) bodies->pdata[i])->kind, ==, "body");

  in_note = dossier_store_list_entities (f->store, NULL, f->note_id, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (in_note->len, ==, 2);
  unodc = in_list (in_note, "org:unodc");
  iom = in_list (in_note, "org:iom");
  g_assert_nonnull (unodc);
  g_assert_nonnull (iom);
  /* Counts follow the filter. */
  g_assert_cmpuint (unodc->n_mentions, ==, 1);
  g_assert_cmpuint (unodc->n_documents, ==, 1);

  g_clear_pointer (&bodies, g_ptr_array_unref);
  bodies = dossier_store_list_entities (f->store, "place", 0, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bodies->len, ==, 0);
}

static void
test_find (Fixture       *f,
           gconstpointer  data)
{
  const struct { const char *ref; const char *key; } cases[] = {
    { "org:unodc", "org:unodc" },                                  /* key */
    { "ORG:UNODC", "org:unodc" },                                  /* key, any case */
    { "united nations office on drugs and crime", "org:unodc" },   /* canonical name */
    { "unodc", "org:unodc" },                                      /* short name / alias */
    { "  Office on Drugs and Crime ", "org:unodc" },               /* alias, spaces */
    { "iom", "org:iom" },                                          /* alias (acronym) only */
    { "cnd", "body:cnd" },                                         /* short name only */
    { "res:A/RES/55/67", "res:A/RES/55/67" },
    { "general assembly resolution 55/67", "res:A/RES/55/67" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(DossierEntity) none = NULL;
  g_autoptr(DossierEntity) ambiguous = NULL;
  g_autoptr(DossierEntity) unodc = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DossierEntity) entity = find (f, cases[i].ref);

      g_assert_cmpstr (entity->key, ==, cases[i].key);
    }

  /* find fills the aliases. */
  unodc = find (f, "UNODC");
  g_assert_cmpuint (unodc->aliases->len, ==, 2);
  g_assert_cmpstr (unodc->aliases->pdata[0], ==, "Office on Drugs and Crime");
  g_assert_cmpstr (unodc->aliases->pdata[1], ==, "UNODC");
  g_assert_cmpuint (unodc->n_mentions, ==, 5);

  none = dossier_store_find_entity (f->store, "World Bank", &candidates, &error);
  g_assert_error (error, DOSSIER_ENTITY_ERROR, DOSSIER_ENTITY_ERROR_NOT_FOUND);
  g_assert_null (none);
  g_assert_null (candidates);
  g_assert_nonnull (strstr (error->message, "World Bank"));
  g_clear_error (&error);

  ambiguous = dossier_store_find_entity (f->store, "THE COMMISSION", &candidates, &error);
  g_assert_error (error, DOSSIER_ENTITY_ERROR, DOSSIER_ENTITY_ERROR_AMBIGUOUS);
  g_assert_null (ambiguous);
  g_assert_nonnull (candidates);
  g_assert_cmpuint (candidates->len, ==, 2);
  g_assert_cmpstr (((DossierEntity *) candidates->pdata[0])->key, ==, "body:chr");
  g_assert_cmpstr (((DossierEntity *) candidates->pdata[1])->key, ==, "body:cnd");
  g_assert_nonnull (strstr (error->message, "body:chr"));
  g_assert_nonnull (strstr (error->message, "Commission on Narcotic Drugs"));
  g_clear_error (&error);

  /* Without somewhere to put the candidates, the error alone. */
  g_assert_null (dossier_store_find_entity (f->store, "the commission", NULL, &error));
  g_assert_error (error, DOSSIER_ENTITY_ERROR, DOSSIER_ENTITY_ERROR_AMBIGUOUS);
  g_clear_error (&error);

  g_assert_null (dossier_store_find_entity (f->store, "   ", NULL, &error));
  g_assert_error (error, DOSSIER_ENTITY_ERROR, DOSSIER_ENTITY_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Text that looks like SQL is only text. */
  g_assert_null (dossier_store_find_entity (f->store, "' OR 1=1 --", NULL, &error));
  g_assert_error (error, DOSSIER_ENTITY_ERROR, DOSSIER_ENTITY_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_null (dossier_store_get_entity (f->store, 999999, &error));
  g_assert_error (error, DOSSIER_ENTITY_ERROR, DOSSIER_ENTITY_ERROR_NOT_FOUND);
}

static void
test_mentions (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) mentions = NULL;
  g_autoptr(GPtrArray) in_note = NULL;
  g_autoptr(GPtrArray) document = NULL;
  gint64 unodc = id_of (f, "unodc");
  DossierMention *first, *last;

  mentions = dossier_store_list_mentions (f->store, unodc, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mentions->len, ==, 5);

  /* Document order: the 2003 report, paragraph by paragraph, then the 2004 note. */
  first = g_ptr_array_index (mentions, 0);
  g_assert_cmpstr (first->citation, ==, "E/CN.4/2003/74, para. 1");
  g_assert_cmpstr (first->document_symbol, ==, "E/CN.4/2003/74");
  g_assert_cmpstr (first->document_title, ==, "Traffic in women and girls");
  g_assert_cmpstr (first->label, ==, "1");
  g_assert_cmpstr (first->surface, ==, "UNODC");
  g_assert_cmpstr (first->entity_key, ==, "org:unodc");
  g_assert_cmpstr (first->entity_kind, ==, "organisation");
  g_assert_cmpstr (first->recogniser, ==, "gazetteer");
  g_assert_cmpuint (first->start, ==, 0);
  g_assert_cmpuint (first->end, ==, 5);
  g_assert_cmpint (first->document_id, ==, f->report_id);
  g_assert_cmpint (first->entity_id, ==, unodc);
  g_assert_cmpstr (((DossierMention *) mentions->pdata[1])->citation, ==, "E/CN.4/2003/74, para. 2");
  last = g_ptr_array_index (mentions, 4);
  g_assert_cmpint (last->document_id, ==, f->note_id);
  g_assert_null (last->document_symbol);
  g_assert_nonnull (strstr (last->citation, "Note by the Secretariat"));

  in_note = dossier_store_list_mentions (f->store, unodc, f->note_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (in_note->len, ==, 1);

  document = dossier_store_list_document_mentions (f->store, f->report_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (document->len, ==, 13);
  for (guint i = 1; i < document->len; i++)
    {
      DossierMention *a = g_ptr_array_index (document, i - 1);
      DossierMention *b = g_ptr_array_index (document, i);

      g_assert_true (a->block_id < b->block_id ||
                     (a->block_id == b->block_id && a->start <= b->start));
    }
}

static void
test_relations (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) of_iom = NULL;
  g_autoptr(GPtrArray) evidence = NULL;
  DossierRelation *pair, *reports;

  all = dossier_store_list_relations (f->store, 0, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 7);

  /* Heaviest first, every one with its evidence. */
  pair = g_ptr_array_index (all, 0);
  g_assert_cmpuint (pair->weight, ==, 3);
  g_assert_nonnull (find_relation (all, "org:unodc", "org:ohchr", "co-mention"));
  g_assert_true (pair == find_relation (all, "org:unodc", "org:ohchr", "co-mention"));
  g_assert_cmpuint (pair->evidence->len, ==, 3);
  g_assert_cmpstr (((DossierEvidence *) pair->evidence->pdata[0])->citation, ==, "E/CN.4/2003/74, para. 1");
  g_assert_nonnull (strstr (((DossierEvidence *) pair->evidence->pdata[0])->text, "met the Commission"));
  for (guint i = 0; i < all->len; i++)
    {
      DossierRelation *relation = g_ptr_array_index (all, i);

      g_assert_cmpuint (relation->weight, >=, 1);
      g_assert_cmpuint (relation->evidence->len, ==, relation->weight);
      g_assert_nonnull (relation->source_name);
      g_assert_nonnull (relation->target_kind);
      if (i > 0)
        g_assert_cmpuint (((DossierRelation *) all->pdata[i - 1])->weight, >=, relation->weight);
    }

  reports = find_relation (all, "org:unodc", "body:cnd", "reports-to");
  g_assert_nonnull (reports);
  g_assert_true (reports->directed);
  g_assert_cmpstr (reports->source_key, ==, "org:unodc");
  g_assert_cmpstr (reports->target_name, ==, "Commission on Narcotic Drugs");
  g_assert_cmpstr (reports->origin, ==, "extracted");

  of_iom = dossier_store_list_relations (f->store, id_of (f, "IOM"), FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (of_iom->len, ==, 2);
  for (guint i = 0; i < of_iom->len; i++)
    {
      DossierRelation *relation = g_ptr_array_index (of_iom, i);

      g_assert_null (relation->evidence);
      g_assert_true (g_str_equal (relation->source_key, "org:iom") ||
                     g_str_equal (relation->target_key, "org:iom"));
    }

  evidence = dossier_store_list_evidence (f->store, pair->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (evidence->len, ==, 3);
}

static void
test_merge (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) relations = NULL;
  g_autoptr(GPtrArray) mentions = NULL;
  g_autoptr(GPtrArray) entities = NULL;
  g_autoptr(DossierEntity) unodc = NULL;
  g_autoptr(DossierEntity) via_old_name = NULL;
  gint64 from = id_of (f, "org:~drugs-office");
  gint64 into = id_of (f, "org:unodc");
  DossierRelation *pair;

  g_assert_true (dossier_store_merge_entities (f->store, from, into, &error));
  g_assert_no_error (error);

  /* The mention moved. */
  mentions = dossier_store_list_mentions (f->store, into, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mentions->len, ==, 6);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM mention m JOIN entity e"
                               " ON e.id = m.entity_id WHERE e.key = 'org:~drugs-office'"), ==, 0);

  /* Drugs Office–OHCHR folded into UNODC–OHCHR (whose paragraph 3 it shared), and
   * Drugs Office–UNODC, now a loop, is gone. */
  relations = dossier_store_list_relations (f->store, 0, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (relations->len, ==, 5);
  pair = find_relation (relations, "org:unodc", "org:ohchr", "co-mention");
  g_assert_nonnull (pair);
  g_assert_cmpuint (pair->weight, ==, 3);
  g_assert_cmpuint (pair->evidence->len, ==, 3);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM relation WHERE source_id = target_id"), ==, 0);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM relation r JOIN entity e"
                               " ON e.id IN (r.source_id, r.target_id)"
                               " WHERE e.key = 'org:~drugs-office'"), ==, 0);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM relation"
                               " WHERE weight <> (SELECT count(*) FROM relation_evidence"
                               "   WHERE relation_id = relation.id)"), ==, 0);

  /* The old name is an alias of the survivor, and finds it. */
  unodc = find (f, "org:unodc");
  g_assert_true (g_ptr_array_find_with_equal_func (unodc->aliases, "Drugs Office", g_str_equal, NULL));
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM alias WHERE alias = 'Drugs Office'"
                               " AND origin = 'user'"), ==, 1);
  via_old_name = find (f, "drugs office");
  g_assert_cmpstr (via_old_name->key, ==, "org:unodc");
  g_clear_pointer (&via_old_name, dossier_entity_free);
  via_old_name = find (f, "org:~drugs-office");
  g_assert_cmpstr (via_old_name->key, ==, "org:unodc");

  entities = dossier_store_list_entities (f->store, NULL, 0, FALSE, &error);
  g_assert_no_error (error);
  g_assert_null (in_list (entities, "org:~drugs-office"));
  g_assert_cmpuint (in_list (entities, "org:unodc")->n_mentions, ==, 6);

  /* Refused: into itself, and back into what was merged into it. */
  g_assert_false (dossier_store_merge_entities (f->store, into, into, &error));
  g_assert_error (error, DOSSIER_ENTITY_ERROR, DOSSIER_ENTITY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dossier_store_merge_entities (f->store, into, from, &error));
  g_assert_error (error, DOSSIER_ENTITY_ERROR, DOSSIER_ENTITY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dossier_store_merge_entities (f->store, from, 999999, &error));
  g_assert_error (error, DOSSIER_ENTITY_ERROR, DOSSIER_ENTITY_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* A refused merge left nothing half done. */
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM entity WHERE merged_into IS NOT NULL"), ==, 1);
}

static void
test_merge_chain (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierEntity) found = NULL;
  g_autoptr(GPtrArray) relations = NULL;
  gint64 chr = id_of (f, "body:chr");
  gint64 cnd = id_of (f, "body:cnd");
  gint64 unodc = id_of (f, "org:unodc");

  /* CND into CHR, then CHR into UNODC: the reports-to relation becomes a loop
   * and goes, and CND's name leads to UNODC. */
  g_assert_true (dossier_store_merge_entities (f->store, cnd, chr, &error));
  g_assert_no_error (error);
  g_assert_true (dossier_store_merge_entities (f->store, chr, unodc, &error));
  g_assert_no_error (error);

  found = find (f, "Commission on Narcotic Drugs");
  g_assert_cmpint (found->id, ==, unodc);
  g_clear_pointer (&found, dossier_entity_free);
  /* Both lead to the same entity now: no longer ambiguous. */
  found = find (f, "the commission");
  g_assert_cmpint (found->id, ==, unodc);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM entity WHERE merged_into = "
                               "(SELECT id FROM entity WHERE key = 'org:unodc')"), ==, 2);

  relations = dossier_store_list_relations (f->store, unodc, FALSE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < relations->len; i++)
    g_assert_cmpstr (((DossierRelation *) relations->pdata[i])->kind, !=, "reports-to");

  /* A merge into an entity that was merged away lands on its survivor. */
  g_assert_true (dossier_store_merge_entities (f->store, id_of (f, "org:iom"), cnd, &error));
  g_assert_no_error (error);
  g_clear_pointer (&found, dossier_entity_free);
  found = find (f, "IOM");
  g_assert_cmpint (found->id, ==, unodc);
}

static void
test_rename_hide_accept (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) visible = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) relations = NULL;
  g_autoptr(GPtrArray) document = NULL;
  g_autoptr(DossierEntity) renamed = NULL;
  g_autoptr(DossierEntity) accepted = NULL;
  gint64 task_force = id_of (f, "body:~task-force");
  gint64 res = id_of (f, "res:A/RES/55/67");

  g_assert_true (dossier_store_rename_entity (f->store, task_force, "  Inter-Agency Coordination Group ", &error));
  g_assert_no_error (error);
  renamed = find (f, "inter-agency coordination group");
  g_assert_cmpstr (renamed->name, ==, "Inter-Agency Coordination Group");
  g_assert_cmpstr (renamed->canonical_name, ==, "Inter-Agency Task Force");
  g_clear_pointer (&renamed, dossier_entity_free);
  /* The name extraction gave still finds it. */
  renamed = find (f, "Inter-Agency Task Force");
  g_assert_cmpint (renamed->id, ==, task_force);

  g_assert_false (dossier_store_rename_entity (f->store, task_force, " \t", &error));
  g_assert_error (error, DOSSIER_ENTITY_ERROR, DOSSIER_ENTITY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dossier_store_rename_entity (f->store, task_force, NULL, &error));
  g_assert_error (error, DOSSIER_ENTITY_ERROR, DOSSIER_ENTITY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dossier_store_rename_entity (f->store, 999999, "x", &error));
  g_assert_error (error, DOSSIER_ENTITY_ERROR, DOSSIER_ENTITY_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (dossier_store_set_entity_hidden (f->store, id_of (f, "IOM"), TRUE, &error));
  g_assert_no_error (error);
  visible = dossier_store_list_entities (f->store, NULL, 0, FALSE, &error);
  g_assert_no_error (error);
  g_assert_null (in_list (visible, "org:iom"));
  all = dossier_store_list_entities (f->store, NULL, 0, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (in_list (all, "org:iom")->hidden);
  /* Its relations and highlights go with it. */
  relations = dossier_store_list_relations (f->store, 0, FALSE, &error);
  g_assert_no_error (error);
  g_assert_null (find_relation (relations, "org:unodc", "org:iom", "co-mention"));
  document = dossier_store_list_document_mentions (f->store, f->note_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (document->len, ==, 1);
  g_clear_pointer (&relations, g_ptr_array_unref);
  relations = dossier_store_list_relations (f->store, id_of (f, "IOM"), FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (relations->len, ==, 2);

  g_assert_true (dossier_store_set_entity_hidden (f->store, id_of (f, "IOM"), FALSE, &error));
  g_clear_pointer (&visible, g_ptr_array_unref);
  visible = dossier_store_list_entities (f->store, NULL, 0, FALSE, &error);
  g_assert_nonnull (in_list (visible, "org:iom"));

  g_assert_true (dossier_store_accept_entity (f->store, res, &error));
  g_assert_no_error (error);
  accepted = dossier_store_get_entity (f->store, res, &error);
  g_assert_no_error (error);
  g_assert_true (accepted->accepted);
  g_assert_false (accepted->hidden);

  g_assert_false (dossier_store_accept_entity (f->store, 999999, &error));
  g_assert_error (error, DOSSIER_ENTITY_ERROR, DOSSIER_ENTITY_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (dossier_store_set_entity_hidden (f->store, 999999, TRUE, &error));
  g_assert_error (error, DOSSIER_ENTITY_ERROR, DOSSIER_ENTITY_ERROR_NOT_FOUND);
}

static void
test_corrections_survive_reimport (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierParsedDocument) v2 = make_report (" Again.");
  g_autoptr(DossierExtraction) v2_x = report_extraction ();
  g_autoptr(GPtrArray) relations = NULL;
  g_autoptr(DossierEntity) unodc = NULL;
  g_autoptr(DossierEntity) task_force = NULL;
  g_autoptr(DossierEntity) iom = NULL;
  g_autoptr(DossierEntity) res = NULL;
  g_autoptr(DossierEntity) drugs = NULL;

  g_assert_true (dossier_store_merge_entities (f->store, id_of (f, "org:~drugs-office"),
                                               id_of (f, "org:unodc"), &error));
  g_assert_true (dossier_store_rename_entity (f->store, id_of (f, "body:~task-force"),
                                              "Coordination Group", &error));
  g_assert_true (dossier_store_set_entity_hidden (f->store, id_of (f, "org:iom"), TRUE, &error));
  g_assert_true (dossier_store_accept_entity (f->store, id_of (f, "res:A/RES/55/67"), &error));
  g_assert_no_error (error);

  /* A changed version of the report, extracted again the same way. */
  g_assert_cmpint (import_with (f->store, v2, "report-2", v2_x), ==, f->report_id);

  unodc = find (f, "org:unodc");
  g_assert_cmpuint (unodc->n_mentions, ==, 6);
  drugs = find (f, "org:~drugs-office");
  g_assert_cmpint (drugs->id, ==, unodc->id);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM entity WHERE key = 'org:~drugs-office'"
                               " AND merged_into IS NOT NULL"), ==, 1);
  task_force = find (f, "body:~task-force");
  g_assert_cmpstr (task_force->name, ==, "Coordination Group");
  iom = find (f, "org:iom");
  g_assert_true (iom->hidden);
  res = find (f, "res:A/RES/55/67");
  g_assert_true (res->accepted);

  relations = dossier_store_list_relations (f->store, 0, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (find_relation (relations, "org:unodc", "org:ohchr", "co-mention")->weight, ==, 3);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM relation WHERE source_id = target_id"), ==, 0);
}

/* With the real extractor and the bundled corpus: corrections survive a reindex
 * and a re-import of a changed file. */

static DossierExtractor *
real_extractor (void)
{
  g_autoptr(GError) error = NULL;
  DossierExtractor *extractor = dossier_extractor_new (NULL, &error);

  if (extractor == NULL)
    {
      g_autofree char *message = g_strdup_printf ("the extractor cannot be created yet (%s)",
                                                  error->message);
      g_test_skip (message);
    }
  return extractor;
}

static gboolean
import_corpus (Fixture          *f,
               DossierExtractor *extractor,
               const char       *folder)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;

  dir = g_dir_open (folder, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);

      if (!g_str_has_suffix (name, ".md"))
        continue;
      if (!dossier_store_import_file (f->store, file, extractor, NULL, NULL, &error))
        {
          g_autofree char *message = g_strdup_printf ("the importer cannot read %s yet (%s)",
                                                      name, error->message);
          g_test_skip (message);
          return FALSE;
        }
    }
  return TRUE;
}

static void
copy_corpus (const char *from,
             const char *to)
{
  g_autoptr(GDir) dir = g_dir_open (from, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  g_assert_cmpint (g_mkdir_with_parents (to, 0700), ==, 0);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *src = g_build_filename (from, name, NULL);
      g_autofree char *dst = g_build_filename (to, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (!g_str_has_suffix (name, ".md"))
        continue;
      g_assert_true (g_file_get_contents (src, &contents, &length, NULL));
      g_assert_true (g_file_set_contents (dst, contents, (gssize) length, NULL));
    }
}

/* A second entity, with mentions, of the given origin; NULL if there is none. */
static DossierEntity *
pick_entity (GPtrArray  *entities,
             const char *origin,
             gint64      other_than,
             gint64      nor)
{
  for (guint i = 0; i < entities->len; i++)
    {
      DossierEntity *entity = g_ptr_array_index (entities, i);

      if (g_strcmp0 (entity->origin, origin) == 0 && entity->id != other_than && entity->id != nor)
        return entity;
    }
  return NULL;
}

static void
test_corrections_survive_reindex (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(DossierExtractor) extractor = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierEntity) survivor = NULL;
  g_autoptr(DossierEntity) via_old_key = NULL;
  g_autoptr(DossierEntity) renamed = NULL;
  g_autoptr(DossierEntity) hidden = NULL;
  g_autofree char *corpus = g_build_filename (g_getenv ("DOSSIER_DATA_DIR"), "corpus", NULL);
  g_autofree char *copy = g_build_filename (f->dir, "corpus", NULL);
  g_autofree char *from_key = NULL;
  g_autofree char *rename_key = NULL;
  g_autofree char *hide_key = NULL;
  g_autofree char *accept_key = NULL;
  DossierEntity *into, *from, *to_rename, *to_hide, *to_accept;
  guint merged_mentions;

  if (!(extractor = real_extractor ()))
    return;

  /* The hand-made fixture data go; the real corpus comes in. */
  g_assert_true (dossier_store_delete_document (f->store, f->report_id, &error));
  g_assert_true (dossier_store_delete_document (f->store, f->note_id, &error));
  g_assert_no_error (error);
  copy_corpus (corpus, copy);
  if (!import_corpus (f, extractor, copy))
    return;

  before = dossier_store_list_entities (f->store, NULL, 0, FALSE, &error);
  g_assert_no_error (error);
  into = pick_entity (before, "gazetteer", 0, 0);
  from = into != NULL ? pick_entity (before, "gazetteer", into->id, 0) : NULL;
  to_accept = pick_entity (before, "pattern", 0, 0);
  if (into == NULL || from == NULL || to_accept == NULL)
    {
      g_test_skip ("the extractor finds too few gazetteer and pattern entities in the corpus yet");
      return;
    }
  to_rename = pick_entity (before, "gazetteer", into->id, from->id);
  to_hide = pick_entity (before, "pattern", to_accept->id, 0);
  g_assert_nonnull (to_rename);
  g_assert_nonnull (to_hide);
  merged_mentions = into->n_mentions + from->n_mentions;
  from_key = g_strdup (from->key);
  rename_key = g_strdup (to_rename->key);
  hide_key = g_strdup (to_hide->key);
  accept_key = g_strdup (to_accept->key);

  g_assert_true (dossier_store_merge_entities (f->store, from->id, into->id, &error));
  g_assert_true (dossier_store_rename_entity (f->store, to_rename->id, "My own name", &error));
  g_assert_true (dossier_store_set_entity_hidden (f->store, to_hide->id, TRUE, &error));
  g_assert_true (dossier_store_accept_entity (f->store, to_accept->id, &error));
  g_assert_no_error (error);

  for (guint round = 0; round < 2; round++)
    {
      if (round == 0)
        {
          g_assert_true (dossier_store_reindex (f->store, extractor, &error));
          g_assert_no_error (error);
        }
      else
        {
          /* Change every file a little and import them again. */
          g_autoptr(GDir) dir = g_dir_open (copy, 0, NULL);
          const char *name;

          while ((name = g_dir_read_name (dir)) != NULL)
            {
              g_autofree char *path = g_build_filename (copy, name, NULL);
              g_autofree char *contents = NULL;
              g_autofree char *changed = NULL;
              g_autoptr(GFile) file = g_file_new_for_path (path);
              DossierImportOutcome outcome;

              g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
              changed = g_strconcat (contents, "\n\nA closing remark.\n", NULL);
              g_assert_true (g_file_set_contents (path, changed, -1, NULL));
              g_assert_true (dossier_store_import_file (f->store, file, extractor, &outcome, NULL, &error));
              g_assert_no_error (error);
              g_assert_cmpint (outcome, ==, DOSSIER_IMPORT_REPLACED);
            }
        }

      g_clear_pointer (&survivor, dossier_entity_free);
      g_clear_pointer (&via_old_key, dossier_entity_free);
      g_clear_pointer (&renamed, dossier_entity_free);
      g_clear_pointer (&hidden, dossier_entity_free);
      g_clear_pointer (&after, g_ptr_array_unref);

      survivor = dossier_store_get_entity (f->store, into->id, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (survivor->n_mentions, ==, merged_mentions);
      via_old_key = find (f, from_key);
      g_assert_cmpint (via_old_key->id, ==, into->id);
      g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM relation WHERE source_id = target_id"), ==, 0);

      renamed = find (f, rename_key);
      g_assert_cmpstr (renamed->name, ==, "My own name");
      hidden = find (f, hide_key);
      g_assert_true (hidden->hidden);

      assert_counts_kept (f);
      after = dossier_store_list_entities (f->store, NULL, 0, FALSE, &error);
      g_assert_no_error (error);
      g_assert_null (in_list (after, hide_key));
      g_assert_null (in_list (after, from_key));
      g_assert_nonnull (in_list (after, accept_key));
      g_assert_true (in_list (after, accept_key)->accepted);
    }
}

/* The corpus-wide counts of the entity list are kept by the store as mentions
 * are written, replaced, moved and deleted; they always equal counting the
 * mentions. */
static void
test_counts_follow_writes (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierParsedDocument) v2 = make_report (" Again.");
  g_autoptr(DossierExtraction) v2_x = report_extraction ();
  g_autoptr(DossierParsedDocument) v3 = make_report (" Once more.");
  g_autoptr(DossierExtraction) v3_x = dossier_extraction_new ();
  g_autoptr(DossierParsedDocument) note = make_note ();
  g_autoptr(DossierExtraction) note_x = note_extraction ();
  g_autoptr(DossierEntity) unodc = NULL;
  g_autoptr(DossierEntity) drugs = NULL;
  gint64 note_id;

  /* After the import of the report and the note. */
  assert_counts_kept (f);
  unodc = find (f, "org:unodc");
  g_assert_cmpuint (unodc->n_mentions, ==, 5);
  g_assert_cmpuint (unodc->n_documents, ==, 2);
  g_clear_pointer (&unodc, dossier_entity_free);

  /* A changed report replaces its mentions. */
  g_assert_cmpint (import_with (f->store, v2, "report-2", v2_x), ==, f->report_id);
  assert_counts_kept (f);

  /* A merge moves the mentions (and drops those both entities had). */
  g_assert_true (dossier_store_merge_entities (f->store, id_of (f, "org:~drugs-office"),
                                               id_of (f, "org:unodc"), &error));
  g_assert_no_error (error);
  assert_counts_kept (f);
  unodc = find (f, "org:unodc");
  g_assert_cmpuint (unodc->n_mentions, ==, 6);
  drugs = dossier_store_get_entity (f->store,
                                    count_rows (f->store, "SELECT id FROM entity WHERE key = 'org:~drugs-office'"),
                                    &error);
  g_assert_no_error (error);
  g_assert_cmpuint (drugs->n_mentions, ==, 0);
  g_assert_cmpuint (drugs->n_documents, ==, 0);
  g_assert_true (dossier_store_merge_entities (f->store, id_of (f, "body:cnd"), id_of (f, "body:chr"), &error));
  g_assert_no_error (error);
  assert_counts_kept (f);

  /* Deleting a document takes its mentions' counts with it. */
  g_assert_true (dossier_store_delete_document (f->store, f->note_id, &error));
  g_assert_no_error (error);
  assert_counts_kept (f);
  g_clear_pointer (&unodc, dossier_entity_free);
  unodc = find (f, "org:unodc");
  g_assert_cmpuint (unodc->n_documents, ==, 1);

  /* A report that now mentions less, with its unmentioned pattern entities
   * swept away, then the note again. */
  add_all_entities (v3_x);
  add_mention (v3_x, 1, 0, "org:unodc", "UNODC");
  add_mention (v3_x, 2, 0, "org:unodc", "UNODC");
  g_assert_cmpint (import_with (f->store, v3, "report-3", v3_x), ==, f->report_id);
  g_assert_true (dossier_store_begin (f->store, &error));
  g_assert_true (_dossier_store_refresh_relations (f->store, TRUE, &error));
  g_assert_true (dossier_store_commit (f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM entity WHERE key = 'body:~task-force'"), ==, 0);
  assert_counts_kept (f);
  note_id = import_with (f->store, note, "note-2", note_x);
  g_assert_cmpint (note_id, !=, 0);
  assert_counts_kept (f);
  g_clear_pointer (&unodc, dossier_entity_free);
  unodc = find (f, "org:unodc");
  g_assert_cmpuint (unodc->n_mentions, ==, 3);
  g_assert_cmpuint (unodc->n_documents, ==, 2);
}

static GBytes *
graph_dot (Fixture  *f,
           gboolean  every_document)
{
  g_autoptr(DossierGraphFilter) filter = dossier_graph_filter_new ();
  g_autoptr(DossierGraph) graph = NULL;
  g_autoptr(GError) error = NULL;
  GBytes *dot;

  if (every_document)
    {
      dossier_graph_filter_add_document (filter, f->report_id);
      dossier_graph_filter_add_document (filter, f->note_id);
    }
  graph = dossier_graph_new_from_store (f->store, filter, &error);
  g_assert_no_error (error);
  dot = dossier_graph_export_bytes (graph, DOSSIER_GRAPH_FORMAT_DOT, &error);
  g_assert_no_error (error);
  return dot;
}

/* The whole corpus's graph reads the kept counts (entity_count, relation
 * weights); a scope of every document counts the rows. Both say the same. */
static void
test_graph_reads_kept_counts (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierParsedDocument) v2 = make_report (" Again.");
  g_autoptr(DossierExtraction) v2_x = report_extraction ();

  for (guint round = 0; round < 3; round++)
    {
      g_autoptr(GBytes) kept = graph_dot (f, FALSE);
      g_autoptr(GBytes) counted = graph_dot (f, TRUE);

      g_assert_cmpuint (g_bytes_get_size (kept), >, 100);
      g_assert_nonnull (strstr (g_bytes_get_data (kept, NULL), "United Nations Office on Drugs and Crime"));
      g_assert_cmpmem (g_bytes_get_data (kept, NULL), g_bytes_get_size (kept),
                       g_bytes_get_data (counted, NULL), g_bytes_get_size (counted));

      if (round == 0)
        g_assert_cmpint (import_with (f->store, v2, "report-2", v2_x), ==, f->report_id);
      else if (round == 1)
        {
          g_assert_true (dossier_store_merge_entities (f->store, id_of (f, "org:~drugs-office"),
                                                       id_of (f, "org:unodc"), &error));
          g_assert_no_error (error);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/dossier/entities/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("list", test_list);
  ADD ("find", test_find);
  ADD ("mentions", test_mentions);
  ADD ("relations", test_relations);
  ADD ("merge", test_merge);
  ADD ("merge-chain", test_merge_chain);
  ADD ("rename-hide-accept", test_rename_hide_accept);
  ADD ("corrections-survive-reimport", test_corrections_survive_reimport);
  ADD ("corrections-survive-reindex", test_corrections_survive_reindex);
  ADD ("counts-follow-writes", test_counts_follow_writes);
  ADD ("graph-reads-kept-counts", test_graph_reads_kept_counts);

  return g_test_run ();
}
