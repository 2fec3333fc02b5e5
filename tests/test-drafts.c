/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Drafts: the model (sections, excerpts, citations, positions), undo and redo,
 * excerpts whose source changed, and the suggested excerpts.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dossier-batch.h"
#include "dossier-draft.h"
#include "dossier-store-private.h"
#include "dossier-suggest.h"

typedef struct
{
  char         *dir;
  char         *path;
  DossierStore *store;
  gint64        report_id;   /* E/CN.4/2003/74: paragraphs 1 to 6 under "I. Introduction" */
  gint64        paper_id;    /* a concept paper without a symbol */
} Fixture;

static const char *const report_paragraphs[] = {
  "The Special Rapporteur presents her report on traffic in women and girls.",
  "States should provide witness protection to victims who testify against traffickers.",
  "Trafficking is a violation of human rights — l’exploitation est réelle.",
  "Cooperation between countries of origin, transit and destination is essential.",
  "The Commission on Human Rights adopted resolution 2002/51 on traffic in women.",
  "Data on trafficking remain scarce and unreliable.",
};

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

static DossierParsedDocument *
make_report (void)
{
  DossierParsedDocument *doc = dossier_parsed_document_new ("E-CN.4-2003-74.md", "markdown");
  DossierBlock *heading = dossier_block_new (DOSSIER_BLOCK_HEADING, "I", "Introduction");

  doc->title = g_strdup ("Integration of the human rights of women and the gender perspective");
  doc->symbol = g_strdup ("E/CN.4/2003/74");
  doc->kind = g_strdup ("report");
  doc->language = g_strdup ("en");
  heading->level = 1;
  g_ptr_array_add (doc->blocks, heading);

  for (guint i = 0; i < G_N_ELEMENTS (report_paragraphs); i++)
    {
      g_autofree char *label = g_strdup_printf ("%u", i + 1);
      DossierBlock *block = dossier_block_new (DOSSIER_BLOCK_PARAGRAPH, label, report_paragraphs[i]);

      block->heading_path = g_strdup ("I. Introduction");
      g_ptr_array_add (doc->blocks, block);
    }
  return doc;
}

static DossierParsedDocument *
make_paper (void)
{
  DossierParsedDocument *doc = dossier_parsed_document_new ("concept-paper.md", "markdown");
  DossierBlock *heading = dossier_block_new (DOSSIER_BLOCK_HEADING, "2", "Objectives");
  DossierBlock *item = dossier_block_new (DOSSIER_BLOCK_ITEM, NULL,
                                          "to analyse the current state of coordination against trafficking;");

  doc->title = g_strdup ("Concept paper, 5 March 2007");
  doc->kind = g_strdup ("concept paper");
  heading->level = 2;
  heading->heading_path = NULL;
  item->heading_path = g_strdup ("2. Objectives");
  g_ptr_array_add (doc->blocks, heading);
  g_ptr_array_add (doc->blocks, item);
  return doc;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(DossierParsedDocument) report = make_report ();
  g_autoptr(DossierParsedDocument) paper = make_paper ();
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("dossier-drafts-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "corpus.db", NULL);
  f->store = dossier_store_open (f->path, &error);
  g_assert_no_error (error);

  g_assert_true (dossier_store_import_parsed (f->store, report, "report-v1", NULL, NULL,
                                              &f->report_id, &error));
  g_assert_no_error (error);
  g_assert_true (dossier_store_import_parsed (f->store, paper, "paper-v1", NULL, NULL,
                                              &f->paper_id, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->store != NULL)
    g_assert_finalize_object (f->store);
  remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static void
reopen (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_finalize_object (f->store);
  f->store = dossier_store_open (f->path, &error);
  g_assert_no_error (error);
}

/* The row id of the block labelled @label in @document_id (any kind). */
static gint64
block_id (Fixture    *f,
          gint64      document_id,
          const char *label)
{
  g_autoptr(GPtrArray) blocks = NULL;
  g_autoptr(GError) error = NULL;

  blocks = dossier_store_get_blocks (f->store, document_id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < blocks->len; i++)
    {
      DossierBlock *block = g_ptr_array_index (blocks, i);

      if (g_strcmp0 (block->label, label) == 0 ||
          (label == NULL && block->kind != DOSSIER_BLOCK_HEADING))
        return block->id;
    }
  g_assert_not_reached ();
}

static int
count_rows (DossierStore *store,
            const char   *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (dossier_store_get_handle (store), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int (stmt, 0);
}

static DossierDraft *
load (Fixture *f,
      gint64   draft_id)
{
  g_autoptr(GError) error = NULL;
  DossierDraft *draft = dossier_draft_load (f->store, draft_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (draft);
  return draft;
}

static const DossierDraftSection *
section_at (const DossierDraft *draft,
            guint               i)
{
  g_assert_cmpuint (i, <, draft->sections->len);
  return g_ptr_array_index (draft->sections, i);
}

static const DossierExcerpt *
excerpt_at (const DossierDraft *draft,
            guint               section,
            guint               i)
{
  const DossierDraftSection *s = section_at (draft, section);

  g_assert_cmpuint (i, <, s->excerpts->len);
  return g_ptr_array_index (s->excerpts, i);
}

/* Everything a user can see of a draft, as one string, for comparisons; checks
 * on the way that positions are dense. */
static char *
snapshot (Fixture *f,
          gint64   draft_id)
{
  g_autoptr(DossierDraft) draft = load (f, draft_id);
  GString *out = g_string_new (draft->title);

  for (guint i = 0; i < draft->sections->len; i++)
    {
      const DossierDraftSection *section = section_at (draft, i);

      g_string_append_printf (out, "\n[S%" G_GINT64_FORMAT " %s | %s]", section->id, section->title,
                              section->text);
      for (guint j = 0; j < section->excerpts->len; j++)
        {
          const DossierExcerpt *excerpt = excerpt_at (draft, i, j);

          g_assert_cmpuint (excerpt->position, ==, j);
          g_string_append_printf (out, "\n  (E%" G_GINT64_FORMAT " %s | %s | %s)", excerpt->id,
                                  excerpt->citation, excerpt->quote,
                                  excerpt->note != NULL ? excerpt->note : "-");
        }
    }

  /* Positions in the database are dense too, not only in the loaded draft. */
  {
    g_autoptr(sqlite3_stmt) stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (dossier_store_get_handle (f->store),
                                         "SELECT count(*), coalesce(max(position), -1) FROM excerpt"
                                         " GROUP BY section_id", -1, &stmt, NULL), ==, SQLITE_OK);
    while (sqlite3_step (stmt) == SQLITE_ROW)
      g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, sqlite3_column_int (stmt, 0) - 1);
  }
  return g_string_free (out, FALSE);
}

/* Tests: the model */

static void
test_templates (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(DossierDraft) summary = NULL;
  g_autoptr(DossierDraft) blank = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  g_assert_true (dossier_draft_new (f->store, "  Summary of the 2007 conference ",
                                    DOSSIER_DRAFT_TEMPLATE_MEETING_SUMMARY, &id, &error));
  g_assert_no_error (error);
  summary = load (f, id);
  g_assert_cmpstr (summary->title, ==, "Summary of the 2007 conference");
  g_assert_cmpstr (summary->template_name, ==, "meeting-summary");
  g_assert_cmpuint (summary->sections->len, ==, 4);
  g_assert_cmpstr (section_at (summary, 0)->title, ==, "Introduction");
  g_assert_cmpstr (section_at (summary, 1)->title, ==, "Key findings");
  g_assert_cmpstr (section_at (summary, 2)->title, ==, "Conclusions");
  g_assert_cmpstr (section_at (summary, 3)->title, ==, "Recommendations");
  g_assert_nonnull (summary->created_at);

  g_assert_true (dossier_draft_new (f->store, "Notes", DOSSIER_DRAFT_TEMPLATE_BLANK, &id, &error));
  blank = load (f, id);
  g_assert_cmpuint (blank->sections->len, ==, 1);
  g_assert_cmpstr (section_at (blank, 0)->title, ==, "");

  g_assert_false (dossier_draft_new (f->store, "Notes", "minutes", &id, &error));
  g_assert_error (error, DOSSIER_DRAFT_ERROR, DOSSIER_DRAFT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "minutes"));
  g_clear_error (&error);

  g_assert_false (dossier_draft_new (f->store, "   ", NULL, &id, &error));
  g_assert_error (error, DOSSIER_DRAFT_ERROR, DOSSIER_DRAFT_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM draft"), ==, 2);
  g_assert_cmpstr (dossier_draft_template_get_label ("meeting-summary"), ==, "Meeting summary");
  g_assert_null (dossier_draft_template_get_label ("minutes"));
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(DossierDraft) draft = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  const DossierExcerpt *excerpt;
  gint64 id = 0, whole = 0, part = 0, item = 0, accented = 0;
  gint64 introduction, findings;

  g_assert_true (dossier_draft_new (f->store, "Summary", NULL, &id, &error));
  draft = load (f, id);
  introduction = section_at (draft, 0)->id;
  findings = section_at (draft, 1)->id;
  g_clear_pointer (&draft, dossier_draft_free);

  g_assert_true (dossier_draft_set_section_text (f->store, introduction,
                                                 "The conference met in New York.\n\nIt heard 40 speakers.",
                                                 &error));
  g_assert_true (dossier_draft_add_excerpt (f->store, id, findings, block_id (f, f->report_id, "2"),
                                            -1, -1, "  Central to the debate.  ", &whole, &error));
  g_assert_no_error (error);
  /* "witness protection" is characters 22 to 40 of paragraph 2. */
  g_assert_true (dossier_draft_add_excerpt (f->store, id, findings, block_id (f, f->report_id, "2"),
                                            22, 40, NULL, &part, &error));
  g_assert_no_error (error);
  /* Section 0 means the first section. */
  g_assert_true (dossier_draft_add_excerpt (f->store, id, 0, block_id (f, f->paper_id, NULL),
                                            -1, -1, NULL, &item, &error));
  g_assert_no_error (error);
  /* Offsets count characters, not bytes: "l’exploitation est réelle" has
   * multi-byte letters before and inside the selection. */
  g_assert_true (dossier_draft_add_excerpt (f->store, id, findings, block_id (f, f->report_id, "3"),
                                            45, 70, NULL, &accented, &error));
  g_assert_no_error (error);

  /* Everything is in the database: a new connection sees it. */
  reopen (f);
  draft = load (f, id);

  g_assert_cmpstr (section_at (draft, 0)->text, ==, "The conference met in New York.\n\nIt heard 40 speakers.");
  g_assert_cmpuint (section_at (draft, 0)->excerpts->len, ==, 1);
  g_assert_cmpuint (section_at (draft, 1)->excerpts->len, ==, 3);

  excerpt = excerpt_at (draft, 1, 0);
  g_assert_cmpint (excerpt->id, ==, whole);
  g_assert_cmpstr (excerpt->quote, ==, report_paragraphs[1]);
  g_assert_cmpstr (excerpt->citation, ==, "E/CN.4/2003/74, para. 2");
  g_assert_cmpstr (excerpt->note, ==, "Central to the debate.");
  g_assert_cmpstr (excerpt->block_label, ==, "2");
  g_assert_cmpstr (excerpt->document_symbol, ==, "E/CN.4/2003/74");
  g_assert_cmpstr (excerpt->document_language, ==, "en");
  g_assert_cmpint (excerpt->document_id, ==, f->report_id);
  g_assert_cmpint (excerpt->quote_start, ==, -1);
  g_assert_cmpint (excerpt->quote_end, ==, -1);
  g_assert_cmpuint (strlen (excerpt->block_hash), ==, 64);
  g_assert_false (excerpt->source_changed);
  g_assert_false (excerpt->source_missing);

  excerpt = excerpt_at (draft, 1, 1);
  g_assert_cmpint (excerpt->id, ==, part);
  g_assert_cmpstr (excerpt->quote, ==, "witness protection");
  g_assert_cmpint (excerpt->quote_start, ==, 22);
  g_assert_cmpint (excerpt->quote_end, ==, 40);
  g_assert_null (excerpt->note);
  g_assert_false (excerpt->source_changed);

  excerpt = excerpt_at (draft, 1, 2);
  g_assert_cmpint (excerpt->id, ==, accented);
  g_assert_cmpstr (excerpt->quote, ==, "l’exploitation est réelle");

  excerpt = excerpt_at (draft, 0, 0);
  g_assert_cmpint (excerpt->id, ==, item);
  g_assert_cmpstr (excerpt->citation, ==, "Concept paper, 5 March 2007, sect. 2");
  g_assert_null (excerpt->document_symbol);

  g_assert_true (dossier_draft_find_excerpt (draft, part) == excerpt_at (draft, 1, 1));
  g_assert_null (dossier_draft_find_excerpt (draft, 9999));
  g_assert_true (dossier_draft_find_section (draft, findings) == section_at (draft, 1));
  g_assert_cmpuint (dossier_draft_count_excerpts (draft), ==, 4);
  /* 10 words of text, 11 + 2 + 9 + 3 of quotes, 4 of the note. */
  g_assert_cmpuint (dossier_draft_word_count (draft), ==, 10 + 11 + 2 + 9 + 3 + 4);

  list = dossier_draft_list (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((DossierDraftInfo *) list->pdata[0])->title, ==, "Summary");
  g_assert_cmpuint (((DossierDraftInfo *) list->pdata[0])->n_sections, ==, 4);
  g_assert_cmpuint (((DossierDraftInfo *) list->pdata[0])->n_excerpts, ==, 4);
}

static void
test_refuses (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(DossierDraft) other = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = 0, other_id = 0, excerpt = 0;
  gint64 paragraph = block_id (f, f->report_id, "2");
  glong length = g_utf8_strlen (report_paragraphs[1], -1);

  g_assert_true (dossier_draft_new (f->store, "Summary", NULL, &id, &error));
  g_assert_true (dossier_draft_new (f->store, "Other", NULL, &other_id, &error));
  other = load (f, other_id);

  /* Selections outside the paragraph, empty or only blanks. */
  g_assert_false (dossier_draft_add_excerpt (f->store, id, 0, paragraph, 10, (int) length + 1, NULL,
                                             &excerpt, &error));
  g_assert_error (error, DOSSIER_DRAFT_ERROR, DOSSIER_DRAFT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dossier_draft_add_excerpt (f->store, id, 0, paragraph, 5, 5, NULL, &excerpt, &error));
  g_assert_error (error, DOSSIER_DRAFT_ERROR, DOSSIER_DRAFT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dossier_draft_add_excerpt (f->store, id, 0, paragraph, -1, 5, NULL, &excerpt, &error));
  g_assert_error (error, DOSSIER_DRAFT_ERROR, DOSSIER_DRAFT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dossier_draft_add_excerpt (f->store, id, 0, paragraph, 6, 7, NULL, &excerpt, &error));
  g_assert_error (error, DOSSIER_DRAFT_ERROR, DOSSIER_DRAFT_ERROR_INVALID);
  g_clear_error (&error);

  /* A section of another draft, a paragraph or draft that does not exist. */
  g_assert_false (dossier_draft_add_excerpt (f->store, id, section_at (other, 0)->id, paragraph,
                                             -1, -1, NULL, &excerpt, &error));
  g_assert_error (error, DOSSIER_DRAFT_ERROR, DOSSIER_DRAFT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dossier_draft_add_excerpt (f->store, id, 0, 424242, -1, -1, NULL, &excerpt, &error));
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (dossier_draft_add_excerpt (f->store, 4242, 0, paragraph, -1, -1, NULL, &excerpt, &error));
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (dossier_draft_rename (f->store, id, "", &error));
  g_assert_error (error, DOSSIER_DRAFT_ERROR, DOSSIER_DRAFT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dossier_draft_set_section_text (f->store, 4242, "x", &error));
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (dossier_draft_set_section_text (f->store, section_at (other, 0)->id, "\xff\xfe", &error));
  g_assert_error (error, DOSSIER_DRAFT_ERROR, DOSSIER_DRAFT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (dossier_draft_load (f->store, 4242, &error));
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Nothing of the refused changes was written, and no transaction is left open. */
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM excerpt"), ==, 0);
  g_assert_true (sqlite3_get_autocommit (dossier_store_get_handle (f->store)));
}

static void
test_find_rename_delete (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(DossierDraft) draft = NULL;
  g_autoptr(GError) error = NULL;
  gint64 a = 0, b = 0, c = 0, found = 0;

  g_assert_true (dossier_draft_new (f->store, "Summary", NULL, &a, &error));
  g_assert_true (dossier_draft_new (f->store, "Briefing", NULL, &b, &error));
  g_assert_true (dossier_draft_new (f->store, "briefing", NULL, &c, &error));
  g_assert_true (dossier_draft_add_excerpt (f->store, a, 0, block_id (f, f->report_id, "1"),
                                            -1, -1, NULL, NULL, &error));

  g_assert_true (dossier_draft_find (f->store, "SUMMARY", &found, &error));
  g_assert_cmpint (found, ==, a);
  g_assert_true (dossier_draft_find (f->store, "2", &found, &error));
  g_assert_cmpint (found, ==, b);
  g_assert_false (dossier_draft_find (f->store, "Briefing", &found, &error));
  g_assert_error (error, DOSSIER_DRAFT_ERROR, DOSSIER_DRAFT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dossier_draft_find (f->store, "Minutes", &found, &error));
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (dossier_draft_rename (f->store, c, "Briefing note", &error));
  g_assert_true (dossier_draft_find (f->store, "Briefing", &found, &error));
  g_assert_cmpint (found, ==, b);
  draft = load (f, c);
  g_assert_cmpstr (draft->title, ==, "Briefing note");

  /* Deleting a draft takes its sections and excerpts with it, and nothing else. */
  g_assert_true (dossier_draft_delete (f->store, a, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM draft"), ==, 2);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM draft_section"), ==, 8);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM excerpt"), ==, 0);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM block"), ==, 9);
  g_assert_false (dossier_draft_delete (f->store, a, &error));
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_FOUND);
}

static void
test_reorder (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(DossierDraft) draft = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = 0, e[4] = { 0 }, s[4], extra = 0;

  g_assert_true (dossier_draft_new (f->store, "Summary", NULL, &id, &error));
  draft = load (f, id);
  for (guint i = 0; i < 4; i++)
    s[i] = section_at (draft, i)->id;
  g_clear_pointer (&draft, dossier_draft_free);

  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *label = g_strdup_printf ("%u", i + 1);

      g_assert_true (dossier_draft_add_excerpt (f->store, id, s[1], block_id (f, f->report_id, label),
                                                -1, -1, NULL, &e[i], &error));
      g_assert_no_error (error);
    }

  /* Within a section: the last one to the front, then the front one to the end. */
  g_assert_true (dossier_draft_move_excerpt (f->store, e[3], s[1], 0, &error));
  draft = load (f, id);
  g_assert_cmpint (excerpt_at (draft, 1, 0)->id, ==, e[3]);
  g_assert_cmpint (excerpt_at (draft, 1, 1)->id, ==, e[0]);
  g_assert_cmpint (excerpt_at (draft, 1, 3)->id, ==, e[2]);
  g_clear_pointer (&draft, dossier_draft_free);

  g_assert_true (dossier_draft_move_excerpt (f->store, e[3], s[1], -1, &error));
  g_assert_true (dossier_draft_move_excerpt (f->store, e[0], s[1], 2, &error));
  draft = load (f, id);
  g_assert_cmpint (excerpt_at (draft, 1, 0)->id, ==, e[1]);
  g_assert_cmpint (excerpt_at (draft, 1, 1)->id, ==, e[2]);
  g_assert_cmpint (excerpt_at (draft, 1, 2)->id, ==, e[0]);
  g_assert_cmpint (excerpt_at (draft, 1, 3)->id, ==, e[3]);
  g_clear_pointer (&draft, dossier_draft_free);

  /* Across sections, with a position past the end meaning the end. */
  g_assert_true (dossier_draft_move_excerpt (f->store, e[2], s[3], 99, &error));
  g_assert_true (dossier_draft_move_excerpt (f->store, e[1], s[3], 0, &error));
  g_free (snapshot (f, id));
  draft = load (f, id);
  g_assert_cmpuint (section_at (draft, 1)->excerpts->len, ==, 2);
  g_assert_cmpint (excerpt_at (draft, 1, 0)->id, ==, e[0]);
  g_assert_cmpint (excerpt_at (draft, 3, 0)->id, ==, e[1]);
  g_assert_cmpint (excerpt_at (draft, 3, 1)->id, ==, e[2]);
  g_clear_pointer (&draft, dossier_draft_free);

  /* Removing closes the gap. */
  g_assert_true (dossier_draft_remove_excerpt (f->store, e[0], &error));
  g_assert_false (dossier_draft_remove_excerpt (f->store, e[0], &error));
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  draft = load (f, id);
  g_assert_cmpint (excerpt_at (draft, 1, 0)->id, ==, e[3]);
  g_assert_cmpuint (excerpt_at (draft, 1, 0)->position, ==, 0);
  g_clear_pointer (&draft, dossier_draft_free);

  /* Sections move too, and new ones go where they are asked to. */
  g_assert_true (dossier_draft_move_section (f->store, s[3], 0, &error));
  g_assert_true (dossier_draft_add_section (f->store, id, "Background", 1, &extra, &error));
  g_assert_true (dossier_draft_rename_section (f->store, s[2], "  Conclusions and outlook ", &error));
  draft = load (f, id);
  g_assert_cmpuint (draft->sections->len, ==, 5);
  g_assert_cmpstr (section_at (draft, 0)->title, ==, "Recommendations");
  g_assert_cmpstr (section_at (draft, 1)->title, ==, "Background");
  g_assert_cmpstr (section_at (draft, 2)->title, ==, "Introduction");
  g_assert_cmpstr (section_at (draft, 3)->title, ==, "Key findings");
  g_assert_cmpstr (section_at (draft, 4)->title, ==, "Conclusions and outlook");
  g_assert_cmpuint (section_at (draft, 0)->excerpts->len, ==, 2);
  g_clear_pointer (&draft, dossier_draft_free);

  /* Removing a section removes its excerpts. */
  g_assert_true (dossier_draft_remove_section (f->store, s[3], &error));
  draft = load (f, id);
  g_assert_cmpuint (draft->sections->len, ==, 4);
  g_assert_cmpstr (section_at (draft, 3)->title, ==, "Conclusions and outlook");
  g_assert_cmpuint (dossier_draft_count_excerpts (draft), ==, 1);
  for (guint i = 0; i < draft->sections->len; i++)
    g_assert_cmpuint (section_at (draft, i)->position, ==, i);
  g_assert_cmpint (count_rows (f->store, "SELECT max(position) FROM draft_section"), ==, 3);
}

static void
test_word_count (void)
{
  static const struct
  {
    const char *text;
    guint       words;
  } cases[] = {
    { "", 0 },
    { "   \n\t ", 0 },
    { "witness", 1 },
    { "witness protection", 2 },
    { "  Witness   protection,  again. ", 3 },
    { "It doesn't stop the follow-up meeting", 6 },
    { "l’exploitation est réelle", 3 },
    { "– 2007 –", 1 },
    { "人口贩运", 4 },
    { "联合国 UNODC 报告", 6 },
    { "Торговля людьми", 2 },
    { "الاتجار بالبشر", 2 },
    { "tail-", 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].text);
      g_assert_cmpuint (dossier_draft_count_words (cases[i].text), ==, cases[i].words);
    }
  g_assert_cmpuint (dossier_draft_count_words (NULL), ==, 0);
}

/* Undo and redo */

typedef struct
{
  guint changed;
  guint can_undo_notified;
} Signals;

static void
changed_cb (DossierDraftEditor *editor,
            Signals            *signals)
{
  signals->changed++;
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           Signals    *signals)
{
  signals->can_undo_notified++;
}

static void
test_undo_redo (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(DossierDraftEditor) editor = NULL;
  g_autoptr(DossierDraft) draft = NULL;
  g_autoptr(GPtrArray) states = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  Signals signals = { 0 };
  gint64 id = 0, s0, s1, e1 = 0, e2 = 0, e3 = 0, extra = 0;
  guint n_steps;

  g_assert_true (dossier_draft_new (f->store, "Summary", NULL, &id, &error));
  draft = load (f, id);
  s0 = section_at (draft, 0)->id;
  s1 = section_at (draft, 1)->id;
  g_clear_pointer (&draft, dossier_draft_free);

  editor = dossier_draft_editor_new (f->store, id);
  dossier_draft_editor_set_merge_interval (editor, 0);
  g_signal_connect (editor, "changed", G_CALLBACK (changed_cb), &signals);
  g_signal_connect (editor, "notify::can-undo", G_CALLBACK (notify_cb), &signals);
  g_assert_false (dossier_draft_editor_get_can_undo (editor));
  g_assert_null (dossier_draft_editor_get_undo_label (editor));
  g_assert_false (dossier_draft_editor_undo (editor, &error));
  g_assert_error (error, DOSSIER_DRAFT_ERROR, DOSSIER_DRAFT_ERROR_NOTHING);
  g_clear_error (&error);

  /* Every kind of step, with the state after each. */
  g_ptr_array_add (states, snapshot (f, id));
#define STEP(call) \
  G_STMT_START { \
    g_assert_true (call); \
    g_assert_no_error (error); \
    g_ptr_array_add (states, snapshot (f, id)); \
  } G_STMT_END
  STEP (dossier_draft_editor_rename (editor, "Summary of the conference", &error));
  STEP (dossier_draft_editor_set_section_text (editor, s0, "The conference met.", &error));
  STEP (dossier_draft_editor_add_excerpt (editor, s1, block_id (f, f->report_id, "2"), -1, -1,
                                          "Key.", &e1, &error));
  STEP (dossier_draft_editor_add_excerpt (editor, s1, block_id (f, f->report_id, "4"), 0, 11,
                                          NULL, &e2, &error));
  STEP (dossier_draft_editor_add_excerpt (editor, s0, block_id (f, f->paper_id, NULL), -1, -1,
                                          NULL, &e3, &error));
  STEP (dossier_draft_editor_move_excerpt (editor, e2, s1, 0, &error));
  STEP (dossier_draft_editor_move_excerpt (editor, e1, s0, 0, &error));
  STEP (dossier_draft_editor_set_excerpt_note (editor, e1, "Key to the debate.", &error));
  STEP (dossier_draft_editor_set_excerpt_note (editor, e3, NULL, &error));
  STEP (dossier_draft_editor_add_section (editor, "Background", 1, &extra, &error));
  STEP (dossier_draft_editor_rename_section (editor, extra, "Context", &error));
  STEP (dossier_draft_editor_move_section (editor, extra, 3, &error));
  STEP (dossier_draft_editor_remove_excerpt (editor, e2, &error));
  STEP (dossier_draft_editor_remove_section (editor, s0, &error));
#undef STEP
  n_steps = states->len - 1;
  g_assert_cmpuint (signals.changed, ==, n_steps);
  g_assert_cmpuint (signals.can_undo_notified, ==, 1);
  g_assert_true (dossier_draft_editor_get_can_undo (editor));
  g_assert_false (dossier_draft_editor_get_can_redo (editor));
  g_assert_cmpstr (dossier_draft_editor_get_undo_label (editor), ==, "Remove Section");

  /* Back to the start, one step at a time, each state exactly as it was: the
   * removed section comes back with its excerpts and their ids. */
  for (guint i = n_steps; i > 0; i--)
    {
      g_autofree char *now = NULL;

      g_assert_true (dossier_draft_editor_undo (editor, &error));
      g_assert_no_error (error);
      now = snapshot (f, id);
      g_assert_cmpstr (now, ==, g_ptr_array_index (states, i - 1));
    }
  g_assert_false (dossier_draft_editor_get_can_undo (editor));
  g_assert_true (dossier_draft_editor_get_can_redo (editor));
  g_assert_cmpstr (dossier_draft_editor_get_redo_label (editor), ==, "Rename Draft");

  /* And forward again. */
  for (guint i = 1; i <= n_steps; i++)
    {
      g_autofree char *now = NULL;

      g_assert_true (dossier_draft_editor_redo (editor, &error));
      g_assert_no_error (error);
      now = snapshot (f, id);
      g_assert_cmpstr (now, ==, g_ptr_array_index (states, i));
    }
  g_assert_false (dossier_draft_editor_get_can_redo (editor));

  /* A new step after an undo forgets what could have been redone. */
  g_assert_true (dossier_draft_editor_undo (editor, &error));
  g_assert_true (dossier_draft_editor_get_can_redo (editor));
  g_assert_true (dossier_draft_editor_rename (editor, "Other title", &error));
  g_assert_false (dossier_draft_editor_get_can_redo (editor));
  g_assert_false (dossier_draft_editor_redo (editor, &error));
  g_assert_error (error, DOSSIER_DRAFT_ERROR, DOSSIER_DRAFT_ERROR_NOTHING);
  g_clear_error (&error);

  /* A failed step is not recorded. */
  g_assert_false (dossier_draft_editor_rename (editor, " ", &error));
  g_clear_error (&error);
  g_assert_cmpstr (dossier_draft_editor_get_undo_label (editor), ==, "Rename Draft");

  dossier_draft_editor_clear_history (editor);
  g_assert_false (dossier_draft_editor_get_can_undo (editor));
}

static void
test_undo_merges_typing (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(DossierDraftEditor) editor = NULL;
  g_autoptr(DossierDraft) draft = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = 0, s0, s1;

  g_assert_true (dossier_draft_new (f->store, "Summary", NULL, &id, &error));
  draft = load (f, id);
  s0 = section_at (draft, 0)->id;
  s1 = section_at (draft, 1)->id;
  g_clear_pointer (&draft, dossier_draft_free);

  editor = dossier_draft_editor_new (f->store, id);
  dossier_draft_editor_set_merge_interval (editor, 60 * 1000);
  /* Typing a word letter by letter is one step; another field starts another. */
  g_assert_true (dossier_draft_editor_set_section_text (editor, s0, "T", &error));
  g_assert_true (dossier_draft_editor_set_section_text (editor, s0, "Th", &error));
  g_assert_true (dossier_draft_editor_set_section_text (editor, s0, "The", &error));
  g_assert_true (dossier_draft_editor_set_section_text (editor, s1, "Findings", &error));
  g_assert_true (dossier_draft_editor_set_section_text (editor, s0, "The end", &error));
  dossier_draft_editor_break_merge (editor);
  g_assert_true (dossier_draft_editor_set_section_text (editor, s0, "The end.", &error));

  g_assert_true (dossier_draft_editor_undo (editor, &error));
  draft = load (f, id);
  g_assert_cmpstr (section_at (draft, 0)->text, ==, "The end");
  g_clear_pointer (&draft, dossier_draft_free);

  g_assert_true (dossier_draft_editor_undo (editor, &error));
  draft = load (f, id);
  g_assert_cmpstr (section_at (draft, 0)->text, ==, "The");
  g_clear_pointer (&draft, dossier_draft_free);

  g_assert_true (dossier_draft_editor_undo (editor, &error));
  g_assert_true (dossier_draft_editor_undo (editor, &error));
  g_assert_false (dossier_draft_editor_get_can_undo (editor));
  draft = load (f, id);
  g_assert_cmpstr (section_at (draft, 0)->text, ==, "");
  g_assert_cmpstr (section_at (draft, 1)->text, ==, "");
  g_clear_pointer (&draft, dossier_draft_free);

  /* Redo brings the merged step back whole. */
  g_assert_true (dossier_draft_editor_redo (editor, &error));
  draft = load (f, id);
  g_assert_cmpstr (section_at (draft, 0)->text, ==, "The");
}

static void
test_undo_conflict (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(DossierDraftEditor) editor = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = 0, e1 = 0, e2 = 0;

  g_assert_true (dossier_draft_new (f->store, "Summary", NULL, &id, &error));
  editor = dossier_draft_editor_new (f->store, id);
  g_assert_true (dossier_draft_editor_add_excerpt (editor, 0, block_id (f, f->report_id, "1"), -1, -1,
                                                   NULL, &e1, &error));
  g_assert_true (dossier_draft_editor_add_excerpt (editor, 0, block_id (f, f->report_id, "2"), -1, -1,
                                                   NULL, &e2, &error));

  /* Someone else (dossier-cli, another window) removes the second excerpt. */
  g_assert_true (dossier_draft_remove_excerpt (f->store, e2, &error));

  /* Undoing its addition cannot be done: the step leaves the history with a
   * clear error, and the one before it still undoes. */
  g_assert_false (dossier_draft_editor_undo (editor, &error));
  g_assert_error (error, DOSSIER_DRAFT_ERROR, DOSSIER_DRAFT_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_true (dossier_draft_editor_undo (editor, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM excerpt"), ==, 0);
  g_assert_true (sqlite3_get_autocommit (dossier_store_get_handle (f->store)));

  /* The draft itself is deleted: nothing can be redone. */
  g_assert_true (dossier_draft_delete (f->store, id, &error));
  g_assert_false (dossier_draft_editor_redo (editor, &error));
  g_assert_error (error, DOSSIER_DRAFT_ERROR, DOSSIER_DRAFT_ERROR_CONFLICT);
  g_assert_false (dossier_draft_editor_get_can_redo (editor));
}

/* Changed sources */

static void
write_file (const char *path,
            const char *contents)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

/* A small report as the importer reads it: a symbol on the masthead, a heading,
 * numbered paragraphs. */
static char *
report_markdown (const char *paragraph_2,
                 gboolean    with_paragraph_3)
{
  return g_strdup_printf ("E/CN.4/2099/1\n\n"
                          "# Report of the Special Rapporteur on trafficking\n\n"
                          "## I. Introduction\n\n"
                          "1. The Special Rapporteur visited three countries in 2098.\n\n"
                          "2. %s\n\n"
                          "%s"
                          "4. Data on trafficking remain scarce.\n",
                          paragraph_2,
                          with_paragraph_3 ? "3. Cooperation between countries of origin and destination is essential.\n\n" : "");
}

static void
test_changed_source (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *file_path = g_build_filename (f->dir, "rapporteur-2099.md", NULL);
  g_autofree char *v1 = report_markdown ("States should protect witnesses who testify.", TRUE);
  g_autofree char *v2 = report_markdown ("States must protect every witness who testifies, and their families.", TRUE);
  g_autofree char *v3 = report_markdown ("States must protect every witness who testifies, and their families.", FALSE);
  g_autoptr(GFile) file = g_file_new_for_path (file_path);
  g_autoptr(DossierDraftEditor) editor = NULL;
  g_autoptr(DossierDraft) draft = NULL;
  g_autoptr(GPtrArray) blocks = NULL;
  g_autoptr(GError) error = NULL;
  DossierImportOutcome outcome;
  const DossierExcerpt *changed, *same;
  gint64 doc = 0, doc2 = 0, id = 0, e_changed = 0, e_same = 0, p2 = 0, p3 = 0;

  write_file (file_path, v1);
  g_assert_true (dossier_store_import_file (f->store, file, NULL, &outcome, &doc, &error));
  g_assert_no_error (error);
  blocks = dossier_store_get_blocks (f->store, doc, &error);
  for (guint i = 0; i < blocks->len; i++)
    {
      DossierBlock *block = g_ptr_array_index (blocks, i);

      if (g_strcmp0 (block->label, "2") == 0)
        p2 = block->id;
      if (g_strcmp0 (block->label, "3") == 0)
        p3 = block->id;
    }
  if (p2 == 0 || p3 == 0)
    {
      g_test_skip ("The importer does not yet read numbered paragraphs from Markdown.");
      return;
    }

  g_assert_true (dossier_draft_new (f->store, "Summary", NULL, &id, &error));
  editor = dossier_draft_editor_new (f->store, id);
  g_assert_true (dossier_draft_editor_add_excerpt (editor, 0, p2, -1, -1, "Important.", &e_changed, &error));
  g_assert_true (dossier_draft_editor_add_excerpt (editor, 0, p3, -1, -1, NULL, &e_same, &error));

  /* A new version of the file changes paragraph 2 only. */
  write_file (file_path, v2);
  g_assert_true (dossier_store_import_file (f->store, file, NULL, &outcome, &doc2, &error));
  g_assert_no_error (error);
  g_assert_cmpint (outcome, ==, DOSSIER_IMPORT_REPLACED);
  g_assert_cmpint (doc2, ==, doc);

  draft = load (f, id);
  changed = dossier_draft_find_excerpt (draft, e_changed);
  same = dossier_draft_find_excerpt (draft, e_same);
  g_assert_cmpstr (changed->quote, ==, "States should protect witnesses who testify.");
  g_assert_cmpstr (changed->citation, ==, "E/CN.4/2099/1, para. 2");
  g_assert_cmpstr (changed->note, ==, "Important.");
  g_assert_true (changed->source_changed);
  g_assert_false (changed->source_missing);
  g_assert_cmpint (changed->block_id, !=, 0);
  g_assert_false (same->source_changed);
  g_assert_cmpint (same->block_id, !=, 0);
  g_clear_pointer (&draft, dossier_draft_free);

  /* Bringing the excerpt up to date takes the new text; undo gives the old back. */
  g_assert_true (dossier_draft_editor_refresh_excerpt (editor, e_changed, &error));
  g_assert_no_error (error);
  draft = load (f, id);
  changed = dossier_draft_find_excerpt (draft, e_changed);
  g_assert_cmpstr (changed->quote, ==, "States must protect every witness who testifies, and their families.");
  g_assert_false (changed->source_changed);
  g_assert_cmpstr (changed->note, ==, "Important.");
  g_clear_pointer (&draft, dossier_draft_free);
  g_assert_true (dossier_draft_editor_undo (editor, &error));
  draft = load (f, id);
  changed = dossier_draft_find_excerpt (draft, e_changed);
  g_assert_cmpstr (changed->quote, ==, "States should protect witnesses who testify.");
  g_assert_true (changed->source_changed);
  g_clear_pointer (&draft, dossier_draft_free);

  /* A version without paragraph 3: that excerpt keeps its quote, its source gone. */
  write_file (file_path, v3);
  g_assert_true (dossier_store_import_file (f->store, file, NULL, &outcome, NULL, &error));
  g_assert_cmpint (outcome, ==, DOSSIER_IMPORT_REPLACED);
  draft = load (f, id);
  same = dossier_draft_find_excerpt (draft, e_same);
  g_assert_cmpstr (same->quote, ==, "Cooperation between countries of origin and destination is essential.");
  g_assert_true (same->source_changed);
  g_assert_true (same->source_missing);
  g_assert_cmpint (same->block_id, ==, 0);
  g_clear_pointer (&draft, dossier_draft_free);
  g_assert_false (dossier_draft_refresh_excerpt (f->store, e_same, &error));
  g_assert_error (error, DOSSIER_DRAFT_ERROR, DOSSIER_DRAFT_ERROR_INVALID);
  g_clear_error (&error);

  /* Removing the document from the corpus leaves the quotes in the draft. */
  g_assert_true (dossier_store_delete_document (f->store, doc, &error));
  draft = load (f, id);
  g_assert_cmpuint (dossier_draft_count_excerpts (draft), ==, 2);
  changed = dossier_draft_find_excerpt (draft, e_changed);
  g_assert_true (changed->source_missing);
  g_assert_cmpint (changed->document_id, ==, 0);
  g_assert_cmpstr (changed->citation, ==, "E/CN.4/2099/1, para. 2");
}

/* Killed while typing */

static char *
typed_text (guint n)
{
  return g_strdup_printf ("Participants agreed on %u points about witness protection.", n);
}

/* The child: opens the corpus on its own, as a second Dossier would, and keeps
 * editing through the undoable editor, acknowledging each edit on @ack once the
 * call returned, until it is killed. It never exits by itself. */
static void G_GNUC_NORETURN
typist (const char *path,
        gint64      draft_id,
        gint64      section_id,
        gint64      block,
        int         ack)
{
  g_autoptr(DossierStore) store = dossier_store_open (path, NULL);
  g_autoptr(DossierDraftEditor) editor = NULL;

  if (store == NULL)
    _exit (3);
  editor = dossier_draft_editor_new (store, draft_id);
  for (guint n = 1; ; n++)
    {
      g_autofree char *text = typed_text (n);
      guint32 done = n;

      if (!dossier_draft_editor_set_section_text (editor, section_id, text, NULL))
        _exit (4);
      /* Now and then an excerpt too, so that more than one table is written. */
      if (n % 10 == 0 &&
          !dossier_draft_editor_add_excerpt (editor, section_id, block, -1, -1, text, NULL, NULL))
        _exit (5);
      if (write (ack, &done, sizeof done) != sizeof done)
        _exit (6);
    }
}

static void
test_survives_kill (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(DossierDraft) draft = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *last_text = NULL;
  g_autofree char *next_text = NULL;
  const DossierDraftSection *section;
  guint32 acknowledged = 0, n;
  gint64 id = 0, section_id, block;
  int fds[2], status;
  pid_t pid;

  g_assert_true (dossier_draft_new (f->store, "Summary", NULL, &id, &error));
  draft = load (f, id);
  section_id = section_at (draft, 1)->id;
  g_clear_pointer (&draft, dossier_draft_free);
  block = block_id (f, f->report_id, "2");

  g_assert_cmpint (pipe (fds), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      close (fds[0]);
      typist (f->path, id, section_id, block, fds[1]);
    }
  close (fds[1]);

  /* Kill it in the middle of its 37th edit or so, with no chance to clean up. */
  while (acknowledged < 37 && read (fds[0], &n, sizeof n) == sizeof n)
    acknowledged = n;
  kill (pid, SIGKILL);
  while (read (fds[0], &n, sizeof n) == sizeof n)
    acknowledged = n;   /* acknowledged before the signal landed */
  close (fds[0]);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);
  g_assert_cmpuint (acknowledged, >=, 37);

  /* Reopened: every acknowledged edit is there; at most the one in flight more. */
  reopen (f);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check = 'ok'"),
                   ==, 1);
  draft = load (f, id);
  section = dossier_draft_find_section (draft, section_id);
  g_assert_nonnull (section);
  last_text = typed_text (acknowledged);
  next_text = typed_text (acknowledged + 1);
  if (g_strcmp0 (section->text, last_text) != 0)
    g_assert_cmpstr (section->text, ==, next_text);
  g_assert_cmpuint (section->excerpts->len, >=, acknowledged / 10);
  g_assert_cmpuint (section->excerpts->len, <=, (acknowledged + 1) / 10);
}

/* Suggestions */

/* Gives the hand-made report entities and mentions, as extraction would. */
static void
add_mentions (Fixture *f)
{
  sqlite3 *db = dossier_store_get_handle (f->store);
  char *sql;

  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO entity (id, key, kind, name, short_name, origin)"
                                 " VALUES (1, 'body:chr', 'body', 'Commission on Human Rights', NULL, 'gazetteer'),"
                                 "        (2, 'org:unodc', 'organisation', 'United Nations Office on Drugs and Crime', 'UNODC', 'gazetteer'),"
                                 "        (3, 'org:old', 'organisation', 'Old name', NULL, 'pattern');"
                                 "UPDATE entity SET merged_into = 2 WHERE id = 3;"
                                 "INSERT INTO alias (entity_id, alias, origin) VALUES (1, 'CHR', 'gazetteer');",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  /* Paragraph 5 names the Commission twice in a short text, paragraph 1 once. */
  sql = sqlite3_mprintf ("INSERT INTO mention (entity_id, block_id, start, end, surface, recogniser)"
                         " VALUES (1, %lld, 4, 30, 'Commission on Human Rights', 'gazetteer'),"
                         "        (1, %lld, 50, 53, 'CHR', 'gazetteer'),"
                         "        (1, %lld, 0, 3, 'CHR', 'gazetteer'),"
                         "        (2, %lld, 0, 5, 'UNODC', 'gazetteer')",
                         (long long) block_id (f, f->report_id, "5"),
                         (long long) block_id (f, f->report_id, "5"),
                         (long long) block_id (f, f->report_id, "1"),
                         (long long) block_id (f, f->report_id, "4"));
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_free (sql);
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO relation (id, source_id, target_id, kind, weight, origin)"
                                 " VALUES (1, 1, 2, 'co-mention', 1, 'extracted')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sql = sqlite3_mprintf ("INSERT INTO relation_evidence (relation_id, block_id) VALUES (1, %lld)",
                         (long long) block_id (f, f->report_id, "6"));
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_free (sql);
}

static void
assert_well_ranked (GPtrArray *suggestions)
{
  for (guint i = 0; i < suggestions->len; i++)
    {
      DossierSuggestion *s = g_ptr_array_index (suggestions, i);

      g_assert_cmpfloat (s->score, >=, 0);
      g_assert_cmpfloat (s->score, <=, 1);
      g_assert_cmpfloat (s->relevance, >=, 0);
      g_assert_cmpfloat (s->relevance, <=, 1);
      g_assert_cmpfloat (s->centrality, >=, 0);
      g_assert_cmpfloat (s->centrality, <=, 1.0 + 1e-9);
      g_assert_nonnull (s->citation);
      g_assert_nonnull (s->text);
      if (i == 0)
        g_assert_cmpfloat (s->score, ==, 1.0);
      else
        g_assert_cmpfloat (s->score, <=, ((DossierSuggestion *) suggestions->pdata[i - 1])->score);
    }
}

static void
test_suggest_small (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autoptr(GError) error = NULL;
  DossierSuggestion *s;
  gint64 entity = 0;

  add_mentions (f);

  /* A query: the paragraph with both words first; one with neither never. */
  suggestions = dossier_suggest_for_query (f->store, "witness protection", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (suggestions->len, ==, 1);
  s = g_ptr_array_index (suggestions, 0);
  g_assert_cmpstr (s->citation, ==, "E/CN.4/2003/74, para. 2");
  g_assert_cmpint (s->document_id, ==, f->report_id);
  g_assert_cmpstr (s->label, ==, "2");
  g_clear_pointer (&suggestions, g_ptr_array_unref);

  suggestions = dossier_suggest_for_query (f->store, "trafficking data", 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (suggestions->len, ==, 2);
  g_assert_cmpstr (((DossierSuggestion *) suggestions->pdata[0])->citation, ==, "E/CN.4/2003/74, para. 6");
  assert_well_ranked (suggestions);
  g_clear_pointer (&suggestions, g_ptr_array_unref);

  suggestions = dossier_suggest_for_query (f->store, "\"*\" -- ()", 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (suggestions->len, ==, 0);
  g_clear_pointer (&suggestions, g_ptr_array_unref);

  /* An entity, found by key, alias or the name of one merged into it. */
  g_assert_true (dossier_suggest_find_entity (f->store, "CHR", &entity, &error));
  g_assert_cmpint (entity, ==, 1);
  g_assert_true (dossier_suggest_find_entity (f->store, "old name", &entity, &error));
  g_assert_cmpint (entity, ==, 2);
  g_assert_false (dossier_suggest_find_entity (f->store, "nobody", &entity, &error));
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  suggestions = dossier_suggest_for_entity (f->store, 1, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (suggestions->len, ==, 2);
  g_assert_cmpstr (((DossierSuggestion *) suggestions->pdata[0])->citation, ==, "E/CN.4/2003/74, para. 5");
  g_assert_cmpstr (((DossierSuggestion *) suggestions->pdata[1])->citation, ==, "E/CN.4/2003/74, para. 1");
  assert_well_ranked (suggestions);
  g_clear_pointer (&suggestions, g_ptr_array_unref);
  g_assert_null (dossier_suggest_for_entity (f->store, 99, 0, &error));
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A relation: its evidence, even without mentions of both ends. */
  suggestions = dossier_suggest_for_relation (f->store, 1, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (suggestions->len, ==, 1);
  g_assert_cmpstr (((DossierSuggestion *) suggestions->pdata[0])->citation, ==, "E/CN.4/2003/74, para. 6");
  g_clear_pointer (&suggestions, g_ptr_array_unref);

  /* A document: its own paragraphs only, the most central first. */
  suggestions = dossier_suggest_for_document (f->store, f->report_id, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (suggestions->len, ==, 3);
  for (guint i = 0; i < suggestions->len; i++)
    g_assert_cmpint (((DossierSuggestion *) suggestions->pdata[i])->document_id, ==, f->report_id);
  assert_well_ranked (suggestions);
  g_clear_pointer (&suggestions, g_ptr_array_unref);
  g_assert_null (dossier_suggest_for_document (f->store, 4242, 3, &error));
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_FOUND);
}

typedef struct
{
  char         *dir;
  DossierStore *store;
} CorpusFixture;

static void
corpus_setup (CorpusFixture *f,
              gconstpointer  data)
{
  g_autoptr(DossierExtractor) extractor = NULL;
  g_autoptr(DossierBatchResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("dossier-suggest-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "corpus.db", NULL);
  f->store = dossier_store_open (path, &error);
  g_assert_no_error (error);

  /* Entities are welcome but not needed: a search ranks without them. */
  extractor = dossier_extractor_new (NULL, NULL);
  result = dossier_batch_import_bundled (f->store, extractor, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->n_added, ==, 5);
}

static void
corpus_teardown (CorpusFixture *f,
                 gconstpointer  data)
{
  g_assert_finalize_object (f->store);
  remove_tree (f->dir);
  g_free (f->dir);
}

static void
test_suggest_corpus (CorpusFixture *f,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autoptr(GError) error = NULL;
  gboolean found = FALSE;

  suggestions = dossier_suggest_for_query (f->store, "witness protection", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (suggestions->len, >=, 3);
  assert_well_ranked (suggestions);

  for (guint i = 0; i < suggestions->len; i++)
    {
      DossierSuggestion *s = g_ptr_array_index (suggestions, i);

      g_test_message ("%u. %s (%.3f = relevance %.3f, centrality %.3f)", i + 1, s->citation,
                      s->score, s->relevance, s->centrality);
      /* Paragraph 15 of the CCPCJ note: "Witness protection can be difficult and
       * expensive to organize…". */
      if (i < 3 && g_strcmp0 (s->label, "15") == 0 &&
          g_str_has_prefix (s->text, "Witness protection can be difficult") &&
          strstr (s->document_title, "Trafficking in human beings") != NULL)
        found = TRUE;
    }
  g_assert_true (found);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/dossier/drafts/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("templates", test_templates);
  ADD ("round-trip", test_round_trip);
  ADD ("refuses", test_refuses);
  ADD ("find-rename-delete", test_find_rename_delete);
  ADD ("reorder", test_reorder);
  ADD ("undo-redo", test_undo_redo);
  ADD ("undo-merges-typing", test_undo_merges_typing);
  ADD ("undo-conflict", test_undo_conflict);
  ADD ("changed-source", test_changed_source);
  ADD ("survives-kill", test_survives_kill);
  ADD ("suggest-small", test_suggest_small);
#undef ADD
  g_test_add_func ("/dossier/drafts/word-count", test_word_count);
  g_test_add ("/dossier/suggest/witness-protection", CorpusFixture, NULL,
              corpus_setup, test_suggest_corpus, corpus_teardown);

  return g_test_run ();
}
