/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Draft files: any bytes through dossier_draft_import_json into a corpus with
 * one document. A draft it accepts must export to every format, its JSON must
 * import again, and its HTML must carry the rapporteur's text as text, never as
 * markup.
 */

#include "config.h"

#include <string.h>

#include "dossier-draft-export.h"
#include "dossier-draft.h"
#include "dossier-store.h"
#include "fuzz-common.h"

static DossierStore *
fuzz_store (void)
{
  static DossierStore *store;

  if (store == NULL)
    {
      g_autofree char *path = g_build_filename (dossier_fuzz_tmp_dir (), "drafts.db", NULL);
      g_autoptr(DossierParsedDocument) doc = NULL;
      g_autoptr(GError) error = NULL;

      store = dossier_store_open (path, &error);
      if (store == NULL)
        dossier_fuzz_fail (G_STRLOC, error->message);

      /* Excerpts in a draft file point at this document by file name or symbol
       * and paragraph label. */
      doc = dossier_parsed_document_new ("E-CN.4-2003-74.md", "markdown");
      doc->title = g_strdup ("Integration of the human rights of women");
      doc->symbol = g_strdup ("E/CN.4/2003/74");
      for (guint i = 1; i <= 20; i++)
        {
          g_autofree char *label = g_strdup_printf ("%u", i);
          g_autofree char *text = g_strdup_printf ("Paragraph %u on trafficking in women and girls.", i);

          g_ptr_array_add (doc->blocks, dossier_block_new (DOSSIER_BLOCK_PARAGRAPH, label, text));
        }
      if (!dossier_store_import_parsed (store, doc, "fuzz-draft-corpus", NULL, NULL, NULL, &error))
        dossier_fuzz_fail (G_STRLOC, error->message);
    }
  return store;
}

/* The elements the HTML exporter writes itself. Anything else after a '<' came
 * from the draft file and would be markup. */
static const char *const exporter_elements[] = {
  "!DOCTYPE", "html", "head", "meta", "title", "style", "body", "article", "header",
  "footer", "section", "h1", "h2", "h3", "p", "br", "blockquote", "figure",
  "figcaption", "cite", "em", "strong", "sup", "a", "ol", "ul", "li", "hr", "div",
  "span", NULL,
};

/* Whether every tag in @html is one of exporter_elements and every link points
 * inside the document: text from a draft file is only ever text. */
static gboolean
html_is_exporters_own (const char *html,
                       gsize       length)
{
  for (gsize i = 0; i < length; i++)
    {
      if (html[i] == '<')
        {
          gsize start = i + 1, end;
          g_autofree char *name = NULL;

          if (start < length && html[start] == '/')
            start++;
          end = start;
          while (end < length && (g_ascii_isalnum (html[end]) || html[end] == '!'))
            end++;
          name = g_strndup (html + start, end - start);
          if (!g_strv_contains (exporter_elements, name))
            return FALSE;
        }
      else if (html[i] == '=' && i + 1 < length && html[i + 1] == '"' &&
               i >= 4 && (strncmp (html + i - 4, "href", 4) == 0 || strncmp (html + i - 3, "src", 3) == 0) &&
               (i + 2 >= length || html[i + 2] != '#'))
        return FALSE;
    }
  return TRUE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const DossierDraftFormat formats[] = {
    DOSSIER_DRAFT_FORMAT_MARKDOWN, DOSSIER_DRAFT_FORMAT_HTML, DOSSIER_DRAFT_FORMAT_ODT,
    DOSSIER_DRAFT_FORMAT_TEXT, DOSSIER_DRAFT_FORMAT_JSON,
  };
  DossierStore *store;
  g_autoptr(DossierDraft) draft = NULL;
  g_autoptr(GBytes) json = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = 0, again = 0;

  dossier_fuzz_init ();
  store = fuzz_store ();

  if (!dossier_draft_import_json (store, (const char *) data, size, &id, &error))
    {
      DOSSIER_FUZZ_CHECK (error != NULL, "a refusal comes with an error");
      DOSSIER_FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL), "messages are UTF-8");
      return 0;
    }

  draft = dossier_draft_load (store, id, &error);
  DOSSIER_FUZZ_CHECK (draft != NULL, "an imported draft loads");

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autoptr(GBytes) bytes = dossier_draft_export (draft, formats[i], "en", &error);

      DOSSIER_FUZZ_CHECK (bytes != NULL, "an imported draft exports to every format");
      if (formats[i] == DOSSIER_DRAFT_FORMAT_HTML)
        {
          gsize length = 0;
          const char *html = g_bytes_get_data (bytes, &length);

          DOSSIER_FUZZ_CHECK (html_is_exporters_own (html, length),
                              "text from a draft file never becomes HTML markup");
        }
      if (formats[i] == DOSSIER_DRAFT_FORMAT_JSON)
        json = g_steal_pointer (&bytes);
    }

  DOSSIER_FUZZ_CHECK (dossier_draft_import_json (store, g_bytes_get_data (json, NULL),
                                                 g_bytes_get_size (json), &again, &error),
                      "an exported draft imports again");

  /* Keep the corpus small for the next inputs. */
  dossier_draft_delete (store, id, NULL);
  dossier_draft_delete (store, again, NULL);
  return 0;
}
