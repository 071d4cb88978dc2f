/* 诚信分 handlers: GET /me/credit (score, restriction and why, paged history), and for county admins
 * inside their region GET /admin/users/{id}/credit, POST .../credit/adjust {delta, reason} and POST
 * .../credit/lift {reason}, both audited in the same transaction (handler_tx). The ledger itself is
 * svc/credit.c (no score changes here but through it), the JSON svc/view_credit.c; no SQL here. */
#include <stdio.h>
#include <stdlib.h>

#include "api/handlers.h"
#include "core/config.h"
#include "domain/region.h"
#include "http/handler.h"
#include "http/input.h"
#include "http/req.h"
#include "store/credit.h"
#include "svc/credit.h"
#include "svc/notify.h"
#include "svc/view_credit.h"

static int threshold(void)
{
    const struct config *c = config_current();
    return c ? (int)c->credit_restrict_below : 0;
}

/* ------------------------------------------------------------------ replies */

struct hist_ctx {
    json_t *items;
    int admin;
};

static int hist_item(void *p, const struct credit_entry_row *e)
{
    struct hist_ctx *c = p;
    json_t *o = view_credit_entry(e, c->admin);
    return o ? json_array_append_new(c->items, o) : -1;
}

/* {credit, items, page, page_size, total} of user_id. */
static int reply_credit(struct req *r, long long user_id, int admin, int status)
{
    long long page, size, total = 0;
    int st = req_page(r, &page, &size);
    if (st)
        return st;
    struct credit_state *s = malloc(sizeof *s);
    struct hist_ctx c = {json_array(), admin};
    enum st rc = s && c.items ? store_credit_state(user_id, s) : ST_ERR;
    if (rc == ST_OK)
        rc = store_credit_history(user_id, size, (page - 1) * size, hist_item, &c, &total);
    json_t *state = rc == ST_OK ? view_credit(s, threshold(), admin) : NULL;
    free(s);
    if (!state) {
        json_decref(c.items);
        return rc != ST_OK ? req_store_fail(r, rc) : req_fail(r, ERR_INTERNAL, NULL, NULL);
    }
    json_t *reply = req_list_reply(c.items, page, size, total);
    json_object_set_new(reply, "credit", state);
    if (admin)
        json_object_set_new(reply, "user_id", json_integer((json_int_t)user_id));
    return req_reply(r, status, reply);
}

int api_credit_mine(struct req *r)
{
    return reply_credit(r, r->who.id, 0, 200);
}

/* ------------------------------------------------------------------ admin */

/* 0 when the user exists and belongs to the admin's region (their worker or employer profile region lies
 * inside it; a user with neither is seen only by admins of the whole deployment); otherwise the 404 reply's
 * status (out of scope looks like missing, so existence does not leak). */
static int in_scope(struct req *r, long long user_id)
{
    char wr[13] = "", er[13] = "";
    enum st rc = store_credit_user_regions(user_id, wr, er);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    if (!r->who.region[0] || (wr[0] && region_contains(r->who.region, wr)) ||
        (er[0] && region_contains(r->who.region, er)))
        return 0;
    return req_fail(r, ERR_NOT_FOUND, NULL, NULL);
}

int api_credit_admin_get(struct req *r)
{
    int st = in_scope(r, r->ids[0]);
    return st ? st : reply_credit(r, r->ids[0], 1, 200);
}

static int adjust_tx(struct req *r, void *p)
{
    const int *delta = p;
    long long user = r->ids[0];
    enum st rc = svc_credit_adjust(user, *delta, r->who.id, input_str(r, "reason"));
    if (rc == ST_OK)
        rc = req_audit(r, "credit.adjust", "user", user, "ok");
    return rc == ST_OK ? 200 : req_store_fail(r, rc);
}

int api_credit_admin_adjust(struct req *r)
{
    static const struct field fields[] = {{"delta", F_INT, 1, -100, 100}, {"reason", F_STR, 1, 2, 200}};
    int st = input_check(r, fields, 2);
    if (st)
        return st;
    int delta = (int)input_int(r, "delta", 0);
    if (delta == 0)
        return req_fail(r, ERR_VALIDATION, "delta", "调整分值不能为 0");
    if ((st = in_scope(r, r->ids[0])) != 0 || (st = handler_tx(r, adjust_tx, &delta)) != 200)
        return st;
    return reply_credit(r, r->ids[0], 1, 200); /* after the commit, as the ledger now stands */
}

/* A lift refused because the user is not restricted is audited too, and that audit row must commit: the
 * body then answers 200 (commit) with *refused set, and api_credit_admin_lift answers the 409. */
static int lift_tx(struct req *r, void *p)
{
    int *refused = p;
    long long user = r->ids[0], score = 0, restricted = 0;
    *refused = 0;
    enum st rc = store_credit_lock(user, &score, &restricted);
    if (rc == ST_OK && !restricted) {
        rc = req_audit(r, "credit.lift", "user", user, "failed");
        *refused = rc == ST_OK;
        return rc == ST_OK ? 200 : req_store_fail(r, rc);
    }
    if (rc == ST_OK)
        rc = store_credit_lift(user, r->who.id, input_str(r, "reason"));
    if (rc == ST_OK) {
        char body[512];
        snprintf(body, sizeof body,
                 "就业服务中心已复核并解除你的限制（当前诚信分 %lld 分），可以继续报名和发布岗位", score);
        rc = svc_notify_user(user, "credit_restored", "诚信分限制已解除", body, "credit", 0);
    }
    if (rc == ST_OK)
        rc = req_audit(r, "credit.lift", "user", user, "ok");
    return rc == ST_OK ? 200 : req_store_fail(r, rc);
}

int api_credit_admin_lift(struct req *r)
{
    static const struct field fields[] = {{"reason", F_STR, 1, 2, 200}};
    int refused = 0, st = input_check(r, fields, 1);
    if (st || (st = in_scope(r, r->ids[0])) != 0 || (st = handler_tx(r, lift_tx, &refused)) != 200)
        return st;
    if (refused) /* its audit row committed: now answer it */
        return req_fail(r, ERR_STATE_CONFLICT, NULL, "该用户目前没有被限制");
    return reply_credit(r, r->ids[0], 1, 200); /* after the commit, as the ledger now stands */
}
