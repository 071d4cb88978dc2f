/* Result confirmation 结果确认 (SPEC §2): each side of an accepted application confirms the work is done;
 * when both have, the application moves accepted → completed through the application table of
 * domain/fsm.c with a history row and inbox notifications, all in one transaction. A side may confirm
 * once the gig has ended or the last work day has a check-out. Confirming again is not an error: the
 * same side gets 200 with the current state and nothing is written. Idempotency-Key is honoured. The
 * periodic task confirms for silent sides AUTO_CONFIRM_DAYS after the end (confirm_auto_run). */
#include "api/confirm.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "api/credit.h"
#include "api/handlers.h"
#include "api/idempotency.h"
#include "api/notify.h"
#include "core/log.h"
#include "domain/attendance.h"
#include "domain/fsm.h"
#include "store/application.h"
#include "store/attendance.h"

static const char *status_zh(const char *status)
{
    static const char *const zh[] = {"已报名", "已录用", "未录用", "已撤回", "已取消", "未到岗", "已完成"};
    int s;
    return fsm_state_parse(FSM_APPLICATION, status, &s) == 0 ? zh[s] : status;
}

static json_t *time_or_null(long long t)
{
    char buf[24];
    return t > 0 ? json_string(api_time(t, buf)) : json_null();
}

/* {confirmation: {...}} of application a as it stands. */
static json_t *confirmation_json(const struct application_row *a)
{
    long long auto_at = a->gig_ends_at + (long long)api_config()->auto_confirm_days * 86400;
    return json_pack(
        "{s:{s:I, s:s, s:o, s:o, s:o, s:o}}", "confirmation", "application_id", (json_int_t)a->id, "status",
        a->status, "worker_confirmed_at", time_or_null(a->worker_confirmed_at), "employer_confirmed_at",
        time_or_null(a->employer_confirmed_at), "completed_at", time_or_null(a->completed_at),
        "auto_confirm_at", strcmp(a->status, "accepted") == 0 ? time_or_null(auto_at) : json_null());
}

/* Inside the transaction: moves a (locked, accepted, both sides now confirmed) to completed with its
 * history row and a notification to each side. actor_kind "user" with actor_id, or "system" with 0. */
static enum st complete(const struct application_row *a, enum fsm_role role, const char *actor_kind,
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
        rc = notify_user(a->worker_id, "application_completed", "工作已完成", body, "application", a->id);
    if (rc == ST_OK)
        rc = notify_user(a->employer_id, "application_completed", "工作已完成", body, "application", a->id);
    return rc;
}

int api_confirm(struct req *r)
{
    struct application_row a; /* 2 KB of the worker's 100 KB stack; TLS would cost every thread */
    long long id = r->ids[0], now = r->now + api_config()->clock_offset_s;
    struct idem idem;
    int st = idempotency_begin(r, &idem);
    if (st)
        return st;
    enum st rc = store_application_lock(id, &a);
    if (rc != ST_OK) {
        db_rollback();
        return api_store_fail(r, rc);
    }
    int worker = r->who.id == a.worker_id, employer = r->who.id == a.employer_id;
    if (!worker && !employer) {
        db_rollback();
        return req_fail(r, ERR_NOT_FOUND, NULL, NULL);
    }
    long long mine = worker ? a.worker_confirmed_at : a.employer_confirmed_at;
    long long theirs = worker ? a.employer_confirmed_at : a.worker_confirmed_at;
    if (mine) /* this side already confirmed (or the system did for it): the current state, nothing written */
        return idempotency_commit(r, &idem, 200, confirmation_json(&a));
    if (strcmp(a.status, "accepted") != 0) {
        char msg[128];
        snprintf(msg, sizeof msg, "报名当前状态为「%s」，不能确认结果", status_zh(a.status));
        db_rollback();
        return req_fail(r, ERR_STATE_CONFLICT, NULL, msg);
    }
    if (now < a.gig_ends_at) {
        /* before the end only when the last work day has been checked out */
        struct attendance_day last;
        int n = attendance_day_count(a.gig_starts_at, a.gig_ends_at), done = 0;
        rc = n > 0 && attendance_day_at(a.gig_starts_at, a.gig_ends_at, n - 1, &last) == 0
                 ? store_attendance_day_checked_out(id, last.date, &done)
                 : ST_OK;
        if (rc != ST_OK || !done) {
            db_rollback();
            return rc != ST_OK ? api_store_fail(r, rc) : req_fail(r, ERR_CONFIRM_TOO_EARLY, NULL, NULL);
        }
    }
    rc = store_application_confirm_side(id, worker ? "worker" : "employer");
    if (rc == ST_OK && theirs) {
        rc = complete(&a, worker ? FSM_ROLE_WORKER : FSM_ROLE_EMPLOYER, "user", r->who.id, "双方已确认结果");
    } else if (rc == ST_OK) {
        char body[256];
        snprintf(body, sizeof body, "%s已确认「%s」的工作结果，请您也确认", worker ? "零工" : "雇主",
                 a.gig_title);
        rc = notify_user(worker ? a.employer_id : a.worker_id, "result_confirmed", "对方已确认工作结果", body,
                         "application", id);
    }
    if (rc == ST_OK)
        rc = store_application_get(id, &a); /* the state after the writes, read inside the transaction */
    if (rc != ST_OK) {
        db_rollback();
        return rc == ST_CONFLICT ? req_fail(r, ERR_STATE_CONFLICT, NULL, NULL) : api_store_fail(r, rc);
    }
    return idempotency_commit(r, &idem, 200, confirmation_json(&a));
}

/* Claims and completes application id in its own transaction. Returns 1 completed, 0 skipped (another
 * node holds it, or it is no longer accepted), -1 on a store error. One transaction per application keeps
 * each lock short, so two nodes walking the same candidate list interleave instead of waiting. */
static int auto_one(long long id)
{
    static struct application_row a; /* the task thread only */
    struct attendance_due d;
    enum st rc = db_begin();
    if (rc == ST_OK)
        rc = store_attendance_confirm_claim(id, &d);
    if (rc == ST_OK && d.worker_missing)
        rc = store_application_confirm_side(id, "worker");
    if (rc == ST_OK && d.employer_missing)
        rc = store_application_confirm_side(id, "employer");
    if (rc == ST_OK)
        rc = store_application_get(id, &a);
    if (rc == ST_OK)
        rc = complete(&a, FSM_ROLE_SYSTEM, "system", 0, "结果确认期满，系统自动确认");
    /* 诚信分: the side that let the confirmation lapse (issue 7) */
    if (rc == ST_OK && d.worker_missing)
        rc = credit_apply(a.worker_id, "missed_confirmation", 0, "application", id, 0, NULL);
    if (rc == ST_OK && d.employer_missing)
        rc = credit_apply(a.employer_id, "missed_confirmation", 0, "application", id, 0, NULL);
    if (rc == ST_OK)
        rc = db_commit();
    else
        db_rollback();
    /* NOTFOUND: claimed elsewhere or changed; CONFLICT: a conditional update found it changed anyway */
    return rc == ST_OK ? 1 : (rc == ST_NOTFOUND || rc == ST_CONFLICT) ? 0 : -1;
}

long confirm_auto_run(void)
{
    static long long ids[ATTENDANCE_DUE_BATCH];
    const struct config *cfg = api_config();
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
            /* an error (e.g. a deadlock with another node over the same employer's 诚信分) rolls back
             * that one application; the next pass takes it again */
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
