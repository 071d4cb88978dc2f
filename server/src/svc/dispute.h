/* Settlement disputes 结算争议 (svc/dispute.c): the two operations that cross from settlements to complaints
 * and back, so that neither resource's routes know the other's. A worker's dispute opens an unpaid_wage
 * complaint for the bureau; the bureau closing that complaint (resolved or rejected) resolves the
 * settlement. Both join the CALLER's transaction; nothing here commits or sees a request. */
#ifndef LG_SVC_DISPUTE_H
#define LG_SVC_DISPUTE_H

#include "store/settlement.h"

/* The worker (l->worker_id) disputes settlement id (locked as *l) with reason: paid → disputed with the
 * reason stored and a history row, an unpaid_wage complaint opened on the worker's behalf (actor "system",
 * the text naming the gig, the settlement and the amount; its region the gig's) and recorded on the
 * settlement, and the employer told. *row gets the settlement as it now is. Returns ST_OK, ST_CONFLICT when
 * the settlement is not in a state that can be disputed, ST_ERR when the worker may not, or the store
 * status. */
enum st svc_dispute_open(long long id, const struct settlement_lock *l, const char *reason,
                         struct settlement_row *row);

/* Moves settlement_id disputed → resolved on behalf of the bureau (admin actor_admin_id, 0 = the system),
 * with a history row carrying note (its first 200 characters; NULL or "" gets a default text) and a
 * notification to both parties. Returns ST_OK, ST_NOTFOUND (no such settlement), ST_CONFLICT (not disputed:
 * already resolved, or never disputed) or a store error (the caller rolls back). */
enum st svc_dispute_resolve_settlement(long long settlement_id, long long actor_admin_id, const char *note);

#endif
