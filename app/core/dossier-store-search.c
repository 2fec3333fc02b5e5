/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Full-text search over the corpus's blocks: the query language, FTS5 ranking,
 * the hits and their snippets.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
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

/* bm25 weights: the block's own text counts more than the headings above it. */
#define DOSSIER_SEARCH_BM25 "bm25(block_fts, 1.0, 0.25)"

/*
 * Search runs in two steps (docs/PERFORMANCE.md, "Search"):
 *
 * 1. FTS5 alone ranks the matches: the best rowids by bm25, ties by rowid, with
 *    SQLite's top-N sorter (ORDER BY … LIMIT), which keeps only N rows while
 *    ranking, instead of FTS5's own "ORDER BY rank", which sorts every match.
 * 2. Only the candidates read their block and document rows, are filtered by
 *    kind, and pay for their snippet, one seek each.
 *
 * Front matter and contact blocks are filtered in step 2; when they take too
 * many of the candidates, the next page of candidates is ranked, so the hits
 * and their order are exactly those of one query over all matches.
 */
static const char search_candidates_sql[] =
  "SELECT rowid, " DOSSIER_SEARCH_BM25 " AS score FROM block_fts"
  " WHERE block_fts MATCH ?1"
  " ORDER BY score, rowid LIMIT ?2 OFFSET ?3";

/* One pass over the matches in rowid order (a range FTS5 seeks to), keeping
 * the candidates only: their rows, the kind filter, their snippets. A seek per
 * candidate ("rowid = ?") would set up the whole expression each time, which
 * for a prefix means merging every term's doclist again. The "+" keeps the IN
 * list from becoming such seeks. */
static const char search_hit_sql[] =
  "SELECT b.id, b.document_id, d.symbol, d.title, d.date, b.kind, b.label, b.heading_path,"
  " b.level, b.seq, b.text,"
  " snippet(block_fts, 0, char(2), char(3), '…', 24)"
  " FROM block_fts JOIN block b ON b.id = block_fts.rowid"
  " JOIN document d ON d.id = b.document_id"
  " WHERE block_fts MATCH ?1 AND block_fts.rowid BETWEEN ?2 AND ?3"
  " AND +block_fts.rowid IN (SELECT value FROM json_each(?4))"
  " AND b.kind NOT IN ('front', 'contact')";

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

GPtrArray *
dossier_store_search (DossierStore      *self,
                      const char        *query,
                      DossierSearchFlags flags,
                      guint              limit,
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

  g_return_val_if_fail (DOSSIER_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  hits = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_search_hit_free);

  if (strlen (query) > DOSSIER_LIMIT_QUERY_BYTES)
    {
      g_set_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_QUERY,
                   _("The search is too long: at most %d characters can be searched for."),
                   DOSSIER_LIMIT_QUERY_BYTES);
      return NULL;
    }
  if (!g_utf8_validate (query, -1, NULL))
    {
      g_set_error_literal (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_QUERY,
                           _("The search contains characters that are not valid text."));
      return NULL;
    }

  if (flags & DOSSIER_SEARCH_ADVANCED)
    fts = g_strdup (query);
  else
    fts = dossier_store_build_fts_query (query);

  /* Nothing searchable (only spaces or punctuation): no hits, not an error. */
  if (fts == NULL || *fts == '\0')
    return g_steal_pointer (&hits);

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
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);
          double score = sqlite3_column_double (stmt, 1);

          g_array_append_val (ids, id);
          g_array_append_val (scores, score);
          got++;
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        break;

      /* Step 2: the kind filter, then rows and snippets for the hits only. */
      if (ids->len > 0)
        {
          g_autoptr(GString) list = g_string_new ("[");
          g_autoptr(GHashTable) slot_of = g_hash_table_new (g_int64_hash, g_int64_equal);
          g_autoptr(GPtrArray) slots = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_search_hit_free);
          g_autofree gboolean *kept = g_new0 (gboolean, ids->len);
          gint64 lowest = G_MAXINT64, highest = G_MININT64;
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
                lowest = MIN (lowest, id);
                highest = MAX (highest, id);
                wanted++;
              }
          g_string_append_c (list, ']');

          if (wanted > 0)
            {
              g_ptr_array_set_size (slots, ids->len);
              if (!(stmt = _dossier_store_prepare (self, search_hit_sql, error)))
                return NULL;
              _dossier_bind_text (stmt, 1, fts);
              sqlite3_bind_int64 (stmt, 2, lowest);
              sqlite3_bind_int64 (stmt, 3, highest);
              _dossier_bind_text (stmt, 4, list->str);
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
      offset += page;
      /* Mostly filtered blocks so far: rank larger pages. */
      page = MIN (page * 16, (gint64) G_MAXINT);
    }

  if (rc != SQLITE_DONE)
    {
      if (flags & DOSSIER_SEARCH_ADVANCED)
        g_set_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_QUERY,
                     _("“%s” is not a valid advanced search (%s). Remove the advanced option to search for the words as typed."),
                     query, sqlite3_errmsg (sqlite3_db_handle (stmt)));
      else
        dossier_store_set_error (self, error, NULL);
      return NULL;
    }

  return g_steal_pointer (&hits);
}
