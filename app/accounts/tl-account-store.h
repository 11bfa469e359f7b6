/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The trunk accounts, kept in a key file under the config dir and listed as a GListModel of TlAccount. */
#pragma once

#include <gio/gio.h>

#include "tl-account.h"

G_BEGIN_DECLS

/* The accounts file's format; a file with a higher number is left alone. */
#define TL_ACCOUNT_STORE_FORMAT_VERSION 1

#define TL_TYPE_ACCOUNT_STORE (tl_account_store_get_type ())

G_DECLARE_FINAL_TYPE (TlAccountStore, tl_account_store, TL, ACCOUNT_STORE, GObject)

/* tl_paths_config_dir()/accounts.ini */
char           *tl_account_store_default_path     (void);

/* A store on @path (NULL: the default path); nothing is read until load. */
TlAccountStore *tl_account_store_new              (const char      *path);
/* Reads the file. A missing file is an empty store. A file that cannot be parsed is
 * moved aside (accounts.ini.corrupt-<timestamp>) and the store starts empty; the
 * recovery message says so. FALSE only when the file cannot be read or was written
 * by a newer Trunkline (then nothing will be written over it). */
gboolean        tl_account_store_load             (TlAccountStore  *self,
                                                   GError         **error);

const char     *tl_account_store_get_path         (TlAccountStore  *self);
/* What load had to repair, for the person using the app; NULL when nothing. */
const char     *tl_account_store_get_recovery_message (TlAccountStore *self);

/* (transfer none) */
TlAccount      *tl_account_store_lookup           (TlAccountStore  *self,
                                                   const char      *id);
/* (transfer none) The default account, NULL only when there are no accounts. */
TlAccount      *tl_account_store_get_default      (TlAccountStore  *self);

/* Validates @account and saves it; the first account becomes the default. The
 * store keeps a reference. */
gboolean        tl_account_store_add              (TlAccountStore  *self,
                                                   TlAccount       *account,
                                                   GError         **error);
gboolean        tl_account_store_remove           (TlAccountStore  *self,
                                                   const char      *id,
                                                   GError         **error);
/* Replaces every setting of the stored account with @new_state's id by those of
 * @new_state, after validating them all; nothing changes when that or saving fails. */
gboolean        tl_account_store_update           (TlAccountStore  *self,
                                                   TlAccount       *new_state,
                                                   GError         **error);
/* One setting by property name as text (the CLI's "accounts set"); same guarantees. */
gboolean        tl_account_store_set              (TlAccountStore  *self,
                                                   const char      *id,
                                                   const char      *key,
                                                   const char      *value,
                                                   GError         **error);
gboolean        tl_account_store_set_default      (TlAccountStore  *self,
                                                   const char      *id,
                                                   GError         **error);

G_END_DECLS
