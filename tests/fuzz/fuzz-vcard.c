/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: arbitrary bytes as a vCard file, fed in two pieces split anywhere. */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "tl-contact-number.h"
#include "tl-vcard-parser.h"

static void
on_card (TlContact  *contact,
         guint       line,
         const char *problems,
         gpointer    user_data)
{
  guint *n_cards = user_data;

  (*n_cards)++;
  if (problems != NULL)
    g_assert (g_utf8_validate (problems, -1, NULL));
  if (contact == NULL)
    return;
  /* Whatever came in, what goes out is bounded, valid, one-line text. */
  g_assert (g_utf8_validate (tl_contact_get_name (contact), -1, NULL));
  g_assert (tl_contact_get_name (contact)[0] != '\0');
  g_assert (g_utf8_strlen (tl_contact_get_name (contact), -1) <= TL_CONTACT_MAX_NAME_CHARS);
  g_assert (strchr (tl_contact_get_name (contact), '\n') == NULL);
  g_assert (g_utf8_validate (tl_contact_get_organisation (contact), -1, NULL));
  g_assert (g_utf8_validate (tl_contact_get_note (contact), -1, NULL));
  g_assert (g_utf8_strlen (tl_contact_get_note (contact), -1) <= TL_CONTACT_MAX_TEXT_CHARS);
  g_assert (tl_contact_get_n_numbers (contact) >= 1);
  g_assert (tl_contact_get_n_numbers (contact) <= TL_CONTACT_MAX_NUMBERS);
  g_assert (tl_contact_get_photo (contact) == NULL
            || g_bytes_get_size (tl_contact_get_photo (contact)) <= TL_CONTACT_MAX_PHOTO_BYTES);
  for (guint i = 0; i < tl_contact_get_n_numbers (contact); i++)
    {
      const TlContactNumber *number = tl_contact_get_number (contact, i);
      g_auto(GStrv) keys = tl_contact_number_lookup_keys (number->number, "31", "0");

      g_assert (g_utf8_validate (number->number, -1, NULL));
      g_assert (g_utf8_strlen (number->number, -1) <= TL_CONTACT_MAX_NUMBER_CHARS);
      g_assert (number->type < TL_CONTACT_NUMBER_N_TYPES);
      for (guint k = 0; keys[k] != NULL; k++)
        g_assert (g_utf8_validate (keys[k], -1, NULL));
    }
}

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(TlVCardParser) parser = NULL;
  guint n_cards = 0;
  size_t split;

  if (size == 0)
    return 0;
  split = data[0] % size;
  parser = tl_vcard_parser_new (on_card, &n_cards);
  tl_vcard_parser_feed (parser, (const char *) data + 1, split > 0 ? split - 1 : 0);
  tl_vcard_parser_feed (parser, (const char *) data + MAX (split, 1), size - MAX (split, 1));
  tl_vcard_parser_finish (parser);
  return 0;
}
