/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "dossier-application.h"
#include "dossier-paths.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(DossierApplication) app = NULL;

  dossier_i18n_init ();

  app = dossier_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
