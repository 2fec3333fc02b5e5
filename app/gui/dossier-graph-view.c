/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>

#include "dossier-json.h"
#include "dossier-graph-view-private.h"
#include "dossier-locale.h"
#include "dossier-saved-views.h"
#include "dossier-entities.h"
#include "dossier-graph-metrics.h"
#include "dossier-kinds.h"
#include "dossier-template-tooltips.h"

G_DEFINE_FINAL_TYPE (DossierGraphView, dossier_graph_view, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_GRAPH,
  PROP_ZOOM,
  PROP_ENGINE,
  PROP_SCOPE,
  N_PROPS
};

enum
{
  NODE_ACTIVATED,
  EDGE_ACTIVATED,
  SELECTION_CHANGED,
  FILTER_CHANGED,
  N_SIGNALS
};


static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void apply_pending_selection (DossierGraphView *self);
static gboolean collapse_centre (DossierGraphView *self,
                                 guint             node);

/* Zoom steps for the wheel and the keys. */
#define ZOOM_STEP       1.25
/* New layouts glide from the old positions for this long. */
#define ANIM_DURATION   350000
/* Above this many nodes a new layout appears at once. */
#define ANIM_MAX_NODES  1500
/* Pointer tolerance for edges, in pixels. */
#define EDGE_TOLERANCE  4.0

static const char *const engines[] = { "dot", "neato", "fdp", "sfdp", "circo", "twopi" };

/* Helpers */

static void reframe            (DossierGraphView *self);
static void update_status_card (DossierGraphView *self);

static gboolean
zoom_label_cb (gpointer user_data)
{
  DossierGraphView *self = user_data;
  g_autofree char *text = NULL;

  self->zoom_label_id = 0;
  /* Translators: the graph's zoom level, e.g. "125 %" */
  text = g_strdup_printf (_("%.0f %%"), self->zoom * 100);
  gtk_label_set_text (self->zoom_label, text);
  return G_SOURCE_REMOVE;
}

/* The label follows the zoom a little later: changing its text lays the toolbar
 * out again, which a frame of pure panning and zooming should not pay for. */
static void
update_zoom_label (DossierGraphView *self)
{
  if (self->zoom_label_id == 0)
    self->zoom_label_id = g_timeout_add (150, zoom_label_cb, self);
}

static gboolean
zoom_settled_cb (gpointer user_data)
{
  DossierGraphView *self = user_data;

  self->zooming_id = 0;
  self->zooming = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return G_SOURCE_REMOVE;
}

static void
set_view (DossierGraphView *self,
          double            zoom,
          double            offset_x,
          double            offset_y)
{
  gboolean zoom_changed = zoom != self->zoom;

  if (zoom == self->zoom && offset_x == self->offset_x && offset_y == self->offset_y)
    return;
  /* Zoomed or panned by the user (or a restored view): the view keeps this
   * zoom when it is resized. */
  if (!self->framing)
    self->auto_frame = FRAME_NONE;
  self->zoom = zoom;
  self->offset_x = offset_x;
  self->offset_y = offset_y;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (zoom_changed)
    {
      /* Tiles at the new scale wait until the zoom rests. */
      self->zooming = TRUE;
      g_clear_handle_id (&self->zooming_id, g_source_remove);
      self->zooming_id = g_timeout_add (200, zoom_settled_cb, self);
      update_zoom_label (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
    }
}

static const DossierGraphNode *
graph_node (DossierGraphView *self,
            guint             index)
{
  return self->graph != NULL && index < dossier_graph_get_n_nodes (self->graph)
         ? dossier_graph_get_node (self->graph, index) : NULL;
}

static void
update_neighbours (DossierGraphView *self)
{
  for (guint i = 0; i < self->n_nodes; i++)
    self->flags[i] &= ~NODE_NEIGHBOUR;
  for (guint i = 0; i < self->n_edges; i++)
    {
      const DossierGraphEdgeGeometry *edge = &self->geometry->edges[i];

      if (self->flags[edge->tail] & NODE_SELECTED)
        self->flags[edge->head] |= NODE_NEIGHBOUR;
      if (self->flags[edge->head] & NODE_SELECTED)
        self->flags[edge->tail] |= NODE_NEIGHBOUR;
    }
}

static void
update_accessible (DossierGraphView *self)
{
  g_autofree char *description = NULL;
  const DossierGraphNode *node = self->focus_node >= 0 ? graph_node (self, self->focus_node) : NULL;

  if (node != NULL)
    /* Translators: accessible description of the graph when a node has the keyboard focus:
     * "UNODC (Organisation), 4 relations. Arrow keys follow its relations." */
    description = g_strdup_printf (dossier_locale_grouped (ngettext ("%s (%s), %u relation. Arrow keys follow its relations, Enter selects, Space expands.",
                                                                     "%s (%s), %u relations. Arrow keys follow its relations, Enter selects, Space expands.",
                                                                     self->degree[self->focus_node])),
                                   node->name, dossier_kinds_get_label (node->kind),
                                   self->degree[self->focus_node]);
  else
    /* Translators: accessible description of the graph: "120 entities and 340 relations" */
    description = g_strdup_printf (dossier_locale_grouped (_("%u entities and %u relations. The Lists view shows the same graph as two lists.")),
                                   self->n_nodes, self->n_edges);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static void
emit_selection_changed (DossierGraphView *self,
                        int               primary)
{
  const DossierGraphNode *node;

  update_neighbours (self);
  _dossier_graph_view_invalidate (self);
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);

  if (self->selection == NULL || primary < 0 || (node = graph_node (self, primary)) == NULL)
    return;
  if (node->entity_id != 0)
    dossier_selection_select_entity (self->selection, node->entity_id, self);
  else if (node->document_id != 0)
    dossier_selection_set_document_id (self->selection, node->document_id);
}

static void
ensure_visible (DossierGraphView *self,
                guint             node)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  graphene_rect_t bounds;
  double dx = 0, dy = 0;

  if (!dossier_graph_view_get_node_bounds (self, node, &bounds) || width <= 0)
    return;
  if (bounds.origin.x < 0)
    dx = -bounds.origin.x + 24;
  else if (bounds.origin.x + bounds.size.width > width)
    dx = width - bounds.origin.x - bounds.size.width - 24;
  if (bounds.origin.y < 0)
    dy = -bounds.origin.y + 24;
  else if (bounds.origin.y + bounds.size.height > height)
    dy = height - bounds.origin.y - bounds.size.height - 24;
  if (dx != 0 || dy != 0)
    dossier_graph_view_pan_by (self, dx, dy);
}

static char *
node_tooltip (DossierGraphView *self,
              guint             index)
{
  const DossierGraphNode *node = graph_node (self, index);

  if (node == NULL)
    return NULL;
  /* Translators: tooltip of a folded graph node that holds N more neighbours */
  return g_strdup_printf (dossier_locale_grouped (ngettext ("%u more neighbour: double-click to show it",
                                                            "%u more neighbours: double-click to show them",
                                                            node->n_folded)), node->n_folded);
}

/* Each count in the tooltip has its own plural form. */
static char *
node_tooltip_full (DossierGraphView *self,
                   guint             index)
{
  const DossierGraphNode *node = graph_node (self, index);
  g_autofree char *mentions = NULL;
  g_autofree char *relations = NULL;

  if (node == NULL || g_strcmp0 (node->kind, "more") == 0)
    return node_tooltip (self, index);
  /* Translators: part of a graph node's tooltip */
  mentions = g_strdup_printf (dossier_locale_grouped (ngettext ("%u mention", "%u mentions", node->n_mentions)), node->n_mentions);
  /* Translators: part of a graph node's tooltip: the node's degree */
  relations = g_strdup_printf (dossier_locale_grouped (ngettext ("%u relation", "%u relations", self->degree[index])),
                               self->degree[index]);
  /* Translators: tooltip of a graph node: its name, then kind, mentions and relations:
   * "United Nations Office on Drugs and Crime\nOrganisation · 12 mentions · 5 relations" */
  return g_strdup_printf (_("%s\n%s · %s · %s"), node->name, dossier_kinds_get_label (node->kind),
                          mentions, relations);
}

static char *
edge_tooltip (DossierGraphView *self,
              guint             index)
{
  const DossierGraphEdge *edge = dossier_graph_get_edge (self->graph, index);
  const DossierGraphNode *tail = graph_node (self, edge->tail);
  const DossierGraphNode *head = graph_node (self, edge->head);
  g_autoptr(GString) kinds = g_string_new (NULL);

  for (guint i = 0; edge->kinds != NULL && edge->kinds[i] != NULL; i++)
    {
      if (i > 0)
        /* Translators: separates relation kinds in a list */
        g_string_append (kinds, C_("list separator", ", "));
      g_string_append (kinds, dossier_kinds_get_relation_label (edge->kinds[i]));
    }
  /* Translators: tooltip of a graph edge: "UNODC — OHCHR\nMentioned together · 3 paragraphs\nClick to read them" */
  return g_strdup_printf (dossier_locale_grouped (ngettext ("%s — %s\n%s · %u paragraph\nClick to read it",
                                                            "%s — %s\n%s · %u paragraphs\nClick to read them", edge->weight)),
                          tail->label != NULL ? tail->label : tail->name,
                          head->label != NULL ? head->label : head->name,
                          kinds->str, edge->weight);
}

/* Keyboard navigation: the neighbour that lies best in the direction asked. */
static int
neighbour_in_direction (DossierGraphView *self,
                        int               from,
                        double            dir_x,
                        double            dir_y,
                        gboolean          follow_edges)
{
  const Box *a = &self->node_box[from];
  double ax = (a->x0 + a->x1) / 2, ay = (a->y0 + a->y1) / 2;
  double best_score = G_MAXDOUBLE;
  int best = -1;

  for (guint k = 0; k < (follow_edges ? self->n_edges : self->n_nodes); k++)
    {
      guint other;
      const Box *b;
      double dx, dy, dist, along, score;

      if (follow_edges)
        {
          const DossierGraphEdgeGeometry *edge = &self->geometry->edges[k];

          if (edge->tail == (guint) from)
            other = edge->head;
          else if (edge->head == (guint) from)
            other = edge->tail;
          else
            continue;
        }
      else
        other = k;
      if (other == (guint) from || (self->flags[other] & NODE_HIDDEN))
        continue;

      b = &self->node_box[other];
      dx = (b->x0 + b->x1) / 2 - ax;
      dy = (b->y0 + b->y1) / 2 - ay;
      dist = sqrt (dx * dx + dy * dy);
      if (dist <= 0)
        continue;
      along = (dx * dir_x + dy * dir_y) / dist;
      /* Within 60° of the direction; straighter and nearer is better. */
      if (along < 0.5)
        continue;
      score = dist * (2.0 - along);
      if (score < best_score)
        {
          best_score = score;
          best = (int) other;
        }
    }
  return best;
}

static int
node_nearest_centre (DossierGraphView *self)
{
  double cx, cy, best = G_MAXDOUBLE;
  int found = -1;

  dossier_graph_view_widget_to_graph (self, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
                                      gtk_widget_get_height (GTK_WIDGET (self)) / 2.0, &cx, &cy);
  for (guint i = 0; i < self->n_nodes; i++)
    {
      const Box *b = &self->node_box[i];
      double dx = (b->x0 + b->x1) / 2 - cx, dy = (b->y0 + b->y1) / 2 - cy;

      if ((self->flags[i] & NODE_HIDDEN) == 0 && dx * dx + dy * dy < best)
        {
          best = dx * dx + dy * dy;
          found = (int) i;
        }
    }
  return found;
}

static void
free_node_arrays (DossierGraphView *self)
{
  g_clear_pointer (&self->flags, g_free);
  g_clear_pointer (&self->off_x, g_free);
  g_clear_pointer (&self->off_y, g_free);
  g_clear_pointer (&self->anim_from_x, g_free);
  g_clear_pointer (&self->anim_from_y, g_free);
  g_clear_pointer (&self->node_box, g_free);
  g_clear_pointer (&self->edge_box, g_free);
  g_clear_pointer (&self->degree, g_free);
  _dossier_graph_view_grid_clear (&self->grid);
  self->grid_valid = FALSE;
}

static void
stop_animation (DossierGraphView *self)
{
  if (self->anim_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->anim_id);
      self->anim_id = 0;
    }
}

static void
stop_kinetic (DossierGraphView *self)
{
  if (self->kinetic_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->kinetic_id);
      self->kinetic_id = 0;
    }
}

/* Where the user pinned a node, as an offset from where the layout put it. */
static void
pinned_offset (DossierGraphView *self,
               guint             index,
               double           *dx,
               double           *dy)
{
  const DossierGraphNodeGeometry *node = &self->geometry->nodes[index];
  graphene_point_t *pin = g_hash_table_lookup (self->pins, node->key);

  *dx = pin != NULL ? pin->x - node->center.x : 0;
  *dy = pin != NULL ? pin->y - node->center.y : 0;
}

static gboolean
animation_tick_cb (GtkWidget     *widget,
                   GdkFrameClock *clock,
                   gpointer       user_data)
{
  DossierGraphView *self = DOSSIER_GRAPH_VIEW (widget);
  double t = (double) (gdk_frame_clock_get_frame_time (clock) - self->anim_start) / ANIM_DURATION;
  double ease;

  t = CLAMP (t, 0.0, 1.0);
  ease = 1 - pow (1 - t, 3);
  self->anim_progress = t;
  for (guint i = 0; i < self->n_nodes; i++)
    {
      double tx, ty;

      pinned_offset (self, i, &tx, &ty);
      self->off_x[i] = self->anim_from_x[i] + (tx - self->anim_from_x[i]) * ease;
      self->off_y[i] = self->anim_from_y[i] + (ty - self->anim_from_y[i]) * ease;
    }
  _dossier_graph_view_update_boxes (self);
  _dossier_graph_view_invalidate (self);

  if (t >= 1.0)
    {
      self->anim_id = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
legend_toggled (DossierGraphView *self,
                GtkToggleButton  *button)
{
  const char *kind = g_object_get_data (G_OBJECT (button), "kind");
  gboolean shown = gtk_toggle_button_get_active (button);

  /* The legend's choice outlives the graph: a new filter keeps the kind hidden. */
  if (shown)
    g_hash_table_remove (self->hidden_kinds, kind);
  else
    g_hash_table_add (self->hidden_kinds, g_strdup (kind));
  for (guint i = 0; i < self->n_nodes; i++)
    if (g_strcmp0 (self->geometry->nodes[i].kind, kind) == 0)
      {
        if (shown && !g_hash_table_contains (self->hidden_keys, self->geometry->nodes[i].key))
          self->flags[i] &= ~NODE_HIDDEN;
        else if (!shown)
          self->flags[i] |= NODE_HIDDEN;
      }
  self->grid_valid = FALSE;
  _dossier_graph_view_invalidate (self);
}

static void
rebuild_legend (DossierGraphView *self)
{
  GtkWidget *child;
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  const char * const *kinds = dossier_kinds_list ();

  while ((child = gtk_widget_get_first_child (self->legend)) != NULL)
    gtk_flow_box_remove (GTK_FLOW_BOX (self->legend), child);

  for (guint i = 0; i < self->n_nodes; i++)
    {
      const char *kind = self->geometry->nodes[i].kind;

      if (kind != NULL)
        g_hash_table_insert (counts, (gpointer) kind,
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, kind)) + 1));
    }

  for (guint k = 0; kinds[k] != NULL; k++)
    {
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, kinds[k]));
      GtkWidget *button, *box, *swatch, *label;
      g_autofree char *markup = NULL;
      g_autofree char *text = NULL;
      g_autofree char *tooltip = NULL;

      if (n == 0)
        continue;
      button = gtk_toggle_button_new ();
      box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
      swatch = gtk_label_new (NULL);
      markup = g_strdup_printf ("<span foreground=\"%s\">■</span>", dossier_graph_kind_get_color (kinds[k]));
      gtk_label_set_markup (GTK_LABEL (swatch), markup);
      /* Coloured by community, the kinds have no colour of their own. */
      gtk_widget_set_visible (swatch, self->color_by == DOSSIER_GRAPH_COLOR_BY_KIND);
      /* Translators: a graph legend entry: the kind and how many nodes have it: "Organisation 12" */
      text = g_strdup_printf (dossier_locale_grouped (C_("graph legend", "%s %u")), dossier_kinds_get_label (kinds[k]), n);
      label = gtk_label_new (text);
      /* A button with a box inside has no name of its own in GTK 4.8. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
      gtk_box_append (GTK_BOX (box), swatch);
      gtk_box_append (GTK_BOX (box), label);
      gtk_button_set_child (GTK_BUTTON (button), box);
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button),
                                    !g_hash_table_contains (self->hidden_kinds, kinds[k]));
      gtk_widget_add_css_class (button, "flat");
      /* Translators: tooltip of a legend entry, which also filters the graph */
      tooltip = g_strdup_printf (_("Show or hide the %s nodes"), dossier_kinds_get_plural (kinds[k]));
      gtk_widget_set_tooltip_text (button, tooltip);
      g_object_set_data_full (G_OBJECT (button), "kind", g_strdup (kinds[k]), g_free);
      g_signal_connect_object (button, "toggled", G_CALLBACK (legend_toggled),
                               self, G_CONNECT_SWAPPED);
      gtk_flow_box_append (GTK_FLOW_BOX (self->legend), button);
      /* The toggle button takes the focus, not the flow box's cell around it. */
      gtk_widget_set_focusable (gtk_widget_get_parent (button), FALSE);
    }
  gtk_widget_set_visible (self->legend, gtk_widget_get_first_child (self->legend) != NULL);
}

/* The toolbar's tooltips, given after the window's first frame: GTK 4.8 asks
 * the X server where the pointer is for every tooltip set on a shown widget,
 * which held back the first frame while the template was built. The
 * accessible names stay in the template. */
static const DossierTemplateTooltip toolbar_tooltips[] = {
  /* Translators: tooltip of the drop-down that chooses the Graphviz layout engine */
  { "engine_dropdown", N_("Layout Engine") },
  /* Translators: tooltip of the graph toolbar's filter button, whose popover has the minimum weight, relation kinds, dates, "Colour by" and "Size by" */
  { "filter_button", N_("Relations, Dates, Colours and Sizes of the Graph") },
  /* Translators: tooltip of a graph toolbar button */
  { "zoom_out_button", N_("Zoom Out") },
  /* Translators: tooltip of a graph toolbar button */
  { "zoom_in_button", N_("Zoom In") },
  /* Translators: tooltip of a graph toolbar button that shows the whole graph */
  { "fit_button", N_("Fit the Whole Graph") },
  /* Translators: tooltip of a graph toolbar button */
  { "zoom_selection_button", N_("Zoom to Selection") },
  /* Translators: tooltip of the graph toolbar's saved views menu */
  { "views_button", N_("Save and Restore Views of the Graph") },
  /* Translators: tooltip of the graph toolbar's export menu */
  { "export_button", N_("Export What Is Shown") },
};

static void
first_paint_cb (GdkFrameClock    *clock,
                DossierGraphView *self)
{
  g_signal_handlers_disconnect_by_func (clock, first_paint_cb, self);
  dossier_set_template_tooltips (GTK_WIDGET (self), DOSSIER_TYPE_GRAPH_VIEW, toolbar_tooltips, G_N_ELEMENTS (toolbar_tooltips));
}

static void
realize_cb (DossierGraphView *self)
{
  if (gtk_widget_get_tooltip_text (GTK_WIDGET (self->engine_dropdown)) == NULL)
    g_signal_connect_object (gtk_widget_get_frame_clock (GTK_WIDGET (self)), "after-paint",
                             G_CALLBACK (first_paint_cb), self, 0);
}

/* The context menu of nodes and edges, built when first needed. */
static GtkPopoverMenu *
ensure_context_menu (DossierGraphView *self)
{
  if (self->context_menu == NULL)
    {
      self->context_menu = GTK_POPOVER_MENU (gtk_popover_menu_new_from_model (G_MENU_MODEL (self->node_menu)));
      gtk_popover_set_has_arrow (GTK_POPOVER (self->context_menu), FALSE);
      gtk_widget_set_halign (GTK_WIDGET (self->context_menu), GTK_ALIGN_START);
      gtk_widget_set_parent (GTK_WIDGET (self->context_menu), GTK_WIDGET (self));
    }
  return self->context_menu;
}

/* Callbacks */

static void
selection_changed_cb (DossierSelection *selection,
                      DossierGraphView *self)
{
  gint64 entity_id = dossier_selection_get_entity_id (selection);
  int found = -1;

  if (dossier_selection_get_origin (selection) == self || self->graph == NULL)
    return;

  for (guint i = 0; entity_id != 0 && i < self->n_nodes; i++)
    {
      const DossierGraphNode *node = graph_node (self, i);

      if (node != NULL && node->entity_id == entity_id)
        {
          found = (int) i;
          break;
        }
    }

  for (guint i = 0; i < self->n_nodes; i++)
    self->flags[i] &= ~NODE_SELECTED;
  if (found >= 0)
    {
      self->flags[found] |= NODE_SELECTED;
      self->focus_node = found;
      /* The automatic first view centres on what the window chose. */
      if (self->auto_frame == FRAME_READABLE)
        dossier_graph_view_frame (self);
      else
        ensure_visible (self, found);
    }
  update_neighbours (self);
  _dossier_graph_view_invalidate (self);
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

static void
set_hover (DossierGraphView *self,
           int               node,
           int               edge)
{
  if (node == self->hover_node && edge == self->hover_edge)
    return;
  self->hover_node = node;
  self->hover_edge = edge;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Pointer events on the toolbar, the legend or the status card bubble up to
 * the view's own controllers once those children are done with them: the
 * view acts only on what lands on the graph itself. Events in the context
 * menu, a popover on its own surface, do not reach it while its controllers
 * keep GTK's default propagation limit (the same native); the surface check
 * keeps it so should that limit ever change. */
static gboolean
on_graph (DossierGraphView   *self,
          GtkEventController *controller,
          double              x,
          double              y)
{
  GdkEvent *event = controller != NULL ? gtk_event_controller_get_current_event (controller) : NULL;
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));

  if (event != NULL && native != NULL && gdk_event_get_surface (event) != gtk_native_get_surface (native))
    return FALSE;
  return gtk_widget_pick (GTK_WIDGET (self), x, y, GTK_PICK_DEFAULT) == GTK_WIDGET (self);
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           DossierGraphView         *self)
{
  int node;

  self->pointer_x = x;
  self->pointer_y = y;
  self->pointer_inside = TRUE;
  if (self->drag_mode != DRAG_NONE)
    return;
  if (!on_graph (self, GTK_EVENT_CONTROLLER (controller), x, y))
    {
      set_hover (self, -1, -1);
      return;
    }
  node = dossier_graph_view_node_at (self, x, y);
  set_hover (self, node, node < 0 ? dossier_graph_view_edge_at (self, x, y) : -1);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self),
                                   self->hover_node >= 0 || self->hover_edge >= 0 ? "pointer" : "grab");
}

static void
leave_cb (GtkEventControllerMotion *controller,
          DossierGraphView         *self)
{
  self->pointer_inside = FALSE;
  set_hover (self, -1, -1);
}

static gboolean
query_tooltip_cb (GtkWidget        *widget,
                  int               x,
                  int               y,
                  gboolean          keyboard,
                  GtkTooltip       *tooltip,
                  DossierGraphView *self)
{
  g_autofree char *text = NULL;
  int node, edge;

  if (keyboard)
    node = self->focus_node, edge = -1;
  else if (!on_graph (self, NULL, x, y))
    return FALSE;
  else
    {
      node = dossier_graph_view_node_at (self, x, y);
      edge = node < 0 ? dossier_graph_view_edge_at (self, x, y) : -1;
    }
  if (node >= 0)
    text = node_tooltip_full (self, node);
  else if (edge >= 0)
    text = edge_tooltip (self, edge);
  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           DossierGraphView         *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  double x = self->pointer_inside ? self->pointer_x : gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
  double y = self->pointer_inside ? self->pointer_y : gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;

  stop_kinetic (self);
  /* A touchpad scrolls the view; a wheel, or the touchpad with Ctrl, zooms. */
  if (gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_SURFACE
      && (state & GDK_CONTROL_MASK) == 0)
    {
      dossier_graph_view_pan_by (self, -dx, -dy);
      return GDK_EVENT_STOP;
    }
  if (dy == 0)
    return GDK_EVENT_PROPAGATE;
  dossier_graph_view_zoom_at (self, self->zoom * pow (ZOOM_STEP, -dy), x, y);
  return GDK_EVENT_STOP;
}

static void
pinch_begin_cb (GtkGesture       *gesture,
                GdkEventSequence *sequence,
                DossierGraphView *self)
{
  self->pinch_zoom = self->zoom;
}

static void
pinch_scale_cb (GtkGestureZoom   *gesture,
                double            scale,
                DossierGraphView *self)
{
  double x, y;

  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    return;
  dossier_graph_view_zoom_at (self, self->pinch_zoom * scale, x, y);
}

static void
click_pressed_cb (GtkGestureClick  *gesture,
                  int               n_press,
                  double            x,
                  double            y,
                  DossierGraphView *self)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  int node;

  if (!on_graph (self, GTK_EVENT_CONTROLLER (gesture), x, y))
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  node = dossier_graph_view_node_at (self, x, y);
  gtk_widget_grab_focus (GTK_WIDGET (self));
  stop_kinetic (self);

  if (button == GDK_BUTTON_SECONDARY || gdk_event_triggers_context_menu (gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (gesture))))
    {
      GdkRectangle rect = { (int) x, (int) y, 1, 1 };
      int edge = node < 0 ? dossier_graph_view_edge_at (self, x, y) : -1;

      if (node < 0 && edge >= 0)
        {
          self->menu_node = -1;
          self->menu_edge = edge;
          gtk_popover_menu_set_menu_model (ensure_context_menu (self), self->edge_menu);
          gtk_popover_set_pointing_to (GTK_POPOVER (self->context_menu), &rect);
          gtk_popover_popup (GTK_POPOVER (self->context_menu));
          return;
        }
      if (node < 0)
        return;
      self->menu_node = node;
      gtk_popover_menu_set_menu_model (ensure_context_menu (self), self->node_menu);
      if (!dossier_graph_view_is_node_selected (self, node))
        dossier_graph_view_select_node (self, node, FALSE);
      gtk_popover_set_pointing_to (GTK_POPOVER (self->context_menu), &rect);
      gtk_popover_popup (GTK_POPOVER (self->context_menu));
      return;
    }

  if (n_press == 2 && node >= 0)
    {
      g_signal_emit (self, signals[NODE_ACTIVATED], 0, (guint) node);
      return;
    }
  if (n_press != 1)
    return;

  if (node >= 0)
    {
      self->focus_node = node;
      dossier_graph_view_select_node (self, node, (state & (GDK_CONTROL_MASK | GDK_SHIFT_MASK)) != 0);
      update_accessible (self);
    }
  else
    {
      int edge = dossier_graph_view_edge_at (self, x, y);

      /* Edges cover much of a dense graph's background: a press there that
       * turns into a drag pans, and only a click opens the evidence. */
      if (edge >= 0)
        self->press_edge = edge;
      else if ((state & (GDK_CONTROL_MASK | GDK_SHIFT_MASK)) == 0)
        dossier_graph_view_unselect_all (self);
    }
}

static void
click_released_cb (GtkGestureClick  *gesture,
                   int               n_press,
                   double            x,
                   double            y,
                   DossierGraphView *self)
{
  int edge = self->press_edge;

  self->press_edge = -1;
  if (edge >= 0 && !self->dragged && dossier_graph_view_edge_at (self, x, y) == edge)
    g_signal_emit (self, signals[EDGE_ACTIVATED], 0, (guint) edge);
}

static void
drag_begin_cb (GtkGestureDrag   *gesture,
               double            x,
               double            y,
               DossierGraphView *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  int node;

  if (!on_graph (self, GTK_EVENT_CONTROLLER (gesture), x, y))
    {
      self->drag_mode = DRAG_NONE;
      self->dragged = FALSE;
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  node = dossier_graph_view_node_at (self, x, y);
  stop_kinetic (self);
  self->drag_start_x = self->drag_last_x = x;
  self->drag_start_y = self->drag_last_y = y;
  self->velocity_x = self->velocity_y = 0;
  self->last_motion_time = g_get_monotonic_time ();
  self->dragged = FALSE;
  self->drag_node = node;
  if (state & GDK_SHIFT_MASK)
    self->drag_mode = DRAG_BAND;
  else if (node >= 0)
    self->drag_mode = DRAG_NODE;
  else
    self->drag_mode = DRAG_PAN;
}

static void
drag_update_cb (GtkGestureDrag   *gesture,
                double            off_x,
                double            off_y,
                DossierGraphView *self)
{
  double x = self->drag_start_x + off_x, y = self->drag_start_y + off_y;
  double dx = x - self->drag_last_x, dy = y - self->drag_last_y;
  gint64 now = g_get_monotonic_time ();

  if (!self->dragged && off_x * off_x + off_y * off_y < 9)
    return;
  if (!self->dragged)
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  self->dragged = TRUE;

  switch (self->drag_mode)
    {
    case DRAG_PAN:
      if (now > self->last_motion_time)
        {
          double dt = (now - self->last_motion_time) / 1e6;

          /* A smoothed velocity, for the glide after release. */
          self->velocity_x = 0.6 * self->velocity_x + 0.4 * dx / MAX (dt, 0.004);
          self->velocity_y = 0.6 * self->velocity_y + 0.4 * dy / MAX (dt, 0.004);
        }
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grabbing");
      dossier_graph_view_pan_by (self, dx, dy);
      break;

    case DRAG_NODE:
      {
        const DossierGraphNodeGeometry *node = &self->geometry->nodes[self->drag_node];
        graphene_point_t *pin = g_hash_table_lookup (self->pins, node->key);

        if (pin == NULL)
          {
            pin = g_new (graphene_point_t, 1);
            pin->x = node->center.x + self->off_x[self->drag_node];
            pin->y = node->center.y + self->off_y[self->drag_node];
            g_hash_table_insert (self->pins, g_strdup (node->key), pin);
          }
        pin->x += dx / self->zoom;
        pin->y += dy / self->zoom;
        self->off_x[self->drag_node] = pin->x - node->center.x;
        self->off_y[self->drag_node] = pin->y - node->center.y;
        self->flags[self->drag_node] |= NODE_PINNED;
        _dossier_graph_view_update_boxes (self);
        _dossier_graph_view_invalidate (self);
      }
      break;

    case DRAG_BAND:
      gtk_widget_queue_draw (GTK_WIDGET (self));
      break;

    default:
      break;
    }

  self->drag_last_x = x;
  self->drag_last_y = y;
  self->last_motion_time = now;
}

static gboolean
kinetic_tick_cb (GtkWidget     *widget,
                 GdkFrameClock *clock,
                 gpointer       user_data)
{
  DossierGraphView *self = DOSSIER_GRAPH_VIEW (widget);
  gint64 now = gdk_frame_clock_get_frame_time (clock);
  double dt = self->kinetic_last != 0 ? (now - self->kinetic_last) / 1e6 : 1 / 60.0;
  double decay;

  self->kinetic_last = now;
  dt = CLAMP (dt, 0.0, 0.1);
  dossier_graph_view_pan_by (self, self->velocity_x * dt, self->velocity_y * dt);
  /* Friction: the speed halves about every 0.17 s. */
  decay = exp (-4.0 * dt);
  self->velocity_x *= decay;
  self->velocity_y *= decay;
  if (hypot (self->velocity_x, self->velocity_y) < 15)
    {
      self->kinetic_id = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
drag_end_cb (GtkGestureDrag   *gesture,
             double            off_x,
             double            off_y,
             DossierGraphView *self)
{
  int mode = self->drag_mode;

  self->drag_mode = DRAG_NONE;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grab");
  if (!self->dragged)
    return;

  if (mode == DRAG_PAN)
    {
      /* A pointer that stopped before release does not glide. */
      if (g_get_monotonic_time () - self->last_motion_time > 80000)
        self->velocity_x = self->velocity_y = 0;
      if (hypot (self->velocity_x, self->velocity_y) > 60)
        {
          self->kinetic_last = 0;
          self->kinetic_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), kinetic_tick_cb, NULL, NULL);
        }
    }
  else if (mode == DRAG_NODE)
    {
      self->grid_valid = FALSE;
      _dossier_graph_view_invalidate (self);
    }
  else if (mode == DRAG_BAND)
    {
      double x0 = MIN (self->drag_start_x, self->drag_last_x), x1 = MAX (self->drag_start_x, self->drag_last_x);
      double y0 = MIN (self->drag_start_y, self->drag_last_y), y1 = MAX (self->drag_start_y, self->drag_last_y);
      Box box;
      g_autoptr(GArray) nodes = g_array_new (FALSE, FALSE, sizeof (guint));
      int last = -1;

      dossier_graph_view_widget_to_graph (self, x0, y0, &box.x0, &box.y0);
      dossier_graph_view_widget_to_graph (self, x1, y1, &box.x1, &box.y1);
      _dossier_graph_view_grid_query (self, &box, nodes, NULL);
      for (guint k = 0; k < nodes->len; k++)
        {
          last = g_array_index (nodes, guint, k);
          self->flags[last] |= NODE_SELECTED;
        }
      if (last >= 0)
        emit_selection_changed (self, last);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
search_changed_cb (GtkSearchEntry   *entry,
                   DossierGraphView *self)
{
  dossier_graph_view_search (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
search_activate_cb (GtkSearchEntry   *entry,
                    DossierGraphView *self)
{
  dossier_graph_view_next_match (self);
}

static void
cancel_clicked_cb (GtkButton        *button,
                   DossierGraphView *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

static void
engine_selected_cb (GtkDropDown      *dropdown,
                    GParamSpec       *pspec,
                    DossierGraphView *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE]);
}

static void
toast (DossierGraphView *self,
       const char       *message)
{
  if (!gtk_widget_activate_action (GTK_WIDGET (self), "window.toast", "s", message))
    g_message ("%s", message);
}

/* The toolbar's filter */

static const DossierGraphRelations relation_choices[] = {
  DOSSIER_GRAPH_RELATIONS_ALL,
  DOSSIER_GRAPH_RELATIONS_CO_MENTION,
  DOSSIER_GRAPH_RELATIONS_TYPED,
};

static void
emit_filter_changed (DossierGraphView *self)
{
  self->n_filter_changes++;
  g_signal_emit (self, signals[FILTER_CHANGED], 0);
}

/* A year, a month or a day: "2003", "2003-05", "2003-05-21". */
static gboolean
is_date_prefix (const char *text)
{
  static const char pattern[] = "dddd-dd-dd";
  gsize len = strlen (text);

  if (len != 4 && len != 7 && len != 10)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (pattern[i] == 'd' ? !g_ascii_isdigit (text[i]) : text[i] != '-')
      return FALSE;
  return TRUE;
}

static gboolean
check_date (const char  *text,
            GError     **error)
{
  if (text == NULL || *text == '\0' || is_date_prefix (text))
    return TRUE;
  g_set_error (error, DOSSIER_GRAPH_ERROR, DOSSIER_GRAPH_ERROR_INVALID,
               /* Translators: %s is what the user typed in the graph's date filter */
               _("“%s” is not a date: write a year such as 2003, a month such as 2003-05, or a day such as 2003-05-21."),
               text);
  return FALSE;
}

static void
weight_changed_cb (GtkSpinButton    *spin,
                   DossierGraphView *self)
{
  guint weight = (guint) MAX (gtk_spin_button_get_value_as_int (spin), 1);

  if (weight == self->min_weight)
    return;
  self->min_weight = weight;
  emit_filter_changed (self);
}

static void
relations_selected_cb (GtkDropDown      *dropdown,
                       GParamSpec       *pspec,
                       DossierGraphView *self)
{
  guint selected = gtk_drop_down_get_selected (dropdown);
  DossierGraphRelations relations = selected < G_N_ELEMENTS (relation_choices)
                                    ? relation_choices[selected] : DOSSIER_GRAPH_RELATIONS_ALL;

  if (relations == self->relations)
    return;
  self->relations = relations;
  emit_filter_changed (self);
}

/* A date entry applies what it holds as soon as it is a date (or empty), and
 * says what is wrong otherwise. */
static void
date_changed_cb (GtkEditable      *editable,
                 DossierGraphView *self)
{
  const char *text = gtk_editable_get_text (editable);
  char **field = GTK_ENTRY (editable) == self->date_from_entry ? &self->date_from : &self->date_to;
  g_autoptr(GError) error = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  if (!check_date (stripped, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (editable), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (editable), error->message);
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (editable), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (editable), NULL);
  if (*stripped == '\0')
    g_clear_pointer (&stripped, g_free);
  if (g_strcmp0 (stripped, *field) == 0)
    return;
  g_free (*field);
  *field = g_steal_pointer (&stripped);
  emit_filter_changed (self);
}

/* Colours are a restyle of the graph shown; sizes shape the layout, so they
 * make a new graph, as the filter does. */
static void
color_selected_cb (GtkDropDown      *dropdown,
                   GParamSpec       *pspec,
                   DossierGraphView *self)
{
  DossierGraphColorBy color_by = gtk_drop_down_get_selected (dropdown) == 1
                                 ? DOSSIER_GRAPH_COLOR_BY_COMMUNITY : DOSSIER_GRAPH_COLOR_BY_KIND;

  if (color_by == self->color_by)
    return;
  self->color_by = color_by;
  if (self->graph != NULL)
    dossier_graph_set_color_by (self->graph, color_by);
  rebuild_legend (self);
  _dossier_graph_view_invalidate (self);
}

static void
size_selected_cb (GtkDropDown      *dropdown,
                  GParamSpec       *pspec,
                  DossierGraphView *self)
{
  DossierGraphSizeBy size_by = gtk_drop_down_get_selected (dropdown) == 1
                               ? DOSSIER_GRAPH_SIZE_BY_CENTRALITY : DOSSIER_GRAPH_SIZE_BY_MENTIONS;

  if (size_by == self->size_by)
    return;
  self->size_by = size_by;
  emit_filter_changed (self);
}

DossierGraphColorBy
dossier_graph_view_get_color_by (DossierGraphView *self)
{
  g_return_val_if_fail (DOSSIER_IS_GRAPH_VIEW (self), DOSSIER_GRAPH_COLOR_BY_KIND);
  return self->color_by;
}

void
dossier_graph_view_set_color_by (DossierGraphView    *self,
                                 DossierGraphColorBy  color_by)
{
  g_return_if_fail (DOSSIER_IS_GRAPH_VIEW (self));
  gtk_drop_down_set_selected (self->color_dropdown, color_by == DOSSIER_GRAPH_COLOR_BY_COMMUNITY ? 1 : 0);
}

DossierGraphSizeBy
dossier_graph_view_get_size_by (DossierGraphView *self)
{
  g_return_val_if_fail (DOSSIER_IS_GRAPH_VIEW (self), DOSSIER_GRAPH_SIZE_BY_MENTIONS);
  return self->size_by;
}

void
dossier_graph_view_set_size_by (DossierGraphView   *self,
                                DossierGraphSizeBy  size_by)
{
  g_return_if_fail (DOSSIER_IS_GRAPH_VIEW (self));
  gtk_drop_down_set_selected (self->size_dropdown, size_by == DOSSIER_GRAPH_SIZE_BY_CENTRALITY ? 1 : 0);
}

guint
dossier_graph_view_get_min_weight (DossierGraphView *self)
{
  g_return_val_if_fail (DOSSIER_IS_GRAPH_VIEW (self), 1);
  return self->min_weight;
}

void
dossier_graph_view_set_min_weight (DossierGraphView *self,
                                   guint             min_weight)
{
  g_return_if_fail (DOSSIER_IS_GRAPH_VIEW (self));
  gtk_spin_button_set_value (self->weight_spin, MAX (min_weight, 1));
}

DossierGraphRelations
dossier_graph_view_get_relations (DossierGraphView *self)
{
  g_return_val_if_fail (DOSSIER_IS_GRAPH_VIEW (self), DOSSIER_GRAPH_RELATIONS_ALL);
  return self->relations;
}

void
dossier_graph_view_set_relations (DossierGraphView      *self,
                                  DossierGraphRelations  relations)
{
  g_return_if_fail (DOSSIER_IS_GRAPH_VIEW (self));
  for (guint i = 0; i < G_N_ELEMENTS (relation_choices); i++)
    if (relation_choices[i] == relations)
      gtk_drop_down_set_selected (self->relations_dropdown, i);
}

gboolean
dossier_graph_view_set_date_range (DossierGraphView  *self,
                                   const char        *from,
                                   const char        *to,
                                   GError           **error)
{
  g_return_val_if_fail (DOSSIER_IS_GRAPH_VIEW (self), FALSE);

  if (!check_date (from, error) || !check_date (to, error))
    return FALSE;
  gtk_editable_set_text (GTK_EDITABLE (self->date_from_entry), from != NULL ? from : "");
  gtk_editable_set_text (GTK_EDITABLE (self->date_to_entry), to != NULL ? to : "");
  return TRUE;
}

void
dossier_graph_view_apply_filter (DossierGraphView   *self,
                                 DossierGraphFilter *filter)
{
  g_return_if_fail (DOSSIER_IS_GRAPH_VIEW (self));
  g_return_if_fail (filter != NULL);

  dossier_graph_filter_set_min_weight (filter, self->min_weight);
  dossier_graph_filter_set_relations (filter, self->relations);
  dossier_graph_filter_set_date_range (filter, self->date_from, self->date_to);
  /* What Expand made of the graph survives a new filter. */
  for (guint i = 0; i < self->centres->len; i++)
    dossier_graph_filter_add_centre (filter, g_ptr_array_index (self->centres, i));
  for (guint i = 0; i < self->expanded->len; i++)
    dossier_graph_filter_add_expanded (filter, g_ptr_array_index (self->expanded, i));
}

gboolean
dossier_graph_view_is_filtered (DossierGraphView *self)
{
  g_return_val_if_fail (DOSSIER_IS_GRAPH_VIEW (self), FALSE);
  return self->min_weight > 1 || self->relations != DOSSIER_GRAPH_RELATIONS_ALL
         || self->date_from != NULL || self->date_to != NULL;
}

static void
expand_layout_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(DossierGraphView) self = user_data;
  DossierGraph *graph = DOSSIER_GRAPH (source);
  g_autoptr(GError) error = NULL;

  if (!dossier_graph_layout_finish (graph, result, &error))
    {
      dossier_graph_view_set_loading (self, FALSE, NULL);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }
  dossier_graph_view_set_loading (self, FALSE, NULL);
  dossier_graph_view_set_graph (self, graph);
  /* A neighbourhood, or the whole graph again: the nodes kept their places,
   * but what is shown is much smaller or larger than the viewport. */
  if (self->fit_next_graph)
    {
      self->fit_next_graph = FALSE;
      dossier_graph_view_frame (self);
    }
  if (dossier_graph_get_layout_note (graph) != NULL)
    toast (self, dossier_graph_get_layout_note (graph));
}

/* Collapse without a new layout: the neighbours that hang on this node alone
 * are hidden. */
static guint
collapse_node (DossierGraphView *self,
               guint             node)
{
  guint n_hidden = 0;

  for (guint i = 0; i < self->n_edges; i++)
    {
      const DossierGraphEdgeGeometry *edge = &self->geometry->edges[i];
      guint other;

      if (edge->tail == node)
        other = edge->head;
      else if (edge->head == node)
        other = edge->tail;
      else
        continue;
      if (self->degree[other] == 1 && (self->flags[other] & NODE_HIDDEN) == 0)
        {
          dossier_graph_view_hide_node (self, other);
          n_hidden++;
        }
    }
  return n_hidden;
}

static void
find_path (DossierGraphView *self,
           guint             node)
{
  g_autoptr(GPtrArray) paths = NULL;
  g_autoptr(GError) error = NULL;
  int other = -1;

  for (guint i = 0; i < self->n_nodes && other < 0; i++)
    if (i != node && (self->flags[i] & NODE_SELECTED))
      other = (int) i;
  if (other < 0)
    {
      toast (self, _("Select another node first (Ctrl+click), then choose Find Path again."));
      return;
    }
  paths = dossier_graph_k_shortest_paths (self->graph, self->geometry->nodes[other].key,
                                          self->geometry->nodes[node].key, 1, &error);
  if (paths == NULL || paths->len == 0)
    {
      toast (self, error != NULL ? error->message : _("These two nodes are not connected."));
      return;
    }
  for (guint i = 0; i < self->n_nodes; i++)
    self->flags[i] &= ~NODE_SELECTED;
  {
    DossierGraphPath *path = g_ptr_array_index (paths, 0);

    for (guint k = 0; k < path->nodes->len; k++)
      {
        guint n = g_array_index (path->nodes, guint, k);

        if (n < self->n_nodes)
          self->flags[n] |= NODE_SELECTED;
      }
  }
  emit_selection_changed (self, node);
  dossier_graph_view_zoom_to_selection (self);
}

static void
open_mentions (DossierGraphView *self,
               guint             node)
{
  const DossierGraphNode *gnode = graph_node (self, node);
  DossierStore *store = self->graph != NULL ? dossier_graph_get_store (self->graph) : NULL;
  g_autoptr(GPtrArray) mentions = NULL;
  g_autoptr(GError) error = NULL;
  const DossierMention *first;

  if (gnode == NULL || store == NULL || self->selection == NULL || gnode->entity_id == 0)
    return;
  mentions = dossier_store_list_mentions (store, gnode->entity_id, 0, &error);
  if (mentions == NULL || mentions->len == 0)
    {
      toast (self, error != NULL ? error->message : _("The documents do not mention this entity."));
      return;
    }
  /* The inspector lists every mention; the first one opens in a column. */
  dossier_selection_select_entity (self->selection, gnode->entity_id, self);
  first = g_ptr_array_index (mentions, 0);
  dossier_selection_select_block (self->selection, first->document_id, first->block_id, self);
}

/* "Add to Draft": the draft panel's window actions do the work; without an open
 * draft they are not there, and the user is told so. */
gboolean
dossier_graph_view_add_node_to_draft (DossierGraphView *self,
                                      guint             node)
{
  const DossierGraphNode *gnode;

  g_return_val_if_fail (DOSSIER_IS_GRAPH_VIEW (self), FALSE);

  gnode = graph_node (self, node);
  if (gnode == NULL)
    return FALSE;
  if (gnode->entity_id == 0)
    {
      toast (self, _("Only an entity can be added to a draft."));
      return FALSE;
    }
  if (!gtk_widget_activate_action (GTK_WIDGET (self), "draft.add-entity", "x", gnode->entity_id))
    {
      toast (self, _("Open or create a draft first."));
      return FALSE;
    }
  return TRUE;
}

gboolean
dossier_graph_view_add_edge_to_draft (DossierGraphView *self,
                                      guint             edge)
{
  const DossierGraphEdge *gedge;
  guint n_added = 0;

  g_return_val_if_fail (DOSSIER_IS_GRAPH_VIEW (self), FALSE);

  if (self->graph == NULL || edge >= dossier_graph_get_n_edges (self->graph))
    return FALSE;
  gedge = dossier_graph_get_edge (self->graph, edge);
  for (guint i = 0; gedge->relation_ids != NULL && i < gedge->relation_ids->len; i++)
    {
      if (!gtk_widget_activate_action (GTK_WIDGET (self), "draft.add-relation", "x",
                                       g_array_index (gedge->relation_ids, gint64, i)))
        {
          toast (self, _("Open or create a draft first."));
          return FALSE;
        }
      n_added++;
    }
  if (n_added == 0)
    toast (self, _("This link has no stored relation to add to a draft."));
  return n_added > 0;
}

static void
edge_activated_default (DossierGraphView *self,
                        guint             edge)
{
  g_autoptr(GPtrArray) evidence = NULL;
  g_autoptr(GError) error = NULL;
  const DossierGraphCitation *first;

  if (self->graph == NULL || edge >= self->n_edges)
    return;
  evidence = dossier_graph_dup_edge_evidence (self->graph, edge, &error);
  if (evidence == NULL || evidence->len == 0)
    {
      toast (self, error != NULL ? error->message
             : _("No paragraph supports this relation: it comes from the gazetteer."));
      return;
    }
  first = g_ptr_array_index (evidence, 0);
  if (self->selection != NULL)
    dossier_selection_select_block (self->selection, first->document_id, first->block_id, self);
}

static void
node_activated_default (DossierGraphView *self,
                        guint             node)
{
  g_autoptr(GError) error = NULL;

  if (!dossier_graph_view_expand_node (self, node, &error))
    toast (self, error->message);
}

/* Actions and key bindings */

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DossierGraphView *self = DOSSIER_GRAPH_VIEW (widget);
  double x = self->pointer_inside ? self->pointer_x : gtk_widget_get_width (widget) / 2.0;
  double y = self->pointer_inside ? self->pointer_y : gtk_widget_get_height (widget) / 2.0;

  if (g_str_equal (action_name, "graph.zoom-in"))
    dossier_graph_view_zoom_at (self, self->zoom * ZOOM_STEP, x, y);
  else if (g_str_equal (action_name, "graph.zoom-out"))
    dossier_graph_view_zoom_at (self, self->zoom / ZOOM_STEP, x, y);
  else if (g_str_equal (action_name, "graph.zoom-reset"))
    dossier_graph_view_zoom_at (self, 1.0, x, y);
  else if (g_str_equal (action_name, "graph.fit"))
    dossier_graph_view_fit (self);
  else if (g_str_equal (action_name, "graph.zoom-selection"))
    dossier_graph_view_zoom_to_selection (self);
}

static void
node_menu_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  DossierGraphView *self = DOSSIER_GRAPH_VIEW (widget);
  int node = self->menu_node >= 0 ? self->menu_node : self->focus_node;
  const char *verb = action_name + strlen ("graph.");

  if (node < 0 || (guint) node >= self->n_nodes)
    return;

  if (g_str_equal (verb, "expand"))
    g_signal_emit (self, signals[NODE_ACTIVATED], 0, (guint) node);
  else if (g_str_equal (verb, "hide"))
    dossier_graph_view_hide_node (self, node);
  else if (g_str_equal (verb, "pin"))
    {
      const DossierGraphNodeGeometry *geometry = &self->geometry->nodes[node];

      if (dossier_graph_view_is_node_pinned (self, node))
        {
          g_hash_table_remove (self->pins, geometry->key);
          self->flags[node] &= ~NODE_PINNED;
          _dossier_graph_view_invalidate (self);
        }
      else
        dossier_graph_view_pin_node (self, node, geometry->center.x + self->off_x[node],
                                     geometry->center.y + self->off_y[node]);
    }
  else if (g_str_equal (verb, "collapse"))
    {
      if (!collapse_centre (self, node) && collapse_node (self, node) == 0)
        toast (self, _("No neighbour hangs on this node alone."));
    }
  else if (g_str_equal (verb, "find-path"))
    find_path (self, node);
  else if (g_str_equal (verb, "open-mentions"))
    open_mentions (self, node);
  else if (g_str_equal (verb, "add-to-draft"))
    dossier_graph_view_add_node_to_draft (self, node);
  self->menu_node = -1;
}

static void
edge_menu_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  DossierGraphView *self = DOSSIER_GRAPH_VIEW (widget);
  int edge = self->menu_edge;

  self->menu_edge = -1;
  if (edge < 0)
    return;
  if (g_str_equal (action_name, "graph.edge-evidence"))
    g_signal_emit (self, signals[EDGE_ACTIVATED], 0, (guint) edge);
  else if (g_str_equal (action_name, "graph.edge-to-draft"))
    dossier_graph_view_add_edge_to_draft (self, edge);
}

static void
show_all_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  DossierGraphView *self = DOSSIER_GRAPH_VIEW (widget);

  g_hash_table_remove_all (self->hidden_keys);
  g_hash_table_remove_all (self->hidden_kinds);
  for (guint i = 0; i < self->n_nodes; i++)
    self->flags[i] &= ~NODE_HIDDEN;
  for (GtkWidget *b = gtk_widget_get_first_child (self->legend); b; b = gtk_widget_get_next_sibling (b))
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (b))), TRUE);
  self->grid_valid = FALSE;
  _dossier_graph_view_invalidate (self);
}

static void
export_response_cb (GtkNativeDialog  *dialog,
                    int               response,
                    DossierGraphView *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      const char *format = g_object_get_data (G_OBJECT (dialog), "format");
      g_autoptr(GError) error = NULL;

      if (path != NULL && !dossier_graph_view_export_file (self, format, path, &error))
        gtk_widget_activate_action (GTK_WIDGET (self), "window.toast", "s", error->message);
    }
  g_object_unref (dialog);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DossierGraphView *self = DOSSIER_GRAPH_VIEW (widget);
  const char *format = g_variant_get_string (parameter, NULL);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *dialog;
  g_autofree char *name = NULL;

  if (self->graph == NULL)
    return;
  /* Translators: title of the dialog that saves the graph to a file */
  dialog = gtk_file_chooser_native_new (_("Export Graph"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  /* Translators: default file name of an exported graph; keep it short, no slashes */
  name = g_strdup_printf ("%s.%s", _("graph"), format);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_object_set_data_full (G_OBJECT (dialog), "format", g_strdup (format), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* Saved views: the toolbar's "Views" menu */

static DossierStore *
view_store (DossierGraphView  *self,
            GError           **error)
{
  DossierStore *store = self->graph != NULL ? dossier_graph_get_store (self->graph) : NULL;

  if (store == NULL)
    g_set_error_literal (error, DOSSIER_SAVED_VIEW_ERROR, DOSSIER_SAVED_VIEW_ERROR_INVALID,
                         _("Views are saved with a corpus: this graph has none."));
  return store;
}

gboolean
dossier_graph_view_save_view (DossierGraphView  *self,
                              const char        *name,
                              GError           **error)
{
  g_autoptr(JsonNode) state = NULL;
  DossierStore *store;

  g_return_val_if_fail (DOSSIER_IS_GRAPH_VIEW (self), FALSE);

  if (!(store = view_store (self, error)))
    return FALSE;
  state = dossier_graph_view_dup_state (self);
  return dossier_saved_view_save (store, name, state, error);
}

gboolean
dossier_graph_view_restore_view (DossierGraphView  *self,
                                 const char        *name,
                                 GError           **error)
{
  g_autoptr(JsonNode) state = NULL;
  DossierStore *store;

  g_return_val_if_fail (DOSSIER_IS_GRAPH_VIEW (self), FALSE);

  if (!(store = view_store (self, error)) || !(state = dossier_saved_view_load (store, name, error)))
    return FALSE;
  return dossier_graph_view_restore_state (self, state, error);
}

gboolean
dossier_graph_view_export_view (DossierGraphView  *self,
                                const char        *name,
                                const char        *path,
                                GError           **error)
{
  g_autoptr(JsonNode) state = NULL;

  g_return_val_if_fail (DOSSIER_IS_GRAPH_VIEW (self), FALSE);

  state = dossier_graph_view_dup_state (self);
  return dossier_saved_view_export_file (state, name, path, error);
}

char *
dossier_graph_view_import_view (DossierGraphView  *self,
                                const char        *path,
                                GError           **error)
{
  g_autoptr(JsonNode) state = NULL;
  g_autofree char *name = NULL;
  DossierStore *store;

  g_return_val_if_fail (DOSSIER_IS_GRAPH_VIEW (self), NULL);

  if (!(store = view_store (self, error))
      || !(state = dossier_saved_view_import_file (path, &name, error))
      || !dossier_saved_view_save (store, name, state, error)
      || !dossier_graph_view_restore_state (self, state, error))
    return NULL;
  return g_steal_pointer (&name);
}

static void
save_view_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       DossierGraphView *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "save"))
    return;
  if (!dossier_graph_view_save_view (self, gtk_editable_get_text (entry), &error))
    toast (self, error->message);
  else
    {
      /* Translators: %s is the name the user gave a graph view */
      g_autofree char *message = g_strdup_printf (_("View “%s” saved."), gtk_editable_get_text (entry));

      toast (self, message);
    }
}

static void
view_file_response_cb (GtkNativeDialog  *dialog,
                       int               response,
                       DossierGraphView *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;
      g_autoptr(GError) error = NULL;

      if (path != NULL && gtk_file_chooser_get_action (GTK_FILE_CHOOSER (dialog)) == GTK_FILE_CHOOSER_ACTION_SAVE)
        {
          g_autofree char *base = g_filename_display_basename (path);
          char *dot = strrchr (base, '.');

          if (dot != NULL && dot != base)
            *dot = '\0';
          if (!dossier_graph_view_export_view (self, base, path, &error))
            toast (self, error->message);
        }
      else if (path != NULL)
        {
          g_autofree char *name = dossier_graph_view_import_view (self, path, &error);

          if (name == NULL)
            toast (self, error->message);
          else
            {
              /* Translators: %s is the name of a graph view read from a file */
              g_autofree char *message = g_strdup_printf (_("View “%s” imported."), name);

              toast (self, message);
            }
        }
    }
  g_object_unref (dialog);
}

static void
views_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  DossierGraphView *self = DOSSIER_GRAPH_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWindow *window = GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
  g_autoptr(GError) error = NULL;

  if (g_str_equal (action_name, "graph.restore-view"))
    {
      if (!dossier_graph_view_restore_view (self, g_variant_get_string (parameter, NULL), &error))
        toast (self, error->message);
    }
  else if (g_str_equal (action_name, "graph.delete-view"))
    {
      DossierStore *store = view_store (self, &error);

      if (store == NULL || !dossier_saved_view_delete (store, g_variant_get_string (parameter, NULL), &error))
        toast (self, error->message);
    }
  else if (g_str_equal (action_name, "graph.save-view"))
    {
      GtkWidget *dialog, *entry;

      /* Translators: title of the dialog that names a saved graph view */
      dialog = adw_message_dialog_new (window, _("Save View"), NULL);
      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                                   _("The filter, selection, pinned nodes and zoom are kept under this name in the corpus."));
      entry = gtk_entry_new ();
      gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
      /* Translators: placeholder of the name of a saved graph view */
      gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("View name"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("View name"), -1);
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                        "cancel", _("_Cancel"),
                                        /* Translators: button that saves a graph view */
                                        "save", _("_Save"),
                                        NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
      g_object_set_data (G_OBJECT (dialog), "entry", entry);
      g_signal_connect_object (dialog, "response", G_CALLBACK (save_view_response_cb), self, 0);
      gtk_window_present (GTK_WINDOW (dialog));
    }
  else
    {
      gboolean export = g_str_equal (action_name, "graph.export-view");
      GtkFileChooserNative *dialog;
      g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

      dialog = gtk_file_chooser_native_new (export ? _("Export View") : _("Import View"), window,
                                            export ? GTK_FILE_CHOOSER_ACTION_SAVE : GTK_FILE_CHOOSER_ACTION_OPEN,
                                            export ? _("_Export") : _("_Import"), _("_Cancel"));
      /* Translators: file type in the dialogs that export and import graph views */
      gtk_file_filter_set_name (filter, _("Saved Views (JSON)"));
      gtk_file_filter_add_pattern (filter, "*.json");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
      if (export)
        /* Translators: default file name of an exported graph view; keep the .json */
        gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), _("view.json"));
      g_signal_connect (dialog, "response", G_CALLBACK (view_file_response_cb), self);
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
    }
}

/* The "Views" menu lists the corpus's saved views each time it opens. */
static void
views_menu_cb (GtkPopoverMenu   *popover,
               DossierGraphView *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) actions = g_menu_new ();
  g_autoptr(GMenu) restore = g_menu_new ();
  g_autoptr(GMenu) remove = g_menu_new ();
  DossierStore *store = view_store (self, NULL);
  g_auto(GStrv) names = store != NULL ? dossier_saved_view_list (store, NULL) : NULL;

  /* Translators: graph toolbar "Views" menu */
  g_menu_append (actions, _("_Save View…"), "graph.save-view");
  /* Translators: graph toolbar "Views" menu */
  g_menu_append (actions, _("_Export View…"), "graph.export-view");
  /* Translators: graph toolbar "Views" menu */
  g_menu_append (actions, _("_Import View…"), "graph.import-view");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (actions));
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (names[i], NULL);
      g_autoptr(GMenuItem) del = g_menu_item_new (names[i], NULL);

      g_menu_item_set_action_and_target_value (item, "graph.restore-view", g_variant_new_string (names[i]));
      g_menu_item_set_action_and_target_value (del, "graph.delete-view", g_variant_new_string (names[i]));
      g_menu_append_item (restore, item);
      g_menu_append_item (remove, del);
    }
  if (names != NULL && names[0] != NULL)
    {
      /* Translators: heading of the saved views in the graph toolbar's "Views" menu */
      g_menu_append_section (menu, _("Saved Views"), G_MENU_MODEL (restore));
      /* Translators: submenu of the graph "Views" menu that deletes a saved view */
      g_menu_append_submenu (menu, _("_Delete"), G_MENU_MODEL (remove));
    }
  gtk_popover_menu_set_menu_model (popover, G_MENU_MODEL (menu));
}

/* GtkPopoverMenu shows its "main" page before the "show" handler above has
 * built it: the Views menu gets its first model now, or GTK warns at the
 * first click. */
static void
prepare_views_menu (DossierGraphView *self,
                    GtkWidget        *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkPopover *popover = GTK_IS_MENU_BUTTON (child) ? gtk_menu_button_get_popover (GTK_MENU_BUTTON (child)) : NULL;

      if (GTK_IS_POPOVER_MENU (popover) && gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (popover)) == NULL)
        views_menu_cb (GTK_POPOVER_MENU (popover), self);
      else
        prepare_views_menu (self, child);
    }
}

static void
move_focus_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *args)
{
  DossierGraphView *self = DOSSIER_GRAPH_VIEW (widget);
  int dir_x, dir_y, next;

  g_variant_get (args, "(ii)", &dir_x, &dir_y);
  if (self->n_nodes == 0)
    return;
  if (self->focus_node < 0)
    next = node_nearest_centre (self);
  else
    {
      next = neighbour_in_direction (self, self->focus_node, dir_x, dir_y, TRUE);
      if (next < 0)
        next = neighbour_in_direction (self, self->focus_node, dir_x, dir_y, FALSE);
    }
  if (next >= 0)
    dossier_graph_view_set_focus_node (self, next);
}

/* Ctrl+arrow: the keyboard's pan, an eighth of the view at a time, towards
 * what lies in the arrow's direction. */
static void
pan_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *args)
{
  DossierGraphView *self = DOSSIER_GRAPH_VIEW (widget);
  int dir_x, dir_y;

  g_variant_get (args, "(ii)", &dir_x, &dir_y);
  stop_kinetic (self);
  dossier_graph_view_pan_by (self,
                             -dir_x * MAX (gtk_widget_get_width (widget) / 8.0, 20.0),
                             -dir_y * MAX (gtk_widget_get_height (widget) / 8.0, 20.0));
}

static void
focus_node_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *args)
{
  DossierGraphView *self = DOSSIER_GRAPH_VIEW (widget);
  const char *what = g_variant_get_string (args, NULL);

  if (g_str_equal (what, "unselect"))
    {
      dossier_graph_view_unselect_all (self);
      return;
    }
  if (self->focus_node < 0)
    return;
  if (g_str_equal (what, "select"))
    dossier_graph_view_select_node (self, self->focus_node, FALSE);
  else if (g_str_equal (what, "add"))
    dossier_graph_view_select_node (self, self->focus_node, TRUE);
  else if (g_str_equal (what, "expand"))
    g_signal_emit (self, signals[NODE_ACTIVATED], 0, (guint) self->focus_node);
  else if (g_str_equal (what, "menu"))
    {
      graphene_rect_t bounds;
      GdkRectangle rect;

      if (!dossier_graph_view_get_node_bounds (self, self->focus_node, &bounds))
        return;
      rect = (GdkRectangle) { (int) bounds.origin.x, (int) bounds.origin.y,
                              MAX ((int) bounds.size.width, 1), MAX ((int) bounds.size.height, 1) };
      self->menu_node = self->focus_node;
      gtk_popover_menu_set_menu_model (ensure_context_menu (self), self->node_menu);
      gtk_popover_set_pointing_to (GTK_POPOVER (self->context_menu), &rect);
      gtk_popover_popup (GTK_POPOVER (self->context_menu));
    }
}

/* GtkWidget */

static void
draw_overlay (DossierGraphView *self,
              GtkSnapshot      *snapshot,
              int               width,
              int               height)
{
  gboolean band = self->drag_mode == DRAG_BAND && self->dragged;
  gboolean focus = self->focus_node >= 0 && gtk_widget_has_focus (GTK_WIDGET (self));
  DrawStyle style;
  cairo_t *cr;

  if (self->hover_node < 0 && self->hover_edge < 0 && !focus && !band)
    return;

  _dossier_graph_view_get_style (self, &style);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_save (cr);
  cairo_translate (cr, self->offset_x, self->offset_y);
  cairo_scale (cr, self->zoom, self->zoom);

  /* Hover: the node and its edges over everything else. */
  if (self->hover_edge >= 0)
    {
      const DossierGraphEdgeGeometry *edge = &self->geometry->edges[self->hover_edge];

      _dossier_graph_view_draw_edge (self, cr, &style, self->hover_edge, TRUE);
      _dossier_graph_view_draw_node (self, cr, &style, edge->tail, TRUE);
      _dossier_graph_view_draw_node (self, cr, &style, edge->head, TRUE);
    }
  if (self->hover_node >= 0)
    {
      for (guint i = 0; i < self->n_edges; i++)
        {
          const DossierGraphEdgeGeometry *edge = &self->geometry->edges[i];

          if ((edge->tail == (guint) self->hover_node || edge->head == (guint) self->hover_node)
              && ((self->flags[edge->tail] | self->flags[edge->head]) & NODE_HIDDEN) == 0)
            _dossier_graph_view_draw_edge (self, cr, &style, i, TRUE);
        }
      _dossier_graph_view_draw_node (self, cr, &style, self->hover_node, TRUE);
    }
  if (focus)
    {
      const Box *box = &self->node_box[self->focus_node];
      double pad = 5 / self->zoom;
      double dash[] = { 4 / self->zoom, 3 / self->zoom };

      cairo_rectangle (cr, box->x0 - pad, box->y0 - pad,
                       box->x1 - box->x0 + 2 * pad, box->y1 - box->y0 + 2 * pad);
      gdk_cairo_set_source_rgba (cr, &style.accent);
      cairo_set_line_width (cr, 2 / self->zoom);
      cairo_set_dash (cr, dash, 2, 0);
      cairo_stroke (cr);
    }
  cairo_restore (cr);

  if (band)
    {
      double x0 = MIN (self->drag_start_x, self->drag_last_x), y0 = MIN (self->drag_start_y, self->drag_last_y);
      double w = fabs (self->drag_last_x - self->drag_start_x), h = fabs (self->drag_last_y - self->drag_start_y);

      cairo_rectangle (cr, x0 + 0.5, y0 + 0.5, w, h);
      cairo_set_source_rgba (cr, style.accent.red, style.accent.green, style.accent.blue, 0.15);
      cairo_fill_preserve (cr);
      gdk_cairo_set_source_rgba (cr, &style.accent);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);
    }
  cairo_destroy (cr);
}

/* Adwaita's dark cards are translucent: over a graph, the legend and the
 * status card get the view's own colour behind them, so that nodes never show
 * through their labels. */
static void
back_card (DossierGraphView *self,
           GtkSnapshot      *snapshot,
           GtkWidget        *card)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));
  G_GNUC_END_IGNORE_DEPRECATIONS
  graphene_rect_t bounds;
  GskRoundedRect outline;
  GdkRGBA color;

  if (!gtk_widget_get_visible (card) || !gtk_widget_has_css_class (card, "card")
      || !gtk_widget_compute_bounds (card, GTK_WIDGET (self), &bounds))
    return;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (!gtk_style_context_lookup_color (context, "view_bg_color", &color))
    color = adw_style_manager_get_dark (adw_style_manager_get_default ())
            ? (GdkRGBA) { 0.12, 0.12, 0.12, 1 } : (GdkRGBA) { 1, 1, 1, 1 };
  G_GNUC_END_IGNORE_DEPRECATIONS
  color.alpha = 1;
  gsk_rounded_rect_init_from_rect (&outline, &bounds, 12);
  gtk_snapshot_push_rounded_clip (snapshot, &outline);
  gtk_snapshot_append_color (snapshot, &color, &bounds);
  gtk_snapshot_pop (snapshot);
}

static void
dossier_graph_view_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  DossierGraphView *self = DOSSIER_GRAPH_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (self->geometry != NULL)
    {
      /* While a new layout runs, the old graph stays faintly behind the
       * status card, so that it reads as waiting rather than broken. */
      gboolean faded = gtk_widget_get_visible (self->status_box);

      if (faded)
        gtk_snapshot_push_opacity (snapshot, 0.3);
      _dossier_graph_view_snapshot_tiles (self, snapshot, width, height);
      if (!faded)
        draw_overlay (self, snapshot, width, height);
      if (faded)
        gtk_snapshot_pop (snapshot);
    }
  gtk_snapshot_pop (snapshot);

  if (self->geometry != NULL)
    {
      back_card (self, snapshot, self->legend);
      back_card (self, snapshot, self->status_box);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    gtk_widget_snapshot_child (widget, child, snapshot);
}

static void
dossier_graph_view_css_changed (GtkWidget         *widget,
                                GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (dossier_graph_view_parent_class)->css_changed (widget, change);
  _dossier_graph_view_background_changed (DOSSIER_GRAPH_VIEW (widget));
}

static void
dossier_graph_view_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  DossierGraphView *self = DOSSIER_GRAPH_VIEW (widget);
  int min = 0, nat = 0;

  gtk_widget_measure (self->toolbar, orientation, -1, &min, &nat, NULL, NULL);
  *minimum = MAX (min, 120);
  *natural = MAX (nat, 400);
}

static void
allocate_child (GtkWidget *child,
                int        width,
                int        height,
                float      xalign,
                float      yalign,
                gboolean   fill_width)
{
  GtkRequisition nat;
  int w, h;

  if (!gtk_widget_should_layout (child))
    return;
  gtk_widget_get_preferred_size (child, NULL, &nat);
  w = fill_width ? width : MIN (nat.width, width);
  /* The height for that width: the legend wraps onto more rows when narrow. */
  gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, w, NULL, &h, NULL, NULL);
  h = MIN (h, height);
  gtk_widget_size_allocate (child,
                            &(GtkAllocation) { (int) ((width - w) * xalign), (int) ((height - h) * yalign), w, h },
                            -1);
}

/* The legend's size within @width: as many rows as that width needs, and no
 * wider than they need. GtkFlowBox gives the width of one entry as its
 * natural width, so the width is found by halving. */
static void
legend_size (DossierGraphView *self,
             int               width,
             int              *legend_width,
             int              *legend_height)
{
  int min_width = 0, lo, hi, rows;

  gtk_widget_measure (self->legend, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  width = MAX (width, min_width);
  gtk_widget_measure (self->legend, GTK_ORIENTATION_VERTICAL, width, NULL, &rows, NULL, NULL);
  lo = min_width;
  hi = width;
  while (lo < hi)
    {
      int mid = lo + (hi - lo) / 2, h = 0;

      gtk_widget_measure (self->legend, GTK_ORIENTATION_VERTICAL, mid, NULL, &h, NULL, NULL);
      if (h <= rows)
        hi = mid;
      else
        lo = mid + 1;
    }
  *legend_width = hi;
  *legend_height = rows;
}

static void
dossier_graph_view_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  DossierGraphView *self = DOSSIER_GRAPH_VIEW (widget);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;

  allocate_child (self->toolbar, width, height, 0.0, 0.0, TRUE);
  if (gtk_widget_should_layout (self->legend))
    {
      int lw, lh;

      legend_size (self, width, &lw, &lh);
      lh = MIN (lh, height);
      gtk_widget_size_allocate (self->legend,
                                &(GtkAllocation) { rtl ? width - lw : 0, height - lh, lw, lh }, -1);
    }
  allocate_child (self->status_box, width, height, 0.5, 0.5, FALSE);
  if (self->context_menu != NULL)
    gtk_popover_present (GTK_POPOVER (self->context_menu));

  /* The framing leaves room for the toolbar and the legend at their new
   * heights; the zoom label follows later, from a timeout. */
  if (self->pending_viewport && width > 1 && height > 1)
    {
      self->pending_viewport = FALSE;
      self->fitted = TRUE;
      self->auto_frame = FRAME_NONE;
      set_view (self, self->pending_zoom,
                width / 2.0 - self->pending_centre_x * self->pending_zoom,
                height / 2.0 - self->pending_centre_y * self->pending_zoom);
    }
  else if (!self->fitted && self->geometry != NULL && width > 1 && height > 1)
    {
      self->fitted = TRUE;
      dossier_graph_view_frame (self);
    }
  /* Until the user zooms or pans, the view keeps its framing as the pane is
   * resized; afterwards it keeps their zoom. */
  else if (self->auto_frame != FRAME_NONE && self->geometry != NULL && width > 1 && height > 1
           && (width != self->framed_width || height != self->framed_height))
    reframe (self);
}

static void
dossier_graph_view_focus_changed (DossierGraphView *self)
{
  if (gtk_widget_has_focus (GTK_WIDGET (self)) && self->focus_node < 0 && self->n_nodes > 0)
    {
      self->focus_node = node_nearest_centre (self);
      update_accessible (self);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
dark_changed_cb (AdwStyleManager  *manager,
                 GParamSpec       *pspec,
                 DossierGraphView *self)
{
  _dossier_graph_view_invalidate (self);
}

static void
dossier_graph_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  DossierGraphView *self = DOSSIER_GRAPH_VIEW (object);

  switch (prop_id)
    {
    case PROP_GRAPH:
      g_value_set_object (value, self->graph);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    case PROP_ENGINE:
      g_value_set_string (value, dossier_graph_view_get_engine (self));
      break;
    case PROP_SCOPE:
      g_value_set_uint (value, self->scope);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_graph_view_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  DossierGraphView *self = DOSSIER_GRAPH_VIEW (object);

  switch (prop_id)
    {
    case PROP_GRAPH:
      dossier_graph_view_set_graph (self, g_value_get_object (value));
      break;
    case PROP_ZOOM:
      dossier_graph_view_zoom_at (self, g_value_get_double (value),
                                  gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
                                  gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
      break;
    case PROP_ENGINE:
      dossier_graph_view_set_engine (self, g_value_get_string (value));
      break;
    case PROP_SCOPE:
      dossier_graph_view_set_scope (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_graph_view_dispose (GObject *object)
{
  DossierGraphView *self = (DossierGraphView *) object;
  GtkWidget *child;

  stop_animation (self);
  stop_kinetic (self);
  g_clear_handle_id (&self->tile_idle_id, g_source_remove);
  g_clear_handle_id (&self->zoom_label_id, g_source_remove);
  g_clear_handle_id (&self->zooming_id, g_source_remove);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_func (self->selection, selection_changed_cb, self);
  g_clear_object (&self->selection);
  g_clear_pointer ((GtkWidget **) &self->context_menu, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), DOSSIER_TYPE_GRAPH_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (dossier_graph_view_parent_class)->dispose (object);
}

static void
dossier_graph_view_finalize (GObject *object)
{
  DossierGraphView *self = (DossierGraphView *) object;

  g_free (self->date_from);
  g_free (self->date_to);
  g_strfreev (self->pending_selection);
  free_node_arrays (self);
  g_clear_pointer (&self->geometry, dossier_graph_geometry_unref);
  g_clear_object (&self->graph);
  g_clear_pointer (&self->tiles, g_hash_table_unref);
  g_clear_pointer (&self->texts, g_hash_table_unref);
  _dossier_graph_view_forget_render_state (self);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  if (self->token != NULL)
    {
      /* Jobs still queued are skipped. */
      g_atomic_int_inc (self->token);
      g_clear_pointer (&self->token, g_atomic_rc_box_release);
    }
  g_clear_object (&self->pango_context);
  g_clear_pointer (&self->pins, g_hash_table_unref);
  g_clear_pointer (&self->hidden_keys, g_hash_table_unref);
  g_clear_pointer (&self->hidden_kinds, g_hash_table_unref);
  g_clear_pointer (&self->centres, g_ptr_array_unref);
  g_clear_pointer (&self->expanded, g_ptr_array_unref);
  g_clear_pointer (&self->matches, g_array_unref);

  G_OBJECT_CLASS (dossier_graph_view_parent_class)->finalize (object);
}

static void
add_key_binding (GtkWidgetClass  *widget_class,
                 guint            keyval,
                 GdkModifierType  mods,
                 const char      *action)
{
  gtk_widget_class_add_binding_action (widget_class, keyval, mods, action, NULL);
}

static void
dossier_graph_view_class_init (DossierGraphViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const struct { guint key; int x, y; } arrows[] = {
    { GDK_KEY_Left, -1, 0 }, { GDK_KEY_KP_Left, -1, 0 },
    { GDK_KEY_Right, 1, 0 }, { GDK_KEY_KP_Right, 1, 0 },
    { GDK_KEY_Up, 0, -1 }, { GDK_KEY_KP_Up, 0, -1 },
    { GDK_KEY_Down, 0, 1 }, { GDK_KEY_KP_Down, 0, 1 },
  };

  object_class->dispose = dossier_graph_view_dispose;
  object_class->finalize = dossier_graph_view_finalize;
  object_class->get_property = dossier_graph_view_get_property;
  object_class->set_property = dossier_graph_view_set_property;
  widget_class->snapshot = dossier_graph_view_snapshot;
  widget_class->css_changed = dossier_graph_view_css_changed;
  widget_class->measure = dossier_graph_view_measure;
  widget_class->size_allocate = dossier_graph_view_size_allocate;

  properties[PROP_GRAPH] =
    g_param_spec_object ("graph", NULL, NULL, DOSSIER_TYPE_GRAPH,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, DOSSIER_GRAPH_VIEW_MIN_ZOOM, DOSSIER_GRAPH_VIEW_MAX_ZOOM, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENGINE] =
    g_param_spec_string ("engine", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* A DossierGraphScope, as a number so that the pane's drop-down can bind it. */
  properties[PROP_SCOPE] =
    g_param_spec_uint ("scope", NULL, NULL, DOSSIER_GRAPH_SCOPE_OPEN_DOCUMENTS, DOSSIER_GRAPH_SCOPE_CORPUS,
                       DOSSIER_GRAPH_SCOPE_OPEN_DOCUMENTS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A node was double-clicked, or Space pressed on it, or "Expand" chosen. */
  /* By default, expands the node (dossier_graph_view_expand_node). */
  signals[NODE_ACTIVATED] =
    g_signal_new_class_handler ("node-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                G_CALLBACK (node_activated_default),
                                NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  /* An edge was clicked: by default, goes to the first paragraph behind it. */
  signals[EDGE_ACTIVATED] =
    g_signal_new_class_handler ("edge-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                G_CALLBACK (edge_activated_default),
                                NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  /* The toolbar's filter changed: the graph should be built again. */
  signals[FILTER_CHANGED] =
    g_signal_new ("filter-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SELECTION_CHANGED] =
    g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/dossier/Dossier/ui/dossier-graph-view.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierGraphView, toolbar);
  gtk_widget_class_bind_template_child (widget_class, DossierGraphView, legend);
  gtk_widget_class_bind_template_child (widget_class, DossierGraphView, status_box);
  gtk_widget_class_bind_template_child (widget_class, DossierGraphView, spinner);
  gtk_widget_class_bind_template_child (widget_class, DossierGraphView, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, DossierGraphView, message_label);
  gtk_widget_class_bind_template_child (widget_class, DossierGraphView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierGraphView, zoom_label);
  gtk_widget_class_bind_template_child (widget_class, DossierGraphView, engine_dropdown);
  /* The other buttons with tooltips, found by gtk_widget_get_template_child(). */
  for (guint i = 0; i < G_N_ELEMENTS (toolbar_tooltips); i++)
    if (g_strcmp0 (toolbar_tooltips[i].id, "engine_dropdown") != 0)
      gtk_widget_class_bind_template_child_full (widget_class, toolbar_tooltips[i].id, FALSE, 0);
  gtk_widget_class_bind_template_child (widget_class, DossierGraphView, node_menu);
  gtk_widget_class_bind_template_child (widget_class, DossierGraphView, edge_menu);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, engine_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, weight_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, relations_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, date_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, color_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, size_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, views_menu_cb);
  gtk_widget_class_bind_template_child (widget_class, DossierGraphView, weight_spin);
  gtk_widget_class_bind_template_child (widget_class, DossierGraphView, relations_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DossierGraphView, date_from_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierGraphView, date_to_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierGraphView, color_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DossierGraphView, size_dropdown);

  gtk_widget_class_install_action (widget_class, "graph.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "graph.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "graph.zoom-reset", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "graph.fit", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "graph.zoom-selection", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "graph.expand", NULL, node_menu_action);
  gtk_widget_class_install_action (widget_class, "graph.collapse", NULL, node_menu_action);
  gtk_widget_class_install_action (widget_class, "graph.hide", NULL, node_menu_action);
  gtk_widget_class_install_action (widget_class, "graph.pin", NULL, node_menu_action);
  gtk_widget_class_install_action (widget_class, "graph.open-mentions", NULL, node_menu_action);
  gtk_widget_class_install_action (widget_class, "graph.find-path", NULL, node_menu_action);
  gtk_widget_class_install_action (widget_class, "graph.add-to-draft", NULL, node_menu_action);
  gtk_widget_class_install_action (widget_class, "graph.save-view", NULL, views_action);
  gtk_widget_class_install_action (widget_class, "graph.export-view", NULL, views_action);
  gtk_widget_class_install_action (widget_class, "graph.import-view", NULL, views_action);
  gtk_widget_class_install_action (widget_class, "graph.restore-view", "s", views_action);
  gtk_widget_class_install_action (widget_class, "graph.delete-view", "s", views_action);
  gtk_widget_class_install_action (widget_class, "graph.edge-evidence", NULL, edge_menu_action);
  gtk_widget_class_install_action (widget_class, "graph.edge-to-draft", NULL, edge_menu_action);
  gtk_widget_class_install_action (widget_class, "graph.show-all", NULL, show_all_action);
  gtk_widget_class_install_action (widget_class, "graph.export", "s", export_action);
  /* Keyboard navigation: (dx, dy) is the direction of the arrow key. */
  gtk_widget_class_install_action (widget_class, "graph.move-focus", "(ii)", move_focus_action);
  gtk_widget_class_install_action (widget_class, "graph.pan", "(ii)", pan_action);
  /* "select", "add", "expand", "unselect", "menu": what to do with the focused node. */
  gtk_widget_class_install_action (widget_class, "graph.focus-node", "s", focus_node_action);

  add_key_binding (widget_class, GDK_KEY_plus, 0, "graph.zoom-in");
  add_key_binding (widget_class, GDK_KEY_equal, 0, "graph.zoom-in");
  add_key_binding (widget_class, GDK_KEY_KP_Add, 0, "graph.zoom-in");
  add_key_binding (widget_class, GDK_KEY_minus, 0, "graph.zoom-out");
  add_key_binding (widget_class, GDK_KEY_KP_Subtract, 0, "graph.zoom-out");
  add_key_binding (widget_class, GDK_KEY_0, 0, "graph.fit");
  add_key_binding (widget_class, GDK_KEY_KP_0, 0, "graph.fit");
  add_key_binding (widget_class, GDK_KEY_1, 0, "graph.zoom-reset");
  add_key_binding (widget_class, GDK_KEY_z, 0, "graph.zoom-selection");
  for (guint i = 0; i < G_N_ELEMENTS (arrows); i++)
    {
      gtk_widget_class_add_binding_action (widget_class, arrows[i].key, 0, "graph.move-focus", "(ii)", arrows[i].x, arrows[i].y);
      gtk_widget_class_add_binding_action (widget_class, arrows[i].key, GDK_CONTROL_MASK, "graph.pan", "(ii)", arrows[i].x, arrows[i].y);
    }
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "graph.focus-node", "s", "select");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "graph.focus-node", "s", "select");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "graph.focus-node", "s", "add");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "graph.focus-node", "s", "expand");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "graph.focus-node", "s", "unselect");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "graph.focus-node", "s", "menu");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "graph.focus-node", "s", "menu");

  gtk_widget_class_set_css_name (widget_class, "graphview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
dossier_graph_view_init (DossierGraphView *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;
  GtkStringList *engine_names;

  self->min_weight = 1;
  self->relations = DOSSIER_GRAPH_RELATIONS_ALL;
  gtk_widget_init_template (GTK_WIDGET (self));

  self->zoom = 1.0;
  self->auto_frame = FRAME_READABLE;
  self->hover_node = self->hover_edge = self->focus_node = self->menu_node = self->menu_edge = -1;
  self->press_edge = -1;
  self->tiles = _dossier_graph_view_tiles_new ();
  self->texts = _dossier_graph_view_texts_new ();
  /* DOSSIER_GRAPH_VIEW_SYNC=1 draws every tile in the frame that needs it. */
  self->threaded = g_getenv ("DOSSIER_GRAPH_VIEW_SYNC") == NULL;
  self->pins = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->hidden_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->hidden_kinds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->centres = g_ptr_array_new_with_free_func (g_free);
  self->expanded = g_ptr_array_new_with_free_func (g_free);
  self->matches = g_array_new (FALSE, FALSE, sizeof (guint));

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_add_css_class (GTK_WIDGET (self), "view");
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grab");
  /* The children would inherit the hand that says the graph can be dragged. */
  gtk_widget_set_cursor_from_name (self->toolbar, "default");
  gtk_widget_set_cursor_from_name (self->legend, "default");
  gtk_widget_set_cursor_from_name (self->status_box, "default");
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), self);
  g_signal_connect_swapped (self, "notify::has-focus", G_CALLBACK (dossier_graph_view_focus_changed), self);

  engine_names = gtk_string_list_new (NULL);
  /* Translators: the first choice of the layout engine drop-down: Dossier picks one by graph size */
  gtk_string_list_append (engine_names, C_("layout engine", "Automatic"));
  for (guint i = 0; i < G_N_ELEMENTS (engines); i++)
    gtk_string_list_append (engine_names, engines[i]);
  gtk_drop_down_set_model (self->engine_dropdown, G_LIST_MODEL (engine_names));
  g_object_unref (engine_names);

  g_signal_connect (self, "realize", G_CALLBACK (realize_cb), NULL);
  /* GTK 4.8 names the button inside a drop-down after its type; the window
   * named it after the drop-down's tooltip, which now comes after the first
   * frame, so it is named here. */
  if (GTK_IS_TOGGLE_BUTTON (gtk_widget_get_first_child (GTK_WIDGET (self->engine_dropdown))))
    gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_first_child (GTK_WIDGET (self->engine_dropdown))),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, _(toolbar_tooltips[0].text), -1);
  prepare_views_menu (self, self->toolbar);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (controller, "enter", G_CALLBACK (motion_cb), self);
  g_signal_connect (controller, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect (controller, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect (gesture, "begin", G_CALLBACK (pinch_begin_cb), self);
  g_signal_connect (gesture, "scale-changed", G_CALLBACK (pinch_scale_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), 0);
  g_signal_connect (gesture, "pressed", G_CALLBACK (click_pressed_cb), self);
  g_signal_connect (gesture, "released", G_CALLBACK (click_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (gesture, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (dark_changed_cb), self, 0);

  /* Translators: accessible name of the interactive graph */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Entity Graph"),
                                  -1);
  update_accessible (self);
  update_zoom_label (self);
  gtk_widget_set_visible (self->legend, FALSE);
}

/* Public API */

GtkWidget *
dossier_graph_view_new (void)
{
  return g_object_new (DOSSIER_TYPE_GRAPH_VIEW, NULL);
}

void
dossier_graph_view_set_graph (DossierGraphView *self,
                              DossierGraph     *graph)
{
  g_autoptr(DossierGraphGeometry) old = NULL;
  g_autofree double *old_x = NULL;
  g_autofree double *old_y = NULL;
  DossierGraphGeometry *geometry;
  gboolean animate = FALSE;
  int auto_frame = self->auto_frame;

  g_return_if_fail (DOSSIER_IS_GRAPH_VIEW (self));
  g_return_if_fail (graph == NULL || DOSSIER_IS_GRAPH (graph));

  geometry = graph != NULL ? dossier_graph_get_geometry (graph) : NULL;
  g_return_if_fail (graph == NULL || geometry != NULL);

  stop_animation (self);
  /* Where the old nodes were drawn, for the glide to the new layout. */
  if (self->geometry != NULL)
    {
      old = dossier_graph_geometry_ref (self->geometry);
      old_x = g_new (double, self->n_nodes);
      old_y = g_new (double, self->n_nodes);
      for (guint i = 0; i < self->n_nodes; i++)
        {
          old_x[i] = old->nodes[i].center.x + self->off_x[i];
          old_y[i] = old->nodes[i].center.y + self->off_y[i];
        }
    }

  g_set_object (&self->graph, graph);
  /* The colours the toolbar chose, a restyle of the new layout. */
  if (graph != NULL)
    dossier_graph_set_color_by (graph, self->color_by);
  g_clear_pointer (&self->geometry, dossier_graph_geometry_unref);
  free_node_arrays (self);
  g_hash_table_remove_all (self->tiles);
  g_hash_table_remove_all (self->texts);
  _dossier_graph_view_forget_render_state (self);
  g_array_set_size (self->matches, 0);
  self->hover_node = self->hover_edge = self->focus_node = self->menu_node = self->menu_edge = -1;
  self->press_edge = -1;
  self->n_tiles_drawn = 0;
  self->n_nodes = self->n_edges = 0;

  if (geometry != NULL)
    {
      self->geometry = dossier_graph_geometry_ref (geometry);
      self->n_nodes = geometry->n_nodes;
      self->n_edges = geometry->n_edges;
    }
  self->flags = g_new0 (guint8, MAX (self->n_nodes, 1));
  self->off_x = g_new0 (double, MAX (self->n_nodes, 1));
  self->off_y = g_new0 (double, MAX (self->n_nodes, 1));
  self->anim_from_x = g_new0 (double, MAX (self->n_nodes, 1));
  self->anim_from_y = g_new0 (double, MAX (self->n_nodes, 1));
  self->node_box = g_new0 (Box, MAX (self->n_nodes, 1));
  self->edge_box = g_new0 (Box, MAX (self->n_edges, 1));
  self->degree = g_new0 (guint, MAX (self->n_nodes, 1));

  for (guint i = 0; i < self->n_edges; i++)
    {
      self->degree[geometry->edges[i].tail]++;
      self->degree[geometry->edges[i].head]++;
    }

  for (guint i = 0; i < self->n_nodes; i++)
    {
      const DossierGraphNodeGeometry *node = &geometry->nodes[i];

      if (g_hash_table_contains (self->pins, node->key))
        self->flags[i] |= NODE_PINNED;
      if (g_hash_table_contains (self->hidden_keys, node->key)
          || (node->kind != NULL && g_hash_table_contains (self->hidden_kinds, node->kind)))
        self->flags[i] |= NODE_HIDDEN;
      pinned_offset (self, i, &self->off_x[i], &self->off_y[i]);
      self->anim_from_x[i] = self->off_x[i];
      self->anim_from_y[i] = self->off_y[i];

      if (old != NULL)
        {
          int j = dossier_graph_geometry_node_index (old, node->key);

          if (j >= 0)
            {
              self->anim_from_x[i] = old_x[j] - node->center.x;
              self->anim_from_y[i] = old_y[j] - node->center.y;
              animate = TRUE;
            }
        }
    }

  /* New nodes grow out of an old neighbour. */
  if (animate)
    for (guint i = 0; i < self->n_edges; i++)
      {
        const DossierGraphEdgeGeometry *edge = &geometry->edges[i];
        int t = dossier_graph_geometry_node_index (old, edge->tail_key);
        int h = dossier_graph_geometry_node_index (old, edge->head_key);

        if (t >= 0 && h < 0)
          {
            self->anim_from_x[edge->head] = old_x[t] - geometry->nodes[edge->head].center.x;
            self->anim_from_y[edge->head] = old_y[t] - geometry->nodes[edge->head].center.y;
          }
        else if (h >= 0 && t < 0)
          {
            self->anim_from_x[edge->tail] = old_x[h] - geometry->nodes[edge->tail].center.x;
            self->anim_from_y[edge->tail] = old_y[h] - geometry->nodes[edge->tail].center.y;
          }
      }

  if (animate && self->n_nodes <= ANIM_MAX_NODES && gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      memcpy (self->off_x, self->anim_from_x, sizeof (double) * self->n_nodes);
      memcpy (self->off_y, self->anim_from_y, sizeof (double) * self->n_nodes);
      self->anim_start = g_get_monotonic_time ();
      self->anim_progress = 0;
      self->anim_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), animation_tick_cb, NULL, NULL);
    }

  _dossier_graph_view_update_boxes (self);
  _dossier_graph_view_grid_build (self);

  /* The selection survives a new layout: find the window's entity again,
   * unless a restored view brings its own selection, and its own viewport
   * that scrolling to the window's entity would move. */
  if (self->selection != NULL && self->pending_selection == NULL)
    {
      /* The old nodes glide from where they were: no framing yet. */
      self->auto_frame = FRAME_NONE;
      selection_changed_cb (self->selection, self);
      self->auto_frame = auto_frame;
    }
  /* A restored view's selection, in the graph its filter made. */
  if (graph != NULL)
    {
      apply_pending_selection (self);
      g_clear_pointer (&self->pending_selection, g_strfreev);
    }

  rebuild_legend (self);
  update_accessible (self);
  /* A first graph gets the readable first view, and so does a new one that
   * shares no node with it while the view still frames itself. A graph that
   * grows from the old one keeps the viewport, so that the old nodes glide
   * from where they were; a resize frames it again. */
  if (old == NULL || (auto_frame != FRAME_NONE && !animate))
    {
      self->auto_frame = old == NULL ? FRAME_READABLE : auto_frame;
      self->fitted = FALSE;
      if (gtk_widget_get_width (GTK_WIDGET (self)) > 1)
        {
          self->fitted = TRUE;
          reframe (self);
        }
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "graph.export", graph != NULL);
  update_status_card (self);
  _dossier_graph_view_invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GRAPH]);
}

DossierGraph *
dossier_graph_view_get_graph (DossierGraphView *self)
{
  g_return_val_if_fail (DOSSIER_IS_GRAPH_VIEW (self), NULL);
  return self->graph;
}

void
dossier_graph_view_set_selection (DossierGraphView *self,
                                  DossierSelection *selection)
{
  g_return_if_fail (DOSSIER_IS_GRAPH_VIEW (self));

  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_func (self->selection, selection_changed_cb, self);
  g_set_object (&self->selection, selection);
  if (selection != NULL)
    g_signal_connect_object (selection, "changed", G_CALLBACK (selection_changed_cb), self, 0);
}

/* Over a graph, the spinner or message sits on a card above the faded graph;
 * over an empty view it is plain text, as a status page. */
static void
update_status_card (DossierGraphView *self)
{
  if (self->geometry != NULL && gtk_widget_get_visible (self->status_box))
    gtk_widget_add_css_class (self->status_box, "card");
  else
    gtk_widget_remove_css_class (self->status_box, "card");
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
dossier_graph_view_set_loading (DossierGraphView *self,
                                gboolean          loading,
                                GCancellable     *cancellable)
{
  g_return_if_fail (DOSSIER_IS_GRAPH_VIEW (self));

  g_set_object (&self->cancellable, (loading ? cancellable : NULL));
  gtk_spinner_set_spinning (self->spinner, loading);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), loading);
  gtk_widget_set_visible (self->cancel_button, loading && cancellable != NULL);
  if (loading)
    /* Translators: shown over the graph while Graphviz lays it out */
    gtk_label_set_text (self->message_label, _("Laying out the graph…"));
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), loading);
  gtk_widget_set_visible (self->status_box, loading);
  update_status_card (self);
}

void
dossier_graph_view_set_message (DossierGraphView *self,
                                const char       *message)
{
  g_return_if_fail (DOSSIER_IS_GRAPH_VIEW (self));

  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
  gtk_widget_set_visible (self->cancel_button, FALSE);
  gtk_widget_set_visible (self->status_box, message != NULL);
  update_status_card (self);
}

const char *
dossier_graph_view_get_engine (DossierGraphView *self)
{
  guint selected;

  g_return_val_if_fail (DOSSIER_IS_GRAPH_VIEW (self), NULL);

  selected = gtk_drop_down_get_selected (self->engine_dropdown);
  return selected >= 1 && selected <= G_N_ELEMENTS (engines) ? engines[selected - 1] : NULL;
}

void
dossier_graph_view_set_engine (DossierGraphView *self,
                               const char       *engine)
{
  guint selected = 0;

  g_return_if_fail (DOSSIER_IS_GRAPH_VIEW (self));

  for (guint i = 0; engine != NULL && i < G_N_ELEMENTS (engines); i++)
    if (g_str_equal (engines[i], engine))
      selected = i + 1;
  gtk_drop_down_set_selected (self->engine_dropdown, selected);
}

DossierGraphScope
dossier_graph_view_get_scope (DossierGraphView *self)
{
  g_return_val_if_fail (DOSSIER_IS_GRAPH_VIEW (self), DOSSIER_GRAPH_SCOPE_OPEN_DOCUMENTS);
  return self->scope;
}

void
dossier_graph_view_set_scope (DossierGraphView  *self,
                              DossierGraphScope  scope)
{
  g_return_if_fail (DOSSIER_IS_GRAPH_VIEW (self));

  scope = scope == DOSSIER_GRAPH_SCOPE_CORPUS ? DOSSIER_GRAPH_SCOPE_CORPUS : DOSSIER_GRAPH_SCOPE_OPEN_DOCUMENTS;
  if (scope == self->scope)
    return;
  self->scope = scope;
  /* Choosing a scope asks for all of it, not the neighbourhood Expand made. */
  g_ptr_array_set_size (self->centres, 0);
  g_ptr_array_set_size (self->expanded, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCOPE]);
}

GStrv
dossier_graph_view_dup_centres (DossierGraphView *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (DOSSIER_IS_GRAPH_VIEW (self), NULL);

  for (guint i = 0; i < self->centres->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (self->centres, i));
  return g_strv_builder_end (builder);
}

gboolean
dossier_graph_view_get_kind_shown (DossierGraphView *self,
                                   const char       *kind)
{
  g_return_val_if_fail (DOSSIER_IS_GRAPH_VIEW (self), TRUE);
  return kind == NULL || !g_hash_table_contains (self->hidden_kinds, kind);
}

void
dossier_graph_view_set_kind_shown (DossierGraphView *self,
                                   const char       *kind,
                                   gboolean          shown)
{
  g_return_if_fail (DOSSIER_IS_GRAPH_VIEW (self));
  g_return_if_fail (kind != NULL);

  if (shown)
    g_hash_table_remove (self->hidden_kinds, kind);
  else
    g_hash_table_add (self->hidden_kinds, g_strdup (kind));
  for (GtkWidget *cell = gtk_widget_get_first_child (self->legend); cell; cell = gtk_widget_get_next_sibling (cell))
    {
      GtkWidget *b = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (cell));

      if (g_strcmp0 (g_object_get_data (G_OBJECT (b), "kind"), kind) == 0)
        gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (b), shown);
    }
  for (guint i = 0; i < self->n_nodes; i++)
    if (g_strcmp0 (self->geometry->nodes[i].kind, kind) == 0)
      {
        if (!shown)
          self->flags[i] |= NODE_HIDDEN;
        else if (!g_hash_table_contains (self->hidden_keys, self->geometry->nodes[i].key))
          self->flags[i] &= ~NODE_HIDDEN;
      }
  self->grid_valid = FALSE;
  _dossier_graph_view_invalidate (self);
}

void
dossier_graph_view_prepare_graph (DossierGraphView *self,
                                  DossierGraph     *graph)
{
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (DOSSIER_IS_GRAPH_VIEW (self));
  g_return_if_fail (DOSSIER_IS_GRAPH (graph));

  if (self->graph != NULL && self->graph != graph)
    dossier_graph_keep_positions (graph, self->graph);
  dossier_graph_set_size_by (graph, self->size_by);
  g_hash_table_iter_init (&iter, self->pins);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const graphene_point_t *pin = value;

      dossier_graph_pin_node (graph, key, pin->x, pin->y);
    }
}

double
dossier_graph_view_get_zoom (DossierGraphView *self)
{
  g_return_val_if_fail (DOSSIER_IS_GRAPH_VIEW (self), 1.0);
  return self->zoom;
}

void
dossier_graph_view_get_offset (DossierGraphView *self,
                               double           *x,
                               double           *y)
{
  g_return_if_fail (DOSSIER_IS_GRAPH_VIEW (self));
  if (x != NULL)
    *x = self->offset_x;
  if (y != NULL)
    *y = self->offset_y;
}

void
dossier_graph_view_zoom_at (DossierGraphView *self,
                            double            zoom,
                            double            x,
                            double            y)
{
  double gx, gy;

  g_return_if_fail (DOSSIER_IS_GRAPH_VIEW (self));

  zoom = CLAMP (zoom, DOSSIER_GRAPH_VIEW_MIN_ZOOM, DOSSIER_GRAPH_VIEW_MAX_ZOOM);
  dossier_graph_view_widget_to_graph (self, x, y, &gx, &gy);
  set_view (self, zoom, x - gx * zoom, y - gy * zoom);
}

void
dossier_graph_view_pan_by (DossierGraphView *self,
                           double            dx,
                           double            dy)
{
  g_return_if_fail (DOSSIER_IS_GRAPH_VIEW (self));
  set_view (self, self->zoom, self->offset_x + dx, self->offset_y + dy);
}

/* The part of the widget the graph can be framed in: below the toolbar,
 * above the legend, with a margin around. */
static void
frame_area (DossierGraphView *self,
            double           *x,
            double           *y,
            double           *width,
            double           *height)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self));
  int h = gtk_widget_get_height (GTK_WIDGET (self));
  int top = 8, bottom = 8;

  /* Measured for this width rather than read from the last allocation: a
   * new legend, or a narrower pane, changes their heights. */
  if (gtk_widget_get_visible (self->toolbar))
    {
      int th = 0;

      gtk_widget_measure (self->toolbar, GTK_ORIENTATION_VERTICAL, w, NULL, &th, NULL, NULL);
      top += th;
    }
  if (gtk_widget_get_visible (self->legend))
    {
      int lw = 0, lh = 0;

      legend_size (self, w, &lw, &lh);
      bottom += lh;
    }
  *x = 8;
  *y = top;
  *width = MAX (w - 16, 1);
  *height = MAX (h - top - bottom, 1);
}

/* Sets the viewport for the automatic framing @mode, which a resize repeats. */
static void
frame_view (DossierGraphView *self,
            int               mode,
            double            zoom,
            double            offset_x,
            double            offset_y)
{
  self->framing = TRUE;
  set_view (self, zoom, offset_x, offset_y);
  self->framing = FALSE;
  self->auto_frame = mode;
  self->framed_width = gtk_widget_get_width (GTK_WIDGET (self));
  self->framed_height = gtk_widget_get_height (GTK_WIDGET (self));
}

/* The zoom that shows all of @box, and the offsets that centre it. */
static double
box_view (DossierGraphView *self,
          const Box        *box,
          double            zoom,
          double           *offset_x,
          double           *offset_y)
{
  double ax, ay, aw, ah;
  double bw = MAX (box->x1 - box->x0, 1), bh = MAX (box->y1 - box->y0, 1);

  frame_area (self, &ax, &ay, &aw, &ah);
  /* In a low pane the toolbar and the legend leave a strip: the graph is
   * centred in it, but fitted to half the height, under them. */
  if (zoom <= 0)
    zoom = MIN (aw / bw, MAX (ah, gtk_widget_get_height (GTK_WIDGET (self)) / 2.0) / bh);
  *offset_x = ax + aw / 2.0 - (box->x0 + bw / 2) * zoom;
  *offset_y = ay + ah / 2.0 - (box->y0 + bh / 2) * zoom;
  return zoom;
}

static void
fit_box (DossierGraphView *self,
         const Box        *box,
         double            max_zoom)
{
  double zoom, x, y;

  if (gtk_widget_get_width (GTK_WIDGET (self)) <= 1 || gtk_widget_get_height (GTK_WIDGET (self)) <= 1)
    return;
  zoom = CLAMP (box_view (self, box, 0, &x, &y), DOSSIER_GRAPH_VIEW_MIN_ZOOM, max_zoom);
  box_view (self, box, zoom, &x, &y);
  set_view (self, zoom, x, y);
}

/* Where a node will be once an animation to the new layout ends. */
static void
final_node_box (DossierGraphView *self,
                guint             i,
                Box              *box)
{
  double tx, ty;

  pinned_offset (self, i, &tx, &ty);
  *box = self->node_box[i];
  box->x0 += tx - self->off_x[i];
  box->x1 += tx - self->off_x[i];
  box->y0 += ty - self->off_y[i];
  box->y1 += ty - self->off_y[i];
}

static void
box_union (Box       *box,
           const Box *other)
{
  box->x0 = MIN (box->x0, other->x0);
  box->y0 = MIN (box->y0, other->y0);
  box->x1 = MAX (box->x1, other->x1);
  box->y1 = MAX (box->y1, other->y1);
}

/* The box of the shown nodes with all of @flags (0: every shown node). */
static gboolean
nodes_box (DossierGraphView *self,
           guint8            flags,
           Box              *box)
{
  *box = (Box) { G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE };
  for (guint i = 0; i < self->n_nodes; i++)
    if ((self->flags[i] & NODE_HIDDEN) == 0 && (self->flags[i] & flags) == flags)
      {
        Box node;

        final_node_box (self, i, &node);
        box_union (box, &node);
      }
  return box->x0 <= box->x1;
}

/* The most connected shown nodes, as many of the first few as fit together at
 * @zoom in the frame. */
static gboolean
hubs_box (DossierGraphView *self,
          double            zoom,
          Box              *box)
{
  enum { N_HUBS = 5 };
  int hubs[N_HUBS] = { -1, -1, -1, -1, -1 };
  double ax, ay, aw, ah;

  for (guint i = 0; i < self->n_nodes; i++)
    {
      guint k;

      if (self->flags[i] & NODE_HIDDEN)
        continue;
      for (k = 0; k < N_HUBS; k++)
        if (hubs[k] < 0 || self->degree[i] > self->degree[hubs[k]])
          break;
      if (k == N_HUBS)
        continue;
      memmove (&hubs[k + 1], &hubs[k], sizeof (int) * (N_HUBS - k - 1));
      hubs[k] = (int) i;
    }
  if (hubs[0] < 0)
    return FALSE;

  frame_area (self, &ax, &ay, &aw, &ah);
  final_node_box (self, hubs[0], box);
  for (guint k = 1; k < N_HUBS && hubs[k] >= 0; k++)
    {
      Box node, both = *box;

      final_node_box (self, hubs[k], &node);
      box_union (&both, &node);
      if ((both.x1 - both.x0) * zoom <= aw && (both.y1 - both.y0) * zoom <= ah)
        *box = both;
    }
  return TRUE;
}

/* Frames the graph again as it was last framed automatically. */
static void
reframe (DossierGraphView *self)
{
  if (self->auto_frame == FRAME_WHOLE)
    dossier_graph_view_fit (self);
  else if (self->auto_frame == FRAME_READABLE)
    dossier_graph_view_frame (self);
}

void
dossier_graph_view_fit (DossierGraphView *self)
{
  Box box;
  double zoom, x, y;

  g_return_if_fail (DOSSIER_IS_GRAPH_VIEW (self));

  if (gtk_widget_get_width (GTK_WIDGET (self)) <= 1 || gtk_widget_get_height (GTK_WIDGET (self)) <= 1
      || !nodes_box (self, 0, &box))
    return;
  zoom = CLAMP (box_view (self, &box, 0, &x, &y), DOSSIER_GRAPH_VIEW_MIN_ZOOM, 2.0);
  box_view (self, &box, zoom, &x, &y);
  frame_view (self, FRAME_WHOLE, zoom, x, y);
}

void
dossier_graph_view_frame (DossierGraphView *self)
{
  Box box;
  double zoom, x, y;

  g_return_if_fail (DOSSIER_IS_GRAPH_VIEW (self));

  if (gtk_widget_get_width (GTK_WIDGET (self)) <= 1 || gtk_widget_get_height (GTK_WIDGET (self)) <= 1
      || !nodes_box (self, 0, &box))
    return;
  zoom = CLAMP (box_view (self, &box, 0, &x, &y), DOSSIER_GRAPH_VIEW_MIN_ZOOM, 2.0);
  /* Too large to read whole: the selection, or the most connected nodes, at
   * a zoom where labels can be read; Fit still shows everything. */
  if (zoom < DOSSIER_GRAPH_VIEW_READABLE_ZOOM)
    {
      zoom = DOSSIER_GRAPH_VIEW_READABLE_ZOOM;
      if (!nodes_box (self, NODE_SELECTED, &box))
        hubs_box (self, zoom, &box);
    }
  box_view (self, &box, zoom, &x, &y);
  frame_view (self, FRAME_READABLE, zoom, x, y);
}

gboolean
dossier_graph_view_get_auto_framed (DossierGraphView *self)
{
  g_return_val_if_fail (DOSSIER_IS_GRAPH_VIEW (self), FALSE);
  return self->auto_frame != FRAME_NONE;
}

void
dossier_graph_view_zoom_to_selection (DossierGraphView *self)
{
  Box box;

  g_return_if_fail (DOSSIER_IS_GRAPH_VIEW (self));

  if (nodes_box (self, NODE_SELECTED, &box))
    {
      fit_box (self, &box, 2.0);
      self->auto_frame = FRAME_NONE;
    }
}

void
dossier_graph_view_widget_to_graph (DossierGraphView *self,
                                    double            x,
                                    double            y,
                                    double           *gx,
                                    double           *gy)
{
  *gx = (x - self->offset_x) / self->zoom;
  *gy = (y - self->offset_y) / self->zoom;
}

void
dossier_graph_view_graph_to_widget (DossierGraphView *self,
                                    double            gx,
                                    double            gy,
                                    double           *x,
                                    double           *y)
{
  *x = gx * self->zoom + self->offset_x;
  *y = gy * self->zoom + self->offset_y;
}

int
dossier_graph_view_node_at (DossierGraphView *self,
                            double            x,
                            double            y)
{
  g_autoptr(GArray) nodes = NULL;
  Box box;

  g_return_val_if_fail (DOSSIER_IS_GRAPH_VIEW (self), -1);

  if (self->geometry == NULL)
    return -1;
  dossier_graph_view_widget_to_graph (self, x, y, &box.x0, &box.y0);
  box.x1 = box.x0;
  box.y1 = box.y0;
  nodes = g_array_new (FALSE, FALSE, sizeof (guint));
  _dossier_graph_view_grid_query (self, &box, nodes, NULL);
  /* The last drawn is on top. */
  return nodes->len > 0 ? (int) g_array_index (nodes, guint, nodes->len - 1) : -1;
}

int
dossier_graph_view_edge_at (DossierGraphView *self,
                            double            x,
                            double            y)
{
  g_autoptr(GArray) edges = NULL;
  double tolerance, gx, gy;
  Box box;

  g_return_val_if_fail (DOSSIER_IS_GRAPH_VIEW (self), -1);

  if (self->geometry == NULL)
    return -1;
  tolerance = EDGE_TOLERANCE / self->zoom;
  dossier_graph_view_widget_to_graph (self, x, y, &gx, &gy);
  box = (Box) { gx - tolerance, gy - tolerance, gx + tolerance, gy + tolerance };
  edges = g_array_new (FALSE, FALSE, sizeof (guint));
  _dossier_graph_view_grid_query (self, &box, NULL, edges);
  for (guint k = edges->len; k > 0; k--)
    {
      guint i = g_array_index (edges, guint, k - 1);

      if (_dossier_graph_view_edge_hit (self, i, gx, gy, tolerance))
        return (int) i;
    }
  return -1;
}

gboolean
dossier_graph_view_get_node_bounds (DossierGraphView *self,
                                    guint             node,
                                    graphene_rect_t  *bounds)
{
  const Box *box;

  g_return_val_if_fail (DOSSIER_IS_GRAPH_VIEW (self), FALSE);

  if (node >= self->n_nodes)
    return FALSE;
  box = &self->node_box[node];
  graphene_rect_init (bounds, box->x0 * self->zoom + self->offset_x, box->y0 * self->zoom + self->offset_y,
                      (box->x1 - box->x0) * self->zoom, (box->y1 - box->y0) * self->zoom);
  return TRUE;
}

GArray *
dossier_graph_view_dup_visible_nodes (DossierGraphView *self)
{
  GArray *nodes = g_array_new (FALSE, FALSE, sizeof (guint));
  Box box;

  g_return_val_if_fail (DOSSIER_IS_GRAPH_VIEW (self), nodes);

  if (self->geometry == NULL)
    return nodes;
  dossier_graph_view_widget_to_graph (self, 0, 0, &box.x0, &box.y0);
  dossier_graph_view_widget_to_graph (self, gtk_widget_get_width (GTK_WIDGET (self)),
                                      gtk_widget_get_height (GTK_WIDGET (self)), &box.x1, &box.y1);
  _dossier_graph_view_grid_query (self, &box, nodes, NULL);
  return nodes;
}

void
dossier_graph_view_select_node (DossierGraphView *self,
                                guint             node,
                                gboolean          add)
{
  g_return_if_fail (DOSSIER_IS_GRAPH_VIEW (self));
  g_return_if_fail (node < self->n_nodes);

  if (!add)
    for (guint i = 0; i < self->n_nodes; i++)
      self->flags[i] &= ~NODE_SELECTED;
  else if (self->flags[node] & NODE_SELECTED)
    {
      /* Ctrl+click on a selected node takes it out. */
      self->flags[node] &= ~NODE_SELECTED;
      emit_selection_changed (self, -1);
      return;
    }
  self->flags[node] |= NODE_SELECTED;
  emit_selection_changed (self, node);
}

void
dossier_graph_view_unselect_all (DossierGraphView *self)
{
  gboolean any = FALSE;

  g_return_if_fail (DOSSIER_IS_GRAPH_VIEW (self));

  for (guint i = 0; i < self->n_nodes; i++)
    {
      any |= (self->flags[i] & NODE_SELECTED) != 0;
      self->flags[i] &= ~NODE_SELECTED;
    }
  if (any)
    emit_selection_changed (self, -1);
}

gboolean
dossier_graph_view_is_node_selected (DossierGraphView *self,
                                     guint             node)
{
  g_return_val_if_fail (DOSSIER_IS_GRAPH_VIEW (self), FALSE);
  return node < self->n_nodes && (self->flags[node] & NODE_SELECTED) != 0;
}

guint
dossier_graph_view_get_n_selected (DossierGraphView *self)
{
  guint n = 0;

  g_return_val_if_fail (DOSSIER_IS_GRAPH_VIEW (self), 0);
  for (guint i = 0; i < self->n_nodes; i++)
    n += (self->flags[i] & NODE_SELECTED) != 0;
  return n;
}

int
dossier_graph_view_get_focus_node (DossierGraphView *self)
{
  g_return_val_if_fail (DOSSIER_IS_GRAPH_VIEW (self), -1);
  return self->focus_node;
}

void
dossier_graph_view_set_focus_node (DossierGraphView *self,
                                   int               node)
{
  g_return_if_fail (DOSSIER_IS_GRAPH_VIEW (self));
  g_return_if_fail (node < (int) self->n_nodes);

  self->focus_node = node;
  if (node >= 0)
    ensure_visible (self, node);
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

int
dossier_graph_view_get_hover_node (DossierGraphView *self)
{
  g_return_val_if_fail (DOSSIER_IS_GRAPH_VIEW (self), -1);
  return self->hover_node;
}

void
dossier_graph_view_pin_node (DossierGraphView *self,
                             guint             node,
                             double            x,
                             double            y)
{
  graphene_point_t *pin;

  g_return_if_fail (DOSSIER_IS_GRAPH_VIEW (self));
  g_return_if_fail (node < self->n_nodes);

  pin = g_new (graphene_point_t, 1);
  pin->x = x;
  pin->y = y;
  g_hash_table_replace (self->pins, g_strdup (self->geometry->nodes[node].key), pin);
  self->flags[node] |= NODE_PINNED;
  pinned_offset (self, node, &self->off_x[node], &self->off_y[node]);
  _dossier_graph_view_update_boxes (self);
  _dossier_graph_view_invalidate (self);
}

gboolean
dossier_graph_view_is_node_pinned (DossierGraphView *self,
                                   guint             node)
{
  g_return_val_if_fail (DOSSIER_IS_GRAPH_VIEW (self), FALSE);
  return node < self->n_nodes && (self->flags[node] & NODE_PINNED) != 0;
}

void
dossier_graph_view_hide_node (DossierGraphView *self,
                              guint             node)
{
  g_return_if_fail (DOSSIER_IS_GRAPH_VIEW (self));
  g_return_if_fail (node < self->n_nodes);

  g_hash_table_add (self->hidden_keys, g_strdup (self->geometry->nodes[node].key));
  self->flags[node] |= NODE_HIDDEN;
  self->flags[node] &= ~NODE_SELECTED;
  if (self->hover_node == (int) node)
    self->hover_node = -1;
  if (self->focus_node == (int) node)
    self->focus_node = -1;
  self->grid_valid = FALSE;
  update_neighbours (self);
  _dossier_graph_view_invalidate (self);
}

guint
dossier_graph_view_search (DossierGraphView *self,
                           const char       *text)
{
  g_autofree char *needle = NULL;

  g_return_val_if_fail (DOSSIER_IS_GRAPH_VIEW (self), 0);

  g_array_set_size (self->matches, 0);
  self->match_cursor = 0;
  needle = text != NULL && *text != '\0' ? g_utf8_casefold (text, -1) : NULL;
  for (guint i = 0; i < self->n_nodes; i++)
    {
      const DossierGraphNode *node = graph_node (self, i);
      gboolean match = FALSE;

      self->flags[i] &= ~NODE_MATCH;
      if (needle != NULL && node != NULL)
        {
          g_autofree char *name = g_utf8_casefold (node->name != NULL ? node->name : "", -1);
          g_autofree char *label = g_utf8_casefold (node->label != NULL ? node->label : "", -1);

          match = strstr (name, needle) != NULL || strstr (label, needle) != NULL;
        }
      if (match && (self->flags[i] & NODE_HIDDEN) == 0)
        {
          self->flags[i] |= NODE_MATCH;
          g_array_append_val (self->matches, i);
        }
    }
  _dossier_graph_view_invalidate (self);
  return self->matches->len;
}

gboolean
dossier_graph_view_next_match (DossierGraphView *self)
{
  guint node;

  g_return_val_if_fail (DOSSIER_IS_GRAPH_VIEW (self), FALSE);

  if (self->matches->len == 0)
    return FALSE;
  node = g_array_index (self->matches, guint, self->match_cursor % self->matches->len);
  self->match_cursor++;
  self->focus_node = node;
  dossier_graph_view_select_node (self, node, FALSE);
  ensure_visible (self, node);
  update_accessible (self);
  return TRUE;
}

static void
draw_shown (DossierGraphView *self,
            cairo_t          *cr,
            double            zoom,
            Box              *box)
{
  g_autoptr(GArray) nodes = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) edges = g_array_new (FALSE, FALSE, sizeof (guint));
  DrawStyle style;

  _dossier_graph_view_get_style (self, &style);
  style.scale = zoom;
  _dossier_graph_view_grid_query (self, box, nodes, edges);
  cairo_scale (cr, zoom, zoom);
  cairo_translate (cr, -box->x0, -box->y0);
  _dossier_graph_view_draw_items (self, cr, &style, nodes, edges);
}

static gboolean
shown_box (DossierGraphView *self,
           Box              *box)
{
  if (self->geometry == NULL)
    return FALSE;
  if (!self->grid_valid)
    _dossier_graph_view_grid_build (self);
  *box = (Box) { G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE };
  for (guint i = 0; i < self->n_nodes; i++)
    if ((self->flags[i] & NODE_HIDDEN) == 0)
      {
        box->x0 = MIN (box->x0, self->node_box[i].x0 - 8);
        box->y0 = MIN (box->y0, self->node_box[i].y0 - 8);
        box->x1 = MAX (box->x1, self->node_box[i].x1 + 8);
        box->y1 = MAX (box->y1, self->node_box[i].y1 + 8);
      }
  return box->x0 < box->x1;
}

GdkTexture *
dossier_graph_view_render_texture (DossierGraphView *self,
                                   double            zoom,
                                   gboolean          dark)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  g_autoptr(GBytes) bytes = NULL;
  GdkTexture *texture;
  Box box;
  int width, height;

  g_return_val_if_fail (DOSSIER_IS_GRAPH_VIEW (self), NULL);

  if (!shown_box (self, &box))
    return NULL;
  width = CLAMP ((int) ceil ((box.x1 - box.x0) * zoom), 1, 8192);
  height = CLAMP ((int) ceil ((box.y1 - box.y0) * zoom), 1, 8192);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  if (dark)
    cairo_set_source_rgb (cr, 0x1e / 255.0, 0x1e / 255.0, 0x1e / 255.0);
  else
    cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  draw_shown (self, cr, zoom, &box);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  bytes = g_bytes_new (cairo_image_surface_get_data (surface),
                       (gsize) cairo_image_surface_get_stride (surface) * height);
  texture = gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, bytes,
                                    cairo_image_surface_get_stride (surface));
  cairo_surface_destroy (surface);
  return texture;
}

gboolean
dossier_graph_view_export_file (DossierGraphView  *self,
                                const char        *format,
                                const char        *path,
                                GError           **error)
{
  DossierGraphFormat graph_format;
  Box box;

  g_return_val_if_fail (DOSSIER_IS_GRAPH_VIEW (self), FALSE);

  if (self->graph == NULL || !shown_box (self, &box))
    {
      g_set_error_literal (error, DOSSIER_GRAPH_ERROR, DOSSIER_GRAPH_ERROR_NO_LAYOUT,
                           _("There is no graph to export."));
      return FALSE;
    }

  /* Pictures are drawn by the view itself, so that they hold exactly what it
   * shows: hidden nodes left out, pinned nodes where the user put them. */
  if (g_strcmp0 (format, "png") == 0)
    {
      g_autoptr(GdkTexture) texture = dossier_graph_view_render_texture (self, 2.0, FALSE);

      if (!gdk_texture_save_to_png (texture, path))
        {
          g_set_error (error, DOSSIER_GRAPH_ERROR, DOSSIER_GRAPH_ERROR_EXPORT,
                       /* Translators: %s is a file name */
                       _("Could not write the picture “%s”."), path);
          return FALSE;
        }
      return TRUE;
    }
  if (g_strcmp0 (format, "svg") == 0 || g_strcmp0 (format, "pdf") == 0)
    {
      double w = box.x1 - box.x0, h = box.y1 - box.y0;
      cairo_surface_t *surface = g_str_equal (format, "svg")
                                 ? cairo_svg_surface_create (path, w, h)
                                 : cairo_pdf_surface_create (path, w, h);
      cairo_t *cr = cairo_create (surface);
      cairo_status_t status;

      draw_shown (self, cr, 1.0, &box);
      cairo_destroy (cr);
      cairo_surface_finish (surface);
      status = cairo_surface_status (surface);
      cairo_surface_destroy (surface);
      if (status != CAIRO_STATUS_SUCCESS)
        {
          g_set_error (error, DOSSIER_GRAPH_ERROR, DOSSIER_GRAPH_ERROR_EXPORT,
                       /* Translators: %s is a file name */
                       _("Could not write the picture “%s”."), path);
          return FALSE;
        }
      return TRUE;
    }
  if (!dossier_graph_format_from_string (format, &graph_format))
    {
      g_set_error (error, DOSSIER_GRAPH_ERROR, DOSSIER_GRAPH_ERROR_INVALID,
                   /* Translators: %s is a file format such as "dot" */
                   _("Dossier cannot export the graph as “%s”."), format);
      return FALSE;
    }
  return dossier_graph_export_file (self->graph, graph_format, path, error);
}

/* The keys of the centres and expanded nodes of @filter become the view's, so
 * that a graph built later from the toolbar's filter grows the same way. */
static void
follow_filter_growth (DossierGraphView         *self,
                      const DossierGraphFilter *filter)
{
  const char * const *centres = dossier_graph_filter_get_centres (filter);

  g_ptr_array_set_size (self->centres, 0);
  for (guint i = 0; centres != NULL && centres[i] != NULL; i++)
    g_ptr_array_add (self->centres, g_strdup (centres[i]));
  for (guint i = 0; i < self->n_nodes; i++)
    {
      const char *key = self->geometry->nodes[i].key;

      if (dossier_graph_filter_is_expanded (filter, key)
          && !g_ptr_array_find_with_equal_func (self->expanded, key, g_str_equal, NULL))
        g_ptr_array_add (self->expanded, g_strdup (key));
    }
}

/* Lays out @graph off the main thread, keeping the positions and pins; the
 * view glides to it when it is ready. */
static void
grow_to (DossierGraphView *self,
         DossierGraph     *graph)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  dossier_graph_view_prepare_graph (self, graph);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  dossier_graph_view_set_loading (self, TRUE, cancellable);
  dossier_graph_layout_async (graph, dossier_graph_view_get_engine (self), cancellable,
                              expand_layout_cb, g_object_ref (self));
}

/* How many nodes of @graph the view does not show yet. */
static guint
count_new_nodes (DossierGraphView *self,
                 DossierGraph     *graph)
{
  guint n = 0;

  for (guint i = 0; i < dossier_graph_get_n_nodes (graph); i++)
    if (dossier_graph_geometry_node_index (self->geometry, dossier_graph_get_node (graph, i)->key) < 0)
      n++;
  return n;
}

/* Shows the neighbours of @node that the user hid (one by one, or by kind in
 * the legend); returns how many. */
static guint
reveal_hidden_neighbours (DossierGraphView *self,
                          guint             node)
{
  guint n = 0;

  for (guint i = 0; i < self->n_edges; i++)
    {
      const DossierGraphEdgeGeometry *edge = &self->geometry->edges[i];
      guint other;

      if (edge->tail != node && edge->head != node)
        continue;
      other = edge->tail == node ? edge->head : edge->tail;
      if (self->flags[other] & NODE_HIDDEN)
        {
          self->flags[other] &= ~NODE_HIDDEN;
          g_hash_table_remove (self->hidden_keys, self->geometry->nodes[other].key);
          n++;
        }
    }
  if (n > 0)
    {
      self->grid_valid = FALSE;
      _dossier_graph_view_invalidate (self);
    }
  return n;
}

gboolean
dossier_graph_view_expand_node (DossierGraphView  *self,
                                guint              node,
                                GError           **error)
{
  g_autoptr(DossierGraphFilter) filter = NULL;
  g_autoptr(DossierGraph) graph = NULL;
  const DossierGraphNode *gnode;
  DossierStore *store;

  g_return_val_if_fail (DOSSIER_IS_GRAPH_VIEW (self), FALSE);

  gnode = graph_node (self, node);
  store = self->graph != NULL ? dossier_graph_get_store (self->graph) : NULL;
  filter = self->graph != NULL ? dossier_graph_dup_filter (self->graph) : NULL;
  if (gnode == NULL || store == NULL || filter == NULL)
    {
      g_set_error_literal (error, DOSSIER_GRAPH_ERROR, DOSSIER_GRAPH_ERROR_INVALID,
                           _("This graph was not made from the corpus: it cannot grow."));
      return FALSE;
    }

  /* Neighbours the user hid come back first: they need no new graph. */
  if (g_strcmp0 (gnode->kind, "more") != 0 && reveal_hidden_neighbours (self, node) > 0)
    return TRUE;

  if (g_strcmp0 (gnode->kind, "more") == 0 && gnode->parent_key != NULL)
    dossier_graph_filter_add_expanded (filter, gnode->parent_key);
  else if (dossier_graph_filter_get_centres (filter) != NULL
           && dossier_graph_filter_get_centres (filter)[0] != NULL)
    {
      if (g_strv_contains (dossier_graph_filter_get_centres (filter), gnode->key)
          && dossier_graph_filter_is_expanded (filter, gnode->key))
        {
          g_set_error (error, DOSSIER_GRAPH_ERROR, DOSSIER_GRAPH_ERROR_INVALID,
                       /* Translators: %s is an entity's name */
                       _("Every neighbour of “%s” is shown already."), gnode->name);
          return FALSE;
        }
      if (!g_strv_contains (dossier_graph_filter_get_centres (filter), gnode->key))
        dossier_graph_filter_add_centre (filter, gnode->key);
      else
        dossier_graph_filter_add_expanded (filter, gnode->key);
    }
  else
    {
      /* A graph of the whole scope (open documents or corpus), where every
       * shown neighbour is on screen already, lost among hundreds of nodes.
       * First, the neighbours that the node cap left out join the graph. */
      dossier_graph_filter_add_expanded (filter, gnode->key);
      if (!(graph = dossier_graph_new_from_store (store, filter, error)))
        return FALSE;
      if (count_new_nodes (self, graph) == 0)
        {
          g_autofree char *message = NULL;

          /* None: the graph narrows to the node and its neighbours, the way an
           * analyst isolates a node's ego network, in place; Collapse on it
           * brings the whole graph back. */
          g_clear_object (&graph);
          dossier_graph_filter_add_centre (filter, gnode->key);
          dossier_graph_filter_set_depth (filter, 1);
          if (!(graph = dossier_graph_new_from_store (store, filter, error)))
            return FALSE;
          /* Translators: %s is an entity's name; Collapse is the graph node menu's item */
          message = g_strdup_printf (_("The graph shows “%s” and its neighbours. Collapse it to see the whole graph again."),
                                     gnode->name);
          toast (self, message);
          self->fit_next_graph = TRUE;
        }
    }

  if (graph == NULL && !(graph = dossier_graph_new_from_store (store, filter, error)))
    return FALSE;
  follow_filter_growth (self, filter);
  grow_to (self, graph);
  return TRUE;
}

/* The way back from a neighbourhood: Collapse on one of its centres takes it
 * out, and the last one out brings back the whole scope. FALSE when @node is
 * not a centre that the view added. */
static gboolean
collapse_centre (DossierGraphView *self,
                 guint             node)
{
  g_autoptr(DossierGraphFilter) filter = NULL;
  g_autoptr(DossierGraphFilter) narrower = NULL;
  g_autoptr(DossierGraph) graph = NULL;
  g_autoptr(GError) error = NULL;
  const DossierGraphNode *gnode = graph_node (self, node);
  DossierStore *store = self->graph != NULL ? dossier_graph_get_store (self->graph) : NULL;
  guint index;
  const char * const *centres;

  if (gnode == NULL || store == NULL
      || !g_ptr_array_find_with_equal_func (self->centres, gnode->key, g_str_equal, &index))
    return FALSE;
  filter = dossier_graph_dup_filter (self->graph);
  g_ptr_array_remove_index (self->centres, index);

  /* The graph's filter without that centre: the filter has no way to remove
   * one, its JSON has. */
  centres = dossier_graph_filter_get_centres (filter);
  {
    g_autoptr(JsonNode) json = dossier_graph_filter_to_json (filter);
    JsonObject *object = json_node_get_object (json);
    g_autoptr(JsonArray) kept = json_array_new ();

    for (guint i = 0; centres != NULL && centres[i] != NULL; i++)
      if (!g_str_equal (centres[i], gnode->key))
        json_array_add_string_element (kept, centres[i]);
    json_object_set_array_member (object, "centres", g_steal_pointer (&kept));
    if (!(narrower = dossier_graph_filter_new_from_json (json, &error)))
      {
        toast (self, error->message);
        return TRUE;
      }
  }
  if (!(graph = dossier_graph_new_from_store (store, narrower, &error)))
    {
      toast (self, error->message);
      return TRUE;
    }
  self->fit_next_graph = self->centres->len == 0;
  grow_to (self, graph);
  return TRUE;
}

/* Saved views */

static int
compare_strings (const void *a,
                 const void *b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

JsonNode *
dossier_graph_view_dup_state (DossierGraphView *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(DossierGraphFilter) filter = NULL;
  GHashTableIter iter;
  gpointer key, value;
  double cx, cy;
  guint n_kinds = 0;

  g_return_val_if_fail (DOSSIER_IS_GRAPH_VIEW (self), NULL);

  filter = self->graph != NULL ? dossier_graph_dup_filter (self->graph) : NULL;
  if (filter == NULL)
    filter = dossier_graph_filter_new ();
  dossier_graph_view_apply_filter (self, filter);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "filter");
  json_builder_add_value (builder, dossier_graph_filter_to_json (filter));
  json_builder_set_member_name (builder, "selection");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->n_nodes; i++)
    if (self->flags[i] & NODE_SELECTED)
      json_builder_add_string_value (builder, self->geometry->nodes[i].key);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "hidden");
  json_builder_begin_array (builder);
  g_hash_table_iter_init (&iter, self->hidden_keys);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    json_builder_add_string_value (builder, key);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "pinned");
  json_builder_begin_object (builder);
  g_hash_table_iter_init (&iter, self->pins);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const graphene_point_t *pin = value;

      json_builder_set_member_name (builder, key);
      json_builder_begin_array (builder);
      dossier_json_builder_add_double (builder, pin->x);
      dossier_json_builder_add_double (builder, pin->y);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "viewport");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "zoom");
  dossier_json_builder_add_double (builder, self->zoom);
  json_builder_set_member_name (builder, "x");
  dossier_json_builder_add_double (builder, self->offset_x);
  json_builder_set_member_name (builder, "y");
  dossier_json_builder_add_double (builder, self->offset_y);
  /* The graph point in the middle: another user's window has another size,
   * and the same point should be in the middle of it. */
  dossier_graph_view_widget_to_graph (self, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
                                      gtk_widget_get_height (GTK_WIDGET (self)) / 2.0, &cx, &cy);
  json_builder_set_member_name (builder, "centre-x");
  dossier_json_builder_add_double (builder, cx);
  json_builder_set_member_name (builder, "centre-y");
  dossier_json_builder_add_double (builder, cy);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "engine");
  if (dossier_graph_view_get_engine (self) != NULL)
    json_builder_add_string_value (builder, dossier_graph_view_get_engine (self));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "scope");
  json_builder_add_string_value (builder, self->scope == DOSSIER_GRAPH_SCOPE_CORPUS ? "corpus" : "open-documents");
  json_builder_set_member_name (builder, "colour-by");
  json_builder_add_string_value (builder, self->color_by == DOSSIER_GRAPH_COLOR_BY_COMMUNITY ? "community" : "kind");
  json_builder_set_member_name (builder, "size-by");
  json_builder_add_string_value (builder, self->size_by == DOSSIER_GRAPH_SIZE_BY_CENTRALITY ? "centrality" : "mentions");
  json_builder_set_member_name (builder, "hidden-kinds");
  json_builder_begin_array (builder);
  {
    g_autofree gpointer *kinds = g_hash_table_get_keys_as_array (self->hidden_kinds, &n_kinds);

    /* Sorted, so that the same view always writes the same JSON. */
    qsort (kinds, n_kinds, sizeof (gpointer), compare_strings);
    for (guint i = 0; i < n_kinds; i++)
      json_builder_add_string_value (builder, kinds[i]);
  }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gboolean
read_number (JsonObject *object,
             const char *member,
             double     *value)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || (json_node_get_value_type (node) != G_TYPE_DOUBLE && json_node_get_value_type (node) != G_TYPE_INT64))
    return FALSE;
  *value = json_node_get_double (node);
  return isfinite (*value);
}

/* A member that is an object, or NULL: a hand-edited file may hold anything. */
static JsonObject *
object_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* Selects the nodes a restored view named, once they are in the graph. */
static void
apply_pending_selection (DossierGraphView *self)
{
  gboolean first = TRUE;

  if (self->pending_selection == NULL || self->geometry == NULL)
    return;
  for (guint i = 0; self->pending_selection[i] != NULL; i++)
    {
      int node = dossier_graph_geometry_node_index (self->geometry, self->pending_selection[i]);

      if (node >= 0 && !(self->flags[node] & NODE_HIDDEN))
        {
          dossier_graph_view_select_node (self, node, !first);
          first = FALSE;
        }
    }
}

gboolean
dossier_graph_view_restore_state (DossierGraphView  *self,
                                  JsonNode          *state,
                                  GError           **error)
{
  g_autoptr(DossierGraphFilter) filter = NULL;
  g_autoptr(GStrvBuilder) selection = g_strv_builder_new ();
  JsonObject *object, *member_object;
  JsonArray *array;
  JsonNode *member;
  double zoom, x, y;
  guint n_changes;
  gboolean rebuilds = FALSE;

  g_return_val_if_fail (DOSSIER_IS_GRAPH_VIEW (self), FALSE);

  if (!dossier_saved_view_validate (state, error))
    return FALSE;
  object = json_node_get_object (state);
  if ((member = json_object_get_member (object, "filter")) != NULL
      && !(filter = dossier_graph_filter_new_from_json (member, error)))
    return FALSE;

  /* Pins and hidden nodes first: the new graph, built from the filter, uses them. */
  if ((member_object = object_member (object, "pinned")) != NULL)
    {
      g_autoptr(GList) names = json_object_get_members (member_object);

      g_hash_table_remove_all (self->pins);
      for (GList *l = names; l != NULL; l = l->next)
        {
          JsonNode *point = json_object_get_member (member_object, l->data);
          JsonArray *xy = JSON_NODE_HOLDS_ARRAY (point) ? json_node_get_array (point) : NULL;
          graphene_point_t *pin;

          if (xy == NULL || json_array_get_length (xy) != 2
              || !JSON_NODE_HOLDS_VALUE (json_array_get_element (xy, 0))
              || !JSON_NODE_HOLDS_VALUE (json_array_get_element (xy, 1)))
            continue;
          pin = g_new (graphene_point_t, 1);
          pin->x = json_array_get_double_element (xy, 0);
          pin->y = json_array_get_double_element (xy, 1);
          g_hash_table_replace (self->pins, g_strdup (l->data), pin);
        }
    }
  if ((member = json_object_get_member (object, "hidden")) != NULL && JSON_NODE_HOLDS_ARRAY (member))
    {
      array = json_node_get_array (member);
      g_hash_table_remove_all (self->hidden_keys);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *key = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (key) && json_node_get_value_type (key) == G_TYPE_STRING)
            g_hash_table_add (self->hidden_keys, g_strdup (json_node_get_string (key)));
        }
    }
  for (guint i = 0; i < self->n_nodes; i++)
    {
      const char *key = self->geometry->nodes[i].key;

      self->flags[i] &= ~(NODE_PINNED | NODE_HIDDEN);
      if (g_hash_table_contains (self->pins, key))
        self->flags[i] |= NODE_PINNED;
      if (g_hash_table_contains (self->hidden_keys, key))
        self->flags[i] |= NODE_HIDDEN;
      pinned_offset (self, i, &self->off_x[i], &self->off_y[i]);
    }
  if (self->n_nodes > 0)
    {
      _dossier_graph_view_update_boxes (self);
      _dossier_graph_view_grid_build (self);
    }

  if ((member = json_object_get_member (object, "selection")) != NULL && JSON_NODE_HOLDS_ARRAY (member))
    {
      array = json_node_get_array (member);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *key = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (key) && json_node_get_value_type (key) == G_TYPE_STRING)
            g_strv_builder_add (selection, json_node_get_string (key));
        }
    }
  g_strfreev (self->pending_selection);
  self->pending_selection = g_strv_builder_end (selection);
  dossier_graph_view_unselect_all (self);
  apply_pending_selection (self);

  member_object = object_member (object, "viewport");
  if (read_number (member_object, "zoom", &zoom))
    {
      int width = gtk_widget_get_width (GTK_WIDGET (self));
      int height = gtk_widget_get_height (GTK_WIDGET (self));

      zoom = CLAMP (zoom, DOSSIER_GRAPH_VIEW_MIN_ZOOM, DOSSIER_GRAPH_VIEW_MAX_ZOOM);
      /* The centre, where the view has it; a view saved before it had one
       * gives the offsets. A view without a size yet waits for one. */
      if (read_number (member_object, "centre-x", &x) && read_number (member_object, "centre-y", &y))
        {
          self->fitted = TRUE;
          self->auto_frame = FRAME_NONE;
          if (width > 1 && height > 1)
            set_view (self, zoom, width / 2.0 - x * zoom, height / 2.0 - y * zoom);
          else
            {
              self->pending_viewport = TRUE;
              self->pending_zoom = zoom;
              self->pending_centre_x = x;
              self->pending_centre_y = y;
            }
        }
      else if (read_number (member_object, "x", &x) && read_number (member_object, "y", &y))
        {
          self->fitted = TRUE;
          self->auto_frame = FRAME_NONE;
          set_view (self, zoom, x, y);
        }
    }

  /* The legend's kinds. */
  if ((member = json_object_get_member (object, "hidden-kinds")) != NULL && JSON_NODE_HOLDS_ARRAY (member))
    {
      g_autoptr(GHashTable) hidden = g_hash_table_new (g_str_hash, g_str_equal);
      const char * const *kinds = dossier_kinds_list ();

      array = json_node_get_array (member);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *kind = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (kind) && json_node_get_value_type (kind) == G_TYPE_STRING)
            g_hash_table_add (hidden, (gpointer) json_node_get_string (kind));
        }
      for (guint k = 0; kinds[k] != NULL; k++)
        dossier_graph_view_set_kind_shown (self, kinds[k], !g_hash_table_contains (hidden, kinds[k]));
    }

  /* The engine, the scope and what Expand made of the graph: each may build a
   * new graph, which the selection waits for. */
  n_changes = self->n_filter_changes;
  if ((member = json_object_get_member (object, "engine")) != NULL)
    {
      const char *engine = JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_STRING
                           ? json_node_get_string (member) : NULL;

      if ((engine == NULL || dossier_graph_engine_is_valid (engine))
          && g_strcmp0 (engine, dossier_graph_view_get_engine (self)) != 0)
        {
          dossier_graph_view_set_engine (self, engine);
          rebuilds = TRUE;
        }
    }
  if ((member = json_object_get_member (object, "colour-by")) != NULL
      && JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_STRING)
    dossier_graph_view_set_color_by (self, g_str_equal (json_node_get_string (member), "community")
                                           ? DOSSIER_GRAPH_COLOR_BY_COMMUNITY : DOSSIER_GRAPH_COLOR_BY_KIND);
  if ((member = json_object_get_member (object, "size-by")) != NULL
      && JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_STRING)
    dossier_graph_view_set_size_by (self, g_str_equal (json_node_get_string (member), "centrality")
                                          ? DOSSIER_GRAPH_SIZE_BY_CENTRALITY : DOSSIER_GRAPH_SIZE_BY_MENTIONS);
  if ((member = json_object_get_member (object, "scope")) != NULL
      && JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_STRING)
    {
      DossierGraphScope scope = g_str_equal (json_node_get_string (member), "corpus")
                                ? DOSSIER_GRAPH_SCOPE_CORPUS : DOSSIER_GRAPH_SCOPE_OPEN_DOCUMENTS;

      if (scope != self->scope)
        {
          dossier_graph_view_set_scope (self, scope);
          rebuilds = TRUE;
        }
    }
  if (filter != NULL)
    {
      const char * const *centres = dossier_graph_filter_get_centres (filter);
      gboolean grows = self->centres->len != g_strv_length ((char **) centres);

      for (guint i = 0; !grows && i < self->centres->len; i++)
        grows = !g_str_equal (g_ptr_array_index (self->centres, i), centres[i]);
      g_ptr_array_set_size (self->centres, 0);
      for (guint i = 0; centres[i] != NULL; i++)
        g_ptr_array_add (self->centres, g_strdup (centres[i]));
      g_ptr_array_set_size (self->expanded, 0);
      for (guint i = 0; i < self->n_nodes; i++)
        if (dossier_graph_filter_is_expanded (filter, self->geometry->nodes[i].key))
          g_ptr_array_add (self->expanded, g_strdup (self->geometry->nodes[i].key));
      if (grows)
        emit_filter_changed (self);
    }

  /* Last: the toolbar's filter, which makes the pane build the graph again;
   * the selection waits for that graph only when there is one to come. */
  if (filter != NULL)
    {
      g_autofree char *from = g_strdup (dossier_graph_filter_get_date_from (filter));
      g_autofree char *to = g_strdup (dossier_graph_filter_get_date_to (filter));

      dossier_graph_view_set_min_weight (self, dossier_graph_filter_get_min_weight (filter));
      dossier_graph_view_set_relations (self, dossier_graph_filter_get_relations (filter));
      if (!check_date (from, NULL))
        g_clear_pointer (&from, g_free);
      if (!check_date (to, NULL))
        g_clear_pointer (&to, g_free);
      dossier_graph_view_set_date_range (self, from, to, NULL);
    }
  if (!rebuilds && n_changes == self->n_filter_changes)
    g_clear_pointer (&self->pending_selection, g_strfreev);
  _dossier_graph_view_invalidate (self);
  return TRUE;
}

guint
dossier_graph_view_get_n_tiles_drawn (DossierGraphView *self)
{
  g_return_val_if_fail (DOSSIER_IS_GRAPH_VIEW (self), 0);
  return self->n_tiles_drawn;
}
