/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* An SQL expression that sorts @expr (a string literal of SQL) in the order
 * of the current LC_COLLATE: its collation key (g_utf8_collate_key) as a
 * BLOB, from a function every store connection has. Use it in ORDER BY only,
 * followed by the expression itself for names that collate the same;
 * lookups and equality keep COLLATE NOCASE.
 *   " ORDER BY " DOSSIER_LOCALE_SORT_KEY ("e.name") ", e.name" */
#define DOSSIER_LOCALE_SORT_KEY_FUNCTION "dossier_sort_key"
#define DOSSIER_LOCALE_SORT_KEY(expr) DOSSIER_LOCALE_SORT_KEY_FUNCTION "(" expr ")"

/* Compares two names for sorting in the order of the current locale's
 * LC_COLLATE ("Ecole" < "Équipe" < "éte" < "Zeta" in French), with byte order
 * deciding between names that collate the same. NULL sorts first; text that is
 * not UTF-8 sorts by bytes. */
int               dossier_locale_compare              (const char   *a,
                                                       const char   *b);
/* The same for counted strings, as SQLite hands them over. */
int               dossier_locale_compare_len          (const char   *a,
                                                       gsize         a_len,
                                                       const char   *b,
                                                       gsize         b_len);

/* A cache of collation keys (g_utf8_collate_key) for one SQLite connection,
 * dropped when LC_COLLATE changes; thread-safe. */
typedef struct _DossierCollator DossierCollator;

DossierCollator  *dossier_collator_new                (void);
void              dossier_collator_free               (DossierCollator *collator);
/* The collation key of @len bytes of @text, NUL-terminated (the keys of two
 * names compare with strcmp() as the names collate); NULL when @text is not
 * UTF-8 or holds a NUL. */
char             *dossier_collator_dup_key            (DossierCollator *collator,
                                                       const char      *text,
                                                       gsize            len,
                                                       gsize           *key_len);

/* A printf format with the grouping flag (') added to every integer
 * conversion, so that numbers come out grouped as LC_NUMERIC says: "1,234"
 * in English, "1 234" in French (with a narrow no-break space). Meant for
 * translated formats: the catalogues keep their plain %u and %d.
 * For example, with a count's translated singular and plural formats:
 *   g_strdup_printf (dossier_locale_grouped (<the plural form for n>), n)
 * The result is interned: never free it. */
const char       *dossier_locale_grouped              (const char   *format) G_GNUC_FORMAT (1);

/* A number on its own, grouped for the locale: "1,234". */
char             *dossier_locale_format_number        (gint64        number);

/* A moment as stored ("2026-11-30T09:15:00Z", UTC) in the local time zone,
 * written for the interface's language: "30 November 2026, 10:15". Text that
 * is not such a moment comes back unchanged; NULL gives NULL. */
char             *dossier_locale_format_timestamp     (const char   *iso8601);

typedef enum
{
  DOSSIER_TEXT_NEUTRAL,
  DOSSIER_TEXT_LTR,
  DOSSIER_TEXT_RTL,
} DossierTextDirection;

/* The direction of a text's first letter (Unicode's "first strong" rule, by
 * script): RTL for Arabic, Hebrew, Syriac, Thaana and N'Ko, LTR for any
 * other, NEUTRAL when it has none (digits, punctuation). */
DossierTextDirection dossier_locale_text_direction    (const char   *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierCollator, dossier_collator_free)

G_END_DECLS
