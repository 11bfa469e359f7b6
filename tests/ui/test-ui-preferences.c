/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The preferences against the real app: the ringer device chosen with the keyboard is
 * where the next call rings, an invalid edit is refused and leaves the stored account
 * as it was, and the microphone meter follows a tone on the test microphone. */
#include "config.h"

#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>

#include "tl-test-trunk.h"
#include "tl-test-ui.h"

#define RING_HZ 440.0

/* The preferences window, placed as a phone shows it, with the keyboard. */
static gulong
preferences_window (TlTestUi *ui)
{
  gulong xid = 0;

  TL_TEST_AWAIT ((xid = tl_test_ui_find_window (ui, "^Preferences$")) != 0, 10000, "no preferences window");
  tl_test_ui_resize_window (ui, xid, 360, 720);
  return xid;
}

/* The account as `trunkline-cli accounts list --json` reports it. */
static JsonObject *
stored_account (TlTestUi   *ui,
                JsonParser *parser)
{
  const char *args[] = { "accounts", "list", "--json", NULL };
  g_autofree char *out = NULL;
  JsonArray *accounts;

  g_assert_cmpint (tl_test_ui_cli (ui, NULL, args, &out), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  accounts = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (accounts), ==, 1);
  return json_array_get_object_element (accounts, 0);
}

/* What @sink plays for @seconds: the level of @hz in it. */
static double
sink_level (TlTestUi   *ui,
            const char *sink,
            double      seconds)
{
  g_autofree char *monitor = g_strdup_printf ("%s.monitor", sink);
  g_autofree char *name = g_strdup_printf ("%s.wav", sink);
  g_autofree char *path = g_build_filename (tl_test_ui_get_scratch (ui), name, NULL);
  g_autoptr(GError) error = NULL;
  TlTestRecorder *recorder = tl_test_pulse_record_begin (tl_test_ui_get_pulse (ui), monitor, path, &error);
  TlTestAudio audio = { 0 };
  double level;

  g_assert_no_error (error);
  tl_test_spin ((guint) (seconds * 1000));
  g_assert_true (tl_test_recorder_finish (recorder, &error));
  g_assert_true (tl_test_audio_load_wav (path, &audio, &error));
  level = tl_test_audio_tone_dbfs (&audio, RING_HZ, 0.0, seconds);
  tl_test_audio_clear (&audio);
  return level;
}

/* Ringer → tl_ringer with real keys; then the peer calls and the ring is
 * heard on tl_ringer, not on the speaker. */
static void
test_ringer_device (void)
{
  TlTestUiOptions options = { .name = "ui-prefs-ringer", .with_trunk = TRUE };
  TlTestUi *ui = tl_test_ui_start (&options);
  TlTestPeer *peer = tl_test_ui_get_peer (ui);
  g_autoptr(GError) error = NULL;
  g_autofree char *choices = NULL;
  g_auto(GStrv) items = NULL;
  guint mark = tl_test_ui_mark (ui);
  int index = -1;
  double ringer, speaker;

  tl_test_ui_action (ui, "show-preferences", g_variant_new_string ("audio"));
  choices = tl_test_ui_await_line (ui, mark, "Audio page: ringer choices: ", 10000);
  items = g_strsplit (strstr (choices, "choices: ") + strlen ("choices: "), " | ", -1);
  for (guint i = 0; items[i] != NULL; i++)
    if (g_str_equal (g_strstrip (items[i]), "tl_ringer"))
      index = (int) i;
  g_assert_cmpint (index, >, 0);
  preferences_window (ui);
  tl_test_ui_screenshot_window (ui, tl_test_ui_find_window (ui, "^Preferences$"), "preferences-audio-360.png");

  tl_test_ui_key (ui, "alt+r");
  tl_test_spin (700);
  tl_test_ui_key (ui, "Home");
  for (int i = 0; i < index; i++)
    tl_test_ui_key (ui, "Down");
  tl_test_ui_key (ui, "Return");
  g_free (tl_test_ui_await_line (ui, mark, "Audio page: ringer = tl_ringer", 10000));

  mark = tl_test_ui_mark (ui);
  g_free (tl_test_peer_command (peer, "dial", "sip:" TL_TEST_UI_USER "@127.0.0.1", &error));
  g_assert_no_error (error);
  g_free (tl_test_ui_await_line (ui, mark, "Window shows incoming", 15000));
  ringer = sink_level (ui, "tl_ringer", 3.2);
  speaker = sink_level (ui, "tl_speaker", 3.2);
  g_test_message ("the ring: %.1f dBFS on tl_ringer, %.1f dBFS on tl_speaker", ringer, speaker);
  g_assert_cmpfloat (ringer, >, TL_TEST_UI_PRESENT_DBFS);
  g_assert_cmpfloat (speaker, <, ringer - 30.0);
  g_free (tl_test_peer_command (peer, "hangup", NULL, &error));
  tl_test_ui_stop (ui);
}

/* A domain that cannot work: the message under the field, Save refused, the
 * stored account unchanged; a good edit is then saved. */
static void
test_invalid_edit (void)
{
  TlTestUiOptions options = { .name = "ui-prefs-edit", .with_trunk = TRUE };
  TlTestUi *ui = tl_test_ui_start (&options);
  g_autoptr(JsonParser) before = json_parser_new ();
  g_autoptr(JsonParser) after = json_parser_new ();
  g_autoptr(JsonParser) saved = json_parser_new ();
  JsonObject *account = stored_account (ui, before);
  const char *id = json_object_get_string_member (account, "id");
  guint mark = tl_test_ui_mark (ui);
  gulong xid;

  tl_test_ui_action (ui, "edit-account", g_variant_new_string (id));
  g_free (tl_test_ui_await_line (ui, mark, "Preferences: editing account", 10000));
  xid = preferences_window (ui);

  tl_test_ui_key (ui, "alt+d");
  tl_test_ui_key (ui, "ctrl+a");
  tl_test_ui_type (ui, "bad domain!");
  g_free (tl_test_ui_await_line (ui, mark, "Account form: domain: The domain “bad domain!” is not a host name", 10000));
  tl_test_ui_screenshot_window (ui, xid, "preferences-edit-invalid-360.png");
  tl_test_ui_key (ui, "Return");
  g_free (tl_test_ui_await_line (ui, mark, "Account editor: not saved, a field is at fault", 10000));
  g_assert_cmpstr (json_object_get_string_member (stored_account (ui, after), "domain"), ==,
                   json_object_get_string_member (account, "domain"));

  mark = tl_test_ui_mark (ui);
  tl_test_ui_key (ui, "alt+d");
  tl_test_ui_key (ui, "ctrl+a");
  tl_test_ui_type (ui, json_object_get_string_member (account, "domain"));
  tl_test_ui_key (ui, "alt+m");
  tl_test_ui_type (ui, "Office <b>line</b>");
  tl_test_ui_key (ui, "Return");
  g_free (tl_test_ui_await_line (ui, mark, "Account editor: Office <b>line</b> saved", 10000));
  g_assert_cmpstr (json_object_get_string_member (stored_account (ui, saved), "label"), ==, "Office <b>line</b>");
  tl_test_ui_screenshot_window (ui, xid, "preferences-accounts-360.png");
  tl_test_ui_stop (ui);
}

typedef struct {
  TlTestUi *ui;
  guint     mark;
  double    level;
} Meter;

static gboolean
meter_reads (gpointer user_data)
{
  Meter *meter = user_data;
  g_autofree char *line = tl_test_ui_find_line (meter->ui, meter->mark, "Audio page: microphone at ");

  if (line == NULL)
    return FALSE;
  meter->level = g_ascii_strtod (strstr (line, "microphone at ") + strlen ("microphone at "), NULL);
  return TRUE;
}

/* The meter's reading (dBFS) logged after now, within the next seconds. */
static double
meter_level (TlTestUi *ui)
{
  Meter meter = { ui, tl_test_ui_mark (ui), 0.0 };

  /* The first reading after the mark may still hold the last 50 ms before it. */
  TL_TEST_AWAIT (meter_reads (&meter), 5000, "no meter reading");
  meter.mark = tl_test_ui_mark (ui);
  TL_TEST_AWAIT (meter_reads (&meter), 5000, "no second meter reading");
  return meter.level;
}

static void
test_microphone_meter (void)
{
  TlTestUiOptions options = { .name = "ui-prefs-meter", .with_trunk = TRUE };
  TlTestUi *ui = tl_test_ui_start (&options);
  guint mark = tl_test_ui_mark (ui);
  GSubprocess *tone;
  double quiet, loud;

  tl_test_ui_action (ui, "show-preferences", g_variant_new_string ("audio"));
  g_free (tl_test_ui_await_line (ui, mark, "Audio page: microphone at ", 10000));
  quiet = meter_level (ui);
  tone = tl_test_ui_play_tone (ui, TL_TEST_UI_OUR_HZ);
  tl_test_spin (500);
  loud = meter_level (ui);
  tl_test_ui_screenshot_window (ui, preferences_window (ui), "preferences-meter-360.png");
  tl_test_ui_stop_tone (tone);
  g_test_message ("the meter: %.0f dBFS quiet, %.0f dBFS with the tone", quiet, loud);
  g_assert_cmpfloat (quiet, <, -60.0);
  g_assert_cmpfloat (loud, >, -20.0);
  tl_test_ui_stop (ui);
}

/* Lowest Delay on the audio page (Alt+L): the engine takes its smaller
 * buffers at once when no call is up, and the line registers again. */
static void
test_lowest_delay (void)
{
  TlTestUiOptions options = { .name = "ui-prefs-latency", .with_trunk = TRUE };
  TlTestUi *ui = tl_test_ui_start (&options);
  guint mark = tl_test_ui_mark (ui);

  tl_test_ui_action (ui, "show-preferences", g_variant_new_string ("audio"));
  g_free (tl_test_ui_await_line (ui, mark, "Audio page: speaker choices: ", 10000));
  preferences_window (ui);
  tl_test_ui_key (ui, "alt+l");
  g_free (tl_test_ui_await_line (ui, mark, "Audio latency now lowest", 10000));
  g_free (tl_test_ui_await_line (ui, mark, "Engine restarting -> ready", 20000));
  g_free (tl_test_ui_await_line (ui, mark, "Line " TL_TEST_UI_USER "@127.0.0.1: connecting -> ready", 20000));
  tl_test_ui_screenshot_window (ui, tl_test_ui_find_window (ui, "^Preferences$"), "preferences-audio-latency-360.png");

  mark = tl_test_ui_mark (ui);
  tl_test_ui_key (ui, "alt+l");
  g_free (tl_test_ui_await_line (ui, mark, "Audio latency now the default", 10000));
  g_free (tl_test_ui_await_line (ui, mark, "Engine restarting -> ready", 20000));
  tl_test_ui_stop (ui);
}

/* Whether the latest speaker list since @mark (kept in @listed) lacks @device. */
static gboolean
speakers_lack (TlTestUi    *ui,
               guint        mark,
               const char  *device,
               char       **listed)
{
  g_free (*listed);
  *listed = tl_test_ui_find_line (ui, mark, "Audio page: speaker choices: ");
  return *listed != NULL && strstr (*listed, device) == NULL;
}

/* The speaker choices while the page is open: a device plugged in appears,
 * and goes when it is unplugged. */
static void
test_hotplug (void)
{
  TlTestUiOptions options = { .name = "ui-prefs-hotplug", .with_trunk = TRUE };
  TlTestUi *ui = tl_test_ui_start (&options);
  g_autoptr(GError) error = NULL;
  g_autofree char *module = NULL;
  g_autofree char *unload = NULL;
  g_autofree char *listed = NULL;
  guint mark = tl_test_ui_mark (ui);

  tl_test_ui_action (ui, "show-preferences", g_variant_new_string ("audio"));
  listed = tl_test_ui_await_line (ui, mark, "Audio page: speaker choices: ", 10000);
  g_assert_null (strstr (listed, "tl_headset"));
  preferences_window (ui);

  mark = tl_test_ui_mark (ui);
  module = tl_test_pulse_pactl (tl_test_ui_get_pulse (ui),
                                "load-module module-null-sink sink_name=tl_headset "
                                "sink_properties=device.description=tl_headset", &error);
  g_assert_no_error (error);
  g_free (tl_test_ui_await_line (ui, mark, "tl_headset", 10000));
  g_clear_pointer (&listed, g_free);
  listed = tl_test_ui_find_line (ui, mark, "Audio page: speaker choices: ");
  g_test_message ("plugged in: %s", listed);
  g_assert_nonnull (listed);
  g_assert_nonnull (strstr (listed, "tl_headset"));
  tl_test_ui_screenshot_window (ui, tl_test_ui_find_window (ui, "^Preferences$"), "preferences-hotplug-360.png");

  mark = tl_test_ui_mark (ui);
  unload = g_strdup_printf ("unload-module %s", module);
  g_free (tl_test_pulse_pactl (tl_test_ui_get_pulse (ui), unload, &error));
  g_assert_no_error (error);
  /* The lists are rebuilt as the sound server reports each change: the last word counts. */
  TL_TEST_AWAIT (speakers_lack (ui, mark, "tl_headset", &listed), 10000,
                 "the unplugged device is still offered: %s", listed != NULL ? listed : "(no list yet)");
  g_test_message ("unplugged: %s", listed);
  tl_test_ui_stop (ui);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/preferences/ringer-device", test_ringer_device);
  g_test_add_func ("/ui/preferences/invalid-edit", test_invalid_edit);
  g_test_add_func ("/ui/preferences/microphone-meter", test_microphone_meter);
  g_test_add_func ("/ui/preferences/hotplug", test_hotplug);
  g_test_add_func ("/ui/preferences/lowest-delay", test_lowest_delay);
  return g_test_run ();
}
