/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The engine's version is asked before its first config is written, so that config
 * already speaks the version's dialect (a stand-in engine script, no real engine). */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "tl-engine.h"
#include "tl-paths.h"
#include "tl-test-engine.h"
#include "tl-test-trunk.h"

/* Prints a banner like the engine's, then stays up without ever answering. */
static char *
write_stand_in (const char *dir,
                const char *version)
{
  g_autofree char *path = g_build_filename (dir, "baresip", NULL);
  g_autofree char *script = g_strdup_printf ("#!/bin/sh\n"
                                             "echo 'baresip v%s Copyright (C) 2010 - 2025 Alfred E. Heggestad et al.'\n"
                                             "[ \"$1\" = \"-h\" ] && exit 0\n"
                                             "exec sleep 60\n", version);

  g_assert_true (g_file_set_contents (path, script, -1, NULL));
  g_assert_cmpint (g_chmod (path, 0700), ==, 0);
  return g_steal_pointer (&path);
}

static void
start_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  /* The stand-in never answers: the start is stopped, not finished. */
  tl_engine_start_finish (TL_ENGINE (source), result, NULL);
}

/* The config of the first run, written once the version is known. */
static char *
first_config (const char *binary,
              const char *modules)
{
  g_autoptr(TlEngine) engine = tl_engine_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  char *text = NULL;

  g_setenv ("TRUNKLINE_ENGINE", binary, TRUE);
  g_setenv ("TRUNKLINE_ENGINE_MODULES", modules, TRUE);
  tl_engine_start_async (engine, NULL, start_cb, NULL);
  TL_TEST_AWAIT (tl_engine_get_pid (engine) > 0, 5000, "engine %s, version %s",
                 tl_engine_state_to_string (tl_engine_get_state (engine)),
                 tl_engine_get_version (engine));
  path = g_build_filename (tl_engine_get_config_dir (engine), "config", NULL);
  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_true (tl_test_engine_stop (engine, 10000, &error));
  g_assert_no_error (error);
  return text;
}

static void
test_config_follows_version (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tl-probe-XXXXXX", NULL);
  g_autofree char *modules = g_build_filename (dir, "modules", NULL);
  g_autofree char *auconv = g_build_filename (modules, "auconv.so", NULL);
  g_autofree char *v4 = NULL;
  g_autofree char *v1 = NULL;
  g_autofree char *config4 = NULL;
  g_autofree char *config1 = NULL;
  g_autofree char *bin4 = g_build_filename (dir, "4", NULL);
  g_autofree char *bin1 = g_build_filename (dir, "1", NULL);

  g_assert_cmpint (g_mkdir_with_parents (modules, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (bin4, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (bin1, 0700), ==, 0);
  g_assert_true (g_file_set_contents (auconv, "", 0, NULL));
  v4 = write_stand_in (bin4, "4.10.0");
  v1 = write_stand_in (bin1, "1.0.0");

  config4 = first_config (v4, modules);
  g_assert_nonnull (strstr (config4, "sip_verify_server\tyes\n"));
  g_assert_nonnull (strstr (config4, "filter_registrar\tudp\n"));
  g_assert_nonnull (strstr (config4, "module\tauconv.so\n"));

  /* 1.0.0's config is the one it always had. */
  config1 = first_config (v1, modules);
  g_assert_null (strstr (config1, "sip_verify_server"));
  g_assert_null (strstr (config1, "filter_registrar"));
  g_unsetenv ("TRUNKLINE_ENGINE");
  g_unsetenv ("TRUNKLINE_ENGINE_MODULES");
  tl_paths_remove_tree (dir, NULL);
}

int
main (int argc, char **argv)
{
  g_autofree char *home = g_dir_make_tmp ("tl-probe-home-XXXXXX", NULL);
  g_autofree char *data_home = g_build_filename (home, "data", NULL);
  int status;

  g_test_init (&argc, &argv, NULL);
  /* Before GLib caches them: nothing of ours lands in the real home. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_unsetenv ("XDG_RUNTIME_DIR");
  g_test_add_func ("/engine-probe/config-follows-version", test_config_follows_version);
  status = g_test_run ();
  tl_paths_remove_tree (home, NULL);
  return status;
}
