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

G_END_DECLS
