/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "dossier-matcher.h"

G_BEGIN_DECLS

/*
 * The pattern recognisers the extractor runs over each block besides the
 * gazetteer: UN document symbols, resolution and decision numbers, acronym and
 * defined-term definitions, organisation-like phrases, people named with an
 * honorific, and typed relations read from the text's own phrasing. They work on
 * a DossierText's normalised characters; spans are normalised offsets until the
 * extractor turns them into source offsets.
 */

typedef struct
{
  guint       norm_start;
  guint       norm_end;
  char       *key;
  char       *kind;
  char       *name;         /* canonical name of the entity it stands for */
  const char *recogniser;   /* "symbol", "resolution", "phrase", "person" */
  double      confidence;
  guint       head_start;   /* phrases: the head word ("Committee") */
  guint       head_end;
  char       *organ_key;    /* resolutions: the organ the text names, NULL when implied */
  char       *verb;         /* resolutions: the words that name the organ */
} DossierCandidate;

void              dossier_candidate_free          (DossierCandidate *candidate);

/* A mention already found, as the later recognisers see it. */
typedef struct
{
  guint       norm_start;
  guint       norm_end;
  const char *key;
  const char *kind;
  const char *name;
} DossierSpan;

/* Symbols */

/* Appends a candidate for every UN document symbol in @text. */
void              dossier_recognise_symbols       (const DossierText *text,
                                                   GPtrArray         *candidates);
/* The entity key and kind of a normalised symbol: "res:A/RES/55/67" and
 * "resolution" for resolution symbols, "dec:..." for decisions, else "doc:...". */
char             *dossier_symbol_to_key           (const char        *symbol,
                                                   const char       **kind);

/* Resolutions, decisions, recommendations */

typedef struct
{
  /* The organ of a "2002/51"-style resolution when the text names none:
   * "CHR" in a Commission on Human Rights document, else "ECOSOC". */
  const char        *year_organ;
  /* What "the Commission" alone means in this document, or NULL. */
  const char        *commission_organ;
  /* Organ mentions in the block (sorted by position): the gazetteer's. */
  const DossierSpan *organs;
  guint              n_organs;
} DossierResolutionContext;

void              dossier_recognise_resolutions   (const DossierText              *text,
                                                   const DossierResolutionContext *context,
                                                   GPtrArray                      *candidates);
/* The organ code ("GA", "ECOSOC", "CHR", ...) of a gazetteer key, or NULL. */
const char       *dossier_organ_for_key           (const char        *key);

/* Definitions */

typedef struct
{
  guint    long_start;      /* the long form before the parenthesis; equal when none */
  guint    long_end;
  guint    short_start;     /* the acronym or defined term */
  guint    short_end;
  char    *short_text;
  gboolean is_acronym;      /* "(IOM)" rather than (the “Trafficking Protocol”) */
} DossierDefinition;

void              dossier_definition_free         (DossierDefinition *definition);
/* Appends every "Long Form (ACRONYM)" and (the “Defined Term”) in @text. */
void              dossier_find_definitions        (const DossierText *text,
                                                   GPtrArray         *definitions);

/* Organisation-like phrases */

void              dossier_recognise_phrases       (const DossierText *text,
                                                   GPtrArray         *candidates);
/* The kind and key prefix a phrase ending in @head has, or NULL if @head is not
 * a head word. */
const char       *dossier_kind_for_head           (const char        *head,
                                                   const char       **prefix);
char             *dossier_slugify                 (const char        *name);
/* "org:~vital-voices-global-partnership" for a name and kind. */
char             *dossier_pattern_key             (const char        *kind,
                                                   const char        *name);

/* People named with an honorific ("Ms. Rima Salah", "H.E. Mr. Vladimir Naumov");
 * the candidates carry no key: the extractor decides who they are. */
void              dossier_recognise_persons       (const DossierText *text,
                                                   GPtrArray         *candidates);

/* Organisation-like phrases and people at once: one tokenisation of @text
 * serves both. Either array may be NULL. */
void              dossier_recognise_names         (const DossierText *text,
                                                   GPtrArray         *phrases,
                                                   GPtrArray         *persons);

/* Typed relations from phrasing */

typedef struct
{
  char     *source_key;
  char     *target_key;
  char     *kind;
  char     *verb;
  gboolean  directed;
} DossierRelationCue;

void              dossier_relation_cue_free       (DossierRelationCue *cue);

/* Resolves "the Conference", "this Protocol", "the resolution": the most recent
 * mention before @norm_pos in the current block (or in an earlier block) whose
 * name contains @head and whose kind is one of @kinds. NULL if none. */
typedef const char *(*DossierAnaphorFunc) (gpointer            user_data,
                                           const char         *head,
                                           const char * const *kinds,
                                           guint               norm_pos);

typedef struct
{
  const char         *document_key;   /* the document's own node */
  DossierAnaphorFunc  anaphor;
  gpointer            user_data;
} DossierRelationContext;

/* Reads typed relations from @text given its mentions (sorted, not overlapping). */
void              dossier_read_relations          (const DossierText            *text,
                                                   const DossierSpan            *mentions,
                                                   guint                         n_mentions,
                                                   const DossierRelationContext *context,
                                                   GPtrArray                    *cues);

G_END_DECLS
