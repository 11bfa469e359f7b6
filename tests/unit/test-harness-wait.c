/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The harness's one way to wait: bounded however the main loop is, and a clear failure when it times out. */
#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "tl-main-wait.h"
#include "tl-paths.h"
#include "tl-test-trunk.h"

static gboolean
set_flag_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* The shape that hung: the condition comes true while nothing else is pending. */
static void
test_nothing_pending (void)
{
  gboolean done = FALSE;
  gint64 t0;

  /* Already true: no iteration blocks at all. */
  done = TRUE;
  t0 = g_get_monotonic_time ();
  TL_TEST_AWAIT (done, 60000, "a flag that is already set");
  g_assert_cmpint (g_get_monotonic_time () - t0, <, G_USEC_PER_SEC);

  /* Never true, no source at all: the deadline itself wakes the loop. */
  done = FALSE;
  t0 = g_get_monotonic_time ();
  g_assert_false (tl_test_wait_for (&done, 200));
  g_assert_cmpint (g_get_monotonic_time () - t0, >=, 200 * 1000);
  g_assert_cmpint (g_get_monotonic_time () - t0, <, 5 * G_USEC_PER_SEC);

  /* Set by a source: seen at once. */
  g_timeout_add (50, set_flag_cb, &done);
  t0 = g_get_monotonic_time ();
  TL_TEST_AWAIT (done, 10000, "the flag a timeout sets");
  g_assert_cmpint (g_get_monotonic_time () - t0, <, 5 * G_USEC_PER_SEC);
}

static gpointer
set_flag_later (gpointer user_data)
{
  g_usleep (100 * 1000);
  g_atomic_int_set ((gint *) user_data, 1);
  return NULL;
}

static gboolean
flag_set (gpointer user_data)
{
  return g_atomic_int_get ((gint *) user_data) != 0;
}

/* State that no main-loop source announces (another thread, a child) is seen too. */
static void
test_other_thread (void)
{
  gint flag = 0;
  GThread *thread = g_thread_new ("flag", set_flag_later, &flag);
  gint64 t0 = g_get_monotonic_time ();

  g_assert_true (tl_test_wait_until (flag_set, &flag, 10000));
  g_assert_cmpint (g_get_monotonic_time () - t0, <, 5 * G_USEC_PER_SEC);
  g_thread_join (thread);
}

/* Waits nest: a callback that waits itself does not break the outer bound. */
static gboolean
nested_wait_cb (gpointer user_data)
{
  tl_test_spin (30);
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
test_nested (void)
{
  gboolean done = FALSE;

  g_idle_add (nested_wait_cb, &done);
  TL_TEST_AWAIT (done, 10000, "the nested wait");
}

/* The thread's default context is the one waited on (async results land there). */
static void
test_thread_default_context (void)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GSource) source = g_timeout_source_new (20);
  gboolean done = FALSE;

  g_main_context_push_thread_default (context);
  g_source_set_callback (source, set_flag_cb, &done, NULL);
  g_source_attach (source, context);
  TL_TEST_AWAIT (done, 10000, "a source on a pushed context");
  g_main_context_pop_thread_default (context);
}

/* The product's own bounded wait, for shutdown and one-shot commands. */
static void
test_product_wait (void)
{
  gboolean done = FALSE;
  gint64 t0 = g_get_monotonic_time ();

  g_assert_false (tl_main_wait_for (NULL, &done, 100));
  g_assert_cmpint (g_get_monotonic_time () - t0, >=, 100 * 1000);
  g_timeout_add (20, set_flag_cb, &done);
  g_assert_true (tl_main_wait_for (NULL, &done, 10000));
}

/* A timed-out wait fails the test, names what it waited for and what it saw,
 * and keeps the scratch folder's logs. */
static void
test_failure_message (void)
{
  g_autofree char *builddir = g_dir_make_tmp ("tl-wait-XXXXXX", NULL);

  if (g_test_subprocess ())
    {
      g_autofree char *scratch = NULL;
      g_autofree char *log = NULL;
      int answer = 41;

      g_setenv ("TL_TEST_BUILDDIR", g_getenv ("TL_WAIT_BUILDDIR"), TRUE);
      scratch = tl_test_scratch_new ("wait-failure");
      log = g_build_filename (scratch, "daemon.log", NULL);
      g_file_set_contents (log, "the daemon said why\n", -1, NULL);
      TL_TEST_AWAIT (answer == 42, 100, "answer %d", answer);
      return;
    }
  g_setenv ("TL_WAIT_BUILDDIR", builddir, TRUE);
  g_test_trap_subprocess (NULL, 20 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDIN);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*timed out after 100 ms waiting for answer == 42; saw: answer 41*");
  {
    g_autofree char *kept = g_build_filename (builddir, "logs", "wait-failure", "daemon.log", NULL);
    g_autofree char *own = g_build_filename (builddir, "logs", "wait-failure", "test.log", NULL);
    g_autofree char *contents = NULL;

    g_assert_true (g_file_get_contents (kept, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, "the daemon said why\n");
    g_clear_pointer (&contents, g_free);
    /* The test's own log has the reason too. */
    g_assert_true (g_file_get_contents (own, &contents, NULL, NULL));
    g_assert_nonnull (strstr (contents, "waiting for answer == 42"));
  }
  tl_paths_remove_tree (builddir, NULL);
}

/* A plain failed assertion (an abort, no teardown) keeps the logs as well. */
static void
test_logs_kept_on_abort (void)
{
  g_autofree char *builddir = g_dir_make_tmp ("tl-wait-XXXXXX", NULL);

  if (g_test_subprocess ())
    {
      g_autofree char *scratch = NULL;
      g_autofree char *sub = NULL;
      g_autofree char *log = NULL;

      g_setenv ("TL_TEST_BUILDDIR", g_getenv ("TL_WAIT_BUILDDIR"), TRUE);
      scratch = tl_test_scratch_new ("abort");
      sub = g_build_filename (scratch, "sub", NULL);
      g_mkdir (sub, 0700);
      log = g_build_filename (sub, "kamailio.log", NULL);
      g_file_set_contents (log, "registrar log\n", -1, NULL);
      g_debug ("engine says: ready");
      /* What a failed g_assert does outside g_test_trap_subprocess(), which
       * turns assertions into a plain exit. */
      abort ();
    }
  g_setenv ("TL_WAIT_BUILDDIR", builddir, TRUE);
  g_test_trap_subprocess (NULL, 20 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDIN);
  g_test_trap_assert_failed ();
  {
    g_autofree char *kept = g_build_filename (builddir, "logs", "abort", "sub-kamailio.log", NULL);
    g_autofree char *own = g_build_filename (builddir, "logs", "abort", "test.log", NULL);
    g_autofree char *contents = NULL;

    g_assert_true (g_file_get_contents (kept, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, "registrar log\n");
    g_clear_pointer (&contents, g_free);
    /* Debug messages (the engine's output among them) are in the own log. */
    g_assert_true (g_file_get_contents (own, &contents, NULL, NULL));
    g_assert_nonnull (strstr (contents, "engine says: ready"));
  }
  tl_paths_remove_tree (builddir, NULL);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/harness/wait/nothing-pending", test_nothing_pending);
  g_test_add_func ("/harness/wait/other-thread", test_other_thread);
  g_test_add_func ("/harness/wait/nested", test_nested);
  g_test_add_func ("/harness/wait/thread-default-context", test_thread_default_context);
  g_test_add_func ("/harness/wait/product", test_product_wait);
  g_test_add_func ("/harness/wait/failure-message", test_failure_message);
  g_test_add_func ("/harness/wait/logs-kept-on-abort", test_logs_kept_on_abort);
  return g_test_run ();
}
