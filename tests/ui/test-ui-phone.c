/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The phone window against the test trunk: dial with the keyboard, talk, answer from the
 * notification, decline, miss, hostile callers, and ringing with the window closed. */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "tl-test-trunk.h"
#include "tl-test-ui.h"

#define PRESENT_DBFS TL_TEST_UI_PRESENT_DBFS

/* A peer event while our main loop keeps running (the app's log arrives on it). */
static char *
await_peer_event (TlTestPeer *peer,
                  const char *type,
                  guint       from,
                  guint       timeout_ms)
{
  TlTestDeadline deadline;
  char *found = NULL;

  tl_test_deadline_start (&deadline, timeout_ms);
  while ((found = tl_test_peer_wait_event_from (peer, type, from, 0)) == NULL
         && tl_test_deadline_iterate (&deadline))
    ;
  tl_test_deadline_stop (&deadline);
  if (found == NULL)
    tl_test_await_failed (__FILE__, __LINE__, G_STRFUNC, type, timeout_ms, "%u events at the peer since %u",
                          tl_test_peer_get_event_count (peer) - from, from);
  return found;
}

/* The digits the peer received since event @from, in order. */
static char *
dtmf_received (TlTestPeer *peer,
               guint       from)
{
  g_autoptr(GPtrArray) events = tl_test_peer_get_events (peer);
  GString *digits = g_string_new (NULL);

  for (guint i = from; i < events->len; i++)
    {
      const char *json = g_ptr_array_index (events, i);
      const char *param = strstr (json, "\"param\":\"");

      if (strstr (json, "\"CALL_DTMF_START\"") != NULL && param != NULL)
        g_string_append_c (digits, param[strlen ("\"param\":\"")]);
    }
  return g_string_free (digits, FALSE);
}

static gboolean
has_digits (TlTestPeer  *peer,
            guint        from,
            gsize        n,
            char       **digits)
{
  g_free (*digits);
  *digits = dtmf_received (peer, from);
  return strlen (*digits) >= n;
}

static gboolean
peer_recording_ready (gpointer user_data)
{
  char **path = user_data;

  g_free (*path);
  *path = tl_test_peer_last_recording (*(TlTestPeer **) (path + 1));
  return *path != NULL;
}

/* What the peer heard of our microphone in its last call (written when it ended). */
static double
peer_heard (TlTestUi *ui,
            double    hz)
{
  gpointer wait[2] = { NULL, tl_test_ui_get_peer (ui) };
  g_autoptr(GError) error = NULL;
  TlTestAudio audio = { 0 };
  double level;

  TL_TEST_AWAIT (peer_recording_ready (wait), 5000, "the peer kept no recording");
  g_assert_true (tl_test_audio_load_wav (wait[0], &audio, &error));
  g_assert_no_error (error);
  level = tl_test_ui_tone_level (&audio, hz);
  tl_test_audio_clear (&audio);
  g_free (wait[0]);
  return level;
}

static void
screenshots (TlTestUi   *ui,
             const char *what)
{
  g_autofree char *narrow = g_strdup_printf ("%s-360.png", what);
  g_autofree char *wide = g_strdup_printf ("%s-1280.png", what);

  tl_test_ui_screenshot (ui, narrow);
  tl_test_ui_resize (ui, 1280, 800);
  tl_test_ui_screenshot (ui, wide);
  tl_test_ui_resize (ui, 360, 720);
}

/* The action key of a notification button, from the recorded JSON. */
static char *
button_action (const char *json,
               const char *prefix)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *actions;

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  actions = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "actions");
  for (guint i = 0; i < json_array_get_length (actions); i++)
    {
      const char *key = json_array_get_string_element (actions, i);

      if (g_str_has_prefix (key, prefix))
        return g_strdup (key);
    }
  return NULL;
}

/* The newest row of the history, as the command line reports it. */
static JsonObject *
newest_history_row (TlTestUi   *ui,
                    JsonParser *parser)
{
  const char *args[] = { "history", "--json", "--limit", "1", NULL };
  g_autofree char *out = NULL;
  JsonArray *rows;

  g_assert_cmpint (tl_test_ui_cli (ui, NULL, args, &out), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  rows = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (rows), ==, 1);
  return json_array_get_object_element (rows, 0);
}

/* Type a number with real keys → the call reaches the peer through the trunk →
 * the in-call view shows codec and lock → audio both ways → keys send DTMF →
 * Escape hangs up → the call heads the history. */
static void
test_outgoing (void)
{
  TlTestUiOptions options = { .name = "ui-outgoing", .with_trunk = TRUE, .srtp = "mandatory",
                              .peer_answers = TRUE };
  TlTestUi *ui = tl_test_ui_start (&options);
  TlTestPeer *peer = tl_test_ui_get_peer (ui);
  GSubprocess *mic = tl_test_ui_play_tone (ui, TL_TEST_UI_OUR_HZ);
  guint mark, events;
  double level;

  g_free (tl_test_ui_await_line (ui, 0, "Dial pad: can call", 10000));
  screenshots (ui, "dialpad");

  mark = tl_test_ui_mark (ui);
  events = tl_test_peer_get_event_count (peer);
  /* Typed anywhere in the window: the keys go to the number. */
  tl_test_ui_type (ui, TL_TEST_UI_PEER);
  tl_test_ui_key (ui, "Return");
  g_free (await_peer_event (peer, "CALL_ESTABLISHED", events, 15000));
  g_free (tl_test_ui_await_line (ui, mark, "Window shows call", 10000));
  g_free (tl_test_ui_await_line (ui, mark, "Call view shows codec G.711 µ-law, encrypted", 10000));

  level = tl_test_ui_speaker_level (ui, "speaker-outgoing.wav", TL_TEST_UI_PEER_HZ, 2.5);
  g_test_message ("the peer's tone at our speaker: %.1f dBFS", level);
  g_assert_cmpfloat (level, >, PRESENT_DBFS);
  screenshots (ui, "call");

  /* Digits typed during the call are tones to the peer, in order. */
  events = tl_test_peer_get_event_count (peer);
  tl_test_ui_type (ui, "159");
  {
    g_autofree char *digits = NULL;

    TL_TEST_AWAIT (has_digits (peer, events, 3, &digits), 10000, "the peer got “%s”", digits);
    g_test_message ("DTMF at the peer: %s", digits);
    g_assert_cmpstr (digits, ==, "159");
  }

  mark = tl_test_ui_mark (ui);
  events = tl_test_peer_get_event_count (peer);
  tl_test_ui_key (ui, "Escape");
  g_free (await_peer_event (peer, "CALL_CLOSED", events, 10000));
  g_free (tl_test_ui_await_line (ui, mark, "Window shows dialpad", 10000));
  level = peer_heard (ui, TL_TEST_UI_OUR_HZ);
  g_test_message ("our microphone's tone at the peer: %.1f dBFS", level);
  g_assert_cmpfloat (level, >, PRESENT_DBFS);

  /* The call heads the history (the list is bound even while another page shows). */
  g_free (tl_test_ui_await_line (ui, mark, "History row 0 shows “" TL_TEST_UI_PEER "”", 10000));
  tl_test_ui_action (ui, "show-history", NULL);
  g_free (tl_test_ui_await_line (ui, mark, "Window shows history", 10000));
  screenshots (ui, "history");

  tl_test_ui_stop_tone (mic);
  tl_test_ui_stop (ui);
}

/* A call from the peer: the incoming view and an urgent notification; its Answer
 * gives audio both ways; Decline refuses and is not missed; a call nobody takes
 * is missed, badged and notified with Call back. */
static void
test_incoming (void)
{
  TlTestUiOptions options = { .name = "ui-incoming", .with_trunk = TRUE };
  TlTestUi *ui = tl_test_ui_start (&options);
  TlTestPeer *peer = tl_test_ui_get_peer (ui);
  GSubprocess *mic = tl_test_ui_play_tone (ui, TL_TEST_UI_OUR_HZ);
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *decline = NULL;
  g_autofree char *call_back = NULL;
  guint mark, events, skip, id;
  double level;

  /* Answered from the notification's button. */
  mark = tl_test_ui_mark (ui);
  skip = tl_test_ui_count_notifications (ui);
  events = tl_test_peer_get_event_count (peer);
  g_free (tl_test_peer_command (peer, "dial", "sip:" TL_TEST_UI_USER "@127.0.0.1", &error));
  g_assert_no_error (error);
  g_free (tl_test_ui_await_line (ui, mark, "Incoming view shows “" TL_TEST_UI_PEER "”", 10000));
  json = tl_test_ui_await_notification (ui, skip, "\"category\": \"call.incoming\"", 10000, &id);
  g_test_message ("incoming notification: %s", json);
  g_assert_nonnull (strstr (json, "\"summary\": \"" TL_TEST_UI_PEER "\""));
  g_assert_nonnull (strstr (json, "\"body\": \"Incoming call\""));
  g_assert_nonnull (strstr (json, "\"urgency\": 2"));
  g_assert_nonnull (strstr (json, "\"desktop-entry\": \"" TL_APP_ID "\""));
  answer = button_action (json, "app.answer::");
  decline = button_action (json, "app.decline::");
  g_assert_nonnull (answer);
  g_assert_nonnull (decline);
  screenshots (ui, "incoming");

  tl_test_ui_press_notification (ui, id, answer);
  g_free (await_peer_event (peer, "CALL_ESTABLISHED", events, 10000));
  g_free (tl_test_ui_await_line (ui, mark, "Window shows call", 10000));
  tl_test_ui_await_closed (ui, id, 5000);
  level = tl_test_ui_speaker_level (ui, "speaker-incoming.wav", TL_TEST_UI_PEER_HZ, 2.5);
  g_test_message ("the peer's tone at our speaker: %.1f dBFS", level);
  g_assert_cmpfloat (level, >, PRESENT_DBFS);
  events = tl_test_peer_get_event_count (peer);
  g_free (tl_test_peer_command (peer, "hangup", NULL, &error));
  g_assert_no_error (error);
  g_free (await_peer_event (peer, "CALL_CLOSED", events, 10000));
  level = peer_heard (ui, TL_TEST_UI_OUR_HZ);
  g_test_message ("our microphone's tone at the peer: %.1f dBFS", level);
  g_assert_cmpfloat (level, >, PRESENT_DBFS);
  g_free (tl_test_ui_await_line (ui, mark, "Window shows dialpad", 10000));
  /* sndfile names recordings by the second. */
  tl_test_spin (1100);

  /* Declined from the notification: the caller is refused, and it is not a missed call. */
  g_clear_pointer (&json, g_free);
  g_clear_pointer (&decline, g_free);
  mark = tl_test_ui_mark (ui);
  skip = tl_test_ui_count_notifications (ui);
  events = tl_test_peer_get_event_count (peer);
  g_free (tl_test_peer_command (peer, "dial", "sip:" TL_TEST_UI_USER "@127.0.0.1", &error));
  g_assert_no_error (error);
  json = tl_test_ui_await_notification (ui, skip, "\"category\": \"call.incoming\"", 10000, &id);
  decline = button_action (json, "app.decline::");
  tl_test_ui_press_notification (ui, id, decline);
  {
    g_autofree char *closed = await_peer_event (peer, "CALL_CLOSED", events, 10000);
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *row;

    g_test_message ("the caller saw: %s", closed);
    g_assert_true (strstr (closed, "486") != NULL || strstr (closed, "603") != NULL);
    tl_test_ui_await_closed (ui, id, 5000);
    g_free (tl_test_ui_await_line (ui, mark, "Window shows dialpad", 10000));
    row = newest_history_row (ui, parser);
    g_assert_false (json_object_get_boolean_member (row, "missed"));
    g_assert_cmpstr (json_object_get_string_member (row, "direction"), ==, "incoming");
  }
  g_assert_null (tl_test_ui_find_line (ui, mark, "History badge: 1 missed"));

  /* Nobody answers: missed, notified with Call back, badged, and seen in the history. */
  g_clear_pointer (&json, g_free);
  mark = tl_test_ui_mark (ui);
  skip = tl_test_ui_count_notifications (ui);
  events = tl_test_peer_get_event_count (peer);
  g_free (tl_test_peer_command (peer, "dial", "sip:" TL_TEST_UI_USER "@127.0.0.1", &error));
  g_assert_no_error (error);
  g_free (tl_test_ui_await_line (ui, mark, "Incoming view shows", 10000));
  g_free (tl_test_ui_await_notification (ui, skip, "\"category\": \"call.incoming\"", 10000, &id));
  tl_test_spin (1500);
  g_free (tl_test_peer_command (peer, "hangup", NULL, &error));
  g_assert_no_error (error);
  /* The caller gave up: the incoming notification is withdrawn… */
  tl_test_ui_await_closed (ui, id, 5000);
  /* …and a missed-call one takes its place. */
  json = tl_test_ui_await_notification (ui, skip, "\"category\": \"call.unanswered\"", 10000, &id);
  g_test_message ("missed-call notification: %s", json);
  g_assert_nonnull (strstr (json, "\"summary\": \"" TL_TEST_UI_PEER "\""));
  call_back = button_action (json, "app.dial::");
  g_assert_cmpstr (call_back, ==, "app.dial::" TL_TEST_UI_PEER);
  g_free (tl_test_ui_await_line (ui, mark, "History badge: 1 missed", 10000));
  {
    g_autoptr(JsonParser) parser = json_parser_new ();

    g_assert_true (json_object_get_boolean_member (newest_history_row (ui, parser), "missed"));
  }
  tl_test_ui_action (ui, "show-history", NULL);
  g_free (tl_test_ui_await_line (ui, mark, "History badge: 0 missed", 10000));
  tl_test_ui_await_closed (ui, id, 5000);

  tl_test_ui_stop_tone (mic);
  tl_test_ui_stop (ui);
}

/* A caller named with markup and invalid UTF-8 is shown as the text it is,
 * in the incoming view, the notification's title and the history. */
static void
test_hostile_caller (void)
{
  static const char name[] = "<b>bold</b>\xff\xfe";
  TlTestUiOptions options = { .name = "ui-hostile-caller", .with_trunk = TRUE };
  TlTestUi *ui = tl_test_ui_start (&options);
  g_autofree char *contact = tl_test_kamailio_await_contact (tl_test_ui_get_kamailio (ui), TL_TEST_UI_USER, NULL,
                                                             5000);
  g_autofree char *user = tl_test_sip_contact_user (contact);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *shown = NULL;
  guint mark = tl_test_ui_mark (ui);
  guint skip = tl_test_ui_count_notifications (ui);

  g_assert_nonnull (user);
  connection = tl_test_sip_send_invite (tl_test_ui_get_sip_port (ui), user, TL_TEST_UI_USER, name,
                                        sizeof name - 1, "ui-hostile-1", &error);
  g_assert_no_error (error);
  /* The markup stays literal; each invalid byte became U+FFFD. */
  shown = tl_test_ui_await_line (ui, mark, "Incoming view shows “<b>bold</b>\xef\xbf\xbd", 10000);
  g_test_message ("%s", shown);
  json = tl_test_ui_await_notification (ui, skip, "\"category\": \"call.incoming\"", 10000, NULL);
  summary = tl_test_ui_json_string (json, "summary");
  g_test_message ("notification title: %s", summary);
  g_assert_true (g_str_has_prefix (summary, "<b>bold</b>\xef\xbf\xbd"));
  g_assert_true (g_utf8_validate (summary, -1, NULL));
  screenshots (ui, "incoming-hostile");

  mark = tl_test_ui_mark (ui);
  tl_test_ui_action (ui, "decline", g_variant_new_string ("ui-hostile-1"));
  g_free (tl_test_ui_await_line (ui, mark, "Window shows dialpad", 10000));
  g_free (tl_test_ui_await_line (ui, mark, "History row 0 shows “<b>bold</b>\xef\xbf\xbd", 10000));
  tl_test_ui_action (ui, "show-history", NULL);
  g_free (tl_test_ui_await_line (ui, mark, "Window shows history", 10000));
  screenshots (ui, "history-hostile");
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  tl_test_ui_stop (ui);
}

/* Closed while registered, the window only hides: the process stays, calls
 * still ring (the notification), and answering brings the window back. */
static void
test_hidden_window (void)
{
  TlTestUiOptions options = { .name = "ui-hidden-window", .with_trunk = TRUE };
  TlTestUi *ui = tl_test_ui_start (&options);
  TlTestPeer *peer = tl_test_ui_get_peer (ui);
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *answer = NULL;
  guint mark = tl_test_ui_mark (ui);
  guint skip, events, id;

  tl_test_ui_key (ui, "ctrl+w");
  g_free (tl_test_ui_await_line (ui, mark, "Window hidden; Trunkline stays running", 10000));
  TL_TEST_AWAIT (!tl_test_ui_window_visible (ui), 5000, "the window is still on screen");
  tl_test_spin (1000);
  g_assert_true (tl_test_ui_app_running (ui));

  skip = tl_test_ui_count_notifications (ui);
  events = tl_test_peer_get_event_count (peer);
  g_free (tl_test_peer_command (peer, "dial", "sip:" TL_TEST_UI_USER "@127.0.0.1", &error));
  g_assert_no_error (error);
  json = tl_test_ui_await_notification (ui, skip, "\"category\": \"call.incoming\"", 10000, &id);
  g_assert_false (tl_test_ui_window_visible (ui));
  answer = button_action (json, "app.answer::");
  tl_test_ui_press_notification (ui, id, answer);
  g_free (await_peer_event (peer, "CALL_ESTABLISHED", events, 10000));
  TL_TEST_AWAIT (tl_test_ui_window_visible (ui), 5000, "answering did not bring the window back");
  events = tl_test_peer_get_event_count (peer);
  g_free (tl_test_peer_command (peer, "hangup", NULL, &error));
  g_assert_no_error (error);
  g_free (await_peer_event (peer, "CALL_CLOSED", events, 10000));
  tl_test_ui_stop (ui);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/phone/outgoing", test_outgoing);
  g_test_add_func ("/ui/phone/incoming", test_incoming);
  g_test_add_func ("/ui/phone/hostile-caller", test_hostile_caller);
  g_test_add_func ("/ui/phone/hidden-window", test_hidden_window);
  return g_test_run ();
}
