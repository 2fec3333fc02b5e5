/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Suggested excerpts: for a search, an entity, a relation or a document, the
 * paragraphs of the corpus that say the most about it, best first. The ranking
 * is extractive and explainable; dossier-suggest.c describes it.
 */
#pragma once

#include "dossier-store.h"

G_BEGIN_DECLS

#define DOSSIER_SUGGEST_ERROR (dossier_suggest_error_quark ())

typedef enum
{
  DOSSIER_SUGGEST_ERROR_AMBIGUOUS,  /* several entities answer to that name */
} DossierSuggestError;

typedef struct
{
  gint64  block_id;
  gint64  document_id;
  char   *document_symbol;  /* may be NULL */
  char   *document_title;
  char   *label;            /* may be NULL */
  char   *citation;         /* "E/CN.4/2003/74, para. 16" */
  char   *text;             /* the paragraph */
  double  score;            /* what the list is sorted by, 0 to 1, best 1 */
  double  relevance;        /* how directly it matches, 0 to 1 */
  double  centrality;       /* how much the other matching paragraphs echo it, 0 to 1 */
} DossierSuggestion;

/* How many suggestions a limit of 0 gives. */
#define DOSSIER_SUGGEST_DEFAULT_LIMIT 10

GQuark     dossier_suggest_error_quark   (void);

/* Each returns DossierSuggestion*, best first (an empty array when nothing fits). */
GPtrArray *dossier_suggest_for_query     (DossierStore *store,
                                          const char   *query,
                                          guint         limit,
                                          GError      **error);
GPtrArray *dossier_suggest_for_entity    (DossierStore *store,
                                          gint64        entity_id,
                                          guint         limit,
                                          GError      **error);
GPtrArray *dossier_suggest_for_relation  (DossierStore *store,
                                          gint64        relation_id,
                                          guint         limit,
                                          GError      **error);
GPtrArray *dossier_suggest_for_document  (DossierStore *store,
                                          gint64        document_id,
                                          guint         limit,
                                          GError      **error);

/* An entity by key ("org:unodc"), name, short name or alias, case-insensitive,
 * following merges to the entity that absorbed it. */
gboolean   dossier_suggest_find_entity   (DossierStore *store,
                                          const char   *ref,
                                          gint64       *entity_id,
                                          GError      **error);

void       dossier_suggestion_free       (DossierSuggestion *suggestion);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierSuggestion, dossier_suggestion_free)

G_END_DECLS
