/* 诚信分 handlers: GET /me/credit (score, restriction and why, paged history), and for county admins
 * inside their region GET /admin/users/{id}/credit, POST .../credit/adjust {delta, reason} and POST
 * .../credit/lift {reason}, both audited in the same transaction. The ledger itself is svc/credit.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/handlers.h"
#include "core/config.h"
#include "domain/credit.h"
#include "domain/region.h"
#include "domain/timeutil.h"
#include "http/input.h"
#include "http/req.h"
#include "store/audit.h"
#include "store/credit.h"
#include "svc/credit.h"
#include "svc/notify.h"

static int threshold(void)
{
    const struct config *c = config_current();
    return c ? (int)c->credit_restrict_below : 0;
}

/* ------------------------------------------------------------------ replies */

static json_t *time_or_null(long long t)
{
    char buf[24];
    return t > 0 ? json_string(timeutil_rfc3339(t, buf)) : json_null();
}

static json_t *str_or_null(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

static json_t *reason_json(const char *code)
{
    enum credit_reason why;
    if (!code || credit_reason_parse(code, &why) != 0)
        return json_null();
    return json_pack("{s:s, s:s}", "code", code, "label", credit_reason_zh(why));
}

/* {score, threshold, restricted, restricted_at, restricted_because, lifted_at, lift_note}; admin adds who
 * lifted it. */
static json_t *state_json(const struct credit_state *s, int admin)
{
    json_t *o = json_pack("{s:I, s:i, s:b, s:o, s:o, s:o, s:o}", "score", (json_int_t)s->score, "threshold",
                          threshold(), "restricted", (int)s->restricted, "restricted_at",
                          time_or_null(s->restricted ? s->restricted_at : 0), "restricted_because",
                          s->restricted ? reason_json(s->restricted_reason) : json_null(), "lifted_at",
                          time_or_null(s->lifted_at), "lift_note", str_or_null(s->lift_note));
    if (o && s->restricted && s->restricted_note[0])
        json_object_set_new(json_object_get(o, "restricted_because"), "note",
                            json_string(s->restricted_note));
    if (o && admin)
        json_object_set_new(o, "lifted_by",
                            s->lifted_by ? json_integer((json_int_t)s->lifted_by) : json_null());
    return o;
}

struct hist_ctx {
    json_t *items;
    int admin;
};

static int hist_item(void *p, const struct credit_entry_row *e)
{
    struct hist_ctx *c = p;
    char at[24];
    json_t *o = json_pack("{s:I, s:o, s:I, s:I, s:I, s:o, s:s, s:o, s:s}", "id", (json_int_t)e->id, "reason",
                          reason_json(e->reason), "delta", (json_int_t)e->delta, "score_before",
                          (json_int_t)e->score_before, "score_after", (json_int_t)e->score_after, "role",
                          str_or_null(e->role), "actor", e->actor_kind, "note", str_or_null(e->note),
                          "created_at", timeutil_rfc3339(e->created_at, at));
    if (!o)
        return -1;
    json_object_set_new(o, "object",
                        e->object_type[0]
                            ? json_pack("{s:s, s:I}", "type", e->object_type, "id", (json_int_t)e->object_id)
                            : json_null());
    if (c->admin)
        json_object_set_new(o, "actor_id", e->actor_id ? json_integer((json_int_t)e->actor_id) : json_null());
    return json_array_append_new(c->items, o);
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
    json_t *state = rc == ST_OK ? state_json(s, admin) : NULL;
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

static enum st audit(struct req *r, const char *action, long long user_id, const char *result)
{
    char oid[24];
    snprintf(oid, sizeof oid, "%lld", user_id);
    struct audit_entry e = {r->now, "admin", r->who.id, "admin", action, "user", oid, result, r->ip, r->rid};
    return store_audit_append(&e);
}

int api_credit_admin_get(struct req *r)
{
    int st = in_scope(r, r->ids[0]);
    return st ? st : reply_credit(r, r->ids[0], 1, 200);
}

int api_credit_admin_adjust(struct req *r)
{
    static const struct field fields[] = {{"delta", F_INT, 1, -100, 100}, {"reason", F_STR, 1, 2, 200}};
    int st = input_check(r, fields, 2);
    if (st)
        return st;
    long long user = r->ids[0];
    int delta = (int)input_int(r, "delta", 0);
    if (delta == 0)
        return req_fail(r, ERR_VALIDATION, "delta", "调整分值不能为 0");
    st = in_scope(r, user);
    if (st)
        return st;
    enum st rc = db_begin();
    if (rc == ST_OK)
        rc = svc_credit_adjust(user, delta, r->who.id, input_str(r, "reason"));
    if (rc == ST_OK)
        rc = audit(r, "credit.adjust", user, "ok");
    if (rc == ST_OK)
        rc = db_commit();
    else
        db_rollback();
    return rc == ST_OK ? reply_credit(r, user, 1, 200) : req_store_fail(r, rc);
}

int api_credit_admin_lift(struct req *r)
{
    static const struct field fields[] = {{"reason", F_STR, 1, 2, 200}};
    int st = input_check(r, fields, 1);
    if (st)
        return st;
    long long user = r->ids[0], score = 0, restricted = 0;
    st = in_scope(r, user);
    if (st)
        return st;
    enum st rc = db_begin();
    if (rc == ST_OK)
        rc = store_credit_lock(user, &score, &restricted);
    if (rc == ST_OK && !restricted) {
        rc = audit(r, "credit.lift", user, "failed");
        if (rc == ST_OK)
            rc = db_commit();
        else
            db_rollback();
        return rc == ST_OK ? req_fail(r, ERR_STATE_CONFLICT, NULL, "该用户目前没有被限制")
                           : req_store_fail(r, rc);
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
        rc = audit(r, "credit.lift", user, "ok");
    if (rc == ST_OK)
        rc = db_commit();
    else
        db_rollback();
    return rc == ST_OK ? reply_credit(r, user, 1, 200) : req_store_fail(r, rc);
}
