/* Settlements 薪酬委托结算 below the routes (svc/settlement.c): recording one with its item lines, moving it
 * through the settlement table of domain/fsm.c with its history row, and what the parties hear. Shared by
 * the routes (api/settlement.c), the dispute flow (svc/dispute.c) and the demo loader. Every write joins the
 * CALLER's transaction; nothing here commits, opens complaints or builds JSON. */
#ifndef LG_SVC_SETTLEMENT_H
#define LG_SVC_SETTLEMENT_H

#include <stddef.h>

#include "domain/fsm.h"
#include "domain/settlement.h"
#include "store/application.h"
#include "store/settlement.h"

/* Attendance summed over an application: minutes worked and days attended. */
struct settlement_worked {
    long long minutes, days;
};

/* Reads the attendance of application_id into *w (zeroed first). Returns the store status. */
enum st svc_settlement_worked(long long application_id, struct settlement_worked *w);

/* Inside the caller's transaction: stores computation c for application a (locked, completed, gig paid by
 * unit) with its base line, the n_items item lines (item_fen[i], labels[i]), the history row by the
 * employer (reason may be NULL) and the worker's notification. *sid gets the new id. ST_CONFLICT when the
 * application already has one. */
enum st svc_settlement_record(const struct application_row *a, const struct settlement_worked *w,
                              enum money_unit unit, const struct settlement_calc *c, const char *reason,
                              const long long *item_fen, const char *const *labels, size_t n_items,
                              long long *sid);

/* Inside the caller's transaction: moves settlement id (locked as *l) by action as role, with a history row
 * by (actor_kind, actor_id) carrying reason, the pay fields (method, reference) or the dispute reason.
 * *row gets the settlement as it now is. Notifies nobody. Returns ST_OK, ST_CONFLICT when the table has no
 * such transition from its state, ST_ERR when the role may not (callers check that first), or the store
 * status. */
enum st svc_settlement_transition(long long id, const struct settlement_lock *l, enum fsm_action action,
                                  enum fsm_role role, const char *actor_kind, long long actor_id,
                                  const char *method, const char *reference, const char *reason,
                                  struct settlement_row *row);

/* Inside the caller's transaction: tells user_id about action on s (paid, confirmed, disputed, resolved). */
enum st svc_settlement_tell(long long user_id, enum fsm_action action, const struct settlement_row *s);

/* svc_settlement_transition, then the news: a resolution to both parties, anything else to the other party
 * than role's. Not for disputes (svc_dispute_open opens the complaint between the two). */
enum st svc_settlement_move(long long id, const struct settlement_lock *l, enum fsm_action action,
                            enum fsm_role role, const char *actor_kind, long long actor_id,
                            const char *method, const char *reference, const char *reason,
                            struct settlement_row *row);

#endif
