/* Result confirmation 结果确认 (SPEC §2): each side of an accepted application confirms the work is done;
 * when both have, the application moves accepted → completed through the application table of
 * domain/fsm.c with a history row and inbox notifications, all in one transaction. A side may confirm
 * once the gig has ended or the last work day has a check-out. Confirming again is not an error: the
 * same side gets 200 with the current state and nothing is written. Idempotency-Key is honoured. The
 * periodic task confirms for silent sides AUTO_CONFIRM_DAYS after the end (svc/confirm.c). */
#include "svc/confirm.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/config.h"
#include "domain/timeutil.h"
#include "ext/token.h"
#include "http/req.h"
#include "svc/credit.h"
#include "api/handlers.h"
#include "http/handler.h"
#include "svc/notify.h"
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
    return t > 0 ? json_string(timeutil_rfc3339(t, buf)) : json_null();
}

/* {confirmation: {...}} of application a as it stands. */
static json_t *confirmation_json(const struct application_row *a)
{
    long long auto_at = a->gig_ends_at + (long long)config_current()->auto_confirm_days * 86400;
    return json_pack(
        "{s:{s:I, s:s, s:o, s:o, s:o, s:o}}", "confirmation", "application_id", (json_int_t)a->id, "status",
        a->status, "worker_confirmed_at", time_or_null(a->worker_confirmed_at), "employer_confirmed_at",
        time_or_null(a->employer_confirmed_at), "completed_at", time_or_null(a->completed_at),
        "auto_confirm_at", strcmp(a->status, "accepted") == 0 ? time_or_null(auto_at) : json_null());
}

int api_confirm(struct req *r)
{
    struct application_row a; /* 2 KB of the worker's 100 KB stack; TLS would cost every thread */
    long long id = r->ids[0], now = r->now + config_current()->clock_offset_s;
    struct idem idem;
    int st = idempotency_begin(r, &idem);
    if (st)
        return st;
    enum st rc = store_application_lock(id, &a);
    if (rc != ST_OK) {
        db_rollback();
        return req_store_fail(r, rc);
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
            return rc != ST_OK ? req_store_fail(r, rc) : req_fail(r, ERR_CONFIRM_TOO_EARLY, NULL, NULL);
        }
    }
    rc = store_application_confirm_side(id, worker ? "worker" : "employer");
    if (rc == ST_OK && theirs) {
        rc = svc_confirm_complete(&a, worker ? FSM_ROLE_WORKER : FSM_ROLE_EMPLOYER, "user", r->who.id,
                                  "双方已确认结果");
    } else if (rc == ST_OK) {
        char body[256];
        snprintf(body, sizeof body, "%s已确认「%s」的工作结果，请您也确认", worker ? "零工" : "雇主",
                 a.gig_title);
        rc = svc_notify_user(worker ? a.employer_id : a.worker_id, "result_confirmed", "对方已确认工作结果",
                             body, "application", id);
    }
    if (rc == ST_OK)
        rc = store_application_get(id, &a); /* the state after the writes, read inside the transaction */
    if (rc != ST_OK) {
        db_rollback();
        return rc == ST_CONFLICT ? req_fail(r, ERR_STATE_CONFLICT, NULL, NULL) : req_store_fail(r, rc);
    }
    return idempotency_commit(r, &idem, 200, confirmation_json(&a));
}
