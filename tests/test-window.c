/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "dossier-application.h"
#include "dossier-entities.h"
#include "dossier-entity-group.h"
#include "dossier-entity-item.h"
#include "dossier-window.h"
#include "dossier-window-private.h"

#define CCPCJ_TITLE "Trafficking in human beings, especially women and children"

static void save_screenshot (DossierWindow *window,
                             const char    *name);
static void save_widget_screenshot (GtkWidget  *widget,
                                    const char *name);

static DossierApplication *app;
static char *tmp_dir;
static char *db_path;

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for @msec, so that layout, idles and frames happen. */
static void
run_for (guint msec)
{
  gboolean done = FALSE;

  g_timeout_add (msec, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static DossierStore *
get_store (void)
{
  return dossier_application_get_store (app);
}

static void
use_corpus (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dossier_application_open_store (app, db_path, &error));
  g_assert_no_error (error);
}

static DossierWindow *
new_window (int width,
            int height)
{
  DossierWindow *window = dossier_window_new (app);

  g_object_ref_sink (window);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  run_for (100);
  return window;
}

/* On a busy machine a resize can take more than one turn to land: runs the
 * main loop until @widget kept its size for a while, or for six seconds. */
static void
wait_for_stable_size (GtkWidget *widget)
{
  int width = -1, height = -1;

  for (guint i = 0, same = 0; i < 30 && same < 3; i++)
    {
      run_for (200);
      same = gtk_widget_get_width (widget) == width && gtk_widget_get_height (widget) == height
             ? same + 1 : 0;
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
    }
}

/* A window whose content has exactly this size, whatever the screen: the X11
 * backend shrinks a default size to fit the screen (xvfb-run's is 1280×1024),
 * but not a minimum size; the window's frame takes a few pixels more. */
static DossierWindow *
new_window_at_size (int width,
                    int height)
{
  DossierWindow *window = dossier_window_new (app);
  GtkWidget *content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (window));
  int outer_width, outer_height;

  g_object_ref_sink (window);
  gtk_widget_set_size_request (GTK_WIDGET (window), width, height);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_stable_size (content);
  outer_width = 2 * width - gtk_widget_get_width (content);
  outer_height = 2 * height - gtk_widget_get_height (content);
  gtk_widget_set_size_request (GTK_WIDGET (window), outer_width, outer_height);
  gtk_window_set_default_size (GTK_WINDOW (window), outer_width, outer_height);
  wait_for_stable_size (content);
  g_assert_cmpint (gtk_widget_get_width (content), ==, width);
  g_assert_cmpint (gtk_widget_get_height (content), ==, height);
  return window;
}

static void
destroy_window (DossierWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
  g_assert_finalize_object (window);
}

static gint64
find_document (const char *ref)
{
  g_autoptr(DossierDocumentInfo) info = dossier_store_find_document (get_store (), ref, NULL);

  return info != NULL ? dossier_document_info_get_id (info) : 0;
}

static gint64
find_document_by_title (DossierWindow *window,
                        const char    *title)
{
  GListModel *documents = dossier_window_get_documents (window);

  for (guint i = 0; i < g_list_model_get_n_items (documents); i++)
    {
      g_autoptr(DossierDocumentInfo) info = g_list_model_get_item (documents, i);

      if (g_str_has_prefix (dossier_document_info_get_title (info), title))
        return dossier_document_info_get_id (info);
    }
  return 0;
}

static gint64
find_ohchr (void)
{
  g_autoptr(DossierEntity) entity = dossier_store_find_entity (get_store (), "org:ohchr", NULL, NULL);

  /* Without the gazetteer's entry, the acronym the report defines. */
  if (entity == NULL)
    entity = dossier_store_find_entity (get_store (), "OHCHR", NULL, NULL);
  return entity != NULL ? entity->id : 0;
}

static gboolean
mentions_entity (gint64 document_id,
                 gint64 entity_id)
{
  g_autoptr(GPtrArray) mentions = dossier_store_list_mentions (get_store (), entity_id,
                                                               document_id, NULL);

  return mentions != NULL && mentions->len > 0;
}

/* OHCHR when extraction finds it in both documents, otherwise the most
 * mentioned entity the two documents share, so that the linked selection is
 * tested whatever the gazetteer holds. */
static gint64
find_shared_entity (gint64 first,
                    gint64 second)
{
  g_autoptr(GPtrArray) entities = NULL;
  gint64 ohchr = find_ohchr ();

  if (ohchr != 0 && mentions_entity (first, ohchr) && mentions_entity (second, ohchr))
    return ohchr;

  entities = dossier_store_list_entities (get_store (), NULL, first, FALSE, NULL);
  g_assert_nonnull (entities);
  for (guint i = 0; i < entities->len; i++)
    {
      DossierEntity *entity = g_ptr_array_index (entities, i);

      if (mentions_entity (second, entity->id))
        {
          g_test_message ("OHCHR is not found in both documents; selecting %s", entity->name);
          return entity->id;
        }
    }
  return 0;
}

static void
test_window_lists_documents (void)
{
  DossierWindow *window;
  GListModel *documents;

  use_corpus ();
  window = new_window (1366, 768);
  documents = dossier_window_get_documents (window);
  /* A new corpus starts with the five bundled documents. */
  g_assert_cmpuint (g_list_model_get_n_items (documents), ==, 5);
  g_assert_cmpstr (dossier_window_get_state (window), ==, "main");

  for (guint i = 0; i < g_list_model_get_n_items (documents); i++)
    {
      g_autoptr(DossierDocumentInfo) info = g_list_model_get_item (documents, i);

      g_assert_true (dossier_window_open_document (window, dossier_document_info_get_id (info)));
      g_assert_cmpint (dossier_document_view_get_document_id (dossier_window_get_active_column (window)),
                       ==, dossier_document_info_get_id (info));
    }
  g_assert_false (dossier_window_open_document (window, 9999));
  /* Opening documents one after the other reuses the one column. */
  g_assert_cmpuint (dossier_window_get_n_columns (window), ==, 1);

  destroy_window (window);
}

static void
test_window_columns (void)
{
  DossierWindow *window;
  DossierDocumentView *first, *second, *third;

  use_corpus ();
  window = new_window (1366, 768);

  first = dossier_window_add_column (window, 0);
  second = dossier_window_add_column (window, 0);
  third = dossier_window_add_column (window, 0);
  g_assert_nonnull (first);
  g_assert_nonnull (second);
  g_assert_nonnull (third);
  g_assert_cmpuint (dossier_window_get_n_columns (window), ==, 3);
  /* Each new column picks a document no column shows yet. */
  g_assert_cmpint (dossier_document_view_get_document_id (first), !=,
                   dossier_document_view_get_document_id (second));
  g_assert_cmpint (dossier_document_view_get_document_id (second), !=,
                   dossier_document_view_get_document_id (third));
  g_assert_true (dossier_window_get_active_column (window) == third);

  /* Swap towards the start, then back. */
  dossier_window_move_column (window, third, -1);
  g_assert_true (dossier_window_get_column (window, 1) == third);
  g_assert_true (dossier_window_get_column (window, 2) == second);
  dossier_window_move_column (window, first, -1);
  g_assert_true (dossier_window_get_column (window, 0) == first);
  gtk_widget_activate_action (GTK_WIDGET (third), "column.move", "i", 1);
  g_assert_true (dossier_window_get_column (window, 2) == third);

  /* Closing the active column makes its neighbour active. */
  gtk_widget_activate_action (GTK_WIDGET (third), "column.close", NULL);
  g_assert_cmpuint (dossier_window_get_n_columns (window), ==, 2);
  g_assert_true (dossier_window_get_active_column (window) == second);

  gtk_widget_activate_action (GTK_WIDGET (window), "window.close-column", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "window.close-column", NULL);
  g_assert_cmpuint (dossier_window_get_n_columns (window), ==, 0);
  g_assert_null (dossier_window_get_active_column (window));

  destroy_window (window);
}

static void
test_window_panes (void)
{
  DossierWindow *window;
  gboolean shown;

  use_corpus ();
  window = new_window (1366, 768);

  g_object_get (window, "show-graph", &shown, NULL);
  g_assert_true (shown);
  gtk_widget_activate_action (GTK_WIDGET (window), "window.show-graph", NULL);
  g_object_get (window, "show-graph", &shown, NULL);
  g_assert_false (shown);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dossier_window_get_graph_pane (window))));
  gtk_widget_activate_action (GTK_WIDGET (window), "window.show-graph", NULL);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dossier_window_get_graph_pane (window))));

  gtk_widget_activate_action (GTK_WIDGET (window), "window.show-inspector", NULL);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dossier_window_get_inspector (window))));
  gtk_widget_activate_action (GTK_WIDGET (window), "window.show-inspector", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "window.show-library", NULL);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dossier_window_get_library (window))));
  gtk_widget_activate_action (GTK_WIDGET (window), "window.show-library", NULL);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dossier_window_get_library (window))));

  destroy_window (window);
}

static void
test_window_go_to_block (void)
{
  DossierWindow *window;
  g_autoptr(GPtrArray) blocks = NULL;
  gint64 document_id, block_id = 0;
  DossierSelection *selection;

  use_corpus ();
  window = new_window (1366, 768);
  selection = dossier_window_get_selection (window);
  document_id = find_document ("E/CN.4/2003/74");
  g_assert_cmpint (document_id, !=, 0);

  blocks = dossier_store_get_blocks (get_store (), document_id, NULL);
  for (guint i = 0; i < blocks->len && block_id == 0; i++)
    {
      DossierBlock *block = g_ptr_array_index (blocks, i);

      if (block->kind == DOSSIER_BLOCK_PARAGRAPH && g_strcmp0 (block->label, "16") == 0)
        block_id = block->id;
    }
  g_assert_cmpint (block_id, !=, 0);

  g_assert_true (dossier_window_go_to_block (window, document_id, block_id));
  g_assert_cmpuint (dossier_window_get_n_columns (window), ==, 1);
  g_assert_cmpint (dossier_document_view_get_cursor_block (dossier_window_get_active_column (window)),
                   ==, block_id);
  g_assert_true (dossier_selection_get_can_go_back (selection) == FALSE);

  /* A second "go to" elsewhere, then back. */
  g_assert_true (dossier_window_go_to_block (window, document_id,
                                             ((DossierBlock *) g_ptr_array_index (blocks, 0))->id));
  g_assert_true (dossier_selection_get_can_go_back (selection));
  gtk_widget_activate_action (GTK_WIDGET (window), "window.go-back", NULL);
  g_assert_cmpint (dossier_document_view_get_cursor_block (dossier_window_get_active_column (window)),
                   ==, block_id);
  g_assert_true (dossier_selection_get_can_go_forward (selection));

  g_assert_false (dossier_window_go_to_block (window, 99999, 1));

  destroy_window (window);
}

/* The end-to-end test of the issue: two documents side by side, an entity
 * chosen in the library, highlighted in both and shown in the inspector. */
static void
test_window_linked_selection (void)
{
  DossierWindow *window;
  DossierDocumentView *left, *right;
  DossierSelection *selection;
  DossierInspector *inspector;
  DossierGraphPane *graph;
  gint64 report_id, note_id, ohchr;
  guint n_left, n_right;

  use_corpus ();
  window = new_window (1366, 768);
  selection = dossier_window_get_selection (window);
  inspector = dossier_window_get_inspector (window);
  graph = dossier_window_get_graph_pane (window);

  report_id = find_document ("E/CN.4/2003/74");
  note_id = find_document_by_title (window, CCPCJ_TITLE);
  g_assert_cmpint (report_id, !=, 0);
  g_assert_cmpint (note_id, !=, 0);

  left = dossier_window_add_column (window, report_id);
  right = dossier_window_add_column (window, note_id);
  g_assert_cmpuint (dossier_window_get_n_columns (window), ==, 2);
  g_assert_cmpint (dossier_document_view_get_document_id (left), ==, report_id);
  g_assert_cmpint (dossier_document_view_get_document_id (right), ==, note_id);
  g_assert_cmpstr (dossier_document_view_get_title (left), ==, "E/CN.4/2003/74");

  ohchr = find_shared_entity (report_id, note_id);
  g_assert_cmpint (ohchr, !=, 0);

  /* Chosen in the entity browser. */
  dossier_library_set_page (dossier_window_get_library (window), "entities");
  {
    g_autoptr(DossierEntity) entity = dossier_store_get_entity (get_store (), ohchr, NULL);

    g_assert_nonnull (entity);
    dossier_library_set_filter_text (dossier_window_get_library (window), entity->name);
  }
  g_assert_cmpuint (g_list_model_get_n_items (dossier_library_get_entity_rows (dossier_window_get_library (window))),
                    >=, 2);
  dossier_selection_select_entity (selection, ohchr, dossier_window_get_library (window));
  iterate ();

  n_left = dossier_document_view_get_n_highlighted (left);
  n_right = dossier_document_view_get_n_highlighted (right);
  g_assert_cmpuint (n_left, >, 0);
  g_assert_cmpuint (n_right, >, 0);
  g_assert_cmpint (dossier_inspector_get_entity_id (inspector), ==, ohchr);
  g_assert_cmpstr (dossier_inspector_get_page (inspector), ==, "entity");
  g_assert_nonnull (dossier_inspector_get_entity_name (inspector));
  /* The graph's node list follows the selection. */
  g_assert_cmpuint (dossier_graph_pane_get_selected_node (graph), !=, GTK_INVALID_LIST_POSITION);

  /* Another entity from the graph list moves every highlight; back restores OHCHR. */
  {
    GListModel *nodes = dossier_graph_pane_get_nodes (graph);
    g_autoptr(DossierEntityItem) other = NULL;

    for (guint i = 0; i < g_list_model_get_n_items (nodes) && other == NULL; i++)
      {
        g_autoptr(DossierEntityItem) item = g_list_model_get_item (nodes, i);

        if (dossier_entity_item_get_id (item) != ohchr)
          other = g_steal_pointer (&item);
      }
    g_assert_nonnull (other);
    dossier_selection_select_entity (selection, dossier_entity_item_get_id (other), graph);
    g_assert_cmpint (dossier_inspector_get_entity_id (inspector), ==, dossier_entity_item_get_id (other));
    gtk_widget_activate_action (GTK_WIDGET (window), "window.go-back", NULL);
    g_assert_cmpint (dossier_inspector_get_entity_id (inspector), ==, ohchr);
    g_assert_cmpuint (dossier_document_view_get_n_highlighted (left), ==, n_left);
    g_assert_cmpuint (dossier_document_view_get_n_highlighted (right), ==, n_right);
  }

  destroy_window (window);
}

/* "Show Neighbourhood in Graph" in the inspector brings the graph back, over
 * the whole corpus, with the entity still chosen. */
static void
test_window_show_neighbourhood (void)
{
  DossierWindow *window;
  DossierGraphPane *graph;
  gint64 ohchr;
  gboolean shown;

  use_corpus ();
  window = new_window (1366, 768);
  graph = dossier_window_get_graph_pane (window);
  ohchr = find_ohchr ();
  g_assert_cmpint (ohchr, !=, 0);

  gtk_widget_activate_action (GTK_WIDGET (window), "window.show-graph", NULL);
  g_object_get (window, "show-graph", &shown, NULL);
  g_assert_false (shown);
  dossier_graph_pane_set_scope (graph, DOSSIER_GRAPH_SCOPE_OPEN_DOCUMENTS);

  /* Nothing chosen: nothing to show. */
  gtk_widget_activate_action (GTK_WIDGET (dossier_window_get_inspector (window)),
                              "inspector.show-neighbourhood", NULL);
  g_assert_cmpint (dossier_graph_pane_get_scope (graph), ==, DOSSIER_GRAPH_SCOPE_OPEN_DOCUMENTS);

  dossier_selection_select_entity (dossier_window_get_selection (window), ohchr, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dossier_window_get_inspector (window)),
                                             "inspector.show-neighbourhood", NULL));
  iterate ();
  g_object_get (window, "show-graph", &shown, NULL);
  g_assert_true (shown);
  g_assert_cmpint (dossier_graph_pane_get_scope (graph), ==, DOSSIER_GRAPH_SCOPE_CORPUS);
  g_assert_cmpint (dossier_selection_get_entity_id (dossier_window_get_selection (window)), ==, ohchr);
  g_assert_cmpuint (dossier_graph_pane_get_selected_node (graph), !=, GTK_INVALID_LIST_POSITION);

  destroy_window (window);
}

/* "Add Paragraph to Draft" in a column puts the paragraph at the cursor into
 * the draft panel's draft, starting one when none is open. */
static void
test_window_add_to_draft (void)
{
  DossierWindow *window;
  DossierDocumentView *column;
  gint64 document_id;
  guint words_before;

  use_corpus ();
  window = new_window (1366, 768);
  document_id = find_document ("E/CN.4/2003/74");
  column = dossier_window_add_column (window, document_id);
  g_assert_nonnull (column);

  words_before = dossier_draft_panel_get_word_count (window->draft_panel);
  {
    g_autoptr(GPtrArray) blocks = dossier_store_get_blocks (get_store (), document_id, NULL);

    for (guint i = 0; blocks != NULL && i < blocks->len; i++)
      {
        DossierBlock *block = g_ptr_array_index (blocks, i);

        if (block->kind == DOSSIER_BLOCK_PARAGRAPH && g_strcmp0 (block->label, "16") == 0)
          g_assert_true (dossier_document_view_scroll_to_block (column, block->id));
      }
  }
  g_assert_cmpint (dossier_document_view_get_cursor_block (column), !=, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (column), "view.add-to-draft", NULL));
  iterate ();

  g_assert_cmpint (dossier_draft_panel_get_draft_id (window->draft_panel), !=, 0);
  g_assert_cmpuint (dossier_draft_panel_get_word_count (window->draft_panel), >, words_before);

  destroy_window (window);
}

static void
test_window_search (void)
{
  DossierWindow *window;
  DossierSearchPopover *search;
  DossierDocumentView *column;

  use_corpus ();
  window = new_window (1366, 768);
  search = dossier_window_get_search (window);

  column = dossier_window_add_column (window, find_document ("E/CN.4/2003/74"));
  dossier_search_popover_search (search, "Palermo Protocol");
  g_assert_cmpuint (dossier_search_popover_get_n_paragraphs (search), >, 0);
  /* Enter opens the first paragraph in the active column. */
  g_assert_true (dossier_search_popover_activate_first (search));
  g_assert_true (dossier_window_get_active_column (window) == column);
  g_assert_cmpint (dossier_document_view_get_cursor_block (column), ==,
                   dossier_selection_get_block_id (dossier_window_get_selection (window)));

  /* Filters: the same words in one document only, in a year, in a kind. */
  {
    gint64 note_id = find_document_by_title (window, CCPCJ_TITLE);
    guint all;

    dossier_search_popover_search (search, "trafficking");
    all = dossier_search_popover_get_n_paragraphs (search);
    g_assert_cmpuint (all, >, 0);

    g_assert_true (dossier_search_popover_set_filters (search, note_id, NULL, NULL));
    g_assert_cmpuint (dossier_search_popover_get_n_paragraphs (search), >, 0);
    g_assert_cmpuint (dossier_search_popover_get_n_paragraphs (search), <, all);
    g_assert_true (dossier_search_popover_activate_first (search));
    g_assert_cmpint (dossier_document_view_get_document_id (dossier_window_get_active_column (window)),
                     ==, note_id);

    g_assert_true (dossier_search_popover_set_filters (search, 0, NULL, "2007"));
    g_assert_cmpuint (dossier_search_popover_get_n_paragraphs (search), >, 0);
    g_assert_true (dossier_search_popover_activate_first (search));
    {
      g_autoptr(DossierDocumentInfo) info =
        dossier_store_get_document (get_store (),
                                    dossier_document_view_get_document_id (dossier_window_get_active_column (window)),
                                    NULL);

      g_assert_nonnull (info);
      g_assert_true (g_str_has_prefix (dossier_document_info_get_date (info), "2007"));
    }

    /* The note is the only document of its kind; a year it was not written in
     * leaves nothing. */
    g_assert_true (dossier_search_popover_set_filters (search, 0, "note", "2007"));
    g_assert_cmpuint (dossier_search_popover_get_n_paragraphs (search), ==, 0);
    g_assert_true (dossier_search_popover_set_filters (search, 0, "note", NULL));
    g_assert_cmpuint (dossier_search_popover_get_n_paragraphs (search), >, 0);
    g_assert_false (dossier_search_popover_set_filters (search, 0, NULL, "1850"));
    g_assert_true (dossier_search_popover_set_filters (search, 0, NULL, NULL));
    g_assert_cmpuint (dossier_search_popover_get_n_paragraphs (search), ==, all);
  }

  dossier_search_popover_search (search, "zzzqqqxxy");
  g_assert_cmpuint (dossier_search_popover_get_n_paragraphs (search), ==, 0);
  g_assert_cmpuint (dossier_search_popover_get_n_entities (search), ==, 0);
  g_assert_false (dossier_search_popover_activate_first (search));

  destroy_window (window);
}

static void
test_search_snippet_markup (void)
{
  const struct {
    const char *snippet;
    const char *markup;
  } cases[] = {
    { "plain", "plain" },
    { "a " DOSSIER_SNIPPET_OPEN "match" DOSSIER_SNIPPET_CLOSE " b", "a <b>match</b> b" },
    { "<&> " DOSSIER_SNIPPET_OPEN "x<y" DOSSIER_SNIPPET_CLOSE, "&lt;&amp;&gt; <b>x&lt;y</b>" },
    { DOSSIER_SNIPPET_OPEN "open", "<b>open</b>" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *markup = dossier_search_popover_snippet_markup (cases[i].snippet);

      g_assert_cmpstr (markup, ==, cases[i].markup);
      g_assert_true (pango_parse_markup (markup, -1, 0, NULL, NULL, NULL, NULL));
    }
}

static void
test_window_import (void)
{
  DossierWindow *window;
  const char *src = g_getenv ("G_TEST_SRCDIR");
  g_autofree char *folder = g_build_filename (src, "data", "testdata", NULL);
  g_autofree char *junk = g_build_filename (tmp_dir, "junk.pdf", NULL);
  const char *paths[] = { folder, junk, NULL };
  guint before, after;
  gint64 deadline;

  use_corpus ();
  g_assert_true (g_file_set_contents (junk, "%PDF-1.4 not really", -1, NULL));
  window = new_window (1366, 768);
  before = g_list_model_get_n_items (dossier_window_get_documents (window));

  dossier_window_import (window, paths);
  g_assert_true (dossier_window_get_importing (window));

  deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
  while (dossier_window_get_importing (window) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (dossier_window_get_importing (window));

  after = g_list_model_get_n_items (dossier_window_get_documents (window));
  g_assert_cmpuint (after, >, before);
  /* The library refreshed: a new document opened in a column since none was open. */
  g_assert_cmpuint (dossier_window_get_n_columns (window), ==, 1);

  destroy_window (window);
}

static void
assert_file_contents (const char  *path,
                      const char  *expected,
                      gsize        expected_length)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpmem (contents, length, expected, expected_length);
}

/* Writes a small Markdown document with @title into the test folder. */
static GFile *
write_document (const char *file_name,
                const char *title)
{
  g_autofree char *path = g_build_filename (tmp_dir, file_name, NULL);
  g_autofree char *text = g_strdup_printf ("# %s\n\n"
                                           "1. The United Nations Office on Drugs and Crime (UNODC) "
                                           "reported to the Commission on Crime Prevention and "
                                           "Criminal Justice.\n", title);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return g_file_new_for_path (path);
}

static void
wait_for_import (DossierWindow *window)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  while (dossier_window_get_importing (window) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (dossier_window_get_importing (window));
}

static void
forget_document (DossierWindow *window,
                 const char    *title)
{
  g_autoptr(GError) error = NULL;
  gint64 id = find_document_by_title (window, title);

  g_assert_cmpint (id, !=, 0);
  g_assert_true (dossier_store_delete_document (get_store (), id, &error));
  g_assert_no_error (error);
}

/* Files dropped on the window are imported; a drop of something that is not
 * a local file is refused. */
static void
test_window_drop_files (void)
{
  const char *title = "Note on files dropped on the window";
  g_autoptr(GFile) file = write_document ("dropped.md", title);
  g_autoptr(GFile) remote = g_file_new_for_uri ("https://example.com/remote.md");
  g_autoptr(GListModel) controllers = NULL;
  GtkDropTarget *target = NULL;
  DossierWindow *window;
  GdkFileList *list;
  GValue value = G_VALUE_INIT;
  gboolean accepted = FALSE;

  use_corpus ();
  window = new_window (1366, 768);
  g_assert_cmpint (find_document_by_title (window, title), ==, 0);

  controllers = gtk_widget_observe_controllers (GTK_WIDGET (window->main_stack));
  for (guint i = 0; i < g_list_model_get_n_items (controllers) && target == NULL; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        target = GTK_DROP_TARGET (controller);
    }
  g_assert_nonnull (target);

  list = gdk_file_list_new_from_array (&remote, 1);
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, list);
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_value_unset (&value);
  g_assert_false (accepted);
  g_assert_false (dossier_window_get_importing (window));

  list = gdk_file_list_new_from_array (&file, 1);
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, list);
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_value_unset (&value);
  g_assert_true (accepted);
  g_assert_true (dossier_window_get_importing (window));
  wait_for_import (window);
  g_assert_cmpint (find_document_by_title (window, title), !=, 0);

  forget_document (window, title);
  destroy_window (window);
}

/* "dossier FILE…" reaches the running application as "open": it brings up a
 * window, which imports the files. */
static void
test_window_open_files (void)
{
  const char *title = "Note on files given on the command line";
  g_autoptr(GFile) file = write_document ("command-line.md", title);
  GtkWindow *active;
  DossierWindow *window;

  use_corpus ();
  g_assert_null (gtk_application_get_active_window (GTK_APPLICATION (app)));

  g_application_open (G_APPLICATION (app), &file, 1, "");
  active = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (DOSSIER_IS_WINDOW (active));
  window = g_object_ref (DOSSIER_WINDOW (active));
  g_assert_true (dossier_window_get_importing (window));
  wait_for_import (window);
  g_assert_cmpint (find_document_by_title (window, title), !=, 0);

  forget_document (window, title);
  destroy_window (window);
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  GtkWidget *found = NULL;

  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL && found == NULL;
       child = gtk_widget_get_next_sibling (child))
    found = find_button (child, label);
  return found;
}

/* Clicks the button of @dialog labelled @label, as a user would: unlike
 * adw_message_dialog_response(), that also closes the dialog. */
static void
click_button (GtkWidget  *dialog,
              const char *label)
{
  GtkWidget *button = find_button (dialog, label);

  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
}

/* The file chooser on screen (GTK's own, without portals), or NULL. */
static GtkWidget *
find_file_chooser (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER (toplevel) && gtk_widget_get_visible (toplevel))
        return toplevel;
    }
  return NULL;
}

/* A corpus that cannot be opened is fatal: a modal dialog names the file and
 * the reason and offers another corpus, a fresh one or quitting; the fresh
 * one is a new file beside the damaged one, which is never touched. */
/* Open Another… brings up the file chooser; cancelling it leaves the error
 * as it was, and the dialog comes back with the next state change. Returns
 * that dialog. */
static G_GNUC_UNUSED AdwMessageDialog *
open_another_then_cancel (DossierWindow    *window,
                          AdwMessageDialog *dialog)
{
  GtkWidget *chooser;

  click_button (GTK_WIDGET (dialog), "_Open Another…");
  run_for (200);
  g_assert_null (window->error_dialog);
  chooser = find_file_chooser ();
  g_assert_nonnull (chooser);
  g_assert_cmpint (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)), ==, GTK_FILE_CHOOSER_ACTION_OPEN);
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
  run_for (200);
  g_assert_null (find_file_chooser ());
  g_assert_cmpstr (dossier_window_get_state (window), ==, "error");
  _dossier_window_update_state (window);
  /* The dialog comes from an idle: slow under the sanitizers, so wait for it. */
  for (guint i = 0; i < 100 && window->error_dialog == NULL; i++)
    run_for (100);
  g_assert_nonnull (window->error_dialog);
  return window->error_dialog;
}

static void
test_window_error_state (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (tmp_dir, "damaged", NULL);
  g_autofree char *path = g_build_filename (dir, "corpus.db", NULL);
  g_autofree char *fresh = g_build_filename (dir, "corpus-1.db", NULL);
  g_autoptr(DossierApplication) other = dossier_application_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  g_autoptr(GByteArray) junk = g_byte_array_new ();
  AdwMessageDialog *dialog;
  DossierWindow *window;
  DossierStore *store;

  /* Another id, so that it does not clash on the bus with the shared one. */
  g_application_set_application_id (G_APPLICATION (other), "org.dossier.Dossier.ErrorTest");
  g_application_set_flags (G_APPLICATION (other), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (other), NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < 8192; i++)
    {
      guint8 byte = g_rand_int_range (rand, 0, 256);
      g_byte_array_append (junk, &byte, 1);
    }
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, (const char *) junk->data, junk->len, NULL));
  g_assert_false (dossier_application_open_store (other, path, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (dossier_application_get_open_error (other));
  g_assert_cmpstr (dossier_application_get_failed_path (other), ==, path);

  window = dossier_window_new (other);
  g_object_ref_sink (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1366, 768);
  gtk_window_present (GTK_WINDOW (window));
  run_for (200);
  for (guint i = 0; i < 100 && window->error_dialog == NULL; i++)
    run_for (100);
  g_assert_cmpstr (dossier_window_get_state (window), ==, "error");
  g_assert_null (dossier_window_get_store (window));
  g_assert_null (dossier_window_add_column (window, 1));

  /* The dialog, in front of the window, says which file and why. */
  dialog = window->error_dialog;
  g_assert_nonnull (dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), path));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), error->message));
  g_assert_true (adw_message_dialog_has_response (dialog, "open"));
  g_assert_true (adw_message_dialog_has_response (dialog, "fresh"));
  g_assert_true (adw_message_dialog_has_response (dialog, "quit"));
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "open");
  save_screenshot (window, "window-error");
  save_widget_screenshot (GTK_WIDGET (dialog), "window-error-dialog");
  assert_file_contents (path, (const char *) junk->data, junk->len);

  /* Open Another… brings up the file chooser. Not under AddressSanitizer:
   * GTK 4.8's chooser leaks what its places sidebar gets from
   * libcloudproviders and a GFileInfo that its GIO thread reads, and the
   * sanitizer pass's fast unwinder cannot tell those from a leak of ours;
   * the normal pass runs this part. */
#if !defined(__SANITIZE_ADDRESS__)
  dialog = open_another_then_cancel (window, dialog);
#endif

  /* Start Fresh: a new corpus beside it, with the bundled documents. */
  g_assert_false (g_file_test (fresh, G_FILE_TEST_EXISTS));
  click_button (GTK_WIDGET (dialog), "_Start Fresh");
  run_for (200);
  store = dossier_application_get_store (other);
  g_assert_nonnull (store);
  g_assert_true (dossier_window_get_store (window) == store);
  g_assert_cmpstr (dossier_store_get_path (store), ==, fresh);
  g_assert_true (g_file_test (fresh, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (g_list_model_get_n_items (dossier_window_get_documents (window)), ==, 5);
  g_assert_cmpstr (dossier_window_get_state (window), ==, "main");
  g_assert_null (window->error_dialog);
  g_assert_null (dossier_application_get_failed_path (other));
  /* The next start opens the fresh corpus, not the damaged one again. */
  {
    g_autoptr(GSettings) settings = g_settings_new ("org.dossier.Dossier");
    g_autofree char *remembered = g_settings_get_string (settings, "corpus");

    g_assert_cmpstr (remembered, ==, fresh);
    g_settings_reset (settings, "corpus");
  }

  /* Nothing touched the damaged file. */
  assert_file_contents (path, (const char *) junk->data, junk->len);

  destroy_window (window);
}

/* Started without --db, Dossier opens the corpus chosen last in the window. */
static void
test_window_remembered_corpus (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = g_settings_new ("org.dossier.Dossier");
  g_autoptr(DossierApplication) other = dossier_application_new ();
  g_autofree char *path = g_build_filename (tmp_dir, "remembered.db", NULL);
  DossierWindow *window;

  g_application_set_application_id (G_APPLICATION (other), "org.dossier.Dossier.RememberTest");
  g_application_set_flags (G_APPLICATION (other), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (other), NULL, &error);
  g_assert_no_error (error);
  {
    g_autoptr(DossierStore) store = dossier_store_open (path, &error);
    g_assert_no_error (error);
  }

  g_settings_set_string (settings, "corpus", path);
  g_application_activate (G_APPLICATION (other));
  window = DOSSIER_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (other)));
  g_assert_nonnull (window);
  g_object_ref (window);
  g_assert_nonnull (dossier_window_get_store (window));
  g_assert_cmpstr (dossier_store_get_path (dossier_window_get_store (window)), ==, path);

  g_settings_reset (settings, "corpus");
  destroy_window (window);
}

/* A second "Start Fresh" never reuses the first one's file. */
static void
test_window_start_fresh_twice (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (tmp_dir, "twice", NULL);
  g_autofree char *path = g_build_filename (dir, "my corpus.sqlite", NULL);
  g_autofree char *first = g_build_filename (dir, "my corpus-1.sqlite", NULL);
  g_autofree char *second = g_build_filename (dir, "my corpus-2.sqlite", NULL);
  g_autoptr(DossierApplication) other = dossier_application_new ();
  const char *junk = "SQLite format 3";
  g_autofree char *made = NULL;

  g_application_set_application_id (G_APPLICATION (other), "org.dossier.Dossier.FreshTest");
  g_application_set_flags (G_APPLICATION (other), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (other), NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, junk, -1, NULL));
  g_assert_true (g_file_set_contents (first, "taken", -1, NULL));
  g_assert_false (dossier_application_open_store (other, path, &error));
  g_clear_error (&error);

  made = dossier_application_start_fresh (other, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (made, ==, second);
  {
    g_autoptr(GSettings) settings = g_settings_new ("org.dossier.Dossier");
    g_autofree char *remembered = g_settings_get_string (settings, "corpus");

    g_assert_cmpstr (remembered, ==, second);
    g_settings_reset (settings, "corpus");
  }
  assert_file_contents (path, junk, strlen (junk));
  assert_file_contents (first, "taken", 5);
  g_assert_nonnull (dossier_application_get_store (other));
}

static void
test_window_empty_state (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (tmp_dir, "empty.db", NULL);
  DossierWindow *window;

  /* A corpus that exists already is opened as it is, empty. */
  {
    g_autoptr(DossierStore) store = dossier_store_open (path, &error);
    g_assert_no_error (error);
  }
  g_assert_true (dossier_application_open_store (app, path, &error));
  g_assert_no_error (error);

  window = new_window (1366, 768);
  g_assert_cmpstr (dossier_window_get_state (window), ==, "empty");
  g_assert_null (dossier_window_add_column (window, 1));
  /* Nothing to search and no pane to show beside the status page. */
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (window->search_button)));
  g_assert_true (window->show_graph);
  gtk_widget_activate_action (GTK_WIDGET (window), "window.show-graph", NULL);
  g_assert_true (window->show_graph);
  save_screenshot (window, "window-empty");

  destroy_window (window);
  use_corpus ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       data)
{
  *(gboolean *) data = TRUE;
}

/* Runs the main loop until @widget's window has painted a frame, or for a second. */
static void
wait_for_frame_of (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gboolean painted = FALSE, timed_out = FALSE;
  gulong handler;
  guint timeout;

  g_assert_nonnull (clock);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  timeout = g_timeout_add (1000, timeout_cb, &timed_out);
  gtk_widget_queue_draw (widget);
  while (!painted && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, handler);
  if (!timed_out)
    g_source_remove (timeout);
}

static void
wait_for_frame (DossierWindow *window)
{
  wait_for_frame_of (GTK_WIDGET (window));
}

/* Screenshots land in the build folder for a person to look at; the test checks
 * that they render at the asked size. */
static void
save_widget_screenshot (GtkWidget  *widget,
                        const char *name)
{
  g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                           "screenshots", NULL);
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  /* A widget waiting to be redrawn has no render node, so the paintable is
   * empty until the next frame: take the picture right after one. */
  for (guint attempt = 0; attempt < 50 && node == NULL; attempt++)
    {
      /* A window just presented may not have its size yet (slow under the
       * sanitizers). */
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      if (width <= 0 || height <= 0)
        {
          run_for (100);
          continue;
        }
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
      if (node == NULL)
        wait_for_frame_of (widget);
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Screenshot: %s (%d×%d)", path, width, height);
}

static void
save_screenshot (DossierWindow *window,
                 const char    *name)
{
  save_widget_screenshot (adw_application_window_get_content (ADW_APPLICATION_WINDOW (window)), name);
}

static void
prepare_scene (DossierWindow *window,
               gboolean       wait_for_graph)
{
  gint64 ohchr = find_ohchr ();

  dossier_window_add_column (window, find_document ("E/CN.4/2003/74"));
  dossier_window_add_column (window, find_document_by_title (window, CCPCJ_TITLE));
  if (ohchr != 0)
    dossier_selection_select_entity (dossier_window_get_selection (window), ohchr, NULL);
  /* Frames rather than time: on a busy machine one frame can take seconds, and
   * the columns settle, then scroll to the mentions, over several frames. */
  for (guint i = 0; i < 20; i++)
    wait_for_frame (window);

  /* The interactive graph lays out off the main thread, which takes long on a
   * busy machine: only the README's picture waits for it. */
  if (wait_for_graph)
    {
      GtkWidget *graph = dossier_graph_pane_get_graph_widget (dossier_window_get_graph_pane (window));
      gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

      while (graph != NULL && g_object_class_find_property (G_OBJECT_GET_CLASS (graph), "graph")
             && g_get_monotonic_time () < deadline)
        {
          g_autoptr(GObject) laid_out = NULL;

          g_object_get (graph, "graph", &laid_out, NULL);
          if (laid_out != NULL)
            break;
          run_for (100);
        }
      for (guint i = 0; i < 10; i++)
        wait_for_frame (window);
    }
  run_for (300);
}

static void
screenshot_at (int         width,
               int         height,
               gboolean    dark,
               const char *name)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  DossierWindow *window;

  adw_style_manager_set_color_scheme (style, dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                                  : ADW_COLOR_SCHEME_FORCE_LIGHT);
  window = new_window_at_size (width, height);
  prepare_scene (window, FALSE);
  save_screenshot (window, name);
  destroy_window (window);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

static void
test_window_screenshots (void)
{
  use_corpus ();
  screenshot_at (1366, 768, FALSE, "window-1366x768-light");
  screenshot_at (1366, 768, TRUE, "window-1366x768-dark");
  screenshot_at (1920, 1080, FALSE, "window-1920x1080-light");
  screenshot_at (1920, 1080, TRUE, "window-1920x1080-dark");
}

/* The picture in the README (docs/screenshot.png is a copy of it): the two
 * documents of the issue side by side, OHCHR chosen, a taller graph centred on
 * it. */
static void
test_window_screenshot_readme (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("org.dossier.Dossier");
  DossierWindow *window;
  GtkWidget *graph;

  use_corpus ();
  g_settings_set_int (settings, "graph-height", 330);
  window = new_window_at_size (1600, 900);
  prepare_scene (window, TRUE);
  graph = dossier_graph_pane_get_graph_widget (dossier_window_get_graph_pane (window));
  /* Centred on OHCHR, far enough out to show its neighbours. */
  if (graph != NULL)
    {
      gtk_widget_activate_action (graph, "graph.zoom-selection", NULL);
      if (g_object_class_find_property (G_OBJECT_GET_CLASS (graph), "zoom"))
        g_object_set (graph, "zoom", 0.4, NULL);
    }
  for (guint i = 0; i < 10; i++)
    wait_for_frame (window);
  run_for (500);
  save_screenshot (window, "window-readme-1600x900");
  destroy_window (window);
  g_settings_reset (settings, "graph-height");
}

static void
test_window_screenshots_rtl (void)
{
  use_corpus ();
  gtk_widget_set_default_direction (GTK_TEXT_DIR_RTL);
  screenshot_at (1366, 768, FALSE, "window-1366x768-rtl");
  gtk_widget_set_default_direction (GTK_TEXT_DIR_LTR);
}

static void
test_window_screenshots_long_title (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "long-title.md", NULL);
  const char *text =
    "# Report of the Special Rapporteur on trafficking in persons, especially women and "
    "children, on the integration of the human rights of women and a gender perspective "
    "into the work of the regional commissions and specialised agencies\n\n"
    "1. The Office of the United Nations High Commissioner for Human Rights (OHCHR) and the "
    "United Nations Office on Drugs and Crime (UNODC) cooperated closely.\n";
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  DossierWindow *window;
  gint64 id = 0;

  use_corpus ();
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  g_assert_true (dossier_store_import_file (get_store (), file, NULL, NULL, &id, &error));
  g_assert_no_error (error);

  window = new_window_at_size (1366, 768);
  dossier_window_add_column (window, id);
  dossier_window_add_column (window, find_document ("E/CN.4/2003/74"));
  run_for (300);
  save_screenshot (window, "window-1366x768-long-title");
  destroy_window (window);

  g_assert_true (dossier_store_delete_document (get_store (), id, &error));
  g_assert_no_error (error);
}

/* The other pages of the side panes, with the search open: the entities by
 * kind and the document's details, at the smallest size. */
static void
test_window_screenshots_other_pages (void)
{
  DossierWindow *window;

  use_corpus ();
  window = new_window_at_size (1366, 768);
  prepare_scene (window, FALSE);
  dossier_library_set_page (dossier_window_get_library (window), "entities");
  dossier_inspector_set_page (dossier_window_get_inspector (window), "document");
  for (guint i = 0; i < 5; i++)
    wait_for_frame (window);
  run_for (300);
  save_screenshot (window, "window-1366x768-other-pages");
  destroy_window (window);
}

/* The same source makes two programs, so that each stays well within its
 * time limit on a busy machine: test-window drives the window, and
 * test-screenshots (built with DOSSIER_TEST_SCREENSHOTS) takes the pictures. */
#ifdef DOSSIER_TEST_SCREENSHOTS
#define SCREENSHOTS TRUE
#else
#define SCREENSHOTS FALSE
#endif

static const struct {
  const char *path;
  GTestFunc   func;
  gboolean    screenshot;
} cases[] = {
  { "/dossier/window/lists-documents", test_window_lists_documents, FALSE },
  { "/dossier/window/columns", test_window_columns, FALSE },
  { "/dossier/window/panes", test_window_panes, FALSE },
  { "/dossier/window/go-to-block", test_window_go_to_block, FALSE },
  { "/dossier/window/linked-selection", test_window_linked_selection, FALSE },
  { "/dossier/window/add-to-draft", test_window_add_to_draft, FALSE },
  { "/dossier/window/show-neighbourhood", test_window_show_neighbourhood, FALSE },
  { "/dossier/window/search", test_window_search, FALSE },
  { "/dossier/search/snippet-markup", test_search_snippet_markup, FALSE },
  { "/dossier/window/import", test_window_import, FALSE },
  { "/dossier/window/drop-files", test_window_drop_files, FALSE },
  { "/dossier/window/open-files", test_window_open_files, FALSE },
  { "/dossier/window/error-state", test_window_error_state, FALSE },
  { "/dossier/window/start-fresh-twice", test_window_start_fresh_twice, FALSE },
  { "/dossier/window/remembered-corpus", test_window_remembered_corpus, FALSE },
  { "/dossier/window/empty-state", test_window_empty_state, FALSE },
  { "/dossier/window/screenshots", test_window_screenshots, TRUE },
  { "/dossier/window/screenshot-readme", test_window_screenshot_readme, TRUE },
  { "/dossier/window/screenshots-rtl", test_window_screenshots_rtl, TRUE },
  { "/dossier/window/screenshots-long-title", test_window_screenshots_long_title, TRUE },
  { "/dossier/window/screenshots-other-pages", test_window_screenshots_other_pages, TRUE },
};

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  tmp_dir = g_dir_make_tmp ("dossier-window-XXXXXX", &error);
  g_assert_no_error (error);
  /* The name the window shows under its title, as for a real user. */
  db_path = g_build_filename (tmp_dir, "corpus.db", NULL);

  app = dossier_application_new ();
  /* Its own flags (it opens files) and not the single instance on the bus. */
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    if (cases[i].screenshot == SCREENSHOTS)
      g_test_add_func (cases[i].path, cases[i].func);

  status = g_test_run ();

  g_clear_object (&app);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmp_dir);
    if (system (cmd) != 0)
      g_printerr ("could not remove %s\n", tmp_dir);
  }
  g_free (db_path);
  g_free (tmp_dir);
  return status;
}
