/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trunkline-cli: the headless front end on app/, for scripts, tests and power users. */
#define G_LOG_DOMAIN "tl-cli"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "tl-cli-accounts.h"
#include "tl-cli-call.h"
#include "tl-cli-devices.h"
#include "tl-cli-history.h"
#include "tl-cli-register.h"

static void
usage (void)
{
  g_printerr ("Usage: trunkline-cli COMMAND [OPTIONS]\n\n"
              "Commands:\n"
              "  register   Register a SIP account and report the result\n"
              "  accounts   Add, list, change or remove trunk accounts\n"
              "  devices    List microphones and speakers\n"
              "  call       Place one call and print how it went\n"
              "  answer     Wait for one incoming call, answer it, print how it went\n"
              "  history    Show, search, export or clear the call history\n"
              "  version    Print the version\n\n"
              "Run 'trunkline-cli COMMAND --help' for a command's options.\n");
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
  if (strcmp (command, "call") == 0)
    return tl_cli_call_main (argc - 1, argv + 1);
  if (strcmp (command, "answer") == 0)
    return tl_cli_answer_main (argc - 1, argv + 1);
  if (strcmp (command, "history") == 0)
    return tl_cli_history_main (argc - 1, argv + 1);
  if (strcmp (command, "accounts") == 0)
    return tl_cli_accounts_main (argc - 1, argv + 1);
  if (strcmp (command, "devices") == 0)
    return tl_cli_devices_main (argc - 1, argv + 1);
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
