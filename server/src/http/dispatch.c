/* http_dispatch: route lookup (404/405), per-IP rate limit, the auth gate for non-public routes (401/403),
 * per-user and sign-in rate limits (429), capped body read (413), strict JSON parse (400), the handler,
 * exactly one reply, one access-log line, metrics. The only code that turns a request into a struct req;
 * handlers never touch the connection. What every request pays for is kept small (docs/PERFORMANCE.md,
 * "A lighter request path"): the headers are read in one pass, the request id comes from a per-thread
 * counter, and the reply (status line, headers, body) leaves in one write — no lock, no random-number
 * call and, for replies up to REPLY_STACK bytes, no allocation beyond the handler's own. */
#include "http/dispatch.h"

#include <civetweb.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "api/handlers.h"
#include "core/config.h"
#include "core/log.h"
#include "ext/crypto.h"
#include "http/auth.h"
#include "http/clientip.h"
#include "http/input.h"
#include "http/metrics.h"
#include "http/ratelimit.h"
#include "http/routes.h"
#include "http/static.h"

static const struct config *cfg;

/* Request ids: 16 hex digits of this process's random prefix, then 16 of a per-thread counter (thread
 * number in the top 24 bits) passed through a keyed bijection. Unique within the process (the bijection),
 * across processes and nodes with overwhelming probability (64 random bits), and not guessable from the
 * outside without reading many; not a secret (nothing trusts a request id). */
static uint64_t rid_prefix, rid_key;
static atomic_uint rid_threads;
static _Thread_local uint64_t rid_next; /* 0: this thread has not numbered a request yet */

int http_dispatch_init(const struct config *c)
{
    cfg = c;
    uint64_t seed[2];
    if (crypto_random(seed, sizeof seed) != 0)
        return -1;
    rid_prefix = seed[0];
    rid_key = seed[1];
    return 0;
}

static uint64_t mix64(uint64_t z) /* splitmix64's finaliser: a bijection on 64 bits */
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static void hex64(uint64_t v, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 15; i >= 0; i--, v >>= 4)
        out[i] = digits[v & 15];
}

static void new_rid(char out[33])
{
    if (!rid_next)
        rid_next = ((uint64_t)(atomic_fetch_add(&rid_threads, 1) + 1) & 0xffffff) << 40;
    hex64(rid_prefix, out);
    hex64(mix64(rid_next++ ^ rid_key), out + 16);
    out[32] = '\0';
}

/* The request headers dispatch reads, found in one pass over civetweb's list (the first occurrence wins,
 * as with mg_get_header). */
struct headers {
    const char *rid, *xff, *user_agent, *idempotency_key, *if_none_match, *authorization, *content_type,
        *transfer_encoding, *connection;
};

static void read_headers(const struct mg_request_info *ri, struct headers *h)
{
    memset(h, 0, sizeof *h);
    for (int i = 0; i < ri->num_headers; i++) {
        const char *n = ri->http_headers[i].name, *v = ri->http_headers[i].value;
        const char **slot = NULL;
        switch (n[0] | 0x20) {
        case 'x':
            if (strcasecmp(n, "X-Request-Id") == 0)
                slot = &h->rid;
            else if (strcasecmp(n, "X-Forwarded-For") == 0)
                slot = &h->xff;
            break;
        case 'u':
            if (strcasecmp(n, "User-Agent") == 0)
                slot = &h->user_agent;
            break;
        case 'i':
            if (strcasecmp(n, "Idempotency-Key") == 0)
                slot = &h->idempotency_key;
            else if (strcasecmp(n, "If-None-Match") == 0)
                slot = &h->if_none_match;
            break;
        case 'a':
            if (strcasecmp(n, "Authorization") == 0)
                slot = &h->authorization;
            break;
        case 'c':
            if (strcasecmp(n, "Content-Type") == 0)
                slot = &h->content_type;
            else if (strcasecmp(n, "Connection") == 0)
                slot = &h->connection;
            break;
        case 't':
            if (strcasecmp(n, "Transfer-Encoding") == 0)
                slot = &h->transfer_encoding;
            break;
        }
        if (slot && !*slot)
            *slot = v;
    }
}

static double ms_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) * 1000.0 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/* Reads the body into a malloc'd buffer (NUL-terminated), at most cap bytes. The buffer starts at the
 * declared length (or 64 KiB for a chunked body) and grows only as bytes arrive, so a large cap costs
 * memory only for bodies that are really that large. Returns 0, 413 if over the cap, 400 on a read error. */
static int read_body(struct mg_connection *conn, const struct mg_request_info *ri, const char *te, size_t cap,
                     char **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    if (ri->content_length > (long long)cap)
        return 413;
    if (ri->content_length <= 0 && !te)
        return 0;
    size_t size = ri->content_length > 0 ? (size_t)ri->content_length + 1 : HTTP_MAX_BODY;
    if (size > cap + 1)
        size = cap + 1;
    char *buf = malloc(size + 1);
    if (!buf)
        return 500;
    size_t n = 0;
    for (;;) {
        if (n == size) { /* chunked (or longer than declared): grow up to cap + 1 */
            size_t grown = size * 2 > cap + 1 ? cap + 1 : size * 2;
            char *b = grown > size ? realloc(buf, grown + 1) : NULL;
            if (!b) {
                free(buf);
                return grown > size ? 500 : 413;
            }
            buf = b;
            size = grown;
        }
        int r = mg_read(conn, buf + n, size - n);
        if (r < 0) {
            free(buf);
            return 400;
        }
        if (r == 0)
            break;
        n += (size_t)r;
        if (n > cap) {
            free(buf);
            return 413;
        }
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return 0;
}

static void copy_header(const char *v, char *out, size_t cap)
{
    out[0] = '\0';
    if (v) {
        size_t n = strlen(v);
        if (n < cap)
            memcpy(out, v, n + 1);
    }
}

/* What http_dispatch keeps for the reply besides struct req. */
struct exchange {
    struct headers h;
    int route_index;  /* -1: no route */
    char allow[64];   /* 405: the methods the path answers */
    char *body_bytes; /* an RF_BYTES route's body, owned here */
    int close;        /* the connection ends after this reply (413, a failed body read) */
};

/* Everything between parsing the request line and having a reply. Returns the status. */
static int handle(struct mg_connection *conn, const struct mg_request_info *ri, struct req *r,
                  struct exchange *x)
{
    const char *path = ri->local_uri ? ri->local_uri : "/";
    int limit = ratelimit_hit('i', r->ip, cfg->rate_ip_per_min, r->now);
    if (limit) {
        r->retry_after = limit;
        return req_fail(r, ERR_RATE_LIMITED, NULL, NULL);
    }
    if (strcmp(ri->request_method, "GET") == 0 && (strcmp(path, "/") == 0 || strcmp(path, "/admin") == 0)) {
        r->raw_type = "redirect";
        return 302;
    }
    if (strncmp(path, "/admin/", 7) == 0 && strcmp(ri->request_method, "GET") == 0) {
        int st = static_load(cfg->admin_dir, path, &r->raw, &r->raw_len, &r->raw_type);
        return st == 200 ? 200 : req_fail(r, ERR_NOT_FOUND, NULL, NULL);
    }
    unsigned idx;
    switch (routes_match(ri->request_method, path, &idx, r->ids, &r->nids, x->allow, sizeof x->allow)) {
    case ROUTE_NO_PATH:
        return req_fail(r, ERR_NOT_FOUND, NULL, NULL);
    case ROUTE_NO_METHOD:
        return req_fail(r, ERR_METHOD_NOT_ALLOWED, NULL, NULL);
    case ROUTE_BAD_ID:
        return req_fail(r, ERR_BAD_ID, "id", NULL);
    case ROUTE_FOUND:
        break;
    }
    const struct route *rt = &routes[idx];
    x->route_index = (int)idx;
    r->route = rt->pattern;
    if (rt->rate == RATE_LOGIN) {
        limit = ratelimit_hit('l', r->ip, cfg->rate_login_per_min, r->now);
        if (limit) {
            r->retry_after = limit;
            return req_fail(r, ERR_RATE_LIMITED, NULL, NULL);
        }
    }
    const char *auth = x->h.authorization;
    if (auth && strncasecmp(auth, "Bearer ", 7) == 0)
        r->bearer = auth + 7;
    if ((rt->flags & RF_OPTIONAL) && r->bearer) {
        int st = auth_resolve(r); /* a stale token on a public page is an error the client must see */
        if (st)
            return st;
    }
    if (!(rt->flags & RF_PUBLIC)) {
        if (!r->bearer)
            return req_fail(r, ERR_UNAUTHENTICATED, NULL, NULL);
        int st = auth_resolve(r);
        if (st)
            return st;
        if (!(r->who.role & rt->roles))
            return req_fail(r, ERR_FORBIDDEN, NULL, NULL);
        char key[40];
        snprintf(key, sizeof key, "%c%lld", r->who.kind == PRINCIPAL_ADMIN ? 'a' : 'u', r->who.id);
        limit = ratelimit_hit('u', key, cfg->rate_user_per_min, r->now);
        if (!limit && rt->rate == RATE_UPLOAD)
            limit = ratelimit_hit('f', key, cfg->rate_upload_per_min, r->now);
        if (!limit && rt->rate == RATE_ACT)
            limit = ratelimit_hit('t', key, cfg->rate_act_per_min, r->now);
        if (limit) {
            r->retry_after = limit;
            return req_fail(r, ERR_RATE_LIMITED, NULL, NULL);
        }
    }
    if (!(rt->flags & RF_RAW)) {
        char *buf;
        size_t n;
        int st = read_body(conn, ri, x->h.transfer_encoding, ROUTE_BODY_CAP(rt), &buf, &n);
        if (st == 413) {
            x->close = 1;
            return req_fail(r, ERR_PAYLOAD_TOO_LARGE, NULL, NULL);
        }
        if (st) {
            x->close = st == 400; /* civetweb drops a connection whose read failed */
            return req_fail(r, st == 400 ? ERR_MALFORMED_JSON : ERR_INTERNAL, NULL, NULL);
        }
        if (rt->flags & RF_BYTES) {
            /* the handler reads the bytes; they are released with the request (http_dispatch) */
            x->body_bytes = buf;
            r->body_raw = (const unsigned char *)buf;
            r->body_len = n;
            copy_header(x->h.content_type, r->content_type, sizeof r->content_type);
            return rt->handler(r);
        }
        st = input_parse(r, (rt->flags & RF_BODY) != 0, x->h.content_type, buf, n);
        free(buf);
        if (st)
            return st;
    }
    return rt->handler(r);
}

/* A reply on its way out: REPLY_HEAD bytes are kept free in front of the body, so the head — built once
 * the body's length is known — goes right before it and both leave in one mg_write (with tcp_nodelay,
 * every write is a segment of its own). Starts in a stack buffer; grows onto the heap only for replies
 * longer than REPLY_STACK - REPLY_HEAD. */
#define REPLY_HEAD  1024 /* the longest head send_reply writes is under 900 bytes (bounded fields only) */
#define REPLY_STACK 4096
#define REPLY_JOIN  (64 * 1024)

struct reply_buf {
    char *p; /* the body starts at p + REPLY_HEAD */
    size_t n, cap;
    char *heap; /* p once it was moved to the heap */
    int failed;
};

static int reply_append(const char *data, size_t size, void *arg)
{
    struct reply_buf *b = arg;
    if (size > b->cap - b->n) {
        size_t cap = b->cap * 2;
        while (cap - b->n < size)
            cap *= 2;
        char *p = b->heap ? realloc(b->heap, cap) : malloc(cap);
        if (!p) {
            b->failed = 1;
            return -1;
        }
        if (!b->heap)
            memcpy(p, b->p, b->n);
        b->p = b->heap = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, data, size);
    b->n += size;
    return 0;
}

struct head {
    char p[REPLY_HEAD];
    size_t n;
};

static void put(struct head *h, const char *s, size_t n)
{
    if (n > sizeof h->p - h->n)
        n = sizeof h->p - h->n; /* cannot happen with the fields below; never overruns */
    memcpy(h->p + h->n, s, n);
    h->n += n;
}

#define PUT_LIT(h, lit) put(h, lit, sizeof lit - 1)

static void put_str(struct head *h, const char *s)
{
    put(h, s, strlen(s));
}

static void put_num(struct head *h, unsigned long long v)
{
    char d[24];
    int i = sizeof d;
    do {
        d[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    put(h, d + i, sizeof d - (size_t)i);
}

/* name: value, or nothing when value is NULL (as mg_response_header_add did) */
static void put_header(struct head *h, const char *name, const char *value)
{
    if (!value)
        return;
    put_str(h, name);
    PUT_LIT(h, ": ");
    put_str(h, value);
    PUT_LIT(h, "\r\n");
}

/* The Date header's value, formatted once a second per thread. */
static _Thread_local struct {
    time_t sec;
    char text[32];
} date_cache;

static const char *http_date(void)
{
    time_t now = time(NULL);
    if (now != date_cache.sec || !date_cache.text[0]) {
        struct tm tm;
        gmtime_r(&now, &tm);
        strftime(date_cache.text, sizeof date_cache.text, "%a, %d %b %Y %H:%M:%S GMT", &tm);
        date_cache.sec = now;
    }
    return date_cache.text;
}

/* civetweb's own rule for keeping the connection (what mg_response_header_send announced): the client's
 * Connection header when it sent one, otherwise HTTP/1.1's default. */
static int keep_alive(const struct mg_request_info *ri, const char *connection)
{
    if (!connection)
        return ri->http_version && strcmp(ri->http_version, "1.1") == 0;
    for (const char *p = connection; *p;) {
        p += strspn(p, " \t,");
        size_t n = strcspn(p, " \t,");
        if (n == 10 && strncasecmp(p, "keep-alive", 10) == 0)
            return 1;
        p += n;
    }
    return 0;
}

/* The status line and headers of a reply with a body of len bytes of type (redirect: the 302 to the
 * console, no body): what mg_response_header_send wrote, Date and Connection included. */
static void build_head(struct head *h, struct mg_connection *conn, const struct mg_request_info *ri,
                       const struct req *r, int status, const char *type, size_t len, int redirect,
                       const struct exchange *x)
{
    h->n = 0;
    PUT_LIT(h, "HTTP/");
    put_str(h, ri->http_version ? ri->http_version : "1.1");
    PUT_LIT(h, " ");
    put_num(h, (unsigned)status);
    PUT_LIT(h, " ");
    put_str(h, mg_get_response_code_text(conn, status));
    PUT_LIT(h, "\r\n");
    if (redirect) {
        PUT_LIT(h, "Location: /admin/\r\nContent-Length: 0\r\n");
    } else {
        put_header(h, "Content-Type", type);
        PUT_LIT(h, "Content-Length: ");
        put_num(h, len);
        PUT_LIT(h, "\r\n");
        put_header(h, "X-Request-Id", r->rid);
        PUT_LIT(h, "X-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\n");
        if (r->raw && type && strncmp(type, "text/html", 9) == 0) {
            /* blob: images: the console fetches complaint photos with its bearer token (never a token in a
             * URL) and shows them through object URLs */
            PUT_LIT(h, "Content-Security-Policy: default-src 'self'; img-src 'self' data: blob:; "
                       "frame-ancestors 'none'\r\nX-Frame-Options: DENY\r\nCache-Control: no-cache\r\n");
        } else if (r->etag[0]) {
            PUT_LIT(h, "Cache-Control: no-cache\r\n"); /* revalidate with If-None-Match */
        } else {
            PUT_LIT(h, "Cache-Control: no-store\r\n");
        }
        if (r->retry_after > 0) {
            PUT_LIT(h, "Retry-After: ");
            put_num(h, (unsigned)r->retry_after);
            PUT_LIT(h, "\r\n");
        }
        if (r->etag[0])
            put_header(h, "ETag", r->etag);
        if (r->raw && !r->reply && r->filename[0]) {
            PUT_LIT(h, "Content-Disposition: attachment; filename=\"");
            put_str(h, r->filename); /* [A-Za-z0-9._-] only (req_reply_file) */
            PUT_LIT(h, "\"\r\n");
        } else if (r->raw && !r->reply && r->inline_file) {
            PUT_LIT(h, "Content-Disposition: inline\r\n");
        }
        if (status == 405 && x->allow[0])
            put_header(h, "Allow", x->allow);
        if (x->close)
            PUT_LIT(h, "Connection: close\r\n");
    }
    put_header(h, "Date", http_date());
    if (!x->close)
        put_header(h, "Connection", keep_alive(ri, x->h.connection) ? "keep-alive" : "close");
    PUT_LIT(h, "\r\n");
}

/* Sends the reply the handler left in r: one mg_write, or two (head, body) for a raw body over REPLY_JOIN
 * bytes, where one more syscall costs less than copying it. The request is counted in the metrics just
 * before the write, so a client holding its reply finds it in /metrics (and not still in flight). Returns
 * the milliseconds from t0 to the reply being ready. */
static double send_reply(struct mg_connection *conn, const struct mg_request_info *ri, struct req *r,
                         int status, const struct exchange *x, const struct timespec *t0)
{
    char stack[REPLY_STACK];
    struct reply_buf b = {stack, REPLY_HEAD, sizeof stack, NULL, 0};
    const char *body = NULL, *type = "application/json; charset=utf-8";
    size_t len = 0;
    int redirect = r->raw_type && strcmp(r->raw_type, "redirect") == 0;
    if (redirect) {
        /* no body */
    } else if (r->reply) {
        if (json_dump_callback(r->reply, reply_append, &b, JSON_COMPACT | JSON_REAL_PRECISION(10)) == 0 &&
            !b.failed) {
            body = b.p + REPLY_HEAD;
            len = b.n - REPLY_HEAD;
        }
    } else if (r->raw || r->static_body) {
        body = r->raw ? r->raw : (const char *)r->static_body;
        len = r->raw_len;
        type = r->raw_type;
        if (len <= REPLY_JOIN && reply_append(body, len, &b) == 0)
            body = b.p + REPLY_HEAD; /* copied next to the head: one write */
    }
    struct head h;
    build_head(&h, conn, ri, r, status, type, len, redirect, x);
    double ms = ms_since(t0);
    metrics_end(x->route_index, status, ms);
    if (!len || body == b.p + REPLY_HEAD) {
        char *start = b.p + REPLY_HEAD - h.n;
        memcpy(start, h.p, h.n);
        mg_write(conn, start, h.n + len);
    } else {
        mg_write(conn, h.p, h.n);
        mg_write(conn, body, len);
    }
    free(b.heap);
    return ms;
}

int http_dispatch(struct mg_connection *conn)
{
    const struct mg_request_info *ri = mg_get_request_info(conn);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    metrics_begin();
    struct req r;
    memset(&r, 0, sizeof r);
    struct exchange x;
    read_headers(ri, &x.h);
    x.route_index = -1;
    x.allow[0] = '\0';
    x.body_bytes = NULL;
    x.close = 0;
    r.method = ri->request_method;
    r.route = "unmatched";
    r.query = ri->query_string;
    r.now = (long long)time(NULL);
    const char *peer_rid = x.h.rid;
    if (peer_rid && strlen(peer_rid) == 32 && strspn(peer_rid, "0123456789abcdef") == 32 &&
        clientip_trusted(cfg->trusted_proxies, ri->remote_addr))
        memcpy(r.rid, peer_rid, 33);
    else
        new_rid(r.rid);
    clientip_resolve(cfg->trusted_proxies, ri->remote_addr, x.h.xff, r.ip, sizeof r.ip);
    copy_header(x.h.user_agent, r.user_agent, sizeof r.user_agent);
    copy_header(x.h.idempotency_key, r.idempotency_key, sizeof r.idempotency_key);
    if (!r.idempotency_key[0] && x.h.idempotency_key)
        strcpy(r.idempotency_key, "\x7f"); /* sent but empty or over 128: api/idempotency.c answers 400 */
    copy_header(x.h.if_none_match, r.if_none_match, sizeof r.if_none_match);

    int status = handle(conn, ri, &r, &x);
    if (status < 100 || status > 599) {
        status = req_fail(&r, ERR_INTERNAL, NULL, NULL);
    }
    double ms = send_reply(conn, ri, &r, status, &x, &t0);
    enum log_level level = status >= 500 ? LOG_WARN : LOG_INFO;
    if (log_enabled(level)) { /* at LOG_LEVEL=warn a 2xx-4xx request formats nothing */
        char route[128], uid[24] = "";
        if (r.who.kind != PRINCIPAL_NONE)
            snprintf(uid, sizeof uid, "%c%lld", r.who.kind == PRINCIPAL_ADMIN ? 'a' : 'u', r.who.id);
        log_json(level, "request",
                 "\"rid\":\"%s\",\"method\":\"%s\",\"route\":\"%s\",\"status\":%d,\"ms\":%.2f,\"uid\":\"%s\","
                 "\"ip\":\"%s\"",
                 r.rid, r.method, log_escape(r.route, route, sizeof route), status, ms, uid, r.ip);
    }
    json_decref(r.body);
    json_decref(r.kept);
    json_decref(r.reply);
    free(r.raw);
    free(x.body_bytes);
    return status;
}
