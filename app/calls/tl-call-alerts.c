/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the user hears and is shown as calls come and go: ring, waiting tone,
 * ringback, busy, key tones; an incoming call worth presenting; a missed call. */
#define G_LOG_DOMAIN "tl-calls"

#include "config.h"

#include "tl-call-alerts.h"

/* A key tone lasts 120 ms; a short gap after it keeps digits apart, as on a desk phone. */
#define KEY_TONE_STEP_MS 150

struct _TlCallAlerts {
  GObject        parent_instance;

  TlCallManager *calls;
  TlTonePort    *tones;
  GHashTable    *graces;      /* TlCall → Grace */
  GPtrArray     *announced;   /* TlCall announced and still incoming */
  GString       *key_queue;   /* digits still to play */
  guint          key_timer;
  gboolean       ringing;
  gboolean       waiting_tone;
  gboolean       ringback;
  guint          live;        /* calls added and not yet ended */
};

enum {
  SIGNAL_INCOMING,
  SIGNAL_MISSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (TlCallAlerts, tl_call_alerts, G_TYPE_OBJECT)

/* The wait before an incoming call is presented. */
typedef struct {
  TlCallAlerts *self;
  TlCall       *call;
  guint         source;
} Grace;

static void
grace_free (gpointer data)
{
  Grace *grace = data;

  g_clear_handle_id (&grace->source, g_source_remove);
  g_object_unref (grace->call);
  g_free (grace);
}

static void
play (TlCallAlerts *self,
      TlCallTone    tone,
      char          digit)
{
  g_autoptr(GError) error = NULL;

  if (self->tones == NULL)
    return;
  if (!tl_tone_port_play (self->tones, tone, digit, &error))
    g_debug ("No %s tone: %s", tl_call_tone_to_string (tone), error->message);
}

static void
stop (TlCallAlerts *self,
      TlCallTone    tone)
{
  if (self->tones != NULL)
    tl_tone_port_stop (self->tones, tone);
}

/* A tone that should be on or off: starts or stops it only on a change. */
static void
keep (TlCallAlerts *self,
      TlCallTone    tone,
      gboolean     *playing,
      gboolean      wanted)
{
  if (*playing == wanted)
    return;
  *playing = wanted;
  if (wanted)
    play (self, tone, 0);
  else
    stop (self, tone);
}

static gboolean
is_talking (TlCall *call)
{
  TlCallState state = tl_call_get_state (call);

  return state != TL_CALL_STATE_INCOMING && state != TL_CALL_STATE_ENDED;
}

/* The one place that decides which of the continuous tones play now. */
static void
update_tones (TlCallAlerts *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->calls));
  gboolean other_call = FALSE;
  gboolean far_end_rings = FALSE;
  gboolean ring;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TlCall) call = g_list_model_get_item (G_LIST_MODEL (self->calls), i);

      other_call |= is_talking (call);
      far_end_rings |= tl_call_get_direction (call) == TL_CALL_DIRECTION_OUTGOING
                       && tl_call_get_state (call) == TL_CALL_STATE_RINGING;
    }
  ring = self->announced->len > 0;
  /* During a call a second caller gets a soft tone in the earpiece, not the ringer. */
  keep (self, TL_CALL_TONE_RING, &self->ringing, ring && !other_call);
  keep (self, TL_CALL_TONE_CALL_WAITING, &self->waiting_tone, ring && other_call);
  keep (self, TL_CALL_TONE_RINGBACK, &self->ringback, far_end_rings && !ring);
}

static void
grace_over_cb (gpointer user_data)
{
  Grace *grace = user_data;
  TlCallAlerts *self = grace->self;
  g_autoptr(TlCall) call = g_object_ref (grace->call);

  grace->source = 0;
  g_hash_table_remove (self->graces, call);
  if (tl_call_get_state (call) != TL_CALL_STATE_INCOMING)
    return;
  g_ptr_array_add (self->announced, g_object_ref (call));
  g_object_set_data (G_OBJECT (call), "tl-call-alerts-announced", GINT_TO_POINTER (TRUE));
  g_debug ("Announcing the incoming call %s", tl_call_get_id (call));
  update_tones (self);
  g_signal_emit (self, signals[SIGNAL_INCOMING], 0, call);
}

static void
call_state_cb (TlCall       *call,
               GParamSpec   *pspec,
               TlCallAlerts *self)
{
  if (tl_call_get_state (call) != TL_CALL_STATE_INCOMING)
    {
      g_hash_table_remove (self->graces, call);
      g_ptr_array_remove (self->announced, call);
    }
  update_tones (self);
}

static void
call_added_cb (TlCallManager *calls,
               TlCall        *call,
               TlCallAlerts  *self)
{
  g_signal_connect_object (call, "notify::state", G_CALLBACK (call_state_cb), self, 0);
  /* From the first call on, key tones and rings must start without delay. */
  if (self->live++ == 0 && self->tones != NULL)
    tl_tone_port_set_ready (self->tones, TRUE);
  if (tl_call_get_state (call) == TL_CALL_STATE_INCOMING)
    {
      Grace *grace = g_new0 (Grace, 1);

      grace->self = self;
      grace->call = g_object_ref (call);
      grace->source = g_timeout_add_once (TL_CALL_ALERTS_GRACE_MS, grace_over_cb, grace);
      g_hash_table_insert (self->graces, call, grace);
    }
  update_tones (self);
}

static void
call_ended_cb (TlCallManager *calls,
               TlCall        *call,
               TlCallAlerts  *self)
{
  TlCallEndReason reason = tl_call_get_end_reason (call);

  g_signal_handlers_disconnect_by_data (call, self);
  g_hash_table_remove (self->graces, call);
  g_ptr_array_remove (self->announced, call);
  update_tones (self);
  if (self->live > 0 && --self->live == 0 && self->tones != NULL)
    tl_tone_port_set_ready (self->tones, FALSE);
  /* A call withdrawn within the grace was never shown: the history keeps it,
   * nothing pops up about it. */
  if (reason == TL_CALL_END_MISSED && g_object_get_data (G_OBJECT (call), "tl-call-alerts-announced") != NULL)
    g_signal_emit (self, signals[SIGNAL_MISSED], 0, call);
  /* A call we placed that never got through says so in the earpiece. */
  if (tl_call_get_direction (call) != TL_CALL_DIRECTION_OUTGOING || tl_call_get_answered (call) != 0)
    return;
  if (reason == TL_CALL_END_BUSY)
    play (self, TL_CALL_TONE_BUSY, 0);
  else if (reason == TL_CALL_END_UNREACHABLE || reason == TL_CALL_END_NETWORK_ERROR
           || reason == TL_CALL_END_OTHER)
    play (self, TL_CALL_TONE_ERROR, 0);
}

static void play_next_key (TlCallAlerts *self);

static void
next_key_cb (gpointer user_data)
{
  TlCallAlerts *self = user_data;

  self->key_timer = 0;
  play_next_key (self);
}

static void
play_next_key (TlCallAlerts *self)
{
  char digit;

  if (self->key_queue->len == 0)
    return;
  digit = self->key_queue->str[0];
  g_string_erase (self->key_queue, 0, 1);
  play (self, TL_CALL_TONE_DTMF, digit);
  self->key_timer = g_timeout_add_once (KEY_TONE_STEP_MS, next_key_cb, self);
}

/* Whoever sent the digits (a key, a shortcut, another command), the local
 * feedback plays here, one digit after the other. */
static void
dtmf_sent_cb (TlCallManager *calls,
              TlCall        *call,
              const char    *digits,
              TlCallAlerts  *self)
{
  g_string_append (self->key_queue, digits);
  if (self->key_timer == 0)
    play_next_key (self);
}

TlCallAlerts *
tl_call_alerts_new (TlCallManager *calls,
                    TlTonePort    *tones)
{
  TlCallAlerts *self;

  g_return_val_if_fail (TL_IS_CALL_MANAGER (calls), NULL);

  self = g_object_new (TL_TYPE_CALL_ALERTS, NULL);
  self->calls = g_object_ref (calls);
  tl_call_alerts_set_tones (self, tones);
  g_signal_connect_object (calls, "call-added", G_CALLBACK (call_added_cb), self, 0);
  g_signal_connect_object (calls, "call-ended", G_CALLBACK (call_ended_cb), self, 0);
  g_signal_connect_object (calls, "dtmf-sent", G_CALLBACK (dtmf_sent_cb), self, 0);
  return self;
}

void
tl_call_alerts_set_tones (TlCallAlerts *self,
                          TlTonePort   *tones)
{
  g_return_if_fail (TL_IS_CALL_ALERTS (self));

  if (self->tones != NULL)
    {
      stop (self, TL_CALL_TONE_RING);
      stop (self, TL_CALL_TONE_CALL_WAITING);
      stop (self, TL_CALL_TONE_RINGBACK);
    }
  g_set_object (&self->tones, tones);
  self->ringing = self->waiting_tone = self->ringback = FALSE;
  update_tones (self);
}

gboolean
tl_call_alerts_is_announced (TlCallAlerts *self,
                             TlCall       *call)
{
  g_return_val_if_fail (TL_IS_CALL_ALERTS (self), FALSE);
  return g_ptr_array_find (self->announced, call, NULL);
}

GPtrArray *
tl_call_alerts_dup_ringing (TlCallAlerts *self)
{
  GPtrArray *copy;

  g_return_val_if_fail (TL_IS_CALL_ALERTS (self), NULL);
  copy = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < self->announced->len; i++)
    g_ptr_array_add (copy, g_object_ref (g_ptr_array_index (self->announced, i)));
  return copy;
}

static void
tl_call_alerts_dispose (GObject *object)
{
  TlCallAlerts *self = TL_CALL_ALERTS (object);

  g_hash_table_remove_all (self->graces);
  g_clear_handle_id (&self->key_timer, g_source_remove);
  if (self->tones != NULL)
    {
      stop (self, TL_CALL_TONE_RING);
      stop (self, TL_CALL_TONE_CALL_WAITING);
      stop (self, TL_CALL_TONE_RINGBACK);
    }
  g_clear_object (&self->tones);
  g_ptr_array_set_size (self->announced, 0);
  g_clear_object (&self->calls);
  G_OBJECT_CLASS (tl_call_alerts_parent_class)->dispose (object);
}

static void
tl_call_alerts_finalize (GObject *object)
{
  TlCallAlerts *self = TL_CALL_ALERTS (object);

  g_hash_table_unref (self->graces);
  g_ptr_array_unref (self->announced);
  g_string_free (self->key_queue, TRUE);
  G_OBJECT_CLASS (tl_call_alerts_parent_class)->finalize (object);
}

static void
tl_call_alerts_class_init (TlCallAlertsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tl_call_alerts_dispose;
  object_class->finalize = tl_call_alerts_finalize;

  /* An incoming call rang here past the grace time: present it (window, notification). */
  signals[SIGNAL_INCOMING] =
    g_signal_new ("incoming", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, TL_TYPE_CALL);
  /* An incoming call ended without being answered or declined here. */
  signals[SIGNAL_MISSED] =
    g_signal_new ("missed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, TL_TYPE_CALL);
}

static void
tl_call_alerts_init (TlCallAlerts *self)
{
  self->graces = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, grace_free);
  self->announced = g_ptr_array_new_with_free_func (g_object_unref);
  self->key_queue = g_string_new (NULL);
}
