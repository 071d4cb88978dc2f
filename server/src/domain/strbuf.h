/* A growing, NUL-terminated byte buffer on the heap: the agreement text, CSV exports and search pages are
 * written into one. Pure: no I/O. */
#ifndef LG_DOMAIN_STRBUF_H
#define LG_DOMAIN_STRBUF_H

#include <stddef.h>

/* Zero-initialise (optionally set max). p is malloc'd and belongs to whoever takes it; n is its length.
 * After an allocation failure, or when the content would pass max bytes (0: no limit), oom is set and
 * every later call does nothing. */
struct strbuf {
    char *p;
    size_t n, cap, max;
    int oom;
};

/* Appends the n bytes at s. */
void strbuf_add(struct strbuf *b, const char *s, size_t n);
/* Appends the string s. */
void strbuf_puts(struct strbuf *b, const char *s);

#endif
