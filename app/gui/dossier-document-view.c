/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dossier-document-view.h"
#include "dossier-entities.h"
#include "dossier-kinds.h"
#include "dossier-locale.h"

/* How long a paragraph reached by "go to" stays highlighted. */
#define FLASH_MSEC 1600
/* Width of the margin that holds paragraph labels, in pixels. */
#define LABEL_WIDTH 44
#define PAGE_MARGIN 20
/* A find that matches more than this stops counting: the count is then "1000+". */
#define MAX_MATCHES 1000
/* Mentions are styled after the text is shown, in slices of at most this many
 * microseconds between frames, so that a long document paints at once. */
#define STYLE_SLICE_USEC 4000

typedef struct
{
  gint64           id;
  DossierBlockKind kind;
  guint            start;       /* buffer offset of the block's first character */
  guint            text_start;  /* buffer offset of its text, after the label */
  guint            end;         /* buffer offset after its text */
} BlockSpan;

typedef struct
{
  guint       start;            /* buffer offsets, end exclusive */
  guint       end;
  gint64      entity_id;
  const char *kind;             /* interned */
  gboolean    styled;           /* its kind's tag is applied */
} MentionSpan;

struct _DossierDocumentView
{
  GtkWidget            parent_instance;

  DossierStore        *store;
  DossierSelection    *selection;
  GListModel          *documents;
  gint64               document_id;
  char                *title;
  GArray              *blocks;          /* of BlockSpan, in buffer order */
  GArray              *mentions;        /* of MentionSpan, by start */
  GHashTable          *entity_names;    /* entity id → "Name" */
  gint64               highlighted_entity;
  guint                n_highlighted;
  GArray              *matches;         /* of guint pairs: start, end */
  guint                current_match;
  guint                flash_id;
  guint                resync_id;
  guint                scroll_tick_id;  /* waits for a settled layout before scrolling */
  int                  scroll_width;
  guint                scroll_attempts;
  gboolean             syncing_dropdown;
  gboolean             active;
  gboolean             mentions_read;   /* read_mentions() ran for this document */
  guint                style_id;        /* styles the mentions in idle slices */
  guint                style_next;      /* the first mention the slices have not passed */
  guint                n_unstyled;

  /* Template widgets */
  GtkWidget           *header_box;
  GtkDropDown         *document_dropdown;
  GtkMenuButton       *menu_button;
  GtkSearchBar        *search_bar;
  GtkSearchEntry      *find_entry;
  GtkLabel            *match_label;
  GtkStack            *stack;
  AdwStatusPage       *error_page;
  GtkScrolledWindow   *scroller;
  GtkTextView         *text_view;
  GtkDrawingArea      *marks_area;
};

G_DEFINE_FINAL_TYPE (DossierDocumentView, dossier_document_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  PROP_SELECTION,
  PROP_DOCUMENTS,
  PROP_DOCUMENT_ID,
  PROP_TITLE,
  PROP_STYLED,
  N_PROPS
};

enum {
  CLOSE_REQUESTED,
  MOVE_REQUESTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void update_marks     (DossierDocumentView *self);
static void highlight_entity (DossierDocumentView *self,
                              gint64               entity_id,
                              gboolean             scroll);

static GtkTextBuffer *
get_buffer (DossierDocumentView *self)
{
  return gtk_text_view_get_buffer (self->text_view);
}

static void
get_iters (DossierDocumentView *self,
           guint                start,
           guint                end,
           GtkTextIter         *start_iter,
           GtkTextIter         *end_iter)
{
  gtk_text_buffer_get_iter_at_offset (get_buffer (self), start_iter, start);
  gtk_text_buffer_get_iter_at_offset (get_buffer (self), end_iter, end);
}

/* The index of the block that holds buffer offset @offset, or -1. */
static int
find_block (DossierDocumentView *self,
            guint                offset)
{
  int lo = 0, hi = (int) self->blocks->len - 1, found = -1;

  while (lo <= hi)
    {
      int mid = (lo + hi) / 2;
      const BlockSpan *span = &g_array_index (self->blocks, BlockSpan, mid);

      if (span->start <= offset)
        {
          found = mid;
          lo = mid + 1;
        }
      else
        hi = mid - 1;
    }
  return found;
}

static void read_mentions (DossierDocumentView *self);

static const MentionSpan *
find_mention (DossierDocumentView *self,
              guint                offset)
{
  int lo, hi, last = -1;

  read_mentions (self);
  lo = 0;
  hi = (int) self->mentions->len - 1;

  while (lo <= hi)
    {
      int mid = (lo + hi) / 2;

      if (g_array_index (self->mentions, MentionSpan, mid).start <= offset)
        {
          last = mid;
          lo = mid + 1;
        }
      else
        hi = mid - 1;
    }

  /* Mentions may nest ("United Nations Office on Drugs and Crime" holds "United
   * Nations"); the innermost one that started last wins. */
  for (int i = last; i >= 0 && i > last - 8; i--)
    {
      const MentionSpan *span = &g_array_index (self->mentions, MentionSpan, i);

      if (span->start <= offset && offset < span->end)
        return span;
    }
  return NULL;
}

static const MentionSpan *
mention_at_coords (DossierDocumentView *self,
                   double               x,
                   double               y)
{
  GtkTextIter iter;
  int bx, by;

  gtk_text_view_window_to_buffer_coords (self->text_view, GTK_TEXT_WINDOW_WIDGET,
                                         (int) x, (int) y, &bx, &by);
  if (!gtk_text_view_get_iter_at_location (self->text_view, &iter, bx, by))
    return NULL;
  return find_mention (self, gtk_text_iter_get_offset (&iter));
}

static const MentionSpan *
mention_at_cursor (DossierDocumentView *self)
{
  GtkTextBuffer *buffer = get_buffer (self);
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  return find_mention (self, gtk_text_iter_get_offset (&iter));
}

static const char *
get_entity_name (DossierDocumentView *self,
                 gint64               entity_id)
{
  const char *name = g_hash_table_lookup (self->entity_names, &entity_id);

  if (name == NULL && self->store != NULL)
    {
      g_autoptr(DossierEntity) entity = dossier_store_get_entity (self->store, entity_id, NULL);
      gint64 *key = g_new (gint64, 1);

      *key = entity_id;
      name = entity != NULL ? entity->name : "";
      g_hash_table_insert (self->entity_names, key, g_strdup (name));
      name = g_hash_table_lookup (self->entity_names, &entity_id);
    }
  return name;
}

static char *
format_label (const DossierBlock *block)
{
  const char *label = block->label;
  gsize len;

  if (label == NULL || *label == '\0')
    return NULL;

  len = strlen (label);
  if (block->kind == DOSSIER_BLOCK_ITEM || block->kind == DOSSIER_BLOCK_NOTE
      || label[len - 1] == '.' || label[len - 1] == ')')
    return g_strdup (label);
  /* Translators: a paragraph or heading number in the margin: "16." */
  return g_strdup_printf (C_("paragraph label", "%s."), label);
}

static void
update_colors (DossierDocumentView *self)
{
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (get_buffer (self));
  const char * const *kinds = dossier_kinds_list ();
  GdkRGBA dim = { 0.5, 0.5, 0.5, 1.0 };
  GdkRGBA selected, match, current, flash;

  for (guint i = 0; kinds[i] != NULL; i++)
    {
      g_autofree char *name = g_strconcat ("entity:", kinds[i], NULL);
      GtkTextTag *tag = gtk_text_tag_table_lookup (table, name);
      GdkRGBA color, tint;

      dossier_kinds_get_color (kinds[i], dark, &color);
      tint = color;
      tint.alpha = dark ? 0.22 : 0.12;
      g_object_set (tag, "underline-rgba", &color, "background-rgba", &tint, NULL);
    }

  /* The selected entity: a strong accent tint and a double underline, so that it
   * stands out from the other marks by more than its colour. */
  gdk_rgba_parse (&selected, dark ? "rgba(120,174,237,0.45)" : "rgba(53,132,228,0.32)");
  gdk_rgba_parse (&match, dark ? "rgba(246,211,45,0.35)" : "rgba(246,211,45,0.45)");
  gdk_rgba_parse (&current, dark ? "rgba(255,120,0,0.65)" : "rgba(255,163,72,0.85)");
  gdk_rgba_parse (&flash, dark ? "rgba(120,174,237,0.20)" : "rgba(53,132,228,0.14)");
  g_object_set (gtk_text_tag_table_lookup (table, "entity-selected"),
                "background-rgba", &selected, NULL);
  g_object_set (gtk_text_tag_table_lookup (table, "find-match"),
                "background-rgba", &match, NULL);
  g_object_set (gtk_text_tag_table_lookup (table, "find-current"),
                "background-rgba", &current, NULL);
  g_object_set (gtk_text_tag_table_lookup (table, "flash"),
                "paragraph-background-rgba", &flash, NULL);

  dim.alpha = 1.0;
  if (dark)
    gdk_rgba_parse (&dim, "#a8a8a8");
  else
    gdk_rgba_parse (&dim, "#6b6b6b");
  g_object_set (gtk_text_tag_table_lookup (table, "label"), "foreground-rgba", &dim, NULL);
  g_object_set (gtk_text_tag_table_lookup (table, "front"), "foreground-rgba", &dim, NULL);
}

static PangoTabArray *
make_tabs (int position)
{
  PangoTabArray *tabs = pango_tab_array_new (1, TRUE);

  pango_tab_array_set_tab (tabs, 0, PANGO_TAB_LEFT, position);
  return tabs;
}

/* The tags with a margin for labels, each with a twin for text written right
 * to left (Arabic script) that has the margin on the right. */
static const char *const margin_tags[] = { "paragraph", "item-1", "item-2", "item-3", "note", "table" };

static void
create_rtl_twin (GtkTextBuffer *buffer,
                 const char    *name)
{
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), name);
  g_autofree char *twin_name = g_strconcat (name, ":rtl", NULL);
  g_autoptr(PangoTabArray) tabs = NULL;
  GtkTextTag *twin;
  int margin, indent, below;
  double scale;
  gboolean scale_set;

  g_object_get (tag, "left-margin", &margin, "indent", &indent, "pixels-below-lines", &below,
                "scale", &scale, "scale-set", &scale_set, "tabs", &tabs, NULL);
  twin = gtk_text_buffer_create_tag (buffer, twin_name, "right-margin", margin, "indent", indent,
                                     "pixels-below-lines", below, NULL);
  if (tabs != NULL)
    g_object_set (twin, "tabs", tabs, NULL);
  if (scale_set)
    g_object_set (twin, "scale", scale, NULL);
}

/* The tag for a block whose text starts on the right: its RTL twin. Text with
 * no strong direction (a number) goes the way of the line before it, as
 * GtkTextView lays it out. */
static const char *
directed_tag (GtkTextBuffer     *buffer,
              const GtkTextIter *iter,
              const char        *tag,
              const char        *text)
{
  DossierTextDirection direction = dossier_locale_text_direction (text);
  g_autofree char *twin_name = NULL;

  if (direction == DOSSIER_TEXT_NEUTRAL && !gtk_text_iter_is_start (iter))
    {
      GtkTextIter start = *iter;
      g_autofree char *previous = NULL;

      gtk_text_iter_backward_line (&start);
      previous = gtk_text_buffer_get_text (buffer, &start, iter, FALSE);
      direction = dossier_locale_text_direction (previous);
    }
  if (direction != DOSSIER_TEXT_RTL)
    return tag;

  twin_name = g_strconcat (tag, ":rtl", NULL);
  if (gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), twin_name) == NULL)
    return tag;
  return g_intern_string (twin_name);
}

static void
create_tags (DossierDocumentView *self)
{
  GtkTextBuffer *buffer = get_buffer (self);
  const char * const *kinds = dossier_kinds_list ();
  g_autoptr(PangoTabArray) tabs = make_tabs (LABEL_WIDTH);

  /* Creation order is priority order: marks drawn later come later. */
  gtk_text_buffer_create_tag (buffer, "heading-1",
                              "weight", PANGO_WEIGHT_BOLD, "scale", 1.35,
                              "pixels-above-lines", 16, "pixels-below-lines", 10,
                              "accumulative-margin", FALSE, NULL);
  gtk_text_buffer_create_tag (buffer, "heading-2",
                              "weight", PANGO_WEIGHT_BOLD, "scale", 1.18,
                              "pixels-above-lines", 14, "pixels-below-lines", 8, NULL);
  gtk_text_buffer_create_tag (buffer, "heading-3",
                              "weight", PANGO_WEIGHT_BOLD, "scale", 1.05,
                              "pixels-above-lines", 10, "pixels-below-lines", 6, NULL);
  /* Paragraphs hang their label in a margin: the first line starts LABEL_WIDTH
   * before the others and a tab brings the text to where the others start. */
  gtk_text_buffer_create_tag (buffer, "paragraph",
                              "left-margin", PAGE_MARGIN + LABEL_WIDTH,
                              "indent", -LABEL_WIDTH, "tabs", tabs,
                              "pixels-below-lines", 10, NULL);
  for (int level = 1; level <= 3; level++)
    {
      g_autofree char *name = g_strdup_printf ("item-%d", level);

      gtk_text_buffer_create_tag (buffer, name,
                                  "left-margin", PAGE_MARGIN + LABEL_WIDTH * (level + 1),
                                  "indent", -LABEL_WIDTH, "tabs", tabs,
                                  "pixels-below-lines", 6, NULL);
    }
  gtk_text_buffer_create_tag (buffer, "note",
                              "left-margin", PAGE_MARGIN + LABEL_WIDTH,
                              "indent", -LABEL_WIDTH, "tabs", tabs,
                              "scale", 0.92, "pixels-below-lines", 6, NULL);
  gtk_text_buffer_create_tag (buffer, "table",
                              "left-margin", PAGE_MARGIN + LABEL_WIDTH,
                              "scale", 0.92, "pixels-below-lines", 4, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (margin_tags); i++)
    create_rtl_twin (buffer, margin_tags[i]);
  gtk_text_buffer_create_tag (buffer, "front",
                              "scale", 0.88, "pixels-below-lines", 2, NULL);
  gtk_text_buffer_create_tag (buffer, "label",
                              "font-features", "tnum", NULL);

  for (guint i = 0; kinds[i] != NULL; i++)
    {
      g_autofree char *name = g_strconcat ("entity:", kinds[i], NULL);

      gtk_text_buffer_create_tag (buffer, name, "underline", PANGO_UNDERLINE_SINGLE, NULL);
    }
  gtk_text_buffer_create_tag (buffer, "entity:other", "underline", PANGO_UNDERLINE_SINGLE, NULL);
  gtk_text_buffer_create_tag (buffer, "entity-selected",
                              "underline", PANGO_UNDERLINE_DOUBLE, NULL);
  gtk_text_buffer_create_tag (buffer, "find-match", NULL);
  gtk_text_buffer_create_tag (buffer, "find-current", NULL);
  gtk_text_buffer_create_tag (buffer, "flash", NULL);

  update_colors (self);
}

static const char *
block_tag (const DossierBlock *block)
{
  switch (block->kind)
    {
    case DOSSIER_BLOCK_HEADING:
      return block->level <= 1 ? "heading-1" : block->level == 2 ? "heading-2" : "heading-3";
    case DOSSIER_BLOCK_PARAGRAPH:
      return "paragraph";
    case DOSSIER_BLOCK_ITEM:
      return block->level <= 1 ? "item-1" : block->level == 2 ? "item-2" : "item-3";
    case DOSSIER_BLOCK_NOTE:
      return "note";
    case DOSSIER_BLOCK_TABLE_ROW:
      return "table";
    case DOSSIER_BLOCK_CONTACT:
    case DOSSIER_BLOCK_FRONT:
    default:
      return "front";
    }
}

static void
insert_block (DossierDocumentView *self,
              GtkTextIter         *iter,
              const DossierBlock  *block)
{
  GtkTextBuffer *buffer = get_buffer (self);
  const char *tag = directed_tag (buffer, iter, block_tag (block), block->text);
  g_autofree char *label = format_label (block);
  BlockSpan span = { block->id, block->kind, 0, 0, 0 };

  span.start = gtk_text_iter_get_offset (iter);
  switch (block->kind)
    {
    case DOSSIER_BLOCK_HEADING:
      /* Some headings keep their number in their text ("II. Trends …"). */
      if (label != NULL && !g_str_has_prefix (block->text, label))
        {
          g_autofree char *prefix = g_strconcat (label, " ", NULL);
          gtk_text_buffer_insert_with_tags_by_name (buffer, iter, prefix, -1, tag, NULL);
        }
      break;

    case DOSSIER_BLOCK_PARAGRAPH:
    case DOSSIER_BLOCK_ITEM:
    case DOSSIER_BLOCK_NOTE:
      {
        /* Unlabelled paragraphs get the tab alone, so every text starts in line. */
        g_autofree char *prefix = g_strconcat (label != NULL ? label
                                               : block->kind == DOSSIER_BLOCK_ITEM ? "•" : "",
                                               "\t", NULL);
        gtk_text_buffer_insert_with_tags_by_name (buffer, iter, prefix, -1, tag, "label", NULL);
      }
      break;

    case DOSSIER_BLOCK_TABLE_ROW:
    case DOSSIER_BLOCK_CONTACT:
    case DOSSIER_BLOCK_FRONT:
    default:
      break;
    }

  span.text_start = gtk_text_iter_get_offset (iter);
  gtk_text_buffer_insert_with_tags_by_name (buffer, iter, block->text, -1, tag, NULL);
  span.end = gtk_text_iter_get_offset (iter);
  gtk_text_buffer_insert_with_tags_by_name (buffer, iter, "\n", 1, tag, NULL);
  g_array_append_val (self->blocks, span);
}

/* The mentions' places in the buffer; their tags come later, from
 * style_mentions_cb(). */
static void
collect_mentions (DossierDocumentView *self,
                  GPtrArray           *mentions,
                  GHashTable          *block_index)
{
  for (guint i = 0; mentions != NULL && i < mentions->len; i++)
    {
      const DossierMention *mention = g_ptr_array_index (mentions, i);
      gpointer index_ptr;
      const BlockSpan *block;
      MentionSpan span;

      if (!g_hash_table_lookup_extended (block_index, &mention->block_id, NULL, &index_ptr))
        continue;
      block = &g_array_index (self->blocks, BlockSpan, GPOINTER_TO_UINT (index_ptr));
      span.start = MIN (block->text_start + mention->start, block->end);
      span.end = MIN (block->text_start + mention->end, block->end);
      if (span.end <= span.start)
        continue;
      span.entity_id = mention->entity_id;
      span.kind = g_intern_string (mention->entity_kind != NULL ? mention->entity_kind : "other");
      span.styled = FALSE;
      g_array_append_val (self->mentions, span);
    }
  self->n_unstyled = self->mentions->len;
  self->style_next = 0;
}

static int
compare_mention_spans (gconstpointer a,
                       gconstpointer b);

/* The mentions' places are read by the styling idle, after the text's first
 * frame (half of the work of opening a long document), or at once by
 * whatever needs them before. */
static void
read_mentions (DossierDocumentView *self)
{
  g_autoptr(GPtrArray) mentions = NULL;
  g_autoptr(GHashTable) block_index = NULL;
  g_autoptr(GError) error = NULL;

  if (self->mentions_read)
    return;
  self->mentions_read = TRUE;
  if (self->store == NULL || self->document_id == 0)
    return;

  /* Without extraction (or when it failed) the text still reads fine unmarked. */
  mentions = dossier_store_list_document_mentions (self->store, self->document_id, &error);
  if (mentions == NULL)
    g_debug ("No mentions for document %" G_GINT64_FORMAT ": %s",
             self->document_id, error->message);
  block_index = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < self->blocks->len; i++)
    g_hash_table_insert (block_index, &g_array_index (self->blocks, BlockSpan, i).id,
                         GUINT_TO_POINTER (i));
  collect_mentions (self, mentions, block_index);
  g_array_sort (self->mentions, compare_mention_spans);
}

static void
style_mention (DossierDocumentView *self,
               MentionSpan         *span)
{
  GtkTextBuffer *buffer = get_buffer (self);
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);
  char tag_name[64];
  GtkTextTag *tag;
  GtkTextIter start, end;

  if (span->styled)
    return;
  g_snprintf (tag_name, sizeof tag_name, "entity:%s", span->kind);
  if (!(tag = gtk_text_tag_table_lookup (table, tag_name)))
    tag = gtk_text_tag_table_lookup (table, "entity:other");
  get_iters (self, span->start, span->end, &start, &end);
  gtk_text_buffer_apply_tag (buffer, tag, &start, &end);
  span->styled = TRUE;
  self->n_unstyled--;
}

/* The first mention that starts at or after @offset. */
static guint
first_mention_from (DossierDocumentView *self,
                    guint                offset)
{
  guint lo = 0, hi = self->mentions->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->mentions, MentionSpan, mid).start < offset)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* What the user sees is styled first, then the rest from the top, a slice at a
 * time between frames, so that the text paints before its mentions do and
 * scrolling stays smooth while a long document is styled. */
static gboolean
style_mentions_cb (gpointer user_data)
{
  DossierDocumentView *self = user_data;
  gint64 deadline = g_get_monotonic_time () + STYLE_SLICE_USEC;
  GdkRectangle visible;
  GtkTextIter top, bottom;
  guint from, to;

  read_mentions (self);
  gtk_text_view_get_visible_rect (self->text_view, &visible);
  gtk_text_view_get_iter_at_location (self->text_view, &top, visible.x, visible.y);
  gtk_text_view_get_iter_at_location (self->text_view, &bottom, visible.x,
                                      visible.y + MAX (visible.height, 1));
  gtk_text_iter_forward_line (&bottom);
  from = first_mention_from (self, gtk_text_iter_get_offset (&top));
  to = first_mention_from (self, gtk_text_iter_get_offset (&bottom));
  for (guint i = from; i < to; i++)
    style_mention (self, &g_array_index (self->mentions, MentionSpan, i));

  while (self->n_unstyled > 0 && self->style_next < self->mentions->len)
    {
      style_mention (self, &g_array_index (self->mentions, MentionSpan, self->style_next++));
      /* Checking the clock costs more than a tag: look every 64 mentions. */
      if ((self->style_next & 63) == 0 && g_get_monotonic_time () >= deadline)
        return G_SOURCE_CONTINUE;
    }

  self->style_id = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STYLED]);
  return G_SOURCE_REMOVE;
}

static void
start_styling (DossierDocumentView *self)
{
  g_clear_handle_id (&self->style_id, g_source_remove);
  if (self->mentions_read && self->n_unstyled == 0)
    return;
  /* After the frames, but before GtkTextView lays out the lines that are not
   * shown: a line styled after its layout would be shaped a second time. */
  self->style_id = g_idle_add_full (GTK_TEXT_VIEW_PRIORITY_VALIDATE - 1, style_mentions_cb, self, NULL);
  g_source_set_name_by_id (self->style_id, "[dossier] style mentions");
}

static int
compare_mention_spans (gconstpointer a,
                       gconstpointer b)
{
  const MentionSpan *x = a, *y = b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  /* Outer mentions first, so the inner one is found last. */
  return x->end > y->end ? -1 : x->end < y->end;
}

static void
clear_find (DossierDocumentView *self)
{
  GtkTextBuffer *buffer = get_buffer (self);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag_by_name (buffer, "find-match", &start, &end);
  gtk_text_buffer_remove_tag_by_name (buffer, "find-current", &start, &end);
  g_array_set_size (self->matches, 0);
  self->current_match = 0;
  update_marks (self);
}

static void
update_match_label (DossierDocumentView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->find_entry));
  guint n = self->matches->len / 2;
  g_autofree char *label = NULL;

  if (text == NULL || *text == '\0')
    label = g_strdup ("");
  else if (n == 0)
    label = g_strdup (_("No matches"));
  else if (n >= MAX_MATCHES)
    /* Translators: the current match and a count that was cut short: "3 of 1000+" */
    label = g_strdup_printf (dossier_locale_grouped (C_("find", "%u of %u+")), self->current_match + 1, n);
  else
    /* Translators: the current match and the number of matches: "3 of 12" */
    label = g_strdup_printf (dossier_locale_grouped (C_("find", "%u of %u")), self->current_match + 1, n);

  gtk_label_set_text (self->match_label, label);
}

static void
show_match (DossierDocumentView *self,
            guint                index)
{
  GtkTextBuffer *buffer = get_buffer (self);
  GtkTextIter start, end;

  if (self->matches->len == 0)
    {
      update_match_label (self);
      return;
    }

  get_iters (self,
             g_array_index (self->matches, guint, 2 * self->current_match),
             g_array_index (self->matches, guint, 2 * self->current_match + 1),
             &start, &end);
  gtk_text_buffer_remove_tag_by_name (buffer, "find-current", &start, &end);

  self->current_match = index % (self->matches->len / 2);
  get_iters (self,
             g_array_index (self->matches, guint, 2 * self->current_match),
             g_array_index (self->matches, guint, 2 * self->current_match + 1),
             &start, &end);
  gtk_text_buffer_apply_tag_by_name (buffer, "find-current", &start, &end);
  gtk_text_view_scroll_to_iter (self->text_view, &start, 0.0, TRUE, 0.0, 0.3);
  update_match_label (self);
}

static guint
run_find (DossierDocumentView *self)
{
  GtkTextBuffer *buffer = get_buffer (self);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->find_entry));
  GtkTextIter iter, cursor, match_start, match_end;
  guint first_after_cursor = G_MAXUINT;

  clear_find (self);
  if (text == NULL || *text == '\0')
    {
      update_match_label (self);
      return 0;
    }

  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  gtk_text_buffer_get_start_iter (buffer, &iter);
  while (self->matches->len / 2 < MAX_MATCHES
         && gtk_text_iter_forward_search (&iter, text,
                                          GTK_TEXT_SEARCH_CASE_INSENSITIVE
                                          | GTK_TEXT_SEARCH_VISIBLE_ONLY
                                          | GTK_TEXT_SEARCH_TEXT_ONLY,
                                          &match_start, &match_end, NULL))
    {
      guint start = gtk_text_iter_get_offset (&match_start);
      guint end = gtk_text_iter_get_offset (&match_end);

      if (first_after_cursor == G_MAXUINT && gtk_text_iter_compare (&match_start, &cursor) >= 0)
        first_after_cursor = self->matches->len / 2;
      g_array_append_val (self->matches, start);
      g_array_append_val (self->matches, end);
      gtk_text_buffer_apply_tag_by_name (buffer, "find-match", &match_start, &match_end);
      iter = match_end;
    }

  show_match (self, first_after_cursor == G_MAXUINT ? 0 : first_after_cursor);
  update_marks (self);
  return self->matches->len / 2;
}

static void
clear_document (DossierDocumentView *self)
{
  g_clear_handle_id (&self->style_id, g_source_remove);
  self->mentions_read = FALSE;
  self->n_unstyled = 0;
  self->style_next = 0;
  gtk_text_buffer_set_text (get_buffer (self), "", 0);
  g_array_set_size (self->blocks, 0);
  g_array_set_size (self->mentions, 0);
  g_array_set_size (self->matches, 0);
  g_hash_table_remove_all (self->entity_names);
  self->highlighted_entity = 0;
  self->n_highlighted = 0;
  g_clear_pointer (&self->title, g_free);
  update_marks (self);
}

static void
update_accessible_labels (DossierDocumentView *self)
{
  g_autofree char *text_label = NULL;

  if (self->title == NULL)
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Empty column"), -1);
      return;
    }

  /* Translators: accessible name of a document column: "Document E/CN.4/2003/74" */
  text_label = g_strdup_printf (_("Document %s"), self->title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text_label, -1);
  g_clear_pointer (&text_label, g_free);
  /* Translators: accessible name of a document's text: "Text of E/CN.4/2003/74" */
  text_label = g_strdup_printf (_("Text of %s"), self->title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->text_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text_label, -1);
}

static gboolean
load_document (DossierDocumentView *self,
               GError             **error)
{
  g_autoptr(DossierDocumentInfo) info = NULL;
  g_autoptr(GPtrArray) blocks = NULL;
  GtkTextBuffer *buffer = get_buffer (self);
  GtkTextIter iter;

  clear_document (self);

  if (self->store == NULL || self->document_id == 0)
    return TRUE;

  if (!(info = dossier_store_get_document (self->store, self->document_id, error)))
    return FALSE;
  if (!(blocks = dossier_store_get_blocks (self->store, self->document_id, error)))
    return FALSE;

  self->title = g_strdup (dossier_document_info_get_display_name (info));

  gtk_text_buffer_get_end_iter (buffer, &iter);
  for (guint i = 0; i < blocks->len; i++)
    {
      DossierBlock *block = g_ptr_array_index (blocks, i);

      insert_block (self, &iter, block);
    }

  /* The mentions are read and styled after the text's first frame. */
  start_styling (self);

  gtk_text_buffer_get_start_iter (buffer, &iter);
  gtk_text_buffer_place_cursor (buffer, &iter);
  return TRUE;
}

static void
sync_dropdown (DossierDocumentView *self)
{
  guint n, position = GTK_INVALID_LIST_POSITION;

  if (self->documents == NULL)
    return;

  n = g_list_model_get_n_items (self->documents);
  for (guint i = 0; i < n && self->document_id != 0; i++)
    {
      g_autoptr(DossierDocumentInfo) info = g_list_model_get_item (self->documents, i);

      if (dossier_document_info_get_id (info) == self->document_id)
        {
          position = i;
          break;
        }
    }

  self->syncing_dropdown = TRUE;
  gtk_drop_down_set_selected (self->document_dropdown, position);
  self->syncing_dropdown = FALSE;
}

static void
flash_done_cb (gpointer user_data)
{
  DossierDocumentView *self = user_data;
  GtkTextBuffer *buffer = get_buffer (self);
  GtkTextIter start, end;

  self->flash_id = 0;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag_by_name (buffer, "flash", &start, &end);
}

/* TRUE when the scroll target is on screen. */
static gboolean
scroll_to_target (DossierDocumentView *self)
{
  GtkTextMark *mark = gtk_text_buffer_get_mark (get_buffer (self), "scroll-target");
  GdkRectangle visible, location;
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_mark (get_buffer (self), &iter, mark);
  gtk_text_view_get_visible_rect (self->text_view, &visible);
  gtk_text_view_get_iter_location (self->text_view, &iter, &location);
  /* In the upper half, where a reader looks first. */
  if (location.y >= visible.y && location.y + location.height <= visible.y + visible.height / 2)
    return TRUE;
  gtk_text_view_scroll_to_iter (self->text_view, &iter, 0.0, TRUE, 0.0, 0.15);
  return FALSE;
}

static gboolean
scroll_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  DossierDocumentView *self = user_data;
  int width = gtk_widget_get_width (widget);

  /* The same width on two frames in a row: the columns have settled, and the
   * lines wrap where they will stay. */
  if (width <= 1 || width != self->scroll_width)
    {
      self->scroll_width = width;
      return G_SOURCE_CONTINUE;
    }

  /* Lines above the target may still have estimated heights, so scroll again
   * on the next frames until the target is on screen, for a short while. */
  if (!scroll_to_target (self) && ++self->scroll_attempts < 30)
    return G_SOURCE_CONTINUE;

  self->scroll_tick_id = 0;
  return G_SOURCE_REMOVE;
}

static void
scroll_to_offset (DossierDocumentView *self,
                  guint                offset)
{
  GtkTextBuffer *buffer = get_buffer (self);
  GtkTextMark *mark = gtk_text_buffer_get_mark (buffer, "scroll-target");
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_offset (buffer, &iter, offset);
  gtk_text_buffer_move_mark (buffer, mark, &iter);

  /* A view that was just created or reloaded, or whose column was just
   * added next to others, is not laid out at its final width yet: a scroll
   * now would be computed from lines wrapped at another width and land
   * elsewhere. The mark keeps the target until the layout settles. */
  if (self->scroll_tick_id == 0 && gtk_widget_get_mapped (GTK_WIDGET (self->text_view))
      && gtk_widget_get_width (GTK_WIDGET (self->text_view)) > 1
      && gtk_widget_get_width (GTK_WIDGET (self->text_view)) == self->scroll_width)
    {
      gtk_text_view_scroll_to_mark (self->text_view, mark, 0.0, TRUE, 0.0, 0.15);
      return;
    }

  self->scroll_width = -1;
  self->scroll_attempts = 0;
  if (self->scroll_tick_id == 0)
    self->scroll_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->text_view),
                                                         scroll_tick_cb, self, NULL);
}

/* Beside the scrollbar, a tick for each mention of the selected entity and for
 * each find match, at its place in the whole document. */
static void
draw_marks_cb (GtkDrawingArea *area,
               cairo_t        *cr,
               int             width,
               int             height,
               gpointer        user_data)
{
  DossierDocumentView *self = user_data;
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->text_view));
  double upper = gtk_adjustment_get_upper (adjustment);
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GtkTextIter iter;
  double last = -10.0;
  int y, line_height;

  if (upper <= 0 || height <= 0)
    return;

  if (dark)
    cairo_set_source_rgba (cr, 0.47, 0.68, 0.93, 0.95);
  else
    cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.95);
  for (guint i = 0; self->highlighted_entity != 0 && i < self->mentions->len; i++)
    {
      const MentionSpan *span = &g_array_index (self->mentions, MentionSpan, i);
      double at;

      if (span->entity_id != self->highlighted_entity)
        continue;
      gtk_text_buffer_get_iter_at_offset (get_buffer (self), &iter, span->start);
      gtk_text_view_get_line_yrange (self->text_view, &iter, &y, &line_height);
      at = floor (y / upper * (height - 3));
      /* Mentions on neighbouring lines share one tick. */
      if (at - last < 3)
        continue;
      cairo_rectangle (cr, 0, at, width, 3);
      last = at;
    }
  cairo_fill (cr);

  last = -10.0;
  cairo_set_source_rgba (cr, 0.96, 0.65, 0.14, 0.95);
  for (guint i = 0; i + 1 < self->matches->len; i += 2)
    {
      double at;

      gtk_text_buffer_get_iter_at_offset (get_buffer (self), &iter,
                                          g_array_index (self->matches, guint, i));
      gtk_text_view_get_line_yrange (self->text_view, &iter, &y, &line_height);
      at = floor (y / upper * (height - 3));
      if (at - last < 3)
        continue;
      cairo_rectangle (cr, 0, at, width / 2.0, 3);
      last = at;
    }
  cairo_fill (cr);
}

static void
update_marks (DossierDocumentView *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->marks_area),
                          self->n_highlighted > 0 || self->matches->len > 0);
  gtk_widget_queue_draw (GTK_WIDGET (self->marks_area));
}

static void
adjustment_changed_cb (GtkAdjustment       *adjustment,
                       DossierDocumentView *self)
{
  if (gtk_widget_get_visible (GTK_WIDGET (self->marks_area)))
    gtk_widget_queue_draw (GTK_WIDGET (self->marks_area));
}

static void
highlight_entity (DossierDocumentView *self,
                  gint64               entity_id,
                  gboolean             scroll)
{
  GtkTextBuffer *buffer = get_buffer (self);
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer),
                                               "entity-selected");
  GtkTextIter start, end;
  guint first = G_MAXUINT;

  if (entity_id != 0)
    read_mentions (self);
  if (entity_id != self->highlighted_entity)
    {
      gtk_text_buffer_get_bounds (buffer, &start, &end);
      gtk_text_buffer_remove_tag (buffer, tag, &start, &end);
      self->highlighted_entity = entity_id;
      self->n_highlighted = 0;

      for (guint i = 0; entity_id != 0 && i < self->mentions->len; i++)
        {
          const MentionSpan *span = &g_array_index (self->mentions, MentionSpan, i);

          if (span->entity_id != entity_id)
            continue;
          get_iters (self, span->start, span->end, &start, &end);
          gtk_text_buffer_apply_tag (buffer, tag, &start, &end);
          self->n_highlighted++;
        }
      update_marks (self);
    }

  if (!scroll || entity_id == 0)
    return;

  for (guint i = 0; i < self->mentions->len; i++)
    {
      const MentionSpan *span = &g_array_index (self->mentions, MentionSpan, i);

      if (span->entity_id == entity_id)
        {
          first = span->start;
          break;
        }
    }
  if (first != G_MAXUINT)
    scroll_to_offset (self, first);
}

static void
selection_changed_cb (DossierSelection    *selection,
                      DossierDocumentView *self)
{
  gint64 entity_id = dossier_selection_get_entity_id (selection);
  /* The view where the user clicked stays where it is; a "go to" scrolls instead. */
  gboolean scroll = dossier_selection_get_origin (selection) != (gpointer) self
                    && dossier_selection_get_block_id (selection) == 0;

  highlight_entity (self, entity_id, scroll);
}

static void
choose_mention (DossierDocumentView *self,
                const MentionSpan   *span)
{
  if (self->selection != NULL)
    dossier_selection_select_entity (self->selection, span->entity_id, self);
}

static void
click_released_cb (GtkGestureClick     *gesture,
                   int                  n_press,
                   double               x,
                   double               y,
                   DossierDocumentView *self)
{
  const MentionSpan *span;

  if (gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture)) > 1)
    return;
  /* A drag that selected text is not a click on a mention. */
  if (gtk_text_buffer_get_has_selection (get_buffer (self)))
    return;
  if ((span = mention_at_coords (self, x, y)))
    choose_mention (self, span);
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           DossierDocumentView      *self)
{
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self->text_view),
                                   mention_at_coords (self, x, y) ? "pointer" : "text");
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                DossierDocumentView   *self)
{
  const MentionSpan *span;

  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter)
      && (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) == 0
      && (span = mention_at_cursor (self)))
    {
      choose_mention (self, span);
      return GDK_EVENT_STOP;
    }
  return GDK_EVENT_PROPAGATE;
}

static gboolean
query_tooltip_cb (GtkWidget           *widget,
                  int                  x,
                  int                  y,
                  gboolean             keyboard_mode,
                  GtkTooltip          *tooltip,
                  DossierDocumentView *self)
{
  const MentionSpan *span = keyboard_mode ? mention_at_cursor (self)
                                          : mention_at_coords (self, x, y);
  g_autofree char *text = NULL;

  if (span == NULL)
    return FALSE;

  /* Translators: tooltip over a marked name in a document: "OHCHR — Organisation" */
  text = g_strdup_printf (C_("mention tooltip", "%s — %s"),
                          get_entity_name (self, span->entity_id),
                          dossier_kinds_get_label (span->kind));
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
has_selection_cb (GtkTextBuffer       *buffer,
                  GParamSpec          *pspec,
                  DossierDocumentView *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "view.copy-with-citation",
                                 gtk_text_buffer_get_has_selection (buffer));
}

static void
dark_changed_cb (AdwStyleManager     *manager,
                 GParamSpec          *pspec,
                 DossierDocumentView *self)
{
  update_colors (self);
}

static void
dropdown_selected_cb (GtkDropDown         *dropdown,
                      GParamSpec          *pspec,
                      DossierDocumentView *self)
{
  DossierDocumentInfo *info;

  if (self->syncing_dropdown || self->resync_id != 0)
    return;
  if (!(info = gtk_drop_down_get_selected_item (dropdown)))
    return;
  if (dossier_document_info_get_id (info) != self->document_id)
    dossier_document_view_set_document_id (self, dossier_document_info_get_id (info));
}

static void
resync_cb (gpointer user_data)
{
  DossierDocumentView *self = user_data;

  self->resync_id = 0;
  sync_dropdown (self);
}

static void
documents_changed_cb (GListModel          *model,
                      guint                position,
                      guint                removed,
                      guint                added,
                      DossierDocumentView *self)
{
  /* The library refreshes by replacing its items; put the drop-down back on our
   * document once every other handler has seen the change. */
  if (self->resync_id == 0)
    self->resync_id = g_idle_add_once (resync_cb, self);
}

static void
find_changed_cb (GtkSearchEntry      *entry,
                 DossierDocumentView *self)
{
  run_find (self);
}

static void
find_activate_cb (GtkSearchEntry      *entry,
                  DossierDocumentView *self)
{
  dossier_document_view_find_next (self);
}

static void
find_next_match_cb (GtkSearchEntry      *entry,
                    DossierDocumentView *self)
{
  dossier_document_view_find_next (self);
}

static void
find_previous_match_cb (GtkSearchEntry      *entry,
                        DossierDocumentView *self)
{
  dossier_document_view_find_previous (self);
}

static void
find_stop_cb (GtkSearchEntry      *entry,
              DossierDocumentView *self)
{
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  clear_find (self);
  update_match_label (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

static void
search_mode_cb (GtkSearchBar        *bar,
                GParamSpec          *pspec,
                DossierDocumentView *self)
{
  if (!gtk_search_bar_get_search_mode (bar))
    {
      clear_find (self);
      update_match_label (self);
    }
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  dossier_document_view_show_find (DOSSIER_DOCUMENT_VIEW (widget));
}

static void
find_next_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  dossier_document_view_find_next (DOSSIER_DOCUMENT_VIEW (widget));
}

static void
find_previous_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  dossier_document_view_find_previous (DOSSIER_DOCUMENT_VIEW (widget));
}

static void
copy_with_citation_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  DossierDocumentView *self = DOSSIER_DOCUMENT_VIEW (widget);
  g_autofree char *quote = dossier_document_view_dup_quote (self);

  if (quote == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), quote);
  gtk_widget_activate_action (widget, "window.toast", "s", _("Copied with citation"));
}

/* The draft panel installs "draft.add-block" on the window; the paragraph that
 * holds the selection, or the cursor, goes to the draft as a cited excerpt. */
static void
add_to_draft_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  DossierDocumentView *self = DOSSIER_DOCUMENT_VIEW (widget);
  GtkTextBuffer *buffer = get_buffer (self);
  GtkTextIter start, end;
  int index;

  gtk_text_buffer_get_selection_bounds (buffer, &start, &end);
  index = find_block (self, gtk_text_iter_get_offset (&start));
  if (index < 0)
    return;
  gtk_widget_activate_action (widget, "draft.add-block", "x",
                              g_array_index (self->blocks, BlockSpan, index).id);
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  g_signal_emit (widget, signals[CLOSE_REQUESTED], 0);
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  g_signal_emit (widget, signals[MOVE_REQUESTED], 0, g_variant_get_int32 (parameter));
}

static char *
document_info_label (DossierDocumentInfo *info)
{
  const char *symbol, *title;

  if (info == NULL)
    return g_strdup ("");
  symbol = dossier_document_info_get_symbol (info);
  title = dossier_document_info_get_title (info);
  if (symbol == NULL)
    return g_strdup (title);
  /* Translators: a document in a column's drop-down: "E/CN.4/2003/74 — Traffic in women and girls" */
  return g_strdup_printf (C_("document choice", "%s — %s"), symbol, title);
}

static void
setup_choice_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (label), 8);
  gtk_label_set_max_width_chars (GTK_LABEL (label), GPOINTER_TO_INT (user_data));
  gtk_list_item_set_child (item, label);
}

static void
bind_choice_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  g_autofree char *text = document_info_label (gtk_list_item_get_item (item));

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

static char *
document_search_string (DossierDocumentInfo *info)
{
  return document_info_label (info);
}

static void
setup_dropdown (DossierDocumentView *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkListItemFactory) list_factory = gtk_signal_list_item_factory_new ();
  GtkExpression *expression;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_choice_cb), GINT_TO_POINTER (24));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_choice_cb), NULL);
  g_signal_connect (list_factory, "setup", G_CALLBACK (setup_choice_cb), GINT_TO_POINTER (60));
  g_signal_connect (list_factory, "bind", G_CALLBACK (bind_choice_cb), NULL);

  expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                            G_CALLBACK (document_search_string), NULL, NULL);
  gtk_drop_down_set_expression (self->document_dropdown, expression);
  gtk_expression_unref (expression);
  gtk_drop_down_set_factory (self->document_dropdown, factory);
  gtk_drop_down_set_list_factory (self->document_dropdown, list_factory);
}

static void
dossier_document_view_constructed (GObject *object)
{
  DossierDocumentView *self = (DossierDocumentView *) object;

  G_OBJECT_CLASS (dossier_document_view_parent_class)->constructed (object);

  if (self->selection != NULL)
    g_signal_connect_object (self->selection, "changed",
                             G_CALLBACK (selection_changed_cb), self, 0);
  if (self->documents != NULL)
    {
      /* The drop-down selects its first item on its own; that is not a choice. */
      self->syncing_dropdown = TRUE;
      gtk_drop_down_set_model (self->document_dropdown, self->documents);
      self->syncing_dropdown = FALSE;
      g_signal_connect_object (self->documents, "items-changed",
                               G_CALLBACK (documents_changed_cb), self, 0);
    }
  sync_dropdown (self);
  update_accessible_labels (self);
}

static void
dossier_document_view_dispose (GObject *object)
{
  DossierDocumentView *self = (DossierDocumentView *) object;
  GtkWidget *child;

  g_clear_handle_id (&self->flash_id, g_source_remove);
  g_clear_handle_id (&self->resync_id, g_source_remove);
  g_clear_handle_id (&self->style_id, g_source_remove);
  if (self->scroll_tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self->text_view), self->scroll_tick_id);
      self->scroll_tick_id = 0;
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), DOSSIER_TYPE_DOCUMENT_VIEW);
  /* The template's unnamed children (a switcher, a header box) are ours to drop. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  g_clear_object (&self->store);
  g_clear_object (&self->selection);
  g_clear_object (&self->documents);

  G_OBJECT_CLASS (dossier_document_view_parent_class)->dispose (object);
}

static void
dossier_document_view_finalize (GObject *object)
{
  DossierDocumentView *self = (DossierDocumentView *) object;

  g_clear_pointer (&self->blocks, g_array_unref);
  g_clear_pointer (&self->mentions, g_array_unref);
  g_clear_pointer (&self->matches, g_array_unref);
  g_clear_pointer (&self->entity_names, g_hash_table_unref);
  g_free (self->title);

  G_OBJECT_CLASS (dossier_document_view_parent_class)->finalize (object);
}

static void
dossier_document_view_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  DossierDocumentView *self = DOSSIER_DOCUMENT_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_SELECTION:
      g_value_set_object (value, self->selection);
      break;
    case PROP_DOCUMENTS:
      g_value_set_object (value, self->documents);
      break;
    case PROP_DOCUMENT_ID:
      g_value_set_int64 (value, self->document_id);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_STYLED:
      g_value_set_boolean (value, self->style_id == 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_document_view_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  DossierDocumentView *self = DOSSIER_DOCUMENT_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_SELECTION:
      self->selection = g_value_dup_object (value);
      break;
    case PROP_DOCUMENTS:
      self->documents = g_value_dup_object (value);
      break;
    case PROP_DOCUMENT_ID:
      dossier_document_view_set_document_id (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_document_view_class_init (DossierDocumentViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = dossier_document_view_constructed;
  object_class->dispose = dossier_document_view_dispose;
  object_class->finalize = dossier_document_view_finalize;
  object_class->get_property = dossier_document_view_get_property;
  object_class->set_property = dossier_document_view_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, DOSSIER_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTION] =
    g_param_spec_object ("selection", NULL, NULL, DOSSIER_TYPE_SELECTION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DOCUMENTS] =
    g_param_spec_object ("documents", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DOCUMENT_ID] =
    g_param_spec_int64 ("document-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Whether every mention of the document is styled: a long document shows its
   * text first and styles its mentions in idle slices, then notifies this. */
  properties[PROP_STYLED] =
    g_param_spec_boolean ("styled", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DossierDocumentView::close-requested:
   *
   * The user asked to close this column.
   */
  signals[CLOSE_REQUESTED] =
    g_signal_new ("close-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * DossierDocumentView::move-requested:
   * @delta: -1 to swap with the previous column, 1 with the next
   */
  signals[MOVE_REQUESTED] =
    g_signal_new ("move-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/dossier/Dossier/ui/dossier-document-view.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierDocumentView, header_box);
  gtk_widget_class_bind_template_child (widget_class, DossierDocumentView, document_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DossierDocumentView, menu_button);
  gtk_widget_class_bind_template_child (widget_class, DossierDocumentView, search_bar);
  gtk_widget_class_bind_template_child (widget_class, DossierDocumentView, find_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierDocumentView, match_label);
  gtk_widget_class_bind_template_child (widget_class, DossierDocumentView, stack);
  gtk_widget_class_bind_template_child (widget_class, DossierDocumentView, error_page);
  gtk_widget_class_bind_template_child (widget_class, DossierDocumentView, scroller);
  gtk_widget_class_bind_template_child (widget_class, DossierDocumentView, text_view);
  gtk_widget_class_bind_template_child (widget_class, DossierDocumentView, marks_area);
  gtk_widget_class_bind_template_callback (widget_class, find_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, find_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, find_next_match_cb);
  gtk_widget_class_bind_template_callback (widget_class, find_previous_match_cb);
  gtk_widget_class_bind_template_callback (widget_class, find_stop_cb);

  gtk_widget_class_install_action (widget_class, "view.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "view.find-next", NULL, find_next_action);
  gtk_widget_class_install_action (widget_class, "view.find-previous", NULL, find_previous_action);
  gtk_widget_class_install_action (widget_class, "view.add-to-draft", NULL, add_to_draft_action);
  gtk_widget_class_install_action (widget_class, "view.copy-with-citation", NULL,
                                   copy_with_citation_action);
  gtk_widget_class_install_action (widget_class, "column.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "column.move", "i", move_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "view.copy-with-citation", NULL);

  gtk_widget_class_set_css_name (widget_class, "documentview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
dossier_document_view_init (DossierDocumentView *self)
{
  GtkEventController *controller;
  GtkTextBuffer *buffer;
  GtkTextIter start;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->blocks = g_array_new (FALSE, FALSE, sizeof (BlockSpan));
  self->mentions = g_array_new (FALSE, FALSE, sizeof (MentionSpan));
  self->matches = g_array_new (FALSE, FALSE, sizeof (guint));
  self->entity_names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);

  buffer = get_buffer (self);
  create_tags (self);
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_create_mark (buffer, "scroll-target", &start, TRUE);
  g_signal_connect_object (buffer, "notify::has-selection",
                           G_CALLBACK (has_selection_cb), self, 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "view.copy-with-citation", FALSE);

  setup_dropdown (self);
  /* The drop-down's own button would otherwise be announced by its type name. */
  if (gtk_widget_get_first_child (GTK_WIDGET (self->document_dropdown)) != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_first_child (GTK_WIDGET (self->document_dropdown))),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    _("Choose the Document for This Column"), -1);
  g_signal_connect (self->document_dropdown, "notify::selected",
                    G_CALLBACK (dropdown_selected_cb), self);
  g_signal_connect (self->search_bar, "notify::search-mode-enabled",
                    G_CALLBACK (search_mode_cb), self);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->find_entry));

  controller = GTK_EVENT_CONTROLLER (gtk_gesture_click_new ());
  g_signal_connect (controller, "released", G_CALLBACK (click_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->text_view), controller);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (motion_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->text_view), controller);

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->text_view), controller);

  g_signal_connect (self->text_view, "query-tooltip", G_CALLBACK (query_tooltip_cb), self);
  gtk_drawing_area_set_draw_func (self->marks_area, draw_marks_cb, self, NULL);
  g_signal_connect_object (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->text_view)),
                           "changed", G_CALLBACK (adjustment_changed_cb), self, 0);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (dark_changed_cb), self, 0);

  gtk_stack_set_visible_child_name (self->stack, "empty");
}

GtkWidget *
dossier_document_view_new (DossierStore     *store,
                           DossierSelection *selection,
                           GListModel       *documents)
{
  return g_object_new (DOSSIER_TYPE_DOCUMENT_VIEW,
                       "store", store,
                       "selection", selection,
                       "documents", documents,
                       NULL);
}

gint64
dossier_document_view_get_document_id (DossierDocumentView *self)
{
  g_return_val_if_fail (DOSSIER_IS_DOCUMENT_VIEW (self), 0);
  return self->document_id;
}

gboolean
dossier_document_view_set_document_id (DossierDocumentView *self,
                                       gint64               document_id)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_return_val_if_fail (DOSSIER_IS_DOCUMENT_VIEW (self), FALSE);

  if (self->document_id == document_id)
    return TRUE;

  self->document_id = document_id;
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  ok = load_document (self, &error);
  if (!ok)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
    }
  else
    gtk_stack_set_visible_child_name (self->stack, document_id != 0 ? "text" : "empty");

  sync_dropdown (self);
  update_accessible_labels (self);
  if (ok && self->selection != NULL)
    highlight_entity (self, dossier_selection_get_entity_id (self->selection), FALSE);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT_ID]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
  return ok;
}

const char *
dossier_document_view_get_title (DossierDocumentView *self)
{
  g_return_val_if_fail (DOSSIER_IS_DOCUMENT_VIEW (self), NULL);
  return self->title;
}

gboolean
dossier_document_view_scroll_to_block (DossierDocumentView *self,
                                       gint64               block_id)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (DOSSIER_IS_DOCUMENT_VIEW (self), FALSE);

  buffer = get_buffer (self);
  for (guint i = 0; i < self->blocks->len; i++)
    {
      const BlockSpan *span = &g_array_index (self->blocks, BlockSpan, i);

      if (span->id != block_id)
        continue;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      gtk_text_buffer_remove_tag_by_name (buffer, "flash", &start, &end);
      get_iters (self, span->start, span->end, &start, &end);
      gtk_text_buffer_apply_tag_by_name (buffer, "flash", &start, &end);
      gtk_text_buffer_place_cursor (buffer, &start);
      scroll_to_offset (self, span->start);

      g_clear_handle_id (&self->flash_id, g_source_remove);
      self->flash_id = g_timeout_add_once (FLASH_MSEC, flash_done_cb, self);
      return TRUE;
    }
  return FALSE;
}

gint64
dossier_document_view_get_cursor_block (DossierDocumentView *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter iter;
  int index;

  g_return_val_if_fail (DOSSIER_IS_DOCUMENT_VIEW (self), 0);

  buffer = get_buffer (self);
  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  index = find_block (self, gtk_text_iter_get_offset (&iter));
  return index < 0 ? 0 : g_array_index (self->blocks, BlockSpan, index).id;
}

guint
dossier_document_view_get_n_highlighted (DossierDocumentView *self)
{
  g_return_val_if_fail (DOSSIER_IS_DOCUMENT_VIEW (self), 0);
  return self->n_highlighted;
}

guint
dossier_document_view_get_n_mentions (DossierDocumentView *self)
{
  g_return_val_if_fail (DOSSIER_IS_DOCUMENT_VIEW (self), 0);
  read_mentions (self);
  return self->mentions->len;
}

void
dossier_document_view_show_find (DossierDocumentView *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_if_fail (DOSSIER_IS_DOCUMENT_VIEW (self));

  /* A short selection is what the user wants to find. */
  buffer = get_buffer (self);
  if (gtk_text_buffer_get_selection_bounds (buffer, &start, &end)
      && gtk_text_iter_get_line (&start) == gtk_text_iter_get_line (&end)
      && gtk_text_iter_get_offset (&end) - gtk_text_iter_get_offset (&start) < 80)
    {
      g_autofree char *text = gtk_text_iter_get_visible_text (&start, &end);
      gtk_editable_set_text (GTK_EDITABLE (self->find_entry), text);
    }

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->find_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->find_entry), 0, -1);
}

guint
dossier_document_view_find (DossierDocumentView *self,
                            const char          *text)
{
  g_return_val_if_fail (DOSSIER_IS_DOCUMENT_VIEW (self), 0);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->find_entry), text);
  return run_find (self);
}

void
dossier_document_view_find_next (DossierDocumentView *self)
{
  g_return_if_fail (DOSSIER_IS_DOCUMENT_VIEW (self));

  if (!gtk_search_bar_get_search_mode (self->search_bar))
    {
      dossier_document_view_show_find (self);
      return;
    }
  if (self->matches->len > 0)
    show_match (self, self->current_match + 1);
}

void
dossier_document_view_find_previous (DossierDocumentView *self)
{
  guint n;

  g_return_if_fail (DOSSIER_IS_DOCUMENT_VIEW (self));

  if (!gtk_search_bar_get_search_mode (self->search_bar))
    {
      dossier_document_view_show_find (self);
      return;
    }
  n = self->matches->len / 2;
  if (n > 0)
    show_match (self, self->current_match + n - 1);
}

void
dossier_document_view_select_range (DossierDocumentView *self,
                                    guint                start,
                                    guint                end)
{
  GtkTextIter start_iter, end_iter;

  g_return_if_fail (DOSSIER_IS_DOCUMENT_VIEW (self));

  get_iters (self, start, end, &start_iter, &end_iter);
  gtk_text_buffer_select_range (get_buffer (self), &start_iter, &end_iter);
}

char *
dossier_document_view_dup_quote (DossierDocumentView *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  g_autofree char *citation = NULL;
  g_autoptr(GString) quote = NULL;
  gboolean space = FALSE;
  int index;

  g_return_val_if_fail (DOSSIER_IS_DOCUMENT_VIEW (self), NULL);

  buffer = get_buffer (self);
  if (!gtk_text_buffer_get_selection_bounds (buffer, &start, &end))
    return NULL;

  /* The citation is that of the paragraph where the quote begins; a selection
   * that starts on a label belongs to the label's paragraph. */
  index = find_block (self, gtk_text_iter_get_offset (&start));
  if (index < 0 || self->store == NULL)
    return NULL;
  citation = dossier_store_dup_citation (self->store,
                                         g_array_index (self->blocks, BlockSpan, index).id,
                                         NULL);
  if (citation == NULL)
    citation = g_strdup (self->title != NULL ? self->title : "");

  /* Labels and line breaks between paragraphs become single spaces. */
  text = gtk_text_iter_get_visible_text (&start, &end);
  quote = g_string_new (NULL);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        space = quote->len > 0;
      else
        {
          if (space)
            g_string_append_c (quote, ' ');
          g_string_append_unichar (quote, c);
          space = FALSE;
        }
    }
  if (quote->len == 0)
    return NULL;

  /* Translators: a copied quotation and its citation:
   * “States should prevent trafficking” — E/CN.4/2003/74, para. 16 */
  return g_strdup_printf (C_("citation", "“%s” — %s"), quote->str, citation);
}

void
dossier_document_view_set_active (DossierDocumentView *self,
                                  gboolean             active)
{
  g_return_if_fail (DOSSIER_IS_DOCUMENT_VIEW (self));

  self->active = !!active;
  if (active)
    gtk_widget_add_css_class (GTK_WIDGET (self), "active");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "active");
}

GtkTextView *
dossier_document_view_get_text_view (DossierDocumentView *self)
{
  g_return_val_if_fail (DOSSIER_IS_DOCUMENT_VIEW (self), NULL);
  return self->text_view;
}

void
dossier_document_view_reload (DossierDocumentView *self)
{
  gint64 document_id;
  GtkTextBuffer *buffer;
  GtkTextIter iter;
  int offset;

  g_return_if_fail (DOSSIER_IS_DOCUMENT_VIEW (self));

  if (self->document_id == 0)
    return;

  buffer = get_buffer (self);
  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  offset = gtk_text_iter_get_offset (&iter);
  document_id = self->document_id;
  self->document_id = 0;
  dossier_document_view_set_document_id (self, document_id);
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, offset);
  gtk_text_buffer_place_cursor (buffer, &iter);
}
