/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trunkline-cli: the headless front end on app/, for scripts, tests and power users. */
#define G_LOG_DOMAIN "tl-cli"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "tl-cli-accounts.h"
#include "tl-cli-contacts.h"
#include "tl-cli-control.h"
#include "tl-cli-doctor.h"
#include "tl-cli-history.h"
#include "tl-cli-register.h"
#include "tl-cli-trace.h"
#include "tl-platform.h"

#define MEDIA_HELPER "trunkline-cli-media"

static void
usage (void)
{
  g_printerr ("Usage: trunkline-cli COMMAND [OPTIONS]\n\n"
              "Commands:\n"
              "  register   Register a SIP account and report the result\n"
              "  accounts   Add, list, change or remove trunk accounts\n"
              "  devices    List microphones and speakers\n"
              "  call       Place one call and print how it went\n"
              "  doctor     Check a trunk account end to end, with advice\n"
              "  answer     Wait for one incoming call, answer it, print how it went\n"
              "  calls      List the calls of the phone that is running\n"
              "  hangup, hold, resume, mute, unmute, pickup\n"
              "             Act on a call of the phone that is running\n"
              "  dtmf DIGITS, transfer TARGET\n"
              "             Send tones, or hand the call over\n"
              "  consult TARGET, complete-transfer, abort-transfer\n"
              "             Attended transfer (engine 3.0 or later)\n"
              "  history    Show, search, export or clear the call history\n"
              "  export-trace\n"
              "             The redacted log and SIP trace of the last calls, for the provider\n"
              "  contacts   List, search, add, import or remove contacts\n"
              "  version    Print the version\n\n"
              "Run 'trunkline-cli COMMAND --help' for a command's options.\n");
}

/* The helper for audio commands: beside this program (a build tree or an
 * installation that keeps them together), else in the libexec folder. */
static char *
find_media_helper (const char *argv0)
{
  const char *override = g_getenv ("TRUNKLINE_CLI_MEDIA");
  g_autofree char *self = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *sibling = NULL;

  if (override != NULL && *override != '\0')
    return g_strdup (override);
  self = strchr (argv0, G_DIR_SEPARATOR) != NULL ? g_strdup (argv0) : g_find_program_in_path (argv0);
  if (self != NULL)
    {
      dir = g_path_get_dirname (self);
      sibling = g_build_filename (dir, MEDIA_HELPER, NULL);
      if (g_file_test (sibling, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&sibling);
    }
  return g_build_filename (TL_LIBEXECDIR, MEDIA_HELPER, NULL);
}

static int
run_media_command (int    argc,
                   char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (args, find_media_helper (argv[0]));
  for (int i = 1; i < argc; i++)
    g_ptr_array_add (args, g_strdup (argv[i]));
  g_ptr_array_add (args, NULL);
  tl_platform_exec ((char **) args->pdata, &error);
  g_printerr ("%s\n", error->message);
  return TL_CLI_EXIT_FAILURE;
}

int
main (int    argc,
      char **argv)
{
  const char *command;

  setlocale (LC_ALL, "");
  if (argc < 2)
    {
      usage ();
      return TL_CLI_EXIT_USAGE;
    }
  command = argv[1];
  if (strcmp (command, "register") == 0)
    return tl_cli_register_main (argc - 1, argv + 1);
  if (strcmp (command, "call") == 0 || strcmp (command, "answer") == 0
      || strcmp (command, "devices") == 0)
    return run_media_command (argc, argv);
  if (tl_cli_control_handles (command))
    return tl_cli_control_main (argc - 1, argv + 1);
  if (strcmp (command, "doctor") == 0)
    return tl_cli_doctor_main (argc - 1, argv + 1);
  if (strcmp (command, "export-trace") == 0)
    return tl_cli_export_trace_main (argc - 1, argv + 1);
  if (strcmp (command, "history") == 0)
    return tl_cli_history_main (argc - 1, argv + 1);
  if (strcmp (command, "accounts") == 0)
    return tl_cli_accounts_main (argc - 1, argv + 1);
  if (strcmp (command, "contacts") == 0)
    return tl_cli_contacts_main (argc - 1, argv + 1);
  if (strcmp (command, "version") == 0 || strcmp (command, "--version") == 0)
    {
      g_print ("trunkline-cli %s\n", PACKAGE_VERSION);
      return TL_CLI_EXIT_OK;
    }
  if (strcmp (command, "--help") == 0 || strcmp (command, "-h") == 0)
    {
      usage ();
      return TL_CLI_EXIT_OK;
    }
  g_printerr ("Unknown command “%s”\n", command);
  usage ();
  return TL_CLI_EXIT_USAGE;
}
