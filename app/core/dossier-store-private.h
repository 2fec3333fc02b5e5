/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * For the modules of app/core that run their own SQL against the corpus (entities,
 * graph, drafts, saved views). Nothing outside app/core includes this.
 */
#pragma once

#include <sqlite3.h>

#include "dossier-store.h"

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* A statement prepared once per store and kept: reset and unbound on each call.
 * Borrowed: do not finalize it. */
sqlite3_stmt *_dossier_store_prepare   (DossierStore *self,
                                        const char   *sql,
                                        GError      **error);
/* Runs SQL without results (no user text may be in it). */
gboolean      _dossier_store_exec      (DossierStore *self,
                                        const char   *sql,
                                        GError      **error);
/* sqlite3_column_text as a const char*, NULL for SQL NULL. */
const char   *_dossier_column_text     (sqlite3_stmt *stmt,
                                        int           column);
/* Binds a UTF-8 string, or NULL. */
void          _dossier_bind_text       (sqlite3_stmt *stmt,
                                        int           index,
                                        const char   *text);
/* The current time as ISO 8601 UTC. */
char         *_dossier_now_iso         (void);
/* Writes a document's extraction. @block_ids maps block indices to row ids. Must be
 * called inside a transaction. */
gboolean      _dossier_store_write_extraction (DossierStore            *self,
                                               gint64                   document_id,
                                               const DossierExtraction *extraction,
                                               const gint64            *block_ids,
                                               guint                    n_blocks,
                                               GError                 **error);
/* Recomputes the weights of the relations listed in temp.touched_relation from
 * their evidence and drops extracted relations left with none; with
 * @drop_orphans, also pattern entities nothing mentions any more (and that the
 * user did not touch). Inside a transaction. */
gboolean      _dossier_store_refresh_relations (DossierStore *self,
                                                gboolean      drop_orphans,
                                                GError      **error);
/* TRUE inside dossier_store_import_group_begin()/_commit(): the group notes
 * the relations its new blocks support when it commits. */
gboolean      _dossier_store_in_group          (DossierStore *self);
/* Within a group, key → what write_entity() last wrote for it; NULL outside
 * one. Emptied whenever something may have changed those rows (a file rolled
 * back, entities dropped). */
GHashTable   *_dossier_store_group_entities    (DossierStore *self);
/* Within a group, "source target kind" → the relation's id << 1, | 1 if it
 * has a verb; NULL outside one. Emptied like the entities. */
GHashTable   *_dossier_store_group_relations   (DossierStore *self);
/* Creates (if needed) and empties temp.touched_relation. */
gboolean      _dossier_store_reset_touched     (DossierStore *self,
                                                GError      **error);

/* The search's table of row lengths and kinds (dossier-store-search.c): how
 * many times it was read; without it, ranking and filtering take the per-row
 * paths (for the tests and the bench). */
guint64       _dossier_store_search_get_n_rank_loads (DossierStore *self);
void          _dossier_store_search_set_rank_cache   (DossierStore *self,
                                                      gboolean      enabled);
/* Forgets how many blocks each searched phrase matches (bm25's IDF), which
 * the search otherwise keeps until the corpus changes. */
void          _dossier_store_search_forget_counts    (DossierStore *self);
/* The end of a batch import (dossier-batch.c): the highest block id before
 * it, and after it, merging the full-text index into one segment when the
 * batch wrote a large share of the corpus's blocks, and storing the common
 * terms' counts of rows (search_term_count). A failure leaves both as they
 * were. The number of segments (-1 when unknown) and of merges
 * so far, for the tests. */
gint64        _dossier_store_search_get_last_block   (DossierStore *self);
gboolean      _dossier_store_search_optimize_after_batch (DossierStore *self,
                                                          gint64        last_block_before,
                                                          GError      **error);
gint64        _dossier_store_search_get_n_segments   (DossierStore *self);
guint         _dossier_store_search_get_n_optimizes  (DossierStore *self);
/* How many phrase counts the search took from search_term_count. */
guint64       _dossier_store_search_get_n_term_counts (DossierStore *self);

/* FALSE with @error set (a translated sentence) when @query is too long or
 * not valid UTF-8 to be searched for. */
gboolean      _dossier_store_check_query       (const char   *query,
                                                GError      **error);

G_END_DECLS
