/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dossier-document-info.h"

G_BEGIN_DECLS

DossierDocumentInfo *_dossier_document_info_new (gint64      id,
                                                 const char *symbol,
                                                 const char *title,
                                                 const char *kind,
                                                 const char *date,
                                                 const char *body,
                                                 const char *session,
                                                 const char *language,
                                                 const char *source_name,
                                                 const char *format,
                                                 const char *content_hash,
                                                 guint       n_blocks,
                                                 guint       n_paragraphs);

G_END_DECLS
