/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What every fuzz target shares. A target is one file, fuzz-NAME.c, that
 * defines LLVMFuzzerTestOneInput and nothing else public; tests/fuzz/meson.build
 * lists NAME once and builds it three ways: with libFuzzer under clang, with
 * fuzz-main.c as a plain replay program under gcc, and renamed into
 * test-fuzz-regressions so the normal suite replays every saved crash.
 */
#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

#include "dossier-document.h"
#include "dossier-extractor.h"

G_BEGIN_DECLS

int                LLVMFuzzerTestOneInput         (const uint8_t *data,
                                                   size_t         size);

/* Once per process: criticals abort (a g_return_if_fail that fires is a bug),
 * messages stay quiet so libFuzzer's output stays readable. */
void               dossier_fuzz_init              (void);
/* A folder of this process's own, removed at exit. */
const char        *dossier_fuzz_tmp_dir           (void);
/* The extractor with the bundled gazetteer, loaded once. */
DossierExtractor  *dossier_fuzz_bundled_extractor (void);
/* Writes @data to a file in the temporary folder and returns its path (owned by
 * the helper; the same @name is overwritten by the next call). */
const char        *dossier_fuzz_write_file        (const char    *name,
                                                   const uint8_t *data,
                                                   size_t         size);
/* A NUL-terminated copy of @data, made valid UTF-8 (what the importer hands on). */
char              *dossier_fuzz_valid_text        (const uint8_t *data,
                                                   size_t         size);
/* Aborts unless @doc keeps the promises of dossier-document.h and
 * dossier-limits.h: UTF-8 everywhere, known block kinds, no snippet markers,
 * no more blocks than the limit. */
void               dossier_fuzz_check_document    (const DossierParsedDocument *doc);
/* Aborts unless @error is a refusal as the importer gives it: an import error
 * with a UTF-8 message. */
void               dossier_fuzz_check_refusal     (const GError  *error);
/* A zip archive of the @n_entries files @names with @contents, stored without
 * compression and with correct checksums, so a fuzzer mutates the XML inside
 * rather than the container. Entries with empty contents are left out. */
GBytes            *dossier_fuzz_zip               (const char *const *names,
                                                   GBytes     *const *contents,
                                                   guint              n_entries);
/* Splits @data at NUL bytes into at most @max_parts parts (the last takes the
 * rest); a part beyond the data is empty. */
GPtrArray         *dossier_fuzz_split             (const uint8_t *data,
                                                   size_t         size,
                                                   guint          max_parts);
/* Whether @data is at most one JSON object or array (white space around it):
 * json-glib 1.6 leaks the earlier values of a text holding several, so the
 * app's readers refuse such text first, and a harness that parses JSON itself
 * must too. */
gboolean           dossier_fuzz_json_one_value    (const uint8_t *data,
                                                   size_t         size);
/* abort()s with @what when @condition is false, in every build type. */
#define DOSSIER_FUZZ_CHECK(condition, what) \
  G_STMT_START { if (G_UNLIKELY (!(condition))) dossier_fuzz_fail (G_STRLOC, what); } G_STMT_END

G_NORETURN void    dossier_fuzz_fail              (const char    *where,
                                                   const char    *what);

G_END_DECLS
