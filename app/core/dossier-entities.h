/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Reading the entities, mentions and relations of a corpus, and the user's
 * corrections to them. The corrections (rename, merge, hide, accept) are stored
 * with origin or flags that extraction never overwrites, so they survive a
 * re-import and `dossier-cli reindex`.
 */
#pragma once

#include "dossier-store.h"

G_BEGIN_DECLS

#define DOSSIER_ENTITY_ERROR (dossier_entity_error_quark ())

typedef enum
{
  DOSSIER_ENTITY_ERROR_NOT_FOUND,   /* no entity has that key, name or alias */
  DOSSIER_ENTITY_ERROR_AMBIGUOUS,   /* several entities answer to that name */
  DOSSIER_ENTITY_ERROR_INVALID,     /* a correction that cannot be made (merge into itself, empty name) */
} DossierEntityError;

typedef struct
{
  gint64     id;
  char      *key;             /* "org:unodc" */
  char      *kind;            /* organisation, body, resolution, instrument, initiative, meeting,
                               * document, place, person */
  char      *name;            /* the user's name for it if renamed, else the canonical name */
  char      *canonical_name;  /* the name extraction gave it */
  char      *short_name;      /* may be NULL */
  char      *origin;          /* gazetteer, pattern, user */
  double     confidence;
  gboolean   hidden;
  gboolean   accepted;
  guint      n_mentions;
  guint      n_documents;
  GPtrArray *aliases;         /* of char*; filled by find/get, empty in lists */
} DossierEntity;

typedef struct
{
  gint64  id;
  gint64  entity_id;
  char   *entity_key;
  char   *entity_kind;
  gint64  block_id;
  gint64  document_id;
  char   *document_symbol;    /* may be NULL */
  char   *document_title;
  char   *label;              /* the block's label, may be NULL */
  char   *citation;           /* "E/CN.4/2003/74, para. 16" */
  guint   start;              /* character offsets in the block text */
  guint   end;
  char   *surface;
  char   *recogniser;
} DossierMention;

typedef struct
{
  gint64  block_id;
  gint64  document_id;
  char   *citation;
  char   *text;               /* the block's text */
} DossierEvidence;

typedef struct
{
  gint64     id;
  gint64     source_id;
  char      *source_key;
  char      *source_name;
  char      *source_kind;
  gint64     target_id;
  char      *target_key;
  char      *target_name;
  char      *target_kind;
  char      *kind;            /* co-mention, supplements, custodian-of, ... */
  char      *verb;            /* may be NULL */
  char      *origin;          /* extracted, gazetteer, user */
  gboolean   directed;
  guint      weight;          /* number of evidence blocks */
  GPtrArray *evidence;        /* of DossierEvidence*; NULL unless asked for */
} DossierRelation;

GQuark          dossier_entity_error_quark          (void);

/* Entities with at least one mention, most mentioned first. @kind may be NULL;
 * @document_id 0 means the whole corpus. Hidden and merged-away entities are
 * left out unless @include_hidden. */
GPtrArray      *dossier_store_list_entities         (DossierStore *self,
                                                     const char   *kind,
                                                     gint64        document_id,
                                                     gboolean      include_hidden,
                                                     GError      **error);
DossierEntity  *dossier_store_get_entity            (DossierStore *self,
                                                     gint64        entity_id,
                                                     GError      **error);
/* By key, name, short name or alias, case-insensitive. When several entities
 * answer, fails with DOSSIER_ENTITY_ERROR_AMBIGUOUS and, if @candidates is
 * non-NULL, sets it to them (DossierEntity*). */
DossierEntity  *dossier_store_find_entity           (DossierStore *self,
                                                     const char   *ref,
                                                     GPtrArray   **candidates,
                                                     GError      **error);
/* The aliases of an entity and of the entities merged into it (char*), sorted. */
GPtrArray      *dossier_store_list_aliases          (DossierStore *self,
                                                     gint64        entity_id,
                                                     GError      **error);

/* Mentions of an entity (@document_id 0: everywhere), in document order. */
GPtrArray      *dossier_store_list_mentions         (DossierStore *self,
                                                     gint64        entity_id,
                                                     gint64        document_id,
                                                     GError      **error);
/* Every mention in a document, in block and offset order: for highlighting.
 * Mentions of entities the user hid are left out. */
GPtrArray      *dossier_store_list_document_mentions (DossierStore *self,
                                                      gint64        document_id,
                                                      GError      **error);

/* Relations with weight > 0 (@entity_id 0: all), heaviest first, with their
 * evidence when @with_evidence. */
GPtrArray      *dossier_store_list_relations        (DossierStore *self,
                                                     gint64        entity_id,
                                                     gboolean      with_evidence,
                                                     GError      **error);
GPtrArray      *dossier_store_list_evidence         (DossierStore *self,
                                                     gint64        relation_id,
                                                     GError      **error);

/* Corrections. Each is one transaction and survives re-import and reindex. */
gboolean        dossier_store_rename_entity         (DossierStore *self,
                                                     gint64        entity_id,
                                                     const char   *name,
                                                     GError      **error);
/* Moves every mention and relation of @from onto @into; @from stays as an alias. */
gboolean        dossier_store_merge_entities        (DossierStore *self,
                                                     gint64        from,
                                                     gint64        into,
                                                     GError      **error);
gboolean        dossier_store_set_entity_hidden     (DossierStore *self,
                                                     gint64        entity_id,
                                                     gboolean      hidden,
                                                     GError      **error);
gboolean        dossier_store_accept_entity         (DossierStore *self,
                                                     gint64        entity_id,
                                                     GError      **error);

void            dossier_entity_free                 (DossierEntity   *entity);
void            dossier_mention_free                (DossierMention  *mention);
void            dossier_evidence_free               (DossierEvidence *evidence);
void            dossier_relation_free               (DossierRelation *relation);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierEntity, dossier_entity_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierMention, dossier_mention_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierRelation, dossier_relation_free)

G_END_DECLS
