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

/* The engine's accounts, plus @extra when not NULL (borrowed pointers). */
static GPtrArray *
collect_accounts (TlEngine              *self,
                  const TlEngineAccount *extra)
{
  GPtrArray *accounts = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->accounts);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (value != extra)
      g_ptr_array_add (accounts, value);
  if (extra != NULL)
    g_ptr_array_add (accounts, (gpointer) extra);
  return accounts;
}

static gboolean
run_trusts (TlEngine   *self,
            const char *item)
{
  return item == NULL
         || (self->run_trust != NULL && g_strv_contains ((const char *const *) self->run_trust, item));
}

gboolean
tl_engine_account_needs_new_run (TlEngine              *self,
                                 const TlEngineAccount *account)
{
  g_autoptr(GPtrArray) accounts = NULL;
  g_autofree char *wanted = NULL;

  if (!self->have_dialect)
    return FALSE;
  if (self->dialect.verifies_tls_server
      && (!run_trusts (self, account->ca_file) || !run_trusts (self, account->trusted_certificate)))
    return TRUE;
  if (self->run_on_loopback || self->listen_address != NULL)
    return FALSE;
  /* The first line that reaches only this machine, with no other: 4.x must be
   * told to use loopback. */
  accounts = collect_accounts (self, account);
  wanted = tl_engine_config_net_interface (&self->dialect, NULL,
                                           (const TlEngineAccount *const *) accounts->pdata,
                                           accounts->len);
  return wanted != NULL;
}

gboolean
tl_engine_prepare_run (TlEngine  *self,
                       GError   **error)
{
  g_autofree char *net_interface = NULL;
  g_autofree char *ca_bundle = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_auto(GStrv) optional_modules = NULL;
  g_autofree char *jitter_buffer = NULL;
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

  accounts = collect_accounts (self, NULL);
  /* 4.x uses a loopback address only when net_interface names it. */
  net_interface = tl_engine_config_net_interface (self->have_dialect ? &self->dialect : NULL,
                                                  self->listen_address,
                                                  (const TlEngineAccount *const *) accounts->pdata,
                                                  accounts->len);
  self->run_on_loopback = self->listen_address == NULL && net_interface != NULL;

  g_clear_pointer (&self->run_trust, g_strfreev);
  if (self->have_dialect && self->dialect.verifies_tls_server)
    {
      g_autofree char *bundle = NULL;

      self->run_trust = tl_engine_config_account_trust ((const TlEngineAccount *const *) accounts->pdata,
                                                        accounts->len);
      bundle = tl_engine_config_trust_bundle ((const char *const *) self->run_trust);
      if (bundle != NULL)
        {
          ca_bundle = g_build_filename (self->config_dir, "account-ca.pem", NULL);
          if (!g_file_set_contents_full (ca_bundle, bundle, -1, G_FILE_SET_CONTENTS_CONSISTENT,
                                         0600, error))
            return FALSE;
        }
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
  jitter_buffer = g_strdup_printf ("%u-%u", self->audio_latency.jitter_min_frames,
                                   self->audio_latency.jitter_max_frames);
  config.jitter_buffer = jitter_buffer;
  config.extra = self->extra_config;
  return tl_engine_config_write (&config, self->have_dialect ? &self->dialect : NULL,
                                 self->config_dir, error);
}
