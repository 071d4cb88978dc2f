/* Store of accounts and refresh tokens. Each function is one or two prepared statements; transactions are
 * the caller's (api/auth.c) where a sequence must be atomic. */
#include "store/account.h"

#include <string.h>

enum st store_account_user_upsert(const char *openid, const char *unionid, long long *id)
{
    struct dbv in[] = {V_STR(openid), V_STR_OR_NULL(unionid)};
    unsigned long long last = 0;
    enum st rc = db_run(SQL_USER_UPSERT_OPENID, in, 2, NULL, 0, NULL, NULL, NULL, &last);
    if (rc == ST_OK)
        *id = (long long)last;
    return rc;
}

enum st store_account_user_get(long long id, struct user_row *out)
{
    struct dbv in[] = {V_I64(id)};
    long long tv = 0;
    struct dbout o[] = {O_I64(&out->id), O_STR(out->status, sizeof out->status), O_I64(&tv),
                        O_BLOB(out->phone_enc, sizeof out->phone_enc), O_I64(&out->created_at)};
    enum st rc = db_run(SQL_USER_GET, in, 1, o, 5, NULL, NULL, NULL, NULL);
    out->token_version = (long)tv;
    out->phone_enc_len = o[3].len;
    return rc;
}

enum st store_account_user_set_phone(long long id, const unsigned char *enc, unsigned long enclen,
                                     const unsigned char hmac[32], int bump)
{
    struct dbv in[] = {V_BLOB(enc, enclen), V_BLOB(hmac, 32), V_I64(bump ? 1 : 0), V_I64(id)};
    unsigned long long n = 0;
    enum st rc = db_run(SQL_USER_SET_PHONE, in, 4, NULL, 0, NULL, NULL, &n, NULL);
    return rc;
}

enum st store_account_admin_by_username(const char *username, struct admin_row *out)
{
    struct dbv in[] = {V_STR(username)};
    long long tv = 0;
    struct dbout o[] = {O_I64(&out->id),
                        O_STR(out->password_hash, sizeof out->password_hash),
                        O_STR(out->role, sizeof out->role),
                        O_STR(out->region, sizeof out->region),
                        O_STR(out->status, sizeof out->status),
                        O_I64(&tv),
                        O_STR(out->display_name, sizeof out->display_name)};
    enum st rc = db_run(SQL_ADMIN_BY_USERNAME, in, 1, o, 7, NULL, NULL, NULL, NULL);
    out->token_version = (long)tv;
    return rc;
}

enum st store_account_admin_login_ok(long long id)
{
    struct dbv in[] = {V_I64(id)};
    return db_run(SQL_ADMIN_LOGIN_OK, in, 1, NULL, 0, NULL, NULL, NULL, NULL);
}

enum st store_account_admin_get(long long id, char username[65], char role[12], char region[13],
                                char display_name[65])
{
    struct dbv in[] = {V_I64(id)};
    struct dbout o[] = {O_STR(username, 65), O_STR(role, 12), O_STR(region, 13), O_STR(display_name, 65)};
    return db_run(SQL_ADMIN_GET, in, 1, o, 4, NULL, NULL, NULL, NULL);
}

enum st store_account_admin_count(long long *n)
{
    struct dbout o[] = {O_I64(n)};
    return db_run(SQL_ADMIN_COUNT, NULL, 0, o, 1, NULL, NULL, NULL, NULL);
}

enum st store_account_admin_insert(const char *username, const char *password_hash, const char *role,
                                   const char *region, const char *display_name)
{
    struct dbv in[] = {V_STR(username), V_STR(password_hash), V_STR(role), V_STR_OR_NULL(region),
                       V_STR_OR_NULL(display_name)};
    return db_run(SQL_ADMIN_INSERT, in, 5, NULL, 0, NULL, NULL, NULL, NULL);
}

enum st store_account_auth_state(const char *kind, long long id, const char *family, long *token_version,
                                 char status[12], int *family_revoked)
{
    struct dbv in[] = {V_STR(family), V_I64(id)};
    long long tv = 0, revoked = 0;
    struct dbout o[] = {O_I64(&tv), O_STR(status, 12), O_I64(&revoked)};
    enum sql q = strcmp(kind, "admin") == 0 ? SQL_ADMIN_AUTH_STATE : SQL_USER_AUTH_STATE;
    enum st rc = db_run(q, in, 2, o, 3, NULL, NULL, NULL, NULL);
    *token_version = (long)tv;
    *family_revoked = revoked != 0;
    return rc;
}

enum st store_account_revoke_all(const char *kind, long long id)
{
    struct dbv in[] = {V_I64(id)};
    enum sql q = strcmp(kind, "admin") == 0 ? SQL_ADMIN_BUMP_TOKEN_VERSION : SQL_USER_BUMP_TOKEN_VERSION;
    enum st rc = db_begin();
    if (rc != ST_OK)
        return rc;
    rc = db_run(q, in, 1, NULL, 0, NULL, NULL, NULL, NULL);
    if (rc == ST_OK)
        rc = store_account_refresh_revoke_subject(kind, id);
    if (rc == ST_OK)
        return db_commit();
    db_rollback();
    return rc;
}

enum st store_account_refresh_insert(const char *jti, const char *kind, long long subject, const char *family,
                                     long long expires_at)
{
    struct dbv in[] = {V_STR(jti), V_STR(kind), V_I64(subject), V_STR(family), V_I64(expires_at)};
    return db_run(SQL_RT_INSERT, in, 5, NULL, 0, NULL, NULL, NULL, NULL);
}

enum st store_account_refresh_lock(const char *jti, struct refresh_row *out)
{
    struct dbv in[] = {V_STR(jti)};
    struct dbout o[] = {O_STR(out->kind, sizeof out->kind),
                        O_I64(&out->subject),
                        O_STR(out->family, sizeof out->family),
                        O_I64(&out->used),
                        O_I64(&out->revoked),
                        O_I64(&out->expires_at)};
    return db_run(SQL_RT_GET_LOCK, in, 1, o, 6, NULL, NULL, NULL, NULL);
}

enum st store_account_refresh_mark_used(const char *jti)
{
    struct dbv in[] = {V_STR(jti)};
    unsigned long long n = 0;
    enum st rc = db_run(SQL_RT_MARK_USED, in, 1, NULL, 0, NULL, NULL, &n, NULL);
    return rc == ST_OK && n != 1 ? ST_CONFLICT : rc;
}

enum st store_account_refresh_revoke_family(const char *family)
{
    struct dbv in[] = {V_STR(family)};
    return db_run(SQL_RT_REVOKE_FAMILY, in, 1, NULL, 0, NULL, NULL, NULL, NULL);
}

enum st store_account_refresh_revoke_subject(const char *kind, long long id)
{
    struct dbv in[] = {V_STR(kind), V_I64(id)};
    return db_run(SQL_RT_REVOKE_SUBJECT, in, 2, NULL, 0, NULL, NULL, NULL, NULL);
}

static enum st throttle_read(enum sql q, const char *username, const char *ip, struct throttle_row *out)
{
    struct dbv in[] = {V_STR(username), V_STR(ip)};
    struct dbout o[] = {O_I64(&out->failures), O_I64(&out->lockouts), O_I64(&out->locked_until),
                        O_I64(&out->last_failure_at)};
    memset(out, 0, sizeof *out);
    return db_run(q, in, 2, o, 4, NULL, NULL, NULL, NULL);
}

enum st store_account_throttle_get(const char *username, const char *ip, struct throttle_row *out)
{
    return throttle_read(SQL_THROTTLE_GET, username, ip, out);
}

enum st store_account_throttle_lock(const char *username, const char *ip, long long now,
                                    struct throttle_row *out)
{
    struct dbv in[] = {V_STR(username), V_STR(ip), V_I64(now)};
    enum st rc = db_run(SQL_THROTTLE_ENSURE, in, 3, NULL, 0, NULL, NULL, NULL, NULL);
    return rc == ST_OK ? throttle_read(SQL_THROTTLE_LOCK, username, ip, out) : rc;
}

enum st store_account_throttle_put(const char *username, const char *ip, const struct throttle_row *t)
{
    struct dbv in[] = {V_STR(username),        V_STR(ip),
                       V_I64(t->failures),     V_I64(t->lockouts),
                       V_I64(t->locked_until), V_I64(t->last_failure_at)};
    return db_run(SQL_THROTTLE_PUT, in, 6, NULL, 0, NULL, NULL, NULL, NULL);
}

enum st store_account_throttle_clear(const char *username, const char *ip)
{
    struct dbv in[] = {V_STR(username), V_STR(ip)};
    return db_run(SQL_THROTTLE_CLEAR, in, 2, NULL, 0, NULL, NULL, NULL, NULL);
}

struct stale {
    char username[65], ip[49];       /* the row being fetched */
    char users[20][65], ips[20][49]; /* the rows fetched */
    int n;
};

static int stale_row(void *ctx)
{
    struct stale *s = ctx;
    if (s->n < 20) {
        memcpy(s->users[s->n], s->username, sizeof s->username);
        memcpy(s->ips[s->n], s->ip, sizeof s->ip);
        s->n++;
    }
    return 0;
}

enum st store_account_throttle_purge(long long before)
{
    struct stale s = {.n = 0};
    struct dbv in[] = {V_I64(before)};
    struct dbout o[] = {O_STR(s.username, sizeof s.username), O_STR(s.ip, sizeof s.ip)};
    enum st rc = db_run(SQL_THROTTLE_STALE, in, 1, o, 2, stale_row, &s, NULL, NULL);
    for (int i = 0; rc == ST_OK && i < s.n; i++) {
        struct dbv del[] = {V_STR(s.users[i]), V_STR(s.ips[i]), V_I64(before)};
        rc = db_run(SQL_THROTTLE_DROP_STALE, del, 3, NULL, 0, NULL, NULL, NULL, NULL);
    }
    return rc == ST_NOTFOUND ? ST_OK : rc;
}
