/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Backend for systems without a libpulse sound server: PortAudio's own device list,
 * identified as "HostAPI: device name" (stable across runs, unlike indexes). */
#define G_LOG_DOMAIN "tl-audio"

#include "config.h"

#include "tl-audio-catalog-private.h"
#include "tl-audio-system.h"

#include <portaudio.h>

struct _TlAudioBackend {
  TlAudioCatalog *catalog;
  gboolean        acquired;
};

static void
list_devices (TlAudioBackend *self)
{
  g_autoptr(GPtrArray) devices = g_ptr_array_new_with_free_func (g_object_unref);
  PaDeviceIndex default_in = Pa_GetDefaultInputDevice ();
  PaDeviceIndex default_out = Pa_GetDefaultOutputDevice ();
  int count = Pa_GetDeviceCount ();

  for (int i = 0; i < count; i++)
    {
      const PaDeviceInfo *info = Pa_GetDeviceInfo (i);
      const PaHostApiInfo *api = info != NULL ? Pa_GetHostApiInfo (info->hostApi) : NULL;
      g_autofree char *id = NULL;

      if (info == NULL || api == NULL)
        continue;
      id = g_strdup_printf ("%s: %s", api->name, info->name);
      for (guint pass = 0; pass < 2; pass++)
        {
          TlAudioDirection direction = pass == 0 ? TL_AUDIO_DIRECTION_INPUT : TL_AUDIO_DIRECTION_OUTPUT;
          int channels = pass == 0 ? info->maxInputChannels : info->maxOutputChannels;
          TlAudioDevice *device;

          if (channels <= 0)
            continue;
          device = tl_audio_device_new (direction, id, info->name, info->name);
          tl_audio_device_set_flags (device, i == (pass == 0 ? default_in : default_out),
                                     FALSE, FALSE, FALSE, NULL);
          g_ptr_array_add (devices, device);
        }
    }
  tl_audio_catalog_publish (self->catalog, devices);
  if (devices->len == 0)
    tl_audio_catalog_set_state (self->catalog, TL_AUDIO_CATALOG_STATE_NO_DEVICES,
                                "No microphone or speaker was found. Calls still connect, without sound.");
  else
    tl_audio_catalog_set_state (self->catalog, TL_AUDIO_CATALOG_STATE_READY, NULL);
}

TlAudioBackend *
tl_audio_backend_new (TlAudioCatalog *catalog)
{
  TlAudioBackend *self = g_new0 (TlAudioBackend, 1);
  g_autoptr(GError) error = NULL;

  self->catalog = catalog;
  self->acquired = tl_audio_system_acquire (&error);
  if (!self->acquired)
    tl_audio_catalog_set_state (catalog, TL_AUDIO_CATALOG_STATE_FAILED, error->message);
  else
    list_devices (self);
  return self;
}

void
tl_audio_backend_free (TlAudioBackend *self)
{
  if (self == NULL)
    return;
  if (self->acquired)
    tl_audio_system_release ();
  g_free (self);
}

const char *
tl_audio_backend_get_alsa_config_path (TlAudioBackend *self)
{
  return NULL;
}
