/* SPDX-License-Identifier: GPL-3.0-or-later */
/* An account's settings as text: their names, and reading and writing each as a string. */
#define G_LOG_DOMAIN "tl-accounts"

#include "config.h"

#include "tl-account.h"
#include "tl-account-private.h"

const char * const *
tl_account_list_keys (void)
{
  /* Every property but "id", in declaration order. */
  static const char *keys[N_PROPS - 1];
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      /* Held while the names are read: the class owns the param specs. */
      g_autoptr(GTypeClass) klass G_GNUC_UNUSED = g_type_class_ref (TL_TYPE_ACCOUNT);

      for (guint i = PROP_ID + 1; i < N_PROPS; i++)
        keys[i - PROP_ID - 1] = g_param_spec_get_name (tl_account_properties [i]);
      keys[N_PROPS - 2] = NULL;
      g_once_init_leave (&initialized, 1);
    }
  return keys;
}

static GParamSpec *
find_setting (const char  *key,
              GError     **error)
{
  g_autoptr(GTypeClass) klass = g_type_class_ref (TL_TYPE_ACCOUNT);
  GParamSpec *pspec = key != NULL ? g_object_class_find_property (G_OBJECT_CLASS (klass), key) : NULL;

  if (pspec == NULL || pspec == tl_account_properties [PROP_ID])
    {
      g_autofree char *known = g_strjoinv (", ", (char **) tl_account_list_keys ());

      g_set_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_UNKNOWN_KEY,
                   "There is no account setting “%s”; the settings are: %s",
                   key != NULL ? key : "", known);
      return NULL;
    }
  return pspec;
}

static gboolean
parse_boolean (const char *text,
               gboolean   *out)
{
  static const char * const yes[] = { "true", "yes", "on", "1", NULL };
  static const char * const no[] = { "false", "no", "off", "0", NULL };

  for (guint i = 0; yes[i] != NULL; i++)
    if (g_ascii_strcasecmp (text, yes[i]) == 0)
      {
        *out = TRUE;
        return TRUE;
      }
  for (guint i = 0; no[i] != NULL; i++)
    if (g_ascii_strcasecmp (text, no[i]) == 0)
      {
        *out = FALSE;
        return TRUE;
      }
  return FALSE;
}

static char *
enum_nicks (GType enum_type)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (enum_type);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < klass->n_values; i++)
    {
      if (i > 0)
        g_string_append (text, i + 1 == klass->n_values ? " or " : ", ");
      g_string_append (text, klass->values[i].value_nick);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

gboolean
tl_account_set_from_string (TlAccount   *self,
                            const char  *key,
                            const char  *value,
                            GError     **error)
{
  GParamSpec *pspec;
  guint prop_id;

  g_return_val_if_fail (TL_IS_ACCOUNT (self), FALSE);

  pspec = find_setting (key, error);
  if (pspec == NULL)
    return FALSE;
  prop_id = pspec->param_id;
  if (value == NULL)
    value = "";
  if (!g_utf8_validate (value, -1, NULL))
    return tl_account_invalid (error, "The value is not valid text");

  if (G_IS_PARAM_SPEC_STRING (pspec))
    {
      g_autofree char *stripped = g_strstrip (g_strdup (value));

      if (!tl_account_check_length (prop_id, stripped, error))
        return FALSE;
      tl_account_set_string (self, prop_id, stripped);
    }
  else if (G_IS_PARAM_SPEC_BOOLEAN (pspec))
    {
      gboolean flag = FALSE;

      if (!parse_boolean (value, &flag))
        {
          g_set_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_INVALID,
                       "The %s setting takes true or false, not “%s”", g_param_spec_get_nick (pspec), value);
          return FALSE;
        }
      tl_account_set_number (self, prop_id, flag);
    }
  else if (G_IS_PARAM_SPEC_UINT (pspec))
    {
      guint64 number = 0;

      if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT, &number, NULL))
        {
          g_set_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_INVALID,
                       "The %s must be a whole number, not “%s”", g_param_spec_get_nick (pspec), value);
          return FALSE;
        }
      tl_account_set_number (self, prop_id, (guint) number);
    }
  else if (G_IS_PARAM_SPEC_ENUM (pspec))
    {
      g_autoptr(GEnumClass) klass = g_type_class_ref (pspec->value_type);
      g_autofree char *lower = g_ascii_strdown (value, -1);
      GEnumValue *found = g_enum_get_value_by_nick (klass, g_strstrip (lower));

      if (found == NULL)
        {
          g_autofree char *nicks = enum_nicks (pspec->value_type);

          g_set_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_INVALID,
                       "Unknown %s “%s”: use %s", g_param_spec_get_nick (pspec), value, nicks);
          return FALSE;
        }
      tl_account_set_number (self, prop_id, (guint) found->value);
    }
  return TRUE;
}

char *
tl_account_dup_as_string (TlAccount   *self,
                          const char  *key,
                          GError     **error)
{
  GParamSpec *pspec;
  guint prop_id;

  g_return_val_if_fail (TL_IS_ACCOUNT (self), NULL);

  if (g_strcmp0 (key, "id") == 0)
    return g_strdup (self->strings[PROP_ID]);
  pspec = find_setting (key, error);
  if (pspec == NULL)
    return NULL;
  prop_id = pspec->param_id;
  if (G_IS_PARAM_SPEC_STRING (pspec))
    return g_strdup (self->strings[prop_id]);
  if (G_IS_PARAM_SPEC_BOOLEAN (pspec))
    return g_strdup (self->numbers[prop_id] ? "true" : "false");
  if (G_IS_PARAM_SPEC_UINT (pspec))
    return g_strdup_printf ("%u", self->numbers[prop_id]);
  return g_strdup (tl_account_enum_to_string (pspec->value_type, (int) self->numbers[prop_id]));
}
