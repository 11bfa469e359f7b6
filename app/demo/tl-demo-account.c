/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The demo line's account: kept in memory only, calls the local echo service, never registers. */
#define G_LOG_DOMAIN "tl-demo"

#include "config.h"

#include "tl-demo-account.h"

TlAccount *
tl_demo_account_new (guint echo_port)
{
  TlAccount *account = tl_account_new_with_id (TL_DEMO_ACCOUNT_ID);
  g_autofree char *domain = g_strdup_printf ("127.0.0.1:%u", echo_port);

  tl_account_set_label (account, "Demo line");
  tl_account_set_display_name (account, "Trunkline demo");
  tl_account_set_user (account, "demo");
  tl_account_set_domain (account, domain);
  tl_account_set_mode (account, TL_ACCOUNT_MODE_IP_AUTH);
  tl_account_set_transport (account, TL_ACCOUNT_TRANSPORT_UDP);
  /* The echo engine loads no SRTP: the demo is about hearing yourself. */
  tl_account_set_srtp (account, TL_ACCOUNT_SRTP_OFF);
  tl_account_set_codecs (account, "opus,pcmu,pcma");
  tl_account_set_enabled (account, TRUE);
  return account;
}

gboolean
tl_demo_account_is_demo (const char *account_id)
{
  return g_strcmp0 (account_id, TL_DEMO_ACCOUNT_ID) == 0;
}
