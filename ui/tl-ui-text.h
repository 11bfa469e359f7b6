/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Words and figures the screens show for calls and history rows: plain text, never markup. */
#pragma once

#include <glib.h>

#include "tl-call.h"
#include "tl-history-entry.h"

G_BEGIN_DECLS

/* "0:42", "12:03", "1:02:03". */
char       *tl_ui_text_duration        (gint64       microseconds);
/* What the call is doing now: "Calling…", "Ringing…", "0:42", "On hold", "Busy"… */
char       *tl_ui_text_call_state      (TlCall      *call);
/* Why a call ended, in words ("Busy", "No answer", "Call ended"). */
const char *tl_ui_text_end_reason      (TlCallEndReason reason);
/* "Opus", "G.711 µ-law", or the engine's name when it is another. */
char       *tl_ui_text_codec           (const char  *codec);
/* The name to show: the display name, else the number, else the address. */
const char *tl_ui_text_peer_title      (const char  *name,
                                        const char  *number,
                                        const char  *uri);
/* When a call was: "14:05" today, "Yesterday", a weekday this week, else a date. */
char       *tl_ui_text_when            (gint64       unix_us,
                                        gint64       now_us);
/* A history row's second line: "+1 555 123 4567 · 3:12" or "… · Missed". */
char       *tl_ui_text_history_detail  (TlHistoryEntry *entry);

G_END_DECLS
