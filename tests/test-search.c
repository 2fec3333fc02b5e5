/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gstdio.h>

#include "dossier-batch.h"
#include "dossier-importer.h"
#include "dossier-paths.h"
#include "dossier-store.h"
#include "dossier-store-private.h"

static char *tmp_dir;
static DossierStore *store;

static gboolean
hits_have_document (GPtrArray  *hits,
                    const char *title_part,
                    guint      *first_rank)
{
  for (guint i = 0; i < hits->len; i++)
    {
      DossierSearchHit *hit = g_ptr_array_index (hits, i);

      if ((hit->document_symbol && strstr (hit->document_symbol, title_part)) ||
          strstr (hit->document_title, title_part))
        {
          if (first_rank)
            *first_rank = i;
          return TRUE;
        }
    }
  return FALSE;
}

static void
test_witness_protection (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = dossier_store_search (store, "witness protection",
                                                    DOSSIER_SEARCH_PLAIN, 20, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, >=, 2);
  g_assert_true (hits_have_document (hits, "E/CN.4/2003/74", NULL));
  g_assert_true (hits_have_document (hits, "Trafficking in human beings", NULL));

  for (guint i = 0; i < hits->len; i++)
    {
      DossierSearchHit *hit = g_ptr_array_index (hits, i);

      /* Best first: bm25 scores only grow. */
      if (i > 0)
        g_assert_cmpfloat (hit->rank, >=, ((DossierSearchHit *) hits->pdata[i - 1])->rank);
      /* A snippet marks the words it matched. */
      g_assert_nonnull (strstr (hit->snippet, DOSSIER_SNIPPET_OPEN));
      g_assert_nonnull (strstr (hit->snippet, DOSSIER_SNIPPET_CLOSE));
      g_assert_nonnull (hit->citation);
    }

  /* The CCPCJ note's paragraph 15 opens with the words themselves. */
  {
    gboolean found = FALSE;

    for (guint i = 0; i < hits->len; i++)
      {
        DossierSearchHit *hit = g_ptr_array_index (hits, i);

        if (g_strcmp0 (hit->label, "15") == 0 && strstr (hit->document_title, "human beings"))
          {
            g_autofree char *rendered = dossier_snippet_render (hit->snippet, "[", "]");

            g_assert_nonnull (strstr (rendered, "[Witness] [protection]"));
            found = TRUE;
          }
      }
    g_assert_true (found);
  }
}

static void
test_phrase_query (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) words = NULL;
  g_autoptr(GPtrArray) phrase = NULL;

  words = dossier_store_search (store, "human trafficking", DOSSIER_SEARCH_PLAIN, 200, &error);
  g_assert_no_error (error);
  phrase = dossier_store_search (store, "\"human trafficking\"", DOSSIER_SEARCH_PLAIN, 200, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (phrase->len, >, 0);
  /* Every phrase hit is a word hit, not the other way round. */
  g_assert_cmpuint (phrase->len, <, words->len);
  for (guint i = 0; i < phrase->len; i++)
    {
      DossierSearchHit *hit = g_ptr_array_index (phrase, i);
      g_autofree char *rendered = dossier_snippet_render (hit->snippet, "[", "]");
      g_autofree char *lower = g_utf8_strdown (rendered, -1);

      /* FTS5 highlights a phrase match as one run; when the phrase straddles
       * the end of the snippet's window only its first word is shown. */
      g_assert_true (strstr (lower, "[human trafficking]") != NULL ||
                     g_str_has_suffix (lower, "[human]\u2026") ||
                     g_str_has_suffix (lower, "[human]"));
    }
}

static void
test_prefix_and_stemming (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) prefix = dossier_store_search (store, "traffick*", DOSSIER_SEARCH_PLAIN, 5, &error);
  g_autoptr(GPtrArray) stem = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (prefix->len, ==, 5);

  /* Porter stemming: "protocols" finds "Protocol". */
  stem = dossier_store_search (store, "protocols", DOSSIER_SEARCH_PLAIN, 50, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stem->len, >, 5);
}

static void
test_hostile_queries (void)
{
  const char *queries[] = {
    "\"", "\"\"", "\"witness", "*", "**", "-", "--", ":", "text:", "NEAR(", "NEAR(a b",
    "a OR", "AND", "NOT", "(", ")", "^", "witness -protection", "col:witness",
    "'; DROP TABLE block; --", "%s%n%x", "\\", "\xd9\x85\xd9\x83\xd8\xaa\xd8\xa8",
    "E/CN.4/2003/74", "(a)", "55/67", "\xe2\x80\xae" "abc", "   ", "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) hits = dossier_store_search (store, queries[i], DOSSIER_SEARCH_PLAIN, 10, &error);

      g_assert_no_error (error);
      g_assert_nonnull (hits);
    }

  /* The corpus is still whole. */
  g_assert_cmpuint (dossier_store_count_documents (store), ==, 5);

  /* Symbols are searchable as typed. */
  {
    g_autoptr(GPtrArray) hits = dossier_store_search (store, "A/57/170", DOSSIER_SEARCH_PLAIN, 10, NULL);
    g_assert_cmpuint (hits->len, >, 0);
  }
}

static void
test_advanced_queries (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  const char *malformed[] = { "NEAR(", "\"unbalanced", "a OR", "text:", "(", "AND" };

  hits = dossier_store_search (store, "NEAR(witness protection, 3)", DOSSIER_SEARCH_ADVANCED, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, >, 0);
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = dossier_store_search (store, "UNHCR NOT refugees", DOSSIER_SEARCH_ADVANCED, 50, &error);
  g_assert_no_error (error);
  g_clear_pointer (&hits, g_ptr_array_unref);

  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      hits = dossier_store_search (store, malformed[i], DOSSIER_SEARCH_ADVANCED, 10, &error);
      g_assert_null (hits);
      g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_QUERY);
      g_assert_nonnull (strstr (error->message, "advanced"));
      g_clear_error (&error);
    }
}

static void
test_build_query (void)
{
  struct { const char *in; const char *out; } cases[] = {
    { "witness protection", "\"witness\" \"protection\"" },
    { "\"witness protection\"", "\"witness protection\"" },
    { "traffick*", "\"traffick\"*" },
    { "say \"hi", "\"say\" \"hi\"" },
    { "a\"b", "\"a\" \"b\"" },
    { "NEAR(x", "\"NEAR(x\"" },
    { "- : * \"\"", NULL },
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *fts = dossier_store_build_fts_query (cases[i].in);

      g_assert_cmpstr (fts, ==, cases[i].out);
    }
}

static void
test_too_long (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *query = g_strnfill (5000, 'a');
  g_autoptr(GPtrArray) hits = dossier_store_search (store, query, DOSSIER_SEARCH_PLAIN, 10, &error);

  g_assert_null (hits);
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_QUERY);
}

/*
 * dossier_store_search() ranks candidates with FTS5 alone, then filters and
 * renders them, paging when front matter takes the candidates. Hits, order,
 * ranks and snippets must be exactly those of one query over all matches, as
 * the search ran before (docs/PERFORMANCE.md, "Search").
 */
static const char single_query_sql[] =
  "SELECT b.id, snippet(block_fts, 0, char(2), char(3), '…', 24), rank"
  " FROM block_fts JOIN block b ON b.id = block_fts.rowid"
  " JOIN document d ON d.id = b.document_id"
  " WHERE block_fts MATCH ?1 AND block_fts.rank MATCH 'bm25(1.0, 0.25)'"
  " AND b.kind NOT IN ('front', 'contact')"
  " ORDER BY rank LIMIT ?2";

static void
test_same_as_single_query (gconstpointer data)
{
  gboolean with_cache = GPOINTER_TO_INT (data);
  static const char *queries[] = {
    "trafficking", "women", "witness protection", "\"human trafficking\"",
    "traffick*", "prosecut*", "migra*", "UNODC", "OHCHR", "Special Rapporteur",
    "Council of Europe", "United Nations", "General Assembly", "Economic and Social Council",
    "Commission", "session", "item", "report", "A/57/170", "E/CN.4/2003/74",
    "Palermo Protocol", "repatriation", "Republic of Moldova", "child victims",
    /* Words of the front matter, which the search leaves out. */
    "Distr", "Original English", "GENERAL", "2003", "Council", "Fifty-ninth session",
    "provisional agenda", "Secretary-General", "Distr* General* Original* English*",
  };
  static const guint limits[] = { 1, 2, 3, 5, 10, 20, 50, 200, 1000 };
  guint paged = 0, compared = 0;

  /* With the table of row lengths and kinds, and without it: the per-row
   * lookups and the paging past front matter that it makes rare. */
  _dossier_store_search_set_rank_cache (store, with_cache);

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    for (guint l = 0; l < G_N_ELEMENTS (limits); l++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(GPtrArray) hits = dossier_store_search (store, queries[q], DOSSIER_SEARCH_PLAIN,
                                                          limits[l], &error);
        g_autofree char *fts = dossier_store_build_fts_query (queries[q]);
        sqlite3_stmt *stmt = NULL;
        guint n = 0, filtered_ahead = 0;

        g_assert_no_error (error);
        g_assert_cmpint (sqlite3_prepare_v2 (dossier_store_get_handle (store), single_query_sql,
                                             -1, &stmt, NULL), ==, SQLITE_OK);
        sqlite3_bind_text (stmt, 1, fts, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int (stmt, 2, (int) limits[l]);
        while (sqlite3_step (stmt) == SQLITE_ROW)
          {
            DossierSearchHit *hit;

            g_assert_cmpuint (n, <, hits->len);
            hit = g_ptr_array_index (hits, n);
            g_assert_cmpint (hit->block_id, ==, sqlite3_column_int64 (stmt, 0));
            g_assert_cmpstr (hit->snippet, ==, (const char *) sqlite3_column_text (stmt, 1));
            g_assert_cmpfloat (hit->rank, ==, sqlite3_column_double (stmt, 2));
            n++;
          }
        sqlite3_finalize (stmt);
        g_assert_cmpuint (n, ==, hits->len);
        compared += n;

        /* Did front matter push hits beyond the first page of candidates? */
          {
            double last_rank = G_MAXDOUBLE;

            if (hits->len == limits[l])
              last_rank = ((DossierSearchHit *) g_ptr_array_index (hits, hits->len - 1))->rank;

            g_assert_cmpint (sqlite3_prepare_v2 (dossier_store_get_handle (store),
                                                 "SELECT count(*) FROM block_fts JOIN block b ON b.id = block_fts.rowid"
                                                 " WHERE block_fts MATCH ?1 AND b.kind IN ('front', 'contact')"
                                                 " AND bm25(block_fts, 1.0, 0.25) <= ?2",
                                                 -1, &stmt, NULL), ==, SQLITE_OK);
            sqlite3_bind_text (stmt, 1, fts, -1, SQLITE_TRANSIENT);
            sqlite3_bind_double (stmt, 2, last_rank);
            g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
            filtered_ahead = (guint) sqlite3_column_int (stmt, 0);
            sqlite3_finalize (stmt);
            if (filtered_ahead > limits[l] / 4 + 2)
              paged++;
          }
      }

  g_test_message ("%u hits compared, %u searches paged past front matter", compared, paged);
  g_assert_cmpuint (compared, >, 1000);
  /* The paging path was exercised, not only the first page. */
  g_assert_cmpuint (paged, >, 0);
  _dossier_store_search_set_rank_cache (store, TRUE);
}

/* Every match's dossier_bm25() against FTS5's bm25(), bit for bit, and
 * dossier_searchable() against the block's kind when the search's table
 * knows the kinds; the number of rows compared. */
static guint
compare_ranks (DossierStore *db,
               const char   *fts,
               const char   *weights,
               gboolean      kinds_known)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  guint n = 0;

  sql = g_strdup_printf ("SELECT block_fts.rowid, bm25(block_fts%s), dossier_bm25(block_fts%s),"
                         " dossier_searchable(block_fts), b.kind"
                         " FROM block_fts JOIN block b ON b.id = block_fts.rowid"
                         " WHERE block_fts MATCH ?1", weights, weights);
  g_assert_cmpint (sqlite3_prepare_v2 (dossier_store_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, fts, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *kind = (const char *) sqlite3_column_text (stmt, 4);
      gboolean shown = g_strcmp0 (kind, "front") != 0 && g_strcmp0 (kind, "contact") != 0;

      if (sqlite3_column_double (stmt, 1) != sqlite3_column_double (stmt, 2))
        g_error ("“%s”, row %" G_GINT64_FORMAT ": bm25 %.17g, dossier_bm25 %.17g", fts,
                 (gint64) sqlite3_column_int64 (stmt, 0),
                 sqlite3_column_double (stmt, 1), sqlite3_column_double (stmt, 2));
      /* Without the kinds every block is searchable, and step 2 filters. */
      g_assert_cmpint (sqlite3_column_int (stmt, 3), ==, kinds_known ? shown : TRUE);
      n++;
    }
  g_assert_cmpint (sqlite3_errcode (dossier_store_get_handle (db)), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  return n;
}

static void
test_rank_same_as_bm25 (void)
{
  /* Plain queries as the search builds them, and advanced ones: NEAR, OR,
   * NOT, a column filter, a prefix, a phrase that repeats a word. */
  static const char *plain[] = {
    "trafficking", "witness protection", "\"human trafficking\"", "traffick*",
    "UNODC", "Special Rapporteur", "Distr", "the", "of the", "\"of the\"",
  };
  static const char *advanced[] = {
    "NEAR(witness protection, 3)", "UNHCR NOT refugees", "trafficking OR migrant*",
    "heading_path : trafficking", "{text heading_path} : women", "\"the the\"",
    "victims AND (protection OR assistance)", "^trafficking",
  };
  static const char *weights[] = { "", ", 1.0, 0.25", ", 2.0", ", 0.5, 3.0, 7.0" };
  guint compared = 0;

  for (int with_cache = 1; with_cache >= 0; with_cache--)
    {
      _dossier_store_search_set_rank_cache (store, with_cache);
      /* Front matter ranks high for these words: the search pages past it
       * once, and the table learns the kinds. */
      for (guint q = 0; q < 4; q++)
        {
          static const char *front[] = { "session", "Distr", "2003", "Council" };
          g_autoptr(GPtrArray) hits = dossier_store_search (store, front[q], DOSSIER_SEARCH_PLAIN, 1, NULL);

          g_assert_nonnull (hits);
        }
      for (guint w = 0; w < G_N_ELEMENTS (weights); w++)
        {
          for (guint q = 0; q < G_N_ELEMENTS (plain); q++)
            {
              g_autofree char *fts = dossier_store_build_fts_query (plain[q]);

              compared += compare_ranks (store, fts, weights[w], with_cache);
            }
          for (guint q = 0; q < G_N_ELEMENTS (advanced); q++)
            compared += compare_ranks (store, advanced[q], weights[w], with_cache);
        }
    }
  _dossier_store_search_set_rank_cache (store, TRUE);
  g_test_message ("%u scores compared", compared);
  g_assert_cmpuint (compared, >, 5000);
}

/* The search's hits against the single query of test_same_as_single_query(). */
static void
assert_same_as_single_query (DossierStore *db,
                             const char   *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = dossier_store_search (db, query, DOSSIER_SEARCH_PLAIN, 50, &error);
  g_autofree char *fts = dossier_store_build_fts_query (query);
  sqlite3_stmt *stmt = NULL;
  guint n = 0;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_prepare_v2 (dossier_store_get_handle (db), single_query_sql,
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, fts, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, 50);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      DossierSearchHit *hit;

      g_assert_cmpuint (n, <, hits->len);
      hit = g_ptr_array_index (hits, n);
      g_assert_cmpint (hit->block_id, ==, sqlite3_column_int64 (stmt, 0));
      g_assert_cmpfloat (hit->rank, ==, sqlite3_column_double (stmt, 2));
      n++;
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (n, ==, hits->len);
  g_assert_cmpuint (n, >, 0);
}

static void
import_markdown (DossierStore *db,
                 const char   *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
  DossierParsedDocument *doc = dossier_import_parse_markdown ("changing.md", text, -1, &error);

  g_assert_no_error (error);
  g_assert_true (dossier_store_import_parsed (db, doc, hash, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  dossier_parsed_document_free (doc);
}

/* Paragraphs without the words searched for, so that a word in one or two
 * paragraphs has an IDF that its count changes. */
#define FILLER "4. The meeting adjourned.\n\n5. Budget matters were discussed.\n\n" \
               "6. Other business.\n\n7. Closing of the session.\n"

/* The table of lengths and kinds, and the phrases' counts, are read again
 * after any change, from this connection or another: a replaced document's
 * new blocks may take the ids of its old ones, with other lengths, and a stale
 * table or count would rank them wrong. */
static void
test_rank_cache_follows_changes (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (tmp_dir, "changes.db", NULL);
  g_autoptr(DossierStore) db = dossier_store_open (path, &error);
  g_autoptr(DossierStore) other = NULL;
  guint64 loads;

  g_assert_no_error (error);
  import_markdown (db, "# Trafficking report\n\n"
                       "1. Trafficking in persons, trafficking in women.\n\n"
                       "2. A long paragraph on trafficking that says a great deal more about"
                       " the victims of trafficking, their protection and their return home.\n\n"
                       "3. Witness protection.\n\n" FILLER);
  assert_same_as_single_query (db, "trafficking");
  assert_same_as_single_query (db, "witness");
  loads = _dossier_store_search_get_n_rank_loads (db);
  g_assert_cmpuint (loads, >, 0);
  /* Nothing changed: the table is kept, and the phrases' counts. */
  assert_same_as_single_query (db, "trafficking");
  assert_same_as_single_query (db, "witness");
  g_assert_cmpuint (_dossier_store_search_get_n_rank_loads (db), ==, loads);

  /* A new version from this connection: short paragraphs become long ones,
   * and "witness" is in two paragraphs (a stale count would change its IDF). */
  import_markdown (db, "# Trafficking report\n\n"
                       "1. A long paragraph on trafficking in persons and trafficking in women,"
                       " longer than any paragraph of the first version, with a witness.\n\n"
                       "2. Trafficking.\n\n"
                       "3. Trafficking victims and witness protection, at some length too.\n\n" FILLER);
  assert_same_as_single_query (db, "trafficking");
  assert_same_as_single_query (db, "witness");
  g_assert_cmpuint (_dossier_store_search_get_n_rank_loads (db), >, loads);
  g_assert_cmpuint (compare_ranks (db, "\"trafficking\"", ", 1.0, 0.25", FALSE), ==, 4);
  g_assert_cmpuint (compare_ranks (db, "\"witness\"", ", 1.0, 0.25", FALSE), ==, 2);
  loads = _dossier_store_search_get_n_rank_loads (db);

  /* And from another connection, as dossier-cli or an import thread would. */
  other = dossier_store_open (path, &error);
  g_assert_no_error (error);
  import_markdown (other, "# Trafficking report\n\n"
                          "1. Trafficking.\n\n"
                          "2. Trafficking, trafficking and trafficking again, in a paragraph"
                          " that is now the longest of all, about trafficking in persons.\n\n"
                          "3. A witness.\n\n" FILLER);
  assert_same_as_single_query (db, "trafficking");
  assert_same_as_single_query (db, "witness");
  g_assert_cmpuint (_dossier_store_search_get_n_rank_loads (db), >, loads);
  g_assert_cmpuint (compare_ranks (db, "\"trafficking\"", ", 1.0, 0.25", FALSE), ==, 3);
  g_assert_cmpuint (compare_ranks (db, "\"witness\"", ", 1.0, 0.25", FALSE), ==, 1);

  g_clear_object (&other);
  g_clear_object (&db);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);
    g_unlink (wal);
    g_unlink (shm);
  }
  g_unlink (path);
}

/* Snippets for the first hits only, the others on request: the same snippets
 * as one search with all of them. */
static void
test_lazy_snippets (void)
{
  static const char *queries[] = {
    "trafficking", "witness protection", "traffick*", "\"human trafficking\"", "Special Rapporteur",
  };

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) all = dossier_store_search (store, queries[q], DOSSIER_SEARCH_PLAIN, 50, &error);
      g_autoptr(GPtrArray) some = NULL;

      g_assert_no_error (error);
      some = dossier_store_search_full (store, queries[q], DOSSIER_SEARCH_PLAIN, 50, 3, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (some->len, ==, all->len);
      g_assert_cmpuint (all->len, >, 3);
      for (guint i = 0; i < some->len; i++)
        {
          DossierSearchHit *a = g_ptr_array_index (all, i), *s = g_ptr_array_index (some, i);

          g_assert_cmpint (s->block_id, ==, a->block_id);
          g_assert_cmpfloat (s->rank, ==, a->rank);
          g_assert_cmpstr (s->citation, ==, a->citation);
          if (i < 3)
            g_assert_cmpstr (s->snippet, ==, a->snippet);
          else
            g_assert_null (s->snippet);
        }

      /* The next rows as they come into view, then the rest. */
      g_assert_true (dossier_store_search_snippets (store, queries[q], DOSSIER_SEARCH_PLAIN,
                                                    some, 3, 10, &error));
      g_assert_no_error (error);
      for (guint i = 0; i < some->len; i++)
        if (i < 10)
          g_assert_cmpstr (((DossierSearchHit *) some->pdata[i])->snippet, ==,
                           ((DossierSearchHit *) all->pdata[i])->snippet);
        else
          g_assert_null (((DossierSearchHit *) some->pdata[i])->snippet);
      g_assert_true (dossier_store_search_snippets (store, queries[q], DOSSIER_SEARCH_PLAIN,
                                                    some, 10, G_MAXUINT, &error));
      g_assert_no_error (error);
      for (guint i = 0; i < some->len; i++)
        g_assert_cmpstr (((DossierSearchHit *) some->pdata[i])->snippet, ==,
                         ((DossierSearchHit *) all->pdata[i])->snippet);
    }
}

static void
write_text (const char *path,
            const char *text)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static DossierBatchResult *
import_paths (DossierStore *db,
              const char   *first,
              ...)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  DossierBatchResult *result;
  va_list args;

  va_start (args, first);
  for (const char *p = first; p != NULL; p = va_arg (args, const char *))
    g_ptr_array_add (paths, (gpointer) p);
  va_end (args);
  g_ptr_array_add (paths, NULL);
  result = dossier_batch_import (db, NULL, (const char *const *) paths->pdata, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_cmpuint (result->n_refused, ==, 0);
  return result;
}

/* A batch that writes a large share of the corpus's blocks leaves the index in
 * one segment; a one-file batch, or a small one, leaves it to FTS5's
 * automerge. */
static void
test_optimize_after_batch (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (tmp_dir, "optimize.db", NULL);
  g_autofree char *corpus = g_test_build_filename (G_TEST_DIST, "..", "data", "corpus", NULL);
  g_autofree char *testdata = g_test_build_filename (G_TEST_DIST, "data", "testdata", NULL);
  g_autofree char *palermo = g_build_filename (testdata, "Palermo_Trafficking_Protocol_2000.md", NULL);
  g_autofree char *small1 = g_build_filename (tmp_dir, "optimize-small-1.md", NULL);
  g_autofree char *small2 = g_build_filename (tmp_dir, "optimize-small-2.md", NULL);
  g_autofree char *small3 = g_build_filename (tmp_dir, "optimize-small-3.md", NULL);
  g_autoptr(DossierStore) db = dossier_store_open (path, &error);
  g_autoptr(DossierBatchResult) result = NULL;
  g_autoptr(DossierStore) other = NULL;
  g_autofree char *bulk = NULL;
  guint64 used;

  g_assert_no_error (error);

  /* One file, all of the corpus: still not a merge. */
  result = import_paths (db, palermo, NULL);
  g_assert_cmpuint (result->n_added, ==, 1);
  g_assert_cmpuint (_dossier_store_search_get_n_optimizes (db), ==, 0);
  g_clear_pointer (&result, dossier_batch_result_free);

  /* Many files, one commit each: several segments, merged at the end. */
  g_setenv ("DOSSIER_IMPORT_GROUP_FILES", "1", TRUE);
  result = import_paths (db, corpus, testdata, NULL);
  g_unsetenv ("DOSSIER_IMPORT_GROUP_FILES");
  g_assert_cmpuint (result->n_added, ==, 9);
  g_assert_cmpuint (_dossier_store_search_get_n_optimizes (db), ==, 1);
  g_assert_cmpint (_dossier_store_search_get_n_segments (db), ==, 1);
  g_clear_pointer (&result, dossier_batch_result_free);

  /* The common words' counts were stored with the merged index, and are
   * what counting them gives. */
  used = _dossier_store_search_get_n_term_counts (db);
  assert_same_as_single_query (db, "trafficking of women");
  assert_same_as_single_query (db, "the protection of victims");
  g_assert_cmpuint (_dossier_store_search_get_n_term_counts (db), >=, used + 5);

  /* A small share of the corpus, in one file or two: a new segment stays. */
  write_text (small1, "# Small one\n\nTrafficking in persons, a short note.\n");
  result = import_paths (db, small1, NULL);
  g_assert_cmpuint (result->n_added, ==, 1);
  g_clear_pointer (&result, dossier_batch_result_free);
  g_assert_cmpuint (_dossier_store_search_get_n_optimizes (db), ==, 1);
  g_assert_cmpint (_dossier_store_search_get_n_segments (db), ==, 2);

  /* The stored counts are stale now ("trafficking", "of", "persons" are in
   * one more row): not used, and the ranks stay bm25's. */
  used = _dossier_store_search_get_n_term_counts (db);
  assert_same_as_single_query (db, "trafficking of persons");
  assert_same_as_single_query (db, "trafficking of women");
  g_assert_cmpuint (_dossier_store_search_get_n_term_counts (db), ==, used);

  write_text (small2, "# Small two\n\nA note on migrants.\n");
  write_text (small3, "# Small three\n\nA note on victims.\n");
  result = import_paths (db, small2, small3, NULL);
  g_assert_cmpuint (result->n_added, ==, 2);
  g_clear_pointer (&result, dossier_batch_result_free);
  g_assert_cmpuint (_dossier_store_search_get_n_optimizes (db), ==, 1);
  g_assert_cmpint (_dossier_store_search_get_n_segments (db), >, 1);

  /* Another large batch, from another connection as dossier-cli would:
   * counts stored again, read by this one, and right. */
  other = dossier_store_open (path, &error);
  g_assert_no_error (error);
  bulk = g_build_filename (tmp_dir, "optimize-bulk", NULL);
  g_assert_cmpint (g_mkdir (bulk, 0700), ==, 0);
  for (guint i = 0; i < 12; i++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autofree char *name = g_strdup_printf ("bulk-%u.md", i);
      g_autofree char *file = g_build_filename (bulk, name, NULL);

      g_string_append_printf (text, "# Bulk report %u\n\n", i);
      for (guint j = 0; j < 60; j++)
        g_string_append_printf (text, "%u. Paragraph %u of report %u on the trafficking of persons%s.\n\n",
                                j + 1, j, i, j % 3 == 0 ? " and the protection of victims" : "");
      write_text (file, text->str);
    }
  result = import_paths (other, bulk, NULL);
  g_assert_cmpuint (result->n_added, ==, 12);
  g_clear_pointer (&result, dossier_batch_result_free);
  g_clear_object (&other);
  used = _dossier_store_search_get_n_term_counts (db);
  assert_same_as_single_query (db, "trafficking of persons");
  g_assert_cmpuint (_dossier_store_search_get_n_term_counts (db), >, used);

  g_clear_object (&db);
  for (const char *const *f = (const char *const[]) { "", "-wal", "-shm", NULL }; *f != NULL; f++)
    {
      g_autofree char *file = g_strconcat (path, *f, NULL);
      g_unlink (file);
    }
  g_unlink (small1);
  g_unlink (small2);
  g_unlink (small3);
  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *name = g_strdup_printf ("bulk-%u.md", i);
      g_autofree char *file = g_build_filename (bulk, name, NULL);

      g_unlink (file);
    }
  g_rmdir (bulk);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierBatchResult) result = NULL;
  g_autofree char *path = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("dossier-search-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (tmp_dir, "corpus.db", NULL);
  store = dossier_store_open (path, &error);
  g_assert_no_error (error);
  result = dossier_batch_import_bundled (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->n_added, ==, 5);

  g_test_add_func ("/dossier/search/witness-protection", test_witness_protection);
  g_test_add_func ("/dossier/search/phrase", test_phrase_query);
  g_test_add_func ("/dossier/search/prefix-and-stemming", test_prefix_and_stemming);
  g_test_add_func ("/dossier/search/hostile-queries", test_hostile_queries);
  g_test_add_func ("/dossier/search/advanced", test_advanced_queries);
  g_test_add_func ("/dossier/search/build-query", test_build_query);
  g_test_add_func ("/dossier/search/too-long", test_too_long);
  g_test_add_data_func ("/dossier/search/same-as-single-query", GINT_TO_POINTER (TRUE),
                        test_same_as_single_query);
  g_test_add_data_func ("/dossier/search/same-as-single-query-per-row", GINT_TO_POINTER (FALSE),
                        test_same_as_single_query);
  g_test_add_func ("/dossier/search/rank-same-as-bm25", test_rank_same_as_bm25);
  g_test_add_func ("/dossier/search/rank-cache-follows-changes", test_rank_cache_follows_changes);
  g_test_add_func ("/dossier/search/lazy-snippets", test_lazy_snippets);
  g_test_add_func ("/dossier/search/optimize-after-batch", test_optimize_after_batch);

  status = g_test_run ();

  g_object_unref (store);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);
    g_unlink (wal);
    g_unlink (shm);
  }
  g_unlink (path);
  g_rmdir (tmp_dir);
  g_free (tmp_dir);
  return status;
}
