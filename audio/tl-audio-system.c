/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared PortAudio initialisation for everything in audio/. */
#define G_LOG_DOMAIN "tl-audio"

#include "config.h"

#include "tl-audio-system.h"

#include <portaudio.h>

G_DEFINE_QUARK (tl-audio-error-quark, tl_audio_error)

static guint acquired;
static GMutex lock;

gboolean
tl_audio_system_acquire (GError **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lock);
  PaError err;

  if (acquired > 0)
    {
      acquired++;
      return TRUE;
    }
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
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lock);

  g_return_if_fail (acquired > 0);
  if (--acquired == 0)
    Pa_Terminate ();
}

const char *
tl_audio_system_version (void)
{
  return Pa_GetVersionText ();
}
