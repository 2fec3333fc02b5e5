/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gdk/gdk.h>

G_BEGIN_DECLS

/* The entity kinds of the graph legend, in legend order, NULL-terminated. */
const char * const *dossier_kinds_list           (void);
/* "Organisation": the kind as a user reads it; unknown kinds come back as given. */
const char         *dossier_kinds_get_label      (const char *kind);
/* "Organisations": the heading of a group of that kind. */
const char         *dossier_kinds_get_plural     (const char *kind);
/* The mark colour of a kind, chosen to stay readable in light and in dark style. */
void                dossier_kinds_get_color      (const char *kind,
                                                  gboolean    dark,
                                                  GdkRGBA    *color);
/* "Co-mention", "Supplements", …: a relation kind as a user reads it. */
const char         *dossier_kinds_get_relation_label (const char *relation_kind);
/* "Report", "Note", …: a document kind as a user reads it. */
const char         *dossier_kinds_get_document_label (const char *document_kind);
/* "4 documents", "1 document": for the many places that count documents. */
char               *dossier_kinds_format_documents (guint n);

G_END_DECLS
