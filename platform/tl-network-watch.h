/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tells when the local network changed or the machine woke up, so registrations move on. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TL_TYPE_NETWORK_WATCH (tl_network_watch_get_type ())
G_DECLARE_FINAL_TYPE (TlNetworkWatch, tl_network_watch, TL, NETWORK_WATCH, GObject)

TlNetworkWatch *tl_network_watch_new    (void);
/* Reports a change as the OS would ("network", "resume"); changes close together
 * are coalesced into one "changed" emission. Tests and a "reconnect now" action use it. */
void            tl_network_watch_notify (TlNetworkWatch *self,
                                         const char     *reason);

G_END_DECLS
