/* Shared handler state: configuration and token keys, fixed at start-up. */
#include "api/api.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/audit.h"

static const struct config *config;
static struct token_keys keys;

void api_init(const struct config *cfg)
{
    config = cfg;
    keys.secret = (const unsigned char *)cfg->jwt_secret;
    keys.secret_len = strlen(cfg->jwt_secret);
    keys.issuer = cfg->jwt_issuer;
    keys.audience = cfg->jwt_audience;
}

const struct config *api_config(void)
{
    return config;
}

const struct token_keys *api_token_keys(void)
{
    return &keys;
}

int api_store_fail(struct req *r, enum st rc)
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

char *api_time(long long t, char *out)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return out;
}

enum role api_role_from_name(const char *name)
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

const char *api_role_name(enum role role)
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

enum st api_audit(struct req *r, const char *action, const char *object_type, long long object_id,
                  const char *result)
{
    char oid[24];
    snprintf(oid, sizeof oid, "%lld", object_id);
    struct audit_entry e = {r->now,    r->who.kind == PRINCIPAL_ADMIN ? "admin" : "user",
                            r->who.id, api_role_name(r->who.role),
                            action,    object_type,
                            oid,       result,
                            r->ip,     r->rid};
    return store_audit_append(&e);
}

int api_query_int(struct req *r, const char *name, long long lo, long long hi, long long *out)
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

int api_query_num(struct req *r, const char *name, double *out)
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

int api_page(struct req *r, long long *page, long long *size)
{
    *page = 1;
    *size = 20;
    if (api_query_int(r, "page", 1, 10000, page) < 0)
        return req_fail(r, ERR_BAD_QUERY, "page", "page 应为 1 到 10000 的整数");
    if (api_query_int(r, "page_size", 1, 100, size) < 0)
        return req_fail(r, ERR_BAD_QUERY, "page_size", "page_size 应为 1 到 100 的整数");
    return 0;
}

json_t *api_list_reply(json_t *items, long long page, long long size, long long total)
{
    return json_pack("{s:o, s:I, s:I, s:I}", "items", items, "page", (json_int_t)page, "page_size",
                     (json_int_t)size, "total", (json_int_t)total);
}
