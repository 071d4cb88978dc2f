/* Reply builders and query-string access for handlers. No civetweb, no SQL. */
#include "http/req.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/audit.h"

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

json_t *req_keep(struct req *r, json_t *v)
{
    if (!v)
        return NULL;
    if (!r->kept)
        r->kept = json_array();
    if (!r->kept || json_array_append_new(r->kept, v) != 0)
        return NULL; /* append_new released v */
    return v;
}

int req_state_conflict(struct req *r, enum fsm_machine m, const char *state)
{
    static const char *const what[FSM_MACHINE_COUNT] = {
        [FSM_GIG] = "岗位",        [FSM_APPLICATION] = "报名", [FSM_AGREEMENT] = "协议",
        [FSM_SETTLEMENT] = "结算", [FSM_COMPLAINT] = "诉求",
    };
    char msg[160];
    snprintf(msg, sizeof msg, "%s当前状态为「%s」，不能进行此操作",
             (unsigned)m < FSM_MACHINE_COUNT ? what[m] : "对象", fsm_label(m, state));
    return req_fail(r, ERR_STATE_CONFLICT, NULL, msg);
}

int req_store_fail(struct req *r, enum st rc)
{
    switch (rc) {
    case ST_NOTFOUND:
        return req_fail(r, ERR_NOT_FOUND, NULL, NULL);
    case ST_CONFLICT:
        return req_fail(r, ERR_ALREADY_EXISTS, NULL, NULL);
    case ST_UNAVAILABLE:
        r->retry_after = 5;
        return req_fail(r, ERR_DB_UNAVAILABLE, NULL, NULL);
    default:
        return req_fail(r, ERR_INTERNAL, NULL, NULL);
    }
}

enum role req_role_from_name(const char *name)
{
    static const struct {
        const char *name;
        enum role role;
    } names[] = {{"user", ROLE_USER},
                 {"admin", ROLE_ADMIN},
                 {"reviewer", ROLE_REVIEWER},
                 {"station", ROLE_STATION},
                 {"auditor", ROLE_AUDITOR}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i].name) == 0)
            return names[i].role;
    return 0;
}

const char *req_role_name(enum role role)
{
    switch (role) {
    case ROLE_USER:
        return "user";
    case ROLE_ADMIN:
        return "admin";
    case ROLE_REVIEWER:
        return "reviewer";
    case ROLE_STATION:
        return "station";
    case ROLE_AUDITOR:
        return "auditor";
    }
    return "unknown";
}

enum st req_audit(struct req *r, const char *action, const char *object_type, long long object_id,
                  const char *result)
{
    char oid[24];
    snprintf(oid, sizeof oid, "%lld", object_id);
    struct audit_entry e = {r->now,    r->who.kind == PRINCIPAL_ADMIN ? "admin" : "user",
                            r->who.id, req_role_name(r->who.role),
                            action,    object_type,
                            oid,       result,
                            r->ip,     r->rid};
    return store_audit_append(&e);
}

int req_query_int(struct req *r, const char *name, long long lo, long long hi, long long *out)
{
    char buf[24];
    int q = req_query(r, name, buf, sizeof buf);
    if (q <= 0)
        return q;
    char *end;
    errno = 0;
    long long v = strtoll(buf, &end, 10);
    if (errno || end == buf || *end || buf[0] == '+' || buf[0] == ' ' || v < lo || v > hi)
        return -1;
    *out = v;
    return 1;
}

int req_query_num(struct req *r, const char *name, double *out)
{
    char buf[32];
    int q = req_query(r, name, buf, sizeof buf);
    if (q <= 0)
        return q;
    char *end;
    double v = strtod(buf, &end);
    if (end == buf || *end || !isfinite(v) || buf[0] == ' ' || buf[0] == '+')
        return -1;
    *out = v;
    return 1;
}

int req_page(struct req *r, long long *page, long long *size)
{
    *page = 1;
    *size = 20;
    if (req_query_int(r, "page", 1, 10000, page) < 0)
        return req_fail(r, ERR_BAD_QUERY, "page", "page 应为 1 到 10000 的整数");
    if (req_query_int(r, "page_size", 1, 100, size) < 0)
        return req_fail(r, ERR_BAD_QUERY, "page_size", "page_size 应为 1 到 100 的整数");
    return 0;
}

json_t *req_list_reply(json_t *items, long long page, long long size, long long total)
{
    return json_pack("{s:o, s:I, s:I, s:I}", "items", items, "page", (json_int_t)page, "page_size",
                     (json_int_t)size, "total", (json_int_t)total);
}
