/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The E-model of ITU-T G.107 (narrowband): a transmission rating R and an estimated
 * MOS from a call's codec, one-way delay and packet loss. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  TL_EMODEL_CODEC_UNKNOWN,     /* rated as G.711 without concealment: the cautious guess */
  TL_EMODEL_CODEC_G711,        /* PCMU/PCMA, no packet-loss concealment (the engine loads no plc) */
  TL_EMODEL_CODEC_G711_PLC,    /* PCMU/PCMA with concealment (G.711 Appendix I) */
  TL_EMODEL_CODEC_G729A,
  TL_EMODEL_CODEC_OPUS,
} TlEmodelCodec;

/* Every G.107 input; tl_emodel_params_init() sets the G.107 defaults (Table 3). */
typedef struct {
  double slr, rlr, stmr, lstr, ds, dr, telr, wepl;
  double t_ms;        /* mean one-way delay of the echo path */
  double tr_ms;       /* round-trip delay in the 4-wire loop */
  double ta_ms;       /* absolute (mouth-to-ear) one-way delay */
  double qdu, ie, bpl, ppl_percent, burst_r;
  double nc, nfor, ps, pr, a;
} TlEmodelParams;

/* The equipment figures of G.113 Appendix I for @codec: Ie and Bpl. */
void    tl_emodel_codec_figures     (TlEmodelCodec   codec,
                                     double         *ie,
                                     double         *bpl);
/* From an engine codec name ("PCMU/8000/1", "opus/48000/2", "G729"). */
TlEmodelCodec tl_emodel_codec_from_name (const char *name);
const char *tl_emodel_codec_to_string (TlEmodelCodec codec);

void    tl_emodel_params_init       (TlEmodelParams       *params);
/* R per G.107 §7: R = Ro − Is − Id − Ie,eff + A. */
double  tl_emodel_rating            (const TlEmodelParams *params);
/* The parts of R, for tests and for explaining a low score. */
double  tl_emodel_delay_impairment  (const TlEmodelParams *params);   /* Id */
double  tl_emodel_effective_ie      (const TlEmodelParams *params);   /* Ie,eff */
/* MOS (conversational, CQE) from R per G.107 Annex B: 1 … 4.5. */
double  tl_emodel_mos_from_rating   (double                r);

/* The common case: G.107 defaults with T = Ta = @one_way_delay_ms, Tr = 2T and
 * random loss of @loss_percent. Returns the MOS; @rating_out gets R (may be NULL). */
double  tl_emodel_estimate_mos      (TlEmodelCodec  codec,
                                     double         one_way_delay_ms,
                                     double         loss_percent,
                                     double        *rating_out);

/* One-way delay up to the sound devices, from what RTCP tells of a call: half
 * the round trip, a 20 ms frame of packetisation, the engine's 40 ms jitter
 * buffer and twice the jitter. Negative figures count as 0. */
double  tl_emodel_call_delay_ms     (double         rtt_ms,
                                     double         jitter_ms);

/* The user-satisfaction band of G.107 Table B.1 ("satisfied", …) for @r. */
const char *tl_emodel_describe_rating (double r);

G_END_DECLS
