/* WeChat sign-in, token refresh with rotation and reuse detection, logout, phone binding and /auth/me (the
 * gate's token check is http/auth.c). Each write is one handler_tx; the user object is the one view's
 * (svc/view_profile.c). session_key from WeChat is never read into our structs, stored, logged or returned.
 * Phones are sealed with AES-256-GCM (AAD users.phone:<id>) and only ever answered masked. */
#include <stdio.h>
#include <string.h>

#include "api/handlers.h"
#include "core/config.h"
#include "domain/phone.h"
#include "ext/crypto.h"
#include "ext/token.h"
#include "ext/wechat.h"
#include "http/handler.h"
#include "http/input.h"
#include "http/req.h"
#include "store/account.h"
#include "svc/session.h"
#include "svc/view_profile.h"

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

/* Issues a token pair (a new family) and sets the sign-in reply {access_token, refresh_token, token_type,
 * expires_in, user}. Inside the caller's transaction: the refresh token is recorded with the write. */
static int signed_in_reply(struct req *r, const struct user_row *u, int status)
{
    struct session_subject s = {"user", u->id, "user", "", u->token_version};
    json_t *out = json_object();
    enum st rc = svc_session_issue(&s, NULL, r->now, out);
    if (rc != ST_OK) {
        json_decref(out);
        return req_store_fail(r, rc);
    }
    json_object_set_new(out, "user", view_profile_user(u));
    return req_reply(r, status, out);
}

/* The sign-in write: the user found or created by openid, and a token pair. A disabled account's sign-in
 * has always recorded the visit (the upsert's last_login_at) before it is refused, so the refusal is
 * answered after the commit: the body notes it and returns 200, and the handler answers 403. */
struct wechat_signin {
    const struct wechat_session *ws;
    int disabled;
};

static int wechat_tx(struct req *r, void *ctx)
{
    struct wechat_signin *w = ctx;
    struct user_row u;
    long long id = 0;
    w->disabled = 0;
    enum st rc = store_account_user_upsert(w->ws->openid, w->ws->unionid, &id);
    if (rc == ST_OK)
        rc = store_account_user_get(id, &u);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    if (strcmp(u.status, "active") != 0) {
        w->disabled = 1;
        return 200;
    }
    return signed_in_reply(r, &u, 200);
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
    struct wechat_signin w = {&ws, 0};
    st = handler_tx(r, wechat_tx, &w);
    return st == 200 && w.disabled ? req_fail(r, ERR_ACCOUNT_DISABLED, NULL, NULL) : st;
}

/* The refresh rotation: the token's record locked, checked against the claims and the subject's current
 * token version, marked used, and the next token of the family issued. A used token that comes back
 * revokes its whole family, and that revocation must commit although the answer is 401 refresh_reused:
 * the body notes the reuse and returns 200 (commit), and the handler answers the error after. */
struct refresh {
    struct token_claims c;
    int reused;
};

static int refresh_tx(struct req *r, void *ctx)
{
    struct refresh *f = ctx;
    const struct token_claims *c = &f->c;
    struct refresh_row row;
    f->reused = 0;
    enum st rc = store_account_refresh_lock(c->jti, &row);
    if (rc == ST_NOTFOUND || (rc == ST_OK && (row.revoked || strcmp(row.family, c->fam) != 0 ||
                                              strcmp(row.kind, c->kind) != 0 || row.subject != c->sub)))
        return req_fail(r, ERR_TOKEN_INVALID, "refresh_token", NULL);
    if (rc == ST_OK && row.used) {
        /* A used refresh token came back: it was stolen, or the client lost a reply. Either way the family
         * can no longer be trusted. */
        rc = store_account_refresh_revoke_family(row.family);
        if (rc != ST_OK)
            return req_store_fail(r, rc);
        f->reused = 1;
        return 200;
    }
    long tv = 0;
    char status[12];
    int family_revoked = 0;
    if (rc == ST_OK)
        rc = store_account_auth_state(c->kind, c->sub, c->fam, &tv, status, &family_revoked);
    if (rc == ST_OK && (tv != c->tv || family_revoked || strcmp(status, "active") != 0))
        return req_fail(r, ERR_TOKEN_INVALID, "refresh_token", NULL);
    if (rc == ST_OK)
        rc = store_account_refresh_mark_used(c->jti);
    json_t *out = json_object();
    struct session_subject s = {c->kind, c->sub, c->role, c->region, tv};
    if (rc == ST_OK)
        rc = svc_session_issue(&s, c->fam, r->now, out);
    if (rc == ST_OK && strcmp(c->kind, "user") == 0) {
        struct user_row u;
        rc = store_account_user_get(c->sub, &u);
        if (rc == ST_OK)
            json_object_set_new(out, "user", view_profile_user(&u));
    }
    if (rc != ST_OK) {
        json_decref(out);
        return req_store_fail(r, rc);
    }
    return req_reply(r, 200, out);
}

int api_auth_refresh(struct req *r)
{
    static const struct field fields[] = {{"refresh_token", F_STR, 1, 1, 4096}};
    int st = input_check(r, fields, 1);
    if (st)
        return st;
    struct refresh f = {.reused = 0};
    enum token_result tr =
        token_verify(token_keys_current(), input_str(r, "refresh_token"), TOKEN_REFRESH, r->now, 0, &f.c);
    if (tr == TOKEN_EXPIRED)
        return req_fail(r, ERR_TOKEN_EXPIRED, "refresh_token", NULL);
    if (tr != TOKEN_OK)
        return req_fail(r, ERR_TOKEN_INVALID, "refresh_token", NULL);
    st = handler_tx(r, refresh_tx, &f);
    return st == 200 && f.reused ? req_fail(r, ERR_REFRESH_REUSED, "refresh_token", NULL) : st;
}

/* Revokes every token of the caller (store_account_revoke_all is one transaction of its own). */
int api_auth_logout(struct req *r)
{
    const char *kind = r->who.kind == PRINCIPAL_ADMIN ? "admin" : "user";
    enum st rc = store_account_revoke_all(kind, r->who.id);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    return req_reply(r, 200, json_pack("{s:b}", "logged_out", 1));
}

/* A phone binding: the sealed number and its lookup hash, computed before the transaction. */
struct phone_bind {
    long long id;
    unsigned char sealed[96], hmac[32];
    unsigned long len;
    int changed; /* another number was bound before */
};

/* A changed phone ends every old session (token version + refresh tokens), atomically with the change,
 * and the answer carries a new token pair issued in the same transaction. */
static int phone_tx(struct req *r, void *ctx)
{
    const struct phone_bind *b = ctx;
    struct user_row u;
    enum st rc = store_account_user_set_phone(b->id, b->sealed, b->len, b->hmac, b->changed);
    if (rc == ST_OK && b->changed)
        rc = store_account_refresh_revoke_subject("user", b->id);
    if (rc == ST_CONFLICT)
        return req_fail(r, ERR_ALREADY_EXISTS, "phone", "该手机号已绑定其他账号");
    if (rc == ST_OK)
        rc = store_account_user_get(b->id, &u);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    if (b->changed)
        return signed_in_reply(r, &u, 200);
    return req_reply(r, 200, json_pack("{s:o}", "user", view_profile_user(&u)));
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
    struct phone_bind b = {.id = u.id};
    char aad[48], old[64] = "";
    snprintf(aad, sizeof aad, "users.phone:%lld", u.id);
    if (u.phone_enc_len)
        crypto_open(cfg->data_key, aad, u.phone_enc, u.phone_enc_len, old, sizeof old, NULL);
    b.changed = old[0] && strcmp(old, phone) != 0;
    memset(old, 0, sizeof old);
    long n = crypto_seal(cfg->data_key, (int)cfg->data_key_version, aad, phone, strlen(phone), b.sealed,
                         sizeof b.sealed);
    crypto_lookup_hash(cfg->data_key, "phone", phone, b.hmac);
    memset(phone, 0, sizeof phone);
    if (n < 0)
        return req_fail(r, ERR_INTERNAL, NULL, NULL);
    b.len = (unsigned long)n;
    return handler_tx(r, phone_tx, &b);
}

int api_auth_me(struct req *r)
{
    struct user_row u;
    enum st rc = store_account_user_get(r->who.id, &u);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    return req_reply(r, 200, json_pack("{s:o}", "user", view_profile_user(&u)));
}
