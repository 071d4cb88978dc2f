/* The CSV writer of the admin exports. Owns quoting and the formula guard; what the columns are is the
 * caller's. */
#include "domain/csvout.h"

#include <string.h>

void csvout_field(struct strbuf *b, const char *s, int last)
{
    if (!s)
        s = "";
    int formula = s[0] && strchr("=+-@", s[0]);
    size_t n = strlen(s);
    int quote = formula || strpbrk(s, ",\"\r\n") || (n && (s[0] == ' ' || s[n - 1] == ' '));
    if (quote)
        strbuf_add(b, "\"", 1);
    if (formula)
        strbuf_add(b, "'", 1);
    for (const char *q = s; *q; q++) {
        strbuf_add(b, q, 1);
        if (*q == '"')
            strbuf_add(b, "\"", 1);
    }
    if (quote)
        strbuf_add(b, "\"", 1);
    strbuf_add(b, last ? "\r\n" : ",", last ? 2 : 1);
}
