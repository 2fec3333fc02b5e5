/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The gazetteer: curated entities with their names, short names, aliases and former
 * names, and curated typed relations between them, read from JSON (the format is
 * described in data/README.md). Every name becomes a pattern of one automaton.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "dossier-json.h"
#include "dossier-gazetteer.h"
#include "dossier-limits.h"

/* Longest key or name accepted, in bytes. */
#define MAX_TEXT_BYTES 512

struct _DossierGazetteer
{
  GPtrArray      *entries;     /* of DossierGazetteerEntry* */
  GPtrArray      *relations;   /* of DossierGazetteerRelation* */
  GHashTable     *by_key;      /* key -> index + 1 */
  GHashTable     *relations_of; /* key -> GArray of relation indices */
  DossierMatcher *matcher;
};

static const char * const kinds[] = {
  "organisation", "body", "resolution", "instrument", "initiative",
  "meeting", "document", "place", "person", NULL
};

G_DEFINE_QUARK (dossier-gazetteer-error-quark, dossier_gazetteer_error)

const char * const *
dossier_gazetteer_get_kinds (void)
{
  return kinds;
}

static void
entry_free (DossierGazetteerEntry *entry)
{
  g_free (entry->key);
  g_free (entry->kind);
  g_free (entry->name);
  g_free (entry->short_name);
  g_free (entry->parent_key);
  g_clear_pointer (&entry->aliases, g_ptr_array_unref);
  g_clear_pointer (&entry->former_names, g_ptr_array_unref);
  g_free (entry);
}

static void
relation_free (DossierGazetteerRelation *relation)
{
  g_free (relation->source_key);
  g_free (relation->target_key);
  g_free (relation->kind);
  g_free (relation->verb);
  g_free (relation);
}

void
dossier_gazetteer_free (DossierGazetteer *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->relations, g_ptr_array_unref);
  g_clear_pointer (&self->by_key, g_hash_table_unref);
  g_clear_pointer (&self->relations_of, g_hash_table_unref);
  g_clear_pointer (&self->matcher, dossier_matcher_free);
  g_free (self);
}

gboolean
dossier_gazetteer_alias_is_acronym (const char *alias)
{
  gboolean upper = FALSE;

  for (const char *p = alias; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_islower (c))
        return FALSE;
      if (g_unichar_isupper (c))
        upper = TRUE;
    }

  return upper;
}

/* Deeper nesting than the limit is refused before json-glib, whose parser
 * recurses, ever sees it. */
static gboolean
check_depth (const char  *data,
             gsize        length,
             GError     **error)
{
  gboolean in_string = FALSE, escaped = FALSE;
  int depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (escaped)
            escaped = FALSE;
          else if (c == '\\')
            escaped = TRUE;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > DOSSIER_LIMIT_JSON_DEPTH)
            {
              g_set_error (error, DOSSIER_GAZETTEER_ERROR, DOSSIER_GAZETTEER_ERROR_PARSE,
                           _("The gazetteer is nested more than %d levels deep."),
                           DOSSIER_LIMIT_JSON_DEPTH);
              return FALSE;
            }
        }
      else if (c == ']' || c == '}')
        depth--;
    }

  return TRUE;
}

static gboolean
invalid (GError     **error,
         const char  *what,
         guint        index)
{
  g_set_error (error, DOSSIER_GAZETTEER_ERROR, DOSSIER_GAZETTEER_ERROR_INVALID,
               /* Translators: %u is the number of an entry of the gazetteer (the
                * list of known entities), %s what is wrong with it, such as “the
                * name is missing” (translated too). */
               _("Gazetteer item %u: %s"), index + 1, what);
  return FALSE;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static gboolean
text_ok (const char *text)
{
  gsize length;

  if (text == NULL)
    return FALSE;
  length = strlen (text);
  if (length == 0 || length > MAX_TEXT_BYTES || !g_utf8_validate (text, -1, NULL))
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p < 0x20)
      return FALSE;

  return TRUE;
}

static gboolean
key_ok (const char *key)
{
  const char *colon;

  if (!text_ok (key))
    return FALSE;
  colon = strchr (key, ':');
  if (colon == NULL || colon == key || colon[1] == '\0')
    return FALSE;
  for (const char *p = key; *p != '\0'; p++)
    if (g_ascii_isspace (*p) && p < colon)
      return FALSE;

  return TRUE;
}

static gboolean
kind_ok (const char *kind)
{
  return kind != NULL && g_strv_contains (kinds, kind);
}

static void
add_pattern (DossierGazetteer *self,
             const char       *text,
             guint             index,
             const char       *kind,
             int               case_rule,   /* -1 default, 0 insensitive, 1 sensitive */
             int               plural_rule) /* -1 default, 0 no, 1 yes */
{
  DossierMatchFlags flags = DOSSIER_MATCH_DEFAULT;
  gboolean sensitive = case_rule < 0 ? dossier_gazetteer_alias_is_acronym (text) : case_rule == 1;
  gboolean plural = plural_rule < 0
                      ? (g_strcmp0 (kind, "person") != 0 && g_strcmp0 (kind, "place") != 0)
                      : plural_rule == 1;

  if (sensitive)
    flags |= DOSSIER_MATCH_CASE_SENSITIVE;
  if (plural)
    flags |= DOSSIER_MATCH_PLURAL;

  dossier_matcher_add (self->matcher, text, index, flags);
}

/* Reads "aliases" or "former_names": strings, or objects with "text" and the
 * optional "case" ("sensitive" or "insensitive") and "plural" (boolean). */
static gboolean
read_names (DossierGazetteer      *self,
            DossierGazetteerEntry *entry,
            guint                  index,
            JsonObject            *object,
            const char            *member,
            GPtrArray             *into,
            GError               **error)
{
  JsonNode *node = json_object_get_member (object, member);
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return invalid (error, _("names must be a list"), index);

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      const char *text = NULL;
      int case_rule = -1, plural_rule = -1;

      if (JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING)
        text = json_node_get_string (item);
      else if (JSON_NODE_HOLDS_OBJECT (item))
        {
          JsonObject *alias = json_node_get_object (item);
          const char *case_text = member_string (alias, "case");
          JsonNode *plural = json_object_get_member (alias, "plural");

          text = member_string (alias, "text");
          if (case_text != NULL)
            {
              if (g_str_equal (case_text, "sensitive"))
                case_rule = 1;
              else if (g_str_equal (case_text, "insensitive"))
                case_rule = 0;
              else
                return invalid (error, _("an alias’s case must be “sensitive” or “insensitive”"), index);
            }
          if (plural != NULL)
            {
              if (!JSON_NODE_HOLDS_VALUE (plural) ||
                  json_node_get_value_type (plural) != G_TYPE_BOOLEAN)
                return invalid (error, _("an alias’s plural must be true or false"), index);
              plural_rule = json_node_get_boolean (plural) ? 1 : 0;
            }
        }

      if (!text_ok (text))
        return invalid (error, _("a name is empty, too long or not text"), index);

      g_ptr_array_add (into, g_strdup (text));
      if (into != entry->aliases)
        g_ptr_array_add (entry->aliases, g_strdup (text));
      add_pattern (self, text, index, entry->kind, case_rule, plural_rule);
    }

  return TRUE;
}

static gboolean
read_entity (DossierGazetteer  *self,
             JsonNode          *node,
             guint              index,
             GError           **error)
{
  DossierGazetteerEntry *entry;
  JsonObject *object;
  const char *key, *kind, *name, *short_name, *parent, *case_text;
  int case_rule = -1;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, _("an entity must be an object"), index);

  object = json_node_get_object (node);
  key = member_string (object, "key");
  kind = member_string (object, "kind");
  name = member_string (object, "name");
  short_name = member_string (object, "short_name");
  parent = member_string (object, "parent");
  case_text = member_string (object, "case");

  if (!key_ok (key))
    return invalid (error, _("the key is missing or not of the form “prefix:name”"), index);
  if (!kind_ok (kind))
    return invalid (error, _("the kind is missing or unknown"), index);
  if (!text_ok (name))
    return invalid (error, _("the name is missing"), index);
  if (short_name != NULL && !text_ok (short_name))
    return invalid (error, _("the short name is empty or too long"), index);
  if (parent != NULL && !key_ok (parent))
    return invalid (error, _("the parent is not a key"), index);
  if (g_hash_table_contains (self->by_key, key))
    return invalid (error, _("the key is used twice"), index);
  if (case_text != NULL)
    {
      if (g_str_equal (case_text, "sensitive"))
        case_rule = 1;
      else if (g_str_equal (case_text, "insensitive"))
        case_rule = 0;
      else
        return invalid (error, _("an entity’s case must be “sensitive” or “insensitive”"), index);
    }

  entry = g_new0 (DossierGazetteerEntry, 1);
  entry->key = g_strdup (key);
  entry->kind = g_strdup (kind);
  entry->name = g_strdup (name);
  entry->short_name = g_strdup (short_name);
  entry->parent_key = g_strdup (parent);
  entry->aliases = g_ptr_array_new_with_free_func (g_free);
  entry->former_names = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->entries, entry);
  g_hash_table_insert (self->by_key, entry->key, GUINT_TO_POINTER (index + 1));

  /* "case" on the entity governs its name and short name ("Chad", "Turkey"). */
  add_pattern (self, name, index, kind, case_rule, -1);
  if (short_name != NULL)
    add_pattern (self, short_name, index, kind, case_rule, -1);

  if (!read_names (self, entry, index, object, "aliases", entry->aliases, error) ||
      !read_names (self, entry, index, object, "former_names", entry->former_names, error))
    return FALSE;

  return TRUE;
}

static gboolean
read_relation (DossierGazetteer  *self,
               JsonNode          *node,
               guint              index,
               GError           **error)
{
  DossierGazetteerRelation *relation;
  JsonObject *object;
  JsonNode *directed;
  const char *source, *target, *kind, *verb;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, _("a relation must be an object"), index);

  object = json_node_get_object (node);
  source = member_string (object, "source");
  target = member_string (object, "target");
  kind = member_string (object, "kind");
  verb = member_string (object, "verb");
  directed = json_object_get_member (object, "directed");

  if (!key_ok (source) || !g_hash_table_contains (self->by_key, source))
    return invalid (error, _("a relation’s source is not a gazetteer key"), index);
  if (!key_ok (target) || !g_hash_table_contains (self->by_key, target))
    return invalid (error, _("a relation’s target is not a gazetteer key"), index);
  if (g_str_equal (source, target))
    return invalid (error, _("a relation links an entity to itself"), index);
  if (!text_ok (kind))
    return invalid (error, _("a relation has no kind"), index);
  if (verb != NULL && !text_ok (verb))
    return invalid (error, _("a relation’s verb is empty or too long"), index);
  if (directed != NULL &&
      (!JSON_NODE_HOLDS_VALUE (directed) || json_node_get_value_type (directed) != G_TYPE_BOOLEAN))
    return invalid (error, _("“directed” must be true or false"), index);

  relation = g_new0 (DossierGazetteerRelation, 1);
  relation->source_key = g_strdup (source);
  relation->target_key = g_strdup (target);
  relation->kind = g_strdup (kind);
  relation->verb = g_strdup (verb);
  relation->directed = directed != NULL ? json_node_get_boolean (directed) : TRUE;
  g_ptr_array_add (self->relations, relation);

  return TRUE;
}

static void
index_relation (DossierGazetteer *self,
                const char       *key,
                guint             index)
{
  GArray *list = g_hash_table_lookup (self->relations_of, key);

  if (list == NULL)
    {
      list = g_array_new (FALSE, FALSE, sizeof (guint));
      g_hash_table_insert (self->relations_of, g_strdup (key), list);
    }
  g_array_append_val (list, index);
}

DossierGazetteer *
dossier_gazetteer_new_from_data (const char  *data,
                                 gssize       length,
                                 GError     **error)
{
  g_autoptr(DossierGazetteer) self = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root, *entities, *relations;
  JsonObject *object;
  JsonArray *array;

  g_return_val_if_fail (data != NULL, NULL);

  if (length < 0)
    length = strlen (data);

  if (!check_depth (data, length, error))
    return NULL;

  if (!dossier_json_is_one_object (data, length))
    {
      g_set_error_literal (error, DOSSIER_GAZETTEER_ERROR, DOSSIER_GAZETTEER_ERROR_INVALID,
                           _("The gazetteer must be a JSON object with an “entities” list."));
      return NULL;
    }

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      /* json-glib quotes the bad token, which may be a lone "\ud800". */
      g_autofree char *detail = g_utf8_make_valid (local_error->message, -1);

      g_set_error (error, DOSSIER_GAZETTEER_ERROR, DOSSIER_GAZETTEER_ERROR_PARSE,
                   _("The gazetteer is not valid JSON: %s"), detail);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, DOSSIER_GAZETTEER_ERROR, DOSSIER_GAZETTEER_ERROR_INVALID,
                           _("The gazetteer must be a JSON object with an “entities” list."));
      return NULL;
    }

  object = json_node_get_object (root);
  entities = json_object_get_member (object, "entities");
  relations = json_object_get_member (object, "relations");
  if (entities == NULL || !JSON_NODE_HOLDS_ARRAY (entities) ||
      (relations != NULL && !JSON_NODE_HOLDS_ARRAY (relations) && !JSON_NODE_HOLDS_NULL (relations)))
    {
      g_set_error_literal (error, DOSSIER_GAZETTEER_ERROR, DOSSIER_GAZETTEER_ERROR_INVALID,
                           _("The gazetteer must be a JSON object with an “entities” list."));
      return NULL;
    }

  self = g_new0 (DossierGazetteer, 1);
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  self->relations = g_ptr_array_new_with_free_func ((GDestroyNotify) relation_free);
  self->by_key = g_hash_table_new (g_str_hash, g_str_equal);
  self->relations_of = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify) g_array_unref);
  self->matcher = dossier_matcher_new ();

  array = json_node_get_array (entities);
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (!read_entity (self, json_array_get_element (array, i), i, error))
      return NULL;

  for (guint i = 0; i < self->entries->len; i++)
    {
      const DossierGazetteerEntry *entry = g_ptr_array_index (self->entries, i);

      if (entry->parent_key != NULL &&
          (!g_hash_table_contains (self->by_key, entry->parent_key) ||
           g_str_equal (entry->parent_key, entry->key)))
        {
          invalid (error, _("the parent is not another gazetteer key"), i);
          return NULL;
        }
    }

  if (relations != NULL && JSON_NODE_HOLDS_ARRAY (relations))
    {
      array = json_node_get_array (relations);
      for (guint i = 0; i < json_array_get_length (array); i++)
        if (!read_relation (self, json_array_get_element (array, i), i, error))
          return NULL;
    }

  for (guint i = 0; i < self->relations->len; i++)
    {
      const DossierGazetteerRelation *relation = g_ptr_array_index (self->relations, i);

      index_relation (self, relation->source_key, i);
      index_relation (self, relation->target_key, i);
    }

  dossier_matcher_build (self->matcher);

  return g_steal_pointer (&self);
}

DossierGazetteer *
dossier_gazetteer_new_from_file (const char  *path,
                                 GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  DossierGazetteer *self;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, DOSSIER_GAZETTEER_ERROR, DOSSIER_GAZETTEER_ERROR_READ,
                   _("Could not read the gazetteer: %s"), local_error->message);
      return NULL;
    }
  if (length > DOSSIER_LIMIT_FILE_SIZE)
    {
      g_set_error (error, DOSSIER_GAZETTEER_ERROR, DOSSIER_GAZETTEER_ERROR_READ,
                   _("The gazetteer “%s” is too large."), path);
      return NULL;
    }

  self = dossier_gazetteer_new_from_data (contents, length, &local_error);
  if (self == NULL)
    {
      g_autofree char *name = g_filename_display_basename (path);

      g_set_error (error, DOSSIER_GAZETTEER_ERROR, local_error->code,
                   "%s: %s", name, local_error->message);
      return NULL;
    }

  return self;
}

guint
dossier_gazetteer_get_n_entries (const DossierGazetteer *self)
{
  return self->entries->len;
}

const DossierGazetteerEntry *
dossier_gazetteer_get_entry (const DossierGazetteer *self,
                             guint                   index)
{
  g_return_val_if_fail (index < self->entries->len, NULL);

  return g_ptr_array_index (self->entries, index);
}

const DossierGazetteerEntry *
dossier_gazetteer_lookup (const DossierGazetteer *self,
                          const char             *key)
{
  guint index;

  if (key == NULL)
    return NULL;

  index = GPOINTER_TO_UINT (g_hash_table_lookup (self->by_key, key));
  if (index == 0)
    return NULL;

  return g_ptr_array_index (self->entries, index - 1);
}

guint
dossier_gazetteer_get_n_relations (const DossierGazetteer *self)
{
  return self->relations->len;
}

const DossierGazetteerRelation *
dossier_gazetteer_get_relation (const DossierGazetteer *self,
                                guint                   index)
{
  g_return_val_if_fail (index < self->relations->len, NULL);

  return g_ptr_array_index (self->relations, index);
}

GArray *
dossier_gazetteer_get_relations_of (const DossierGazetteer *self,
                                    const char             *key)
{
  return g_hash_table_lookup (self->relations_of, key);
}

const DossierMatcher *
dossier_gazetteer_get_matcher (const DossierGazetteer *self)
{
  return self->matcher;
}
