/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One trunk account as a phone line: its registration, and whether and why it can place calls, in words. */
#define G_LOG_DOMAIN "tl-lines"

#include "config.h"

#include "tl-line.h"

struct _TlLine {
  GObject         parent_instance;

  TlAccount      *account;
  TlRegistration *registration;
  char           *problem;
  char           *title;
  TlLineState     state;
  char           *status;
  gboolean        voicemail_waiting;
  guint           voicemail_new;
};

enum {
  PROP_0,
  PROP_ACCOUNT,
  PROP_STATE,
  PROP_STATUS,
  PROP_CAN_CALL,
  PROP_TITLE,
  PROP_VOICEMAIL_WAITING,
  PROP_VOICEMAIL_NEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (TlLine, tl_line, G_TYPE_OBJECT)

const char *
tl_line_state_to_string (TlLineState state)
{
  switch (state)
    {
    case TL_LINE_STATE_DISABLED: return "disabled";
    case TL_LINE_STATE_WAITING: return "waiting";
    case TL_LINE_STATE_PROBLEM: return "problem";
    case TL_LINE_STATE_CONNECTING: return "connecting";
    case TL_LINE_STATE_READY: return "ready";
    case TL_LINE_STATE_FAILED: return "failed";
    default: return "unknown";
    }
}

/* The line's state and its sentence, from the account, the registration and
 * any problem that kept it from starting: the one place that decides them. */
static TlLineState
compute (TlLine  *self,
         char   **status)
{
  TlRegistration *reg = self->registration;

  if (!tl_account_get_enabled (self->account))
    {
      *status = g_strdup ("Turned off");
      return TL_LINE_STATE_DISABLED;
    }
  if (self->problem != NULL)
    {
      *status = g_strdup (self->problem);
      return TL_LINE_STATE_PROBLEM;
    }
  if (reg == NULL)
    {
      *status = g_strdup ("Waiting for the call engine");
      return TL_LINE_STATE_WAITING;
    }
  switch (tl_registration_get_state (reg))
    {
    case TL_REGISTRATION_STATE_REGISTERED:
      *status = tl_registration_get_on_fallback (reg)
                ? g_strdup_printf ("Registered through the backup edge %s",
                                   tl_registration_get_proxy_in_use (reg))
                : g_strdup ("Registered");
      return TL_LINE_STATE_READY;
    case TL_REGISTRATION_STATE_NOT_REGISTERING:
      *status = g_strdup ("Ready (IP-authenticated, no registration needed)");
      return TL_LINE_STATE_READY;
    case TL_REGISTRATION_STATE_FAILED:
      *status = g_strdup (tl_registration_get_reason (reg) != NULL ? tl_registration_get_reason (reg)
                                                                   : "Registration failed");
      return TL_LINE_STATE_FAILED;
    case TL_REGISTRATION_STATE_CHECKING_CERTIFICATE:
      *status = g_strdup ("Checking the trunk’s certificate…");
      return TL_LINE_STATE_CONNECTING;
    case TL_REGISTRATION_STATE_REGISTERING:
      *status = g_strdup ("Registering…");
      return TL_LINE_STATE_CONNECTING;
    case TL_REGISTRATION_STATE_UNREGISTERED:
    default:
      *status = g_strdup ("Not registered");
      return TL_LINE_STATE_CONNECTING;
    }
}

static void
update (TlLine *self)
{
  g_autofree char *status = NULL;
  g_autofree char *title = tl_account_dup_title (self->account);
  TlLineState state = compute (self, &status);
  gboolean could_call = self->state == TL_LINE_STATE_READY;

  g_object_freeze_notify (G_OBJECT (self));
  if (g_strcmp0 (title, self->title) != 0)
    {
      g_free (self->title);
      self->title = g_steal_pointer (&title);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
    }
  if (state != self->state)
    {
      g_debug ("Line %s: %s -> %s", self->title, tl_line_state_to_string (self->state),
               tl_line_state_to_string (state));
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  if (g_strcmp0 (status, self->status) != 0)
    {
      g_free (self->status);
      self->status = g_steal_pointer (&status);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }
  if (could_call != (state == TL_LINE_STATE_READY))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_CALL]);
  g_object_thaw_notify (G_OBJECT (self));
}

TlLine *
tl_line_new (TlAccount *account)
{
  TlLine *self;

  g_return_val_if_fail (TL_IS_ACCOUNT (account), NULL);
  self = g_object_new (TL_TYPE_LINE, NULL);
  self->account = g_object_ref (account);
  g_signal_connect_object (account, "notify", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
  return self;
}

TlAccount *
tl_line_get_account (TlLine *self)
{
  g_return_val_if_fail (TL_IS_LINE (self), NULL);
  return self->account;
}

TlRegistration *
tl_line_get_registration (TlLine *self)
{
  g_return_val_if_fail (TL_IS_LINE (self), NULL);
  return self->registration;
}

TlLineState
tl_line_get_state (TlLine *self)
{
  g_return_val_if_fail (TL_IS_LINE (self), TL_LINE_STATE_DISABLED);
  return self->state;
}

const char *
tl_line_get_status (TlLine *self)
{
  g_return_val_if_fail (TL_IS_LINE (self), NULL);
  return self->status;
}

gboolean
tl_line_get_can_call (TlLine *self)
{
  g_return_val_if_fail (TL_IS_LINE (self), FALSE);
  return self->state == TL_LINE_STATE_READY;
}

const char *
tl_line_get_title (TlLine *self)
{
  g_return_val_if_fail (TL_IS_LINE (self), NULL);
  return self->title;
}

void
tl_line_set_registration (TlLine         *self,
                          TlRegistration *registration)
{
  g_return_if_fail (TL_IS_LINE (self));

  if (self->registration == registration)
    return;
  if (self->registration != NULL)
    g_signal_handlers_disconnect_by_data (self->registration, self);
  g_set_object (&self->registration, registration);
  g_clear_pointer (&self->problem, g_free);
  if (registration != NULL)
    g_signal_connect_object (registration, "notify", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
}

void
tl_line_set_problem (TlLine     *self,
                     const char *problem)
{
  g_return_if_fail (TL_IS_LINE (self));

  if (self->registration != NULL)
    g_signal_handlers_disconnect_by_data (self->registration, self);
  g_clear_object (&self->registration);
  g_free (self->problem);
  self->problem = g_strdup (problem);
  update (self);
}

static void
tl_line_dispose (GObject *object)
{
  TlLine *self = TL_LINE (object);

  if (self->registration != NULL)
    g_signal_handlers_disconnect_by_data (self->registration, self);
  g_clear_object (&self->registration);
  g_clear_object (&self->account);
  G_OBJECT_CLASS (tl_line_parent_class)->dispose (object);
}

static void
tl_line_finalize (GObject *object)
{
  TlLine *self = TL_LINE (object);

  g_free (self->problem);
  g_free (self->title);
  g_free (self->status);
  G_OBJECT_CLASS (tl_line_parent_class)->finalize (object);
}

static void
tl_line_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  TlLine *self = TL_LINE (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    case PROP_CAN_CALL:
      g_value_set_boolean (value, tl_line_get_can_call (self));
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_VOICEMAIL_WAITING:
      g_value_set_boolean (value, self->voicemail_waiting);
      break;
    case PROP_VOICEMAIL_NEW:
      g_value_set_uint (value, self->voicemail_new);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_line_class_init (TlLineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tl_line_dispose;
  object_class->finalize = tl_line_finalize;
  object_class->get_property = tl_line_get_property;

  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, TL_TYPE_ACCOUNT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, TL_LINE_STATE_DISABLED, TL_LINE_STATE_FAILED,
                      TL_LINE_STATE_DISABLED,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_CALL] =
    g_param_spec_boolean ("can-call", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* From the voicemail server's last message summary. */
  properties[PROP_VOICEMAIL_WAITING] =
    g_param_spec_boolean ("voicemail-waiting", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VOICEMAIL_NEW] =
    g_param_spec_uint ("voicemail-new", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tl_line_init (TlLine *self)
{
  self->state = TL_LINE_STATE_WAITING;
}

gboolean
tl_line_get_voicemail_waiting (TlLine *self)
{
  g_return_val_if_fail (TL_IS_LINE (self), FALSE);
  return self->voicemail_waiting;
}

guint
tl_line_get_voicemail_new (TlLine *self)
{
  g_return_val_if_fail (TL_IS_LINE (self), 0);
  return self->voicemail_new;
}

void
tl_line_set_voicemail (TlLine   *self,
                       gboolean  waiting,
                       guint     new_messages)
{
  g_return_if_fail (TL_IS_LINE (self));

  /* Some servers say "yes" with no count: waiting alone still shows. */
  if (self->voicemail_waiting != waiting)
    {
      self->voicemail_waiting = waiting;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VOICEMAIL_WAITING]);
    }
  if (self->voicemail_new != new_messages)
    {
      self->voicemail_new = new_messages;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VOICEMAIL_NEW]);
    }
}
