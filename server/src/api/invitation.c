/* Invitations: an employer invites a discoverable worker to a published gig with seats, lists a gig's
 * invitations; the worker lists theirs and accepts (an accepted application, seat taken headcount-safely)
 * or declines. Each write is one handler_tx with the other side's inbox row in it. Only the invited worker
 * answers, only the gig's employer invites or lists (403/404 as gig.c); blocked pairs see nothing of each
 * other. The JSON is svc/view_invitation.h's (workers masked as 王**); no SQL, no JSON of its own. */
#include <stdio.h>
#include <string.h>

#include "api/handlers.h"
#include "domain/fsm.h"
#include "domain/match.h"
#include "http/handler.h"
#include "http/input.h"
#include "http/req.h"
#include "store/application.h"
#include "store/invitation.h"
#include "store/workers.h"
#include "svc/credit.h"
#include "svc/notify.h"
#include "svc/view_invitation.h"

/* {"invitation": …} for id, read inside the write's transaction. NULL on failure. */
static json_t *inv_reply(long long id, struct invitation_row *row)
{
    if (store_invitation_get(id, row) != ST_OK)
        return NULL;
    json_t *o = view_invitation(row);
    return o ? json_pack("{s:o}", "invitation", o) : NULL;
}

/* The 409 of an invitation no longer pending: invitations are not an fsm machine, their labels are
 * fsm_invitation_label's. */
static int state_conflict(struct req *r, const char *status)
{
    char msg[96];
    const char *label = fsm_invitation_label(status);
    snprintf(msg, sizeof msg, "邀请当前状态为「%s」，不能进行此操作", label ? label : status);
    return req_fail(r, ERR_STATE_CONFLICT, NULL, msg);
}

static int listed(const char *status)
{
    return !strcmp(status, "published") || !strcmp(status, "closed") || !strcmp(status, "expired");
}

/* Reads gig id for its employer: 0, or the failure (404 missing or someone else's unlisted gig, 403 someone
 * else's listed gig: the same answers as gig.c). */
static int own_gig(struct req *r, long long id, struct application_gig *g)
{
    enum st rc = store_application_gig(id, g);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    if (g->employer_id == r->who.id)
        return 0;
    return listed(g->status) ? req_fail(r, ERR_FORBIDDEN, NULL, NULL)
                             : req_fail(r, ERR_NOT_FOUND, NULL, NULL);
}

struct create {
    long long gig_id, worker;
};

/* The invitation, its reply, and the worker's inbox row, in one transaction. */
static int create_tx(struct req *r, void *p)
{
    const struct create *c = p;
    long long id = 0;
    enum st rc = store_invitation_insert(c->gig_id, c->worker, r->who.id, &id);
    if (rc == ST_CONFLICT)
        return req_fail(r, ERR_ALREADY_EXISTS, "worker_id", "已邀请过这位零工");
    struct invitation_row row;
    json_t *reply = NULL;
    if (rc == ST_OK) {
        reply = inv_reply(id, &row);
        rc = reply ? ST_OK : ST_ERR;
    }
    if (rc == ST_OK) {
        char body[512];
        snprintf(body, sizeof body, "「%s」邀请你参加岗位「%s」，请在「我的邀请」中接受或谢绝",
                 row.employer_name, row.gig_title);
        rc = svc_notify_user(c->worker, "invitation", "收到岗位邀请", body, "invitation", id);
    }
    if (rc != ST_OK) {
        json_decref(reply);
        return req_store_fail(r, rc);
    }
    return req_reply(r, 201, reply);
}

/* 0 when worker may be invited to the caller's gig g (open, with seats; the worker discoverable, not
 * blocked, not yet applied), or the failure. */
static int invitable(struct req *r, const struct application_gig *g, long long gig_id, long long worker)
{
    long long me = r->who.id;
    if (strcmp(g->status, "published") != 0 || g->ends_at <= r->now)
        return req_fail(r, ERR_GIG_NOT_OPEN, NULL, NULL);
    if (g->accepted_count >= g->headcount)
        return req_fail(r, ERR_GIG_FULL, NULL, NULL);
    /* not discoverable, blocked either way, or the caller: as if the worker did not exist */
    int discoverable = 0;
    enum st rc = worker == me ? ST_NOTFOUND : store_workers_invitable(worker, &discoverable);
    int blocked = rc == ST_OK ? store_application_blocked(me, worker) : 0;
    if (rc == ST_OK && blocked < 0)
        rc = ST_ERR;
    if (rc == ST_NOTFOUND || (rc == ST_OK && (!discoverable || blocked)))
        return req_fail(r, ERR_NOT_FOUND, "worker_id", "找不到这位零工");
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    long long app_id;
    char app_status[16];
    rc = store_application_find(gig_id, worker, &app_id, app_status);
    if (rc == ST_OK)
        return req_fail(r, ERR_ALREADY_EXISTS, "worker_id", "这位零工已报名此岗位");
    return rc == ST_NOTFOUND ? 0 : req_store_fail(r, rc);
}

int api_invitation_create(struct req *r)
{
    static const struct field fields[] = {{"worker_id", F_INT, 1, 1, 999999999999999999LL}};
    int st = input_check(r, fields, 1);
    if (st)
        return st;
    struct create c = {r->ids[0], input_int(r, "worker_id", 0)};
    struct application_gig g;
    st = own_gig(r, c.gig_id, &g);
    if (!st)
        st = invitable(r, &g, c.gig_id, c.worker);
    return st ? st : handler_tx(r, create_tx, &c);
}

struct list_ctx {
    json_t *items;
};

static int list_item(void *p, const struct invitation_row *v)
{
    struct list_ctx *c = p;
    json_t *o = view_invitation(v);
    return o ? json_array_append_new(c->items, o) : -1;
}

/* ?status= naming an invitation state into out ("%" when absent). 0 or the 400. */
static int status_filter(struct req *r, char out[16])
{
    int q = req_query(r, "status", out, 16);
    if (q == 0) {
        strcpy(out, "%");
        return 0;
    }
    if (q > 0 && fsm_invitation_label(out))
        return 0;
    return req_fail(r, ERR_BAD_QUERY, "status", "status 应为 pending、accepted、declined 或 withdrawn");
}

static int list_reply(struct req *r, enum st rc, struct list_ctx *c, long long page, long long size,
                      long long total)
{
    if (rc != ST_OK) {
        json_decref(c->items);
        return req_store_fail(r, rc);
    }
    return req_reply(r, 200, req_list_reply(c->items, page, size, total));
}

int api_invitation_mine(struct req *r)
{
    long long page, size, total = 0;
    char status[16];
    int st = req_page(r, &page, &size);
    if (!st)
        st = status_filter(r, status);
    if (st)
        return st;
    struct list_ctx c = {json_array()};
    enum st rc =
        store_invitation_by_worker(r->who.id, status, size, (page - 1) * size, list_item, &c, &total);
    return list_reply(r, rc, &c, page, size, total);
}

int api_invitation_by_gig(struct req *r)
{
    long long page, size, total = 0;
    char status[16];
    int st = req_page(r, &page, &size);
    if (!st)
        st = status_filter(r, status);
    if (st)
        return st;
    struct application_gig g;
    st = own_gig(r, r->ids[0], &g);
    if (st)
        return st;
    struct list_ctx c = {json_array()};
    enum st rc = store_invitation_by_gig(r->ids[0], status, size, (page - 1) * size, list_item, &c, &total);
    return list_reply(r, rc, &c, page, size, total);
}

/* Inside the answer's transaction: the application that accepting creates (or the worker's own pending
 * one, now accepted), with its seat and history row. 0 and *app_id, or the failure's status. */
static int accepted_application(struct req *r, long long gig_id, long long employer, long long *app_id)
{
    long long me = r->who.id;
    struct application_gig g;
    char status[16];
    enum st rc = store_application_gig(gig_id, &g);
    if (rc == ST_OK && (strcmp(g.status, "published") != 0 || g.ends_at <= r->now))
        return req_fail(r, ERR_GIG_NOT_OPEN, NULL, NULL);
    int gate =
        rc == ST_OK ? handler_credit_gate(r, me, CREDIT_GATE_APPLY) : 0; /* restricted: 403 saying why */
    if (gate)
        return gate;
    int existing = 0;
    if (rc == ST_OK) {
        rc = store_application_find(gig_id, me, app_id, status);
        existing = rc == ST_OK;
        if (rc == ST_NOTFOUND)
            rc = ST_OK;
    }
    if (rc == ST_OK && existing && !strcmp(status, "accepted"))
        return 0; /* already hired for this gig: the invitation just links to it */
    if (rc == ST_OK && existing && strcmp(status, "applied") != 0) {
        char msg[128];
        snprintf(msg, sizeof msg, "你对该岗位的报名状态为「%s」，不能再接受邀请", status);
        return req_fail(r, ERR_STATE_CONFLICT, NULL, msg);
    }
    if (rc == ST_OK) {
        rc = store_application_seat_take(gig_id);
        if (rc == ST_CONFLICT)
            return req_fail(r, ERR_GIG_FULL, NULL, NULL);
    }
    if (rc == ST_OK && existing) {
        rc = store_application_set_status(*app_id, "applied", "accepted", 0);
        if (rc == ST_OK)
            rc = store_application_history_add(*app_id, "user", me, "applied", "accepted", "接受雇主邀请");
    } else if (rc == ST_OK) {
        rc = store_application_insert(gig_id, me, employer, "accepted", "invitation", NULL, app_id);
        if (rc == ST_OK)
            rc = store_application_history_add(*app_id, "user", me, NULL, "accepted", "接受雇主邀请");
    }
    return rc == ST_OK ? 0 : req_store_fail(r, rc == ST_CONFLICT ? ST_ERR : rc);
}

/* The answered invitation, its reply, and the employer's inbox row. */
static int answered(struct req *r, long long id, int accept, long long employer, long long app_id)
{
    struct invitation_row row;
    json_t *reply = NULL;
    enum st rc = store_invitation_set_status(id, "pending", accept ? "accepted" : "declined", app_id);
    if (rc == ST_CONFLICT)
        return state_conflict(r, "pending");
    if (rc == ST_OK) {
        reply = inv_reply(id, &row);
        rc = reply ? ST_OK : ST_ERR;
    }
    if (rc == ST_OK) {
        char body[512], name[32];
        match_mask_name(row.worker_real_name, name, sizeof name);
        snprintf(body, sizeof body, "零工%s%s了岗位「%s」的邀请", name, accept ? "接受" : "谢绝",
                 row.gig_title);
        rc = svc_notify_user(employer, accept ? "invitation_accepted" : "invitation_declined",
                             accept ? "邀请已接受" : "邀请被谢绝", body, "invitation", id);
    }
    if (rc != ST_OK) {
        json_decref(reply);
        return rc == ST_CONFLICT ? state_conflict(r, "pending") : req_store_fail(r, rc);
    }
    return req_reply(r, 200, reply);
}

/* The worker answers invitation r->ids[0]: accept (*p 1) or decline (0), in one transaction. */
static int answer_tx(struct req *r, void *p)
{
    int accept = *(const int *)p;
    long long id = r->ids[0], gig_id, worker, employer, app_id = 0;
    char status[12];
    enum st rc = store_invitation_lock(id, &gig_id, &worker, &employer, status);
    int blocked = rc == ST_OK ? store_application_blocked(worker, employer) : 0;
    if (rc == ST_OK && blocked < 0)
        rc = ST_ERR;
    if (rc == ST_OK && (worker != r->who.id || blocked))
        rc = ST_NOTFOUND; /* someone else's invitation, or a blocked pair: as if it did not exist */
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    if (strcmp(status, "pending") != 0)
        return state_conflict(r, status);
    if (accept) {
        int st = accepted_application(r, gig_id, employer, &app_id);
        if (st)
            return st;
    }
    return answered(r, id, accept, employer, app_id);
}

int api_invitation_accept(struct req *r)
{
    int accept = 1;
    return handler_tx(r, answer_tx, &accept);
}

int api_invitation_decline(struct req *r)
{
    int accept = 0;
    return handler_tx(r, answer_tx, &accept);
}
