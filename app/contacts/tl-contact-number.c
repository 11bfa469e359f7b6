/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One telephone number of a contact and what kind of line it is (the vCard TEL type). */

#define G_LOG_DOMAIN "tl-contacts"

#include "config.h"

#include "tl-contact-number.h"

#include <string.h>

#include "tl-phone-number.h"

G_DEFINE_ENUM_TYPE (TlContactNumberType, tl_contact_number_type,
                    G_DEFINE_ENUM_VALUE (TL_CONTACT_NUMBER_OTHER, "other"),
                    G_DEFINE_ENUM_VALUE (TL_CONTACT_NUMBER_MOBILE, "mobile"),
                    G_DEFINE_ENUM_VALUE (TL_CONTACT_NUMBER_HOME, "home"),
                    G_DEFINE_ENUM_VALUE (TL_CONTACT_NUMBER_WORK, "work"),
                    G_DEFINE_ENUM_VALUE (TL_CONTACT_NUMBER_MAIN, "main"),
                    G_DEFINE_ENUM_VALUE (TL_CONTACT_NUMBER_FAX, "fax"),
                    G_DEFINE_ENUM_VALUE (TL_CONTACT_NUMBER_PAGER, "pager"))

G_DEFINE_BOXED_TYPE (TlContactNumber, tl_contact_number, tl_contact_number_copy, tl_contact_number_free)

static const struct {
  const char          *word;
  const char          *label;
} type_names[TL_CONTACT_NUMBER_N_TYPES] = {
  [TL_CONTACT_NUMBER_OTHER] = { "other", "Other" },
  [TL_CONTACT_NUMBER_MOBILE] = { "mobile", "Mobile" },
  [TL_CONTACT_NUMBER_HOME] = { "home", "Home" },
  [TL_CONTACT_NUMBER_WORK] = { "work", "Work" },
  [TL_CONTACT_NUMBER_MAIN] = { "main", "Main" },
  [TL_CONTACT_NUMBER_FAX] = { "fax", "Fax" },
  [TL_CONTACT_NUMBER_PAGER] = { "pager", "Pager" },
};

TlContactNumber *
tl_contact_number_new (const char          *number,
                       TlContactNumberType  type)
{
  TlContactNumber *self = g_new0 (TlContactNumber, 1);

  self->number = g_utf8_make_valid (number != NULL ? number : "", -1);
  self->type = type < TL_CONTACT_NUMBER_N_TYPES ? type : TL_CONTACT_NUMBER_OTHER;
  return self;
}

TlContactNumber *
tl_contact_number_copy (const TlContactNumber *self)
{
  return tl_contact_number_new (self->number, self->type);
}

void
tl_contact_number_free (TlContactNumber *self)
{
  if (self == NULL)
    return;
  g_free (self->number);
  g_free (self);
}

const char *
tl_contact_number_type_to_string (TlContactNumberType type)
{
  return type < TL_CONTACT_NUMBER_N_TYPES ? type_names[type].word : "other";
}

const char *
tl_contact_number_type_to_label (TlContactNumberType type)
{
  return type < TL_CONTACT_NUMBER_N_TYPES ? type_names[type].label : "Other";
}

gboolean
tl_contact_number_type_from_string (const char          *text,
                                    TlContactNumberType *type)
{
  static const struct { const char *word; TlContactNumberType type; } aliases[] = {
    { "cell", TL_CONTACT_NUMBER_MOBILE },
    { "iphone", TL_CONTACT_NUMBER_MOBILE },
    { "voice", TL_CONTACT_NUMBER_OTHER },
    { "pref", TL_CONTACT_NUMBER_OTHER },
  };

  if (text == NULL)
    return FALSE;
  for (guint i = 0; i < TL_CONTACT_NUMBER_N_TYPES; i++)
    if (g_ascii_strcasecmp (text, type_names[i].word) == 0)
      {
        *type = i;
        return TRUE;
      }
  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    if (g_ascii_strcasecmp (text, aliases[i].word) == 0)
      {
        *type = aliases[i].type;
        return TRUE;
      }
  return FALSE;
}

/* "sip:Bob@Example.org;transport=tcp" → "bob@example.org": addresses that are
 * not numbers still match a contact that holds them. */
static char *
address_key (const char *uri_or_number)
{
  g_autofree char *valid = g_utf8_make_valid (uri_or_number, -1);
  const char *s = g_strstrip (valid);
  const char *lt = strchr (s, '<');
  gsize len;

  if (lt != NULL && strchr (lt, '>') != NULL)
    s = lt + 1;
  if (g_ascii_strncasecmp (s, "sips:", 5) == 0)
    s += 5;
  else if (g_ascii_strncasecmp (s, "sip:", 4) == 0)
    s += 4;
  len = strcspn (s, ";?> \t");
  if (len == 0 || memchr (s, '@', len) == NULL)
    return g_strdup ("");
  return g_utf8_strdown (s, len);
}

char *
tl_contact_number_match_key (const char *uri_or_number,
                             const char *country_code,
                             const char *national_prefix)
{
  g_autofree char *key = NULL;

  if (uri_or_number == NULL)
    return g_strdup ("");
  key = tl_phone_number_normalise (uri_or_number, country_code, national_prefix);
  if (key[0] != '\0')
    return g_steal_pointer (&key);
  return address_key (uri_or_number);
}

static gboolean
is_all_digits (const char *s)
{
  if (s == NULL || *s == '\0')
    return FALSE;
  for (; *s != '\0'; s++)
    if (!g_ascii_isdigit (*s))
      return FALSE;
  return TRUE;
}

static void
add_key (GPtrArray  *keys,
         char       *key)
{
  for (guint i = 0; i < keys->len; i++)
    if (g_str_equal (g_ptr_array_index (keys, i), key))
      {
        g_free (key);
        return;
      }
  g_ptr_array_add (keys, key);
}

GStrv
tl_contact_number_lookup_keys (const char *uri_or_number,
                               const char *country_code,
                               const char *national_prefix)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *key = tl_contact_number_match_key (uri_or_number, country_code, national_prefix);

  if (key[0] == '\0')
    {
      g_ptr_array_add (keys, NULL);
      return (GStrv) g_ptr_array_free (g_steal_pointer (&keys), FALSE);
    }

  add_key (keys, g_strdup (key));
  /* Stored without a dial plan, a national number kept its national digits. */
  if (key[0] == '+' && is_all_digits (country_code) && g_str_has_prefix (key + 1, country_code))
    add_key (keys, g_strconcat (is_all_digits (national_prefix) ? national_prefix : "",
                                key + 1 + strlen (country_code), NULL));
  /* Trunks often send international numbers without their '+' (15551234567). */
  if (is_all_digits (key) && strlen (key) >= 8 && key[0] != '0')
    add_key (keys, g_strconcat ("+", key, NULL));
  if (key[0] == '+')
    add_key (keys, g_strdup (key + 1));

  g_ptr_array_add (keys, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&keys), FALSE);
}
