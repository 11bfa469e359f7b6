/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The in-call view: who, how long, how it sounds and whether it is encrypted; mute, hold, keys, transfer, another call, hang up. */
#define G_LOG_DOMAIN "tl-ui"

#include "config.h"

#include "tl-call-view.h"

#include <glib/gi18n.h>

#include "tl-call-row.h"
#include "tl-demo-account.h"
#include "tl-echo-service.h"
#include "tl-keypad.h"
#include "tl-ui-text.h"

/* How long an ended call stays on screen, so "Busy" can be read. */
#define LINGER_MS 2000

struct _TlCallView {
  GtkWidget       parent_instance;

  TlApplication  *application;   /* not a reference: it outlives its windows */
  TlCallManager  *calls;
  TlCall         *call;           /* shown */
  GString        *dtmf_sent;
  guint           tick;
  guint           linger;
  gboolean        syncing;        /* toggles follow the call: no action then */

  GtkWidget      *content;
  AdwWindowTitle *window_title;
  AdwAvatar      *avatar;
  GtkLabel       *name_label;
  GtkLabel       *number_label;
  GtkLabel       *state_label;
  GtkWidget      *lock_icon;
  GtkLabel       *codec_label;
  GtkImage       *quality_icon;
  GtkLabel       *quality_label;
  GtkLabel       *notice_label;
  GtkLabel       *demo_label;
  GtkListBox     *calls_list;
  GtkRevealer    *keypad_revealer;
  GtkLabel       *dtmf_label;
  GtkRevealer    *transfer_revealer;
  GtkEntry       *transfer_entry;
  GtkWidget      *controls;
  GtkToggleButton *mute_button;
  GtkToggleButton *keypad_button;
  GtkToggleButton *hold_button;
  GtkToggleButton *transfer_button;
  GtkWidget      *add_call_button;
  GtkWidget      *hangup_button;
};

enum {
  SIGNAL_ADD_CALL,
  SIGNAL_FINISHED,
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (TlCallView, tl_call_view, GTK_TYPE_WIDGET)

static void show_call (TlCallView *self, TlCall *call);

/* ---- what is shown ------------------------------------------------------------- */

static void
show_notice (TlCallView *self,
             const char *text)
{
  /* Plain text: errors can quote engine or network words. */
  gtk_label_set_text (self->notice_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->notice_label), text != NULL);
}

static void
update_state (TlCallView *self)
{
  g_autofree char *state = NULL;

  if (self->call == NULL)
    return;
  state = tl_ui_text_call_state (self->call);
  gtk_label_set_text (self->state_label, state);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->calls_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (TL_IS_CALL_ROW (row))
      tl_call_row_refresh (TL_CALL_ROW (row));
}

static void
update_quality (TlCallView *self)
{
  TlCallQuality quality = self->call != NULL ? tl_call_get_quality (self->call) : TL_CALL_QUALITY_UNKNOWN;
  static const char *const icons[] = {
    NULL, "network-cellular-signal-excellent-symbolic", "network-cellular-signal-ok-symbolic",
    "network-cellular-signal-weak-symbolic",
  };
  static const char *const words[] = { "", N_("Good"), N_("Fair"), N_("Poor") };
  g_autofree char *figures = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->quality_icon), quality != TL_CALL_QUALITY_UNKNOWN);
  gtk_label_set_text (self->quality_label, quality != TL_CALL_QUALITY_UNKNOWN ? _(words[quality]) : "");
  if (quality == TL_CALL_QUALITY_UNKNOWN)
    return;
  gtk_image_set_from_icon_name (self->quality_icon, icons[quality]);
  figures = g_strdup_printf (_("Quality %s: %.1f %% loss, %.0f ms jitter, %.0f ms round trip"), _(words[quality]),
                             tl_call_get_loss_percent (self->call), tl_call_get_jitter_ms (self->call),
                             tl_call_get_rtt_ms (self->call));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->quality_label), figures);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->quality_icon), GTK_ACCESSIBLE_PROPERTY_LABEL, figures, -1);
}

static void
update_media (TlCallView *self)
{
  g_autofree char *codec = self->call != NULL ? tl_ui_text_codec (tl_call_get_codec (self->call)) : NULL;
  gboolean srtp = self->call != NULL && tl_call_get_srtp (self->call);

  gtk_label_set_text (self->codec_label, codec != NULL ? codec : "");
  gtk_widget_set_visible (self->lock_icon, srtp);
  g_debug ("Call view shows codec %s, %s", codec != NULL ? codec : "(none yet)",
           srtp ? "encrypted" : "not encrypted");
}

static void
update_controls (TlCallView *self)
{
  TlCallState state = self->call != NULL ? tl_call_get_state (self->call) : TL_CALL_STATE_ENDED;
  gboolean live = state != TL_CALL_STATE_ENDED;
  gboolean talking = state == TL_CALL_STATE_ESTABLISHED || state == TL_CALL_STATE_HELD;

  self->syncing = TRUE;
  gtk_toggle_button_set_active (self->mute_button, live && tl_call_get_muted (self->call));
  gtk_toggle_button_set_active (self->hold_button, live && tl_call_get_held (self->call));
  self->syncing = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->mute_button), talking);
  gtk_widget_set_sensitive (GTK_WIDGET (self->hold_button), talking);
  gtk_widget_set_sensitive (GTK_WIDGET (self->keypad_button), state == TL_CALL_STATE_ESTABLISHED
                                                               || state == TL_CALL_STATE_EARLY_MEDIA);
  gtk_widget_set_sensitive (GTK_WIDGET (self->transfer_button), state == TL_CALL_STATE_ESTABLISHED
                                                                 || state == TL_CALL_STATE_HELD);
  gtk_widget_set_sensitive (self->add_call_button, talking);
  gtk_widget_set_sensitive (self->hangup_button, live);
  if (!live)
    {
      gtk_revealer_set_reveal_child (self->keypad_revealer, FALSE);
      gtk_revealer_set_reveal_child (self->transfer_revealer, FALSE);
    }
}

/* One tick a second while a call is up: the timer is all that moves. */
static gboolean
tick_cb (gpointer user_data)
{
  update_state (user_data);
  return G_SOURCE_CONTINUE;
}

static void
update_tick (TlCallView *self)
{
  gboolean wanted = self->call != NULL && tl_call_is_live (self->call) && gtk_widget_get_mapped (GTK_WIDGET (self));

  if (wanted && self->tick == 0)
    self->tick = g_timeout_add_seconds (1, tick_cb, self);
  else if (!wanted)
    g_clear_handle_id (&self->tick, g_source_remove);
}

static void
call_changed_cb (TlCallView *self)
{
  update_state (self);
  update_controls (self);
  update_tick (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  g_debug ("Call view: %s %s", tl_call_get_id (self->call) != NULL ? tl_call_get_id (self->call) : "(unbound)",
           tl_call_state_to_string (tl_call_get_state (self->call)));
}

static void
update_peer (TlCallView *self)
{
  const char *name = tl_call_get_peer_name (self->call);
  const char *number = tl_call_get_peer_number (self->call);
  const char *title = tl_ui_text_peer_title (name, number, tl_call_get_peer_uri (self->call));
  TlAccount *account = tl_call_manager_get_account (self->calls, tl_call_get_account_aor (self->call));
  g_autofree char *line = account != NULL ? tl_account_dup_title (account) : NULL;
  gboolean demo = account != NULL && tl_demo_account_is_demo (tl_account_get_id (account));

  gtk_widget_set_visible (GTK_WIDGET (self->demo_label), demo);
  if (demo)
    {
      title = _("Echo Test");
      number = TL_ECHO_SERVICE_NUMBER;
    }

  gtk_label_set_text (self->name_label, title);
  adw_avatar_set_text (self->avatar, title);
  /* The number under a name; the address under a bare number is noise. */
  gtk_label_set_text (self->number_label, title != number && number != NULL ? number
                                          : title == number ? "" : tl_call_get_peer_uri (self->call));
  adw_window_title_set_subtitle (self->window_title, line != NULL ? line : "");
}

static void
show_call (TlCallView *self,
           TlCall     *call)
{
  if (self->call == call)
    return;
  if (self->call != NULL)
    g_signal_handlers_disconnect_by_data (self->call, self);
  g_set_object (&self->call, call);
  g_string_truncate (self->dtmf_sent, 0);
  gtk_label_set_text (self->dtmf_label, "");
  show_notice (self, NULL);
  if (call == NULL)
    {
      update_tick (self);
      g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
      return;
    }
  g_signal_connect_object (call, "notify::state", G_CALLBACK (call_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (call, "notify::held", G_CALLBACK (call_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (call, "notify::muted", G_CALLBACK (call_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (call, "notify::peer-name", G_CALLBACK (update_peer), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (call, "notify::codec", G_CALLBACK (update_media), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (call, "notify::srtp", G_CALLBACK (update_media), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (call, "notify::loss-percent", G_CALLBACK (update_quality), self, G_CONNECT_SWAPPED);
  update_peer (self);
  update_media (self);
  update_quality (self);
  call_changed_cb (self);
}

/* ---- which call ----------------------------------------------------------------- */

/* The call to show: the one being talked on, else one being set up, else a held one. */
static int
show_rank (TlCall *call)
{
  switch (tl_call_get_state (call))
    {
    case TL_CALL_STATE_ESTABLISHED: return 4;
    case TL_CALL_STATE_OUTGOING:
    case TL_CALL_STATE_RINGING:
    case TL_CALL_STATE_EARLY_MEDIA: return 3;
    case TL_CALL_STATE_HELD: return 2;
    case TL_CALL_STATE_INCOMING:
    case TL_CALL_STATE_ENDED:
    default: return 0;
    }
}

static void
pick_call (TlCallView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->calls));
  g_autoptr(TlCall) best = NULL;
  int best_rank = self->call != NULL && tl_call_is_live (self->call) ? show_rank (self->call) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TlCall) call = g_list_model_get_item (G_LIST_MODEL (self->calls), i);
      int rank = show_rank (call);

      if (rank > best_rank)
        {
          best_rank = rank;
          g_set_object (&best, call);
        }
    }
  if (best != NULL)
    {
      g_clear_handle_id (&self->linger, g_source_remove);
      show_call (self, best);
    }
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->calls_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (TL_IS_CALL_ROW (row))
      {
        TlCall *call = tl_call_row_get_call (TL_CALL_ROW (row));

        /* A call still ringing here is answered in the incoming view, not from this list. */
        gtk_widget_set_visible (row, show_rank (call) > 0);
        tl_call_row_set_current (TL_CALL_ROW (row), call == self->call);
      }
}

static void
linger_over_cb (gpointer user_data)
{
  TlCallView *self = user_data;

  self->linger = 0;
  show_call (self, NULL);
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0);
}

static void
calls_changed_cb (TlCallView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->calls));
  guint talking = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TlCall) call = g_list_model_get_item (G_LIST_MODEL (self->calls), i);

      talking += show_rank (call) > 0;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->calls_list), talking > 1);
  pick_call (self);
  /* The last call ended: its end stays readable a moment, then the dial pad returns. */
  if (talking == 0 && self->call != NULL && !tl_call_is_live (self->call) && self->linger == 0)
    self->linger = g_timeout_add_once (LINGER_MS, linger_over_cb, self);
  update_state (self);
}

static GtkWidget *
create_call_row (gpointer item,
                 gpointer user_data)
{
  GtkWidget *row = tl_call_row_new (item);

  gtk_widget_set_visible (row, show_rank (item) > 0);
  g_signal_connect_object (item, "notify::state", G_CALLBACK (calls_changed_cb), user_data, G_CONNECT_SWAPPED);
  return row;
}

/* ---- actions --------------------------------------------------------------------- */

static void
action_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(TlCallView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!tl_call_manager_action_finish (TL_CALL_MANAGER (source), result, &error))
    {
      g_debug ("Call view: the action failed: %s", error->message);
      show_notice (self, error->message);
      update_controls (self);
    }
}

static void
act (TlCallView   *self,
     TlCall       *call,
     TlCallAction  action,
     const char   *argument)
{
  if (call == NULL || !tl_call_is_live (call))
    return;
  show_notice (self, NULL);
  tl_call_manager_action_async (self->calls, call, action, argument, NULL, action_done_cb, g_object_ref (self));
}

static void
mute_cb (TlCallView *self)
{
  if (!self->syncing)
    act (self, self->call, TL_CALL_ACTION_MUTE, gtk_toggle_button_get_active (self->mute_button) ? "yes" : "no");
}

static void
hold_cb (TlCallView *self)
{
  if (!self->syncing)
    act (self, self->call,
         gtk_toggle_button_get_active (self->hold_button) ? TL_CALL_ACTION_HOLD : TL_CALL_ACTION_RESUME, NULL);
}

static void
keypad_cb (TlCallView *self)
{
  gtk_revealer_set_reveal_child (self->keypad_revealer, gtk_toggle_button_get_active (self->keypad_button));
}

static void
transfer_cb (TlCallView *self)
{
  gboolean open = gtk_toggle_button_get_active (self->transfer_button);

  gtk_revealer_set_reveal_child (self->transfer_revealer, open);
  if (open)
    gtk_widget_grab_focus (GTK_WIDGET (self->transfer_entry));
}

static void
transfer_now_cb (TlCallView *self)
{
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->transfer_entry));
  TlAccount *account;
  g_autofree char *uri = NULL;

  if (self->call == NULL)
    return;
  account = tl_call_manager_get_account (self->calls, tl_call_get_account_aor (self->call));
  /* Numbers go through the call's own dial plan, as a dialled number would. */
  uri = account != NULL ? tl_account_preview_dial (account, typed) : NULL;
  if (uri == NULL)
    {
      show_notice (self, _("Enter a number or a SIP address to transfer the call to"));
      return;
    }
  act (self, self->call, TL_CALL_ACTION_TRANSFER, uri);
  gtk_toggle_button_set_active (self->transfer_button, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->transfer_entry), "");
}

static void
add_call_cb (TlCallView *self)
{
  g_signal_emit (self, signals[SIGNAL_ADD_CALL], 0);
}

static void
hangup_cb (TlCallView *self)
{
  act (self, self->call, TL_CALL_ACTION_HANGUP, NULL);
}

static void
dtmf_key_cb (TlCallView *self,
             int         key)
{
  char digits[2] = { (char) key, '\0' };

  if (key != '+')
    tl_call_view_send_dtmf (self, digits);
}

static void
call_row_activated_cb (TlCallView    *self,
                       GtkListBoxRow *row)
{
  TlCall *call = tl_call_row_get_call (TL_CALL_ROW (row));

  /* Picking a held call resumes it; the manager holds the one talked on. */
  if (tl_call_get_state (call) == TL_CALL_STATE_HELD)
    act (self, call, TL_CALL_ACTION_RESUME, NULL);
  else
    show_call (self, call);
  pick_call (self);
}

void
tl_call_view_send_dtmf (TlCallView *self,
                        const char *digits)
{
  g_return_if_fail (TL_IS_CALL_VIEW (self));

  if (self->call == NULL || tl_call_get_state (self->call) != TL_CALL_STATE_ESTABLISHED)
    return;
  g_string_append (self->dtmf_sent, digits);
  gtk_label_set_text (self->dtmf_label, self->dtmf_sent->str);
  act (self, self->call, TL_CALL_ACTION_DTMF, digits);
}

void
tl_call_view_toggle_mute (TlCallView *self)
{
  g_return_if_fail (TL_IS_CALL_VIEW (self));
  if (gtk_widget_get_sensitive (GTK_WIDGET (self->mute_button)))
    gtk_toggle_button_set_active (self->mute_button, !gtk_toggle_button_get_active (self->mute_button));
}

void
tl_call_view_toggle_hold (TlCallView *self)
{
  g_return_if_fail (TL_IS_CALL_VIEW (self));
  if (gtk_widget_get_sensitive (GTK_WIDGET (self->hold_button)))
    gtk_toggle_button_set_active (self->hold_button, !gtk_toggle_button_get_active (self->hold_button));
}

void
tl_call_view_hang_up (TlCallView *self)
{
  g_return_if_fail (TL_IS_CALL_VIEW (self));
  hangup_cb (self);
}

TlCall *
tl_call_view_get_call (TlCallView *self)
{
  g_return_val_if_fail (TL_IS_CALL_VIEW (self), NULL);
  return self->call;
}

gboolean
tl_call_view_get_active (TlCallView *self)
{
  g_return_val_if_fail (TL_IS_CALL_VIEW (self), FALSE);
  return self->call != NULL && tl_call_is_live (self->call);
}

/* ---- life ------------------------------------------------------------------------- */

static void
tl_call_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (tl_call_view_parent_class)->map (widget);
  update_state (TL_CALL_VIEW (widget));
  update_tick (TL_CALL_VIEW (widget));
}

static void
tl_call_view_unmap (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (tl_call_view_parent_class)->unmap (widget);
  update_tick (TL_CALL_VIEW (widget));
}

static void
tl_call_view_dispose (GObject *object)
{
  TlCallView *self = TL_CALL_VIEW (object);

  g_clear_handle_id (&self->tick, g_source_remove);
  g_clear_handle_id (&self->linger, g_source_remove);
  if (self->call != NULL)
    g_signal_handlers_disconnect_by_data (self->call, self);
  g_clear_object (&self->call);
  if (self->calls != NULL)
    g_signal_handlers_disconnect_by_data (self->calls, self);
  g_clear_object (&self->calls);
  gtk_widget_dispose_template (GTK_WIDGET (self), TL_TYPE_CALL_VIEW);
  G_OBJECT_CLASS (tl_call_view_parent_class)->dispose (object);
}

static void
tl_call_view_finalize (GObject *object)
{
  g_string_free (TL_CALL_VIEW (object)->dtmf_sent, TRUE);
  G_OBJECT_CLASS (tl_call_view_parent_class)->finalize (object);
}

static void
tl_call_view_class_init (TlCallViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_call_view_dispose;
  object_class->finalize = tl_call_view_finalize;
  widget_class->map = tl_call_view_map;
  widget_class->unmap = tl_call_view_unmap;

  g_type_ensure (TL_TYPE_KEYPAD);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/trunkline/Trunkline/call/tl-call-view.ui");
  gtk_widget_class_bind_template_child (widget_class, TlCallView, content);
  gtk_widget_class_bind_template_child (widget_class, TlCallView, window_title);
  gtk_widget_class_bind_template_child (widget_class, TlCallView, avatar);
  gtk_widget_class_bind_template_child (widget_class, TlCallView, name_label);
  gtk_widget_class_bind_template_child (widget_class, TlCallView, number_label);
  gtk_widget_class_bind_template_child (widget_class, TlCallView, state_label);
  gtk_widget_class_bind_template_child (widget_class, TlCallView, lock_icon);
  gtk_widget_class_bind_template_child (widget_class, TlCallView, codec_label);
  gtk_widget_class_bind_template_child (widget_class, TlCallView, quality_icon);
  gtk_widget_class_bind_template_child (widget_class, TlCallView, quality_label);
  gtk_widget_class_bind_template_child (widget_class, TlCallView, notice_label);
  gtk_widget_class_bind_template_child (widget_class, TlCallView, demo_label);
  gtk_widget_class_bind_template_child (widget_class, TlCallView, calls_list);
  gtk_widget_class_bind_template_child (widget_class, TlCallView, keypad_revealer);
  gtk_widget_class_bind_template_child (widget_class, TlCallView, dtmf_label);
  gtk_widget_class_bind_template_child (widget_class, TlCallView, transfer_revealer);
  gtk_widget_class_bind_template_child (widget_class, TlCallView, transfer_entry);
  gtk_widget_class_bind_template_child (widget_class, TlCallView, controls);
  gtk_widget_class_bind_template_child (widget_class, TlCallView, mute_button);
  gtk_widget_class_bind_template_child (widget_class, TlCallView, keypad_button);
  gtk_widget_class_bind_template_child (widget_class, TlCallView, hold_button);
  gtk_widget_class_bind_template_child (widget_class, TlCallView, transfer_button);
  gtk_widget_class_bind_template_child (widget_class, TlCallView, add_call_button);
  gtk_widget_class_bind_template_child (widget_class, TlCallView, hangup_button);
  gtk_widget_class_bind_template_callback (widget_class, mute_cb);
  gtk_widget_class_bind_template_callback (widget_class, keypad_cb);
  gtk_widget_class_bind_template_callback (widget_class, hold_cb);
  gtk_widget_class_bind_template_callback (widget_class, transfer_cb);
  gtk_widget_class_bind_template_callback (widget_class, transfer_now_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_call_cb);
  gtk_widget_class_bind_template_callback (widget_class, hangup_cb);
  gtk_widget_class_bind_template_callback (widget_class, dtmf_key_cb);
  gtk_widget_class_bind_template_callback (widget_class, call_row_activated_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  /* The person wants to dial another number while this call waits. */
  signals[SIGNAL_ADD_CALL] =
    g_signal_new ("add-call", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* The call shown, or its state, changed. */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* The last call ended and its end has been shown. */
  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
tl_call_view_init (TlCallView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->dtmf_sent = g_string_new (NULL);
  gtk_widget_set_direction (GTK_WIDGET (self->dtmf_label), GTK_TEXT_DIR_LTR);
}

GtkWidget *
tl_call_view_new (TlApplication *application)
{
  TlCallView *self = g_object_new (TL_TYPE_CALL_VIEW, NULL);

  self->application = application;
  self->calls = g_object_ref (tl_application_get_calls (application));
  gtk_list_box_bind_model (self->calls_list, G_LIST_MODEL (self->calls), create_call_row, self, NULL);
  g_signal_connect_object (self->calls, "items-changed", G_CALLBACK (calls_changed_cb), self, G_CONNECT_SWAPPED);
  calls_changed_cb (self);
  return GTK_WIDGET (self);
}
