/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The control channel: typed events, token correlation, timeouts, hostile input. */
#include "config.h"

#include <string.h>

#include "tl-engine.h"
#include "tl-engine-channel.h"
#include "tl-netstring.h"
#include "tl-test-trunk.h"

typedef struct {
  TlEngineChannel *channel;
  GPtrArray       *events;
} Fixture;

static void
on_event (TlEngineChannel *channel,
          TlEngineEvent   *event,
          Fixture         *fixture)
{
  g_ptr_array_add (fixture->events, tl_engine_event_ref (event));
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->channel = tl_engine_channel_new (NULL);
  fixture->events = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_engine_event_unref);
  g_signal_connect (fixture->channel, "event", G_CALLBACK (on_event), fixture);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->channel);
  g_ptr_array_unref (fixture->events);
}

static void
feed_frame (Fixture    *fixture,
            const char *payload,
            gssize      len)
{
  g_autoptr(GBytes) b = tl_netstring_encode (payload, len < 0 ? strlen (payload) : (gsize) len);
  gsize n;
  const guint8 *data = g_bytes_get_data (b, &n);

  tl_engine_channel_feed (fixture->channel, data, n);
}

static void
feed_jsonl (Fixture    *fixture,
            const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("TL_TEST_SRCDIR"), "fixtures", name, NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0')
      feed_frame (fixture, lines[i], -1);
}

static TlEngineEvent *
event_at (Fixture *fixture,
          guint    i)
{
  g_assert_cmpuint (i, <, fixture->events->len);
  return g_ptr_array_index (fixture->events, i);
}

static void
test_transcript_1_0_0 (Fixture       *fixture,
                       gconstpointer  data)
{
  TlEngineEvent *e;

  feed_jsonl (fixture, "engine-1.0.0.jsonl");
  g_assert_cmpuint (fixture->events->len, ==, 8);
  g_assert_cmpint (event_at (fixture, 0)->type, ==, TL_ENGINE_EVENT_REGISTERING);
  g_assert_cmpstr (event_at (fixture, 0)->account_aor, ==, "sip:alice@127.0.0.1");
  g_assert_cmpint (event_at (fixture, 1)->type, ==, TL_ENGINE_EVENT_REGISTER_OK);
  g_assert_cmpint (event_at (fixture, 2)->type, ==, TL_ENGINE_EVENT_REGISTER_FAIL);
  g_assert_cmpstr (event_at (fixture, 2)->param, ==, "403 Forbidden");
  g_assert_cmpint (event_at (fixture, 3)->type, ==, TL_ENGINE_EVENT_CALL_LOCAL_SDP);

  e = event_at (fixture, 4);
  g_assert_cmpint (e->type, ==, TL_ENGINE_EVENT_CALL_INCOMING);
  g_assert_cmpint (e->direction, ==, TL_ENGINE_DIRECTION_INCOMING);
  /* Delivered as text exactly; never interpreted. */
  g_assert_cmpstr (e->peer_display_name, ==, "<b>Bob</b> %s%n");
  g_assert_cmpstr (e->call_id, ==, "a1b2c3");
  g_assert_true (tl_engine_event_is_call (e));

  e = event_at (fixture, 6);
  g_assert_cmpint (e->type, ==, TL_ENGINE_EVENT_CALL_RTCP);
  g_assert_true (e->has_rtcp);
  g_assert_cmpint (e->rtcp_rx.lost, ==, 3);
  g_assert_cmpint (e->rtcp_rx.jitter_us, ==, 2500);
  g_assert_cmpint (e->rtcp_tx.sent, ==, 250);
  g_assert_cmpint (e->rtcp_rtt_us, ==, 4000);
  g_assert_cmpint (event_at (fixture, 7)->type, ==, TL_ENGINE_EVENT_CALL_CLOSED);
}

static void
test_transcript_4x (Fixture       *fixture,
                    gconstpointer  data)
{
  feed_jsonl (fixture, "engine-4.x.jsonl");
  /* Same registration types although the class is "ua", not "register". */
  g_assert_cmpint (event_at (fixture, 0)->type, ==, TL_ENGINE_EVENT_REGISTERING);
  g_assert_cmpint (event_at (fixture, 1)->type, ==, TL_ENGINE_EVENT_REGISTER_OK);
  g_assert_cmpint (event_at (fixture, 2)->type, ==, TL_ENGINE_EVENT_FALLBACK_OK);
  g_assert_cmpint (event_at (fixture, 3)->type, ==, TL_ENGINE_EVENT_CALL_OUTGOING);
  g_assert_cmpstr (tl_engine_event_get_raw_string (event_at (fixture, 3), "localuri"), ==,
                   "sip:alice@127.0.0.1");
  g_assert_cmpint (event_at (fixture, 5)->type, ==, TL_ENGINE_EVENT_CALL_ANSWERED);
  g_assert_cmpstr (event_at (fixture, 6)->peer_display_name, ==, "Desk 100");
  g_assert_cmpint (event_at (fixture, 7)->type, ==, TL_ENGINE_EVENT_CALL_HOLD);
  g_assert_cmpint (event_at (fixture, 8)->type, ==, TL_ENGINE_EVENT_CALL_RESUME);
  /* Types we do not know are delivered as UNKNOWN, never dropped silently or fatal. */
  g_assert_cmpint (event_at (fixture, 9)->type, ==, TL_ENGINE_EVENT_UNKNOWN);
  g_assert_cmpstr (event_at (fixture, 9)->type_name, ==, "SIPSESS_CONN");
  g_assert_cmpint (event_at (fixture, 10)->type, ==, TL_ENGINE_EVENT_UNKNOWN);
  g_assert_cmpint (event_at (fixture, 11)->type, ==, TL_ENGINE_EVENT_CALL_CLOSED);
  g_assert_cmpstr (event_at (fixture, 11)->param, ==, "603 Decline");
}

static void
test_invalid_utf8_and_nul (Fixture       *fixture,
                           gconstpointer  data)
{
  /* Raw bytes as the engine passes them from a caller: invalid UTF-8, then a
   * frame with a NUL inside a string, then a normal one. */
  const char bad[] = "{\"event\":true,\"type\":\"CALL_INCOMING\",\"peerdisplayname\":\"Ma\xffri\xc3\x28o\",\"id\":\"1\"}";
  const char nul[] = "{\"event\":true,\"type\":\"CALL_INCOMING\",\"peerdisplayname\":\"A\0B\",\"id\":\"2\"}";
  TlEngineEvent *e;

  feed_frame (fixture, bad, sizeof bad - 1);
  feed_frame (fixture, nul, sizeof nul - 1);
  feed_frame (fixture, "{\"event\":true,\"type\":\"CALL_CLOSED\",\"id\":\"3\"}", -1);
  g_assert_cmpuint (fixture->events->len, ==, 3);
  e = event_at (fixture, 0);
  g_assert_true (g_utf8_validate (e->peer_display_name, -1, NULL));
  g_assert_nonnull (strstr (e->peer_display_name, "Ma"));
  g_assert_nonnull (strstr (e->peer_display_name, "\xef\xbf\xbd"));  /* U+FFFD */
  e = event_at (fixture, 1);
  g_assert_true (g_utf8_validate (e->peer_display_name, -1, NULL));
  g_assert_cmpstr (event_at (fixture, 2)->call_id, ==, "3");
}

static void
test_malformed_frames (Fixture       *fixture,
                       gconstpointer  data)
{
  feed_frame (fixture, "not json", -1);
  feed_frame (fixture, "[1,2,3]", -1);
  feed_frame (fixture, "{\"event\":true}", -1);             /* no type */
  feed_frame (fixture, "{\"neither\":1}", -1);
  feed_frame (fixture, "{\"event\":true,\"type\":42}", -1);  /* type not a string */
  feed_frame (fixture, "{\"event\":true,\"type\":\"CALL_RINGING\",\"id\":7,\"peeruri\":null}", -1);
  g_assert_cmpuint (tl_engine_channel_get_malformed_frames (fixture->channel), ==, 5);
  g_assert_cmpuint (fixture->events->len, ==, 1);
  g_assert_cmpint (event_at (fixture, 0)->type, ==, TL_ENGINE_EVENT_CALL_RINGING);
  g_assert_null (event_at (fixture, 0)->call_id);
  g_assert_null (event_at (fixture, 0)->peer_uri);
  g_assert_true (tl_engine_channel_is_open (fixture->channel));
}

static void
test_huge_name_and_oversized (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *name = g_strnfill (64 * 1024, 'N');
  g_autofree char *frame = g_strdup_printf ("{\"event\":true,\"type\":\"CALL_INCOMING\",\"peerdisplayname\":\"%s\",\"id\":\"x\"}", name);
  g_autofree char *over = g_strnfill (TL_ENGINE_MAX_FRAME + 10, ' ');

  feed_frame (fixture, frame, -1);
  g_assert_cmpuint (fixture->events->len, ==, 1);
  g_assert_cmpuint (strlen (event_at (fixture, 0)->peer_display_name), ==, 64 * 1024);

  feed_frame (fixture, over, -1);
  feed_frame (fixture, "{\"event\":true,\"type\":\"CALL_CLOSED\",\"id\":\"x\"}", -1);
  g_assert_cmpuint (tl_engine_channel_get_skipped_frames (fixture->channel), ==, 1);
  g_assert_cmpuint (fixture->events->len, ==, 2);
  g_assert_true (tl_engine_channel_is_open (fixture->channel));
}

typedef struct {
  char    *reply;
  GError  *error;
  gboolean done;
} CommandResult;

static void
command_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  CommandResult *r = user_data;

  r->reply = tl_engine_channel_command_finish (TL_ENGINE_CHANNEL (source), result, &r->error);
  r->done = TRUE;
}

static void
spin_until (gboolean *done)
{
  TL_TEST_AWAIT (*done, 5000, "no answer from the channel");
}

static void
test_token_correlation (Fixture       *fixture,
                        gconstpointer  data)
{
  CommandResult a = { 0 }, b = { 0 };

  tl_engine_channel_command_async (fixture->channel, "reginfo", NULL, NULL, command_done, &a);
  tl_engine_channel_command_async (fixture->channel, "hold", NULL, NULL, command_done, &b);
  /* Answers out of order, with an unknown token and an event in between. */
  feed_frame (fixture, "{\"response\":true,\"ok\":false,\"data\":\"command not found (hold)\\n\",\"token\":\"2\"}", -1);
  feed_frame (fixture, "{\"response\":true,\"ok\":true,\"data\":\"stray\",\"token\":\"99\"}", -1);
  feed_frame (fixture, "{\"event\":true,\"type\":\"REGISTER_OK\"}", -1);
  feed_frame (fixture, "{\"response\":true,\"ok\":true,\"data\":\"\\u001b[32mok\\u001b[;m\",\"token\":\"1\"}", -1);
  spin_until (&a.done);
  spin_until (&b.done);
  g_assert_no_error (a.error);
  g_assert_cmpstr (a.reply, ==, "ok");
  g_assert_error (b.error, TL_ENGINE_ERROR, TL_ENGINE_ERROR_COMMAND_FAILED);
  g_assert_nonnull (strstr (b.error->message, "command not found"));
  g_assert_cmpuint (fixture->events->len, ==, 1);
  g_free (a.reply);
  g_clear_error (&b.error);
}

static void
test_timeout_and_cancel (Fixture       *fixture,
                         gconstpointer  data)
{
  CommandResult a = { 0 }, b = { 0 };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  tl_engine_channel_set_timeout (fixture->channel, 50);
  tl_engine_channel_command_async (fixture->channel, "about", NULL, NULL, command_done, &a);
  tl_engine_channel_command_async (fixture->channel, "about", NULL, cancellable, command_done, &b);
  g_cancellable_cancel (cancellable);
  spin_until (&a.done);
  spin_until (&b.done);
  g_assert_error (a.error, TL_ENGINE_ERROR, TL_ENGINE_ERROR_TIMEOUT);
  g_assert_error (b.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* A late answer to a timed-out command is ignored. */
  feed_frame (fixture, "{\"response\":true,\"ok\":true,\"data\":\"late\",\"token\":\"1\"}", -1);
  g_clear_error (&a.error);
  g_clear_error (&b.error);
}

static void
test_close_fails_pending (Fixture       *fixture,
                          gconstpointer  data)
{
  CommandResult a = { 0 };

  tl_engine_channel_command_async (fixture->channel, "listcalls", NULL, NULL, command_done, &a);
  tl_engine_channel_close (fixture->channel);
  spin_until (&a.done);
  g_assert_error (a.error, TL_ENGINE_ERROR, TL_ENGINE_ERROR_CLOSED);
  g_clear_error (&a.error);
}

static void
test_pair (Fixture       *fixture,
           gconstpointer  data)
{
  CommandResult ok = { 0 }, bad = { 0 }, refused = { 0 };

  /* Selection and action answer in order; the action's reply is the result. */
  tl_engine_channel_command_pair_async (fixture->channel, "callfind", "abc", "hold", NULL, NULL,
                                        command_done, &ok);
  feed_frame (fixture, "{\"response\":true,\"ok\":true,\"data\":\"\",\"token\":\"1\"}", -1);
  feed_frame (fixture, "{\"response\":true,\"ok\":true,\"data\":\"held\",\"token\":\"2\"}", -1);
  spin_until (&ok.done);
  g_assert_no_error (ok.error);
  g_assert_cmpstr (ok.reply, ==, "held");

  /* A failed selection is the pair's error, even when the action "succeeded". */
  tl_engine_channel_command_pair_async (fixture->channel, "uafind", "sip:x@y", "dial", "sip:1@y", NULL,
                                        command_done, &bad);
  feed_frame (fixture, "{\"response\":true,\"ok\":false,\"data\":\"No such file\",\"token\":\"3\"}", -1);
  feed_frame (fixture, "{\"response\":true,\"ok\":true,\"data\":\"\",\"token\":\"4\"}", -1);
  spin_until (&bad.done);
  g_assert_error (bad.error, TL_ENGINE_ERROR, TL_ENGINE_ERROR_COMMAND_FAILED);

  /* Nothing is sent when either half cannot travel. */
  tl_engine_channel_command_pair_async (fixture->channel, "callfind", "abc", "transfer", "sip:a\nquit",
                                        NULL, command_done, &refused);
  spin_until (&refused.done);
  g_assert_error (refused.error, TL_ENGINE_ERROR, TL_ENGINE_ERROR_INVALID_ARGUMENT);
  g_free (ok.reply);
  g_clear_error (&bad.error);
  g_clear_error (&refused.error);
}

static void
test_check_command (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *long_params = g_strnfill (TL_ENGINE_MAX_COMMAND_LINE, 'a');

  g_assert_true (tl_engine_channel_check_command ("dial", "sip:100@example.net", NULL));
  g_assert_false (tl_engine_channel_check_command ("dial", "sip:100@example.net\nquit", &error));
  g_assert_error (error, TL_ENGINE_ERROR, TL_ENGINE_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (tl_engine_channel_check_command ("dial", "a\rb", &error));
  g_clear_error (&error);
  g_assert_false (tl_engine_channel_check_command ("uanew", long_params, &error));
  g_assert_nonnull (strstr (error->message, "longer"));
  g_clear_error (&error);
  g_assert_false (tl_engine_channel_check_command ("dial", "\xff", &error));
  g_clear_error (&error);
  g_assert_false (tl_engine_channel_check_command ("", NULL, &error));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/engine-channel/transcript-1.0.0", Fixture, NULL, fixture_setup, test_transcript_1_0_0, fixture_teardown);
  g_test_add ("/engine-channel/transcript-4.x", Fixture, NULL, fixture_setup, test_transcript_4x, fixture_teardown);
  g_test_add ("/engine-channel/invalid-utf8-and-nul", Fixture, NULL, fixture_setup, test_invalid_utf8_and_nul, fixture_teardown);
  g_test_add ("/engine-channel/malformed", Fixture, NULL, fixture_setup, test_malformed_frames, fixture_teardown);
  g_test_add ("/engine-channel/huge-and-oversized", Fixture, NULL, fixture_setup, test_huge_name_and_oversized, fixture_teardown);
  g_test_add ("/engine-channel/token-correlation", Fixture, NULL, fixture_setup, test_token_correlation, fixture_teardown);
  g_test_add ("/engine-channel/timeout-and-cancel", Fixture, NULL, fixture_setup, test_timeout_and_cancel, fixture_teardown);
  g_test_add ("/engine-channel/close-fails-pending", Fixture, NULL, fixture_setup, test_close_fails_pending, fixture_teardown);
  g_test_add ("/engine-channel/pair", Fixture, NULL, fixture_setup, test_pair, fixture_teardown);
  g_test_add_func ("/engine-channel/check-command", test_check_command);
  return g_test_run ();
}
