/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests for audio/ pieces that need no device: the lock-free ring and tone synthesis. */
#include "config.h"

#include <math.h>

#include "tl-audio-ring.h"
#include "tl-tone.h"

static void
test_ring_push_pop (void)
{
  g_autoptr(TlAudioRing) ring = tl_audio_ring_new (6);
  float in[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
  float out[8] = { 0 };

  /* Rounded up to 8. */
  g_assert_true (tl_audio_ring_push (ring, in, 5));
  g_assert_false (tl_audio_ring_push (ring, in, 4));
  g_assert_cmpuint (tl_audio_ring_get_overruns (ring), ==, 1);
  g_assert_cmpuint (tl_audio_ring_available (ring), ==, 5);
  g_assert_cmpuint (tl_audio_ring_pop (ring, out, 3), ==, 3);
  g_assert_cmpfloat (out[2], ==, 3);
  /* Wraps around the end. */
  g_assert_true (tl_audio_ring_push (ring, in, 6));
  g_assert_cmpuint (tl_audio_ring_pop (ring, out, 8), ==, 8);
  g_assert_cmpfloat (out[0], ==, 4);
  g_assert_cmpfloat (out[1], ==, 5);
  g_assert_cmpfloat (out[2], ==, 1);
  g_assert_cmpfloat (out[7], ==, 6);
  g_assert_cmpuint (tl_audio_ring_pop (ring, out, 8), ==, 0);
}

typedef struct {
  TlAudioRing *ring;
  guint        n;
} Producer;

static gpointer
producer_thread (gpointer data)
{
  Producer *p = data;

  for (guint i = 0; i < p->n;)
    {
      float v = (float) i;

      if (tl_audio_ring_push (p->ring, &v, 1))
        i++;
      else
        g_thread_yield ();
    }
  return NULL;
}

static void
test_ring_threads (void)
{
  g_autoptr(TlAudioRing) ring = tl_audio_ring_new (64);
  Producer p = { ring, 200000 };
  GThread *thread = g_thread_new ("producer", producer_thread, &p);
  guint expected = 0;

  while (expected < p.n)
    {
      float v;

      if (tl_audio_ring_pop (ring, &v, 1) == 1)
        {
          g_assert_cmpfloat (v, ==, (float) expected);
          expected++;
        }
    }
  g_thread_join (thread);
}

static void
test_dtmf_table (void)
{
  double low, high;

  g_assert_true (tl_tone_dtmf_frequencies ('1', &low, &high));
  g_assert_cmpfloat (low, ==, 697);
  g_assert_cmpfloat (high, ==, 1209);
  g_assert_true (tl_tone_dtmf_frequencies ('0', &low, &high));
  g_assert_cmpfloat (low, ==, 941);
  g_assert_cmpfloat (high, ==, 1336);
  g_assert_true (tl_tone_dtmf_frequencies ('#', &low, &high));
  g_assert_cmpfloat (high, ==, 1477);
  g_assert_true (tl_tone_dtmf_frequencies ('d', &low, &high));
  g_assert_cmpfloat (high, ==, 1633);
  g_assert_false (tl_tone_dtmf_frequencies ('x', &low, &high));
  g_assert_false (tl_tone_dtmf_frequencies ('\0', &low, &high));
}

/* Amplitude of @hz in @x (Goertzel, rectangular window over whole cycles). */
static double
tone_amplitude (const float *x,
                gsize        n,
                double       hz,
                double       rate)
{
  double w = 2 * G_PI * hz / rate, c = 2 * cos (w), s1 = 0, s2 = 0;

  for (gsize i = 0; i < n; i++)
    {
      double s0 = x[i] + c * s1 - s2;

      s2 = s1;
      s1 = s0;
    }
  return 2 * sqrt (s1 * s1 + s2 * s2 - c * s1 * s2) / (double) n;
}

static void
test_dtmf_tone (void)
{
  TlToneSpec spec;
  TlToneGenerator gen;
  g_autofree float *buf = g_new0 (float, 48000);
  gboolean running;

  g_assert_true (tl_tone_spec_for (TL_TONE_DTMF, '5', &spec));
  tl_tone_generator_init (&gen, &spec, 48000);
  running = tl_tone_generator_fill (&gen, buf, 4800, 1.0f);
  g_assert_true (running);
  /* 100 ms of 770 + 1336 Hz, each at half the amplitude. */
  g_assert_cmpfloat_with_epsilon (tone_amplitude (buf, 4800, 770, 48000), 0.5, 0.02);
  g_assert_cmpfloat_with_epsilon (tone_amplitude (buf, 4800, 1336, 48000), 0.5, 0.02);
  g_assert_cmpfloat (tone_amplitude (buf, 4800, 697, 48000), <, 0.05);
  /* One-shot: ends after 150 ms and then stays silent. */
  running = tl_tone_generator_fill (&gen, buf, 48000 - 4800, 1.0f);
  g_assert_false (running);
  g_assert_cmpfloat (buf[48000 - 4801], ==, 0);
}

static void
test_ringtone_cadence (void)
{
  TlToneSpec spec;
  TlToneGenerator gen;
  g_autofree float *buf = g_new0 (float, 48000 * 4);

  g_assert_true (tl_tone_spec_for (TL_TONE_RINGTONE, 0, &spec));
  g_assert_cmpuint (spec.repeats, ==, 0);
  tl_tone_generator_init (&gen, &spec, 48000);
  g_assert_true (tl_tone_generator_fill (&gen, buf, 48000 * 4, 0.5f));
  /* On for the first 0.4 s, silent in the 2 s gap, on again after 3 s. */
  g_assert_cmpfloat (tone_amplitude (buf, 9600, 440, 48000), >, 0.2);
  g_assert_cmpfloat (tone_amplitude (buf + 48000 * 2, 9600, 440, 48000), <, 0.001);
  g_assert_cmpfloat (tone_amplitude (buf + 48000 * 3, 9600, 440, 48000), >, 0.2);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/audio/ring/push-pop", test_ring_push_pop);
  g_test_add_func ("/audio/ring/threads", test_ring_threads);
  g_test_add_func ("/audio/tone/dtmf-table", test_dtmf_table);
  g_test_add_func ("/audio/tone/dtmf", test_dtmf_tone);
  g_test_add_func ("/audio/tone/ringtone-cadence", test_ringtone_cadence);
  return g_test_run ();
}
