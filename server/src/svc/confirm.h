/* Result confirmation 结果确认 (svc/confirm.c): completing an application, and the periodic auto-confirm
 * pass. The route (POST /applications/{id}/confirm) is api/confirm.c. */
#ifndef LG_SVC_CONFIRM_H
#define LG_SVC_CONFIRM_H

#include "domain/fsm.h"
#include "store/application.h"

/* Inside the caller's transaction: moves a (locked, accepted, both sides now confirmed) to completed with
 * its history row and a notification to each side. actor_kind "user" with actor_id, or "system" with 0. */
enum st svc_confirm_complete(const struct application_row *a, enum fsm_role role, const char *actor_kind,
                             long long actor_id, const char *reason);

/* Completes every accepted application whose gig ended more than AUTO_CONFIRM_DAYS ago (by the clock of
 * the rules: time(NULL) + CLOCK_OFFSET_S), confirming for the side(s) that did not, with one system
 * history row and a notification to each side per application. Safe on several nodes at once: rows are
 * picked FOR UPDATE SKIP LOCKED and changed with conditional updates. Returns how many applications were
 * completed, or -1 on a store error (what committed before it stays). */
long svc_confirm_auto_run(void);

#endif
