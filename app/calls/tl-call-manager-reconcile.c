/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Asking the engine what its events leave out: the hold state on 1.0.0 and the codec of a call. */
#define G_LOG_DOMAIN "tl-calls"

#include "config.h"

#include "tl-call-manager.h"
#include "tl-call-manager-private.h"

#include <string.h>

#include "tl-engine-dialect.h"

/* ---- hold state on 1.0.0 ---------------------------------------------------- */

/* The same address, parameters aside: the engine lists "sip:bob@host;transport=udp"
 * for a call dialled as "sip:bob@host". */
static gboolean
same_peer (const char *a,
           const char *b)
{
  gsize la, lb;

  if (a == NULL || b == NULL)
    return FALSE;
  la = strcspn (a, ";?>");
  lb = strcspn (b, ";?>");
  return la == lb && g_ascii_strncasecmp (a, b, la) == 0;
}

typedef struct {
  TlCallManager *self;
  char          *aor;
} Reconcile;

static void
reconcile_free (Reconcile *data)
{
  g_clear_object (&data->self);
  g_free (data->aor);
  g_free (data);
}

static void
listcalls_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Reconcile *data = user_data;
  TlCallManager *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = tl_engine_command_finish (TL_ENGINE (source), result, &error);
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GHashTable) taken = g_hash_table_new (NULL, NULL);

  if (reply == NULL)
    {
      g_debug ("listcalls for %s failed: %s", data->aor, error->message);
      reconcile_free (data);
      return;
    }
  lines = tl_engine_dialect_parse_call_list (reply);
  /* Match by account and peer; calls to the same peer pair up in line order,
   * which is the order the engine created them, as ours is. */
  for (guint i = 0; i < self->calls->len; i++)
    {
      TlCall *call = g_ptr_array_index (self->calls, i);

      if (g_strcmp0 (tl_call_get_account_aor (call), data->aor) != 0)
        continue;
      for (guint j = 0; j < lines->len; j++)
        {
          TlEngineCallLine *line = g_ptr_array_index (lines, j);

          if (g_hash_table_contains (taken, line)
              || !same_peer (line->peer_uri, tl_call_get_peer_uri (call)))
            continue;
          g_hash_table_add (taken, line);
          if (tl_call_get_held (call) != line->on_hold)
            {
              g_debug ("call %s: the engine has it %s", tl_call_get_id (call),
                       line->on_hold ? "on hold" : "resumed");
              tl_call_set_held (call, line->on_hold);
            }
          break;
        }
    }
  reconcile_free (data);
}

/* 1.0.0 reports no hold or resume, and resumes the last held call of an account
 * by itself when another call of that account ends: ask the engine. */
void
tl_call_manager_reconcile_holds (TlCallManager *self,
                                 const char    *aor)
{
  const TlEngineDialect *dialect = tl_engine_get_dialect (self->engine);
  Reconcile *data;
  gboolean held = FALSE;

  if (dialect == NULL || dialect->reports_outgoing_and_hold || aor == NULL
      || tl_engine_get_state (self->engine) != TL_ENGINE_STATE_READY)
    return;
  for (guint i = 0; i < self->calls->len && !held; i++)
    {
      TlCall *call = g_ptr_array_index (self->calls, i);

      held = tl_call_get_held (call) && g_strcmp0 (tl_call_get_account_aor (call), aor) == 0;
    }
  if (!held)
    return;
  data = g_new0 (Reconcile, 1);
  data->self = g_object_ref (self);
  data->aor = g_strdup (aor);
  /* listcalls covers the current account only: select it in the same write. */
  tl_engine_command_pair_async (self->engine, "uafind", aor, "listcalls", NULL, NULL, listcalls_cb, data);
}

static void
callstat_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(TlCall) call = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = tl_engine_command_finish (TL_ENGINE (source), result, &error);
  g_autofree char *codec = NULL;

  if (reply == NULL)
    {
      g_debug ("callstat for %s failed: %s", tl_call_get_id (call), error->message);
      return;
    }
  codec = tl_engine_dialect_parse_call_codec (reply);
  if (codec != NULL && tl_call_is_live (call))
    tl_call_set_codec (call, codec);
}

/* The engine reports no codec in its events; its call status has the SDP. */
void
tl_call_manager_ask_codec (TlCallManager *self,
                           TlCall        *call)
{
  if (tl_call_get_id (call) == NULL)
    return;
  tl_engine_command_pair_async (self->engine, "callfind", tl_call_get_id (call), "callstat", NULL, NULL,
                                callstat_cb, g_object_ref (call));
}
