/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dossier-template-tooltips.h"

void
dossier_set_template_tooltips (GtkWidget                    *owner,
                               GType                         owner_type,
                               const DossierTemplateTooltip *tooltips,
                               gsize                         n_tooltips)
{
  g_return_if_fail (GTK_IS_WIDGET (owner));

  for (gsize i = 0; i < n_tooltips; i++)
    {
      GObject *widget = gtk_widget_get_template_child (owner, owner_type, tooltips[i].id);

      g_assert (GTK_IS_WIDGET (widget));
      gtk_widget_set_tooltip_text (GTK_WIDGET (widget), _(tooltips[i].text));
    }
}
