/* The growing buffer (strbuf.h): doubling capacity from 4 KiB, a sticky failure flag. */
#include "domain/strbuf.h"

#include <stdlib.h>
#include <string.h>

void strbuf_add(struct strbuf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->max && b->n + n > b->max) {
        b->oom = 1;
        return;
    }
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (b->n + n + 1 > cap)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->oom = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

void strbuf_puts(struct strbuf *b, const char *s)
{
    strbuf_add(b, s, strlen(s));
}
