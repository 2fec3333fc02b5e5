/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Reads Word (.docx) and OpenDocument (.odt) files. Both are ZIP archives of
 * XML: libarchive opens the archive in memory (nothing is ever written to
 * disk), libxml2 parses the few entries that hold the text, and the walk below
 * turns paragraphs into raw blocks using their styles: heading styles and
 * outline levels become headings, automatic numbering is rendered into the
 * label a reader sees ("12.", "(a)"), footnotes and endnotes are collected
 * and follow the text as notes. The structure pass then reads those raw
 * blocks as it reads Markdown.
 *
 * Safety: every entry name is checked (no absolute paths, no "..", no
 * backslashes); inflating stops at the limits of dossier-limits.h, so a zip
 * bomb costs a few megabytes at most; encrypted entries are refused; XML is
 * parsed without network, without loading DTDs and without substituting
 * entities, and a document type declaration (which Word and OpenDocument
 * never write) refuses the file.
 */

#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <glib/gi18n-lib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include "dossier-import-private.h"
#include "dossier-importer.h"
#include "dossier-limits.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

/* The raw block builder */

void
dossier_raw_builder_init (DossierRawBuilder *builder,
                          GPtrArray         *raws)
{
  memset (builder, 0, sizeof *builder);
  builder->raws = raws;
  builder->line = g_string_new (NULL);
}

void
dossier_raw_builder_clear (DossierRawBuilder *builder)
{
  g_clear_pointer (&builder->current, dossier_raw_free);
  if (builder->line != NULL)
    g_string_free (builder->line, TRUE);
  builder->line = NULL;
}

gboolean
dossier_raw_builder_is_full (DossierRawBuilder *builder)
{
  return builder->raws->len >= 2 * DOSSIER_LIMIT_BLOCKS_PER_DOC;
}

void
dossier_raw_builder_newline (DossierRawBuilder *builder)
{
  if (builder->current == NULL)
    return;
  while (builder->line->len > 0 && builder->line->str[builder->line->len - 1] == ' ')
    g_string_truncate (builder->line, builder->line->len - 1);
  if (builder->line->len > 0)
    g_ptr_array_add (builder->current->lines, g_strndup (builder->line->str, builder->line->len));
  g_string_truncate (builder->line, 0);
}

void
dossier_raw_builder_end (DossierRawBuilder *builder)
{
  DossierRaw *raw;

  if (builder->current == NULL)
    return;
  dossier_raw_builder_newline (builder);
  raw = g_steal_pointer (&builder->current);

  if (builder->letters == 0 || raw->lines->len == 0 || dossier_raw_builder_is_full (builder))
    {
      dossier_raw_free (raw);
      return;
    }
  raw->strong = builder->strong_letters * 10 >= builder->letters * 9;
  g_ptr_array_add (builder->raws, raw);
}

void
dossier_raw_builder_start (DossierRawBuilder *builder,
                           DossierRawKind     kind,
                           int                md_level,
                           int                depth)
{
  dossier_raw_builder_end (builder);
  builder->current = dossier_raw_new (kind);
  builder->current->md_level = md_level;
  builder->current->depth = depth;
  builder->letters = 0;
  builder->strong_letters = 0;
  g_string_truncate (builder->line, 0);
}

void
dossier_raw_builder_append (DossierRawBuilder *builder,
                            const char        *text,
                            gssize             length,
                            gboolean           strong)
{
  const char *end;

  if (text == NULL)
    return;
  if (builder->current == NULL)
    dossier_raw_builder_start (builder, DOSSIER_RAW_PARAGRAPH, 0, 0);
  if (length < 0)
    length = strlen (text);
  end = text + length;

  /* A paragraph of many megabytes is no paragraph; the rest is dropped. */
  if (builder->line->len > 4 * DOSSIER_LIMIT_BLOCK_BYTES)
    return;

  for (const char *p = text, *next; p < end; p = next)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);

      /* A byte that is not UTF-8 is skipped, not the rest of the text; the
       * cleaner drops the replacement character. */
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          next = p + 1;
          g_string_append_unichar (builder->line, 0xFFFD);
          continue;
        }
      next = g_utf8_next_char (p);
      if (c == '\t')
        {
          g_string_append_c (builder->line, '\t');
          continue;
        }
      if (g_unichar_isspace (c) && c != 0xA0)
        {
          if (builder->line->len > 0 && builder->line->str[builder->line->len - 1] != ' ' &&
              builder->line->str[builder->line->len - 1] != '\t')
            g_string_append_c (builder->line, ' ');
          continue;
        }
      if (g_unichar_isalnum (c))
        {
          builder->letters++;
          if (strong)
            builder->strong_letters++;
        }
      g_string_append_unichar (builder->line, c);
    }
}

/* The archive */

typedef struct
{
  const char *path;       /* entry name inside the archive */
  GBytes     *bytes;      /* its inflated content, NULL when absent */
} Entry;

static gboolean
entry_name_is_safe (const char *path)
{
  if (path == NULL || *path == '\0' || *path == '/' || strchr (path, '\\') != NULL ||
      (g_ascii_isalpha (path[0]) && path[1] == ':'))
    return FALSE;

  for (const char *p = path; p != NULL; p = strchr (p, '/'))
    {
      if (*p == '/')
        p++;
      if (p[0] == '.' && p[1] == '.' && (p[2] == '/' || p[2] == '\0'))
        return FALSE;
    }
  return TRUE;
}

static void
set_unsafe_error (const char  *name,
                  GError     **error)
{
  g_set_error (error, DOSSIER_IMPORT_ERROR, DOSSIER_IMPORT_ERROR_UNSAFE,
               _("“%s” was not imported: it unpacks to far more data than a document holds, "
                 "which is the mark of a damaged or malicious file."), name);
}

static void
set_damaged_error (const char  *name,
                   GError     **error)
{
  g_set_error (error, DOSSIER_IMPORT_ERROR, DOSSIER_IMPORT_ERROR_PARSE,
               _("“%s” could not be read: the file is damaged or is not a complete document."), name);
}

/* Reads the entries named in @entries out of the ZIP archive in @data;
 * entries not in the archive stay NULL. Every entry name is checked. */
static gboolean
read_archive (const char    *name,
              const guint8  *data,
              gsize          size,
              Entry         *entries,
              guint          n_entries,
              GError       **error)
{
  struct archive *archive = archive_read_new ();
  struct archive_entry *entry;
  guint64 budget;
  guint64 total = 0;
  guint count = 0;
  gboolean ok = TRUE;
  int status;

  budget = MIN ((guint64) DOSSIER_LIMIT_ARCHIVE_TOTAL_BYTES,
                MAX ((guint64) DOSSIER_LIMIT_ARCHIVE_FLOOR, (guint64) size * DOSSIER_LIMIT_ARCHIVE_RATIO));

  archive_read_support_format_zip (archive);
  if (archive_read_open_memory (archive, data, size) != ARCHIVE_OK)
    {
      archive_read_free (archive);
      set_damaged_error (name, error);
      return FALSE;
    }

  while (ok && (status = archive_read_next_header (archive, &entry)) != ARCHIVE_EOF)
    {
      const char *path;
      Entry *wanted = NULL;

      if (status != ARCHIVE_OK && status != ARCHIVE_WARN)
        {
          set_damaged_error (name, error);
          ok = FALSE;
          break;
        }

      path = archive_entry_pathname (entry);
      if (++count > DOSSIER_LIMIT_ARCHIVE_ENTRIES)
        {
          set_unsafe_error (name, error);
          ok = FALSE;
          break;
        }
      if (!entry_name_is_safe (path))
        {
          g_set_error (error, DOSSIER_IMPORT_ERROR, DOSSIER_IMPORT_ERROR_UNSAFE,
                       _("“%s” was not imported: it holds a file whose name points outside the "
                         "document, which is the mark of a damaged or malicious file."), name);
          ok = FALSE;
          break;
        }

      for (guint i = 0; i < n_entries; i++)
        if (entries[i].bytes == NULL && g_strcmp0 (path, entries[i].path) == 0)
          wanted = &entries[i];
      if (wanted == NULL)
        {
          archive_read_data_skip (archive);
          continue;
        }

      if (archive_entry_is_encrypted (entry))
        {
          g_set_error (error, DOSSIER_IMPORT_ERROR, DOSSIER_IMPORT_ERROR_ENCRYPTED,
                       _("“%s” is protected by a password: open it, save it without a password "
                         "and import it again."), name);
          ok = FALSE;
          break;
        }

      {
        GByteArray *content = g_byte_array_new ();
        guint8 buffer[16384];
        gssize n;

        while ((n = archive_read_data (archive, buffer, sizeof buffer)) > 0)
          {
            total += n;
            if (content->len + (guint64) n > DOSSIER_LIMIT_ARCHIVE_ENTRY_BYTES || total > budget)
              {
                set_unsafe_error (name, error);
                ok = FALSE;
                break;
              }
            g_byte_array_append (content, buffer, n);
          }
        if (ok && n < 0)
          {
            set_damaged_error (name, error);
            ok = FALSE;
          }
        if (ok)
          wanted->bytes = g_byte_array_free_to_bytes (content);
        else
          g_byte_array_unref (content);
      }
    }

  archive_read_free (archive);
  if (!ok)
    {
      for (guint i = 0; i < n_entries; i++)
        g_clear_pointer (&entries[i].bytes, g_bytes_unref);
    }
  return ok;
}

static void
clear_entries (Entry *entries,
               guint  n_entries)
{
  for (guint i = 0; i < n_entries; i++)
    g_clear_pointer (&entries[i].bytes, g_bytes_unref);
}

/* XML */

/* Finds a document type declaration in the prolog, before the root element. */
static gboolean
has_doctype (const char *data,
             gsize       size)
{
  for (gsize i = 0; i + 1 < size; i++)
    {
      if (data[i] != '<')
        continue;
      if (g_ascii_isalpha (data[i + 1]) || data[i + 1] == '_')
        return FALSE;
      if (data[i + 1] == '!' && i + 9 <= size && g_ascii_strncasecmp (data + i, "<!DOCTYPE", 9) == 0)
        return TRUE;
    }
  return FALSE;
}

/* libxml2 sets up its globals on first use, which is not safe in two import
 * threads at once; this is done once, before any parse. */
void
dossier_import_init_libxml (void)
{
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      xmlInitParser ();
      g_once_init_leave (&initialised, 1);
    }
}

static xmlDoc *
read_xml (const char  *name,
          GBytes      *bytes,
          GError     **error)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);
  xmlDoc *doc;

  if (has_doctype (data, size))
    {
      g_set_error (error, DOSSIER_IMPORT_ERROR, DOSSIER_IMPORT_ERROR_UNSAFE,
                   _("“%s” was not imported: its XML declares a document type, which Word and "
                     "OpenDocument files never do and which could make Dossier read other files."),
                   name);
      return NULL;
    }
  if (size > G_MAXINT)
    {
      set_unsafe_error (name, error);
      return NULL;
    }

  dossier_import_init_libxml ();

  /* No XML_PARSE_NOENT, XML_PARSE_DTDLOAD or XML_PARSE_HUGE: entities stay
   * unexpanded, nothing outside the archive is ever read. */
  doc = xmlReadMemory (data, (int) size, "document.xml", NULL,
                       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
  if (doc == NULL || xmlDocGetRootElement (doc) == NULL)
    {
      g_clear_pointer (&doc, xmlFreeDoc);
      set_damaged_error (name, error);
      return NULL;
    }
  if (doc->intSubset != NULL || doc->extSubset != NULL)
    {
      xmlFreeDoc (doc);
      g_set_error (error, DOSSIER_IMPORT_ERROR, DOSSIER_IMPORT_ERROR_UNSAFE,
                   _("“%s” was not imported: its XML declares a document type, which Word and "
                     "OpenDocument files never do and which could make Dossier read other files."),
                   name);
      return NULL;
    }
  return doc;
}

static gboolean
is_element (xmlNode    *node,
            const char *local)
{
  return node != NULL && node->type == XML_ELEMENT_NODE && strcmp ((const char *) node->name, local) == 0;
}

/* The value of an attribute by its local name, whatever its namespace;
 * NULL for a missing node too, so that attr (child (…), …) is safe. */
static const char *
attr (xmlNode    *node,
      const char *local)
{
  if (node == NULL || node->type != XML_ELEMENT_NODE)
    return NULL;
  for (xmlAttr *a = node->properties; a != NULL; a = a->next)
    {
      if (strcmp ((const char *) a->name, local) == 0)
        {
          if (a->children != NULL && a->children->type == XML_TEXT_NODE && a->children->next == NULL)
            return (const char *) a->children->content;
          return "";
        }
    }
  return NULL;
}

static int
attr_int (xmlNode    *node,
          const char *local,
          int         fallback)
{
  const char *value = attr (node, local);
  gint64 n;
  char *end = NULL;

  if (value == NULL)
    return fallback;
  n = g_ascii_strtoll (value, &end, 10);
  if (end == value || n < -1000000 || n > 1000000)
    return fallback;
  return (int) n;
}

static xmlNode *
child (xmlNode    *node,
       const char *local)
{
  for (xmlNode *c = node != NULL ? node->children : NULL; c != NULL; c = c->next)
    if (is_element (c, local))
      return c;
  return NULL;
}

/* An OOXML on/off property: present and not "0", "false" or "off". */
static gboolean
toggle_is_on (xmlNode *prop)
{
  const char *value;

  if (prop == NULL)
    return FALSE;
  value = attr (prop, "val");
  return value == NULL || !(strcmp (value, "0") == 0 || strcmp (value, "false") == 0 ||
                            strcmp (value, "off") == 0 || strcmp (value, "none") == 0);
}

/* Numbering */

typedef enum
{
  NUM_DECIMAL,
  NUM_LOWER_LETTER,
  NUM_UPPER_LETTER,
  NUM_LOWER_ROMAN,
  NUM_UPPER_ROMAN,
  NUM_BULLET,
  NUM_NONE,
} NumFormat;

#define MAX_LEVELS 9

typedef struct
{
  NumFormat  format;
  int        start;
  char      *text;     /* "%1.", "(%2)"; ODT: prefix and suffix around one number */
} Level;

static void
level_clear (Level *levels)
{
  for (guint i = 0; i < MAX_LEVELS; i++)
    g_clear_pointer (&levels[i].text, g_free);
}

static void
append_roman (GString *out,
              int      value,
              gboolean upper)
{
  static const struct { int value; const char *text; } numerals[] = {
    { 1000, "m" }, { 900, "cm" }, { 500, "d" }, { 400, "cd" }, { 100, "c" }, { 90, "xc" },
    { 50, "l" }, { 40, "xl" }, { 10, "x" }, { 9, "ix" }, { 5, "v" }, { 4, "iv" }, { 1, "i" },
  };

  value = CLAMP (value, 1, 3999);
  for (guint i = 0; i < G_N_ELEMENTS (numerals); i++)
    {
      while (value >= numerals[i].value)
        {
          for (const char *p = numerals[i].text; *p != '\0'; p++)
            g_string_append_c (out, upper ? g_ascii_toupper (*p) : *p);
          value -= numerals[i].value;
        }
    }
}

static void
append_number (GString   *out,
               NumFormat  format,
               int        value)
{
  switch (format)
    {
    case NUM_LOWER_LETTER:
    case NUM_UPPER_LETTER:
      {
        /* a … z, aa … zz, as word processors count. */
        int n = MAX (value, 1) - 1;
        int repeat = n / 26 + 1;
        char c = (char) ((format == NUM_LOWER_LETTER ? 'a' : 'A') + n % 26);

        for (int i = 0; i < MIN (repeat, 8); i++)
          g_string_append_c (out, c);
      }
      break;
    case NUM_LOWER_ROMAN:
      append_roman (out, value, FALSE);
      break;
    case NUM_UPPER_ROMAN:
      append_roman (out, value, TRUE);
      break;
    case NUM_BULLET:
    case NUM_NONE:
      break;
    case NUM_DECIMAL:
    default:
      g_string_append_printf (out, "%d", value);
      break;
    }
}

/* The reader */

/* The key of OpenDocument's outline numbering (headings) among the list
 * styles; no style name can hold a control character. */
#define OUTLINE_KEY "\001outline"

typedef struct
{
  char     *name;      /* the style's display name, lowercase */
  char     *parent;
  int       outline;   /* heading level 1..9, 0 when not a heading */
  gboolean  bold;
  gboolean  has_bold;
  char     *num_id;    /* numbering linked to a Word paragraph style */
  int       num_level;
  gboolean  super;     /* ODT: text raised as superscript */
} Style;

static void
style_free (Style *style)
{
  g_free (style->name);
  g_free (style->parent);
  g_free (style->num_id);
  g_free (style);
}

typedef struct
{
  Level  levels[MAX_LEVELS];
  int    counters[MAX_LEVELS];
  int    last_level;
} List;

static void
list_free (List *list)
{
  level_clear (list->levels);
  g_free (list);
}

typedef struct
{
  const char        *name;
  DossierRawBuilder  builder;
  GHashTable        *styles;       /* id -> Style* */
  GHashTable        *abstract;     /* Word abstractNumId -> List* (levels only) */
  GHashTable        *lists;        /* Word numId or ODT list style -> List* */
  GHashTable        *num_abstract; /* Word numId -> abstractNumId */
  GHashTable        *footnotes;    /* Word footnote id -> xmlNode* */
  GHashTable        *endnotes;
  GPtrArray         *notes;        /* char *: marker '\t' text, in reference order */
  guint              footnote_count;
  guint              endnote_count;
  char              *custom_mark;  /* the footnote whose mark follows as text */
  gboolean           custom_is_end;
  gboolean           in_note;      /* reading a note's body: references are its own */
  GString           *note_text;
  int                depth;
  int                odt_list_depth;
  char              *odt_list_style;
} Reader;

static void
reader_clear (Reader *r)
{
  dossier_raw_builder_clear (&r->builder);
  g_clear_pointer (&r->styles, g_hash_table_unref);
  g_clear_pointer (&r->abstract, g_hash_table_unref);
  g_clear_pointer (&r->lists, g_hash_table_unref);
  g_clear_pointer (&r->num_abstract, g_hash_table_unref);
  g_clear_pointer (&r->footnotes, g_hash_table_unref);
  g_clear_pointer (&r->endnotes, g_hash_table_unref);
  g_clear_pointer (&r->notes, g_ptr_array_unref);
  g_clear_pointer (&r->custom_mark, g_free);
  if (r->note_text != NULL)
    g_string_free (r->note_text, TRUE);
  g_clear_pointer (&r->odt_list_style, g_free);
}

static void
reader_init (Reader     *r,
             const char *name,
             GPtrArray  *raws)
{
  memset (r, 0, sizeof *r);
  r->name = name;
  dossier_raw_builder_init (&r->builder, raws);
  r->styles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) style_free);
  r->abstract = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) list_free);
  r->lists = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) list_free);
  r->num_abstract = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  r->footnotes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  r->endnotes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  r->notes = g_ptr_array_new_with_free_func (g_free);
  r->note_text = g_string_new (NULL);
}

/* Text goes to the note being read, or to the block being built. */
static void
reader_text (Reader     *r,
             const char *text,
             gssize      length,
             gboolean    strong)
{
  if (r->in_note)
    {
      if (r->note_text->len < DOSSIER_LIMIT_BLOCK_BYTES)
        g_string_append_len (r->note_text, text, length < 0 ? (gssize) strlen (text) : length);
      return;
    }
  dossier_raw_builder_append (&r->builder, text, length, strong);
}

static void
reader_newline (Reader *r)
{
  if (r->in_note)
    g_string_append_c (r->note_text, ' ');
  else
    dossier_raw_builder_newline (&r->builder);
}

static void
add_note (Reader     *r,
          const char *marker,
          const char *text)
{
  g_autofree char *folded = g_strstrip (g_strdup (text));

  if (r->notes->len < DOSSIER_LIMIT_BLOCKS_PER_DOC && *folded != '\0')
    g_ptr_array_add (r->notes, g_strdup_printf ("%s\t%s", marker, folded));
}

/* The notes follow the text, each as a paragraph that starts with its
 * marker, which is how the structure pass knows a note. */
static void
emit_notes (Reader *r)
{
  for (guint i = 0; i < r->notes->len; i++)
    {
      const char *note = g_ptr_array_index (r->notes, i);
      const char *tab = strchr (note, '\t');
      g_autofree char *marker = g_strndup (note, tab - note);
      g_autofree char *shown = g_ascii_isdigit (marker[0]) ? dossier_import_superscript (marker)
                                                           : g_strdup (marker);

      dossier_raw_builder_start (&r->builder, DOSSIER_RAW_PARAGRAPH, 0, 0);
      dossier_raw_builder_append (&r->builder, shown, -1, FALSE);
      dossier_raw_builder_append (&r->builder, " ", 1, FALSE);
      dossier_raw_builder_append (&r->builder, tab + 1, -1, FALSE);
      dossier_raw_builder_end (&r->builder);
    }
}

/* A numbered paragraph or item: its label is prefixed to its text, as
 * printed, and the structure pass reads it like any printed label. */
static void
start_numbered (Reader    *r,
                List      *list,
                int        level,
                gboolean   word,
                int        heading)
{
  Level *lvl;
  g_autoptr(GString) label = g_string_new (NULL);

  level = CLAMP (level, 0, MAX_LEVELS - 1);
  lvl = &list->levels[level];

  if (lvl->format == NUM_BULLET || (heading > 0 && lvl->format == NUM_NONE))
    {
      if (heading > 0)
        dossier_raw_builder_start (&r->builder, DOSSIER_RAW_HEADING, heading, 0);
      else
        {
          dossier_raw_builder_start (&r->builder, DOSSIER_RAW_BULLET, 0, level + 1);
          r->builder.current->bullet = '-';
        }
      return;
    }

  /* Deeper levels start again under a new item of this level. */
  if (list->counters[level] == 0 || list->last_level < level)
    list->counters[level] = lvl->start - 1;
  list->counters[level]++;
  for (int i = level + 1; i < MAX_LEVELS; i++)
    list->counters[i] = 0;
  list->last_level = level;

  /* A numbered heading ("I.", "A.") prints its number as part of itself. */
  if (heading > 0)
    dossier_raw_builder_start (&r->builder, DOSSIER_RAW_HEADING, heading, 0);
  else
    dossier_raw_builder_start (&r->builder, DOSSIER_RAW_PARAGRAPH, 0, level + 1);
  if (lvl->format == NUM_NONE)
    return;

  if (word)
    {
      /* "%1.%2." names the counters of levels 1 and 2. */
      for (const char *p = lvl->text != NULL ? lvl->text : "%1."; *p != '\0'; p++)
        {
          if (p[0] == '%' && p[1] >= '1' && p[1] <= '9')
            {
              int k = p[1] - '1';

              append_number (label, list->levels[k].format == NUM_BULLET ? NUM_DECIMAL : list->levels[k].format,
                             MAX (list->counters[k], 1));
              p++;
            }
          else
            g_string_append_c (label, *p);
        }
    }
  else
    {
      const char *prefix = lvl->text != NULL ? lvl->text : "";
      const char *suffix = strchr (prefix, '\t');

      g_string_append_len (label, prefix, suffix != NULL ? suffix - prefix : (gssize) strlen (prefix));
      append_number (label, lvl->format, list->counters[level]);
      if (suffix != NULL)
        g_string_append (label, suffix + 1);
    }

  if (label->len > 0)
    {
      g_string_append_c (label, ' ');
      dossier_raw_builder_append (&r->builder, label->str, label->len, FALSE);
    }
}

static NumFormat
word_num_format (const char *value)
{
  if (value == NULL || strcmp (value, "decimal") == 0 || strcmp (value, "decimalZero") == 0)
    return NUM_DECIMAL;
  if (strcmp (value, "lowerLetter") == 0)
    return NUM_LOWER_LETTER;
  if (strcmp (value, "upperLetter") == 0)
    return NUM_UPPER_LETTER;
  if (strcmp (value, "lowerRoman") == 0)
    return NUM_LOWER_ROMAN;
  if (strcmp (value, "upperRoman") == 0)
    return NUM_UPPER_ROMAN;
  if (strcmp (value, "bullet") == 0)
    return NUM_BULLET;
  if (strcmp (value, "none") == 0)
    return NUM_NONE;
  return NUM_DECIMAL;
}

/* Word */

static void
docx_read_styles (Reader  *r,
                  xmlDoc  *doc)
{
  xmlNode *root = xmlDocGetRootElement (doc);

  for (xmlNode *node = root->children; node != NULL; node = node->next)
    {
      const char *id;
      const char *type;
      Style *style;
      xmlNode *ppr, *rpr, *numpr, *node_name;

      if (!is_element (node, "style"))
        continue;
      id = attr (node, "styleId");
      type = attr (node, "type");
      if (id == NULL || (type != NULL && strcmp (type, "paragraph") != 0 && strcmp (type, "character") != 0))
        continue;

      style = g_new0 (Style, 1);
      node_name = child (node, "name");
      style->name = g_ascii_strdown (node_name != NULL && attr (node_name, "val") != NULL ?
                                     attr (node_name, "val") : id, -1);
      if (child (node, "basedOn") != NULL)
        style->parent = g_strdup (attr (child (node, "basedOn"), "val"));
      ppr = child (node, "pPr");
      rpr = child (node, "rPr");
      if (child (ppr, "outlineLvl") != NULL)
        {
          int level = attr_int (child (ppr, "outlineLvl"), "val", 9);

          style->outline = level >= 0 && level < 9 ? level + 1 : 0;
        }
      if (g_str_has_prefix (style->name, "heading "))
        {
          int level = dossier_import_atoi (style->name + 8);

          if (level >= 1 && level <= 9)
            style->outline = level;
        }
      else if (strcmp (style->name, "title") == 0)
        style->outline = 1;
      if (child (rpr, "b") != NULL)
        {
          style->has_bold = TRUE;
          style->bold = toggle_is_on (child (rpr, "b"));
        }
      numpr = child (ppr, "numPr");
      if (numpr != NULL && child (numpr, "numId") != NULL)
        {
          style->num_id = g_strdup (attr (child (numpr, "numId"), "val"));
          style->num_level = attr_int (child (numpr, "ilvl"), "val", 0);
        }
      g_hash_table_replace (r->styles, g_strdup (id), style);
    }
}

/* Follows a style and its parents, at most a few steps. */
static Style *
lookup_style (Reader     *r,
              const char *id,
              int         step)
{
  return id != NULL && step < 16 ? g_hash_table_lookup (r->styles, id) : NULL;
}

static int
style_outline (Reader     *r,
               const char *id)
{
  Style *style;

  for (int step = 0; (style = lookup_style (r, id, step)) != NULL; step++, id = style->parent)
    if (style->outline > 0)
      return style->outline;
  return 0;
}

static gboolean
style_bold (Reader     *r,
            const char *id)
{
  Style *style;

  for (int step = 0; (style = lookup_style (r, id, step)) != NULL; step++, id = style->parent)
    if (style->has_bold)
      return style->bold;
  return FALSE;
}

static void
docx_read_levels (Level   *levels,
                  xmlNode *node)
{
  for (xmlNode *lvl = node->children; lvl != NULL; lvl = lvl->next)
    {
      int ilvl;

      if (!is_element (lvl, "lvl"))
        continue;
      ilvl = attr_int (lvl, "ilvl", -1);
      if (ilvl < 0 || ilvl >= MAX_LEVELS)
        continue;
      levels[ilvl].start = attr_int (child (lvl, "start"), "val", 1);
      levels[ilvl].format = word_num_format (child (lvl, "numFmt") != NULL ? attr (child (lvl, "numFmt"), "val") : NULL);
      g_free (levels[ilvl].text);
      levels[ilvl].text = child (lvl, "lvlText") != NULL ? g_strdup (attr (child (lvl, "lvlText"), "val")) : NULL;
    }
}

static void
docx_read_numbering (Reader *r,
                     xmlDoc *doc)
{
  xmlNode *root = xmlDocGetRootElement (doc);

  for (xmlNode *node = root->children; node != NULL; node = node->next)
    {
      if (is_element (node, "abstractNum") && attr (node, "abstractNumId") != NULL)
        {
          List *list = g_new0 (List, 1);

          for (guint i = 0; i < MAX_LEVELS; i++)
            list->levels[i].start = 1;
          docx_read_levels (list->levels, node);
          g_hash_table_replace (r->abstract, g_strdup (attr (node, "abstractNumId")), list);
        }
      else if (is_element (node, "num") && attr (node, "numId") != NULL &&
               child (node, "abstractNumId") != NULL && attr (child (node, "abstractNumId"), "val") != NULL)
        {
          g_hash_table_replace (r->num_abstract, g_strdup (attr (node, "numId")),
                                g_strdup (attr (child (node, "abstractNumId"), "val")));
        }
    }

  /* Each numbering instance counts on its own, with its abstract levels. */
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, r->num_abstract);
    while (g_hash_table_iter_next (&iter, &key, &value))
      {
        List *abstract = g_hash_table_lookup (r->abstract, value);
        List *list;

        if (abstract == NULL)
          continue;
        list = g_new0 (List, 1);
        for (guint i = 0; i < MAX_LEVELS; i++)
          {
            list->levels[i] = abstract->levels[i];
            list->levels[i].text = g_strdup (abstract->levels[i].text);
          }
        g_hash_table_replace (r->lists, g_strdup (key), list);
      }
  }

  /* Overrides of the start value. */
  for (xmlNode *node = root->children; node != NULL; node = node->next)
    {
      List *list;

      if (!is_element (node, "num") || attr (node, "numId") == NULL ||
          (list = g_hash_table_lookup (r->lists, attr (node, "numId"))) == NULL)
        continue;
      for (xmlNode *o = node->children; o != NULL; o = o->next)
        {
          int ilvl = attr_int (o, "ilvl", -1);

          if (!is_element (o, "lvlOverride") || ilvl < 0 || ilvl >= MAX_LEVELS)
            continue;
          if (child (o, "startOverride") != NULL)
            list->levels[ilvl].start = attr_int (child (o, "startOverride"), "val", 1);
          if (child (o, "lvl") != NULL)
            {
              Level levels[MAX_LEVELS] = { { 0 } };

              docx_read_levels (levels, o);
              if (levels[ilvl].text != NULL || levels[ilvl].format != NUM_DECIMAL)
                {
                  list->levels[ilvl].format = levels[ilvl].format;
                  g_free (list->levels[ilvl].text);
                  list->levels[ilvl].text = g_steal_pointer (&levels[ilvl].text);
                }
              level_clear (levels);
            }
        }
    }
}

static void docx_read_note_body (Reader     *r,
                                 xmlNode    *note,
                                 const char *marker);

static void
docx_note_reference (Reader   *r,
                     xmlNode  *ref,
                     gboolean  endnote)
{
  const char *id = attr (ref, "id");
  xmlNode *body = id != NULL ? g_hash_table_lookup (endnote ? r->endnotes : r->footnotes, id) : NULL;
  g_autofree char *marker = NULL;
  const char *custom;

  if (r->in_note)
    return;

  custom = attr (ref, "customMarkFollows");
  if (custom != NULL && strcmp (custom, "0") != 0 && strcmp (custom, "false") != 0 &&
      strcmp (custom, "off") != 0)
    {
      /* The mark is the text of the run that follows: "*". */
      g_free (r->custom_mark);
      r->custom_mark = g_strdup (id != NULL ? id : "");
      r->custom_is_end = endnote;
      return;
    }

  if (endnote)
    marker = g_strdup_printf ("%u", ++r->endnote_count);
  else
    marker = g_strdup_printf ("%u", ++r->footnote_count);

  /* The reference is printed as a superscript, which the cleaner drops
   * from the text as it drops the Markdown's. */
  {
    g_autofree char *sup = dossier_import_superscript (marker);

    reader_text (r, sup, -1, FALSE);
  }
  if (body != NULL)
    docx_read_note_body (r, body, marker);
}

/* Reads the text of runs under @node, recursively. */
static void
docx_read_runs (Reader   *r,
                xmlNode  *node,
                gboolean  para_bold,
                int       depth)
{
  if (depth > DOSSIER_LIMIT_XML_DEPTH)
    return;

  for (xmlNode *c = node->children; c != NULL; c = c->next)
    {
      if (c->type != XML_ELEMENT_NODE)
        continue;

      if (is_element (c, "r"))
        {
          xmlNode *rpr = child (c, "rPr");
          gboolean bold = para_bold;
          gboolean super = FALSE;

          if (rpr != NULL)
            {
              if (child (rpr, "rStyle") != NULL && style_bold (r, attr (child (rpr, "rStyle"), "val")))
                bold = TRUE;
              if (child (rpr, "b") != NULL)
                bold = toggle_is_on (child (rpr, "b"));
              if (child (rpr, "vertAlign") != NULL && g_strcmp0 (attr (child (rpr, "vertAlign"), "val"), "superscript") == 0)
                super = TRUE;
            }

          for (xmlNode *t = c->children; t != NULL; t = t->next)
            {
              if (is_element (t, "t"))
                {
                  g_autofree char *text = (char *) xmlNodeGetContent (t);

                  if (text == NULL)
                    continue;
                  if (r->custom_mark != NULL)
                    {
                      /* "*" after a custom-mark reference: the body keeps it, as
                       * printed, and the note is read with it. */
                      g_autofree char *id = g_steal_pointer (&r->custom_mark);
                      xmlNode *body = g_hash_table_lookup (r->custom_is_end ? r->endnotes : r->footnotes, id);

                      reader_text (r, text, -1, bold);
                      if (body != NULL)
                        docx_read_note_body (r, body, g_strstrip (text));
                      continue;
                    }
                  if (super && text[0] != '\0' && strspn (text, "0123456789") == strlen (text))
                    {
                      g_autofree char *sup = dossier_import_superscript (text);

                      reader_text (r, sup, -1, FALSE);
                    }
                  else
                    reader_text (r, text, -1, bold);
                }
              else if (is_element (t, "tab") || is_element (t, "ptab"))
                reader_text (r, "\t", 1, FALSE);
              else if (is_element (t, "br"))
                {
                  const char *type = attr (t, "type");

                  if (type == NULL || strcmp (type, "textWrapping") == 0)
                    reader_newline (r);
                }
              else if (is_element (t, "cr"))
                reader_newline (r);
              else if (is_element (t, "noBreakHyphen"))
                reader_text (r, "-", 1, bold);
              else if (is_element (t, "footnoteReference"))
                docx_note_reference (r, t, FALSE);
              else if (is_element (t, "endnoteReference"))
                docx_note_reference (r, t, TRUE);
            }
        }
      else if (is_element (c, "del") || is_element (c, "moveFrom") || is_element (c, "pPr") ||
               is_element (c, "rPr") || is_element (c, "instrText") || is_element (c, "delText") ||
               is_element (c, "sdtPr") || is_element (c, "sdtEndPr") || is_element (c, "Fallback"))
        {
          continue;
        }
      else
        {
          /* Hyperlinks, insertions, smart tags, fields, content controls;
           * of alternative content, the first choice only. */
          docx_read_runs (r, c, para_bold, depth + 1);
        }
    }
}

static void
docx_read_note_body (Reader     *r,
                     xmlNode    *note,
                     const char *marker)
{
  gboolean was_in_note = r->in_note;

  if (was_in_note)
    return;
  r->in_note = TRUE;
  g_string_truncate (r->note_text, 0);
  for (xmlNode *p = note->children; p != NULL; p = p->next)
    {
      if (!is_element (p, "p"))
        continue;
      if (r->note_text->len > 0)
        g_string_append_c (r->note_text, ' ');
      docx_read_runs (r, p, FALSE, 0);
    }
  r->in_note = FALSE;

  /* Word writes the note's own number first, as a footnoteRef run. */
  add_note (r, marker, r->note_text->str);
}

static void
docx_read_paragraph (Reader  *r,
                     xmlNode *p)
{
  xmlNode *ppr = child (p, "pPr");
  const char *style_id = NULL;
  int outline = 0;
  gboolean bold;
  const char *num_id = NULL;
  int num_level = 0;
  Style *style;

  if (ppr != NULL && child (ppr, "pStyle") != NULL)
    style_id = attr (child (ppr, "pStyle"), "val");
  outline = style_outline (r, style_id);
  if (ppr != NULL && child (ppr, "outlineLvl") != NULL)
    {
      int level = attr_int (child (ppr, "outlineLvl"), "val", 9);

      outline = level >= 0 && level < 9 ? level + 1 : 0;
    }
  bold = style_bold (r, style_id);
  if (ppr != NULL && child (ppr, "rPr") != NULL && child (child (ppr, "rPr"), "b") != NULL)
    bold = bold || toggle_is_on (child (child (ppr, "rPr"), "b"));

  /* Numbering set on the paragraph, or inherited from its style. */
  if (ppr != NULL && child (ppr, "numPr") != NULL)
    {
      xmlNode *numpr = child (ppr, "numPr");

      num_id = child (numpr, "numId") != NULL ? attr (child (numpr, "numId"), "val") : NULL;
      num_level = attr_int (child (numpr, "ilvl"), "val", 0);
    }
  for (int step = 0; num_id == NULL && (style = lookup_style (r, style_id, step)) != NULL;
       step++, style_id = style->parent)
    {
      if (style->num_id != NULL)
        {
          num_id = style->num_id;
          num_level = style->num_level;
        }
    }

  if (num_id != NULL && strcmp (num_id, "0") != 0 && g_hash_table_lookup (r->lists, num_id) != NULL)
    start_numbered (r, g_hash_table_lookup (r->lists, num_id), num_level, TRUE, MIN (outline, 6));
  else if (outline > 0)
    dossier_raw_builder_start (&r->builder, DOSSIER_RAW_HEADING, MIN (outline, 6), 0);
  else
    dossier_raw_builder_start (&r->builder, DOSSIER_RAW_PARAGRAPH, 0, 0);

  docx_read_runs (r, p, bold, 0);
  dossier_raw_builder_end (&r->builder);
}

static void docx_read_container (Reader  *r,
                                 xmlNode *node,
                                 int      depth);
static void odt_read_container  (Reader  *r,
                                 xmlNode *node,
                                 int      depth);

/* A table row per line "| a | b |", as Markdown writes a table. */
static void
read_table_row (Reader   *r,
                xmlNode  *row,
                gboolean  word,
                int       depth)
{
  g_autoptr(GString) line = g_string_new ("|");
  GPtrArray *raws = r->builder.raws;
  DossierRawBuilder saved = r->builder;
  g_autoptr(GPtrArray) cell_raws = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_raw_free);

  for (xmlNode *cell = row->children; cell != NULL; cell = cell->next)
    {
      if (!is_element (cell, word ? "tc" : "table-cell"))
        continue;

      /* Read the cell into raws of its own, then flatten them. */
      dossier_raw_builder_init (&r->builder, cell_raws);
      if (word)
        docx_read_container (r, cell, depth + 1);
      else
        odt_read_container (r, cell, depth + 1);
      dossier_raw_builder_end (&r->builder);
      dossier_raw_builder_clear (&r->builder);

      g_string_append_c (line, ' ');
      for (guint i = 0; i < cell_raws->len; i++)
        {
          DossierRaw *raw = g_ptr_array_index (cell_raws, i);

          for (guint k = 0; k < raw->lines->len; k++)
            {
              g_autofree char *text = g_strdelimit (g_strdup (g_ptr_array_index (raw->lines, k)), "|\t", ' ');

              if (line->len > 2 && line->str[line->len - 1] != ' ')
                g_string_append_c (line, ' ');
              g_string_append (line, text);
            }
        }
      g_ptr_array_set_size (cell_raws, 0);
      g_string_append (line, " |");
    }

  r->builder = saved;
  r->builder.raws = raws;
  if (line->len > 1)
    {
      if (r->builder.current == NULL || r->builder.current->kind != DOSSIER_RAW_PARAGRAPH ||
          r->builder.current->lines->len == 0 ||
          ((const char *) g_ptr_array_index (r->builder.current->lines, 0))[0] != '|')
        dossier_raw_builder_start (&r->builder, DOSSIER_RAW_PARAGRAPH, 0, 0);
      dossier_raw_builder_append (&r->builder, line->str, line->len, FALSE);
      dossier_raw_builder_newline (&r->builder);
    }
}

static void
read_table_rows (Reader   *r,
                 xmlNode  *table,
                 gboolean  word,
                 int       depth)
{
  if (depth > DOSSIER_LIMIT_XML_DEPTH)
    return;

  for (xmlNode *c = table->children; c != NULL; c = c->next)
    {
      if (is_element (c, word ? "tr" : "table-row"))
        read_table_row (r, c, word, depth);
      else if (!word && (is_element (c, "table-header-rows") || is_element (c, "table-rows") ||
                         is_element (c, "table-row-group")))
        read_table_rows (r, c, word, depth + 1);
    }
}

/* A table is one raw block of "| a | b |" lines. */
static void
read_table (Reader   *r,
            xmlNode  *table,
            gboolean  word,
            int       depth)
{
  dossier_raw_builder_end (&r->builder);
  read_table_rows (r, table, word, depth);
  dossier_raw_builder_end (&r->builder);
}

static void
docx_read_container (Reader  *r,
                     xmlNode *node,
                     int      depth)
{
  if (depth > DOSSIER_LIMIT_XML_DEPTH)
    return;

  for (xmlNode *c = node->children; c != NULL && !dossier_raw_builder_is_full (&r->builder); c = c->next)
    {
      if (is_element (c, "p"))
        docx_read_paragraph (r, c);
      else if (is_element (c, "tbl"))
        read_table (r, c, TRUE, depth + 1);
      else if (is_element (c, "sdt"))
        {
          /* A content control; a table of contents is left out. */
          xmlNode *pr = child (c, "sdtPr");
          xmlNode *gallery = child (child (pr, "docPartObj"), "docPartGallery");

          if (gallery != NULL && g_strcmp0 (attr (gallery, "val"), "Table of Contents") == 0)
            continue;
          if (child (c, "sdtContent") != NULL)
            docx_read_container (r, child (c, "sdtContent"), depth + 1);
        }
      else if (is_element (c, "customXml") || is_element (c, "smartTag") || is_element (c, "ins"))
        docx_read_container (r, c, depth + 1);
    }
}

static void
docx_index_notes (GHashTable *table,
                  xmlDoc     *doc)
{
  xmlNode *root = doc != NULL ? xmlDocGetRootElement (doc) : NULL;

  for (xmlNode *n = root != NULL ? root->children : NULL; n != NULL; n = n->next)
    {
      const char *type;

      if (!(is_element (n, "footnote") || is_element (n, "endnote")) || attr (n, "id") == NULL)
        continue;
      type = attr (n, "type");
      if (type != NULL && strcmp (type, "normal") != 0)
        continue;
      g_hash_table_replace (table, g_strdup (attr (n, "id")), n);
    }
}

static DossierParsedDocument *
read_docx (const char    *name,
           const guint8  *data,
           gsize          length,
           GError       **error)
{
  Entry entries[] = {
    { "word/document.xml", NULL },
    { "word/styles.xml", NULL },
    { "word/numbering.xml", NULL },
    { "word/footnotes.xml", NULL },
    { "word/endnotes.xml", NULL },
  };
  g_autoptr(xmlDoc) document = NULL;
  g_autoptr(xmlDoc) styles = NULL;
  g_autoptr(xmlDoc) numbering = NULL;
  g_autoptr(xmlDoc) footnotes = NULL;
  g_autoptr(xmlDoc) endnotes = NULL;
  g_autoptr(GPtrArray) raws = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_raw_free);
  xmlNode *body;
  Reader r;
  gboolean ok = TRUE;

  if (!read_archive (name, data, length, entries, G_N_ELEMENTS (entries), error))
    return NULL;
  if (entries[0].bytes == NULL)
    {
      clear_entries (entries, G_N_ELEMENTS (entries));
      set_damaged_error (name, error);
      return NULL;
    }

  document = read_xml (name, entries[0].bytes, error);
  ok = document != NULL;
  if (ok && entries[1].bytes != NULL)
    ok = (styles = read_xml (name, entries[1].bytes, error)) != NULL;
  if (ok && entries[2].bytes != NULL)
    ok = (numbering = read_xml (name, entries[2].bytes, error)) != NULL;
  if (ok && entries[3].bytes != NULL)
    ok = (footnotes = read_xml (name, entries[3].bytes, error)) != NULL;
  if (ok && entries[4].bytes != NULL)
    ok = (endnotes = read_xml (name, entries[4].bytes, error)) != NULL;
  clear_entries (entries, G_N_ELEMENTS (entries));
  if (!ok)
    return NULL;

  reader_init (&r, name, raws);
  if (styles != NULL)
    docx_read_styles (&r, styles);
  if (numbering != NULL)
    docx_read_numbering (&r, numbering);
  docx_index_notes (r.footnotes, footnotes);
  docx_index_notes (r.endnotes, endnotes);

  body = child (xmlDocGetRootElement (document), "body");
  if (body != NULL)
    docx_read_container (&r, body, 0);
  dossier_raw_builder_end (&r.builder);
  emit_notes (&r);
  reader_clear (&r);

  return dossier_import_build (name, "docx", raws, error);
}

/* OpenDocument */

static void
odt_read_styles (Reader  *r,
                 xmlNode *container)
{
  for (xmlNode *node = container != NULL ? container->children : NULL; node != NULL; node = node->next)
    {
      if (is_element (node, "style") && attr (node, "name") != NULL)
        {
          Style *style = g_new0 (Style, 1);
          xmlNode *props = child (node, "text-properties");
          const char *display = attr (node, "display-name");

          style->name = g_ascii_strdown (display != NULL ? display : attr (node, "name"), -1);
          style->parent = g_strdup (attr (node, "parent-style-name"));
          if (attr (node, "default-outline-level") != NULL)
            style->outline = CLAMP (attr_int (node, "default-outline-level", 0), 0, 9);
          if (strcmp (style->name, "title") == 0)
            style->outline = 1;
          if (props != NULL && attr (props, "font-weight") != NULL)
            {
              const char *weight = attr (props, "font-weight");

              style->has_bold = TRUE;
              style->bold = strcmp (weight, "bold") == 0 || dossier_import_atoi (weight) >= 600;
            }
          if (props != NULL && attr (props, "text-position") != NULL)
            style->super = g_str_has_prefix (attr (props, "text-position"), "super") ||
                           (g_ascii_isdigit (attr (props, "text-position")[0]) &&
                            dossier_import_atoi (attr (props, "text-position")) > 0);
          if (attr (node, "list-style-name") != NULL)
            style->num_id = g_strdup (attr (node, "list-style-name"));
          g_hash_table_replace (r->styles, g_strdup (attr (node, "name")), style);
        }
      else if ((is_element (node, "list-style") && attr (node, "name") != NULL) ||
               is_element (node, "outline-style"))
        {
          List *list = g_new0 (List, 1);

          for (xmlNode *lvl = node->children; lvl != NULL; lvl = lvl->next)
            {
              int level = attr_int (lvl, "level", 0) - 1;
              const char *format;

              if (level < 0 || level >= MAX_LEVELS)
                continue;
              if (is_element (lvl, "list-level-style-bullet"))
                list->levels[level].format = NUM_BULLET;
              else if (is_element (lvl, "list-level-style-number") || is_element (lvl, "outline-level-style"))
                {
                  format = attr (lvl, "num-format");
                  if (format == NULL || *format == '\0')
                    list->levels[level].format = NUM_NONE;
                  else if (strcmp (format, "a") == 0)
                    list->levels[level].format = NUM_LOWER_LETTER;
                  else if (strcmp (format, "A") == 0)
                    list->levels[level].format = NUM_UPPER_LETTER;
                  else if (strcmp (format, "i") == 0)
                    list->levels[level].format = NUM_LOWER_ROMAN;
                  else if (strcmp (format, "I") == 0)
                    list->levels[level].format = NUM_UPPER_ROMAN;
                  else
                    list->levels[level].format = NUM_DECIMAL;
                  list->levels[level].start = attr_int (lvl, "start-value", 1);
                  /* prefix '\t' suffix; a level given twice keeps the last. */
                  g_free (list->levels[level].text);
                  list->levels[level].text = g_strdup_printf ("%s\t%s",
                                                              attr (lvl, "num-prefix") != NULL ? attr (lvl, "num-prefix") : "",
                                                              attr (lvl, "num-suffix") != NULL ? attr (lvl, "num-suffix") : "");
                }
              else
                list->levels[level].format = NUM_NONE;
            }
          for (guint i = 0; i < MAX_LEVELS; i++)
            if (list->levels[i].start == 0)
              list->levels[i].start = 1;
          g_hash_table_replace (r->lists, g_strdup (is_element (node, "outline-style") ? OUTLINE_KEY : attr (node, "name")),
                                list);
        }
    }
}

static void odt_read_inline (Reader   *r,
                             xmlNode  *node,
                             gboolean  bold,
                             int       depth);

static void
odt_read_note (Reader  *r,
               xmlNode *note)
{
  xmlNode *citation = child (note, "note-citation");
  xmlNode *body = child (note, "note-body");
  g_autofree char *mark = citation != NULL ? (char *) xmlNodeGetContent (citation) : NULL;
  const char *label = citation != NULL ? attr (citation, "label") : NULL;
  gboolean endnote = g_strcmp0 (attr (note, "note-class"), "endnote") == 0;
  g_autofree char *marker = NULL;

  if (r->in_note)
    return;

  if (label != NULL && *label != '\0')
    marker = g_strdup (label);
  else if (mark != NULL && *g_strstrip (mark) != '\0' && !g_ascii_isdigit (mark[0]))
    marker = g_strdup (mark);
  else
    marker = g_strdup_printf ("%u", endnote ? ++r->endnote_count : ++r->footnote_count);

  if (g_ascii_isdigit (marker[0]))
    {
      g_autofree char *sup = dossier_import_superscript (marker);

      reader_text (r, sup, -1, FALSE);
    }
  else
    reader_text (r, marker, -1, FALSE);

  if (body == NULL)
    return;
  r->in_note = TRUE;
  g_string_truncate (r->note_text, 0);
  for (xmlNode *p = body->children; p != NULL; p = p->next)
    {
      if (!(is_element (p, "p") || is_element (p, "h")))
        continue;
      if (r->note_text->len > 0)
        g_string_append_c (r->note_text, ' ');
      odt_read_inline (r, p, FALSE, 0);
    }
  r->in_note = FALSE;
  add_note (r, marker, r->note_text->str);
}

static void
odt_read_inline (Reader   *r,
                 xmlNode  *node,
                 gboolean  bold,
                 int       depth)
{
  if (depth > DOSSIER_LIMIT_XML_DEPTH)
    return;

  for (xmlNode *c = node->children; c != NULL; c = c->next)
    {
      if (c->type == XML_TEXT_NODE)
        {
          reader_text (r, (const char *) c->content, -1, bold);
          continue;
        }
      if (c->type != XML_ELEMENT_NODE)
        continue;

      if (is_element (c, "s"))
        {
          int n = CLAMP (attr_int (c, "c", 1), 1, 64);

          for (int i = 0; i < n; i++)
            reader_text (r, " ", 1, FALSE);
        }
      else if (is_element (c, "tab"))
        reader_text (r, "\t", 1, FALSE);
      else if (is_element (c, "line-break"))
        reader_newline (r);
      else if (is_element (c, "number"))
        {
          /* The number a heading or item shows, as the writer formatted it. */
          g_autofree char *number = (char *) xmlNodeGetContent (c);

          if (number != NULL && *number != '\0')
            {
              reader_text (r, number, -1, bold);
              reader_text (r, " ", 1, bold);
            }
        }
      else if (is_element (c, "note"))
        odt_read_note (r, c);
      else if (is_element (c, "span") || is_element (c, "a") || is_element (c, "meta") ||
               is_element (c, "ruby") || is_element (c, "ruby-base"))
        {
          const char *style_id = attr (c, "style-name");
          Style *style = lookup_style (r, style_id, 0);
          gboolean span_bold = bold;

          if (style_id != NULL)
            {
              for (int step = 0; (style = lookup_style (r, style_id, step)) != NULL; step++, style_id = style->parent)
                if (style->has_bold)
                  {
                    span_bold = style->bold;
                    break;
                  }
              style = lookup_style (r, attr (c, "style-name"), 0);
            }
          if (style != NULL && style->super)
            {
              g_autofree char *text = (char *) xmlNodeGetContent (c);

              if (text != NULL && text[0] != '\0' && strspn (text, "0123456789") == strlen (text))
                {
                  g_autofree char *sup = dossier_import_superscript (text);

                  reader_text (r, sup, -1, FALSE);
                  continue;
                }
            }
          odt_read_inline (r, c, span_bold, depth + 1);
        }
      else if (is_element (c, "annotation") || is_element (c, "frame") || is_element (c, "tracked-changes") ||
               is_element (c, "bookmark") || is_element (c, "bookmark-start") || is_element (c, "bookmark-end") ||
               is_element (c, "soft-page-break") || is_element (c, "change") || is_element (c, "change-start") ||
               is_element (c, "change-end"))
        continue;
      else
        {
          /* Fields (dates, page numbers, sequences): their shown text. */
          odt_read_inline (r, c, bold, depth + 1);
        }
    }
}

static void
odt_read_paragraph (Reader   *r,
                    xmlNode  *p,
                    gboolean  heading,
                    List     *list,
                    int       list_level,
                    gboolean  first_in_item)
{
  const char *style_id = attr (p, "style-name");
  int outline = heading ? CLAMP (attr_int (p, "outline-level", 1), 1, 9) : style_outline (r, style_id);
  gboolean bold = style_bold (r, style_id);

  List *outline_list = g_hash_table_lookup (r->lists, OUTLINE_KEY);

  /* Only text:h elements take the outline's numbers. */
  if (heading && outline > 0 && list == NULL && outline_list != NULL && child (p, "number") == NULL &&
      g_strcmp0 (attr (p, "is-list-header"), "true") != 0)
    start_numbered (r, outline_list, outline - 1, FALSE, MIN (outline, 6));
  else if (outline > 0 && list == NULL)
    dossier_raw_builder_start (&r->builder, DOSSIER_RAW_HEADING, MIN (outline, 6), 0);
  else if (list != NULL && first_in_item)
    start_numbered (r, list, list_level, FALSE, 0);
  else
    dossier_raw_builder_start (&r->builder, DOSSIER_RAW_PARAGRAPH, 0, 0);

  odt_read_inline (r, p, bold, 0);
  dossier_raw_builder_end (&r->builder);
}

static void
odt_read_list (Reader     *r,
               xmlNode    *node,
               const char *list_style,
               int         level,
               int         depth)
{
  const char *own = attr (node, "style-name");
  List *list;

  if (depth > DOSSIER_LIMIT_XML_DEPTH)
    return;
  if (own != NULL)
    list_style = own;
  list = list_style != NULL ? g_hash_table_lookup (r->lists, list_style) : NULL;

  for (xmlNode *item = node->children; item != NULL; item = item->next)
    {
      gboolean first = TRUE;

      if (!(is_element (item, "list-item") || is_element (item, "list-header")))
        continue;
      if (list != NULL && attr (item, "start-value") != NULL && level < MAX_LEVELS)
        {
          list->counters[level] = attr_int (item, "start-value", 1) - 1;
          list->last_level = level;
        }

      for (xmlNode *c = item->children; c != NULL; c = c->next)
        {
          if (is_element (c, "p") || is_element (c, "h"))
            {
              odt_read_paragraph (r, c, is_element (c, "h") && list == NULL,
                                  is_element (item, "list-item") ? list : NULL, level, first);
              first = FALSE;
            }
          else if (is_element (c, "list"))
            odt_read_list (r, c, list_style, level + 1, depth + 1);
          else
            odt_read_container (r, c, depth + 1);
        }
    }
}

static void
odt_read_container (Reader  *r,
                    xmlNode *node,
                    int      depth)
{
  if (depth > DOSSIER_LIMIT_XML_DEPTH)
    return;

  for (xmlNode *c = node->children; c != NULL && !dossier_raw_builder_is_full (&r->builder); c = c->next)
    {
      if (c->type != XML_ELEMENT_NODE)
        continue;
      if (is_element (c, "p"))
        {
          List *list = NULL;
          Style *style = lookup_style (r, attr (c, "style-name"), 0);

          /* A paragraph style may carry its own numbering. */
          if (style != NULL && style->num_id != NULL)
            list = g_hash_table_lookup (r->lists, style->num_id);
          odt_read_paragraph (r, c, FALSE, list, 0, TRUE);
        }
      else if (is_element (c, "h"))
        odt_read_paragraph (r, c, TRUE, NULL, 0, TRUE);
      else if (is_element (c, "list"))
        odt_read_list (r, c, NULL, 0, depth + 1);
      else if (is_element (c, "table"))
        read_table (r, c, FALSE, depth + 1);
      else if (is_element (c, "section") || is_element (c, "text") || is_element (c, "body") ||
               is_element (c, "table-cell"))
        odt_read_container (r, c, depth + 1);
      /* Tables of contents, indexes, forms, shapes and tracked changes are left out. */
    }
}

static gboolean
odt_mimetype_is_text (GBytes *bytes)
{
  gsize size = 0;
  const char *data = bytes != NULL ? g_bytes_get_data (bytes, &size) : NULL;
  static const char text[] = "application/vnd.oasis.opendocument.text";

  /* No mimetype entry: judged by its content only. Text templates and
   * master documents are text too. */
  return data == NULL || (size >= sizeof text - 1 && memcmp (data, text, sizeof text - 1) == 0);
}

static DossierParsedDocument *
read_odt (const char    *name,
          const guint8  *data,
          gsize          length,
          GError       **error)
{
  Entry entries[] = {
    { "content.xml", NULL },
    { "styles.xml", NULL },
    { "mimetype", NULL },
  };
  g_autoptr(xmlDoc) content = NULL;
  g_autoptr(xmlDoc) styles = NULL;
  g_autoptr(GPtrArray) raws = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_raw_free);
  xmlNode *root;
  xmlNode *body;
  Reader r;

  if (!read_archive (name, data, length, entries, G_N_ELEMENTS (entries), error))
    return NULL;
  if (!odt_mimetype_is_text (entries[2].bytes))
    {
      clear_entries (entries, G_N_ELEMENTS (entries));
      g_set_error (error, DOSSIER_IMPORT_ERROR, DOSSIER_IMPORT_ERROR_UNSUPPORTED,
                   _("“%s” is an OpenDocument spreadsheet, presentation or drawing; Dossier reads "
                     "text documents (.odt)."), name);
      return NULL;
    }
  if (entries[0].bytes == NULL)
    {
      clear_entries (entries, G_N_ELEMENTS (entries));
      set_damaged_error (name, error);
      return NULL;
    }

  content = read_xml (name, entries[0].bytes, error);
  if (content != NULL && entries[1].bytes != NULL)
    styles = read_xml (name, entries[1].bytes, error);
  clear_entries (entries, G_N_ELEMENTS (entries));
  if (content == NULL || (styles == NULL && error != NULL && *error != NULL))
    return NULL;

  reader_init (&r, name, raws);
  /* Common styles first, so that automatic styles can name them as parents. */
  if (styles != NULL)
    {
      xmlNode *sroot = xmlDocGetRootElement (styles);

      odt_read_styles (&r, child (sroot, "styles"));
      odt_read_styles (&r, child (sroot, "automatic-styles"));
    }
  root = xmlDocGetRootElement (content);
  odt_read_styles (&r, child (root, "automatic-styles"));

  body = child (child (root, "body"), "text");
  if (body != NULL)
    odt_read_container (&r, body, 0);
  dossier_raw_builder_end (&r.builder);
  emit_notes (&r);
  reader_clear (&r);

  return dossier_import_build (name, "odt", raws, error);
}

/* Public entry points */

DossierParsedDocument *
dossier_import_parse_docx (const char    *name,
                           const guint8  *data,
                           gsize          length,
                           GError       **error)
{
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length > DOSSIER_LIMIT_FILE_SIZE)
    {
      set_unsafe_error (name, error);
      return NULL;
    }
  return read_docx (name, data, length, error);
}

DossierParsedDocument *
dossier_import_parse_odt (const char    *name,
                          const guint8  *data,
                          gsize          length,
                          GError       **error)
{
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length > DOSSIER_LIMIT_FILE_SIZE)
    {
      set_unsafe_error (name, error);
      return NULL;
    }
  return read_odt (name, data, length, error);
}
