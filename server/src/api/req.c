/* Reply builders and query-string access for handlers. No civetweb, no SQL. */
#include "api/req.h"

#include <stdlib.h>
#include <string.h>

int req_reply(struct req *r, int status, json_t *v)
{
    if (r->reply)
        json_decref(r->reply);
    r->reply = v;
    return status;
}

int req_reply_file(struct req *r, int status, char *body, size_t len, const char *type, const char *filename)
{
    if (r->reply) {
        json_decref(r->reply);
        r->reply = NULL;
    }
    free(r->raw);
    r->raw = body;
    r->raw_len = len;
    r->raw_type = type;
    r->filename[0] = '\0';
    size_t n = 0;
    for (const char *p = filename; p && *p && n + 1 < sizeof r->filename; p++, n++) {
        char c = *p;
        int ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
                 c == '_' || c == '-';
        r->filename[n] = ok ? c : '_';
    }
    r->filename[n] = '\0';
    return status;
}

int req_fail(struct req *r, enum err e, const char *field, const char *message)
{
    const struct err_info *info = errors_info(e);
    json_t *err = json_pack("{s:s, s:s}", "code", info->code, "message", message ? message : info->message);
    if (err && field)
        json_object_set_new(err, "field", json_string(field));
    return req_reply(r, info->status, json_pack("{s:o}", "error", err ? err : json_object()));
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decodes [s, s+n) into out; -1 on a bad escape, NUL byte or overflow. */
static int decode(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '+') {
            c = ' ';
        } else if (c == '%') {
            if (i + 2 >= n)
                return -1;
            int hi = hexval(s[i + 1]), lo = hexval(s[i + 2]);
            if (hi < 0 || lo < 0)
                return -1;
            c = (char)(hi * 16 + lo);
            i += 2;
        }
        if (c == '\0' || o + 1 >= cap)
            return -1;
        out[o++] = c;
    }
    out[o] = '\0';
    return 0;
}

static int valid_utf8(const unsigned char *s)
{
    while (*s) {
        int extra;
        unsigned cp;
        if (*s < 0x80) {
            s++;
            continue;
        } else if ((*s & 0xE0) == 0xC0) {
            extra = 1;
            cp = *s & 0x1F;
        } else if ((*s & 0xF0) == 0xE0) {
            extra = 2;
            cp = *s & 0x0F;
        } else if ((*s & 0xF8) == 0xF0) {
            extra = 3;
            cp = *s & 0x07;
        } else {
            return 0;
        }
        s++;
        for (int k = 0; k < extra; k++, s++) {
            if ((*s & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (*s & 0x3F);
        }
        if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000) ||
            cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
    }
    return 1;
}

int req_query(const struct req *r, const char *name, char *out, size_t cap)
{
    const char *q = r->query;
    size_t nlen = strlen(name);
    while (q && *q) {
        const char *amp = strchr(q, '&');
        size_t seglen = amp ? (size_t)(amp - q) : strlen(q);
        const char *eq = memchr(q, '=', seglen);
        size_t klen = eq ? (size_t)(eq - q) : seglen;
        if (klen == nlen && memcmp(q, name, nlen) == 0) {
            const char *v = eq ? eq + 1 : q + seglen;
            size_t vlen = eq ? seglen - klen - 1 : 0;
            if (decode(v, vlen, out, cap) != 0 || !valid_utf8((const unsigned char *)out))
                return -1;
            return 1;
        }
        q = amp ? amp + 1 : NULL;
    }
    return 0;
}
