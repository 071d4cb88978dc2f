/* http_dispatch: route lookup (404/405), per-IP rate limit, the auth gate for non-public routes (401/403),
 * per-user and sign-in rate limits (429), capped body read (413), strict JSON parse (400), the handler,
 * exactly one reply, one access-log line, metrics. The only code that turns a request into a struct req;
 * handlers never touch the connection. */
#include "http/dispatch.h"

#include <civetweb.h>
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

void http_dispatch_init(const struct config *c)
{
    cfg = c;
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
static int read_body(struct mg_connection *conn, const struct mg_request_info *ri, size_t cap, char **out,
                     size_t *len)
{
    *out = NULL;
    *len = 0;
    if (ri->content_length > (long long)cap)
        return 413;
    const char *te = mg_get_header(conn, "Transfer-Encoding");
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

static void copy_header(struct mg_connection *conn, const char *name, char *out, size_t cap)
{
    const char *v = mg_get_header(conn, name);
    out[0] = '\0';
    if (v && strlen(v) < cap)
        strcpy(out, v);
}

/* Everything between parsing the request line and having a reply. Returns the status. */
static int handle(struct mg_connection *conn, const struct mg_request_info *ri, struct req *r,
                  int *route_index, char *allow, size_t allow_cap, char **body_bytes)
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
    switch (routes_match(ri->request_method, path, &idx, r->ids, &r->nids, allow, allow_cap)) {
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
    *route_index = (int)idx;
    r->route = rt->pattern;
    if (rt->rate == RATE_LOGIN) {
        limit = ratelimit_hit('l', r->ip, cfg->rate_login_per_min, r->now);
        if (limit) {
            r->retry_after = limit;
            return req_fail(r, ERR_RATE_LIMITED, NULL, NULL);
        }
    }
    const char *auth = mg_get_header(conn, "Authorization");
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
        int st = read_body(conn, ri, ROUTE_BODY_CAP(rt), &buf, &n);
        if (st == 413)
            return req_fail(r, ERR_PAYLOAD_TOO_LARGE, NULL, NULL);
        if (st)
            return req_fail(r, st == 400 ? ERR_MALFORMED_JSON : ERR_INTERNAL, NULL, NULL);
        if (rt->flags & RF_BYTES) {
            /* the handler reads the bytes; they are released with the request (http_dispatch) */
            *body_bytes = buf;
            r->body_raw = (const unsigned char *)buf;
            r->body_len = n;
            copy_header(conn, "Content-Type", r->content_type, sizeof r->content_type);
            return rt->handler(r);
        }
        st = input_parse(r, (rt->flags & RF_BODY) != 0, mg_get_header(conn, "Content-Type"), buf, n);
        free(buf);
        if (st)
            return st;
    }
    return rt->handler(r);
}

static void send_reply(struct mg_connection *conn, struct req *r, int status, const char *allow)
{
    char *json = NULL;
    const char *body = NULL, *type = "application/json; charset=utf-8";
    size_t len = 0;
    if (r->raw_type && strcmp(r->raw_type, "redirect") == 0) {
        mg_response_header_start(conn, 302);
        mg_response_header_add(conn, "Location", "/admin/", -1);
        mg_response_header_add(conn, "Content-Length", "0", -1);
        mg_response_header_send(conn);
        return;
    }
    if (r->reply) {
        json = json_dumps(r->reply, JSON_COMPACT | JSON_REAL_PRECISION(10));
        body = json;
        len = json ? strlen(json) : 0;
    } else if (r->raw) {
        body = r->raw;
        len = r->raw_len;
        type = r->raw_type;
    } else if (r->static_body) {
        body = (const char *)r->static_body;
        len = r->raw_len;
        type = r->raw_type;
    }
    char clen[24], retry[16];
    snprintf(clen, sizeof clen, "%zu", len);
    mg_response_header_start(conn, status);
    mg_response_header_add(conn, "Content-Type", type, -1);
    mg_response_header_add(conn, "Content-Length", clen, -1);
    mg_response_header_add(conn, "X-Request-Id", r->rid, -1);
    mg_response_header_add(conn, "X-Content-Type-Options", "nosniff", -1);
    mg_response_header_add(conn, "Referrer-Policy", "no-referrer", -1);
    if (r->raw && strncmp(type, "text/html", 9) == 0) {
        /* blob: images: the console fetches complaint photos with its bearer token (never a token in a
         * URL) and shows them through object URLs */
        mg_response_header_add(conn, "Content-Security-Policy",
                               "default-src 'self'; img-src 'self' data: blob:; frame-ancestors 'none'", -1);
        mg_response_header_add(conn, "X-Frame-Options", "DENY", -1);
        mg_response_header_add(conn, "Cache-Control", "no-cache", -1);
    } else if (r->etag[0]) {
        mg_response_header_add(conn, "Cache-Control", "no-cache", -1); /* revalidate with If-None-Match */
    } else {
        mg_response_header_add(conn, "Cache-Control", "no-store", -1);
    }
    if (r->retry_after > 0) {
        snprintf(retry, sizeof retry, "%d", r->retry_after);
        mg_response_header_add(conn, "Retry-After", retry, -1);
    }
    if (r->etag[0])
        mg_response_header_add(conn, "ETag", r->etag, -1);
    if (r->raw && !r->reply && r->filename[0]) {
        char disp[128];
        snprintf(disp, sizeof disp, "attachment; filename=\"%s\"", r->filename);
        mg_response_header_add(conn, "Content-Disposition", disp, -1);
    } else if (r->raw && !r->reply && r->inline_file) {
        mg_response_header_add(conn, "Content-Disposition", "inline", -1);
    }
    if (status == 405 && allow && *allow)
        mg_response_header_add(conn, "Allow", allow, -1);
    if (status == 413)
        mg_response_header_add(conn, "Connection", "close", -1);
    mg_response_header_send(conn);
    if (len)
        mg_write(conn, body, len);
    free(json);
}

int http_dispatch(struct mg_connection *conn)
{
    const struct mg_request_info *ri = mg_get_request_info(conn);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    metrics_begin();
    struct req r;
    memset(&r, 0, sizeof r);
    r.method = ri->request_method;
    r.route = "unmatched";
    r.query = ri->query_string;
    r.now = (long long)time(NULL);
    const char *peer_rid = mg_get_header(conn, "X-Request-Id");
    if (peer_rid && strlen(peer_rid) == 32 && strspn(peer_rid, "0123456789abcdef") == 32 &&
        clientip_trusted(cfg->trusted_proxies, ri->remote_addr))
        memcpy(r.rid, peer_rid, 33);
    else if (crypto_random_hex(16, r.rid) != 0)
        strcpy(r.rid, "00000000000000000000000000000000");
    clientip_resolve(cfg->trusted_proxies, ri->remote_addr, mg_get_header(conn, "X-Forwarded-For"), r.ip,
                     sizeof r.ip);
    copy_header(conn, "User-Agent", r.user_agent, sizeof r.user_agent);
    copy_header(conn, "Idempotency-Key", r.idempotency_key, sizeof r.idempotency_key);
    if (!r.idempotency_key[0] && mg_get_header(conn, "Idempotency-Key"))
        strcpy(r.idempotency_key, "\x7f"); /* sent but empty or over 128: api/idempotency.c answers 400 */
    copy_header(conn, "If-None-Match", r.if_none_match, sizeof r.if_none_match);

    int route_index = -1;
    char allow[64] = "";
    char *body_bytes = NULL; /* an RF_BYTES route's body, owned here */
    int status = handle(conn, ri, &r, &route_index, allow, sizeof allow, &body_bytes);
    if (status < 100 || status > 599) {
        status = req_fail(&r, ERR_INTERNAL, NULL, NULL);
    }
    send_reply(conn, &r, status, allow);
    double ms = ms_since(&t0);
    metrics_end(route_index, status, ms);
    char route[128], uid[24] = "";
    if (r.who.kind != PRINCIPAL_NONE)
        snprintf(uid, sizeof uid, "%c%lld", r.who.kind == PRINCIPAL_ADMIN ? 'a' : 'u', r.who.id);
    log_json(status >= 500 ? LOG_WARN : LOG_INFO, "request",
             "\"rid\":\"%s\",\"method\":\"%s\",\"route\":\"%s\",\"status\":%d,\"ms\":%.2f,\"uid\":\"%s\","
             "\"ip\":\"%s\"",
             r.rid, r.method, log_escape(r.route, route, sizeof route), status, ms, uid, r.ip);
    json_decref(r.body);
    json_decref(r.kept);
    json_decref(r.reply);
    free(r.raw);
    free(body_bytes);
    return status;
}
