/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The interactive graph view, driven programmatically in a real window: hit
 * testing, zoom around a point, culling, selection linked with the window's,
 * keyboard navigation, expansion, and that restyling never lays out again.
 * Pictures of the bundled corpus's graph (light and dark) are saved in the build
 * directory for people to look at.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <unistd.h>

#include "dossier-batch.h"
#include "dossier-extractor.h"
#include "dossier-graph-pane.h"
#include "dossier-graph-view.h"
#include "dossier-graph-view-private.h"
#include "dossier-saved-views.h"

static DossierStore *store;
static char *tmp_dir;

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

static void
run_for (guint msec)
{
  gboolean done = FALSE;

  g_timeout_add (msec, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

typedef struct
{
  GtkWindow        *window;
  DossierGraphView *view;
  DossierGraph     *graph;
} Fixture;

/* A connected graph with a few of every kind, the same every run. */
static DossierGraph *
synthetic_graph (guint n)
{
  static const char *const kinds[] = { "organisation", "body", "resolution", "instrument", "initiative", "place" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  DossierGraph *graph = dossier_graph_new ();

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *key = g_strdup_printf ("org:n%u", i);
      g_autofree char *name = g_strdup_printf ("Entity %u", i);

      dossier_graph_add_node (graph, key, name, kinds[i % G_N_ELEMENTS (kinds)], 1 + i % 5);
    }
  for (guint i = 1; i < n; i++)
    for (guint k = 0; k < 2 && k < i; k++)
      {
        g_autofree char *a = g_strdup_printf ("org:n%u", i);
        g_autofree char *b = g_strdup_printf ("org:n%u", (guint) g_rand_int_range (rand, 0, (gint32) i));

        dossier_graph_add_relation (graph, a, b, k == 0 ? "co-mention" : "supplements", 1 + i % 3, k == 1);
      }
  return graph;
}

static void
fixture_show_at (Fixture      *fixture,
                 DossierGraph *graph,
                 int           width,
                 int           height)
{
  fixture->graph = graph;
  fixture->window = GTK_WINDOW (gtk_window_new ());
  fixture->view = DOSSIER_GRAPH_VIEW (dossier_graph_view_new ());
  gtk_window_set_default_size (fixture->window, width, height);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->view));
  dossier_graph_view_set_graph (fixture->view, graph);
  gtk_window_present (fixture->window);
  run_for (300);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->view)), >, 100);
}

static void
fixture_show (Fixture      *fixture,
              DossierGraph *graph)
{
  fixture_show_at (fixture, graph, 800, 600);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  DossierGraph *graph = synthetic_graph (GPOINTER_TO_UINT (data) ? GPOINTER_TO_UINT (data) : 40);

  g_assert_true (dossier_graph_layout (graph, "neato", NULL, &error));
  g_assert_no_error (error);
  fixture_show (fixture, graph);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  iterate ();
  g_clear_object (&fixture->graph);
}

/* Renders the window's current frame, as GTK would draw it. */
static GdkTexture *
render_frame (Fixture *fixture)
{
  GtkWidget *widget = GTK_WIDGET (fixture->view);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (fixture->window));

  /* Let GTK lay out what changed (the zoom label) first, as before any frame. */
  run_for (20);
  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  return gsk_renderer_render_texture (renderer, node,
                                      &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                                           gtk_widget_get_height (widget)));
}

static void
node_centre (Fixture *fixture,
             guint    node,
             double  *x,
             double  *y)
{
  graphene_rect_t bounds;

  g_assert_true (dossier_graph_view_get_node_bounds (fixture->view, node, &bounds));
  *x = bounds.origin.x + bounds.size.width / 2;
  *y = bounds.origin.y + bounds.size.height / 2;
}

static void
check_hits (Fixture *fixture)
{
  DossierGraphGeometry *geometry = dossier_graph_get_geometry (fixture->graph);
  guint n_edges_hit = 0;

  for (guint i = 0; i < geometry->n_nodes; i++)
    {
      double x, y;
      int hit;
      graphene_rect_t bounds;

      node_centre (fixture, i, &x, &y);
      hit = dossier_graph_view_node_at (fixture->view, x, y);
      g_assert_cmpint (hit, >=, 0);
      /* The node, or one drawn over it whose box holds the point too. */
      if (hit != (int) i)
        {
          g_assert_cmpint (hit, >, (int) i);
          g_assert_true (dossier_graph_view_get_node_bounds (fixture->view, hit, &bounds));
          g_assert_true (graphene_rect_contains_point (&bounds, &GRAPHENE_POINT_INIT (x, y)));
        }
    }

  /* The middle of each edge's first curve hits that edge unless a node is there. */
  for (guint i = 0; i < geometry->n_edges; i++)
    {
      const DossierGraphEdgeGeometry *edge = &geometry->edges[i];
      const DossierGraphPoint *p = edge->spline;
      double gx, gy, x, y;
      int hit;

      if (edge->n_spline < 4)
        continue;
      gx = (p[0].x + 3 * p[1].x + 3 * p[2].x + p[3].x) / 8;
      gy = (p[0].y + 3 * p[1].y + 3 * p[2].y + p[3].y) / 8;
      dossier_graph_view_graph_to_widget (fixture->view, gx, gy, &x, &y);
      if (dossier_graph_view_node_at (fixture->view, x, y) >= 0)
        continue;
      hit = dossier_graph_view_edge_at (fixture->view, x, y);
      g_assert_cmpint (hit, >=, 0);
      n_edges_hit += hit == (int) i;
    }
  g_assert_cmpuint (n_edges_hit, >, geometry->n_edges / 2);

  /* Far from the graph there is nothing. */
  {
    double x, y;

    dossier_graph_view_graph_to_widget (fixture->view, geometry->bounds.x - 500,
                                        geometry->bounds.y - 500, &x, &y);
    g_assert_cmpint (dossier_graph_view_node_at (fixture->view, x, y), ==, -1);
    g_assert_cmpint (dossier_graph_view_edge_at (fixture->view, x, y), ==, -1);
  }
}

static void
test_hit_testing (Fixture       *fixture,
                  gconstpointer  data)
{
  const double zooms[] = { 0.3, 1.0, 2.5 };

  for (guint z = 0; z < G_N_ELEMENTS (zooms); z++)
    {
      dossier_graph_view_zoom_at (fixture->view, zooms[z], 400, 300);
      check_hits (fixture);
      dossier_graph_view_pan_by (fixture->view, 37.5, -23.25);
      check_hits (fixture);
    }
}

static void
test_zoom_keeps_point (Fixture       *fixture,
                       gconstpointer  data)
{
  const double points[][2] = { { 123, 77 }, { 400, 300 }, { 799, 1 } };

  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    {
      double gx0, gy0, gx1, gy1;
      double zoom = dossier_graph_view_get_zoom (fixture->view);

      dossier_graph_view_widget_to_graph (fixture->view, points[i][0], points[i][1], &gx0, &gy0);
      dossier_graph_view_zoom_at (fixture->view, zoom * 1.7, points[i][0], points[i][1]);
      g_assert_cmpfloat_with_epsilon (dossier_graph_view_get_zoom (fixture->view), zoom * 1.7, 1e-9);
      dossier_graph_view_widget_to_graph (fixture->view, points[i][0], points[i][1], &gx1, &gy1);
      g_assert_cmpfloat_with_epsilon (gx0, gx1, 1e-6);
      g_assert_cmpfloat_with_epsilon (gy0, gy1, 1e-6);
    }

  /* The keys zoom around the centre when the pointer is elsewhere, and clamp. */
  {
    double gx0, gy0, gx1, gy1;
    double zoom = dossier_graph_view_get_zoom (fixture->view);
    int w = gtk_widget_get_width (GTK_WIDGET (fixture->view));
    int h = gtk_widget_get_height (GTK_WIDGET (fixture->view));

    dossier_graph_view_widget_to_graph (fixture->view, w / 2.0, h / 2.0, &gx0, &gy0);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "graph.zoom-in", NULL));
    g_assert_cmpfloat (dossier_graph_view_get_zoom (fixture->view), >, zoom);
    dossier_graph_view_widget_to_graph (fixture->view, w / 2.0, h / 2.0, &gx1, &gy1);
    g_assert_cmpfloat_with_epsilon (gx0, gx1, 1e-6);
    g_assert_cmpfloat_with_epsilon (gy0, gy1, 1e-6);
    for (guint i = 0; i < 100; i++)
      gtk_widget_activate_action (GTK_WIDGET (fixture->view), "graph.zoom-out", NULL);
    g_assert_cmpfloat (dossier_graph_view_get_zoom (fixture->view), ==, DOSSIER_GRAPH_VIEW_MIN_ZOOM);
  }

  /* Fit shows every node. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "graph.fit", NULL);
  for (guint i = 0; i < dossier_graph_get_n_nodes (fixture->graph); i++)
    {
      graphene_rect_t bounds;

      dossier_graph_view_get_node_bounds (fixture->view, i, &bounds);
      g_assert_cmpfloat (bounds.origin.x, >=, 0);
      g_assert_cmpfloat (bounds.origin.y, >=, 0);
      g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, 800);
      g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, 600);
    }
}

static void
test_culling (Fixture       *fixture,
              gconstpointer  data)
{
  const double zooms[] = { 0.2, 1.0, 3.0 };
  const double pans[][2] = { { 0, 0 }, { 350, -120 }, { -900, 400 } };
  guint n_nodes = dossier_graph_get_n_nodes (fixture->graph);

  for (guint z = 0; z < G_N_ELEMENTS (zooms); z++)
    for (guint p = 0; p < G_N_ELEMENTS (pans); p++)
      {
        g_autoptr(GArray) visible = NULL;
        g_autoptr(GHashTable) set = g_hash_table_new (NULL, NULL);
        guint n_expected = 0;

        dossier_graph_view_fit (fixture->view);
        dossier_graph_view_zoom_at (fixture->view, zooms[z], 400, 300);
        dossier_graph_view_pan_by (fixture->view, pans[p][0], pans[p][1]);
        visible = dossier_graph_view_dup_visible_nodes (fixture->view);
        for (guint k = 0; k < visible->len; k++)
          g_hash_table_add (set, GUINT_TO_POINTER (g_array_index (visible, guint, k)));

        for (guint i = 0; i < n_nodes; i++)
          {
            graphene_rect_t bounds;
            gboolean intersects;

            dossier_graph_view_get_node_bounds (fixture->view, i, &bounds);
            intersects = bounds.origin.x <= 800 && bounds.origin.x + bounds.size.width >= 0
                         && bounds.origin.y <= 600 && bounds.origin.y + bounds.size.height >= 0;
            /* Culling never hides what touches the viewport... */
            if (intersects)
              {
                g_assert_true (g_hash_table_contains (set, GUINT_TO_POINTER (i)));
                n_expected++;
              }
            /* ...and leaves out what lies well outside. */
            else if (bounds.origin.x > 820 || bounds.origin.y > 620
                     || bounds.origin.x + bounds.size.width < -20
                     || bounds.origin.y + bounds.size.height < -20)
              g_assert_false (g_hash_table_contains (set, GUINT_TO_POINTER (i)));
          }
        g_assert_cmpuint (visible->len, >=, n_expected);
      }
}

/* The view dashes long edges itself, building only the dashes a tile shows;
 * the picture must be cairo's own, dash for dash, wherever the clip cuts the
 * path. */
static cairo_surface_t *
stroke_test_path (guint         path,
                  const double *dash,
                  double        cairo_offset,
                  gboolean      own,
                  double        tx,
                  double        ty)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 240, 180);
  cairo_t *cr = cairo_create (surface);

  cairo_translate (cr, -tx, -ty);
  cairo_set_line_width (cr, 1.5);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  switch (path)
    {
    case 0: /* a long straight edge through the surface */
      cairo_move_to (cr, -900, -500);
      cairo_line_to (cr, 1200, 700);
      break;
    case 1: /* a spline */
      cairo_move_to (cr, -600, 300);
      cairo_curve_to (cr, -100, -400, 200, 600, 900, -50);
      break;
    case 2: /* a polyline with sharp turns, and a second subpath */
      cairo_move_to (cr, -300, 10);
      cairo_line_to (cr, 80, 110);
      cairo_line_to (cr, 90, -200);
      cairo_line_to (cr, 150, 300);
      cairo_move_to (cr, -40, 60);
      cairo_line_to (cr, 400, 62);
      break;
    default: /* a closed polygon */
      cairo_move_to (cr, -20, -20);
      cairo_line_to (cr, 130, 15);
      cairo_line_to (cr, 70, 140);
      cairo_close_path (cr);
      break;
    }
  if (own)
    _dossier_graph_view_stroke_dashed (cr, dash);
  else
    {
      cairo_set_dash (cr, dash, 2, cairo_offset);
      cairo_stroke (cr);
    }
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* Pixels whose alpha differs by more than a quarter; @inked counts the
 * pixels either picture covers. */
static guint
count_different (cairo_surface_t *a,
                 cairo_surface_t *b,
                 guint           *inked)
{
  guint different = 0;
  int stride = cairo_image_surface_get_stride (a);

  *inked = 0;
  for (int y = 0; y < cairo_image_surface_get_height (a); y++)
    for (int x = 0; x < cairo_image_surface_get_width (a); x++)
      {
        guint pa = ((guint32 *) (cairo_image_surface_get_data (a) + y * stride))[x] >> 24;
        guint pb = ((guint32 *) (cairo_image_surface_get_data (b) + y * stride))[x] >> 24;

        *inked += pa > 0 || pb > 0;
        different += (pa > pb ? pa - pb : pb - pa) > 64;
      }
  return different;
}

static void
test_dashes_match_cairo (void)
{
  static const double dashes[][2] = { { 5.0, 3.0 }, { 1.0, 3.0 } };
  static const double origins[][2] = { { 0, 0 }, { 37.3, -21.6 }, { -55.5, 48.25 } };

  for (guint path = 0; path < 4; path++)
    for (guint d = 0; d < G_N_ELEMENTS (dashes); d++)
      for (guint o = 0; o < G_N_ELEMENTS (origins); o++)
        {
          cairo_surface_t *theirs = stroke_test_path (path, dashes[d], 0, FALSE, origins[o][0], origins[o][1]);
          cairo_surface_t *ours = stroke_test_path (path, dashes[d], 0, TRUE, origins[o][0], origins[o][1]);
          cairo_surface_t *shifted = stroke_test_path (path, dashes[d], dashes[d][0] / 2 + 1, FALSE,
                                                       origins[o][0], origins[o][1]);
          guint inked, different;

          different = count_different (theirs, ours, &inked);
          g_test_message ("path %u, dash %u, origin %u: %u of %u pixels differ", path, d, o, different, inked);
          g_assert_cmpuint (inked, >, 30);
          g_assert_cmpuint (different, <=, inked / 50);
          /* The comparison sees dashes out of phase. */
          g_assert_cmpuint (count_different (theirs, shifted, &inked), >, inked / 10);
          cairo_surface_destroy (theirs);
          cairo_surface_destroy (ours);
          cairo_surface_destroy (shifted);
        }
}

static void
test_restyle_no_layout (Fixture       *fixture,
                        gconstpointer  data)
{
  guint layouts = dossier_graph_get_layout_count (fixture->graph);
  g_autoptr(GdkTexture) first = NULL;
  g_autoptr(GdkTexture) again = NULL;
  guint tiles;

  first = render_frame (fixture);
  tiles = dossier_graph_view_get_n_tiles_drawn (fixture->view);
  g_assert_cmpuint (tiles, >, 0);
  /* The same frame again comes from the cache. */
  again = render_frame (fixture);
  g_assert_cmpuint (dossier_graph_view_get_n_tiles_drawn (fixture->view), ==, tiles);

  dossier_graph_view_select_node (fixture->view, 3, FALSE);
  dossier_graph_view_select_node (fixture->view, 5, TRUE);
  g_clear_object (&again);
  again = render_frame (fixture);
  /* Restyling redraws tiles (the worker thread's arrive a little later), but
   * never lays out. */
  for (guint i = 0; i < 250 && dossier_graph_view_get_n_tiles_drawn (fixture->view) == tiles; i++)
    run_for (20);
  g_assert_cmpuint (dossier_graph_view_get_n_tiles_drawn (fixture->view), >, tiles);
  g_assert_cmpuint (dossier_graph_view_search (fixture->view, "Entity 1"), >, 1);
  dossier_graph_view_hide_node (fixture->view, 7);
  dossier_graph_view_pin_node (fixture->view, 2, 10, 10);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  dossier_graph_view_zoom_at (fixture->view, 1.9, 100, 100);
  dossier_graph_view_pan_by (fixture->view, 10, 20);
  g_clear_object (&again);
  again = render_frame (fixture);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  run_for (50);
  g_assert_cmpuint (dossier_graph_get_layout_count (fixture->graph), ==, layouts);

  /* The hidden node is not hit; the pinned one is where it was put. */
  {
    graphene_rect_t bounds;
    double x, y;

    dossier_graph_view_get_node_bounds (fixture->view, 2, &bounds);
    dossier_graph_view_graph_to_widget (fixture->view, 10, 10, &x, &y);
    g_assert_cmpfloat_with_epsilon (bounds.origin.x + bounds.size.width / 2, x, 0.05);
    g_assert_cmpfloat_with_epsilon (bounds.origin.y + bounds.size.height / 2, y, 0.05);
    g_assert_true (dossier_graph_view_is_node_pinned (fixture->view, 2));
    node_centre (fixture, 7, &x, &y);
    g_assert_cmpint (dossier_graph_view_node_at (fixture->view, x, y), !=, 7);
  }
}

static void
count_cb (gpointer  object,
          guint    *count)
{
  (*count)++;
}

static void
test_keyboard (Fixture       *fixture,
               gconstpointer  data)
{
  GtkWidget *widget = GTK_WIDGET (fixture->view);
  DossierGraphGeometry *geometry = dossier_graph_get_geometry (fixture->graph);
  const int dirs[][2] = { { 1, 0 }, { 0, 1 }, { -1, 0 }, { 0, -1 } };
  guint changed = 0;
  int focus;

  g_signal_connect (fixture->view, "selection-changed", G_CALLBACK (count_cb), &changed);
  gtk_widget_grab_focus (widget);
  run_for (50);
  focus = dossier_graph_view_get_focus_node (fixture->view);
  g_assert_cmpint (focus, >=, 0);

  /* Arrows follow edges: each move ends on a neighbour when there is one that way. */
  for (guint round = 0; round < 3; round++)
    for (guint d = 0; d < G_N_ELEMENTS (dirs); d++)
      {
        int before = dossier_graph_view_get_focus_node (fixture->view);
        int after;
        gboolean neighbour_that_way = FALSE;

        for (guint e = 0; e < geometry->n_edges; e++)
          {
            const DossierGraphEdgeGeometry *edge = &geometry->edges[e];
            int other = edge->tail == (guint) before ? (int) edge->head
                        : edge->head == (guint) before ? (int) edge->tail : -1;
            double dx, dy, dist;

            if (other < 0)
              continue;
            dx = geometry->nodes[other].center.x - geometry->nodes[before].center.x;
            dy = geometry->nodes[other].center.y - geometry->nodes[before].center.y;
            dist = hypot (dx, dy);
            if (dist > 0 && (dx * dirs[d][0] + dy * dirs[d][1]) / dist >= 0.5)
              neighbour_that_way = TRUE;
          }

        gtk_widget_activate_action (widget, "graph.move-focus", "(ii)", dirs[d][0], dirs[d][1]);
        after = dossier_graph_view_get_focus_node (fixture->view);
        if (neighbour_that_way)
          g_assert_cmpint (dossier_graph_find_edge (fixture->graph, before, after), >=, 0);
        if (after != before)
          {
            double dx = geometry->nodes[after].center.x - geometry->nodes[before].center.x;
            double dy = geometry->nodes[after].center.y - geometry->nodes[before].center.y;

            g_assert_cmpfloat (dx * dirs[d][0] + dy * dirs[d][1], >, 0);
          }
      }

  focus = dossier_graph_view_get_focus_node (fixture->view);
  gtk_widget_activate_action (widget, "graph.focus-node", "s", "select");
  g_assert_true (dossier_graph_view_is_node_selected (fixture->view, focus));
  g_assert_cmpuint (dossier_graph_view_get_n_selected (fixture->view), ==, 1);
  g_assert_cmpuint (changed, ==, 1);
  gtk_widget_activate_action (widget, "graph.focus-node", "s", "unselect");
  g_assert_cmpuint (dossier_graph_view_get_n_selected (fixture->view), ==, 0);
  g_assert_cmpuint (changed, ==, 2);

  /* The focused node is always on screen. */
  {
    graphene_rect_t bounds;

    dossier_graph_view_zoom_at (fixture->view, 4.0, 0, 0);
    dossier_graph_view_set_focus_node (fixture->view, (int) geometry->n_nodes - 1);
    dossier_graph_view_get_node_bounds (fixture->view, geometry->n_nodes - 1, &bounds);
    g_assert_cmpfloat (bounds.origin.x, >=, 0);
    g_assert_cmpfloat (bounds.origin.y, >=, 0);
    g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, 800);
    g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, 600);
  }
}

/* The bundled corpus */

static DossierGraph *
corpus_graph (DossierGraphFilter *filter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierGraphFilter) all = dossier_graph_filter_new ();
  DossierGraph *graph = dossier_graph_new_from_store (store, filter != NULL ? filter : all, &error);

  g_assert_no_error (error);
  g_assert_true (dossier_graph_layout (graph, NULL, NULL, &error));
  g_assert_no_error (error);
  return graph;
}

static void
save_picture (Fixture    *fixture,
              const char *name,
              gboolean    dark)
{
  g_autoptr(GdkTexture) texture = dossier_graph_view_render_texture (fixture->view, 1.5, dark);
  g_autofree char *path = g_build_filename (g_getenv ("G_TEST_BUILDDIR") != NULL ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                            name, NULL);

  g_assert_nonnull (texture);
  g_assert_cmpint (gdk_texture_get_width (texture), >, 100);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Saved %s", path);
}

static void
test_corpus_selection (void)
{
  Fixture fixture = { NULL, };
  g_autoptr(DossierSelection) selection = dossier_selection_new ();
  g_autoptr(GdkTexture) frame = NULL;
  guint n, changed = 0;
  int a = -1, b = -1;

  fixture_show (&fixture, corpus_graph (NULL));
  n = dossier_graph_get_n_nodes (fixture.graph);
  g_assert_cmpuint (n, >, 10);
  dossier_graph_view_set_selection (fixture.view, selection);
  g_signal_connect (fixture.view, "selection-changed", G_CALLBACK (count_cb), &changed);

  for (guint i = 0; i < n && b < 0; i++)
    if (dossier_graph_get_node (fixture.graph, i)->entity_id != 0)
      {
        if (a < 0)
          a = (int) i;
        else
          b = (int) i;
      }
  g_assert_cmpint (b, >=, 0);

  /* A click in the graph chooses the entity everywhere. */
  dossier_graph_view_select_node (fixture.view, a, FALSE);
  g_assert_cmpint (dossier_selection_get_entity_id (selection), ==,
                   dossier_graph_get_node (fixture.graph, a)->entity_id);
  /* Ctrl+click adds; the window follows the last node clicked. */
  dossier_graph_view_select_node (fixture.view, b, TRUE);
  g_assert_cmpuint (dossier_graph_view_get_n_selected (fixture.view), ==, 2);
  g_assert_cmpint (dossier_selection_get_entity_id (selection), ==,
                   dossier_graph_get_node (fixture.graph, b)->entity_id);

  /* An entity chosen elsewhere is selected here, alone. */
  dossier_selection_select_entity (selection, dossier_graph_get_node (fixture.graph, a)->entity_id, NULL);
  g_assert_true (dossier_graph_view_is_node_selected (fixture.view, a));
  g_assert_false (dossier_graph_view_is_node_selected (fixture.view, b));
  g_assert_cmpuint (changed, ==, 3);

  /* Pictures for people: the light one with a selection, the dark one without. */
  frame = render_frame (&fixture);
  save_picture (&fixture, "graph-view-corpus-light.png", FALSE);
  dossier_graph_view_unselect_all (fixture.view);
  save_picture (&fixture, "graph-view-corpus-dark.png", TRUE);
  /* Coloured by community: a restyle, no new layout. */
  {
    guint layouts = dossier_graph_get_layout_count (fixture.graph);

    dossier_graph_view_set_color_by (fixture.view, DOSSIER_GRAPH_COLOR_BY_COMMUNITY);
    g_assert_cmpint (dossier_graph_get_color_by (fixture.graph), ==, DOSSIER_GRAPH_COLOR_BY_COMMUNITY);
    g_assert_cmpuint (dossier_graph_get_layout_count (fixture.graph), ==, layouts);
    save_picture (&fixture, "graph-view-corpus-community.png", FALSE);
    dossier_graph_view_set_color_by (fixture.view, DOSSIER_GRAPH_COLOR_BY_KIND);
  }

  /* Every export of what is shown is written. */
  {
    const char *formats[] = { "png", "svg", "pdf", "dot", "json", "graphml" };

    for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
      {
        g_autofree char *name = g_strdup_printf ("export.%s", formats[i]);
        g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
        g_autoptr(GError) error = NULL;
        GStatBuf st;

        g_assert_true (dossier_graph_view_export_file (fixture.view, formats[i], path, &error));
        g_assert_no_error (error);
        g_assert_cmpint (g_stat (path, &st), ==, 0);
        g_assert_cmpint (st.st_size, >, 100);
      }
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (dossier_graph_view_export_file (fixture.view, "bmp", "/nonexistent/x.bmp", &error));
      g_assert_error (error, DOSSIER_GRAPH_ERROR, DOSSIER_GRAPH_ERROR_INVALID);
    }
  }

  fixture_tear_down (&fixture, NULL);
}

/* What the stand-in for the draft panel's window actions received. */
static void
record_draft_cb (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GArray *ids = g_object_get_data (G_OBJECT (action), "ids");
  gint64 id = g_variant_get_int64 (parameter);

  g_array_append_val (ids, id);
}

static void
test_corpus_add_to_draft (void)
{
  Fixture fixture = { NULL, };
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) add_entity = g_simple_action_new ("add-entity", G_VARIANT_TYPE_INT64);
  g_autoptr(GSimpleAction) add_relation = g_simple_action_new ("add-relation", G_VARIANT_TYPE_INT64);
  g_autoptr(GArray) entities = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) relations = g_array_new (FALSE, FALSE, sizeof (gint64));
  const DossierGraphEdge *edge = NULL;
  int node = -1, edge_index = -1;
  guint n;

  fixture_show (&fixture, corpus_graph (NULL));
  n = dossier_graph_get_n_nodes (fixture.graph);
  for (guint i = 0; i < n && node < 0; i++)
    if (dossier_graph_get_node (fixture.graph, i)->entity_id != 0)
      node = (int) i;
  for (guint i = 0; i < dossier_graph_get_n_edges (fixture.graph) && edge == NULL; i++)
    if (dossier_graph_get_edge (fixture.graph, i)->relation_ids != NULL
        && dossier_graph_get_edge (fixture.graph, i)->relation_ids->len > 0)
      edge = dossier_graph_get_edge (fixture.graph, edge_index = (int) i);
  g_assert_cmpint (node, >=, 0);
  g_assert_nonnull (edge);

  /* No draft open: nothing happens, and the user is told. */
  g_assert_false (dossier_graph_view_add_node_to_draft (fixture.view, node));
  g_assert_false (dossier_graph_view_add_edge_to_draft (fixture.view, edge_index));

  g_object_set_data (G_OBJECT (add_entity), "ids", entities);
  g_object_set_data (G_OBJECT (add_relation), "ids", relations);
  g_signal_connect (add_entity, "activate", G_CALLBACK (record_draft_cb), NULL);
  g_signal_connect (add_relation, "activate", G_CALLBACK (record_draft_cb), NULL);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (add_entity));
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (add_relation));
  gtk_widget_insert_action_group (GTK_WIDGET (fixture.window), "draft", G_ACTION_GROUP (group));

  /* The node's entity, through the context menu's action on the focused node. */
  dossier_graph_view_set_focus_node (fixture.view, node);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.view), "graph.add-to-draft", NULL));
  g_assert_cmpuint (entities->len, ==, 1);
  g_assert_cmpint (g_array_index (entities, gint64, 0), ==, dossier_graph_get_node (fixture.graph, node)->entity_id);

  /* The edge's relations, each once. */
  g_assert_true (dossier_graph_view_add_edge_to_draft (fixture.view, edge_index));
  g_assert_cmpuint (relations->len, ==, edge->relation_ids->len);
  for (guint i = 0; i < relations->len; i++)
    g_assert_cmpint (g_array_index (relations, gint64, i), ==, g_array_index (edge->relation_ids, gint64, i));
  g_assert_cmpuint (entities->len, ==, 1);

  gtk_widget_insert_action_group (GTK_WIDGET (fixture.window), "draft", NULL);
  fixture_tear_down (&fixture, NULL);
}

static void
test_corpus_filter (void)
{
  Fixture fixture = { NULL, };
  g_autoptr(DossierGraphFilter) all = dossier_graph_filter_new ();
  g_autoptr(DossierGraphFilter) filter = dossier_graph_filter_new ();
  g_autoptr(DossierGraph) whole = NULL;
  g_autoptr(DossierGraph) filtered = NULL;
  g_autoptr(GError) error = NULL;
  guint changed = 0, n_entities = 0;

  /* The pane's cap leaves the whole bundled corpus in the graph. */
  whole = dossier_graph_new_from_store (store, all, &error);
  g_assert_no_error (error);
  fixture_show (&fixture, corpus_graph (NULL));
  for (guint i = 0; i < dossier_graph_get_n_nodes (whole); i++)
    n_entities += dossier_graph_get_node (whole, i)->entity_id != 0;
  g_assert_cmpuint (n_entities, >, 60);
  g_assert_cmpuint (n_entities, <=, DOSSIER_GRAPH_PANE_TOP_N);

  g_signal_connect (fixture.view, "filter-changed", G_CALLBACK (count_cb), &changed);
  g_assert_false (dossier_graph_view_is_filtered (fixture.view));

  /* The toolbar's widgets change the filter, once per change. */
  gtk_spin_button_set_value (fixture.view->weight_spin, 3);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpuint (dossier_graph_view_get_min_weight (fixture.view), ==, 3);
  gtk_drop_down_set_selected (fixture.view->relations_dropdown, 1);
  g_assert_cmpuint (changed, ==, 2);
  g_assert_cmpint (dossier_graph_view_get_relations (fixture.view), ==, DOSSIER_GRAPH_RELATIONS_CO_MENTION);
  /* A half-typed date waits, marked wrong; a whole one applies. */
  gtk_editable_set_text (GTK_EDITABLE (fixture.view->date_from_entry), "200");
  g_assert_cmpuint (changed, ==, 2);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (fixture.view->date_from_entry), "error"));
  gtk_editable_set_text (GTK_EDITABLE (fixture.view->date_from_entry), "2000");
  g_assert_cmpuint (changed, ==, 3);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (fixture.view->date_from_entry), "error"));
  g_assert_true (dossier_graph_view_is_filtered (fixture.view));

  /* The API refuses what is not a date, and changes nothing. */
  g_assert_false (dossier_graph_view_set_date_range (fixture.view, "2003", "last year", &error));
  g_assert_error (error, DOSSIER_GRAPH_ERROR, DOSSIER_GRAPH_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "last year"));
  g_clear_error (&error);
  g_assert_cmpuint (changed, ==, 3);
  g_assert_true (dossier_graph_view_set_date_range (fixture.view, NULL, "2100-12-31", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 5);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (fixture.view->date_from_entry)), ==, "");

  /* The filter the pane builds from: only co-mentions in at least 3 paragraphs. */
  dossier_graph_view_apply_filter (fixture.view, filter);
  g_assert_cmpuint (dossier_graph_filter_get_min_weight (filter), ==, 3);
  g_assert_cmpint (dossier_graph_filter_get_relations (filter), ==, DOSSIER_GRAPH_RELATIONS_CO_MENTION);
  g_assert_null (dossier_graph_filter_get_date_from (filter));
  g_assert_cmpstr (dossier_graph_filter_get_date_to (filter), ==, "2100-12-31");
  filtered = dossier_graph_new_from_store (store, filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dossier_graph_get_n_edges (filtered), >, 0);
  g_assert_cmpuint (dossier_graph_get_n_edges (filtered), <, dossier_graph_get_n_edges (whole));
  for (guint i = 0; i < dossier_graph_get_n_edges (filtered); i++)
    {
      g_assert_cmpuint (dossier_graph_get_edge (filtered, i)->weight, >=, 3);
      g_assert_false (dossier_graph_get_edge (filtered, i)->typed);
    }

  /* Back to everything. */
  dossier_graph_view_set_min_weight (fixture.view, 1);
  dossier_graph_view_set_relations (fixture.view, DOSSIER_GRAPH_RELATIONS_ALL);
  g_assert_true (dossier_graph_view_set_date_range (fixture.view, NULL, NULL, NULL));
  g_assert_false (dossier_graph_view_is_filtered (fixture.view));
  g_assert_cmpuint (changed, ==, 8);

  fixture_tear_down (&fixture, NULL);
}

static void
test_corpus_saved_view (void)
{
  Fixture fixture = { NULL, };
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(JsonNode) loaded = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (tmp_dir, "saved-view.json", NULL);
  g_autofree char *name = NULL;
  double zoom, x, y, zx, zy;
  guint changed = 0, n;

  fixture_show (&fixture, corpus_graph (NULL));
  n = dossier_graph_get_n_nodes (fixture.graph);
  g_assert_cmpuint (n, >, 4);
  g_signal_connect (fixture.view, "filter-changed", G_CALLBACK (count_cb), &changed);

  /* A view: two nodes selected, one pinned, one hidden, zoomed in, a filter. */
  dossier_graph_view_select_node (fixture.view, 0, FALSE);
  dossier_graph_view_select_node (fixture.view, 1, TRUE);
  dossier_graph_view_pin_node (fixture.view, 2, 10, 20);
  dossier_graph_view_hide_node (fixture.view, 3);
  dossier_graph_view_zoom_at (fixture.view, 2.0, 100, 80);
  dossier_graph_view_set_min_weight (fixture.view, 2);
  g_assert_true (dossier_graph_view_set_date_range (fixture.view, "2002", NULL, NULL));
  zoom = dossier_graph_view_get_zoom (fixture.view);
  dossier_graph_view_get_offset (fixture.view, &x, &y);
  state = dossier_graph_view_dup_state (fixture.view);

  /* Saved in the corpus and in a file, and read back. */
  g_assert_true (dossier_saved_view_save (store, "Test view", state, &error));
  g_assert_no_error (error);
  loaded = dossier_saved_view_load (store, "Test view", &error);
  g_assert_no_error (error);
  g_assert_true (dossier_saved_view_export_file (loaded, "Test view", path, &error));
  g_assert_no_error (error);
  g_clear_pointer (&loaded, json_node_unref);
  loaded = dossier_saved_view_import_file (path, &name, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (name, ==, "Test view");

  /* Everything changes... */
  dossier_graph_view_unselect_all (fixture.view);
  dossier_graph_view_pin_node (fixture.view, 2, 300, 400);
  dossier_graph_view_zoom_at (fixture.view, 0.5, 10, 10);
  dossier_graph_view_set_min_weight (fixture.view, 1);
  g_assert_true (dossier_graph_view_set_date_range (fixture.view, NULL, NULL, NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.view), "graph.show-all", NULL));
  changed = 0;

  /* ... and the saved view brings it all back. */
  g_assert_true (dossier_graph_view_restore_state (fixture.view, loaded, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 2);
  g_assert_cmpuint (dossier_graph_view_get_min_weight (fixture.view), ==, 2);
  g_assert_true (dossier_graph_view_is_node_selected (fixture.view, 0));
  g_assert_true (dossier_graph_view_is_node_selected (fixture.view, 1));
  g_assert_cmpuint (dossier_graph_view_get_n_selected (fixture.view), ==, 2);
  g_assert_true (dossier_graph_view_is_node_pinned (fixture.view, 2));
  g_assert_cmpfloat_with_epsilon (dossier_graph_view_get_zoom (fixture.view), zoom, 1e-9);
  dossier_graph_view_get_offset (fixture.view, &zx, &zy);
  g_assert_cmpfloat_with_epsilon (zx, x, 1e-6);
  g_assert_cmpfloat_with_epsilon (zy, y, 1e-6);
  /* The rest of the view is the same JSON; the viewport was compared above, as
   * numbers: restored from its centre, the offsets may differ in the last bit. */
  again = dossier_graph_view_dup_state (fixture.view);
  {
    g_autoptr(JsonNode) saved = json_node_copy (state);

    json_object_remove_member (json_node_get_object (saved), "viewport");
    json_object_remove_member (json_node_get_object (again), "viewport");
    g_assert_true (json_node_equal (again, saved));
  }

  /* The graph the new filter makes gets the selection too. */
  dossier_graph_view_unselect_all (fixture.view);
  g_object_ref (fixture.graph);
  dossier_graph_view_set_graph (fixture.view, fixture.graph);
  g_object_unref (fixture.graph);
  g_assert_cmpuint (dossier_graph_view_get_n_selected (fixture.view), ==, 2);

  /* What is not a view is refused, and nothing changes. */
  g_assert_true (json_parser_load_from_data (parser, "{\"filter\": {\"min-weight\": \"lots\"}}", -1, NULL));
  g_assert_false (dossier_graph_view_restore_state (fixture.view, json_parser_get_root (parser), &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_true (json_parser_load_from_data (parser, "[1]", -1, NULL));
  g_assert_false (dossier_graph_view_restore_state (fixture.view, json_parser_get_root (parser), &error));
  g_assert_error (error, DOSSIER_SAVED_VIEW_ERROR, DOSSIER_SAVED_VIEW_ERROR_INVALID);
  g_assert_cmpuint (dossier_graph_view_get_min_weight (fixture.view), ==, 2);
  g_assert_cmpuint (changed, ==, 2);
  g_clear_error (&error);
  /* Members of the wrong type are left out, without a critical. */
  g_assert_true (json_parser_load_from_data (parser, "{\"pinned\": 3, \"viewport\": \"x\", \"hidden\": {},"
                                                     " \"selection\": [1, null]}", -1, NULL));
  g_assert_true (dossier_graph_view_restore_state (fixture.view, json_parser_get_root (parser), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (dossier_graph_view_get_n_selected (fixture.view), ==, 0);
  g_assert_true (dossier_graph_view_restore_state (fixture.view, state, &error));
  g_assert_no_error (error);

  /* By name in the corpus, through the toolbar's actions. */
  g_assert_true (dossier_graph_view_save_view (fixture.view, "By name", &error));
  g_assert_no_error (error);
  dossier_graph_view_set_min_weight (fixture.view, 5);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.view), "graph.restore-view", "s", "By name"));
  g_assert_cmpuint (dossier_graph_view_get_min_weight (fixture.view), ==, 2);
  g_assert_false (dossier_graph_view_restore_view (fixture.view, "No such view", &error));
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* As a file: exported, imported into the corpus under its name. */
  {
    g_autofree char *file = g_build_filename (tmp_dir, "exported-view.json", NULL);
    g_autofree char *bad = g_build_filename (tmp_dir, "not-a-view.json", NULL);
    g_autofree char *imported = NULL;
    g_auto(GStrv) names = NULL;

    g_assert_true (dossier_graph_view_export_view (fixture.view, "Shared", file, &error));
    g_assert_no_error (error);
    dossier_graph_view_set_min_weight (fixture.view, 7);
    imported = dossier_graph_view_import_view (fixture.view, file, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (imported, ==, "Shared");
    g_assert_cmpuint (dossier_graph_view_get_min_weight (fixture.view), ==, 2);
    names = dossier_saved_view_list (store, &error);
    g_assert_true (g_strv_contains ((const char * const *) names, "Shared"));
    g_assert_true (g_file_set_contents (bad, "{\"hello\": 1}", -1, NULL));
    g_assert_null (dossier_graph_view_import_view (fixture.view, bad, &error));
    g_assert_error (error, DOSSIER_SAVED_VIEW_ERROR, DOSSIER_SAVED_VIEW_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "not-a-view.json"));
    g_clear_error (&error);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.view), "graph.delete-view", "s", "Shared"));
    g_clear_pointer (&names, g_strfreev);
    names = dossier_saved_view_list (store, &error);
    g_assert_false (g_strv_contains ((const char * const *) names, "Shared"));
    g_unlink (file);
    g_unlink (bad);
  }

  fixture_tear_down (&fixture, NULL);
}

/* Runs the main loop until the view shows a graph other than @old. */
static DossierGraph *
wait_for_new_graph (DossierGraphView *view,
                    DossierGraph     *old)
{
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while ((dossier_graph_view_get_graph (view) == NULL || dossier_graph_view_get_graph (view) == old)
         && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  if (dossier_graph_view_get_graph (view) == old)
    g_test_message ("still the old graph; message: %s", gtk_label_get_text (view->message_label));
  g_assert_nonnull (dossier_graph_view_get_graph (view));
  g_assert_true (dossier_graph_view_get_graph (view) != old);
  return dossier_graph_view_get_graph (view);
}

static void
test_pane_filter (void)
{
  g_autoptr(DossierSelection) selection = dossier_selection_new ();
  g_autoptr(GHashTable) before = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(DossierGraphFilter) filter = NULL;
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  DossierGraphPane *pane = g_object_new (DOSSIER_TYPE_GRAPH_PANE, NULL);
  DossierGraphView *view;
  DossierGraph *graph, *filtered;
  DossierGraphGeometry *geometry;
  guint n_kept = 0, n_before;

  gtk_window_set_default_size (window, 900, 700);
  gtk_window_set_child (window, GTK_WIDGET (pane));
  dossier_graph_pane_set_model (pane, store, selection);
  dossier_graph_pane_set_scope (pane, DOSSIER_GRAPH_SCOPE_CORPUS);
  view = DOSSIER_GRAPH_VIEW (dossier_graph_pane_get_graph_widget (pane));
  g_assert_nonnull (view);
  gtk_window_present (window);

  /* The whole bundled corpus, not its 60 most connected entities. */
  graph = g_object_ref (wait_for_new_graph (view, NULL));
  n_before = dossier_graph_get_n_nodes (graph);
  g_assert_cmpuint (n_before, >, 60);
  geometry = dossier_graph_get_geometry (graph);
  for (guint i = 0; i < geometry->n_nodes; i++)
    g_hash_table_insert (before, g_strdup (geometry->nodes[i].key),
                         g_memdup2 (&geometry->nodes[i].center, sizeof (DossierGraphPoint)));

  /* The toolbar's filter makes a new graph with it... */
  dossier_graph_view_set_min_weight (view, 3);
  dossier_graph_view_set_relations (view, DOSSIER_GRAPH_RELATIONS_CO_MENTION);
  filtered = wait_for_new_graph (view, graph);
  filter = dossier_graph_dup_filter (filtered);
  g_assert_cmpuint (dossier_graph_filter_get_min_weight (filter), ==, 3);
  g_assert_cmpint (dossier_graph_filter_get_relations (filter), ==, DOSSIER_GRAPH_RELATIONS_CO_MENTION);
  g_assert_cmpuint (dossier_graph_get_n_edges (filtered), <, dossier_graph_get_n_edges (graph));
  for (guint i = 0; i < dossier_graph_get_n_edges (filtered); i++)
    g_assert_cmpuint (dossier_graph_get_edge (filtered, i)->weight, >=, 3);

  /* ... laid out keeping the nodes that stay where they were (within an inch). */
  geometry = dossier_graph_get_geometry (filtered);
  for (guint i = 0; i < geometry->n_nodes; i++)
    {
      DossierGraphPoint *was = g_hash_table_lookup (before, geometry->nodes[i].key);

      if (was == NULL)
        continue;
      n_kept++;
      g_assert_cmpfloat (fabs (geometry->nodes[i].center.x - was->x), <=, 72);
      g_assert_cmpfloat (fabs (geometry->nodes[i].center.y - was->y), <=, 72);
    }
  g_assert_cmpuint (n_kept, >, 0);

  g_object_unref (graph);
  gtk_window_destroy (window);
  iterate ();
}

/* Lets a pane's debounced rebuilds (250 ms) and their layouts finish. */
static DossierGraph *
settle (DossierGraphView *view,
        DossierGraph     *old)
{
  DossierGraph *graph = wait_for_new_graph (view, old);

  run_for (800);
  while (dossier_graph_view_get_graph (view) != graph)
    {
      graph = dossier_graph_view_get_graph (view);
      run_for (800);
    }
  return graph;
}

static int
find_node (DossierGraphView *view,
           const char       *key)
{
  return dossier_graph_find_node (dossier_graph_view_get_graph (view), key);
}

/* What a saved view held, to compare a restored view with. */
typedef struct
{
  DossierGraphScope      scope;
  char                  *engine;
  guint                  min_weight;
  DossierGraphRelations  relations;
  char                  *date_from;
  char                  *date_to;
  char                  *hidden_kind;
  char                  *selected[2];
  char                  *pinned;
  double                 pin_x;
  double                 pin_y;
  double                 zoom;
  double                 centre_x;
  double                 centre_y;
  GStrv                  centres;
  DossierGraphColorBy    color_by;
  DossierGraphSizeBy     size_by;
} Expected;

static void
expected_clear (Expected *e)
{
  g_free (e->engine);
  g_free (e->date_from);
  g_free (e->date_to);
  g_free (e->hidden_kind);
  g_free (e->selected[0]);
  g_free (e->selected[1]);
  g_free (e->pinned);
  g_strfreev (e->centres);
}

static void
view_centre (DossierGraphView *view,
             double           *x,
             double           *y)
{
  dossier_graph_view_widget_to_graph (view, gtk_widget_get_width (GTK_WIDGET (view)) / 2.0,
                                      gtk_widget_get_height (GTK_WIDGET (view)) / 2.0, x, y);
}

static void
assert_view_is (DossierGraphView *view,
                const Expected   *e)
{
  DossierGraph *graph = dossier_graph_view_get_graph (view);
  g_autoptr(DossierGraphFilter) filter = dossier_graph_dup_filter (graph);
  g_auto(GStrv) centres = dossier_graph_view_dup_centres (view);
  const DossierGraphNodeGeometry *pinned;
  double x, y;

  g_assert_cmpint (dossier_graph_view_get_scope (view), ==, e->scope);
  g_assert_cmpint (dossier_graph_view_get_color_by (view), ==, e->color_by);
  g_assert_cmpint (dossier_graph_get_color_by (graph), ==, e->color_by);
  g_assert_cmpint (dossier_graph_view_get_size_by (view), ==, e->size_by);
  g_assert_cmpint (dossier_graph_get_size_by (graph), ==, e->size_by);
  g_assert_cmpstr (dossier_graph_view_get_engine (view), ==, e->engine);
  g_assert_cmpstr (dossier_graph_get_engine (graph), ==, e->engine);
  g_assert_cmpuint (dossier_graph_view_get_min_weight (view), ==, e->min_weight);
  g_assert_cmpuint (dossier_graph_filter_get_min_weight (filter), ==, e->min_weight);
  g_assert_cmpint (dossier_graph_view_get_relations (view), ==, e->relations);
  g_assert_cmpint (dossier_graph_filter_get_relations (filter), ==, e->relations);
  g_assert_cmpstr (dossier_graph_filter_get_date_from (filter), ==, e->date_from);
  g_assert_cmpstr (dossier_graph_filter_get_date_to (filter), ==, e->date_to);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (view->date_from_entry)), ==, e->date_from);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (view->date_to_entry)), ==, e->date_to);
  g_assert_true (g_strv_equal ((const char * const *) centres, (const char * const *) e->centres));
  g_assert_true (g_strv_equal (dossier_graph_filter_get_centres (filter), (const char * const *) e->centres));

  /* The legend hides the kind, and its nodes. */
  g_assert_false (dossier_graph_view_get_kind_shown (view, e->hidden_kind));
  g_assert_true (dossier_graph_view_get_kind_shown (view, "organisation"));
  for (guint i = 0; i < dossier_graph_get_n_nodes (graph); i++)
    if (g_strcmp0 (dossier_graph_get_node (graph, i)->kind, e->hidden_kind) == 0)
      g_assert_true (view->flags[i] & NODE_HIDDEN);

  g_assert_cmpuint (dossier_graph_view_get_n_selected (view), ==, 2);
  for (guint i = 0; i < 2; i++)
    g_assert_true (dossier_graph_view_is_node_selected (view, find_node (view, e->selected[i])));

  /* The pinned node is where the user put it, and Graphviz laid it out there. */
  g_assert_true (dossier_graph_view_is_node_pinned (view, find_node (view, e->pinned)));
  pinned = dossier_graph_geometry_find_node (dossier_graph_get_geometry (graph), e->pinned);
  g_assert_cmpfloat (fabs (pinned->center.x - e->pin_x), <=, 1.0);
  g_assert_cmpfloat (fabs (pinned->center.y - e->pin_y), <=, 1.0);

  g_assert_cmpfloat_with_epsilon (dossier_graph_view_get_zoom (view), e->zoom, 1e-9);
  view_centre (view, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, e->centre_x, 1e-6);
  g_assert_cmpfloat_with_epsilon (y, e->centre_y, 1e-6);
}

static DossierGraphPane *
pane_window (DossierStore     *corpus,
             DossierSelection *selection,
             GtkWindow       **window)
{
  DossierGraphPane *pane = g_object_new (DOSSIER_TYPE_GRAPH_PANE, NULL);

  *window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (*window, 900, 700);
  gtk_window_set_child (*window, GTK_WIDGET (pane));
  dossier_graph_pane_set_model (pane, corpus, selection);
  gtk_window_present (*window);
  return pane;
}

static void
test_pane_saved_view (void)
{
  g_autoptr(DossierSelection) selection = dossier_selection_new ();
  g_autoptr(DossierSelection) selection2 = dossier_selection_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store2 = NULL;
  g_autofree char *file = g_build_filename (tmp_dir, "everything.json", NULL);
  g_autofree char *imported = NULL;
  g_auto(GStrv) names = NULL;
  Expected e = { 0, };
  GtkWindow *window, *window2;
  DossierGraphPane *pane, *pane2;
  DossierGraphView *view, *view2;
  DossierGraph *graph;
  const DossierGraphNodeGeometry *node;
  int unodc, other = -1, pin = -1;

  pane = pane_window (store, selection, &window);
  view = DOSSIER_GRAPH_VIEW (dossier_graph_pane_get_graph_widget (pane));

  /* A view with every field away from its default: the whole corpus, laid out
   * by fdp, narrowed to UNODC's neighbourhood, co-mentions in at least two
   * paragraphs of 2002 to 2007, places hidden in the legend. */
  dossier_graph_pane_set_scope (pane, DOSSIER_GRAPH_SCOPE_CORPUS);
  g_assert_cmpint (dossier_graph_view_get_scope (view), ==, DOSSIER_GRAPH_SCOPE_CORPUS);
  graph = settle (view, NULL);
  dossier_graph_view_set_engine (view, "fdp");
  graph = settle (view, graph);
  g_assert_cmpstr (dossier_graph_get_engine (graph), ==, "fdp");
  unodc = find_node (view, "org:unodc");
  g_assert_cmpint (unodc, >=, 0);
  g_assert_true (dossier_graph_view_expand_node (view, unodc, &error));
  g_assert_no_error (error);
  graph = settle (view, graph);
  dossier_graph_view_set_min_weight (view, 2);
  dossier_graph_view_set_relations (view, DOSSIER_GRAPH_RELATIONS_CO_MENTION);
  g_assert_true (dossier_graph_view_set_date_range (view, "2002", "2007", &error));
  dossier_graph_view_set_color_by (view, DOSSIER_GRAPH_COLOR_BY_COMMUNITY);
  dossier_graph_view_set_size_by (view, DOSSIER_GRAPH_SIZE_BY_CENTRALITY);
  graph = settle (view, graph);
  g_assert_cmpint (dossier_graph_get_size_by (graph), ==, DOSSIER_GRAPH_SIZE_BY_CENTRALITY);
  dossier_graph_view_set_kind_shown (view, "place", FALSE);

  unodc = find_node (view, "org:unodc");
  for (guint i = 0; i < dossier_graph_get_n_nodes (graph); i++)
    {
      const char *kind = dossier_graph_get_node (graph, i)->kind;

      if ((int) i == unodc || g_strcmp0 (kind, "place") == 0 || g_strcmp0 (kind, "more") == 0)
        continue;
      if (other < 0)
        other = (int) i;
      else if (pin < 0)
        pin = (int) i;
    }
  g_assert_cmpint (pin, >=, 0);
  dossier_graph_view_select_node (view, unodc, FALSE);
  dossier_graph_view_select_node (view, other, TRUE);
  node = &dossier_graph_get_geometry (graph)->nodes[pin];
  dossier_graph_view_pin_node (view, pin, node->center.x + 40, node->center.y + 30);
  dossier_graph_view_zoom_at (view, 1.7, 300, 200);

  e.scope = DOSSIER_GRAPH_SCOPE_CORPUS;
  e.engine = g_strdup ("fdp");
  e.min_weight = 2;
  e.relations = DOSSIER_GRAPH_RELATIONS_CO_MENTION;
  e.date_from = g_strdup ("2002");
  e.date_to = g_strdup ("2007");
  e.hidden_kind = g_strdup ("place");
  e.selected[0] = g_strdup ("org:unodc");
  e.selected[1] = g_strdup (dossier_graph_get_node (graph, other)->key);
  e.pinned = g_strdup (node->key);
  e.pin_x = node->center.x + 40;
  e.pin_y = node->center.y + 30;
  e.zoom = dossier_graph_view_get_zoom (view);
  view_centre (view, &e.centre_x, &e.centre_y);
  e.centres = g_strsplit ("org:unodc", " ", -1);
  e.color_by = DOSSIER_GRAPH_COLOR_BY_COMMUNITY;
  e.size_by = DOSSIER_GRAPH_SIZE_BY_CENTRALITY;

  g_assert_true (dossier_graph_view_save_view (view, "Everything", &error));
  g_assert_no_error (error);
  g_assert_true (dossier_graph_view_export_view (view, "Everything", file, &error));
  g_assert_no_error (error);

  /* Everything changes. */
  dossier_graph_pane_set_scope (pane, DOSSIER_GRAPH_SCOPE_OPEN_DOCUMENTS);
  dossier_graph_view_set_engine (view, NULL);
  dossier_graph_view_set_min_weight (view, 1);
  dossier_graph_view_set_relations (view, DOSSIER_GRAPH_RELATIONS_ALL);
  g_assert_true (dossier_graph_view_set_date_range (view, NULL, NULL, &error));
  dossier_graph_view_set_kind_shown (view, "place", TRUE);
  dossier_graph_view_set_color_by (view, DOSSIER_GRAPH_COLOR_BY_KIND);
  dossier_graph_view_set_size_by (view, DOSSIER_GRAPH_SIZE_BY_MENTIONS);
  graph = settle (view, graph);
  g_assert_cmpint (dossier_graph_get_color_by (graph), ==, DOSSIER_GRAPH_COLOR_BY_KIND);
  g_assert_cmpuint (dossier_graph_view_get_n_selected (view), <=, 1);
  dossier_graph_view_pin_node (view, find_node (view, e.pinned), e.pin_x + 300, e.pin_y - 200);
  dossier_graph_view_zoom_at (view, 0.5, 10, 10);
  {
    g_auto(GStrv) none = dossier_graph_view_dup_centres (view);

    g_assert_null (none[0]);
  }

  /* Restored by name, every field comes back. */
  g_assert_true (dossier_graph_view_restore_view (view, "Everything", &error));
  g_assert_no_error (error);
  settle (view, graph);
  assert_view_is (view, &e);

  /* Exported, imported into another user's corpus, it shows the same there. */
  {
    g_autofree char *db = g_build_filename (tmp_dir, "other-user.db", NULL);
    g_autoptr(DossierExtractor) extractor = dossier_extractor_new (NULL, &error);
    g_autoptr(DossierBatchResult) result = NULL;

    g_assert_no_error (error);
    store2 = dossier_store_open (db, &error);
    g_assert_no_error (error);
    result = dossier_batch_import_bundled (store2, extractor, &error);
    g_assert_no_error (error);
  }
  pane2 = pane_window (store2, selection2, &window2);
  view2 = DOSSIER_GRAPH_VIEW (dossier_graph_pane_get_graph_widget (pane2));
  graph = settle (view2, NULL);
  imported = dossier_graph_view_import_view (view2, file, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (imported, ==, "Everything");
  names = dossier_saved_view_list (store2, &error);
  g_assert_true (g_strv_contains ((const char * const *) names, "Everything"));
  settle (view2, graph);
  assert_view_is (view2, &e);

  expected_clear (&e);
  gtk_window_destroy (window);
  gtk_window_destroy (window2);
  iterate ();
  g_unlink (file);
}

/* Expand on a graph of the whole corpus: the neighbours the user hid come back,
 * then those the node cap left out; when none is missing, the graph narrows to
 * the node's neighbourhood, and Collapse on it brings the whole graph back. */
static void
test_expand_whole_graph (void)
{
  Fixture fixture = { NULL, };
  g_autoptr(DossierGraphFilter) capped = dossier_graph_filter_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierSelection) selection = dossier_selection_new ();
  g_auto(GStrv) centres = NULL;
  DossierGraph *graph, *grown;
  DossierGraphGeometry *geometry;
  GtkWindow *window;
  DossierGraphPane *pane;
  DossierGraphView *view;
  guint n_whole, n_near = 0, neighbour = G_MAXUINT;
  int unodc;

  /* The 40 most connected entities: UNODC's other neighbours are left out. */
  dossier_graph_filter_set_top_n (capped, 40);
  fixture_show (&fixture, corpus_graph (capped));
  unodc = dossier_graph_find_node (fixture.graph, "org:unodc");
  g_assert_cmpint (unodc, >=, 0);

  /* A neighbour the user hid comes back first, without a new graph. */
  geometry = dossier_graph_get_geometry (fixture.graph);
  for (guint i = 0; i < geometry->n_edges && neighbour == G_MAXUINT; i++)
    if (geometry->edges[i].tail == (guint) unodc || geometry->edges[i].head == (guint) unodc)
      neighbour = geometry->edges[i].tail == (guint) unodc ? geometry->edges[i].head : geometry->edges[i].tail;
  dossier_graph_view_hide_node (fixture.view, neighbour);
  g_assert_true (fixture.view->flags[neighbour] & NODE_HIDDEN);
  g_signal_emit_by_name (fixture.view, "node-activated", (guint) unodc);
  g_assert_false (fixture.view->flags[neighbour] & NODE_HIDDEN);
  g_assert_true (dossier_graph_view_get_graph (fixture.view) == fixture.graph);

  /* Then the neighbours the cap left out join the graph, which keeps the rest. */
  g_signal_emit_by_name (fixture.view, "node-activated", (guint) unodc);
  grown = wait_for_new_graph (fixture.view, fixture.graph);
  g_assert_cmpuint (dossier_graph_get_n_nodes (grown), >, dossier_graph_get_n_nodes (fixture.graph));
  for (guint i = 0; i < dossier_graph_get_n_nodes (fixture.graph); i++)
    g_assert_cmpint (dossier_graph_find_node (grown, dossier_graph_get_node (fixture.graph, i)->key), >=, 0);
  {
    g_autoptr(DossierGraphFilter) filter = dossier_graph_dup_filter (grown);

    g_assert_true (dossier_graph_filter_is_expanded (filter, "org:unodc"));
    g_assert_null (dossier_graph_filter_get_centres (filter)[0]);
  }
  centres = dossier_graph_view_dup_centres (fixture.view);
  g_assert_null (centres[0]);
  g_clear_pointer (&centres, g_strfreev);
  fixture_tear_down (&fixture, NULL);

  /* The whole bundled corpus in the pane: nothing is left out, so Expand
   * (double-click, Space or the menu) narrows the graph to UNODC and its
   * neighbours, keeping their places. */
  pane = pane_window (store, selection, &window);
  view = DOSSIER_GRAPH_VIEW (dossier_graph_pane_get_graph_widget (pane));
  dossier_graph_pane_set_scope (pane, DOSSIER_GRAPH_SCOPE_CORPUS);
  graph = g_object_ref (settle (view, NULL));
  n_whole = dossier_graph_get_n_nodes (graph);
  unodc = find_node (view, "org:unodc");
  dossier_graph_view_set_focus_node (view, unodc);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "graph.expand", NULL));
  grown = settle (view, graph);
  centres = dossier_graph_view_dup_centres (view);
  g_assert_cmpstrv (centres, ((const char *[]) { "org:unodc", NULL }));
  g_assert_cmpuint (dossier_graph_get_n_nodes (grown), <, n_whole);
  g_assert_cmpuint (dossier_graph_get_n_nodes (grown), >, 2);
  unodc = dossier_graph_find_node (grown, "org:unodc");
  for (guint i = 0; i < dossier_graph_get_n_nodes (grown); i++)
    if ((int) i != unodc)
      g_assert_cmpint (dossier_graph_find_edge (grown, i, unodc), >=, 0);
  geometry = dossier_graph_get_geometry (grown);
  for (guint i = 0; i < geometry->n_nodes; i++)
    {
      const DossierGraphNodeGeometry *was = dossier_graph_geometry_find_node (dossier_graph_get_geometry (graph),
                                                                               geometry->nodes[i].key);

      g_assert_nonnull (was);
      if (hypot (geometry->nodes[i].center.x - was->center.x, geometry->nodes[i].center.y - was->center.y) <= 72)
        n_near++;
    }
  g_test_message ("neighbourhood of UNODC: %u of %u nodes, %u within an inch of their place",
                  geometry->n_nodes, n_whole, n_near);
  g_assert_cmpuint (n_near, ==, geometry->n_nodes);

  /* Collapse on UNODC brings the whole graph back. */
  dossier_graph_view_set_focus_node (view, unodc);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "graph.collapse", NULL));
  grown = settle (view, grown);
  g_assert_cmpuint (dossier_graph_get_n_nodes (grown), ==, n_whole);
  g_clear_pointer (&centres, g_strfreev);
  centres = dossier_graph_view_dup_centres (view);
  g_assert_null (centres[0]);

  g_object_unref (graph);
  gtk_window_destroy (window);
  iterate ();
}

/* Dragging a node pins it where it is dropped, and the next layout (a new
 * filter) lays the graph out around it, with the node at the pin. */
static void
test_pane_drag_pins (void)
{
  g_autoptr(DossierSelection) selection = dossier_selection_new ();
  g_autoptr(GListModel) controllers = NULL;
  GtkGesture *drag = NULL;
  GtkWindow *window;
  DossierGraphPane *pane;
  DossierGraphView *view;
  DossierGraph *graph;
  const DossierGraphNodeGeometry *node;
  graphene_rect_t bounds;
  g_autofree char *key = NULL;
  double x, y, zoom, px, py;
  int index;

  pane = pane_window (store, selection, &window);
  view = DOSSIER_GRAPH_VIEW (dossier_graph_pane_get_graph_widget (pane));
  dossier_graph_pane_set_scope (pane, DOSSIER_GRAPH_SCOPE_CORPUS);
  graph = settle (view, NULL);
  index = find_node (view, "org:ohchr");
  g_assert_cmpint (index, >=, 0);
  key = g_strdup ("org:ohchr");
  dossier_graph_view_select_node (view, index, FALSE);
  dossier_graph_view_zoom_to_selection (view);
  run_for (300);
  g_assert_true (dossier_graph_view_get_node_bounds (view, index, &bounds));
  x = bounds.origin.x + bounds.size.width / 2;
  y = bounds.origin.y + bounds.size.height / 2;
  g_assert_cmpint (dossier_graph_view_node_at (view, x, y), ==, index);

  controllers = gtk_widget_observe_controllers (GTK_WIDGET (view));
  for (guint i = 0; i < g_list_model_get_n_items (controllers) && drag == NULL; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_DRAG (controller))
        drag = GTK_GESTURE (controller);
    }
  g_assert_nonnull (drag);

  /* The user drags the node 120 pixels right and 80 down. */
  zoom = dossier_graph_view_get_zoom (view);
  node = &dossier_graph_get_geometry (graph)->nodes[index];
  px = node->center.x + 120 / zoom;
  py = node->center.y + 80 / zoom;
  g_signal_emit_by_name (drag, "drag-begin", x, y);
  for (guint step = 1; step <= 10; step++)
    g_signal_emit_by_name (drag, "drag-update", 12.0 * step, 8.0 * step);
  g_signal_emit_by_name (drag, "drag-end", 120.0, 80.0);
  g_assert_true (dossier_graph_view_is_node_pinned (view, index));
  g_assert_true (dossier_graph_view_get_node_bounds (view, index, &bounds));
  g_assert_cmpfloat (fabs (bounds.origin.x + bounds.size.width / 2 - x - 120), <=, 1.0);
  g_assert_cmpfloat (fabs (bounds.origin.y + bounds.size.height / 2 - y - 80), <=, 1.0);

  /* A new filter: Graphviz lays the graph out with the node where it was dropped. */
  dossier_graph_view_set_min_weight (view, 2);
  graph = settle (view, graph);
  node = dossier_graph_geometry_find_node (dossier_graph_get_geometry (graph), key);
  g_assert_nonnull (node);
  g_test_message ("dropped at (%.1f, %.1f); laid out at (%.1f, %.1f) by %s",
                  px, py, node->center.x, node->center.y, dossier_graph_get_engine (graph));
  g_assert_cmpfloat (fabs (node->center.x - px), <=, 1.0);
  g_assert_cmpfloat (fabs (node->center.y - py), <=, 1.0);
  g_assert_true (dossier_graph_view_is_node_pinned (view, find_node (view, key)));

  gtk_window_destroy (window);
  iterate ();
}

static GtkGesture *
find_gesture (DossierGraphView *view,
              GType             type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (view));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return GTK_GESTURE (controller);
    }
  g_assert_not_reached ();
  return NULL;
}

static void
edge_activated_cb (DossierGraphView *view,
                   guint             edge,
                   int              *activated)
{
  *activated = (int) edge;
}

/* A click on an edge shows its evidence; a press on an edge that becomes a
 * drag pans, and shows nothing. GTK 4.8 cannot make a button event, and the
 * press handler reads it: the press is what it records, the edge under it. */
static void
test_edge_click (Fixture       *fixture,
                 gconstpointer  data)
{
  GtkGesture *click = find_gesture (fixture->view, GTK_TYPE_GESTURE_CLICK);
  GtkGesture *drag = find_gesture (fixture->view, GTK_TYPE_GESTURE_DRAG);
  int width = gtk_widget_get_width (GTK_WIDGET (fixture->view));
  int height = gtk_widget_get_height (GTK_WIDGET (fixture->view));
  double x = -1, y = -1, ox, oy, nx, ny;
  int edge = -1, activated = -1;

  for (int py = height / 4; py < height * 3 / 4 && x < 0; py++)
    for (int px = width / 4; px < width * 3 / 4 && x < 0; px++)
      if ((edge = dossier_graph_view_edge_at (fixture->view, px, py)) >= 0
          && dossier_graph_view_node_at (fixture->view, px, py) < 0)
        {
          x = px;
          y = py;
        }
  g_assert_cmpfloat (x, >=, 0);
  g_signal_connect (fixture->view, "edge-activated", G_CALLBACK (edge_activated_cb), &activated);
  /* The synthetic graph has no corpus: its edges have no evidence to show. */
  g_test_expect_message (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "*No paragraph supports*");

  g_signal_emit_by_name (drag, "drag-begin", x, y);
  fixture->view->press_edge = edge;
  g_assert_cmpint (activated, ==, -1);
  g_signal_emit_by_name (drag, "drag-end", 0.0, 0.0);
  g_signal_emit_by_name (click, "released", 1, x, y);
  g_assert_cmpint (activated, ==, edge);
  g_test_assert_expected_messages ();

  activated = -1;
  dossier_graph_view_get_offset (fixture->view, &ox, &oy);
  g_signal_emit_by_name (drag, "drag-begin", x, y);
  fixture->view->press_edge = edge;
  for (guint step = 1; step <= 5; step++)
    g_signal_emit_by_name (drag, "drag-update", 10.0 * step, 0.0);
  g_signal_emit_by_name (drag, "drag-end", 50.0, 0.0);
  g_signal_emit_by_name (click, "released", 1, x + 50, y);
  g_assert_cmpint (activated, ==, -1);
  dossier_graph_view_get_offset (fixture->view, &nx, &ny);
  g_assert_cmpfloat (fabs (nx - ox - 50), <=, 1e-6);
  g_assert_cmpfloat (fabs (ny - oy), <=, 1e-6);
}

static void
test_corpus_expand (void)
{
  Fixture fixture = { NULL, };
  g_autoptr(DossierGraphFilter) filter = dossier_graph_filter_new ();
  DossierGraphGeometry *old;
  g_autoptr(GHashTable) before = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  int more = -1;
  guint n_old;
  gint64 deadline;

  dossier_graph_filter_add_centre (filter, "org:unodc");
  dossier_graph_filter_set_depth (filter, 1);
  dossier_graph_filter_set_max_neighbours (filter, 4);
  fixture_show (&fixture, corpus_graph (filter));
  old = dossier_graph_get_geometry (fixture.graph);
  n_old = old->n_nodes;

  for (guint i = 0; i < n_old; i++)
    {
      graphene_rect_t *bounds = g_new (graphene_rect_t, 1);

      dossier_graph_view_get_node_bounds (fixture.view, i, bounds);
      g_hash_table_insert (before, g_strdup (old->nodes[i].key), bounds);
      if (g_strcmp0 (old->nodes[i].kind, "more") == 0)
        more = (int) i;
    }
  if (more < 0)
    {
      g_test_skip ("The corpus gives UNODC no more than four neighbours");
      fixture_tear_down (&fixture, NULL);
      return;
    }

  /* Double-clicking "+N more" shows them, laid out off the main thread. */
  g_signal_emit_by_name (fixture.view, "node-activated", (guint) more);
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (dossier_graph_view_get_graph (fixture.view) == fixture.graph && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (dossier_graph_view_get_graph (fixture.view) != fixture.graph);

  {
    DossierGraph *grown = dossier_graph_view_get_graph (fixture.view);
    DossierGraphGeometry *geometry = dossier_graph_get_geometry (grown);
    guint n_kept = 0;

    g_assert_cmpuint (geometry->n_nodes, >, n_old);
    /* The first frame draws the old nodes where they were: the view glides. */
    for (guint i = 0; i < geometry->n_nodes; i++)
      {
        graphene_rect_t *was = g_hash_table_lookup (before, geometry->nodes[i].key);
        graphene_rect_t now;

        if (was == NULL)
          continue;
        dossier_graph_view_get_node_bounds (fixture.view, i, &now);
        g_assert_cmpfloat (fabs (now.origin.x + now.size.width / 2 - was->origin.x - was->size.width / 2), <=, 1.0);
        g_assert_cmpfloat (fabs (now.origin.y + now.size.height / 2 - was->origin.y - was->size.height / 2), <=, 1.0);
      }
    run_for (600);
    /* After the glide, old nodes stay within 72 points (an inch) of where they were. */
    for (guint i = 0; i < geometry->n_nodes; i++)
      {
        graphene_rect_t *was = g_hash_table_lookup (before, geometry->nodes[i].key);
        graphene_rect_t now;
        double zoom = dossier_graph_view_get_zoom (fixture.view);

        if (was == NULL)
          continue;
        n_kept++;
        dossier_graph_view_get_node_bounds (fixture.view, i, &now);
        g_assert_cmpfloat (fabs (now.origin.x + now.size.width / 2 - was->origin.x - was->size.width / 2) / zoom, <=, 72);
        g_assert_cmpfloat (fabs (now.origin.y + now.size.height / 2 - was->origin.y - was->size.height / 2) / zoom, <=, 72);
      }
    g_assert_cmpuint (n_kept, >=, n_old - 1);
  }

  fixture_tear_down (&fixture, NULL);
}

/* The graph pane's presentation: its first view, its framing as it is
 * resized, the legend, the layout's status card and the filter button. */

/* The size of the graph view in the graph pane of a 1366×768 and of a
 * 1920×1080 window, at the pane's default height. */
static const struct {
  int         width;
  int         height;
  const char *name;
} pane_sizes[] = {
  { 773, 200, "1366x768" },
  { 1328, 200, "1920x1080" },
};

static gboolean
node_inside (Fixture *fixture,
             guint    node,
             gboolean whole)
{
  int width = gtk_widget_get_width (GTK_WIDGET (fixture->view));
  int height = gtk_widget_get_height (GTK_WIDGET (fixture->view));
  graphene_rect_t bounds;

  g_assert_true (dossier_graph_view_get_node_bounds (fixture->view, node, &bounds));
  if (whole)
    return bounds.origin.x >= -1 && bounds.origin.y >= -1
           && bounds.origin.x + bounds.size.width <= width + 1
           && bounds.origin.y + bounds.size.height <= height + 1;
  return bounds.origin.x + bounds.size.width / 2 >= 0 && bounds.origin.x + bounds.size.width / 2 <= width
         && bounds.origin.y + bounds.size.height / 2 >= 0 && bounds.origin.y + bounds.size.height / 2 <= height;
}

static guint
most_connected (DossierGraph *graph)
{
  DossierGraphGeometry *geometry = dossier_graph_get_geometry (graph);
  g_autofree guint *degree = g_new0 (guint, geometry->n_nodes);
  guint best = 0;

  for (guint i = 0; i < geometry->n_edges; i++)
    {
      degree[geometry->edges[i].tail]++;
      degree[geometry->edges[i].head]++;
    }
  for (guint i = 1; i < geometry->n_nodes; i++)
    if (degree[i] > degree[best])
      best = i;
  return best;
}

static void
save_frame (Fixture    *fixture,
            const char *name)
{
  g_autoptr(GdkTexture) frame = render_frame (fixture);
  g_autofree char *path = g_build_filename (g_getenv ("G_TEST_BUILDDIR") != NULL ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                            name, NULL);

  g_assert_true (gdk_texture_save_to_png (frame, path));
  g_test_message ("Saved %s", path);
}

/* The bundled corpus's graph fits whole only at a few percent, where nothing
 * can be read: its first view is at a readable zoom, on the most connected
 * node or on the selection, and Fit still shows every node. */
static void
test_first_view_readable (void)
{
  for (guint s = 0; s < G_N_ELEMENTS (pane_sizes); s++)
    {
      Fixture fixture = { NULL, };
      g_autoptr(DossierSelection) selection = dossier_selection_new ();
      g_autofree char *name = NULL;
      guint hub, n, chosen = G_MAXUINT;
      double fit_zoom;

      fixture_show_at (&fixture, corpus_graph (NULL), pane_sizes[s].width, pane_sizes[s].height);
      n = dossier_graph_get_n_nodes (fixture.graph);
      hub = most_connected (fixture.graph);

      g_test_message ("first view at %s: %.0f %%", pane_sizes[s].name, dossier_graph_view_get_zoom (fixture.view) * 100);
      g_assert_cmpfloat (dossier_graph_view_get_zoom (fixture.view), >=, DOSSIER_GRAPH_VIEW_READABLE_ZOOM);
      g_assert_true (dossier_graph_view_get_auto_framed (fixture.view));
      g_assert_true (node_inside (&fixture, hub, FALSE));
      for (guint i = 0; i < n; i++)
        if (dossier_graph_get_node (fixture.graph, i)->entity_id != 0 && !node_inside (&fixture, i, FALSE))
          chosen = i;
      name = g_strdup_printf ("graph-view-first-view-%s.png", pane_sizes[s].name);
      save_frame (&fixture, name);

      /* Fit shows every node, at a zoom too small to read on this corpus
       * (else this test would not test the readable first view). */
      gtk_widget_activate_action (GTK_WIDGET (fixture.view), "graph.fit", NULL);
      fit_zoom = dossier_graph_view_get_zoom (fixture.view);
      g_test_message ("fit at %s: %.0f %%", pane_sizes[s].name, fit_zoom * 100);
      g_assert_cmpfloat (fit_zoom, <, DOSSIER_GRAPH_VIEW_READABLE_ZOOM);
      for (guint i = 0; i < n; i++)
        g_assert_true (node_inside (&fixture, i, TRUE));
      g_assert_true (dossier_graph_view_get_auto_framed (fixture.view));
      g_clear_pointer (&name, g_free);
      name = g_strdup_printf ("graph-view-fit-%s.png", pane_sizes[s].name);
      save_frame (&fixture, name);

      /* With an entity chosen in the window, the first view shows it, even
       * one that the first view without it left out. */
      g_assert_cmpuint (chosen, !=, G_MAXUINT);
      dossier_graph_view_set_selection (fixture.view, selection);
      g_object_ref (fixture.graph);
      dossier_graph_view_set_graph (fixture.view, NULL);
      dossier_selection_select_entity (selection, dossier_graph_get_node (fixture.graph, chosen)->entity_id, NULL);
      dossier_graph_view_set_graph (fixture.view, fixture.graph);
      g_object_unref (fixture.graph);
      g_assert_true (dossier_graph_view_is_node_selected (fixture.view, chosen));
      g_assert_cmpfloat (dossier_graph_view_get_zoom (fixture.view), >=, DOSSIER_GRAPH_VIEW_READABLE_ZOOM);
      g_assert_true (node_inside (&fixture, chosen, TRUE));

      fixture_tear_down (&fixture, NULL);
    }
}

/* The view keeps its automatic framing as the pane is resized, until the user
 * zooms; then it keeps their zoom. */
static void
test_refit_on_resize (void)
{
  g_autoptr(GError) error = NULL;
  DossierGraph *graph = synthetic_graph (40);
  GtkWidget *box, *spacer;
  Fixture fixture = { NULL, };
  double zoom;

  g_assert_true (dossier_graph_layout (graph, "neato", NULL, &error));
  g_assert_no_error (error);
  fixture.graph = graph;
  fixture.window = GTK_WINDOW (gtk_window_new ());
  fixture.view = DOSSIER_GRAPH_VIEW (dossier_graph_view_new ());
  /* The view beside and below a spacer whose size stands for the window's
   * other panes. */
  box = gtk_grid_new ();
  spacer = gtk_label_new (NULL);
  gtk_widget_set_size_request (spacer, 50, 50);
  gtk_widget_set_hexpand (GTK_WIDGET (fixture.view), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (fixture.view), TRUE);
  gtk_grid_attach (GTK_GRID (box), spacer, 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (box), GTK_WIDGET (fixture.view), 1, 1, 1, 1);
  gtk_window_set_default_size (fixture.window, 1200, 800);
  gtk_window_set_child (fixture.window, box);
  dossier_graph_view_set_graph (fixture.view, graph);
  gtk_window_present (fixture.window);
  run_for (300);

  /* The pane narrows: the whole graph still fits, at a smaller zoom. */
  gtk_widget_activate_action (GTK_WIDGET (fixture.view), "graph.fit", NULL);
  zoom = dossier_graph_view_get_zoom (fixture.view);
  gtk_widget_set_size_request (spacer, 450, 350);
  run_for (300);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture.view)), <, 800);
  g_test_message ("fit: %.3f, narrower: %.3f", zoom, dossier_graph_view_get_zoom (fixture.view));
  g_assert_cmpfloat (dossier_graph_view_get_zoom (fixture.view), <, zoom * 0.9);
  for (guint i = 0; i < dossier_graph_get_n_nodes (graph); i++)
    g_assert_true (node_inside (&fixture, i, TRUE));
  g_assert_true (dossier_graph_view_get_auto_framed (fixture.view));

  /* The user zooms in: a wider pane keeps their zoom. */
  dossier_graph_view_zoom_at (fixture.view, dossier_graph_view_get_zoom (fixture.view) * 1.5, 100, 100);
  zoom = dossier_graph_view_get_zoom (fixture.view);
  g_assert_false (dossier_graph_view_get_auto_framed (fixture.view));
  gtk_widget_set_size_request (spacer, 50, 50);
  run_for (300);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture.view)), >, 1100);
  g_assert_cmpfloat (dossier_graph_view_get_zoom (fixture.view), ==, zoom);

  /* The first view of a graph that can be read whole follows too. */
  g_object_ref (graph);
  dossier_graph_view_set_graph (fixture.view, NULL);
  dossier_graph_view_set_graph (fixture.view, graph);
  g_object_unref (graph);
  run_for (100);
  g_assert_true (dossier_graph_view_get_auto_framed (fixture.view));
  zoom = dossier_graph_view_get_zoom (fixture.view);
  gtk_widget_set_size_request (spacer, 450, 350);
  run_for (300);
  g_test_message ("first view: %.3f, narrower: %.3f", zoom, dossier_graph_view_get_zoom (fixture.view));
  g_assert_cmpfloat (dossier_graph_view_get_zoom (fixture.view), <, zoom);

  fixture_tear_down (&fixture, NULL);
}

static guint8 alpha_at (GdkTexture *texture,
                        int         x,
                        int         y);

/* Every legend entry is inside the view, whole, at the pane's widths and a
 * narrow one, left to right and in Arabic. */
static void
check_legend (Fixture    *fixture,
              const char *picture)
{
  DossierGraphView *view = fixture->view;
  int width = gtk_widget_get_width (GTK_WIDGET (view));
  int height = gtk_widget_get_height (GTK_WIDGET (view));
  guint n = 0;
  int min_height;

  g_assert_true (gtk_widget_get_visible (view->legend));
  /* As tall as its rows need at the width it has (GtkFlowBox lays its
   * entries out at their natural sizes). */
  gtk_widget_measure (view->legend, GTK_ORIENTATION_VERTICAL,
                      gtk_widget_get_width (view->legend) + gtk_widget_get_margin_start (view->legend)
                      + gtk_widget_get_margin_end (view->legend),
                      NULL, &min_height, NULL, NULL);
  g_assert_cmpint (gtk_widget_get_height (view->legend) + gtk_widget_get_margin_top (view->legend)
                   + gtk_widget_get_margin_bottom (view->legend), >=, min_height);
  for (GtkWidget *cell = gtk_widget_get_first_child (view->legend); cell; cell = gtk_widget_get_next_sibling (cell))
    {
      GtkWidget *button = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (cell));
      graphene_rect_t bounds;
      int min_width;

      g_assert_true (GTK_IS_TOGGLE_BUTTON (button));
      g_assert_true (gtk_widget_compute_bounds (button, GTK_WIDGET (view), &bounds));
      g_assert_cmpfloat (bounds.origin.x, >=, 0);
      g_assert_cmpfloat (bounds.origin.y, >=, 0);
      g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, width);
      g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, height);
      gtk_widget_measure (button, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
      g_assert_cmpfloat (bounds.size.width, >=, min_width);
      n++;
    }
  g_assert_cmpuint (n, >=, 6);
  save_frame (fixture, picture);
}

static void
legend_at_widths (const char *direction)
{
  const struct { int width; int height; const char *name; } sizes[] = {
    { pane_sizes[0].width, pane_sizes[0].height, pane_sizes[0].name },
    { pane_sizes[1].width, pane_sizes[1].height, pane_sizes[1].name },
    { 380, 300, "narrow" },
  };

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      Fixture fixture = { NULL, };
      g_autofree char *picture = g_strdup_printf ("graph-view-legend-%s-%s.png", sizes[s].name, direction);

      fixture_show_at (&fixture, corpus_graph (NULL), sizes[s].width, sizes[s].height);
      check_legend (&fixture, picture);
      fixture_tear_down (&fixture, NULL);
    }
}

static void
test_legend_wraps (void)
{
  g_autofree char *locale = NULL;

  legend_at_widths ("ltr");

  /* Arabic: right to left, with longer names. */
  locale = g_strdup (setlocale (LC_ALL, NULL));
  if (setlocale (LC_ALL, "ar_EG.utf8") == NULL)
    {
      g_test_message ("ar_EG.utf8 is not generated: the legend is checked right to left in English");
      g_setenv ("LANGUAGE", "C", TRUE);
    }
  else
    g_setenv ("LANGUAGE", "ar", TRUE);
  bindtextdomain (GETTEXT_PACKAGE, DOSSIER_BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  /* The templates' strings too, as in the program. */
  textdomain (GETTEXT_PACKAGE);
  gtk_widget_set_default_direction (GTK_TEXT_DIR_RTL);
  legend_at_widths ("ar");
  gtk_widget_set_default_direction (GTK_TEXT_DIR_LTR);
  textdomain ("messages");
  g_unsetenv ("LANGUAGE");
  setlocale (LC_ALL, locale);

  /* Dark cards are translucent: the legend has an opaque backing, so that
   * no node shows through it, between its entries too. */
  {
    Fixture fixture = { NULL, };
    g_autoptr(GdkTexture) frame = NULL;
    graphene_rect_t bounds;

    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
    fixture_show_at (&fixture, corpus_graph (NULL), pane_sizes[0].width, pane_sizes[0].height);
    check_legend (&fixture, "graph-view-legend-1366x768-dark.png");
    frame = render_frame (&fixture);
    g_assert_true (gtk_widget_compute_bounds (fixture.view->legend, GTK_WIDGET (fixture.view), &bounds));
    g_assert_cmpuint (alpha_at (frame, bounds.origin.x + bounds.size.width / 2,
                                bounds.origin.y + bounds.size.height - 2), ==, 255);
    g_assert_cmpuint (alpha_at (frame, bounds.origin.x + 14, bounds.origin.y + 1), ==, 255);
    fixture_tear_down (&fixture, NULL);
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  }
}

/* While a layout runs, the old graph is faded under a status card. */
static guint8
alpha_at (GdkTexture *texture,
          int         x,
          int         y)
{
  int width = gdk_texture_get_width (texture);
  g_autofree guchar *data = g_malloc (width * 4 * gdk_texture_get_height (texture));

  gdk_texture_download (texture, data, width * 4);
  /* Cairo's ARGB32 is B, G, R, A in memory on a little-endian machine. */
  return data[y * width * 4 + x * 4 + 3];
}

static void
test_loading_overlay (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GdkTexture) before = NULL;
  g_autoptr(GdkTexture) loading = NULL;
  g_autoptr(GdkTexture) after = NULL;
  graphene_rect_t card, bounds;
  int width = gtk_widget_get_width (GTK_WIDGET (fixture->view));
  int height = gtk_widget_get_height (GTK_WIDGET (fixture->view));
  int node = -1;
  double x = 0, y = 0;

  before = render_frame (fixture);
  dossier_graph_view_set_loading (fixture->view, TRUE, cancellable);
  run_for (50);
  g_assert_true (gtk_widget_get_visible (fixture->view->status_box));
  g_assert_true (gtk_widget_has_css_class (fixture->view->status_box, "card"));
  g_assert_true (gtk_widget_compute_bounds (fixture->view->status_box, GTK_WIDGET (fixture->view), &card));
  save_frame (fixture, "graph-view-laying-out.png");
  loading = render_frame (fixture);

  /* A node away from the card, toolbar and legend, drawn opaque before. */
  for (guint i = 0; i < dossier_graph_get_n_nodes (fixture->graph) && node < 0; i++)
    {
      g_assert_true (dossier_graph_view_get_node_bounds (fixture->view, i, &bounds));
      x = bounds.origin.x + bounds.size.width / 2;
      y = bounds.origin.y + bounds.size.height / 2;
      if (x > 0 && x < width && y > 80 && y < height - 80
          && !graphene_rect_contains_point (&card, &GRAPHENE_POINT_INIT (x, y))
          && alpha_at (before, x, y) > 200)
        node = (int) i;
    }
  g_assert_cmpint (node, >=, 0);
  g_assert_cmpuint (alpha_at (loading, x, y), <, 128);

  dossier_graph_view_set_loading (fixture->view, FALSE, NULL);
  g_assert_false (gtk_widget_get_visible (fixture->view->status_box));
  after = render_frame (fixture);
  g_assert_cmpuint (alpha_at (after, x, y), >, 200);

  /* Over an empty view, a message is plain text, without a card. */
  dossier_graph_view_set_graph (fixture->view, NULL);
  dossier_graph_view_set_message (fixture->view, "No entities");
  g_assert_true (gtk_widget_get_visible (fixture->view->status_box));
  g_assert_false (gtk_widget_has_css_class (fixture->view->status_box, "card"));
}

/* The Filter button's tooltip and description name everything its popover
 * chooses, the colours and sizes too. */
static void
test_filter_tooltip (Fixture       *fixture,
                     gconstpointer  data)
{
  GtkWidget *filter = NULL;
  const char *tooltip;

  for (GtkWidget *child = gtk_widget_get_first_child (fixture->view->toolbar); child;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_MENU_BUTTON (child) && g_strcmp0 (gtk_menu_button_get_label (GTK_MENU_BUTTON (child)), "_Filter") == 0)
      filter = child;
  g_assert_nonnull (filter);
  tooltip = gtk_widget_get_tooltip_text (filter);
  g_assert_nonnull (tooltip);
  g_assert_nonnull (strstr (tooltip, "Relations"));
  g_assert_nonnull (strstr (tooltip, "Dates"));
  g_assert_nonnull (strstr (tooltip, "Colours"));
  g_assert_nonnull (strstr (tooltip, "Sizes"));
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (filter), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));
}

static void
count_paint_cb (GdkFrameClock *clock,
                guint         *count)
{
  (*count)++;
}

/* Waits for the window's next frame, drawn by GTK as for a user. */
static void
next_frame (Fixture *fixture)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (fixture->window));
  gint64 deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  guint painted = 0;
  gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (count_paint_cb), &painted);

  gtk_widget_queue_draw (GTK_WIDGET (fixture->view));
  while (painted == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, handler);
  g_assert_cmpuint (painted, >, 0);
}

/* The view as the last frame drew it into the window, its CSS background
 * included, once every tile of this viewport is drawn (none missing, none
 * standing in for another). No pointer hovers over it. */
static GdkTexture *
render_widget (Fixture *fixture)
{
  DossierGraphView *view = fixture->view;
  GtkWidget *widget = GTK_WIDGET (view);
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (fixture->window));
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  gboolean complete;

  do
    {
      guint drawn = dossier_graph_view_get_n_tiles_drawn (view);

      view->pointer_inside = FALSE;
      view->hover_node = view->hover_edge = -1;
      next_frame (fixture);
      complete = dossier_graph_view_get_n_tiles_drawn (view) == drawn && view->tile_idle_id == 0
                 && (view->pending == NULL || g_hash_table_size (view->pending) == 0);
    }
  while (!complete);
  /* A widget paintable shows the widget as its last frame drew it. */
  paintable = gtk_widget_paintable_new (widget);
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot),
                          gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  node = gtk_snapshot_to_node (snapshot);
  g_assert_nonnull (node);
  return gsk_renderer_render_texture (renderer, node,
                                      &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                                           gtk_widget_get_height (widget)));
}

/* Tiles with the view's background in them (what frames copy fastest) show
 * exactly what transparent tiles over the background show: at rest, after a
 * pan, and while zooming (scaled tiles), in light and dark. */
static void
test_opaque_tiles (Fixture       *fixture,
                   gconstpointer  data)
{
  int width = gtk_widget_get_width (GTK_WIDGET (fixture->view));
  int height = gtk_widget_get_height (GTK_WIDGET (fixture->view));
  g_autofree guint32 *a = g_new (guint32, (gsize) width * height);
  g_autofree guint32 *b = g_new (guint32, (gsize) width * height);

  /* Every tile drawn in the frame that needs it, so that both pictures are
   * complete. */
  fixture->view->threaded = FALSE;
  for (guint step = 0; step < 8; step++)
    {
      g_autoptr(GdkTexture) transparent = NULL;
      g_autoptr(GdkTexture) opaque = NULL;
      guint differ = 0, far = 0, painted = 0;

      if (step == 4)
        adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
      switch (step % 4)
        {
        case 0:
          dossier_graph_view_fit (fixture->view);
          break;
        case 1:
          dossier_graph_view_zoom_at (fixture->view, 1.5, width / 2.0, height / 2.0);
          break;
        case 2:
          dossier_graph_view_pan_by (fixture->view, 41.5, -17.25);
          break;
        default:
          /* In the middle of a zoom the settled scale's tiles stand in, scaled. */
          fixture->view->zooming = TRUE;
          dossier_graph_view_zoom_at (fixture->view, dossier_graph_view_get_zoom (fixture->view) * 1.21,
                                      width / 3.0, height / 3.0);
          break;
        }

      /* The toolbar's zoom label follows after a moment: let it, so that
       * both pictures have the same toolbar. */
      run_for (250);
      fixture->view->transparent_tiles = TRUE;
      _dossier_graph_view_background_changed (fixture->view);
      transparent = render_widget (fixture);
      g_assert_false (fixture->view->opaque_tiles);
      fixture->view->transparent_tiles = FALSE;
      _dossier_graph_view_background_changed (fixture->view);
      opaque = render_widget (fixture);
      /* Adwaita's views have one opaque background: the fast path is taken. */
      g_assert_true (fixture->view->opaque_tiles);

      gdk_texture_download (transparent, (guchar *) a, width * 4);
      gdk_texture_download (opaque, (guchar *) b, width * 4);
      for (gsize i = 0; i < (gsize) width * height; i++)
        {
          int most = 0;

          for (guint c = 0; c < 32; c += 8)
            most = MAX (most, ABS ((int) ((a[i] >> c) & 0xff) - (int) ((b[i] >> c) & 0xff)));
          if (most > 1 && far < 3)
            g_test_message ("pixel (%d, %d): %08x with transparent tiles, %08x with opaque ones",
                            (int) (i % width), (int) (i / width), a[i], b[i]);
          differ += most > 0;
          far += most > 1;
          painted += a[i] != a[0];
        }
      g_test_message ("step %u (zoom %.3f): %u of %u pixels differ by one level, %u by more; "
                      "%u are not the background",
                      step, dossier_graph_view_get_zoom (fixture->view), differ - far, width * height, far, painted);
      /* Something of the graph is in the picture, and it is the same (one
       * level of rounding is allowed where scaled tiles are filtered with the
       * background already in them; none was seen). */
      g_assert_cmpuint (painted, >, 10000);
      g_assert_cmpuint (far, ==, 0);
      fixture->view->zooming = FALSE;
    }
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

/* The shared-memory segments this process created, as the kernel lists them. */
static GHashTable *
own_shm_segments (void)
{
  GHashTable *ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *pid = g_strdup_printf ("%d", (int) getpid ());

  if (!g_file_get_contents ("/proc/sysvipc/shm", &text, NULL, NULL))
    return ids;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit_set (g_strstrip (lines[i]), " \t", -1);
      GPtrArray *words = g_ptr_array_new ();

      for (guint k = 0; fields[k] != NULL; k++)
        if (*fields[k] != '\0')
          g_ptr_array_add (words, fields[k]);
      /* key shmid perms size cpid … */
      if (words->len > 4 && g_str_equal (g_ptr_array_index (words, 4), pid))
        g_hash_table_add (ids, g_strdup (g_ptr_array_index (words, 1)));
      g_ptr_array_unref (words);
    }
  return ids;
}

/* With the cairo renderer on X11, every frame goes to the X server through
 * cairo's shared-memory pool: frames reuse one segment instead of creating
 * (and faulting in) a new one each. */
static void
test_shm_pool_kept (Fixture       *fixture,
                    gconstpointer  data)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (fixture->window));
  g_autoptr(GHashTable) first = NULL;
  guint painted = 0;
  gulong handler;

  if (!GSK_IS_CAIRO_RENDERER (gtk_native_get_renderer (GTK_NATIVE (fixture->window)))
      || !g_str_equal (G_OBJECT_TYPE_NAME (gdk_display_get_default ()), "GdkX11Display")
      || !g_file_test ("/proc/sysvipc/shm", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("needs the cairo renderer on X11 and /proc/sysvipc/shm");
      return;
    }
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (count_paint_cb), &painted);
  for (guint frame = 0; frame < 12; frame++)
    {
      g_autoptr(GHashTable) now = NULL;
      guint before = painted;
      gint64 deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
      GHashTableIter iter;
      gpointer id;

      dossier_graph_view_pan_by (fixture->view, frame % 2 ? 9 : -9, 4);
      while (painted == before && g_get_monotonic_time () < deadline)
        g_main_context_iteration (NULL, TRUE);
      g_assert_cmpuint (painted, >, before);
      now = own_shm_segments ();
      if (first == NULL)
        {
          first = g_steal_pointer (&now);
          g_assert_cmpuint (g_hash_table_size (first), >, 0);
          continue;
        }
      g_hash_table_iter_init (&iter, now);
      while (g_hash_table_iter_next (&iter, &id, NULL))
        if (!g_hash_table_contains (first, id))
          g_error ("frame %u sent its pixels through a new shared-memory segment (%s)", frame, (char *) id);
    }
  g_signal_handler_disconnect (clock, handler);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierExtractor) extractor = NULL;
  g_autoptr(DossierBatchResult) result = NULL;
  g_autofree char *db = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  tmp_dir = g_dir_make_tmp ("dossier-graph-view-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (tmp_dir, "corpus.db", NULL);
  store = dossier_store_open (db, &error);
  g_assert_no_error (error);
  extractor = dossier_extractor_new (NULL, &error);
  g_assert_no_error (error);
  result = dossier_batch_import_bundled (store, extractor, &error);
  g_assert_no_error (error);

  g_test_add ("/dossier/graph-view/hit-testing", Fixture, NULL, fixture_set_up, test_hit_testing, fixture_tear_down);
  g_test_add ("/dossier/graph-view/zoom-keeps-point", Fixture, NULL, fixture_set_up, test_zoom_keeps_point, fixture_tear_down);
  g_test_add ("/dossier/graph-view/culling", Fixture, GUINT_TO_POINTER (80), fixture_set_up, test_culling, fixture_tear_down);
  g_test_add_func ("/dossier/graph-view/dashes-match-cairo", test_dashes_match_cairo);
  g_test_add ("/dossier/graph-view/restyle-no-layout", Fixture, NULL, fixture_set_up, test_restyle_no_layout, fixture_tear_down);
  g_test_add ("/dossier/graph-view/keyboard", Fixture, NULL, fixture_set_up, test_keyboard, fixture_tear_down);
  g_test_add_func ("/dossier/graph-view/corpus-selection", test_corpus_selection);
  g_test_add_func ("/dossier/graph-view/corpus-expand", test_corpus_expand);
  g_test_add_func ("/dossier/graph-view/corpus-add-to-draft", test_corpus_add_to_draft);
  g_test_add_func ("/dossier/graph-view/corpus-filter", test_corpus_filter);
  g_test_add_func ("/dossier/graph-view/corpus-saved-view", test_corpus_saved_view);
  g_test_add_func ("/dossier/graph-view/pane-filter", test_pane_filter);
  g_test_add_func ("/dossier/graph-view/pane-saved-view", test_pane_saved_view);
  g_test_add_func ("/dossier/graph-view/expand-whole-graph", test_expand_whole_graph);
  g_test_add_func ("/dossier/graph-view/pane-drag-pins", test_pane_drag_pins);
  g_test_add ("/dossier/graph-view/edge-click", Fixture, NULL, fixture_set_up, test_edge_click, fixture_tear_down);
  g_test_add_func ("/dossier/graph-view/first-view-readable", test_first_view_readable);
  g_test_add_func ("/dossier/graph-view/refit-on-resize", test_refit_on_resize);
  g_test_add_func ("/dossier/graph-view/legend-wraps", test_legend_wraps);
  g_test_add ("/dossier/graph-view/loading-overlay", Fixture, NULL, fixture_set_up, test_loading_overlay, fixture_tear_down);
  g_test_add ("/dossier/graph-view/filter-tooltip", Fixture, NULL, fixture_set_up, test_filter_tooltip, fixture_tear_down);
  g_test_add ("/dossier/graph-view/opaque-tiles", Fixture, NULL, fixture_set_up, test_opaque_tiles, fixture_tear_down);
  g_test_add ("/dossier/graph-view/shm-pool-kept", Fixture, NULL, fixture_set_up, test_shm_pool_kept, fixture_tear_down);

  status = g_test_run ();

  g_clear_object (&store);
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
