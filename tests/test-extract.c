/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What the extraction issue promises, checked on the bundled documents and on a
 * document the gazetteer has never seen: OHCHR under its three names, resolution
 * 55/67 as one entity across documents, the Trafficking Protocol as one entity
 * whatever it is called, evidence behind every relation, and the organisations
 * and resolutions of a new document.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>

#include "dossier-extractor.h"
#include "dossier-gazetteer.h"
#include "dossier-importer.h"
#include "dossier-matcher.h"
#include "dossier-paths.h"
#include "dossier-recognisers.h"
#include "dossier-store.h"

static DossierExtractor *extractor = NULL;
static char *tmp_dir = NULL;

static const char * const bundled[] = {
  "E-CN.4-2003-74-traffic-in-women-and-girls.md",
  "ccpcj-2003-note-trafficking-in-human-beings.md",
  "conference-2007-chairs-summary.md",
  "conference-2007-concept-paper.md",
  "egm-2002-aide-memoire.md",
  NULL
};

typedef struct
{
  DossierParsedDocument *doc;
  DossierExtraction     *extraction;
} Extracted;

static void
extracted_clear (Extracted *x)
{
  g_clear_pointer (&x->extraction, dossier_extraction_free);
  g_clear_pointer (&x->doc, dossier_parsed_document_free);
}

static void
extract_file (const char *name,
              Extracted  *x)
{
  g_autofree char *path = g_build_filename (dossier_paths_data_dir (), "corpus", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  x->doc = dossier_import_parse_file (file, NULL, &error);
  g_assert_no_error (error);
  x->extraction = dossier_extractor_run (extractor, x->doc);
  g_assert_nonnull (x->extraction);
}

static void
extract_markdown (const char *text,
                  Extracted  *x)
{
  g_autoptr(GError) error = NULL;

  x->doc = dossier_import_parse_markdown ("synthetic.md", text, -1, &error);
  g_assert_no_error (error);
  x->extraction = dossier_extractor_run (extractor, x->doc);
  g_assert_nonnull (x->extraction);
}

/* The mentions of @key, as "surface" strings with white space collapsed. */
static GPtrArray *
surfaces_of (const Extracted *x,
             const char      *key)
{
  GPtrArray *surfaces = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < x->extraction->mentions->len; i++)
    {
      const DossierMentionDef *m = g_ptr_array_index (x->extraction->mentions, i);
      g_auto(GStrv) words = NULL;

      if (!g_str_equal (m->entity_key, key))
        continue;
      words = g_strsplit_set (m->surface, " \n\t", -1);
      {
        g_autoptr(GString) joined = g_string_new (NULL);

        for (guint w = 0; words[w] != NULL; w++)
          if (*words[w] != '\0')
            g_string_append_printf (joined, "%s%s", joined->len > 0 ? " " : "", words[w]);
        g_ptr_array_add (surfaces, g_string_free (g_steal_pointer (&joined), FALSE));
      }
    }

  return surfaces;
}

static gboolean
has_string (GPtrArray  *strings,
            const char *wanted)
{
  for (guint i = 0; i < strings->len; i++)
    if (g_str_equal (g_ptr_array_index (strings, i), wanted))
      return TRUE;

  return FALSE;
}

static void
test_ohchr_names (void)
{
  Extracted x = { 0, };
  g_autoptr(GPtrArray) surfaces = NULL;
  gboolean the_high_commissioner = FALSE;

  extract_file (bundled[0], &x);
  surfaces = surfaces_of (&x, "org:ohchr");

  g_assert_true (has_string (surfaces, "Office of the United Nations High Commissioner for Human Rights"));
  g_assert_true (has_string (surfaces, "OHCHR"));
  g_assert_true (has_string (surfaces, "High Commissioner for Human Rights"));

  /* ... and that last one where the text says "the High Commissioner for Human Rights". */
  for (guint i = 0; i < x.extraction->mentions->len; i++)
    {
      const DossierMentionDef *m = g_ptr_array_index (x.extraction->mentions, i);
      const DossierBlock *block = g_ptr_array_index (x.doc->blocks, m->block_index);
      g_autofree gunichar *chars = NULL;
      glong n = 0;

      if (!g_str_equal (m->entity_key, "org:ohchr") || !g_str_equal (m->surface, "High Commissioner for Human Rights"))
        continue;
      chars = g_utf8_to_ucs4 (block->text, -1, NULL, &n, NULL);
      g_assert_cmpint (m->end, <=, n);
      if (m->start >= 4 && chars[m->start - 4] == 't' && chars[m->start - 3] == 'h' &&
          chars[m->start - 2] == 'e' && chars[m->start - 1] == ' ')
        the_high_commissioner = TRUE;
    }
  g_assert_true (the_high_commissioner);

  extracted_clear (&x);
}

static void
test_resolution_55_67 (void)
{
  guint documents = 0;

  for (guint d = 0; bundled[d] != NULL; d++)
    {
      Extracted x = { 0, };
      gboolean found = FALSE;

      extract_file (bundled[d], &x);
      for (guint i = 0; i < x.extraction->mentions->len; i++)
        {
          const DossierMentionDef *m = g_ptr_array_index (x.extraction->mentions, i);

          if (g_str_equal (m->entity_key, "res:A/RES/55/67"))
            found = TRUE;
          /* Whatever the wording, 55/67 is that one entity. */
          else if (strstr (m->entity_key, "55/67") != NULL)
            g_error ("%s: “%s” became %s", bundled[d], m->surface, m->entity_key);
        }
      documents += found ? 1 : 0;
      extracted_clear (&x);
    }

  g_assert_cmpuint (documents, >=, 3);
}

static void
test_trafficking_protocol (void)
{
  static const char text[] =
    "# Names of one protocol\n\n"
    "1. States ratified the Palermo Protocol in 2003.\n\n"
    "2. The Trafficking in Persons Protocol entered into force.\n\n"
    "3. The Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women and\n"
    "Children, supplementing the United Nations Convention against Transnational Organized Crime was adopted.\n\n"
    "4. Under the protocol to prevent, suppress and punish trafficking in persons, especially women and children, "
    "States protect victims.\n\n"
    "5. The Trafficking Protocol defines the crime.\n\n"
    "6. The UN Trafficking Protocol’s definition is used.\n";
  static const char * const names[] = {
    "Palermo Protocol", "Trafficking in Persons Protocol",
    "Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women and Children, "
    "supplementing the United Nations Convention against Transnational Organized Crime",
    "protocol to prevent, suppress and punish trafficking in persons, especially women and children",
    "Trafficking Protocol", "UN Trafficking Protocol", NULL
  };
  Extracted x = { 0, };
  g_autoptr(GPtrArray) surfaces = NULL;

  extract_markdown (text, &x);
  surfaces = surfaces_of (&x, "ins:trafficking-protocol");
  for (guint i = 0; names[i] != NULL; i++)
    if (!has_string (surfaces, names[i]))
      g_error ("“%s” is not a mention of the Trafficking Protocol", names[i]);

  /* No other entity claims any of it. */
  for (guint i = 0; i < x.extraction->mentions->len; i++)
    {
      const DossierMentionDef *m = g_ptr_array_index (x.extraction->mentions, i);

      if (strstr (m->surface, "Protocol") != NULL || strstr (m->surface, "protocol") != NULL)
        g_assert_cmpstr (m->entity_key, ==, "ins:trafficking-protocol");
    }

  /* The curated relation is read from the full title, which names the Convention. */
  {
    gboolean supplements = FALSE;

    for (guint i = 0; i < x.extraction->relations->len; i++)
      {
        const DossierRelationDef *r = g_ptr_array_index (x.extraction->relations, i);

        if (g_str_equal (r->kind, "supplements") && g_str_equal (r->source_key, "ins:trafficking-protocol") &&
            g_str_equal (r->target_key, "ins:untoc") && r->evidence->len > 0)
          supplements = TRUE;
      }
    g_assert_true (supplements);
  }

  extracted_clear (&x);
}

/* The recognisers, table-driven */

static void
test_symbols (void)
{
  static const struct
  {
    const char *text;
    const char *keys;   /* space-separated, in order */
  } cases[] = {
    { "See A/57/170.", "doc:A/57/170" },
    { "(E/CN.4/2003/74), para. 16", "doc:E/CN.4/2003/74" },
    { "addendum (E/2002/68/Add.1);", "doc:E/2002/68/Add.1" },
    { "the addendum E/2002/68/Add. 1 of May", "doc:E/2002/68/Add.1" },
    { "Belgium (CRC/C/15/Add.178),", "doc:CRC/C/15/Add.178" },
    { "session (E/CN.4/Sub.2/2002/33), adopted", "doc:E/CN.4/Sub.2/2002/33" },
    { "A/HRC/10/16 and CTOC/COP/2008/CRP.1", "doc:A/HRC/10/16 doc:CTOC/COP/2008/CRP.1" },
    { "PC.DEC/557 of 24 July 2003", "doc:PC.DEC/557" },
    { "Press release DSG/SM/397-GA/10713.", "doc:DSG/SM/397 doc:GA/10713" },
    { "A/RES/55/25 and S/RES/1325 (2000)", "res:A/RES/55/25 res:S/RES/1325(2000)" },
    { "record S/PV.5892", "doc:S/PV.5892" },
    { "see www.unodc.org/odccp/trafficking.html", "" },
    { "http://example.org/A/57/170", "" },
    { "the ratio 1/2 and and/or", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DossierText) text = dossier_text_new (cases[i].text);
      g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_candidate_free);
      g_autoptr(GString) keys = g_string_new (NULL);

      dossier_recognise_symbols (text, candidates);
      for (guint c = 0; c < candidates->len; c++)
        {
          DossierCandidate *candidate = g_ptr_array_index (candidates, c);

          g_string_append_printf (keys, "%s%s", keys->len > 0 ? " " : "", candidate->key);
        }
      if (!g_str_equal (keys->str, cases[i].keys))
        g_error ("“%s”: found “%s”, expected “%s”", cases[i].text, keys->str, cases[i].keys);
    }
}

/* The keys of the mentions of kind resolution in @text, as the extractor finds
 * them in a Commission on Human Rights document or elsewhere. */
static char *
resolution_keys (const char *text)
{
  g_autofree char *markdown = g_strconcat ("# Resolutions\n\n1. ", text, "\n", NULL);
  g_autoptr(GString) keys = g_string_new (NULL);
  Extracted x = { 0, };

  extract_markdown (markdown, &x);
  for (guint i = 0; i < x.extraction->mentions->len; i++)
    {
      const DossierMentionDef *m = g_ptr_array_index (x.extraction->mentions, i);

      if (g_str_has_prefix (m->entity_key, "res:") || g_str_has_prefix (m->entity_key, "dec:") ||
          g_str_has_prefix (m->entity_key, "rec:"))
        g_string_append_printf (keys, "%s%s", keys->len > 0 ? " " : "", m->entity_key);
    }
  extracted_clear (&x);

  return g_string_free (g_steal_pointer (&keys), FALSE);
}

static void
test_resolutions (void)
{
  static const struct
  {
    const char *text;
    const char *keys;
  } cases[] = {
    { "General Assembly resolution 55/67 calls upon Governments.", "res:A/RES/55/67" },
    { "As requested in resolution 55/67 of 4 December 2000, the report", "res:A/RES/55/67" },
    { "the Convention (resolution 55/25, annex I) applies", "res:A/RES/55/25" },
    { "Recalling its resolutions 63/156 and 63/194,", "res:A/RES/63/156 res:A/RES/63/194" },
    { "resolutions 55/25, 58/137 and 59/166 of 20 December 2004", "res:A/RES/55/25 res:A/RES/58/137 res:A/RES/59/166" },
    { "Commission on Human Rights resolution 2002/51 requests", "res:E/CN.4/RES/2002/51" },
    { "Economic and Social Council resolution 2006/27 decided", "res:E/RES/2006/27" },
    { "according to decision 2002/238, the sub-themes", "dec:E/DEC/2002/238" },
    { "the Committee adopted Recommendation 1545 on a campaign", "rec:coe-pace/1545" },
    { "the Universal Declaration (resolution 217 A (III)) proclaims", "res:A/RES/217A(III)" },
    { "Human Rights Council resolution 11/3 on trafficking", "res:A/HRC/RES/11/3" },
    { "Security Council resolution 1325 (2000) on women", "res:S/RES/1325(2000)" },
    { "In accordance with General Assembly resolution 53/208 B, paragraph 8,", "res:A/RES/53/208B" },
    { "decisions 16 (LVI) and 17 (LVI) of 17 May 1974", "dec:E/DEC/16(LVI) dec:E/DEC/17(LVI)" },
    { "In 2002, 145 countries signed; see paragraph 2002/51 nowhere.", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *keys = resolution_keys (cases[i].text);

      if (!g_str_equal (keys, cases[i].keys))
        g_error ("“%s”: found “%s”, expected “%s”", cases[i].text, keys, cases[i].keys);
    }
}

static const char test_gazetteer[] =
  "{\"entities\": ["
  " {\"key\": \"org:ilo\", \"kind\": \"organisation\", \"name\": \"International Labour Organization\", \"short_name\": \"ILO\"},"
  " {\"key\": \"org:unicef\", \"kind\": \"organisation\", \"name\": \"United Nations Children's Fund\", \"short_name\": \"UNICEF\"},"
  " {\"key\": \"body:sub-commission\", \"kind\": \"body\", \"name\": \"Sub-Commission on the Promotion and Protection of Human Rights\"},"
  " {\"key\": \"body:sr\", \"kind\": \"body\", \"name\": \"Special Rapporteur on the sale of children\"},"
  " {\"key\": \"body:tb\", \"kind\": \"body\", \"name\": \"treaty body\"},"
  " {\"key\": \"ins:crc\", \"kind\": \"instrument\", \"name\": \"Convention on the Rights of the Child\"},"
  " {\"key\": \"ins:opsc\", \"kind\": \"instrument\", \"name\": \"Optional Protocol to the Convention on the Rights of the Child\","
  "  \"aliases\": [{\"text\": \"Optional Protocols\", \"plural\": false}]},"
  " {\"key\": \"place:chad\", \"kind\": \"place\", \"name\": \"Chad\", \"case\": \"sensitive\"}"
  "]}";

/* The surfaces and keys the gazetteer's automaton keeps in @text. */
static char *
gazetteer_matches (const DossierGazetteer *gazetteer,
                   const char             *utf8)
{
  g_autoptr(DossierText) text = dossier_text_new (utf8);
  g_autoptr(GArray) matches = g_array_new (FALSE, FALSE, sizeof (DossierMatch));
  g_autoptr(GString) out = g_string_new (NULL);

  dossier_matcher_scan (dossier_gazetteer_get_matcher (gazetteer), text, matches);
  dossier_matches_select_longest (matches);
  for (guint i = 0; i < matches->len; i++)
    {
      const DossierMatch *m = &g_array_index (matches, DossierMatch, i);
      g_autofree char *surface = dossier_text_dup_slice (text, m->start, m->end);

      g_string_append_printf (out, "%s%s=%s", out->len > 0 ? "|" : "", surface,
                              dossier_gazetteer_get_entry (gazetteer, m->value)->key);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_gazetteer_matching (void)
{
  static const struct
  {
    const char *text;
    const char *found;
  } cases[] = {
    { "the international labour organization said", "international labour organization=org:ilo" },
    { "the ILO and the Ilo", "ILO=org:ilo" },
    { "ILOs, ILO-IPEC and XILO", "ILOs=org:ilo|ILO=org:ilo" },
    { "International Labour\nOrganization", "International Labour\nOrganization=org:ilo" },
    { "United Nations Children\u2019s Fund", "United Nations Children\u2019s Fund=org:unicef" },
    { "Sub\u2013Commission on the Promotion and Protection of Human Rights",
      "Sub\u2013Commission on the Promotion and Protection of Human Rights=body:sub-commission" },
    { "the Special Rapporteur on the sale of children", "Special Rapporteur on the sale of children=body:sr" },
    { "human rights treaty bodies and a treaty body", "treaty bodies=body:tb|treaty body=body:tb" },
    { "the Optional Protocol to the Convention on the Rights of the Child entered",
      "Optional Protocol to the Convention on the Rights of the Child=ins:opsc" },
    { "the Convention on the Rights of the Child", "Convention on the Rights of the Child=ins:crc" },
    { "Chad and chad and CHAD", "Chad=place:chad" },
    { "UNICEFF and UNICEF.", "UNICEF=org:unicef" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierGazetteer) gazetteer = dossier_gazetteer_new_from_data (test_gazetteer, -1, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *found = gazetteer_matches (gazetteer, cases[i].text);

      if (!g_str_equal (found, cases[i].found))
        g_error ("“%s”: found “%s”, expected “%s”", cases[i].text, found, cases[i].found);
    }
}

static void
test_gazetteer_errors (void)
{
  static const struct
  {
    const char *json;
    int         code;
    const char *fragment;   /* in the message */
  } cases[] = {
    { "{\"entities\": [", DOSSIER_GAZETTEER_ERROR_PARSE, NULL },
    { "[]", DOSSIER_GAZETTEER_ERROR_INVALID, "entities" },
    { "{\"entities\": [{\"key\": \"org:a\", \"kind\": \"organisation\", \"name\": \"A\"},"
      " {\"key\": \"org:a\", \"kind\": \"organisation\", \"name\": \"B\"}]}",
      DOSSIER_GAZETTEER_ERROR_INVALID, "item 2" },
    { "{\"entities\": [{\"key\": \"org:a\", \"kind\": \"planet\", \"name\": \"A\"}]}",
      DOSSIER_GAZETTEER_ERROR_INVALID, "item 1" },
    { "{\"entities\": [{\"key\": \"org:a\", \"kind\": \"place\", \"name\": \"A\", \"case\": \"loud\"}]}",
      DOSSIER_GAZETTEER_ERROR_INVALID, "item 1" },
    { "{\"entities\": [{\"key\": \"org:a\", \"kind\": \"place\", \"name\": \"A\", \"parent\": \"org:b\"}]}",
      DOSSIER_GAZETTEER_ERROR_INVALID, "item 1" },
    { "{\"entities\": [{\"key\": \"org:a\", \"kind\": \"place\", \"name\": \"A\"}],"
      " \"relations\": [{\"source\": \"org:a\", \"target\": \"org:zz\", \"kind\": \"supplements\"}]}",
      DOSSIER_GAZETTEER_ERROR_INVALID, "item 1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DossierGazetteer) gazetteer = dossier_gazetteer_new_from_data (cases[i].json, -1, &error);

      g_assert_null (gazetteer);
      g_assert_error (error, DOSSIER_GAZETTEER_ERROR, cases[i].code);
      if (cases[i].fragment != NULL && strstr (error->message, cases[i].fragment) == NULL)
        g_error ("“%s”: the message “%s” does not say “%s”", cases[i].json, error->message, cases[i].fragment);
    }
}

/* The bundled gazetteer: loads, and every key it relates or parents exists. */
static void
test_bundled_gazetteer (void)
{
  g_autofree char *path = dossier_paths_dup_gazetteer ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierGazetteer) gazetteer = dossier_gazetteer_new_from_file (path, &error);
  static const char * const wanted[] = {
    "org:unodc", "res:A/RES/55/67", "ins:trafficking-protocol", "ini:ungift", "body:greta",
    "org:unfpa", "org:unicri", "body:sr-trafficking", "body:hrc", "body:icat", NULL
  };
  const DossierGazetteerEntry *unodc;
  gboolean cicip = FALSE, odccp = FALSE;

  g_assert_no_error (error);
  g_assert_cmpuint (dossier_gazetteer_get_n_entries (gazetteer), >, 300);
  g_assert_cmpuint (dossier_gazetteer_get_n_relations (gazetteer), >, 40);
  for (guint i = 0; wanted[i] != NULL; i++)
    if (dossier_gazetteer_lookup (gazetteer, wanted[i]) == NULL)
      g_error ("the gazetteer has no %s", wanted[i]);

  /* ODCCP and CICP (misspelt CICIP in E/CN.4/2003/74) became UNODC. */
  unodc = dossier_gazetteer_lookup (gazetteer, "org:unodc");
  for (guint i = 0; i < unodc->former_names->len; i++)
    {
      const char *name = g_ptr_array_index (unodc->former_names, i);

      cicip |= g_str_equal (name, "CICIP");
      odccp |= g_str_equal (name, "Office for Drug Control and Crime Prevention");
    }
  g_assert_true (cicip);
  g_assert_true (odccp);
  g_assert_cmpstr (dossier_gazetteer_lookup (gazetteer, "body:sr-trafficking")->parent_key, ==, "body:hrc");
}

/* A phrase that puts unknown words before a known name is another entity; one
 * that puts the known name's own organisation there is not. */
static void
test_known_name_extended (void)
{
  static const struct
  {
    const char *phrase;
    const char *key;    /* the key of the mention that covers the head */
  } cases[] = {
    { "the Australian Crime Commission", "body:~australian-crime-commission" },
    { "the National Working Group on Trafficking in Persons", "body:~national-working-group-on-trafficking-in-persons" },
    { "the OAS Permanent Council", "body:~oas-permanent-council" },
    { "the OSCE Permanent Council", "body:osce-pc" },
    { "the UN Human Rights Council", "body:hrc" },
    { "the ILO International Programme on the Elimination of Child Labour", "ini:ipec" },
    { "a Draft Declaration on Trafficking in Human Beings", "ins:osce-porto-declaration" },
    { "the United Nations Office on Drugs and Crime and Vital Voices Global Partnership", "org:vital-voices" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *markdown = g_strdup_printf ("# Bodies\n\n1. Members of %s met.\n", cases[i].phrase);
      Extracted x = { 0, };
      const char *last = NULL;

      extract_markdown (markdown, &x);
      /* The phrase ends each sentence: its head is in the last mention. */
      for (guint m = 0; m < x.extraction->mentions->len; m++)
        {
          const DossierMentionDef *mention = g_ptr_array_index (x.extraction->mentions, m);

          if (mention->block_index == 1)
            last = mention->entity_key;
        }
      if (g_strcmp0 (last, cases[i].key) != 0)
        g_error ("“%s”: the name ends in %s, expected %s", cases[i].phrase, last, cases[i].key);
      extracted_clear (&x);
    }
}

/* The CLI */

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

static void
run_cli (Run        *run,
         const char *db,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data_home = g_build_filename (tmp_dir, "data-home", NULL);
  const char *arg;
  va_list ap;

  run_clear (run);
  g_ptr_array_add (args, (gpointer) g_getenv ("DOSSIER_CLI"));
  g_ptr_array_add (args, (gpointer) "--db");
  g_ptr_array_add (args, (gpointer) db);
  va_start (ap, db);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "C", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) args->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
}

static JsonArray *
parse_array (JsonParser *parser,
             const char *json)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)));

  return json_node_get_array (json_parser_get_root (parser));
}

static void
test_relations_have_evidence (void)
{
  g_autofree char *db = g_build_filename (tmp_dir, "evidence.db", NULL);
  g_autofree char *corpus = g_build_filename (dossier_paths_data_dir (), "corpus", NULL);
  g_autofree char *testdata = g_test_build_filename (G_TEST_DIST, "data", "testdata", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  Run run = { 0, };
  JsonArray *relations;
  guint typed = 0, supplements = 0;

  run_cli (&run, db, "import", corpus, testdata, NULL);
  g_assert_cmpint (run.status, ==, 0);
  /* Extraction run again over the whole corpus keeps the evidence too. */
  run_cli (&run, db, "reindex", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (&run, db, "--json", "relations", NULL);
  g_assert_cmpint (run.status, ==, 0);

  relations = parse_array (parser, run.out);
  g_assert_cmpuint (json_array_get_length (relations), >, 100);
  for (guint i = 0; i < json_array_get_length (relations); i++)
    {
      JsonObject *relation = json_array_get_object_element (relations, i);
      JsonArray *evidence = json_object_get_array_member (relation, "evidence");
      const char *kind = json_object_get_string_member (relation, "kind");

      if (json_array_get_length (evidence) == 0)
        g_error ("%s %s %s has no evidence",
                 json_object_get_string_member (json_object_get_object_member (relation, "source"), "key"),
                 kind,
                 json_object_get_string_member (json_object_get_object_member (relation, "target"), "key"));
      for (guint e = 0; e < json_array_get_length (evidence); e++)
        {
          JsonObject *citation = json_array_get_object_element (evidence, e);
          const char *text = json_object_get_string_member_with_default (citation, "citation", NULL);

          g_assert_nonnull (text);
          g_assert_cmpstr (text, !=, "");
        }

      if (g_strcmp0 (kind, "co-mention") != 0 && g_strcmp0 (kind, "mentions") != 0)
        typed++;
      if (g_strcmp0 (kind, "supplements") == 0)
        supplements++;
    }
  g_assert_cmpuint (typed, >=, 40);
  g_assert_cmpuint (supplements, >=, 2);

  run_clear (&run);
}

static void
test_unseen_document (void)
{
  static const char text[] =
    "# Regional cooperation against trafficking around the Baltic Sea\n\n"
    "1. The Council of the Baltic Sea States Task Force against Trafficking in Human Beings "
    "(TF-THB) met in Riga in cooperation with the Nordic Council of Ministers and the Baltic "
    "Anti-Trafficking Coalition.\n\n"
    "2. Recalling Human Rights Council resolution 11/3 and Economic and Social Council "
    "resolution 2008/33, the TF-THB reported on its work.\n\n"
    "3. The Latvian Centre for Human Rights organized a workshop with the Lithuanian Caritas "
    "Association and the Estonian Women's Studies and Resource Centre.\n";
  static const char * const expected[] = {
    "Council of the Baltic Sea States Task Force against Trafficking in Human Beings",
    "Nordic Council of Ministers", "Baltic Anti-Trafficking Coalition",
    "Latvian Centre for Human Rights", "Lithuanian Caritas Association",
    "Estonian Women's Studies and Resource Centre", NULL
  };
  g_autofree char *db = g_build_filename (tmp_dir, "unseen.db", NULL);
  g_autofree char *path = g_build_filename (tmp_dir, "baltic-cooperation.md", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);
  Run run = { 0, };
  JsonArray *entities;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);

  run_cli (&run, db, "import", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (&run, db, "--json", "entities", "--document", path, NULL);
  g_assert_cmpint (run.status, ==, 0);

  entities = parse_array (parser, run.out);
  for (guint i = 0; i < json_array_get_length (entities); i++)
    {
      JsonObject *entity = json_array_get_object_element (entities, i);
      const char *origin = json_object_get_string_member (entity, "origin");

      g_hash_table_add (keys, (gpointer) json_object_get_string_member (entity, "key"));
      /* Symbols and resolution numbers are certain; names read from phrasing are not. */
      if (g_strcmp0 (origin, "pattern") != 0 ||
          g_strcmp0 (json_object_get_string_member (entity, "kind"), "resolution") == 0 ||
          g_strcmp0 (json_object_get_string_member (entity, "kind"), "document") == 0)
        continue;
      /* What no gazetteer vouches for carries a confidence below certainty. */
      g_assert_cmpfloat (json_object_get_double_member (entity, "confidence"), <, 1.0);
      g_assert_cmpfloat (json_object_get_double_member (entity, "confidence"), >, 0.0);
      g_hash_table_add (names, (gpointer) json_object_get_string_member (entity, "name"));
    }

  for (guint i = 0; expected[i] != NULL; i++)
    if (!g_hash_table_contains (names, expected[i]))
      g_error ("the new organisation “%s” is not among the entities:\n%s", expected[i], run.out);
  g_assert_true (g_hash_table_contains (keys, "res:A/HRC/RES/11/3"));
  g_assert_true (g_hash_table_contains (keys, "res:E/RES/2008/33"));

  /* The acronym the document defines is a name of the Task Force. */
  run_cli (&run, db, "--json", "mentions", "TF-THB", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "TF-THB"));

  run_clear (&run);
}

static gint64
count_rows (sqlite3    *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* The store writes a document's mentions, relations and evidence in
 * statements of a fixed number of rows, leaving the rows a document does not
 * fill empty: a document with more rows than one statement holds must land
 * whole, in its order. */
static void
test_written_whole (void)
{
  g_autoptr(GString) text = g_string_new ("# Many mentions\n\n");
  g_autofree char *path = g_build_filename (tmp_dir, "written-whole.db", NULL);
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(GError) error = NULL;
  Extracted x = { NULL, };
  DossierImportOutcome outcome;
  gint64 document_id = 0;
  guint n_evidence = 0, n_with_evidence = 0, k = 0;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db;

  /* Each paragraph names the same organisations and five resolutions of its
   * own: hundreds of mentions, co-mentions and evidence rows. */
  for (guint p = 1; p <= 120; p++)
    g_string_append_printf (text,
                            "%u. The United Nations Office on Drugs and Crime, UNICEF and the "
                            "International Organization for Migration recalled General Assembly "
                            "resolutions 50/%u, 51/%u, 52/%u, 53/%u and 54/%u.\n\n",
                            p, p, p, p, p, p);
  extract_markdown (text->str, &x);
  for (guint i = 0; i < x.extraction->relations->len; i++)
    {
      const DossierRelationDef *r = g_ptr_array_index (x.extraction->relations, i);

      n_evidence += r->evidence->len;
      n_with_evidence += r->evidence->len > 0 ? 1 : 0;
    }
  g_assert_cmpuint (x.extraction->mentions->len, >, 1024);
  g_assert_cmpuint (n_with_evidence, >, 1024);
  g_assert_cmpuint (n_evidence, >, 1024);

  store = dossier_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (dossier_store_import_extracted (store, x.doc, "written-whole", x.extraction,
                                                 &outcome, &document_id, &error));
  g_assert_no_error (error);
  db = dossier_store_get_handle (store);

  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM mention"), ==, x.extraction->mentions->len);
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM relation_evidence"), ==, n_evidence);
  g_assert_cmpint (count_rows (db, "SELECT count(DISTINCT relation_id) FROM relation_evidence"), ==,
                   n_with_evidence);

  /* Row ids follow the extraction's order. */
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT b.seq, m.start, m.end, e.key FROM mention m"
                                       " JOIN block b ON b.id = m.block_id"
                                       " JOIN entity e ON e.id = m.entity_id ORDER BY m.id",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const DossierMentionDef *m = g_ptr_array_index (x.extraction->mentions, k++);

      g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, m->block_index);
      g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, m->start);
      g_assert_cmpint (sqlite3_column_int (stmt, 2), ==, m->end);
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 3), ==, m->entity_key);
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (k, ==, x.extraction->mentions->len);

  extracted_clear (&x);
}

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_remove (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  extractor = dossier_extractor_new (NULL, &error);
  g_assert_no_error (error);
  tmp_dir = g_dir_make_tmp ("dossier-extract-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/dossier/extract/symbols", test_symbols);
  g_test_add_func ("/dossier/extract/resolutions", test_resolutions);
  g_test_add_func ("/dossier/extract/gazetteer-matching", test_gazetteer_matching);
  g_test_add_func ("/dossier/extract/gazetteer-errors", test_gazetteer_errors);
  g_test_add_func ("/dossier/extract/bundled-gazetteer", test_bundled_gazetteer);
  g_test_add_func ("/dossier/extract/known-name-extended", test_known_name_extended);
  g_test_add_func ("/dossier/extract/ohchr-names", test_ohchr_names);
  g_test_add_func ("/dossier/extract/resolution-55-67", test_resolution_55_67);
  g_test_add_func ("/dossier/extract/trafficking-protocol", test_trafficking_protocol);
  g_test_add_func ("/dossier/extract/relations-have-evidence", test_relations_have_evidence);
  g_test_add_func ("/dossier/extract/unseen-document", test_unseen_document);
  g_test_add_func ("/dossier/extract/written-whole", test_written_whole);

  status = g_test_run ();

  g_clear_object (&extractor);
  remove_tree (tmp_dir);
  g_free (tmp_dir);

  return status;
}
