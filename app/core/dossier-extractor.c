/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Entity and relation extraction. The extractor owns the gazetteer and its
 * automaton, both read-only once built, so one extractor serves any number of
 * concurrent runs; everything a run learns (acronyms, people, the mentions that
 * "the Conference" may refer to) lives in that run's own state.
 *
 * A run reads the document twice. The first pass matches the gazetteer and finds
 * definitions ("International Organization for Migration (IOM)", people named with
 * an honorific) so that the second pass, which runs every recogniser and reads the
 * relations, already knows what the document itself taught.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "dossier-extractor.h"
#include "dossier-gazetteer.h"
#include "dossier-limits.h"
#include "dossier-matcher.h"
#include "dossier-paths.h"
#include "dossier-recognisers.h"

/* Blocks naming more entities than this are lists (of notes, of country reports):
 * their documents and places are left out of co-mention. */
#define CO_MENTION_BUSY_BLOCK 12
/* ... and with more than this even after that, the block gives no co-mention. */
#define CO_MENTION_MAX_ENTITIES 20
/* How many earlier mentions "the Conference" may look back over. */
#define ANAPHOR_LOOKBACK 400

struct _DossierExtractor
{
  GObject           parent_instance;

  DossierGazetteer *gazetteer;
};

G_DEFINE_FINAL_TYPE (DossierExtractor, dossier_extractor, G_TYPE_OBJECT)

typedef enum
{
  PRIORITY_PHRASE = 1,
  PRIORITY_PERSON,
  PRIORITY_GAZETTEER,
  PRIORITY_LEARNED,
  PRIORITY_PATTERN,     /* symbols and resolutions */
} Priority;

/* A candidate mention while a block is being resolved. */
typedef struct
{
  guint             norm_start;
  guint             norm_end;
  const char       *key;          /* owned by the run's entity table */
  const char       *recogniser;
  Priority          priority;
  DossierCandidate *candidate;    /* pattern recognisers' details, may be NULL */
  gboolean          dropped;
} Found;

typedef struct
{
  char    *text;
  char    *key;
  guint    from_block;
} Learned;

typedef struct
{
  guint       block;
  guint       norm_start;
  guint       norm_end;
  const char *key;
  const char *kind;
  char       *name_folded;
} HistoryItem;

typedef struct
{
  const DossierGazetteer      *gazetteer;
  const DossierParsedDocument *doc;
  DossierExtraction           *extraction;
  GHashTable                  *entities;      /* key -> DossierEntityDef* (in extraction) */
  GHashTable                  *relations;     /* "s\x1ft\x1fk" -> DossierRelationDef* */
  char                        *document_key;
  const char                  *year_organ;
  const char                  *commission_organ;

  /* First pass */
  GPtrArray                   *texts;         /* of DossierText*, NULL for bad blocks */
  GPtrArray                   *gazetteer_hits; /* of GArray of DossierMatch, per block */
  GPtrArray                   *nested_hits;   /* of GArray of guint entry indices, per block:
                                               * every name matched, inside others too */
  GPtrArray                   *phrase_hits;   /* of GPtrArray of DossierCandidate, per block */
  GPtrArray                   *person_hits;   /* of GPtrArray of DossierCandidate, per block */
  GPtrArray                   *learned;       /* of Learned* */
  GHashTable                  *surnames;      /* surname -> person key */
  DossierMatcher              *learned_matcher;

  /* Second pass */
  GArray                      *history;       /* of HistoryItem */
  GPtrArray                   *seen;          /* of DossierGazetteerEntry*, in the order first named */
  GHashTable                  *seen_names;    /* key -> GPtrArray of " folded name " and aliases */
  GHashTable                  *short_forms;   /* folded phrase -> key, or "" for none */
  guint                        block_index;
  const DossierSpan           *block_spans;
  guint                        n_block_spans;
  char                       **block_folded;  /* each span's name lower-cased */
} Run;

/* Entities */

static DossierEntityDef *
lookup_entity (Run        *run,
               const char *key)
{
  return g_hash_table_lookup (run->entities, key);
}

static DossierEntityDef *
entity_from_gazetteer (const DossierGazetteerEntry *entry)
{
  DossierEntityDef *def = dossier_entity_def_new (entry->key, entry->kind, entry->name, "gazetteer");

  def->short_name = g_strdup (entry->short_name);
  def->parent_key = g_strdup (entry->parent_key);
  def->confidence = 1.0;
  for (guint i = 0; i < entry->aliases->len; i++)
    g_ptr_array_add (def->aliases, g_strdup (g_ptr_array_index (entry->aliases, i)));

  return def;
}

/* The run's definition of @key: the gazetteer's if it has one, else a new
 * pattern entity made from the arguments. */
static DossierEntityDef *
ensure_entity (Run        *run,
               const char *key,
               const char *kind,
               const char *name,
               double      confidence)
{
  DossierEntityDef *def = lookup_entity (run, key);
  const DossierGazetteerEntry *entry;

  if (def != NULL)
    {
      if (g_strcmp0 (def->origin, "pattern") == 0)
        def->confidence = MAX (def->confidence, confidence);
      return def;
    }

  entry = dossier_gazetteer_lookup (run->gazetteer, key);
  if (entry != NULL)
    def = entity_from_gazetteer (entry);
  else
    {
      if (kind == NULL || name == NULL)
        return NULL;
      def = dossier_entity_def_new (key, kind, name, "pattern");
      def->confidence = confidence;
    }

  g_ptr_array_add (run->extraction->entities, def);
  g_hash_table_insert (run->entities, def->key, def);

  return def;
}

static void
add_alias (DossierEntityDef *def,
           const char       *alias)
{
  if (g_strcmp0 (def->name, alias) == 0 || g_strcmp0 (def->short_name, alias) == 0)
    return;
  for (guint i = 0; i < def->aliases->len; i++)
    if (g_str_equal (g_ptr_array_index (def->aliases, i), alias))
      return;

  g_ptr_array_add (def->aliases, g_strdup (alias));
}

/* Relations */

static DossierRelationDef *
relation (Run        *run,
          const char *source,
          const char *target,
          const char *kind,
          const char *origin,
          const char *verb,
          gboolean    directed,
          guint       block)
{
  g_autofree char *id = NULL;
  DossierRelationDef *def;

  if (source == NULL || target == NULL || g_str_equal (source, target))
    return NULL;
  if (lookup_entity (run, source) == NULL || lookup_entity (run, target) == NULL)
    return NULL;

  /* An undirected relation is one relation whichever way it is read. */
  if (!directed && strcmp (source, target) > 0)
    {
      const char *tmp = source;
      source = target;
      target = tmp;
    }

  id = g_strjoin ("\x1f", source, target, kind, NULL);
  def = g_hash_table_lookup (run->relations, id);
  if (def == NULL)
    {
      def = dossier_relation_def_new (source, target, kind, origin);
      def->verb = g_strdup (verb);
      def->directed = directed;
      g_ptr_array_add (run->extraction->relations, def);
      g_hash_table_insert (run->relations, g_steal_pointer (&id), def);
    }

  /* Blocks are read in order, so a block already recorded is the last one. */
  if (def->evidence->len == 0 || g_array_index (def->evidence, guint, def->evidence->len - 1) != block)
    g_array_append_val (def->evidence, block);

  return def;
}

/* The document's own node */

static char *
document_key (const DossierParsedDocument *doc)
{
  g_autofree char *base = NULL;
  g_autofree char *slug = NULL;
  char *dot;

  if (doc->symbol != NULL && *doc->symbol != '\0')
    {
      g_autoptr(GString) symbol = g_string_new (NULL);

      for (const char *p = doc->symbol; *p != '\0'; p++)
        if (!g_ascii_isspace (*p))
          g_string_append_c (symbol, *p);
      if (symbol->len > 0)
        return dossier_symbol_to_key (symbol->str, NULL);
    }

  base = g_path_get_basename (doc->source_name != NULL ? doc->source_name : "document");
  dot = strrchr (base, '.');
  if (dot != NULL && dot != base)
    *dot = '\0';
  slug = dossier_slugify (base);

  return g_strconcat ("doc:~", *slug != '\0' ? slug : "document", NULL);
}

/* Anaphora: "the Conference", "this Protocol" */

static gboolean
name_has_word (const char *name_folded,
               const char *word)
{
  gsize length = strlen (word);

  for (const char *p = strstr (name_folded, word); p != NULL; p = strstr (p + 1, word))
    {
      gboolean start_ok = p == name_folded || !g_ascii_isalnum (p[-1]);
      gboolean end_ok = !g_ascii_isalnum (p[length]) ||
                        (p[length] == 's' && !g_ascii_isalnum (p[length + 1]));

      if (start_ok && end_ok)
        return TRUE;
    }

  return FALSE;
}

static gboolean
kinds_contain (const char * const *kinds,
               const char         *kind)
{
  if (kinds == NULL)
    return TRUE;
  for (guint i = 0; kinds[i] != NULL; i++)
    if (g_strcmp0 (kinds[i], kind) == 0)
      return TRUE;

  return FALSE;
}

static gboolean
anaphor_fits (const char         *head,
              const char * const *kinds,
              const char         *kind,
              const char         *name_folded)
{
  if (!kinds_contain (kinds, kind))
    return FALSE;
  if (g_str_equal (head, "resolution") || g_str_equal (head, "decision"))
    return g_strcmp0 (kind, "resolution") == 0;
  if (g_str_equal (head, "report"))
    return g_strcmp0 (kind, "document") == 0;
  if (g_str_equal (head, "egm"))
    return g_strcmp0 (kind, "meeting") == 0 && name_has_word (name_folded, "expert group meeting");

  return name_has_word (name_folded, head);
}

static const char *
resolve_anaphor (gpointer            user_data,
                 const char         *head,
                 const char * const *kinds,
                 guint               norm_pos)
{
  Run *run = user_data;
  guint looked = 0;

  /* Earlier in this block first. */
  for (guint i = run->n_block_spans; i > 0; i--)
    {
      const DossierSpan *span = &run->block_spans[i - 1];

      if (span->norm_end > norm_pos)
        continue;
      if (anaphor_fits (head, kinds, span->kind, run->block_folded[i - 1]))
        return span->key;
    }

  for (guint i = run->history->len; i > 0 && looked < ANAPHOR_LOOKBACK; i--, looked++)
    {
      const HistoryItem *item = &g_array_index (run->history, HistoryItem, i - 1);

      if (item->block == run->block_index)
        continue;
      if (anaphor_fits (head, kinds, item->kind, item->name_folded))
        return item->key;
    }

  return NULL;
}

static void
history_item_clear (gpointer data)
{
  HistoryItem *item = data;

  g_free (item->name_folded);
}

static void
learned_free (Learned *learned)
{
  g_free (learned->text);
  g_free (learned->key);
  g_free (learned);
}

/* First pass */

static const DossierMatch *
gazetteer_hit_ending_at (GArray *hits,
                         guint   norm_end,
                         guint   earliest_start)
{
  for (guint i = 0; i < hits->len; i++)
    {
      const DossierMatch *m = &g_array_index (hits, DossierMatch, i);

      if (m->norm_end == norm_end && m->norm_start + 40 >= earliest_start)
        return m;
    }

  return NULL;
}

static void
learn (Run        *run,
       const char *text,
       const char *key,
       guint       block)
{
  Learned *learned;
  const DossierGazetteerEntry *entry = dossier_gazetteer_lookup (run->gazetteer, key);

  for (guint i = 0; i < run->learned->len; i++)
    {
      Learned *other = g_ptr_array_index (run->learned, i);

      /* The first definition in the document stands. */
      if (g_str_equal (other->text, text))
        return;
    }

  /* Nothing to learn if the gazetteer already calls this entity so. */
  if (entry != NULL)
    {
      if (g_strcmp0 (entry->name, text) == 0 || g_strcmp0 (entry->short_name, text) == 0)
        return;
      for (guint i = 0; i < entry->aliases->len; i++)
        if (g_str_equal (g_ptr_array_index (entry->aliases, i), text))
          return;
    }

  learned = g_new0 (Learned, 1);
  learned->text = g_strdup (text);
  learned->key = g_strdup (key);
  learned->from_block = block;
  g_ptr_array_add (run->learned, learned);
}

static const DossierCandidate *
phrase_ending_at (GPtrArray *phrases,
                  guint      norm_end)
{
  for (guint i = 0; i < phrases->len; i++)
    {
      const DossierCandidate *c = g_ptr_array_index (phrases, i);

      if (c->norm_end == norm_end)
        return c;
    }

  return NULL;
}

static const char *
entry_name_for_hit (Run                *run,
                    const DossierMatch *m)
{
  return dossier_gazetteer_get_entry (run->gazetteer, m->value)->name;
}

/* Links a definition to the entity it defines, and learns its short form. */
static void
learn_definition (Run                     *run,
                  guint                    block,
                  const DossierText       *text,
                  const DossierDefinition *def)
{
  GArray *hits = g_ptr_array_index (run->gazetteer_hits, block);
  GPtrArray *phrases = g_ptr_array_index (run->phrase_hits, block);

  if (def->is_acronym)
    {
      const DossierMatch *hit = gazetteer_hit_ending_at (hits, def->long_end, def->long_start);
      const DossierCandidate *phrase;
      g_autofree char *long_form = NULL;
      const char *kind = "organisation";
      guint last;

      if (hit != NULL)
        {
          learn (run, def->short_text, dossier_gazetteer_get_entry (run->gazetteer, hit->value)->key, block);
          return;
        }

      phrase = phrase_ending_at (phrases, def->long_end);
      if (phrase != NULL)
        {
          DossierEntityDef *entity = ensure_entity (run, phrase->key, phrase->kind, phrase->name,
                                                    phrase->confidence + 0.1);
          if (entity != NULL)
            {
              add_alias (entity, def->short_text);
              learn (run, def->short_text, phrase->key, block);
            }
          return;
        }

      /* A capitalised long form the gazetteer does not know: a new entity. */
      long_form = dossier_text_dup_slice (text, text->starts[def->long_start],
                                          text->ends[def->long_end - 1]);
      if (!g_unichar_isupper (text->cased[def->long_start]))
        return;
      {
        g_auto(GStrv) words = g_strsplit (long_form, " ", -1);
        guint capitals = 0, total = g_strv_length (words);

        for (guint i = 0; i < total; i++)
          if (words[i][0] != '\0' && g_unichar_isupper (g_utf8_get_char (words[i])))
            capitals++;
        if (capitals < 2 || capitals * 2 < total)
          return;
        for (last = total; last > 0; last--)
          {
            const char *k = dossier_kind_for_head (words[last - 1], NULL);

            if (k != NULL)
              {
                kind = k;
                break;
              }
          }
      }
      {
        g_autofree char *key = dossier_pattern_key (kind, long_form);
        DossierEntityDef *entity = ensure_entity (run, key, kind, long_form, 0.7);

        if (entity != NULL)
          {
            entity->short_name = entity->short_name != NULL ? entity->short_name
                                                            : g_strdup (def->short_text);
            learn (run, def->short_text, key, block);
            learn (run, long_form, key, block);
          }
      }
      return;
    }

  /* (the “Trafficking in Persons Protocol”): the nearest earlier mention in the
   * block whose name shares the defined term's last word. */
  {
    const char *last_word = strrchr (def->short_text, ' ');
    g_autofree char *head = g_utf8_strdown (last_word != NULL ? last_word + 1 : def->short_text, -1);
    const char *best = NULL;
    guint best_end = 0;

    for (guint i = 0; i < hits->len; i++)
      {
        const DossierMatch *m = &g_array_index (hits, DossierMatch, i);
        g_autofree char *name = g_utf8_strdown (entry_name_for_hit (run, m), -1);

        if (m->norm_end > def->long_start || m->norm_end + 400 < def->long_start)
          continue;
        if (m->norm_end >= best_end && name_has_word (name, head))
          {
            best = dossier_gazetteer_get_entry (run->gazetteer, m->value)->key;
            best_end = m->norm_end;
          }
      }
    for (guint i = 0; i < phrases->len; i++)
      {
        const DossierCandidate *c = g_ptr_array_index (phrases, i);
        g_autofree char *name = g_utf8_strdown (c->name, -1);

        if (c->norm_end > def->long_start || c->norm_end + 400 < def->long_start)
          continue;
        if (c->norm_end > best_end && name_has_word (name, head))
          {
            DossierEntityDef *entity = ensure_entity (run, c->key, c->kind, c->name, c->confidence);

            if (entity != NULL)
              {
                best = entity->key;
                best_end = c->norm_end;
              }
          }
      }

    if (best != NULL)
      {
        DossierEntityDef *entity = lookup_entity (run, best);

        if (entity != NULL && g_strcmp0 (entity->origin, "pattern") == 0)
          add_alias (entity, def->short_text);
        learn (run, def->short_text, best, block);
      }
  }
}

/* "Mrs. Chowdhury" after "Renuka Chowdhury": the surname alone is the person
 * named in full elsewhere in the document. */
static char *
full_name_in_document (Run        *run,
                       const char *surname)
{
  g_autofree char *pattern = NULL;
  g_autoptr(GRegex) regex = NULL;

  pattern = g_strdup_printf ("(?<![\\w.])((?:\\p{Lu}[\\w'-]+ ){1,2})%s\\b", surname);
  regex = g_regex_new (pattern, G_REGEX_OPTIMIZE, 0, NULL);
  if (regex == NULL)
    return NULL;

  for (guint b = 0; b < run->doc->blocks->len; b++)
    {
      const DossierBlock *block = g_ptr_array_index (run->doc->blocks, b);
      g_autoptr(GMatchInfo) info = NULL;

      if (block->text == NULL || run->texts->pdata[b] == NULL)
        continue;
      if (strstr (block->text, surname) == NULL)
        continue;
      if (g_regex_match (regex, block->text, 0, &info))
        {
          while (g_match_info_matches (info))
            {
              g_autofree char *given = g_match_info_fetch (info, 1);
              g_autofree char *first = NULL;
              char *space = strchr (given, ' ');

              first = g_strndup (given, space != NULL ? (gsize) (space - given) : strlen (given));
              /* "Ms", "The", "Minister" are not first names. */
              if (dossier_kind_for_head (first, NULL) == NULL &&
                  !g_str_has_suffix (first, "s") && strlen (first) > 2 &&
                  g_strcmp0 (first, "The") != 0 && g_strcmp0 (first, "Minister") != 0 &&
                  g_strcmp0 (first, "President") != 0 && g_strcmp0 (first, "Director") != 0 &&
                  g_strcmp0 (first, "Professor") != 0 && g_strcmp0 (first, "Madam") != 0)
                return g_strconcat (given, surname, NULL);
              g_match_info_next (info, NULL);
            }
        }
    }

  return NULL;
}

static void
first_pass (Run *run)
{
  const DossierMatcher *matcher = dossier_gazetteer_get_matcher (run->gazetteer);

  for (guint b = 0; b < run->doc->blocks->len; b++)
    {
      const DossierBlock *block = g_ptr_array_index (run->doc->blocks, b);
      DossierText *text = dossier_text_new (block != NULL ? block->text : NULL);
      GArray *hits = g_array_new (FALSE, FALSE, sizeof (DossierMatch));
      GArray *nested = g_array_new (FALSE, FALSE, sizeof (guint));
      GPtrArray *phrases = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_candidate_free);
      GPtrArray *persons = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_candidate_free);
      g_autoptr(GPtrArray) definitions = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_definition_free);

      g_ptr_array_add (run->texts, text);
      g_ptr_array_add (run->gazetteer_hits, hits);
      g_ptr_array_add (run->nested_hits, nested);
      g_ptr_array_add (run->phrase_hits, phrases);
      g_ptr_array_add (run->person_hits, persons);
      if (text == NULL)
        continue;

      dossier_matcher_scan (matcher, text, hits);
      for (guint i = 0; i < hits->len; i++)
        g_array_append_val (nested, g_array_index (hits, DossierMatch, i).value);
      dossier_matches_select_longest (hits);
      dossier_recognise_names (text, phrases, persons);

      dossier_find_definitions (text, definitions);
      for (guint i = 0; i < definitions->len; i++)
        learn_definition (run, b, text, g_ptr_array_index (definitions, i));

      /* People the gazetteer knows, by surname. */
      for (guint i = 0; i < hits->len; i++)
        {
          const DossierGazetteerEntry *entry =
            dossier_gazetteer_get_entry (run->gazetteer, g_array_index (hits, DossierMatch, i).value);
          const char *space;

          if (!g_str_equal (entry->kind, "person") || (space = strrchr (entry->name, ' ')) == NULL)
            continue;
          if (!g_hash_table_contains (run->surnames, space + 1))
            g_hash_table_insert (run->surnames, g_strdup (space + 1), g_strdup (entry->key));
        }
    }

  /* People named with an honorific: full names first, then lone surnames. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint b = 0; b < run->person_hits->len; b++)
      {
        GPtrArray *persons = g_ptr_array_index (run->person_hits, b);

        for (guint i = 0; i < persons->len; i++)
          {
            DossierCandidate *c = g_ptr_array_index (persons, i);
            const char *space = strrchr (c->name, ' ');

            if (pass == 0 && space != NULL)
              {
                c->key = dossier_pattern_key ("person", c->name);
                if (!g_hash_table_contains (run->surnames, space + 1))
                  g_hash_table_insert (run->surnames, g_strdup (space + 1), g_strdup (c->key));
              }
            else if (pass == 1 && space == NULL)
              {
                const char *known = g_hash_table_lookup (run->surnames, c->name);
                g_autofree char *full = NULL;

                if (known != NULL)
                  c->key = g_strdup (known);
                else if ((full = full_name_in_document (run, c->name)) != NULL)
                  {
                    g_free (c->name);
                    c->name = g_steal_pointer (&full);
                    c->key = dossier_pattern_key ("person", c->name);
                    g_hash_table_insert (run->surnames, g_strdup (strrchr (c->name, ' ') + 1),
                                         g_strdup (c->key));
                    learn (run, c->name, c->key, 0);
                  }
                else
                  c->key = dossier_pattern_key ("person", c->name);
              }
          }
      }

  if (run->learned->len > 0)
    {
      run->learned_matcher = dossier_matcher_new ();
      for (guint i = 0; i < run->learned->len; i++)
        {
          Learned *learned = g_ptr_array_index (run->learned, i);
          DossierMatchFlags flags = DOSSIER_MATCH_PLURAL;

          if (dossier_gazetteer_alias_is_acronym (learned->text))
            flags |= DOSSIER_MATCH_CASE_SENSITIVE;
          dossier_matcher_add (run->learned_matcher, learned->text, i, flags);
        }
      dossier_matcher_build (run->learned_matcher);
    }
}

/* Second pass */

static int
compare_found (gconstpointer a,
               gconstpointer b)
{
  const Found *fa = a, *fb = b;
  guint la = fa->norm_end - fa->norm_start, lb = fb->norm_end - fb->norm_start;

  if (la != lb)
    return la > lb ? -1 : 1;
  if (fa->priority != fb->priority)
    return fa->priority > fb->priority ? -1 : 1;
  if (fa->norm_start != fb->norm_start)
    return fa->norm_start < fb->norm_start ? -1 : 1;
  return 0;
}

static int
compare_found_position (gconstpointer a,
                        gconstpointer b)
{
  const Found *fa = a, *fb = b;

  if (fa->norm_start != fb->norm_start)
    return fa->norm_start < fb->norm_start ? -1 : 1;
  return fa->norm_end < fb->norm_end ? -1 : (fa->norm_end > fb->norm_end ? 1 : 0);
}

static void
add_found (GArray           *found,
           guint             norm_start,
           guint             norm_end,
           const char       *key,
           const char       *recogniser,
           Priority          priority,
           DossierCandidate *candidate)
{
  Found f = { 0, };

  if (key == NULL || norm_end <= norm_start)
    return;

  f.norm_start = norm_start;
  f.norm_end = norm_end;
  f.key = key;
  f.recogniser = recogniser;
  f.priority = priority;
  f.candidate = candidate;
  g_array_append_val (found, f);
}

/* Keeps the longest of overlapping mentions (higher priority on a tie); then lets
 * a phrase replace the gazetteer names inside it, unless its head word is itself
 * part of a known name. */
/* Whether the words of @text in [@start, @end) say more than "United Nations". */
static gboolean
qualifies (const DossierText *text,
           guint              start,
           guint              end)
{
  static const char * const plain[] = {
    "united", "nations", "un", "the", "draft", "proposed", "revised", NULL
  };
  gboolean more = FALSE;
  guint i = start;

  while (i < end)
    {
      guint w = i;
      g_autofree char *word = NULL;

      while (w < end && dossier_text_is_word_char (text->folded[w]))
        w++;
      if (w > i)
        {
          word = g_ucs4_to_utf8 (text->folded + i, w - i, NULL, NULL, NULL);
          /* "A and the B Council" is a list, not one name. */
          if (word == NULL || g_str_equal (word, "and"))
            return FALSE;
          if (!g_strv_contains (plain, word))
            more = TRUE;
        }
      i = w + 1;
    }

  return more;
}

/* A phrase whose head is inside a gazetteer name that ends it may still be
 * another entity, when capitalised words the gazetteer does not know come
 * before that name: the "Australian Crime Commission", a "National Working
 * Group on Trafficking in Persons". */
static gboolean
is_ancestor (const DossierGazetteer *gazetteer,
             const char             *ancestor,
             const char             *key)
{
  const DossierGazetteerEntry *entry = dossier_gazetteer_lookup (gazetteer, key);

  for (guint depth = 0; entry != NULL && entry->parent_key != NULL && depth < 16; depth++)
    {
      if (g_str_equal (entry->parent_key, ancestor))
        return TRUE;
      entry = dossier_gazetteer_lookup (gazetteer, entry->parent_key);
    }

  return FALSE;
}

/* ... also when the words before it name another organisation: the "OAS
 * Permanent Council" is not the OSCE's, but the "ILO International Programme
 * on the Elimination of Child Labour" is the ILO's own IPEC. */
static gboolean
extends_known_name (const DossierGazetteer *gazetteer,
                    const DossierText      *text,
                    GArray                 *kept,
                    const Found            *phrase)
{
  const DossierCandidate *c = phrase->candidate;
  const Found *known = NULL;

  for (guint k = 0; k < kept->len; k++)
    {
      const Found *o = &g_array_index (kept, Found, k);

      if (!o->dropped && o->norm_start <= c->head_start && c->head_end <= o->norm_end &&
          o->norm_end > phrase->norm_start && phrase->norm_end > o->norm_start)
        known = o;
    }
  if (known == NULL || known->priority != PRIORITY_GAZETTEER ||
      known->norm_start <= phrase->norm_start || known->norm_end != phrase->norm_end ||
      !qualifies (text, phrase->norm_start, known->norm_start))
    return FALSE;

  for (guint k = 0; k < kept->len; k++)
    {
      const Found *o = &g_array_index (kept, Found, k);

      if (o == known || o->dropped || o->norm_end <= phrase->norm_start || phrase->norm_end <= o->norm_start)
        continue;
      /* Partly outside the phrase ("... Drugs and Crime and Vital Voices"), or
       * what the known name belongs to. */
      if (o->norm_start < phrase->norm_start || o->priority != PRIORITY_GAZETTEER ||
          is_ancestor (gazetteer, o->key, known->key))
        return FALSE;
    }

  return TRUE;
}

static GArray *
resolve_block (const DossierGazetteer *gazetteer,
               const DossierText      *text,
               GArray                 *found,
               guint                   n_norm)
{
  g_autofree guint8 *taken = g_new0 (guint8, n_norm + 1);
  GArray *kept = g_array_new (FALSE, FALSE, sizeof (Found));

  g_array_sort (found, compare_found);

  for (guint i = 0; i < found->len; i++)
    {
      Found *f = &g_array_index (found, Found, i);
      gboolean overlaps = FALSE;

      if (f->priority == PRIORITY_PHRASE)
        continue;
      for (guint c = f->norm_start; c < f->norm_end && !overlaps; c++)
        overlaps = taken[c] != 0;
      if (overlaps)
        continue;
      memset (taken + f->norm_start, (guint8) f->priority, f->norm_end - f->norm_start);
      g_array_append_val (kept, *f);
    }

  for (guint i = 0; i < found->len; i++)
    {
      Found *f = &g_array_index (found, Found, i);
      const DossierCandidate *c = f->candidate;
      gboolean blocked = FALSE;

      if (f->priority != PRIORITY_PHRASE)
        continue;

      for (guint p = c->head_start; p < c->head_end && !blocked; p++)
        blocked = taken[p] != 0;
      if (blocked && extends_known_name (gazetteer, text, kept, f))
        {
          for (guint k = 0; k < kept->len; k++)
            {
              Found *o = &g_array_index (kept, Found, k);

              if (!o->dropped && o->norm_start >= f->norm_start && o->norm_end <= f->norm_end)
                o->dropped = TRUE;
            }
          memset (taken + f->norm_start, PRIORITY_PHRASE, f->norm_end - f->norm_start);
          g_array_append_val (kept, *f);
          continue;
        }
      /* Partly overlapping a kept mention, or containing a symbol or resolution. */
      for (guint k = 0; k < kept->len && !blocked; k++)
        {
          const Found *o = &g_array_index (kept, Found, k);

          if (o->dropped || o->norm_end <= f->norm_start || f->norm_end <= o->norm_start)
            continue;
          if (o->norm_start < f->norm_start || o->norm_end > f->norm_end ||
              o->priority == PRIORITY_PATTERN || o->priority == PRIORITY_PHRASE)
            blocked = TRUE;
        }
      if (blocked)
        continue;

      for (guint k = 0; k < kept->len; k++)
        {
          Found *o = &g_array_index (kept, Found, k);

          if (!o->dropped && o->norm_start >= f->norm_start && o->norm_end <= f->norm_end)
            o->dropped = TRUE;
        }
      memset (taken + f->norm_start, PRIORITY_PHRASE, f->norm_end - f->norm_start);
      g_array_append_val (kept, *f);
    }

  for (guint k = kept->len; k > 0; k--)
    if (g_array_index (kept, Found, k - 1).dropped)
      g_array_remove_index_fast (kept, k - 1);
  g_array_sort (kept, compare_found_position);

  return kept;
}

/* " united nations office on drugs and crime ": a name with a space at each
 * end, so that a run of words is a plain substring. */
static char *
padded_fold (const char *text)
{
  g_autofree char *folded = g_utf8_strdown (text, -1);

  return g_strconcat (" ", folded, " ", NULL);
}

/* Remembers that the document has named a gazetteer entity. */
static void
note_seen (Run                         *run,
           const DossierGazetteerEntry *entry)
{
  GPtrArray *names;

  if (entry == NULL || g_hash_table_contains (run->seen_names, entry->key))
    return;

  names = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (names, padded_fold (entry->name));
  for (guint i = 0; i < entry->aliases->len; i++)
    g_ptr_array_add (names, padded_fold (g_ptr_array_index (entry->aliases, i)));
  g_hash_table_insert (run->seen_names, entry->key, names);
  g_ptr_array_add (run->seen, (gpointer) entry);
  /* What a phrase is short for may now be this entity. */
  g_hash_table_remove_all (run->short_forms);
}

/* "The Task Force on Trafficking" after "the Stability Pact Task Force on
 * Trafficking in Human Beings", "its Trafficking Programme" after "the OHCHR
 * Trafficking Programme": a phrase that is a run of words of a known entity of
 * the same kind named earlier in the document is a short form of it (the one
 * named last, when several are). Answers are cached until the document names
 * a new entity, so that a document repeating a phrase costs linear time. */
static const char *
short_form_of (Run                    *run,
               const DossierCandidate *candidate)
{
  g_autofree char *phrase = padded_fold (candidate->name);
  const char *cached = g_hash_table_lookup (run->short_forms, phrase);
  const char *found = NULL;

  if (cached != NULL)
    return *cached != '\0' ? cached : NULL;

  for (guint i = run->seen->len; i > 0 && found == NULL; i--)
    {
      const DossierGazetteerEntry *entry = g_ptr_array_index (run->seen, i - 1);
      GPtrArray *names;

      if (g_strcmp0 (entry->kind, candidate->kind) != 0)
        continue;
      names = g_hash_table_lookup (run->seen_names, entry->key);
      for (guint n = 0; n < names->len && found == NULL; n++)
        if (strstr (g_ptr_array_index (names, n), phrase) != NULL)
          found = entry->key;
    }

  g_hash_table_insert (run->short_forms, g_steal_pointer (&phrase), (gpointer) (found != NULL ? found : ""));

  return found;
}

static gboolean
key_is_organ (const char *key)
{
  return dossier_organ_for_key (key) != NULL;
}

static void
co_mentions (Run       *run,
             GPtrArray *keys,
             guint      block)
{
  g_autoptr(GPtrArray) chosen = g_ptr_array_new ();

  for (guint i = 0; i < keys->len; i++)
    g_ptr_array_add (chosen, g_ptr_array_index (keys, i));

  if (chosen->len > CO_MENTION_BUSY_BLOCK)
    {
      for (guint i = chosen->len; i > 0; i--)
        {
          DossierEntityDef *def = lookup_entity (run, g_ptr_array_index (chosen, i - 1));

          if (g_strcmp0 (def->kind, "document") == 0 || g_strcmp0 (def->kind, "place") == 0)
            g_ptr_array_remove_index (chosen, i - 1);
        }
      if (chosen->len > CO_MENTION_MAX_ENTITIES)
        return;
    }

  for (guint i = 0; i < chosen->len; i++)
    for (guint j = i + 1; j < chosen->len; j++)
      relation (run, g_ptr_array_index (chosen, i), g_ptr_array_index (chosen, j),
                "co-mention", "extracted", NULL, FALSE, block);
}

/* The gazetteer's relations between entities named in the same block. A name
 * inside another counts for this ("the Protocol ..., supplementing the United
 * Nations Convention against Transnational Organized Crime" is one mention of
 * the Protocol, but names the Convention it supplements). */
static void
curated_relations (Run       *run,
                   GPtrArray *keys,
                   guint      block)
{
  g_autoptr(GHashTable) present = g_hash_table_new (g_str_hash, g_str_equal);
  GArray *nested = g_ptr_array_index (run->nested_hits, block);

  for (guint i = 0; i < keys->len; i++)
    g_hash_table_add (present, g_ptr_array_index (keys, i));
  for (guint i = 0; i < nested->len; i++)
    {
      const DossierGazetteerEntry *entry =
        dossier_gazetteer_get_entry (run->gazetteer, g_array_index (nested, guint, i));

      g_hash_table_add (present, entry->key);
    }

  for (guint i = 0; i < keys->len; i++)
    {
      GArray *list = dossier_gazetteer_get_relations_of (run->gazetteer, g_ptr_array_index (keys, i));

      if (list == NULL)
        continue;
      for (guint k = 0; k < list->len; k++)
        {
          const DossierGazetteerRelation *r =
            dossier_gazetteer_get_relation (run->gazetteer, g_array_index (list, guint, k));

          /* Each relation is seen from its source only. */
          if (!g_str_equal (r->source_key, g_ptr_array_index (keys, i)) ||
              !g_hash_table_contains (present, r->target_key))
            continue;
          if (ensure_entity (run, r->target_key, NULL, NULL, 1.0) == NULL)
            continue;
          relation (run, r->source_key, r->target_key, r->kind, "gazetteer", r->verb, r->directed, block);
        }
    }
}

static void
second_pass_block (Run  *run,
                   guint b)
{
  const DossierText *text = g_ptr_array_index (run->texts, b);
  GArray *hits = g_ptr_array_index (run->gazetteer_hits, b);
  GPtrArray *phrases = g_ptr_array_index (run->phrase_hits, b);
  GPtrArray *persons = g_ptr_array_index (run->person_hits, b);
  g_autoptr(GPtrArray) patterns = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_candidate_free);
  g_autoptr(GPtrArray) cues = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_relation_cue_free);
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (Found));
  g_autoptr(GArray) organs = g_array_new (FALSE, FALSE, sizeof (DossierSpan));
  g_autoptr(GArray) learned_hits = g_array_new (FALSE, FALSE, sizeof (DossierMatch));
  g_autoptr(GArray) kept = NULL;
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (DossierSpan));
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(GStrv) folded = NULL;
  DossierResolutionContext res_ctx = { 0, };
  DossierRelationContext rel_ctx = { 0, };
  const DossierBlock *block = g_ptr_array_index (run->doc->blocks, b);

  if (text == NULL)
    return;

  run->block_index = b;

  /* Gazetteer names; organs also tell the resolution recogniser who adopted what. */
  for (guint i = 0; i < hits->len; i++)
    {
      const DossierMatch *m = &g_array_index (hits, DossierMatch, i);
      const DossierGazetteerEntry *entry = dossier_gazetteer_get_entry (run->gazetteer, m->value);
      DossierEntityDef *def = ensure_entity (run, entry->key, NULL, NULL, 1.0);

      add_found (found, m->norm_start, m->norm_end, def->key, "gazetteer", PRIORITY_GAZETTEER, NULL);
      if (key_is_organ (entry->key))
        {
          DossierSpan span = { m->norm_start, m->norm_end, def->key, def->kind, def->name };
          g_array_append_val (organs, span);
        }
    }

  if (run->learned_matcher != NULL)
    {
      dossier_matcher_scan (run->learned_matcher, text, learned_hits);
      for (guint i = 0; i < learned_hits->len; i++)
        {
          const DossierMatch *m = &g_array_index (learned_hits, DossierMatch, i);
          const Learned *learned = g_ptr_array_index (run->learned, m->value);
          DossierEntityDef *def;

          if (learned->from_block > b)
            continue;
          def = ensure_entity (run, learned->key, NULL, NULL, 0.7);
          if (def != NULL)
            add_found (found, m->norm_start, m->norm_end, def->key, "acronym", PRIORITY_LEARNED, NULL);
        }
    }

  dossier_recognise_symbols (text, patterns);
  res_ctx.year_organ = run->year_organ;
  res_ctx.commission_organ = run->commission_organ;
  res_ctx.organs = (const DossierSpan *) (gconstpointer) organs->data;
  res_ctx.n_organs = organs->len;
  dossier_recognise_resolutions (text, &res_ctx, patterns);

  for (guint i = 0; i < patterns->len; i++)
    {
      DossierCandidate *c = g_ptr_array_index (patterns, i);
      DossierEntityDef *def = ensure_entity (run, c->key, c->kind, c->name, c->confidence);

      if (def != NULL)
        add_found (found, c->norm_start, c->norm_end, def->key, c->recogniser, PRIORITY_PATTERN, c);
    }

  for (guint i = 0; i < persons->len; i++)
    {
      DossierCandidate *c = g_ptr_array_index (persons, i);

      /* Only a person the gazetteer does not know needs a pattern key. */
      if (c->key != NULL)
        add_found (found, c->norm_start, c->norm_end, c->key, "person", PRIORITY_PERSON, c);
    }
  for (guint i = 0; i < phrases->len; i++)
    {
      DossierCandidate *c = g_ptr_array_index (phrases, i);
      add_found (found, c->norm_start, c->norm_end, c->key, "phrase", PRIORITY_PHRASE, c);
    }

  kept = resolve_block (run->gazetteer, text, found, text->n_norm);
  if (kept->len > DOSSIER_LIMIT_MENTIONS_PER_BLOCK)
    g_array_set_size (kept, DOSSIER_LIMIT_MENTIONS_PER_BLOCK);

  for (guint i = 0; i < kept->len; i++)
    {
      const Found *f = &g_array_index (kept, Found, i);
      const DossierCandidate *c = f->candidate;
      const char *short_form = f->priority == PRIORITY_PHRASE && c != NULL ? short_form_of (run, c) : NULL;
      DossierEntityDef *def = short_form != NULL ? ensure_entity (run, short_form, NULL, NULL, 1.0)
                                                 : lookup_entity (run, f->key);
      guint start = text->starts[f->norm_start];
      guint end = text->ends[f->norm_end - 1];
      g_autofree char *surface = dossier_text_dup_slice (text, start, end);
      DossierSpan span;

      if (def == NULL && c != NULL)
        def = ensure_entity (run, f->key, c->kind, c->name, c->confidence);
      if (def == NULL)
        continue;

      g_ptr_array_add (run->extraction->mentions,
                       dossier_mention_def_new (b, start, end, def->key, surface, f->recogniser));
      note_seen (run, dossier_gazetteer_lookup (run->gazetteer, def->key));

      span.norm_start = f->norm_start;
      span.norm_end = f->norm_end;
      span.key = def->key;
      span.kind = def->kind;
      span.name = def->name;
      g_array_append_val (spans, span);

      if (!g_hash_table_contains (seen, def->key) && !g_str_equal (def->key, run->document_key))
        {
          g_hash_table_add (seen, def->key);
          g_ptr_array_add (keys, def->key);
        }

      /* "General Assembly resolution 55/67": the Assembly adopted it. */
      if (c != NULL && c->organ_key != NULL && ensure_entity (run, c->organ_key, NULL, NULL, 1.0) != NULL)
        relation (run, def->key, c->organ_key, "adopted-by", "extracted", c->verb, TRUE, b);
    }

  /* The document mentions what its blocks mention. */
  for (guint i = 0; i < keys->len; i++)
    relation (run, run->document_key, g_ptr_array_index (keys, i), "mentions", "extracted",
              NULL, TRUE, b);

  co_mentions (run, keys, b);
  curated_relations (run, keys, b);

  /* The names lower-cased once, for the anaphora and then the history. */
  folded = g_new0 (char *, spans->len + 1);
  for (guint i = 0; i < spans->len; i++)
    {
      const DossierSpan *span = &g_array_index (spans, DossierSpan, i);

      folded[i] = g_utf8_strdown (span->name != NULL ? span->name : "", -1);
    }

  run->block_spans = (const DossierSpan *) (gconstpointer) spans->data;
  run->n_block_spans = spans->len;
  run->block_folded = folded;
  rel_ctx.document_key = run->document_key;
  rel_ctx.anaphor = resolve_anaphor;
  rel_ctx.user_data = run;
  dossier_read_relations (text, run->block_spans, run->n_block_spans, &rel_ctx, cues);
  for (guint i = 0; i < cues->len; i++)
    {
      const DossierRelationCue *cue = g_ptr_array_index (cues, i);

      relation (run, cue->source_key, cue->target_key, cue->kind, "extracted", cue->verb,
                cue->directed, b);
    }
  run->block_spans = NULL;
  run->n_block_spans = 0;
  run->block_folded = NULL;

  for (guint i = 0; i < spans->len; i++)
    {
      const DossierSpan *span = &g_array_index (spans, DossierSpan, i);
      HistoryItem item = { b, span->norm_start, span->norm_end, span->key, span->kind,
                           g_steal_pointer (&folded[i]) };

      g_array_append_val (run->history, item);
    }

  (void) block;
}

/* What "2002/51" means when no organ is named, from the document's own masthead. */
static void
document_context (Run *run)
{
  const DossierParsedDocument *doc = run->doc;
  const char *symbol = doc->symbol != NULL ? doc->symbol : "";
  const char *body = doc->body != NULL ? doc->body : "";
  gboolean chr = FALSE;

  if ((g_str_has_prefix (symbol, "E/CN.4/") && !g_str_has_prefix (symbol, "E/CN.4/Sub.2")) ||
      strstr (body, "Commission on Human Rights") != NULL ||
      strstr (body, "COMMISSION ON HUMAN RIGHTS") != NULL)
    chr = TRUE;

  /* The masthead and title: the first blocks that are not numbered paragraphs. */
  for (guint b = 0; b < doc->blocks->len && b < 16 && !chr; b++)
    {
      const DossierBlock *block = g_ptr_array_index (doc->blocks, b);
      GArray *hits = g_ptr_array_index (run->gazetteer_hits, b);

      if (block->kind == DOSSIER_BLOCK_PARAGRAPH && block->label != NULL)
        break;
      for (guint i = 0; i < hits->len; i++)
        {
          const DossierGazetteerEntry *entry =
            dossier_gazetteer_get_entry (run->gazetteer, g_array_index (hits, DossierMatch, i).value);
          if (g_str_equal (entry->key, "body:chr") && hits->len <= 3)
            chr = TRUE;
        }
    }

  run->year_organ = chr ? "CHR" : "ECOSOC";
  if (chr)
    run->commission_organ = "CHR";
  else if (strstr (body, "Crime Prevention") != NULL)
    run->commission_organ = "CCPCJ";
  else if (strstr (body, "Status of Women") != NULL)
    run->commission_organ = "CSW";
}

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->entities, g_hash_table_unref);
  g_clear_pointer (&run->relations, g_hash_table_unref);
  g_clear_pointer (&run->document_key, g_free);
  g_clear_pointer (&run->texts, g_ptr_array_unref);
  g_clear_pointer (&run->gazetteer_hits, g_ptr_array_unref);
  g_clear_pointer (&run->nested_hits, g_ptr_array_unref);
  g_clear_pointer (&run->phrase_hits, g_ptr_array_unref);
  g_clear_pointer (&run->person_hits, g_ptr_array_unref);
  g_clear_pointer (&run->learned, g_ptr_array_unref);
  g_clear_pointer (&run->surnames, g_hash_table_unref);
  g_clear_pointer (&run->learned_matcher, dossier_matcher_free);
  g_clear_pointer (&run->history, g_array_unref);
  g_clear_pointer (&run->seen, g_ptr_array_unref);
  g_clear_pointer (&run->seen_names, g_hash_table_unref);
  g_clear_pointer (&run->short_forms, g_hash_table_unref);
}

/* GObject */

static void
dossier_extractor_finalize (GObject *object)
{
  DossierExtractor *self = DOSSIER_EXTRACTOR (object);

  g_clear_pointer (&self->gazetteer, dossier_gazetteer_free);

  G_OBJECT_CLASS (dossier_extractor_parent_class)->finalize (object);
}

static void
dossier_extractor_class_init (DossierExtractorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dossier_extractor_finalize;
}

static void
dossier_extractor_init (DossierExtractor *self)
{
}

/* Public API */

DossierExtractor *
dossier_extractor_new (const char  *gazetteer_path,
                       GError     **error)
{
  g_autoptr(DossierExtractor) self = NULL;
  g_autofree char *bundled = NULL;

  if (gazetteer_path == NULL)
    gazetteer_path = bundled = dossier_paths_dup_gazetteer ();

  self = g_object_new (DOSSIER_TYPE_EXTRACTOR, NULL);
  self->gazetteer = dossier_gazetteer_new_from_file (gazetteer_path, error);
  if (self->gazetteer == NULL)
    return NULL;

  return g_steal_pointer (&self);
}

DossierExtraction *
dossier_extractor_run (DossierExtractor            *self,
                       const DossierParsedDocument *doc)
{
  g_autoptr(DossierExtraction) extraction = dossier_extraction_new ();
  Run run = { 0, };
  DossierEntityDef *node;

  g_return_val_if_fail (DOSSIER_IS_EXTRACTOR (self), NULL);
  g_return_val_if_fail (doc != NULL, NULL);

  run.gazetteer = self->gazetteer;
  run.doc = doc;
  run.extraction = extraction;
  run.entities = g_hash_table_new (g_str_hash, g_str_equal);
  run.relations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  run.document_key = document_key (doc);
  run.texts = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_text_free);
  run.gazetteer_hits = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  run.nested_hits = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  run.phrase_hits = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  run.person_hits = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  run.learned = g_ptr_array_new_with_free_func ((GDestroyNotify) learned_free);
  run.surnames = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  run.history = g_array_new (FALSE, FALSE, sizeof (HistoryItem));
  run.seen = g_ptr_array_new ();
  run.seen_names = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  run.short_forms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_array_set_clear_func (run.history, history_item_clear);

  /* The document is a node of its own graph. */
  node = ensure_entity (&run, run.document_key,
                        g_str_has_prefix (run.document_key, "doc:") ? "document" : "resolution",
                        doc->title != NULL && *doc->title != '\0' ? doc->title : doc->source_name,
                        1.0);
  if (node != NULL && g_strcmp0 (node->origin, "pattern") == 0 && doc->symbol != NULL)
    {
      node->short_name = g_strdup (doc->symbol);
      node->confidence = 1.0;
    }

  if (doc->blocks != NULL)
    {
      first_pass (&run);
      document_context (&run);
      for (guint b = 0; b < doc->blocks->len; b++)
        second_pass_block (&run, b);
    }

  run_clear (&run);

  return g_steal_pointer (&extraction);
}

DossierExtraction *
dossier_extractor_dup_gazetteer (DossierExtractor *self)
{
  DossierExtraction *extraction;

  g_return_val_if_fail (DOSSIER_IS_EXTRACTOR (self), NULL);

  extraction = dossier_extraction_new ();
  for (guint i = 0; i < dossier_gazetteer_get_n_entries (self->gazetteer); i++)
    g_ptr_array_add (extraction->entities,
                     entity_from_gazetteer (dossier_gazetteer_get_entry (self->gazetteer, i)));

  for (guint i = 0; i < dossier_gazetteer_get_n_relations (self->gazetteer); i++)
    {
      const DossierGazetteerRelation *r = dossier_gazetteer_get_relation (self->gazetteer, i);
      DossierRelationDef *def = dossier_relation_def_new (r->source_key, r->target_key, r->kind,
                                                          "gazetteer");

      def->verb = g_strdup (r->verb);
      def->directed = r->directed;
      g_ptr_array_add (extraction->relations, def);
    }

  return extraction;
}
