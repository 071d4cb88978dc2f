/* What handlers share beyond the request itself (the request contract, with req.h, input.h, errors.h and
 * cache.h): the one transaction scope of a handler's write, with Idempotency-Key semantics (Stripe's) for
 * the writes that must not be doubled; a text field through the word filter; the credit gate. The
 * idempotency claim is the first statement of the write's own transaction: InnoDB makes a concurrent
 * INSERT of the same (user, key) wait for the first transaction, and then fail with a duplicate (first
 * committed: replay its answer) or succeed (first rolled back: run). So one key executes once, and an
 * answer is stored exactly when its write commits. Never talks SQL or civetweb. */
#include "http/handler.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ext/crypto.h"
#include "store/idempotency.h"
#include "svc/credit.h"

/* An Idempotency-Key claim: the route it was sent to and the hash of route and body. */
struct idem {
    char route[65];
    unsigned char hash[32];
};

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
        return req_store_fail(r, rc);
    if (strcmp(route, ctx->route) != 0 || memcmp(hash, ctx->hash, 32) != 0) {
        free(text);
        return req_fail(r, ERR_IDEMPOTENCY_MISMATCH, NULL, NULL);
    }
    r->raw = text; /* owned by the request now */
    r->raw_len = len;
    r->raw_type = "application/json; charset=utf-8";
    return status;
}

/* One run of a handler's transaction body, shared by handler_tx and handler_tx_idem. */
struct txrun {
    struct req *r;
    handler_tx_fn fn;
    void *ctx;
    int status;
    int keyed;  /* an Idempotency-Key is claimed in the transaction */
    int replay; /* the key was committed by another request: replay its answer */
    long long owner;
    const char *route;
    const unsigned char *hash;
    int serialise; /* keep the reply as the exact bytes sent (and stored under the key) */
};

static void reset_reply(struct req *r)
{
    json_decref(r->reply);
    r->reply = NULL;
    free(r->raw);
    r->raw = NULL;
    r->raw_len = 0;
    r->retry_after = 0;
}

static enum st tx_body(void *p)
{
    struct txrun *t = p;
    struct req *r = t->r;
    reset_reply(r); /* a retried attempt starts clean */
    if (t->keyed) {
        enum st rc = store_idempotency_claim(t->owner, r->idempotency_key, t->route, t->hash);
        if (rc == ST_CONFLICT) {
            t->replay = 1;
            return ST_ABORT;
        }
        if (rc != ST_OK) {
            t->status = req_store_fail(r, rc);
            return rc;
        }
    }
    t->status = t->fn(r, t->ctx);
    if (t->status >= 400 || t->status < 100)
        return db_tx_retrying() ? ST_ERR : ST_ABORT;
    if (!t->serialise)
        return ST_OK;
    char *text = r->reply ? json_dumps(r->reply, JSON_COMPACT | JSON_REAL_PRECISION(10)) : NULL;
    if (!text) {
        t->status = req_fail(r, ERR_INTERNAL, NULL, NULL);
        return ST_ABORT;
    }
    size_t len = strlen(text);
    enum st rc =
        t->keyed ? store_idempotency_finish(t->owner, r->idempotency_key, t->status, text, len) : ST_OK;
    if (rc != ST_OK) {
        free(text);
        t->status = req_store_fail(r, rc);
        return rc;
    }
    json_decref(r->reply);
    r->reply = NULL;
    r->raw = text; /* the exact bytes stored are the bytes sent */
    r->raw_len = len;
    r->raw_type = "application/json; charset=utf-8";
    return ST_OK;
}

static int run(struct txrun *t)
{
    enum st rc = db_tx(tx_body, t);
    if (rc == ST_OK || (rc == ST_ABORT && !t->replay))
        return t->status;
    if (rc == ST_ABORT)
        return 0;                        /* the caller replays */
    if (t->status >= 400 && t->r->reply) /* the body answered its own store failure */
        return t->status;
    reset_reply(t->r);
    return req_store_fail(t->r, rc);
}

int handler_tx(struct req *r, handler_tx_fn fn, void *ctx)
{
    struct txrun t = {.r = r, .fn = fn, .ctx = ctx};
    return run(&t);
}

int handler_tx_idem(struct req *r, handler_tx_fn fn, void *ctx)
{
    struct txrun t = {.r = r, .fn = fn, .ctx = ctx, .serialise = 1};
    if (!r->idempotency_key[0])
        return run(&t);
    if (!key_valid(r->idempotency_key))
        return req_fail(r, ERR_VALIDATION, "Idempotency-Key",
                        "Idempotency-Key 应为 1 到 128 个可见 ASCII 字符");
    if (r->who.kind != PRINCIPAL_USER && r->who.kind != PRINCIPAL_ADMIN)
        return req_fail(r, ERR_UNAUTHENTICATED, NULL, NULL);
    struct idem key;
    if (route_of(r, key.route) != 0 || hash_of(r, key.route, key.hash) != 0)
        return req_fail(r, ERR_INTERNAL, NULL, NULL);
    /* admins and users have separate id spaces: admin keys live under negative ids */
    t.owner = r->who.kind == PRINCIPAL_ADMIN ? -r->who.id : r->who.id;
    t.keyed = 1;
    t.route = key.route;
    t.hash = key.hash;
    for (int attempt = 0; attempt < 3; attempt++) {
        t.replay = 0;
        int st = run(&t);
        if (!t.replay)
            return st;
        /* a committed answer exists: read it outside any transaction (a fresh snapshot) */
        struct principal who = r->who;
        r->who.id = t.owner;
        st = replay(r, &key);
        r->who = who;
        if (st != 503)
            return st;
    }
    return req_fail(r, ERR_DB_UNAVAILABLE, NULL, NULL);
}

int handler_moderate(struct req *r, const char *field, const char *text, struct moderation *out)
{
    memset(out, 0, sizeof *out);
    out->field = field;
    out->text = text;
    struct moderation_result res;
    switch (svc_moderation_check(text, &res)) {
    case 0:
        break;
    case MODERATION_EBLOCKED:
        return req_fail(r, ERR_CONTENT_REJECTED, field, res.message);
    case MODERATION_EUTF8:
        return req_fail(r, ERR_VALIDATION, field, "文本不是有效的 UTF-8");
    case MODERATION_EUNAVAILABLE:
        r->retry_after = 5;
        return req_fail(r, ERR_DB_UNAVAILABLE, NULL, NULL);
    default:
        return req_fail(r, ERR_INTERNAL, NULL, NULL);
    }
    out->verdict = res.verdict;
    out->review = res.verdict == MODERATION_REVIEW;
    out->hits = req_keep(r, res.hits);
    if (res.masked) {
        json_t *m = req_keep(r, res.masked);
        if (!m)
            return req_fail(r, ERR_INTERNAL, NULL, NULL);
        out->text = json_string_value(m);
    }
    if (res.hits && !out->hits)
        return req_fail(r, ERR_INTERNAL, NULL, NULL);
    return 0;
}

int handler_credit_gate(struct req *r, long long user_id, enum credit_gate what)
{
    char msg[320];
    enum st rc = svc_credit_gate(user_id, what, msg, sizeof msg);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    return msg[0] ? req_fail(r, ERR_CREDIT_RESTRICTED, NULL, msg) : 0;
}
