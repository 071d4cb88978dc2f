/* Accounts: WeChat users, admin users, and refresh-token families (table family users, admin_users,
 * refresh_tokens). Writes into caller-owned structs; never sees JSON or plaintext personal data. */
#ifndef LG_STORE_ACCOUNT_H
#define LG_STORE_ACCOUNT_H

#include "store/db.h"

struct user_row {
    long long id;
    char status[12];
    long token_version;
    unsigned char phone_enc[96];
    unsigned long phone_enc_len; /* 0 = no phone bound */
    long long created_at;
};

/* Creates the user for openid or finds the existing one (one atomic statement, so a failure never leaves
 * half a user). *id gets the user id. */
enum st store_account_user_upsert(const char *openid, const char *unionid, long long *id);
enum st store_account_user_get(long long id, struct user_row *out);
/* Stores a sealed phone and its lookup hash; bump adds to token_version (1 on a phone change).
 * ST_CONFLICT: another account has this phone. */
enum st store_account_user_set_phone(long long id, const unsigned char *enc, unsigned long enclen,
                                     const unsigned char hmac[32], int bump);

struct admin_row {
    long long id;
    char password_hash[201];
    char role[12];
    char region[13];
    char status[12];
    long token_version;
    char display_name[65];
};
enum st store_account_admin_by_username(const char *username, struct admin_row *out);
/* Records a successful sign-in (last_login_at). */
enum st store_account_admin_login_ok(long long id);

/* Failed admin sign-ins of one username (as typed, whether or not it exists) from one client address.
 * Times are Unix seconds; locked_until 0 = not locked. The rule that moves it is api/admin_auth.c's. */
struct throttle_row {
    long long failures, lockouts, locked_until, last_failure_at;
};
/* The pair's row, without locking; ST_NOTFOUND when it has none. */
enum st store_account_throttle_get(const char *username, const char *ip, struct throttle_row *out);
/* The pair's row, created (all zero, last failure at now) if missing, then locked: call inside a
 * transaction. Locks only the pair's own row. */
enum st store_account_throttle_lock(const char *username, const char *ip, long long now,
                                    struct throttle_row *out);
/* Writes the pair's row. */
enum st store_account_throttle_put(const char *username, const char *ip, const struct throttle_row *t);
/* Forgets the pair (a successful sign-in): deletes its row, whatever its age. */
enum st store_account_throttle_clear(const char *username, const char *ip);
/* Deletes up to 20 rows whose last failure is before `before` (Unix seconds), one row lock at a time and
 * outside any transaction, so the table holds about the failures of the last 2 × ADMIN_LOCKOUT_MAX_S. */
enum st store_account_throttle_purge(long long before);

/* Reads the public profile of an admin: username (65), role (12), region (13), display name (65). */
enum st store_account_admin_get(long long id, char username[65], char role[12], char region[13],
                                char display_name[65]);
enum st store_account_admin_count(long long *n);
enum st store_account_admin_insert(const char *username, const char *password_hash, const char *role,
                                   const char *region, const char *display_name);

/* kind is "user" or "admin". Token version and status of the subject, and whether the token family
 * `family` has been revoked (a replayed refresh token, logout, a phone change), for the auth gate: one
 * statement, one primary-key read and one index seek. */
enum st store_account_auth_state(const char *kind, long long id, const char *family, long *token_version,
                                 char status[12], int *family_revoked);
/* Revokes every token of the subject: bumps its token version and revokes its refresh tokens. */
enum st store_account_revoke_all(const char *kind, long long id);

struct refresh_row {
    char kind[8];
    long long subject;
    char family[33];
    long long used, revoked, expires_at;
};
enum st store_account_refresh_insert(const char *jti, const char *kind, long long subject, const char *family,
                                     long long expires_at);
/* Reads and locks the refresh token row; call inside a transaction. */
enum st store_account_refresh_lock(const char *jti, struct refresh_row *out);
/* ST_CONFLICT if it was already used (a concurrent refresh won). */
enum st store_account_refresh_mark_used(const char *jti);
enum st store_account_refresh_revoke_family(const char *family);
enum st store_account_refresh_revoke_subject(const char *kind, long long id);

#endif
