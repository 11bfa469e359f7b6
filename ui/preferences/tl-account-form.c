/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every setting of a trunk account as a form, checked as it is typed, the message next to its field. */
#define G_LOG_DOMAIN "tl-ui"

#include "config.h"

#include "tl-account-form.h"

#include <glib/gi18n.h>

typedef enum {
  KIND_ENTRY,
  KIND_PASSWORD,
  KIND_SWITCH,
  KIND_CHOICE,
} Kind;

typedef enum {
  GROUP_TRUNK,
  GROUP_CONNECTION,
  GROUP_CALLS,
  GROUP_DIALPLAN,
} Group;

typedef struct {
  const char *value;   /* the setting as text */
  const char *label;
} Choice;

typedef struct {
  const char   *key;        /* the account setting; NULL for the password */
  const char   *title;
  const char   *hint;       /* shown under the field while it has no problem */
  Kind          kind;
  Group         group;      /* in the editor */
  gboolean      first;      /* in the assistant: up front, not under Advanced */
  gboolean      assistant;  /* shown in the assistant at all */
  const Choice *choices;    /* KIND_CHOICE, NULL-terminated */
  const char   *on_value;   /* KIND_SWITCH: the text for "on" ("true" by default) */
  const char   *off_value;
} FieldSpec;

static const Choice transports[] = {
  { "udp", N_("UDP") },
  { "tcp", N_("TCP") },
  { "tls", N_("TLS (encrypted)") },
  { NULL, NULL },
};

static const Choice srtp_policies[] = {
  { "off", N_("Off") },
  { "optional", N_("When the other side offers it") },
  { "mandatory", N_("Required") },
  { NULL, NULL },
};

static const Choice dtmf_modes[] = {
  { "rfc4733", N_("In the audio stream (RFC 4733)") },
  { "sip-info", N_("SIP INFO") },
  { NULL, NULL },
};

static const Choice codec_orders[] = {
  { "opus,pcmu,pcma", N_("Opus, then G.711") },
  { "pcmu,pcma,opus", N_("G.711 µ-law first") },
  { "pcma,pcmu,opus", N_("G.711 A-law first") },
  { "pcmu,pcma", N_("G.711 only") },
  { "opus", N_("Opus only") },
  { NULL, NULL },
};

static const FieldSpec fields[] = {
  { "user", N_("_Number or User Name"), NULL, KIND_ENTRY, GROUP_TRUNK, TRUE, TRUE },
  { "domain", N_("_Domain or Registrar"), N_("Such as sip.example.net, or sip.example.net:5060"),
    KIND_ENTRY, GROUP_TRUNK, TRUE, TRUE },
  { NULL, N_("_Password"), NULL, KIND_PASSWORD, GROUP_TRUNK, TRUE, TRUE },
  { "mode", N_("_IP-Authenticated Trunk"),
    N_("The trunk knows this computer by its address: no password, no registration"),
    KIND_SWITCH, GROUP_TRUNK, TRUE, TRUE, NULL, "ip-auth", "register" },
  { "label", N_("Na_me"), N_("Shown in lists; the user and domain when empty"), KIND_ENTRY, GROUP_TRUNK, FALSE, TRUE },
  { "display-name", N_("Ca_ller Name"), N_("Sent with your calls; the trunk may replace it"),
    KIND_ENTRY, GROUP_TRUNK, FALSE, TRUE },
  { "enabled", N_("Enabled"), N_("Registers and takes calls"), KIND_SWITCH, GROUP_TRUNK, FALSE, FALSE },

  { "auth-user", N_("A_uthentication User"), N_("Only when the provider gives one besides the user"), KIND_ENTRY,
    GROUP_CONNECTION, FALSE, TRUE },
  { "outbound-proxy", N_("_Outbound Proxy"), N_("Such as sip:edge1.example.net"),
    KIND_ENTRY, GROUP_CONNECTION, FALSE, TRUE },
  { "fallback-proxy", N_("_Fallback Proxy"), N_("The provider's second edge, used while the first does not answer"),
    KIND_ENTRY, GROUP_CONNECTION, FALSE, TRUE },
  { "transport", N_("T_ransport"), NULL, KIND_CHOICE, GROUP_CONNECTION, FALSE, TRUE, transports },
  { "ca-file", N_("_CA Certificates"), N_("A file of the provider's own CA, for TLS; the system's otherwise"),
    KIND_ENTRY, GROUP_CONNECTION, FALSE, TRUE },
  { "register-interval", N_("Registration Interval"), N_("Seconds between registrations (60 to 86400)"), KIND_ENTRY,
    GROUP_CONNECTION, FALSE, FALSE },
  { "stun-server", N_("STUN Server"), N_("Such as stun:stun.example.net, for calls through NAT"), KIND_ENTRY,
    GROUP_CONNECTION, FALSE, FALSE },
  { "ice", N_("ICE"), N_("Find a media path through NAT (needs a STUN server)"),
    KIND_SWITCH, GROUP_CONNECTION, FALSE, FALSE },
  { "sip-outbound", N_("Keep-Alive Flows"), N_("RFC 5626 keep-alives, for registrars behind NAT that support them"),
    KIND_SWITCH, GROUP_CONNECTION, FALSE, FALSE },

  { "srtp", N_("_Encrypted Audio (SRTP)"), NULL, KIND_CHOICE, GROUP_CALLS, FALSE, TRUE, srtp_policies },
  { "codecs", N_("Codecs"), NULL, KIND_CHOICE, GROUP_CALLS, FALSE, FALSE, codec_orders },
  { "dtmf-mode", N_("Key Tones"), NULL, KIND_CHOICE, GROUP_CALLS, FALSE, FALSE, dtmf_modes },
  { "voicemail", N_("Voicemail Number"), N_("Called by the voicemail key"), KIND_ENTRY, GROUP_CALLS, FALSE, FALSE },
  { "do-not-disturb", N_("Do Not Disturb"), N_("Callers hear busy"), KIND_SWITCH, GROUP_CALLS, FALSE, FALSE },
  { "auto-answer", N_("Answer Automatically"), NULL, KIND_SWITCH, GROUP_CALLS, FALSE, FALSE },
  { "catchall", N_("Calls to Any Number"), N_("Take calls to every number on the trunk (engine 4.x)"), KIND_SWITCH,
    GROUP_CALLS, FALSE, FALSE },

  { "country-code", N_("Countr_y Code"), N_("1 for the US and Canada, 44 for the UK, 31 for the Netherlands…"),
    KIND_ENTRY, GROUP_DIALPLAN, FALSE, TRUE },
  { "national-prefix", N_("National Prefix"), N_("Such as 0: dropped before the country code is added"), KIND_ENTRY,
    GROUP_DIALPLAN, FALSE, FALSE },
  { "outside-line-prefix", N_("Outside-Line Prefix"),
    N_("Such as 9, dropped from numbers dialled from a desk phone habit"),
    KIND_ENTRY, GROUP_DIALPLAN, FALSE, FALSE },
};

typedef struct {
  const FieldSpec *spec;
  GtkWidget       *row;
  GtkWidget       *toggle;      /* KIND_SWITCH */
  GPtrArray       *values;      /* KIND_CHOICE: the text of each item */
  GtkWidget       *note_row;
  GtkLabel        *note;
  char            *set_error;   /* the text could not be taken at all */
  char            *extra_error; /* from tl_account_form_set_error() */
  char            *shown;       /* the problem on screen now */
  gboolean         touched;
} Field;

struct _TlAccountForm {
  AdwPreferencesPage  parent_instance;

  TlAccountFormMode   mode;
  TlAccount          *account;
  gboolean            password_known;
  gboolean            loading;
  gboolean            valid;
  Field               fields[G_N_ELEMENTS (fields)];

  AdwPreferencesGroup *trunk_group;
  AdwPreferencesGroup *advanced_group;
  AdwExpanderRow      *advanced_expander;
  AdwPreferencesGroup *connection_group;
  AdwPreferencesGroup *calls_group;
  AdwPreferencesGroup *dialplan_group;
};

enum {
  PROP_0,
  PROP_VALID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_SUBMIT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (TlAccountForm, tl_account_form, ADW_TYPE_PREFERENCES_PAGE)

/* ---- reading and writing the fields ---------------------------------------------- */

static Field *
find_field (TlAccountForm *self,
            const char    *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (self->fields[i].row != NULL && g_strcmp0 (fields[i].key, key) == 0)
      return &self->fields[i];
  return NULL;
}

static const char *
field_text (Field *field)
{
  switch (field->spec->kind)
    {
    case KIND_ENTRY:
    case KIND_PASSWORD:
      return gtk_editable_get_text (GTK_EDITABLE (field->row));
    case KIND_SWITCH:
      {
        gboolean on = gtk_switch_get_active (GTK_SWITCH (field->toggle));

        if (on)
          return field->spec->on_value != NULL ? field->spec->on_value : "true";
        return field->spec->off_value != NULL ? field->spec->off_value : "false";
      }
    case KIND_CHOICE:
      {
        guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (field->row));

        return selected < field->values->len ? g_ptr_array_index (field->values, selected) : "";
      }
    default:
      return "";
    }
}

static gboolean
ip_auth (TlAccountForm *self)
{
  return tl_account_get_mode (self->account) == TL_ACCOUNT_MODE_IP_AUTH;
}

/* The problem with @field now, or NULL; @all also for fields not touched yet. */
static char *
field_problem (TlAccountForm *self,
               Field         *field,
               gboolean       all)
{
  g_autoptr(GError) error = NULL;

  if (field->set_error != NULL)
    return g_strdup (field->set_error);
  if (field->extra_error != NULL)
    return g_strdup (field->extra_error);
  if (!field->touched && !all)
    return NULL;
  if (field->spec->kind == KIND_PASSWORD)
    {
      const char *password = field_text (field);

      if (ip_auth (self))
        return NULL;
      if (*password == '\0')
        return self->password_known ? NULL : g_strdup (_("Enter the password your provider gave you"));
      if (!tl_account_check_password (password, &error))
        return g_strdup (error->message);
      return NULL;
    }
  if (!tl_account_check_setting (self->account, field->spec->key, &error))
    return g_strdup (error->message);
  return NULL;
}

static void
show_note (Field      *field,
           const char *problem)
{
  /* A switch says what it does in its subtitle; its note is only for problems. */
  const char *hint = field->spec->kind == KIND_SWITCH || field->spec->hint == NULL ? NULL : _(field->spec->hint);
  const char *text = problem != NULL ? problem : hint;

  /* Plain text: messages quote what was typed. */
  gtk_label_set_text (field->note, text != NULL ? text : "");
  gtk_widget_set_visible (field->note_row, text != NULL);
  if (problem != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (field->note), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (field->note), "dim-label");
      gtk_widget_add_css_class (field->row, "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (field->note), "error");
      gtk_widget_add_css_class (GTK_WIDGET (field->note), "dim-label");
      gtk_widget_remove_css_class (field->row, "error");
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (field->row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  text != NULL ? text : "", -1);
}

static void
refresh (TlAccountForm *self)
{
  gboolean valid = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      Field *field = &self->fields[i];
      g_autofree char *shown = NULL;
      g_autofree char *any = NULL;

      if (field->row == NULL)
        continue;
      shown = field_problem (self, field, FALSE);
      any = shown != NULL ? g_strdup (shown) : field_problem (self, field, TRUE);
      valid &= any == NULL;
      if (g_strcmp0 (shown, field->shown) != 0)
        {
          g_debug ("Account form: %s: %s", field->spec->key != NULL ? field->spec->key : "password",
                   shown != NULL ? shown : "fine");
          g_free (field->shown);
          field->shown = g_strdup (shown);
          show_note (field, shown);
        }
      if (field->spec->kind == KIND_PASSWORD)
        gtk_widget_set_sensitive (field->row, !ip_auth (self));
    }
  /* A field outside this form may be at fault too (the assistant hides some). */
  valid &= tl_account_validate (self->account, NULL);
  if (valid != self->valid)
    {
      self->valid = valid;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
    }
}

static void
field_changed (TlAccountForm *self,
               Field         *field)
{
  g_autoptr(GError) error = NULL;

  if (self->loading)
    return;
  field->touched = TRUE;
  g_clear_pointer (&field->extra_error, g_free);
  g_clear_pointer (&field->set_error, g_free);
  if (field->spec->key != NULL
      && !tl_account_set_from_string (self->account, field->spec->key, field_text (field), &error))
    field->set_error = g_strdup (error->message);
  if (field->spec->kind == KIND_SWITCH || field->spec->kind == KIND_CHOICE)
    g_debug ("Account form: %s = %s", field->spec->key, field_text (field));
  refresh (self);
}

static void
entry_changed_cb (GtkEditable *editable,
                  Field       *field)
{
  field_changed (g_object_get_data (G_OBJECT (editable), "tl-form"), field);
}

static void
entry_activated_cb (GtkWidget *row,
                    Field     *field)
{
  g_signal_emit (g_object_get_data (G_OBJECT (row), "tl-form"), signals[SIGNAL_SUBMIT], 0);
}

static void
switch_changed_cb (GtkSwitch  *toggle,
                   GParamSpec *pspec,
                   Field      *field)
{
  field_changed (g_object_get_data (G_OBJECT (toggle), "tl-form"), field);
}

static void
choice_changed_cb (AdwComboRow *row,
                   GParamSpec  *pspec,
                   Field       *field)
{
  field_changed (g_object_get_data (G_OBJECT (row), "tl-form"), field);
}

/* ---- building -------------------------------------------------------------------- */

static GtkWidget *
make_row (TlAccountForm *self,
          Field         *field)
{
  const FieldSpec *spec = field->spec;
  GtkWidget *row = NULL;

  switch (spec->kind)
    {
    case KIND_ENTRY:
    case KIND_PASSWORD:
      row = spec->kind == KIND_ENTRY ? adw_entry_row_new () : adw_password_entry_row_new ();
      g_signal_connect (row, "changed", G_CALLBACK (entry_changed_cb), field);
      g_signal_connect (row, "entry-activated", G_CALLBACK (entry_activated_cb), field);
      break;
    case KIND_SWITCH:
      row = adw_action_row_new ();
      field->toggle = gtk_switch_new ();
      gtk_widget_set_valign (field->toggle, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), field->toggle);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), field->toggle);
      if (spec->hint != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _(spec->hint));
      g_object_set_data (G_OBJECT (field->toggle), "tl-form", self);
      g_signal_connect (field->toggle, "notify::active", G_CALLBACK (switch_changed_cb), field);
      break;
    case KIND_CHOICE:
      {
        g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

        field->values = g_ptr_array_new_with_free_func (g_free);
        for (guint c = 0; spec->choices[c].value != NULL; c++)
          {
            gtk_string_list_append (labels, _(spec->choices[c].label));
            g_ptr_array_add (field->values, g_strdup (spec->choices[c].value));
          }
        row = adw_combo_row_new ();
        adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (labels));
        g_signal_connect (row, "notify::selected", G_CALLBACK (choice_changed_cb), field);
      }
      break;
    default:
      g_assert_not_reached ();
    }
  /* Titles are ours, but never markup: a form shows what people type. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(spec->title));
  if (spec->key != NULL)
    gtk_widget_set_name (row, spec->key);
  g_object_set_data (G_OBJECT (row), "tl-form", self);
  return row;
}

static GtkWidget *
make_note_row (Field *field)
{
  GtkWidget *row = g_object_new (ADW_TYPE_PREFERENCES_ROW, "activatable", FALSE, "selectable", FALSE,
                                 "focusable", FALSE, NULL);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_top (label, 4);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_widget_add_css_class (label, "caption");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_widget_add_css_class (row, "tl-field-note");
  field->note = GTK_LABEL (label);
  return row;
}

static AdwPreferencesGroup *
editor_group (TlAccountForm *self,
              Group          group)
{
  switch (group)
    {
    case GROUP_CONNECTION: return self->connection_group;
    case GROUP_CALLS: return self->calls_group;
    case GROUP_DIALPLAN: return self->dialplan_group;
    case GROUP_TRUNK:
    default: return self->trunk_group;
    }
}

static void
place (TlAccountForm *self,
       Field         *field)
{
  const FieldSpec *spec = field->spec;

  if (self->mode == TL_ACCOUNT_FORM_ASSISTANT && !spec->first)
    {
      adw_expander_row_add_row (self->advanced_expander, field->row);
      adw_expander_row_add_row (self->advanced_expander, field->note_row);
      return;
    }
  adw_preferences_group_add (self->mode == TL_ACCOUNT_FORM_ASSISTANT ? self->trunk_group
                                                                    : editor_group (self, spec->group),
                             field->row);
  adw_preferences_group_add (self->mode == TL_ACCOUNT_FORM_ASSISTANT ? self->trunk_group
                                                                    : editor_group (self, spec->group),
                             field->note_row);
}

static void
load (TlAccountForm *self,
      Field         *field)
{
  g_autofree char *value = field->spec->key != NULL ? tl_account_dup_as_string (self->account, field->spec->key,
                                                                                  NULL)
                                                    : NULL;

  switch (field->spec->kind)
    {
    case KIND_ENTRY:
      gtk_editable_set_text (GTK_EDITABLE (field->row), value != NULL ? value : "");
      break;
    case KIND_PASSWORD:
      break;
    case KIND_SWITCH:
      {
        const char *on = field->spec->on_value != NULL ? field->spec->on_value : "true";

        gtk_switch_set_active (GTK_SWITCH (field->toggle), g_strcmp0 (value, on) == 0);
      }
      break;
    case KIND_CHOICE:
      {
        guint found = GTK_INVALID_LIST_POSITION;

        for (guint c = 0; c < field->values->len; c++)
          if (g_strcmp0 (g_ptr_array_index (field->values, c), value) == 0)
            found = c;
        /* A value set elsewhere (the command line) that no choice names: keep it. */
        if (found == GTK_INVALID_LIST_POSITION && value != NULL)
          {
            GtkStringList *labels = GTK_STRING_LIST (adw_combo_row_get_model (ADW_COMBO_ROW (field->row)));
            g_autofree char *label = g_strdup_printf (_("Custom: %s"), value);

            gtk_string_list_append (labels, label);
            g_ptr_array_add (field->values, g_strdup (value));
            found = field->values->len - 1;
          }
        adw_combo_row_set_selected (ADW_COMBO_ROW (field->row), found != GTK_INVALID_LIST_POSITION ? found : 0);
      }
      break;
    default:
      break;
    }
}

GtkWidget *
tl_account_form_new (TlAccountFormMode  mode,
                     TlAccount         *account,
                     gboolean           password_known)
{
  TlAccountForm *self;

  g_return_val_if_fail (TL_IS_ACCOUNT (account), NULL);

  self = g_object_new (TL_TYPE_ACCOUNT_FORM, NULL);
  self->mode = mode;
  self->account = g_object_ref (account);
  self->password_known = password_known;
  gtk_widget_set_visible (GTK_WIDGET (self->advanced_group), mode == TL_ACCOUNT_FORM_ASSISTANT);
  gtk_widget_set_visible (GTK_WIDGET (self->connection_group), mode == TL_ACCOUNT_FORM_EDITOR);
  gtk_widget_set_visible (GTK_WIDGET (self->calls_group), mode == TL_ACCOUNT_FORM_EDITOR);
  gtk_widget_set_visible (GTK_WIDGET (self->dialplan_group), mode == TL_ACCOUNT_FORM_EDITOR);
  if (mode == TL_ACCOUNT_FORM_EDITOR)
    adw_preferences_group_set_title (self->trunk_group, _("Account"));

  self->loading = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      Field *field = &self->fields[i];

      field->spec = &fields[i];
      if (mode == TL_ACCOUNT_FORM_ASSISTANT && !fields[i].assistant)
        continue;
      field->row = make_row (self, field);
      field->note_row = make_note_row (field);
      show_note (field, NULL);
      place (self, field);
      load (self, field);
    }
  if (password_known)
    {
      Field *password = find_field (self, NULL);

      if (password != NULL)
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (password->row), _("New _Password"));
    }
  self->loading = FALSE;
  refresh (self);
  return GTK_WIDGET (self);
}

TlAccount *
tl_account_form_get_account (TlAccountForm *self)
{
  g_return_val_if_fail (TL_IS_ACCOUNT_FORM (self), NULL);
  return self->account;
}

const char *
tl_account_form_get_password (TlAccountForm *self)
{
  Field *field;
  const char *text;

  g_return_val_if_fail (TL_IS_ACCOUNT_FORM (self), NULL);

  field = find_field (self, NULL);
  text = field != NULL ? field_text (field) : "";
  return (*text == '\0' || ip_auth (self)) ? NULL : text;
}

void
tl_account_form_forget_password (TlAccountForm *self)
{
  Field *field;

  g_return_if_fail (TL_IS_ACCOUNT_FORM (self));

  field = find_field (self, NULL);
  if (field == NULL)
    return;
  self->loading = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (field->row), "");
  self->loading = FALSE;
}

gboolean
tl_account_form_validate (TlAccountForm *self)
{
  GtkWidget *first = NULL;

  g_return_val_if_fail (TL_IS_ACCOUNT_FORM (self), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    self->fields[i].touched = TRUE;
  refresh (self);
  for (guint i = 0; i < G_N_ELEMENTS (fields) && first == NULL; i++)
    if (self->fields[i].row != NULL && gtk_widget_has_css_class (self->fields[i].row, "error"))
      first = self->fields[i].row;
  if (first != NULL)
    {
      /* Under a closed "Advanced": open it so the message can be seen. */
      if (gtk_widget_get_ancestor (first, ADW_TYPE_EXPANDER_ROW) != NULL)
        adw_expander_row_set_expanded (self->advanced_expander, TRUE);
      gtk_widget_grab_focus (first);
    }
  return self->valid;
}

void
tl_account_form_set_error (TlAccountForm *self,
                           const char    *key,
                           const char    *message)
{
  Field *field;

  g_return_if_fail (TL_IS_ACCOUNT_FORM (self));

  field = find_field (self, key);
  if (field == NULL)
    return;
  g_free (field->extra_error);
  field->extra_error = g_strdup (message);
  field->touched = TRUE;
  refresh (self);
}

void
tl_account_form_focus_first (TlAccountForm *self)
{
  g_return_if_fail (TL_IS_ACCOUNT_FORM (self));

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (self->fields[i].row != NULL)
      {
        gtk_widget_grab_focus (self->fields[i].row);
        return;
      }
}

gboolean
tl_account_form_get_valid (TlAccountForm *self)
{
  g_return_val_if_fail (TL_IS_ACCOUNT_FORM (self), FALSE);
  return self->valid;
}

static void
tl_account_form_dispose (GObject *object)
{
  TlAccountForm *self = TL_ACCOUNT_FORM (object);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      Field *field = &self->fields[i];

      if (field->row != NULL)
        g_signal_handlers_disconnect_by_data (field->row, field);
      if (field->toggle != NULL)
        g_signal_handlers_disconnect_by_data (field->toggle, field);
      field->row = NULL;
      field->toggle = NULL;
      g_clear_pointer (&field->values, g_ptr_array_unref);
      g_clear_pointer (&field->set_error, g_free);
      g_clear_pointer (&field->extra_error, g_free);
      g_clear_pointer (&field->shown, g_free);
    }
  g_clear_object (&self->account);
  gtk_widget_dispose_template (GTK_WIDGET (self), TL_TYPE_ACCOUNT_FORM);
  G_OBJECT_CLASS (tl_account_form_parent_class)->dispose (object);
}

static void
tl_account_form_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TlAccountForm *self = TL_ACCOUNT_FORM (object);

  switch (prop_id)
    {
    case PROP_VALID:
      g_value_set_boolean (value, self->valid);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_account_form_class_init (TlAccountFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_account_form_dispose;
  object_class->get_property = tl_account_form_get_property;

  properties[PROP_VALID] = g_param_spec_boolean ("valid", NULL, NULL, FALSE,
                                                 G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Enter in a field: what the form is for (test, save). */
  signals[SIGNAL_SUBMIT] = g_signal_new ("submit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/trunkline/Trunkline/preferences/tl-account-form.ui");
  gtk_widget_class_bind_template_child (widget_class, TlAccountForm, trunk_group);
  gtk_widget_class_bind_template_child (widget_class, TlAccountForm, advanced_group);
  gtk_widget_class_bind_template_child (widget_class, TlAccountForm, advanced_expander);
  gtk_widget_class_bind_template_child (widget_class, TlAccountForm, connection_group);
  gtk_widget_class_bind_template_child (widget_class, TlAccountForm, calls_group);
  gtk_widget_class_bind_template_child (widget_class, TlAccountForm, dialplan_group);
}

static void
tl_account_form_init (TlAccountForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
