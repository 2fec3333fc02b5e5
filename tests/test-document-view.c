/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <dlfcn.h>
#include <glib/gstdio.h>

#include "dossier-document-view.h"
#include "dossier-draft-panel.h"

#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif
#include "dossier-entities.h"

static char *tmp_dir;
static DossierStore *store;
static gint64 report_id;

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

typedef struct
{
  GtkWindow           *window;
  DossierSelection    *selection;
  GListModel          *documents;
  DossierDocumentView *view;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->window = GTK_WINDOW (gtk_window_new ());
  g_object_ref_sink (fixture->window);
  gtk_window_set_default_size (fixture->window, 700, 600);
  fixture->selection = dossier_selection_new ();
  fixture->documents = dossier_store_list_documents (store, NULL);
  fixture->view = DOSSIER_DOCUMENT_VIEW (dossier_document_view_new (store, fixture->selection,
                                                                    fixture->documents));
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->view));
  gtk_window_present (fixture->window);
  iterate ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  iterate ();
  g_assert_finalize_object (fixture->window);
  g_assert_finalize_object (fixture->selection);
  g_assert_finalize_object (fixture->documents);
}

static gint64
find_block (gint64      document_id,
            const char *label,
            char      **text)
{
  g_autoptr(GPtrArray) blocks = dossier_store_get_blocks (store, document_id, NULL);

  for (guint i = 0; blocks != NULL && i < blocks->len; i++)
    {
      DossierBlock *block = g_ptr_array_index (blocks, i);

      if (block->kind == DOSSIER_BLOCK_PARAGRAPH && g_strcmp0 (block->label, label) == 0)
        {
          if (text != NULL)
            *text = g_strdup (block->text);
          return block->id;
        }
    }
  return 0;
}

static void
test_view_load (Fixture       *fixture,
                gconstpointer  data)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (dossier_document_view_get_text_view (fixture->view));

  g_assert_cmpint (dossier_document_view_get_document_id (fixture->view), ==, 0);
  g_assert_null (dossier_document_view_get_title (fixture->view));
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (fixture->view), GTK_ACCESSIBLE_ROLE_GROUP);

  g_assert_true (dossier_document_view_set_document_id (fixture->view, report_id));
  g_assert_cmpstr (dossier_document_view_get_title (fixture->view), ==, "E/CN.4/2003/74");
  g_assert_cmpint (gtk_text_buffer_get_char_count (buffer), >, 1000);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (fixture->view),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Document E/CN.4/2003/74");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (dossier_document_view_get_text_view (fixture->view)),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Text of E/CN.4/2003/74");

  /* A document that is not there shows a message instead of failing. */
  g_assert_false (dossier_document_view_set_document_id (fixture->view, 987654));
  g_assert_cmpint (gtk_text_buffer_get_char_count (buffer), ==, 0);
  g_assert_true (dossier_document_view_set_document_id (fixture->view, report_id));
}

static void
test_view_find (Fixture       *fixture,
                gconstpointer  data)
{
  guint n;

  dossier_document_view_set_document_id (fixture->view, report_id);

  n = dossier_document_view_find (fixture->view, "trafficking");
  g_assert_cmpuint (n, >, 5);
  /* Case does not matter. */
  g_assert_cmpuint (dossier_document_view_find (fixture->view, "TRAFFICKING"), ==, n);
  dossier_document_view_find_next (fixture->view);
  dossier_document_view_find_previous (fixture->view);
  dossier_document_view_find_previous (fixture->view);
  g_assert_cmpuint (dossier_document_view_find (fixture->view, "no such words here at all"), ==, 0);
  g_assert_cmpuint (dossier_document_view_find (fixture->view, ""), ==, 0);

  /* The column's own action opens the find bar. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "view.find", NULL));
}

static void
test_view_copy_with_citation (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *text = NULL;
  g_autofree char *quote = NULL;
  g_autofree char *expected_start = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter start, match_start, match_end;
  gint64 block_id;
  g_autofree char *needle = NULL;

  dossier_document_view_set_document_id (fixture->view, report_id);
  g_assert_null (dossier_document_view_dup_quote (fixture->view));

  block_id = find_block (report_id, "16", &text);
  g_assert_cmpint (block_id, !=, 0);
  g_assert_cmpint (g_utf8_strlen (text, -1), >, 40);
  needle = g_strstrip (g_utf8_substring (text, 0, 40));

  buffer = gtk_text_view_get_buffer (dossier_document_view_get_text_view (fixture->view));
  gtk_text_buffer_get_start_iter (buffer, &start);
  g_assert_true (gtk_text_iter_forward_search (&start, needle, 0, &match_start, &match_end, NULL));
  dossier_document_view_select_range (fixture->view, gtk_text_iter_get_offset (&match_start),
                                      gtk_text_iter_get_offset (&match_end));

  quote = dossier_document_view_dup_quote (fixture->view);
  expected_start = g_strconcat ("“", needle, NULL);
  g_assert_nonnull (quote);
  g_assert_true (g_str_has_prefix (quote, expected_start));
  g_assert_true (g_str_has_suffix (quote, "” — E/CN.4/2003/74, para. 16"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "view.copy-with-citation", NULL));
}

static void
test_view_scroll_to_block (Fixture       *fixture,
                           gconstpointer  data)
{
  gint64 block_id;

  dossier_document_view_set_document_id (fixture->view, report_id);
  block_id = find_block (report_id, "16", NULL);

  g_assert_true (dossier_document_view_scroll_to_block (fixture->view, block_id));
  g_assert_cmpint (dossier_document_view_get_cursor_block (fixture->view), ==, block_id);
  g_assert_false (dossier_document_view_scroll_to_block (fixture->view, -5));
}

static void
test_view_highlights_selection (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GPtrArray) mentions = NULL;
  const DossierMention *first;
  guint expected = 0;

  dossier_document_view_set_document_id (fixture->view, report_id);
  mentions = dossier_store_list_document_mentions (store, report_id, NULL);
  if (mentions == NULL || mentions->len == 0)
    {
      g_test_skip ("No mentions: the store has no extraction");
      return;
    }
  g_assert_cmpuint (dossier_document_view_get_n_mentions (fixture->view), >, 0);

  first = g_ptr_array_index (mentions, 0);
  for (guint i = 0; i < mentions->len; i++)
    if (((DossierMention *) g_ptr_array_index (mentions, i))->entity_id == first->entity_id)
      expected++;

  dossier_selection_select_entity (fixture->selection, first->entity_id, NULL);
  g_assert_cmpuint (dossier_document_view_get_n_highlighted (fixture->view), ==, expected);
  dossier_selection_select_entity (fixture->selection, 0, NULL);
  g_assert_cmpuint (dossier_document_view_get_n_highlighted (fixture->view), ==, 0);
}

static gboolean
mention_on_screen (DossierDocumentView *view,
                   const char          *surface)
{
  GtkTextView *text_view = dossier_document_view_get_text_view (view);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (text_view);
  GdkRectangle visible, location;
  GtkTextIter start, match_start;

  gtk_text_view_get_visible_rect (text_view, &visible);
  gtk_text_buffer_get_start_iter (buffer, &start);
  while (gtk_text_iter_forward_search (&start, surface, 0, &match_start, &start, NULL))
    {
      gtk_text_view_get_iter_location (text_view, &match_start, &location);
      if (location.y >= visible.y && location.y + location.height <= visible.y + visible.height)
        return TRUE;
    }
  return FALSE;
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Choosing an entity elsewhere scrolls a view to its first mention, even in a
 * view created a moment ago whose text is not laid out yet. */
static void
test_view_scrolls_to_mention (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GPtrArray) mentions = NULL;
  const DossierMention *last;
  GtkAdjustment *adjustment;
  gboolean timed_out = FALSE;
  guint timeout;

  dossier_document_view_set_document_id (fixture->view, report_id);
  mentions = dossier_store_list_document_mentions (store, report_id, NULL);
  if (mentions == NULL || mentions->len == 0)
    {
      g_test_skip ("No mentions: the store has no extraction");
      return;
    }

  /* The entity of the last mention, far down; its first mention must be
   * off screen at the start for the test to mean something. */
  last = g_ptr_array_index (mentions, mentions->len - 1);
  for (guint i = 0; i < mentions->len; i++)
    {
      const DossierMention *mention = g_ptr_array_index (mentions, i);

      if (mention->entity_id == last->entity_id)
        {
          last = mention;
          break;
        }
    }
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (dossier_document_view_get_text_view (fixture->view)));
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0.0);

  dossier_selection_select_entity (fixture->selection, last->entity_id, NULL);
  timeout = g_timeout_add (20000, timeout_cb, &timed_out);
  while (!timed_out && !(gtk_adjustment_get_value (adjustment) > 0
                         && mention_on_screen (fixture->view, last->surface)))
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout);

  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 0.0);
  g_assert_true (mention_on_screen (fixture->view, last->surface));
}

/* Dragging a paragraph from a document into the draft. */

static void
async_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static GAsyncResult *
wait_for_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

/* What a GtkDropTarget wanting @accepted receives from a drag of @content
 * within the application: the provider's value when it has one of the type,
 * else its bytes in a MIME type both sides know, deserialised (as GdkDrop does). */
static void
read_drop_value (GdkContentProvider *content,
                 GdkContentFormats  *accepted,
                 GType               type,
                 GValue             *value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkContentFormats) native = NULL;
  g_autoptr(GdkContentFormats) offered = NULL;
  g_autoptr(GdkContentFormats) wanted = NULL;
  g_autoptr(GOutputStream) output = NULL;
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GAsyncResult) written = NULL;
  g_autoptr(GAsyncResult) read = NULL;
  const char *mime;

  g_value_init (value, type);
  if (gdk_content_provider_get_value (content, value, &error))
    return;
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);

  native = gdk_content_provider_ref_formats (content);
  offered = gdk_content_formats_union_serialize_mime_types (gdk_content_formats_ref (native));
  wanted = gdk_content_formats_union_deserialize_mime_types (gdk_content_formats_ref (accepted));
  mime = gdk_content_formats_match_mime_type (offered, wanted);
  g_assert_nonnull (mime);
  /* The drag side writes that MIME type from a value of one of its own types
   * through GDK's serialisers (gdk_drag_write_async()). */
  output = g_memory_output_stream_new_resizable ();
  if (gdk_content_formats_contain_mime_type (native, mime))
    {
      gdk_content_provider_write_mime_type_async (content, mime, output, G_PRIORITY_DEFAULT, NULL,
                                                  async_done_cb, &written);
      g_assert_true (gdk_content_provider_write_mime_type_finish (content, wait_for_result (&written), &error));
    }
  else
    {
      g_autoptr(GdkContentFormats) serialisable =
        gdk_content_formats_union_serialize_gtypes (gdk_content_formats_new ((const char *[]) { mime }, 1));
      GType source_type = gdk_content_formats_match_gtype (native, serialisable);
      GValue source = G_VALUE_INIT;

      g_assert_true (source_type != G_TYPE_INVALID);
      g_value_init (&source, source_type);
      g_assert_true (gdk_content_provider_get_value (content, &source, &error));
      gdk_content_serialize_async (output, mime, &source, G_PRIORITY_DEFAULT, NULL, async_done_cb, &written);
      g_assert_true (gdk_content_serialize_finish (wait_for_result (&written), &error));
      g_value_unset (&source);
    }
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (output, NULL, NULL));
  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (output));
  input = g_memory_input_stream_new_from_bytes (bytes);
  gdk_content_deserialize_async (input, mime, type, G_PRIORITY_DEFAULT, NULL, async_done_cb, &read);
  g_assert_true (gdk_content_deserialize_finish (wait_for_result (&read), value, &error));
  g_assert_no_error (error);
}

static GtkDropTarget *
drop_target_of (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        return GTK_DROP_TARGET (controller);
    }
  return NULL;
}

static void
collect_cards (GtkWidget *widget,
               GPtrArray *out)
{
  if (GTK_IS_LIST_BOX_ROW (widget) && g_object_get_data (G_OBJECT (widget), "excerpt-id") != NULL)
    g_ptr_array_add (out, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect_cards (child, out);
}

static void
test_view_drag_to_draft (Fixture       *fixture,
                         gconstpointer  data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  DossierDraftPanel *panel = DOSSIER_DRAFT_PANEL (dossier_draft_panel_new ());
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cards = g_ptr_array_new ();
  g_autoptr(DossierDraft) draft = NULL;
  g_autoptr(GdkContentProvider) content = NULL;
  g_autofree char *text = NULL;
  g_autofree char *needle = NULL;
  GValue value = G_VALUE_INIT;
  const DossierDraftSection *findings;
  const DossierExcerpt *dropped;
  GtkDropTarget *target;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  GtkWidget *card;
  gint64 draft_id = 0, first = 0, second = 0, block_id;
  gboolean accepted = FALSE;

  /* The document beside the draft panel, as in the window. */
  g_object_ref (fixture->view);
  gtk_window_set_child (fixture->window, NULL);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (fixture->view));
  g_object_unref (fixture->view);
  gtk_widget_set_hexpand (GTK_WIDGET (fixture->view), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (panel));
  gtk_widget_set_size_request (GTK_WIDGET (panel), 380, -1);
  gtk_window_set_child (fixture->window, box);
  gtk_window_set_default_size (fixture->window, 1100, 800);

  /* A draft whose "Key findings" already quotes two paragraphs. */
  g_assert_true (dossier_draft_new (store, "Dragged", DOSSIER_DRAFT_TEMPLATE_MEETING_SUMMARY, &draft_id, &error));
  g_assert_no_error (error);
  dossier_draft_panel_set_model (panel, store, fixture->selection);
  g_assert_true (dossier_draft_panel_open_draft (panel, draft_id));
  draft = dossier_draft_load (store, draft_id, &error);
  findings = g_ptr_array_index (draft->sections, 1);
  g_assert_true (dossier_draft_editor_add_excerpt (dossier_draft_panel_get_editor (panel), findings->id,
                                                   find_block (report_id, "12", NULL), -1, -1, NULL, &first, &error));
  g_assert_true (dossier_draft_editor_add_excerpt (dossier_draft_panel_get_editor (panel), findings->id,
                                                   find_block (report_id, "20", NULL), -1, -1, NULL, &second, &error));
  g_assert_no_error (error);
  g_assert_true (dossier_draft_panel_open_draft (panel, draft_id));
  g_clear_pointer (&draft, dossier_draft_free);

  /* Paragraph 16 selected whole, as a triple click does, number and all. */
  g_assert_true (dossier_document_view_set_document_id (fixture->view, report_id));
  block_id = find_block (report_id, "16", &text);
  needle = g_strstrip (g_utf8_substring (text, 0, 40));
  buffer = gtk_text_view_get_buffer (dossier_document_view_get_text_view (fixture->view));
  gtk_text_buffer_get_start_iter (buffer, &start);
  g_assert_true (gtk_text_iter_forward_search (&start, needle, 0, &start, NULL, NULL));
  gtk_text_iter_set_line_offset (&start, 0);
  end = start;
  gtk_text_iter_forward_to_line_end (&end);
  gtk_text_buffer_select_range (buffer, &start, &end);
  for (guint i = 0; i < 30; i++)
    {
      iterate ();
      g_usleep (10000);
    }

  /* A GtkTextView drags its selection with the buffer's selection content,
   * not through a GtkDragSource whose "prepare" could be asked: take that
   * content as GtkTextView hands it to gdk_drag_begin(). */
  content = gtk_text_buffer_get_selection_content (buffer);
  g_assert_nonnull (content);

  /* Over the upper half of the second card of "Key findings". */
  collect_cards (GTK_WIDGET (panel), cards);
  g_assert_cmpuint (cards->len, ==, 2);
  card = cards->pdata[1];
  g_assert_cmpint ((gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (card), "excerpt-id")), ==, second);
  g_assert_cmpint (gtk_widget_get_height (card), >, 10);
  target = drop_target_of (card);
  g_assert_nonnull (target);
  {
    g_autoptr(GdkContentFormats) offered =
      gdk_content_formats_union_serialize_gtypes (gdk_content_formats_union_serialize_mime_types (gdk_content_provider_ref_formats (content)));
    g_autoptr(GdkContentFormats) wanted =
      gdk_content_formats_union_deserialize_mime_types (gdk_content_formats_ref (gtk_drop_target_get_formats (target)));

    /* The card would light up under the pointer: it takes what is dragged. */
    g_assert_true (gdk_content_formats_match (offered, wanted));
  }
  read_drop_value (content, gtk_drop_target_get_formats (target), G_TYPE_STRING, &value);
  g_assert_true (g_str_has_prefix (g_value_get_string (&value), "16."));
  g_signal_emit_by_name (target, "drop", &value, 20.0, 5.0, &accepted);
  g_value_unset (&value);
  g_assert_true (accepted);
  iterate ();

  /* In "Key findings", between the two, quoting the whole paragraph. */
  draft = dossier_draft_load (store, draft_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dossier_draft_count_excerpts (draft), ==, 3);
  findings = g_ptr_array_index (draft->sections, 1);
  g_assert_cmpuint (findings->excerpts->len, ==, 3);
  g_assert_cmpint (((DossierExcerpt *) findings->excerpts->pdata[0])->id, ==, first);
  dropped = g_ptr_array_index (findings->excerpts, 1);
  g_assert_cmpint (dropped->block_id, ==, block_id);
  g_assert_cmpstr (dropped->citation, ==, "E/CN.4/2003/74, para. 16");
  g_assert_cmpstr (dropped->quote, ==, text);
  g_assert_cmpint (dropped->quote_start, ==, -1);
  g_assert_cmpint (((DossierExcerpt *) findings->excerpts->pdata[2])->id, ==, second);

  g_assert_true (dossier_draft_delete (store, draft_id, NULL));
}

#ifdef GDK_WINDOWING_X11
/* XTest, found at run time: the test needs no X development files to build,
 * and skips where the library or an X display is missing. */
typedef int (*FakeMotionFunc) (Display *, int, int, int, unsigned long);
typedef int (*FakeButtonFunc) (Display *, unsigned int, Bool, unsigned long);
typedef Bool (*TranslateFunc) (Display *, Window, Window, int, int, int *, int *, Window *);

typedef struct
{
  Display        *display;
  FakeMotionFunc  motion;
  FakeButtonFunc  button;
  int             origin_x;   /* the window's surface on the screen */
  int             origin_y;
} Pointer;

static gboolean
pointer_init (Pointer   *pointer,
              GtkWindow *window)
{
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (window));
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  void *xtst = dlopen ("libXtst.so.6", RTLD_NOW | RTLD_GLOBAL);
  TranslateFunc translate;
  Window child;

  if (!GDK_IS_X11_DISPLAY (display) || xtst == NULL)
    return FALSE;
  pointer->display = gdk_x11_display_get_xdisplay (display);
  pointer->motion = (FakeMotionFunc) dlsym (xtst, "XTestFakeMotionEvent");
  pointer->button = (FakeButtonFunc) dlsym (xtst, "XTestFakeButtonEvent");
  translate = (TranslateFunc) dlsym (RTLD_DEFAULT, "XTranslateCoordinates");
  if (pointer->motion == NULL || pointer->button == NULL || translate == NULL)
    return FALSE;
  return translate (pointer->display, gdk_x11_surface_get_xid (surface),
                    gdk_x11_display_get_xrootwindow (display), 0, 0,
                    &pointer->origin_x, &pointer->origin_y, &child);
}

/* @x, @y of @widget on the screen. */
static void
pointer_move (Pointer   *pointer,
              GtkWidget *widget,
              double     x,
              double     y)
{
  GtkNative *native = gtk_widget_get_native (widget);
  graphene_point_t point;
  double dx, dy;

  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native), &GRAPHENE_POINT_INIT (x, y), &point));
  gtk_native_get_surface_transform (native, &dx, &dy);
  pointer->motion (pointer->display, -1, pointer->origin_x + (int) (point.x + dx),
                   pointer->origin_y + (int) (point.y + dy), 0);
  gdk_display_flush (gtk_widget_get_display (widget));
}

static void
pointer_button (Pointer  *pointer,
                gboolean  press)
{
  pointer->button (pointer->display, 1, press, 0);
}

static void
run_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      iterate ();
      g_usleep (2000);
    }
}
#endif

/* The same drag, made of real pointer events sent to the X server: the text
 * view starts its own drag of the selection, GDK carries it over XDND to the
 * card's drop target, which reads the text through the X selection. */
static void
test_view_drag_events (Fixture       *fixture,
                       gconstpointer  data)
{
#ifdef GDK_WINDOWING_X11
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  DossierDraftPanel *panel = DOSSIER_DRAFT_PANEL (dossier_draft_panel_new ());
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cards = g_ptr_array_new ();
  g_autoptr(DossierDraft) draft = NULL;
  g_autofree char *text = NULL;
  g_autofree char *needle = NULL;
  const DossierDraftSection *findings;
  const DossierExcerpt *dropped;
  GtkTextView *text_view;
  GtkTextBuffer *buffer;
  GtkTextIter start, end, inside;
  GdkRectangle location;
  GtkWindow *window;
  Pointer pointer;
  int wx, wy;
  gint64 draft_id = 0, first = 0, second = 0, block_id;
  gint64 deadline;

  /* A window small enough for xvfb-run's default 640×480 screen: pointer
   * events cannot reach past its edges. */
  g_object_ref (fixture->view);
  gtk_window_set_child (fixture->window, NULL);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (fixture->view));
  g_object_unref (fixture->view);
  gtk_widget_set_hexpand (GTK_WIDGET (fixture->view), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (panel));
  gtk_widget_set_size_request (GTK_WIDGET (panel), 300, -1);
  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 620, 460);
  gtk_window_set_child (window, box);
  gtk_window_present (window);
  run_for (300);
  if (!pointer_init (&pointer, window))
    {
      g_test_skip ("Real pointer events need an X display and libXtst.");
      gtk_window_destroy (window);
      return;
    }

  g_assert_true (dossier_draft_new (store, "Dragged by hand", DOSSIER_DRAFT_TEMPLATE_MEETING_SUMMARY, &draft_id, &error));
  dossier_draft_panel_set_model (panel, store, fixture->selection);
  g_assert_true (dossier_draft_panel_open_draft (panel, draft_id));
  draft = dossier_draft_load (store, draft_id, &error);
  findings = g_ptr_array_index (draft->sections, 1);
  g_assert_true (dossier_draft_editor_add_excerpt (dossier_draft_panel_get_editor (panel), findings->id,
                                                   find_block (report_id, "12", NULL), -1, -1, NULL, &first, &error));
  g_assert_true (dossier_draft_editor_add_excerpt (dossier_draft_panel_get_editor (panel), findings->id,
                                                   find_block (report_id, "20", NULL), -1, -1, NULL, &second, &error));
  g_assert_no_error (error);
  g_assert_true (dossier_draft_panel_open_draft (panel, draft_id));
  g_clear_pointer (&draft, dossier_draft_free);

  g_assert_true (dossier_document_view_set_document_id (fixture->view, report_id));
  block_id = find_block (report_id, "16", &text);
  g_assert_true (dossier_document_view_scroll_to_block (fixture->view, block_id));
  run_for (300);
  needle = g_strstrip (g_utf8_substring (text, 0, 40));
  text_view = dossier_document_view_get_text_view (fixture->view);
  buffer = gtk_text_view_get_buffer (text_view);
  gtk_text_buffer_get_start_iter (buffer, &start);
  g_assert_true (gtk_text_iter_forward_search (&start, needle, 0, &start, NULL, NULL));
  inside = start;
  gtk_text_iter_forward_chars (&inside, 12);
  gtk_text_iter_set_line_offset (&start, 0);
  end = start;
  gtk_text_iter_forward_to_line_end (&end);
  gtk_text_buffer_select_range (buffer, &start, &end);
  run_for (200);

  collect_cards (GTK_WIDGET (panel), cards);
  g_assert_cmpuint (cards->len, ==, 2);
  /* The second card scrolled into sight, on the screen. */
  {
    GtkWidget *scroller = gtk_widget_get_ancestor (cards->pdata[1], GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
    g_autoptr(GdkMonitor) monitor = NULL;
    graphene_point_t point;
    GdkRectangle screen;

    g_assert_true (gtk_widget_compute_point (cards->pdata[1], scroller, &GRAPHENE_POINT_INIT (0, 0), &point));
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + point.y - 20);
    run_for (300);
    g_assert_true (gtk_widget_compute_point (cards->pdata[1], GTK_WIDGET (window), &GRAPHENE_POINT_INIT (40, 6), &point));
    monitor = g_list_model_get_item (gdk_display_get_monitors (gtk_widget_get_display (GTK_WIDGET (window))), 0);
    gdk_monitor_get_geometry (monitor, &screen);
    if (point.x + pointer.origin_x >= screen.width || point.y + pointer.origin_y >= screen.height ||
        point.y >= gtk_widget_get_height (GTK_WIDGET (window)))
      {
        g_test_skip ("The card is off the screen: the screen is too small.");
        gtk_window_destroy (window);
        return;
      }
  }

  /* Press inside the selected paragraph, drag it onto the upper half of the
   * second card of "Key findings", let go. */
  gtk_text_view_get_iter_location (text_view, &inside, &location);
  gtk_text_view_buffer_to_window_coords (text_view, GTK_TEXT_WINDOW_WIDGET,
                                         location.x + 2, location.y + location.height / 2, &wx, &wy);
  pointer_move (&pointer, GTK_WIDGET (text_view), wx, wy);
  run_for (100);
  pointer_button (&pointer, TRUE);
  run_for (100);
  for (int i = 1; i <= 10; i++)
    {
      pointer_move (&pointer, GTK_WIDGET (text_view), wx + 3 * i, wy + 3 * i);
      run_for (30);
    }
  for (int i = 0; i < 10; i++)
    {
      pointer_move (&pointer, cards->pdata[1], 40 + i, 6 + (i % 2));
      run_for (50);
    }
  pointer_button (&pointer, FALSE);

  /* The drop reads the text asynchronously, through the X server. */
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  do
    {
      run_for (50);
      g_clear_pointer (&draft, dossier_draft_free);
      draft = dossier_draft_load (store, draft_id, &error);
      g_assert_no_error (error);
    }
  while (dossier_draft_count_excerpts (draft) < 3 && g_get_monotonic_time () < deadline);

  g_assert_cmpuint (dossier_draft_count_excerpts (draft), ==, 3);
  findings = g_ptr_array_index (draft->sections, 1);
  g_assert_cmpuint (findings->excerpts->len, ==, 3);
  g_assert_cmpint (((DossierExcerpt *) findings->excerpts->pdata[0])->id, ==, first);
  dropped = g_ptr_array_index (findings->excerpts, 1);
  g_assert_cmpint (dropped->block_id, ==, block_id);
  g_assert_cmpstr (dropped->citation, ==, "E/CN.4/2003/74, para. 16");
  g_assert_cmpstr (dropped->quote, ==, text);
  g_assert_cmpint (((DossierExcerpt *) findings->excerpts->pdata[2])->id, ==, second);
  /* A drag copies: the document is as it was. */
  g_assert_true (dossier_document_view_get_document_id (fixture->view) == report_id);

  g_assert_true (dossier_draft_delete (store, draft_id, NULL));
  gtk_window_destroy (window);
#else
  g_test_skip ("Real pointer events are sent through X11.");
#endif
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  g_autofree char *corpus = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  tmp_dir = g_dir_make_tmp ("dossier-view-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (tmp_dir, "view.db", NULL);
  store = dossier_store_open (db, &error);
  g_assert_no_error (error);

  /* One real document with its entities, when the extractor can load. */
  {
    g_autoptr(DossierExtractor) extractor = dossier_extractor_new (NULL, NULL);

    path = g_build_filename (g_getenv ("DOSSIER_DATA_DIR"), "corpus",
                             "E-CN.4-2003-74-traffic-in-women-and-girls.md", NULL);
    file = g_file_new_for_path (path);
    g_assert_true (dossier_store_import_file (store, file, extractor, NULL, &report_id, &error));
    g_assert_no_error (error);
  }

  g_test_add ("/dossier/document-view/load", Fixture, NULL,
              fixture_set_up, test_view_load, fixture_tear_down);
  g_test_add ("/dossier/document-view/find", Fixture, NULL,
              fixture_set_up, test_view_find, fixture_tear_down);
  g_test_add ("/dossier/document-view/copy-with-citation", Fixture, NULL,
              fixture_set_up, test_view_copy_with_citation, fixture_tear_down);
  g_test_add ("/dossier/document-view/scroll-to-block", Fixture, NULL,
              fixture_set_up, test_view_scroll_to_block, fixture_tear_down);
  g_test_add ("/dossier/document-view/highlights-selection", Fixture, NULL,
              fixture_set_up, test_view_highlights_selection, fixture_tear_down);
  g_test_add ("/dossier/document-view/scrolls-to-mention", Fixture, NULL,
              fixture_set_up, test_view_scrolls_to_mention, fixture_tear_down);
  g_test_add ("/dossier/document-view/drag-to-draft", Fixture, NULL,
              fixture_set_up, test_view_drag_to_draft, fixture_tear_down);
  g_test_add ("/dossier/document-view/drag-events-to-draft", Fixture, NULL,
              fixture_set_up, test_view_drag_events, fixture_tear_down);

  status = g_test_run ();

  g_clear_object (&store);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmp_dir);
    if (system (cmd) != 0)
      g_printerr ("could not remove %s\n", tmp_dir);
  }
  g_free (tmp_dir);
  return status;
}
