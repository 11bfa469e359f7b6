/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A sip:, sips:, tel: or callto: link as something to dial, checked strictly: a link on a
 * web page is how toll fraud reaches a phone, so anything it cannot carry plainly is refused. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Longer than any number or SIP address a person would follow. */
#define TL_CALL_LINK_MAX_LENGTH 1024

typedef struct {
  char *scheme;     /* "sip", "sips", "tel" or "callto" */
  char *target;     /* for the dial plan: "+15551234567", "5551234", "sip:bob@example.net" */
  char *extension;  /* tel ";ext=": digits to send once the call is answered, or NULL */
  gboolean is_number;
} TlCallLink;

/* The link in @uri, or NULL with a G_IO_ERROR_INVALID_ARGUMENT whose message says
 * why in words (and quotes at most the start of what was given). */
TlCallLink *tl_call_link_parse (const char *uri,
                                GError    **error);
void        tl_call_link_free  (TlCallLink *link);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlCallLink, tl_call_link_free)

G_END_DECLS
