/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `trunkline-cli accounts`: add, list, change and remove trunk accounts and their passwords. */
#define G_LOG_DOMAIN "tl-cli"

#include "config.h"

#include "tl-cli-accounts.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "tl-account-store.h"
#include "tl-cli-register.h"
#include "tl-cli-secret.h"
#include "tl-secret.h"

static gboolean
store_password (TlAccount  *account,
                const char *password,
                GError    **error)
{
  g_autofree char *label = tl_account_dup_secret_label (account);

  return tl_cli_store_password (tl_account_get_id (account), label, password, error);
}

static const char *memory_only_message =
  "No secret service (keyring) is available, so the password can only be kept in memory, "
  "and this command ends now: it was not saved. Start a keyring (such as GNOME Keyring) "
  "and run “trunkline-cli accounts set-password” again.";

static TlAccountStore *
open_store (GError **error)
{
  g_autoptr(TlAccountStore) store = tl_account_store_new (NULL);

  if (!tl_account_store_load (store, error))
    return NULL;
  if (tl_account_store_get_recovery_message (store) != NULL)
    g_printerr ("%s\n", tl_account_store_get_recovery_message (store));
  return g_steal_pointer (&store);
}

static int
fail (GError *error)
{
  g_printerr ("%s\n", error->message);
  if (error->domain == TL_ACCOUNT_ERROR
      && (error->code == TL_ACCOUNT_ERROR_INVALID || error->code == TL_ACCOUNT_ERROR_UNKNOWN_KEY))
    return TL_CLI_EXIT_USAGE;
  return TL_CLI_EXIT_FAILURE;
}

static gboolean
parse (GOptionContext *context,
       int            *argc,
       char         ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return FALSE;
    }
  return TRUE;
}

static int
accounts_add (int    argc,
              char **argv)
{
  g_autofree char *user = NULL, *domain = NULL, *label = NULL, *display_name = NULL;
  g_autofree char *auth_user = NULL, *proxy = NULL, *fallback = NULL, *transport = NULL;
  g_autofree char *ca_file = NULL, *srtp = NULL, *codecs = NULL;
  g_autofree char *password = NULL;
  gboolean ip_auth = FALSE, password_stdin = FALSE;
  GOptionEntry entries[] = {
    { "user", 0, 0, G_OPTION_ARG_STRING, &user, "SIP user or number", "U" },
    { "domain", 0, 0, G_OPTION_ARG_STRING, &domain, "SIP domain or registrar, host[:port]", "D" },
    { "label", 0, 0, G_OPTION_ARG_STRING, &label, "Name shown in lists", "L" },
    { "display-name", 0, 0, G_OPTION_ARG_STRING, &display_name, "Caller ID name", "N" },
    { "auth-user", 0, 0, G_OPTION_ARG_STRING, &auth_user, "Authentication user, when it differs", "A" },
    { "proxy", 0, 0, G_OPTION_ARG_STRING, &proxy, "Outbound proxy (sip:host)", "URI" },
    { "fallback-proxy", 0, 0, G_OPTION_ARG_STRING, &fallback, "Fallback proxy (sip:host)", "URI" },
    { "transport", 0, 0, G_OPTION_ARG_STRING, &transport, "udp, tcp or tls", "T" },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file, "CA certificates for TLS", "FILE" },
    { "srtp", 0, 0, G_OPTION_ARG_STRING, &srtp, "off, optional or mandatory", "POLICY" },
    { "codecs", 0, 0, G_OPTION_ARG_STRING, &codecs, "Codec order, e.g. opus,pcmu,pcma", "LIST" },
    { "ip-auth", 0, 0, G_OPTION_ARG_NONE, &ip_auth, "IP-authenticated trunk: never REGISTER", NULL },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin, "Read the password from standard input", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- add a trunk account");
  g_autoptr(TlAccountStore) store = NULL;
  g_autoptr(TlAccount) account = tl_account_new ();
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!parse (context, &argc, &argv))
    return TL_CLI_EXIT_USAGE;
  if (user == NULL || domain == NULL)
    {
      g_printerr ("accounts add needs --user and --domain\n");
      return TL_CLI_EXIT_USAGE;
    }
  {
    /* Through the text setters, so the messages match "accounts set". */
    const char *settings[][2] = {
      { "user", user }, { "domain", domain }, { "label", label },
      { "display-name", display_name }, { "auth-user", auth_user },
      { "outbound-proxy", proxy }, { "fallback-proxy", fallback },
      { "transport", transport }, { "ca-file", ca_file }, { "srtp", srtp },
      { "codecs", codecs },
    };

    for (guint i = 0; i < G_N_ELEMENTS (settings); i++)
      if (settings[i][1] != NULL
          && !tl_account_set_from_string (account, settings[i][0], settings[i][1], &error))
        return fail (error);
  }
  if (ip_auth)
    tl_account_set_mode (account, TL_ACCOUNT_MODE_IP_AUTH);

  if (password_stdin)
    {
      password = tl_cli_read_password_stdin (&error);
      if (password == NULL || !tl_account_check_password (password, &error))
        return fail (error);
    }

  store = open_store (&error);
  if (store == NULL || !tl_account_store_add (store, account, &error))
    return fail (error);
  if (password != NULL)
    {
      gboolean stored = store_password (account, password, &error);

      memset (password, 0, strlen (password));
      g_print ("%s\n", tl_account_get_id (account));
      if (!stored)
        {
          g_printerr ("The account was added, but its password could not be stored: %s\n", error->message);
          return TL_CLI_EXIT_FAILURE;
        }
      if (!tl_secret_is_persistent ())
        {
          g_printerr ("The account was added. %s\n", memory_only_message);
          return TL_CLI_EXIT_FAILURE;
        }
    }
  else
    g_print ("%s\n", tl_account_get_id (account));
  return TL_CLI_EXIT_OK;
}

static void
add_json_account (JsonBuilder *builder,
                  TlAccount   *account)
{
  g_autoptr(GTypeClass) klass = g_type_class_ref (TL_TYPE_ACCOUNT);
  const char * const *keys = tl_account_list_keys ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, tl_account_get_id (account));
  for (guint i = 0; keys[i] != NULL; i++)
    {
      GParamSpec *pspec = g_object_class_find_property (G_OBJECT_CLASS (klass), keys[i]);
      g_autofree char *value = tl_account_dup_as_string (account, keys[i], NULL);

      json_builder_set_member_name (builder, keys[i]);
      if (value == NULL)
        json_builder_add_null_value (builder);
      else if (G_IS_PARAM_SPEC_BOOLEAN (pspec))
        json_builder_add_boolean_value (builder, g_str_equal (value, "true"));
      else if (G_IS_PARAM_SPEC_UINT (pspec))
        json_builder_add_int_value (builder, g_ascii_strtoll (value, NULL, 10));
      else
        json_builder_add_string_value (builder, value);
    }
  json_builder_end_object (builder);
}

static int
accounts_list (int    argc,
               char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- list trunk accounts");
  g_autoptr(TlAccountStore) store = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!parse (context, &argc, &argv))
    return TL_CLI_EXIT_USAGE;
  store = open_store (&error);
  if (store == NULL)
    return fail (error);
  n = g_list_model_get_n_items (G_LIST_MODEL (store));

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(TlAccount) account = g_list_model_get_item (G_LIST_MODEL (store), i);

          add_json_account (builder, account);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      json_generator_set_root (generator, root);
      json_generator_set_pretty (generator, TRUE);
      text = json_generator_to_data (generator, NULL);
      g_print ("%s\n", text);
      return TL_CLI_EXIT_OK;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TlAccount) account = g_list_model_get_item (G_LIST_MODEL (store), i);
      g_autofree char *title = tl_account_dup_title (account);

      g_print ("%s%s  %s  sip:%s@%s  %s%s%s\n",
               tl_account_get_id (account),
               tl_account_get_default (account) ? " (default)" : "",
               title, tl_account_get_user (account), tl_account_get_domain (account),
               tl_account_enum_to_string (TL_TYPE_ACCOUNT_TRANSPORT, (int) tl_account_get_transport (account)),
               tl_account_get_mode (account) == TL_ACCOUNT_MODE_IP_AUTH ? "  ip-auth" : "",
               tl_account_get_enabled (account) ? "" : "  disabled");
    }
  if (n == 0)
    g_printerr ("No accounts yet: add one with “trunkline-cli accounts add”.\n");
  return TL_CLI_EXIT_OK;
}

static int
accounts_remove (int    argc,
                 char **argv)
{
  g_autoptr(TlAccountStore) store = NULL;
  g_autoptr(GError) error = NULL;

  if (argc != 2)
    {
      g_printerr ("Usage: trunkline-cli accounts remove ID\n");
      return TL_CLI_EXIT_USAGE;
    }
  store = open_store (&error);
  if (store == NULL || !tl_account_store_remove (store, argv[1], &error))
    return fail (error);
  if (!tl_cli_clear_password (argv[1], &error))
    {
      g_printerr ("The account was removed, but its password could not be removed from the keyring: %s\n",
                  error->message);
      return TL_CLI_EXIT_FAILURE;
    }
  return TL_CLI_EXIT_OK;
}

static int
accounts_set (int    argc,
              char **argv)
{
  g_autoptr(TlAccountStore) store = NULL;
  g_autoptr(GError) error = NULL;

  if (argc != 4)
    {
      g_autofree char *keys = g_strjoinv (", ", (char **) tl_account_list_keys ());

      g_printerr ("Usage: trunkline-cli accounts set ID KEY VALUE\nKeys: %s\n", keys);
      return TL_CLI_EXIT_USAGE;
    }
  store = open_store (&error);
  if (store == NULL || !tl_account_store_set (store, argv[1], argv[2], argv[3], &error))
    return fail (error);
  return TL_CLI_EXIT_OK;
}

static int
accounts_set_password (int    argc,
                       char **argv)
{
  gboolean password_stdin = FALSE;
  GOptionEntry entries[] = {
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin, "Read the password from standard input", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("ID - store an account's password in the keyring");
  g_autoptr(TlAccountStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;
  TlAccount *account;
  gboolean stored;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!parse (context, &argc, &argv))
    return TL_CLI_EXIT_USAGE;
  if (argc != 2 || !password_stdin)
    {
      g_printerr ("Usage: trunkline-cli accounts set-password ID --password-stdin\n");
      return TL_CLI_EXIT_USAGE;
    }
  store = open_store (&error);
  if (store == NULL)
    return fail (error);
  account = tl_account_store_lookup (store, argv[1]);
  if (account == NULL)
    {
      g_printerr ("There is no account with the id “%s”\n", argv[1]);
      return TL_CLI_EXIT_FAILURE;
    }
  password = tl_cli_read_password_stdin (&error);
  if (password == NULL || !tl_account_check_password (password, &error))
    return fail (error);
  stored = store_password (account, password, &error);
  memset (password, 0, strlen (password));
  if (!stored)
    {
      g_printerr ("The password could not be stored: %s\n", error->message);
      return TL_CLI_EXIT_FAILURE;
    }
  if (!tl_secret_is_persistent ())
    {
      g_printerr ("%s\n", memory_only_message);
      return TL_CLI_EXIT_FAILURE;
    }
  return TL_CLI_EXIT_OK;
}

static void
usage (void)
{
  g_printerr ("Usage: trunkline-cli accounts COMMAND\n\n"
              "  add --user U --domain D [--label L] [--display-name N] [--auth-user A]\n"
              "      [--proxy URI] [--fallback-proxy URI] [--transport udp|tcp|tls] [--ca-file FILE]\n"
              "      [--srtp off|optional|mandatory] [--codecs opus,pcmu,pcma] [--ip-auth]\n"
              "      [--password-stdin]                 Add an account; prints its id\n"
              "  list [--json]                          List the accounts\n"
              "  set ID KEY VALUE                       Change one setting\n"
              "  set-password ID --password-stdin       Store the password in the keyring\n"
              "  remove ID                              Remove an account and its password\n");
}

int
tl_cli_accounts_main (int    argc,
                      char **argv)
{
  const char *command = argc >= 2 ? argv[1] : NULL;

  if (command == NULL)
    {
      usage ();
      return TL_CLI_EXIT_USAGE;
    }
  if (strcmp (command, "add") == 0)
    return accounts_add (argc - 1, argv + 1);
  if (strcmp (command, "list") == 0)
    return accounts_list (argc - 1, argv + 1);
  if (strcmp (command, "remove") == 0)
    return accounts_remove (argc - 1, argv + 1);
  if (strcmp (command, "set") == 0)
    return accounts_set (argc - 1, argv + 1);
  if (strcmp (command, "set-password") == 0)
    return accounts_set_password (argc - 1, argv + 1);
  if (strcmp (command, "--help") == 0 || strcmp (command, "-h") == 0)
    {
      usage ();
      return TL_CLI_EXIT_OK;
    }
  g_printerr ("Unknown accounts command “%s”\n", command);
  usage ();
  return TL_CLI_EXIT_USAGE;
}
