/* Idempotency keys (Stripe semantics). The claim is the first statement of the write's own transaction:
 * InnoDB makes a concurrent INSERT of the same (user, key) wait for the first transaction, and then fail
 * with a duplicate (first committed: replay its answer) or succeed (first rolled back: run). So one key
 * executes once, and an answer is stored exactly when its write commits. Never talks SQL or civetweb. */
#include "api/idempotency.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "ext/crypto.h"
#include "store/idempotency.h"

#define KEY_TTL_S (48LL * 3600)

static int key_valid(const char *k)
{
    size_t n = strlen(k);
    if (n < 1 || n > 128)
        return 0;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)k[i] < 0x21 || (unsigned char)k[i] > 0x7e)
            return 0;
    return 1;
}

/* "POST /api/v1/gigs/12/applications": the method and the route with its ids filled in. */
static int route_of(const struct req *r, char out[65])
{
    char buf[160];
    size_t n = (size_t)snprintf(buf, sizeof buf, "%s ", r->method);
    int id = 0;
    for (const char *p = r->route; *p && n < sizeof buf - 24; p++) {
        if (strncmp(p, "{id}", 4) == 0 && id < r->nids) {
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%lld", r->ids[id++]);
            p += 3;
        } else {
            buf[n++] = *p;
        }
    }
    buf[n] = '\0';
    if (n > 64)
        return -1;
    memcpy(out, buf, n + 1);
    return 0;
}

/* SHA-256 of route and body (keys sorted, so key order and whitespace do not count as a change). */
static int hash_of(const struct req *r, const char *route, unsigned char out[32])
{
    char *body =
        r->body ? json_dumps(r->body, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(17)) : strdup("{}");
    if (!body)
        return -1;
    size_t rl = strlen(route), bl = strlen(body);
    char *all = malloc(rl + bl + 2);
    if (!all) {
        free(body);
        return -1;
    }
    memcpy(all, route, rl);
    all[rl] = '\n';
    memcpy(all + rl + 1, body, bl + 1);
    crypto_sha256(all, rl + 1 + bl, out);
    free(all);
    free(body);
    return 0;
}

/* The stored answer of a key another request committed: replayed, or 422 when it was for another request. */
static int replay(struct req *r, const struct idem *ctx)
{
    char route[65];
    unsigned char hash[32];
    int status = 0;
    char *text = NULL;
    size_t len = 0;
    enum st rc = store_idempotency_get(r->who.id, r->idempotency_key, route, hash, &status, &text, &len);
    if (rc == ST_NOTFOUND) /* purged between our failed insert and this read: vanishingly rare */
        rc = ST_UNAVAILABLE;
    if (rc != ST_OK)
        return api_store_fail(r, rc);
    if (strcmp(route, ctx->route) != 0 || memcmp(hash, ctx->hash, 32) != 0) {
        free(text);
        return req_fail(r, ERR_IDEMPOTENCY_MISMATCH, NULL, NULL);
    }
    r->raw = text; /* owned by the request now */
    r->raw_len = len;
    r->raw_type = "application/json; charset=utf-8";
    return status;
}

int idempotency_begin(struct req *r, struct idem *ctx)
{
    memset(ctx, 0, sizeof *ctx);
    if (!r->idempotency_key[0]) {
        enum st rc = db_begin();
        return rc == ST_OK ? 0 : api_store_fail(r, rc);
    }
    if (!key_valid(r->idempotency_key))
        return req_fail(r, ERR_VALIDATION, "Idempotency-Key",
                        "Idempotency-Key 应为 1 到 128 个可见 ASCII 字符");
    if (r->who.kind != PRINCIPAL_USER && r->who.kind != PRINCIPAL_ADMIN)
        return req_fail(r, ERR_UNAUTHENTICATED, NULL, NULL);
    if (route_of(r, ctx->route) != 0 || hash_of(r, ctx->route, ctx->hash) != 0)
        return req_fail(r, ERR_INTERNAL, NULL, NULL);
    /* admins and users have separate id spaces: admin keys live under negative ids */
    long long owner = r->who.kind == PRINCIPAL_ADMIN ? -r->who.id : r->who.id;
    for (int attempt = 0; attempt < 3; attempt++) {
        enum st rc = db_begin();
        if (rc != ST_OK)
            return api_store_fail(r, rc);
        rc = store_idempotency_claim(owner, r->idempotency_key, ctx->route, ctx->hash);
        if (rc == ST_OK) {
            ctx->on = 1;
            return 0;
        }
        db_rollback();
        if (rc != ST_CONFLICT)
            return api_store_fail(r, rc);
        /* a committed answer exists: read it outside any transaction (a fresh snapshot) */
        struct principal who = r->who;
        r->who.id = owner;
        int st = replay(r, ctx);
        r->who = who;
        if (st != 503)
            return st;
    }
    return req_fail(r, ERR_DB_UNAVAILABLE, NULL, NULL);
}

int idempotency_commit(struct req *r, struct idem *ctx, int status, json_t *reply)
{
    char *text = reply ? json_dumps(reply, JSON_COMPACT | JSON_REAL_PRECISION(10)) : NULL;
    json_decref(reply);
    if (!text) {
        db_rollback();
        return req_fail(r, ERR_INTERNAL, NULL, NULL);
    }
    size_t len = strlen(text);
    enum st rc = ST_OK;
    if (ctx->on) {
        long long owner = r->who.kind == PRINCIPAL_ADMIN ? -r->who.id : r->who.id;
        rc = store_idempotency_finish(owner, r->idempotency_key, status, text, len);
    }
    if (rc == ST_OK)
        rc = db_commit();
    else
        db_rollback();
    if (rc != ST_OK) {
        free(text);
        return api_store_fail(r, rc);
    }
    r->raw = text;
    r->raw_len = len;
    r->raw_type = "application/json; charset=utf-8";
    return status;
}

long idempotency_purge(void)
{
    long long n = 0, total = 0;
    do {
        if (store_idempotency_purge(KEY_TTL_S, &n) != ST_OK)
            return -1;
        total += n;
    } while (n == 5000);
    return (long)total;
}
