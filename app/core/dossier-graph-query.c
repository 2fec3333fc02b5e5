/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * From the store to the graph's nodes and edges: the filter's scope (documents,
 * dates) is applied in SQL, everything else (kinds, weights, ego networks, caps)
 * in C over what the scope lets through.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "dossier-graph-private.h"
#include "dossier-store-private.h"

/* The blocks of the documents in scope. ?1: JSON array of document ids or NULL;
 * ?2, ?3: the date range or NULL. A date prefix ("2003") covers its whole span. */
#define SCOPE_CTE \
  "WITH scope AS (" \
  "  SELECT b.id FROM block b JOIN document d ON d.id = b.document_id" \
  "  WHERE (?1 IS NULL OR d.id IN (SELECT value FROM json_each(?1)))" \
  "    AND (?2 IS NULL OR d.date >= ?2)" \
  "    AND (?3 IS NULL OR substr(d.date, 1, length(?3)) <= ?3)) "

/* ?4 is 0 when the scope is the whole corpus, so that no block list is built
 * and the counts the store keeps are read instead of counting rows: an
 * entity's mentions (entity_count) and a relation's evidence blocks (its
 * weight). At 10,000 documents counting took seconds. In the whole corpus a
 * relation with evidence always has some in scope, so whether it has any at
 * all only matters to a narrower scope. */
static const char entities_sql[] =
  SCOPE_CTE
  "SELECT e.id, e.key, e.kind, coalesce(e.user_name, e.name), e.short_name, e.origin,"
  "       e.confidence, e.accepted,"
  "       CASE WHEN ?4 = 0 THEN coalesce(c.n_mentions, 0)"
  "       ELSE (SELECT count(*) FROM mention m WHERE m.entity_id = e.id AND m.block_id IN scope) END"
  " FROM entity e LEFT JOIN entity_count c ON c.entity_id = e.id"
  " WHERE e.hidden = 0 AND e.merged_into IS NULL"
  " ORDER BY e.key";

static const char relations_sql[] =
  SCOPE_CTE
  "SELECT r.id, r.source_id, r.target_id, r.kind, r.verb, r.directed,"
  "       CASE WHEN ?4 = 0 THEN r.weight"
  "       ELSE (SELECT count(*) FROM relation_evidence x WHERE x.relation_id = r.id"
  "               AND x.block_id IN scope) END,"
  "       ?4 <> 0 AND EXISTS (SELECT 1 FROM relation_evidence x WHERE x.relation_id = r.id)"
  " FROM relation r WHERE r.hidden = 0"
  " ORDER BY r.id";

static const char documents_sql[] =
  "SELECT d.id, d.symbol, d.title, d.source_name FROM document d"
  " WHERE (?1 IS NULL OR d.id IN (SELECT value FROM json_each(?1)))"
  "   AND (?2 IS NULL OR d.date >= ?2)"
  "   AND (?3 IS NULL OR substr(d.date, 1, length(?3)) <= ?3)"
  " ORDER BY d.id";

static const char document_mentions_sql[] =
  SCOPE_CTE
  "SELECT b.document_id, m.entity_id, count(DISTINCT m.block_id), count(*)"
  " FROM mention m JOIN block b ON b.id = m.block_id"
  " WHERE (?4 = 0 OR b.id IN scope)"
  " GROUP BY b.document_id, m.entity_id"
  " ORDER BY b.document_id, m.entity_id";

typedef struct
{
  gint64    entity_id;     /* 0 for a corpus document that is not an entity */
  gint64    document_id;   /* the corpus document it stands for, or 0 */
  char     *key;
  char     *kind;
  char     *name;
  char     *short_name;
  char     *origin;
  double    confidence;
  gboolean  accepted;
  guint     n_mentions;
  gboolean  passes;        /* kind, confidence and pattern filters */
  gboolean  centre;
  gboolean  present;       /* in scope and passing, or a centre */
  GArray   *adjacent;      /* of Link, to present nodes through kept edges */
} Candidate;

typedef struct
{
  guint   other;
  guint   weight;
} Link;

typedef struct
{
  gint64    id;            /* relation id; 0 for document mentions */
  guint     source;        /* candidate indices */
  guint     target;
  const char *kind;        /* interned: a handful of kinds over ~850,000 edges at 10,000 documents */
  char     *verb;
  gboolean  directed;
  guint     weight;
} CandidateEdge;

typedef struct
{
  GPtrArray  *candidates;  /* of Candidate* */
  GArray     *edges;       /* of CandidateEdge */
  GHashTable *by_entity;   /* entity id -> index + 1 */
  GHashTable *by_key;      /* key -> index + 1 */
  GHashTable *by_document; /* document id -> index + 1, once documents are nodes */
} Query;

static void
candidate_free (Candidate *c)
{
  g_free (c->key);
  g_free (c->kind);
  g_free (c->name);
  g_free (c->short_name);
  g_free (c->origin);
  g_clear_pointer (&c->adjacent, g_array_unref);
  g_free (c);
}

static void
candidate_edge_clear (CandidateEdge *e)
{
  g_free (e->verb);
}

static void
query_clear (Query *q)
{
  g_clear_pointer (&q->candidates, g_ptr_array_unref);
  g_clear_pointer (&q->edges, g_array_unref);
  g_clear_pointer (&q->by_entity, g_hash_table_unref);
  g_clear_pointer (&q->by_key, g_hash_table_unref);
  g_clear_pointer (&q->by_document, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Query, query_clear)

static gboolean
is_scoped (const DossierGraphFilter *filter)
{
  guint n_documents = 0;

  dossier_graph_filter_get_documents (filter, &n_documents);
  return n_documents > 0 ||
         dossier_graph_filter_get_date_from (filter) != NULL ||
         dossier_graph_filter_get_date_to (filter) != NULL;
}

static void
bind_scope (sqlite3_stmt             *stmt,
            const DossierGraphFilter *filter,
            gboolean                  with_flag)
{
  guint n_documents = 0;
  const gint64 *documents = dossier_graph_filter_get_documents (filter, &n_documents);

  if (n_documents > 0)
    {
      /* Numbers only: the ids travel as a bound JSON array. */
      g_autoptr(GString) json = g_string_new ("[");

      for (guint i = 0; i < n_documents; i++)
        g_string_append_printf (json, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "", documents[i]);
      g_string_append_c (json, ']');
      sqlite3_bind_text (stmt, 1, json->str, (int) json->len, SQLITE_TRANSIENT);
    }
  else
    sqlite3_bind_null (stmt, 1);
  _dossier_bind_text (stmt, 2, dossier_graph_filter_get_date_from (filter));
  _dossier_bind_text (stmt, 3, dossier_graph_filter_get_date_to (filter));
  if (with_flag)
    sqlite3_bind_int (stmt, 4, is_scoped (filter) ? 1 : 0);
}

static gboolean
step_failed (DossierStore *store,
             sqlite3_stmt *stmt,
             int           rc,
             GError      **error)
{
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    return FALSE;
  dossier_store_set_error (store, error, NULL);
  return TRUE;
}

static guint
add_candidate (Query     *q,
               Candidate *c)
{
  g_ptr_array_add (q->candidates, c);
  if (c->entity_id != 0)
    g_hash_table_insert (q->by_entity, &c->entity_id, GUINT_TO_POINTER (q->candidates->len));
  g_hash_table_insert (q->by_key, c->key, GUINT_TO_POINTER (q->candidates->len));
  return q->candidates->len - 1;
}

static int
lookup (GHashTable    *table,
        gconstpointer  key)
{
  return (int) GPOINTER_TO_UINT (g_hash_table_lookup (table, key)) - 1;
}

static gboolean
load_entities (Query                    *q,
               DossierStore             *store,
               const DossierGraphFilter *filter,
               GError                  **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _dossier_store_prepare (store, entities_sql, error)))
    return FALSE;
  bind_scope (stmt, filter, TRUE);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Candidate *c = g_new0 (Candidate, 1);

      c->entity_id = sqlite3_column_int64 (stmt, 0);
      c->key = g_strdup (_dossier_column_text (stmt, 1));
      c->kind = g_strdup (_dossier_column_text (stmt, 2));
      c->name = g_strdup (_dossier_column_text (stmt, 3));
      c->short_name = g_strdup (_dossier_column_text (stmt, 4));
      c->origin = g_strdup (_dossier_column_text (stmt, 5));
      c->confidence = sqlite3_column_double (stmt, 6);
      c->accepted = sqlite3_column_int (stmt, 7) != 0;
      c->n_mentions = (guint) sqlite3_column_int64 (stmt, 8);
      if (c->key == NULL || c->kind == NULL)
        {
          candidate_free (c);
          continue;
        }
      add_candidate (q, c);
    }
  return !step_failed (store, stmt, rc, error);
}

static char *
document_key (const char *symbol,
              const char *source_name)
{
  return g_strconcat ("doc:", symbol != NULL && *symbol != '\0' ? symbol : source_name, NULL);
}

static gboolean
centres_name_a_document (const DossierGraphFilter *filter,
                         const char               *key)
{
  const char * const *centres = dossier_graph_filter_get_centres (filter);

  return centres != NULL && g_strv_contains (centres, key);
}

/* Corpus documents become nodes (when asked for, or when a centre is one),
 * linked to the entities they mention. A document whose symbol other
 * documents cite is already an entity ("doc:E/CN.4/2003/74"): it becomes that
 * entity's node. */
static gboolean
load_documents (Query                    *q,
                DossierStore             *store,
                const DossierGraphFilter *filter,
                GError                  **error)
{
  gboolean include = dossier_graph_filter_get_include_documents (filter);
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _dossier_store_prepare (store, documents_sql, error)))
    return FALSE;
  bind_scope (stmt, filter, FALSE);

  q->by_document = g_hash_table_new (g_int64_hash, g_int64_equal);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *symbol = _dossier_column_text (stmt, 1);
      const char *title = _dossier_column_text (stmt, 2);
      const char *source_name = _dossier_column_text (stmt, 3);
      g_autofree char *key = document_key (symbol, source_name);
      int index = lookup (q->by_key, key);
      Candidate *c;

      if (!include && !centres_name_a_document (filter, key))
        continue;

      if (index >= 0)
        c = g_ptr_array_index (q->candidates, index);
      else
        {
          c = g_new0 (Candidate, 1);
          c->key = g_steal_pointer (&key);
          c->kind = g_strdup ("document");
          c->name = g_strdup (title != NULL ? title : source_name);
          c->short_name = g_strdup (symbol);
          c->origin = g_strdup ("corpus");
          c->confidence = 1.0;
          index = (int) add_candidate (q, c);
        }
      c->document_id = id;
      g_hash_table_insert (q->by_document, &c->document_id, GUINT_TO_POINTER (index + 1));
    }
  if (step_failed (store, stmt, rc, error))
    return FALSE;

  if (g_hash_table_size (q->by_document) == 0)
    return TRUE;

  if (!(stmt = _dossier_store_prepare (store, document_mentions_sql, error)))
    return FALSE;
  bind_scope (stmt, filter, TRUE);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 document_id = sqlite3_column_int64 (stmt, 0);
      gint64 entity_id = sqlite3_column_int64 (stmt, 1);
      int source = lookup (q->by_document, &document_id);
      int target = lookup (q->by_entity, &entity_id);
      CandidateEdge edge = { 0 };
      Candidate *doc;

      if (source < 0 || target < 0 || source == target)
        continue;
      doc = g_ptr_array_index (q->candidates, source);
      doc->n_mentions += (guint) sqlite3_column_int64 (stmt, 3);
      edge.source = (guint) source;
      edge.target = (guint) target;
      edge.kind = g_intern_static_string ("mentions");
      edge.weight = (guint) sqlite3_column_int64 (stmt, 2);
      g_array_append_val (q->edges, edge);
    }
  return !step_failed (store, stmt, rc, error);
}

static gboolean
load_relations (Query                    *q,
                DossierStore             *store,
                const DossierGraphFilter *filter,
                GError                  **error)
{
  DossierGraphRelations relations = dossier_graph_filter_get_relations (filter);
  guint min_weight = dossier_graph_filter_get_min_weight (filter);
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _dossier_store_prepare (store, relations_sql, error)))
    return FALSE;
  bind_scope (stmt, filter, TRUE);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 source_id = sqlite3_column_int64 (stmt, 1);
      gint64 target_id = sqlite3_column_int64 (stmt, 2);
      const char *kind = _dossier_column_text (stmt, 3);
      guint weight = (guint) sqlite3_column_int64 (stmt, 6);
      gboolean has_evidence = sqlite3_column_int (stmt, 7) != 0;
      int source = lookup (q->by_entity, &source_id);
      int target = lookup (q->by_entity, &target_id);
      CandidateEdge edge = { 0 };

      if (source < 0 || target < 0 || kind == NULL)
        continue;

      /* The extractor records that a document mentions what its paragraphs
       * mention. Those links belong to document nodes, which load_documents()
       * draws from the mentions themselves (within the scope) when documents
       * are asked for; as entity relations they would make every cited
       * document a hub joined to everything it names. */
      if (g_str_equal (kind, "mentions"))
        continue;

      if (g_str_equal (kind, "co-mention"))
        {
          if (!(relations & DOSSIER_GRAPH_RELATIONS_CO_MENTION) || weight < min_weight)
            continue;
        }
      else
        {
          /* A curated relation (no evidence at all) holds whatever the scope;
           * an extracted one needs evidence inside it. */
          if (!(relations & DOSSIER_GRAPH_RELATIONS_TYPED) || (has_evidence && weight == 0))
            continue;
        }

      edge.id = sqlite3_column_int64 (stmt, 0);
      edge.source = (guint) source;
      edge.target = (guint) target;
      edge.kind = g_intern_string (kind);
      edge.verb = g_strdup (_dossier_column_text (stmt, 4));
      edge.directed = sqlite3_column_int (stmt, 5) != 0;
      edge.weight = weight;
      g_array_append_val (q->edges, edge);
    }
  return !step_failed (store, stmt, rc, error);
}

static int
compare_links (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const Link *la = a, *lb = b;
  GPtrArray *candidates = user_data;
  const Candidate *ca = g_ptr_array_index (candidates, la->other);
  const Candidate *cb = g_ptr_array_index (candidates, lb->other);

  if (la->weight != lb->weight)
    return la->weight > lb->weight ? -1 : 1;
  if (ca->n_mentions != cb->n_mentions)
    return ca->n_mentions > cb->n_mentions ? -1 : 1;
  return g_strcmp0 (ca->key, cb->key);
}

typedef struct
{
  gint64 pair;     /* lower candidate index << 32 | higher one */
  guint  weight;
} PairWeight;

static int
compare_pairs (gconstpointer a,
               gconstpointer b)
{
  const PairWeight *x = a, *y = b;

  return x->pair < y->pair ? -1 : x->pair > y->pair;
}

/* Neighbour lists between present candidates, heaviest link first. Several
 * relations between two nodes make one link, as heavy as the heaviest. The
 * pairs are sorted rather than hashed: at 10,000 documents there are hundreds
 * of thousands, and g_int64_hash() of such a pair only sees its low half. */
static void
build_adjacency (Query *q)
{
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (PairWeight));

  for (guint i = 0; i < q->edges->len; i++)
    {
      const CandidateEdge *e = &g_array_index (q->edges, CandidateEdge, i);
      const Candidate *a = g_ptr_array_index (q->candidates, e->source);
      const Candidate *b = g_ptr_array_index (q->candidates, e->target);
      PairWeight pw;

      if (!a->present || !b->present)
        continue;
      pw.pair = ((gint64) MIN (e->source, e->target) << 32) | MAX (e->source, e->target);
      pw.weight = MAX (e->weight, 1);
      g_array_append_val (pairs, pw);
    }
  g_array_sort (pairs, compare_pairs);

  for (guint i = 0; i < q->candidates->len; i++)
    ((Candidate *) g_ptr_array_index (q->candidates, i))->adjacent = g_array_new (FALSE, FALSE, sizeof (Link));

  for (guint i = 0; i < pairs->len;)
    {
      gint64 pair = g_array_index (pairs, PairWeight, i).pair;
      guint lo = (guint) (pair >> 32), hi = (guint) (pair & 0xffffffff);
      guint weight = 0;
      Link to_hi, to_lo;

      for (; i < pairs->len && g_array_index (pairs, PairWeight, i).pair == pair; i++)
        weight = MAX (weight, g_array_index (pairs, PairWeight, i).weight);
      to_hi = (Link) { hi, weight };
      to_lo = (Link) { lo, weight };
      g_array_append_val (((Candidate *) g_ptr_array_index (q->candidates, lo))->adjacent, to_hi);
      g_array_append_val (((Candidate *) g_ptr_array_index (q->candidates, hi))->adjacent, to_lo);
    }

  for (guint i = 0; i < q->candidates->len; i++)
    {
      Candidate *c = g_ptr_array_index (q->candidates, i);

      g_array_sort_with_data (c->adjacent, compare_links, q->candidates);
    }
}

/* Breadth-first distances from one candidate, up to @depth. */
static guint *
distances_from (Query *q,
                guint  start,
                guint  depth)
{
  guint n = q->candidates->len;
  guint *dist = g_new (guint, MAX (n, 1));
  g_autoptr(GArray) frontier = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) next = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < n; i++)
    dist[i] = G_MAXUINT;
  dist[start] = 0;
  g_array_append_val (frontier, start);

  for (guint d = 1; d <= depth && frontier->len > 0; d++)
    {
      g_array_set_size (next, 0);
      for (guint i = 0; i < frontier->len; i++)
        {
          const Candidate *c = g_ptr_array_index (q->candidates, g_array_index (frontier, guint, i));

          for (guint j = 0; j < c->adjacent->len; j++)
            {
              guint other = g_array_index (c->adjacent, Link, j).other;

              if (dist[other] == G_MAXUINT)
                {
                  dist[other] = d;
                  g_array_append_val (next, other);
                }
            }
        }
      g_array_set_size (frontier, 0);
      g_array_append_vals (frontier, next->data, next->len);
    }

  return dist;
}

typedef struct
{
  guint  parent;
  guint  n_folded;
} Fold;

/* The ego network: which candidates to keep, and which neighbours each expanded
 * node had to fold away. */
static void
select_ego (Query                    *q,
            const DossierGraphFilter *filter,
            const guint              *centres,
            guint                     n_centres,
            gboolean                 *keep,
            GHashTable               *folded)  /* candidate -> GHashTable of candidates */
{
  guint depth = dossier_graph_filter_get_depth (filter);
  guint cap = dossier_graph_filter_get_max_neighbours (filter);
  g_autoptr(GArray) frontier = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) next = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < n_centres; i++)
    {
      keep[centres[i]] = TRUE;
      g_array_append_val (frontier, centres[i]);
    }

  if (dossier_graph_filter_get_ego_mode (filter) == DOSSIER_GRAPH_EGO_COMMON && n_centres > 1)
    {
      g_autofree guint *within = g_new0 (guint, MAX (q->candidates->len, 1));

      for (guint i = 0; i < n_centres; i++)
        {
          g_autofree guint *dist = distances_from (q, centres[i], depth);

          for (guint j = 0; j < q->candidates->len; j++)
            if (dist[j] <= depth)
              within[j]++;
        }
      for (guint j = 0; j < q->candidates->len; j++)
        if (within[j] == n_centres)
          keep[j] = TRUE;
      return;
    }

  for (guint d = 0; d < depth && frontier->len > 0; d++)
    {
      g_array_set_size (next, 0);
      for (guint i = 0; i < frontier->len; i++)
        {
          guint v = g_array_index (frontier, guint, i);
          const Candidate *c = g_ptr_array_index (q->candidates, v);
          gboolean capped = cap > 0 && !dossier_graph_filter_is_expanded (filter, c->key);
          guint taken = 0;

          for (guint j = 0; j < c->adjacent->len; j++)
            {
              guint other = g_array_index (c->adjacent, Link, j).other;

              if (keep[other])
                continue;
              if (capped && taken >= cap)
                {
                  GHashTable *set = g_hash_table_lookup (folded, GUINT_TO_POINTER (v + 1));

                  if (set == NULL)
                    {
                      set = g_hash_table_new (NULL, NULL);
                      g_hash_table_insert (folded, GUINT_TO_POINTER (v + 1), set);
                    }
                  g_hash_table_add (set, GUINT_TO_POINTER (other + 1));
                  continue;
                }
              keep[other] = TRUE;
              taken++;
              g_array_append_val (next, other);
            }
        }
      g_array_set_size (frontier, 0);
      g_array_append_vals (frontier, next->data, next->len);
    }
}

typedef struct
{
  guint   index;
  gboolean pinned;   /* centres, which always stay and come first */
  guint64 weighted_degree;
  guint   n_mentions;
  const char *key;
} Rank;

static int
compare_ranks (gconstpointer a,
               gconstpointer b)
{
  const Rank *ra = a, *rb = b;

  if (ra->pinned != rb->pinned)
    return ra->pinned ? -1 : 1;
  if (ra->weighted_degree != rb->weighted_degree)
    return ra->weighted_degree > rb->weighted_degree ? -1 : 1;
  if (ra->n_mentions != rb->n_mentions)
    return ra->n_mentions > rb->n_mentions ? -1 : 1;
  return g_strcmp0 (ra->key, rb->key);
}

/* Keeps the @top_n kept candidates of highest weighted degree among the kept.
 * Centres take their places first; the neighbours of an expanded node stay
 * beyond the cap, so that expanding a node adds to the graph instead of
 * pushing other nodes out. */
static void
apply_top_n (Query                    *q,
             const DossierGraphFilter *filter,
             gboolean                 *keep)
{
  guint top_n = dossier_graph_filter_get_top_n (filter);
  g_autoptr(GArray) ranks = g_array_new (FALSE, FALSE, sizeof (Rank));
  g_autofree gboolean *pinned = g_new0 (gboolean, MAX (q->candidates->len, 1));
  g_autofree gboolean *extra = g_new0 (gboolean, MAX (q->candidates->len, 1));
  guint counted = 0;

  if (top_n == 0)
    return;

  for (guint i = 0; i < q->candidates->len; i++)
    {
      const Candidate *c = g_ptr_array_index (q->candidates, i);

      if (!keep[i])
        continue;
      if (c->centre)
        pinned[i] = TRUE;
      if (dossier_graph_filter_is_expanded (filter, c->key))
        for (guint j = 0; j < c->adjacent->len; j++)
          extra[g_array_index (c->adjacent, Link, j).other] = TRUE;
    }

  for (guint i = 0; i < q->candidates->len; i++)
    {
      const Candidate *c = g_ptr_array_index (q->candidates, i);
      Rank rank = { i, pinned[i], 0, c->n_mentions, c->key };

      if (!keep[i])
        continue;
      for (guint j = 0; j < c->adjacent->len; j++)
        {
          const Link *link = &g_array_index (c->adjacent, Link, j);

          if (keep[link->other])
            rank.weighted_degree += link->weight;
        }
      g_array_append_val (ranks, rank);
    }

  if (ranks->len <= top_n)
    return;

  g_array_sort (ranks, compare_ranks);
  for (guint i = 0; i < ranks->len; i++)
    {
      const Rank *rank = &g_array_index (ranks, Rank, i);

      if (extra[rank->index] && !rank->pinned)
        continue;
      if (rank->pinned || counted < top_n)
        counted++;
      else
        keep[rank->index] = FALSE;
    }
}

static gboolean
candidate_passes (const Candidate          *c,
                  const DossierGraphFilter *filter)
{
  if (c->document_id != 0 && c->entity_id == 0)
    return TRUE;
  if (!dossier_graph_filter_accepts_kind (filter, c->kind))
    return FALSE;
  if (c->confidence < dossier_graph_filter_get_min_confidence (filter))
    return FALSE;
  if (dossier_graph_filter_get_hide_patterns (filter) &&
      g_strcmp0 (c->origin, "pattern") == 0 && !c->accepted)
    return FALSE;
  return TRUE;
}

static int
compare_keys (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  GPtrArray *candidates = user_data;
  const Candidate *ca = g_ptr_array_index (candidates, *(const guint *) a);
  const Candidate *cb = g_ptr_array_index (candidates, *(const guint *) b);

  return strcmp (ca->key, cb->key);
}

gboolean
_dossier_graph_query (DossierGraph             *self,
                      DossierStore             *store,
                      const DossierGraphFilter *filter,
                      GError                  **error)
{
  g_auto(Query) q = { 0 };
  const char * const *centre_keys = dossier_graph_filter_get_centres (filter);
  g_autoptr(GArray) centres = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GHashTable) folded = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_hash_table_unref);
  g_autofree gboolean *keep = NULL;
  g_autofree guint *node_of = NULL;
  g_autoptr(GArray) parents = g_array_new (FALSE, FALSE, sizeof (guint));
  GHashTableIter folded_iter;
  gpointer folded_key;

  q.candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) candidate_free);
  q.edges = g_array_new (FALSE, TRUE, sizeof (CandidateEdge));
  g_array_set_clear_func (q.edges, (GDestroyNotify) candidate_edge_clear);
  q.by_entity = g_hash_table_new (g_int64_hash, g_int64_equal);
  q.by_key = g_hash_table_new (g_str_hash, g_str_equal);

  if (!load_entities (&q, store, filter, error) ||
      !load_documents (&q, store, filter, error) ||
      !load_relations (&q, store, filter, error))
    return FALSE;

  for (guint i = 0; centre_keys != NULL && centre_keys[i] != NULL; i++)
    {
      int index = lookup (q.by_key, centre_keys[i]);
      Candidate *c;

      if (index < 0)
        {
          g_set_error (error, DOSSIER_GRAPH_ERROR, DOSSIER_GRAPH_ERROR_NOT_FOUND,
                       _("No visible entity or document has the key “%s”."), centre_keys[i]);
          return FALSE;
        }
      c = g_ptr_array_index (q.candidates, index);
      c->centre = TRUE;
      g_array_append_val (centres, index);
    }

  /* Present: what the filters let through and the scope mentions; centres
   * whatever the filters say. */
  for (guint i = 0; i < q.candidates->len; i++)
    {
      Candidate *c = g_ptr_array_index (q.candidates, i);

      c->passes = candidate_passes (c, filter);
      c->present = c->centre || (c->passes && (c->n_mentions > 0 || c->document_id != 0));
    }
  build_adjacency (&q);

  keep = g_new0 (gboolean, MAX (q.candidates->len, 1));
  if (centres->len > 0)
    select_ego (&q, filter, (const guint *) (gpointer) centres->data, centres->len, keep, folded);
  else
    for (guint i = 0; i < q.candidates->len; i++)
      keep[i] = ((Candidate *) g_ptr_array_index (q.candidates, i))->present;
  apply_top_n (&q, filter, keep);

  /* Nodes in key order, so that the same filter always gives the same DOT and
   * so the same layout. */
  for (guint i = 0; i < q.candidates->len; i++)
    if (keep[i])
      g_array_append_val (order, i);
  g_array_sort_with_data (order, compare_keys, q.candidates);

  node_of = g_new0 (guint, MAX (q.candidates->len, 1));
  for (guint i = 0; i < order->len; i++)
    {
      guint index = g_array_index (order, guint, i);
      const Candidate *c = g_ptr_array_index (q.candidates, index);
      DossierGraphNode node = {
        .key = c->key,
        .name = c->name,
        .short_name = c->short_name,
        .kind = c->kind,
        .origin = c->origin,
        .entity_id = c->entity_id,
        .document_id = c->document_id,
        .n_mentions = c->n_mentions,
        .confidence = c->confidence,
        .centre = c->centre,
      };

      /* A document reads best by its symbol. */
      if (c->document_id != 0 && c->short_name != NULL)
        node.label = c->short_name;
      node_of[index] = _dossier_graph_add_node_full (self, &node);
    }

  for (guint i = 0; i < q.edges->len; i++)
    {
      const CandidateEdge *e = &g_array_index (q.edges, CandidateEdge, i);

      if (!keep[e->source] || !keep[e->target])
        continue;
      _dossier_graph_add_relation_full (self, node_of[e->source], node_of[e->target],
                                        e->kind, e->verb, e->weight, e->directed, e->id);
    }

  /* One "+N more" node for each node whose neighbours were folded away and are
   * not in the graph by another path. */
  g_hash_table_iter_init (&folded_iter, folded);
  while (g_hash_table_iter_next (&folded_iter, &folded_key, NULL))
    {
      guint parent = GPOINTER_TO_UINT (folded_key) - 1;

      g_array_append_val (parents, parent);
    }
  g_array_sort_with_data (parents, compare_keys, q.candidates);
  for (guint p = 0; p < parents->len; p++)
    {
      guint parent = g_array_index (parents, guint, p);
      GHashTable *set = g_hash_table_lookup (folded, GUINT_TO_POINTER (parent + 1));
      const Candidate *c = g_ptr_array_index (q.candidates, parent);
      GHashTableIter iter;
      gpointer member;
      guint n = 0;

      if (!keep[parent])
        continue;
      g_hash_table_iter_init (&iter, set);
      while (g_hash_table_iter_next (&iter, &member, NULL))
        if (!keep[GPOINTER_TO_UINT (member) - 1])
          n++;
      if (n > 0)
        {
          g_autofree char *key = g_strconcat ("more:", c->key, NULL);
          /* Translators: a node standing for neighbours not shown; %u is how many. */
          g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "+%u more", "+%u more", n), n);
          g_autofree char *name = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                /* Translators: the full name of a "+N more" node;
                                                                 * %u is a count, %s an entity's name. */
                                                                "%u more neighbour of %s",
                                                                "%u more neighbours of %s", n),
                                                   n, c->name);
          DossierGraphNode node = {
            .key = key,
            .name = name,
            .label = label,
            .kind = (char *) "more",
            .parent_key = c->key,
            .n_folded = n,
          };
          guint more = _dossier_graph_add_node_full (self, &node);

          _dossier_graph_add_relation_full (self, node_of[parent], more, "more", NULL, 1, FALSE, 0);
        }
    }

  return TRUE;
}

/* Evidence */

static const char relation_evidence_sql[] =
  "SELECT b.id, b.document_id, b.kind, b.label, b.text, d.symbol, d.title, b.heading_path"
  " FROM relation_evidence x"
  " JOIN block b ON b.id = x.block_id JOIN document d ON d.id = b.document_id"
  " WHERE x.relation_id = ?5"
  "   AND (?1 IS NULL OR d.id IN (SELECT value FROM json_each(?1)))"
  "   AND (?2 IS NULL OR d.date >= ?2)"
  "   AND (?3 IS NULL OR substr(d.date, 1, length(?3)) <= ?3)"
  " ORDER BY d.date, d.id, b.seq";

static const char mention_evidence_sql[] =
  "SELECT DISTINCT b.id, b.document_id, b.kind, b.label, b.text, d.symbol, d.title, b.heading_path, b.seq"
  " FROM mention m"
  " JOIN block b ON b.id = m.block_id JOIN document d ON d.id = b.document_id"
  " WHERE m.entity_id = ?5 AND b.document_id = ?6"
  " ORDER BY b.seq";

/* For exports of every edge: each block in scope ranked once in the order above
 * (from the covering index on block (document_id, seq)), so that each edge then
 * reads only its block ids from relation_evidence's primary key, instead of every
 * block and document row behind it (1.85 million lookups at 10,000 documents). */
static const char evidence_ranks_sql[] =
  "SELECT b.id"
  " FROM block b JOIN document d ON d.id = b.document_id"
  " WHERE (?1 IS NULL OR d.id IN (SELECT value FROM json_each(?1)))"
  "   AND (?2 IS NULL OR d.date >= ?2)"
  "   AND (?3 IS NULL OR substr(d.date, 1, length(?3)) <= ?3)"
  " ORDER BY d.date, d.id, b.seq";

static const char max_block_sql[] = "SELECT coalesce(max(id), 0) FROM block";

static const char relation_evidence_ids_sql[] =
  "SELECT block_id FROM relation_evidence WHERE relation_id = ?5";

static const char mention_evidence_ids_sql[] =
  "SELECT DISTINCT b.id, b.seq"
  " FROM mention m JOIN block b ON b.id = m.block_id"
  " WHERE m.entity_id = ?5 AND b.document_id = ?6"
  " ORDER BY b.seq";

static const char block_citation_sql[] =
  "SELECT b.id, b.document_id, b.kind, b.label, b.text, d.symbol, d.title, b.heading_path"
  " FROM block b JOIN document d ON d.id = b.document_id"
  " WHERE b.id = ?5";

void
dossier_graph_citation_free (DossierGraphCitation *citation)
{
  if (citation == NULL)
    return;
  g_free (citation->citation);
  g_free (citation->text);
  g_free (citation);
}

static gboolean
read_citations (DossierStore *store,
                sqlite3_stmt *stmt,
                GHashTable   *seen,
                GPtrArray    *into,
                GError      **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 block_id = sqlite3_column_int64 (stmt, 0);
      DossierBlock block = { 0 };
      DossierGraphCitation *citation;

      if (!g_hash_table_add (seen, g_memdup2 (&block_id, sizeof block_id)))
        continue;

      block.id = block_id;
      if (!dossier_block_kind_from_string (_dossier_column_text (stmt, 2), &block.kind))
        block.kind = DOSSIER_BLOCK_PARAGRAPH;
      block.label = (char *) _dossier_column_text (stmt, 3);
      block.text = (char *) _dossier_column_text (stmt, 4);
      block.heading_path = (char *) _dossier_column_text (stmt, 7);

      citation = g_new0 (DossierGraphCitation, 1);
      citation->block_id = block_id;
      citation->document_id = sqlite3_column_int64 (stmt, 1);
      citation->citation = dossier_block_dup_citation (&block, _dossier_column_text (stmt, 5),
                                                       _dossier_column_text (stmt, 6));
      citation->text = g_strdup (block.text);
      g_ptr_array_add (into, citation);
    }
  return !step_failed (store, stmt, rc, error);
}

GPtrArray *
dossier_graph_dup_edge_evidence (DossierGraph  *self,
                                 guint          index,
                                 GError       **error)
{
  g_autoptr(GPtrArray) evidence = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_graph_citation_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(DossierGraphFilter) all = NULL;
  const DossierGraphFilter *filter;
  const DossierGraphEdge *edge;
  DossierStore *store;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DOSSIER_IS_GRAPH (self), NULL);
  g_return_val_if_fail (index < dossier_graph_get_n_edges (self), NULL);

  edge = dossier_graph_get_edge (self, index);
  store = dossier_graph_get_store (self);
  if (store == NULL)
    return g_steal_pointer (&evidence);
  if ((filter = all = dossier_graph_dup_filter (self)) == NULL)
    filter = all = dossier_graph_filter_new ();

  for (guint i = 0; i < edge->relation_ids->len; i++)
    {
      if (!(stmt = _dossier_store_prepare (store, relation_evidence_sql, error)))
        return NULL;
      bind_scope (stmt, filter, FALSE);
      sqlite3_bind_int64 (stmt, 5, g_array_index (edge->relation_ids, gint64, i));
      if (!read_citations (store, stmt, seen, evidence, error))
        return NULL;
    }

  if (edge->mentions)
    {
      const DossierGraphNode *tail = dossier_graph_get_node (self, edge->tail);
      const DossierGraphNode *head = dossier_graph_get_node (self, edge->head);
      const DossierGraphNode *document = tail->document_id != 0 ? tail : head;
      const DossierGraphNode *entity = document == tail ? head : tail;

      if (document->document_id != 0 && entity->entity_id != 0)
        {
          if (!(stmt = _dossier_store_prepare (store, mention_evidence_sql, error)))
            return NULL;
          sqlite3_bind_int64 (stmt, 5, entity->entity_id);
          sqlite3_bind_int64 (stmt, 6, document->document_id);
          if (!read_citations (store, stmt, seen, evidence, error))
            return NULL;
        }
    }

  return g_steal_pointer (&evidence);
}

struct _DossierGraphEvidenceRanks
{
  GArray *ranks;     /* guint by block id: 1 + place in document order, 0 when out of scope */
  GArray *blocks;    /* gint64 block ids by rank - 1 */
};

void
_dossier_graph_evidence_ranks_free (DossierGraphEvidenceRanks *ranks)
{
  if (ranks == NULL)
    return;
  g_array_unref (ranks->ranks);
  g_array_unref (ranks->blocks);
  g_free (ranks);
}

DossierGraphEvidenceRanks *
_dossier_graph_evidence_ranks_new (DossierGraph  *self,
                                   GError       **error)
{
  g_autoptr(DossierGraphEvidenceRanks) ranks = g_new0 (DossierGraphEvidenceRanks, 1);
  g_autoptr(DossierGraphFilter) all = NULL;
  const DossierGraphFilter *filter;
  DossierStore *store;
  sqlite3_stmt *stmt;
  gint64 max_id;
  int rc;

  g_return_val_if_fail (DOSSIER_IS_GRAPH (self), NULL);

  ranks->ranks = g_array_new (FALSE, TRUE, sizeof (guint));
  ranks->blocks = g_array_new (FALSE, FALSE, sizeof (gint64));
  if ((store = dossier_graph_get_store (self)) == NULL)
    return g_steal_pointer (&ranks);
  if ((filter = all = dossier_graph_dup_filter (self)) == NULL)
    filter = all = dossier_graph_filter_new ();

  if (!(stmt = _dossier_store_prepare (store, max_block_sql, error)))
    return NULL;
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    {
      step_failed (store, stmt, rc, error);
      return NULL;
    }
  max_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  g_array_set_size (ranks->ranks, (guint) CLAMP (max_id + 1, 1, G_MAXINT));

  if (!(stmt = _dossier_store_prepare (store, evidence_ranks_sql, error)))
    return NULL;
  bind_scope (stmt, filter, FALSE);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      if (id <= 0 || id >= (gint64) ranks->ranks->len)
        continue;
      g_array_append_val (ranks->blocks, id);
      g_array_index (ranks->ranks, guint, id) = ranks->blocks->len;
    }
  if (step_failed (store, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&ranks);
}

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

GArray *
_dossier_graph_dup_edge_evidence_ids (DossierGraph              *self,
                                      DossierGraphEvidenceRanks *ranks,
                                      guint                      index,
                                      GError                   **error)
{
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  const DossierGraphEdge *edge;
  DossierStore *store;
  sqlite3_stmt *stmt;
  guint n_unique = 0;
  int rc;

  g_return_val_if_fail (DOSSIER_IS_GRAPH (self), NULL);
  g_return_val_if_fail (ranks != NULL, NULL);
  g_return_val_if_fail (index < dossier_graph_get_n_edges (self), NULL);

  edge = dossier_graph_get_edge (self, index);
  if ((store = dossier_graph_get_store (self)) == NULL)
    return g_steal_pointer (&ids);

  /* Relations: ranks of their blocks in scope, sorted, each once. */
  for (guint i = 0; i < edge->relation_ids->len; i++)
    {
      if (!(stmt = _dossier_store_prepare (store, relation_evidence_ids_sql, error)))
        return NULL;
      sqlite3_bind_int64 (stmt, 5, g_array_index (edge->relation_ids, gint64, i));
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);
          guint rank = id > 0 && id < (gint64) ranks->ranks->len ? g_array_index (ranks->ranks, guint, id) : 0;

          if (rank != 0)
            g_array_append_val (found, rank);
        }
      if (step_failed (store, stmt, rc, error))
        return NULL;
    }
  g_array_sort (found, compare_uint);
  for (guint i = 0; i < found->len; i++)
    if (i == 0 || g_array_index (found, guint, i) != g_array_index (found, guint, i - 1))
      {
        gint64 id = g_array_index (ranks->blocks, gint64, g_array_index (found, guint, i) - 1);

        g_array_index (found, guint, n_unique++) = g_array_index (found, guint, i);
        g_array_append_val (ids, id);
      }
  g_array_set_size (found, n_unique);

  /* A document's mentions of an entity, in the document's order, after them. */
  if (edge->mentions)
    {
      const DossierGraphNode *tail = dossier_graph_get_node (self, edge->tail);
      const DossierGraphNode *head = dossier_graph_get_node (self, edge->head);
      const DossierGraphNode *document = tail->document_id != 0 ? tail : head;
      const DossierGraphNode *entity = document == tail ? head : tail;

      if (document->document_id != 0 && entity->entity_id != 0)
        {
          if (!(stmt = _dossier_store_prepare (store, mention_evidence_ids_sql, error)))
            return NULL;
          sqlite3_bind_int64 (stmt, 5, entity->entity_id);
          sqlite3_bind_int64 (stmt, 6, document->document_id);
          while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
            {
              gint64 id = sqlite3_column_int64 (stmt, 0);
              guint rank = id > 0 && id < (gint64) ranks->ranks->len ? g_array_index (ranks->ranks, guint, id) : 0;

              if (rank == 0 || !g_array_binary_search (found, &rank, compare_uint, NULL))
                g_array_append_val (ids, id);
            }
          if (step_failed (store, stmt, rc, error))
            return NULL;
        }
    }

  return g_steal_pointer (&ids);
}

gboolean
_dossier_graph_read_citations (DossierGraph  *self,
                               GArray        *ids,
                               GHashTable    *into,
                               GError       **error)
{
  g_autoptr(GPtrArray) citations = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  DossierStore *store;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DOSSIER_IS_GRAPH (self), FALSE);

  if ((store = dossier_graph_get_store (self)) == NULL)
    return TRUE;
  /* In block order: neighbouring rows share pages. */
  g_array_sort (ids, compare_int64);
  for (guint i = 0; i < ids->len; i++)
    {
      if (i > 0 && g_array_index (ids, gint64, i) == g_array_index (ids, gint64, i - 1))
        continue;
      if (!(stmt = _dossier_store_prepare (store, block_citation_sql, error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 5, g_array_index (ids, gint64, i));
      if (!read_citations (store, stmt, seen, citations, error))
        return FALSE;
    }
  for (guint i = 0; i < citations->len; i++)
    {
      DossierGraphCitation *citation = g_ptr_array_index (citations, i);

      g_hash_table_insert (into, &citation->block_id, citation);
    }
  return TRUE;
}
