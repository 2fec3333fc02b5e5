/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Text normalisation and the Aho-Corasick automaton the gazetteer is matched with.
 * The automaton reads each normalised character once, so the cost of matching a
 * block grows with its length (and the number of matches), not with the number of
 * names in the gazetteer.
 */

#include "config.h"

#include <string.h>

#include "dossier-matcher.h"

#define NO_NODE G_MAXUINT

typedef struct
{
  gunichar c;
  guint    next;
} Edge;

typedef struct
{
  GArray *edges;        /* of Edge, sorted by c; only while building */
  guint   edge_start;   /* into self->edges once built */
  guint   n_edges;
  guint   fail;
  guint   dict;         /* nearest node on the fail chain that ends a pattern */
  guint   first_out;    /* first pattern ending here, NO_NODE if none */
} Node;

typedef struct
{
  gunichar *cased;      /* normalised, case kept */
  guint     length;     /* in normalised characters */
  guint     value;
  guint     next_out;   /* next pattern ending at the same node */
  guint     case_sensitive : 1;
  guint     word_start : 1;   /* first character is a word character */
  guint     word_end : 1;
} Pattern;

struct _DossierMatcher
{
  GArray   *nodes;      /* of Node */
  GArray   *patterns;   /* of Pattern */
  Edge     *edges;
  guint     n_edges;
  guint     root_ascii[128];   /* the root's edges for ASCII, NO_NODE for none */
  gboolean  built;
};

/* Text normalisation */

typedef enum
{
  CHAR_KEEP,
  CHAR_SPACE,
  CHAR_SKIP,
} CharClass;

static CharClass
normalise_char (gunichar  c,
                gunichar *out)
{
  gunichar decomposed[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
  gsize n;

  /* ASCII, most of any text, without the Unicode tables: the same answers as
   * below (white space as g_unichar_isspace() sees it, controls skipped, the
   * grave accent an apostrophe). */
  if (c < 0x80)
    {
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f')
        return CHAR_SPACE;
      if (c < 0x20 || c == 0x7F)
        return CHAR_SKIP;
      *out = c == 0x60 ? '\'' : c;
      return CHAR_KEEP;
    }

  switch (c)
    {
    /* Invisible: soft hyphen, zero-width and directional controls, BOM. */
    case 0x00AD: case 0x034F: case 0x061C: case 0x180E:
    case 0x200B: case 0x200C: case 0x200D: case 0x200E: case 0x200F:
    case 0x202A: case 0x202B: case 0x202C: case 0x202D: case 0x202E:
    case 0x2060: case 0x2061: case 0x2062: case 0x2063: case 0x2064:
    case 0x2066: case 0x2067: case 0x2068: case 0x2069: case 0xFEFF:
      return CHAR_SKIP;

    case 0x00A0: case 0x2007: case 0x202F: case 0x3000:
      return CHAR_SPACE;

    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
    case 0x2015: case 0x2212: case 0xFE58: case 0xFE63: case 0xFF0D:
      *out = '-';
      return CHAR_KEEP;

    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032:
    case 0x02BC: case 0x0060: case 0x00B4: case 0xFF07:
      *out = '\'';
      return CHAR_KEEP;

    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033:
    case 0x00AB: case 0x00BB: case 0xFF02:
      *out = '"';
      return CHAR_KEEP;

    default:
      break;
    }

  if (g_unichar_isspace (c))
    return CHAR_SPACE;

  switch (g_unichar_type (c))
    {
    case G_UNICODE_NON_SPACING_MARK:
    case G_UNICODE_ENCLOSING_MARK:
    case G_UNICODE_FORMAT:
    case G_UNICODE_CONTROL:
      return CHAR_SKIP;
    default:
      break;
    }

  /* Fold diacritics of Latin letters ("Côte" = "Cote", "Čekuolis" = "Cekuolis"). */
  if (c >= 0xC0 && c < 0x250)
    {
      n = g_unichar_fully_decompose (c, FALSE, decomposed, G_N_ELEMENTS (decomposed));
      if (n > 1 && decomposed[0] < 0x80)
        c = decomposed[0];
    }

  *out = c;
  return CHAR_KEEP;
}

DossierText *
dossier_text_new (const char *utf8)
{
  DossierText *text;
  glong n_chars = 0;
  guint n = 0;
  gboolean pending_space = FALSE;
  guint space_start = 0;

  if (utf8 == NULL)
    utf8 = "";
  if (!g_utf8_validate (utf8, -1, NULL))
    return NULL;

  text = g_new0 (DossierText, 1);
  text->chars = g_utf8_to_ucs4_fast (utf8, -1, &n_chars);
  text->n_chars = (guint) n_chars;
  text->folded = g_new (gunichar, text->n_chars + 1);
  text->cased = g_new (gunichar, text->n_chars + 1);
  text->starts = g_new (guint, text->n_chars + 1);
  text->ends = g_new (guint, text->n_chars + 1);

  for (guint i = 0; i < text->n_chars; i++)
    {
      gunichar out = 0;

      switch (normalise_char (text->chars[i], &out))
        {
        case CHAR_SKIP:
          break;

        case CHAR_SPACE:
          if (!pending_space)
            space_start = i;
          pending_space = TRUE;
          break;

        case CHAR_KEEP:
        default:
          if (pending_space)
            {
              if (n > 0)
                {
                  text->cased[n] = text->folded[n] = ' ';
                  text->starts[n] = space_start;
                  text->ends[n] = i;
                  n++;
                }
              pending_space = FALSE;
            }
          text->cased[n] = out;
          text->folded[n] = out < 0x80 ? (gunichar) g_ascii_tolower ((char) out)
                                       : g_unichar_tolower (out);
          text->starts[n] = i;
          text->ends[n] = i + 1;
          n++;
          break;
        }
    }

  text->n_norm = n;
  text->folded[n] = 0;
  text->cased[n] = 0;

  return text;
}

void
dossier_text_free (DossierText *text)
{
  if (text == NULL)
    return;

  g_free (text->chars);
  g_free (text->folded);
  g_free (text->cased);
  g_free (text->starts);
  g_free (text->ends);
  g_free (text);
}

char *
dossier_text_dup_slice (const DossierText *text,
                        guint              start,
                        guint              end)
{
  g_return_val_if_fail (text != NULL, NULL);

  end = MIN (end, text->n_chars);
  if (start >= end)
    return g_strdup ("");

  return g_ucs4_to_utf8 (text->chars + start, end - start, NULL, NULL, NULL);
}

char *
dossier_text_normalise (const char *utf8)
{
  g_autoptr(DossierText) text = dossier_text_new (utf8);
  guint start = 0, end;

  if (text == NULL)
    return g_strdup ("");

  end = text->n_norm;
  while (start < end && text->folded[start] == ' ')
    start++;
  while (end > start && text->folded[end - 1] == ' ')
    end--;

  return g_ucs4_to_utf8 (text->folded + start, end - start, NULL, NULL, NULL);
}

/* Automaton */

DossierMatcher *
dossier_matcher_new (void)
{
  DossierMatcher *self = g_new0 (DossierMatcher, 1);
  Node root = { 0, };

  self->nodes = g_array_new (FALSE, TRUE, sizeof (Node));
  self->patterns = g_array_new (FALSE, TRUE, sizeof (Pattern));

  root.edges = g_array_new (FALSE, FALSE, sizeof (Edge));
  root.fail = 0;
  root.dict = NO_NODE;
  root.first_out = NO_NODE;
  g_array_append_val (self->nodes, root);

  return self;
}

void
dossier_matcher_free (DossierMatcher *self)
{
  if (self == NULL)
    return;

  for (guint i = 0; i < self->nodes->len; i++)
    {
      Node *node = &g_array_index (self->nodes, Node, i);
      g_clear_pointer (&node->edges, g_array_unref);
    }
  for (guint i = 0; i < self->patterns->len; i++)
    g_free (g_array_index (self->patterns, Pattern, i).cased);

  g_array_unref (self->nodes);
  g_array_unref (self->patterns);
  g_free (self->edges);
  g_free (self);
}

guint
dossier_matcher_get_n_patterns (DossierMatcher *self)
{
  return self->patterns->len;
}

/* The index of the first edge whose character is not below @c. */
static guint
edge_search (const Edge *edges,
             guint       n_edges,
             gunichar    c)
{
  guint lo = 0, hi = n_edges;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (edges[mid].c < c)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

static guint
building_goto (DossierMatcher *self,
               guint           node_index,
               gunichar        c)
{
  Node *node = &g_array_index (self->nodes, Node, node_index);
  const Edge *edges = (const Edge *) (gpointer) node->edges->data;
  guint pos = edge_search (edges, node->edges->len, c);

  if (pos < node->edges->len && edges[pos].c == c)
    return edges[pos].next;

  return NO_NODE;
}

static guint
building_insert (DossierMatcher *self,
                 guint           node_index,
                 gunichar        c)
{
  guint next = building_goto (self, node_index, c);
  Node child = { 0, };
  Node *node;
  Edge edge;
  guint pos;

  if (next != NO_NODE)
    return next;

  child.edges = g_array_new (FALSE, FALSE, sizeof (Edge));
  child.dict = NO_NODE;
  child.first_out = NO_NODE;
  next = self->nodes->len;
  g_array_append_val (self->nodes, child);

  node = &g_array_index (self->nodes, Node, node_index);
  pos = edge_search ((const Edge *) (gpointer) node->edges->data, node->edges->len, c);
  edge.c = c;
  edge.next = next;
  g_array_insert_val (node->edges, pos, edge);

  return next;
}

static void
add_one (DossierMatcher *self,
         const gunichar *cased,
         guint           length,
         guint           value,
         gboolean        case_sensitive)
{
  Pattern pattern = { 0, };
  guint state = 0;
  Node *node;

  for (guint i = 0; i < length; i++)
    state = building_insert (self, state, g_unichar_tolower (cased[i]));

  /* The same normalised text added twice with the same value is one pattern. */
  node = &g_array_index (self->nodes, Node, state);
  for (guint p = node->first_out; p != NO_NODE;
       p = g_array_index (self->patterns, Pattern, p).next_out)
    {
      const Pattern *other = &g_array_index (self->patterns, Pattern, p);

      if (other->value == value && other->case_sensitive == case_sensitive &&
          memcmp (other->cased, cased, length * sizeof (gunichar)) == 0)
        return;
    }

  pattern.cased = g_memdup2 (cased, length * sizeof (gunichar));
  pattern.length = length;
  pattern.value = value;
  pattern.case_sensitive = case_sensitive;
  pattern.word_start = dossier_text_is_word_char (cased[0]);
  pattern.word_end = dossier_text_is_word_char (cased[length - 1]);
  pattern.next_out = node->first_out;
  node->first_out = self->patterns->len;
  g_array_append_val (self->patterns, pattern);
}

static gboolean
is_vowel (gunichar c)
{
  c = g_unichar_tolower (c);
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

gboolean
dossier_matcher_add (DossierMatcher    *self,
                     const char        *pattern,
                     guint              value,
                     DossierMatchFlags  flags)
{
  g_autoptr(DossierText) text = NULL;
  g_autofree gunichar *plural = NULL;
  gboolean case_sensitive = (flags & DOSSIER_MATCH_CASE_SENSITIVE) != 0;
  guint start = 0, end;
  gunichar last, before_last;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (!self->built, FALSE);

  text = dossier_text_new (pattern);
  if (text == NULL)
    return FALSE;

  end = text->n_norm;
  while (start < end && text->cased[start] == ' ')
    start++;
  while (end > start && text->cased[end - 1] == ' ')
    end--;
  if (start == end)
    return FALSE;

  add_one (self, text->cased + start, end - start, value, case_sensitive);

  if ((flags & DOSSIER_MATCH_PLURAL) == 0 || end - start < 3)
    return TRUE;

  last = text->cased[end - 1];
  before_last = text->cased[end - 2];
  if (!g_unichar_isalpha (last))
    return TRUE;

  /* Simple English plurals of the last word: an acronym takes a lower-case "s"
   * ("NGOs"); "agency" becomes "agencies"; "s", "x", "ch", "sh" take "es". */
  plural = g_new (gunichar, end - start + 3);
  memcpy (plural, text->cased + start, (end - start) * sizeof (gunichar));
  if (g_unichar_isupper (last) && case_sensitive)
    {
      plural[end - start] = 's';
      add_one (self, plural, end - start + 1, value, case_sensitive);
    }
  else if (g_unichar_tolower (last) == 'y' && !is_vowel (before_last))
    {
      plural[end - start - 1] = 'i';
      plural[end - start] = 'e';
      plural[end - start + 1] = 's';
      add_one (self, plural, end - start + 2, value, case_sensitive);
    }
  else if (g_unichar_tolower (last) == 's' || g_unichar_tolower (last) == 'x' ||
           (g_unichar_tolower (last) == 'h' &&
            (g_unichar_tolower (before_last) == 'c' || g_unichar_tolower (before_last) == 's')))
    {
      plural[end - start] = 'e';
      plural[end - start + 1] = 's';
      add_one (self, plural, end - start + 2, value, case_sensitive);
    }
  else
    {
      plural[end - start] = 's';
      add_one (self, plural, end - start + 1, value, case_sensitive);
    }

  return TRUE;
}

void
dossier_matcher_build (DossierMatcher *self)
{
  g_autoptr(GQueue) queue = g_queue_new ();
  Node *nodes;
  guint n_edges = 0, pos = 0;

  g_return_if_fail (self != NULL);
  g_return_if_fail (!self->built);

  /* Failure and dictionary links, breadth first. */
  nodes = (Node *) (gpointer) self->nodes->data;
  for (guint i = 0; i < nodes[0].edges->len; i++)
    {
      guint child = g_array_index (nodes[0].edges, Edge, i).next;

      nodes[child].fail = 0;
      nodes[child].dict = NO_NODE;
      g_queue_push_tail (queue, GUINT_TO_POINTER (child));
    }

  while (!g_queue_is_empty (queue))
    {
      guint current = GPOINTER_TO_UINT (g_queue_pop_head (queue));

      for (guint i = 0; i < nodes[current].edges->len; i++)
        {
          Edge edge = g_array_index (nodes[current].edges, Edge, i);
          guint fail = nodes[current].fail;
          guint target;

          while ((target = building_goto (self, fail, edge.c)) == NO_NODE && fail != 0)
            fail = nodes[fail].fail;
          if (target == NO_NODE || target == edge.next)
            target = 0;

          nodes[edge.next].fail = target;
          nodes[edge.next].dict = nodes[target].first_out != NO_NODE ? target : nodes[target].dict;
          g_queue_push_tail (queue, GUINT_TO_POINTER (edge.next));
        }
    }

  /* Flatten the edges into one array for scanning. */
  for (guint i = 0; i < self->nodes->len; i++)
    n_edges += nodes[i].edges->len;
  self->edges = g_new (Edge, MAX (n_edges, 1));
  self->n_edges = n_edges;
  for (guint i = 0; i < self->nodes->len; i++)
    {
      nodes[i].edge_start = pos;
      nodes[i].n_edges = nodes[i].edges->len;
      if (nodes[i].n_edges > 0)
        memcpy (self->edges + pos, nodes[i].edges->data, nodes[i].n_edges * sizeof (Edge));
      pos += nodes[i].n_edges;
      g_clear_pointer (&nodes[i].edges, g_array_unref);
    }

  /* Most characters of a text lead back to the root: its ASCII edges are a
   * table rather than a binary search. */
  for (gunichar c = 0; c < G_N_ELEMENTS (self->root_ascii); c++)
    self->root_ascii[c] = NO_NODE;
  for (guint i = 0; i < nodes[0].n_edges; i++)
    {
      const Edge *edge = &self->edges[nodes[0].edge_start + i];

      if (edge->c < G_N_ELEMENTS (self->root_ascii))
        self->root_ascii[edge->c] = edge->next;
    }

  self->built = TRUE;
}

static inline guint
scan_goto (const DossierMatcher *self,
           const Node           *node,
           gunichar              c)
{
  const Edge *edges = self->edges + node->edge_start;
  guint pos = edge_search (edges, node->n_edges, c);

  if (pos < node->n_edges && edges[pos].c == c)
    return edges[pos].next;

  return NO_NODE;
}

static gboolean
accept (const Pattern     *pattern,
        const DossierText *text,
        guint              start,
        guint              end)
{
  if (pattern->word_start && start > 0 &&
      dossier_text_is_word_char (text->cased[start - 1]))
    return FALSE;
  if (pattern->word_end && end < text->n_norm &&
      dossier_text_is_word_char (text->cased[end]))
    return FALSE;
  if (pattern->case_sensitive &&
      memcmp (pattern->cased, text->cased + start, pattern->length * sizeof (gunichar)) != 0)
    return FALSE;

  return TRUE;
}

void
dossier_matcher_scan (const DossierMatcher *self,
                      const DossierText    *text,
                      GArray               *matches)
{
  const Node *nodes;
  const Pattern *patterns;
  guint state = 0;

  g_return_if_fail (self != NULL);
  g_return_if_fail (self->built);
  g_return_if_fail (matches != NULL);

  if (text == NULL)
    return;

  nodes = (const Node *) (gconstpointer) self->nodes->data;
  patterns = (const Pattern *) (gconstpointer) self->patterns->data;

  for (guint i = 0; i < text->n_norm; i++)
    {
      gunichar c = text->folded[i];
      guint next;

      for (;;)
        {
          if (state == 0 && c < G_N_ELEMENTS (self->root_ascii))
            next = self->root_ascii[c];
          else
            next = scan_goto (self, &nodes[state], c);
          if (next != NO_NODE || state == 0)
            break;
          state = nodes[state].fail;
        }
      state = next != NO_NODE ? next : 0;

      for (guint s = nodes[state].first_out != NO_NODE ? state : nodes[state].dict;
           s != NO_NODE;
           s = nodes[s].dict)
        {
          for (guint p = nodes[s].first_out; p != NO_NODE; p = patterns[p].next_out)
            {
              const Pattern *pattern = &patterns[p];
              guint end = i + 1;
              guint start = end - pattern->length;
              DossierMatch match;

              if (!accept (pattern, text, start, end))
                continue;

              match.norm_start = start;
              match.norm_end = end;
              match.start = text->starts[start];
              match.end = text->ends[end - 1];
              match.value = pattern->value;
              g_array_append_val (matches, match);
            }
        }
    }
}

static int
compare_longest_first (gconstpointer a,
                       gconstpointer b)
{
  const DossierMatch *ma = a, *mb = b;
  guint la = ma->end - ma->start, lb = mb->end - mb->start;

  if (la != lb)
    return la > lb ? -1 : 1;
  if (ma->start != mb->start)
    return ma->start < mb->start ? -1 : 1;
  return ma->value < mb->value ? -1 : (ma->value > mb->value ? 1 : 0);
}

static int
compare_position (gconstpointer a,
                  gconstpointer b)
{
  const DossierMatch *ma = a, *mb = b;

  if (ma->start != mb->start)
    return ma->start < mb->start ? -1 : 1;
  return ma->end < mb->end ? -1 : (ma->end > mb->end ? 1 : 0);
}

void
dossier_matches_select_longest (GArray *matches)
{
  g_autoptr(GArray) kept = NULL;
  g_autofree guint8 *taken = NULL;
  guint limit = 0;

  g_return_if_fail (matches != NULL);

  if (matches->len < 2)
    return;

  for (guint i = 0; i < matches->len; i++)
    limit = MAX (limit, g_array_index (matches, DossierMatch, i).end);

  /* Longest first; a character already covered by a kept match rejects the
   * candidate. The cost is the total length of the candidates. */
  g_array_sort (matches, compare_longest_first);
  kept = g_array_sized_new (FALSE, FALSE, sizeof (DossierMatch), matches->len);
  taken = g_new0 (guint8, limit + 1);

  for (guint i = 0; i < matches->len; i++)
    {
      const DossierMatch *m = &g_array_index (matches, DossierMatch, i);
      gboolean overlaps = FALSE;

      for (guint c = m->start; c < m->end && !overlaps; c++)
        overlaps = taken[c] != 0;
      if (overlaps)
        continue;

      memset (taken + m->start, 1, m->end - m->start);
      g_array_append_val (kept, *m);
    }

  g_array_sort (kept, compare_position);
  g_array_set_size (matches, 0);
  g_array_append_vals (matches, kept->data, kept->len);
}
