/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Full-text search over the corpus's blocks: the query language, FTS5 ranking,
 * the hits and their snippets.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "dossier-limits.h"
#include "dossier-store-private.h"

static gboolean
word_has_token (const char *word,
                gsize       len)
{
  const char *p = word;

  while (p < word + len)
    {
      gunichar c = g_utf8_get_char_validated (p, word + len - p);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        return FALSE;
      if (g_unichar_isalnum (c) || g_unichar_ismark (c))
        return TRUE;
      p = g_utf8_next_char (p);
    }
  return FALSE;
}

static void
append_quoted (GString    *out,
               const char *word,
               gsize       len,
               gboolean    prefix)
{
  if (out->len > 0)
    g_string_append_c (out, ' ');
  g_string_append_c (out, '"');
  for (gsize i = 0; i < len; i++)
    {
      if (word[i] == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, word[i]);
    }
  g_string_append_c (out, '"');
  if (prefix)
    g_string_append_c (out, '*');
}

/*
 * A plain query is what a reader types: words, "quoted phrases" and word* for a
 * prefix. Every piece is quoted as an FTS5 string, so that no character the user
 * types (quotes, stars, minus, colons, parentheses, NEAR, AND/OR/NOT) can change
 * the query's meaning or make it invalid.
 */
char *
dossier_store_build_fts_query (const char *query)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *p;

  if (query == NULL || !g_utf8_validate (query, -1, NULL))
    return NULL;

  p = query;
  while (*p != '\0')
    {
      const char *start;

      while (g_ascii_isspace (*p))
        p++;
      if (*p == '\0')
        break;

      if (*p == '"')
        {
          start = ++p;
          while (*p != '\0' && *p != '"')
            p++;
          if (word_has_token (start, p - start))
            append_quoted (out, start, p - start, FALSE);
          if (*p == '"')
            p++;
          continue;
        }

      start = p;
      while (*p != '\0' && !g_ascii_isspace (*p) && *p != '"')
        p++;
      {
        gsize len = p - start;
        gboolean prefix = FALSE;

        while (len > 0 && start[len - 1] == '*')
          {
            prefix = TRUE;
            len--;
          }
        if (word_has_token (start, len))
          append_quoted (out, start, len, prefix);
      }
    }

  if (out->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

void
dossier_search_hit_free (DossierSearchHit *hit)
{
  if (hit == NULL)
    return;
  g_free (hit->document_symbol);
  g_free (hit->document_title);
  g_free (hit->document_date);
  g_free (hit->block_kind);
  g_free (hit->label);
  g_free (hit->heading_path);
  g_free (hit->citation);
  g_free (hit->snippet);
  g_free (hit);
}

char *
dossier_snippet_render (const char *snippet,
                        const char *open,
                        const char *close)
{
  GString *out;

  if (snippet == NULL)
    return NULL;

  out = g_string_sized_new (strlen (snippet) + 16);
  for (const char *p = snippet; *p != '\0'; p++)
    {
      if (*p == DOSSIER_SNIPPET_OPEN[0])
        g_string_append (out, open);
      else if (*p == DOSSIER_SNIPPET_CLOSE[0])
        g_string_append (out, close);
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/*
 * Ranking: dossier_bm25(), the same score as FTS5's bm25(), bit for bit, but
 * cheaper per row (docs/PERFORMANCE.md, "Search: our own bm25").
 *
 * The builtin reads each match's row of block_fts_docsize (its length in
 * tokens) with a statement of its own, a seek in a 300,000-row B-tree per
 * match at 10,000 documents: three quarters of its time for a common word. We
 * keep every row's length in an array indexed by rowid, read in one pass of
 * that table and read again whenever the database changed (its data version,
 * for other connections, and this connection's count of changes). The
 * formula, its constants and the order of its floating-point operations are
 * those of SQLite's fts5_aux.c, so scores and therefore the order of the hits
 * are identical; tests/test-search.c compares them on every match.
 *
 * The same table can mark the blocks the search leaves out (front matter and
 * contacts), so that dossier_searchable() drops them while FTS5 ranks, rather
 * than after: a masthead is short and ranks high, and at 10,000 documents
 * (eight front blocks each) "organized crime" had 49 of its first 64
 * candidates in front matter, and checking the next 16,000 candidates' kinds
 * row by row took 110 ms. Finding those blocks reads the whole block table
 * (60 ms of CPU at 10,000 documents, and the disk if it is not cached), so it
 * is done only when a search first has to page past them.
 */

/* At most this many rowids are kept (4 bytes each); a corpus whose block ids
 * reach further ranks with the per-row lookup, as the builtin does. */
#define RANK_CACHE_MAX_ROWID (G_GINT64_CONSTANT (1) << 24)
#define RANK_SIZE_UNKNOWN G_MAXUINT32

typedef struct
{
  sqlite3       *db;
  guint32       *sizes;         /* tokens in every column, by rowid */
  guint8        *left_out;      /* bits by rowid: front matter and contacts */
  gint64         n_sizes;
  gboolean       loaded;
  unsigned int   data_version;  /* SQLITE_FCNTL_DATA_VERSION when loaded */
  sqlite3_int64  changes;       /* sqlite3_total_changes64() when loaded */
  guint64        n_loads;       /* for the tests and the bench */
  gboolean       disabled;      /* the tests' way to the per-row paths */
  gboolean       want_kinds;    /* a search paged past front matter */
  gboolean       kinds_loaded;  /* left_out was read (it may have failed) */

  /* How many blocks each phrase of a plain query matches (its bm25 IDF),
   * "\"of\"" → count; and the phrases of the plain query being ranked, set
   * by dossier_store_search_full() around its ranking statement only. */
  GHashTable    *counts;
  char         **phrases;

  /* search_term_count when its stamp says it describes the index as it is
   * (token → rows matching it), read when a search first needs a count
   * after a change; NULL when stale or missing. */
  GHashTable    *terms;
  gboolean       terms_loaded;
  guint64        n_term_counts;  /* counts taken from it, for the tests */

  /* The matches dossier_searchable() saw in the last query, and the last
   * search's expression with its count: what fill_snippets() weighs. */
  gint64         n_seen;
  char          *matches_fts;
  gint64         n_matches;
} RankCache;

typedef struct
{
  int      n_phrases;
  int      n_columns;
  double   avgdl;
  double  *idf;
  double  *freq;
  double  *weights;
  gboolean use_cache;
} RankQuery;

static GQuark
rank_cache_quark (void)
{
  return g_quark_from_static_string ("dossier-rank-cache");
}

static void
rank_cache_free (void *data)
{
  RankCache *cache = data;

  g_free (cache->sizes);
  g_free (cache->left_out);
  g_clear_pointer (&cache->counts, g_hash_table_unref);
  g_clear_pointer (&cache->terms, g_hash_table_unref);
  g_free (cache->matches_fts);
  g_free (cache);
}

/* An FTS5 varint (SQLite's encoding, big-endian groups of 7 bits, a ninth byte
 * of 8); the number of bytes read, 0 when the blob ends first. */
static int
read_varint32 (const unsigned char *p,
               int                  n,
               guint32             *value)
{
  guint64 v = 0;

  for (int i = 0; i < n && i < 9; i++)
    {
      if (i == 8)
        {
          v = (v << 8) | p[i];
          *value = (guint32) v;
          return 9;
        }
      v = (v << 7) | (p[i] & 0x7f);
      if (!(p[i] & 0x80))
        {
          *value = (guint32) v;
          return i + 1;
        }
    }
  return 0;
}

/* Reads every row's length, or leaves the cache empty (the builtin lookup is
 * then used row by row): no docsize table, too many rowids, a read error. */
static void
rank_cache_clear (RankCache *cache)
{
  g_clear_pointer (&cache->sizes, g_free);
  g_clear_pointer (&cache->left_out, g_free);
  g_clear_pointer (&cache->terms, g_hash_table_unref);
  cache->terms_loaded = FALSE;
  cache->n_sizes = 0;
  cache->kinds_loaded = FALSE;
}

/* The stored counts (schema 5), only if block_fts's structure and averages
 * records are byte for byte those they were written with: any write to the
 * index, by any path or process, changes the structure record's cookie. */
static void
rank_cache_load_terms (RankCache *cache)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  cache->terms_loaded = TRUE;
  g_clear_pointer (&cache->terms, g_hash_table_unref);
  if (sqlite3_prepare_v2 (cache->db,
                          "SELECT 1 FROM search_term_stamp"
                          " WHERE id = 1"
                          " AND structure = (SELECT block FROM block_fts_data WHERE id = 10)"
                          " AND averages = (SELECT block FROM block_fts_data WHERE id = 1)",
                          -1, &stmt, NULL) != SQLITE_OK
      || sqlite3_step (stmt) != SQLITE_ROW)
    return;
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (sqlite3_prepare_v2 (cache->db, "SELECT term, n_rows FROM search_term_count", -1, &stmt, NULL) != SQLITE_OK)
    return;
  cache->terms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *term = (const char *) sqlite3_column_text (stmt, 0);

      if (term != NULL)
        g_hash_table_insert (cache->terms, g_strdup (term),
                             GSIZE_TO_POINTER ((gsize) sqlite3_column_int64 (stmt, 1)));
    }
  if (rc != SQLITE_DONE)
    g_clear_pointer (&cache->terms, g_hash_table_unref);
}

typedef struct
{
  int   n_tokens;
  char *token;
} OneToken;

static int
one_token_cb (void       *user_data,
              int         flags,
              const char *token,
              int         n_token,
              int         start,
              int         end)
{
  OneToken *one = user_data;

  if (flags & FTS5_TOKEN_COLOCATED)
    return SQLITE_OK;
  if (one->n_tokens++ == 0)
    one->token = g_strndup (token, n_token);
  return SQLITE_OK;
}

/* A plain query's phrase ("word", quoted as dossier_store_build_fts_query()
 * writes it) that is one term of the index, not a prefix: its count of
 * matching rows from the stored counts. FALSE when it is not one term or not
 * among them. */
static gboolean
stored_term_count (const Fts5ExtensionApi *api,
                   Fts5Context            *fts,
                   RankCache              *cache,
                   const char             *phrase,
                   sqlite3_int64          *n_hits)
{
  g_autoptr(GString) text = g_string_new (NULL);
  OneToken one = { 0 };
  gsize len = strlen (phrase);
  gpointer value;
  gboolean found = FALSE;

  if (!cache->terms_loaded)
    rank_cache_load_terms (cache);
  if (cache->terms == NULL || len < 2 || phrase[0] != '"' || phrase[len - 1] != '"')
    return FALSE;
  for (gsize i = 1; i + 1 < len; i++)
    {
      if (phrase[i] == '"')
        i++;
      g_string_append_c (text, phrase[i]);
    }
  if (api->xTokenize (fts, text->str, (int) text->len, &one, one_token_cb) == SQLITE_OK
      && one.n_tokens == 1
      && g_hash_table_lookup_extended (cache->terms, one.token, NULL, &value))
    {
      *n_hits = (sqlite3_int64) GPOINTER_TO_SIZE (value);
      cache->n_term_counts++;
      found = TRUE;
    }
  g_free (one.token);
  return found;
}

static void
rank_cache_load (RankCache *cache)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 max_id;

  rank_cache_clear (cache);
  cache->loaded = TRUE;
  cache->n_loads++;

  if (sqlite3_prepare_v2 (cache->db, "SELECT max(id) FROM block_fts_docsize", -1, &stmt, NULL) != SQLITE_OK
      || sqlite3_step (stmt) != SQLITE_ROW)
    return;
  max_id = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (max_id < 0 || max_id >= RANK_CACHE_MAX_ROWID)
    return;

  cache->n_sizes = max_id + 1;
  cache->sizes = g_new (guint32, cache->n_sizes);
  memset (cache->sizes, 0xff, cache->n_sizes * sizeof (guint32));
  if (sqlite3_prepare_v2 (cache->db, "SELECT id, sz FROM block_fts_docsize", -1, &stmt, NULL) == SQLITE_OK)
    {
      int rc;

      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);
          const unsigned char *blob = sqlite3_column_blob (stmt, 1);
          int n = sqlite3_column_bytes (stmt, 1);
          guint64 total = 0;
          int offset = 0;

          if (id < 0 || id >= cache->n_sizes)
            continue;
          while (offset < n)
            {
              guint32 size;
              int used = read_varint32 (blob + offset, n - offset, &size);

              if (used == 0)
                break;
              total += size;
              offset += used;
            }
          /* Anything odd: leave the row to the builtin lookup. */
          if (offset == n && total < RANK_SIZE_UNKNOWN && total <= G_MAXINT)
            cache->sizes[id] = (guint32) total;
        }
      if (rc != SQLITE_DONE)
        {
          rank_cache_clear (cache);
          return;
        }
    }
}

/* The blocks dossier_store_search() leaves out, as in search_kept_sql. */
static void
rank_cache_load_kinds (RankCache *cache)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_clear_pointer (&cache->left_out, g_free);
  cache->kinds_loaded = TRUE;
  if (cache->sizes == NULL)
    return;
  cache->left_out = g_new0 (guint8, cache->n_sizes / 8 + 1);
  if (sqlite3_prepare_v2 (cache->db, "SELECT id FROM block WHERE kind IN ('front', 'contact')",
                          -1, &stmt, NULL) == SQLITE_OK)
    {
      int rc;

      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);

          if (id >= 0 && id < cache->n_sizes)
            cache->left_out[id / 8] |= 1 << (id % 8);
        }
      if (rc == SQLITE_DONE)
        return;
    }
  /* Without the kinds, the search filters its candidates afterwards. */
  g_clear_pointer (&cache->left_out, g_free);
}

/* Called inside the query's read transaction, where the data version is
 * current. */
static void
rank_cache_ensure (RankCache *cache)
{
  unsigned int version = 0;
  sqlite3_int64 changes = sqlite3_total_changes64 (cache->db);

  if (cache->disabled
      || sqlite3_file_control (cache->db, "main", SQLITE_FCNTL_DATA_VERSION, &version) != SQLITE_OK)
    {
      rank_cache_clear (cache);
      g_hash_table_remove_all (cache->counts);
      cache->loaded = FALSE;
      return;
    }
  if (!cache->loaded || version != cache->data_version || changes != cache->changes)
    {
      /* The kinds are read again only when a search needs them again. */
      cache->want_kinds = FALSE;
      g_hash_table_remove_all (cache->counts);
      cache->kinds_loaded = FALSE;
      rank_cache_load (cache);
      cache->data_version = version;
      cache->changes = changes;
    }
  if (cache->want_kinds && !cache->kinds_loaded)
    rank_cache_load_kinds (cache);
}

static int
count_phrase_cb (const Fts5ExtensionApi *api,
                 Fts5Context            *fts,
                 void                   *user_data)
{
  (*(sqlite3_int64 *) user_data)++;
  return SQLITE_OK;
}

/* What fts5_aux.c's fts5Bm25GetData() computes once per query, plus the
 * column weights. */
static RankQuery *
rank_query_get (const Fts5ExtensionApi *api,
                Fts5Context            *fts,
                RankCache              *cache,
                int                     n_values,
                sqlite3_value         **values,
                int                    *rc)
{
  RankQuery *query = api->xGetAuxdata (fts, 0);
  sqlite3_int64 n_rows = 0, n_tokens = 0;
  char **phrases = NULL;
  int n_phrases, n_columns;

  *rc = SQLITE_OK;
  if (query != NULL)
    return query;

  n_phrases = api->xPhraseCount (fts);
  n_columns = api->xColumnCount (fts);
  query = sqlite3_malloc64 (sizeof (RankQuery) + (2 * (gsize) n_phrases + n_columns) * sizeof (double));
  if (query == NULL)
    {
      *rc = SQLITE_NOMEM;
      return NULL;
    }
  memset (query, 0, sizeof (RankQuery));
  query->n_phrases = n_phrases;
  query->n_columns = n_columns;
  query->idf = (double *) &query[1];
  query->freq = query->idf + n_phrases;
  query->weights = query->freq + n_phrases;
  for (int c = 0; c < n_columns; c++)
    query->weights[c] = n_values > c ? sqlite3_value_double (values[c]) : 1.0;

  if (cache != NULL)
    {
      rank_cache_ensure (cache);
      query->use_cache = cache->sizes != NULL;
      /* Counts are kept only for the phrases of the search's own plain
       * query, whose text names them. */
      if (cache->disabled || cache->phrases == NULL || g_strv_length (cache->phrases) != (guint) n_phrases)
        phrases = NULL;
      else
        phrases = cache->phrases;
    }

  *rc = api->xRowCount (fts, &n_rows);
  if (*rc == SQLITE_OK)
    *rc = api->xColumnTotalSize (fts, -1, &n_tokens);
  if (*rc == SQLITE_OK)
    query->avgdl = (double) n_tokens / (double) n_rows;
  for (int i = 0; *rc == SQLITE_OK && i < n_phrases; i++)
    {
      sqlite3_int64 n_hits = 0;
      gpointer known;

      if (phrases != NULL && g_hash_table_lookup_extended (cache->counts, phrases[i], NULL, &known))
        n_hits = *(gint64 *) known;
      else if (phrases != NULL && stored_term_count (api, fts, cache, phrases[i], &n_hits))
        ;
      else
        {
          *rc = api->xQueryPhrase (fts, i, &n_hits, count_phrase_cb);
          if (*rc == SQLITE_OK && phrases != NULL)
            {
              /* A bound on memory; the counts come back as they are used. */
              if (g_hash_table_size (cache->counts) >= 4096)
                g_hash_table_remove_all (cache->counts);
              g_hash_table_insert (cache->counts, g_strdup (phrases[i]), g_memdup2 (&n_hits, sizeof n_hits));
            }
        }
      if (*rc == SQLITE_OK)
        {
          double idf = log ((n_rows - n_hits + 0.5) / (n_hits + 0.5));

          if (idf <= 0.0)
            idf = 1e-6;
          query->idf[i] = idf;
        }
    }
  if (*rc == SQLITE_OK)
    *rc = api->xSetAuxdata (fts, query, sqlite3_free);
  else
    sqlite3_free (query);
  return *rc == SQLITE_OK ? query : NULL;
}

static void
dossier_bm25 (const Fts5ExtensionApi *api,
              Fts5Context            *fts,
              sqlite3_context        *context,
              int                     n_values,
              sqlite3_value         **values)
{
  /* The constants of fts5_aux.c, written the same way. */
  const double k1 = 1.2;
  const double b = 0.75;
  RankCache *cache = api->xUserData (fts);
  RankQuery *query;
  double score = 0.0;
  double D = 0.0;
  gint64 rowid;
  int rc;

  query = rank_query_get (api, fts, cache, n_values, values, &rc);
  if (query == NULL)
    {
      sqlite3_result_error_code (context, rc);
      return;
    }

  /* Each phrase's instances in each column, weighted: the builtin adds the
   * same weights in the same order walking xInst(), which lists every
   * phrase's positions in the order of its own position list. */
  memset (query->freq, 0, sizeof (double) * query->n_phrases);
  for (int i = 0; i < query->n_phrases; i++)
    {
      Fts5PhraseIter iter;
      int column, offset;

      rc = api->xPhraseFirst (fts, i, &iter, &column, &offset);
      if (rc != SQLITE_OK)
        {
          sqlite3_result_error_code (context, rc);
          return;
        }
      for (; column >= 0; api->xPhraseNext (fts, &iter, &column, &offset))
        query->freq[i] += column < query->n_columns ? query->weights[column] : 1.0;
    }

  rowid = api->xRowid (fts);
  if (query->use_cache && rowid >= 0 && rowid < cache->n_sizes
      && cache->sizes[rowid] != RANK_SIZE_UNKNOWN)
    D = (double) (int) cache->sizes[rowid];
  else
    {
      int n_tokens;

      rc = api->xColumnSize (fts, -1, &n_tokens);
      if (rc != SQLITE_OK)
        {
          sqlite3_result_error_code (context, rc);
          return;
        }
      D = (double) n_tokens;
    }

  for (int i = 0; i < query->n_phrases; i++)
    score += query->idf[i] * ((query->freq[i] * (k1 + 1.0)) /
                              (query->freq[i] + k1 * (1 - b + b * D / query->avgdl)));
  sqlite3_result_double (context, -1.0 * score);
}

/* dossier_searchable(block_fts): 0 for a block the search leaves out, when
 * the cache knows it; 1 otherwise (the search then filters its candidates). */
static void
dossier_searchable (const Fts5ExtensionApi *api,
                    Fts5Context            *fts,
                    sqlite3_context        *context,
                    int                     n_values,
                    sqlite3_value         **values)
{
  RankCache *cache = api->xUserData (fts);
  gint64 rowid = api->xRowid (fts);

  /* Once per query, inside its read transaction. */
  if (api->xGetAuxdata (fts, 0) == NULL)
    {
      int rc;

      rank_cache_ensure (cache);
      cache->n_seen = 0;
      if ((rc = api->xSetAuxdata (fts, cache, NULL)) != SQLITE_OK)
        {
          sqlite3_result_error_code (context, rc);
          return;
        }
    }
  cache->n_seen++;
  sqlite3_result_int (context, cache->left_out == NULL || rowid < 0 || rowid >= cache->n_sizes
                               || !(cache->left_out[rowid / 8] & (1 << (rowid % 8))));
}

/* Registers dossier_bm25() and dossier_searchable() on the store's
 * connection, once. */
static gboolean
ensure_rank_function (DossierStore *self,
                      GError      **error)
{
  static GMutex lock;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lock);
  sqlite3 *db = dossier_store_get_handle (self);
  RankCache *cache = g_object_get_qdata (G_OBJECT (self), rank_cache_quark ());
  g_autoptr(sqlite3_stmt) stmt = NULL;
  fts5_api *api = NULL;

  if (cache != NULL && cache->db == db)
    return TRUE;

  if (sqlite3_prepare_v2 (db, "SELECT fts5(?1)", -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_pointer (stmt, 1, &api, "fts5_api_ptr", NULL);
      sqlite3_step (stmt);
    }
  if (api == NULL || api->iVersion < 2)
    {
      dossier_store_set_error (self, error, NULL);
      return FALSE;
    }
  cache = g_new0 (RankCache, 1);
  cache->db = db;
  cache->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  /* The connection owns the cache from here on: FTS5 frees it when it closes. */
  if (api->xCreateFunction (api, "dossier_bm25", cache, dossier_bm25, rank_cache_free) != SQLITE_OK)
    {
      rank_cache_free (cache);
      dossier_store_set_error (self, error, NULL);
      return FALSE;
    }
  if (api->xCreateFunction (api, "dossier_searchable", cache, dossier_searchable, NULL) != SQLITE_OK)
    {
      dossier_store_set_error (self, error, NULL);
      return FALSE;
    }
  g_object_set_qdata (G_OBJECT (self), rank_cache_quark (), cache);
  return TRUE;
}

void
_dossier_store_search_forget_counts (DossierStore *self)
{
  RankCache *cache = g_object_get_qdata (G_OBJECT (self), rank_cache_quark ());

  if (cache != NULL)
    g_hash_table_remove_all (cache->counts);
}

/* The phrases of a plain query as dossier_store_build_fts_query() writes
 * them: "word", "a phrase", "prefix"*, separated by spaces. */
static char **
plain_phrases (const char *fts)
{
  g_autoptr(GPtrArray) phrases = g_ptr_array_new_with_free_func (g_free);
  const char *p = fts;

  while (*p != '\0')
    {
      const char *start = p;

      if (*p == ' ')
        {
          p++;
          continue;
        }
      if (*p != '"')
        return NULL;
      for (p++; *p != '\0'; p++)
        if (*p == '"')
          {
            if (p[1] != '"')
              break;
            p++;
          }
      if (*p != '"')
        return NULL;
      p++;
      if (*p == '*')
        p++;
      g_ptr_array_add (phrases, g_strndup (start, p - start));
    }
  g_ptr_array_add (phrases, NULL);
  return (char **) g_ptr_array_steal (phrases, NULL);
}

guint64
_dossier_store_search_get_n_rank_loads (DossierStore *self)
{
  RankCache *cache = g_object_get_qdata (G_OBJECT (self), rank_cache_quark ());

  return cache != NULL ? cache->n_loads : 0;
}

void
_dossier_store_search_set_rank_cache (DossierStore *self,
                                      gboolean      enabled)
{
  RankCache *cache;

  if (!ensure_rank_function (self, NULL))
    return;
  cache = g_object_get_qdata (G_OBJECT (self), rank_cache_quark ());
  cache->disabled = !enabled;
  rank_cache_clear (cache);
  cache->loaded = FALSE;
}

/* bm25 weights: the block's own text counts more than the headings above it. */
#define DOSSIER_SEARCH_BM25 "dossier_bm25(block_fts, 1.0, 0.25)"

/*
 * Search runs in two steps (docs/PERFORMANCE.md, "Search"):
 *
 * 1. FTS5 alone ranks the matches: the best rowids by bm25, ties by rowid, with
 *    SQLite's top-N sorter (ORDER BY … LIMIT), which keeps only N rows while
 *    ranking, instead of FTS5's own "ORDER BY rank", which sorts every match.
 * 2. Only the candidates read their block and document rows, are filtered by
 *    kind, and pay for their snippet; only the first hits pay for it when the
 *    caller shows those first (dossier_store_search_full()), the others get
 *    theirs from dossier_store_search_snippets() when they are shown.
 *
 * Front matter and contact blocks are left out in step 1 by
 * dossier_searchable(), and checked again in step 2 for when it could not
 * tell; when they take too many of the candidates, the next page of
 * candidates is ranked, so the hits and their order are exactly those of one
 * query over all matches.
 */
static const char search_candidates_sql[] =
  "SELECT rowid, " DOSSIER_SEARCH_BM25 " AS score FROM block_fts"
  " WHERE block_fts MATCH ?1 AND dossier_searchable(block_fts)"
  " ORDER BY score, rowid LIMIT ?2 OFFSET ?3";

/* The hits' rows, by id, without FTS5. */
static const char search_rows_sql[] =
  "SELECT b.id, b.document_id, d.symbol, d.title, d.date, b.kind, b.label, b.heading_path,"
  " b.level, b.seq, b.text, NULL"
  " FROM block b JOIN document d ON d.id = b.document_id"
  " WHERE b.id IN (SELECT value FROM json_each(?1))";

/*
 * The snippets of hits found before (the same expression gives the same
 * snippet), two ways. For words and phrases, a seek per hit ("rowid = ?", an
 * IN list): 0.6 ms for ten hits of "trafficking" at 10,000 documents. A
 * prefix sets the whole expression up again at every seek, merging every
 * term's doclist (7 ms each for "traffick*"), so it takes one pass over the
 * matches in the hits' rowid range instead (12–19 ms); the "+" keeps the IN
 * list from becoming seeks there.
 */
static const char search_snippet_seek_sql[] =
  "SELECT block_fts.rowid, snippet(block_fts, 0, char(2), char(3), '…', 24)"
  " FROM block_fts"
  " WHERE block_fts MATCH ?1 AND block_fts.rowid IN (SELECT value FROM json_each(?2))";
static const char search_snippet_range_sql[] =
  "SELECT block_fts.rowid, snippet(block_fts, 0, char(2), char(3), '…', 24)"
  " FROM block_fts"
  " WHERE block_fts MATCH ?1 AND block_fts.rowid BETWEEN ?3 AND ?4"
  " AND +block_fts.rowid IN (SELECT value FROM json_each(?2))";

/* Which candidates are not front matter or contacts, without touching FTS5. */
static const char search_kept_sql[] =
  "SELECT id FROM block WHERE id IN (SELECT value FROM json_each(?1))"
  " AND kind NOT IN ('front', 'contact')";

static DossierSearchHit *
search_hit_from_row (sqlite3_stmt *stmt,
                     double        rank)
{
  DossierSearchHit *hit = g_new0 (DossierSearchHit, 1);
  g_autoptr(DossierBlock) block = NULL;
  DossierBlockKind kind = DOSSIER_BLOCK_PARAGRAPH;

  hit->block_id = sqlite3_column_int64 (stmt, 0);
  hit->document_id = sqlite3_column_int64 (stmt, 1);
  hit->document_symbol = g_strdup (_dossier_column_text (stmt, 2));
  hit->document_title = g_strdup (_dossier_column_text (stmt, 3));
  hit->document_date = g_strdup (_dossier_column_text (stmt, 4));
  hit->block_kind = g_strdup (_dossier_column_text (stmt, 5));
  hit->label = g_strdup (_dossier_column_text (stmt, 6));
  hit->heading_path = g_strdup (_dossier_column_text (stmt, 7));
  hit->snippet = g_strdup (_dossier_column_text (stmt, 11));
  hit->rank = rank;

  dossier_block_kind_from_string (hit->block_kind, &kind);
  block = dossier_block_new (kind, hit->label, _dossier_column_text (stmt, 10));
  block->level = sqlite3_column_int (stmt, 8);
  block->seq = (guint) sqlite3_column_int (stmt, 9);
  block->heading_path = g_strdup (hit->heading_path);
  hit->citation = dossier_block_dup_citation (block, hit->document_symbol, hit->document_title);
  return hit;
}

gboolean
_dossier_store_check_query (const char *query,
                            GError    **error)
{
  if (strlen (query) > DOSSIER_LIMIT_QUERY_BYTES)
    {
      g_set_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_QUERY,
                   _("The search is too long: at most %d characters can be searched for."),
                   DOSSIER_LIMIT_QUERY_BYTES);
      return FALSE;
    }
  if (!g_utf8_validate (query, -1, NULL))
    {
      g_set_error_literal (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_QUERY,
                           _("The search contains characters that are not valid text."));
      return FALSE;
    }
  return TRUE;
}

/* The FTS5 expression of @query, NULL with @error set when it cannot be
 * searched, "" when there is nothing to search for. */
static char *
search_expression (const char        *query,
                   DossierSearchFlags flags,
                   GError           **error)
{
  char *fts;

  if (!_dossier_store_check_query (query, error))
    return NULL;

  if (flags & DOSSIER_SEARCH_ADVANCED)
    fts = g_strdup (query);
  else
    fts = dossier_store_build_fts_query (query);
  return fts != NULL ? fts : g_strdup ("");
}

static void
set_search_error (DossierStore      *self,
                  const char        *query,
                  DossierSearchFlags flags,
                  GError           **error)
{
  if (flags & DOSSIER_SEARCH_ADVANCED)
    g_set_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_QUERY,
                 _("“%s” is not a valid advanced search (%s). Remove the advanced option to search for the words as typed."),
                 query, sqlite3_errmsg (dossier_store_get_handle (self)));
  else
    dossier_store_set_error (self, error, NULL);
}

/* The missing snippets of @hits[@from … @to - 1] for the expression @fts;
 * FALSE on an SQLite error. */
static gboolean
fill_snippets (DossierStore *self,
               const char   *fts,
               GPtrArray    *hits,
               guint         from,
               guint         to)
{
  g_autoptr(GString) list = g_string_new ("[");
  g_autoptr(GHashTable) hit_of = g_hash_table_new (g_int64_hash, g_int64_equal);
  gint64 lowest = G_MAXINT64, highest = G_MININT64;
  RankCache *cache = g_object_get_qdata (G_OBJECT (self), rank_cache_quark ());
  gboolean range = strchr (fts, '*') != NULL;
  sqlite3_stmt *stmt;
  int rc;

  for (guint i = from; i < to; i++)
    {
      DossierSearchHit *hit = g_ptr_array_index (hits, i);

      if (hit->snippet != NULL || g_hash_table_contains (hit_of, &hit->block_id))
        continue;
      g_string_append_printf (list, "%s%" G_GINT64_FORMAT, list->len > 1 ? "," : "", hit->block_id);
      g_hash_table_insert (hit_of, &hit->block_id, hit);
      lowest = MIN (lowest, hit->block_id);
      highest = MAX (highest, hit->block_id);
    }
  g_string_append_c (list, ']');
  if (g_hash_table_size (hit_of) == 0)
    return TRUE;

  /* Words and phrases: seeks, unless the pass would step over few matches.
   * A seek costs about as much as stepping over 750 matches (ten hits of
   * "trafficking": 0.6 ms of seeks, a pass over 16,000 matches at 1,000
   * documents 1.3 ms, over 127,000 at 10,000 documents 12 ms). The matches
   * in the range are estimated from the last search's count, when it was
   * this expression, as if they were spread evenly over the rowids. */
  if (!range && cache != NULL && cache->n_sizes > 0
      && g_strcmp0 (cache->matches_fts, fts) == 0)
    {
      double span = MIN (1.0, (double) (highest - lowest + 1) / (double) cache->n_sizes);

      range = cache->n_matches * span < 750.0 * g_hash_table_size (hit_of);
    }

  if (!(stmt = _dossier_store_prepare (self, range ? search_snippet_range_sql : search_snippet_seek_sql, NULL)))
    return FALSE;
  _dossier_bind_text (stmt, 1, fts);
  _dossier_bind_text (stmt, 2, list->str);
  if (range)
    {
      sqlite3_bind_int64 (stmt, 3, lowest);
      sqlite3_bind_int64 (stmt, 4, highest);
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      DossierSearchHit *hit = g_hash_table_lookup (hit_of, &id);

      if (hit != NULL && hit->snippet == NULL)
        hit->snippet = g_strdup (_dossier_column_text (stmt, 1));
    }
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE;
}

GPtrArray *
dossier_store_search (DossierStore      *self,
                      const char        *query,
                      DossierSearchFlags flags,
                      guint              limit,
                      GError           **error)
{
  return dossier_store_search_full (self, query, flags, limit, G_MAXUINT, error);
}

GPtrArray *
dossier_store_search_full (DossierStore      *self,
                           const char        *query,
                           DossierSearchFlags flags,
                           guint              limit,
                           guint              n_snippets,
                           GError           **error)
{
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) scores = NULL;
  g_autofree char *fts = NULL;
  sqlite3_stmt *stmt;
  gint64 offset = 0;
  gint64 page;
  int rc = SQLITE_DONE;
  gboolean restarted = FALSE;
  RankCache *cache, *rank_cache;
  g_auto(GStrv) phrases = NULL;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (!(fts = search_expression (query, flags, error)))
    return NULL;
  hits = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_search_hit_free);

  /* Nothing searchable (only spaces or punctuation): no hits, not an error. */
  if (*fts == '\0')
    return g_steal_pointer (&hits);
  if (!ensure_rank_function (self, error))
    return NULL;
  rank_cache = g_object_get_qdata (G_OBJECT (self), rank_cache_quark ());
  if (!(flags & DOSSIER_SEARCH_ADVANCED))
    phrases = plain_phrases (fts);

  if (limit == 0)
    limit = 20;
  limit = MIN (limit, (guint) G_MAXINT / 4);
  /* A little more than asked for: a few candidates may be front matter. */
  page = (gint64) limit + limit / 4 + 2;
  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), page);
  scores = g_array_sized_new (FALSE, FALSE, sizeof (double), page);

  while (hits->len < limit)
    {
      gint64 got = 0;

      /* Step 1: the next page of candidates, best first. */
      g_array_set_size (ids, 0);
      g_array_set_size (scores, 0);
      if (!(stmt = _dossier_store_prepare (self, search_candidates_sql, error)))
        return NULL;
      _dossier_bind_text (stmt, 1, fts);
      sqlite3_bind_int64 (stmt, 2, page);
      sqlite3_bind_int64 (stmt, 3, offset);
      rank_cache->phrases = phrases;
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);
          double score = sqlite3_column_double (stmt, 1);

          g_array_append_val (ids, id);
          g_array_append_val (scores, score);
          got++;
        }
      sqlite3_reset (stmt);
      rank_cache->phrases = NULL;
      if (rc == SQLITE_DONE && offset == 0)
        {
          g_free (rank_cache->matches_fts);
          rank_cache->matches_fts = g_strdup (fts);
          rank_cache->n_matches = rank_cache->n_seen;
        }
      if (rc != SQLITE_DONE)
        break;

      /* Step 2: the kind filter, then rows and snippets for the hits only. */
      if (ids->len > 0)
        {
          g_autoptr(GString) list = g_string_new ("[");
          g_autoptr(GHashTable) slot_of = g_hash_table_new (g_int64_hash, g_int64_equal);
          g_autoptr(GPtrArray) slots = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_search_hit_free);
          g_autofree gboolean *kept = g_new0 (gboolean, ids->len);
          guint wanted = 0;

          for (guint i = 0; i < ids->len; i++)
            {
              gint64 *id = &g_array_index (ids, gint64, i);

              g_string_append_printf (list, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "", *id);
              g_hash_table_insert (slot_of, id, GUINT_TO_POINTER (i + 1));
            }
          g_string_append_c (list, ']');

          if (!(stmt = _dossier_store_prepare (self, search_kept_sql, error)))
            return NULL;
          _dossier_bind_text (stmt, 1, list->str);
          while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
            {
              gint64 id = sqlite3_column_int64 (stmt, 0);
              guint slot = GPOINTER_TO_UINT (g_hash_table_lookup (slot_of, &id));

              if (slot > 0)
                kept[slot - 1] = TRUE;
            }
          sqlite3_reset (stmt);
          if (rc != SQLITE_DONE)
            break;

          /* The best kept candidates, as many as are still wanted. */
          g_string_assign (list, "[");
          for (guint i = 0; i < ids->len && hits->len + wanted < limit; i++)
            if (kept[i])
              {
                gint64 id = g_array_index (ids, gint64, i);

                g_string_append_printf (list, "%s%" G_GINT64_FORMAT, wanted > 0 ? "," : "", id);
                wanted++;
              }
          g_string_append_c (list, ']');

          if (wanted > 0)
            {
              g_ptr_array_set_size (slots, ids->len);
              if (!(stmt = _dossier_store_prepare (self, search_rows_sql, error)))
                return NULL;
              _dossier_bind_text (stmt, 1, list->str);
              while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
                {
                  gint64 id = sqlite3_column_int64 (stmt, 0);
                  guint slot = GPOINTER_TO_UINT (g_hash_table_lookup (slot_of, &id));

                  if (slot > 0 && slots->pdata[slot - 1] == NULL)
                    slots->pdata[slot - 1] = search_hit_from_row (stmt, g_array_index (scores, double, slot - 1));
                }
              sqlite3_reset (stmt);
              if (rc != SQLITE_DONE)
                break;

              /* Back in rank order. */
              for (guint i = 0; i < slots->len && hits->len < limit; i++)
                if (slots->pdata[i] != NULL)
                  g_ptr_array_add (hits, g_steal_pointer (&slots->pdata[i]));
            }
        }
      if (rc != SQLITE_DONE || got < page)
        break;
      /* Front matter took candidates: have FTS5 leave it out, from the
       * start, rather than rank the next pages. */
      if (hits->len < limit && !restarted
          && (cache = g_object_get_qdata (G_OBJECT (self), rank_cache_quark ()))
          && !cache->disabled && !cache->kinds_loaded)
        {
          cache->want_kinds = TRUE;
          restarted = TRUE;
          g_ptr_array_set_size (hits, 0);
          offset = 0;
          page = (gint64) limit + limit / 4 + 2;
          continue;
        }
      offset += page;
      /* Mostly filtered blocks so far: rank larger pages. */
      page = MIN (page * 16, (gint64) G_MAXINT);
    }

  if (rc != SQLITE_DONE)
    {
      set_search_error (self, query, flags, error);
      return NULL;
    }

  /* Snippets for the hits shown first. */
  if (!fill_snippets (self, fts, hits, 0, MIN (n_snippets, hits->len)))
    {
      set_search_error (self, query, flags, error);
      return NULL;
    }

  return g_steal_pointer (&hits);
}

gboolean
dossier_store_search_snippets (DossierStore      *self,
                               const char        *query,
                               DossierSearchFlags flags,
                               GPtrArray         *hits,
                               guint              from,
                               guint              to,
                               GError           **error)
{
  g_autofree char *fts = NULL;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), FALSE);
  g_return_val_if_fail (query != NULL, FALSE);
  g_return_val_if_fail (hits != NULL, FALSE);

  to = MIN (to, hits->len);
  if (from >= to)
    return TRUE;
  if (!(fts = search_expression (query, flags, error)))
    return FALSE;
  if (*fts == '\0')
    return TRUE;
  if (!fill_snippets (self, fts, hits, from, to))
    {
      set_search_error (self, query, flags, error);
      return FALSE;
    }
  return TRUE;
}

/* The number of segments of block_fts's index, from its structure record
 * (fts5_index.c: a 4-byte cookie, then varints nLevel, nSegment, …); -1 when
 * it cannot be read. */
static gint64
fts_segment_count (DossierStore *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db = dossier_store_get_handle (self);
  gint64 n_segments = -1;

  if (sqlite3_prepare_v2 (db, "SELECT block FROM block_fts_data WHERE id = 10", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    {
      const unsigned char *blob = sqlite3_column_blob (stmt, 0);
      int n = sqlite3_column_bytes (stmt, 0);
      guint32 n_levels, segments;
      int used;

      if (blob != NULL && n > 4
          && (used = read_varint32 (blob + 4, n - 4, &n_levels)) > 0
          && read_varint32 (blob + 4 + used, n - 4 - used, &segments) > 0)
        n_segments = segments;
    }
  return n_segments;
}

gint64
_dossier_store_search_get_n_segments (DossierStore *self)
{
  return fts_segment_count (self);
}

guint
_dossier_store_search_get_n_optimizes (DossierStore *self)
{
  return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (self), "dossier-n-optimizes"));
}

gint64
_dossier_store_search_get_last_block (DossierStore *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db = dossier_store_get_handle (self);

  if (sqlite3_prepare_v2 (db, "SELECT max(id) FROM block", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  return 0;
}

/* A batch import that wrote at least this share of the corpus's blocks
 * merges the full-text index into one segment (docs/PERFORMANCE.md, "Search").
 * FTS5's automerge keeps the number of segments low as files are added,
 * but leaves every term spread over several segments, each read and merged
 * by every query. Merging rewrites the whole index (seconds at 10,000
 * documents, against minutes to import them), so a batch that adds little to
 * a large corpus leaves it to automerge. */
#define OPTIMIZE_MIN_SHARE 4  /* one block in four */
#define OPTIMIZE_MIN_BLOCKS 64
#define OPTIMIZE_STEP_PAGES 1000  /* a step's work: about 0.1–0.3 s */

/* Terms matching at least this many rows, and at least one row in
 * TERM_COUNT_SHARE, have their count of rows stored after a large batch
 * (schema 5): counting them is a pass over a long doclist, the IDF of bm25
 * that a cold search of a common word would otherwise pay. */
#define TERM_COUNT_MIN_ROWS 32
#define TERM_COUNT_SHARE 1024

static gboolean
write_term_counts (DossierStore *self,
                   gint64        n_rows,
                   GError      **error)
{
  sqlite3_stmt *stmt;

  if (!_dossier_store_exec (self,
                            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.dossier_block_vocab"
                            " USING fts5vocab (main, block_fts, row);"
                            "DELETE FROM search_term_stamp;"
                            "DELETE FROM search_term_count;", error))
    return FALSE;
  stmt = _dossier_store_prepare (self,
                                 "INSERT INTO search_term_count (term, n_rows)"
                                 " SELECT term, doc FROM temp.dossier_block_vocab WHERE doc >= ?1",
                                 error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, MAX (TERM_COUNT_MIN_ROWS, n_rows / TERM_COUNT_SHARE));
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      dossier_store_set_error (self, error, NULL);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  /* What the counts describe: read back by rank_cache_load_terms(). */
  return _dossier_store_exec (self,
                              "INSERT INTO search_term_stamp (id, structure, averages) VALUES (1,"
                              " (SELECT block FROM block_fts_data WHERE id = 10),"
                              " (SELECT block FROM block_fts_data WHERE id = 1));", error);
}

gboolean
_dossier_store_search_optimize_after_batch (DossierStore *self,
                                            gint64        last_block_before,
                                            GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db = dossier_store_get_handle (self);
  gint64 n_new = 0, n_total = 0;

  if (sqlite3_prepare_v2 (db, "SELECT (SELECT count(*) FROM block WHERE id > ?1), (SELECT count(*) FROM block)",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      dossier_store_set_error (self, error, NULL);
      return FALSE;
    }
  sqlite3_bind_int64 (stmt, 1, last_block_before);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      dossier_store_set_error (self, error, NULL);
      return FALSE;
    }
  n_new = sqlite3_column_int64 (stmt, 0);
  n_total = sqlite3_column_int64 (stmt, 1);
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (n_new < OPTIMIZE_MIN_BLOCKS || n_new * OPTIMIZE_MIN_SHARE < n_total)
    return TRUE;

  /* FTS5's incremental merge, a bounded number of pages a transaction, until
   * it finds no work: the same single segment as 'optimize', but other
   * writers (the window saving a draft) get the database between steps
   * instead of waiting seconds for one statement. FTS5 reports work done as
   * two or more changes. */
  if (fts_segment_count (self) != 1)
    {
      for (;;)
        {
          sqlite3_int64 changes = sqlite3_total_changes64 (db);

          if (!dossier_store_begin (self, error))
            return FALSE;
          if (!_dossier_store_exec (self, "INSERT INTO block_fts (block_fts, rank) VALUES ('merge', -"
                                          G_STRINGIFY (OPTIMIZE_STEP_PAGES) ");", error))
            {
              dossier_store_rollback (self);
              return FALSE;
            }
          if (!dossier_store_commit (self, error))
            return FALSE;
          if (sqlite3_total_changes64 (db) - changes < 2)
            break;
        }
      g_object_set_data (G_OBJECT (self), "dossier-n-optimizes",
                         GUINT_TO_POINTER (_dossier_store_search_get_n_optimizes (self) + 1));
    }

  /* One transaction: the counts are those of the index they are stamped
   * with. */
  if (!dossier_store_begin (self, error))
    return FALSE;
  if (!write_term_counts (self, n_total, error))
    {
      dossier_store_rollback (self);
      return FALSE;
    }
  return dossier_store_commit (self, error);
}

guint64
_dossier_store_search_get_n_term_counts (DossierStore *self)
{
  RankCache *cache = g_object_get_qdata (G_OBJECT (self), rank_cache_quark ());

  return cache != NULL ? cache->n_term_counts : 0;
}
