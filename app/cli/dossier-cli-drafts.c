/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * dossier-cli draft … and dossier-cli suggest: draft summaries from the command
 * line, through the same app/core functions as the window's draft editor.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "dossier-cli.h"
#include "dossier-draft-export.h"
#include "dossier-draft.h"
#include "dossier-locale.h"
#include "dossier-suggest.h"

typedef int (*DraftVerbFunc) (DossierCliContext *ctx,
                              int                argc,
                              char             **argv);

typedef struct
{
  const char    *name;
  const char    *args;      /* N_() */
  const char    *summary;   /* N_() */
  DraftVerbFunc  func;
} DraftVerb;

static int draft_new       (DossierCliContext *ctx, int argc, char **argv);
static int draft_list      (DossierCliContext *ctx, int argc, char **argv);
static int draft_show      (DossierCliContext *ctx, int argc, char **argv);
static int draft_add       (DossierCliContext *ctx, int argc, char **argv);
static int draft_remove    (DossierCliContext *ctx, int argc, char **argv);
static int draft_rename    (DossierCliContext *ctx, int argc, char **argv);
static int draft_delete    (DossierCliContext *ctx, int argc, char **argv);
static int draft_export    (DossierCliContext *ctx, int argc, char **argv);
static int draft_import    (DossierCliContext *ctx, int argc, char **argv);
static int draft_citations (DossierCliContext *ctx, int argc, char **argv);

static const DraftVerb verbs[] = {
  /* Translators: the verbs of “dossier-cli draft”, shown by “dossier-cli draft --help”. */
  { "new", N_("TITLE [--template meeting-summary|blank]"), N_("Start a draft; prints its number"), draft_new },
  { "list", "", N_("List the drafts"), draft_list },
  { "show", N_("DRAFT"), N_("Show a draft with its excerpts"), draft_show },
  { "add", N_("DRAFT --document SYMBOL|ID --paragraph LABEL [--section NAME] [--note TEXT]"),
    N_("Quote a paragraph in a draft"), draft_add },
  { "remove", N_("DRAFT EXCERPT"), N_("Remove an excerpt from a draft"), draft_remove },
  { "rename", N_("DRAFT TITLE"), N_("Give a draft a new title"), draft_rename },
  { "delete", N_("DRAFT"), N_("Delete a draft"), draft_delete },
  { "export", N_("DRAFT --format md|html|odt|txt|json -o FILE"), N_("Export a draft"), draft_export },
  { "import", N_("FILE.json"), N_("Import a draft exported as JSON; prints its number"), draft_import },
  { "citations", N_("DRAFT"), N_("List the sources a draft cites, one per line"), draft_citations },
};

/* Helpers */

static int
report (GError *error)
{
  dossier_cli_error ("%s", error->message);
  return DOSSIER_CLI_REFUSED;
}

/* Opens the store and finds the draft named by @ref (number or title). */
static DossierStore *
open_draft (DossierCliContext *ctx,
            const char        *ref,
            gint64            *draft_id)
{
  g_autoptr(GError) error = NULL;
  DossierStore *store;

  if (!(store = dossier_cli_get_store (ctx)))
    return NULL;
  if (!dossier_draft_find (store, ref, draft_id, &error))
    {
      dossier_cli_error ("%s", error->message);
      return NULL;
    }
  return store;
}

/* "16", "16.", "para. 16", "para 16" → "16". */
static char *
normalize_label (const char *label)
{
  g_autofree char *copy = g_strstrip (g_strdup (label));
  const char *p = copy;
  gsize len;

  if (g_ascii_strncasecmp (p, "para", 4) == 0)
    {
      p += 4;
      if (*p == '.')
        p++;
      while (g_ascii_isspace (*p))
        p++;
    }
  len = strlen (p);
  while (len > 1 && p[len - 1] == '.')
    len--;
  return g_strndup (p, len);
}

static const DossierBlock *
find_paragraph (GPtrArray  *blocks,
                const char *label)
{
  const DossierBlock *any = NULL;

  for (guint i = 0; i < blocks->len; i++)
    {
      const DossierBlock *block = g_ptr_array_index (blocks, i);

      if (g_strcmp0 (block->label, label) != 0)
        continue;
      if (block->kind == DOSSIER_BLOCK_PARAGRAPH)
        return block;
      if (any == NULL)
        any = block;
    }
  return any;
}

/* A section by its number (from 1) or its title, ignoring case. */
static gint64
find_section (const DossierDraft *draft,
              const char         *name)
{
  g_autofree char *wanted = g_utf8_casefold (name, -1);
  const char *end = NULL;
  guint64 number;

  number = g_ascii_strtoull (name, (char **) &end, 10);
  if (end != NULL && end != name && *end == '\0' && number >= 1 && number <= draft->sections->len)
    return ((DossierDraftSection *) g_ptr_array_index (draft->sections, number - 1))->id;

  for (guint i = 0; i < draft->sections->len; i++)
    {
      const DossierDraftSection *section = g_ptr_array_index (draft->sections, i);
      g_autofree char *title = g_utf8_casefold (section->title, -1);

      if (g_str_equal (title, wanted))
        return section->id;
    }
  return 0;
}

/* draft new */

static int
draft_new (DossierCliContext *ctx,
           int                argc,
           char             **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("TITLE — start a draft"));
  g_autoptr(GError) error = NULL;
  g_autofree char *template_name = NULL;
  g_autofree char *title = NULL;
  const GOptionEntry entries[] = {
    { "template", 't', 0, G_OPTION_ARG_STRING, &template_name,
      N_("Start from a template: meeting-summary (the default) or blank"), N_("NAME") },
    { NULL }
  };
  DossierStore *store;
  gint64 id = 0;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!dossier_cli_parse_options (context, &argc, &argv))
    return DOSSIER_CLI_USAGE;
  if (argc < 2)
    {
      dossier_cli_error (_("Give the new draft a title."));
      return DOSSIER_CLI_USAGE;
    }

  title = g_strjoinv (" ", argv + 1);
  if (!(store = dossier_cli_get_store (ctx)))
    return DOSSIER_CLI_REFUSED;
  if (!dossier_draft_new (store, title, template_name, &id, &error))
    return report (error);

  if (ctx->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      dossier_cli_json_add_int (builder, "id", id);
      json_builder_end_object (builder);
      dossier_cli_print_builder (builder);
    }
  else
    printf ("%" G_GINT64_FORMAT "\n", id);
  return DOSSIER_CLI_OK;
}

/* draft list */

static int
draft_list (DossierCliContext *ctx,
            int                argc,
            char             **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— list the drafts"));
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GError) error = NULL;
  DossierStore *store;

  if (!dossier_cli_parse_options (context, &argc, &argv))
    return DOSSIER_CLI_USAGE;
  if (argc > 1)
    {
      dossier_cli_error (_("“draft list” takes no arguments."));
      return DOSSIER_CLI_USAGE;
    }
  if (!(store = dossier_cli_get_store (ctx)))
    return DOSSIER_CLI_REFUSED;
  if (!(drafts = dossier_draft_list (store, &error)))
    return report (error);

  if (ctx->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < drafts->len; i++)
        {
          DossierDraftInfo *info = g_ptr_array_index (drafts, i);

          json_builder_begin_object (builder);
          dossier_cli_json_add_int (builder, "id", info->id);
          dossier_cli_json_add_string (builder, "title", info->title);
          dossier_cli_json_add_string (builder, "template", info->template_name);
          dossier_cli_json_add_string (builder, "created_at", info->created_at);
          dossier_cli_json_add_string (builder, "modified_at", info->modified_at);
          dossier_cli_json_add_int (builder, "sections", info->n_sections);
          dossier_cli_json_add_int (builder, "excerpts", info->n_excerpts);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      dossier_cli_print_builder (builder);
      return DOSSIER_CLI_OK;
    }

  for (guint i = 0; i < drafts->len; i++)
    {
      DossierDraftInfo *info = g_ptr_array_index (drafts, i);
      g_autofree char *excerpts =
        g_strdup_printf (dossier_locale_grouped (g_dngettext (GETTEXT_PACKAGE, "%u excerpt", "%u excerpts", info->n_excerpts)),
                         info->n_excerpts);
      g_autofree char *local_modified = dossier_locale_format_timestamp (info->modified_at);
      g_autofree char *modified = dossier_cli_pad (local_modified != NULL ? local_modified : "-", 24, FALSE);

      printf ("%4" G_GINT64_FORMAT "  %s  %-12s  %s\n",
              info->id, modified, excerpts, info->title);
    }
  if (drafts->len == 0 && !ctx->quiet)
    printf ("%s\n", _("There are no drafts yet. Start one with “dossier-cli draft new TITLE”."));
  return DOSSIER_CLI_OK;
}

/* draft show */

static void
add_draft_json (JsonBuilder        *builder,
                const DossierDraft *draft)
{
  json_builder_begin_object (builder);
  dossier_cli_json_add_int (builder, "id", draft->id);
  dossier_cli_json_add_string (builder, "title", draft->title);
  dossier_cli_json_add_string (builder, "template", draft->template_name);
  dossier_cli_json_add_string (builder, "created_at", draft->created_at);
  dossier_cli_json_add_string (builder, "modified_at", draft->modified_at);
  dossier_cli_json_add_int (builder, "words", dossier_draft_word_count (draft));
  json_builder_set_member_name (builder, "sections");
  json_builder_begin_array (builder);
  for (guint i = 0; i < draft->sections->len; i++)
    {
      const DossierDraftSection *section = g_ptr_array_index (draft->sections, i);

      json_builder_begin_object (builder);
      dossier_cli_json_add_int (builder, "id", section->id);
      dossier_cli_json_add_string (builder, "title", section->title);
      dossier_cli_json_add_string (builder, "text", section->text);
      json_builder_set_member_name (builder, "excerpts");
      json_builder_begin_array (builder);
      for (guint j = 0; j < section->excerpts->len; j++)
        {
          const DossierExcerpt *excerpt = g_ptr_array_index (section->excerpts, j);

          json_builder_begin_object (builder);
          dossier_cli_json_add_int (builder, "id", excerpt->id);
          dossier_cli_json_add_int (builder, "position", excerpt->position);
          dossier_cli_json_add_int (builder, "document_id", excerpt->document_id);
          dossier_cli_json_add_int (builder, "block_id", excerpt->block_id);
          dossier_cli_json_add_string (builder, "label", excerpt->block_label);
          dossier_cli_json_add_string (builder, "citation", excerpt->citation);
          dossier_cli_json_add_string (builder, "quote", excerpt->quote);
          dossier_cli_json_add_string (builder, "note", excerpt->note);
          json_builder_set_member_name (builder, "source_changed");
          json_builder_add_boolean_value (builder, excerpt->source_changed);
          json_builder_set_member_name (builder, "source_missing");
          json_builder_add_boolean_value (builder, excerpt->source_missing);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
print_indented (const char *text,
                const char *indent)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    printf ("%s%s\n", indent, lines[i]);
}

static int
draft_show (DossierCliContext *ctx,
            int                argc,
            char             **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("DRAFT — show a draft"));
  g_autoptr(DossierDraft) draft = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *modified = NULL;
  DossierStore *store;
  gint64 id;
  guint words;

  if (!dossier_cli_parse_options (context, &argc, &argv))
    return DOSSIER_CLI_USAGE;
  if (argc != 2)
    {
      dossier_cli_error (_("Name one draft: its number or its title."));
      return DOSSIER_CLI_USAGE;
    }
  if (!(store = open_draft (ctx, argv[1], &id)))
    return DOSSIER_CLI_REFUSED;
  if (!(draft = dossier_draft_load (store, id, &error)))
    return report (error);

  if (ctx->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      add_draft_json (builder, draft);
      dossier_cli_print_builder (builder);
      return DOSSIER_CLI_OK;
    }

  words = dossier_draft_word_count (draft);
  modified = dossier_locale_format_timestamp (draft->modified_at);
  printf ("%s\n", draft->title);
  printf ("  ");
  /* Translators: %s is the date and time the draft last changed. */
  printf (_("Modified %s"), modified);
  printf (", ");
  printf (dossier_locale_grouped (g_dngettext (GETTEXT_PACKAGE, "%u word", "%u words", words)), words);
  printf ("\n");

  for (guint i = 0; i < draft->sections->len; i++)
    {
      const DossierDraftSection *section = g_ptr_array_index (draft->sections, i);

      printf ("\n%u. %s\n", i + 1, *section->title != '\0' ? section->title : _("(untitled section)"));
      if (section->text != NULL && *section->text != '\0')
        print_indented (section->text, "   ");
      for (guint j = 0; j < section->excerpts->len; j++)
        {
          const DossierExcerpt *excerpt = g_ptr_array_index (section->excerpts, j);

          printf ("\n   [%" G_GINT64_FORMAT "] %s", excerpt->id, excerpt->citation);
          if (excerpt->source_missing)
            printf ("  (%s)", _("the paragraph is no longer in the corpus"));
          else if (excerpt->source_changed)
            printf ("  (%s)", _("the paragraph has changed since it was quoted"));
          printf ("\n");
          print_indented (excerpt->quote, "       ");
          if (excerpt->note != NULL)
            {
              g_autofree char *note = g_strdup_printf (_("Note: %s"), excerpt->note);

              print_indented (note, "       ");
            }
        }
    }
  return DOSSIER_CLI_OK;
}

/* draft add */

static int
draft_add (DossierCliContext *ctx,
           int                argc,
           char             **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("DRAFT — quote a paragraph"));
  g_autoptr(DossierDocumentInfo) info = NULL;
  g_autoptr(DossierDraft) draft = NULL;
  g_autoptr(GPtrArray) blocks = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *document = NULL;
  g_autofree char *paragraph = NULL;
  g_autofree char *section_name = NULL;
  g_autofree char *note = NULL;
  g_autofree char *label = NULL;
  int from = -1, to = -1;
  const GOptionEntry entries[] = {
    { "document", 'd', 0, G_OPTION_ARG_STRING, &document,
      N_("The document: its symbol, number or file name"), N_("DOCUMENT") },
    { "paragraph", 'p', 0, G_OPTION_ARG_STRING, &paragraph,
      N_("The paragraph's label, as in “16”"), N_("LABEL") },
    { "section", 's', 0, G_OPTION_ARG_STRING, &section_name,
      N_("The section to add it to: its title or number (default: the first)"), N_("NAME") },
    { "note", 'n', 0, G_OPTION_ARG_STRING, &note, N_("A note of your own about the excerpt"), N_("TEXT") },
    { "from", 0, 0, G_OPTION_ARG_INT, &from,
      N_("Quote only from this character of the paragraph (counting from 0)"), "N" },
    { "to", 0, 0, G_OPTION_ARG_INT, &to, N_("… up to this character"), "N" },
    { NULL }
  };
  const DossierBlock *block;
  const DossierExcerpt *excerpt;
  DossierStore *store;
  gint64 draft_id, section_id = 0, excerpt_id = 0;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!dossier_cli_parse_options (context, &argc, &argv))
    return DOSSIER_CLI_USAGE;
  if (argc != 2 || document == NULL || paragraph == NULL)
    {
      dossier_cli_error (_("Name the draft, and the paragraph with --document and --paragraph."));
      return DOSSIER_CLI_USAGE;
    }
  if ((from < 0) != (to < 0))
    {
      dossier_cli_error (_("--from and --to go together."));
      return DOSSIER_CLI_USAGE;
    }

  if (!(store = open_draft (ctx, argv[1], &draft_id)))
    return DOSSIER_CLI_REFUSED;
  if (!(info = dossier_store_find_document (store, document, &error)) ||
      !(blocks = dossier_store_get_blocks (store, dossier_document_info_get_id (info), &error)))
    return report (error);

  label = normalize_label (paragraph);
  if (!(block = find_paragraph (blocks, label)))
    {
      dossier_cli_error (_("“%s” has no paragraph labelled “%s”."),
                         dossier_document_info_get_display_name (info), label);
      return DOSSIER_CLI_REFUSED;
    }

  if (section_name != NULL)
    {
      if (!(draft = dossier_draft_load (store, draft_id, &error)))
        return report (error);
      if (!(section_id = find_section (draft, section_name)))
        {
          dossier_cli_error (_("The draft has no section called “%s”."), section_name);
          return DOSSIER_CLI_REFUSED;
        }
      g_clear_pointer (&draft, dossier_draft_free);
    }

  if (!dossier_draft_add_excerpt (store, draft_id, section_id, block->id, from, to, note,
                                  &excerpt_id, &error))
    return report (error);

  /* Read it back, so that what is printed is what was stored. */
  if (!(draft = dossier_draft_load (store, draft_id, &error)))
    return report (error);
  excerpt = dossier_draft_find_excerpt (draft, excerpt_id);
  g_assert (excerpt != NULL);

  if (ctx->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      dossier_cli_json_add_int (builder, "id", excerpt->id);
      dossier_cli_json_add_int (builder, "draft_id", draft_id);
      dossier_cli_json_add_int (builder, "section_id", excerpt->section_id);
      dossier_cli_json_add_int (builder, "position", excerpt->position);
      dossier_cli_json_add_string (builder, "citation", excerpt->citation);
      dossier_cli_json_add_string (builder, "quote", excerpt->quote);
      json_builder_end_object (builder);
      dossier_cli_print_builder (builder);
    }
  else if (!ctx->quiet)
    {
      /* Translators: %s is a citation such as “E/CN.4/2003/74, para. 16”. */
      printf (_("Added excerpt %lld: %s\n"), (long long) excerpt->id, excerpt->citation);
    }
  return DOSSIER_CLI_OK;
}

/* draft remove, rename, delete */

static int
draft_remove (DossierCliContext *ctx,
              int                argc,
              char             **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("DRAFT EXCERPT — remove an excerpt"));
  g_autoptr(DossierDraft) draft = NULL;
  g_autoptr(GError) error = NULL;
  DossierStore *store;
  gint64 draft_id, excerpt_id;
  const char *end = NULL;

  if (!dossier_cli_parse_options (context, &argc, &argv))
    return DOSSIER_CLI_USAGE;
  if (argc != 3)
    {
      dossier_cli_error (_("Name the draft and the number of the excerpt to remove."));
      return DOSSIER_CLI_USAGE;
    }
  excerpt_id = g_ascii_strtoll (argv[2], (char **) &end, 10);
  if (end == argv[2] || *end != '\0' || excerpt_id <= 0)
    {
      dossier_cli_error (_("“%s” is not an excerpt number."), argv[2]);
      return DOSSIER_CLI_USAGE;
    }
  if (!(store = open_draft (ctx, argv[1], &draft_id)))
    return DOSSIER_CLI_REFUSED;
  if (!(draft = dossier_draft_load (store, draft_id, &error)))
    return report (error);
  if (dossier_draft_find_excerpt (draft, excerpt_id) == NULL)
    {
      dossier_cli_error (_("The draft has no excerpt number %lld."), (long long) excerpt_id);
      return DOSSIER_CLI_REFUSED;
    }
  if (!dossier_draft_remove_excerpt (store, excerpt_id, &error))
    return report (error);
  return DOSSIER_CLI_OK;
}

static int
draft_rename (DossierCliContext *ctx,
              int                argc,
              char             **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("DRAFT TITLE — rename a draft"));
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  DossierStore *store;
  gint64 id;

  if (!dossier_cli_parse_options (context, &argc, &argv))
    return DOSSIER_CLI_USAGE;
  if (argc < 3)
    {
      dossier_cli_error (_("Name the draft and give its new title."));
      return DOSSIER_CLI_USAGE;
    }
  title = g_strjoinv (" ", argv + 2);
  if (!(store = open_draft (ctx, argv[1], &id)))
    return DOSSIER_CLI_REFUSED;
  if (!dossier_draft_rename (store, id, title, &error))
    return report (error);
  return DOSSIER_CLI_OK;
}

static int
draft_delete (DossierCliContext *ctx,
              int                argc,
              char             **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("DRAFT — delete a draft"));
  g_autoptr(GError) error = NULL;
  DossierStore *store;
  gint64 id;

  if (!dossier_cli_parse_options (context, &argc, &argv))
    return DOSSIER_CLI_USAGE;
  if (argc != 2)
    {
      dossier_cli_error (_("Name one draft: its number or its title."));
      return DOSSIER_CLI_USAGE;
    }
  if (!(store = open_draft (ctx, argv[1], &id)))
    return DOSSIER_CLI_REFUSED;
  if (!dossier_draft_delete (store, id, &error))
    return report (error);
  return DOSSIER_CLI_OK;
}

/* draft export, import, citations */

static int
draft_export (DossierCliContext *ctx,
              int                argc,
              char             **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("DRAFT — export a draft"));
  g_autoptr(DossierDraft) draft = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *format_name = NULL;
  g_autofree char *output = NULL;
  g_autofree char *language = NULL;
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name,
      N_("md, html, odt, txt or json (default: from the file name)"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("The file to write; “-” writes to the standard output"), N_("FILE") },
    { "language", 0, 0, G_OPTION_ARG_STRING, &language,
      N_("The language of the draft's own text, as in “fr” (default: yours)"), N_("LANG") },
    { NULL }
  };
  DossierDraftFormat format;
  DossierStore *store;
  gint64 id;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!dossier_cli_parse_options (context, &argc, &argv))
    return DOSSIER_CLI_USAGE;
  if (argc != 2 || output == NULL)
    {
      dossier_cli_error (_("Name the draft, and the file to write with -o FILE."));
      return DOSSIER_CLI_USAGE;
    }
  if (format_name == NULL)
    {
      const char *dot = strrchr (output, '.');

      if (dot == NULL || !dossier_draft_format_from_string (dot + 1, &format))
        {
          dossier_cli_error (_("Say which format to write with --format md, html, odt, txt or json."));
          return DOSSIER_CLI_USAGE;
        }
    }
  else if (!dossier_draft_format_from_string (format_name, &format))
    {
      dossier_cli_error (_("“%s” is not a format drafts can be exported in: choose md, html, odt, txt or json."),
                         format_name);
      return DOSSIER_CLI_USAGE;
    }

  if (!(store = open_draft (ctx, argv[1], &id)))
    return DOSSIER_CLI_REFUSED;
  if (!(draft = dossier_draft_load (store, id, &error)))
    return report (error);

  if (g_str_equal (output, "-"))
    {
      g_autoptr(GBytes) bytes = dossier_draft_export (draft, format, language, &error);
      gsize size;
      const char *data;

      if (bytes == NULL)
        return report (error);
      data = g_bytes_get_data (bytes, &size);
      if (fwrite (data, 1, size, stdout) != size || fflush (stdout) != 0)
        {
          dossier_cli_error (_("The export could not be written to the standard output."));
          return DOSSIER_CLI_REFUSED;
        }
      return DOSSIER_CLI_OK;
    }

  {
    g_autoptr(GFile) file = g_file_new_for_commandline_arg (output);

    if (!dossier_draft_export_to_file (draft, format, language, file, NULL, &error))
      return report (error);
  }
  if (!ctx->quiet && !ctx->json)
    /* Translators: the first %s is a draft's title, the second a file name. */
    fprintf (stderr, _("Exported “%s” to “%s”.\n"), draft->title, output);
  return DOSSIER_CLI_OK;
}

static int
draft_import (DossierCliContext *ctx,
              int                argc,
              char             **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE.json — import a draft"));
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  DossierStore *store;
  gint64 id = 0;

  if (!dossier_cli_parse_options (context, &argc, &argv))
    return DOSSIER_CLI_USAGE;
  if (argc != 2)
    {
      dossier_cli_error (_("Name one draft file (.json) to import."));
      return DOSSIER_CLI_USAGE;
    }
  if (!(store = dossier_cli_get_store (ctx)))
    return DOSSIER_CLI_REFUSED;
  file = g_file_new_for_commandline_arg (argv[1]);
  if (!dossier_draft_import_file (store, file, &id, &error))
    return report (error);

  if (ctx->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      dossier_cli_json_add_int (builder, "id", id);
      json_builder_end_object (builder);
      dossier_cli_print_builder (builder);
    }
  else
    printf ("%" G_GINT64_FORMAT "\n", id);
  return DOSSIER_CLI_OK;
}

static int
draft_citations (DossierCliContext *ctx,
                 int                argc,
                 char             **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("DRAFT — list the sources a draft cites"));
  g_autoptr(DossierDraft) draft = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *list = NULL;
  DossierStore *store;
  gint64 id;

  if (!dossier_cli_parse_options (context, &argc, &argv))
    return DOSSIER_CLI_USAGE;
  if (argc != 2)
    {
      dossier_cli_error (_("Name one draft: its number or its title."));
      return DOSSIER_CLI_USAGE;
    }
  if (!(store = open_draft (ctx, argv[1], &id)))
    return DOSSIER_CLI_REFUSED;
  if (!(draft = dossier_draft_load (store, id, &error)))
    return report (error);

  list = dossier_draft_dup_citation_list (draft);
  if (ctx->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_auto(GStrv) lines = g_strsplit (list, "\n", -1);

      json_builder_begin_array (builder);
      for (guint i = 0; lines[i] != NULL; i++)
        if (*lines[i] != '\0')
          json_builder_add_string_value (builder, lines[i]);
      json_builder_end_array (builder);
      dossier_cli_print_builder (builder);
    }
  else
    fputs (list, stdout);
  return DOSSIER_CLI_OK;
}

static void
print_verbs (FILE *out)
{
  fprintf (out, "%s\n", _("Usage: dossier-cli draft VERB [ARGUMENTS…]"));
  fprintf (out, "\n%s\n", _("Verbs:"));
  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    {
      fprintf (out, "  %s %s\n", verbs[i].name, *verbs[i].args ? _(verbs[i].args) : "");
      fprintf (out, "      %s\n", _(verbs[i].summary));
    }
  fprintf (out, "\n%s\n", _("DRAFT is a draft's number or title."));
}

int
dossier_cli_draft (DossierCliContext *ctx,
                   int                argc,
                   char             **argv)
{
  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      print_verbs (argc < 2 ? stderr : stdout);
      return argc < 2 ? DOSSIER_CLI_USAGE : DOSSIER_CLI_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    if (g_str_equal (verbs[i].name, argv[1]))
      return verbs[i].func (ctx, argc - 1, argv + 1);

  dossier_cli_error (_("“%s” is not something “draft” does. Run “dossier-cli draft --help” for the list."),
                     argv[1]);
  return DOSSIER_CLI_USAGE;
}

/* suggest */

int
dossier_cli_suggest (DossierCliContext *ctx,
                     int                argc,
                     char             **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (_("QUERY|--entity KEY — suggest the paragraphs that say the most"));
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *entity = NULL;
  g_autofree char *document = NULL;
  g_autofree char *query = NULL;
  gint64 relation = 0;
  int limit = DOSSIER_SUGGEST_DEFAULT_LIMIT;
  const GOptionEntry entries[] = {
    { "entity", 'e', 0, G_OPTION_ARG_STRING, &entity,
      N_("Suggest for an entity: its key, name or alias"), N_("KEY") },
    { "relation", 'r', 0, G_OPTION_ARG_INT64, &relation,
      N_("Suggest for a relation, by its number"), "ID" },
    { "document", 'd', 0, G_OPTION_ARG_STRING, &document,
      N_("Suggest the central paragraphs of a document"), N_("DOCUMENT") },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, N_("Show at most N suggestions (default 10)"), "N" },
    { NULL }
  };
  DossierStore *store;
  guint n_subjects;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!dossier_cli_parse_options (context, &argc, &argv))
    return DOSSIER_CLI_USAGE;
  n_subjects = (argc > 1) + (entity != NULL) + (relation != 0) + (document != NULL);
  if (n_subjects != 1)
    {
      dossier_cli_error (_("Say what to suggest excerpts about: words to search for, or one of --entity, --relation or --document."));
      return DOSSIER_CLI_USAGE;
    }
  if (limit <= 0)
    {
      dossier_cli_error (_("--limit takes a number greater than zero."));
      return DOSSIER_CLI_USAGE;
    }

  if (!(store = dossier_cli_get_store (ctx)))
    return DOSSIER_CLI_REFUSED;

  if (argc > 1)
    {
      query = g_strjoinv (" ", argv + 1);
      suggestions = dossier_suggest_for_query (store, query, (guint) limit, &error);
    }
  else if (entity != NULL)
    {
      gint64 entity_id = 0;

      if (dossier_suggest_find_entity (store, entity, &entity_id, &error))
        suggestions = dossier_suggest_for_entity (store, entity_id, (guint) limit, &error);
    }
  else if (relation != 0)
    suggestions = dossier_suggest_for_relation (store, relation, (guint) limit, &error);
  else
    {
      g_autoptr(DossierDocumentInfo) info = dossier_store_find_document (store, document, &error);

      if (info != NULL)
        suggestions = dossier_suggest_for_document (store, dossier_document_info_get_id (info),
                                                    (guint) limit, &error);
    }
  if (suggestions == NULL)
    return report (error);

  if (ctx->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < suggestions->len; i++)
        {
          DossierSuggestion *suggestion = g_ptr_array_index (suggestions, i);

          json_builder_begin_object (builder);
          dossier_cli_json_add_int (builder, "rank", i + 1);
          dossier_cli_json_add_int (builder, "block_id", suggestion->block_id);
          dossier_cli_json_add_int (builder, "document_id", suggestion->document_id);
          dossier_cli_json_add_string (builder, "symbol", suggestion->document_symbol);
          dossier_cli_json_add_string (builder, "title", suggestion->document_title);
          dossier_cli_json_add_string (builder, "label", suggestion->label);
          dossier_cli_json_add_string (builder, "citation", suggestion->citation);
          dossier_cli_json_add_string (builder, "text", suggestion->text);
          json_builder_set_member_name (builder, "score");
          json_builder_add_double_value (builder, suggestion->score);
          json_builder_set_member_name (builder, "relevance");
          json_builder_add_double_value (builder, suggestion->relevance);
          json_builder_set_member_name (builder, "centrality");
          json_builder_add_double_value (builder, suggestion->centrality);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      dossier_cli_print_builder (builder);
      return DOSSIER_CLI_OK;
    }

  for (guint i = 0; i < suggestions->len; i++)
    {
      DossierSuggestion *suggestion = g_ptr_array_index (suggestions, i);
      g_autofree char *text = NULL;

      /* Long paragraphs are cut at a word, to keep the list readable. */
      if (g_utf8_strlen (suggestion->text, -1) > 280)
        {
          g_autofree char *cut = g_utf8_substring (suggestion->text, 0, 280);
          char *space = strrchr (cut, ' ');

          if (space != NULL)
            *space = '\0';
          text = g_strconcat (cut, "…", NULL);
        }
      else
        text = g_strdup (suggestion->text);

      printf ("%2u. %s  (%.2f)\n    %s\n\n", i + 1, suggestion->citation, suggestion->score, text);
    }
  if (suggestions->len == 0 && !ctx->quiet)
    printf ("%s\n", _("Nothing in the corpus fits."));
  return DOSSIER_CLI_OK;
}
