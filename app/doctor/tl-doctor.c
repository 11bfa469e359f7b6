/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The trunk doctor: the run, and the checks of names, reachability, transport
 * security, registration, NAT and inbound filtering. */
#define G_LOG_DOMAIN "tl-doctor"

#include "config.h"

#include "tl-doctor.h"

#include <math.h>
#include <string.h>

#include "tl-doctor-private.h"
#include "tl-sip-probe.h"
#include "tl-stun-probe.h"
#include "tl-tls-check.h"

#define DEFAULT_TIMEOUT_MS   10000
#define DEFAULT_CALL_SECONDS 8
/* Beyond this SIP round trip a call has a noticeable delay (G.114: 150 ms one way). */
#define SLOW_RTT_MS          300

G_DEFINE_FINAL_TYPE (TlDoctor, tl_doctor, G_TYPE_OBJECT)

typedef void (*Step) (TlDoctor *self);

static void step_dns (TlDoctor *self);
static void step_reachability (TlDoctor *self);
static void step_transport (TlDoctor *self);
static void step_registration (TlDoctor *self);
static void step_nat (TlDoctor *self);
static void step_inbound (TlDoctor *self);

static const Step steps[] = {
  step_dns,
  step_reachability,
  step_transport,
  step_registration,
  step_nat,
  step_inbound,
  tl_doctor_step_call,
};

/* ---- targets ------------------------------------------------------------- */

void
tl_doctor_target_clear (TlDoctorTarget *target)
{
  g_clear_pointer (&target->host, g_free);
  g_clear_pointer (&target->transport, g_free);
  target->port = 0;
}

static const char *
account_transport (TlDoctor *self)
{
  switch (tl_account_get_transport (self->account))
    {
    case TL_ACCOUNT_TRANSPORT_TCP: return "tcp";
    case TL_ACCOUNT_TRANSPORT_TLS: return "tls";
    case TL_ACCOUNT_TRANSPORT_UDP:
    default: return "udp";
    }
}

gboolean
tl_doctor_target_parse (TlDoctor       *self,
                        const char     *uri,
                        TlDoctorTarget *target)
{
  memset (target, 0, sizeof *target);
  return tl_sip_target_parse (uri != NULL ? uri : tl_account_get_domain (self->account), uri != NULL,
                              account_transport (self), &target->host, &target->port, &target->transport);
}

static guint16
default_port (const TlDoctorTarget *target)
{
  if (target->port != 0)
    return target->port;
  return g_strcmp0 (target->transport, "tls") == 0 ? 5061 : 5060;
}

/* ---- checks and steps ---------------------------------------------------- */

TlDoctorCheck *
tl_doctor_begin_check (TlDoctor   *self,
                       const char *name,
                       const char *title)
{
  g_autoptr(TlDoctorCheck) check = tl_doctor_check_new (name, title);

  g_list_store_append (self->checks, check);
  return check;   /* the list holds it for the doctor's life */
}

static int
severity (TlDoctorResult result)
{
  switch (result)
    {
    case TL_DOCTOR_RESULT_FAIL: return 2;
    case TL_DOCTOR_RESULT_WARN: return 1;
    case TL_DOCTOR_RESULT_PASS:
    case TL_DOCTOR_RESULT_SKIP:
    case TL_DOCTOR_RESULT_RUNNING:
    default: return 0;
    }
}

void
tl_doctor_complete (TlDoctor       *self,
                    TlDoctorCheck  *check,
                    TlDoctorResult  result,
                    const char     *summary,
                    const char     *advice)
{
  if (tl_doctor_check_get_result (check) != TL_DOCTOR_RESULT_RUNNING)
    return;
  tl_doctor_check_complete (check, result, summary, advice);
  if (severity (result) > severity (self->result))
    self->result = result;
}

void
tl_doctor_skip (TlDoctor   *self,
                const char *name,
                const char *title,
                const char *why)
{
  tl_doctor_complete (self, tl_doctor_begin_check (self, name, title), TL_DOCTOR_RESULT_SKIP, why, NULL);
}

static void finish_run (TlDoctor *self, GError *error);

static void
run_step_cb (gpointer user_data)
{
  TlDoctor *self = user_data;

  self->step_idle = 0;
  if (self->step >= G_N_ELEMENTS (steps))
    {
      finish_run (self, NULL);
      return;
    }
  steps[self->step++] (self);
}

void
tl_doctor_next_step (TlDoctor *self)
{
  if (self->task == NULL || self->step_idle != 0)
    return;
  g_clear_handle_id (&self->step_timer, g_source_remove);
  self->current = NULL;
  /* From an idle: a step may end inside a signal of the object it watched. */
  self->step_idle = g_idle_add_once (run_step_cb, self);
}

/* Async callbacks of a step carry the check they belong to: once that check is
 * complete (timed out, or the run was cancelled) their answer is dropped. */
typedef struct {
  TlDoctor      *self;
  TlDoctorCheck *check;
  TlDoctorCheck *second;
} StepCall;

static StepCall *
step_call_new (TlDoctor      *self,
               TlDoctorCheck *check,
               TlDoctorCheck *second)
{
  StepCall *call = g_new0 (StepCall, 1);

  call->self = g_object_ref (self);
  call->check = g_object_ref (check);
  call->second = second != NULL ? g_object_ref (second) : NULL;
  return call;
}

static void
step_call_free (StepCall *call)
{
  g_object_unref (call->self);
  g_object_unref (call->check);
  g_clear_object (&call->second);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StepCall, step_call_free)

static gboolean
step_call_is_stale (StepCall *call)
{
  return call->self->task == NULL || tl_doctor_check_get_result (call->check) != TL_DOCTOR_RESULT_RUNNING;
}

/* ---- name resolution ------------------------------------------------------ */

typedef struct {
  GPtrArray *targets;     /* TlDoctorTarget* */
  GString   *summary;
  GString   *failed;      /* names that resolved to nothing */
  guint      addresses;
} DnsWork;

static void
target_free (TlDoctorTarget *target)
{
  tl_doctor_target_clear (target);
  g_free (target);
}

static void
dns_work_free (DnsWork *work)
{
  g_ptr_array_unref (work->targets);
  g_string_free (work->summary, TRUE);
  g_string_free (work->failed, TRUE);
  g_free (work);
}

static void
append_addresses (GString *out,
                  GList   *addresses,
                  guint   *count)
{
  for (GList *l = addresses; l != NULL; l = l->next)
    {
      g_autofree char *text = g_inet_address_to_string (l->data);

      g_string_append_printf (out, "%s%s", l == addresses ? "" : ", ", text);
      (*count)++;
    }
}

/* RFC 3263 §4.2: SRV only when the URI names no port; then A/AAAA of each target. */
static void
resolve_one (GResolver      *resolver,
             TlDoctorTarget *target,
             DnsWork        *work,
             GCancellable   *cancellable)
{
  g_autoptr(GInetAddress) literal = g_inet_address_new_from_string (target->host);
  GList *srv = NULL;   /* GSrvTarget is a boxed type without autoptr support */
  guint before = work->addresses;

  if (work->summary->len > 0)
    g_string_append (work->summary, "; ");
  if (literal != NULL)
    {
      g_string_append_printf (work->summary, "%s is an address (no lookup needed)", target->host);
      work->addresses++;
      return;
    }
  if (target->port == 0)
    {
      gboolean tls = g_strcmp0 (target->transport, "tls") == 0;

      srv = g_resolver_lookup_service (resolver, tls ? "sips" : "sip",
                                       g_strcmp0 (target->transport, "udp") == 0 ? "udp" : "tcp",
                                       target->host, cancellable, NULL);
    }
  if (srv != NULL)
    {
      g_string_append_printf (work->summary, "%s (SRV):", target->host);
      for (GList *l = srv; l != NULL; l = l->next)
        {
          g_autolist(GInetAddress) found = g_resolver_lookup_by_name (resolver, g_srv_target_get_hostname (l->data),
                                                                      cancellable, NULL);

          g_string_append_printf (work->summary, " %s:%u → ", g_srv_target_get_hostname (l->data),
                                  g_srv_target_get_port (l->data));
          if (found != NULL)
            append_addresses (work->summary, found, &work->addresses);
          else
            g_string_append (work->summary, "nothing");
        }
    }
  else
    {
      g_autolist(GInetAddress) found = g_resolver_lookup_by_name (resolver, target->host, cancellable, NULL);

      g_string_append_printf (work->summary, "%s → ", target->host);
      if (found != NULL)
        append_addresses (work->summary, found, &work->addresses);
      else
        g_string_append (work->summary, "nothing");
    }
  g_list_free_full (srv, (GDestroyNotify) g_srv_target_free);
  if (work->addresses == before)
    g_string_append_printf (work->failed, "%s%s", work->failed->len > 0 ? ", " : "", target->host);
}

static void
dns_thread (GTask        *task,
            gpointer      source,
            gpointer      task_data,
            GCancellable *cancellable)
{
  DnsWork *work = task_data;
  g_autoptr(GResolver) resolver = g_resolver_get_default ();

  for (guint i = 0; i < work->targets->len && !g_cancellable_is_cancelled (cancellable); i++)
    resolve_one (resolver, g_ptr_array_index (work->targets, i), work, cancellable);
  g_task_return_boolean (task, TRUE);
}

static void
dns_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(StepCall) call = user_data;
  DnsWork *work = g_task_get_task_data (G_TASK (result));
  TlDoctor *self = call->self;

  if (step_call_is_stale (call))
    return;
  tl_doctor_check_set_number (call->check, work->addresses, "addresses");
  if (work->failed->len > 0)
    {
      g_autofree char *advice = g_strdup_printf ("The name %s cannot be found. Check the domain and proxies of "
                                                 "the account for typing mistakes; if they are right, this "
                                                 "network's name server is failing (try another network).",
                                                 work->failed->str);

      tl_doctor_complete (self, call->check, TL_DOCTOR_RESULT_FAIL, work->summary->str, advice);
    }
  else
    tl_doctor_complete (self, call->check, TL_DOCTOR_RESULT_PASS, work->summary->str, NULL);
  tl_doctor_next_step (self);
}

static void
add_target (TlDoctor   *self,
            DnsWork    *work,
            const char *uri)
{
  TlDoctorTarget *target = g_new0 (TlDoctorTarget, 1);

  if (!tl_doctor_target_parse (self, uri, target))
    {
      target_free (target);
      return;
    }
  for (guint i = 0; i < work->targets->len; i++)
    {
      TlDoctorTarget *seen = g_ptr_array_index (work->targets, i);

      /* An address needs no lookup whatever the port; a name with and without
       * one is looked up differently (SRV or not). */
      if (g_ascii_strcasecmp (seen->host, target->host) == 0
          && (seen->port == target->port || g_hostname_is_ip_address (target->host)))
        {
          target_free (target);
          return;
        }
    }
  g_ptr_array_add (work->targets, target);
}

/* A step's own bound: past it the check fails with @advice and the step's
 * operations are dropped (their answers find the check complete). */
typedef struct {
  TlDoctor      *self;
  TlDoctorCheck *check;
  char          *summary;
  char          *advice;
} StepTimeout;

static void
step_timeout_free (gpointer data)
{
  StepTimeout *timeout = data;

  g_object_unref (timeout->check);
  g_free (timeout->summary);
  g_free (timeout->advice);
  g_free (timeout);
}

static gboolean
step_timeout_cb (gpointer data)
{
  StepTimeout *timeout = data;
  TlDoctor *self = timeout->self;

  self->step_timer = 0;
  tl_doctor_complete (self, timeout->check, TL_DOCTOR_RESULT_FAIL, timeout->summary, timeout->advice);
  tl_doctor_next_step (self);
  return G_SOURCE_REMOVE;
}

static void
arm_step_timeout (TlDoctor      *self,
                  TlDoctorCheck *check,
                  guint          ms,
                  const char    *summary,
                  const char    *advice)
{
  StepTimeout *timeout = g_new0 (StepTimeout, 1);

  timeout->self = self;
  timeout->check = g_object_ref (check);
  timeout->summary = g_strdup (summary);
  timeout->advice = g_strdup (advice);
  g_clear_handle_id (&self->step_timer, g_source_remove);
  self->step_timer = g_timeout_add_full (G_PRIORITY_DEFAULT, ms, step_timeout_cb, timeout, step_timeout_free);
}

static void
step_dns (TlDoctor *self)
{
  TlDoctorCheck *check = tl_doctor_begin_check (self, "dns", "Name resolution");
  g_autoptr(GTask) task = g_task_new (NULL, self->cancellable, dns_done_cb, step_call_new (self, check, NULL));
  DnsWork *work = g_new0 (DnsWork, 1);

  work->targets = g_ptr_array_new_with_free_func ((GDestroyNotify) target_free);
  work->summary = g_string_new (NULL);
  work->failed = g_string_new (NULL);
  add_target (self, work, NULL);
  add_target (self, work, tl_account_get_outbound_proxy (self->account));
  add_target (self, work, tl_account_get_fallback_proxy (self->account));
  g_task_set_task_data (task, work, (GDestroyNotify) dns_work_free);
  arm_step_timeout (self, check, self->timeout_ms, "The names did not resolve in time",
                    "The name server of this network does not answer. Try another network, or ask whoever "
                    "runs this one.");
  g_task_run_in_thread (task, dns_thread);
}

/* ---- reachability ---------------------------------------------------------- */

typedef struct {
  gboolean done;
  guint    code;
  gint64   rtt_us;
  char    *error;
} ProbeOutcome;

static const char *
unreachable_advice (void)
{
  return "Nothing answered SIP there: the address or port is wrong, the server is down, or a firewall "
         "blocks SIP (UDP/TCP 5060, TLS 5061). Check the proxy and domain, try another transport (TCP or "
         "TLS often pass where UDP does not), and ask the provider whether the edge is up.";
}

static void
describe_probe (TlDoctor      *self,
                TlDoctorCheck *check,
                const char    *where,
                ProbeOutcome  *outcome,
                gboolean       other_edge_ok)
{
  g_autofree char *summary = NULL;

  if (outcome->code == 0)
    {
      summary = g_strdup_printf ("%s did not answer OPTIONS: %s", where,
                                 outcome->error != NULL ? outcome->error : "no answer");
      if (other_edge_ok)
        tl_doctor_complete (self, check, TL_DOCTOR_RESULT_WARN, summary,
                            "This edge is down but the other one answers, so calls still work through it. "
                            "If it stays like this, tell the provider.");
      else
        tl_doctor_complete (self, check, TL_DOCTOR_RESULT_FAIL, summary, unreachable_advice ());
      return;
    }
  tl_doctor_check_set_number (check, round ((double) outcome->rtt_us / 100.0) / 10.0, "ms");
  summary = g_strdup_printf ("%s answered OPTIONS with %u in %.1f ms", where, outcome->code,
                             (double) outcome->rtt_us / 1000.0);
  if (outcome->rtt_us / 1000 > SLOW_RTT_MS)
    tl_doctor_complete (self, check, TL_DOCTOR_RESULT_WARN, summary,
                        "The trunk is far away on the network: calls will have a noticeable delay. Ask the "
                        "provider for an edge closer to you.");
  else
    tl_doctor_complete (self, check, TL_DOCTOR_RESULT_PASS, summary, NULL);
}

typedef struct {
  StepCall     *call;
  ProbeOutcome  primary;
  ProbeOutcome  fallback;
  char         *primary_where;
  char         *fallback_where;
  gboolean      has_fallback;
} Reach;

static void
reach_free (Reach *reach)
{
  step_call_free (reach->call);
  g_free (reach->primary.error);
  g_free (reach->fallback.error);
  g_free (reach->primary_where);
  g_free (reach->fallback_where);
  g_free (reach);
}

static void
reach_settle (Reach *reach)
{
  TlDoctor *self = reach->call->self;

  if (!reach->primary.done || (reach->has_fallback && !reach->fallback.done))
    return;
  if (!step_call_is_stale (reach->call))
    {
      describe_probe (self, reach->call->check, reach->primary_where, &reach->primary,
                      reach->has_fallback && reach->fallback.code != 0);
      if (reach->has_fallback)
        describe_probe (self, reach->call->second, reach->fallback_where, &reach->fallback,
                        reach->primary.code != 0);
      self->use_fallback = reach->has_fallback && reach->primary.code == 0 && reach->fallback.code != 0;
      tl_doctor_next_step (self);
    }
  reach_free (reach);
}

static void
probe_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data,
          gboolean      fallback)
{
  Reach *reach = user_data;
  ProbeOutcome *outcome = fallback ? &reach->fallback : &reach->primary;
  g_autoptr(GError) error = NULL;

  outcome->code = tl_sip_probe_finish_with_rtt (result, &outcome->rtt_us, &error);
  if (outcome->code == 0)
    outcome->error = g_strdup (error->message);
  outcome->done = TRUE;
  reach_settle (reach);
}

static void
primary_probe_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  probe_cb (source, result, user_data, FALSE);
}

static void
fallback_probe_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  probe_cb (source, result, user_data, TRUE);
}

static gboolean
start_probe (TlDoctor            *self,
             const char          *uri,
             char               **where,
             GAsyncReadyCallback  callback,
             Reach               *reach)
{
  TlDoctorTarget target;

  if (!tl_doctor_target_parse (self, uri, &target))
    {
      tl_doctor_target_clear (&target);
      return FALSE;
    }
  *where = g_strdup_printf ("%s:%u (%s)", target.host, default_port (&target), target.transport);
  tl_sip_probe_async (target.host, default_port (&target), target.transport, self->timeout_ms,
                      self->cancellable, callback, reach);
  tl_doctor_target_clear (&target);
  return TRUE;
}

static void
step_reachability (TlDoctor *self)
{
  const char *fallback = tl_account_get_fallback_proxy (self->account);
  TlDoctorCheck *primary = tl_doctor_begin_check (self, "reachability", "Reachability of the trunk");
  TlDoctorCheck *second = fallback != NULL ? tl_doctor_begin_check (self, "reachability-fallback",
                                                                    "Reachability of the fallback proxy")
                                           : NULL;
  Reach *reach = g_new0 (Reach, 1);

  reach->call = step_call_new (self, primary, second);
  reach->has_fallback = second != NULL;
  if (!start_probe (self, tl_account_get_outbound_proxy (self->account), &reach->primary_where,
                    primary_probe_cb, reach))
    {
      reach->primary.done = TRUE;
      reach->primary.error = g_strdup ("the address cannot be understood");
    }
  if (second != NULL && !start_probe (self, fallback, &reach->fallback_where, fallback_probe_cb, reach))
    {
      reach->fallback.done = TRUE;
      reach->fallback.error = g_strdup ("the address cannot be understood");
    }
  if (reach->primary.done && (!reach->has_fallback || reach->fallback.done))
    reach_settle (reach);
}

/* ---- transport security ---------------------------------------------------- */

static char *
tls_advice (TlDoctor               *self,
            const TlTlsCheckReport *report)
{
  const char *id = tl_account_get_id (self->account);

  switch (report->result)
    {
    case TL_TLS_CHECK_UNTRUSTED:
      return g_strdup_printf ("No certificate authority this computer trusts vouches for the trunk's certificate "
                              "(it is self-signed, or from a private CA). Ask the provider for its CA certificate "
                              "and set it: trunkline-cli accounts set %s ca-file FILE. If the provider confirms "
                              "this fingerprint, you can trust exactly this certificate instead: "
                              "trunkline-cli accounts set %s pinned-certificate %s",
                              id, id, report->fingerprint != NULL ? report->fingerprint : "FINGERPRINT");
    case TL_TLS_CHECK_WRONG_HOST:
      return g_strdup ("The certificate was issued for another name. Use the host name the provider gives for "
                       "TLS as the domain or proxy (not an IP address).");
    case TL_TLS_CHECK_EXPIRED:
      return g_strdup ("The trunk's certificate has expired or is not valid yet. Check this computer's clock; "
                       "if it is right, tell the provider.");
    case TL_TLS_CHECK_PIN_CHANGED:
      return g_strdup ("The certificate is not the one you chose to trust. This happens when the provider "
                       "renews it, and also when someone intercepts the connection: confirm the new "
                       "fingerprint with the provider before trusting it.");
    case TL_TLS_CHECK_OTHER:
    case TL_TLS_CHECK_VERIFIED:
    case TL_TLS_CHECK_PINNED:
    default:
      return g_strdup ("The certificate was refused. Tell the provider what this check says.");
    }
}

static void
tls_checked_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(StepCall) call = user_data;
  TlDoctor *self = call->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(TlTlsCheckReport) report = tl_tls_check_finish (result, &error);
  const TlEngineDialect *dialect = tl_engine_get_dialect (self->engine);
  g_autofree char *summary = NULL;

  if (step_call_is_stale (call))
    return;
  if (report == NULL)
    {
      summary = g_strdup_printf ("No TLS connection: %s", error->message);
      tl_doctor_complete (self, call->check, TL_DOCTOR_RESULT_FAIL, summary, unreachable_advice ());
      tl_doctor_next_step (self);
      return;
    }
  tl_doctor_check_set_text (call->check, tl_tls_check_result_describe (report->result), NULL);
  if (!tl_tls_check_report_is_ok (report))
    {
      g_autofree char *advice = tls_advice (self, report);

      self->tls_failed = TRUE;
      summary = g_strdup_printf ("The trunk's certificate was refused: %s (SHA-256 %s)",
                                 tl_tls_check_result_describe (report->result),
                                 report->fingerprint != NULL ? report->fingerprint : "unknown");
      tl_doctor_complete (self, call->check, TL_DOCTOR_RESULT_FAIL, summary, advice);
      tl_doctor_next_step (self);
      return;
    }
  summary = g_strdup_printf ("TLS, %s%s; %s", tl_tls_check_result_describe (report->result),
                             tl_account_get_ca_file (self->account) != NULL ? " (with the account's CA file)" : "",
                             dialect != NULL && dialect->verifies_tls_server
                               ? "the engine verifies it too"
                               : "checked by Trunkline before every registration, since this engine does not "
                                 "check certificates itself");
  tl_doctor_complete (self, call->check, TL_DOCTOR_RESULT_PASS, summary, NULL);
  tl_doctor_next_step (self);
}

static void
step_transport (TlDoctor *self)
{
  TlDoctorCheck *check = tl_doctor_begin_check (self, "transport", "Transport security");
  TlDoctorTarget target;

  if (tl_account_get_transport (self->account) != TL_ACCOUNT_TRANSPORT_TLS)
    {
      tl_doctor_check_set_text (check, account_transport (self), NULL);
      tl_doctor_complete (self, check, TL_DOCTOR_RESULT_WARN,
                          "Signalling is not encrypted: who you call, and the SRTP keys of each call, cross "
                          "the network readable by anyone on the path",
                          "If the provider offers TLS, switch the account to it (transport tls) and use SRTP.");
      tl_doctor_next_step (self);
      return;
    }
  if (!tl_doctor_target_parse (self, tl_account_get_outbound_proxy (self->account), &target))
    {
      tl_doctor_target_clear (&target);
      tl_doctor_complete (self, check, TL_DOCTOR_RESULT_FAIL, "The proxy address cannot be understood",
                          "Correct the proxy or domain of the account.");
      tl_doctor_next_step (self);
      return;
    }
  arm_step_timeout (self, check, self->timeout_ms, "The TLS handshake did not finish in time",
                    unreachable_advice ());
  tl_tls_check_async (target.host, default_port (&target), target.host, tl_account_get_ca_file (self->account),
                      tl_account_get_pinned_certificate (self->account), self->cancellable, tls_checked_cb,
                      step_call_new (self, check, NULL));
  tl_doctor_target_clear (&target);
}

/* ---- registration ---------------------------------------------------------- */

static const char *
registration_advice (TlDoctor          *self,
                     TlRegisterFailure  failure)
{
  switch (failure)
    {
    case TL_REGISTER_FAILURE_AUTH:
      return "The trunk refused the credentials: check the user name, the authentication user (some "
             "providers give one that differs from the user) and the password. Set the password again with "
             "trunkline-cli accounts set-password ID --password-stdin.";
    case TL_REGISTER_FAILURE_FORBIDDEN:
      return "The trunk knows the account but does not let it register from here: ask the provider whether "
             "the account is active and allowed from your address.";
    case TL_REGISTER_FAILURE_TIMEOUT:
    case TL_REGISTER_FAILURE_UNREACHABLE:
      return "The trunk did not answer the registration: it is unreachable or a firewall blocks SIP. Check "
             "the domain and proxy, try TCP or TLS, and see the reachability check above.";
    case TL_REGISTER_FAILURE_DNS:
      return "The trunk's name does not resolve: see the name resolution check above.";
    case TL_REGISTER_FAILURE_TLS:
      return "The trunk's TLS certificate was refused, so nothing was sent to it: see the transport security "
             "check above.";
    case TL_REGISTER_FAILURE_OTHER:
    default:
      return "The trunk refused the registration: give the provider the detail in this check.";
    }
}

static void registration_state_cb (TlRegistration *registration, GParamSpec *pspec, StepCall *call);

static void
registration_settle (StepCall       *call,
                     TlDoctorResult  result,
                     const char     *summary,
                     const char     *advice)
{
  TlDoctor *self = call->self;

  tl_doctor_complete (self, call->check, result, summary, advice);
  tl_doctor_next_step (self);
  /* Last: this frees @call (the handler's data). */
  g_signal_handlers_disconnect_by_func (self->registration, registration_state_cb, call);
}

static void
registration_state_cb (TlRegistration *registration,
                       GParamSpec     *pspec,
                       StepCall       *call)
{
  TlDoctor *self = call->self;
  double ms = tl_doctor_check_get_elapsed_ms (call->check);
  g_autofree char *summary = NULL;

  if (step_call_is_stale (call))
    {
      g_signal_handlers_disconnect_by_func (registration, registration_state_cb, call);
      return;
    }
  switch (tl_registration_get_state (registration))
    {
    case TL_REGISTRATION_STATE_REGISTERED:
      self->registered = TRUE;
      if (!self->owns_registration)
        {
          summary = g_strdup_printf ("Registered (the phone's own registration%s%s)",
                                     tl_registration_get_on_fallback (registration) ? ", on the fallback proxy " : "",
                                     tl_registration_get_on_fallback (registration)
                                       ? tl_registration_get_proxy_in_use (registration) : "");
          registration_settle (call, tl_registration_get_on_fallback (registration) ? TL_DOCTOR_RESULT_WARN
                                                                                   : TL_DOCTOR_RESULT_PASS,
                               summary, NULL);
          break;
        }
      tl_doctor_check_set_number (call->check, round (ms), "ms");
      if (self->use_fallback)
        {
          summary = g_strdup_printf ("Registered in %.0f ms through the fallback proxy %s (the primary does not "
                                     "answer)", ms, tl_account_get_fallback_proxy (self->account));
          registration_settle (call, TL_DOCTOR_RESULT_WARN, summary,
                               "Calls work through the fallback for now. If the primary stays down, tell the "
                               "provider.");
          break;
        }
      summary = g_strdup_printf ("Registered in %.0f ms%s%s", ms,
                                 tl_registration_get_on_fallback (registration) ? " through the fallback proxy " : "",
                                 tl_registration_get_on_fallback (registration)
                                   ? tl_registration_get_proxy_in_use (registration) : "");
      registration_settle (call, tl_registration_get_on_fallback (registration) ? TL_DOCTOR_RESULT_WARN
                                                                               : TL_DOCTOR_RESULT_PASS,
                           summary,
                           tl_registration_get_on_fallback (registration)
                             ? "The primary edge did not answer; the fallback carries the calls for now."
                             : NULL);
      break;
    case TL_REGISTRATION_STATE_NOT_REGISTERING:
      self->registered = TRUE;
      registration_settle (call, TL_DOCTOR_RESULT_PASS,
                           "No registration: the account is IP-authenticated (the trunk knows your address)",
                           NULL);
      break;
    case TL_REGISTRATION_STATE_FAILED:
      {
        TlRegisterFailure failure = tl_registration_get_failure (registration);

        tl_doctor_check_set_text (call->check, tl_registration_get_detail (registration), NULL);
        summary = g_strdup_printf ("%s%s%s%s", tl_registration_get_reason (registration),
                                   tl_registration_get_detail (registration) != NULL ? " (" : "",
                                   tl_registration_get_detail (registration) != NULL
                                     ? tl_registration_get_detail (registration) : "",
                                   tl_registration_get_detail (registration) != NULL ? ")" : "");
        registration_settle (call, TL_DOCTOR_RESULT_FAIL, summary, registration_advice (self, failure));
      }
      break;
    case TL_REGISTRATION_STATE_UNREGISTERED:
    case TL_REGISTRATION_STATE_CHECKING_CERTIFICATE:
    case TL_REGISTRATION_STATE_REGISTERING:
    default:
      break;
    }
}

static void
step_registration (TlDoctor *self)
{
  TlDoctorCheck *check = tl_doctor_begin_check (self, "registration", "Registration");
  g_autoptr(TlEngineAccount) engine_account = NULL;
  g_autoptr(GError) error = NULL;
  TlRegistrationConfig config = { 0 };

  engine_account = tl_account_to_engine_account (self->account, self->password,
                                                 tl_engine_get_dialect (self->engine), &error);
  if (engine_account == NULL)
    {
      tl_doctor_complete (self, check, TL_DOCTOR_RESULT_FAIL, error->message,
                          "Correct the setting named here, then run the doctor again.");
      tl_doctor_next_step (self);
      return;
    }
  config.account = engine_account;
  config.fallback_proxy = (char *) tl_account_get_fallback_proxy (self->account);
  if (self->use_fallback)
    {
      /* The registration would move there itself after missing probes for
       * half a minute; the doctor knows already. */
      g_free (engine_account->outbound);
      engine_account->outbound = g_strdup (config.fallback_proxy);
      config.fallback_proxy = NULL;
    }
  config.ca_file = (char *) tl_account_get_ca_file (self->account);
  config.pinned_certificate = (char *) tl_account_get_pinned_certificate (self->account);
  self->call_aor = tl_engine_account_get_aor (engine_account);
  if (self->live_registration != NULL)
    {
      StepCall *call = step_call_new (self, check, NULL);

      self->registration = g_object_ref (self->live_registration);
      g_signal_connect_data (self->registration, "notify::state", G_CALLBACK (registration_state_cb), call,
                             (GClosureNotify) (void (*) (void)) step_call_free, 0);
      arm_step_timeout (self, check, self->timeout_ms * 2, "The phone's registration did not settle in time",
                        registration_advice (self, TL_REGISTER_FAILURE_TIMEOUT));
      /* Its state now may already be the answer. */
      registration_state_cb (self->registration, NULL, call);
      return;
    }
  if (tl_engine_has_account (self->engine, self->call_aor))
    {
      /* Someone else's registration of it: leave it alone. */
      self->registered = TRUE;
      tl_doctor_complete (self, check, TL_DOCTOR_RESULT_SKIP,
                          "The phone already registers this account; the doctor did not register it again",
                          NULL);
      tl_doctor_next_step (self);
      return;
    }
  self->owns_registration = TRUE;
  self->registration = tl_registration_new (self->engine, &config);
  g_signal_connect_data (self->registration, "notify::state", G_CALLBACK (registration_state_cb),
                         step_call_new (self, check, NULL), (GClosureNotify) (void (*) (void)) step_call_free, 0);
  /* The engine retries forever; the doctor wants an answer. Failover to the
   * fallback takes a probe round or two, hence the longer bound. */
  arm_step_timeout (self, check, self->timeout_ms * 2, "No answer to the registration in time",
                    registration_advice (self, TL_REGISTER_FAILURE_TIMEOUT));
  tl_registration_start (self->registration);
}

/* ---- NAT ------------------------------------------------------------------ */

static gboolean
parse_stun_server (const char  *server,
                   char       **host,
                   guint16     *port)
{
  TlDoctorTarget target = { 0 };
  const char *p = server;
  const char *colon;
  guint64 number = 3478;

  if (g_str_has_prefix (p, "stun:"))
    p += 5;
  else if (g_str_has_prefix (p, "stuns:"))
    return FALSE;   /* STUN over TLS: not what a binding over UDP can test */
  if (p[0] == '[')
    {
      const char *end = strchr (p, ']');

      if (end == NULL)
        return FALSE;
      target.host = g_strndup (p + 1, (gsize) (end - p - 1));
      colon = end[1] == ':' ? end + 1 : NULL;
    }
  else
    {
      colon = strrchr (p, ':');
      target.host = colon != NULL ? g_strndup (p, (gsize) (colon - p)) : g_strdup (p);
    }
  if ((colon != NULL && !g_ascii_string_to_unsigned (colon + 1, 10, 1, 65535, &number, NULL)) || *target.host == '\0')
    {
      g_free (target.host);
      return FALSE;
    }
  *host = target.host;
  *port = (guint16) number;
  return TRUE;
}

static void
stun_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(StepCall) call = user_data;
  TlDoctor *self = call->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(TlStunReport) report = tl_stun_probe_finish (result, &error);
  g_autofree char *summary = NULL;

  if (step_call_is_stale (call))
    return;
  if (report == NULL)
    {
      summary = g_strdup_printf ("The STUN server did not answer: %s", error->message);
      tl_doctor_complete (self, call->check, TL_DOCTOR_RESULT_WARN, summary,
                          "Your public address could not be learnt: check the STUN server setting "
                          "(stun-server), or UDP is blocked here — then prefer TCP or TLS for the trunk.");
      tl_doctor_next_step (self);
      return;
    }
  tl_doctor_check_set_text (call->check, report->mapped_address, NULL);
  if (report->symmetric)
    {
      summary = g_strdup_printf ("Behind a symmetric NAT: local %s, public %s, and %s toward another "
                                 "destination", report->local_address, report->mapped_address, report->second_mapped);
      tl_doctor_complete (self, call->check, TL_DOCTOR_RESULT_WARN, summary,
                          "This NAT gives every destination another public port, so audio from the trunk may "
                          "not find its way back (one-way audio). Use TCP or TLS for SIP, turn on ICE with a "
                          "TURN server, or ask the provider to latch media to where it comes from.");
    }
  else if (report->behind_nat)
    {
      summary = g_strdup_printf ("Behind NAT: local %s, public %s%s", report->local_address, report->mapped_address,
                                 report->mapping_checked ? "; the same public port for every destination"
                                                         : " (whether it is symmetric could not be checked: the "
                                                           "server has no second address)");
      tl_doctor_complete (self, call->check, TL_DOCTOR_RESULT_PASS, summary, NULL);
    }
  else
    {
      summary = g_strdup_printf ("No NAT: the local address %s is the one the Internet sees",
                                 report->local_address);
      tl_doctor_complete (self, call->check, TL_DOCTOR_RESULT_PASS, summary, NULL);
    }
  tl_doctor_next_step (self);
}

static void
step_nat (TlDoctor *self)
{
  const char *server = self->stun_server != NULL ? self->stun_server : tl_account_get_stun_server (self->account);
  g_autofree char *host = NULL;
  guint16 port = 0;
  TlDoctorCheck *check;

  if (server == NULL)
    {
      tl_doctor_skip (self, "nat", "NAT",
                      "No STUN server is set, so the public address cannot be learnt (set stun-server on the "
                      "account to check it)");
      tl_doctor_next_step (self);
      return;
    }
  check = tl_doctor_begin_check (self, "nat", "NAT");
  if (!parse_stun_server (server, &host, &port))
    {
      tl_doctor_complete (self, check, TL_DOCTOR_RESULT_WARN, "The STUN server setting cannot be used here",
                          "Give it as stun:host[:port].");
      tl_doctor_next_step (self);
      return;
    }
  arm_step_timeout (self, check, self->timeout_ms, "The STUN server did not answer in time",
                    "Check the STUN server setting, or UDP is blocked here: then prefer TCP or TLS.");
  tl_stun_probe_async (host, port, MIN (self->timeout_ms, 5000), self->cancellable, stun_cb,
                       step_call_new (self, check, NULL));
}

/* ---- who may call in ------------------------------------------------------- */

static void
step_inbound (TlDoctor *self)
{
  const TlEngineDialect *dialect = tl_engine_get_dialect (self->engine);
  TlDoctorCheck *check = tl_doctor_begin_check (self, "inbound-origin", "Calls only from the trunk");

  tl_doctor_check_set_text (check, tl_engine_get_version (self->engine), NULL);
  if (dialect == NULL || !dialect->has_check_origin)
    tl_doctor_complete (self, check, TL_DOCTOR_RESULT_WARN,
                        "This engine version cannot refuse INVITEs that do not come from the registrar "
                        "(check_origin needs engine 4.x): anyone who reaches this computer's SIP port can "
                        "ring it",
                        "Prefer TCP or TLS to the trunk, and let the firewall accept SIP only from the "
                        "provider's addresses.");
  else if (tl_account_get_mode (self->account) == TL_ACCOUNT_MODE_IP_AUTH)
    tl_doctor_complete (self, check, TL_DOCTOR_RESULT_WARN,
                        "An IP-authenticated trunk has no registrar to compare callers with: INVITEs from "
                        "anyone who reaches the SIP port are accepted",
                        "Let the firewall accept SIP only from the provider's addresses.");
  else
    /* The engine's account line carries check_origin=yes on these engines. */
    tl_doctor_complete (self, check, TL_DOCTOR_RESULT_PASS,
                        "The engine refuses INVITEs that do not come from the registrar (check_origin)", NULL);
  tl_doctor_next_step (self);
}

/* ---- the run ----------------------------------------------------------------- */

static void
scrub_password (TlDoctor *self)
{
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_clear_pointer (&self->password, g_free);
}

static void
release_registration (TlRegistration *registration)
{
  tl_registration_stop (registration);
  g_object_unref (registration);
}

static void
return_task (GTask  *task,
             GError *error)
{
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

typedef struct {
  GTask  *task;
  GError *error;
} Ending;

static void
echo_stopped_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Ending *ending = user_data;

  tl_echo_service_stop_finish (TL_ECHO_SERVICE (source), result, NULL);
  g_object_unref (source);
  return_task (ending->task, ending->error);
  g_free (ending);
}

static void
finish_run (TlDoctor *self,
            GError   *error)
{
  GTask *task = g_steal_pointer (&self->task);

  if (task == NULL)
    {
      g_clear_error (&error);
      return;
    }
  if (self->cancel_handler != 0 && g_task_get_cancellable (task) != NULL)
    g_cancellable_disconnect (g_task_get_cancellable (task), self->cancel_handler);
  self->cancel_handler = 0;
  g_clear_handle_id (&self->step_idle, g_source_remove);
  g_clear_handle_id (&self->step_timer, g_source_remove);
  self->ended_us = g_get_monotonic_time ();
  /* Checks still running (cancelled) say so. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->checks)); i++)
    {
      g_autoptr(TlDoctorCheck) check = g_list_model_get_item (G_LIST_MODEL (self->checks), i);

      tl_doctor_complete (self, check, TL_DOCTOR_RESULT_SKIP, "Stopped before it finished", NULL);
    }
  g_cancellable_cancel (self->cancellable);
  tl_doctor_call_cleanup (self);
  if (self->registration != NULL)
    {
      g_signal_handlers_disconnect_matched (self->registration, G_SIGNAL_MATCH_FUNC, 0, 0, NULL,
                                            registration_state_cb, NULL);
      /* From an idle: this may run inside the registration's own signal. */
      if (self->owns_registration)
        g_idle_add_once ((GSourceOnceFunc) release_registration, g_steal_pointer (&self->registration));
      else
        g_idle_add_once ((GSourceOnceFunc) g_object_unref, g_steal_pointer (&self->registration));
    }
  scrub_password (self);
  if (self->echo != NULL)
    {
      Ending *ending = g_new0 (Ending, 1);

      /* The echo service is a process of its own: the run is over once it is gone. */
      ending->task = task;
      ending->error = error;
      tl_echo_service_stop_async (g_steal_pointer (&self->echo), NULL, echo_stopped_cb, ending);
      return;
    }
  return_task (task, error);
}

static void
cancelled_idle_cb (gpointer user_data)
{
  g_autoptr(TlDoctor) self = user_data;

  finish_run (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "The trunk doctor was stopped"));
}

static void
caller_cancelled_cb (GCancellable *cancellable,
                     TlDoctor     *self)
{
  /* Never inside the caller's g_cancellable_cancel(). */
  g_idle_add_once (cancelled_idle_cb, g_object_ref (self));
}

void
tl_doctor_run_async (TlDoctor            *self,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TL_IS_DOCTOR (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tl_doctor_run_async);
  if (self->task != NULL || self->started_us != 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY, "A trunk doctor runs once");
      return;
    }
  if (tl_engine_get_state (self->engine) != TL_ENGINE_STATE_READY)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED, "The call engine is not running");
      return;
    }
  self->task = g_steal_pointer (&task);
  self->started_us = g_get_monotonic_time ();
  self->result = TL_DOCTOR_RESULT_PASS;
  self->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    self->cancel_handler = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb), self, NULL);
  tl_doctor_next_step (self);
}

gboolean
tl_doctor_run_finish (TlDoctor      *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- properties ---------------------------------------------------------------- */

TlDoctor *
tl_doctor_new (TlEngine   *engine,
               TlAccount  *account,
               const char *password)
{
  TlDoctor *self;

  g_return_val_if_fail (TL_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (TL_IS_ACCOUNT (account), NULL);

  self = g_object_new (TL_TYPE_DOCTOR, NULL);
  self->engine = g_object_ref (engine);
  self->account = tl_account_copy (account);
  self->password = g_strdup (password);
  return self;
}

void
tl_doctor_set_call_manager (TlDoctor      *self,
                            TlCallManager *calls)
{
  g_return_if_fail (TL_IS_DOCTOR (self));
  g_set_object (&self->calls, calls);
}

void
tl_doctor_set_registration (TlDoctor       *self,
                            TlRegistration *registration)
{
  g_return_if_fail (TL_IS_DOCTOR (self));
  g_set_object (&self->live_registration, registration);
}

void
tl_doctor_set_echo_target (TlDoctor   *self,
                           const char *target)
{
  g_return_if_fail (TL_IS_DOCTOR (self));
  g_free (self->echo_target);
  self->echo_target = g_strdup (target);
}

void
tl_doctor_set_stun_server (TlDoctor   *self,
                           const char *server)
{
  g_return_if_fail (TL_IS_DOCTOR (self));
  g_free (self->stun_server);
  self->stun_server = g_strdup (server);
}

void
tl_doctor_set_timeout (TlDoctor *self,
                       guint     seconds)
{
  g_return_if_fail (TL_IS_DOCTOR (self));
  self->timeout_ms = MAX (1u, seconds) * 1000;
}

void
tl_doctor_set_call_seconds (TlDoctor *self,
                            guint     seconds)
{
  g_return_if_fail (TL_IS_DOCTOR (self));
  self->call_seconds = MAX (1u, seconds);
}

GListModel *
tl_doctor_get_checks (TlDoctor *self)
{
  g_return_val_if_fail (TL_IS_DOCTOR (self), NULL);
  return G_LIST_MODEL (self->checks);
}

TlDoctorCheck *
tl_doctor_find_check (TlDoctor   *self,
                      const char *name)
{
  g_return_val_if_fail (TL_IS_DOCTOR (self), NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->checks)); i++)
    {
      g_autoptr(TlDoctorCheck) check = g_list_model_get_item (G_LIST_MODEL (self->checks), i);

      if (g_strcmp0 (tl_doctor_check_get_name (check), name) == 0)
        return check;   /* the list keeps it alive */
    }
  return NULL;
}

TlDoctorResult
tl_doctor_get_result (TlDoctor *self)
{
  g_return_val_if_fail (TL_IS_DOCTOR (self), TL_DOCTOR_RESULT_RUNNING);
  return self->result;
}

double
tl_doctor_get_elapsed_ms (TlDoctor *self)
{
  gint64 end = self->ended_us != 0 ? self->ended_us : g_get_monotonic_time ();

  if (self->started_us == 0)
    return 0;
  return (double) (end - self->started_us) / 1000.0;
}

static void
add_member_string (JsonBuilder *builder,
                   const char  *key,
                   const char  *value)
{
  json_builder_set_member_name (builder, key);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

JsonNode *
tl_doctor_to_json (TlDoctor *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GListModel *checks = G_LIST_MODEL (self->checks);

  json_builder_begin_object (builder);
  add_member_string (builder, "result", tl_doctor_result_to_string (self->result));
  json_builder_set_member_name (builder, "elapsed_ms");
  json_builder_add_double_value (builder, round (tl_doctor_get_elapsed_ms (self) * 10) / 10);
  json_builder_set_member_name (builder, "checks");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (checks); i++)
    {
      g_autoptr(TlDoctorCheck) check = g_list_model_get_item (checks, i);
      g_autofree char *text = tl_doctor_check_dup_value_text (check);

      json_builder_begin_object (builder);
      add_member_string (builder, "name", tl_doctor_check_get_name (check));
      add_member_string (builder, "result", tl_doctor_result_to_string (tl_doctor_check_get_result (check)));
      json_builder_set_member_name (builder, "value");
      if (tl_doctor_check_has_number (check))
        json_builder_add_double_value (builder, tl_doctor_check_get_number (check));
      else if (text != NULL)
        json_builder_add_string_value (builder, text);
      else
        json_builder_add_null_value (builder);
      add_member_string (builder, "unit", tl_doctor_check_get_unit (check));
      add_member_string (builder, "advice", tl_doctor_check_get_advice (check));
      add_member_string (builder, "title", tl_doctor_check_get_title (check));
      add_member_string (builder, "summary", tl_doctor_check_get_summary (check));
      json_builder_set_member_name (builder, "elapsed_ms");
      json_builder_add_double_value (builder, round (tl_doctor_check_get_elapsed_ms (check) * 10) / 10);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
tl_doctor_dispose (GObject *object)
{
  TlDoctor *self = TL_DOCTOR (object);

  /* A run holds a reference through its task, so none is running here. */
  tl_doctor_call_cleanup (self);
  g_clear_object (&self->echo);
  g_clear_object (&self->registration);
  G_OBJECT_CLASS (tl_doctor_parent_class)->dispose (object);
}

static void
tl_doctor_finalize (GObject *object)
{
  TlDoctor *self = TL_DOCTOR (object);

  scrub_password (self);
  g_clear_object (&self->engine);
  g_clear_object (&self->account);
  g_clear_object (&self->calls);
  g_clear_object (&self->live_registration);
  g_clear_object (&self->checks);
  g_clear_object (&self->cancellable);
  g_free (self->echo_target);
  g_free (self->stun_server);
  g_free (self->call_aor);
  G_OBJECT_CLASS (tl_doctor_parent_class)->finalize (object);
}

static void
tl_doctor_class_init (TlDoctorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tl_doctor_dispose;
  object_class->finalize = tl_doctor_finalize;
}

static void
tl_doctor_init (TlDoctor *self)
{
  self->checks = g_list_store_new (TL_TYPE_DOCTOR_CHECK);
  self->timeout_ms = DEFAULT_TIMEOUT_MS;
  self->call_seconds = DEFAULT_CALL_SECONDS;
  self->result = TL_DOCTOR_RESULT_PASS;
}
