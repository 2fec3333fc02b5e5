/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dossier-selection.h"
#include "dossier-store.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_SEARCH_POPOVER (dossier_search_popover_get_type ())

G_DECLARE_FINAL_TYPE (DossierSearchPopover, dossier_search_popover, DOSSIER, SEARCH_POPOVER, GtkPopover)

/* Search as you type over every paragraph and entity name of the corpus. */
GtkWidget *dossier_search_popover_new              (void);
void       dossier_search_popover_set_model        (DossierSearchPopover *self,
                                                    DossierStore         *store,
                                                    DossierSelection     *selection);
/* Matches entity names in @entities (DossierEntityItem, most mentioned
 * first), a list its owner keeps up to date (the library's), instead of
 * reading every entity itself. */
void       dossier_search_popover_set_entities     (DossierSearchPopover *self,
                                                    GListModel           *entities);
/* Reads the filters' choices again, and the entity names unless they come
 * from dossier_search_popover_set_entities() (after an import or a correction). */
void       dossier_search_popover_reload           (DossierSearchPopover *self);
/* Searches for @text at once, without the typing delay. */
void       dossier_search_popover_search           (DossierSearchPopover *self,
                                                    const char           *text);
/* Limits paragraph results to a document (0: any), a document kind and a year
 * ("2003"), NULL for any; FALSE when the corpus has no such choice. */
gboolean   dossier_search_popover_set_filters      (DossierSearchPopover *self,
                                                    gint64                document_id,
                                                    const char           *document_kind,
                                                    const char           *year);
guint      dossier_search_popover_get_n_entities   (DossierSearchPopover *self);
guint      dossier_search_popover_get_n_paragraphs (DossierSearchPopover *self);
/* Opens the first result, as Enter does; FALSE when there is none. */
gboolean   dossier_search_popover_activate_first   (DossierSearchPopover *self);
/* Adds the @index-th result (entities first, as listed) to the open draft through
 * the window's "draft" actions, as its "Add to Draft" button does; FALSE when
 * there is no such result, no draft panel, or it is already added. */
gboolean   dossier_search_popover_add_to_draft     (DossierSearchPopover *self,
                                                    guint                 index);
/* Pango markup for a snippet: matched words in bold, the rest escaped. */
char      *dossier_search_popover_snippet_markup   (const char           *snippet);

G_END_DECLS
