/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Draft exports read back by real readers: Markdown by cmark, HTML and the parts
 * of the OpenDocument file by libxml2, the .odt archive by libarchive and then by
 * LibreOffice (converted to PDF, its text read by pdftotext), JSON by json-glib and
 * by Dossier's own importer. A draft of three paragraphs from two documents of the
 * bundled corpus, with its citations in a known order, is the subject of each.
 */

#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <cmark.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <string.h>

#include "dossier-draft-export.h"
#include "dossier-draft.h"
#include "dossier-store.h"

#define CCPCJ_TITLE "Trafficking in human beings, especially women and children"

/* The citations in the order the excerpts appear in the draft. */
static const char *const expected_citations[] = {
  "E/CN.4/2003/74, para. 16",
  "E/CN.4/2003/74, para. 12",
  CCPCJ_TITLE ", para. 15",
  "E/CN.4/2003/74, para. 16",
};

#define SECTION_TEXT "Participants agreed on <three> points & more.\n\nA second paragraph of our own."

typedef struct
{
  char         *dir;
  DossierStore *store;
  gint64        draft_id;
  DossierDraft *draft;
} Fixture;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

static gint64
import_corpus_file (DossierStore *store,
                    const char   *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("DOSSIER_DATA_DIR"), "corpus", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  DossierImportOutcome outcome;
  gint64 id = 0;

  g_assert_true (dossier_store_import_file (store, file, NULL, &outcome, &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static gint64
paragraph (DossierStore *store,
           gint64        document_id,
           const char   *label)
{
  g_autoptr(GPtrArray) blocks = NULL;
  g_autoptr(GError) error = NULL;

  blocks = dossier_store_get_blocks (store, document_id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < blocks->len; i++)
    {
      DossierBlock *block = g_ptr_array_index (blocks, i);

      if (g_strcmp0 (block->label, label) == 0)
        return block->id;
    }
  g_error ("Document %" G_GINT64_FORMAT " has no paragraph %s", document_id, label);
  return 0;
}

static gint64
section_named (DossierDraft *draft,
               const char   *title)
{
  for (guint i = 0; i < draft->sections->len; i++)
    {
      DossierDraftSection *section = g_ptr_array_index (draft->sections, i);

      if (g_strcmp0 (section->title, title) == 0)
        return section->id;
    }
  g_error ("No section %s", title);
  return 0;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierDraft) draft = NULL;
  g_autofree char *path = NULL;
  gint64 report, note;

  f->dir = g_dir_make_tmp ("dossier-draft-export-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "corpus.db", NULL);
  f->store = dossier_store_open (path, &error);
  g_assert_no_error (error);

  report = import_corpus_file (f->store, "E-CN.4-2003-74-traffic-in-women-and-girls.md");
  note = import_corpus_file (f->store, "ccpcj-2003-note-trafficking-in-human-beings.md");

  g_assert_true (dossier_draft_new (f->store, "Chairs' summary <draft> & notes", NULL, &f->draft_id, &error));
  g_assert_no_error (error);
  draft = dossier_draft_load (f->store, f->draft_id, &error);
  g_assert_no_error (error);

  g_assert_true (dossier_draft_set_section_text (f->store, section_named (draft, "Introduction"),
                                                 SECTION_TEXT, &error));
  g_assert_true (dossier_draft_add_excerpt (f->store, f->draft_id, section_named (draft, "Introduction"),
                                            paragraph (f->store, report, "16"), -1, -1,
                                            "Key point", NULL, &error));
  g_assert_true (dossier_draft_add_excerpt (f->store, f->draft_id, section_named (draft, "Key findings"),
                                            paragraph (f->store, report, "12"), -1, -1, NULL, NULL, &error));
  g_assert_true (dossier_draft_add_excerpt (f->store, f->draft_id, section_named (draft, "Key findings"),
                                            paragraph (f->store, note, "15"), -1, -1, NULL, NULL, &error));
  /* Part of a paragraph, quoted a second time: a citation of its own. */
  g_assert_true (dossier_draft_add_excerpt (f->store, f->draft_id, section_named (draft, "Conclusions"),
                                            paragraph (f->store, report, "16"), 4, 44, NULL, NULL, &error));
  g_assert_no_error (error);

  f->draft = dossier_draft_load (f->store, f->draft_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dossier_draft_count_excerpts (f->draft), ==, G_N_ELEMENTS (expected_citations));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->draft, dossier_draft_free);
  g_assert_finalize_object (f->store);
  remove_tree (f->dir);
  g_free (f->dir);
}

static char *
export_string (Fixture            *f,
               DossierDraftFormat  format,
               const char         *language)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = dossier_draft_export (f->draft, format, language, &error);
  gsize size;
  const char *data;

  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  data = g_bytes_get_data (bytes, &size);
  g_assert_true (g_utf8_validate (data, size, NULL));
  return g_strndup (data, size);
}

/* The normalised text of an XML node, whitespace runs folded to one space. */
static char *
xml_text (xmlNode *node)
{
  xmlChar *content = xmlNodeGetContent (node);
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = (const char *) content; p != NULL && *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        space = out->len > 0;
      else
        {
          if (space)
            g_string_append_c (out, ' ');
          space = FALSE;
          g_string_append_c (out, *p);
        }
    }
  xmlFree (content);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static xmlXPathObject *
xpath (xmlDoc     *doc,
       const char *expression)
{
  xmlXPathContext *context = xmlXPathNewContext (doc);
  xmlXPathObject *result;

  xmlXPathRegisterNs (context, BAD_CAST "h", BAD_CAST "http://www.w3.org/1999/xhtml");
  xmlXPathRegisterNs (context, BAD_CAST "office", BAD_CAST "urn:oasis:names:tc:opendocument:xmlns:office:1.0");
  xmlXPathRegisterNs (context, BAD_CAST "text", BAD_CAST "urn:oasis:names:tc:opendocument:xmlns:text:1.0");
  xmlXPathRegisterNs (context, BAD_CAST "style", BAD_CAST "urn:oasis:names:tc:opendocument:xmlns:style:1.0");
  xmlXPathRegisterNs (context, BAD_CAST "manifest", BAD_CAST "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0");
  xmlXPathRegisterNs (context, BAD_CAST "dc", BAD_CAST "http://purl.org/dc/elements/1.1/");
  result = xmlXPathEvalExpression (BAD_CAST expression, context);
  xmlXPathFreeContext (context);
  g_assert_nonnull (result);
  return result;
}

static guint
xpath_count (xmlDoc     *doc,
             const char *expression)
{
  xmlXPathObject *result = xpath (doc, expression);
  guint n = result->nodesetval != NULL ? (guint) result->nodesetval->nodeNr : 0;

  xmlXPathFreeObject (result);
  return n;
}

static char *
xpath_text (xmlDoc     *doc,
            const char *expression,
            guint       index)
{
  xmlXPathObject *result = xpath (doc, expression);
  char *text;

  g_assert_nonnull (result->nodesetval);
  g_assert_cmpint (result->nodesetval->nodeNr, >, (int) index);
  text = xml_text (result->nodesetval->nodeTab[index]);
  xmlXPathFreeObject (result);
  return text;
}

/* Strict XML: any error, even a recoverable one, fails the test. */
static xmlDoc *
parse_xml (const char *data,
           gsize       size,
           const char *name)
{
  xmlDoc *doc = xmlReadMemory (data, (int) size, name, "UTF-8",
                               XML_PARSE_NONET | XML_PARSE_NOWARNING);

  if (doc == NULL)
    {
      const xmlError *error = xmlGetLastError ();

      g_error ("%s is not well-formed XML: %s", name, error != NULL ? error->message : "?");
    }
  return doc;
}

/* Markdown */

/* The literal text of a node and its inline children, a line for each line. */
static void
append_cmark_text (GString    *out,
                   cmark_node *node)
{
  for (cmark_node *child = cmark_node_first_child (node); child != NULL; child = cmark_node_next (child))
    {
      switch (cmark_node_get_type (child))
        {
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE:
          g_string_append (out, cmark_node_get_literal (child));
          break;
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
          g_string_append_c (out, '\n');
          break;
        default:
          append_cmark_text (out, child);
          break;
        }
    }
}

static char *
cmark_text (cmark_node *node)
{
  GString *out = g_string_new (NULL);

  append_cmark_text (out, node);
  return g_string_free (out, FALSE);
}

static void
test_markdown (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *markdown = export_string (f, DOSSIER_DRAFT_FORMAT_MARKDOWN, "en");
  g_autoptr(GPtrArray) headings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) definitions = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) body = g_string_new (NULL);
  cmark_node *root = cmark_parse_document (markdown, strlen (markdown), CMARK_OPT_DEFAULT);
  cmark_iter *iter = cmark_iter_new (root);
  cmark_event_type event;
  guint n_quotes = 0, next_ref = 1, n_refs = 0;
  const char *p;

  g_assert_nonnull (root);
  while ((event = cmark_iter_next (iter)) != CMARK_EVENT_DONE)
    {
      cmark_node *node = cmark_iter_get_node (iter);

      if (event != CMARK_EVENT_ENTER)
        continue;
      switch (cmark_node_get_type (node))
        {
        case CMARK_NODE_HEADING:
          {
            g_autofree char *text = cmark_text (node);

            g_ptr_array_add (headings, g_strdup_printf ("%d %s", cmark_node_get_heading_level (node), text));
          }
          break;
        case CMARK_NODE_BLOCK_QUOTE:
          n_quotes++;
          break;
        case CMARK_NODE_PARAGRAPH:
          {
            g_autofree char *text = cmark_text (node);
            g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

            /* Footnote definitions, "[^1]: citation", are lines of their own;
             * consecutive ones make one paragraph for CommonMark. */
            for (guint i = 0; lines[i] != NULL; i++)
              {
                if (g_str_has_prefix (lines[i], "[^") && strstr (lines[i], "]: ") != NULL)
                  g_ptr_array_add (definitions, g_strdup (lines[i]));
                else
                  g_string_append_printf (body, "%s\n", lines[i]);
              }
          }
          break;
        default:
          break;
        }
    }
  cmark_iter_free (iter);
  cmark_node_free (root);

  /* The title, then the four sections of a meeting summary, in order. */
  g_assert_cmpuint (headings->len, ==, 5);
  g_assert_cmpstr (headings->pdata[0], ==, "1 Chairs' summary <draft> & notes");
  g_assert_cmpstr (headings->pdata[1], ==, "2 Introduction");
  g_assert_cmpstr (headings->pdata[2], ==, "2 Key findings");
  g_assert_cmpstr (headings->pdata[3], ==, "2 Conclusions");
  g_assert_cmpstr (headings->pdata[4], ==, "2 Recommendations");
  g_assert_cmpuint (n_quotes, ==, G_N_ELEMENTS (expected_citations));

  /* The rapporteur's text survives as text, <three> and & included. */
  g_assert_nonnull (strstr (body->str, "Participants agreed on <three> points & more."));
  g_assert_nonnull (strstr (body->str, "A second paragraph of our own."));
  g_assert_nonnull (strstr (body->str, "Witness protection can be difficult"));
  g_assert_nonnull (strstr (body->str, "Note: Key point"));

  /* Footnote references are numbered 1, 2, 3… in the order they appear. */
  for (p = strstr (body->str, "[^"); p != NULL; p = strstr (p + 2, "[^"))
    {
      guint64 n = g_ascii_strtoull (p + 2, NULL, 10);

      g_assert_cmpuint (n, ==, next_ref);
      next_ref++;
      n_refs++;
    }
  g_assert_cmpuint (n_refs, ==, G_N_ELEMENTS (expected_citations));

  /* And each is defined, in the same order, by its citation. */
  g_assert_cmpuint (definitions->len, ==, G_N_ELEMENTS (expected_citations));
  for (guint i = 0; i < definitions->len; i++)
    {
      g_autofree char *expected = g_strdup_printf ("[^%u]: %s", i + 1, expected_citations[i]);

      g_assert_cmpstr (definitions->pdata[i], ==, expected);
    }
  /* The reference of the first excerpt follows its quote. */
  g_assert_nonnull (strstr (body->str, "the fight against trafficking.[^1]"));
}

/* HTML */

static void
test_html (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *html = export_string (f, DOSSIER_DRAFT_FORMAT_HTML, "en");
  g_autofree char *title = NULL;
  g_autofree char *h1 = NULL;
  g_autofree char *intro = NULL;
  xmlDoc *doc;

  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>"));
  /* Standalone: nothing is fetched from elsewhere. */
  g_assert_null (strstr (html, "<link"));
  g_assert_null (strstr (html, "<script"));
  g_assert_nonnull (strstr (html, "@media print"));

  doc = parse_xml (html, strlen (html), "draft.html");
  g_assert_cmpuint (xpath_count (doc, "/h:html[@lang='en']"), ==, 1);
  g_assert_cmpuint (xpath_count (doc, "/h:html[@dir='ltr']"), ==, 1);
  g_assert_cmpuint (xpath_count (doc, "//h:meta[@charset='utf-8']"), ==, 1);
  title = xpath_text (doc, "//h:title", 0);
  g_assert_cmpstr (title, ==, "Chairs' summary <draft> & notes");
  h1 = xpath_text (doc, "//h:h1", 0);
  g_assert_cmpstr (h1, ==, "Chairs' summary <draft> & notes");
  g_assert_cmpuint (xpath_count (doc, "//h:h2"), ==, 5);  /* four sections and the sources */
  intro = xpath_text (doc, "//h:section[1]/h:p", 0);
  g_assert_cmpstr (intro, ==, "Participants agreed on <three> points & more.");
  g_assert_cmpuint (xpath_count (doc, "//h:blockquote"), ==, G_N_ELEMENTS (expected_citations));

  /* Each reference links to its source note, numbered in order, and back. */
  g_assert_cmpuint (xpath_count (doc, "//h:sup/h:a"), ==, G_N_ELEMENTS (expected_citations));
  for (guint i = 0; i < G_N_ELEMENTS (expected_citations); i++)
    {
      g_autofree char *ref = xpath_text (doc, "//h:sup/h:a", i);
      g_autofree char *expected_ref = g_strdup_printf ("%u", i + 1);
      g_autofree char *target = g_strdup_printf ("//h:li[@id='fn%u']", i + 1);
      g_autofree char *link = g_strdup_printf ("//h:blockquote//h:a[@href='#fn%u']", i + 1);
      g_autofree char *item = NULL;

      g_assert_cmpstr (ref, ==, expected_ref);
      g_assert_cmpuint (xpath_count (doc, link), ==, 1);
      item = xpath_text (doc, target, 0);
      g_assert_true (g_str_has_prefix (item, expected_citations[i]));
    }
  xmlFreeDoc (doc);

  /* Right to left for Arabic. */
  g_free (html);
  html = export_string (f, DOSSIER_DRAFT_FORMAT_HTML, "ar");
  doc = parse_xml (html, strlen (html), "draft-ar.html");
  g_assert_cmpuint (xpath_count (doc, "/h:html[@dir='rtl' and @lang='ar']"), ==, 1);
  /* The quotes stay English and say so. */
  g_assert_cmpuint (xpath_count (doc, "//h:blockquote[@lang='en']"), ==, G_N_ELEMENTS (expected_citations));
  xmlFreeDoc (doc);
}

/* OpenDocument Text */

typedef struct
{
  char   *name;
  GBytes *data;
  int     filetype;
} ZipPart;

static void
zip_part_free (ZipPart *part)
{
  g_free (part->name);
  g_bytes_unref (part->data);
  g_free (part);
}

/* Every entry of a zip archive, in order, read by libarchive. */
static GPtrArray *
read_zip (GBytes *bytes)
{
  GPtrArray *parts = g_ptr_array_new_with_free_func ((GDestroyNotify) zip_part_free);
  struct archive *archive = archive_read_new ();
  struct archive_entry *entry;
  gsize size;
  const void *data = g_bytes_get_data (bytes, &size);
  int rc;

  archive_read_support_format_zip (archive);
  g_assert_cmpint (archive_read_open_memory (archive, data, size), ==, ARCHIVE_OK);
  while ((rc = archive_read_next_header (archive, &entry)) == ARCHIVE_OK)
    {
      ZipPart *part = g_new0 (ZipPart, 1);
      GByteArray *content = g_byte_array_new ();
      char buffer[8192];
      la_ssize_t n;

      part->name = g_strdup (archive_entry_pathname (entry));
      part->filetype = archive_entry_filetype (entry);
      while ((n = archive_read_data (archive, buffer, sizeof buffer)) > 0)
        g_byte_array_append (content, (const guint8 *) buffer, (guint) n);
      g_assert_cmpint (n, ==, 0);
      part->data = g_byte_array_free_to_bytes (content);
      g_ptr_array_add (parts, part);
    }
  g_assert_cmpint (rc, ==, ARCHIVE_EOF);
  archive_read_free (archive);
  return parts;
}

static GBytes *
zip_part (GPtrArray  *parts,
          const char *name)
{
  for (guint i = 0; i < parts->len; i++)
    {
      ZipPart *part = g_ptr_array_index (parts, i);

      if (g_str_equal (part->name, name))
        return part->data;
    }
  g_error ("The archive has no %s", name);
  return NULL;
}

static xmlDoc *
parse_part (GPtrArray  *parts,
            const char *name)
{
  gsize size;
  const char *data = g_bytes_get_data (zip_part (parts, name), &size);

  return parse_xml (data, size, name);
}

static void
test_odt_archive (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = dossier_draft_export (f->draft, DOSSIER_DRAFT_FORMAT_ODT, "en", &error);
  g_autoptr(GPtrArray) parts = NULL;
  const char *raw;
  gsize size;
  xmlDoc *doc;

  g_assert_no_error (error);
  raw = g_bytes_get_data (bytes, &size);
  /* The OpenDocument signature: "mimetype" first, stored, so that its content is
   * readable at offset 38 of the file. */
  g_assert_cmpuint (size, >, 100);
  g_assert_true (memcmp (raw, "PK\003\004", 4) == 0);
  g_assert_true (memcmp (raw + 30, "mimetype", 8) == 0);
  g_assert_true (memcmp (raw + 38, "application/vnd.oasis.opendocument.text", 39) == 0);

  parts = read_zip (bytes);
  g_assert_cmpstr (((ZipPart *) parts->pdata[0])->name, ==, "mimetype");
  g_assert_cmpmem (g_bytes_get_data (zip_part (parts, "mimetype"), NULL),
                   g_bytes_get_size (zip_part (parts, "mimetype")),
                   "application/vnd.oasis.opendocument.text", 39);

  /* The manifest names every part, and every part parses. */
  doc = parse_part (parts, "META-INF/manifest.xml");
  g_assert_cmpuint (xpath_count (doc, "//manifest:file-entry[@manifest:full-path='/' and "
                                      "@manifest:media-type='application/vnd.oasis.opendocument.text']"), ==, 1);
  g_assert_cmpuint (xpath_count (doc, "//manifest:file-entry[@manifest:full-path='content.xml']"), ==, 1);
  g_assert_cmpuint (xpath_count (doc, "//manifest:file-entry[@manifest:full-path='styles.xml']"), ==, 1);
  g_assert_cmpuint (xpath_count (doc, "//manifest:file-entry[@manifest:full-path='meta.xml']"), ==, 1);
  xmlFreeDoc (doc);
  xmlFreeDoc (parse_part (parts, "styles.xml"));

  doc = parse_part (parts, "meta.xml");
  {
    g_autofree char *title = xpath_text (doc, "//dc:title", 0);

    g_assert_cmpstr (title, ==, "Chairs' summary <draft> & notes");
  }
  xmlFreeDoc (doc);

  /* Real footnotes, numbered in order, each holding its citation. */
  doc = parse_part (parts, "content.xml");
  g_assert_cmpuint (xpath_count (doc, "//text:note[@text:note-class='footnote']"), ==,
                    G_N_ELEMENTS (expected_citations));
  for (guint i = 0; i < G_N_ELEMENTS (expected_citations); i++)
    {
      g_autofree char *number = xpath_text (doc, "//text:note/text:note-citation", i);
      g_autofree char *body = xpath_text (doc, "//text:note/text:note-body", i);
      g_autofree char *expected = g_strdup_printf ("%u", i + 1);

      g_assert_cmpstr (number, ==, expected);
      g_assert_cmpstr (body, ==, expected_citations[i]);
    }
  /* The footnote sits in the paragraph of its quote. */
  {
    g_autofree char *quote = xpath_text (doc, "//text:p[text:note][3]", 0);

    g_assert_true (g_str_has_prefix (quote, "Witness protection can be difficult"));
  }
  {
    g_autofree char *heading = xpath_text (doc, "//text:h[@text:outline-level='2']", 1);

    g_assert_cmpstr (heading, ==, "Key findings");
  }
  g_assert_cmpuint (xpath_count (doc, "//text:p[.='Participants agreed on <three> points & more.']"), ==, 1);
  xmlFreeDoc (doc);
}

/* LibreOffice: the reader the rapporteur's colleagues will use. */
static char *
run (const char *const *argv,
     const char        *cwd)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  g_subprocess_launcher_set_cwd (launcher, cwd);
  g_subprocess_launcher_setenv (launcher, "HOME", cwd, TRUE);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_error ("%s failed: %s", argv[0], out);
  return out;
}

static void
test_odt_libreoffice (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *soffice = g_find_program_in_path ("soffice");
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autofree char *odt = g_build_filename (f->dir, "summary.odt", NULL);
  g_autofree char *pdf = g_build_filename (f->dir, "summary.pdf", NULL);
  g_autofree char *profile = NULL;
  g_autofree char *profile_arg = NULL;
  g_autofree char *out = NULL;
  g_autofree char *text = NULL;
  g_autofree char *flat = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (odt);
  g_autoptr(GRegex) spaces = g_regex_new ("\\s+", 0, 0, NULL);
  g_autoptr(GError) error = NULL;
  const char *p;

  if (soffice == NULL || pdftotext == NULL)
    {
      g_test_skip ("LibreOffice (libreoffice-writer-nogui) and pdftotext (poppler-utils) are needed.");
      return;
    }

  g_assert_true (dossier_draft_export_to_file (f->draft, DOSSIER_DRAFT_FORMAT_ODT, "en", file, NULL, &error));
  g_assert_no_error (error);

  profile = g_build_filename (f->dir, "lo-profile", NULL);
  profile_arg = g_strconcat ("-env:UserInstallation=file://", profile, NULL);
  {
    const char *argv[] = { soffice, "--headless", "--norestore", profile_arg,
                           "--convert-to", "pdf", "--outdir", f->dir, odt, NULL };

    out = run (argv, f->dir);
  }
  g_test_message ("%s", out);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
  {
    /* In layout mode a footnote's number stays on the line of its text. */
    const char *argv[] = { pdftotext, "-layout", "-enc", "UTF-8", pdf, "-", NULL };

    text = run (argv, f->dir);
  }

  /* Lines wrap anywhere: compare with every whitespace run made one space. */
  flat = g_regex_replace_literal (spaces, text, -1, 0, " ", 0, NULL);
  g_test_message ("%s", flat);
  g_assert_nonnull (strstr (flat, "Chairs' summary <draft> & notes"));
  g_assert_nonnull (strstr (flat, "Participants agreed on <three> points & more."));
  g_assert_nonnull (strstr (flat, "Witness protection can be difficult"));

  /* The footnotes at the foot of the page, in order, with their citations. */
  p = flat;
  for (guint i = 0; i < G_N_ELEMENTS (expected_citations); i++)
    {
      g_autofree char *note = g_strdup_printf ("%u %s", i + 1, expected_citations[i]);
      const char *at = strstr (p, note);

      if (at == NULL)
        g_error ("Footnote “%s” is missing from the PDF, or out of order", note);
      p = at + strlen (note);
    }
}

/* Plain text */

static void
test_text (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *text = export_string (f, DOSSIER_DRAFT_FORMAT_TEXT, "en");
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n_markers = 0, n_sources = 0;
  gboolean in_sources = FALSE;

  g_assert_true (g_str_has_prefix (text, "Chairs' summary <draft> & notes\n"));
  g_assert_nonnull (strstr (text, "Participants agreed on <three> points & more."));
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      if (g_str_equal (g_strstrip (lines[i]), "Sources"))
        {
          in_sources = TRUE;
          continue;
        }
      if (in_sources && line[0] == '[')
        {
          g_autofree char *expected = g_strdup_printf ("[%u] %s", n_sources + 1, expected_citations[n_sources]);

          g_assert_cmpuint (n_sources, <, G_N_ELEMENTS (expected_citations));
          g_assert_cmpstr (line, ==, expected);
          n_sources++;
        }
      else if (!in_sources)
        {
          g_autofree char *marker = g_strdup_printf ("[%u]", n_markers + 1);

          if (g_str_has_suffix (line, marker))
            n_markers++;
        }
    }
  g_assert_true (in_sources);
  g_assert_cmpuint (n_markers, ==, G_N_ELEMENTS (expected_citations));
  g_assert_cmpuint (n_sources, ==, G_N_ELEMENTS (expected_citations));
}

/* JSON: the structure, and back */

static void
test_json_round_trip (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *json = export_string (f, DOSSIER_DRAFT_FORMAT_JSON, "en");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierDraft) copy = NULL;
  g_autofree char *other_path = g_build_filename (f->dir, "other.db", NULL);
  g_autoptr(DossierStore) other = NULL;
  JsonObject *root;
  JsonArray *sections;
  gint64 copy_id = 0;
  guint n = 0;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, DOSSIER_DRAFT_JSON_FORMAT);
  g_assert_cmpint (json_object_get_int_member (root, "version"), ==, DOSSIER_DRAFT_JSON_VERSION);
  g_assert_cmpstr (json_object_get_string_member (root, "title"), ==, "Chairs' summary <draft> & notes");
  sections = json_object_get_array_member (root, "sections");
  g_assert_cmpuint (json_array_get_length (sections), ==, 4);
  for (guint i = 0; i < json_array_get_length (sections); i++)
    {
      JsonArray *excerpts = json_object_get_array_member (json_array_get_object_element (sections, i), "excerpts");

      for (guint j = 0; j < json_array_get_length (excerpts); j++)
        {
          JsonObject *excerpt = json_array_get_object_element (excerpts, j);

          g_assert_cmpstr (json_object_get_string_member (excerpt, "citation"), ==, expected_citations[n]);
          g_assert_true (json_object_has_member (excerpt, "quote"));
          n++;
        }
    }
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (expected_citations));

  /* Into the same corpus: a new draft, equal in every part, linked to the paragraphs. */
  g_assert_true (dossier_draft_import_json (f->store, json, -1, &copy_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (copy_id, !=, f->draft_id);
  copy = dossier_draft_load (f->store, copy_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (copy->title, ==, f->draft->title);
  g_assert_cmpuint (copy->sections->len, ==, f->draft->sections->len);
  for (guint i = 0; i < copy->sections->len; i++)
    {
      DossierDraftSection *a = g_ptr_array_index (f->draft->sections, i);
      DossierDraftSection *b = g_ptr_array_index (copy->sections, i);

      g_assert_cmpstr (a->title, ==, b->title);
      g_assert_cmpstr (a->text, ==, b->text);
      g_assert_cmpuint (a->excerpts->len, ==, b->excerpts->len);
      for (guint j = 0; j < a->excerpts->len; j++)
        {
          DossierExcerpt *x = g_ptr_array_index (a->excerpts, j);
          DossierExcerpt *y = g_ptr_array_index (b->excerpts, j);

          g_assert_cmpstr (x->quote, ==, y->quote);
          g_assert_cmpstr (x->citation, ==, y->citation);
          g_assert_cmpstr (x->note, ==, y->note);
          g_assert_cmpint (x->block_id, ==, y->block_id);
          g_assert_false (y->source_changed);
        }
    }
  g_clear_pointer (&copy, dossier_draft_free);

  /* Into a corpus without those documents: the quotes and citations stay. */
  other = dossier_store_open (other_path, &error);
  g_assert_no_error (error);
  g_assert_true (dossier_draft_import_json (other, json, -1, &copy_id, &error));
  g_assert_no_error (error);
  copy = dossier_draft_load (other, copy_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dossier_draft_count_excerpts (copy), ==, G_N_ELEMENTS (expected_citations));
  {
    DossierDraftSection *findings = g_ptr_array_index (copy->sections, 1);
    DossierExcerpt *witness = g_ptr_array_index (findings->excerpts, 1);

    g_assert_cmpstr (witness->citation, ==, expected_citations[2]);
    g_assert_true (g_str_has_prefix (witness->quote, "Witness protection can be difficult"));
    g_assert_true (witness->source_missing);
  }

  /* A damaged file changes nothing and says which field is wrong. */
  {
    g_autofree char *damaged = g_strdup (json);
    char *title = strstr (damaged, "\"title\"");

    g_assert_nonnull (title);
    memcpy (title, "\"tItle\"", 7);
    g_assert_false (dossier_draft_import_json (other, damaged, -1, &copy_id, &error));
    g_assert_error (error, DOSSIER_DRAFT_ERROR, DOSSIER_DRAFT_ERROR_BAD_FILE);
    g_test_message ("%s", error->message);
    g_assert_nonnull (strstr (error->message, "title"));
    g_clear_error (&error);
  }
}

/* Citation list and files */

static void
test_citation_list (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *list = dossier_draft_dup_citation_list (f->draft);

  /* Each source once, in the order of first appearance. */
  g_assert_cmpstr (list, ==,
                   "E/CN.4/2003/74, para. 16\n"
                   "E/CN.4/2003/74, para. 12\n"
                   CCPCJ_TITLE ", para. 15\n");
}

static void
test_export_to_file (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "summary.md", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "no-such-folder", "summary.md", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) bad = g_file_new_for_path (missing);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *expected = export_string (f, DOSSIER_DRAFT_FORMAT_MARKDOWN, "en");

  g_assert_true (g_file_set_contents (path, "an older file", -1, NULL));
  g_assert_true (dossier_draft_export_to_file (f->draft, DOSSIER_DRAFT_FORMAT_MARKDOWN, "en", file, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, expected);

  g_assert_false (dossier_draft_export_to_file (f->draft, DOSSIER_DRAFT_FORMAT_MARKDOWN, "en", bad, NULL, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "summary.md"));
}

static void
test_formats (void)
{
  static const struct
  {
    const char        *name;
    gboolean           valid;
    DossierDraftFormat format;
    const char        *extension;
  } cases[] = {
    { "md", TRUE, DOSSIER_DRAFT_FORMAT_MARKDOWN, "md" },
    { "markdown", TRUE, DOSSIER_DRAFT_FORMAT_MARKDOWN, "md" },
    { "html", TRUE, DOSSIER_DRAFT_FORMAT_HTML, "html" },
    { "odt", TRUE, DOSSIER_DRAFT_FORMAT_ODT, "odt" },
    { "txt", TRUE, DOSSIER_DRAFT_FORMAT_TEXT, "txt" },
    { "text", TRUE, DOSSIER_DRAFT_FORMAT_TEXT, "txt" },
    { "json", TRUE, DOSSIER_DRAFT_FORMAT_JSON, "json" },
    { "docx", FALSE, 0, NULL },
    { "", FALSE, 0, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      DossierDraftFormat format = 0;

      g_assert_cmpint (dossier_draft_format_from_string (cases[i].name, &format), ==, cases[i].valid);
      if (cases[i].valid)
        {
          g_assert_cmpint (format, ==, cases[i].format);
          g_assert_cmpstr (dossier_draft_format_get_extension (format), ==, cases[i].extension);
          g_assert_nonnull (dossier_draft_format_get_content_type (format));
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/dossier/draft-export/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)

  g_test_add_func ("/dossier/draft-export/formats", test_formats);
  ADD ("markdown", test_markdown);
  ADD ("html", test_html);
  ADD ("odt-archive", test_odt_archive);
  ADD ("odt-libreoffice", test_odt_libreoffice);
  ADD ("text", test_text);
  ADD ("json-round-trip", test_json_round_trip);
  ADD ("citation-list", test_citation_list);
  ADD ("export-to-file", test_export_to_file);

#undef ADD

  return g_test_run ();
}
