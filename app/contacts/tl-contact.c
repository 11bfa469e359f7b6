/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One contact: a name, its numbers with their types, and optionally an organisation, a note and a photo. */

#define G_LOG_DOMAIN "tl-contacts"

#include "config.h"

#include "tl-contact.h"

#include <string.h>

#include "tl-phone-number.h"

struct _TlContact
{
  GObject    parent_instance;

  gint64     id;
  gboolean   read_only;
  char      *uid;
  char      *name;
  char      *organisation;
  char      *note;
  GBytes    *photo;
  GPtrArray *numbers;   /* TlContactNumber */
};

G_DEFINE_FINAL_TYPE (TlContact, tl_contact, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_ORGANISATION,
  PROP_NOTE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* U+202A…U+202E and U+2066…U+2069 reorder the text around them: a name
 * holding one could show as another ("evil.exe" as "exe.live"). */
static gboolean
is_direction_control (gunichar c)
{
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

/* Valid UTF-8 without control characters or direction overrides (a name is
 * one line; a note keeps its line breaks), at most @max_chars characters.
 * Returns TRUE when cut. */
static gboolean
clean_text (char       **field,
            const char  *text,
            guint        max_chars,
            gboolean     multi_line)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  GString *out = g_string_sized_new (strlen (valid));
  gboolean cut = FALSE;
  guint n = 0;

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (n == max_chars)
        {
          cut = TRUE;
          break;
        }
      if (c == '\n' && multi_line)
        g_string_append_c (out, '\n');
      else if (g_unichar_iscntrl (c))
        g_string_append_c (out, ' ');
      else if (is_direction_control (c))
        continue;
      else
        g_string_append_unichar (out, c);
      n++;
    }
  g_free (*field);
  *field = g_strstrip (g_string_free (out, FALSE));
  return cut;
}

TlContact *
tl_contact_new (const char *name)
{
  TlContact *self = g_object_new (TL_TYPE_CONTACT, NULL);

  tl_contact_set_name (self, name);
  return self;
}

TlContact *
tl_contact_copy (TlContact *self)
{
  TlContact *copy;

  g_return_val_if_fail (TL_IS_CONTACT (self), NULL);

  copy = tl_contact_new (self->name);
  copy->id = self->id;
  copy->read_only = self->read_only;
  copy->uid = g_strdup (self->uid);
  copy->organisation = g_strdup (self->organisation);
  copy->note = g_strdup (self->note);
  copy->photo = self->photo != NULL ? g_bytes_ref (self->photo) : NULL;
  for (guint i = 0; i < self->numbers->len; i++)
    g_ptr_array_add (copy->numbers, tl_contact_number_copy (g_ptr_array_index (self->numbers, i)));
  return copy;
}

gint64
tl_contact_get_id (TlContact *self)
{
  g_return_val_if_fail (TL_IS_CONTACT (self), 0);
  return self->id;
}

void
tl_contact_set_id (TlContact *self,
                   gint64     id)
{
  g_return_if_fail (TL_IS_CONTACT (self));
  if (self->id == id)
    return;
  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

gboolean
tl_contact_get_read_only (TlContact *self)
{
  g_return_val_if_fail (TL_IS_CONTACT (self), FALSE);
  return self->read_only;
}

void
tl_contact_mark_read_only (TlContact *self)
{
  g_return_if_fail (TL_IS_CONTACT (self));
  self->read_only = TRUE;
}

const char *
tl_contact_get_uid (TlContact *self)
{
  g_return_val_if_fail (TL_IS_CONTACT (self), NULL);
  return self->uid;
}

void
tl_contact_set_uid (TlContact  *self,
                    const char *uid)
{
  g_return_if_fail (TL_IS_CONTACT (self));
  g_clear_pointer (&self->uid, g_free);
  if (uid != NULL && *uid != '\0')
    clean_text (&self->uid, uid, TL_CONTACT_MAX_NAME_CHARS, FALSE);
}

const char *
tl_contact_get_name (TlContact *self)
{
  g_return_val_if_fail (TL_IS_CONTACT (self), NULL);
  return self->name;
}

gboolean
tl_contact_set_name (TlContact  *self,
                     const char *name)
{
  gboolean cut;

  g_autofree char *before = NULL;

  g_return_val_if_fail (TL_IS_CONTACT (self), FALSE);
  before = g_steal_pointer (&self->name);
  cut = clean_text (&self->name, name, TL_CONTACT_MAX_NAME_CHARS, FALSE);
  if (g_strcmp0 (before, self->name) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
  return cut;
}

const char *
tl_contact_get_organisation (TlContact *self)
{
  g_return_val_if_fail (TL_IS_CONTACT (self), NULL);
  return self->organisation;
}

gboolean
tl_contact_set_organisation (TlContact  *self,
                             const char *organisation)
{
  gboolean cut;

  g_return_val_if_fail (TL_IS_CONTACT (self), FALSE);
  cut = clean_text (&self->organisation, organisation, TL_CONTACT_MAX_NAME_CHARS, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORGANISATION]);
  return cut;
}

const char *
tl_contact_get_note (TlContact *self)
{
  g_return_val_if_fail (TL_IS_CONTACT (self), NULL);
  return self->note;
}

gboolean
tl_contact_set_note (TlContact  *self,
                     const char *note)
{
  gboolean cut;

  g_return_val_if_fail (TL_IS_CONTACT (self), FALSE);
  cut = clean_text (&self->note, note, TL_CONTACT_MAX_TEXT_CHARS, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTE]);
  return cut;
}

GBytes *
tl_contact_get_photo (TlContact *self)
{
  g_return_val_if_fail (TL_IS_CONTACT (self), NULL);
  return self->photo;
}

gboolean
tl_contact_set_photo (TlContact *self,
                      GBytes    *photo)
{
  g_return_val_if_fail (TL_IS_CONTACT (self), FALSE);

  g_clear_pointer (&self->photo, g_bytes_unref);
  if (photo == NULL || g_bytes_get_size (photo) == 0)
    return TRUE;
  if (g_bytes_get_size (photo) > TL_CONTACT_MAX_PHOTO_BYTES)
    return FALSE;
  self->photo = g_bytes_ref (photo);
  return TRUE;
}

guint
tl_contact_get_n_numbers (TlContact *self)
{
  g_return_val_if_fail (TL_IS_CONTACT (self), 0);
  return self->numbers->len;
}

const TlContactNumber *
tl_contact_get_number (TlContact *self,
                       guint      index)
{
  g_return_val_if_fail (TL_IS_CONTACT (self), NULL);
  g_return_val_if_fail (index < self->numbers->len, NULL);
  return g_ptr_array_index (self->numbers, index);
}

static gboolean
same_number (const char *a,
             const char *b)
{
  g_autofree char *da = tl_phone_number_digits (a);
  g_autofree char *db = tl_phone_number_digits (b);

  if (da[0] == '\0' || db[0] == '\0')
    return g_ascii_strcasecmp (a, b) == 0;
  return g_str_equal (da, db);
}

gboolean
tl_contact_add_number (TlContact           *self,
                       const char          *number,
                       TlContactNumberType  type)
{
  g_autofree char *clean = NULL;

  g_return_val_if_fail (TL_IS_CONTACT (self), FALSE);

  clean_text (&clean, number, TL_CONTACT_MAX_NUMBER_CHARS, FALSE);
  if (clean[0] == '\0' || self->numbers->len >= TL_CONTACT_MAX_NUMBERS)
    return FALSE;
  for (guint i = 0; i < self->numbers->len; i++)
    if (same_number (((TlContactNumber *) g_ptr_array_index (self->numbers, i))->number, clean))
      return FALSE;
  g_ptr_array_add (self->numbers, tl_contact_number_new (clean, type));
  return TRUE;
}

void
tl_contact_remove_number (TlContact *self,
                          guint      index)
{
  g_return_if_fail (TL_IS_CONTACT (self));
  g_return_if_fail (index < self->numbers->len);
  g_ptr_array_remove_index (self->numbers, index);
}

void
tl_contact_clear_numbers (TlContact *self)
{
  g_return_if_fail (TL_IS_CONTACT (self));
  g_ptr_array_set_size (self->numbers, 0);
}

char *
tl_contact_fold_text (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  g_autofree char *decomposed = g_utf8_normalize (valid, -1, G_NORMALIZE_NFKD);
  g_autofree char *folded = NULL;
  GString *out;

  if (decomposed == NULL)
    return g_strdup ("");
  folded = g_utf8_casefold (decomposed, -1);
  out = g_string_sized_new (strlen (folded));
  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* Accents are combining marks after NFKD: "é" is "e" + U+0301. */
      if (g_unichar_ismark (c))
        continue;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static void
tl_contact_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  TlContact *self = TL_CONTACT (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_ORGANISATION: g_value_set_string (value, self->organisation); break;
    case PROP_NOTE: g_value_set_string (value, self->note); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_contact_finalize (GObject *object)
{
  TlContact *self = TL_CONTACT (object);

  g_free (self->uid);
  g_free (self->name);
  g_free (self->organisation);
  g_free (self->note);
  g_clear_pointer (&self->photo, g_bytes_unref);
  g_ptr_array_unref (self->numbers);
  G_OBJECT_CLASS (tl_contact_parent_class)->finalize (object);
}

static void
tl_contact_class_init (TlContactClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = tl_contact_get_property;
  object_class->finalize = tl_contact_finalize;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ORGANISATION] =
    g_param_spec_string ("organisation", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NOTE] =
    g_param_spec_string ("note", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tl_contact_init (TlContact *self)
{
  self->name = g_strdup ("");
  self->organisation = g_strdup ("");
  self->note = g_strdup ("");
  self->numbers = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_contact_number_free);
}
