/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A call's media figures from the engine's RTCP events and status lines. */
#define G_LOG_DOMAIN "tl-engine"

#include "config.h"

#include "tl-engine-stats.h"

#include <string.h>

void
tl_engine_call_stats_init (TlEngineCallStats *stats)
{
  memset (stats, 0, sizeof *stats);
  stats->loss_rx_percent = stats->loss_tx_percent = -1;
  stats->jitter_rx_ms = stats->jitter_tx_ms = stats->rtt_ms = -1;
  stats->tx_bitrate = stats->rx_bitrate = -1;
}

/* "lost" is cumulative and signed (duplicates make it negative, libre's
 * rtcp_stats): a loss below zero is no loss. */
static double
loss_percent (gint64 received,
              gint64 lost)
{
  gint64 expected = received + MAX (lost, 0);

  return expected > 0 ? 100.0 * (double) MAX (lost, 0) / (double) expected : 0.0;
}

gboolean
tl_engine_call_stats_from_event (TlEngineCallStats   *stats,
                                 const TlEngineEvent *event)
{
  if (event == NULL || !event->has_rtcp)
    return FALSE;
  stats->has_rtcp = TRUE;
  /* In libre's figures tx.sent counts our packets and rx.sent what arrived. */
  stats->packets_sent = MAX (event->rtcp_tx.sent, 0);
  stats->packets_received = MAX (event->rtcp_rx.sent, 0);
  stats->loss_rx_percent = loss_percent (event->rtcp_rx.sent, event->rtcp_rx.lost);
  stats->loss_tx_percent = loss_percent (event->rtcp_tx.sent, event->rtcp_tx.lost);
  /* Jitter comes in microseconds. */
  stats->jitter_rx_ms = (double) MAX (event->rtcp_rx.jitter_us, 0) / 1000.0;
  stats->jitter_tx_ms = (double) MAX (event->rtcp_tx.jitter_us, 0) / 1000.0;
  stats->rtt_ms = (double) MAX (event->rtcp_rtt_us, 0) / 1000.0;
  return TRUE;
}

static gboolean
read_number (const char **p,
             gint64      *out)
{
  gint64 value = 0;
  const char *start = *p;

  while (g_ascii_isdigit (**p) && *p - start < 12)
    value = value * 10 + (*(*p)++ - '0');
  if (*p == start)
    return FALSE;
  *out = value;
  return TRUE;
}

gboolean
tl_engine_call_stats_parse_status (TlEngineCallStats *stats,
                                   const char        *text)
{
  const char *p;
  gint64 tx, rx;

  if (text == NULL || (p = strstr (text, " audio=")) == NULL)
    return FALSE;
  p += strlen (" audio=");
  if (!read_number (&p, &tx) || *p++ != '/' || !read_number (&p, &rx))
    return FALSE;
  stats->tx_bitrate = tx;
  stats->rx_bitrate = rx;
  return TRUE;
}
