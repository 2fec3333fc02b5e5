/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Locale-aware formatting and sorting: names sort in the order of the user's
 * language (not by bytes) in the store's lists and the CLI, numbers are grouped
 * as LC_NUMERIC says, and moments are written with the locale's month names.
 * Each case needs a generated locale (build-aux/dev test generates them) and
 * is skipped, saying which, when it is missing.
 */

#include "config.h"

#include <locale.h>
#include <glib/gstdio.h>

#include "dossier-entities.h"
#include "dossier-locale.h"
#include "dossier-store-private.h"

static char *tmp_dir;

/* Names whose locale order differs from their byte order: accented Latin
 * capitals sort after "Z" by bytes, Cyrillic capitals before all lower case
 * and "Ё" before "А"; an Arabic vowel sign (damma) outweighs the letters. */
static const char *const french_names[] = { "Zeta", "éte", "Ecole", "Équipe", NULL };
static const char *const french_order[] = { "Ecole", "Équipe", "éte", "Zeta", NULL };
static const char *const russian_names[] = { "яблоко", "Жук", "ель", "Ёлка", "борщ", "Арбуз", NULL };
static const char *const russian_order[] = { "Арбуз", "борщ", "Ёлка", "ель", "Жук", "яблоко", NULL };
static const char *const arabic_names[] = { "محمود", "بكر", "مُحمد", "أحمد", NULL };
static const char *const arabic_order[] = { "أحمد", "بكر", "مُحمد", "محمود", NULL };

static gboolean
use_locale (const char *locale)
{
  if (setlocale (LC_ALL, locale) == NULL)
    {
      g_autofree char *message = g_strdup_printf ("the locale %s is missing (locale-gen %s)",
                                                  locale, locale);

      setlocale (LC_ALL, "C.UTF-8");
      g_test_skip (message);
      return FALSE;
    }
  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return dossier_locale_compare (*(const char **) a, *(const char **) b);
}

static int
compare_bytes (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

static char *
join (const char *const *names,
      guint              n)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? " | " : "", names[i]);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
assert_sorts (const char *const *names,
              const char *const *expected)
{
  guint n = g_strv_length ((char **) names);
  g_autofree const char **sorted = g_memdup2 (names, n * sizeof (char *));
  g_autofree const char **bytes = g_memdup2 (names, n * sizeof (char *));
  g_autofree char *got = NULL;
  g_autofree char *want = join (expected, n);
  g_autofree char *by_bytes = NULL;

  qsort (sorted, n, sizeof (char *), compare_names);
  got = join (sorted, n);
  g_assert_cmpstr (got, ==, want);

  /* The case is only worth its salt if byte order gets it wrong. */
  qsort (bytes, n, sizeof (char *), compare_bytes);
  by_bytes = join (bytes, n);
  g_assert_cmpstr (by_bytes, !=, want);
}

static void
test_compare (gconstpointer data)
{
  const char *locale = data;

  if (!use_locale (locale))
    return;
  assert_sorts (french_names, french_order);
  assert_sorts (russian_names, russian_order);
  assert_sorts (arabic_names, arabic_order);

  /* Equal for the locale is not equal: bytes decide, the same way each time. */
  g_assert_cmpint (dossier_locale_compare ("a", "a"), ==, 0);
  g_assert_cmpint (dossier_locale_compare (NULL, "a"), <, 0);
  g_assert_cmpint (dossier_locale_compare ("a", NULL), >, 0);
  g_assert_cmpint (dossier_locale_compare ("e\xcc\x81", "\xc3\xa9"), !=, 0);
  /* Not UTF-8: byte order, and no crash. */
  g_assert_cmpint (dossier_locale_compare ("\xff\xfe", "a"), >, 0);
  g_assert_cmpint (dossier_locale_compare_len ("a\0b", 3, "a\0c", 3), <, 0);
  g_assert_cmpint (dossier_locale_compare_len ("Zeta", 4, "éte", 4), >, 0);
  setlocale (LC_ALL, "C.UTF-8");
}

static void
test_collator_keys (void)
{
  g_autoptr(DossierCollator) collator = dossier_collator_new ();
  g_autofree char *zeta = NULL;
  g_autofree char *equipe = NULL;
  g_autofree char *equipe_again = NULL;
  g_autofree char *equipe_c = NULL;
  gsize len = 0;

  if (!use_locale ("fr_FR.UTF-8"))
    return;
  zeta = dossier_collator_dup_key (collator, "Zeta", 4, &len);
  g_assert_cmpuint (len, ==, strlen (zeta));
  equipe = dossier_collator_dup_key (collator, "Équipe!", strlen ("Équipe"), NULL);
  g_assert_cmpint (strcmp (equipe, zeta), <, 0);
  /* From the cache, the same key. */
  equipe_again = dossier_collator_dup_key (collator, "Équipe", strlen ("Équipe"), NULL);
  g_assert_cmpstr (equipe_again, ==, equipe);

  /* Another LC_COLLATE, other keys: "É" after "Z" by code point. */
  setlocale (LC_ALL, "C.UTF-8");
  equipe_c = dossier_collator_dup_key (collator, "Équipe", strlen ("Équipe"), NULL);
  g_clear_pointer (&zeta, g_free);
  zeta = dossier_collator_dup_key (collator, "Zeta", 4, NULL);
  g_assert_cmpint (strcmp (equipe_c, zeta), >, 0);

  /* Not UTF-8, or a NUL inside: no key, and no crash. */
  g_assert_null (dossier_collator_dup_key (collator, "\xff\xfe", 2, NULL));
  g_assert_null (dossier_collator_dup_key (collator, "a\0b", 3, NULL));
}

/* A corpus whose entities, aliases and documents carry the names above, each
 * entity mentioned once so that only the names decide the order. */

typedef struct
{
  char         *path;
  DossierStore *store;
} Corpus;

static const char *const *const all_names[] = { french_names, russian_names, arabic_names };

static gint64
add_document (DossierStore *store,
              const char   *title,
              guint         n_blocks)
{
  g_autoptr(DossierParsedDocument) doc = NULL;
  g_autoptr(DossierExtraction) extraction = dossier_extraction_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_strconcat (title, ".md", NULL);
  g_autofree gint64 *block_ids = NULL;
  gint64 id = 0;
  guint n = 0;

  doc = dossier_parsed_document_new (file, "markdown");
  doc->title = g_strdup (title);
  doc->kind = g_strdup ("note");
  for (guint i = 0; i < n_blocks; i++)
    {
      g_autofree char *label = g_strdup_printf ("%u", i + 1);

      g_ptr_array_add (doc->blocks, dossier_block_new (DOSSIER_BLOCK_PARAGRAPH, label, title));
    }

  g_assert_true (dossier_store_import_parsed (store, doc, title, NULL, NULL, &id, &error));
  g_assert_no_error (error);
  if (n_blocks == 0)
    return id;

  /* The first document mentions every name once, each its own entity with
   * its name as an alias of the first one. */
  for (guint list = 0; list < G_N_ELEMENTS (all_names); list++)
    for (guint i = 0; all_names[list][i] != NULL; i++, n++)
      {
        const char *name = all_names[list][i];
        g_autofree char *key = g_strdup_printf ("org:~name-%u", n);
        DossierEntityDef *def = dossier_entity_def_new (key, "organisation", name, "pattern");

        if (n == 0)
          for (guint l = 0; l < G_N_ELEMENTS (all_names); l++)
            for (guint j = 0; all_names[l][j] != NULL; j++)
              g_ptr_array_add (def->aliases, g_strdup (all_names[l][j]));
        g_ptr_array_add (extraction->entities, def);
        g_ptr_array_add (extraction->mentions,
                         dossier_mention_def_new (0, 0, (guint) g_utf8_strlen (title, -1),
                                                  key, title, "pattern"));
      }

  block_ids = g_new0 (gint64, doc->blocks->len);
  for (guint i = 0; i < doc->blocks->len; i++)
    block_ids[i] = ((DossierBlock *) g_ptr_array_index (doc->blocks, i))->id;
  g_assert_true (dossier_store_begin (store, &error));
  g_assert_true (_dossier_store_reset_touched (store, &error));
  g_assert_true (_dossier_store_write_extraction (store, id, extraction, block_ids,
                                                  doc->blocks->len, &error));
  g_assert_true (_dossier_store_refresh_relations (store, FALSE, &error));
  g_assert_true (dossier_store_commit (store, &error));
  g_assert_no_error (error);
  return id;
}

/* A document that mentions one entity 1234 times: a count to group. */
static void
add_many_mentions (DossierStore *store)
{
  g_autoptr(DossierParsedDocument) doc = dossier_parsed_document_new ("many.md", "markdown");
  g_autoptr(DossierExtraction) extraction = dossier_extraction_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  gint64 block_id;
  gint64 id = 0;

  for (guint i = 0; i < 1234; i++)
    g_string_append (text, "a ");
  doc->title = g_strdup ("Many");
  doc->date = g_strdup ("2003-01-20");
  g_ptr_array_add (doc->blocks, dossier_block_new (DOSSIER_BLOCK_PARAGRAPH, "1", text->str));
  g_assert_true (dossier_store_import_parsed (store, doc, "many", NULL, NULL, &id, &error));
  g_assert_no_error (error);

  g_ptr_array_add (extraction->entities,
                   dossier_entity_def_new ("org:~many", "organisation", "Many", "pattern"));
  for (guint i = 0; i < 1234; i++)
    g_ptr_array_add (extraction->mentions,
                     dossier_mention_def_new (0, 2 * i, 2 * i + 1, "org:~many", "a", "pattern"));
  block_id = ((DossierBlock *) g_ptr_array_index (doc->blocks, 0))->id;
  g_assert_true (dossier_store_begin (store, &error));
  g_assert_true (_dossier_store_reset_touched (store, &error));
  g_assert_true (_dossier_store_write_extraction (store, id, extraction, &block_id, 1, &error));
  g_assert_true (_dossier_store_refresh_relations (store, FALSE, &error));
  g_assert_true (dossier_store_commit (store, &error));
  g_assert_no_error (error);
}

static void
corpus_set_up (Corpus        *corpus,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  static guint counter;
  g_autofree char *name = g_strdup_printf ("corpus-%u.db", ++counter);

  corpus->path = g_build_filename (tmp_dir, name, NULL);
  corpus->store = dossier_store_open (corpus->path, &error);
  g_assert_no_error (error);

  add_document (corpus->store, "Mentions", 1);
  add_many_mentions (corpus->store);
  for (guint list = 0; list < G_N_ELEMENTS (all_names); list++)
    for (guint i = 0; all_names[list][i] != NULL; i++)
      add_document (corpus->store, all_names[list][i], 0);
}

static void
corpus_tear_down (Corpus        *corpus,
                  gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (corpus->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (corpus->path, "-shm", NULL);

  g_assert_finalize_object (corpus->store);
  g_unlink (corpus->path);
  g_unlink (wal);
  g_unlink (shm);
  g_free (corpus->path);
  setlocale (LC_ALL, "C.UTF-8");
}

/* The names of @list, in the order @names has them, as one string. */
static char *
in_order (GPtrArray         *names,
          const char *const *list)
{
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();

  for (guint i = 0; i < names->len; i++)
    if (g_strv_contains ((const char *const *) list, g_ptr_array_index (names, i)))
      g_ptr_array_add (kept, g_ptr_array_index (names, i));
  return join ((const char *const *) kept->pdata, kept->len);
}

static void
assert_lists (Corpus *corpus)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entities = dossier_store_list_entities (corpus->store, NULL, 0, FALSE, &error);
  g_autoptr(GPtrArray) entity_names = g_ptr_array_new ();
  g_autoptr(GPtrArray) aliases = NULL;
  g_autoptr(GListModel) documents = dossier_store_list_documents (corpus->store, &error);
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);
  gint64 first_id = 0;

  g_assert_no_error (error);
  g_assert_nonnull (entities);
  g_assert_nonnull (documents);

  for (guint i = 0; i < entities->len; i++)
    {
      DossierEntity *entity = g_ptr_array_index (entities, i);

      g_ptr_array_add (entity_names, entity->name);
      if (g_strcmp0 (entity->key, "org:~name-0") == 0)
        first_id = entity->id;
    }
  g_assert_cmpint (first_id, >, 0);
  aliases = dossier_store_list_aliases (corpus->store, first_id, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < g_list_model_get_n_items (documents); i++)
    {
      g_autoptr(DossierDocumentInfo) info = g_list_model_get_item (documents, i);

      g_ptr_array_add (titles, g_strdup (dossier_document_info_get_title (info)));
    }

  for (guint list = 0; list < G_N_ELEMENTS (all_names); list++)
    {
      const char *const *expected = list == 0 ? french_order : list == 1 ? russian_order : arabic_order;
      g_autofree char *want = join (expected, g_strv_length ((char **) expected));
      g_autofree char *got_entities = in_order (entity_names, all_names[list]);
      g_autofree char *got_aliases = in_order (aliases, all_names[list]);
      g_autofree char *got_titles = in_order (titles, all_names[list]);

      g_assert_cmpstr (got_entities, ==, want);
      g_assert_cmpstr (got_aliases, ==, want);
      g_assert_cmpstr (got_titles, ==, want);
    }
}

static void
test_store_lists (Corpus        *corpus,
                  gconstpointer  data)
{
  /* Two locales on one connection: the cached collation keys follow. */
  if (!use_locale ("fr_FR.UTF-8"))
    return;
  assert_lists (corpus);
  if (!use_locale ("ru_RU.UTF-8"))
    return;
  assert_lists (corpus);
}

/* What dossier-cli prints on standard output under @locale. */
static char *
run_cli (const char *locale,
         const char *db,
         const char *command)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", locale, TRUE);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "C", TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("DOSSIER_CLI"),
                                         "--db", db, command, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (process));
  return out;
}

static void
test_cli_lists (Corpus        *corpus,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *got = NULL;
  g_autofree char *want = join (french_order, 4);

  if (!use_locale ("fr_FR.UTF-8"))
    return;
  setlocale (LC_ALL, "C.UTF-8");
  out = run_cli ("fr_FR.UTF-8", corpus->path, "list");

  /* The title is the last column of each line. */
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    for (guint j = 0; french_names[j] != NULL; j++)
      if (g_str_has_suffix (lines[i], french_names[j]))
        g_ptr_array_add (names, g_strdup (french_names[j]));
  got = join ((const char *const *) names->pdata, names->len);
  g_assert_cmpstr (got, ==, want);

  /* Dates written out with the locale's month names. */
  g_assert_nonnull (strstr (out, "20 janvier 2003"));
  g_assert_null (strstr (out, "2003-01-20"));
}

/* Numbers */

/* The line of `dossier-cli entities` about the entity mentioned 1234 times. */
static char *
many_line (const char *locale,
           const char *db)
{
  g_autofree char *out = run_cli (locale, db, "entities");
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "org:~many "))
      return g_strdup (lines[i]);
  g_assert_not_reached ();
}

static void
test_cli_numbers (Corpus        *corpus,
                  gconstpointer  data)
{
  g_autofree char *english = NULL;
  g_autofree char *french = NULL;
  g_autofree char *plain = NULL;

  if (!use_locale ("en_US.UTF-8") || !use_locale ("fr_FR.UTF-8"))
    return;
  setlocale (LC_ALL, "C.UTF-8");

  english = many_line ("en_US.UTF-8", corpus->path);
  french = many_line ("fr_FR.UTF-8", corpus->path);
  plain = many_line ("C", corpus->path);
  g_test_message ("%s\n%s\n%s", english, french, plain);
  g_assert_nonnull (strstr (english, " 1,234 "));
  /* French groups with a narrow no-break space, and writes 1,00 for 1.00. */
  g_assert_nonnull (strstr (french, "1\u202f234"));
  g_assert_null (strstr (french, "1,234"));
  g_assert_nonnull (strstr (plain, " 1234 "));
}

typedef struct
{
  const char *format;
  const char *grouped;
} GroupedCase;

static void
test_grouped_format (void)
{
  static const GroupedCase cases[] = {
    { "%u mention", "%'u mention" },
    { "%s · %u paragraphs", "%s · %'u paragraphs" },
    { "%u of %u+", "%'u of %'u+" },
    { "%2$u fichiers dans %1$s", "%2$'u fichiers dans %1$s" },
    { "%1$d", "%1$'d" },
    { "%5u|%-8d|%08i", "%'5u|%-'8d|%0'8i" },
    { "%" G_GINT64_FORMAT " rows", "%'" G_GINT64_FORMAT " rows" },
    { "%zu and %lu and %hhd", "%'zu and %'lu and %'hhd" },
    { "100%% of %u", "100%% of %'u" },
    { "%'u already", "%'u already" },
    { "%s and %.2f and %x and %c", "%s and %.2f and %x and %c" },
    { "no conversion", "no conversion" },
    { "trailing %", "trailing %" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpstr (dossier_locale_grouped (cases[i].format), ==, cases[i].grouped);

  /* Interned: the same pointer each time, so callers never free it. */
  g_assert_true (dossier_locale_grouped ("%u mention") == dossier_locale_grouped ("%u mention"));
  g_assert_null (dossier_locale_grouped (NULL));
}

static void
test_numbers_english (void)
{
  g_autofree char *number = NULL;
  g_autofree char *sentence = NULL;
  g_autofree char *small = NULL;
  g_autofree char *negative = NULL;

  if (!use_locale ("en_US.UTF-8"))
    return;
  number = dossier_locale_format_number (1234567);
  sentence = g_strdup_printf (dossier_locale_grouped ("%u of %u mentions"), 1234u, 56789u);
  small = dossier_locale_format_number (999);
  negative = dossier_locale_format_number (-1234);
  g_assert_cmpstr (number, ==, "1,234,567");
  g_assert_cmpstr (sentence, ==, "1,234 of 56,789 mentions");
  g_assert_cmpstr (small, ==, "999");
  g_assert_cmpstr (negative, ==, "-1,234");
  setlocale (LC_ALL, "C.UTF-8");
}

static void
assert_space_grouped (const char *text,
                      const char *before,
                      const char *after)
{
  gunichar separator;

  g_assert_true (g_str_has_prefix (text, before));
  g_assert_true (g_str_has_suffix (text, after));
  g_assert_cmpuint (strlen (text), >, strlen (before) + strlen (after));
  separator = g_utf8_get_char (text + strlen (before));
  /* French writes a narrow no-break space (U+202F), Russian a no-break space. */
  g_assert_true (separator == 0x202F || separator == 0x00A0 || separator == ' ');
}

static void
test_numbers_space_grouped (gconstpointer data)
{
  g_autofree char *number = NULL;
  g_autofree char *sentence = NULL;

  if (!use_locale (data))
    return;
  number = dossier_locale_format_number (1234);
  sentence = g_strdup_printf (dossier_locale_grouped ("%u mentions"), 56789u);
  assert_space_grouped (number, "1", "234");
  assert_space_grouped (sentence, "56", "789 mentions");
  g_assert_null (strchr (number, ','));
  setlocale (LC_ALL, "C.UTF-8");
}

static void
test_numbers_c (void)
{
  g_autofree char *number = NULL;

  setlocale (LC_ALL, "C");
  number = dossier_locale_format_number (1234567);
  g_assert_cmpstr (number, ==, "1234567");
  setlocale (LC_ALL, "C.UTF-8");
}

/* Dates */

static void
test_timestamp (void)
{
  g_autofree char *english = NULL;
  g_autofree char *french = NULL;
  g_autofree char *russian = NULL;
  g_autofree char *bad = NULL;

  if (!use_locale ("en_US.UTF-8"))
    return;
  english = dossier_locale_format_timestamp ("2026-11-30T09:15:00Z");
  g_assert_cmpstr (english, ==, "30 November 2026, 09:15");

  if (!use_locale ("fr_FR.UTF-8"))
    return;
  french = dossier_locale_format_timestamp ("2026-11-30T09:15:00Z");
  g_assert_cmpstr (french, ==, "30 novembre 2026, 09:15");

  if (!use_locale ("ru_RU.UTF-8"))
    return;
  russian = dossier_locale_format_timestamp ("2026-11-30T09:15:00Z");
  g_assert_cmpstr (russian, ==, "30 ноября 2026, 09:15");

  bad = dossier_locale_format_timestamp ("yesterday");
  g_assert_cmpstr (bad, ==, "yesterday");
  g_assert_null (dossier_locale_format_timestamp (NULL));
  setlocale (LC_ALL, "C.UTF-8");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  /* The moments are written in UTC, whatever the machine's zone; English
   * patterns, since no catalogue is bound. */
  g_setenv ("TZ", "UTC", TRUE);
  g_setenv ("LANGUAGE", "C", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("dossier-locale-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_data_func ("/dossier/locale/compare/fr", "fr_FR.UTF-8", test_compare);
  g_test_add_data_func ("/dossier/locale/compare/ru", "ru_RU.UTF-8", test_compare);
  g_test_add_data_func ("/dossier/locale/compare/ar", "ar_EG.UTF-8", test_compare);
  g_test_add_func ("/dossier/locale/collator/keys", test_collator_keys);
  g_test_add ("/dossier/locale/store/lists", Corpus, NULL,
              corpus_set_up, test_store_lists, corpus_tear_down);
  g_test_add ("/dossier/locale/cli/list", Corpus, NULL,
              corpus_set_up, test_cli_lists, corpus_tear_down);
  g_test_add ("/dossier/locale/cli/numbers", Corpus, NULL,
              corpus_set_up, test_cli_numbers, corpus_tear_down);
  g_test_add_func ("/dossier/locale/numbers/grouped-format", test_grouped_format);
  g_test_add_func ("/dossier/locale/numbers/en", test_numbers_english);
  g_test_add_data_func ("/dossier/locale/numbers/fr", "fr_FR.UTF-8", test_numbers_space_grouped);
  g_test_add_data_func ("/dossier/locale/numbers/ru", "ru_RU.UTF-8", test_numbers_space_grouped);
  g_test_add_func ("/dossier/locale/numbers/c", test_numbers_c);
  g_test_add_func ("/dossier/locale/timestamp", test_timestamp);

  status = g_test_run ();
  g_rmdir (tmp_dir);
  g_free (tmp_dir);
  return status;
}
