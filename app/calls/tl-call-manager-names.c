/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Naming callers: each call's number looked up in the contacts with its account's dial plan. */
#define G_LOG_DOMAIN "tl-calls"

#include "config.h"

#include "tl-call-manager.h"
#include "tl-call-manager-private.h"

void
tl_call_manager_name_call (TlCallManager *self,
                           TlCall        *call)
{
  TlAccount *account;
  g_autofree char *name = NULL;

  if (self->names == NULL)
    return;
  account = tl_call_manager_account_for (self, tl_call_get_account_aor (call));
  /* Synchronous on purpose: the lookup is an index probe, and the name must be
   * there before the call is announced (the incoming view, the notification). */
  name = tl_name_resolver_lookup_name (self->names, tl_call_get_peer_uri (call),
                                       account != NULL ? tl_account_get_country_code (account) : NULL,
                                       account != NULL ? tl_account_get_national_prefix (account) : NULL);
  tl_call_set_contact_name (call, name);
  if (name != NULL)
    g_debug ("call %s is from a contact", tl_call_get_id (call) != NULL ? tl_call_get_id (call) : "unbound");
}

static void
names_changed_cb (TlCallManager *self)
{
  for (guint i = 0; i < self->calls->len; i++)
    tl_call_manager_name_call (self, g_ptr_array_index (self->calls, i));
}

void
tl_call_manager_forget_names (TlCallManager *self)
{
  if (self->names != NULL)
    g_signal_handlers_disconnect_by_data (self->names, self);
  g_clear_object (&self->names);
}

void
tl_call_manager_set_name_resolver (TlCallManager  *self,
                                   TlNameResolver *names)
{
  g_return_if_fail (TL_IS_CALL_MANAGER (self));
  g_return_if_fail (names == NULL || TL_IS_NAME_RESOLVER (names));

  tl_call_manager_forget_names (self);
  if (names == NULL)
    return;
  self->names = g_object_ref (names);
  g_signal_connect_swapped (names, "changed", G_CALLBACK (names_changed_cb), self);
  names_changed_cb (self);
}
