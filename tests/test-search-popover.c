/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The search popover: its first rows come with the results and the others, with
 * their snippets, as the list is scrolled to them, the same as when every row
 * was made at once; and it matches entity names in a list it is given (the
 * library's) rather than reading every entity itself.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "dossier-batch.h"
#include "dossier-entities.h"
#include "dossier-entity-item.h"
#include "dossier-extractor.h"
#include "dossier-search-popover.h"

static char *tmp_dir;
static char *db_path;
static DossierStore *store;

typedef struct
{
  GtkWidget            *window;
  GtkWidget            *button;
  DossierSearchPopover *popover;
  DossierSelection     *selection;
} Fixture;

static void
run_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  f->selection = dossier_selection_new ();
  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 800, 700);
  f->button = gtk_menu_button_new ();
  gtk_widget_set_halign (f->button, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (f->button, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (box), f->button);
  gtk_window_set_child (GTK_WINDOW (f->window), box);
  f->popover = DOSSIER_SEARCH_POPOVER (dossier_search_popover_new ());
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (f->button), GTK_WIDGET (f->popover));
  gtk_window_present (GTK_WINDOW (f->window));
  run_for (100);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_menu_button_popdown (GTK_MENU_BUTTON (f->button));
  run_for (100);
  gtk_window_destroy (GTK_WINDOW (f->window));
  run_for (100);
  g_clear_object (&f->selection);
}

/* The title label of a paragraph row: row → line → text box → title. */
static GtkWidget *
row_title (GtkWidget *row)
{
  GtkWidget *line = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
  GtkWidget *box = line != NULL ? gtk_widget_get_first_child (line) : NULL;

  return box != NULL ? gtk_widget_get_first_child (box) : NULL;
}

static GtkListBox *results_list (Fixture *f);

/* The paragraph rows made so far, in order: their titles' markup. */
static GPtrArray *
paragraph_rows (Fixture *f)
{
  GPtrArray *titles = g_ptr_array_new ();
  GtkWidget *list = GTK_WIDGET (results_list (f));
  gboolean in_paragraphs = FALSE;

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *child;

      if (!GTK_IS_LIST_BOX_ROW (row))
        continue;
      child = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
      /* Headings are a bare label: "Entities", then "Paragraphs". */
      if (GTK_IS_LABEL (child))
        {
          in_paragraphs = g_strcmp0 (gtk_label_get_label (GTK_LABEL (child)), "Paragraphs") == 0;
          continue;
        }
      if (in_paragraphs)
        g_ptr_array_add (titles, (gpointer) gtk_label_get_label (GTK_LABEL (row_title (row))));
    }
  return titles;
}

static GtkListBox *
results_list (Fixture *f)
{
  GtkWidget *widget = gtk_widget_get_first_child (GTK_WIDGET (f->popover));

  /* Depth-first to the only list box (the filters' drop-downs use list views). */
  while (widget != NULL && !GTK_IS_LIST_BOX (widget))
    {
      if (gtk_widget_get_first_child (widget) != NULL)
        widget = gtk_widget_get_first_child (widget);
      else
        {
          while (widget != NULL && gtk_widget_get_next_sibling (widget) == NULL)
            widget = gtk_widget_get_parent (widget);
          if (widget != NULL)
            widget = gtk_widget_get_next_sibling (widget);
        }
    }
  g_assert_nonnull (widget);
  return GTK_LIST_BOX (widget);
}

static GtkAdjustment *
results_adjustment (Fixture *f)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (results_list (f)), GTK_TYPE_SCROLLED_WINDOW);

  g_assert_nonnull (scroller);
  return gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
}

static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  const char *dir = g_getenv ("DOSSIER_TEST_SCREENSHOT_DIR");
  g_autofree char *file = NULL;
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);

  /* For a person to look at, on request only. */
  if (dir == NULL)
    return;
  file = g_strdup_printf ("%s/%s.png", dir, name);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, file));
}

static void
test_rows_as_shown (Fixture       *f,
                    gconstpointer  data)
{
  static const char *queries[] = { "trafficking", "traffick*", "women", "victims" };

  dossier_search_popover_set_model (f->popover, store, f->selection);
  gtk_menu_button_popup (GTK_MENU_BUTTON (f->button));
  run_for (100);

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) eager = dossier_store_search (store, queries[q], DOSSIER_SEARCH_PLAIN, 50, &error);
      g_autoptr(GPtrArray) rows = NULL;
      GtkAdjustment *adjustment;
      guint shown_first;

      g_assert_no_error (error);
      g_assert_cmpuint (eager->len, ==, 50);

      dossier_search_popover_search (f->popover, queries[q]);
      /* Every result is counted; only the first rows are made. */
      g_assert_cmpuint (dossier_search_popover_get_n_paragraphs (f->popover), ==, 50);
      rows = paragraph_rows (f);
      g_assert_cmpuint (rows->len, ==, 10);
      g_clear_pointer (&rows, g_ptr_array_unref);

      /* A few more follow while they would fill the popover's second page,
       * not all of them. */
      run_for (300);
      if (q == 0)
        save_screenshot (GTK_WIDGET (f->popover), "search-popover-first-rows");
      rows = paragraph_rows (f);
      shown_first = rows->len;
      g_assert_cmpuint (shown_first, >=, 10);
      g_assert_cmpuint (shown_first, <, 50);
      g_clear_pointer (&rows, g_ptr_array_unref);

      /* Scrolling down brings the others, until every result has its row. */
      adjustment = results_adjustment (f);
      for (guint step = 0; step < 100; step++)
        {
          rows = paragraph_rows (f);
          if (rows->len == 50)
            break;
          g_test_message ("step %u: %u rows, value %g upper %g page %g", step, rows->len,
                          gtk_adjustment_get_value (adjustment), gtk_adjustment_get_upper (adjustment),
                          gtk_adjustment_get_page_size (adjustment));
          g_clear_pointer (&rows, g_ptr_array_unref);
          gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
          run_for (50);
        }
      g_assert_nonnull (rows);
      g_assert_cmpuint (rows->len, ==, 50);
      if (q == 0)
        save_screenshot (GTK_WIDGET (f->popover), "search-popover-scrolled");

      /* What is shown is what one search with every snippet gives. */
      for (guint i = 0; i < rows->len; i++)
        {
          DossierSearchHit *hit = g_ptr_array_index (eager, i);
          g_autofree char *markup = dossier_search_popover_snippet_markup (hit->snippet);

          g_assert_cmpstr (g_ptr_array_index (rows, i), ==, markup);
        }
    }
}

/* "Add to Draft" on a result whose row is not made yet makes it first. */
static void
test_add_unmade_row (Fixture       *f,
                     gconstpointer  data)
{
  dossier_search_popover_set_model (f->popover, store, f->selection);
  dossier_search_popover_search (f->popover, "trafficking");
  g_assert_cmpuint (dossier_search_popover_get_n_paragraphs (f->popover), ==, 50);
  /* No draft panel here: the action fails, but the row is found and made. */
  g_assert_false (dossier_search_popover_add_to_draft (f->popover,
                                                      dossier_search_popover_get_n_entities (f->popover) + 45));
  {
    g_autoptr(GPtrArray) rows = paragraph_rows (f);

    g_assert_cmpuint (rows->len, >=, 46);
  }
  g_assert_false (dossier_search_popover_add_to_draft (f->popover, 1000));
}

static GListModel *
entity_list (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entities = dossier_store_list_entities (store, NULL, 0, FALSE, &error);

  g_assert_no_error (error);
  return dossier_entity_item_list_from_array (entities);
}

static void
test_given_entities (Fixture       *f,
                     gconstpointer  data)
{
  static const char *queries[] = { "trafficking", "office", "UNODC", "commission", "zzqx" };
  DossierSearchPopover *own = DOSSIER_SEARCH_POPOVER (dossier_search_popover_new ());
  GtkWidget *own_button = gtk_menu_button_new ();
  g_autoptr(GListModel) list = entity_list ();
  GListStore *shared = g_list_store_new (DOSSIER_TYPE_ENTITY_ITEM);
  guint n = g_list_model_get_n_items (list);
  guint empty_total = 0, total = 0;

  /* A popover that reads the entities itself, one that is given them. */
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (own_button), GTK_WIDGET (own));
  gtk_box_append (GTK_BOX (gtk_widget_get_parent (f->button)), own_button);
  dossier_search_popover_set_model (own, store, f->selection);
  dossier_search_popover_set_entities (f->popover, G_LIST_MODEL (shared));
  dossier_search_popover_set_model (f->popover, store, f->selection);
  gtk_menu_button_popup (GTK_MENU_BUTTON (f->button));
  run_for (100);

  /* Given an empty list, only the exact names the store finds are listed. */
  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      dossier_search_popover_search (f->popover, queries[q]);
      dossier_search_popover_search (own, queries[q]);
      g_assert_cmpuint (dossier_search_popover_get_n_entities (f->popover), <=,
                        dossier_search_popover_get_n_entities (own));
      empty_total += dossier_search_popover_get_n_entities (f->popover);
      total += dossier_search_popover_get_n_entities (own);
    }
  g_assert_cmpuint (total, >, empty_total);

  /* The list fills (the library read its entities): the shown results take
   * them in at once, and every search matches the same names as the
   * popover that read them itself. */
  dossier_search_popover_search (f->popover, "office");
  {
    g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
    guint before = dossier_search_popover_get_n_entities (f->popover);

    for (guint i = 0; i < n; i++)
      g_ptr_array_add (items, g_list_model_get_item (list, i));
    g_list_store_splice (shared, 0, 0, items->pdata, items->len);
    g_assert_cmpuint (dossier_search_popover_get_n_entities (f->popover), >, before);
  }
  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      dossier_search_popover_search (f->popover, queries[q]);
      dossier_search_popover_search (own, queries[q]);
      g_assert_cmpuint (dossier_search_popover_get_n_entities (f->popover), ==,
                        dossier_search_popover_get_n_entities (own));
    }

  /* Reloading reads nothing: the given list stays what is matched. */
  g_list_store_remove_all (shared);
  dossier_search_popover_reload (f->popover);
  dossier_search_popover_search (f->popover, "office");
  dossier_search_popover_search (own, "office");
  g_assert_cmpuint (dossier_search_popover_get_n_entities (f->popover), <,
                    dossier_search_popover_get_n_entities (own));

  dossier_search_popover_set_entities (f->popover, NULL);
  g_object_unref (shared);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierBatchResult) result = NULL;
  g_autoptr(DossierExtractor) extractor = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  tmp_dir = g_dir_make_tmp ("dossier-search-popover-XXXXXX", &error);
  g_assert_no_error (error);
  db_path = g_build_filename (tmp_dir, "corpus.db", NULL);
  store = dossier_store_open (db_path, &error);
  g_assert_no_error (error);
  extractor = dossier_extractor_new (NULL, &error);
  g_assert_no_error (error);
  result = dossier_batch_import_bundled (store, extractor, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->n_added, ==, 5);

#define ADD(name, func) \
  g_test_add ("/dossier/search-popover/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("rows-as-shown", test_rows_as_shown);
  ADD ("add-unmade-row", test_add_unmade_row);
  ADD ("given-entities", test_given_entities);
#undef ADD

  status = g_test_run ();

  g_assert_finalize_object (store);
  {
    g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db_path, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
  }
  g_unlink (db_path);
  g_rmdir (tmp_dir);
  g_free (db_path);
  g_free (tmp_dir);
  return status;
}
