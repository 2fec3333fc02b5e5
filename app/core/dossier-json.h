/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <math.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* json-glib 1.6 writes a double that printf shows with an exponent as "1e-08.0",
 * which no JSON reader accepts (it appends ".0" to any number without a dot).
 * Every double Dossier writes goes through here: magnitudes below 1e-4 become
 * 0 and the rest are kept within ±1e15, where "%.17g" has no exponent. */
static inline double
dossier_json_safe_double (double value)
{
  if (!isfinite (value) || fabs (value) < 1e-4)
    return 0.0;
  return CLAMP (value, -1e15, 1e15);
}

static inline void
dossier_json_builder_add_double (JsonBuilder *builder,
                                 double       value)
{
  json_builder_add_double_value (builder, dossier_json_safe_double (value));
}

/* json-glib 1.6 accepts a text holding several top-level values, keeps the last
 * and leaks the others; JSON has one. TRUE when the text is one object, or
 * nothing but white space (which the parser reports as empty). */
gboolean dossier_json_is_one_object (const char *data,
                                     gsize       length);

G_END_DECLS
