/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Saved graph views: saved under a name in the corpus, replaced, listed,
 * loaded and deleted; written to a JSON file and read back; and files that are
 * not saved views refused with a sentence that names the file.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "dossier-graph-filter.h"
#include "dossier-saved-views.h"

static char *tmp_dir;

static JsonNode *
make_view (guint min_weight,
           double zoom)
{
  g_autoptr(DossierGraphFilter) filter = dossier_graph_filter_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  dossier_graph_filter_set_min_weight (filter, min_weight);
  dossier_graph_filter_set_date_range (filter, "2002", "2007");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "filter");
  json_builder_add_value (builder, dossier_graph_filter_to_json (filter));
  json_builder_set_member_name (builder, "zoom");
  json_builder_add_double_value (builder, zoom);
  json_builder_set_member_name (builder, "selection");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "org:UNODC");
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static guint
view_min_weight (JsonNode *view)
{
  g_autoptr(DossierGraphFilter) filter =
    dossier_graph_filter_new_from_json (json_object_get_member (json_node_get_object (view), "filter"), NULL);

  g_assert_nonnull (filter);
  return dossier_graph_filter_get_min_weight (filter);
}

static DossierStore *
open_store (void)
{
  g_autofree char *db = g_build_filename (tmp_dir, "views.db", NULL);
  g_autoptr(GError) error = NULL;
  DossierStore *store = dossier_store_open (db, &error);

  g_assert_no_error (error);
  return store;
}

static void
test_store (void)
{
  g_autoptr(DossierStore) store = open_store ();
  g_autoptr(JsonNode) first = make_view (2, 1.5);
  g_autoptr(JsonNode) second = make_view (4, 0.5);
  g_autoptr(JsonNode) loaded = NULL;
  g_autoptr(JsonNode) not_object = json_node_new (JSON_NODE_ARRAY);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;

  json_node_take_array (not_object, json_array_new ());
  names = dossier_saved_view_list (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (names), ==, 0);
  g_clear_pointer (&names, g_strfreev);

  g_assert_true (dossier_saved_view_save (store, "  Drugs 2003 ", first, &error));
  g_assert_no_error (error);
  g_assert_true (dossier_saved_view_save (store, "Agencies", first, &error));
  /* The same name replaces the view. */
  g_assert_true (dossier_saved_view_save (store, "Drugs 2003", second, &error));
  g_assert_no_error (error);
  names = dossier_saved_view_list (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (names), ==, 2);
  g_assert_cmpstr (names[0], ==, "Agencies");
  g_assert_cmpstr (names[1], ==, "Drugs 2003");

  loaded = dossier_saved_view_load (store, "Drugs 2003", &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (loaded, second));
  g_assert_cmpuint (view_min_weight (loaded), ==, 4);

  /* Bad names and bad views are refused, and nothing changes. */
  g_assert_false (dossier_saved_view_save (store, "   ", first, &error));
  g_assert_error (error, DOSSIER_SAVED_VIEW_ERROR, DOSSIER_SAVED_VIEW_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dossier_saved_view_save (store, "List", not_object, &error));
  g_assert_error (error, DOSSIER_SAVED_VIEW_ERROR, DOSSIER_SAVED_VIEW_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (dossier_saved_view_load (store, "Nothing", &error));
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "Nothing"));
  g_clear_error (&error);

  g_assert_true (dossier_saved_view_delete (store, "Agencies", &error));
  g_assert_no_error (error);
  g_assert_false (dossier_saved_view_delete (store, "Agencies", &error));
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_pointer (&names, g_strfreev);
  names = dossier_saved_view_list (store, &error);
  g_assert_cmpuint (g_strv_length (names), ==, 1);
}

static char *
write_file (const char *name,
            const char *contents)
{
  char *path = g_build_filename (tmp_dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

static void
test_files (void)
{
  g_autoptr(JsonNode) view = make_view (3, 2.0);
  g_autoptr(JsonNode) read = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (tmp_dir, "view.json", NULL);
  g_autofree char *name = NULL;
  static const struct
  {
    const char *file;
    const char *contents;
    int         code;
  } bad[] = {
    { "garbage.json", "{ this is not JSON", DOSSIER_SAVED_VIEW_ERROR_INVALID },
    { "empty.json", "", DOSSIER_SAVED_VIEW_ERROR_INVALID },
    { "other.json", "{\"name\": \"x\", \"view\": {}}", DOSSIER_SAVED_VIEW_ERROR_INVALID },
    { "array.json", "[1, 2]", DOSSIER_SAVED_VIEW_ERROR_INVALID },
    { "newer.json", "{\"dossier-saved-view\": 9, \"name\": \"x\", \"view\": {}}", DOSSIER_SAVED_VIEW_ERROR_NEWER },
    { "noname.json", "{\"dossier-saved-view\": 1, \"view\": {}}", DOSSIER_SAVED_VIEW_ERROR_INVALID },
    { "noview.json", "{\"dossier-saved-view\": 1, \"name\": \"x\", \"view\": 3}", DOSSIER_SAVED_VIEW_ERROR_INVALID },
    { "badfilter.json", "{\"dossier-saved-view\": 1, \"name\": \"x\", \"view\": {\"filter\": {\"min-weight\": \"lots\"}}}",
      DOSSIER_SAVED_VIEW_ERROR_INVALID },
  };

  g_assert_true (dossier_saved_view_export_file (view, "Drugs 2003", path, &error));
  g_assert_no_error (error);
  read = dossier_saved_view_import_file (path, &name, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (name, ==, "Drugs 2003");
  g_assert_true (json_node_equal (read, view));
  g_assert_cmpuint (view_min_weight (read), ==, 3);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *bad_path = write_file (bad[i].file, bad[i].contents);
      g_autofree char *bad_name = NULL;

      g_assert_null (dossier_saved_view_import_file (bad_path, &bad_name, &error));
      g_assert_error (error, DOSSIER_SAVED_VIEW_ERROR, bad[i].code);
      g_assert_nonnull (strstr (error->message, bad[i].file));
      g_assert_null (bad_name);
      g_test_message ("%s: %s", bad[i].file, error->message);
      g_clear_error (&error);
    }

  g_assert_null (dossier_saved_view_import_file ("/nonexistent/view.json", NULL, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_nonnull (strstr (error->message, "view.json"));
  g_clear_error (&error);
  g_assert_false (dossier_saved_view_export_file (view, "x", "/nonexistent/dir/view.json", &error));
  g_assert_nonnull (error);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("dossier-saved-views-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);

  g_test_add_func ("/dossier/saved-views/store", test_store);
  g_test_add_func ("/dossier/saved-views/files", test_files);
  status = g_test_run ();

  {
    g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (tmp_dir, name, NULL);

        g_unlink (path);
      }
  }
  g_rmdir (tmp_dir);
  g_free (tmp_dir);
  return status;
}
