/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "dossier-json.h"
#include "dossier-graph-filter.h"
#include "dossier-graph.h"

struct _DossierGraphFilter
{
  GPtrArray             *kinds;      /* of char*, NULL-terminated */
  GArray                *documents;  /* of gint64 */
  char                  *date_from;
  char                  *date_to;
  guint                  min_weight;
  DossierGraphRelations  relations;
  double                 min_confidence;
  gboolean               hide_patterns;
  gboolean               include_documents;
  GPtrArray             *centres;    /* of char*, NULL-terminated */
  guint                  depth;
  DossierGraphEgoMode    ego_mode;
  guint                  top_n;
  guint                  max_neighbours;
  GPtrArray             *expanded;   /* of char*, NULL-terminated */
};

G_DEFINE_BOXED_TYPE (DossierGraphFilter, dossier_graph_filter,
                     dossier_graph_filter_copy, dossier_graph_filter_free)

static GPtrArray *
strv_array_new (void)
{
  GPtrArray *array = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (array, NULL);
  return array;
}

static gboolean
strv_array_contains (GPtrArray  *array,
                     const char *str)
{
  for (guint i = 0; i + 1 < array->len; i++)
    if (g_str_equal (g_ptr_array_index (array, i), str))
      return TRUE;
  return FALSE;
}

/* Adds @str once, keeping the trailing NULL. */
static void
strv_array_add (GPtrArray  *array,
                const char *str)
{
  if (str == NULL || strv_array_contains (array, str))
    return;
  g_ptr_array_insert (array, array->len - 1, g_strdup (str));
}

static GPtrArray *
strv_array_copy (GPtrArray *array)
{
  GPtrArray *copy = strv_array_new ();

  for (guint i = 0; i + 1 < array->len; i++)
    strv_array_add (copy, g_ptr_array_index (array, i));
  return copy;
}

static gboolean
strv_array_equal (GPtrArray *a,
                  GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i + 1 < a->len; i++)
    if (!strv_array_contains (b, g_ptr_array_index (a, i)))
      return FALSE;
  return TRUE;
}

DossierGraphFilter *
dossier_graph_filter_new (void)
{
  DossierGraphFilter *self = g_new0 (DossierGraphFilter, 1);

  self->kinds = strv_array_new ();
  self->documents = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->min_weight = 1;
  self->relations = DOSSIER_GRAPH_RELATIONS_ALL;
  self->centres = strv_array_new ();
  self->depth = 1;
  self->expanded = strv_array_new ();

  return self;
}

DossierGraphFilter *
dossier_graph_filter_copy (const DossierGraphFilter *self)
{
  DossierGraphFilter *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->kinds = strv_array_copy (self->kinds);
  copy->documents = g_array_copy (self->documents);
  copy->date_from = g_strdup (self->date_from);
  copy->date_to = g_strdup (self->date_to);
  copy->centres = strv_array_copy (self->centres);
  copy->expanded = strv_array_copy (self->expanded);

  return copy;
}

void
dossier_graph_filter_free (DossierGraphFilter *self)
{
  if (self == NULL)
    return;

  g_ptr_array_unref (self->kinds);
  g_array_unref (self->documents);
  g_free (self->date_from);
  g_free (self->date_to);
  g_ptr_array_unref (self->centres);
  g_ptr_array_unref (self->expanded);
  g_free (self);
}

gboolean
dossier_graph_filter_equal (const DossierGraphFilter *a,
                            const DossierGraphFilter *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (a->documents->len != b->documents->len)
    return FALSE;
  for (guint i = 0; i < a->documents->len; i++)
    if (g_array_index (a->documents, gint64, i) != g_array_index (b->documents, gint64, i))
      return FALSE;

  return strv_array_equal (a->kinds, b->kinds) &&
         g_strcmp0 (a->date_from, b->date_from) == 0 &&
         g_strcmp0 (a->date_to, b->date_to) == 0 &&
         a->min_weight == b->min_weight &&
         a->relations == b->relations &&
         a->min_confidence == b->min_confidence &&
         a->hide_patterns == b->hide_patterns &&
         a->include_documents == b->include_documents &&
         strv_array_equal (a->centres, b->centres) &&
         a->depth == b->depth &&
         a->ego_mode == b->ego_mode &&
         a->top_n == b->top_n &&
         a->max_neighbours == b->max_neighbours &&
         strv_array_equal (a->expanded, b->expanded);
}

void
dossier_graph_filter_add_kind (DossierGraphFilter *self,
                               const char         *kind)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (kind != NULL);

  strv_array_add (self->kinds, kind);
}

const char * const *
dossier_graph_filter_get_kinds (const DossierGraphFilter *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return (const char * const *) self->kinds->pdata;
}

gboolean
dossier_graph_filter_accepts_kind (const DossierGraphFilter *self,
                                   const char               *kind)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->kinds->len == 1 || (kind != NULL && strv_array_contains (self->kinds, kind));
}

void
dossier_graph_filter_add_document (DossierGraphFilter *self,
                                   gint64              document_id)
{
  g_return_if_fail (self != NULL);

  for (guint i = 0; i < self->documents->len; i++)
    if (g_array_index (self->documents, gint64, i) == document_id)
      return;
  g_array_append_val (self->documents, document_id);
}

const gint64 *
dossier_graph_filter_get_documents (const DossierGraphFilter *self,
                                    guint                    *n_documents)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (n_documents != NULL)
    *n_documents = self->documents->len;
  return (const gint64 *) (gpointer) self->documents->data;
}

void
dossier_graph_filter_set_date_range (DossierGraphFilter *self,
                                     const char         *from,
                                     const char         *to)
{
  /* Freed last, so that @from and @to may be the current values. */
  g_autofree char *old_from = NULL;
  g_autofree char *old_to = NULL;

  g_return_if_fail (self != NULL);

  old_from = g_steal_pointer (&self->date_from);
  old_to = g_steal_pointer (&self->date_to);
  self->date_from = from != NULL && *from != '\0' ? g_strdup (from) : NULL;
  self->date_to = to != NULL && *to != '\0' ? g_strdup (to) : NULL;
}

const char *
dossier_graph_filter_get_date_from (const DossierGraphFilter *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->date_from;
}

const char *
dossier_graph_filter_get_date_to (const DossierGraphFilter *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->date_to;
}

void
dossier_graph_filter_set_min_weight (DossierGraphFilter *self,
                                     guint               min_weight)
{
  g_return_if_fail (self != NULL);
  self->min_weight = MAX (min_weight, 1);
}

guint
dossier_graph_filter_get_min_weight (const DossierGraphFilter *self)
{
  g_return_val_if_fail (self != NULL, 1);
  return self->min_weight;
}

void
dossier_graph_filter_set_relations (DossierGraphFilter    *self,
                                    DossierGraphRelations  relations)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail ((relations & ~DOSSIER_GRAPH_RELATIONS_ALL) == 0);

  self->relations = relations;
}

DossierGraphRelations
dossier_graph_filter_get_relations (const DossierGraphFilter *self)
{
  g_return_val_if_fail (self != NULL, DOSSIER_GRAPH_RELATIONS_ALL);
  return self->relations;
}

void
dossier_graph_filter_set_min_confidence (DossierGraphFilter *self,
                                         double              confidence)
{
  g_return_if_fail (self != NULL);
  if (isnan (confidence))
    confidence = 0.0;
  /* Confidences are kept to four decimals, the precision a saved view writes
   * them with (dossier-json.h), so that a view reads back as it was. */
  self->min_confidence = round (CLAMP (confidence, 0.0, 1.0) * 1e4) / 1e4;
}

double
dossier_graph_filter_get_min_confidence (const DossierGraphFilter *self)
{
  g_return_val_if_fail (self != NULL, 0.0);
  return self->min_confidence;
}

void
dossier_graph_filter_set_hide_patterns (DossierGraphFilter *self,
                                        gboolean            hide)
{
  g_return_if_fail (self != NULL);
  self->hide_patterns = !!hide;
}

gboolean
dossier_graph_filter_get_hide_patterns (const DossierGraphFilter *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->hide_patterns;
}

void
dossier_graph_filter_set_include_documents (DossierGraphFilter *self,
                                            gboolean            include)
{
  g_return_if_fail (self != NULL);
  self->include_documents = !!include;
}

gboolean
dossier_graph_filter_get_include_documents (const DossierGraphFilter *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->include_documents;
}

void
dossier_graph_filter_add_centre (DossierGraphFilter *self,
                                 const char         *key)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (key != NULL);

  strv_array_add (self->centres, key);
}

const char * const *
dossier_graph_filter_get_centres (const DossierGraphFilter *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char * const *) self->centres->pdata;
}

void
dossier_graph_filter_set_depth (DossierGraphFilter *self,
                                guint               depth)
{
  g_return_if_fail (self != NULL);
  self->depth = depth;
}

guint
dossier_graph_filter_get_depth (const DossierGraphFilter *self)
{
  g_return_val_if_fail (self != NULL, 1);
  return self->depth;
}

void
dossier_graph_filter_set_ego_mode (DossierGraphFilter  *self,
                                   DossierGraphEgoMode  mode)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (mode == DOSSIER_GRAPH_EGO_UNION || mode == DOSSIER_GRAPH_EGO_COMMON);
  self->ego_mode = mode;
}

DossierGraphEgoMode
dossier_graph_filter_get_ego_mode (const DossierGraphFilter *self)
{
  g_return_val_if_fail (self != NULL, DOSSIER_GRAPH_EGO_UNION);
  return self->ego_mode;
}

void
dossier_graph_filter_set_top_n (DossierGraphFilter *self,
                                guint               top_n)
{
  g_return_if_fail (self != NULL);
  self->top_n = top_n;
}

guint
dossier_graph_filter_get_top_n (const DossierGraphFilter *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->top_n;
}

void
dossier_graph_filter_set_max_neighbours (DossierGraphFilter *self,
                                         guint               max_neighbours)
{
  g_return_if_fail (self != NULL);
  self->max_neighbours = max_neighbours;
}

guint
dossier_graph_filter_get_max_neighbours (const DossierGraphFilter *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->max_neighbours;
}

void
dossier_graph_filter_add_expanded (DossierGraphFilter *self,
                                   const char         *key)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (key != NULL);

  strv_array_add (self->expanded, key);
}

gboolean
dossier_graph_filter_is_expanded (const DossierGraphFilter *self,
                                  const char               *key)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return key != NULL && strv_array_contains (self->expanded, key);
}

/* JSON */

static void
add_strv (JsonBuilder *builder,
          const char  *member,
          GPtrArray   *array)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i + 1 < array->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (array, i));
  json_builder_end_array (builder);
}

JsonNode *
dossier_graph_filter_to_json (const DossierGraphFilter *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  add_strv (builder, "kinds", self->kinds);
  json_builder_set_member_name (builder, "documents");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->documents->len; i++)
    json_builder_add_int_value (builder, g_array_index (self->documents, gint64, i));
  json_builder_end_array (builder);
  if (self->date_from != NULL)
    {
      json_builder_set_member_name (builder, "from");
      json_builder_add_string_value (builder, self->date_from);
    }
  if (self->date_to != NULL)
    {
      json_builder_set_member_name (builder, "to");
      json_builder_add_string_value (builder, self->date_to);
    }
  json_builder_set_member_name (builder, "min-weight");
  json_builder_add_int_value (builder, self->min_weight);
  json_builder_set_member_name (builder, "co-mentions");
  json_builder_add_boolean_value (builder, (self->relations & DOSSIER_GRAPH_RELATIONS_CO_MENTION) != 0);
  json_builder_set_member_name (builder, "typed");
  json_builder_add_boolean_value (builder, (self->relations & DOSSIER_GRAPH_RELATIONS_TYPED) != 0);
  json_builder_set_member_name (builder, "min-confidence");
  dossier_json_builder_add_double (builder, self->min_confidence);
  json_builder_set_member_name (builder, "hide-patterns");
  json_builder_add_boolean_value (builder, self->hide_patterns);
  json_builder_set_member_name (builder, "include-documents");
  json_builder_add_boolean_value (builder, self->include_documents);
  add_strv (builder, "centres", self->centres);
  json_builder_set_member_name (builder, "depth");
  json_builder_add_int_value (builder, self->depth);
  json_builder_set_member_name (builder, "ego-mode");
  json_builder_add_string_value (builder, self->ego_mode == DOSSIER_GRAPH_EGO_COMMON ? "common" : "union");
  json_builder_set_member_name (builder, "top");
  json_builder_add_int_value (builder, self->top_n);
  json_builder_set_member_name (builder, "max-neighbours");
  json_builder_add_int_value (builder, self->max_neighbours);
  add_strv (builder, "expanded", self->expanded);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static gboolean
invalid_member (const char *member,
                GError    **error)
{
  g_set_error (error, DOSSIER_GRAPH_ERROR, DOSSIER_GRAPH_ERROR_INVALID,
               /* Translators: %s is the name of a setting in a saved graph view. */
               _("The saved view's “%s” setting cannot be read."), member);
  return FALSE;
}

static gboolean
read_uint (JsonObject *object,
           const char *member,
           guint       max,
           guint      *out,
           GError    **error)
{
  JsonNode *node = json_object_get_member (object, member);
  gint64 value;

  if (node == NULL)
    return TRUE;
  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (json_node_get_value_type (node) != G_TYPE_INT64)
    return invalid_member (member, error);
  value = json_node_get_int (node);
  if (value < 0 || value > max)
    return invalid_member (member, error);
  *out = (guint) value;
  return TRUE;
}

static gboolean
read_bool (JsonObject *object,
           const char *member,
           gboolean   *out,
           GError    **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return invalid_member (member, error);
  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
read_string (JsonObject  *object,
             const char  *member,
             const char **out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (json_node_get_value_type (node) != G_TYPE_STRING)
    return invalid_member (member, error);
  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
read_strv (JsonObject *object,
           const char *member,
           GPtrArray  *into,
           GError    **error)
{
  JsonNode *node = json_object_get_member (object, member);
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return invalid_member (member, error);
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (json_node_get_value_type (element) != G_TYPE_STRING)
        return invalid_member (member, error);
      strv_array_add (into, json_node_get_string (element));
    }
  return TRUE;
}

DossierGraphFilter *
dossier_graph_filter_new_from_json (JsonNode  *node,
                                    GError   **error)
{
  g_autoptr(DossierGraphFilter) self = dossier_graph_filter_new ();
  JsonObject *object;
  JsonNode *member;
  const char *from = NULL, *to = NULL, *mode = NULL;
  gboolean co_mentions = TRUE, typed = TRUE;

  g_return_val_if_fail (node != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, DOSSIER_GRAPH_ERROR, DOSSIER_GRAPH_ERROR_INVALID,
                           _("The saved view is not a graph filter."));
      return NULL;
    }
  object = json_node_get_object (node);

  if (!read_strv (object, "kinds", self->kinds, error) ||
      !read_strv (object, "centres", self->centres, error) ||
      !read_strv (object, "expanded", self->expanded, error) ||
      !read_string (object, "from", &from, error) ||
      !read_string (object, "to", &to, error) ||
      !read_string (object, "ego-mode", &mode, error) ||
      !read_uint (object, "min-weight", G_MAXINT, &self->min_weight, error) ||
      !read_uint (object, "depth", 64, &self->depth, error) ||
      !read_uint (object, "top", G_MAXINT, &self->top_n, error) ||
      !read_uint (object, "max-neighbours", G_MAXINT, &self->max_neighbours, error) ||
      !read_bool (object, "co-mentions", &co_mentions, error) ||
      !read_bool (object, "typed", &typed, error) ||
      !read_bool (object, "hide-patterns", &self->hide_patterns, error) ||
      !read_bool (object, "include-documents", &self->include_documents, error))
    return NULL;

  if ((member = json_object_get_member (object, "documents")) != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (member))
        {
          invalid_member ("documents", error);
          return NULL;
        }
      array = json_node_get_array (member);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (json_node_get_value_type (element) != G_TYPE_INT64)
            {
              invalid_member ("documents", error);
              return NULL;
            }
          dossier_graph_filter_add_document (self, json_node_get_int (element));
        }
    }

  if ((member = json_object_get_member (object, "min-confidence")) != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      GType type = json_node_get_value_type (member);

      if (type != G_TYPE_DOUBLE && type != G_TYPE_INT64)
        {
          invalid_member ("min-confidence", error);
          return NULL;
        }
      dossier_graph_filter_set_min_confidence (self, json_node_get_double (member));
    }

  if (mode != NULL && !g_str_equal (mode, "union") && !g_str_equal (mode, "common"))
    {
      invalid_member ("ego-mode", error);
      return NULL;
    }

  dossier_graph_filter_set_date_range (self, from, to);
  self->min_weight = MAX (self->min_weight, 1);
  self->ego_mode = g_strcmp0 (mode, "common") == 0 ? DOSSIER_GRAPH_EGO_COMMON : DOSSIER_GRAPH_EGO_UNION;
  self->relations = (co_mentions ? DOSSIER_GRAPH_RELATIONS_CO_MENTION : 0) |
                    (typed ? DOSSIER_GRAPH_RELATIONS_TYPED : 0);

  return g_steal_pointer (&self);
}
