/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The version layer: banner parsing and what differs between 1.0.0 and 4.x. */
#include "config.h"

#include <json-glib/json-glib.h>

#include "tl-engine-dialect.h"
#include "tl-engine-event.h"

static void
test_banner (void)
{
  g_autofree char *a = tl_engine_dialect_parse_banner ("baresip v1.0.0 Copyright (C) 2010 - 2020 Alfred E. Heggestad et al.");
  g_autofree char *b = tl_engine_dialect_parse_banner ("|   \033[34;1mbare\033[31;1msip\033[;m 1.0.0     |");
  g_autofree char *c = tl_engine_dialect_parse_banner ("baresip v4.1.0 Copyright (C) 2010 - 2025");
  g_autofree char *d = tl_engine_dialect_parse_banner ("Local network address: IPv4=eth0|192.0.2.2");

  g_assert_cmpstr (a, ==, "1.0.0");
  g_assert_cmpstr (b, ==, "1.0.0");
  g_assert_cmpstr (c, ==, "4.1.0");
  g_assert_null (d);
}

static void
test_features (void)
{
  TlEngineDialect v1, v4, v311;

  g_assert_true (tl_engine_dialect_init_from_version (&v1, "1.0.0"));
  g_assert_true (tl_engine_dialect_init_from_version (&v4, "v4.1.0"));
  g_assert_true (tl_engine_dialect_init_from_version (&v311, "3.11.0"));
  g_assert_false (tl_engine_dialect_init_from_version (&v1, "garbage") );
  g_assert_true (tl_engine_dialect_init_from_version (&v1, "1.0.0"));

  g_assert_false (v1.call_commands_take_id);
  g_assert_false (v1.dial_returns_call_id);
  g_assert_false (v1.verifies_tls_server);
  g_assert_false (v1.has_catchall);
  g_assert_false (v1.mute_takes_state);
  g_assert_cmpstr (v1.register_event_class, ==, "register");

  g_assert_true (v4.call_commands_take_id);
  g_assert_true (v4.dial_returns_call_id);
  g_assert_true (v4.verifies_tls_server);
  g_assert_true (v4.has_catchall);
  g_assert_true (v4.has_attended_transfer);
  g_assert_cmpstr (v4.register_event_class, ==, "ua");
  g_assert_true (v311.has_catchall);

  /* What 4.x lifts: kept off for 1.0.0 so its behaviour stays as it was. */
  g_assert_false (v1.has_check_origin);
  g_assert_false (v1.loopback_needs_interface);
  g_assert_false (v1.has_netroam);
  g_assert_true (v4.has_check_origin);
  g_assert_true (v4.loopback_needs_interface);
  g_assert_true (v4.has_netroam);
  g_assert_false (v311.has_check_origin);
  g_assert_true (v1.resumes_held_call);
  g_assert_false (v4.resumes_held_call);
}

static TlEngineEvent *
parse_event (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  TlEngineEvent *event;

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  event = tl_engine_event_new_from_json (json_node_get_object (json_parser_get_root (parser)), &error);
  g_assert_no_error (error);
  return event;
}

static void
test_closed_reason (void)
{
  /* Our own hang-up as each version reports it, then the far end's. */
  g_autoptr(TlEngineEvent) v1 = parse_event ("{\"event\":true,\"class\":\"call\",\"type\":\"CALL_CLOSED\","
                                             "\"id\":\"a\",\"param\":\"Connection reset by user\"}");
  g_autoptr(TlEngineEvent) v4 = parse_event ("{\"event\":true,\"class\":\"call\",\"type\":\"CALL_CLOSED\","
                                             "\"id\":\"b\",\"param\":\"Rejected by user\"}");
  g_autoptr(TlEngineEvent) peer = parse_event ("{\"event\":true,\"class\":\"call\",\"type\":\"CALL_CLOSED\","
                                               "\"id\":\"c\",\"param\":\"Connection reset by peer\"}");
  g_autoptr(TlEngineEvent) busy = parse_event ("{\"event\":true,\"class\":\"call\",\"type\":\"CALL_CLOSED\","
                                               "\"id\":\"d\",\"param\":\"486 Busy Here\"}");
  /* Only a call's end is rewritten. */
  g_autoptr(TlEngineEvent) other = parse_event ("{\"event\":true,\"class\":\"ua\",\"type\":\"REGISTER_FAIL\","
                                                "\"param\":\"Rejected by user\"}");
  gboolean local = TRUE;
  g_autofree char *none = tl_engine_dialect_closed_reason (NULL, &local);

  g_assert_true (v1->closed_locally);
  g_assert_cmpstr (v1->param, ==, "Connection reset by user");
  g_assert_true (v4->closed_locally);
  g_assert_cmpstr (v4->param, ==, "Connection reset by user");
  g_assert_false (peer->closed_locally);
  g_assert_cmpstr (peer->param, ==, "Connection reset by peer");
  g_assert_false (busy->closed_locally);
  g_assert_cmpstr (busy->param, ==, "486 Busy Here");
  g_assert_false (other->closed_locally);
  g_assert_cmpstr (other->param, ==, "Rejected by user");
  g_assert_null (none);
  g_assert_false (local);
}

static void
test_hangup (void)
{
  TlEngineDialect v1, v4;
  g_autofree char *cmd = NULL;
  g_autofree char *params = NULL;
  gboolean callfind = FALSE;

  tl_engine_dialect_init_from_version (&v1, "1.0.0");
  tl_engine_dialect_init_from_version (&v4, "4.1.0");
  tl_engine_dialect_hangup_command (&v1, "abc", 603, "Decline", &cmd, &params, &callfind);
  g_assert_cmpstr (cmd, ==, "hangup");
  g_assert_null (params);
  g_assert_true (callfind);
  g_clear_pointer (&cmd, g_free);
  tl_engine_dialect_hangup_command (&v4, "abc", 603, "Decline", &cmd, &params, &callfind);
  g_assert_cmpstr (params, ==, "abc scode=603 reason=Decline");
  g_assert_false (callfind);
}

static void
test_replies (void)
{
  TlEngineDialect v1, v4;
  g_autofree char *id4 = NULL;
  g_autofree char *id1 = NULL;

  tl_engine_dialect_init_from_version (&v1, "1.0.0");
  tl_engine_dialect_init_from_version (&v4, "4.1.0");
  id4 = tl_engine_dialect_dial_reply_call_id (&v4, "call id: 3f2a9c1e0b7d4a55");
  id1 = tl_engine_dialect_dial_reply_call_id (&v1, "");
  g_assert_cmpstr (id4, ==, "3f2a9c1e0b7d4a55");
  g_assert_null (id1);
  g_assert_true (tl_engine_dialect_reply_means_no_call ("command not found (hold)"));
  g_assert_false (tl_engine_dialect_reply_means_no_call ("ok"));
  g_assert_true (tl_engine_dialect_reply_reports_failure ("Creating UA for garbage ...\nmenu: create_ua failed: No such file or directory\n"));
  g_assert_false (tl_engine_dialect_reply_reports_failure ("Creating UA for <sip:a@b> ...\n--- User Agents (1) ---"));
}

static void
test_call_list (void)
{
  /* As 1.0.0 prints it (current call marked ">"), then as 4.x does, then junk. */
  const char *v1 = "\n--- Active calls (2) ---\n"
                   "  [line 1]  0:00:12  ESTABLISHED  (on hold)  sip:bob@127.0.0.1\n"
                   "> [line 2]  0:00:03  ESTABLISHED             sip:carol@127.0.0.1;transport=tcp\n\n";
  const char *v4 = "\nUser-Agent: alice@example.net\n--- Active calls (1) ---\n"
                   "> [line 1, id 3f2a-77]  1:02:03    RINGING             sip:+15551234567@example.net\n";
  const char *junk = "[line ]\n[line 0] x y z\n[line 5\n[line 3]  0:00:01\n> [line 4]  \n";
  g_autoptr(GPtrArray) lines = NULL;
  TlEngineCallLine *line;

  lines = tl_engine_dialect_parse_call_list (v1);
  g_assert_cmpuint (lines->len, ==, 2);
  line = g_ptr_array_index (lines, 0);
  g_assert_cmpuint (line->line, ==, 1);
  g_assert_null (line->id);
  g_assert_cmpstr (line->state, ==, "ESTABLISHED");
  g_assert_true (line->on_hold);
  g_assert_false (line->current);
  g_assert_cmpstr (line->peer_uri, ==, "sip:bob@127.0.0.1");
  line = g_ptr_array_index (lines, 1);
  g_assert_cmpuint (line->line, ==, 2);
  g_assert_false (line->on_hold);
  g_assert_true (line->current);
  g_assert_cmpstr (line->peer_uri, ==, "sip:carol@127.0.0.1;transport=tcp");
  g_clear_pointer (&lines, g_ptr_array_unref);

  lines = tl_engine_dialect_parse_call_list (v4);
  g_assert_cmpuint (lines->len, ==, 1);
  line = g_ptr_array_index (lines, 0);
  g_assert_cmpstr (line->id, ==, "3f2a-77");
  g_assert_cmpstr (line->state, ==, "RINGING");
  g_assert_false (line->on_hold);
  g_assert_cmpstr (line->peer_uri, ==, "sip:+15551234567@example.net");
  g_clear_pointer (&lines, g_ptr_array_unref);

  lines = tl_engine_dialect_parse_call_list (junk);
  g_assert_cmpuint (lines->len, ==, 0);
  g_clear_pointer (&lines, g_ptr_array_unref);
  lines = tl_engine_dialect_parse_call_list (NULL);
  g_assert_cmpuint (lines->len, ==, 0);
}

static void
test_call_codec (void)
{
  /* As 1.0.0 prints it (4.x prints the same SDP block); the answer lists formats
   * the engine lacks without a "*". */
  const char *status = "\n===== Call debug (ESTABLISHED) =====\n"
                       " direction: Incoming\nSDP session\n  local attributes:\n"
                       "session media:\naudio RTP/AVP\n  local formats:\n"
                       "     96 opus/48000/2 (stereo=1;sprop-stereo=1) *\n"
                       "      0 PCMU/8000/1 () *\n"
                       "  remote formats:\n"
                       "     97 ilbc/8000/1 (mode=30)\n"
                       "    101 telephone-event/8000/1 (0-15) *\n"
                       "      8 PCMA/8000/1 *\n"
                       "      0 PCMU/8000/1 *\n"
                       "  local attributes:\n    ptime='20'\n";
  g_autofree char *codec = tl_engine_dialect_parse_call_codec (status);
  g_autofree char *none = tl_engine_dialect_parse_call_codec ("\n(no active calls)\n");
  g_autofree char *junk = tl_engine_dialect_parse_call_codec ("remote formats:\n  99 *\n  x y *\n");

  g_assert_cmpstr (codec, ==, "PCMA/8000/1");
  g_assert_null (none);
  g_assert_null (junk);
  g_assert_null (tl_engine_dialect_parse_call_codec (NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine-dialect/banner", test_banner);
  g_test_add_func ("/engine-dialect/features", test_features);
  g_test_add_func ("/engine-dialect/closed-reason", test_closed_reason);
  g_test_add_func ("/engine-dialect/hangup", test_hangup);
  g_test_add_func ("/engine-dialect/replies", test_replies);
  g_test_add_func ("/engine-dialect/call-list", test_call_list);
  g_test_add_func ("/engine-dialect/call-codec", test_call_codec);
  return g_test_run ();
}
