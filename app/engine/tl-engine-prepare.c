/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Getting one engine run ready: its binary, private folder, instance id, control port and config file. */
#define G_LOG_DOMAIN "tl-engine"

#include "config.h"

#include "tl-engine.h"
#include "tl-engine-private.h"

#include "tl-engine-config.h"
#include "tl-paths.h"
#include "tl-platform.h"

/* A free loopback TCP port right now; the engine binds it a moment later. */
static guint
pick_control_port (GError **error)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL || !g_socket_bind (socket, any, FALSE, error))
    return 0;
  bound = g_socket_get_local_address (socket, error);
  if (bound == NULL)
    return 0;
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* The instance id the engine puts in Contact (+sip.instance): stable per user,
 * so a registrar sees the same device across engine restarts. */
static gboolean
write_instance_uuid (const char  *config_dir,
                     GError     **error)
{
  g_autofree char *data_dir = tl_paths_data_dir ();
  g_autofree char *stored = g_build_filename (data_dir, "instance-id", NULL);
  g_autofree char *target = g_build_filename (config_dir, "uuid", NULL);
  g_autofree char *uuid = NULL;

  if (!g_file_get_contents (stored, &uuid, NULL, NULL) || !g_uuid_string_is_valid (g_strstrip (uuid)))
    {
      g_clear_pointer (&uuid, g_free);
      uuid = g_uuid_string_random ();
      if (g_mkdir_with_parents (data_dir, 0700) != 0
          || !g_file_set_contents_full (stored, uuid, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, NULL))
        g_debug ("Could not keep the instance id in %s; using a fresh one", stored);
    }
  return g_file_set_contents_full (target, uuid, -1, G_FILE_SET_CONTENTS_NONE, 0600, error);
}

static gint
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

static void
add_once (GPtrArray  *items,
          const char *item)
{
  if (item != NULL && !g_ptr_array_find_with_equal_func (items, item, g_str_equal, NULL))
    g_ptr_array_add (items, (gpointer) item);
}

/* What the accounts ask the engine to trust, each once, in a stable order:
 * private CA files, and the PEM text of certificates pinned on first use. */
static GStrv
account_trust (TlEngine *self)
{
  g_autoptr(GStrvBuilder) trust = g_strv_builder_new ();
  g_autoptr(GPtrArray) seen = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->accounts);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const TlEngineAccount *account = value;

      add_once (seen, account->ca_file);
      add_once (seen, account->trusted_certificate);
    }
  g_ptr_array_sort (seen, compare_strings);
  for (guint i = 0; i < seen->len; i++)
    g_strv_builder_add (trust, g_ptr_array_index (seen, i));
  return g_strv_builder_end (trust);
}

static gboolean
is_pem (const char *item)
{
  return g_str_has_prefix (item, "-----BEGIN");
}

/* 4.x takes one CA file: the accounts' CAs and pinned certificates joined into
 * one private bundle (a self-signed certificate is its own trust anchor). A CA
 * file that cannot be read is left out: its trunk then fails verification, and
 * Trunkline's own check says why. */
static char *
write_ca_bundle (TlEngine           *self,
                 const char *const  *trust,
                 GError            **error)
{
  g_autoptr(GString) bundle = g_string_new (NULL);
  g_autofree char *path = NULL;

  for (guint i = 0; trust[i] != NULL; i++)
    {
      g_autofree char *text = NULL;
      g_autoptr(GError) read_error = NULL;

      if (is_pem (trust[i]))
        text = g_strdup (trust[i]);
      else if (!g_file_get_contents (trust[i], &text, NULL, &read_error))
        {
          g_debug ("CA file left out of the engine's trust: %s", read_error->message);
          continue;
        }
      g_string_append (bundle, text);
      if (bundle->len > 0 && bundle->str[bundle->len - 1] != '\n')
        g_string_append_c (bundle, '\n');
    }
  if (bundle->len == 0)
    return NULL;
  path = g_build_filename (self->config_dir, "account-ca.pem", NULL);
  if (!g_file_set_contents_full (path, bundle->str, (gssize) bundle->len,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return NULL;
  return g_steal_pointer (&path);
}

static gboolean
run_trusts (TlEngine   *self,
            const char *item)
{
  return item == NULL
         || (self->run_trust != NULL && g_strv_contains ((const char *const *) self->run_trust, item));
}

/* No account reaches anything but loopback (the demo line, a test trunk),
 * and at least one does. */
static gboolean
accounts_want_loopback (TlEngine              *self,
                        const TlEngineAccount *extra)
{
  GHashTableIter iter;
  gpointer value;
  gboolean any = extra != NULL;

  if (extra != NULL && !tl_engine_account_is_loopback (extra))
    return FALSE;
  g_hash_table_iter_init (&iter, self->accounts);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      if (!tl_engine_account_is_loopback (value))
        return FALSE;
      any = TRUE;
    }
  return any;
}

gboolean
tl_engine_account_needs_new_run (TlEngine              *self,
                                 const TlEngineAccount *account)
{
  if (!self->have_dialect)
    return FALSE;
  if (self->dialect.verifies_tls_server
      && (!run_trusts (self, account->ca_file) || !run_trusts (self, account->trusted_certificate)))
    return TRUE;
  /* Only where the engine picks its addresses itself: a chosen address stays. */
  return self->dialect.loopback_needs_interface && self->listen_address == NULL
         && !self->run_on_loopback && accounts_want_loopback (self, account);
}

gboolean
tl_engine_prepare_run (TlEngine  *self,
                       GError   **error)
{
  g_autofree char *net_interface = NULL;
  g_autofree char *ca_bundle = NULL;
  g_auto(GStrv) optional_modules = NULL;
  TlEngineConfig config = { 0 };
  const char *override;

  override = g_getenv ("TRUNKLINE_ENGINE");
  g_free (self->binary);
  self->binary = (override != NULL && *override != '\0') ? g_strdup (override)
                                                          : tl_platform_find_engine_binary ();
  if (self->binary == NULL)
    {
      g_set_error_literal (error, TL_ENGINE_ERROR, TL_ENGINE_ERROR_NOT_FOUND,
                           "The call engine (baresip) is not installed");
      return FALSE;
    }
  override = g_getenv ("TRUNKLINE_ENGINE_MODULES");
  g_free (self->module_dir);
  self->module_dir = (override != NULL && *override != '\0') ? g_strdup (override)
                                                             : tl_platform_engine_module_dir (self->binary);

  if (self->config_dir == NULL)
    {
      self->config_dir = tl_paths_make_private_dir ("engine", error);
      if (self->config_dir == NULL)
        return FALSE;
      self->audio_dir = g_build_filename (self->config_dir, "sounds", NULL);
      if (g_mkdir_with_parents (self->audio_dir, 0700) != 0)
        {
          g_set_error (error, TL_ENGINE_ERROR, TL_ENGINE_ERROR_SPAWN,
                       "Cannot create %s", self->audio_dir);
          return FALSE;
        }
      if (!write_instance_uuid (self->config_dir, error))
        return FALSE;
    }

  self->control_port = pick_control_port (error);
  if (self->control_port == 0)
    return FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), tl_engine_properties[PROP_CONTROL_PORT]);

  if (self->listen_address != NULL)
    net_interface = tl_engine_config_listen_host (self->listen_address);
  /* 4.x uses a loopback address only when net_interface names it: lines that
   * reach only this machine get it; trunks keep the engine's own choice. */
  self->run_on_loopback = self->have_dialect && self->dialect.loopback_needs_interface
                          && net_interface == NULL && accounts_want_loopback (self, NULL);
  if (self->run_on_loopback)
    net_interface = g_strdup ("127.0.0.1");

  g_clear_pointer (&self->run_trust, g_strfreev);
  if (self->have_dialect && self->dialect.verifies_tls_server)
    {
      self->run_trust = account_trust (self);
      ca_bundle = write_ca_bundle (self, (const char *const *) self->run_trust, error);
      if (ca_bundle == NULL && error != NULL && *error != NULL)
        return FALSE;
      config.system_ca_file = tl_engine_config_system_ca_file ();
      config.system_ca_path = tl_engine_config_system_ca_path ();
    }
  optional_modules = tl_engine_config_find_optional_modules (self->module_dir);
  self->run_has_netroam = g_strv_contains ((const char *const *) optional_modules, "netroam.so");

  config.module_dir = self->module_dir;
  config.audio_path = self->audio_dir;
  config.control_port = self->control_port;
  config.sip_listen = self->listen_address;
  config.net_interface = net_interface;
  config.audio_player = self->audio_player;
  config.audio_source = self->audio_source;
  config.audio_alert = self->audio_alert;
  config.ca_file = ca_bundle;
  config.optional_modules = (const char *const *) optional_modules;
  config.extra = self->extra_config;
  return tl_engine_config_write (&config, self->have_dialect ? &self->dialect : NULL,
                                 self->config_dir, error);
}
