/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Writing each live call to the history: its row when it starts, completed when it ends. */
#define G_LOG_DOMAIN "tl-calls"

#include "config.h"

#include "tl-call-manager.h"
#include "tl-emodel.h"
#include "tl-call-manager-private.h"

void
tl_call_manager_history_begin (TlCallManager *self,
                               TlCall        *call)
{
  TlHistoryCallStart start = { 0 };
  TlAccount *account = tl_call_manager_account_for (self, tl_call_get_account_aor (call));
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (self->history == NULL)
    return;
  start.account_id = account != NULL ? tl_account_get_id (account) : tl_call_get_account_aor (call);
  /* The account's dial plan gives the history a number it can match. */
  start.country_code = account != NULL ? tl_account_get_country_code (account) : NULL;
  start.national_prefix = account != NULL ? tl_account_get_national_prefix (account) : NULL;
  start.direction = tl_call_get_direction (call) == TL_CALL_DIRECTION_INCOMING
                    ? TL_HISTORY_DIRECTION_INCOMING : TL_HISTORY_DIRECTION_OUTGOING;
  start.peer_uri = tl_call_get_peer_uri (call);
  /* What the network said: contact names are looked up when rows are shown. */
  start.peer_name = tl_call_get_network_name (call);
  start.started = tl_call_get_started (call);
  /* Written when the call starts, so a crash never loses it. */
  id = tl_history_store_begin_call (self->history, &start, &error);
  if (id <= 0)
    {
      g_debug ("History not written yet: %s", error != NULL ? error->message : "pending");
      return;
    }
  g_hash_table_insert (self->rows, call, g_memdup2 (&id, sizeof id));
}

void
tl_call_manager_history_end (TlCallManager *self,
                             TlCall        *call)
{
  TlHistoryCallEnd end = { 0 };
  gint64 *row = g_hash_table_lookup (self->rows, call);
  g_autoptr(GError) error = NULL;

  if (self->history == NULL || row == NULL)
    return;
  end.answered = tl_call_get_answered (call);
  end.ended = tl_call_get_ended (call);
  end.end_reason = tl_call_end_reason_to_string (tl_call_get_end_reason (call));
  end.sip_code = (int) tl_call_get_sip_code (call);
  end.srtp = tl_call_get_srtp (call);
  end.codec = tl_call_get_codec (call);
  end.setup_ms = tl_call_get_setup_ms (call);
  end.declined = tl_call_get_end_reason (call) == TL_CALL_END_REJECTED;
  if (!tl_history_store_end_call (self->history, *row, &end, &error))
    g_debug ("History end not written yet: %s", error->message);
  if (tl_call_get_loss_percent (call) >= 0)
    {
      /* The call's summary keeps an estimated MOS beside the figures it comes from. */
      double mos = tl_emodel_estimate_mos (tl_emodel_codec_from_name (tl_call_get_codec (call)),
                                           tl_emodel_call_delay_ms (tl_call_get_rtt_ms (call),
                                                                    tl_call_get_jitter_ms (call)),
                                           tl_call_get_loss_percent (call), NULL);

      tl_history_store_set_quality (self->history, *row, tl_call_get_loss_percent (call),
                                    tl_call_get_jitter_ms (call), tl_call_get_rtt_ms (call), mos, NULL);
    }
  g_hash_table_remove (self->rows, call);
}
