/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Names for numbers: what the call manager and the views ask to show a caller by name. */

#define G_LOG_DOMAIN "tl-contacts"

#include "config.h"

#include "tl-name-resolver.h"

G_DEFINE_INTERFACE (TlNameResolver, tl_name_resolver, G_TYPE_OBJECT)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
tl_name_resolver_default_init (TlNameResolverInterface *iface)
{
  /**
   * TlNameResolver::changed:
   *
   * Some number may now have another name, or none: whoever shows names asks again.
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

char *
tl_name_resolver_lookup_name (TlNameResolver *self,
                              const char     *uri_or_number,
                              const char     *country_code,
                              const char     *national_prefix)
{
  TlNameResolverInterface *iface;

  g_return_val_if_fail (TL_IS_NAME_RESOLVER (self), NULL);

  if (uri_or_number == NULL || *uri_or_number == '\0')
    return NULL;
  iface = TL_NAME_RESOLVER_GET_IFACE (self);
  return iface->lookup_name != NULL ? iface->lookup_name (self, uri_or_number, country_code, national_prefix)
                                    : NULL;
}

void
tl_name_resolver_emit_changed (TlNameResolver *self)
{
  g_return_if_fail (TL_IS_NAME_RESOLVER (self));
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}
