/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `trunkline-cli export-trace`: the redacted log and SIP trace of the last calls. */
#pragma once

#include <glib.h>

#include "tl-engine.h"
#include "tl-trace-recorder.h"

G_BEGIN_DECLS

/* Records @engine's output (and SIP messages) for a later export, removing
 * @password (may be NULL) besides every credential the rules know. */
TlTraceRecorder *tl_cli_trace_record (TlEngine   *engine,
                                      const char *password);

int              tl_cli_export_trace_main (int    argc,
                                           char **argv);

G_END_DECLS
