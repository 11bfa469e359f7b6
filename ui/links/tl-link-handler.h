/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a sip:, sips:, tel: or callto: link given to Trunkline does: the number goes to the
 * dial pad and a confirmation shows it as it will be dialled, with the line; only
 * Call dials. Malformed links get a message and nothing else. */
#pragma once

#include <adwaita.h>

#include "tl-application.h"

G_BEGIN_DECLS

#define TL_TYPE_LINK_HANDLER (tl_link_handler_get_type ())
G_DECLARE_FINAL_TYPE (TlLinkHandler, tl_link_handler, TL, LINK_HANDLER, GObject)

TlLinkHandler *tl_link_handler_new  (TlApplication *application);
/* Handles @uri (only the first link of several is followed). */
void           tl_link_handler_open (TlLinkHandler *self,
                                     const char    *uri);

G_END_DECLS
