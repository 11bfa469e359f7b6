/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared PortAudio initialisation for everything in audio/. */
#define G_LOG_DOMAIN "tl-audio"

#include "config.h"

#include "tl-audio-system.h"
#include "tl-audio-system-private.h"

#include <portaudio.h>
#include <string.h>

G_DEFINE_QUARK (tl-audio-error-quark, tl_audio_error)

static guint acquired;
static guint open_streams;
static GMutex lock;

gboolean
tl_audio_system_acquire (GError **error)
{
  g_autoptr(GMutexLocker) locker G_GNUC_UNUSED = g_mutex_locker_new (&lock);
  PaError err;

  if (acquired > 0)
    {
      acquired++;
      return TRUE;
    }
  /* PortAudio's JACK host API would otherwise try to start a JACK server. */
  g_setenv ("JACK_NO_START_SERVER", "1", FALSE);
  err = Pa_Initialize ();
  if (err != paNoError)
    {
      g_set_error (error, TL_AUDIO_ERROR, TL_AUDIO_ERROR_INIT,
                   "The audio system could not start: %s", Pa_GetErrorText (err));
      return FALSE;
    }
  acquired = 1;
  g_debug ("%s: %d devices", Pa_GetVersionText (), Pa_GetDeviceCount ());
  return TRUE;
}

void
tl_audio_system_release (void)
{
  g_autoptr(GMutexLocker) locker G_GNUC_UNUSED = g_mutex_locker_new (&lock);

  g_return_if_fail (acquired > 0);
  if (--acquired == 0)
    Pa_Terminate ();
}

const char *
tl_audio_system_version (void)
{
  return Pa_GetVersionText ();
}

gboolean
tl_audio_system_refresh (void)
{
  g_autoptr(GMutexLocker) locker G_GNUC_UNUSED = g_mutex_locker_new (&lock);
  PaError err;

  if (acquired == 0)
    return TRUE;
  if (open_streams > 0)
    return FALSE;
  Pa_Terminate ();
  err = Pa_Initialize ();
  if (err != paNoError)
    {
      /* Holders keep their count; the next acquire-less call sees no devices. */
      g_debug ("PortAudio re-initialisation failed: %s", Pa_GetErrorText (err));
      return FALSE;
    }
  g_debug ("PortAudio refreshed: %d devices", Pa_GetDeviceCount ());
  return TRUE;
}

static int
find_device_locked (const char       *portaudio_name,
                    TlAudioDirection  direction)
{
  int count = Pa_GetDeviceCount ();

  for (int i = 0; i < count; i++)
    {
      const PaDeviceInfo *info = Pa_GetDeviceInfo (i);
      int channels;

      if (info == NULL || g_strcmp0 (info->name, portaudio_name) != 0)
        continue;
      channels = direction == TL_AUDIO_DIRECTION_INPUT ? info->maxInputChannels
                                                       : info->maxOutputChannels;
      if (channels > 0)
        return i;
    }
  return -1;
}

int
tl_audio_system_find_device (const char       *portaudio_name,
                             TlAudioDirection  direction)
{
  int index;

  if (portaudio_name == NULL)
    return -1;
  g_mutex_lock (&lock);
  index = acquired > 0 ? find_device_locked (portaudio_name, direction) : -1;
  g_mutex_unlock (&lock);
  if (index < 0 && tl_audio_system_refresh ())
    {
      g_mutex_lock (&lock);
      index = acquired > 0 ? find_device_locked (portaudio_name, direction) : -1;
      g_mutex_unlock (&lock);
    }
  return index;
}

GPtrArray *
tl_audio_system_list_names (void)
{
  g_autoptr(GMutexLocker) locker G_GNUC_UNUSED = g_mutex_locker_new (&lock);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  int count = acquired > 0 ? Pa_GetDeviceCount () : 0;

  for (int i = 0; i < count; i++)
    {
      const PaDeviceInfo *info = Pa_GetDeviceInfo (i);

      g_ptr_array_add (names, g_strdup (info != NULL ? info->name : ""));
    }
  return names;
}

void
tl_audio_system_stream_opened (void)
{
  g_autoptr(GMutexLocker) locker G_GNUC_UNUSED = g_mutex_locker_new (&lock);

  open_streams++;
}

void
tl_audio_system_stream_closed (void)
{
  g_autoptr(GMutexLocker) locker G_GNUC_UNUSED = g_mutex_locker_new (&lock);

  g_return_if_fail (open_streams > 0);
  open_streams--;
}

PaStream *
tl_audio_system_open_stream (const char        *portaudio_name,
                             const char        *description,
                             TlAudioDirection   direction,
                             PaStreamCallback  *callback,
                             void              *user_data,
                             double            *rate,
                             GError           **error)
{
  static const double rates[] = { 48000, 44100 };
  PaStreamParameters params = { 0 };
  const PaDeviceInfo *info;
  PaStream *stream = NULL;
  PaError err = paNoError;
  gboolean input = direction == TL_AUDIO_DIRECTION_INPUT;
  int index;

  if (portaudio_name != NULL)
    index = tl_audio_system_find_device (portaudio_name, direction);
  else
    index = input ? Pa_GetDefaultInputDevice () : Pa_GetDefaultOutputDevice ();
  if (index < 0)
    {
      g_set_error (error, TL_AUDIO_ERROR, TL_AUDIO_ERROR_NO_DEVICE,
                   "The %s “%s” is not available", input ? "microphone" : "speaker",
                   description != NULL ? description : "default device");
      return NULL;
    }
  info = Pa_GetDeviceInfo (index);
  params.device = index;
  params.channelCount = 1;
  params.sampleFormat = paFloat32;
  params.suggestedLatency = input ? info->defaultLowInputLatency : info->defaultLowOutputLatency;

  for (guint i = 0; i < G_N_ELEMENTS (rates); i++)
    {
      err = Pa_OpenStream (&stream, input ? &params : NULL, input ? NULL : &params,
                           rates[i], paFramesPerBufferUnspecified, paClipOff,
                           callback, user_data);
      if (err == paNoError)
        {
          *rate = rates[i];
          break;
        }
      stream = NULL;
      if (err != paInvalidSampleRate)
        break;
    }
  if (stream == NULL)
    {
      g_set_error (error, TL_AUDIO_ERROR,
                   err == paInvalidSampleRate ? TL_AUDIO_ERROR_FORMAT : TL_AUDIO_ERROR_STREAM,
                   err == paInvalidSampleRate
                   ? "The device “%s” refuses 48 kHz and 44.1 kHz audio"
                   : "The device “%s” could not be opened: %s",
                   description != NULL ? description : info->name, Pa_GetErrorText (err));
      return NULL;
    }
  tl_audio_system_stream_opened ();
  return stream;
}

gboolean
tl_audio_system_start_stream (PaStream    *stream,
                              const char  *description,
                              GError     **error)
{
  PaError err = Pa_StartStream (stream);

  if (err != paNoError)
    {
      g_set_error (error, TL_AUDIO_ERROR, TL_AUDIO_ERROR_STREAM,
                   "The device “%s” could not start: %s",
                   description != NULL ? description : "default device", Pa_GetErrorText (err));
      return FALSE;
    }
  return TRUE;
}

void
tl_audio_system_close_stream (PaStream *stream)
{
  if (stream == NULL)
    return;
  Pa_AbortStream (stream);
  Pa_CloseStream (stream);
  tl_audio_system_stream_closed ();
}
