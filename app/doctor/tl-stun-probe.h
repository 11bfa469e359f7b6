/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A STUN Binding request (RFC 5389) over UDP: which address and port the
 * Internet sees for us, and whether that mapping changes with the destination. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct {
  char     *local_address;     /* "192.0.2.7:40001": our socket, as the kernel bound it */
  char     *mapped_address;    /* what the STUN server saw */
  char     *second_mapped;     /* what its other address saw, from the same socket; or NULL */
  gboolean  behind_nat;        /* mapped ≠ local */
  gboolean  mapping_checked;   /* a second destination was asked */
  gboolean  symmetric;         /* the mapping differs per destination (RFC 4787: not endpoint-independent) */
  gint64    rtt_us;            /* the first answer's round trip */
} TlStunReport;

void          tl_stun_report_free (TlStunReport *report);

/* Asks @host:@port; when the answer names an OTHER-ADDRESS (RFC 5780) or the
 * older CHANGED-ADDRESS, asks that address too from the same socket. Requests
 * are resent every 500 ms until @timeout_ms. */
void          tl_stun_probe_async  (const char          *host,
                                    guint16              port,
                                    guint                timeout_ms,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
TlStunReport *tl_stun_probe_finish (GAsyncResult        *result,
                                    GError             **error);

#define TL_STUN_HEADER_SIZE 20
#define TL_STUN_MAGIC_COOKIE 0x2112A442u

/* A Binding request with transaction id @txid into @out. */
void          tl_stun_build_binding_request  (const guint8  txid[12],
                                              guint8        out[TL_STUN_HEADER_SIZE]);
/* Parses a Binding success response to @txid: the (XOR-)MAPPED-ADDRESS into
 * @mapped and, when present, OTHER-ADDRESS or CHANGED-ADDRESS into @other
 * (may be NULL). FALSE for anything else (untrusted bytes from the network). */
gboolean      tl_stun_parse_binding_response (const guint8         *buf,
                                              gsize                 len,
                                              const guint8          txid[12],
                                              GInetSocketAddress  **mapped,
                                              GInetSocketAddress  **other);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlStunReport, tl_stun_report_free)

G_END_DECLS
