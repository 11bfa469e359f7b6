/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Entry point of the Trunkline desktop phone. */
#define G_LOG_DOMAIN "tl-ui"

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "tl-application.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(TlApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  /* The WM class and the process name: "trunkline" whatever the binary is called. */
  g_set_prgname ("trunkline");
  app = tl_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
