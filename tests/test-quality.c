/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Measured extraction quality: the extractor runs over the five bundled documents
 * and the test texts, and what it finds is compared with a hand annotation made by
 * reading them (tests/data/gold/, described in its README.md). Precision and recall
 * are computed per entity kind, and for the typed relations of the bundled
 * documents; the test fails below 0.9 / 0.9 on the bundled documents and below
 * 0.8 / 0.8 on the test texts.
 *
 * "test-quality --table" prints the table instead (build-aux/dev quality), and
 * "--misses" with it lists every miss and every false find.
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <locale.h>
#include <string.h>

#include "dossier-extractor.h"
#include "dossier-importer.h"
#include "dossier-paths.h"

#define BUNDLED_THRESHOLD 0.9
#define TESTDATA_THRESHOLD 0.8

static const char * const kinds[] = {
  "organisation", "body", "resolution", "instrument", "initiative", "meeting",
  "document", "place", "person", NULL
};

/* The row of typed relations in the tables. */
#define RELATIONS_ROW G_N_ELEMENTS (kinds) - 1

typedef struct
{
  guint tp;        /* found and in the annotation */
  guint fp;        /* found but not in the annotation */
  guint fn;        /* in the annotation but not found */
} Count;

typedef struct
{
  const char *set;           /* "bundled" or "testdata" */
  double      threshold;
  Count       counts[G_N_ELEMENTS (kinds)];   /* the last one: typed relations */
  GString    *misses;
  guint       n_documents;
  guint       n_gold_relations;
} Score;

static gboolean show_misses = FALSE;
static DossierExtractor *extractor = NULL;

static guint
kind_index (const char *kind)
{
  for (guint i = 0; kinds[i] != NULL; i++)
    if (g_strcmp0 (kinds[i], kind) == 0)
      return i;

  return G_MAXUINT;
}

/* Lower case, one space for any run of white space, no trailing full stop. */
static char *
normalise (const char *text)
{
  g_autofree char *down = g_utf8_casefold (text != NULL ? text : "", -1);
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = down; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_unichar (out, c);
    }
  while (out->len > 0 && out->str[out->len - 1] == '.')
    g_string_truncate (out, out->len - 1);

  return g_string_free (out, FALSE);
}

static char *
document_path (const char *set,
               const char *name)
{
  if (g_str_equal (set, "bundled"))
    return g_build_filename (dossier_paths_data_dir (), "corpus", name, NULL);

  return g_test_build_filename (G_TEST_DIST, "data", "testdata", name, NULL);
}

/* What one run found: the entities mentioned, each with every name it was
 * found or is known by. */
typedef struct
{
  DossierParsedDocument *doc;
  DossierExtraction     *extraction;
  const char            *self_key;
  GHashTable            *found;    /* key -> GPtrArray of normalised names */
  GHashTable            *defs;     /* key -> DossierEntityDef* */
} Found;

static void
found_clear (Found *found)
{
  g_clear_pointer (&found->found, g_hash_table_unref);
  g_clear_pointer (&found->defs, g_hash_table_unref);
  g_clear_pointer (&found->extraction, dossier_extraction_free);
  g_clear_pointer (&found->doc, dossier_parsed_document_free);
}

static void
add_name (GPtrArray  *names,
          const char *name)
{
  if (name != NULL)
    g_ptr_array_add (names, normalise (name));
}

static gboolean
run_extractor (const char  *path,
               Found       *found)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  found->doc = dossier_import_parse_file (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found->doc);

  found->extraction = dossier_extractor_run (extractor, found->doc);
  g_assert_nonnull (found->extraction);
  g_assert_cmpuint (found->extraction->entities->len, >, 0);

  /* The extractor makes the document's own node first. */
  found->self_key = ((DossierEntityDef *) g_ptr_array_index (found->extraction->entities, 0))->key;

  found->defs = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < found->extraction->entities->len; i++)
    {
      DossierEntityDef *def = g_ptr_array_index (found->extraction->entities, i);
      g_hash_table_insert (found->defs, def->key, def);
    }

  found->found = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < found->extraction->mentions->len; i++)
    {
      DossierMentionDef *mention = g_ptr_array_index (found->extraction->mentions, i);
      DossierEntityDef *def = g_hash_table_lookup (found->defs, mention->entity_key);
      GPtrArray *names;

      g_assert_nonnull (def);
      if (g_str_equal (def->key, found->self_key))
        continue;

      names = g_hash_table_lookup (found->found, def->key);
      if (names == NULL)
        {
          names = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_insert (found->found, def->key, names);
          add_name (names, def->name);
          add_name (names, def->short_name);
          for (guint a = 0; a < def->aliases->len; a++)
            add_name (names, g_ptr_array_index (def->aliases, a));
        }
      add_name (names, mention->surface);
    }

  return TRUE;
}

static gboolean
names_contain (GPtrArray  *names,
               const char *name)
{
  for (guint i = 0; i < names->len; i++)
    if (g_str_equal (g_ptr_array_index (names, i), name))
      return TRUE;

  return FALSE;
}

static void
score_entities (Score       *score,
                const char  *document,
                JsonArray   *gold,
                Found       *found)
{
  g_autoptr(GHashTable) matched = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key;

  for (guint i = 0; i < json_array_get_length (gold); i++)
    {
      JsonObject *item = json_array_get_object_element (gold, i);
      const char *gold_key = json_object_get_string_member_with_default (item, "key", NULL);
      const char *gold_name = json_object_get_string_member_with_default (item, "name", NULL);
      const char *kind = json_object_get_string_member_with_default (item, "kind", NULL);
      guint k = kind_index (kind);
      const char *hit = NULL;

      g_assert_cmpuint (k, <, RELATIONS_ROW);
      g_assert_true (gold_key != NULL || gold_name != NULL);

      if (gold_key != NULL && g_hash_table_contains (found->found, gold_key))
        hit = gold_key;
      else if (gold_key == NULL)
        {
          g_autofree char *name = normalise (gold_name);
          GPtrArray *names;

          g_hash_table_iter_init (&iter, found->found);
          while (hit == NULL && g_hash_table_iter_next (&iter, &key, (gpointer *) &names))
            if (!g_hash_table_contains (matched, key) && names_contain (names, name))
              hit = key;
        }

      if (hit != NULL)
        {
          g_hash_table_add (matched, (gpointer) hit);
          score->counts[k].tp++;
        }
      else
        {
          score->counts[k].fn++;
          g_string_append_printf (score->misses, "  missed   %-12s %s  (%s)\n", kind,
                                  gold_key != NULL ? gold_key : gold_name, document);
        }
    }

  g_hash_table_iter_init (&iter, found->found);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      DossierEntityDef *def = g_hash_table_lookup (found->defs, key);
      guint k = kind_index (def->kind);

      if (g_hash_table_contains (matched, key))
        continue;
      g_assert_cmpuint (k, <, RELATIONS_ROW);
      score->counts[k].fp++;
      g_string_append_printf (score->misses, "  spurious %-12s %s “%s”  (%s)\n", def->kind,
                              def->key, def->name, document);
    }
}

/* The block whose text holds @quote, or G_MAXUINT. */
static guint
block_with (const DossierParsedDocument *doc,
            const char                  *quote)
{
  g_autofree char *wanted = normalise (quote);

  for (guint b = 0; b < doc->blocks->len; b++)
    {
      const DossierBlock *block = g_ptr_array_index (doc->blocks, b);
      g_autofree char *text = normalise (block->text);

      if (strstr (text, wanted) != NULL)
        return b;
    }

  return G_MAXUINT;
}

static gboolean
is_typed (const DossierRelationDef *def)
{
  return g_strcmp0 (def->kind, "co-mention") != 0 && g_strcmp0 (def->kind, "mentions") != 0;
}

static gboolean
same_relation (const DossierRelationDef *def,
               const char               *source,
               const char               *target,
               const char               *kind)
{
  if (g_strcmp0 (def->kind, kind) != 0)
    return FALSE;
  if (g_str_equal (def->source_key, source) && g_str_equal (def->target_key, target))
    return TRUE;

  return !def->directed && g_str_equal (def->source_key, target) && g_str_equal (def->target_key, source);
}

static const char *
resolve_self (const char  *key,
              const Found *found)
{
  return g_strcmp0 (key, "@self") == 0 ? found->self_key : key;
}

static void
score_relations (Score      *score,
                 const char *document,
                 JsonArray  *gold,
                 Found      *found)
{
  Count *count = &score->counts[RELATIONS_ROW];
  GPtrArray *relations = found->extraction->relations;

  /* Recall: the relation, read from this block. */
  for (guint i = 0; i < json_array_get_length (gold); i++)
    {
      JsonObject *item = json_array_get_object_element (gold, i);
      const char *source = resolve_self (json_object_get_string_member (item, "source"), found);
      const char *target = resolve_self (json_object_get_string_member (item, "target"), found);
      const char *kind = json_object_get_string_member (item, "kind");
      const char *evidence = json_object_get_string_member (item, "evidence");
      guint block = block_with (found->doc, evidence);
      gboolean hit = FALSE;

      if (block == G_MAXUINT)
        g_error ("%s: the evidence “%s” is in no block", document, evidence);

      for (guint r = 0; r < relations->len && !hit; r++)
        {
          const DossierRelationDef *def = g_ptr_array_index (relations, r);

          if (!same_relation (def, source, target, kind))
            continue;
          for (guint e = 0; e < def->evidence->len && !hit; e++)
            hit = g_array_index (def->evidence, guint, e) == block;
        }

      score->n_gold_relations++;
      if (hit)
        count->tp++;
      else
        {
          count->fn++;
          g_string_append_printf (score->misses, "  missed   relation     %s %s %s  (%s, block %u)\n",
                                  source, kind, target, document, block);
        }
    }

  /* Precision: every relation read from the text's phrasing is in the annotation. */
  for (guint r = 0; r < relations->len; r++)
    {
      const DossierRelationDef *def = g_ptr_array_index (relations, r);
      gboolean hit = FALSE;

      if (!is_typed (def) || g_strcmp0 (def->origin, "extracted") != 0)
        continue;
      for (guint i = 0; i < json_array_get_length (gold) && !hit; i++)
        {
          JsonObject *item = json_array_get_object_element (gold, i);

          hit = same_relation (def, resolve_self (json_object_get_string_member (item, "source"), found),
                               resolve_self (json_object_get_string_member (item, "target"), found),
                               json_object_get_string_member (item, "kind"));
        }
      if (!hit)
        {
          count->fp++;
          g_string_append_printf (score->misses, "  spurious relation     %s %s %s  (%s)\n",
                                  def->source_key, def->kind, def->target_key, document);
        }
    }
}

static void
score_set (Score *score)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", "gold", NULL);
  g_autoptr(GDir) gold_dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  gold_dir = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (gold_dir)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autofree char *document_file = NULL;
      JsonObject *root;
      const char *document;
      Found found = { 0, };

      json_parser_load_from_file (parser, path, &error);
      g_assert_no_error (error);
      root = json_node_get_object (json_parser_get_root (parser));
      if (g_strcmp0 (json_object_get_string_member (root, "set"), score->set) != 0)
        continue;

      document = json_object_get_string_member (root, "document");
      document_file = document_path (score->set, document);
      run_extractor (document_file, &found);
      score->n_documents++;

      score_entities (score, document, json_object_get_array_member (root, "entities"), &found);
      if (json_object_has_member (root, "relations"))
        score_relations (score, document, json_object_get_array_member (root, "relations"), &found);

      found_clear (&found);
    }

  g_assert_cmpuint (score->n_documents, >, 0);
}

static double
precision (const Count *count)
{
  return count->tp + count->fp == 0 ? 1.0 : (double) count->tp / (count->tp + count->fp);
}

static double
recall (const Count *count)
{
  return count->tp + count->fn == 0 ? 1.0 : (double) count->tp / (count->tp + count->fn);
}

static gboolean
row_holds (const Score *score,
           guint        k)
{
  const Count *count = &score->counts[k];

  return precision (count) >= score->threshold && recall (count) >= score->threshold;
}

static void
print_table (const Score *score)
{
  Count total = { 0, };

  g_print ("%s (%u documents; threshold %.2f / %.2f)\n", score->set, score->n_documents,
           score->threshold, score->threshold);
  g_print ("  %-20s %6s %6s %6s %10s %8s\n", "kind", "gold", "found", "right", "precision", "recall");
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      const Count *count = &score->counts[k];
      const char *label = k == RELATIONS_ROW ? "typed relations" : kinds[k];

      if (count->tp + count->fp + count->fn == 0)
        continue;
      if (k < RELATIONS_ROW)
        {
          total.tp += count->tp;
          total.fp += count->fp;
          total.fn += count->fn;
        }
      else
        g_print ("  %-20s %6u %6u %6u %10.3f %8.3f\n", "all entities", total.tp + total.fn,
                 total.tp + total.fp, total.tp, precision (&total), recall (&total));
      g_print ("  %-20s %6u %6u %6u %10.3f %8.3f%s\n", label, count->tp + count->fn,
               count->tp + count->fp, count->tp, precision (count), recall (count),
               row_holds (score, k) ? "" : "  below threshold");
    }
  if (score->counts[RELATIONS_ROW].tp + score->counts[RELATIONS_ROW].fp + score->counts[RELATIONS_ROW].fn == 0)
    g_print ("  %-20s %6u %6u %6u %10.3f %8.3f\n", "all entities", total.tp + total.fn,
             total.tp + total.fp, total.tp, precision (&total), recall (&total));
  if (show_misses && score->misses->len > 0)
    g_print ("%s", score->misses->str);
  g_print ("\n");
}

static void
check_set (const char *set,
           double      threshold)
{
  Score score = { set, threshold, { { 0, }, }, g_string_new (NULL), 0, 0 };

  score_set (&score);
  if (g_test_verbose ())
    print_table (&score);

  if (g_str_equal (set, "bundled"))
    g_assert_cmpuint (score.n_gold_relations, >=, 40);

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      const Count *count = &score.counts[k];
      const char *label = k == RELATIONS_ROW ? "typed relations" : kinds[k];

      if (count->tp + count->fp + count->fn == 0)
        continue;
      if (!row_holds (&score, k))
        {
          g_test_message ("%s, %s: precision %.3f, recall %.3f\n%s", set, label,
                          precision (count), recall (count), score.misses->str);
          g_test_fail_printf ("%s, %s: precision %.3f and recall %.3f, below %.2f",
                              set, label, precision (count), recall (count), threshold);
        }
    }

  g_string_free (score.misses, TRUE);
}

static void
test_bundled (void)
{
  check_set ("bundled", BUNDLED_THRESHOLD);
}

static void
test_testdata (void)
{
  check_set ("testdata", TESTDATA_THRESHOLD);
}

/* The score is computed from what was found: a gold annotation that names an
 * entity no recogniser finds lowers recall, so the test can fail. */
static void
test_scoring_can_fail (void)
{
  Count count = { 9, 0, 1 };
  Count none = { 0, 3, 0 };

  g_assert_cmpfloat (recall (&count), ==, 0.9);
  g_assert_cmpfloat (precision (&none), ==, 0.0);
  g_assert_cmpfloat (recall (&none), ==, 1.0);
}

int
main (int   argc,
      char *argv[])
{
  gboolean table = FALSE;
  g_autoptr(GError) error = NULL;
  int status = 0;
  int kept = 1;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--table"))
        table = TRUE;
      else if (g_str_equal (argv[i], "--misses"))
        show_misses = TRUE;
      else
        argv[kept++] = argv[i];
    }
  argc = kept;
  argv[argc] = NULL;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  extractor = dossier_extractor_new (NULL, &error);
  g_assert_no_error (error);

  if (table)
    {
      Score bundled = { "bundled", BUNDLED_THRESHOLD, { { 0, }, }, g_string_new (NULL), 0, 0 };
      Score testdata = { "testdata", TESTDATA_THRESHOLD, { { 0, }, }, g_string_new (NULL), 0, 0 };

      score_set (&bundled);
      score_set (&testdata);
      print_table (&bundled);
      print_table (&testdata);
      for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
        if ((bundled.counts[k].tp + bundled.counts[k].fp + bundled.counts[k].fn > 0 && !row_holds (&bundled, k)) ||
            (testdata.counts[k].tp + testdata.counts[k].fp + testdata.counts[k].fn > 0 && !row_holds (&testdata, k)))
          status = 1;
      g_print (status == 0 ? "Every threshold holds.\n" : "Some thresholds do not hold.\n");
      g_string_free (bundled.misses, TRUE);
      g_string_free (testdata.misses, TRUE);
    }
  else
    {
      g_test_add_func ("/dossier/quality/scoring-can-fail", test_scoring_can_fail);
      g_test_add_func ("/dossier/quality/bundled", test_bundled);
      g_test_add_func ("/dossier/quality/testdata", test_testdata);
      status = g_test_run ();
    }

  g_clear_object (&extractor);

  return status;
}
