/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Startup benchmark: `trunkline-cli register` against a local Kamailio, beside a bare
 * engine with the same modules registering the same account (the floor). */
#define G_LOG_DOMAIN "tl-bench"

#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "tl-engine-config.h"
#include "tl-netstring.h"
#include "tl-paths.h"
#include "tl-test-trunk.h"

#define RUNS 20
#define PASSWORD "bench-pw-7f3a"

typedef struct {
  double ms;
  guint64 cli_rss_kb, cli_pss_kb, engine_rss_kb, engine_pss_kb;
} Sample;

static guint64
proc_field_kb (const char *pid,
               const char *file,
               const char *field)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/%s", pid, file);
  g_autofree char *text = NULL;
  const char *p;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return 0;
  p = strstr (text, field);
  if (p == NULL)
    return 0;
  p += strlen (field);
  while (*p == ' ' || *p == '\t' || *p == ':')
    p++;
  return g_ascii_strtoull (p, NULL, 10);
}

/* Children of @pid (first one), from /proc; the engine is the CLI's only child. */
static char *
first_child (const char *pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/task/%s/children", pid, pid);
  g_autofree char *text = NULL;
  g_auto(GStrv) parts = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return NULL;
  parts = g_strsplit (g_strstrip (text), " ", 2);
  return (parts[0] != NULL && *parts[0] != '\0') ? g_strdup (parts[0]) : NULL;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *v,
        guint   n)
{
  qsort (v, n, sizeof *v, compare_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

static double
maximum (const double *v,
         guint         n)
{
  double m = 0;

  for (guint i = 0; i < n; i++)
    m = MAX (m, v[i]);
  return m;
}

static gboolean
run_cli (const char *cli,
         guint       port,
         Sample     *out)
{
  g_autofree char *domain = g_strdup_printf ("127.0.0.1:%u", port);
  const char *argv[] = { cli, "register", "--user", "alice", "--domain", domain,
                         "--listen", "127.0.0.1:0", "--password-stdin", "--timeout", "10", NULL };
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  g_autoptr(GError) error = NULL;
  GOutputStream *stdin_pipe;
  gint64 t0 = g_get_monotonic_time ();
  gboolean ok = FALSE;

  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                  | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  if (proc == NULL)
    {
      g_printerr ("cannot run %s: %s\n", cli, error->message);
      return FALSE;
    }
  stdin_pipe = g_subprocess_get_stdin_pipe (proc);
  g_output_stream_write_all (stdin_pipe, PASSWORD "\n", strlen (PASSWORD) + 1, NULL, NULL, NULL);
  g_output_stream_close (stdin_pipe, NULL, NULL);
  in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line (in, NULL, NULL, NULL);

      if (line == NULL)
        break;
      if (g_str_has_prefix (line, "registered"))
        {
          const char *pid = g_subprocess_get_identifier (proc);
          g_autofree char *engine = first_child (pid);

          out->ms = (double) (g_get_monotonic_time () - t0) / 1000.0;
          out->cli_rss_kb = proc_field_kb (pid, "status", "VmHWM");
          out->cli_pss_kb = proc_field_kb (pid, "smaps_rollup", "Pss");
          if (engine != NULL)
            {
              out->engine_rss_kb = proc_field_kb (engine, "status", "VmHWM");
              out->engine_pss_kb = proc_field_kb (engine, "smaps_rollup", "Pss");
            }
          ok = TRUE;
        }
    }
  tl_test_subprocess_wait (proc, 60000, NULL);
  return ok && g_subprocess_get_if_exited (proc) && g_subprocess_get_exit_status (proc) == 0;
}

static void
send_frame (GOutputStream *out,
            const char    *json)
{
  g_autoptr(GBytes) frame = tl_netstring_encode (json, strlen (json));
  gsize len;
  const guint8 *data = g_bytes_get_data (frame, &len);

  g_output_stream_write_all (out, data, len, NULL, NULL, NULL);
}

/* A bare engine, same modules and config, driven by hand: spawn → REGISTER_OK. */
static gboolean
run_bare (const char *scratch,
          guint       port,
          Sample     *out)
{
  g_autofree char *dir = g_build_filename (scratch, "bare", NULL);
  g_autofree char *sounds = g_build_filename (dir, "sounds", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GSocketConnection) conn = NULL;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(TlNetstringDecoder) decoder = tl_netstring_decoder_new (1 << 20);
  g_autofree char *cmd = NULL;
  TlEngineConfig config = { 0 };
  guint ctrl = tl_test_free_port ();
  gint64 t0;
  gboolean ok = FALSE;

  g_mkdir_with_parents (sounds, 0700);
  config.module_dir = "/usr/lib/baresip/modules";
  config.audio_path = sounds;
  config.control_port = ctrl;
  config.sip_listen = "127.0.0.1:0";
  config.net_interface = "127.0.0.1";
  if (!tl_engine_config_write (&config, NULL, dir, &error))
    return FALSE;

  t0 = g_get_monotonic_time ();
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                           | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                           "baresip", "-4", "-f", dir, NULL);
  if (proc == NULL)
    return FALSE;
  for (guint i = 0; i < 2000 && conn == NULL; i++)
    {
      g_clear_error (&error);
      conn = g_socket_client_connect_to_host (client, "127.0.0.1", (guint16) ctrl, NULL, &error);
      if (conn == NULL)
        g_usleep (1000);
    }
  if (conn == NULL)
    goto done;
  cmd = g_strdup_printf ("{\"command\":\"uanew\",\"params\":\"<sip:alice@127.0.0.1:%u;transport=udp>;auth_pass=%s;regint=600\",\"token\":\"1\"}",
                         port, PASSWORD);
  send_frame (g_io_stream_get_output_stream (G_IO_STREAM (conn)), cmd);
  while (!ok)
    {
      guint8 buf[8192];
      gssize n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (conn)),
                                      buf, sizeof buf, NULL, NULL);

      if (n <= 0)
        break;
      tl_netstring_decoder_feed (decoder, buf, (gsize) n);
      for (;;)
        {
          g_autoptr(GBytes) frame = NULL;

          if (tl_netstring_decoder_next (decoder, &frame, NULL) != TL_NETSTRING_FRAME)
            break;
          if (g_strstr_len (g_bytes_get_data (frame, NULL), (gssize) g_bytes_get_size (frame),
                            "\"REGISTER_OK\"") != NULL)
            {
              const char *pid = g_subprocess_get_identifier (proc);

              out->ms = (double) (g_get_monotonic_time () - t0) / 1000.0;
              out->engine_rss_kb = proc_field_kb (pid, "status", "VmHWM");
              out->engine_pss_kb = proc_field_kb (pid, "smaps_rollup", "Pss");
              ok = TRUE;
            }
        }
    }
done:
  g_subprocess_send_signal (proc, SIGTERM);
  g_subprocess_send_signal (proc, SIGTERM);
  tl_test_subprocess_wait (proc, 60000, NULL);
  tl_paths_remove_tree (dir, NULL);
  return ok;
}

int
main (int    argc,
      char **argv)
{
  const char *cli = g_getenv ("TL_CLI");
  g_autofree char *scratch = tl_test_scratch_new ("bench-startup");
  const char *users[] = { "alice:" PASSWORD, NULL };
  TlTestKamailioOptions options = { .users = users };
  g_autoptr(TlTestKamailio) kamailio = NULL;
  g_autoptr(GError) error = NULL;
  Sample cli_runs[RUNS] = { 0 }, bare_runs[RUNS] = { 0 };
  double cli_ms[RUNS], bare_ms[RUNS];
  guint64 cli_rss = 0, cli_pss = 0, eng_rss = 0, eng_pss = 0, bare_rss = 0, bare_pss = 0;
  guint port;

  if (cli == NULL || *cli == '\0')
    {
      g_printerr ("TL_CLI must name the trunkline-cli binary\n");
      return 2;
    }
  kamailio = tl_test_kamailio_start (scratch, &options, &error);
  if (kamailio == NULL)
    {
      g_printerr ("Kamailio: %s\n", error->message);
      return 1;
    }
  port = tl_test_kamailio_get_port (kamailio);

  for (guint i = 0; i < RUNS; i++)
    {
      if (!run_cli (cli, port, &cli_runs[i]) || !run_bare (scratch, port, &bare_runs[i]))
        {
          g_printerr ("run %u failed\n", i);
          tl_test_scratch_finish (scratch, TRUE);
          return 1;
        }
      cli_ms[i] = cli_runs[i].ms;
      bare_ms[i] = bare_runs[i].ms;
      cli_rss = MAX (cli_rss, cli_runs[i].cli_rss_kb);
      cli_pss = MAX (cli_pss, cli_runs[i].cli_pss_kb);
      eng_rss = MAX (eng_rss, cli_runs[i].engine_rss_kb);
      eng_pss = MAX (eng_pss, cli_runs[i].engine_pss_kb);
      bare_rss = MAX (bare_rss, bare_runs[i].engine_rss_kb);
      bare_pss = MAX (bare_pss, bare_runs[i].engine_pss_kb);
    }

  printf ("register_runs %d count\n", RUNS);
  printf ("trunkline_register_median %.1f ms\n", median (cli_ms, RUNS));
  printf ("trunkline_register_max %.1f ms\n", maximum (cli_ms, RUNS));
  printf ("bare_engine_register_median %.1f ms\n", median (bare_ms, RUNS));
  printf ("bare_engine_register_max %.1f ms\n", maximum (bare_ms, RUNS));
  printf ("register_time_ratio %.2f x\n", median (cli_ms, RUNS) / MAX (median (bare_ms, RUNS), 0.001));
  printf ("trunkline_cli_peak_rss %" G_GUINT64_FORMAT " KiB\n", cli_rss);
  printf ("trunkline_cli_pss %" G_GUINT64_FORMAT " KiB\n", cli_pss);
  printf ("trunkline_engine_peak_rss %" G_GUINT64_FORMAT " KiB\n", eng_rss);
  printf ("trunkline_engine_pss %" G_GUINT64_FORMAT " KiB\n", eng_pss);
  printf ("bare_engine_peak_rss %" G_GUINT64_FORMAT " KiB\n", bare_rss);
  printf ("bare_engine_pss %" G_GUINT64_FORMAT " KiB\n", bare_pss);
  printf ("memory_ratio_pss %.2f x\n", (double) (cli_pss + eng_pss) / MAX ((double) bare_pss, 1.0));
  printf ("memory_ratio_rss %.2f x\n", (double) (cli_rss + eng_rss) / MAX ((double) bare_rss, 1.0));

  tl_test_kamailio_stop (kamailio);
  tl_test_scratch_finish (scratch, FALSE);
  return 0;
}
