/* What handlers share beyond the request itself (http/handler.c): the transaction scope of a write, with
 * Idempotency-Key semantics for writes that must not be doubled (apply, accept/reject, sign, settle, pay,
 * confirm), a text field through the word filter, and the credit gate. Part of the request contract that
 * api/ may include (with req.h, input.h, errors.h and cache.h).
 *
 * Use, in a handler that writes:
 *     static int accept_tx(struct req *r, void *p)     // compute + write, then the reply (a view)
 *     {
 *         struct accept *a = p;
 *         if (!allowed) return req_fail(r, ERR_STATE_CONFLICT, NULL, msg);   // rolled back
 *         enum st rc = store_...(...);
 *         if (rc != ST_OK) return req_store_fail(r, rc);                    // rolled back (or retried)
 *         return req_reply(r, 200, view_...(...));                         // committed
 *     }
 *     return handler_tx_idem(r, accept_tx, &a);
 *
 * Idempotency-Key (Stripe semantics, on (user, key)): the same key with the same route and body replays the
 * first answer byte for byte (status and body); the same key with another route or body is 422
 * idempotency_mismatch; concurrent requests with one key execute once. Only answers of writes that
 * committed are kept (an error rolls the claim back, so a retry runs again). Keys live 48 h (svc/tasks.c).
 */
#ifndef LG_HTTP_HANDLER_H
#define LG_HTTP_HANDLER_H

#include <jansson.h>

#include "http/req.h"
#include "svc/credit.h"
#include "svc/moderation.h"

/* A transaction body: computes and writes inside the open transaction and sets the reply. Returns the HTTP
 * status: 2xx/3xx commits; anything else rolls back. It may run more than once (after a deadlock), so it
 * must not keep effects outside the database between runs; each run starts with no reply set. */
typedef int (*handler_tx_fn)(struct req *r, void *ctx);

/* Runs fn in the one transaction scope (store/db.h db_tx: deadlock and lock-wait retry). Returns the
 * status sent: fn's, or the store failure's (503/500) when the transaction could not begin or commit. */
int handler_tx(struct req *r, handler_tx_fn fn, void *ctx);

/* handler_tx for writes that honour Idempotency-Key. With the header the key is claimed first inside the
 * same transaction and the answer stored with the write; a replay answers the stored bytes and runs
 * nothing; 400 for a malformed key (1-128 visible ASCII characters), 422 idempotency_mismatch. The reply
 * is sent as the exact bytes stored. Without the header it is handler_tx. */
int handler_tx_idem(struct req *r, handler_tx_fn fn, void *ctx);

/* Checks text (NUL-terminated UTF-8; NULL passes) about to be stored in field. Returns 0 with *out filled
 * (pass, mask or review), or the status of the error reply it set: 422 content_rejected naming the field
 * and the category in zh-CN (never the words), 400 for invalid UTF-8, 503 when no lexicon could be loaded. */
int handler_moderate(struct req *r, const char *field, const char *text, struct moderation *out);

/* 0 when user_id is not restricted; otherwise sets the 403 credit_restricted reply (its message says the
 * score, the threshold and the entry that caused the restriction) and returns 403. A store failure sets its
 * reply and returns its status. Reads without locking; does not touch the caller's transaction. */
int handler_credit_gate(struct req *r, long long user_id, enum credit_gate what);

#endif
