/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * PDF, Word, OpenDocument and HTML import. Each bundled Markdown document is
 * parsed, then written out during the test as the other formats would hold
 * it: a PDF typeset with Pango on Cairo's PDF surface (running headers and
 * footers, page numbers, job number and barcode, words hyphenated at line
 * ends, paragraphs cut by page breaks, footnote references as small raised
 * digits), a .docx with heading styles, automatic paragraph numbering and
 * real footnotes, an .odt with outline headings, lists and notes, and a saved
 * web page with navigation around its main text. Each is imported again and
 * must give the same numbered paragraphs, headings, notes, metadata and
 * entities as the Markdown. Hostile files (zip bombs, paths leaving the
 * archive, external entities, encrypted PDFs, scans without text) are
 * refused with a sentence that names them.
 */

#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>
#include <string.h>
#include <sys/wait.h>

#include <poppler.h>

#include "dossier-extractor.h"
#include "dossier-importer.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

/* A note whose marker a converter lost, as the Markdown has it. */
#define LOST_MARKER "\xef\xbf\xbd"
#define JOB_NUMBER "03-10309 (E)"
#define BARCODE "*0310309*"

/* Helpers */

static char *
corpus_path (const char *file)
{
  const char *data_dir = g_getenv ("DOSSIER_DATA_DIR");

  if (data_dir != NULL)
    return g_build_filename (data_dir, "corpus", file, NULL);
  return g_test_build_filename (G_TEST_DIST, "..", "data", "corpus", file, NULL);
}

static DossierParsedDocument *
load_markdown (const char *file)
{
  g_autofree char *path = corpus_path (file);
  g_autoptr(GFile) gfile = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  DossierParsedDocument *doc = dossier_import_parse_file (gfile, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (doc);
  return doc;
}

/* Where two texts part, for messages. */
static gsize
parting (const char *a,
         const char *b)
{
  gsize i = 0;

  while (a[i] != '\0' && a[i] == b[i])
    i++;
  i = i > 40 ? i - 40 : 0;
  while (((guchar) a[i] & 0xC0) == 0x80)
    i++;
  return i;
}

static DossierBlock *
block_at (const DossierParsedDocument *doc,
          guint                        i)
{
  return g_ptr_array_index (doc->blocks, i);
}

static char *
fold (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text != NULL ? text : ""; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          if (out->len > 0 && out->str[out->len - 1] != ' ')
            g_string_append_c (out, ' ');
        }
      else
        g_string_append_unichar (out, c);
    }
  if (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

static char *
superscript (guint n)
{
  static const char *const digits[] = {
    "\xe2\x81\xb0", "\xc2\xb9", "\xc2\xb2", "\xc2\xb3", "\xe2\x81\xb4",
    "\xe2\x81\xb5", "\xe2\x81\xb6", "\xe2\x81\xb7", "\xe2\x81\xb8", "\xe2\x81\xb9",
  };
  g_autofree char *number = g_strdup_printf ("%u", n);
  GString *out = g_string_new (NULL);

  for (const char *p = number; *p != '\0'; p++)
    g_string_append (out, digits[*p - '0']);
  return g_string_free (out, FALSE);
}

static gboolean
label_is_number (const char *label)
{
  return label != NULL && *label != '\0' && strspn (label, "0123456789") == strlen (label);
}

/* Numeric notes become real footnotes; the reference to note N goes at the
 * end of the Nth numbered paragraph (the Markdown lost where they were). */
static GPtrArray *
footnotes_of (const DossierParsedDocument *doc)
{
  GPtrArray *notes = g_ptr_array_new ();

  for (guint i = 0; i < doc->blocks->len; i++)
    {
      DossierBlock *block = block_at (doc, i);

      if (block->kind == DOSSIER_BLOCK_NOTE && label_is_number (block->label))
        g_ptr_array_add (notes, block);
    }
  return notes;
}

/* The notes whose references end numbered paragraph @nth (0-based). */
static void
notes_for_paragraph (GPtrArray *notes,
                     guint      nth,
                     guint      n_numbered,
                     guint     *first,
                     guint     *last)
{
  /* Paragraph k carries note k; the last paragraph carries the rest. */
  *first = nth;
  *last = nth + 1 == n_numbered ? notes->len : MIN (nth + 1, notes->len);
  if (*first > *last)
    *first = *last;
}

static guint
count_numbered (const DossierParsedDocument *doc)
{
  return dossier_parsed_document_count (doc, DOSSIER_BLOCK_PARAGRAPH, TRUE);
}

/* ZIP archives, as Word and LibreOffice write them */

typedef struct
{
  const char *path;
  const char *content;
  gssize      length;
  gboolean    stored;
} ZipEntry;

static GBytes *
make_zip (const ZipEntry *entries,
          guint           n_entries)
{
  struct archive *archive = archive_write_new ();
  gsize capacity = 32 * 1024 * 1024;
  guint8 *buffer = g_malloc (capacity);
  size_t used = 0;

  g_assert_cmpint (archive_write_set_format_zip (archive), ==, ARCHIVE_OK);
  g_assert_cmpint (archive_write_open_memory (archive, buffer, capacity, &used), ==, ARCHIVE_OK);
  for (guint i = 0; i < n_entries; i++)
    {
      struct archive_entry *entry = archive_entry_new ();
      gsize length = entries[i].length < 0 ? strlen (entries[i].content) : (gsize) entries[i].length;

      if (entries[i].stored)
        archive_write_zip_set_compression_store (archive);
      else
        archive_write_zip_set_compression_deflate (archive);
      archive_entry_set_pathname (entry, entries[i].path);
      archive_entry_set_filetype (entry, AE_IFREG);
      archive_entry_set_perm (entry, 0644);
      archive_entry_set_size (entry, length);
      if (archive_write_header (archive, entry) != ARCHIVE_OK)
        g_error ("%s: %s", entries[i].path, archive_error_string (archive));
      g_assert_cmpint (archive_write_data (archive, entries[i].content, length), ==, (la_ssize_t) length);
      archive_entry_free (entry);
    }
  g_assert_cmpint (archive_write_close (archive), ==, ARCHIVE_OK);
  archive_write_free (archive);

  return g_bytes_new_take (g_realloc (buffer, used), used);
}

static void
xml_text (GString    *out,
          const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  g_string_append (out, escaped);
}

/* Word */

#define W_NS "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" " \
             "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""

static const char docx_content_types[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
  "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
  "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
  "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
  "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
  "<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
  "<Override PartName=\"/word/numbering.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml\"/>"
  "<Override PartName=\"/word/footnotes.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml\"/>"
  "</Types>";

static const char docx_rels[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
  "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
  "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>"
  "</Relationships>";

static const char docx_document_rels[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
  "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
  "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
  "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering\" Target=\"numbering.xml\"/>"
  "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes\" Target=\"footnotes.xml\"/>"
  "</Relationships>";

/* Style ids are not names: Word localises ids, so the reader must go by
 * the name ("heading 1") the style carries. */
static const char docx_styles[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
  "<w:styles " W_NS ">"
  "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/></w:style>"
  "<w:style w:type=\"paragraph\" w:styleId=\"Titre1\"><w:name w:val=\"heading 1\"/><w:basedOn w:val=\"Normal\"/>"
  "<w:pPr><w:outlineLvl w:val=\"0\"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>"
  "<w:style w:type=\"paragraph\" w:styleId=\"Titre2\"><w:name w:val=\"heading 2\"/><w:basedOn w:val=\"Normal\"/>"
  "<w:pPr><w:outlineLvl w:val=\"1\"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>"
  "<w:style w:type=\"paragraph\" w:styleId=\"Titre3\"><w:name w:val=\"heading 3\"/><w:basedOn w:val=\"Normal\"/>"
  "<w:rPr><w:b/></w:rPr></w:style>"
  "<w:style w:type=\"paragraph\" w:styleId=\"SingleTxt\"><w:name w:val=\"Single Txt\"/><w:basedOn w:val=\"Normal\"/></w:style>"
  "<w:style w:type=\"paragraph\" w:styleId=\"ListBullet\"><w:name w:val=\"List Bullet\"/><w:basedOn w:val=\"Normal\"/>"
  "<w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"2\"/></w:numPr></w:pPr></w:style>"
  "<w:style w:type=\"paragraph\" w:styleId=\"FootnoteText\"><w:name w:val=\"footnote text\"/></w:style>"
  "<w:style w:type=\"character\" w:styleId=\"FootnoteReference\"><w:name w:val=\"footnote reference\"/>"
  "<w:rPr><w:vertAlign w:val=\"superscript\"/></w:rPr></w:style>"
  "</w:styles>";

/* Paragraphs numbered "1.", "2.", … by Word, and bullets. */
static const char docx_numbering[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
  "<w:numbering " W_NS ">"
  "<w:abstractNum w:abstractNumId=\"10\">"
  "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%1.\"/></w:lvl>"
  "<w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"lowerLetter\"/><w:lvlText w:val=\"(%2)\"/></w:lvl>"
  "</w:abstractNum>"
  "<w:abstractNum w:abstractNumId=\"20\">"
  "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"bullet\"/><w:lvlText w:val=\"\xef\x82\xb7\"/></w:lvl>"
  "</w:abstractNum>"
  "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"10\"/></w:num>"
  "<w:num w:numId=\"2\"><w:abstractNumId w:val=\"20\"/></w:num>"
  "</w:numbering>";

static void
docx_run (GString    *out,
          const char *text,
          gboolean    bold)
{
  g_string_append (out, "<w:r>");
  if (bold)
    g_string_append (out, "<w:rPr><w:b/></w:rPr>");
  g_string_append (out, "<w:t xml:space=\"preserve\">");
  xml_text (out, text);
  g_string_append (out, "</w:t></w:r>");
}

/* Lines of a block as runs separated by line breaks. Long text is split into
 * several runs, as Word does at every change of revision. */
static void
docx_text (GString    *out,
           const char *text,
           gboolean    bold)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      gsize len = strlen (line);

      if (i > 0)
        g_string_append (out, "<w:r><w:br/></w:r>");
      while (len > 200)
        {
          const char *space = memchr (line + 150, ' ', len - 150);
          g_autofree char *piece = NULL;

          if (space == NULL)
            break;
          piece = g_strndup (line, space - line + 1);
          docx_run (out, piece, bold);
          len -= space - line + 1;
          line = space + 1;
        }
      docx_run (out, line, bold);
    }
}

static GBytes *
make_docx (const DossierParsedDocument *doc)
{
  g_autoptr(GString) body = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                                          "<w:document " W_NS "><w:body>");
  g_autoptr(GString) notes = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                                           "<w:footnotes " W_NS ">"
                                           "<w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>"
                                           "<w:footnote w:type=\"continuationSeparator\" w:id=\"0\"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>");
  g_autoptr(GPtrArray) footnotes = footnotes_of (doc);
  guint n_numbered = count_numbered (doc);
  guint nth = 0;
  int counter = 0;
  ZipEntry entries[7];

  for (guint i = 0; i < doc->blocks->len; i++)
    {
      DossierBlock *block = block_at (doc, i);

      switch (block->kind)
        {
        case DOSSIER_BLOCK_HEADING:
          g_string_append_printf (body, "<w:p><w:pPr><w:pStyle w:val=\"Titre%d\"/></w:pPr>", CLAMP (block->level, 1, 3));
          docx_text (body, block->text, FALSE);
          g_string_append (body, "</w:p>");
          break;

        case DOSSIER_BLOCK_PARAGRAPH:
          if (block->label != NULL && atoi (block->label) == counter + 1)
            {
              /* Numbered by Word, as in the UN's templates. */
              g_string_append (body, "<w:p><w:pPr><w:pStyle w:val=\"SingleTxt\"/>"
                                     "<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr>");
              counter++;
            }
          else if (block->label != NULL)
            {
              g_autofree char *typed = g_strdup_printf ("%s.\t", block->label);

              g_string_append (body, "<w:p><w:pPr><w:pStyle w:val=\"SingleTxt\"/></w:pPr>");
              docx_run (body, typed, FALSE);
            }
          else
            g_string_append (body, "<w:p>");
          docx_text (body, block->text, FALSE);
          if (block->label != NULL)
            {
              guint first, last;

              notes_for_paragraph (footnotes, nth++, n_numbered, &first, &last);
              for (guint k = first; k < last; k++)
                g_string_append_printf (body, "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr>"
                                              "<w:footnoteReference w:id=\"%u\"/></w:r>", k + 1);
            }
          g_string_append (body, "</w:p>");
          break;

        case DOSSIER_BLOCK_ITEM:
          if (block->label == NULL)
            {
              g_string_append (body, "<w:p><w:pPr><w:pStyle w:val=\"ListBullet\"/></w:pPr>");
              docx_text (body, block->text, FALSE);
            }
          else
            {
              g_autofree char *typed = g_strdup_printf ("%s\t", block->label);

              g_string_append (body, "<w:p>");
              docx_run (body, typed, FALSE);
              docx_text (body, block->text, FALSE);
            }
          g_string_append (body, "</w:p>");
          break;

        case DOSSIER_BLOCK_NOTE:
          if (label_is_number (block->label))
            break;
          {
            g_autofree char *marked = g_strdup_printf ("%s ", block->label != NULL ? block->label : LOST_MARKER);

            g_string_append (body, "<w:p>");
            docx_run (body, marked, FALSE);
            docx_text (body, block->text, FALSE);
            g_string_append (body, "</w:p>");
          }
          break;

        case DOSSIER_BLOCK_TABLE_ROW:
          {
            g_auto(GStrv) cells = g_strsplit (block->text, " | ", -1);

            g_string_append (body, "<w:tbl><w:tr>");
            for (guint c = 0; cells[c] != NULL; c++)
              {
                g_string_append (body, "<w:tc><w:p>");
                docx_text (body, cells[c], FALSE);
                g_string_append (body, "</w:p></w:tc>");
              }
            g_string_append (body, "</w:tr></w:tbl>");
          }
          break;

        case DOSSIER_BLOCK_FRONT:
        case DOSSIER_BLOCK_CONTACT:
        default:
          g_string_append (body, "<w:p>");
          docx_text (body, block->text, FALSE);
          g_string_append (body, "</w:p>");
          break;
        }
    }
  g_string_append (body, "<w:sectPr/></w:body></w:document>");

  for (guint k = 0; k < footnotes->len; k++)
    {
      DossierBlock *note = g_ptr_array_index (footnotes, k);

      g_string_append_printf (notes, "<w:footnote w:id=\"%u\"><w:p><w:pPr><w:pStyle w:val=\"FootnoteText\"/></w:pPr>"
                                     "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteRef/></w:r>",
                              k + 1);
      docx_run (notes, " ", FALSE);
      docx_text (notes, note->text, FALSE);
      g_string_append (notes, "</w:p></w:footnote>");
    }
  g_string_append (notes, "</w:footnotes>");

  entries[0] = (ZipEntry) { "[Content_Types].xml", docx_content_types, -1, FALSE };
  entries[1] = (ZipEntry) { "_rels/.rels", docx_rels, -1, FALSE };
  entries[2] = (ZipEntry) { "word/_rels/document.xml.rels", docx_document_rels, -1, FALSE };
  entries[3] = (ZipEntry) { "word/document.xml", body->str, body->len, FALSE };
  entries[4] = (ZipEntry) { "word/styles.xml", docx_styles, -1, FALSE };
  entries[5] = (ZipEntry) { "word/numbering.xml", docx_numbering, -1, FALSE };
  entries[6] = (ZipEntry) { "word/footnotes.xml", notes->str, notes->len, FALSE };
  return make_zip (entries, G_N_ELEMENTS (entries));
}

/* OpenDocument */

#define ODF_NS "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" " \
               "xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" " \
               "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" " \
               "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" " \
               "xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\" office:version=\"1.3\""

static const char odt_manifest[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.3\">"
  "<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.text\"/>"
  "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>"
  "<manifest:file-entry manifest:full-path=\"styles.xml\" manifest:media-type=\"text/xml\"/>"
  "</manifest:manifest>";

static const char odt_styles[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<office:document-styles " ODF_NS "><office:styles>"
  "<style:style style:name=\"Standard\" style:family=\"paragraph\"/>"
  "<style:style style:name=\"Text_20_body\" style:display-name=\"Text body\" style:family=\"paragraph\" "
  "style:parent-style-name=\"Standard\"/>"
  "<style:style style:name=\"Heading\" style:family=\"paragraph\" style:parent-style-name=\"Standard\">"
  "<style:text-properties fo:font-weight=\"bold\"/></style:style>"
  "<style:style style:name=\"Heading_20_1\" style:display-name=\"Heading 1\" style:family=\"paragraph\" "
  "style:parent-style-name=\"Heading\" style:default-outline-level=\"1\">"
  "<style:text-properties fo:font-weight=\"bold\"/></style:style>"
  "<style:style style:name=\"Heading_20_2\" style:display-name=\"Heading 2\" style:family=\"paragraph\" "
  "style:parent-style-name=\"Heading\" style:default-outline-level=\"2\">"
  "<style:text-properties fo:font-weight=\"bold\"/></style:style>"
  "<style:style style:name=\"Heading_20_3\" style:display-name=\"Heading 3\" style:family=\"paragraph\" "
  "style:parent-style-name=\"Heading\" style:default-outline-level=\"3\">"
  "<style:text-properties fo:font-weight=\"bold\"/></style:style>"
  "<style:style style:name=\"Footnote\" style:family=\"paragraph\" style:parent-style-name=\"Standard\">"
  "<style:text-properties fo:font-size=\"10pt\"/></style:style>"
  "</office:styles></office:document-styles>";

static void
odt_text (GString    *out,
          const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (out, "<text:line-break/>");
      /* Runs of spaces are written as <text:s/>, as LibreOffice does. */
      for (const char *p = lines[i]; *p != '\0'; p++)
        {
          if (*p == ' ' && p[1] == ' ')
            {
              guint n = 0;

              while (p[n] == ' ')
                n++;
              g_string_append_printf (out, " <text:s text:c=\"%u\"/>", n - 1);
              p += n - 1;
              continue;
            }
          if (*p == '<')
            g_string_append (out, "&lt;");
          else if (*p == '&')
            g_string_append (out, "&amp;");
          else if (*p == '>')
            g_string_append (out, "&gt;");
          else
            g_string_append_c (out, *p);
        }
    }
}

static GBytes *
make_odt (const DossierParsedDocument *doc)
{
  g_autoptr(GString) content = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content " ODF_NS ">"
                                             "<office:automatic-styles>"
                                             "<style:style style:name=\"P1\" style:family=\"paragraph\" style:parent-style-name=\"Text_20_body\"/>"
                                             "<style:style style:name=\"T1\" style:family=\"text\">"
                                             "<style:text-properties fo:font-weight=\"bold\"/></style:style>"
                                             "<text:list-style style:name=\"L1\">"
                                             "<text:list-level-style-bullet text:level=\"1\" text:bullet-char=\"\xe2\x80\xa2\"/>"
                                             "</text:list-style>"
                                             "<text:list-style style:name=\"L2\">"
                                             "<text:list-level-style-number text:level=\"1\" style:num-prefix=\"(\" "
                                             "style:num-suffix=\")\" style:num-format=\"a\"/>"
                                             "</text:list-style>"
                                             "</office:automatic-styles>"
                                             "<office:body><office:text>"
                                             "<text:sequence-decls/>");
  g_autoptr(GPtrArray) footnotes = footnotes_of (doc);
  guint n_numbered = count_numbered (doc);
  guint nth = 0;
  ZipEntry entries[4];

  for (guint i = 0; i < doc->blocks->len; i++)
    {
      DossierBlock *block = block_at (doc, i);

      switch (block->kind)
        {
        case DOSSIER_BLOCK_HEADING:
          g_string_append_printf (content, "<text:h text:style-name=\"Heading_20_%d\" text:outline-level=\"%d\">",
                                  CLAMP (block->level, 1, 3), CLAMP (block->level, 1, 3));
          odt_text (content, block->text);
          g_string_append (content, "</text:h>");
          break;

        case DOSSIER_BLOCK_PARAGRAPH:
          g_string_append (content, "<text:p text:style-name=\"P1\">");
          if (block->label != NULL)
            g_string_append_printf (content, "%s.<text:tab/>", block->label);
          odt_text (content, block->text);
          if (block->label != NULL)
            {
              guint first, last;

              notes_for_paragraph (footnotes, nth++, n_numbered, &first, &last);
              for (guint k = first; k < last; k++)
                {
                  DossierBlock *note = g_ptr_array_index (footnotes, k);

                  g_string_append_printf (content, "<text:note text:id=\"ftn%u\" text:note-class=\"footnote\">"
                                                   "<text:note-citation>%u</text:note-citation><text:note-body>"
                                                   "<text:p text:style-name=\"Footnote\">", k + 1, k + 1);
                  odt_text (content, note->text);
                  g_string_append (content, "</text:p></text:note-body></text:note>");
                }
            }
          g_string_append (content, "</text:p>");
          break;

        case DOSSIER_BLOCK_ITEM:
          if (block->label == NULL)
            {
              g_string_append (content, "<text:list text:style-name=\"L1\"><text:list-item><text:p>");
              odt_text (content, block->text);
              g_string_append (content, "</text:p></text:list-item></text:list>");
            }
          else
            {
              g_string_append_printf (content, "<text:p>%s<text:tab/>", block->label);
              odt_text (content, block->text);
              g_string_append (content, "</text:p>");
            }
          break;

        case DOSSIER_BLOCK_NOTE:
          if (label_is_number (block->label))
            break;
          g_string_append_printf (content, "<text:p>%s ", block->label != NULL ? block->label : LOST_MARKER);
          odt_text (content, block->text);
          g_string_append (content, "</text:p>");
          break;

        case DOSSIER_BLOCK_TABLE_ROW:
          {
            g_auto(GStrv) cells = g_strsplit (block->text, " | ", -1);

            g_string_append (content, "<table:table><table:table-row>");
            for (guint c = 0; cells[c] != NULL; c++)
              {
                g_string_append (content, "<table:table-cell><text:p>");
                odt_text (content, cells[c]);
                g_string_append (content, "</text:p></table:table-cell>");
              }
            g_string_append (content, "</table:table-row></table:table>");
          }
          break;

        case DOSSIER_BLOCK_FRONT:
        case DOSSIER_BLOCK_CONTACT:
        default:
          g_string_append (content, "<text:p>");
          odt_text (content, block->text);
          g_string_append (content, "</text:p>");
          break;
        }
    }
  g_string_append (content, "</office:text></office:body></office:document-content>");

  entries[0] = (ZipEntry) { "mimetype", "application/vnd.oasis.opendocument.text", -1, TRUE };
  entries[1] = (ZipEntry) { "META-INF/manifest.xml", odt_manifest, -1, FALSE };
  entries[2] = (ZipEntry) { "styles.xml", odt_styles, -1, FALSE };
  entries[3] = (ZipEntry) { "content.xml", content->str, content->len, FALSE };
  return make_zip (entries, G_N_ELEMENTS (entries));
}

/* HTML, saved from a web site with its navigation and footer */

static GBytes *
make_html (const DossierParsedDocument *doc)
{
  GString *out = g_string_new ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                               "<title>United Nations</title><style>p { margin: 0 }</style>"
                               "<script>var menu = \"Home Documents Press\";</script></head><body>"
                               "<header class=\"site-header\"><a href=\"#main\" class=\"skip-link\">Skip to content</a>"
                               "<nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/documents\">Documents</a></li>"
                               "<li><a href=\"/press\">Press releases</a></li></ul></nav></header>"
                               "<div class=\"breadcrumb\">Home &gt; Documents</div>"
                               "<aside><h2>Related</h2><p>Other reports on this topic.</p></aside>"
                               "<main id=\"main\">");
  g_autoptr(GPtrArray) footnotes = footnotes_of (doc);
  guint n_numbered = count_numbered (doc);
  guint nth = 0;
  gboolean notes_written = FALSE;

  for (guint i = 0; i < doc->blocks->len; i++)
    {
      DossierBlock *block = block_at (doc, i);
      g_autofree char *escaped = g_markup_escape_text (block->text, -1);
      g_auto(GStrv) lines = g_strsplit (escaped, "\n", -1);
      g_autofree char *text = g_strjoinv ("<br>\n", lines);

      switch (block->kind)
        {
        case DOSSIER_BLOCK_HEADING:
          g_string_append_printf (out, "<h%d>%s</h%d>\n", CLAMP (block->level, 1, 6), text, CLAMP (block->level, 1, 6));
          break;
        case DOSSIER_BLOCK_PARAGRAPH:
          g_string_append (out, "<p>");
          if (block->label != NULL)
            g_string_append_printf (out, "%s. ", block->label);
          g_string_append (out, text);
          if (block->label != NULL)
            {
              guint first, last;

              notes_for_paragraph (footnotes, nth++, n_numbered, &first, &last);
              for (guint k = first; k < last; k++)
                g_string_append_printf (out, "<sup><a href=\"#fn%u\">%u</a></sup>", k + 1, k + 1);
            }
          g_string_append (out, "</p>\n");
          break;
        case DOSSIER_BLOCK_ITEM:
          if (block->label == NULL)
            g_string_append_printf (out, "<ul><li>%s</li></ul>\n", text);
          else
            g_string_append_printf (out, "<p>%s %s</p>\n", block->label, text);
          break;
        case DOSSIER_BLOCK_NOTE:
          if (label_is_number (block->label))
            {
              if (!notes_written)
                g_string_append (out, "<div class=\"footnotes\">");
              notes_written = TRUE;
              g_string_append_printf (out, "<p id=\"fn%s\"><sup>%s</sup> %s</p>\n", block->label, block->label, text);
            }
          else
            g_string_append_printf (out, "<p>%s %s</p>\n", block->label != NULL ? block->label : LOST_MARKER, text);
          break;
        case DOSSIER_BLOCK_TABLE_ROW:
          {
            g_auto(GStrv) cells = g_strsplit (text, " | ", -1);

            g_string_append (out, "<table><tr>");
            for (guint c = 0; cells[c] != NULL; c++)
              g_string_append_printf (out, "<td>%s</td>", cells[c]);
            g_string_append (out, "</tr></table>\n");
          }
          break;
        case DOSSIER_BLOCK_FRONT:
        case DOSSIER_BLOCK_CONTACT:
        default:
          g_string_append_printf (out, "<p>%s</p>\n", text);
          break;
        }
    }
  if (notes_written)
    g_string_append (out, "</div>");
  g_string_append (out, "</main><footer class=\"site-footer\"><p>Copyright United Nations. "
                        "Terms of use. Privacy notice.</p></footer>"
                        "<div id=\"cookie-banner\">This site uses cookies.</div></body></html>\n");
  return g_string_free_to_bytes (out);
}

/* PDF, typeset with Pango on Cairo's PDF surface */

#define PAGE_WIDTH 595.0
#define PAGE_HEIGHT 842.0
#define MARGIN 72.0
#define BODY_SIZE 10.0
#define NOTE_SIZE 8.0

typedef struct
{
  cairo_t              *cr;
  cairo_surface_t      *surface;
  PangoLayout          *layout;
  PangoFontDescription *regular;
  PangoFontDescription *bold;
  PangoFontDescription *small;
  PangoFontDescription *tiny;
  const char           *symbol;
  double                y;
  int                   page;
  gboolean              foot_notes;   /* footnotes at the foot of the page */
  gboolean              justify;      /* lines but the last of a paragraph fill the measure */
  gboolean              in_foot;
  double                limit;        /* where the body text must stop */
  GPtrArray            *pending;      /* notes for the foot of this page */
} Typesetter;

static void typeset (Typesetter                 *t,
                     const PangoFontDescription *font,
                     double                      size,
                     double                      indent,
                     const char                 *text,
                     const char                 *raised);

static double
text_width (Typesetter                 *t,
            const PangoFontDescription *font,
            const char                 *text)
{
  int width = 0;

  pango_layout_set_font_description (t->layout, font);
  pango_layout_set_text (t->layout, text, -1);
  pango_layout_get_size (t->layout, &width, NULL);
  return width / (double) PANGO_SCALE;
}

static void
show (Typesetter                 *t,
      const PangoFontDescription *font,
      double                      x,
      double                      y,
      const char                 *text)
{
  pango_layout_set_font_description (t->layout, font);
  pango_layout_set_text (t->layout, text, -1);
  cairo_move_to (t->cr, x, y);
  pango_cairo_show_layout (t->cr, t->layout);
}

/* Running header and footer on every page after the first; the job number
 * and barcode at the foot of the first, as UN documents have them. */
static void
page_furniture (Typesetter *t)
{
  g_autofree char *number = g_strdup_printf ("%d", t->page);

  if (t->page == 1)
    {
      show (t, t->small, MARGIN, PAGE_HEIGHT - 50, JOB_NUMBER "    200103");
      show (t, t->small, PAGE_WIDTH - MARGIN - 60, PAGE_HEIGHT - 50, BARCODE);
      return;
    }
  if (t->symbol != NULL)
    show (t, t->small, t->page % 2 == 0 ? MARGIN : PAGE_WIDTH - MARGIN - 80, 36, t->symbol);
  show (t, t->small, PAGE_WIDTH / 2, PAGE_HEIGHT - 40, number);
}

/* Lines a text takes in @font without hyphenation: at least as many as
 * typeset() makes. */
static guint
count_lines (Typesetter                 *t,
             const PangoFontDescription *font,
             double                      width,
             const char                 *text)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);
  g_autoptr(GString) line = g_string_new (NULL);
  guint lines = 1;

  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *candidate = line->len > 0 ? g_strconcat (line->str, " ", words[i], NULL) : g_strdup (words[i]);

      if (line->len > 0 && text_width (t, font, candidate) > width)
        {
          lines++;
          g_string_assign (line, words[i]);
        }
      else
        g_string_assign (line, candidate);
    }
  return lines;
}

static double
note_height (Typesetter *t,
             const char *text)
{
  return count_lines (t, t->small, PAGE_WIDTH - 2 * MARGIN - 10, text) * NOTE_SIZE * 1.25 + NOTE_SIZE * 0.9;
}

/* The footnotes of the page, under a short rule, each with its number as a
 * small raised digit, as a word processor sets them. */
static void
flush_foot (Typesetter *t)
{
  double saved = t->y;
  double height = 0;

  if (t->pending == NULL || t->pending->len == 0)
    return;
  for (guint i = 0; i < t->pending->len; i++)
    height += note_height (t, strchr (g_ptr_array_index (t->pending, i), ' ') + 1);

  t->in_foot = TRUE;
  t->y = PAGE_HEIGHT - MARGIN - height;
  cairo_move_to (t->cr, MARGIN, t->y - 4);
  cairo_line_to (t->cr, MARGIN + 120, t->y - 4);
  cairo_set_line_width (t->cr, 0.5);
  cairo_stroke (t->cr);
  for (guint i = 0; i < t->pending->len; i++)
    {
      const char *note = g_ptr_array_index (t->pending, i);
      const char *space = strchr (note, ' ');
      g_autofree char *number = g_strndup (note, space - note);
      double baseline, tiny_baseline;

      pango_layout_set_font_description (t->layout, t->small);
      pango_layout_set_text (t->layout, "x", -1);
      baseline = pango_layout_get_baseline (t->layout) / (double) PANGO_SCALE;
      pango_layout_set_font_description (t->layout, t->tiny);
      tiny_baseline = pango_layout_get_baseline (t->layout) / (double) PANGO_SCALE;
      show (t, t->tiny, MARGIN, t->y + baseline - tiny_baseline - NOTE_SIZE * 0.33, number);
      typeset (t, t->small, NOTE_SIZE, 10, space + 1, NULL);
    }
  t->in_foot = FALSE;
  t->y = saved;
  g_ptr_array_set_size (t->pending, 0);
}

static void
new_page (Typesetter *t)
{
  flush_foot (t);
  cairo_show_page (t->cr);
  t->page++;
  t->y = MARGIN;
  t->limit = PAGE_HEIGHT - MARGIN;
  page_furniture (t);
}

static void
emit_line (Typesetter                 *t,
           const PangoFontDescription *font,
           double                      size,
           double                      x,
           const char                 *text,
           const char                 *raised)
{
  if (!t->in_foot && t->y + size * 1.25 > t->limit)
    new_page (t);
  show (t, font, x, t->y, text);
  if (raised != NULL)
    {
      /* A superscript: its baseline a third of the type size above the line's. */
      double width = text_width (t, font, text);
      double baseline = pango_layout_get_baseline (t->layout) / (double) PANGO_SCALE;
      double tiny_baseline;

      pango_layout_set_font_description (t->layout, t->tiny);
      tiny_baseline = pango_layout_get_baseline (t->layout) / (double) PANGO_SCALE;
      show (t, t->tiny, x + width, t->y + baseline - tiny_baseline - size * 0.33, raised);
    }
  t->y += size * 1.25;
}

/* A line of a paragraph that is not its last: with @t->justify, its words
 * are spread to fill the measure, as UN documents are set. */
static void
emit_full_line (Typesetter                 *t,
                const PangoFontDescription *font,
                double                      size,
                double                      x,
                double                      width,
                const char                 *text)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);
  guint n = g_strv_length (words);
  double total = 0;
  double gap;

  if (!t->justify || n < 2)
    {
      emit_line (t, font, size, x, text, NULL);
      return;
    }
  for (guint i = 0; i < n; i++)
    total += text_width (t, font, words[i]);
  gap = (width - total) / (n - 1);
  /* Headings are not justified, nor lines that would gape. */
  if (font == t->bold || gap > 3 * text_width (t, font, " "))
    {
      emit_line (t, font, size, x, text, NULL);
      return;
    }

  if (!t->in_foot && t->y + size * 1.25 > t->limit)
    new_page (t);
  for (guint i = 0; i < n; i++)
    {
      show (t, font, x, t->y, words[i]);
      x += text_width (t, font, words[i]) + gap;
    }
  t->y += size * 1.25;
}

/* Greedy line breaking; a long word that does not fit is hyphenated. */
static void
typeset (Typesetter                 *t,
         const PangoFontDescription *font,
         double                      size,
         double                      indent,
         const char                 *text,
         const char                 *raised)
{
  double width = PAGE_WIDTH - 2 * MARGIN - indent;
  g_auto(GStrv) words = g_strsplit (text, " ", -1);
  g_autoptr(GString) line = g_string_new (NULL);
  guint n = g_strv_length (words);

  for (guint i = 0; i < n; i++)
    {
      const char *word = words[i];
      g_autofree char *candidate = NULL;

      if (*word == '\0')
        continue;
      candidate = line->len > 0 ? g_strconcat (line->str, " ", word, NULL) : g_strdup (word);
      if (text_width (t, font, candidate) <= width)
        {
          g_string_assign (line, candidate);
          continue;
        }

      /* Hyphenate words of letters only, keeping three letters on each side. */
      {
        gsize len = strlen (word);
        gboolean letters = len >= 8;

        for (gsize k = 0; k < len && letters; k++)
          letters = g_ascii_isalpha (word[k]);
        if (letters && line->len > 0)
          {
            for (gsize cut = len - 3; cut >= 3; cut--)
              {
                g_autofree char *head = g_strdup_printf ("%s %.*s-", line->str, (int) cut, word);

                if (text_width (t, font, head) <= width)
                  {
                    emit_full_line (t, font, size, MARGIN + indent, width, head);
                    g_string_assign (line, word + cut);
                    word = NULL;
                    break;
                  }
              }
          }
      }
      if (word == NULL)
        continue;

      if (line->len > 0)
        emit_full_line (t, font, size, MARGIN + indent, width, line->str);
      g_string_assign (line, word);
    }
  if (line->len > 0)
    emit_line (t, font, size, MARGIN + indent, line->str, raised);
  t->y += size * 0.9;
}

static void
make_pdf (const DossierParsedDocument *doc,
          const char                  *path,
          gboolean                     with_text,
          gboolean                     foot_notes)
{
  Typesetter t = { 0 };
  g_autoptr(GPtrArray) footnotes = footnotes_of (doc);
  guint n_numbered = count_numbered (doc);
  guint nth = 0;

  t.surface = cairo_pdf_surface_create (path, PAGE_WIDTH, PAGE_HEIGHT);
  t.cr = cairo_create (t.surface);
  t.layout = pango_cairo_create_layout (t.cr);
  t.regular = pango_font_description_from_string ("DejaVu Serif 10");
  t.bold = pango_font_description_from_string ("DejaVu Serif Bold 10");
  t.small = pango_font_description_from_string ("DejaVu Serif 8");
  t.tiny = pango_font_description_from_string ("DejaVu Serif 6");
  t.symbol = doc->symbol;
  t.page = 1;
  t.y = MARGIN;
  t.limit = PAGE_HEIGHT - MARGIN;
  t.foot_notes = foot_notes;
  t.justify = foot_notes;
  t.pending = g_ptr_array_new_with_free_func (g_free);

  if (!with_text)
    {
      /* A scan: a picture of a page, no text. */
      cairo_set_source_rgb (t.cr, 0.9, 0.9, 0.9);
      cairo_rectangle (t.cr, MARGIN, MARGIN, 300, 400);
      cairo_fill (t.cr);
      for (int k = 0; k < 30; k++)
        {
          cairo_set_source_rgb (t.cr, 0.2, 0.2, 0.2);
          cairo_rectangle (t.cr, MARGIN + 10, MARGIN + 10 + k * 12, 280 - (k % 5) * 20, 6);
          cairo_fill (t.cr);
        }
    }
  else
    {
      page_furniture (&t);
      cairo_set_source_rgb (t.cr, 0, 0, 0);
      for (guint i = 0; i < doc->blocks->len; i++)
        {
          DossierBlock *block = block_at (doc, i);
          g_autofree char *raised = NULL;

          switch (block->kind)
            {
            case DOSSIER_BLOCK_FRONT:
              {
                g_auto(GStrv) lines = g_strsplit (block->text, "\n", -1);

                /* The UN masthead: the body's name on the left, distribution,
                 * symbol, date and language in a column on the right. */
                if (foot_notes && i == 0 && doc->symbol != NULL)
                  {
                    double top = t.y;
                    double right_y = t.y;

                    for (guint k = 0; lines[k] != NULL; k++)
                      emit_line (&t, t.bold, BODY_SIZE, MARGIN, lines[k], NULL);
                    for (; i + 1 < doc->blocks->len; i++)
                      {
                        DossierBlock *next = block_at (doc, i + 1);
                        g_auto(GStrv) right = NULL;

                        if (next->kind != DOSSIER_BLOCK_FRONT ||
                            !(g_str_has_prefix (next->text, "Distr") || g_str_has_prefix (next->text, "GENERAL") ||
                              g_str_has_prefix (next->text, doc->symbol) || g_str_has_prefix (next->text, "Original")))
                          break;
                        right = g_strsplit (next->text, "\n", -1);
                        for (guint k = 0; right[k] != NULL; k++)
                          {
                            show (&t, t.regular, PAGE_WIDTH / 2 + 40, right_y, right[k]);
                            right_y += BODY_SIZE * 1.25;
                          }
                      }
                    t.y = MAX (t.y, right_y) + BODY_SIZE * 0.9;
                    g_assert_cmpfloat (t.y, >, top);
                    break;
                  }

                for (guint k = 0; lines[k] != NULL; k++)
                  emit_line (&t, t.regular, BODY_SIZE, MARGIN, lines[k], NULL);
                t.y += BODY_SIZE * 0.9;
              }
              break;

            case DOSSIER_BLOCK_HEADING:
              t.y += BODY_SIZE * 0.5;
              typeset (&t, t.bold, BODY_SIZE, 0, block->text, NULL);
              break;

            case DOSSIER_BLOCK_PARAGRAPH:
              if (block->label != NULL)
                {
                  g_autofree char *text = g_strdup_printf ("%s. %s", block->label, block->text);
                  guint first, last;

                  notes_for_paragraph (footnotes, nth++, n_numbered, &first, &last);
                  if (first < last)
                    {
                      GString *marks = g_string_new (NULL);

                      for (guint k = first; k < last; k++)
                        g_string_append_printf (marks, "%s%u", k > first ? "," : "", k + 1);
                      raised = g_string_free (marks, FALSE);
                    }
                  /* Room for the paragraph's footnotes at the foot of the page it
                   * starts on, with at least three of its lines above them. */
                  if (foot_notes && first < last)
                    {
                      double needed = 0;

                      for (guint k = first; k < last; k++)
                        needed += note_height (&t, ((DossierBlock *) g_ptr_array_index (footnotes, k))->text);
                      if (t.y + 3 * BODY_SIZE * 1.25 > t.limit - needed)
                        new_page (&t);
                      t.limit -= needed;
                      for (guint k = first; k < last; k++)
                        g_ptr_array_add (t.pending, g_strdup_printf ("%u %s", k + 1,
                                                                     ((DossierBlock *) g_ptr_array_index (footnotes, k))->text));
                    }
                  typeset (&t, t.regular, BODY_SIZE, 0, text, raised);
                }
              else
                typeset (&t, t.regular, BODY_SIZE, 0, block->text, NULL);
              break;

            case DOSSIER_BLOCK_ITEM:
              {
                g_autofree char *text = g_strdup_printf ("%s %s", block->label != NULL ? block->label : "\xe2\x80\xa2",
                                                         block->text);

                typeset (&t, t.regular, BODY_SIZE, 18, text, NULL);
              }
              break;

            case DOSSIER_BLOCK_NOTE:
              if (foot_notes && label_is_number (block->label))
                break;
              {
                g_autofree char *sup = label_is_number (block->label) ? superscript (atoi (block->label)) : NULL;
                g_autofree char *text = g_strdup_printf ("%s %s", sup != NULL ? sup : (block->label != NULL ? block->label : LOST_MARKER),
                                                         block->text);

                typeset (&t, t.small, NOTE_SIZE, 0, text, NULL);
              }
              break;

            case DOSSIER_BLOCK_TABLE_ROW:
            case DOSSIER_BLOCK_CONTACT:
            default:
              typeset (&t, t.regular, BODY_SIZE, 0, block->text, NULL);
              break;
            }
        }
    }

  flush_foot (&t);
  cairo_show_page (t.cr);
  g_ptr_array_unref (t.pending);
  g_object_unref (t.layout);
  pango_font_description_free (t.regular);
  pango_font_description_free (t.bold);
  pango_font_description_free (t.small);
  pango_font_description_free (t.tiny);
  cairo_destroy (t.cr);
  cairo_surface_finish (t.surface);
  g_assert_cmpint (cairo_surface_status (t.surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (t.surface);
}

/* Comparison with the Markdown */

typedef struct
{
  const char *file;
  guint       numbered;   /* numbered paragraphs the Markdown has */
} CorpusCase;

static const CorpusCase cases[] = {
  { "E-CN.4-2003-74-traffic-in-women-and-girls.md", 49 },
  { "ccpcj-2003-note-trafficking-in-human-beings.md", 27 },
  { "conference-2007-chairs-summary.md", 40 },
};

/* "pdf-footnotes" is a PDF set justified, with its footnotes at the foot of
 * the pages; "lo-pdf", "lo-docx" and "lo-odt" are made by LibreOffice from the .odt,
 * as the issue asks, when LibreOffice is installed. */
static const char *const formats[] = { "pdf", "pdf-footnotes", "docx", "odt", "html", "lo-pdf", "lo-docx",
                                       "lo-odt" };

/* The file LibreOffice makes of @odt in @dir, converted to @to; NULL when
 * LibreOffice is not installed. */
static GBytes *
convert_with_libreoffice (GBytes     *odt,
                          const char *to,
                          const char *dir)
{
  g_autofree char *soffice = g_find_program_in_path ("soffice");
  g_autofree char *in = g_build_filename (dir, "converted.odt", NULL);
  g_autofree char *out_dir = g_build_filename (dir, "libreoffice", NULL);
  g_autofree char *out = g_strdup_printf ("%s/converted.%s", out_dir, to);
  g_autofree char *profile = g_build_filename (dir, "lo-profile", NULL);
  g_autofree char *profile_arg = g_strconcat ("-env:UserInstallation=file://", profile, NULL);
  g_autofree char *std_out = NULL;
  g_autofree char *std_err = NULL;
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;
  int status = 0;
  const char *argv[] = { soffice, "--headless", "--norestore", profile_arg, "--convert-to", to,
                         "--outdir", out_dir, in, NULL };

  if (soffice == NULL)
    return NULL;
  g_assert_true (g_file_set_contents (in, g_bytes_get_data (odt, NULL), g_bytes_get_size (odt), &error));
  g_assert_true (g_spawn_sync (dir, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &std_out, &std_err,
                               &status, &error));
  g_assert_no_error (error);
  if (!g_file_get_contents (out, &contents, &length, &error))
    g_error ("LibreOffice made no %s: %s\n%s", to, std_out, std_err);
  g_unlink (in);
  g_unlink (out);
  return g_bytes_new_take (contents, length);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *entry;

  while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, entry, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static char *
labels (const DossierParsedDocument *doc,
        DossierBlockKind             kind)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < doc->blocks->len; i++)
    {
      DossierBlock *block = block_at (doc, i);

      if (block->kind != kind || block->label == NULL)
        continue;
      if (out->len > 0)
        g_string_append_c (out, ',');
      g_string_append (out, block->label);
    }
  return g_string_free (out, FALSE);
}

static DossierBlock *
find_labelled (const DossierParsedDocument *doc,
               DossierBlockKind             kind,
               const char                  *label,
               guint                        nth)
{
  for (guint i = 0; i < doc->blocks->len; i++)
    {
      DossierBlock *block = block_at (doc, i);

      if (block->kind == kind && g_strcmp0 (block->label, label) == 0 && nth-- == 0)
        return block;
    }
  return NULL;
}

/* Texts of the Markdown's citable blocks found again, after whitespace folding. */
static double
share_of_blocks_found (const DossierParsedDocument *md,
                       const DossierParsedDocument *other,
                       GString                     *missing)
{
  g_autoptr(GHashTable) texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint total = 0, found = 0;

  for (guint i = 0; i < other->blocks->len; i++)
    g_hash_table_add (texts, fold (block_at (other, i)->text));

  for (guint i = 0; i < md->blocks->len; i++)
    {
      DossierBlock *block = block_at (md, i);
      g_autofree char *text = NULL;

      if (block->kind == DOSSIER_BLOCK_FRONT)
        continue;
      total++;
      text = fold (block->text);
      if (g_hash_table_contains (texts, text))
        found++;
      else if (missing->len < 4000)
        g_string_append_printf (missing, "  %s %s: %.120s\n", dossier_block_kind_to_string (block->kind),
                                block->label != NULL ? block->label : "-", text);
    }
  return total > 0 ? (double) found / total : 0;
}

static GHashTable *
entity_keys (DossierExtractor            *extractor,
             const DossierParsedDocument *doc)
{
  g_autoptr(DossierExtraction) extraction = dossier_extractor_run (extractor, doc);
  GHashTable *keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < extraction->mentions->len; i++)
    {
      DossierMentionDef *mention = g_ptr_array_index (extraction->mentions, i);

      g_hash_table_add (keys, g_strdup (mention->entity_key));
    }
  return keys;
}

static GBytes *
make_format (const DossierParsedDocument *md,
             const char                  *format,
             const char                  *dir)
{
  if (g_str_equal (format, "docx"))
    return make_docx (md);
  if (g_str_equal (format, "odt"))
    return make_odt (md);
  if (g_str_equal (format, "html"))
    return make_html (md);
  if (g_str_has_prefix (format, "lo-"))
    {
      g_autoptr(GBytes) odt = make_odt (md);

      return convert_with_libreoffice (odt, format + 3, dir);
    }
  {
    g_autofree char *path = g_build_filename (dir, "made.pdf", NULL);
    g_autoptr(GError) error = NULL;
    char *contents = NULL;
    gsize length = 0;

    make_pdf (md, path, TRUE, g_str_equal (format, "pdf-footnotes"));
    g_file_get_contents (path, &contents, &length, &error);
    g_assert_no_error (error);
    g_unlink (path);
    return g_bytes_new_take (contents, length);
  }
}

/* Where DOSSIER_TEST_KEEP names a folder, the files made are left there to
 * look at; otherwise they go to a temporary folder that is removed. */
static char *
keep_dir (void)
{
  const char *keep = g_getenv ("DOSSIER_TEST_KEEP");

  if (keep != NULL && *keep != '\0')
    {
      g_mkdir_with_parents (keep, 0700);
      return g_strdup (keep);
    }
  return NULL;
}

static void
test_round_trip (gconstpointer data)
{
  const char *const *pair = data;
  const CorpusCase *c = &cases[GPOINTER_TO_UINT (pair[0])];
  const char *format = pair[1];
  g_autoptr(DossierParsedDocument) md = load_markdown (c->file);
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = keep_dir ();
  g_autofree char *dir = kept != NULL ? g_strdup (kept) : g_dir_make_tmp ("dossier-formats-XXXXXX", &error);
  g_autoptr(GBytes) bytes = make_format (md, format, dir);
  g_autofree char *stem = g_strndup (c->file, strlen (c->file) - 3);
  const char *expected = g_str_has_prefix (format, "lo-") ? format + 3 :
                         g_str_has_prefix (format, "pdf") ? "pdf" : format;
  g_autofree char *name = g_strdup_printf ("%s%s.%s", stem,
                                           g_str_equal (format, "pdf-footnotes") ? "-footnotes" :
                                           g_str_has_prefix (format, "lo-") ? "-libreoffice" : "",
                                           expected);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(DossierParsedDocument) doc = NULL;
  g_autoptr(GString) missing = g_string_new (NULL);
  g_autofree char *md_numbered = labels (md, DOSSIER_BLOCK_PARAGRAPH);
  g_autofree char *numbered = NULL;
  g_autofree char *md_headings = labels (md, DOSSIER_BLOCK_HEADING);
  g_autofree char *headings = NULL;
  g_autofree char *md_notes = labels (md, DOSSIER_BLOCK_NOTE);
  g_autofree char *notes = NULL;
  double share;

  g_assert_no_error (error);
  if (bytes == NULL)
    {
      g_test_skip ("LibreOffice (libreoffice-writer-nogui) is not installed.");
      if (kept == NULL)
        remove_tree (dir);
      return;
    }
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error));
  g_assert_no_error (error);

  /* Through the same door as every file: detection by content. */
  doc = dossier_import_parse_file (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (doc);
  g_assert_cmpstr (doc->format, ==, expected);
  g_assert_cmpstr (doc->source_name, ==, name);

  /* Metadata */
  g_assert_cmpstr (doc->symbol, ==, md->symbol);
  g_assert_cmpstr (doc->date, ==, md->date);
  g_assert_cmpstr (doc->kind, ==, md->kind);
  g_assert_cmpstr (doc->body, ==, md->body);
  g_assert_cmpstr (doc->session, ==, md->session);
  g_assert_cmpstr (doc->title, ==, md->title);
  g_assert_cmpstr (doc->language, ==, "en");

  /* Numbered paragraphs, each under the same headings with the same text. */
  numbered = labels (doc, DOSSIER_BLOCK_PARAGRAPH);
  g_assert_cmpuint (count_numbered (md), ==, c->numbered);
  g_assert_cmpstr (numbered, ==, md_numbered);
  for (guint i = 0; i < md->blocks->len; i++)
    {
      DossierBlock *want = block_at (md, i);
      DossierBlock *got;
      g_autofree char *want_text = NULL;
      g_autofree char *got_text = NULL;

      if (want->kind != DOSSIER_BLOCK_PARAGRAPH || want->label == NULL)
        continue;
      got = find_labelled (doc, DOSSIER_BLOCK_PARAGRAPH, want->label, 0);
      g_assert_nonnull (got);
      want_text = fold (want->text);
      got_text = fold (got->text);
      if (g_strcmp0 (got->heading_path, want->heading_path) != 0)
        g_error ("%s: paragraph %s sits under “%s”, not “%s”", name, want->label,
                 got->heading_path, want->heading_path);
      if (strcmp (want_text, got_text) != 0)
        {
          gsize at = parting (want_text, got_text);

          g_error ("%s: paragraph %s differs:\n  want: …%.200s\n  got:  …%.200s", name, want->label,
                   want_text + at, got_text + at);
        }
    }

  /* Headings and notes, with their labels in order. */
  headings = labels (doc, DOSSIER_BLOCK_HEADING);
  g_assert_cmpstr (headings, ==, md_headings);
  g_assert_cmpuint (dossier_parsed_document_count (doc, DOSSIER_BLOCK_NOTE, FALSE), ==,
                    dossier_parsed_document_count (md, DOSSIER_BLOCK_NOTE, FALSE));
  notes = labels (doc, DOSSIER_BLOCK_NOTE);
  if (g_strcmp0 (notes, md_notes) != 0)
    {
      /* Real footnotes follow the text; a "*" note of the masthead stays
       * where it is. Same notes, in the order the formats keep them. */
      g_auto(GStrv) want = g_strsplit (md_notes, ",", -1);
      g_auto(GStrv) got = g_strsplit (notes, ",", -1);

      g_assert_cmpuint (g_strv_length (got), ==, g_strv_length (want));
      for (guint k = 0; want[k] != NULL; k++)
        g_assert_true (g_strv_contains ((const char *const *) got, want[k]));
    }
  for (guint i = 0; i < md->blocks->len; i++)
    {
      DossierBlock *want = block_at (md, i);
      DossierBlock *got;
      g_autofree char *want_text = NULL;
      g_autofree char *got_text = NULL;

      if (want->kind != DOSSIER_BLOCK_NOTE || want->label == NULL)
        continue;
      got = find_labelled (doc, DOSSIER_BLOCK_NOTE, want->label, 0);
      g_assert_nonnull (got);
      want_text = fold (want->text);
      got_text = fold (got->text);
      if (strcmp (want_text, got_text) != 0)
        {
          gsize at = parting (want_text, got_text);

          g_error ("%s: note %s differs:\n  want: …%.200s\n  got:  …%.200s", name, want->label,
                   want_text + at, got_text + at);
        }
    }

  /* At least 95% of all citable blocks come back word for word. */
  share = share_of_blocks_found (md, doc, missing);
  if (share < 0.95)
    g_error ("%s: only %.1f%% of the blocks came back; missing:\n%s", name, share * 100, missing->str);

  /* The same entities. */
  {
    g_autoptr(DossierExtractor) extractor = dossier_extractor_new (NULL, &error);
    g_autoptr(GHashTable) want = NULL;
    g_autoptr(GHashTable) got = NULL;
    GHashTableIter iter;
    gpointer key;

    g_assert_no_error (error);
    want = entity_keys (extractor, md);
    got = entity_keys (extractor, doc);
    g_assert_cmpuint (g_hash_table_size (want), >, 10);
    g_hash_table_iter_init (&iter, want);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      if (!g_hash_table_contains (got, key))
        g_error ("%s: entity %s of the Markdown is missing", name, (const char *) key);
    g_hash_table_iter_init (&iter, got);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      if (!g_hash_table_contains (want, key))
        g_error ("%s: entity %s is not in the Markdown", name, (const char *) key);
  }

  if (kept == NULL)
    {
      g_assert_cmpint (g_unlink (path), ==, 0);
      remove_tree (dir);
      g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
    }
}

/* Things only one format has */

static GBytes *
bytes_of_pdf (const DossierParsedDocument *doc,
              gboolean                     with_text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dossier-formats-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "x.pdf", NULL);
  char *contents = NULL;
  gsize length = 0;

  g_assert_no_error (error);
  make_pdf (doc, path, with_text, TRUE);
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_unlink (path);
  g_rmdir (dir);
  return g_bytes_new_take (contents, length);
}

static void
test_pdf_furniture (void)
{
  g_autoptr(DossierParsedDocument) md = load_markdown (cases[0].file);
  g_autoptr(GBytes) bytes = bytes_of_pdf (md, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierParsedDocument) doc = dossier_import_parse_pdf ("report.pdf", g_bytes_get_data (bytes, NULL),
                                                                   g_bytes_get_size (bytes), &error);

  g_assert_no_error (error);
  for (guint i = 0; i < doc->blocks->len; i++)
    {
      DossierBlock *block = block_at (doc, i);

      /* No running header, page number, job number or barcode is left. */
      g_assert_null (strstr (block->text, JOB_NUMBER));
      g_assert_null (strstr (block->text, BARCODE));
      g_assert_null (strstr (block->text, "0310309"));
      if (block->kind != DOSSIER_BLOCK_FRONT)
        g_assert_cmpstr (block->text, !=, "E/CN.4/2003/74");
      g_assert_false (block->kind == DOSSIER_BLOCK_PARAGRAPH && block->label == NULL &&
                      strspn (block->text, "0123456789") == strlen (block->text));
    }
  g_assert_cmpstr (doc->symbol, ==, "E/CN.4/2003/74");

  /* The PDF does hyphenate words at line ends and repeat its header, so the
   * round trips above (text equal word for word) show they were undone. */
  {
    g_autoptr(PopplerDocument) pdf = poppler_document_new_from_bytes (bytes, NULL, &error);
    guint hyphenated = 0, headers = 0;

    g_assert_no_error (error);
    for (int k = 0; k < poppler_document_get_n_pages (pdf); k++)
      {
        g_autoptr(PopplerPage) page = poppler_document_get_page (pdf, k);
        g_autofree char *text = poppler_page_get_text (page);
        g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

        for (guint i = 0; lines[i] != NULL; i++)
          {
            gsize len = strlen (lines[i]);

            if (len > 2 && lines[i][len - 1] == '-' && g_ascii_islower (lines[i][len - 2]))
              hyphenated++;
            if (strcmp (lines[i], "E/CN.4/2003/74") == 0)
              headers++;
          }
      }
    g_assert_cmpuint (hyphenated, >=, 10);
    g_assert_cmpuint (headers, >=, 8);
  }
}

static void
test_pdf_no_text (void)
{
  g_autoptr(DossierParsedDocument) md = load_markdown (cases[0].file);
  g_autoptr(GBytes) bytes = bytes_of_pdf (md, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierParsedDocument) doc = dossier_import_parse_bytes ("scan.pdf", bytes, &error);

  g_assert_null (doc);
  g_assert_error (error, DOSSIER_IMPORT_ERROR, DOSSIER_IMPORT_ERROR_NO_TEXT);
  g_assert_nonnull (strstr (error->message, "\xe2\x80\x9cscan.pdf\xe2\x80\x9d"));
  g_assert_nonnull (strstr (error->message, "OCR"));
}

/* Ligatures and Unicode hyphens as some PDF producers write them. */
static void
test_pdf_ligatures (void)
{
  static const char *const lines[] = {
    "1. The Office of the High Commissioner for Human Rights, on trafficking,",
    "supports the Task Force on traf\xe2\x80\x90",
    "\xef\xac\x81" "cking in the \xef\xac\x81" "eld, with e\xef\xac\x80" "ective coordination.",
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dossier-formats-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "ligatures.pdf", NULL);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_t *cr = cairo_create (surface);
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string ("DejaVu Serif 10");
  g_autoptr(DossierParsedDocument) doc = NULL;
  g_autoptr(GFile) file = NULL;
  DossierBlock *block;

  g_assert_no_error (error);
  /* No title in the text: the one in the PDF's properties is taken. */
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, "Task Force on trafficking: progress");
  pango_layout_set_font_description (layout, font);
  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      pango_layout_set_text (layout, lines[i], -1);
      cairo_move_to (cr, MARGIN, MARGIN + i * 12.5);
      pango_cairo_show_layout (cr, layout);
    }
  cairo_show_page (cr);
  g_object_unref (layout);
  pango_font_description_free (font);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);

  file = g_file_new_for_path (path);
  doc = dossier_import_parse_file (file, NULL, &error);
  g_assert_no_error (error);
  block = find_labelled (doc, DOSSIER_BLOCK_PARAGRAPH, "1", 0);
  g_assert_nonnull (block);
  g_assert_cmpstr (block->text, ==, "The Office of the High Commissioner for Human Rights, on trafficking, supports "
                                    "the Task Force on trafficking in the field, with effective coordination.");
  g_assert_cmpstr (doc->title, ==, "Task Force on trafficking: progress");
  g_unlink (path);
  g_rmdir (dir);
}

/* A PDF encrypted with the standard security handler, revision 2: the user
 * password is not empty, so nothing can be read without it. */
static void
test_pdf_encrypted (void)
{
  static const char pdf[] =
    "%PDF-1.4\n"
    "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
    "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R >>\nendobj\n"
    "4 0 obj\n<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44\n"
    "/O <8B7C5F2A0E1D3C4B5A69788796A5B4C3D2E1F00F1E2D3C4B5A69788796A5B4C3>\n"
    "/U <1F2E3D4C5B6A798897A6B5C4D3E2F1000F1E2D3C4B5A69788796A5B4C3D2E1F0> >>\nendobj\n"
    "5 0 obj\n<< /Length 12 >>\nstream\n\x8a\x13\x77\x01\xfe\x22\x91\x3c\x55\x6e\x0f\x42\nendstream\nendobj\n"
    "trailer\n<< /Root 1 0 R /Encrypt 4 0 R /Size 6\n"
    "/ID [<0123456789ABCDEF0123456789ABCDEF><0123456789ABCDEF0123456789ABCDEF>] >>\n"
    "%%EOF\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (pdf, sizeof pdf - 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierParsedDocument) doc = dossier_import_parse_bytes ("secret.pdf", bytes, &error);

  g_assert_null (doc);
  g_assert_error (error, DOSSIER_IMPORT_ERROR, DOSSIER_IMPORT_ERROR_ENCRYPTED);
  g_assert_nonnull (strstr (error->message, "\xe2\x80\x9csecret.pdf\xe2\x80\x9d"));
}

/* Cut anywhere, a PDF is refused or read, never a crash. */
static void
test_pdf_truncated (void)
{
  g_autoptr(DossierParsedDocument) md = load_markdown ("egm-2002-aide-memoire.md");
  g_autoptr(GBytes) bytes = bytes_of_pdf (md, TRUE);
  gsize size = g_bytes_get_size (bytes);
  const guint8 *data = g_bytes_get_data (bytes, NULL);

  for (guint k = 1; k < 8; k++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DossierParsedDocument) doc = dossier_import_parse_pdf ("cut.pdf", data, size * k / 8, &error);

      g_assert_true ((doc == NULL) != (error == NULL));
      if (error != NULL)
        g_assert_nonnull (strstr (error->message, "\xe2\x80\x9c" "cut.pdf\xe2\x80\x9d"));
    }
}

static void
assert_unsafe (const char *name,
               GBytes     *bytes,
               int         code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *quoted = g_strdup_printf ("\xe2\x80\x9c%s\xe2\x80\x9d", name);
  g_autoptr(DossierParsedDocument) doc = dossier_import_parse_bytes (name, bytes, &error);

  g_assert_null (doc);
  g_assert_error (error, DOSSIER_IMPORT_ERROR, code);
  g_assert_nonnull (strstr (error->message, quoted));
  g_assert_true (g_str_has_suffix (error->message, "."));
  /* Nothing of the files the archive aims at reaches the message. */
  g_assert_null (strstr (error->message, "root:"));
}

static const char minimal_document[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<w:document " W_NS "><w:body><w:p><w:r><w:t>Hello</w:t></w:r></w:p></w:body></w:document>";

static void
test_office_zip_bomb (void)
{
  /* 64 MB of blanks inside a document element: a few hundred kilobytes packed. */
  gsize big = 64 * 1024 * 1024;
  g_autofree char *xml = g_malloc (big);
  g_autoptr(GBytes) docx = NULL;
  g_autoptr(GBytes) odt = NULL;
  const char *head = "<?xml version=\"1.0\"?><w:document " W_NS "><w:body><w:p><w:r><w:t>";

  memset (xml, ' ', big);
  memcpy (xml, head, strlen (head));
  {
    ZipEntry entries[] = {
      { "[Content_Types].xml", docx_content_types, -1, FALSE },
      { "word/document.xml", xml, big, FALSE },
    };

    docx = make_zip (entries, G_N_ELEMENTS (entries));
  }
  {
    ZipEntry entries[] = {
      { "mimetype", "application/vnd.oasis.opendocument.text", -1, TRUE },
      { "content.xml", xml, big, FALSE },
    };

    odt = make_zip (entries, G_N_ELEMENTS (entries));
  }
  g_assert_cmpuint (g_bytes_get_size (docx), <, big / 50);
  assert_unsafe ("bomb.docx", docx, DOSSIER_IMPORT_ERROR_UNSAFE);
  assert_unsafe ("bomb.odt", odt, DOSSIER_IMPORT_ERROR_UNSAFE);
}

static void
test_office_traversal (void)
{
  static const char *const paths[] = { "../../evil.xml", "/etc/evil.xml", "word/../../evil.xml", "C:/evil.xml",
                                       "word\\..\\evil.xml" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      ZipEntry entries[] = {
        { "[Content_Types].xml", docx_content_types, -1, FALSE },
        { paths[i], "<x/>", -1, FALSE },
        { "word/document.xml", minimal_document, -1, FALSE },
      };
      g_autoptr(GBytes) bytes = make_zip (entries, G_N_ELEMENTS (entries));

      assert_unsafe ("traversal.docx", bytes, DOSSIER_IMPORT_ERROR_UNSAFE);
    }

  /* The same archive without the bad name is a document. */
  {
    ZipEntry entries[] = {
      { "[Content_Types].xml", docx_content_types, -1, FALSE },
      { "word/document.xml", minimal_document, -1, FALSE },
    };
    g_autoptr(GBytes) bytes = make_zip (entries, G_N_ELEMENTS (entries));
    g_autoptr(GError) error = NULL;
    g_autoptr(DossierParsedDocument) doc = dossier_import_parse_bytes ("fine.docx", bytes, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (doc->format, ==, "docx");
    g_assert_cmpstr (block_at (doc, doc->blocks->len - 1)->text, ==, "Hello");
  }
}

static void
test_office_xxe (void)
{
  static const char *const documents[] = {
    /* An external entity reading a local file. */
    "<?xml version=\"1.0\"?>\n<!DOCTYPE w:document [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
    "<w:document " W_NS "><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>",
    /* A billion laughs. */
    "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;\">"
    "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\"><!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;\">]>\n"
    "<w:document " W_NS "><w:body><w:p><w:r><w:t>&lol4;</w:t></w:r></w:p></w:body></w:document>",
    /* An external DTD. */
    "<?xml version=\"1.0\"?>\n<!DOCTYPE w:document SYSTEM \"http://127.0.0.1:9/evil.dtd\">\n"
    "<w:document " W_NS "><w:body><w:p><w:r><w:t>x</w:t></w:r></w:p></w:body></w:document>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      ZipEntry docx_entries[] = {
        { "[Content_Types].xml", docx_content_types, -1, FALSE },
        { "word/document.xml", documents[i], -1, FALSE },
      };
      ZipEntry odt_entries[] = {
        { "mimetype", "application/vnd.oasis.opendocument.text", -1, TRUE },
        { "content.xml", documents[i], -1, FALSE },
      };
      g_autoptr(GBytes) docx = make_zip (docx_entries, G_N_ELEMENTS (docx_entries));
      g_autoptr(GBytes) odt = make_zip (odt_entries, G_N_ELEMENTS (odt_entries));

      assert_unsafe ("entities.docx", docx, DOSSIER_IMPORT_ERROR_UNSAFE);
      assert_unsafe ("entities.odt", odt, DOSSIER_IMPORT_ERROR_UNSAFE);
    }
}

static void
test_office_damaged (void)
{
  g_autoptr(DossierParsedDocument) md = load_markdown ("egm-2002-aide-memoire.md");
  g_autoptr(GBytes) docx = make_docx (md);
  g_autoptr(GBytes) odt = make_odt (md);
  GBytes *both[] = { docx, odt };
  const char *names[] = { "cut.docx", "cut.odt" };

  for (guint f = 0; f < G_N_ELEMENTS (both); f++)
    {
      gsize size = g_bytes_get_size (both[f]);

      for (guint k = 1; k < 16; k++)
        {
          g_autoptr(GBytes) cut = g_bytes_new_from_bytes (both[f], 0, size * k / 16);
          g_autoptr(GError) error = NULL;
          g_autoptr(DossierParsedDocument) doc = dossier_import_parse_bytes (names[f], cut, &error);

          g_assert_true ((doc == NULL) != (error == NULL));
          if (error != NULL)
            g_assert_true (g_str_has_prefix (error->message, "\xe2\x80\x9c" "cut."));
        }
    }

  /* An archive that is neither: a spreadsheet. */
  {
    ZipEntry entries[] = {
      { "mimetype", "application/vnd.oasis.opendocument.spreadsheet", -1, TRUE },
      { "content.xml", "<x/>", -1, FALSE },
    };
    g_autoptr(GBytes) bytes = make_zip (entries, G_N_ELEMENTS (entries));

    assert_unsafe ("sheet.ods", bytes, DOSSIER_IMPORT_ERROR_UNSUPPORTED);
  }
}

static char *
blocks_summary (const DossierParsedDocument *doc)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < doc->blocks->len; i++)
    {
      DossierBlock *block = block_at (doc, i);

      g_string_append_printf (out, "%s[%s] %s\n", dossier_block_kind_to_string (block->kind),
                              block->label != NULL ? block->label : "", block->text);
    }
  return g_string_free (out, FALSE);
}

static void
assert_summary_has (const char *summary,
                    const char *line)
{
  if (strstr (summary, line) == NULL)
    g_error ("“%s” is not among the blocks:\n%s", line, summary);
}

/* Word features the bundled documents do not exercise. */
static void
test_docx_features (void)
{
  static const char document[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<w:document " W_NS "><w:body>"
    /* A heading by outline level only, in a content control. */
    "<w:sdt><w:sdtContent><w:p><w:pPr><w:outlineLvl w:val=\"0\"/></w:pPr>"
    "<w:r><w:t>Meeting of the Working Group on Trafficking</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    /* A table of contents in a content control is left out. */
    "<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val=\"Table of Contents\"/></w:docPartObj></w:sdtPr>"
    "<w:sdtContent><w:p><w:r><w:t>Contents 1</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    /* Numbered paragraphs with lettered sub-items, a field and a deletion. */
    "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr>"
    "<w:r><w:t xml:space=\"preserve\">The Group met on </w:t></w:r>"
    "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> DATE \\@ \"d MMMM yyyy\" </w:instrText></w:r>"
    "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>5 March 2007</w:t></w:r>"
    "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
    "<w:del><w:r><w:delText>deleted words </w:delText></w:r></w:del>"
    "<w:ins><w:r><w:t xml:space=\"preserve\"> in Vienna</w:t></w:r></w:ins>"
    "<w:r><w:t>.</w:t></w:r>"
    "<w:r><w:footnoteReference w:customMarkFollows=\"1\" w:id=\"7\"/><w:t>*</w:t></w:r></w:p>"
    "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"1\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr>"
    "<w:r><w:t>to protect victims;</w:t></w:r></w:p>"
    "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"1\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr>"
    "<w:r><w:t>to prosecute traffickers.</w:t></w:r></w:p>"
    "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr>"
    "<w:r><w:t>Participants adopted the plan.</w:t></w:r>"
    "<w:r><w:endnoteReference w:id=\"2\"/></w:r></w:p>"
    /* Headings numbered by Word through their style: "I.", then "A.". */
    "<w:p><w:pPr><w:pStyle w:val=\"NumberedHeading1\"/></w:pPr><w:r><w:t>Findings</w:t></w:r></w:p>"
    "<w:p><w:pPr><w:pStyle w:val=\"NumberedHeading2\"/></w:pPr><w:r><w:t>Trends in trafficking</w:t></w:r></w:p>"
    "<w:p><w:pPr><w:pStyle w:val=\"NumberedHeading1\"/></w:pPr><w:r><w:t>Recommendations</w:t></w:r></w:p>"
    /* Bullets through the List Bullet style. */
    "<w:p><w:pPr><w:pStyle w:val=\"ListBullet\"/></w:pPr><w:r><w:t>UNODC</w:t></w:r></w:p>"
    /* A table. */
    "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Country</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Cases</w:t></w:r></w:p></w:tc></w:tr>"
    "<w:tr><w:tc><w:p><w:r><w:t>Moldova</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>12</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    "<w:sectPr/></w:body></w:document>";
  static const char footnotes[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<w:footnotes " W_NS "><w:footnote w:id=\"7\"><w:p><w:r><w:t>Issued without formal editing.</w:t></w:r></w:p></w:footnote></w:footnotes>";
  static const char endnotes[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<w:endnotes " W_NS "><w:endnote w:type=\"separator\" w:id=\"0\"><w:p/></w:endnote>"
    "<w:endnote w:id=\"2\"><w:p><w:r><w:endnoteRef/></w:r><w:r><w:t xml:space=\"preserve\"> See annex.</w:t></w:r></w:p></w:endnote></w:endnotes>";
  static const char styles[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<w:styles " W_NS ">"
    "<w:style w:type=\"paragraph\" w:styleId=\"ListBullet\"><w:name w:val=\"List Bullet\"/>"
    "<w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"2\"/></w:numPr></w:pPr></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"NumberedHeading1\"><w:name w:val=\"heading 1\"/>"
    "<w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"3\"/></w:numPr><w:outlineLvl w:val=\"0\"/></w:pPr></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"NumberedHeading2\"><w:name w:val=\"heading 2\"/>"
    "<w:pPr><w:numPr><w:ilvl w:val=\"1\"/><w:numId w:val=\"3\"/></w:numPr><w:outlineLvl w:val=\"1\"/></w:pPr></w:style>"
    "</w:styles>";
  static const char numbering[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<w:numbering " W_NS ">"
    "<w:abstractNum w:abstractNumId=\"10\">"
    "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%1.\"/></w:lvl>"
    "<w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"lowerLetter\"/><w:lvlText w:val=\"(%2)\"/></w:lvl>"
    "</w:abstractNum>"
    "<w:abstractNum w:abstractNumId=\"20\">"
    "<w:lvl w:ilvl=\"0\"><w:numFmt w:val=\"bullet\"/><w:lvlText w:val=\"-\"/></w:lvl></w:abstractNum>"
    "<w:abstractNum w:abstractNumId=\"30\">"
    "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"upperRoman\"/><w:lvlText w:val=\"%1.\"/></w:lvl>"
    "<w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"upperLetter\"/><w:lvlText w:val=\"%2.\"/></w:lvl>"
    "</w:abstractNum>"
    "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"10\"/></w:num>"
    "<w:num w:numId=\"2\"><w:abstractNumId w:val=\"20\"/></w:num>"
    "<w:num w:numId=\"3\"><w:abstractNumId w:val=\"30\"/></w:num>"
    "</w:numbering>";
  ZipEntry entries[] = {
    { "[Content_Types].xml", docx_content_types, -1, FALSE },
    { "word/document.xml", document, -1, FALSE },
    { "word/styles.xml", styles, -1, FALSE },
    { "word/numbering.xml", numbering, -1, FALSE },
    { "word/footnotes.xml", footnotes, -1, FALSE },
    { "word/endnotes.xml", endnotes, -1, FALSE },
  };
  g_autoptr(GBytes) bytes = make_zip (entries, G_N_ELEMENTS (entries));
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierParsedDocument) doc = dossier_import_parse_docx ("features.docx", g_bytes_get_data (bytes, NULL),
                                                                    g_bytes_get_size (bytes), &error);
  g_autofree char *summary = NULL;

  g_assert_no_error (error);
  summary = blocks_summary (doc);
  /* The first heading is the masthead's title. */
  g_assert_cmpstr (doc->title, ==, "Meeting of the Working Group on Trafficking");
  assert_summary_has (summary, "paragraph[1] The Group met on 5 March 2007 in Vienna.\n");
  assert_summary_has (summary, "item[(a)] to protect victims;\n");
  assert_summary_has (summary, "item[(b)] to prosecute traffickers.\n");
  assert_summary_has (summary, "paragraph[2] Participants adopted the plan.\n");
  assert_summary_has (summary, "item[] UNODC\n");
  assert_summary_has (summary, "heading[I] I. Findings\n");
  assert_summary_has (summary, "heading[A] A. Trends in trafficking\n");
  assert_summary_has (summary, "heading[II] II. Recommendations\n");
  assert_summary_has (summary, "table-row[] Moldova | 12\n");
  assert_summary_has (summary, "note[*] Issued without formal editing.\n");
  assert_summary_has (summary, "note[1] See annex.\n");
  g_assert_null (strstr (summary, "Contents 1"));
  g_assert_null (strstr (summary, "DATE"));
  g_assert_null (strstr (summary, "deleted"));
}

/* OpenDocument features the bundled documents do not exercise. */
static void
test_odt_features (void)
{
  static const char content[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content " ODF_NS " "
    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><office:automatic-styles>"
    "<style:style style:name=\"P1\" style:family=\"paragraph\" style:parent-style-name=\"Heading_20_1\"/>"
    "<style:style style:name=\"T1\" style:family=\"text\"><style:text-properties style:text-position=\"super 58%\"/></style:style>"
    "<text:list-style style:name=\"L2\"><text:list-level-style-number text:level=\"1\" style:num-prefix=\"(\" "
    "style:num-suffix=\")\" style:num-format=\"a\"/></text:list-style>"
    "</office:automatic-styles><office:body><office:text>"
    "<text:tracked-changes><text:changed-region><text:deletion><text:p>Old text</text:p></text:deletion></text:changed-region></text:tracked-changes>"
    "<text:p text:style-name=\"P1\">Vienna Forum to Fight Human Trafficking</text:p>"
    "<text:table-of-content><text:index-body><text:p>Contents 1</text:p></text:index-body></text:table-of-content>"
    "<text:p>1.<text:tab/>The Forum<text:s text:c=\"3\"/>opened<text:soft-page-break/> on 13 February 2008"
    "<office:annotation><dc:creator>Editor</dc:creator><text:p>check the date</text:p></office:annotation>"
    "<text:span text:style-name=\"T1\">4</text:span>.</text:p>"
    "<text:list text:style-name=\"L2\"><text:list-item><text:p>prevention;</text:p></text:list-item>"
    "<text:list-item><text:p>protection.</text:p></text:list-item></text:list>"
    "<table:table><table:table-header-rows><table:table-row><table:table-cell><text:p>Session</text:p></table:table-cell>"
    "<table:table-cell><text:p>Chair</text:p></table:table-cell></table:table-row></table:table-header-rows>"
    "<table:table-row><table:table-cell><text:p>Opening</text:p></table:table-cell>"
    "<table:table-cell><text:p>UNODC</text:p></table:table-cell></table:table-row></table:table>"
    "<text:h text:outline-level=\"1\">Findings</text:h>"
    "<text:h text:outline-level=\"2\">Trends</text:h>"
    "<text:h text:outline-level=\"3\">Unnumbered detail</text:h>"
    "<text:h text:outline-level=\"2\">Responses</text:h>"
    "<text:p>2.<text:tab/>Participants met<text:note text:note-class=\"footnote\"><text:note-citation text:label=\"**\">**</text:note-citation>"
    "<text:note-body><text:p>In Vienna.</text:p></text:note-body></text:note>.</text:p>"
    "</office:text></office:body></office:document-content>";
  /* Headings numbered by the outline style: "I.", "A.". */
  static const char styles[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<office:document-styles " ODF_NS "><office:styles>"
    "<style:style style:name=\"Heading_20_1\" style:display-name=\"Heading 1\" style:family=\"paragraph\" "
    "style:default-outline-level=\"1\"/>"
    "<text:outline-style style:name=\"Outline\">"
    "<text:outline-level-style text:level=\"1\" style:num-format=\"I\" style:num-suffix=\".\"/>"
    "<text:outline-level-style text:level=\"2\" style:num-format=\"A\" style:num-suffix=\".\"/>"
    "<text:outline-level-style text:level=\"3\" style:num-format=\"\"/>"
    "</text:outline-style></office:styles></office:document-styles>";
  ZipEntry entries[] = {
    { "mimetype", "application/vnd.oasis.opendocument.text", -1, TRUE },
    { "styles.xml", styles, -1, FALSE },
    { "content.xml", content, -1, FALSE },
  };
  g_autoptr(GBytes) bytes = make_zip (entries, G_N_ELEMENTS (entries));
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierParsedDocument) doc = dossier_import_parse_odt ("features.odt", g_bytes_get_data (bytes, NULL),
                                                                   g_bytes_get_size (bytes), &error);
  g_autofree char *summary = NULL;

  g_assert_no_error (error);
  summary = blocks_summary (doc);
  assert_summary_has (summary, "paragraph[1] The Forum opened on 13 February 2008.\n");
  assert_summary_has (summary, "item[(a)] prevention;\n");
  assert_summary_has (summary, "item[(b)] protection.\n");
  assert_summary_has (summary, "table-row[] Opening | UNODC\n");
  assert_summary_has (summary, "table-row[] Session | Chair\n");
  assert_summary_has (summary, "paragraph[2] Participants met.\n");
  assert_summary_has (summary, "note[**] In Vienna.\n");
  assert_summary_has (summary, "heading[I] I. Findings\n");
  assert_summary_has (summary, "heading[A] A. Trends\n");
  assert_summary_has (summary, "heading[] Unnumbered detail\n");
  assert_summary_has (summary, "heading[B] B. Responses\n");
  g_assert_null (strstr (summary, "Old text"));
  g_assert_null (strstr (summary, "Contents 1"));
  g_assert_null (strstr (summary, "check the date"));
  g_assert_cmpstr (doc->title, ==, "Vienna Forum to Fight Human Trafficking");
}

/* HTML: the main text only */
static void
test_html_boilerplate (void)
{
  g_autoptr(DossierParsedDocument) md = load_markdown ("conference-2007-concept-paper.md");
  g_autoptr(GBytes) bytes = make_html (md);
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierParsedDocument) doc = dossier_import_parse_bytes ("page.html", bytes, &error);
  static const char *const dropped[] = {
    "Skip to content", "Press releases", "Home > Documents", "Other reports", "Copyright", "cookies", "var menu",
    "p { margin",
  };

  g_assert_no_error (error);
  g_assert_cmpstr (doc->format, ==, "html");
  g_assert_cmpstr (doc->title, ==, md->title);
  for (guint i = 0; i < doc->blocks->len; i++)
    for (guint k = 0; k < G_N_ELEMENTS (dropped); k++)
      if (strstr (block_at (doc, i)->text, dropped[k]) != NULL)
        g_error ("page boilerplate “%s” was kept: %s", dropped[k], block_at (doc, i)->text);
  g_assert_cmpuint (doc->blocks->len, ==, md->blocks->len);

  /* A page without <main> keeps its body, less navigation; entities are decoded. */
  {
    static const char page[] =
      "<html><body><nav><a>Menu</a></nav><div id=\"content\"><h1>UNODC launches a campaign</h1>"
      "<p>VIENNA, 15 February 2008 &ndash; The United Nations Office on Drugs and Crime &amp; partners "
      "opened the Vienna Forum.</p><ul><li>First point</li><li>Second point</li></ul></div>"
      "<div class=\"social-share\">Share this</div></body></html>";
    g_autoptr(GBytes) small = g_bytes_new_static (page, sizeof page - 1);
    g_autoptr(DossierParsedDocument) press = dossier_import_parse_bytes ("press.htm", small, &error);
    g_autoptr(GString) all = g_string_new (NULL);

    g_assert_no_error (error);
    for (guint i = 0; i < press->blocks->len; i++)
      g_string_append_printf (all, "%s|", block_at (press, i)->text);
    g_assert_cmpstr (press->title, ==, "UNODC launches a campaign");
    g_assert_nonnull (strstr (all->str, "Drugs and Crime & partners"));
    g_assert_nonnull (strstr (all->str, "2008 \xe2\x80\x93 The"));
    g_assert_nonnull (strstr (all->str, "First point|Second point|"));
    g_assert_null (strstr (all->str, "Menu"));
    g_assert_null (strstr (all->str, "Share this"));
  }
}

/* Detection goes by content: a .docx named .txt is still a Word document,
 * an HTML page named .md is still a web page. */
static void
test_detection (void)
{
  g_autoptr(DossierParsedDocument) md = load_markdown ("egm-2002-aide-memoire.md");
  g_autoptr(GBytes) docx = make_docx (md);
  g_autoptr(GBytes) odt = make_odt (md);
  g_autoptr(GBytes) html = make_html (md);
  g_autoptr(GBytes) pdf = bytes_of_pdf (md, TRUE);
  struct { const char *name; GBytes *bytes; const char *format; } files[] = {
    { "document.txt", docx, "docx" },
    { "document", odt, "odt" },
    { "page.md", html, "html" },
    { "report.odt", pdf, "pdf" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DossierParsedDocument) doc = dossier_import_parse_bytes (files[i].name, files[i].bytes, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (doc->format, ==, files[i].format);
      g_assert_cmpstr (doc->title, ==, md->title);
    }
}

/* dossier-cli imports a folder that mixes every format. */
static void
test_cli_mixed_folder (void)
{
  const char *cli = g_getenv ("DOSSIER_CLI");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dossier-formats-XXXXXX", &error);
  g_autofree char *docs = g_build_filename (dir, "docs", NULL);
  g_autofree char *db = g_build_filename (dir, "corpus.db", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *legacy = g_build_filename (docs, "old.doc", NULL);
  int status = 0;
  static const char ole[] = "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00W\0o\0r\0d\0D\0o\0c\0u\0m\0e\0n\0t\0\0\0";

  if (cli == NULL)
    {
      g_test_skip ("DOSSIER_CLI is not set");
      return;
    }
  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir (docs, 0700), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DossierParsedDocument) md = load_markdown (cases[i].file);
      static const char *const mixed[] = { "pdf-footnotes", "docx", "odt" };
      const char *format = mixed[i % G_N_ELEMENTS (mixed)];
      g_autoptr(GBytes) bytes = make_format (md, format, dir);
      g_autofree char *name = g_strdup_printf ("doc-%u.%s", i, i == 0 ? "pdf" : format);
      g_autofree char *path = g_build_filename (docs, name, NULL);

      g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error));
    }
  {
    g_autoptr(DossierParsedDocument) md = load_markdown ("egm-2002-aide-memoire.md");
    g_autoptr(GBytes) bytes = make_html (md);
    g_autofree char *path = g_build_filename (docs, "page.html", NULL);

    g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error));
  }
  g_assert_true (g_file_set_contents (legacy, ole, sizeof ole - 1, &error));

  {
    const char *argv[] = { cli, "--db", db, "import", docs, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
    g_assert_no_error (error);
  }
  /* Four documents in, the .doc refused with advice: exit status 1. */
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  g_assert_nonnull (strstr (err, "\xe2\x80\x9cold.doc\xe2\x80\x9d"));
  g_assert_nonnull (strstr (err, ".docx"));

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  {
    const char *argv[] = { cli, "--db", db, "list", NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
    g_assert_no_error (error);
    g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  }
  g_assert_nonnull (strstr (out, "E/CN.4/2003/74"));
  g_assert_nonnull (strstr (out, "Trafficking in human beings"));
  g_assert_nonnull (strstr (out, "Expert Group Meeting"));
  g_assert_nonnull (strstr (out, "Chairs"));

  {
    g_autoptr(GDir) listing = g_dir_open (docs, 0, NULL);
    const char *entry;

    while ((entry = g_dir_read_name (listing)) != NULL)
      {
        g_autofree char *path = g_build_filename (docs, entry, NULL);

        g_unlink (path);
      }
  }
  g_rmdir (docs);
  {
    static const char *const suffixes[] = { "", "-wal", "-shm" };

    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *path = g_strconcat (db, suffixes[i], NULL);

        g_unlink (path);
      }
  }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
        {
          const char **pair = g_new0 (const char *, 2);
          g_autofree char *stem = g_strndup (cases[i].file, strchr (cases[i].file, '-') - cases[i].file);
          g_autofree char *test_path = NULL;

          pair[0] = GUINT_TO_POINTER (i);
          pair[1] = formats[f];
          test_path = g_strdup_printf ("/dossier/import-formats/%s/%s/%u", formats[f], stem, i);
          g_test_add_data_func_full (test_path, pair, test_round_trip, g_free);
        }
    }

  g_test_add_func ("/dossier/import-formats/pdf/furniture", test_pdf_furniture);
  g_test_add_func ("/dossier/import-formats/pdf/no-text-layer", test_pdf_no_text);
  g_test_add_func ("/dossier/import-formats/pdf/encrypted", test_pdf_encrypted);
  g_test_add_func ("/dossier/import-formats/pdf/ligatures", test_pdf_ligatures);
  g_test_add_func ("/dossier/import-formats/pdf/truncated", test_pdf_truncated);
  g_test_add_func ("/dossier/import-formats/office/zip-bomb", test_office_zip_bomb);
  g_test_add_func ("/dossier/import-formats/office/path-traversal", test_office_traversal);
  g_test_add_func ("/dossier/import-formats/office/external-entities", test_office_xxe);
  g_test_add_func ("/dossier/import-formats/office/damaged", test_office_damaged);
  g_test_add_func ("/dossier/import-formats/office/docx-features", test_docx_features);
  g_test_add_func ("/dossier/import-formats/office/odt-features", test_odt_features);
  g_test_add_func ("/dossier/import-formats/html/boilerplate", test_html_boilerplate);
  g_test_add_func ("/dossier/import-formats/detection", test_detection);
  g_test_add_func ("/dossier/import-formats/cli/mixed-folder", test_cli_mixed_folder);

  return g_test_run ();
}
