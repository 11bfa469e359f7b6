/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The one way tests wait: a deadline that is a main-loop source, so no wait can outlast its bound. */
#define G_LOG_DOMAIN "tl-test"

#include "config.h"

#include "tl-test-trunk.h"
#include "tl-test-private.h"

#include <stdarg.h>

/* Conditions may depend on state that no main-loop source announces (another
 * thread's flag, a file, a child that exited): wake up this often to look. */
#define POLL_INTERVAL_MS 10

static gboolean
deadline_expired_cb (gpointer user_data)
{
  TlTestDeadline *deadline = user_data;

  deadline->expired = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
deadline_poll_cb (gpointer user_data)
{
  /* Nothing to do: being dispatched is what ends the blocking iteration. */
  return G_SOURCE_CONTINUE;
}

static GSource *
attach_timeout (GMainContext *context,
                guint         ms,
                GSourceFunc   func,
                gpointer      user_data)
{
  GSource *source = g_timeout_source_new (ms);

  g_source_set_callback (source, func, user_data, NULL);
  g_source_attach (source, context);
  return source;
}

static void
drop_source (GSource **source)
{
  if (*source == NULL)
    return;
  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

void
tl_test_deadline_start (TlTestDeadline *deadline,
                        guint           timeout_ms)
{
  /* The thread's default context: the one async results are delivered to. */
  deadline->context = g_main_context_ref_thread_default ();
  deadline->timeout_ms = timeout_ms;
  deadline->started_us = g_get_monotonic_time ();
  deadline->expired = timeout_ms == 0;
  deadline->timeout = timeout_ms > 0 ? attach_timeout (deadline->context, timeout_ms, deadline_expired_cb, deadline)
                                     : NULL;
  deadline->poll = attach_timeout (deadline->context, POLL_INTERVAL_MS, deadline_poll_cb, NULL);
}

gboolean
tl_test_deadline_iterate (TlTestDeadline *deadline)
{
  if (deadline->expired)
    return FALSE;
  /* Blocks at most until the next poll tick or the deadline, both sources here. */
  g_main_context_iteration (deadline->context, TRUE);
  return !deadline->expired;
}

void
tl_test_deadline_stop (TlTestDeadline *deadline)
{
  drop_source (&deadline->timeout);
  drop_source (&deadline->poll);
  g_clear_pointer (&deadline->context, g_main_context_unref);
}

guint
tl_test_deadline_elapsed_ms (const TlTestDeadline *deadline)
{
  return (guint) ((g_get_monotonic_time () - deadline->started_us) / 1000);
}

gboolean
tl_test_wait_until (TlTestCondition condition,
                    gpointer        user_data,
                    guint           timeout_ms)
{
  TlTestDeadline deadline;
  gboolean met;

  tl_test_deadline_start (&deadline, timeout_ms);
  while (!(met = condition (user_data)) && tl_test_deadline_iterate (&deadline))
    ;
  tl_test_deadline_stop (&deadline);
  return met || condition (user_data);
}

static gboolean
flag_is_set (gpointer user_data)
{
  return *(const gboolean *) user_data;
}

gboolean
tl_test_wait_for (gboolean *done,
                  guint     timeout_ms)
{
  return tl_test_wait_until (flag_is_set, done, timeout_ms);
}

static gboolean
never (gpointer user_data)
{
  return FALSE;
}

void
tl_test_spin (guint ms)
{
  tl_test_wait_until (never, NULL, ms);
}

void
tl_test_await_failed (const char *file,
                      int         line,
                      const char *func,
                      const char *what,
                      guint       timeout_ms,
                      const char *state_format,
                      ...)
{
  g_autofree char *state = NULL;
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, state_format);
  state = g_strdup_vprintf (state_format, args);
  va_end (args);
  message = g_strdup_printf ("timed out after %u ms waiting for %s; saw: %s", timeout_ms, what, state);
  /* The daemons' logs say why; keep them before the assertion ends the program. */
  tl_test_log_line_raw (message);
  tl_test_keep_logs_now ();
  g_assertion_message (G_LOG_DOMAIN, file, line, func, message);
}

/* ---- child processes with a bound ------------------------------------------- */

/* On the heap and shared with the callback, so a reply that comes after the
 * waiter gave up lands nowhere harmful. */
struct _TlTestPending {
  gint          refs;
  GSubprocess  *process;
  GCancellable *cancellable;
  gboolean      done;
  char         *out;
  char         *err;
  GError       *error;
};

static void
pending_unref (TlTestPending *pending)
{
  if (--pending->refs > 0)
    return;
  g_object_unref (pending->process);
  g_object_unref (pending->cancellable);
  g_free (pending->out);
  g_free (pending->err);
  g_clear_error (&pending->error);
  g_free (pending);
}

static void
communicated_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  TlTestPending *pending = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &pending->out, &pending->err,
                                        &pending->error);
  pending->done = TRUE;
  pending_unref (pending);
}

TlTestPending *
tl_test_subprocess_communicate_begin (GSubprocess *process,
                                      const char  *input)
{
  TlTestPending *pending = g_new0 (TlTestPending, 1);

  pending->refs = 2;   /* the waiter and the callback */
  pending->process = g_object_ref (process);
  pending->cancellable = g_cancellable_new ();
  g_subprocess_communicate_utf8_async (process, input, pending->cancellable, communicated_cb, pending);
  return pending;
}

gboolean
tl_test_subprocess_communicate_end (TlTestPending  *pending,
                                    guint           timeout_ms,
                                    char          **out,
                                    char          **err,
                                    GError        **error)
{
  gboolean ok;

  if (!tl_test_wait_for (&pending->done, timeout_ms))
    {
      g_subprocess_force_exit (pending->process);
      g_cancellable_cancel (pending->cancellable);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                   "the child did not finish within %u ms and was killed", timeout_ms);
      pending_unref (pending);
      return FALSE;
    }
  ok = pending->error == NULL;
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&pending->error));
  if (out != NULL)
    *out = g_steal_pointer (&pending->out);
  if (err != NULL)
    *err = g_steal_pointer (&pending->err);
  pending_unref (pending);
  return ok;
}

gboolean
tl_test_subprocess_communicate (GSubprocess  *process,
                                const char   *input,
                                guint         timeout_ms,
                                char        **out,
                                char        **err,
                                GError      **error)
{
  return tl_test_subprocess_communicate_end (tl_test_subprocess_communicate_begin (process, input),
                                             timeout_ms, out, err, error);
}

gboolean
tl_test_communicate_privately (GSubprocess  *process,
                               guint         timeout_ms,
                               char        **out,
                               char        **err,
                               GError      **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  gboolean ok;

  g_main_context_push_thread_default (context);
  ok = tl_test_subprocess_communicate (process, NULL, timeout_ms, out, err, error);
  g_main_context_pop_thread_default (context);
  return ok;
}

static gboolean
process_exited (gpointer user_data)
{
  return !tl_test_process_alive (user_data);
}

gboolean
tl_test_subprocess_wait (GSubprocess  *process,
                         guint         timeout_ms,
                         GError      **error)
{
  if (tl_test_wait_until (process_exited, process, timeout_ms))
    return TRUE;
  g_subprocess_force_exit (process);
  tl_test_wait_until (process_exited, process, 5000);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
               "the child did not exit within %u ms and was killed", timeout_ms);
  return FALSE;
}
