/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The engine's asynchronous calls, waited for while the main context keeps
 * running (so engine events are still delivered), for tests that drive a
 * TlEngine. Header-only: the harness library itself does not link app/. */
#pragma once

#include "tl-engine.h"
#include "tl-test-trunk.h"

typedef enum {
  TL_TEST_ENGINE_START,
  TL_TEST_ENGINE_STOP,
  TL_TEST_ENGINE_ADD_ACCOUNT,
  TL_TEST_ENGINE_COMMAND,
} TlTestEngineOp;

/* TRUE when the tests drive another engine than Debian's 1.0.0 (TRUNKLINE_ENGINE,
 * with TRUNKLINE_ENGINE_MODULES and LD_LIBRARY_PATH for a build of its own):
 * what a test asserts about 1.0.0's own behaviour then follows the running
 * engine's dialect. The peers stay Debian's 1.0.0 either way. */
static inline gboolean
tl_test_engine_is_overridden (void)
{
  const char *engine = g_getenv ("TRUNKLINE_ENGINE");

  return engine != NULL && *engine != '\0';
}

/* Skips the test (and returns TRUE) when @engine takes its local addresses from
 * the network interfaces (4.x): it cannot use a loopback alias such as
 * 127.0.0.2 that no interface carries. */
static inline gboolean
tl_test_engine_skip_without_alias_addresses (TlEngine *engine)
{
  const TlEngineDialect *dialect = tl_engine_get_dialect (engine);

  if (dialect == NULL || !dialect->loopback_needs_interface)
    return FALSE;
  g_test_skip ("this engine uses only its interfaces' addresses, and no interface has 127.0.0.2");
  return TRUE;
}

/* On the heap and shared with the callback, so an answer that comes after the
 * waiter gave up lands nowhere harmful. */
typedef struct {
  gint            refs;
  TlTestEngineOp  op;
  gboolean        done;
  gboolean        ok;
  char           *reply;
  GError         *error;
} TlTestEngineWait;

static inline TlTestEngineWait *
tl_test_engine_wait_new (TlTestEngineOp op)
{
  TlTestEngineWait *w = g_new0 (TlTestEngineWait, 1);

  w->refs = 2;   /* the waiter and the callback */
  w->op = op;
  return w;
}

static inline void
tl_test_engine_wait_unref (TlTestEngineWait *w)
{
  if (--w->refs > 0)
    return;
  g_free (w->reply);
  g_clear_error (&w->error);
  g_free (w);
}

static inline void
tl_test_engine_done_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  TlTestEngineWait *w = user_data;
  TlEngine *engine = TL_ENGINE (source);

  switch (w->op)
    {
    case TL_TEST_ENGINE_START:
      w->ok = tl_engine_start_finish (engine, result, &w->error);
      break;
    case TL_TEST_ENGINE_STOP:
      w->ok = tl_engine_stop_finish (engine, result, &w->error);
      break;
    case TL_TEST_ENGINE_ADD_ACCOUNT:
      w->ok = tl_engine_add_account_finish (engine, result, &w->error);
      break;
    case TL_TEST_ENGINE_COMMAND:
    default:
      w->reply = tl_engine_command_finish (engine, result, &w->error);
      w->ok = w->reply != NULL;
      break;
    }
  w->done = TRUE;
  tl_test_engine_wait_unref (w);
}

/* Waits up to @timeout_ms; FALSE with @error (the operation's, or a timeout). */
static inline gboolean
tl_test_engine_wait_finish (TlTestEngineWait  *w,
                            guint              timeout_ms,
                            char             **reply,
                            GError           **error)
{
  gboolean ok = FALSE;

  if (!tl_test_wait_for (&w->done, timeout_ms))
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "the engine did not answer in %u ms", timeout_ms);
  else
    {
      ok = w->ok;
      if (w->error != NULL)
        g_propagate_error (error, g_steal_pointer (&w->error));
      if (reply != NULL)
        *reply = g_steal_pointer (&w->reply);
    }
  tl_test_engine_wait_unref (w);
  return ok;
}

static inline gboolean
tl_test_engine_start (TlEngine  *engine,
                      guint      timeout_ms,
                      GError   **error)
{
  TlTestEngineWait *w = tl_test_engine_wait_new (TL_TEST_ENGINE_START);

  tl_engine_start_async (engine, NULL, tl_test_engine_done_cb, w);
  return tl_test_engine_wait_finish (w, timeout_ms, NULL, error);
}

static inline gboolean
tl_test_engine_stop (TlEngine  *engine,
                     guint      timeout_ms,
                     GError   **error)
{
  TlTestEngineWait *w = tl_test_engine_wait_new (TL_TEST_ENGINE_STOP);

  tl_engine_stop_async (engine, NULL, tl_test_engine_done_cb, w);
  return tl_test_engine_wait_finish (w, timeout_ms, NULL, error);
}

static inline gboolean
tl_test_engine_add_account (TlEngine         *engine,
                            TlEngineAccount  *account,
                            guint             timeout_ms,
                            GError          **error)
{
  TlTestEngineWait *w = tl_test_engine_wait_new (TL_TEST_ENGINE_ADD_ACCOUNT);

  tl_engine_add_account_async (engine, account, NULL, tl_test_engine_done_cb, w);
  return tl_test_engine_wait_finish (w, timeout_ms, NULL, error);
}

/* The command's reply text, or NULL with @error. */
static inline char *
tl_test_engine_command (TlEngine    *engine,
                        const char  *command,
                        const char  *params,
                        guint        timeout_ms,
                        GError     **error)
{
  TlTestEngineWait *w = tl_test_engine_wait_new (TL_TEST_ENGINE_COMMAND);
  char *reply = NULL;

  tl_engine_command_async (engine, command, params, NULL, tl_test_engine_done_cb, w);
  tl_test_engine_wait_finish (w, timeout_ms, &reply, error);
  return reply;
}
