/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dossier-store.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_APPLICATION (dossier_application_get_type ())

G_DECLARE_FINAL_TYPE (DossierApplication, dossier_application, DOSSIER, APPLICATION, AdwApplication)

DossierApplication *dossier_application_new            (void);
/* The open corpus, or NULL when it could not be opened. */
DossierStore       *dossier_application_get_store      (DossierApplication *self);
/* Why the last corpus could not be opened, or NULL. */
const GError       *dossier_application_get_open_error (DossierApplication *self);
/* Opens (and on first run fills) the corpus at @path, NULL for the default. On
 * failure the corpus open before stays open and nothing on disk changes. */
gboolean            dossier_application_open_store     (DossierApplication *self,
                                                        const char         *path,
                                                        GError            **error);
/* The full path of the corpus that could not be opened, while the open error
 * stands; NULL otherwise. */
const char         *dossier_application_get_failed_path (DossierApplication *self);
/* Makes and opens a new corpus, filled with the bundled documents, beside the
 * one that could not be opened ("corpus-1.db") or, when that folder is
 * read-only, in Dossier's data folder. Never opens, changes or replaces an
 * existing file. Returns the new corpus's path. */
char               *dossier_application_start_fresh     (DossierApplication *self,
                                                         GError            **error);

G_END_DECLS
