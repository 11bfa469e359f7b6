/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trunkline-cli-media: the commands that need audio devices (call, answer, devices).
 * trunkline-cli hands them over here so that registering, accounts and history do
 * not load the sound libraries (a third of the CLI's memory and start-up). */
#define G_LOG_DOMAIN "tl-cli"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "tl-cli-call.h"
#include "tl-cli-devices.h"
#include "tl-cli-register.h"

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  if (argc >= 2 && strcmp (argv[1], "call") == 0)
    return tl_cli_call_main (argc - 1, argv + 1);
  if (argc >= 2 && strcmp (argv[1], "answer") == 0)
    return tl_cli_answer_main (argc - 1, argv + 1);
  if (argc >= 2 && strcmp (argv[1], "devices") == 0)
    return tl_cli_devices_main (argc - 1, argv + 1);
  g_printerr ("Usage: trunkline-cli call|answer|devices [OPTIONS]\n");
  return TL_CLI_EXIT_USAGE;
}
