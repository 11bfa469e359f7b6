/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests the vCard reader: what phones and address books export, and what a hostile file holds. */
#include "config.h"

#include <string.h>

#include "contacts-test-util.h"

static void
test_google_3_0 (void)
{
  g_autoptr(ParsedCards) cards = parse_fixture ("google-3.0.vcf");
  TlContact *anna;

  g_assert_cmpuint (cards->contacts->len, ==, 2);
  anna = card (cards, 0);
  g_assert_cmpstr (tl_contact_get_name (anna), ==, "Anna de Vries");
  g_assert_cmpuint (tl_contact_get_n_numbers (anna), ==, 3);
  assert_number (anna, 0, "+31 6 1234 5678", TL_CONTACT_NUMBER_MOBILE);
  assert_number (anna, 1, "020 555 0102", TL_CONTACT_NUMBER_WORK);
  assert_number (anna, 2, "020-555-0199", TL_CONTACT_NUMBER_FAX);
  /* Escaped comma and semicolon, and ORG's components joined. */
  g_assert_cmpstr (tl_contact_get_organisation (anna), ==, "Vries & Zonen, B.V., Sales");
  g_assert_cmpstr (tl_contact_get_note (anna), ==, "Prefers calls\nafter 10; not on Fridays");
  g_assert_null (g_ptr_array_index (cards->problems, 0));

  /* No FN and an empty N: the number names it. */
  g_assert_cmpstr (tl_contact_get_name (card (cards, 1)), ==, "+1 (555) 010-2030");
  /* An e-mail-only card is no phone contact. */
  g_assert_cmpuint (cards->skipped->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (cards->skipped, 0), ==, "no phone number");
  g_assert_cmpuint (g_array_index (cards->lines, guint, 2), ==, 17);
}

static void
test_apple_3_0 (void)
{
  g_autoptr(ParsedCards) cards = parse_fixture ("apple-3.0.vcf");
  TlContact *johnny;
  GBytes *photo;

  g_assert_cmpuint (cards->contacts->len, ==, 1);
  johnny = card (cards, 0);
  /* FN wins over N. */
  g_assert_cmpstr (tl_contact_get_name (johnny), ==, "Dr. Johnny Q. Appleseed Jr.");
  g_assert_cmpstr (tl_contact_get_organisation (johnny), ==, "Apple Inc.");
  g_assert_cmpstr (tl_contact_get_uid (johnny), ==, "8D5F1C2A-0001-4A7E-9C4B-APPLESEED");
  /* Grouped TELs take their type from the group's X-ABLabel. */
  assert_number (johnny, 0, "+1 408 555 0001", TL_CONTACT_NUMBER_MOBILE);
  assert_number (johnny, 1, "+1 408 555 0002", TL_CONTACT_NUMBER_FAX);
  assert_number (johnny, 2, "+1 408 555 0003", TL_CONTACT_NUMBER_MOBILE);
  /* The folded base64 photo, unfolded and decoded. */
  photo = tl_contact_get_photo (johnny);
  g_assert_nonnull (photo);
  g_assert_cmpuint (g_bytes_get_size (photo), ==, 1024);
  g_assert_cmpuint (((const guint8 *) g_bytes_get_data (photo, NULL))[255], ==, 255);
}

static void
test_android_2_1 (void)
{
  g_autoptr(ParsedCards) cards = parse_fixture ("android-2.1.vcf");
  TlContact *pawel, *juergen;

  g_assert_cmpuint (cards->contacts->len, ==, 2);
  pawel = card (cards, 0);
  /* QUOTED-PRINTABLE with a soft line break, in UTF-8. */
  g_assert_cmpstr (tl_contact_get_name (pawel), ==, "Paweł Żółw Kowalski");
  /* 2.1 bare parameters. */
  assert_number (pawel, 0, "+48 600 100 200", TL_CONTACT_NUMBER_MOBILE);
  assert_number (pawel, 1, "22 555 01 02", TL_CONTACT_NUMBER_WORK);
  assert_number (pawel, 2, "22 555 01 03", TL_CONTACT_NUMBER_OTHER);

  /* QUOTED-PRINTABLE in ISO-8859-1, no FN: N in display order. */
  juergen = card (cards, 1);
  g_assert_cmpstr (tl_contact_get_name (juergen), ==, "Jürgen Müller");
  assert_number (juergen, 0, "030 1234567", TL_CONTACT_NUMBER_HOME);
  g_assert_nonnull (tl_contact_get_photo (juergen));
  g_assert_cmpuint (g_bytes_get_size (tl_contact_get_photo (juergen)), ==, 20);
}

static void
test_rfc6350_4_0 (void)
{
  g_autoptr(ParsedCards) cards = parse_fixture ("rfc6350-4.0.vcf");
  TlContact *simon;

  g_assert_cmpuint (cards->contacts->len, ==, 1);
  simon = card (cards, 0);
  g_assert_cmpstr (tl_contact_get_name (simon), ==, "Simon Perreault");
  /* tel: URIs lose the scheme and their parameters; quoted TYPE lists. */
  assert_number (simon, 0, "+1-555-555-5555", TL_CONTACT_NUMBER_HOME);
  assert_number (simon, 1, "+1-418-262-6501", TL_CONTACT_NUMBER_MOBILE);
  /* A data: URI photo. */
  g_assert_cmpuint (g_bytes_get_size (tl_contact_get_photo (simon)), ==, 8);
}

/* Every piece size: a line (and a CRLF) split across feeds reads the same. */
static void
test_streaming (void)
{
  g_autofree char *path = fixture_path ("apple-3.0.vcf");
  g_autofree char *text = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &text, &length, NULL));
  for (gsize piece = 1; piece <= 97; piece += 8)
    {
      g_autoptr(ParsedCards) cards = parsed_cards_new ();
      g_autoptr(TlVCardParser) parser = tl_vcard_parser_new (parsed_card_cb, cards);

      for (gsize at = 0; at < length; at += piece)
        tl_vcard_parser_feed (parser, text + at, MIN (piece, length - at));
      tl_vcard_parser_finish (parser);
      g_assert_cmpuint (cards->contacts->len, ==, 1);
      g_assert_cmpuint (tl_contact_get_n_numbers (card (cards, 0)), ==, 3);
      g_assert_cmpuint (g_bytes_get_size (tl_contact_get_photo (card (cards, 0))), ==, 1024);
    }
}

static void
test_markup_literal (void)
{
  g_autoptr(ParsedCards) cards =
    parse_text ("BEGIN:VCARD\nVERSION:3.0\nFN:<b>Bold</b> & <i>co</i>\nTEL:1234\nEND:VCARD\n", -1);

  g_assert_cmpuint (cards->contacts->len, ==, 1);
  g_assert_cmpstr (tl_contact_get_name (card (cards, 0)), ==, "<b>Bold</b> & <i>co</i>");
}

/* Direction overrides would let a name show as another; control characters go too. */
static void
test_direction_overrides (void)
{
  g_autoptr(ParsedCards) cards =
    parse_text ("BEGIN:VCARD\nFN:Mallory\xe2\x80\xae" "exe.pdf\x07 \xe2\x81\xa6" "x\nTEL:1\nEND:VCARD\n", -1);

  g_assert_cmpuint (cards->contacts->len, ==, 1);
  g_assert_cmpstr (tl_contact_get_name (card (cards, 0)), ==, "Malloryexe.pdf  x");
}

/* A number that is only direction marks is no number: the card is skipped, not kept empty. */
static void
test_number_of_marks_only (void)
{
  g_autoptr(ParsedCards) cards =
    parse_text ("BEGIN:VCARD\nFN:Nobody\nTEL:\xe2\x80\xaa\xe2\x80\xae\nEND:VCARD\n"
                "BEGIN:VCARD\nTEL:\xe2\x81\xa6" "5550100\nEND:VCARD\n", -1);

  g_assert_cmpuint (cards->contacts->len, ==, 1);
  g_assert_cmpstr (tl_contact_get_name (card (cards, 0)), ==, "5550100");
  g_assert_cmpuint (cards->skipped->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (cards->skipped, 0), ==, "no phone number");
}

static void
test_invalid_utf8 (void)
{
  static const char text[] = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bad\xff\xfe name\xc3\r\nTEL:5550100\r\nEND:VCARD\r\n";
  g_autoptr(ParsedCards) cards = parse_text (text, sizeof text - 1);
  const char *name;

  g_assert_cmpuint (cards->contacts->len, ==, 1);
  name = tl_contact_get_name (card (cards, 0));
  g_assert_true (g_utf8_validate (name, -1, NULL));
  g_assert_cmpstr (name, ==, "Bad\xef\xbf\xbd\xef\xbf\xbd name\xef\xbf\xbd");
  g_assert_nonnull (strstr (g_ptr_array_index (cards->problems, 0), "not valid UTF-8"));
}

static void
test_long_name_cut (void)
{
  GString *text = g_string_new ("BEGIN:VCARD\nVERSION:3.0\nFN:");
  g_autoptr(ParsedCards) cards = NULL;
  const char *name;

  /* 10 000 two-byte characters: the cut must fall between characters. */
  for (guint i = 0; i < 10000; i++)
    g_string_append (text, "é");
  g_string_append (text, "\nTEL:5550100\nEND:VCARD\n");
  cards = parse_text (text->str, (gssize) text->len);
  g_string_free (text, TRUE);

  g_assert_cmpuint (cards->contacts->len, ==, 1);
  name = tl_contact_get_name (card (cards, 0));
  g_assert_true (g_utf8_validate (name, -1, NULL));
  g_assert_cmpuint (g_utf8_strlen (name, -1), ==, TL_CONTACT_MAX_NAME_CHARS);
  g_assert_nonnull (strstr (g_ptr_array_index (cards->problems, 0), "cut to 256 characters"));
}

static void
test_overlong_line_skips_card (void)
{
  GString *text = g_string_new ("BEGIN:VCARD\nVERSION:3.0\nFN:Big\nNOTE:");
  g_autoptr(ParsedCards) cards = NULL;

  g_string_append_len (text, "", 0);
  for (gsize i = 0; i < TL_VCARD_MAX_LINE_BYTES + 10; i++)
    g_string_append_c (text, 'x');
  g_string_append (text, "\nTEL:1\nEND:VCARD\nBEGIN:VCARD\nFN:Next\nTEL:2\nEND:VCARD\n");
  cards = parse_text (text->str, (gssize) text->len);
  g_string_free (text, TRUE);

  /* The big card goes, the next one still comes through. */
  g_assert_cmpuint (cards->skipped->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (cards->skipped, 0), ==, "a line longer than 1 MiB");
  g_assert_cmpuint (cards->contacts->len, ==, 1);
  g_assert_cmpstr (tl_contact_get_name (card (cards, 0)), ==, "Next");
}

static void
test_big_photo_dropped (void)
{
  GString *text = g_string_new ("BEGIN:VCARD\nVERSION:3.0\nFN:Photo\nTEL:1\nPHOTO;ENCODING=b:");
  g_autoptr(ParsedCards) cards = NULL;

  for (gsize i = 0; i < (TL_CONTACT_MAX_PHOTO_BYTES / 3 + 10) * 4; i++)
    g_string_append_c (text, 'A');
  g_string_append (text, "\nEND:VCARD\n");
  cards = parse_text (text->str, (gssize) text->len);
  g_string_free (text, TRUE);

  g_assert_cmpuint (cards->contacts->len, ==, 1);
  g_assert_null (tl_contact_get_photo (card (cards, 0)));
  g_assert_nonnull (strstr (g_ptr_array_index (cards->problems, 0), "photo larger than 256 KiB"));
}

static void
test_structure (void)
{
  /* Unterminated, nested (2.1 AGENT), lower-case keywords, junk between cards,
   * a property without a colon, a NUL byte, 40 numbers. */
  GString *text = g_string_new ("junk before\nbegin:vcard\nversion:2.1\nfn:Outer\ntel;cell:1111\n"
                                "AGENT:\nBEGIN:VCARD\nFN:Inner\nTEL:2222\nEND:VCARD\n"
                                "no colon here\nEND:VCARD\nmore junk\nBEGIN:VCARD\nFN:Many\n");
  g_autoptr(ParsedCards) cards = NULL;

  for (guint i = 0; i < 40; i++)
    g_string_append_printf (text, "TEL:555%04u\n", i);
  g_string_append (text, "NOTE:a\\nb\nEND:VCARD\nBEGIN:VCARD\nFN:Open\nTEL:3333\n");
  g_string_append_len (text, "FN:nul\0byte\n", 12);
  cards = parse_text (text->str, (gssize) text->len);
  g_string_free (text, TRUE);

  g_assert_cmpuint (cards->contacts->len, ==, 2);
  g_assert_cmpstr (tl_contact_get_name (card (cards, 0)), ==, "Outer");
  g_assert_cmpuint (tl_contact_get_n_numbers (card (cards, 0)), ==, 1);
  g_assert_cmpstr (tl_contact_get_name (card (cards, 1)), ==, "Many");
  g_assert_cmpuint (tl_contact_get_n_numbers (card (cards, 1)), ==, TL_CONTACT_MAX_NUMBERS);
  g_assert_nonnull (strstr (g_ptr_array_index (cards->problems, 1), "first 32 numbers"));
  g_assert_cmpuint (cards->skipped->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (cards->skipped, 0), ==, "the file ended inside the card");
}

static void
test_many_cards_bounded (void)
{
  GString *text = g_string_new (NULL);
  g_autoptr(ParsedCards) cards = parsed_cards_new ();
  g_autoptr(TlVCardParser) parser = tl_vcard_parser_new (parsed_card_cb, cards);

  for (guint i = 0; i < TL_VCARD_MAX_CARDS + 5; i++)
    g_string_append_printf (text, "BEGIN:VCARD\nFN:P%u\nTEL:%u\nEND:VCARD\n", i, 1000 + i);
  tl_vcard_parser_feed (parser, text->str, text->len);
  tl_vcard_parser_finish (parser);
  g_string_free (text, TRUE);

  g_assert_cmpuint (cards->contacts->len, ==, TL_VCARD_MAX_CARDS);
  g_assert_cmpuint (tl_vcard_parser_get_n_ignored (parser), ==, 5);
}

static void
test_match_keys (void)
{
  g_auto(GStrv) keys = NULL;
  g_autofree char *key = NULL;

  key = tl_contact_number_match_key ("020 555 0102", "31", "0");
  g_assert_cmpstr (key, ==, "+31205550102");
  g_clear_pointer (&key, g_free);
  key = tl_contact_number_match_key ("020 555 0102", NULL, NULL);
  g_assert_cmpstr (key, ==, "0205550102");
  g_clear_pointer (&key, g_free);
  key = tl_contact_number_match_key ("\"Bob\" <sip:Bob@Example.ORG;transport=tcp>", NULL, NULL);
  g_assert_cmpstr (key, ==, "bob@example.org");
  g_clear_pointer (&key, g_free);
  key = tl_contact_number_match_key ("Bob the Builder", NULL, NULL);
  g_assert_cmpstr (key, ==, "");

  keys = tl_contact_number_lookup_keys ("sip:+31205550102@trunk.example;user=phone", "31", "0");
  g_assert_cmpstr (keys[0], ==, "+31205550102");
  g_assert_cmpstr (keys[1], ==, "0205550102");
  g_assert_cmpstr (keys[2], ==, "31205550102");
  g_assert_null (keys[3]);
  g_clear_pointer (&keys, g_strfreev);
  keys = tl_contact_number_lookup_keys ("15550102030", NULL, NULL);
  g_assert_cmpstr (keys[0], ==, "15550102030");
  g_assert_cmpstr (keys[1], ==, "+15550102030");
  g_assert_null (keys[2]);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/contacts/vcard/google-3.0", test_google_3_0);
  g_test_add_func ("/contacts/vcard/apple-3.0", test_apple_3_0);
  g_test_add_func ("/contacts/vcard/android-2.1", test_android_2_1);
  g_test_add_func ("/contacts/vcard/rfc6350-4.0", test_rfc6350_4_0);
  g_test_add_func ("/contacts/vcard/streaming", test_streaming);
  g_test_add_func ("/contacts/vcard/markup-literal", test_markup_literal);
  g_test_add_func ("/contacts/vcard/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/contacts/vcard/direction-overrides", test_direction_overrides);
  g_test_add_func ("/contacts/vcard/number-of-marks-only", test_number_of_marks_only);
  g_test_add_func ("/contacts/vcard/long-name-cut", test_long_name_cut);
  g_test_add_func ("/contacts/vcard/overlong-line", test_overlong_line_skips_card);
  g_test_add_func ("/contacts/vcard/big-photo", test_big_photo_dropped);
  g_test_add_func ("/contacts/vcard/structure", test_structure);
  g_test_add_func ("/contacts/vcard/many-cards", test_many_cards_bounded);
  g_test_add_func ("/contacts/number/match-keys", test_match_keys);
  return g_test_run ();
}
