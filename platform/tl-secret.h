/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Account passwords in the OS secret store, keyed by account id, with an in-memory fallback when there is none. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Finds out whether a real secret service answers; later calls reuse the answer.
 * The result is what tl_secret_is_persistent() returns afterwards. */
void      tl_secret_probe_async            (GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean  tl_secret_probe_finish           (GAsyncResult        *result,
                                            GError             **error);
/* TRUE when passwords outlive this process (a secret service is in use); FALSE when
 * they are only kept in memory until exit, or before the first probe or operation
 * has finished. */
gboolean  tl_secret_is_persistent          (void);

/* @label is what keyring tools show ("Trunkline account alice@sip.example.net"). */
void      tl_secret_store_password_async   (const char          *account_id,
                                            const char          *label,
                                            const char          *password,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean  tl_secret_store_password_finish  (GAsyncResult        *result,
                                            GError             **error);

/* Finishes with the password (free it with tl_secret_free_password()), or NULL and
 * no error when none is stored. */
void      tl_secret_lookup_password_async  (const char          *account_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
char     *tl_secret_lookup_password_finish (GAsyncResult        *result,
                                            GError             **error);

/* Removing a password that is not there is not an error. */
void      tl_secret_clear_password_async   (const char          *account_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean  tl_secret_clear_password_finish  (GAsyncResult        *result,
                                            GError             **error);

/* Overwrites @password before freeing it. */
void      tl_secret_free_password          (char                *password);

G_END_DECLS
