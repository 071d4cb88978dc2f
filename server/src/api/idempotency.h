/* Idempotency-Key for writes that must not be doubled (apply, accept/reject; later sign, settle, pay,
 * confirm), with Stripe semantics on (user, key): the same key with the same route and body replays the
 * first answer byte for byte (status and body); the same key with another route or body is 422
 * idempotency_mismatch; concurrent requests with one key execute once. Only answers of writes that
 * committed are kept (an error rolls the claim back, so a retry runs again). Keys live 48 h (tasks.c).
 *
 * Use, in a handler that writes:
 *     struct idem idem;
 *     int st = idempotency_begin(r, &idem);      // opens the transaction; replies on replay/mismatch
 *     if (st) return st;
 *     ... writes; on failure: db_rollback(); return error status ...
 *     json_t *reply = ...;                         // built INSIDE the transaction
 *     return idempotency_commit(r, &idem, 201, reply);   // stores the answer, commits, replies
 */
#ifndef LG_API_IDEMPOTENCY_H
#define LG_API_IDEMPOTENCY_H

#include <jansson.h>

#include "api/req.h"

struct idem {
    int on; /* a key was sent and claimed by this request */
    char route[65];
    unsigned char hash[32];
};

/* Opens the write's transaction and, when the request carries an Idempotency-Key, claims it. Returns 0
 * with the transaction open, or an HTTP status with the reply set and no transaction open: the replayed
 * first answer, 400 for a malformed key (1-128 visible ASCII characters), 422 idempotency_mismatch, 503
 * or 500. Without the header it only opens the transaction. */
int idempotency_begin(struct req *r, struct idem *ctx);

/* Inside the transaction begun by idempotency_begin: serialises reply (takes ownership) into the exact
 * bytes that are sent, stores them with status under the key (if any), commits and sets the request's
 * reply. On a store failure rolls back and answers the error. Returns the HTTP status sent. */
int idempotency_commit(struct req *r, struct idem *ctx, int status, json_t *reply);

/* Deletes keys older than 48 hours (the periodic task). Returns how many, or -1. */
long idempotency_purge(void);

#endif
