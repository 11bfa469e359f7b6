/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Voicemail summaries as servers send them, and as an attacker might. */
#include "config.h"

#include <string.h>

#include "tl-message-summary.h"

static void
test_typical (void)
{
  TlMessageSummary s = { 0 };

  g_assert_true (tl_message_summary_parse ("Messages-Waiting: yes\r\n"
                                           "Message-Account: sip:*97@example.net\r\n"
                                           "Voice-Message: 2/8 (0/2)\r\n", -1, &s));
  g_assert_true (s.waiting);
  g_assert_cmpuint (s.voice_new, ==, 2);
  g_assert_cmpuint (s.voice_old, ==, 8);

  g_assert_true (tl_message_summary_parse ("Messages-Waiting: no\r\nVoice-Message: 0/3\r\n", -1, &s));
  g_assert_false (s.waiting);
  g_assert_cmpuint (s.voice_new, ==, 0);
  g_assert_cmpuint (s.voice_old, ==, 3);
}

static void
test_lenient_where_servers_differ (void)
{
  TlMessageSummary s = { 0 };

  /* Case, bare LF, spaces, and no count at all. */
  g_assert_true (tl_message_summary_parse ("messages-waiting:YES\nvoice-message:  1/0\n", -1, &s));
  g_assert_true (s.waiting);
  g_assert_cmpuint (s.voice_new, ==, 1);
  g_assert_true (tl_message_summary_parse ("Messages-Waiting: yes", -1, &s));
  g_assert_true (s.waiting);
  g_assert_cmpuint (s.voice_new, ==, 0);
  /* Other message classes are not voice. */
  g_assert_true (tl_message_summary_parse ("Messages-Waiting: yes\r\nFax-Message: 4/0\r\n", -1, &s));
  g_assert_cmpuint (s.voice_new, ==, 0);
}

static void
test_hostile (void)
{
  TlMessageSummary s = { .waiting = TRUE, .voice_new = 7, .voice_old = 7 };
  g_autoptr(GString) huge = g_string_new ("Messages-Waiting: yes\r\n");
  static const char nul[] = "Messages-Waiting: yes\r\nVoice-Message: 3/1\0<b>hidden</b>";

  /* No valid Messages-Waiting line: nothing changes. */
  g_assert_false (tl_message_summary_parse (NULL, -1, &s));
  g_assert_false (tl_message_summary_parse ("", -1, &s));
  g_assert_false (tl_message_summary_parse ("Voice-Message: 5/5\r\n", -1, &s));
  g_assert_false (tl_message_summary_parse ("Messages-Waiting: maybe\r\nVoice-Message: 5/5\r\n", -1, &s));
  g_assert_false (tl_message_summary_parse ("Messages-Waiting: <b>yes</b>\r\n", -1, &s));
  g_assert_cmpuint (s.voice_new, ==, 7);

  /* Counts: bounded, digits only; a bad count is no count. */
  g_assert_true (tl_message_summary_parse ("Messages-Waiting: yes\r\nVoice-Message: 4294967297/99999999\r\n",
                                           -1, &s));
  g_assert_cmpuint (s.voice_new, ==, 0);
  g_assert_true (tl_message_summary_parse ("Messages-Waiting: yes\r\nVoice-Message: 123456789/99999\r\n", -1, &s));
  g_assert_cmpuint (s.voice_new, ==, TL_MESSAGE_SUMMARY_MAX_COUNT);
  g_assert_cmpuint (s.voice_old, ==, TL_MESSAGE_SUMMARY_MAX_COUNT);
  g_assert_true (tl_message_summary_parse ("Messages-Waiting: yes\r\nVoice-Message: -1/+2\r\n", -1, &s));
  g_assert_cmpuint (s.voice_new, ==, 0);
  g_assert_true (tl_message_summary_parse ("Messages-Waiting: yes\r\nVoice-Message: 2/3%n\r\n", -1, &s));
  g_assert_cmpuint (s.voice_new, ==, 0);

  /* A second, contradicting line does not win. */
  g_assert_true (tl_message_summary_parse ("Messages-Waiting: no\r\nMessages-Waiting: yes\r\n", -1, &s));
  g_assert_false (s.waiting);

  /* An embedded NUL ends the text; the length given is honoured. */
  g_assert_true (tl_message_summary_parse (nul, sizeof nul - 1, &s));
  g_assert_cmpuint (s.voice_new, ==, 3);

  /* A megabyte of junk: read no further than the bound. */
  while (huge->len < 1024 * 1024)
    g_string_append (huge, "X-Junk: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n");
  g_string_append (huge, "Voice-Message: 9/9\r\n");
  g_assert_true (tl_message_summary_parse (huge->str, (gssize) huge->len, &s));
  g_assert_true (s.waiting);
  g_assert_cmpuint (s.voice_new, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/message-summary/typical", test_typical);
  g_test_add_func ("/message-summary/lenient", test_lenient_where_servers_differ);
  g_test_add_func ("/message-summary/hostile", test_hostile);
  return g_test_run ();
}
