/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dossier-draft-export.h"
#include "dossier-document-info.h"
#include "dossier-draft-panel.h"
#include "dossier-entities.h"
#include "dossier-locale.h"
#include "dossier-suggest.h"

/* What a dragged excerpt or paragraph carries: a plain string, so that any
 * widget (a document view, the graph) can offer one without knowing this file. */
#define EXCERPT_PREFIX "dossier:excerpt:"
#define BLOCK_PREFIX   "dossier:block:"

/* A card being dragged travels as a type of its own, not as text: a text view
 * (a section's own text) would otherwise take it and insert "dossier:excerpt:5". */
typedef struct
{
  gint64 id;
} DossierExcerptDrag;

GType dossier_excerpt_drag_get_type (void);

static DossierExcerptDrag *
dossier_excerpt_drag_copy (DossierExcerptDrag *drag)
{
  return g_memdup2 (drag, sizeof *drag);
}

G_DEFINE_BOXED_TYPE (DossierExcerptDrag, dossier_excerpt_drag, dossier_excerpt_drag_copy, g_free)
#define DOSSIER_TYPE_EXCERPT_DRAG (dossier_excerpt_drag_get_type ())

struct _DossierDraftPanel
{
  GtkWidget           parent_instance;

  DossierStore       *store;
  DossierSelection   *selection;
  DossierDraftEditor *editor;
  DossierDraft       *draft;          /* as last loaded, kept current while typing */
  GArray             *draft_ids;      /* of gint64, parallel to draft_titles */
  GSimpleActionGroup *window_actions; /* "draft.*", inserted into the window */
  GtkWidget          *action_root;    /* where window_actions went */
  gint64              focus_section;  /* the section that had the keyboard last */
  gint64              focus_excerpt;  /* the excerpt card to focus after a rebuild */
  gboolean            updating;       /* TRUE while widgets are filled from the model */
  gboolean            dropping;       /* TRUE while a drop is taken in */
  guint               rebuild_id;     /* the redraw put off until a drop is over */
  GtkPrintSettings   *print_settings;
  GtkFileChooserNative *chooser;

  /* Template widgets */
  GtkDropDown        *draft_dropdown;
  GtkStringList      *draft_titles;
  GtkStack           *stack;
  GtkLabel           *word_count_label;
  GtkEntry           *title_entry;
  GtkBox             *sections_box;
  GtkSearchEntry     *suggest_entry;
  GtkListBox         *suggest_list;
  GtkToggleButton    *suggest_toggle;
  GtkScrolledWindow  *scroller;
};

G_DEFINE_FINAL_TYPE (DossierDraftPanel, dossier_draft_panel, GTK_TYPE_WIDGET)

static void     rebuild      (DossierDraftPanel *self);
static gboolean ensure_draft (DossierDraftPanel *self,
                              GError           **error);
static void     reload_drafts (DossierDraftPanel *self);
static guint    add_text_at   (DossierDraftPanel *self,
                               const char        *text,
                               gint64             section_id,
                               int                position,
                               GError           **error);

/* Helpers */

/* An icon-only button says what it does in its tooltip and to screen readers. */
static void
set_button_name (GtkWidget  *button,
                 const char *name)
{
  gtk_widget_set_tooltip_text (button, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

static void
show_error (DossierDraftPanel *self,
            const GError      *error)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  g_warning_once ("%s", error->message);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (error->message));
}

static void
show_message (DossierDraftPanel *self,
              const char        *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

static DossierDraftSection *
find_section (DossierDraftPanel *self,
              gint64             section_id)
{
  if (self->draft == NULL)
    return NULL;
  return (DossierDraftSection *) dossier_draft_find_section (self->draft, section_id);
}

static void
update_word_count (DossierDraftPanel *self)
{
  guint n = dossier_draft_panel_get_word_count (self);
  g_autofree char *text = NULL;

  /* Translators: the live word count of the open draft. */
  text = g_strdup_printf (dossier_locale_grouped (g_dngettext (GETTEXT_PACKAGE, "%u word", "%u words", n)), n);
  gtk_label_set_text (self->word_count_label, text);
}

static void
update_actions (DossierDraftPanel *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean open = self->editor != NULL;
  gint64 block = self->selection != NULL ? dossier_selection_get_block_id (self->selection) : 0;
  gint64 entity = self->selection != NULL ? dossier_selection_get_entity_id (self->selection) : 0;
  gint64 document = self->selection != NULL ? dossier_selection_get_document_id (self->selection) : 0;

  gtk_widget_action_set_enabled (widget, "panel.new-draft", self->store != NULL);
  gtk_widget_action_set_enabled (widget, "panel.undo", open && dossier_draft_editor_get_can_undo (self->editor));
  gtk_widget_action_set_enabled (widget, "panel.redo", open && dossier_draft_editor_get_can_redo (self->editor));
  gtk_widget_action_set_enabled (widget, "panel.export", open);
  gtk_widget_action_set_enabled (widget, "panel.print", open);
  gtk_widget_action_set_enabled (widget, "panel.copy-citations", open);
  gtk_widget_action_set_enabled (widget, "panel.delete-draft", open);
  gtk_widget_action_set_enabled (widget, "panel.add-section", open);
  gtk_widget_action_set_enabled (widget, "panel.add-chosen-block", self->store != NULL && block != 0);
  gtk_widget_action_set_enabled (widget, "panel.add-chosen-entity", self->store != NULL && entity != 0);
  gtk_widget_action_set_enabled (widget, "panel.suggest-entity", self->store != NULL && entity != 0);
  gtk_widget_action_set_enabled (widget, "panel.suggest-document", self->store != NULL && document != 0);
}

static gboolean
rebuild_idle_cb (gpointer data)
{
  DossierDraftPanel *self = data;

  self->rebuild_id = 0;
  rebuild (self);
  return G_SOURCE_REMOVE;
}

/* Reads the draft again after a change that is not typing, and redraws it. */
static void
reload (DossierDraftPanel *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->draft, dossier_draft_free);
  if (self->editor != NULL)
    {
      self->draft = dossier_draft_load (self->store, dossier_draft_editor_get_draft_id (self->editor), &error);
      if (self->draft == NULL)
        {
          show_error (self, error);
          g_clear_object (&self->editor);
        }
    }
  /* A drop target's widget (a card, a section) must outlive its "drop"
   * handler: GTK still unmarks it afterwards. Redraw once the drop is over. */
  if (self->dropping)
    {
      if (self->rebuild_id == 0)
        self->rebuild_id = g_idle_add (rebuild_idle_cb, self);
    }
  else
    rebuild (self);
  update_actions (self);
}

/* The section new excerpts go to: the one last worked in, else the first. */
static gint64
target_section (DossierDraftPanel *self)
{
  if (find_section (self, self->focus_section) != NULL)
    return self->focus_section;
  return 0;
}

/* Excerpt cards */

static void
card_jump_cb (GtkButton *button,
              gpointer   user_data)
{
  DossierDraftPanel *self = DOSSIER_DRAFT_PANEL (gtk_widget_get_ancestor (GTK_WIDGET (button),
                                                                           DOSSIER_TYPE_DRAFT_PANEL));
  gint64 excerpt_id = GPOINTER_TO_SIZE (user_data);
  const DossierExcerpt *excerpt = dossier_draft_find_excerpt (self->draft, excerpt_id);

  if (excerpt == NULL || self->selection == NULL)
    return;
  if (excerpt->block_id == 0)
    {
      show_message (self, _("The quoted paragraph is no longer in the corpus."));
      return;
    }
  dossier_selection_select_block (self->selection, excerpt->document_id, excerpt->block_id, self);
}

static gint64
widget_excerpt_id (GtkWidget *widget)
{
  return (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (widget), "excerpt-id"));
}

static void
card_remove_cb (GtkButton *button,
                gpointer   user_data)
{
  DossierDraftPanel *self = DOSSIER_DRAFT_PANEL (gtk_widget_get_ancestor (GTK_WIDGET (button),
                                                                           DOSSIER_TYPE_DRAFT_PANEL));
  g_autoptr(GError) error = NULL;

  if (!dossier_draft_editor_remove_excerpt (self->editor, GPOINTER_TO_SIZE (user_data), &error))
    show_error (self, error);
  reload (self);
}

static void
card_refresh_cb (GtkButton *button,
                 gpointer   user_data)
{
  DossierDraftPanel *self = DOSSIER_DRAFT_PANEL (gtk_widget_get_ancestor (GTK_WIDGET (button),
                                                                           DOSSIER_TYPE_DRAFT_PANEL));
  g_autoptr(GError) error = NULL;

  if (!dossier_draft_editor_refresh_excerpt (self->editor, GPOINTER_TO_SIZE (user_data), &error))
    show_error (self, error);
  reload (self);
}

static void
note_changed_cb (GtkEditable *editable,
                 gpointer     user_data)
{
  DossierDraftPanel *self = DOSSIER_DRAFT_PANEL (gtk_widget_get_ancestor (GTK_WIDGET (editable),
                                                                           DOSSIER_TYPE_DRAFT_PANEL));
  gint64 excerpt_id = GPOINTER_TO_SIZE (user_data);
  const char *note = gtk_editable_get_text (editable);
  DossierExcerpt *excerpt;
  g_autoptr(GError) error = NULL;

  if (self == NULL || self->updating || self->editor == NULL)
    return;
  if (!dossier_draft_editor_set_excerpt_note (self->editor, excerpt_id, note, &error))
    {
      show_error (self, error);
      return;
    }
  excerpt = (DossierExcerpt *) dossier_draft_find_excerpt (self->draft, excerpt_id);
  if (excerpt != NULL)
    {
      g_free (excerpt->note);
      excerpt->note = *note != '\0' ? g_strdup (note) : NULL;
    }
  update_word_count (self);
  update_actions (self);
}

static gboolean
card_move_cb (GtkWidget *widget,
              GVariant  *args,
              gpointer   user_data)
{
  DossierDraftPanel *self = DOSSIER_DRAFT_PANEL (gtk_widget_get_ancestor (widget, DOSSIER_TYPE_DRAFT_PANEL));
  int delta = g_variant_get_int32 (args);

  return dossier_draft_panel_move_excerpt (self, widget_excerpt_id (widget), delta);
}

static GdkContentProvider *
card_drag_prepare_cb (GtkDragSource *source,
                      double         x,
                      double         y,
                      gpointer       user_data)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (source));
  DossierExcerptDrag drag = { widget_excerpt_id (row) };

  return gdk_content_provider_new_typed (DOSSIER_TYPE_EXCERPT_DRAG, &drag);
}

static void
card_drag_begin_cb (GtkDragSource *source,
                    GdkDrag       *drag,
                    gpointer       user_data)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (source));
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (row);

  gtk_drag_source_set_icon (source, paintable, 0, 0);
}

static char *
drop_value_to_payload (const GValue *value)
{
  if (G_VALUE_HOLDS (value, DOSSIER_TYPE_EXCERPT_DRAG))
    {
      const DossierExcerptDrag *drag = g_value_get_boxed (value);

      return g_strdup_printf (EXCERPT_PREFIX "%" G_GINT64_FORMAT, drag->id);
    }
  return g_value_dup_string (value);
}

static GtkEventController *
new_drop_target (void)
{
  GtkDropTarget *target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_MOVE | GDK_ACTION_COPY);
  GType types[] = { DOSSIER_TYPE_EXCERPT_DRAG, G_TYPE_STRING };

  gtk_drop_target_set_gtypes (target, types, G_N_ELEMENTS (types));
  return GTK_EVENT_CONTROLLER (target);
}

/* Something dropped on a section at @position (-1: its end). */
static gboolean
drop_payload (DossierDraftPanel *self,
              const char        *payload,
              gint64             section_id,
              int                position)
{
  g_autoptr(GError) error = NULL;
  gint64 id = 0;
  gboolean ok;

  if (payload == NULL || self->editor == NULL)
    return FALSE;

  if (g_str_has_prefix (payload, EXCERPT_PREFIX))
    {
      id = g_ascii_strtoll (payload + strlen (EXCERPT_PREFIX), NULL, 10);
      if (dossier_draft_find_excerpt (self->draft, id) == NULL)
        return FALSE;
      ok = dossier_draft_editor_move_excerpt (self->editor, id, section_id, position, &error);
      self->focus_excerpt = id;
    }
  else if (g_str_has_prefix (payload, BLOCK_PREFIX))
    {
      id = g_ascii_strtoll (payload + strlen (BLOCK_PREFIX), NULL, 10);
      ok = dossier_draft_editor_add_excerpt (self->editor, section_id, id, -1, -1, NULL, &id, &error);
      if (ok && position >= 0)
        ok = dossier_draft_editor_move_excerpt (self->editor, id, section_id, position, &error);
      self->focus_excerpt = id;
    }
  else
    {
      /* Text dragged out of a document view: its paragraphs, found again in
       * the corpus, become excerpts with their citations, where it was dropped. */
      self->focus_section = section_id;
      if (add_text_at (self, payload, section_id, position, &error) == 0)
        {
          if (error != NULL)
            show_error (self, error);
          else
            show_message (self, _("The dropped text is not a paragraph of the corpus."));
          return FALSE;
        }
      return TRUE;
    }

  if (!ok)
    show_error (self, error);
  self->focus_section = section_id;
  reload (self);
  return ok;
}

static gboolean
card_drop_cb (GtkDropTarget *target,
              const GValue  *value,
              double         x,
              double         y,
              gpointer       user_data)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target));
  DossierDraftPanel *self = DOSSIER_DRAFT_PANEL (gtk_widget_get_ancestor (row, DOSSIER_TYPE_DRAFT_PANEL));
  const DossierExcerpt *excerpt = dossier_draft_find_excerpt (self->draft, widget_excerpt_id (row));
  g_autofree char *payload = drop_value_to_payload (value);
  gboolean accepted;
  int position;

  if (excerpt == NULL || payload == NULL)
    return FALSE;
  /* The upper half of a card puts the drop before it, the lower half after. */
  position = (int) excerpt->position + (y > gtk_widget_get_height (row) / 2.0 ? 1 : 0);
  if (g_str_has_prefix (payload, EXCERPT_PREFIX))
    {
      const DossierExcerpt *moved = dossier_draft_find_excerpt (self->draft,
                                                                g_ascii_strtoll (payload + strlen (EXCERPT_PREFIX),
                                                                                 NULL, 10));

      /* Taking it out first shifts the places after it by one. */
      if (moved != NULL && moved->section_id == excerpt->section_id && (int) moved->position < position)
        position--;
    }
  self->dropping = TRUE;
  accepted = drop_payload (self, payload, excerpt->section_id, position);
  self->dropping = FALSE;
  return accepted;
}

static gboolean
section_drop_cb (GtkDropTarget *target,
                 const GValue  *value,
                 double         x,
                 double         y,
                 gpointer       user_data)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target));
  DossierDraftPanel *self = DOSSIER_DRAFT_PANEL (gtk_widget_get_ancestor (widget, DOSSIER_TYPE_DRAFT_PANEL));
  g_autofree char *payload = drop_value_to_payload (value);
  gboolean accepted;

  self->dropping = TRUE;
  accepted = drop_payload (self, payload, GPOINTER_TO_SIZE (user_data), -1);
  self->dropping = FALSE;
  return accepted;
}

static GtkWidget *
make_card (DossierDraftPanel    *self,
           const DossierExcerpt *excerpt)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *cite = gtk_button_new_with_label (excerpt->citation);
  GtkWidget *quote = gtk_label_new (NULL);
  GtkWidget *note = gtk_entry_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  GtkEventController *controller;
  GtkShortcutController *shortcuts;
  gpointer id = GSIZE_TO_POINTER (excerpt->id);
  g_autofree char *quoted = NULL;
  g_autofree char *row_label = NULL;

  g_object_set_data (G_OBJECT (row), "excerpt-id", id);
  gtk_widget_add_css_class (row, "card");
  gtk_widget_set_margin_bottom (row, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 10);
  gtk_widget_set_margin_end (box, 6);

  /* The citation is also the way back to the source. */
  gtk_widget_add_css_class (cite, "flat");
  gtk_widget_add_css_class (cite, "heading");
  gtk_widget_set_hexpand (cite, TRUE);
  gtk_widget_set_halign (cite, GTK_ALIGN_START);
  /* A citation is read whole: it wraps rather than being cut. */
  gtk_label_set_wrap (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (cite))), TRUE);
  gtk_label_set_xalign (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (cite))), 0);
  /* Translators: tooltip of an excerpt's citation, which opens the quoted paragraph. */
  gtk_widget_set_tooltip_text (cite, _("Go to the Source Paragraph"));
  g_signal_connect (cite, "clicked", G_CALLBACK (card_jump_cb), id);
  gtk_box_append (GTK_BOX (top), cite);

  if (excerpt->source_changed)
    {
      GtkWidget *warning = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      gtk_widget_add_css_class (warning, "warning");
      gtk_widget_set_tooltip_text (warning, excerpt->source_missing
                                   ? _("The quoted paragraph is no longer in the corpus; the quote is kept as it was.")
                                   : _("The source paragraph has changed since it was quoted."));
      gtk_box_append (GTK_BOX (top), warning);
      if (!excerpt->source_missing)
        {
          GtkWidget *refresh = gtk_button_new_from_icon_name ("view-refresh-symbolic");

          gtk_widget_add_css_class (refresh, "flat");
          /* Translators: replaces the quote with the current text of its changed source. */
          set_button_name (refresh, _("Quote the Current Text"));
          g_signal_connect (refresh, "clicked", G_CALLBACK (card_refresh_cb), id);
          gtk_box_append (GTK_BOX (top), refresh);
        }
    }

  gtk_widget_add_css_class (remove, "flat");
  set_button_name (remove, _("Remove Excerpt"));
  g_signal_connect (remove, "clicked", G_CALLBACK (card_remove_cb), id);
  gtk_box_append (GTK_BOX (top), remove);
  gtk_box_append (GTK_BOX (box), top);

  /* Translators: an excerpt's quote in quotation marks; %s is the quoted text. */
  quoted = g_strdup_printf (_("“%s”"), excerpt->quote);
  gtk_label_set_text (GTK_LABEL (quote), quoted);
  gtk_label_set_wrap (GTK_LABEL (quote), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (quote), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (quote), 0);
  gtk_label_set_lines (GTK_LABEL (quote), 8);
  gtk_label_set_ellipsize (GTK_LABEL (quote), PANGO_ELLIPSIZE_END);
  gtk_widget_set_margin_start (quote, 8);
  gtk_box_append (GTK_BOX (box), quote);

  gtk_entry_set_placeholder_text (GTK_ENTRY (note), _("Add a note…"));
  gtk_editable_set_text (GTK_EDITABLE (note), excerpt->note != NULL ? excerpt->note : "");
  gtk_widget_set_margin_start (note, 8);
  gtk_accessible_update_property (GTK_ACCESSIBLE (note), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Note"), -1);
  g_signal_connect (note, "changed", G_CALLBACK (note_changed_cb), id);
  g_object_set_data (G_OBJECT (row), "note-entry", note);
  gtk_box_append (GTK_BOX (box), note);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  /* Translators: the accessible name of an excerpt card; %s is its citation. */
  row_label = g_strdup_printf (_("Excerpt, %s"), excerpt->citation);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, row_label, -1);

  /* Alt+Up and Alt+Down move the card, as far as into the next section. */
  shortcuts = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
  for (int delta = -1; delta <= 1; delta += 2)
    {
      GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (delta < 0 ? GDK_KEY_Up : GDK_KEY_Down,
                                                                        GDK_ALT_MASK),
                                                gtk_callback_action_new (card_move_cb, NULL, NULL));

      gtk_shortcut_set_arguments (shortcut, g_variant_new_int32 (delta));
      gtk_shortcut_controller_add_shortcut (shortcuts, shortcut);
    }
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (shortcuts));

  controller = GTK_EVENT_CONTROLLER (gtk_drag_source_new ());
  gtk_drag_source_set_actions (GTK_DRAG_SOURCE (controller), GDK_ACTION_MOVE);
  g_signal_connect (controller, "prepare", G_CALLBACK (card_drag_prepare_cb), NULL);
  g_signal_connect (controller, "drag-begin", G_CALLBACK (card_drag_begin_cb), NULL);
  gtk_widget_add_controller (row, controller);

  controller = new_drop_target ();
  g_signal_connect (controller, "drop", G_CALLBACK (card_drop_cb), NULL);
  gtk_widget_add_controller (row, controller);

  return row;
}

/* Sections */

static gint64
widget_section_id (GtkWidget *widget)
{
  return (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (widget), "section-id"));
}

static void
section_focus_cb (GtkEventControllerFocus *controller,
                  DossierDraftPanel       *self)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  self->focus_section = widget_section_id (widget);
}

static void
section_title_changed_cb (GtkEditable       *editable,
                          DossierDraftPanel *self)
{
  gint64 section_id = widget_section_id (GTK_WIDGET (editable));
  DossierDraftSection *section;
  g_autoptr(GError) error = NULL;

  if (self->updating || self->editor == NULL)
    return;
  if (!dossier_draft_editor_rename_section (self->editor, section_id, gtk_editable_get_text (editable), &error))
    {
      show_error (self, error);
      return;
    }
  if ((section = find_section (self, section_id)) != NULL)
    {
      g_free (section->title);
      section->title = g_strdup (gtk_editable_get_text (editable));
    }
  update_actions (self);
}

static void
section_text_changed_cb (GtkTextBuffer     *buffer,
                         DossierDraftPanel *self)
{
  gint64 section_id = widget_section_id (GTK_WIDGET (g_object_get_data (G_OBJECT (buffer), "view")));
  DossierDraftSection *section;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  if (self->updating || self->editor == NULL)
    return;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  /* Written at once: a kill right after typing loses nothing. */
  if (!dossier_draft_editor_set_section_text (self->editor, section_id, text, &error))
    {
      show_error (self, error);
      return;
    }
  if ((section = find_section (self, section_id)) != NULL)
    {
      g_free (section->text);
      section->text = g_steal_pointer (&text);
    }
  update_word_count (self);
  update_actions (self);
}

static GMenuModel *
section_menu (gint64 section_id,
              guint  position,
              guint  n_sections)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenuItem) up = g_menu_item_new (_("Move _Up"), NULL);
  g_autoptr(GMenuItem) down = g_menu_item_new (_("Move _Down"), NULL);
  g_autoptr(GMenuItem) remove = g_menu_item_new (_("_Remove Section"), NULL);

  g_menu_item_set_action_and_target_value (up, "panel.move-section",
                                           g_variant_new ("(xi)", section_id, (gint32) MAX ((int) position - 1, 0)));
  g_menu_item_set_action_and_target_value (down, "panel.move-section",
                                           g_variant_new ("(xi)", section_id, (gint32) position + 1));
  g_menu_item_set_action_and_target_value (remove, "panel.remove-section", g_variant_new_int64 (section_id));
  if (position > 0)
    g_menu_append_item (menu, up);
  if (position + 1 < n_sections)
    g_menu_append_item (menu, down);
  g_menu_append_item (menu, remove);
  return G_MENU_MODEL (menu);
}

static GtkWidget *
make_section (DossierDraftPanel         *self,
              const DossierDraftSection *section)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *title = gtk_entry_new ();
  GtkWidget *menu_button = gtk_menu_button_new ();
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *view = gtk_text_view_new ();
  GtkWidget *list = gtk_list_box_new ();
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkEventController *controller;
  gpointer id = GSIZE_TO_POINTER (section->id);
  g_autoptr(GMenuModel) menu = section_menu (section->id, section->position, self->draft->sections->len);
  g_autofree char *view_label = NULL;

  g_object_set_data (G_OBJECT (box), "section-id", id);
  g_object_set_data (G_OBJECT (title), "section-id", id);
  g_object_set_data (G_OBJECT (view), "section-id", id);
  g_object_set_data (G_OBJECT (list), "section-id", id);

  gtk_editable_set_text (GTK_EDITABLE (title), section->title != NULL ? section->title : "");
  gtk_entry_set_placeholder_text (GTK_ENTRY (title), _("Section Title"));
  gtk_widget_add_css_class (title, "flat");
  gtk_widget_add_css_class (title, "title-4");
  gtk_widget_set_hexpand (title, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (title), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Section Title"), -1);
  g_signal_connect (title, "changed", G_CALLBACK (section_title_changed_cb), self);
  gtk_box_append (GTK_BOX (header), title);

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu_button), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (menu_button), menu);
  gtk_widget_add_css_class (menu_button, "flat");
  set_button_name (menu_button, _("Section Menu"));
  gtk_box_append (GTK_BOX (header), menu_button);
  gtk_box_append (GTK_BOX (box), header);

  /* The rapporteur's own text. GTK's own undo is off: the draft's undo covers it,
   * together with the excerpts, and Ctrl+Z reaches it from here. */
  gtk_text_buffer_set_enable_undo (buffer, FALSE);
  gtk_text_buffer_set_text (buffer, section->text != NULL ? section->text : "", -1);
  g_object_set_data (G_OBJECT (buffer), "view", view);
  g_signal_connect (buffer, "changed", G_CALLBACK (section_text_changed_cb), self);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_pixels_below_lines (GTK_TEXT_VIEW (view), 2);
  gtk_widget_set_size_request (view, -1, 56);
  /* Translators: the accessible name of a section's text; %s is the section title. */
  view_label = g_strdup_printf (_("Text of %s"), section->title != NULL ? section->title : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, view_label, -1);
  gtk_frame_set_child (GTK_FRAME (frame), view);
  gtk_box_append (GTK_BOX (box), frame);

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "background");
  for (guint i = 0; i < section->excerpts->len; i++)
    gtk_list_box_append (GTK_LIST_BOX (list), make_card (self, g_ptr_array_index (section->excerpts, i)));
  if (section->excerpts->len == 0)
    {
      GtkWidget *hint = gtk_label_new (_("Drop paragraphs here, or add them with the + menu."));

      gtk_widget_add_css_class (hint, "dim-label");
      gtk_widget_add_css_class (hint, "caption");
      gtk_widget_set_margin_top (hint, 6);
      gtk_widget_set_margin_bottom (hint, 6);
      gtk_list_box_set_placeholder (GTK_LIST_BOX (list), hint);
    }
  gtk_box_append (GTK_BOX (box), list);

  controller = gtk_event_controller_focus_new ();
  g_signal_connect (controller, "enter", G_CALLBACK (section_focus_cb), self);
  gtk_widget_add_controller (box, controller);

  /* Dropped on the section itself (not on a card): at its end. */
  controller = new_drop_target ();
  g_signal_connect (controller, "drop", G_CALLBACK (section_drop_cb), id);
  gtk_widget_add_controller (box, controller);

  return box;
}

static GtkWidget *
find_card (GtkWidget *widget,
           gint64     excerpt_id)
{
  if (GTK_IS_LIST_BOX_ROW (widget) && widget_excerpt_id (widget) == excerpt_id)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_card (child, excerpt_id);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_section_view (GtkWidget *widget,
                   gint64     section_id)
{
  if (GTK_IS_TEXT_VIEW (widget) && widget_section_id (widget) == section_id)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_section_view (child, section_id);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Where the keyboard was before the draft is redrawn, by ids, since every
 * widget of the sections is made anew. */
typedef enum
{
  FOCUS_NONE,     /* nothing had it: a new or moved card may take it */
  FOCUS_ELSEWHERE, /* outside the sections (a document, the search): left alone */
  FOCUS_TEXT,     /* a section's text, with its cursor */
  FOCUS_TITLE,    /* a section's title, with its cursor */
  FOCUS_NOTE,     /* an excerpt's note, with its cursor */
  FOCUS_CARD,     /* an excerpt card, or a button on it */
  FOCUS_SECTION,  /* another control of a section (its menu button) */
} FocusKind;

typedef struct
{
  FocusKind kind;
  gint64    section_id;
  gint64    excerpt_id;
  int       cursor;
  int       index;      /* of the card in its section */
} FocusPlace;

static gint64
enclosing_section_id (GtkWidget *widget)
{
  for (; widget != NULL; widget = gtk_widget_get_parent (widget))
    if (widget_section_id (widget) != 0)
      return widget_section_id (widget);
  return 0;
}

static void
remember_focus (DossierDraftPanel *self,
                FocusPlace        *place)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *entry, *card;

  *place = (FocusPlace) { FOCUS_NONE, 0, 0, 0, 0 };
  if (focus == NULL)
    return;
  if (!gtk_widget_is_ancestor (focus, GTK_WIDGET (self->sections_box)))
    {
      place->kind = FOCUS_ELSEWHERE;
      return;
    }
  place->section_id = enclosing_section_id (focus);
  entry = GTK_IS_ENTRY (focus) ? focus : gtk_widget_get_ancestor (focus, GTK_TYPE_ENTRY);
  card = GTK_IS_LIST_BOX_ROW (focus) ? focus : gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_BOX_ROW);

  if (GTK_IS_TEXT_VIEW (focus))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (focus));
      GtkTextIter iter;

      gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
      place->kind = FOCUS_TEXT;
      place->cursor = gtk_text_iter_get_offset (&iter);
    }
  else if (entry != NULL)
    {
      place->kind = card != NULL ? FOCUS_NOTE : FOCUS_TITLE;
      place->cursor = gtk_editable_get_position (GTK_EDITABLE (entry));
    }
  else
    place->kind = card != NULL ? FOCUS_CARD : FOCUS_SECTION;

  if (card != NULL)
    {
      place->excerpt_id = widget_excerpt_id (card);
      place->index = gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (card));
    }
}

static GtkWidget *
find_section_child (GtkWidget *widget,
                    GType      type,
                    gint64     section_id)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && widget_section_id (widget) == section_id)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_section_child (child, type, section_id);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
focus_text_view (GtkWidget *view,
                 int        cursor)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_offset (buffer, &iter, cursor);
  gtk_text_buffer_place_cursor (buffer, &iter);
  gtk_widget_grab_focus (view);
}

/* Puts the keyboard back where the rapporteur was: the text being typed in, with
 * its cursor; the card being moved; a note or a title. A card that went (undone,
 * removed) leaves the keyboard on its neighbour, else on its section's text. */
static void
restore_focus (DossierDraftPanel *self,
               const FocusPlace  *place)
{
  GtkWidget *sections = GTK_WIDGET (self->sections_box);
  GtkWidget *widget = NULL;
  gint64 new_card = self->focus_excerpt;

  self->focus_excerpt = 0;
  if (place->kind == FOCUS_ELSEWHERE)
    return;
  if (new_card != 0 && (place->kind == FOCUS_NONE || place->kind == FOCUS_CARD))
    {
      if ((widget = find_card (sections, new_card)) != NULL)
        {
          gtk_widget_grab_focus (widget);
          return;
        }
    }

  switch (place->kind)
    {
    case FOCUS_TEXT:
      if ((widget = find_section_view (sections, place->section_id)) != NULL)
        focus_text_view (widget, place->cursor);
      return;

    case FOCUS_TITLE:
      if ((widget = find_section_child (sections, GTK_TYPE_ENTRY, place->section_id)) != NULL)
        {
          gtk_widget_grab_focus (widget);
          gtk_editable_set_position (GTK_EDITABLE (widget), place->cursor);
          return;
        }
      break;

    case FOCUS_NOTE:
      if ((widget = find_card (sections, place->excerpt_id)) != NULL &&
          (widget = g_object_get_data (G_OBJECT (widget), "note-entry")) != NULL)
        {
          gtk_widget_grab_focus (widget);
          gtk_editable_set_position (GTK_EDITABLE (widget), place->cursor);
          return;
        }
      break;

    case FOCUS_CARD:
      if ((widget = find_card (sections, place->excerpt_id)) != NULL)
        {
          gtk_widget_grab_focus (widget);
          return;
        }
      break;

    case FOCUS_SECTION:
    case FOCUS_NONE:
    case FOCUS_ELSEWHERE:
    default:
      break;
    }

  if (place->kind == FOCUS_NONE)
    return;
  /* What had the keyboard is gone: the card now in its place, or the one
   * before it, or the section's text; never the top of the pane. */
  if (place->excerpt_id != 0 &&
      (widget = find_section_child (sections, GTK_TYPE_LIST_BOX, place->section_id)) != NULL)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (widget), place->index);

      if (row == NULL && place->index > 0)
        row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (widget), place->index - 1);
      if (row != NULL && widget_excerpt_id (GTK_WIDGET (row)) != 0)
        {
          gtk_widget_grab_focus (GTK_WIDGET (row));
          return;
        }
    }
  if ((widget = find_section_view (sections, place->section_id)) != NULL)
    focus_text_view (widget, 0);
}

static void
rebuild (DossierDraftPanel *self)
{
  FocusPlace place;
  GtkWidget *child;

  remember_focus (self, &place);

  self->updating = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sections_box))) != NULL)
    gtk_box_remove (self->sections_box, child);

  if (self->draft == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "none");
      gtk_editable_set_text (GTK_EDITABLE (self->title_entry), "");
      self->updating = FALSE;
      self->focus_excerpt = 0;
      update_word_count (self);
      return;
    }

  gtk_stack_set_visible_child_name (self->stack, "draft");
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->title_entry)), self->draft->title) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->title_entry), self->draft->title);
  for (guint i = 0; i < self->draft->sections->len; i++)
    gtk_box_append (self->sections_box, make_section (self, g_ptr_array_index (self->draft->sections, i)));
  self->updating = FALSE;

  restore_focus (self, &place);
  update_word_count (self);
}

/* The list of drafts */

static void
open_selected_draft (DossierDraftPanel *self)
{
  guint selected = gtk_drop_down_get_selected (self->draft_dropdown);

  if (self->updating || selected == GTK_INVALID_LIST_POSITION || selected >= self->draft_ids->len)
    return;
  if (g_array_index (self->draft_ids, gint64, selected) != dossier_draft_panel_get_draft_id (self))
    dossier_draft_panel_open_draft (self, g_array_index (self->draft_ids, gint64, selected));
}

static void
dropdown_selected_cb (DossierDraftPanel *self)
{
  open_selected_draft (self);
}

static void
reload_drafts (DossierDraftPanel *self)
{
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);
  gint64 open = dossier_draft_panel_get_draft_id (self);
  guint selected = GTK_INVALID_LIST_POSITION;

  g_array_set_size (self->draft_ids, 0);
  if (self->store != NULL && (drafts = dossier_draft_list (self->store, &error)) == NULL)
    show_error (self, error);
  for (guint i = 0; drafts != NULL && i < drafts->len; i++)
    {
      DossierDraftInfo *info = g_ptr_array_index (drafts, i);

      g_array_append_val (self->draft_ids, info->id);
      g_ptr_array_add (titles, g_strdup (info->title));
      if (info->id == open)
        selected = i;
    }
  g_ptr_array_add (titles, NULL);

  self->updating = TRUE;
  gtk_string_list_splice (self->draft_titles, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->draft_titles)),
                          (const char *const *) titles->pdata);
  gtk_drop_down_set_selected (self->draft_dropdown, selected);
  self->updating = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->draft_dropdown), self->draft_ids->len > 0);
}

static void
title_changed_cb (DossierDraftPanel *self)
{
  const char *title = gtk_editable_get_text (GTK_EDITABLE (self->title_entry));
  g_autoptr(GError) error = NULL;

  if (self->updating || self->editor == NULL || *title == '\0')
    return;
  if (!dossier_draft_editor_rename (self->editor, title, &error))
    {
      show_error (self, error);
      return;
    }
  g_free (self->draft->title);
  self->draft->title = g_strdup (title);
  reload_drafts (self);
  update_actions (self);
}

/* Suggestions */

static void
suggestion_add_cb (GtkButton *button,
                   gpointer   user_data)
{
  DossierDraftPanel *self = DOSSIER_DRAFT_PANEL (gtk_widget_get_ancestor (GTK_WIDGET (button),
                                                                           DOSSIER_TYPE_DRAFT_PANEL));
  g_autoptr(GError) error = NULL;

  if (!dossier_draft_panel_add_block (self, GPOINTER_TO_SIZE (user_data), -1, -1, &error))
    show_error (self, error);
  else
    gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
}

static GtkWidget *
make_suggestion (const DossierSuggestion *suggestion)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *text_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *cite = gtk_label_new (suggestion->citation);
  GtkWidget *text = gtk_label_new (suggestion->text);
  GtkWidget *add = gtk_button_new_from_icon_name ("list-add-symbolic");
  g_autofree char *tooltip = NULL;

  gtk_widget_set_margin_top (row, 6);
  gtk_widget_set_margin_bottom (row, 6);
  gtk_widget_set_margin_start (row, 8);
  gtk_widget_set_margin_end (row, 6);
  gtk_widget_add_css_class (cite, "heading");
  gtk_label_set_xalign (GTK_LABEL (cite), 0);
  gtk_label_set_wrap (GTK_LABEL (cite), TRUE);
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_lines (GTK_LABEL (text), 3);
  gtk_label_set_ellipsize (GTK_LABEL (text), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (text, "caption");
  gtk_widget_set_hexpand (text_box, TRUE);
  gtk_box_append (GTK_BOX (text_box), cite);
  gtk_box_append (GTK_BOX (text_box), text);
  gtk_box_append (GTK_BOX (row), text_box);

  gtk_widget_add_css_class (add, "flat");
  gtk_widget_set_valign (add, GTK_ALIGN_CENTER);
  /* Translators: adds a suggested paragraph to the draft; %s is its citation. */
  tooltip = g_strdup_printf (_("Add %s to the Draft"), suggestion->citation);
  set_button_name (add, tooltip);
  g_signal_connect (add, "clicked", G_CALLBACK (suggestion_add_cb), GSIZE_TO_POINTER (suggestion->block_id));
  gtk_box_append (GTK_BOX (row), add);
  return row;
}

static void
show_suggestions (DossierDraftPanel *self,
                  GPtrArray         *suggestions)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->suggest_list))) != NULL)
    gtk_list_box_remove (self->suggest_list, child);
  for (guint i = 0; suggestions != NULL && i < suggestions->len; i++)
    gtk_list_box_append (self->suggest_list, make_suggestion (g_ptr_array_index (suggestions, i)));
  if (suggestions != NULL && suggestions->len == 0)
    {
      GtkWidget *none = gtk_label_new (_("No paragraph of the corpus answers that."));

      gtk_widget_add_css_class (none, "dim-label");
      gtk_widget_set_margin_top (none, 12);
      gtk_widget_set_margin_bottom (none, 12);
      gtk_list_box_append (self->suggest_list, none);
    }
  gtk_toggle_button_set_active (self->suggest_toggle, TRUE);
}

static void
suggest_activate_cb (DossierDraftPanel *self)
{
  dossier_draft_panel_suggest (self, gtk_editable_get_text (GTK_EDITABLE (self->suggest_entry)));
}

/* Printing: the plain-text export, paginated with Pango. */

typedef struct
{
  PangoLayout *layout;
  GArray      *page_first_line;   /* of int */
  GArray      *line_top;          /* of double, in points */
  GArray      *line_baseline;     /* of double */
} PrintJob;

static void
print_job_free (PrintJob *job)
{
  g_clear_object (&job->layout);
  g_array_unref (job->page_first_line);
  g_array_unref (job->line_top);
  g_array_unref (job->line_baseline);
  g_free (job);
}

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                DossierDraftPanel *self)
{
  PrintJob *job = g_new0 (PrintJob, 1);
  g_autoptr(GBytes) bytes = dossier_draft_export (self->draft, DOSSIER_DRAFT_FORMAT_TEXT, NULL, NULL);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Serif 11");
  double page_height = gtk_print_context_get_height (context);
  double page_top = 0;
  PangoLayoutIter *iter;
  int line = 0;

  job->page_first_line = g_array_new (FALSE, FALSE, sizeof (int));
  job->line_top = g_array_new (FALSE, FALSE, sizeof (double));
  job->line_baseline = g_array_new (FALSE, FALSE, sizeof (double));
  job->layout = gtk_print_context_create_pango_layout (context);
  pango_layout_set_font_description (job->layout, font);
  pango_layout_set_width (job->layout, (int) (gtk_print_context_get_width (context) * PANGO_SCALE));
  pango_layout_set_wrap (job->layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (job->layout, bytes != NULL ? g_bytes_get_data (bytes, NULL) : "",
                         bytes != NULL ? (int) g_bytes_get_size (bytes) : 0);

  g_array_append_val (job->page_first_line, line);
  iter = pango_layout_get_iter (job->layout);
  do
    {
      PangoRectangle logical;
      double top, baseline;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      top = (double) logical.y / PANGO_SCALE;
      baseline = (double) pango_layout_iter_get_baseline (iter) / PANGO_SCALE;
      if (top + (double) logical.height / PANGO_SCALE - page_top > page_height && line > 0)
        {
          g_array_append_val (job->page_first_line, line);
          page_top = top;
        }
      top -= page_top;
      baseline -= page_top;
      g_array_append_val (job->line_top, top);
      g_array_append_val (job->line_baseline, baseline);
      line++;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);

  gtk_print_operation_set_n_pages (operation, (int) job->page_first_line->len);
  g_object_set_data_full (G_OBJECT (operation), "job", job, (GDestroyNotify) print_job_free);
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page,
              DossierDraftPanel *self)
{
  PrintJob *job = g_object_get_data (G_OBJECT (operation), "job");
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  int first = g_array_index (job->page_first_line, int, page);
  int last = (guint) page + 1 < job->page_first_line->len
             ? g_array_index (job->page_first_line, int, page + 1)
             : pango_layout_get_line_count (job->layout);

  cairo_set_source_rgb (cr, 0, 0, 0);
  for (int i = first; i < last; i++)
    {
      cairo_move_to (cr, 0, g_array_index (job->line_baseline, double, i));
      pango_cairo_show_layout_line (cr, pango_layout_get_line_readonly (job->layout, i));
    }
}

/* Actions */

static void
new_draft_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  DossierDraftPanel *self = DOSSIER_DRAFT_PANEL (widget);
  g_autoptr(GError) error = NULL;

  if (!dossier_draft_panel_new_draft (self, g_variant_get_string (parameter, NULL), &error))
    show_error (self, error);
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->title_entry));
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DossierDraftPanel *self = DOSSIER_DRAFT_PANEL (widget);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->editor == NULL)
    return;
  if (g_str_equal (action_name, "panel.undo"))
    ok = dossier_draft_editor_undo (self->editor, &error);
  else
    ok = dossier_draft_editor_redo (self->editor, &error);
  if (!ok)
    show_error (self, error);
  reload (self);
  reload_drafts (self);
}

static void
export_response_cb (GtkNativeDialog   *dialog,
                    int                response,
                    DossierDraftPanel *self)
{
  DossierDraftFormat format = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "format"));
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->draft != NULL)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      if (!dossier_draft_panel_export (self, format, file, &error))
        show_error (self, error);
      else
        {
          g_autofree char *name = g_file_get_basename (file);
          /* Translators: %s is the name of the file a draft was exported to. */
          g_autofree char *message = g_strdup_printf (_("Exported to “%s”"), name);

          show_message (self, message);
        }
    }
  g_clear_object (&self->chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DossierDraftPanel *self = DOSSIER_DRAFT_PANEL (widget);
  DossierDraftFormat format;
  g_autofree char *name = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->draft == NULL || !dossier_draft_format_from_string (g_variant_get_string (parameter, NULL), &format))
    return;
  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Export Draft"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  name = g_strdup_printf ("%s.%s", self->draft->title, dossier_draft_format_get_extension (format));
  g_strdelimit (name, "/\\", '-');
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_object_set_data (G_OBJECT (self->chooser), "format", GINT_TO_POINTER (format));
  g_signal_connect (self->chooser, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static GtkPrintOperation *
new_print_operation (DossierDraftPanel *self)
{
  GtkPrintOperation *operation = gtk_print_operation_new ();

  if (self->print_settings != NULL)
    gtk_print_operation_set_print_settings (operation, self->print_settings);
  gtk_print_operation_set_job_name (operation, self->draft->title);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), self);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), self);
  return operation;
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  DossierDraftPanel *self = DOSSIER_DRAFT_PANEL (widget);
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GError) error = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->draft == NULL)
    return;
  operation = new_print_operation (self);
  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, &error) == GTK_PRINT_OPERATION_RESULT_APPLY)
    g_set_object (&self->print_settings, gtk_print_operation_get_print_settings (operation));
  else if (error != NULL)
    show_error (self, error);
}

static void
export_pdf_response_cb (GtkNativeDialog   *dialog,
                        int                response,
                        DossierDraftPanel *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->draft != NULL)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      if (!dossier_draft_panel_print_to_pdf (self, file, &error))
        show_error (self, error);
      else
        {
          g_autofree char *name = g_file_get_basename (file);
          g_autofree char *message = g_strdup_printf (_("Exported to “%s”"), name);

          show_message (self, message);
        }
    }
  g_clear_object (&self->chooser);
}

static void
export_pdf_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  DossierDraftPanel *self = DOSSIER_DRAFT_PANEL (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *name = NULL;

  if (self->draft == NULL)
    return;
  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Export Draft"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  name = g_strdup_printf ("%s.pdf", self->draft->title);
  g_strdelimit (name, "/\\", '-');
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect (self->chooser, "response", G_CALLBACK (export_pdf_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
copy_citations_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  DossierDraftPanel *self = DOSSIER_DRAFT_PANEL (widget);
  g_autofree char *list = NULL;

  if (self->draft == NULL)
    return;
  list = dossier_draft_dup_citation_list (self->draft);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), list);
  show_message (self, *list != '\0' ? _("Citation list copied") : _("The draft quotes no source yet"));
}

static void
delete_response_cb (AdwMessageDialog  *dialog,
                    const char        *response,
                    DossierDraftPanel *self)
{
  g_autoptr(GError) error = NULL;
  gint64 id = dossier_draft_panel_get_draft_id (self);

  if (!g_str_equal (response, "delete") || id == 0)
    return;
  if (!dossier_draft_delete (self->store, id, &error))
    {
      show_error (self, error);
      return;
    }
  g_clear_object (&self->editor);
  reload (self);
  reload_drafts (self);
  if (self->draft_ids->len > 0)
    dossier_draft_panel_open_draft (self, g_array_index (self->draft_ids, gint64, 0));
}

static void
delete_draft_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  DossierDraftPanel *self = DOSSIER_DRAFT_PANEL (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  if (self->draft == NULL)
    return;
  /* Translators: %s is the title of the draft about to be deleted. */
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _("Delete Draft?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("“%s” and its excerpts will be deleted. This cannot be undone."),
                                  self->draft->title);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (delete_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_section_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  DossierDraftPanel *self = DOSSIER_DRAFT_PANEL (widget);
  g_autoptr(GError) error = NULL;
  gint64 section_id = 0;

  if (self->editor == NULL)
    return;
  if (!dossier_draft_editor_add_section (self->editor, _("New Section"), -1, &section_id, &error))
    show_error (self, error);
  self->focus_section = section_id;
  reload (self);
}

static void
move_section_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  DossierDraftPanel *self = DOSSIER_DRAFT_PANEL (widget);
  g_autoptr(GError) error = NULL;
  gint64 section_id;
  gint32 position;

  g_variant_get (parameter, "(xi)", &section_id, &position);
  if (self->editor != NULL && !dossier_draft_editor_move_section (self->editor, section_id, position, &error))
    show_error (self, error);
  reload (self);
}

static void
remove_section_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  DossierDraftPanel *self = DOSSIER_DRAFT_PANEL (widget);
  g_autoptr(GError) error = NULL;

  if (self->editor != NULL &&
      !dossier_draft_editor_remove_section (self->editor, g_variant_get_int64 (parameter), &error))
    show_error (self, error);
  reload (self);
}

static void
suggest_chosen_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  DossierDraftPanel *self = DOSSIER_DRAFT_PANEL (widget);
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autoptr(GError) error = NULL;

  if (self->selection == NULL || self->store == NULL)
    return;
  if (g_str_equal (action_name, "panel.suggest-entity"))
    suggestions = dossier_suggest_for_entity (self->store, dossier_selection_get_entity_id (self->selection), 0, &error);
  else
    suggestions = dossier_suggest_for_document (self->store, dossier_selection_get_document_id (self->selection), 0,
                                                &error);
  if (suggestions == NULL)
    {
      show_error (self, error);
      return;
    }
  show_suggestions (self, suggestions);
}

static void
paste_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DossierDraftPanel) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);

  if (text == NULL)
    return;
  if (dossier_draft_panel_add_text (self, text, &error) == 0)
    {
      if (error != NULL)
        show_error (self, error);
      else
        show_message (self, _("The copied text is not a paragraph of the corpus."));
    }
}

static void
paste_excerpts_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, paste_read_cb, g_object_ref (widget));
}

static void
add_chosen_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  DossierDraftPanel *self = DOSSIER_DRAFT_PANEL (widget);
  g_autoptr(GError) error = NULL;

  if (self->selection == NULL)
    return;
  if (g_str_equal (action_name, "panel.add-chosen-block"))
    {
      if (!dossier_draft_panel_add_block (self, dossier_selection_get_block_id (self->selection), -1, -1, &error))
        show_error (self, error);
    }
  else if (dossier_draft_panel_add_entity (self, dossier_selection_get_entity_id (self->selection), &error) == 0 &&
           error != NULL)
    show_error (self, error);
}

/* The "draft" group of the window */

static void
window_action_cb (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  DossierDraftPanel *self = user_data;
  const char *name = g_action_get_name (G_ACTION (action));
  g_autoptr(GError) error = NULL;

  if (g_str_equal (name, "add-block"))
    dossier_draft_panel_add_block (self, g_variant_get_int64 (parameter), -1, -1, &error);
  else if (g_str_equal (name, "add-entity"))
    dossier_draft_panel_add_entity (self, g_variant_get_int64 (parameter), &error);
  else if (g_str_equal (name, "add-relation"))
    dossier_draft_panel_add_relation (self, g_variant_get_int64 (parameter), &error);
  else if (g_str_equal (name, "suggest-relation"))
    {
      g_autoptr(GPtrArray) suggestions = dossier_suggest_for_relation (self->store, g_variant_get_int64 (parameter),
                                                                       0, &error);

      if (suggestions != NULL)
        show_suggestions (self, suggestions);
    }
  else if (g_str_equal (name, "add-query"))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->suggest_entry), g_variant_get_string (parameter, NULL));
      dossier_draft_panel_suggest (self, g_variant_get_string (parameter, NULL));
    }
  if (error != NULL)
    show_error (self, error);
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
}

static void
selection_changed_cb (DossierDraftPanel *self)
{
  update_actions (self);
}

/* GObject and GtkWidget */

static void
dossier_draft_panel_root (GtkWidget *widget)
{
  DossierDraftPanel *self = DOSSIER_DRAFT_PANEL (widget);

  GTK_WIDGET_CLASS (dossier_draft_panel_parent_class)->root (widget);
  self->action_root = GTK_WIDGET (gtk_widget_get_root (widget));
  gtk_widget_insert_action_group (self->action_root, "draft", G_ACTION_GROUP (self->window_actions));
}

static void
dossier_draft_panel_unroot (GtkWidget *widget)
{
  DossierDraftPanel *self = DOSSIER_DRAFT_PANEL (widget);

  if (self->action_root != NULL)
    gtk_widget_insert_action_group (self->action_root, "draft", NULL);
  self->action_root = NULL;
  GTK_WIDGET_CLASS (dossier_draft_panel_parent_class)->unroot (widget);
}

static void
dossier_draft_panel_dispose (GObject *object)
{
  DossierDraftPanel *self = DOSSIER_DRAFT_PANEL (object);
  GtkWidget *child;

  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), DOSSIER_TYPE_DRAFT_PANEL);
  /* GTK 4.8 leaves the unnamed template children in place. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->editor);
  g_clear_object (&self->store);
  g_clear_object (&self->selection);
  g_clear_object (&self->window_actions);
  g_clear_object (&self->print_settings);
  g_clear_pointer (&self->draft, dossier_draft_free);
  g_clear_pointer (&self->draft_ids, g_array_unref);

  G_OBJECT_CLASS (dossier_draft_panel_parent_class)->dispose (object);
}

static void
dossier_draft_panel_class_init (DossierDraftPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_draft_panel_dispose;
  widget_class->root = dossier_draft_panel_root;
  widget_class->unroot = dossier_draft_panel_unroot;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/dossier/Dossier/ui/dossier-draft-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierDraftPanel, draft_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DossierDraftPanel, draft_titles);
  gtk_widget_class_bind_template_child (widget_class, DossierDraftPanel, stack);
  gtk_widget_class_bind_template_child (widget_class, DossierDraftPanel, word_count_label);
  gtk_widget_class_bind_template_child (widget_class, DossierDraftPanel, title_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierDraftPanel, sections_box);
  gtk_widget_class_bind_template_child (widget_class, DossierDraftPanel, suggest_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierDraftPanel, suggest_list);
  gtk_widget_class_bind_template_child (widget_class, DossierDraftPanel, suggest_toggle);
  gtk_widget_class_bind_template_child (widget_class, DossierDraftPanel, scroller);
  gtk_widget_class_bind_template_callback (widget_class, suggest_activate_cb);

  gtk_widget_class_install_action (widget_class, "panel.new-draft", "s", new_draft_action);
  gtk_widget_class_install_action (widget_class, "panel.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "panel.redo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "panel.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "panel.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "panel.copy-citations", NULL, copy_citations_action);
  gtk_widget_class_install_action (widget_class, "panel.delete-draft", NULL, delete_draft_action);
  gtk_widget_class_install_action (widget_class, "panel.add-section", NULL, add_section_action);
  gtk_widget_class_install_action (widget_class, "panel.move-section", "(xi)", move_section_action);
  gtk_widget_class_install_action (widget_class, "panel.remove-section", "x", remove_section_action);
  gtk_widget_class_install_action (widget_class, "panel.add-chosen-block", NULL, add_chosen_action);
  gtk_widget_class_install_action (widget_class, "panel.add-chosen-entity", NULL, add_chosen_action);
  gtk_widget_class_install_action (widget_class, "panel.suggest-entity", NULL, suggest_chosen_action);
  gtk_widget_class_install_action (widget_class, "panel.suggest-document", NULL, suggest_chosen_action);
  gtk_widget_class_install_action (widget_class, "panel.export-pdf", NULL, export_pdf_action);
  gtk_widget_class_install_action (widget_class, "panel.paste-excerpts", NULL, paste_excerpts_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "panel.paste-excerpts", NULL);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "panel.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "panel.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_y, GDK_CONTROL_MASK, "panel.redo", NULL);

  gtk_widget_class_set_css_name (widget_class, "draftpanel");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
dossier_draft_panel_init (DossierDraftPanel *self)
{
  static const GActionEntry entries[] = {
    { "add-block", window_action_cb, "x" },
    { "add-entity", window_action_cb, "x" },
    { "add-relation", window_action_cb, "x" },
    { "add-query", window_action_cb, "s" },
    { "suggest-relation", window_action_cb, "x" },
  };

  gtk_widget_init_template (GTK_WIDGET (self));
  self->draft_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->window_actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->window_actions), entries, G_N_ELEMENTS (entries), self);

  g_signal_connect_swapped (self->draft_dropdown, "notify::selected", G_CALLBACK (dropdown_selected_cb), self);
  g_signal_connect_swapped (self->title_entry, "changed", G_CALLBACK (title_changed_cb), self);
  rebuild (self);
  reload_drafts (self);
  update_actions (self);
}

/* Public API */

GtkWidget *
dossier_draft_panel_new (void)
{
  return g_object_new (DOSSIER_TYPE_DRAFT_PANEL, NULL);
}

void
dossier_draft_panel_set_model (DossierDraftPanel *self,
                               DossierStore      *store,
                               DossierSelection  *selection)
{
  g_return_if_fail (DOSSIER_IS_DRAFT_PANEL (self));

  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  g_set_object (&self->store, store);
  g_set_object (&self->selection, selection);
  if (selection != NULL)
    g_signal_connect_swapped (selection, "changed", G_CALLBACK (selection_changed_cb), self);

  g_clear_object (&self->editor);
  g_clear_pointer (&self->draft, dossier_draft_free);
  reload_drafts (self);
  /* The draft changed most recently is where the rapporteur left off. */
  if (self->draft_ids->len > 0)
    dossier_draft_panel_open_draft (self, g_array_index (self->draft_ids, gint64, 0));
  else
    reload (self);
}

gint64
dossier_draft_panel_get_draft_id (DossierDraftPanel *self)
{
  g_return_val_if_fail (DOSSIER_IS_DRAFT_PANEL (self), 0);

  return self->editor != NULL ? dossier_draft_editor_get_draft_id (self->editor) : 0;
}

DossierDraftEditor *
dossier_draft_panel_get_editor (DossierDraftPanel *self)
{
  g_return_val_if_fail (DOSSIER_IS_DRAFT_PANEL (self), NULL);

  return self->editor;
}

gboolean
dossier_draft_panel_open_draft (DossierDraftPanel *self,
                                gint64             draft_id)
{
  g_autoptr(GError) error = NULL;
  DossierDraft *draft;

  g_return_val_if_fail (DOSSIER_IS_DRAFT_PANEL (self), FALSE);
  g_return_val_if_fail (self->store != NULL, FALSE);

  if (!(draft = dossier_draft_load (self->store, draft_id, &error)))
    {
      show_error (self, error);
      return FALSE;
    }
  g_clear_pointer (&self->draft, dossier_draft_free);
  self->draft = draft;
  g_clear_object (&self->editor);
  self->editor = dossier_draft_editor_new (self->store, draft_id);
  self->focus_section = 0;
  rebuild (self);
  reload_drafts (self);
  update_actions (self);
  return TRUE;
}

gboolean
dossier_draft_panel_new_draft (DossierDraftPanel *self,
                               const char        *template_name,
                               GError           **error)
{
  gint64 id = 0;
  const char *title;

  g_return_val_if_fail (DOSSIER_IS_DRAFT_PANEL (self), FALSE);
  g_return_val_if_fail (self->store != NULL, FALSE);

  title = g_strcmp0 (template_name, DOSSIER_DRAFT_TEMPLATE_BLANK) == 0 ? _("Untitled Draft") : _("Meeting Summary");
  if (!dossier_draft_new (self->store, title, template_name, &id, error))
    return FALSE;
  return dossier_draft_panel_open_draft (self, id);
}

static gboolean
ensure_draft (DossierDraftPanel *self,
              GError           **error)
{
  if (self->editor != NULL)
    return TRUE;
  return dossier_draft_panel_new_draft (self, DOSSIER_DRAFT_TEMPLATE_MEETING_SUMMARY, error);
}

gboolean
dossier_draft_panel_add_block (DossierDraftPanel *self,
                               gint64             block_id,
                               int                start,
                               int                end,
                               GError           **error)
{
  gint64 excerpt_id = 0;
  gboolean ok;

  g_return_val_if_fail (DOSSIER_IS_DRAFT_PANEL (self), FALSE);

  if (self->store == NULL || !ensure_draft (self, error))
    return FALSE;
  ok = dossier_draft_editor_add_excerpt (self->editor, target_section (self), block_id, start, end, NULL,
                                         &excerpt_id, error);
  self->focus_excerpt = ok ? excerpt_id : 0;
  reload (self);
  return ok;
}

static guint
add_blocks (DossierDraftPanel *self,
            GArray            *blocks,
            GError           **error)
{
  guint n = 0;

  if (!ensure_draft (self, error))
    return 0;
  for (guint i = 0; i < blocks->len; i++)
    {
      if (!dossier_draft_editor_add_excerpt (self->editor, target_section (self), g_array_index (blocks, gint64, i),
                                             -1, -1, NULL, NULL, error))
        break;
      n++;
    }
  reload (self);
  return n;
}

guint
dossier_draft_panel_add_entity (DossierDraftPanel *self,
                                gint64             entity_id,
                                GError           **error)
{
  g_autoptr(GPtrArray) mentions = NULL;
  g_autoptr(GArray) blocks = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);

  g_return_val_if_fail (DOSSIER_IS_DRAFT_PANEL (self), 0);

  if (self->store == NULL || !(mentions = dossier_store_list_mentions (self->store, entity_id, 0, error)))
    return 0;
  for (guint i = 0; i < mentions->len; i++)
    {
      DossierMention *mention = g_ptr_array_index (mentions, i);

      if (g_hash_table_add (seen, &mention->block_id))
        g_array_append_val (blocks, mention->block_id);
    }
  return add_blocks (self, blocks, error);
}

guint
dossier_draft_panel_add_relation (DossierDraftPanel *self,
                                  gint64             relation_id,
                                  GError           **error)
{
  g_autoptr(GPtrArray) evidence = NULL;
  g_autoptr(GArray) blocks = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_return_val_if_fail (DOSSIER_IS_DRAFT_PANEL (self), 0);

  if (self->store == NULL || !(evidence = dossier_store_list_evidence (self->store, relation_id, error)))
    return 0;
  for (guint i = 0; i < evidence->len; i++)
    g_array_append_val (blocks, ((DossierEvidence *) g_ptr_array_index (evidence, i))->block_id);
  return add_blocks (self, blocks, error);
}

gboolean
dossier_draft_panel_move_excerpt (DossierDraftPanel *self,
                                  gint64             excerpt_id,
                                  int                delta)
{
  const DossierExcerpt *excerpt;
  const DossierDraftSection *section;
  g_autoptr(GError) error = NULL;
  gint64 section_id;
  int position;

  g_return_val_if_fail (DOSSIER_IS_DRAFT_PANEL (self), FALSE);

  if (self->draft == NULL || !(excerpt = dossier_draft_find_excerpt (self->draft, excerpt_id)))
    return FALSE;
  section = dossier_draft_find_section (self->draft, excerpt->section_id);
  section_id = section->id;
  position = (int) excerpt->position + delta;

  /* Past either end of its section, the card goes to the neighbouring section. */
  if (position < 0 || position >= (int) section->excerpts->len)
    {
      int index = (int) section->position + (position < 0 ? -1 : 1);
      const DossierDraftSection *next;

      if (index < 0 || index >= (int) self->draft->sections->len)
        return FALSE;
      next = g_ptr_array_index (self->draft->sections, index);
      section_id = next->id;
      position = position < 0 ? (int) next->excerpts->len : 0;
    }

  if (!dossier_draft_editor_move_excerpt (self->editor, excerpt_id, section_id, position, &error))
    {
      show_error (self, error);
      return FALSE;
    }
  self->focus_excerpt = excerpt_id;
  self->focus_section = section_id;
  reload (self);
  return TRUE;
}

void
dossier_draft_panel_suggest (DossierDraftPanel *self,
                             const char        *query)
{
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *trimmed = NULL;

  g_return_if_fail (DOSSIER_IS_DRAFT_PANEL (self));

  trimmed = g_strstrip (g_strdup (query != NULL ? query : ""));
  if (self->store == NULL || *trimmed == '\0')
    return;
  if (!(suggestions = dossier_suggest_for_query (self->store, query, 0, &error)))
    {
      show_error (self, error);
      return;
    }
  show_suggestions (self, suggestions);
}

guint
dossier_draft_panel_get_word_count (DossierDraftPanel *self)
{
  g_return_val_if_fail (DOSSIER_IS_DRAFT_PANEL (self), 0);

  return self->draft != NULL ? dossier_draft_word_count (self->draft) : 0;
}

gboolean
dossier_draft_panel_export (DossierDraftPanel  *self,
                            DossierDraftFormat  format,
                            GFile              *file,
                            GError            **error)
{
  g_autoptr(DossierDraft) draft = NULL;

  g_return_val_if_fail (DOSSIER_IS_DRAFT_PANEL (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (self->editor == NULL)
    {
      g_set_error_literal (error, DOSSIER_DRAFT_ERROR, DOSSIER_DRAFT_ERROR_INVALID, _("No draft is open."));
      return FALSE;
    }
  /* From the corpus rather than the copy kept while typing: what is exported is
   * exactly what is stored. */
  if (!(draft = dossier_draft_load (self->store, dossier_draft_editor_get_draft_id (self->editor), error)))
    return FALSE;
  return dossier_draft_export_to_file (draft, format, NULL, file, NULL, error);
}

gboolean
dossier_draft_panel_print_to_pdf (DossierDraftPanel  *self,
                                  GFile              *file,
                                  GError            **error)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (DOSSIER_IS_DRAFT_PANEL (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (self->draft == NULL || (path = g_file_get_path (file)) == NULL)
    {
      g_set_error_literal (error, DOSSIER_DRAFT_ERROR, DOSSIER_DRAFT_ERROR_INVALID,
                           self->draft == NULL ? _("No draft is open.") : _("A PDF can only be written to a local file."));
      return FALSE;
    }
  operation = new_print_operation (self);
  gtk_print_operation_set_export_filename (operation, path);
  return gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, error) !=
         GTK_PRINT_OPERATION_RESULT_ERROR;
}

/* A line as a document view shows it, "16<tab>The text…", without its label. */
static char *
strip_shown_label (const char *line)
{
  const char *tab = strchr (line, '\t');

  if (tab != NULL && tab - line <= 8)
    line = tab + 1;
  return g_strstrip (g_strdup (line));
}

static gboolean
find_text_in_document (DossierStore *store,
                       gint64        document_id,
                       GHashTable   *cache,
                       const char   *piece,
                       gint64       *block_id,
                       int          *start,
                       int          *end)
{
  GPtrArray *blocks = g_hash_table_lookup (cache, &document_id);

  if (blocks == NULL)
    {
      gint64 *key = g_new (gint64, 1);

      *key = document_id;
      blocks = dossier_store_get_blocks (store, document_id, NULL);
      if (blocks == NULL)
        blocks = g_ptr_array_new ();
      g_hash_table_insert (cache, key, blocks);
    }

  for (guint i = 0; i < blocks->len; i++)
    {
      DossierBlock *block = g_ptr_array_index (blocks, i);
      const char *at;

      if (block->kind == DOSSIER_BLOCK_HEADING || block->text == NULL || !(at = strstr (block->text, piece)))
        continue;
      *block_id = block->id;
      if (at == block->text && strlen (piece) == strlen (block->text))
        *start = *end = -1;
      else
        {
          *start = (int) g_utf8_pointer_to_offset (block->text, at);
          *end = *start + (int) g_utf8_strlen (piece, -1);
        }
      return TRUE;
    }
  return FALSE;
}

guint
dossier_draft_panel_add_text (DossierDraftPanel  *self,
                              const char         *text,
                              GError            **error)
{
  g_return_val_if_fail (DOSSIER_IS_DRAFT_PANEL (self), 0);

  return add_text_at (self, text, 0, -1, error);
}

/* Adds the paragraphs of @text to @section_id (0: the section last worked in)
 * from @position on (-1: at its end). */
static guint
add_text_at (DossierDraftPanel  *self,
             const char         *text,
             gint64              section_id,
             int                 position,
             GError            **error)
{
  g_autoptr(GHashTable) cache = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                       (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GListModel) documents = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 current = 0, last_excerpt = 0;
  guint n = 0;

  if (self->store == NULL || text == NULL || !g_utf8_validate (text, -1, NULL))
    return 0;
  if (self->selection != NULL)
    current = dossier_selection_get_document_id (self->selection);
  documents = dossier_store_list_documents (self->store, NULL);
  lines = g_strsplit (text, "\n", 200);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *piece = strip_shown_label (lines[i]);
      gint64 block_id = 0;
      int start = -1, end = -1;
      gboolean found;

      /* Too short to say which paragraph it came from. */
      if (g_utf8_strlen (piece, -1) < 12)
        continue;
      found = current != 0 && find_text_in_document (self->store, current, cache, piece, &block_id, &start, &end);
      for (guint j = 0; !found && documents != NULL && j < g_list_model_get_n_items (documents); j++)
        {
          g_autoptr(DossierDocumentInfo) info = g_list_model_get_item (documents, j);
          gint64 id = dossier_document_info_get_id (info);

          if (id != current)
            found = find_text_in_document (self->store, id, cache, piece, &block_id, &start, &end);
        }
      if (!found)
        continue;
      if (!ensure_draft (self, error))
        break;
      if (section_id == 0)
        section_id = target_section (self);
      if (!dossier_draft_editor_add_excerpt (self->editor, section_id, block_id, start, end, NULL,
                                             &last_excerpt, error))
        break;
      if (position >= 0 &&
          !dossier_draft_editor_move_excerpt (self->editor, last_excerpt, section_id, position + (int) n, error))
        break;
      n++;
    }

  if (n > 0)
    {
      self->focus_excerpt = last_excerpt;
      reload (self);
    }
  return n;
}
