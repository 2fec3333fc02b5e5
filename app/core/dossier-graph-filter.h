/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What part of the corpus a graph shows. A filter is a plain value: the GUI keeps
 * one per graph view, changes it and builds a new DossierGraph from it; saved views
 * store it as JSON.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define DOSSIER_TYPE_GRAPH_FILTER (dossier_graph_filter_get_type ())

typedef enum
{
  DOSSIER_GRAPH_RELATIONS_CO_MENTION = 1 << 0,  /* entities named in the same paragraph */
  DOSSIER_GRAPH_RELATIONS_TYPED      = 1 << 1,  /* supplements, organised-by, ... */
  DOSSIER_GRAPH_RELATIONS_ALL        = DOSSIER_GRAPH_RELATIONS_CO_MENTION | DOSSIER_GRAPH_RELATIONS_TYPED,
} DossierGraphRelations;

typedef enum
{
  DOSSIER_GRAPH_EGO_UNION,   /* everything within the depth of any centre */
  DOSSIER_GRAPH_EGO_COMMON,  /* only what lies within the depth of every centre: "what links these?" */
} DossierGraphEgoMode;

typedef struct _DossierGraphFilter DossierGraphFilter;

GType               dossier_graph_filter_get_type            (void) G_GNUC_CONST;

DossierGraphFilter *dossier_graph_filter_new                 (void);
DossierGraphFilter *dossier_graph_filter_copy                (const DossierGraphFilter *self);
void                dossier_graph_filter_free                (DossierGraphFilter       *self);
gboolean            dossier_graph_filter_equal               (const DossierGraphFilter *a,
                                                              const DossierGraphFilter *b);

/* Entity kinds to show (organisation, body, ...); none added means every kind. */
void                dossier_graph_filter_add_kind            (DossierGraphFilter       *self,
                                                              const char               *kind);
const char * const *dossier_graph_filter_get_kinds           (const DossierGraphFilter *self);
gboolean            dossier_graph_filter_accepts_kind        (const DossierGraphFilter *self,
                                                              const char               *kind);

/* Only what these documents say; none added means the whole corpus. */
void                dossier_graph_filter_add_document        (DossierGraphFilter       *self,
                                                              gint64                    document_id);
const gint64       *dossier_graph_filter_get_documents       (const DossierGraphFilter *self,
                                                              guint                    *n_documents);

/* Only documents dated within [from, to]; ISO 8601 dates, prefixes allowed
 * ("2003" is the whole year). NULL leaves that end open. Undated documents fall
 * outside any range. */
void                dossier_graph_filter_set_date_range      (DossierGraphFilter       *self,
                                                              const char               *from,
                                                              const char               *to);
const char         *dossier_graph_filter_get_date_from       (const DossierGraphFilter *self);
const char         *dossier_graph_filter_get_date_to         (const DossierGraphFilter *self);

/* Co-mention edges need at least this many paragraphs (default 1). Typed
 * relations are facts, not counts, and are kept whatever their weight. */
void                dossier_graph_filter_set_min_weight      (DossierGraphFilter       *self,
                                                              guint                     min_weight);
guint               dossier_graph_filter_get_min_weight      (const DossierGraphFilter *self);

void                dossier_graph_filter_set_relations       (DossierGraphFilter       *self,
                                                              DossierGraphRelations     relations);
DossierGraphRelations dossier_graph_filter_get_relations     (const DossierGraphFilter *self);

/* Entities whose extraction confidence is below @confidence are left out. */
void                dossier_graph_filter_set_min_confidence  (DossierGraphFilter       *self,
                                                              double                    confidence);
double              dossier_graph_filter_get_min_confidence  (const DossierGraphFilter *self);
/* Leaves out entities that only a phrase pattern found, unless the user accepted them. */
void                dossier_graph_filter_set_hide_patterns   (DossierGraphFilter       *self,
                                                              gboolean                  hide);
gboolean            dossier_graph_filter_get_hide_patterns   (const DossierGraphFilter *self);

/* Corpus documents as nodes ("doc:SYMBOL", or "doc:FILE" without a symbol),
 * linked to the entities they mention. Implied when a centre is a document. */
void                dossier_graph_filter_set_include_documents (DossierGraphFilter     *self,
                                                                gboolean                include);
gboolean            dossier_graph_filter_get_include_documents (const DossierGraphFilter *self);

/* An ego network: the centres (entity or document keys) and what lies within
 * @depth hops of them. No centre means the whole (filtered) corpus. */
void                dossier_graph_filter_add_centre          (DossierGraphFilter       *self,
                                                              const char               *key);
const char * const *dossier_graph_filter_get_centres         (const DossierGraphFilter *self);
void                dossier_graph_filter_set_depth           (DossierGraphFilter       *self,
                                                              guint                     depth);
guint               dossier_graph_filter_get_depth           (const DossierGraphFilter *self);
void                dossier_graph_filter_set_ego_mode        (DossierGraphFilter       *self,
                                                              DossierGraphEgoMode       mode);
DossierGraphEgoMode dossier_graph_filter_get_ego_mode        (const DossierGraphFilter *self);

/* Caps. @top_n keeps the N nodes of highest weighted degree (centres always stay);
 * 0 means no cap. @max_neighbours bounds how many new neighbours one node brings
 * into an ego network; the rest fold into one "+N more" node, until the user
 * expands that node (dossier_graph_filter_add_expanded). 0 means no bound. */
void                dossier_graph_filter_set_top_n           (DossierGraphFilter       *self,
                                                              guint                     top_n);
guint               dossier_graph_filter_get_top_n           (const DossierGraphFilter *self);
void                dossier_graph_filter_set_max_neighbours  (DossierGraphFilter       *self,
                                                              guint                     max_neighbours);
guint               dossier_graph_filter_get_max_neighbours  (const DossierGraphFilter *self);
void                dossier_graph_filter_add_expanded        (DossierGraphFilter       *self,
                                                              const char               *key);
gboolean            dossier_graph_filter_is_expanded         (const DossierGraphFilter *self,
                                                              const char               *key);

/* For saved views. Unknown members are ignored; wrong types are refused. */
JsonNode           *dossier_graph_filter_to_json             (const DossierGraphFilter *self);
DossierGraphFilter *dossier_graph_filter_new_from_json       (JsonNode                 *node,
                                                              GError                  **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierGraphFilter, dossier_graph_filter_free)

G_END_DECLS
