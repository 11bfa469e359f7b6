/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One call: its state machine, who is on the other end, and how it ended. */
#pragma once

#include <gio/gio.h>

#include "tl-engine-event.h"

G_BEGIN_DECLS

typedef enum {
  TL_CALL_STATE_OUTGOING,     /* dialled, nothing heard back yet */
  TL_CALL_STATE_INCOMING,     /* ringing here */
  TL_CALL_STATE_RINGING,      /* ringing at the other end */
  TL_CALL_STATE_EARLY_MEDIA,  /* the network plays something before the answer */
  TL_CALL_STATE_ESTABLISHED,
  TL_CALL_STATE_HELD,
  TL_CALL_STATE_ENDED,
} TlCallState;

typedef enum {
  TL_CALL_END_NONE,
  TL_CALL_END_HUNG_UP,        /* a normal end after the call was answered */
  TL_CALL_END_BUSY,
  TL_CALL_END_DECLINED,
  TL_CALL_END_NO_ANSWER,
  TL_CALL_END_UNREACHABLE,
  TL_CALL_END_CANCELLED,      /* we gave up before the answer */
  TL_CALL_END_MISSED,         /* incoming, never answered here */
  TL_CALL_END_REJECTED,       /* incoming, refused here */
  TL_CALL_END_NETWORK_ERROR,
  TL_CALL_END_ENGINE_RESTARTED,
  TL_CALL_END_OTHER,          /* see the SIP code and phrase */
  TL_CALL_END_TRANSFERRED,    /* we handed the other party on to someone else */
} TlCallEndReason;

typedef enum {
  TL_CALL_DIRECTION_OUTGOING,
  TL_CALL_DIRECTION_INCOMING,
} TlCallDirection;

/* How the call sounds from the RTCP figures (loss, jitter, round trip). */
typedef enum {
  TL_CALL_QUALITY_UNKNOWN,    /* no report yet */
  TL_CALL_QUALITY_GOOD,
  TL_CALL_QUALITY_FAIR,
  TL_CALL_QUALITY_POOR,
} TlCallQuality;

#define TL_TYPE_CALL (tl_call_get_type ())
G_DECLARE_FINAL_TYPE (TlCall, tl_call, TL, CALL, GObject)

const char      *tl_call_state_to_string        (TlCallState      state);
const char      *tl_call_end_reason_to_string   (TlCallEndReason  reason);
/* Network text made safe to show: valid UTF-8 without control characters or
 * direction overrides, at most @max_chars characters. Never markup. */
char            *tl_call_sanitize_text          (const char      *text,
                                                 guint            max_chars);

TlCall          *tl_call_new_outgoing           (const char      *account_aor,
                                                 const char      *peer_uri);
TlCall          *tl_call_new_incoming           (const TlEngineEvent *event);

/* The state machine: the one place where engine events change a call. Returns
 * TRUE when the call changed. */
gboolean         tl_call_apply_event            (TlCall          *self,
                                                 const TlEngineEvent *event);
/* Our own actions that the 1.0.0 engine does not report back. */
void             tl_call_set_held               (TlCall          *self,
                                                 gboolean         held);
void             tl_call_set_muted              (TlCall          *self,
                                                 gboolean         muted);
void             tl_call_mark_rejected          (TlCall          *self);
void             tl_call_mark_cancelled         (TlCall          *self);
/* The other party accepted our transfer: the end that follows is a hand-over. */
void             tl_call_mark_transferred       (TlCall          *self);
/* The codec the call sends with ("opus/48000/2", "PCMU/8000/1"); NULL until known. */
void             tl_call_set_codec              (TlCall          *self,
                                                 const char      *codec);
const char      *tl_call_get_codec              (TlCall          *self);
/* Attended transfer: @consultation is the call to the transfer target made while
 * @original waits on hold. NULL @consultation undoes the link (transfer over). */
void             tl_call_link_consultation      (TlCall          *original,
                                                 TlCall          *consultation);
/* The other call of an attended transfer in progress, or NULL. */
TlCall          *tl_call_get_transfer_partner   (TlCall          *self);
/* TRUE on the call to the transfer target. */
gboolean         tl_call_is_consultation        (TlCall          *self);
/* Ends the call without the engine (it died): reason ENGINE_RESTARTED. */
void             tl_call_end_locally            (TlCall          *self,
                                                 TlCallEndReason  reason,
                                                 const char      *detail);

const char      *tl_call_get_id                 (TlCall *self);
void             tl_call_set_id                 (TlCall *self,
                                                 const char *id);
const char      *tl_call_get_account_aor        (TlCall *self);
TlCallDirection  tl_call_get_direction          (TlCall *self);
TlCallState      tl_call_get_state              (TlCall *self);
const char      *tl_call_get_peer_uri           (TlCall *self);
/* The user part of the peer URI ("+15551234567"), or NULL. */
const char      *tl_call_get_peer_number        (TlCall *self);
/* The name to show, safe plain text, or NULL: the contact's name when the
 * number is in the contacts ("contact name wins"), else the network's. */
const char      *tl_call_get_peer_name          (TlCall *self);
/* The display name the network sent (what the history keeps), or NULL. */
const char      *tl_call_get_network_name       (TlCall *self);
/* The name of the contact the peer's number belongs to, or NULL. */
const char      *tl_call_get_contact_name       (TlCall *self);
/* Set by the call manager from its name resolver; notifies "peer-name". */
void             tl_call_set_contact_name       (TlCall *self,
                                                 const char *name);
gint64           tl_call_get_started            (TlCall *self);   /* unix µs */
gint64           tl_call_get_answered           (TlCall *self);   /* 0: never */
gint64           tl_call_get_ended              (TlCall *self);
TlCallEndReason  tl_call_get_end_reason         (TlCall *self);
/* "486 Busy Here", or the engine's words; NULL while live. */
const char      *tl_call_get_end_detail         (TlCall *self);
guint            tl_call_get_sip_code           (TlCall *self);
gboolean         tl_call_get_srtp               (TlCall *self);
gboolean         tl_call_get_held               (TlCall *self);
gboolean         tl_call_get_muted              (TlCall *self);
/* Milliseconds from dial (or ring) to answer; -1 when not answered. */
gint             tl_call_get_setup_ms           (TlCall *self);
/* Latest RTCP figures, -1 when none yet. */
double           tl_call_get_loss_percent       (TlCall *self);
double           tl_call_get_jitter_ms          (TlCall *self);
double           tl_call_get_rtt_ms             (TlCall *self);
/* Audio from the other side: has any arrived, how long after the answer (ms, -1
 * while none), and the notice shown while an answered call hears nothing
 * (TL_CALL_NO_MEDIA_NOTICE after TL_CALL_NO_MEDIA_TIMEOUT_MS; NULL otherwise,
 * and again as soon as audio arrives). */
#define TL_CALL_NO_MEDIA_TIMEOUT_MS 3000
#define TL_CALL_NO_MEDIA_NOTICE "No audio is arriving — likely a NAT or firewall problem"
gboolean         tl_call_get_media_received     (TlCall *self);
gint             tl_call_get_media_delay_ms     (TlCall *self);
const char      *tl_call_get_media_notice       (TlCall *self);
/* From the latest figures ("loss-percent" is notified when they change). */
TlCallQuality    tl_call_get_quality            (TlCall *self);
const char      *tl_call_quality_to_string      (TlCallQuality quality);
gboolean         tl_call_is_live                (TlCall *self);

G_END_DECLS
