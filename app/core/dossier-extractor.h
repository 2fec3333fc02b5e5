/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "dossier-document.h"
#include "dossier-extraction.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_EXTRACTOR (dossier_extractor_get_type ())

G_DECLARE_FINAL_TYPE (DossierExtractor, dossier_extractor, DOSSIER, EXTRACTOR, GObject)

/* Loads the gazetteer at @gazetteer_path (NULL: the bundled data/gazetteer.json). */
DossierExtractor  *dossier_extractor_new (const char                  *gazetteer_path,
                                          GError                     **error);
/* Runs every recogniser over every block. Thread-safe: one extractor may serve
 * several documents at once. */
DossierExtraction *dossier_extractor_run (DossierExtractor            *self,
                                          const DossierParsedDocument *doc);
/* The gazetteer's own entities and curated relations (relations carry no evidence). */
DossierExtraction *dossier_extractor_dup_gazetteer (DossierExtractor *self);

G_END_DECLS
