/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The E-model of ITU-T G.107 (narrowband): R and MOS from codec, delay and loss. */
#define G_LOG_DOMAIN "tl-quality"

#include "config.h"

#include "tl-emodel.h"

#include <math.h>
#include <string.h>

/* Equations follow G.107 (06/2015) §7, the numbers in comments are its
 * equation numbers. Everything the trunk does not tell us keeps the default of
 * Table 3, so a perfect G.711 call scores R = 93.2 (MOS 4.41). */

void
tl_emodel_codec_figures (TlEmodelCodec  codec,
                         double        *ie,
                         double        *bpl)
{
  switch (codec)
    {
    case TL_EMODEL_CODEC_G711_PLC:
      /* G.113 Table I.3: G.711 with Appendix I concealment. */
      *ie = 0.0;
      *bpl = 25.1;
      break;
    case TL_EMODEL_CODEC_G729A:
      /* G.113 Tables I.1 and I.3: G.729A + VAD. */
      *ie = 11.0;
      *bpl = 19.0;
      break;
    case TL_EMODEL_CODEC_OPUS:
      /* G.113 gives no narrowband figures for Opus. Heard through this
       * narrowband model it is at least as clear as G.711 and it conceals loss
       * itself, so it is rated as G.711 with concealment (Ie 0, Bpl 25.1): a
       * floor, since a wideband call sounds better than any narrowband R. */
      *ie = 0.0;
      *bpl = 25.1;
      break;
    case TL_EMODEL_CODEC_G711:
    case TL_EMODEL_CODEC_UNKNOWN:
    default:
      /* G.113 Table I.3: G.711 without concealment. */
      *ie = 0.0;
      *bpl = 4.3;
      break;
    }
}

TlEmodelCodec
tl_emodel_codec_from_name (const char *name)
{
  g_autofree char *lower = NULL;

  if (name == NULL)
    return TL_EMODEL_CODEC_UNKNOWN;
  lower = g_ascii_strdown (name, -1);
  if (g_str_has_prefix (lower, "pcmu") || g_str_has_prefix (lower, "pcma") || g_str_has_prefix (lower, "g711"))
    return TL_EMODEL_CODEC_G711;
  if (g_str_has_prefix (lower, "opus"))
    return TL_EMODEL_CODEC_OPUS;
  if (g_str_has_prefix (lower, "g729"))
    return TL_EMODEL_CODEC_G729A;
  return TL_EMODEL_CODEC_UNKNOWN;
}

const char *
tl_emodel_codec_to_string (TlEmodelCodec codec)
{
  switch (codec)
    {
    case TL_EMODEL_CODEC_G711: return "G.711";
    case TL_EMODEL_CODEC_G711_PLC: return "G.711 with concealment";
    case TL_EMODEL_CODEC_G729A: return "G.729A";
    case TL_EMODEL_CODEC_OPUS: return "Opus";
    case TL_EMODEL_CODEC_UNKNOWN:
    default: return "unknown";
    }
}

void
tl_emodel_params_init (TlEmodelParams *p)
{
  memset (p, 0, sizeof *p);
  p->slr = 8;
  p->rlr = 2;
  p->stmr = 15;
  p->lstr = 18;
  p->ds = 3;
  p->dr = 3;
  p->telr = 65;
  p->wepl = 110;
  p->qdu = 1;
  p->ie = 0;
  p->bpl = 4.3;
  p->burst_r = 1;
  p->nc = -70;
  p->nfor = -64;
  p->ps = 35;
  p->pr = 35;
  p->a = 0;
}

static double
p10 (double x)
{
  return pow (10.0, x / 10.0);
}

/* No, the total noise at the receive side (7-2 to 7-7). */
static double
noise_floor (const TlEmodelParams *p)
{
  double olr = p->slr + p->rlr;
  double nos = p->ps - p->slr - p->ds - 100 + 0.004 * pow (p->ps - olr - p->ds - 14, 2);
  double pre = p->pr + 10 * log10 (1 + p10 (10 - p->lstr));
  double nor = p->rlr - 121 + pre + 0.008 * pow (pre - 35, 2);
  double nfo = p->nfor + p->rlr;

  return 10 * log10 (p10 (p->nc) + p10 (nos) + p10 (nor) + p10 (nfo));
}

/* Ro, the basic signal-to-noise ratio (7-1). */
static double
basic_ratio (const TlEmodelParams *p)
{
  return 15 - 1.5 * (p->slr + noise_floor (p));
}

/* Ist, sidetone impairment (7-13, 7-14). */
static double
sidetone_impairment (const TlEmodelParams *p)
{
  double stmro = -10 * log10 (p10 (-p->stmr) + exp (-p->t_ms / 4) * p10 (-p->telr));

  return 12 * pow (1 + pow ((stmro - 13) / 6, 8), 1.0 / 8)
         - 28 * pow (1 + pow ((stmro + 1) / 19.4, 35), 1.0 / 35)
         - 13 * pow (1 + pow ((stmro - 3) / 33, 13), 1.0 / 13) + 29;
}

/* Is = Iolr + Ist + Iq (7-8 to 7-19). */
static double
simultaneous_impairment (const TlEmodelParams *p)
{
  double no = noise_floor (p);
  double ro = basic_ratio (p);
  double olr = p->slr + p->rlr;
  double xolr = olr + 0.2 * (64 + no - p->rlr);
  double iolr = 20 * (pow (1 + pow (xolr / 8, 8), 1.0 / 8) - xolr / 8);
  double q = 37 - 15 * log10 (p->qdu);
  double g = 1.07 + 0.258 * q + 0.0602 * q * q;
  double y = (ro - 100) / 15 + 46 / 8.4 - g / 9;
  double z = 46 / 30.0 - g / 40;
  double iq = 15 * log10 (1 + pow (10, y) + pow (10, z));

  return iolr + sidetone_impairment (p) + iq;
}

double
tl_emodel_delay_impairment (const TlEmodelParams *p)
{
  double no = noise_floor (p);
  double ro = basic_ratio (p);
  double t = p->t_ms;
  double terv = p->telr - 40 * log10 ((1 + t / 10) / (1 + t / 150)) + 6 * exp (-0.3 * t * t);
  double roe = -1.5 * (no - p->rlr);
  double re = 80 + 2.5 * (terv - 14);
  double idte, rle, idle, idd = 0;

  /* Talker echo (7-21 to 7-24); a low STMR makes the echo harder to hear (7-25). */
  if (p->stmr < 9)
    {
      terv += sidetone_impairment (p) / 2;
      re = 80 + 2.5 * (terv - 14);
    }
  idte = ((roe - re) / 2 + sqrt ((roe - re) * (roe - re) / 4 + 100) - 1) * (1 - exp (-t));
  /* Listener echo (7-27, 7-28). */
  rle = 10.5 * (p->wepl + 7) * pow (p->tr_ms + 1, -0.25);
  idle = (ro - rle) / 2 + sqrt ((ro - rle) * (ro - rle) / 4 + 169);
  /* Too-long absolute delay (7-29, 7-30) with mT = 100 ms, sT = 1. */
  if (p->ta_ms > 100)
    {
      double x = log10 (p->ta_ms / 100) / log10 (2);

      idd = 25 * (pow (1 + pow (x, 6), 1.0 / 6) - 3 * pow (1 + pow (x / 3, 6), 1.0 / 6) + 2);
    }
  return idte + idle + idd;
}

double
tl_emodel_effective_ie (const TlEmodelParams *p)
{
  double ppl = CLAMP (p->ppl_percent, 0, 100);
  double burst_r = p->burst_r > 0 ? p->burst_r : 1;

  /* (7-32) */
  return p->ie + (95 - p->ie) * ppl / (ppl / burst_r + p->bpl);
}

double
tl_emodel_rating (const TlEmodelParams *p)
{
  return basic_ratio (p) - simultaneous_impairment (p) - tl_emodel_delay_impairment (p)
         - tl_emodel_effective_ie (p) + p->a;
}

double
tl_emodel_mos_from_rating (double r)
{
  /* (B-4) */
  if (r <= 0)
    return 1.0;
  if (r >= 100)
    return 4.5;
  return 1 + 0.035 * r + r * (r - 60) * (100 - r) * 7e-6;
}

double
tl_emodel_estimate_mos (TlEmodelCodec  codec,
                        double         one_way_delay_ms,
                        double         loss_percent,
                        double        *rating_out)
{
  TlEmodelParams p;
  double r;

  tl_emodel_params_init (&p);
  tl_emodel_codec_figures (codec, &p.ie, &p.bpl);
  p.t_ms = p.ta_ms = MAX (0, one_way_delay_ms);
  p.tr_ms = 2 * p.t_ms;
  p.ppl_percent = MAX (0, loss_percent);
  r = tl_emodel_rating (&p);
  if (rating_out != NULL)
    *rating_out = r;
  return tl_emodel_mos_from_rating (r);
}

const char *
tl_emodel_describe_rating (double r)
{
  /* G.107 Table B.1: user satisfaction. */
  if (r >= 90)
    return "very satisfied";
  if (r >= 80)
    return "satisfied";
  if (r >= 70)
    return "some users dissatisfied";
  if (r >= 60)
    return "many users dissatisfied";
  if (r >= 50)
    return "nearly all users dissatisfied";
  return "not recommended";
}

/* The engine's shortest jitter buffer (2 frames, see the engine config) and
 * one 20 ms frame of packetisation: what a call adds to the network's delay
 * before the sound devices. */
#define JITTER_BUFFER_MS 40.0
#define PACKETISATION_MS 20.0

double
tl_emodel_call_delay_ms (double rtt_ms,
                         double jitter_ms)
{
  return MAX (rtt_ms, 0) / 2 + PACKETISATION_MS + JITTER_BUFFER_MS + 2 * MAX (jitter_ms, 0);
}
