/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A number as people write it, grouped while it is being typed; and where the cursor goes after regrouping. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @typed grouped for display by the dial plan's country (@country_code "1"
 * for North America: "(555) 123-4567", "+1 555 123 4567"; elsewhere the
 * country code apart and the rest in groups: "+44 207 946 0958"). Visual
 * separators the person typed are dropped first. Service codes (with * or #)
 * are shown ungrouped, and text that is not a number (a SIP user or address)
 * is returned unchanged. */
char  *tl_number_format_as_typed  (const char *typed,
                                   const char *country_code);
/* How many dial characters (digits, +, *, #) stand before byte @offset of
 * @text, and back: the byte offset in @text after the @n-th dial character.
 * Keep the cursor after the same digit when the text is regrouped. */
guint  tl_number_format_count_dial_chars (const char *text,
                                          gsize       offset);
gsize  tl_number_format_offset_after     (const char *text,
                                          guint       n);

/* What "call back" dials for a peer: its number when the user part of @peer_uri is
 * a phone number (so it goes through the line's dial plan and out through the
 * trunk, whatever host the caller named), else the address itself. */
char  *tl_number_format_call_back_target (const char *peer_uri);

G_END_DECLS
