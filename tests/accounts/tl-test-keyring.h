/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Runs a test program again inside a private D-Bus session with an unlocked GNOME Keyring and private XDG folders. */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>
#include <unistd.h>

/* The keyring's unlock password: a test value, not an account password. */
#define TL_TEST_KEYRING_UNLOCK "keyring-unlock-for-tests"

/* In the first run, re-executes the program under dbus-run-session with
 * gnome-keyring-daemon started on an empty home and returns only on failure.
 * In the re-executed run, returns the private home folder. */
static inline const char *
tl_test_keyring_session (int    argc,
                         char **argv)
{
  const char *home = g_getenv ("TL_TEST_KEYRING_HOME");
  g_autoptr(GPtrArray) args = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;

  if (home != NULL)
    return home;

  dir = g_dir_make_tmp ("tl-keyring-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("TL_TEST_KEYRING_HOME", dir, TRUE);
  g_setenv ("HOME", dir, TRUE);
  path = g_build_filename (dir, "data", NULL);
  g_setenv ("XDG_DATA_HOME", path, TRUE);
  g_free (path);
  path = g_build_filename (dir, "config", NULL);
  g_setenv ("XDG_CONFIG_HOME", path, TRUE);
  g_free (path);
  path = g_build_filename (dir, "cache", NULL);
  g_setenv ("XDG_CACHE_HOME", path, TRUE);
  g_free (path);
  path = g_build_filename (dir, "run", NULL);
  g_mkdir (path, 0700);
  g_setenv ("XDG_RUNTIME_DIR", path, TRUE);
  /* No display: nothing may try to show an unlock prompt. */
  g_unsetenv ("DISPLAY");
  g_unsetenv ("WAYLAND_DISPLAY");

  args = g_ptr_array_new ();
  g_ptr_array_add (args, (char *) "dbus-run-session");
  g_ptr_array_add (args, (char *) "--");
  g_ptr_array_add (args, (char *) "sh");
  g_ptr_array_add (args, (char *) "-c");
  /* --unlock reads the login keyring's password on stdin and creates the keyring
   * with it; an empty password would ask a (missing) prompter instead. */
  g_ptr_array_add (args, (char *) "eval \"$(printf %s '" TL_TEST_KEYRING_UNLOCK "'"
                                  " | gnome-keyring-daemon --unlock --components=secrets)\""
                                  " >/dev/null && exec \"$0\" \"$@\"");
  for (int i = 0; i < argc; i++)
    g_ptr_array_add (args, argv[i]);
  g_ptr_array_add (args, NULL);
  execvp ("dbus-run-session", (char **) args->pdata);
  g_error ("Cannot run dbus-run-session: %s", g_strerror (errno));
  return NULL;
}
