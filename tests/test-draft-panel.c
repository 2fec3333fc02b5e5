/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The draft panel: drafts listed and opened, excerpt cards added from a paragraph,
 * an entity and a search, reordered with the keyboard and by a drop, the jump
 * from a card to its source, the live word count, typing saved at once, undo and
 * redo, and the "draft" actions it gives its window. With DOSSIER_SCREENSHOT_DIR
 * set, it also renders the panel to a PNG to look at.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <unistd.h>

#include "dossier-draft-panel.h"
#include "dossier-entities.h"
#include "dossier-search-popover.h"
#include "dossier-window.h"

static char *tmp_dir;
static char *db_path;
static DossierStore *store;
static gint64 report_id;
static gint64 note_id;

typedef struct
{
  GtkWindow         *window;
  GtkWidget         *other;       /* a sibling, as a document view would be */
  DossierSelection  *selection;
  DossierDraftPanel *panel;
} Fixture;

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Lets GTK lay out and draw, so that widgets have their sizes. */
static void
wait_frames (void)
{
  for (guint i = 0; i < 30; i++)
    {
      iterate ();
      g_usleep (10000);
    }
}

static void
delete_drafts (void)
{
  g_autoptr(GPtrArray) drafts = dossier_draft_list (store, NULL);

  for (guint i = 0; drafts != NULL && i < drafts->len; i++)
    g_assert_true (dossier_draft_delete (store, ((DossierDraftInfo *) g_ptr_array_index (drafts, i))->id, NULL));
}

static void
open_window (Fixture *f)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  f->window = GTK_WINDOW (gtk_window_new ());
  g_object_ref_sink (f->window);
  gtk_window_set_default_size (f->window, 420, 900);
  f->other = gtk_button_new_with_label ("document");
  gtk_box_append (GTK_BOX (box), f->other);
  f->panel = DOSSIER_DRAFT_PANEL (dossier_draft_panel_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (f->panel), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->panel));
  gtk_window_set_child (f->window, box);
  f->selection = dossier_selection_new ();
  dossier_draft_panel_set_model (f->panel, store, f->selection);
  gtk_window_present (f->window);
  iterate ();
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  delete_drafts ();
  open_window (f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (f->window);
  iterate ();
  g_assert_finalize_object (f->window);
  g_assert_finalize_object (f->selection);
}

static gint64
paragraph (gint64      document_id,
           const char *label)
{
  g_autoptr(GPtrArray) blocks = dossier_store_get_blocks (store, document_id, NULL);

  for (guint i = 0; blocks != NULL && i < blocks->len; i++)
    {
      DossierBlock *block = g_ptr_array_index (blocks, i);

      if (g_strcmp0 (block->label, label) == 0)
        return block->id;
    }
  g_error ("No paragraph %s", label);
  return 0;
}

/* Every descendant of @widget of @type, in order. */
static void
collect (GtkWidget *widget,
         GType      type,
         GPtrArray *out)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && gtk_widget_get_mapped (widget))
    g_ptr_array_add (out, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect (child, type, out);
}

static GPtrArray *
find_all (gpointer widget,
          GType    type)
{
  GPtrArray *out = g_ptr_array_new ();

  collect (GTK_WIDGET (widget), type, out);
  return out;
}

/* The excerpt cards: the list rows that carry an excerpt. */
static GPtrArray *
cards (Fixture *f)
{
  g_autoptr(GPtrArray) rows = find_all (f->panel, GTK_TYPE_LIST_BOX_ROW);
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; i < rows->len; i++)
    if (g_object_get_data (rows->pdata[i], "excerpt-id") != NULL)
      g_ptr_array_add (out, rows->pdata[i]);
  return out;
}

static GtkLabel *
find_label (gpointer    widget,
            const char *prefix)
{
  g_autoptr(GPtrArray) labels = find_all (widget, GTK_TYPE_LABEL);

  for (guint i = 0; i < labels->len; i++)
    if (g_str_has_prefix (gtk_label_get_text (labels->pdata[i]), prefix))
      return labels->pdata[i];
  return NULL;
}

static DossierDraft *
stored_draft (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  DossierDraft *draft = dossier_draft_load (store, dossier_draft_panel_get_draft_id (f->panel), &error);

  g_assert_no_error (error);
  return draft;
}

static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  const char *dir = g_getenv ("DOSSIER_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GskRenderer) renderer = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  if (dir == NULL)
    return;
  /* Let a few frames be drawn first. */
  for (guint i = 0; i < 50; i++)
    {
      iterate ();
      g_usleep (10000);
    }
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  renderer = gsk_cairo_renderer_new ();
  g_assert_true (gsk_renderer_realize (renderer, NULL, NULL));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_renderer_unrealize (renderer);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Saved %s", path);
}

static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) stacks = find_all (f->panel, GTK_TYPE_STACK);
  GtkStack *stack = NULL;

  for (guint i = 0; i < stacks->len; i++)
    if (gtk_stack_get_child_by_name (stacks->pdata[i], "draft") != NULL)
      stack = stacks->pdata[i];
  g_assert_nonnull (stack);

  g_assert_cmpint (dossier_draft_panel_get_draft_id (f->panel), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "none");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->panel), "panel.new-draft", "s", "meeting-summary"));
  iterate ();
  g_assert_cmpint (dossier_draft_panel_get_draft_id (f->panel), !=, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "draft");
}

static void
test_build (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) views = NULL;
  g_autoptr(GPtrArray) buttons = NULL;
  g_autoptr(DossierDraft) draft = NULL;
  g_autofree char *expected_count = NULL;
  GtkButton *cite;
  GtkLabel *count;

  /* Adding without an open draft starts one. */
  g_assert_true (dossier_draft_panel_add_block (f->panel, paragraph (report_id, "16"), -1, -1, &error));
  g_assert_no_error (error);
  g_assert_true (dossier_draft_panel_add_block (f->panel, paragraph (report_id, "12"), -1, -1, &error));
  g_assert_true (dossier_draft_panel_add_block (f->panel, paragraph (note_id, "15"), -1, -1, &error));
  iterate ();

  rows = cards (f);
  g_assert_cmpuint (rows->len, ==, 3);
  buttons = find_all (rows->pdata[2], GTK_TYPE_BUTTON);
  cite = g_ptr_array_index (buttons, 0);
  g_assert_cmpstr (gtk_button_get_label (cite), ==, "Trafficking in human beings, especially women and children, para. 15");
  g_assert_nonnull (find_label (rows->pdata[0], "“The Recommended Principles"));
  /* A screen reader hears what a card is and what its icon buttons do. */
  gtk_test_accessible_assert_property (rows->pdata[2], GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Excerpt, Trafficking in human beings, especially women and children, para. 15");
  {
    g_autoptr(GPtrArray) card_buttons = find_all (rows->pdata[2], GTK_TYPE_BUTTON);
    GtkWidget *remove = card_buttons->pdata[card_buttons->len - 1];

    gtk_test_accessible_assert_property (remove, GTK_ACCESSIBLE_PROPERTY_LABEL, "Remove Excerpt");
  }

  /* Four sections of a meeting summary, each with its text box. */
  views = find_all (f->panel, GTK_TYPE_TEXT_VIEW);
  g_assert_cmpuint (views->len, ==, 4);

  /* Typing is in the corpus at once, and counted. */
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (views->pdata[1]), "Three findings stand out.", -1);
  draft = stored_draft (f);
  g_assert_cmpstr (((DossierDraftSection *) draft->sections->pdata[1])->text, ==, "Three findings stand out.");
  expected_count = g_strdup_printf ("%u words", dossier_draft_word_count (draft));
  count = find_label (f->panel, expected_count);
  g_assert_nonnull (count);
  g_assert_cmpuint (dossier_draft_panel_get_word_count (f->panel), ==, dossier_draft_word_count (draft));
  g_clear_pointer (&draft, dossier_draft_free);

  /* The citation leads back to the paragraph. */
  g_signal_emit_by_name (cite, "clicked");
  g_assert_cmpint (dossier_selection_get_block_id (f->selection), ==, paragraph (note_id, "15"));
  g_assert_cmpint (dossier_selection_get_document_id (f->selection), ==, note_id);

  /* Undo takes back the typing, then the last excerpt; redo puts them back.
   * The text that had the keyboard keeps it. */
  dossier_draft_editor_break_merge (dossier_draft_panel_get_editor (f->panel));
  gtk_widget_grab_focus (views->pdata[1]);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->panel), "panel.undo", NULL));
  {
    g_autoptr(GPtrArray) now = find_all (f->panel, GTK_TYPE_TEXT_VIEW);
    GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));

    g_assert_true (focus == now->pdata[1]);
  }
  draft = stored_draft (f);
  g_assert_cmpstr (((DossierDraftSection *) draft->sections->pdata[1])->text, ==, "");
  g_clear_pointer (&draft, dossier_draft_free);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->panel), "panel.undo", NULL));
  iterate ();
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = cards (f);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->panel), "panel.redo", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->panel), "panel.redo", NULL));
  iterate ();
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = cards (f);
  g_assert_cmpuint (rows->len, ==, 3);
  g_clear_pointer (&views, g_ptr_array_unref);
  views = find_all (f->panel, GTK_TYPE_TEXT_VIEW);
  {
    GtkTextIter start, end;
    g_autofree char *text = NULL;

    gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (views->pdata[1]), &start, &end);
    text = gtk_text_buffer_get_text (gtk_text_view_get_buffer (views->pdata[1]), &start, &end, FALSE);
    g_assert_cmpstr (text, ==, "Three findings stand out.");
  }

  screenshot (GTK_WIDGET (f->window), "draft-panel.png");
}

static gint64
card_id (gpointer card)
{
  return (gint64) GPOINTER_TO_SIZE (g_object_get_data (card, "excerpt-id"));
}

static void
test_reorder (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(DossierDraft) draft = NULL;
  g_autoptr(GError) error = NULL;
  gint64 first, second;
  DossierDraftSection *intro, *findings;

  g_assert_true (dossier_draft_panel_add_block (f->panel, paragraph (report_id, "16"), -1, -1, &error));
  g_assert_true (dossier_draft_panel_add_block (f->panel, paragraph (report_id, "12"), -1, -1, &error));
  iterate ();
  rows = cards (f);
  first = card_id (rows->pdata[0]);
  second = card_id (rows->pdata[1]);

  /* Alt+Down on the first card, as the keyboard does it. */
  gtk_widget_grab_focus (rows->pdata[0]);
  g_assert_true (dossier_draft_panel_move_excerpt (f->panel, first, 1));
  iterate ();
  draft = stored_draft (f);
  intro = draft->sections->pdata[0];
  g_assert_cmpint (((DossierExcerpt *) intro->excerpts->pdata[0])->id, ==, second);
  g_assert_cmpint (((DossierExcerpt *) intro->excerpts->pdata[1])->id, ==, first);
  g_clear_pointer (&draft, dossier_draft_free);
  /* The moved card keeps the focus, so the key can be pressed again. */
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = cards (f);
  g_assert_cmpint (card_id (rows->pdata[1]), ==, first);

  /* Past the end of its section it goes to the top of the next one. */
  g_assert_true (dossier_draft_panel_move_excerpt (f->panel, first, 1));
  draft = stored_draft (f);
  intro = draft->sections->pdata[0];
  findings = draft->sections->pdata[1];
  g_assert_cmpuint (intro->excerpts->len, ==, 1);
  g_assert_cmpuint (findings->excerpts->len, ==, 1);
  g_assert_cmpint (((DossierExcerpt *) findings->excerpts->pdata[0])->id, ==, first);
  g_clear_pointer (&draft, dossier_draft_free);
  /* And not past the first section's top. */
  g_assert_false (dossier_draft_panel_move_excerpt (f->panel, second, -1));

  /* A real key press on the card. */
  iterate ();
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = cards (f);
  {
    GtkWidget *card = rows->pdata[1];
    g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (card);
    gboolean moved = FALSE;

    g_assert_cmpint (card_id (card), ==, first);
    for (guint i = 0; i < g_list_model_get_n_items (controllers) && !moved; i++)
      {
        g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

        if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
          continue;
        for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
          {
            g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
            GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

            if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
                gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == GDK_KEY_Up &&
                gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == GDK_ALT_MASK)
              {
                moved = gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, card,
                                                      gtk_shortcut_get_arguments (shortcut));
                break;
              }
          }
      }
    g_assert_true (moved);
  }
  draft = stored_draft (f);
  intro = draft->sections->pdata[0];
  g_assert_cmpuint (intro->excerpts->len, ==, 2);
  g_assert_cmpint (((DossierExcerpt *) intro->excerpts->pdata[1])->id, ==, first);
}

static void
test_window_actions (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) entities = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) suggestions = NULL;
  gint64 entity = 0;
  guint before;

  /* A sibling widget, as a document view's "Add to Draft" would. */
  g_assert_true (gtk_widget_activate_action (f->other, "draft.add-block", "x", paragraph (report_id, "12")));
  iterate ();
  rows = cards (f);
  g_assert_cmpuint (rows->len, ==, 1);

  /* An entity: every paragraph that mentions it, once each. */
  entities = dossier_store_list_entities (store, NULL, report_id, FALSE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < entities->len; i++)
    {
      DossierEntity *e = g_ptr_array_index (entities, i);

      if (e->n_mentions >= 2 && e->n_mentions <= 6)
        {
          entity = e->id;
          break;
        }
    }
  if (entity != 0)
    {
      g_autoptr(GPtrArray) mentions = dossier_store_list_mentions (store, entity, 0, NULL);
      g_autoptr(GHashTable) blocks = g_hash_table_new (g_int64_hash, g_int64_equal);

      for (guint i = 0; i < mentions->len; i++)
        g_hash_table_add (blocks, &((DossierMention *) mentions->pdata[i])->block_id);
      g_assert_true (gtk_widget_activate_action (f->other, "draft.add-entity", "x", entity));
      iterate ();
      g_clear_pointer (&rows, g_ptr_array_unref);
      rows = cards (f);
      g_assert_cmpuint (rows->len, ==, 1 + g_hash_table_size (blocks));
    }
  else
    g_test_message ("No entity with a few mentions: the extractor did not run.");

  /* A search: suggestions, each addable in one click. */
  before = rows->len;
  g_assert_true (gtk_widget_activate_action (f->other, "draft.add-query", "s", "witness protection"));
  iterate ();
  {
    GtkLabel *suggested = find_label (f->panel, "Trafficking in human beings, especially women and children, para. 15");
    GtkWidget *row;
    g_autoptr(GPtrArray) buttons = NULL;

    g_assert_nonnull (suggested);
    row = gtk_widget_get_parent (gtk_widget_get_parent (GTK_WIDGET (suggested)));
    buttons = find_all (row, GTK_TYPE_BUTTON);
    g_assert_cmpuint (buttons->len, ==, 1);
    g_signal_emit_by_name (buttons->pdata[0], "clicked");
    g_assert_false (gtk_widget_get_sensitive (buttons->pdata[0]));
  }
  iterate ();
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = cards (f);
  g_assert_cmpuint (rows->len, ==, before + 1);
  screenshot (GTK_WIDGET (f->window), "draft-panel-suggestions.png");
}

static void
test_reopen (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) views = NULL;
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  gint64 id;

  g_assert_true (dossier_draft_panel_new_draft (f->panel, "blank", &error));
  id = dossier_draft_panel_get_draft_id (f->panel);
  g_assert_true (dossier_draft_panel_add_block (f->panel, paragraph (report_id, "16"), -1, -1, &error));
  views = find_all (f->panel, GTK_TYPE_TEXT_VIEW);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (views->pdata[0]), "Written just before a crash.", -1);

  /* Another panel on the same corpus, as after a restart, opens it as it was. */
  gtk_window_destroy (f->window);
  iterate ();
  g_assert_finalize_object (f->window);
  g_assert_finalize_object (f->selection);
  open_window (f);
  g_assert_cmpint (dossier_draft_panel_get_draft_id (f->panel), ==, id);
  g_clear_pointer (&views, g_ptr_array_unref);
  views = find_all (f->panel, GTK_TYPE_TEXT_VIEW);
  gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (views->pdata[0]), &start, &end);
  text = gtk_text_buffer_get_text (gtk_text_view_get_buffer (views->pdata[0]), &start, &end, FALSE);
  g_assert_cmpstr (text, ==, "Written just before a crash.");
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (f->panel), "panel.undo", NULL) &&
                  dossier_draft_editor_get_can_undo (dossier_draft_panel_get_editor (f->panel)));
}

/* The test of done: in the window, a draft of three paragraphs from two
 * documents, exported to ODT, which LibreOffice turns into a PDF that shows the
 * quotes with their citations in order. */

static GtkWidget *
find_first (GtkWidget *widget,
            GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_first (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
timed_out_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
}

/* The window builds its draft panel after its first frame, however long that
 * takes under load or a sanitizer: wait for the panel itself, not for a number
 * of iterations, and fail only if it never comes. */
static GtkWidget *
wait_for_draft_panel (DossierWindow *window)
{
  gboolean timed_out = FALSE;
  guint timeout_id = g_timeout_add_once (60000, timed_out_cb, &timed_out);
  GtkWidget *panel;

  while ((panel = find_first (GTK_WIDGET (window), DOSSIER_TYPE_DRAFT_PANEL)) == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout_id);
  g_assert_nonnull (panel);
  return panel;
}

static char *
run_program (const char *const *argv,
             const char        *cwd)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  g_subprocess_launcher_set_cwd (launcher, cwd);
  g_subprocess_launcher_setenv (launcher, "HOME", cwd, TRUE);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_error ("%s failed: %s", argv[0], out);
  return out;
}

static void
test_print_and_copy (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = g_build_filename (tmp_dir, "printed.pdf", NULL);
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autoptr(GFile) file = g_file_new_for_path (pdf);
  GdkContentProvider *content;
  GValue value = G_VALUE_INIT;

  g_assert_true (dossier_draft_panel_add_block (f->panel, paragraph (report_id, "16"), -1, -1, &error));
  g_assert_true (dossier_draft_panel_add_block (f->panel, paragraph (note_id, "15"), -1, -1, &error));
  g_assert_true (dossier_draft_panel_add_block (f->panel, paragraph (report_id, "16"), -1, -1, &error));

  /* "Copy Citation List": each source once, in order, on the clipboard. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->panel), "panel.copy-citations", NULL));
  content = gdk_clipboard_get_content (gtk_widget_get_clipboard (GTK_WIDGET (f->panel)));
  g_assert_nonnull (content);
  g_value_init (&value, G_TYPE_STRING);
  g_assert_true (gdk_content_provider_get_value (content, &value, NULL));
  g_assert_cmpstr (g_value_get_string (&value), ==,
                   "E/CN.4/2003/74, para. 16\n"
                   "Trafficking in human beings, especially women and children, para. 15\n");
  g_value_unset (&value);

  /* The printed pages, through GtkPrintOperation, as a PDF. */
  g_assert_true (dossier_draft_panel_print_to_pdf (f->panel, file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
  if (pdftotext == NULL)
    {
      g_test_skip ("pdftotext (poppler-utils) is needed to read the printed pages.");
      return;
    }
  {
    const char *argv[] = { pdftotext, "-enc", "UTF-8", pdf, "-", NULL };
    g_autofree char *text = run_program (argv, tmp_dir);

    g_assert_true (g_str_has_prefix (text, "Meeting Summary"));
    g_assert_nonnull (strstr (text, "[1] E/CN.4/2003/74, para. 16"));
    g_assert_nonnull (strstr (text, "[2] Trafficking in human beings, especially women and children, para. 15"));
    g_assert_nonnull (strstr (text, "[3] E/CN.4/2003/74, para. 16"));
  }
}

static void
test_add_text (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) blocks = dossier_store_get_blocks (store, report_id, NULL);
  g_autoptr(DossierDraft) draft = NULL;
  g_autofree char *dragged = NULL;
  const DossierDraftSection *intro;
  const DossierExcerpt *whole, *part;
  const char *para_16 = NULL;

  for (guint i = 0; i < blocks->len; i++)
    if (g_strcmp0 (((DossierBlock *) blocks->pdata[i])->label, "16") == 0)
      para_16 = ((DossierBlock *) blocks->pdata[i])->text;
  g_assert_nonnull (para_16);

  /* What a document view gives when its text is dragged: a whole paragraph with
   * its label and tab, part of another, and lines that are no paragraph. */
  dragged = g_strdup_printf ("16\t%s\n"
                             "difficult and expensive to organize\n"
                             "II.\n"
                             "Nothing of the sort was ever written anywhere.\n",
                             para_16);
  g_assert_cmpuint (dossier_draft_panel_add_text (f->panel, dragged, &error), ==, 2);
  g_assert_no_error (error);

  draft = stored_draft (f);
  intro = draft->sections->pdata[0];
  g_assert_cmpuint (intro->excerpts->len, ==, 2);
  whole = intro->excerpts->pdata[0];
  part = intro->excerpts->pdata[1];
  g_assert_cmpstr (whole->citation, ==, "E/CN.4/2003/74, para. 16");
  g_assert_cmpstr (whole->quote, ==, para_16);
  g_assert_cmpint (whole->quote_start, ==, -1);
  g_assert_cmpstr (part->citation, ==, "Trafficking in human beings, especially women and children, para. 15");
  g_assert_cmpstr (part->quote, ==, "difficult and expensive to organize");
  g_assert_cmpint (part->quote_start, ==, 26);  /* "Witness protection can be " */

  g_assert_cmpuint (dossier_draft_panel_add_text (f->panel, "Not from the corpus at all, surely.", &error), ==, 0);
  g_assert_no_error (error);
}

/* The other test of done: Dossier killed right after typing in a draft
 * loses nothing. The child opens Dossier's window on the corpus, types into the
 * draft pane letter by letter, as a keyboard does, and kills itself with SIGKILL
 * the moment the last letter is in: no clean-up of any kind. */
#define TYPED "Killed right after typing, nothing lost."
#define TYPED_TITLE "Findings, killed"

static void
test_killed_while_typing (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierDraft) draft = NULL;
  gint64 id = 0;

  if (g_test_subprocess ())
    {
      DossierApplication *app = dossier_application_new ();
      DossierWindow *window;
      GtkWidget *panel;
      g_autoptr(GPtrArray) views = NULL;
      GtkTextBuffer *buffer;
      GtkWidget *title;

      g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
      g_application_register (G_APPLICATION (app), NULL, &error);
      g_assert_no_error (error);
      g_assert_true (dossier_application_open_store (app, g_getenv ("DOSSIER_PANEL_DB"), &error));
      g_assert_no_error (error);
      window = dossier_window_new (app);
      gtk_window_set_default_size (GTK_WINDOW (window), 1366, 768);
      gtk_window_present (GTK_WINDOW (window));
      panel = wait_for_draft_panel (window);
      gtk_widget_set_visible (panel, TRUE);
      wait_frames ();
      g_assert_cmpint (dossier_draft_panel_get_draft_id (DOSSIER_DRAFT_PANEL (panel)), ==,
                       g_ascii_strtoll (g_getenv ("DOSSIER_PANEL_DRAFT"), NULL, 10));

      views = find_all (panel, GTK_TYPE_TEXT_VIEW);
      g_assert_cmpuint (views->len, >, 1);
      gtk_widget_grab_focus (views->pdata[0]);
      buffer = gtk_text_view_get_buffer (views->pdata[0]);
      for (const char *p = TYPED; *p != '\0'; p = g_utf8_next_char (p))
        {
          char letter[8] = { 0 };

          g_unichar_to_utf8 (g_utf8_get_char (p), letter);
          gtk_text_buffer_insert_interactive_at_cursor (buffer, letter, -1, TRUE);
          iterate ();
        }
      /* And a section title, through its entry's own text. */
      title = find_first (gtk_widget_get_parent (gtk_widget_get_parent (views->pdata[1])), GTK_TYPE_ENTRY);
      g_assert_nonnull (title);
      gtk_widget_grab_focus (title);
      gtk_editable_set_text (GTK_EDITABLE (title), "");
      for (const char *p = TYPED_TITLE; *p != '\0'; p = g_utf8_next_char (p))
        {
          int position = gtk_editable_get_position (GTK_EDITABLE (title));

          gtk_editable_insert_text (GTK_EDITABLE (title), p, g_utf8_next_char (p) - p, &position);
          gtk_editable_set_position (GTK_EDITABLE (title), position);
        }
      kill (getpid (), SIGKILL);
      g_assert_not_reached ();
    }

  delete_drafts ();
  g_assert_true (dossier_draft_new (store, "Typed, then killed", NULL, &id, &error));
  g_setenv ("DOSSIER_PANEL_DB", db_path, TRUE);
  {
    g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, id);

    g_setenv ("DOSSIER_PANEL_DRAFT", number, TRUE);
  }
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_assert_false (g_test_trap_reached_timeout ());

  /* Reopened, as the next start would. */
  draft = dossier_draft_load (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((DossierDraftSection *) draft->sections->pdata[0])->text, ==, TYPED);
  g_assert_cmpstr (((DossierDraftSection *) draft->sections->pdata[1])->title, ==, TYPED_TITLE);
}

/* A card whose source paragraph changed says so, and can take the new text. */
static void
test_changed_source (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(DossierDraft) draft = NULL;
  g_autofree char *sql = NULL;
  GtkWidget *refresh = NULL;
  guint n_warnings = 0;
  gint64 id;

  g_assert_true (dossier_draft_panel_add_block (f->panel, paragraph (report_id, "12"), -1, -1, &error));
  rows = cards (f);
  id = card_id (rows->pdata[0]);

  /* As if the paragraph had read otherwise when it was quoted. */
  sql = g_strdup_printf ("UPDATE excerpt SET quote = 'An older wording.', block_hash = 'old' WHERE id = %" G_GINT64_FORMAT, id);
  g_assert_cmpint (sqlite3_exec (dossier_store_get_handle (store), sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (dossier_draft_panel_open_draft (f->panel, dossier_draft_panel_get_draft_id (f->panel)));
  iterate ();

  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = cards (f);
  images = find_all (rows->pdata[0], GTK_TYPE_IMAGE);
  for (guint i = 0; i < images->len; i++)
    if (g_strcmp0 (gtk_image_get_icon_name (images->pdata[i]), "dialog-warning-symbolic") == 0)
      {
        g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (images->pdata[i]), "changed"));
        n_warnings++;
      }
  g_assert_cmpuint (n_warnings, ==, 1);
  {
    g_autoptr(GPtrArray) buttons = find_all (rows->pdata[0], GTK_TYPE_BUTTON);

    for (guint i = 0; i < buttons->len; i++)
      if (g_strcmp0 (gtk_widget_get_tooltip_text (buttons->pdata[i]), "Quote the Current Text") == 0)
        refresh = buttons->pdata[i];
  }
  g_assert_nonnull (find_label (rows->pdata[0], "“An older wording.”"));
  g_assert_nonnull (refresh);
  screenshot (GTK_WIDGET (f->window), "draft-panel-changed.png");

  g_signal_emit_by_name (refresh, "clicked");
  draft = stored_draft (f);
  g_assert_false (((DossierExcerpt *) ((DossierDraftSection *) draft->sections->pdata[0])->excerpts->pdata[0])->source_changed);
  g_assert_true (g_str_has_prefix (((DossierExcerpt *) ((DossierDraftSection *) draft->sections->pdata[0])->excerpts->pdata[0])->quote,
                                   "The Working Group"));
}

/* Emits "drop" on the first drop target of @widget, as GTK does at the end of a drag. */
static gboolean
drop_on (GtkWidget    *widget,
         const GValue *value,
         double        y)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  gboolean accepted = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        {
          g_signal_emit_by_name (controller, "drop", value, 10.0, y, &accepted);
          return accepted;
        }
    }
  g_error ("No drop target on %s", G_OBJECT_TYPE_NAME (widget));
  return FALSE;
}

/* The box of the draft's second section. */
static GtkWidget *
second_section (Fixture *f)
{
  g_autoptr(GPtrArray) boxes = find_all (f->panel, GTK_TYPE_BOX);
  guint n = 0;

  for (guint i = 0; i < boxes->len; i++)
    if (g_object_get_data (boxes->pdata[i], "section-id") != NULL && ++n == 2)
      return boxes->pdata[i];
  g_error ("No second section");
  return NULL;
}

static void
test_drag_and_drop (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(DossierDraft) draft = NULL;
  GType drag_type;
  GValue value = G_VALUE_INIT;
  gint64 a, b, c;
  GtkWidget *section;
  const DossierDraftSection *intro;

  g_assert_true (dossier_draft_panel_add_block (f->panel, paragraph (report_id, "12"), -1, -1, &error));
  g_assert_true (dossier_draft_panel_add_block (f->panel, paragraph (report_id, "16"), -1, -1, &error));
  g_assert_true (dossier_draft_panel_add_block (f->panel, paragraph (note_id, "15"), -1, -1, &error));
  wait_frames ();
  /* The panel registers the type of a dragged card with its first card. */
  drag_type = g_type_from_name ("DossierExcerptDrag");
  g_assert_true (drag_type != G_TYPE_INVALID);
  rows = cards (f);
  a = card_id (rows->pdata[0]);
  b = card_id (rows->pdata[1]);
  c = card_id (rows->pdata[2]);

  /* The third card dropped on the lower half of the first: it goes between them. */
  {
    struct { gint64 id; } payload = { c };

    g_assert_cmpint (gtk_widget_get_height (rows->pdata[0]), >, 10);
    g_value_init (&value, drag_type);
    g_value_set_boxed (&value, &payload);
    g_assert_true (drop_on (rows->pdata[0], &value, gtk_widget_get_height (rows->pdata[0]) - 2));
    g_value_unset (&value);
  }
  draft = stored_draft (f);
  intro = draft->sections->pdata[0];
  g_assert_cmpint (((DossierExcerpt *) intro->excerpts->pdata[0])->id, ==, a);
  g_assert_cmpint (((DossierExcerpt *) intro->excerpts->pdata[1])->id, ==, c);
  g_assert_cmpint (((DossierExcerpt *) intro->excerpts->pdata[2])->id, ==, b);
  g_clear_pointer (&draft, dossier_draft_free);

  /* A paragraph dropped on the second section lands at its end. */
  wait_frames ();
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = cards (f);
  section = second_section (f);
  {
    g_autofree char *payload = g_strdup_printf ("dossier:block:%" G_GINT64_FORMAT, paragraph (report_id, "20"));

    g_value_init (&value, G_TYPE_STRING);
    g_value_set_string (&value, payload);
    g_assert_true (drop_on (section, &value, 5));
    g_value_unset (&value);
  }
  draft = stored_draft (f);
  g_assert_cmpuint (((DossierDraftSection *) draft->sections->pdata[1])->excerpts->len, ==, 1);
  g_assert_cmpstr (((DossierExcerpt *) ((DossierDraftSection *) draft->sections->pdata[1])->excerpts->pdata[0])->citation,
                   ==, "E/CN.4/2003/74, para. 20");
  g_clear_pointer (&draft, dossier_draft_free);

  /* Text that is in no document is refused, and nothing changes. The drop
   * redrew the draft: the section is a new widget. */
  wait_frames ();
  section = second_section (f);
  g_value_init (&value, G_TYPE_STRING);
  g_value_set_string (&value, "A sentence that no document of the corpus contains.");
  g_assert_false (drop_on (section, &value, 5));
  g_value_unset (&value);
  draft = stored_draft (f);
  g_assert_cmpuint (dossier_draft_count_excerpts (draft), ==, 4);
}

/* The widget of @type that has the keyboard, or holds what has it (an entry's text). */
static GtkWidget *
focus_of_type (Fixture *f,
               GType    type)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));

  if (focus == NULL || G_TYPE_CHECK_INSTANCE_TYPE (focus, type))
    return focus;
  return gtk_widget_get_ancestor (focus, type);
}

static GtkWidget *
section_title (Fixture *f,
               guint    index)
{
  g_autoptr(GPtrArray) entries = find_all (f->panel, GTK_TYPE_ENTRY);
  guint n = 0;

  for (guint i = 0; i < entries->len; i++)
    if (g_object_get_data (entries->pdata[i], "section-id") != NULL && n++ == index)
      return entries->pdata[i];
  g_error ("No section title %u", index);
  return NULL;
}

/* Redrawing the draft (after an undo, an added or a moved excerpt) leaves the
 * keyboard where the rapporteur was, never on the first section's title. */
static void
test_keeps_focus (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) views = NULL;
  DossierDraftEditor *editor;
  GtkTextBuffer *buffer;
  GtkTextIter iter;
  GtkWidget *widget, *note;
  gint64 first, second;

  g_assert_true (dossier_draft_panel_add_block (f->panel, paragraph (report_id, "16"), -1, -1, &error));
  g_assert_true (dossier_draft_panel_add_block (f->panel, paragraph (report_id, "12"), -1, -1, &error));
  g_assert_true (dossier_draft_panel_add_block (f->panel, paragraph (note_id, "15"), -1, -1, &error));
  editor = dossier_draft_panel_get_editor (f->panel);
  wait_frames ();
  rows = cards (f);
  first = card_id (rows->pdata[0]);
  second = card_id (rows->pdata[1]);

  /* Typing in the second section's text while an excerpt arrives from a
   * document: the text keeps the keyboard and the cursor. */
  views = find_all (f->panel, GTK_TYPE_TEXT_VIEW);
  buffer = gtk_text_view_get_buffer (views->pdata[1]);
  gtk_text_buffer_set_text (buffer, "Findings so far.", -1);
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, 8);
  gtk_text_buffer_place_cursor (buffer, &iter);
  gtk_widget_grab_focus (views->pdata[1]);
  g_assert_true (gtk_widget_activate_action (f->other, "draft.add-block", "x", paragraph (report_id, "20")));
  iterate ();
  widget = focus_of_type (f, GTK_TYPE_TEXT_VIEW);
  g_assert_nonnull (widget);
  g_assert_true (widget != views->pdata[1]);  /* the redrawn one */
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget));
  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  g_assert_cmpint (gtk_text_iter_get_offset (&iter), ==, 8);
  {
    GtkTextIter start, end;
    g_autofree char *text = NULL;

    gtk_text_buffer_get_bounds (buffer, &start, &end);
    text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    g_assert_cmpstr (text, ==, "Findings so far.");
  }

  /* Undo while writing a note: the same note keeps the keyboard. */
  dossier_draft_editor_break_merge (editor);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = cards (f);
  note = g_object_get_data (rows->pdata[1], "note-entry");
  g_assert_nonnull (note);
  gtk_widget_grab_focus (note);
  gtk_editable_set_text (GTK_EDITABLE (note), "Key");
  dossier_draft_editor_break_merge (editor);
  gtk_editable_set_text (GTK_EDITABLE (note), "Key point");
  gtk_editable_set_position (GTK_EDITABLE (note), 3);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->panel), "panel.undo", NULL));
  iterate ();
  widget = focus_of_type (f, GTK_TYPE_ENTRY);
  g_assert_nonnull (widget);
  g_assert_true (widget != note);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (widget)), ==, "Key");
  g_assert_cmpint (card_id (gtk_widget_get_ancestor (widget, GTK_TYPE_LIST_BOX_ROW)), ==, second);

  /* Undo while renaming the third section: its title keeps it. */
  dossier_draft_editor_break_merge (editor);
  widget = section_title (f, 2);
  gtk_widget_grab_focus (widget);
  gtk_editable_set_text (GTK_EDITABLE (widget), "Conclusions drawn");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->panel), "panel.undo", NULL));
  iterate ();
  g_assert_true (focus_of_type (f, GTK_TYPE_ENTRY) == section_title (f, 2));
  g_assert_true (focus_of_type (f, GTK_TYPE_ENTRY) != section_title (f, 0));

  /* A card moved with the keyboard keeps it, so that the key can be pressed again. */
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = cards (f);
  gtk_widget_grab_focus (rows->pdata[0]);
  g_assert_true (dossier_draft_panel_move_excerpt (f->panel, first, 1));
  iterate ();
  widget = focus_of_type (f, GTK_TYPE_LIST_BOX_ROW);
  g_assert_nonnull (widget);
  g_assert_cmpint (card_id (widget), ==, first);

  /* A removed card leaves the keyboard on the card now in its place. */
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = cards (f);
  g_assert_cmpint (card_id (rows->pdata[0]), ==, second);
  {
    g_autoptr(GPtrArray) buttons = find_all (rows->pdata[0], GTK_TYPE_BUTTON);
    GtkWidget *remove = buttons->pdata[buttons->len - 1];

    gtk_widget_grab_focus (remove);
    g_signal_emit_by_name (remove, "clicked");
  }
  iterate ();
  widget = focus_of_type (f, GTK_TYPE_LIST_BOX_ROW);
  g_assert_nonnull (widget);
  g_assert_cmpint (card_id (widget), ==, first);

  /* Adding from a document while it has the keyboard leaves it there. */
  gtk_widget_grab_focus (f->other);
  g_assert_true (gtk_widget_activate_action (f->other, "draft.add-block", "x", paragraph (report_id, "38")));
  iterate ();
  g_assert_true (gtk_root_get_focus (GTK_ROOT (f->window)) == f->other);
}

/* The search result row whose citation line starts with @citation. */
static GtkWidget *
search_row (DossierSearchPopover *popover,
            const char           *citation)
{
  g_autoptr(GPtrArray) rows = find_all (popover, GTK_TYPE_LIST_BOX_ROW);
  g_autofree char *prefix = g_strconcat (citation, " — ", NULL);

  for (guint i = 0; i < rows->len; i++)
    if (g_object_get_data (rows->pdata[i], "dossier-target") != NULL && find_label (rows->pdata[i], prefix) != NULL)
      return rows->pdata[i];
  g_error ("No search result for %s", citation);
  return NULL;
}

static GtkWidget *
add_button (GtkWidget *row)
{
  g_autoptr(GPtrArray) buttons = find_all (row, GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    if (g_str_has_prefix (gtk_widget_get_tooltip_text (buttons->pdata[i]), "Add"))
      return buttons->pdata[i];
  return NULL;
}

/* Activates the shortcut of @widget's own class bound to @keyval with @mods. */
static gboolean
press_binding (GtkWidget       *widget,
               guint            keyval,
               GdkModifierType  mods)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == mods)
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, widget,
                                                 gtk_shortcut_get_arguments (shortcut));
        }
    }
  return FALSE;
}

/* "Add to Draft" on a search result: its button, Ctrl+Enter, and an entity's
 * row, each through the window's "draft" actions into the stored draft. */
static void
test_search_add (Fixture       *f,
                 gconstpointer  data)
{
  static const char *note_15 = "Trafficking in human beings, especially women and children, para. 15";
  GtkWidget *menu_button = gtk_menu_button_new ();
  DossierSearchPopover *popover = DOSSIER_SEARCH_POPOVER (dossier_search_popover_new ());
  g_autoptr(DossierDraft) draft = NULL;
  g_autofree char *name = NULL;
  GtkWidget *row, *button, *focus;
  const DossierExcerpt *excerpt;

  gtk_box_prepend (GTK_BOX (gtk_widget_get_parent (f->other)), menu_button);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (menu_button), GTK_WIDGET (popover));
  dossier_search_popover_set_model (popover, store, f->selection);
  gtk_menu_button_popup (GTK_MENU_BUTTON (menu_button));
  wait_frames ();
  dossier_search_popover_search (popover, "witness protection");
  /* The entry's own delayed search runs too, and makes the rows anew. */
  wait_frames ();
  g_assert_cmpuint (dossier_search_popover_get_n_paragraphs (popover), >, 1);
  g_assert_cmpint (dossier_draft_panel_get_draft_id (f->panel), ==, 0);

  /* Each result has its button, named for screen readers after what it adds. */
  row = search_row (popover, note_15);
  button = add_button (row);
  g_assert_nonnull (button);
  name = g_strdup_printf ("Add %s to Draft", note_15);
  gtk_test_accessible_assert_property (button, GTK_ACCESSIBLE_PROPERTY_LABEL, name);
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_signal_emit_by_name (button, "clicked");
  iterate ();

  /* In the store, with its citation; a draft was started for it. */
  g_assert_cmpint (dossier_draft_panel_get_draft_id (f->panel), !=, 0);
  draft = stored_draft (f);
  g_assert_cmpuint (dossier_draft_count_excerpts (draft), ==, 1);
  excerpt = g_ptr_array_index (((DossierDraftSection *) draft->sections->pdata[0])->excerpts, 0);
  g_assert_cmpstr (excerpt->citation, ==, note_15);
  g_assert_cmpint (excerpt->block_id, ==, paragraph (note_id, "15"));
  g_clear_pointer (&draft, dossier_draft_free);
  /* The search keeps the keyboard, and the button says it is done. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (f->window)) == focus);
  g_assert_false (gtk_widget_get_sensitive (button));
  screenshot (gtk_widget_get_parent (row), "draft-search-add.png");
  g_signal_emit_by_name (button, "clicked");
  draft = stored_draft (f);
  g_assert_cmpuint (dossier_draft_count_excerpts (draft), ==, 1);
  g_clear_pointer (&draft, dossier_draft_free);

  /* Ctrl+Enter adds the chosen result. */
  row = search_row (popover, "E/CN.4/2003/74, para. 38");
  gtk_list_box_select_row (GTK_LIST_BOX (gtk_widget_get_parent (row)), GTK_LIST_BOX_ROW (row));
  g_assert_true (press_binding (GTK_WIDGET (popover), GDK_KEY_Return, GDK_CONTROL_MASK));
  iterate ();
  draft = stored_draft (f);
  g_assert_cmpuint (dossier_draft_count_excerpts (draft), ==, 2);
  excerpt = g_ptr_array_index (((DossierDraftSection *) draft->sections->pdata[0])->excerpts, 1);
  g_assert_cmpstr (excerpt->citation, ==, "E/CN.4/2003/74, para. 38");
  g_assert_false (gtk_widget_get_sensitive (add_button (row)));
  g_clear_pointer (&draft, dossier_draft_free);

  /* An entity found by name brings every paragraph that mentions it. */
  dossier_search_popover_search (popover, "UNODC");
  wait_frames ();
  if (dossier_search_popover_get_n_entities (popover) > 0)
    {
      g_autoptr(DossierEntity) entity = dossier_store_find_entity (store, "UNODC", NULL, NULL);
      g_autoptr(GPtrArray) mentions = NULL;
      g_autoptr(GHashTable) blocks = g_hash_table_new (g_int64_hash, g_int64_equal);

      g_assert_nonnull (entity);
      mentions = dossier_store_list_mentions (store, entity->id, 0, NULL);
      for (guint i = 0; i < mentions->len; i++)
        g_hash_table_add (blocks, &((DossierMention *) mentions->pdata[i])->block_id);
      g_assert_true (dossier_search_popover_add_to_draft (popover, 0));
      draft = stored_draft (f);
      g_assert_cmpuint (dossier_draft_count_excerpts (draft), ==, 2 + g_hash_table_size (blocks));
    }
  else
    g_test_message ("UNODC is not an entity: the extractor did not run.");

  gtk_popover_popdown (GTK_POPOVER (popover));
}

static void
test_in_window (void)
{
  static const char *const citations[] = {
    "E/CN.4/2003/74, para. 16",
    "E/CN.4/2003/74, para. 12",
    "Trafficking in human beings, especially women and children, para. 15",
  };
  g_autoptr(DossierApplication) app = dossier_application_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *soffice = g_find_program_in_path ("soffice");
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autofree char *odt = g_build_filename (tmp_dir, "summary.odt", NULL);
  g_autofree char *pdf = g_build_filename (tmp_dir, "summary.pdf", NULL);
  g_autofree char *profile = g_strconcat ("-env:UserInstallation=file://", tmp_dir, "/lo-profile", NULL);
  g_autofree char *text = NULL;
  g_autofree char *flat = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (odt);
  g_autoptr(GRegex) spaces = g_regex_new ("\\s+", 0, 0, NULL);
  g_autoptr(DossierDraft) draft = NULL;
  DossierWindow *window;
  DossierDocumentView *column;
  DossierSearchPopover *search;
  GtkWidget *panel;
  const char *p;

  delete_drafts ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (dossier_application_open_store (app, db_path, &error));
  g_assert_no_error (error);

  window = dossier_window_new (app);
  g_object_ref_sink (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1366, 768);
  gtk_window_present (GTK_WINDOW (window));
  iterate ();

  panel = find_first (GTK_WIDGET (window), DOSSIER_TYPE_DRAFT_PANEL);
  g_assert_nonnull (panel);
  gtk_widget_set_visible (panel, TRUE);

  /* "Add Paragraph to Draft" in a column, twice, then "Add to Draft" on a
   * result of the window's search: the ways a rapporteur collects them. */
  g_assert_true (dossier_window_open_document (window, report_id));
  iterate ();
  column = dossier_window_get_active_column (window);
  g_assert_nonnull (column);
  for (guint i = 0; i < 2; i++)
    {
      g_assert_true (dossier_document_view_scroll_to_block (column, paragraph (report_id, i == 0 ? "16" : "12")));
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (column), "view.add-to-draft", NULL));
      iterate ();
    }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "window.search", NULL));
  search = dossier_window_get_search (window);
  dossier_search_popover_search (search, "witness protection");
  wait_frames ();
  g_signal_emit_by_name (add_button (search_row (search, citations[2])), "clicked");
  gtk_popover_popdown (GTK_POPOVER (search));
  iterate ();
  g_assert_true (gtk_widget_get_visible (panel));
  draft = dossier_draft_load (store, dossier_draft_panel_get_draft_id (DOSSIER_DRAFT_PANEL (panel)), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dossier_draft_count_excerpts (draft), ==, 3);
  screenshot (GTK_WIDGET (window), "window-draft.png");

  g_assert_true (dossier_draft_panel_export (DOSSIER_DRAFT_PANEL (panel), DOSSIER_DRAFT_FORMAT_ODT, file, &error));
  g_assert_no_error (error);
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
  g_assert_finalize_object (window);

  if (soffice == NULL || pdftotext == NULL)
    {
      g_test_skip ("LibreOffice (libreoffice-writer-nogui) and pdftotext (poppler-utils) are needed.");
      return;
    }
  {
    const char *argv[] = { soffice, "--headless", "--norestore", profile,
                           "--convert-to", "pdf", "--outdir", tmp_dir, odt, NULL };
    g_autofree char *out = run_program (argv, tmp_dir);
  }
  {
    const char *argv[] = { pdftotext, "-layout", "-enc", "UTF-8", pdf, "-", NULL };

    text = run_program (argv, tmp_dir);
  }
  flat = g_regex_replace_literal (spaces, text, -1, 0, " ", 0, NULL);
  g_assert_nonnull (strstr (flat, "Witness protection can be difficult"));
  /* Each quote whole, in order, its footnote mark right after it... */
  p = flat;
  for (guint i = 0; i < G_N_ELEMENTS (citations); i++)
    {
      const DossierExcerpt *excerpt = g_ptr_array_index (((DossierDraftSection *) draft->sections->pdata[0])->excerpts, i);
      g_autofree char *quote = g_regex_replace_literal (spaces, excerpt->quote, -1, 0, " ", 0, NULL);
      g_autofree char *head = g_utf8_substring (quote, 0, 25);
      const char *tail = g_utf8_offset_to_pointer (quote, g_utf8_strlen (quote, -1) - 20);
      g_autofree char *mark = g_strdup_printf ("%u", i + 1);
      const char *at;

      g_assert_cmpstr (excerpt->citation, ==, citations[i]);
      if (!(at = strstr (p, head)) || !(at = strstr (at, tail)))
        g_error ("Quote %u (“%s…%s”) is missing from the PDF, or out of order", i + 1, head, tail);
      at += strlen (tail);
      while (*at == ' ')
        at++;
      if (!g_str_has_prefix (at, mark) || g_ascii_isdigit (at[strlen (mark)]))
        g_error ("Quote %u is not followed by its footnote mark: “%.20s”", i + 1, at);
      p = at;
    }
  /* ...and the footnotes, after the quotes, citing them in the same order. */
  for (guint i = 0; i < G_N_ELEMENTS (citations); i++)
    {
      g_autofree char *note = g_strdup_printf ("%u %s", i + 1, citations[i]);
      const char *at = strstr (p, note);

      if (at == NULL)
        g_error ("Footnote “%s” is missing from the PDF, or out of order", note);
      p = at + strlen (note);
    }
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

static gint64
import (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("DOSSIER_DATA_DIR"), "corpus", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(DossierExtractor) extractor = dossier_extractor_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  DossierImportOutcome outcome;
  gint64 id = 0;

  g_assert_true (dossier_store_import_file (store, file, extractor, &outcome, &id, &error));
  g_assert_no_error (error);
  return id;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  tmp_dir = g_dir_make_tmp ("dossier-draft-panel-XXXXXX", &error);
  g_assert_no_error (error);
  db_path = g_build_filename (tmp_dir, "panel.db", NULL);
  store = dossier_store_open (db_path, &error);
  g_assert_no_error (error);
  if (!g_test_subprocess ())
    {
      report_id = import ("E-CN.4-2003-74-traffic-in-women-and-girls.md");
      note_id = import ("ccpcj-2003-note-trafficking-in-human-beings.md");
    }

#define ADD(name, func) \
  g_test_add ("/dossier/draft-panel/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("empty", test_empty);
  ADD ("build", test_build);
  ADD ("reorder", test_reorder);
  ADD ("window-actions", test_window_actions);
  ADD ("reopen", test_reopen);
  ADD ("print-and-copy", test_print_and_copy);
  ADD ("add-text", test_add_text);
  ADD ("changed-source", test_changed_source);
  ADD ("drag-and-drop", test_drag_and_drop);
  ADD ("search-add", test_search_add);
  ADD ("keeps-focus", test_keeps_focus);
#undef ADD
  g_test_add_func ("/dossier/draft-panel/in-window", test_in_window);
  g_test_add_func ("/dossier/draft-panel/killed-while-typing", test_killed_while_typing);

  status = g_test_run ();

  g_assert_finalize_object (store);
  remove_tree (tmp_dir);
  g_free (tmp_dir);
  g_free (db_path);
  return status;
}
