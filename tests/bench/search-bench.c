/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * search-bench: latency of dossier_store_search() on a corpus database.
 *
 *   search-bench DB QUERIES-FILE [ROUNDS]
 *
 * Runs each query of QUERIES-FILE (one per line, as a user types it) ROUNDS
 * times (default 5) after one warm-up round, with the limit the window uses
 * (50 hits), and prints one line:
 *
 *   queries=30 rounds=5 p50_ms=1.234 p99_ms=5.678 max_ms=9.012 hits=1234
 *     floor_p50_ms=0.9 floor_p99_ms=4.5 …
 *
 * p50/p99 are what the search popover pays before it shows its results: one
 * dossier_store_search_full() call with snippets for the first
 * SEARCH_BENCH_FIRST_SNIPPETS hits, rendered, with none of the query's phrase
 * counts known (the search keeps them, for bm25's IDF, until the corpus
 * changes: the bench forgets them before each query). warm_* is the same call
 * again with the counts known, as when the words were searched before (while
 * typing a query word by word, or changing a filter). all_snippets_* is one
 * dossier_store_search() with all 50 snippets and no counts known (what the
 * search cost before the popover asked for the others later), rest_* the call
 * that fills in the other snippets. The floor is FTS5 alone on the same database and the same
 * expressions: the 50 best rowids by FTS5's bm25, nothing else. The
 * single_query figures are the one SQL query the search ran before its two
 * steps (docs/PERFORMANCE.md); its hits, ranks and snippets must be the same,
 * in the same order, or the line says mismatches=N and the exit status is 1.
 * The measures interleave query by query. first_search_ms is the first search
 * of the run, which reads the search's table of row lengths and kinds (again
 * after any change to the corpus). SEARCH_BENCH_CPU=1 measures the thread's
 * CPU time instead of wall-clock time, steadier on a busy machine.
 * stored_counts is how many phrase counts the searches took from the counts
 * a large batch import stores (schema 5), which forgetting the kept counts
 * does not forget: 0 on a database whose index changed since.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "dossier-store-private.h"

/* The hits the search popover shows first (dossier-search-popover.c). */
#define SEARCH_BENCH_FIRST_SNIPPETS 10

/* dossier_store_search() up to the two-step search (docs/PERFORMANCE.md):
 * FTS5 sorts every match by rank, the rows are joined lazily. */
static const char reference_sql[] =
  "SELECT b.id, b.document_id, d.symbol, d.title, d.date, b.kind, b.label, b.heading_path,"
  " b.level, b.seq, b.text,"
  " snippet(block_fts, 0, char(2), char(3), '…', 24),"
  " rank"
  " FROM block_fts JOIN block b ON b.id = block_fts.rowid"
  " JOIN document d ON d.id = b.document_id"
  " WHERE block_fts MATCH ?1 AND block_fts.rank MATCH 'bm25(1.0, 0.25)'"
  " AND b.kind NOT IN ('front', 'contact')"
  " ORDER BY rank LIMIT 50";

/* Wall-clock time, or with SEARCH_BENCH_CPU set the thread's CPU time, which
 * other processes on a busy machine disturb less. */
static gint64
now_us (void)
{
  static int use_cpu = -1;
  struct timespec ts;

  if (use_cpu < 0)
    use_cpu = g_getenv ("SEARCH_BENCH_CPU") != NULL;
  if (!use_cpu)
    return g_get_monotonic_time ();
  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (GArray *sorted,
            double  p)
{
  guint index = (guint) (p * (sorted->len - 1) + 0.5);

  return g_array_index (sorted, double, MIN (index, sorted->len - 1));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) queries = g_ptr_array_new ();
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) floor_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) reference_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) all_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) rest_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) warm_times = g_array_new (FALSE, FALSE, sizeof (double));
  double first_search_ms = -1;
  guint mismatches = 0;
  guint rounds = argc > 3 ? (guint) atoi (argv[3]) : 5;
  guint64 hits = 0;

  if (argc < 3 || rounds == 0)
    {
      fprintf (stderr, "Usage: search-bench DB QUERIES-FILE [ROUNDS]\n");
      return 2;
    }

  store = dossier_store_open (argv[1], &error);
  if (store == NULL || !g_file_get_contents (argv[2], &contents, NULL, &error))
    {
      fprintf (stderr, "search-bench: %s\n", error->message);
      return 1;
    }
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (*g_strstrip (lines[i]) != '\0' && lines[i][0] != '#')
      g_ptr_array_add (queries, lines[i]);

  /* The three measures interleave, query by query, so that a busy machine
   * weighs on all of them alike. */
  for (guint round = 0; round <= rounds; round++)
    for (guint q = 0; q < queries->len; q++)
      {
        const char *query = g_ptr_array_index (queries, q);
        g_autofree char *fts = dossier_store_build_fts_query (query);
        g_autoptr(GPtrArray) result = NULL;
        g_autoptr(GPtrArray) warm = NULL;
        g_autoptr(GPtrArray) all = NULL;
        g_autoptr(GArray) reference_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
        g_autoptr(GPtrArray) reference_snippets = g_ptr_array_new_with_free_func (g_free);
        g_autoptr(GArray) reference_ranks = g_array_new (FALSE, FALSE, sizeof (double));
        gint64 start;
        sqlite3_stmt *stmt = NULL;
        double ms, first_ms;

        /* What the popover pays before showing its results. */
        _dossier_store_search_forget_counts (store);
        start = now_us ();
        result = dossier_store_search_full (store, query, DOSSIER_SEARCH_PLAIN, 50,
                                            SEARCH_BENCH_FIRST_SNIPPETS, &error);
        if (result == NULL)
          {
            fprintf (stderr, "search-bench: “%s”: %s\n", query, error->message);
            return 1;
          }
        for (guint h = 0; h < result->len && h < SEARCH_BENCH_FIRST_SNIPPETS; h++)
          {
            DossierSearchHit *hit = g_ptr_array_index (result, h);
            g_autofree char *text = dossier_snippet_render (hit->snippet, "<b>", "</b>");
          }
        first_ms = ms = (now_us () - start) / 1000.0;
        if (first_search_ms < 0)
          first_search_ms = ms;
        if (round > 0)
          {
            g_array_append_val (times, ms);
            hits += result->len;
          }

        /* What it pays later, as the other rows come into view. */
        start = now_us ();
        if (!dossier_store_search_snippets (store, query, DOSSIER_SEARCH_PLAIN, result,
                                            SEARCH_BENCH_FIRST_SNIPPETS, result->len, &error))
          {
            fprintf (stderr, "search-bench: “%s”: %s\n", query, error->message);
            return 1;
          }
        for (guint h = SEARCH_BENCH_FIRST_SNIPPETS; h < result->len; h++)
          {
            DossierSearchHit *hit = g_ptr_array_index (result, h);
            g_autofree char *text = dossier_snippet_render (hit->snippet, "<b>", "</b>");
          }
        ms = (now_us () - start) / 1000.0;
        if (round > 0)
          g_array_append_val (rest_times, ms);

        /* The same search with the phrases' counts known. */
        start = now_us ();
        warm = dossier_store_search_full (store, query, DOSSIER_SEARCH_PLAIN, 50,
                                          SEARCH_BENCH_FIRST_SNIPPETS, &error);
        if (warm == NULL)
          {
            fprintf (stderr, "search-bench: “%s”: %s\n", query, error->message);
            return 1;
          }
        for (guint h = 0; h < warm->len && h < SEARCH_BENCH_FIRST_SNIPPETS; h++)
          {
            DossierSearchHit *hit = g_ptr_array_index (warm, h);
            g_autofree char *text = dossier_snippet_render (hit->snippet, "<b>", "</b>");
          }
        ms = (now_us () - start) / 1000.0;
        if (round > 0)
          g_array_append_val (warm_times, ms);

        /* Every snippet at once, as the search did before. */
        _dossier_store_search_forget_counts (store);
        start = now_us ();
        all = dossier_store_search (store, query, DOSSIER_SEARCH_PLAIN, 50, &error);
        if (all == NULL)
          {
            fprintf (stderr, "search-bench: “%s”: %s\n", query, error->message);
            return 1;
          }
        for (guint h = 0; h < all->len; h++)
          {
            DossierSearchHit *hit = g_ptr_array_index (all, h);
            g_autofree char *text = dossier_snippet_render (hit->snippet, "<b>", "</b>");
          }
        ms = (now_us () - start) / 1000.0;
        if (round > 0)
          {
            g_array_append_val (all_times, ms);
            if (g_getenv ("SEARCH_BENCH_VERBOSE") != NULL && round == 1)
              fprintf (stderr, "%8.3f ms  (%8.3f ms with counts, %8.3f ms all snippets)  %3u hits  %s\n",
                       first_ms, g_array_index (warm_times, double, warm_times->len - 1), ms,
                       result->len, query);
          }

        /* The single query dossier_store_search() ran before the two-step
         * search: same hits in the same order, for the before/after figures
         * and as a check. */
        start = now_us ();
        if (sqlite3_prepare_v2 (dossier_store_get_handle (store), reference_sql,
                                -1, &stmt, NULL) != SQLITE_OK)
          return 1;
        sqlite3_bind_text (stmt, 1, fts, -1, SQLITE_TRANSIENT);
        while (sqlite3_step (stmt) == SQLITE_ROW)
          {
            gint64 id = sqlite3_column_int64 (stmt, 0);
            double rank = sqlite3_column_double (stmt, 12);
            g_autofree char *text = dossier_snippet_render ((const char *) sqlite3_column_text (stmt, 11),
                                                            "<b>", "</b>");

            g_array_append_val (reference_ids, id);
            g_array_append_val (reference_ranks, rank);
            if (round == 0)
              g_ptr_array_add (reference_snippets, g_strdup ((const char *) sqlite3_column_text (stmt, 11)));
          }
        sqlite3_finalize (stmt);
        ms = (now_us () - start) / 1000.0;
        if (round > 0)
          g_array_append_val (reference_times, ms);
        if (round == 0)
          {
            gboolean same = reference_ids->len == result->len && all->len == result->len
                            && warm->len == result->len;

            /* Same hits, ranks and snippets, whether the snippets came with
             * the search or after it. */
            for (guint h = 0; same && h < result->len; h++)
              {
                DossierSearchHit *hit = g_ptr_array_index (result, h);
                DossierSearchHit *eager = g_ptr_array_index (all, h);

                same = g_array_index (reference_ids, gint64, h) == hit->block_id
                       && g_array_index (reference_ranks, double, h) == hit->rank
                       && g_strcmp0 (g_ptr_array_index (reference_snippets, h), hit->snippet) == 0
                       && eager->block_id == hit->block_id && eager->rank == hit->rank
                       && g_strcmp0 (eager->snippet, hit->snippet) == 0
                       && ((DossierSearchHit *) g_ptr_array_index (warm, h))->block_id == hit->block_id
                       && ((DossierSearchHit *) g_ptr_array_index (warm, h))->rank == hit->rank;
              }
            if (!same)
              {
                fprintf (stderr, "search-bench: “%s”: hits differ from the single-query search\n", query);
                mismatches++;
              }
          }

        start = now_us ();
        if (sqlite3_prepare_v2 (dossier_store_get_handle (store),
                                "SELECT rowid FROM block_fts WHERE block_fts MATCH ?"
                                " ORDER BY bm25(block_fts, 1.0, 0.25) LIMIT 50",
                                -1, &stmt, NULL) != SQLITE_OK)
          return 1;
        sqlite3_bind_text (stmt, 1, fts, -1, SQLITE_TRANSIENT);
        while (sqlite3_step (stmt) == SQLITE_ROW)
          ;
        sqlite3_finalize (stmt);
        if (round > 0)
          {
            ms = (now_us () - start) / 1000.0;
            g_array_append_val (floor_times, ms);
          }
      }

  g_array_sort (times, compare_doubles);
  g_array_sort (floor_times, compare_doubles);
  g_array_sort (reference_times, compare_doubles);
  g_array_sort (all_times, compare_doubles);
  g_array_sort (rest_times, compare_doubles);
  g_array_sort (warm_times, compare_doubles);
  printf ("queries=%u rounds=%u p50_ms=%.3f p99_ms=%.3f max_ms=%.3f hits=%" G_GUINT64_FORMAT
          " floor_p50_ms=%.3f floor_p99_ms=%.3f single_query_p50_ms=%.3f single_query_p99_ms=%.3f"
          " all_snippets_p50_ms=%.3f all_snippets_p99_ms=%.3f rest_p50_ms=%.3f rest_p99_ms=%.3f"
          " warm_p50_ms=%.3f warm_p99_ms=%.3f"
          " first_search_ms=%.3f stored_counts=%" G_GUINT64_FORMAT " mismatches=%u\n",
          queries->len, rounds, percentile (times, 0.5), percentile (times, 0.99),
          g_array_index (times, double, times->len - 1), hits,
          percentile (floor_times, 0.5), percentile (floor_times, 0.99),
          percentile (reference_times, 0.5), percentile (reference_times, 0.99),
          percentile (all_times, 0.5), percentile (all_times, 0.99),
          percentile (rest_times, 0.5), percentile (rest_times, 0.99),
          percentile (warm_times, 0.5), percentile (warm_times, 0.99),
          first_search_ms, _dossier_store_search_get_n_term_counts (store), mismatches);
  return mismatches > 0 ? 1 : 0;
}
