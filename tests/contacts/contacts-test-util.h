/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared helpers for the contacts tests: a scratch database and cards parsed into a list. */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>

#include "tl-contact-store.h"
#include "tl-test-trunk.h"
#include "tl-vcard-parser.h"

typedef struct {
  GPtrArray *contacts;   /* TlContact */
  GPtrArray *problems;   /* char *, one per contact (NULL: none) */
  GPtrArray *skipped;    /* char * reasons */
  GArray    *lines;      /* start line of each card reported, in order */
} ParsedCards;

static inline void
parsed_card_cb (TlContact  *contact,
                guint       line,
                const char *problems,
                gpointer    user_data)
{
  ParsedCards *cards = user_data;

  g_array_append_val (cards->lines, line);
  if (contact == NULL)
    {
      g_ptr_array_add (cards->skipped, g_strdup (problems));
      return;
    }
  g_ptr_array_add (cards->contacts, g_object_ref (contact));
  g_ptr_array_add (cards->problems, g_strdup (problems));
}

static inline ParsedCards *
parsed_cards_new (void)
{
  ParsedCards *cards = g_new0 (ParsedCards, 1);

  cards->contacts = g_ptr_array_new_with_free_func (g_object_unref);
  cards->problems = g_ptr_array_new_with_free_func (g_free);
  cards->skipped = g_ptr_array_new_with_free_func (g_free);
  cards->lines = g_array_new (FALSE, FALSE, sizeof (guint));
  return cards;
}

static inline void
parsed_cards_free (ParsedCards *cards)
{
  g_ptr_array_unref (cards->contacts);
  g_ptr_array_unref (cards->problems);
  g_ptr_array_unref (cards->skipped);
  g_array_unref (cards->lines);
  g_free (cards);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ParsedCards, parsed_cards_free)

static inline ParsedCards *
parse_text (const char *text,
            gssize      length)
{
  ParsedCards *cards = parsed_cards_new ();

  tl_vcard_parse (text, length < 0 ? strlen (text) : (gsize) length, parsed_card_cb, cards);
  return cards;
}

static inline char *
fixture_path (const char *name)
{
  return g_build_filename (TL_CONTACTS_FIXTURES, name, NULL);
}

static inline ParsedCards *
parse_fixture (const char *name)
{
  g_autofree char *path = fixture_path (name);
  g_autofree char *text = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &text, &length, &error);
  g_assert_no_error (error);
  return parse_text (text, (gssize) length);
}

static inline TlContact *
card (ParsedCards *cards,
      guint        index)
{
  g_assert_cmpuint (index, <, cards->contacts->len);
  return g_ptr_array_index (cards->contacts, index);
}

static inline void
assert_number (TlContact           *contact,
               guint                index,
               const char          *number,
               TlContactNumberType  type)
{
  const TlContactNumber *n;

  g_assert_cmpuint (index, <, tl_contact_get_n_numbers (contact));
  n = tl_contact_get_number (contact, index);
  g_assert_cmpstr (n->number, ==, number);
  g_assert_cmpstr (tl_contact_number_type_to_string (n->type), ==, tl_contact_number_type_to_string (type));
}

static inline char *
contacts_test_make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("tl-contacts-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static inline void
contacts_test_remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_unlink (child);
    }
  g_rmdir (path);
}
