/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A streaming vCard reader (2.1, 3.0, 4.0 as phones and address books export them) that makes contacts. */
#pragma once

#include "tl-contact.h"

G_BEGIN_DECLS

/* Bounds that keep a hostile file from costing more than a card's worth of
 * memory: a longer line or card is skipped, later cards are only counted. */
#define TL_VCARD_MAX_LINE_BYTES  (1024 * 1024)
#define TL_VCARD_MAX_CARD_BYTES  (2 * 1024 * 1024)
#define TL_VCARD_MAX_PROPERTIES  1000
#define TL_VCARD_MAX_CARDS       100000

/* One card read: @contact is NULL when it was skipped, with the reason in
 * @problems; else @problems (nullable) says what was cut or dropped.
 * @line is where the card began (1-based). */
typedef void (*TlVCardFunc) (TlContact  *contact,
                             guint       line,
                             const char *problems,
                             gpointer    user_data);

typedef struct _TlVCardParser TlVCardParser;

TlVCardParser *tl_vcard_parser_new    (TlVCardFunc     func,
                                       gpointer        user_data);
/* Any bytes, in pieces of any size (a line may span pieces). */
void           tl_vcard_parser_feed   (TlVCardParser  *self,
                                       const char     *data,
                                       gsize           length);
/* The end of the input: a card left open is reported as skipped. */
void           tl_vcard_parser_finish (TlVCardParser  *self);
/* Cards seen past TL_VCARD_MAX_CARDS (not read, not reported one by one). */
guint          tl_vcard_parser_get_n_ignored (TlVCardParser *self);
void           tl_vcard_parser_free   (TlVCardParser  *self);

/* The whole of @data at once, for tests and the fuzzer. */
void           tl_vcard_parse         (const char     *data,
                                       gsize           length,
                                       TlVCardFunc     func,
                                       gpointer        user_data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlVCardParser, tl_vcard_parser_free)

G_END_DECLS
