/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-common.h"
#include "dossier-importer.h"
#include "dossier-limits.h"
#include "dossier-store.h"

static char *tmp_dir;

G_NORETURN void
dossier_fuzz_fail (const char *where,
                   const char *what)
{
  fprintf (stderr, "dossier-fuzz: %s: invariant broken: %s\n", where, what);
  abort ();
}

static GLogWriterOutput
quiet_writer (GLogLevelFlags   log_level,
              const GLogField *fields,
              gsize            n_fields,
              gpointer         user_data)
{
  if (log_level & (G_LOG_FLAG_FATAL | G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL))
    return g_log_writer_standard_streams (log_level, fields, n_fields, user_data);
  return G_LOG_WRITER_HANDLED;
}

static void
remove_tmp_dir (void)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (tmp_dir == NULL)
    return;
  dir = g_dir_open (tmp_dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (tmp_dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (tmp_dir);
  g_clear_pointer (&tmp_dir, g_free);
}

void
dossier_fuzz_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      g_log_set_always_fatal (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL);
      g_log_set_writer_func (quiet_writer, NULL, NULL);
      g_once_init_leave (&done, 1);
    }
}

const char *
dossier_fuzz_tmp_dir (void)
{
  if (tmp_dir == NULL)
    {
      g_autoptr(GError) error = NULL;

      tmp_dir = g_dir_make_tmp ("dossier-fuzz-XXXXXX", &error);
      if (tmp_dir == NULL)
        dossier_fuzz_fail (G_STRLOC, error->message);
      atexit (remove_tmp_dir);
    }
  return tmp_dir;
}

DossierExtractor *
dossier_fuzz_bundled_extractor (void)
{
  static DossierExtractor *extractor;

  if (extractor == NULL)
    {
      g_autoptr(GError) error = NULL;

      extractor = dossier_extractor_new (NULL, &error);
      if (extractor == NULL)
        dossier_fuzz_fail (G_STRLOC, error->message);
    }
  return extractor;
}

const char *
dossier_fuzz_write_file (const char    *name,
                         const uint8_t *data,
                         size_t         size)
{
  static GHashTable *paths;
  g_autoptr(GError) error = NULL;
  char *path;

  if (paths == NULL)
    paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  path = g_hash_table_lookup (paths, name);
  if (path == NULL)
    {
      path = g_build_filename (dossier_fuzz_tmp_dir (), name, NULL);
      g_hash_table_insert (paths, g_strdup (name), path);
    }
  if (!g_file_set_contents (path, (const char *) data, size, &error))
    dossier_fuzz_fail (G_STRLOC, error->message);
  return path;
}

char *
dossier_fuzz_valid_text (const uint8_t *data,
                         size_t         size)
{
  char *text = g_utf8_make_valid ((const char *) data, size);

  /* The importer never hands on control characters but tabs and newlines. */
  for (char *p = text; *p != '\0'; p++)
    if ((guchar) *p < 0x20 && *p != '\n' && *p != '\t')
      *p = ' ';
  return text;
}

void
dossier_fuzz_check_document (const DossierParsedDocument *doc)
{
  DOSSIER_FUZZ_CHECK (doc->title != NULL, "a parsed document has a title");
  DOSSIER_FUZZ_CHECK (g_utf8_validate (doc->title, -1, NULL), "the title is UTF-8");
  DOSSIER_FUZZ_CHECK (doc->symbol == NULL || g_utf8_validate (doc->symbol, -1, NULL), "the symbol is UTF-8");
  DOSSIER_FUZZ_CHECK (doc->blocks != NULL, "a parsed document has a block array");
  DOSSIER_FUZZ_CHECK (doc->blocks->len <= DOSSIER_LIMIT_BLOCKS_PER_DOC, "block limit");
  /* DOSSIER_FUZZ_VERBOSE=1 tells what became of each input, to judge seeds. */
  if (g_getenv ("DOSSIER_FUZZ_VERBOSE") != NULL)
    fprintf (stderr, "  accepted: “%s”, %u blocks\n", doc->title, doc->blocks->len);

  for (guint i = 0; i < doc->blocks->len; i++)
    {
      const DossierBlock *block = g_ptr_array_index (doc->blocks, i);

      DOSSIER_FUZZ_CHECK (block != NULL, "no NULL blocks");
      DOSSIER_FUZZ_CHECK (block->text != NULL, "every block has text");
      DOSSIER_FUZZ_CHECK (g_utf8_validate (block->text, -1, NULL), "block text is UTF-8");
      DOSSIER_FUZZ_CHECK (strchr (block->text, DOSSIER_SNIPPET_OPEN[0]) == NULL &&
                          strchr (block->text, DOSSIER_SNIPPET_CLOSE[0]) == NULL,
                          "no snippet markers in document text");
      DOSSIER_FUZZ_CHECK (block->label == NULL || g_utf8_validate (block->label, -1, NULL),
                          "labels are UTF-8");
      DOSSIER_FUZZ_CHECK (block->heading_path == NULL ||
                          g_utf8_validate (block->heading_path, -1, NULL),
                          "heading paths are UTF-8");
      DOSSIER_FUZZ_CHECK ((int) block->kind >= DOSSIER_BLOCK_HEADING &&
                          block->kind <= DOSSIER_BLOCK_FRONT, "known block kind");
      DOSSIER_FUZZ_CHECK (dossier_block_kind_to_string (block->kind) != NULL, "kind has a name");
      g_free (dossier_block_dup_citation (block, doc->symbol, doc->title));
    }
}

void
dossier_fuzz_check_refusal (const GError *error)
{
  DOSSIER_FUZZ_CHECK (error != NULL, "a refusal comes with an error");
  if (g_getenv ("DOSSIER_FUZZ_VERBOSE") != NULL)
    fprintf (stderr, "  refused: %s\n", error->message);
  DOSSIER_FUZZ_CHECK (error->domain == DOSSIER_IMPORT_ERROR, "refusals are import errors");
  DOSSIER_FUZZ_CHECK (error->message != NULL && g_utf8_validate (error->message, -1, NULL),
                      "messages are UTF-8");
}

static guint32
crc32_of (const guint8 *data,
          gsize         size)
{
  static guint32 table[256];
  guint32 crc = 0xffffffff;

  if (table[1] == 0)
    for (guint32 i = 0; i < 256; i++)
      {
        guint32 c = i;

        for (int k = 0; k < 8; k++)
          c = (c & 1) ? 0xedb88320 ^ (c >> 1) : c >> 1;
        table[i] = c;
      }
  for (gsize i = 0; i < size; i++)
    crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
  return crc ^ 0xffffffff;
}

static void
put16 (GByteArray *out,
       guint       value)
{
  guint8 bytes[2] = { value & 0xff, (value >> 8) & 0xff };

  g_byte_array_append (out, bytes, 2);
}

static void
put32 (GByteArray *out,
       guint32     value)
{
  guint8 bytes[4] = { value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, value >> 24 };

  g_byte_array_append (out, bytes, 4);
}

GBytes *
dossier_fuzz_zip (const char *const *names,
                  GBytes     *const *contents,
                  guint              n_entries)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GByteArray) central = g_byte_array_new ();
  guint n_written = 0;

  for (guint i = 0; i < n_entries; i++)
    {
      gsize size = 0;
      const guint8 *data = g_bytes_get_data (contents[i], &size);
      guint32 crc = crc32_of (data, size);
      guint name_length = strlen (names[i]);
      guint32 offset = out->len;

      if (size == 0)
        continue;
      /* Local file header, stored, dated 1980-01-01. */
      put32 (out, 0x04034b50); put16 (out, 20); put16 (out, 0); put16 (out, 0);
      put16 (out, 0); put16 (out, 0x21); put32 (out, crc);
      put32 (out, size); put32 (out, size); put16 (out, name_length); put16 (out, 0);
      g_byte_array_append (out, (const guint8 *) names[i], name_length);
      g_byte_array_append (out, data, size);

      put32 (central, 0x02014b50); put16 (central, 20); put16 (central, 20);
      put16 (central, 0); put16 (central, 0); put16 (central, 0); put16 (central, 0x21);
      put32 (central, crc); put32 (central, size); put32 (central, size);
      put16 (central, name_length); put16 (central, 0); put16 (central, 0);
      put16 (central, 0); put16 (central, 0); put32 (central, 0); put32 (central, offset);
      g_byte_array_append (central, (const guint8 *) names[i], name_length);
      n_written++;
    }

  {
    guint32 central_offset = out->len;

    g_byte_array_append (out, central->data, central->len);
    put32 (out, 0x06054b50); put16 (out, 0); put16 (out, 0);
    put16 (out, n_written); put16 (out, n_written);
    put32 (out, central->len); put32 (out, central_offset); put16 (out, 0);
  }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

GPtrArray *
dossier_fuzz_split (const uint8_t *data,
                    size_t         size,
                    guint          max_parts)
{
  GPtrArray *parts = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  size_t start = 0;

  for (size_t i = 0; i <= size && parts->len + 1 < max_parts; i++)
    if (i == size || data[i] == '\0')
      {
        g_ptr_array_add (parts, g_bytes_new (data + start, i - start));
        start = i + 1;
        if (i == size)
          break;
      }
  if (start <= size && parts->len < max_parts)
    g_ptr_array_add (parts, g_bytes_new (data + start, size - start));
  while (parts->len < max_parts)
    g_ptr_array_add (parts, g_bytes_new (NULL, 0));
  return parts;
}

gboolean
dossier_fuzz_json_one_value (const uint8_t *data,
                             size_t         size)
{
  gboolean in_string = FALSE, escaped = FALSE, closed = FALSE;
  int depth = 0;

  for (size_t i = 0; i < size; i++)
    {
      char c = (char) data[i];

      if (in_string)
        {
          if (escaped)
            escaped = FALSE;
          else if (c == '\\')
            escaped = TRUE;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
        continue;
      if (closed || (depth == 0 && c != '{' && c != '['))
        return FALSE;
      if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        depth++;
      else if ((c == '}' || c == ']') && --depth == 0)
        closed = TRUE;
    }
  return TRUE;
}
