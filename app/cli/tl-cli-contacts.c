/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `trunkline-cli contacts`: list, search, add, import and remove contacts. */
#define G_LOG_DOMAIN "tl-cli"

#include "config.h"

#include "tl-cli-contacts.h"

#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>

#include "tl-account-store.h"
#include "tl-cli-register.h"
#include "tl-contact-store.h"
#include "tl-history-store.h"

static void
usage (void)
{
  g_printerr ("Usage: trunkline-cli contacts COMMAND\n\n"
              "  list [--json]                          List the contacts, by name\n"
              "  search TEXT [--json]                   Contacts whose name or number holds TEXT\n"
              "  add NAME NUMBER[:TYPE]...              Add a contact; prints its id\n"
              "                                         (TYPE: mobile, home, work, main, fax, pager, other)\n"
              "  import FILE.vcf                        Import a vCard file\n"
              "  remove ID                              Remove a contact\n");
}

/* Contacts are kept in the history's file; numbers are stored under the
 * default account's dial plan, as the app does. */
static TlContactStore *
open_store (GError **error)
{
  g_autofree char *path = tl_history_store_default_path ();
  g_autoptr(TlAccountStore) accounts = tl_account_store_new (NULL);
  TlContactStore *store;
  TlAccount *account;

  store = tl_contact_store_open (path, NULL, error);
  if (store == NULL)
    return NULL;
  if (tl_account_store_load (accounts, NULL) && (account = tl_account_store_get_default (accounts)) != NULL)
    tl_contact_store_set_dial_plan (store, tl_account_get_country_code (account),
                                    tl_account_get_national_prefix (account));
  return store;
}

static int
fail (GError *error)
{
  g_printerr ("%s\n", error->message);
  if (error->domain == TL_CONTACTS_ERROR
      && (error->code == TL_CONTACTS_ERROR_INVALID || error->code == TL_CONTACTS_ERROR_NOT_FOUND))
    return TL_CLI_EXIT_USAGE;
  return TL_CLI_EXIT_FAILURE;
}

/* Names come from vCards: no terminal control sequences, no bidirectional overrides. */
static char *
printable (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || g_unichar_type (c) == G_UNICODE_FORMAT)
        g_string_append_unichar (out, 0xFFFD);
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static void
add_json_contact (JsonBuilder *builder,
                  TlContact   *contact)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  if (tl_contact_get_read_only (contact))
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, tl_contact_get_id (contact));
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, tl_contact_get_name (contact));
  json_builder_set_member_name (builder, "organisation");
  json_builder_add_string_value (builder, tl_contact_get_organisation (contact));
  json_builder_set_member_name (builder, "source");
  json_builder_add_string_value (builder, tl_contact_get_read_only (contact) ? "system" : "trunkline");
  json_builder_set_member_name (builder, "photo");
  json_builder_add_boolean_value (builder, tl_contact_get_photo (contact) != NULL);
  json_builder_set_member_name (builder, "numbers");
  json_builder_begin_array (builder);
  for (guint i = 0; i < tl_contact_get_n_numbers (contact); i++)
    {
      const TlContactNumber *number = tl_contact_get_number (contact, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "number");
      json_builder_add_string_value (builder, number->number);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, tl_contact_number_type_to_string (number->type));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
print_text_contact (TlContact *contact)
{
  g_autofree char *name = printable (tl_contact_get_name (contact));
  g_autoptr(GString) numbers = g_string_new (NULL);
  g_autofree char *id = tl_contact_get_read_only (contact) ? g_strdup ("-")
                        : g_strdup_printf ("%" G_GINT64_FORMAT, tl_contact_get_id (contact));

  for (guint i = 0; i < tl_contact_get_n_numbers (contact); i++)
    {
      const TlContactNumber *number = tl_contact_get_number (contact, i);
      g_autofree char *text = printable (number->number);

      g_string_append_printf (numbers, "%s%s (%s)", i > 0 ? ", " : "", text,
                              tl_contact_number_type_to_string (number->type));
    }
  g_print ("%-6s  %-32s  %s\n", id, name, numbers->str);
}

static int
print_list (GListModel *list,
            gboolean    json)
{
  guint n = g_list_model_get_n_items (list);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(TlContact) contact = g_list_model_get_item (list, i);

          add_json_contact (builder, contact);
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
      g_autoptr(TlContact) contact = g_list_model_get_item (list, i);

      print_text_contact (contact);
    }
  if (n == 0)
    g_printerr ("No contacts.\n");
  return TL_CLI_EXIT_OK;
}

static int
contacts_list (int    argc,
               char **argv,
               gboolean search)
{
  g_auto(GStrv) args = g_new0 (char *, argc + 1);
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(TlContactStore) store = NULL;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    { NULL }
  };

  for (int i = 0; i < argc; i++)
    args[i] = g_strdup (argv[i]);
  context = g_option_context_new (search ? "TEXT - search the contacts" : "- list the contacts");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse_strv (context, &args, &error))
    {
      g_printerr ("%s\n", error->message);
      return TL_CLI_EXIT_USAGE;
    }
  if (g_strv_length (args) != (search ? 2u : 1u))
    {
      usage ();
      return TL_CLI_EXIT_USAGE;
    }
  store = open_store (&error);
  if (store == NULL)
    return fail (error);
  list = tl_contact_store_search (store, search ? args[1] : NULL);
  return print_list (list, json);
}

/* "NUMBER" or "NUMBER:TYPE"; the type is known only after the last ':' so
 * that "sip:bob@example.org" stays whole. */
static gboolean
add_number_arg (TlContact   *contact,
                const char  *arg,
                GError     **error)
{
  const char *colon = strrchr (arg, ':');
  TlContactNumberType type = TL_CONTACT_NUMBER_OTHER;
  g_autofree char *number = NULL;

  if (colon != NULL && tl_contact_number_type_from_string (colon + 1, &type))
    number = g_strndup (arg, colon - arg);
  else
    number = g_strdup (arg);
  if (!tl_contact_add_number (contact, number, type))
    {
      g_set_error (error, TL_CONTACTS_ERROR, TL_CONTACTS_ERROR_INVALID,
                   "“%s” was not added: empty, given twice, or past %u numbers", arg, TL_CONTACT_MAX_NUMBERS);
      return FALSE;
    }
  return TRUE;
}

static int
contacts_add (int    argc,
              char **argv)
{
  g_autoptr(TlContactStore) store = NULL;
  g_autoptr(TlContact) contact = NULL;
  g_autoptr(GError) error = NULL;

  if (argc < 3)
    {
      g_printerr ("Usage: trunkline-cli contacts add NAME NUMBER[:TYPE]...\n");
      return TL_CLI_EXIT_USAGE;
    }
  contact = tl_contact_new (argv[1]);
  if (tl_contact_get_name (contact)[0] == '\0')
    {
      g_printerr ("A contact needs a name\n");
      return TL_CLI_EXIT_USAGE;
    }
  for (int i = 2; i < argc; i++)
    if (!add_number_arg (contact, argv[i], &error))
      return fail (error);
  store = open_store (&error);
  if (store == NULL || !tl_contact_store_add (store, contact, &error))
    return fail (error);
  g_print ("%" G_GINT64_FORMAT "\n", tl_contact_get_id (contact));
  return TL_CLI_EXIT_OK;
}

static int
contacts_import (int    argc,
                 char **argv)
{
  g_autoptr(TlContactStore) store = NULL;
  g_autoptr(TlContactImportResult) result = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;

  if (argc != 2)
    {
      g_printerr ("Usage: trunkline-cli contacts import FILE.vcf\n");
      return TL_CLI_EXIT_USAGE;
    }
  file = g_file_new_for_commandline_arg (argv[1]);
  store = open_store (&error);
  if (store == NULL)
    return fail (error);
  result = tl_contact_store_import_file (store, file, NULL, &error);
  if (result == NULL)
    {
      g_printerr ("Could not import %s: %s\n", argv[1], error->message);
      return TL_CLI_EXIT_FAILURE;
    }
  for (guint i = 0; i < result->messages->len; i++)
    {
      g_autofree char *message = printable (g_ptr_array_index (result->messages, i));

      g_printerr ("%s\n", message);
    }
  summary = tl_contact_import_result_summary (result);
  g_print ("%s\n", summary);
  return TL_CLI_EXIT_OK;
}

static int
contacts_remove (int    argc,
                 char **argv)
{
  g_autoptr(TlContactStore) store = NULL;
  g_autoptr(GError) error = NULL;
  char *end = NULL;
  gint64 id;

  if (argc != 2)
    {
      g_printerr ("Usage: trunkline-cli contacts remove ID\n");
      return TL_CLI_EXIT_USAGE;
    }
  id = g_ascii_strtoll (argv[1], &end, 10);
  if (end == argv[1] || *end != '\0' || id <= 0)
    {
      g_printerr ("“%s” is not a contact id (see “trunkline-cli contacts list”)\n", argv[1]);
      return TL_CLI_EXIT_USAGE;
    }
  store = open_store (&error);
  if (store == NULL || !tl_contact_store_remove (store, id, &error))
    return fail (error);
  return TL_CLI_EXIT_OK;
}

/**
 * tl_cli_contacts_main:
 * @argv: the arguments from "contacts" on (argv[0] is "contacts")
 *
 * Returns: the exit status: 0 on success, 1 on failure, 2 on a usage error
 */
int
tl_cli_contacts_main (int    argc,
                      char **argv)
{
  const char *command = argc >= 2 ? argv[1] : NULL;

  if (command == NULL)
    {
      usage ();
      return TL_CLI_EXIT_USAGE;
    }
  if (strcmp (command, "list") == 0)
    return contacts_list (argc - 1, argv + 1, FALSE);
  if (strcmp (command, "search") == 0)
    return contacts_list (argc - 1, argv + 1, TRUE);
  if (strcmp (command, "add") == 0)
    return contacts_add (argc - 1, argv + 1);
  if (strcmp (command, "import") == 0)
    return contacts_import (argc - 1, argv + 1);
  if (strcmp (command, "remove") == 0)
    return contacts_remove (argc - 1, argv + 1);
  if (strcmp (command, "--help") == 0 || strcmp (command, "-h") == 0)
    {
      usage ();
      return TL_CLI_EXIT_OK;
    }
  g_printerr ("Unknown contacts command “%s”\n", command);
  usage ();
  return TL_CLI_EXIT_USAGE;
}
