/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * dossier-cli import, list, show and search.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <unistd.h>

#include "dossier-batch.h"
#include "dossier-cli.h"
#include "dossier-locale.h"
#include "dossier-paths.h"

static void
add_heading_path (JsonBuilder *builder,
                  const char  *heading_path)
{
  g_auto(GStrv) headings = NULL;

  json_builder_set_member_name (builder, "headings");
  json_builder_begin_array (builder);
  if (heading_path != NULL)
    {
      headings = g_strsplit (heading_path, "\n", -1);
      for (guint i = 0; headings[i] != NULL; i++)
        json_builder_add_string_value (builder, headings[i]);
    }
  json_builder_end_array (builder);
}

static void
add_document (JsonBuilder         *builder,
              DossierDocumentInfo *info)
{
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, dossier_document_info_get_id (info));
  dossier_cli_json_add_string (builder, "symbol", dossier_document_info_get_symbol (info));
  dossier_cli_json_add_string (builder, "title", dossier_document_info_get_title (info));
  dossier_cli_json_add_string (builder, "date", dossier_document_info_get_date (info));
  dossier_cli_json_add_string (builder, "kind", dossier_document_info_get_kind (info));
  dossier_cli_json_add_string (builder, "body", dossier_document_info_get_body (info));
  dossier_cli_json_add_string (builder, "session", dossier_document_info_get_session (info));
  dossier_cli_json_add_string (builder, "language", dossier_document_info_get_language (info));
  dossier_cli_json_add_string (builder, "format", dossier_document_info_get_format (info));
  dossier_cli_json_add_string (builder, "source", dossier_document_info_get_source_name (info));
  json_builder_set_member_name (builder, "paragraphs");
  json_builder_add_int_value (builder, dossier_document_info_get_n_paragraphs (info));
  json_builder_set_member_name (builder, "blocks");
  json_builder_add_int_value (builder, dossier_document_info_get_n_blocks (info));
}

/* import */

static const char *
outcome_to_string (DossierImportOutcome outcome)
{
  switch (outcome)
    {
    case DOSSIER_IMPORT_ADDED:
      return "added";
    case DOSSIER_IMPORT_REPLACED:
      return "replaced";
    case DOSSIER_IMPORT_UNCHANGED:
    default:
      return "unchanged";
    }
}

static void
print_progress_cb (const DossierBatchItem *item,
                   guint                   done,
                   guint                   total,
                   gpointer                user_data)
{
  DossierCliContext *ctx = user_data;

  if (item->error != NULL)
    {
      dossier_cli_error ("%s", item->error->message);
      return;
    }
  if (ctx->quiet || ctx->json)
    return;

  switch (item->outcome)
    {
    case DOSSIER_IMPORT_ADDED:
      /* Translators: %s is a file name. */
      printf (_("Imported “%s”.\n"), item->path);
      break;
    case DOSSIER_IMPORT_REPLACED:
      printf (_("Replaced the earlier version of “%s”.\n"), item->path);
      break;
    case DOSSIER_IMPORT_UNCHANGED:
    default:
      printf (_("“%s” is already in the corpus, unchanged.\n"), item->path);
      break;
    }
}

int
dossier_cli_import (DossierCliContext *ctx,
                    int                argc,
                    char             **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE|FOLDER… — import documents"));
  g_autoptr(DossierExtractor) extractor = NULL;
  g_autoptr(DossierBatchResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean no_entities = FALSE;
  const GOptionEntry entries[] = {
    { "no-entities", 0, 0, G_OPTION_ARG_NONE, &no_entities,
      N_("Import the text only, without finding entities"), NULL },
    { NULL }
  };
  DossierStore *store;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!dossier_cli_parse_options (context, &argc, &argv))
    return DOSSIER_CLI_USAGE;
  if (argc < 2)
    {
      dossier_cli_error (_("Name at least one file or folder to import."));
      return DOSSIER_CLI_USAGE;
    }

  if (!(store = dossier_cli_get_store (ctx)))
    return DOSSIER_CLI_REFUSED;

  if (!no_entities)
    {
      extractor = dossier_extractor_new (NULL, &error);
      if (extractor == NULL)
        {
          /* The text still imports; entities come with “dossier-cli reindex”. */
          dossier_cli_error ("%s", error->message);
          g_clear_error (&error);
        }
    }

  result = dossier_batch_import (store, extractor, (const char *const *) argv + 1, NULL,
                                 print_progress_cb, ctx, &error);
  if (result == NULL)
    {
      dossier_cli_error ("%s", error->message);
      return DOSSIER_CLI_REFUSED;
    }

  if (ctx->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "added");
      json_builder_add_int_value (builder, result->n_added);
      json_builder_set_member_name (builder, "replaced");
      json_builder_add_int_value (builder, result->n_replaced);
      json_builder_set_member_name (builder, "unchanged");
      json_builder_add_int_value (builder, result->n_unchanged);
      json_builder_set_member_name (builder, "refused");
      json_builder_add_int_value (builder, result->n_refused);
      json_builder_set_member_name (builder, "files");
      json_builder_begin_array (builder);
      for (guint i = 0; i < result->items->len; i++)
        {
          DossierBatchItem *item = g_ptr_array_index (result->items, i);

          json_builder_begin_object (builder);
          dossier_cli_json_add_string (builder, "path", item->path);
          if (item->error != NULL)
            {
              dossier_cli_json_add_string (builder, "status", "refused");
              dossier_cli_json_add_string (builder, "error", item->error->message);
            }
          else
            {
              dossier_cli_json_add_string (builder, "status", outcome_to_string (item->outcome));
              json_builder_set_member_name (builder, "document_id");
              json_builder_add_int_value (builder, item->document_id);
            }
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      dossier_cli_print_json (root);
    }
  else if (!ctx->quiet)
    {
      guint n_imported = result->n_added + result->n_replaced;

      printf (dossier_locale_grouped (g_dngettext (GETTEXT_PACKAGE,
                                                   "%u document imported",
                                                   "%u documents imported",
                                                   n_imported)), n_imported);
      printf (", ");
      printf (dossier_locale_grouped (g_dngettext (GETTEXT_PACKAGE, "%u unchanged", "%u unchanged",
                                                   result->n_unchanged)), result->n_unchanged);
      printf (", ");
      printf (dossier_locale_grouped (g_dngettext (GETTEXT_PACKAGE, "%u refused", "%u refused",
                                                   result->n_refused)), result->n_refused);
      printf (".\n");
    }

  return result->n_refused > 0 ? DOSSIER_CLI_REFUSED : DOSSIER_CLI_OK;
}

/* list */

int
dossier_cli_list (DossierCliContext *ctx,
                  int                argc,
                  char             **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— list the documents"));
  g_autoptr(GListModel) documents = NULL;
  g_autoptr(GError) error = NULL;
  DossierStore *store;
  guint n;

  if (!dossier_cli_parse_options (context, &argc, &argv))
    return DOSSIER_CLI_USAGE;
  if (argc > 1)
    {
      dossier_cli_error (_("“list” takes no arguments."));
      return DOSSIER_CLI_USAGE;
    }
  if (!(store = dossier_cli_get_store (ctx)))
    return DOSSIER_CLI_REFUSED;
  if (!(documents = dossier_store_list_documents (store, &error)))
    {
      dossier_cli_error ("%s", error->message);
      return DOSSIER_CLI_REFUSED;
    }

  n = g_list_model_get_n_items (documents);
  if (ctx->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(DossierDocumentInfo) info = g_list_model_get_item (documents, i);

          json_builder_begin_object (builder);
          add_document (builder, info);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      dossier_cli_print_json (root);
      return DOSSIER_CLI_OK;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DossierDocumentInfo) info = g_list_model_get_item (documents, i);
      const char *symbol = dossier_document_info_get_symbol (info);
      g_autofree char *local_date = dossier_i18n_format_date (dossier_document_info_get_date (info));
      /* Dates written out ("20 January 2003") take up to about 18 columns. */
      g_autofree char *date = dossier_cli_pad (local_date != NULL ? local_date : "-", 18, FALSE);

      printf ("%4" G_GINT64_FORMAT "  %s  %-16s  %-14s  %s\n",
              dossier_document_info_get_id (info),
              date,
              symbol != NULL ? symbol : "-",
              dossier_document_info_get_kind (info),
              dossier_document_info_get_title (info));
    }
  if (n == 0 && !ctx->quiet)
    printf ("%s\n", _("The corpus has no documents yet. Import some with “dossier-cli import FILE…”."));
  return DOSSIER_CLI_OK;
}

/* show */

int
dossier_cli_show (DossierCliContext *ctx,
                  int                argc,
                  char             **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("SYMBOL|ID|FILE — show a document"));
  g_autoptr(DossierDocumentInfo) info = NULL;
  g_autoptr(GPtrArray) blocks = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *local_date = NULL;
  DossierStore *store;
  const char *last_path = NULL;

  if (!dossier_cli_parse_options (context, &argc, &argv))
    return DOSSIER_CLI_USAGE;
  if (argc != 2)
    {
      dossier_cli_error (_("Name one document: its symbol, number or file name."));
      return DOSSIER_CLI_USAGE;
    }
  if (!(store = dossier_cli_get_store (ctx)))
    return DOSSIER_CLI_REFUSED;
  if (!(info = dossier_store_find_document (store, argv[1], &error)) ||
      !(blocks = dossier_store_get_blocks (store, dossier_document_info_get_id (info), &error)))
    {
      dossier_cli_error ("%s", error->message);
      return DOSSIER_CLI_REFUSED;
    }

  if (ctx->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      add_document (builder, info);
      json_builder_set_member_name (builder, "content");
      json_builder_begin_array (builder);
      for (guint i = 0; i < blocks->len; i++)
        {
          DossierBlock *block = g_ptr_array_index (blocks, i);
          g_autofree char *citation =
            dossier_block_dup_citation (block, dossier_document_info_get_symbol (info),
                                        dossier_document_info_get_title (info));

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_int_value (builder, block->id);
          json_builder_set_member_name (builder, "seq");
          json_builder_add_int_value (builder, block->seq);
          dossier_cli_json_add_string (builder, "kind", dossier_block_kind_to_string (block->kind));
          json_builder_set_member_name (builder, "level");
          json_builder_add_int_value (builder, block->level);
          dossier_cli_json_add_string (builder, "label", block->label);
          add_heading_path (builder, block->heading_path);
          dossier_cli_json_add_string (builder, "citation", citation);
          dossier_cli_json_add_string (builder, "text", block->text);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      dossier_cli_print_json (root);
      return DOSSIER_CLI_OK;
    }

  local_date = dossier_i18n_format_date (dossier_document_info_get_date (info));
  printf ("%s\n", dossier_document_info_get_title (info));
#define FIELD(label, value) \
  G_STMT_START { \
    g_autofree char *padded_ = dossier_cli_pad (label, 10, FALSE); \
    if ((value) != NULL) printf ("  %s %s\n", padded_, value); \
  } G_STMT_END
  /* Translators: field labels of “dossier-cli show”, padded to ten columns. */
  FIELD (C_("document field", "Symbol:"), dossier_document_info_get_symbol (info));
  FIELD (C_("document field", "Date:"), local_date);
  FIELD (C_("document field", "Kind:"), dossier_document_info_get_kind (info));
  FIELD (C_("document field", "Body:"), dossier_document_info_get_body (info));
  FIELD (C_("document field", "Session:"), dossier_document_info_get_session (info));
  FIELD (C_("document field", "File:"), dossier_document_info_get_source_name (info));
#undef FIELD
  printf ("\n");

  for (guint i = 0; i < blocks->len; i++)
    {
      DossierBlock *block = g_ptr_array_index (blocks, i);

      if (block->kind == DOSSIER_BLOCK_HEADING)
        {
          printf ("\n%s%s%s\n\n", block->label ? block->label : "", block->label ? ". " : "",
                  block->text);
          last_path = block->heading_path;
          continue;
        }
      if (block->label != NULL)
        printf ("%6s  %s\n", block->label, block->text);
      else if (block->kind == DOSSIER_BLOCK_ITEM)
        printf ("%6s  %s\n", "•", block->text);
      else
        printf ("        %s\n", block->text);
    }
  (void) last_path;

  return DOSSIER_CLI_OK;
}

/* search */

int
dossier_cli_search (DossierCliContext *ctx,
                    int                argc,
                    char             **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("QUERY — search the corpus"));
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *query = NULL;
  gboolean advanced = FALSE;
  int limit = 20;
  const GOptionEntry entries[] = {
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, N_("Show at most N results (default 20)"), "N" },
    { "advanced", 0, 0, G_OPTION_ARG_NONE, &advanced,
      N_("Read QUERY as an SQLite FTS5 query (NEAR, OR, NOT, prefix*)"), NULL },
    { NULL }
  };
  DossierStore *store;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!dossier_cli_parse_options (context, &argc, &argv))
    return DOSSIER_CLI_USAGE;
  if (argc < 2)
    {
      dossier_cli_error (_("Say what to search for."));
      return DOSSIER_CLI_USAGE;
    }
  if (limit <= 0)
    {
      dossier_cli_error (_("--limit takes a number greater than zero."));
      return DOSSIER_CLI_USAGE;
    }

  query = g_strjoinv (" ", argv + 1);
  if (!(store = dossier_cli_get_store (ctx)))
    return DOSSIER_CLI_REFUSED;
  hits = dossier_store_search (store, query,
                               advanced ? DOSSIER_SEARCH_ADVANCED : DOSSIER_SEARCH_PLAIN,
                               (guint) limit, &error);
  if (hits == NULL)
    {
      dossier_cli_error ("%s", error->message);
      return DOSSIER_CLI_REFUSED;
    }

  if (ctx->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      dossier_cli_json_add_string (builder, "query", query);
      json_builder_set_member_name (builder, "hits");
      json_builder_begin_array (builder);
      for (guint i = 0; i < hits->len; i++)
        {
          DossierSearchHit *hit = g_ptr_array_index (hits, i);
          g_autofree char *snippet = dossier_snippet_render (hit->snippet, "[", "]");

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "document_id");
          json_builder_add_int_value (builder, hit->document_id);
          dossier_cli_json_add_string (builder, "symbol", hit->document_symbol);
          dossier_cli_json_add_string (builder, "title", hit->document_title);
          dossier_cli_json_add_string (builder, "date", hit->document_date);
          json_builder_set_member_name (builder, "block_id");
          json_builder_add_int_value (builder, hit->block_id);
          dossier_cli_json_add_string (builder, "kind", hit->block_kind);
          dossier_cli_json_add_string (builder, "label", hit->label);
          add_heading_path (builder, hit->heading_path);
          dossier_cli_json_add_string (builder, "citation", hit->citation);
          dossier_cli_json_add_string (builder, "snippet", snippet);
          json_builder_set_member_name (builder, "score");
          json_builder_add_double_value (builder, -hit->rank);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      dossier_cli_print_json (root);
      return DOSSIER_CLI_OK;
    }

  for (guint i = 0; i < hits->len; i++)
    {
      DossierSearchHit *hit = g_ptr_array_index (hits, i);
      gboolean color = isatty (fileno (stdout));
      g_autofree char *snippet = dossier_snippet_render (hit->snippet,
                                                         color ? "\033[1m" : "[",
                                                         color ? "\033[0m" : "]");

      printf ("%2u. %s\n    %s\n\n", i + 1, hit->citation, snippet);
    }
  if (hits->len == 0 && !ctx->quiet)
    printf (_("Nothing in the corpus matches “%s”.\n"), query);

  return DOSSIER_CLI_OK;
}
