/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Reads Markdown with libcmark and turns its syntax tree into raw blocks. All
 * Markdown syntax is left to cmark; this file only walks the tree (iteratively,
 * so that deep nesting cannot exhaust the stack), collects the text of each
 * paragraph, heading and list item line by line, and keeps what the structure
 * pass needs: heading levels, the printed number or bullet of list items, and
 * whether a whole paragraph is bold or underlined.
 */

#include "config.h"

#include <cmark.h>
#include <string.h>

#include "dossier-import-private.h"
#include "dossier-limits.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (cmark_node, cmark_node_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (cmark_iter, cmark_iter_free)

/* Markdown bigger than this is parsed in pieces cut at blank lines, so that
 * the memory cmark needs for its tree stays bounded. */
#define SLICE_BYTES (1024 * 1024)

/* Indented code in these documents is nearly always text indented by a tab,
 * such as the header of a table of contents; it is read again as Markdown,
 * a few levels deep at most. */
#define MAX_REPARSE 3

typedef struct
{
  GPtrArray   *raws;
  const char  *source;
  gsize        source_len;
  GArray      *line_starts;   /* offsets of line starts in source, built lazily */
  int          reparse;

  DossierRaw  *current;
  GString     *line;
  gssize       sup_start;     /* where the text of an open <sup> begins in line */
  int          strong;        /* open strong emphasis, including <b> and <strong> */
  int          underline;     /* open <u> */
  gsize        letters;
  gsize        strong_letters;
  gsize        underline_letters;

  int          list_depth;
  int          quote_depth;
} Walker;

static void read_source (Walker     *parent,
                         const char *text,
                         gsize       length);

static const char *
source_line (Walker *w,
             int     line,
             gsize  *length)
{
  gsize start;
  gsize end;

  if (w->line_starts == NULL)
    {
      w->line_starts = g_array_new (FALSE, FALSE, sizeof (gsize));
      start = 0;
      g_array_append_val (w->line_starts, start);
      for (gsize i = 0; i < w->source_len; i++)
        {
          if (w->source[i] == '\n')
            {
              start = i + 1;
              g_array_append_val (w->line_starts, start);
            }
        }
    }

  if (line < 1 || (guint) line > w->line_starts->len)
    return NULL;

  start = g_array_index (w->line_starts, gsize, line - 1);
  end = start;
  while (end < w->source_len && w->source[end] != '\n' && w->source[end] != '\r')
    end++;
  *length = end - start;
  return w->source + start;
}

/* Returns the source text from the node's start column to the end of its line. */
static const char *
node_source (Walker     *w,
             cmark_node *node,
             gsize      *length)
{
  gsize len = 0;
  const char *line = source_line (w, cmark_node_get_start_line (node), &len);
  int column = cmark_node_get_start_column (node);

  if (line == NULL || column < 1 || (gsize) column > len + 1)
    return NULL;

  *length = len - (column - 1);
  return line + column - 1;
}

static void
end_line (Walker *w)
{
  if (w->current != NULL)
    g_ptr_array_add (w->current->lines, g_strndup (w->line->str, w->line->len));
  g_string_truncate (w->line, 0);
  w->sup_start = -1;
}

static void
begin_raw (Walker         *w,
           DossierRawKind  kind)
{
  w->current = dossier_raw_new (kind);
  w->current->depth = MIN (w->list_depth, DOSSIER_LIMIT_NESTING_DEPTH);
  g_string_truncate (w->line, 0);
  w->sup_start = -1;
  w->letters = 0;
  w->strong_letters = 0;
  w->underline_letters = 0;
  w->strong = 0;
  w->underline = 0;
}

static void
finish_raw (Walker *w)
{
  gboolean has_text = FALSE;

  if (w->current == NULL)
    return;

  end_line (w);
  for (guint i = 0; i < w->current->lines->len && !has_text; i++)
    {
      const char *line = g_ptr_array_index (w->current->lines, i);

      for (const char *p = line; *p != '\0' && !has_text; p++)
        has_text = !g_ascii_isspace (*p);
    }

  w->current->strong = w->letters > 0 && w->strong_letters == w->letters;
  w->current->underline = w->letters > 0 && w->underline_letters == w->letters;

  if (has_text && w->raws->len < 2 * DOSSIER_LIMIT_BLOCKS_PER_DOC)
    g_ptr_array_add (w->raws, g_steal_pointer (&w->current));
  else
    g_clear_pointer (&w->current, dossier_raw_free);
}

static void
append_text (Walker     *w,
             const char *text)
{
  g_autofree char *decoded = NULL;

  if (text == NULL)
    return;

  /* cmark decodes entities once; text that was escaped twice by a converter
   * ("&amp;amp;") still carries one. */
  if (strchr (text, '&') != NULL)
    text = decoded = dossier_import_decode_entities (text);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        {
          w->letters++;
          if (w->strong > 0)
            w->strong_letters++;
          if (w->underline > 0)
            w->underline_letters++;
        }
    }

  g_string_append (w->line, text);
}

static gboolean
html_tag_is (const char *html,
             const char *name,
             gboolean    closing)
{
  const char *p = html;
  gsize len = strlen (name);

  if (*p++ != '<')
    return FALSE;
  if (closing)
    {
      if (*p++ != '/')
        return FALSE;
    }
  else if (*p == '/')
    return FALSE;

  return g_ascii_strncasecmp (p, name, len) == 0 &&
         (p[len] == '>' || p[len] == ' ' || p[len] == '/' || p[len] == '\t');
}

static void
close_sup (Walker *w)
{
  const char *content;
  gboolean digits = TRUE;
  gboolean after_number;

  if (w->sup_start < 0 || (gsize) w->sup_start > w->line->len)
    {
      w->sup_start = -1;
      return;
    }

  content = w->line->str + w->sup_start;
  for (const char *p = content; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      digits = FALSE;

  after_number = w->sup_start > 0 && g_ascii_isdigit (w->line->str[w->sup_start - 1]);

  /* "51<sup>st</sup>" stays "51st"; a superscript number after a word is a
   * footnote reference and becomes a superscript digit, which the structure
   * pass knows as a marker. */
  if (digits && *content != '\0' && !after_number)
    {
      g_autofree char *marker = dossier_import_superscript (content);

      g_string_truncate (w->line, w->sup_start);
      g_string_append (w->line, marker);
    }

  w->sup_start = -1;
}

static void
inline_html (Walker     *w,
             const char *html)
{
  if (html == NULL)
    return;

  if (html_tag_is (html, "u", FALSE) || html_tag_is (html, "ins", FALSE))
    w->underline++;
  else if (html_tag_is (html, "u", TRUE) || html_tag_is (html, "ins", TRUE))
    w->underline = MAX (0, w->underline - 1);
  else if (html_tag_is (html, "b", FALSE) || html_tag_is (html, "strong", FALSE))
    w->strong++;
  else if (html_tag_is (html, "b", TRUE) || html_tag_is (html, "strong", TRUE))
    w->strong = MAX (0, w->strong - 1);
  else if (html_tag_is (html, "sup", FALSE))
    w->sup_start = w->line->len;
  else if (html_tag_is (html, "sup", TRUE))
    close_sup (w);
  else if (html_tag_is (html, "br", FALSE))
    end_line (w);
  /* Every other tag (<i>, <em>, <span>, <sub>, …) is dropped, its text kept. */
}

static void
html_block (Walker     *w,
            const char *html)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;

  if (html == NULL)
    return;

  dossier_import_append_html_text (text, html);
  lines = g_strsplit (text->str, "\n", -1);

  begin_raw (w, DOSSIER_RAW_PARAGRAPH);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (*g_strstrip (lines[i]) == '\0')
        continue;
      g_ptr_array_add (w->current->lines, g_strdup (lines[i]));
    }
  if (w->current->lines->len > 0 && w->raws->len < 2 * DOSSIER_LIMIT_BLOCKS_PER_DOC)
    g_ptr_array_add (w->raws, g_steal_pointer (&w->current));
  else
    g_clear_pointer (&w->current, dossier_raw_free);
}

static gboolean
code_block_is_fenced (Walker     *w,
                      cmark_node *node)
{
  const char *info = cmark_node_get_fence_info (node);
  const char *src;
  gsize len = 0;

  if (info != NULL && *info != '\0')
    return TRUE;

  src = node_source (w, node, &len);
  if (src == NULL)
    return FALSE;
  while (len > 0 && (*src == ' ' || *src == '\t'))
    src++, len--;

  return len >= 3 && (strncmp (src, "```", 3) == 0 || strncmp (src, "~~~", 3) == 0);
}

static void
code_block (Walker     *w,
            cmark_node *node)
{
  const char *literal = cmark_node_get_literal (node);
  g_auto(GStrv) lines = NULL;

  if (literal == NULL)
    return;

  if (!code_block_is_fenced (w, node) && w->reparse < MAX_REPARSE)
    {
      read_source (w, literal, strlen (literal));
      return;
    }

  lines = g_strsplit (literal, "\n", -1);
  begin_raw (w, DOSSIER_RAW_CODE);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (*lines[i] == '\0')
        continue;
      g_ptr_array_add (w->current->lines, g_strdup (lines[i]));
    }
  if (w->current->lines->len > 0 && w->raws->len < 2 * DOSSIER_LIMIT_BLOCKS_PER_DOC)
    g_ptr_array_add (w->raws, g_steal_pointer (&w->current));
  else
    g_clear_pointer (&w->current, dossier_raw_free);
}

/* The printed number or bullet of a list item, read from the source: cmark
 * keeps only the list's start number, but documents skip and repeat numbers. */
static void
describe_item (Walker     *w,
               cmark_node *item,
               DossierRaw *raw)
{
  cmark_node *list = cmark_node_parent (item);
  const char *src;
  gsize len = 0;

  if (list != NULL && cmark_node_get_list_type (list) == CMARK_ORDERED_LIST)
    {
      raw->kind = DOSSIER_RAW_ORDERED;
      raw->number = cmark_node_get_list_start (list);
      raw->delim = cmark_node_get_list_delim (list) == CMARK_PAREN_DELIM ? ')' : '.';

      src = node_source (w, item, &len);
      if (src != NULL)
        {
          int number = 0;
          gsize i = 0;

          while (i < len && (src[i] == ' ' || src[i] == '\t'))
            i++;
          while (i < len && g_ascii_isdigit (src[i]) && number < 100000000)
            number = number * 10 + (src[i++] - '0');
          if (i > 0 && i < len && (src[i] == '.' || src[i] == ')'))
            {
              raw->number = number;
              raw->delim = src[i];
            }
        }
    }
  else
    {
      raw->kind = DOSSIER_RAW_BULLET;
      raw->bullet = '-';

      src = node_source (w, item, &len);
      if (src != NULL)
        {
          gsize i = 0;

          while (i < len && (src[i] == ' ' || src[i] == '\t'))
            i++;
          if (i < len && (src[i] == '*' || src[i] == '-' || src[i] == '+'))
            raw->bullet = src[i];
        }
    }
}

static void
walk (Walker     *w,
      cmark_node *root)
{
  g_autoptr(cmark_iter) iter = cmark_iter_new (root);
  cmark_event_type event;

  while ((event = cmark_iter_next (iter)) != CMARK_EVENT_DONE)
    {
      cmark_node *node = cmark_iter_get_node (iter);
      gboolean enter = (event == CMARK_EVENT_ENTER);

      switch (cmark_node_get_type (node))
        {
        case CMARK_NODE_LIST:
          w->list_depth += enter ? 1 : -1;
          break;

        case CMARK_NODE_BLOCK_QUOTE:
          w->quote_depth += enter ? 1 : -1;
          break;

        case CMARK_NODE_PARAGRAPH:
          if (enter)
            {
              cmark_node *parent = cmark_node_parent (node);

              begin_raw (w, DOSSIER_RAW_PARAGRAPH);
              if (parent != NULL && cmark_node_get_type (parent) == CMARK_NODE_ITEM &&
                  cmark_node_first_child (parent) == node)
                describe_item (w, parent, w->current);
            }
          else
            finish_raw (w);
          break;

        case CMARK_NODE_HEADING:
          if (enter)
            {
              begin_raw (w, DOSSIER_RAW_HEADING);
              w->current->md_level = cmark_node_get_heading_level (node);
            }
          else
            finish_raw (w);
          break;

        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE:
          if (w->current != NULL)
            append_text (w, cmark_node_get_literal (node));
          break;

        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
          if (w->current != NULL)
            end_line (w);
          break;

        case CMARK_NODE_HTML_INLINE:
          if (w->current != NULL)
            inline_html (w, cmark_node_get_literal (node));
          break;

        case CMARK_NODE_STRONG:
          w->strong += enter ? 1 : -1;
          break;

        case CMARK_NODE_HTML_BLOCK:
          html_block (w, cmark_node_get_literal (node));
          break;

        case CMARK_NODE_CODE_BLOCK:
          code_block (w, node);
          break;

        case CMARK_NODE_NONE:
        case CMARK_NODE_DOCUMENT:
        case CMARK_NODE_ITEM:
        case CMARK_NODE_CUSTOM_BLOCK:
        case CMARK_NODE_THEMATIC_BREAK:
        case CMARK_NODE_CUSTOM_INLINE:
        case CMARK_NODE_EMPH:
        case CMARK_NODE_LINK:
        case CMARK_NODE_IMAGE:
        default:
          break;
        }
    }
}

static void
read_slice (Walker     *parent,
            const char *text,
            gsize       length)
{
  g_autoptr(cmark_node) doc = NULL;
  Walker w = { 0 };

  w.raws = parent->raws;
  w.source = text;
  w.source_len = length;
  w.reparse = parent->reparse + 1;
  w.line = g_string_new (NULL);
  w.sup_start = -1;

  doc = cmark_parse_document (text, length, CMARK_OPT_UNSAFE | CMARK_OPT_VALIDATE_UTF8);
  if (doc != NULL)
    walk (&w, doc);

  g_clear_pointer (&w.current, dossier_raw_free);
  g_string_free (w.line, TRUE);
  if (w.line_starts != NULL)
    g_array_unref (w.line_starts);
}

/* Parses @text in slices cut at blank lines outside fenced code. A stretch
 * without any blank line that is bigger than a slice is not Markdown anyone
 * wrote by hand (a flattened PDF, a generated file) and is read as plain text. */
static void
read_source (Walker     *parent,
             const char *text,
             gsize       length)
{
  gsize start = 0;
  gsize last_blank = 0;
  gboolean in_fence = FALSE;
  gsize i = 0;

  if (length <= SLICE_BYTES)
    {
      read_slice (parent, text, length);
      return;
    }

  while (i < length && parent->raws->len < 2 * DOSSIER_LIMIT_BLOCKS_PER_DOC)
    {
      gsize line_end = i;
      gboolean blank = TRUE;
      gsize indent = 0;

      while (line_end < length && text[line_end] != '\n')
        {
          if (!g_ascii_isspace (text[line_end]))
            blank = FALSE;
          line_end++;
        }
      while (indent < 3 && i + indent < line_end && text[i + indent] == ' ')
        indent++;
      if (line_end - (i + indent) >= 3 &&
          (strncmp (text + i + indent, "```", 3) == 0 || strncmp (text + i + indent, "~~~", 3) == 0))
        in_fence = !in_fence;

      if (blank && !in_fence)
        {
          if (i - last_blank > SLICE_BYTES)
            {
              /* One huge stretch: Markdown before it, plain text for it. */
              if (last_blank > start)
                read_slice (parent, text + start, last_blank - start);
              dossier_import_read_plain_into (parent->raws, text + last_blank, i - last_blank);
              start = i;
            }
          else if (i - start >= SLICE_BYTES)
            {
              read_slice (parent, text + start, i - start);
              start = i;
            }
          last_blank = i;
        }

      i = line_end + 1;
    }

  if (start < length && parent->raws->len < 2 * DOSSIER_LIMIT_BLOCKS_PER_DOC)
    {
      if (length - last_blank > SLICE_BYTES && !in_fence)
        {
          if (last_blank > start)
            read_slice (parent, text + start, last_blank - start);
          dossier_import_read_plain_into (parent->raws, text + MAX (start, last_blank),
                                          length - MAX (start, last_blank));
        }
      else
        {
          read_slice (parent, text + start, length - start);
        }
    }
}

GPtrArray *
dossier_import_read_markdown (const char *text,
                              gsize       length)
{
  GPtrArray *raws = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_raw_free);
  Walker top = { 0 };

  top.raws = raws;
  top.reparse = -1;
  read_source (&top, text, length);

  return raws;
}
