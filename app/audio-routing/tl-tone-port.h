/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The port app/ defines for call tones: what the call logic asks to hear, implemented in audio/. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  TL_CALL_TONE_RING,          /* an incoming call, on the ringer device */
  TL_CALL_TONE_RINGBACK,      /* the far end rings and the network plays nothing */
  TL_CALL_TONE_DTMF,          /* key feedback for one digit */
  TL_CALL_TONE_BUSY,
  TL_CALL_TONE_ERROR,         /* the call failed */
  TL_CALL_TONE_CALL_WAITING,  /* a second call arrives during a call: soft, instead of the ring */
} TlCallTone;

#define TL_TYPE_TONE_PORT (tl_tone_port_get_type ())
G_DECLARE_INTERFACE (TlTonePort, tl_tone_port, TL, TONE_PORT, GObject)

struct _TlTonePortInterface {
  GTypeInterface parent_iface;

  /* Starts @tone (@digit for DTMF), replacing the same tone if it plays. */
  gboolean (*play) (TlTonePort  *self,
                    TlCallTone   tone,
                    char         digit,
                    GError     **error);
  void     (*stop) (TlTonePort  *self,
                    TlCallTone   tone);
  /* Optional: TRUE while calls are up, so tones asked for then start at once
   * (a port may keep its sound system closed otherwise, to save memory). */
  void     (*set_ready) (TlTonePort *self,
                         gboolean    ready);
};

gboolean    tl_tone_port_play          (TlTonePort  *self,
                                        TlCallTone   tone,
                                        char         digit,
                                        GError     **error);
void        tl_tone_port_stop          (TlTonePort  *self,
                                        TlCallTone   tone);
void        tl_tone_port_set_ready     (TlTonePort  *self,
                                        gboolean     ready);
const char *tl_call_tone_to_string     (TlCallTone   tone);

G_END_DECLS
