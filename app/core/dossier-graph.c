/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "dossier-graph-metrics.h"
#include "dossier-graph-private.h"

struct _DossierGraph
{
  GObject parent_instance;

  DossierStore         *store;
  DossierGraphFilter   *filter;

  GPtrArray            *nodes;        /* of DossierGraphNode* */
  GPtrArray            *edges;        /* of DossierGraphEdge* */
  GHashTable           *node_index;   /* key -> index + 1 */
  GHashTable           *edge_index;   /* pair -> index + 1 */

  /* Made when the graph is frozen, at its first layout or DOT. */
  gboolean              frozen;
  GPtrArray            *gv_names;     /* Graphviz node names, by node */
  GArray              **incident;     /* edge indices, by node */

  GHashTable           *kept;         /* key -> DossierGraphPoint*: positions to keep */
  GHashTable           *pins;         /* key -> DossierGraphPoint*: where the user put nodes */
  DossierGraphColorBy   color_by;
  guint                *communities;  /* by node, once colouring by community asked for them */
  DossierGraphSizeBy    size_by;
  double               *centrality;   /* by node, 0..1, for the layout that sizes by it */
  GHashTable           *states;       /* key -> DossierGraphState */

  /* The current layout. */
  Agraph_t             *agraph;
  DossierGraphGeometry *geometry;
  char                 *engine;
  char                 *note;
  char                 *dot;
  guint                 layout_count;
  guint                 layout_serial;
  DossierGraphTimings   timings;

  guint                 export_evidence;  /* citations per edge in exports */
};

G_DEFINE_FINAL_TYPE (DossierGraph, dossier_graph, G_TYPE_OBJECT)

G_DEFINE_QUARK (dossier-graph-error-quark, dossier_graph_error)

enum {
  PROP_0,
  PROP_LAYOUT_COUNT,
  PROP_ENGINE,
  PROP_LAYOUT_NOTE,
  N_PROPS
};

enum {
  LAYOUT_CHANGED,
  RESTYLED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char *const engines[] = { "dot", "neato", "fdp", "sfdp", "circo", "twopi" };

/* Okabe–Ito colours: told apart with any colour vision, and bright enough to
 * read on a dark background. Blue is kept for selection and highlighting. */
#define ACCENT_COLOR      "#0072B2"
#define TYPED_EDGE_COLOR  "#D55E00"
#define PLAIN_EDGE_COLOR  "#8C8C8C"
#define NODE_BORDER_COLOR "#404040"

static const struct
{
  const char *kind;
  const char *shape;
  const char *style;
  const char *fill;
} kind_styles[] = {
  { "organisation", "box",           "filled,rounded",        "#56B4E9" },
  { "body",         "box",           "filled",                "#009E73" },
  { "resolution",   "note",          "filled",                "#E69F00" },
  { "instrument",   "tab",           "filled",                "#CC79A7" },
  { "initiative",   "hexagon",       "filled",                "#F0E442" },
  { "meeting",      "ellipse",       "filled",                "#D55E00" },
  { "document",     "folder",        "filled",                "#FFFFFF" },
  { "place",        "parallelogram", "filled",                "#BBBBBB" },
  { "person",       "egg",           "filled",                "#FFFFFF" },
  { "more",         "box",           "filled,dashed,rounded", "#EEEEEE" },
};

/* Communities, when nodes are coloured by them: ten colours that stay apart
 * (Tableau 10), then again from the first. */
static const char *const community_colors[] = {
  "#4E79A7", "#F28E2B", "#E15759", "#76B7B2", "#59A14F",
  "#EDC948", "#B07AA1", "#FF9DA7", "#9C755F", "#BAB0AC",
};

/* How many characters a label line holds, and how many lines a label has. */
#define LABEL_LINE_CHARS 22
#define LABEL_MAX_LINES  3
/* Routing splines around the nodes (splines=true) costs about nodes × edges
 * and soon far more than the layout: on the bundled corpus (about 290 nodes,
 * 900 edges) neato spends 30 s routing and 0.2 s placing. Above this product,
 * except under dot, which routes its own way, edges are straight lines. So are
 * they when pinned nodes keep their places: overlaps are then allowed, and
 * routing around overlapping nodes took over a minute on that corpus filtered
 * to 287 nodes and 25 edges (0.4 s with straight lines). */
#define SPLINE_MAX_WORK 10000
/* Up to this many nodes, neato lays out a graph with the user's pins with
 * Kamada-Kawai (see build_dot_locked). */
#define PINNED_KK_MAX_NODES 300

/* Graphviz */

static GRecMutex graphviz_mutex;
static GVC_t *graphviz_context;
static GString *graphviz_messages;

static int
graphviz_message_cb (char *message)
{
  /* Called with the lock held, from whatever Graphviz call is running. */
  if (graphviz_messages == NULL)
    graphviz_messages = g_string_new (NULL);
  g_string_append (graphviz_messages, message);
  g_debug ("Graphviz: %s", message);
  return 0;
}

DossierGraphvizLock *
_dossier_graphviz_lock (void)
{
  g_rec_mutex_lock (&graphviz_mutex);
  return &graphviz_mutex;
}

void
_dossier_graphviz_unlock (DossierGraphvizLock *lock)
{
  g_rec_mutex_unlock (lock);
}

GVC_t *
_dossier_graphviz_get_context (void)
{
  if (graphviz_context == NULL)
    {
      agseterrf (graphviz_message_cb);
      /* Loads the plugins named in Graphviz's config6a (layouts, cairo, pango). */
      graphviz_context = gvContext ();
    }
  return graphviz_context;
}

void
_dossier_graphviz_reset_messages (void)
{
  agreseterrors ();
  if (graphviz_messages != NULL)
    g_string_truncate (graphviz_messages, 0);
}

char *
_dossier_graphviz_dup_messages (void)
{
  if (graphviz_messages == NULL || graphviz_messages->len == 0)
    return NULL;
  return g_strstrip (g_strdup (graphviz_messages->str));
}

static void
close_locked (Agraph_t *graph)
{
  gvFreeLayout (_dossier_graphviz_get_context (), graph);
  agclose (graph);
}

static gpointer
close_thread (gpointer data)
{
  g_autoptr(DossierGraphvizLock) lock = _dossier_graphviz_lock ();

  close_locked (data);
  return NULL;
}

void
_dossier_graphviz_close (Agraph_t *graph)
{
  if (graph == NULL)
    return;

  /* A layout may hold the lock for seconds; the main thread must not wait for it
   * just to free memory. */
  if (g_rec_mutex_trylock (&graphviz_mutex))
    {
      close_locked (graph);
      g_rec_mutex_unlock (&graphviz_mutex);
    }
  else
    g_thread_unref (g_thread_new ("dossier-graphviz-free", close_thread, graph));
}

char *
_dossier_graphviz_escape (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  GString *out = g_string_sized_new (strlen (valid) + 8);

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\\')
        g_string_append (out, "\\\\");
      else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029)
        g_string_append_c (out, ' ');
      /* Graphviz 2.42 writes a value starting with U+FEFF unquoted and reads
       * it back as a byte-order mark (fuzz-dot-label): U+2060 WORD JOINER is
       * the same invisible no-break. */
      else if (c == 0xfeff)
        g_string_append (out, "\xe2\x81\xa0");
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }

  return g_string_free (out, FALSE);
}

/* Graphviz decodes HTML entities in labels ("&amp;" shows as "&"), so a label
 * also escapes its ampersands to show exactly the text it was given. */
static char *
escape_label (const char *text)
{
  g_autofree char *escaped = _dossier_graphviz_escape (text);
  g_auto(GStrv) parts = g_strsplit (escaped, "&", -1);

  return g_strjoinv ("&amp;", parts);
}

/* Graphviz 2.42 substitutes escapes in a tooltip twice (when it reads it and
 * again in initMapData), so a backslash that survives the first pass at the
 * end of the text makes it read past the string (valgrind sees it on the
 * hostile names). A tooltip is only a hover hint in SVG: its backslashes are
 * shown as the look-alike U+29F5, and nothing of the name can act as an escape. */
static char *
escape_tooltip (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  g_auto(GStrv) parts = g_strsplit (valid, "\\", -1);
  g_autofree char *joined = g_strjoinv ("\xe2\xa7\xb5" /* U+29F5 */, parts);

  return escape_label (joined);
}

/* Model */

static void
node_free (DossierGraphNode *node)
{
  g_free (node->key);
  g_free (node->name);
  g_free (node->short_name);
  g_free (node->label);
  g_free (node->kind);
  g_free (node->origin);
  g_free (node->parent_key);
  g_free (node);
}

static void
edge_free (DossierGraphEdge *edge)
{
  g_strfreev (edge->kinds);
  g_free (edge->label);
  g_clear_pointer (&edge->relation_ids, g_array_unref);
  g_free (edge);
}

static guint64
pair_key (guint a,
          guint b)
{
  return a < b ? ((guint64) a << 32) | b : ((guint64) b << 32) | a;
}

/* Breaks a name into at most LABEL_MAX_LINES lines at spaces. */
static char *
wrap_label (const char *text)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);
  g_autoptr(GString) out = g_string_new (NULL);
  guint line_chars = 0, lines = 1;

  for (guint i = 0; words[i] != NULL; i++)
    {
      guint chars = (guint) g_utf8_strlen (words[i], -1);

      if (chars == 0)
        continue;
      if (line_chars > 0 && line_chars + 1 + chars > LABEL_LINE_CHARS)
        {
          if (lines == LABEL_MAX_LINES)
            {
              g_string_append (out, "…");
              break;
            }
          g_string_append_c (out, '\n');
          lines++;
          line_chars = 0;
        }
      else if (line_chars > 0)
        {
          g_string_append_c (out, ' ');
          line_chars++;
        }
      g_string_append (out, words[i]);
      line_chars += chars;
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
make_label (const char *name,
            const char *short_name)
{
  g_autofree char *valid = g_utf8_make_valid (name != NULL ? name : "", -1);

  /* "UNODC" reads better in a graph than its full name. */
  if (short_name != NULL && *short_name != '\0' && g_utf8_strlen (valid, -1) > LABEL_LINE_CHARS)
    return g_utf8_make_valid (short_name, -1);

  /* Control characters would break lines where the name does not. */
  for (char *p = valid; *p != '\0'; p++)
    if ((guchar) *p < 0x20)
      *p = ' ';
  return wrap_label (valid);
}

guint
_dossier_graph_add_node_full (DossierGraph           *self,
                              const DossierGraphNode *node)
{
  DossierGraphNode *copy;
  gpointer found;

  g_return_val_if_fail (DOSSIER_IS_GRAPH (self), 0);
  g_return_val_if_fail (node->key != NULL, 0);
  g_return_val_if_fail (!self->frozen, 0);

  if ((found = g_hash_table_lookup (self->node_index, node->key)) != NULL)
    return GPOINTER_TO_UINT (found) - 1;

  copy = g_memdup2 (node, sizeof *node);
  copy->key = g_strdup (node->key);
  copy->name = g_strdup (node->name != NULL ? node->name : node->key);
  copy->short_name = g_strdup (node->short_name);
  copy->label = node->label != NULL ? g_strdup (node->label) : make_label (copy->name, copy->short_name);
  copy->kind = g_strdup (node->kind != NULL ? node->kind : "organisation");
  copy->origin = g_strdup (node->origin);
  copy->parent_key = g_strdup (node->parent_key);
  g_ptr_array_add (self->nodes, copy);
  g_hash_table_insert (self->node_index, copy->key, GUINT_TO_POINTER (self->nodes->len));

  return self->nodes->len - 1;
}

static void
add_kind (DossierGraphEdge *edge,
          const char       *kind)
{
  guint n = edge->kinds != NULL ? g_strv_length (edge->kinds) : 0;

  if (edge->kinds != NULL && g_strv_contains ((const char * const *) edge->kinds, kind))
    return;
  edge->kinds = g_renew (char *, edge->kinds, n + 2);
  edge->kinds[n] = g_strdup (kind);
  edge->kinds[n + 1] = NULL;
}

void
_dossier_graph_add_relation_full (DossierGraph *self,
                                  guint         tail,
                                  guint         head,
                                  const char   *kind,
                                  const char   *verb,
                                  guint         weight,
                                  gboolean      directed,
                                  gint64        relation_id)
{
  DossierGraphEdge *edge;
  guint64 pair;
  gpointer found;
  gboolean typed;

  g_return_if_fail (DOSSIER_IS_GRAPH (self));
  g_return_if_fail (!self->frozen);
  g_return_if_fail (tail < self->nodes->len && head < self->nodes->len);
  g_return_if_fail (kind != NULL);

  if (tail == head)
    return;

  pair = pair_key (tail, head);
  if ((found = g_hash_table_lookup (self->edge_index, &pair)) != NULL)
    edge = g_ptr_array_index (self->edges, GPOINTER_TO_UINT (found) - 1);
  else
    {
      guint64 *stored = g_new (guint64, 1);

      edge = g_new0 (DossierGraphEdge, 1);
      edge->tail = tail;
      edge->head = head;
      edge->relation_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_ptr_array_add (self->edges, edge);
      *stored = pair;
      g_hash_table_insert (self->edge_index, stored, GUINT_TO_POINTER (self->edges->len));
    }

  /* "more" links a node to its "+N more" node: drawn like a co-mention. */
  typed = !g_str_equal (kind, "co-mention") && !g_str_equal (kind, "mentions") &&
          !g_str_equal (kind, "more");
  edge->co_mention |= g_str_equal (kind, "co-mention");
  edge->mentions |= g_str_equal (kind, "mentions");
  edge->weight = MAX (edge->weight, MAX (weight, 1));
  add_kind (edge, kind);
  if (relation_id > 0)
    g_array_append_val (edge->relation_ids, relation_id);

  if (!typed)
    return;

  /* The label lists what the relations say, in the words that said it. */
  {
    g_autofree char *text = g_strdup (verb != NULL && *verb != '\0' ? verb : kind);
    g_autofree char *old = edge->label;

    g_strdelimit (text, "-_", ' ');
    if (old == NULL)
      edge->label = g_steal_pointer (&text);
    else if (strstr (old, text) == NULL)
      edge->label = g_strdup_printf ("%s, %s", old, text);
    else
      edge->label = g_steal_pointer (&old);
  }

  if (directed)
    {
      if (!edge->typed || edge->direction == DOSSIER_GRAPH_EDGE_UNDIRECTED)
        {
          /* The first directed relation decides which end is the tail. */
          if (edge->tail != tail)
            {
              edge->head = edge->tail;
              edge->tail = tail;
            }
          edge->direction = DOSSIER_GRAPH_EDGE_FORWARD;
        }
      else if (edge->direction == DOSSIER_GRAPH_EDGE_FORWARD && edge->tail != tail)
        edge->direction = DOSSIER_GRAPH_EDGE_BOTH;
    }
  edge->typed = TRUE;
}

guint
dossier_graph_add_node (DossierGraph *self,
                        const char   *key,
                        const char   *name,
                        const char   *kind,
                        guint         n_mentions)
{
  DossierGraphNode node = {
    .key = (char *) key,
    .name = (char *) name,
    .kind = (char *) kind,
    .n_mentions = n_mentions,
    .confidence = 1.0,
  };

  g_return_val_if_fail (key != NULL, 0);

  return _dossier_graph_add_node_full (self, &node);
}

void
dossier_graph_add_relation (DossierGraph *self,
                            const char   *tail_key,
                            const char   *head_key,
                            const char   *kind,
                            guint         weight,
                            gboolean      directed)
{
  int tail = dossier_graph_find_node (self, tail_key);
  int head = dossier_graph_find_node (self, head_key);

  g_return_if_fail (tail >= 0 && head >= 0);

  _dossier_graph_add_relation_full (self, (guint) tail, (guint) head, kind, NULL,
                                    weight, directed, 0);
}

void
_dossier_graph_set_source (DossierGraph             *self,
                           DossierStore             *store,
                           const DossierGraphFilter *filter)
{
  g_set_object (&self->store, store);
  g_clear_pointer (&self->filter, dossier_graph_filter_free);
  if (filter != NULL)
    self->filter = dossier_graph_filter_copy (filter);
}

void
_dossier_graph_get_timings (DossierGraph        *self,
                            DossierGraphTimings *timings)
{
  *timings = self->timings;
}

Agraph_t *
_dossier_graph_get_agraph (DossierGraph *self)
{
  return self->agraph;
}

/* Fixes the nodes and edges: from here on, threads may read them. */
static void
freeze (DossierGraph *self)
{
  g_autoptr(GHashTable) taken = NULL;

  if (self->frozen)
    return;
  self->frozen = TRUE;

  taken = g_hash_table_new (g_str_hash, g_str_equal);
  self->gv_names = g_ptr_array_new_full (self->nodes->len, g_free);
  for (guint i = 0; i < self->nodes->len; i++)
    {
      const DossierGraphNode *node = g_ptr_array_index (self->nodes, i);
      g_autofree char *name = _dossier_graphviz_escape (node->key);

      /* cgraph treats names starting with '%' as its own anonymous ids, and
       * Graphviz 2.42 writes a name starting with U+FEFF unquoted but reads it
       * back as a byte-order mark, leaving no name (fuzz-dot-label). */
      if (*name == '\0' || *name == '%' || g_str_has_prefix (name, "\xef\xbb\xbf"))
        {
          char *prefixed = g_strconcat ("_", name, NULL);

          g_free (name);
          name = prefixed;
        }
      /* Escaping can make two keys equal ("a\nb" and "a b"). */
      for (guint n = 2; g_hash_table_contains (taken, name); n++)
        {
          char *numbered = g_strdup_printf ("%s#%u", node->key, n);

          g_free (name);
          name = _dossier_graphviz_escape (numbered);
          g_free (numbered);
        }
      g_hash_table_add (taken, name);
      g_ptr_array_add (self->gv_names, g_steal_pointer (&name));
    }

  self->incident = g_new0 (GArray *, self->nodes->len + 1);
  for (guint i = 0; i < self->nodes->len; i++)
    self->incident[i] = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < self->edges->len; i++)
    {
      const DossierGraphEdge *edge = g_ptr_array_index (self->edges, i);

      g_array_append_val (self->incident[edge->tail], i);
      g_array_append_val (self->incident[edge->head], i);
    }
}

/* DOT */

typedef struct
{
  gboolean           *pinned;   /* by node */
  DossierGraphPoint  *pos;      /* by node, Graphviz's y-up points */
  DossierGraphPoint  *screen;   /* by node, where the node was on screen */
  guint               n_pinned;
  guint               n_user;   /* of them, pinned by the user rather than kept */
} Pins;

static void
pins_free (Pins *pins)
{
  if (pins == NULL)
    return;
  g_free (pins->pinned);
  g_free (pins->pos);
  g_free (pins->screen);
  g_free (pins);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pins, pins_free)

static gboolean
engine_takes_pins (const char *engine)
{
  return g_strcmp0 (engine, "neato") == 0 || g_strcmp0 (engine, "fdp") == 0;
}

static Pins *
pins_new (DossierGraph *self)
{
  Pins *pins = g_new0 (Pins, 1);
  guint n = self->nodes->len;

  pins->pinned = g_new0 (gboolean, MAX (n, 1));
  pins->pos = g_new0 (DossierGraphPoint, MAX (n, 1));
  pins->screen = g_new0 (DossierGraphPoint, MAX (n, 1));
  if (self->kept == NULL && self->pins == NULL)
    return pins;

  for (guint i = 0; i < n; i++)
    {
      const DossierGraphNode *node = g_ptr_array_index (self->nodes, i);
      const DossierGraphPoint *point = NULL;

      /* Where the user put a node wins over where the last layout had it. */
      if (self->pins != NULL && (point = g_hash_table_lookup (self->pins, node->key)) != NULL)
        pins->n_user++;
      else if (self->kept != NULL)
        point = g_hash_table_lookup (self->kept, node->key);
      if (point == NULL)
        continue;
      pins->pinned[i] = TRUE;
      pins->screen[i] = *point;
      /* Any y-up frame will do: the result is shifted back onto the old one. */
      pins->pos[i].x = point->x;
      pins->pos[i].y = -point->y;
      pins->n_pinned++;
    }
  return pins;
}

typedef struct
{
  Agsym_t *label, *tooltip, *shape, *style, *fillcolor, *fontsize, *penwidth, *pos;
  Agsym_t *e_label, *e_style, *e_color, *e_fontcolor, *e_dir, *e_penwidth;
} Symbols;

static int
gstring_putstr (void       *chan,
                const char *str)
{
  g_string_append (chan, str);
  return 0;
}

static int
gstring_flush (void *chan)
{
  return 0;
}

static Agiodisc_t gstring_io = { NULL, gstring_putstr, gstring_flush };

static char *
format_double (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  /* Never the locale's decimal comma: Graphviz reads C numbers. */
  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.2f", value));
}

static void
set_kind_style (Agnode_t               *n,
                const Symbols          *sym,
                const DossierGraphNode *node)
{
  const char *shape = "ellipse", *style = "filled", *fill = "#DDDDDD";

  for (guint i = 0; i < G_N_ELEMENTS (kind_styles); i++)
    if (g_strcmp0 (kind_styles[i].kind, node->kind) == 0)
      {
        shape = kind_styles[i].shape;
        style = kind_styles[i].style;
        fill = kind_styles[i].fill;
        break;
      }

  agxset (n, sym->shape, (char *) shape);
  agxset (n, sym->style, (char *) style);
  agxset (n, sym->fillcolor, (char *) fill);
}

/* Builds the graph Dossier hands to Graphviz and writes it as DOT. With the lock. */
static char *
build_dot_locked (DossierGraph *self,
                  const char   *engine,
                  const Pins   *pins,
                  GError      **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  Agdisc_t disc = { &AgMemDisc, &AgIdDisc, &gstring_io };
  g_autoptr(Agraph_t) g = NULL;
  g_autofree Agnode_t **nodes = NULL;
  gboolean use_pins = pins != NULL && pins->n_pinned > 0 && engine_takes_pins (engine);
  gboolean force = !g_str_equal (engine, "dot");
  Symbols sym;

  _dossier_graphviz_get_context ();
  g = agopen ((char *) "dossier", Agdirected, &disc);
  if (g == NULL)
    {
      g_set_error_literal (error, DOSSIER_GRAPH_ERROR, DOSSIER_GRAPH_ERROR_LAYOUT,
                           _("Graphviz could not create a graph."));
      return NULL;
    }

  agattr (g, AGRAPH, (char *) "layout", (char *) engine);
  agattr (g, AGRAPH, (char *) "bgcolor", (char *) "transparent");
  agattr (g, AGRAPH, (char *) "fontname", (char *) "Sans");
  agattr (g, AGRAPH, (char *) "outputorder", (char *) "edgesfirst");
  agattr (g, AGRAPH, (char *) "pad", (char *) "0.2");
  agattr (g, AGRAPH, (char *) "splines",
          (char *) (!force || (!use_pins && (guint64) self->nodes->len * self->edges->len <= SPLINE_MAX_WORK) ?
                    "true" : "line"));
  if (force)
    {
      /* Pinned nodes only stay put when overlaps are allowed: removing overlaps
       * scales the whole layout. A fresh layout removes them. */
      agattr (g, AGRAPH, (char *) "overlap", (char *) (use_pins ? "true" : "prism"));
    }
  else
    agattr (g, AGRAPH, (char *) "nodesep", (char *) "0.3");
  if (use_pins)
    agattr (g, AGRAPH, (char *) "inputscale", (char *) "72");
  /* Graphviz's stress majorization (neato's default) holds pinned nodes but
   * leaves the free ones where they started, far from a node the user dragged
   * away: its neighbours stayed on the other side of the graph. Kamada-Kawai
   * lays them out around it; it is slower (1.6 s instead of 0.4 s on the 287
   * entities of the bundled corpus), so only small graphs get it. */
  if (use_pins && pins->n_user > 0 && g_str_equal (engine, "neato")
      && self->nodes->len <= PINNED_KK_MAX_NODES)
    agattr (g, AGRAPH, (char *) "mode", (char *) "KK");

  agattr (g, AGNODE, (char *) "fontname", (char *) "Sans");
  agattr (g, AGNODE, (char *) "fontcolor", (char *) "#000000");
  agattr (g, AGNODE, (char *) "color", (char *) NODE_BORDER_COLOR);
  agattr (g, AGNODE, (char *) "margin", (char *) "0.08,0.04");
  agattr (g, AGNODE, (char *) "height", (char *) "0.3");
  sym.label = agattr (g, AGNODE, (char *) "label", (char *) "\\N");
  sym.tooltip = agattr (g, AGNODE, (char *) "tooltip", (char *) "");
  sym.shape = agattr (g, AGNODE, (char *) "shape", (char *) "box");
  sym.style = agattr (g, AGNODE, (char *) "style", (char *) "filled");
  sym.fillcolor = agattr (g, AGNODE, (char *) "fillcolor", (char *) "#DDDDDD");
  sym.fontsize = agattr (g, AGNODE, (char *) "fontsize", (char *) "10");
  sym.penwidth = agattr (g, AGNODE, (char *) "penwidth", (char *) "1");
  sym.pos = use_pins ? agattr (g, AGNODE, (char *) "pos", (char *) "") : NULL;

  agattr (g, AGEDGE, (char *) "fontname", (char *) "Sans");
  agattr (g, AGEDGE, (char *) "fontsize", (char *) "9");
  agattr (g, AGEDGE, (char *) "arrowsize", (char *) "0.7");
  sym.e_label = agattr (g, AGEDGE, (char *) "label", (char *) "");
  sym.e_style = agattr (g, AGEDGE, (char *) "style", (char *) "dashed");
  sym.e_color = agattr (g, AGEDGE, (char *) "color", (char *) PLAIN_EDGE_COLOR);
  sym.e_fontcolor = agattr (g, AGEDGE, (char *) "fontcolor", (char *) TYPED_EDGE_COLOR);
  sym.e_dir = agattr (g, AGEDGE, (char *) "dir", (char *) "none");
  sym.e_penwidth = agattr (g, AGEDGE, (char *) "penwidth", (char *) "1");

  nodes = g_new0 (Agnode_t *, MAX (self->nodes->len, 1));
  for (guint i = 0; i < self->nodes->len; i++)
    {
      const DossierGraphNode *node = g_ptr_array_index (self->nodes, i);
      g_autofree char *label = NULL;
      g_autofree char *tooltip = escape_tooltip (node->name);
      g_auto(GStrv) lines = g_strsplit (node->label, "\n", -1);
      g_autofree char *fontsize = NULL;
      Agnode_t *n = agnode (g, g_ptr_array_index (self->gv_names, i), TRUE);

      /* Lines escaped one by one, joined with Graphviz's own line break. */
      for (guint j = 0; lines[j] != NULL; j++)
        {
          char *escaped = escape_label (lines[j]);

          g_free (lines[j]);
          lines[j] = escaped;
        }
      label = g_strjoinv ("\\n", lines);

      /* The label's size makes the node's: by mentions, or by how many shortest
       * paths run through the node (betweenness), the brokers of the network. */
      if (g_str_equal (node->kind, "more"))
        fontsize = format_double (10.0);
      else if (self->size_by == DOSSIER_GRAPH_SIZE_BY_CENTRALITY && self->centrality != NULL)
        fontsize = format_double (10.0 + 10.0 * sqrt (CLAMP (self->centrality[i], 0.0, 1.0)));
      else
        fontsize = format_double (CLAMP (10.0 + 1.5 * log2 (1.0 + node->n_mentions), 10.0, 20.0));
      agxset (n, sym.label, label);
      agxset (n, sym.tooltip, tooltip);
      agxset (n, sym.fontsize, fontsize);
      set_kind_style (n, &sym, node);
      if (node->centre)
        agxset (n, sym.penwidth, (char *) "2");
      if (use_pins && pins->pinned[i])
        {
          g_autofree char *x = format_double (pins->pos[i].x);
          g_autofree char *y = format_double (pins->pos[i].y);
          g_autofree char *pos = g_strdup_printf ("%s,%s!", x, y);

          agxset (n, sym.pos, pos);
        }
      nodes[i] = n;
    }

  for (guint i = 0; i < self->edges->len; i++)
    {
      const DossierGraphEdge *edge = g_ptr_array_index (self->edges, i);
      Agedge_t *e = agedge (g, nodes[edge->tail], nodes[edge->head], NULL, TRUE);
      g_autofree char *penwidth = format_double (CLAMP (1.0 + log2 (MAX (edge->weight, 1)), 1.0, 6.0));

      agxset (e, sym.e_penwidth, penwidth);
      if (edge->typed)
        {
          g_autofree char *label = escape_label (edge->label);

          agxset (e, sym.e_style, (char *) "solid");
          agxset (e, sym.e_color, (char *) TYPED_EDGE_COLOR);
          agxset (e, sym.e_label, label);
          if (edge->direction == DOSSIER_GRAPH_EDGE_FORWARD)
            agxset (e, sym.e_dir, (char *) "forward");
          else if (edge->direction == DOSSIER_GRAPH_EDGE_BOTH)
            agxset (e, sym.e_dir, (char *) "both");
        }
      else if (edge->mentions && !edge->co_mention)
        agxset (e, sym.e_style, (char *) "dotted");
    }

  if (agwrite (g, out) != 0)
    {
      g_set_error_literal (error, DOSSIER_GRAPH_ERROR, DOSSIER_GRAPH_ERROR_LAYOUT,
                           _("Graphviz could not write the graph."));
      return NULL;
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Layout */

gboolean
dossier_graph_engine_is_valid (const char *engine)
{
  return engine != NULL && g_strv_contains (engines, engine);
}

const char *
dossier_graph_default_engine (guint n_nodes)
{
  if (n_nodes <= 12)
    return "dot";
  if (n_nodes <= 300)
    return "neato";
  return "sfdp";
}

typedef struct
{
  Agraph_t             *agraph;
  DossierGraphGeometry *geometry;
  char                 *engine;
  char                 *note;
  char                 *dot;
  DossierGraphTimings   timings;
} LayoutResult;

static void
layout_result_free (LayoutResult *result)
{
  if (result == NULL)
    return;
  _dossier_graphviz_close (result->agraph);
  g_clear_pointer (&result->geometry, dossier_graph_geometry_unref);
  g_free (result->engine);
  g_free (result->note);
  g_free (result->dot);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LayoutResult, layout_result_free)

typedef struct
{
  DossierGraph *graph;
  char         *engine;
  Pins         *pins;
  guint         serial;
} LayoutTask;

static void
layout_task_free (LayoutTask *task)
{
  g_clear_object (&task->graph);
  g_free (task->engine);
  pins_free (task->pins);
  g_free (task);
}

static gboolean
parse_point (const char        *text,
             DossierGraphPoint *point)
{
  char *end;

  if (text == NULL || *text == '\0')
    return FALSE;
  point->x = g_ascii_strtod (text, &end);
  if (end == text || *end != ',')
    return FALSE;
  text = end + 1;
  point->y = g_ascii_strtod (text, &end);
  return end != text && isfinite (point->x) && isfinite (point->y);
}

/* "e,x,y s,x,y x1,y1 x2,y2 ...": arrow tips, then Bézier control points. */
static void
parse_spline (DossierGraphEdgeGeometry *edge,
              const char               *pos,
              double                    top)
{
  g_auto(GStrv) splines = NULL;
  g_auto(GStrv) tokens = NULL;
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (DossierGraphPoint));

  if (pos == NULL || *pos == '\0')
    return;

  /* Several splines only come with concentrate=true, which Dossier never sets. */
  splines = g_strsplit (pos, ";", 2);
  tokens = g_strsplit_set (splines[0], " \t\n\\", -1);
  for (guint i = 0; tokens[i] != NULL; i++)
    {
      DossierGraphPoint p;
      const char *t = tokens[i];

      if (*t == '\0')
        continue;
      if ((t[0] == 'e' || t[0] == 's') && t[1] == ',')
        {
          if (!parse_point (t + 2, &p))
            continue;
          p.y = top - p.y;
          if (t[0] == 'e')
            {
              edge->has_head_arrow = TRUE;
              edge->head_tip = p;
            }
          else
            {
              edge->has_tail_arrow = TRUE;
              edge->tail_tip = p;
            }
          continue;
        }
      if (parse_point (t, &p))
        {
          p.y = top - p.y;
          g_array_append_val (points, p);
        }
    }

  edge->n_spline = points->len;
  edge->spline = (DossierGraphPoint *) (gpointer) g_array_free (g_steal_pointer (&points), FALSE);
}

static double
attr_double (void       *object,
             const char *name,
             double      fallback)
{
  const char *text = agget (object, (char *) name);
  char *end;
  double value;

  if (text == NULL || *text == '\0')
    return fallback;
  value = g_ascii_strtod (text, &end);
  return end != text && isfinite (value) ? value : fallback;
}

/* Reads the laid-out graph into geometry. With the lock. */
static DossierGraphGeometry *
geometry_from_agraph (DossierGraph *self,
                      Agraph_t     *g,
                      const char   *engine,
                      GError      **error)
{
  g_autoptr(DossierGraphGeometry) geometry = NULL;
  g_autofree Agnode_t **nodes = NULL;
  const char *bb = agget (g, (char *) "bb");
  double llx = 0, lly = 0, urx = 0, ury = 0, top;

  g_auto(GStrv) parts = bb != NULL ? g_strsplit (bb, ",", 4) : NULL;

  /* Graphviz writes C numbers, whatever the locale. */
  if (parts == NULL || g_strv_length (parts) != 4)
    {
      g_set_error_literal (error, DOSSIER_GRAPH_ERROR, DOSSIER_GRAPH_ERROR_LAYOUT,
                           _("Graphviz returned a layout without a bounding box."));
      return NULL;
    }
  llx = g_ascii_strtod (parts[0], NULL);
  lly = g_ascii_strtod (parts[1], NULL);
  urx = g_ascii_strtod (parts[2], NULL);
  ury = g_ascii_strtod (parts[3], NULL);
  if (!isfinite (llx) || !isfinite (lly) || !isfinite (urx) || !isfinite (ury))
    {
      g_set_error_literal (error, DOSSIER_GRAPH_ERROR, DOSSIER_GRAPH_ERROR_LAYOUT,
                           _("Graphviz returned a layout without a bounding box."));
      return NULL;
    }
  top = ury;

  geometry = _dossier_graph_geometry_new (self->nodes->len, self->edges->len);
  geometry->engine = g_strdup (engine);
  geometry->bounds.x = llx;
  geometry->bounds.y = 0;
  geometry->bounds.width = urx - llx;
  geometry->bounds.height = ury - lly;
  _dossier_graph_op_list_parse (&geometry->draw, agget (g, (char *) "_draw_"), top);

  nodes = g_new0 (Agnode_t *, MAX (self->nodes->len, 1));
  for (guint i = 0; i < self->nodes->len; i++)
    {
      const DossierGraphNode *node = g_ptr_array_index (self->nodes, i);
      DossierGraphNodeGeometry *ng = &geometry->nodes[i];
      Agnode_t *n = agnode (g, g_ptr_array_index (self->gv_names, i), FALSE);
      DossierGraphPoint center = { 0, 0 };
      double width, height;

      if (n == NULL || !parse_point (agget (n, (char *) "pos"), &center))
        {
          g_set_error (error, DOSSIER_GRAPH_ERROR, DOSSIER_GRAPH_ERROR_LAYOUT,
                       _("Graphviz lost the node “%s”."), node->key);
          return NULL;
        }
      nodes[i] = n;
      width = attr_double (n, "width", 0.75) * 72.0;
      height = attr_double (n, "height", 0.5) * 72.0;

      ng->key = g_strdup (node->key);
      ng->label = g_strdup (node->label);
      ng->kind = g_strdup (node->kind);
      ng->center.x = center.x;
      ng->center.y = top - center.y;
      ng->bounds.x = ng->center.x - width / 2;
      ng->bounds.y = ng->center.y - height / 2;
      ng->bounds.width = width;
      ng->bounds.height = height;
      _dossier_graph_op_list_parse (&ng->draw, agget (n, (char *) "_draw_"), top);
      _dossier_graph_op_list_parse (&ng->label_draw, agget (n, (char *) "_ldraw_"), top);
    }

  for (guint i = 0; i < self->edges->len; i++)
    {
      const DossierGraphEdge *edge = g_ptr_array_index (self->edges, i);
      DossierGraphEdgeGeometry *eg = &geometry->edges[i];
      Agedge_t *e = agedge (g, nodes[edge->tail], nodes[edge->head], NULL, FALSE);
      DossierGraphPoint lp;

      eg->tail = edge->tail;
      eg->head = edge->head;
      eg->tail_key = geometry->nodes[edge->tail].key;
      eg->head_key = geometry->nodes[edge->head].key;
      eg->weight = edge->weight;
      eg->kinds = g_strdupv (edge->kinds);
      eg->typed = edge->typed;
      eg->label = g_strdup (edge->label);
      if (e == NULL)
        continue;

      parse_spline (eg, agget (e, (char *) "pos"), top);
      if (parse_point (agget (e, (char *) "lp"), &lp))
        {
          eg->has_label = TRUE;
          eg->label_pos.x = lp.x;
          eg->label_pos.y = top - lp.y;
        }
      _dossier_graph_op_list_parse (&eg->draw, agget (e, (char *) "_draw_"), top);
      _dossier_graph_op_list_parse (&eg->head_draw, agget (e, (char *) "_hdraw_"), top);
      _dossier_graph_op_list_parse (&eg->tail_draw, agget (e, (char *) "_tdraw_"), top);
      _dossier_graph_op_list_parse (&eg->label_draw, agget (e, (char *) "_ldraw_"), top);
    }

  _dossier_graph_geometry_index (geometry);
  return g_steal_pointer (&geometry);
}

/* Runs in any thread; reads only the frozen model and @pins. */
static LayoutResult *
run_layout (DossierGraph  *self,
            const char    *requested,
            const Pins    *pins,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(LayoutResult) result = g_new0 (LayoutResult, 1);
  g_autoptr(DossierGraphvizLock) lock = NULL;
  g_autoptr(Agraph_t) g = NULL;
  guint n = self->nodes->len;
  const char *engine = requested != NULL ? requested : dossier_graph_default_engine (n);
  gint64 start;
  GVC_t *gvc;
  int rc;

  if (g_str_equal (engine, "dot") && n > DOSSIER_GRAPH_DOT_MAX_NODES)
    {
      result->note = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "The graph has %u node, too many for the dot layout; sfdp laid it out instead.",
                                                   "The graph has %u nodes, too many for the dot layout; sfdp laid it out instead.",
                                                   n), n);
      engine = "sfdp";
    }
  else if (g_str_equal (engine, "dot") && self->edges->len > DOSSIER_GRAPH_DOT_MAX_EDGES)
    {
      guint n_edges = self->edges->len;

      result->note = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "The graph has %u edge, too many for the dot layout; sfdp laid it out instead.",
                                                   "The graph has %u edges, too many for the dot layout; sfdp laid it out instead.",
                                                   n_edges), n_edges);
      engine = "sfdp";
    }
  else if (!g_str_equal (engine, "dot") && !g_str_equal (engine, "sfdp") &&
           n > DOSSIER_GRAPH_FORCE_MAX_NODES)
    {
      result->note = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "The graph has %u node, too many for the %s layout; sfdp laid it out instead.",
                                                   "The graph has %u nodes, too many for the %s layout; sfdp laid it out instead.",
                                                   n), n, engine);
      engine = "sfdp";
    }

  /* Nodes the user dragged must stay where they were dropped, which only neato
   * and fdp can do: they read "pos" with "!" as a fixed place. dot ranks the
   * graph from scratch and ignores positions, sfdp takes them as a start only,
   * and circo and twopi place nodes on their own circles. Rather than drop the
   * user's pins silently, such a graph goes to neato and the note says so; only
   * a graph too large for neato keeps sfdp, and the view then draws the pinned
   * nodes where the user put them. */
  if (pins != NULL && pins->n_user > 0 && !engine_takes_pins (engine) && n <= DOSSIER_GRAPH_FORCE_MAX_NODES)
    {
      g_free (result->note);
      /* Translators: %s is a Graphviz layout engine (dot, sfdp, circo, twopi) */
      result->note = g_strdup_printf (_("The %s layout cannot keep pinned nodes in place; neato laid the graph out instead. Unpin the nodes to use %s again."),
                                      engine, engine);
      engine = "neato";
    }
  result->engine = g_strdup (engine);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  lock = _dossier_graphviz_lock ();
  /* Another layout may have held the lock for a while. */
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  gvc = _dossier_graphviz_get_context ();
  _dossier_graphviz_reset_messages ();

  start = g_get_monotonic_time ();
  if (!(result->dot = build_dot_locked (self, engine, pins, error)))
    return NULL;
  result->timings.write_dot = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;

  /* Dossier lays out what it exports, read back as `dot` would read it, so that
   * `dot -Tsvg` of the export draws the same picture. */
  start = g_get_monotonic_time ();
  g = agmemread (result->dot);
  result->timings.read_dot = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  if (g == NULL)
    {
      g_autofree char *messages = _dossier_graphviz_dup_messages ();

      g_set_error (error, DOSSIER_GRAPH_ERROR, DOSSIER_GRAPH_ERROR_LAYOUT,
                   _("Graphviz could not read the graph: %s"), messages != NULL ? messages : "");
      return NULL;
    }

  start = g_get_monotonic_time ();
  rc = gvLayout (gvc, g, engine);
  result->timings.layout = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  if (rc != 0)
    {
      g_autofree char *messages = _dossier_graphviz_dup_messages ();

      g_set_error (error, DOSSIER_GRAPH_ERROR, DOSSIER_GRAPH_ERROR_LAYOUT,
                   _("Graphviz could not lay the graph out with %s: %s"),
                   engine, messages != NULL ? messages : "");
      return NULL;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      gvFreeLayout (gvc, g);
      return NULL;
    }

  /* No output file: the xdot renderer then only stores its drawing operations
   * (_draw_, _ldraw_, ...) and positions as attributes of the graph. */
  start = g_get_monotonic_time ();
  rc = gvRender (gvc, g, "xdot1.4", NULL);
  result->timings.render = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  if (rc != 0)
    {
      g_autofree char *messages = _dossier_graphviz_dup_messages ();

      gvFreeLayout (gvc, g);
      g_set_error (error, DOSSIER_GRAPH_ERROR, DOSSIER_GRAPH_ERROR_LAYOUT,
                   _("Graphviz could not draw the graph: %s"), messages != NULL ? messages : "");
      return NULL;
    }

  start = g_get_monotonic_time ();
  result->geometry = geometry_from_agraph (self, g, engine, error);
  result->timings.geometry = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  if (result->geometry == NULL)
    {
      gvFreeLayout (gvc, g);
      return NULL;
    }

  /* Shift the new layout so that the nodes kept from the old one stay where
   * they were on screen. */
  if (pins != NULL && pins->n_pinned > 0)
    {
      double dx = 0, dy = 0;

      for (guint i = 0; i < n; i++)
        if (pins->pinned[i])
          {
            dx += pins->screen[i].x - result->geometry->nodes[i].center.x;
            dy += pins->screen[i].y - result->geometry->nodes[i].center.y;
          }
      _dossier_graph_geometry_translate (result->geometry, dx / pins->n_pinned, dy / pins->n_pinned);
    }

  result->agraph = g_steal_pointer (&g);
  return g_steal_pointer (&result);
}

static void restyle_all (DossierGraph *self);

/* Betweenness for sizing by centrality, computed before the layout thread
 * reads it, and scaled so that the most central node is 1. */
static void
prepare_sizes (DossierGraph *self)
{
  double max = 0;

  if (self->size_by != DOSSIER_GRAPH_SIZE_BY_CENTRALITY || self->centrality != NULL)
    return;
  self->centrality = dossier_graph_compute_betweenness (self, FALSE, TRUE);
  for (guint i = 0; i < self->nodes->len; i++)
    max = MAX (max, self->centrality[i]);
  for (guint i = 0; max > 0 && i < self->nodes->len; i++)
    self->centrality[i] /= max;
}

static void
install_layout (DossierGraph *self,
                LayoutResult *result)
{
  gboolean engine_changed = g_strcmp0 (self->engine, result->engine) != 0;
  gboolean note_changed = g_strcmp0 (self->note, result->note) != 0;

  _dossier_graphviz_close (g_steal_pointer (&self->agraph));
  g_clear_pointer (&self->geometry, dossier_graph_geometry_unref);
  g_clear_pointer (&self->engine, g_free);
  g_clear_pointer (&self->note, g_free);
  g_clear_pointer (&self->dot, g_free);

  self->agraph = g_steal_pointer (&result->agraph);
  self->geometry = g_steal_pointer (&result->geometry);
  self->engine = g_steal_pointer (&result->engine);
  self->note = g_steal_pointer (&result->note);
  self->dot = g_steal_pointer (&result->dot);
  self->timings = result->timings;
  self->layout_count++;
  g_debug ("graph layout: write DOT %.3f s, read DOT %.3f s, layout %.3f s, xdot render %.3f s, geometry %.3f s",
           self->timings.write_dot, self->timings.read_dot, self->timings.layout,
           self->timings.render, self->timings.geometry);

  restyle_all (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAYOUT_COUNT]);
  if (engine_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE]);
  if (note_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAYOUT_NOTE]);
  g_signal_emit (self, signals[LAYOUT_CHANGED], 0);
}

static gboolean
check_engine (const char  *engine,
              GError     **error)
{
  if (engine == NULL || dossier_graph_engine_is_valid (engine))
    return TRUE;
  g_set_error (error, DOSSIER_GRAPH_ERROR, DOSSIER_GRAPH_ERROR_INVALID,
               /* Translators: %s is what the user typed; the names are not translated. */
               _("“%s” is not a layout engine. Use dot, neato, fdp, sfdp, circo or twopi."),
               engine);
  return FALSE;
}

gboolean
dossier_graph_layout (DossierGraph  *self,
                      const char    *engine,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(Pins) pins = NULL;
  g_autoptr(LayoutResult) result = NULL;

  g_return_val_if_fail (DOSSIER_IS_GRAPH (self), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);

  if (!check_engine (engine, error))
    return FALSE;

  freeze (self);
  prepare_sizes (self);
  pins = pins_new (self);
  self->layout_serial++;
  if (!(result = run_layout (self, engine, pins, cancellable, error)))
    return FALSE;
  install_layout (self, result);
  return TRUE;
}

static void
layout_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  LayoutTask *data = task_data;
  GError *error = NULL;
  LayoutResult *result;

  result = run_layout (data->graph, data->engine, data->pins, cancellable, &error);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) layout_result_free);
}

void
dossier_graph_layout_async (DossierGraph        *self,
                            const char          *engine,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  LayoutTask *data;

  g_return_if_fail (DOSSIER_IS_GRAPH (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dossier_graph_layout_async);
  g_task_set_name (task, "[dossier] graph layout");

  if (!check_engine (engine, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  freeze (self);
  prepare_sizes (self);
  data = g_new0 (LayoutTask, 1);
  data->graph = g_object_ref (self);
  data->engine = g_strdup (engine);
  data->pins = pins_new (self);
  data->serial = ++self->layout_serial;
  g_task_set_task_data (task, data, (GDestroyNotify) layout_task_free);
  g_task_run_in_thread (task, layout_thread);
}

gboolean
dossier_graph_layout_finish (DossierGraph  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_autoptr(LayoutResult) layout = NULL;
  LayoutTask *data;

  g_return_val_if_fail (DOSSIER_IS_GRAPH (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dossier_graph_layout_async, FALSE);

  if (!(layout = g_task_propagate_pointer (G_TASK (result), error)))
    return FALSE;

  /* A later layout was asked for meanwhile: it wins. */
  data = g_task_get_task_data (G_TASK (result));
  if (data->serial != self->layout_serial)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           _("A newer layout replaced this one."));
      return FALSE;
    }

  install_layout (self, layout);
  return TRUE;
}

void
dossier_graph_keep_positions (DossierGraph *self,
                              DossierGraph *previous)
{
  g_return_if_fail (DOSSIER_IS_GRAPH (self));
  g_return_if_fail (previous == NULL || DOSSIER_IS_GRAPH (previous));

  g_clear_pointer (&self->kept, g_hash_table_unref);
  if (previous == NULL || previous->geometry == NULL)
    return;

  self->kept = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < previous->geometry->n_nodes; i++)
    {
      const DossierGraphNodeGeometry *node = &previous->geometry->nodes[i];

      /* A "+N more" node changes meaning when its count changes. */
      if (g_strcmp0 (node->kind, "more") == 0)
        continue;
      g_hash_table_insert (self->kept, g_strdup (node->key),
                           g_memdup2 (&node->center, sizeof node->center));
    }
}

void
dossier_graph_pin_node (DossierGraph *self,
                        const char   *key,
                        double        x,
                        double        y)
{
  DossierGraphPoint point = { x, y };

  g_return_if_fail (DOSSIER_IS_GRAPH (self));
  g_return_if_fail (key != NULL);

  if (!isfinite (x) || !isfinite (y))
    return;
  if (self->pins == NULL)
    self->pins = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_replace (self->pins, g_strdup (key), g_memdup2 (&point, sizeof point));
}

void
dossier_graph_unpin_node (DossierGraph *self,
                          const char   *key)
{
  g_return_if_fail (DOSSIER_IS_GRAPH (self));
  g_return_if_fail (key != NULL);

  if (self->pins != NULL)
    g_hash_table_remove (self->pins, key);
}

guint
dossier_graph_get_n_pinned (DossierGraph *self)
{
  g_return_val_if_fail (DOSSIER_IS_GRAPH (self), 0);
  return self->pins != NULL ? g_hash_table_size (self->pins) : 0;
}

const char *
dossier_graph_community_get_color (guint community)
{
  return community_colors[community % G_N_ELEMENTS (community_colors)];
}

void
dossier_graph_set_color_by (DossierGraph        *self,
                            DossierGraphColorBy  color_by)
{
  g_return_if_fail (DOSSIER_IS_GRAPH (self));

  if (color_by == self->color_by)
    return;
  self->color_by = color_by;
  /* Louvain with a fixed seed: the same graph always gets the same colours. */
  if (color_by == DOSSIER_GRAPH_COLOR_BY_COMMUNITY && self->communities == NULL)
    self->communities = dossier_graph_compute_communities (self, 1, NULL);
  restyle_all (self);
  g_signal_emit (self, signals[RESTYLED], 0, NULL);
}

DossierGraphColorBy
dossier_graph_get_color_by (DossierGraph *self)
{
  g_return_val_if_fail (DOSSIER_IS_GRAPH (self), DOSSIER_GRAPH_COLOR_BY_KIND);
  return self->color_by;
}

guint
dossier_graph_get_community (DossierGraph *self,
                             guint         node)
{
  g_return_val_if_fail (DOSSIER_IS_GRAPH (self), 0);
  if (self->communities == NULL)
    self->communities = dossier_graph_compute_communities (self, 1, NULL);
  return node < self->nodes->len ? self->communities[node] : 0;
}

void
dossier_graph_set_size_by (DossierGraph       *self,
                           DossierGraphSizeBy  size_by)
{
  g_return_if_fail (DOSSIER_IS_GRAPH (self));
  self->size_by = size_by;
}

DossierGraphSizeBy
dossier_graph_get_size_by (DossierGraph *self)
{
  g_return_val_if_fail (DOSSIER_IS_GRAPH (self), DOSSIER_GRAPH_SIZE_BY_MENTIONS);
  return self->size_by;
}

/* Restyling */

static DossierGraphColor
accent_color (void)
{
  DossierGraphColor color;

  dossier_graph_color_parse (ACCENT_COLOR, &color);
  return color;
}

static void
restyle_ops (DossierGraphOpList *list,
             gboolean            shape,
             gboolean            accent,
             double              width_factor,
             double              min_width,
             double              alpha)
{
  for (guint i = 0; i < list->n_ops; i++)
    {
      DossierGraphOp *op = &list->ops[i];

      op->pen = op->base_pen;
      op->fill = op->base_fill;
      op->line_width = op->base_line_width;
      if (shape && op->kind != DOSSIER_GRAPH_OP_TEXT)
        {
          if (accent && op->pen.alpha > 0)
            op->pen = accent_color ();
          if (width_factor != 1.0)
            op->line_width = MAX (op->base_line_width * width_factor, min_width);
        }
      op->pen.alpha *= alpha;
      op->fill.alpha *= alpha;
    }
}

static void
restyle_edge (DossierGraph *self,
              guint         index)
{
  DossierGraphEdgeGeometry *edge = &self->geometry->edges[index];
  DossierGraphState tail = self->geometry->nodes[edge->tail].state;
  DossierGraphState head = self->geometry->nodes[edge->head].state;
  DossierGraphState strong = DOSSIER_GRAPH_STATE_SELECTED | DOSSIER_GRAPH_STATE_HIGHLIGHTED;
  gboolean highlighted = ((tail | head) & DOSSIER_GRAPH_STATE_SELECTED) != 0 ||
                         ((tail & strong) != 0 && (head & strong) != 0);
  gboolean dimmed = !highlighted && ((tail | head) & DOSSIER_GRAPH_STATE_DIMMED) != 0;
  gboolean hovered = ((tail | head) & DOSSIER_GRAPH_STATE_HOVERED) != 0;
  double factor = highlighted ? 2.0 : hovered ? 1.5 : 1.0;
  double alpha = dimmed ? 0.25 : 1.0;

  edge->state = (highlighted ? DOSSIER_GRAPH_STATE_HIGHLIGHTED : 0) |
                (dimmed ? DOSSIER_GRAPH_STATE_DIMMED : 0) |
                (hovered ? DOSSIER_GRAPH_STATE_HOVERED : 0);
  restyle_ops (&edge->draw, TRUE, highlighted, factor, 1.0, alpha);
  restyle_ops (&edge->head_draw, TRUE, highlighted, 1.0, 1.0, alpha);
  restyle_ops (&edge->tail_draw, TRUE, highlighted, 1.0, 1.0, alpha);
  restyle_ops (&edge->label_draw, FALSE, FALSE, 1.0, 1.0, alpha);
  /* Arrowheads are filled shapes: an accent pen alone would leave them grey. */
  if (highlighted)
    for (guint i = 0; i < edge->head_draw.n_ops + edge->tail_draw.n_ops; i++)
      {
        DossierGraphOp *op = i < edge->head_draw.n_ops ? &edge->head_draw.ops[i] :
                             &edge->tail_draw.ops[i - edge->head_draw.n_ops];

        if (op->filled)
          op->fill = op->pen;
      }
}

/* Colouring by community replaces the fill of the node's shape, as Graphviz
 * drew it in its kind's colour, keeping the transparency of its state. */
static void
apply_color_by (DossierGraph *self,
                guint         index)
{
  DossierGraphNodeGeometry *node = &self->geometry->nodes[index];
  DossierGraphColor color;

  if (self->color_by != DOSSIER_GRAPH_COLOR_BY_COMMUNITY || self->communities == NULL
      || g_strcmp0 (node->kind, "more") == 0)
    return;
  dossier_graph_color_parse (dossier_graph_community_get_color (self->communities[index]), &color);
  for (guint i = 0; i < node->draw.n_ops; i++)
    {
      DossierGraphOp *op = &node->draw.ops[i];

      if (op->filled && op->kind != DOSSIER_GRAPH_OP_TEXT)
        {
          color.alpha = op->fill.alpha;
          op->fill = color;
        }
    }
}

static void
restyle_node (DossierGraph *self,
              guint         index)
{
  DossierGraphNodeGeometry *node = &self->geometry->nodes[index];
  DossierGraphState state = node->state;
  gboolean selected = (state & DOSSIER_GRAPH_STATE_SELECTED) != 0;
  gboolean highlighted = (state & DOSSIER_GRAPH_STATE_HIGHLIGHTED) != 0;
  gboolean hovered = (state & DOSSIER_GRAPH_STATE_HOVERED) != 0;
  gboolean dimmed = (state & DOSSIER_GRAPH_STATE_DIMMED) != 0 && !selected && !highlighted;
  double factor = selected ? 3.0 : (highlighted || hovered) ? 2.0 : 1.0;
  double min_width = selected ? 3.0 : (highlighted || hovered) ? 2.0 : 0.0;
  double alpha = dimmed ? 0.25 : 1.0;

  restyle_ops (&node->draw, TRUE, selected || highlighted, factor, min_width, alpha);
  apply_color_by (self, index);
  restyle_ops (&node->label_draw, FALSE, FALSE, 1.0, 0.0, alpha);

  if (self->incident != NULL)
    for (guint i = 0; i < self->incident[index]->len; i++)
      restyle_edge (self, g_array_index (self->incident[index], guint, i));
}

static void
restyle_all (DossierGraph *self)
{
  if (self->geometry == NULL)
    return;

  for (guint i = 0; i < self->geometry->n_nodes; i++)
    {
      DossierGraphNodeGeometry *node = &self->geometry->nodes[i];

      node->state = GPOINTER_TO_UINT (g_hash_table_lookup (self->states, node->key));
      restyle_ops (&node->draw, TRUE, FALSE, 1.0, 0.0, 1.0);
      apply_color_by (self, i);
    }
  for (guint i = 0; i < self->geometry->n_nodes; i++)
    if (self->geometry->nodes[i].state != DOSSIER_GRAPH_STATE_NONE)
      restyle_node (self, i);
}

void
dossier_graph_set_node_state (DossierGraph      *self,
                              const char        *key,
                              DossierGraphState  state)
{
  int index;

  g_return_if_fail (DOSSIER_IS_GRAPH (self));
  g_return_if_fail (key != NULL);

  if (GPOINTER_TO_UINT (g_hash_table_lookup (self->states, key)) == (guint) state)
    return;

  if (state == DOSSIER_GRAPH_STATE_NONE)
    g_hash_table_remove (self->states, key);
  else
    g_hash_table_insert (self->states, g_strdup (key), GUINT_TO_POINTER (state));

  if (self->geometry != NULL && (index = dossier_graph_geometry_node_index (self->geometry, key)) >= 0)
    {
      self->geometry->nodes[index].state = state;
      restyle_node (self, (guint) index);
    }

  g_signal_emit (self, signals[RESTYLED], 0, key);
}

DossierGraphState
dossier_graph_get_node_state (DossierGraph *self,
                              const char   *key)
{
  g_return_val_if_fail (DOSSIER_IS_GRAPH (self), DOSSIER_GRAPH_STATE_NONE);

  return key != NULL ? GPOINTER_TO_UINT (g_hash_table_lookup (self->states, key)) : 0;
}

void
dossier_graph_clear_states (DossierGraph *self)
{
  g_autoptr(GPtrArray) keys = NULL;
  GHashTableIter iter;
  gpointer key;

  g_return_if_fail (DOSSIER_IS_GRAPH (self));

  keys = g_ptr_array_new_with_free_func (g_free);
  g_hash_table_iter_init (&iter, self->states);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, g_strdup (key));
  g_hash_table_remove_all (self->states);
  for (guint i = 0; i < keys->len; i++)
    {
      int index = self->geometry != NULL ?
                  dossier_graph_geometry_node_index (self->geometry, g_ptr_array_index (keys, i)) : -1;

      if (index >= 0)
        {
          self->geometry->nodes[index].state = DOSSIER_GRAPH_STATE_NONE;
          restyle_node (self, (guint) index);
        }
    }
  if (keys->len > 0)
    g_signal_emit (self, signals[RESTYLED], 0, NULL);
}

/* GObject */

static void
dossier_graph_finalize (GObject *object)
{
  DossierGraph *self = (DossierGraph *) object;

  _dossier_graphviz_close (g_steal_pointer (&self->agraph));
  g_clear_pointer (&self->geometry, dossier_graph_geometry_unref);
  g_clear_object (&self->store);
  g_clear_pointer (&self->filter, dossier_graph_filter_free);
  g_clear_pointer (&self->nodes, g_ptr_array_unref);
  g_clear_pointer (&self->edges, g_ptr_array_unref);
  g_clear_pointer (&self->node_index, g_hash_table_unref);
  g_clear_pointer (&self->edge_index, g_hash_table_unref);
  g_clear_pointer (&self->gv_names, g_ptr_array_unref);
  if (self->incident != NULL)
    {
      for (guint i = 0; self->incident[i] != NULL; i++)
        g_array_unref (self->incident[i]);
      g_free (self->incident);
    }
  g_clear_pointer (&self->kept, g_hash_table_unref);
  g_clear_pointer (&self->pins, g_hash_table_unref);
  g_clear_pointer (&self->states, g_hash_table_unref);
  g_clear_pointer (&self->communities, g_free);
  g_clear_pointer (&self->centrality, g_free);
  g_free (self->engine);
  g_free (self->note);
  g_free (self->dot);

  G_OBJECT_CLASS (dossier_graph_parent_class)->finalize (object);
}

static void
dossier_graph_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  DossierGraph *self = DOSSIER_GRAPH (object);

  switch (prop_id)
    {
    case PROP_LAYOUT_COUNT:
      g_value_set_uint (value, self->layout_count);
      break;
    case PROP_ENGINE:
      g_value_set_string (value, self->engine);
      break;
    case PROP_LAYOUT_NOTE:
      g_value_set_string (value, self->note);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_graph_class_init (DossierGraphClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dossier_graph_finalize;
  object_class->get_property = dossier_graph_get_property;

  properties[PROP_LAYOUT_COUNT] =
    g_param_spec_uint ("layout-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENGINE] =
    g_param_spec_string ("engine", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAYOUT_NOTE] =
    g_param_spec_string ("layout-note", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A new layout is in place: everything moved. */
  signals[LAYOUT_CHANGED] =
    g_signal_new ("layout-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* Colours changed for a node (its key) and its edges, or for all (NULL). */
  signals[RESTYLED] =
    g_signal_new ("restyled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
dossier_graph_init (DossierGraph *self)
{
  self->nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) node_free);
  self->edges = g_ptr_array_new_with_free_func ((GDestroyNotify) edge_free);
  self->node_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->edge_index = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->states = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->export_evidence = DOSSIER_GRAPH_EXPORT_EVIDENCE_DEFAULT;
}

/* Public API */

void
dossier_graph_set_export_evidence (DossierGraph *self,
                                   guint         max_evidence)
{
  g_return_if_fail (DOSSIER_IS_GRAPH (self));
  self->export_evidence = max_evidence;
}

guint
dossier_graph_get_export_evidence (DossierGraph *self)
{
  g_return_val_if_fail (DOSSIER_IS_GRAPH (self), DOSSIER_GRAPH_EXPORT_EVIDENCE_DEFAULT);
  return self->export_evidence;
}

DossierGraph *
dossier_graph_new (void)
{
  return g_object_new (DOSSIER_TYPE_GRAPH, NULL);
}

DossierGraph *
dossier_graph_new_from_store (DossierStore             *store,
                              const DossierGraphFilter *filter,
                              GError                  **error)
{
  g_autoptr(DossierGraph) self = NULL;
  g_autoptr(DossierGraphFilter) all = NULL;

  g_return_val_if_fail (DOSSIER_IS_STORE (store), NULL);

  if (filter == NULL)
    filter = all = dossier_graph_filter_new ();

  self = dossier_graph_new ();
  _dossier_graph_set_source (self, store, filter);
  if (!_dossier_graph_query (self, store, filter, error))
    return NULL;
  return g_steal_pointer (&self);
}

DossierStore *
dossier_graph_get_store (DossierGraph *self)
{
  g_return_val_if_fail (DOSSIER_IS_GRAPH (self), NULL);
  return self->store;
}

DossierGraphFilter *
dossier_graph_dup_filter (DossierGraph *self)
{
  g_return_val_if_fail (DOSSIER_IS_GRAPH (self), NULL);
  return self->filter != NULL ? dossier_graph_filter_copy (self->filter) : NULL;
}

guint
dossier_graph_get_n_nodes (DossierGraph *self)
{
  g_return_val_if_fail (DOSSIER_IS_GRAPH (self), 0);
  return self->nodes->len;
}

guint
dossier_graph_get_n_edges (DossierGraph *self)
{
  g_return_val_if_fail (DOSSIER_IS_GRAPH (self), 0);
  return self->edges->len;
}

const DossierGraphNode *
dossier_graph_get_node (DossierGraph *self,
                        guint         index)
{
  g_return_val_if_fail (DOSSIER_IS_GRAPH (self), NULL);
  g_return_val_if_fail (index < self->nodes->len, NULL);
  return g_ptr_array_index (self->nodes, index);
}

const DossierGraphEdge *
dossier_graph_get_edge (DossierGraph *self,
                        guint         index)
{
  g_return_val_if_fail (DOSSIER_IS_GRAPH (self), NULL);
  g_return_val_if_fail (index < self->edges->len, NULL);
  return g_ptr_array_index (self->edges, index);
}

int
dossier_graph_find_node (DossierGraph *self,
                         const char   *key)
{
  g_return_val_if_fail (DOSSIER_IS_GRAPH (self), -1);

  if (key == NULL)
    return -1;
  return (int) GPOINTER_TO_UINT (g_hash_table_lookup (self->node_index, key)) - 1;
}

int
dossier_graph_find_edge (DossierGraph *self,
                         guint         a,
                         guint         b)
{
  guint64 pair = pair_key (a, b);

  g_return_val_if_fail (DOSSIER_IS_GRAPH (self), -1);
  return (int) GPOINTER_TO_UINT (g_hash_table_lookup (self->edge_index, &pair)) - 1;
}

guint
dossier_graph_get_layout_count (DossierGraph *self)
{
  g_return_val_if_fail (DOSSIER_IS_GRAPH (self), 0);
  return self->layout_count;
}

const char *
dossier_graph_get_engine (DossierGraph *self)
{
  g_return_val_if_fail (DOSSIER_IS_GRAPH (self), NULL);
  return self->engine;
}

const char *
dossier_graph_get_layout_note (DossierGraph *self)
{
  g_return_val_if_fail (DOSSIER_IS_GRAPH (self), NULL);
  return self->note;
}

DossierGraphGeometry *
dossier_graph_get_geometry (DossierGraph *self)
{
  g_return_val_if_fail (DOSSIER_IS_GRAPH (self), NULL);
  return self->geometry;
}

const char *
dossier_graph_kind_get_color (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_styles); i++)
    if (g_strcmp0 (kind_styles[i].kind, kind) == 0)
      return kind_styles[i].fill;
  return "#DDDDDD";
}

const char *
dossier_graph_kind_get_shape (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_styles); i++)
    if (g_strcmp0 (kind_styles[i].kind, kind) == 0)
      return kind_styles[i].shape;
  return "ellipse";
}

char *
dossier_graph_dup_dot (DossierGraph  *self,
                       GError       **error)
{
  g_autoptr(DossierGraphvizLock) lock = NULL;
  g_autoptr(Pins) pins = NULL;

  g_return_val_if_fail (DOSSIER_IS_GRAPH (self), NULL);

  if (self->dot != NULL)
    return g_strdup (self->dot);

  freeze (self);
  pins = pins_new (self);
  lock = _dossier_graphviz_lock ();
  return build_dot_locked (self, dossier_graph_default_engine (self->nodes->len), pins, error);
}
