/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The importer on the bundled corpus, on the test documents in
 * tests/data/testdata, and on files that are not what they claim to be.
 * The expected numbers come from reading the documents.
 */

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "dossier-importer.h"
#include "dossier-limits.h"

/* Helpers */

static char *
corpus_path (const char *file)
{
  const char *data_dir = g_getenv ("DOSSIER_DATA_DIR");

  if (data_dir != NULL)
    return g_build_filename (data_dir, "corpus", file, NULL);
  return g_test_build_filename (G_TEST_DIST, "..", "data", "corpus", file, NULL);
}

static char *
testdata_path (const char *file)
{
  return g_test_build_filename (G_TEST_DIST, "data", "testdata", file, NULL);
}

static DossierParsedDocument *
load_path (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  DossierParsedDocument *doc;

  doc = dossier_import_parse_file (file, &bytes, &error);
  g_assert_no_error (error);
  g_assert_nonnull (doc);
  g_assert_nonnull (bytes);
  g_assert_cmpuint (g_bytes_get_size (bytes), >, 0);
  return doc;
}

static DossierParsedDocument *
load_corpus (const char *file)
{
  g_autofree char *path = corpus_path (file);

  return load_path (path);
}

static DossierParsedDocument *
load_testdata (const char *file)
{
  g_autofree char *path = testdata_path (file);

  return load_path (path);
}

static DossierBlock *
block_at (DossierParsedDocument *doc,
          guint                  i)
{
  return g_ptr_array_index (doc->blocks, i);
}

static DossierBlock *
find_block (DossierParsedDocument *doc,
            DossierBlockKind       kind,
            const char            *label)
{
  for (guint i = 0; i < doc->blocks->len; i++)
    {
      DossierBlock *block = block_at (doc, i);

      if (block->kind == kind && g_strcmp0 (block->label, label) == 0)
        return block;
    }
  return NULL;
}

static DossierBlock *
find_heading (DossierParsedDocument *doc,
              const char            *text)
{
  for (guint i = 0; i < doc->blocks->len; i++)
    {
      DossierBlock *block = block_at (doc, i);

      if (block->kind == DOSSIER_BLOCK_HEADING && g_strcmp0 (block->text, text) == 0)
        return block;
    }
  return NULL;
}

static DossierBlock *
numbered (DossierParsedDocument *doc,
          const char            *label)
{
  DossierBlock *block = find_block (doc, DOSSIER_BLOCK_PARAGRAPH, label);

  g_assert_nonnull (block);
  return block;
}

/* The labels of the blocks of @kind, joined by commas; "-" for a missing one. */
static char *
labels_of (DossierParsedDocument *doc,
           DossierBlockKind       kind,
           gboolean               labelled_only)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < doc->blocks->len; i++)
    {
      DossierBlock *block = block_at (doc, i);

      if (block->kind != kind || (labelled_only && block->label == NULL))
        continue;
      if (out->len > 0)
        g_string_append_c (out, ',');
      g_string_append (out, block->label != NULL ? block->label : "-");
    }

  return g_string_free (out, FALSE);
}

static char *
sequence (guint first,
          guint last)
{
  GString *out = g_string_new (NULL);

  for (guint i = first; i <= last; i++)
    g_string_append_printf (out, "%s%u", i > first ? "," : "", i);
  return g_string_free (out, FALSE);
}

/* The corpus, document by document */

typedef struct
{
  const char *id;
  const char *file;
  const char *title;
  const char *symbol;
  const char *kind;
  const char *date;
  const char *body;
  const char *session;
  guint       headings;
  guint       paragraphs;      /* numbered */
  guint       notes;
  guint       items;
  guint       contacts;
  const char *heading_labels;  /* labelled headings, in order */
  const char *note_labels;     /* all notes, in order; "-" for a lost marker */
} CorpusCase;

static const CorpusCase corpus_cases[] = {
  {
    "report", "E-CN.4-2003-74-traffic-in-women-and-girls.md",
    "Traffic in women and girls", "E/CN.4/2003/74", "report", "2003-01-20",
    "Commission on Human Rights", "Fifty-ninth session",
    16, 49, 12, 0, 0,
    "I,A,B,C,D,E,F,II,A,B,C,III,IV",
    "*,1,2,3,4,5,6,7,8,9,10,11",
  },
  {
    "note", "ccpcj-2003-note-trafficking-in-human-beings.md",
    "Trafficking in human beings, especially women and children", NULL, "note", "2003-03-26",
    "Commission on Crime Prevention and Criminal Justice", "Twelfth session",
    14, 27, 4, 14, 0,
    "I,II,III,A,B,C,D,E,IV,A,B,C,V",
    "*,**,***,1",
  },
  {
    "summary", "conference-2007-chairs-summary.md",
    "Trafficking in Women and Girls: Meeting the Challenge Together \xe2\x80\x94 Chairs\xe2\x80\x99 summary",
    NULL, "summary", "2007-03-05", NULL, NULL,
    5, 40, 1, 0, 0,
    "I,II,III",
    "-",
  },
  {
    "concept-paper", "conference-2007-concept-paper.md",
    "Trafficking in Women and Girls: Meeting the Challenge Together \xe2\x80\x94 Concept paper",
    NULL, "concept paper", "2007-03-05", NULL, NULL,
    13, 0, 0, 12, 4,
    "1,2,3,4,1,2,5,6",
    "",
  },
  {
    "aide-memoire", "egm-2002-aide-memoire.md",
    "Expert Group Meeting on \"Trafficking in women and girls\"", NULL, "aide-memoire", "2002-11-18",
    "Division for the Advancement of Women", NULL,
    6, 0, 0, 6, 0,
    "I,II,III,IV,V,VI",
    "",
  },
};

static void
test_corpus_metadata (gconstpointer data)
{
  const CorpusCase *c = data;
  g_autoptr(DossierParsedDocument) doc = load_corpus (c->file);

  g_assert_cmpstr (doc->source_name, ==, c->file);
  g_assert_cmpstr (doc->format, ==, "markdown");
  g_assert_cmpstr (doc->title, ==, c->title);
  g_assert_cmpstr (doc->symbol, ==, c->symbol);
  g_assert_cmpstr (doc->kind, ==, c->kind);
  g_assert_cmpstr (doc->date, ==, c->date);
  g_assert_cmpstr (doc->body, ==, c->body);
  g_assert_cmpstr (doc->session, ==, c->session);
  g_assert_cmpstr (doc->language, ==, "en");
}

static void
test_corpus_structure (gconstpointer data)
{
  const CorpusCase *c = data;
  g_autoptr(DossierParsedDocument) doc = load_corpus (c->file);
  g_autofree char *paragraphs = labels_of (doc, DOSSIER_BLOCK_PARAGRAPH, TRUE);
  g_autofree char *expected = c->paragraphs > 0 ? sequence (1, c->paragraphs) : g_strdup ("");
  g_autofree char *headings = labels_of (doc, DOSSIER_BLOCK_HEADING, TRUE);
  g_autofree char *notes = labels_of (doc, DOSSIER_BLOCK_NOTE, FALSE);

  g_assert_cmpuint (dossier_parsed_document_count (doc, DOSSIER_BLOCK_HEADING, FALSE), ==, c->headings);
  g_assert_cmpuint (dossier_parsed_document_count (doc, DOSSIER_BLOCK_PARAGRAPH, TRUE), ==, c->paragraphs);
  g_assert_cmpuint (dossier_parsed_document_count (doc, DOSSIER_BLOCK_NOTE, FALSE), ==, c->notes);
  g_assert_cmpuint (dossier_parsed_document_count (doc, DOSSIER_BLOCK_ITEM, FALSE), ==, c->items);
  g_assert_cmpuint (dossier_parsed_document_count (doc, DOSSIER_BLOCK_CONTACT, FALSE), ==, c->contacts);

  /* Numbered paragraphs are labelled 1..N in reading order. */
  g_assert_cmpstr (paragraphs, ==, expected);
  g_assert_cmpstr (headings, ==, c->heading_labels);
  g_assert_cmpstr (notes, ==, c->note_labels);

  for (guint i = 0; i < doc->blocks->len; i++)
    {
      DossierBlock *block = block_at (doc, i);

      g_assert_cmpuint (block->seq, ==, i);
      g_assert_cmpuint (block->id, ==, 0);
      if (block->kind == DOSSIER_BLOCK_HEADING)
        g_assert_cmpint (block->level, >=, 1);
      /* Every body block of these documents sits under some heading. */
      if (block->kind == DOSSIER_BLOCK_PARAGRAPH && block->label != NULL)
        g_assert_nonnull (block->heading_path);
    }
}

/* No markup, escapes, entities, tabs or control characters in any text. */
static void
assert_clean (DossierParsedDocument *doc)
{
  static const char *const forbidden[] = {
    "**", "<u>", "</u>", "<sup>", "<i>", "<b>", "\\_", "\\", "&amp;", "&lt;", "&quot;",
    "\xef\xbf\xbd", "\xc2\xb9", "\xc2\xb2", "\xc2\xb3", "\xe2\x81\xb4", "\xc2\xa0", "  ",
  };

  for (guint i = 0; i < doc->blocks->len; i++)
    {
      DossierBlock *block = block_at (doc, i);
      gboolean lines_allowed = block->kind == DOSSIER_BLOCK_CONTACT || block->kind == DOSSIER_BLOCK_FRONT;

      g_assert_true (g_utf8_validate (block->text, -1, NULL));
      g_assert_cmpstr (block->text, !=, "");
      g_assert_false (g_ascii_isspace (block->text[0]));
      g_assert_false (g_ascii_isspace (block->text[strlen (block->text) - 1]));

      for (guint f = 0; f < G_N_ELEMENTS (forbidden); f++)
        {
          if (strstr (block->text, forbidden[f]) != NULL)
            g_error ("%s: block %u contains “%s”: %s", doc->source_name, i, forbidden[f], block->text);
        }

      for (const char *p = block->text; *p != '\0'; p++)
        {
          if (*p == '\n' && lines_allowed)
            continue;
          if ((guchar) *p < 0x20 || *p == 0x7f)
            g_error ("%s: block %u has control character 0x%02x", doc->source_name, i, (guchar) *p);
        }

      if (block->label != NULL)
        g_assert_true (g_utf8_validate (block->label, -1, NULL));
    }
}

static void
test_corpus_clean_text (gconstpointer data)
{
  const CorpusCase *c = data;
  g_autoptr(DossierParsedDocument) doc = load_corpus (c->file);

  assert_clean (doc);
}

/* E/CN.4/2003/74 in detail */

static void
test_report_heading_paths (void)
{
  g_autoptr(DossierParsedDocument) doc = load_corpus (corpus_cases[0].file);
  DossierBlock *block;

  g_assert_cmpstr (numbered (doc, "16")->heading_path, ==,
                   "I. ACTIVITIES OF UNITED NATIONS BODIES AND SPECIALIZED AGENCIES\n"
                   "B. Office of the United Nations High Commissioner for Human Rights (OHCHR)");
  g_assert_cmpstr (numbered (doc, "1")->heading_path, ==, "Introduction");
  g_assert_cmpstr (numbered (doc, "3")->heading_path, ==,
                   "I. ACTIVITIES OF UNITED NATIONS BODIES AND SPECIALIZED AGENCIES");
  g_assert_cmpstr (numbered (doc, "36")->heading_path, ==,
                   "II. ACTIVITIES OF OTHER INTERNATIONAL ORGANIZATIONS\n"
                   "A. International Organization for Migration");
  g_assert_cmpstr (numbered (doc, "49")->heading_path, ==, "IV. CONCLUSIONS");
  g_assert_cmpstr (find_block (doc, DOSSIER_BLOCK_NOTE, "11")->heading_path, ==, "Notes");

  /* The bold heading that a line break cut in two is one heading. */
  block = find_block (doc, DOSSIER_BLOCK_HEADING, "B");
  g_assert_nonnull (block);
  g_assert_cmpstr (block->text, ==,
                   "B. Office of the United Nations High Commissioner for Human Rights (OHCHR)");
  g_assert_cmpint (block->level, ==, 2);
  g_assert_cmpint (find_block (doc, DOSSIER_BLOCK_HEADING, "IV")->level, ==, 1);

  /* The executive summary is text, under its own heading. */
  block = find_heading (doc, "Executive summary");
  g_assert_nonnull (block);
  g_assert_cmpint (block->level, ==, 1);
}

static void
test_report_page_breaks (void)
{
  g_autoptr(DossierParsedDocument) doc = load_corpus (corpus_cases[0].file);
  static const struct
  {
    const char *label;
    const char *joined;
  } joins[] = {
    { "5", "adopted by the General Assembly in May 2000 entered into force on 18 January 2002." },
    { "19", "focused on supporting governmental action, assisting in the development" },
    { "30", "within the migration framework which has in turn resulted in a reluctance" },
    { "34", "has also actively participated in regional conferences on trafficking" },
    { "38", "the right to an extended stay in the country. One reason for this measure" },
    { "43", "a campaign against trafficking in women. The Committee noted the increase" },
    { "46", "not limited to United Nations organizations and currently incorporates the regular" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (joins); i++)
    {
      DossierBlock *block = numbered (doc, joins[i].label);

      if (strstr (block->text, joins[i].joined) == NULL)
        g_error ("paragraph %s was not joined across the page break: %s", joins[i].label, block->text);
    }

  /* No continuation is left standing alone. */
  for (guint i = 0; i < doc->blocks->len; i++)
    {
      DossierBlock *block = block_at (doc, i);

      if (block->kind == DOSSIER_BLOCK_PARAGRAPH)
        {
          g_assert_false (g_str_has_prefix (block->text, "May 2000"));
          g_assert_false (g_str_has_prefix (block->text, "has in turn"));
          g_assert_false (g_str_has_prefix (block->text, "Committee noted"));
        }
    }

  /* Paragraph 5 ends where the page-broken sentence ends, not earlier. */
  g_assert_true (g_str_has_suffix (numbered (doc, "5")->text,
                                   "Article 35 deals with the prevention of abduction of, the sale of or "
                                   "traffic in children for any purpose or in any form."));
  /* Paragraph 1 lost its footnote marker, not its full stop. */
  g_assert_true (g_str_has_suffix (numbered (doc, "1")->text, "of the Commission on Human Rights."));
  /* Paragraph 48 was bold. */
  g_assert_true (g_str_has_prefix (numbered (doc, "48")->text, "The information presented above"));
}

static void
test_report_front_and_contents (void)
{
  g_autoptr(DossierParsedDocument) doc = load_corpus (corpus_cases[0].file);
  gboolean body_started = FALSE;
  guint front = 0;
  guint introductions = 0;

  for (guint i = 0; i < doc->blocks->len; i++)
    {
      DossierBlock *block = block_at (doc, i);

      if (block->kind == DOSSIER_BLOCK_FRONT)
        {
          /* The masthead comes first and stays out of the body. */
          g_assert_false (body_started);
          g_assert_null (block->heading_path);
          front++;
        }
      else if (block->kind == DOSSIER_BLOCK_HEADING)
        body_started = TRUE;

      /* The table of contents is gone: its ranges, header and title. */
      g_assert_null (strstr (block->text, "3 - 34"));
      g_assert_null (strstr (block->text, "Paragraphs"));
      g_assert_cmpstr (block->text, !=, "CONTENTS");
      if (block->kind == DOSSIER_BLOCK_HEADING && strcmp (block->text, "Introduction") == 0)
        introductions++;
      if (block->kind != DOSSIER_BLOCK_FRONT)
        {
          g_assert_null (strstr (block->text, "Distr."));
          g_assert_null (strstr (block->text, "Original: ENGLISH"));
        }
    }

  g_assert_cmpuint (front, >=, 5);
  g_assert_cmpuint (introductions, ==, 1);
  g_assert_cmpint (block_at (doc, 0)->kind, ==, DOSSIER_BLOCK_FRONT);

  /* The first note is the asterisk of "Report of the Secretary-General*". */
  g_assert_true (g_str_has_prefix (find_block (doc, DOSSIER_BLOCK_NOTE, "*")->text,
                                   "In accordance with General Assembly resolution 53/208 B"));
  g_assert_cmpstr (find_block (doc, DOSSIER_BLOCK_NOTE, "10")->text, ==,
                   "Recommendation 1526 (2001) on a campaign against trafficking in minors to put a "
                   "stop to the Eastern European route: the example of Moldova.");
}

/* The other documents in detail */

static void
test_note_details (void)
{
  g_autoptr(DossierParsedDocument) doc = load_corpus (corpus_cases[1].file);
  DossierBlock *block;

  /* The agenda symbol sits in a footnote: it is no symbol of the note's own. */
  g_assert_null (doc->symbol);
  g_assert_cmpstr (find_block (doc, DOSSIER_BLOCK_NOTE, "**")->text, ==, "E/CN.15/2003/1.");
  g_assert_cmpstr (find_block (doc, DOSSIER_BLOCK_NOTE, "1")->text, ==,
                   "Report of the Fourth World Conference on Women, Beijing, 4-15 September 1995 "
                   "(United Nations publication, Sales No. E.96.IV.13), chap. I, resolution 1, annex II.");

  /* "(f)" after a blank line is the sixth item of paragraph 4. */
  block = find_block (doc, DOSSIER_BLOCK_ITEM, "(f)");
  g_assert_nonnull (block);
  g_assert_cmpstr (block->text, ==, "Report of the expert group meeting on trafficking in women and girls (see E/CN.6/2003/7).");
  g_assert_cmpstr (find_block (doc, DOSSIER_BLOCK_ITEM, "(a)")->text, ==, "Trends in trafficking in human beings;");

  g_assert_cmpstr (numbered (doc, "14")->heading_path, ==,
                   "III. Investigating and prosecuting cases on trafficking in human beings: national and "
                   "international law enforcement cooperation and assistance\n"
                   "C. The role of the victim in the criminal justice process");
  g_assert_cmpstr (numbered (doc, "20")->heading_path, ==,
                   "IV. Awareness-raising and social intervention: victim support and the role of civil society\n"
                   "A. Addressing root causes");

  /* Page breaks inside paragraphs 15 and 19. */
  g_assert_nonnull (strstr (numbered (doc, "15")->text, "threatened. Investigation methods that do not require"));
  g_assert_nonnull (strstr (numbered (doc, "19")->text, "forced prostitution for (male) peacekeepers"));

  /* The second half of the table of contents, after the footnotes, is gone. */
  for (guint i = 0; i < doc->blocks->len; i++)
    g_assert_null (strstr (block_at (doc, i)->text, "Addressing root causes 20"));
}

static void
test_summary_details (void)
{
  g_autoptr(DossierParsedDocument) doc = load_corpus (corpus_cases[2].file);
  DossierBlock *block;

  /* "2. …\n3. …\n4. …" without blank lines are three paragraphs. */
  g_assert_true (g_str_has_prefix (numbered (doc, "2")->text, "The conference was organised as a part"));
  g_assert_true (g_str_has_suffix (numbered (doc, "2")->text, "violence against the girl child."));
  g_assert_true (g_str_has_prefix (numbered (doc, "3")->text, "The conference was attended by over 400 people"));
  g_assert_true (g_str_has_prefix (numbered (doc, "4")->text, "Special guests of the conference"));

  /* "28. …" and its stray full stop on the next line. */
  g_assert_true (g_str_has_suffix (numbered (doc, "28")->text,
                                   "Guidelines of OHCHR on Human Rights and Human Trafficking."));

  /* " II. Key findings" hid in paragraph 9 as a lazy continuation line. */
  g_assert_true (g_str_has_suffix (numbered (doc, "9")->text, "rallying public support to fight human trafficking."));
  block = find_block (doc, DOSSIER_BLOCK_HEADING, "II");
  g_assert_nonnull (block);
  g_assert_cmpstr (block->text, ==, "II. Key findings");
  g_assert_nonnull (find_heading (doc, "Understanding the threats posed by trafficking in persons:"));

  g_assert_cmpstr (numbered (doc, "10")->heading_path, ==,
                   "II. Key findings\nUnderstanding the threats posed by trafficking in persons:");
  g_assert_cmpstr (numbered (doc, "20")->heading_path, ==,
                   "II. Key findings\nImportant dimensions of a coordinated and integrated response");
  g_assert_cmpstr (numbered (doc, "38")->heading_path, ==, "III. Conclusions of the conference:");

  /* The note whose marker a converter lost. */
  block = find_block (doc, DOSSIER_BLOCK_NOTE, NULL);
  g_assert_nonnull (block);
  g_assert_true (g_str_has_prefix (block->text, "Text presented to the Economic and Social Council"));

  /* Double spaces after numbers are folded. */
  g_assert_true (g_str_has_prefix (numbered (doc, "14")->text, "Participants agreed"));
}

static void
test_concept_paper_details (void)
{
  g_autoptr(DossierParsedDocument) doc = load_corpus (corpus_cases[3].file);
  g_autofree char *top = NULL;
  GString *levels = g_string_new (NULL);
  DossierBlock *block;
  guint contact_seen = 0;

  /* Sections 1–6 are the top level, whatever their Markdown level. */
  for (guint i = 0; i < doc->blocks->len; i++)
    {
      block = block_at (doc, i);
      if (block->kind == DOSSIER_BLOCK_HEADING && block->level == 1)
        g_string_append_printf (levels, "%s%s", levels->len > 0 ? "," : "", block->label);
    }
  top = g_string_free (levels, FALSE);
  g_assert_cmpstr (top, ==, "1,2,3,4,5,6");

  g_assert_nonnull (find_heading (doc, "1. Background"));
  block = find_heading (doc, "1. Morning session (Social and Economic Council Chamber, 10 am \xe2\x80\x93 1 pm)");
  g_assert_nonnull (block);
  g_assert_cmpstr (block->heading_path, ==, "4. Tentative programme");

  /* Contacts: one block per organisation, lines kept, <sup> and escapes undone. */
  for (guint i = 0; i < doc->blocks->len; i++)
    {
      block = block_at (doc, i);
      if (block->kind != DOSSIER_BLOCK_CONTACT)
        continue;
      g_assert_true (g_str_has_prefix (block->heading_path, "6. Contacts\n"));
      if (contact_seen++ == 0)
        {
          g_assert_nonnull (strstr (block->text, "\n136 East 67th Street, 4th Floor\n"));
          g_assert_nonnull (strstr (block->text, "e-mail: andrei_metelitsa@hotmail.com"));
          g_assert_nonnull (strstr (block->text, "Tel. +1 212 772 2354"));
        }
    }
  g_assert_cmpuint (contact_seen, ==, 4);

  /* The masthead's heading is the title, not a section. */
  g_assert_null (find_heading (doc, "TRAFFICKING IN WOMEN AND GIRLS: MEETING THE CHALLENGE TOGETHER"));
  g_assert_null (find_heading (doc, "CONCEPT PAPER"));
}

static void
test_aide_memoire_details (void)
{
  g_autoptr(DossierParsedDocument) doc = load_corpus (corpus_cases[4].file);
  guint joined = 0;

  for (guint i = 0; i < doc->blocks->len; i++)
    {
      DossierBlock *block = block_at (doc, i);

      if (strstr (block->text, "Sub-Commission on the Promotion and Protection of Human Rights takes up "
                               "trafficking in persons") != NULL)
        {
          g_assert_cmpint (block->kind, ==, DOSSIER_BLOCK_PARAGRAPH);
          g_assert_cmpstr (block->heading_path, ==, "I. Background");
          joined++;
        }
      g_assert_false (g_str_has_prefix (block->text, "Human Rights takes up"));
      if (block->kind == DOSSIER_BLOCK_ITEM)
        {
          g_assert_null (block->label);
          g_assert_cmpstr (block->heading_path, ==, "II. Objectives");
        }
    }
  g_assert_cmpuint (joined, ==, 1);
}

/* Citations */

static void
test_citations (void)
{
  g_autoptr(DossierParsedDocument) report = load_corpus (corpus_cases[0].file);
  g_autoptr(DossierParsedDocument) note = load_corpus (corpus_cases[1].file);
  g_autoptr(DossierParsedDocument) concept = load_corpus (corpus_cases[3].file);
  g_autoptr(DossierParsedDocument) protocol = load_testdata ("Palermo_Trafficking_Protocol_2000.md");
  g_autoptr(DossierBlock) loose = dossier_block_new (DOSSIER_BLOCK_PARAGRAPH, NULL, "Text.");
  struct
  {
    DossierParsedDocument *doc;
    DossierBlock          *block;
    const char            *citation;
  } cases[] = {
    { report, numbered (report, "16"), "E/CN.4/2003/74, para. 16" },
    { report, find_block (report, DOSSIER_BLOCK_NOTE, "3"), "E/CN.4/2003/74, note 3" },
    { report, find_block (report, DOSSIER_BLOCK_HEADING, "B"), "E/CN.4/2003/74, sect. I.B" },
    { report, find_heading (report, "Executive summary"), "E/CN.4/2003/74, Executive summary" },
    { note, find_block (note, DOSSIER_BLOCK_ITEM, "(b)"),
      "Trafficking in human beings, especially women and children, sect. I" },
    { note, numbered (note, "9"), "Trafficking in human beings, especially women and children, para. 9" },
    { concept, find_heading (concept, "2. Objectives"),
      "Trafficking in Women and Girls: Meeting the Challenge Together \xe2\x80\x94 Concept paper, sect. 2" },
    { concept, find_block (concept, DOSSIER_BLOCK_CONTACT, NULL),
      "Trafficking in Women and Girls: Meeting the Challenge Together \xe2\x80\x94 Concept paper, sect. 6" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *citation = NULL;

      g_assert_nonnull (cases[i].block);
      citation = dossier_block_dup_citation (cases[i].block, cases[i].doc->symbol, cases[i].doc->title);
      g_assert_cmpstr (citation, ==, cases[i].citation);
    }

  /* Paragraphs of a treaty are cited with their article. */
  for (guint i = 0; i < protocol->blocks->len; i++)
    {
      DossierBlock *block = block_at (protocol, i);

      if (block->kind == DOSSIER_BLOCK_PARAGRAPH && g_strcmp0 (block->label, "2") == 0 &&
          g_str_has_suffix (block->heading_path, "Article 5. Criminalization"))
        {
          g_autofree char *citation = dossier_block_dup_citation (block, NULL, "Trafficking Protocol");

          g_assert_cmpstr (citation, ==, "Trafficking Protocol, art. 5, para. 2");
        }
    }

  /* A block outside any section is cited by the document alone. */
  {
    g_autofree char *by_symbol = dossier_block_dup_citation (loose, "A/RES/61/180", "Title");
    g_autofree char *by_title = dossier_block_dup_citation (loose, NULL, "Title");
    g_autofree char *by_nothing = dossier_block_dup_citation (loose, NULL, NULL);

    g_assert_cmpstr (by_symbol, ==, "A/RES/61/180");
    g_assert_cmpstr (by_title, ==, "Title");
    g_assert_cmpstr (by_nothing, ==, "");
  }
}

static void
test_block_kinds (void)
{
  static const char *const names[] = {
    "heading", "paragraph", "item", "note", "table-row", "contact", "front",
  };
  g_autoptr(DossierParsedDocument) doc = dossier_parsed_document_new ("x.md", "markdown");
  DossierBlockKind kind = DOSSIER_BLOCK_FRONT;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_assert_cmpstr (dossier_block_kind_to_string ((DossierBlockKind) i), ==, names[i]);
      g_assert_true (dossier_block_kind_from_string (names[i], &kind));
      g_assert_cmpint (kind, ==, i);
    }
  kind = DOSSIER_BLOCK_NOTE;
  g_assert_false (dossier_block_kind_from_string ("chapter", &kind));
  g_assert_false (dossier_block_kind_from_string (NULL, &kind));
  g_assert_cmpint (kind, ==, DOSSIER_BLOCK_NOTE);

  g_ptr_array_add (doc->blocks, dossier_block_new (DOSSIER_BLOCK_PARAGRAPH, "1", "One."));
  g_ptr_array_add (doc->blocks, dossier_block_new (DOSSIER_BLOCK_PARAGRAPH, NULL, "Loose."));
  g_ptr_array_add (doc->blocks, dossier_block_new (DOSSIER_BLOCK_NOTE, "*", "Note."));
  g_assert_cmpuint (dossier_parsed_document_count (doc, DOSSIER_BLOCK_PARAGRAPH, FALSE), ==, 2);
  g_assert_cmpuint (dossier_parsed_document_count (doc, DOSSIER_BLOCK_PARAGRAPH, TRUE), ==, 1);
  g_assert_cmpuint (dossier_parsed_document_count (doc, DOSSIER_BLOCK_HEADING, FALSE), ==, 0);
}

/* Markdown details */

static void
test_markdown_inline (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierParsedDocument) doc = NULL;
  const char *text =
    "# Title\n"
    "\n"
    "1. The 51<sup>st</sup> session<sup>2</sup> of <u>the</u> <b>Commission</b> &amp;amp; "
    "Co\\_operation *met* in [New York](http://example.org) &eacute;t&#233; `code`\x02\x03 here.\n"
    "\n"
    "<div>An <em>HTML</em> block &amp; more.</div>\n"
    "\n"
    "| Country | Cases |\n"
    "|---|---|\n"
    "| Belarus | 12 |\n";

  doc = dossier_import_parse_markdown ("inline.md", text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (numbered (doc, "1")->text, ==,
                   "The 51st session of the Commission & Co_operation met in New York \xc3\xa9t\xc3\xa9 code here.");
  g_assert_cmpstr (doc->title, ==, "Title");

  for (guint i = 0; i < doc->blocks->len; i++)
    {
      DossierBlock *block = block_at (doc, i);

      if (block->kind == DOSSIER_BLOCK_PARAGRAPH && block->label == NULL)
        g_assert_cmpstr (block->text, ==, "An HTML block & more.");
    }
  g_assert_nonnull (find_block (doc, DOSSIER_BLOCK_TABLE_ROW, NULL));
  g_assert_cmpstr (find_block (doc, DOSSIER_BLOCK_TABLE_ROW, NULL)->text, ==, "Country | Cases");
  g_assert_cmpuint (dossier_parsed_document_count (doc, DOSSIER_BLOCK_TABLE_ROW, FALSE), ==, 2);
  assert_clean (doc);
}

/* The test documents */

static void
test_testdata_resolutions (void)
{
  g_autoptr(DossierParsedDocument) ga = load_testdata ("A_RES_61_180_excerpt.txt");
  g_autoptr(DossierParsedDocument) chr = load_testdata ("CHR_RES_2000_44_excerpt.txt");
  static const char *const verbs[] = { "Takes note", "Welcomes", "Also welcomes", "Urges", "Invites" };

  g_assert_cmpstr (ga->format, ==, "text");
  g_assert_cmpstr (ga->symbol, ==, "A/RES/61/180");
  g_assert_cmpstr (ga->kind, ==, "resolution");
  g_assert_cmpstr (ga->date, ==, "2007-03-08");
  g_assert_cmpstr (ga->body, ==, "General Assembly");
  g_assert_cmpstr (ga->session, ==, "Sixty-first session");
  g_assert_cmpstr (ga->title, ==, "Improving the coordination of efforts against trafficking in persons");

  /* The number of operative paragraph 1 slipped into its first line. */
  g_assert_cmpuint (dossier_parsed_document_count (ga, DOSSIER_BLOCK_PARAGRAPH, TRUE), ==, 1);
  g_assert_true (g_str_has_prefix (numbered (ga, "1")->text,
                                   "Recognizes that broad international cooperation between Member States "
                                   "and relevant intergovernmental"));
  /* The running header "A/RES/61/180" at the top of page 2 is gone. */
  for (guint i = 0; i < ga->blocks->len; i++)
    if (block_at (ga, i)->kind != DOSSIER_BLOCK_FRONT)
      g_assert_null (strstr (block_at (ga, i)->text, "A/RES/61/180"));

  g_assert_cmpstr (chr->symbol, ==, "E/CN.4/RES/2000/44");
  g_assert_cmpstr (chr->kind, ==, "resolution");
  g_assert_cmpstr (chr->title, ==, "Traffic in women and girls");
  g_assert_cmpstr (chr->body, ==, "Commission on Human Rights");
  g_assert_cmpuint (dossier_parsed_document_count (chr, DOSSIER_BLOCK_PARAGRAPH, TRUE), ==, 5);
  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    {
      g_autofree char *label = g_strdup_printf ("%u", i + 1);

      g_assert_true (g_str_has_prefix (numbered (chr, label)->text, verbs[i]));
    }
  g_assert_true (g_str_has_suffix (numbered (chr, "2")->text, "(E/CN.4/2000/68);"));
}

static void
test_testdata_other_kinds (void)
{
  g_autoptr(DossierParsedDocument) osce = load_testdata ("OSCE_PC_DEC_557_Action_Plan_2003_excerpt.txt");
  g_autoptr(DossierParsedDocument) press = load_testdata ("UNODC_press_2008-02-15_Vienna_Forum.txt");
  g_autoptr(DossierParsedDocument) protocol = load_testdata ("Palermo_Trafficking_Protocol_2000.md");
  g_autofree char *articles = NULL;
  GString *chapters = g_string_new (NULL);

  g_assert_cmpstr (osce->symbol, ==, "PC.DEC/557");
  g_assert_cmpstr (osce->kind, ==, "decision");
  g_assert_cmpstr (osce->date, ==, "2003-07-24");
  g_assert_cmpstr (osce->body, ==, "Permanent Council");
  g_assert_cmpstr (osce->title, ==, "OSCE Action Plan to Combat Trafficking in Human Beings");
  g_assert_true (g_str_has_prefix (block_at (osce, osce->blocks->len - 1)->text, "The Permanent Council, Taking"));

  g_assert_null (press->symbol);
  g_assert_cmpstr (press->kind, ==, "press release");
  g_assert_cmpstr (press->date, ==, "2008-02-15");
  g_assert_cmpstr (press->title, ==, "Vienna Forum strengthens global fight against human trafficking");

  g_assert_cmpstr (protocol->kind, ==, "treaty");
  g_assert_cmpstr (protocol->title, ==,
                   "Protocol to Prevent, Suppress and Punish trafficking in Persons, especially Women and "
                   "Children, supplementing the United Nations Convention against Transnational Organized Crime");
  g_assert_cmpuint (dossier_parsed_document_count (protocol, DOSSIER_BLOCK_HEADING, FALSE), ==, 24);
  for (guint i = 0; i < protocol->blocks->len; i++)
    {
      DossierBlock *block = block_at (protocol, i);

      if (block->kind == DOSSIER_BLOCK_HEADING && block->level == 1)
        g_string_append_printf (chapters, "%s%s", chapters->len > 0 ? "|" : "", block->text);
    }
  articles = g_string_free (chapters, FALSE);
  g_assert_cmpstr (articles, ==,
                   "I. General Provisions|II. Protection of victims of trafficking in persons|"
                   "III. Prevention, cooperation and other measures|IV. Final provisions");
  g_assert_nonnull (find_heading (protocol, "Article 5. Criminalization"));
  g_assert_cmpint (find_heading (protocol, "Article 5. Criminalization")->level, ==, 2);
  g_assert_nonnull (find_block (protocol, DOSSIER_BLOCK_ITEM, "(c)"));
  assert_clean (protocol);
}

static void
test_testdata_bounded (void)
{
  static const char *const files[] = {
    "A_RES_61_180_excerpt.txt", "CHR_RES_2000_44_excerpt.txt",
    "OSCE_PC_DEC_557_Action_Plan_2003_excerpt.txt", "UNODC_press_2008-02-15_Vienna_Forum.txt",
    "Palermo_Trafficking_Protocol_2000.md",
  };

  for (guint f = 0; f < G_N_ELEMENTS (files); f++)
    {
      g_autoptr(DossierParsedDocument) doc = load_testdata (files[f]);
      guint body = 0;

      g_assert_cmpstr (doc->language, ==, "en");
      for (guint i = 0; i < doc->blocks->len; i++)
        {
          DossierBlock *block = block_at (doc, i);
          gsize len = strlen (block->text);

          g_assert_cmpuint (len, <=, DOSSIER_LIMIT_BLOCK_BYTES);
          /* Flattened text is cut into chunks of about the chunk size, at clause ends. */
          if (g_str_equal (doc->format, "text") && block->kind == DOSSIER_BLOCK_PARAGRAPH &&
              block->label == NULL)
            {
              g_assert_cmpuint (len, <=, 2 * DOSSIER_LIMIT_CHUNK_BYTES);
              body++;
            }
        }
      if (g_str_equal (doc->format, "text"))
        g_assert_cmpuint (body, >=, 1);
      assert_clean (doc);
    }

  {
    g_autoptr(DossierParsedDocument) ga = load_testdata ("A_RES_61_180_excerpt.txt");
    guint chunks = 0;

    for (guint i = 0; i < ga->blocks->len; i++)
      if (block_at (ga, i)->kind == DOSSIER_BLOCK_PARAGRAPH && block_at (ga, i)->label == NULL)
        chunks++;
    /* 3,500 bytes of preamble cannot be one chunk. */
    g_assert_cmpuint (chunks, >=, 2);
    g_assert_true (g_str_has_prefix (block_at (ga, 1)->text, "The General Assembly, Recalling its resolutions"));
  }
}

/* Bad input */

static GBytes *
bytes_of (const char *data,
          gsize       size)
{
  return g_bytes_new (data, size);
}

static void
assert_refused (const char         *name,
                const char         *data,
                gssize              size,
                DossierImportError  code)
{
  g_autoptr(GBytes) bytes = bytes_of (data, size < 0 ? strlen (data) : (gsize) size);
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierParsedDocument) doc = dossier_import_parse_bytes (name, bytes, &error);
  g_autofree char *quoted = g_strdup_printf ("\xe2\x80\x9c%s\xe2\x80\x9d", name);

  g_assert_null (doc);
  g_assert_error (error, DOSSIER_IMPORT_ERROR, (int) code);
  /* One sentence that names the file. */
  g_assert_nonnull (strstr (error->message, quoted));
  g_assert_true (g_str_has_suffix (error->message, "."));
}

static void
test_bad_empty (void)
{
  assert_refused ("empty.txt", "", 0, DOSSIER_IMPORT_ERROR_EMPTY);
  assert_refused ("blank.md", " \n\t\r\n   \n", -1, DOSSIER_IMPORT_ERROR_EMPTY);
  assert_refused ("bom.txt", "\xef\xbb\xbf  \n", -1, DOSSIER_IMPORT_ERROR_EMPTY);
  /* Markup without any text is no document either. */
  assert_refused ("rule.md", "---\n\n<!-- nothing -->\n", -1, DOSSIER_IMPORT_ERROR_EMPTY);
}

static void
test_bad_binary (void)
{
  char controls[256];

  assert_refused ("nul.txt", "Some text\0with a NUL byte", 25, DOSSIER_IMPORT_ERROR_BINARY);
  for (guint i = 0; i < sizeof controls; i++)
    controls[i] = (i % 3 == 0) ? 'a' : (char) (1 + i % 8);
  assert_refused ("controls.txt", controls, sizeof controls, DOSSIER_IMPORT_ERROR_BINARY);
}

static void
test_bad_formats (void)
{
  static const char pdf[] = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n";
  static const char docx[] = "PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00word/document.xml";
  static const char zip[] = "PK\x03\x04\x14\x00\x00\x00\x00\x00readme.txt";
  static const char ole[] = "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00\x00\x00";
  static const char doc[] = "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00W\0o\0r\0d\0D\0o\0c\0u\0m\0e\0n\0t\0\0\0";
  static const char png[] = "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR";
  g_autoptr(GBytes) bytes = bytes_of (doc, sizeof doc - 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierParsedDocument) parsed = NULL;

  /* PDF, Word and OpenDocument are read now; damaged ones are refused as such. */
  assert_refused ("report.pdf", pdf, sizeof pdf - 1, DOSSIER_IMPORT_ERROR_PARSE);
  /* The content decides, not the name. */
  assert_refused ("report.txt", pdf, sizeof pdf - 1, DOSSIER_IMPORT_ERROR_PARSE);
  assert_refused ("report.docx", docx, sizeof docx - 1, DOSSIER_IMPORT_ERROR_PARSE);
  assert_refused ("archive.zip", zip, sizeof zip - 1, DOSSIER_IMPORT_ERROR_UNSUPPORTED);
  assert_refused ("report.doc", ole, sizeof ole - 1, DOSSIER_IMPORT_ERROR_UNSUPPORTED);
  assert_refused ("scan.png", png, sizeof png - 1, DOSSIER_IMPORT_ERROR_UNSUPPORTED);
  /* A web page without text. */
  assert_refused ("page.md", "<!DOCTYPE html><html><body><nav>Home</nav></body></html>", -1,
                  DOSSIER_IMPORT_ERROR_EMPTY);

  /* A legacy Word file gets advice, not only a refusal. */
  parsed = dossier_import_parse_bytes ("report.doc", bytes, &error);
  g_assert_null (parsed);
  g_assert_error (error, DOSSIER_IMPORT_ERROR, DOSSIER_IMPORT_ERROR_UNSUPPORTED);
  g_assert_cmpstr (error->message, ==,
                   "\xe2\x80\x9creport.doc\xe2\x80\x9d is a Word 97\xe2\x80\x93" "2003 document (.doc), "
                   "which Dossier cannot read: open it in LibreOffice or Word, save it as .docx, .odt "
                   "or PDF, and import that file.");
}

static char *
decode (const char  *data,
        gssize       size,
        GError     **error)
{
  g_autoptr(GBytes) bytes = bytes_of (data, size < 0 ? strlen (data) : (gsize) size);

  return dossier_import_decode_text ("sample.txt", bytes, error);
}

static void
test_bad_encodings (void)
{
  static const struct
  {
    const char *bytes;
    const char *utf8;
  } good[] = {
    /* Windows-1252 quotes and Latin-1 letters */
    { "caf\xe9 \x93quoted\x94", "caf\xc3\xa9 \xe2\x80\x9cquoted\xe2\x80\x9d" },
    { "na\xefve r\xe9sum\xe9 \xa9 2003 \x96 done", "na\xc3\xafve r\xc3\xa9sum\xc3\xa9 \xc2\xa9 2003 \xe2\x80\x93 done" },
    { "informa\xe7\xe3o", "informa\xc3\xa7\xc3\xa3o" },
    /* UTF-8 with and without a byte order mark */
    { "\xef\xbb\xbf" "Caf\xc3\xa9", "Caf\xc3\xa9" },
    { "Caf\xc3\xa9", "Caf\xc3\xa9" },
    /* Mostly UTF-8 with a pasted Windows-1252 quote */
    { "caf\xc3\xa9 and \x93x\x94", "caf\xc3\xa9 and \xe2\x80\x9cx\xe2\x80\x9d" },
  };
  static const char *const bad[] = {
    /* GBK Chinese: runs of high bytes */
    "\xc4\xe3\xba\xc3\xca\xc0\xbd\xe7 \xc4\xe3\xba\xc3\xca\xc0\xbd\xe7",
    /* A byte Windows-1252 does not define */
    "text \x81 more",
    /* Shift-JIS */
    "\x82\xb1\x82\xf1\x82\xc9\x82\xbf\x82\xcd",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = decode (good[i].bytes, -1, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (text, ==, good[i].utf8);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = decode (bad[i], -1, &error);

      g_assert_null (text);
      g_assert_error (error, DOSSIER_IMPORT_ERROR, DOSSIER_IMPORT_ERROR_ENCODING);
      g_assert_nonnull (strstr (error->message, "\xe2\x80\x9csample.txt\xe2\x80\x9d"));
    }

  /* UTF-16 with a byte order mark */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *text = decode ("\xff\xfeH\0i\0 \0\xe9\0", 10, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (text, ==, "Hi \xc3\xa9");
  }

  /* A Windows-1252 file goes all the way through. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) bytes = bytes_of ("\x93Trafficking\x94 in women and girls\n\nThe r\xe9port.\n", 46);
    g_autoptr(DossierParsedDocument) doc = dossier_import_parse_bytes ("cp1252.txt", bytes, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (doc->format, ==, "text");
    g_assert_cmpstr (block_at (doc, doc->blocks->len - 1)->text, ==, "The r\xc3\xa9port.");
  }

  /* The byte order mark never reaches the text. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) bytes = bytes_of ("\xef\xbb\xbf# Title\n\nSome text here.\n", 28);
    g_autoptr(DossierParsedDocument) doc = dossier_import_parse_bytes ("bom.md", bytes, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (doc->title, ==, "Title");
    for (guint i = 0; i < doc->blocks->len; i++)
      g_assert_null (strstr (block_at (doc, i)->text, "\xef\xbb\xbf"));
  }
}

static void
test_bad_files (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dossier-import-XXXXXX", &error);
  g_autofree char *big = NULL;
  g_autofree char *missing = NULL;
  g_autoptr(GFile) big_file = NULL;
  g_autoptr(GFile) missing_file = NULL;
  g_autoptr(GFile) dir_file = NULL;
  g_autoptr(DossierParsedDocument) doc = NULL;
  g_autoptr(GBytes) bytes = NULL;
  int fd;

  g_assert_no_error (error);
  big = g_build_filename (dir, "huge.txt", NULL);
  missing = g_build_filename (dir, "missing.md", NULL);

  /* A sparse file one byte over the limit: refused from its size, unread. */
  fd = g_open (big, O_CREAT | O_WRONLY, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, DOSSIER_LIMIT_FILE_SIZE + 1), ==, 0);
  close (fd);

  big_file = g_file_new_for_path (big);
  doc = dossier_import_parse_file (big_file, &bytes, &error);
  g_assert_null (doc);
  g_assert_null (bytes);
  g_assert_error (error, DOSSIER_IMPORT_ERROR, DOSSIER_IMPORT_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "\xe2\x80\x9chuge.txt\xe2\x80\x9d"));
  g_clear_error (&error);

  missing_file = g_file_new_for_path (missing);
  doc = dossier_import_parse_file (missing_file, NULL, &error);
  g_assert_null (doc);
  g_assert_error (error, DOSSIER_IMPORT_ERROR, DOSSIER_IMPORT_ERROR_READ);
  g_assert_nonnull (strstr (error->message, "\xe2\x80\x9cmissing.md\xe2\x80\x9d"));
  g_clear_error (&error);

  dir_file = g_file_new_for_path (dir);
  doc = dossier_import_parse_file (dir_file, NULL, &error);
  g_assert_null (doc);
  g_assert_error (error, DOSSIER_IMPORT_ERROR, DOSSIER_IMPORT_ERROR_READ);
  g_clear_error (&error);

  g_assert_cmpint (g_unlink (big), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* Input that must neither crash nor hang */

static DossierParsedDocument *
parse_either (const char *name,
              const char *text,
              gsize       length,
              gboolean    markdown)
{
  g_autoptr(GError) error = NULL;
  DossierParsedDocument *doc;

  if (markdown)
    doc = dossier_import_parse_markdown (name, text, length, &error);
  else
    doc = dossier_import_parse_plain (name, text, length, &error);

  /* Failing is allowed, with a proper error; anything else must parse. */
  if (doc == NULL)
    g_assert_error (error, DOSSIER_IMPORT_ERROR, DOSSIER_IMPORT_ERROR_EMPTY);
  else
    g_assert_nonnull (doc->title);
  return doc;
}

static void
assert_bounded (DossierParsedDocument *doc)
{
  g_assert_cmpuint (doc->blocks->len, <=, DOSSIER_LIMIT_BLOCKS_PER_DOC);
  for (guint i = 0; i < doc->blocks->len; i++)
    {
      DossierBlock *block = block_at (doc, i);

      g_assert_cmpuint (strlen (block->text), <=, DOSSIER_LIMIT_BLOCK_BYTES);
      g_assert_true (g_utf8_validate (block->text, -1, NULL));
      g_assert_null (strchr (block->text, '\x02'));
      g_assert_null (strchr (block->text, '\x03'));
    }
}

static void
test_robust_nesting (void)
{
  static const char *const units[] = { "> ", "- ", "1. ", "* > ", "[", "*", "_", "<", "`", "**a ", "![", "&#" };

  for (guint u = 0; u < G_N_ELEMENTS (units); u++)
    {
      GString *text = g_string_new (NULL);
      g_autoptr(DossierParsedDocument) doc = NULL;
      gint64 start = g_get_monotonic_time ();

      for (guint i = 0; i < 20000; i++)
        g_string_append (text, units[u]);
      g_string_append (text, "deep text.\n");

      doc = parse_either ("deep.md", text->str, text->len, TRUE);
      if (doc != NULL)
        assert_bounded (doc);
      g_clear_pointer (&doc, dossier_parsed_document_free);
      doc = parse_either ("deep.txt", text->str, text->len, FALSE);
      if (doc != NULL)
        assert_bounded (doc);

      /* Linear time: a few milliseconds, seconds at worst under valgrind. */
      g_assert_cmpint (g_get_monotonic_time () - start, <, 60 * G_USEC_PER_SEC);
      g_string_free (text, TRUE);
    }
}

/* Valgrind runs code fifty times slower; a smaller line proves the same. */
static gboolean
under_valgrind (void)
{
  const char *preload = g_getenv ("LD_PRELOAD");

  return preload != NULL && strstr (preload, "vgpreload") != NULL;
}

static void
test_robust_long_line (void)
{
  static const char sentence[] = "The Commission met again and adopted a resolution on trafficking. ";
  gsize size = under_valgrind () ? 8 * 1024 * 1024 : DOSSIER_LIMIT_FILE_SIZE - 64;
  GString *text = g_string_sized_new (size + sizeof sentence);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierParsedDocument) doc = NULL;

  while (text->len + sizeof sentence < size)
    g_string_append (text, sentence);
  bytes = g_string_free_to_bytes (text);

  doc = dossier_import_parse_bytes ("flat.txt", bytes, &error);
  g_assert_no_error (error);
  assert_bounded (doc);
  g_assert_cmpuint (doc->blocks->len, >, size / (2 * DOSSIER_LIMIT_CHUNK_BYTES));
  g_clear_pointer (&doc, dossier_parsed_document_free);

  /* The same line as Markdown: too big to be a paragraph anyone wrote. */
  doc = dossier_import_parse_markdown ("flat.md", g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  assert_bounded (doc);
}

static void
test_robust_many_paragraphs (void)
{
  GString *text = g_string_new (NULL);
  g_autoptr(DossierParsedDocument) doc = NULL;
  g_autoptr(DossierParsedDocument) capped = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append_printf (text, "Paragraph %u.\n\n", i);
  doc = parse_either ("many.md", text->str, text->len, TRUE);
  g_assert_nonnull (doc);
  assert_bounded (doc);
  g_assert_cmpuint (doc->blocks->len, >=, 99990);
  g_clear_pointer (&doc, dossier_parsed_document_free);

  doc = parse_either ("many.txt", text->str, text->len, FALSE);
  g_assert_nonnull (doc);
  g_assert_cmpuint (doc->blocks->len, >=, 99990);

  /* More paragraphs than a document may have: capped, not refused. */
  g_string_truncate (text, 0);
  for (guint i = 0; i < DOSSIER_LIMIT_BLOCKS_PER_DOC + 5000; i++)
    g_string_append (text, "X.\n\n");
  capped = parse_either ("capped.md", text->str, text->len, TRUE);
  g_assert_nonnull (capped);
  g_assert_cmpuint (capped->blocks->len, ==, DOSSIER_LIMIT_BLOCKS_PER_DOC);

  g_string_free (text, TRUE);
}

static void
test_robust_random (void)
{
  static const char alphabet[] = "ab1. \n\n\t*#-_<>[]()`&;\\|!IVX\xc2\xb9\xe2\x80\x9c:";
  GRand *rand = g_rand_new_with_seed (20030120);

  for (guint round = 0; round < 300; round++)
    {
      gsize length = g_rand_int_range (rand, 1, 4000);
      g_autofree char *text = g_malloc (length + 1);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(DossierParsedDocument) doc = NULL;

      /* Half the rounds random bytes, half Markdown-looking text. */
      for (gsize i = 0; i < length; i++)
        text[i] = round % 2 ? (char) g_rand_int_range (rand, 0, 256)
                            : alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
      text[length] = '\0';

      bytes = g_bytes_new (text, length);
      doc = dossier_import_parse_bytes (round % 3 ? "random.md" : "random.txt", bytes, &error);
      if (doc != NULL)
        assert_bounded (doc);
      else
        g_assert_true (error != NULL && error->domain == DOSSIER_IMPORT_ERROR);

      g_clear_pointer (&doc, dossier_parsed_document_free);
      g_clear_error (&error);
      doc = dossier_import_parse_markdown ("random.md", text, length, &error);
      if (doc != NULL)
        assert_bounded (doc);
      g_clear_pointer (&doc, dossier_parsed_document_free);
      g_clear_error (&error);
      doc = dossier_import_parse_plain ("random.txt", text, length, &error);
      if (doc != NULL)
        assert_bounded (doc);
    }

  g_rand_free (rand);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (corpus_cases); i++)
    {
      const char *name = corpus_cases[i].id;
      g_autofree char *meta = g_strdup_printf ("/dossier/import/corpus/%s/metadata", name);
      g_autofree char *structure = g_strdup_printf ("/dossier/import/corpus/%s/structure", name);
      g_autofree char *clean = g_strdup_printf ("/dossier/import/corpus/%s/clean-text", name);

      g_test_add_data_func (meta, &corpus_cases[i], test_corpus_metadata);
      g_test_add_data_func (structure, &corpus_cases[i], test_corpus_structure);
      g_test_add_data_func (clean, &corpus_cases[i], test_corpus_clean_text);
    }

  g_test_add_func ("/dossier/import/report/heading-paths", test_report_heading_paths);
  g_test_add_func ("/dossier/import/report/page-breaks", test_report_page_breaks);
  g_test_add_func ("/dossier/import/report/front-and-contents", test_report_front_and_contents);
  g_test_add_func ("/dossier/import/note/details", test_note_details);
  g_test_add_func ("/dossier/import/summary/details", test_summary_details);
  g_test_add_func ("/dossier/import/concept-paper/details", test_concept_paper_details);
  g_test_add_func ("/dossier/import/aide-memoire/details", test_aide_memoire_details);
  g_test_add_func ("/dossier/import/citations", test_citations);
  g_test_add_func ("/dossier/import/block-kinds", test_block_kinds);
  g_test_add_func ("/dossier/import/markdown/inline", test_markdown_inline);
  g_test_add_func ("/dossier/import/testdata/resolutions", test_testdata_resolutions);
  g_test_add_func ("/dossier/import/testdata/other-kinds", test_testdata_other_kinds);
  g_test_add_func ("/dossier/import/testdata/bounded", test_testdata_bounded);
  g_test_add_func ("/dossier/import/bad/empty", test_bad_empty);
  g_test_add_func ("/dossier/import/bad/binary", test_bad_binary);
  g_test_add_func ("/dossier/import/bad/formats", test_bad_formats);
  g_test_add_func ("/dossier/import/bad/encodings", test_bad_encodings);
  g_test_add_func ("/dossier/import/bad/files", test_bad_files);
  g_test_add_func ("/dossier/import/robust/nesting", test_robust_nesting);
  g_test_add_func ("/dossier/import/robust/long-line", test_robust_long_line);
  g_test_add_func ("/dossier/import/robust/many-paragraphs", test_robust_many_paragraphs);
  g_test_add_func ("/dossier/import/robust/random", test_robust_random);

  return g_test_run ();
}
