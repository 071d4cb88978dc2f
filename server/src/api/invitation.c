/* Invitations: the employer of a published gig that still has seats invites a discoverable worker
 * (POST /gigs/{id}/invitations), the worker sees them (GET /me/invitations) and accepts (which creates an
 * accepted application through store/application.h, taking a seat headcount-safely, in the same
 * transaction) or declines; the employer lists a gig's invitations. Every answer goes to the other side's
 * inbox (notify_user) in the same transaction. Only the invited worker may answer (anyone else: 404), only
 * the gig's employer may invite or list (another employer: 403 on a listed gig, 404 otherwise, as gig.c);
 * blocked pairs do not see each other's invitations. Workers appear masked (王**). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "domain/timeutil.h"
#include "ext/token.h"
#include "http/handler.h"
#include "http/req.h"
#include "svc/credit.h"
#include "api/handlers.h"
#include "http/input.h"
#include "svc/notify.h"
#include "domain/match.h"
#include "store/application.h"
#include "store/invitation.h"
#include "store/workers.h"

static const char *const status_names[] = {"pending", "accepted", "declined", "withdrawn"};
static const char *const status_zh[] = {"待回复", "已接受", "已谢绝", "已撤回"};

static json_t *time_or_null(long long t)
{
    char when[24];
    return t > 0 ? json_string(timeutil_rfc3339(t, when)) : json_null();
}

/* The invitation as both sides see it, field by field: the worker masked, never a phone or ID number. */
static json_t *inv_json(const struct invitation_row *v)
{
    char name[32], starts[24], ends[24], created[24];
    if (match_mask_name(v->worker_real_name, name, sizeof name) != 0)
        return NULL;
    long long remaining = v->gig_headcount - v->gig_accepted_count;
    json_t *o = json_pack(
        "{s:I, s:s, s:{s:I, s:s, s:s, s:s, s:s, s:I, s:s, s:I, s:I, s:I, s:{s:s, s:s}}, s:{s:I, s:s}, "
        "s:{s:I, s:s}, s:s}",
        "id", (json_int_t)v->id, "status", v->status, "gig", "id", (json_int_t)v->gig_id, "title",
        v->gig_title, "status", v->gig_status, "starts_at", timeutil_rfc3339(v->gig_starts_at, starts),
        "ends_at", timeutil_rfc3339(v->gig_ends_at, ends), "pay_fen", (json_int_t)v->gig_pay_fen, "pay_unit",
        v->gig_pay_unit, "headcount", (json_int_t)v->gig_headcount, "accepted_count",
        (json_int_t)v->gig_accepted_count, "remaining", (json_int_t)(remaining > 0 ? remaining : 0), "region",
        "code", v->gig_region_code, "name", v->gig_region_name, "employer", "id", (json_int_t)v->employer_id,
        "name", v->employer_name, "worker", "id", (json_int_t)v->worker_id, "display_name", name,
        "created_at", timeutil_rfc3339(v->created_at, created));
    if (!o)
        return NULL;
    json_object_set_new(o, "application_id",
                        v->application_id ? json_integer((json_int_t)v->application_id) : json_null());
    json_object_set_new(o, "responded_at", time_or_null(v->responded_at));
    return o;
}

/* {"invitation": …} for id, read inside the caller's transaction when there is one. NULL on failure. */
static json_t *inv_reply(long long id, struct invitation_row *row)
{
    if (store_invitation_get(id, row) != ST_OK)
        return NULL;
    json_t *o = inv_json(row);
    return o ? json_pack("{s:o}", "invitation", o) : NULL;
}

static int state_conflict(struct req *r, const char *status)
{
    char msg[96];
    const char *zh = status;
    for (size_t i = 0; i < sizeof status_names / sizeof status_names[0]; i++)
        if (!strcmp(status, status_names[i]))
            zh = status_zh[i];
    snprintf(msg, sizeof msg, "邀请当前状态为「%s」，不能进行此操作", zh);
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

int api_invitation_create(struct req *r)
{
    static const struct field fields[] = {{"worker_id", F_INT, 1, 1, 999999999999999999LL}};
    int st = input_check(r, fields, 1);
    if (st)
        return st;
    long long gig_id = r->ids[0], me = r->who.id, worker = input_int(r, "worker_id", 0), id = 0;
    struct application_gig g;
    st = own_gig(r, gig_id, &g);
    if (st)
        return st;
    if (strcmp(g.status, "published") != 0 || g.ends_at <= r->now)
        return req_fail(r, ERR_GIG_NOT_OPEN, NULL, NULL);
    if (g.accepted_count >= g.headcount)
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
    if (rc != ST_NOTFOUND)
        return req_store_fail(r, rc);

    struct invitation_row row;
    json_t *reply = NULL;
    rc = db_begin();
    if (rc == ST_OK)
        rc = store_invitation_insert(gig_id, worker, me, &id);
    if (rc == ST_CONFLICT) {
        db_rollback();
        return req_fail(r, ERR_ALREADY_EXISTS, "worker_id", "已邀请过这位零工");
    }
    if (rc == ST_OK) {
        reply = inv_reply(id, &row);
        rc = reply ? ST_OK : ST_ERR;
    }
    if (rc == ST_OK) {
        char body[512];
        snprintf(body, sizeof body, "「%s」邀请你参加岗位「%s」，请在「我的邀请」中接受或谢绝",
                 row.employer_name, row.gig_title);
        rc = svc_notify_user(worker, "invitation", "收到岗位邀请", body, "invitation", id);
    }
    if (rc == ST_OK)
        rc = db_commit();
    else
        db_rollback();
    if (rc != ST_OK) {
        json_decref(reply);
        return req_store_fail(r, rc);
    }
    return req_reply(r, 201, reply);
}

struct list_ctx {
    json_t *items;
};

static int list_item(void *p, const struct invitation_row *v)
{
    struct list_ctx *c = p;
    json_t *o = inv_json(v);
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
    for (size_t i = 0; q > 0 && i < sizeof status_names / sizeof status_names[0]; i++)
        if (!strcmp(out, status_names[i]))
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

/* Inside the open transaction: the application that accepting creates (or the worker's own pending one,
 * now accepted), with its seat and history row. 0 and *app_id, or the failure (transaction rolled back). */
static int accepted_application(struct req *r, long long gig_id, long long employer, long long *app_id)
{
    long long me = r->who.id;
    struct application_gig g;
    char status[16];
    enum st rc = store_application_gig(gig_id, &g);
    if (rc == ST_OK && (strcmp(g.status, "published") != 0 || g.ends_at <= r->now)) {
        db_rollback();
        return req_fail(r, ERR_GIG_NOT_OPEN, NULL, NULL);
    }
    int gate =
        rc == ST_OK ? handler_credit_gate(r, me, CREDIT_GATE_APPLY) : 0; /* restricted: 403 saying why */
    if (gate) {
        db_rollback();
        return gate;
    }
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
        db_rollback();
        char msg[128];
        snprintf(msg, sizeof msg, "你对该岗位的报名状态为「%s」，不能再接受邀请", status);
        return req_fail(r, ERR_STATE_CONFLICT, NULL, msg);
    }
    if (rc == ST_OK) {
        rc = store_application_seat_take(gig_id);
        if (rc == ST_CONFLICT) {
            db_rollback();
            return req_fail(r, ERR_GIG_FULL, NULL, NULL);
        }
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
    if (rc != ST_OK) {
        db_rollback();
        return req_store_fail(r, rc == ST_CONFLICT ? ST_ERR : rc);
    }
    return 0;
}

/* The worker answers invitation r->ids[0]: accept (1) or decline (0). */
static int answer(struct req *r, int accept)
{
    long long id = r->ids[0], me = r->who.id, gig_id, worker, employer, app_id = 0;
    char status[12];
    enum st rc = db_begin();
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    rc = store_invitation_lock(id, &gig_id, &worker, &employer, status);
    int blocked = rc == ST_OK ? store_application_blocked(worker, employer) : 0;
    if (rc == ST_OK && blocked < 0)
        rc = ST_ERR;
    if (rc == ST_OK && (worker != me || blocked))
        rc = ST_NOTFOUND; /* someone else's invitation, or a blocked pair: as if it did not exist */
    if (rc != ST_OK) {
        db_rollback();
        return req_store_fail(r, rc);
    }
    if (strcmp(status, "pending") != 0) {
        db_rollback();
        return state_conflict(r, status);
    }
    if (accept) {
        int st = accepted_application(r, gig_id, employer, &app_id);
        if (st)
            return st;
    }
    struct invitation_row row;
    json_t *reply = NULL;
    rc = store_invitation_set_status(id, "pending", accept ? "accepted" : "declined", app_id);
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
    if (rc == ST_OK)
        rc = db_commit();
    else
        db_rollback();
    if (rc != ST_OK) {
        json_decref(reply);
        return rc == ST_CONFLICT ? state_conflict(r, status) : req_store_fail(r, rc);
    }
    return req_reply(r, 200, reply);
}

int api_invitation_accept(struct req *r)
{
    return answer(r, 1);
}

int api_invitation_decline(struct req *r)
{
    return answer(r, 0);
}
