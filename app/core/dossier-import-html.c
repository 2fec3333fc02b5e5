/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Reads saved web pages (UN pages, press releases) through libxml2's HTML
 * parser. Only the main text is kept: the page's <main> or <article> when it
 * has one, else its <body>, without navigation, headers, footers, sidebars,
 * forms, scripts and styles, nor elements whose class or id says they are
 * menus, breadcrumbs, cookie banners or share buttons. Headings keep their
 * level, list items their bullet or number, table rows become "| a | b |"
 * lines, and <sup> digits become the superscripts footnote references are.
 * The parser never touches the network and never loads anything the page
 * refers to.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <string.h>

#include "dossier-import-private.h"
#include "dossier-importer.h"
#include "dossier-limits.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

/* Elements whose content is never text of the document. */
static const char *const skipped_elements[] = {
  "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
  "button", "select", "option", "textarea", "input", "iframe", "object", "embed", "svg",
  "canvas", "video", "audio", "map", "head", "title", "menu", "dialog",
};

/* Words in a class or id that mark page furniture. */
static const char *const boilerplate_words[] = {
  "nav", "menu", "breadcrumb", "footer", "header", "sidebar", "cookie", "share", "social",
  "skip", "banner", "related", "toolbar", "pagination", "language-switcher", "lang-switch",
  "masthead-site", "site-header", "site-footer", "advert", "promo", "subscribe", "search",
};

/* Elements that start a block of text. */
static const char *const block_elements[] = {
  "p", "div", "section", "article", "main", "blockquote", "pre", "address", "center",
  "dd", "dt", "dl", "figcaption", "figure", "hr", "body", "html", "caption", "fieldset",
  "details", "summary",
};

typedef struct
{
  DossierRawBuilder builder;
  int               list_depth;
  gboolean          in_pre;
} Walker;

static gboolean
name_is (xmlNode    *node,
         const char *name)
{
  return node->type == XML_ELEMENT_NODE && g_ascii_strcasecmp ((const char *) node->name, name) == 0;
}

static gboolean
name_in (xmlNode           *node,
         const char *const *names,
         gsize              n_names)
{
  for (gsize i = 0; i < n_names; i++)
    if (name_is (node, names[i]))
      return TRUE;
  return FALSE;
}

static const char *
get_attr (xmlNode    *node,
          const char *name)
{
  for (xmlAttr *a = node->properties; a != NULL; a = a->next)
    if (g_ascii_strcasecmp ((const char *) a->name, name) == 0)
      return a->children != NULL && a->children->type == XML_TEXT_NODE ? (const char *) a->children->content : "";
  return NULL;
}

/* A class or id made of words one of which is page furniture: "main-nav",
 * "site_footer", "breadcrumbs". */
static gboolean
is_boilerplate (xmlNode *node)
{
  const char *values[] = { get_attr (node, "class"), get_attr (node, "id"), get_attr (node, "role") };

  if (get_attr (node, "hidden") != NULL || g_strcmp0 (get_attr (node, "aria-hidden"), "true") == 0)
    return TRUE;
  if (values[2] != NULL && (g_ascii_strcasecmp (values[2], "navigation") == 0 ||
                            g_ascii_strcasecmp (values[2], "banner") == 0 ||
                            g_ascii_strcasecmp (values[2], "contentinfo") == 0 ||
                            g_ascii_strcasecmp (values[2], "search") == 0 ||
                            g_ascii_strcasecmp (values[2], "complementary") == 0))
    return TRUE;

  for (guint v = 0; v < 2; v++)
    {
      g_autofree char *lower = NULL;
      g_auto(GStrv) words = NULL;

      if (values[v] == NULL)
        continue;
      lower = g_ascii_strdown (values[v], -1);
      words = g_strsplit_set (lower, " \t\n-_", -1);
      for (guint w = 0; words[w] != NULL; w++)
        for (guint b = 0; b < G_N_ELEMENTS (boilerplate_words); b++)
          if (strcmp (words[w], boilerplate_words[b]) == 0)
            return TRUE;
      /* Multi-word names such as "site-footer" are whole values. */
      for (guint b = 0; b < G_N_ELEMENTS (boilerplate_words); b++)
        if (strchr (boilerplate_words[b], '-') != NULL && strstr (lower, boilerplate_words[b]) != NULL)
          return TRUE;
    }
  return FALSE;
}

static gboolean
is_skipped (xmlNode *node)
{
  return name_in (node, skipped_elements, G_N_ELEMENTS (skipped_elements)) || is_boilerplate (node);
}

static void walk (Walker   *w,
                  xmlNode  *node,
                  gboolean  strong,
                  int       depth);

static void
walk_children (Walker   *w,
               xmlNode  *node,
               gboolean  strong,
               int       depth)
{
  for (xmlNode *c = node->children; c != NULL && !dossier_raw_builder_is_full (&w->builder); c = c->next)
    walk (w, c, strong, depth + 1);
}

static void
append_text (Walker     *w,
             const char *text,
             gboolean    strong)
{
  if (!w->in_pre)
    {
      dossier_raw_builder_append (&w->builder, text, -1, strong);
      return;
    }

  /* Preformatted text keeps its lines. */
  for (const char *p = text; *p != '\0';)
    {
      const char *nl = strchr (p, '\n');
      gsize len = nl != NULL ? (gsize) (nl - p) : strlen (p);

      dossier_raw_builder_append (&w->builder, p, len, strong);
      if (nl == NULL)
        break;
      dossier_raw_builder_newline (&w->builder);
      p = nl + 1;
    }
}

static void
walk_table (Walker  *w,
            xmlNode *node,
            int      depth)
{
  if (depth > DOSSIER_LIMIT_XML_DEPTH)
    return;

  for (xmlNode *c = node->children; c != NULL; c = c->next)
    {
      if (name_is (c, "tr"))
        {
          GPtrArray *saved_raws = w->builder.raws;
          DossierRawBuilder saved = w->builder;
          g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_raw_free);
          g_autoptr(GString) line = g_string_new ("|");

          for (xmlNode *cell = c->children; cell != NULL; cell = cell->next)
            {
              if (!(name_is (cell, "td") || name_is (cell, "th")))
                continue;
              dossier_raw_builder_init (&w->builder, cells);
              walk_children (w, cell, name_is (cell, "th"), depth + 1);
              dossier_raw_builder_end (&w->builder);
              dossier_raw_builder_clear (&w->builder);

              g_string_append_c (line, ' ');
              for (guint i = 0; i < cells->len; i++)
                {
                  DossierRaw *raw = g_ptr_array_index (cells, i);

                  for (guint k = 0; k < raw->lines->len; k++)
                    {
                      g_autofree char *text = g_strdelimit (g_strdup (g_ptr_array_index (raw->lines, k)), "|\t", ' ');

                      if (line->len > 2 && line->str[line->len - 1] != ' ')
                        g_string_append_c (line, ' ');
                      g_string_append (line, text);
                    }
                }
              g_ptr_array_set_size (cells, 0);
              g_string_append (line, " |");
            }

          w->builder = saved;
          w->builder.raws = saved_raws;
          if (line->len > 1)
            {
              if (w->builder.current == NULL)
                dossier_raw_builder_start (&w->builder, DOSSIER_RAW_PARAGRAPH, 0, 0);
              dossier_raw_builder_append (&w->builder, line->str, line->len, FALSE);
              dossier_raw_builder_newline (&w->builder);
            }
        }
      else if (name_is (c, "thead") || name_is (c, "tbody") || name_is (c, "tfoot"))
        walk_table (w, c, depth + 1);
      else if (name_is (c, "caption"))
        {
          dossier_raw_builder_end (&w->builder);
          walk_children (w, c, FALSE, depth + 1);
          dossier_raw_builder_end (&w->builder);
        }
    }
}

static void
walk_list (Walker  *w,
           xmlNode *node,
           gboolean strong,
           int      depth)
{
  gboolean ordered = name_is (node, "ol");
  int number = 1;
  const char *start = get_attr (node, "start");

  if (start != NULL)
    number = CLAMP (dossier_import_atoi (start), -1000000, 1000000);

  w->list_depth++;
  for (xmlNode *c = node->children; c != NULL && !dossier_raw_builder_is_full (&w->builder); c = c->next)
    {
      if (!name_is (c, "li"))
        {
          walk (w, c, strong, depth + 1);
          continue;
        }
      if (get_attr (c, "value") != NULL)
        number = CLAMP (dossier_import_atoi (get_attr (c, "value")), -1000000, 1000000);

      if (ordered)
        {
          dossier_raw_builder_start (&w->builder, DOSSIER_RAW_ORDERED, 0, w->list_depth);
          w->builder.current->number = number++;
          w->builder.current->delim = '.';
        }
      else
        {
          dossier_raw_builder_start (&w->builder, DOSSIER_RAW_BULLET, 0, w->list_depth);
          w->builder.current->bullet = '-';
        }
      walk_children (w, c, strong, depth + 1);
      dossier_raw_builder_end (&w->builder);
    }
  w->list_depth--;
}

static void
walk (Walker   *w,
      xmlNode  *node,
      gboolean  strong,
      int       depth)
{
  if (depth > DOSSIER_LIMIT_XML_DEPTH)
    return;

  if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE)
    {
      if (node->content != NULL)
        append_text (w, (const char *) node->content, strong);
      return;
    }
  if (node->type != XML_ELEMENT_NODE || is_skipped (node))
    return;

  if (node->name[0] == 'h' || node->name[0] == 'H')
    {
      int level = node->name[1] - '0';

      if (level >= 1 && level <= 6 && node->name[2] == '\0')
        {
          dossier_raw_builder_start (&w->builder, DOSSIER_RAW_HEADING, level, 0);
          walk_children (w, node, strong, depth);
          dossier_raw_builder_end (&w->builder);
          return;
        }
    }

  if (name_is (node, "br"))
    {
      dossier_raw_builder_newline (&w->builder);
      return;
    }
  if (name_is (node, "img"))
    return;
  if (name_is (node, "ul") || name_is (node, "ol"))
    {
      dossier_raw_builder_end (&w->builder);
      walk_list (w, node, strong, depth);
      return;
    }
  if (name_is (node, "table"))
    {
      dossier_raw_builder_end (&w->builder);
      walk_table (w, node, depth);
      dossier_raw_builder_end (&w->builder);
      return;
    }
  if (name_is (node, "sup"))
    {
      g_autofree char *text = (char *) xmlNodeGetContent (node);

      if (text != NULL && text[0] != '\0' && strspn (text, "0123456789") == strlen (text) && strlen (text) <= 4)
        {
          g_autofree char *sup = dossier_import_superscript (text);

          append_text (w, sup, FALSE);
          return;
        }
    }
  if (name_is (node, "pre"))
    {
      gboolean was = w->in_pre;

      dossier_raw_builder_start (&w->builder, DOSSIER_RAW_PARAGRAPH, 0, 0);
      w->in_pre = TRUE;
      walk_children (w, node, strong, depth);
      w->in_pre = was;
      dossier_raw_builder_end (&w->builder);
      return;
    }

  if (name_in (node, block_elements, G_N_ELEMENTS (block_elements)))
    {
      /* Inside a list item, the first block goes on the item. */
      if (!(w->builder.current != NULL && w->builder.current->lines->len == 0 && w->builder.line->len == 0))
        dossier_raw_builder_end (&w->builder);
      walk_children (w, node, strong, depth);
      dossier_raw_builder_end (&w->builder);
      return;
    }

  /* Inline elements. */
  walk_children (w, node, strong || name_is (node, "b") || name_is (node, "strong"), depth);
}

/* The page's main content: <main>, role="main", or a single <article>. */
static xmlNode *
find_main (xmlNode *node,
           int      depth)
{
  if (depth > DOSSIER_LIMIT_XML_DEPTH)
    return NULL;
  for (xmlNode *c = node->children; c != NULL; c = c->next)
    {
      xmlNode *found;

      if (c->type != XML_ELEMENT_NODE)
        continue;
      if (name_is (c, "main") || g_strcmp0 (get_attr (c, "role"), "main") == 0)
        return c;
      if ((found = find_main (c, depth + 1)) != NULL)
        return found;
    }
  return NULL;
}

static xmlNode *
find_element (xmlNode    *node,
              const char *name,
              guint      *count,
              int         depth)
{
  xmlNode *first = NULL;

  if (depth > DOSSIER_LIMIT_XML_DEPTH)
    return NULL;
  for (xmlNode *c = node->children; c != NULL; c = c->next)
    {
      xmlNode *found;

      if (c->type != XML_ELEMENT_NODE)
        continue;
      if (name_is (c, name))
        {
          (*count)++;
          if (first == NULL)
            first = c;
          continue;
        }
      if ((found = find_element (c, name, count, depth + 1)) != NULL && first == NULL)
        first = found;
    }
  return first;
}

DossierParsedDocument *
dossier_import_parse_html (const char    *name,
                           const guint8  *data,
                           gsize          length,
                           GError       **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(GPtrArray) raws = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_raw_free);
  xmlNode *root;
  xmlNode *start;
  Walker w = { { 0 } };
  guint articles = 0;
  xmlNode *article;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length > DOSSIER_LIMIT_FILE_SIZE || length > G_MAXINT)
    {
      g_autofree char *have = g_format_size (length);
      g_autofree char *limit = g_format_size (DOSSIER_LIMIT_FILE_SIZE);

      g_set_error (error, DOSSIER_IMPORT_ERROR, DOSSIER_IMPORT_ERROR_TOO_LARGE,
                   _("“%s” is too large to import: it has %s, and Dossier reads files of up to %s."),
                   name, have, limit);
      return NULL;
    }

  dossier_import_init_libxml ();

  /* The page's own <meta charset> decides, else UTF-8. */
  doc = htmlReadMemory ((const char *) data, (int) length, NULL, NULL,
                        HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                        HTML_PARSE_NONET);
  root = doc != NULL ? xmlDocGetRootElement (doc) : NULL;
  if (root == NULL)
    {
      g_set_error (error, DOSSIER_IMPORT_ERROR, DOSSIER_IMPORT_ERROR_EMPTY,
                   _("“%s” contains no text to import."), name);
      return NULL;
    }

  start = find_main (root, 0);
  if (start == NULL)
    {
      article = find_element (root, "article", &articles, 0);
      if (articles == 1)
        start = article;
    }
  if (start == NULL)
    {
      guint bodies = 0;

      start = find_element (root, "body", &bodies, 0);
      if (start == NULL)
        start = root;
    }

  dossier_raw_builder_init (&w.builder, raws);
  if (start == root || name_is (start, "body"))
    walk_children (&w, start, FALSE, 0);
  else
    walk (&w, start, FALSE, 0);
  dossier_raw_builder_end (&w.builder);
  dossier_raw_builder_clear (&w.builder);

  return dossier_import_build (name, "html", raws, error);
}
