/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Accounts as lines: their state in words, following the store, and why nothing can be dialled
 * (the engine is never started here; registering lines are covered by the UI suite). */
#include "config.h"

#include <string.h>

#include "tl-lines.h"
#include "tl-paths.h"
#include "tl-test-trunk.h"

static TlAccount *
make_account (const char *user)
{
  TlAccount *account = tl_account_new ();

  tl_account_set_user (account, user);
  tl_account_set_domain (account, "sip.example.net");
  return account;
}

static void
test_line_states (void)
{
  g_autoptr(TlAccount) account = make_account ("alice");
  g_autoptr(TlLine) line = tl_line_new (account);
  guint notified = 0;

  g_signal_connect_swapped (line, "notify::status", G_CALLBACK (g_atomic_int_inc), &notified);
  g_assert_cmpint (tl_line_get_state (line), ==, TL_LINE_STATE_WAITING);
  g_assert_cmpstr (tl_line_get_title (line), ==, "alice@sip.example.net");
  g_assert_false (tl_line_get_can_call (line));

  tl_line_set_problem (line, "No password is stored for this account");
  g_assert_cmpint (tl_line_get_state (line), ==, TL_LINE_STATE_PROBLEM);
  g_assert_cmpstr (tl_line_get_status (line), ==, "No password is stored for this account");
  g_assert_cmpuint (notified, ==, 1);

  /* The account's own settings are followed: off, and a new label. */
  tl_account_set_enabled (account, FALSE);
  g_assert_cmpint (tl_line_get_state (line), ==, TL_LINE_STATE_DISABLED);
  g_assert_cmpstr (tl_line_get_status (line), ==, "Turned off");
  tl_account_set_label (account, "Office <b>trunk</b>");
  g_assert_cmpstr (tl_line_get_title (line), ==, "Office <b>trunk</b>");
  g_assert_false (tl_line_get_can_call (line));
}

static void
test_lines_follow_the_store (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tl-lines-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "accounts.ini", NULL);
  g_autoptr(TlAccountStore) store = tl_account_store_new (path);
  g_autoptr(TlEngine) engine = tl_engine_new ();
  g_autoptr(TlCallManager) calls = tl_call_manager_new (engine, NULL);
  g_autoptr(TlLines) lines = tl_lines_new (store, engine, calls);
  g_autoptr(TlAccount) alice = make_account ("alice");
  g_autoptr(TlAccount) bob = make_account ("bob");
  g_autoptr(GError) error = NULL;
  g_autofree char *why = NULL;
  guint changed = 0;

  g_signal_connect_swapped (lines, "changed", G_CALLBACK (g_atomic_int_inc), &changed);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (lines)), ==, 0);
  why = tl_lines_dup_why_no_calls (lines);
  g_assert_cmpstr (why, ==, "Add a trunk account to place calls");
  g_assert_null (tl_lines_dial (lines, NULL, "+15551234567", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED);
  g_clear_error (&error);

  g_assert_true (tl_account_store_add (store, alice, &error));
  g_assert_no_error (error);
  g_assert_true (tl_account_store_add (store, bob, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (lines)), ==, 2);
  g_assert_cmpuint (changed, >=, 2);
  g_assert_true (tl_line_get_account (tl_lines_lookup (lines, tl_account_get_id (bob))) == bob);
  /* Not running: they wait for the engine, and nothing can call yet. */
  g_assert_cmpint (tl_line_get_state (tl_lines_lookup (lines, tl_account_get_id (alice))), ==,
                   TL_LINE_STATE_WAITING);
  g_assert_false (tl_lines_get_can_call (lines));
  g_assert_null (tl_lines_pick_for_call (lines, NULL));
  g_clear_pointer (&why, g_free);
  /* The default account's reason, in words. */
  why = tl_lines_dup_why_no_calls (lines);
  g_assert_cmpstr (why, ==, "alice@sip.example.net: Waiting for the call engine");

  /* A line whose account goes keeps no state behind. */
  g_assert_true (tl_account_store_remove (store, tl_account_get_id (alice), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (lines)), ==, 1);
  g_assert_null (tl_lines_lookup (lines, tl_account_get_id (alice)));
  tl_paths_remove_tree (dir, NULL);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/lines/line-states", test_line_states);
  g_test_add_func ("/lines/follow-the-store", test_lines_follow_the_store);
  return g_test_run ();
}
