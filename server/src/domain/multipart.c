/* multipart/form-data: find one named part in a buffered body. The body is scanned for the delimiter
 * "\r\n--boundary" with memmem (part content is binary and may hold anything else); each part's header
 * block is bounded, and only the Content-Disposition name parameter is interpreted. */
#include "domain/multipart.h"

#include <string.h>
#include <strings.h>

#define MAX_PART_HEADERS 1024

static int bchar(unsigned char c)
{
    /* RFC 2046 bcharsnospace plus space (not last) */
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           strchr("'()+_,-./:=? ", c) != NULL;
}

int multipart_boundary(const char *ctype, char out[MULTIPART_MAX_BOUNDARY + 1])
{
    out[0] = '\0';
    if (!ctype)
        return -1;
    while (*ctype == ' ' || *ctype == '\t')
        ctype++;
    if (strncasecmp(ctype, "multipart/form-data", 19) != 0)
        return -1;
    const char *p = ctype + 19;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == ';')
            p++;
        const char *name = p;
        while (*p && *p != '=' && *p != ';')
            p++;
        size_t nlen = (size_t)(p - name);
        while (nlen > 0 && (name[nlen - 1] == ' ' || name[nlen - 1] == '\t'))
            nlen--;
        if (*p != '=')
            continue;
        p++;
        char val[MULTIPART_MAX_BOUNDARY + 2];
        size_t v = 0;
        int quoted = *p == '"';
        if (quoted)
            p++;
        while (*p && (quoted ? *p != '"' : (*p != ';' && *p != ' ' && *p != '\t'))) {
            if (v > MULTIPART_MAX_BOUNDARY)
                return -1;
            val[v++] = *p++;
        }
        if (quoted) {
            if (*p != '"')
                return -1;
            p++;
        }
        val[v] = '\0';
        if (nlen == 8 && strncasecmp(name, "boundary", 8) == 0) {
            if (v == 0 || v > MULTIPART_MAX_BOUNDARY || val[v - 1] == ' ')
                return -1;
            for (size_t i = 0; i < v; i++)
                if (!bchar((unsigned char)val[i]))
                    return -1;
            memcpy(out, val, v + 1);
            return (int)v;
        }
    }
    return -1;
}

/* 1 when the header block [h, h + n) has a Content-Disposition: form-data whose name parameter equals
 * field exactly; 0 otherwise. Header names are case-insensitive; lines end with CRLF. */
static int names_field(const char *h, size_t n, const char *field)
{
    size_t flen = strlen(field);
    const char *end = h + n;
    while (h < end) {
        const char *eol = memmem(h, (size_t)(end - h), "\r\n", 2);
        size_t llen = eol ? (size_t)(eol - h) : (size_t)(end - h);
        if (llen > 20 && strncasecmp(h, "content-disposition:", 20) == 0) {
            const char *p = h + 20, *le = h + llen;
            while (p < le && (*p == ' ' || *p == '\t'))
                p++;
            if ((size_t)(le - p) < 9 || strncasecmp(p, "form-data", 9) != 0)
                return 0;
            p += 9;
            /* parameters: ; name="x" ; filename="y" (the file name is skipped, never returned) */
            while (p < le) {
                while (p < le && (*p == ';' || *p == ' ' || *p == '\t'))
                    p++;
                const char *k = p;
                while (p < le && *p != '=' && *p != ';')
                    p++;
                size_t klen = (size_t)(p - k);
                if (p >= le || *p != '=')
                    continue;
                p++;
                const char *v = p;
                size_t vlen;
                if (p < le && *p == '"') {
                    v = ++p;
                    while (p < le && *p != '"')
                        p++;
                    if (p >= le)
                        return 0;
                    vlen = (size_t)(p - v);
                    p++;
                } else {
                    while (p < le && *p != ';' && *p != ' ' && *p != '\t')
                        p++;
                    vlen = (size_t)(p - v);
                }
                if (klen == 4 && strncasecmp(k, "name", 4) == 0)
                    return vlen == flen && memcmp(v, field, flen) == 0;
            }
            return 0;
        }
        h += llen + 2;
    }
    return 0;
}

int multipart_find(const unsigned char *body, size_t n, const char *boundary, const char *field,
                   const unsigned char **data, size_t *len)
{
    char delim[MULTIPART_MAX_BOUNDARY + 5] = "\r\n--";
    size_t blen = strlen(boundary);
    if (blen == 0 || blen > MULTIPART_MAX_BOUNDARY || !body)
        return -1;
    memcpy(delim + 4, boundary, blen);
    size_t dlen = blen + 4;
    const char *b = (const char *)body, *end = b + n;
    /* the first delimiter may open the body (no preceding CRLF) or follow a preamble */
    const char *p;
    if (n >= dlen - 2 && memcmp(b, delim + 2, dlen - 2) == 0)
        p = b + dlen - 2;
    else if ((p = memmem(b, n, delim, dlen)) != NULL)
        p += dlen;
    else
        return -1;
    int found = 0, parts = 0;
    for (;;) {
        /* after a delimiter: "--" closes the body, CRLF opens a part (transport padding is not used by
         * any client we serve and is refused) */
        if (end - p >= 2 && p[0] == '-' && p[1] == '-')
            return found ? 0 : -2;
        if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
            return -1;
        p += 2;
        if (++parts > MULTIPART_MAX_PARTS)
            return -1;
        size_t window = (size_t)(end - p) < MAX_PART_HEADERS + 4 ? (size_t)(end - p) : MAX_PART_HEADERS + 4;
        const char *hend, *content;
        if (window >= 2 && p[0] == '\r' && p[1] == '\n') {
            hend = p; /* a part with no headers at all */
            content = p + 2;
        } else if ((hend = memmem(p, window, "\r\n\r\n", 4)) != NULL) {
            content = hend + 4;
        } else {
            return -1;
        }
        const char *next = memmem(content, (size_t)(end - content), delim, dlen);
        if (!next)
            return -1;
        if (names_field(p, (size_t)(hend - p), field)) {
            if (found)
                return -2;
            found = 1;
            *data = (const unsigned char *)content;
            *len = (size_t)(next - content);
        }
        p = next + dlen;
    }
}
