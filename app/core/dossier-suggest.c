/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Which paragraphs say the most about something.
 *
 * The ranking has two parts, both shown to the caller:
 *
 * 1. Relevance: how directly a paragraph matches.
 *    - A search: SQLite FTS5's BM25 score for any of the words (the paragraph's
 *      own text weighted over its headings), times the square of the share of
 *      the words it contains, so that a paragraph with every word beats one that
 *      repeats a single word; a paragraph with the words side by side as typed
 *      gets a quarter more.
 *    - An entity: how often the paragraph mentions it, with BM25's saturation
 *      and length normalisation (k1 = 1.2, b = 0.75): the third mention counts
 *      less than the first, and a long paragraph needs more mentions than a short
 *      one to say as much.
 *    - A relation: the same for each of its two entities, added, plus one for a
 *      paragraph that extraction gave as the relation's evidence.
 *    - A document: every paragraph alike, so that centrality alone decides (the
 *      classic TextRank summary).
 *
 * 2. Centrality: TextRank (Mihalcea and Tarau, 2004) over the candidate
 *    paragraphs. Two paragraphs are linked by how many content words (lower
 *    case, stop words dropped, plurals folded) and entities they share, an
 *    entity counting twice, divided by log(1 + words) of each, so that long
 *    paragraphs do not link to everything. PageRank runs on that graph with its
 *    random jumps going to paragraphs in proportion to their relevance (a biased
 *    TextRank): a paragraph ranks high when relevant paragraphs echo it.
 *
 * The score is 0.6 × relevance + 0.4 × centrality, each scaled so that the best
 * candidate has 1, then scaled again so that the best suggestion has 1.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "dossier-limits.h"
#include "dossier-store-private.h"
#include "dossier-suggest.h"

G_DEFINE_QUARK (dossier-suggest-error-quark, dossier_suggest_error)

/* Most candidates that enter the TextRank graph (it compares every pair); a
 * document's own paragraphs all take part, up to a larger bound. */
#define MAX_CANDIDATES      300
#define MAX_DOCUMENT_BLOCKS 1000

#define WEIGHT_RELEVANCE   0.6
#define WEIGHT_CENTRALITY  0.4
#define ENTITY_SHARE       2.0
#define PHRASE_BONUS       1.25
#define BM25_K1            1.2
#define BM25_B             0.75
#define DAMPING            0.85
#define MAX_ITERATIONS     100
#define CONVERGED          1e-7

/* English function words and the boilerplate every UN paragraph shares; they
 * would link every paragraph to every other. */
static const char *const stop_words[] = {
  "about", "above", "after", "again", "against", "all", "also", "among", "and", "any",
  "are", "because", "been", "before", "being", "between", "both", "but", "can", "could",
  "did", "does", "doing", "down", "during", "each", "few", "for", "from", "further",
  "had", "has", "have", "having", "her", "here", "hers", "him", "his", "how", "including",
  "into", "its", "itself", "may", "more", "most", "must", "not", "now", "off", "once",
  "only", "other", "our", "ours", "out", "over", "own", "same", "shall", "she", "should",
  "some", "such", "than", "that", "the", "their", "theirs", "them", "then", "there",
  "these", "they", "this", "those", "through", "under", "until", "upon", "very", "was",
  "well", "were", "what", "when", "where", "whether", "which", "while", "who", "whom",
  "why", "will", "with", "within", "would", "you", "your", "united", "nations", "para",
  "paragraph", "per", "cent", "inter", "alia", "thus", "therefore", "however", "made",
  "make", "one", "two", "three", "new", "use", "used",
};

typedef struct
{
  gint64   block_id;
  gint64   document_id;
  guint    seq;
  char    *kind;
  int      level;
  char    *label;
  char    *heading_path;
  char    *text;
  char    *symbol;
  char    *title;
  double   raw;          /* relevance before scaling */
  double   relevance;
  double   centrality;
  double   score;
  GArray  *terms;        /* guint term ids, sorted, unique */
  GArray  *entities;     /* gint64 entity ids, sorted, unique */
  guint    n_words;
} Candidate;

static void
candidate_free (Candidate *candidate)
{
  g_free (candidate->kind);
  g_free (candidate->label);
  g_free (candidate->heading_path);
  g_free (candidate->text);
  g_free (candidate->symbol);
  g_free (candidate->title);
  g_clear_pointer (&candidate->terms, g_array_unref);
  g_clear_pointer (&candidate->entities, g_array_unref);
  g_free (candidate);
}

/* Every candidate query selects these columns first, then its own numbers. */
#define CANDIDATE_COLUMNS \
  "b.id, b.document_id, b.seq, b.kind, b.level, b.label, b.heading_path, b.text, d.symbol, d.title"
#define N_CANDIDATE_COLUMNS 10

static Candidate *
candidate_from_row (sqlite3_stmt *stmt)
{
  Candidate *candidate = g_new0 (Candidate, 1);

  candidate->block_id = sqlite3_column_int64 (stmt, 0);
  candidate->document_id = sqlite3_column_int64 (stmt, 1);
  candidate->seq = (guint) sqlite3_column_int (stmt, 2);
  candidate->kind = g_strdup (_dossier_column_text (stmt, 3));
  candidate->level = sqlite3_column_int (stmt, 4);
  candidate->label = g_strdup (_dossier_column_text (stmt, 5));
  candidate->heading_path = g_strdup (_dossier_column_text (stmt, 6));
  candidate->text = g_strdup (_dossier_column_text (stmt, 7));
  candidate->symbol = g_strdup (_dossier_column_text (stmt, 8));
  candidate->title = g_strdup (_dossier_column_text (stmt, 9));
  return candidate;
}

static GPtrArray *
candidates_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) candidate_free);
}

void
dossier_suggestion_free (DossierSuggestion *suggestion)
{
  if (suggestion == NULL)
    return;
  g_free (suggestion->document_symbol);
  g_free (suggestion->document_title);
  g_free (suggestion->label);
  g_free (suggestion->citation);
  g_free (suggestion->text);
  g_free (suggestion);
}

/* Words */

static gpointer
build_stop_words (gpointer data)
{
  GHashTable *set = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < G_N_ELEMENTS (stop_words); i++)
    g_hash_table_add (set, (gpointer) stop_words[i]);
  return set;
}

static gboolean
is_stop_word (const char *word)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, build_stop_words, NULL);
  return g_hash_table_contains (once.retval, word);
}

/* Folds the commonest English plurals, so "victims" and "victim" are one term. */
static void
fold_plural (GString *word)
{
  gsize len = word->len;

  if (len > 4 && g_str_has_suffix (word->str, "ies"))
    {
      g_string_truncate (word, len - 3);
      g_string_append_c (word, 'y');
    }
  else if (len > 4 && word->str[len - 1] == 's' && word->str[len - 2] != 's' &&
           word->str[len - 2] != 'u' && word->str[len - 2] != 'i')
    g_string_truncate (word, len - 1);
}

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static void
sort_unique (GArray       *array,
             GCompareFunc  compare)
{
  guint out = 0;

  if (array->len == 0)
    return;
  g_array_sort (array, compare);
  for (guint i = 1; i < array->len; i++)
    {
      if (compare (array->data + i * g_array_get_element_size (array),
                   array->data + out * g_array_get_element_size (array)) != 0)
        {
          out++;
          memcpy (array->data + out * g_array_get_element_size (array),
                  array->data + i * g_array_get_element_size (array),
                  g_array_get_element_size (array));
        }
    }
  g_array_set_size (array, out + 1);
}

/* The content words of a candidate as term ids of @vocabulary. */
static void
candidate_tokenize (Candidate  *candidate,
                    GHashTable *vocabulary)
{
  g_autofree char *folded = g_utf8_casefold (candidate->text, -1);
  g_autoptr(GString) word = g_string_new (NULL);
  const char *p = folded;

  candidate->terms = g_array_new (FALSE, FALSE, sizeof (guint));

  for (;;)
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && (g_unichar_isalnum (c) || g_unichar_ismark (c)))
        {
          g_string_append_unichar (word, c);
          p = g_utf8_next_char (p);
          continue;
        }

      if (word->len > 0)
        {
          candidate->n_words++;
          fold_plural (word);
          if (g_utf8_strlen (word->str, -1) >= 3 && !g_ascii_isdigit (word->str[0]) &&
              !is_stop_word (word->str))
            {
              gpointer id;

              if (!g_hash_table_lookup_extended (vocabulary, word->str, NULL, &id))
                {
                  id = GUINT_TO_POINTER (g_hash_table_size (vocabulary) + 1);
                  g_hash_table_insert (vocabulary, g_strdup (word->str), id);
                }
              {
                guint term = GPOINTER_TO_UINT (id);

                g_array_append_val (candidate->terms, term);
              }
            }
          g_string_truncate (word, 0);
        }
      if (c == 0)
        break;
      p = g_utf8_next_char (p);
    }

  sort_unique (candidate->terms, compare_uint);
}

static gboolean
candidate_load_entities (DossierStore *store,
                         Candidate    *candidate,
                         GError      **error)
{
  static const char sql[] = "SELECT DISTINCT entity_id FROM mention WHERE block_id = ?";
  sqlite3_stmt *stmt;
  int rc;

  candidate->entities = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (!(stmt = _dossier_store_prepare (store, sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, candidate->block_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (candidate->entities, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dossier_store_set_error (store, error, NULL);
      return FALSE;
    }
  sort_unique (candidate->entities, compare_int64);
  return TRUE;
}

static guint
count_shared_terms (GArray *a,
                    GArray *b)
{
  guint i = 0, j = 0, n = 0;

  while (i < a->len && j < b->len)
    {
      guint x = g_array_index (a, guint, i), y = g_array_index (b, guint, j);

      if (x == y)
        {
          n++;
          i++;
          j++;
        }
      else if (x < y)
        i++;
      else
        j++;
    }
  return n;
}

static guint
count_shared_entities (GArray *a,
                       GArray *b)
{
  guint i = 0, j = 0, n = 0;

  while (i < a->len && j < b->len)
    {
      gint64 x = g_array_index (a, gint64, i), y = g_array_index (b, gint64, j);

      if (x == y)
        {
          n++;
          i++;
          j++;
        }
      else if (x < y)
        i++;
      else
        j++;
    }
  return n;
}

/* Ranking */

static void
textrank (GPtrArray *candidates)
{
  guint n = candidates->len;
  g_autofree double *weights = g_new0 (double, (gsize) n * n);
  g_autofree double *out_sum = g_new0 (double, n);
  g_autofree double *jump = g_new0 (double, n);
  g_autofree double *rank = g_new0 (double, n);
  g_autofree double *next = g_new0 (double, n);
  double total = 0, best = 0;

  for (guint i = 0; i < n; i++)
    {
      Candidate *a = g_ptr_array_index (candidates, i);

      for (guint j = i + 1; j < n; j++)
        {
          Candidate *b = g_ptr_array_index (candidates, j);
          double shared = count_shared_terms (a->terms, b->terms) +
                          ENTITY_SHARE * count_shared_entities (a->entities, b->entities);
          double norm = log (1.0 + a->terms->len) + log (1.0 + b->terms->len);
          double w = shared > 0 && norm > 0 ? shared / norm : 0;

          weights[(gsize) i * n + j] = w;
          weights[(gsize) j * n + i] = w;
          out_sum[i] += w;
          out_sum[j] += w;
        }
      total += a->relevance;
    }

  for (guint i = 0; i < n; i++)
    {
      Candidate *c = g_ptr_array_index (candidates, i);

      jump[i] = total > 0 ? c->relevance / total : 1.0 / n;
      rank[i] = jump[i];
    }

  for (guint iteration = 0; iteration < MAX_ITERATIONS; iteration++)
    {
      double dangling = 0, delta = 0;

      /* A paragraph that shares nothing hands its rank back through the jumps. */
      for (guint j = 0; j < n; j++)
        if (out_sum[j] == 0)
          dangling += rank[j];

      for (guint i = 0; i < n; i++)
        {
          double sum = 0;

          for (guint j = 0; j < n; j++)
            {
              double w = weights[(gsize) j * n + i];

              if (w > 0)
                sum += w / out_sum[j] * rank[j];
            }
          next[i] = (1 - DAMPING) * jump[i] + DAMPING * (sum + dangling * jump[i]);
        }
      for (guint i = 0; i < n; i++)
        {
          delta += fabs (next[i] - rank[i]);
          rank[i] = next[i];
        }
      if (delta < CONVERGED)
        break;
    }

  for (guint i = 0; i < n; i++)
    best = MAX (best, rank[i]);
  for (guint i = 0; i < n; i++)
    ((Candidate *) g_ptr_array_index (candidates, i))->centrality = best > 0 ? rank[i] / best : 0;
}

static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const Candidate *x = *(Candidate *const *) a;
  const Candidate *y = *(Candidate *const *) b;

  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  if (x->document_id != y->document_id)
    return x->document_id < y->document_id ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int
compare_raw (gconstpointer a,
             gconstpointer b)
{
  const Candidate *x = *(Candidate *const *) a;
  const Candidate *y = *(Candidate *const *) b;

  if (x->raw != y->raw)
    return x->raw > y->raw ? -1 : 1;
  if (x->document_id != y->document_id)
    return x->document_id < y->document_id ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Scores @candidates (whose raw relevance is set), at most @max_candidates of
 * the most relevant, and turns the best @limit into suggestions. */
static GPtrArray *
rank_candidates (DossierStore *store,
                 GPtrArray    *candidates,
                 guint         max_candidates,
                 guint         limit,
                 GError      **error)
{
  g_autoptr(GHashTable) vocabulary = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) suggestions =
    g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_suggestion_free);
  double best_raw = 0, best_score = 0;

  if (limit == 0)
    limit = DOSSIER_SUGGEST_DEFAULT_LIMIT;
  if (candidates->len == 0)
    return g_steal_pointer (&suggestions);

  /* Keep the most relevant when there are too many to compare pairwise. */
  g_ptr_array_sort (candidates, compare_raw);
  if (candidates->len > max_candidates)
    g_ptr_array_set_size (candidates, max_candidates);

  for (guint i = 0; i < candidates->len; i++)
    {
      Candidate *c = g_ptr_array_index (candidates, i);

      best_raw = MAX (best_raw, c->raw);
      candidate_tokenize (c, vocabulary);
      if (!candidate_load_entities (store, c, error))
        return NULL;
    }
  for (guint i = 0; i < candidates->len; i++)
    {
      Candidate *c = g_ptr_array_index (candidates, i);

      c->relevance = best_raw > 0 ? c->raw / best_raw : 1.0;
    }

  textrank (candidates);

  for (guint i = 0; i < candidates->len; i++)
    {
      Candidate *c = g_ptr_array_index (candidates, i);

      c->score = WEIGHT_RELEVANCE * c->relevance + WEIGHT_CENTRALITY * c->centrality;
      best_score = MAX (best_score, c->score);
    }
  g_ptr_array_sort (candidates, compare_candidates);

  for (guint i = 0; i < candidates->len && i < limit; i++)
    {
      Candidate *c = g_ptr_array_index (candidates, i);
      DossierSuggestion *suggestion = g_new0 (DossierSuggestion, 1);
      g_autoptr(DossierBlock) block = NULL;
      DossierBlockKind kind = DOSSIER_BLOCK_PARAGRAPH;

      dossier_block_kind_from_string (c->kind, &kind);
      block = dossier_block_new (kind, c->label, c->text);
      block->level = c->level;
      block->seq = c->seq;
      block->heading_path = g_strdup (c->heading_path);

      suggestion->block_id = c->block_id;
      suggestion->document_id = c->document_id;
      suggestion->document_symbol = g_strdup (c->symbol);
      suggestion->document_title = g_strdup (c->title);
      suggestion->label = g_strdup (c->label);
      suggestion->citation = dossier_block_dup_citation (block, c->symbol, c->title);
      suggestion->text = g_strdup (c->text);
      suggestion->relevance = c->relevance;
      suggestion->centrality = c->centrality;
      suggestion->score = best_score > 0 ? c->score / best_score : 0;
      g_ptr_array_add (suggestions, suggestion);
    }

  return g_steal_pointer (&suggestions);
}

/* BM25's term-frequency part, for mention counts. */
static double
saturate (double count,
          double length,
          double average_length)
{
  double norm = 1 - BM25_B + BM25_B * (average_length > 0 ? length / average_length : 1);

  return count * (BM25_K1 + 1) / (count + BM25_K1 * norm);
}

static double
average_words (GPtrArray *candidates)
{
  double sum = 0;

  for (guint i = 0; i < candidates->len; i++)
    {
      Candidate *c = g_ptr_array_index (candidates, i);

      sum += g_utf8_strlen (c->text, -1) / 6.0;  /* about six characters a word */
    }
  return candidates->len > 0 ? sum / candidates->len : 0;
}

static GPtrArray *
read_candidates (DossierStore *store,
                 sqlite3_stmt *stmt,
                 guint         n_numbers,
                 GArray       *numbers,
                 GError      **error)
{
  g_autoptr(GPtrArray) candidates = candidates_new ();
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (candidates, candidate_from_row (stmt));
      for (guint i = 0; i < n_numbers; i++)
        {
          double value = sqlite3_column_double (stmt, N_CANDIDATE_COLUMNS + i);

          g_array_append_val (numbers, value);
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dossier_store_set_error (store, error, NULL);
      return NULL;
    }
  return g_steal_pointer (&candidates);
}

/* Searches */

/* The quoted pieces of an FTS5 expression built by dossier_store_build_fts_query:
 * "word" "two words" "pre"* */
static GPtrArray *
split_fts_pieces (const char *fts)
{
  GPtrArray *pieces = g_ptr_array_new_with_free_func (g_free);
  const char *p = fts;

  while (*p != '\0')
    {
      const char *piece_start;

      while (*p == ' ')
        p++;
      if (*p != '"')
        break;
      piece_start = p++;
      while (*p != '\0')
        {
          if (*p == '"' && p[1] == '"')
            p += 2;
          else if (*p == '"')
            break;
          else
            p++;
        }
      if (*p == '"')
        p++;
      if (*p == '*')
        p++;
      g_ptr_array_add (pieces, g_strndup (piece_start, p - piece_start));
    }
  return pieces;
}

static gboolean
collect_matches (DossierStore *store,
                 const char   *fts,
                 GHashTable   *rows,
                 GError      **error)
{
  static const char sql[] = "SELECT rowid FROM block_fts WHERE block_fts MATCH ?";
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _dossier_store_prepare (store, sql, error)))
    return FALSE;
  _dossier_bind_text (stmt, 1, fts);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 *id = g_new (gint64, 1);

      *id = sqlite3_column_int64 (stmt, 0);
      g_hash_table_add (rows, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dossier_store_set_error (store, error, NULL);
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
dossier_suggest_for_query (DossierStore *store,
                           const char   *query,
                           guint         limit,
                           GError      **error)
{
  static const char sql[] =
    "SELECT " CANDIDATE_COLUMNS ", -bm25(block_fts, 1.0, 0.25)"
    " FROM block_fts JOIN block b ON b.id = block_fts.rowid"
    " JOIN document d ON d.id = b.document_id"
    " WHERE block_fts MATCH ?1 AND b.kind NOT IN ('front', 'contact', 'heading')"
    " ORDER BY bm25(block_fts, 1.0, 0.25) LIMIT ?2";
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(GPtrArray) pieces = NULL;
  g_autoptr(GPtrArray) coverage = NULL;
  g_autoptr(GHashTable) phrase_rows = NULL;
  g_autoptr(GArray) bm25 = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GString) any = g_string_new (NULL);
  g_autofree char *fts = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DOSSIER_IS_STORE (store), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (!_dossier_store_check_query (query, error))
    return NULL;

  fts = dossier_store_build_fts_query (query);
  if (fts == NULL)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_suggestion_free);

  /* Candidates have any of the words; coverage then favours those with all. */
  pieces = split_fts_pieces (fts);
  for (guint i = 0; i < pieces->len; i++)
    {
      if (i > 0)
        g_string_append (any, " OR ");
      g_string_append (any, g_ptr_array_index (pieces, i));
    }

  if (!(stmt = _dossier_store_prepare (store, sql, error)))
    return NULL;
  _dossier_bind_text (stmt, 1, any->str);
  sqlite3_bind_int (stmt, 2, MAX_CANDIDATES);
  if (!(candidates = read_candidates (store, stmt, 1, bm25, error)))
    return NULL;

  coverage = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  for (guint i = 0; i < pieces->len && pieces->len > 1; i++)
    {
      GHashTable *rows = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

      g_ptr_array_add (coverage, rows);
      if (!collect_matches (store, g_ptr_array_index (pieces, i), rows, error))
        return NULL;
    }

  /* The words side by side, as typed: "witness protection". */
  if (pieces->len > 1)
    {
      g_autoptr(GString) phrase = g_string_new ("\"");

      for (guint i = 0; i < pieces->len; i++)
        {
          const char *piece = g_ptr_array_index (pieces, i);
          gsize len = strlen (piece);

          if (piece[len - 1] == '*')
            len--;
          if (i > 0)
            g_string_append_c (phrase, ' ');
          g_string_append_len (phrase, piece + 1, len - 2);
        }
      g_string_append_c (phrase, '"');
      phrase_rows = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      if (!collect_matches (store, phrase->str, phrase_rows, error))
        return NULL;
    }

  for (guint i = 0; i < candidates->len; i++)
    {
      Candidate *c = g_ptr_array_index (candidates, i);
      double share = 1.0;

      if (coverage->len > 0)
        {
          guint found = 0;

          for (guint j = 0; j < coverage->len; j++)
            found += g_hash_table_contains (g_ptr_array_index (coverage, j), &c->block_id);
          share = (double) found / coverage->len;
        }
      c->raw = MAX (g_array_index (bm25, double, i), 0) * share * share;
      if (phrase_rows != NULL && g_hash_table_contains (phrase_rows, &c->block_id))
        c->raw *= PHRASE_BONUS;
    }

  return rank_candidates (store, candidates, MAX_CANDIDATES, limit, error);
}

GPtrArray *
dossier_suggest_for_entity (DossierStore *store,
                            gint64        entity_id,
                            guint         limit,
                            GError      **error)
{
  static const char exists_sql[] = "SELECT 1 FROM entity WHERE id = ?";
  static const char sql[] =
    "SELECT " CANDIDATE_COLUMNS ", count(*)"
    " FROM mention m JOIN block b ON b.id = m.block_id"
    " JOIN document d ON d.id = b.document_id"
    " WHERE m.entity_id = ? AND b.kind NOT IN ('front', 'contact', 'heading')"
    " GROUP BY b.id ORDER BY count(*) DESC, b.document_id, b.seq LIMIT ?";
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(GArray) counts = g_array_new (FALSE, FALSE, sizeof (double));
  sqlite3_stmt *stmt;
  gboolean exists;
  double average;

  g_return_val_if_fail (DOSSIER_IS_STORE (store), NULL);

  if (!(stmt = _dossier_store_prepare (store, exists_sql, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, entity_id);
  exists = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (!exists)
    {
      g_set_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_FOUND,
                   _("There is no entity number %lld in the corpus."), (long long) entity_id);
      return NULL;
    }

  if (!(stmt = _dossier_store_prepare (store, sql, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, entity_id);
  sqlite3_bind_int (stmt, 2, MAX_CANDIDATES * 4);
  if (!(candidates = read_candidates (store, stmt, 1, counts, error)))
    return NULL;

  average = average_words (candidates);
  for (guint i = 0; i < candidates->len; i++)
    {
      Candidate *c = g_ptr_array_index (candidates, i);

      c->raw = saturate (g_array_index (counts, double, i), g_utf8_strlen (c->text, -1) / 6.0,
                         average);
    }

  return rank_candidates (store, candidates, MAX_CANDIDATES, limit, error);
}

GPtrArray *
dossier_suggest_for_relation (DossierStore *store,
                              gint64        relation_id,
                              guint         limit,
                              GError      **error)
{
  static const char exists_sql[] = "SELECT 1 FROM relation WHERE id = ?";
  static const char sql[] =
    "SELECT " CANDIDATE_COLUMNS ","
    " (SELECT count(*) FROM mention m WHERE m.block_id = b.id AND m.entity_id = r.source_id),"
    " (SELECT count(*) FROM mention m WHERE m.block_id = b.id AND m.entity_id = r.target_id),"
    " EXISTS (SELECT 1 FROM relation_evidence e WHERE e.relation_id = r.id AND e.block_id = b.id)"
    " FROM relation r JOIN block b JOIN document d ON d.id = b.document_id"
    " WHERE r.id = ?1 AND b.kind NOT IN ('front', 'contact', 'heading')"
    " AND (b.id IN (SELECT e.block_id FROM relation_evidence e WHERE e.relation_id = ?1)"
    "  OR (b.id IN (SELECT m.block_id FROM mention m WHERE m.entity_id = r.source_id)"
    "      AND b.id IN (SELECT m.block_id FROM mention m WHERE m.entity_id = r.target_id)))"
    " ORDER BY b.document_id, b.seq LIMIT ?2";
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(GArray) numbers = g_array_new (FALSE, FALSE, sizeof (double));
  sqlite3_stmt *stmt;
  gboolean exists;
  double average;

  g_return_val_if_fail (DOSSIER_IS_STORE (store), NULL);

  if (!(stmt = _dossier_store_prepare (store, exists_sql, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, relation_id);
  exists = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (!exists)
    {
      g_set_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_FOUND,
                   _("There is no relation number %lld in the corpus."), (long long) relation_id);
      return NULL;
    }

  if (!(stmt = _dossier_store_prepare (store, sql, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, relation_id);
  sqlite3_bind_int (stmt, 2, MAX_CANDIDATES * 4);
  if (!(candidates = read_candidates (store, stmt, 3, numbers, error)))
    return NULL;

  average = average_words (candidates);
  for (guint i = 0; i < candidates->len; i++)
    {
      Candidate *c = g_ptr_array_index (candidates, i);
      double words = g_utf8_strlen (c->text, -1) / 6.0;

      c->raw = saturate (g_array_index (numbers, double, 3 * i), words, average) +
               saturate (g_array_index (numbers, double, 3 * i + 1), words, average) +
               g_array_index (numbers, double, 3 * i + 2);
    }

  return rank_candidates (store, candidates, MAX_CANDIDATES, limit, error);
}

GPtrArray *
dossier_suggest_for_document (DossierStore *store,
                              gint64        document_id,
                              guint         limit,
                              GError      **error)
{
  static const char sql[] =
    "SELECT " CANDIDATE_COLUMNS ", 1.0"
    " FROM block b JOIN document d ON d.id = b.document_id"
    " WHERE b.document_id = ? AND b.kind IN ('paragraph', 'item')"
    " ORDER BY b.seq LIMIT ?";
  g_autoptr(DossierDocumentInfo) info = NULL;
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(GArray) ones = g_array_new (FALSE, FALSE, sizeof (double));
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DOSSIER_IS_STORE (store), NULL);

  if (!(info = dossier_store_get_document (store, document_id, error)))
    return NULL;
  if (!(stmt = _dossier_store_prepare (store, sql, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, document_id);
  sqlite3_bind_int (stmt, 2, MAX_DOCUMENT_BLOCKS);
  if (!(candidates = read_candidates (store, stmt, 1, ones, error)))
    return NULL;
  for (guint i = 0; i < candidates->len; i++)
    ((Candidate *) g_ptr_array_index (candidates, i))->raw = 1.0;

  return rank_candidates (store, candidates, MAX_DOCUMENT_BLOCKS, limit, error);
}

gboolean
dossier_suggest_find_entity (DossierStore *store,
                             const char   *ref,
                             gint64       *entity_id,
                             GError      **error)
{
  static const char by_key[] = "SELECT id FROM entity WHERE key = ?";
  static const char by_name[] =
    "SELECT id FROM entity WHERE name = ?1 COLLATE NOCASE OR short_name = ?1 COLLATE NOCASE"
    " OR user_name = ?1 COLLATE NOCASE"
    " UNION SELECT entity_id FROM alias WHERE alias = ?1 COLLATE NOCASE";
  static const char merged_sql[] = "SELECT merged_into FROM entity WHERE id = ?";
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DOSSIER_IS_STORE (store), FALSE);
  g_return_val_if_fail (ref != NULL, FALSE);

  for (guint pass = 0; pass < 2 && ids->len == 0; pass++)
    {
      if (!(stmt = _dossier_store_prepare (store, pass == 0 ? by_key : by_name, error)))
        return FALSE;
      _dossier_bind_text (stmt, 1, ref);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);

          g_array_append_val (ids, id);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          dossier_store_set_error (store, error, NULL);
          return FALSE;
        }
    }

  /* An entity the user merged away answers for the one that absorbed it. */
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 *id = &g_array_index (ids, gint64, i);

      for (guint hops = 0; hops < 16; hops++)
        {
          gint64 next = 0;

          if (!(stmt = _dossier_store_prepare (store, merged_sql, error)))
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, *id);
          if (sqlite3_step (stmt) == SQLITE_ROW)
            next = sqlite3_column_int64 (stmt, 0);
          sqlite3_reset (stmt);
          if (next == 0)
            break;
          *id = next;
        }
    }
  sort_unique (ids, compare_int64);

  if (ids->len == 0)
    {
      g_set_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_FOUND,
                   _("No entity has the key, name or alias “%s”."), ref);
      return FALSE;
    }
  if (ids->len > 1)
    {
      g_set_error (error, DOSSIER_SUGGEST_ERROR, DOSSIER_SUGGEST_ERROR_AMBIGUOUS,
                   _("Several entities answer to “%s”: name one by its key."), ref);
      return FALSE;
    }
  if (entity_id != NULL)
    *entity_id = g_array_index (ids, gint64, 0);
  return TRUE;
}
