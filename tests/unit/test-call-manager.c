/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Which call an action without a named call applies to, fed by engine events
 * (the engine is never started: events are emitted as it would deliver them). */
#include "config.h"

#include <string.h>

#include "tl-call-manager.h"
#include "tl-test-events.h"

static void
incoming (TlEngine   *engine,
          const char *id,
          const char *peer)
{
  g_autofree char *json = g_strdup_printf ("{\"event\":true,\"type\":\"CALL_INCOMING\",\"direction\":\"incoming\","
                                           "\"accountaor\":\"sip:a@t\",\"peeruri\":\"%s\",\"id\":\"%s\"}",
                                           peer, id);

  tl_test_emit_event (engine, json);
}

static void
established (TlEngine   *engine,
             const char *id)
{
  g_autofree char *json = g_strdup_printf ("{\"event\":true,\"type\":\"CALL_ESTABLISHED\",\"id\":\"%s\"}", id);

  tl_test_emit_event (engine, json);
}

static void
assert_pick (TlCallManager *calls,
             TlCallAction   action,
             const char    *id)
{
  g_autoptr(GError) error = NULL;
  TlCall *call = tl_call_manager_pick (calls, action, &error);

  if (id == NULL)
    {
      g_assert_null (call);
      g_assert_nonnull (error);
      return;
    }
  g_assert_no_error (error);
  g_assert_nonnull (call);
  g_assert_cmpstr (tl_call_get_id (call), ==, id);
}

static void
test_pick (void)
{
  g_autoptr(TlEngine) engine = tl_engine_new ();
  g_autoptr(TlCallManager) calls = tl_call_manager_new (engine, NULL);
  g_autoptr(GError) error = NULL;

  /* Nothing to act on. */
  g_assert_null (tl_call_manager_pick (calls, TL_CALL_ACTION_HANGUP, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* One call ringing here: answer and hang up (reject) find it; hold does not. */
  incoming (engine, "c1", "sip:bob@t");
  assert_pick (calls, TL_CALL_ACTION_ANSWER, "c1");
  assert_pick (calls, TL_CALL_ACTION_HANGUP, "c1");
  assert_pick (calls, TL_CALL_ACTION_HOLD, NULL);

  /* Talking on c1 while c2 rings: hang up means c1, answer means c2. */
  established (engine, "c1");
  incoming (engine, "c2", "sip:carol@t");
  assert_pick (calls, TL_CALL_ACTION_HANGUP, "c1");
  assert_pick (calls, TL_CALL_ACTION_ANSWER, "c2");
  assert_pick (calls, TL_CALL_ACTION_DTMF, "c1");
  assert_pick (calls, TL_CALL_ACTION_RESUME, NULL);

  /* c1 held and c2 answered: resume finds c1, transfer finds c2. */
  tl_call_set_held (tl_call_manager_find (calls, "c1"), TRUE);
  established (engine, "c2");
  assert_pick (calls, TL_CALL_ACTION_RESUME, "c1");
  assert_pick (calls, TL_CALL_ACTION_TRANSFER, "c2");
  assert_pick (calls, TL_CALL_ACTION_HANGUP, "c2");

  /* Both held: resume cannot guess which one. */
  tl_call_set_held (tl_call_manager_find (calls, "c2"), TRUE);
  g_assert_null (tl_call_manager_pick (calls, TL_CALL_ACTION_RESUME, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);

  /* An ended call leaves the model and is never picked. */
  tl_test_emit_event (engine, "{\"event\":true,\"type\":\"CALL_CLOSED\",\"id\":\"c2\",\"param\":\"Connection reset by peer\"}");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (calls)), ==, 1);
  assert_pick (calls, TL_CALL_ACTION_RESUME, "c1");
}

typedef struct {
  gboolean  done;
  GError   *error;
} Done;

static void
action_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Done *done = user_data;

  g_assert_false (tl_call_manager_action_finish (TL_CALL_MANAGER (source), result, &done->error));
  done->done = TRUE;
}

static void
test_attended_transfer (void)
{
  g_autoptr(TlEngine) engine = tl_engine_new ();
  g_autoptr(TlCallManager) calls = tl_call_manager_new (engine, NULL);
  Done done = { 0 };
  TlCall *original;
  TlCall *consultation;

  incoming (engine, "a1", "sip:bob@t");
  established (engine, "a1");
  incoming (engine, "a2", "sip:carol@t");
  established (engine, "a2");
  original = tl_call_manager_find (calls, "a1");
  consultation = tl_call_manager_find (calls, "a2");
  tl_call_set_held (original, TRUE);
  tl_call_link_consultation (original, consultation);

  /* Complete and abort find the call to the target; start finds none free. */
  assert_pick (calls, TL_CALL_ACTION_TRANSFER_COMPLETE, "a2");
  assert_pick (calls, TL_CALL_ACTION_TRANSFER_ABORT, "a2");
  assert_pick (calls, TL_CALL_ACTION_TRANSFER_START, NULL);

  /* An engine that does not say it can (here: not running) refuses clearly,
   * before anything is sent. */
  g_assert_false (tl_call_manager_has_attended_transfer (calls));
  tl_call_manager_action_async (calls, original, TL_CALL_ACTION_TRANSFER_COMPLETE, NULL, NULL, action_cb, &done);
  TL_TEST_AWAIT (done.done, 5000, "the transfer action never finished");
  g_assert_error (done.error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (done.error->message, "blind transfer"));
  g_clear_error (&done.error);

  /* The call to the target ends: the pair comes apart. */
  tl_test_emit_event (engine, "{\"event\":true,\"type\":\"CALL_CLOSED\",\"id\":\"a2\",\"param\":\"Connection reset by peer\"}");
  g_assert_null (tl_call_get_transfer_partner (original));
  assert_pick (calls, TL_CALL_ACTION_TRANSFER_COMPLETE, NULL);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/call-manager/pick", test_pick);
  g_test_add_func ("/call-manager/attended-transfer", test_attended_transfer);
  return g_test_run ();
}
