/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dossier-graph-filter.h"
#include "dossier-locale.h"
#include "dossier-saved-views.h"
#include "dossier-store-private.h"

G_DEFINE_QUARK (dossier-saved-view-error-quark, dossier_saved_view_error)

static char *
clean_name (const char  *name,
            GError     **error)
{
  char *clean = g_strstrip (g_strdup (name != NULL ? name : ""));

  if (*clean == '\0' || !g_utf8_validate (clean, -1, NULL))
    {
      g_free (clean);
      g_set_error_literal (error, DOSSIER_SAVED_VIEW_ERROR, DOSSIER_SAVED_VIEW_ERROR_INVALID,
                           _("A saved view needs a name."));
      return NULL;
    }
  return clean;
}

static gboolean
step_done (DossierStore *store,
           sqlite3_stmt *stmt,
           GError      **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      dossier_store_set_error (store, error, NULL);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
dossier_saved_view_validate (JsonNode  *view,
                             GError   **error)
{
  JsonObject *object;
  JsonNode *filter;

  if (view == NULL || !JSON_NODE_HOLDS_OBJECT (view))
    {
      g_set_error_literal (error, DOSSIER_SAVED_VIEW_ERROR, DOSSIER_SAVED_VIEW_ERROR_INVALID,
                           _("A saved view must be a JSON object."));
      return FALSE;
    }
  object = json_node_get_object (view);
  filter = json_object_get_member (object, "filter");
  if (filter != NULL)
    {
      g_autoptr(GError) filter_error = NULL;
      DossierGraphFilter *parsed = dossier_graph_filter_new_from_json (filter, &filter_error);

      if (parsed == NULL)
        {
          g_set_error (error, DOSSIER_SAVED_VIEW_ERROR, DOSSIER_SAVED_VIEW_ERROR_INVALID,
                       /* Translators: %s says what is wrong with the graph filter */
                       _("The view’s filter cannot be read: %s"), filter_error->message);
          return FALSE;
        }
      dossier_graph_filter_free (parsed);
    }
  return TRUE;
}

gboolean
dossier_saved_view_save (DossierStore  *store,
                         const char    *name,
                         JsonNode      *view,
                         GError       **error)
{
  static const char sql[] =
    "INSERT INTO saved_view (name, json, modified_at) VALUES (?, ?, ?) "
    "ON CONFLICT (name) DO UPDATE SET json = excluded.json, modified_at = excluded.modified_at";
  g_autofree char *clean = NULL;
  g_autofree char *json = NULL;
  g_autofree char *now = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DOSSIER_IS_STORE (store), FALSE);

  if (!(clean = clean_name (name, error)) || !dossier_saved_view_validate (view, error))
    return FALSE;
  if (!(stmt = _dossier_store_prepare (store, sql, error)))
    return FALSE;
  json = json_to_string (view, FALSE);
  now = _dossier_now_iso ();
  _dossier_bind_text (stmt, 1, clean);
  _dossier_bind_text (stmt, 2, json);
  _dossier_bind_text (stmt, 3, now);
  return step_done (store, stmt, error);
}

JsonNode *
dossier_saved_view_load (DossierStore  *store,
                         const char    *name,
                         GError       **error)
{
  static const char sql[] = "SELECT json FROM saved_view WHERE name = ?";
  g_autofree char *clean = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_autofree char *json = NULL;
  sqlite3_stmt *stmt;
  JsonNode *view;
  int rc;

  g_return_val_if_fail (DOSSIER_IS_STORE (store), NULL);

  if (!(clean = clean_name (name, error)))
    return NULL;
  if (!(stmt = _dossier_store_prepare (store, sql, error)))
    return NULL;
  _dossier_bind_text (stmt, 1, clean);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    json = g_strdup (_dossier_column_text (stmt, 0));
  else if (rc != SQLITE_DONE)
    dossier_store_set_error (store, error, NULL);
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_FOUND,
                 /* Translators: %s is the name of a saved graph view */
                 _("There is no saved view named “%s”."), clean);
  if (json == NULL)
    return NULL;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, json, -1, &parse_error)
      || !dossier_saved_view_validate (json_parser_get_root (parser), &parse_error))
    {
      g_set_error (error, DOSSIER_SAVED_VIEW_ERROR, DOSSIER_SAVED_VIEW_ERROR_INVALID,
                   /* Translators: %s is the name of a saved graph view, %s what is wrong */
                   _("The saved view “%s” is damaged: %s"), clean, parse_error->message);
      return NULL;
    }
  view = json_node_copy (json_parser_get_root (parser));
  return view;
}

GStrv
dossier_saved_view_list (DossierStore  *store,
                         GError       **error)
{
  static const char sql[] =
    "SELECT name FROM saved_view ORDER BY " DOSSIER_LOCALE_SORT_KEY ("name") ", name";
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DOSSIER_IS_STORE (store), NULL);

  if (!(stmt = _dossier_store_prepare (store, sql, error)))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, _dossier_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dossier_store_set_error (store, error, NULL);
      return NULL;
    }
  return g_strv_builder_end (builder);
}

gboolean
dossier_saved_view_delete (DossierStore  *store,
                           const char    *name,
                           GError       **error)
{
  static const char sql[] = "DELETE FROM saved_view WHERE name = ?";
  g_autofree char *clean = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DOSSIER_IS_STORE (store), FALSE);

  if (!(clean = clean_name (name, error)))
    return FALSE;
  if (!(stmt = _dossier_store_prepare (store, sql, error)))
    return FALSE;
  _dossier_bind_text (stmt, 1, clean);
  if (!step_done (store, stmt, error))
    return FALSE;
  if (sqlite3_changes (dossier_store_get_handle (store)) == 0)
    {
      g_set_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_FOUND,
                   _("There is no saved view named “%s”."), clean);
      return FALSE;
    }
  return TRUE;
}

gboolean
dossier_saved_view_export_file (JsonNode    *view,
                                const char  *name,
                                const char  *path,
                                GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *clean = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) write_error = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  if (!(clean = clean_name (name, error)) || !dossier_saved_view_validate (view, error))
    return FALSE;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "dossier-saved-view");
  json_builder_add_int_value (builder, DOSSIER_SAVED_VIEW_FORMAT);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, clean);
  json_builder_set_member_name (builder, "view");
  json_builder_add_value (builder, json_node_copy (view));
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  if (!g_file_set_contents (path, text, -1, &write_error))
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, G_FILE_ERROR, write_error->code,
                   /* Translators: %s is a file name, then the system's reason */
                   _("The view could not be saved to “%s”: %s"), display, write_error->message);
      return FALSE;
    }
  return TRUE;
}

JsonNode *
dossier_saved_view_import_file (const char  *path,
                                char       **name,
                                GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = NULL;
  g_autofree char *stripped = NULL;
  JsonObject *object;
  JsonNode *member;

  g_return_val_if_fail (path != NULL, NULL);

  display = g_filename_display_basename (path);
  if (!json_parser_load_from_mapped_file (parser, path, &local_error))
    {
      if (local_error->domain == G_FILE_ERROR)
        g_set_error (error, G_FILE_ERROR, local_error->code,
                     /* Translators: %s is a file name, then the system's reason */
                     _("“%s” could not be read: %s"), display, local_error->message);
      else
        g_set_error (error, DOSSIER_SAVED_VIEW_ERROR, DOSSIER_SAVED_VIEW_ERROR_INVALID,
                     /* Translators: %s is a file name, then the JSON parser's reason */
                     _("“%s” is not a JSON file: %s"), display, local_error->message);
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser))
      || (member = json_object_get_member (object = json_node_get_object (json_parser_get_root (parser)),
                                           "dossier-saved-view")) == NULL
      || !JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_INT64)
    {
      g_set_error (error, DOSSIER_SAVED_VIEW_ERROR, DOSSIER_SAVED_VIEW_ERROR_INVALID,
                   /* Translators: %s is a file name */
                   _("“%s” is not a Dossier saved view."), display);
      return NULL;
    }
  if (json_node_get_int (member) > DOSSIER_SAVED_VIEW_FORMAT || json_node_get_int (member) < 1)
    {
      g_set_error (error, DOSSIER_SAVED_VIEW_ERROR, DOSSIER_SAVED_VIEW_ERROR_NEWER,
                   /* Translators: %s is a file name */
                   _("“%s” was saved by a newer version of Dossier."), display);
      return NULL;
    }
  member = json_object_get_member (object, "name");
  stripped = member != NULL && JSON_NODE_HOLDS_VALUE (member)
             && json_node_get_value_type (member) == G_TYPE_STRING
             && g_utf8_validate (json_node_get_string (member), -1, NULL)
             ? g_strstrip (g_strdup (json_node_get_string (member))) : NULL;
  if (stripped == NULL || *stripped == '\0')
    {
      g_set_error (error, DOSSIER_SAVED_VIEW_ERROR, DOSSIER_SAVED_VIEW_ERROR_INVALID,
                   /* Translators: %s is a file name */
                   _("The saved view in “%s” has no name."), display);
      return NULL;
    }
  member = json_object_get_member (object, "view");
  if (!dossier_saved_view_validate (member, &local_error))
    {
      g_set_error (error, DOSSIER_SAVED_VIEW_ERROR, DOSSIER_SAVED_VIEW_ERROR_INVALID,
                   /* Translators: %s is a file name, then what is wrong with the view */
                   _("“%s” holds a damaged view: %s"), display, local_error->message);
      return NULL;
    }
  if (name != NULL)
    *name = g_steal_pointer (&stripped);
  return json_node_copy (member);
}
