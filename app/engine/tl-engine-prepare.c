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

gboolean
tl_engine_prepare_run (TlEngine  *self,
                       GError   **error)
{
  g_autofree char *net_interface = NULL;
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
    {
      g_autoptr(GSocketConnectable) parsed = g_network_address_parse (self->listen_address, 0, NULL);

      if (parsed != NULL)
        net_interface = g_strdup (g_network_address_get_hostname (G_NETWORK_ADDRESS (parsed)));
    }

  config.module_dir = self->module_dir;
  config.audio_path = self->audio_dir;
  config.control_port = self->control_port;
  config.sip_listen = self->listen_address;
  config.net_interface = net_interface;
  config.audio_player = self->audio_player;
  config.audio_source = self->audio_source;
  config.audio_alert = self->audio_alert;
  config.extra = self->extra_config;
  return tl_engine_config_write (&config, self->have_dialect ? &self->dialect : NULL,
                                 self->config_dir, error);
}
