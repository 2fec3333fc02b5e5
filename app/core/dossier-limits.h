/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Every limit Dossier applies to untrusted input lives here, so that the
 * README, the fuzzers and the code agree. Change a number here and nowhere else.
 */
#pragma once

/* Largest file the importer reads, in bytes. */
#define DOSSIER_LIMIT_FILE_SIZE          (50 * 1024 * 1024)
/* Longest text kept in one block, in bytes; longer runs are cut at sentence ends. */
#define DOSSIER_LIMIT_BLOCK_BYTES        (16 * 1024)
/* Preferred size of a chunk when a text has no line structure (flattened PDF). */
#define DOSSIER_LIMIT_CHUNK_BYTES        (1200)
/* Most blocks one document may have. */
#define DOSSIER_LIMIT_BLOCKS_PER_DOC     (200000)
/* Deepest Markdown nesting (block quotes, lists) the importer follows. */
#define DOSSIER_LIMIT_NESTING_DEPTH      (32)
/* Most entity mentions recorded for one block. */
#define DOSSIER_LIMIT_MENTIONS_PER_BLOCK (256)
/* Longest search query accepted, in bytes. */
#define DOSSIER_LIMIT_QUERY_BYTES        (1024)
/* Deepest JSON nesting accepted from a file (gazetteer, drafts, saved views). */
#define DOSSIER_LIMIT_JSON_DEPTH         (64)
