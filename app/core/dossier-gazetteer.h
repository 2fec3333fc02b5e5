/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "dossier-matcher.h"

G_BEGIN_DECLS

#define DOSSIER_GAZETTEER_ERROR (dossier_gazetteer_error_quark ())

typedef enum
{
  DOSSIER_GAZETTEER_ERROR_READ,      /* the file could not be read */
  DOSSIER_GAZETTEER_ERROR_PARSE,     /* not JSON, or nested too deeply */
  DOSSIER_GAZETTEER_ERROR_INVALID,   /* JSON, but not a gazetteer (see data/README.md) */
} DossierGazetteerError;

typedef struct
{
  char      *key;          /* "org:unodc" */
  char      *kind;         /* organisation, body, resolution, ... */
  char      *name;
  char      *short_name;   /* may be NULL */
  char      *parent_key;   /* may be NULL */
  GPtrArray *aliases;      /* of char*: every other name it is matched by, former names included */
  GPtrArray *former_names; /* of char*: the subset of aliases that are former names */
} DossierGazetteerEntry;

typedef struct
{
  char     *source_key;
  char     *target_key;
  char     *kind;          /* "supplements", "custodian-of", ... */
  char     *verb;          /* may be NULL */
  gboolean  directed;
} DossierGazetteerRelation;

typedef struct _DossierGazetteer DossierGazetteer;

GQuark                          dossier_gazetteer_error_quark      (void);

DossierGazetteer               *dossier_gazetteer_new_from_file    (const char        *path,
                                                                    GError           **error);
DossierGazetteer               *dossier_gazetteer_new_from_data    (const char        *data,
                                                                    gssize             length,
                                                                    GError           **error);
void                            dossier_gazetteer_free             (DossierGazetteer  *self);

guint                           dossier_gazetteer_get_n_entries    (const DossierGazetteer *self);
const DossierGazetteerEntry    *dossier_gazetteer_get_entry        (const DossierGazetteer *self,
                                                                    guint                   index);
/* NULL when @key is not in the gazetteer. */
const DossierGazetteerEntry    *dossier_gazetteer_lookup           (const DossierGazetteer *self,
                                                                    const char             *key);
guint                           dossier_gazetteer_get_n_relations  (const DossierGazetteer *self);
const DossierGazetteerRelation *dossier_gazetteer_get_relation     (const DossierGazetteer *self,
                                                                    guint                   index);
/* Indices of the curated relations @key takes part in, as source or target;
 * NULL when none. */
GArray                         *dossier_gazetteer_get_relations_of (const DossierGazetteer *self,
                                                                    const char             *key);
/* The automaton over every name and alias; a match's value is an entry index. */
const DossierMatcher           *dossier_gazetteer_get_matcher      (const DossierGazetteer *self);

/* Whether @alias is matched case-sensitively by default: it has upper-case
 * letters and no lower-case ones ("ILO", "OSCE/ODIHR", "UN.GIFT"). */
gboolean                        dossier_gazetteer_alias_is_acronym (const char        *alias);
/* The kinds an entry may have, NULL-terminated. */
const char * const             *dossier_gazetteer_get_kinds        (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierGazetteer, dossier_gazetteer_free)

G_END_DECLS
