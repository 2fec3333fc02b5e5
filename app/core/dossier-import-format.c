/* SPDX-License-Identifier: GPL-3.0-or-later */

#define _GNU_SOURCE /* memmem */
#include "config.h"

#include <string.h>

#include "dossier-import-format.h"

/* How much of a file the Markdown sniffer looks at. */
#define SNIFF_BYTES (64 * 1024)

static gboolean
has_prefix (const guint8 *data,
            gsize         size,
            const char   *magic,
            gsize         magic_len)
{
  return size >= magic_len && memcmp (data, magic, magic_len) == 0;
}

static gboolean
contains (const guint8 *data,
          gsize         size,
          const char   *needle)
{
  gsize len = strlen (needle);

  if (size < len)
    return FALSE;
  return memmem (data, size, needle, len) != NULL;
}

static gboolean
contains_ci (const guint8 *data,
             gsize         size,
             const char   *needle)
{
  gsize len = strlen (needle);

  for (gsize i = 0; i + len <= size; i++)
    if (g_ascii_strncasecmp ((const char *) data + i, needle, len) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
name_has_suffix (const char *name,
                 const char *suffix)
{
  gsize len = name != NULL ? strlen (name) : 0;
  gsize slen = strlen (suffix);

  return len >= slen && g_ascii_strcasecmp (name + len - slen, suffix) == 0;
}

/* Whether @mark starts at @at without reading at or past @end: the bytes are
 * not NUL-terminated, so strncmp could read beyond them. */
static gboolean
mark_at (const char *text,
         gsize       at,
         gsize       end,
         const char *mark)
{
  gsize len = strlen (mark);

  return end - at >= len && memcmp (text + at, mark, len) == 0;
}

/* Signals of Markdown in text: not a parse, only a count of the marks that
 * plain text rarely has, line by line. */
static int
markdown_score (const guint8 *data,
                gsize         size)
{
  const char *text = (const char *) data;
  gsize end = MIN (size, SNIFF_BYTES);
  int headings = 0, bold = 0, bullets = 0, links = 0, tags = 0, fences = 0;
  gsize i = 0;

  while (i < end)
    {
      gsize line_end = i;
      gsize p = i;

      while (line_end < end && text[line_end] != '\n')
        line_end++;
      while (p < line_end && text[p] == ' ')
        p++;

      if (p < line_end && text[p] == '#')
        {
          gsize h = p;

          while (h < line_end && text[h] == '#')
            h++;
          if (h - p <= 6 && h < line_end)
            headings++;
        }
      if (line_end - p >= 2 && (text[p] == '-' || text[p] == '*' || text[p] == '+') && text[p + 1] == ' ')
        bullets++;
      if (mark_at (text, p, line_end, "```") || mark_at (text, p, line_end, "~~~"))
        fences++;

      for (gsize k = p; k + 1 < line_end; k++)
        {
          if (text[k] == '*' && text[k + 1] == '*')
            {
              bold++;
              break;
            }
        }
      for (gsize k = p; k + 1 < line_end; k++)
        {
          if (text[k] == ']' && text[k + 1] == '(')
            links++;
          if (text[k] == '<' && (mark_at (text, k, line_end, "<u>") || mark_at (text, k, line_end, "<sup>") ||
                                 mark_at (text, k, line_end, "<i>") || mark_at (text, k, line_end, "<br")))
            tags++;
        }

      i = line_end + 1;
    }

  return 2 * MIN (headings, 3) + MIN (bold, 3) + MIN (bullets, 2) + 2 * MIN (links, 2) +
         MIN (tags, 2) + 2 * MIN (fences, 1);
}

DossierImportFormat
dossier_import_detect_format (const char   *name,
                              const guint8 *data,
                              gsize         size)
{
  const guint8 *text = data;
  gsize text_size = size;
  gsize skip = 0;
  int score;

  /* The PDF header may follow a little junk, as readers allow. */
  if (has_prefix (data, size, "%PDF-", 5) || contains (data, MIN (size, 1024), "%PDF-"))
    return DOSSIER_IMPORT_FORMAT_PDF;
  if (has_prefix (data, size, "PK\x03\x04", 4))
    {
      /* Entry names are in the local headers and again in the central
       * directory at the end; the ODF mimetype entry comes first, stored. */
      if (contains (data, size, "word/document.xml"))
        return DOSSIER_IMPORT_FORMAT_DOCX;
      if (contains (data, MIN (size, 256), "mimetypeapplication/vnd.oasis.opendocument") ||
          contains (data, size, "content.xml"))
        return DOSSIER_IMPORT_FORMAT_ODT;
      if (name_has_suffix (name, ".docx") || name_has_suffix (name, ".docm") || name_has_suffix (name, ".dotx"))
        return DOSSIER_IMPORT_FORMAT_DOCX;
      if (name_has_suffix (name, ".odt") || name_has_suffix (name, ".ott"))
        return DOSSIER_IMPORT_FORMAT_ODT;
      return DOSSIER_IMPORT_FORMAT_ZIP;
    }
  if (has_prefix (data, size, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8))
    return DOSSIER_IMPORT_FORMAT_OLE;
  if (has_prefix (data, size, "{\\rtf", 5))
    return DOSSIER_IMPORT_FORMAT_RTF;
  if (has_prefix (data, size, "\x89PNG", 4) || has_prefix (data, size, "\xff\xd8\xff", 3) ||
      has_prefix (data, size, "GIF8", 4) ||
      (has_prefix (data, size, "RIFF", 4) && size >= 12 && memcmp (data + 8, "WEBP", 4) == 0))
    return DOSSIER_IMPORT_FORMAT_IMAGE;
  if (has_prefix (data, size, "\x1f\x8b", 2) || has_prefix (data, size, "BZh", 3) ||
      has_prefix (data, size, "\xfd" "7zXZ", 5) || has_prefix (data, size, "7z\xbc\xaf", 4) ||
      has_prefix (data, size, "Rar!", 4))
    return DOSSIER_IMPORT_FORMAT_COMPRESSED;

  /* Text from here on. */
  if (has_prefix (data, size, "\xef\xbb\xbf", 3))
    skip = 3;
  while (skip < size && skip < 1024 && g_ascii_isspace (data[skip]))
    skip++;
  text = data + skip;
  text_size = size - skip;

  if (text_size >= 5 && (g_ascii_strncasecmp ((const char *) text, "<!doctype html", MIN (text_size, 14)) == 0 ||
                         g_ascii_strncasecmp ((const char *) text, "<html", 5) == 0))
    return DOSSIER_IMPORT_FORMAT_HTML;
  /* XHTML after an XML declaration, pages saved with a comment first, and
   * fragments named .html. */
  if (text_size >= 5 && text[0] == '<' &&
      (contains_ci (text, MIN (text_size, 2048), "<html") || contains_ci (text, MIN (text_size, 2048), "<body") ||
       name_has_suffix (name, ".html") || name_has_suffix (name, ".htm") || name_has_suffix (name, ".xhtml")))
    return DOSSIER_IMPORT_FORMAT_HTML;

  if (name_has_suffix (name, ".md") || name_has_suffix (name, ".markdown") ||
      name_has_suffix (name, ".mdown") || name_has_suffix (name, ".mkd"))
    return DOSSIER_IMPORT_FORMAT_MARKDOWN;

  /* Converted documents often come as .txt with Markdown inside; a name that
   * says text needs stronger evidence than one that says nothing. */
  score = markdown_score (data, size);
  if (name_has_suffix (name, ".txt") || name_has_suffix (name, ".text"))
    return score >= 3 ? DOSSIER_IMPORT_FORMAT_MARKDOWN : DOSSIER_IMPORT_FORMAT_TEXT;
  return score >= 2 ? DOSSIER_IMPORT_FORMAT_MARKDOWN : DOSSIER_IMPORT_FORMAT_TEXT;
}

const char *
dossier_import_format_to_string (DossierImportFormat format)
{
  switch (format)
    {
    case DOSSIER_IMPORT_FORMAT_TEXT: return "text";
    case DOSSIER_IMPORT_FORMAT_MARKDOWN: return "markdown";
    case DOSSIER_IMPORT_FORMAT_PDF: return "pdf";
    case DOSSIER_IMPORT_FORMAT_DOCX: return "docx";
    case DOSSIER_IMPORT_FORMAT_ODT: return "odt";
    case DOSSIER_IMPORT_FORMAT_ZIP: return "zip";
    case DOSSIER_IMPORT_FORMAT_OLE: return "ole";
    case DOSSIER_IMPORT_FORMAT_RTF: return "rtf";
    case DOSSIER_IMPORT_FORMAT_HTML: return "html";
    case DOSSIER_IMPORT_FORMAT_IMAGE: return "image";
    case DOSSIER_IMPORT_FORMAT_COMPRESSED: return "compressed";
    default: return "unknown";
    }
}

gboolean
dossier_import_format_is_readable (DossierImportFormat format)
{
  return format == DOSSIER_IMPORT_FORMAT_TEXT || format == DOSSIER_IMPORT_FORMAT_MARKDOWN ||
         format == DOSSIER_IMPORT_FORMAT_PDF || format == DOSSIER_IMPORT_FORMAT_DOCX ||
         format == DOSSIER_IMPORT_FORMAT_ODT || format == DOSSIER_IMPORT_FORMAT_HTML;
}
