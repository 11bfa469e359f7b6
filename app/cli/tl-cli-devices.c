/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The "devices" command of trunkline-cli: list microphones and speakers by stable id. */
#define G_LOG_DOMAIN "tl-cli"

#include "config.h"

#include "tl-cli-devices.h"
#include "tl-cli-register.h"

#include <json-glib/json-glib.h>

#include "tl-audio-catalog.h"
#include "tl-main-wait.h"

#define LIST_TIMEOUT_MS 5000

static gboolean
catalog_answered (gpointer catalog)
{
  return tl_audio_catalog_get_state (catalog) != TL_AUDIO_CATALOG_STATE_STARTING;
}

/* Waits (iterating the main context) until the catalog has an answer. */
static void
wait_for_catalog (TlAudioCatalog *catalog)
{
  tl_main_wait_until (NULL, catalog_answered, catalog, LIST_TIMEOUT_MS);
}

static void
add_devices_json (JsonBuilder *builder,
                  const char  *member,
                  GListModel  *devices)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(TlAudioDevice) device = g_list_model_get_item (devices, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, tl_audio_device_get_id (device));
      json_builder_set_member_name (builder, "description");
      json_builder_add_string_value (builder, tl_audio_device_get_description (device));
      json_builder_set_member_name (builder, "default");
      json_builder_add_boolean_value (builder, tl_audio_device_get_is_default (device));
      json_builder_set_member_name (builder, "monitor");
      json_builder_add_boolean_value (builder, tl_audio_device_get_is_monitor (device));
      json_builder_set_member_name (builder, "builtin");
      json_builder_add_boolean_value (builder, tl_audio_device_get_is_builtin (device));
      json_builder_set_member_name (builder, "echo_cancel");
      json_builder_add_boolean_value (builder, tl_audio_device_get_is_echo_cancel (device));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
print_json (TlAudioCatalog *catalog)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  const char *message = tl_audio_catalog_get_status_message (catalog);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, tl_audio_catalog_state_to_string (tl_audio_catalog_get_state (catalog)));
  json_builder_set_member_name (builder, "message");
  if (message != NULL)
    json_builder_add_string_value (builder, message);
  else
    json_builder_add_null_value (builder);
  add_devices_json (builder, "inputs", tl_audio_catalog_get_inputs (catalog));
  add_devices_json (builder, "outputs", tl_audio_catalog_get_outputs (catalog));
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

static void
print_section (const char *title,
               GListModel *devices)
{
  g_print ("%s:\n", title);
  if (g_list_model_get_n_items (devices) == 0)
    g_print ("  (none)\n");
  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(TlAudioDevice) device = g_list_model_get_item (devices, i);

      g_print ("%s %s\n      %s%s%s\n",
               tl_audio_device_get_is_default (device) ? "  *" : "   ",
               tl_audio_device_get_id (device),
               tl_audio_device_get_description (device),
               tl_audio_device_get_is_default (device) ? " (default)" : "",
               tl_audio_device_get_is_echo_cancel (device) ? " (echo cancelling)" : "");
    }
}

int
tl_cli_devices_main (int    argc,
                     char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- list microphones and speakers");
  g_autoptr(GError) error = NULL;
  g_autoptr(TlAudioCatalog) catalog = NULL;
  TlAudioCatalogState state;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return TL_CLI_EXIT_USAGE;
    }
  catalog = tl_audio_catalog_new ();
  tl_audio_catalog_start (catalog);
  wait_for_catalog (catalog);
  state = tl_audio_catalog_get_state (catalog);

  if (json)
    print_json (catalog);
  else
    {
      print_section ("Microphones", tl_audio_catalog_get_inputs (catalog));
      print_section ("Speakers", tl_audio_catalog_get_outputs (catalog));
    }
  if (state == TL_AUDIO_CATALOG_STATE_READY)
    return TL_CLI_EXIT_OK;
  g_printerr ("%s\n", tl_audio_catalog_get_status_message (catalog) != NULL
                      ? tl_audio_catalog_get_status_message (catalog)
                      : "The sound server did not answer in time.");
  return state == TL_AUDIO_CATALOG_STATE_NO_DEVICES ? TL_CLI_EXIT_OK : TL_CLI_EXIT_FAILURE;
}
