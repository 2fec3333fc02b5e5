/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * dossier-cli entities, mentions, relations, reindex and entity (show, rename,
 * merge, hide, unhide, accept).
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "dossier-cli.h"
#include "dossier-entities.h"
#include "dossier-locale.h"

static const char *const entity_kinds[] = {
  "organisation", "body", "resolution", "instrument", "initiative", "meeting",
  "document", "place", "person", NULL,
};

/* Helpers */

static void
add_entity (JsonBuilder   *builder,
            DossierEntity *entity,
            GPtrArray     *aliases)
{
  dossier_cli_json_add_int (builder, "id", entity->id);
  dossier_cli_json_add_string (builder, "key", entity->key);
  dossier_cli_json_add_string (builder, "kind", entity->kind);
  dossier_cli_json_add_string (builder, "name", entity->name);
  dossier_cli_json_add_string (builder, "canonical_name", entity->canonical_name);
  dossier_cli_json_add_string (builder, "short_name", entity->short_name);
  json_builder_set_member_name (builder, "aliases");
  json_builder_begin_array (builder);
  for (guint i = 0; aliases != NULL && i < aliases->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (aliases, i));
  json_builder_end_array (builder);
  dossier_cli_json_add_string (builder, "origin", entity->origin);
  json_builder_set_member_name (builder, "confidence");
  json_builder_add_double_value (builder, entity->confidence);
  dossier_cli_json_add_bool (builder, "hidden", entity->hidden);
  dossier_cli_json_add_bool (builder, "accepted", entity->accepted);
  dossier_cli_json_add_int (builder, "mentions", entity->n_mentions);
  dossier_cli_json_add_int (builder, "documents", entity->n_documents);
}

static char *
join_aliases (GPtrArray *aliases)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; aliases != NULL && i < aliases->len; i++)
    {
      if (i > 0)
        /* Translators: the separator between the aliases of an entity. */
        g_string_append (text, _(", "));
      g_string_append (text, g_ptr_array_index (aliases, i));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Finds the entity the user named; on failure prints why (with the candidates
 * when the name is ambiguous) and returns NULL. */
static DossierEntity *
find_entity (DossierStore *store,
             const char   *ref)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) candidates = NULL;
  DossierEntity *entity;

  entity = dossier_store_find_entity (store, ref, &candidates, &error);
  if (entity == NULL)
    dossier_cli_error ("%s", error->message);
  return entity;
}

/* The document named by --document, or 0 when none was given; -1 after printing
 * why it was not found. */
static gint64
find_document (DossierStore *store,
               const char   *ref)
{
  g_autoptr(DossierDocumentInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  if (ref == NULL)
    return 0;
  if (!(info = dossier_store_find_document (store, ref, &error)))
    {
      dossier_cli_error ("%s", error->message);
      return -1;
    }
  return dossier_document_info_get_id (info);
}

/* Accepts the kinds of the legend, and the American spelling of "organisation". */
static const char *
check_kind (const char *kind)
{
  g_autofree char *list = NULL;

  if (kind == NULL)
    return NULL;
  if (g_ascii_strcasecmp (kind, "organization") == 0)
    return "organisation";
  for (guint i = 0; entity_kinds[i] != NULL; i++)
    if (g_ascii_strcasecmp (kind, entity_kinds[i]) == 0)
      return entity_kinds[i];

  list = g_strjoinv (", ", (char **) entity_kinds);
  /* Translators: the first %s is what the user typed; the second is the list of
   * kinds, which stay in English because they are typed on the command line. */
  dossier_cli_error (_("“%s” is not a kind of entity. The kinds are: %s."), kind, list);
  return NULL;
}

/* entities */

int
dossier_cli_entities (DossierCliContext *ctx,
                      int                argc,
                      char             **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— list the entities the documents mention"));
  g_autoptr(GPtrArray) entities = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kind_arg = NULL;
  g_autofree char *document_arg = NULL;
  gboolean all = FALSE;
  const GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_arg,
      N_("Only entities of kind K (organisation, body, resolution, instrument, …)"), "K" },
    { "document", 0, 0, G_OPTION_ARG_STRING, &document_arg,
      N_("Only entities that document mentions (number, symbol or file name)"), "ID" },
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("Include the entities you hid"), NULL },
    { NULL }
  };
  const char *kind = NULL;
  DossierStore *store;
  gint64 document_id;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!dossier_cli_parse_options (context, &argc, &argv))
    return DOSSIER_CLI_USAGE;
  if (argc > 1)
    {
      dossier_cli_error (_("“entities” takes no arguments; filter with --kind or --document."));
      return DOSSIER_CLI_USAGE;
    }
  if (kind_arg != NULL && !(kind = check_kind (kind_arg)))
    return DOSSIER_CLI_USAGE;

  if (!(store = dossier_cli_get_store (ctx)))
    return DOSSIER_CLI_REFUSED;
  if ((document_id = find_document (store, document_arg)) < 0)
    return DOSSIER_CLI_REFUSED;
  if (!(entities = dossier_store_list_entities (store, kind, document_id, all, &error)))
    {
      dossier_cli_error ("%s", error->message);
      return DOSSIER_CLI_REFUSED;
    }

  if (ctx->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < entities->len; i++)
        {
          DossierEntity *entity = g_ptr_array_index (entities, i);
          g_autoptr(GPtrArray) aliases = NULL;

          if (!(aliases = dossier_store_list_aliases (store, entity->id, &error)))
            {
              dossier_cli_error ("%s", error->message);
              return DOSSIER_CLI_REFUSED;
            }
          json_builder_begin_object (builder);
          add_entity (builder, entity, aliases);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      dossier_cli_print_builder (builder);
      return DOSSIER_CLI_OK;
    }

  if (entities->len == 0)
    {
      if (!ctx->quiet)
        printf ("%s\n", _("No entities found. If the documents were imported without them, run “dossier-cli reindex”."));
      return DOSSIER_CLI_OK;
    }

  if (!ctx->quiet)
    {
      /* Translators: column titles of “dossier-cli entities”; keep them short. */
      g_autofree char *key = dossier_cli_pad (C_("column", "KEY"), 30, FALSE);
      g_autofree char *kind_title = dossier_cli_pad (C_("column", "KIND"), 12, FALSE);
      g_autofree char *origin = dossier_cli_pad (C_("column", "ORIGIN"), 9, FALSE);
      g_autofree char *conf = dossier_cli_pad (C_("column", "CONF."), 5, TRUE);
      g_autofree char *mentions = dossier_cli_pad (C_("column", "MENTIONS"), 8, TRUE);
      g_autofree char *docs = dossier_cli_pad (C_("column", "DOCS"), 5, TRUE);

      printf ("%s %s %s %s %s %s  %s\n", key, kind_title, origin, conf, mentions, docs,
              C_("column", "NAME (ALIASES)"));
    }
  for (guint i = 0; i < entities->len; i++)
    {
      DossierEntity *entity = g_ptr_array_index (entities, i);
      g_autoptr(GPtrArray) aliases = NULL;
      g_autofree char *alias_text = NULL;
      g_autofree char *n_mentions = dossier_locale_format_number (entity->n_mentions);
      g_autofree char *n_documents = dossier_locale_format_number (entity->n_documents);
      /* Padded by the columns the numbers take, not their bytes: a grouped
       * number may hold a wide separator (U+202F in French). */
      g_autofree char *mentions = dossier_cli_pad (n_mentions, 8, TRUE);
      g_autofree char *documents = dossier_cli_pad (n_documents, 5, TRUE);

      if (!(aliases = dossier_store_list_aliases (store, entity->id, &error)))
        {
          dossier_cli_error ("%s", error->message);
          return DOSSIER_CLI_REFUSED;
        }
      alias_text = join_aliases (aliases);
      printf ("%-30s %-12s %-9s %5.2f %s %s  %s",
              entity->key, entity->kind, entity->origin, entity->confidence,
              mentions, documents, entity->name);
      if (*alias_text != '\0')
        printf (" (%s)", alias_text);
      if (entity->hidden)
        /* Translators: marks a hidden entity in “dossier-cli entities --all”. */
        printf (" %s", _("[hidden]"));
      printf ("\n");
    }

  return DOSSIER_CLI_OK;
}

/* mentions */

int
dossier_cli_mentions (DossierCliContext *ctx,
                      int                argc,
                      char             **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("KEY|NAME — list where an entity is mentioned"));
  g_autoptr(DossierEntity) entity = NULL;
  g_autoptr(GPtrArray) mentions = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *document_arg = NULL;
  const GOptionEntry entries[] = {
    { "document", 0, 0, G_OPTION_ARG_STRING, &document_arg,
      N_("Only the mentions in that document (number, symbol or file name)"), "ID" },
    { NULL }
  };
  DossierStore *store;
  gint64 document_id;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!dossier_cli_parse_options (context, &argc, &argv))
    return DOSSIER_CLI_USAGE;
  if (argc != 2)
    {
      dossier_cli_error (_("Name one entity: its key, name, short name or alias."));
      return DOSSIER_CLI_USAGE;
    }

  if (!(store = dossier_cli_get_store (ctx)))
    return DOSSIER_CLI_REFUSED;
  if ((document_id = find_document (store, document_arg)) < 0)
    return DOSSIER_CLI_REFUSED;
  if (!(entity = find_entity (store, argv[1])))
    return DOSSIER_CLI_REFUSED;
  if (!(mentions = dossier_store_list_mentions (store, entity->id, document_id, &error)))
    {
      dossier_cli_error ("%s", error->message);
      return DOSSIER_CLI_REFUSED;
    }

  if (ctx->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "entity");
      json_builder_begin_object (builder);
      add_entity (builder, entity, entity->aliases);
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "mentions");
      json_builder_begin_array (builder);
      for (guint i = 0; i < mentions->len; i++)
        {
          DossierMention *mention = g_ptr_array_index (mentions, i);

          json_builder_begin_object (builder);
          dossier_cli_json_add_int (builder, "document_id", mention->document_id);
          dossier_cli_json_add_string (builder, "symbol", mention->document_symbol);
          dossier_cli_json_add_string (builder, "title", mention->document_title);
          dossier_cli_json_add_int (builder, "block_id", mention->block_id);
          dossier_cli_json_add_string (builder, "label", mention->label);
          dossier_cli_json_add_string (builder, "citation", mention->citation);
          dossier_cli_json_add_string (builder, "surface", mention->surface);
          dossier_cli_json_add_int (builder, "start", mention->start);
          dossier_cli_json_add_int (builder, "end", mention->end);
          dossier_cli_json_add_string (builder, "recogniser", mention->recogniser);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      dossier_cli_print_builder (builder);
      return DOSSIER_CLI_OK;
    }

  if (!ctx->quiet)
    {
      /* Translators: “3 mentions of United Nations Office on Drugs and Crime (org:unodc)”. */
      printf (dossier_locale_grouped (g_dngettext (GETTEXT_PACKAGE, "%u mention of %s (%s)", "%u mentions of %s (%s)",
                                                   mentions->len)),
              mentions->len, entity->name, entity->key);
      printf ("\n");
    }
  for (guint i = 0; i < mentions->len; i++)
    {
      DossierMention *mention = g_ptr_array_index (mentions, i);

      /* Translators: one mention: citation, the text as written, character offsets. */
      printf (dossier_locale_grouped (_("  %s: “%s” (characters %u–%u)")), mention->citation, mention->surface,
              mention->start, mention->end);
      printf ("\n");
    }

  return DOSSIER_CLI_OK;
}

/* relations */

static void
add_relation (JsonBuilder     *builder,
              DossierRelation *relation)
{
  dossier_cli_json_add_int (builder, "id", relation->id);
  json_builder_set_member_name (builder, "source");
  json_builder_begin_object (builder);
  dossier_cli_json_add_int (builder, "id", relation->source_id);
  dossier_cli_json_add_string (builder, "key", relation->source_key);
  dossier_cli_json_add_string (builder, "name", relation->source_name);
  dossier_cli_json_add_string (builder, "kind", relation->source_kind);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "target");
  json_builder_begin_object (builder);
  dossier_cli_json_add_int (builder, "id", relation->target_id);
  dossier_cli_json_add_string (builder, "key", relation->target_key);
  dossier_cli_json_add_string (builder, "name", relation->target_name);
  dossier_cli_json_add_string (builder, "kind", relation->target_kind);
  json_builder_end_object (builder);
  dossier_cli_json_add_string (builder, "kind", relation->kind);
  dossier_cli_json_add_string (builder, "verb", relation->verb);
  dossier_cli_json_add_bool (builder, "directed", relation->directed);
  dossier_cli_json_add_int (builder, "weight", relation->weight);
  dossier_cli_json_add_string (builder, "origin", relation->origin);
  if (relation->evidence != NULL)
    {
      json_builder_set_member_name (builder, "evidence");
      json_builder_begin_array (builder);
      for (guint i = 0; i < relation->evidence->len; i++)
        {
          DossierEvidence *evidence = g_ptr_array_index (relation->evidence, i);

          json_builder_begin_object (builder);
          dossier_cli_json_add_int (builder, "document_id", evidence->document_id);
          dossier_cli_json_add_int (builder, "block_id", evidence->block_id);
          dossier_cli_json_add_string (builder, "citation", evidence->citation);
          dossier_cli_json_add_string (builder, "text", evidence->text);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }
}

static void
print_relation (DossierRelation *relation)
{
  g_autoptr(GString) citations = g_string_new (NULL);

  if (relation->directed)
    /* Translators: a directed relation: source name and key, its kind, target
     * name and key, as in “UNODC (org:unodc) —reports-to→ CND (body:cnd)”. */
    printf (_("%s (%s) —%s→ %s (%s)"), relation->source_name, relation->source_key,
            relation->kind, relation->target_name, relation->target_key);
  else
    /* Translators: an undirected relation, as in
     * “UNODC (org:unodc) —co-mention— OHCHR (org:ohchr)”. */
    printf (_("%s (%s) —%s— %s (%s)"), relation->source_name, relation->source_key,
            relation->kind, relation->target_name, relation->target_key);
  printf ("\n    ");
  printf (dossier_locale_grouped (g_dngettext (GETTEXT_PACKAGE, "%u paragraph", "%u paragraphs", relation->weight)),
          relation->weight);
  /* Translators: where a relation comes from; %s stays English (extracted,
   * gazetteer or user), as in “3 paragraphs, origin: extracted”. */
  printf (_(", origin: %s"), relation->origin);
  if (relation->verb != NULL)
    /* Translators: the phrase a relation was read from. */
    printf (_(", “%s”"), relation->verb);
  printf ("\n");

  for (guint i = 0; relation->evidence != NULL && i < relation->evidence->len; i++)
    {
      DossierEvidence *evidence = g_ptr_array_index (relation->evidence, i);

      if (i > 0)
        /* Translators: the separator between the citations of a relation's evidence. */
        g_string_append (citations, _("; "));
      g_string_append (citations, evidence->citation);
    }
  if (citations->len > 0)
    printf ("    %s\n", citations->str);
}

int
dossier_cli_relations (DossierCliContext *ctx,
                       int                argc,
                       char             **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— list the relations between entities, with their evidence"));
  g_autoptr(DossierEntity) entity = NULL;
  g_autoptr(GPtrArray) relations = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *entity_arg = NULL;
  g_autofree char *kind = NULL;
  const GOptionEntry entries[] = {
    { "entity", 0, 0, G_OPTION_ARG_STRING, &entity_arg,
      N_("Only the relations of that entity (key, name or alias)"), "KEY" },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind,
      N_("Only relations of kind K (co-mention, supplements, organised-by, …)"), "K" },
    { NULL }
  };
  DossierStore *store;
  guint shown = 0;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!dossier_cli_parse_options (context, &argc, &argv))
    return DOSSIER_CLI_USAGE;
  if (argc > 1)
    {
      dossier_cli_error (_("“relations” takes no arguments; filter with --entity or --kind."));
      return DOSSIER_CLI_USAGE;
    }

  if (!(store = dossier_cli_get_store (ctx)))
    return DOSSIER_CLI_REFUSED;
  if (entity_arg != NULL && !(entity = find_entity (store, entity_arg)))
    return DOSSIER_CLI_REFUSED;
  if (!(relations = dossier_store_list_relations (store, entity != NULL ? entity->id : 0, TRUE,
                                                  &error)))
    {
      dossier_cli_error ("%s", error->message);
      return DOSSIER_CLI_REFUSED;
    }

  if (ctx->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < relations->len; i++)
        {
          DossierRelation *relation = g_ptr_array_index (relations, i);

          if (kind != NULL && g_strcmp0 (relation->kind, kind) != 0)
            continue;
          json_builder_begin_object (builder);
          add_relation (builder, relation);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      dossier_cli_print_builder (builder);
      return DOSSIER_CLI_OK;
    }

  for (guint i = 0; i < relations->len; i++)
    {
      DossierRelation *relation = g_ptr_array_index (relations, i);

      if (kind != NULL && g_strcmp0 (relation->kind, kind) != 0)
        continue;
      print_relation (relation);
      shown++;
    }
  if (shown == 0 && !ctx->quiet)
    printf ("%s\n", _("No relations found."));

  return DOSSIER_CLI_OK;
}

/* reindex */

int
dossier_cli_reindex (DossierCliContext *ctx,
                     int                argc,
                     char             **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— find the entities of every document again"));
  g_autoptr(DossierExtractor) extractor = NULL;
  g_autoptr(GPtrArray) entities = NULL;
  g_autoptr(GPtrArray) relations = NULL;
  g_autoptr(GError) error = NULL;
  DossierStore *store;
  guint n_documents, n_mentions = 0;

  if (!dossier_cli_parse_options (context, &argc, &argv))
    return DOSSIER_CLI_USAGE;
  if (argc > 1)
    {
      dossier_cli_error (_("“reindex” takes no arguments."));
      return DOSSIER_CLI_USAGE;
    }

  if (!(store = dossier_cli_get_store (ctx)))
    return DOSSIER_CLI_REFUSED;
  if (!(extractor = dossier_extractor_new (NULL, &error)) ||
      !dossier_store_reindex (store, extractor, &error) ||
      !(entities = dossier_store_list_entities (store, NULL, 0, FALSE, &error)) ||
      !(relations = dossier_store_list_relations (store, 0, FALSE, &error)))
    {
      dossier_cli_error ("%s", error->message);
      return DOSSIER_CLI_REFUSED;
    }

  n_documents = dossier_store_count_documents (store);
  for (guint i = 0; i < entities->len; i++)
    n_mentions += ((DossierEntity *) g_ptr_array_index (entities, i))->n_mentions;

  if (ctx->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      dossier_cli_json_add_int (builder, "documents", n_documents);
      dossier_cli_json_add_int (builder, "entities", entities->len);
      dossier_cli_json_add_int (builder, "mentions", n_mentions);
      dossier_cli_json_add_int (builder, "relations", relations->len);
      json_builder_end_object (builder);
      dossier_cli_print_builder (builder);
    }
  else if (!ctx->quiet)
    {
      g_autofree char *docs = g_strdup_printf (dossier_locale_grouped (g_dngettext (GETTEXT_PACKAGE, "%u document",
                                                                                    "%u documents", n_documents)),
                                               n_documents);
      g_autofree char *ents = g_strdup_printf (dossier_locale_grouped (g_dngettext (GETTEXT_PACKAGE, "%u entity",
                                                                                    "%u entities", entities->len)),
                                               entities->len);
      g_autofree char *ments = g_strdup_printf (dossier_locale_grouped (g_dngettext (GETTEXT_PACKAGE, "%u mention",
                                                                                     "%u mentions", n_mentions)),
                                                n_mentions);
      g_autofree char *rels = g_strdup_printf (dossier_locale_grouped (g_dngettext (GETTEXT_PACKAGE, "%u relation",
                                                                                    "%u relations", relations->len)),
                                               relations->len);

      /* Translators: the summary of “dossier-cli reindex”, e.g. “Reindexed 5 documents:
       * 120 entities, 900 mentions, 300 relations.”; each %s is a count with its noun. */
      printf (_("Reindexed %s: %s, %s, %s.\n"), docs, ents, ments, rels);
    }

  return DOSSIER_CLI_OK;
}

/* entity show, rename, merge, hide, unhide, accept */

static int
print_entity_result (DossierCliContext *ctx,
                     DossierStore      *store,
                     gint64             entity_id,
                     const char        *sentence)
{
  g_autoptr(DossierEntity) entity = NULL;
  g_autoptr(GError) error = NULL;

  if (ctx->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      if (!(entity = dossier_store_get_entity (store, entity_id, &error)))
        {
          dossier_cli_error ("%s", error->message);
          return DOSSIER_CLI_REFUSED;
        }
      json_builder_begin_object (builder);
      add_entity (builder, entity, entity->aliases);
      json_builder_end_object (builder);
      dossier_cli_print_builder (builder);
    }
  else if (!ctx->quiet)
    printf ("%s\n", sentence);

  return DOSSIER_CLI_OK;
}

static int
entity_show (DossierCliContext *ctx,
             DossierStore      *store,
             DossierEntity     *entity)
{
  g_autoptr(GPtrArray) relations = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *alias_text = NULL;

  if (!(relations = dossier_store_list_relations (store, entity->id, ctx->json, &error)))
    {
      dossier_cli_error ("%s", error->message);
      return DOSSIER_CLI_REFUSED;
    }

  if (ctx->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      add_entity (builder, entity, entity->aliases);
      json_builder_set_member_name (builder, "relations");
      json_builder_begin_array (builder);
      for (guint i = 0; i < relations->len; i++)
        {
          json_builder_begin_object (builder);
          add_relation (builder, g_ptr_array_index (relations, i));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      dossier_cli_print_builder (builder);
      return DOSSIER_CLI_OK;
    }

  alias_text = join_aliases (entity->aliases);
  printf ("%s\n", entity->name);
#define FIELD(label, value) \
  G_STMT_START { \
    g_autofree char *padded_ = dossier_cli_pad (label, 14, FALSE); \
    if ((value) != NULL && *(value) != '\0') printf ("  %s %s\n", padded_, value); \
  } G_STMT_END
  /* Translators: field labels of “dossier-cli entity show”, padded to 14 columns. */
  FIELD (C_("entity field", "Key:"), entity->key);
  FIELD (C_("entity field", "Kind:"), entity->kind);
  if (g_strcmp0 (entity->name, entity->canonical_name) != 0)
    FIELD (C_("entity field", "Found as:"), entity->canonical_name);
  FIELD (C_("entity field", "Short name:"), entity->short_name);
  FIELD (C_("entity field", "Aliases:"), alias_text);
  FIELD (C_("entity field", "Origin:"), entity->origin);
#undef FIELD
  {
    g_autofree char *confidence = dossier_cli_pad (C_("entity field", "Confidence:"), 14, FALSE);
    g_autofree char *mentions = dossier_cli_pad (C_("entity field", "Mentions:"), 14, FALSE);

    printf ("  %s %.2f\n", confidence, entity->confidence);
    printf ("  %s ", mentions);
  }
  {
    g_autofree char *ments = g_strdup_printf (dossier_locale_grouped (g_dngettext (GETTEXT_PACKAGE, "%u mention",
                                                                                   "%u mentions", entity->n_mentions)),
                                              entity->n_mentions);
    g_autofree char *docs = g_strdup_printf (dossier_locale_grouped (g_dngettext (GETTEXT_PACKAGE,
                                                                                  /* Translators: the second half of
                                                                                   * “12 mentions in 3 documents”. */
                                                                                  "in %u document",
                                                                                  "in %u documents", entity->n_documents)),
                                             entity->n_documents);

    /* Translators: “12 mentions in 3 documents”: the first %s is “12 mentions”,
     * the second “in 3 documents”; swap them with %2$s and %1$s if need be. */
    printf (C_("mentions in documents", "%s %s\n"), ments, docs);
  }
  if (entity->hidden)
    printf ("  %s\n", _("Hidden: it is left out of lists and the graph."));
  if (entity->accepted)
    printf ("  %s\n", _("Accepted as a real entity."));

  if (relations->len > 0)
    {
      printf ("\n");
      for (guint i = 0; i < relations->len; i++)
        print_relation (g_ptr_array_index (relations, i));
    }

  return DOSSIER_CLI_OK;
}

static void
print_entity_usage (void)
{
  dossier_cli_error ("%s", _("Say what to do with the entity: show, rename, merge, hide, unhide or accept."));
}

int
dossier_cli_entity (DossierCliContext *ctx,
                    int                argc,
                    char             **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(DossierEntity) entity = NULL;
  g_autoptr(DossierEntity) into = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sentence = NULL;
  DossierStore *store;
  const char *verb;
  int n_args;

  /* Translators: the synopsis of “dossier-cli entity --help”. */
  context = g_option_context_new (_("show|rename|merge|hide|unhide|accept KEY|NAME [NEW-NAME|INTO] — look at or correct an entity"));
  if (!dossier_cli_parse_options (context, &argc, &argv))
    return DOSSIER_CLI_USAGE;
  if (argc < 2)
    {
      print_entity_usage ();
      return DOSSIER_CLI_USAGE;
    }

  verb = argv[1];
  if (g_str_equal (verb, "rename") || g_str_equal (verb, "merge"))
    n_args = 2;
  else if (g_str_equal (verb, "show") || g_str_equal (verb, "hide") ||
           g_str_equal (verb, "unhide") || g_str_equal (verb, "accept"))
    n_args = 1;
  else
    {
      dossier_cli_error (_("“%s” is not something “entity” can do. It can show, rename, merge, hide, unhide or accept."),
                         verb);
      return DOSSIER_CLI_USAGE;
    }

  if (argc - 2 != n_args)
    {
      if (g_str_equal (verb, "rename"))
        dossier_cli_error ("%s", _("Usage: dossier-cli entity rename KEY|NAME NEW-NAME"));
      else if (g_str_equal (verb, "merge"))
        dossier_cli_error ("%s", _("Usage: dossier-cli entity merge FROM INTO (the first is merged into the second)"));
      else
        /* Translators: %s is show, hide, unhide or accept. */
        dossier_cli_error (_("Usage: dossier-cli entity %s KEY|NAME"), verb);
      return DOSSIER_CLI_USAGE;
    }

  if (!(store = dossier_cli_get_store (ctx)))
    return DOSSIER_CLI_REFUSED;
  if (!(entity = find_entity (store, argv[2])))
    return DOSSIER_CLI_REFUSED;

  if (g_str_equal (verb, "show"))
    return entity_show (ctx, store, entity);

  if (g_str_equal (verb, "rename"))
    {
      if (!dossier_store_rename_entity (store, entity->id, argv[3], &error))
        goto fail;
      /* Translators: “United Nations Office on Drugs and Crime” (org:unodc) is now called “UNODC”. */
      sentence = g_strdup_printf (_("“%s” (%s) is now called “%s”."), entity->name, entity->key,
                                  g_strstrip (argv[3]));
    }
  else if (g_str_equal (verb, "merge"))
    {
      if (!(into = find_entity (store, argv[3])))
        return DOSSIER_CLI_REFUSED;
      if (!dossier_store_merge_entities (store, entity->id, into->id, &error))
        goto fail;
      /* Translators: the entity merged away, then the one that remains, each with its key. */
      sentence = g_strdup_printf (_("Merged “%s” (%s) into “%s” (%s)."), entity->name, entity->key,
                                  into->name, into->key);
      return print_entity_result (ctx, store, into->id, sentence);
    }
  else if (g_str_equal (verb, "hide"))
    {
      if (!dossier_store_set_entity_hidden (store, entity->id, TRUE, &error))
        goto fail;
      /* Translators: an entity's name, then its key in brackets. */
      sentence = g_strdup_printf (_("“%s” (%s) is hidden from lists and the graph."), entity->name,
                                  entity->key);
    }
  else if (g_str_equal (verb, "unhide"))
    {
      if (!dossier_store_set_entity_hidden (store, entity->id, FALSE, &error))
        goto fail;
      /* Translators: an entity's name, then its key in brackets. */
      sentence = g_strdup_printf (_("“%s” (%s) is shown again."), entity->name, entity->key);
    }
  else
    {
      if (!dossier_store_accept_entity (store, entity->id, &error))
        goto fail;
      /* Translators: an entity's name, then its key in brackets. */
      sentence = g_strdup_printf (_("“%s” (%s) is accepted as a real entity."), entity->name,
                                  entity->key);
    }

  return print_entity_result (ctx, store, entity->id, sentence);

fail:
  dossier_cli_error ("%s", error->message);
  return DOSSIER_CLI_REFUSED;
}
