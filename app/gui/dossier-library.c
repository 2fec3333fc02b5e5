/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dossier-entities.h"
#include "dossier-entity-group.h"
#include "dossier-entity-item.h"
#include "dossier-kinds.h"
#include "dossier-library.h"
#include "dossier-locale.h"
#include "dossier-paths.h"

struct _DossierLibrary
{
  GtkWidget            parent_instance;

  DossierStore        *store;
  DossierSelection    *selection;
  GListModel          *documents;
  GtkSingleSelection  *document_selection;

  GListStore          *groups;         /* of DossierEntityGroup */
  GListStore          *entities;       /* the groups' DossierEntityItems, most mentioned first */
  GtkCustomFilter     *group_filter;   /* hides groups the filter emptied */
  GtkCustomFilter     *entity_filter;
  GtkTreeListModel    *entity_tree;
  char                *filter_text;    /* casefolded, NULL when empty */
  guint                n_entities;
  gboolean             entities_pending; /* set_model() left them unread */
  GCancellable        *load_cancellable; /* a load off the main thread */
  gint64               menu_document_id;
  GtkWidget           *document_menu_popover;

  /* Template widgets */
  GtkStack            *stack;
  GtkListView         *document_list;
  GtkSearchEntry      *entity_filter_entry;
  GtkStack            *entity_stack;
  GtkListView         *entity_list;
  AdwStatusPage       *entity_empty;
  GMenuModel          *document_menu;
};

G_DEFINE_FINAL_TYPE (DossierLibrary, dossier_library, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

enum {
  DOCUMENT_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void show_entities (DossierLibrary *self,
                           GPtrArray      *entities);

static gboolean
document_query_tooltip_cb (GtkWidget  *box,
                           int         x,
                           int         y,
                           gboolean    keyboard_mode,
                           GtkTooltip *tooltip,
                           gpointer    user_data)
{
  DossierDocumentInfo *info = g_object_get_data (G_OBJECT (box), "dossier-document");
  const char *title = info != NULL ? dossier_document_info_get_title (info) : NULL;

  if (title == NULL || *title == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, title);
  return TRUE;
}

static void
setup_document_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *details = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_lines (GTK_LABEL (title), 2);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (title), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (details), 0.0);
  /* A symbol, a kind and a long date do not fit on one line of a narrow
   * sidebar; the date is what got cut. */
  gtk_label_set_ellipsize (GTK_LABEL (details), PANGO_ELLIPSIZE_END);
  gtk_label_set_lines (GTK_LABEL (details), 2);
  gtk_label_set_wrap (GTK_LABEL (details), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (details), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (details, "dim-label");
  gtk_widget_add_css_class (details, "caption");
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), details);
  /* The tooltip is asked for when shown: setting one on every bound row made
   * GTK look for the pointer (three X round trips) for each row, at start-up
   * and at every scroll. */
  gtk_widget_set_has_tooltip (box, TRUE);
  g_signal_connect (box, "query-tooltip", G_CALLBACK (document_query_tooltip_cb), NULL);
  gtk_list_item_set_child (item, box);
}

static void
bind_document_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  DossierDocumentInfo *info = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *title = gtk_widget_get_first_child (box);
  GtkWidget *details = gtk_widget_get_next_sibling (title);
  const char *symbol = dossier_document_info_get_symbol (info);
  g_autofree char *local_date = dossier_i18n_format_date (dossier_document_info_get_date (info));
  const char *date = local_date;
  const char *kind = dossier_kinds_get_document_label (dossier_document_info_get_kind (info));
  g_autofree char *text = NULL;

  gtk_label_set_text (GTK_LABEL (title), dossier_document_info_get_title (info));
  if (date == NULL)
    date = C_("document date", "undated");
  if (symbol != NULL)
    /* Translators: a document's details in the library: symbol · kind · date */
    text = g_strdup_printf (C_("library", "%s · %s · %s"), symbol, kind, date);
  else
    /* Translators: a document's details in the library when it has no symbol: kind · date */
    text = g_strdup_printf (C_("library", "%s · %s"), kind, date);
  gtk_label_set_text (GTK_LABEL (details), text);
  g_object_set_data (G_OBJECT (box), "dossier-document", info);
}

static void
unbind_document_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  user_data)
{
  g_object_set_data (G_OBJECT (gtk_list_item_get_child (item)), "dossier-document", NULL);
}

/* An entity's tooltip, made when it is shown (see setup_document_cb()); a
 * kind's group has none. */
static gboolean
entity_query_tooltip_cb (GtkWidget  *box,
                         int         x,
                         int         y,
                         gboolean    keyboard_mode,
                         GtkTooltip *tooltip,
                         gpointer    user_data)
{
  GtkWidget *expander = gtk_widget_get_parent (box);
  GtkTreeListRow *row = GTK_IS_TREE_EXPANDER (expander)
                        ? gtk_tree_expander_get_list_row (GTK_TREE_EXPANDER (expander)) : NULL;
  g_autoptr(GObject) object = row != NULL ? gtk_tree_list_row_get_item (row) : NULL;
  const DossierEntity *entity;
  g_autofree char *documents = NULL;
  g_autofree char *text = NULL;

  if (!DOSSIER_IS_ENTITY_ITEM (object))
    return FALSE;
  entity = dossier_entity_item_get_entity (DOSSIER_ENTITY_ITEM (object));
  documents = dossier_kinds_format_documents (entity->n_documents);
  /* Translators: tooltip of an entity in the library:
   * "Office of the United Nations High Commissioner for Human Rights (OHCHR): 12 mentions in 3 documents" */
  text = g_strdup_printf (dossier_locale_grouped (ngettext ("%s: %u mention in %s", "%s: %u mentions in %s",
                                                            entity->n_mentions)),
                          entity->name, entity->n_mentions, documents);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
setup_entity_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *count = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (name), 0.0);
  /* Names often share their first words ("Office of the United Nations…"):
   * two lines tell them apart. */
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_lines (GTK_LABEL (name), 2);
  gtk_label_set_wrap (GTK_LABEL (name), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (name), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (name, TRUE);
  /* The count beside the first line of the name. */
  gtk_widget_set_valign (name, GTK_ALIGN_BASELINE);
  gtk_widget_set_valign (count, GTK_ALIGN_BASELINE);
  gtk_widget_add_css_class (count, "dim-label");
  gtk_widget_add_css_class (count, "numeric");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), count);
  gtk_widget_set_has_tooltip (box, TRUE);
  g_signal_connect (box, "query-tooltip", G_CALLBACK (entity_query_tooltip_cb), NULL);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), box);
  gtk_list_item_set_child (item, expander);
}

static gboolean
uint_to_label (GBinding     *binding,
               const GValue *from,
               GValue       *to,
               gpointer      user_data)
{
  g_value_take_string (to, dossier_locale_format_number (g_value_get_uint (from)));
  return TRUE;
}

static void
bind_entity_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  GtkTreeListRow *row = gtk_list_item_get_item (item);
  GtkWidget *expander = gtk_list_item_get_child (item);
  GtkWidget *box = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (expander));
  GtkWidget *name = gtk_widget_get_first_child (box);
  GtkWidget *count = gtk_widget_get_next_sibling (name);
  gpointer object = gtk_tree_list_row_get_item (row);

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), row);

  if (DOSSIER_IS_ENTITY_GROUP (object))
    {
      DossierEntityGroup *group = object;
      GBinding *binding;

      gtk_label_set_text (GTK_LABEL (name),
                          dossier_kinds_get_plural (dossier_entity_group_get_kind (group)));
      gtk_widget_add_css_class (name, "heading");
      /* The expander is what takes the focus: GTK 4.8 gives it no name. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (expander), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      gtk_label_get_text (GTK_LABEL (name)), -1);
      binding = g_object_bind_property_full (group, "n-items", count, "label",
                                             G_BINDING_SYNC_CREATE, uint_to_label,
                                             NULL, NULL, NULL);
      /* The list item holds its own reference: when the library reloads, the
       * group (the binding's source) can be finalised, and the binding with it,
       * before the row is unbound. */
      g_object_set_data_full (G_OBJECT (item), "dossier-binding",
                              g_object_ref (binding), g_object_unref);
    }
  else
    {
      const DossierEntity *entity = dossier_entity_item_get_entity (object);
      g_autofree char *n = dossier_locale_format_number (entity->n_mentions);

      gtk_label_set_text (GTK_LABEL (name), entity->name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (expander), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      entity->name, -1);
      gtk_widget_remove_css_class (name, "heading");
      gtk_label_set_text (GTK_LABEL (count), n);
    }

  g_object_unref (object);
}

static void
unbind_entity_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  GBinding *binding = g_object_steal_data (G_OBJECT (item), "dossier-binding");

  /* Unbinding a binding whose source or target is gone does nothing. */
  if (binding != NULL)
    {
      g_binding_unbind (binding);
      g_object_unref (binding);
    }
}

static GListModel *
create_children_cb (gpointer item,
                    gpointer user_data)
{
  if (DOSSIER_IS_ENTITY_GROUP (item))
    return g_object_ref (dossier_entity_group_get_model (item));
  return NULL;
}

static gboolean
entity_matches (gpointer item,
                gpointer user_data)
{
  DossierLibrary *self = user_data;

  if (self->filter_text == NULL)
    return TRUE;
  return strstr (dossier_entity_item_get_search_key (item), self->filter_text) != NULL;
}

static gboolean
group_not_empty (gpointer item,
                 gpointer user_data)
{
  return dossier_entity_group_get_n_items (item) > 0;
}

static void
update_entity_page (DossierLibrary *self)
{
  guint n_visible = g_list_model_get_n_items (G_LIST_MODEL (self->entity_tree));

  if (dossier_library_get_loading (self))
    {
      gtk_stack_set_visible_child_name (self->entity_stack, "loading");
      return;
    }

  if (n_visible > 0)
    {
      gtk_stack_set_visible_child_name (self->entity_stack, "list");
      return;
    }

  if (self->filter_text != NULL)
    {
      adw_status_page_set_title (self->entity_empty, _("No Matching Entities"));
      adw_status_page_set_description (self->entity_empty, _("Try a shorter name or an acronym."));
    }
  else
    {
      adw_status_page_set_title (self->entity_empty, _("No Entities"));
      adw_status_page_set_description (self->entity_empty,
                                       _("Organisations, bodies, resolutions and instruments that "
                                         "the documents mention appear here."));
    }
  gtk_stack_set_visible_child_name (self->entity_stack, "empty");
}

static void
set_pending (DossierLibrary *self,
             gboolean        pending)
{
  gboolean was_loading = dossier_library_get_loading (self);

  self->entities_pending = pending;
  if (!pending && self->load_cancellable != NULL)
    {
      g_cancellable_cancel (self->load_cancellable);
      g_clear_object (&self->load_cancellable);
    }
  if (was_loading != dossier_library_get_loading (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* The entities of a large corpus take long to count (0.8 s for 1,000
 * documents): they are read on a connection of their own, off the main thread. */
static void
list_entities_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *entities;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (!(store = dossier_store_open (task_data, &error))
      || !(entities = dossier_store_list_entities (store, NULL, 0, FALSE, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, entities, (GDestroyNotify) g_ptr_array_unref);
}

static void
list_entities_done_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  DossierLibrary *self = DOSSIER_LIBRARY (source);
  g_autoptr(GPtrArray) entities = NULL;
  g_autoptr(GError) error = NULL;

  entities = g_task_propagate_pointer (G_TASK (result), &error);
  /* Cancelled, or overtaken by a reload on the main thread. */
  if (g_task_get_cancellable (G_TASK (result)) != self->load_cancellable)
    return;
  g_clear_object (&self->load_cancellable);
  if (entities == NULL)
    g_warning ("Could not list the entities: %s", error->message);
  show_entities (self, entities);
  set_pending (self, FALSE);
  update_entity_page (self);
}

/* Whoever asks for the entities gets them, read now if they were not yet. */
static void
ensure_entities (DossierLibrary *self)
{
  if (dossier_library_get_loading (self))
    dossier_library_reload_entities (self);
}

static void
entity_filter_changed_cb (GtkSearchEntry *entry,
                          DossierLibrary *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  g_clear_pointer (&self->filter_text, g_free);
  if (*stripped != '\0')
    self->filter_text = g_utf8_casefold (stripped, -1);

  gtk_filter_changed (GTK_FILTER (self->entity_filter), GTK_FILTER_CHANGE_DIFFERENT);
  gtk_filter_changed (GTK_FILTER (self->group_filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_entity_page (self);
}

static gpointer
get_row_object (GListModel *rows,
                guint       position)
{
  g_autoptr(GtkTreeListRow) row = g_list_model_get_item (rows, position);

  return row != NULL ? gtk_tree_list_row_get_item (row) : NULL;
}

static void
entity_filter_activate_cb (GtkSearchEntry *entry,
                           DossierLibrary *self)
{
  GListModel *rows = G_LIST_MODEL (self->entity_tree);
  guint n = g_list_model_get_n_items (rows);

  /* Enter chooses the first entity that matches. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) object = get_row_object (rows, i);

      if (DOSSIER_IS_ENTITY_ITEM (object))
        {
          if (self->selection != NULL)
            dossier_selection_select_entity (self->selection,
                                             dossier_entity_item_get_id (DOSSIER_ENTITY_ITEM (object)),
                                             self);
          return;
        }
    }
}

static void
entity_activate_cb (GtkListView    *list,
                    guint           position,
                    DossierLibrary *self)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (list));
  g_autoptr(GtkTreeListRow) row = g_list_model_get_item (model, position);
  g_autoptr(GObject) object = NULL;

  if (row == NULL)
    return;

  object = gtk_tree_list_row_get_item (row);
  if (DOSSIER_IS_ENTITY_GROUP (object))
    gtk_tree_list_row_set_expanded (row, !gtk_tree_list_row_get_expanded (row));
  else if (self->selection != NULL)
    dossier_selection_select_entity (self->selection,
                                     dossier_entity_item_get_id (DOSSIER_ENTITY_ITEM (object)),
                                     self);
}

static void
document_activate_cb (GtkListView    *list,
                      guint           position,
                      DossierLibrary *self)
{
  g_autoptr(DossierDocumentInfo) info = g_list_model_get_item (self->documents, position);

  if (info != NULL)
    g_signal_emit (self, signals[DOCUMENT_ACTIVATED], 0,
                   dossier_document_info_get_id (info), FALSE);
}

/* The documents' context menu is built after the window's first frame (it took
 * 1 ms before it), or when first wanted if that is sooner. */
static void
ensure_document_menu (DossierLibrary *self)
{
  if (self->document_menu_popover != NULL)
    return;
  self->document_menu_popover = gtk_popover_menu_new_from_model (self->document_menu);
  gtk_widget_set_parent (self->document_menu_popover, GTK_WIDGET (self));
  gtk_popover_set_has_arrow (GTK_POPOVER (self->document_menu_popover), FALSE);
  gtk_widget_set_halign (self->document_menu_popover, GTK_ALIGN_START);
}

static void
first_paint_cb (GdkFrameClock  *clock,
                DossierLibrary *self)
{
  g_signal_handlers_disconnect_by_func (clock, first_paint_cb, self);
  ensure_document_menu (self);
}

static void
realize_cb (DossierLibrary *self)
{
  if (self->document_menu_popover == NULL)
    g_signal_connect_object (gtk_widget_get_frame_clock (GTK_WIDGET (self)), "after-paint",
                             G_CALLBACK (first_paint_cb), self, 0);
}

static void
popup_document_menu (DossierLibrary *self,
                     gint64          document_id,
                     double          x,
                     double          y)
{
  GdkRectangle rect = { (int) x, (int) y, 1, 1 };

  ensure_document_menu (self);
  self->menu_document_id = document_id;
  gtk_popover_set_pointing_to (GTK_POPOVER (self->document_menu_popover), &rect);
  gtk_popover_popup (GTK_POPOVER (self->document_menu_popover));
}

static void
document_list_pressed_cb (GtkGestureClick *gesture,
                          int              n_press,
                          double           x,
                          double           y,
                          DossierLibrary  *self)
{
  GtkWidget *picked = gtk_widget_pick (GTK_WIDGET (self->document_list), x, y, GTK_PICK_DEFAULT);
  double lx, ly;

  for (; picked != NULL && picked != GTK_WIDGET (self->document_list);
       picked = gtk_widget_get_parent (picked))
    {
      DossierDocumentInfo *info = g_object_get_data (G_OBJECT (picked), "dossier-document");

      if (info == NULL)
        continue;
      if (!gtk_widget_translate_coordinates (GTK_WIDGET (self->document_list), GTK_WIDGET (self),
                                             x, y, &lx, &ly))
        return;
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      popup_document_menu (self, dossier_document_info_get_id (info), lx, ly);
      return;
    }
}

static gboolean
document_list_menu_key_cb (GtkWidget *widget,
                           GVariant  *args,
                           gpointer   user_data)
{
  DossierLibrary *self = DOSSIER_LIBRARY (widget);
  DossierDocumentInfo *info = gtk_single_selection_get_selected_item (self->document_selection);
  graphene_rect_t bounds;

  if (info == NULL || !gtk_widget_get_focus_child (GTK_WIDGET (self->stack)))
    return FALSE;
  if (!gtk_widget_compute_bounds (GTK_WIDGET (self->document_list), GTK_WIDGET (self), &bounds))
    return FALSE;
  popup_document_menu (self, dossier_document_info_get_id (info),
                       bounds.origin.x + bounds.size.width / 2, bounds.origin.y + 24);
  return TRUE;
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DossierLibrary *self = DOSSIER_LIBRARY (widget);

  if (self->menu_document_id != 0)
    g_signal_emit (self, signals[DOCUMENT_ACTIVATED], 0, self->menu_document_id,
                   g_str_equal (action_name, "library.open-new-column"));
}

static void
dossier_library_dispose (GObject *object)
{
  DossierLibrary *self = (DossierLibrary *) object;
  GtkWidget *child;

  g_clear_pointer (&self->document_menu_popover, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), DOSSIER_TYPE_LIBRARY);
  /* The template's unnamed children (a switcher, a header box) are ours to drop. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->selection);
  g_clear_object (&self->documents);
  g_clear_object (&self->document_selection);
  g_clear_object (&self->groups);
  g_clear_object (&self->entities);
  g_clear_object (&self->group_filter);
  g_clear_object (&self->entity_filter);
  g_clear_object (&self->entity_tree);

  G_OBJECT_CLASS (dossier_library_parent_class)->dispose (object);
}

static void
dossier_library_finalize (GObject *object)
{
  DossierLibrary *self = (DossierLibrary *) object;

  g_free (self->filter_text);

  G_OBJECT_CLASS (dossier_library_parent_class)->finalize (object);
}

static void
dossier_library_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  DossierLibrary *self = DOSSIER_LIBRARY (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, dossier_library_get_loading (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_library_class_init (DossierLibraryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_library_dispose;
  object_class->finalize = dossier_library_finalize;
  object_class->get_property = dossier_library_get_property;

  /* Whether the entity browser waits for its entities. */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DossierLibrary::document-activated:
   * @document_id: the chosen document
   * @new_column: whether the user asked for a column of its own
   */
  signals[DOCUMENT_ACTIVATED] =
    g_signal_new ("document-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/dossier/Dossier/ui/dossier-library.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierLibrary, stack);
  gtk_widget_class_bind_template_child (widget_class, DossierLibrary, document_list);
  gtk_widget_class_bind_template_child_full (widget_class, "entity_filter", FALSE,
                                             G_STRUCT_OFFSET (DossierLibrary, entity_filter_entry));
  gtk_widget_class_bind_template_child (widget_class, DossierLibrary, entity_stack);
  gtk_widget_class_bind_template_child (widget_class, DossierLibrary, entity_list);
  gtk_widget_class_bind_template_child (widget_class, DossierLibrary, entity_empty);
  gtk_widget_class_bind_template_child (widget_class, DossierLibrary, document_menu);
  gtk_widget_class_bind_template_callback (widget_class, document_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, entity_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, entity_filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entity_filter_activate_cb);

  gtk_widget_class_install_action (widget_class, "library.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "library.open-new-column", NULL, open_action);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Menu, 0, document_list_menu_key_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK,
                                document_list_menu_key_cb, NULL);

  gtk_widget_class_set_css_name (widget_class, "library");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
dossier_library_init (DossierLibrary *self)
{
  g_autoptr(GtkListItemFactory) document_factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkListItemFactory) entity_factory = gtk_signal_list_item_factory_new ();
  GtkEventController *controller;
  GtkSingleSelection *entity_selection;
  GtkWidget *loading_page, *spinner;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Shown while the entities are read after the window's first frame. */
  spinner = gtk_spinner_new ();
  gtk_spinner_start (GTK_SPINNER (spinner));
  gtk_widget_set_size_request (spinner, 32, 32);
  gtk_widget_set_halign (spinner, GTK_ALIGN_CENTER);
  loading_page = adw_status_page_new ();
  /* Translators: shown in the library's entity list while it is filled after start-up */
  adw_status_page_set_title (ADW_STATUS_PAGE (loading_page), _("Loading Entities…"));
  adw_status_page_set_child (ADW_STATUS_PAGE (loading_page), spinner);
  gtk_widget_add_css_class (loading_page, "compact");
  gtk_stack_add_named (self->entity_stack, loading_page, "loading");

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Library"), -1);

  g_signal_connect (document_factory, "setup", G_CALLBACK (setup_document_cb), self);
  g_signal_connect (document_factory, "bind", G_CALLBACK (bind_document_cb), self);
  g_signal_connect (document_factory, "unbind", G_CALLBACK (unbind_document_cb), self);
  gtk_list_view_set_factory (self->document_list, document_factory);

  self->groups = g_list_store_new (DOSSIER_TYPE_ENTITY_GROUP);
  self->entities = g_list_store_new (DOSSIER_TYPE_ENTITY_ITEM);
  self->entity_filter = gtk_custom_filter_new (entity_matches, self, NULL);
  self->group_filter = gtk_custom_filter_new (group_not_empty, NULL, NULL);
  self->entity_tree =
    gtk_tree_list_model_new (G_LIST_MODEL (gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->groups)),
                                                                      g_object_ref (GTK_FILTER (self->group_filter)))),
                             FALSE, TRUE, create_children_cb, NULL, NULL);

  g_signal_connect (entity_factory, "setup", G_CALLBACK (setup_entity_cb), self);
  g_signal_connect (entity_factory, "bind", G_CALLBACK (bind_entity_cb), self);
  g_signal_connect (entity_factory, "unbind", G_CALLBACK (unbind_entity_cb), self);
  gtk_list_view_set_factory (self->entity_list, entity_factory);
  entity_selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->entity_tree)));
  gtk_single_selection_set_autoselect (entity_selection, FALSE);
  gtk_single_selection_set_can_unselect (entity_selection, TRUE);
  gtk_list_view_set_model (self->entity_list, GTK_SELECTION_MODEL (entity_selection));
  g_object_unref (entity_selection);

  g_signal_connect (self, "realize", G_CALLBACK (realize_cb), NULL);

  controller = GTK_EVENT_CONTROLLER (gtk_gesture_click_new ());
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (controller), GDK_BUTTON_SECONDARY);
  g_signal_connect (controller, "pressed", G_CALLBACK (document_list_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->document_list), controller);

  update_entity_page (self);
}

void
dossier_library_set_model (DossierLibrary   *self,
                           DossierStore     *store,
                           DossierSelection *selection,
                           GListModel       *documents)
{
  g_return_if_fail (DOSSIER_IS_LIBRARY (self));

  g_set_object (&self->store, store);
  g_set_object (&self->selection, selection);
  g_set_object (&self->documents, documents);

  g_clear_object (&self->document_selection);
  if (documents != NULL)
    {
      self->document_selection = gtk_single_selection_new (g_object_ref (documents));
      gtk_single_selection_set_autoselect (self->document_selection, FALSE);
      gtk_single_selection_set_can_unselect (self->document_selection, TRUE);
      gtk_single_selection_set_selected (self->document_selection, GTK_INVALID_LIST_POSITION);
    }
  gtk_list_view_set_model (self->document_list, GTK_SELECTION_MODEL (self->document_selection));

  /* The entities wait for dossier_library_load_entities(), which the window
   * calls once it has shown its first frame. */
  g_list_store_remove_all (self->groups);
  self->n_entities = 0;
  set_pending (self, FALSE);
  set_pending (self, store != NULL);
  update_entity_page (self);
}

void
dossier_library_load_entities (DossierLibrary *self)
{
  const char *path;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DOSSIER_IS_LIBRARY (self));

  if (!self->entities_pending || self->load_cancellable != NULL)
    return;

  path = dossier_store_get_path (self->store);
  /* A corpus that cannot be opened twice (in memory) is read here. */
  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      dossier_library_reload_entities (self);
      return;
    }

  self->load_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->load_cancellable, list_entities_done_cb, NULL);
  g_task_set_source_tag (task, dossier_library_load_entities);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, list_entities_thread);
}

gboolean
dossier_library_get_loading (DossierLibrary *self)
{
  g_return_val_if_fail (DOSSIER_IS_LIBRARY (self), FALSE);
  return self->entities_pending;
}

void
dossier_library_reload_entities (DossierLibrary *self)
{
  g_autoptr(GPtrArray) entities = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (DOSSIER_IS_LIBRARY (self));

  if (self->store != NULL)
    entities = dossier_store_list_entities (self->store, NULL, 0, FALSE, &error);
  if (entities == NULL && error != NULL)
    g_warning ("Could not list the entities: %s", error->message);
  show_entities (self, entities);
  set_pending (self, FALSE);
  update_entity_page (self);
}

/* Fills the browser with @entities (NULL for none), taking them over. */
static void
show_entities (DossierLibrary *self,
               GPtrArray      *entities)
{
  g_autoptr(GHashTable) by_kind = NULL;
  g_autoptr(GPtrArray) kinds = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GHashTable) item_of = g_hash_table_new (NULL, NULL);
  const char * const *legend = dossier_kinds_list ();
  GHashTableIter iter;
  gpointer key;

  self->n_entities = 0;
  if (entities == NULL)
    {
      g_list_store_remove_all (self->groups);
      g_list_store_remove_all (self->entities);
      return;
    }

  /* One list per kind, keeping the store's order (most mentioned first). The
   * lists' items take the entities over from the store's array. */
  by_kind = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                   (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < entities->len; i++)
    {
      DossierEntity *entity = g_ptr_array_index (entities, i);
      GPtrArray *bucket;

      if (entity->kind == NULL)
        entity->kind = g_strdup ("");
      if (!(bucket = g_hash_table_lookup (by_kind, entity->kind)))
        {
          bucket = g_ptr_array_new ();
          g_hash_table_insert (by_kind, entity->kind, bucket);
        }
      g_ptr_array_add (bucket, entity);
    }
  self->n_entities = entities->len;

  /* The legend's kinds first, then any kind a newer extractor invented. */
  kinds = g_ptr_array_new ();
  for (guint i = 0; legend[i] != NULL; i++)
    if (g_hash_table_contains (by_kind, legend[i]))
      g_ptr_array_add (kinds, (gpointer) legend[i]);
  g_hash_table_iter_init (&iter, by_kind);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_strv_contains (legend, key))
      g_ptr_array_add (kinds, key);

  groups = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < kinds->len; i++)
    {
      const char *kind = g_ptr_array_index (kinds, i);
      GPtrArray *bucket = g_hash_table_lookup (by_kind, kind);
      g_autoptr(GListModel) items = dossier_entity_item_list_from_array (bucket);
      guint n = g_list_model_get_n_items (items);

      g_ptr_array_add (groups, dossier_entity_group_new (kind, items,
                                                         GTK_FILTER (self->entity_filter)));
      /* The groups hold their items: borrowed pointers are enough here. */
      for (guint j = 0; j < n; j++)
        {
          g_autoptr(DossierEntityItem) item = g_list_model_get_item (items, j);

          g_hash_table_insert (item_of, (gpointer) dossier_entity_item_get_entity (item), item);
        }
    }

  /* The items own the entities now. */
  g_ptr_array_set_free_func (entities, NULL);

  g_list_store_splice (self->groups, 0, g_list_model_get_n_items (G_LIST_MODEL (self->groups)),
                       groups->pdata, groups->len);

  /* The same items in the store's order, for the search's name matches. */
  {
    g_autoptr(GPtrArray) items = g_ptr_array_new ();

    for (guint i = 0; i < entities->len; i++)
      {
        gpointer item = g_hash_table_lookup (item_of, g_ptr_array_index (entities, i));

        if (item != NULL)
          g_ptr_array_add (items, item);
      }
    g_list_store_splice (self->entities, 0, g_list_model_get_n_items (G_LIST_MODEL (self->entities)),
                         items->pdata, items->len);
  }
}

void
dossier_library_set_current_document (DossierLibrary *self,
                                      gint64          document_id)
{
  guint n;

  g_return_if_fail (DOSSIER_IS_LIBRARY (self));

  if (self->document_selection == NULL)
    return;

  n = g_list_model_get_n_items (self->documents);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DossierDocumentInfo) info = g_list_model_get_item (self->documents, i);

      if (dossier_document_info_get_id (info) == document_id)
        {
          gtk_single_selection_set_selected (self->document_selection, i);
          return;
        }
    }
  gtk_single_selection_set_selected (self->document_selection, GTK_INVALID_LIST_POSITION);
}

void
dossier_library_set_page (DossierLibrary *self,
                          const char     *page)
{
  g_return_if_fail (DOSSIER_IS_LIBRARY (self));
  gtk_stack_set_visible_child_name (self->stack, page);
}

void
dossier_library_set_filter_text (DossierLibrary *self,
                                 const char     *text)
{
  g_return_if_fail (DOSSIER_IS_LIBRARY (self));

  ensure_entities (self);
  gtk_editable_set_text (GTK_EDITABLE (self->entity_filter_entry), text);
  /* Apply now rather than after the entry's typing delay. */
  entity_filter_changed_cb (self->entity_filter_entry, self);
}

GListModel *
dossier_library_get_entity_rows (DossierLibrary *self)
{
  g_return_val_if_fail (DOSSIER_IS_LIBRARY (self), NULL);
  ensure_entities (self);
  return G_LIST_MODEL (self->entity_tree);
}

guint
dossier_library_get_n_entities (DossierLibrary *self)
{
  g_return_val_if_fail (DOSSIER_IS_LIBRARY (self), 0);
  ensure_entities (self);
  return self->n_entities;
}

GListModel *
dossier_library_get_entities (DossierLibrary *self)
{
  g_return_val_if_fail (DOSSIER_IS_LIBRARY (self), NULL);
  return G_LIST_MODEL (self->entities);
}
