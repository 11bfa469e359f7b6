/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One call: its state machine, who is on the other end, and how it ended. */
#define G_LOG_DOMAIN "tl-calls"

#include "config.h"

#include "tl-call.h"

#include <string.h>

#include "tl-register-reason.h"

/* Long enough for any real caller name; a 64 KB name is an attack, not a name. */
#define MAX_NAME_CHARS 128
/* TL_CONTACT_MAX_NAME_CHARS: a contact's name is shown whole. */
#define MAX_CONTACT_NAME_CHARS 256

struct _TlCall {
  GObject          parent_instance;

  char            *id;
  char            *account_aor;
  TlCallDirection  direction;
  TlCallState      state;
  char            *peer_uri;
  char            *peer_number;
  char            *peer_name;          /* the network's display name */
  char            *contact_name;       /* the contact's, which wins when set */
  gint64           started;
  gint64           answered;
  gint64           ended;
  gint64           started_mono;
  gint             setup_ms;
  TlCallEndReason  end_reason;
  char            *end_detail;
  guint            sip_code;
  gboolean         srtp;
  gboolean         held;
  gboolean         muted;
  gboolean         rejected;
  gboolean         cancelled;
  gboolean         transferred;
  char            *codec;              /* "opus/48000/2", once the engine says */
  TlCall          *transfer_partner;   /* weak: the other call of an attended transfer */
  gboolean         consultation;       /* this is the call to the transfer target */
  double           loss_percent;
  double           jitter_ms;
  double           rtt_ms;
  gboolean         media_received;     /* the engine saw the first RTP packet arrive */
  gint             media_delay_ms;     /* from the answer to that packet */
  char            *media_notice;       /* why no audio is heard, or NULL */
  guint            media_watch;        /* runs out TL_CALL_NO_MEDIA_TIMEOUT_MS after the answer */
};

G_DEFINE_FINAL_TYPE (TlCall, tl_call, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_HELD,
  PROP_MUTED,
  PROP_PEER_NAME,
  PROP_QUALITY,
  PROP_TRANSFER_PARTNER,
  PROP_CODEC,
  PROP_SRTP,
  PROP_MEDIA_RECEIVED,
  PROP_MEDIA_NOTICE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *
tl_call_state_to_string (TlCallState state)
{
  switch (state)
    {
    case TL_CALL_STATE_OUTGOING: return "outgoing";
    case TL_CALL_STATE_INCOMING: return "incoming";
    case TL_CALL_STATE_RINGING: return "ringing";
    case TL_CALL_STATE_EARLY_MEDIA: return "early-media";
    case TL_CALL_STATE_ESTABLISHED: return "established";
    case TL_CALL_STATE_HELD: return "held";
    case TL_CALL_STATE_ENDED: return "ended";
    default: return "unknown";
    }
}

const char *
tl_call_end_reason_to_string (TlCallEndReason reason)
{
  switch (reason)
    {
    case TL_CALL_END_NONE: return "none";
    case TL_CALL_END_HUNG_UP: return "hung-up";
    case TL_CALL_END_BUSY: return "busy";
    case TL_CALL_END_DECLINED: return "declined";
    case TL_CALL_END_NO_ANSWER: return "no-answer";
    case TL_CALL_END_UNREACHABLE: return "unreachable";
    case TL_CALL_END_CANCELLED: return "cancelled";
    case TL_CALL_END_MISSED: return "missed";
    case TL_CALL_END_REJECTED: return "rejected";
    case TL_CALL_END_NETWORK_ERROR: return "network-error";
    case TL_CALL_END_ENGINE_RESTARTED: return "engine-restarted";
    case TL_CALL_END_TRANSFERRED: return "transferred";
    case TL_CALL_END_OTHER:
    default: return "other";
    }
}

static gboolean
is_invisible_control (gunichar c)
{
  /* Bidi embeddings, overrides and isolates can make "+1 555" read as another
   * number; C0/C1 controls can break lines and terminals. */
  return g_unichar_iscntrl (c)
         || (c >= 0x202A && c <= 0x202E)
         || (c >= 0x2066 && c <= 0x2069)
         || c == 0x200E || c == 0x200F || c == 0x061C
         || c == 0xFEFF;
}

char *
tl_call_sanitize_text (const char *text,
                       guint       max_chars)
{
  g_autofree char *valid = NULL;
  GString *out;
  guint count = 0;

  if (text == NULL)
    return NULL;
  valid = g_utf8_make_valid (text, -1);
  out = g_string_new (NULL);
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_invisible_control (c))
        continue;
      if (count == max_chars)
        {
          g_string_append (out, "…");
          break;
        }
      g_string_append_unichar (out, c);
      count++;
    }
  g_strstrip (out->str);
  out->len = strlen (out->str);
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

/* "sip:+15551234567@trunk.example;user=phone" → "+15551234567" */
static char *
number_of (const char *uri)
{
  const char *p = uri;
  const char *end;
  g_autofree char *user = NULL;

  if (p == NULL)
    return NULL;
  if (g_str_has_prefix (p, "sips:"))
    p += 5;
  else if (g_str_has_prefix (p, "sip:") || g_str_has_prefix (p, "tel:"))
    p += 4;
  end = p + strcspn (p, "@;>?");
  if (end == p)
    return NULL;
  user = g_strndup (p, (gsize) (end - p));
  return tl_call_sanitize_text (user, 64);
}

static void
set_media_notice (TlCall     *self,
                  const char *notice)
{
  if (g_strcmp0 (self->media_notice, notice) == 0)
    return;
  g_free (self->media_notice);
  self->media_notice = g_strdup (notice);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEDIA_NOTICE]);
}

static gboolean
media_watch_cb (gpointer user_data)
{
  TlCall *self = user_data;

  self->media_watch = 0;
  /* On hold the other side may rightly send nothing; resuming watches again. */
  if (self->state == TL_CALL_STATE_ESTABLISHED && !self->media_received)
    set_media_notice (self, TL_CALL_NO_MEDIA_NOTICE);
  return G_SOURCE_REMOVE;
}

/* Media flows after the answer, or within a moment of it: when nothing has
 * arrived by then, a NAT or firewall in between almost always drops it (SIP
 * got through, RTP on other ports did not). */
static void
watch_media (TlCall *self)
{
  if (self->state == TL_CALL_STATE_ESTABLISHED && !self->media_received && self->media_watch == 0)
    self->media_watch = g_timeout_add (TL_CALL_NO_MEDIA_TIMEOUT_MS, media_watch_cb, self);
  else if (self->state == TL_CALL_STATE_ENDED)
    {
      g_clear_handle_id (&self->media_watch, g_source_remove);
      set_media_notice (self, NULL);
    }
}

static void
media_arrived (TlCall *self)
{
  if (self->media_received)
    return;
  self->media_received = TRUE;
  if (self->answered != 0)
    self->media_delay_ms = (gint) MAX (0, (g_get_real_time () - self->answered) / 1000);
  g_clear_handle_id (&self->media_watch, g_source_remove);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEDIA_RECEIVED]);
  set_media_notice (self, NULL);
}

static void
set_state (TlCall      *self,
           TlCallState  state)
{
  if (self->state == state)
    return;
  g_debug ("call %s: %s -> %s", self->id != NULL ? self->id : "(unbound)",
           tl_call_state_to_string (self->state), tl_call_state_to_string (state));
  self->state = state;
  watch_media (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static TlCallEndReason
classify_end (TlCall     *self,
              const char *param)
{
  guint code = tl_sip_status_of (param);

  self->sip_code = code;
  if (self->answered != 0)
    /* Both engine versions close a handed-over call with "Call transfered"; a
     * refused transfer leaves the call up, to end some other way later. */
    return self->transferred && param != NULL && g_ascii_strncasecmp (param, "Call transfer", 13) == 0
           ? TL_CALL_END_TRANSFERRED : TL_CALL_END_HUNG_UP;
  if (self->direction == TL_CALL_DIRECTION_INCOMING)
    return self->rejected ? TL_CALL_END_REJECTED : TL_CALL_END_MISSED;
  if (self->cancelled)
    return TL_CALL_END_CANCELLED;
  switch (code)
    {
    case 486:
    case 600:
      return TL_CALL_END_BUSY;
    case 603:
      return TL_CALL_END_DECLINED;
    case 408:
    case 480:
      return TL_CALL_END_NO_ANSWER;
    case 487:
      return TL_CALL_END_CANCELLED;
    case 404:
    case 410:
    case 484:
    case 502:
    case 503:
    case 504:
      return TL_CALL_END_UNREACHABLE;
    case 0:
      break;
    default:
      return TL_CALL_END_OTHER;
    }
  if (param != NULL && (strstr (param, "refused") != NULL || strstr (param, "unreachable") != NULL
                        || strstr (param, "timed out") != NULL))
    return TL_CALL_END_UNREACHABLE;
  return param != NULL && *param != '\0' ? TL_CALL_END_NETWORK_ERROR : TL_CALL_END_OTHER;
}

static void
end (TlCall          *self,
     TlCallEndReason  reason,
     const char      *detail)
{
  if (self->state == TL_CALL_STATE_ENDED)
    return;
  self->ended = g_get_real_time ();
  self->end_reason = reason;
  g_free (self->end_detail);
  self->end_detail = tl_call_sanitize_text (detail, 200);
  set_state (self, TL_CALL_STATE_ENDED);
}

static void
update_quality (TlCall              *self,
                const TlEngineEvent *event)
{
  gint64 expected = event->rtcp_rx.sent + event->rtcp_rx.lost;

  if (!event->has_rtcp)
    return;
  self->loss_percent = expected > 0 ? 100.0 * (double) MAX (event->rtcp_rx.lost, 0) / (double) expected : 0.0;
  self->jitter_ms = (double) event->rtcp_rx.jitter_us / 1000.0;
  self->rtt_ms = (double) event->rtcp_rtt_us / 1000.0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUALITY]);
}

gboolean
tl_call_apply_event (TlCall              *self,
                     const TlEngineEvent *event)
{
  TlCallState before = self->state;

  g_return_val_if_fail (TL_IS_CALL (self), FALSE);

  if (self->state == TL_CALL_STATE_ENDED)
    return FALSE;
  if (self->id == NULL && event->call_id != NULL)
    self->id = g_strdup (event->call_id);
  if (self->peer_name == NULL && event->peer_display_name != NULL)
    {
      self->peer_name = tl_call_sanitize_text (event->peer_display_name, MAX_NAME_CHARS);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PEER_NAME]);
    }

  switch (event->type)
    {
    case TL_ENGINE_EVENT_CALL_RINGING:
      if (self->direction == TL_CALL_DIRECTION_OUTGOING && self->state == TL_CALL_STATE_OUTGOING)
        set_state (self, TL_CALL_STATE_RINGING);
      break;
    case TL_ENGINE_EVENT_CALL_PROGRESS:
      if (self->direction == TL_CALL_DIRECTION_OUTGOING
          && (self->state == TL_CALL_STATE_OUTGOING || self->state == TL_CALL_STATE_RINGING))
        set_state (self, TL_CALL_STATE_EARLY_MEDIA);
      break;
    case TL_ENGINE_EVENT_CALL_ANSWERED:
    case TL_ENGINE_EVENT_CALL_ESTABLISHED:
      if (self->answered == 0)
        {
          self->answered = g_get_real_time ();
          self->setup_ms = (gint) ((g_get_monotonic_time () - self->started_mono) / 1000);
        }
      if (self->state != TL_CALL_STATE_HELD)
        set_state (self, TL_CALL_STATE_ESTABLISHED);
      break;
    case TL_ENGINE_EVENT_CALL_HOLD:
      tl_call_set_held (self, TRUE);
      break;
    case TL_ENGINE_EVENT_CALL_RESUME:
      tl_call_set_held (self, FALSE);
      break;
    case TL_ENGINE_EVENT_CALL_MENC:
      /* Media encryption is on only once the engine says so, never from the offer. */
      if (!self->srtp)
        {
          self->srtp = TRUE;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SRTP]);
        }
      break;
    case TL_ENGINE_EVENT_CALL_RTCP:
      update_quality (self, event);
      /* A report with packets received is as good as the first-packet event. */
      if (event->has_rtcp && event->rtcp_rx.sent > 0)
        media_arrived (self);
      break;
    case TL_ENGINE_EVENT_CALL_RTPESTAB:
      media_arrived (self);
      break;
    case TL_ENGINE_EVENT_CALL_CLOSED:
      end (self, classify_end (self, event->param), event->param);
      break;
    default:
      break;
    }
  return before != self->state;
}

void
tl_call_set_held (TlCall   *self,
                  gboolean  held)
{
  g_return_if_fail (TL_IS_CALL (self));

  if (self->state == TL_CALL_STATE_ENDED || self->held == held)
    return;
  self->held = held;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HELD]);
  if (held && self->state == TL_CALL_STATE_ESTABLISHED)
    set_state (self, TL_CALL_STATE_HELD);
  else if (!held && self->state == TL_CALL_STATE_HELD)
    set_state (self, TL_CALL_STATE_ESTABLISHED);
}

void
tl_call_set_muted (TlCall   *self,
                   gboolean  muted)
{
  g_return_if_fail (TL_IS_CALL (self));

  if (self->muted == muted)
    return;
  self->muted = muted;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MUTED]);
}

void
tl_call_mark_rejected (TlCall *self)
{
  self->rejected = TRUE;
}

void
tl_call_mark_cancelled (TlCall *self)
{
  self->cancelled = TRUE;
}

void
tl_call_mark_transferred (TlCall *self)
{
  self->transferred = TRUE;
}

static void
set_partner (TlCall   *self,
             TlCall   *partner,
             gboolean  consultation)
{
  self->consultation = partner != NULL && consultation;
  if (g_set_weak_pointer (&self->transfer_partner, partner))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRANSFER_PARTNER]);
}

void
tl_call_link_consultation (TlCall *original,
                           TlCall *consultation)
{
  g_return_if_fail (TL_IS_CALL (original));
  g_return_if_fail (consultation == NULL || TL_IS_CALL (consultation));

  if (original->transfer_partner != NULL && original->transfer_partner != consultation)
    set_partner (original->transfer_partner, NULL, FALSE);
  set_partner (original, consultation, FALSE);
  if (consultation != NULL)
    set_partner (consultation, original, TRUE);
}

void
tl_call_set_codec (TlCall     *self,
                   const char *codec)
{
  g_autofree char *safe = NULL;

  g_return_if_fail (TL_IS_CALL (self));

  /* Engine text about a network offer: keep it short and plain. */
  safe = codec != NULL ? tl_call_sanitize_text (codec, 64) : NULL;
  if (g_strcmp0 (safe, self->codec) == 0)
    return;
  g_free (self->codec);
  self->codec = g_steal_pointer (&safe);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CODEC]);
}

const char *
tl_call_get_codec (TlCall *self)
{
  g_return_val_if_fail (TL_IS_CALL (self), NULL);
  return self->codec;
}

TlCall *
tl_call_get_transfer_partner (TlCall *self)
{
  g_return_val_if_fail (TL_IS_CALL (self), NULL);
  return self->transfer_partner;
}

gboolean
tl_call_is_consultation (TlCall *self)
{
  g_return_val_if_fail (TL_IS_CALL (self), FALSE);
  return self->consultation && self->transfer_partner != NULL;
}

void
tl_call_end_locally (TlCall          *self,
                     TlCallEndReason  reason,
                     const char      *detail)
{
  g_return_if_fail (TL_IS_CALL (self));
  end (self, reason, detail);
}

static TlCall *
new_call (const char      *account_aor,
          const char      *peer_uri,
          TlCallDirection  direction,
          TlCallState      state)
{
  TlCall *self = g_object_new (TL_TYPE_CALL, NULL);

  self->account_aor = g_strdup (account_aor);
  self->peer_uri = tl_call_sanitize_text (peer_uri, 512);
  self->peer_number = number_of (self->peer_uri);
  self->direction = direction;
  self->state = state;
  self->started = g_get_real_time ();
  self->started_mono = g_get_monotonic_time ();
  return self;
}

TlCall *
tl_call_new_outgoing (const char *account_aor,
                      const char *peer_uri)
{
  return new_call (account_aor, peer_uri, TL_CALL_DIRECTION_OUTGOING, TL_CALL_STATE_OUTGOING);
}

TlCall *
tl_call_new_incoming (const TlEngineEvent *event)
{
  TlCall *self = new_call (event->account_aor, event->peer_uri,
                           event->direction == TL_ENGINE_DIRECTION_OUTGOING
                           ? TL_CALL_DIRECTION_OUTGOING : TL_CALL_DIRECTION_INCOMING,
                           TL_CALL_STATE_INCOMING);

  if (self->direction == TL_CALL_DIRECTION_OUTGOING)
    self->state = TL_CALL_STATE_OUTGOING;
  self->id = g_strdup (event->call_id);
  self->peer_name = tl_call_sanitize_text (event->peer_display_name, MAX_NAME_CHARS);
  return self;
}

const char *tl_call_get_id (TlCall *self) { return self->id; }
const char *tl_call_get_account_aor (TlCall *self) { return self->account_aor; }
TlCallDirection tl_call_get_direction (TlCall *self) { return self->direction; }
TlCallState tl_call_get_state (TlCall *self) { return self->state; }
const char *tl_call_get_peer_uri (TlCall *self) { return self->peer_uri; }
const char *tl_call_get_peer_number (TlCall *self) { return self->peer_number; }
const char *tl_call_get_peer_name (TlCall *self) { return self->contact_name != NULL ? self->contact_name : self->peer_name; }
const char *tl_call_get_network_name (TlCall *self) { return self->peer_name; }
const char *tl_call_get_contact_name (TlCall *self) { return self->contact_name; }

void
tl_call_set_contact_name (TlCall     *self,
                          const char *name)
{
  g_autofree char *clean = NULL;

  g_return_if_fail (TL_IS_CALL (self));

  if (name != NULL && *name != '\0')
    clean = tl_call_sanitize_text (name, MAX_CONTACT_NAME_CHARS);
  if (g_strcmp0 (clean, self->contact_name) == 0)
    return;
  g_free (self->contact_name);
  self->contact_name = g_steal_pointer (&clean);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PEER_NAME]);
}
gint64 tl_call_get_started (TlCall *self) { return self->started; }
gint64 tl_call_get_answered (TlCall *self) { return self->answered; }
gint64 tl_call_get_ended (TlCall *self) { return self->ended; }
TlCallEndReason tl_call_get_end_reason (TlCall *self) { return self->end_reason; }
const char *tl_call_get_end_detail (TlCall *self) { return self->end_detail; }
guint tl_call_get_sip_code (TlCall *self) { return self->sip_code; }
gboolean tl_call_get_srtp (TlCall *self) { return self->srtp; }
gboolean tl_call_get_held (TlCall *self) { return self->held; }
gboolean tl_call_get_muted (TlCall *self) { return self->muted; }
gint tl_call_get_setup_ms (TlCall *self) { return self->answered != 0 ? self->setup_ms : -1; }
double tl_call_get_loss_percent (TlCall *self) { return self->loss_percent; }
gboolean tl_call_get_media_received (TlCall *self) { return self->media_received; }
gint tl_call_get_media_delay_ms (TlCall *self) { return self->media_delay_ms; }
const char *tl_call_get_media_notice (TlCall *self) { return self->media_notice; }
double tl_call_get_jitter_ms (TlCall *self) { return self->jitter_ms; }
double tl_call_get_rtt_ms (TlCall *self) { return self->rtt_ms; }

gboolean
tl_call_is_live (TlCall *self)
{
  return self->state != TL_CALL_STATE_ENDED;
}

void
tl_call_set_id (TlCall     *self,
                const char *id)
{
  if (self->id == NULL)
    self->id = g_strdup (id);
}

static void
tl_call_dispose (GObject *object)
{
  TlCall *self = TL_CALL (object);

  g_clear_weak_pointer (&self->transfer_partner);
  g_clear_handle_id (&self->media_watch, g_source_remove);
  G_OBJECT_CLASS (tl_call_parent_class)->dispose (object);
}

static void
tl_call_finalize (GObject *object)
{
  TlCall *self = TL_CALL (object);

  g_free (self->id);
  g_free (self->account_aor);
  g_free (self->peer_uri);
  g_free (self->peer_number);
  g_free (self->peer_name);
  g_free (self->contact_name);
  g_free (self->end_detail);
  g_free (self->codec);
  g_free (self->media_notice);
  G_OBJECT_CLASS (tl_call_parent_class)->finalize (object);
}

static void
tl_call_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  TlCall *self = TL_CALL (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_HELD:
      g_value_set_boolean (value, self->held);
      break;
    case PROP_MUTED:
      g_value_set_boolean (value, self->muted);
      break;
    case PROP_PEER_NAME:
      g_value_set_string (value, tl_call_get_peer_name (self));
      break;
    case PROP_QUALITY:
      g_value_set_double (value, self->loss_percent);
      break;
    case PROP_TRANSFER_PARTNER:
      g_value_set_object (value, self->transfer_partner);
      break;
    case PROP_CODEC:
      g_value_set_string (value, self->codec);
      break;
    case PROP_SRTP:
      g_value_set_boolean (value, self->srtp);
      break;
    case PROP_MEDIA_RECEIVED:
      g_value_set_boolean (value, self->media_received);
      break;
    case PROP_MEDIA_NOTICE:
      g_value_set_string (value, self->media_notice);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_call_class_init (TlCallClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tl_call_dispose;
  object_class->finalize = tl_call_finalize;
  object_class->get_property = tl_call_get_property;

  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, TL_CALL_STATE_OUTGOING, TL_CALL_STATE_ENDED,
                      TL_CALL_STATE_OUTGOING,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HELD] =
    g_param_spec_boolean ("held", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MUTED] =
    g_param_spec_boolean ("muted", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The name to show: the contact's when the number is in the contacts, else
   * the network's display name. */
  properties[PROP_PEER_NAME] =
    g_param_spec_string ("peer-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Notified when new RTCP figures arrive; the value is the loss in percent. */
  properties[PROP_QUALITY] =
    g_param_spec_double ("loss-percent", NULL, NULL, -1, 100, -1,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* In an attended transfer: the original call on the consultation, and the
   * consultation on the original; NULL otherwise. */
  properties[PROP_TRANSFER_PARTNER] =
    g_param_spec_object ("transfer-partner", NULL, NULL, TL_TYPE_CALL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CODEC] =
    g_param_spec_string ("codec", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* TRUE once the engine reports the media encrypted (never from the offer alone). */
  properties[PROP_SRTP] =
    g_param_spec_boolean ("srtp", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* TRUE once audio from the other side has arrived. */
  properties[PROP_MEDIA_RECEIVED] =
    g_param_spec_boolean ("media-received", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* TL_CALL_NO_MEDIA_NOTICE while an answered call hears nothing; NULL otherwise. */
  properties[PROP_MEDIA_NOTICE] =
    g_param_spec_string ("media-notice", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tl_call_init (TlCall *self)
{
  self->media_delay_ms = -1;
  self->loss_percent = -1;
  self->jitter_ms = -1;
  self->rtt_ms = -1;
  self->setup_ms = -1;
}

/* Thresholds after ITU-T G.114 (delay) and the usual VoIP planning figures for
 * loss and jitter: below the first set a call sounds clean, beyond the second
 * people notice and complain. */
TlCallQuality
tl_call_get_quality (TlCall *self)
{
  g_return_val_if_fail (TL_IS_CALL (self), TL_CALL_QUALITY_UNKNOWN);

  if (self->loss_percent < 0)
    return TL_CALL_QUALITY_UNKNOWN;
  if (self->loss_percent > 5.0 || self->jitter_ms > 60.0 || self->rtt_ms > 600.0)
    return TL_CALL_QUALITY_POOR;
  if (self->loss_percent > 1.0 || self->jitter_ms > 30.0 || self->rtt_ms > 300.0)
    return TL_CALL_QUALITY_FAIR;
  return TL_CALL_QUALITY_GOOD;
}

const char *
tl_call_quality_to_string (TlCallQuality quality)
{
  switch (quality)
    {
    case TL_CALL_QUALITY_GOOD: return "good";
    case TL_CALL_QUALITY_FAIR: return "fair";
    case TL_CALL_QUALITY_POOR: return "poor";
    case TL_CALL_QUALITY_UNKNOWN:
    default: return "unknown";
    }
}
