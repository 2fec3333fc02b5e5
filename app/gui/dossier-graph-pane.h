/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dossier-graph-view.h"
#include "dossier-selection.h"
#include "dossier-store.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_GRAPH_PANE (dossier_graph_pane_get_type ())

G_DECLARE_FINAL_TYPE (DossierGraphPane, dossier_graph_pane, DOSSIER, GRAPH_PANE, GtkWidget)

/* The graph shows at most this many entities, the most connected ones: enough for
 * the whole bundled corpus, few enough that its layout stays well under a second
 * (Graphviz draws curved edges only for small graphs). */
#define DOSSIER_GRAPH_PANE_TOP_N 300

/* The graph pane: the interactive graph when one is set, and always the same graph
 * as two lists (its nodes, the entities; its edges, the relations) that follow
 * the shared selection, for keyboard and screen reader users. */
void               dossier_graph_pane_set_model        (DossierGraphPane  *self,
                                                        DossierStore      *store,
                                                        DossierSelection  *selection);
/* The documents open in columns, for the "Open Documents" scope. */
void               dossier_graph_pane_set_documents    (DossierGraphPane  *self,
                                                        const gint64      *document_ids,
                                                        guint              n_documents);
DossierGraphScope  dossier_graph_pane_get_scope        (DossierGraphPane  *self);
void               dossier_graph_pane_set_scope        (DossierGraphPane  *self,
                                                        DossierGraphScope  scope);
void               dossier_graph_pane_reload           (DossierGraphPane  *self);
/* Puts the interactive graph in the "graph" page and shows it; NULL removes it. */
void               dossier_graph_pane_set_graph_widget (DossierGraphPane  *self,
                                                        GtkWidget         *widget);
GtkWidget         *dossier_graph_pane_get_graph_widget (DossierGraphPane  *self);
/* DossierEntityItem, and the DossierRelationItem that the selection leaves shown. */
GListModel        *dossier_graph_pane_get_nodes        (DossierGraphPane  *self);
GListModel        *dossier_graph_pane_get_edges        (DossierGraphPane  *self);
/* The node row the selection chose, GTK_INVALID_LIST_POSITION when none. */
guint              dossier_graph_pane_get_selected_node (DossierGraphPane *self);

G_END_DECLS
