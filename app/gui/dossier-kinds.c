/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dossier-kinds.h"
#include "dossier-locale.h"

typedef struct
{
  const char *kind;
  const char *label;
  const char *plural;
  const char *light;  /* on a white page */
  const char *dark;   /* on a dark grey page */
} KindInfo;

/* Colours from the GNOME palette: the darker shades for light style, the lighter
 * ones for dark style. A mark never relies on colour alone: it is underlined too,
 * and the tooltip names the kind. */
static const KindInfo kinds[] = {
  { "organisation", NC_("entity kind", "Organisation"), NC_("entity kinds", "Organisations"), "#1c71d8", "#62a0ea" },
  { "body",         NC_("entity kind", "Body"),         NC_("entity kinds", "Bodies"),        "#813d9c", "#dc8add" },
  { "resolution",   NC_("entity kind", "Resolution"),   NC_("entity kinds", "Resolutions"),   "#c64600", "#ffa348" },
  { "instrument",   NC_("entity kind", "Instrument"),   NC_("entity kinds", "Instruments"),   "#26a269", "#57e389" },
  { "initiative",   NC_("entity kind", "Initiative"),   NC_("entity kinds", "Initiatives"),   "#1a7f8c", "#5bc8d6" },
  { "meeting",      NC_("entity kind", "Meeting"),      NC_("entity kinds", "Meetings"),      "#865e3c", "#cdab8f" },
  { "document",     NC_("entity kind", "Document"),     NC_("entity kinds", "Documents"),     "#5e5c64", "#c0bfbc" },
  { "place",        NC_("entity kind", "Place"),        NC_("entity kinds", "Places"),        "#a51d2d", "#f66151" },
  { "person",       NC_("entity kind", "Person"),       NC_("entity kinds", "People"),        "#9c6e03", "#f8e45c" },
};

static const struct {
  const char *kind;
  const char *label;
} relation_kinds[] = {
  { "co-mention",      NC_("relation kind", "Mentioned together") },
  { "supplements",     NC_("relation kind", "Supplements") },
  { "custodian-of",    NC_("relation kind", "Custodian of") },
  { "established-by",  NC_("relation kind", "Established by") },
  { "organised-by",    NC_("relation kind", "Organised by") },
  { "adopted-by",      NC_("relation kind", "Adopted by") },
  { "reports-to",      NC_("relation kind", "Reports to") },
  { "cooperates-with", NC_("relation kind", "Cooperates with") },
  { "initiated-by",    NC_("relation kind", "Initiated by") },
  { "part-of",         NC_("relation kind", "Part of") },
  { "mentions",        NC_("relation kind", "Mentions") },
  { "coordinated-by",  NC_("relation kind", "Coordinated by") },
  { "replaces",        NC_("relation kind", "Replaces") },
  { "issued-by",       NC_("relation kind", "Issued by") },
  { "submitted-to",    NC_("relation kind", "Submitted to") },
  { "published-in",    NC_("relation kind", "Published in") },
  { "requests",        NC_("relation kind", "Requests") },
  { "mandated-by",     NC_("relation kind", "Mandated by") },
  { "launched-by",     NC_("relation kind", "Launched by") },
  { "hosted-by",       NC_("relation kind", "Hosted by") },
  { "session-of",      NC_("relation kind", "Session of") },
  { "member",          NC_("relation kind", "Member of") },
  { "funded-by",       NC_("relation kind", "Funded by") },
  { "report-of",       NC_("relation kind", "Report of") },
};

static const struct {
  const char *kind;
  const char *label;
} document_kinds[] = {
  { "report",        NC_("document kind", "Report") },
  { "note",          NC_("document kind", "Note") },
  { "aide-memoire",  NC_("document kind", "Aide-mémoire") },
  { "concept paper", NC_("document kind", "Concept paper") },
  { "summary",       NC_("document kind", "Summary") },
  { "resolution",    NC_("document kind", "Resolution") },
  { "press release", NC_("document kind", "Press release") },
  { "treaty",        NC_("document kind", "Treaty") },
  { "decision",      NC_("document kind", "Decision") },
  { "document",      NC_("document kind", "Document") },
};

static const KindInfo *
lookup (const char *kind)
{
  for (guint i = 0; kind != NULL && i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kinds[i].kind, kind))
      return &kinds[i];
  return NULL;
}

const char * const *
dossier_kinds_list (void)
{
  static const char *list[G_N_ELEMENTS (kinds) + 1];

  if (list[0] == NULL)
    for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
      list[i] = kinds[i].kind;
  return list;
}

const char *
dossier_kinds_get_label (const char *kind)
{
  const KindInfo *info = lookup (kind);

  if (info == NULL)
    return kind != NULL ? kind : "";
  return g_dpgettext2 (GETTEXT_PACKAGE, "entity kind", info->label);
}

const char *
dossier_kinds_get_plural (const char *kind)
{
  const KindInfo *info = lookup (kind);

  if (info == NULL)
    return kind != NULL ? kind : "";
  return g_dpgettext2 (GETTEXT_PACKAGE, "entity kinds", info->plural);
}

void
dossier_kinds_get_color (const char *kind,
                         gboolean    dark,
                         GdkRGBA    *color)
{
  const KindInfo *info = lookup (kind);

  if (info == NULL)
    gdk_rgba_parse (color, dark ? "#deddda" : "#3d3846");
  else
    gdk_rgba_parse (color, dark ? info->dark : info->light);
}

const char *
dossier_kinds_get_relation_label (const char *relation_kind)
{
  for (guint i = 0; relation_kind != NULL && i < G_N_ELEMENTS (relation_kinds); i++)
    if (g_str_equal (relation_kinds[i].kind, relation_kind))
      return g_dpgettext2 (GETTEXT_PACKAGE, "relation kind", relation_kinds[i].label);
  return relation_kind != NULL ? relation_kind : "";
}

const char *
dossier_kinds_get_document_label (const char *document_kind)
{
  for (guint i = 0; document_kind != NULL && i < G_N_ELEMENTS (document_kinds); i++)
    if (g_str_equal (document_kinds[i].kind, document_kind))
      return g_dpgettext2 (GETTEXT_PACKAGE, "document kind", document_kinds[i].label);
  return document_kind != NULL ? document_kind : "";
}

char *
dossier_kinds_format_documents (guint n)
{
  return g_strdup_printf (dossier_locale_grouped (ngettext ("%u document", "%u documents", n)), n);
}
