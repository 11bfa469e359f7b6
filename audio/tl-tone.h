/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tone synthesis for the tone player: ringtone, ringback, DTMF, busy, error,
 * call waiting, speaker test. Pure computation, safe in a real-time callback. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  TL_TONE_RINGTONE,      /* incoming call, on the ringer device */
  TL_TONE_RINGBACK,      /* the far end rings and the network sends no early media */
  TL_TONE_DTMF,          /* key feedback */
  TL_TONE_BUSY,
  TL_TONE_ERROR,         /* the call failed (reorder tone) */
  TL_TONE_CALL_WAITING,  /* a second call arrives during a call */
  TL_TONE_TEST,          /* speaker test in the preferences */
  TL_TONE_N_KINDS
} TlToneKind;

#define TL_TONE_MAX_PARTS 4

typedef struct {
  double on_s;           /* tone time of this part */
  double off_s;          /* silence after it */
  double hz[2];          /* 0 for an unused component */
} TlTonePart;

typedef struct {
  TlTonePart parts[TL_TONE_MAX_PARTS];
  guint      n_parts;
  guint      repeats;    /* 0: until stopped */
} TlToneSpec;

typedef struct {
  TlToneSpec spec;
  double     rate;
  double     phase[2];
  guint64    frame;      /* within the current part */
  guint      part;
  guint      cycle;
  gboolean   done;
} TlToneGenerator;

/* The standard pair for a DTMF key (0-9, *, #, A-D); FALSE for anything else. */
gboolean    tl_tone_dtmf_frequencies   (char              digit,
                                        double           *low_hz,
                                        double           *high_hz);
gboolean    tl_tone_spec_for           (TlToneKind        kind,
                                        char              digit,
                                        TlToneSpec       *spec);
void        tl_tone_generator_init     (TlToneGenerator  *gen,
                                        const TlToneSpec *spec,
                                        double            rate);
/* Writes @frames mono samples at @amplitude (0..1, per component pair);
 * returns FALSE once the tone has ended (the rest of @out is silence). */
gboolean    tl_tone_generator_fill     (TlToneGenerator  *gen,
                                        float            *out,
                                        gulong            frames,
                                        float             amplitude);
const char *tl_tone_kind_to_string     (TlToneKind        kind);

G_END_DECLS
