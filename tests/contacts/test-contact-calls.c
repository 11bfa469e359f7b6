/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Callers named from the contacts: the call manager looks each number up with its account's dial
 * plan; the contact's name wins over the network's, and the history keeps what the network said. */
#include "config.h"

#include "contacts-test-util.h"
#include "tl-call-manager.h"
#include "tl-history-model.h"
#include "tl-test-events.h"

static void
incoming (TlEngine   *engine,
          const char *id,
          const char *peer,
          const char *display)
{
  g_autofree char *json = g_strdup_printf ("{\"event\":true,\"type\":\"CALL_INCOMING\",\"direction\":\"incoming\","
                                           "\"accountaor\":\"sip:a@t\",\"peeruri\":\"%s\","
                                           "\"peerdisplayname\":\"%s\",\"id\":\"%s\"}",
                                           peer, display, id);

  tl_test_emit_event (engine, json);
}

static void
closed (TlEngine   *engine,
        const char *id)
{
  g_autofree char *json = g_strdup_printf ("{\"event\":true,\"type\":\"CALL_CLOSED\",\"id\":\"%s\","
                                           "\"param\":\"Connection reset by peer\"}", id);

  tl_test_emit_event (engine, json);
}

static void
test_caller_named (void)
{
  g_autofree char *dir = contacts_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "history.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TlHistoryStore) history = tl_history_store_open (path, TL_HISTORY_STORE_OPEN_NONE, NULL, &error);
  g_autoptr(TlContactStore) contacts = tl_contact_store_open (path, NULL, &error);
  g_autoptr(TlEngine) engine = tl_engine_new ();
  g_autoptr(TlCallManager) calls = tl_call_manager_new (engine, history);
  g_autoptr(TlAccount) account = tl_account_new ();
  g_autoptr(TlContact) anna = tl_contact_new ("Anna <b>de Vries</b>");
  g_autoptr(TlContact) carol = tl_contact_new ("Carol");
  g_autoptr(TlHistoryModel) model = NULL;
  g_autoptr(TlHistoryEntry) entry = NULL;
  TlCall *call;

  g_assert_no_error (error);
  tl_account_set_country_code (account, "31");
  tl_account_set_national_prefix (account, "0");
  tl_call_manager_set_account (calls, "sip:a@t", account);
  tl_call_manager_set_name_resolver (calls, TL_NAME_RESOLVER (contacts));
  /* Kept in E.164; the trunk sends the national form. */
  tl_contact_add_number (anna, "+31 20 555 0102", TL_CONTACT_NUMBER_WORK);
  g_assert_true (tl_contact_store_add (contacts, anna, &error));

  incoming (engine, "c1", "sip:0205550102@t", "Network Name");
  call = tl_call_manager_find (calls, "c1");
  g_assert_nonnull (call);
  g_assert_cmpstr (tl_call_get_peer_name (call), ==, "Anna <b>de Vries</b>");
  g_assert_cmpstr (tl_call_get_contact_name (call), ==, "Anna <b>de Vries</b>");
  g_assert_cmpstr (tl_call_get_network_name (call), ==, "Network Name");

  /* A caller not in the contacts keeps the network's name… */
  incoming (engine, "c2", "sip:+15550102030@t", "Carol From The Network");
  call = tl_call_manager_find (calls, "c2");
  g_assert_cmpstr (tl_call_get_peer_name (call), ==, "Carol From The Network");
  /* …until the contact is added while the call rings. */
  tl_contact_add_number (carol, "+1 555 010 2030", TL_CONTACT_NUMBER_MOBILE);
  g_assert_true (tl_contact_store_add (contacts, carol, &error));
  g_assert_cmpstr (tl_call_get_peer_name (call), ==, "Carol");

  /* The history keeps what the network said. */
  closed (engine, "c1");
  closed (engine, "c2");
  model = tl_history_model_new (history);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);
  entry = g_list_model_get_item (G_LIST_MODEL (model), 1);
  g_assert_cmpstr (tl_history_entry_get_peer_name (entry), ==, "Network Name");

  g_clear_object (&entry);
  g_clear_object (&model);
  g_clear_object (&calls);
  g_clear_object (&contacts);
  g_clear_object (&history);
  contacts_test_remove_dir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/contacts/calls/caller-named", test_caller_named);
  return g_test_run ();
}
