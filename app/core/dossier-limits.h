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
/* Word and OpenDocument files are ZIP archives: most entries, largest entry
 * read once inflated, and most bytes inflated in all, which may also be at
 * most RATIO times the archive (with a floor of ENTRY_FLOOR for tiny files). */
#define DOSSIER_LIMIT_ARCHIVE_ENTRIES     (10000)
#define DOSSIER_LIMIT_ARCHIVE_ENTRY_BYTES (128 * 1024 * 1024)
#define DOSSIER_LIMIT_ARCHIVE_TOTAL_BYTES (192 * 1024 * 1024)
#define DOSSIER_LIMIT_ARCHIVE_RATIO       (100)
#define DOSSIER_LIMIT_ARCHIVE_FLOOR       (4 * 1024 * 1024)
/* Most pages read from one PDF. */
#define DOSSIER_LIMIT_PDF_PAGES           (5000)
/* Deepest element nesting followed in Word, OpenDocument and HTML files. */
#define DOSSIER_LIMIT_XML_DEPTH           (128)
