/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Where the engine executable and its modules are. */
#define G_LOG_DOMAIN "tl-engine"

#include "config.h"

#include "tl-engine-locate.h"

#include "tl-platform.h"

static const char *
nonempty_env (const char *name)
{
  const char *value = g_getenv (name);

  return (value != NULL && *value != '\0') ? value : NULL;
}

char *
tl_engine_locate_binary (void)
{
  const char *override = nonempty_env ("TRUNKLINE_ENGINE");

  return override != NULL ? g_strdup (override) : tl_platform_find_engine_binary ();
}

char *
tl_engine_locate_module_dir (const char *binary)
{
  const char *override = nonempty_env ("TRUNKLINE_ENGINE_MODULES");

  return override != NULL ? g_strdup (override) : tl_platform_engine_module_dir (binary);
}
