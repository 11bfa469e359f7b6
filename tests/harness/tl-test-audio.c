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

/* ---- test signals and delay ------------------------------------------------- */

void
tl_test_audio_make_bursts (TlTestAudio *out,
                           guint        rate,
                           double       seconds,
                           guint32      seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  gsize n = rate > 0 && seconds > 0 ? (gsize) (seconds * rate) : 0;
  gsize fade = MAX (rate * 3 / 1000, 1);
  gsize pos = rate / 5;

  memset (out, 0, sizeof *out);
  out->samples = g_new0 (float, MAX (n, 1));
  out->n_samples = n;
  out->rate = rate;

  /* Every turn moves on by a burst and a gap (at least one sample). */
  while (pos < n)
    {
      gsize len = (gsize) g_rand_int_range (rand, 40, 200) * rate / 1000;
      gsize gap = (gsize) g_rand_int_range (rand, 50, 300) * rate / 1000;
      double f0 = g_rand_double_range (rand, 300.0, 800.0);
      double f1 = MIN (g_rand_double_range (rand, 1500.0, 3000.0), rate * 0.45);
      double phase = 0.0;

      for (gsize i = 0; i < len && pos + i < n; i++)
        {
          double hz = f0 + (f1 - f0) * i / len;
          double gain = 1.0;

          if (i < fade)
            gain = 0.5 - 0.5 * cos (G_PI * i / fade);
          else if (len - i <= fade)
            gain = 0.5 - 0.5 * cos (G_PI * (len - i) / fade);
          out->samples[pos + i] = (float) (0.5 * gain * sin (phase));
          phase += 2.0 * G_PI * hz / rate;
        }
      pos += MAX (len + gap, 1);
    }
}

/* RMS of each whole block of @block samples. */
static double *
block_envelope (const TlTestAudio *audio,
                gsize              block,
                gsize             *n_blocks)
{
  gsize n = audio->n_samples / block;
  double *envelope = g_new0 (double, n + 1);

  for (gsize k = 0; k < n; k++)
    {
      double sum = 0.0;

      for (gsize i = 0; i < block; i++)
        sum += (double) audio->samples[k * block + i] * audio->samples[k * block + i];
      envelope[k] = sqrt (sum / block);
    }
  *n_blocks = n;
  return envelope;
}

/* prefix[i] is the sum of x[0..i), prefix_sq[i] that of x², both n + 1 long. */
static void
prefix_sums_double (const double *x,
                    gsize         n,
                    double       *prefix,
                    double       *prefix_sq)
{
  prefix[0] = prefix_sq[0] = 0.0;
  for (gsize i = 0; i < n; i++)
    {
      prefix[i + 1] = prefix[i] + x[i];
      prefix_sq[i + 1] = prefix_sq[i] + x[i] * x[i];
    }
}

static double *
prefix_squares (const TlTestAudio *audio)
{
  double *prefix = g_new (double, audio->n_samples + 1);

  prefix[0] = 0.0;
  for (gsize i = 0; i < audio->n_samples; i++)
    prefix[i + 1] = prefix[i] + (double) audio->samples[i] * audio->samples[i];
  return prefix;
}

/* Pearson correlation of the envelopes at a lag of @lag blocks, over their overlap;
 * FALSE when the overlap is too short or one side is flat there. */
static gboolean
envelope_correlation (const double *sent,
                      const double *sent_sum,
                      const double *sent_sq,
                      gsize         n_sent,
                      const double *received,
                      const double *received_sum,
                      const double *received_sq,
                      gsize         n_received,
                      gsize         lag,
                      double       *out)
{
  gsize m = MIN (n_sent, n_received - lag);
  double sx, sy, vx, vy, sxy = 0.0;

  if (m < 20)
    return FALSE;
  for (gsize k = 0; k < m; k++)
    sxy += sent[k] * received[k + lag];
  sx = sent_sum[m];
  sy = received_sum[lag + m] - received_sum[lag];
  vx = sent_sq[m] - sx * sx / m;
  vy = (received_sq[lag + m] - received_sq[lag]) - sy * sy / m;
  if (vx <= 1e-12 || vy <= 1e-12)
    return FALSE;
  *out = (sxy - sx * sy / m) / sqrt (vx * vy);
  return TRUE;
}

/* Normalised cross-correlation of the samples at a lag of @lag samples. */
static double
sample_correlation (const TlTestAudio *sent,
                    const double      *sent_sq,
                    const TlTestAudio *received,
                    const double      *received_sq,
                    gsize              lag)
{
  gsize m = MIN (sent->n_samples, received->n_samples - lag);
  const float *r = received->samples + lag;
  double energy, sum = 0.0;

  for (gsize i = 0; i < m; i++)
    sum += (double) sent->samples[i] * r[i];
  energy = sent_sq[m] * (received_sq[lag + m] - received_sq[lag]);
  return energy > 0.0 ? sum / sqrt (energy) : 0.0;
}

double
tl_test_audio_delay_ms (const TlTestAudio *sent,
                        const TlTestAudio *received,
                        double             max_lag_s,
                        double            *peak_out)
{
  gsize block, n_sent, n_received, max_lag, best_block = 0, first, last, best;
  g_autofree double *sent_env = NULL, *received_env = NULL;
  g_autofree double *sent_sum = NULL, *sent_env_sq = NULL;
  g_autofree double *received_sum = NULL, *received_env_sq = NULL;
  g_autofree double *sent_sq = NULL, *received_sq = NULL;
  g_autofree double *fine = NULL;
  double best_r = -2.0, offset = 0.0;

  if (peak_out != NULL)
    *peak_out = 0.0;
  if (sent->rate == 0 || sent->rate != received->rate || max_lag_s < 0 ||
      sent->n_samples == 0 || received->n_samples == 0)
    return -1.0;

  /* Coarse: the lag in 1 ms blocks that best lines up the envelopes. The
   * envelopes ignore the waveform, so a codec that changes phases does not
   * matter here, and the search is cheap over a long range. */
  block = MAX (sent->rate / 1000, 1);
  sent_env = block_envelope (sent, block, &n_sent);
  received_env = block_envelope (received, block, &n_received);
  if (n_sent == 0 || n_received == 0)
    return -1.0;
  sent_sum = g_new (double, n_sent + 1);
  sent_env_sq = g_new (double, n_sent + 1);
  received_sum = g_new (double, n_received + 1);
  received_env_sq = g_new (double, n_received + 1);
  prefix_sums_double (sent_env, n_sent, sent_sum, sent_env_sq);
  prefix_sums_double (received_env, n_received, received_sum, received_env_sq);
  max_lag = MIN ((gsize) (max_lag_s * sent->rate / block), n_received - 1);
  for (gsize lag = 0; lag <= max_lag; lag++)
    {
      double r;

      if (envelope_correlation (sent_env, sent_sum, sent_env_sq, n_sent,
                                received_env, received_sum, received_env_sq, n_received,
                                lag, &r) && r > best_r)
        {
          best_r = r;
          best_block = lag;
        }
    }
  if (best_r < -1.5)
    return -1.0;

  /* Fine: the samples themselves, two blocks either side of the coarse lag. */
  sent_sq = prefix_squares (sent);
  received_sq = prefix_squares (received);
  max_lag = MIN ((gsize) (max_lag_s * received->rate), received->n_samples - 1);
  first = best_block > 2 ? (best_block - 2) * block : 0;
  last = MIN ((best_block + 2) * block, max_lag);
  if (first > last)
    first = last;
  fine = g_new (double, last - first + 1);
  best = first;
  for (gsize lag = first; lag <= last; lag++)
    {
      fine[lag - first] = sample_correlation (sent, sent_sq, received, received_sq, lag);
      if (fine[lag - first] > fine[best - first])
        best = lag;
    }

  /* A parabola through the peak and its neighbours places it between samples. */
  if (best > first && best < last)
    {
      double a = fine[best - first - 1], b = fine[best - first], c = fine[best - first + 1];
      double curve = a - 2.0 * b + c;

      if (curve < 0.0)
        offset = CLAMP (0.5 * (a - c) / curve, -0.5, 0.5);
    }
  if (peak_out != NULL)
    *peak_out = fine[best - first];
  return ((double) best + offset) * 1000.0 / received->rate;
}
