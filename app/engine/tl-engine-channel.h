/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The control connection to one engine: netstring framing, JSON, tokens, events. */
#pragma once

#include <gio/gio.h>

#include "tl-engine-event.h"

G_BEGIN_DECLS

/* The engine formats each command line into a 1024-byte buffer and silently
 * truncates longer ones; keep a margin for the separator and terminator. */
#define TL_ENGINE_MAX_COMMAND_LINE 1000
/* Frames above this are skipped by their declared length (the connection is kept). */
#define TL_ENGINE_MAX_FRAME (4u * 1024u * 1024u)

#define TL_TYPE_ENGINE_CHANNEL (tl_engine_channel_get_type ())
G_DECLARE_FINAL_TYPE (TlEngineChannel, tl_engine_channel, TL, ENGINE_CHANNEL, GObject)

TlEngineChannel *tl_engine_channel_new            (GIOStream           *stream);
void             tl_engine_channel_set_timeout    (TlEngineChannel     *self,
                                                   guint                timeout_ms);
gboolean         tl_engine_channel_is_open        (TlEngineChannel     *self);
void             tl_engine_channel_close          (TlEngineChannel     *self);

/* Checks that a command can travel intact: no control characters (the engine's
 * line parser would cut there) and within the engine's line limit. */
gboolean         tl_engine_channel_check_command  (const char          *command,
                                                   const char          *params,
                                                   GError             **error);

void             tl_engine_channel_command_async  (TlEngineChannel     *self,
                                                   const char          *command,
                                                   const char          *params,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
/* Sends a selecting command ("uafind", "callfind") and the action in one write,
 * so nothing can come between them; the result is the action's reply (or the
 * selection's error). */
void             tl_engine_channel_command_pair_async (TlEngineChannel     *self,
                                                       const char          *select_command,
                                                       const char          *select_params,
                                                       const char          *command,
                                                       const char          *params,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
/* Returns the reply's data text; ok:false becomes TL_ENGINE_ERROR_COMMAND_FAILED
 * with that text as the message. */
char            *tl_engine_channel_command_finish (TlEngineChannel     *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* Feeds raw bytes as if read from the socket (tests and fuzzing). */
void             tl_engine_channel_feed           (TlEngineChannel     *self,
                                                   const guint8        *data,
                                                   gsize                len);

/* Counters for diagnostics and tests. */
guint            tl_engine_channel_get_skipped_frames   (TlEngineChannel *self);
guint            tl_engine_channel_get_malformed_frames (TlEngineChannel *self);

G_END_DECLS
