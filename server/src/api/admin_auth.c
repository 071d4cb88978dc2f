/* Admin sign-in: scrypt-hashed passwords, lockout after repeated failures, role and region scope in the
 * token, an audit row for every attempt on an existing account. Unknown usernames cost the same scrypt
 * work as known ones so timing does not reveal which accounts exist. The password check runs before the
 * transaction (it must not hold locks); the attempt's writes are one handler_tx. The admin object is the one
 * view's (svc/view_profile.c). */
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

/* One attempt on an existing account, decided before the transaction; the audit result of each. */
enum attempt { ATTEMPT_LOCKED, ATTEMPT_FAILED, ATTEMPT_DENIED, ATTEMPT_OK };
static const char *const attempt_results[] = {"locked", "failed", "denied", "ok"};

struct login {
    const struct admin_row *a;
    const char *username;
    enum attempt what;
};

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

/* The writes of an attempt: the failure counter (which locks the account at the threshold) or its reset,
 * the audit row, and for a success the token pair and the reply. A refused attempt's counter and audit
 * row must commit although the answer is an error (429 account_locked, 401 bad_credentials, 403
 * account_disabled): for those the body returns 200 (commit) and the handler answers the refusal after. */
static int login_tx(struct req *r, void *ctx)
{
    const struct login *l = ctx;
    const struct admin_row *a = l->a;
    const struct config *cfg = config_current();
    enum st rc = ST_OK;
    if (l->what == ATTEMPT_FAILED)
        rc = store_account_admin_login_failed(a->id, cfg->admin_lockout_failures, cfg->admin_lockout_s);
    else if (l->what == ATTEMPT_OK)
        rc = store_account_admin_login_ok(a->id);
    if (rc == ST_OK)
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

int api_admin_login(struct req *r)
{
    static const struct field fields[] = {{"username", F_STR, 1, 1, 64}, {"password", F_STR, 1, 1, 256}};
    int st = input_check(r, fields, 2);
    if (st)
        return st;
    const char *username = input_str(r, "username"), *password = input_str(r, "password");
    struct admin_row a;
    enum st rc = store_account_admin_by_username(username, &a);
    if (rc == ST_NOTFOUND) {
        crypto_password_verify(password, dummy_hash);
        return req_fail(r, ERR_BAD_CREDENTIALS, NULL, NULL);
    }
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    struct login l = {&a, username, ATTEMPT_OK};
    if (a.locked_until > r->now) /* locked: the password is not even checked */
        l.what = ATTEMPT_LOCKED;
    else if (crypto_password_verify(password, a.password_hash) != 1)
        l.what = ATTEMPT_FAILED;
    else if (strcmp(a.status, "active") != 0)
        l.what = ATTEMPT_DENIED;
    st = handler_tx(r, login_tx, &l);
    if (st != 200 || l.what == ATTEMPT_OK)
        return st;
    switch (l.what) {
    case ATTEMPT_LOCKED:
        r->retry_after = (int)(a.locked_until - r->now);
        return req_fail(r, ERR_ACCOUNT_LOCKED, NULL, NULL);
    case ATTEMPT_FAILED:
        return req_fail(r, ERR_BAD_CREDENTIALS, NULL, NULL);
    default:
        return req_fail(r, ERR_ACCOUNT_DISABLED, NULL, NULL);
    }
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
