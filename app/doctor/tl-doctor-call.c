/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The trunk doctor's test call: does it connect, does audio flow both ways, is
 * it encrypted, and how good is it (loss, jitter, round trip, MOS, bandwidth). */
#define G_LOG_DOMAIN "tl-doctor"

#include "config.h"

#include <math.h>
#include <string.h>

#include "tl-demo-account.h"
#include "tl-doctor-private.h"
#include "tl-emodel.h"
#include "tl-engine-stats.h"

/* RTP + UDP + IPv4 headers, plus Ethernet's header and checksum: what each
 * packet costs on the wire besides its payload (the usual 87.2 kbit/s for G.711). */
#define WIRE_OVERHEAD_BYTES (12 + 8 + 20 + 18)
#define G711_PAYLOAD_BYTES  160
#define PACKETS_PER_SECOND  50.0

static void call_ended (TlDoctor *self);

static TlCallManager *
manager (TlDoctor *self)
{
  return self->calls != NULL ? self->calls : self->own_calls;
}

static TlDoctorCheck *
running_check (TlDoctor   *self,
               const char *name)
{
  TlDoctorCheck *check = tl_doctor_find_check (self, name);

  return check != NULL && tl_doctor_check_get_result (check) == TL_DOCTOR_RESULT_RUNNING ? check : NULL;
}

static const char *
end_advice (TlCall *call)
{
  switch (tl_call_get_end_reason (call))
    {
    case TL_CALL_END_BUSY:
      return "The number is busy: try again later, or test with another number.";
    case TL_CALL_END_DECLINED:
    case TL_CALL_END_NO_ANSWER:
      return "Nobody took the call: use a number that answers by itself (an echo test or voicemail).";
    case TL_CALL_END_UNREACHABLE:
      return "The trunk does not know this number: check it, and the account's dial plan (country code, "
             "national prefix).";
    case TL_CALL_END_NETWORK_ERROR:
      return "The call could not reach the trunk: see the reachability checks above.";
    case TL_CALL_END_OTHER:
      if (tl_call_get_sip_code (call) == 488 || tl_call_get_sip_code (call) == 415)
        return "The far end accepts none of the account's codecs or its SRTP setting: compare them with "
               "what the provider supports.";
      if (tl_call_get_sip_code (call) == 403 || tl_call_get_sip_code (call) == 401
          || tl_call_get_sip_code (call) == 407)
        return "The trunk refuses calls from this account: ask the provider whether it may call out (and "
               "whether there is credit).";
      return "The trunk refused the call: give the provider the detail in this check.";
    case TL_CALL_END_NONE:
    case TL_CALL_END_HUNG_UP:
    case TL_CALL_END_CANCELLED:
    case TL_CALL_END_MISSED:
    case TL_CALL_END_REJECTED:
    case TL_CALL_END_ENGINE_RESTARTED:
    case TL_CALL_END_TRANSFERRED:
    default:
      return "The call ended before it was answered: try again, or test with another number.";
    }
}

/* ---- audio ------------------------------------------------------------------ */

static void
complete_audio_in (TlDoctor *self)
{
  TlDoctorCheck *check = running_check (self, "audio-in");

  if (check == NULL)
    return;
  if (tl_call_get_media_received (self->call))
    {
      g_autofree char *summary = g_strdup_printf ("Audio arrives, %d ms after the answer",
                                                  tl_call_get_media_delay_ms (self->call));

      tl_doctor_check_set_number (check, tl_call_get_media_delay_ms (self->call), "ms");
      tl_doctor_complete (self, check, TL_DOCTOR_RESULT_PASS, summary, NULL);
      return;
    }
  tl_doctor_complete (self, check, TL_DOCTOR_RESULT_FAIL,
                      "No audio is arriving (one-way audio): the call is answered but no RTP comes back",
                      "This is almost always a NAT or firewall dropping the audio (it uses other ports than "
                      "SIP). Turn on the STUN server or ICE for the account, prefer TCP or TLS for SIP, "
                      "let UDP in for the RTP ports, or ask the provider to send audio back to where it "
                      "comes from (symmetric RTP).");
}

static void
media_cb (TlCall     *call,
          GParamSpec *pspec,
          TlDoctor   *self)
{
  if (tl_call_get_media_received (call) || tl_call_get_media_notice (call) != NULL)
    complete_audio_in (self);
}

static void
engine_event_cb (TlEngine      *engine,
                 TlEngineEvent *event,
                 TlDoctor      *self)
{
  TlEngineCallStats stats;

  tl_engine_call_stats_init (&stats);
  if (event->type != TL_ENGINE_EVENT_CALL_RTCP || self->call == NULL
      || g_strcmp0 (event->call_id, tl_call_get_id (self->call)) != 0
      || !tl_engine_call_stats_from_event (&stats, event))
    return;
  self->rtcp_tx_sent = stats.packets_sent;
  self->rtcp_rx_sent = stats.packets_received;
  self->rtcp_at_us = g_get_monotonic_time ();
  self->rtcp_reports++;
}

/* ---- after the call ----------------------------------------------------------- */

static void
check_audio_out (TlDoctor *self)
{
  TlDoctorCheck *check = tl_doctor_begin_check (self, "audio-out", "Audio sent");
  g_autofree char *summary = NULL;

  if (self->rtcp_reports > 0 && self->rtcp_tx_sent > 0)
    {
      tl_doctor_check_set_number (check, (double) self->rtcp_tx_sent, "packets");
      summary = g_strdup_printf ("%" G_GINT64_FORMAT " packets sent; the far end's reports came back",
                                 self->rtcp_tx_sent);
      tl_doctor_complete (self, check, TL_DOCTOR_RESULT_PASS, summary, NULL);
    }
  else if (self->demo_account != NULL && tl_call_get_media_received (self->call))
    tl_doctor_complete (self, check, TL_DOCTOR_RESULT_PASS,
                        "The echo service sends our audio back, so it gets there", NULL);
  else
    tl_doctor_complete (self, check, TL_DOCTOR_RESULT_WARN,
                        "Whether our audio arrives could not be confirmed: the far end sent no RTCP report",
                        "Ask the person you called whether they heard you; if not, the firewall or NAT on "
                        "this side blocks outgoing audio.");
}

static void
check_codec (TlDoctor *self)
{
  TlDoctorCheck *check = tl_doctor_begin_check (self, "codec", "Codec");
  g_autofree char *summary = NULL;

  if (tl_call_get_codec (self->call) == NULL)
    {
      tl_doctor_complete (self, check, TL_DOCTOR_RESULT_WARN, "The engine did not say which codec the call used",
                          NULL);
      return;
    }
  tl_doctor_check_set_text (check, tl_call_get_codec (self->call), NULL);
  summary = g_strdup_printf ("The call used %s", tl_call_get_codec (self->call));
  tl_doctor_complete (self, check, TL_DOCTOR_RESULT_PASS, summary, NULL);
}

static void
check_srtp (TlDoctor *self)
{
  TlDoctorCheck *check = tl_doctor_begin_check (self, "srtp", "Audio encryption (SRTP)");
  TlAccountSrtp policy = tl_account_get_srtp (self->demo_account != NULL ? self->demo_account : self->account);

  tl_doctor_check_set_text (check, tl_call_get_srtp (self->call) ? "srtp" : "rtp", NULL);
  if (tl_call_get_srtp (self->call))
    tl_doctor_complete (self, check, TL_DOCTOR_RESULT_PASS, "The audio was encrypted (SRTP)", NULL);
  else if (self->demo_account != NULL)
    tl_doctor_complete (self, check, TL_DOCTOR_RESULT_WARN, "The demo line does not encrypt audio (the echo "
                        "service has no SRTP)", "Test with a number on the trunk to see whether its calls are "
                        "encrypted.");
  else if (policy == TL_ACCOUNT_SRTP_MANDATORY)
    tl_doctor_complete (self, check, TL_DOCTOR_RESULT_FAIL, "The audio was not encrypted although the account "
                        "requires it", "Tell the provider: the trunk answered without SRTP.");
  else if (policy == TL_ACCOUNT_SRTP_OFF)
    tl_doctor_complete (self, check, TL_DOCTOR_RESULT_WARN, "The audio was not encrypted (SRTP is off for the "
                        "account)", "If the provider supports SRTP, turn it on (srtp optional or mandatory), "
                        "together with TLS.");
  else
    tl_doctor_complete (self, check, TL_DOCTOR_RESULT_WARN, "The audio was not encrypted: the far end did not "
                        "take up SRTP", "Ask the provider whether it offers SRTP (many do only over TLS).");
}

static void
figure (TlDoctor   *self,
        const char *name,
        const char *title,
        double      value,
        const char *unit,
        double      warn_above,
        double      fail_above,
        const char *advice)
{
  TlDoctorCheck *check = tl_doctor_begin_check (self, name, title);
  g_autofree char *summary = NULL;
  TlDoctorResult result;

  if (value < 0)
    {
      tl_doctor_complete (self, check, TL_DOCTOR_RESULT_SKIP,
                          "No RTCP report arrived during the test call (they come about every 5 s)", NULL);
      return;
    }
  value = round (value * 100) / 100;
  tl_doctor_check_set_number (check, value, unit);
  result = value > fail_above ? TL_DOCTOR_RESULT_FAIL
           : value > warn_above ? TL_DOCTOR_RESULT_WARN : TL_DOCTOR_RESULT_PASS;
  summary = g_strdup_printf ("%s: %.2f %s", title, value, unit);
  tl_doctor_complete (self, check, result, summary, result == TL_DOCTOR_RESULT_PASS ? NULL : advice);
}

static void
check_mos (TlDoctor *self)
{
  TlDoctorCheck *check = tl_doctor_begin_check (self, "mos", "Estimated call quality (MOS)");
  TlEmodelCodec codec = tl_emodel_codec_from_name (tl_call_get_codec (self->call));
  double loss = tl_call_get_loss_percent (self->call);
  double rtt = tl_call_get_rtt_ms (self->call);
  double jitter = tl_call_get_jitter_ms (self->call);
  double delay, rating, mos;
  g_autofree char *summary = NULL;
  TlDoctorResult result;

  if (loss < 0)
    {
      tl_doctor_complete (self, check, TL_DOCTOR_RESULT_SKIP,
                          "No RTCP report arrived during the test call, so there is nothing to rate", NULL);
      return;
    }
  /* One-way delay up to the sound devices (which the doctor cannot see). */
  delay = tl_emodel_call_delay_ms (rtt, jitter);
  mos = tl_emodel_estimate_mos (codec, delay, loss, &rating);
  mos = round (mos * 100) / 100;
  tl_doctor_check_set_number (check, mos, "MOS");
  summary = g_strdup_printf ("MOS %.2f (R = %.1f, %s) for %s with %.2f %% loss and about %.0f ms one-way delay "
                             "(ITU-T G.107 E-model)", mos, rating, tl_emodel_describe_rating (rating),
                             tl_emodel_codec_to_string (codec), loss, delay);
  result = mos >= 4.0 ? TL_DOCTOR_RESULT_PASS : mos >= 3.6 ? TL_DOCTOR_RESULT_WARN : TL_DOCTOR_RESULT_FAIL;
  tl_doctor_complete (self, check, result, summary,
                      result == TL_DOCTOR_RESULT_PASS ? NULL
                      : "Calls will sound noticeably worse than a landline: see the loss, jitter and round-trip "
                        "checks for the cause (often Wi-Fi or a busy uplink).");
}

static void
check_bandwidth (TlDoctor *self)
{
  TlDoctorCheck *check = tl_doctor_begin_check (self, "bandwidth", "Bandwidth");
  TlEmodelCodec codec = tl_emodel_codec_from_name (tl_call_get_codec (self->call));
  double seconds = (double) (self->rtcp_at_us - self->established_us) / G_USEC_PER_SEC;
  double pps, kbits;
  g_autofree char *summary = NULL;

  if (self->rtcp_reports == 0 || seconds <= 0 || self->rtcp_tx_sent <= 0)
    {
      tl_doctor_complete (self, check, TL_DOCTOR_RESULT_SKIP,
                          "No RTCP report arrived during the test call, so the packets sent are not known", NULL);
      return;
    }
  pps = (double) self->rtcp_tx_sent / seconds;
  if (codec == TL_EMODEL_CODEC_G711)
    {
      double expected = PACKETS_PER_SECOND * (G711_PAYLOAD_BYTES + WIRE_OVERHEAD_BYTES) * 8 / 1000;

      kbits = round (pps * (G711_PAYLOAD_BYTES + WIRE_OVERHEAD_BYTES) * 8 / 100) / 10;
      tl_doctor_check_set_number (check, kbits, "kbit/s");
      summary = g_strdup_printf ("%.1f kbit/s sent on the wire (%.1f packets/s); G.711 needs %.1f kbit/s each way",
                                 kbits, pps, expected);
      tl_doctor_complete (self, check, fabs (kbits - expected) <= expected / 4 ? TL_DOCTOR_RESULT_PASS
                                                                              : TL_DOCTOR_RESULT_WARN,
                          summary, fabs (kbits - expected) <= expected / 4 ? NULL
                          : "The audio is sent unevenly (too few or too many packets): the sound device or a "
                            "busy computer may be the cause.");
      return;
    }
  kbits = round (pps * WIRE_OVERHEAD_BYTES * 8 / 100) / 10;
  tl_doctor_check_set_number (check, round (pps * 10) / 10, "packets/s");
  summary = g_strdup_printf ("%.1f packets/s sent; %s adapts its bit rate, so only the headers are known: "
                             "%.1f kbit/s of them (G.711 would need 87.2 kbit/s in all)",
                             pps, tl_emodel_codec_to_string (codec), kbits);
  tl_doctor_complete (self, check, TL_DOCTOR_RESULT_PASS, summary, NULL);
}

static void
call_ended (TlDoctor *self)
{
  TlDoctorCheck *call_check = running_check (self, "call");

  g_clear_handle_id (&self->call_timer, g_source_remove);
  g_clear_signal_handler (&self->event_handler, self->engine);
  g_signal_handlers_disconnect_by_data (self->call, self);
  if (call_check != NULL)
    {
      g_autofree char *summary = g_strdup_printf ("The call was not answered: %s",
                                                  tl_call_get_end_detail (self->call) != NULL
                                                    ? tl_call_get_end_detail (self->call)
                                                    : tl_call_end_reason_to_string (tl_call_get_end_reason (self->call)));

      tl_doctor_check_set_text (call_check, tl_call_get_end_detail (self->call), NULL);
      tl_doctor_complete (self, call_check, TL_DOCTOR_RESULT_FAIL, summary, end_advice (self->call));
      tl_doctor_next_step (self);
      return;
    }
  complete_audio_in (self);
  check_codec (self);
  check_audio_out (self);
  check_srtp (self);
  figure (self, "loss", "Packet loss", tl_call_get_loss_percent (self->call), "%", 1, 5,
          "Audio packets get lost on the way: use a wired connection instead of Wi-Fi, stop large uploads "
          "during calls, or ask the provider about the route.");
  figure (self, "jitter", "Jitter", tl_call_get_jitter_ms (self->call), "ms", 30, 60,
          "Audio packets arrive unevenly: usually Wi-Fi or a busy uplink; a wired connection or quality of "
          "service on the router helps.");
  figure (self, "rtt", "Round-trip time", tl_call_get_rtt_ms (self->call), "ms", 300, 600,
          "The audio takes long to get there and back: people will talk over each other. Ask the provider "
          "for a closer edge, or avoid VPNs for calls.");
  check_mos (self);
  check_bandwidth (self);
  tl_doctor_next_step (self);
}

static void
hung_up_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!tl_call_manager_action_finish (TL_CALL_MANAGER (source), result, &error))
    g_debug ("Hanging up the test call: %s", error->message);
}

static void
hang_up (TlDoctor *self)
{
  if (self->call != NULL && tl_call_is_live (self->call))
    tl_call_manager_action_async (manager (self), self->call, TL_CALL_ACTION_HANGUP, NULL, NULL, hung_up_cb, NULL);
}

static gboolean
talk_over_cb (gpointer user_data)
{
  TlDoctor *self = user_data;

  self->call_timer = 0;
  hang_up (self);
  return G_SOURCE_REMOVE;
}

static gboolean
no_answer_cb (gpointer user_data)
{
  TlDoctor *self = user_data;
  TlDoctorCheck *check = running_check (self, "call");

  self->call_timer = 0;
  if (check != NULL)
    {
      g_autofree char *summary = g_strdup_printf ("No answer within %u s", self->timeout_ms * 2 / 1000);

      tl_doctor_complete (self, check, TL_DOCTOR_RESULT_FAIL, summary,
                          "Use a number that answers by itself (an echo test or voicemail), or check the "
                          "number and the dial plan.");
    }
  if (self->call == NULL)
    tl_doctor_next_step (self);   /* nothing was dialled (the echo service never came up) */
  else
    hang_up (self);   /* the rest follows when the call has ended */
  return G_SOURCE_REMOVE;
}

static void
call_state_cb (TlCall     *call,
               GParamSpec *pspec,
               TlDoctor   *self)
{
  TlDoctorCheck *check = running_check (self, "call");

  switch (tl_call_get_state (call))
    {
    case TL_CALL_STATE_ESTABLISHED:
      if (check != NULL)
        {
          g_autofree char *summary = g_strdup_printf ("Connected in %d ms", tl_call_get_setup_ms (call));

          self->established_us = g_get_monotonic_time ();
          tl_doctor_check_set_number (check, tl_call_get_setup_ms (call), "ms");
          tl_doctor_complete (self, check, TL_DOCTOR_RESULT_PASS, summary, NULL);
          tl_doctor_begin_check (self, "audio-in", "Audio received");
          media_cb (call, NULL, self);
          g_clear_handle_id (&self->call_timer, g_source_remove);
          self->call_timer = g_timeout_add_seconds (self->call_seconds, talk_over_cb, self);
        }
      break;
    case TL_CALL_STATE_ENDED:
      if (tl_doctor_find_check (self, "audio-in") == NULL && check == NULL)
        {
          /* Timed out unanswered: the call check already says so. */
          g_clear_handle_id (&self->call_timer, g_source_remove);
          g_clear_signal_handler (&self->event_handler, self->engine);
          g_signal_handlers_disconnect_by_data (call, self);
          tl_doctor_next_step (self);
          return;
        }
      call_ended (self);
      break;
    case TL_CALL_STATE_OUTGOING:
    case TL_CALL_STATE_INCOMING:
    case TL_CALL_STATE_RINGING:
    case TL_CALL_STATE_EARLY_MEDIA:
    case TL_CALL_STATE_HELD:
    default:
      break;
    }
}

static void
dial (TlDoctor   *self,
      TlAccount  *from,
      const char *aor,
      const char *target)
{
  TlDoctorCheck *check = tl_doctor_find_check (self, "call");
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;

  if (manager (self) == NULL)
    self->own_calls = tl_call_manager_new (self->engine, NULL);
  tl_call_manager_set_account (manager (self), aor, from);
  if (g_str_has_prefix (target, "sip:") || g_str_has_prefix (target, "sips:"))
    uri = g_strdup (target);
  else
    uri = tl_account_preview_dial (from, target);
  if (uri == NULL)
    {
      tl_doctor_complete (self, check, TL_DOCTOR_RESULT_FAIL, "The test number cannot be dialled",
                          "Give a number the account's dial plan accepts, or a SIP address.");
      tl_doctor_next_step (self);
      return;
    }
  self->call = tl_call_manager_dial (manager (self), aor, uri, &error);
  if (self->call == NULL)
    {
      tl_doctor_complete (self, check, TL_DOCTOR_RESULT_FAIL, error->message,
                          "The call could not be placed: see the message.");
      tl_doctor_next_step (self);
      return;
    }
  g_object_ref (self->call);
  tl_doctor_check_set_text (check, uri, NULL);
  self->event_handler = g_signal_connect (self->engine, "event", G_CALLBACK (engine_event_cb), self);
  g_signal_connect (self->call, "notify::state", G_CALLBACK (call_state_cb), self);
  g_signal_connect (self->call, "notify::media-received", G_CALLBACK (media_cb), self);
  g_signal_connect (self->call, "notify::media-notice", G_CALLBACK (media_cb), self);
  self->call_timer = g_timeout_add (self->timeout_ms * 2, no_answer_cb, self);
}

/* ---- the demo echo service -------------------------------------------------- */

static void
demo_added_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(TlDoctor) self = user_data;
  g_autoptr(GError) error = NULL;
  TlDoctorCheck *check = running_check (self, "call");

  if (!tl_engine_add_account_finish (TL_ENGINE (source), result, &error))
    {
      if (check != NULL)
        {
          tl_doctor_complete (self, check, TL_DOCTOR_RESULT_FAIL, error->message,
                              "The call engine refused the demo line: restart Trunkline and try again.");
          tl_doctor_next_step (self);
        }
      return;
    }
  if (check == NULL || self->task == NULL)
    return;
  {
    g_autoptr(TlEngineAccount) demo = tl_account_to_engine_account (self->demo_account, NULL, NULL, NULL);
    g_autofree char *aor = tl_engine_account_get_aor (demo);

    dial (self, self->demo_account, aor, TL_ECHO_SERVICE_NUMBER);
  }
}

static void
echo_state_cb (TlEchoService *echo,
               GParamSpec    *pspec,
               TlDoctor      *self)
{
  TlDoctorCheck *check = running_check (self, "call");
  g_autoptr(TlEngineAccount) demo = NULL;
  g_autoptr(GError) error = NULL;

  if (check == NULL)
    return;
  if (tl_echo_service_get_state (echo) == TL_ECHO_SERVICE_FAILED)
    {
      g_signal_handlers_disconnect_by_func (echo, echo_state_cb, self);
      tl_doctor_complete (self, check, TL_DOCTOR_RESULT_FAIL, tl_echo_service_get_error (echo),
                          "The demo echo service could not start: test with a number instead.");
      tl_doctor_next_step (self);
      return;
    }
  if (tl_echo_service_get_state (echo) != TL_ECHO_SERVICE_RUNNING)
    return;
  g_signal_handlers_disconnect_by_func (echo, echo_state_cb, self);
  self->demo_account = tl_demo_account_new (tl_echo_service_get_port (echo));
  demo = tl_account_to_engine_account (self->demo_account, NULL, tl_engine_get_dialect (self->engine), &error);
  if (demo == NULL)
    {
      tl_doctor_complete (self, check, TL_DOCTOR_RESULT_FAIL, error->message, NULL);
      tl_doctor_next_step (self);
      return;
    }
  tl_engine_add_account_async (self->engine, demo, self->cancellable, demo_added_cb, g_object_ref (self));
}

/* ---- the step --------------------------------------------------------------- */

void
tl_doctor_step_call (TlDoctor *self)
{
  TlDoctorCheck *check;

  if (self->echo_target == NULL)
    {
      tl_doctor_skip (self, "call", "Test call", "No test call: give a number, a SIP address or “demo” to call");
      tl_doctor_next_step (self);
      return;
    }
  if (!self->registered && g_strcmp0 (self->echo_target, TL_DOCTOR_TARGET_DEMO) != 0)
    {
      tl_doctor_skip (self, "call", "Test call", "No test call: the account is not registered");
      tl_doctor_next_step (self);
      return;
    }
  check = tl_doctor_begin_check (self, "call", "Test call");
  if (g_strcmp0 (self->echo_target, TL_DOCTOR_TARGET_DEMO) == 0)
    {
      tl_doctor_check_set_text (check, TL_DOCTOR_TARGET_DEMO, NULL);
      self->echo = tl_echo_service_new ();
      g_signal_connect (self->echo, "notify::state", G_CALLBACK (echo_state_cb), self);
      self->call_timer = g_timeout_add (self->timeout_ms * 2, no_answer_cb, self);
      tl_echo_service_start (self->echo);
      echo_state_cb (self->echo, NULL, self);
      return;
    }
  dial (self, self->account, self->call_aor, self->echo_target);
}

static void
demo_removed_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  tl_engine_remove_account_finish (TL_ENGINE (source), result, NULL);
}

void
tl_doctor_call_cleanup (TlDoctor *self)
{
  g_clear_handle_id (&self->call_timer, g_source_remove);
  if (self->event_handler != 0)
    g_clear_signal_handler (&self->event_handler, self->engine);
  if (self->call != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->call, self);
      hang_up (self);
      g_clear_object (&self->call);
    }
  if (self->demo_account != NULL)
    {
      g_autoptr(TlEngineAccount) demo = tl_account_to_engine_account (self->demo_account, NULL, NULL, NULL);
      g_autofree char *aor = demo != NULL ? tl_engine_account_get_aor (demo) : NULL;

      if (aor != NULL && tl_engine_get_state (self->engine) == TL_ENGINE_STATE_READY)
        tl_engine_remove_account_async (self->engine, aor, NULL, demo_removed_cb, NULL);
      g_clear_object (&self->demo_account);
    }
  /* The echo service is stopped by the run's end, which waits for it. */
  if (self->echo != NULL)
    g_signal_handlers_disconnect_by_data (self->echo, self);
  g_clear_object (&self->own_calls);
}
