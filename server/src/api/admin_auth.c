/* Admin sign-in: scrypt-hashed passwords, role and region scope in the token, an audit row for every
 * attempt on an existing account. Failures are counted per (username as typed, client address) whether the
 * name exists or not, so a stranger's wrong passwords lock out only the stranger's address, and no reply
 * tells a name that exists from one that does not: both answer 401 invalid_credentials, then 429
 * account_locked with Retry-After once the pair is locked, and unknown names cost the same scrypt work.
 * Each lockout of a pair lasts twice the one before, up to ADMIN_LOCKOUT_MAX_S. Password checks pass the
 * process-wide gate of ext/crypto.h (ADMIN_SCRYPT_CONCURRENCY at once; 503 signin_busy after
 * ADMIN_SCRYPT_WAIT_MS). The check runs before the transaction (it must not hold locks); the attempt's
 * writes are one handler_tx. The admin object is the one view's (svc/view_profile.c). */
#include <stdio.h>
#include <string.h>

#include "api/handlers.h"
#include "core/config.h"
#include "core/log.h"
#include "ext/crypto.h"
#include "http/handler.h"
#include "http/input.h"
#include "http/req.h"
#include "store/account.h"
#include "store/audit.h"
#include "svc/session.h"
#include "svc/view_profile.h"

/* A valid hash of a random password: verifying against it costs what a real check costs. */
static const char dummy_hash[] = "scrypt$16384$8$1$00000000000000000000000000000000$"
                                 "0000000000000000000000000000000000000000000000000000000000000000";

/* One attempt, decided before the transaction; the audit result of each (existing accounts only). */
enum attempt { ATTEMPT_LOCKED, ATTEMPT_FAILED, ATTEMPT_DENIED, ATTEMPT_OK };
static const char *const attempt_results[] = {"locked", "failed", "denied", "ok"};

struct login {
    const struct admin_row *a; /* NULL: no admin has this username */
    const char *username;      /* as typed: the throttle's key with the client address */
    enum attempt what;
};

/* The throttle rule, pure: the pair's row after one more failure at now. A pair with no failure and no
 * lockout for max_s starts over; the threshold-th failure locks the pair for lock_s doubled once per
 * earlier lockout (at most max_s) and restarts the count. */
static struct throttle_row throttle_next(struct throttle_row t, long long now, const struct config *cfg)
{
    long long quiet_since = t.locked_until > t.last_failure_at ? t.locked_until : t.last_failure_at;
    if (now - quiet_since > cfg->admin_lockout_max_s)
        t.failures = t.lockouts = 0;
    t.failures++;
    t.last_failure_at = now;
    if (t.failures >= cfg->admin_lockout_failures) {
        long long d = cfg->admin_lockout_s;
        for (long long i = 0; i < t.lockouts && d < cfg->admin_lockout_max_s; i++)
            d *= 2;
        t.locked_until = now + (d < cfg->admin_lockout_max_s ? d : cfg->admin_lockout_max_s);
        t.lockouts++;
        t.failures = 0;
    }
    return t;
}

/* Counts a failure of the pair under its row lock (two failures at once both count). */
static enum st count_failure(struct req *r, const char *username)
{
    struct throttle_row t;
    enum st rc = store_account_throttle_lock(username, r->ip, r->now, &t);
    if (rc != ST_OK)
        return rc;
    t = throttle_next(t, r->now, config_current());
    return store_account_throttle_put(username, r->ip, &t);
}

/* The audit row of an attempt. Failing to write it is logged, not answered (a sign-in has never failed for
 * want of its audit row), unless the transaction met a deadlock: then the body must fail so that it runs
 * again. */
static enum st audit_login(struct req *r, const struct admin_row *a, const char *result)
{
    char id[24];
    snprintf(id, sizeof id, "%lld", a->id);
    struct audit_entry e = {r->now,       "admin", a->id,  a->role, "admin.login",
                            "admin_user", id,      result, r->ip,   r->rid};
    if (store_audit_append(&e) == ST_OK)
        return ST_OK;
    log_error("audit append failed", "\"rid\":\"%s\",\"action\":\"admin.login\"", r->rid);
    return db_tx_retrying() ? ST_ERR : ST_OK;
}

/* The writes of an attempt: a failure counted for the pair, or the pair forgotten on success; the audit
 * row of an existing account; for a success the token pair and the reply. A refused attempt's writes must
 * commit although the answer is an error (401 invalid_credentials, 429 account_locked, 403
 * account_disabled): for those the body returns 200 (commit) and the handler answers the refusal after. */
static int login_tx(struct req *r, void *ctx)
{
    const struct login *l = ctx;
    const struct admin_row *a = l->a;
    enum st rc = ST_OK;
    if (l->what == ATTEMPT_FAILED)
        rc = count_failure(r, l->username);
    else if (l->what == ATTEMPT_OK)
        rc = store_account_throttle_clear(l->username, r->ip);
    if (rc == ST_OK && l->what == ATTEMPT_OK)
        rc = store_account_admin_login_ok(a->id);
    if (rc == ST_OK && a)
        rc = audit_login(r, a, attempt_results[l->what]);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    if (l->what != ATTEMPT_OK)
        return 200;
    json_t *out = json_object();
    struct session_subject s = {"admin", a->id, a->role, a->region, a->token_version};
    rc = svc_session_issue(&s, NULL, r->now, out);
    if (rc != ST_OK) {
        json_decref(out);
        return req_store_fail(r, rc);
    }
    json_object_set_new(out, "admin",
                        view_profile_admin(a->id, l->username, a->role, a->region, a->display_name));
    return req_reply(r, 200, out);
}

/* The refusal of an attempt whose writes have committed; the same for every username. */
static int refuse(struct req *r, enum attempt what, long long locked_until)
{
    switch (what) {
    case ATTEMPT_LOCKED:
        r->retry_after = (int)(locked_until - r->now);
        return req_fail(r, ERR_ACCOUNT_LOCKED, NULL, NULL);
    case ATTEMPT_FAILED:
        /* rows of pairs quiet for long enough to start over (each failure sweeps a few) */
        if (store_account_throttle_purge(r->now - 2 * config_current()->admin_lockout_max_s) != ST_OK)
            log_warn("admin sign-in throttle purge failed", "\"rid\":\"%s\"", r->rid);
        return req_fail(r, ERR_BAD_CREDENTIALS, NULL, NULL);
    default:
        return req_fail(r, ERR_ACCOUNT_DISABLED, NULL, NULL);
    }
}

int api_admin_login(struct req *r)
{
    static const struct field fields[] = {{"username", F_STR, 1, 1, 64}, {"password", F_STR, 1, 1, 256}};
    int st = input_check(r, fields, 2);
    if (st)
        return st;
    const struct config *cfg = config_current();
    const char *username = input_str(r, "username"), *password = input_str(r, "password");
    struct throttle_row t;
    struct admin_row a;
    enum st rc = store_account_throttle_get(username, r->ip, &t);
    if (rc == ST_OK || rc == ST_NOTFOUND)
        rc = store_account_admin_by_username(username, &a);
    if (rc != ST_OK && rc != ST_NOTFOUND)
        return req_store_fail(r, rc);
    struct login l = {rc == ST_OK ? &a : NULL, username, ATTEMPT_OK};
    if (t.locked_until > r->now) { /* locked: the password is not even checked, known name or not */
        l.what = ATTEMPT_LOCKED;
    } else {
        int ok =
            crypto_password_verify_bounded(password, l.a ? a.password_hash : dummy_hash,
                                           (int)cfg->admin_scrypt_concurrency, cfg->admin_scrypt_wait_ms);
        if (ok == CRYPTO_VERIFY_BUSY) {
            r->retry_after = 1;
            return req_fail(r, ERR_SIGNIN_BUSY, NULL, NULL);
        }
        if (ok != 1 || !l.a)
            l.what = ATTEMPT_FAILED;
        else if (strcmp(a.status, "active") != 0)
            l.what = ATTEMPT_DENIED;
    }
    st = handler_tx(r, login_tx, &l);
    if (st != 200 || l.what == ATTEMPT_OK)
        return st;
    return refuse(r, l.what, t.locked_until);
}

int api_admin_me(struct req *r)
{
    char username[65], role[12], region[13], name[65];
    enum st rc = store_account_admin_get(r->who.id, username, role, region, name);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    return req_reply(
        r, 200, json_pack("{s:o}", "admin", view_profile_admin(r->who.id, username, role, region, name)));
}
