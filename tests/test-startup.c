/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Start-up and long documents (issue 11): the window shows its first frame
 * before it reads the corpus's entities, and fills its lists afterwards; a
 * long document shows its text first and styles every mention eventually.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "dossier-application.h"
#include "dossier-document-view.h"
#include "dossier-draft-panel.h"
#include "dossier-entities.h"
#include "dossier-graph-pane.h"
#include "dossier-graph-view.h"
#include "dossier-graph-view-private.h"
#include "dossier-search-popover.h"
#include "dossier-window.h"

/* A long document: this many numbered paragraphs, each naming entities. */
#define LONG_PARAGRAPHS 600

static DossierApplication *app;
static char *tmp_dir;

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until *@flag is TRUE or @msec pass; returns *@flag. */
static gboolean
wait_for (gboolean *flag,
          guint     msec)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (msec, timeout_cb, &timed_out);

  while (!*flag && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return *flag;
}

typedef struct
{
  DossierWindow *window;
  GListModel    *rows;                  /* what the entity list shows */
  gboolean       painted;
  gboolean       loading_at_first_paint;
  guint          entities_at_first_paint;
  gboolean       loaded;
} StartupState;

static void
first_paint_cb (GdkFrameClock *clock,
                StartupState  *state)
{
  if (state->painted)
    return;
  state->painted = TRUE;
  g_object_get (state->window, "loading", &state->loading_at_first_paint, NULL);
  state->entities_at_first_paint = g_list_model_get_n_items (state->rows);
}

static void
realize_cb (GtkWidget    *widget,
            StartupState *state)
{
  g_signal_connect (gtk_widget_get_frame_clock (widget), "after-paint",
                    G_CALLBACK (first_paint_cb), state);
}

static void
loading_cb (GObject      *object,
            GParamSpec   *pspec,
            StartupState *state)
{
  gboolean loading;

  g_object_get (object, "loading", &loading, NULL);
  if (!loading)
    state->loaded = TRUE;
}

/* The GtkListView of the library's entity browser, found by walking the
 * widget tree: the library's own accessors would load the entities. */
static GtkListView *
find_entity_list (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkListView *found;

      if (GTK_IS_LIST_VIEW (child) && gtk_widget_get_ancestor (child, DOSSIER_TYPE_LIBRARY) != NULL)
        {
          GtkSelectionModel *model = gtk_list_view_get_model (GTK_LIST_VIEW (child));
          GListModel *inner = model != NULL
                              ? gtk_single_selection_get_model (GTK_SINGLE_SELECTION (model)) : NULL;

          if (GTK_IS_TREE_LIST_MODEL (inner))
            return GTK_LIST_VIEW (child);
        }
      if ((found = find_entity_list (child)) != NULL)
        return found;
    }
  return NULL;
}

static void
test_window_loads_after_first_frame (void)
{
  g_autofree char *db = g_build_filename (tmp_dir, "corpus.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entities = NULL;
  StartupState state = { NULL, };
  GtkListView *entity_list;

  g_assert_true (dossier_application_open_store (app, db, &error));
  g_assert_no_error (error);
  entities = dossier_store_list_entities (dossier_application_get_store (app), NULL, 0, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entities->len, >, 100);

  state.window = dossier_window_new (app);
  g_object_ref_sink (state.window);
  entity_list = find_entity_list (GTK_WIDGET (state.window));
  g_assert_nonnull (entity_list);
  /* What the entity list shows, read without asking the library (which
   * would read the entities at once): its list view's model. */
  state.rows = G_LIST_MODEL (gtk_list_view_get_model (entity_list));

  /* Built, not yet shown: nothing read. */
  {
    gboolean loading;

    g_object_get (state.window, "loading", &loading, NULL);
    g_assert_true (loading);
    g_assert_cmpuint (g_list_model_get_n_items (state.rows), ==, 0);
  }

  g_signal_connect (state.window, "realize", G_CALLBACK (realize_cb), &state);
  g_signal_connect (state.window, "notify::loading", G_CALLBACK (loading_cb), &state);
  gtk_window_set_default_size (GTK_WINDOW (state.window), 1366, 768);
  gtk_window_present (GTK_WINDOW (state.window));

  /* The first frame comes before the entities... */
  g_assert_true (wait_for (&state.painted, 20000));
  g_assert_true (state.loading_at_first_paint);
  g_assert_cmpuint (state.entities_at_first_paint, ==, 0);

  /* ... which follow without anyone asking: every kind's group, and the
   * library's count is the store's. */
  g_assert_true (wait_for (&state.loaded, 20000));
  g_assert_cmpuint (g_list_model_get_n_items (state.rows), >, 0);
  g_assert_cmpuint (dossier_library_get_n_entities (dossier_window_get_library (state.window)),
                    ==, entities->len);

  gtk_window_destroy (GTK_WINDOW (state.window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (state.window);
}

/* The first widget of @type in @widget's tree, @widget included. */
static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The header bar's button that shows the draft panel. */
static GtkWidget *
find_draft_toggle (GtkWidget *widget)
{
  if (GTK_IS_TOGGLE_BUTTON (widget) &&
      g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), "document-edit-symbolic") == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_draft_toggle (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  DossierWindow *window;
  gboolean       painted;
  gboolean       panes_at_first_paint;
  gboolean       tooltips_at_first_paint;
  gboolean       graph_view_at_first_paint;
  gboolean       graph_menu_at_first_paint;
} PanesState;

static GtkWidget *
find_tooltip (GtkWidget  *widget,
              const char *text)
{
  if (g_strcmp0 (gtk_widget_get_tooltip_text (widget), text) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_tooltip (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
panes_first_paint_cb (GdkFrameClock *clock,
                      PanesState    *state)
{
  if (state->painted)
    return;
  state->painted = TRUE;
  state->tooltips_at_first_paint =
    find_tooltip (GTK_WIDGET (state->window), "Search the Corpus") != NULL ||
    find_tooltip (GTK_WIDGET (state->window), "Show Library") != NULL ||
    find_tooltip (GTK_WIDGET (state->window), "Give This Entity Another Name") != NULL ||
    find_tooltip (GTK_WIDGET (state->window), "Zoom In") != NULL ||
    find_tooltip (GTK_WIDGET (state->window), "Layout Engine") != NULL ||
    find_tooltip (GTK_WIDGET (state->window), "Entities to Show") != NULL;
  {
    GtkWidget *view = find_widget (GTK_WIDGET (state->window), DOSSIER_TYPE_GRAPH_VIEW);

    state->graph_view_at_first_paint = view != NULL && gtk_widget_get_mapped (view);
    state->graph_menu_at_first_paint = view != NULL && DOSSIER_GRAPH_VIEW (view)->context_menu != NULL;
  }
  state->panes_at_first_paint =
    find_widget (GTK_WIDGET (state->window), DOSSIER_TYPE_DRAFT_PANEL) != NULL ||
    find_widget (GTK_WIDGET (state->window), DOSSIER_TYPE_SEARCH_POPOVER) != NULL;
}

static void
panes_realize_cb (GtkWidget  *widget,
                  PanesState *state)
{
  g_signal_connect (gtk_widget_get_frame_clock (widget), "after-paint",
                    G_CALLBACK (panes_first_paint_cb), state);
}

static void
destroy_and_finalize (DossierWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (window);
}

/* The hidden panes (the draft panel, the search popover) are not built before
 * the first frame; they are after it without anyone asking, and at once when
 * used before. */
static void
test_hidden_panes_after_first_frame (void)
{
  g_autofree char *db = g_build_filename (tmp_dir, "corpus.db", NULL);
  g_autoptr(GError) error = NULL;
  PanesState state = { NULL, };
  DossierWindow *window;
  GtkWidget *panel, *toggle;

  g_assert_true (dossier_application_open_store (app, db, &error));
  g_assert_no_error (error);

  state.window = dossier_window_new (app);
  g_object_ref_sink (state.window);
  g_assert_null (find_widget (GTK_WIDGET (state.window), DOSSIER_TYPE_DRAFT_PANEL));
  g_assert_null (find_widget (GTK_WIDGET (state.window), DOSSIER_TYPE_SEARCH_POPOVER));
  g_signal_connect (state.window, "realize", G_CALLBACK (panes_realize_cb), &state);
  gtk_window_set_default_size (GTK_WINDOW (state.window), 1366, 768);
  gtk_window_present (GTK_WINDOW (state.window));
  g_assert_true (wait_for (&state.painted, 20000));
  g_assert_false (state.panes_at_first_paint);
  for (guint i = 0; i < 200 && find_widget (GTK_WIDGET (state.window), DOSSIER_TYPE_DRAFT_PANEL) == NULL; i++)
    {
      gboolean ignored = FALSE;

      wait_for (&ignored, 50);
    }
  panel = find_widget (GTK_WIDGET (state.window), DOSSIER_TYPE_DRAFT_PANEL);
  g_assert_nonnull (panel);
  g_assert_false (gtk_widget_get_visible (panel));
  g_assert_nonnull (find_widget (GTK_WIDGET (state.window), DOSSIER_TYPE_SEARCH_POPOVER));
  g_assert_true (find_widget (GTK_WIDGET (state.window), DOSSIER_TYPE_SEARCH_POPOVER) ==
                 GTK_WIDGET (dossier_window_get_search (state.window)));
  /* The header bar's, the inspector's and the graph's tooltips likewise come
   * after the first frame, each on its button; the graph view's context menu
   * is built when first opened (test-graph-view-pointer opens it). */
  g_assert_false (state.tooltips_at_first_paint);
  g_assert_true (state.graph_view_at_first_paint);
  g_assert_false (state.graph_menu_at_first_paint);
  {
    static const char * const tooltips[] = {
      "Show Library", "Back", "Forward", "Import Documents…", "Main Menu", "Show Draft",
      "Show Inspector", "Show Graph", "Open Another Column", "Search the Corpus",
      "Show Neighbourhood in Graph", "Give This Entity Another Name", "Merge Into Another Entity",
      "More Corrections",
      "Layout Engine", "Relations, Dates, Colours and Sizes of the Graph", "Zoom Out", "Zoom In",
      "Fit the Whole Graph", "Zoom to Selection", "Save and Restore Views of the Graph",
      "Export What Is Shown", "Entities to Show",
    };

    for (guint i = 0; i < G_N_ELEMENTS (tooltips); i++)
      {
        GtkWidget *button = find_tooltip (GTK_WIDGET (state.window), tooltips[i]);

        g_assert_nonnull (button);
        g_assert_true (GTK_IS_BUTTON (button) || GTK_IS_MENU_BUTTON (button) || GTK_IS_DROP_DOWN (button));
      }
  }
  destroy_and_finalize (state.window);

  /* Never shown: a "draft" action builds the panel and reaches it; it shows
   * itself, and the header bar's draft button follows it. */
  window = dossier_window_new (app);
  g_object_ref_sink (window);
  g_assert_null (find_widget (GTK_WIDGET (window), DOSSIER_TYPE_DRAFT_PANEL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "draft.add-query", "s",
                                             "witness protection"));
  panel = find_widget (GTK_WIDGET (window), DOSSIER_TYPE_DRAFT_PANEL);
  g_assert_nonnull (panel);
  g_assert_true (gtk_widget_get_visible (panel));
  toggle = find_draft_toggle (GTK_WIDGET (window));
  g_assert_nonnull (toggle);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (toggle)));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), FALSE);
  g_assert_false (gtk_widget_get_visible (panel));
  destroy_and_finalize (window);

  /* The draft button builds it too, shown. */
  window = dossier_window_new (app);
  g_object_ref_sink (window);
  toggle = find_draft_toggle (GTK_WIDGET (window));
  g_assert_nonnull (toggle);
  g_assert_null (find_widget (GTK_WIDGET (window), DOSSIER_TYPE_DRAFT_PANEL));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), TRUE);
  panel = find_widget (GTK_WIDGET (window), DOSSIER_TYPE_DRAFT_PANEL);
  g_assert_nonnull (panel);
  g_assert_true (gtk_widget_get_visible (panel));
  destroy_and_finalize (window);
}

static gboolean
strv_has (char       **strv,
          const char  *item)
{
  return strv != NULL && g_strv_contains ((const char * const *) strv, item);
}

/* The shortcuts window is built when first asked for, not with the window;
 * Ctrl+? and the menu's "Keyboard Shortcuts" (win.show-help-overlay) show it. */
static void
test_help_overlay_on_demand (void)
{
  g_autofree char *db = g_build_filename (tmp_dir, "corpus.db", NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) accels = NULL;
  g_auto(GStrv) actions = NULL;
  PanesState state = { NULL, };
  GtkShortcutsWindow *overlay;
  GLogLevelFlags fatal;
  gboolean ignored = FALSE;

  g_assert_true (dossier_application_open_store (app, db, &error));
  g_assert_no_error (error);

  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay");
  g_assert_true (strv_has (accels, "<Control>question"));
  actions = gtk_application_get_actions_for_accel (GTK_APPLICATION (app), "<Control>question");
  g_assert_true (strv_has (actions, "win.show-help-overlay"));

  state.window = dossier_window_new (app);
  g_object_ref_sink (state.window);
  g_signal_connect (state.window, "realize", G_CALLBACK (panes_realize_cb), &state);
  gtk_window_set_default_size (GTK_WINDOW (state.window), 1366, 768);
  gtk_window_present (GTK_WINDOW (state.window));
  g_assert_true (wait_for (&state.painted, 20000));
  wait_for (&ignored, 200);
  g_assert_null (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (state.window)));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (state.window), "show-help-overlay"));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (state.window), "show-help-overlay"));

  /* What the menu item and the accelerator do. GTK 4.8's shortcuts window,
   * shown, measures one of its own labels below zero under Xvfb ("GtkLabel …
   * reported min width -3"): while it is shown, only criticals are fatal. */
  fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (state.window), "win.show-help-overlay", NULL));
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (state.window));
  g_assert_nonnull (overlay);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (overlay)) == GTK_WINDOW (state.window));
  g_assert_true (dossier_window_get_help_overlay (state.window) == overlay);

  /* Closed, it hides; asked for again, the same one comes back. */
  gtk_window_close (GTK_WINDOW (overlay));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (overlay)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (state.window), "win.show-help-overlay", NULL));
  g_assert_true (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (state.window)) == overlay);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));
  destroy_and_finalize (state.window);
  g_log_set_always_fatal (fatal);
}

typedef struct
{
  DossierGraphView *view;
  gboolean          painted;
  gboolean          interrupted;
} GraphState;

static void
graph_first_paint_cb (GdkFrameClock *clock,
                      GraphState    *state)
{
  state->painted = TRUE;
}

static void
graph_realize_cb (GtkWidget  *widget,
                  GraphState *state)
{
  g_signal_connect (gtk_widget_get_frame_clock (widget), "after-paint",
                    G_CALLBACK (graph_first_paint_cb), state);
}

/* A button of the graph view shown after the first frame while there is no
 * graph yet: the cancel button of the corpus graph's first build, which has
 * just started in its thread. A filter changed now must win over that build. */
static void
graph_button_shown_cb (GtkWidget  *button,
                       GParamSpec *pspec,
                       GraphState *state)
{
  if (!state->painted || state->interrupted || !gtk_widget_get_visible (button)
      || dossier_graph_view_get_graph (state->view) != NULL)
    return;
  state->interrupted = TRUE;
  dossier_graph_view_set_min_weight (state->view, 3);
}

static void
watch_buttons (GtkWidget  *widget,
               GraphState *state)
{
  if (GTK_IS_BUTTON (widget))
    g_signal_connect (widget, "notify::visible", G_CALLBACK (graph_button_shown_cb), state);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    watch_buttons (child, state);
}

/* Whether every co-mention edge of @graph (the minimum weight leaves typed
 * relations alone) has at least @weight supporting paragraphs. */
static gboolean
edges_weigh_at_least (DossierGraph *graph,
                      guint         weight)
{
  guint n_co_mentions = 0;

  for (guint i = 0; i < dossier_graph_get_n_edges (graph); i++)
    {
      const DossierGraphEdge *edge = dossier_graph_get_edge (graph, i);

      if (!edge->co_mention || edge->typed)
        continue;
      if (edge->weight < weight)
        return FALSE;
      n_co_mentions++;
    }
  return n_co_mentions > 0;
}

static DossierGraph *
wait_for_graph (DossierGraphView *view,
                guint             min_weight)
{
  for (guint i = 0; i < 400; i++)
    {
      DossierGraph *graph = dossier_graph_view_get_graph (view);
      gboolean ignored = FALSE;

      if (graph != NULL && edges_weigh_at_least (graph, min_weight))
        return graph;
      wait_for (&ignored, 50);
    }
  return NULL;
}

/* The corpus graph is read in a thread on a connection of its own; what the
 * view shows answers from the window's store, and a rebuild asked for while
 * the thread reads (a new filter, a restored view) wins over it. */
static void
test_corpus_graph_in_thread (void)
{
  g_autofree char *db = g_build_filename (tmp_dir, "corpus.db", NULL);
  g_autoptr(GError) error = NULL;
  GraphState state = { NULL, };
  DossierWindow *window;
  DossierGraph *graph;

  g_assert_true (dossier_application_open_store (app, db, &error));
  g_assert_no_error (error);

  window = dossier_window_new (app);
  g_object_ref_sink (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1366, 768);
  gtk_window_present (GTK_WINDOW (window));
  state.view = DOSSIER_GRAPH_VIEW (dossier_graph_pane_get_graph_widget (dossier_window_get_graph_pane (window)));
  graph = wait_for_graph (state.view, 1);
  g_assert_nonnull (graph);
  g_assert_true (dossier_graph_get_store (graph) == dossier_application_get_store (app));
  destroy_and_finalize (window);

  window = dossier_window_new (app);
  g_object_ref_sink (window);
  state.view = DOSSIER_GRAPH_VIEW (dossier_graph_pane_get_graph_widget (dossier_window_get_graph_pane (window)));
  g_assert_cmpuint (dossier_graph_view_get_min_weight (state.view), <, 3);
  watch_buttons (GTK_WIDGET (state.view), &state);
  g_signal_connect (window, "realize", G_CALLBACK (graph_realize_cb), &state);
  gtk_window_set_default_size (GTK_WINDOW (window), 1366, 768);
  gtk_window_present (GTK_WINDOW (window));
  graph = wait_for_graph (state.view, 3);
  g_assert_true (state.interrupted);
  g_assert_nonnull (graph);
  /* The first build's graph, had it not been dropped, would come now. */
  {
    gboolean ignored = FALSE;

    wait_for (&ignored, 1500);
  }
  g_assert_true (dossier_graph_view_get_graph (state.view) == graph);
  g_assert_true (dossier_graph_get_store (graph) == dossier_application_get_store (app));
  destroy_and_finalize (window);
}

static char *
write_long_document (void)
{
  g_autoptr(GString) text = g_string_new ("# Report of the Special Rapporteur on a long subject\n\n"
                                          "Symbol: E/CN.4/2099/1\n\n");
  g_autofree char *path = g_build_filename (tmp_dir, "long-report.md", NULL);
  g_autoptr(GError) error = NULL;

  for (guint i = 1; i <= LONG_PARAGRAPHS; i++)
    g_string_append_printf (text,
                            "%u. The United Nations Office on Drugs and Crime (UNODC) and the "
                            "International Organization for Migration (IOM) reported to the "
                            "Commission on Human Rights under General Assembly resolution 55/25, "
                            "with the Office of the United Nations High Commissioner for Human "
                            "Rights, on the trafficking of women and girls (paragraph %u).\n\n",
                            i, i);
  g_assert_true (g_file_set_contents (path, text->str, text->len, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static void
styled_cb (GObject    *object,
           GParamSpec *pspec,
           gboolean   *styled)
{
  g_object_get (object, "styled", styled, NULL);
}

/* Whether the buffer has an entity tag over [@start, @end). */
static gboolean
has_entity_tag (GtkTextBuffer *buffer,
                guint          start,
                guint          end)
{
  GtkTextIter iter;
  g_autoptr(GSList) tags = NULL;

  gtk_text_buffer_get_iter_at_offset (buffer, &iter, (int) start);
  tags = gtk_text_iter_get_tags (&iter);
  for (GSList *l = tags; l != NULL; l = l->next)
    {
      g_autofree char *name = NULL;
      GtkTextIter tag_end = iter;

      g_object_get (l->data, "name", &name, NULL);
      if (name == NULL || !g_str_has_prefix (name, "entity:"))
        continue;
      gtk_text_iter_forward_to_tag_toggle (&tag_end, l->data);
      if ((guint) gtk_text_iter_get_offset (&tag_end) >= end)
        return TRUE;
    }
  return FALSE;
}

static void
test_long_document_styled (void)
{
  g_autofree char *db = g_build_filename (tmp_dir, "long.db", NULL);
  g_autofree char *path = write_long_document ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = dossier_store_open (db, &error);
  g_autoptr(DossierExtractor) extractor = NULL;
  g_autoptr(DossierSelection) selection = dossier_selection_new ();
  g_autoptr(GListModel) documents = NULL;
  g_autoptr(GPtrArray) blocks = NULL;
  g_autoptr(GPtrArray) mentions = NULL;
  g_autoptr(GHashTable) block_starts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  DossierDocumentView *view;
  GtkTextBuffer *buffer;
  GtkTextIter search;
  GtkWindow *window;
  gint64 document_id = 0;
  gboolean styled = TRUE;
  guint n_tagged = 0;

  g_assert_no_error (error);
  extractor = dossier_extractor_new (NULL, &error);
  g_assert_no_error (error);
  g_assert_true (dossier_store_import_file (store, file, extractor, NULL, &document_id, &error));
  g_assert_no_error (error);
  blocks = dossier_store_get_blocks (store, document_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (blocks->len, >=, LONG_PARAGRAPHS);
  mentions = dossier_store_list_document_mentions (store, document_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mentions->len, >=, 3 * LONG_PARAGRAPHS);

  documents = dossier_store_list_documents (store, NULL);
  window = GTK_WINDOW (gtk_window_new ());
  g_object_ref_sink (window);
  gtk_window_set_default_size (window, 700, 600);
  view = DOSSIER_DOCUMENT_VIEW (dossier_document_view_new (store, selection, documents));
  gtk_window_set_child (window, GTK_WIDGET (view));
  gtk_window_present (window);
  g_signal_connect (view, "notify::styled", G_CALLBACK (styled_cb), &styled);

  /* The text is there at once, its mentions not yet styled... */
  g_assert_true (dossier_document_view_set_document_id (view, document_id));
  g_object_get (view, "styled", &styled, NULL);
  g_assert_false (styled);
  buffer = gtk_text_view_get_buffer (dossier_document_view_get_text_view (view));
  g_assert_cmpint (gtk_text_buffer_get_char_count (buffer), >, LONG_PARAGRAPHS * 200);

  /* ... and every one of them is, soon after. */
  g_assert_true (wait_for (&styled, 30000));

  /* Where each block's text is, found in order. */
  gtk_text_buffer_get_start_iter (buffer, &search);
  for (guint i = 0; i < blocks->len; i++)
    {
      DossierBlock *block = g_ptr_array_index (blocks, i);
      GtkTextIter match, after;

      if (block->text == NULL || *block->text == '\0')
        continue;
      g_assert_true (gtk_text_iter_forward_search (&search, block->text, GTK_TEXT_SEARCH_TEXT_ONLY,
                                                   &match, &after, NULL));
      g_hash_table_insert (block_starts, g_memdup2 (&block->id, sizeof block->id),
                           GINT_TO_POINTER (gtk_text_iter_get_offset (&match)));
      search = after;
    }

  for (guint i = 0; i < mentions->len; i++)
    {
      DossierMention *mention = g_ptr_array_index (mentions, i);
      gpointer start;

      g_assert_true (g_hash_table_lookup_extended (block_starts, &mention->block_id, NULL, &start));
      if (!has_entity_tag (buffer, GPOINTER_TO_UINT (start) + mention->start,
                           GPOINTER_TO_UINT (start) + mention->end))
        g_error ("mention %u (“%s”) of block %" G_GINT64_FORMAT " is not styled",
                 i, mention->surface, mention->block_id);
      n_tagged++;
    }
  g_assert_cmpuint (n_tagged, ==, mentions->len);

  gtk_window_destroy (window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  tmp_dir = g_dir_make_tmp ("dossier-startup-XXXXXX", &error);
  g_assert_no_error (error);

  app = dossier_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/dossier/startup/window-loads-after-first-frame",
                   test_window_loads_after_first_frame);
  g_test_add_func ("/dossier/startup/hidden-panes-after-first-frame",
                   test_hidden_panes_after_first_frame);
  g_test_add_func ("/dossier/startup/help-overlay-on-demand", test_help_overlay_on_demand);
  g_test_add_func ("/dossier/startup/corpus-graph-in-thread", test_corpus_graph_in_thread);
  g_test_add_func ("/dossier/startup/long-document-styled", test_long_document_styled);

  status = g_test_run ();

  g_clear_object (&app);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmp_dir);

    if (system (cmd) != 0)
      g_printerr ("could not remove %s\n", tmp_dir);
  }
  g_free (tmp_dir);
  return status;
}
