/* Result confirmation 结果确认 seen from the periodic task: the auto-confirm pass. The route handler
 * (POST /applications/{id}/confirm) is in handlers.h. */
#ifndef LG_API_CONFIRM_H
#define LG_API_CONFIRM_H

/* Completes every accepted application whose gig ended more than AUTO_CONFIRM_DAYS ago (by the clock of
 * the rules: time(NULL) + CLOCK_OFFSET_S), confirming for the side(s) that did not, with one system
 * history row and a notification to each side per application. Safe on several nodes at once: rows are
 * picked FOR UPDATE SKIP LOCKED and changed with conditional updates. Returns how many applications were
 * completed, or -1 on a store error (what committed before it stays). */
long confirm_auto_run(void);

#endif
