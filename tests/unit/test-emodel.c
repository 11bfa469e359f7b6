/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The E-model against the worked figures of ITU-T G.107 and G.113. */
#include "config.h"

#include <math.h>

#include "tl-emodel.h"

#define assert_near(a, b, tol) g_assert_cmpfloat_with_epsilon ((a), (b), (tol))

/* G.107 §7.7: with every parameter at its default, R = 93.2. */
static void
test_defaults (void)
{
  TlEmodelParams p;

  tl_emodel_params_init (&p);
  assert_near (tl_emodel_rating (&p), 93.2, 0.05);
  assert_near (tl_emodel_effective_ie (&p), 0.0, 1e-9);
}

/* G.107 (B-4) and the MOS its Figure B.1 shows for the default rating. */
static void
test_mos_from_rating (void)
{
  assert_near (tl_emodel_mos_from_rating (93.2), 4.41, 0.005);
  assert_near (tl_emodel_mos_from_rating (80), 4.024, 0.001);
  assert_near (tl_emodel_mos_from_rating (70), 3.597, 0.001);
  assert_near (tl_emodel_mos_from_rating (50), 2.575, 0.001);
  g_assert_cmpfloat (tl_emodel_mos_from_rating (-3), ==, 1.0);
  g_assert_cmpfloat (tl_emodel_mos_from_rating (120), ==, 4.5);
}

/* G.113 Appendix I figures through (7-32), random loss (BurstR = 1). */
static void
test_loss (void)
{
  TlEmodelParams p;
  double ie, bpl;

  tl_emodel_params_init (&p);
  tl_emodel_codec_figures (TL_EMODEL_CODEC_G711, &ie, &bpl);
  g_assert_cmpfloat (ie, ==, 0);
  g_assert_cmpfloat (bpl, ==, 4.3);
  p.ie = ie;
  p.bpl = bpl;
  p.ppl_percent = 1;
  assert_near (tl_emodel_effective_ie (&p), 95.0 / 5.3, 0.01);        /* 17.92 */
  p.ppl_percent = 2;
  assert_near (tl_emodel_effective_ie (&p), 30.16, 0.01);

  tl_emodel_codec_figures (TL_EMODEL_CODEC_G711_PLC, &p.ie, &p.bpl);
  g_assert_cmpfloat (p.bpl, ==, 25.1);
  p.ppl_percent = 2;
  assert_near (tl_emodel_effective_ie (&p), 7.01, 0.01);

  tl_emodel_codec_figures (TL_EMODEL_CODEC_G729A, &p.ie, &p.bpl);
  g_assert_cmpfloat (p.ie, ==, 11);
  g_assert_cmpfloat (p.bpl, ==, 19);
  assert_near (tl_emodel_effective_ie (&p), 19.0, 0.01);
  /* Bursty loss hurts more than the same amount spread out. */
  p.burst_r = 2;
  g_assert_cmpfloat (tl_emodel_effective_ie (&p), >, 19.0);
}

/* Idd, (7-29): 0 up to 100 ms, 3.04 at 200 ms, 24.1 at 400 ms (X = 1, 2). */
static void
test_absolute_delay (void)
{
  TlEmodelParams p;
  double base;

  tl_emodel_params_init (&p);
  base = tl_emodel_delay_impairment (&p);
  p.ta_ms = 100;
  assert_near (tl_emodel_delay_impairment (&p) - base, 0, 1e-9);
  p.ta_ms = 200;
  assert_near (tl_emodel_delay_impairment (&p) - base, 3.04, 0.01);
  p.ta_ms = 400;
  assert_near (tl_emodel_delay_impairment (&p) - base, 24.08, 0.02);
}

/* With echo well controlled (TELR 65), delay up to ~150 ms costs little and a
 * satellite-like 500 ms makes "many users dissatisfied" (G.107 Figure I.2). */
static void
test_estimate (void)
{
  double r;
  double mos = tl_emodel_estimate_mos (TL_EMODEL_CODEC_G711, 0, 0, &r);

  assert_near (r, 93.2, 0.05);
  assert_near (mos, 4.41, 0.01);
  tl_emodel_estimate_mos (TL_EMODEL_CODEC_G711, 150, 0, &r);
  g_assert_cmpfloat (r, >, 85);
  g_assert_cmpfloat (r, <, 93.2);
  tl_emodel_estimate_mos (TL_EMODEL_CODEC_G711, 500, 0, &r);
  g_assert_cmpfloat (r, <, 70);
  g_assert_cmpstr (tl_emodel_describe_rating (93.2), ==, "very satisfied");
  /* 2 % loss without concealment: R falls by Ie,eff = 30.2. */
  tl_emodel_estimate_mos (TL_EMODEL_CODEC_G711, 0, 2, &r);
  assert_near (r, 93.2 - 30.16, 0.06);
  g_assert_cmpfloat (tl_emodel_estimate_mos (TL_EMODEL_CODEC_OPUS, 0, 2, NULL), >,
                     tl_emodel_estimate_mos (TL_EMODEL_CODEC_G711, 0, 2, NULL));
}

static void
test_codec_names (void)
{
  g_assert_cmpint (tl_emodel_codec_from_name ("PCMU/8000/1"), ==, TL_EMODEL_CODEC_G711);
  g_assert_cmpint (tl_emodel_codec_from_name ("pcma"), ==, TL_EMODEL_CODEC_G711);
  g_assert_cmpint (tl_emodel_codec_from_name ("opus/48000/2"), ==, TL_EMODEL_CODEC_OPUS);
  g_assert_cmpint (tl_emodel_codec_from_name ("G729/8000"), ==, TL_EMODEL_CODEC_G729A);
  g_assert_cmpint (tl_emodel_codec_from_name (NULL), ==, TL_EMODEL_CODEC_UNKNOWN);
  g_assert_cmpint (tl_emodel_codec_from_name ("speex"), ==, TL_EMODEL_CODEC_UNKNOWN);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/emodel/defaults", test_defaults);
  g_test_add_func ("/emodel/mos", test_mos_from_rating);
  g_test_add_func ("/emodel/loss", test_loss);
  g_test_add_func ("/emodel/absolute-delay", test_absolute_delay);
  g_test_add_func ("/emodel/estimate", test_estimate);
  g_test_add_func ("/emodel/codec-names", test_codec_names);
  return g_test_run ();
}
