/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dossier-document.h"
#include "dossier-document-info.h"
#include "dossier-extractor.h"

G_BEGIN_DECLS

#define DOSSIER_STORE_ERROR (dossier_store_error_quark ())

typedef enum
{
  DOSSIER_STORE_ERROR_OPEN,          /* the file could not be opened or created */
  DOSSIER_STORE_ERROR_NOT_DOSSIER,   /* not an SQLite database, or another program's */
  DOSSIER_STORE_ERROR_NEWER_SCHEMA,  /* written by a newer Dossier */
  DOSSIER_STORE_ERROR_CORRUPT,       /* damaged database */
  DOSSIER_STORE_ERROR_READ_ONLY,     /* the file cannot be written */
  DOSSIER_STORE_ERROR_FULL,          /* the disk is full */
  DOSSIER_STORE_ERROR_BUSY,          /* another program holds the database too long */
  DOSSIER_STORE_ERROR_QUERY,         /* a search query that cannot be run */
  DOSSIER_STORE_ERROR_NOT_FOUND,     /* no such document, block, entity or draft */
  DOSSIER_STORE_ERROR_FAILED,        /* any other SQLite failure */
} DossierStoreError;

/* The schema this build writes; PRAGMA user_version holds it. */
#define DOSSIER_STORE_SCHEMA_VERSION 5
/* PRAGMA application_id of every Dossier database ("DOSS"). */
#define DOSSIER_STORE_APPLICATION_ID 0x444F5353

typedef enum
{
  DOSSIER_IMPORT_ADDED,      /* a new document */
  DOSSIER_IMPORT_UNCHANGED,  /* same content as stored: nothing written */
  DOSSIER_IMPORT_REPLACED,   /* same source name, new content: old version replaced */
} DossierImportOutcome;

typedef struct
{
  gint64  document_id;
  gint64  block_id;
  char   *document_symbol;  /* may be NULL */
  char   *document_title;
  char   *document_date;    /* may be NULL */
  char   *block_kind;
  char   *label;            /* may be NULL */
  char   *heading_path;     /* may be NULL */
  char   *citation;         /* "E/CN.4/2003/74, para. 16" */
  char   *snippet;          /* matched words between DOSSIER_SNIPPET_OPEN/CLOSE; NULL
                             * when not asked for yet (dossier_store_search_full()) */
  double  rank;             /* bm25: lower is better */
} DossierSearchHit;

/* Markers around matched words in DossierSearchHit.snippet; never in document text
 * (the importer drops control characters). */
#define DOSSIER_SNIPPET_OPEN  "\x02"
#define DOSSIER_SNIPPET_CLOSE "\x03"

typedef enum
{
  DOSSIER_SEARCH_PLAIN    = 0,       /* words and "phrases" as the user meant them; word* is a prefix */
  DOSSIER_SEARCH_ADVANCED = 1 << 0,  /* the string is an FTS5 query (NEAR, OR, NOT, columns) */
} DossierSearchFlags;

#define DOSSIER_TYPE_STORE (dossier_store_get_type ())

G_DECLARE_FINAL_TYPE (DossierStore, dossier_store, DOSSIER, STORE, GObject)

GQuark               dossier_store_error_quark        (void);

/* Opens or creates the database at @path. Refuses, and changes nothing in, a file
 * that is not a Dossier database or that a newer schema wrote. Before migrating an
 * older schema it copies the file to PATH.bak-vN. */
DossierStore        *dossier_store_open               (const char           *path,
                                                       GError              **error);
const char          *dossier_store_get_path           (DossierStore         *self);
/* TRUE when the database was created by this open (first run). */
gboolean             dossier_store_get_created        (DossierStore         *self);
int                  dossier_store_get_schema_version (DossierStore         *self);
/* TRUE when another connection (dossier-cli, an import thread) committed to the
 * corpus since the store opened or since the last call; commits through @self
 * do not count. Cheap enough to call from a timer every second. */
gboolean             dossier_store_poll_changes       (DossierStore         *self);
/* The raw handle, for the rest of app/core only (graph queries, drafts). */
gpointer             dossier_store_get_handle         (DossierStore         *self);

/* Transactions for app/core modules that write several statements together. */
gboolean             dossier_store_begin              (DossierStore         *self,
                                                       GError              **error);
gboolean             dossier_store_commit             (DossierStore         *self,
                                                       GError              **error);
void                 dossier_store_rollback           (DossierStore         *self);
/* Wraps the last SQLite error of the handle in a DOSSIER_STORE_ERROR. */
void                 dossier_store_set_error          (DossierStore         *self,
                                                       GError              **error,
                                                       const char           *what);

/* Import one file: parse, extract (when @extractor is non-NULL) and write it in one
 * transaction. Re-importing unchanged content is a no-op; a changed file replaces
 * its old version, keeping the document's id and the user's drafts. */
gboolean             dossier_store_import_file        (DossierStore         *self,
                                                       GFile                *file,
                                                       DossierExtractor     *extractor,
                                                       DossierImportOutcome *outcome,
                                                       gint64               *document_id,
                                                       GError              **error);
/* The same for an already parsed document; @content_hash identifies its content. */
gboolean             dossier_store_import_parsed      (DossierStore         *self,
                                                       DossierParsedDocument *doc,
                                                       const char           *content_hash,
                                                       DossierExtractor     *extractor,
                                                       DossierImportOutcome *outcome,
                                                       gint64               *document_id,
                                                       GError              **error);
/* The same with extraction already run on @doc (NULL: none), so that a caller
 * can parse and extract on other threads; only this call needs the store. */
gboolean             dossier_store_import_extracted   (DossierStore         *self,
                                                       DossierParsedDocument *doc,
                                                       const char           *content_hash,
                                                       DossierExtraction    *extraction,
                                                       DossierImportOutcome *outcome,
                                                       gint64               *document_id,
                                                       GError              **error);
/* A group of imports in one transaction, for a batch: each import of the group
 * is a savepoint, so a refused or failed file leaves the group as it was, and
 * nothing of the group is in the corpus (or seen by other connections) before
 * dossier_store_import_group_commit() returns TRUE. If it returns FALSE, none
 * of the group's files are. */
gboolean             dossier_store_import_group_begin    (DossierStore  *self,
                                                          GError       **error);
gboolean             dossier_store_import_group_commit   (DossierStore  *self,
                                                          GError       **error);
void                 dossier_store_import_group_rollback (DossierStore  *self);
/* Source name → content hash of every stored document; @hashes, when given,
 * receives the set of content hashes. */
GHashTable          *dossier_store_dup_content_hashes (DossierStore         *self,
                                                       GHashTable          **hashes);
/* Re-runs extraction over every stored document (after a gazetteer change). */
gboolean             dossier_store_reindex            (DossierStore         *self,
                                                       DossierExtractor     *extractor,
                                                       GError              **error);

/* A GListStore of DossierDocumentInfo, ordered by date then title. */
GListModel          *dossier_store_list_documents     (DossierStore         *self,
                                                       GError              **error);
guint                dossier_store_count_documents    (DossierStore         *self);
/* By id ("12"), symbol ("E/CN.4/2003/74", case-insensitive) or source file name. */
DossierDocumentInfo *dossier_store_find_document      (DossierStore         *self,
                                                       const char           *ref,
                                                       GError              **error);
DossierDocumentInfo *dossier_store_get_document       (DossierStore         *self,
                                                       gint64                id,
                                                       GError              **error);
/* The blocks of a document, in order (DossierBlock*, with id and seq set). */
GPtrArray           *dossier_store_get_blocks         (DossierStore         *self,
                                                       gint64                document_id,
                                                       GError              **error);
DossierBlock        *dossier_store_get_block          (DossierStore         *self,
                                                       gint64                block_id,
                                                       gint64               *document_id,
                                                       GError              **error);
gboolean             dossier_store_delete_document    (DossierStore         *self,
                                                       gint64                document_id,
                                                       GError              **error);

/* Full-text search: DossierSearchHit*, best first. */
GPtrArray           *dossier_store_search             (DossierStore         *self,
                                                       const char           *query,
                                                       DossierSearchFlags    flags,
                                                       guint                 limit,
                                                       GError              **error);
/* The same hits, with a snippet for the first @n_snippets of them only; the
 * others' snippet is NULL until dossier_store_search_snippets() fills it in
 * (a list shows its first rows at once and asks for the rest when shown). */
GPtrArray           *dossier_store_search_full        (DossierStore         *self,
                                                       const char           *query,
                                                       DossierSearchFlags    flags,
                                                       guint                 limit,
                                                       guint                 n_snippets,
                                                       GError              **error);
/* Fills in the missing snippets of @hits[@from … @to - 1], found by the same
 * @query and @flags; a hit whose paragraph is gone keeps a NULL snippet. */
gboolean             dossier_store_search_snippets    (DossierStore         *self,
                                                       const char           *query,
                                                       DossierSearchFlags    flags,
                                                       GPtrArray            *hits,
                                                       guint                 from,
                                                       guint                 to,
                                                       GError              **error);
/* The FTS5 expression a plain query becomes (exposed for tests and fuzzing). */
char                *dossier_store_build_fts_query    (const char           *query);
void                 dossier_search_hit_free          (DossierSearchHit     *hit);
/* A snippet with its markers replaced by @open and @close. */
char                *dossier_snippet_render           (const char           *snippet,
                                                       const char           *open,
                                                       const char           *close);

/* The citation of a block: "E/CN.4/2003/74, para. 16". */
char                *dossier_store_dup_citation       (DossierStore         *self,
                                                       gint64                block_id,
                                                       GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierSearchHit, dossier_search_hit_free)

G_END_DECLS
