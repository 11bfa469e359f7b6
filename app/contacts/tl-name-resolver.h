/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Names for numbers: what the call manager and the views ask to show a caller by name. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define TL_TYPE_NAME_RESOLVER (tl_name_resolver_get_type ())

G_DECLARE_INTERFACE (TlNameResolver, tl_name_resolver, TL, NAME_RESOLVER, GObject)

struct _TlNameResolverInterface
{
  GTypeInterface parent_iface;

  /* Must be quick (an index probe or a table lookup): it runs on the main
   * loop for every call and every history row shown. */
  char *(*lookup_name) (TlNameResolver *self,
                        const char     *uri_or_number,
                        const char     *country_code,
                        const char     *national_prefix);
};

/* The name of the contact @uri_or_number belongs to (a SIP/tel URI or a number
 * as typed, matched by the dial plan's normalisation), or NULL. Plain text. */
char *tl_name_resolver_lookup_name (TlNameResolver *self,
                                    const char     *uri_or_number,
                                    const char     *country_code,
                                    const char     *national_prefix);
/* For implementations: names may have changed ("changed" signal), views refresh. */
void  tl_name_resolver_emit_changed (TlNameResolver *self);

G_END_DECLS
