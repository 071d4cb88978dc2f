/* Settlements 薪酬委托结算 (SPEC §2, issue 6): records of what an employer owes and paid a worker for one
 * completed application — never money custody. The route handlers are in handlers.h; this header is what
 * other code calls: the system entry point the complaint flow uses when the bureau resolves a complaint
 * about a settlement, and the demo loader. */
#ifndef LG_API_SETTLEMENT_H
#define LG_API_SETTLEMENT_H

#include "store/db.h"

/* Moves settlement_id disputed → resolved on behalf of the bureau (admin actor_admin_id, 0 = the system),
 * through the settlement table of domain/fsm.c, with a settlement_history row carrying note (≤ 200
 * characters kept; NULL or "" gets a default text) and a notification to both parties. Call INSIDE the
 * caller's open transaction (db_begin); does not commit or roll back. Returns ST_OK, ST_NOTFOUND (no such
 * settlement), ST_CONFLICT (not disputed: already resolved, or never disputed) or a store error (the
 * caller rolls back). */
enum st settlement_resolve_system(long long settlement_id, long long actor_admin_id, const char *note);

/* seed-demo: records settlements in several states (recorded, paid, confirmed, disputed) for the
 * completed applications of the demo workers that have none yet, each with its history and inbox rows in
 * its own transaction. Idempotent. Returns 0 or -1. */
int settlement_demo_seed(void);

#endif
