/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dossier-application.h"
#include "dossier-document-view.h"
#include "dossier-graph-pane.h"
#include "dossier-inspector.h"
#include "dossier-library.h"
#include "dossier-search-popover.h"
#include "dossier-selection.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_WINDOW (dossier_window_get_type ())

G_DECLARE_FINAL_TYPE (DossierWindow, dossier_window, DOSSIER, WINDOW, AdwApplicationWindow)

DossierWindow        *dossier_window_new                 (DossierApplication *application);
/* Shows a document in the active column (a new one when none is open);
 * FALSE when there is no such document. */
gboolean              dossier_window_open_document       (DossierWindow      *self,
                                                          gint64              document_id);
/* Opens a column beside the others; @document_id 0 picks a document not shown yet. */
DossierDocumentView  *dossier_window_add_column          (DossierWindow      *self,
                                                          gint64              document_id);
/* "Go to": the document at that paragraph, in a column that shows it or in a
 * new or reused one, with a brief highlight. Recorded in the history. */
gboolean              dossier_window_go_to_block         (DossierWindow      *self,
                                                          gint64              document_id,
                                                          gint64              block_id);
guint                 dossier_window_get_n_columns       (DossierWindow      *self);
DossierDocumentView  *dossier_window_get_column          (DossierWindow      *self,
                                                          guint               index);
DossierDocumentView  *dossier_window_get_active_column   (DossierWindow      *self);
/* Swaps the column with its neighbour: @delta -1 towards the start, 1 towards the end. */
void                  dossier_window_move_column         (DossierWindow      *self,
                                                          DossierDocumentView *column,
                                                          int                 delta);
void                  dossier_window_close_column        (DossierWindow      *self,
                                                          DossierDocumentView *column);

GListModel           *dossier_window_get_documents       (DossierWindow      *self);
DossierStore         *dossier_window_get_store           (DossierWindow      *self);
DossierSelection     *dossier_window_get_selection       (DossierWindow      *self);
DossierLibrary       *dossier_window_get_library         (DossierWindow      *self);
DossierInspector     *dossier_window_get_inspector       (DossierWindow      *self);
DossierGraphPane     *dossier_window_get_graph_pane      (DossierWindow      *self);
DossierSearchPopover *dossier_window_get_search          (DossierWindow      *self);
GtkShortcutsWindow   *dossier_window_get_help_overlay    (DossierWindow      *self);

/* The hook for the interactive graph: it goes into the graph pane's "graph"
 * page, above the node and edge lists that stay as its accessible alternative.
 * The widget follows dossier_window_get_selection() itself. */
void                  dossier_window_set_graph_widget    (DossierWindow      *self,
                                                          GtkWidget          *widget);

/* Imports files and folders off the main thread, with progress and a summary. */
void                  dossier_window_import              (DossierWindow      *self,
                                                          const char * const *paths);
gboolean              dossier_window_get_importing       (DossierWindow      *self);
void                  dossier_window_add_toast           (DossierWindow      *self,
                                                          const char         *message);
/* "main", "empty", "loading" or "error". */
const char           *dossier_window_get_state           (DossierWindow      *self);

G_END_DECLS
