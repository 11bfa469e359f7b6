/* SPDX-License-Identifier: GPL-3.0-or-later */
/* How the application applies its preferences: audio devices and volume to the engine and the tones, and the local SIP address. */
#define G_LOG_DOMAIN "tl-ui"

#include "config.h"

#include "tl-application-private.h"

#include <glib/gi18n.h>

#include <string.h>

/* ---- preferences ---------------------------------------------------------------------- */

static char *
setting_or_null (GSettings  *settings,
                 const char *key)
{
  char *value = g_settings_get_string (settings, key);

  if (*value != '\0')
    return value;
  g_free (value);
  return NULL;
}

void
tl_application_apply_audio_settings (TlApplication *self)
{
  g_autofree char *microphone = setting_or_null (self->settings, "microphone");
  g_autofree char *speaker = setting_or_null (self->settings, "speaker");
  g_autofree char *ringer = setting_or_null (self->settings, "ringer");

  tl_engine_audio_set_microphone (self->engine_audio, microphone);
  tl_engine_audio_set_speaker (self->engine_audio, speaker);
  tl_engine_audio_set_echo_cancel (self->engine_audio, g_settings_get_boolean (self->settings, "echo-cancellation"));
  tl_tone_player_set_speaker_device (self->tones, speaker);
  tl_tone_player_set_ringer_device (self->tones, ringer);
  tl_tone_player_set_ring_volume (self->tones, g_settings_get_double (self->settings, "ringtone-volume"));
}

void
tl_application_apply_latency (TlApplication *self)
{
  gboolean lowest = g_settings_get_boolean (self->settings, "lowest-latency");

  /* Read at each engine start: the buffers are the engine's configuration. */
  tl_engine_set_audio_latency (self->engine, lowest ? &TL_ENGINE_AUDIO_LATENCY_LOWEST
                                                    : &TL_ENGINE_AUDIO_LATENCY_DEFAULT);
}

/* The engine's local SIP address: `--listen` for this run, else the preferences
 * (an address, a port, or both), else the engine's own choice. */
char *
tl_application_dup_listen_address (TlApplication *self)
{
  g_autofree char *address = NULL;
  guint port;

  if (self->listen_address != NULL)
    return g_strdup (self->listen_address);
  address = setting_or_null (self->settings, "listen-address");
  port = g_settings_get_uint (self->settings, "sip-port");
  if (address == NULL && port == 0)
    return NULL;
  if (address == NULL)
    address = g_strdup ("0.0.0.0");
  return g_strdup_printf (strchr (address, ':') != NULL ? "[%s]:%u" : "%s:%u", address, port);
}

void
tl_application_settings_changed_cb (TlApplication *self,
                                    const char    *key)
{
  static const char * const audio[] = { "microphone", "speaker", "ringer", "ringtone-volume",
                                        "echo-cancellation", NULL };

  if (g_strv_contains (audio, key))
    tl_application_apply_audio_settings (self);
  else if (g_str_equal (key, "lowest-latency"))
    {
      tl_application_apply_latency (self);
      g_debug ("Audio latency now %s; the engine restarts when no call is up",
               g_settings_get_boolean (self->settings, "lowest-latency") ? "lowest" : "the default");
      tl_engine_restart_when_idle (self->engine);
    }
  else if (g_str_equal (key, "listen-address") || g_str_equal (key, "sip-port"))
    {
      g_autofree char *address = tl_application_dup_listen_address (self);

      if (self->listen_address != NULL)
        return;   /* --listen holds for the whole run */
      g_debug ("Local SIP address now %s; the engine restarts when no call is up",
               address != NULL ? address : "the engine's choice");
      tl_engine_set_listen_address (self->engine, address);
      tl_engine_restart_when_idle (self->engine);
    }
}
