/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Exports of a draft and the JSON import.
 *
 * Every exporter walks the draft the same way: the title, then each section's
 * heading, its own text (paragraphs split at blank lines) and its excerpts, each
 * quote followed by a citation marker numbered in order of appearance and by
 * the rapporteur's note. One footnote per excerpt, as in the OpenDocument file
 * where a note belongs to one place in the text.
 *
 * The OpenDocument file is a zip archive written here with the "stored" method
 * (no compression): ODF requires the "mimetype" entry first and uncompressed,
 * and storing everything keeps the writer free of zlib. Its XML is written with
 * libxml2's xmlTextWriter, which escapes what it is given; characters that XML
 * 1.0 cannot carry at all are dropped first.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libxml/xmlwriter.h>
#include <string.h>

#include "dossier-json.h"
#include "dossier-draft-export.h"
#include "dossier-limits.h"
#include "dossier-store-private.h"

#define ODT_MIMETYPE "application/vnd.oasis.opendocument.text"

#define NS_OFFICE   "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_STYLE    "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
#define NS_TEXT     "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_FO       "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
#define NS_META     "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
#define NS_DC       "http://purl.org/dc/elements/1.1/"
#define NS_MANIFEST "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"

static const struct
{
  const char         *name;
  DossierDraftFormat  format;
} format_names[] = {
  { "md", DOSSIER_DRAFT_FORMAT_MARKDOWN },
  { "markdown", DOSSIER_DRAFT_FORMAT_MARKDOWN },
  { "html", DOSSIER_DRAFT_FORMAT_HTML },
  { "htm", DOSSIER_DRAFT_FORMAT_HTML },
  { "odt", DOSSIER_DRAFT_FORMAT_ODT },
  { "txt", DOSSIER_DRAFT_FORMAT_TEXT },
  { "text", DOSSIER_DRAFT_FORMAT_TEXT },
  { "json", DOSSIER_DRAFT_FORMAT_JSON },
};

/* A print-friendly page: no colours that waste ink, headings kept with what
 * follows, quotes not split across pages. No ">" in it, so that the page is
 * well-formed XML too. */
static const char html_style[] =
  "body { font: 12pt/1.5 \"DejaVu Serif\", Georgia, serif; color: #111;"
  " max-width: 42em; margin: 2em auto; padding: 0 1em; }\n"
  "h1 { font-size: 1.8em; margin-bottom: 0.5em; }\n"
  "h2 { font-size: 1.3em; margin-top: 1.6em; }\n"
  "figure.excerpt { margin: 1em 0; }\n"
  "blockquote { margin: 0; padding: 0 0 0 1em; border-inline-start: 3px solid #888; }\n"
  "blockquote p { margin: 0.3em 0; }\n"
  "figcaption.note { margin: 0.3em 0 0 1.3em; font-style: italic; }\n"
  "sup.footnote-ref a { text-decoration: none; }\n"
  "section.footnotes { margin-top: 2.5em; border-top: 1px solid #888; font-size: 0.9em; }\n"
  "@page { margin: 2cm; }\n"
  "@media print {\n"
  "  body { max-width: none; margin: 0; padding: 0; font-size: 11pt; }\n"
  "  a { color: inherit; text-decoration: none; }\n"
  "  h1, h2 { break-after: avoid; page-break-after: avoid; }\n"
  "  figure.excerpt { break-inside: avoid; page-break-inside: avoid; }\n"
  "  a.footnote-back { display: none; }\n"
  "}\n";

/* Helpers */

gboolean
dossier_draft_format_from_string (const char         *name,
                                  DossierDraftFormat *format)
{
  if (name == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (format_names); i++)
    {
      if (g_ascii_strcasecmp (name, format_names[i].name) == 0)
        {
          if (format != NULL)
            *format = format_names[i].format;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
dossier_draft_format_get_extension (DossierDraftFormat format)
{
  switch (format)
    {
    case DOSSIER_DRAFT_FORMAT_MARKDOWN:
      return "md";
    case DOSSIER_DRAFT_FORMAT_HTML:
      return "html";
    case DOSSIER_DRAFT_FORMAT_ODT:
      return "odt";
    case DOSSIER_DRAFT_FORMAT_TEXT:
      return "txt";
    case DOSSIER_DRAFT_FORMAT_JSON:
    default:
      return "json";
    }
}

const char *
dossier_draft_format_get_content_type (DossierDraftFormat format)
{
  switch (format)
    {
    case DOSSIER_DRAFT_FORMAT_MARKDOWN:
      return "text/markdown";
    case DOSSIER_DRAFT_FORMAT_HTML:
      return "text/html";
    case DOSSIER_DRAFT_FORMAT_ODT:
      return ODT_MIMETYPE;
    case DOSSIER_DRAFT_FORMAT_TEXT:
      return "text/plain";
    case DOSSIER_DRAFT_FORMAT_JSON:
    default:
      return "application/json";
    }
}

/* The user's language as a BCP 47 tag: "fr_FR.UTF-8" → "fr-FR", "C" → "en". */
static char *
default_language (void)
{
  const char *const *names = g_get_language_names ();
  g_autofree char *tag = NULL;
  char *cut;

  if (names[0] == NULL)
    return g_strdup ("en");

  /* "C.UTF-8", the usual locale of containers and build machines, is "C" too. */
  tag = g_strdup (names[0]);
  if ((cut = strpbrk (tag, ".@")) != NULL)
    *cut = '\0';
  if (*tag == '\0' || g_str_equal (tag, "C") || g_str_equal (tag, "POSIX"))
    return g_strdup ("en");
  g_strdelimit (tag, "_", '-');
  return g_steal_pointer (&tag);
}

static gboolean
language_is_rtl (const char *language)
{
  static const char *const rtl[] = { "ar", "he", "fa", "ur", "yi", "ps", "sd", "ug", "dv" };

  for (guint i = 0; i < G_N_ELEMENTS (rtl); i++)
    {
      gsize len = strlen (rtl[i]);

      if (g_ascii_strncasecmp (language, rtl[i], len) == 0 &&
          (language[len] == '\0' || language[len] == '-' || language[len] == '_'))
        return TRUE;
    }
  return FALSE;
}

/* Whether XML 1.0 can carry @c at all. */
static gboolean
is_xml_char (gunichar c)
{
  return c == 0x9 || c == 0xA || c == 0xD ||
         (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) ||
         (c >= 0x10000 && c <= 0x10FFFF);
}

/* @text without the characters XML cannot carry, and with Windows line ends made
 * Unix ones. */
static char *
xml_clean (const char *text)
{
  GString *out = g_string_sized_new (text != NULL ? strlen (text) : 0);

  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\r')
        continue;
      if (is_xml_char (c))
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static void
append_xml_escaped (GString    *out,
                    const char *text)
{
  g_autofree char *clean = xml_clean (text);

  for (const char *p = clean; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '&':
          g_string_append (out, "&amp;");
          break;
        case '<':
          g_string_append (out, "&lt;");
          break;
        case '>':
          g_string_append (out, "&gt;");
          break;
        case '"':
          g_string_append (out, "&quot;");
          break;
        case '\'':
          g_string_append (out, "&#39;");
          break;
        default:
          g_string_append_c (out, *p);
        }
    }
}

/* The paragraphs of a text: runs of lines between blank lines, each with its
 * inner line breaks kept and its ends trimmed. */
static GPtrArray *
split_paragraphs (const char *text)
{
  g_autoptr(GPtrArray) paragraphs = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) current = g_string_new (NULL);

  if (text == NULL)
    return g_steal_pointer (&paragraphs);

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = g_strstrip (g_strdup (lines[i]));

      if (*line == '\0')
        {
          if (current->len > 0)
            g_ptr_array_add (paragraphs, g_strdup (current->str));
          g_string_truncate (current, 0);
          continue;
        }
      if (current->len > 0)
        g_string_append_c (current, '\n');
      g_string_append (current, line);
    }
  if (current->len > 0)
    g_ptr_array_add (paragraphs, g_strdup (current->str));
  return g_steal_pointer (&paragraphs);
}

/* Calls @func for every excerpt in the order they appear. */
typedef void (*ExcerptFunc) (const DossierExcerpt *excerpt,
                             guint                 number,
                             gpointer              user_data);

static void
foreach_excerpt (const DossierDraft *draft,
                 ExcerptFunc         func,
                 gpointer            user_data)
{
  guint number = 0;

  for (guint i = 0; i < draft->sections->len; i++)
    {
      const DossierDraftSection *section = g_ptr_array_index (draft->sections, i);

      for (guint j = 0; j < section->excerpts->len; j++)
        func (g_ptr_array_index (section->excerpts, j), ++number, user_data);
    }
}

static void
append_note_cb (const DossierExcerpt *excerpt,
                guint                 number,
                gpointer              user_data)
{
  GPtrArray *citations = user_data;

  g_ptr_array_add (citations, (gpointer) excerpt->citation);
}

/* The excerpts' citations in order: footnote N is the (N-1)th. */
static GPtrArray *
collect_citations (const DossierDraft *draft)
{
  GPtrArray *citations = g_ptr_array_new ();

  foreach_excerpt (draft, append_note_cb, citations);
  return citations;
}

char *
dossier_draft_dup_citation_list (const DossierDraft *draft)
{
  g_autoptr(GPtrArray) citations = NULL;
  g_autoptr(GHashTable) seen = NULL;
  GString *out;

  g_return_val_if_fail (draft != NULL, NULL);

  citations = collect_citations (draft);
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  out = g_string_new (NULL);
  for (guint i = 0; i < citations->len; i++)
    {
      const char *citation = g_ptr_array_index (citations, i);

      if (citation == NULL || !g_hash_table_add (seen, (gpointer) citation))
        continue;
      g_string_append (out, citation);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

/* Markdown */

/* Writes @text so that Markdown shows it as typed: the characters that would
 * start emphasis, links, code or HTML are escaped, and so is whatever would make
 * a line a heading, a list item or a quote. */
static void
append_markdown_text (GString    *out,
                      const char *text,
                      const char *line_prefix)
{
  gboolean line_start = TRUE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\r')
        continue;
      if (*p == '\n')
        {
          /* A hard line break: a backslash at the end of the line. */
          g_string_append (out, "\\\n");
          g_string_append (out, line_prefix);
          line_start = TRUE;
          continue;
        }

      if (line_start)
        {
          const char *q = p;

          while (g_ascii_isdigit (*q))
            q++;
          if (*p == '#' || *p == '>' || *p == '+' || *p == '-' || *p == '=' ||
              (q > p && (*q == '.' || *q == ')')))
            {
              g_string_append_len (out, p, q - p);
              if (q > p)
                p = q;
              g_string_append_c (out, '\\');
              g_string_append_c (out, *p);
              line_start = FALSE;
              continue;
            }
        }
      line_start = FALSE;

      if (strchr ("\\`*_[]<>|~", *p) != NULL)
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
}

static GBytes *
export_markdown (const DossierDraft *draft)
{
  g_autoptr(GPtrArray) citations = collect_citations (draft);
  GString *out = g_string_new (NULL);
  guint number = 0;
  gsize len;

  g_string_append (out, "# ");
  append_markdown_text (out, draft->title, "");
  g_string_append (out, "\n");

  for (guint i = 0; i < draft->sections->len; i++)
    {
      const DossierDraftSection *section = g_ptr_array_index (draft->sections, i);
      g_autoptr(GPtrArray) paragraphs = split_paragraphs (section->text);

      if (section->title != NULL && *section->title != '\0')
        {
          g_string_append (out, "\n## ");
          append_markdown_text (out, section->title, "");
          g_string_append (out, "\n");
        }

      for (guint j = 0; j < paragraphs->len; j++)
        {
          g_string_append_c (out, '\n');
          append_markdown_text (out, g_ptr_array_index (paragraphs, j), "");
          g_string_append_c (out, '\n');
        }

      for (guint j = 0; j < section->excerpts->len; j++)
        {
          const DossierExcerpt *excerpt = g_ptr_array_index (section->excerpts, j);
          g_autofree char *quote = g_strstrip (g_strdup (excerpt->quote));

          g_string_append (out, "\n> ");
          append_markdown_text (out, quote, "> ");
          g_string_append_printf (out, "[^%u]\n", ++number);
          if (excerpt->note != NULL)
            {
              g_autofree char *note = g_strdup_printf (_("Note: %s"), excerpt->note);

              g_string_append_c (out, '\n');
              append_markdown_text (out, note, "");
              g_string_append_c (out, '\n');
            }
        }
    }

  if (citations->len > 0)
    g_string_append_c (out, '\n');
  for (guint i = 0; i < citations->len; i++)
    {
      g_string_append_printf (out, "[^%u]: ", i + 1);
      append_markdown_text (out, g_ptr_array_index (citations, i), "    ");
      g_string_append_c (out, '\n');
    }

  len = out->len;
  return g_bytes_new_take (g_string_free (out, FALSE), len);
}

/* Plain text */

static void
append_underlined (GString    *out,
                   const char *text,
                   char        rule)
{
  glong width = g_utf8_strlen (text, -1);

  g_string_append (out, text);
  g_string_append_c (out, '\n');
  for (glong i = 0; i < width; i++)
    g_string_append_c (out, rule);
  g_string_append_c (out, '\n');
}

static void
append_indented (GString    *out,
                 const char *text,
                 const char *indent)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_string_append (out, indent);
      g_string_append (out, lines[i]);
      if (lines[i + 1] != NULL)
        g_string_append_c (out, '\n');
    }
}

static GBytes *
export_text (const DossierDraft *draft)
{
  g_autoptr(GPtrArray) citations = collect_citations (draft);
  GString *out = g_string_new (NULL);
  guint number = 0;
  gsize len;

  append_underlined (out, draft->title, '=');

  for (guint i = 0; i < draft->sections->len; i++)
    {
      const DossierDraftSection *section = g_ptr_array_index (draft->sections, i);
      g_autoptr(GPtrArray) paragraphs = split_paragraphs (section->text);

      if (section->title != NULL && *section->title != '\0')
        {
          g_string_append_c (out, '\n');
          append_underlined (out, section->title, '-');
        }
      for (guint j = 0; j < paragraphs->len; j++)
        g_string_append_printf (out, "\n%s\n", (char *) g_ptr_array_index (paragraphs, j));

      for (guint j = 0; j < section->excerpts->len; j++)
        {
          const DossierExcerpt *excerpt = g_ptr_array_index (section->excerpts, j);
          g_autofree char *quote = g_strstrip (g_strdup (excerpt->quote));
          g_autofree char *quoted = NULL;

          /* Translators: a quotation in the plain-text export; use your
           * language's quotation marks. */
          quoted = g_strdup_printf (_("“%s”"), quote);
          g_string_append_c (out, '\n');
          append_indented (out, quoted, "    ");
          g_string_append_printf (out, " [%u]\n", ++number);
          if (excerpt->note != NULL)
            {
              g_autofree char *note = g_strdup_printf (_("Note: %s"), excerpt->note);

              append_indented (out, note, "    ");
              g_string_append_c (out, '\n');
            }
        }
    }

  if (citations->len > 0)
    {
      g_string_append_c (out, '\n');
      /* Translators: the heading of the list of citations in exports. */
      append_underlined (out, _("Sources"), '-');
      g_string_append_c (out, '\n');
    }
  for (guint i = 0; i < citations->len; i++)
    g_string_append_printf (out, "[%u] %s\n", i + 1, (char *) g_ptr_array_index (citations, i));

  len = out->len;
  return g_bytes_new_take (g_string_free (out, FALSE), len);
}

/* HTML */

static void
append_html_lines (GString    *out,
                   const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (out, "<br />\n");
      append_xml_escaped (out, lines[i]);
    }
}

static GBytes *
export_html (const DossierDraft *draft,
             const char         *language)
{
  g_autoptr(GPtrArray) citations = collect_citations (draft);
  GString *out = g_string_new (NULL);
  guint number = 0;
  gsize len;

  /* Polyglot markup: an HTML5 page that is also well-formed XML. */
  g_string_append (out, "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"");
  append_xml_escaped (out, language);
  g_string_append (out, "\" xml:lang=\"");
  append_xml_escaped (out, language);
  g_string_append_printf (out, "\" dir=\"%s\">\n<head>\n<meta charset=\"utf-8\" />\n",
                          language_is_rtl (language) ? "rtl" : "ltr");
  g_string_append (out, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n");
  g_string_append (out, "<meta name=\"generator\" content=\"Dossier " PACKAGE_VERSION "\" />\n");
  g_string_append (out, "<title>");
  append_xml_escaped (out, draft->title);
  g_string_append (out, "</title>\n<style>\n");
  g_string_append (out, html_style);
  g_string_append (out, "</style>\n</head>\n<body>\n<article>\n<h1>");
  append_xml_escaped (out, draft->title);
  g_string_append (out, "</h1>\n");

  for (guint i = 0; i < draft->sections->len; i++)
    {
      const DossierDraftSection *section = g_ptr_array_index (draft->sections, i);
      g_autoptr(GPtrArray) paragraphs = split_paragraphs (section->text);

      g_string_append (out, "<section>\n");
      if (section->title != NULL && *section->title != '\0')
        {
          g_string_append (out, "<h2>");
          append_xml_escaped (out, section->title);
          g_string_append (out, "</h2>\n");
        }
      for (guint j = 0; j < paragraphs->len; j++)
        {
          g_string_append (out, "<p>");
          append_html_lines (out, g_ptr_array_index (paragraphs, j));
          g_string_append (out, "</p>\n");
        }

      for (guint j = 0; j < section->excerpts->len; j++)
        {
          const DossierExcerpt *excerpt = g_ptr_array_index (section->excerpts, j);
          g_autoptr(GPtrArray) quote = split_paragraphs (excerpt->quote);

          number++;
          g_string_append (out, "<figure class=\"excerpt\">\n<blockquote");
          /* The quote is in its document's language, which may not be the page's. */
          if (excerpt->document_language != NULL &&
              g_ascii_strcasecmp (excerpt->document_language, language) != 0)
            {
              g_string_append (out, " lang=\"");
              append_xml_escaped (out, excerpt->document_language);
              g_string_append (out, "\" xml:lang=\"");
              append_xml_escaped (out, excerpt->document_language);
              g_string_append (out, "\"");
            }
          g_string_append (out, ">\n");
          for (guint k = 0; k < quote->len; k++)
            {
              g_string_append (out, "<p>");
              append_html_lines (out, g_ptr_array_index (quote, k));
              if (k + 1 == quote->len)
                g_string_append_printf (out,
                                        "<sup class=\"footnote-ref\"><a href=\"#fn%u\" id=\"fnref%u\">%u</a></sup>",
                                        number, number, number);
              g_string_append (out, "</p>\n");
            }
          g_string_append (out, "</blockquote>\n");
          if (excerpt->note != NULL)
            {
              g_autofree char *note = g_strdup_printf (_("Note: %s"), excerpt->note);

              g_string_append (out, "<figcaption class=\"note\">");
              append_html_lines (out, note);
              g_string_append (out, "</figcaption>\n");
            }
          g_string_append (out, "</figure>\n");
        }
      g_string_append (out, "</section>\n");
    }

  if (citations->len > 0)
    {
      g_string_append (out, "<section class=\"footnotes\" role=\"doc-endnotes\">\n<h2>");
      append_xml_escaped (out, _("Sources"));
      g_string_append (out, "</h2>\n<ol>\n");
      for (guint i = 0; i < citations->len; i++)
        {
          g_string_append_printf (out, "<li id=\"fn%u\">", i + 1);
          append_xml_escaped (out, g_ptr_array_index (citations, i));
          g_string_append_printf (out, " <a class=\"footnote-back\" href=\"#fnref%u\" title=\"", i + 1);
          /* Translators: the tooltip of the link from a footnote back to the text. */
          append_xml_escaped (out, _("Back to the text"));
          g_string_append (out, "\">↩</a></li>\n");
        }
      g_string_append (out, "</ol>\n</section>\n");
    }

  g_string_append (out, "</article>\n</body>\n</html>\n");

  len = out->len;
  return g_bytes_new_take (g_string_free (out, FALSE), len);
}

/* JSON */

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_number_member (JsonBuilder *builder,
                   const char  *name,
                   gint64       value)
{
  json_builder_set_member_name (builder, name);
  if (value >= 0)
    json_builder_add_int_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static GBytes *
export_json (const DossierDraft *draft,
             const char         *language)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  char *text;
  gsize len;

  json_builder_begin_object (builder);
  add_string_member (builder, "format", DOSSIER_DRAFT_JSON_FORMAT);
  add_number_member (builder, "version", DOSSIER_DRAFT_JSON_VERSION);
  add_string_member (builder, "title", draft->title);
  add_string_member (builder, "template", draft->template_name);
  add_string_member (builder, "language", language);
  add_string_member (builder, "created_at", draft->created_at);
  add_string_member (builder, "modified_at", draft->modified_at);
  json_builder_set_member_name (builder, "sections");
  json_builder_begin_array (builder);
  for (guint i = 0; i < draft->sections->len; i++)
    {
      const DossierDraftSection *section = g_ptr_array_index (draft->sections, i);

      json_builder_begin_object (builder);
      add_string_member (builder, "title", section->title);
      add_string_member (builder, "text", section->text);
      json_builder_set_member_name (builder, "excerpts");
      json_builder_begin_array (builder);
      for (guint j = 0; j < section->excerpts->len; j++)
        {
          const DossierExcerpt *excerpt = g_ptr_array_index (section->excerpts, j);

          json_builder_begin_object (builder);
          add_string_member (builder, "quote", excerpt->quote);
          add_string_member (builder, "citation", excerpt->citation);
          add_string_member (builder, "note", excerpt->note);
          add_number_member (builder, "quote_start", excerpt->quote_start);
          add_number_member (builder, "quote_end", excerpt->quote_end);
          add_string_member (builder, "created_at", excerpt->created_at);
          json_builder_set_member_name (builder, "source_changed");
          json_builder_add_boolean_value (builder, excerpt->source_changed);
          json_builder_set_member_name (builder, "source");
          json_builder_begin_object (builder);
          add_string_member (builder, "document_symbol", excerpt->document_symbol);
          add_string_member (builder, "document_title", excerpt->document_title);
          add_string_member (builder, "document_file", excerpt->document_source);
          add_string_member (builder, "document_language", excerpt->document_language);
          add_string_member (builder, "block_label", excerpt->block_label);
          add_number_member (builder, "block_seq", excerpt->block_seq);
          add_string_member (builder, "block_hash", excerpt->block_hash);
          json_builder_end_object (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, &len);
  /* Files end with a newline, like every text file Dossier writes. */
  text = g_realloc (text, len + 2);
  text[len++] = '\n';
  text[len] = '\0';
  return g_bytes_new_take (text, len);
}

/* OpenDocument Text: XML parts */

static xmlTextWriterPtr
xml_writer_new (xmlBufferPtr *buffer)
{
  xmlTextWriterPtr writer;

  *buffer = xmlBufferCreate ();
  writer = xmlNewTextWriterMemory (*buffer, 0);
  xmlTextWriterStartDocument (writer, "1.0", "UTF-8", NULL);
  return writer;
}

/* Ends the document and hands its text over; frees the writer and buffer. */
static GBytes *
xml_writer_finish (xmlTextWriterPtr writer,
                   xmlBufferPtr     buffer)
{
  GBytes *bytes;

  xmlTextWriterEndDocument (writer);
  xmlFreeTextWriter (writer);
  bytes = g_bytes_new (xmlBufferContent (buffer), xmlBufferLength (buffer));
  xmlBufferFree (buffer);
  return bytes;
}

#define X(s) ((const xmlChar *) (s))

static void
start (xmlTextWriterPtr  writer,
       const char       *name)
{
  xmlTextWriterStartElement (writer, X (name));
}

static void
end (xmlTextWriterPtr writer)
{
  xmlTextWriterEndElement (writer);
}

static void
attr (xmlTextWriterPtr  writer,
      const char       *name,
      const char       *value)
{
  g_autofree char *clean = xml_clean (value);

  xmlTextWriterWriteAttribute (writer, X (name), X (clean));
}

static void
text (xmlTextWriterPtr  writer,
      const char       *value)
{
  g_autofree char *clean = xml_clean (value);

  xmlTextWriterWriteString (writer, X (clean));
}

/* Writes text into a text:p or text:h: ODF folds runs of spaces, so they become
 * text:s, tabs text:tab and line ends text:line-break. */
static void
odt_flush (xmlTextWriterPtr  writer,
           GString          *run)
{
  if (run->len > 0)
    xmlTextWriterWriteString (writer, (const xmlChar *) run->str);
  g_string_truncate (run, 0);
}

/* Writes text into a text:p or text:h. ODF folds white space like HTML does, so
 * a single space between words is written as it is, any other run of spaces
 * (and a space at either end) as text:s, tabs as text:tab and line ends as
 * text:line-break. */
static void
odt_text (xmlTextWriterPtr  writer,
          const char       *value)
{
  g_autofree char *clean = xml_clean (value);
  g_autoptr(GString) run = g_string_new (NULL);
  const char *p = clean;

  while (*p != '\0')
    {
      if (*p == ' ')
        {
          guint n = 0;

          while (p[n] == ' ')
            n++;
          if (n == 1 && p != clean && p[1] != '\0' && p[1] != '\n' && p[-1] != '\n')
            {
              g_string_append_c (run, ' ');
              p++;
              continue;
            }
          odt_flush (writer, run);
          start (writer, "text:s");
          if (n > 1)
            {
              g_autofree char *count = g_strdup_printf ("%u", n);

              attr (writer, "text:c", count);
            }
          end (writer);
          p += n;
        }
      else if (*p == '\t' || *p == '\n')
        {
          odt_flush (writer, run);
          start (writer, *p == '\t' ? "text:tab" : "text:line-break");
          end (writer);
          p++;
        }
      else
        {
          g_string_append_c (run, *p);
          p++;
        }
    }
  odt_flush (writer, run);
}

static void
odt_paragraph (xmlTextWriterPtr  writer,
               const char       *style,
               const char       *value)
{
  start (writer, "text:p");
  attr (writer, "text:style-name", style);
  odt_text (writer, value);
  end (writer);
}

static GBytes *
odt_content (const DossierDraft *draft,
             const char         *language)
{
  xmlBufferPtr buffer;
  xmlTextWriterPtr writer = xml_writer_new (&buffer);
  guint number = 0;

  start (writer, "office:document-content");
  attr (writer, "xmlns:office", NS_OFFICE);
  attr (writer, "xmlns:style", NS_STYLE);
  attr (writer, "xmlns:text", NS_TEXT);
  attr (writer, "xmlns:fo", NS_FO);
  attr (writer, "office:version", "1.2");
  start (writer, "office:body");
  start (writer, "office:text");

  start (writer, "text:h");
  attr (writer, "text:style-name", "Title");
  attr (writer, "text:outline-level", "1");
  odt_text (writer, draft->title);
  end (writer);

  for (guint i = 0; i < draft->sections->len; i++)
    {
      const DossierDraftSection *section = g_ptr_array_index (draft->sections, i);
      g_autoptr(GPtrArray) paragraphs = split_paragraphs (section->text);

      if (section->title != NULL && *section->title != '\0')
        {
          start (writer, "text:h");
          attr (writer, "text:style-name", "Heading_20_2");
          attr (writer, "text:outline-level", "2");
          odt_text (writer, section->title);
          end (writer);
        }
      for (guint j = 0; j < paragraphs->len; j++)
        odt_paragraph (writer, "Text_20_body", g_ptr_array_index (paragraphs, j));

      for (guint j = 0; j < section->excerpts->len; j++)
        {
          const DossierExcerpt *excerpt = g_ptr_array_index (section->excerpts, j);
          g_autoptr(GPtrArray) quote = split_paragraphs (excerpt->quote);
          g_autofree char *id = NULL;
          g_autofree char *label = NULL;

          number++;
          id = g_strdup_printf ("ftn%u", number);
          label = g_strdup_printf ("%u", number);
          for (guint k = 0; k < quote->len; k++)
            {
              start (writer, "text:p");
              attr (writer, "text:style-name", "Quotations");
              odt_text (writer, g_ptr_array_index (quote, k));
              if (k + 1 == quote->len)
                {
                  /* The citation is a real footnote, numbered by the word processor. */
                  start (writer, "text:note");
                  attr (writer, "text:id", id);
                  attr (writer, "text:note-class", "footnote");
                  start (writer, "text:note-citation");
                  text (writer, label);
                  end (writer);
                  start (writer, "text:note-body");
                  odt_paragraph (writer, "Footnote", excerpt->citation);
                  end (writer);
                  end (writer);
                }
              end (writer);
            }
          if (excerpt->note != NULL)
            {
              g_autofree char *note = g_strdup_printf (_("Note: %s"), excerpt->note);

              odt_paragraph (writer, "Excerpt_20_note", note);
            }
        }
    }

  end (writer);  /* office:text */
  end (writer);  /* office:body */
  end (writer);  /* office:document-content */
  return xml_writer_finish (writer, buffer);
}

static void
odt_style (xmlTextWriterPtr  writer,
           const char       *name,
           const char       *display_name,
           const char       *family,
           const char       *parent,
           const char       *next,
           const char *const *paragraph_props,
           const char *const *text_props)
{
  start (writer, "style:style");
  attr (writer, "style:name", name);
  if (display_name != NULL)
    attr (writer, "style:display-name", display_name);
  attr (writer, "style:family", family);
  if (parent != NULL)
    attr (writer, "style:parent-style-name", parent);
  if (next != NULL)
    attr (writer, "style:next-style-name", next);
  if (g_str_equal (name, "Heading"))
    attr (writer, "style:class", "text");
  if (paragraph_props != NULL)
    {
      start (writer, "style:paragraph-properties");
      for (guint i = 0; paragraph_props[i] != NULL; i += 2)
        attr (writer, paragraph_props[i], paragraph_props[i + 1]);
      end (writer);
    }
  if (text_props != NULL)
    {
      start (writer, "style:text-properties");
      for (guint i = 0; text_props[i] != NULL; i += 2)
        attr (writer, text_props[i], text_props[i + 1]);
      end (writer);
    }
  end (writer);
}

static GBytes *
odt_styles (const char *language)
{
  static const char *const body_para[] = { "fo:margin-top", "0cm", "fo:margin-bottom", "0.25cm",
                                           "fo:line-height", "130%", NULL };
  static const char *const heading_para[] = { "fo:margin-top", "0.5cm", "fo:margin-bottom", "0.2cm",
                                              "fo:keep-with-next", "always", NULL };
  static const char *const title_text[] = { "fo:font-size", "20pt", "fo:font-weight", "bold", NULL };
  static const char *const heading2_text[] = { "fo:font-size", "14pt", "fo:font-weight", "bold", NULL };
  static const char *const quote_para[] = { "fo:margin-left", "1cm", "fo:margin-right", "1cm",
                                            "fo:margin-top", "0.1cm", "fo:margin-bottom", "0.1cm",
                                            "fo:keep-together", "always", NULL };
  static const char *const note_para[] = { "fo:margin-left", "1cm", "fo:margin-bottom", "0.3cm", NULL };
  static const char *const note_text[] = { "fo:font-style", "italic", NULL };
  static const char *const footnote_para[] = { "fo:margin-left", "0.6cm", "fo:text-indent", "-0.6cm", NULL };
  static const char *const footnote_text[] = { "fo:font-size", "10pt", NULL };
  g_auto(GStrv) tag = g_strsplit (language, "-", 2);
  xmlBufferPtr buffer;
  xmlTextWriterPtr writer = xml_writer_new (&buffer);

  start (writer, "office:document-styles");
  attr (writer, "xmlns:office", NS_OFFICE);
  attr (writer, "xmlns:style", NS_STYLE);
  attr (writer, "xmlns:text", NS_TEXT);
  attr (writer, "xmlns:fo", NS_FO);
  attr (writer, "office:version", "1.2");

  start (writer, "office:styles");

  start (writer, "style:default-style");
  attr (writer, "style:family", "paragraph");
  start (writer, "style:paragraph-properties");
  attr (writer, "style:writing-mode", language_is_rtl (language) ? "rl-tb" : "lr-tb");
  end (writer);
  start (writer, "style:text-properties");
  attr (writer, "style:font-name", "DejaVu Serif");
  attr (writer, "fo:font-family", "'DejaVu Serif'");
  attr (writer, "fo:font-size", "11pt");
  attr (writer, "fo:language", tag[0]);
  attr (writer, "fo:country", tag[0] != NULL && tag[1] != NULL ? tag[1] : "none");
  end (writer);
  end (writer);

  odt_style (writer, "Standard", NULL, "paragraph", NULL, NULL, NULL, NULL);
  odt_style (writer, "Text_20_body", "Text body", "paragraph", "Standard", NULL, body_para, NULL);
  odt_style (writer, "Heading", NULL, "paragraph", "Standard", "Text_20_body", heading_para, NULL);
  odt_style (writer, "Title", NULL, "paragraph", "Heading", "Text_20_body", NULL, title_text);
  odt_style (writer, "Heading_20_2", "Heading 2", "paragraph", "Heading", "Text_20_body",
             NULL, heading2_text);
  odt_style (writer, "Quotations", NULL, "paragraph", "Standard", "Text_20_body", quote_para, NULL);
  odt_style (writer, "Excerpt_20_note", "Excerpt note", "paragraph", "Standard", "Text_20_body",
             note_para, note_text);
  odt_style (writer, "Footnote", NULL, "paragraph", "Standard", NULL, footnote_para, footnote_text);

  start (writer, "text:notes-configuration");
  attr (writer, "text:note-class", "footnote");
  attr (writer, "style:num-format", "1");
  attr (writer, "text:start-value", "0");
  attr (writer, "text:footnotes-position", "page");
  attr (writer, "text:start-numbering-at", "document");
  end (writer);

  end (writer);  /* office:styles */

  start (writer, "office:automatic-styles");
  start (writer, "style:page-layout");
  attr (writer, "style:name", "pm1");
  start (writer, "style:page-layout-properties");
  attr (writer, "fo:page-width", "21cm");
  attr (writer, "fo:page-height", "29.7cm");
  attr (writer, "fo:margin-top", "2cm");
  attr (writer, "fo:margin-bottom", "2cm");
  attr (writer, "fo:margin-left", "2.5cm");
  attr (writer, "fo:margin-right", "2.5cm");
  end (writer);
  start (writer, "style:footnote-sep");
  attr (writer, "style:width", "0.018cm");
  attr (writer, "style:rel-width", "25%");
  attr (writer, "style:color", "#000000");
  attr (writer, "style:adjustment", "left");
  attr (writer, "style:distance-before-sep", "0.1cm");
  attr (writer, "style:distance-after-sep", "0.1cm");
  end (writer);
  end (writer);  /* style:page-layout */
  end (writer);  /* office:automatic-styles */

  start (writer, "office:master-styles");
  start (writer, "style:master-page");
  attr (writer, "style:name", "Standard");
  attr (writer, "style:page-layout-name", "pm1");
  end (writer);
  end (writer);

  end (writer);  /* office:document-styles */
  return xml_writer_finish (writer, buffer);
}

static GBytes *
odt_meta (const DossierDraft *draft,
          const char         *language)
{
  xmlBufferPtr buffer;
  xmlTextWriterPtr writer = xml_writer_new (&buffer);

  start (writer, "office:document-meta");
  attr (writer, "xmlns:office", NS_OFFICE);
  attr (writer, "xmlns:meta", NS_META);
  attr (writer, "xmlns:dc", NS_DC);
  attr (writer, "office:version", "1.2");
  start (writer, "office:meta");
  start (writer, "meta:generator");
  text (writer, "Dossier/" PACKAGE_VERSION);
  end (writer);
  start (writer, "dc:title");
  text (writer, draft->title);
  end (writer);
  start (writer, "dc:language");
  text (writer, language);
  end (writer);
  if (draft->created_at != NULL)
    {
      start (writer, "meta:creation-date");
      text (writer, draft->created_at);
      end (writer);
    }
  if (draft->modified_at != NULL)
    {
      start (writer, "dc:date");
      text (writer, draft->modified_at);
      end (writer);
    }
  end (writer);
  end (writer);
  return xml_writer_finish (writer, buffer);
}

static GBytes *
odt_manifest (void)
{
  static const char *const parts[] = { "content.xml", "styles.xml", "meta.xml" };
  xmlBufferPtr buffer;
  xmlTextWriterPtr writer = xml_writer_new (&buffer);

  start (writer, "manifest:manifest");
  attr (writer, "xmlns:manifest", NS_MANIFEST);
  attr (writer, "manifest:version", "1.2");
  start (writer, "manifest:file-entry");
  attr (writer, "manifest:full-path", "/");
  attr (writer, "manifest:version", "1.2");
  attr (writer, "manifest:media-type", ODT_MIMETYPE);
  end (writer);
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      start (writer, "manifest:file-entry");
      attr (writer, "manifest:full-path", parts[i]);
      attr (writer, "manifest:media-type", "text/xml");
      end (writer);
    }
  end (writer);
  return xml_writer_finish (writer, buffer);
}

#undef X

/* OpenDocument Text: the zip archive */

static guint32 crc_table[256];

static gpointer
init_crc_table (gpointer data)
{
  for (guint32 n = 0; n < 256; n++)
    {
      guint32 c = n;

      for (int k = 0; k < 8; k++)
        c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      crc_table[n] = c;
    }
  return NULL;
}

/* CRC-32 as zip uses it (ISO 3309, reflected, polynomial 0xEDB88320). */
static guint32
crc32_of (const guint8 *data,
          gsize         len)
{
  static GOnce once = G_ONCE_INIT;
  guint32 c = 0xFFFFFFFFu;

  g_once (&once, init_crc_table, NULL);
  for (gsize i = 0; i < len; i++)
    c = crc_table[(c ^ data[i]) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

static void
put16 (GByteArray *out,
       guint16     value)
{
  guint8 b[2] = { value & 0xFF, value >> 8 };

  g_byte_array_append (out, b, 2);
}

static void
put32 (GByteArray *out,
       guint32     value)
{
  guint8 b[4] = { value & 0xFF, (value >> 8) & 0xFF, (value >> 16) & 0xFF, value >> 24 };

  g_byte_array_append (out, b, 4);
}

typedef struct
{
  const char *name;
  GBytes     *data;
  guint32     crc;
  guint32     offset;
} ZipEntry;

/* MS-DOS date and time of an ISO 8601 UTC stamp (1980 when there is none). */
static void
dos_time (const char *iso,
          guint16    *time,
          guint16    *date)
{
  g_autoptr(GDateTime) when = iso != NULL ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;

  if (when == NULL || g_date_time_get_year (when) < 1980 || g_date_time_get_year (when) > 2107)
    {
      *time = 0;
      *date = (0 << 9) | (1 << 5) | 1;
      return;
    }
  *time = (g_date_time_get_hour (when) << 11) | (g_date_time_get_minute (when) << 5) |
          (g_date_time_get_second (when) / 2);
  *date = ((g_date_time_get_year (when) - 1980) << 9) | (g_date_time_get_month (when) << 5) |
          g_date_time_get_day_of_month (when);
}

/* A zip archive of @entries, all stored, in order; the stamp makes the output the
 * same for the same draft. */
static GBytes *
zip_stored (ZipEntry   *entries,
            guint       n_entries,
            const char *stamp)
{
  GByteArray *out = g_byte_array_new ();
  guint32 central_start, central_size;
  guint16 time, date;

  dos_time (stamp, &time, &date);

  for (guint i = 0; i < n_entries; i++)
    {
      ZipEntry *entry = &entries[i];
      gsize size;
      const guint8 *data = g_bytes_get_data (entry->data, &size);

      entry->crc = crc32_of (data, size);
      entry->offset = out->len;
      put32 (out, 0x04034b50);               /* local file header */
      put16 (out, 10);                       /* version needed: 1.0, stored */
      put16 (out, 0);                        /* flags */
      put16 (out, 0);                        /* method: stored */
      put16 (out, time);
      put16 (out, date);
      put32 (out, entry->crc);
      put32 (out, (guint32) size);           /* compressed size */
      put32 (out, (guint32) size);           /* uncompressed size */
      put16 (out, (guint16) strlen (entry->name));
      put16 (out, 0);                        /* no extra field */
      g_byte_array_append (out, (const guint8 *) entry->name, strlen (entry->name));
      g_byte_array_append (out, data, size);
    }

  central_start = out->len;
  for (guint i = 0; i < n_entries; i++)
    {
      ZipEntry *entry = &entries[i];
      gsize size = g_bytes_get_size (entry->data);

      put32 (out, 0x02014b50);               /* central directory header */
      put16 (out, (3 << 8) | 20);            /* made by: Unix, 2.0 */
      put16 (out, 10);
      put16 (out, 0);
      put16 (out, 0);
      put16 (out, time);
      put16 (out, date);
      put32 (out, entry->crc);
      put32 (out, (guint32) size);
      put32 (out, (guint32) size);
      put16 (out, (guint16) strlen (entry->name));
      put16 (out, 0);                        /* extra */
      put16 (out, 0);                        /* comment */
      put16 (out, 0);                        /* disk */
      put16 (out, 0);                        /* internal attributes */
      put32 (out, 0100644u << 16);           /* external: a regular file, rw-r--r-- */
      put32 (out, entry->offset);
      g_byte_array_append (out, (const guint8 *) entry->name, strlen (entry->name));
    }
  central_size = out->len - central_start;

  put32 (out, 0x06054b50);                   /* end of central directory */
  put16 (out, 0);
  put16 (out, 0);
  put16 (out, (guint16) n_entries);
  put16 (out, (guint16) n_entries);
  put32 (out, central_size);
  put32 (out, central_start);
  put16 (out, 0);

  return g_byte_array_free_to_bytes (out);
}

static GBytes *
export_odt (const DossierDraft *draft,
            const char         *language)
{
  g_autoptr(GBytes) mimetype = g_bytes_new_static (ODT_MIMETYPE, strlen (ODT_MIMETYPE));
  g_autoptr(GBytes) manifest = odt_manifest ();
  g_autoptr(GBytes) content = odt_content (draft, language);
  g_autoptr(GBytes) styles = odt_styles (language);
  g_autoptr(GBytes) meta = odt_meta (draft, language);
  /* "mimetype" must come first, stored, so that tools can recognise the file
   * from its first bytes. */
  ZipEntry entries[] = {
    { "mimetype", mimetype, 0, 0 },
    { "META-INF/manifest.xml", manifest, 0, 0 },
    { "content.xml", content, 0, 0 },
    { "styles.xml", styles, 0, 0 },
    { "meta.xml", meta, 0, 0 },
  };

  return zip_stored (entries, G_N_ELEMENTS (entries), draft->modified_at);
}

/* Public API */

GBytes *
dossier_draft_export (const DossierDraft *draft,
                      DossierDraftFormat  format,
                      const char         *language,
                      GError            **error)
{
  g_autofree char *default_tag = NULL;

  g_return_val_if_fail (draft != NULL, NULL);

  if (language == NULL || *language == '\0')
    language = default_tag = default_language ();

  switch (format)
    {
    case DOSSIER_DRAFT_FORMAT_MARKDOWN:
      return export_markdown (draft);
    case DOSSIER_DRAFT_FORMAT_HTML:
      return export_html (draft, language);
    case DOSSIER_DRAFT_FORMAT_ODT:
      return export_odt (draft, language);
    case DOSSIER_DRAFT_FORMAT_TEXT:
      return export_text (draft);
    case DOSSIER_DRAFT_FORMAT_JSON:
      return export_json (draft, language);
    default:
      g_set_error_literal (error, DOSSIER_DRAFT_ERROR, DOSSIER_DRAFT_ERROR_INVALID,
                           _("Drafts cannot be exported in this format."));
      return NULL;
    }
}

gboolean
dossier_draft_export_to_file (const DossierDraft *draft,
                              DossierDraftFormat  format,
                              const char         *language,
                              GFile              *file,
                              GCancellable       *cancellable,
                              GError            **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize size;
  const char *data;

  g_return_val_if_fail (draft != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (!(bytes = dossier_draft_export (draft, format, language, error)))
    return FALSE;

  data = g_bytes_get_data (bytes, &size);
  /* g_file_replace_contents writes a temporary file and renames it over the old
   * one, so an interrupted export never leaves half a file. */
  if (!g_file_replace_contents (file, data, size, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                NULL, cancellable, &local_error))
    {
      g_autofree char *name = g_file_get_parse_name (file);

      g_set_error (error, local_error->domain, local_error->code,
                   _("The draft could not be written to “%s”: %s"), name, local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* JSON import */

/* Refuses JSON nested deeper than DOSSIER_LIMIT_JSON_DEPTH before json-glib,
 * which recurses, sees it. */
static gboolean
json_depth_ok (const char *data,
               gsize       length)
{
  gboolean in_string = FALSE;
  int depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > DOSSIER_LIMIT_JSON_DEPTH)
            return FALSE;
        }
      else if (c == ']' || c == '}')
        depth--;
    }
  return TRUE;
}

static void
set_field_error (GError    **error,
                 const char *path,
                 const char *problem)
{
  g_set_error (error, DOSSIER_DRAFT_ERROR, DOSSIER_DRAFT_ERROR_BAD_FILE,
               /* Translators: the first %s is a field of a draft file such as
                * “sections[2].excerpts[0].quote”, the second says what is wrong
                * with it, one of “is missing”, “must be text”, … (translated too). */
               _("The draft file cannot be imported: “%s” %s."), path, problem);
}

typedef enum
{
  FIELD_OPTIONAL = 0,
  FIELD_REQUIRED = 1 << 0,
  FIELD_NOT_EMPTY = 1 << 1,
} FieldFlags;

/* A text member: NULL (and TRUE) when absent or null and not required. */
static gboolean
get_string (JsonObject  *object,
            const char  *prefix,
            const char  *name,
            FieldFlags   flags,
            const char **value,
            GError     **error)
{
  g_autofree char *path = *prefix != '\0' ? g_strdup_printf ("%s.%s", prefix, name) : g_strdup (name);
  JsonNode *node = json_object_get_member (object, name);

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (flags & FIELD_REQUIRED)
        {
          set_field_error (error, path, _("is missing"));
          return FALSE;
        }
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      set_field_error (error, path, _("must be text"));
      return FALSE;
    }
  *value = json_node_get_string (node);
  if (!g_utf8_validate (*value, -1, NULL))
    {
      set_field_error (error, path, _("is not valid UTF-8 text"));
      return FALSE;
    }
  if ((flags & FIELD_NOT_EMPTY) && **value == '\0')
    {
      set_field_error (error, path, _("must not be empty"));
      return FALSE;
    }
  return TRUE;
}

/* A whole number ≥ 0, or -1 when absent or null. */
static gboolean
get_number (JsonObject  *object,
            const char  *prefix,
            const char  *name,
            gint64       max,
            gint64      *value,
            GError     **error)
{
  g_autofree char *path = g_strdup_printf ("%s.%s", prefix, name);
  JsonNode *node = json_object_get_member (object, name);

  *value = -1;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < 0 || json_node_get_int (node) > max)
    {
      set_field_error (error, path, _("must be a whole number, zero or more"));
      return FALSE;
    }
  *value = json_node_get_int (node);
  return TRUE;
}

static JsonArray *
get_array (JsonObject  *object,
           const char  *prefix,
           const char  *name,
           GError     **error)
{
  g_autofree char *path = *prefix != '\0' ? g_strdup_printf ("%s.%s", prefix, name) : g_strdup (name);
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      set_field_error (error, path, _("is missing"));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      set_field_error (error, path, _("must be a list"));
      return NULL;
    }
  return json_node_get_array (node);
}

static JsonObject *
get_element_object (JsonArray  *array,
                    guint       index,
                    const char *path,
                    GError    **error)
{
  JsonNode *node = json_array_get_element (array, index);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      set_field_error (error, path, _("must be an object"));
      return NULL;
    }
  return json_node_get_object (node);
}

static gboolean
is_sha256 (const char *text)
{
  if (strlen (text) != 64)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p))
      return FALSE;
  return TRUE;
}

typedef struct
{
  const char *quote;
  const char *citation;
  const char *note;
  const char *created_at;
  gint64      quote_start;
  gint64      quote_end;
  const char *document_symbol;
  const char *document_title;
  const char *document_file;
  const char *block_label;
  gint64      block_seq;
  const char *block_hash;
} ImportedExcerpt;

static gboolean
read_excerpt (JsonObject      *object,
              const char      *path,
              ImportedExcerpt *excerpt,
              GError         **error)
{
  g_autofree char *source_path = g_strdup_printf ("%s.source", path);
  JsonNode *source_node;

  memset (excerpt, 0, sizeof *excerpt);
  excerpt->block_seq = -1;

  if (!get_string (object, path, "quote", FIELD_REQUIRED | FIELD_NOT_EMPTY, &excerpt->quote, error) ||
      !get_string (object, path, "citation", FIELD_REQUIRED | FIELD_NOT_EMPTY, &excerpt->citation, error) ||
      !get_string (object, path, "note", FIELD_OPTIONAL, &excerpt->note, error) ||
      !get_string (object, path, "created_at", FIELD_OPTIONAL, &excerpt->created_at, error) ||
      !get_number (object, path, "quote_start", G_MAXINT, &excerpt->quote_start, error) ||
      !get_number (object, path, "quote_end", G_MAXINT, &excerpt->quote_end, error))
    return FALSE;

  if ((excerpt->quote_start < 0) != (excerpt->quote_end < 0) ||
      (excerpt->quote_start >= 0 && excerpt->quote_end <= excerpt->quote_start))
    {
      g_autofree char *field = g_strdup_printf ("%s.quote_end", path);

      set_field_error (error, field, _("must come after “quote_start”, and both must be given or neither"));
      return FALSE;
    }

  source_node = json_object_get_member (object, "source");
  if (source_node != NULL && !JSON_NODE_HOLDS_NULL (source_node))
    {
      JsonObject *source;

      if (!JSON_NODE_HOLDS_OBJECT (source_node))
        {
          set_field_error (error, source_path, _("must be an object"));
          return FALSE;
        }
      source = json_node_get_object (source_node);
      if (!get_string (source, source_path, "document_symbol", FIELD_OPTIONAL, &excerpt->document_symbol, error) ||
          !get_string (source, source_path, "document_title", FIELD_OPTIONAL, &excerpt->document_title, error) ||
          !get_string (source, source_path, "document_file", FIELD_OPTIONAL, &excerpt->document_file, error) ||
          !get_string (source, source_path, "block_label", FIELD_OPTIONAL, &excerpt->block_label, error) ||
          !get_number (source, source_path, "block_seq", G_MAXINT, &excerpt->block_seq, error) ||
          !get_string (source, source_path, "block_hash", FIELD_OPTIONAL, &excerpt->block_hash, error))
        return FALSE;
      if (excerpt->block_hash != NULL && !is_sha256 (excerpt->block_hash))
        {
          g_autofree char *field = g_strdup_printf ("%s.block_hash", source_path);

          set_field_error (error, field, _("must be a SHA-256 checksum in hexadecimal"));
          return FALSE;
        }
    }
  return TRUE;
}

/* Finds the paragraph an imported excerpt quoted in this corpus: its document by
 * file name, then by symbol, then by title; the paragraph by label (the one
 * nearest its old place) or, unlabelled, by its place. */
static gboolean
locate_source (DossierStore          *store,
               const ImportedExcerpt *excerpt,
               gint64                *document_id,
               gint64                *block_id,
               GError               **error)
{
  static const char by_file[] = "SELECT id FROM document WHERE source_name = ?";
  static const char by_symbol[] =
    "SELECT id FROM document WHERE symbol = ? COLLATE NOCASE ORDER BY id LIMIT 1";
  static const char by_title[] =
    "SELECT id FROM document WHERE title = ? ORDER BY id LIMIT 1";
  static const char by_label[] =
    "SELECT id FROM block WHERE document_id = ?1 AND label = ?2"
    " ORDER BY abs(seq - ?3), seq LIMIT 1";
  static const char by_seq[] = "SELECT id FROM block WHERE document_id = ? AND seq = ?";
  const char *const document_queries[] = { by_file, by_symbol, by_title };
  const char *const document_refs[] = { excerpt->document_file, excerpt->document_symbol,
                                        excerpt->document_title };
  sqlite3_stmt *stmt;

  *document_id = 0;
  *block_id = 0;

  for (guint i = 0; i < G_N_ELEMENTS (document_queries) && *document_id == 0; i++)
    {
      if (document_refs[i] == NULL)
        continue;
      if (!(stmt = _dossier_store_prepare (store, document_queries[i], error)))
        return FALSE;
      _dossier_bind_text (stmt, 1, document_refs[i]);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        *document_id = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }
  if (*document_id == 0)
    return TRUE;

  if (excerpt->block_label != NULL)
    {
      if (!(stmt = _dossier_store_prepare (store, by_label, error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, *document_id);
      _dossier_bind_text (stmt, 2, excerpt->block_label);
      sqlite3_bind_int64 (stmt, 3, MAX (excerpt->block_seq, 0));
    }
  else if (excerpt->block_seq >= 0)
    {
      if (!(stmt = _dossier_store_prepare (store, by_seq, error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, *document_id);
      sqlite3_bind_int64 (stmt, 2, excerpt->block_seq);
    }
  else
    return TRUE;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    *block_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

static void
bind_id_or_null (sqlite3_stmt *stmt,
                 int           index,
                 gint64        value)
{
  if (value > 0)
    sqlite3_bind_int64 (stmt, index, value);
  else
    sqlite3_bind_null (stmt, index);
}

static void
bind_number_or_null (sqlite3_stmt *stmt,
                     int           index,
                     gint64        value)
{
  if (value >= 0)
    sqlite3_bind_int64 (stmt, index, value);
  else
    sqlite3_bind_null (stmt, index);
}

static gboolean
step (DossierStore *store,
      sqlite3_stmt *stmt,
      GError      **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      dossier_store_set_error (store, error, NULL);
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_excerpt (DossierStore          *store,
               gint64                 draft_id,
               gint64                 section_id,
               guint                  position,
               const ImportedExcerpt *excerpt,
               const char            *now,
               GError               **error)
{
  static const char sql[] =
    "INSERT INTO excerpt (draft_id, section_id, position, document_id, block_id, block_label,"
    " block_seq, block_hash, quote, quote_start, quote_end, citation, note, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  g_autofree char *note = NULL;
  gint64 document_id, block_id;
  sqlite3_stmt *stmt;

  if (!locate_source (store, excerpt, &document_id, &block_id, error))
    return FALSE;

  if (excerpt->note != NULL)
    {
      note = g_strstrip (g_strdup (excerpt->note));
      if (*note == '\0')
        g_clear_pointer (&note, g_free);
    }

  if (!(stmt = _dossier_store_prepare (store, sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, draft_id);
  sqlite3_bind_int64 (stmt, 2, section_id);
  sqlite3_bind_int (stmt, 3, (int) position);
  bind_id_or_null (stmt, 4, document_id);
  bind_id_or_null (stmt, 5, block_id);
  _dossier_bind_text (stmt, 6, excerpt->block_label);
  bind_number_or_null (stmt, 7, excerpt->block_seq);
  _dossier_bind_text (stmt, 8, excerpt->block_hash);
  _dossier_bind_text (stmt, 9, excerpt->quote);
  bind_number_or_null (stmt, 10, excerpt->quote_start);
  bind_number_or_null (stmt, 11, excerpt->quote_end);
  _dossier_bind_text (stmt, 12, excerpt->citation);
  _dossier_bind_text (stmt, 13, note);
  _dossier_bind_text (stmt, 14, excerpt->created_at != NULL ? excerpt->created_at : now);
  return step (store, stmt, error);
}

/* Checks the whole file first, so that a bad field refuses it before anything is
 * written. */
static gboolean
validate_draft (JsonNode    *root,
                GError     **error)
{
  JsonObject *object;
  JsonArray *sections;
  const char *format, *title, *template_name;
  gint64 version;
  gboolean known_template = FALSE;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, DOSSIER_DRAFT_ERROR, DOSSIER_DRAFT_ERROR_BAD_FILE,
                           _("This is not a Dossier draft file: it does not hold a JSON object."));
      return FALSE;
    }
  object = json_node_get_object (root);

  if (!get_string (object, "", "format", FIELD_REQUIRED, &format, error))
    return FALSE;
  if (!g_str_equal (format, DOSSIER_DRAFT_JSON_FORMAT))
    {
      g_set_error (error, DOSSIER_DRAFT_ERROR, DOSSIER_DRAFT_ERROR_BAD_FILE,
                   _("This is not a Dossier draft file: “format” is “%s”, not “%s”."),
                   format, DOSSIER_DRAFT_JSON_FORMAT);
      return FALSE;
    }
  if (!get_number (object, "", "version", G_MAXINT, &version, error))
    return FALSE;
  if (version < 1)
    {
      set_field_error (error, "version", _("is missing"));
      return FALSE;
    }
  if (version > DOSSIER_DRAFT_JSON_VERSION)
    {
      g_set_error (error, DOSSIER_DRAFT_ERROR, DOSSIER_DRAFT_ERROR_BAD_FILE,
                   _("The draft file was written by a newer Dossier (format version %d); this one reads version %d."),
                   (int) version, DOSSIER_DRAFT_JSON_VERSION);
      return FALSE;
    }
  if (!get_string (object, "", "title", FIELD_REQUIRED, &title, error))
    return FALSE;
  {
    g_autofree char *stripped = g_strstrip (g_strdup (title));

    if (*stripped == '\0')
      {
        set_field_error (error, "title", _("must not be empty"));
        return FALSE;
      }
  }
  if (!get_string (object, "", "template", FIELD_OPTIONAL, &template_name, error))
    return FALSE;
  for (const char *const *t = dossier_draft_list_templates (); *t != NULL; t++)
    known_template |= g_strcmp0 (*t, template_name) == 0;
  if (template_name != NULL && !known_template)
    {
      set_field_error (error, "template", _("names no template this version of Dossier knows"));
      return FALSE;
    }

  if (!(sections = get_array (object, "", "sections", error)))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (sections); i++)
    {
      g_autofree char *path = g_strdup_printf ("sections[%u]", i);
      JsonObject *section;
      JsonArray *excerpts;
      const char *value;

      if (!(section = get_element_object (sections, i, path, error)) ||
          !get_string (section, path, "title", FIELD_OPTIONAL, &value, error) ||
          !get_string (section, path, "text", FIELD_OPTIONAL, &value, error))
        return FALSE;
      if (!json_object_has_member (section, "excerpts"))
        continue;
      if (!(excerpts = get_array (section, path, "excerpts", error)))
        return FALSE;
      for (guint j = 0; j < json_array_get_length (excerpts); j++)
        {
          g_autofree char *excerpt_path = g_strdup_printf ("%s.excerpts[%u]", path, j);
          ImportedExcerpt excerpt;
          JsonObject *member;

          if (!(member = get_element_object (excerpts, j, excerpt_path, error)) ||
              !read_excerpt (member, excerpt_path, &excerpt, error))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
write_draft (DossierStore *store,
             JsonObject   *object,
             gint64       *draft_id,
             GError      **error)
{
  static const char draft_sql[] =
    "INSERT INTO draft (title, template, created_at, modified_at) VALUES (?, ?, ?, ?)";
  static const char section_sql[] =
    "INSERT INTO draft_section (draft_id, position, title, body) VALUES (?, ?, ?, ?)";
  g_autofree char *now = _dossier_now_iso ();
  g_autofree char *title = NULL;
  const char *template_name = NULL;
  JsonArray *sections = json_object_get_array_member (object, "sections");
  sqlite3_stmt *stmt;
  gint64 id;

  title = g_strstrip (g_strdup (json_object_get_string_member (object, "title")));
  if (json_object_has_member (object, "template") &&
      !json_object_get_null_member (object, "template"))
    template_name = json_object_get_string_member (object, "template");

  if (!(stmt = _dossier_store_prepare (store, draft_sql, error)))
    return FALSE;
  _dossier_bind_text (stmt, 1, title);
  _dossier_bind_text (stmt, 2, template_name != NULL ? template_name : DOSSIER_DRAFT_TEMPLATE_BLANK);
  _dossier_bind_text (stmt, 3, now);
  _dossier_bind_text (stmt, 4, now);
  if (!step (store, stmt, error))
    return FALSE;
  id = sqlite3_last_insert_rowid (dossier_store_get_handle (store));

  for (guint i = 0; i < json_array_get_length (sections); i++)
    {
      g_autofree char *path = g_strdup_printf ("sections[%u]", i);
      JsonObject *section = json_array_get_object_element (sections, i);
      const char *section_title = NULL, *text = NULL;
      JsonArray *excerpts = NULL;
      gint64 section_id;

      get_string (section, path, "title", FIELD_OPTIONAL, &section_title, NULL);
      get_string (section, path, "text", FIELD_OPTIONAL, &text, NULL);
      if (!(stmt = _dossier_store_prepare (store, section_sql, error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int (stmt, 2, (int) i);
      _dossier_bind_text (stmt, 3, section_title != NULL ? section_title : "");
      _dossier_bind_text (stmt, 4, text != NULL ? text : "");
      if (!step (store, stmt, error))
        return FALSE;
      section_id = sqlite3_last_insert_rowid (dossier_store_get_handle (store));

      if (json_object_has_member (section, "excerpts"))
        excerpts = json_object_get_array_member (section, "excerpts");
      for (guint j = 0; excerpts != NULL && j < json_array_get_length (excerpts); j++)
        {
          g_autofree char *excerpt_path = g_strdup_printf ("%s.excerpts[%u]", path, j);
          ImportedExcerpt excerpt;

          if (!read_excerpt (json_array_get_object_element (excerpts, j), excerpt_path, &excerpt, error) ||
              !write_excerpt (store, id, section_id, j, &excerpt, now, error))
            return FALSE;
        }
    }

  *draft_id = id;
  return TRUE;
}

gboolean
dossier_draft_import_json (DossierStore *store,
                           const char   *data,
                           gssize        length,
                           gint64       *draft_id,
                           GError      **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  gint64 id = 0;

  g_return_val_if_fail (DOSSIER_IS_STORE (store), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  if (length < 0)
    length = strlen (data);
  if ((gsize) length > DOSSIER_LIMIT_FILE_SIZE)
    {
      g_set_error (error, DOSSIER_DRAFT_ERROR, DOSSIER_DRAFT_ERROR_BAD_FILE,
                   _("The draft file is too large: at most %d MB can be imported."),
                   DOSSIER_LIMIT_FILE_SIZE / (1024 * 1024));
      return FALSE;
    }
  if (!json_depth_ok (data, length))
    {
      g_set_error (error, DOSSIER_DRAFT_ERROR, DOSSIER_DRAFT_ERROR_BAD_FILE,
                   _("The draft file cannot be imported: it is nested more than %d levels deep."),
                   DOSSIER_LIMIT_JSON_DEPTH);
      return FALSE;
    }

  if (!dossier_json_is_one_object (data, length))
    {
      g_set_error_literal (error, DOSSIER_DRAFT_ERROR, DOSSIER_DRAFT_ERROR_BAD_FILE,
                           _("This is not a Dossier draft file: it does not hold a JSON object."));
      return FALSE;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      /* json-glib quotes the bad token, which may be a lone "\ud800". */
      g_autofree char *detail = g_utf8_make_valid (local_error->message, -1);

      g_set_error (error, DOSSIER_DRAFT_ERROR, DOSSIER_DRAFT_ERROR_BAD_FILE,
                   _("The draft file is not valid JSON: %s"), detail);
      return FALSE;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !validate_draft (root, error))
    {
      if (root == NULL)
        g_set_error_literal (error, DOSSIER_DRAFT_ERROR, DOSSIER_DRAFT_ERROR_BAD_FILE,
                             _("The draft file is empty."));
      return FALSE;
    }

  if (!dossier_store_begin (store, error))
    return FALSE;
  if (!write_draft (store, json_node_get_object (root), &id, error))
    {
      dossier_store_rollback (store);
      return FALSE;
    }
  if (!dossier_store_commit (store, error))
    return FALSE;

  if (draft_id != NULL)
    *draft_id = id;
  return TRUE;
}

gboolean
dossier_draft_import_file (DossierStore *store,
                           GFile        *file,
                           gint64       *draft_id,
                           GError      **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  gsize length;

  g_return_val_if_fail (DOSSIER_IS_STORE (store), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  name = g_file_get_parse_name (file);
  /* Look at the size before reading, so that a huge file is not loaded. */
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            NULL, NULL);
  if (info != NULL && g_file_info_get_size (info) > DOSSIER_LIMIT_FILE_SIZE)
    {
      g_set_error (error, DOSSIER_DRAFT_ERROR, DOSSIER_DRAFT_ERROR_BAD_FILE,
                   _("The draft file is too large: at most %d MB can be imported."),
                   DOSSIER_LIMIT_FILE_SIZE / (1024 * 1024));
      return FALSE;
    }
  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("The draft file “%s” could not be read: %s"), name, local_error->message);
      return FALSE;
    }
  return dossier_draft_import_json (store, contents, length, draft_id, error);
}
