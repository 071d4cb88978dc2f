/* Writing CSV for spreadsheets (RFC 4180 with CRLF line ends) into a strbuf: fields quoted when
 * they need it, and a cell that starts with = + - @ prefixed with an apostrophe inside quotes so Excel or
 * WPS never evaluates it as a formula (CSV injection). Pure: no I/O. Used by the admin exports. */
#ifndef LG_DOMAIN_CSVOUT_H
#define LG_DOMAIN_CSVOUT_H

#include "domain/strbuf.h"

/* The UTF-8 byte order mark: Excel on Windows (as set up in Chinese offices) needs it to read UTF-8. */
#define CSVOUT_BOM "\xEF\xBB\xBF"

/* Appends one field (NULL counts as empty), then "," or, when last, the CRLF that ends the record. Raw
 * bytes (the BOM, a header line) go in with strbuf_add. */
void csvout_field(struct strbuf *b, const char *s, int last);

#endif
