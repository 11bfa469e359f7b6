/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A minimal SIP OPTIONS sender: is this proxy answering SIP right now? */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Sends one OPTIONS to @host:@port over @transport ("udp", "tcp" or "tls") and
 * returns the status code of the answer (any answer means the proxy is alive).
 * A timeout or a connection failure is a GError. */
void   tl_sip_probe_async  (const char          *host,
                            guint16              port,
                            const char          *transport,
                            guint                timeout_ms,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data);
guint  tl_sip_probe_finish (GAsyncResult        *result,
                            GError             **error);
/* The same, and the time from the request leaving to the answer arriving (µs;
 * connection set-up and TLS handshake excluded), -1 without an answer. */
guint  tl_sip_probe_finish_with_rtt (GAsyncResult   *result,
                                     gint64         *rtt_us,
                                     GError        **error);

/* Where a SIP request goes: host, port (0 when none is written) and transport of
 * a SIP URI ("sip:user@host:port;transport=tcp", also sips: and [IPv6]) when
 * @is_uri, or of a bare "host[:port]" otherwise; @transport starts as
 * @default_transport. FALSE for text with no host or a bad port. */
gboolean tl_sip_target_parse (const char  *text,
                              gboolean     is_uri,
                              const char  *default_transport,
                              char       **host,
                              guint16     *port,
                              char       **transport);
/* Parses "SIP/2.0 200 OK…" strictly; 0 when it is not a SIP status line. */
guint  tl_sip_probe_parse_status (const char *response,
                                  gsize       len);

G_END_DECLS
