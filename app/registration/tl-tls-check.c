/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Checks a trunk's TLS certificate ourselves, because the 1.0.0 engine never does. */
#define G_LOG_DOMAIN "tl-registration"

#include "config.h"

#include "tl-tls-check.h"

#define CHECK_TIMEOUT_S 10

typedef struct {
  char                 *server_name;
  char                 *ca_file;
  char                 *pinned;
  GTlsCertificateFlags  errors;
  char                 *fingerprint;
  char                 *subject;
  char                 *certificate_pem;
  gboolean              accepted_by_pin;
  GIOStream            *tls;
} CheckData;

static void
check_data_free (CheckData *data)
{
  g_free (data->server_name);
  g_free (data->ca_file);
  g_free (data->pinned);
  g_free (data->fingerprint);
  g_free (data->subject);
  g_free (data->certificate_pem);
  g_clear_object (&data->tls);
  g_free (data);
}

void
tl_tls_check_report_free (TlTlsCheckReport *report)
{
  if (report == NULL)
    return;
  g_free (report->fingerprint);
  g_free (report->subject);
  g_free (report->certificate_pem);
  g_free (report);
}

gboolean
tl_tls_check_report_is_ok (const TlTlsCheckReport *report)
{
  return report->result == TL_TLS_CHECK_VERIFIED || report->result == TL_TLS_CHECK_PINNED;
}

const char *
tl_tls_check_result_describe (TlTlsCheckResult result)
{
  switch (result)
    {
    case TL_TLS_CHECK_VERIFIED: return "certificate verified";
    case TL_TLS_CHECK_PINNED: return "certificate matches the one you trusted";
    case TL_TLS_CHECK_UNTRUSTED: return "certificate not issued by a trusted authority";
    case TL_TLS_CHECK_WRONG_HOST: return "certificate is for another server name";
    case TL_TLS_CHECK_EXPIRED: return "certificate has expired or is not yet valid";
    case TL_TLS_CHECK_PIN_CHANGED: return "certificate changed since you trusted it";
    case TL_TLS_CHECK_OTHER:
    default: return "certificate refused";
    }
}

static char *
fingerprint_of (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;
  g_autofree char *hex = NULL;
  GString *out;

  g_object_get (certificate, "certificate", &der, NULL);
  if (der == NULL)
    return NULL;
  hex = g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
  out = g_string_new (NULL);
  for (guint i = 0; hex[i] != '\0'; i += 2)
    {
      if (out->len > 0)
        g_string_append_c (out, ':');
      g_string_append_c (out, g_ascii_toupper (hex[i]));
      g_string_append_c (out, g_ascii_toupper (hex[i + 1]));
    }
  return g_string_free (out, FALSE);
}

static gboolean
same_fingerprint (const char *a,
                  const char *b)
{
  return a != NULL && b != NULL && g_ascii_strcasecmp (a, b) == 0;
}

static gboolean
accept_certificate_cb (GTlsConnection       *connection,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       CheckData            *data)
{
  /* Reached only when the certificate did not verify: accept it only if the user
   * pinned exactly this one (trust on first use). */
  data->errors = errors;
  if (data->fingerprint == NULL)
    {
      data->fingerprint = fingerprint_of (certificate);
      data->subject = g_tls_certificate_get_subject_name (certificate);
      g_object_get (certificate, "certificate-pem", &data->certificate_pem, NULL);
    }
  data->accepted_by_pin = same_fingerprint (data->fingerprint, data->pinned);
  return data->accepted_by_pin;
}

static TlTlsCheckResult
classify (CheckData *data)
{
  if (data->pinned != NULL && data->fingerprint != NULL && !same_fingerprint (data->fingerprint, data->pinned)
      && data->errors != 0)
    return TL_TLS_CHECK_PIN_CHANGED;
  if (data->errors & G_TLS_CERTIFICATE_BAD_IDENTITY)
    return TL_TLS_CHECK_WRONG_HOST;
  if (data->errors & (G_TLS_CERTIFICATE_EXPIRED | G_TLS_CERTIFICATE_NOT_ACTIVATED))
    return TL_TLS_CHECK_EXPIRED;
  if (data->errors & G_TLS_CERTIFICATE_UNKNOWN_CA)
    return TL_TLS_CHECK_UNTRUSTED;
  return TL_TLS_CHECK_OTHER;
}

static void
return_report (GTask    *task,
               gboolean  handshake_ok)
{
  CheckData *data = g_task_get_task_data (task);
  TlTlsCheckReport *report = g_new0 (TlTlsCheckReport, 1);

  if (handshake_ok)
    report->result = data->accepted_by_pin ? TL_TLS_CHECK_PINNED : TL_TLS_CHECK_VERIFIED;
  else
    report->result = classify (data);
  report->fingerprint = g_strdup (data->fingerprint);
  report->subject = g_strdup (data->subject);
  if (report->result == TL_TLS_CHECK_PINNED)
    report->certificate_pem = g_strdup (data->certificate_pem);
  g_debug ("TLS check of %s: %s (%s)", data->server_name,
           tl_tls_check_result_describe (report->result),
           report->fingerprint != NULL ? report->fingerprint : "no certificate");
  g_task_return_pointer (task, report, (GDestroyNotify) tl_tls_check_report_free);
}

static void
peer_certificate_cb (GObject    *tls,
                     GParamSpec *pspec,
                     CheckData  *data)
{
  GTlsCertificate *peer = g_tls_connection_get_peer_certificate (G_TLS_CONNECTION (tls));

  if (peer == NULL || data->fingerprint != NULL)
    return;
  data->fingerprint = fingerprint_of (peer);
  data->subject = g_tls_certificate_get_subject_name (peer);
  g_object_get (peer, "certificate-pem", &data->certificate_pem, NULL);
}

static void
handshake_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CheckData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = g_tls_connection_handshake_finish (G_TLS_CONNECTION (source), result, &error);
  peer_certificate_cb (source, NULL, data);
  if (!ok && data->errors == 0 && data->fingerprint == NULL)
    {
      /* No certificate seen at all: a transport or protocol failure. */
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_io_stream_close_async (G_IO_STREAM (source), G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  return_report (task, ok);
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CheckData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GSocketConnectable) identity = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  GCancellable *cancellable;
  GIOStream *tls;

  connection = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (source), result, &error);
  if (connection == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  identity = g_network_address_new (data->server_name, 0);
  tls = g_tls_client_connection_new (G_IO_STREAM (connection), identity, &error);
  if (tls == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  data->tls = tls;
  if (data->ca_file != NULL)
    {
      /* The account's CA replaces the system list for this trunk. */
      database = g_tls_file_database_new (data->ca_file, &error);
      if (database == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_tls_connection_set_database (G_TLS_CONNECTION (tls), database);
    }
  g_signal_connect (tls, "notify::peer-certificate", G_CALLBACK (peer_certificate_cb), data);
  g_signal_connect (tls, "accept-certificate", G_CALLBACK (accept_certificate_cb), data);
  cancellable = g_task_get_cancellable (task);
  g_tls_connection_handshake_async (G_TLS_CONNECTION (tls), G_PRIORITY_DEFAULT,
                                    cancellable, handshake_cb, g_steal_pointer (&task));
}

void
tl_tls_check_async (const char          *host,
                    guint16              port,
                    const char          *server_name,
                    const char          *ca_file,
                    const char          *pinned_sha256,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  CheckData *data = g_new0 (CheckData, 1);

  g_task_set_source_tag (task, tl_tls_check_async);
  data->server_name = g_strdup (server_name != NULL ? server_name : host);
  data->ca_file = g_strdup (ca_file);
  data->pinned = g_strdup (pinned_sha256);
  g_task_set_task_data (task, data, (GDestroyNotify) check_data_free);
  g_socket_client_set_timeout (client, CHECK_TIMEOUT_S);
  /* The same path as the engine's SIP connection: direct, never via a proxy. */
  g_socket_client_set_enable_proxy (client, FALSE);
  g_socket_client_connect_to_host_async (client, host, port, cancellable, connected_cb,
                                         g_steal_pointer (&task));
}

TlTlsCheckReport *
tl_tls_check_finish (GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
