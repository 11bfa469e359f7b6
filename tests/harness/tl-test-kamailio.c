/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A private Kamailio registrar and proxy with digest authentication, for the test trunk. */
#define G_LOG_DOMAIN "tl-test"

#include "config.h"

#include "tl-test-trunk.h"
#include "tl-test-private.h"

#include <signal.h>
#include <string.h>

#define KAMAILIO_MODULE_PATH "/usr/lib/x86_64-linux-gnu/kamailio/modules/"
#define READY_TIMEOUT_MS 15000

struct _TlTestKamailio {
  char        *dir;
  char        *config_path;
  char        *log_path;
  char        *address;
  char        *hostport;
  guint        port;
  guint        tls_port;
  gboolean     tls;
  GSubprocess *process;
};

static gboolean
is_safe_user (const char *user)
{
  if (user == NULL || *user == '\0')
    return FALSE;
  for (const char *p = user; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && strchr ("._-+", *p) == NULL)
        return FALSE;
    }
  return TRUE;
}

static gboolean
is_safe_password (const char *password)
{
  /* It goes between double quotes in the script: no quote, no escape, no
   * control character, and no `$` that a format string could expand. */
  for (const char *p = password; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\' || *p == '$' || g_ascii_iscntrl (*p))
        return FALSE;
    }
  return TRUE;
}

static gboolean
is_safe_token (const char *text)
{
  /* Addresses and domains go into listen=, alias= and string literals. */
  if (text == NULL || *text == '\0')
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && strchr (".-:[]", *p) == NULL)
        return FALSE;
    }
  return TRUE;
}

static gboolean
append_password_lookup (GString            *script,
                        const char *const  *users,
                        GError            **error)
{
  g_string_append (script, "  $var(pw) = \"\";\n");
  for (guint i = 0; users != NULL && users[i] != NULL; i++)
    {
      const char *colon = strchr (users[i], ':');
      g_autofree char *user = NULL;

      if (colon == NULL)
        {
          g_set_error (error, TL_TEST_ERROR, TL_TEST_ERROR_INVALID,
                       "user entry %u is not \"user:password\"", i);
          return FALSE;
        }
      user = g_strndup (users[i], (gsize) (colon - users[i]));
      if (!is_safe_user (user) || !is_safe_password (colon + 1))
        {
          g_set_error (error, TL_TEST_ERROR, TL_TEST_ERROR_INVALID,
                       "user entry %u has characters the script cannot hold "
                       "(user: letters, digits, ._-+; password: no \" \\ $ or control characters)", i);
          return FALSE;
        }
      g_string_append_printf (script, "  if ($au == \"%s\") { $var(pw) = \"%s\"; }\n",
                              user, colon + 1);
    }
  return TRUE;
}

static char *
build_script (TlTestKamailio              *self,
              const TlTestKamailioOptions *options,
              const char                  *domain,
              const char                  *tls_config,
              GError                     **error)
{
  g_autoptr(GString) script = g_string_new ("#!KAMAILIO\n");
  g_autoptr(GString) lookup = g_string_new (NULL);
  g_autoptr(GString) for_us = g_string_new (NULL);
  static const char *const modules[] = {
    "tm", "sl", "rr", "pv", "maxfwd", "textops", "siputils", "xlog", "sanity",
    "usrloc", "registrar", "auth", NULL
  };

  if (!append_password_lookup (lookup, options ? options->users : NULL, error))
    return NULL;

  /* For the registrar: its domain or address, on its ports or none (5060);
   * peers on loopback listen on ephemeral ports, never on 5060. */
  g_string_append_printf (for_us, "($rd == \"%s\" || $rd == \"%s\") && ($rp == 5060 || $rp == %u",
                          domain, self->address, self->port);
  if (self->tls)
    g_string_append_printf (for_us, " || $rp == 5061 || $rp == %u", self->tls_port);
  g_string_append (for_us, ")");

  g_string_append_printf (script,
                          "debug=2\n"
                          "log_stderror=yes\n"
                          "memdbg=5\n"
                          "memlog=5\n"
                          "children=2\n"
                          "tcp_children=2\n"
                          "auto_aliases=no\n"
                          "dns=no\n"
                          "rev_dns=no\n"
                          "use_dns_cache=off\n"
                          "listen=udp:%s:%u\n"
                          "listen=tcp:%s:%u\n",
                          self->address, self->port, self->address, self->port);
  /* No port-less alias for an IP domain: with alias="127.0.0.1" every peer's
   * contact on loopback would be "myself" and in-dialog requests would loop.
   * request_route decides what is for the registrar with route(FOR_US). */
  if (g_strcmp0 (domain, self->address) != 0 && !g_hostname_is_ip_address (domain))
    g_string_append_printf (script, "alias=\"%s\"\n", domain);
  if (self->tls)
    g_string_append_printf (script,
                            "enable_tls=yes\n"
                            "listen=tls:%s:%u\n",
                            self->address, self->tls_port);

  g_string_append (script, "\nmpath=\"" KAMAILIO_MODULE_PATH "\"\n");
  if (self->tls)
    g_string_append (script, "loadmodule \"tls.so\"\n");
  for (guint i = 0; modules[i] != NULL; i++)
    g_string_append_printf (script, "loadmodule \"%s.so\"\n", modules[i]);
  if (self->tls)
    g_string_append_printf (script, "modparam(\"tls\", \"config\", \"%s\")\n", tls_config);
  g_string_append (script,
                   "modparam(\"usrloc\", \"db_mode\", 0)\n"
                   "modparam(\"rr\", \"enable_full_lr\", 1)\n"
                   "modparam(\"registrar\", \"max_expires\", 3600)\n"
                   "\n"
                   "request_route {\n"
                   "  if (!mf_process_maxfwd_header(\"10\")) { sl_send_reply(\"483\", \"Too Many Hops\"); exit; }\n"
                   "  xlog(\"L_NOTICE\", \"TLREQ $rm from=$fU src=$si:$sp proto=$pr\\n\");\n"
                   "  if (is_method(\"CANCEL\")) { if (t_check_trans()) { t_relay(); } exit; }\n"
                   "  if (has_totag()) {\n"
                   "    if (loose_route()) { t_relay(); exit; }\n"
                   "    if (is_method(\"ACK\")) { if (t_check_trans()) { t_relay(); } exit; }\n"
                   "    sl_send_reply(\"404\", \"Not here\"); exit;\n"
                   "  }\n"
                   "  if (loose_route()) { sl_send_reply(\"403\", \"Preload Route denied\"); exit; }\n"
                   "  if (is_method(\"OPTIONS\") && $rU == $null && ");
  g_string_append (script, for_us->str);
  g_string_append (script, ") { sl_send_reply(\"200\", \"OK\"); exit; }\n");
  g_string_append (script, lookup->str);
  g_string_append (script,
                   "  if (is_method(\"REGISTER\")) {\n"
                   "    if (!is_present_hf(\"Authorization\")) { www_challenge(\"$fd\", \"0\"); exit; }\n"
                   "    if ($var(pw) == \"\") { sl_send_reply(\"403\", \"Forbidden\"); exit; }\n"
                   "    if (!pv_www_authenticate(\"$fd\", \"$var(pw)\", \"0\")) {\n"
                   "      $var(rc) = $rc;\n"
                   "      if ($var(rc) == -2 || $var(rc) == -3) { sl_send_reply(\"403\", \"Forbidden\"); exit; }\n"
                   "      www_challenge(\"$fd\", \"0\"); exit;\n"
                   "    }\n"
                   "    consume_credentials();\n"
                   "    if (!save(\"location\")) { sl_reply_error(); exit; }\n"
                   "    xlog(\"L_NOTICE\", \"TLCONTACT user=$fU contact=$ct\\n\");\n"
                   "    exit;\n"
                   "  }\n");
  g_string_append (script, "  if (is_method(\"INVITE|MESSAGE|SUBSCRIBE|REFER\")");
  if (options != NULL && options->trusted_address != NULL)
    g_string_append_printf (script, " && $si != \"%s\"", options->trusted_address);
  g_string_append (script,
                   ") {\n"
                   "    if (!is_present_hf(\"Proxy-Authorization\")) { proxy_challenge(\"$fd\", \"0\"); exit; }\n"
                   "    if ($var(pw) == \"\") { sl_send_reply(\"403\", \"Forbidden\"); exit; }\n"
                   "    if (!pv_proxy_authenticate(\"$fd\", \"$var(pw)\", \"0\")) {\n"
                   "      $var(rc) = $rc;\n"
                   "      if ($var(rc) == -2 || $var(rc) == -3) { sl_send_reply(\"403\", \"Forbidden\"); exit; }\n"
                   "      proxy_challenge(\"$fd\", \"0\"); exit;\n"
                   "    }\n"
                   "    consume_credentials();\n"
                   "  }\n"
                   "  if (is_method(\"INVITE|SUBSCRIBE\")) { record_route(); }\n");
  if (options != NULL && options->mailbox != NULL)
    g_string_append_printf (script,
                            "  if (is_method(\"SUBSCRIBE\") && $hdr(Event) =~ \"^message-summary\") {\n"
                            "    $du = \"sip:%s\"; t_relay(); exit;\n"
                            "  }\n", options->mailbox);
  g_string_append (script,
                   "  if (");
  g_string_append (script, for_us->str);
  g_string_append (script,
                   ") {\n"
                   "    if (!lookup(\"location\")) { sl_send_reply(\"404\", \"Not Found\"); exit; }\n"
                   "  }\n"
                   "  if (!t_relay()) { sl_reply_error(); }\n"
                   "  exit;\n"
                   "}\n");
  return g_string_free (g_steal_pointer (&script), FALSE);
}

static gboolean
write_tls_config (const TlTestKamailioOptions *options,
                  const char                  *path,
                  GError                     **error)
{
  g_autofree char *text = NULL;

  if (options->tls_cert == NULL || options->tls_key == NULL)
    {
      g_set_error (error, TL_TEST_ERROR, TL_TEST_ERROR_INVALID,
                   "TLS needs tls_cert and tls_key (see tl_test_make_certificate())");
      return FALSE;
    }
  if (strpbrk (options->tls_cert, "\n\r") || strpbrk (options->tls_key, "\n\r"))
    {
      g_set_error (error, TL_TEST_ERROR, TL_TEST_ERROR_INVALID, "bad certificate path");
      return FALSE;
    }
  text = g_strdup_printf ("[server:default]\n"
                          "method = TLSv1.2+\n"
                          "verify_certificate = no\n"
                          "require_certificate = no\n"
                          "private_key = %s\n"
                          "certificate = %s\n"
                          "\n"
                          "[client:default]\n"
                          "method = TLSv1.2+\n"
                          "verify_certificate = no\n"
                          "require_certificate = no\n",
                          options->tls_key, options->tls_cert);
  return g_file_set_contents (path, text, -1, error);
}

/* One SIP OPTIONS over UDP; TRUE when a 200 comes back within @wait_ms. */
static gboolean
probe_options (TlTestKamailio *self,
               guint           attempt,
               guint           wait_ms)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (self->address);
  g_autoptr(GSocketAddress) target = NULL;
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GInetAddress) any = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *request = NULL;
  char reply[4096];
  gssize n;
  guint local_port;

  if (address == NULL)
    return FALSE;
  socket = g_socket_new (g_inet_address_get_family (address), G_SOCKET_TYPE_DATAGRAM,
                         G_SOCKET_PROTOCOL_UDP, NULL);
  if (socket == NULL)
    return FALSE;
  any = g_inet_address_new_any (g_inet_address_get_family (address));
  local = g_inet_socket_address_new (any, 0);
  if (!g_socket_bind (socket, local, FALSE, NULL))
    return FALSE;
  bound = g_socket_get_local_address (socket, NULL);
  local_port = bound ? g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)) : 5060;
  target = g_inet_socket_address_new (address, (guint16) self->port);

  request = g_strdup_printf ("OPTIONS sip:%s:%u SIP/2.0\r\n"
                             "Via: SIP/2.0/UDP %s:%u;branch=z9hG4bK-tlprobe-%u-%u;rport\r\n"
                             "Max-Forwards: 5\r\n"
                             "From: <sip:probe@%s>;tag=tlprobe%u\r\n"
                             "To: <sip:%s:%u>\r\n"
                             "Call-ID: tlprobe-%u-%u@%s\r\n"
                             "CSeq: %u OPTIONS\r\n"
                             "Content-Length: 0\r\n\r\n",
                             self->address, self->port,
                             self->address, local_port, (guint) getpid (), attempt,
                             self->address, attempt,
                             self->address, self->port,
                             (guint) getpid (), attempt, self->address,
                             attempt + 1);
  if (g_socket_send_to (socket, target, request, strlen (request), NULL, NULL) < 0)
    return FALSE;
  if (!g_socket_condition_timed_wait (socket, G_IO_IN, (gint64) wait_ms * 1000, NULL, NULL))
    return FALSE;
  n = g_socket_receive (socket, reply, sizeof reply - 1, NULL, NULL);
  if (n <= 0)
    return FALSE;
  reply[n] = '\0';
  return g_str_has_prefix (reply, "SIP/2.0 200");
}

static gboolean
tcp_port_answers (const char *address,
                  guint       port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;

  g_socket_client_set_timeout (client, 1);
  connection = g_socket_client_connect_to_host (client, address, (guint16) port, NULL, NULL);
  if (connection == NULL)
    return FALSE;
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

static gboolean
wait_ready (TlTestKamailio *self,
            GError        **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) READY_TIMEOUT_MS * 1000;
  gboolean udp_ok = FALSE;

  for (guint attempt = 0; g_get_monotonic_time () < deadline; attempt++)
    {
      if (!tl_test_process_alive (self->process))
        {
          g_set_error (error, TL_TEST_ERROR, TL_TEST_ERROR_FAILED,
                       "kamailio exited during start-up; see %s", self->log_path);
          return FALSE;
        }
      if (!udp_ok)
        udp_ok = probe_options (self, attempt, 100);
      if (udp_ok && (!self->tls || tcp_port_answers (self->address, self->tls_port)))
        return TRUE;
      if (!udp_ok)
        continue;   /* the probe itself waited */
      tl_test_sleep_ms (20);
    }
  g_set_error (error, TL_TEST_ERROR, TL_TEST_ERROR_FAILED,
               "kamailio did not answer OPTIONS on %s:%u in %u ms; see %s",
               self->address, self->port, READY_TIMEOUT_MS, self->log_path);
  return FALSE;
}

TlTestKamailio *
tl_test_kamailio_start (const char                  *scratch_dir,
                        const TlTestKamailioOptions *options,
                        GError                     **error)
{
  g_autoptr(TlTestKamailio) self = g_new0 (TlTestKamailio, 1);
  g_autofree char *script = NULL;
  g_autofree char *tls_config = NULL;
  g_autofree char *run_dir = NULL;
  g_autofree char *pid_file = NULL;
  const char *domain;

  self->address = g_strdup (options && options->address ? options->address : "127.0.0.1");
  domain = options && options->domain ? options->domain : self->address;
  if (!is_safe_token (self->address) || !is_safe_token (domain) ||
      (options && options->trusted_address && !is_safe_token (options->trusted_address))
      || (options && options->mailbox && !is_safe_token (options->mailbox)))
    {
      g_set_error (error, TL_TEST_ERROR, TL_TEST_ERROR_INVALID,
                   "address, domain or trusted address has unexpected characters");
      return NULL;
    }

  /* Each instance gets its own folder and log: tests run a primary and a
   * fallback side by side, and restart one on the same port. */
  {
    static guint instances;
    g_autofree char *name = g_strdup_printf ("kamailio-%u", ++instances);

    self->dir = g_build_filename (scratch_dir, name, NULL);
    self->log_path = g_strdup_printf ("%s.log", self->dir);
  }
  run_dir = g_build_filename (self->dir, "run", NULL);
  if (g_mkdir_with_parents (run_dir, 0700) != 0)
    {
      g_set_error (error, TL_TEST_ERROR, TL_TEST_ERROR_FAILED, "cannot create %s", run_dir);
      return NULL;
    }
  self->config_path = g_build_filename (self->dir, "kamailio.cfg", NULL);
  pid_file = g_build_filename (run_dir, "kamailio.pid", NULL);
  tls_config = g_build_filename (self->dir, "tls.cfg", NULL);

  self->port = options && options->port ? options->port : tl_test_free_port ();
  self->tls = options && options->tls;
  if (self->tls)
    {
      self->tls_port = options->tls_port ? options->tls_port : tl_test_free_port ();
      if (!write_tls_config (options, tls_config, error))
        return NULL;
    }
  self->hostport = g_strdup_printf ("%s:%u", self->address, self->port);

  script = build_script (self, options, domain, tls_config, error);
  if (script == NULL)
    return NULL;
  if (!g_file_set_contents (self->config_path, script, -1, error))
    return NULL;

  {
    const char *argv[] = {
      "kamailio", "-f", self->config_path, "-DD", "-E", "-m", "32", "-M", "8",
      "-Y", run_dir, "-P", pid_file, "-w", self->dir, NULL
    };

    self->process = tl_test_spawn (argv, NULL, self->dir, self->log_path, TRUE, error);
  }
  if (self->process == NULL)
    return NULL;

  if (!wait_ready (self, error))
    return NULL;
  g_debug ("kamailio ready on %s (tls %u)", self->hostport, self->tls_port);
  return g_steal_pointer (&self);
}

guint
tl_test_kamailio_get_port (TlTestKamailio *self)
{
  return self->port;
}

guint
tl_test_kamailio_get_tls_port (TlTestKamailio *self)
{
  return self->tls_port;
}

const char *
tl_test_kamailio_get_hostport (TlTestKamailio *self)
{
  return self->hostport;
}

const char *
tl_test_kamailio_get_log_path (TlTestKamailio *self)
{
  return self->log_path;
}

static char **
read_log_lines (TlTestKamailio *self)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents (self->log_path, &text, NULL, NULL))
    return g_new0 (char *, 1);
  return g_strsplit (text, "\n", -1);
}

/* The text after "@key" up to the next space (or the end of the line). */
static char *
field_after (const char *line,
             const char *key)
{
  const char *start = strstr (line, key);
  const char *end;

  if (start == NULL)
    return NULL;
  start += strlen (key);
  end = strchr (start, ' ');
  return end ? g_strndup (start, (gsize) (end - start)) : g_strdup (start);
}

guint
tl_test_kamailio_count_requests (TlTestKamailio *self,
                                 const char     *method,
                                 const char     *from_user)
{
  g_auto(GStrv) lines = read_log_lines (self);
  guint count = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line_method = field_after (lines[i], "TLREQ ");
      g_autofree char *user = NULL;

      if (line_method == NULL)
        continue;
      if (method != NULL && g_ascii_strcasecmp (line_method, method) != 0)
        continue;
      user = field_after (lines[i], " from=");
      if (from_user != NULL && g_strcmp0 (user, from_user) != 0)
        continue;
      count++;
    }
  return count;
}

static gboolean
is_unregister (const char *contact)
{
  const char *expires = strstr (contact, "expires=");

  return expires != NULL && g_ascii_strtoull (expires + strlen ("expires="), NULL, 10) == 0;
}

char *
tl_test_kamailio_last_contact (TlTestKamailio *self,
                               const char     *user)
{
  g_auto(GStrv) lines = read_log_lines (self);
  g_autofree char *key = g_strdup_printf ("TLCONTACT user=%s contact=", user);
  char *result = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *contact = strstr (lines[i], key);
      const char *end;

      if (contact == NULL)
        continue;
      contact += strlen (key);
      /* Un-REGISTERs (expires=0) are logged too; they are no contact. */
      if (is_unregister (contact))
        continue;
      if (*contact == '<' && (end = strchr (contact, '>')) != NULL)
        contact++;
      else
        end = contact + strcspn (contact, "; \r");
      g_free (result);
      result = g_strndup (contact, (gsize) (end - contact));
    }
  return result;
}

guint
tl_test_kamailio_count_unregisters (TlTestKamailio *self,
                                    const char     *user)
{
  g_auto(GStrv) lines = read_log_lines (self);
  g_autofree char *key = g_strdup_printf ("TLCONTACT user=%s contact=", user);
  guint count = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *contact = strstr (lines[i], key);

      if (contact != NULL && is_unregister (contact + strlen (key)))
        count++;
    }
  return count;
}

typedef struct {
  TlTestKamailio *self;
  const char     *user;
  const char     *needle;
  char           *contact;
} ContactWait;

static gboolean
contact_seen (gpointer user_data)
{
  ContactWait *wait = user_data;

  g_free (wait->contact);
  wait->contact = tl_test_kamailio_last_contact (wait->self, wait->user);
  return wait->contact != NULL && (wait->needle == NULL || strstr (wait->contact, wait->needle) != NULL);
}

char *
tl_test_kamailio_await_contact (TlTestKamailio *self,
                                const char     *user,
                                const char     *needle,
                                guint           timeout_ms)
{
  ContactWait wait = { self, user, needle, NULL };

  /* Kamailio writes its log line after it answered: a registered client may see
   * its 200 OK before the line is there. */
  TL_TEST_AWAIT (contact_seen (&wait), timeout_ms, "the contact of %s is %s", user,
                 wait.contact != NULL ? wait.contact : "not logged");
  return wait.contact;
}

void
tl_test_kamailio_stop (TlTestKamailio *self)
{
  /* SIGTERM to the main process: it stops its workers; the group SIGKILL at
   * the end catches any that did not follow. */
  static const int ladder[] = { SIGTERM, 0 };

  if (self == NULL || self->process == NULL)
    return;
  tl_test_process_stop (self->process, ladder, 5000, TRUE);
}

void
tl_test_kamailio_free (TlTestKamailio *self)
{
  if (self == NULL)
    return;
  tl_test_kamailio_stop (self);
  g_clear_object (&self->process);
  g_free (self->dir);
  g_free (self->config_path);
  g_free (self->log_path);
  g_free (self->address);
  g_free (self->hostport);
  g_free (self);
}
