/* SPDX-License-Identifier: GPL-3.0-or-later */
/* WAV reading and writing, and tone and level measurements for audio checks in tests. */
#define G_LOG_DOMAIN "tl-test"

#include "config.h"

#include "tl-test-trunk.h"

#include <math.h>
#include <string.h>

#define SILENCE_DBFS -200.0
#define WAVE_FORMAT_PCM        0x0001
#define WAVE_FORMAT_IEEE_FLOAT 0x0003
#define WAVE_FORMAT_EXTENSIBLE 0xFFFE

static guint16
read_u16 (const guint8 *p)
{
  return (guint16) (p[0] | (p[1] << 8));
}

static guint32
read_u32 (const guint8 *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) | ((guint32) p[3] << 24);
}

static float
read_sample (const guint8 *p,
             guint         format,
             guint         bits)
{
  if (format == WAVE_FORMAT_IEEE_FLOAT && bits == 32)
    {
      guint32 bits32 = read_u32 (p);
      float value;

      memcpy (&value, &bits32, sizeof value);
      return value;
    }
  if (format == WAVE_FORMAT_IEEE_FLOAT && bits == 64)
    {
      guint64 bits64 = (guint64) read_u32 (p) | ((guint64) read_u32 (p + 4) << 32);
      double value;

      memcpy (&value, &bits64, sizeof value);
      return (float) value;
    }
  switch (bits)
    {
    case 8:
      return ((int) p[0] - 128) / 128.0f;
    case 16:
      return (gint16) read_u16 (p) / 32768.0f;
    case 24:
      return (gint32) (((guint32) p[0] << 8) | ((guint32) p[1] << 16) | ((guint32) p[2] << 24)) / 2147483648.0f;
    case 32:
      return (gint32) read_u32 (p) / 2147483648.0f;
    default:
      return 0.0f;
    }
}

gboolean
tl_test_audio_load_wav (const char   *path,
                        TlTestAudio  *out,
                        GError      **error)
{
  g_autofree guint8 *data = NULL;
  gsize len = 0;
  gsize pos = 12;
  guint format = 0, channels = 0, rate = 0, bits = 0;
  const guint8 *pcm = NULL;
  gsize pcm_len = 0;
  gsize frame_size, n_frames;

  memset (out, 0, sizeof *out);
  if (!g_file_get_contents (path, (char **) &data, &len, error))
    return FALSE;
  if (len < 12 || memcmp (data, "RIFF", 4) != 0 || memcmp (data + 8, "WAVE", 4) != 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s is not a WAV file", path);
      return FALSE;
    }

  while (pos + 8 <= len)
    {
      const guint8 *chunk = data + pos;
      gsize size = read_u32 (chunk + 4);
      gsize available = len - pos - 8;

      if (memcmp (chunk, "fmt ", 4) == 0 && size >= 16 && available >= 16)
        {
          format = read_u16 (chunk + 8);
          channels = read_u16 (chunk + 10);
          rate = read_u32 (chunk + 12);
          bits = read_u16 (chunk + 22);
          if (format == WAVE_FORMAT_EXTENSIBLE && size >= 26 && available >= 26)
            format = read_u16 (chunk + 32);
        }
      else if (memcmp (chunk, "data", 4) == 0)
        {
          /* A writer that was not closed properly (a call still running, a
           * killed engine) leaves the size at 0 or too large: take what is there. */
          pcm = chunk + 8;
          pcm_len = (size == 0 || size > available) ? available : size;
          break;
        }
      pos += 8 + size + (size & 1);
    }

  if (pcm == NULL || channels == 0 || rate == 0 ||
      (format != WAVE_FORMAT_PCM && format != WAVE_FORMAT_IEEE_FLOAT) ||
      (format == WAVE_FORMAT_PCM && bits != 8 && bits != 16 && bits != 24 && bits != 32) ||
      (format == WAVE_FORMAT_IEEE_FLOAT && bits != 32 && bits != 64))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   "%s: unsupported or broken WAV (format %u, %u channels, %u bits)",
                   path, format, channels, bits);
      return FALSE;
    }

  frame_size = (gsize) channels * (bits / 8);
  n_frames = pcm_len / frame_size;
  out->samples = g_new0 (float, MAX (n_frames, 1));
  out->n_samples = n_frames;
  out->rate = rate;
  for (gsize i = 0; i < n_frames; i++)
    {
      float sum = 0.0f;

      for (guint c = 0; c < channels; c++)
        sum += read_sample (pcm + i * frame_size + c * (bits / 8), format, bits);
      out->samples[i] = sum / (float) channels;
    }
  return TRUE;
}

void
tl_test_audio_clear (TlTestAudio *audio)
{
  if (audio == NULL)
    return;
  g_clear_pointer (&audio->samples, g_free);
  audio->n_samples = 0;
  audio->rate = 0;
}

double
tl_test_audio_get_duration (const TlTestAudio *audio)
{
  return audio->rate ? (double) audio->n_samples / audio->rate : 0.0;
}

static gboolean
window_range (const TlTestAudio *audio,
              double             start_s,
              double             len_s,
              gsize             *first,
              gsize             *count)
{
  double start = MAX (start_s, 0.0) * audio->rate;
  double end = (start_s + len_s) * audio->rate;

  if (audio->rate == 0 || audio->n_samples == 0 || end <= start)
    return FALSE;
  *first = (gsize) start;
  if (*first >= audio->n_samples)
    return FALSE;
  *count = MIN ((gsize) end, audio->n_samples) - *first;
  return *count > 0;
}

static double
to_dbfs (double amplitude)
{
  return amplitude > 1e-10 ? 20.0 * log10 (amplitude) : SILENCE_DBFS;
}

/* Goertzel at the exact frequency (not the nearest bin), Hann-windowed so a
 * strong tone elsewhere leaks little; the amplitude estimate is
 * 2 |X| / sum(w), which gives the peak amplitude of a sine. */
static double
tone_amplitude (const float *samples,
                gsize        n,
                guint        rate,
                double       hz)
{
  double w = 2.0 * G_PI * hz / rate;
  double coeff = 2.0 * cos (w);
  double s1 = 0.0, s2 = 0.0, window_sum = 0.0;
  double real, imag;

  for (gsize i = 0; i < n; i++)
    {
      double hann = n > 1 ? 0.5 - 0.5 * cos (2.0 * G_PI * i / (n - 1)) : 1.0;
      double s0 = samples[i] * hann + coeff * s1 - s2;

      window_sum += hann;
      s2 = s1;
      s1 = s0;
    }
  real = s1 - s2 * cos (w);
  imag = s2 * sin (w);
  return window_sum > 0 ? 2.0 * sqrt (real * real + imag * imag) / window_sum : 0.0;
}

double
tl_test_audio_tone_dbfs (const TlTestAudio *audio,
                         double             hz,
                         double             start_s,
                         double             len_s)
{
  gsize first, count;

  if (!window_range (audio, start_s, len_s, &first, &count) || hz <= 0 || hz >= audio->rate / 2.0)
    return SILENCE_DBFS;
  return to_dbfs (tone_amplitude (audio->samples + first, count, audio->rate, hz));
}

double
tl_test_audio_rms_dbfs (const TlTestAudio *audio,
                        double             start_s,
                        double             len_s)
{
  gsize first, count;
  double sum = 0.0;

  if (!window_range (audio, start_s, len_s, &first, &count))
    return SILENCE_DBFS;
  for (gsize i = 0; i < count; i++)
    sum += (double) audio->samples[first + i] * audio->samples[first + i];
  return to_dbfs (sqrt (sum / count));
}

double
tl_test_audio_tone_onset (const TlTestAudio *audio,
                          double             hz,
                          double             threshold_dbfs)
{
  /* 40 ms windows (several periods of any voice-band tone) every 10 ms. */
  const double window_s = 0.040;
  const double hop_s = 0.010;
  double duration = tl_test_audio_get_duration (audio);

  for (double t = 0.0; t + window_s <= duration + 1e-9; t += hop_s)
    {
      if (tl_test_audio_tone_dbfs (audio, hz, t, window_s) > threshold_dbfs)
        return t;
    }
  return -1.0;
}

gboolean
tl_test_audio_write_tone_wav (const char   *path,
                              double        hz,
                              double        amplitude,
                              double        seconds,
                              guint         rate,
                              guint         channels,
                              GError      **error)
{
  gsize n_frames = (gsize) (seconds * rate);
  gsize data_len = n_frames * channels * 2;
  g_autofree guint8 *file = g_malloc (44 + data_len);
  guint8 *p = file;

#define PUT32(v) G_STMT_START { guint32 v32_ = (v); p[0] = v32_ & 0xff; p[1] = (v32_ >> 8) & 0xff; \
                                p[2] = (v32_ >> 16) & 0xff; p[3] = (v32_ >> 24) & 0xff; p += 4; } G_STMT_END
#define PUT16(v) G_STMT_START { guint16 v16_ = (v); p[0] = v16_ & 0xff; p[1] = (v16_ >> 8) & 0xff; p += 2; } G_STMT_END
  memcpy (p, "RIFF", 4); p += 4;
  PUT32 ((guint32) (36 + data_len));
  memcpy (p, "WAVEfmt ", 8); p += 8;
  PUT32 (16);
  PUT16 (WAVE_FORMAT_PCM);
  PUT16 ((guint16) channels);
  PUT32 (rate);
  PUT32 (rate * channels * 2);
  PUT16 ((guint16) (channels * 2));
  PUT16 (16);
  memcpy (p, "data", 4); p += 4;
  PUT32 ((guint32) data_len);
  for (gsize i = 0; i < n_frames; i++)
    {
      double value = amplitude * sin (2.0 * G_PI * hz * i / rate);
      gint16 sample = (gint16) CLAMP (lrint (value * 32767.0), -32768, 32767);

      for (guint c = 0; c < channels; c++)
        PUT16 ((guint16) sample);
    }
#undef PUT32
#undef PUT16
  return g_file_set_contents (path, (const char *) file, (gssize) (44 + data_len), error);
}
