/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Call figures from the engine's RTCP events and status lines. */
#include "config.h"

#include "tl-engine-stats.h"
#include "tl-test-events.h"

static void
test_rtcp (void)
{
  g_autoptr(TlEngineEvent) event = tl_test_event_from_json (
    "{\"event\":true,\"type\":\"CALL_RTCP\",\"id\":\"c1\",\"rtcp_stats\":{\"tx\":{\"sent\":250,\"lost\":5,\"jit\":1500},"
    "\"rx\":{\"sent\":245,\"lost\":-2,\"jit\":2500},\"rtt\":41000}}");
  g_autoptr(TlEngineEvent) none = tl_test_event_from_json ("{\"event\":true,\"type\":\"CALL_RTCP\",\"id\":\"c1\"}");
  TlEngineCallStats stats;

  tl_engine_call_stats_init (&stats);
  g_assert_false (tl_engine_call_stats_from_event (&stats, none));
  g_assert_cmpfloat (stats.rtt_ms, ==, -1);
  g_assert_true (tl_engine_call_stats_from_event (&stats, event));
  g_assert_cmpint (stats.packets_sent, ==, 250);
  g_assert_cmpint (stats.packets_received, ==, 245);
  g_assert_cmpfloat_with_epsilon (stats.loss_tx_percent, 100.0 * 5 / 255, 1e-9);
  /* Duplicates make "lost" negative: no loss. */
  g_assert_cmpfloat (stats.loss_rx_percent, ==, 0);
  g_assert_cmpfloat_with_epsilon (stats.jitter_rx_ms, 2.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (stats.jitter_tx_ms, 1.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (stats.rtt_ms, 41.0, 1e-9);
}

static void
test_status (void)
{
  TlEngineCallStats stats;

  tl_engine_call_stats_init (&stats);
  g_assert_true (tl_engine_call_stats_parse_status (&stats, "\r[0:00:05] audio=64000/63500 (bit/s)    "));
  g_assert_cmpint (stats.tx_bitrate, ==, 64000);
  g_assert_cmpint (stats.rx_bitrate, ==, 63500);
  tl_engine_call_stats_init (&stats);
  g_assert_false (tl_engine_call_stats_parse_status (&stats, "(no active calls)"));
  g_assert_false (tl_engine_call_stats_parse_status (&stats, " audio=/12"));
  g_assert_false (tl_engine_call_stats_parse_status (&stats, " audio=12x"));
  g_assert_false (tl_engine_call_stats_parse_status (&stats, NULL));
  g_assert_cmpint (stats.tx_bitrate, ==, -1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine-stats/rtcp", test_rtcp);
  g_test_add_func ("/engine-stats/status", test_status);
  return g_test_run ();
}
