/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window's preferences (org.trunkline.Trunkline), installed or from the build tree. */

#define G_LOG_DOMAIN "tl-ui"

#include "config.h"

#include "tl-settings.h"

GSettings *
tl_settings_new (void)
{
  GSettingsSchemaSource *installed = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GError) error = NULL;

  if (installed != NULL)
    schema = g_settings_schema_source_lookup (installed, TL_APP_ID, TRUE);

#ifdef TL_BUILD_SCHEMA_DIR
  /* Run from the build tree (the README's run command): the schema compiled there. */
  if (schema == NULL)
    {
      g_autoptr(GSettingsSchemaSource) built =
        g_settings_schema_source_new_from_directory (TL_BUILD_SCHEMA_DIR, installed, FALSE, &error);

      if (built != NULL)
        schema = g_settings_schema_source_lookup (built, TL_APP_ID, FALSE);
    }
#endif

  if (schema == NULL)
    g_error ("The settings schema %s is not installed%s%s", TL_APP_ID,
             error != NULL ? ": " : "", error != NULL ? error->message : "");

  return g_settings_new_full (schema, NULL, NULL);
}
