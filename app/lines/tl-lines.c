/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every stored account as a line (a GListModel of TlLine): registers them once the engine runs, and says which can call. */
#define G_LOG_DOMAIN "tl-lines"

#include "config.h"

#include "tl-lines.h"

#include <string.h>

#include "tl-demo-account.h"
#include "tl-message-summary.h"
#include "tl-secret.h"

struct _TlLines {
  GObject         parent_instance;

  TlAccountStore *accounts;
  TlEngine       *engine;
  TlCallManager  *calls;
  GPtrArray      *lines;          /* TlLine, in the store's order, then the demo line */
  TlEchoService  *echo;           /* the demo line's far end, while the demo is offered */
  TlAccount      *demo_account;   /* while the echo service answers */
  GCancellable   *cancellable;    /* password look-ups */
  gboolean        engine_ready;
  gboolean        can_call;
};

enum {
  PROP_0,
  PROP_CAN_CALL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TlLines, tl_lines, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

/* ---- GListModel ---------------------------------------------------------------- */

static GType
get_item_type (GListModel *model)
{
  return TL_TYPE_LINE;
}

static guint
get_n_items (GListModel *model)
{
  return TL_LINES (model)->lines->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  TlLines *self = TL_LINES (model);

  return position < self->lines->len ? g_object_ref (g_ptr_array_index (self->lines, position)) : NULL;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

/* ---- can-call ------------------------------------------------------------------- */

static void update_can_call (TlLines *self);

static void
line_changed_cb (TlLines *self)
{
  update_can_call (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
update_can_call (TlLines *self)
{
  gboolean can_call = FALSE;

  for (guint i = 0; i < self->lines->len; i++)
    can_call |= tl_line_get_can_call (g_ptr_array_index (self->lines, i));
  if (can_call == self->can_call)
    return;
  self->can_call = can_call;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_CALL]);
}

/* ---- registering ---------------------------------------------------------------- */

static void
start_registration (TlLines    *self,
                    TlLine     *line,
                    const char *password)
{
  TlAccount *account = tl_line_get_account (line);
  g_autoptr(GError) error = NULL;
  g_autoptr(TlEngineAccount) engine_account = NULL;
  g_autoptr(TlRegistration) registration = NULL;
  g_autofree char *aor = NULL;
  TlRegistrationConfig config = { 0 };

  engine_account = tl_account_to_engine_account (account, password, tl_engine_get_dialect (self->engine),
                                                 &error);
  if (engine_account == NULL)
    {
      tl_line_set_problem (line, error->message);
      return;
    }
  aor = tl_engine_account_get_aor (engine_account);
  /* Its history id, dial plan, do-not-disturb and auto-answer. */
  tl_call_manager_set_account (self->calls, aor, account);
  config.account = engine_account;
  config.fallback_proxy = (char *) tl_account_get_fallback_proxy (account);
  config.ca_file = (char *) tl_account_get_ca_file (account);
  config.pinned_certificate = (char *) tl_account_get_pinned_certificate (account);
  registration = tl_registration_new (self->engine, &config);
  tl_line_set_registration (line, registration);
  tl_registration_start (registration);
}

typedef struct {
  TlLines *self;
  TlLine  *line;
} Lookup;

static void
password_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Lookup *lookup = user_data;
  g_autoptr(GError) error = NULL;
  char *password = tl_secret_lookup_password_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    ;
  else if (password != NULL)
    start_registration (lookup->self, lookup->line, password);
  else if (error != NULL)
    tl_line_set_problem (lookup->line, error->message);
  else
    tl_line_set_problem (lookup->line, "No password is stored for this account");
  tl_secret_free_password (password);
  g_object_unref (lookup->line);
  g_object_unref (lookup->self);
  g_free (lookup);
}

static void
start_line (TlLines *self,
            TlLine  *line)
{
  TlAccount *account = tl_line_get_account (line);
  Lookup *lookup;

  if (!self->engine_ready || !tl_account_get_enabled (account) || tl_line_get_registration (line) != NULL)
    return;
  if (tl_account_get_mode (account) == TL_ACCOUNT_MODE_IP_AUTH)
    {
      start_registration (self, line, NULL);
      return;
    }
  lookup = g_new0 (Lookup, 1);
  lookup->self = g_object_ref (self);
  lookup->line = g_object_ref (line);
  tl_secret_lookup_password_async (tl_account_get_id (account), self->cancellable, password_cb, lookup);
}

/* Stops the line's registration and starts it again with the account as it is now. */
static void
restart_line (TlLines *self,
              TlLine  *line)
{
  TlRegistration *registration = tl_line_get_registration (line);

  if (registration != NULL)
    {
      tl_call_manager_set_account (self->calls, tl_registration_get_aor (registration), NULL);
      tl_registration_stop (registration);
      tl_line_set_registration (line, NULL);
    }
  start_line (self, line);
}

/* The settings the engine's account is made of: a change re-registers. Others
 * (the label, do-not-disturb, the dial plan) are read where they are used. */
static gboolean
needs_new_registration (const char *setting)
{
  static const char * const keys[] = {
    "user", "auth-user", "domain", "outbound-proxy", "fallback-proxy", "transport", "ca-file",
    "register-interval", "mode", "stun-server", "ice", "sip-outbound", "srtp", "dtmf-mode", "codecs",
    "catchall", "display-name", "pinned-certificate", "enabled", "voicemail", NULL
  };

  return g_strv_contains (keys, setting);
}

static gboolean
restart_pending_cb (gpointer user_data)
{
  TlLine *line = user_data;
  TlLines *self = g_object_get_data (G_OBJECT (line), "tl-lines");

  g_object_set_data (G_OBJECT (line), "tl-restart-source", NULL);
  if (tl_account_get_voicemail (tl_line_get_account (line)) == NULL)
    tl_line_set_voicemail (line, FALSE, 0);   /* no mailbox to show any more */
  if (self != NULL && g_ptr_array_find (self->lines, line, NULL))
    {
      g_debug ("Line %s: settings changed, registering again", tl_line_get_title (line));
      restart_line (self, line);
    }
  return G_SOURCE_REMOVE;
}

/* An edit changes several settings at once: one restart for all of them. */
static void
account_changed_cb (TlAccount  *account,
                    GParamSpec *pspec,
                    TlLine     *line)
{
  if (!needs_new_registration (pspec->name)
      || g_object_get_data (G_OBJECT (line), "tl-restart-source") != NULL)
    return;
  g_object_set_data (G_OBJECT (line), "tl-restart-source",
                     GUINT_TO_POINTER (g_idle_add_full (G_PRIORITY_DEFAULT, restart_pending_cb,
                                                        g_object_ref (line), g_object_unref)));
}

/* The line no longer follows its account's settings. */
static void
unfollow_account (TlLine *line)
{
  gpointer pending = g_object_get_data (G_OBJECT (line), "tl-restart-source");

  if (pending != NULL)
    g_source_remove (GPOINTER_TO_UINT (pending));
  g_object_set_data (G_OBJECT (line), "tl-restart-source", NULL);
  g_object_set_data (G_OBJECT (line), "tl-lines", NULL);
  g_signal_handlers_disconnect_by_func (tl_line_get_account (line), account_changed_cb, line);
}

static void
stop_line (TlLines *self,
           TlLine  *line)
{
  TlRegistration *registration = tl_line_get_registration (line);

  unfollow_account (line);
  if (registration != NULL)
    {
      tl_call_manager_set_account (self->calls, tl_registration_get_aor (registration), NULL);
      tl_registration_stop (registration);
    }
  g_signal_handlers_disconnect_by_data (line, self);
}

/* The voicemail server's summary, for the line whose address it was sent to. */
static void
engine_event_cb (TlLines       *self,
                 TlEngineEvent *event)
{
  TlMessageSummary summary = { 0 };

  if (event->type != TL_ENGINE_EVENT_MWI_NOTIFY || event->account_aor == NULL)
    return;
  if (!tl_message_summary_parse (event->param, -1, &summary))
    {
      g_debug ("Voicemail summary for %s not understood", event->account_aor);
      return;
    }
  for (guint i = 0; i < self->lines->len; i++)
    {
      TlLine *line = g_ptr_array_index (self->lines, i);
      TlRegistration *registration = tl_line_get_registration (line);

      if (registration == NULL || g_strcmp0 (tl_registration_get_aor (registration), event->account_aor) != 0)
        continue;
      g_debug ("Line %s: voicemail %s, %u new", tl_line_get_title (line),
               summary.waiting ? "waiting" : "empty", summary.voice_new);
      tl_line_set_voicemail (line, summary.waiting, summary.voice_new);
    }
}

static void
engine_ready_cb (TlLines *self)
{
  /* After a restart the engine re-adds the accounts it had itself. */
  if (self->engine_ready)
    return;
  self->engine_ready = TRUE;
  for (guint i = 0; i < self->lines->len; i++)
    start_line (self, g_ptr_array_index (self->lines, i));
}

/* ---- following the store -------------------------------------------------------- */

static TlLine *
find_line (GPtrArray  *lines,
           const char *account_id)
{
  for (guint i = 0; i < lines->len; i++)
    {
      TlLine *line = g_ptr_array_index (lines, i);

      if (g_strcmp0 (tl_account_get_id (tl_line_get_account (line)), account_id) == 0)
        return line;
    }
  return NULL;
}

static void
add_line (TlLines   *self,
          TlAccount *account)
{
  TlLine *line = tl_line_new (account);

  g_signal_connect_object (line, "notify::status", G_CALLBACK (line_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (line, "notify::state", G_CALLBACK (line_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (line, "notify::title", G_CALLBACK (line_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (line, "notify::voicemail-new", G_CALLBACK (line_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (line, "notify::voicemail-waiting", G_CALLBACK (line_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect (account, "notify", G_CALLBACK (account_changed_cb), line);
  g_object_set_data (G_OBJECT (line), "tl-lines", self);
  g_ptr_array_add (self->lines, line);
  start_line (self, line);
}

static void
sync_with_store (TlLines *self)
{
  GListModel *accounts = G_LIST_MODEL (self->accounts);
  guint n = g_list_model_get_n_items (accounts);
  g_autoptr(GPtrArray) old = g_steal_pointer (&self->lines);
  guint old_n = old->len;

  self->lines = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TlAccount) account = g_list_model_get_item (accounts, i);
      TlLine *line = find_line (old, tl_account_get_id (account));

      if (line != NULL && tl_line_get_account (line) == account)
        {
          g_ptr_array_add (self->lines, g_object_ref (line));
          g_ptr_array_remove (old, line);
          continue;
        }
      add_line (self, account);
    }
  if (self->demo_account != NULL)
    {
      TlLine *line = find_line (old, TL_DEMO_ACCOUNT_ID);

      if (line != NULL && tl_line_get_account (line) == self->demo_account)
        {
          g_ptr_array_add (self->lines, g_object_ref (line));
          g_ptr_array_remove (old, line);
        }
      else
        add_line (self, self->demo_account);
    }
  for (guint i = 0; i < old->len; i++)
    stop_line (self, g_ptr_array_index (old, i));
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->lines->len);
  line_changed_cb (self);
}

TlLines *
tl_lines_new (TlAccountStore *accounts,
              TlEngine       *engine,
              TlCallManager  *calls)
{
  TlLines *self;

  g_return_val_if_fail (TL_IS_ACCOUNT_STORE (accounts), NULL);
  g_return_val_if_fail (TL_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (TL_IS_CALL_MANAGER (calls), NULL);

  self = g_object_new (TL_TYPE_LINES, NULL);
  self->accounts = g_object_ref (accounts);
  self->engine = g_object_ref (engine);
  self->calls = g_object_ref (calls);
  self->engine_ready = tl_engine_get_state (engine) == TL_ENGINE_STATE_READY;
  g_signal_connect_object (engine, "ready", G_CALLBACK (engine_ready_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (engine, "event", G_CALLBACK (engine_event_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (accounts, "items-changed", G_CALLBACK (sync_with_store), self, G_CONNECT_SWAPPED);
  sync_with_store (self);
  return self;
}

/* The demo line exists while its echo service answers. */
static void
echo_state_cb (TlLines *self)
{
  gboolean running = self->echo != NULL
                     && tl_echo_service_get_state (self->echo) == TL_ECHO_SERVICE_RUNNING;

  if (running == (self->demo_account != NULL))
    {
      line_changed_cb (self);
      return;
    }
  g_clear_object (&self->demo_account);
  if (running)
    self->demo_account = tl_demo_account_new (tl_echo_service_get_port (self->echo));
  sync_with_store (self);
}

void
tl_lines_set_demo (TlLines       *self,
                   TlEchoService *echo)
{
  g_return_if_fail (TL_IS_LINES (self));
  g_return_if_fail (echo == NULL || TL_IS_ECHO_SERVICE (echo));

  if (echo == self->echo)
    return;
  if (self->echo != NULL)
    g_signal_handlers_disconnect_by_data (self->echo, self);
  g_set_object (&self->echo, echo);
  if (echo != NULL)
    g_signal_connect_object (echo, "notify::state", G_CALLBACK (echo_state_cb), self, G_CONNECT_SWAPPED);
  echo_state_cb (self);
}

void
tl_lines_restart (TlLines    *self,
                  const char *account_id)
{
  TlLine *line;

  g_return_if_fail (TL_IS_LINES (self));

  line = find_line (self->lines, account_id);
  if (line != NULL)
    restart_line (self, line);
}

TlLine *
tl_lines_get_demo_line (TlLines *self)
{
  g_return_val_if_fail (TL_IS_LINES (self), NULL);
  return find_line (self->lines, TL_DEMO_ACCOUNT_ID);
}

TlLine *
tl_lines_lookup (TlLines    *self,
                 const char *account_id)
{
  g_return_val_if_fail (TL_IS_LINES (self), NULL);
  return find_line (self->lines, account_id);
}

TlLine *
tl_lines_pick_for_call (TlLines    *self,
                        const char *account_id)
{
  TlAccount *fallback;
  TlLine *line;

  g_return_val_if_fail (TL_IS_LINES (self), NULL);

  line = account_id != NULL ? find_line (self->lines, account_id) : NULL;
  if (line != NULL && tl_line_get_can_call (line))
    return line;
  fallback = tl_account_store_get_default (self->accounts);
  line = fallback != NULL ? find_line (self->lines, tl_account_get_id (fallback)) : NULL;
  if (line != NULL && tl_line_get_can_call (line))
    return line;
  for (guint i = 0; i < self->lines->len; i++)
    if (tl_line_get_can_call (g_ptr_array_index (self->lines, i)))
      return g_ptr_array_index (self->lines, i);
  return NULL;
}

TlCall *
tl_lines_dial (TlLines     *self,
               const char  *account_id,
               const char  *typed,
               GError     **error)
{
  return tl_lines_dial_full (self, account_id, typed, TL_CALL_DIAL_NONE, error);
}

TlCall *
tl_lines_dial_full (TlLines         *self,
                    const char      *account_id,
                    const char      *typed,
                    TlCallDialFlags  flags,
                    GError         **error)
{
  TlLine *line;
  g_autofree char *uri = NULL;
  g_autofree char *shown = NULL;

  g_return_val_if_fail (TL_IS_LINES (self), NULL);

  line = tl_lines_pick_for_call (self, account_id);
  if (line == NULL)
    {
      g_autofree char *why = tl_lines_dup_why_no_calls (self);

      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED, why);
      return NULL;
    }
  uri = typed != NULL ? tl_account_preview_dial (tl_line_get_account (line), typed) : NULL;
  if (uri == NULL)
    {
      shown = typed != NULL ? g_utf8_make_valid (typed, MIN (strlen (typed), 64)) : g_strdup ("");
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” is not a number or a SIP address that can be dialled", shown);
      return NULL;
    }
  return tl_call_manager_dial_full (self->calls, tl_registration_get_aor (tl_line_get_registration (line)), uri,
                                    flags, error);
}

gboolean
tl_lines_get_can_call (TlLines *self)
{
  g_return_val_if_fail (TL_IS_LINES (self), FALSE);
  return self->can_call;
}

char *
tl_lines_dup_why_no_calls (TlLines *self)
{
  TlAccount *preferred;
  TlLine *line = NULL;

  g_return_val_if_fail (TL_IS_LINES (self), NULL);

  if (self->can_call)
    return NULL;
  if (self->lines->len == 0 && self->echo != NULL)
    {
      if (tl_echo_service_get_state (self->echo) == TL_ECHO_SERVICE_FAILED)
        return g_strdup_printf ("The demo line could not start: %s", tl_echo_service_get_error (self->echo));
      return g_strdup ("Starting the demo line…");
    }
  if (self->lines->len == 0)
    return g_strdup ("Add a trunk account to place calls");
  if (tl_engine_get_state (self->engine) == TL_ENGINE_STATE_FAILED)
    return g_strdup ("The call engine could not start");
  /* The default account's reason first: that is the one the person expects to use. */
  preferred = tl_account_store_get_default (self->accounts);
  if (preferred != NULL)
    line = find_line (self->lines, tl_account_get_id (preferred));
  if (line == NULL || tl_line_get_state (line) == TL_LINE_STATE_DISABLED)
    for (guint i = 0; i < self->lines->len && (line == NULL || tl_line_get_state (line) == TL_LINE_STATE_DISABLED); i++)
      line = g_ptr_array_index (self->lines, i);
  return g_strdup_printf ("%s: %s", tl_line_get_title (line), tl_line_get_status (line));
}

static void
tl_lines_dispose (GObject *object)
{
  TlLines *self = TL_LINES (object);

  g_cancellable_cancel (self->cancellable);
  if (self->lines != NULL)
    for (guint i = 0; i < self->lines->len; i++)
      {
        TlLine *line = g_ptr_array_index (self->lines, i);

        unfollow_account (line);
        g_signal_handlers_disconnect_by_data (line, self);
      }
  g_clear_pointer (&self->lines, g_ptr_array_unref);
  if (self->echo != NULL)
    g_signal_handlers_disconnect_by_data (self->echo, self);
  g_clear_object (&self->echo);
  g_clear_object (&self->demo_account);
  g_clear_object (&self->accounts);
  g_clear_object (&self->engine);
  g_clear_object (&self->calls);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (tl_lines_parent_class)->dispose (object);
}

static void
tl_lines_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  TlLines *self = TL_LINES (object);

  switch (prop_id)
    {
    case PROP_CAN_CALL:
      g_value_set_boolean (value, self->can_call);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_lines_class_init (TlLinesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tl_lines_dispose;
  object_class->get_property = tl_lines_get_property;

  properties[PROP_CAN_CALL] =
    g_param_spec_boolean ("can-call", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A line came or went, or one's state, words or title changed. */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
tl_lines_init (TlLines *self)
{
  self->lines = g_ptr_array_new_with_free_func (g_object_unref);
  self->cancellable = g_cancellable_new ();
}
