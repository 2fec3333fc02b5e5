/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A stored document's metadata, as an object for list models. Immutable. */
#define DOSSIER_TYPE_DOCUMENT_INFO (dossier_document_info_get_type ())

G_DECLARE_FINAL_TYPE (DossierDocumentInfo, dossier_document_info, DOSSIER, DOCUMENT_INFO, GObject)

gint64      dossier_document_info_get_id           (DossierDocumentInfo *self);
const char *dossier_document_info_get_symbol       (DossierDocumentInfo *self);
const char *dossier_document_info_get_title        (DossierDocumentInfo *self);
const char *dossier_document_info_get_kind         (DossierDocumentInfo *self);
const char *dossier_document_info_get_date         (DossierDocumentInfo *self);
const char *dossier_document_info_get_body         (DossierDocumentInfo *self);
const char *dossier_document_info_get_session      (DossierDocumentInfo *self);
const char *dossier_document_info_get_language     (DossierDocumentInfo *self);
const char *dossier_document_info_get_source_name  (DossierDocumentInfo *self);
const char *dossier_document_info_get_format       (DossierDocumentInfo *self);
const char *dossier_document_info_get_content_hash (DossierDocumentInfo *self);
guint       dossier_document_info_get_n_blocks     (DossierDocumentInfo *self);
guint       dossier_document_info_get_n_paragraphs (DossierDocumentInfo *self);
/* The symbol, else the title: how citations name the document. */
const char *dossier_document_info_get_display_name (DossierDocumentInfo *self);

G_END_DECLS
