/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A template child's tooltip, given after the window's first frame: GTK 4.8
 * asks the X server where the pointer is for every tooltip set on a shown
 * widget, and in a template those round trips hold back the first frame.
 * The text is marked for extraction only, and translated when it is set. */
typedef struct
{
  const char *id;    /* the template child */
  const char *text;
} DossierTemplateTooltip;

/* Sets each tooltip on @owner's template child of that id (@owner_type is
 * the class whose template binds it). */
void dossier_set_template_tooltips (GtkWidget                    *owner,
                                    GType                         owner_type,
                                    const DossierTemplateTooltip *tooltips,
                                    gsize                         n_tooltips);

G_END_DECLS
