/* Writing CSV for spreadsheets (RFC 4180 with CRLF line ends) into a growing heap buffer: fields quoted when
 * they need it, and a cell that starts with = + - @ prefixed with an apostrophe inside quotes so Excel or
 * WPS never evaluates it as a formula (CSV injection). Pure: no I/O. Used by the admin exports. */
#ifndef LG_DOMAIN_CSVOUT_H
#define LG_DOMAIN_CSVOUT_H

#include <stddef.h>

/* Zero-initialise; p is malloc'd (NUL-terminated) and belongs to whoever takes it, n is its length. After
 * an allocation failure oom is set and every later call does nothing. */
struct csvout {
    char *p;
    size_t n, cap;
    int oom;
};

/* The UTF-8 byte order mark: Excel on Windows (as set up in Chinese offices) needs it to read UTF-8. */
#define CSVOUT_BOM "\xEF\xBB\xBF"

/* Appends n raw bytes of s. */
void csvout_add(struct csvout *b, const char *s, size_t n);
/* Appends one field (NULL counts as empty), then "," or, when last, the CRLF that ends the record. */
void csvout_field(struct csvout *b, const char *s, int last);

#endif
