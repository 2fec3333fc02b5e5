/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * What the recognisers found in one document, ready for the store to write in the
 * same transaction as the document's blocks. Block references are indices into
 * the parsed document's blocks array; offsets are in characters (code points) of
 * the block's text, end exclusive.
 */

typedef struct
{
  char      *key;          /* stable key: "org:unodc", "res:A/RES/55/67", "doc:E/CN.4/2003/74" */
  char      *kind;         /* organisation, body, resolution, instrument, initiative, meeting,
                            * document, place, person */
  char      *name;         /* canonical name */
  char      *short_name;   /* acronym or short name, may be NULL */
  char      *origin;       /* "gazetteer", "pattern" */
  char      *parent_key;   /* may be NULL */
  double     confidence;   /* 1.0 for gazetteer and symbols; lower for phrase patterns */
  GPtrArray *aliases;      /* of char*, may be empty */
} DossierEntityDef;

typedef struct
{
  guint  block_index;
  guint  start;            /* character offsets in the block text */
  guint  end;
  char  *entity_key;
  char  *surface;          /* the text as it stands */
  char  *recogniser;       /* "gazetteer", "symbol", "resolution", "acronym", "phrase" */
} DossierMentionDef;

typedef struct
{
  char    *source_key;
  char    *target_key;
  char    *kind;           /* "co-mention", "supplements", "custodian-of", "established-by", ... */
  char    *verb;           /* the phrase that produced it, may be NULL */
  gboolean directed;
  char    *origin;         /* "extracted", "gazetteer" */
  GArray  *evidence;       /* of guint block indices, each at most once */
} DossierRelationDef;

typedef struct
{
  GPtrArray *entities;     /* of DossierEntityDef*: every key that a mention or relation uses */
  GPtrArray *mentions;     /* of DossierMentionDef* */
  GPtrArray *relations;    /* of DossierRelationDef* */
} DossierExtraction;

DossierExtraction  *dossier_extraction_new            (void);
void                dossier_extraction_free           (DossierExtraction *extraction);
DossierEntityDef   *dossier_entity_def_new            (const char *key,
                                                       const char *kind,
                                                       const char *name,
                                                       const char *origin);
void                dossier_entity_def_free           (DossierEntityDef *def);
DossierMentionDef  *dossier_mention_def_new           (guint       block_index,
                                                       guint       start,
                                                       guint       end,
                                                       const char *entity_key,
                                                       const char *surface,
                                                       const char *recogniser);
void                dossier_mention_def_free          (DossierMentionDef *def);
DossierRelationDef *dossier_relation_def_new          (const char *source_key,
                                                       const char *target_key,
                                                       const char *kind,
                                                       const char *origin);
void                dossier_relation_def_add_evidence (DossierRelationDef *def,
                                                       guint               block_index);
void                dossier_relation_def_free         (DossierRelationDef *def);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierExtraction, dossier_extraction_free)

G_END_DECLS
