/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The history database schema and its versioned migrations (PRAGMA user_version). */

#define G_LOG_DOMAIN "tl-history"

#include "config.h"

#include "tl-history-schema-private.h"
#include "tl-history-store.h"
#include "tl-phone-number.h"

const char tl_history_schema_v1_sql[] =
  "CREATE TABLE calls (\n"
  "  id          INTEGER PRIMARY KEY,\n"
  "  account     TEXT    NOT NULL DEFAULT '',\n"
  "  direction   INTEGER NOT NULL CHECK (direction IN (0, 1)),\n"
  "  peer_uri    TEXT    NOT NULL DEFAULT '',\n"
  "  peer_number TEXT    NOT NULL DEFAULT '',\n"
  "  peer_name   TEXT    NOT NULL DEFAULT '',\n"
  "  started     INTEGER NOT NULL,\n"
  "  answered    INTEGER,\n"
  "  ended       INTEGER,\n"
  "  duration    INTEGER NOT NULL DEFAULT 0,\n"
  "  end_reason  TEXT,\n"
  "  sip_code    INTEGER,\n"
  "  codec       TEXT,\n"
  "  srtp        INTEGER NOT NULL DEFAULT 0,\n"
  "  setup_ms    INTEGER,\n"
  "  loss        REAL,\n"
  "  jitter      REAL,\n"
  "  rtt         REAL,\n"
  "  mos         REAL,\n"
  "  missed      INTEGER NOT NULL DEFAULT 0,\n"
  "  seen        INTEGER NOT NULL DEFAULT 0\n"
  ");\n"
  "CREATE INDEX calls_by_started ON calls (started, id);\n";

/* Version 2: search (a trigram FTS5 index for fragments of 3+ characters and a
 * unicode61 index with 1- and 2-character prefix indexes for shorter ones, both
 * over the digits-only number and the name), per-filter indexes for keyset
 * paging, an index of rows left open, and counters kept by triggers so that
 * neither the list length nor the unseen-missed badge is ever counted. */
static const char schema_v2_tables_sql[] =
  "ALTER TABLE calls ADD COLUMN peer_digits TEXT NOT NULL DEFAULT '';\n"
  "CREATE INDEX calls_missed_by_started ON calls (started, id) WHERE missed = 1;\n"
  "CREATE INDEX calls_by_direction ON calls (direction, started, id);\n"
  "CREATE INDEX calls_by_account ON calls (account, started, id);\n"
  "CREATE INDEX calls_open ON calls (id) WHERE ended IS NULL;\n"
  "CREATE TABLE counters (\n"
  "  id            INTEGER PRIMARY KEY CHECK (id = 1),\n"
  "  total         INTEGER NOT NULL,\n"
  "  incoming      INTEGER NOT NULL,\n"
  "  missed        INTEGER NOT NULL,\n"
  "  unseen_missed INTEGER NOT NULL\n"
  ");\n"
  "CREATE VIRTUAL TABLE calls_fts USING fts5 (peer_digits, peer_name,\n"
  "  content='calls', content_rowid='id', tokenize='trigram');\n"
  "CREATE VIRTUAL TABLE calls_prefix USING fts5 (peer_digits, peer_name,\n"
  "  content='calls', content_rowid='id',\n"
  "  tokenize='unicode61 remove_diacritics 2', prefix='1 2');\n";

static const char schema_v2_fill_sql[] =
  "INSERT INTO counters (id, total, incoming, missed, unseen_missed)\n"
  "  SELECT 1, count(*), coalesce(sum(direction = 0), 0), coalesce(sum(missed != 0), 0),\n"
  "         coalesce(sum(missed != 0 AND seen = 0), 0) FROM calls;\n"
  "INSERT INTO calls_fts (calls_fts) VALUES ('rebuild');\n"
  "INSERT INTO calls_prefix (calls_prefix) VALUES ('rebuild');\n";

static const char schema_v2_triggers_sql[] =
  "CREATE TRIGGER calls_ai AFTER INSERT ON calls BEGIN\n"
  "  INSERT INTO calls_fts (rowid, peer_digits, peer_name)\n"
  "    VALUES (new.id, new.peer_digits, new.peer_name);\n"
  "  INSERT INTO calls_prefix (rowid, peer_digits, peer_name)\n"
  "    VALUES (new.id, new.peer_digits, new.peer_name);\n"
  "  UPDATE counters SET total = total + 1, incoming = incoming + (new.direction = 0),\n"
  "    missed = missed + (new.missed != 0),\n"
  "    unseen_missed = unseen_missed + (new.missed != 0 AND new.seen = 0);\n"
  "END;\n"
  "CREATE TRIGGER calls_ad AFTER DELETE ON calls BEGIN\n"
  "  INSERT INTO calls_fts (calls_fts, rowid, peer_digits, peer_name)\n"
  "    VALUES ('delete', old.id, old.peer_digits, old.peer_name);\n"
  "  INSERT INTO calls_prefix (calls_prefix, rowid, peer_digits, peer_name)\n"
  "    VALUES ('delete', old.id, old.peer_digits, old.peer_name);\n"
  "  UPDATE counters SET total = total - 1, incoming = incoming - (old.direction = 0),\n"
  "    missed = missed - (old.missed != 0),\n"
  "    unseen_missed = unseen_missed - (old.missed != 0 AND old.seen = 0);\n"
  "END;\n"
  "CREATE TRIGGER calls_au_search AFTER UPDATE OF peer_digits, peer_name ON calls BEGIN\n"
  "  INSERT INTO calls_fts (calls_fts, rowid, peer_digits, peer_name)\n"
  "    VALUES ('delete', old.id, old.peer_digits, old.peer_name);\n"
  "  INSERT INTO calls_prefix (calls_prefix, rowid, peer_digits, peer_name)\n"
  "    VALUES ('delete', old.id, old.peer_digits, old.peer_name);\n"
  "  INSERT INTO calls_fts (rowid, peer_digits, peer_name)\n"
  "    VALUES (new.id, new.peer_digits, new.peer_name);\n"
  "  INSERT INTO calls_prefix (rowid, peer_digits, peer_name)\n"
  "    VALUES (new.id, new.peer_digits, new.peer_name);\n"
  "END;\n"
  "CREATE TRIGGER calls_au_counters AFTER UPDATE OF direction, missed, seen ON calls BEGIN\n"
  "  UPDATE counters SET incoming = incoming + (new.direction = 0) - (old.direction = 0),\n"
  "    missed = missed + (new.missed != 0) - (old.missed != 0),\n"
  "    unseen_missed = unseen_missed + (new.missed != 0 AND new.seen = 0)\n"
  "                                  - (old.missed != 0 AND old.seen = 0);\n"
  "END;\n";

/* Version 3: the contacts, in the same file so that one open serves calls and
 * names. A call is matched to a contact by contact_numbers.match_key (the
 * number normalised as the history does, tl_contact_number_match_key()), so
 * naming a caller is one index probe. search_text holds the folded name and
 * the numbers' digits for the contacts search. */
static const char schema_v3_contacts_sql[] =
  "CREATE TABLE contacts (\n"
  "  id           INTEGER PRIMARY KEY,\n"
  "  uid          TEXT,\n"
  "  name         TEXT    NOT NULL,\n"
  "  sort_key     TEXT    NOT NULL,\n"
  "  organisation TEXT    NOT NULL DEFAULT '',\n"
  "  note         TEXT    NOT NULL DEFAULT '',\n"
  "  search_text  TEXT    NOT NULL DEFAULT '',\n"
  "  modified     INTEGER NOT NULL,\n"
  "  photo        BLOB\n"
  ");\n"
  "CREATE INDEX contacts_by_sort_key ON contacts (sort_key, id);\n"
  "CREATE UNIQUE INDEX contacts_by_uid ON contacts (uid) WHERE uid IS NOT NULL;\n"
  "CREATE TABLE contact_numbers (\n"
  "  id         INTEGER PRIMARY KEY,\n"
  "  contact_id INTEGER NOT NULL,\n"
  "  position   INTEGER NOT NULL,\n"
  "  number     TEXT    NOT NULL,\n"
  "  type       TEXT    NOT NULL DEFAULT 'other',\n"
  "  match_key  TEXT    NOT NULL\n"
  ");\n"
  "CREATE INDEX contact_numbers_by_key ON contact_numbers (match_key);\n"
  "CREATE INDEX contact_numbers_by_contact ON contact_numbers (contact_id, position);\n";

/* Version 4: search over the distinct peers instead of over every call. A
 * history of a million calls has a few thousand peers, and matching a name in
 * a million rows cost tens of milliseconds per keystroke. One row of peers per
 * (number, name, account) holds the search text and that peer's counts, so a
 * search's length is a sum over the matching peers; its calls are found
 * through calls.peer_id. account_counters does for an account what counters
 * does for the whole history. The triggers keep both, for any writer. */
static const char schema_v4_tables_sql[] =
  "DROP TRIGGER IF EXISTS calls_ai;\n"
  "DROP TRIGGER IF EXISTS calls_ad;\n"
  "DROP TRIGGER IF EXISTS calls_au_search;\n"
  "DROP TRIGGER IF EXISTS calls_au_counters;\n"
  "DROP TABLE calls_fts;\n"
  "DROP TABLE calls_prefix;\n"
  "CREATE TABLE peers (\n"
  "  id          INTEGER PRIMARY KEY,\n"
  "  peer_digits TEXT    NOT NULL,\n"
  "  peer_name   TEXT    NOT NULL,\n"
  "  account     TEXT    NOT NULL,\n"
  "  total       INTEGER NOT NULL DEFAULT 0,\n"
  "  incoming    INTEGER NOT NULL DEFAULT 0,\n"
  "  missed      INTEGER NOT NULL DEFAULT 0,\n"
  "  UNIQUE (peer_digits, peer_name, account)\n"
  ");\n"
  "CREATE TABLE account_counters (\n"
  "  account       TEXT    PRIMARY KEY,\n"
  "  total         INTEGER NOT NULL DEFAULT 0,\n"
  "  incoming      INTEGER NOT NULL DEFAULT 0,\n"
  "  missed        INTEGER NOT NULL DEFAULT 0,\n"
  "  unseen_missed INTEGER NOT NULL DEFAULT 0\n"
  ") WITHOUT ROWID;\n"
  "ALTER TABLE calls ADD COLUMN peer_id INTEGER;\n"
  "CREATE VIRTUAL TABLE peers_fts USING fts5 (peer_digits, peer_name,\n"
  "  content='peers', content_rowid='id', tokenize='trigram');\n"
  "CREATE VIRTUAL TABLE peers_prefix USING fts5 (peer_digits, peer_name,\n"
  "  content='peers', content_rowid='id',\n"
  "  tokenize='unicode61 remove_diacritics 2', prefix='1 2');\n";

static const char schema_v4_fill_sql[] =
  "INSERT INTO peers (peer_digits, peer_name, account, total, incoming, missed)\n"
  "  SELECT peer_digits, peer_name, account, count(*), sum(direction = 0), sum(missed != 0)\n"
  "  FROM calls GROUP BY peer_digits, peer_name, account;\n"
  "UPDATE calls SET peer_id = (SELECT p.id FROM peers p WHERE p.peer_digits = calls.peer_digits\n"
  "                              AND p.peer_name = calls.peer_name AND p.account = calls.account);\n"
  /* Covering for every filter: a search sorts keys, not rows. */
  "CREATE INDEX calls_by_peer ON calls (peer_id, started, id, direction, missed);\n"
  /* The list's indexes carry peer_id, so that walking one newest first checks
   * each call against a search without reading its row. */
  "DROP INDEX calls_by_started;\n"
  "DROP INDEX calls_missed_by_started;\n"
  "DROP INDEX calls_by_direction;\n"
  "DROP INDEX calls_by_account;\n"
  "CREATE INDEX calls_by_started ON calls (started, id, peer_id);\n"
  "CREATE INDEX calls_missed_by_started ON calls (started, id, peer_id) WHERE missed = 1;\n"
  "CREATE INDEX calls_by_direction ON calls (direction, started, id, peer_id);\n"
  "CREATE INDEX calls_by_account ON calls (account, started, id, peer_id);\n"
  "INSERT INTO account_counters (account, total, incoming, missed, unseen_missed)\n"
  "  SELECT account, count(*), sum(direction = 0), sum(missed != 0),\n"
  "         sum(missed != 0 AND seen = 0) FROM calls GROUP BY account;\n"
  "UPDATE counters SET total = (SELECT count(*) FROM calls),\n"
  "  incoming = (SELECT count(*) FROM calls WHERE direction = 0),\n"
  "  missed = (SELECT count(*) FROM calls WHERE missed != 0),\n"
  "  unseen_missed = (SELECT count(*) FROM calls WHERE missed != 0 AND seen = 0);\n"
  "INSERT INTO peers_fts (peers_fts) VALUES ('rebuild');\n"
  "INSERT INTO peers_prefix (peers_prefix) VALUES ('rebuild');\n";

/* Not INSERT OR IGNORE: an outer upsert's conflict handling would override it.
 * A call is added to its peer and account before it is taken from the old
 * ones, so an update that changes neither never deletes and re-creates the
 * peer; a peer or account with no calls left is deleted. */
#define ADD_CALL(row) \
  "  INSERT INTO peers (peer_digits, peer_name, account)\n" \
  "    SELECT " row ".peer_digits, " row ".peer_name, " row ".account\n" \
  "    WHERE NOT EXISTS (SELECT 1 FROM peers WHERE peer_digits = " row ".peer_digits\n" \
  "                        AND peer_name = " row ".peer_name AND account = " row ".account);\n" \
  "  UPDATE peers SET total = total + 1, incoming = incoming + (" row ".direction = 0),\n" \
  "    missed = missed + (" row ".missed != 0)\n" \
  "    WHERE peer_digits = " row ".peer_digits AND peer_name = " row ".peer_name\n" \
  "      AND account = " row ".account;\n" \
  "  INSERT INTO account_counters (account) SELECT " row ".account\n" \
  "    WHERE NOT EXISTS (SELECT 1 FROM account_counters WHERE account = " row ".account);\n" \
  "  UPDATE account_counters SET total = total + 1, incoming = incoming + (" row ".direction = 0),\n" \
  "    missed = missed + (" row ".missed != 0),\n" \
  "    unseen_missed = unseen_missed + (" row ".missed != 0 AND " row ".seen = 0)\n" \
  "    WHERE account = " row ".account;\n" \
  "  UPDATE counters SET total = total + 1, incoming = incoming + (" row ".direction = 0),\n" \
  "    missed = missed + (" row ".missed != 0),\n" \
  "    unseen_missed = unseen_missed + (" row ".missed != 0 AND " row ".seen = 0);\n"

#define REMOVE_CALL(row) \
  "  UPDATE peers SET total = total - 1, incoming = incoming - (" row ".direction = 0),\n" \
  "    missed = missed - (" row ".missed != 0)\n" \
  "    WHERE peer_digits = " row ".peer_digits AND peer_name = " row ".peer_name\n" \
  "      AND account = " row ".account;\n" \
  "  DELETE FROM peers WHERE peer_digits = " row ".peer_digits AND peer_name = " row ".peer_name\n" \
  "    AND account = " row ".account AND total <= 0;\n" \
  "  UPDATE account_counters SET total = total - 1, incoming = incoming - (" row ".direction = 0),\n" \
  "    missed = missed - (" row ".missed != 0),\n" \
  "    unseen_missed = unseen_missed - (" row ".missed != 0 AND " row ".seen = 0)\n" \
  "    WHERE account = " row ".account;\n" \
  "  DELETE FROM account_counters WHERE account = " row ".account AND total <= 0;\n" \
  "  UPDATE counters SET total = total - 1, incoming = incoming - (" row ".direction = 0),\n" \
  "    missed = missed - (" row ".missed != 0),\n" \
  "    unseen_missed = unseen_missed - (" row ".missed != 0 AND " row ".seen = 0);\n"

/* peer_id is the trigger's to keep: writers leave it out. */
#define SET_PEER_ID \
  "  UPDATE calls SET peer_id = (SELECT p.id FROM peers p WHERE p.peer_digits = new.peer_digits\n" \
  "                                AND p.peer_name = new.peer_name AND p.account = new.account)\n" \
  "    WHERE id = new.id;\n"

static const char schema_v4_triggers_sql[] =
  "CREATE TRIGGER calls_ai AFTER INSERT ON calls BEGIN\n"
  ADD_CALL ("new")
  SET_PEER_ID
  "END;\n"
  "CREATE TRIGGER calls_ad AFTER DELETE ON calls BEGIN\n"
  REMOVE_CALL ("old")
  "END;\n"
  /* Every end of a call updates missed and seen: only a real change moves counts. */
  "CREATE TRIGGER calls_au AFTER UPDATE OF peer_digits, peer_name, account, direction,\n"
  "  missed, seen ON calls\n"
  "  WHEN old.peer_digits IS NOT new.peer_digits OR old.peer_name IS NOT new.peer_name\n"
  "    OR old.account IS NOT new.account OR old.direction IS NOT new.direction\n"
  "    OR (old.missed != 0) IS NOT (new.missed != 0) OR old.seen IS NOT new.seen\n"
  "BEGIN\n"
  ADD_CALL ("new")
  REMOVE_CALL ("old")
  SET_PEER_ID
  "END;\n"
  "CREATE TRIGGER peers_ai AFTER INSERT ON peers BEGIN\n"
  "  INSERT INTO peers_fts (rowid, peer_digits, peer_name)\n"
  "    VALUES (new.id, new.peer_digits, new.peer_name);\n"
  "  INSERT INTO peers_prefix (rowid, peer_digits, peer_name)\n"
  "    VALUES (new.id, new.peer_digits, new.peer_name);\n"
  "END;\n"
  "CREATE TRIGGER peers_ad AFTER DELETE ON peers BEGIN\n"
  "  INSERT INTO peers_fts (peers_fts, rowid, peer_digits, peer_name)\n"
  "    VALUES ('delete', old.id, old.peer_digits, old.peer_name);\n"
  "  INSERT INTO peers_prefix (peers_prefix, rowid, peer_digits, peer_name)\n"
  "    VALUES ('delete', old.id, old.peer_digits, old.peer_name);\n"
  "END;\n";

static const char schema_v4_drop_triggers_sql[] =
  "DROP TRIGGER IF EXISTS calls_ai;\n"
  "DROP TRIGGER IF EXISTS calls_ad;\n"
  "DROP TRIGGER IF EXISTS calls_au;\n"
  "DROP TRIGGER IF EXISTS peers_ai;\n"
  "DROP TRIGGER IF EXISTS peers_ad;\n";

gboolean
tl_history_sqlite_error (GError    **error,
                         sqlite3    *db,
                         int         rc,
                         const char *what)
{
  TlHistoryError code;

  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      code = TL_HISTORY_ERROR_FULL;
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      code = TL_HISTORY_ERROR_CORRUPT;
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      code = TL_HISTORY_ERROR_BUSY;
      break;
    default:
      code = TL_HISTORY_ERROR_FAILED;
    }

  g_set_error (error, TL_HISTORY_ERROR, code, "%s: %s", what,
               db != NULL && sqlite3_errcode (db) == rc ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
  return FALSE;
}

gboolean
tl_history_sqlite_exec (sqlite3    *db,
                        const char *sql,
                        GError    **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return tl_history_sqlite_error (error, db, rc, "Could not update the call history");
  return TRUE;
}

gboolean
tl_history_schema_drop_triggers (sqlite3  *db,
                                 GError  **error)
{
  return tl_history_sqlite_exec (db, schema_v4_drop_triggers_sql, error);
}

gboolean
tl_history_schema_create_triggers (sqlite3  *db,
                                   GError  **error)
{
  return tl_history_sqlite_exec (db, schema_v4_triggers_sql, error);
}

static gboolean
migrate_to_v1 (sqlite3  *db,
               GError  **error)
{
  return tl_history_sqlite_exec (db, tl_history_schema_v1_sql, error);
}

/* peer_digits is the search key: the digits of the normalised number and, when
 * they differ, of the number as dialled, so "020 123" finds "+3120123…". */
static gboolean
fill_peer_digits (sqlite3  *db,
                  GError  **error)
{
  sqlite3_stmt *select = NULL;
  sqlite3_stmt *update = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, "SELECT id, peer_number, peer_uri FROM calls", -1, &select, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "UPDATE calls SET peer_digits = ?2 WHERE id = ?1", -1, &update, NULL);

  while (rc == SQLITE_OK && (rc = sqlite3_step (select)) == SQLITE_ROW)
    {
      g_autofree char *digits = NULL;

      digits = tl_phone_number_search_key ((const char *)sqlite3_column_text (select, 1),
                                       (const char *)sqlite3_column_text (select, 2),
                                           NULL, NULL);
      sqlite3_bind_int64 (update, 1, sqlite3_column_int64 (select, 0));
      sqlite3_bind_text (update, 2, digits, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (update);
      sqlite3_reset (update);
      if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
    }

  sqlite3_finalize (select);
  sqlite3_finalize (update);

  if (rc != SQLITE_DONE)
    return tl_history_sqlite_error (error, db, rc, "Could not upgrade the call history");
  return TRUE;
}

static gboolean
migrate_to_v2 (sqlite3  *db,
               GError  **error)
{
  return tl_history_sqlite_exec (db, schema_v2_tables_sql, error)
      && fill_peer_digits (db, error)
      && tl_history_sqlite_exec (db, schema_v2_fill_sql, error)
      && tl_history_sqlite_exec (db, schema_v2_triggers_sql, error);
}

static gboolean
migrate_to_v3 (sqlite3  *db,
               GError  **error)
{
  return tl_history_sqlite_exec (db, schema_v3_contacts_sql, error);
}

static gboolean
migrate_to_v4 (sqlite3  *db,
               GError  **error)
{
  return tl_history_sqlite_exec (db, schema_v4_tables_sql, error)
      && tl_history_sqlite_exec (db, schema_v4_fill_sql, error)
      && tl_history_sqlite_exec (db, schema_v4_triggers_sql, error);
}

typedef gboolean (*MigrationFunc) (sqlite3 *db, GError **error);

static const MigrationFunc migrations[TL_HISTORY_SCHEMA_VERSION] = {
  migrate_to_v1,
  migrate_to_v2,
  migrate_to_v3,
  migrate_to_v4,
};

static gboolean
read_user_version (sqlite3  *db,
                   int      *version,
                   GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  if (rc != SQLITE_ROW)
    return tl_history_sqlite_error (error, db, rc, "Could not read the call history");
  return TRUE;
}

static gboolean
write_user_version (sqlite3  *db,
                    int       version,
                    GError  **error)
{
  /* PRAGMA takes no bound parameters; the value is our own integer. */
  g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d", version);

  return tl_history_sqlite_exec (db, sql, error);
}

/* Each step runs in its own transaction together with its user_version bump,
 * so an interrupted upgrade leaves the file at the previous version. */
gboolean
tl_history_schema_migrate (sqlite3  *db,
                           GError  **error)
{
  return tl_history_schema_migrate_to (db, TL_HISTORY_SCHEMA_VERSION, error);
}

/* Stops at @target: tests build the files older versions wrote this way. */
gboolean
tl_history_schema_migrate_to (sqlite3  *db,
                              int       target,
                              GError  **error)
{
  int version = 0;

  g_return_val_if_fail (target >= 0 && target <= TL_HISTORY_SCHEMA_VERSION, FALSE);

  if (!read_user_version (db, &version, error))
    return FALSE;

  if (version > TL_HISTORY_SCHEMA_VERSION)
    {
      g_set_error (error, TL_HISTORY_ERROR, TL_HISTORY_ERROR_TOO_NEW,
                   "The call history was written by a newer Trunkline (schema %d, this one knows %d)",
                   version, TL_HISTORY_SCHEMA_VERSION);
      return FALSE;
    }

  while (version < target)
    {
      g_autoptr(GError) local_error = NULL;

      if (!tl_history_sqlite_exec (db, "BEGIN IMMEDIATE", error))
        return FALSE;

      /* Another process may have upgraded the file while we waited for the lock. */
      if (!read_user_version (db, &version, &local_error)
          || version >= target)
        {
          sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          return tl_history_schema_migrate_to (db, target, error);
        }

      g_debug ("Migrating call history schema %d → %d", version, version + 1);
      if (!migrations[version] (db, &local_error)
          || !write_user_version (db, version + 1, &local_error)
          || !tl_history_sqlite_exec (db, "COMMIT", &local_error))
        {
          sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      version++;
    }

  return TRUE;
}
