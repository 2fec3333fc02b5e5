/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A document's paragraph labels hang in the margin on the side its text starts
 * from: the left for English, the right for Arabic, whatever the interface's
 * direction. The view is drawn to $G_TEST_BUILDDIR/document-direction-*.png
 * for people to look at.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "dossier-document-view.h"
#include "dossier-entities.h"

static char *tmp_dir;
static DossierStore *store;
static gint64 arabic_id;
static gint64 english_id;
static gint64 mixed_id;

static const char *const arabic_paragraphs[] = {
  "تعرب الجمعية العامة عن قلقها البالغ إزاء الاتجار بالنساء والفتيات، وتدعو الحكومات إلى "
  "تعزيز التعاون الدولي في مجال منع هذه الجريمة وملاحقة مرتكبيها وحماية الضحايا ومساعدتهم.",
  "تطلب إلى مكتب الأمم المتحدة المعني بالمخدرات والجريمة أن يواصل تقديم المساعدة التقنية "
  "إلى الدول الأعضاء، بناء على طلبها، من أجل تنفيذ بروتوكول منع الاتجار بالأشخاص.",
  "2003",
};

static const char *const english_paragraphs[] = {
  "The General Assembly expresses its deep concern at trafficking in women and girls and calls "
  "upon Governments to strengthen international cooperation to prevent it.",
  "Requests the United Nations Office on Drugs and Crime to continue to provide technical "
  "assistance to Member States, upon request.",
  "2003",
};

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gint64
add_document (const char         *name,
              const char         *title,
              const char *const  *paragraphs,
              guint               n_paragraphs)
{
  g_autoptr(DossierParsedDocument) doc = dossier_parsed_document_new (name, "markdown");
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  doc->title = g_strdup (title);
  doc->kind = g_strdup ("resolution");
  for (guint i = 0; i < n_paragraphs; i++)
    {
      g_autofree char *label = g_strdup_printf ("%u", i + 1);

      g_ptr_array_add (doc->blocks, dossier_block_new (DOSSIER_BLOCK_PARAGRAPH, label, paragraphs[i]));
    }
  g_assert_true (dossier_store_import_parsed (store, doc, name, NULL, NULL, &id, &error));
  g_assert_no_error (error);
  return id;
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
  gtk_window_set_default_size (fixture->window, 640, 420);
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
  gtk_widget_set_default_direction (GTK_TEXT_DIR_LTR);
  gtk_window_destroy (fixture->window);
  iterate ();
  g_assert_finalize_object (fixture->window);
  g_assert_finalize_object (fixture->selection);
  g_assert_finalize_object (fixture->documents);
}

static void
show (Fixture *fixture,
      gint64   document_id)
{
  GtkTextView *text_view = dossier_document_view_get_text_view (fixture->view);

  g_assert_true (dossier_document_view_set_document_id (fixture->view, document_id));
  /* Let the text view validate its layout. */
  for (guint i = 0; i < 20; i++)
    {
      iterate ();
      g_usleep (10000);
    }
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (text_view)), >, 300);
}

static void
save_png (Fixture    *fixture,
          const char *name)
{
  GtkWidget *widget = GTK_WIDGET (fixture->window);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = g_strconcat ("document-direction-", name, ".png", NULL);
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, file, NULL);
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (widget));
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("saved %s", path);
}

/* The buffer line that starts with @label followed by a tab. */
static gboolean
find_line (GtkTextBuffer *buffer,
           const char    *label,
           GtkTextIter   *line_start)
{
  g_autofree char *prefix = g_strconcat (label, "\t", NULL);

  gtk_text_buffer_get_start_iter (buffer, line_start);
  do
    {
      GtkTextIter end = *line_start;
      g_autofree char *text = NULL;

      gtk_text_iter_forward_to_line_end (&end);
      text = gtk_text_buffer_get_text (buffer, line_start, &end, FALSE);
      if (g_str_has_prefix (text, prefix))
        return TRUE;
    }
  while (gtk_text_iter_forward_line (line_start));
  return FALSE;
}

static gboolean
is_tab (gunichar c,
        gpointer data)
{
  return c == '\t';
}

typedef struct
{
  int label_start;      /* the label's edge on the side the text starts from */
  int text_start;       /* the text's first character, on that side */
  int wrapped_start;    /* the first character of the paragraph's second line */
  int view_width;
} Geometry;

static void
measure (Fixture    *fixture,
         const char *label,
         gboolean    rtl,
         Geometry   *geometry)
{
  GtkTextView *text_view = dossier_document_view_get_text_view (fixture->view);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (text_view);
  GtkTextIter line, text, wrapped;
  GdkRectangle label_rect, text_rect, wrapped_rect;
  GdkRectangle visible;

  g_assert_true (find_line (buffer, label, &line));
  text = line;
  g_assert_true (gtk_text_iter_forward_find_char (&text, is_tab, NULL, NULL));
  gtk_text_iter_forward_char (&text);
  gtk_text_view_get_iter_location (text_view, &line, &label_rect);
  gtk_text_view_get_iter_location (text_view, &text, &text_rect);
  /* A paragraph on one line stands in for its own second line. */
  wrapped = line;
  if (gtk_text_view_forward_display_line (text_view, &wrapped)
      && gtk_text_iter_get_line (&wrapped) == gtk_text_iter_get_line (&line))
    gtk_text_view_get_iter_location (text_view, &wrapped, &wrapped_rect);
  else
    wrapped_rect = text_rect;
  gtk_text_view_get_visible_rect (text_view, &visible);

  /* Edges measured from the side the text starts from. */
  geometry->view_width = visible.width;
  if (rtl)
    {
      geometry->label_start = visible.width - (label_rect.x + label_rect.width);
      geometry->text_start = visible.width - (text_rect.x + text_rect.width);
      geometry->wrapped_start = visible.width - (wrapped_rect.x + wrapped_rect.width);
    }
  else
    {
      geometry->label_start = label_rect.x;
      geometry->text_start = text_rect.x;
      geometry->wrapped_start = wrapped_rect.x;
    }
  g_test_message ("%s: label %d, text %d, second line %d (of %d)", label,
                  geometry->label_start, geometry->text_start, geometry->wrapped_start,
                  geometry->view_width);
}

static void
assert_hanging (const Geometry *geometry)
{
  /* The label sits in the margin, before the text on its own side... */
  g_assert_cmpint (geometry->label_start, >=, 0);
  g_assert_cmpint (geometry->label_start, <, geometry->text_start);
  g_assert_cmpint (geometry->label_start, <, geometry->view_width / 4);
  /* ...and the paragraph's lines all start where its text does. */
  g_assert_cmpint (ABS (geometry->wrapped_start - geometry->text_start), <=, 2);
  g_assert_cmpint (geometry->text_start - geometry->label_start, >=, 20);
}

/* A paragraph laid out as the mirror image of another: the same margin for
 * its label on its own side. */
static void
assert_mirrored (const Geometry *geometry,
                 const Geometry *reference)
{
  g_assert_cmpint (ABS (geometry->label_start - reference->label_start), <=, 4);
  g_assert_cmpint (ABS (geometry->text_start - reference->text_start), <=, 8);
}

static void
test_arabic_document (Fixture       *fixture,
                      gconstpointer  data)
{
  Geometry english, first, second, number;

  if (GPOINTER_TO_INT (data))
    gtk_widget_set_default_direction (GTK_TEXT_DIR_RTL);
  show (fixture, english_id);
  measure (fixture, "1.", FALSE, &english);

  show (fixture, arabic_id);
  save_png (fixture, GPOINTER_TO_INT (data) ? "arabic-rtl-ui" : "arabic");
  measure (fixture, "1.", TRUE, &first);
  measure (fixture, "2.", TRUE, &second);
  assert_hanging (&first);
  assert_hanging (&second);
  assert_mirrored (&first, &english);
  assert_mirrored (&second, &english);

  /* A paragraph of digits alone follows the Arabic before it: its label is
   * on the right too (its digits run left to right, so only the label's
   * place is compared). */
  measure (fixture, "3.", TRUE, &number);
  g_assert_cmpint (ABS (number.label_start - english.label_start), <=, 4);
}

static void
test_english_document (Fixture       *fixture,
                       gconstpointer  data)
{
  Geometry first, second;

  if (GPOINTER_TO_INT (data))
    gtk_widget_set_default_direction (GTK_TEXT_DIR_RTL);
  show (fixture, english_id);
  save_png (fixture, GPOINTER_TO_INT (data) ? "english-rtl-ui" : "english");

  measure (fixture, "1.", FALSE, &first);
  measure (fixture, "2.", FALSE, &second);
  assert_hanging (&first);
  assert_hanging (&second);
}

/* An English document quoting an Arabic paragraph: each paragraph hangs its
 * label on its own side. */
static void
test_mixed_document (Fixture       *fixture,
                     gconstpointer  data)
{
  Geometry english, arabic;

  show (fixture, mixed_id);
  save_png (fixture, "mixed");

  measure (fixture, "1.", FALSE, &english);
  measure (fixture, "2.", TRUE, &arabic);
  assert_hanging (&english);
  assert_hanging (&arabic);
  assert_mirrored (&arabic, &english);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  const char *const mixed[] = { english_paragraphs[0], arabic_paragraphs[0] };
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  tmp_dir = g_dir_make_tmp ("dossier-direction-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (tmp_dir, "corpus.db", NULL);
  store = dossier_store_open (path, &error);
  g_assert_no_error (error);
  arabic_id = add_document ("arabic.md", "الاتجار بالنساء والفتيات", arabic_paragraphs,
                            G_N_ELEMENTS (arabic_paragraphs));
  english_id = add_document ("english.md", "Trafficking in women and girls", english_paragraphs,
                             G_N_ELEMENTS (english_paragraphs));
  mixed_id = add_document ("mixed.md", "Quoted text", mixed, G_N_ELEMENTS (mixed));

  g_test_add ("/dossier/document-view/direction/arabic", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_arabic_document, fixture_tear_down);
  g_test_add ("/dossier/document-view/direction/arabic-rtl-interface", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_arabic_document, fixture_tear_down);
  g_test_add ("/dossier/document-view/direction/english", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_english_document, fixture_tear_down);
  g_test_add ("/dossier/document-view/direction/english-rtl-interface", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_english_document, fixture_tear_down);
  g_test_add ("/dossier/document-view/direction/mixed", Fixture, NULL,
              fixture_set_up, test_mixed_document, fixture_tear_down);

  status = g_test_run ();

  g_assert_finalize_object (store);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_unlink (path);
    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (tmp_dir);
  g_free (tmp_dir);
  return status;
}
