/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The call history: a list view over the paged store, with filters and search as queries of their own. */
#define G_LOG_DOMAIN "tl-ui"

#include "config.h"

#include "tl-history-page.h"

#include <glib/gi18n.h>

#include "tl-history-model.h"
#include "tl-history-row.h"

/* GTK 4.8's list builds, binds and measures about 200 rows before it draws
 * anything. The first frame needs only what fits on a tall screen; the rest of
 * the model is let through once that frame is painted. */
#define FIRST_FRAME_ROWS 48

struct _TlHistoryPage {
  GtkWidget       parent_instance;

  GtkWidget      *content;

  TlHistoryStore *store;
  TlHistoryModel *model;
  GtkSliceListModel *shown;       /* the model, cut to the first frame's rows until it is painted */
  GdkFrameClock  *clock;
  gulong          after_paint_id;
  TlNameResolver *names;

  GtkSearchEntry *search_entry;
  GtkDropDown    *filter_dropdown;
  GtkStack       *content_stack;
  GtkWidget      *scroller;
  GtkListView    *list_view;
  AdwStatusPage  *empty_page;
};

enum {
  SIGNAL_CALL_BACK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (TlHistoryPage, tl_history_page, GTK_TYPE_WIDGET)

static const TlHistoryFilter filters[] = {
  TL_HISTORY_FILTER_ALL, TL_HISTORY_FILTER_MISSED, TL_HISTORY_FILTER_INCOMING, TL_HISTORY_FILTER_OUTGOING,
};

static void
update_empty (TlHistoryPage *self)
{
  gboolean empty = self->model == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->model)) == 0;
  gboolean narrowed = gtk_drop_down_get_selected (self->filter_dropdown) != 0
                      || *gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0';

  if (self->store == NULL)
    {
      /* Fixed words only: a status page description is markup. */
      adw_status_page_set_title (self->empty_page, _("The Call History Is Unavailable"));
      adw_status_page_set_description (self->empty_page, _("Calls work, but are not kept: see the log for why"));
      gtk_stack_set_visible_child_name (self->content_stack, "empty");
      return;
    }
  /* Fixed words only: a status page description is markup. */
  adw_status_page_set_title (self->empty_page, narrowed ? _("No Matching Calls") : _("No Calls Yet"));
  adw_status_page_set_description (self->empty_page, narrowed ? _("Try another search or filter")
                                                              : _("Calls you make and receive are listed here"));
  gtk_stack_set_visible_child_name (self->content_stack, empty ? "empty" : "list");
}

static void
stop_waiting_for_paint (TlHistoryPage *self)
{
  if (self->clock != NULL)
    g_clear_signal_handler (&self->after_paint_id, self->clock);
  g_clear_object (&self->clock);
}

static void
after_paint_cb (GdkFrameClock *clock,
                TlHistoryPage *self)
{
  stop_waiting_for_paint (self);
  if (self->shown != NULL)
    gtk_slice_list_model_set_size (self->shown, G_MAXUINT);
}

/* Lets the whole model through after the next painted frame; a list that is
 * not mapped waits until it is (this runs again on "map"). */
static void
show_all_after_paint (TlHistoryPage *self)
{
  GdkFrameClock *clock;

  stop_waiting_for_paint (self);
  if (self->shown == NULL || gtk_slice_list_model_get_size (self->shown) == G_MAXUINT)
    return;
  clock = gtk_widget_get_mapped (GTK_WIDGET (self->list_view))
          ? gtk_widget_get_frame_clock (GTK_WIDGET (self->list_view)) : NULL;
  if (clock == NULL)
    return;
  self->clock = g_object_ref (clock);
  self->after_paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), self);
}

/* Every filter and search is a query of its own: a new model, never a filter
 * over the pages (that would read every row). */
static void
rebuild_model (TlHistoryPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->filter_dropdown);
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autoptr(GtkNoSelection) selection = NULL;

  if (self->store == NULL)
    return;
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  self->model = g_object_new (TL_TYPE_HISTORY_MODEL,
                              "store", self->store,
                              "filter", filters[MIN (selected, G_N_ELEMENTS (filters) - 1)],
                              "search", *search != '\0' ? search : NULL,
                              NULL);
  g_signal_connect_object (self->model, "items-changed", G_CALLBACK (update_empty), self, G_CONNECT_SWAPPED);
  g_clear_object (&self->shown);
  self->shown = gtk_slice_list_model_new (g_object_ref (G_LIST_MODEL (self->model)), 0, FIRST_FRAME_ROWS);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->shown)));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  show_all_after_paint (self);
  update_empty (self);
  g_debug ("History shows %u calls", g_list_model_get_n_items (G_LIST_MODEL (self->model)));
}

static void
search_changed_cb (TlHistoryPage *self)
{
  rebuild_model (self);
}

static void
filter_changed_cb (TlHistoryPage *self)
{
  rebuild_model (self);
}

static void
call_back (TlHistoryPage  *self,
           TlHistoryEntry *entry)
{
  g_signal_emit (self, signals[SIGNAL_CALL_BACK], 0, entry);
}

static void
row_activated_cb (TlHistoryPage *self,
                  guint          position)
{
  g_autoptr(TlHistoryEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->model), position);

  if (entry != NULL)
    call_back (self, entry);
}

static void
row_delete_cb (TlHistoryRow   *row,
               TlHistoryEntry *entry,
               TlHistoryPage  *self)
{
  g_autoptr(GError) error = NULL;

  if (!tl_history_store_delete (self->store, tl_history_entry_get_id (entry), &error))
    g_debug ("History: delete failed: %s", error->message);
}

static void
row_call_back_cb (TlHistoryRow   *row,
                  TlHistoryEntry *entry,
                  TlHistoryPage  *self)
{
  call_back (self, entry);
}

/* Rows are built once in setup and only filled in bind: the list recycles them. */
static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              TlHistoryPage            *self)
{
  GtkWidget *row = tl_history_row_new ();

  tl_history_row_set_name_resolver (TL_HISTORY_ROW (row), self->names);
  g_signal_connect_object (row, "call-back", G_CALLBACK (row_call_back_cb), self, 0);
  g_signal_connect_object (row, "delete", G_CALLBACK (row_delete_cb), self, 0);
  gtk_list_item_set_child (item, row);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             TlHistoryPage            *self)
{
  TlHistoryRow *row = TL_HISTORY_ROW (gtk_list_item_get_child (item));
  guint position = gtk_list_item_get_position (item);

  tl_history_row_set_entry (row, gtk_list_item_get_item (item));
  if (position < 3)
    g_debug ("History row %u shows “%s”", position, tl_history_row_get_title (row));
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               TlHistoryPage            *self)
{
  tl_history_row_set_entry (TL_HISTORY_ROW (gtk_list_item_get_child (item)), NULL);
}

GListModel *
tl_history_page_get_model (TlHistoryPage *self)
{
  g_return_val_if_fail (TL_IS_HISTORY_PAGE (self), NULL);
  return G_LIST_MODEL (self->model);
}

GtkWidget *
tl_history_page_get_list_view (TlHistoryPage *self)
{
  g_return_val_if_fail (TL_IS_HISTORY_PAGE (self), NULL);
  return GTK_WIDGET (self->list_view);
}

void
tl_history_page_set_name_resolver (TlHistoryPage  *self,
                                   TlNameResolver *names)
{
  g_return_if_fail (TL_IS_HISTORY_PAGE (self));
  g_set_object (&self->names, names);
}

void
tl_history_page_focus_search (TlHistoryPage *self)
{
  g_return_if_fail (TL_IS_HISTORY_PAGE (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
tl_history_page_dispose (GObject *object)
{
  TlHistoryPage *self = TL_HISTORY_PAGE (object);

  stop_waiting_for_paint (self);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->shown);
  g_clear_object (&self->model);
  g_clear_object (&self->store);
  g_clear_object (&self->names);
  gtk_widget_dispose_template (GTK_WIDGET (self), TL_TYPE_HISTORY_PAGE);
  G_OBJECT_CLASS (tl_history_page_parent_class)->dispose (object);
}

static void
tl_history_page_class_init (TlHistoryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_history_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/trunkline/Trunkline/history/tl-history-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TlHistoryPage, content);
  gtk_widget_class_bind_template_child (widget_class, TlHistoryPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, TlHistoryPage, filter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TlHistoryPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, TlHistoryPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, TlHistoryPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, TlHistoryPage, empty_page);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  signals[SIGNAL_CALL_BACK] =
    g_signal_new ("call-back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, TL_TYPE_HISTORY_ENTRY);
}

static void
tl_history_page_init (TlHistoryPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_signal_connect_object (self->list_view, "map", G_CALLBACK (show_all_after_paint), self, G_CONNECT_SWAPPED);
}

GtkWidget *
tl_history_page_new (TlHistoryStore *store)
{
  TlHistoryPage *self = g_object_new (TL_TYPE_HISTORY_PAGE, NULL);

  if (store != NULL)
    self->store = g_object_ref (store);
  rebuild_model (self);
  update_empty (self);
  return GTK_WIDGET (self);
}
