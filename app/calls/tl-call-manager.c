/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The live calls (a GListModel of TlCall) and every action on them. */
#define G_LOG_DOMAIN "tl-calls"

#include "config.h"

#include "tl-call-manager.h"

#include <string.h>

#include "tl-engine-channel.h"
#include "tl-engine-dialect.h"

struct _TlCallManager {
  GObject         parent_instance;

  TlEngine       *engine;
  TlHistoryStore *history;
  GPtrArray      *calls;       /* live TlCall, oldest first */
  GHashTable     *rows;        /* TlCall → history row id (gint64 *) */
  GHashTable     *accounts;    /* aor → TlAccount: its id, dial plan and call policy */
  TlCall         *consulting;  /* weak: on hold while the engine calls the transfer target */
  gboolean        attended_transfer;
};

enum {
  PROP_0,
  PROP_ATTENDED_TRANSFER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TlCallManager, tl_call_manager, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  SIGNAL_CALL_ADDED,
  SIGNAL_CALL_ENDED,
  SIGNAL_DTMF_SENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void action_done_cb (GObject *source, GAsyncResult *result, gpointer user_data);

/* ---- GListModel ------------------------------------------------------------ */

static GType
get_item_type (GListModel *model)
{
  return TL_TYPE_CALL;
}

static guint
get_n_items (GListModel *model)
{
  return TL_CALL_MANAGER (model)->calls->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  TlCallManager *self = TL_CALL_MANAGER (model);

  if (position >= self->calls->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->calls, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

/* ---- history ------------------------------------------------------------- */

static TlAccount *
account_for (TlCallManager *self,
             const char    *aor)
{
  return aor != NULL ? g_hash_table_lookup (self->accounts, aor) : NULL;
}

static void
history_begin (TlCallManager *self,
               TlCall        *call)
{
  TlHistoryCallStart start = { 0 };
  TlAccount *account = account_for (self, tl_call_get_account_aor (call));
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
  start.peer_name = tl_call_get_peer_name (call);
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

static void
history_end (TlCallManager *self,
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
    tl_history_store_set_quality (self->history, *row, tl_call_get_loss_percent (call),
                                  tl_call_get_jitter_ms (call), tl_call_get_rtt_ms (call), -1, NULL);
  g_hash_table_remove (self->rows, call);
}

/* ---- the model's contents ------------------------------------------------ */

static void
add_call (TlCallManager *self,
          TlCall        *call)
{
  g_debug ("call %s added (%s)", tl_call_get_id (call) != NULL ? tl_call_get_id (call) : "unbound",
           tl_call_get_direction (call) == TL_CALL_DIRECTION_INCOMING ? "incoming" : "outgoing");
  g_ptr_array_add (self->calls, g_object_ref (call));
  history_begin (self, call);
  g_list_model_items_changed (G_LIST_MODEL (self), self->calls->len - 1, 0, 1);
  g_signal_emit (self, signals[SIGNAL_CALL_ADDED], 0, call);
}

static void
remove_ended (TlCallManager *self,
              TlCall        *call)
{
  guint position;

  if (!g_ptr_array_find (self->calls, call, &position))
    return;
  g_object_ref (call);
  /* An attended transfer ends with either of its calls. */
  if (tl_call_get_transfer_partner (call) != NULL)
    {
      TlCall *partner = tl_call_get_transfer_partner (call);

      if (tl_call_is_consultation (call) && tl_call_is_live (partner))
        tl_engine_command_async (self->engine, "atransferabort", NULL, NULL, NULL, NULL);
      tl_call_link_consultation (tl_call_is_consultation (call) ? partner : call, NULL);
    }
  if (self->consulting == call)
    g_clear_weak_pointer (&self->consulting);
  history_end (self, call);
  g_ptr_array_remove_index (self->calls, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  g_signal_emit (self, signals[SIGNAL_CALL_ENDED], 0, call);
  g_object_unref (call);
}

TlCall *
tl_call_manager_find (TlCallManager *self,
                      const char    *id)
{
  g_return_val_if_fail (TL_IS_CALL_MANAGER (self), NULL);

  for (guint i = 0; id != NULL && i < self->calls->len; i++)
    {
      TlCall *call = g_ptr_array_index (self->calls, i);

      if (g_strcmp0 (tl_call_get_id (call), id) == 0)
        return call;
    }
  return NULL;
}

/* How well @call fits an action with no call named: higher is better, 0 never. */
static int
pick_rank (TlCall       *call,
           TlCallAction  action)
{
  TlCallState state = tl_call_get_state (call);
  gboolean in_progress = state == TL_CALL_STATE_OUTGOING || state == TL_CALL_STATE_RINGING
                         || state == TL_CALL_STATE_EARLY_MEDIA;

  switch (action)
    {
    case TL_CALL_ACTION_ANSWER:
      return state == TL_CALL_STATE_INCOMING ? 1 : 0;
    case TL_CALL_ACTION_RESUME:
      return state == TL_CALL_STATE_HELD ? 1 : 0;
    case TL_CALL_ACTION_HANGUP:
      /* The call being talked on, then one being set up, then one ringing here,
       * then a held one. */
      if (state == TL_CALL_STATE_ESTABLISHED)
        return 4;
      if (in_progress)
        return 3;
      if (state == TL_CALL_STATE_INCOMING)
        return 2;
      return state == TL_CALL_STATE_HELD ? 1 : 0;
    case TL_CALL_ACTION_DTMF:
      return state == TL_CALL_STATE_ESTABLISHED || state == TL_CALL_STATE_EARLY_MEDIA ? 1 : 0;
    case TL_CALL_ACTION_TRANSFER_COMPLETE:
    case TL_CALL_ACTION_TRANSFER_ABORT:
      return tl_call_is_consultation (call) ? 1 : 0;
    case TL_CALL_ACTION_TRANSFER_START:
      return state == TL_CALL_STATE_ESTABLISHED && tl_call_get_transfer_partner (call) == NULL ? 1 : 0;
    case TL_CALL_ACTION_HOLD:
    case TL_CALL_ACTION_MUTE:
    case TL_CALL_ACTION_TRANSFER:
    default:
      return state == TL_CALL_STATE_ESTABLISHED ? 1 : 0;
    }
}

TlCall *
tl_call_manager_pick (TlCallManager  *self,
                      TlCallAction    action,
                      GError        **error)
{
  TlCall *best = NULL;
  int best_rank = 0;
  guint ties = 0;

  g_return_val_if_fail (TL_IS_CALL_MANAGER (self), NULL);

  for (guint i = 0; i < self->calls->len; i++)
    {
      TlCall *call = g_ptr_array_index (self->calls, i);
      int rank = pick_rank (call, action);

      if (rank > best_rank)
        {
          best = call;
          best_rank = rank;
          ties = 1;
        }
      else if (rank == best_rank && rank > 0)
        ties++;
    }
  if (best == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           self->calls->len == 0 ? "There is no call" : "No call is in a state for that");
      return NULL;
    }
  if (ties > 1)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                           "Several calls fit; name one by its id");
      return NULL;
    }
  return best;
}

/* 1.0.0's dial returns no id: the first event of that account for that peer
 * belongs to the oldest unbound outgoing call. */
static TlCall *
find_unbound (TlCallManager       *self,
              const TlEngineEvent *event)
{
  TlCall *fallback = NULL;

  if (event->direction != TL_ENGINE_DIRECTION_OUTGOING)
    return NULL;
  for (guint i = 0; i < self->calls->len; i++)
    {
      TlCall *call = g_ptr_array_index (self->calls, i);

      if (tl_call_get_id (call) != NULL || tl_call_get_direction (call) != TL_CALL_DIRECTION_OUTGOING
          || g_strcmp0 (tl_call_get_account_aor (call), event->account_aor) != 0)
        continue;
      if (g_strcmp0 (tl_call_get_peer_uri (call), event->peer_uri) == 0)
        return call;
      if (fallback == NULL)
        fallback = call;
    }
  return fallback;
}

static void
auto_action (TlCallManager *self,
             TlCall        *call,
             TlCallAction   action)
{
  tl_call_manager_action_async (self, call, action, NULL, NULL, action_done_cb, NULL);
}

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
static void
reconcile_holds (TlCallManager *self,
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
static void
ask_codec (TlCallManager *self,
           TlCall        *call)
{
  if (tl_call_get_id (call) == NULL)
    return;
  tl_engine_command_pair_async (self->engine, "callfind", tl_call_get_id (call), "callstat", NULL, NULL,
                                callstat_cb, g_object_ref (call));
}

static void
engine_event_cb (TlEngine       *engine,
                 TlEngineEvent  *event,
                 TlCallManager  *self)
{
  TlCall *call;

  if (!tl_engine_event_is_call (event) || event->call_id == NULL)
    return;

  call = tl_call_manager_find (self, event->call_id);
  if (call == NULL)
    {
      call = find_unbound (self, event);
      if (call != NULL)
        tl_call_set_id (call, event->call_id);
    }
  if (call == NULL)
    {
      TlAccount *account;
      g_autoptr(TlCall) fresh = NULL;

      /* A call we did not start (incoming, or from before a reconnect): adopt
       * it once, keyed by its id, so it is never duplicated. */
      if (event->type == TL_ENGINE_EVENT_CALL_CLOSED)
        return;
      fresh = tl_call_new_incoming (event);
      /* The engine's own call to an attended-transfer target. */
      if (self->consulting != NULL && tl_call_get_direction (fresh) == TL_CALL_DIRECTION_OUTGOING
          && g_strcmp0 (tl_call_get_account_aor (self->consulting), event->account_aor) == 0)
        {
          tl_call_link_consultation (self->consulting, fresh);
          g_clear_weak_pointer (&self->consulting);
        }
      add_call (self, fresh);
      call = fresh;
      account = account_for (self, event->account_aor);
      if (event->type == TL_ENGINE_EVENT_CALL_INCOMING && account != NULL)
        {
          if (tl_account_get_do_not_disturb (account))
            {
              /* Turned away by do-not-disturb: kept as missed, not as declined. */
              g_object_set_data (G_OBJECT (call), "tl-do-not-disturb", GINT_TO_POINTER (TRUE));
              auto_action (self, call, TL_CALL_ACTION_HANGUP);
            }
          else if (tl_account_get_auto_answer (account))
            auto_action (self, call, TL_CALL_ACTION_ANSWER);
        }
    }

  tl_call_apply_event (call, event);
  if (event->type == TL_ENGINE_EVENT_CALL_ESTABLISHED && tl_call_get_codec (call) == NULL)
    ask_codec (self, call);
  if (!tl_call_is_live (call))
    {
      g_autofree char *aor = g_strdup (tl_call_get_account_aor (call));

      remove_ended (self, call);
      reconcile_holds (self, aor);
    }
}

static void
engine_restarted_cb (TlEngine      *engine,
                     guint          count,
                     TlCallManager *self)
{
  /* The engine that had these calls is gone; they end, and history keeps them. */
  while (self->calls->len > 0)
    {
      TlCall *call = g_ptr_array_index (self->calls, 0);

      tl_call_end_locally (call, TL_CALL_END_ENGINE_RESTARTED, "engine restarted");
      remove_ended (self, call);
    }
}

/* ---- actions ------------------------------------------------------------- */

static void
dial_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(TlCall) call = user_data;
  TlCallManager *self = g_object_get_data (G_OBJECT (call), "tl-call-manager");
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = tl_engine_command_finish (TL_ENGINE (source), result, &error);
  const TlEngineDialect *dialect = tl_engine_get_dialect (TL_ENGINE (source));

  if (reply == NULL)
    {
      tl_call_end_locally (call, TL_CALL_END_UNREACHABLE, error->message);
      if (self != NULL)
        remove_ended (self, call);
      return;
    }
  if (dialect != NULL)
    {
      g_autofree char *id = tl_engine_dialect_dial_reply_call_id (dialect, reply);

      if (id != NULL)
        tl_call_set_id (call, id);
    }
}

TlCall *
tl_call_manager_dial (TlCallManager  *self,
                      const char     *aor,
                      const char     *uri,
                      GError        **error)
{
  g_autoptr(TlCall) call = NULL;

  g_return_val_if_fail (TL_IS_CALL_MANAGER (self), NULL);

  if (uri == NULL || (!g_str_has_prefix (uri, "sip:") && !g_str_has_prefix (uri, "sips:")))
    {
      g_set_error (error, TL_ENGINE_ERROR, TL_ENGINE_ERROR_INVALID_ARGUMENT,
                   "“%s” is not a SIP address", uri != NULL ? uri : "");
      return NULL;
    }
  if (!tl_engine_channel_check_command ("dial", uri, error)
      || !tl_engine_channel_check_command ("uafind", aor, error))
    return NULL;
  if (tl_engine_get_state (self->engine) != TL_ENGINE_STATE_READY)
    {
      g_set_error_literal (error, TL_ENGINE_ERROR, TL_ENGINE_ERROR_NOT_RUNNING,
                           "The call engine is not ready");
      return NULL;
    }
  /* A failed selection would still dial, from whatever account is current. */
  if (!tl_engine_has_account (self->engine, aor))
    {
      g_set_error (error, TL_ENGINE_ERROR, TL_ENGINE_ERROR_INVALID_ARGUMENT,
                   "No account %s in the call engine", aor);
      return NULL;
    }

  call = tl_call_new_outgoing (aor, uri);
  g_object_set_data (G_OBJECT (call), "tl-call-manager", self);
  add_call (self, call);
  /* The 1.0.0 engine dials from its current account: select it in the same write. */
  tl_engine_command_pair_async (self->engine, "uafind", aor, "dial", uri, NULL, dial_cb,
                                g_object_ref (call));
  return call;
}

static const char *
action_command (TlCallAction action)
{
  switch (action)
    {
    case TL_CALL_ACTION_ANSWER: return "accept";
    case TL_CALL_ACTION_HANGUP: return "hangup";
    case TL_CALL_ACTION_HOLD: return "hold";
    case TL_CALL_ACTION_RESUME: return "resume";
    case TL_CALL_ACTION_MUTE: return "mute";
    case TL_CALL_ACTION_DTMF: return "sndcode";
    case TL_CALL_ACTION_TRANSFER: return "transfer";
    case TL_CALL_ACTION_TRANSFER_START: return "atransferstart";
    case TL_CALL_ACTION_TRANSFER_COMPLETE: return "atransferexec";
    case TL_CALL_ACTION_TRANSFER_ABORT: return "hangup";
    default: return NULL;
    }
}

static gboolean
valid_dtmf (const char *digits)
{
  if (digits == NULL || *digits == '\0' || strlen (digits) > 64)
    return FALSE;
  for (const char *p = digits; *p != '\0'; p++)
    if (strchr ("0123456789*#ABCDabcd", *p) == NULL)
      return FALSE;
  return TRUE;
}

typedef struct {
  TlCall       *call;
  TlCallAction  action;
  gboolean      mute_to;
  TlCall       *original;   /* complete/abort: the held call, taken when asked (the
                             * pair comes apart as soon as the consultation ends) */
} ActionData;

static void
action_data_free (ActionData *data)
{
  g_clear_object (&data->call);
  g_clear_object (&data->original);
  g_free (data);
}

static void
engine_action_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TlCallManager *self = g_task_get_source_object (task);
  ActionData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = tl_engine_command_finish (TL_ENGINE (source), result, &error);

  if (reply == NULL)
    {
      if (g_error_matches (error, TL_ENGINE_ERROR, TL_ENGINE_ERROR_COMMAND_FAILED)
          && tl_engine_dialect_reply_means_no_call (error->message))
        g_task_return_new_error (task, TL_ENGINE_ERROR, TL_ENGINE_ERROR_COMMAND_FAILED,
                                 "The call has already ended");
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* The 1.0.0 engine reports neither hold nor mute: we keep the state. */
  switch (data->action)
    {
    case TL_CALL_ACTION_HOLD:
      tl_call_set_held (data->call, TRUE);
      break;
    case TL_CALL_ACTION_RESUME:
      tl_call_set_held (data->call, FALSE);
      break;
    case TL_CALL_ACTION_MUTE:
      tl_call_set_muted (data->call, data->mute_to);
      break;
    case TL_CALL_ACTION_DTMF:
      /* For the local key feedback, whoever asked for the digits. */
      g_signal_emit (self, signals[SIGNAL_DTMF_SENT], 0, data->call,
                     (const char *) g_object_get_data (G_OBJECT (task), "tl-argument"));
      break;
    case TL_CALL_ACTION_TRANSFER:
      /* The engine took the REFER; the call ends once the other side moves on. */
      tl_call_mark_transferred (data->call);
      break;
    case TL_CALL_ACTION_TRANSFER_START:
      /* The engine held the call and dials the target: its first event links it. */
      tl_call_set_held (data->call, TRUE);
      g_set_weak_pointer (&self->consulting, data->call);
      break;
    case TL_CALL_ACTION_TRANSFER_COMPLETE:
      tl_call_mark_transferred (data->original);
      break;
    case TL_CALL_ACTION_TRANSFER_ABORT:
      /* The call to the target is hung up; its end tells the engine to forget the
       * transfer (remove_ended). Back to the original caller. */
      if (tl_call_is_live (data->original))
        tl_call_manager_action_async (self, data->original, TL_CALL_ACTION_RESUME, NULL, NULL,
                                      action_done_cb, NULL);
      break;
    default:
      break;
    }
  g_task_return_boolean (task, TRUE);
}

static void
send_action (TlCallManager *self,
             GTask         *task)
{
  ActionData *data = g_task_get_task_data (task);
  const TlEngineDialect *dialect = tl_engine_get_dialect (self->engine);
  const char *argument = g_object_get_data (G_OBJECT (task), "tl-argument");
  g_autofree char *params = NULL;

  if (data->action == TL_CALL_ACTION_MUTE)
    params = dialect != NULL && dialect->mute_takes_state ? g_strdup (data->mute_to ? "yes" : "no") : NULL;
  else if (data->action == TL_CALL_ACTION_HANGUP && dialect != NULL
           && tl_call_get_direction (data->call) == TL_CALL_DIRECTION_INCOMING
           && tl_call_get_answered (data->call) == 0)
    {
      /* Refusing a call: 603 Decline where the engine takes a status (4.x),
       * 486 Busy Here for do-not-disturb; 1.0.0 always answers 486. */
      gboolean busy = g_object_get_data (G_OBJECT (data->call), "tl-do-not-disturb") != NULL;
      g_autofree char *command = NULL;
      gboolean needs_callfind;

      tl_engine_dialect_hangup_command (dialect, tl_call_get_id (data->call), busy ? 486 : 603,
                                        busy ? NULL : "Decline", &command, &params, &needs_callfind);
    }
  else
    params = g_strdup (argument);
  g_debug ("call %s: %s", tl_call_get_id (data->call), action_command (data->action));
  /* The engine acts on its "current" call: select ours in the same write. */
  tl_engine_command_pair_async (self->engine, "callfind", tl_call_get_id (data->call),
                                action_command (data->action), params,
                                g_task_get_cancellable (task), engine_action_cb, g_object_ref (task));
}

static void
hold_other_then_act_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TlCallManager *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (!tl_call_manager_action_finish (self, result, &error))
    g_debug ("Holding the other call failed: %s", error->message);
  send_action (self, task);
}

void
tl_call_manager_action_async (TlCallManager       *self,
                              TlCall              *call,
                              TlCallAction         action,
                              const char          *argument,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ActionData *data;

  g_return_if_fail (TL_IS_CALL_MANAGER (self));
  g_return_if_fail (TL_IS_CALL (call));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tl_call_manager_action_async);
  data = g_new0 (ActionData, 1);
  data->call = g_object_ref (call);
  data->action = action;
  g_task_set_task_data (task, data, (GDestroyNotify) action_data_free);
  g_object_set_data_full (G_OBJECT (task), "tl-argument", g_strdup (argument), g_free);

  if (!tl_call_is_live (call))
    {
      g_task_return_new_error (task, TL_ENGINE_ERROR, TL_ENGINE_ERROR_COMMAND_FAILED,
                               "The call has already ended");
      return;
    }
  if (tl_call_get_id (call) == NULL)
    {
      g_task_return_new_error (task, TL_ENGINE_ERROR, TL_ENGINE_ERROR_NOT_RUNNING,
                               "The call is still being set up; try again in a moment");
      return;
    }
  switch (action)
    {
    case TL_CALL_ACTION_DTMF:
      if (!valid_dtmf (argument))
        {
          g_task_return_new_error (task, TL_ENGINE_ERROR, TL_ENGINE_ERROR_INVALID_ARGUMENT,
                                   "DTMF digits are 0-9, *, # and A-D");
          return;
        }
      break;
    case TL_CALL_ACTION_TRANSFER:
      if (argument == NULL || (!g_str_has_prefix (argument, "sip:") && !g_str_has_prefix (argument, "sips:")))
        {
          g_task_return_new_error (task, TL_ENGINE_ERROR, TL_ENGINE_ERROR_INVALID_ARGUMENT,
                                   "A transfer needs a SIP address");
          return;
        }
      break;
    case TL_CALL_ACTION_TRANSFER_START:
    case TL_CALL_ACTION_TRANSFER_COMPLETE:
    case TL_CALL_ACTION_TRANSFER_ABORT:
      if (!tl_call_manager_has_attended_transfer (self))
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                   "Attended transfer needs engine 3.0 or later (this one is %s); "
                                   "a blind transfer works",
                                   tl_engine_get_version (self->engine) != NULL
                                   ? tl_engine_get_version (self->engine) : "not running");
          return;
        }
      if (action == TL_CALL_ACTION_TRANSFER_START)
        {
          if (argument == NULL || (!g_str_has_prefix (argument, "sip:") && !g_str_has_prefix (argument, "sips:")))
            {
              g_task_return_new_error (task, TL_ENGINE_ERROR, TL_ENGINE_ERROR_INVALID_ARGUMENT,
                                       "A transfer needs a SIP address");
              return;
            }
          if (tl_call_get_transfer_partner (call) != NULL)
            {
              g_task_return_new_error (task, TL_ENGINE_ERROR, TL_ENGINE_ERROR_INVALID_ARGUMENT,
                                       "This call is already part of a transfer");
              return;
            }
          break;
        }
      /* Complete and abort act on the call to the target, whichever call was named. */
      if (!tl_call_is_consultation (call))
        {
          TlCall *partner = tl_call_get_transfer_partner (call);

          if (partner == NULL)
            {
              g_task_return_new_error (task, TL_ENGINE_ERROR, TL_ENGINE_ERROR_INVALID_ARGUMENT,
                                       "No attended transfer is in progress on this call");
              return;
            }
          g_set_object (&data->call, partner);
        }
      data->original = g_object_ref (tl_call_get_transfer_partner (data->call));
      if (tl_call_get_id (data->call) == NULL)
        {
          g_task_return_new_error (task, TL_ENGINE_ERROR, TL_ENGINE_ERROR_NOT_RUNNING,
                                   "The call to the transfer target is still being set up");
          return;
        }
      if (action == TL_CALL_ACTION_TRANSFER_ABORT && tl_call_get_answered (data->call) == 0)
        tl_call_mark_cancelled (data->call);
      break;
    case TL_CALL_ACTION_MUTE:
      data->mute_to = g_strcmp0 (argument, "no") != 0;
      if (data->mute_to == tl_call_get_muted (call))
        {
          g_task_return_boolean (task, TRUE);
          return;
        }
      break;
    case TL_CALL_ACTION_HANGUP:
      if (tl_call_get_direction (call) == TL_CALL_DIRECTION_INCOMING && tl_call_get_answered (call) == 0)
        {
          if (g_object_get_data (G_OBJECT (call), "tl-do-not-disturb") == NULL)
            tl_call_mark_rejected (call);
        }
      else if (tl_call_get_answered (call) == 0)
        tl_call_mark_cancelled (call);
      break;
    case TL_CALL_ACTION_ANSWER:
    case TL_CALL_ACTION_RESUME:
      /* Call waiting: answering the second call holds the first. Switching
       * lines: resuming a held call holds the one being talked on. */
      for (guint i = 0; i < self->calls->len; i++)
        {
          TlCall *other = g_ptr_array_index (self->calls, i);

          if (other != call && tl_call_get_state (other) == TL_CALL_STATE_ESTABLISHED)
            {
              tl_call_manager_action_async (self, other, TL_CALL_ACTION_HOLD, NULL, cancellable,
                                            hold_other_then_act_cb, g_steal_pointer (&task));
              return;
            }
        }
      break;
    default:
      break;
    }
  send_action (self, task);
}

gboolean
tl_call_manager_action_finish (TlCallManager  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
action_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!tl_call_manager_action_finish (TL_CALL_MANAGER (source), result, &error))
    g_debug ("Automatic call action failed: %s", error->message);
}

void
tl_call_manager_set_account (TlCallManager *self,
                             const char    *aor,
                             TlAccount     *account)
{
  g_return_if_fail (TL_IS_CALL_MANAGER (self));
  g_return_if_fail (aor != NULL);
  g_return_if_fail (account == NULL || TL_IS_ACCOUNT (account));

  if (account == NULL)
    g_hash_table_remove (self->accounts, aor);
  else
    g_hash_table_replace (self->accounts, g_strdup (aor), g_object_ref (account));
}

gboolean
tl_call_manager_has_attended_transfer (TlCallManager *self)
{
  g_return_val_if_fail (TL_IS_CALL_MANAGER (self), FALSE);
  return self->attended_transfer;
}

/* What the engine can do is known once it answers; it may change on a restart
 * (an update brought another version). */
static void
engine_ready_cb (TlEngine      *engine,
                 TlCallManager *self)
{
  const TlEngineDialect *dialect = tl_engine_get_dialect (engine);
  gboolean attended = dialect != NULL && dialect->has_attended_transfer;

  if (attended == self->attended_transfer)
    return;
  self->attended_transfer = attended;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ATTENDED_TRANSFER]);
}

TlAccount *
tl_call_manager_get_account (TlCallManager *self,
                             const char    *aor)
{
  g_return_val_if_fail (TL_IS_CALL_MANAGER (self), NULL);
  return account_for (self, aor);
}

TlCallManager *
tl_call_manager_new (TlEngine       *engine,
                     TlHistoryStore *history)
{
  TlCallManager *self;

  g_return_val_if_fail (TL_IS_ENGINE (engine), NULL);

  self = g_object_new (TL_TYPE_CALL_MANAGER, NULL);
  self->engine = g_object_ref (engine);
  self->history = history != NULL ? g_object_ref (history) : NULL;
  g_signal_connect (engine, "event", G_CALLBACK (engine_event_cb), self);
  g_signal_connect (engine, "restarted", G_CALLBACK (engine_restarted_cb), self);
  g_signal_connect (engine, "ready", G_CALLBACK (engine_ready_cb), self);
  if (tl_engine_get_state (engine) == TL_ENGINE_STATE_READY)
    engine_ready_cb (engine, self);
  return self;
}

static void
tl_call_manager_dispose (GObject *object)
{
  TlCallManager *self = TL_CALL_MANAGER (object);

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  for (guint i = 0; i < self->calls->len; i++)
    g_object_set_data (g_ptr_array_index (self->calls, i), "tl-call-manager", NULL);
  g_clear_weak_pointer (&self->consulting);
  g_clear_object (&self->engine);
  g_clear_object (&self->history);
  G_OBJECT_CLASS (tl_call_manager_parent_class)->dispose (object);
}

static void
tl_call_manager_finalize (GObject *object)
{
  TlCallManager *self = TL_CALL_MANAGER (object);

  g_ptr_array_unref (self->calls);
  g_hash_table_unref (self->rows);
  g_hash_table_unref (self->accounts);
  G_OBJECT_CLASS (tl_call_manager_parent_class)->finalize (object);
}

static void
tl_call_manager_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TlCallManager *self = TL_CALL_MANAGER (object);

  switch (prop_id)
    {
    case PROP_ATTENDED_TRANSFER:
      g_value_set_boolean (value, self->attended_transfer);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_call_manager_class_init (TlCallManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tl_call_manager_dispose;
  object_class->finalize = tl_call_manager_finalize;
  object_class->get_property = tl_call_manager_get_property;

  properties[PROP_ATTENDED_TRANSFER] =
    g_param_spec_boolean ("attended-transfer", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_CALL_ADDED] =
    g_signal_new ("call-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, TL_TYPE_CALL);
  /* The call is already out of the model and written to the history. */
  signals[SIGNAL_CALL_ENDED] =
    g_signal_new ("call-ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, TL_TYPE_CALL);
  /* The engine took DTMF digits for a call (from any caller of the action): the
   * front end plays the local feedback tones. */
  signals[SIGNAL_DTMF_SENT] =
    g_signal_new ("dtmf-sent", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, TL_TYPE_CALL, G_TYPE_STRING);
}

static void
tl_call_manager_init (TlCallManager *self)
{
  self->calls = g_ptr_array_new_with_free_func (g_object_unref);
  self->rows = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  self->accounts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}
