/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Linux (and other freedesktop systems): Flatpak bundle paths, PATH, signals. */
#define G_LOG_DOMAIN "tl-platform"

#include "config.h"

#include "tl-platform.h"

#include <signal.h>

/* Inside the Flatpak the engine is bundled under /app. */
#define FLATPAK_ENGINE "/app/bin/baresip"
#define FLATPAK_MODULES "/app/lib/baresip/modules"

char *
tl_platform_find_engine_binary (void)
{
  g_autofree char *in_path = NULL;

  if (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS)
      && g_file_test (FLATPAK_ENGINE, G_FILE_TEST_IS_EXECUTABLE))
    return g_strdup (FLATPAK_ENGINE);

  in_path = g_find_program_in_path ("baresip");
  if (in_path != NULL)
    return g_steal_pointer (&in_path);

  if (g_file_test ("/usr/bin/baresip", G_FILE_TEST_IS_EXECUTABLE))
    return g_strdup ("/usr/bin/baresip");
  return NULL;
}

char *
tl_platform_engine_module_dir (const char *engine_path)
{
  g_autofree char *bindir = NULL;
  g_autofree char *prefix = NULL;
  const char *multiarch[] = { "lib", "lib64", "lib/x86_64-linux-gnu", "lib/aarch64-linux-gnu" };

  if (engine_path == NULL)
    return g_strdup (TL_DEFAULT_ENGINE_MODULE_DIR);
  if (g_str_has_prefix (engine_path, "/app/"))
    return g_strdup (FLATPAK_MODULES);

  /* A locally built engine keeps its modules beside its prefix. */
  bindir = g_path_get_dirname (engine_path);
  prefix = g_path_get_dirname (bindir);
  for (guint i = 0; i < G_N_ELEMENTS (multiarch); i++)
    {
      g_autofree char *dir = g_build_filename (prefix, multiarch[i], "baresip", "modules", NULL);
      g_autofree char *probe = g_build_filename (dir, "ctrl_tcp.so", NULL);

      if (g_file_test (probe, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&dir);
    }
  return g_strdup (TL_DEFAULT_ENGINE_MODULE_DIR);
}

void
tl_platform_terminate_process (GSubprocess *process)
{
  g_subprocess_send_signal (process, SIGTERM);
}

const char *
tl_platform_name (void)
{
  return "Linux";
}
