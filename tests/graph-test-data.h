/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A small hand-made corpus for the graph tests, written straight through the
 * store's extraction writer so that the tests do not depend on the extractor.
 *
 *   report-a.md  E/CN.4/2003/74  2003-01-20
 *     1. UNODC, OHCHR            4. Trafficking Protocol, resolution 55/67 (+ supplements)
 *     2. UNODC, OHCHR, IOM       5. Task Force (a pattern guess), UNODC
 *     3. Belarus, IOM            6. Hidden Org, UNODC; the hostile name, ILO
 *   note-b.md    A/57/170        2002-07-02
 *     1. Belarus, OHCHR          3. UNODC, Trafficking Protocol
 *     2. ILO, IOM
 *
 * Every pair named in one paragraph is a co-mention with that paragraph as
 * evidence; Hidden Org is hidden by the user.
 */
#pragma once

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "dossier-store-private.h"

#define HOSTILE_NAME "Evil \"quote\" <b>bold</b> & \\ back\\slash \\N %s%n ← عربي 中文"

typedef struct
{
  const char *key;
  const char *kind;
  const char *name;
  const char *short_name;
  const char *origin;
  double      confidence;
} TestEntity;

static const TestEntity test_entities[] = {
  { "org:unodc", "organisation", "United Nations Office on Drugs and Crime", "UNODC", "gazetteer", 1.0 },
  { "org:ohchr", "organisation", "Office of the United Nations High Commissioner for Human Rights", "OHCHR", "gazetteer", 1.0 },
  { "org:iom", "organisation", "International Organization for Migration", "IOM", "gazetteer", 1.0 },
  { "org:ilo", "organisation", "International Labour Organization", "ILO", "gazetteer", 1.0 },
  { "place:belarus", "place", "Belarus", NULL, "gazetteer", 1.0 },
  { "res:A/RES/55/67", "resolution", "General Assembly resolution 55/67", NULL, "pattern", 1.0 },
  { "ins:trafficking-protocol", "instrument",
    "Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women and Children",
    "Trafficking Protocol", "gazetteer", 1.0 },
  { "org:~task-force", "body", "Task Force", NULL, "pattern", 0.5 },
  { "org:hidden", "organisation", "Hidden Org", NULL, "gazetteer", 1.0 },
  { "org:hostile", "organisation", HOSTILE_NAME, NULL, "pattern", 1.0 },
};

/* Paragraphs as lists of entity keys; NULL ends a paragraph, and a paragraph
 * starting with NULL ends the document. */
typedef struct
{
  const char *source_name;
  const char *symbol;
  const char *date;
  const char *paragraphs[8][4];
} TestDocument;

static const TestDocument test_documents[] = {
  { "report-a.md", "E/CN.4/2003/74", "2003-01-20", {
      { "org:unodc", "org:ohchr", NULL },
      { "org:unodc", "org:ohchr", "org:iom", NULL },
      { "place:belarus", "org:iom", NULL },
      { "ins:trafficking-protocol", "res:A/RES/55/67", NULL },
      { "org:~task-force", "org:unodc", NULL },
      { "org:hidden", "org:unodc", NULL },
      { NULL },
    } },
  { "note-b.md", "A/57/170", "2002-07-02", {
      { "place:belarus", "org:ohchr", NULL },
      { "org:ilo", "org:iom", NULL },
      { "org:unodc", "ins:trafficking-protocol", NULL },
      { NULL },
    } },
};

static const TestEntity *
test_entity (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (test_entities); i++)
    if (g_str_equal (test_entities[i].key, key))
      return &test_entities[i];
  g_assert_not_reached ();
}

static void
add_entity_def (DossierExtraction *extraction,
                const char        *key)
{
  const TestEntity *e = test_entity (key);
  DossierEntityDef *def = dossier_entity_def_new (e->key, e->kind, e->name, e->origin);

  def->short_name = g_strdup (e->short_name);
  def->confidence = e->confidence;
  if (e->short_name != NULL)
    g_ptr_array_add (def->aliases, g_strdup (e->short_name));
  g_ptr_array_add (extraction->entities, def);
}

static void
write_test_document (DossierStore       *store,
                     const TestDocument *spec)
{
  g_autoptr(DossierParsedDocument) doc = dossier_parsed_document_new (spec->source_name, "markdown");
  g_autoptr(DossierExtraction) extraction = dossier_extraction_new ();
  g_autoptr(GHashTable) defined = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autofree gint64 *block_ids = NULL;
  gint64 document_id = 0;
  DossierBlock *heading = dossier_block_new (DOSSIER_BLOCK_HEADING, "I", "Introduction");

  doc->title = g_strdup_printf ("Test document %s", spec->symbol);
  doc->symbol = g_strdup (spec->symbol);
  doc->kind = g_strdup ("report");
  doc->date = g_strdup (spec->date);
  heading->level = 1;
  g_ptr_array_add (doc->blocks, heading);

  for (guint p = 0; spec->paragraphs[p][0] != NULL; p++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autofree char *label = g_strdup_printf ("%u", p + 1);
      DossierBlock *block;
      guint block_index = p + 1;

      for (guint k = 0; spec->paragraphs[p][k] != NULL; k++)
        {
          const char *key = spec->paragraphs[p][k];
          const TestEntity *e = test_entity (key);
          const char *surface = e->short_name != NULL ? e->short_name : e->name;
          guint start = (guint) g_utf8_strlen (text->str, -1);

          g_string_append_printf (text, "%s%s", k > 0 ? " and " : "", surface);
          if (k > 0)
            start += 5;
          if (!g_hash_table_contains (defined, key))
            {
              add_entity_def (extraction, key);
              g_hash_table_add (defined, (gpointer) key);
            }
          g_ptr_array_add (extraction->mentions,
                           dossier_mention_def_new (block_index, start,
                                                    start + (guint) g_utf8_strlen (surface, -1),
                                                    key, surface, "gazetteer"));
          for (guint j = 0; j < k; j++)
            {
              DossierRelationDef *r = dossier_relation_def_new (spec->paragraphs[p][j], key,
                                                                "co-mention", "extracted");

              dossier_relation_def_add_evidence (r, block_index);
              g_ptr_array_add (extraction->relations, r);
            }
          if (g_str_equal (key, "res:A/RES/55/67"))
            {
              DossierRelationDef *r = dossier_relation_def_new ("ins:trafficking-protocol", key,
                                                                "supplements", "extracted");

              r->directed = TRUE;
              r->verb = g_strdup ("supplementing");
              dossier_relation_def_add_evidence (r, block_index);
              g_ptr_array_add (extraction->relations, r);
            }
        }
      g_string_append (text, " work against trafficking.");
      block = dossier_block_new (DOSSIER_BLOCK_PARAGRAPH, label, text->str);
      block->heading_path = g_strdup ("I. Introduction");
      g_ptr_array_add (doc->blocks, block);
    }

  /* The hostile name rides along with ILO in report-a's last paragraph. */
  if (g_str_equal (spec->source_name, "report-a.md"))
    {
      guint last = doc->blocks->len - 1;
      DossierRelationDef *r = dossier_relation_def_new ("org:hostile", "org:ilo", "co-mention", "extracted");

      add_entity_def (extraction, "org:hostile");
      add_entity_def (extraction, "org:ilo");
      g_ptr_array_add (extraction->mentions,
                       dossier_mention_def_new (last, 0, 4, "org:hostile", "Evil", "phrase"));
      g_ptr_array_add (extraction->mentions,
                       dossier_mention_def_new (last, 5, 8, "org:ilo", "ILO", "gazetteer"));
      dossier_relation_def_add_evidence (r, last);
      g_ptr_array_add (extraction->relations, r);
    }

  g_assert_true (dossier_store_import_parsed (store, doc, spec->source_name, NULL, NULL, &document_id, &error));
  g_assert_no_error (error);

  block_ids = g_new0 (gint64, doc->blocks->len);
  for (guint i = 0; i < doc->blocks->len; i++)
    block_ids[i] = ((DossierBlock *) g_ptr_array_index (doc->blocks, i))->id;

  g_assert_true (dossier_store_begin (store, &error));
  g_assert_true (_dossier_store_reset_touched (store, &error));
  g_assert_true (_dossier_store_write_extraction (store, document_id, extraction, block_ids,
                                                 doc->blocks->len, &error));
  g_assert_true (_dossier_store_refresh_relations (store, FALSE, &error));
  g_assert_true (dossier_store_commit (store, &error));
  g_assert_no_error (error);
}

G_GNUC_UNUSED static void
write_test_corpus (DossierStore *store)
{
  for (guint i = 0; i < G_N_ELEMENTS (test_documents); i++)
    write_test_document (store, &test_documents[i]);

  g_assert_cmpint (sqlite3_exec (dossier_store_get_handle (store),
                                 "UPDATE entity SET hidden = 1 WHERE key = 'org:hidden'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
}

G_GNUC_UNUSED static gint64
test_document_id (DossierStore *store,
                  const char   *symbol)
{
  g_autoptr(DossierDocumentInfo) info = dossier_store_find_document (store, symbol, NULL);

  g_assert_nonnull (info);
  return dossier_document_info_get_id (info);
}

/* A temporary store with the corpus above. */
typedef struct
{
  char         *dir;
  DossierStore *store;
} GraphFixture;

G_GNUC_UNUSED static void
graph_fixture_setup (GraphFixture  *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("dossier-graph-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "corpus.db", NULL);
  f->store = dossier_store_open (path, &error);
  g_assert_no_error (error);
  write_test_corpus (f->store);
}

G_GNUC_UNUSED static void
graph_fixture_teardown (GraphFixture  *f,
                        gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_assert_finalize_object (f->store);
  dir = g_dir_open (f->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (f->dir, name, NULL);

      g_remove (child);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

G_GNUC_UNUSED static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The keys of a graph's nodes, sorted and joined by spaces: easy to compare. */
G_GNUC_UNUSED static char *
node_keys (DossierGraph *graph)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();

  for (guint i = 0; i < dossier_graph_get_n_nodes (graph); i++)
    g_ptr_array_add (keys, dossier_graph_get_node (graph, i)->key);
  g_ptr_array_sort (keys, compare_strings);
  g_ptr_array_add (keys, NULL);
  return g_strjoinv (" ", (char **) keys->pdata);
}
