/* Tokeniser for keyword search. A Han run "水电工" indexes as bigrams h06c3407535 h0753505de5 (5 hex digits
 * per code point, so supplementary characters fit); full-width letters and digits fold to ASCII and
 * lowercase; words shorter than two characters are dropped (InnoDB's minimum token length is 3, the
 * prefix letter included). Tokens never contain characters InnoDB's parser splits on. */
#include "domain/searchterms.h"

#include <stdio.h>
#include <string.h>

static int is_han(unsigned cp)
{
    return (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x2FFFF);
}

/* Decodes one code point at s (len bytes left); returns its byte length or -1. */
static int utf8_next(const unsigned char *s, size_t len, unsigned *cp)
{
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    int n = (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3 : (s[0] & 0xF8) == 0xF0 ? 4 : 0;
    if (!n || (size_t)n > len)
        return -1;
    unsigned v = s[0] & (0xFF >> (n + 1));
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return -1;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if ((n == 2 && v < 0x80) || (n == 3 && v < 0x800) || (n == 4 && v < 0x10000) || v > 0x10FFFF ||
        (v >= 0xD800 && v <= 0xDFFF))
        return -1;
    *cp = v;
    return n;
}

/* Folds full-width ASCII and upper case; returns the ASCII letter/digit or 0 if cp is neither. */
static char ascii_alnum(unsigned cp)
{
    if (cp >= 0xFF01 && cp <= 0xFF5E)
        cp -= 0xFEE0;
    if (cp >= 'A' && cp <= 'Z')
        return (char)(cp - 'A' + 'a');
    if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
        return (char)cp;
    return 0;
}

struct sink {
    char *out;
    size_t cap, len;
    const char *prefix; /* "" for the index, "+" for queries */
    int count;
    int overflow;
};

static void emit(struct sink *s, const char *tok)
{
    size_t need = (s->len ? 1 : 0) + strlen(s->prefix) + strlen(tok);
    if (s->len + need + 1 > s->cap) {
        s->overflow = 1;
        return;
    }
    s->len += (size_t)snprintf(s->out + s->len, s->cap - s->len, "%s%s%s", s->len ? " " : "", s->prefix, tok);
    s->count++;
}

/* Walks text and emits its tokens. mode 0: index (bigrams, optional unigrams); 1: query (bigrams, unigram
 * only for a lone Han character). Returns 0 or -1 on invalid UTF-8. */
static int walk(const char *text, int unigrams, int query, struct sink *s)
{
    const unsigned char *p = (const unsigned char *)text;
    size_t len = strlen(text);
    unsigned prev_han = 0;
    int run = 0;
    char word[41];
    size_t wlen = 0;
    char tok[48];
    for (size_t i = 0; i <= len;) {
        unsigned cp = 0;
        int n = 1;
        if (i < len) {
            n = utf8_next(p + i, len - i, &cp);
            if (n < 0)
                return -1;
        }
        char a = i < len ? ascii_alnum(cp) : 0;
        if (!a && wlen) {
            word[wlen] = '\0';
            if (wlen >= 2) {
                snprintf(tok, sizeof tok, "w%s%s", word, query ? "*" : "");
                emit(s, tok);
            }
            wlen = 0;
        }
        if (a && wlen < sizeof word - 1)
            word[wlen++] = a;
        if (i < len && is_han(cp)) {
            if (run > 0) {
                snprintf(tok, sizeof tok, "h%05x%05x", prev_han, cp);
                emit(s, tok);
            }
            if (unigrams) {
                snprintf(tok, sizeof tok, "u%05x", cp);
                emit(s, tok);
            }
            prev_han = cp;
            run++;
        } else {
            if (query && run == 1) {
                snprintf(tok, sizeof tok, "u%05x", prev_han);
                emit(s, tok);
            }
            run = 0;
        }
        i += (size_t)n;
    }
    return 0;
}

long searchterms_index(const char *text, int unigrams, char *out, size_t cap)
{
    if (cap == 0)
        return -1;
    struct sink s = {out, cap, strlen(out), "", 0, 0};
    if (s.len >= cap)
        return -1;
    if (walk(text, unigrams, 0, &s) != 0 || s.overflow)
        return -1;
    return (long)s.len;
}

int searchterms_query(const char *q, char *out, size_t cap)
{
    if (cap == 0)
        return -1;
    out[0] = '\0';
    struct sink s = {out, cap, 0, "+", 0, 0};
    if (walk(q, 0, 1, &s) != 0 || s.overflow)
        return -1;
    return s.count;
}

long searchterms_gig(const char *title, const char *address, const char *description, char *out, size_t cap)
{
    /* only the start of a description is indexed: it names the work; the rest is detail */
    char desc[300 * 4 + 1];
    size_t i = 0, chars = 0;
    while (description[i] && i < sizeof desc - 1) {
        if (((unsigned char)description[i] & 0xC0) != 0x80 && chars++ == 300)
            break;
        i++;
    }
    while (i > 0 && ((unsigned char)description[i] & 0xC0) == 0x80)
        i--;
    memcpy(desc, description, i);
    desc[i] = '\0';
    if (cap == 0)
        return -1;
    out[0] = '\0';
    if (searchterms_index(title, 1, out, cap) < 0 || searchterms_index(address, 0, out, cap) < 0)
        return -1;
    return searchterms_index(desc, 0, out, cap);
}
