/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The demo line's far end: a second engine on a private loopback port whose only
 * job is to answer and send each caller's audio back (baresip's echo module). */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The number the demo dials: E-C-H-O on a phone keypad. */
#define TL_ECHO_SERVICE_NUMBER "3246"

typedef enum {
  TL_ECHO_SERVICE_STOPPED,
  TL_ECHO_SERVICE_STARTING,
  TL_ECHO_SERVICE_RUNNING,
  TL_ECHO_SERVICE_FAILED,   /* the engine is missing or kept dying; see "error" */
} TlEchoServiceState;

#define TL_TYPE_ECHO_SERVICE (tl_echo_service_get_type ())
G_DECLARE_FINAL_TYPE (TlEchoService, tl_echo_service, TL, ECHO_SERVICE, GObject)

TlEchoService     *tl_echo_service_new        (void);
/* Starts it (no-op while it runs or starts); "state" says when it answers. It
 * listens on 127.0.0.1 only and has no account that registers anywhere. */
void               tl_echo_service_start      (TlEchoService       *self);
/* Ends it within a bounded time (terminate, then kill) and removes its files. */
void               tl_echo_service_stop_async (TlEchoService       *self,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean           tl_echo_service_stop_finish (TlEchoService      *self,
                                                GAsyncResult       *result,
                                                GError            **error);

TlEchoServiceState tl_echo_service_get_state  (TlEchoService       *self);
/* Why it is FAILED, in words; NULL otherwise. */
const char        *tl_echo_service_get_error  (TlEchoService       *self);
/* The SIP port on 127.0.0.1 it answers on; fixed for the object's life once chosen. */
guint              tl_echo_service_get_port   (TlEchoService       *self);

G_END_DECLS
