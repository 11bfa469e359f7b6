/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The call service as another process sees it, over a private peer-to-peer
 * D-Bus connection (no bus daemon): listing, picking, and what it answers to
 * requests it cannot or must not carry out. */
#include "config.h"

#include <gio/gio.h>
#include <string.h>
#include <sys/socket.h>

#include "tl-call-service.h"
#include "tl-test-events.h"

typedef struct {
  TlEngine        *engine;
  TlCallManager   *calls;
  TlCallService   *service;
  GDBusConnection *server;
  GDBusConnection *client;
} Fixture;

typedef struct {
  GDBusConnection *connection;
  GError          *error;
  gboolean         done;
} Connecting;

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Connecting *c = user_data;

  c->connection = g_dbus_connection_new_finish (result, &c->error);
  c->done = TRUE;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *guid = g_dbus_generate_guid ();
  g_autoptr(GSocket) a = NULL;
  g_autoptr(GSocket) b = NULL;
  g_autoptr(GSocketConnection) stream_a = NULL;
  g_autoptr(GSocketConnection) stream_b = NULL;
  Connecting server = { 0 }, client = { 0 };
  int pair[2];

  /* Two ends of a socket pair; the handshakes run together on this context. */
  g_assert_cmpint (socketpair (AF_UNIX, SOCK_STREAM, 0, pair), ==, 0);
  a = g_socket_new_from_fd (pair[0], &error);
  g_assert_no_error (error);
  b = g_socket_new_from_fd (pair[1], &error);
  g_assert_no_error (error);
  stream_a = g_socket_connection_factory_create_connection (a);
  stream_b = g_socket_connection_factory_create_connection (b);
  g_dbus_connection_new (G_IO_STREAM (stream_a), guid, G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_SERVER,
                         NULL, NULL, connected_cb, &server);
  g_dbus_connection_new (G_IO_STREAM (stream_b), NULL, G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT,
                         NULL, NULL, connected_cb, &client);
  TL_TEST_AWAIT (server.done && client.done, 5000, "server %s, client %s connected",
                 server.done ? "" : "not", client.done ? "" : "not");
  g_assert_no_error (server.error);
  g_assert_no_error (client.error);
  fixture->server = server.connection;
  fixture->client = client.connection;

  fixture->engine = tl_engine_new ();
  fixture->calls = tl_call_manager_new (fixture->engine, NULL);
  fixture->service = tl_call_service_new (fixture->calls);
  /* On a connection without a bus the name cannot be owned; the object still is. */
  g_assert_true (tl_call_service_export (fixture->service, fixture->server, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  tl_call_service_unexport (fixture->service);
  g_clear_object (&fixture->service);
  g_clear_object (&fixture->calls);
  g_clear_object (&fixture->engine);
  g_dbus_connection_close_sync (fixture->client, NULL, NULL);
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->server);
}

typedef struct {
  GVariant *reply;
  GError   *error;
  gboolean  done;
} Reply;

static void
called_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Reply *r = user_data;

  r->reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &r->error);
  r->done = TRUE;
}

/* Calls @method as a client would; returns the reply, or NULL with the remote
 * error's name in @error_name. */
static GVariant *
call (Fixture     *fixture,
      const char  *method,
      GVariant    *parameters,
      char       **error_name)
{
  Reply r = { 0 };

  g_dbus_connection_call (fixture->client, NULL, TL_CALL_SERVICE_OBJECT_PATH, TL_CALL_SERVICE_INTERFACE,
                          method, parameters, NULL, G_DBUS_CALL_FLAGS_NONE, 5000, NULL, called_cb, &r);
  TL_TEST_AWAIT (r.done, 10000, "no reply to %s", method);
  if (r.reply == NULL)
    {
      g_assert_nonnull (r.error);
      if (error_name != NULL)
        *error_name = g_dbus_error_get_remote_error (r.error);
      g_error_free (r.error);
    }
  return r.reply;
}

static void
assert_refused (Fixture    *fixture,
                const char *method,
                GVariant   *parameters,
                const char *expected)
{
  g_autofree char *name = NULL;
  g_autoptr(GVariant) reply = call (fixture, method, parameters, &name);

  g_assert_null (reply);
  g_assert_cmpstr (name, ==, expected);
}

static void
test_list_and_refusals (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GVariant) empty = NULL;
  g_autoptr(GVariant) none = NULL;
  g_autoptr(GVariant) listed = NULL;
  g_autoptr(GVariant) list = NULL;
  g_autoptr(GVariant) first = NULL;
  const char *state = NULL;
  const char *name = NULL;
  gboolean held = TRUE;

  empty = call (fixture, "List", NULL, NULL);
  g_assert_nonnull (empty);
  g_assert_cmpstr (g_variant_get_type_string (empty), ==, "(aa{sv})");
  none = g_variant_get_child_value (empty, 0);
  g_assert_cmpuint (g_variant_n_children (none), ==, 0);

  /* Nothing to act on, named or not. */
  assert_refused (fixture, "Hangup", g_variant_new ("(s)", ""), TL_CALL_SERVICE_ERROR_NO_CALL);
  assert_refused (fixture, "Hold", g_variant_new ("(s)", "no-such-id"), TL_CALL_SERVICE_ERROR_NO_CALL);
  /* The bus checks signatures against the interface. */
  assert_refused (fixture, "Hangup", g_variant_new ("(i)", 3), "org.freedesktop.DBus.Error.InvalidArgs");
  assert_refused (fixture, "Explode", g_variant_new ("(s)", ""), "org.freedesktop.DBus.Error.UnknownMethod");

  /* An incoming call with a hostile name shows as the safe text TlCall keeps. */
  tl_test_emit_event (fixture->engine, "{\"event\":true,\"type\":\"CALL_INCOMING\",\"direction\":\"incoming\","
                         "\"accountaor\":\"sip:a@t\",\"peeruri\":\"sip:eve@t\","
                         "\"peerdisplayname\":\"<b>Eve</b>\\u202e\\u0007\",\"id\":\"s1\"}");
  listed = call (fixture, "List", NULL, NULL);
  list = g_variant_get_child_value (listed, 0);
  g_assert_cmpuint (g_variant_n_children (list), ==, 1);
  first = g_variant_get_child_value (list, 0);
  g_assert_true (g_variant_lookup (first, "state", "&s", &state));
  g_assert_cmpstr (state, ==, "incoming");
  g_assert_true (g_variant_lookup (first, "peer-name", "&s", &name));
  g_assert_cmpstr (name, ==, "<b>Eve</b>");
  g_assert_true (g_variant_lookup (first, "held", "b", &held));
  g_assert_false (held);

  /* Hold fits no ringing call; bad digits and targets are refused before the
   * engine is asked; a transfer target that is no number and no SIP address
   * cannot go through a dial plan the call's account does not have. */
  assert_refused (fixture, "Hold", g_variant_new ("(s)", ""), TL_CALL_SERVICE_ERROR_NO_CALL);
  assert_refused (fixture, "SendDtmf", g_variant_new ("(ss)", "s1", "12;hangup"), TL_CALL_SERVICE_ERROR_INVALID);
  assert_refused (fixture, "Transfer", g_variant_new ("(ss)", "s1", "%n%s"), TL_CALL_SERVICE_ERROR_INVALID);
  /* The engine is not running: an action that passes every check says so. */
  assert_refused (fixture, "Answer", g_variant_new ("(s)", ""), TL_CALL_SERVICE_ERROR_FAILED);
  /* Attended transfer is refused while the engine has not said it can. */
  tl_test_emit_event (fixture->engine, "{\"event\":true,\"type\":\"CALL_ESTABLISHED\",\"id\":\"s1\"}");
  assert_refused (fixture, "StartTransfer", g_variant_new ("(ss)", "", "sip:carol@t"),
                  TL_CALL_SERVICE_ERROR_NOT_SUPPORTED);

  /* Answered and silent: the list carries the notice (what `trunkline-cli calls` prints). */
  {
    TlCall *live = tl_call_manager_find (fixture->calls, "s1");
    g_autoptr(GVariant) again = NULL;
    g_autoptr(GVariant) items = NULL;
    g_autoptr(GVariant) item = NULL;
    const char *notice = NULL;
    gboolean received = TRUE;

    g_assert_nonnull (live);
    TL_TEST_AWAIT (tl_call_get_media_notice (live) != NULL, TL_CALL_NO_MEDIA_TIMEOUT_MS + 5000,
                   "no media notice on the silent call");
    again = call (fixture, "List", NULL, NULL);
    items = g_variant_get_child_value (again, 0);
    item = g_variant_get_child_value (items, 0);
    g_assert_true (g_variant_lookup (item, "media-received", "b", &received));
    g_assert_false (received);
    g_assert_true (g_variant_lookup (item, "media-notice", "&s", &notice));
    g_assert_cmpstr (notice, ==, TL_CALL_NO_MEDIA_NOTICE);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/call-service/list-and-refusals", Fixture, NULL, fixture_setup, test_list_and_refusals,
              fixture_teardown);
  return g_test_run ();
}
