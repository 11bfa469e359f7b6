/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The live calls as a GListModel of TlCall: their order, picking one for an action, and the manager object. */
#define G_LOG_DOMAIN "tl-calls"

#include "config.h"

#include "tl-call-manager.h"
#include "tl-call-manager-private.h"

enum {
  PROP_0,
  PROP_ATTENDED_TRANSFER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TlCallManager, tl_call_manager, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

guint tl_call_manager_signals[N_SIGNALS];

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

/* ---- the model's contents ------------------------------------------------ */

void
tl_call_manager_add_call (TlCallManager *self,
                          TlCall        *call)
{
  g_debug ("call %s added (%s)", tl_call_get_id (call) != NULL ? tl_call_get_id (call) : "unbound",
           tl_call_get_direction (call) == TL_CALL_DIRECTION_INCOMING ? "incoming" : "outgoing");
  g_ptr_array_add (self->calls, g_object_ref (call));
  tl_call_manager_name_call (self, call);
  tl_call_manager_history_begin (self, call);
  tl_call_manager_cap_watch (self, call);
  g_list_model_items_changed (G_LIST_MODEL (self), self->calls->len - 1, 0, 1);
  g_signal_emit (self, tl_call_manager_signals[SIGNAL_CALL_ADDED], 0, call);
}

void
tl_call_manager_remove_ended (TlCallManager *self,
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
  tl_call_manager_history_end (self, call);
  tl_call_manager_cap_forget (self, call);
  g_ptr_array_remove_index (self->calls, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  g_signal_emit (self, tl_call_manager_signals[SIGNAL_CALL_ENDED], 0, call);
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

/* ---- accounts and engine capabilities --------------------------------------- */

TlAccount *
tl_call_manager_account_for (TlCallManager *self,
                             const char    *aor)
{
  return aor != NULL ? g_hash_table_lookup (self->accounts, aor) : NULL;
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
  return tl_call_manager_account_for (self, aor);
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
  g_signal_connect (engine, "event", G_CALLBACK (tl_call_manager_engine_event_cb), self);
  g_signal_connect (engine, "restarted", G_CALLBACK (tl_call_manager_engine_restarted_cb), self);
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
    {
      tl_call_manager_cap_forget (self, g_ptr_array_index (self->calls, i));
      g_object_set_data (g_ptr_array_index (self->calls, i), "tl-call-manager", NULL);
    }
  g_clear_weak_pointer (&self->consulting);
  tl_call_manager_forget_names (self);
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
  g_hash_table_unref (self->caps);
  g_clear_object (&self->fraud);
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

  tl_call_manager_signals[SIGNAL_CALL_ADDED] =
    g_signal_new ("call-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, TL_TYPE_CALL);
  /* The call is already out of the model and written to the history. */
  tl_call_manager_signals[SIGNAL_CALL_ENDED] =
    g_signal_new ("call-ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, TL_TYPE_CALL);
  /* The engine took DTMF digits for a call (from any caller of the action): the
   * front end plays the local feedback tones. */
  tl_call_manager_signals[SIGNAL_DTMF_SENT] =
    g_signal_new ("dtmf-sent", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, TL_TYPE_CALL, G_TYPE_STRING);
}

static void
tl_call_manager_init (TlCallManager *self)
{
  self->calls = g_ptr_array_new_with_free_func (g_object_unref);
  self->rows = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  self->accounts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->caps = g_hash_table_new (g_direct_hash, g_direct_equal);
  self->fraud = tl_fraud_guard_new ();
}

TlFraudGuard *
tl_call_manager_get_fraud_guard (TlCallManager *self)
{
  g_return_val_if_fail (TL_IS_CALL_MANAGER (self), NULL);
  return self->fraud;
}
