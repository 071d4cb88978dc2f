/* Applications (SPEC §2) handlers: apply (Idempotency-Key honoured), the employer's applicant list, accept,
 * reject, withdraw, cancel (late inside 24 h of the start), no-show. Each change follows domain/fsm.c (else
 * 409 with the state; the wrong side 403) with its history row, notice, seat and 诚信分 in ONE
 * handler_tx_idem; seats are taken by conditional update, so headcount holds. A blocked pair sees no
 * applications (404). JSON is svc/view_application.c's; no SQL, no transaction calls of its own. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svc/agreement.h"
#include "api/handlers.h"
#include "core/config.h"
#include "domain/fsm.h"
#include "domain/phone.h"
#include "ext/crypto.h"
#include "http/handler.h"
#include "http/input.h"
#include "http/req.h"
#include "store/application.h"
#include "store/audit.h"
#include "store/profile.h"
#include "svc/credit.h"
#include "svc/history.h"
#include "svc/moderation.h"
#include "svc/notify.h"
#include "svc/view_application.h"

#define LATE_CANCEL_S (24LL * 3600)

/* {application} with its history, read on the current connection (inside the caller's transaction when
 * one is open, so it sees the caller's own writes). NULL on a store error. */
static json_t *app_reply(long long id)
{
    struct application_row *a = malloc(sizeof *a);
    json_t *o = NULL, *hist = json_array();
    if (a && hist && store_application_get(id, a) == ST_OK &&
        store_application_history(id, svc_history_append, hist) == ST_OK) {
        o = view_application(a, hist);
        hist = NULL;
    }
    json_decref(hist);
    free(a);
    return o ? json_pack("{s:o}", "application", o) : NULL;
}

/* Reads (lock: locks) application id into a for the caller. 0, or the status of the reply set: 404 when
 * the caller is not a party or the parties block each other (as if it did not exist). */
static int load_as_party(struct req *r, long long id, struct application_row *a, int lock)
{
    enum st rc = lock ? store_application_lock(id, a) : store_application_get(id, a);
    int blocked = rc == ST_OK ? store_application_blocked(a->worker_id, a->employer_id) : 0;
    if (rc == ST_OK && blocked < 0)
        rc = ST_ERR;
    if (rc == ST_OK && (blocked || (r->who.id != a->worker_id && r->who.id != a->employer_id)))
        rc = ST_NOTFOUND;
    return rc == ST_OK ? 0 : req_store_fail(r, rc);
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

/* ------------------------------------------------------------------ apply */

/* Checks that the caller may apply to gig g now: 0, or the status of the reply set. */
static int may_apply(struct req *r, const struct application_gig *g, int blocked)
{
    if (!listed(g->status) || blocked) /* unpublished, or a blocked pair: as if the gig did not exist */
        return req_fail(r, ERR_NOT_FOUND, NULL, NULL);
    if (g->employer_id == r->who.id)
        return req_fail(r, ERR_OWN_GIG, NULL, NULL);
    if (strcmp(g->status, "published") != 0 || g->ends_at <= r->now)
        return req_fail(r, ERR_GIG_NOT_OPEN, NULL, NULL);
    return handler_credit_gate(r, r->who.id, CREDIT_GATE_APPLY); /* a restricted worker: 403 saying why */
}

static int apply_tx(struct req *r, void *p)
{
    const struct moderation *mod = p;
    long long gig_id = r->ids[0], me = r->who.id, id = 0;
    struct application_gig g;
    enum st rc = store_application_gig(gig_id, &g);
    int blocked = rc == ST_OK ? store_application_blocked(me, g.employer_id) : 0;
    if (rc != ST_OK || blocked < 0)
        return req_store_fail(r, blocked < 0 ? ST_ERR : rc);
    int st = may_apply(r, &g, blocked);
    if (st)
        return st;
    rc = store_application_insert(gig_id, me, g.employer_id, "applied", "apply", mod->text, &id);
    if (rc == ST_CONFLICT)
        return req_fail(r, ERR_ALREADY_EXISTS, NULL, "你已报名过这个岗位");
    if (rc == ST_OK)
        rc = store_application_history_add(id, "user", me, NULL, "applied", NULL);
    if (rc == ST_OK)
        rc = svc_moderation_record("application", id, mod, 1);
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
        return req_store_fail(r, rc == ST_CONFLICT ? ST_ERR : rc);
    }
    return req_reply(r, 201, reply);
}

int api_application_create(struct req *r)
{
    static const struct field fields[] = {{"note", F_STR, 0, 0, 200}};
    int st = input_check(r, fields, 1);
    if (st)
        return st;
    struct moderation mod;
    st = handler_moderate(r, "note", input_str(r, "note"), &mod);
    if (st)
        return st;
    return handler_tx_idem(r, apply_tx, &mod); /* a replay or a mismatch runs nothing */
}

/* ------------------------------------------------------------------ decide */

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

/* One transition of application r->ids[0] by the caller: the input (parsed before the transaction) and the
 * locked row (re-read by every run of the body). */
struct decision {
    enum fsm_action action;
    const char *reason; /* moderated; NULL for none */
    struct moderation mod;
    struct application_row a;
    enum fsm_role role;
    int from, to, late;
};

/* Checks the transition by the caller's role and the gig's clock: 0 with from/to set, or the status. */
static int check_transition(struct req *r, struct decision *d)
{
    const struct application_row *a = &d->a;
    d->role = r->who.id == a->employer_id ? FSM_ROLE_EMPLOYER : FSM_ROLE_WORKER;
    d->from = d->to = -1;
    fsm_state_parse(FSM_APPLICATION, a->status, &d->from);
    enum fsm_result fr = fsm_next(FSM_APPLICATION, d->from, d->action, d->role, &d->to);
    if (fr == FSM_FORBIDDEN)
        return req_fail(r, ERR_FORBIDDEN, NULL, NULL);
    if (fr != FSM_OK)
        return req_state_conflict(r, FSM_APPLICATION, a->status);
    if (d->action == FSM_ACT_ACCEPT && strcmp(a->gig_status, "published") != 0)
        return req_fail(r, ERR_GIG_NOT_OPEN, NULL, NULL);
    if (d->action == FSM_ACT_NO_SHOW && r->now < a->gig_starts_at)
        return req_fail(r, ERR_GIG_NOT_STARTED, NULL, NULL);
    d->late = d->action == FSM_ACT_CANCEL && d->a.gig_starts_at - r->now < LATE_CANCEL_S;
    return 0;
}

/* What follows a status change, inside the transaction: the history row, the reason's moderation record,
 * the voided agreement, the 诚信分 entries and the other side's notice. */
static enum st decision_effects(struct req *r, const struct decision *d)
{
    const struct application_row *a = &d->a;
    long long id = a->id, me = r->who.id;
    int ended = d->to == FSM_APPLICATION_CANCELLED || d->to == FSM_APPLICATION_NO_SHOW;
    enum st rc =
        store_application_history_add(id, "user", me, a->status, fsm_state_name(FSM_APPLICATION, d->to),
                                      d->late ? (d->reason ? d->reason : "开工前 24 小时内取消") : d->reason);
    if (rc == ST_OK && d->mod.hits)
        rc = svc_moderation_record("application", id, &d->mod, 1);
    /* an engagement that ends before both signed leaves no signable agreement behind */
    if (rc == ST_OK && ended)
        rc = svc_agreement_void_system(id, d->to == FSM_APPLICATION_CANCELLED ? "录用已取消" : "零工未到岗");
    /* 诚信分: a no-show costs the worker, a late cancel whoever cancelled (issue 7) */
    if (rc == ST_OK && d->action == FSM_ACT_NO_SHOW)
        rc = svc_credit_apply(a->worker_id, "no_show", 0, "application", id, me, NULL);
    if (rc == ST_OK && d->late)
        rc = svc_credit_apply(me, "late_cancel", 0, "application", id, me, NULL);
    if (rc == ST_OK) {
        const struct news *n = news_of(d->action);
        char body[256];
        snprintf(body, sizeof body, n->fmt, a->gig_title);
        rc = svc_notify_user(d->role == FSM_ROLE_EMPLOYER ? a->worker_id : a->employer_id, n->kind, n->title,
                             body, "application", id);
    }
    return rc;
}

static int decide_tx(struct req *r, void *p)
{
    struct decision *d = p;
    struct application_row *a = &d->a;
    int st = load_as_party(r, r->ids[0], a, 1);
    if (!st)
        st = check_transition(r, d);
    if (st)
        return st;
    enum st rc = ST_OK;
    if (d->action == FSM_ACT_ACCEPT) {
        rc = store_application_seat_take(a->gig_id);
        if (rc == ST_CONFLICT)
            return req_fail(r, ERR_GIG_FULL, NULL, NULL);
    } else if (d->from == FSM_APPLICATION_ACCEPTED &&
               (d->to == FSM_APPLICATION_CANCELLED || d->to == FSM_APPLICATION_NO_SHOW)) {
        rc = store_application_seat_release(a->gig_id);
        if (rc == ST_CONFLICT)
            rc = ST_ERR; /* an accepted application always holds a seat: a broken counter */
    }
    if (rc == ST_OK) {
        rc = store_application_set_status(a->id, a->status, fsm_state_name(FSM_APPLICATION, d->to), d->late);
        if (rc == ST_CONFLICT) /* the lock makes this unreachable; answer it like a race anyway */
            return req_state_conflict(r, FSM_APPLICATION, a->status);
    }
    if (rc == ST_OK)
        rc = decision_effects(r, d);
    json_t *reply = rc == ST_OK ? app_reply(a->id) : NULL;
    if (!reply)
        return req_store_fail(r, rc == ST_OK ? ST_ERR : rc);
    if (d->late)
        json_object_set_new(reply, "notice",
                            json_string("开工前 24 小时内取消，已记为临时取消，可能影响诚信分"));
    return req_reply(r, 200, reply);
}

/* Runs one transition on application r->ids[0] by the caller (its worker or its employer). */
static int decide(struct req *r, enum fsm_action action)
{
    static const struct field fields[] = {{"reason", F_STR, 0, 1, 200}};
    int st = input_check(r, fields, 1);
    if (st)
        return st;
    struct decision *d = calloc(1, sizeof *d); /* 2 KB application row: off the worker's small stack */
    if (!d)
        return req_fail(r, ERR_INTERNAL, NULL, NULL);
    d->action = action;
    d->reason = input_str(r, "reason");
    if (d->reason && (st = handler_moderate(r, "reason", d->reason, &d->mod)) == 0)
        d->reason = d->mod.text;
    if (!st)
        st = handler_tx_idem(r, decide_tx, d);
    free(d);
    return st;
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

/* ------------------------------------------------------------------ reads */

int api_application_get(struct req *r)
{
    struct application_row *a = malloc(sizeof *a);
    int st = a ? load_as_party(r, r->ids[0], a, 0) : req_fail(r, ERR_INTERNAL, NULL, NULL);
    free(a);
    if (st)
        return st;
    json_t *reply = app_reply(r->ids[0]);
    return reply ? req_reply(r, 200, reply) : req_fail(r, ERR_INTERNAL, NULL, NULL);
}

static int mine_item(void *ctx, const struct application_row *a)
{
    return json_array_append_new(ctx, view_application(a, NULL));
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
    char status[16];
    long long page, size, total;
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
    json_t *o = view_application(&w->app, NULL);
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
    json_t *wk = view_application_applicant(w, shown, open);
    memset(shown, 0, sizeof shown);
    if (!wk) {
        json_decref(o);
        return -1;
    }
    json_object_set_new(o, "worker", wk);
    return json_array_append_new(c->items, o);
}

/* After the fetch: each applicant's job types, and the audit row of each phone read open. */
static enum st applicants_finish(struct req *r, struct applicants *c)
{
    enum st rc = ST_OK;
    size_t i;
    json_t *it;
    json_array_foreach(c->items, i, it)
    {
        json_t *wk = json_object_get(it, "worker");
        rc = store_profile_worker_job_types(json_integer_value(json_object_get(wk, "id")), job_type_item,
                                            json_object_get(wk, "job_types"));
        if (rc == ST_NOTFOUND)
            rc = ST_OK;
        if (rc != ST_OK)
            return rc;
    }
    for (int k = 0; rc == ST_OK && k < c->n_unmasked; k++) {
        char oid[24];
        snprintf(oid, sizeof oid, "%lld", c->unmasked[k]);
        struct audit_entry e = {r->now,   "user", r->who.id, "employer", "worker.phone.read",
                                "worker", oid,    "ok",      r->ip,      r->rid};
        rc = store_audit_append(&e);
    }
    return rc;
}

/* The first look is recorded, the page read and its phone reads audited, in one transaction. */
static int by_gig_tx(struct req *r, void *p)
{
    struct applicants *c = p;
    long long gig_id = r->ids[0];
    json_decref(c->items);
    c->items = NULL;
    c->n_unmasked = 0;
    c->total = 0;
    enum st rc = store_application_mark_viewed(gig_id);
    if (rc == ST_OK && !(c->items = json_array()))
        rc = ST_ERR;
    if (rc == ST_OK)
        rc = store_application_by_gig(gig_id, c->status, c->size, (c->page - 1) * c->size, applicant_item, c,
                                      &c->total);
    if (rc == ST_OK)
        rc = applicants_finish(r, c);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    json_t *items = c->items;
    c->items = NULL;
    return req_reply(r, 200, req_list_reply(items, c->page, c->size, c->total));
}

int api_application_by_gig(struct req *r)
{
    struct applicants *c = calloc(1, sizeof *c);
    if (!c)
        return req_fail(r, ERR_INTERNAL, NULL, NULL);
    int st = req_page(r, &c->page, &c->size);
    if (!st)
        st = status_filter(r, c->status);
    struct application_gig g;
    enum st rc = st ? ST_OK : store_application_gig(r->ids[0], &g);
    if (!st && rc != ST_OK)
        st = req_store_fail(r, rc);
    else if (!st && g.employer_id != r->who.id) /* gig.c's lock_own rule: someone else's listed gig 403 */
        st = req_fail(r, listed(g.status) ? ERR_FORBIDDEN : ERR_NOT_FOUND, NULL, NULL);
    if (!st)
        st = handler_tx(r, by_gig_tx, c);
    json_decref(c->items);
    free(c);
    return st;
}
