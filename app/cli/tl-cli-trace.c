/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `trunkline-cli export-trace`: writes the redacted engine log and SIP trace
 * that the phone commands recorded, for the provider's support. */
#define G_LOG_DOMAIN "tl-cli"

#include "config.h"

#include "tl-cli-trace.h"

#include <glib/gstdio.h>
#include <string.h>

#include "tl-cli-register.h"

TlTraceRecorder *
tl_cli_trace_record (TlEngine   *engine,
                     const char *password)
{
  const char *secrets[] = { password, NULL };
  const char *path = g_getenv ("TRUNKLINE_TRACE_FILE");
  TlTraceRecorder *recorder = tl_trace_recorder_new (engine, path != NULL && *path != '\0' ? path : NULL);

  tl_trace_recorder_set_secrets (recorder, secrets);
  return recorder;
}

int
tl_cli_export_trace_main (int    argc,
                          char **argv)
{
  g_autofree char *output = NULL;
  g_autofree char *trace = NULL;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write to FILE (private to you) instead of standard output",
      "FILE" },
    { "trace", 0, 0, G_OPTION_ARG_FILENAME, &trace, "The recorded trace to export (default: the phone's)", "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    g_option_context_new ("- the log and SIP trace of the last calls, without passwords, nonces or "
                          "authentication headers, to hand to the provider");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 1)
    {
      g_printerr ("%s\n", error != NULL ? error->message : g_option_context_get_help (context, TRUE, NULL));
      return TL_CLI_EXIT_USAGE;
    }
  if (trace == NULL && g_getenv ("TRUNKLINE_TRACE_FILE") != NULL && *g_getenv ("TRUNKLINE_TRACE_FILE") != '\0')
    trace = g_strdup (g_getenv ("TRUNKLINE_TRACE_FILE"));
  text = tl_trace_export (trace, NULL, &error);
  if (text == NULL)
    {
      g_printerr ("No trace recorded yet (%s): place or answer a call first\n", error->message);
      return TL_CLI_EXIT_FAILURE;
    }
  if (output == NULL)
    {
      g_print ("%s", text);
      return TL_CLI_EXIT_OK;
    }
  {
    g_autoptr(GFile) file = g_file_new_for_path (output);
    g_autoptr(GFileOutputStream) out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL, &error);

    if (out == NULL || !g_output_stream_write_all (G_OUTPUT_STREAM (out), text, strlen (text), NULL, NULL, &error)
        || !g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error))
      {
        g_printerr ("Cannot write %s: %s\n", output, error->message);
        return TL_CLI_EXIT_FAILURE;
      }
  }
  g_printerr ("Trace written to %s\n", output);
  return TL_CLI_EXIT_OK;
}
