/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dossier-entities.h"
#include "dossier-entity-item.h"
#include "dossier-kinds.h"
#include "dossier-locale.h"
#include "dossier-search-popover.h"

#define MAX_ENTITIES 6
#define MAX_PARAGRAPHS 50
/* Paragraph rows made with the results, more than the popover's 480 pixels
 * show (tests/bench/search-bench.c measures the search with as many
 * snippets); the others, with their snippets, as the list is scrolled
 * towards them. */
#define FIRST_PARAGRAPHS 10
#define MORE_PARAGRAPHS 10

struct _DossierSearchPopover
{
  GtkPopover         parent_instance;

  DossierStore      *store;
  DossierSelection  *selection;
  GListModel        *entities;      /* of DossierEntityItem, most mentioned first */
  GListModel        *shared_entities; /* the same, kept by the library */
  guint              n_entities;
  guint              n_paragraphs;

  /* The paragraphs found (DossierSearchHit, filters applied), the search
   * that found them, and how many have their row yet. */
  GPtrArray         *hits;
  char              *query;
  guint              n_rows;
  guint              more_rows_id;

  /* The filters' choices, parallel to their drop-downs' items; item 0 is "all". */
  GArray            *filter_documents;  /* of gint64 */
  GPtrArray         *filter_kinds;      /* of char*, document kinds */
  GPtrArray         *filter_years;      /* of char*, "2003" */
  GHashTable        *document_kinds;    /* document id → kind */
  gboolean           rebuilding_filters;

  /* Template widgets */
  GtkSearchEntry    *entry;
  GtkDropDown       *document_filter;
  GtkDropDown       *kind_filter;
  GtkDropDown       *year_filter;
  GtkStack          *result_stack;
  AdwStatusPage     *empty_page;
  GtkScrolledWindow *scroller;
  GtkListBox        *results;
};

G_DEFINE_FINAL_TYPE (DossierSearchPopover, dossier_search_popover, GTK_TYPE_POPOVER)

typedef enum
{
  TARGET_ENTITY,
  TARGET_BLOCK,
} TargetKind;

typedef struct
{
  TargetKind kind;
  gint64     entity_id;
  gint64     document_id;
  gint64     block_id;
} Target;

static void
clear_results (DossierSearchPopover *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results))))
    gtk_list_box_remove (self->results, child);
  self->n_entities = 0;
  self->n_paragraphs = 0;
  g_clear_pointer (&self->hits, g_ptr_array_unref);
  g_clear_pointer (&self->query, g_free);
  self->n_rows = 0;
  g_clear_handle_id (&self->more_rows_id, g_source_remove);
}

static void
add_heading (DossierSearchPopover *self,
             const char           *text,
             gboolean              first)
{
  GtkWidget *label = gtk_label_new (text);
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  if (first)
    gtk_list_box_prepend (self->results, row);
  else
    gtk_list_box_append (self->results, row);
}

/* "Add to Draft" goes through the window's "draft" actions, the same ones a
 * document view's "Add Paragraph to Draft" and the graph's use: a paragraph is
 * quoted, an entity brings every paragraph that mentions it. */
static gboolean
add_target_to_draft (GtkWidget    *widget,
                     const Target *target)
{
  if (target == NULL)
    return FALSE;
  if (target->kind == TARGET_BLOCK)
    return gtk_widget_activate_action (widget, "draft.add-block", "x", target->block_id);
  return gtk_widget_activate_action (widget, "draft.add-entity", "x", target->entity_id);
}

/* The row's button says the result is in the draft, so it is not added twice
 * by a second click. */
static void
mark_added (GtkListBoxRow *row)
{
  GtkWidget *button = g_object_get_data (G_OBJECT (row), "dossier-add-button");

  if (button == NULL)
    return;
  gtk_button_set_icon_name (GTK_BUTTON (button), "object-select-symbolic");
  /* Translators: tooltip of a search result's button once it is in the draft */
  gtk_widget_set_tooltip_text (button, _("Added to Draft"));
  gtk_widget_set_sensitive (button, FALSE);
}

static gboolean
add_row_to_draft (DossierSearchPopover *self,
                  GtkListBoxRow        *row)
{
  const Target *target;
  GtkWidget *button;

  if (row == NULL || !(target = g_object_get_data (G_OBJECT (row), "dossier-target")))
    return FALSE;
  button = g_object_get_data (G_OBJECT (row), "dossier-add-button");
  if (button != NULL && !gtk_widget_get_sensitive (button))
    return FALSE;
  if (!add_target_to_draft (GTK_WIDGET (self), target))
    return FALSE;
  mark_added (row);
  return TRUE;
}

static void
add_button_clicked_cb (GtkButton            *button,
                       DossierSearchPopover *self)
{
  add_row_to_draft (self, GTK_LIST_BOX_ROW (gtk_widget_get_ancestor (GTK_WIDGET (button),
                                                                     GTK_TYPE_LIST_BOX_ROW)));
}

static void
add_result (DossierSearchPopover *self,
            const char           *markup,
            const char           *details,
            const char           *accessible,
            const char           *add_label,
            const Target         *target)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *add = gtk_button_new_from_icon_name ("list-add-symbolic");
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (details);

  gtk_label_set_markup (GTK_LABEL (title), markup);
  gtk_label_set_xalign (GTK_LABEL (title), 0.0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (title), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (title), 3);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (title), 50);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), subtitle);
  gtk_widget_set_margin_top (box, 3);
  gtk_widget_set_margin_bottom (box, 3);
  gtk_widget_set_hexpand (box, TRUE);
  gtk_box_append (GTK_BOX (line), box);

  gtk_widget_add_css_class (add, "flat");
  gtk_widget_set_valign (add, GTK_ALIGN_CENTER);
  /* Translators: tooltip of the button beside each search result (Ctrl+Enter) */
  gtk_widget_set_tooltip_text (add, _("Add to Draft"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (add), GTK_ACCESSIBLE_PROPERTY_LABEL, add_label, -1);
  g_signal_connect (add, "clicked", G_CALLBACK (add_button_clicked_cb), self);
  gtk_box_append (GTK_BOX (line), add);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), line);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_object_set_data_full (G_OBJECT (row), "dossier-target",
                          g_memdup2 (target, sizeof *target), g_free);
  g_object_set_data (G_OBJECT (row), "dossier-add-button", add);

  gtk_list_box_append (self->results, row);
}

static void
add_entity (DossierSearchPopover *self,
            const DossierEntity  *entity,
            GHashTable           *seen)
{
  g_autofree char *markup = NULL;
  g_autofree char *details = NULL;
  g_autofree char *documents = dossier_kinds_format_documents (entity->n_documents);
  g_autofree char *accessible = NULL;
  g_autofree char *add_label = NULL;
  Target target = { TARGET_ENTITY, entity->id, 0, 0 };

  if (g_hash_table_contains (seen, &entity->id) || entity->hidden)
    return;
  g_hash_table_add (seen, g_memdup2 (&entity->id, sizeof entity->id));

  markup = g_markup_escape_text (entity->name, -1);
  /* Translators: an entity in search results: "Organisation · 12 mentions in 3 documents" */
  details = g_strdup_printf (dossier_locale_grouped (ngettext ("%s · %u mention in %s", "%s · %u mentions in %s",
                                                               entity->n_mentions)),
                             dossier_kinds_get_label (entity->kind), entity->n_mentions, documents);
  /* Translators: accessible name of an entity search result: "OHCHR, Organisation" */
  accessible = g_strdup_printf (C_("search result", "%s, %s"),
                                entity->name, dossier_kinds_get_label (entity->kind));
  /* Translators: accessible name of the button that quotes, in the draft, every
   * paragraph that mentions an entity found by a search; %s is its name */
  add_label = g_strdup_printf (_("Add Every Paragraph That Mentions %s to Draft"), entity->name);
  add_result (self, markup, details, accessible, add_label, &target);
  self->n_entities++;
}

static void
search_entities (DossierSearchPopover *self,
                 const char           *text)
{
  g_autofree char *folded = g_utf8_casefold (text, -1);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(DossierEntity) exact = NULL;
  g_autoptr(GPtrArray) candidates = NULL;
  GListModel *entities;
  guint n;

  /* An exact name or alias first ("UNODC", "Palermo Protocol"), then names that
   * contain the words, most mentioned first. */
  exact = self->store != NULL
          ? dossier_store_find_entity (self->store, text, &candidates, NULL) : NULL;
  if (exact != NULL)
    add_entity (self, exact, seen);
  for (guint i = 0; candidates != NULL && i < candidates->len && self->n_entities < MAX_ENTITIES; i++)
    add_entity (self, g_ptr_array_index (candidates, i), seen);

  entities = self->shared_entities != NULL ? self->shared_entities : self->entities;
  n = entities != NULL ? g_list_model_get_n_items (entities) : 0;
  for (guint i = 0; i < n && self->n_entities < MAX_ENTITIES; i++)
    {
      g_autoptr(DossierEntityItem) item = g_list_model_get_item (entities, i);

      if (strstr (dossier_entity_item_get_search_key (item), folded) != NULL)
        add_entity (self, dossier_entity_item_get_entity (item), seen);
    }
}

static gboolean
filters_active (DossierSearchPopover *self)
{
  return gtk_drop_down_get_selected (self->document_filter) > 0
         || gtk_drop_down_get_selected (self->kind_filter) > 0
         || gtk_drop_down_get_selected (self->year_filter) > 0;
}

static gboolean
hit_passes_filters (DossierSearchPopover   *self,
                    const DossierSearchHit *hit)
{
  guint document = gtk_drop_down_get_selected (self->document_filter);
  guint kind = gtk_drop_down_get_selected (self->kind_filter);
  guint year = gtk_drop_down_get_selected (self->year_filter);

  if (document > 0 && document < self->filter_documents->len
      && hit->document_id != g_array_index (self->filter_documents, gint64, document))
    return FALSE;
  if (kind > 0 && kind < self->filter_kinds->len
      && g_strcmp0 (g_hash_table_lookup (self->document_kinds, &hit->document_id),
                    g_ptr_array_index (self->filter_kinds, kind)) != 0)
    return FALSE;
  if (year > 0 && year < self->filter_years->len
      && (hit->document_date == NULL
          || !g_str_has_prefix (hit->document_date, g_ptr_array_index (self->filter_years, year))))
    return FALSE;
  return TRUE;
}

static void
add_paragraph (DossierSearchPopover   *self,
               const DossierSearchHit *hit)
{
  g_autofree char *markup = dossier_search_popover_snippet_markup (hit->snippet);
  g_autofree char *plain = dossier_snippet_render (hit->snippet, "", "");
  g_autofree char *details = NULL;
  g_autofree char *accessible = NULL;
  g_autofree char *add_label = NULL;
  Target target = { TARGET_BLOCK, 0, hit->document_id, hit->block_id };

  /* Translators: where a search result sits: "E/CN.4/2003/74, para. 16 — Traffic in women and girls" */
  details = g_strdup_printf (C_("search result", "%s — %s"), hit->citation, hit->document_title);
  accessible = g_strdup_printf (C_("search result", "%s, %s"), hit->citation, plain != NULL ? plain : "");
  /* Translators: accessible name of the button that quotes a paragraph found
   * by a search in the draft; %s is its citation, "E/CN.4/2003/74, para. 16" */
  add_label = g_strdup_printf (_("Add %s to Draft"), hit->citation);
  add_result (self, markup, details, accessible, add_label, &target);
}

/* The next @n paragraphs' rows, with their snippets, read now. */
static void
add_paragraph_rows (DossierSearchPopover *self,
                    guint                 n)
{
  g_autoptr(GError) error = NULL;
  guint to;

  if (self->hits == NULL || self->n_rows >= self->hits->len)
    return;
  to = self->hits->len - self->n_rows > n ? self->n_rows + n : self->hits->len;
  /* A paragraph gone since (another program changed the corpus) keeps an
   * empty text until the results are read again. */
  if (!dossier_store_search_snippets (self->store, self->query, DOSSIER_SEARCH_PLAIN,
                                      self->hits, self->n_rows, to, &error))
    g_debug ("Could not read the search results' snippets: %s", error->message);
  for (; self->n_rows < to; self->n_rows++)
    add_paragraph (self, g_ptr_array_index (self->hits, self->n_rows));
}

static gboolean
more_rows_cb (gpointer user_data)
{
  DossierSearchPopover *self = user_data;

  self->more_rows_id = 0;
  add_paragraph_rows (self, MORE_PARAGRAPHS);
  return G_SOURCE_REMOVE;
}

/* Within a page of the end of the rows made so far (or when they do not fill
 * the popover), the next ones are made, after the current frame. */
static void
adjustment_changed_cb (GtkAdjustment        *adjustment,
                       DossierSearchPopover *self)
{
  double end = gtk_adjustment_get_value (adjustment) + 2 * gtk_adjustment_get_page_size (adjustment);

  if (self->hits == NULL || self->n_rows >= self->hits->len || self->more_rows_id != 0)
    return;
  if (end >= gtk_adjustment_get_upper (adjustment))
    self->more_rows_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, more_rows_cb, self, NULL);
}

static gboolean
search_paragraphs (DossierSearchPopover *self,
                   const char           *text,
                   GError              **error)
{
  g_autoptr(GPtrArray) hits = NULL;
  gboolean filtered = filters_active (self);
  /* Filtering happens here, over the best hits of the whole corpus, so ask
   * for more of them when a filter will drop some. */
  guint limit = filtered ? MAX_PARAGRAPHS * 20 : MAX_PARAGRAPHS;

  if (self->store == NULL)
    return TRUE;
  /* Snippets for the rows made at once; with a filter, which hits those
   * are is only known after it. */
  if (!(hits = dossier_store_search_full (self->store, text, DOSSIER_SEARCH_PLAIN, limit,
                                          filtered ? 0 : FIRST_PARAGRAPHS, error)))
    return FALSE;

  self->hits = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_search_hit_free);
  self->query = g_strdup (text);
  for (guint i = 0; i < hits->len && self->hits->len < MAX_PARAGRAPHS; i++)
    if (hit_passes_filters (self, g_ptr_array_index (hits, i)))
      g_ptr_array_add (self->hits, g_steal_pointer (&hits->pdata[i]));
  self->n_paragraphs = self->hits->len;

  if (self->n_paragraphs > 0)
    /* Translators: heading of the paragraphs found by a search */
    add_heading (self, _("Paragraphs"), FALSE);
  add_paragraph_rows (self, FIRST_PARAGRAPHS);
  return TRUE;
}

static void
run_search (DossierSearchPopover *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry))));
  g_autoptr(GError) error = NULL;
  GtkListBoxRow *first;

  clear_results (self);
  if (*text == '\0')
    {
      gtk_stack_set_visible_child_name (self->result_stack, "hint");
      return;
    }

  search_entities (self, text);
  if (self->n_entities > 0)
    /* Translators: heading of the entities found by a search */
    add_heading (self, _("Entities"), TRUE);

  if (!search_paragraphs (self, text, &error))
    {
      /* A query FTS cannot read ("AND" alone, an open quote) is not an error to
       * shout about: say what went wrong where the results would be. */
      if (self->n_entities == 0)
        {
          adw_status_page_set_title (self->empty_page, _("Cannot Search for This"));
          adw_status_page_set_description (self->empty_page, error->message);
          gtk_stack_set_visible_child_name (self->result_stack, "empty");
          return;
        }
    }

  if (self->n_entities + self->n_paragraphs == 0)
    {
      adw_status_page_set_title (self->empty_page, _("No Results"));
      adw_status_page_set_description (self->empty_page,
                                       _("Try other words, or fewer of them."));
      gtk_stack_set_visible_child_name (self->result_stack, "empty");
      return;
    }

  gtk_stack_set_visible_child_name (self->result_stack, "results");
  for (int i = 0; (first = gtk_list_box_get_row_at_index (self->results, i)); i++)
    if (gtk_list_box_row_get_activatable (first))
      {
        gtk_list_box_select_row (self->results, first);
        break;
      }
}

static void
activate_row (DossierSearchPopover *self,
              GtkListBoxRow        *row)
{
  const Target *target = g_object_get_data (G_OBJECT (row), "dossier-target");
  Target copy;

  if (target == NULL || self->selection == NULL)
    return;

  /* Popping down may drop the rows; keep the target. */
  copy = *target;
  gtk_popover_popdown (GTK_POPOVER (self));
  if (copy.kind == TARGET_ENTITY)
    dossier_selection_select_entity (self->selection, copy.entity_id, self);
  else
    dossier_selection_select_block (self->selection, copy.document_id, copy.block_id, self);
}

static void
filter_changed_cb (GtkDropDown          *dropdown,
                   GParamSpec           *pspec,
                   DossierSearchPopover *self)
{
  if (!self->rebuilding_filters)
    run_search (self);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static int
compare_strings_descending (gconstpointer a,
                            gconstpointer b)
{
  return -compare_strings (a, b);
}

/* Document kinds in the order of their names in the interface's language; the
 * "any" slot (NULL) first. */
static int
compare_kind_labels (gconstpointer a,
                     gconstpointer b)
{
  const char *x = *(const char * const *) a;
  const char *y = *(const char * const *) b;

  if (x == NULL || y == NULL)
    return (x != NULL) - (y != NULL);
  return dossier_locale_compare (dossier_kinds_get_document_label (x),
                                 dossier_kinds_get_document_label (y));
}

static void
setup_choice_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  ellipsize)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  if (GPOINTER_TO_INT (ellipsize))
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (label), 6);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 12);
    }
  else
    gtk_label_set_max_width_chars (GTK_LABEL (label), 50);
  gtk_list_item_set_child (item, label);
}

static void
bind_choice_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  GtkStringObject *string = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      gtk_string_object_get_string (string));
}

/* Long document titles are cut short in the drop-down's button, so that the
 * filters keep the popover's width, and shown whole in its list. */
static void
setup_filter (GtkDropDown *dropdown)
{
  g_autoptr(GtkListItemFactory) button = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkListItemFactory) list = gtk_signal_list_item_factory_new ();

  g_signal_connect (button, "setup", G_CALLBACK (setup_choice_cb), GINT_TO_POINTER (TRUE));
  g_signal_connect (button, "bind", G_CALLBACK (bind_choice_cb), NULL);
  g_signal_connect (list, "setup", G_CALLBACK (setup_choice_cb), GINT_TO_POINTER (FALSE));
  g_signal_connect (list, "bind", G_CALLBACK (bind_choice_cb), NULL);
  gtk_drop_down_set_factory (dropdown, button);
  gtk_drop_down_set_list_factory (dropdown, list);
}

static void
set_choices (GtkDropDown *dropdown,
             GPtrArray   *labels)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  for (guint i = 0; i < labels->len; i++)
    gtk_string_list_append (list, g_ptr_array_index (labels, i));
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (list));
  gtk_drop_down_set_selected (dropdown, 0);
}

/* The filters offer the documents, document kinds and years of the corpus. */
static void
rebuild_filters (DossierSearchPopover *self)
{
  g_autoptr(GListModel) documents = NULL;
  g_autoptr(GPtrArray) document_labels = g_ptr_array_new ();
  g_autoptr(GPtrArray) kind_labels = g_ptr_array_new ();
  g_autoptr(GHashTable) years = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) kinds = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key;
  guint n;

  self->rebuilding_filters = TRUE;
  g_array_set_size (self->filter_documents, 1);
  g_ptr_array_set_size (self->filter_kinds, 1);
  g_ptr_array_set_size (self->filter_years, 1);
  g_hash_table_remove_all (self->document_kinds);

  if (self->store != NULL)
    documents = dossier_store_list_documents (self->store, NULL);
  n = documents != NULL ? g_list_model_get_n_items (documents) : 0;

  /* Translators: the first choice of the search's document filter */
  g_ptr_array_add (document_labels, _("All Documents"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DossierDocumentInfo) info = g_list_model_get_item (documents, i);
      gint64 id = dossier_document_info_get_id (info);
      const char *kind = dossier_document_info_get_kind (info);
      const char *date = dossier_document_info_get_date (info);

      g_array_append_val (self->filter_documents, id);
      g_ptr_array_add (document_labels, (gpointer) dossier_document_info_get_display_name (info));
      if (kind != NULL && *kind != '\0')
        {
          g_hash_table_insert (self->document_kinds, g_memdup2 (&id, sizeof id), g_strdup (kind));
          g_hash_table_add (kinds, (gpointer) g_hash_table_lookup (self->document_kinds, &id));
        }
      if (date != NULL && strlen (date) >= 4)
        g_hash_table_add (years, g_strndup (date, 4));
    }
  set_choices (self->document_filter, document_labels);

  g_hash_table_iter_init (&iter, kinds);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (self->filter_kinds, g_strdup (key));
  g_ptr_array_sort (self->filter_kinds, compare_kind_labels);
  /* Translators: the first choice of the search's document-kind filter */
  g_ptr_array_add (kind_labels, _("All Kinds"));
  for (guint i = 1; i < self->filter_kinds->len; i++)
    g_ptr_array_add (kind_labels,
                     (gpointer) dossier_kinds_get_document_label (g_ptr_array_index (self->filter_kinds, i)));
  set_choices (self->kind_filter, kind_labels);

  g_hash_table_iter_init (&iter, years);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (self->filter_years, g_strdup (key));
  g_ptr_array_sort (self->filter_years, compare_strings_descending);
  /* The sort moved the "any" slot (NULL) to the end: put it back in front. */
  g_ptr_array_remove_index (self->filter_years, self->filter_years->len - 1);
  g_ptr_array_insert (self->filter_years, 0, NULL);
  {
    g_autoptr(GPtrArray) year_labels = g_ptr_array_new ();

    /* Translators: the first choice of the search's year filter */
    g_ptr_array_add (year_labels, _("Any Year"));
    for (guint i = 1; i < self->filter_years->len; i++)
      g_ptr_array_add (year_labels, g_ptr_array_index (self->filter_years, i));
    set_choices (self->year_filter, year_labels);
  }

  self->rebuilding_filters = FALSE;
}

static void
search_changed_cb (GtkSearchEntry       *entry,
                   DossierSearchPopover *self)
{
  run_search (self);
}

static void
search_activate_cb (GtkSearchEntry       *entry,
                    DossierSearchPopover *self)
{
  /* Enter may come before the typing delay ran the search. */
  run_search (self);
  dossier_search_popover_activate_first (self);
}

static void
search_stop_cb (GtkSearchEntry       *entry,
                DossierSearchPopover *self)
{
  gtk_popover_popdown (GTK_POPOVER (self));
}

static void
row_activated_cb (GtkListBox           *box,
                  GtkListBoxRow        *row,
                  DossierSearchPopover *self)
{
  activate_row (self, row);
}

static gboolean
entry_key_pressed_cb (GtkEventControllerKey *controller,
                      guint                  keyval,
                      guint                  keycode,
                      GdkModifierType        state,
                      DossierSearchPopover  *self)
{
  GtkListBoxRow *row;

  if (keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down)
    return GDK_EVENT_PROPAGATE;

  /* Down from the entry goes into the results. */
  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->results, i)); i++)
    if (gtk_list_box_row_get_activatable (row))
      {
        gtk_widget_grab_focus (GTK_WIDGET (row));
        return GDK_EVENT_STOP;
      }
  return GDK_EVENT_PROPAGATE;
}

/* Ctrl+Enter: the result that has the keyboard, else the selected one (the
 * first, while typing in the entry). */
static void
add_to_draft_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  DossierSearchPopover *self = DOSSIER_SEARCH_POPOVER (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *row = NULL;

  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->results)))
    row = GTK_IS_LIST_BOX_ROW (focus) ? focus : gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_BOX_ROW);
  if (row == NULL)
    row = GTK_WIDGET (gtk_list_box_get_selected_row (self->results));
  add_row_to_draft (self, GTK_LIST_BOX_ROW (row));
}

static void
dossier_search_popover_show (GtkWidget *widget)
{
  DossierSearchPopover *self = DOSSIER_SEARCH_POPOVER (widget);

  GTK_WIDGET_CLASS (dossier_search_popover_parent_class)->show (widget);
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  gtk_editable_select_region (GTK_EDITABLE (self->entry), 0, -1);
}

static void
dossier_search_popover_dispose (GObject *object)
{
  DossierSearchPopover *self = (DossierSearchPopover *) object;

  g_clear_handle_id (&self->more_rows_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), DOSSIER_TYPE_SEARCH_POPOVER);
  g_clear_object (&self->store);
  g_clear_object (&self->selection);
  g_clear_object (&self->entities);
  if (self->shared_entities != NULL)
    g_signal_handlers_disconnect_by_data (self->shared_entities, self);
  g_clear_object (&self->shared_entities);
  g_clear_pointer (&self->hits, g_ptr_array_unref);
  g_clear_pointer (&self->query, g_free);
  g_clear_pointer (&self->filter_documents, g_array_unref);
  g_clear_pointer (&self->filter_kinds, g_ptr_array_unref);
  g_clear_pointer (&self->filter_years, g_ptr_array_unref);
  g_clear_pointer (&self->document_kinds, g_hash_table_unref);

  G_OBJECT_CLASS (dossier_search_popover_parent_class)->dispose (object);
}

static void
dossier_search_popover_class_init (DossierSearchPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_search_popover_dispose;
  widget_class->show = dossier_search_popover_show;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/dossier/Dossier/ui/dossier-search-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierSearchPopover, entry);
  gtk_widget_class_bind_template_child (widget_class, DossierSearchPopover, document_filter);
  gtk_widget_class_bind_template_child (widget_class, DossierSearchPopover, kind_filter);
  gtk_widget_class_bind_template_child (widget_class, DossierSearchPopover, year_filter);
  gtk_widget_class_bind_template_child (widget_class, DossierSearchPopover, result_stack);
  gtk_widget_class_bind_template_child (widget_class, DossierSearchPopover, empty_page);
  gtk_widget_class_bind_template_child (widget_class, DossierSearchPopover, scroller);
  gtk_widget_class_bind_template_child (widget_class, DossierSearchPopover, results);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);

  gtk_widget_class_install_action (widget_class, "search.add-to-draft", NULL, add_to_draft_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "search.add-to-draft", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "search.add-to-draft", NULL);
}

static void
dossier_search_popover_init (DossierSearchPopover *self)
{
  GtkEventController *controller;
  GtkAdjustment *adjustment;

  self->filter_documents = g_array_new (FALSE, TRUE, sizeof (gint64));
  self->filter_kinds = g_ptr_array_new_with_free_func (g_free);
  self->filter_years = g_ptr_array_new_with_free_func (g_free);
  self->document_kinds = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);

  gtk_widget_init_template (GTK_WIDGET (self));
  setup_filter (self->document_filter);
  setup_filter (self->kind_filter);
  setup_filter (self->year_filter);
  rebuild_filters (self);

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (entry_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), controller);

  adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  g_signal_connect_object (adjustment, "value-changed", G_CALLBACK (adjustment_changed_cb), self, 0);
  g_signal_connect_object (adjustment, "changed", G_CALLBACK (adjustment_changed_cb), self, 0);

  gtk_stack_set_visible_child_name (self->result_stack, "hint");
}

GtkWidget *
dossier_search_popover_new (void)
{
  return g_object_new (DOSSIER_TYPE_SEARCH_POPOVER, NULL);
}

void
dossier_search_popover_set_model (DossierSearchPopover *self,
                                  DossierStore         *store,
                                  DossierSelection     *selection)
{
  g_return_if_fail (DOSSIER_IS_SEARCH_POPOVER (self));

  g_set_object (&self->store, store);
  g_set_object (&self->selection, selection);
  dossier_search_popover_reload (self);
}

/* The library's list changed (its entities were read after the first frame,
 * or again after an import): the results shown take it in. */
static void
shared_entities_changed_cb (GListModel           *list,
                            guint                 position,
                            guint                 removed,
                            guint                 added,
                            DossierSearchPopover *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self))
      && *gtk_editable_get_text (GTK_EDITABLE (self->entry)) != '\0')
    run_search (self);
}

void
dossier_search_popover_set_entities (DossierSearchPopover *self,
                                     GListModel           *entities)
{
  g_return_if_fail (DOSSIER_IS_SEARCH_POPOVER (self));
  g_return_if_fail (entities == NULL || G_IS_LIST_MODEL (entities));

  if (self->shared_entities == entities)
    return;
  if (self->shared_entities != NULL)
    g_signal_handlers_disconnect_by_data (self->shared_entities, self);
  g_set_object (&self->shared_entities, entities);
  if (entities != NULL)
    {
      g_signal_connect (entities, "items-changed", G_CALLBACK (shared_entities_changed_cb), self);
      g_clear_object (&self->entities);
    }
}

void
dossier_search_popover_reload (DossierSearchPopover *self)
{
  g_autoptr(GPtrArray) entities = NULL;

  g_return_if_fail (DOSSIER_IS_SEARCH_POPOVER (self));

  /* With the library's list there is nothing to read: it follows the corpus. */
  g_clear_object (&self->entities);
  if (self->store != NULL && self->shared_entities == NULL)
    {
      entities = dossier_store_list_entities (self->store, NULL, 0, FALSE, NULL);
      self->entities = dossier_entity_item_list_from_array (entities);
    }
  rebuild_filters (self);
  clear_results (self);
  gtk_stack_set_visible_child_name (self->result_stack, "hint");
}

void
dossier_search_popover_search (DossierSearchPopover *self,
                               const char           *text)
{
  g_return_if_fail (DOSSIER_IS_SEARCH_POPOVER (self));

  gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
  run_search (self);
}

guint
dossier_search_popover_get_n_entities (DossierSearchPopover *self)
{
  g_return_val_if_fail (DOSSIER_IS_SEARCH_POPOVER (self), 0);
  return self->n_entities;
}

guint
dossier_search_popover_get_n_paragraphs (DossierSearchPopover *self)
{
  g_return_val_if_fail (DOSSIER_IS_SEARCH_POPOVER (self), 0);
  return self->n_paragraphs;
}

gboolean
dossier_search_popover_activate_first (DossierSearchPopover *self)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (DOSSIER_IS_SEARCH_POPOVER (self), FALSE);

  /* "Opens the first hit": the first paragraph when there is one, so that Enter
   * always lands in a document; otherwise the first entity. */
  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->results, i)); i++)
    {
      const Target *target = g_object_get_data (G_OBJECT (row), "dossier-target");

      if (target != NULL && (target->kind == TARGET_BLOCK || self->n_paragraphs == 0))
        {
          activate_row (self, row);
          return TRUE;
        }
    }
  return FALSE;
}

char *
dossier_search_popover_snippet_markup (const char *snippet)
{
  GString *markup = g_string_new (NULL);
  const char *p = snippet;

  while (p != NULL && *p != '\0')
    {
      const char *open = strstr (p, DOSSIER_SNIPPET_OPEN);
      const char *close;
      g_autofree char *before = NULL;
      g_autofree char *match = NULL;

      if (open == NULL)
        {
          g_autofree char *rest = g_markup_escape_text (p, -1);
          g_string_append (markup, rest);
          break;
        }
      before = g_markup_escape_text (p, open - p);
      g_string_append (markup, before);

      open += strlen (DOSSIER_SNIPPET_OPEN);
      close = strstr (open, DOSSIER_SNIPPET_CLOSE);
      match = g_markup_escape_text (open, close != NULL ? close - open : -1);
      g_string_append_printf (markup, "<b>%s</b>", match);
      p = close != NULL ? close + strlen (DOSSIER_SNIPPET_CLOSE) : NULL;
    }

  return g_string_free (markup, FALSE);
}

static guint
find_choice (GPtrArray  *choices,
             const char *value)
{
  for (guint i = 1; value != NULL && i < choices->len; i++)
    if (g_strcmp0 (g_ptr_array_index (choices, i), value) == 0)
      return i;
  return 0;
}

gboolean
dossier_search_popover_set_filters (DossierSearchPopover *self,
                                    gint64                document_id,
                                    const char           *document_kind,
                                    const char           *year)
{
  guint document = 0, kind, year_index;

  g_return_val_if_fail (DOSSIER_IS_SEARCH_POPOVER (self), FALSE);

  for (guint i = 1; document_id != 0 && i < self->filter_documents->len; i++)
    if (g_array_index (self->filter_documents, gint64, i) == document_id)
      document = i;
  kind = find_choice (self->filter_kinds, document_kind);
  year_index = find_choice (self->filter_years, year);

  self->rebuilding_filters = TRUE;
  gtk_drop_down_set_selected (self->document_filter, document);
  gtk_drop_down_set_selected (self->kind_filter, kind);
  gtk_drop_down_set_selected (self->year_filter, year_index);
  self->rebuilding_filters = FALSE;
  run_search (self);

  return (document_id == 0 || document != 0) && (document_kind == NULL || kind != 0)
         && (year == NULL || year_index != 0);
}

gboolean
dossier_search_popover_add_to_draft (DossierSearchPopover *self,
                                     guint                 index)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (DOSSIER_IS_SEARCH_POPOVER (self), FALSE);

  /* A result whose row was not made yet. */
  if (index >= self->n_entities + self->n_rows)
    add_paragraph_rows (self, index + 1 - self->n_entities - self->n_rows);
  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->results, i)); i++)
    if (g_object_get_data (G_OBJECT (row), "dossier-target") != NULL && index-- == 0)
      return add_row_to_draft (self, row);
  return FALSE;
}
