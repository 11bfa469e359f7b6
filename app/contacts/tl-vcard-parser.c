/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A streaming vCard reader (2.1, 3.0, 4.0 as phones and address books export them) that makes contacts. */

#define G_LOG_DOMAIN "tl-contacts"

#include "config.h"

#include "tl-vcard-parser.h"

#include <string.h>

#define MAX_NESTING 8
#define MAX_CHARSET_CHARS 40

typedef struct {
  char                *group;
  char                *number;
  TlContactNumberType  type;
  gboolean             typed;
} Tel;

typedef struct {
  guint       start_line;
  gboolean    v21;
  guint       depth;
  gsize       bytes;
  guint       n_properties;
  char       *fn;
  char       *structured_name;
  char       *organisation;
  char       *note;
  char       *uid;
  GBytes     *photo;
  GPtrArray  *tels;
  GHashTable *labels;      /* group → X-ABLabel */
  GString    *problems;
  char       *skip_reason;
  gboolean    repaired;
} Card;

struct _TlVCardParser
{
  TlVCardFunc  func;
  gpointer     user_data;

  GString     *physical;
  gboolean     physical_overlong;
  guint        line_no;

  GString     *logical;
  guint        logical_line_no;
  gboolean     have_logical;
  gboolean     logical_overlong;

  Card        *card;
  guint        n_cards;
  guint        n_ignored;
};

/* ---- one card ------------------------------------------------------------------ */

static void
tel_free (Tel *tel)
{
  g_free (tel->group);
  g_free (tel->number);
  g_free (tel);
}

static Card *
card_new (guint start_line)
{
  Card *card = g_new0 (Card, 1);

  card->start_line = start_line;
  card->tels = g_ptr_array_new_with_free_func ((GDestroyNotify) tel_free);
  card->labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  card->problems = g_string_new (NULL);
  return card;
}

static void
card_free (Card *card)
{
  g_free (card->fn);
  g_free (card->structured_name);
  g_free (card->organisation);
  g_free (card->note);
  g_free (card->uid);
  g_clear_pointer (&card->photo, g_bytes_unref);
  g_ptr_array_unref (card->tels);
  g_hash_table_unref (card->labels);
  g_string_free (card->problems, TRUE);
  g_free (card->skip_reason);
  g_free (card);
}

static void
note_problem (Card       *card,
              const char *problem)
{
  /* Each kind of problem once per card. */
  if (strstr (card->problems->str, problem) != NULL)
    return;
  if (card->problems->len > 0)
    g_string_append (card->problems, "; ");
  g_string_append (card->problems, problem);
}

static void
skip_card (Card       *card,
           const char *reason)
{
  if (card->skip_reason == NULL)
    card->skip_reason = g_strdup (reason);
}

/* ---- values ---------------------------------------------------------------------- */

typedef struct {
  char      *name;      /* upper case, without the group */
  char      *group;     /* lower case, or NULL */
  GPtrArray *types;     /* lower-case words */
  char      *encoding;  /* upper case, or NULL */
  char      *charset;   /* or NULL */
  char      *value_type;
  const char *value;    /* points into the line */
} Property;

static void
property_clear (Property *property)
{
  g_free (property->name);
  g_free (property->group);
  g_ptr_array_unref (property->types);
  g_free (property->encoding);
  g_free (property->charset);
  g_free (property->value_type);
}

static void
add_types (GPtrArray  *types,
           const char *list)
{
  g_auto(GStrv) words = g_strsplit (list, ",", -1);

  for (guint i = 0; words[i] != NULL && types->len < 16; i++)
    {
      char *word = g_strstrip (g_ascii_strdown (words[i], -1));

      /* TYPE="cell,voice" (4.0 allows quotes). */
      g_strdelimit (word, "\"", ' ');
      g_strstrip (word);
      if (*word != '\0')
        g_ptr_array_add (types, word);
      else
        g_free (word);
    }
}

static const char *
find_value_colon (const char *line)
{
  gboolean quoted = FALSE;

  for (const char *p = line; *p != '\0'; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (*p == ':' && !quoted)
        return p;
    }
  return NULL;
}

/* "item1.TEL;TYPE=cell,voice;PREF=1:+1 555" → its parts. FALSE when it is no property. */
static gboolean
parse_property (const char *line,
                Property   *property)
{
  const char *colon = find_value_colon (line);
  g_autofree char *head = NULL;
  g_auto(GStrv) parts = NULL;
  char *dot;

  memset (property, 0, sizeof *property);
  property->types = g_ptr_array_new_with_free_func (g_free);
  if (colon == NULL || colon == line)
    return FALSE;
  head = g_strndup (line, colon - line);
  property->value = colon + 1;
  parts = g_strsplit (head, ";", 64);

  dot = strrchr (parts[0], '.');
  if (dot != NULL)
    {
      property->group = g_ascii_strdown (parts[0], dot - parts[0]);
      property->name = g_ascii_strup (dot + 1, -1);
    }
  else
    property->name = g_ascii_strup (parts[0], -1);
  g_strstrip (property->name);

  for (guint i = 1; parts[i] != NULL; i++)
    {
      char *param = g_strstrip (parts[i]);
      char *eq = strchr (param, '=');
      g_autofree char *key = NULL;
      const char *value;

      if (eq == NULL)
        {
          /* vCard 2.1 names bare values: "TEL;CELL;PREF", "PHOTO;BASE64;JPEG". */
          if (g_ascii_strcasecmp (param, "QUOTED-PRINTABLE") == 0 || g_ascii_strcasecmp (param, "BASE64") == 0
              || g_ascii_strcasecmp (param, "8BIT") == 0 || g_ascii_strcasecmp (param, "7BIT") == 0)
            {
              g_free (property->encoding);
              property->encoding = g_ascii_strup (param, -1);
            }
          else
            add_types (property->types, param);
          continue;
        }
      key = g_ascii_strup (param, eq - param);
      g_strstrip (key);
      value = eq + 1;
      if (g_str_equal (key, "TYPE"))
        add_types (property->types, value);
      else if (g_str_equal (key, "ENCODING"))
        {
          g_free (property->encoding);
          property->encoding = g_ascii_strup (value, -1);
        }
      else if (g_str_equal (key, "CHARSET"))
        {
          g_free (property->charset);
          property->charset = g_strdup (value);
        }
      else if (g_str_equal (key, "VALUE"))
        {
          g_free (property->value_type);
          property->value_type = g_ascii_strdown (value, -1);
        }
    }
  return TRUE;
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* RFC 2045 §6.7; soft line breaks were joined while unfolding. */
static GByteArray *
quoted_printable_decode (const char *text)
{
  GByteArray *out = g_byte_array_new ();

  for (const char *p = text; *p != '\0'; p++)
    {
      int hi, lo;

      if (*p == '=' && (hi = hex_value (p[1])) >= 0 && (lo = hex_value (p[2])) >= 0)
        {
          guint8 byte = (guint8) (hi * 16 + lo);

          g_byte_array_append (out, &byte, 1);
          p += 2;
        }
      else if (*p == '=' && p[1] == '\0')
        break;
      else
        g_byte_array_append (out, (const guint8 *) p, 1);
    }
  return out;
}

static gboolean
charset_is_plain (const char *charset)
{
  gsize len = strlen (charset);

  if (len == 0 || len > MAX_CHARSET_CHARS)
    return FALSE;
  for (const char *p = charset; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.' && *p != ':')
      return FALSE;
  return TRUE;
}

/* The value's bytes as UTF-8: QUOTED-PRINTABLE undone, CHARSET converted;
 * whatever is still not UTF-8 is repaired (U+FFFD), never trusted. */
static char *
decode_text (Card           *card,
             const Property *property)
{
  g_autoptr(GByteArray) bytes = NULL;
  g_autofree char *converted = NULL;

  if (property->encoding != NULL && g_str_equal (property->encoding, "QUOTED-PRINTABLE"))
    bytes = quoted_printable_decode (property->value);
  else
    {
      bytes = g_byte_array_new ();
      g_byte_array_append (bytes, (const guint8 *) property->value, strlen (property->value));
    }

  if (bytes->len == 0)
    return g_strdup ("");
  if (property->charset != NULL && g_ascii_strcasecmp (property->charset, "UTF-8") != 0
      && charset_is_plain (property->charset))
    converted = g_convert ((const char *) bytes->data, bytes->len, "UTF-8", property->charset,
                           NULL, NULL, NULL);
  if (converted == NULL)
    {
      converted = g_strndup ((const char *) bytes->data, bytes->len);
      if (!g_utf8_validate (converted, -1, NULL))
        {
          char *valid = g_utf8_make_valid (converted, -1);

          g_free (converted);
          converted = valid;
          card->repaired = TRUE;
        }
    }
  return g_steal_pointer (&converted);
}

/* RFC 6350 §3.4: "\\", "\,", "\;", "\n" / "\N". */
static char *
unescape (const char *text,
          gsize       length)
{
  GString *out = g_string_sized_new (length);

  for (gsize i = 0; i < length; i++)
    {
      if (text[i] == '\\' && i + 1 < length)
        {
          char next = text[++i];

          g_string_append_c (out, next == 'n' || next == 'N' ? '\n' : next);
        }
      else
        g_string_append_c (out, text[i]);
    }
  return g_string_free (out, FALSE);
}

/* Splits a structured value (N, ORG) on the unescaped @separator. */
static GPtrArray *
split_structured (const char *text,
                  char        separator)
{
  GPtrArray *parts = g_ptr_array_new_with_free_func (g_free);
  const char *start = text;

  for (const char *p = text;; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        {
          p++;
          continue;
        }
      if (*p == separator || *p == '\0')
        {
          g_ptr_array_add (parts, unescape (start, p - start));
          if (*p == '\0' || parts->len >= 16)
            break;
          start = p + 1;
        }
    }
  return parts;
}

/* ---- properties -------------------------------------------------------------------- */

static void
set_once (char       **field,
          char        *value)
{
  g_strstrip (value);
  if (*field == NULL && *value != '\0')
    *field = value;
  else
    g_free (value);
}

static char *
join_words (GPtrArray  *parts,
            const guint *order,
            guint        n_order,
            const char  *separator,
            gboolean     lists)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < n_order; i++)
    {
      char *word;

      if (order[i] >= parts->len)
        continue;
      word = g_strdup (g_ptr_array_index (parts, order[i]));
      /* N's components are lists themselves ("Jean,Luc"). */
      if (lists)
        g_strdelimit (word, ",", ' ');
      g_strstrip (word);
      if (*word != '\0')
        {
          if (out->len > 0)
            g_string_append (out, separator);
          g_string_append (out, word);
        }
      g_free (word);
    }
  return g_string_free (out, FALSE);
}

static TlContactNumberType
type_from_words (GPtrArray *types,
                 gboolean  *typed)
{
  static const struct { const char *word; TlContactNumberType type; } ranked[] = {
    { "fax", TL_CONTACT_NUMBER_FAX },
    { "pager", TL_CONTACT_NUMBER_PAGER },
    { "cell", TL_CONTACT_NUMBER_MOBILE },
    { "mobile", TL_CONTACT_NUMBER_MOBILE },
    { "iphone", TL_CONTACT_NUMBER_MOBILE },
    { "main", TL_CONTACT_NUMBER_MAIN },
    { "work", TL_CONTACT_NUMBER_WORK },
    { "home", TL_CONTACT_NUMBER_HOME },
  };

  for (guint r = 0; r < G_N_ELEMENTS (ranked); r++)
    for (guint i = 0; i < types->len; i++)
      if (g_str_equal (g_ptr_array_index (types, i), ranked[r].word))
        {
          *typed = TRUE;
          return ranked[r].type;
        }
  *typed = FALSE;
  return TL_CONTACT_NUMBER_OTHER;
}

/* Apple writes the type of a grouped TEL as a label: "_$!<Mobile>!$_" or free text. */
static gboolean
type_from_label (const char          *label,
                 TlContactNumberType *type)
{
  g_autofree char *lower = g_ascii_strdown (label, -1);

  if (strstr (lower, "fax") != NULL)
    *type = TL_CONTACT_NUMBER_FAX;
  else if (strstr (lower, "pager") != NULL)
    *type = TL_CONTACT_NUMBER_PAGER;
  else if (strstr (lower, "mobile") != NULL || strstr (lower, "iphone") != NULL || strstr (lower, "cell") != NULL)
    *type = TL_CONTACT_NUMBER_MOBILE;
  else if (strstr (lower, "main") != NULL)
    *type = TL_CONTACT_NUMBER_MAIN;
  else if (strstr (lower, "work") != NULL)
    *type = TL_CONTACT_NUMBER_WORK;
  else if (strstr (lower, "home") != NULL)
    *type = TL_CONTACT_NUMBER_HOME;
  else if (strstr (lower, "other") != NULL)
    *type = TL_CONTACT_NUMBER_OTHER;
  else
    return FALSE;
  return TRUE;
}

static void
add_tel (Card           *card,
         const Property *property)
{
  g_autofree char *text = decode_text (card, property);
  g_autofree char *number = unescape (text, strlen (text));
  const char *start = g_strstrip (number);
  Tel *tel;

  /* 4.0: TEL;VALUE=uri:tel:+1-555-555-5555;ext=5555 */
  if (g_ascii_strncasecmp (start, "tel:", 4) == 0)
    {
      start += 4;
      number[strcspn (number, ";")] = '\0';
    }
  if (*start == '\0')
    return;
  if (card->tels->len >= TL_CONTACT_MAX_NUMBERS)
    {
      note_problem (card, "only the first 32 numbers were kept");
      return;
    }
  tel = g_new0 (Tel, 1);
  tel->group = g_strdup (property->group);
  tel->number = g_strdup (start);
  tel->type = type_from_words (property->types, &tel->typed);
  g_ptr_array_add (card->tels, tel);
}

static void
set_photo (Card           *card,
           const Property *property)
{
  const char *data = property->value;
  gsize encoded;
  guchar *decoded;
  gsize length = 0;

  if (property->value_type != NULL && g_str_equal (property->value_type, "uri"))
    {
      /* Only inline data: a photo on the network is never fetched. */
      if (g_ascii_strncasecmp (data, "data:", 5) != 0 || strstr (data, ";base64,") == NULL)
        return;
      data = strstr (data, ";base64,") + strlen (";base64,");
    }
  else if (g_ascii_strncasecmp (data, "data:", 5) == 0 && strstr (data, ";base64,") != NULL)
    data = strstr (data, ";base64,") + strlen (";base64,");
  else if (property->encoding == NULL
           || (!g_str_equal (property->encoding, "B") && !g_str_equal (property->encoding, "BASE64")))
    return;

  if (card->photo != NULL)
    return;
  encoded = strlen (data);
  if (encoded / 4 * 3 > TL_CONTACT_MAX_PHOTO_BYTES + 3)
    {
      note_problem (card, "a photo larger than 256 KiB was left out");
      return;
    }
  decoded = g_base64_decode (data, &length);
  if (length > 0 && length <= TL_CONTACT_MAX_PHOTO_BYTES)
    card->photo = g_bytes_new_take (decoded, length);
  else
    g_free (decoded);
}

static void
card_property (Card           *card,
               const Property *property)
{
  const char *name = property->name;

  if (g_str_equal (name, "VERSION"))
    card->v21 = g_str_has_prefix (g_strstrip ((char *) property->value), "2.");
  else if (g_str_equal (name, "FN"))
    {
      g_autofree char *text = decode_text (card, property);

      set_once (&card->fn, unescape (text, strlen (text)));
    }
  else if (g_str_equal (name, "N"))
    {
      /* family;given;additional;prefix;suffix → "prefix given additional family suffix" */
      static const guint order[] = { 3, 1, 2, 0, 4 };
      g_autofree char *text = decode_text (card, property);
      g_autoptr(GPtrArray) parts = split_structured (text, ';');

      set_once (&card->structured_name, join_words (parts, order, G_N_ELEMENTS (order), " ", TRUE));
    }
  else if (g_str_equal (name, "ORG"))
    {
      static const guint order[] = { 0, 1, 2, 3 };
      g_autofree char *text = decode_text (card, property);
      g_autoptr(GPtrArray) parts = split_structured (text, ';');

      set_once (&card->organisation, join_words (parts, order, G_N_ELEMENTS (order), ", ", FALSE));
    }
  else if (g_str_equal (name, "NOTE"))
    {
      g_autofree char *text = decode_text (card, property);

      set_once (&card->note, unescape (text, strlen (text)));
    }
  else if (g_str_equal (name, "UID"))
    {
      g_autofree char *text = decode_text (card, property);

      set_once (&card->uid, g_strdup (text));
    }
  else if (g_str_equal (name, "TEL"))
    add_tel (card, property);
  else if (g_str_equal (name, "PHOTO"))
    set_photo (card, property);
  else if (g_str_equal (name, "X-ABLABEL") && property->group != NULL)
    {
      g_autofree char *text = decode_text (card, property);

      g_hash_table_replace (card->labels, g_strdup (property->group), unescape (text, strlen (text)));
    }
}

/* ---- a card becomes a contact --------------------------------------------------------- */

static TlContact *
card_to_contact (Card *card)
{
  g_autoptr(TlContact) contact = NULL;
  const char *name = NULL;

  if (card->tels->len == 0)
    {
      skip_card (card, "no phone number");
      return NULL;
    }

  contact = tl_contact_new (NULL);
  for (guint i = 0; i < card->tels->len; i++)
    {
      Tel *tel = g_ptr_array_index (card->tels, i);
      TlContactNumberType type = tel->type;
      const char *label = tel->group != NULL ? g_hash_table_lookup (card->labels, tel->group) : NULL;

      if (!tel->typed && label != NULL)
        type_from_label (label, &type);
      if (g_utf8_strlen (tel->number, -1) > TL_CONTACT_MAX_NUMBER_CHARS)
        note_problem (card, "a number longer than 64 characters was cut");
      tl_contact_add_number (contact, tel->number, type);
    }
  /* A number made only of control characters is no number once cleaned. */
  if (tl_contact_get_n_numbers (contact) == 0)
    {
      skip_card (card, "no phone number");
      return NULL;
    }

  if (card->fn != NULL)
    name = card->fn;
  else if (card->structured_name != NULL)
    name = card->structured_name;
  else if (card->organisation != NULL)
    name = card->organisation;
  else
    name = tl_contact_get_number (contact, 0)->number;

  if (tl_contact_set_name (contact, name))
    note_problem (card, "the name was cut to 256 characters");
  if (card->organisation != NULL && tl_contact_set_organisation (contact, card->organisation))
    note_problem (card, "the organisation was cut to 256 characters");
  if (card->note != NULL && tl_contact_set_note (contact, card->note))
    note_problem (card, "the note was cut to 4096 characters");
  tl_contact_set_uid (contact, card->uid);
  if (card->photo != NULL)
    tl_contact_set_photo (contact, card->photo);
  if (card->repaired)
    note_problem (card, "text that was not valid UTF-8 was repaired");

  if (tl_contact_get_name (contact)[0] == '\0')
    tl_contact_set_name (contact, tl_contact_get_number (contact, 0)->number);
  return g_steal_pointer (&contact);
}

static void
end_card (TlVCardParser *self)
{
  Card *card = g_steal_pointer (&self->card);
  g_autoptr(TlContact) contact = NULL;

  if (card->skip_reason == NULL)
    contact = card_to_contact (card);
  if (contact != NULL)
    self->func (contact, card->start_line, card->problems->len > 0 ? card->problems->str : NULL,
                self->user_data);
  else
    self->func (NULL, card->start_line, card->skip_reason, self->user_data);
  card_free (card);
}

/* ---- lines ---------------------------------------------------------------------------- */

static gboolean
is_card_marker (const char *line,
                const char *keyword)
{
  const char *colon = strchr (line, ':');
  g_autofree char *value = NULL;

  if (colon == NULL || (gsize) (colon - line) != strlen (keyword)
      || g_ascii_strncasecmp (line, keyword, colon - line) != 0)
    return FALSE;
  value = g_strstrip (g_strdup (colon + 1));
  return g_ascii_strcasecmp (value, "VCARD") == 0;
}

static void
logical_line (TlVCardParser *self,
              const char    *line,
              gboolean       overlong,
              guint          line_no)
{
  Card *card = self->card;
  Property property;

  if (card == NULL)
    {
      if (overlong || !is_card_marker (line, "BEGIN"))
        return;
      if (self->n_cards >= TL_VCARD_MAX_CARDS)
        {
          self->n_ignored++;
          return;
        }
      self->n_cards++;
      self->card = card_new (line_no);
      return;
    }

  if (overlong)
    {
      skip_card (card, "a line longer than 1 MiB");
      return;
    }
  card->bytes += strlen (line);
  if (card->bytes > TL_VCARD_MAX_CARD_BYTES)
    skip_card (card, "the card is larger than 2 MiB");

  if (is_card_marker (line, "BEGIN"))
    {
      /* vCard 2.1 AGENT embeds a whole card: not a contact of its own. */
      if (++card->depth > MAX_NESTING)
        skip_card (card, "cards nested too deep");
      return;
    }
  if (is_card_marker (line, "END"))
    {
      if (card->depth > 0)
        card->depth--;
      else
        end_card (self);
      return;
    }
  if (card->depth > 0 || card->skip_reason != NULL)
    return;
  if (++card->n_properties > TL_VCARD_MAX_PROPERTIES)
    {
      note_problem (card, "properties past the 1000th were ignored");
      return;
    }
  if (parse_property (line, &property))
    card_property (card, &property);
  property_clear (&property);
}

/* Whether the pending line's parameters name an encoding whose continuation
 * lines are not folded the RFC way. */
static gboolean
pending_has_encoding (TlVCardParser *self,
                      const char    *encoding)
{
  const char *colon = find_value_colon (self->logical->str);
  g_autofree char *head = NULL;
  g_autofree char *upper = NULL;

  if (colon == NULL)
    return FALSE;
  head = g_strndup (self->logical->str, colon - self->logical->str);
  upper = g_ascii_strup (head, -1);
  return strstr (upper, encoding) != NULL;
}

static gboolean
looks_like_base64 (const char *line)
{
  if (*line == '\0')
    return FALSE;
  for (const char *p = line; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '+' && *p != '/' && *p != '=')
      return FALSE;
  return TRUE;
}

static void
flush_logical (TlVCardParser *self)
{
  if (!self->have_logical)
    return;
  logical_line (self, self->logical->str, self->logical_overlong, self->logical_line_no);
  g_string_truncate (self->logical, 0);
  self->have_logical = FALSE;
  self->logical_overlong = FALSE;
}

static void
append_logical (TlVCardParser *self,
                const char    *text,
                gsize          length)
{
  if (self->logical_overlong)
    return;
  if (self->logical->len + length > TL_VCARD_MAX_LINE_BYTES)
    {
      self->logical_overlong = TRUE;
      g_string_truncate (self->logical, 0);
      return;
    }
  g_string_append_len (self->logical, text, length);
}

static void
physical_line (TlVCardParser *self,
               char          *line,
               gsize          length,
               gboolean       overlong)
{
  if (length > 0 && line[length - 1] == '\r')
    line[--length] = '\0';
  /* NUL bytes end nothing in C strings: treat them as the invalid text they are. */
  for (gsize i = 0; i < length; i++)
    if (line[i] == '\0')
      line[i] = '?';

  if (self->have_logical && !overlong && length > 0 && (line[0] == ' ' || line[0] == '\t'))
    {
      append_logical (self, line + 1, length - 1);
      return;
    }
  /* vCard 2.1 QUOTED-PRINTABLE: a line ending in '=' goes on on the next line. */
  if (self->have_logical && !self->logical_overlong && !overlong && self->logical->len > 0
      && self->logical->str[self->logical->len - 1] == '='
      && pending_has_encoding (self, "QUOTED-PRINTABLE"))
    {
      g_string_truncate (self->logical, self->logical->len - 1);
      append_logical (self, line, length);
      return;
    }
  /* vCard 2.1 BASE64 written without indentation, up to a blank line. */
  if (self->have_logical && !self->logical_overlong && !overlong && looks_like_base64 (line)
      && strchr (line, ':') == NULL && pending_has_encoding (self, "BASE64"))
    {
      append_logical (self, line, length);
      return;
    }

  flush_logical (self);
  self->logical_line_no = self->line_no;
  if (overlong)
    {
      self->have_logical = TRUE;
      self->logical_overlong = TRUE;
      return;
    }
  if (length == 0)
    return;
  self->have_logical = TRUE;
  append_logical (self, line, length);
}

TlVCardParser *
tl_vcard_parser_new (TlVCardFunc func,
                     gpointer    user_data)
{
  TlVCardParser *self = g_new0 (TlVCardParser, 1);

  self->func = func;
  self->user_data = user_data;
  self->physical = g_string_new (NULL);
  self->logical = g_string_new (NULL);
  return self;
}

void
tl_vcard_parser_feed (TlVCardParser *self,
                      const char    *data,
                      gsize          length)
{
  const char *end = data + length;

  while (data < end)
    {
      const char *newline = memchr (data, '\n', end - data);
      gsize piece = (newline != NULL ? newline : end) - data;

      /* A physical line is only kept up to the bound; the rest is dropped unread. */
      if (!self->physical_overlong)
        {
          if (self->physical->len + piece > TL_VCARD_MAX_LINE_BYTES)
            {
              self->physical_overlong = TRUE;
              g_string_truncate (self->physical, 0);
            }
          else
            g_string_append_len (self->physical, data, piece);
        }
      if (newline == NULL)
        break;
      self->line_no++;
      physical_line (self, self->physical->str, self->physical->len, self->physical_overlong);
      g_string_truncate (self->physical, 0);
      self->physical_overlong = FALSE;
      data = newline + 1;
    }
}

void
tl_vcard_parser_finish (TlVCardParser *self)
{
  if (self->physical->len > 0 || self->physical_overlong)
    {
      self->line_no++;
      physical_line (self, self->physical->str, self->physical->len, self->physical_overlong);
      g_string_truncate (self->physical, 0);
      self->physical_overlong = FALSE;
    }
  flush_logical (self);
  if (self->card != NULL)
    {
      skip_card (self->card, "the file ended inside the card");
      self->card->depth = 0;
      end_card (self);
    }
}

guint
tl_vcard_parser_get_n_ignored (TlVCardParser *self)
{
  return self->n_ignored;
}

void
tl_vcard_parser_free (TlVCardParser *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->card, card_free);
  g_string_free (self->physical, TRUE);
  g_string_free (self->logical, TRUE);
  g_free (self);
}

void
tl_vcard_parse (const char  *data,
                gsize        length,
                TlVCardFunc  func,
                gpointer     user_data)
{
  g_autoptr(TlVCardParser) parser = tl_vcard_parser_new (func, user_data);

  tl_vcard_parser_feed (parser, data, length);
  tl_vcard_parser_finish (parser);
}
