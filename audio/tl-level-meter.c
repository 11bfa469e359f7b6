/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Live microphone level, fed from a PortAudio callback through a lock-free ring. */
#define G_LOG_DOMAIN "tl-audio"

#include "config.h"

#include "tl-level-meter.h"
#include "tl-audio-ring.h"
#include "tl-audio-system.h"
#include "tl-audio-system-private.h"

#include <math.h>

#define POLL_INTERVAL_MS 50
/* Each callback pushes one record: sum of squares, peak, frame count. */
#define RECORD_SIZE 3
#define RING_RECORDS 4096

struct _TlLevelMeter {
  GObject         parent_instance;
  TlAudioCatalog *catalog;
  TlAudioRing    *ring;
  PaStream       *stream;
  guint           poll_source;
  gboolean        acquired;
  double          level;
  double          peak;
  double          total_sumsq;
  guint64         total_frames;
};

G_DEFINE_FINAL_TYPE (TlLevelMeter, tl_level_meter, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LEVEL,
  PROP_PEAK,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static int
meter_callback (const void                     *input,
                void                           *output,
                unsigned long                   frames,
                const PaStreamCallbackTimeInfo *time_info,
                PaStreamCallbackFlags           flags,
                void                           *user_data)
{
  TlAudioRing *ring = user_data;
  const float *in = input;
  float record[RECORD_SIZE] = { 0, 0, (float) frames };
  double sumsq = 0;

  if (in == NULL)
    return paContinue;
  for (unsigned long i = 0; i < frames; i++)
    {
      float v = fabsf (in[i]);

      sumsq += (double) in[i] * in[i];
      if (v > record[1])
        record[1] = v;
    }
  record[0] = (float) sumsq;
  /* A full ring drops this record; the main loop will catch up. */
  tl_audio_ring_push (ring, record, RECORD_SIZE);
  return paContinue;
}

static double
to_dbfs (double mean_square)
{
  /* +3.01 dB: a sine's RMS is 1/√2 of its peak, and full-scale sine is 0 dBFS. */
  if (mean_square <= 1e-10)
    return TL_LEVEL_METER_FLOOR_DBFS;
  return MAX (TL_LEVEL_METER_FLOOR_DBFS, 10 * log10 (mean_square) + 10 * log10 (2.0));
}

static gboolean
poll_cb (gpointer user_data)
{
  TlLevelMeter *self = user_data;
  float record[RECORD_SIZE];
  double sumsq = 0, peak = 0, frames = 0;
  double level, peak_db;

  while (tl_audio_ring_pop (self->ring, record, RECORD_SIZE) == RECORD_SIZE)
    {
      sumsq += record[0];
      peak = MAX (peak, record[1]);
      frames += record[2];
    }
  if (frames == 0)
    return G_SOURCE_CONTINUE;
  self->total_sumsq += sumsq;
  self->total_frames += (guint64) frames;
  level = to_dbfs (sumsq / frames);
  peak_db = peak > 0 ? MAX (TL_LEVEL_METER_FLOOR_DBFS, 20 * log10 (peak)) : TL_LEVEL_METER_FLOOR_DBFS;
  if (level != self->level)
    {
      self->level = level;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEVEL]);
    }
  if (peak_db != self->peak)
    {
      self->peak = peak_db;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PEAK]);
    }
  return G_SOURCE_CONTINUE;
}

static void
tl_level_meter_dispose (GObject *object)
{
  TlLevelMeter *self = TL_LEVEL_METER (object);

  tl_level_meter_stop (self);
  if (self->acquired)
    {
      tl_audio_system_release ();
      self->acquired = FALSE;
    }
  g_clear_object (&self->catalog);
  G_OBJECT_CLASS (tl_level_meter_parent_class)->dispose (object);
}

static void
tl_level_meter_finalize (GObject *object)
{
  TlLevelMeter *self = TL_LEVEL_METER (object);

  tl_audio_ring_free (self->ring);
  G_OBJECT_CLASS (tl_level_meter_parent_class)->finalize (object);
}

static void
tl_level_meter_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TlLevelMeter *self = TL_LEVEL_METER (object);

  switch (prop_id)
    {
    case PROP_LEVEL:
      g_value_set_double (value, self->level);
      break;
    case PROP_PEAK:
      g_value_set_double (value, self->peak);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->stream != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_level_meter_class_init (TlLevelMeterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tl_level_meter_dispose;
  object_class->finalize = tl_level_meter_finalize;
  object_class->get_property = tl_level_meter_get_property;

  properties[PROP_LEVEL] =
    g_param_spec_double ("level", NULL, NULL, TL_LEVEL_METER_FLOOR_DBFS, 20, TL_LEVEL_METER_FLOOR_DBFS,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PEAK] =
    g_param_spec_double ("peak", NULL, NULL, TL_LEVEL_METER_FLOOR_DBFS, 20, TL_LEVEL_METER_FLOOR_DBFS,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tl_level_meter_init (TlLevelMeter *self)
{
  self->ring = tl_audio_ring_new (RING_RECORDS * RECORD_SIZE);
  self->level = TL_LEVEL_METER_FLOOR_DBFS;
  self->peak = TL_LEVEL_METER_FLOOR_DBFS;
}

TlLevelMeter *
tl_level_meter_new (TlAudioCatalog *catalog)
{
  TlLevelMeter *self = g_object_new (TL_TYPE_LEVEL_METER, NULL);

  self->catalog = g_object_ref (catalog);
  return self;
}

gboolean
tl_level_meter_start (TlLevelMeter  *self,
                      const char    *id,
                      GError       **error)
{
  TlAudioDevice *device;
  double rate;

  g_return_val_if_fail (TL_IS_LEVEL_METER (self), FALSE);
  tl_level_meter_stop (self);
  if (!self->acquired)
    {
      if (!tl_audio_system_acquire (error))
        return FALSE;
      self->acquired = TRUE;
    }
  device = tl_audio_catalog_resolve (self->catalog, TL_AUDIO_DIRECTION_INPUT, id, NULL);
  if (device == NULL && tl_audio_catalog_get_state (self->catalog) == TL_AUDIO_CATALOG_STATE_READY)
    {
      g_set_error (error, TL_AUDIO_ERROR, TL_AUDIO_ERROR_NO_DEVICE, "There is no microphone");
      return FALSE;
    }
  self->stream = tl_audio_system_open_stream (device != NULL ? tl_audio_device_get_portaudio_name (device) : NULL,
                                              device != NULL ? tl_audio_device_get_description (device) : NULL,
                                              TL_AUDIO_DIRECTION_INPUT, meter_callback, self->ring,
                                              &rate, error);
  if (self->stream == NULL)
    return FALSE;
  if (!tl_audio_system_start_stream (self->stream, device != NULL ? tl_audio_device_get_description (device) : NULL,
                                     error))
    {
      g_clear_pointer (&self->stream, tl_audio_system_close_stream);
      return FALSE;
    }
  tl_level_meter_reset_average (self);
  self->poll_source = g_timeout_add (POLL_INTERVAL_MS, poll_cb, self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  return TRUE;
}

void
tl_level_meter_stop (TlLevelMeter *self)
{
  float record[RECORD_SIZE];

  if (self->stream == NULL)
    return;
  g_clear_handle_id (&self->poll_source, g_source_remove);
  g_clear_pointer (&self->stream, tl_audio_system_close_stream);
  while (tl_audio_ring_pop (self->ring, record, RECORD_SIZE) > 0)
    ;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

gboolean
tl_level_meter_get_running (TlLevelMeter *self)
{
  return self->stream != NULL;
}

double
tl_level_meter_get_level (TlLevelMeter *self)
{
  return self->level;
}

double
tl_level_meter_get_peak (TlLevelMeter *self)
{
  return self->peak;
}

double
tl_level_meter_get_average (TlLevelMeter *self)
{
  if (self->total_frames == 0)
    return TL_LEVEL_METER_FLOOR_DBFS;
  return to_dbfs (self->total_sumsq / (double) self->total_frames);
}

void
tl_level_meter_reset_average (TlLevelMeter *self)
{
  self->total_sumsq = 0;
  self->total_frames = 0;
}

guint64
tl_level_meter_get_frames (TlLevelMeter *self)
{
  return self->total_frames;
}
