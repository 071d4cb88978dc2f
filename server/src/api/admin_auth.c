/* Admin sign-in: scrypt-hashed passwords, lockout after repeated failures, role and region scope in the
 * token, an audit row for every attempt on an existing account. Unknown usernames cost the same scrypt
 * work as known ones so timing does not reveal which accounts exist. */
#include <stdio.h>
#include <string.h>

#include "core/config.h"
#include "domain/timeutil.h"
#include "ext/token.h"
#include "http/req.h"
#include "api/handlers.h"
#include "http/input.h"
#include "svc/session.h"
#include "core/log.h"
#include "ext/crypto.h"
#include "store/account.h"
#include "store/audit.h"

/* A valid hash of a random password: verifying against it costs what a real check costs. */
static const char dummy_hash[] = "scrypt$16384$8$1$00000000000000000000000000000000$"
                                 "0000000000000000000000000000000000000000000000000000000000000000";

static void audit_login(struct req *r, const struct admin_row *a, const char *result)
{
    char id[24];
    snprintf(id, sizeof id, "%lld", a->id);
    struct audit_entry e = {r->now,       "admin", a->id,  a->role, "admin.login",
                            "admin_user", id,      result, r->ip,   r->rid};
    if (store_audit_append(&e) != ST_OK)
        log_error("audit append failed", "\"rid\":\"%s\",\"action\":\"admin.login\"", r->rid);
}

static json_t *admin_json(long long id, const char *username, const char *role, const char *region,
                          const char *display_name)
{
    json_t *o = json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)id, "username", username, "role", role,
                          "display_name", display_name);
    if (o)
        json_object_set_new(o, "region", region && *region ? json_string(region) : json_null());
    return o;
}

int api_admin_login(struct req *r)
{
    static const struct field fields[] = {{"username", F_STR, 1, 1, 64}, {"password", F_STR, 1, 1, 256}};
    int st = input_check(r, fields, 2);
    if (st)
        return st;
    const struct config *cfg = config_current();
    const char *username = input_str(r, "username"), *password = input_str(r, "password");
    struct admin_row a;
    enum st rc = store_account_admin_by_username(username, &a);
    if (rc == ST_NOTFOUND) {
        crypto_password_verify(password, dummy_hash);
        return req_fail(r, ERR_BAD_CREDENTIALS, NULL, NULL);
    }
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    if (a.locked_until > r->now) {
        r->retry_after = (int)(a.locked_until - r->now);
        audit_login(r, &a, "locked");
        return req_fail(r, ERR_ACCOUNT_LOCKED, NULL, NULL);
    }
    if (crypto_password_verify(password, a.password_hash) != 1) {
        rc = store_account_admin_login_failed(a.id, cfg->admin_lockout_failures, cfg->admin_lockout_s);
        audit_login(r, &a, "failed");
        if (rc != ST_OK)
            return req_store_fail(r, rc);
        return req_fail(r, ERR_BAD_CREDENTIALS, NULL, NULL);
    }
    if (strcmp(a.status, "active") != 0) {
        audit_login(r, &a, "denied");
        return req_fail(r, ERR_ACCOUNT_DISABLED, NULL, NULL);
    }
    rc = store_account_admin_login_ok(a.id);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    audit_login(r, &a, "ok");
    json_t *out = json_object();
    struct session_subject s = {"admin", a.id, a.role, a.region, a.token_version};
    rc = session_issue(&s, NULL, r->now, out);
    if (rc != ST_OK) {
        json_decref(out);
        return req_store_fail(r, rc);
    }
    json_object_set_new(out, "admin", admin_json(a.id, username, a.role, a.region, a.display_name));
    return req_reply(r, 200, out);
}

int api_admin_me(struct req *r)
{
    char username[65], role[12], region[13], name[65];
    enum st rc = store_account_admin_get(r->who.id, username, role, region, name);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    return req_reply(r, 200,
                     json_pack("{s:o}", "admin", admin_json(r->who.id, username, role, region, name)));
}
