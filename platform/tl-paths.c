/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Trunkline's folders, from GLib's portable XDG lookups. */
#define G_LOG_DOMAIN "tl-platform"

#include "config.h"

#include "tl-paths.h"

#include <errno.h>
#include <string.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

/* Unix socket paths are limited to ~100 bytes; a runtime folder deeper than this
 * leaves no room for the sockets that live below it, so fall back to the temp dir. */
#define TL_PATHS_MAX_BASE 60

char *
tl_paths_config_dir (void)
{
  return g_build_filename (g_get_user_config_dir (), "trunkline", NULL);
}

char *
tl_paths_data_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "trunkline", NULL);
}

/* A fresh 0700 folder for one engine run: under $XDG_RUNTIME_DIR when it is set
 * (and short enough), otherwise a private folder of our own in the temp dir. */
char *
tl_paths_make_private_dir (const char  *prefix,
                           GError     **error)
{
  const char *runtime = g_getenv ("XDG_RUNTIME_DIR");
  g_autofree char *tmpl = g_strdup_printf ("%s-XXXXXX", prefix);

  if (runtime != NULL && *runtime != '\0' && g_path_is_absolute (runtime)
      && strlen (runtime) < TL_PATHS_MAX_BASE
      && g_file_test (runtime, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *base = g_build_filename (runtime, "trunkline", NULL);
      g_autofree char *path = NULL;

      if (g_mkdir_with_parents (base, 0700) != 0)
        {
          int saved = errno;
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                       "Cannot create %s: %s", base, g_strerror (saved));
          return NULL;
        }
      path = g_build_filename (base, tmpl, NULL);
      if (g_mkdtemp_full (path, 0700) == NULL)
        {
          int saved = errno;
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                       "Cannot create a private folder in %s: %s", base, g_strerror (saved));
          return NULL;
        }
      return g_steal_pointer (&path);
    }

  /* g_dir_make_tmp creates the folder with mode 0700. */
  return g_dir_make_tmp (tmpl, error);
}

static gboolean
remove_children (GFile         *dir,
                 GError       **error)
{
  g_autoptr(GFileEnumerator) children = NULL;

  children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                        G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, error);
  if (children == NULL)
    return FALSE;

  for (;;)
    {
      GFileInfo *info = NULL;
      GFile *child = NULL;

      if (!g_file_enumerator_iterate (children, &info, &child, NULL, error))
        return FALSE;
      if (info == NULL)
        break;
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY
          && !remove_children (child, error))
        return FALSE;
      if (!g_file_delete (child, NULL, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
tl_paths_remove_tree (const char  *path,
                      GError     **error)
{
  g_autoptr(GFile) dir = NULL;

  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_DIR))
    return TRUE;
  dir = g_file_new_for_path (path);
  return remove_children (dir, error) && g_file_delete (dir, NULL, error);
}
