/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tone synthesis for the tone player. Pure computation, safe in a real-time callback. */
#define G_LOG_DOMAIN "tl-audio"

#include "config.h"

#include "tl-tone.h"

#include <math.h>
#include <string.h>

gboolean
tl_tone_dtmf_frequencies (char    digit,
                          double *low_hz,
                          double *high_hz)
{
  static const char keys[] = "123A456B789C*0#D";
  static const double rows[] = { 697, 770, 852, 941 };
  static const double cols[] = { 1209, 1336, 1477, 1633 };
  const char *hit;

  if (digit == '\0')
    return FALSE;
  hit = strchr (keys, g_ascii_toupper (digit));
  if (hit == NULL)
    return FALSE;
  *low_hz = rows[(hit - keys) / 4];
  *high_hz = cols[(hit - keys) % 4];
  return TRUE;
}

static void
set_part (TlToneSpec *spec,
          double      on_s,
          double      off_s,
          double      hz1,
          double      hz2)
{
  TlTonePart *part = &spec->parts[spec->n_parts++];

  part->on_s = on_s;
  part->off_s = off_s;
  part->hz[0] = hz1;
  part->hz[1] = hz2;
}

/* Cadences are the North American ones (ITU-T E.180 lists them per country). */
gboolean
tl_tone_spec_for (TlToneKind  kind,
                  char        digit,
                  TlToneSpec *spec)
{
  double low, high;

  memset (spec, 0, sizeof *spec);
  switch (kind)
    {
    case TL_TONE_RINGTONE:
      /* A softer double ring than the line's ringback, so the two never mix up. */
      set_part (spec, 0.4, 0.2, 440, 480);
      set_part (spec, 0.4, 2.0, 440, 480);
      return TRUE;
    case TL_TONE_RINGBACK:
      set_part (spec, 2.0, 4.0, 440, 480);
      return TRUE;
    case TL_TONE_DTMF:
      if (!tl_tone_dtmf_frequencies (digit, &low, &high))
        return FALSE;
      set_part (spec, 0.12, 0.03, low, high);
      spec->repeats = 1;
      return TRUE;
    case TL_TONE_BUSY:
      set_part (spec, 0.5, 0.5, 480, 620);
      spec->repeats = 4;
      return TRUE;
    case TL_TONE_ERROR:
      set_part (spec, 0.25, 0.25, 480, 620);
      spec->repeats = 6;
      return TRUE;
    case TL_TONE_CALL_WAITING:
      set_part (spec, 0.3, 0.1, 440, 0);
      spec->repeats = 1;
      return TRUE;
    case TL_TONE_TEST:
      set_part (spec, 2.0, 0.05, 1000, 0);
      spec->repeats = 1;
      return TRUE;
    default:
      return FALSE;
    }
}

void
tl_tone_generator_init (TlToneGenerator  *gen,
                        const TlToneSpec *spec,
                        double            rate)
{
  memset (gen, 0, sizeof *gen);
  gen->spec = *spec;
  gen->rate = rate;
  gen->done = spec->n_parts == 0;
}

gboolean
tl_tone_generator_fill (TlToneGenerator *gen,
                        float           *out,
                        gulong           frames,
                        float            amplitude)
{
  for (gulong i = 0; i < frames; i++)
    {
      const TlTonePart *part;
      guint64 on_frames, total_frames;
      float sample = 0;

      if (gen->done)
        {
          out[i] = 0;
          continue;
        }
      part = &gen->spec.parts[gen->part];
      on_frames = (guint64) (part->on_s * gen->rate);
      total_frames = on_frames + (guint64) (part->off_s * gen->rate);
      if (gen->frame < on_frames)
        {
          guint n = part->hz[1] > 0 ? 2 : 1;

          for (guint c = 0; c < n; c++)
            {
              sample += (float) sin (gen->phase[c]) * amplitude / (float) n;
              gen->phase[c] += 2 * G_PI * part->hz[c] / gen->rate;
              if (gen->phase[c] > 2 * G_PI)
                gen->phase[c] -= 2 * G_PI;
            }
        }
      out[i] = sample;
      if (++gen->frame >= total_frames)
        {
          gen->frame = 0;
          gen->phase[0] = gen->phase[1] = 0;
          if (++gen->part >= gen->spec.n_parts)
            {
              gen->part = 0;
              if (gen->spec.repeats != 0 && ++gen->cycle >= gen->spec.repeats)
                gen->done = TRUE;
            }
        }
    }
  return !gen->done;
}

const char *
tl_tone_kind_to_string (TlToneKind kind)
{
  static const char *const names[] = {
    "ringtone", "ringback", "dtmf", "busy", "error", "call-waiting", "test",
  };

  return kind < TL_TONE_N_KINDS ? names[kind] : "unknown";
}
