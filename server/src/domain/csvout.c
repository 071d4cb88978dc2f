/* The CSV writer of the admin exports. Owns quoting and the formula guard; what the columns are is the
 * caller's. */
#include "domain/csvout.h"

#include <stdlib.h>
#include <string.h>

void csvout_add(struct csvout *b, const char *s, size_t n)
{
    if (b->oom)
        return;
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

void csvout_field(struct csvout *b, const char *s, int last)
{
    if (!s)
        s = "";
    int formula = s[0] && strchr("=+-@", s[0]);
    size_t n = strlen(s);
    int quote = formula || strpbrk(s, ",\"\r\n") || (n && (s[0] == ' ' || s[n - 1] == ' '));
    if (quote)
        csvout_add(b, "\"", 1);
    if (formula)
        csvout_add(b, "'", 1);
    for (const char *q = s; *q; q++) {
        csvout_add(b, q, 1);
        if (*q == '"')
            csvout_add(b, "\"", 1);
    }
    if (quote)
        csvout_add(b, "\"", 1);
    csvout_add(b, last ? "\r\n" : ",", last ? 2 : 1);
}
