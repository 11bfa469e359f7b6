/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Contacts in the real window: a vCard with a hostile name imported, found by search, and its
 * name shown literally when either of its numbers calls, in the incoming view, the notification
 * and the history. */
#include "config.h"

#include <string.h>

#include "tl-test-trunk.h"
#include "tl-test-ui.h"

/* The second number: a raw INVITE from it, with a network name the contact's must beat. */
#define SECOND_NUMBER "+15550100777"
#define SECOND_CALL_ID "ui-contacts-2"
/* The contact's name as shown: the markup literal, the invalid bytes as U+FFFD. */
#define SHOWN_PREFIX "<b>Mallory</b> & <i>co</i>\xef\xbf\xbd"
/* Where the first number's Call button is on the contact's page at 360 px
 * (see contact-editor-hostile-360.png): the page's own coordinates. */
#define CALL_BUTTON_X 262
#define FIRST_NUMBER_Y 412

static void
screenshots (TlTestUi   *ui,
             const char *what)
{
  g_autofree char *narrow = g_strdup_printf ("%s-360.png", what);
  g_autofree char *wide = g_strdup_printf ("%s-1280.png", what);

  tl_test_ui_screenshot (ui, narrow);
  tl_test_ui_resize (ui, 1280, 800);
  tl_test_ui_screenshot (ui, wide);
  tl_test_ui_resize (ui, 360, 720);
}

/* A peer event while our main loop keeps running (the app's log arrives on it). */
static char *
await_peer_event (TlTestPeer *peer,
                  const char *type,
                  guint       from,
                  guint       timeout_ms)
{
  TlTestDeadline deadline;
  char *found = NULL;

  tl_test_deadline_start (&deadline, timeout_ms);
  while ((found = tl_test_peer_wait_event_from (peer, type, from, 0)) == NULL
         && tl_test_deadline_iterate (&deadline))
    ;
  tl_test_deadline_stop (&deadline);
  if (found == NULL)
    tl_test_await_failed (__FILE__, __LINE__, G_STRFUNC, type, timeout_ms, "%u events at the peer since %u",
                          tl_test_peer_get_event_count (peer) - from, from);
  return found;
}

/* The text between the first “ and ” of a log line. */
static char *
quoted (const char *line)
{
  const char *start = strstr (line, "“");
  const char *end;

  g_assert_nonnull (start);
  start += strlen ("“");
  end = strstr (start, "”");
  g_assert_nonnull (end);
  return g_strndup (start, end - start);
}

/* A vCard 3.0 card: markup, invalid UTF-8 and 10 000 characters in FN; two numbers. */
static char *
write_hostile_vcard (TlTestUi *ui)
{
  g_autofree char *path = g_build_filename (tl_test_ui_get_scratch (ui), "hostile.vcf", NULL);
  GString *card = g_string_new ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:<b>Mallory</b> & <i>co</i>\xff");
  g_autoptr(GError) error = NULL;

  while (card->len < 10000 + 40)
    g_string_append_c (card, 'z');
  g_string_append (card, "\r\nTEL;TYPE=CELL:" TL_TEST_UI_PEER "\r\n"
                         "TEL;TYPE=WORK:+1 555 0100 777\r\nEND:VCARD\r\n");
  g_file_set_contents (path, card->str, (gssize) card->len, &error);
  g_assert_no_error (error);
  g_string_free (card, TRUE);
  return g_steal_pointer (&path);
}

static void
search_for (TlTestUi   *ui,
            const char *text,
            guint       expected)
{
  g_autofree char *line = g_strdup_printf ("Contacts page shows %u contacts", expected);
  guint mark = tl_test_ui_mark (ui);

  tl_test_ui_key (ui, "ctrl+a BackSpace");
  tl_test_ui_type (ui, text);
  g_free (tl_test_ui_await_line (ui, mark, line, 10000));
}

/* Waits until the caller rings here and checks the name it is shown by. */
static void
check_incoming_named (TlTestUi *ui,
                      guint     mark,
                      guint     skip)
{
  g_autofree char *line = tl_test_ui_await_line (ui, mark, "Incoming view shows “" SHOWN_PREFIX, 10000);
  g_autofree char *shown = quoted (line);
  g_autofree char *json = NULL;
  g_autofree char *summary = NULL;

  /* The name is whole up to the contacts' bound, and valid UTF-8. */
  g_assert_true (g_utf8_validate (shown, -1, NULL));
  g_assert_cmpuint (g_utf8_strlen (shown, -1), ==, 256);
  g_assert_null (strstr (shown, "Network"));
  json = tl_test_ui_await_notification (ui, skip, "\"category\": \"call.incoming\"", 10000, NULL);
  summary = tl_test_ui_json_string (json, "summary");
  g_assert_cmpstr (summary, ==, shown);
}

static void
test_hostile_contact (void)
{
  TlTestUiOptions options = { .name = "ui-contacts", .with_trunk = TRUE };
  TlTestUi *ui = tl_test_ui_start (&options);
  TlTestPeer *peer = tl_test_ui_get_peer (ui);
  g_autofree char *vcard = write_hostile_vcard (ui);
  g_autofree char *contact = NULL;
  g_autofree char *user = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  static const char network_name[] = "Network Name";
  guint mark = tl_test_ui_mark (ui);
  guint skip, events;

  /* Imported through the door the page's file chooser uses, in the background. */
  tl_test_ui_action (ui, "import-contacts", g_variant_new_string (vcard));
  g_free (tl_test_ui_await_line (ui, mark, "Window shows contacts", 10000));
  g_free (tl_test_ui_await_line (ui, mark, "Contacts page: 1 contact imported, 1 shortened", 15000));
  g_free (tl_test_ui_await_line (ui, mark, "Contacts row 0 shows “" SHOWN_PREFIX "zzz", 10000));
  screenshots (ui, "contacts-imported");

  /* Found by either number, in any formatting, and by name. */
  search_for (ui, "555 0100", 1);
  search_for (ui, "(555) 0100-777", 1);
  search_for (ui, TL_TEST_UI_PEER, 1);
  search_for (ui, "mallory", 1);
  screenshots (ui, "contacts-search");
  search_for (ui, "nobody here", 0);
  screenshots (ui, "contacts-no-match");
  search_for (ui, "", 1);

  /* Its page: the long name, two numbers with a call button each, at phone width. */
  mark = tl_test_ui_mark (ui);
  tl_test_ui_action (ui, "add-contact", g_variant_new_string (TL_TEST_UI_PEER));
  g_free (tl_test_ui_await_line (ui, mark, "Contact page opened (existing)", 10000));
  tl_test_ui_screenshot_window (ui, tl_test_ui_find_window (ui, "^Edit Contact$"), "contact-editor-hostile-360.png");
  tl_test_ui_key (ui, "Escape");
  tl_test_spin (300);

  /* The first number calls through the trunk (the real peer). */
  mark = tl_test_ui_mark (ui);
  skip = tl_test_ui_count_notifications (ui);
  g_free (tl_test_peer_command (peer, "dial", "sip:" TL_TEST_UI_USER "@127.0.0.1", &error));
  g_assert_no_error (error);
  check_incoming_named (ui, mark, skip);
  screenshots (ui, "incoming-contact");
  mark = tl_test_ui_mark (ui);
  tl_test_ui_action (ui, "decline", g_variant_new_string (""));
  g_free (tl_test_ui_await_line (ui, mark, "Window shows contacts", 10000));

  /* The second number, with a display name of its own: the contact's wins. */
  contact = tl_test_kamailio_await_contact (tl_test_ui_get_kamailio (ui), TL_TEST_UI_USER, NULL, 5000);
  user = tl_test_sip_contact_user (contact);
  g_assert_nonnull (user);
  mark = tl_test_ui_mark (ui);
  skip = tl_test_ui_count_notifications (ui);
  connection = tl_test_sip_send_invite_from (tl_test_ui_get_sip_port (ui), user, SECOND_NUMBER, TL_TEST_UI_USER,
                                             network_name, sizeof network_name - 1, SECOND_CALL_ID, &error);
  g_assert_no_error (error);
  check_incoming_named (ui, mark, skip);
  mark = tl_test_ui_mark (ui);
  tl_test_ui_action (ui, "decline", g_variant_new_string (SECOND_CALL_ID));
  g_free (tl_test_ui_await_line (ui, mark, "Window shows contacts", 10000));

  /* The history keeps the network's words, and shows the contact's name. */
  g_free (tl_test_ui_await_line (ui, mark, "History row 0 shows “" SHOWN_PREFIX, 10000));
  tl_test_ui_action (ui, "show-history", NULL);
  g_free (tl_test_ui_await_line (ui, mark, "Window shows history", 10000));
  screenshots (ui, "history-contact");
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);

  /* The Call button of the contact's first number (a real click: the page is
   * moved to the corner by the screenshot) calls the peer through the trunk. */
  mark = tl_test_ui_mark (ui);
  events = tl_test_peer_get_event_count (peer);
  tl_test_ui_action (ui, "add-contact", g_variant_new_string (TL_TEST_UI_PEER));
  g_free (tl_test_ui_await_line (ui, mark, "Contact page opened (existing)", 10000));
  tl_test_ui_screenshot_window (ui, tl_test_ui_find_window (ui, "^Edit Contact$"), "contact-editor-call-360.png");
  tl_test_ui_click (ui, CALL_BUTTON_X, FIRST_NUMBER_Y);
  g_free (tl_test_ui_await_line (ui, mark, "Contact: calling one of its numbers", 10000));
  g_free (await_peer_event (peer, "CALL_INCOMING", events, 15000));
  g_free (tl_test_ui_await_line (ui, mark, "Window shows call", 10000));
  events = tl_test_peer_get_event_count (peer);
  tl_test_ui_action (ui, "hangup", g_variant_new_string (""));
  g_free (await_peer_event (peer, "CALL_CLOSED", events, 10000));
  tl_test_ui_stop (ui);
}

#define EDITOR_TITLE "^(New |Edit )?Contact$"

/* "Add to Contacts" (the door a history row's menu uses): a new contact with the
 * number filled in, named with real keys and saved with Enter; the same number
 * again opens that contact. The contact's page at both sizes. */
static void
test_add_from_history (void)
{
  TlTestUiOptions options = { .name = "ui-contacts-add", .with_trunk = TRUE };
  TlTestUi *ui = tl_test_ui_start (&options);
  guint mark = tl_test_ui_mark (ui);

  tl_test_ui_action (ui, "add-contact", g_variant_new_string ("+31 20 555 0102"));
  g_free (tl_test_ui_await_line (ui, mark, "Contact page opened (new)", 10000));
  tl_test_spin (500);
  tl_test_ui_type (ui, "Anna <i>de Vries</i>");
  tl_test_ui_screenshot_window (ui, tl_test_ui_find_window (ui, EDITOR_TITLE), "contact-editor-new-360.png");
  tl_test_ui_key (ui, "Return");
  g_free (tl_test_ui_await_line (ui, mark, "Contact 1 saved", 10000));
  g_free (tl_test_ui_await_line (ui, mark, "Contacts row 0 shows “Anna <i>de Vries</i>”", 10000));
  screenshots (ui, "contacts-added");

  /* The number is in the contacts now: its contact opens, wide this time. */
  tl_test_ui_resize (ui, 1280, 800);
  mark = tl_test_ui_mark (ui);
  tl_test_ui_action (ui, "add-contact", g_variant_new_string ("+31205550102"));
  g_free (tl_test_ui_await_line (ui, mark, "Contact page opened (existing)", 10000));
  tl_test_ui_screenshot_window (ui, tl_test_ui_find_window (ui, EDITOR_TITLE), "contact-editor-edit-1280.png");
  tl_test_ui_key (ui, "Escape");
  tl_test_ui_stop (ui);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/contacts/hostile-contact", test_hostile_contact);
  g_test_add_func ("/ui/contacts/add-from-history", test_add_from_history);
  return g_test_run ();
}
