/* WeChat sign-in, token refresh with rotation and reuse detection, logout, phone binding, and the auth
 * (the gate's token check is http/auth.c). session_key from WeChat is never read into our structs, stored,
 * logged or returned. Phones are sealed with AES-256-GCM (AAD users.phone:<id>) and only ever answered
 * masked. */
#include <stdio.h>
#include <string.h>

#include "core/config.h"
#include "domain/timeutil.h"
#include "ext/token.h"
#include "http/req.h"
#include "api/handlers.h"
#include "http/input.h"
#include "svc/session.h"
#include "domain/phone.h"
#include "ext/crypto.h"
#include "ext/wechat.h"
#include "store/account.h"

/* Maps a WeChat failure to the client's answer; nothing has been written when this runs. */
static int wechat_fail(struct req *r, enum wechat_result wr, long errcode, const char *field)
{
    if (wr == WX_ERRCODE) {
        switch (errcode) {
        case 40029:
            return req_fail(r, ERR_WECHAT_CODE_INVALID, field, NULL);
        case 40163:
            return req_fail(r, ERR_WECHAT_CODE_USED, field, NULL);
        case 45011:
            r->retry_after = 60;
            return req_fail(r, ERR_WECHAT_RATE_LIMITED, NULL, NULL);
        case 40226:
            return req_fail(r, ERR_WECHAT_USER_RISKY, NULL, NULL);
        default:
            break;
        }
    }
    r->retry_after = 5;
    return req_fail(r, ERR_WECHAT_UNAVAILABLE, NULL, NULL);
}

/* Builds the user object of replies: id, masked phone (or null), created_at. */
static json_t *user_json(const struct user_row *u)
{
    char when[24], masked[12] = "";
    json_t *o =
        json_pack("{s:I, s:s}", "id", (json_int_t)u->id, "created_at", timeutil_rfc3339(u->created_at, when));
    if (!o)
        return NULL;
    if (u->phone_enc_len > 0) {
        char aad[48], phone[64];
        snprintf(aad, sizeof aad, "users.phone:%lld", u->id);
        if (crypto_open(config_current()->data_key, aad, u->phone_enc, u->phone_enc_len, phone, sizeof phone,
                        NULL) >= 0)
            phone_mask(phone, masked);
        memset(phone, 0, sizeof phone);
    }
    json_object_set_new(o, "phone", masked[0] ? json_string(masked) : json_null());
    return o;
}

static int signed_in_reply(struct req *r, const struct user_row *u, const char *family, int status)
{
    struct session_subject s = {"user", u->id, "user", "", u->token_version};
    json_t *out = json_object();
    enum st rc = session_issue(&s, family, r->now, out);
    if (rc != ST_OK) {
        json_decref(out);
        return req_store_fail(r, rc);
    }
    json_object_set_new(out, "user", user_json(u));
    return req_reply(r, status, out);
}

int api_auth_wechat(struct req *r)
{
    static const struct field fields[] = {{"code", F_STR, 1, 1, 128}};
    int st = input_check(r, fields, 1);
    if (st)
        return st;
    const struct config *cfg = config_current();
    if (!cfg->wx_appid[0])
        return req_fail(r, ERR_WECHAT_NOT_CONFIGURED, NULL, NULL);
    struct wechat_session ws;
    enum wechat_result wr = wechat_code2session(input_str(r, "code"), &ws);
    if (wr != WX_OK)
        return wechat_fail(r, wr, ws.errcode, "code");
    long long id = 0;
    enum st rc = store_account_user_upsert(ws.openid, ws.unionid, &id);
    struct user_row u;
    if (rc == ST_OK)
        rc = store_account_user_get(id, &u);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    if (strcmp(u.status, "active") != 0)
        return req_fail(r, ERR_ACCOUNT_DISABLED, NULL, NULL);
    return signed_in_reply(r, &u, NULL, 200);
}

int api_auth_refresh(struct req *r)
{
    static const struct field fields[] = {{"refresh_token", F_STR, 1, 1, 4096}};
    int st = input_check(r, fields, 1);
    if (st)
        return st;
    struct token_claims c;
    enum token_result tr =
        token_verify(token_keys_current(), input_str(r, "refresh_token"), TOKEN_REFRESH, r->now, 0, &c);
    if (tr == TOKEN_EXPIRED)
        return req_fail(r, ERR_TOKEN_EXPIRED, "refresh_token", NULL);
    if (tr != TOKEN_OK)
        return req_fail(r, ERR_TOKEN_INVALID, "refresh_token", NULL);
    struct refresh_row row;
    enum st rc = db_begin();
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    rc = store_account_refresh_lock(c.jti, &row);
    if (rc == ST_NOTFOUND || (rc == ST_OK && (row.revoked || strcmp(row.family, c.fam) != 0 ||
                                              strcmp(row.kind, c.kind) != 0 || row.subject != c.sub))) {
        db_rollback();
        return req_fail(r, ERR_TOKEN_INVALID, "refresh_token", NULL);
    }
    if (rc == ST_OK && row.used) {
        /* A used refresh token came back: it was stolen, or the client lost a reply. Either way the family
         * can no longer be trusted. */
        rc = store_account_refresh_revoke_family(row.family);
        if (rc == ST_OK)
            rc = db_commit();
        else
            db_rollback();
        if (rc != ST_OK)
            return req_store_fail(r, rc);
        return req_fail(r, ERR_REFRESH_REUSED, "refresh_token", NULL);
    }
    long tv = 0;
    char status[12];
    if (rc == ST_OK)
        rc = store_account_auth_state(c.kind, c.sub, &tv, status);
    if (rc == ST_OK && (tv != c.tv || strcmp(status, "active") != 0)) {
        db_rollback();
        return req_fail(r, ERR_TOKEN_INVALID, "refresh_token", NULL);
    }
    if (rc == ST_OK)
        rc = store_account_refresh_mark_used(c.jti);
    json_t *out = json_object();
    struct session_subject s = {c.kind, c.sub, c.role, c.region, tv};
    if (rc == ST_OK)
        rc = session_issue(&s, c.fam, r->now, out);
    if (rc == ST_OK && strcmp(c.kind, "user") == 0) {
        struct user_row u;
        rc = store_account_user_get(c.sub, &u);
        if (rc == ST_OK)
            json_object_set_new(out, "user", user_json(&u));
    }
    if (rc == ST_OK)
        rc = db_commit();
    else
        db_rollback();
    if (rc != ST_OK) {
        json_decref(out);
        return req_store_fail(r, rc);
    }
    return req_reply(r, 200, out);
}

int api_auth_logout(struct req *r)
{
    const char *kind = r->who.kind == PRINCIPAL_ADMIN ? "admin" : "user";
    enum st rc = store_account_revoke_all(kind, r->who.id);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    return req_reply(r, 200, json_pack("{s:b}", "logged_out", 1));
}

int api_auth_phone(struct req *r)
{
    static const struct field fields[] = {{"code", F_STR, 1, 1, 128}};
    int st = input_check(r, fields, 1);
    if (st)
        return st;
    const struct config *cfg = config_current();
    if (!cfg->wx_appid[0])
        return req_fail(r, ERR_WECHAT_NOT_CONFIGURED, NULL, NULL);
    struct wechat_phone wp;
    enum wechat_result wr = wechat_phone_number(input_str(r, "code"), &wp);
    if (wr != WX_OK)
        return wechat_fail(r, wr, wp.errcode, "code");
    char phone[12];
    if (strcmp(wp.country, "86") != 0 || phone_normalise(wp.phone, phone) != 0) {
        memset(&wp, 0, sizeof wp);
        return req_fail(r, ERR_VALIDATION, "code", "目前仅支持中国大陆手机号");
    }
    memset(&wp, 0, sizeof wp);
    struct user_row u;
    enum st rc = store_account_user_get(r->who.id, &u);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    char aad[48], old[64] = "";
    snprintf(aad, sizeof aad, "users.phone:%lld", u.id);
    if (u.phone_enc_len)
        crypto_open(cfg->data_key, aad, u.phone_enc, u.phone_enc_len, old, sizeof old, NULL);
    int changed = old[0] && strcmp(old, phone) != 0;
    memset(old, 0, sizeof old);
    unsigned char sealed[96], hmac[32];
    long n = crypto_seal(cfg->data_key, (int)cfg->data_key_version, aad, phone, strlen(phone), sealed,
                         sizeof sealed);
    crypto_lookup_hash(cfg->data_key, "phone", phone, hmac);
    memset(phone, 0, sizeof phone);
    if (n < 0)
        return req_fail(r, ERR_INTERNAL, NULL, NULL);
    /* a changed phone ends every old session (token version + refresh tokens), atomically with the change */
    rc = db_begin();
    if (rc == ST_OK)
        rc = store_account_user_set_phone(u.id, sealed, (unsigned long)n, hmac, changed);
    if (rc == ST_OK && changed)
        rc = store_account_refresh_revoke_subject("user", u.id);
    if (rc == ST_OK)
        rc = db_commit();
    else
        db_rollback();
    if (rc == ST_CONFLICT)
        return req_fail(r, ERR_ALREADY_EXISTS, "phone", "该手机号已绑定其他账号");
    if (rc == ST_OK)
        rc = store_account_user_get(u.id, &u);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    if (changed)
        return signed_in_reply(r, &u, NULL, 200);
    return req_reply(r, 200, json_pack("{s:o}", "user", user_json(&u)));
}

int api_auth_me(struct req *r)
{
    struct user_row u;
    enum st rc = store_account_user_get(r->who.id, &u);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    return req_reply(r, 200, json_pack("{s:o}", "user", user_json(&u)));
}
