/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a voicemail server says in a message-summary NOTIFY (RFC 3842): whether
 * messages wait, and how many voice messages are new and old. The text comes
 * from the network: it is read strictly and bounded, never trusted. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Counts above this are shown as this: no mailbox holds more, and it keeps badges short. */
#define TL_MESSAGE_SUMMARY_MAX_COUNT 9999
/* A summary is a few lines; anything longer is not read past this. */
#define TL_MESSAGE_SUMMARY_MAX_LENGTH 8192

typedef struct {
  gboolean waiting;    /* Messages-Waiting: yes */
  guint    voice_new;  /* Voice-Message: new/old */
  guint    voice_old;
} TlMessageSummary;

/* FALSE when @body (@length bytes, or -1 for NUL-terminated) has no valid
 * Messages-Waiting line: then @summary is untouched. */
gboolean tl_message_summary_parse (const char       *body,
                                   gssize            length,
                                   TlMessageSummary *summary);

G_END_DECLS
