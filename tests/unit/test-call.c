/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The call state machine and what it keeps of hostile network text. */
#include "config.h"

#include <string.h>

#include "tl-call.h"
#include "tl-test-events.h"

static void
apply (TlCall     *call,
       const char *json)
{
  g_autoptr(TlEngineEvent) e = tl_test_event_from_json (json);

  tl_call_apply_event (call, e);
}

static void
test_outgoing_lifecycle (void)
{
  g_autoptr(TlCall) call = tl_call_new_outgoing ("sip:a@t", "sip:+15551234567@t;user=phone");

  g_assert_cmpint (tl_call_get_state (call), ==, TL_CALL_STATE_OUTGOING);
  g_assert_cmpstr (tl_call_get_peer_number (call), ==, "+15551234567");
  g_assert_null (tl_call_get_id (call));
  apply (call, "{\"event\":true,\"type\":\"CALL_RINGING\",\"direction\":\"outgoing\",\"id\":\"c1\"}");
  g_assert_cmpstr (tl_call_get_id (call), ==, "c1");
  g_assert_cmpint (tl_call_get_state (call), ==, TL_CALL_STATE_RINGING);
  apply (call, "{\"event\":true,\"type\":\"CALL_PROGRESS\",\"id\":\"c1\"}");
  g_assert_cmpint (tl_call_get_state (call), ==, TL_CALL_STATE_EARLY_MEDIA);
  apply (call, "{\"event\":true,\"type\":\"CALL_ESTABLISHED\",\"id\":\"c1\"}");
  g_assert_cmpint (tl_call_get_state (call), ==, TL_CALL_STATE_ESTABLISHED);
  g_assert_cmpint (tl_call_get_setup_ms (call), >=, 0);
  tl_call_set_held (call, TRUE);
  g_assert_cmpint (tl_call_get_state (call), ==, TL_CALL_STATE_HELD);
  /* An RTCP report while held keeps it held. */
  apply (call, "{\"event\":true,\"type\":\"CALL_RTCP\",\"id\":\"c1\",\"rtcp_stats\":{\"rx\":{\"sent\":90,\"lost\":10,\"jit\":2500},\"rtt\":30000}}");
  g_assert_cmpint (tl_call_get_state (call), ==, TL_CALL_STATE_HELD);
  g_assert_cmpfloat_with_epsilon (tl_call_get_loss_percent (call), 10.0, 0.001);
  g_assert_cmpfloat_with_epsilon (tl_call_get_jitter_ms (call), 2.5, 0.001);
  g_assert_cmpfloat_with_epsilon (tl_call_get_rtt_ms (call), 30.0, 0.001);
  tl_call_set_held (call, FALSE);
  apply (call, "{\"event\":true,\"type\":\"CALL_CLOSED\",\"id\":\"c1\",\"param\":\"Connection reset by user\"}");
  g_assert_cmpint (tl_call_get_state (call), ==, TL_CALL_STATE_ENDED);
  g_assert_cmpint (tl_call_get_end_reason (call), ==, TL_CALL_END_HUNG_UP);
  /* Nothing moves an ended call. */
  apply (call, "{\"event\":true,\"type\":\"CALL_ESTABLISHED\",\"id\":\"c1\"}");
  g_assert_cmpint (tl_call_get_state (call), ==, TL_CALL_STATE_ENDED);
}

static void
test_end_reasons (void)
{
  const struct { const char *param; TlCallEndReason reason; guint code; } cases[] = {
    { "486 Busy Here", TL_CALL_END_BUSY, 486 },
    { "603 Decline", TL_CALL_END_DECLINED, 603 },
    { "480 Temporarily Unavailable", TL_CALL_END_NO_ANSWER, 480 },
    { "404 Not Found", TL_CALL_END_UNREACHABLE, 404 },
    { "488 Not Acceptable Here", TL_CALL_END_OTHER, 488 },
    { "Connection refused [111]", TL_CALL_END_UNREACHABLE, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TlCall) call = tl_call_new_outgoing ("sip:a@t", "sip:b@t");
      g_autofree char *json = g_strdup_printf ("{\"event\":true,\"type\":\"CALL_CLOSED\",\"id\":\"x\",\"param\":\"%s\"}",
                                               cases[i].param);

      apply (call, json);
      g_assert_cmpint (tl_call_get_end_reason (call), ==, cases[i].reason);
      g_assert_cmpuint (tl_call_get_sip_code (call), ==, cases[i].code);
      g_assert_cmpstr (tl_call_get_end_detail (call), ==, cases[i].param);
    }
  {
    g_autoptr(TlCall) call = tl_call_new_outgoing ("sip:a@t", "sip:b@t");

    tl_call_mark_cancelled (call);
    apply (call, "{\"event\":true,\"type\":\"CALL_CLOSED\",\"id\":\"x\",\"param\":\"487 Request Terminated\"}");
    g_assert_cmpint (tl_call_get_end_reason (call), ==, TL_CALL_END_CANCELLED);
  }
}

static void
test_transferred (void)
{
  g_autoptr(TlCall) handed_on = tl_call_new_outgoing ("sip:a@t", "sip:b@t");
  g_autoptr(TlCall) refused = tl_call_new_outgoing ("sip:a@t", "sip:b@t");

  apply (handed_on, "{\"event\":true,\"type\":\"CALL_ESTABLISHED\",\"direction\":\"outgoing\",\"id\":\"t1\"}");
  tl_call_mark_transferred (handed_on);
  apply (handed_on, "{\"event\":true,\"type\":\"CALL_CLOSED\",\"id\":\"t1\",\"param\":\"Call transfered\"}");
  g_assert_cmpint (tl_call_get_end_reason (handed_on), ==, TL_CALL_END_TRANSFERRED);
  g_assert_cmpstr (tl_call_end_reason_to_string (TL_CALL_END_TRANSFERRED), ==, "transferred");

  /* The other side refused the transfer; the call went on and was hung up. */
  apply (refused, "{\"event\":true,\"type\":\"CALL_ESTABLISHED\",\"direction\":\"outgoing\",\"id\":\"t2\"}");
  tl_call_mark_transferred (refused);
  apply (refused, "{\"event\":true,\"type\":\"CALL_CLOSED\",\"id\":\"t2\",\"param\":\"Connection reset by peer\"}");
  g_assert_cmpint (tl_call_get_end_reason (refused), ==, TL_CALL_END_HUNG_UP);
}

static void
test_consultation_link (void)
{
  g_autoptr(TlCall) original = tl_call_new_outgoing ("sip:a@t", "sip:b@t");
  TlCall *consultation = tl_call_new_outgoing ("sip:a@t", "sip:c@t");
  g_autoptr(TlCall) other = tl_call_new_outgoing ("sip:a@t", "sip:d@t");

  g_assert_null (tl_call_get_transfer_partner (original));
  tl_call_link_consultation (original, consultation);
  g_assert_true (tl_call_get_transfer_partner (original) == consultation);
  g_assert_true (tl_call_get_transfer_partner (consultation) == original);
  g_assert_true (tl_call_is_consultation (consultation));
  g_assert_false (tl_call_is_consultation (original));

  /* A new consultation replaces the old one on both sides. */
  tl_call_link_consultation (original, other);
  g_assert_null (tl_call_get_transfer_partner (consultation));
  g_assert_false (tl_call_is_consultation (consultation));
  g_assert_true (tl_call_get_transfer_partner (other) == original);

  /* A call that goes away leaves no dangling partner behind. */
  tl_call_link_consultation (original, consultation);
  g_object_unref (consultation);
  g_assert_null (tl_call_get_transfer_partner (original));

  tl_call_link_consultation (original, NULL);
  g_assert_null (tl_call_get_transfer_partner (original));
}

static void
test_incoming_missed_and_rejected (void)
{
  g_autoptr(TlEngineEvent) ring = tl_test_event_from_json ("{\"event\":true,\"type\":\"CALL_INCOMING\",\"direction\":\"incoming\","
                                         "\"accountaor\":\"sip:a@t\",\"peeruri\":\"sip:0201234567@t\","
                                         "\"peerdisplayname\":\"Front desk\",\"id\":\"in1\"}");
  g_autoptr(TlCall) missed = tl_call_new_incoming (ring);
  g_autoptr(TlCall) rejected = tl_call_new_incoming (ring);

  g_assert_cmpint (tl_call_get_state (missed), ==, TL_CALL_STATE_INCOMING);
  g_assert_cmpstr (tl_call_get_peer_name (missed), ==, "Front desk");
  apply (missed, "{\"event\":true,\"type\":\"CALL_CLOSED\",\"id\":\"in1\",\"param\":\"Connection reset by peer\"}");
  g_assert_cmpint (tl_call_get_end_reason (missed), ==, TL_CALL_END_MISSED);
  tl_call_mark_rejected (rejected);
  apply (rejected, "{\"event\":true,\"type\":\"CALL_CLOSED\",\"id\":\"in1\"}");
  g_assert_cmpint (tl_call_get_end_reason (rejected), ==, TL_CALL_END_REJECTED);
}

static void
test_sanitize (void)
{
  g_autofree char *markup = tl_call_sanitize_text ("<b>x</b> %s%n &amp;", 128);
  g_autofree char *bidi = tl_call_sanitize_text ("+1 555\xe2\x80\xae" "1234\xe2\x81\xa6", 128);
  g_autofree char *controls = tl_call_sanitize_text ("a\r\nb\tc\x1b[31m", 128);
  g_autofree char *invalid = tl_call_sanitize_text ("Ma\xffri\xc3\x28o", 128);
  g_autofree char *huge_in = g_strnfill (65536, 'N');
  g_autofree char *huge = tl_call_sanitize_text (huge_in, 128);
  g_autofree char *blank = tl_call_sanitize_text ("\xe2\x80\xae  ", 128);

  g_assert_cmpstr (markup, ==, "<b>x</b> %s%n &amp;");
  g_assert_cmpstr (bidi, ==, "+1 5551234");
  g_assert_cmpstr (controls, ==, "abc[31m");
  g_assert_true (g_utf8_validate (invalid, -1, NULL));
  g_assert_nonnull (strstr (invalid, "Ma"));
  g_assert_cmpint (g_utf8_strlen (huge, -1), ==, 129);
  g_assert_true (g_str_has_suffix (huge, "…"));
  g_assert_null (blank);
}

static gboolean
has_media_notice (gpointer call)
{
  return tl_call_get_media_notice (call) != NULL;
}

/* An answered call that hears nothing says so, and stops saying so once audio comes. */
static void
test_media_notice (void)
{
  g_autoptr(TlCall) silent = tl_call_new_outgoing ("sip:a@t", "sip:100@t");
  g_autoptr(TlCall) heard = tl_call_new_outgoing ("sip:a@t", "sip:101@t");

  apply (silent, "{\"event\":true,\"type\":\"CALL_ESTABLISHED\",\"id\":\"s1\"}");
  apply (heard, "{\"event\":true,\"type\":\"CALL_ESTABLISHED\",\"id\":\"h1\"}");
  apply (heard, "{\"event\":true,\"type\":\"CALL_RTPESTAB\",\"id\":\"h1\"}");
  g_assert_true (tl_call_get_media_received (heard));
  g_assert_cmpint (tl_call_get_media_delay_ms (heard), >=, 0);
  g_assert_false (tl_call_get_media_received (silent));
  g_assert_cmpint (tl_call_get_media_delay_ms (silent), ==, -1);
  g_assert_true (tl_test_wait_until (has_media_notice, silent, TL_CALL_NO_MEDIA_TIMEOUT_MS + 5000));
  g_assert_cmpstr (tl_call_get_media_notice (silent), ==, TL_CALL_NO_MEDIA_NOTICE);
  /* The same wait passed for the call that hears its peer. */
  g_assert_null (tl_call_get_media_notice (heard));
  apply (silent, "{\"event\":true,\"type\":\"CALL_RTPESTAB\",\"id\":\"s1\"}");
  g_assert_null (tl_call_get_media_notice (silent));
  g_assert_true (tl_call_get_media_received (silent));
  apply (heard, "{\"event\":true,\"type\":\"CALL_CLOSED\",\"id\":\"h1\",\"param\":\"bye\"}");
  g_assert_null (tl_call_get_media_notice (heard));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/call/outgoing-lifecycle", test_outgoing_lifecycle);
  g_test_add_func ("/call/end-reasons", test_end_reasons);
  g_test_add_func ("/call/incoming-missed-and-rejected", test_incoming_missed_and_rejected);
  g_test_add_func ("/call/sanitize", test_sanitize);
  g_test_add_func ("/call/transferred", test_transferred);
  g_test_add_func ("/call/consultation-link", test_consultation_link);
  g_test_add_func ("/call/media-notice", test_media_notice);
  return g_test_run ();
}
