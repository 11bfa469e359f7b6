/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The port app/ defines for call tones: what the call logic asks to hear, implemented in audio/. */
#define G_LOG_DOMAIN "tl-audio-routing"

#include "config.h"

#include "tl-tone-port.h"

G_DEFINE_INTERFACE (TlTonePort, tl_tone_port, G_TYPE_OBJECT)

static void
tl_tone_port_default_init (TlTonePortInterface *iface)
{
}

gboolean
tl_tone_port_play (TlTonePort  *self,
                   TlCallTone   tone,
                   char         digit,
                   GError     **error)
{
  g_return_val_if_fail (TL_IS_TONE_PORT (self), FALSE);
  return TL_TONE_PORT_GET_IFACE (self)->play (self, tone, digit, error);
}

void
tl_tone_port_stop (TlTonePort *self,
                   TlCallTone  tone)
{
  g_return_if_fail (TL_IS_TONE_PORT (self));
  TL_TONE_PORT_GET_IFACE (self)->stop (self, tone);
}

void
tl_tone_port_set_ready (TlTonePort *self,
                        gboolean    ready)
{
  TlTonePortInterface *iface;

  g_return_if_fail (TL_IS_TONE_PORT (self));
  iface = TL_TONE_PORT_GET_IFACE (self);
  if (iface->set_ready != NULL)
    iface->set_ready (self, ready);
}

const char *
tl_call_tone_to_string (TlCallTone tone)
{
  switch (tone)
    {
    case TL_CALL_TONE_RING: return "ring";
    case TL_CALL_TONE_RINGBACK: return "ringback";
    case TL_CALL_TONE_DTMF: return "dtmf";
    case TL_CALL_TONE_BUSY: return "busy";
    case TL_CALL_TONE_ERROR: return "error";
    case TL_CALL_TONE_CALL_WAITING: return "call-waiting";
    default: return "unknown";
    }
}
