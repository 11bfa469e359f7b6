/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The history database schema and its versioned migrations (PRAGMA user_version). */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define TL_HISTORY_SCHEMA_VERSION 4
/* The first version with the contacts tables. */
#define TL_HISTORY_SCHEMA_CONTACTS_VERSION 3

/* Version 1, exactly as first shipped; tests/history/fixtures/history-v1.sql must match it. */
extern const char tl_history_schema_v1_sql[];

gboolean tl_history_schema_migrate          (sqlite3  *db,
                                             GError  **error);
gboolean tl_history_schema_migrate_to       (sqlite3  *db,
                                             int       target,
                                             GError  **error);
gboolean tl_history_schema_drop_triggers    (sqlite3  *db,
                                             GError  **error);
gboolean tl_history_schema_create_triggers  (sqlite3  *db,
                                             GError  **error);
gboolean tl_history_sqlite_exec             (sqlite3    *db,
                                             const char *sql,
                                             GError    **error);
gboolean tl_history_sqlite_error            (GError    **error,
                                             sqlite3    *db,
                                             int         rc,
                                             const char *what);

G_END_DECLS
