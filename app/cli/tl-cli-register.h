/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `trunkline-cli register`: registers one account and reports how it went. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit codes shared by the CLI's commands. */
enum {
  TL_CLI_EXIT_OK = 0,
  TL_CLI_EXIT_FAILURE = 1,
  TL_CLI_EXIT_USAGE = 2,
  TL_CLI_EXIT_AUTH = 3,
  TL_CLI_EXIT_UNREACHABLE = 4,
  TL_CLI_EXIT_ENGINE = 5,
  TL_CLI_EXIT_CALL_FAILED = 6,   /* the call was never answered */
  TL_CLI_EXIT_NO_CALL = 7,       /* no running phone, or no call to act on */
  TL_CLI_EXIT_REFUSED = 8,       /* the toll-fraud guard refused the number */
};

/* Reads one line from standard input as a password (without echo concerns:
 * it is meant for pipes). Returns NULL with @error when there is none. */
char *tl_cli_read_password_stdin (GError **error);

int   tl_cli_register_main       (int    argc,
                                  char **argv);

G_END_DECLS
