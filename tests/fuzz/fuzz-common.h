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
/* abort()s with @what when @condition is false, in every build type. */
#define DOSSIER_FUZZ_CHECK(condition, what) \
  G_STMT_START { if (G_UNLIKELY (!(condition))) dossier_fuzz_fail (G_STRLOC, what); } G_STMT_END

G_NORETURN void    dossier_fuzz_fail              (const char    *where,
                                                   const char    *what);

G_END_DECLS
