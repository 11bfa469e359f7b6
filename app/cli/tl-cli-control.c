/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `trunkline-cli calls|hangup|hold|resume|mute|unmute|dtmf|transfer`: act on a
 * call of the phone that is running (the app, or a `call`/`answer` command),
 * through its call service on the user's message bus. */
#define G_LOG_DOMAIN "tl-cli"

#include "config.h"

#include "tl-cli-control.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "tl-call-service.h"
#include "tl-cli-register.h"
#include "tl-platform.h"

#define CALL_TIMEOUT_MS 15000

typedef struct {
  const char *command;
  const char *method;
  const char *argument_name;   /* NULL: the command takes no argument */
  const char *summary;
} ControlCommand;

static const ControlCommand commands[] = {
  { "calls", "List", NULL, "list the running phone's calls, one JSON line each" },
  { "pickup", "Answer", NULL, "answer the call ringing here" },
  { "hangup", "Hangup", NULL, "hang up (or cancel, or reject) a call" },
  { "hold", "Hold", NULL, "put a call on hold" },
  { "resume", "Resume", NULL, "take a call off hold" },
  { "mute", "SetMuted", NULL, "mute the microphone in a call" },
  { "unmute", "SetMuted", NULL, "unmute it" },
  { "dtmf", "SendDtmf", "DIGITS", "send DTMF digits (0-9 * # A-D)" },
  { "transfer", "Transfer", "TARGET", "hand a call over to a number or SIP address" },
  { "consult", "StartTransfer", "TARGET", "attended transfer: hold the call and call TARGET first" },
  { "complete-transfer", "CompleteTransfer", NULL, "attended transfer: connect the two calls" },
  { "abort-transfer", "AbortTransfer", NULL, "attended transfer: hang up on TARGET, resume the call" },
};

static const ControlCommand *
lookup (const char *command)
{
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (command, commands[i].command) == 0)
      return &commands[i];
  return NULL;
}

gboolean
tl_cli_control_handles (const char *command)
{
  return lookup (command) != NULL;
}

static void
print_calls (GVariant *reply)
{
  g_autoptr(GVariant) list = g_variant_get_child_value (reply, 0);
  GVariantIter iter;
  GVariant *item;

  g_variant_iter_init (&iter, list);
  while ((item = g_variant_iter_next_value (&iter)) != NULL)
    {
      g_autoptr(JsonNode) node = json_gvariant_serialize (item);
      g_autofree char *text = json_to_string (node, FALSE);

      g_print ("%s\n", text);
      g_variant_unref (item);
    }
}

/* What the phone said, without the bus's prefix, and the exit code it means. */
static int
report_error (GError *error)
{
  g_autofree char *remote = g_dbus_error_get_remote_error (error);
  int code = TL_CLI_EXIT_FAILURE;

  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN)
      || g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER))
    {
      g_printerr ("No Trunkline phone is running: start the app, or “trunkline-cli call” or “answer”\n");
      return TL_CLI_EXIT_NO_CALL;
    }
  if (g_strcmp0 (remote, TL_CALL_SERVICE_ERROR_NO_CALL) == 0
      || g_strcmp0 (remote, TL_CALL_SERVICE_ERROR_AMBIGUOUS) == 0)
    code = TL_CLI_EXIT_NO_CALL;
  else if (g_strcmp0 (remote, TL_CALL_SERVICE_ERROR_INVALID) == 0)
    code = TL_CLI_EXIT_USAGE;
  g_dbus_error_strip_remote_error (error);
  g_printerr ("%s\n", error->message);
  return code;
}

int
tl_cli_control_main (int    argc,
                     char **argv)
{
  g_autofree char *call_id = NULL;
  GOptionEntry entries[] = {
    { "call", 0, 0, G_OPTION_ARG_STRING, &call_id, "The call's id (see “trunkline-cli calls”); "
      "default: the call the action fits", "ID" },
    { NULL }
  };
  const ControlCommand *command = lookup (argv[0]);
  g_autofree char *parameter = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) reply = NULL;
  GVariant *parameters;
  const char *id;

  g_return_val_if_fail (command != NULL, TL_CLI_EXIT_USAGE);
  parameter = command->argument_name != NULL ? g_strdup_printf ("%s - %s", command->argument_name, command->summary)
                                             : g_strdup_printf ("- %s", command->summary);
  context = g_option_context_new (parameter);
  if (strcmp (command->method, "List") != 0)
    g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return TL_CLI_EXIT_USAGE;
    }
  if (argc != (command->argument_name != NULL ? 2 : 1))
    {
      g_printerr ("%s", g_option_context_get_help (context, TRUE, NULL));
      return TL_CLI_EXIT_USAGE;
    }
  if (call_id != NULL && !g_utf8_validate (call_id, -1, NULL))
    {
      g_printerr ("The call id is not valid text\n");
      return TL_CLI_EXIT_USAGE;
    }
  if (command->argument_name != NULL && !g_utf8_validate (argv[1], -1, NULL))
    {
      g_printerr ("%s is not valid text\n", command->argument_name);
      return TL_CLI_EXIT_USAGE;
    }

  if (!tl_platform_has_session_bus ())
    {
      g_printerr ("No Trunkline phone can be reached: there is no session message bus\n");
      return TL_CLI_EXIT_NO_CALL;
    }
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (bus == NULL)
    {
      g_printerr ("No Trunkline phone can be reached: %s\n", error->message);
      return TL_CLI_EXIT_NO_CALL;
    }

  id = call_id != NULL ? call_id : "";
  if (strcmp (command->method, "List") == 0)
    parameters = NULL;
  else if (strcmp (command->method, "SetMuted") == 0)
    parameters = g_variant_new ("(sb)", id, strcmp (command->command, "mute") == 0);
  else if (command->argument_name != NULL)
    parameters = g_variant_new ("(ss)", id, argv[1]);
  else
    parameters = g_variant_new ("(s)", id);

  /* Never start a phone for this: act on the one that runs, or say there is none. */
  reply = g_dbus_connection_call_sync (bus, TL_CALL_SERVICE_BUS_NAME, TL_CALL_SERVICE_OBJECT_PATH,
                                       TL_CALL_SERVICE_INTERFACE, command->method, parameters, NULL,
                                       G_DBUS_CALL_FLAGS_NO_AUTO_START, CALL_TIMEOUT_MS, NULL, &error);
  if (reply == NULL)
    return report_error (error);
  if (strcmp (command->method, "List") == 0)
    print_calls (reply);
  else
    {
      const char *acted_on = NULL;

      g_variant_get (reply, "(&s)", &acted_on);
      g_print ("%s\n", acted_on);
    }
  return TL_CLI_EXIT_OK;
}
