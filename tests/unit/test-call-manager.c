/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Which call an action without a named call applies to, fed by engine events
 * (the engine is never started: events are emitted as it would deliver them). */
#include "config.h"

#include <string.h>

#include "tl-call-manager.h"

static void
emit (TlEngine   *engine,
      const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TlEngineEvent) event = NULL;

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  event = tl_engine_event_new_from_json (json_node_get_object (json_parser_get_root (parser)), &error);
  g_assert_no_error (error);
  g_signal_emit_by_name (engine, "event", event);
}

static void
incoming (TlEngine   *engine,
          const char *id,
          const char *peer)
{
  g_autofree char *json = g_strdup_printf ("{\"event\":true,\"type\":\"CALL_INCOMING\",\"direction\":\"incoming\","
                                           "\"accountaor\":\"sip:a@t\",\"peeruri\":\"%s\",\"id\":\"%s\"}",
                                           peer, id);

  emit (engine, json);
}

static void
established (TlEngine   *engine,
             const char *id)
{
  g_autofree char *json = g_strdup_printf ("{\"event\":true,\"type\":\"CALL_ESTABLISHED\",\"id\":\"%s\"}", id);

  emit (engine, json);
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
  emit (engine, "{\"event\":true,\"type\":\"CALL_CLOSED\",\"id\":\"c2\",\"param\":\"Connection reset by peer\"}");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (calls)), ==, 1);
  assert_pick (calls, TL_CALL_ACTION_RESUME, "c1");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/call-manager/pick", test_pick);
  return g_test_run ();
}
