/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Keeps what the engine prints (its log and, with SIP tracing on, every SIP
 * message) in a bounded file, redacted, so the last calls can be handed to a
 * provider with tl_trace_export(). */
#pragma once

#include <gio/gio.h>

#include "tl-engine.h"

G_BEGIN_DECLS

/* The file is cut over to "<path>.1" past this size, so at most twice it is kept. */
#define TL_TRACE_MAX_BYTES (1024 * 1024)

#define TL_TYPE_TRACE_RECORDER (tl_trace_recorder_get_type ())
G_DECLARE_FINAL_TYPE (TlTraceRecorder, tl_trace_recorder, TL, TRACE_RECORDER, GObject)

/* $XDG_STATE_HOME/trunkline/engine-trace.log */
char            *tl_trace_default_path     (void);

/* Records @engine's output into @path (NULL: the default), created 0600 in a
 * 0700 folder. Turns the engine's SIP tracing on (it applies at the next start). */
TlTraceRecorder *tl_trace_recorder_new     (TlEngine    *engine,
                                            const char  *path);
/* Also removes @secrets (e.g. the passwords in use; copied) from what is written. */
void             tl_trace_recorder_set_secrets (TlTraceRecorder    *self,
                                                const char * const *secrets);

/* The recorded trace at @path (NULL: the default), oldest first, redacted once
 * more, with a short header; @secrets are removed too. */
char            *tl_trace_export           (const char          *path,
                                            const char * const  *secrets,
                                            GError             **error);

G_END_DECLS
