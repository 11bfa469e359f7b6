/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Turns peer URIs and typed numbers into a digits-only key, E.164 when the dial plan allows. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *tl_phone_number_user_part (const char *uri_or_number);
char *tl_phone_number_digits    (const char *text);
char *tl_phone_number_normalise (const char *uri_or_number,
                                 const char *country_code,
                                 const char *national_prefix);
char *tl_phone_number_search_key (const char *normalised_number,
                                  const char *uri_or_number,
                                  const char *country_code,
                                  const char *national_prefix);

G_END_DECLS
