/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The rapporteur's workspace: the drafts of the corpus, one open at a time as its
 * sections of free text and excerpt cards. Every edit goes straight to the corpus
 * through a DossierDraftEditor (no "save"), with undo and redo.
 *
 * Once the panel is in a window it adds an action group "draft" to that window,
 * so that any widget there can offer "Add to draft":
 *   draft.add-block(x)     a paragraph, by block id
 *   draft.add-entity(x)    every paragraph that mentions an entity
 *   draft.add-relation(x)  the evidence of a relation (a graph edge)
 *   draft.add-query(s)     the best paragraphs for a search, as suggestions
 *   draft.suggest-relation(x)  the best paragraphs about a relation
 * A paragraph can also be dragged in as the string "dossier:block:ID", or as the
 * text selected in a document view, which is found again in the corpus.
 */
#pragma once

#include <adwaita.h>

#include "dossier-selection.h"
#include "dossier-draft-export.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_DRAFT_PANEL (dossier_draft_panel_get_type ())

G_DECLARE_FINAL_TYPE (DossierDraftPanel, dossier_draft_panel, DOSSIER, DRAFT_PANEL, GtkWidget)

GtkWidget    *dossier_draft_panel_new            (void);
void          dossier_draft_panel_set_model      (DossierDraftPanel *self,
                                                  DossierStore      *store,
                                                  DossierSelection  *selection);
/* The open draft, 0 when none. */
gint64        dossier_draft_panel_get_draft_id   (DossierDraftPanel *self);
gboolean      dossier_draft_panel_open_draft     (DossierDraftPanel *self,
                                                  gint64             draft_id);
/* Starts a draft from a template and opens it. */
gboolean      dossier_draft_panel_new_draft      (DossierDraftPanel *self,
                                                  const char        *template_name,
                                                  GError           **error);
/* Quotes a paragraph (all of it when @start and @end are -1) at the end of the
 * section that has the keyboard focus, else the first; starts a draft if none is
 * open. */
gboolean      dossier_draft_panel_add_block      (DossierDraftPanel *self,
                                                  gint64             block_id,
                                                  int                start,
                                                  int                end,
                                                  GError           **error);
/* Every paragraph that mentions the entity, once each, in corpus order. */
guint         dossier_draft_panel_add_entity     (DossierDraftPanel *self,
                                                  gint64             entity_id,
                                                  GError           **error);
/* Every paragraph that is evidence for the relation. */
guint         dossier_draft_panel_add_relation   (DossierDraftPanel *self,
                                                  gint64             relation_id,
                                                  GError           **error);
/* Text taken from a document view (dragged or pasted): each of its lines that is
 * a paragraph of the corpus, or part of one, becomes an excerpt. Returns how many. */
guint         dossier_draft_panel_add_text       (DossierDraftPanel *self,
                                                  const char        *text,
                                                  GError           **error);
/* Moves the excerpt by @delta places, across section boundaries (keyboard reorder). */
gboolean      dossier_draft_panel_move_excerpt   (DossierDraftPanel *self,
                                                  gint64             excerpt_id,
                                                  int                delta);
/* Shows the suggestions for @query, each addable in one click. */
void          dossier_draft_panel_suggest        (DossierDraftPanel *self,
                                                  const char        *query);
/* Writes the open draft as it is stored; the menu's "Export" ends here. */
gboolean      dossier_draft_panel_export         (DossierDraftPanel  *self,
                                                  DossierDraftFormat  format,
                                                  GFile              *file,
                                                  GError            **error);
/* The same pages as "Print", written to a PDF file (GtkPrintOperation's export). */
gboolean      dossier_draft_panel_print_to_pdf   (DossierDraftPanel  *self,
                                                  GFile              *file,
                                                  GError            **error);
guint         dossier_draft_panel_get_word_count (DossierDraftPanel *self);
DossierDraftEditor *dossier_draft_panel_get_editor (DossierDraftPanel *self);

G_END_DECLS
