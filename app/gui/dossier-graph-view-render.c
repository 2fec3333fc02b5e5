/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Drawing for DossierGraphView: the spatial index, the cairo drawing of
 * Graphviz's operations with the view's states and level of detail, and the tile
 * cache that lets a frame reuse what earlier frames drew.
 */

#include "config.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "dossier-graph-view-private.h"

#if defined (GDK_WINDOWING_X11) && CAIRO_HAS_XLIB_SURFACE
#include <cairo-xlib.h>
#include <gdk/x11/gdkx.h>
#define HAVE_X11_SHM_POOL 1
#endif

/* Tiles are square textures of this many device pixels. */
#define TILE_SIZE       256
/* At most this many tiles are kept (about 40 MB). */
#define MAX_TILES       160
/* A frame draws missing tiles itself until it has spent this long; the rest show
 * a coarser tile, scaled, until an idle pass draws them. */
#define FRAME_BUDGET_US 6000
/* Below these sizes on screen, text, arrow heads and shapes are left out. */
#define MIN_TEXT_PX     4.0
#define MIN_ARROW_PX    2.5
#define MIN_SHAPE_PX    3.0
/* Dash patterns repeating in fewer pixels than this are drawn as solid lines. */
#define MIN_DASH_PX     3.0

typedef struct
{
  double           scale;     /* device pixels per point */
  int              ix;
  int              iy;
  cairo_surface_t *surface;
  guint            serial;
  gint64           used;
} Tile;

/* A tile over nothing has a 1×1 placeholder surface, and is not painted. */
static inline gboolean
tile_is_empty (const Tile *tile)
{
  return cairo_image_surface_get_width (tile->surface) < TILE_SIZE;
}

/* Spatial index */

static inline void
box_add (Box    *box,
         double  x,
         double  y)
{
  box->x0 = MIN (box->x0, x);
  box->y0 = MIN (box->y0, y);
  box->x1 = MAX (box->x1, x);
  box->y1 = MAX (box->y1, y);
}

static inline gboolean
box_intersects (const Box *a,
                const Box *b)
{
  return a->x0 <= b->x1 && b->x0 <= a->x1 && a->y0 <= b->y1 && b->y0 <= a->y1;
}

static void
add_ops_to_box (Box                      *box,
                const DossierGraphOpList *list,
                double                    dx,
                double                    dy)
{
  for (guint i = 0; i < list->n_ops; i++)
    {
      const DossierGraphOp *op = &list->ops[i];

      if (op->kind == DOSSIER_GRAPH_OP_TEXT && op->n_points > 0)
        {
          double w = op->text_width;
          double x = op->points[0].x + dx;

          if (op->align == DOSSIER_GRAPH_ALIGN_CENTER)
            x -= w / 2;
          else if (op->align == DOSSIER_GRAPH_ALIGN_RIGHT)
            x -= w;
          box_add (box, x, op->points[0].y + dy - op->font_size);
          box_add (box, x + w, op->points[0].y + dy + op->font_size / 3);
        }
      else if (op->kind == DOSSIER_GRAPH_OP_ELLIPSE && op->n_points > 0)
        {
          box_add (box, op->points[0].x + dx - op->rx, op->points[0].y + dy - op->ry);
          box_add (box, op->points[0].x + dx + op->rx, op->points[0].y + dy + op->ry);
        }
      else
        for (guint j = 0; j < op->n_points; j++)
          box_add (box, op->points[j].x + dx, op->points[j].y + dy);
    }
}

void
_dossier_graph_view_update_boxes (DossierGraphView *self)
{
  DossierGraphGeometry *geometry = self->geometry;

  for (guint i = 0; i < self->n_nodes; i++)
    {
      const DossierGraphNodeGeometry *node = &geometry->nodes[i];
      Box *box = &self->node_box[i];

      box->x0 = node->bounds.x + self->off_x[i];
      box->y0 = node->bounds.y + self->off_y[i];
      box->x1 = box->x0 + node->bounds.width;
      box->y1 = box->y0 + node->bounds.height;
    }

  for (guint i = 0; i < self->n_edges; i++)
    {
      const DossierGraphEdgeGeometry *edge = &geometry->edges[i];
      Box *box = &self->edge_box[i];
      double tx = self->off_x[edge->tail], ty = self->off_y[edge->tail];
      double hx = self->off_x[edge->head], hy = self->off_y[edge->head];

      box->x0 = box->y0 = G_MAXDOUBLE;
      box->x1 = box->y1 = -G_MAXDOUBLE;
      /* The warp moves each point by a mix of the two ends' offsets: the box of
       * the points moved by either offset holds them all. */
      add_ops_to_box (box, &edge->draw, tx, ty);
      add_ops_to_box (box, &edge->draw, hx, hy);
      add_ops_to_box (box, &edge->head_draw, hx, hy);
      add_ops_to_box (box, &edge->tail_draw, tx, ty);
      add_ops_to_box (box, &edge->label_draw, (tx + hx) / 2, (ty + hy) / 2);
      if (box->x0 > box->x1)
        {
          box->x0 = box->x1 = geometry->nodes[edge->tail].center.x + tx;
          box->y0 = box->y1 = geometry->nodes[edge->tail].center.y + ty;
        }
      /* Room for the line width. */
      box->x0 -= 4;
      box->y0 -= 4;
      box->x1 += 4;
      box->y1 += 4;
    }
  self->grid_valid = FALSE;
}

void
_dossier_graph_view_grid_clear (Grid *grid)
{
  for (int i = 0; i < grid->cols * grid->rows; i++)
    {
      g_clear_pointer (&grid->node_cells[i], g_array_unref);
      g_clear_pointer (&grid->edge_cells[i], g_array_unref);
    }
  g_clear_pointer (&grid->node_cells, g_free);
  g_clear_pointer (&grid->edge_cells, g_free);
  g_clear_pointer (&grid->long_edges, g_array_unref);
  g_clear_pointer (&grid->node_stamp, g_free);
  g_clear_pointer (&grid->edge_stamp, g_free);
  grid->cols = grid->rows = 0;
}

static inline void
cell_range (const Grid *grid,
            const Box  *box,
            int        *c0,
            int        *r0,
            int        *c1,
            int        *r1)
{
  *c0 = CLAMP ((int) floor ((box->x0 - grid->x0) / grid->cell), 0, grid->cols - 1);
  *c1 = CLAMP ((int) floor ((box->x1 - grid->x0) / grid->cell), 0, grid->cols - 1);
  *r0 = CLAMP ((int) floor ((box->y0 - grid->y0) / grid->cell), 0, grid->rows - 1);
  *r1 = CLAMP ((int) floor ((box->y1 - grid->y0) / grid->cell), 0, grid->rows - 1);
}

static void
cell_add (GArray **cells,
          int      index,
          guint    item)
{
  if (cells[index] == NULL)
    cells[index] = g_array_sized_new (FALSE, FALSE, sizeof (guint), 8);
  g_array_append_val (cells[index], item);
}

void
_dossier_graph_view_grid_build (DossierGraphView *self)
{
  Grid *grid = &self->grid;
  Box all = { G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE };
  double area;
  guint n_items = self->n_nodes + self->n_edges;

  _dossier_graph_view_grid_clear (grid);
  for (guint i = 0; i < self->n_nodes; i++)
    {
      box_add (&all, self->node_box[i].x0, self->node_box[i].y0);
      box_add (&all, self->node_box[i].x1, self->node_box[i].y1);
    }
  for (guint i = 0; i < self->n_edges; i++)
    {
      box_add (&all, self->edge_box[i].x0, self->edge_box[i].y0);
      box_add (&all, self->edge_box[i].x1, self->edge_box[i].y1);
    }
  if (all.x0 > all.x1)
    all = (Box) { 0, 0, 1, 1 };

  /* About two items per cell. */
  area = MAX (all.x1 - all.x0, 1) * MAX (all.y1 - all.y0, 1);
  grid->cell = MAX (sqrt (area / MAX (n_items / 2.0, 1.0)), 8.0);
  grid->x0 = all.x0;
  grid->y0 = all.y0;
  grid->cols = CLAMP ((int) ceil ((all.x1 - all.x0) / grid->cell) + 1, 1, 1024);
  grid->rows = CLAMP ((int) ceil ((all.y1 - all.y0) / grid->cell) + 1, 1, 1024);
  grid->node_cells = g_new0 (GArray *, grid->cols * grid->rows);
  grid->edge_cells = g_new0 (GArray *, grid->cols * grid->rows);
  grid->long_edges = g_array_new (FALSE, FALSE, sizeof (guint));
  grid->node_stamp = g_new0 (guint, MAX (self->n_nodes, 1));
  grid->edge_stamp = g_new0 (guint, MAX (self->n_edges, 1));
  grid->stamp = 0;

  for (guint i = 0; i < self->n_nodes; i++)
    {
      int c0, r0, c1, r1;

      cell_range (grid, &self->node_box[i], &c0, &r0, &c1, &r1);
      for (int r = r0; r <= r1; r++)
        for (int c = c0; c <= c1; c++)
          cell_add (grid->node_cells, r * grid->cols + c, i);
    }
  for (guint i = 0; i < self->n_edges; i++)
    {
      int c0, r0, c1, r1;

      cell_range (grid, &self->edge_box[i], &c0, &r0, &c1, &r1);
      if ((c1 - c0 + 1) * (r1 - r0 + 1) > 48)
        {
          g_array_append_val (grid->long_edges, i);
          continue;
        }
      for (int r = r0; r <= r1; r++)
        for (int c = c0; c <= c1; c++)
          cell_add (grid->edge_cells, r * grid->cols + c, i);
    }
  self->grid_valid = TRUE;
}

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

void
_dossier_graph_view_grid_query (DossierGraphView *self,
                                const Box        *box,
                                GArray           *nodes,
                                GArray           *edges)
{
  Grid *grid = &self->grid;
  int c0, r0, c1, r1;

  if (self->geometry == NULL)
    return;
  if (!self->grid_valid)
    _dossier_graph_view_grid_build (self);

  if (++grid->stamp == 0)
    {
      memset (grid->node_stamp, 0, sizeof (guint) * MAX (self->n_nodes, 1));
      memset (grid->edge_stamp, 0, sizeof (guint) * MAX (self->n_edges, 1));
      grid->stamp = 1;
    }

  cell_range (grid, box, &c0, &r0, &c1, &r1);
  for (int r = r0; r <= r1; r++)
    for (int c = c0; c <= c1; c++)
      {
        GArray *cell;

        if (nodes != NULL && (cell = grid->node_cells[r * grid->cols + c]) != NULL)
          for (guint k = 0; k < cell->len; k++)
            {
              guint i = g_array_index (cell, guint, k);

              if (grid->node_stamp[i] == grid->stamp)
                continue;
              grid->node_stamp[i] = grid->stamp;
              if ((self->flags[i] & NODE_HIDDEN) == 0 && box_intersects (&self->node_box[i], box))
                g_array_append_val (nodes, i);
            }
        if (edges != NULL && (cell = grid->edge_cells[r * grid->cols + c]) != NULL)
          for (guint k = 0; k < cell->len; k++)
            {
              guint i = g_array_index (cell, guint, k);

              if (grid->edge_stamp[i] == grid->stamp)
                continue;
              grid->edge_stamp[i] = grid->stamp;
              if (box_intersects (&self->edge_box[i], box))
                g_array_append_val (edges, i);
            }
      }

  if (edges != NULL)
    for (guint k = 0; k < grid->long_edges->len; k++)
      {
        guint i = g_array_index (grid->long_edges, guint, k);

        if (box_intersects (&self->edge_box[i], box))
          g_array_append_val (edges, i);
      }

  if (edges != NULL)
    {
      /* Edges with a hidden end are not drawn. */
      for (guint k = 0; k < edges->len; k++)
        {
          const DossierGraphEdgeGeometry *edge = &self->geometry->edges[g_array_index (edges, guint, k)];

          if ((self->flags[edge->tail] | self->flags[edge->head]) & NODE_HIDDEN)
            g_array_remove_index_fast (edges, k--);
        }
      g_array_sort (edges, compare_uint);
    }
  if (nodes != NULL)
    g_array_sort (nodes, compare_uint);
}

/* Edge hit testing */

static double
segment_distance2 (double px,
                   double py,
                   double ax,
                   double ay,
                   double bx,
                   double by)
{
  double vx = bx - ax, vy = by - ay;
  double len2 = vx * vx + vy * vy;
  double t = len2 > 0 ? ((px - ax) * vx + (py - ay) * vy) / len2 : 0;
  double dx, dy;

  t = CLAMP (t, 0.0, 1.0);
  dx = ax + t * vx - px;
  dy = ay + t * vy - py;
  return dx * dx + dy * dy;
}

static inline void
warp (DossierGraphView               *self,
      const DossierGraphEdgeGeometry *edge,
      double                          u,
      double                         *x,
      double                         *y)
{
  *x += self->off_x[edge->tail] * (1 - u) + self->off_x[edge->head] * u;
  *y += self->off_y[edge->tail] * (1 - u) + self->off_y[edge->head] * u;
}

gboolean
_dossier_graph_view_edge_hit (DossierGraphView *self,
                              guint             index,
                              double            gx,
                              double            gy,
                              double            tolerance)
{
  const DossierGraphEdgeGeometry *edge = &self->geometry->edges[index];
  double tol2 = tolerance * tolerance;

  for (guint i = 0; i < edge->draw.n_ops; i++)
    {
      const DossierGraphOp *op = &edge->draw.ops[i];
      double px, py;

      if (op->n_points < 2)
        continue;
      px = op->points[0].x;
      py = op->points[0].y;
      warp (self, edge, 0, &px, &py);

      if (op->kind == DOSSIER_GRAPH_OP_BEZIER)
        {
          for (guint j = 1; j + 2 < op->n_points; j += 3)
            {
              const DossierGraphPoint *p = &op->points[j - 1];

              for (int s = 1; s <= 8; s++)
                {
                  double t = s / 8.0, mt = 1 - t;
                  double x = mt * mt * mt * p[0].x + 3 * mt * mt * t * p[1].x + 3 * mt * t * t * p[2].x + t * t * t * p[3].x;
                  double y = mt * mt * mt * p[0].y + 3 * mt * mt * t * p[1].y + 3 * mt * t * t * p[2].y + t * t * t * p[3].y;

                  warp (self, edge, (j - 1 + 3 * t) / (op->n_points - 1), &x, &y);
                  if (segment_distance2 (gx, gy, px, py, x, y) <= tol2)
                    return TRUE;
                  px = x;
                  py = y;
                }
            }
        }
      else
        for (guint j = 1; j < op->n_points; j++)
          {
            double x = op->points[j].x, y = op->points[j].y;

            warp (self, edge, (double) j / (op->n_points - 1), &x, &y);
            if (segment_distance2 (gx, gy, px, py, x, y) <= tol2)
              return TRUE;
            px = x;
            py = y;
          }
    }
  return FALSE;
}

/* Drawing */

void
_dossier_graph_view_get_style (DossierGraphView *self,
                               DrawStyle        *style)
{
  style->dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  style->any_selected = FALSE;
  for (guint i = 0; i < self->n_nodes && !style->any_selected; i++)
    style->any_selected = (self->flags[i] & NODE_SELECTED) != 0;
  gdk_rgba_parse (&style->accent, style->dark ? "#78aeed" : "#1c71d8");
  gdk_rgba_parse (&style->match, style->dark ? "#f8e45c" : "#f5c211");
  gdk_rgba_parse (&style->fg, style->dark ? "#ffffff" : "#000000");
  style->scale = self->zoom;
  style->opaque = self->opaque_tiles;
  style->background = self->background;
}

typedef struct
{
  PangoLayout          *layout;
  PangoFontDescription *font;
  const char           *font_name;
  double                font_size;
} TextCache;

static void
set_color (cairo_t                 *cr,
           const DossierGraphColor *color,
           double                   alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

/* Edge lines and their labels are grey or orange on a white page; in dark style
 * the dark greys would vanish, so they are lightened. Node fills keep their kind
 * colour (the text on them is black in both styles). */
static DossierGraphColor
edge_color (const DrawStyle         *style,
            const DossierGraphColor *color)
{
  DossierGraphColor c = *color;
  double luma = 0.299 * c.red + 0.587 * c.green + 0.114 * c.blue;

  if (style->dark && luma < 0.5 && fabs (c.red - c.green) < 0.1 && fabs (c.green - c.blue) < 0.1)
    c.red = c.green = c.blue = 1.0 - luma;
  return c;
}

static const double dash_dashed[] = { 5.0, 3.0 };
static const double dash_dotted[] = { 1.0, 3.0 };

/* Sets the pen for @op; returns its dash pattern (NULL for a solid line),
 * which the caller applies. */
static const double *
set_line (cairo_t              *cr,
          const DossierGraphOp *op,
          double                scale,
          double                extra)
{
  double width = MAX (op->line_width, 0.6 / scale) + extra / scale;

  cairo_set_line_width (cr, width);
  if (op->line_style == DOSSIER_GRAPH_LINE_DASHED)
    return dash_dashed;
  if (op->line_style == DOSSIER_GRAPH_LINE_DOTTED)
    return dash_dotted;
  return NULL;
}

/* Walking a flattened path along its length, in and out of the dashes. */
typedef struct
{
  cairo_t      *cr;
  const double *dash;    /* two lengths: on, off */
  int           index;   /* 0: on, 1: off */
  double        left;    /* of the current dash */
  gboolean      pen;     /* a dash is open in the path being built */
  Box           clip;
} DashWalk;

static void
dash_restart (DashWalk *walk)
{
  walk->index = 0;
  walk->left = walk->dash[0];
  walk->pen = FALSE;
}

/* Moves along @length without drawing. */
static void
dash_skip (DashWalk *walk,
           double    length)
{
  double period = walk->dash[0] + walk->dash[1];

  walk->pen = FALSE;
  if (length < walk->left)
    {
      walk->left -= length;
      return;
    }
  length -= walk->left;
  walk->index ^= 1;
  walk->left = walk->dash[walk->index];
  /* Whole periods change nothing. */
  length = fmod (length, period);
  while (length >= walk->left)
    {
      length -= walk->left;
      walk->index ^= 1;
      walk->left = walk->dash[walk->index];
    }
  walk->left -= length;
}

/* Draws the dashes of the segment from (ax, ay), direction (ux, uy) (unit),
 * between lengths t0 and t1 along it. */
static void
dash_draw (DashWalk *walk,
           double    ax,
           double    ay,
           double    ux,
           double    uy,
           double    t0,
           double    t1)
{
  double t = t0;

  while (t < t1)
    {
      double step = MIN (walk->left, t1 - t);

      if (walk->index == 0)
        {
          if (!walk->pen)
            cairo_move_to (walk->cr, ax + ux * t, ay + uy * t);
          cairo_line_to (walk->cr, ax + ux * (t + step), ay + uy * (t + step));
          walk->pen = TRUE;
        }
      t += step;
      walk->left -= step;
      if (walk->left <= 0)
        {
          walk->index ^= 1;
          walk->left = walk->dash[walk->index];
          walk->pen = FALSE;
        }
    }
}

static void
dash_segment (DashWalk *walk,
              double    ax,
              double    ay,
              double    bx,
              double    by)
{
  double dx = bx - ax, dy = by - ay;
  double length = sqrt (dx * dx + dy * dy);
  double t0 = 0, t1 = 1;
  const double p[4] = { -dx, dx, -dy, dy };
  const double q[4] = { ax - walk->clip.x0, walk->clip.x1 - ax, ay - walk->clip.y0, walk->clip.y1 - ay };

  if (length <= 0)
    return;
  /* The part of the segment inside the clip (Liang–Barsky). */
  for (int i = 0; i < 4; i++)
    {
      if (p[i] == 0)
        {
          if (q[i] < 0)
            {
              t0 = 1;
              t1 = 0;
            }
          continue;
        }
      if (p[i] < 0)
        t0 = MAX (t0, q[i] / p[i]);
      else
        t1 = MIN (t1, q[i] / p[i]);
    }
  if (t0 >= t1)
    {
      dash_skip (walk, length);
      return;
    }
  if (t0 > 0)
    dash_skip (walk, t0 * length);
  dash_draw (walk, ax, ay, dx / length, dy / length, t0 * length, t1 * length);
  if (t1 < 1)
    dash_skip (walk, (1 - t1) * length);
}

/* Strokes the current path with @dash, as cairo_set_dash() would, but builds
 * only the dashes inside the clip. Cairo dashes a path along its whole length
 * before it clips, and a long edge crosses many tiles: each tile paid for
 * every dash of it. */
void
_dossier_graph_view_stroke_dashed (cairo_t      *cr,
                                   const double *dash)
{
  cairo_path_t *path = cairo_copy_path_flat (cr);
  DashWalk walk = { cr, dash, 0, dash[0], FALSE, { 0, } };
  double margin = cairo_get_line_width (cr);
  double cx = 0, cy = 0, sx = 0, sy = 0;

  cairo_clip_extents (cr, &walk.clip.x0, &walk.clip.y0, &walk.clip.x1, &walk.clip.y1);
  walk.clip.x0 -= margin;
  walk.clip.y0 -= margin;
  walk.clip.x1 += margin;
  walk.clip.y1 += margin;

  cairo_new_path (cr);
  for (int i = 0; i < path->num_data; i += path->data[i].header.length)
    {
      const cairo_path_data_t *data = &path->data[i];

      switch (data->header.type)
        {
        case CAIRO_PATH_MOVE_TO:
          cx = sx = data[1].point.x;
          cy = sy = data[1].point.y;
          /* Cairo starts each subpath at the start of the pattern. */
          dash_restart (&walk);
          break;
        case CAIRO_PATH_LINE_TO:
          dash_segment (&walk, cx, cy, data[1].point.x, data[1].point.y);
          cx = data[1].point.x;
          cy = data[1].point.y;
          break;
        case CAIRO_PATH_CLOSE_PATH:
          dash_segment (&walk, cx, cy, sx, sy);
          cx = sx;
          cy = sy;
          break;
        case CAIRO_PATH_CURVE_TO:
        default:
          break;
        }
    }
  cairo_path_destroy (path);
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_stroke (cr);
}

typedef struct
{
  PangoLayout *layout;
  double       width;
  double       baseline;
} ShapedText;

static void
shaped_text_free (gpointer data)
{
  ShapedText *text = data;

  g_clear_object (&text->layout);
  g_free (text);
}

GHashTable *
_dossier_graph_view_texts_new (void)
{
  return g_hash_table_new_full (NULL, NULL, NULL, shaped_text_free);
}

/* Text is shaped once per operation and kept: tiles at every scale draw the
 * same layout. Hinting is off so that scaled text keeps Graphviz's widths. */
static ShapedText *
shape_text (DossierGraphView     *self,
            const DossierGraphOp *op)
{
  ShapedText *text = g_hash_table_lookup (self->texts, op);
  PangoFontDescription *font;
  PangoRectangle logical;

  if (text != NULL)
    return text;

  if (self->pango_context == NULL)
    {
      cairo_font_options_t *options = cairo_font_options_create ();

      self->pango_context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
      cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
      cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
      pango_cairo_context_set_font_options (self->pango_context, options);
      cairo_font_options_destroy (options);
    }

  text = g_new0 (ShapedText, 1);
  text->layout = pango_layout_new (self->pango_context);
  font = pango_font_description_from_string (op->font != NULL ? op->font : "Sans");
  pango_font_description_set_absolute_size (font, MAX (op->font_size, 1.0) * PANGO_SCALE);
  if (op->font_flags & DOSSIER_GRAPH_FONT_BOLD)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  if (op->font_flags & DOSSIER_GRAPH_FONT_ITALIC)
    pango_font_description_set_style (font, PANGO_STYLE_ITALIC);
  pango_layout_set_font_description (text->layout, font);
  pango_font_description_free (font);
  pango_layout_set_text (text->layout, op->text, -1);
  pango_layout_get_extents (text->layout, NULL, &logical);
  text->width = (double) logical.width / PANGO_SCALE;
  text->baseline = (double) pango_layout_get_baseline (text->layout) / PANGO_SCALE;
  g_hash_table_insert (self->texts, (gpointer) op, text);
  return text;
}

static void
draw_text (DossierGraphView     *self,
           cairo_t              *cr,
           TextCache            *cache,
           const DossierGraphOp *op,
           double                dx,
           double                dy)
{
  ShapedText *shaped;
  double width, x, baseline;

  if (op->text == NULL || op->n_points == 0)
    return;

  shaped = shape_text (self, op);
  cache->layout = shaped->layout;
  width = shaped->width;
  baseline = shaped->baseline;

  /* Graphviz placed the text with its own measure: keep its anchor and width. */
  x = op->points[0].x + dx;
  if (op->align == DOSSIER_GRAPH_ALIGN_CENTER)
    x -= (op->text_width > 0 ? op->text_width : width) / 2;
  else if (op->align == DOSSIER_GRAPH_ALIGN_RIGHT)
    x -= op->text_width > 0 ? op->text_width : width;

  cairo_save (cr);
  cairo_translate (cr, x, op->points[0].y + dy - baseline);
  if (op->text_width > 0 && width > 0 && fabs (op->text_width / width - 1) > 0.02)
    cairo_scale (cr, op->text_width / width, 1.0);
  pango_cairo_show_layout (cr, cache->layout);
  cairo_restore (cr);
}

static void
path_op (DossierGraphView               *self,
         cairo_t                        *cr,
         const DossierGraphOp           *op,
         const DossierGraphEdgeGeometry *edge,
         double                          dx,
         double                          dy)
{
  double x, y;

  cairo_new_path (cr);
  switch (op->kind)
    {
    case DOSSIER_GRAPH_OP_ELLIPSE:
      if (op->n_points == 0 || op->rx <= 0 || op->ry <= 0)
        return;
      cairo_save (cr);
      cairo_translate (cr, op->points[0].x + dx, op->points[0].y + dy);
      cairo_scale (cr, op->rx, op->ry);
      cairo_arc (cr, 0, 0, 1, 0, 2 * G_PI);
      cairo_restore (cr);
      break;

    case DOSSIER_GRAPH_OP_POLYGON:
    case DOSSIER_GRAPH_OP_POLYLINE:
      for (guint j = 0; j < op->n_points; j++)
        {
          x = op->points[j].x + dx;
          y = op->points[j].y + dy;
          if (edge != NULL)
            warp (self, edge, op->n_points > 1 ? (double) j / (op->n_points - 1) : 0, &x, &y);
          if (j == 0)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
        }
      if (op->kind == DOSSIER_GRAPH_OP_POLYGON)
        cairo_close_path (cr);
      break;

    case DOSSIER_GRAPH_OP_BEZIER:
      if (op->n_points == 0)
        return;
      x = op->points[0].x + dx;
      y = op->points[0].y + dy;
      if (edge != NULL)
        warp (self, edge, 0, &x, &y);
      cairo_move_to (cr, x, y);
      for (guint j = 1; j + 2 < op->n_points; j += 3)
        {
          double p[6];

          for (guint k = 0; k < 3; k++)
            {
              p[2 * k] = op->points[j + k].x + dx;
              p[2 * k + 1] = op->points[j + k].y + dy;
              if (edge != NULL)
                warp (self, edge, (double) (j + k) / (op->n_points - 1), &p[2 * k], &p[2 * k + 1]);
            }
          cairo_curve_to (cr, p[0], p[1], p[2], p[3], p[4], p[5]);
        }
      if (op->filled)
        cairo_close_path (cr);
      break;

    case DOSSIER_GRAPH_OP_TEXT:
    default:
      break;
    }
}

static void
draw_op_list (DossierGraphView               *self,
              cairo_t                        *cr,
              TextCache                      *text,
              const DrawStyle                *style,
              const DossierGraphOpList       *list,
              const DossierGraphEdgeGeometry *edge,
              double                          dx,
              double                          dy,
              double                          alpha,
              const GdkRGBA                  *override,
              double                          extra_width)
{
  for (guint i = 0; i < list->n_ops; i++)
    {
      const DossierGraphOp *op = &list->ops[i];
      DossierGraphColor pen = edge != NULL ? edge_color (style, &op->pen) : op->pen;
      DossierGraphColor fill = edge != NULL ? edge_color (style, &op->fill) : op->fill;
      const double *dash;

      if (override != NULL)
        {
          pen = (DossierGraphColor) { override->red, override->green, override->blue, override->alpha };
          if (edge != NULL)
            fill = pen;
        }

      if (op->kind == DOSSIER_GRAPH_OP_TEXT)
        {
          if (op->font_size * style->scale < MIN_TEXT_PX)
            continue;
          set_color (cr, override != NULL && edge == NULL ? &op->pen : &pen, alpha);
          draw_text (self, cr, text, op, dx, dy);
          continue;
        }

      path_op (self, cr, op, op->kind == DOSSIER_GRAPH_OP_BEZIER || op->kind == DOSSIER_GRAPH_OP_POLYLINE
               || (op->kind == DOSSIER_GRAPH_OP_POLYGON && edge != NULL && list == &edge->draw)
               ? edge : NULL, dx, dy);
      if (op->filled)
        {
          set_color (cr, &fill, alpha);
          if (op->line_style == DOSSIER_GRAPH_LINE_INVISIBLE)
            {
              cairo_fill (cr);
              continue;
            }
          cairo_fill_preserve (cr);
        }
      if (op->line_style == DOSSIER_GRAPH_LINE_INVISIBLE)
        {
          cairo_new_path (cr);
          continue;
        }
      dash = set_line (cr, op, style->scale, extra_width);
      if (dash != NULL && (dash[0] + dash[1]) * style->scale < MIN_DASH_PX)
        {
          /* Level of detail: dashes too fine to tell apart are a solid line
           * as light as they would look. */
          set_color (cr, &pen, alpha * dash[0] / (dash[0] + dash[1]));
          cairo_set_dash (cr, NULL, 0, 0);
          cairo_stroke (cr);
          continue;
        }
      set_color (cr, &pen, alpha);
      if (dash != NULL && edge != NULL)
        _dossier_graph_view_stroke_dashed (cr, dash);
      else
        {
          cairo_set_dash (cr, dash, dash != NULL ? 2 : 0, 0);
          cairo_stroke (cr);
        }
    }
}

static double
op_list_extent (const DossierGraphOpList *list)
{
  Box box = { G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE };

  add_ops_to_box (&box, list, 0, 0);
  return box.x0 > box.x1 ? 0 : MAX (box.x1 - box.x0, box.y1 - box.y0);
}

void
_dossier_graph_view_draw_edge (DossierGraphView *self,
                               cairo_t          *cr,
                               const DrawStyle  *style,
                               guint             index,
                               gboolean          emphasis)
{
  const DossierGraphEdgeGeometry *edge = &self->geometry->edges[index];
  TextCache text = { NULL, };
  double alpha = 1.0;
  double tx = self->off_x[edge->tail], ty = self->off_y[edge->tail];
  double hx = self->off_x[edge->head], hy = self->off_y[edge->head];
  gboolean touches = ((self->flags[edge->tail] | self->flags[edge->head]) & NODE_SELECTED) != 0;
  const GdkRGBA *override = emphasis ? &style->accent : NULL;

  if (style->any_selected && !touches && !emphasis)
    alpha = 0.18;

  draw_op_list (self, cr, &text, style, &edge->draw, edge, 0, 0, alpha, override,
                emphasis ? 1.5 : touches ? 0.8 : 0);
  if (op_list_extent (&edge->head_draw) * style->scale >= MIN_ARROW_PX)
    draw_op_list (self, cr, &text, style, &edge->head_draw, NULL, hx, hy, alpha, override, 0);
  if (op_list_extent (&edge->tail_draw) * style->scale >= MIN_ARROW_PX)
    draw_op_list (self, cr, &text, style, &edge->tail_draw, NULL, tx, ty, alpha, override, 0);
  draw_op_list (self, cr, &text, style, &edge->label_draw, NULL, (tx + hx) / 2, (ty + hy) / 2,
                alpha, NULL, 0);

  text.layout = NULL;
  g_clear_pointer (&text.font, pango_font_description_free);
}

static void
outline_node (cairo_t       *cr,
              const Box     *box,
              double         scale,
              const GdkRGBA *color,
              double         width_px)
{
  double pad = (width_px / 2 + 2) / scale;

  cairo_new_path (cr);
  cairo_rectangle (cr, box->x0 - pad, box->y0 - pad,
                   box->x1 - box->x0 + 2 * pad, box->y1 - box->y0 + 2 * pad);
  gdk_cairo_set_source_rgba (cr, color);
  cairo_set_line_width (cr, width_px / scale);
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_stroke (cr);
}

static void
draw_node_full (DossierGraphView *self,
                cairo_t          *cr,
                TextCache        *text,
                const DrawStyle  *style,
                guint             index,
                gboolean          emphasis)
{
  const DossierGraphNodeGeometry *node = &self->geometry->nodes[index];
  const Box *box = &self->node_box[index];
  guint8 flags = self->flags[index];
  double alpha = 1.0;
  double dx = self->off_x[index], dy = self->off_y[index];

  if (flags & NODE_HIDDEN)
    return;
  if (style->any_selected && !(flags & (NODE_SELECTED | NODE_NEIGHBOUR)) && !emphasis)
    alpha = 0.25;

  if ((box->x1 - box->x0) * style->scale < MIN_SHAPE_PX
      && (box->y1 - box->y0) * style->scale < MIN_SHAPE_PX)
    {
      /* Level of detail: a dot of the node's fill colour. */
      const DossierGraphColor *fill = NULL;

      for (guint i = 0; i < node->draw.n_ops && fill == NULL; i++)
        if (node->draw.ops[i].filled)
          fill = &node->draw.ops[i].fill;
      cairo_new_path (cr);
      cairo_rectangle (cr, box->x0, box->y0,
                       MAX (box->x1 - box->x0, 1.5 / style->scale),
                       MAX (box->y1 - box->y0, 1.5 / style->scale));
      if (fill != NULL)
        set_color (cr, fill, alpha);
      else
        cairo_set_source_rgba (cr, 0.5, 0.5, 0.5, alpha);
      cairo_fill (cr);
    }
  else
    {
      draw_op_list (self, cr, text, style, &node->draw, NULL, dx, dy, alpha, NULL,
                    emphasis ? 1.0 : 0);
      draw_op_list (self, cr, text, style, &node->label_draw, NULL, dx, dy, alpha, NULL, 0);
    }

  if (flags & NODE_MATCH)
    outline_node (cr, box, style->scale, &style->match, 3.0);
  if (flags & NODE_SELECTED)
    outline_node (cr, box, style->scale, &style->accent, 3.0);
  if (flags & NODE_PINNED)
    {
      double r = 3.0 / style->scale;

      cairo_new_path (cr);
      cairo_arc (cr, box->x1, box->y0, r, 0, 2 * G_PI);
      gdk_cairo_set_source_rgba (cr, &style->accent);
      cairo_fill (cr);
    }
}

void
_dossier_graph_view_draw_node (DossierGraphView *self,
                               cairo_t          *cr,
                               const DrawStyle  *style,
                               guint             index,
                               gboolean          emphasis)
{
  TextCache text = { NULL, };

  draw_node_full (self, cr, &text, style, index, emphasis);
  text.layout = NULL;
  g_clear_pointer (&text.font, pango_font_description_free);
}

void
_dossier_graph_view_draw_items (DossierGraphView *self,
                                cairo_t          *cr,
                                const DrawStyle  *style,
                                GArray           *nodes,
                                GArray           *edges)
{
  TextCache text = { NULL, };

  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  /* Graphviz's order: edges first, then nodes over them. */
  for (guint k = 0; edges != NULL && k < edges->len; k++)
    {
      guint i = g_array_index (edges, guint, k);

      /* Lines share one layout-free path; only labels need text. */
      _dossier_graph_view_draw_edge (self, cr, style, i, FALSE);
    }
  for (guint k = 0; nodes != NULL && k < nodes->len; k++)
    draw_node_full (self, cr, &text, style, g_array_index (nodes, guint, k), FALSE);

  text.layout = NULL;
  g_clear_pointer (&text.font, pango_font_description_free);
}

/* Tiles
 *
 * A tile is a cairo image of TILE_SIZE² device pixels of the graph at one scale.
 * When the zoom is settled, tiles are drawn at exactly the zoom, so that a frame
 * only copies whole pixels; while the user zooms, the tiles of the last settled
 * zoom are scaled (bilinear) and no new scale is drawn until the zoom rests. */

static guint
tile_hash (gconstpointer data)
{
  const Tile *tile = data;
  gint64 bits;

  memcpy (&bits, &tile->scale, sizeof bits);
  return (guint) (bits ^ (bits >> 32)) ^ ((guint) tile->ix * 73856093u) ^ ((guint) tile->iy * 19349663u);
}

static gboolean
tile_equal (gconstpointer a,
            gconstpointer b)
{
  const Tile *x = a, *y = b;

  return x->scale == y->scale && x->ix == y->ix && x->iy == y->iy;
}

static void
tile_free (gpointer data)
{
  Tile *tile = data;

  g_clear_pointer (&tile->surface, cairo_surface_destroy);
  g_free (tile);
}

GHashTable *
_dossier_graph_view_tiles_new (void)
{
  return g_hash_table_new_full (tile_hash, tile_equal, NULL, tile_free);
}

static Tile *
lookup_tile (DossierGraphView *self,
             double            scale,
             int               ix,
             int               iy)
{
  Tile key = { .scale = scale, .ix = ix, .iy = iy };

  return g_hash_table_lookup (self->tiles, &key);
}

/* The tile composited over the view's background once, here, rather than at
 * every frame: the same OVER of the same pixels onto the same colour, so the
 * same result, but a frame then only copies opaque pixels, which pixman does
 * without blending (about half the cost of a frame's tiles). */
static cairo_surface_t *
opaque_tile (cairo_surface_t *surface,
             guint32          background)
{
  cairo_surface_t *opaque = cairo_image_surface_create (CAIRO_FORMAT_RGB24, TILE_SIZE, TILE_SIZE);
  int stride = cairo_image_surface_get_stride (opaque);
  guchar *data = cairo_image_surface_get_data (opaque);
  cairo_t *cr;

  if (cairo_surface_status (opaque) != CAIRO_STATUS_SUCCESS)
    return cairo_surface_reference (surface);
  for (int y = 0; y < TILE_SIZE; y++)
    {
      guint32 *row = (guint32 *) (gpointer) (data + (gsize) y * stride);

      for (int x = 0; x < TILE_SIZE; x++)
        row[x] = background;
    }
  cairo_surface_mark_dirty (opaque);
  cr = cairo_create (opaque);
  cairo_set_source_surface (cr, surface, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_flush (opaque);
  return opaque;
}

/* Draws one tile. @view may be a frozen copy (RenderState), used from the
 * worker thread: drawing only reads the arrays and the geometry. */
static cairo_surface_t *
draw_tile (DossierGraphView *view,
           const DrawStyle  *style,
           double            scale,
           int               ix,
           int               iy,
           GArray           *nodes,
           GArray           *edges)
{
  double size = TILE_SIZE / scale;
  cairo_surface_t *surface;
  DrawStyle tile_style = *style;
  cairo_t *cr;

  /* Nothing there: a placeholder that frames skip (see tile_is_empty()). */
  if (nodes->len == 0 && edges->len == 0)
    return cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, TILE_SIZE, TILE_SIZE);
  tile_style.scale = scale;
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  cairo_translate (cr, -ix * size, -iy * size);
  _dossier_graph_view_draw_items (view, cr, &tile_style, nodes, edges);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  if (style->opaque)
    {
      cairo_surface_t *opaque = opaque_tile (surface, style->background);

      cairo_surface_destroy (surface);
      surface = opaque;
    }
  return surface;
}

static void
query_tile (DossierGraphView *self,
            double            scale,
            int               ix,
            int               iy,
            GArray           *nodes,
            GArray           *edges)
{
  double size = TILE_SIZE / scale;
  Box box = { ix * size, iy * size, (ix + 1) * size, (iy + 1) * size };

  _dossier_graph_view_grid_query (self, &box, nodes, edges);
}

static cairo_surface_t *
render_tile (DossierGraphView *self,
             double            scale,
             int               ix,
             int               iy)
{
  g_autoptr(GArray) nodes = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) edges = g_array_new (FALSE, FALSE, sizeof (guint));
  DrawStyle style;

  _dossier_graph_view_get_style (self, &style);
  query_tile (self, scale, ix, iy, nodes, edges);
  self->n_tiles_drawn++;
  return draw_tile (self, &style, scale, ix, iy, nodes, edges);
}


/* Drawing off the main thread
 *
 * A RenderState is a frozen copy of what drawing reads (the view's arrays at one
 * style serial, the geometry), shared by the jobs of that serial. The worker
 * has its own shaped texts. Results for an older serial are dropped. */

struct _RenderState
{
  gatomicrefcount   ref;
  DossierGraphView  copy;
  DrawStyle         style;
  guint             serial;
};

static RenderState *
render_state_ref (RenderState *state)
{
  g_atomic_ref_count_inc (&state->ref);
  return state;
}

static void
render_state_unref (RenderState *state)
{
  if (!g_atomic_ref_count_dec (&state->ref))
    return;
  g_free (state->copy.flags);
  g_free (state->copy.off_x);
  g_free (state->copy.off_y);
  g_free (state->copy.node_box);
  g_free (state->copy.edge_box);
  g_clear_pointer (&state->copy.texts, g_hash_table_unref);
  g_clear_object (&state->copy.pango_context);
  g_clear_pointer (&state->copy.geometry, dossier_graph_geometry_unref);
  g_free (state);
}

static RenderState *
render_state_new (DossierGraphView *self)
{
  RenderState *state = g_new0 (RenderState, 1);
  DossierGraphView *copy = &state->copy;

  g_atomic_ref_count_init (&state->ref);
  copy->geometry = dossier_graph_geometry_ref (self->geometry);
  copy->n_nodes = self->n_nodes;
  copy->n_edges = self->n_edges;
  copy->zoom = self->zoom;
  copy->flags = g_memdup2 (self->flags, MAX (self->n_nodes, 1) * sizeof (guint8));
  copy->off_x = g_memdup2 (self->off_x, MAX (self->n_nodes, 1) * sizeof (double));
  copy->off_y = g_memdup2 (self->off_y, MAX (self->n_nodes, 1) * sizeof (double));
  copy->node_box = g_memdup2 (self->node_box, MAX (self->n_nodes, 1) * sizeof (Box));
  copy->edge_box = g_memdup2 (self->edge_box, MAX (self->n_edges, 1) * sizeof (Box));
  copy->texts = _dossier_graph_view_texts_new ();
  _dossier_graph_view_get_style (self, &state->style);
  state->serial = self->style_serial;
  return state;
}

typedef struct
{
  GWeakRef          view;
  gint             *token;       /* the view's generation, shared */
  gint              generation;
  guint             sequence;
  RenderState      *state;
  double            scale;
  int               ix;
  int               iy;
  GArray           *nodes;
  GArray           *edges;
  cairo_surface_t  *surface;
} TileJob;

static void
tile_job_free (TileJob *job)
{
  g_weak_ref_clear (&job->view);
  g_atomic_rc_box_release (job->token);
  g_clear_pointer (&job->state, render_state_unref);
  g_clear_pointer (&job->nodes, g_array_unref);
  g_clear_pointer (&job->edges, g_array_unref);
  g_clear_pointer (&job->surface, cairo_surface_destroy);
  g_free (job);
}

static Tile *store_tile (DossierGraphView *self, double scale, int ix, int iy, cairo_surface_t *surface);
static void evict_tiles (DossierGraphView *self);

static gboolean
tile_done_cb (gpointer data)
{
  TileJob *job = data;
  g_autoptr(DossierGraphView) self = g_weak_ref_get (&job->view);

  if (self != NULL)
    {
      Tile key = { .scale = job->scale, .ix = job->ix, .iy = job->iy };

      if (job->surface == NULL)
        {
          /* Skipped: no longer wanted when the worker came to it. */
          g_hash_table_remove (self->pending, &key);
          tile_job_free (job);
          return G_SOURCE_REMOVE;
        }

      g_hash_table_remove (self->pending, &key);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      /* Only what is still true: the same graph, the same styles. */
      if (job->state->serial == self->style_serial && job->state->copy.geometry == self->geometry)
        {
          Tile *tile = g_hash_table_lookup (self->tiles, &key);

          if (tile != NULL)
            g_hash_table_remove (self->tiles, tile);
          store_tile (self, job->scale, job->ix, job->iy, g_steal_pointer (&job->surface));
          self->n_tiles_drawn++;
          evict_tiles (self);
          gtk_widget_queue_draw (GTK_WIDGET (self));
        }
    }
  tile_job_free (job);
  return G_SOURCE_REMOVE;
}

static void
tile_worker (gpointer data,
             gpointer user_data)
{
  TileJob *job = data;
  static GPrivate lowered;

  /* The pool's one thread is its own (an exclusive pool): it yields to the
   * main thread whenever both want a core, so that drawing tiles ahead never
   * delays a frame. */
  if (g_private_get (&lowered) == NULL)
    {
      setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), 10);
      g_private_set (&lowered, GINT_TO_POINTER (1));
    }

  /* The view has moved to another scale or style since: skip the job. */
  if (g_atomic_int_get (job->token) != job->generation)
    {
      g_idle_add_full (G_PRIORITY_DEFAULT, tile_done_cb, job, NULL);
      return;
    }
  job->surface = draw_tile (&job->state->copy, &job->state->style, job->scale,
                            job->ix, job->iy, job->nodes, job->edges);
  g_idle_add_full (G_PRIORITY_DEFAULT, tile_done_cb, job, NULL);
}

static int
newest_first (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const TileJob *x = a, *y = b;

  return x->sequence < y->sequence ? 1 : x->sequence > y->sequence ? -1 : 0;
}

static GThreadPool *
get_pool (void)
{
  static GThreadPool *pool;

  /* One worker: the machine's other core is the main thread's. The newest
   * jobs first: they are what the user looks at now. Exclusive, so that its
   * lowered priority stays with tile drawing. */
  if (g_once_init_enter (&pool))
    {
      GThreadPool *new_pool = g_thread_pool_new (tile_worker, NULL, 1, TRUE, NULL);

      g_thread_pool_set_sort_function (new_pool, newest_first, NULL);
      g_once_init_leave (&pool, new_pool);
    }
  return pool;
}

void
_dossier_graph_view_forget_render_state (DossierGraphView *self)
{
  g_clear_pointer (&self->render_state, render_state_unref);
  if (self->pending != NULL)
    g_hash_table_remove_all (self->pending);
}

static void
queue_tile (DossierGraphView *self,
            double            scale,
            int               ix,
            int               iy)
{
  TileJob *job;
  Tile *key;

  if (self->pending == NULL)
    self->pending = g_hash_table_new_full (tile_hash, tile_equal, g_free, NULL);
  {
    Tile probe = { .scale = scale, .ix = ix, .iy = iy };

    if (g_hash_table_contains (self->pending, &probe))
      return;
  }
  if (self->render_state == NULL || self->render_state->serial != self->style_serial
      || self->render_state->copy.geometry != self->geometry)
    {
      g_clear_pointer (&self->render_state, render_state_unref);
      self->render_state = render_state_new (self);
    }

  if (self->token == NULL)
    self->token = g_atomic_rc_box_new0 (gint);
  if (self->token_scale != scale || self->token_serial != self->style_serial)
    {
      /* Jobs for another scale or style are not wanted any more. */
      g_atomic_int_inc (self->token);
      self->token_scale = scale;
      self->token_serial = self->style_serial;
      g_hash_table_remove_all (self->pending);
    }

  job = g_new0 (TileJob, 1);
  g_weak_ref_init (&job->view, self);
  job->token = g_atomic_rc_box_acquire (self->token);
  job->generation = g_atomic_int_get (self->token);
  job->sequence = ++self->job_sequence;
  job->state = render_state_ref (self->render_state);
  job->scale = scale;
  job->ix = ix;
  job->iy = iy;
  job->nodes = g_array_new (FALSE, FALSE, sizeof (guint));
  job->edges = g_array_new (FALSE, FALSE, sizeof (guint));
  query_tile (self, scale, ix, iy, job->nodes, job->edges);

  key = g_new0 (Tile, 1);
  key->scale = scale;
  key->ix = ix;
  key->iy = iy;
  g_hash_table_add (self->pending, key);
  g_thread_pool_push (get_pool (), job, NULL);
}

static void
evict_tiles (DossierGraphView *self)
{
  while (g_hash_table_size (self->tiles) > MAX_TILES)
    {
      GHashTableIter iter;
      gpointer key, value, oldest_key = NULL;
      gint64 oldest = G_MAXINT64;

      g_hash_table_iter_init (&iter, self->tiles);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (((Tile *) value)->used < oldest)
          {
            oldest = ((Tile *) value)->used;
            oldest_key = key;
          }
      g_hash_table_remove (self->tiles, oldest_key);
    }
}

static Tile *
store_tile (DossierGraphView *self,
            double            scale,
            int               ix,
            int               iy,
            cairo_surface_t  *surface)
{
  Tile *tile = g_new0 (Tile, 1);

  tile->scale = scale;
  tile->ix = ix;
  tile->iy = iy;
  tile->surface = surface;
  tile->serial = self->style_serial;
  tile->used = ++self->use_clock;
  g_hash_table_replace (self->tiles, tile, tile);
  return tile;
}

static gboolean
tile_idle_cb (gpointer user_data)
{
  DossierGraphView *self = user_data;

  self->tile_idle_id = 0;
  /* The next frame draws what is missing within its budget, and asks again. */
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return G_SOURCE_REMOVE;
}

static void
schedule_tiles (DossierGraphView *self)
{
  if (self->tile_idle_id == 0)
    self->tile_idle_id = g_timeout_add_full (G_PRIORITY_DEFAULT_IDLE, 30, tile_idle_cb, self, NULL);
}

void
_dossier_graph_view_invalidate (DossierGraphView *self)
{
  self->style_serial++;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* On X11, GTK 4.8's cairo renderer draws each frame into a client-side image
 * and cairo-xlib sends it to the X server through shared memory, taken from a
 * pool of segments that cairo destroys as soon as nothing in it is in use.
 * Between two frames nothing is, so every frame created a new segment and
 * faulted in and cleared all its pages again, then unmapped it: about half of
 * the main thread's time in a frame, the same for every window. A block held
 * in the pool keeps it alive, and later frames reuse the pages of the earlier
 * ones. cairo sizes a pool when it creates it (eight times the block that
 * asked), so a block as large as the window creates the pool, a small one is
 * then taken from it and kept on the display, and the large one is given back
 * for the frames to use. A larger window does it again. */
#ifdef HAVE_X11_SHM_POOL
typedef struct
{
  cairo_surface_t *block;
  int              width;   /* the window size the pool was made for */
  int              height;
} ShmPin;

static void
shm_pin_free (gpointer data)
{
  ShmPin *pin = data;

  cairo_surface_destroy (pin->block);
  g_free (pin);
}

/* Before the X connection closes, while cairo can still give the block back. */
static void
display_closed_cb (GdkDisplay *display,
                   gboolean    is_error)
{
  g_object_set_data (G_OBJECT (display), "dossier-shm-pool-pin", NULL);
}
#endif

void
_dossier_graph_view_keep_shm_pool (DossierGraphView *self)
{
#ifdef HAVE_X11_SHM_POOL
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
  GdkSurface *surface = native != NULL ? gtk_native_get_surface (native) : NULL;
  cairo_surface_t *root, *large;
  GdkDisplay *display;
  Display *xdisplay;
  ShmPin *pin;
  int scale, width, height, screen;

  /* Only cairo's renderer sends frames through cairo-xlib. */
  if (surface == NULL || !GSK_IS_CAIRO_RENDERER (gtk_native_get_renderer (native)))
    return;
  display = gdk_surface_get_display (surface);
  if (!GDK_IS_X11_DISPLAY (display))
    return;
  scale = gdk_surface_get_scale_factor (surface);
  width = gdk_surface_get_width (surface) * scale;
  height = gdk_surface_get_height (surface) * scale;
  pin = g_object_get_data (G_OBJECT (display), "dossier-shm-pool-pin");
  if (width <= 0 || height <= 0 || (pin != NULL && pin->width >= width && pin->height >= height))
    return;
  if (pin != NULL)
    {
      width = MAX (width, pin->width);
      height = MAX (height, pin->height);
    }
  else
    g_signal_connect (display, "closed", G_CALLBACK (display_closed_cb), NULL);

  xdisplay = gdk_x11_display_get_xdisplay (display);
  screen = DefaultScreen (xdisplay);
  root = cairo_xlib_surface_create (xdisplay, RootWindow (xdisplay, screen),
                                    DefaultVisual (xdisplay, screen), 1, 1);
  /* Without shared memory (a remote display) these are plain images, and
   * only the small one is kept. */
  large = cairo_surface_create_similar_image (root, CAIRO_FORMAT_ARGB32, width, height);
  pin = g_new0 (ShmPin, 1);
  pin->block = cairo_surface_create_similar_image (root, CAIRO_FORMAT_ARGB32, 32, 32);
  pin->width = width;
  pin->height = height;
  cairo_surface_destroy (large);
  cairo_surface_destroy (root);
  g_object_set_data_full (G_OBJECT (display), "dossier-shm-pool-pin", pin, shm_pin_free);
#endif
}

/* Tiles carry the view's background when it is one opaque colour (as with
 * Adwaita's .view): the CSS background is rendered into a small image and
 * looked at. Anything else (translucent, a gradient, an image) keeps the
 * tiles transparent. A change redraws the tiles. */
static void
update_background (DossierGraphView *self)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));
  cairo_surface_t *probe = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 4, 4);
  gboolean opaque = !self->transparent_tiles;
  guint32 pixel = 0;
  cairo_t *cr;

  self->background_checked = TRUE;
  cr = cairo_create (probe);
  gtk_render_background (context, cr, 0, 0, 4, 4);
  cairo_destroy (cr);
  cairo_surface_flush (probe);
  if (cairo_surface_status (probe) != CAIRO_STATUS_SUCCESS)
    opaque = FALSE;
  else
    {
      const guchar *data = cairo_image_surface_get_data (probe);
      int stride = cairo_image_surface_get_stride (probe);

      pixel = *(const guint32 *) (gconstpointer) data;
      for (int y = 0; y < 4 && opaque; y++)
        for (int x = 0; x < 4 && opaque; x++)
          {
            guint32 p = ((const guint32 *) (gconstpointer) (data + (gsize) y * stride))[x];

            opaque = p == pixel && (p >> 24) == 0xff;
          }
    }
  cairo_surface_destroy (probe);
  if (!opaque)
    pixel = 0;
  if (opaque != self->opaque_tiles || pixel != self->background)
    {
      /* Called while drawing: the tiles of this frame are drawn anew. */
      self->opaque_tiles = opaque;
      self->background = pixel;
      self->style_serial++;
    }
}

void
_dossier_graph_view_background_changed (DossierGraphView *self)
{
  self->background_checked = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Paints @surface, whose top left corner is at device (x, y) and which spans
 * @w × @h device pixels, into the device rectangle @clip. */
static void
paint_surface (cairo_t         *cr,
               cairo_surface_t *surface,
               double           x,
               double           y,
               double           w,
               double           h,
               const Box       *clip)
{
  cairo_pattern_t *pattern = cairo_pattern_create_for_surface (surface);
  cairo_matrix_t matrix;
  gboolean exact = w == TILE_SIZE && h == TILE_SIZE;

  cairo_matrix_init_scale (&matrix, TILE_SIZE / w, TILE_SIZE / h);
  cairo_matrix_translate (&matrix, -x, -y);
  cairo_pattern_set_matrix (pattern, &matrix);
  cairo_pattern_set_filter (pattern, exact ? CAIRO_FILTER_NEAREST : CAIRO_FILTER_BILINEAR);
  cairo_pattern_set_extend (pattern, exact ? CAIRO_EXTEND_NONE : CAIRO_EXTEND_PAD);
  cairo_set_source (cr, pattern);
  cairo_rectangle (cr, clip->x0, clip->y0, clip->x1 - clip->x0, clip->y1 - clip->y0);
  cairo_fill (cr);
  cairo_pattern_destroy (pattern);
}

static void
remember_scale (DossierGraphView *self,
                double            scale)
{
  guint n = G_N_ELEMENTS (self->recent_scales);

  if (self->recent_scales[0] == scale)
    return;
  memmove (&self->recent_scales[1], &self->recent_scales[0], sizeof (double) * (n - 1));
  self->recent_scales[0] = scale;
}

/* One tile's part of a frame. */
typedef struct
{
  Tile   *tile;
  double  x;      /* the tile's top left corner and size, in device pixels */
  double  y;
  double  size;
  Box     clip;
} TilePaint;

static void
add_paint (GArray    *paints,
           Tile      *tile,
           double     x,
           double     y,
           double     size,
           const Box *clip)
{
  TilePaint paint = { tile, x, y, size, *clip };

  if (tile_is_empty (tile) || clip->x0 >= clip->x1 || clip->y0 >= clip->y1)
    return;
  g_array_append_val (paints, paint);
}

/* Finds, in place of a missing tile, a tile of another recent scale that holds
 * what is there, and adds it clipped to @rect; FALSE when none is cached. */
static gboolean
add_fallback (DossierGraphView *self,
              GArray           *paints,
              double            zoom_dev,
              double            offset_x,
              double            offset_y,
              const Box        *rect)
{
  double gx = ((rect->x0 + rect->x1) / 2 - offset_x) / zoom_dev;
  double gy = ((rect->y0 + rect->y1) / 2 - offset_y) / zoom_dev;

  for (guint k = 0; k < G_N_ELEMENTS (self->recent_scales); k++)
    {
      double scale = self->recent_scales[k];
      double size, x, y;
      int ix, iy;
      Tile *tile;
      Box clip;

      if (scale <= 0)
        continue;
      size = TILE_SIZE / scale;
      ix = (int) floor (gx / size);
      iy = (int) floor (gy / size);
      if ((tile = lookup_tile (self, scale, ix, iy)) == NULL)
        continue;
      x = ix * size * zoom_dev + offset_x;
      y = iy * size * zoom_dev + offset_y;
      clip = (Box) {
        MAX (rect->x0, x), MAX (rect->y0, y),
        MIN (rect->x1, x + size * zoom_dev), MIN (rect->y1, y + size * zoom_dev)
      };
      tile->used = ++self->use_clock;
      add_paint (paints, tile, x, y, size * zoom_dev, &clip);
      return TRUE;
    }
  return FALSE;
}

/* A frame is one cairo node per tile it shows, each no larger than the part
 * of its tile in view. The cairo renderer replays a cairo node into a new
 * image of the node's size and then composites that image over the window's:
 * with one node over the whole view, that image was as large as the window,
 * so every frame allocated, cleared and composited another 4 MB that glibc
 * handed back to the kernel after the frame (and faulted in again at the
 * next, with the window's own image beside it). A tile's image is 256 KB:
 * it stays in the cache and on the heap. Empty tiles are left out, and each
 * tile is copied into its image with CAIRO_OPERATOR_SOURCE. (Texture nodes
 * would be worse in GTK 4.8: the cairo renderer converts a texture's every
 * pixel through floats on each frame.) */
void
_dossier_graph_view_snapshot_tiles (DossierGraphView *self,
                                    GtkSnapshot      *snapshot,
                                    int               width,
                                    int               height)
{
  int scale_factor = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  double zoom_dev = self->zoom * scale_factor;
  double offset_x = self->offset_x * scale_factor, offset_y = self->offset_y * scale_factor;
  double scale, size;
  int ix0, ix1, iy0, iy1;
  gint64 start = g_get_monotonic_time ();
  gboolean missing = FALSE;
  g_autoptr(GArray) paints = NULL;
  cairo_t *cr;
  Box all;

  _dossier_graph_view_keep_shm_pool (self);
  if (!self->background_checked)
    update_background (self);
  if (self->geometry == NULL || self->n_nodes == 0)
    return;
  if (!self->grid_valid)
    _dossier_graph_view_grid_build (self);

  /* While zooming, the last settled scale, unless it has become too coarse or
   * too fine to stand in. */
  if (!self->zooming || self->anchor_scale <= 0
      || zoom_dev / self->anchor_scale > 1.6 || zoom_dev / self->anchor_scale < 0.4)
    self->anchor_scale = zoom_dev;
  scale = self->anchor_scale;
  size = TILE_SIZE / scale;
  remember_scale (self, scale);

  ix0 = (int) floor ((-offset_x / zoom_dev) / size);
  iy0 = (int) floor ((-offset_y / zoom_dev) / size);
  ix1 = (int) floor (((width * scale_factor - offset_x) / zoom_dev) / size);
  iy1 = (int) floor (((height * scale_factor - offset_y) / zoom_dev) / size);
  /* Only tiles over the graph itself. */
  all.x0 = self->grid.x0;
  all.y0 = self->grid.y0;
  all.x1 = self->grid.x0 + self->grid.cols * self->grid.cell;
  all.y1 = self->grid.y0 + self->grid.rows * self->grid.cell;
  ix0 = MAX (ix0, (int) floor (all.x0 / size));
  iy0 = MAX (iy0, (int) floor (all.y0 / size));
  ix1 = MIN (ix1, (int) floor (all.x1 / size));
  iy1 = MIN (iy1, (int) floor (all.y1 / size));
  if (ix0 > ix1 || iy0 > iy1)
    return;

  paints = g_array_sized_new (FALSE, FALSE, sizeof (TilePaint), (ix1 - ix0 + 1) * (iy1 - iy0 + 1));
  for (int iy = iy0; iy <= iy1; iy++)
    for (int ix = ix0; ix <= ix1; ix++)
      {
        Tile *tile = lookup_tile (self, scale, ix, iy);
        /* Edges snapped to whole pixels, shared by neighbouring tiles: no seams. */
        Box rect = {
          round (ix * size * zoom_dev + offset_x), round (iy * size * zoom_dev + offset_y),
          round ((ix + 1) * size * zoom_dev + offset_x), round ((iy + 1) * size * zoom_dev + offset_y)
        };

        /* Off the view: the rounding above may reach a pixel past it. */
        rect.x0 = MAX (rect.x0, 0);
        rect.y0 = MAX (rect.y0, 0);
        rect.x1 = MIN (rect.x1, width * scale_factor);
        rect.y1 = MIN (rect.y1, height * scale_factor);

        if (tile == NULL || tile->serial != self->style_serial)
          {
            gboolean in_budget = g_get_monotonic_time () - start < FRAME_BUDGET_US;

            /* What another scale can stand in for is drawn by the worker. */
            /* Moving nodes (a glide, a drag) need this frame's positions. */
            if (self->threaded && self->anim_id == 0 && self->drag_mode != DRAG_NODE
                && g_hash_table_size (self->tiles) > 0)
              {
                /* Another scale stands in, or the place stays empty for the
                 * moment; only the very first frame draws its tiles itself. */
                add_fallback (self, paints, zoom_dev, offset_x, offset_y, &rect);
                queue_tile (self, scale, ix, iy);
                continue;
              }
            if (!in_budget && add_fallback (self, paints, zoom_dev, offset_x, offset_y, &rect))
              {
                missing = TRUE;
                continue;
              }
            if (tile != NULL)
              g_hash_table_remove (self->tiles, tile);
            tile = store_tile (self, scale, ix, iy, render_tile (self, scale, ix, iy));
          }
        tile->used = ++self->use_clock;
        if (fabs (size * zoom_dev - TILE_SIZE) < 1e-6)
          {
            /* At the settled zoom a tile spans exactly its pixels from a
             * whole pixel: a plain copy, no filtering. */
            add_paint (paints, tile, round (ix * size * zoom_dev + offset_x),
                       round (iy * size * zoom_dev + offset_y), TILE_SIZE, &rect);
          }
        else
          add_paint (paints, tile, ix * size * zoom_dev + offset_x, iy * size * zoom_dev + offset_y,
                     size * zoom_dev, &rect);
      }

  for (guint k = 0; k < paints->len; k++)
    {
      const TilePaint *paint = &g_array_index (paints, TilePaint, k);
      double sf = scale_factor;

      cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (paint->clip.x0 / sf, paint->clip.y0 / sf,
                                                                     (paint->clip.x1 - paint->clip.x0) / sf,
                                                                     (paint->clip.y1 - paint->clip.y0) / sf));
      cairo_scale (cr, 1.0 / sf, 1.0 / sf);
      cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
      paint_surface (cr, paint->tile->surface, paint->x, paint->y, paint->size, paint->size, &paint->clip);
      cairo_destroy (cr);
    }

  evict_tiles (self);
  if (missing)
    schedule_tiles (self);
}
