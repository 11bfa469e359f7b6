/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The engine's generated configuration: modules, control port, devices, tones off. */
#define G_LOG_DOMAIN "tl-engine"

#include "config.h"

#include "tl-engine-config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

/* Opus before G.711 so Opus is preferred; uuid is needed by sipnat=outbound; menu
 * provides the commands; mwi subscribes to voicemail for accounts that ask
 * (;mwi=yes); never stdio (needs a tty), cons (an open UDP command port) or
 * account (reads passwords from a file or prompts on stdin). */
static const char *const modules[] = {
  "opus.so",
  "g711.so",
  "portaudio.so",
  "srtp.so",
  "stun.so",
  "turn.so",
  "ice.so",
  "uuid.so",
  "menu.so",
  "mwi.so",
  NULL
};

/* Since 2021/2022 sample-format and rate conversion are filter modules: without
 * them a 4.x engine cannot join a 48 kHz device to an 8 kHz codec. Filters run in
 * this order when encoding. */
static const char *const filter_modules[] = {
  "auconv.so",
  "auresamp.so",
  NULL
};

/* Application modules, loaded after the rest. */
static const char *const app_modules[] = {
  "netroam.so",
  NULL
};

const char *const *
tl_engine_config_modules (void)
{
  return modules;
}

const char *const *
tl_engine_config_optional_modules (void)
{
  static const char *const all[] = { "auconv.so", "auresamp.so", "netroam.so", NULL };

  return all;
}

GStrv
tl_engine_config_find_optional_modules (const char *module_dir)
{
  g_autoptr(GStrvBuilder) found = g_strv_builder_new ();
  const char *const *optional = tl_engine_config_optional_modules ();

  for (guint i = 0; module_dir != NULL && optional[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (module_dir, optional[i], NULL);

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        g_strv_builder_add (found, optional[i]);
    }
  return g_strv_builder_end (found);
}

char *
tl_engine_config_listen_host (const char *listen_address)
{
  g_autoptr(GInetAddress) bare = NULL;
  g_autofree char *host = NULL;
  const char *close;

  if (listen_address == NULL || *listen_address == '\0')
    return NULL;
  /* A bare IPv6 address has colons of its own. */
  bare = g_inet_address_new_from_string (listen_address);
  if (bare != NULL)
    return g_inet_address_to_string (bare);
  if (listen_address[0] == '[')
    {
      close = strchr (listen_address, ']');
      if (close == NULL)
        return NULL;
      host = g_strndup (listen_address + 1, (gsize) (close - listen_address - 1));
    }
  else
    host = g_strndup (listen_address, strcspn (listen_address, ":"));
  return *host != '\0' ? g_steal_pointer (&host) : NULL;
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

GStrv
tl_engine_config_account_trust (const TlEngineAccount *const *accounts,
                                guint                         n_accounts)
{
  g_autoptr(GStrvBuilder) trust = g_strv_builder_new ();
  g_autoptr(GPtrArray) seen = g_ptr_array_new ();

  for (guint i = 0; i < n_accounts; i++)
    {
      add_once (seen, accounts[i]->ca_file);
      add_once (seen, accounts[i]->trusted_certificate);
    }
  g_ptr_array_sort (seen, compare_strings);
  for (guint i = 0; i < seen->len; i++)
    g_strv_builder_add (trust, g_ptr_array_index (seen, i));
  return g_strv_builder_end (trust);
}

/* 4.x takes one CA file: the accounts' CAs and pinned certificates go in one
 * bundle (a self-signed certificate is its own trust anchor). An unreadable CA
 * file is left out: its trunk then fails verification, and Trunkline's own
 * check says why. */
char *
tl_engine_config_trust_bundle (const char *const *trust)
{
  g_autoptr(GString) bundle = g_string_new (NULL);

  for (guint i = 0; trust != NULL && trust[i] != NULL; i++)
    {
      g_autofree char *text = NULL;
      g_autoptr(GError) error = NULL;

      if (g_str_has_prefix (trust[i], "-----BEGIN"))
        text = g_strdup (trust[i]);
      else if (!g_file_get_contents (trust[i], &text, NULL, &error))
        {
          g_debug ("CA file left out of the engine's trust: %s", error->message);
          continue;
        }
      g_string_append (bundle, text);
      if (bundle->len > 0 && bundle->str[bundle->len - 1] != '\n')
        g_string_append_c (bundle, '\n');
    }
  return bundle->len > 0 ? g_string_free (g_steal_pointer (&bundle), FALSE) : NULL;
}

char *
tl_engine_config_net_interface (const TlEngineDialect         *dialect,
                                const char                    *listen_address,
                                const TlEngineAccount *const *accounts,
                                guint                         n_accounts)
{
  if (listen_address != NULL)
    return tl_engine_config_listen_host (listen_address);
  if (dialect == NULL || !dialect->loopback_needs_interface || n_accounts == 0)
    return NULL;
  /* A trunk anywhere else keeps the engine's own addresses: 4.x cannot have
   * loopback and the others at once. */
  for (guint i = 0; i < n_accounts; i++)
    if (!tl_engine_account_is_loopback (accounts[i]))
      return NULL;
  return g_strdup ("127.0.0.1");
}

static const char *
first_existing (const char *const *paths,
                GFileTest          test)
{
  for (guint i = 0; paths[i] != NULL; i++)
    if (g_file_test (paths[i], test))
      return paths[i];
  return NULL;
}

const char *
tl_engine_config_system_ca_file (void)
{
  static const char *const bundles[] = {
    "/etc/ssl/certs/ca-certificates.crt",   /* Debian */
    "/etc/ssl/cert.pem",                    /* the Flatpak runtime */
    "/etc/pki/tls/certs/ca-bundle.crt",
    NULL
  };

  return first_existing (bundles, G_FILE_TEST_IS_REGULAR);
}

const char *
tl_engine_config_system_ca_path (void)
{
  static const char *const folders[] = { "/etc/ssl/certs", NULL };

  return first_existing (folders, G_FILE_TEST_IS_DIR);
}

static void
append_optional (GString           *out,
                 const char        *key,
                 const char *const *kind,
                 const char *const *present)
{
  for (guint i = 0; kind[i] != NULL; i++)
    if (present != NULL && g_strv_contains (present, kind[i]))
      g_string_append_printf (out, "%s\t%s\n", key, kind[i]);
}

static void
device_line (GString    *out,
             const char *key,
             const char *device)
{
  g_string_append_printf (out, "%s\t%s\n", key, device != NULL ? device : "portaudio,");
}

char *
tl_engine_config_render (const TlEngineConfig  *config,
                         const TlEngineDialect *dialect)
{
  GString *out = g_string_new ("# Generated by Trunkline for one engine run; do not edit.\n");
  g_autofree char *versioned = NULL;
  TlEngineTrust trust = { config->ca_file, config->system_ca_file, config->system_ca_path };

  g_string_append_printf (out, "module_path\t%s\n", config->module_dir);
  if (config->sip_listen != NULL)
    g_string_append_printf (out, "sip_listen\t%s\n", config->sip_listen);
  if (config->net_interface != NULL)
    g_string_append_printf (out, "net_interface\t%s\n", config->net_interface);
  g_string_append_printf (out, "audio_path\t%s\n", config->audio_path);
  device_line (out, "audio_player", config->audio_player);
  device_line (out, "audio_source", config->audio_source);
  device_line (out, "audio_alert", config->audio_alert);
  /* RTCP figures in call events for the quality view. */
  g_string_append (out, "rtp_stats\tyes\n");
  /* A phone call is mono: stereo capture, playback and Opus only cost CPU. */
  g_string_append (out, "ausrc_channels\t1\n");
  g_string_append (out, "auplay_channels\t1\n");
  g_string_append (out, "opus_stereo\tno\n");
  g_string_append (out, "opus_sprop_stereo\tno\n");
  /* Start playing after two frames, not five: the first words are not clipped
   * by the buffer, and it still grows to absorb jitter. */
  g_string_append_printf (out, "jitter_buffer_delay\t%s\n",
                          config->jitter_buffer != NULL ? config->jitter_buffer : "2-10");
  g_string_append (out, "ringback_disabled\tyes\n");
  /* The menu module would print a call status line ten times a second: nobody
   * reads it, and the engine and our output reader woke for every one. */
  g_string_append (out, "statmode_default\toff\n");
  versioned = tl_engine_dialect_config_lines (dialect, &trust);
  g_string_append (out, versioned);

  for (guint i = 0; modules[i] != NULL; i++)
    {
      g_string_append_printf (out, "module\t%s\n", modules[i]);
      if (g_str_equal (modules[i], "g711.so"))
        append_optional (out, "module", filter_modules, config->optional_modules);
    }
  append_optional (out, "module_app", app_modules, config->optional_modules);
  g_string_append (out, "module_app\tctrl_tcp.so\n");
  /* Never the default 0.0.0.0:4444: loopback and a port of our own. */
  g_string_append_printf (out, "ctrl_tcp_listen\t127.0.0.1:%u\n", config->control_port);

  if (config->extra != NULL)
    {
      g_string_append (out, config->extra);
      if (!g_str_has_suffix (config->extra, "\n"))
        g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

gboolean
tl_engine_config_write (const TlEngineConfig  *config,
                        const TlEngineDialect *dialect,
                        const char            *dir,
                        GError               **error)
{
  g_autofree char *text = tl_engine_config_render (config, dialect);
  g_autofree char *path = g_build_filename (dir, "config", NULL);

  return g_file_set_contents_full (path, text, -1,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}
