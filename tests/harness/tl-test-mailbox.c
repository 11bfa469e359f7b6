/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A voicemail server's message-summary side on loopback UDP: it accepts every
 * SUBSCRIBE (Kamailio sends them here, authenticated) and, when the test says,
 * NOTIFYs the subscriber straight at its Contact. Just enough RFC 3261/6665
 * for one dialog at a time; it runs on the main context the test iterates. */
#include "config.h"

#include "tl-test-trunk.h"

#include <string.h>

struct _TlTestMailbox {
  GSocket *socket;
  GSource *source;
  guint    port;
  char    *hostport;
  guint    subscribes;
  guint    notify_ok;
  guint    cseq;
  /* The dialog of the last SUBSCRIBE. */
  char    *call_id;
  char    *local;       /* its To with our tag: our From in NOTIFYs */
  char    *remote;      /* its From: our To */
  char    *target;      /* its Contact URI */
};

/* The value of the first header @name (or its compact @letter), or NULL. */
static char *
header (char      **lines,
        const char *name,
        const char *letter)
{
  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      const char *colon = strchr (lines[i], ':');
      g_autofree char *key = NULL;

      if (colon == NULL)
        continue;
      key = g_strstrip (g_strndup (lines[i], (gsize) (colon - lines[i])));
      if (g_ascii_strcasecmp (key, name) == 0 || (letter != NULL && g_ascii_strcasecmp (key, letter) == 0))
        return g_strstrip (g_strdup (colon + 1));
    }
  return NULL;
}

/* Every header line called @name (or @letter), as they came, for copying. */
static void
copy_headers (GString    *out,
              char      **lines,
              const char *name,
              const char *letter)
{
  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      const char *colon = strchr (lines[i], ':');
      g_autofree char *key = NULL;

      if (colon == NULL)
        continue;
      key = g_strstrip (g_strndup (lines[i], (gsize) (colon - lines[i])));
      if (g_ascii_strcasecmp (key, name) == 0 || (letter != NULL && g_ascii_strcasecmp (key, letter) == 0))
        g_string_append_printf (out, "%s\r\n", lines[i]);
    }
}

/* "<sip:u@h:p;x>;y" → "sip:u@h:p;x". */
static char *
uri_of (const char *value)
{
  const char *open = strchr (value, '<');
  const char *close = open != NULL ? strchr (open, '>') : NULL;

  if (open != NULL && close != NULL)
    return g_strndup (open + 1, (gsize) (close - open - 1));
  return g_strndup (value, strcspn (value, ";"));
}

static GSocketAddress *
address_of_uri (const char *uri)
{
  const char *at = strchr (uri, '@');
  const char *host = at != NULL ? at + 1 : strchr (uri, ':') + 1;
  g_autofree char *hostport = g_strndup (host, strcspn (host, ";>"));
  const char *colon = strrchr (hostport, ':');
  guint port = colon != NULL ? (guint) g_ascii_strtoull (colon + 1, NULL, 10) : 5060;

  if (colon != NULL)
    hostport[colon - hostport] = '\0';
  return g_inet_socket_address_new_from_string (hostport, port);
}

static void
send_to (TlTestMailbox  *self,
         GSocketAddress *to,
         const GString  *message)
{
  g_autoptr(GError) error = NULL;

  if (g_socket_send_to (self->socket, to, message->str, message->len, NULL, &error) < 0)
    g_debug ("mailbox: send failed: %s", error->message);
}

static void
answer_subscribe (TlTestMailbox  *self,
                  char          **lines,
                  GSocketAddress *from)
{
  g_autofree char *to = header (lines, "To", "t");
  g_autofree char *from_value = header (lines, "From", "f");
  g_autofree char *call_id = header (lines, "Call-ID", "i");
  g_autofree char *cseq = header (lines, "CSeq", NULL);
  g_autofree char *contact = header (lines, "Contact", "m");
  g_autofree char *expires = header (lines, "Expires", NULL);
  g_autoptr(GString) reply = g_string_new ("SIP/2.0 200 OK\r\n");

  if (to == NULL || from_value == NULL || call_id == NULL || cseq == NULL)
    return;
  self->subscribes++;
  if (strstr (to, ";tag=") == NULL)
    {
      char *tagged = g_strdup_printf ("%s;tag=mbx%08x", to, g_random_int ());

      g_free (to);
      to = tagged;
    }
  copy_headers (reply, lines, "Via", "v");
  copy_headers (reply, lines, "Record-Route", NULL);
  g_string_append_printf (reply,
                          "From: %s\r\nTo: %s\r\nCall-ID: %s\r\nCSeq: %s\r\n"
                          "Contact: <sip:mailbox@%s>\r\nExpires: %s\r\nContent-Length: 0\r\n\r\n",
                          from_value, to, call_id, cseq, self->hostport, expires != NULL ? expires : "600");
  send_to (self, from, reply);

  if (contact != NULL && g_strcmp0 (self->call_id, call_id) != 0)
    {
      g_free (self->call_id);
      g_free (self->local);
      g_free (self->remote);
      g_free (self->target);
      self->call_id = g_steal_pointer (&call_id);
      self->local = g_steal_pointer (&to);
      self->remote = g_steal_pointer (&from_value);
      self->target = uri_of (contact);
      g_debug ("mailbox: subscription from %s", self->target);
    }
}

static gboolean
readable_cb (GSocket      *socket,
             GIOCondition  condition,
             gpointer      user_data)
{
  TlTestMailbox *self = user_data;
  g_autoptr(GSocketAddress) from = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  char buffer[8192];
  gssize n;

  n = g_socket_receive_from (socket, &from, buffer, sizeof buffer - 1, NULL, &error);
  if (n <= 0)
    return G_SOURCE_CONTINUE;
  buffer[n] = '\0';
  lines = g_strsplit (buffer, "\r\n", -1);
  if (g_str_has_prefix (lines[0], "SUBSCRIBE "))
    answer_subscribe (self, lines, from);
  else if (g_str_has_prefix (lines[0], "SIP/2.0 200"))
    {
      g_autofree char *cseq = header (lines, "CSeq", NULL);

      if (cseq != NULL && strstr (cseq, "NOTIFY") != NULL)
        self->notify_ok++;
    }
  else if (!g_str_has_prefix (lines[0], "SIP/2.0 "))
    g_debug ("mailbox: ignoring %s", lines[0]);
  return G_SOURCE_CONTINUE;
}

TlTestMailbox *
tl_test_mailbox_start (GError **error)
{
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr(GSocketAddress) bound = NULL;
  TlTestMailbox *self = g_new0 (TlTestMailbox, 1);

  self->socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, error);
  if (self->socket == NULL || !g_socket_bind (self->socket, address, FALSE, error)
      || (bound = g_socket_get_local_address (self->socket, error)) == NULL)
    {
      tl_test_mailbox_free (self);
      return NULL;
    }
  g_socket_set_blocking (self->socket, FALSE);
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  self->hostport = g_strdup_printf ("127.0.0.1:%u", self->port);
  self->source = g_socket_create_source (self->socket, G_IO_IN, NULL);
  g_source_set_callback (self->source, G_SOURCE_FUNC (readable_cb), self, NULL);
  g_source_attach (self->source, g_main_context_get_thread_default ());
  return self;
}

const char *
tl_test_mailbox_get_hostport (TlTestMailbox *self)
{
  return self->hostport;
}

guint
tl_test_mailbox_count_subscribes (TlTestMailbox *self)
{
  return self->subscribes;
}

guint
tl_test_mailbox_count_notify_ok (TlTestMailbox *self)
{
  return self->notify_ok;
}

gboolean
tl_test_mailbox_notify (TlTestMailbox *self,
                        const char    *body)
{
  g_autoptr(GSocketAddress) to = NULL;
  g_autoptr(GString) request = NULL;

  if (self->target == NULL || (to = address_of_uri (self->target)) == NULL)
    return FALSE;
  request = g_string_new (NULL);
  g_string_append_printf (request,
                          "NOTIFY %s SIP/2.0\r\n"
                          "Via: SIP/2.0/UDP %s;branch=z9hG4bK%08x%08x;rport\r\n"
                          "Max-Forwards: 70\r\n"
                          "From: %s\r\nTo: %s\r\nCall-ID: %s\r\nCSeq: %u NOTIFY\r\n"
                          "Contact: <sip:mailbox@%s>\r\n"
                          "Event: message-summary\r\n"
                          "Subscription-State: active;expires=600\r\n"
                          "Content-Type: application/simple-message-summary\r\n"
                          "Content-Length: %zu\r\n\r\n%s",
                          self->target, self->hostport, g_random_int (), g_random_int (),
                          self->local, self->remote, self->call_id, ++self->cseq, self->hostport,
                          strlen (body), body);
  send_to (self, to, request);
  return TRUE;
}

void
tl_test_mailbox_free (TlTestMailbox *self)
{
  if (self == NULL)
    return;
  if (self->source != NULL)
    {
      g_source_destroy (self->source);
      g_source_unref (self->source);
    }
  g_clear_object (&self->socket);
  g_free (self->hostport);
  g_free (self->call_id);
  g_free (self->local);
  g_free (self->remote);
  g_free (self->target);
  g_free (self);
}
