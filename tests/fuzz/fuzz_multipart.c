/* libFuzzer harness for domain/multipart.c: multipart_boundary on fuzzed Content-Type values and
 * multipart_find on fuzzed bodies, plus a round trip through bodies built here from fuzzed parts. Checks:
 * a boundary found is 1-70 characters of RFC 2046's set without a trailing space; a part found lies inside
 * the body, is followed by the delimiter and does not contain it; in a well-formed body built here the part
 * named field is found with exactly its content, and a missing or repeated name answers -2.
 * Input: byte 0 picks the mode.
 *   even: "Content-Type\nfield\nbody" as a client would send them;
 *   odd:  "boundary\nfield\n" then parts "name\x01content\x02" (each name and content as given, an
 *         optional "\x03" after a name adds a filename parameter), assembled into a well-formed body.
 * FUZZ_SOURCE: server/src/domain/multipart.c */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/multipart.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)                                                                                             \
    do {                                                                                                     \
        if (!(c)) {                                                                                          \
            fprintf(stderr, "fuzz_multipart.c:%d: check failed: %s\n", __LINE__, #c);                        \
            abort();                                                                                         \
        }                                                                                                    \
    } while (0)

static int bchar(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c && strchr("'()+_,-./:=? ", c) != NULL);
}

/* Splits off the next line of [*p, end) into a NUL-terminated copy (cut at cap - 1 or a NUL). */
static void next_line(const uint8_t **p, const uint8_t *end, char *out, size_t cap)
{
    const uint8_t *nl = memchr(*p, '\n', (size_t)(end - *p));
    size_t len = (size_t)((nl ? nl : end) - *p);
    size_t c = len < cap - 1 ? len : cap - 1;
    memcpy(out, *p, c);
    out[c] = '\0';
    *p = nl ? nl + 1 : end;
}

static void check_boundary(const char *ctype, char b[MULTIPART_MAX_BOUNDARY + 1])
{
    int n = multipart_boundary(ctype, b);
    CHECK(n == -1 || (n >= 1 && n <= MULTIPART_MAX_BOUNDARY));
    if (n < 0)
        return;
    CHECK((size_t)n == strlen(b));
    for (int i = 0; i < n; i++)
        CHECK(bchar((unsigned char)b[i]));
    CHECK(b[n - 1] != ' ');
}

/* multipart_find on body; returns its answer after checking what it pointed at. */
static int check_find(const unsigned char *body, size_t n, const char *boundary, const char *field,
                      const unsigned char **data, size_t *len)
{
    *data = NULL;
    *len = 0;
    int rc = multipart_find(body, n, boundary, field, data, len);
    CHECK(rc == 0 || rc == -1 || rc == -2);
    if (rc != 0)
        return rc;
    char delim[MULTIPART_MAX_BOUNDARY + 5];
    int dlen = snprintf(delim, sizeof delim, "\r\n--%s", boundary);
    CHECK(*data >= body && *data <= body + n && *len <= (size_t)(body + n - *data));
    CHECK((size_t)(body + n - (*data + *len)) >= (size_t)dlen &&
          memcmp(*data + *len, delim, (size_t)dlen) == 0);
    CHECK(memmem(*data, *len, delim, (size_t)dlen) == NULL);
    return rc;
}

static void raw(const uint8_t *p, const uint8_t *end)
{
    char ctype[512], field[128], b[MULTIPART_MAX_BOUNDARY + 1];
    next_line(&p, end, ctype, sizeof ctype);
    next_line(&p, end, field, sizeof field);
    check_boundary(ctype, b);
    const unsigned char *data;
    size_t len;
    /* the body is copied so that ASan sees any read past its end */
    size_t n = (size_t)(end - p);
    unsigned char *body = malloc(n ? n : 1);
    CHECK(body != NULL);
    memcpy(body, p, n);
    if (b[0])
        check_find(body, n, b, field, &data, &len);
    /* and with a boundary the body itself suggests: its first line after "--" */
    if (n > 2 && body[0] == '-' && body[1] == '-') {
        size_t k = 2;
        while (k < n && k < 2 + MULTIPART_MAX_BOUNDARY && body[k] != '\r' && body[k] != '\0')
            k++;
        char b2[MULTIPART_MAX_BOUNDARY + 1];
        memcpy(b2, body + 2, k - 2);
        b2[k - 2] = '\0';
        check_find(body, n, b2, field, &data, &len);
    }
    free(body);
}

struct part {
    const uint8_t *name, *content;
    size_t nlen, clen;
    int filename;
};

static void built(const uint8_t *p, const uint8_t *end)
{
    char b[MULTIPART_MAX_BOUNDARY + 1], field[64];
    next_line(&p, end, b, sizeof b);
    next_line(&p, end, field, sizeof field);
    size_t bl = strlen(b);
    if (bl == 0 || b[bl - 1] == ' ')
        return;
    for (size_t i = 0; i < bl; i++)
        if (!bchar((unsigned char)b[i]))
            return;
    /* the boundary as a client sends it must come back from the Content-Type */
    char ctype[128], back[MULTIPART_MAX_BOUNDARY + 1];
    snprintf(ctype, sizeof ctype, "multipart/form-data; boundary=\"%s\"", b);
    CHECK(multipart_boundary(ctype, back) == (int)bl && strcmp(back, b) == 0);

    struct part parts[MULTIPART_MAX_PARTS + 2];
    size_t np = 0;
    while (p < end && np < sizeof parts / sizeof parts[0]) {
        const uint8_t *s1 = memchr(p, 1, (size_t)(end - p));
        if (!s1)
            break;
        const uint8_t *s2 = memchr(s1 + 1, 2, (size_t)(end - s1 - 1));
        struct part *pt = &parts[np++];
        pt->name = p;
        pt->nlen = (size_t)(s1 - p);
        pt->filename = pt->nlen > 0 && p[pt->nlen - 1] == 3;
        pt->nlen -= (size_t)pt->filename;
        pt->content = s1 + 1;
        pt->clen = (size_t)((s2 ? s2 : end) - pt->content);
        p = s2 ? s2 + 1 : end;
    }
    char delim[MULTIPART_MAX_BOUNDARY + 5];
    int dlen = snprintf(delim, sizeof delim, "\r\n--%s", b);
    size_t cap = 2 * MULTIPART_MAX_BOUNDARY + 16;
    for (size_t i = 0; i < np; i++)
        cap += parts[i].nlen + parts[i].clen + 128 + (size_t)dlen;
    unsigned char *body = malloc(cap);
    CHECK(body != NULL);
    size_t n = 0;
    int named = 0, named_early = 0, ok = 1;
    size_t want = 0;
    n += (size_t)snprintf((char *)body + n, cap - n, "--%s", b);
    for (size_t i = 0; i < np; i++) {
        const struct part *pt = &parts[i];
        /* a name the header can carry: no quote, CR or LF */
        for (size_t k = 0; k < pt->nlen; k++)
            if (pt->name[k] == '"' || pt->name[k] == '\r' || pt->name[k] == '\n' || pt->name[k] == 0)
                ok = 0;
        /* content holding the delimiter ends the part early (the delimiter's only CR LF is its first two
         * bytes, so a content's tail and the delimiter after it cannot form an earlier one) */
        if (memmem(pt->content, pt->clen, delim, (size_t)dlen))
            ok = 0;
        memcpy(body + n, "\r\nContent-Disposition: form-data; name=\"", 40);
        n += 40;
        memcpy(body + n, pt->name, pt->nlen);
        n += pt->nlen;
        n += (size_t)snprintf((char *)body + n, cap - n, "\"%s\r\n\r\n",
                              pt->filename ? "; filename=\"photo.jpg\"\r\nContent-Type: image/jpeg" : "");
        if (pt->nlen == strlen(field) && memcmp(pt->name, field, pt->nlen) == 0) {
            named++;
            want = n;
            if (i < MULTIPART_MAX_PARTS)
                named_early++;
        }
        memcpy(body + n, pt->content, pt->clen);
        n += pt->clen;
        memcpy(body + n, delim, (size_t)dlen);
        n += (size_t)dlen;
    }
    memcpy(body + n, "--\r\n", 4);
    n += 4;
    const unsigned char *data;
    size_t len;
    int rc = check_find(body, n, b, field, &data, &len);
    /* what a well-formed body must answer: part headers stay under 1 KB with names under 900 bytes */
    int expect_known = ok && np > 0 && np <= MULTIPART_MAX_PARTS;
    for (size_t i = 0; i < np; i++)
        expect_known &= parts[i].nlen < 900;
    if (expect_known) {
        if (named == 1) {
            CHECK(rc == 0 && data == body + want);
        } else {
            CHECK(rc == -2);
        }
    }
    if (ok && np > MULTIPART_MAX_PARTS) /* too many parts, unless a repeated name was seen first */
        CHECK(rc == (named_early > 1 ? -2 : -1));
    free(body);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    if (data[0] & 1)
        built(data + 1, data + size);
    else
        raw(data + 1, data + size);
    return 0;
}
