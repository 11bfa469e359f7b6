/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The generated engine configuration: modules and their order, loopback control, no tones. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "tl-engine.h"
#include "tl-engine-config.h"
#include "tl-paths.h"

static TlEngineConfig
sample_config (void)
{
  TlEngineConfig config = { 0 };

  config.module_dir = "/usr/lib/baresip/modules";
  config.audio_path = "/run/user/1000/trunkline/engine-x/sounds";
  config.control_port = 40123;
  return config;
}

static gssize
line_index (const char *text,
            const char *line)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (strcmp (lines[i], line) == 0)
      return i;
  return -1;
}

static void
test_modules_and_order (void)
{
  TlEngineConfig config = sample_config ();
  g_autofree char *text = tl_engine_config_render (&config, NULL);
  gssize opus = line_index (text, "module\topus.so");
  gssize g711 = line_index (text, "module\tg711.so");

  g_assert_cmpint (opus, >=, 0);
  g_assert_cmpint (g711, >, opus);  /* Opus preferred */
  g_assert_cmpint (line_index (text, "module\tportaudio.so"), >=, 0);
  g_assert_cmpint (line_index (text, "module\tsrtp.so"), >=, 0);
  g_assert_cmpint (line_index (text, "module\tuuid.so"), >=, 0);
  g_assert_cmpint (line_index (text, "module\tmenu.so"), >=, 0);
  g_assert_cmpint (line_index (text, "statmode_default\toff"), >=, 0);
  g_assert_cmpint (line_index (text, "module_app\tctrl_tcp.so"), >=, 0);
  g_assert_null (strstr (text, "stdio.so"));
  g_assert_null (strstr (text, "cons.so"));
  g_assert_null (strstr (text, "account.so"));
  g_assert_cmpint (line_index (text, "ctrl_tcp_listen\t127.0.0.1:40123"), >=, 0);
  g_assert_null (strstr (text, "0.0.0.0:4444"));
  g_assert_cmpint (line_index (text, "audio_path\t/run/user/1000/trunkline/engine-x/sounds"), >=, 0);
  g_assert_cmpint (line_index (text, "audio_player\tportaudio,"), >=, 0);
  g_assert_cmpint (line_index (text, "rtp_stats\tyes"), >=, 0);
  /* Calls are mono end to end. */
  g_assert_cmpint (line_index (text, "ausrc_channels\t1"), >=, 0);
  g_assert_cmpint (line_index (text, "auplay_channels\t1"), >=, 0);
  g_assert_cmpint (line_index (text, "opus_stereo\tno"), >=, 0);
  g_assert_cmpint (line_index (text, "jitter_buffer_delay\t2-10"), >=, 0);
}

static void
test_versioned_lines (void)
{
  TlEngineConfig config = sample_config ();
  TlEngineDialect v1, v4;
  g_autofree char *unknown = tl_engine_config_render (&config, NULL);
  g_autofree char *old = NULL;
  g_autofree char *new = NULL;

  g_assert_true (tl_engine_dialect_init_from_version (&v1, "1.0.0"));
  g_assert_true (tl_engine_dialect_init_from_version (&v4, "4.10.0"));
  old = tl_engine_config_render (&config, &v1);
  new = tl_engine_config_render (&config, &v4);
  /* 4.x turns verification off when no CA is configured: always write one. */
  g_assert_cmpint (line_index (new, "sip_verify_server\tyes"), >=, 0);
  g_assert_cmpint (line_index (new, "sip_capath\t/etc/ssl/certs"), >=, 0);
  g_assert_cmpint (line_index (new, "ring_aufile\tnone"), >=, 0);
  g_assert_cmpint (line_index (unknown, "sip_verify_server\tyes"), >=, 0);
  g_assert_cmpint (line_index (old, "sip_verify_server\tyes"), ==, -1);
  /* Requests over UDP must come from the registrar, on 4.x only. */
  g_assert_cmpint (line_index (new, "filter_registrar\tudp"), >=, 0);
  g_assert_null (strstr (old, "filter_registrar"));
  g_assert_null (strstr (unknown, "filter_registrar"));
}

static void
test_trust (void)
{
  TlEngineConfig config = sample_config ();
  TlEngineDialect v1, v4;
  g_autofree char *system = NULL;
  g_autofree char *account = NULL;
  g_autofree char *old = NULL;

  g_assert_true (tl_engine_dialect_init_from_version (&v1, "1.0.0"));
  g_assert_true (tl_engine_dialect_init_from_version (&v4, "4.10.0"));
  config.system_ca_file = "/etc/ssl/cert.pem";
  config.system_ca_path = "/etc/ssl/certs";
  /* No account CA: the runtime's bundle. */
  system = tl_engine_config_render (&config, &v4);
  g_assert_cmpint (line_index (system, "sip_cafile\t/etc/ssl/cert.pem"), >=, 0);
  g_assert_cmpint (line_index (system, "sip_capath\t/etc/ssl/certs"), >=, 0);
  g_assert_cmpint (line_index (system, "sip_verify_server\tyes"), >=, 0);
  /* The accounts' CAs replace the bundle; the runtime's folder keeps public CAs. */
  config.ca_file = "/run/user/1000/trunkline/engine-x/account-ca.pem";
  account = tl_engine_config_render (&config, &v4);
  g_assert_cmpint (line_index (account, "sip_cafile\t/run/user/1000/trunkline/engine-x/account-ca.pem"), >=, 0);
  g_assert_cmpint (line_index (account, "sip_capath\t/etc/ssl/certs"), >=, 0);
  g_assert_cmpint (line_index (account, "sip_cafile\t/etc/ssl/cert.pem"), ==, -1);
  /* 1.0.0 verifies nothing: no runtime trust lines. */
  config.ca_file = NULL;
  old = tl_engine_config_render (&config, &v1);
  g_assert_null (strstr (old, "sip_cafile"));
  g_assert_null (strstr (old, "sip_capath"));
  g_assert_null (strstr (old, "sip_verify_server"));
}

static void
test_optional_modules (void)
{
  TlEngineConfig config = sample_config ();
  const char *present[] = { "auresamp.so", "auconv.so", "netroam.so", NULL };
  g_autofree char *none = tl_engine_config_render (&config, NULL);
  g_autofree char *with = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tl-modules-XXXXXX", NULL);
  g_autofree char *auconv = g_build_filename (dir, "auconv.so", NULL);
  g_autofree char *netroam = g_build_filename (dir, "netroam.so", NULL);
  g_auto(GStrv) found = NULL;
  gssize g711, conv, resamp;

  g_assert_null (strstr (none, "auconv"));
  g_assert_null (strstr (none, "netroam"));
  config.optional_modules = present;
  with = tl_engine_config_render (&config, NULL);
  g711 = line_index (with, "module\tg711.so");
  conv = line_index (with, "module\tauconv.so");
  resamp = line_index (with, "module\tauresamp.so");
  /* Filters after the codecs, format conversion before resampling (encoding order). */
  g_assert_cmpint (conv, >, g711);
  g_assert_cmpint (resamp, >, conv);
  g_assert_cmpint (line_index (with, "module\tportaudio.so"), >, resamp);
  g_assert_cmpint (line_index (with, "module_app\tnetroam.so"), >=, 0);

  /* Only what the engine has installed is loaded (1.0.0 has none of them). */
  g_assert_true (g_file_set_contents (auconv, "", 0, NULL));
  g_assert_true (g_file_set_contents (netroam, "", 0, NULL));
  found = tl_engine_config_find_optional_modules (dir);
  g_assert_cmpuint (g_strv_length (found), ==, 2);
  g_assert_true (g_strv_contains ((const char *const *) found, "auconv.so"));
  g_assert_true (g_strv_contains ((const char *const *) found, "netroam.so"));
  g_clear_pointer (&found, g_strfreev);
  found = tl_engine_config_find_optional_modules ("/nonexistent");
  g_assert_cmpuint (g_strv_length (found), ==, 0);
  tl_paths_remove_tree (dir, NULL);
}

static void
test_listen_and_devices (void)
{
  TlEngineConfig config = sample_config ();
  g_autofree char *text = NULL;

  config.sip_listen = "127.0.0.1:5090";
  config.net_interface = "127.0.0.1";
  config.audio_player = "portaudio,3";
  config.extra = "jitter_buffer_delay\t5-10";
  text = tl_engine_config_render (&config, NULL);
  g_assert_cmpint (line_index (text, "sip_listen\t127.0.0.1:5090"), >=, 0);
  g_assert_cmpint (line_index (text, "net_interface\t127.0.0.1"), >=, 0);
  g_assert_cmpint (line_index (text, "audio_player\tportaudio,3"), >=, 0);
  g_assert_cmpint (line_index (text, "jitter_buffer_delay\t5-10"), >=, 0);
}

/* The audio latency setting reaches the config as one jitter-buffer line, and
 * the engine keeps only ranges it can take. */
static void
test_audio_latency (void)
{
  TlEngineConfig config = sample_config ();
  TlEngineAudioLatency latency = { 0, 0, 5000 };
  g_autoptr(TlEngine) engine = tl_engine_new ();
  g_autofree char *text = NULL;

  config.jitter_buffer = "1-4";
  text = tl_engine_config_render (&config, NULL);
  g_assert_cmpint (line_index (text, "jitter_buffer_delay\t1-4"), >=, 0);
  g_assert_cmpint (line_index (text, "jitter_buffer_delay\t2-10"), <, 0);

  tl_engine_get_audio_latency (engine, &latency);
  g_assert_cmpuint (latency.jitter_min_frames, ==, TL_ENGINE_AUDIO_LATENCY_DEFAULT.jitter_min_frames);
  g_assert_cmpuint (latency.sound_server_ms, ==, TL_ENGINE_AUDIO_LATENCY_DEFAULT.sound_server_ms);
  latency = (TlEngineAudioLatency) { 0, 0, 5000 };
  tl_engine_set_audio_latency (engine, &latency);
  tl_engine_get_audio_latency (engine, &latency);
  g_assert_cmpuint (latency.jitter_min_frames, ==, 1);
  g_assert_cmpuint (latency.jitter_max_frames, ==, 1);
  g_assert_cmpuint (latency.sound_server_ms, ==, 1000);
  tl_engine_set_audio_latency (engine, &TL_ENGINE_AUDIO_LATENCY_LOWEST);
  tl_engine_get_audio_latency (engine, &latency);
  g_assert_cmpuint (latency.jitter_max_frames, ==, TL_ENGINE_AUDIO_LATENCY_LOWEST.jitter_max_frames);
}

static void
test_listen_host (void)
{
  const struct { const char *listen; const char *host; } cases[] = {
    { "127.0.0.1:5090", "127.0.0.1" },
    { "127.0.0.1", "127.0.0.1" },
    { "0.0.0.0:0", "0.0.0.0" },
    /* IPv6, with and without brackets and port. */
    { "[::1]:5090", "::1" },
    { "[fd00::2]", "fd00::2" },
    { "::1", "::1" },
    { "sip.example.net:5060", "sip.example.net" },
    { "[::1", NULL },
    { ":5060", NULL },
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *host = tl_engine_config_listen_host (cases[i].listen);

      g_assert_cmpstr (host, ==, cases[i].host);
    }
}

static TlEngineAccount *
account_at (const char *domain,
            const char *ca_file,
            const char *pinned)
{
  TlEngineAccount *account = tl_engine_account_new ();

  account->user = g_strdup ("alice");
  account->domain = g_strdup (domain);
  account->ca_file = g_strdup (ca_file);
  account->trusted_certificate = g_strdup (pinned);
  return account;
}

static void
test_account_trust (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tl-trust-XXXXXX", NULL);
  g_autofree char *ca = g_build_filename (dir, "ca.pem", NULL);
  g_autofree char *missing = g_build_filename (dir, "gone.pem", NULL);
  const char *pem = "-----BEGIN CERTIFICATE-----\nUElOTkVE\n-----END CERTIFICATE-----";
  g_autoptr(TlEngineAccount) a = account_at ("sip.example.net", ca, NULL);
  g_autoptr(TlEngineAccount) b = account_at ("sip.example.org", ca, pem);
  g_autoptr(TlEngineAccount) c = account_at ("sip.example.com", missing, NULL);
  g_autoptr(TlEngineAccount) plain = account_at ("sip.example.com", NULL, NULL);
  const TlEngineAccount *accounts[] = { a, b, c, plain };
  g_auto(GStrv) trust = NULL;
  g_auto(GStrv) none = NULL;
  g_autofree char *bundle = NULL;

  g_assert_true (g_file_set_contents (ca, "-----BEGIN CERTIFICATE-----\nUFJJVkFURQ==\n-----END CERTIFICATE-----", -1, NULL));
  /* Each CA once, pinned certificates as their text. */
  trust = tl_engine_config_account_trust (accounts, G_N_ELEMENTS (accounts));
  g_assert_cmpuint (g_strv_length (trust), ==, 3);
  g_assert_true (g_strv_contains ((const char *const *) trust, ca));
  g_assert_true (g_strv_contains ((const char *const *) trust, pem));
  g_assert_true (g_strv_contains ((const char *const *) trust, missing));
  /* One bundle of what can be read, each certificate on its own lines. */
  bundle = tl_engine_config_trust_bundle ((const char *const *) trust);
  g_assert_nonnull (strstr (bundle, "UFJJVkFURQ==\n-----END CERTIFICATE-----\n"));
  g_assert_nonnull (strstr (bundle, "UElOTkVE\n-----END CERTIFICATE-----\n"));
  none = tl_engine_config_account_trust (accounts + 3, 1);
  g_assert_cmpuint (g_strv_length (none), ==, 0);
  g_assert_null (tl_engine_config_trust_bundle ((const char *const *) none));
  tl_paths_remove_tree (dir, NULL);
}

static void
test_net_interface (void)
{
  g_autoptr(TlEngineAccount) demo = account_at ("127.0.0.1:5070", NULL, NULL);
  g_autoptr(TlEngineAccount) trunk = account_at ("sip.example.net", NULL, NULL);
  const TlEngineAccount *demo_only[] = { demo };
  const TlEngineAccount *both[] = { demo, trunk };
  TlEngineDialect v1, v4;
  g_autofree char *chosen = NULL, *chosen6 = NULL, *loop4 = NULL, *loop1 = NULL, *mixed = NULL;
  g_autofree char *unknown = NULL, *empty = NULL;

  g_assert_true (tl_engine_dialect_init_from_version (&v1, "1.0.0"));
  g_assert_true (tl_engine_dialect_init_from_version (&v4, "4.10.0"));
  /* A chosen address is used as given, by every version. */
  chosen = tl_engine_config_net_interface (&v4, "192.0.2.7:5060", both, 2);
  chosen6 = tl_engine_config_net_interface (&v1, "[fd00::2]:5060", both, 2);
  g_assert_cmpstr (chosen, ==, "192.0.2.7");
  g_assert_cmpstr (chosen6, ==, "fd00::2");
  /* 4.x names loopback for the demo line alone; 1.0.0 reaches it anyway. */
  loop4 = tl_engine_config_net_interface (&v4, NULL, demo_only, 1);
  loop1 = tl_engine_config_net_interface (&v1, NULL, demo_only, 1);
  g_assert_cmpstr (loop4, ==, "127.0.0.1");
  g_assert_null (loop1);
  /* A real trunk keeps the engine's own addresses, and so does no account. */
  mixed = tl_engine_config_net_interface (&v4, NULL, both, 2);
  empty = tl_engine_config_net_interface (&v4, NULL, NULL, 0);
  unknown = tl_engine_config_net_interface (NULL, NULL, demo_only, 1);
  g_assert_null (mixed);
  g_assert_null (empty);
  g_assert_null (unknown);
}

static void
test_write_private (void)
{
  TlEngineConfig config = sample_config ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = tl_paths_make_private_dir ("tl-test-config", &error);
  g_autofree char *path = NULL;
  GStatBuf st;

  g_assert_no_error (error);
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_true (tl_engine_config_write (&config, NULL, dir, &error));
  g_assert_no_error (error);
  path = g_build_filename (dir, "config", NULL);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (tl_paths_remove_tree (dir, &error));
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
}

static void
test_private_dir_fallback (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *deep = g_strnfill (80, 'd');
  g_autofree char *runtime = g_build_filename ("/tmp", deep, NULL);
  g_autofree char *dir = NULL;

  /* A runtime dir too deep for socket paths: fall back to a private temp folder. */
  g_setenv ("XDG_RUNTIME_DIR", runtime, TRUE);
  dir = tl_paths_make_private_dir ("engine", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (dir), <, 60);
  tl_paths_remove_tree (dir, NULL);
  g_unsetenv ("XDG_RUNTIME_DIR");
  g_clear_pointer (&dir, g_free);
  dir = tl_paths_make_private_dir ("engine", &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (dir, G_FILE_TEST_IS_DIR));
  tl_paths_remove_tree (dir, NULL);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine-config/modules-and-order", test_modules_and_order);
  g_test_add_func ("/engine-config/versioned-lines", test_versioned_lines);
  g_test_add_func ("/engine-config/trust", test_trust);
  g_test_add_func ("/engine-config/optional-modules", test_optional_modules);
  g_test_add_func ("/engine-config/listen-and-devices", test_listen_and_devices);
  g_test_add_func ("/engine-config/listen-host", test_listen_host);
  g_test_add_func ("/engine-config/account-trust", test_account_trust);
  g_test_add_func ("/engine-config/net-interface", test_net_interface);
  g_test_add_func ("/engine-config/audio-latency", test_audio_latency);
  g_test_add_func ("/engine-config/write-private", test_write_private);
  g_test_add_func ("/engine-config/private-dir-fallback", test_private_dir_fallback);
  return g_test_run ();
}
