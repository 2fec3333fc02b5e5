/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * dossier-cli: the corpus from the command line. Every command runs the same
 * app/core code as the window; output is text for people or JSON for scripts.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "dossier-batch.h"
#include "dossier-cli.h"
#include "dossier-locale.h"
#include "dossier-paths.h"

static const DossierCliCommand commands[] = {
  /* Translators: the summaries below are shown by “dossier-cli --help”. */
  { "import",  N_("FILE|FOLDER…"),  N_("Import documents into the corpus"), dossier_cli_import },
  { "list",    "",                  N_("List the documents of the corpus"), dossier_cli_list },
  { "show",    N_("SYMBOL|ID"),     N_("Show a document's metadata and paragraphs"), dossier_cli_show },
  { "search",  N_("QUERY"),         N_("Search the text of the corpus"), dossier_cli_search },
  { "entities", N_("[--kind K]"), N_("List the entities the documents mention"), dossier_cli_entities },
  { "mentions", N_("KEY|NAME"), N_("List where an entity is mentioned, with citations"), dossier_cli_mentions },
  { "relations", N_("[--entity KEY]"), N_("List relations between entities and their evidence"), dossier_cli_relations },
  { "reindex", "",                  N_("Find the entities of every document again"), dossier_cli_reindex },
  { "entity",  N_("VERB KEY|NAME"), N_("Show, rename, merge, hide, unhide or accept an entity"), dossier_cli_entity },
  { "graph",   N_("--format F -o FILE"), N_("Export the entity graph as DOT, SVG, PNG, PDF, JSON or GraphML"), dossier_cli_graph },
  { "path",    N_("A B"),           N_("Show how two entities are connected, with citations"), dossier_cli_path },
  { "draft",   N_("VERB …"),        N_("Write draft summaries: new, list, show, add, export, import, citations"), dossier_cli_draft },
  { "suggest", N_("QUERY|--entity KEY"), N_("Suggest the paragraphs that say the most about a subject"), dossier_cli_suggest },
};

char *
dossier_cli_pad (const char *text,
                 guint       columns,
                 gboolean    align_right)
{
  GString *out = g_string_new (NULL);
  guint width = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      width += g_unichar_iszerowidth (c) ? 0 : g_unichar_iswide (c) ? 2 : 1;
    }
  if (!align_right)
    g_string_append (out, text);
  for (guint i = width; i < columns; i++)
    g_string_append_c (out, ' ');
  if (align_right)
    g_string_append (out, text);
  return g_string_free (out, FALSE);
}

void
dossier_cli_error (const char *format,
                   ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  fprintf (stderr, "%s: %s\n", g_get_prgname (), message);
}

void
dossier_cli_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  printf ("%s\n", text);
}

void
dossier_cli_print_builder (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  dossier_cli_print_json (root);
}

void
dossier_cli_json_add_string (JsonBuilder *builder,
                             const char  *member,
                             const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
dossier_cli_json_add_int (JsonBuilder *builder,
                          const char  *member,
                          gint64       value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_int_value (builder, value);
}

void
dossier_cli_json_add_bool (JsonBuilder *builder,
                           const char  *member,
                           gboolean     value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_boolean_value (builder, value);
}

gboolean
dossier_cli_parse_options (GOptionContext *context,
                           int            *argc,
                           char         ***argv)
{
  g_autoptr(GError) error = NULL;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      dossier_cli_error ("%s", error->message);
      return FALSE;
    }
  return TRUE;
}

DossierStore *
dossier_cli_get_store (DossierCliContext *ctx)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *default_path = NULL;
  const char *path = ctx->db_path;
  gboolean is_default = FALSE;

  if (ctx->store != NULL)
    return ctx->store;

  if (path == NULL)
    {
      default_path = dossier_paths_dup_default_db ();
      path = default_path;
      is_default = TRUE;
    }

  ctx->store = dossier_store_open (path, &error);
  if (ctx->store == NULL)
    {
      dossier_cli_error ("%s", error->message);
      return NULL;
    }

  /* First run: the default corpus starts with the bundled documents. */
  if (is_default && dossier_store_get_created (ctx->store))
    {
      g_autoptr(DossierExtractor) extractor = dossier_extractor_new (NULL, &error);
      g_autoptr(DossierBatchResult) result = NULL;

      if (extractor == NULL)
        {
          dossier_cli_error ("%s", error->message);
          g_clear_error (&error);
        }
      result = dossier_batch_import_bundled (ctx->store, extractor, &error);
      if (result == NULL)
        dossier_cli_error ("%s", error->message);
      else if (!ctx->quiet && !ctx->json)
        fprintf (stderr,
                 dossier_locale_grouped (g_dngettext (GETTEXT_PACKAGE,
                                                      "Created the corpus “%s” with %u bundled document.\n",
                                                      "Created the corpus “%s” with %u bundled documents.\n",
                                                      result->n_added)),
                 path, result->n_added);
    }

  return ctx->store;
}

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n", _("Usage: dossier-cli [--db PATH] [--json] COMMAND [ARGUMENTS…]"));
  fprintf (out, "\n%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *left = g_strdup_printf ("%s %s", commands[i].name,
                                               *commands[i].args ? _(commands[i].args) : "");

      g_autofree char *padded = dossier_cli_pad (left, 28, FALSE);

      fprintf (out, "  %s %s\n", padded, _(commands[i].summary));
    }
  fprintf (out, "\n%s\n", _("Options:"));
  fprintf (out, "  %-28s %s\n", "--db PATH",
           _("Use the corpus database at PATH (default: $XDG_DATA_HOME/dossier/corpus.db)"));
  fprintf (out, "  %-28s %s\n", "--json", _("Write the output as JSON"));
  fprintf (out, "  %-28s %s\n", "--quiet", _("Print only errors"));
  fprintf (out, "\n%s\n", _("“dossier-cli COMMAND --help” describes a command's own options."));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = NULL;
  DossierCliContext ctx = { 0 };
  gboolean json = FALSE, quiet = FALSE, version = FALSE;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, NULL, NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, NULL, NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, NULL, NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, NULL, NULL },
    { NULL }
  };
  const char *name;
  int status = DOSSIER_CLI_USAGE;

  dossier_i18n_init ();
  g_set_prgname ("dossier-cli");

  /* The global options may stand anywhere; the command's own options are left in
   * argv for the command to parse. */
  context = g_option_context_new (NULL);
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_ignore_unknown_options (context, TRUE);
  g_option_context_set_help_enabled (context, FALSE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      dossier_cli_error ("%s", error->message);
      return DOSSIER_CLI_USAGE;
    }

  if (version)
    {
      printf ("dossier-cli %s\n", PACKAGE_VERSION);
      return DOSSIER_CLI_OK;
    }

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") ||
      g_str_equal (argv[1], "help"))
    {
      print_usage (argc < 2 ? stderr : stdout);
      return argc < 2 ? DOSSIER_CLI_USAGE : DOSSIER_CLI_OK;
    }

  ctx.db_path = db_path;
  ctx.json = json;
  ctx.quiet = quiet;

  name = argv[1];
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (commands[i].name, name))
        {
          status = commands[i].func (&ctx, argc - 1, argv + 1);
          g_clear_object (&ctx.store);
          return status;
        }
    }

  dossier_cli_error (_("“%s” is not a command. Run “dossier-cli --help” for the list."), name);
  return DOSSIER_CLI_USAGE;
}
