/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "dossier-document.h"
#include "dossier-import-private.h"

static const char *const block_kind_names[] = {
  [DOSSIER_BLOCK_HEADING] = "heading",
  [DOSSIER_BLOCK_PARAGRAPH] = "paragraph",
  [DOSSIER_BLOCK_ITEM] = "item",
  [DOSSIER_BLOCK_NOTE] = "note",
  [DOSSIER_BLOCK_TABLE_ROW] = "table-row",
  [DOSSIER_BLOCK_CONTACT] = "contact",
  [DOSSIER_BLOCK_FRONT] = "front",
};

const char *
dossier_block_kind_to_string (DossierBlockKind kind)
{
  if ((guint) kind >= G_N_ELEMENTS (block_kind_names))
    return "paragraph";
  return block_kind_names[kind];
}

gboolean
dossier_block_kind_from_string (const char       *str,
                                DossierBlockKind *kind)
{
  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (block_kind_names); i++)
    {
      if (g_strcmp0 (str, block_kind_names[i]) == 0)
        {
          if (kind != NULL)
            *kind = (DossierBlockKind) i;
          return TRUE;
        }
    }

  return FALSE;
}

DossierBlock *
dossier_block_new (DossierBlockKind  kind,
                   const char       *label,
                   const char       *text)
{
  DossierBlock *block = g_new0 (DossierBlock, 1);

  block->kind = kind;
  block->label = g_strdup (label);
  block->text = g_strdup (text != NULL ? text : "");

  return block;
}

void
dossier_block_free (DossierBlock *block)
{
  if (block == NULL)
    return;

  g_free (block->label);
  g_free (block->text);
  g_free (block->heading_path);
  g_free (block);
}

DossierParsedDocument *
dossier_parsed_document_new (const char *source_name,
                             const char *format)
{
  DossierParsedDocument *doc = g_new0 (DossierParsedDocument, 1);

  doc->source_name = g_strdup (source_name);
  doc->format = g_strdup (format);
  doc->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_block_free);

  return doc;
}

void
dossier_parsed_document_free (DossierParsedDocument *doc)
{
  if (doc == NULL)
    return;

  g_free (doc->source_name);
  g_free (doc->format);
  g_free (doc->title);
  g_free (doc->symbol);
  g_free (doc->kind);
  g_free (doc->date);
  g_free (doc->body);
  g_free (doc->session);
  g_free (doc->language);
  g_clear_pointer (&doc->blocks, g_ptr_array_unref);
  g_free (doc);
}

guint
dossier_parsed_document_count (const DossierParsedDocument *doc,
                               DossierBlockKind             kind,
                               gboolean                     labelled_only)
{
  guint count = 0;

  g_return_val_if_fail (doc != NULL, 0);

  for (guint i = 0; i < doc->blocks->len; i++)
    {
      const DossierBlock *block = g_ptr_array_index (doc->blocks, i);

      if (block->kind == kind && (!labelled_only || block->label != NULL))
        count++;
    }

  return count;
}

/* Citations
 *
 * A numbered paragraph is cited by its number ("E/CN.4/2003/74, para. 16"), a
 * note by its marker ("…, note 3"), a labelled heading by the labels of its
 * section ("…, sect. I.B"). Everything else — unnumbered paragraphs, list items,
 * contact and table blocks — is cited by the section it sits in: the labels of
 * the headings above it joined by dots ("…, sect. II"), or, when those headings
 * carry no label, the innermost heading's own words ("…, Executive summary").
 * A lettered item such as "(a)" belongs to a numbered paragraph that the block
 * does not know, so it is cited by its section too. Under an article of a
 * treaty the article is named: "…, art. 5, para. 2". The document is named by
 * its symbol, or by its title when it prints none.
 */

typedef struct
{
  GString *sections;   /* "I.B" */
  char    *article;    /* "5" */
  char    *innermost;  /* text of the innermost heading */
} SectionRef;

static void
section_ref_add_heading (SectionRef *ref,
                         const char *heading)
{
  DossierLabel label;

  g_free (ref->innermost);
  ref->innermost = g_strdup (heading);

  if (!dossier_import_parse_label (heading, &label))
    return;

  switch (label.kind)
    {
    case DOSSIER_LABEL_ARTICLE:
      g_free (ref->article);
      ref->article = g_strdup (label.text);
      break;

    case DOSSIER_LABEL_ARABIC:
    case DOSSIER_LABEL_ROMAN:
    case DOSSIER_LABEL_LETTER:
    case DOSSIER_LABEL_CHAPTER:
      if (ref->sections->len > 0)
        g_string_append_c (ref->sections, '.');
      g_string_append (ref->sections, label.text);
      break;

    case DOSSIER_LABEL_NONE:
    case DOSSIER_LABEL_ARABIC_PAREN:
    case DOSSIER_LABEL_LOWER_PAREN:
    default:
      break;
    }
}

static void
section_ref_init (SectionRef *ref,
                  const char *heading_path)
{
  ref->sections = g_string_new (NULL);
  ref->article = NULL;
  ref->innermost = NULL;

  if (heading_path != NULL && *heading_path != '\0')
    {
      g_auto(GStrv) parts = g_strsplit (heading_path, "\n", -1);

      for (guint i = 0; parts[i] != NULL; i++)
        section_ref_add_heading (ref, parts[i]);
    }
}

static void
section_ref_clear (SectionRef *ref)
{
  g_string_free (ref->sections, TRUE);
  g_free (ref->article);
  g_free (ref->innermost);
}

/* Writes where the section is ("art. 5", "sect. I.B", "Notes"), or nothing. */
static void
section_ref_append (SectionRef *ref,
                    GString    *out)
{
  if (ref->article != NULL)
    g_string_append_printf (out, "art. %s", ref->article);
  else if (ref->sections->len > 0)
    g_string_append_printf (out, "sect. %s", ref->sections->str);
  else if (ref->innermost != NULL)
    g_string_append (out, ref->innermost);
}

char *
dossier_block_dup_citation (const DossierBlock *block,
                            const char         *doc_symbol,
                            const char         *doc_title)
{
  const char *name = doc_symbol != NULL && *doc_symbol != '\0' ? doc_symbol : doc_title;
  g_autoptr(GString) locator = g_string_new (NULL);
  SectionRef ref;

  g_return_val_if_fail (block != NULL, NULL);

  section_ref_init (&ref, block->heading_path);

  if (block->kind == DOSSIER_BLOCK_PARAGRAPH && block->label != NULL)
    {
      if (ref.article != NULL)
        g_string_append_printf (locator, "art. %s, ", ref.article);
      g_string_append_printf (locator, "para. %s", block->label);
    }
  else if (block->kind == DOSSIER_BLOCK_NOTE && block->label != NULL)
    {
      g_string_append_printf (locator, "note %s", block->label);
    }
  else if (block->kind == DOSSIER_BLOCK_HEADING)
    {
      /* A heading is cited as the section it opens. */
      section_ref_add_heading (&ref, block->text);
      section_ref_append (&ref, locator);
    }
  else if (block->kind != DOSSIER_BLOCK_FRONT)
    {
      section_ref_append (&ref, locator);
    }

  section_ref_clear (&ref);

  if (name == NULL || *name == '\0')
    return g_string_free (g_steal_pointer (&locator), FALSE);
  if (locator->len == 0)
    return g_strdup (name);
  return g_strdup_printf ("%s, %s", name, locator->str);
}
