/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A rapporteur's drafts: a title, sections of free text and excerpts quoted from
 * the corpus with their citations. Every change is written at once, in its own
 * transaction: there is no "save", and nothing acknowledged is lost when the
 * program is killed. DossierDraftEditor adds undo and redo on top.
 */
#pragma once

#include "dossier-store.h"

G_BEGIN_DECLS

#define DOSSIER_DRAFT_ERROR (dossier_draft_error_quark ())

typedef enum
{
  DOSSIER_DRAFT_ERROR_INVALID,    /* an empty title, an unknown template, a selection outside the paragraph */
  DOSSIER_DRAFT_ERROR_BAD_FILE,   /* a draft file that cannot be read back */
  DOSSIER_DRAFT_ERROR_CONFLICT,   /* undo or redo found the draft changed elsewhere */
  DOSSIER_DRAFT_ERROR_NOTHING,    /* nothing to undo or redo */
} DossierDraftError;

#define DOSSIER_DRAFT_TEMPLATE_MEETING_SUMMARY "meeting-summary"
#define DOSSIER_DRAFT_TEMPLATE_BLANK           "blank"

typedef struct
{
  gint64    id;
  gint64    section_id;
  guint     position;           /* in its section, from 0 */
  gint64    document_id;        /* 0 when the document was removed from the corpus */
  gint64    block_id;           /* 0 when the paragraph is no longer in the document */
  char     *document_symbol;    /* may be NULL */
  char     *document_title;     /* may be NULL when the document is gone */
  char     *document_source;    /* its file name, may be NULL */
  char     *document_language;  /* "en", may be NULL */
  char     *block_label;        /* "16", may be NULL */
  int       block_seq;          /* the paragraph's place in its document, -1 if unknown */
  char     *block_hash;         /* SHA-256 of the paragraph when excerpted, may be NULL */
  char     *quote;              /* the quoted text as it was excerpted */
  int       quote_start;        /* character offsets in the paragraph, -1 for all of it */
  int       quote_end;
  char     *citation;           /* "E/CN.4/2003/74, para. 16" */
  char     *note;               /* may be NULL */
  char     *created_at;
  gboolean  source_changed;     /* the paragraph now reads differently, or is gone */
  gboolean  source_missing;     /* the paragraph (or its document) is gone */
} DossierExcerpt;

typedef struct
{
  gint64     id;
  guint      position;
  char      *title;             /* may be empty: the section is shown without a heading */
  char      *text;              /* the rapporteur's own text; paragraphs split by blank lines */
  GPtrArray *excerpts;          /* of DossierExcerpt*, in order */
} DossierDraftSection;

typedef struct
{
  gint64     id;
  char      *title;
  char      *template_name;
  char      *created_at;        /* ISO 8601 UTC */
  char      *modified_at;
  GPtrArray *sections;          /* of DossierDraftSection*, in order */
} DossierDraft;

/* One line of dossier_draft_list(). */
typedef struct
{
  gint64  id;
  char   *title;
  char   *template_name;
  char   *created_at;
  char   *modified_at;
  guint   n_sections;
  guint   n_excerpts;
} DossierDraftInfo;

GQuark              dossier_draft_error_quark       (void);

/* The template names (static strings, NULL-terminated) and their labels. */
const char *const  *dossier_draft_list_templates    (void);
const char         *dossier_draft_template_get_label (const char   *template_name);

gboolean            dossier_draft_new               (DossierStore *store,
                                                     const char   *title,
                                                     const char   *template_name,
                                                     gint64       *draft_id,
                                                     GError      **error);
/* DossierDraftInfo*, most recently changed first. */
GPtrArray          *dossier_draft_list              (DossierStore *store,
                                                     GError      **error);
DossierDraft       *dossier_draft_load              (DossierStore *store,
                                                     gint64        draft_id,
                                                     GError      **error);
/* A draft by number ("3") or by title (case-insensitive; refused when ambiguous). */
gboolean            dossier_draft_find              (DossierStore *store,
                                                     const char   *ref,
                                                     gint64       *draft_id,
                                                     GError      **error);
gboolean            dossier_draft_rename            (DossierStore *store,
                                                     gint64        draft_id,
                                                     const char   *title,
                                                     GError      **error);
gboolean            dossier_draft_delete            (DossierStore *store,
                                                     gint64        draft_id,
                                                     GError      **error);

/* Sections. @position -1 appends. Removing a section removes its excerpts. */
gboolean            dossier_draft_add_section       (DossierStore *store,
                                                     gint64        draft_id,
                                                     const char   *title,
                                                     int           position,
                                                     gint64       *section_id,
                                                     GError      **error);
gboolean            dossier_draft_rename_section    (DossierStore *store,
                                                     gint64        section_id,
                                                     const char   *title,
                                                     GError      **error);
gboolean            dossier_draft_set_section_text  (DossierStore *store,
                                                     gint64        section_id,
                                                     const char   *text,
                                                     GError      **error);
gboolean            dossier_draft_move_section      (DossierStore *store,
                                                     gint64        section_id,
                                                     int           position,
                                                     GError      **error);
gboolean            dossier_draft_remove_section    (DossierStore *store,
                                                     gint64        section_id,
                                                     GError      **error);

/* Quotes a paragraph: all of it when @start and @end are -1, else the characters
 * from @start to @end (exclusive). @section_id 0 means the draft's first section.
 * The excerpt is appended to its section. */
gboolean            dossier_draft_add_excerpt       (DossierStore *store,
                                                     gint64        draft_id,
                                                     gint64        section_id,
                                                     gint64        block_id,
                                                     int           start,
                                                     int           end,
                                                     const char   *note,
                                                     gint64       *excerpt_id,
                                                     GError      **error);
/* Moves an excerpt to @position (-1: the end) of @section_id, in the same draft. */
gboolean            dossier_draft_move_excerpt      (DossierStore *store,
                                                     gint64        excerpt_id,
                                                     gint64        section_id,
                                                     int           position,
                                                     GError      **error);
gboolean            dossier_draft_remove_excerpt    (DossierStore *store,
                                                     gint64        excerpt_id,
                                                     GError      **error);
/* @note NULL or "" removes the note. */
gboolean            dossier_draft_set_excerpt_note  (DossierStore *store,
                                                     gint64        excerpt_id,
                                                     const char   *note,
                                                     GError      **error);
/* Takes the paragraph's current text (the whole paragraph) and citation, so that
 * an excerpt whose source changed is current again. */
gboolean            dossier_draft_refresh_excerpt   (DossierStore *store,
                                                     gint64        excerpt_id,
                                                     GError      **error);

/* Words of the section texts, quotes and notes (each CJK character is a word). */
guint               dossier_draft_word_count        (const DossierDraft *draft);
guint               dossier_draft_count_words       (const char         *text);
guint               dossier_draft_count_excerpts    (const DossierDraft *draft);
const DossierExcerpt *dossier_draft_find_excerpt    (const DossierDraft *draft,
                                                     gint64              excerpt_id);
const DossierDraftSection *dossier_draft_find_section (const DossierDraft *draft,
                                                       gint64              section_id);

void                dossier_excerpt_free            (DossierExcerpt      *excerpt);
void                dossier_draft_section_free      (DossierDraftSection *section);
void                dossier_draft_free              (DossierDraft        *draft);
void                dossier_draft_info_free         (DossierDraftInfo    *info);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierExcerpt, dossier_excerpt_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierDraftSection, dossier_draft_section_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierDraft, dossier_draft_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierDraftInfo, dossier_draft_info_free)

/*
 * DossierDraftEditor: the same changes for one open draft, each recorded with its
 * inverse so that the window can undo and redo them. The history lives in memory
 * only; the draft itself is always in the database. Consecutive text edits of the
 * same field within a second and a half are one step, so typing undoes by phrase
 * rather than by letter.
 */
#define DOSSIER_TYPE_DRAFT_EDITOR (dossier_draft_editor_get_type ())

G_DECLARE_FINAL_TYPE (DossierDraftEditor, dossier_draft_editor, DOSSIER, DRAFT_EDITOR, GObject)

DossierDraftEditor *dossier_draft_editor_new              (DossierStore       *store,
                                                           gint64              draft_id);
DossierStore       *dossier_draft_editor_get_store        (DossierDraftEditor *self);
gint64              dossier_draft_editor_get_draft_id     (DossierDraftEditor *self);
gboolean            dossier_draft_editor_get_can_undo     (DossierDraftEditor *self);
gboolean            dossier_draft_editor_get_can_redo     (DossierDraftEditor *self);
/* What undo and redo would do, for menus: "Remove Excerpt"; NULL when nothing. */
const char         *dossier_draft_editor_get_undo_label   (DossierDraftEditor *self);
const char         *dossier_draft_editor_get_redo_label   (DossierDraftEditor *self);
/* Milliseconds within which text edits of one field merge (default 1500; 0: never). */
void                dossier_draft_editor_set_merge_interval (DossierDraftEditor *self,
                                                             guint               msec);
/* Ends the current group of text edits: the next edit is a step of its own. */
void                dossier_draft_editor_break_merge      (DossierDraftEditor *self);
void                dossier_draft_editor_clear_history    (DossierDraftEditor *self);

gboolean            dossier_draft_editor_undo             (DossierDraftEditor *self,
                                                           GError            **error);
gboolean            dossier_draft_editor_redo             (DossierDraftEditor *self,
                                                           GError            **error);

gboolean            dossier_draft_editor_rename           (DossierDraftEditor *self,
                                                           const char         *title,
                                                           GError            **error);
gboolean            dossier_draft_editor_add_section      (DossierDraftEditor *self,
                                                           const char         *title,
                                                           int                 position,
                                                           gint64             *section_id,
                                                           GError            **error);
gboolean            dossier_draft_editor_rename_section   (DossierDraftEditor *self,
                                                           gint64              section_id,
                                                           const char         *title,
                                                           GError            **error);
gboolean            dossier_draft_editor_set_section_text (DossierDraftEditor *self,
                                                           gint64              section_id,
                                                           const char         *text,
                                                           GError            **error);
gboolean            dossier_draft_editor_move_section     (DossierDraftEditor *self,
                                                           gint64              section_id,
                                                           int                 position,
                                                           GError            **error);
gboolean            dossier_draft_editor_remove_section   (DossierDraftEditor *self,
                                                           gint64              section_id,
                                                           GError            **error);
gboolean            dossier_draft_editor_add_excerpt      (DossierDraftEditor *self,
                                                           gint64              section_id,
                                                           gint64              block_id,
                                                           int                 start,
                                                           int                 end,
                                                           const char         *note,
                                                           gint64             *excerpt_id,
                                                           GError            **error);
gboolean            dossier_draft_editor_move_excerpt     (DossierDraftEditor *self,
                                                           gint64              excerpt_id,
                                                           gint64              section_id,
                                                           int                 position,
                                                           GError            **error);
gboolean            dossier_draft_editor_remove_excerpt   (DossierDraftEditor *self,
                                                           gint64              excerpt_id,
                                                           GError            **error);
gboolean            dossier_draft_editor_set_excerpt_note (DossierDraftEditor *self,
                                                           gint64              excerpt_id,
                                                           const char         *note,
                                                           GError            **error);
gboolean            dossier_draft_editor_refresh_excerpt  (DossierDraftEditor *self,
                                                           gint64              excerpt_id,
                                                           GError            **error);

G_END_DECLS
