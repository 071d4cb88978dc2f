/* Store of idempotency keys. The reply text is stored as sent, so a replay is byte for byte. */
#include "store/idempotency.h"

#include <stdlib.h>
#include <string.h>

#define RESPONSE_MAX (256 * 1024) /* replies of the idempotent routes are a few KB */

enum st store_idempotency_claim(long long user_id, const char *key, const char *route,
                                const unsigned char hash[32])
{
    struct dbv in[] = {V_I64(user_id), V_STR(key), V_STR(route), V_BLOB(hash, 32)};
    return db_run(SQL_IDEM_INSERT, in, 4, NULL, 0, NULL, NULL, NULL, NULL);
}

enum st store_idempotency_get(long long user_id, const char *key, char route[65], unsigned char hash[32],
                              int *status, char **response, size_t *len)
{
    char *buf = malloc(RESPONSE_MAX);
    if (!buf)
        return ST_ERR;
    long long st = 0;
    struct dbv in[] = {V_I64(user_id), V_STR(key)};
    struct dbout o[] = {O_STR(route, 65), O_BLOB(hash, 32), O_I64(&st), O_STR(buf, RESPONSE_MAX)};
    enum st rc = db_run(SQL_IDEM_GET, in, 2, o, 4, NULL, NULL, NULL, NULL);
    if (rc != ST_OK) {
        free(buf);
        return rc;
    }
    *status = (int)st;
    *response = buf;
    *len = o[3].len;
    return ST_OK;
}

enum st store_idempotency_finish(long long user_id, const char *key, int status, const char *response,
                                 size_t len)
{
    struct dbv in[] = {V_I64(status), V_STRN(response, len), V_I64(user_id), V_STR(key)};
    unsigned long long n = 0;
    enum st rc = db_run(SQL_IDEM_FINISH, in, 4, NULL, 0, NULL, NULL, &n, NULL);
    return rc == ST_OK && n != 1 ? ST_ERR : rc;
}

enum st store_idempotency_purge(long long age_s, long long *n)
{
    unsigned long long k = 0;
    struct dbv in[] = {V_I64(age_s)};
    enum st rc = db_run(SQL_IDEM_PURGE, in, 1, NULL, 0, NULL, NULL, &k, NULL);
    *n = (long long)k;
    return rc;
}
