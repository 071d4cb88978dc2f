/* Result confirmation's writes shared by the route (api/confirm.c) and the periodic task: completing an
 * application once both sides confirmed, and the auto-confirm pass for silent sides AUTO_CONFIRM_DAYS
 * after the gig's end (with the 诚信分 entry of the side that let it lapse). No request, no reply: the
 * route decides who may confirm and shapes the answer. */
#include "svc/confirm.h"

#include <stdio.h>
#include <time.h>

#include "core/config.h"
#include "core/log.h"
#include "domain/attendance.h"
#include "domain/fsm.h"
#include "store/attendance.h"
#include "svc/credit.h"
#include "svc/notify.h"

/* Inside the transaction: moves a (locked, accepted, both sides now confirmed) to completed with its
 * history row and a notification to each side. actor_kind "user" with actor_id, or "system" with 0. */
enum st svc_confirm_complete(const struct application_row *a, enum fsm_role role, const char *actor_kind,
                             long long actor_id, const char *reason)
{
    int to;
    if (fsm_next(FSM_APPLICATION, FSM_APPLICATION_ACCEPTED, FSM_ACT_COMPLETE, role, &to) != FSM_OK)
        return ST_ERR;
    const char *to_name = fsm_state_name(FSM_APPLICATION, to);
    enum st rc = store_application_set_status(a->id, "accepted", to_name, 0);
    if (rc == ST_OK)
        rc = store_application_history_add(a->id, actor_kind, actor_id, "accepted", to_name, reason);
    char body[256];
    snprintf(body, sizeof body, "「%s」的工作结果已确认完成，可以进行结算和互评了", a->gig_title);
    if (rc == ST_OK)
        rc = svc_notify_user(a->worker_id, "application_completed", "工作已完成", body, "application", a->id);
    if (rc == ST_OK)
        rc = svc_notify_user(a->employer_id, "application_completed", "工作已完成", body, "application",
                             a->id);
    return rc;
}

/* One application of the pass: its id, and the row read inside the transaction (the task thread only). */
struct auto_one {
    long long id;
    struct application_row a;
};

static enum st auto_one_tx(void *p)
{
    struct auto_one *o = p;
    struct application_row *a = &o->a;
    struct attendance_due d;
    enum st rc = store_attendance_confirm_claim(o->id, &d);
    if (rc == ST_OK && d.worker_missing)
        rc = store_application_confirm_side(o->id, "worker");
    if (rc == ST_OK && d.employer_missing)
        rc = store_application_confirm_side(o->id, "employer");
    if (rc == ST_OK)
        rc = store_application_get(o->id, a);
    if (rc == ST_OK)
        rc = svc_confirm_complete(a, FSM_ROLE_SYSTEM, "system", 0, "结果确认期满，系统自动确认");
    /* 诚信分: the side that let the confirmation lapse (issue 7) */
    if (rc == ST_OK && d.worker_missing)
        rc = svc_credit_apply(a->worker_id, "missed_confirmation", 0, "application", o->id, 0, NULL);
    if (rc == ST_OK && d.employer_missing)
        rc = svc_credit_apply(a->employer_id, "missed_confirmation", 0, "application", o->id, 0, NULL);
    return rc;
}

/* Claims and completes application id in its own transaction. Returns 1 completed, 0 skipped (another
 * node holds it, or it is no longer accepted), -1 on a store error. One transaction per application keeps
 * each lock short, so two nodes walking the same candidate list interleave instead of waiting. */
static int auto_one(long long id)
{
    static struct auto_one o; /* the task thread only */
    o.id = id;
    enum st rc = db_tx(auto_one_tx, &o);
    /* NOTFOUND: claimed elsewhere or changed; CONFLICT: a conditional update found it changed anyway */
    return rc == ST_OK ? 1 : (rc == ST_NOTFOUND || rc == ST_CONFLICT) ? 0 : -1;
}

long svc_confirm_auto_run(void)
{
    static long long ids[ATTENDANCE_DUE_BATCH];
    const struct config *cfg = config_current();
    if (!cfg)
        return 0;
    long long cutoff =
        (long long)time(NULL) + cfg->clock_offset_s - (long long)cfg->auto_confirm_days * 86400;
    long total = 0, done;
    int n, failed = 0;
    do {
        if (store_attendance_confirm_due(cutoff, ids, &n) != ST_OK) {
            failed = 1;
            break;
        }
        done = 0;
        for (int i = 0; i < n && !failed; i++) {
            /* a deadlock with another node (over the same employer's 诚信分, say) is retried by db_tx;
             * any other error rolls back that one application and the next pass takes it again */
            int one = auto_one(ids[i]);
            if (one < 0)
                failed = 1;
            else
                done += one;
        }
        total += done;
    } while (!failed && n == ATTENDANCE_DUE_BATCH && done > 0); /* a full list that moved: there may be more;
                                                                   one that did not is held by another node */
    if (total) /* what was committed, even when the pass stopped on an error */
        log_info("applications auto-confirmed", "\"count\":%ld", total);
    return failed && !total ? -1 : total;
}
