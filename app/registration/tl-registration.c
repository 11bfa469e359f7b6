/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One account's registration: state with a reason, retries, TLS check, edge failover. */
#define G_LOG_DOMAIN "tl-registration"

#include "config.h"

#include "tl-registration.h"

#include <string.h>

#include "tl-sip-probe.h"

#define DEFAULT_PROBE_INTERVAL_S 15
#define PROBE_TIMEOUT_MS 4000
/* Misses of the active edge before moving to the other one. */
#define MISSES_BEFORE_FAILOVER 2
/* Good answers from the primary before moving back to it. */
#define GOOD_PROBES_BEFORE_RETURN 3
/* Retry after a non-final failure: 5 s doubling up to 5 min. */
#define RETRY_FIRST_S 5
#define RETRY_MAX_S 300

struct _TlRegistration {
  GObject              parent_instance;

  TlEngine            *engine;
  TlEngineAccount     *account;         /* outbound = the primary proxy */
  char                *aor;
  char                *fallback_proxy;
  char                *ca_file;
  char                *pinned;
  guint                probe_interval_s;
  guint                recheck_interval_s;

  TlRegistrationState  state;
  TlRegisterFailure    failure;
  char                *reason;
  char                *detail;
  gboolean             on_fallback;
  char                *certificate_check;
  TlTlsCheckReport    *tls_report;
  gint64               expires;

  gboolean             started;
  gboolean             busy;
  gboolean             switch_pending;
  gboolean             switch_to_fallback;
  guint                retry_source;
  guint                retry_count;
  guint                probe_source;
  guint                recheck_source;
  gboolean             rechecking;
  gboolean             probing;
  guint                misses;
  guint                primary_good;
  GCancellable        *cancellable;
};

G_DEFINE_FINAL_TYPE (TlRegistration, tl_registration, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_REASON,
  PROP_PROXY_IN_USE,
  PROP_ON_FALLBACK,
  PROP_CERTIFICATE_CHECK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void add_to_engine (TlRegistration *self);
static gboolean recheck_cb (gpointer user_data);
static void switch_edge (TlRegistration *self, gboolean to_fallback);

const char *
tl_registration_state_to_string (TlRegistrationState state)
{
  switch (state)
    {
    case TL_REGISTRATION_STATE_UNREGISTERED: return "unregistered";
    case TL_REGISTRATION_STATE_CHECKING_CERTIFICATE: return "checking-certificate";
    case TL_REGISTRATION_STATE_REGISTERING: return "registering";
    case TL_REGISTRATION_STATE_REGISTERED: return "registered";
    case TL_REGISTRATION_STATE_FAILED: return "failed";
    case TL_REGISTRATION_STATE_NOT_REGISTERING: return "ip-authenticated";
    default: return "unknown";
    }
}

static void
set_state (TlRegistration      *self,
           TlRegistrationState  state,
           TlRegisterFailure    failure,
           const char          *reason,
           const char          *detail)
{
  gboolean reason_changed = g_strcmp0 (self->reason, reason) != 0;

  if (self->state == state && !reason_changed && g_strcmp0 (self->detail, detail) == 0)
    return;
  g_debug ("%s: %s%s%s", self->aor, tl_registration_state_to_string (state),
           reason != NULL ? ": " : "", reason != NULL ? reason : "");
  self->failure = failure;
  g_free (self->reason);
  self->reason = g_strdup (reason);
  g_free (self->detail);
  self->detail = g_strdup (detail);
  if (state != TL_REGISTRATION_STATE_REGISTERED)
    self->expires = 0;
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  if (reason_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REASON]);
}

/* ---- where to reach the trunk ------------------------------------------- */

static const char *
active_proxy (TlRegistration *self)
{
  return self->on_fallback ? self->fallback_proxy : self->account->outbound;
}

/* host, port and transport of a proxy URI ("sip:host:port;transport=tcp") or of
 * the domain when there is no proxy. */
static gboolean
parse_target (TlRegistration  *self,
              const char      *uri,
              char           **host,
              guint16         *port,
              char           **transport)
{
  const char *account_transport = self->account->transport != NULL ? self->account->transport : "udp";

  if (!tl_sip_target_parse (uri != NULL ? uri : self->account->domain, uri != NULL, account_transport, host, port,
                            transport))
    return FALSE;
  if (*port == 0)
    *port = g_strcmp0 (*transport, "tls") == 0 ? 5061 : 5060;
  return TRUE;
}

/* ---- retries ------------------------------------------------------------ */

static void
retry_cb (TlRegistration *self)
{
  self->retry_source = 0;
  if (self->started)
    tl_registration_start (self);
}

static void
remove_from_engine (TlRegistration *self)
{
  /* The engine would keep retrying on its own: against a wrong password that is
   * a storm, so the account leaves the engine until we decide to try again. */
  tl_engine_remove_account_async (self->engine, self->aor, NULL, NULL, NULL);
}

static void
fail (TlRegistration    *self,
      TlRegisterFailure  failure,
      const char        *reason,
      const char        *detail,
      gboolean           retry)
{
  remove_from_engine (self);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  g_clear_handle_id (&self->recheck_source, g_source_remove);
  if (retry)
    {
      guint delay = MIN ((guint) RETRY_FIRST_S << MIN (self->retry_count, 8u), (guint) RETRY_MAX_S);
      g_autofree char *text = g_strdup_printf ("%s; trying again in %u s", reason, delay);

      self->retry_count++;
      self->retry_source = g_timeout_add_once (delay * 1000, (GSourceOnceFunc) retry_cb, self);
      set_state (self, TL_REGISTRATION_STATE_FAILED, failure, text, detail);
    }
  else
    set_state (self, TL_REGISTRATION_STATE_FAILED, failure, reason, detail);
}

/* ---- engine events ------------------------------------------------------ */

static void
handle_register_fail (TlRegistration *self,
                      const char     *param)
{
  TlRegisterFailure failure = tl_register_failure_classify (param);

  if (tl_register_failure_is_final (failure))
    {
      fail (self, failure, tl_register_failure_describe (failure), param, FALSE);
      return;
    }
  /* No answer from this edge: the provider's other edge may answer. */
  if (self->fallback_proxy != NULL && !self->on_fallback
      && (failure == TL_REGISTER_FAILURE_TIMEOUT || failure == TL_REGISTER_FAILURE_UNREACHABLE))
    {
      switch_edge (self, TRUE);
      return;
    }
  fail (self, failure, tl_register_failure_describe (failure), param, TRUE);
}

static void
engine_event_cb (TlEngine       *engine,
                 TlEngineEvent  *event,
                 TlRegistration *self)
{
  if (!self->started || g_strcmp0 (event->account_aor, self->aor) != 0)
    return;

  switch (event->type)
    {
    case TL_ENGINE_EVENT_REGISTERING:
      /* A refresh of a live registration is not news. */
      if (self->state != TL_REGISTRATION_STATE_REGISTERED)
        set_state (self, TL_REGISTRATION_STATE_REGISTERING, TL_REGISTER_FAILURE_OTHER, NULL, NULL);
      break;
    case TL_ENGINE_EVENT_REGISTER_OK:
      self->retry_count = 0;
      /* The engine re-registers on its own: check the certificate again as often,
       * since the 1.0.0 engine itself never does. */
      if (g_strcmp0 (self->account->transport, "tls") == 0 && self->recheck_source == 0)
        self->recheck_source = g_timeout_add_seconds (self->recheck_interval_s, recheck_cb, self);
      self->expires = g_get_real_time () / G_USEC_PER_SEC + self->account->register_interval;
      set_state (self, TL_REGISTRATION_STATE_REGISTERED, TL_REGISTER_FAILURE_OTHER, NULL, event->param);
      break;
    case TL_ENGINE_EVENT_REGISTER_FAIL:
      handle_register_fail (self, event->param);
      break;
    case TL_ENGINE_EVENT_UNREGISTERING:
      if (self->state == TL_REGISTRATION_STATE_REGISTERED)
        set_state (self, TL_REGISTRATION_STATE_UNREGISTERED, TL_REGISTER_FAILURE_OTHER, NULL, NULL);
      break;
    default:
      break;
    }
}

static void
engine_restarted_cb (TlEngine       *engine,
                     guint           count,
                     TlRegistration *self)
{
  /* The supervisor re-added the account; the new engine registers it again. */
  if (self->started && self->state != TL_REGISTRATION_STATE_FAILED
      && self->state != TL_REGISTRATION_STATE_NOT_REGISTERING)
    set_state (self, TL_REGISTRATION_STATE_REGISTERING, TL_REGISTER_FAILURE_OTHER, NULL, NULL);
}

/* ---- adding the account --------------------------------------------------- */

static void tls_checked_cb (GObject *source, GAsyncResult *result, gpointer user_data);

static gboolean
recheck_cb (gpointer user_data)
{
  TlRegistration *self = user_data;
  g_autofree char *host = NULL;
  g_autofree char *transport = NULL;
  guint16 port = 0;

  if (self->state != TL_REGISTRATION_STATE_REGISTERED || self->rechecking
      || !parse_target (self, active_proxy (self), &host, &port, &transport))
    return G_SOURCE_CONTINUE;
  self->rechecking = TRUE;
  tl_tls_check_async (host, port, host, self->ca_file, self->pinned, self->cancellable,
                      tls_checked_cb, g_object_ref (self));
  return G_SOURCE_CONTINUE;
}

static void
added_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(TlRegistration) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!tl_engine_add_account_finish (TL_ENGINE (source), result, &error))
    {
      if (g_error_matches (error, TL_ENGINE_ERROR, TL_ENGINE_ERROR_INVALID_ARGUMENT))
        fail (self, TL_REGISTER_FAILURE_OTHER, error->message, NULL, FALSE);
      else
        fail (self, TL_REGISTER_FAILURE_OTHER, "The call engine did not take the account",
              error->message, TRUE);
      return;
    }
  if (self->account->register_interval == 0)
    set_state (self, TL_REGISTRATION_STATE_NOT_REGISTERING, TL_REGISTER_FAILURE_OTHER, NULL, NULL);
  else if (self->state != TL_REGISTRATION_STATE_REGISTERED)
    set_state (self, TL_REGISTRATION_STATE_REGISTERING, TL_REGISTER_FAILURE_OTHER, NULL, NULL);
}

static void
add_to_engine (TlRegistration *self)
{
  g_autoptr(TlEngineAccount) copy = tl_engine_account_copy (self->account);

  g_free (copy->outbound);
  copy->outbound = g_strdup (active_proxy (self));
  tl_engine_add_account_async (self->engine, copy, self->cancellable, added_cb, g_object_ref (self));
}

static void
tls_checked_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(TlRegistration) self = user_data;
  g_autoptr(GError) error = NULL;
  TlTlsCheckReport *report;
  const TlEngineDialect *dialect;

  report = tl_tls_check_finish (result, &error);
  if (!self->started || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      tl_tls_check_report_free (report);
      return;
    }
  g_clear_pointer (&self->tls_report, tl_tls_check_report_free);
  self->tls_report = report;
  if (self->rechecking)
    {
      self->rechecking = FALSE;
      /* A periodic check: an unreachable server is the engine's to report; a
       * changed or untrusted certificate ends the registration now. */
      if (report != NULL && !tl_tls_check_report_is_ok (report))
        {
          g_autofree char *reason = g_strdup_printf ("The trunk's TLS certificate was refused: %s",
                                                     tl_tls_check_result_describe (report->result));

          fail (self, TL_REGISTER_FAILURE_TLS, reason, report->fingerprint, FALSE);
        }
      return;
    }
  if (report == NULL)
    {
      TlRegisterFailure failure = tl_register_failure_classify (error->message);

      if (failure == TL_REGISTER_FAILURE_OTHER)
        failure = TL_REGISTER_FAILURE_UNREACHABLE;
      if (self->fallback_proxy != NULL && !self->on_fallback)
        {
          switch_edge (self, TRUE);
          return;
        }
      fail (self, failure, tl_register_failure_describe (failure), error->message, TRUE);
      return;
    }
  if (!tl_tls_check_report_is_ok (report))
    {
      /* Refused: no REGISTER goes over a connection we do not trust. */
      g_autofree char *reason = g_strdup_printf ("The trunk's TLS certificate was refused: %s",
                                                 tl_tls_check_result_describe (report->result));

      fail (self, TL_REGISTER_FAILURE_TLS, reason, report->fingerprint, FALSE);
      return;
    }

  /* An engine that verifies must trust exactly the pinned certificate too. */
  g_free (self->account->trusted_certificate);
  self->account->trusted_certificate = report->result == TL_TLS_CHECK_PINNED
                                       ? g_strdup (report->certificate_pem) : NULL;
  dialect = tl_engine_get_dialect (self->engine);
  g_free (self->certificate_check);
  if (dialect != NULL && dialect->verifies_tls_server)
    self->certificate_check = g_strdup_printf ("%s; verified by the engine too",
                                               tl_tls_check_result_describe (report->result));
  else
    self->certificate_check = g_strdup_printf ("%s by Trunkline (this engine does not check certificates)",
                                               tl_tls_check_result_describe (report->result));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CERTIFICATE_CHECK]);
  add_to_engine (self);
}

static void
check_certificate (TlRegistration *self)
{
  g_autofree char *host = NULL;
  g_autofree char *transport = NULL;
  guint16 port = 0;

  set_state (self, TL_REGISTRATION_STATE_CHECKING_CERTIFICATE, TL_REGISTER_FAILURE_OTHER, NULL, NULL);
  if (!parse_target (self, active_proxy (self), &host, &port, &transport))
    {
      fail (self, TL_REGISTER_FAILURE_OTHER, "The proxy address cannot be understood",
            active_proxy (self), FALSE);
      return;
    }
  tl_tls_check_async (host, port, host, self->ca_file, self->pinned, self->cancellable,
                      tls_checked_cb, g_object_ref (self));
}

/* ---- failover between edges ------------------------------------------------ */

static void
switch_edge (TlRegistration *self,
             gboolean        to_fallback)
{
  if (self->busy)
    {
      /* Never pull a live call's registration from under it. */
      self->switch_pending = TRUE;
      self->switch_to_fallback = to_fallback;
      return;
    }
  self->switch_pending = FALSE;
  self->misses = 0;
  self->primary_good = 0;
  if (self->on_fallback != to_fallback)
    {
      self->on_fallback = to_fallback;
      g_debug ("%s: moving to the %s edge (%s)", self->aor, to_fallback ? "fallback" : "primary",
               active_proxy (self));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ON_FALLBACK]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROXY_IN_USE]);
    }
  set_state (self, TL_REGISTRATION_STATE_REGISTERING, TL_REGISTER_FAILURE_OTHER, NULL, NULL);
  if (g_strcmp0 (self->account->transport, "tls") == 0)
    check_certificate (self);
  else
    add_to_engine (self);
}

static void
probed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TlRegistration) self = user_data;
  g_autoptr(GError) error = NULL;
  guint code;

  code = tl_sip_probe_finish (result, &error);
  self->probing = FALSE;
  if (!self->started || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (!self->on_fallback)
    {
      if (code != 0)
        self->misses = 0;
      else if (++self->misses >= MISSES_BEFORE_FAILOVER)
        {
          g_debug ("%s: primary edge missed %u probes (%s)", self->aor, self->misses, error->message);
          switch_edge (self, TRUE);
        }
      return;
    }

  /* On the fallback we watch the primary and go back once it is steady. */
  if (code == 0)
    self->primary_good = 0;
  else if (++self->primary_good >= GOOD_PROBES_BEFORE_RETURN)
    switch_edge (self, FALSE);
}

static gboolean
probe_tick_cb (gpointer user_data)
{
  TlRegistration *self = user_data;
  g_autofree char *host = NULL;
  g_autofree char *transport = NULL;
  guint16 port = 0;

  if (self->probing)
    return G_SOURCE_CONTINUE;
  /* On the primary, probe it; on the fallback, probe the primary to come back. */
  if (!parse_target (self, self->account->outbound, &host, &port, &transport))
    return G_SOURCE_CONTINUE;
  self->probing = TRUE;
  tl_sip_probe_async (host, port, transport, PROBE_TIMEOUT_MS, self->cancellable,
                      probed_cb, g_object_ref (self));
  return G_SOURCE_CONTINUE;
}

/* ---- public --------------------------------------------------------------- */

void
tl_registration_start (TlRegistration *self)
{
  g_return_if_fail (TL_IS_REGISTRATION (self));

  self->started = TRUE;
  g_clear_handle_id (&self->retry_source, g_source_remove);
  if (self->fallback_proxy != NULL && self->account->outbound != NULL && self->probe_source == 0)
    self->probe_source = g_timeout_add_seconds (self->probe_interval_s, probe_tick_cb, self);
  if (g_strcmp0 (self->account->transport, "tls") == 0)
    check_certificate (self);
  else
    {
      set_state (self, TL_REGISTRATION_STATE_REGISTERING, TL_REGISTER_FAILURE_OTHER, NULL, NULL);
      add_to_engine (self);
    }
}

void
tl_registration_stop (TlRegistration *self)
{
  g_return_if_fail (TL_IS_REGISTRATION (self));

  if (!self->started)
    return;
  self->started = FALSE;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_handle_id (&self->retry_source, g_source_remove);
  g_clear_handle_id (&self->probe_source, g_source_remove);
  g_clear_handle_id (&self->recheck_source, g_source_remove);
  self->rechecking = FALSE;
  remove_from_engine (self);
  set_state (self, TL_REGISTRATION_STATE_UNREGISTERED, TL_REGISTER_FAILURE_OTHER, NULL, NULL);
}

void
tl_registration_set_busy (TlRegistration *self,
                          gboolean        busy)
{
  g_return_if_fail (TL_IS_REGISTRATION (self));

  self->busy = busy;
  if (!busy && self->switch_pending && self->started)
    switch_edge (self, self->switch_to_fallback);
}

static void
probe_once_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  guint code = tl_sip_probe_finish (result, &error);

  if (code == 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, code);
}

void
tl_registration_probe_async (TlRegistration      *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *host = NULL;
  g_autofree char *transport = NULL;
  guint16 port = 0;

  g_return_if_fail (TL_IS_REGISTRATION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tl_registration_probe_async);
  if (!parse_target (self, active_proxy (self), &host, &port, &transport))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "The trunk's address cannot be probed");
      return;
    }
  tl_sip_probe_async (host, port, transport, PROBE_TIMEOUT_MS, cancellable, probe_once_cb,
                      g_steal_pointer (&task));
}

guint
tl_registration_probe_finish (TlRegistration  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  gssize code;

  g_return_val_if_fail (g_task_is_valid (result, self), 0);

  code = g_task_propagate_int (G_TASK (result), error);
  return code > 0 ? (guint) code : 0;
}

const char *
tl_registration_get_aor (TlRegistration *self)
{
  return self->aor;
}

TlRegistrationState
tl_registration_get_state (TlRegistration *self)
{
  return self->state;
}

TlRegisterFailure
tl_registration_get_failure (TlRegistration *self)
{
  return self->failure;
}

const char *
tl_registration_get_reason (TlRegistration *self)
{
  return self->reason;
}

const char *
tl_registration_get_detail (TlRegistration *self)
{
  return self->detail;
}

const char *
tl_registration_get_proxy_in_use (TlRegistration *self)
{
  return active_proxy (self);
}

gboolean
tl_registration_get_on_fallback (TlRegistration *self)
{
  return self->on_fallback;
}

const char *
tl_registration_get_certificate_check (TlRegistration *self)
{
  return self->certificate_check;
}

const TlTlsCheckReport *
tl_registration_get_tls_report (TlRegistration *self)
{
  return self->tls_report;
}

gint64
tl_registration_get_expires (TlRegistration *self)
{
  return self->expires;
}

TlRegistration *
tl_registration_new (TlEngine                   *engine,
                     const TlRegistrationConfig *config)
{
  TlRegistration *self;

  g_return_val_if_fail (TL_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (config != NULL && config->account != NULL, NULL);

  self = g_object_new (TL_TYPE_REGISTRATION, NULL);
  self->engine = g_object_ref (engine);
  self->account = tl_engine_account_copy (config->account);
  self->aor = tl_engine_account_get_aor (self->account);
  self->fallback_proxy = g_strdup (config->fallback_proxy);
  self->ca_file = g_strdup (config->ca_file);
  /* Engines that verify TLS themselves (4.x) must trust the account's CA too. */
  if (self->account->ca_file == NULL && g_strcmp0 (self->account->transport, "tls") == 0)
    self->account->ca_file = g_strdup (config->ca_file);
  self->pinned = g_strdup (config->pinned_certificate);
  self->probe_interval_s = config->probe_interval_s != 0 ? config->probe_interval_s
                                                         : DEFAULT_PROBE_INTERVAL_S;
  self->recheck_interval_s = config->certificate_recheck_s != 0 ? config->certificate_recheck_s
                             : MAX (self->account->register_interval, 60u);
  g_signal_connect (engine, "event", G_CALLBACK (engine_event_cb), self);
  g_signal_connect (engine, "restarted", G_CALLBACK (engine_restarted_cb), self);
  return self;
}

static void
tl_registration_dispose (GObject *object)
{
  TlRegistration *self = TL_REGISTRATION (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  g_clear_handle_id (&self->probe_source, g_source_remove);
  g_clear_handle_id (&self->recheck_source, g_source_remove);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  G_OBJECT_CLASS (tl_registration_parent_class)->dispose (object);
}

static void
tl_registration_finalize (GObject *object)
{
  TlRegistration *self = TL_REGISTRATION (object);

  g_clear_object (&self->cancellable);
  tl_engine_account_free (self->account);
  g_free (self->aor);
  g_free (self->fallback_proxy);
  g_free (self->ca_file);
  g_free (self->pinned);
  g_free (self->reason);
  g_free (self->detail);
  g_free (self->certificate_check);
  tl_tls_check_report_free (self->tls_report);
  G_OBJECT_CLASS (tl_registration_parent_class)->finalize (object);
}

static void
tl_registration_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TlRegistration *self = TL_REGISTRATION (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_REASON:
      g_value_set_string (value, self->reason);
      break;
    case PROP_PROXY_IN_USE:
      g_value_set_string (value, active_proxy (self));
      break;
    case PROP_ON_FALLBACK:
      g_value_set_boolean (value, self->on_fallback);
      break;
    case PROP_CERTIFICATE_CHECK:
      g_value_set_string (value, self->certificate_check);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_registration_class_init (TlRegistrationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tl_registration_dispose;
  object_class->finalize = tl_registration_finalize;
  object_class->get_property = tl_registration_get_property;

  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, TL_REGISTRATION_STATE_UNREGISTERED,
                      TL_REGISTRATION_STATE_NOT_REGISTERING, TL_REGISTRATION_STATE_UNREGISTERED,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REASON] =
    g_param_spec_string ("reason", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROXY_IN_USE] =
    g_param_spec_string ("proxy-in-use", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ON_FALLBACK] =
    g_param_spec_boolean ("on-fallback", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CERTIFICATE_CHECK] =
    g_param_spec_string ("certificate-check", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tl_registration_init (TlRegistration *self)
{
  self->cancellable = g_cancellable_new ();
}
