/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests the contact store: editing, the list model, search, naming callers, imports, the address book. */
#include "config.h"

#include <string.h>

#include "contacts-test-util.h"
#include "tl-contact-list.h"
#include "tl-name-resolver.h"

typedef struct {
  char           *dir;
  char           *path;
  TlContactStore *store;
  guint           changed;
} Fixture;

static void
changed_cb (TlContactStore *store,
            Fixture        *fixture)
{
  fixture->changed++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = contacts_test_make_dir ();
  fixture->path = g_build_filename (fixture->dir, "history.sqlite", NULL);
  fixture->store = tl_contact_store_open (fixture->path, NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (fixture->store, "changed", G_CALLBACK (changed_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  contacts_test_remove_dir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static TlContact *
add (Fixture    *fixture,
     const char *name,
     ...)
{
  g_autoptr(GError) error = NULL;
  TlContact *contact = tl_contact_new (name);
  const char *number;
  va_list args;

  va_start (args, name);
  while ((number = va_arg (args, const char *)) != NULL)
    g_assert_true (tl_contact_add_number (contact, number, TL_CONTACT_NUMBER_MOBILE));
  va_end (args);
  g_assert_true (tl_contact_store_add (fixture->store, contact, &error));
  g_assert_no_error (error);
  g_assert_cmpint (tl_contact_get_id (contact), >, 0);
  return contact;
}

static char *
name_for (Fixture    *fixture,
          const char *number,
          const char *country_code,
          const char *national_prefix)
{
  return tl_name_resolver_lookup_name (TL_NAME_RESOLVER (fixture->store), number, country_code, national_prefix);
}

static void
test_add_edit_remove (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(TlContact) anna = add (fixture, "Anna de Vries", "+31 6 1234 5678", NULL);
  g_autoptr(TlContact) loaded = NULL;
  g_autoptr(TlContact) nameless = tl_contact_new ("");
  g_autoptr(TlContact) numberless = tl_contact_new ("Nobody");
  g_autoptr(GError) error = NULL;
  guint changed = fixture->changed;

  g_assert_cmpuint (changed, ==, 1);
  tl_contact_add_number (anna, "020 555 0102", TL_CONTACT_NUMBER_WORK);
  tl_contact_set_organisation (anna, "De Vries B.V.");
  g_assert_true (tl_contact_store_update (fixture->store, anna, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->changed, ==, changed + 1);

  loaded = tl_contact_store_lookup (fixture->store, tl_contact_get_id (anna), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tl_contact_get_name (loaded), ==, "Anna de Vries");
  g_assert_cmpstr (tl_contact_get_organisation (loaded), ==, "De Vries B.V.");
  g_assert_cmpuint (tl_contact_get_n_numbers (loaded), ==, 2);
  assert_number (loaded, 1, "020 555 0102", TL_CONTACT_NUMBER_WORK);

  /* The same number twice is one number. */
  g_assert_false (tl_contact_add_number (loaded, "+31612345678", TL_CONTACT_NUMBER_HOME));

  tl_contact_add_number (nameless, "1", TL_CONTACT_NUMBER_OTHER);
  g_assert_false (tl_contact_store_add (fixture->store, nameless, &error));
  g_assert_error (error, TL_CONTACTS_ERROR, TL_CONTACTS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (tl_contact_store_add (fixture->store, numberless, &error));
  g_assert_error (error, TL_CONTACTS_ERROR, TL_CONTACTS_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (tl_contact_store_remove (fixture->store, tl_contact_get_id (anna), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (tl_contact_store_get_n_contacts (fixture->store), ==, 0);
  g_assert_null (name_for (fixture, "+31612345678", NULL, NULL));
  g_assert_false (tl_contact_store_remove (fixture->store, tl_contact_get_id (anna), &error));
  g_assert_error (error, TL_CONTACTS_ERROR, TL_CONTACTS_ERROR_NOT_FOUND);
}

/* Numbers are matched by the history's normalisation: national and E.164 forms
 * of one number name the same contact, with the store's or the call's dial plan. */
static void
test_lookup_national_and_e164 (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(TlContact) anna = NULL;
  g_autoptr(TlContact) bob = NULL;
  g_autoptr(TlContact) us = NULL;
  g_autoptr(TlContact) sip = NULL;
  g_autoptr(TlContact) found = NULL;
  char *name;

  /* Stored with the Dutch dial plan: kept as +31… */
  tl_contact_store_set_dial_plan (fixture->store, "31", "0");
  anna = add (fixture, "Anna", "020 555 0102", NULL);
  /* Stored without a plan: its national digits. */
  tl_contact_store_set_dial_plan (fixture->store, NULL, NULL);
  bob = add (fixture, "Bob", "010 444 0303", NULL);
  us = add (fixture, "Carol", "+1 (555) 010-2030", NULL);
  sip = add (fixture, "Dave", "sip:dave@pbx.example.org", NULL);

  name = name_for (fixture, "sip:+31205550102@trunk.example;user=phone", "31", "0");
  g_assert_cmpstr (name, ==, "Anna");
  g_free (name);
  name = name_for (fixture, "0205550102", "31", "0");
  g_assert_cmpstr (name, ==, "Anna");
  g_free (name);
  name = name_for (fixture, "tel:+31-20-555-0102", NULL, NULL);
  g_assert_cmpstr (name, ==, "Anna");
  g_free (name);

  /* E.164 from the trunk, the contact kept nationally. */
  name = name_for (fixture, "sip:+31104440303@trunk.example", "31", "0");
  g_assert_cmpstr (name, ==, "Bob");
  g_free (name);
  name = name_for (fixture, "sip:0104440303@trunk.example", NULL, NULL);
  g_assert_cmpstr (name, ==, "Bob");
  g_free (name);

  /* An international number sent without its '+'. */
  name = name_for (fixture, "sip:15550102030@trunk.example", NULL, NULL);
  g_assert_cmpstr (name, ==, "Carol");
  g_free (name);

  /* A SIP address, in any case and with parameters. */
  name = name_for (fixture, "\"Someone\" <sip:Dave@PBX.example.org;transport=tls>", NULL, NULL);
  g_assert_cmpstr (name, ==, "Dave");
  g_free (name);

  /* Close is not the same. */
  g_assert_null (name_for (fixture, "0205550103", "31", "0"));
  g_assert_null (name_for (fixture, "sip:bob@example.org", NULL, NULL));
  g_assert_null (name_for (fixture, "", NULL, NULL));

  found = tl_contact_store_find_by_number (fixture->store, "+31 20 555 0102", NULL, NULL);
  g_assert_nonnull (found);
  g_assert_cmpint (tl_contact_get_id (found), ==, tl_contact_get_id (anna));
}

static guint
count (GListModel *model)
{
  return g_list_model_get_n_items (model);
}

static char *
name_at (GListModel *model,
         guint       position)
{
  g_autoptr(TlContact) contact = g_list_model_get_item (model, position);

  return g_strdup (tl_contact_get_name (contact));
}

static void
test_list_and_search (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GListModel) all = NULL;
  g_autoptr(GListModel) search = NULL;
  g_autoptr(TlContact) first = NULL;
  g_autoptr(TlContact) again = NULL;
  g_autofree char *name = NULL;
  guint before;

  g_object_unref (add (fixture, "Émile Zola", "+33 1 23 45 67 89", NULL));
  g_object_unref (add (fixture, "anna Adams", "020 555 0102", NULL));
  g_object_unref (add (fixture, "Jürgen Müller", "030 1234567", NULL));
  g_object_unref (add (fixture, "100% Percent_Sign", "999", NULL));
  all = tl_contact_store_search (fixture->store, NULL);

  /* Sorted by name, case and accents folded. */
  g_assert_cmpuint (count (all), ==, 4);
  name = name_at (all, 0);
  g_assert_cmpstr (name, ==, "100% Percent_Sign");
  g_free (name);
  name = name_at (all, 1);
  g_assert_cmpstr (name, ==, "anna Adams");
  g_free (name);
  name = name_at (all, 2);
  g_assert_cmpstr (name, ==, "Émile Zola");
  g_clear_pointer (&name, g_free);

  /* The same object for a position while it is held. */
  first = g_list_model_get_item (all, 1);
  again = g_list_model_get_item (all, 1);
  g_assert_true (first == again);

#define SEARCH(text, expected)                                           \
  G_STMT_START {                                                         \
    g_clear_object (&search);                                            \
    search = tl_contact_store_search (fixture->store, text);             \
    g_assert_cmpuint (count (search), ==, expected);                     \
  } G_STMT_END

  SEARCH ("muller", 1);
  SEARCH ("MÜLL", 1);
  SEARCH ("emile", 1);
  SEARCH ("a", 2);            /* anna Adams, Émile Zola */
  SEARCH ("555-01", 1);       /* digits in any formatting */
  SEARCH ("(020) 555", 1);
  SEARCH ("+33 1 23", 1);
  SEARCH ("%", 1);            /* LIKE's wildcards are literal */
  SEARCH ("_", 1);
  SEARCH ("zzz", 0);
  SEARCH ("   ", 4);
#undef SEARCH

  /* Lists follow the store. */
  before = count (all);
  g_object_unref (add (fixture, "Zed", "12345", NULL));
  g_assert_cmpuint (count (all), ==, before + 1);
  name = name_at (all, before);
  g_assert_cmpstr (name, ==, "Zed");
}

static TlContactImportResult *
import_fixture (Fixture    *fixture,
                const char *name)
{
  g_autofree char *path = fixture_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  TlContactImportResult *result;

  result = tl_contact_store_import_file (fixture->store, file, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

static void
test_import_merges_duplicates (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(TlContactImportResult) first = import_fixture (fixture, "google-3.0.vcf");
  g_autoptr(TlContactImportResult) second = NULL;
  g_autoptr(TlContactImportResult) apple = NULL;
  g_autoptr(TlContactImportResult) apple_again = NULL;
  g_autofree char *summary = NULL;
  char *name;

  g_assert_cmpuint (first->imported, ==, 2);
  g_assert_cmpuint (first->updated, ==, 0);
  g_assert_cmpuint (first->skipped, ==, 1);
  g_assert_cmpuint (first->messages->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (first->messages, 0), ==, "Card at line 17: skipped: no phone number");
  summary = tl_contact_import_result_summary (first);
  g_assert_cmpstr (summary, ==, "2 contacts imported, 1 skipped");

  /* The same file again: same names and numbers, so nothing new. */
  second = import_fixture (fixture, "google-3.0.vcf");
  g_assert_cmpuint (second->imported, ==, 0);
  g_assert_cmpuint (second->updated, ==, 2);
  g_assert_cmpuint (tl_contact_store_get_n_contacts (fixture->store), ==, 2);

  /* By UID, even when the name changed in between. */
  apple = import_fixture (fixture, "apple-3.0.vcf");
  g_assert_cmpuint (apple->imported, ==, 1);
  apple_again = import_fixture (fixture, "apple-3.0.vcf");
  g_assert_cmpuint (apple_again->updated, ==, 1);
  g_assert_cmpuint (tl_contact_store_get_n_contacts (fixture->store), ==, 3);

  name = name_for (fixture, "+14085550002", NULL, NULL);
  g_assert_cmpstr (name, ==, "Dr. Johnny Q. Appleseed Jr.");
  g_free (name);
}

static void
async_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* In a thread, with its own connection; the store's lists see the result. */
static void
test_import_async_hostile (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "hostile.vcf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GListModel) all = tl_contact_store_search (fixture->store, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(TlContactImportResult) import = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TlContact) contact = NULL;
  GString *text = g_string_new ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:<b>x</b>\xff");
  char *name;

  for (guint i = 0; i < 10000; i++)
    g_string_append_c (text, 'n');
  g_string_append (text, "\r\nTEL;TYPE=CELL:+1 555 0100\r\nTEL;TYPE=WORK:5550101\r\nEND:VCARD\r\n");
  g_assert_true (g_file_set_contents (path, text->str, (gssize) text->len, NULL));
  g_string_free (text, TRUE);

  tl_contact_store_import_async (fixture->store, file, NULL, async_done_cb, &result);
  TL_TEST_AWAIT (result != NULL, 10000, "the import did not finish");
  import = tl_contact_store_import_finish (fixture->store, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (import->imported, ==, 1);
  g_assert_cmpuint (import->shortened, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (import->messages, 0), "cut to 256 characters"));
  g_assert_cmpuint (count (all), ==, 1);

  contact = g_list_model_get_item (all, 0);
  g_assert_true (g_str_has_prefix (tl_contact_get_name (contact), "<b>x</b>\xef\xbf\xbdnnn"));
  g_assert_cmpuint (g_utf8_strlen (tl_contact_get_name (contact), -1), ==, TL_CONTACT_MAX_NAME_CHARS);
  name = name_for (fixture, "+15550100", NULL, NULL);
  g_assert_cmpstr (name, ==, tl_contact_get_name (contact));
  g_free (name);
  name = name_for (fixture, "5550101", NULL, NULL);
  g_assert_cmpstr (name, ==, tl_contact_get_name (contact));
  g_free (name);
}

static void
test_import_missing_file (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent/contacts.vcf");
  g_autoptr(GError) error = NULL;

  g_assert_null (tl_contact_store_import_file (fixture->store, file, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

/* Another connection (an import thread, the command line) writes: the next
 * search here sees it, though nothing was said on this one. */
static void
test_other_connection_seen (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlContactStore) other = tl_contact_store_open (fixture->path, NULL, &error);
  g_autoptr(TlContact) contact = tl_contact_new ("Written Elsewhere");
  g_autoptr(GListModel) before = tl_contact_store_search (fixture->store, "elsewhere");
  g_autoptr(GListModel) after = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (count (before), ==, 0);
  tl_contact_add_number (contact, "5550199", TL_CONTACT_NUMBER_HOME);
  g_assert_true (tl_contact_store_add (other, contact, &error));
  after = tl_contact_store_search (fixture->store, "elsewhere");
  g_assert_cmpuint (count (after), ==, 1);
  g_assert_true (tl_contact_store_remove (other, tl_contact_get_id (contact), &error));
  g_clear_object (&after);
  after = tl_contact_store_search (fixture->store, "elsewhere");
  g_assert_cmpuint (count (after), ==, 0);
}

/* ---- a stand-in system address book ------------------------------------------------ */

#define TEST_TYPE_BOOK (test_book_get_type ())
G_DECLARE_FINAL_TYPE (TestBook, test_book, TEST, BOOK, GObject)

struct _TestBook
{
  GObject    parent_instance;
  GPtrArray *cards;
};

static void test_book_iface_init (TlAddressBookInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestBook, test_book, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (TL_TYPE_ADDRESS_BOOK, test_book_iface_init))

static GPtrArray *
test_book_dup_cards (TlAddressBook *book)
{
  GPtrArray *cards = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_address_book_card_free);

  for (guint i = 0; i < TEST_BOOK (book)->cards->len; i++)
    g_ptr_array_add (cards, tl_address_book_card_copy (g_ptr_array_index (TEST_BOOK (book)->cards, i)));
  return cards;
}

static void
test_book_iface_init (TlAddressBookInterface *iface)
{
  iface->dup_cards = test_book_dup_cards;
}

static void
test_book_finalize (GObject *object)
{
  g_ptr_array_unref (TEST_BOOK (object)->cards);
  G_OBJECT_CLASS (test_book_parent_class)->finalize (object);
}

static void
test_book_class_init (TestBookClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_book_finalize;
}

static void
test_book_init (TestBook *self)
{
  self->cards = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_address_book_card_free);
}

static void
test_address_book_merged (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(TestBook) book = g_object_new (TEST_TYPE_BOOK, NULL);
  g_autoptr(GListModel) all = NULL;
  g_autoptr(GListModel) search = NULL;
  g_autoptr(TlContact) system = NULL;
  g_autoptr(GError) error = NULL;
  TlAddressBookCard *card;
  guint changed;
  char *name;

  g_object_unref (add (fixture, "Mia Own", "+31 6 0000 0001", NULL));
  card = tl_address_book_card_new ("eds-1", "Berta System");
  tl_address_book_card_add (card, "+31 6 0000 0002", "cell");
  g_ptr_array_add (book->cards, card);
  /* The own contact wins for a number both have. */
  card = tl_address_book_card_new ("eds-2", "Also Mia");
  tl_address_book_card_add (card, "+31 6 0000 0001", "work,voice");
  g_ptr_array_add (book->cards, card);
  card = tl_address_book_card_new ("eds-3", "No Number");
  g_ptr_array_add (book->cards, card);

  changed = fixture->changed;
  tl_contact_store_set_address_book (fixture->store, TL_ADDRESS_BOOK (book));
  g_assert_cmpuint (fixture->changed, ==, changed + 1);

  name = name_for (fixture, "sip:+31600000002@trunk", NULL, NULL);
  g_assert_cmpstr (name, ==, "Berta System");
  g_free (name);
  name = name_for (fixture, "+31600000001", NULL, NULL);
  g_assert_cmpstr (name, ==, "Mia Own");
  g_free (name);

  all = tl_contact_store_search (fixture->store, NULL);
  g_assert_cmpuint (count (all), ==, 3);
  name = name_at (all, 0);
  g_assert_cmpstr (name, ==, "Also Mia");
  g_free (name);
  name = name_at (all, 1);
  g_assert_cmpstr (name, ==, "Berta System");
  g_free (name);
  search = tl_contact_store_search (fixture->store, "berta");
  g_assert_cmpuint (count (search), ==, 1);
  system = g_list_model_get_item (search, 0);
  g_assert_true (tl_contact_get_read_only (system));
  g_assert_cmpint (tl_contact_get_id (system), <, 0);
  assert_number (system, 0, "+31 6 0000 0002", TL_CONTACT_NUMBER_MOBILE);
  /* Read only: it is edited where it lives. */
  g_assert_false (tl_contact_store_update (fixture->store, system, &error));
  g_assert_error (error, TL_CONTACTS_ERROR, TL_CONTACTS_ERROR_READ_ONLY);

  /* The book changes: the lists follow. */
  g_ptr_array_set_size (book->cards, 0);
  tl_address_book_emit_changed (TL_ADDRESS_BOOK (book));
  g_assert_cmpuint (count (all), ==, 1);
  g_assert_null (name_for (fixture, "+31600000002", NULL, NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add ("/contacts/store/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("add-edit-remove", test_add_edit_remove);
  ADD ("lookup-national-and-e164", test_lookup_national_and_e164);
  ADD ("list-and-search", test_list_and_search);
  ADD ("import-merges-duplicates", test_import_merges_duplicates);
  ADD ("import-async-hostile", test_import_async_hostile);
  ADD ("import-missing-file", test_import_missing_file);
  ADD ("other-connection-seen", test_other_connection_seen);
  ADD ("address-book-merged", test_address_book_merged);
#undef ADD
  return g_test_run ();
}
