/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The importer's front door: reads a file within the limits, tells by its
 * content what it is, and hands it to the reader for its format: PDF, Word,
 * OpenDocument and HTML have readers of their own; text is turned into UTF-8
 * and read as Markdown or plain text. Anything else is refused with a
 * sentence the user can act on.
 */

#define _GNU_SOURCE /* memmem */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "dossier-import-format.h"
#include "dossier-import-private.h"
#include "dossier-importer.h"
#include "dossier-limits.h"

G_DEFINE_QUARK (dossier-import-error-quark, dossier_import_error)

/* Windows-1252 in 0x80–0x9F; 0 where the code page defines nothing. */
static const gunichar cp1252_high[32] = {
  0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
  0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

/* Decoding */

static gboolean
is_binary (const guint8 *data,
           gsize         size)
{
  gsize controls = 0;

  if (memchr (data, '\0', size) != NULL)
    return TRUE;

  for (gsize i = 0; i < size; i++)
    {
      guint8 c = data[i];

      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') || c == 0x7F)
        controls++;
    }

  /* A few stray control characters are noise in a text and get removed;
   * many are the mark of a binary file. */
  return controls > 4 + size / 100;
}

/* Bytes that are not UTF-8 but look like Windows-1252: high bytes used one or
 * two at a time as letters and quotation marks between ASCII text. Runs of
 * high bytes are other encodings (GBK, Shift-JIS) or binary data. */
static gboolean
looks_like_cp1252 (const guint8 *data,
                   gsize         size,
                   gboolean     *mixed)
{
  gsize invalid = 0;
  gsize in_long_runs = 0;
  gsize run = 0;
  gsize valid_multibyte = 0;
  gsize i = 0;

  while (i < size)
    {
      if (data[i] < 0x80)
        {
          if (run >= 3)
            in_long_runs += run;
          run = 0;
          i++;
          continue;
        }

      {
        gunichar c = g_utf8_get_char_validated ((const char *) data + i, size - i);

        if (c != (gunichar) -1 && c != (gunichar) -2)
          {
            if (run >= 3)
              in_long_runs += run;
            run = 0;
            valid_multibyte++;
            i = g_utf8_next_char ((const char *) data + i) - (const char *) data;
            continue;
          }
      }

      if (data[i] < 0xA0 && cp1252_high[data[i] - 0x80] == 0)
        return FALSE;
      invalid++;
      run++;
      i++;
    }
  if (run >= 3)
    in_long_runs += run;

  *mixed = valid_multibyte > 0;
  return invalid > 0 && in_long_runs * 4 <= invalid && invalid * 3 <= size;
}

static char *
decode_cp1252 (const guint8 *data,
               gsize         size,
               gboolean      mixed)
{
  GString *out;

  if (!mixed)
    {
      char *converted = g_convert ((const char *) data, size, "UTF-8", "WINDOWS-1252", NULL, NULL, NULL);

      if (converted == NULL)
        converted = g_convert ((const char *) data, size, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
      if (converted != NULL)
        return converted;
    }

  /* Mostly UTF-8 with a few Windows-1252 bytes pasted in: keep the UTF-8 and
   * read only the stray bytes as Windows-1252. */
  out = g_string_sized_new (size + size / 8);
  for (gsize i = 0; i < size;)
    {
      if (data[i] >= 0x80)
        {
          gunichar c = g_utf8_get_char_validated ((const char *) data + i, size - i);

          if (c != (gunichar) -1 && c != (gunichar) -2)
            {
              const char *next = g_utf8_next_char ((const char *) data + i);

              g_string_append_len (out, (const char *) data + i, next - ((const char *) data + i));
              i = next - (const char *) data;
              continue;
            }
          g_string_append_unichar (out, data[i] < 0xA0 ? cp1252_high[data[i] - 0x80] : data[i]);
        }
      else
        {
          g_string_append_c (out, data[i]);
        }
      i++;
    }

  return g_string_free (out, FALSE);
}

static gboolean
is_blank_text (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c) && c != 0xFEFF && c != 0x200B && c != 0xA0 &&
          !(c < 0x20) && c != 0x7F)
        return FALSE;
    }
  return TRUE;
}

char *
dossier_import_decode_text (const char  *name,
                            GBytes      *bytes,
                            GError     **error)
{
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  g_autofree char *converted = NULL;
  char *text = NULL;
  gboolean mixed = FALSE;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (bytes != NULL, NULL);

  if (size == 0)
    {
      g_set_error (error, DOSSIER_IMPORT_ERROR, DOSSIER_IMPORT_ERROR_EMPTY,
                   _("“%s” is empty: it contains no text."), name);
      return NULL;
    }

  /* UTF-16 announces itself with a byte order mark. */
  if (size >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) || (data[0] == 0xFE && data[1] == 0xFF)))
    {
      const char *from = data[0] == 0xFF ? "UTF-16LE" : "UTF-16BE";
      gsize written = 0;

      converted = g_convert ((const char *) data + 2, size - 2, "UTF-8", from, NULL, &written, NULL);
      if (converted == NULL)
        {
          g_set_error (error, DOSSIER_IMPORT_ERROR, DOSSIER_IMPORT_ERROR_ENCODING,
                       _("“%s” is not in a text encoding Dossier can read: save it as UTF-8 and import it again."),
                       name);
          return NULL;
        }
      data = (const guint8 *) converted;
      size = written;
    }
  else if (size >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
    {
      data += 3;
      size -= 3;
    }

  if (is_binary (data, size))
    {
      g_set_error (error, DOSSIER_IMPORT_ERROR, DOSSIER_IMPORT_ERROR_BINARY,
                   _("“%s” is not a text document: it contains binary data."), name);
      return NULL;
    }

  if (g_utf8_validate ((const char *) data, size, NULL))
    text = g_strndup ((const char *) data, size);
  else if (looks_like_cp1252 (data, size, &mixed))
    text = decode_cp1252 (data, size, mixed);

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    {
      g_free (text);
      g_set_error (error, DOSSIER_IMPORT_ERROR, DOSSIER_IMPORT_ERROR_ENCODING,
                   _("“%s” is not in a text encoding Dossier can read: save it as UTF-8 and import it again."),
                   name);
      return NULL;
    }

  if (is_blank_text (text))
    {
      g_free (text);
      g_set_error (error, DOSSIER_IMPORT_ERROR, DOSSIER_IMPORT_ERROR_EMPTY,
                   _("“%s” is empty: it contains no text."), name);
      return NULL;
    }

  return text;
}

/* Parsing */

static gboolean
looks_like_word (const guint8 *data,
                 gsize         size)
{
  /* "WordDocument" in UTF-16, the name of the main stream of a .doc file. */
  static const char stream[] = "W\0o\0r\0d\0D\0o\0c\0u\0m\0e\0n\0t\0";

  return size >= sizeof stream - 1 && memmem (data, size, stream, sizeof stream - 1) != NULL;
}

static gboolean
set_unsupported_error (const char           *name,
                       DossierImportFormat   format,
                       const guint8         *data,
                       gsize                 size,
                       GError              **error)
{
  switch (format)
    {
    case DOSSIER_IMPORT_FORMAT_ZIP:
      g_set_error (error, DOSSIER_IMPORT_ERROR, DOSSIER_IMPORT_ERROR_UNSUPPORTED,
                   _("“%s” is a ZIP archive; Dossier reads Markdown, plain text, PDF, Word (.docx), "
                     "OpenDocument (.odt) and HTML files."), name);
      break;
    case DOSSIER_IMPORT_FORMAT_OLE:
      if (looks_like_word (data, size))
        g_set_error (error, DOSSIER_IMPORT_ERROR, DOSSIER_IMPORT_ERROR_UNSUPPORTED,
                     _("“%s” is a Word 97–2003 document (.doc), which Dossier cannot read: open it "
                       "in LibreOffice or Word, save it as .docx, .odt or PDF, and import that file."),
                     name);
      else
        g_set_error (error, DOSSIER_IMPORT_ERROR, DOSSIER_IMPORT_ERROR_UNSUPPORTED,
                     _("“%s” is an old Microsoft Office file, which Dossier cannot read: save it in "
                       "a current format (.docx, .odt or PDF) and import that file."), name);
      break;
    case DOSSIER_IMPORT_FORMAT_RTF:
      g_set_error (error, DOSSIER_IMPORT_ERROR, DOSSIER_IMPORT_ERROR_UNSUPPORTED,
                   _("“%s” is an RTF document, which Dossier cannot read: save it as .docx, .odt "
                     "or PDF and import that file."), name);
      break;
    case DOSSIER_IMPORT_FORMAT_IMAGE:
      g_set_error (error, DOSSIER_IMPORT_ERROR, DOSSIER_IMPORT_ERROR_UNSUPPORTED,
                   _("“%s” is an image; Dossier does not recognise text in images (no OCR) and "
                     "reads Markdown, plain text, PDF, Word (.docx), OpenDocument (.odt) and HTML files."),
                   name);
      break;
    case DOSSIER_IMPORT_FORMAT_COMPRESSED:
      g_set_error (error, DOSSIER_IMPORT_ERROR, DOSSIER_IMPORT_ERROR_UNSUPPORTED,
                   _("“%s” is a compressed file; unpack it and import the documents inside."), name);
      break;
    case DOSSIER_IMPORT_FORMAT_PDF:
    case DOSSIER_IMPORT_FORMAT_DOCX:
    case DOSSIER_IMPORT_FORMAT_ODT:
    case DOSSIER_IMPORT_FORMAT_HTML:
    case DOSSIER_IMPORT_FORMAT_TEXT:
    case DOSSIER_IMPORT_FORMAT_MARKDOWN:
    default:
      return FALSE;
    }

  return TRUE;
}

static void
set_too_large_error (const char  *name,
                     guint64      size,
                     GError     **error)
{
  g_autofree char *have = g_format_size (size);
  g_autofree char *limit = g_format_size (DOSSIER_LIMIT_FILE_SIZE);

  g_set_error (error, DOSSIER_IMPORT_ERROR, DOSSIER_IMPORT_ERROR_TOO_LARGE,
               _("“%s” is too large to import: it has %s, and Dossier reads files of up to %s."),
               name, have, limit);
}

/* The readers get valid UTF-8 without NUL bytes whatever they are given. */
static char *
sanitize (const char *text,
          gssize      length,
          gsize      *out_length)
{
  gsize len = length < 0 ? strlen (text) : (gsize) length;
  char *copy;

  /* Looks for NUL bytes inside the text, not for its end. */
  /* NOLINTNEXTLINE(bugprone-not-null-terminated-result) */
  if (memchr (text, '\0', len) == NULL && g_utf8_validate (text, len, NULL))
    {
      *out_length = len;
      return g_strndup (text, len);
    }

  {
    g_autofree char *spaced = g_malloc (len + 1);

    for (gsize i = 0; i < len; i++)
      spaced[i] = text[i] == '\0' ? ' ' : text[i];
    spaced[len] = '\0';
    copy = g_utf8_make_valid (spaced, len);
  }

  *out_length = strlen (copy);
  return copy;
}

/* Takes @text, valid UTF-8 without NUL bytes, and frees it as soon as the
 * reader has copied what it needs: imports of big files keep fewer copies. */
static DossierParsedDocument *
parse_owned (const char  *name,
             const char  *format,
             char        *text,
             gsize        length,
             GError     **error)
{
  g_autoptr(GPtrArray) raws = NULL;

  if (length > DOSSIER_LIMIT_FILE_SIZE)
    {
      g_free (text);
      set_too_large_error (name, length, error);
      return NULL;
    }

  if (strcmp (format, "markdown") == 0)
    raws = dossier_import_read_markdown (text, length);
  else
    raws = dossier_import_read_plain (text, length);
  g_free (text);

  return dossier_import_build (name, format, raws, error);
}

static DossierParsedDocument *
parse_with (const char  *name,
            const char  *format,
            const char  *text,
            gssize       length,
            GError     **error)
{
  char *clean;
  gsize clean_length = 0;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);

  clean = sanitize (text, length, &clean_length);
  return parse_owned (name, format, clean, clean_length, error);
}

DossierParsedDocument *
dossier_import_parse_markdown (const char  *name,
                               const char  *text,
                               gssize       length,
                               GError     **error)
{
  return parse_with (name, "markdown", text, length, error);
}

DossierParsedDocument *
dossier_import_parse_plain (const char  *name,
                            const char  *text,
                            gssize       length,
                            GError     **error)
{
  return parse_with (name, "text", text, length, error);
}

DossierParsedDocument *
dossier_import_parse_bytes (const char  *name,
                            GBytes      *bytes,
                            GError     **error)
{
  gsize size = 0;
  const guint8 *data;
  DossierImportFormat format;
  char *text = NULL;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &size);
  /* Empty GBytes hold NULL; the readers do pointer arithmetic on data. */
  if (data == NULL)
    data = (const guint8 *) "";
  if (size > DOSSIER_LIMIT_FILE_SIZE)
    {
      set_too_large_error (name, size, error);
      return NULL;
    }

  format = dossier_import_detect_format (name, data, size);
  switch (format)
    {
    case DOSSIER_IMPORT_FORMAT_PDF:
      return dossier_import_parse_pdf (name, data, size, error);
    case DOSSIER_IMPORT_FORMAT_DOCX:
      return dossier_import_parse_docx (name, data, size, error);
    case DOSSIER_IMPORT_FORMAT_ODT:
      return dossier_import_parse_odt (name, data, size, error);
    case DOSSIER_IMPORT_FORMAT_HTML:
      return dossier_import_parse_html (name, data, size, error);
    case DOSSIER_IMPORT_FORMAT_TEXT:
    case DOSSIER_IMPORT_FORMAT_MARKDOWN:
      break;
    case DOSSIER_IMPORT_FORMAT_ZIP:
    case DOSSIER_IMPORT_FORMAT_OLE:
    case DOSSIER_IMPORT_FORMAT_RTF:
    case DOSSIER_IMPORT_FORMAT_IMAGE:
    case DOSSIER_IMPORT_FORMAT_COMPRESSED:
    default:
      set_unsupported_error (name, format, data, size, error);
      return NULL;
    }

  text = dossier_import_decode_text (name, bytes, error);
  if (text == NULL)
    return NULL;

  /* Decoded text is valid UTF-8 and, having passed the binary check, has no
   * NUL byte: it goes to the reader as it is. */
  return parse_owned (name, dossier_import_format_to_string (format), text, strlen (text), error);
}

DossierParsedDocument *
dossier_import_parse_file (GFile   *file,
                           GBytes **out_bytes,
                           GError **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = NULL;
  DossierParsedDocument *doc;
  goffset size;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  info = g_file_query_info (file,
                            G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                            G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                            G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME,
                            G_FILE_QUERY_INFO_NONE, NULL, &local_error);
  if (info == NULL)
    {
      g_autofree char *display = g_file_get_parse_name (file);
      g_autofree char *base = g_path_get_basename (display);

      g_set_error (error, DOSSIER_IMPORT_ERROR, DOSSIER_IMPORT_ERROR_READ,
                   _("“%s” could not be read: %s"), base, local_error->message);
      return NULL;
    }

  name = g_strdup (g_file_info_get_display_name (info));

  if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      g_set_error (error, DOSSIER_IMPORT_ERROR, DOSSIER_IMPORT_ERROR_READ,
                   _("“%s” is a folder, not a document."), name);
      return NULL;
    }

  /* Check the size before reading, so that a huge file is never loaded. */
  size = g_file_info_get_size (info);
  if (size > DOSSIER_LIMIT_FILE_SIZE)
    {
      set_too_large_error (name, size, error);
      return NULL;
    }

  bytes = g_file_load_bytes (file, NULL, NULL, &local_error);
  if (bytes == NULL)
    {
      g_set_error (error, DOSSIER_IMPORT_ERROR, DOSSIER_IMPORT_ERROR_READ,
                   _("“%s” could not be read: %s"), name, local_error->message);
      return NULL;
    }

  doc = dossier_import_parse_bytes (name, bytes, error);
  if (doc != NULL && out_bytes != NULL)
    *out_bytes = g_steal_pointer (&bytes);

  return doc;
}
