/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Scratch folders for one test each, and keeping their logs when the test fails, however it fails. */
#define G_LOG_DOMAIN "tl-test"

#include "config.h"

#include "tl-test-trunk.h"
#include "tl-test-private.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

/* The test program's own log (every GLib message, debug included, so the
 * engine's redacted output too) goes to this file in the newest scratch folder. */
#define OWN_LOG_NAME "test.log"

/* A failed assertion aborts the program and a test killed at meson's timeout
 * gets SIGTERM: neither runs the teardown that keeps the logs. So each live
 * folder is recorded here, with its destination worked out in advance, and the
 * copy below uses only system calls and fixed buffers, as a signal handler may. */
#define MAX_SCRATCH 8
#define PATH_CHARS 1024

typedef struct {
  char                   dir[PATH_CHARS];
  char                   dest[PATH_CHARS];
  char                   name[256];
  volatile sig_atomic_t  in_use;
  volatile sig_atomic_t  kept;
} ScratchSlot;

static ScratchSlot slots[MAX_SCRATCH];
static GMutex slots_lock;
static volatile sig_atomic_t own_log_fd = -1;
static ScratchSlot *own_log_slot;   /* the folder the own log is in */
static gsize writer_installed;

/* ---- copying without allocating ----------------------------------------------- */

static gboolean
join_raw (char       *out,
          gsize       size,
          const char *a,
          const char *sep,
          const char *b)
{
  gsize la = strlen (a), ls = strlen (sep), lb = strlen (b);

  if (la + ls + lb + 1 > size)
    return FALSE;
  memcpy (out, a, la);
  memcpy (out + la, sep, ls);
  memcpy (out + la + ls, b, lb + 1);
  return TRUE;
}

static void
make_dirs_raw (const char *path)
{
  char buf[PATH_CHARS];
  gsize len = strlen (path);

  if (len + 1 > sizeof buf)
    return;
  memcpy (buf, path, len + 1);
  for (char *p = buf + 1; *p != '\0'; p++)
    {
      if (*p == '/')
        {
          *p = '\0';
          mkdir (buf, 0755);
          *p = '/';
        }
    }
  mkdir (buf, 0755);
}

static void
copy_file_raw (const char *from,
               const char *to)
{
  char buf[8192];
  int in = open (from, O_RDONLY | O_CLOEXEC);
  int out;
  ssize_t n;

  if (in < 0)
    return;
  out = open (to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (out >= 0)
    {
      while ((n = read (in, buf, sizeof buf)) > 0)
        {
          if (write (out, buf, (size_t) n) != n)
            break;
        }
      close (out);
    }
  close (in);
}

/* Every *.log under @dir, flattened into @dest as "<subdir>-<name>". */
static void
collect_logs_raw (const char *dir,
                  const char *prefix,
                  const char *dest,
                  guint       depth)
{
  DIR *d = opendir (dir);
  struct dirent *entry;

  if (d == NULL)
    return;
  while ((entry = readdir (d)) != NULL)
    {
      char path[PATH_CHARS];
      char flat[PATH_CHARS];
      char target[PATH_CHARS];
      struct stat st;
      gsize len = strlen (entry->d_name);

      if (strcmp (entry->d_name, ".") == 0 || strcmp (entry->d_name, "..") == 0)
        continue;
      if (!join_raw (path, sizeof path, dir, "/", entry->d_name))
        continue;
      if (prefix[0] != '\0' ? !join_raw (flat, sizeof flat, prefix, "-", entry->d_name)
                            : !join_raw (flat, sizeof flat, "", "", entry->d_name))
        continue;
      if (lstat (path, &st) != 0)
        continue;
      if (S_ISDIR (st.st_mode) && depth < 4)
        collect_logs_raw (path, flat, dest, depth + 1);
      else if (S_ISREG (st.st_mode) && len > 4 && strcmp (entry->d_name + len - 4, ".log") == 0
               && join_raw (target, sizeof target, dest, "/", flat))
        copy_file_raw (path, target);
    }
  closedir (d);
}

static void
write_raw (int         fd,
           const char *text)
{
  if (fd >= 0 && write (fd, text, strlen (text)) < 0)
    return;
}

static void
keep_slot_raw (ScratchSlot *slot)
{
  if (!slot->in_use || slot->kept)
    return;
  slot->kept = TRUE;
  make_dirs_raw (slot->dest);
  collect_logs_raw (slot->dir, "", slot->dest, 0);
  write_raw (STDERR_FILENO, "# logs of ");
  write_raw (STDERR_FILENO, slot->name);
  write_raw (STDERR_FILENO, " kept in ");
  write_raw (STDERR_FILENO, slot->dest);
  write_raw (STDERR_FILENO, "\n");
}

void
tl_test_scratch_keep_all_raw (void)
{
  for (guint i = 0; i < MAX_SCRATCH; i++)
    keep_slot_raw (&slots[i]);
}

void
tl_test_keep_logs_now (void)
{
  g_mutex_lock (&slots_lock);
  tl_test_scratch_keep_all_raw ();
  g_mutex_unlock (&slots_lock);
}

void
tl_test_log_line_raw (const char *text)
{
  write_raw (own_log_fd, text);
  write_raw (own_log_fd, "\n");
}

/* ---- the test program's own log --------------------------------------------- */

static GLogWriterOutput
log_writer (GLogLevelFlags   level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  int fd = own_log_fd;

  if (fd >= 0)
    {
      g_autofree char *line = g_log_writer_format_fields (level, fields, n_fields, FALSE);
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *stamp = g_date_time_format (now, "%H:%M:%S.%f");
      g_autofree char *record = g_strdup_printf ("%.12s %s\n", stamp, line);

      write_raw (fd, record);
    }
  return g_log_writer_default (level, fields, n_fields, user_data);
}

static void
open_own_log (ScratchSlot *slot)
{
  g_autofree char *path = g_build_filename (slot->dir, OWN_LOG_NAME, NULL);
  int fd = open (path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  int old = own_log_fd;

  own_log_fd = fd;
  own_log_slot = slot;
  if (old >= 0)
    close (old);
  if (g_once_init_enter (&writer_installed))
    {
      g_log_set_writer_func (log_writer, NULL, NULL);
      g_once_init_leave (&writer_installed, 1);
    }
}

/* ---- scratch folders ------------------------------------------------------ */

static char *
sanitize_test_name (const char *test_name)
{
  GString *name = g_string_new (NULL);

  for (const char *p = test_name ? test_name : "test"; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '-' || *p == '_' || *p == '.')
        g_string_append_c (name, *p);
      else if (name->len > 0 && name->str[name->len - 1] != '-')
        g_string_append_c (name, '-');
    }
  while (name->len > 0 && name->str[name->len - 1] == '-')
    g_string_truncate (name, name->len - 1);
  if (name->len == 0)
    g_string_append (name, "test");
  return g_string_free (name, FALSE);
}

static ScratchSlot *
remember_slot (const char *dir,
               const char *name)
{
  const char *builddir = g_getenv ("TL_TEST_BUILDDIR");
  g_autofree char *dest = g_build_filename (builddir ? builddir : ".", "logs", name, NULL);
  g_autofree char *absolute = g_canonicalize_filename (dest, NULL);
  ScratchSlot *found = NULL;

  g_mutex_lock (&slots_lock);
  for (guint i = 0; i < MAX_SCRATCH; i++)
    {
      ScratchSlot *slot = &slots[i];

      if (slot->in_use)
        continue;
      g_strlcpy (slot->dir, dir, sizeof slot->dir);
      g_strlcpy (slot->dest, absolute, sizeof slot->dest);
      g_strlcpy (slot->name, name, sizeof slot->name);
      slot->kept = FALSE;
      slot->in_use = TRUE;
      found = slot;
      break;
    }
  g_mutex_unlock (&slots_lock);
  if (found == NULL)
    g_error ("more than %d scratch folders at once", MAX_SCRATCH);
  return found;
}

static ScratchSlot *
find_slot (const char *dir)
{
  for (guint i = 0; i < MAX_SCRATCH; i++)
    {
      if (slots[i].in_use && strcmp (slots[i].dir, dir) == 0)
        return &slots[i];
    }
  return NULL;
}

char *
tl_test_scratch_new (const char *test_name)
{
  /* Directly under /tmp (not $TMPDIR): PulseAudio's socket path inside it must
   * stay below the 108-byte sun_path limit. */
  g_autofree char *dir = g_strdup ("/tmp/tl-XXXXXX");
  g_autofree char *name = sanitize_test_name (test_name);

  tl_test_install_emergency_handlers ();
  if (g_mkdtemp (dir) == NULL)
    g_error ("cannot create a scratch folder under /tmp: %s", g_strerror (errno));
  open_own_log (remember_slot (dir, name));
  return g_steal_pointer (&dir);
}

static void
remove_tree (const char *path)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return;
  if (S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) d = g_dir_open (path, 0, NULL);
      const char *entry;

      while (d != NULL && (entry = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, entry, NULL);
          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    {
      g_unlink (path);
    }
}

void
tl_test_scratch_finish (const char *scratch_dir,
                        gboolean    failed)
{
  ScratchSlot *slot;

  if (scratch_dir == NULL || !g_str_has_prefix (scratch_dir, "/tmp/tl-"))
    return;

  g_mutex_lock (&slots_lock);
  slot = find_slot (scratch_dir);
  if (slot != NULL && (failed || g_getenv ("TL_TEST_KEEP_SCRATCH") != NULL))
    keep_slot_raw (slot);
  if (slot != NULL && slot == own_log_slot)
    {
      int fd = own_log_fd;

      own_log_fd = -1;
      own_log_slot = NULL;
      close (fd);
    }
  if (slot != NULL)
    slot->in_use = FALSE;
  g_mutex_unlock (&slots_lock);

  if (g_getenv ("TL_TEST_KEEP_SCRATCH") == NULL)
    remove_tree (scratch_dir);
}
