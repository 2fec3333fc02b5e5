/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dossier-application.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_WINDOW (dossier_window_get_type ())

G_DECLARE_FINAL_TYPE (DossierWindow, dossier_window, DOSSIER, WINDOW, AdwApplicationWindow)

DossierWindow *dossier_window_new            (DossierApplication *application);
/* Shows the document with this id; FALSE when there is none. */
gboolean       dossier_window_open_document  (DossierWindow      *self,
                                              gint64              document_id);
GListModel    *dossier_window_get_documents  (DossierWindow      *self);

G_END_DECLS
