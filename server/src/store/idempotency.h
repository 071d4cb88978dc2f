/* Store of idempotency keys (table idempotency_keys): the first answer of a write per (user, key), kept so
 * a retry gets it again (Stripe semantics, SECURITY.md). The claim is an INSERT inside the write's own
 * transaction: a concurrent claim of the same key blocks on InnoDB's key lock until the first commits
 * (then ST_CONFLICT) or rolls back (then it succeeds). Never sees JSON. */
#ifndef LG_STORE_IDEMPOTENCY_H
#define LG_STORE_IDEMPOTENCY_H

#include "store/db.h"

/* Inside a transaction: inserts the placeholder row for (user_id, key). ST_CONFLICT when a committed row
 * for the key exists (read it with store_idempotency_get after rolling back). hash: 32 bytes. */
enum st store_idempotency_claim(long long user_id, const char *key, const char *route,
                                const unsigned char hash[32]);
/* The stored answer of (user_id, key): route (cap 65), request hash, status and response text (malloc'd
 * into *response, the caller frees; *len its length). ST_NOTFOUND if none. */
enum st store_idempotency_get(long long user_id, const char *key, char route[65], unsigned char hash[32],
                              int *status, char **response, size_t *len);
/* Inside the claiming transaction: stores the answer (status and the exact reply text). */
enum st store_idempotency_finish(long long user_id, const char *key, int status, const char *response,
                                 size_t len);
/* Deletes keys older than age_s seconds (at most 5000 per call); *n gets how many. */
enum st store_idempotency_purge(long long age_s, long long *n);

#endif
