/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Trying an account before it is saved: a temporary registration and its outcome in words. */
#define G_LOG_DOMAIN "tl-registration"

#include "config.h"

#include "tl-account-trial.h"

#include <string.h>

#include "tl-registration.h"

/* A trunk that has not answered by then will not: the result says so. */
#define TRIAL_TIMEOUT_MS 30000
/* The engine may still be starting when the assistant asks. */
#define ENGINE_WAIT_MS 15000

typedef struct {
  TlEngine       *engine;
  TlAccount      *account;
  char           *password;
  TlRegistration *registration;
  GCancellable   *cancellable;
  guint           timeout_source;
  guint           cancel_idle;
  gulong          cancel_handler;
  gulong          ready_handler;
  GTask          *in_flight;      /* the reference the trial holds until it has returned */
} Trial;

static void
scrub_free (char *secret)
{
  if (secret != NULL)
    memset (secret, 0, strlen (secret));
  g_free (secret);
}

static void
trial_free (Trial *trial)
{
  g_clear_handle_id (&trial->timeout_source, g_source_remove);
  g_clear_handle_id (&trial->cancel_idle, g_source_remove);
  if (trial->cancel_handler != 0)
    g_cancellable_disconnect (trial->cancellable, trial->cancel_handler);
  g_clear_object (&trial->cancellable);
  if (trial->ready_handler != 0)
    g_signal_handler_disconnect (trial->engine, trial->ready_handler);
  if (trial->registration != NULL)
    tl_registration_stop (trial->registration);
  g_clear_object (&trial->registration);
  g_clear_object (&trial->engine);
  g_clear_object (&trial->account);
  scrub_free (trial->password);
  g_free (trial);
}

void
tl_account_trial_result_free (TlAccountTrialResult *result)
{
  if (result == NULL)
    return;
  g_free (result->reason);
  g_free (result->detail);
  g_free (result->certificate);
  tl_tls_check_report_free (result->tls);
  g_free (result);
}

gboolean
tl_account_trial_result_can_trust (const TlAccountTrialResult *result)
{
  g_return_val_if_fail (result != NULL, FALSE);

  return !result->ok && result->tls != NULL && result->tls->fingerprint != NULL
         && (result->tls->result == TL_TLS_CHECK_UNTRUSTED || result->tls->result == TL_TLS_CHECK_PIN_CHANGED);
}

static TlTlsCheckReport *
copy_report (const TlTlsCheckReport *report)
{
  TlTlsCheckReport *copy;

  if (report == NULL)
    return NULL;
  copy = g_new0 (TlTlsCheckReport, 1);
  copy->result = report->result;
  copy->fingerprint = g_strdup (report->fingerprint);
  copy->subject = g_strdup (report->subject);
  return copy;
}

/* After the task has returned: nothing of the trial runs any more, and the
 * reference it held goes. */
static void
settle (GTask *task)
{
  Trial *trial = g_task_get_task_data (task);

  g_clear_handle_id (&trial->timeout_source, g_source_remove);
  if (trial->ready_handler != 0)
    g_clear_signal_handler (&trial->ready_handler, trial->engine);
  if (trial->registration != NULL)
    {
      g_signal_handlers_disconnect_by_data (trial->registration, task);
      tl_registration_stop (trial->registration);
    }
  /* Later: this runs inside the registration's own signals, which must not
   * see it finalized under them. */
  g_idle_add_once ((GSourceOnceFunc) g_object_unref, g_steal_pointer (&trial->in_flight));
}

/* Ends the trial with @result (the task takes it); the registration is removed. */
static void
finish (GTask                *task,
        TlAccountTrialResult *result)
{
  Trial *trial = g_task_get_task_data (task);

  if (trial->in_flight == NULL)
    {
      tl_account_trial_result_free (result);
      return;
    }
  if (trial->registration != NULL)
    {
      result->certificate = g_strdup (tl_registration_get_certificate_check (trial->registration));
      if (result->tls == NULL)
        result->tls = copy_report (tl_registration_get_tls_report (trial->registration));
      result->on_fallback = tl_registration_get_on_fallback (trial->registration);
    }
  g_debug ("Trial of %s: %s%s%s", trial->registration != NULL ? tl_registration_get_aor (trial->registration) : "?",
           result->ok ? "ok" : tl_register_failure_to_string (result->failure),
           result->detail != NULL ? " — " : "", result->detail != NULL ? result->detail : "");
  g_task_return_pointer (task, result, (GDestroyNotify) tl_account_trial_result_free);
  settle (task);
}

static void
fail (GTask  *task,
      GError *error)
{
  Trial *trial = g_task_get_task_data (task);

  if (trial->in_flight == NULL)
    {
      g_error_free (error);
      return;
    }
  g_task_return_error (task, error);
  settle (task);
}

static TlAccountTrialResult *
failure_result (TlRegisterFailure  failure,
                const char        *reason,
                const char        *detail)
{
  TlAccountTrialResult *result = g_new0 (TlAccountTrialResult, 1);

  result->failure = failure;
  result->reason = g_strdup (reason);
  result->detail = g_strdup (detail);
  return result;
}

static void
probed_cb (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  guint code = tl_registration_probe_finish (TL_REGISTRATION (source), res, &error);
  TlAccountTrialResult *result;

  if (code != 0)
    {
      result = g_new0 (TlAccountTrialResult, 1);
      result->ok = TRUE;
      result->reason = g_strdup ("The trunk answers: calls go out without registering (IP-authenticated)");
      finish (task, result);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  result = failure_result (TL_REGISTER_FAILURE_UNREACHABLE,
                           "The trunk did not answer: check the domain or proxy, and that your network lets SIP out",
                           error->message);
  finish (task, result);
}

static void
state_cb (TlRegistration *registration,
          GParamSpec     *pspec,
          GTask          *task)
{
  switch (tl_registration_get_state (registration))
    {
    case TL_REGISTRATION_STATE_REGISTERED:
      {
        TlAccountTrialResult *result = g_new0 (TlAccountTrialResult, 1);

        result->ok = TRUE;
        result->reason = g_strdup (tl_registration_get_on_fallback (registration)
                                   ? "Registered through the fallback proxy: the primary did not answer"
                                   : "Registered");
        finish (task, result);
      }
      break;
    case TL_REGISTRATION_STATE_NOT_REGISTERING:
      /* Nothing to register: is the trunk there at all? */
      tl_registration_probe_async (registration, g_task_get_cancellable (task), probed_cb, g_object_ref (task));
      break;
    case TL_REGISTRATION_STATE_FAILED:
      finish (task, failure_result (tl_registration_get_failure (registration),
                                    tl_registration_get_reason (registration),
                                    tl_registration_get_detail (registration)));
      break;
    case TL_REGISTRATION_STATE_UNREGISTERED:
    case TL_REGISTRATION_STATE_CHECKING_CERTIFICATE:
    case TL_REGISTRATION_STATE_REGISTERING:
    default:
      break;
    }
}

static gboolean
timeout_cb (gpointer user_data)
{
  GTask *task = user_data;
  Trial *trial = g_task_get_task_data (task);

  trial->timeout_source = 0;
  finish (task, failure_result (TL_REGISTER_FAILURE_TIMEOUT,
                                "The trunk did not answer within 30 seconds: check the domain or proxy, "
                                "and that your network lets SIP out",
                                NULL));
  return G_SOURCE_REMOVE;
}

static gboolean
cancel_idle_cb (gpointer user_data)
{
  GTask *task = user_data;
  Trial *trial = g_task_get_task_data (task);

  trial->cancel_idle = 0;
  fail (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "The trial was cancelled"));
  return G_SOURCE_REMOVE;
}

static void
cancelled_cb (GCancellable *cancellable,
              Trial        *trial)
{
  /* From an idle: never inside the caller of g_cancellable_cancel(). */
  if (trial->in_flight != NULL && trial->cancel_idle == 0)
    trial->cancel_idle = g_idle_add (cancel_idle_cb, trial->in_flight);
}

static void
begin (GTask *task)
{
  Trial *trial = g_task_get_task_data (task);
  g_autoptr(TlEngineAccount) engine_account = NULL;
  g_autoptr(GError) error = NULL;
  TlRegistrationConfig config = { 0 };

  engine_account = tl_account_to_engine_account (trial->account, trial->password,
                                                 tl_engine_get_dialect (trial->engine), &error);
  if (engine_account == NULL)
    {
      fail (task, g_steal_pointer (&error));
      return;
    }
  config.account = engine_account;
  config.fallback_proxy = (char *) tl_account_get_fallback_proxy (trial->account);
  config.ca_file = (char *) tl_account_get_ca_file (trial->account);
  config.pinned_certificate = (char *) tl_account_get_pinned_certificate (trial->account);
  trial->registration = tl_registration_new (trial->engine, &config);
  g_signal_connect (trial->registration, "notify::state", G_CALLBACK (state_cb), task);
  trial->timeout_source = g_timeout_add (TRIAL_TIMEOUT_MS, timeout_cb, task);
  tl_registration_start (trial->registration);
}

static void
engine_ready_cb (TlEngine *engine,
                 GTask    *task)
{
  Trial *trial = g_task_get_task_data (task);

  g_clear_signal_handler (&trial->ready_handler, engine);
  g_clear_handle_id (&trial->timeout_source, g_source_remove);
  begin (task);
}

static gboolean
engine_wait_over_cb (gpointer user_data)
{
  GTask *task = user_data;
  Trial *trial = g_task_get_task_data (task);

  trial->timeout_source = 0;
  fail (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED, "The call engine is not running"));
  return G_SOURCE_REMOVE;
}

void
tl_account_trial_run_async (TlEngine            *engine,
                            TlAccount           *account,
                            const char          *password,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Trial *trial;
  TlEngineState state;

  g_return_if_fail (TL_IS_ENGINE (engine));
  g_return_if_fail (TL_IS_ACCOUNT (account));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, tl_account_trial_run_async);
  trial = g_new0 (Trial, 1);
  trial->engine = g_object_ref (engine);
  trial->account = tl_account_copy (account);
  trial->password = g_strdup (password);
  g_task_set_task_data (task, trial, (GDestroyNotify) trial_free);

  trial->in_flight = g_object_ref (task);
  if (!tl_account_validate (account, &error))
    {
      fail (task, g_steal_pointer (&error));
      return;
    }
  if (cancellable != NULL)
    {
      trial->cancellable = g_object_ref (cancellable);
      trial->cancel_handler = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), trial, NULL);
      if (g_cancellable_is_cancelled (cancellable))
        return;   /* connecting ran the handler: its idle returns */
    }
  state = tl_engine_get_state (engine);
  if (state == TL_ENGINE_STATE_READY)
    begin (task);
  else if (state == TL_ENGINE_STATE_STARTING || state == TL_ENGINE_STATE_RESTARTING)
    {
      trial->ready_handler = g_signal_connect (engine, "ready", G_CALLBACK (engine_ready_cb), task);
      trial->timeout_source = g_timeout_add (ENGINE_WAIT_MS, engine_wait_over_cb, task);
    }
  else
    fail (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED, "The call engine is not running"));
}

TlAccountTrialResult *
tl_account_trial_run_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
