/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Importing a vCard file into the contact store: streamed, in a thread with its own connection, committed in chunks. */

#define G_LOG_DOMAIN "tl-contacts"

#include "config.h"

#include "tl-contact-store.h"
#include "tl-contact-store-private.h"

#include "tl-vcard-parser.h"

#define READ_CHUNK_BYTES (64 * 1024)
/* A chunk holds the write lock for some tens of milliseconds at most, so a
 * call starting meanwhile is written to the history without a noticeable wait. */
#define CARDS_PER_COMMIT 200

G_DEFINE_BOXED_TYPE (TlContactImportResult, tl_contact_import_result, tl_contact_import_result_copy,
                     tl_contact_import_result_free)

static TlContactImportResult *
result_new (void)
{
  TlContactImportResult *self = g_new0 (TlContactImportResult, 1);

  self->messages = g_ptr_array_new_with_free_func (g_free);
  return self;
}

TlContactImportResult *
tl_contact_import_result_copy (const TlContactImportResult *self)
{
  TlContactImportResult *copy = result_new ();

  copy->imported = self->imported;
  copy->updated = self->updated;
  copy->skipped = self->skipped;
  copy->shortened = self->shortened;
  for (guint i = 0; i < self->messages->len; i++)
    g_ptr_array_add (copy->messages, g_strdup (g_ptr_array_index (self->messages, i)));
  return copy;
}

void
tl_contact_import_result_free (TlContactImportResult *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->messages);
  g_free (self);
}

char *
tl_contact_import_result_summary (const TlContactImportResult *self)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "%u %s imported", self->imported, self->imported == 1 ? "contact" : "contacts");
  if (self->updated > 0)
    g_string_append_printf (out, ", %u updated", self->updated);
  if (self->skipped > 0)
    g_string_append_printf (out, ", %u skipped", self->skipped);
  if (self->shortened > 0)
    g_string_append_printf (out, ", %u shortened", self->shortened);
  return g_string_free (out, FALSE);
}

typedef struct {
  TlContactStore        *store;
  TlContactImportResult *result;
  GError                *error;
  guint                  in_chunk;
} Import;

/* Names are quoted by their start: what happened must stay visible after a long one. */
#define QUOTED_NAME_CHARS 24

static void
add_message (TlContactImportResult *result,
             guint                  line,
             const char            *name,
             const char            *detail)
{
  g_autofree char *quoted = NULL;

  if (result->messages->len == TL_CONTACT_IMPORT_MAX_MESSAGES)
    g_ptr_array_add (result->messages, g_strdup ("… and more"));
  if (result->messages->len > TL_CONTACT_IMPORT_MAX_MESSAGES)
    return;
  if (name == NULL)
    {
      g_ptr_array_add (result->messages, g_strdup_printf ("Card at line %u: skipped: %s", line, detail));
      return;
    }
  if (g_utf8_strlen (name, -1) > QUOTED_NAME_CHARS)
    {
      g_autofree char *start = g_utf8_substring (name, 0, QUOTED_NAME_CHARS - 1);

      quoted = g_strconcat (start, "…", NULL);
    }
  g_ptr_array_add (result->messages, g_strdup_printf ("Card at line %u (%s): %s", line,
                                                      quoted != NULL ? quoted : name, detail));
}

static void
card_cb (TlContact  *contact,
         guint       line,
         const char *problems,
         gpointer    user_data)
{
  Import *import = user_data;
  g_autoptr(GError) error = NULL;
  gboolean merged = FALSE;

  if (import->error != NULL)
    return;
  if (contact == NULL)
    {
      import->result->skipped++;
      add_message (import->result, line, NULL, problems != NULL ? problems : "unreadable");
      return;
    }
  if (import->in_chunk == 0 && !tl_contact_store_exec (import->store, "BEGIN IMMEDIATE", &import->error))
    return;
  if (!tl_contact_store_merge_or_add (import->store, contact, &merged, &error))
    {
      /* The card is bad (no name left, say), or the disk is: only the latter stops the import. */
      if (error->domain == TL_CONTACTS_ERROR && error->code == TL_CONTACTS_ERROR_INVALID)
        {
          import->result->skipped++;
          add_message (import->result, line, NULL, error->message);
          return;
        }
      import->error = g_steal_pointer (&error);
      return;
    }
  if (merged)
    import->result->updated++;
  else
    import->result->imported++;
  if (problems != NULL)
    {
      import->result->shortened++;
      add_message (import->result, line, tl_contact_get_name (contact), problems);
    }
  if (++import->in_chunk == CARDS_PER_COMMIT)
    {
      import->in_chunk = 0;
      tl_contact_store_exec (import->store, "COMMIT", &import->error);
    }
}

static TlContactImportResult *
import_into (TlContactStore  *store,
             GFile           *file,
             GCancellable    *cancellable,
             GError         **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(TlVCardParser) parser = NULL;
  g_autofree char *buffer = g_malloc (READ_CHUNK_BYTES);
  Import import = { .store = store };
  gssize n;

  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    return NULL;
  import.result = result_new ();
  parser = tl_vcard_parser_new (card_cb, &import);
  while ((n = g_input_stream_read (G_INPUT_STREAM (stream), buffer, READ_CHUNK_BYTES, cancellable,
                                   &import.error)) > 0
         && import.error == NULL)
    tl_vcard_parser_feed (parser, buffer, (gsize) n);
  if (import.error == NULL)
    tl_vcard_parser_finish (parser);
  if (import.error == NULL && tl_vcard_parser_get_n_ignored (parser) > 0)
    {
      guint n_ignored = tl_vcard_parser_get_n_ignored (parser);

      import.result->skipped += n_ignored;
      g_ptr_array_add (import.result->messages,
                       g_strdup_printf ("%u cards past the first %u were not read", n_ignored, TL_VCARD_MAX_CARDS));
    }
  if (import.in_chunk > 0)
    {
      if (import.error == NULL)
        tl_contact_store_exec (store, "COMMIT", &import.error);
      else
        tl_contact_store_exec (store, "ROLLBACK", NULL);
    }
  if (import.error != NULL)
    {
      g_propagate_error (error, import.error);
      tl_contact_import_result_free (import.result);
      return NULL;
    }
  return import.result;
}

typedef struct {
  char  *path;
  char  *country_code;
  char  *national_prefix;
  GFile *file;
} ImportData;

static void
import_data_free (ImportData *data)
{
  g_free (data->path);
  g_free (data->country_code);
  g_free (data->national_prefix);
  g_clear_object (&data->file);
  g_free (data);
}

/* Its own connection: the store's belongs to the main thread. */
static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportData *data = task_data;
  g_autoptr(TlContactStore) store = NULL;
  TlContactImportResult *result;
  GError *error = NULL;

  store = tl_contact_store_open (data->path, cancellable, &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  tl_contact_store_set_dial_plan (store, data->country_code, data->national_prefix);
  result = import_into (store, data->file, cancellable, &error);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) tl_contact_import_result_free);
}

void
tl_contact_store_import_async (TlContactStore      *self,
                               GFile               *file,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ImportData *data;

  g_return_if_fail (TL_IS_CONTACT_STORE (self));
  g_return_if_fail (G_IS_FILE (file));

  data = g_new0 (ImportData, 1);
  data->path = g_strdup (tl_contact_store_get_path (self));
  data->country_code = g_strdup (tl_contact_store_get_country_code (self));
  data->national_prefix = g_strdup (tl_contact_store_get_national_prefix (self));
  data->file = g_object_ref (file);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tl_contact_store_import_async);
  g_task_set_task_data (task, data, (GDestroyNotify) import_data_free);
  g_task_run_in_thread (task, import_thread);
}

TlContactImportResult *
tl_contact_store_import_finish (TlContactStore  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  TlContactImportResult *import;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  /* Whatever was committed before a failure is in: the lists look again either way. */
  tl_contact_store_emit_changed (self);
  import = g_task_propagate_pointer (G_TASK (result), error);
  if (import != NULL)
    {
      g_autofree char *summary = tl_contact_import_result_summary (import);

      g_debug ("Contacts import: %s", summary);
    }
  return import;
}

TlContactImportResult *
tl_contact_store_import_file (TlContactStore  *self,
                              GFile           *file,
                              GCancellable    *cancellable,
                              GError         **error)
{
  TlContactImportResult *result;

  g_return_val_if_fail (TL_IS_CONTACT_STORE (self), NULL);

  result = import_into (self, file, cancellable, error);
  tl_contact_store_emit_changed (self);
  return result;
}
