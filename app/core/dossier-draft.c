/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Drafts, their sections and excerpts, written straight to the corpus database.
 *
 * Each public function is one transaction. The work itself is done by the
 * "op_" functions below, which run inside a transaction and can hand back what
 * they changed (a row as it was, a position it came from); DossierDraftEditor
 * keeps those as the inverse of each step. Rows come back on undo with their old
 * ids, so that every other step in the history still names the right rows.
 *
 * Positions are kept dense (0, 1, 2, …) within a draft for sections and within a
 * section for excerpts.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "dossier-draft.h"
#include "dossier-store-private.h"

G_DEFINE_QUARK (dossier-draft-error-quark, dossier_draft_error)

typedef struct
{
  const char *name;
  const char *label;
  const char *sections[6];
} DraftTemplate;

/* Section titles are translated when a draft is created and stored as text, so
 * a draft keeps the titles it was written with. */
static const DraftTemplate templates[] = {
  {
    DOSSIER_DRAFT_TEMPLATE_MEETING_SUMMARY,
    /* Translators: the name of a draft template. */
    N_("Meeting summary"),
    {
      /* Translators: the default sections of a meeting summary. */
      NC_("draft section", "Introduction"),
      NC_("draft section", "Key findings"),
      NC_("draft section", "Conclusions"),
      NC_("draft section", "Recommendations"),
      NULL
    },
  },
  {
    DOSSIER_DRAFT_TEMPLATE_BLANK,
    /* Translators: the name of a draft template with one untitled section. */
    N_("Blank"),
    { "", NULL },
  },
};

static const char *const template_names[] = {
  DOSSIER_DRAFT_TEMPLATE_MEETING_SUMMARY,
  DOSSIER_DRAFT_TEMPLATE_BLANK,
  NULL
};

/* Rows as stored, for the history. 0 stands for SQL NULL in ids, -1 in numbers. */
typedef struct
{
  gint64  id;
  gint64  draft_id;
  int     position;
  char   *title;
  char   *body;
} SectionRow;

typedef struct
{
  gint64  id;
  gint64  draft_id;
  gint64  section_id;
  int     position;
  gint64  document_id;
  gint64  block_id;
  char   *block_label;
  gint64  block_seq;
  char   *block_hash;
  char   *quote;
  int     quote_start;
  int     quote_end;
  char   *citation;
  char   *note;
  char   *created_at;
} ExcerptRow;

static void
section_row_free (SectionRow *row)
{
  if (row == NULL)
    return;
  g_free (row->title);
  g_free (row->body);
  g_free (row);
}

static void
excerpt_row_free (ExcerptRow *row)
{
  if (row == NULL)
    return;
  g_free (row->block_label);
  g_free (row->block_hash);
  g_free (row->quote);
  g_free (row->citation);
  g_free (row->note);
  g_free (row->created_at);
  g_free (row);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SectionRow, section_row_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExcerptRow, excerpt_row_free)

/* Helpers */

static void
bind_id (sqlite3_stmt *stmt,
         int           index,
         gint64        id)
{
  if (id > 0)
    sqlite3_bind_int64 (stmt, index, id);
  else
    sqlite3_bind_null (stmt, index);
}

static void
bind_number (sqlite3_stmt *stmt,
             int           index,
             gint64        value)
{
  if (value >= 0)
    sqlite3_bind_int64 (stmt, index, value);
  else
    sqlite3_bind_null (stmt, index);
}

static gint64
column_number (sqlite3_stmt *stmt,
               int           column,
               gint64        null_value)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return null_value;
  return sqlite3_column_int64 (stmt, column);
}

static gboolean
run (DossierStore *store,
     sqlite3_stmt *stmt,
     GError      **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      dossier_store_set_error (store, error, NULL);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static int
changes (DossierStore *store)
{
  return sqlite3_changes (dossier_store_get_handle (store));
}

static gint64
last_rowid (DossierStore *store)
{
  return sqlite3_last_insert_rowid (dossier_store_get_handle (store));
}

static gboolean
check_text (const char  *text,
            GError     **error)
{
  if (text != NULL && !g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, DOSSIER_DRAFT_ERROR, DOSSIER_DRAFT_ERROR_INVALID,
                           _("The text contains characters that are not valid UTF-8."));
      return FALSE;
    }
  return TRUE;
}

/* A draft's title: trimmed, not empty. */
static char *
clean_title (const char  *title,
             GError     **error)
{
  g_autofree char *copy = NULL;

  if (!check_text (title, error))
    return NULL;
  copy = g_strstrip (g_strdup (title != NULL ? title : ""));
  if (*copy == '\0')
    {
      g_set_error_literal (error, DOSSIER_DRAFT_ERROR, DOSSIER_DRAFT_ERROR_INVALID,
                           _("A draft needs a title."));
      return NULL;
    }
  return g_steal_pointer (&copy);
}

/* A note: trimmed; empty means none. */
static char *
clean_note (const char *note)
{
  char *copy;

  if (note == NULL)
    return NULL;
  copy = g_strstrip (g_strdup (note));
  if (*copy == '\0')
    g_clear_pointer (&copy, g_free);
  return copy;
}

static void
set_not_found (GError    **error,
               const char *what)
{
  g_set_error_literal (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_FOUND, what);
}

static char *
hash_text (const char *text)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text != NULL ? text : "", -1);
}

static const DraftTemplate *
find_template (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (templates); i++)
    if (g_strcmp0 (templates[i].name, name) == 0)
      return &templates[i];
  return NULL;
}

/* Rows */

static gboolean
touch_draft (DossierStore *store,
             gint64        draft_id,
             GError      **error)
{
  static const char sql[] = "UPDATE draft SET modified_at = ? WHERE id = ?";
  g_autofree char *now = _dossier_now_iso ();
  sqlite3_stmt *stmt;

  if (!(stmt = _dossier_store_prepare (store, sql, error)))
    return FALSE;
  _dossier_bind_text (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, draft_id);
  if (!run (store, stmt, error))
    return FALSE;
  if (changes (store) == 0)
    {
      set_not_found (error, _("This draft is no longer in the corpus."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
count_rows (DossierStore *store,
            const char   *sql,
            gint64        id,
            int          *count,
            GError      **error)
{
  sqlite3_stmt *stmt;

  if (!(stmt = _dossier_store_prepare (store, sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      dossier_store_set_error (store, error, NULL);
      sqlite3_reset (stmt);
      return FALSE;
    }
  *count = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
count_sections (DossierStore *store,
                gint64        draft_id,
                int          *count,
                GError      **error)
{
  static const char sql[] = "SELECT count(*) FROM draft_section WHERE draft_id = ?";

  return count_rows (store, sql, draft_id, count, error);
}

static gboolean
count_section_excerpts (DossierStore *store,
                        gint64        section_id,
                        int          *count,
                        GError      **error)
{
  static const char sql[] = "SELECT count(*) FROM excerpt WHERE section_id = ?";

  return count_rows (store, sql, section_id, count, error);
}

static SectionRow *
read_section (DossierStore *store,
              gint64        section_id,
              GError      **error)
{
  static const char sql[] =
    "SELECT id, draft_id, position, title, body FROM draft_section WHERE id = ?";
  sqlite3_stmt *stmt;
  SectionRow *row = NULL;
  int rc;

  if (!(stmt = _dossier_store_prepare (store, sql, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, section_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      row = g_new0 (SectionRow, 1);
      row->id = sqlite3_column_int64 (stmt, 0);
      row->draft_id = sqlite3_column_int64 (stmt, 1);
      row->position = sqlite3_column_int (stmt, 2);
      row->title = g_strdup (_dossier_column_text (stmt, 3));
      row->body = g_strdup (_dossier_column_text (stmt, 4));
    }
  else if (rc == SQLITE_DONE)
    set_not_found (error, _("This section is no longer in the draft."));
  else
    dossier_store_set_error (store, error, NULL);
  sqlite3_reset (stmt);
  return row;
}

#define EXCERPT_COLUMNS \
  "id, draft_id, section_id, position, document_id, block_id, block_label, block_seq," \
  " block_hash, quote, quote_start, quote_end, citation, note, created_at"

static ExcerptRow *
excerpt_row_from_stmt (sqlite3_stmt *stmt)
{
  ExcerptRow *row = g_new0 (ExcerptRow, 1);

  row->id = sqlite3_column_int64 (stmt, 0);
  row->draft_id = sqlite3_column_int64 (stmt, 1);
  row->section_id = column_number (stmt, 2, 0);
  row->position = sqlite3_column_int (stmt, 3);
  row->document_id = column_number (stmt, 4, 0);
  row->block_id = column_number (stmt, 5, 0);
  row->block_label = g_strdup (_dossier_column_text (stmt, 6));
  row->block_seq = column_number (stmt, 7, -1);
  row->block_hash = g_strdup (_dossier_column_text (stmt, 8));
  row->quote = g_strdup (_dossier_column_text (stmt, 9));
  row->quote_start = (int) column_number (stmt, 10, -1);
  row->quote_end = (int) column_number (stmt, 11, -1);
  row->citation = g_strdup (_dossier_column_text (stmt, 12));
  row->note = g_strdup (_dossier_column_text (stmt, 13));
  row->created_at = g_strdup (_dossier_column_text (stmt, 14));
  return row;
}

static ExcerptRow *
read_excerpt (DossierStore *store,
              gint64        excerpt_id,
              GError      **error)
{
  static const char sql[] = "SELECT " EXCERPT_COLUMNS " FROM excerpt WHERE id = ?";
  sqlite3_stmt *stmt;
  ExcerptRow *row = NULL;
  int rc;

  if (!(stmt = _dossier_store_prepare (store, sql, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, excerpt_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    row = excerpt_row_from_stmt (stmt);
  else if (rc == SQLITE_DONE)
    set_not_found (error, _("This excerpt is no longer in the draft."));
  else
    dossier_store_set_error (store, error, NULL);
  sqlite3_reset (stmt);
  return row;
}

static GPtrArray *
read_section_excerpts (DossierStore *store,
                       gint64        section_id,
                       GError      **error)
{
  static const char sql[] =
    "SELECT " EXCERPT_COLUMNS " FROM excerpt WHERE section_id = ? ORDER BY position, id";
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) excerpt_row_free);
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _dossier_store_prepare (store, sql, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, section_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, excerpt_row_from_stmt (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dossier_store_set_error (store, error, NULL);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

/* Inserts a section at row->position (clamped), shifting the ones after it. With
 * row->id set, the row gets that id back (undo). Sets row->id and row->position. */
static gboolean
insert_section_row (DossierStore *store,
                    SectionRow   *row,
                    GError      **error)
{
  static const char shift_sql[] =
    "UPDATE draft_section SET position = position + 1 WHERE draft_id = ? AND position >= ?";
  static const char insert_sql[] =
    "INSERT INTO draft_section (id, draft_id, position, title, body) VALUES (?, ?, ?, ?, ?)";
  sqlite3_stmt *stmt;
  int n;

  if (!count_sections (store, row->draft_id, &n, error))
    return FALSE;
  if (row->position < 0 || row->position > n)
    row->position = n;

  if (!(stmt = _dossier_store_prepare (store, shift_sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row->draft_id);
  sqlite3_bind_int (stmt, 2, row->position);
  if (!run (store, stmt, error))
    return FALSE;

  if (!(stmt = _dossier_store_prepare (store, insert_sql, error)))
    return FALSE;
  bind_id (stmt, 1, row->id);
  sqlite3_bind_int64 (stmt, 2, row->draft_id);
  sqlite3_bind_int (stmt, 3, row->position);
  _dossier_bind_text (stmt, 4, row->title != NULL ? row->title : "");
  _dossier_bind_text (stmt, 5, row->body != NULL ? row->body : "");
  if (!run (store, stmt, error))
    return FALSE;
  row->id = last_rowid (store);
  return TRUE;
}

/* Removes a section and its excerpts, closing the gap. */
static gboolean
delete_section_row (DossierStore     *store,
                    const SectionRow *row,
                    GError          **error)
{
  static const char excerpts_sql[] = "DELETE FROM excerpt WHERE section_id = ?";
  static const char delete_sql[] = "DELETE FROM draft_section WHERE id = ?";
  static const char close_sql[] =
    "UPDATE draft_section SET position = position - 1 WHERE draft_id = ? AND position > ?";
  sqlite3_stmt *stmt;

  if (!(stmt = _dossier_store_prepare (store, excerpts_sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row->id);
  if (!run (store, stmt, error))
    return FALSE;

  if (!(stmt = _dossier_store_prepare (store, delete_sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row->id);
  if (!run (store, stmt, error))
    return FALSE;
  if (changes (store) == 0)
    {
      set_not_found (error, _("This section is no longer in the draft."));
      return FALSE;
    }

  if (!(stmt = _dossier_store_prepare (store, close_sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row->draft_id);
  sqlite3_bind_int (stmt, 2, row->position);
  return run (store, stmt, error);
}

/* Inserts an excerpt at row->position (clamped) of its section. */
static gboolean
insert_excerpt_row (DossierStore *store,
                    ExcerptRow   *row,
                    GError      **error)
{
  static const char shift_sql[] =
    "UPDATE excerpt SET position = position + 1 WHERE section_id = ? AND position >= ?";
  static const char insert_sql[] =
    "INSERT INTO excerpt (" EXCERPT_COLUMNS ")"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  sqlite3_stmt *stmt;
  int n;

  if (!count_section_excerpts (store, row->section_id, &n, error))
    return FALSE;
  if (row->position < 0 || row->position > n)
    row->position = n;

  if (!(stmt = _dossier_store_prepare (store, shift_sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row->section_id);
  sqlite3_bind_int (stmt, 2, row->position);
  if (!run (store, stmt, error))
    return FALSE;

  if (!(stmt = _dossier_store_prepare (store, insert_sql, error)))
    return FALSE;
  bind_id (stmt, 1, row->id);
  sqlite3_bind_int64 (stmt, 2, row->draft_id);
  bind_id (stmt, 3, row->section_id);
  sqlite3_bind_int (stmt, 4, row->position);
  bind_id (stmt, 5, row->document_id);
  bind_id (stmt, 6, row->block_id);
  _dossier_bind_text (stmt, 7, row->block_label);
  bind_number (stmt, 8, row->block_seq);
  _dossier_bind_text (stmt, 9, row->block_hash);
  _dossier_bind_text (stmt, 10, row->quote);
  bind_number (stmt, 11, row->quote_start);
  bind_number (stmt, 12, row->quote_end);
  _dossier_bind_text (stmt, 13, row->citation);
  _dossier_bind_text (stmt, 14, row->note);
  _dossier_bind_text (stmt, 15, row->created_at);
  if (!run (store, stmt, error))
    return FALSE;
  row->id = last_rowid (store);
  return TRUE;
}

static gboolean
delete_excerpt_row (DossierStore     *store,
                    const ExcerptRow *row,
                    GError          **error)
{
  static const char delete_sql[] = "DELETE FROM excerpt WHERE id = ?";
  static const char close_sql[] =
    "UPDATE excerpt SET position = position - 1 WHERE section_id = ? AND position > ?";
  sqlite3_stmt *stmt;

  if (!(stmt = _dossier_store_prepare (store, delete_sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row->id);
  if (!run (store, stmt, error))
    return FALSE;
  if (changes (store) == 0)
    {
      set_not_found (error, _("This excerpt is no longer in the draft."));
      return FALSE;
    }

  if (row->section_id == 0)
    return TRUE;
  if (!(stmt = _dossier_store_prepare (store, close_sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row->section_id);
  sqlite3_bind_int (stmt, 2, row->position);
  return run (store, stmt, error);
}

/* The first section of a draft, made (untitled) when the draft has none. */
static gboolean
default_section (DossierStore *store,
                 gint64        draft_id,
                 gint64       *section_id,
                 GError      **error)
{
  static const char sql[] =
    "SELECT id FROM draft_section WHERE draft_id = ? ORDER BY position, id LIMIT 1";
  g_autoptr(SectionRow) row = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _dossier_store_prepare (store, sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, draft_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *section_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    {
      dossier_store_set_error (store, error, NULL);
      return FALSE;
    }

  row = g_new0 (SectionRow, 1);
  row->draft_id = draft_id;
  row->position = -1;
  row->title = g_strdup ("");
  row->body = g_strdup ("");
  if (!insert_section_row (store, row, error))
    return FALSE;
  *section_id = row->id;
  return TRUE;
}

/* Operations, inside a transaction. Each touches the draft's modification time. */

static gboolean
op_rename_draft (DossierStore *store,
                 gint64        draft_id,
                 const char   *title,
                 char        **old_title,
                 GError      **error)
{
  static const char read_sql[] = "SELECT title FROM draft WHERE id = ?";
  static const char sql[] = "UPDATE draft SET title = ? WHERE id = ?";
  g_autofree char *clean = NULL;
  sqlite3_stmt *stmt;

  if (!(clean = clean_title (title, error)))
    return FALSE;

  if (old_title != NULL)
    {
      if (!(stmt = _dossier_store_prepare (store, read_sql, error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, draft_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        *old_title = g_strdup (_dossier_column_text (stmt, 0));
      sqlite3_reset (stmt);
    }

  if (!(stmt = _dossier_store_prepare (store, sql, error)))
    return FALSE;
  _dossier_bind_text (stmt, 1, clean);
  sqlite3_bind_int64 (stmt, 2, draft_id);
  if (!run (store, stmt, error))
    return FALSE;
  return touch_draft (store, draft_id, error);
}

typedef enum
{
  SECTION_TITLE,
  SECTION_TEXT,
} SectionField;

static gboolean
op_set_section_field (DossierStore *store,
                      gint64        section_id,
                      SectionField  field,
                      const char   *value,
                      char        **old_value,
                      GError      **error)
{
  static const char title_sql[] = "UPDATE draft_section SET title = ? WHERE id = ?";
  static const char body_sql[] = "UPDATE draft_section SET body = ? WHERE id = ?";
  g_autoptr(SectionRow) row = NULL;
  g_autofree char *title = NULL;
  sqlite3_stmt *stmt;

  if (!check_text (value, error))
    return FALSE;
  if (!(row = read_section (store, section_id, error)))
    return FALSE;
  if (old_value != NULL)
    *old_value = g_strdup (field == SECTION_TITLE ? row->title : row->body);

  if (field == SECTION_TITLE)
    title = g_strstrip (g_strdup (value != NULL ? value : ""));

  if (!(stmt = _dossier_store_prepare (store, field == SECTION_TITLE ? title_sql : body_sql, error)))
    return FALSE;
  _dossier_bind_text (stmt, 1, field == SECTION_TITLE ? title : (value != NULL ? value : ""));
  sqlite3_bind_int64 (stmt, 2, section_id);
  if (!run (store, stmt, error))
    return FALSE;
  return touch_draft (store, row->draft_id, error);
}

static gboolean
op_add_section (DossierStore *store,
                gint64        draft_id,
                const char   *title,
                int           position,
                SectionRow  **added,
                GError      **error)
{
  g_autoptr(SectionRow) row = NULL;

  if (!check_text (title, error))
    return FALSE;

  row = g_new0 (SectionRow, 1);
  row->draft_id = draft_id;
  row->position = position;
  row->title = g_strstrip (g_strdup (title != NULL ? title : ""));
  row->body = g_strdup ("");
  /* touch_draft first: it fails cleanly when the draft does not exist. */
  if (!touch_draft (store, draft_id, error))
    return FALSE;
  if (!insert_section_row (store, row, error))
    return FALSE;
  if (added != NULL)
    *added = g_steal_pointer (&row);
  return TRUE;
}

static gboolean
op_remove_section (DossierStore *store,
                   gint64        section_id,
                   SectionRow  **removed,
                   GPtrArray   **removed_excerpts,
                   GError      **error)
{
  g_autoptr(SectionRow) row = NULL;
  g_autoptr(GPtrArray) excerpts = NULL;

  if (!(row = read_section (store, section_id, error)))
    return FALSE;
  if (removed_excerpts != NULL && !(excerpts = read_section_excerpts (store, section_id, error)))
    return FALSE;
  if (!delete_section_row (store, row, error))
    return FALSE;
  if (!touch_draft (store, row->draft_id, error))
    return FALSE;
  if (removed != NULL)
    *removed = g_steal_pointer (&row);
  if (removed_excerpts != NULL)
    *removed_excerpts = g_steal_pointer (&excerpts);
  return TRUE;
}

static gboolean
op_move_section (DossierStore *store,
                 gint64        section_id,
                 int           position,
                 int          *from,
                 int          *to,
                 GError      **error)
{
  static const char down_sql[] =
    "UPDATE draft_section SET position = position - 1"
    " WHERE draft_id = ? AND position > ? AND position <= ?";
  static const char up_sql[] =
    "UPDATE draft_section SET position = position + 1"
    " WHERE draft_id = ? AND position >= ? AND position < ?";
  static const char set_sql[] = "UPDATE draft_section SET position = ? WHERE id = ?";
  g_autoptr(SectionRow) row = NULL;
  sqlite3_stmt *stmt;
  int n;

  if (!(row = read_section (store, section_id, error)))
    return FALSE;
  if (!count_sections (store, row->draft_id, &n, error))
    return FALSE;
  if (position < 0 || position >= n)
    position = n - 1;

  if (from != NULL)
    *from = row->position;
  if (to != NULL)
    *to = position;
  if (position == row->position)
    return TRUE;

  if (!(stmt = _dossier_store_prepare (store, position > row->position ? down_sql : up_sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row->draft_id);
  sqlite3_bind_int (stmt, 2, position > row->position ? row->position : position);
  sqlite3_bind_int (stmt, 3, position > row->position ? position : row->position);
  if (!run (store, stmt, error))
    return FALSE;

  if (!(stmt = _dossier_store_prepare (store, set_sql, error)))
    return FALSE;
  sqlite3_bind_int (stmt, 1, position);
  sqlite3_bind_int64 (stmt, 2, section_id);
  if (!run (store, stmt, error))
    return FALSE;
  return touch_draft (store, row->draft_id, error);
}

/* Fills the source fields of @row (document, paragraph, quote, citation, hash) from
 * the paragraph @block_id as it stands now. */
static gboolean
fill_from_block (DossierStore *store,
                 ExcerptRow   *row,
                 gint64        block_id,
                 int           start,
                 int           end,
                 GError      **error)
{
  g_autoptr(DossierBlock) block = NULL;
  g_autoptr(DossierDocumentInfo) info = NULL;
  g_autofree char *quote = NULL;
  gint64 document_id = 0;
  glong length;

  if (!(block = dossier_store_get_block (store, block_id, &document_id, error)))
    return FALSE;
  if (!(info = dossier_store_get_document (store, document_id, error)))
    return FALSE;

  length = g_utf8_strlen (block->text, -1);
  if (start < 0 && end < 0)
    {
      quote = g_strdup (block->text);
      start = end = -1;
    }
  else if (start < 0 || end <= start || end > length)
    {
      g_set_error (error, DOSSIER_DRAFT_ERROR, DOSSIER_DRAFT_ERROR_INVALID,
                   _("The selection from character %d to %d is not inside the paragraph, which has %ld characters."),
                   start, end, length);
      return FALSE;
    }
  else
    {
      quote = g_utf8_substring (block->text, start, end);
    }

  {
    g_autofree char *stripped = g_strstrip (g_strdup (quote));

    if (*stripped == '\0')
      {
        g_set_error_literal (error, DOSSIER_DRAFT_ERROR, DOSSIER_DRAFT_ERROR_INVALID,
                             _("There is no text to quote in this selection."));
        return FALSE;
      }
  }

  row->document_id = document_id;
  row->block_id = block->id;
  g_free (row->block_label);
  row->block_label = g_strdup (block->label);
  row->block_seq = block->seq;
  g_free (row->block_hash);
  row->block_hash = hash_text (block->text);
  g_free (row->quote);
  row->quote = g_steal_pointer (&quote);
  row->quote_start = start;
  row->quote_end = end;
  g_free (row->citation);
  row->citation = dossier_block_dup_citation (block,
                                              dossier_document_info_get_symbol (info),
                                              dossier_document_info_get_title (info));
  return TRUE;
}

/* Checks that @section_id (0: the first section) belongs to @draft_id. */
static gboolean
resolve_section (DossierStore *store,
                 gint64        draft_id,
                 gint64       *section_id,
                 GError      **error)
{
  g_autoptr(SectionRow) section = NULL;

  if (*section_id <= 0)
    return default_section (store, draft_id, section_id, error);

  if (!(section = read_section (store, *section_id, error)))
    return FALSE;
  if (section->draft_id != draft_id)
    {
      g_set_error_literal (error, DOSSIER_DRAFT_ERROR, DOSSIER_DRAFT_ERROR_INVALID,
                           _("This section belongs to another draft."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
op_add_excerpt (DossierStore *store,
                gint64        draft_id,
                gint64        section_id,
                gint64        block_id,
                int           start,
                int           end,
                const char   *note,
                ExcerptRow  **added,
                GError      **error)
{
  g_autoptr(ExcerptRow) row = NULL;

  if (!check_text (note, error))
    return FALSE;
  if (!touch_draft (store, draft_id, error))
    return FALSE;
  if (!resolve_section (store, draft_id, &section_id, error))
    return FALSE;

  row = g_new0 (ExcerptRow, 1);
  row->draft_id = draft_id;
  row->section_id = section_id;
  row->position = -1;
  row->note = clean_note (note);
  row->created_at = _dossier_now_iso ();
  if (!fill_from_block (store, row, block_id, start, end, error))
    return FALSE;
  if (!insert_excerpt_row (store, row, error))
    return FALSE;
  if (added != NULL)
    *added = g_steal_pointer (&row);
  return TRUE;
}

static gboolean
op_remove_excerpt (DossierStore *store,
                   gint64        excerpt_id,
                   ExcerptRow  **removed,
                   GError      **error)
{
  g_autoptr(ExcerptRow) row = NULL;

  if (!(row = read_excerpt (store, excerpt_id, error)))
    return FALSE;
  if (!delete_excerpt_row (store, row, error))
    return FALSE;
  if (!touch_draft (store, row->draft_id, error))
    return FALSE;
  if (removed != NULL)
    *removed = g_steal_pointer (&row);
  return TRUE;
}

static gboolean
op_move_excerpt (DossierStore *store,
                 gint64        excerpt_id,
                 gint64        section_id,
                 int           position,
                 gint64       *from_section,
                 int          *from_position,
                 int          *to_position,
                 GError      **error)
{
  static const char sql[] = "UPDATE excerpt SET section_id = ?, position = ? WHERE id = ?";
  static const char close_sql[] =
    "UPDATE excerpt SET position = position - 1 WHERE section_id = ? AND position > ?";
  static const char shift_sql[] =
    "UPDATE excerpt SET position = position + 1 WHERE section_id = ? AND position >= ? AND id != ?";
  g_autoptr(ExcerptRow) row = NULL;
  sqlite3_stmt *stmt;
  int n;

  if (!(row = read_excerpt (store, excerpt_id, error)))
    return FALSE;
  if (!resolve_section (store, row->draft_id, &section_id, error))
    return FALSE;

  if (from_section != NULL)
    *from_section = row->section_id;
  if (from_position != NULL)
    *from_position = row->position;

  /* Take it out of its section, then put it in at its new place. */
  if (row->section_id != 0)
    {
      if (!(stmt = _dossier_store_prepare (store, close_sql, error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, row->section_id);
      sqlite3_bind_int (stmt, 2, row->position);
      if (!run (store, stmt, error))
        return FALSE;
    }

  if (!(stmt = _dossier_store_prepare (store, sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, section_id);
  sqlite3_bind_int (stmt, 2, -1);
  sqlite3_bind_int64 (stmt, 3, excerpt_id);
  if (!run (store, stmt, error))
    return FALSE;

  if (!count_section_excerpts (store, section_id, &n, error))
    return FALSE;
  n--;  /* not counting itself */
  if (position < 0 || position > n)
    position = n;

  if (!(stmt = _dossier_store_prepare (store, shift_sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, section_id);
  sqlite3_bind_int (stmt, 2, position);
  sqlite3_bind_int64 (stmt, 3, excerpt_id);
  if (!run (store, stmt, error))
    return FALSE;

  if (!(stmt = _dossier_store_prepare (store, sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, section_id);
  sqlite3_bind_int (stmt, 2, position);
  sqlite3_bind_int64 (stmt, 3, excerpt_id);
  if (!run (store, stmt, error))
    return FALSE;

  if (to_position != NULL)
    *to_position = position;
  return touch_draft (store, row->draft_id, error);
}

static gboolean
op_set_excerpt_note (DossierStore *store,
                     gint64        excerpt_id,
                     const char   *note,
                     char        **old_note,
                     GError      **error)
{
  static const char sql[] = "UPDATE excerpt SET note = ? WHERE id = ?";
  g_autoptr(ExcerptRow) row = NULL;
  g_autofree char *clean = NULL;
  sqlite3_stmt *stmt;

  if (!check_text (note, error))
    return FALSE;
  if (!(row = read_excerpt (store, excerpt_id, error)))
    return FALSE;
  if (old_note != NULL)
    *old_note = g_strdup (row->note);

  clean = clean_note (note);
  if (!(stmt = _dossier_store_prepare (store, sql, error)))
    return FALSE;
  _dossier_bind_text (stmt, 1, clean);
  sqlite3_bind_int64 (stmt, 2, excerpt_id);
  if (!run (store, stmt, error))
    return FALSE;
  return touch_draft (store, row->draft_id, error);
}

/* Writes the source fields of @row (not its place or note) over the stored row. */
static gboolean
write_excerpt_source (DossierStore     *store,
                      const ExcerptRow *row,
                      GError          **error)
{
  static const char sql[] =
    "UPDATE excerpt SET document_id = ?, block_id = ?, block_label = ?, block_seq = ?,"
    " block_hash = ?, quote = ?, quote_start = ?, quote_end = ?, citation = ? WHERE id = ?";
  sqlite3_stmt *stmt;

  if (!(stmt = _dossier_store_prepare (store, sql, error)))
    return FALSE;
  bind_id (stmt, 1, row->document_id);
  bind_id (stmt, 2, row->block_id);
  _dossier_bind_text (stmt, 3, row->block_label);
  bind_number (stmt, 4, row->block_seq);
  _dossier_bind_text (stmt, 5, row->block_hash);
  _dossier_bind_text (stmt, 6, row->quote);
  bind_number (stmt, 7, row->quote_start);
  bind_number (stmt, 8, row->quote_end);
  _dossier_bind_text (stmt, 9, row->citation);
  sqlite3_bind_int64 (stmt, 10, row->id);
  if (!run (store, stmt, error))
    return FALSE;
  if (changes (store) == 0)
    {
      set_not_found (error, _("This excerpt is no longer in the draft."));
      return FALSE;
    }
  return touch_draft (store, row->draft_id, error);
}

static gboolean
op_refresh_excerpt (DossierStore *store,
                    gint64        excerpt_id,
                    ExcerptRow  **before,
                    ExcerptRow  **after,
                    GError      **error)
{
  g_autoptr(ExcerptRow) old_row = NULL;
  g_autoptr(ExcerptRow) new_row = NULL;

  if (!(old_row = read_excerpt (store, excerpt_id, error)))
    return FALSE;
  if (old_row->block_id == 0)
    {
      g_set_error_literal (error, DOSSIER_DRAFT_ERROR, DOSSIER_DRAFT_ERROR_INVALID,
                           _("The quoted paragraph is no longer in the corpus, so the excerpt cannot be brought up to date."));
      return FALSE;
    }
  if (!(new_row = read_excerpt (store, excerpt_id, error)))
    return FALSE;
  if (!fill_from_block (store, new_row, old_row->block_id, -1, -1, error))
    return FALSE;
  if (!write_excerpt_source (store, new_row, error))
    return FALSE;
  if (before != NULL)
    *before = g_steal_pointer (&old_row);
  if (after != NULL)
    *after = g_steal_pointer (&new_row);
  return TRUE;
}

/* Public API */

const char *const *
dossier_draft_list_templates (void)
{
  return template_names;
}

const char *
dossier_draft_template_get_label (const char *template_name)
{
  const DraftTemplate *template = find_template (template_name);

  return template != NULL ? _(template->label) : NULL;
}

gboolean
dossier_draft_new (DossierStore *store,
                   const char   *title,
                   const char   *template_name,
                   gint64       *draft_id,
                   GError      **error)
{
  static const char sql[] =
    "INSERT INTO draft (title, template, created_at, modified_at) VALUES (?, ?, ?, ?)";
  const DraftTemplate *template;
  g_autofree char *clean = NULL;
  g_autofree char *now = NULL;
  sqlite3_stmt *stmt;
  gint64 id;

  g_return_val_if_fail (DOSSIER_IS_STORE (store), FALSE);

  if (!(clean = clean_title (title, error)))
    return FALSE;
  if (template_name == NULL)
    template_name = DOSSIER_DRAFT_TEMPLATE_MEETING_SUMMARY;
  if (!(template = find_template (template_name)))
    {
      g_set_error (error, DOSSIER_DRAFT_ERROR, DOSSIER_DRAFT_ERROR_INVALID,
                   _("There is no draft template called “%s”. The templates are “%s” and “%s”."),
                   template_name, DOSSIER_DRAFT_TEMPLATE_MEETING_SUMMARY, DOSSIER_DRAFT_TEMPLATE_BLANK);
      return FALSE;
    }

  if (!dossier_store_begin (store, error))
    return FALSE;

  now = _dossier_now_iso ();
  if (!(stmt = _dossier_store_prepare (store, sql, error)))
    goto fail;
  _dossier_bind_text (stmt, 1, clean);
  _dossier_bind_text (stmt, 2, template->name);
  _dossier_bind_text (stmt, 3, now);
  _dossier_bind_text (stmt, 4, now);
  if (!run (store, stmt, error))
    goto fail;
  id = last_rowid (store);

  for (guint i = 0; template->sections[i] != NULL; i++)
    {
      g_autoptr(SectionRow) row = g_new0 (SectionRow, 1);
      const char *name = template->sections[i];

      row->draft_id = id;
      row->position = (int) i;
      /* An empty msgid would fetch the catalogue's header. */
      row->title = g_strdup (*name != '\0' ? g_dpgettext2 (GETTEXT_PACKAGE, "draft section", name) : "");
      row->body = g_strdup ("");
      if (!insert_section_row (store, row, error))
        goto fail;
    }

  if (!dossier_store_commit (store, error))
    return FALSE;
  if (draft_id != NULL)
    *draft_id = id;
  return TRUE;

fail:
  dossier_store_rollback (store);
  return FALSE;
}

GPtrArray *
dossier_draft_list (DossierStore *store,
                    GError      **error)
{
  static const char sql[] =
    "SELECT d.id, d.title, d.template, d.created_at, d.modified_at,"
    " (SELECT count(*) FROM draft_section s WHERE s.draft_id = d.id),"
    " (SELECT count(*) FROM excerpt e WHERE e.draft_id = d.id)"
    " FROM draft d ORDER BY d.modified_at DESC, d.id DESC";
  g_autoptr(GPtrArray) list = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DOSSIER_IS_STORE (store), NULL);

  if (!(stmt = _dossier_store_prepare (store, sql, error)))
    return NULL;
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_draft_info_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DossierDraftInfo *info = g_new0 (DossierDraftInfo, 1);

      info->id = sqlite3_column_int64 (stmt, 0);
      info->title = g_strdup (_dossier_column_text (stmt, 1));
      info->template_name = g_strdup (_dossier_column_text (stmt, 2));
      info->created_at = g_strdup (_dossier_column_text (stmt, 3));
      info->modified_at = g_strdup (_dossier_column_text (stmt, 4));
      info->n_sections = (guint) sqlite3_column_int (stmt, 5);
      info->n_excerpts = (guint) sqlite3_column_int (stmt, 6);
      g_ptr_array_add (list, info);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dossier_store_set_error (store, error, NULL);
      return NULL;
    }
  return g_steal_pointer (&list);
}

/* Whether the paragraph now reads differently from when it was quoted. */
static gboolean
source_differs (const DossierExcerpt *excerpt,
                const char           *current_text)
{
  g_autofree char *hash = NULL;
  g_autofree char *part = NULL;

  if (excerpt->block_hash != NULL)
    {
      hash = hash_text (current_text);
      return g_strcmp0 (hash, excerpt->block_hash) != 0;
    }

  /* Excerpts written without a hash: compare the quote itself. */
  if (excerpt->quote_start < 0)
    return g_strcmp0 (excerpt->quote, current_text) != 0;
  if (excerpt->quote_end > g_utf8_strlen (current_text, -1))
    return TRUE;
  part = g_utf8_substring (current_text, excerpt->quote_start, excerpt->quote_end);
  return g_strcmp0 (part, excerpt->quote) != 0;
}

static gboolean
load_sections (DossierStore *store,
               DossierDraft *draft,
               GError      **error)
{
  static const char sql[] =
    "SELECT id, position, title, body FROM draft_section WHERE draft_id = ?"
    " ORDER BY position, id";
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _dossier_store_prepare (store, sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, draft->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DossierDraftSection *section = g_new0 (DossierDraftSection, 1);

      section->id = sqlite3_column_int64 (stmt, 0);
      section->position = draft->sections->len;
      section->title = g_strdup (_dossier_column_text (stmt, 2));
      section->text = g_strdup (_dossier_column_text (stmt, 3));
      section->excerpts = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_excerpt_free);
      g_ptr_array_add (draft->sections, section);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dossier_store_set_error (store, error, NULL);
      return FALSE;
    }
  return TRUE;
}

static gboolean
load_excerpts (DossierStore *store,
               DossierDraft *draft,
               GError      **error)
{
  static const char sql[] =
    "SELECT e.id, e.section_id, e.position, e.document_id, e.block_id, e.block_label,"
    " e.block_seq, e.block_hash, e.quote, e.quote_start, e.quote_end, e.citation, e.note,"
    " e.created_at, d.symbol, d.title, d.source_name, d.language, b.text"
    " FROM excerpt e"
    " LEFT JOIN document d ON d.id = e.document_id"
    " LEFT JOIN block b ON b.id = e.block_id"
    " WHERE e.draft_id = ? ORDER BY e.position, e.id";
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GPtrArray) loose = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_excerpt_free);
  DossierDraftSection *first;
  sqlite3_stmt *stmt;
  int rc;

  for (guint i = 0; i < draft->sections->len; i++)
    {
      DossierDraftSection *section = g_ptr_array_index (draft->sections, i);

      g_hash_table_insert (by_id, &section->id, section);
    }

  if (!(stmt = _dossier_store_prepare (store, sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, draft->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DossierExcerpt *excerpt = g_new0 (DossierExcerpt, 1);
      const char *current = _dossier_column_text (stmt, 18);
      DossierDraftSection *section;

      excerpt->id = sqlite3_column_int64 (stmt, 0);
      excerpt->section_id = column_number (stmt, 1, 0);
      excerpt->document_id = column_number (stmt, 3, 0);
      excerpt->block_id = column_number (stmt, 4, 0);
      excerpt->block_label = g_strdup (_dossier_column_text (stmt, 5));
      excerpt->block_seq = (int) column_number (stmt, 6, -1);
      excerpt->block_hash = g_strdup (_dossier_column_text (stmt, 7));
      excerpt->quote = g_strdup (_dossier_column_text (stmt, 8));
      excerpt->quote_start = (int) column_number (stmt, 9, -1);
      excerpt->quote_end = (int) column_number (stmt, 10, -1);
      excerpt->citation = g_strdup (_dossier_column_text (stmt, 11));
      excerpt->note = g_strdup (_dossier_column_text (stmt, 12));
      excerpt->created_at = g_strdup (_dossier_column_text (stmt, 13));
      excerpt->document_symbol = g_strdup (_dossier_column_text (stmt, 14));
      excerpt->document_title = g_strdup (_dossier_column_text (stmt, 15));
      excerpt->document_source = g_strdup (_dossier_column_text (stmt, 16));
      excerpt->document_language = g_strdup (_dossier_column_text (stmt, 17));
      excerpt->source_missing = current == NULL;
      excerpt->source_changed = current == NULL || source_differs (excerpt, current);

      section = g_hash_table_lookup (by_id, &excerpt->section_id);
      if (section != NULL)
        {
          excerpt->position = section->excerpts->len;
          g_ptr_array_add (section->excerpts, excerpt);
        }
      else
        g_ptr_array_add (loose, excerpt);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dossier_store_set_error (store, error, NULL);
      return FALSE;
    }

  if (loose->len == 0)
    return TRUE;

  /* Excerpts whose section went missing (written by hand or by an older version)
   * are never hidden: they are shown at the end of the first section. */
  if (draft->sections->len == 0)
    {
      DossierDraftSection *section = g_new0 (DossierDraftSection, 1);

      section->title = g_strdup ("");
      section->text = g_strdup ("");
      section->excerpts = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_excerpt_free);
      g_ptr_array_add (draft->sections, section);
    }
  first = g_ptr_array_index (draft->sections, 0);
  for (guint i = 0; i < loose->len; i++)
    {
      DossierExcerpt *excerpt = g_ptr_array_steal_index (loose, i--);

      excerpt->position = first->excerpts->len;
      g_ptr_array_add (first->excerpts, excerpt);
    }
  return TRUE;
}

DossierDraft *
dossier_draft_load (DossierStore *store,
                    gint64        draft_id,
                    GError      **error)
{
  static const char sql[] =
    "SELECT id, title, template, created_at, modified_at FROM draft WHERE id = ?";
  g_autoptr(DossierDraft) draft = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (DOSSIER_IS_STORE (store), NULL);

  /* One read transaction, so that the draft, its sections and its excerpts agree
   * with each other even while another process writes. */
  if (!_dossier_store_exec (store, "BEGIN", error))
    return NULL;

  if (!(stmt = _dossier_store_prepare (store, sql, error)))
    goto fail;
  sqlite3_bind_int64 (stmt, 1, draft_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      draft = g_new0 (DossierDraft, 1);
      draft->id = sqlite3_column_int64 (stmt, 0);
      draft->title = g_strdup (_dossier_column_text (stmt, 1));
      draft->template_name = g_strdup (_dossier_column_text (stmt, 2));
      draft->created_at = g_strdup (_dossier_column_text (stmt, 3));
      draft->modified_at = g_strdup (_dossier_column_text (stmt, 4));
      draft->sections = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_draft_section_free);
    }
  else if (rc == SQLITE_DONE)
    g_set_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_FOUND,
                 _("There is no draft number %lld."), (long long) draft_id);
  else
    dossier_store_set_error (store, error, NULL);
  sqlite3_reset (stmt);

  if (draft == NULL || !load_sections (store, draft, error) || !load_excerpts (store, draft, error))
    goto fail;

  dossier_store_rollback (store);
  return g_steal_pointer (&draft);

fail:
  dossier_store_rollback (store);
  return NULL;
}

gboolean
dossier_draft_find (DossierStore *store,
                    const char   *ref,
                    gint64       *draft_id,
                    GError      **error)
{
  static const char by_id[] = "SELECT id FROM draft WHERE id = ?";
  static const char by_title[] =
    "SELECT id FROM draft WHERE title = ?1 COLLATE NOCASE OR lower(title) = lower(?1)"
    " ORDER BY id";
  const char *end = NULL;
  sqlite3_stmt *stmt;
  gint64 id, found = 0;
  guint n = 0;
  int rc;

  g_return_val_if_fail (DOSSIER_IS_STORE (store), FALSE);
  g_return_val_if_fail (ref != NULL, FALSE);

  id = g_ascii_strtoll (ref, (char **) &end, 10);
  if (*ref != '\0' && end != NULL && *end == '\0' && id > 0)
    {
      if (!(stmt = _dossier_store_prepare (store, by_id, error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          found = id;
          n = 1;
        }
      sqlite3_reset (stmt);
    }

  if (n == 0)
    {
      if (!(stmt = _dossier_store_prepare (store, by_title, error)))
        return FALSE;
      _dossier_bind_text (stmt, 1, ref);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          if (n++ == 0)
            found = sqlite3_column_int64 (stmt, 0);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          dossier_store_set_error (store, error, NULL);
          return FALSE;
        }
    }

  if (n == 0)
    {
      g_set_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_FOUND,
                   _("No draft has the number or title “%s”."), ref);
      return FALSE;
    }
  if (n > 1)
    {
      g_set_error (error, DOSSIER_DRAFT_ERROR, DOSSIER_DRAFT_ERROR_INVALID,
                   _("Several drafts are called “%s”: name one by its number."), ref);
      return FALSE;
    }
  if (draft_id != NULL)
    *draft_id = found;
  return TRUE;
}

/* Ends the transaction around a change, the editor's steps too: committed when
 * @ok, else rolled back, so that a change is in the corpus whole or not at all.
 * Callers write "!dossier_store_begin (…) || !finish_write (…, op_… (…), …)":
 * C evaluates the begin first, so the change runs inside the transaction. */
static gboolean
finish_write (DossierStore *store,
              gboolean      ok,
              GError      **error)
{
  if (!ok)
    {
      dossier_store_rollback (store);
      return FALSE;
    }
  return dossier_store_commit (store, error);
}

gboolean
dossier_draft_rename (DossierStore *store,
                      gint64        draft_id,
                      const char   *title,
                      GError      **error)
{
  g_return_val_if_fail (DOSSIER_IS_STORE (store), FALSE);

  if (!dossier_store_begin (store, error))
    return FALSE;
  return finish_write (store, op_rename_draft (store, draft_id, title, NULL, error), error);
}

gboolean
dossier_draft_delete (DossierStore *store,
                      gint64        draft_id,
                      GError      **error)
{
  static const char sql[] = "DELETE FROM draft WHERE id = ?";
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DOSSIER_IS_STORE (store), FALSE);

  if (!(stmt = _dossier_store_prepare (store, sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, draft_id);
  /* One statement is its own transaction; foreign keys remove the rest. */
  if (!run (store, stmt, error))
    return FALSE;
  if (changes (store) == 0)
    {
      g_set_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_FOUND,
                   _("There is no draft number %lld."), (long long) draft_id);
      return FALSE;
    }
  return TRUE;
}

gboolean
dossier_draft_add_section (DossierStore *store,
                           gint64        draft_id,
                           const char   *title,
                           int           position,
                           gint64       *section_id,
                           GError      **error)
{
  g_autoptr(SectionRow) row = NULL;

  g_return_val_if_fail (DOSSIER_IS_STORE (store), FALSE);

  if (!dossier_store_begin (store, error) ||
      !finish_write (store, op_add_section (store, draft_id, title, position, &row, error), error))
    return FALSE;
  if (section_id != NULL)
    *section_id = row->id;
  return TRUE;
}

gboolean
dossier_draft_rename_section (DossierStore *store,
                              gint64        section_id,
                              const char   *title,
                              GError      **error)
{
  g_return_val_if_fail (DOSSIER_IS_STORE (store), FALSE);

  if (!dossier_store_begin (store, error))
    return FALSE;
  return finish_write (store,
                       op_set_section_field (store, section_id, SECTION_TITLE, title, NULL, error),
                       error);
}

gboolean
dossier_draft_set_section_text (DossierStore *store,
                                gint64        section_id,
                                const char   *text,
                                GError      **error)
{
  g_return_val_if_fail (DOSSIER_IS_STORE (store), FALSE);

  if (!dossier_store_begin (store, error))
    return FALSE;
  return finish_write (store,
                       op_set_section_field (store, section_id, SECTION_TEXT, text, NULL, error),
                       error);
}

gboolean
dossier_draft_move_section (DossierStore *store,
                            gint64        section_id,
                            int           position,
                            GError      **error)
{
  g_return_val_if_fail (DOSSIER_IS_STORE (store), FALSE);

  if (!dossier_store_begin (store, error))
    return FALSE;
  return finish_write (store, op_move_section (store, section_id, position, NULL, NULL, error), error);
}

gboolean
dossier_draft_remove_section (DossierStore *store,
                              gint64        section_id,
                              GError      **error)
{
  g_return_val_if_fail (DOSSIER_IS_STORE (store), FALSE);

  if (!dossier_store_begin (store, error))
    return FALSE;
  return finish_write (store, op_remove_section (store, section_id, NULL, NULL, error), error);
}

gboolean
dossier_draft_add_excerpt (DossierStore *store,
                           gint64        draft_id,
                           gint64        section_id,
                           gint64        block_id,
                           int           start,
                           int           end,
                           const char   *note,
                           gint64       *excerpt_id,
                           GError      **error)
{
  g_autoptr(ExcerptRow) row = NULL;

  g_return_val_if_fail (DOSSIER_IS_STORE (store), FALSE);

  if (!dossier_store_begin (store, error) ||
      !finish_write (store, op_add_excerpt (store, draft_id, section_id, block_id, start, end,
                                            note, &row, error), error))
    return FALSE;
  if (excerpt_id != NULL)
    *excerpt_id = row->id;
  return TRUE;
}

gboolean
dossier_draft_move_excerpt (DossierStore *store,
                            gint64        excerpt_id,
                            gint64        section_id,
                            int           position,
                            GError      **error)
{
  g_return_val_if_fail (DOSSIER_IS_STORE (store), FALSE);

  if (!dossier_store_begin (store, error))
    return FALSE;
  return finish_write (store,
                       op_move_excerpt (store, excerpt_id, section_id, position, NULL, NULL, NULL,
                                        error),
                       error);
}

gboolean
dossier_draft_remove_excerpt (DossierStore *store,
                              gint64        excerpt_id,
                              GError      **error)
{
  g_return_val_if_fail (DOSSIER_IS_STORE (store), FALSE);

  if (!dossier_store_begin (store, error))
    return FALSE;
  return finish_write (store, op_remove_excerpt (store, excerpt_id, NULL, error), error);
}

gboolean
dossier_draft_set_excerpt_note (DossierStore *store,
                                gint64        excerpt_id,
                                const char   *note,
                                GError      **error)
{
  g_return_val_if_fail (DOSSIER_IS_STORE (store), FALSE);

  if (!dossier_store_begin (store, error))
    return FALSE;
  return finish_write (store, op_set_excerpt_note (store, excerpt_id, note, NULL, error), error);
}

gboolean
dossier_draft_refresh_excerpt (DossierStore *store,
                               gint64        excerpt_id,
                               GError      **error)
{
  g_return_val_if_fail (DOSSIER_IS_STORE (store), FALSE);

  if (!dossier_store_begin (store, error))
    return FALSE;
  return finish_write (store, op_refresh_excerpt (store, excerpt_id, NULL, NULL, error), error);
}

/* Reading helpers */

static gboolean
is_ideograph (gunichar c)
{
  switch (g_unichar_get_script (c))
    {
    case G_UNICODE_SCRIPT_HAN:
    case G_UNICODE_SCRIPT_HIRAGANA:
    case G_UNICODE_SCRIPT_KATAKANA:
      return g_unichar_isalpha (c);
    default:
      return FALSE;
    }
}

/* Words are runs of letters, digits and combining marks; an apostrophe or hyphen
 * inside a run ("don't", "follow-up") does not split it. Chinese and Japanese
 * text has no spaces, so there each character counts as a word, as word
 * processors count it. */
guint
dossier_draft_count_words (const char *text)
{
  gboolean in_word = FALSE;
  guint count = 0;

  if (text == NULL)
    return 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_ideograph (c))
        {
          count++;
          in_word = FALSE;
        }
      else if (g_unichar_isalnum (c) || g_unichar_ismark (c))
        {
          if (!in_word)
            count++;
          in_word = TRUE;
        }
      else if (in_word && (c == '\'' || c == 0x2019 || c == '-' || c == 0x2010))
        {
          /* Stays in the word only if a letter follows. */
          gunichar next = g_utf8_get_char (g_utf8_next_char (p));

          in_word = g_unichar_isalnum (next);
        }
      else
        in_word = FALSE;
    }

  return count;
}

guint
dossier_draft_word_count (const DossierDraft *draft)
{
  guint count = 0;

  g_return_val_if_fail (draft != NULL, 0);

  for (guint i = 0; i < draft->sections->len; i++)
    {
      const DossierDraftSection *section = g_ptr_array_index (draft->sections, i);

      count += dossier_draft_count_words (section->text);
      for (guint j = 0; j < section->excerpts->len; j++)
        {
          const DossierExcerpt *excerpt = g_ptr_array_index (section->excerpts, j);

          count += dossier_draft_count_words (excerpt->quote);
          count += dossier_draft_count_words (excerpt->note);
        }
    }
  return count;
}

guint
dossier_draft_count_excerpts (const DossierDraft *draft)
{
  guint count = 0;

  g_return_val_if_fail (draft != NULL, 0);

  for (guint i = 0; i < draft->sections->len; i++)
    count += ((DossierDraftSection *) g_ptr_array_index (draft->sections, i))->excerpts->len;
  return count;
}

const DossierExcerpt *
dossier_draft_find_excerpt (const DossierDraft *draft,
                            gint64              excerpt_id)
{
  g_return_val_if_fail (draft != NULL, NULL);

  for (guint i = 0; i < draft->sections->len; i++)
    {
      const DossierDraftSection *section = g_ptr_array_index (draft->sections, i);

      for (guint j = 0; j < section->excerpts->len; j++)
        {
          const DossierExcerpt *excerpt = g_ptr_array_index (section->excerpts, j);

          if (excerpt->id == excerpt_id)
            return excerpt;
        }
    }
  return NULL;
}

const DossierDraftSection *
dossier_draft_find_section (const DossierDraft *draft,
                            gint64              section_id)
{
  g_return_val_if_fail (draft != NULL, NULL);

  for (guint i = 0; i < draft->sections->len; i++)
    {
      const DossierDraftSection *section = g_ptr_array_index (draft->sections, i);

      if (section->id == section_id)
        return section;
    }
  return NULL;
}

void
dossier_excerpt_free (DossierExcerpt *excerpt)
{
  if (excerpt == NULL)
    return;
  g_free (excerpt->document_symbol);
  g_free (excerpt->document_title);
  g_free (excerpt->document_source);
  g_free (excerpt->document_language);
  g_free (excerpt->block_label);
  g_free (excerpt->block_hash);
  g_free (excerpt->quote);
  g_free (excerpt->citation);
  g_free (excerpt->note);
  g_free (excerpt->created_at);
  g_free (excerpt);
}

void
dossier_draft_section_free (DossierDraftSection *section)
{
  if (section == NULL)
    return;
  g_free (section->title);
  g_free (section->text);
  g_clear_pointer (&section->excerpts, g_ptr_array_unref);
  g_free (section);
}

void
dossier_draft_free (DossierDraft *draft)
{
  if (draft == NULL)
    return;
  g_free (draft->title);
  g_free (draft->template_name);
  g_free (draft->created_at);
  g_free (draft->modified_at);
  g_clear_pointer (&draft->sections, g_ptr_array_unref);
  g_free (draft);
}

void
dossier_draft_info_free (DossierDraftInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->title);
  g_free (info->template_name);
  g_free (info->created_at);
  g_free (info->modified_at);
  g_free (info);
}

/* DossierDraftEditor */

typedef enum
{
  COMMAND_RENAME_DRAFT,
  COMMAND_SECTION_TITLE,
  COMMAND_SECTION_TEXT,
  COMMAND_EXCERPT_NOTE,
  COMMAND_ADD_SECTION,
  COMMAND_REMOVE_SECTION,
  COMMAND_MOVE_SECTION,
  COMMAND_ADD_EXCERPT,
  COMMAND_REMOVE_EXCERPT,
  COMMAND_MOVE_EXCERPT,
  COMMAND_REFRESH_EXCERPT,
} CommandKind;

/* One step of the history, with what it takes to do it again and to undo it. */
typedef struct
{
  CommandKind  kind;
  gint64       target;        /* the draft, section or excerpt it changed */
  char        *old_text;      /* text edits */
  char        *new_text;
  SectionRow  *section;       /* added or removed section */
  GPtrArray   *excerpts;      /* ExcerptRow*: the removed section's excerpts */
  ExcerptRow  *excerpt;       /* added or removed excerpt; the refreshed one before */
  ExcerptRow  *excerpt_after; /* the refreshed excerpt after */
  gint64       from_section;  /* moves */
  gint64       to_section;
  int          from_position;
  int          to_position;
  gint64       time;          /* monotonic µs of the last merged edit */
} Command;

static void
command_free (Command *command)
{
  g_free (command->old_text);
  g_free (command->new_text);
  g_clear_pointer (&command->section, section_row_free);
  g_clear_pointer (&command->excerpts, g_ptr_array_unref);
  g_clear_pointer (&command->excerpt, excerpt_row_free);
  g_clear_pointer (&command->excerpt_after, excerpt_row_free);
  g_free (command);
}

/* Deepest history kept; older steps are forgotten. */
#define MAX_HISTORY 500

struct _DossierDraftEditor
{
  GObject       parent_instance;

  DossierStore *store;
  gint64        draft_id;
  GQueue        undo;          /* Command*, newest first */
  GQueue        redo;          /* Command*, next to redo first */
  guint         merge_interval;
  guint         merge_broken : 1;
};

G_DEFINE_FINAL_TYPE (DossierDraftEditor, dossier_draft_editor, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_STORE,
  PROP_DRAFT_ID,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  N_PROPS
};

enum
{
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char *
command_label (const Command *command)
{
  switch (command->kind)
    {
    case COMMAND_RENAME_DRAFT:
      return C_("undo", "Rename Draft");
    case COMMAND_SECTION_TITLE:
      return C_("undo", "Rename Section");
    case COMMAND_SECTION_TEXT:
      return C_("undo", "Typing");
    case COMMAND_EXCERPT_NOTE:
      return C_("undo", "Edit Note");
    case COMMAND_ADD_SECTION:
      return C_("undo", "Add Section");
    case COMMAND_REMOVE_SECTION:
      return C_("undo", "Remove Section");
    case COMMAND_MOVE_SECTION:
      return C_("undo", "Move Section");
    case COMMAND_ADD_EXCERPT:
      return C_("undo", "Add Excerpt");
    case COMMAND_REMOVE_EXCERPT:
      return C_("undo", "Remove Excerpt");
    case COMMAND_MOVE_EXCERPT:
      return C_("undo", "Move Excerpt");
    case COMMAND_REFRESH_EXCERPT:
      return C_("undo", "Update Excerpt");
    default:
      g_assert_not_reached ();
    }
}

static void
notify_history (DossierDraftEditor *self,
                gboolean            could_undo,
                gboolean            could_redo)
{
  if (could_undo != dossier_draft_editor_get_can_undo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  if (could_redo != dossier_draft_editor_get_can_redo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
}

/* Records a step just done: the redo history is void from here on. */
static void
push_command (DossierDraftEditor *self,
              Command            *command)
{
  gboolean could_undo = dossier_draft_editor_get_can_undo (self);
  gboolean could_redo = dossier_draft_editor_get_can_redo (self);

  g_queue_clear_full (&self->redo, (GDestroyNotify) command_free);
  command->time = g_get_monotonic_time ();
  g_queue_push_head (&self->undo, command);
  while (self->undo.length > MAX_HISTORY)
    command_free (g_queue_pop_tail (&self->undo));
  self->merge_broken = FALSE;

  notify_history (self, could_undo, could_redo);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* A text edit that follows another of the same field soon enough joins it. */
static gboolean
merge_text_edit (DossierDraftEditor *self,
                 CommandKind         kind,
                 gint64              target,
                 const char         *new_text)
{
  Command *top = g_queue_peek_head (&self->undo);
  gint64 now = g_get_monotonic_time ();

  if (top == NULL || self->merge_broken || self->merge_interval == 0 ||
      top->kind != kind || top->target != target || self->redo.length > 0 ||
      now - top->time > (gint64) self->merge_interval * 1000)
    return FALSE;

  g_free (top->new_text);
  top->new_text = g_strdup (new_text);
  top->time = now;
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

static gboolean
insert_section_with_excerpts (DossierStore *store,
                              const Command *command,
                              GError      **error)
{
  g_autoptr(SectionRow) section = g_new0 (SectionRow, 1);

  *section = *command->section;
  section->title = g_strdup (command->section->title);
  section->body = g_strdup (command->section->body);
  if (!insert_section_row (store, section, error))
    return FALSE;

  for (guint i = 0; command->excerpts != NULL && i < command->excerpts->len; i++)
    {
      ExcerptRow *saved = g_ptr_array_index (command->excerpts, i);
      ExcerptRow copy = *saved;

      if (!insert_excerpt_row (store, &copy, error))
        return FALSE;
    }
  return TRUE;
}

/* Undoes (@forward FALSE) or redoes a step, inside a transaction. */
static gboolean
command_apply (DossierDraftEditor *self,
               Command            *command,
               gboolean            forward,
               GError            **error)
{
  DossierStore *store = self->store;
  const char *text = forward ? command->new_text : command->old_text;

  switch (command->kind)
    {
    case COMMAND_RENAME_DRAFT:
      return op_rename_draft (store, command->target, text, NULL, error);

    case COMMAND_SECTION_TITLE:
      return op_set_section_field (store, command->target, SECTION_TITLE, text, NULL, error);

    case COMMAND_SECTION_TEXT:
      return op_set_section_field (store, command->target, SECTION_TEXT, text, NULL, error);

    case COMMAND_EXCERPT_NOTE:
      return op_set_excerpt_note (store, command->target, text, NULL, error);

    case COMMAND_ADD_SECTION:
    case COMMAND_REMOVE_SECTION:
      if (forward == (command->kind == COMMAND_ADD_SECTION))
        return touch_draft (store, self->draft_id, error) &&
               insert_section_with_excerpts (store, command, error);
      return op_remove_section (store, command->section->id, NULL, NULL, error);

    case COMMAND_MOVE_SECTION:
      return op_move_section (store, command->target,
                              forward ? command->to_position : command->from_position,
                              NULL, NULL, error);

    case COMMAND_ADD_EXCERPT:
    case COMMAND_REMOVE_EXCERPT:
      if (forward == (command->kind == COMMAND_ADD_EXCERPT))
        {
          ExcerptRow copy = *command->excerpt;

          return touch_draft (store, self->draft_id, error) &&
                 insert_excerpt_row (store, &copy, error);
        }
      return op_remove_excerpt (store, command->excerpt->id, NULL, error);

    case COMMAND_MOVE_EXCERPT:
      return op_move_excerpt (store, command->target,
                              forward ? command->to_section : command->from_section,
                              forward ? command->to_position : command->from_position,
                              NULL, NULL, NULL, error);

    case COMMAND_REFRESH_EXCERPT:
      return write_excerpt_source (store, forward ? command->excerpt_after : command->excerpt, error);

    default:
      g_assert_not_reached ();
    }
}

static gboolean
editor_step (DossierDraftEditor *self,
             gboolean            forward,
             GError            **error)
{
  GQueue *from = forward ? &self->redo : &self->undo;
  GQueue *to = forward ? &self->undo : &self->redo;
  gboolean could_undo = dossier_draft_editor_get_can_undo (self);
  gboolean could_redo = dossier_draft_editor_get_can_redo (self);
  g_autoptr(GError) local_error = NULL;
  Command *command = g_queue_peek_head (from);
  int sqlite_code;

  if (command == NULL)
    {
      g_set_error_literal (error, DOSSIER_DRAFT_ERROR, DOSSIER_DRAFT_ERROR_NOTHING,
                           forward ? _("There is nothing to redo.") : _("There is nothing to undo."));
      return FALSE;
    }

  if (dossier_store_begin (self->store, &local_error) &&
      command_apply (self, command, forward, &local_error) &&
      dossier_store_commit (self->store, &local_error))
    {
      g_queue_pop_head (from);
      g_queue_push_head (to, command);
      self->merge_broken = TRUE;
      notify_history (self, could_undo, could_redo);
      g_signal_emit (self, signals[CHANGED], 0);
      return TRUE;
    }
  sqlite_code = sqlite3_extended_errcode (dossier_store_get_handle (self->store));
  dossier_store_rollback (self->store);

  /* A row the step needs was changed elsewhere (another window, dossier-cli): the
   * step can never be made again, so it leaves the history. Anything else (a full
   * disk, a busy database) may pass, and the step stays. */
  if (g_error_matches (local_error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_FOUND) ||
      (local_error->domain == DOSSIER_STORE_ERROR &&
       sqlite_code == SQLITE_CONSTRAINT_PRIMARYKEY))
    {
      command_free (g_queue_pop_head (from));
      notify_history (self, could_undo, could_redo);
      g_set_error (error, DOSSIER_DRAFT_ERROR, DOSSIER_DRAFT_ERROR_CONFLICT,
                   forward ? _("This change cannot be redone: the draft was changed elsewhere.")
                           : _("This change cannot be undone: the draft was changed elsewhere."));
      return FALSE;
    }
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static void
dossier_draft_editor_finalize (GObject *object)
{
  DossierDraftEditor *self = (DossierDraftEditor *) object;

  g_queue_clear_full (&self->undo, (GDestroyNotify) command_free);
  g_queue_clear_full (&self->redo, (GDestroyNotify) command_free);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (dossier_draft_editor_parent_class)->finalize (object);
}

static void
dossier_draft_editor_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  DossierDraftEditor *self = DOSSIER_DRAFT_EDITOR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_DRAFT_ID:
      g_value_set_int64 (value, self->draft_id);
      break;
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, dossier_draft_editor_get_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, dossier_draft_editor_get_can_redo (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_draft_editor_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  DossierDraftEditor *self = DOSSIER_DRAFT_EDITOR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_DRAFT_ID:
      self->draft_id = g_value_get_int64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_draft_editor_class_init (DossierDraftEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dossier_draft_editor_finalize;
  object_class->get_property = dossier_draft_editor_get_property;
  object_class->set_property = dossier_draft_editor_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, DOSSIER_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DRAFT_ID] =
    g_param_spec_int64 ("draft-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Emitted after every change made through the editor, undo and redo included:
   * the view reloads the draft. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
dossier_draft_editor_init (DossierDraftEditor *self)
{
  g_queue_init (&self->undo);
  g_queue_init (&self->redo);
  self->merge_interval = 1500;
}

DossierDraftEditor *
dossier_draft_editor_new (DossierStore *store,
                          gint64        draft_id)
{
  g_return_val_if_fail (DOSSIER_IS_STORE (store), NULL);

  return g_object_new (DOSSIER_TYPE_DRAFT_EDITOR, "store", store, "draft-id", draft_id, NULL);
}

DossierStore *
dossier_draft_editor_get_store (DossierDraftEditor *self)
{
  g_return_val_if_fail (DOSSIER_IS_DRAFT_EDITOR (self), NULL);
  return self->store;
}

gint64
dossier_draft_editor_get_draft_id (DossierDraftEditor *self)
{
  g_return_val_if_fail (DOSSIER_IS_DRAFT_EDITOR (self), 0);
  return self->draft_id;
}

gboolean
dossier_draft_editor_get_can_undo (DossierDraftEditor *self)
{
  g_return_val_if_fail (DOSSIER_IS_DRAFT_EDITOR (self), FALSE);
  return self->undo.length > 0;
}

gboolean
dossier_draft_editor_get_can_redo (DossierDraftEditor *self)
{
  g_return_val_if_fail (DOSSIER_IS_DRAFT_EDITOR (self), FALSE);
  return self->redo.length > 0;
}

const char *
dossier_draft_editor_get_undo_label (DossierDraftEditor *self)
{
  Command *command;

  g_return_val_if_fail (DOSSIER_IS_DRAFT_EDITOR (self), NULL);
  command = g_queue_peek_head (&self->undo);
  return command != NULL ? command_label (command) : NULL;
}

const char *
dossier_draft_editor_get_redo_label (DossierDraftEditor *self)
{
  Command *command;

  g_return_val_if_fail (DOSSIER_IS_DRAFT_EDITOR (self), NULL);
  command = g_queue_peek_head (&self->redo);
  return command != NULL ? command_label (command) : NULL;
}

void
dossier_draft_editor_set_merge_interval (DossierDraftEditor *self,
                                         guint               msec)
{
  g_return_if_fail (DOSSIER_IS_DRAFT_EDITOR (self));
  self->merge_interval = msec;
}

void
dossier_draft_editor_break_merge (DossierDraftEditor *self)
{
  g_return_if_fail (DOSSIER_IS_DRAFT_EDITOR (self));
  self->merge_broken = TRUE;
}

void
dossier_draft_editor_clear_history (DossierDraftEditor *self)
{
  gboolean could_undo, could_redo;

  g_return_if_fail (DOSSIER_IS_DRAFT_EDITOR (self));

  could_undo = dossier_draft_editor_get_can_undo (self);
  could_redo = dossier_draft_editor_get_can_redo (self);
  g_queue_clear_full (&self->undo, (GDestroyNotify) command_free);
  g_queue_clear_full (&self->redo, (GDestroyNotify) command_free);
  notify_history (self, could_undo, could_redo);
}

gboolean
dossier_draft_editor_undo (DossierDraftEditor *self,
                           GError            **error)
{
  g_return_val_if_fail (DOSSIER_IS_DRAFT_EDITOR (self), FALSE);
  return editor_step (self, FALSE, error);
}

gboolean
dossier_draft_editor_redo (DossierDraftEditor *self,
                           GError            **error)
{
  g_return_val_if_fail (DOSSIER_IS_DRAFT_EDITOR (self), FALSE);
  return editor_step (self, TRUE, error);
}

static Command *
command_new (CommandKind kind,
             gint64      target)
{
  Command *command = g_new0 (Command, 1);

  command->kind = kind;
  command->target = target;
  return command;
}

/* A text edit: done in its transaction, then recorded or merged. */
static gboolean
editor_text_edit (DossierDraftEditor *self,
                  CommandKind         kind,
                  gint64              target,
                  const char         *text,
                  GError            **error)
{
  g_autofree char *old_text = NULL;
  gboolean ok = FALSE;
  Command *command;

  if (!dossier_store_begin (self->store, error))
    return FALSE;
  switch (kind)
    {
    case COMMAND_RENAME_DRAFT:
      ok = op_rename_draft (self->store, target, text, &old_text, error);
      break;
    case COMMAND_SECTION_TITLE:
      ok = op_set_section_field (self->store, target, SECTION_TITLE, text, &old_text, error);
      break;
    case COMMAND_SECTION_TEXT:
      ok = op_set_section_field (self->store, target, SECTION_TEXT, text, &old_text, error);
      break;
    case COMMAND_EXCERPT_NOTE:
      ok = op_set_excerpt_note (self->store, target, text, &old_text, error);
      break;
    default:
      g_assert_not_reached ();
    }
  if (!finish_write (self->store, ok, error))
    return FALSE;

  if (merge_text_edit (self, kind, target, text))
    return TRUE;

  command = command_new (kind, target);
  command->old_text = g_steal_pointer (&old_text);
  command->new_text = g_strdup (text);
  push_command (self, command);
  return TRUE;
}

gboolean
dossier_draft_editor_rename (DossierDraftEditor *self,
                             const char         *title,
                             GError            **error)
{
  g_return_val_if_fail (DOSSIER_IS_DRAFT_EDITOR (self), FALSE);
  return editor_text_edit (self, COMMAND_RENAME_DRAFT, self->draft_id, title, error);
}

gboolean
dossier_draft_editor_rename_section (DossierDraftEditor *self,
                                     gint64              section_id,
                                     const char         *title,
                                     GError            **error)
{
  g_return_val_if_fail (DOSSIER_IS_DRAFT_EDITOR (self), FALSE);
  return editor_text_edit (self, COMMAND_SECTION_TITLE, section_id, title, error);
}

gboolean
dossier_draft_editor_set_section_text (DossierDraftEditor *self,
                                       gint64              section_id,
                                       const char         *text,
                                       GError            **error)
{
  g_return_val_if_fail (DOSSIER_IS_DRAFT_EDITOR (self), FALSE);
  return editor_text_edit (self, COMMAND_SECTION_TEXT, section_id, text, error);
}

gboolean
dossier_draft_editor_set_excerpt_note (DossierDraftEditor *self,
                                       gint64              excerpt_id,
                                       const char         *note,
                                       GError            **error)
{
  g_return_val_if_fail (DOSSIER_IS_DRAFT_EDITOR (self), FALSE);
  return editor_text_edit (self, COMMAND_EXCERPT_NOTE, excerpt_id, note, error);
}

gboolean
dossier_draft_editor_add_section (DossierDraftEditor *self,
                                  const char         *title,
                                  int                 position,
                                  gint64             *section_id,
                                  GError            **error)
{
  g_autoptr(SectionRow) row = NULL;
  Command *command;

  g_return_val_if_fail (DOSSIER_IS_DRAFT_EDITOR (self), FALSE);

  if (!dossier_store_begin (self->store, error) ||
      !finish_write (self->store, op_add_section (self->store, self->draft_id, title, position,
                                                  &row, error), error))
    return FALSE;

  if (section_id != NULL)
    *section_id = row->id;
  command = command_new (COMMAND_ADD_SECTION, row->id);
  command->section = g_steal_pointer (&row);
  push_command (self, command);
  return TRUE;
}

gboolean
dossier_draft_editor_remove_section (DossierDraftEditor *self,
                                     gint64              section_id,
                                     GError            **error)
{
  g_autoptr(SectionRow) row = NULL;
  g_autoptr(GPtrArray) excerpts = NULL;
  Command *command;

  g_return_val_if_fail (DOSSIER_IS_DRAFT_EDITOR (self), FALSE);

  if (!dossier_store_begin (self->store, error) ||
      !finish_write (self->store, op_remove_section (self->store, section_id, &row, &excerpts,
                                                     error), error))
    return FALSE;

  command = command_new (COMMAND_REMOVE_SECTION, section_id);
  command->section = g_steal_pointer (&row);
  command->excerpts = g_steal_pointer (&excerpts);
  push_command (self, command);
  return TRUE;
}

gboolean
dossier_draft_editor_move_section (DossierDraftEditor *self,
                                   gint64              section_id,
                                   int                 position,
                                   GError            **error)
{
  Command *command;
  int from = 0, to = 0;

  g_return_val_if_fail (DOSSIER_IS_DRAFT_EDITOR (self), FALSE);

  if (!dossier_store_begin (self->store, error) ||
      !finish_write (self->store, op_move_section (self->store, section_id, position, &from, &to,
                                                   error), error))
    return FALSE;

  if (from == to)
    return TRUE;
  command = command_new (COMMAND_MOVE_SECTION, section_id);
  command->from_position = from;
  command->to_position = to;
  push_command (self, command);
  return TRUE;
}

gboolean
dossier_draft_editor_add_excerpt (DossierDraftEditor *self,
                                  gint64              section_id,
                                  gint64              block_id,
                                  int                 start,
                                  int                 end,
                                  const char         *note,
                                  gint64             *excerpt_id,
                                  GError            **error)
{
  g_autoptr(ExcerptRow) row = NULL;
  Command *command;

  g_return_val_if_fail (DOSSIER_IS_DRAFT_EDITOR (self), FALSE);

  if (!dossier_store_begin (self->store, error) ||
      !finish_write (self->store, op_add_excerpt (self->store, self->draft_id, section_id,
                                                  block_id, start, end, note, &row, error), error))
    return FALSE;

  if (excerpt_id != NULL)
    *excerpt_id = row->id;
  command = command_new (COMMAND_ADD_EXCERPT, row->id);
  command->excerpt = g_steal_pointer (&row);
  push_command (self, command);
  return TRUE;
}

gboolean
dossier_draft_editor_move_excerpt (DossierDraftEditor *self,
                                   gint64              excerpt_id,
                                   gint64              section_id,
                                   int                 position,
                                   GError            **error)
{
  Command *command;
  gint64 from_section = 0;
  int from = 0, to = 0;

  g_return_val_if_fail (DOSSIER_IS_DRAFT_EDITOR (self), FALSE);

  if (!dossier_store_begin (self->store, error) ||
      !finish_write (self->store, op_move_excerpt (self->store, excerpt_id, section_id, position,
                                                   &from_section, &from, &to, error), error))
    return FALSE;

  command = command_new (COMMAND_MOVE_EXCERPT, excerpt_id);
  command->from_section = from_section;
  command->from_position = from;
  command->to_section = section_id;
  command->to_position = to;
  if (section_id <= 0)
    {
      /* It went to the first section: remember which one that was. */
      g_autoptr(ExcerptRow) row = read_excerpt (self->store, excerpt_id, NULL);

      command->to_section = row != NULL ? row->section_id : 0;
    }
  push_command (self, command);
  return TRUE;
}

gboolean
dossier_draft_editor_remove_excerpt (DossierDraftEditor *self,
                                     gint64              excerpt_id,
                                     GError            **error)
{
  g_autoptr(ExcerptRow) row = NULL;
  Command *command;

  g_return_val_if_fail (DOSSIER_IS_DRAFT_EDITOR (self), FALSE);

  if (!dossier_store_begin (self->store, error) ||
      !finish_write (self->store, op_remove_excerpt (self->store, excerpt_id, &row, error), error))
    return FALSE;

  command = command_new (COMMAND_REMOVE_EXCERPT, excerpt_id);
  command->excerpt = g_steal_pointer (&row);
  push_command (self, command);
  return TRUE;
}

gboolean
dossier_draft_editor_refresh_excerpt (DossierDraftEditor *self,
                                      gint64              excerpt_id,
                                      GError            **error)
{
  g_autoptr(ExcerptRow) before = NULL;
  g_autoptr(ExcerptRow) after = NULL;
  Command *command;

  g_return_val_if_fail (DOSSIER_IS_DRAFT_EDITOR (self), FALSE);

  if (!dossier_store_begin (self->store, error) ||
      !finish_write (self->store, op_refresh_excerpt (self->store, excerpt_id, &before, &after,
                                                      error), error))
    return FALSE;

  command = command_new (COMMAND_REFRESH_EXCERPT, excerpt_id);
  command->excerpt = g_steal_pointer (&before);
  command->excerpt_after = g_steal_pointer (&after);
  push_command (self, command);
  return TRUE;
}
