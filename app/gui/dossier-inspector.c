/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dossier-entities.h"
#include "dossier-entity-item.h"
#include "dossier-inspector.h"
#include "dossier-kinds.h"
#include "dossier-locale.h"
#include "dossier-paths.h"
#include "dossier-template-tooltips.h"

/* Enough to read in a side pane; the graph lists show every relation. */
#define MAX_RELATIONS_PER_KIND 12
#define MAX_EVIDENCE_PER_RELATION 8
#define MAX_LABELS_PER_DOCUMENT 8

struct _DossierInspector
{
  GtkWidget             parent_instance;

  DossierStore         *store;
  DossierSelection     *selection;
  DossierEntity        *entity;
  gint64                document_id;
  GPtrArray            *detail_rows;
  GPtrArray            *mention_rows;
  GPtrArray            *metadata_rows;
  GPtrArray            *outline_rows;
  guint                 n_relations;

  /* Template widgets */
  GtkStack             *stack;
  GtkStack             *entity_stack;
  GtkLabel             *entity_name;
  GtkLabel             *entity_summary;
  AdwPreferencesGroup  *details_group;
  GtkBox               *relations_box;
  AdwPreferencesGroup  *mentions_group;
  GtkStack             *document_stack;
  GtkLabel             *document_title;
  AdwPreferencesGroup  *metadata_group;
  AdwPreferencesGroup  *outline_group;
};

G_DEFINE_FINAL_TYPE (DossierInspector, dossier_inspector, GTK_TYPE_WIDGET)

enum {
  ENTITIES_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
clear_rows (AdwPreferencesGroup *group,
            GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

static GtkWidget *
new_row (const char *title,
         const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  /* Names come from documents: never let them be read as markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static void
add_row (AdwPreferencesGroup *group,
         GPtrArray           *rows,
         GtkWidget           *row)
{
  adw_preferences_group_add (group, row);
  g_ptr_array_add (rows, row);
}

/* A field and its value: the value is what the user reads, the field is the
 * dimmer subtitle, as in GNOME's details panes. */
static void
add_detail (AdwPreferencesGroup *group,
            GPtrArray           *rows,
            const char          *field,
            const char          *value)
{
  GtkWidget *row;

  if (value == NULL || *value == '\0')
    return;
  row = new_row (field, value);
  gtk_widget_add_css_class (row, "property");
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  adw_preferences_row_set_title_selectable (ADW_PREFERENCES_ROW (row), FALSE);
  add_row (group, rows, row);
}

static void
go_to_block (DossierInspector *self,
             GtkWidget        *row)
{
  gint64 *ids = g_object_get_data (G_OBJECT (row), "dossier-target");

  if (ids != NULL && self->selection != NULL)
    dossier_selection_select_block (self->selection, ids[0], ids[1], self);
}

static void
row_go_to_block_cb (AdwActionRow     *row,
                    DossierInspector *self)
{
  go_to_block (self, GTK_WIDGET (row));
}

static void
set_target (GtkWidget *row,
            gint64     document_id,
            gint64     block_id)
{
  gint64 *ids = g_new (gint64, 2);

  ids[0] = document_id;
  ids[1] = block_id;
  g_object_set_data_full (G_OBJECT (row), "dossier-target", ids, g_free);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
}

static void
choose_entity_cb (GtkButton        *button,
                  DossierInspector *self)
{
  gint64 *id = g_object_get_data (G_OBJECT (button), "dossier-entity");

  if (id != NULL && self->selection != NULL)
    dossier_selection_select_entity (self->selection, *id, self);
}

static const char *
origin_label (const char *origin)
{
  if (g_strcmp0 (origin, "gazetteer") == 0)
    /* Translators: where an entity comes from: the curated list of UN entities */
    return C_("entity origin", "Gazetteer");
  if (g_strcmp0 (origin, "pattern") == 0)
    /* Translators: where an entity comes from: recognised from the text's wording */
    return C_("entity origin", "Recognised in the text");
  if (g_strcmp0 (origin, "user") == 0)
    /* Translators: where an entity comes from: added or corrected by the user */
    return C_("entity origin", "Your correction");
  return origin;
}

static void
show_neighbourhood_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  DossierInspector *self = DOSSIER_INSPECTOR (widget);

  if (self->entity != NULL)
    gtk_widget_activate_action (widget, "window.show-neighbourhood", "x", self->entity->id);
}

static void
update_actions (DossierInspector *self)
{
  gboolean have = self->entity != NULL && self->store != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inspector.show-neighbourhood", have);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inspector.rename", have);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inspector.merge", have);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inspector.hide", have && !self->entity->hidden);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inspector.unhide", have && self->entity->hidden);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inspector.accept", have && !self->entity->accepted);
}

static void
fill_details (DossierInspector *self)
{
  const DossierEntity *entity = self->entity;
  g_autofree char *aliases = NULL;
  g_autofree char *counts = NULL;
  g_autofree char *documents = dossier_kinds_format_documents (entity->n_documents);
  g_autofree char *summary = NULL;

  clear_rows (self->details_group, self->detail_rows);

  if (entity->aliases != NULL && entity->aliases->len > 0)
    {
      /* A copy keeps the element free function: this one only borrows. */
      g_autoptr(GPtrArray) strv = g_ptr_array_copy (entity->aliases, NULL, NULL);

      g_ptr_array_set_free_func (strv, NULL);
      g_ptr_array_add (strv, NULL);
      /* Translators: the separator between an entity's other names */
      aliases = g_strjoinv (C_("list separator", ", "), (char **) strv->pdata);
    }
  /* Translators: how often an entity is mentioned: "12 mentions in 3 documents" */
  counts = g_strdup_printf (dossier_locale_grouped (ngettext ("%u mention in %s", "%u mentions in %s", entity->n_mentions)),
                            entity->n_mentions, documents);

  add_detail (self->details_group, self->detail_rows, _("Kind"), dossier_kinds_get_label (entity->kind));
  if (g_strcmp0 (entity->name, entity->canonical_name) != 0)
    add_detail (self->details_group, self->detail_rows, _("Name found by extraction"),
                entity->canonical_name);
  add_detail (self->details_group, self->detail_rows, _("Short name"), entity->short_name);
  add_detail (self->details_group, self->detail_rows, _("Also known as"), aliases);
  add_detail (self->details_group, self->detail_rows, _("Mentions"), counts);
  add_detail (self->details_group, self->detail_rows, _("Origin"), origin_label (entity->origin));
  add_detail (self->details_group, self->detail_rows, _("Key"), entity->key);
  if (entity->hidden)
    add_detail (self->details_group, self->detail_rows, _("Status"),
                _("Hidden: left out of the library, the graph and the marks in documents"));
  else if (entity->accepted)
    add_detail (self->details_group, self->detail_rows, _("Status"), _("Accepted as correct"));

  gtk_label_set_text (self->entity_name, entity->name);
  if (entity->short_name != NULL && g_strcmp0 (entity->short_name, entity->name) != 0)
    /* Translators: under an entity's name: its kind and short name: "Organisation · OHCHR" */
    summary = g_strdup_printf (C_("entity summary", "%s · %s"),
                               dossier_kinds_get_label (entity->kind), entity->short_name);
  else
    summary = g_strdup (dossier_kinds_get_label (entity->kind));
  gtk_label_set_text (self->entity_summary, summary);
}

static gboolean
heading_has_number (const DossierBlock *block)
{
  gsize len = strlen (block->label);

  return g_str_has_prefix (block->text, block->label)
         && (block->text[len] == '.' || block->text[len] == ' ' || block->text[len] == ')');
}

static GtkWidget *
relation_row (DossierInspector      *self,
              const DossierRelation *relation)
{
  gboolean outgoing = relation->source_id == self->entity->id;
  const char *other = outgoing ? relation->target_name : relation->source_name;
  gint64 other_id = outgoing ? relation->target_id : relation->source_id;
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *button = gtk_button_new_from_icon_name ("go-next-symbolic");
  g_autofree char *subtitle = NULL;
  g_autofree char *tooltip = NULL;
  gint64 *id = g_new (gint64, 1);
  guint n_evidence = relation->evidence != NULL ? relation->evidence->len : 0;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), other);
  if (relation->directed && !outgoing)
    /* Translators: under a related entity in the inspector, for a relation that
     * goes from that entity to the one shown ("this report mentions OHCHR"),
     * and the number of paragraphs that support it */
    subtitle = g_strdup_printf (dossier_locale_grouped (ngettext ("Towards this entity · %u paragraph",
                                                                  "Towards this entity · %u paragraphs",
                                                                  relation->weight)), relation->weight);
  else if (relation->directed)
    /* Translators: as above, for a relation from the entity shown to the other one */
    subtitle = g_strdup_printf (dossier_locale_grouped (ngettext ("From this entity · %u paragraph",
                                                                  "From this entity · %u paragraphs",
                                                                  relation->weight)), relation->weight);
  else
    subtitle = g_strdup_printf (dossier_locale_grouped (ngettext ("%u paragraph", "%u paragraphs", relation->weight)),
                                relation->weight);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);

  /* Translators: tooltip of the button that chooses a related entity: "Show UNODC" */
  tooltip = g_strdup_printf (_("Show %s"), other);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  *id = other_id;
  g_object_set_data_full (G_OBJECT (button), "dossier-entity", id, g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (choose_entity_cb), self);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), button);

  for (guint i = 0; i < n_evidence && i < MAX_EVIDENCE_PER_RELATION; i++)
    {
      const DossierEvidence *evidence = g_ptr_array_index (relation->evidence, i);
      GtkWidget *evidence_row = new_row (evidence->citation, evidence->text);

      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (evidence_row), 2);
      set_target (evidence_row, evidence->document_id, evidence->block_id);
      g_signal_connect (evidence_row, "activated", G_CALLBACK (row_go_to_block_cb), self);
      gtk_widget_set_tooltip_text (evidence_row, _("Open this paragraph"));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), evidence_row);
    }
  if (n_evidence == 0)
    adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                              new_row (_("From the gazetteer: no paragraph states it"), NULL));
  else if (n_evidence > MAX_EVIDENCE_PER_RELATION)
    {
      g_autofree char *more = g_strdup_printf (dossier_locale_grouped (ngettext ("%u more paragraph", "%u more paragraphs",
                                                                                 n_evidence - MAX_EVIDENCE_PER_RELATION)),
                                               n_evidence - MAX_EVIDENCE_PER_RELATION);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), new_row (more, NULL));
    }
  return row;
}

static void
fill_relations (DossierInspector *self)
{
  g_autoptr(GPtrArray) relations = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) kinds = g_ptr_array_new ();
  g_autoptr(GHashTable) groups = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->relations_box))))
    gtk_box_remove (self->relations_box, child);
  self->n_relations = 0;

  relations = dossier_store_list_relations (self->store, self->entity->id, TRUE, &error);
  if (relations == NULL)
    {
      g_warning ("Could not list relations: %s", error->message);
      return;
    }

  /* One group per relation kind, heaviest relations first within each. */
  for (guint i = 0; i < relations->len; i++)
    {
      const DossierRelation *relation = g_ptr_array_index (relations, i);
      AdwPreferencesGroup *group = g_hash_table_lookup (groups, relation->kind);
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, relation->kind));

      if (group == NULL)
        {
          group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
          adw_preferences_group_set_title (group, dossier_kinds_get_relation_label (relation->kind));
          gtk_box_append (self->relations_box, GTK_WIDGET (group));
          g_hash_table_insert (groups, relation->kind, group);
          g_ptr_array_add (kinds, relation->kind);
        }
      g_hash_table_insert (counts, relation->kind, GUINT_TO_POINTER (count + 1));
      if (count < MAX_RELATIONS_PER_KIND)
        {
          adw_preferences_group_add (group, relation_row (self, relation));
          self->n_relations++;
        }
    }

  for (guint i = 0; i < kinds->len; i++)
    {
      const char *kind = g_ptr_array_index (kinds, i);
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, kind));
      g_autofree char *description = NULL;

      if (count > MAX_RELATIONS_PER_KIND)
        /* Translators: under a group of relations cut short: "12 of 40; the graph lists show them all" */
        description = g_strdup_printf (dossier_locale_grouped (_("%u of %u; the graph lists show them all")),
                                       MAX_RELATIONS_PER_KIND, count);
      else
        description = g_strdup_printf (dossier_locale_grouped (ngettext ("%u relation", "%u relations", count)), count);
      adw_preferences_group_set_description (g_hash_table_lookup (groups, kind), description);
    }
}

static void
fill_mentions (DossierInspector *self)
{
  g_autoptr(GPtrArray) mentions = NULL;
  g_autoptr(GError) error = NULL;
  guint i = 0;

  clear_rows (self->mentions_group, self->mention_rows);

  mentions = dossier_store_list_mentions (self->store, self->entity->id, 0, &error);
  if (mentions == NULL)
    {
      g_warning ("Could not list mentions: %s", error->message);
      return;
    }

  /* Mentions come in document order: one row per document, going to its first. */
  while (i < mentions->len)
    {
      const DossierMention *first = g_ptr_array_index (mentions, i);
      g_autoptr(GString) labels = g_string_new (NULL);
      g_autofree char *subtitle = NULL;
      guint n = 0, n_labels = 0;
      GtkWidget *row;

      for (; i < mentions->len; i++)
        {
          const DossierMention *mention = g_ptr_array_index (mentions, i);

          if (mention->document_id != first->document_id)
            break;
          n++;
          if (mention->label == NULL || n_labels > MAX_LABELS_PER_DOCUMENT)
            continue;
          if (labels->len > 0 && g_str_has_suffix (labels->str, mention->label))
            continue;
          if (n_labels == MAX_LABELS_PER_DOCUMENT)
            g_string_append (labels, C_("list continues", ", …"));
          else
            {
              if (labels->len > 0)
                g_string_append (labels, C_("list separator", ", "));
              g_string_append (labels, mention->label);
            }
          n_labels++;
        }

      if (labels->len > 0)
        /* Translators: mentions in one document, with the paragraphs: "5 mentions · ¶ 3, 7, 16" */
        subtitle = g_strdup_printf (dossier_locale_grouped (ngettext ("%u mention · ¶ %s", "%u mentions · ¶ %s", n)),
                                    n, labels->str);
      else
        subtitle = g_strdup_printf (dossier_locale_grouped (ngettext ("%u mention", "%u mentions", n)), n);

      row = new_row (first->document_symbol != NULL ? first->document_symbol : first->document_title,
                     subtitle);
      gtk_widget_set_tooltip_text (row, first->document_title);
      set_target (row, first->document_id, first->block_id);
      g_signal_connect (row, "activated", G_CALLBACK (row_go_to_block_cb), self);
      add_row (self->mentions_group, self->mention_rows, row);
    }
}

static void
show_entity (DossierInspector *self,
             gint64            entity_id)
{
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->entity, dossier_entity_free);
  if (entity_id != 0 && self->store != NULL)
    {
      self->entity = dossier_store_get_entity (self->store, entity_id, &error);
      if (self->entity == NULL)
        g_warning ("Could not read entity %" G_GINT64_FORMAT ": %s", entity_id, error->message);
    }

  update_actions (self);
  if (self->entity == NULL)
    {
      gtk_stack_set_visible_child_name (self->entity_stack, "none");
      return;
    }

  fill_details (self);
  fill_relations (self);
  fill_mentions (self);
  gtk_stack_set_visible_child_name (self->entity_stack, "entity");
}

static void
show_document (DossierInspector *self)
{
  g_autoptr(DossierDocumentInfo) info = NULL;
  g_autoptr(GPtrArray) blocks = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *paragraphs = NULL;
  g_autofree char *local_date = NULL;

  clear_rows (self->metadata_group, self->metadata_rows);
  clear_rows (self->outline_group, self->outline_rows);

  if (self->document_id == 0 || self->store == NULL
      || !(info = dossier_store_get_document (self->store, self->document_id, &error)))
    {
      gtk_stack_set_visible_child_name (self->document_stack, "none");
      return;
    }

  gtk_label_set_text (self->document_title, dossier_document_info_get_title (info));
  paragraphs = dossier_locale_format_number (dossier_document_info_get_n_paragraphs (info));
  local_date = dossier_i18n_format_date (dossier_document_info_get_date (info));
  add_detail (self->metadata_group, self->metadata_rows, _("Symbol"),
              dossier_document_info_get_symbol (info));
  add_detail (self->metadata_group, self->metadata_rows, _("Kind"),
              dossier_kinds_get_document_label (dossier_document_info_get_kind (info)));
  add_detail (self->metadata_group, self->metadata_rows, _("Date"), local_date);
  /* Translators: the body that issued a document, or that it is addressed to */
  add_detail (self->metadata_group, self->metadata_rows, _("Body"),
              dossier_document_info_get_body (info));
  add_detail (self->metadata_group, self->metadata_rows, _("Session"),
              dossier_document_info_get_session (info));
  add_detail (self->metadata_group, self->metadata_rows, _("Language"),
              dossier_document_info_get_language (info));
  add_detail (self->metadata_group, self->metadata_rows, _("Numbered paragraphs"), paragraphs);
  add_detail (self->metadata_group, self->metadata_rows, _("Imported from"),
              dossier_document_info_get_source_name (info));

  blocks = dossier_store_get_blocks (self->store, self->document_id, &error);
  for (guint i = 0; blocks != NULL && i < blocks->len; i++)
    {
      const DossierBlock *block = g_ptr_array_index (blocks, i);
      g_autofree char *title = NULL;
      GtkWidget *row;

      if (block->kind != DOSSIER_BLOCK_HEADING)
        continue;
      /* Some headings keep their number in their text ("II. Trends …"). */
      title = block->label != NULL && !heading_has_number (block)
              /* Translators: a numbered heading in a document's outline: "II. Key findings" */
              ? g_strdup_printf (C_("outline", "%s. %s"), block->label, block->text)
              : g_strdup (block->text);
      row = new_row (title, NULL);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);
      gtk_widget_set_margin_start (gtk_widget_get_first_child (row), 12 * MAX (block->level - 1, 0));
      set_target (row, self->document_id, block->id);
      g_signal_connect (row, "activated", G_CALLBACK (row_go_to_block_cb), self);
      add_row (self->outline_group, self->outline_rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->outline_group), self->outline_rows->len > 0);
  gtk_stack_set_visible_child_name (self->document_stack, "document");
}

static void
selection_changed_cb (DossierSelection *selection,
                      DossierInspector *self)
{
  gint64 entity_id = dossier_selection_get_entity_id (selection);
  gint64 shown = self->entity != NULL ? self->entity->id : 0;

  if (entity_id == shown)
    return;

  show_entity (self, entity_id);
  if (entity_id != 0)
    gtk_stack_set_visible_child_name (self->stack, "entity");
}

static void
toast (DossierInspector *self,
       const char       *message)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "window.toast", "s", message);
}

static void
corrected (DossierInspector *self,
           gint64            select_id)
{
  gint64 id = self->entity != NULL ? self->entity->id : 0;

  g_signal_emit (self, signals[ENTITIES_CHANGED], 0);
  if (select_id != 0 && select_id != id && self->selection != NULL)
    dossier_selection_select_entity (self->selection, select_id, self);
  else
    show_entity (self, id);
}

static void
rename_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    DossierInspector *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  gint64 *id = g_object_get_data (G_OBJECT (dialog), "dossier-entity");
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "rename") || self->store == NULL)
    return;

  if (!dossier_store_rename_entity (self->store, *id, name, &error))
    {
      toast (self, error->message);
      return;
    }
  corrected (self, 0);
}

static void
name_changed_cb (GtkEditable      *entry,
                 AdwMessageDialog *dialog)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "rename", *name != '\0');
}

static void
rename_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DossierInspector *self = DOSSIER_INSPECTOR (widget);
  GtkWidget *dialog, *entry;
  gint64 *id;

  if (self->entity == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                   _("Rename Entity"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("The new name shows everywhere and is kept when documents are imported again."));
  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), self->entity->name);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("New name"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "rename", _("_Rename"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "rename",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "rename");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  id = g_new (gint64, 1);
  *id = self->entity->id;
  g_object_set_data_full (G_OBJECT (dialog), "dossier-entity", id, g_free);
  g_signal_connect (entry, "changed", G_CALLBACK (name_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (rename_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
merge_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   DossierInspector *self)
{
  GtkDropDown *dropdown = GTK_DROP_DOWN (adw_message_dialog_get_extra_child (dialog));
  DossierEntityItem *into = gtk_drop_down_get_selected_item (dropdown);
  gint64 *id = g_object_get_data (G_OBJECT (dialog), "dossier-entity");
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!g_str_equal (response, "merge") || into == NULL || self->store == NULL)
    return;

  if (!dossier_store_merge_entities (self->store, *id, dossier_entity_item_get_id (into), &error))
    {
      toast (self, error->message);
      return;
    }

  /* Translators: after a merge: "Merged into UNODC" */
  message = g_strdup_printf (_("Merged into %s"), dossier_entity_item_get_name (into));
  toast (self, message);
  corrected (self, dossier_entity_item_get_id (into));
}

static int
compare_for_merge (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  const DossierEntity *x = *(DossierEntity **) a, *y = *(DossierEntity **) b;
  const char *kind = user_data;
  gboolean x_same = g_strcmp0 (x->kind, kind) == 0, y_same = g_strcmp0 (y->kind, kind) == 0;

  /* Entities of the same kind first: those are the likely duplicates. */
  if (x_same != y_same)
    return x_same ? -1 : 1;
  return g_utf8_collate (x->name, y->name);
}

static void
merge_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  DossierInspector *self = DOSSIER_INSPECTOR (widget);
  g_autoptr(GPtrArray) entities = NULL;
  g_autoptr(GListModel) items = NULL;
  g_autoptr(GError) error = NULL;
  GtkExpression *expression;
  GtkWidget *dialog, *dropdown;
  gint64 *id;

  if (self->entity == NULL || self->store == NULL)
    return;

  if (!(entities = dossier_store_list_entities (self->store, NULL, 0, FALSE, &error)))
    {
      toast (self, error->message);
      return;
    }
  for (guint i = 0; i < entities->len; i++)
    if (((DossierEntity *) g_ptr_array_index (entities, i))->id == self->entity->id)
      g_ptr_array_remove_index (entities, i--);
  g_ptr_array_sort_with_data (entities, compare_for_merge, self->entity->kind);
  items = dossier_entity_item_list_from_array (entities);

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                   _("Merge Into Another Entity"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  /* Translators: %s is the entity being merged away */
                                  _("“%s” becomes another name of the entity you choose, and its "
                                    "mentions and relations move there. Nothing is deleted."),
                                  self->entity->name);
  expression = gtk_property_expression_new (DOSSIER_TYPE_ENTITY_ITEM, NULL, "name");
  dropdown = gtk_drop_down_new (g_object_ref (items), expression);
  gtk_drop_down_set_enable_search (GTK_DROP_DOWN (dropdown), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Entity to merge into"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), dropdown);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "merge", _("_Merge"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "merge",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "merge",
                                           g_list_model_get_n_items (items) > 0);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  id = g_new (gint64, 1);
  *id = self->entity->id;
  g_object_set_data_full (G_OBJECT (dialog), "dossier-entity", id, g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (merge_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
hide_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DossierInspector *self = DOSSIER_INSPECTOR (widget);
  gboolean hide = g_str_equal (action_name, "inspector.hide");
  g_autoptr(GError) error = NULL;

  if (self->entity == NULL || self->store == NULL)
    return;

  if (!dossier_store_set_entity_hidden (self->store, self->entity->id, hide, &error))
    {
      toast (self, error->message);
      return;
    }
  toast (self, hide ? _("Entity hidden") : _("Entity shown again"));
  corrected (self, 0);
}

static void
accept_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DossierInspector *self = DOSSIER_INSPECTOR (widget);
  g_autoptr(GError) error = NULL;

  if (self->entity == NULL || self->store == NULL)
    return;

  if (!dossier_store_accept_entity (self->store, self->entity->id, &error))
    {
      toast (self, error->message);
      return;
    }
  corrected (self, 0);
}

/* The entity page's tooltips, given after the window's first frame: GTK 4.8
 * asks the X server where the pointer is for every tooltip set on a shown
 * widget, which held back the first frame while the template was built. */
static const DossierTemplateTooltip entity_tooltips[] = {
  /* Translators: shows the graph of the whole corpus with this entity chosen and centred */
  { "neighbourhood_button", N_("Show Neighbourhood in Graph") },
  { "rename_button", N_("Give This Entity Another Name") },
  { "merge_button", N_("Merge Into Another Entity") },
  { "corrections_button", N_("More Corrections") },
};

static void
first_paint_cb (GdkFrameClock    *clock,
                DossierInspector *self)
{
  g_signal_handlers_disconnect_by_func (clock, first_paint_cb, self);
  dossier_set_template_tooltips (GTK_WIDGET (self), DOSSIER_TYPE_INSPECTOR, entity_tooltips, G_N_ELEMENTS (entity_tooltips));
}

static void
realize_cb (DossierInspector *self)
{
  if (gtk_widget_get_tooltip_text (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (self),
                                                                              DOSSIER_TYPE_INSPECTOR,
                                                                              "rename_button"))) == NULL)
    g_signal_connect_object (gtk_widget_get_frame_clock (GTK_WIDGET (self)), "after-paint",
                             G_CALLBACK (first_paint_cb), self, 0);
}

static void
dossier_inspector_dispose (GObject *object)
{
  DossierInspector *self = (DossierInspector *) object;
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), DOSSIER_TYPE_INSPECTOR);
  /* The template's unnamed children (a switcher, a header box) are ours to drop. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  g_clear_object (&self->store);
  g_clear_object (&self->selection);

  G_OBJECT_CLASS (dossier_inspector_parent_class)->dispose (object);
}

static void
dossier_inspector_finalize (GObject *object)
{
  DossierInspector *self = (DossierInspector *) object;

  g_clear_pointer (&self->entity, dossier_entity_free);
  g_clear_pointer (&self->detail_rows, g_ptr_array_unref);
  g_clear_pointer (&self->mention_rows, g_ptr_array_unref);
  g_clear_pointer (&self->metadata_rows, g_ptr_array_unref);
  g_clear_pointer (&self->outline_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (dossier_inspector_parent_class)->finalize (object);
}

static void
dossier_inspector_class_init (DossierInspectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_inspector_dispose;
  object_class->finalize = dossier_inspector_finalize;

  /**
   * DossierInspector::entities-changed:
   *
   * A correction renamed, merged, hid or accepted an entity.
   */
  signals[ENTITIES_CHANGED] =
    g_signal_new ("entities-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/dossier/Dossier/ui/dossier-inspector.ui");
  for (guint i = 0; i < G_N_ELEMENTS (entity_tooltips); i++)
    gtk_widget_class_bind_template_child_full (widget_class, entity_tooltips[i].id, FALSE, 0);
  gtk_widget_class_bind_template_child (widget_class, DossierInspector, stack);
  gtk_widget_class_bind_template_child (widget_class, DossierInspector, entity_stack);
  gtk_widget_class_bind_template_child (widget_class, DossierInspector, entity_name);
  gtk_widget_class_bind_template_child (widget_class, DossierInspector, entity_summary);
  gtk_widget_class_bind_template_child (widget_class, DossierInspector, details_group);
  gtk_widget_class_bind_template_child (widget_class, DossierInspector, relations_box);
  gtk_widget_class_bind_template_child (widget_class, DossierInspector, mentions_group);
  gtk_widget_class_bind_template_child (widget_class, DossierInspector, document_stack);
  gtk_widget_class_bind_template_child (widget_class, DossierInspector, document_title);
  gtk_widget_class_bind_template_child (widget_class, DossierInspector, metadata_group);
  gtk_widget_class_bind_template_child (widget_class, DossierInspector, outline_group);

  gtk_widget_class_install_action (widget_class, "inspector.show-neighbourhood", NULL,
                                   show_neighbourhood_action);
  gtk_widget_class_install_action (widget_class, "inspector.rename", NULL, rename_action);
  gtk_widget_class_install_action (widget_class, "inspector.merge", NULL, merge_action);
  gtk_widget_class_install_action (widget_class, "inspector.hide", NULL, hide_action);
  gtk_widget_class_install_action (widget_class, "inspector.unhide", NULL, hide_action);
  gtk_widget_class_install_action (widget_class, "inspector.accept", NULL, accept_action);

  gtk_widget_class_set_css_name (widget_class, "inspector");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
dossier_inspector_init (DossierInspector *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->detail_rows = g_ptr_array_new ();
  self->mention_rows = g_ptr_array_new ();
  self->metadata_rows = g_ptr_array_new ();
  self->outline_rows = g_ptr_array_new ();

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Inspector"), -1);
  g_signal_connect (self, "realize", G_CALLBACK (realize_cb), NULL);
  update_actions (self);
}

void
dossier_inspector_set_model (DossierInspector *self,
                             DossierStore     *store,
                             DossierSelection *selection)
{
  g_return_if_fail (DOSSIER_IS_INSPECTOR (self));

  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_func (self->selection, selection_changed_cb, self);
  g_set_object (&self->store, store);
  g_set_object (&self->selection, selection);
  if (selection != NULL)
    g_signal_connect_object (selection, "changed", G_CALLBACK (selection_changed_cb), self, 0);

  self->document_id = 0;
  dossier_inspector_reload (self);
}

void
dossier_inspector_set_document (DossierInspector *self,
                                gint64            document_id)
{
  g_return_if_fail (DOSSIER_IS_INSPECTOR (self));

  if (self->document_id == document_id)
    return;
  self->document_id = document_id;
  show_document (self);
}

void
dossier_inspector_reload (DossierInspector *self)
{
  g_return_if_fail (DOSSIER_IS_INSPECTOR (self));

  show_entity (self, self->selection != NULL ? dossier_selection_get_entity_id (self->selection) : 0);
  show_document (self);
}

gint64
dossier_inspector_get_entity_id (DossierInspector *self)
{
  g_return_val_if_fail (DOSSIER_IS_INSPECTOR (self), 0);
  return self->entity != NULL ? self->entity->id : 0;
}

const char *
dossier_inspector_get_entity_name (DossierInspector *self)
{
  g_return_val_if_fail (DOSSIER_IS_INSPECTOR (self), NULL);
  return self->entity != NULL ? gtk_label_get_text (self->entity_name) : NULL;
}

const char *
dossier_inspector_get_page (DossierInspector *self)
{
  g_return_val_if_fail (DOSSIER_IS_INSPECTOR (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

void
dossier_inspector_set_page (DossierInspector *self,
                            const char       *page)
{
  g_return_if_fail (DOSSIER_IS_INSPECTOR (self));
  gtk_stack_set_visible_child_name (self->stack, page);
}

guint
dossier_inspector_get_n_relations (DossierInspector *self)
{
  g_return_val_if_fail (DOSSIER_IS_INSPECTOR (self), 0);
  return self->n_relations;
}
