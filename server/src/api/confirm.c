/* Result confirmation 结果确认 (SPEC §2) handler: each side of an accepted application confirms once the gig
 * ended or its last work day was checked out; the second confirmation completes it (svc/confirm.c) in the
 * same handler_tx_idem. Confirming again is 200 with the current state, nothing written. The auto-confirm
 * pass is svc/confirm.c, JSON svc/view_application.c; no SQL here. */
#include <stdio.h>
#include <string.h>

#include "api/handlers.h"
#include "core/config.h"
#include "domain/attendance.h"
#include "domain/fsm.h"
#include "http/handler.h"
#include "http/req.h"
#include "store/application.h"
#include "store/attendance.h"
#include "svc/confirm.h"
#include "svc/notify.h"
#include "svc/view_application.h"

/* Sets the reply {confirmation} of application a as it stands and returns 200. */
static int reply_confirmation(struct req *r, const struct application_row *a)
{
    long long auto_at = a->gig_ends_at + (long long)config_current()->auto_confirm_days * 86400;
    json_t *o = view_application_confirmation(a, auto_at);
    return o ? req_reply(r, 200, json_pack("{s:o}", "confirmation", o))
             : req_fail(r, ERR_INTERNAL, NULL, NULL);
}

/* 0 when the side may confirm now: the gig has ended, or the last work day has been checked out. */
static int may_confirm(struct req *r, const struct application_row *a, long long now)
{
    if (now >= a->gig_ends_at)
        return 0;
    struct attendance_day last;
    int n = attendance_day_count(a->gig_starts_at, a->gig_ends_at), done = 0;
    enum st rc = n > 0 && attendance_day_at(a->gig_starts_at, a->gig_ends_at, n - 1, &last) == 0
                     ? store_attendance_day_checked_out(a->id, last.date, &done)
                     : ST_OK;
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    return done ? 0 : req_fail(r, ERR_CONFIRM_TOO_EARLY, NULL, NULL);
}

static int confirm_tx(struct req *r, void *p)
{
    struct application_row *a = p;
    long long id = r->ids[0], now = r->now + config_current()->clock_offset_s;
    enum st rc = store_application_lock(id, a);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    int worker = r->who.id == a->worker_id, employer = r->who.id == a->employer_id;
    if (!worker && !employer)
        return req_fail(r, ERR_NOT_FOUND, NULL, NULL);
    long long mine = worker ? a->worker_confirmed_at : a->employer_confirmed_at;
    long long theirs = worker ? a->employer_confirmed_at : a->worker_confirmed_at;
    if (mine) /* this side already confirmed (or the system did for it): the current state, nothing written */
        return reply_confirmation(r, a);
    if (strcmp(a->status, "accepted") != 0) {
        char msg[128];
        snprintf(msg, sizeof msg, "报名当前状态为「%s」，不能确认结果",
                 fsm_label(FSM_APPLICATION, a->status));
        return req_fail(r, ERR_STATE_CONFLICT, NULL, msg);
    }
    int st = may_confirm(r, a, now);
    if (st)
        return st;
    rc = store_application_confirm_side(id, worker ? "worker" : "employer");
    if (rc == ST_OK && theirs) {
        rc = svc_confirm_complete(a, worker ? FSM_ROLE_WORKER : FSM_ROLE_EMPLOYER, "user", r->who.id,
                                  "双方已确认结果");
    } else if (rc == ST_OK) {
        char body[256];
        snprintf(body, sizeof body, "%s已确认「%s」的工作结果，请您也确认", worker ? "零工" : "雇主",
                 a->gig_title);
        rc = svc_notify_user(worker ? a->employer_id : a->worker_id, "result_confirmed", "对方已确认工作结果",
                             body, "application", id);
    }
    if (rc == ST_OK)
        rc = store_application_get(id, a); /* the state after the writes, read inside the transaction */
    if (rc != ST_OK)
        return rc == ST_CONFLICT ? req_fail(r, ERR_STATE_CONFLICT, NULL, NULL) : req_store_fail(r, rc);
    return reply_confirmation(r, a);
}

int api_confirm_create(struct req *r)
{
    struct application_row a; /* 2 KB of the worker's 100 KB stack; TLS would cost every thread */
    return handler_tx_idem(r, confirm_tx, &a);
}
