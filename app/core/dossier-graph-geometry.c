/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <math.h>
#include <string.h>

#include "dossier-graph-private.h"

G_DEFINE_BOXED_TYPE (DossierGraphGeometry, dossier_graph_geometry,
                     dossier_graph_geometry_ref, dossier_graph_geometry_unref)

static void
geometry_clear (DossierGraphGeometry *self)
{
  _dossier_graph_op_list_clear (&self->draw);
  for (guint i = 0; i < self->n_nodes; i++)
    {
      DossierGraphNodeGeometry *node = &self->nodes[i];

      g_free (node->key);
      g_free (node->label);
      g_free (node->kind);
      _dossier_graph_op_list_clear (&node->draw);
      _dossier_graph_op_list_clear (&node->label_draw);
    }
  for (guint i = 0; i < self->n_edges; i++)
    {
      DossierGraphEdgeGeometry *edge = &self->edges[i];

      g_free (edge->spline);
      g_free (edge->label);
      g_strfreev (edge->kinds);
      _dossier_graph_op_list_clear (&edge->draw);
      _dossier_graph_op_list_clear (&edge->head_draw);
      _dossier_graph_op_list_clear (&edge->tail_draw);
      _dossier_graph_op_list_clear (&edge->label_draw);
    }
  g_free (self->nodes);
  g_free (self->edges);
  g_free (self->engine);
  g_clear_pointer (&self->by_key, g_hash_table_unref);
}

DossierGraphGeometry *
_dossier_graph_geometry_new (guint n_nodes,
                             guint n_edges)
{
  DossierGraphGeometry *self = g_atomic_rc_box_new0 (DossierGraphGeometry);

  self->nodes = g_new0 (DossierGraphNodeGeometry, MAX (n_nodes, 1));
  self->n_nodes = n_nodes;
  self->edges = g_new0 (DossierGraphEdgeGeometry, MAX (n_edges, 1));
  self->n_edges = n_edges;

  return self;
}

DossierGraphGeometry *
dossier_graph_geometry_ref (DossierGraphGeometry *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_atomic_rc_box_acquire (self);
}

void
dossier_graph_geometry_unref (DossierGraphGeometry *self)
{
  g_return_if_fail (self != NULL);
  g_atomic_rc_box_release_full (self, (GDestroyNotify) geometry_clear);
}

void
_dossier_graph_geometry_index (DossierGraphGeometry *self)
{
  g_clear_pointer (&self->by_key, g_hash_table_unref);
  self->by_key = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < self->n_nodes; i++)
    if (self->nodes[i].key != NULL)
      g_hash_table_insert (self->by_key, self->nodes[i].key, GUINT_TO_POINTER (i + 1));
}

int
dossier_graph_geometry_node_index (DossierGraphGeometry *self,
                                   const char           *key)
{
  g_return_val_if_fail (self != NULL, -1);

  if (key == NULL || self->by_key == NULL)
    return -1;
  return (int) GPOINTER_TO_UINT (g_hash_table_lookup (self->by_key, key)) - 1;
}

const DossierGraphNodeGeometry *
dossier_graph_geometry_find_node (DossierGraphGeometry *self,
                                  const char           *key)
{
  int index = dossier_graph_geometry_node_index (self, key);

  return index < 0 ? NULL : &self->nodes[index];
}

const DossierGraphNodeGeometry *
dossier_graph_geometry_node_at (DossierGraphGeometry *self,
                                double                x,
                                double                y)
{
  g_return_val_if_fail (self != NULL, NULL);

  /* Later nodes are drawn on top, so they win. */
  for (guint i = self->n_nodes; i > 0; i--)
    {
      const DossierGraphRect *r = &self->nodes[i - 1].bounds;

      if (x >= r->x && x <= r->x + r->width && y >= r->y && y <= r->y + r->height)
        return &self->nodes[i - 1];
    }
  return NULL;
}

gboolean
dossier_graph_color_parse (const char        *spec,
                           DossierGraphColor *color)
{
  static const struct { const char *name; DossierGraphColor color; } names[] = {
    { "black", { 0, 0, 0, 1 } },
    { "white", { 1, 1, 1, 1 } },
    { "transparent", { 1, 1, 1, 0 } },
    { "none", { 0, 0, 0, 0 } },
    { "invis", { 0, 0, 0, 0 } },
  };
  guint values[4] = { 0, 0, 0, 255 };
  gsize len;

  g_return_val_if_fail (color != NULL, FALSE);

  if (spec == NULL)
    return FALSE;

  if (spec[0] != '#')
    {
      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        if (g_ascii_strcasecmp (spec, names[i].name) == 0)
          {
            *color = names[i].color;
            return TRUE;
          }
      return FALSE;
    }

  len = strlen (spec + 1);
  if (len != 6 && len != 8)
    return FALSE;
  for (guint i = 0; i < len / 2; i++)
    {
      int hi = g_ascii_xdigit_value (spec[1 + 2 * i]);
      int lo = g_ascii_xdigit_value (spec[2 + 2 * i]);

      if (hi < 0 || lo < 0)
        return FALSE;
      values[i] = (guint) (hi * 16 + lo);
    }

  color->red = values[0] / 255.0;
  color->green = values[1] / 255.0;
  color->blue = values[2] / 255.0;
  color->alpha = values[3] / 255.0;
  return TRUE;
}

/* xdot ops */

typedef struct
{
  DossierGraphColor      pen;
  DossierGraphColor      fill;
  double                 line_width;
  DossierGraphLineStyle  line_style;
  double                 font_size;
  DossierGraphFontFlags  font_flags;
} DrawState;

static void
apply_style (DrawState  *state,
             const char *style)
{
  g_auto(GStrv) parts = NULL;

  if (style == NULL)
    return;

  /* Graphviz writes one style per op, but a list is valid too. */
  parts = g_strsplit (style, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *s = g_strstrip (parts[i]);

      if (g_str_equal (s, "solid"))
        state->line_style = DOSSIER_GRAPH_LINE_SOLID;
      else if (g_str_equal (s, "dashed"))
        state->line_style = DOSSIER_GRAPH_LINE_DASHED;
      else if (g_str_equal (s, "dotted"))
        state->line_style = DOSSIER_GRAPH_LINE_DOTTED;
      else if (g_str_equal (s, "invis") || g_str_equal (s, "invisible"))
        state->line_style = DOSSIER_GRAPH_LINE_INVISIBLE;
      else if (g_str_equal (s, "bold"))
        state->line_width = 2.0;
      else if (g_str_has_prefix (s, "setlinewidth("))
        {
          double width = g_ascii_strtod (s + strlen ("setlinewidth("), NULL);

          if (isfinite (width) && width >= 0)
            state->line_width = width;
        }
    }
}

static const char *
color_of (const xdot_color *color)
{
  switch (color->type)
    {
    case xd_linear:
      return color->u.ling.n_stops > 0 ? color->u.ling.stops[0].color : NULL;
    case xd_radial:
      return color->u.ring.n_stops > 0 ? color->u.ring.stops[0].color : NULL;
    case xd_none:
    default:
      return color->u.clr;
    }
}

static DossierGraphPoint *
copy_points (const xdot_polyline *line,
             double               top)
{
  DossierGraphPoint *points = g_new (DossierGraphPoint, MAX (line->cnt, 1));

  for (int i = 0; i < line->cnt; i++)
    {
      points[i].x = line->pts[i].x;
      points[i].y = top - line->pts[i].y;
    }
  return points;
}

void
_dossier_graph_op_list_parse (DossierGraphOpList *list,
                              const char         *xdot_text,
                              double              top)
{
  g_autoptr(xdot) parsed = NULL;
  g_autofree char *copy = NULL;
  g_autoptr(GArray) ops = NULL;
  DrawState state = {
    .pen = { 0, 0, 0, 1 },
    .fill = { 0, 0, 0, 1 },
    .line_width = 1.0,
    .line_style = DOSSIER_GRAPH_LINE_SOLID,
    .font_size = 14.0,
  };
  const char *font = "Times-Roman";

  list->ops = NULL;
  list->n_ops = 0;
  if (xdot_text == NULL || *xdot_text == '\0')
    return;

  /* parseXDot takes a non-const buffer. */
  copy = g_strdup (xdot_text);
  if (!(parsed = parseXDot (copy)))
    return;

  ops = g_array_sized_new (FALSE, TRUE, sizeof (DossierGraphOp), parsed->cnt);
  for (int i = 0; i < parsed->cnt; i++)
    {
      const xdot_op *x = &parsed->ops[i];
      DossierGraphOp op = { 0 };
      gboolean emit = TRUE;

      switch (x->kind)
        {
        case xd_filled_ellipse:
        case xd_unfilled_ellipse:
          op.kind = DOSSIER_GRAPH_OP_ELLIPSE;
          op.filled = x->kind == xd_filled_ellipse;
          op.points = g_new (DossierGraphPoint, 1);
          op.points[0].x = x->u.ellipse.x;
          op.points[0].y = top - x->u.ellipse.y;
          op.n_points = 1;
          op.rx = x->u.ellipse.w;
          op.ry = x->u.ellipse.h;
          break;
        case xd_filled_polygon:
        case xd_unfilled_polygon:
          op.kind = DOSSIER_GRAPH_OP_POLYGON;
          op.filled = x->kind == xd_filled_polygon;
          op.points = copy_points (&x->u.polygon, top);
          op.n_points = (guint) MAX (x->u.polygon.cnt, 0);
          break;
        case xd_filled_bezier:
        case xd_unfilled_bezier:
          op.kind = DOSSIER_GRAPH_OP_BEZIER;
          op.filled = x->kind == xd_filled_bezier;
          op.points = copy_points (&x->u.bezier, top);
          op.n_points = (guint) MAX (x->u.bezier.cnt, 0);
          break;
        case xd_polyline:
          op.kind = DOSSIER_GRAPH_OP_POLYLINE;
          op.points = copy_points (&x->u.polyline, top);
          op.n_points = (guint) MAX (x->u.polyline.cnt, 0);
          break;
        case xd_text:
          op.kind = DOSSIER_GRAPH_OP_TEXT;
          op.points = g_new (DossierGraphPoint, 1);
          op.points[0].x = x->u.text.x;
          op.points[0].y = top - x->u.text.y;
          op.n_points = 1;
          op.text = g_strdup (x->u.text.text != NULL ? x->u.text.text : "");
          op.align = x->u.text.align == xd_left ? DOSSIER_GRAPH_ALIGN_LEFT :
                     x->u.text.align == xd_right ? DOSSIER_GRAPH_ALIGN_RIGHT :
                     DOSSIER_GRAPH_ALIGN_CENTER;
          op.text_width = x->u.text.width;
          break;
        case xd_pen_color:
          dossier_graph_color_parse (x->u.color, &state.pen);
          emit = FALSE;
          break;
        case xd_fill_color:
          dossier_graph_color_parse (x->u.color, &state.fill);
          emit = FALSE;
          break;
        case xd_grad_pen_color:
          dossier_graph_color_parse (color_of (&x->u.grad_color), &state.pen);
          emit = FALSE;
          break;
        case xd_grad_fill_color:
          dossier_graph_color_parse (color_of (&x->u.grad_color), &state.fill);
          emit = FALSE;
          break;
        case xd_font:
          font = x->u.font.name != NULL ? x->u.font.name : font;
          state.font_size = x->u.font.size;
          emit = FALSE;
          break;
        case xd_style:
          apply_style (&state, x->u.style);
          emit = FALSE;
          break;
        case xd_fontchar:
          state.font_flags = (DossierGraphFontFlags) (x->u.fontchar & 0x3f);
          emit = FALSE;
          break;
        case xd_image:
        default:
          /* Dossier sets no images; anything else is not drawn. */
          emit = FALSE;
          break;
        }

      if (!emit)
        continue;

      op.pen = op.base_pen = state.pen;
      op.fill = op.base_fill = state.fill;
      op.line_width = op.base_line_width = state.line_width;
      op.line_style = state.line_style;
      if (op.kind == DOSSIER_GRAPH_OP_TEXT)
        {
          op.font = g_strdup (font);
          op.font_size = state.font_size;
          op.font_flags = state.font_flags;
        }
      g_array_append_val (ops, op);
    }

  list->n_ops = ops->len;
  list->ops = (DossierGraphOp *) (gpointer) g_array_free (g_steal_pointer (&ops), list->n_ops == 0);
}

void
_dossier_graph_op_list_clear (DossierGraphOpList *list)
{
  for (guint i = 0; i < list->n_ops; i++)
    {
      g_free (list->ops[i].points);
      g_free (list->ops[i].text);
      g_free (list->ops[i].font);
    }
  g_clear_pointer (&list->ops, g_free);
  list->n_ops = 0;
}

void
_dossier_graph_op_list_translate (DossierGraphOpList *list,
                                  double              dx,
                                  double              dy)
{
  for (guint i = 0; i < list->n_ops; i++)
    for (guint j = 0; j < list->ops[i].n_points; j++)
      {
        list->ops[i].points[j].x += dx;
        list->ops[i].points[j].y += dy;
      }
}

void
_dossier_graph_geometry_translate (DossierGraphGeometry *self,
                                   double                dx,
                                   double                dy)
{
  self->bounds.x += dx;
  self->bounds.y += dy;
  _dossier_graph_op_list_translate (&self->draw, dx, dy);
  for (guint i = 0; i < self->n_nodes; i++)
    {
      DossierGraphNodeGeometry *node = &self->nodes[i];

      node->center.x += dx;
      node->center.y += dy;
      node->bounds.x += dx;
      node->bounds.y += dy;
      _dossier_graph_op_list_translate (&node->draw, dx, dy);
      _dossier_graph_op_list_translate (&node->label_draw, dx, dy);
    }
  for (guint i = 0; i < self->n_edges; i++)
    {
      DossierGraphEdgeGeometry *edge = &self->edges[i];

      for (guint j = 0; j < edge->n_spline; j++)
        {
          edge->spline[j].x += dx;
          edge->spline[j].y += dy;
        }
      edge->head_tip.x += dx;
      edge->head_tip.y += dy;
      edge->tail_tip.x += dx;
      edge->tail_tip.y += dy;
      edge->label_pos.x += dx;
      edge->label_pos.y += dy;
      _dossier_graph_op_list_translate (&edge->draw, dx, dy);
      _dossier_graph_op_list_translate (&edge->head_draw, dx, dy);
      _dossier_graph_op_list_translate (&edge->tail_draw, dx, dy);
      _dossier_graph_op_list_translate (&edge->label_draw, dx, dy);
    }
}
