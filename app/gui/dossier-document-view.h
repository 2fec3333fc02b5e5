/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dossier-selection.h"
#include "dossier-store.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_DOCUMENT_VIEW (dossier_document_view_get_type ())

G_DECLARE_FINAL_TYPE (DossierDocumentView, dossier_document_view, DOSSIER, DOCUMENT_VIEW, GtkWidget)

/* @documents: the GListModel of DossierDocumentInfo that the column's drop-down offers. */
GtkWidget    *dossier_document_view_new                 (DossierStore        *store,
                                                         DossierSelection    *selection,
                                                         GListModel          *documents);
gint64        dossier_document_view_get_document_id     (DossierDocumentView *self);
/* Loads and shows a document; FALSE (with a message in the view) when it cannot. */
gboolean      dossier_document_view_set_document_id     (DossierDocumentView *self,
                                                         gint64               document_id);
/* The shown document's symbol, else its title; NULL when none is shown. */
const char   *dossier_document_view_get_title           (DossierDocumentView *self);
/* Scrolls to a paragraph and highlights it for a moment. FALSE when the shown
 * document has no such block. */
gboolean      dossier_document_view_scroll_to_block     (DossierDocumentView *self,
                                                         gint64               block_id);
/* The block that holds the cursor (where the last "go to" went), 0 when none. */
gint64        dossier_document_view_get_cursor_block    (DossierDocumentView *self);
/* The mentions marked as belonging to the selected entity. */
guint         dossier_document_view_get_n_highlighted   (DossierDocumentView *self);
guint         dossier_document_view_get_n_mentions      (DossierDocumentView *self);
/* Shows the find bar with @text; returns the number of matches. */
guint         dossier_document_view_find                (DossierDocumentView *self,
                                                         const char          *text);
void          dossier_document_view_show_find           (DossierDocumentView *self);
void          dossier_document_view_find_next           (DossierDocumentView *self);
void          dossier_document_view_find_previous       (DossierDocumentView *self);
/* Selects text by character offsets in the buffer (for tests and "go to"). */
void          dossier_document_view_select_range        (DossierDocumentView *self,
                                                         guint                start,
                                                         guint                end);
/* The quoted selection with its citation, as "Copy with Citation" copies it;
 * NULL without a selection. */
char         *dossier_document_view_dup_quote           (DossierDocumentView *self);
void          dossier_document_view_set_active          (DossierDocumentView *self,
                                                         gboolean             active);
GtkTextView  *dossier_document_view_get_text_view       (DossierDocumentView *self);
/* Reloads after a correction renamed, merged or hid entities. */
void          dossier_document_view_reload              (DossierDocumentView *self);

G_END_DECLS
