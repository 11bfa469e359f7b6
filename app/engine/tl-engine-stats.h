/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A call's media figures as the engine reports them, in units people use:
 * from CALL_RTCP events (both versions) and from a call status line
 * ("[0:00:05] audio=64000/63500 (bit/s)"). */
#pragma once

#include "tl-engine-event.h"

G_BEGIN_DECLS

typedef struct {
  gboolean has_rtcp;            /* the figures below up to rtt_ms are set */
  gint64   packets_sent;        /* by us, so far */
  gint64   packets_received;    /* from the other side, so far */
  double   loss_rx_percent;     /* of what the other side sent us */
  double   loss_tx_percent;     /* of what we sent, as the other side reports it */
  double   jitter_rx_ms;
  double   jitter_tx_ms;
  double   rtt_ms;
  gint64   tx_bitrate;          /* payload bit/s from a status line; -1 when unknown */
  gint64   rx_bitrate;
} TlEngineCallStats;

void      tl_engine_call_stats_init        (TlEngineCallStats   *stats);
/* Fills the RTCP figures from a CALL_RTCP event; FALSE when it carries none. */
gboolean  tl_engine_call_stats_from_event  (TlEngineCallStats   *stats,
                                            const TlEngineEvent *event);
/* Finds " audio=TX/RX" in an engine status text and fills the bit rates;
 * FALSE when there is none. Untrusted text: only digits are read. */
gboolean  tl_engine_call_stats_parse_status (TlEngineCallStats  *stats,
                                             const char         *text);

G_END_DECLS
