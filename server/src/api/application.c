/* Applications (SPEC §2): a worker applies to a published gig (Idempotency-Key honoured), the employer
 * lists the applicants and accepts or rejects, the worker withdraws, either side cancels an accepted
 * application (late inside 24 h of the start), the employer marks a no-show after the start. Every change
 * goes through the application table of domain/fsm.c (anything else: 409 with the current state; the
 * wrong side: 403), appends an application_history row and notifies the other side, all in ONE
 * transaction. Accepts take a seat with a conditional update, so headcount is never exceeded.
 * Parties in a block relation do not see each other's applications (404, as if none existed). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svc/agreement.h"
#include "core/config.h"
#include "domain/timeutil.h"
#include "ext/token.h"
#include "http/req.h"
#include "svc/credit.h"
#include "api/handlers.h"
#include "svc/history.h"
#include "http/handler.h"
#include "http/input.h"
#include "svc/moderation.h"
#include "svc/notify.h"
#include "domain/fsm.h"
#include "domain/phone.h"
#include "ext/crypto.h"
#include "store/application.h"
#include "store/audit.h"
#include "store/profile.h"

#define LATE_CANCEL_S (24LL * 3600)

static const char *const state_zh[] = {"已报名", "已录用", "未录用", "已撤回", "已取消", "未到岗", "已完成"};

static json_t *time_or_null(long long t)
{
    char buf[24];
    return t ? json_string(timeutil_rfc3339(t, buf)) : json_null();
}

/* The application as either party sees it, with a summary of its gig. */
static json_t *app_json(const struct application_row *a)
{
    char created[24], updated[24], starts[24], ends[24];
    json_t *o = json_pack(
        "{s:I, s:I, s:I, s:I, s:s, s:s, s:b, s:s, s:s, s:{s:I, s:s, s:s, s:s, s:s, s:I, s:s, "
        "s:s, s:s}}",
        "id", (json_int_t)a->id, "gig_id", (json_int_t)a->gig_id, "worker_id", (json_int_t)a->worker_id,
        "employer_id", (json_int_t)a->employer_id, "status", a->status, "source", a->source, "late_cancel",
        (int)a->late_cancel, "created_at", timeutil_rfc3339(a->created_at, created), "updated_at",
        timeutil_rfc3339(a->updated_at, updated), "gig", "id", (json_int_t)a->gig_id, "title", a->gig_title,
        "status", a->gig_status, "starts_at", timeutil_rfc3339(a->gig_starts_at, starts), "ends_at",
        timeutil_rfc3339(a->gig_ends_at, ends), "pay_fen", (json_int_t)a->gig_pay_fen, "pay_unit",
        a->gig_pay_unit, "address", a->gig_address, "region_code", a->gig_region_code);
    if (!o)
        return NULL;
    json_object_set_new(o, "note", a->note[0] ? json_string(a->note) : json_null());
    json_object_set_new(o, "first_viewed_at", time_or_null(a->first_viewed_at));
    json_object_set_new(o, "decided_at", time_or_null(a->decided_at));
    json_object_set_new(o, "worker_confirmed_at", time_or_null(a->worker_confirmed_at));
    json_object_set_new(o, "employer_confirmed_at", time_or_null(a->employer_confirmed_at));
    json_object_set_new(o, "completed_at", time_or_null(a->completed_at));
    return o;
}

/* {application} with its history, read on the current connection (inside the caller's transaction when
 * one is open, so it sees the caller's own writes). NULL on a store error. */
static json_t *app_reply(long long id)
{
    struct application_row *a = malloc(sizeof *a);
    json_t *o = NULL, *hist = json_array();
    if (a && hist && store_application_get(id, a) == ST_OK &&
        store_application_history(id, api_history_append, hist) == ST_OK && (o = app_json(a))) {
        json_object_set_new(o, "history", hist);
        hist = NULL;
    }
    json_decref(hist);
    free(a);
    return o ? json_pack("{s:o}", "application", o) : NULL;
}

static int state_conflict(struct req *r, const char *status)
{
    char msg[128];
    int s;
    snprintf(msg, sizeof msg, "报名当前状态为「%s」，不能进行此操作",
             fsm_state_parse(FSM_APPLICATION, status, &s) == 0 ? state_zh[s] : status);
    return req_fail(r, ERR_STATE_CONFLICT, NULL, msg);
}

/* 1 when the gig's status is one anyone may see (gig.c's rule). */
static int listed(const char *status)
{
    return !strcmp(status, "published") || !strcmp(status, "closed") || !strcmp(status, "expired");
}

/* Reads ?status= naming an application state into out ("%" when absent). */
static int status_filter(struct req *r, char out[16])
{
    int s;
    int q = req_query(r, "status", out, 16);
    if (q == 0) {
        strcpy(out, "%");
        return 0;
    }
    if (q < 0 || fsm_state_parse(FSM_APPLICATION, out, &s) != 0)
        return req_fail(r, ERR_BAD_QUERY, "status", "status 应为报名状态之一");
    return 0;
}

int api_application_create(struct req *r)
{
    static const struct field fields[] = {{"note", F_STR, 0, 0, 200}};
    int st = input_check(r, fields, 1);
    if (st)
        return st;
    long long gig_id = r->ids[0], me = r->who.id, id = 0;
    struct moderation mod;
    st = handler_moderate(r, "note", input_str(r, "note"), &mod);
    if (st)
        return st;
    struct idem idem;
    st = idempotency_begin(r, &idem);
    if (st)
        return st; /* a replay, a mismatch or an error: nothing else runs */
    struct application_gig g;
    enum st rc = store_application_gig(gig_id, &g);
    int blocked = rc == ST_OK ? store_application_blocked(me, g.employer_id) : 0;
    if (rc != ST_OK || blocked < 0) {
        db_rollback();
        return req_store_fail(r, blocked < 0 ? ST_ERR : rc);
    }
    if (!listed(g.status) || blocked) { /* unpublished, or a blocked pair: as if the gig did not exist */
        db_rollback();
        return req_fail(r, ERR_NOT_FOUND, NULL, NULL);
    }
    if (g.employer_id == me) {
        db_rollback();
        return req_fail(r, ERR_OWN_GIG, NULL, NULL);
    }
    if (strcmp(g.status, "published") != 0 || g.ends_at <= r->now) {
        db_rollback();
        return req_fail(r, ERR_GIG_NOT_OPEN, NULL, NULL);
    }
    st = handler_credit_gate(r, me, CREDIT_GATE_APPLY); /* a restricted worker: 403 saying why */
    if (st) {
        db_rollback();
        return st;
    }
    const char *note = mod.text;
    rc = store_application_insert(gig_id, me, g.employer_id, "applied", "apply", note, &id);
    if (rc == ST_CONFLICT) {
        db_rollback();
        return req_fail(r, ERR_ALREADY_EXISTS, NULL, "你已报名过这个岗位");
    }
    if (rc == ST_OK)
        rc = store_application_history_add(id, "user", me, NULL, "applied", NULL);
    if (rc == ST_OK)
        rc = moderation_record("application", id, &mod, 1);
    json_t *reply = NULL;
    if (rc == ST_OK) {
        reply = app_reply(id);
        const char *title = reply
                                ? json_string_value(json_object_get(
                                      json_object_get(json_object_get(reply, "application"), "gig"), "title"))
                                : NULL;
        char body[256];
        snprintf(body, sizeof body, "岗位「%s」收到一份新的报名", title ? title : "");
        rc = reply ? svc_notify_user(g.employer_id, "application_received", "收到新的报名", body,
                                     "application", id)
                   : ST_ERR;
    }
    if (rc != ST_OK) {
        json_decref(reply);
        db_rollback();
        return req_store_fail(r, rc == ST_CONFLICT ? ST_ERR : rc);
    }
    return idempotency_commit(r, &idem, 201, reply);
}

/* What the other side hears about a transition. */
struct news {
    const char *kind, *title, *fmt;
};

static const struct news *news_of(enum fsm_action action)
{
    static const struct news accept = {"application_accepted", "报名已录用", "你报名的岗位「%s」已录用你"};
    static const struct news reject = {"application_rejected", "报名未录用", "很遗憾，岗位「%s」未录用你"};
    static const struct news withdraw = {"application_withdrawn", "报名已撤回",
                                         "有人撤回了对岗位「%s」的报名"};
    static const struct news cancel = {"application_cancelled", "录用已取消", "岗位「%s」的一份录用已被取消"};
    static const struct news no_show = {"application_no_show", "被标记为未到岗",
                                        "岗位「%s」的雇主将你标记为未到岗"};
    switch (action) {
    case FSM_ACT_ACCEPT:
        return &accept;
    case FSM_ACT_REJECT:
        return &reject;
    case FSM_ACT_WITHDRAW:
        return &withdraw;
    case FSM_ACT_CANCEL:
        return &cancel;
    default:
        return &no_show;
    }
}

/* Runs one transition on application r->ids[0] by the caller (its worker or its employer). */
static int decide(struct req *r, enum fsm_action action)
{
    static const struct field fields[] = {{"reason", F_STR, 0, 1, 200}};
    int st = input_check(r, fields, 1);
    if (st)
        return st;
    long long id = r->ids[0], me = r->who.id;
    struct moderation mod = {0};
    const char *reason = input_str(r, "reason");
    if (reason) {
        st = handler_moderate(r, "reason", reason, &mod);
        if (st)
            return st;
        reason = mod.text;
    }
    struct idem idem;
    st = idempotency_begin(r, &idem);
    if (st)
        return st;
    struct application_row *a = malloc(sizeof *a);
    enum st rc = a ? store_application_lock(id, a) : ST_ERR;
    int blocked = rc == ST_OK ? store_application_blocked(a->worker_id, a->employer_id) : 0;
    if (rc == ST_OK && blocked < 0)
        rc = ST_ERR;
    if (rc == ST_OK && (blocked || (me != a->worker_id && me != a->employer_id)))
        rc = ST_NOTFOUND; /* not a party (or a blocked pair): as if it did not exist */
    if (rc != ST_OK) {
        db_rollback();
        free(a);
        return req_store_fail(r, rc);
    }
    enum fsm_role role = me == a->employer_id ? FSM_ROLE_EMPLOYER : FSM_ROLE_WORKER;
    int from, to;
    fsm_state_parse(FSM_APPLICATION, a->status, &from);
    enum fsm_result fr = fsm_next(FSM_APPLICATION, from, action, role, &to);
    const char *to_name = fr == FSM_OK ? fsm_state_name(FSM_APPLICATION, to) : NULL;
    int late = 0, fail = 0;
    if (fr == FSM_FORBIDDEN)
        fail = req_fail(r, ERR_FORBIDDEN, NULL, NULL);
    else if (fr != FSM_OK)
        fail = state_conflict(r, a->status);
    else if (action == FSM_ACT_ACCEPT && strcmp(a->gig_status, "published") != 0)
        fail = req_fail(r, ERR_GIG_NOT_OPEN, NULL, NULL);
    else if (action == FSM_ACT_NO_SHOW && r->now < a->gig_starts_at)
        fail = req_fail(r, ERR_GIG_NOT_STARTED, NULL, NULL);
    if (fail) {
        db_rollback();
        free(a);
        return fail;
    }
    if (action == FSM_ACT_CANCEL)
        late = a->gig_starts_at - r->now < LATE_CANCEL_S;
    rc = ST_OK;
    if (action == FSM_ACT_ACCEPT) {
        rc = store_application_seat_take(a->gig_id);
        if (rc == ST_CONFLICT) {
            db_rollback();
            free(a);
            return req_fail(r, ERR_GIG_FULL, NULL, NULL);
        }
    } else if (from == FSM_APPLICATION_ACCEPTED &&
               (to == FSM_APPLICATION_CANCELLED || to == FSM_APPLICATION_NO_SHOW)) {
        rc = store_application_seat_release(a->gig_id);
        if (rc == ST_CONFLICT)
            rc = ST_ERR; /* an accepted application always holds a seat: a broken counter */
    }
    if (rc == ST_OK) {
        rc = store_application_set_status(id, a->status, to_name, late);
        if (rc == ST_CONFLICT) { /* the lock makes this unreachable; answer it like a race anyway */
            db_rollback();
            int s = state_conflict(r, a->status);
            free(a);
            return s;
        }
    }
    if (rc == ST_OK)
        rc = store_application_history_add(id, "user", me, a->status, to_name,
                                           late ? (reason ? reason : "开工前 24 小时内取消") : reason);
    if (rc == ST_OK && mod.hits)
        rc = moderation_record("application", id, &mod, 1);
    /* an engagement that ends before both signed leaves no signable agreement behind */
    if (rc == ST_OK && (to == FSM_APPLICATION_CANCELLED || to == FSM_APPLICATION_NO_SHOW))
        rc = svc_agreement_void_system(id, to == FSM_APPLICATION_CANCELLED ? "录用已取消" : "零工未到岗");
    /* 诚信分: a no-show costs the worker, a late cancel whoever cancelled (issue 7) */
    if (rc == ST_OK && action == FSM_ACT_NO_SHOW)
        rc = svc_credit_apply(a->worker_id, "no_show", 0, "application", id, me, NULL);
    if (rc == ST_OK && late)
        rc = svc_credit_apply(me, "late_cancel", 0, "application", id, me, NULL);
    if (rc == ST_OK) {
        const struct news *n = news_of(action);
        char body[256];
        snprintf(body, sizeof body, n->fmt, a->gig_title);
        rc = svc_notify_user(role == FSM_ROLE_EMPLOYER ? a->worker_id : a->employer_id, n->kind, n->title,
                             body, "application", id);
    }
    free(a);
    json_t *reply = rc == ST_OK ? app_reply(id) : NULL;
    if (!reply) {
        db_rollback();
        return req_store_fail(r, rc == ST_OK ? ST_ERR : rc);
    }
    if (late)
        json_object_set_new(reply, "notice",
                            json_string("开工前 24 小时内取消，已记为临时取消，可能影响诚信分"));
    return idempotency_commit(r, &idem, 200, reply);
}

int api_application_accept(struct req *r)
{
    return decide(r, FSM_ACT_ACCEPT);
}

int api_application_reject(struct req *r)
{
    return decide(r, FSM_ACT_REJECT);
}

int api_application_withdraw(struct req *r)
{
    return decide(r, FSM_ACT_WITHDRAW);
}

int api_application_cancel(struct req *r)
{
    return decide(r, FSM_ACT_CANCEL);
}

int api_application_no_show(struct req *r)
{
    return decide(r, FSM_ACT_NO_SHOW);
}

int api_application_get(struct req *r)
{
    long long id = r->ids[0], me = r->who.id;
    struct application_row *a = malloc(sizeof *a);
    enum st rc = a ? store_application_get(id, a) : ST_ERR;
    int blocked = rc == ST_OK ? store_application_blocked(a->worker_id, a->employer_id) : 0;
    if (rc == ST_OK && blocked < 0)
        rc = ST_ERR;
    if (rc == ST_OK && (blocked || (me != a->worker_id && me != a->employer_id)))
        rc = ST_NOTFOUND;
    free(a);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    json_t *reply = app_reply(id);
    return reply ? req_reply(r, 200, reply) : req_fail(r, ERR_INTERNAL, NULL, NULL);
}

static int mine_item(void *ctx, const struct application_row *a)
{
    return json_array_append_new(ctx, app_json(a));
}

int api_application_mine(struct req *r)
{
    long long page, size, total = 0;
    char status[16];
    int st = req_page(r, &page, &size);
    if (!st)
        st = status_filter(r, status);
    if (st)
        return st;
    json_t *items = json_array();
    enum st rc =
        store_application_by_worker(r->who.id, status, size, (page - 1) * size, mine_item, items, &total);
    if (rc != ST_OK) {
        json_decref(items);
        return req_store_fail(r, rc);
    }
    return req_reply(r, 200, req_list_reply(items, page, size, total));
}

/* The employer's page of applicants. Phones are opened only for accepted (and completed) applicants, and
 * each such read is audited after the fetch (no statement may run while rows are being fetched). */
struct applicants {
    json_t *items;
    long long unmasked[100];
    int n_unmasked;
};

static int job_type_item(void *ctx, const struct worker_job_type *j)
{
    return json_array_append_new(ctx, json_pack("{s:I, s:s, s:I}", "id", (json_int_t)j->id, "name", j->name,
                                                "years", (json_int_t)j->years));
}

static int applicant_item(void *ctx, const struct applicant_row *w)
{
    struct applicants *c = ctx;
    json_t *o = app_json(&w->app);
    if (!o)
        return -1;
    int open = !strcmp(w->app.status, "accepted") || !strcmp(w->app.status, "completed");
    char phone[64] = "", shown[64] = "", aad[48];
    if (w->phone_enc_len) {
        snprintf(aad, sizeof aad, "users.phone:%lld", w->app.worker_id);
        if (crypto_open(config_current()->data_key, aad, w->phone_enc, w->phone_enc_len, phone, sizeof phone,
                        NULL) < 0)
            phone[0] = '\0';
    }
    if (phone[0] && open && c->n_unmasked < 100) {
        snprintf(shown, sizeof shown, "%s", phone);
        c->unmasked[c->n_unmasked++] = w->app.worker_id;
    } else if (phone[0]) {
        phone_mask(phone, shown);
    }
    memset(phone, 0, sizeof phone);
    json_t *wk = json_pack("{s:I, s:s, s:I, s:I, s:b}", "id", (json_int_t)w->app.worker_id, "real_name",
                           w->real_name, "credit", (json_int_t)w->credit, "completeness",
                           (json_int_t)w->completeness, "phone_unmasked", open && shown[0]);
    if (!wk) {
        json_decref(o);
        return -1;
    }
    json_object_set_new(wk, "birth_year",
                        w->birth_year ? json_integer((json_int_t)w->birth_year) : json_null());
    json_object_set_new(wk, "gender", w->gender[0] ? json_string(w->gender) : json_null());
    json_object_set_new(wk, "phone", shown[0] ? json_string(shown) : json_null());
    json_object_set_new(wk, "job_types", json_array());
    json_object_set_new(o, "worker", wk);
    return json_array_append_new(c->items, o);
}

int api_application_by_gig(struct req *r)
{
    long long gig_id = r->ids[0], page, size, total = 0;
    char status[16];
    int st = req_page(r, &page, &size);
    if (!st)
        st = status_filter(r, status);
    if (st)
        return st;
    struct application_gig g;
    enum st rc = store_application_gig(gig_id, &g);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    if (g.employer_id != r->who.id) /* gig.c's lock_own rule: someone else's listed gig 403, else 404 */
        return req_fail(r, listed(g.status) ? ERR_FORBIDDEN : ERR_NOT_FOUND, NULL, NULL);
    rc = store_application_mark_viewed(gig_id);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    struct applicants *c = calloc(1, sizeof *c);
    if (!c)
        return req_fail(r, ERR_INTERNAL, NULL, NULL);
    c->items = json_array();
    rc = store_application_by_gig(gig_id, status, size, (page - 1) * size, applicant_item, c, &total);
    size_t i;
    json_t *it;
    json_array_foreach(c->items, i, it)
    {
        if (rc != ST_OK)
            break;
        json_t *wk = json_object_get(it, "worker");
        rc = store_profile_worker_job_types(json_integer_value(json_object_get(wk, "id")), job_type_item,
                                            json_object_get(wk, "job_types"));
        if (rc == ST_NOTFOUND)
            rc = ST_OK;
    }
    for (int k = 0; rc == ST_OK && k < c->n_unmasked; k++) {
        char oid[24];
        snprintf(oid, sizeof oid, "%lld", c->unmasked[k]);
        struct audit_entry e = {r->now,   "user", r->who.id, "employer", "worker.phone.read",
                                "worker", oid,    "ok",      r->ip,      r->rid};
        rc = store_audit_append(&e);
    }
    json_t *items = c->items;
    free(c);
    if (rc != ST_OK) {
        json_decref(items);
        return req_store_fail(r, rc);
    }
    return req_reply(r, 200, req_list_reply(items, page, size, total));
}
