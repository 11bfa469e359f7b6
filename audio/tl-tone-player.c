/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Plays every call tone itself: the ringtone on the ringer device(s), the rest on the speaker. */
#define G_LOG_DOMAIN "tl-audio"

#include "config.h"

#include "tl-tone-player.h"
#include "tl-audio-system.h"
#include "tl-audio-system-private.h"
#include "tl-tone-port.h"

#include <stdatomic.h>

#define REAP_INTERVAL_MS 100

/* One stream playing one tone. The callback reads `gen` and `amplitude` and
 * nothing else; the main loop never touches `gen` while the stream runs. */
typedef struct {
  TlToneKind       kind;
  PaStream        *stream;
  TlToneGenerator  gen;
  _Atomic float    amplitude;
  atomic_int       ended;
} Voice;

struct _TlTonePlayer {
  GObject         parent_instance;
  TlAudioCatalog *catalog;
  char           *ringer_id;
  char           *speaker_id;
  double          ring_volume;
  double          volume;
  GPtrArray      *voices;       /* Voice */
  guint           reap_source;
  guint           release_source;
  gboolean        acquired;
  gboolean        ready;        /* calls are up: keep the sound system open */
};

/* PortAudio (and the ALSA plugins it loads: several MiB) is held only while
 * tones play, and this long after, so key tones and rings in a row do not
 * start it each time. */
#define RELEASE_AFTER_S 20

static void tone_port_iface_init (TlTonePortInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TlTonePlayer, tl_tone_player, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (TL_TYPE_TONE_PORT, tone_port_iface_init))

static int
voice_callback (const void                     *input,
                void                           *output,
                unsigned long                   frames,
                const PaStreamCallbackTimeInfo *time_info,
                PaStreamCallbackFlags           flags,
                void                           *user_data)
{
  Voice *voice = user_data;
  float amplitude = atomic_load_explicit (&voice->amplitude, memory_order_relaxed);

  if (!tl_tone_generator_fill (&voice->gen, output, frames, amplitude))
    {
      atomic_store_explicit (&voice->ended, 1, memory_order_release);
      return paComplete;
    }
  return paContinue;
}

static void
voice_free (Voice *voice)
{
  tl_audio_system_close_stream (voice->stream);
  g_free (voice);
}

static void
release_cb (gpointer user_data)
{
  TlTonePlayer *self = user_data;

  self->release_source = 0;
  if (self->acquired && !self->ready && self->voices->len == 0)
    {
      g_debug ("tones: idle, audio system released");
      tl_audio_system_release ();
      self->acquired = FALSE;
    }
}

static void
schedule_release (TlTonePlayer *self)
{
  if (self->acquired && !self->ready && self->voices->len == 0 && self->release_source == 0)
    self->release_source = g_timeout_add_once (RELEASE_AFTER_S * 1000, release_cb, self);
}

static gboolean
reap_cb (gpointer user_data)
{
  TlTonePlayer *self = user_data;

  for (guint i = self->voices->len; i > 0; i--)
    {
      Voice *voice = g_ptr_array_index (self->voices, i - 1);

      if (atomic_load_explicit (&voice->ended, memory_order_acquire) &&
          Pa_IsStreamActive (voice->stream) != 1)
        g_ptr_array_remove_index (self->voices, i - 1);
    }
  if (self->voices->len == 0)
    {
      self->reap_source = 0;
      schedule_release (self);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
tl_tone_player_dispose (GObject *object)
{
  TlTonePlayer *self = TL_TONE_PLAYER (object);

  g_clear_handle_id (&self->reap_source, g_source_remove);
  g_clear_handle_id (&self->release_source, g_source_remove);
  if (self->voices != NULL)
    g_ptr_array_set_size (self->voices, 0);
  if (self->acquired)
    {
      tl_audio_system_release ();
      self->acquired = FALSE;
    }
  g_clear_object (&self->catalog);
  G_OBJECT_CLASS (tl_tone_player_parent_class)->dispose (object);
}

static void
tl_tone_player_finalize (GObject *object)
{
  TlTonePlayer *self = TL_TONE_PLAYER (object);

  g_ptr_array_unref (self->voices);
  g_free (self->ringer_id);
  g_free (self->speaker_id);
  G_OBJECT_CLASS (tl_tone_player_parent_class)->finalize (object);
}

static void
tl_tone_player_class_init (TlTonePlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tl_tone_player_dispose;
  object_class->finalize = tl_tone_player_finalize;
}

static void
tl_tone_player_init (TlTonePlayer *self)
{
  self->voices = g_ptr_array_new_with_free_func ((GDestroyNotify) voice_free);
  self->ring_volume = 0.8;
  self->volume = 0.5;
}

TlTonePlayer *
tl_tone_player_new (TlAudioCatalog *catalog)
{
  TlTonePlayer *self = g_object_new (TL_TYPE_TONE_PLAYER, NULL);

  self->catalog = g_object_ref (catalog);
  return self;
}

void
tl_tone_player_set_ringer_device (TlTonePlayer *self,
                                  const char   *id)
{
  g_free (self->ringer_id);
  self->ringer_id = g_strdup (id);
}

const char *
tl_tone_player_get_ringer_device (TlTonePlayer *self)
{
  return self->ringer_id;
}

void
tl_tone_player_set_speaker_device (TlTonePlayer *self,
                                   const char   *id)
{
  g_free (self->speaker_id);
  self->speaker_id = g_strdup (id);
}

const char *
tl_tone_player_get_speaker_device (TlTonePlayer *self)
{
  return self->speaker_id;
}

static void
apply_volumes (TlTonePlayer *self)
{
  for (guint i = 0; i < self->voices->len; i++)
    {
      Voice *voice = g_ptr_array_index (self->voices, i);
      double volume = voice->kind == TL_TONE_RINGTONE ? self->ring_volume : self->volume;

      atomic_store_explicit (&voice->amplitude, (float) volume, memory_order_relaxed);
    }
}

void
tl_tone_player_set_ring_volume (TlTonePlayer *self,
                                double        volume)
{
  self->ring_volume = CLAMP (volume, 0.0, 1.0);
  apply_volumes (self);
}

void
tl_tone_player_set_volume (TlTonePlayer *self,
                           double        volume)
{
  self->volume = CLAMP (volume, 0.0, 1.0);
  apply_volumes (self);
}

void
tl_tone_player_stop (TlTonePlayer *self,
                     TlToneKind    kind)
{
  for (guint i = self->voices->len; i > 0; i--)
    if (((Voice *) g_ptr_array_index (self->voices, i - 1))->kind == kind)
      g_ptr_array_remove_index (self->voices, i - 1);
  schedule_release (self);
}

void
tl_tone_player_stop_all (TlTonePlayer *self)
{
  g_ptr_array_set_size (self->voices, 0);
  schedule_release (self);
}

gboolean
tl_tone_player_is_playing (TlTonePlayer *self,
                           TlToneKind    kind)
{
  for (guint i = 0; i < self->voices->len; i++)
    {
      Voice *voice = g_ptr_array_index (self->voices, i);

      if (voice->kind == kind && !atomic_load_explicit (&voice->ended, memory_order_acquire))
        return TRUE;
    }
  return FALSE;
}

/* The outputs a tone goes to: the chosen one, the default when it is
 * missing, or every output for a ringer set to ring everywhere. */
static GPtrArray *
targets_for (TlTonePlayer *self,
             TlToneKind    kind)
{
  GPtrArray *targets = g_ptr_array_new_with_free_func (g_object_unref);
  const char *wanted = kind == TL_TONE_RINGTONE ? self->ringer_id : self->speaker_id;
  TlAudioDevice *device;

  if (kind == TL_TONE_RINGTONE && g_strcmp0 (wanted, TL_TONE_PLAYER_ALL_OUTPUTS) == 0)
    {
      GListModel *outputs = tl_audio_catalog_get_outputs (self->catalog);

      for (guint i = 0; i < g_list_model_get_n_items (outputs); i++)
        g_ptr_array_add (targets, g_list_model_get_item (outputs, i));
      return targets;
    }
  device = tl_audio_catalog_resolve (self->catalog, TL_AUDIO_DIRECTION_OUTPUT, wanted, NULL);
  if (device != NULL)
    g_ptr_array_add (targets, g_object_ref (device));
  return targets;
}

static gboolean
start_voice (TlTonePlayer      *self,
             TlToneKind         kind,
             const TlToneSpec  *spec,
             TlAudioDevice     *device,
             GError           **error)
{
  Voice *voice = g_new0 (Voice, 1);
  double volume = kind == TL_TONE_RINGTONE ? self->ring_volume : self->volume;
  double rate = 48000;

  voice->kind = kind;
  atomic_init (&voice->amplitude, (float) volume);
  atomic_init (&voice->ended, 0);
  voice->stream = tl_audio_system_open_stream (device != NULL ? tl_audio_device_get_portaudio_name (device) : NULL,
                                               device != NULL ? tl_audio_device_get_description (device) : NULL,
                                               TL_AUDIO_DIRECTION_OUTPUT, voice_callback, voice,
                                               &rate, error);
  if (voice->stream == NULL)
    {
      g_free (voice);
      return FALSE;
    }
  /* Set up before the stream starts: the callback owns it from then on. */
  tl_tone_generator_init (&voice->gen, spec, rate);
  if (!tl_audio_system_start_stream (voice->stream, device != NULL ? tl_audio_device_get_description (device) : NULL,
                                     error))
    {
      voice_free (voice);
      return FALSE;
    }
  g_ptr_array_add (self->voices, voice);
  if (self->reap_source == 0)
    self->reap_source = g_timeout_add (REAP_INTERVAL_MS, reap_cb, self);
  g_debug ("playing %s on %s", tl_tone_kind_to_string (kind),
           device != NULL ? tl_audio_device_get_id (device) : "the default output");
  return TRUE;
}

gboolean
tl_tone_player_play (TlTonePlayer  *self,
                     TlToneKind     kind,
                     char           digit,
                     GError       **error)
{
  g_autoptr(GPtrArray) targets = NULL;
  TlToneSpec spec;
  guint started = 0;

  g_return_val_if_fail (TL_IS_TONE_PLAYER (self), FALSE);
  if (!tl_tone_spec_for (kind, digit, &spec))
    {
      g_set_error (error, TL_AUDIO_ERROR, TL_AUDIO_ERROR_FORMAT, "No tone for “%c”", digit);
      return FALSE;
    }
  /* The tone it replaces goes first: stopping may plan a release, which the
   * new tone then cancels. */
  tl_tone_player_stop (self, kind);
  g_clear_handle_id (&self->release_source, g_source_remove);
  if (!self->acquired)
    {
      if (!tl_audio_system_acquire (error))
        return FALSE;
      self->acquired = TRUE;
    }
  targets = targets_for (self, kind);
  if (targets->len == 0 &&
      tl_audio_catalog_get_state (self->catalog) != TL_AUDIO_CATALOG_STATE_READY)
    {
      /* No catalog (no sound server): try PortAudio's own default output. */
      return start_voice (self, kind, &spec, NULL, error);
    }
  if (targets->len == 0)
    {
      g_set_error (error, TL_AUDIO_ERROR, TL_AUDIO_ERROR_NO_DEVICE, "There is no speaker to play on");
      return FALSE;
    }
  for (guint i = 0; i < targets->len; i++)
    {
      g_autoptr(GError) local_error = NULL;

      if (start_voice (self, kind, &spec, g_ptr_array_index (targets, i), &local_error))
        started++;
      else if (targets->len == 1 || (i + 1 == targets->len && started == 0))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      else
        g_debug ("ringing on every output: %s", local_error->message);
    }
  return TRUE;
}

/* ---- the call logic's tone port --------------------------------------------- */

static TlToneKind
kind_for (TlCallTone tone)
{
  switch (tone)
    {
    case TL_CALL_TONE_RING: return TL_TONE_RINGTONE;
    case TL_CALL_TONE_RINGBACK: return TL_TONE_RINGBACK;
    case TL_CALL_TONE_DTMF: return TL_TONE_DTMF;
    case TL_CALL_TONE_BUSY: return TL_TONE_BUSY;
    case TL_CALL_TONE_CALL_WAITING: return TL_TONE_CALL_WAITING;
    case TL_CALL_TONE_ERROR:
    default: return TL_TONE_ERROR;
    }
}

static gboolean
port_play (TlTonePort  *port,
           TlCallTone   tone,
           char         digit,
           GError     **error)
{
  return tl_tone_player_play (TL_TONE_PLAYER (port), kind_for (tone), digit, error);
}

static void
port_stop (TlTonePort *port,
           TlCallTone  tone)
{
  tl_tone_player_stop (TL_TONE_PLAYER (port), kind_for (tone));
}

static void
port_set_ready (TlTonePort *port,
                gboolean    ready)
{
  TlTonePlayer *self = TL_TONE_PLAYER (port);
  g_autoptr(GError) error = NULL;

  self->ready = ready;
  if (!ready)
    {
      schedule_release (self);
      return;
    }
  g_clear_handle_id (&self->release_source, g_source_remove);
  if (!self->acquired)
    {
      self->acquired = tl_audio_system_acquire (&error);
      if (!self->acquired)
        g_debug ("tones: %s", error->message);
    }
}

static void
tone_port_iface_init (TlTonePortInterface *iface)
{
  iface->play = port_play;
  iface->stop = port_stop;
  iface->set_ready = port_set_ready;
}
