/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The trunk accounts, kept in a key file under the config dir and listed as a GListModel of TlAccount. */
#define G_LOG_DOMAIN "tl-accounts"

#include "config.h"

#include "tl-account-store.h"

#include <errno.h>
#include <glib/gstdio.h>

#include "tl-paths.h"

/* The group holding the file's own keys; account ids never take this name. */
#define META_GROUP "trunkline"
#define FORMAT_VERSION_KEY "format-version"

struct _TlAccountStore
{
  GObject    parent_instance;

  char      *path;
  GPtrArray *accounts;          /* TlAccount, in file order */
  char      *recovery_message;
  /* Set when the file is newer than this code: never write over it. */
  gboolean   read_only;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TlAccountStore, tl_account_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_PATH,
  PROP_RECOVERY_MESSAGE,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* ---- GListModel ------------------------------------------------------- */

static GType
tl_account_store_get_item_type (GListModel *model)
{
  return TL_TYPE_ACCOUNT;
}

static guint
tl_account_store_get_n_items (GListModel *model)
{
  return TL_ACCOUNT_STORE (model)->accounts->len;
}

static gpointer
tl_account_store_get_item (GListModel *model,
                           guint       position)
{
  TlAccountStore *self = TL_ACCOUNT_STORE (model);

  if (position >= self->accounts->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->accounts, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = tl_account_store_get_item_type;
  iface->get_n_items = tl_account_store_get_n_items;
  iface->get_item = tl_account_store_get_item;
}

static void
items_changed (TlAccountStore *self,
               guint           position,
               guint           removed,
               guint           added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_ITEMS]);
}

/* ---- GObject ---------------------------------------------------------- */

static void
tl_account_store_finalize (GObject *object)
{
  TlAccountStore *self = TL_ACCOUNT_STORE (object);

  g_clear_pointer (&self->accounts, g_ptr_array_unref);
  g_free (self->path);
  g_free (self->recovery_message);
  G_OBJECT_CLASS (tl_account_store_parent_class)->finalize (object);
}

static void
tl_account_store_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TlAccountStore *self = TL_ACCOUNT_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_RECOVERY_MESSAGE:
      g_value_set_string (value, self->recovery_message);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->accounts->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_account_store_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  TlAccountStore *self = TL_ACCOUNT_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_free (self->path);
      self->path = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_account_store_constructed (GObject *object)
{
  TlAccountStore *self = TL_ACCOUNT_STORE (object);

  G_OBJECT_CLASS (tl_account_store_parent_class)->constructed (object);
  if (self->path == NULL)
    self->path = tl_account_store_default_path ();
}

static void
tl_account_store_class_init (TlAccountStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tl_account_store_finalize;
  object_class->get_property = tl_account_store_get_property;
  object_class->set_property = tl_account_store_set_property;
  object_class->constructed = tl_account_store_constructed;

  properties [PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_RECOVERY_MESSAGE] =
    g_param_spec_string ("recovery-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties [PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tl_account_store_init (TlAccountStore *self)
{
  self->accounts = g_ptr_array_new_with_free_func (g_object_unref);
}

char *
tl_account_store_default_path (void)
{
  g_autofree char *dir = tl_paths_config_dir ();

  return g_build_filename (dir, "accounts.ini", NULL);
}

TlAccountStore *
tl_account_store_new (const char *path)
{
  return g_object_new (TL_TYPE_ACCOUNT_STORE, "path", path, NULL);
}

const char *
tl_account_store_get_path (TlAccountStore *self)
{
  g_return_val_if_fail (TL_IS_ACCOUNT_STORE (self), NULL);
  return self->path;
}

const char *
tl_account_store_get_recovery_message (TlAccountStore *self)
{
  g_return_val_if_fail (TL_IS_ACCOUNT_STORE (self), NULL);
  return self->recovery_message;
}

static void
set_recovery_message (TlAccountStore *self,
                      const char     *message)
{
  if (g_strcmp0 (self->recovery_message, message) == 0)
    return;
  g_free (self->recovery_message);
  self->recovery_message = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_RECOVERY_MESSAGE]);
}

static int
find_index (GPtrArray  *accounts,
            const char *id)
{
  for (guint i = 0; i < accounts->len; i++)
    if (g_strcmp0 (tl_account_get_id (g_ptr_array_index (accounts, i)), id) == 0)
      return (int) i;
  return -1;
}

TlAccount *
tl_account_store_lookup (TlAccountStore *self,
                         const char     *id)
{
  int index;

  g_return_val_if_fail (TL_IS_ACCOUNT_STORE (self), NULL);

  index = find_index (self->accounts, id);
  return index < 0 ? NULL : g_ptr_array_index (self->accounts, index);
}

TlAccount *
tl_account_store_get_default (TlAccountStore *self)
{
  g_return_val_if_fail (TL_IS_ACCOUNT_STORE (self), NULL);

  for (guint i = 0; i < self->accounts->len; i++)
    if (tl_account_get_default (g_ptr_array_index (self->accounts, i)))
      return g_ptr_array_index (self->accounts, i);
  return self->accounts->len > 0 ? g_ptr_array_index (self->accounts, 0) : NULL;
}

/* Exactly one default when there are accounts: @preferred (-1: none) wins,
 * else the first one already marked, else the first account. */
static void
settle_default (GPtrArray *accounts,
                int        preferred)
{
  int chosen = preferred;

  for (guint i = 0; chosen < 0 && i < accounts->len; i++)
    if (tl_account_get_default (g_ptr_array_index (accounts, i)))
      chosen = (int) i;
  if (chosen < 0 && accounts->len > 0)
    chosen = 0;
  for (guint i = 0; i < accounts->len; i++)
    tl_account_set_default (g_ptr_array_index (accounts, i), (int) i == chosen);
}

/* ---- reading ---------------------------------------------------------- */

static gboolean
is_valid_id (const char *id)
{
  if (id == NULL || *id == '\0' || g_strcmp0 (id, META_GROUP) == 0)
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

/* Builds the accounts of @key_file; FALSE with a reason when the file is not ours
 * or damaged beyond single settings. Bad single settings are skipped and listed
 * in @notes. */
static gboolean
parse_key_file (GKeyFile   *key_file,
                GPtrArray  *accounts,
                GString    *notes,
                gboolean   *newer,
                GError    **error)
{
  g_auto(GStrv) groups = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 version;

  *newer = FALSE;
  version = g_key_file_get_int64 (key_file, META_GROUP, FORMAT_VERSION_KEY, &local_error);
  if (local_error != NULL || version < 1)
    {
      g_set_error_literal (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_FAILED,
                           "it has no valid format version");
      return FALSE;
    }
  if (version > TL_ACCOUNT_STORE_FORMAT_VERSION)
    {
      *newer = TRUE;
      g_set_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_NEWER_FORMAT,
                   "The accounts file was written by a newer Trunkline (format %" G_GINT64_FORMAT
                   ", this version reads %d); it was left unchanged",
                   version, TL_ACCOUNT_STORE_FORMAT_VERSION);
      return FALSE;
    }

  groups = g_key_file_get_groups (key_file, NULL);
  for (guint g = 0; groups[g] != NULL; g++)
    {
      g_autoptr(TlAccount) account = NULL;
      g_auto(GStrv) keys = NULL;

      if (g_strcmp0 (groups[g], META_GROUP) == 0)
        continue;
      if (!is_valid_id (groups[g]))
        {
          g_set_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_FAILED,
                       "“%s” is not an account id", groups[g]);
          return FALSE;
        }
      account = tl_account_new_with_id (groups[g]);
      keys = g_key_file_get_keys (key_file, groups[g], NULL, NULL);
      for (guint k = 0; keys != NULL && keys[k] != NULL; k++)
        {
          g_autofree char *value = g_key_file_get_string (key_file, groups[g], keys[k], NULL);
          g_autoptr(GError) key_error = NULL;

          if (value == NULL)
            continue;
          if (!tl_account_set_from_string (account, keys[k], value, &key_error))
            {
              if (g_error_matches (key_error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_UNKNOWN_KEY))
                {
                  /* Perhaps from a newer minor version: keep going without it. */
                  g_debug ("Ignoring unknown setting %s of account %s", keys[k], groups[g]);
                  continue;
                }
              g_string_append_printf (notes, "Account %s: %s; that setting was reset. ",
                                      groups[g], key_error->message);
            }
        }
      if (tl_account_get_user (account) == NULL || tl_account_get_domain (account) == NULL)
        {
          g_set_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_FAILED,
                       "account %s has no user or domain", groups[g]);
          return FALSE;
        }
      g_ptr_array_add (accounts, g_steal_pointer (&account));
    }
  return TRUE;
}

static gboolean
move_aside (TlAccountStore  *self,
            const char      *reason)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *aside = g_strdup_printf ("%s.corrupt-%s", self->path, stamp);
  g_autofree char *message = NULL;

  for (guint n = 2; g_file_test (aside, G_FILE_TEST_EXISTS); n++)
    {
      g_free (aside);
      aside = g_strdup_printf ("%s.corrupt-%s-%u", self->path, stamp, n);
    }
  if (g_rename (self->path, aside) != 0)
    {
      int saved = errno;

      message = g_strdup_printf ("The accounts file %s is damaged (%s) and could not be moved aside (%s); "
                                 "it was left unchanged and no account is loaded",
                                 self->path, reason, g_strerror (saved));
      self->read_only = TRUE;
    }
  else
    message = g_strdup_printf ("The accounts file was damaged (%s); it was moved to %s and "
                               "Trunkline starts with no accounts", reason, aside);
  g_debug ("%s", message);
  set_recovery_message (self, message);
  return TRUE;
}

static void
replace_accounts (TlAccountStore *self,
                  GPtrArray      *accounts)
{
  guint removed = self->accounts->len;

  g_ptr_array_set_size (self->accounts, 0);
  for (guint i = 0; i < accounts->len; i++)
    g_ptr_array_add (self->accounts, g_object_ref (g_ptr_array_index (accounts, i)));
  if (removed > 0 || accounts->len > 0)
    items_changed (self, 0, removed, accounts->len);
}

gboolean
tl_account_store_load (TlAccountStore  *self,
                       GError         **error)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GString) notes = g_string_new (NULL);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  gboolean newer = FALSE;

  g_return_val_if_fail (TL_IS_ACCOUNT_STORE (self), FALSE);

  self->read_only = FALSE;
  set_recovery_message (self, NULL);
  if (!g_file_get_contents (self->path, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          replace_accounts (self, accounts);
          return TRUE;
        }
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  "Cannot read the accounts file: ");
      return FALSE;
    }

  if (!g_key_file_load_from_data (key_file, contents, length, G_KEY_FILE_NONE, &local_error)
      || !parse_key_file (key_file, accounts, notes, &newer, &local_error))
    {
      g_ptr_array_set_size (accounts, 0);
      replace_accounts (self, accounts);
      if (newer)
        {
          self->read_only = TRUE;
          set_recovery_message (self, local_error->message);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      return move_aside (self, local_error->message);
    }

  settle_default (accounts, -1);
  replace_accounts (self, accounts);
  if (notes->len > 0)
    {
      g_string_truncate (notes, notes->len - 1);
      set_recovery_message (self, notes->str);
    }
  return TRUE;
}

/* ---- writing ---------------------------------------------------------- */

static char *
serialize (GPtrArray *accounts,
           gsize     *length)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  const char * const *keys = tl_account_list_keys ();

  g_key_file_set_comment (key_file, NULL, NULL,
                          " Trunkline trunk accounts. Passwords are kept in the secret store, never here.",
                          NULL);
  g_key_file_set_integer (key_file, META_GROUP, FORMAT_VERSION_KEY, TL_ACCOUNT_STORE_FORMAT_VERSION);
  for (guint i = 0; i < accounts->len; i++)
    {
      TlAccount *account = g_ptr_array_index (accounts, i);

      for (guint k = 0; keys[k] != NULL; k++)
        {
          g_autofree char *value = tl_account_dup_as_string (account, keys[k], NULL);

          if (value != NULL)
            g_key_file_set_string (key_file, tl_account_get_id (account), keys[k], value);
        }
    }
  return g_key_file_to_data (key_file, length, NULL);
}

static gboolean
write_accounts (TlAccountStore  *self,
                GPtrArray       *accounts,
                GError         **error)
{
  g_autofree char *dir = g_path_get_dirname (self->path);
  g_autofree char *data = NULL;
  gsize length = 0;

  if (self->read_only)
    {
      g_set_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_NEWER_FORMAT,
                   "The accounts file %s was not loaded (%s); it is left unchanged",
                   self->path, self->recovery_message != NULL ? self->recovery_message : "unreadable");
      return FALSE;
    }
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "Cannot create %s: %s", dir, g_strerror (saved));
      return FALSE;
    }
  data = serialize (accounts, &length);
  /* CONSISTENT: a temporary file, fsync, rename: a crash leaves the old or the new file. */
  return g_file_set_contents_full (self->path, data, (gssize) length,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

/* Copies of the live accounts: every change is made and saved on these first. */
static GPtrArray *
candidate_copy (TlAccountStore *self)
{
  GPtrArray *candidate = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < self->accounts->len; i++)
    g_ptr_array_add (candidate, tl_account_copy (g_ptr_array_index (self->accounts, i)));
  return candidate;
}

/* After a successful save: bring the live objects in line with @candidate
 * (removed ones go, @added is appended), notifying only what changed. */
static void
apply_candidate (TlAccountStore *self,
                 GPtrArray      *candidate,
                 TlAccount      *added)
{
  for (guint i = self->accounts->len; i > 0; i--)
    if (find_index (candidate, tl_account_get_id (g_ptr_array_index (self->accounts, i - 1))) < 0)
      {
        g_ptr_array_remove_index (self->accounts, i - 1);
        items_changed (self, i - 1, 1, 0);
      }
  for (guint i = 0; i < self->accounts->len; i++)
    {
      TlAccount *live = g_ptr_array_index (self->accounts, i);

      tl_account_assign (live, g_ptr_array_index (candidate, find_index (candidate, tl_account_get_id (live))));
    }
  if (added != NULL)
    {
      tl_account_assign (added, g_ptr_array_index (candidate, find_index (candidate, tl_account_get_id (added))));
      g_ptr_array_add (self->accounts, g_object_ref (added));
      items_changed (self, self->accounts->len - 1, 0, 1);
    }
}

static gboolean
not_found (GError    **error,
           const char *id)
{
  g_set_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_NOT_FOUND,
               "There is no account with the id “%s”", id != NULL ? id : "");
  return FALSE;
}

gboolean
tl_account_store_add (TlAccountStore  *self,
                      TlAccount       *account,
                      GError         **error)
{
  g_autoptr(GPtrArray) candidate = NULL;

  g_return_val_if_fail (TL_IS_ACCOUNT_STORE (self), FALSE);
  g_return_val_if_fail (TL_IS_ACCOUNT (account), FALSE);

  if (find_index (self->accounts, tl_account_get_id (account)) >= 0)
    {
      g_set_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_INVALID,
                   "An account with the id “%s” already exists", tl_account_get_id (account));
      return FALSE;
    }
  if (!tl_account_validate (account, error))
    return FALSE;
  candidate = candidate_copy (self);
  g_ptr_array_add (candidate, tl_account_copy (account));
  settle_default (candidate, tl_account_get_default (account) ? (int) candidate->len - 1 : -1);
  if (!write_accounts (self, candidate, error))
    return FALSE;
  apply_candidate (self, candidate, account);
  return TRUE;
}

gboolean
tl_account_store_remove (TlAccountStore  *self,
                         const char      *id,
                         GError         **error)
{
  g_autoptr(GPtrArray) candidate = NULL;
  int index;

  g_return_val_if_fail (TL_IS_ACCOUNT_STORE (self), FALSE);

  index = find_index (self->accounts, id);
  if (index < 0)
    return not_found (error, id);
  candidate = candidate_copy (self);
  g_ptr_array_remove_index (candidate, (guint) index);
  settle_default (candidate, -1);
  if (!write_accounts (self, candidate, error))
    return FALSE;
  apply_candidate (self, candidate, NULL);
  return TRUE;
}

/* Validates the edited copy at @index of @candidate, settles the default and saves. */
static gboolean
commit_edit (TlAccountStore  *self,
             GPtrArray       *candidate,
             int              index,
             gboolean         make_default,
             GError         **error)
{
  TlAccount *edited = g_ptr_array_index (candidate, index);

  if (!tl_account_validate (edited, error))
    return FALSE;
  /* Turning the default off is not an edit of its own: exactly one stays default. */
  if (!make_default && tl_account_get_default (g_ptr_array_index (self->accounts, index)))
    tl_account_set_default (edited, TRUE);
  settle_default (candidate, make_default ? index : -1);
  if (!write_accounts (self, candidate, error))
    return FALSE;
  apply_candidate (self, candidate, NULL);
  return TRUE;
}

gboolean
tl_account_store_update (TlAccountStore  *self,
                         TlAccount       *new_state,
                         GError         **error)
{
  g_autoptr(GPtrArray) candidate = NULL;
  TlAccount *edited;
  int index;

  g_return_val_if_fail (TL_IS_ACCOUNT_STORE (self), FALSE);
  g_return_val_if_fail (TL_IS_ACCOUNT (new_state), FALSE);

  index = find_index (self->accounts, tl_account_get_id (new_state));
  if (index < 0)
    return not_found (error, tl_account_get_id (new_state));
  candidate = candidate_copy (self);
  edited = g_ptr_array_index (candidate, index);
  tl_account_assign (edited, new_state);
  return commit_edit (self, candidate, index, tl_account_get_default (new_state), error);
}

gboolean
tl_account_store_set (TlAccountStore  *self,
                      const char      *id,
                      const char      *key,
                      const char      *value,
                      GError         **error)
{
  g_autoptr(GPtrArray) candidate = NULL;
  TlAccount *edited;
  gboolean was_default;
  int index;

  g_return_val_if_fail (TL_IS_ACCOUNT_STORE (self), FALSE);

  index = find_index (self->accounts, id);
  if (index < 0)
    return not_found (error, id);
  candidate = candidate_copy (self);
  edited = g_ptr_array_index (candidate, index);
  was_default = tl_account_get_default (edited);
  if (!tl_account_set_from_string (edited, key, value, error))
    return FALSE;
  if (g_strcmp0 (key, "default") == 0 && was_default && !tl_account_get_default (edited))
    {
      g_set_error_literal (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_INVALID,
                           "One account is always the default: make another account the default instead");
      return FALSE;
    }
  return commit_edit (self, candidate, index, tl_account_get_default (edited) && !was_default, error);
}

gboolean
tl_account_store_set_default (TlAccountStore  *self,
                              const char      *id,
                              GError         **error)
{
  return tl_account_store_set (self, id, "default", "true", error);
}
