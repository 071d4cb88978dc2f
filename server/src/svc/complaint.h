/* Complaints 诉求 below the routes (svc/complaint.c): where a complaint is handled, what opening one writes,
 * what the complainant hears at each step, and the SLA escalation pass of the periodic task. Shared by the
 * routes (api/complaint.c), the dispute flow (svc/dispute.c) and the demo loader. Never sees a request. */
#ifndef LG_SVC_COMPLAINT_H
#define LG_SVC_COMPLAINT_H

#include <stddef.h>

#include "store/complaint.h"

/* The zh-CN name of a complaint category ("拖欠工资"), or name itself when it names none. Static. */
const char *svc_complaint_category_label(const char *name);

/* The county-level region a complaint is handled in, into out: the gig's (gig_region, NULL when no gig),
 * else the respondent's employer profile's, else the complainant's (worker, then employer), else the
 * respondent's worker profile's. A town code (9 or 12 digits) is handled by its county. Returns 0, -1 when
 * none is known, or -2 on a store error. */
int svc_complaint_region(const char *gig_region, long long respondent, long long complainant, char out[13]);

/* Inside the caller's transaction: writes complaint n (its SLA deadline COMPLAINT_SLA_WORKDAYS working days
 * from now by the rules' clock, unless n sets one), its first history row by (actor_kind, actor_id) with
 * reason, and the complainant's notification. *id gets the new id. Returns the store status. */
enum st svc_complaint_open(struct complaint_new *n, const char *actor_kind, long long actor_id,
                           const char *reason, long long *id);

/* What the complainant of complaint id hears when it moves to state to (accepted, handling, resolved with
 * upheld, rejected) with the bureau's note (NULL: none): the notification kind and title (static) and the
 * body, written into body. */
void svc_complaint_news(const char *to, long long id, int upheld, const char *note, const char **kind,
                        const char **title, char *body, size_t cap);

/* The escalation pass of the periodic task: every complaint still submitted/accepted/handling whose SLA
 * deadline has passed (by the clock of the rules) and that was not escalated yet is escalated to the
 * parent region once, each in its own transaction, with a history row and a notification to the
 * complainant. Safe on several nodes at once (conditional update on escalated_at IS NULL). Uses the calling
 * thread's connection, which must not be in a transaction. Returns how many complaints were escalated, or
 * -1 on a store error. */
long svc_complaint_escalate_run(void);

#endif
