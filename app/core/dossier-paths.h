/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The folder with the bundled corpus and gazetteer: $DOSSIER_DATA_DIR if set, the
 * installed $datadir/dossier when it has a corpus, else the source tree's data/. */
const char *dossier_paths_data_dir          (void);
char       *dossier_paths_dup_corpus_dir    (void);
char       *dossier_paths_dup_gazetteer     (void);
/* $XDG_DATA_HOME/dossier/corpus.db */
char       *dossier_paths_dup_default_db    (void);

G_END_DECLS

G_BEGIN_DECLS

/* setlocale, and gettext bound to $DOSSIER_LOCALEDIR (an uninstalled build's
 * catalogues) or the installed locale folder. Call once from main(). */
void        dossier_i18n_init               (void);
/* A document date as stored ("2003-01-20", "2003-01" or "2003") written for the
 * interface's language: "20 January 2003", "20 janvier 2003", "2003年1月20日".
 * Anything else comes back unchanged. */
char       *dossier_i18n_format_date        (const char *iso_date);

G_END_DECLS
