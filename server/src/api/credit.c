/* 诚信分 (SPEC §3 Credit, issue 7 item 2): the ledger writes every other handler calls (credit_apply,
 * credit_adjust), the restriction gate of applying and posting, and the routes: GET /me/credit (score,
 * restriction and why, paged history), and for county admins inside their region GET
 * /admin/users/{id}/credit, POST .../credit/adjust {delta, reason} and POST .../credit/lift {reason}, both
 * audited in the same transaction. The score moves only through a ledger entry written here. */
#include "api/credit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/handlers.h"
#include "api/input.h"
#include "api/notify.h"
#include "core/log.h"
#include "domain/credit.h"
#include "domain/region.h"
#include "store/audit.h"
#include "store/credit.h"

static int threshold(void)
{
    const struct config *c = api_config();
    return c ? (int)c->credit_restrict_below : 0;
}

/* Inside the transaction: what a change of restriction tells the user. */
static enum st tell(long long user_id, enum credit_restriction change, int score, long long entry_id,
                    enum credit_reason why)
{
    char body[512];
    if (change == CREDIT_RESTRICT) {
        snprintf(
            body, sizeof body,
            "因「%s」，你的诚信分降至 %d 分，低于 %d 分，暂时不能报名或发布岗位。如有异议请联系就业服务中心",
            credit_reason_zh(why), score, threshold());
        return notify_user(user_id, "credit_restricted", "诚信分过低，已限制", body, "credit", entry_id);
    }
    snprintf(body, sizeof body, "你的诚信分已恢复到 %d 分，报名和发布岗位的限制已解除", score);
    return notify_user(user_id, "credit_restored", "诚信分限制已解除", body, "credit", entry_id);
}

/* note cut to the ledger's 200 characters at a character boundary into out (801 bytes); NULL stays NULL. */
static const char *note_cut(const char *note, char out[801])
{
    if (!note)
        return NULL;
    size_t n = 0, chars = 0;
    while (note[n] && n < 800) {
        if (((unsigned char)note[n] & 0xC0) != 0x80 && ++chars > 200)
            break;
        n++;
    }
    while (n > 0 && ((unsigned char)note[n] & 0xC0) == 0x80) /* never end inside a character */
        n--;
    memcpy(out, note, n);
    out[n] = '\0';
    return out;
}

/* One ledger entry with its score and restriction effects, inside the current transaction. */
static enum st entry_tx(long long user_id, enum credit_reason reason, int delta, const char *object_type,
                        long long object_id, long long actor_id, const char *note_in)
{
    char cut[801];
    const char *note = note_cut(note_in, cut);
    long long score = 0, restricted = 0, id = 0;
    enum st rc = store_credit_lock(user_id, &score, &restricted);
    if (rc != ST_OK)
        return rc;
    int after = credit_apply_delta((int)score, delta);
    struct credit_entry_in e = {user_id,   credit_reason_name(reason),
                                delta,     (int)score,
                                after,     object_type,
                                object_id, actor_id ? credit_reason_actor(reason) : "system",
                                actor_id,  note};
    rc = store_credit_entry_add(&e, &id);
    if (rc == ST_CONFLICT)
        return ST_OK; /* this event was entered already: once is the rule, so nothing more to do */
    if (rc == ST_OK)
        rc = store_credit_set(user_id, after, id);
    enum credit_restriction change = credit_restriction_after((int)restricted, delta, after, threshold());
    if (rc == ST_OK && change == CREDIT_RESTRICT)
        rc = store_credit_restrict(user_id, id);
    else if (rc == ST_OK && change == CREDIT_LIFT)
        rc = store_credit_lift(user_id, 0, NULL);
    if (rc == ST_OK && change != CREDIT_KEEP)
        rc = tell(user_id, change, after, id, reason);
    return rc;
}

/* entry_tx in the caller's transaction, or in its own when none is open. */
static enum st entry(long long user_id, enum credit_reason reason, int delta, const char *object_type,
                     long long object_id, long long actor_id, const char *note)
{
    if (db_in_tx())
        return entry_tx(user_id, reason, delta, object_type, object_id, actor_id, note);
    enum st rc = db_begin();
    if (rc == ST_OK)
        rc = entry_tx(user_id, reason, delta, object_type, object_id, actor_id, note);
    if (rc == ST_OK)
        return db_commit();
    db_rollback();
    return rc;
}

enum st credit_apply(long long user_id, const char *reason, int stars, const char *object_type,
                     long long object_id, long long actor_id, const char *note)
{
    enum credit_reason why;
    int deltas[5], delta;
    const char *table = api_config() ? api_config()->credit_star_deltas : CREDIT_STAR_DELTAS_DEFAULT;
    if (credit_reason_parse(reason, &why) != 0 || why == CREDIT_ADMIN_ADJUST ||
        credit_star_deltas_parse(table, deltas) != 0 || credit_delta(why, stars, 0, deltas, &delta) != 0) {
        log_error("credit_apply: bad reason or stars", "\"stars\":%d", stars);
        return ST_ERR;
    }
    return entry(user_id, why, delta, object_type, object_id, actor_id, note);
}

enum st credit_adjust(long long user_id, int delta, long long admin_id, const char *note)
{
    int d;
    if (credit_delta(CREDIT_ADMIN_ADJUST, 0, delta, NULL, &d) != 0 || !note || !*note) {
        log_error("credit_adjust: bad delta or no reason", "\"delta\":%d", delta);
        return ST_ERR;
    }
    return entry(user_id, CREDIT_ADMIN_ADJUST, d, NULL, 0, admin_id, note);
}

enum st credit_reverse(long long user_id, const char *reason, const char *object_type, long long object_id,
                       long long admin_id, const char *note)
{
    long long id = 0, delta = 0;
    enum st rc = store_credit_entry_find(user_id, reason, object_type, object_id, &id, &delta);
    if (rc == ST_NOTFOUND || (rc == ST_OK && delta == 0))
        return ST_OK;
    if (rc != ST_OK)
        return rc;
    /* the admin_adjust entry for the same object is unique: a second reversal is a no-op */
    return entry(user_id, CREDIT_ADMIN_ADJUST, (int)-delta, object_type, object_id, admin_id, note);
}

int credit_gate_check(struct req *r, long long user_id, enum credit_gate what)
{
    struct credit_state *s = malloc(sizeof *s); /* 2.5 KB: off civetweb's small stacks */
    if (!s)
        return req_fail(r, ERR_INTERNAL, NULL, NULL);
    enum st rc = store_credit_state(user_id, s);
    int st = 0;
    if (rc != ST_OK) {
        st = api_store_fail(r, rc);
    } else if (s->restricted) {
        enum credit_reason why;
        char because[96] = "", msg[320];
        if (credit_reason_parse(s->restricted_reason, &why) == 0)
            snprintf(because, sizeof because, "（因「%s」）", credit_reason_zh(why));
        snprintf(msg, sizeof msg, "你的诚信分为 %lld 分，低于 %d 分%s，暂时不能%s。请联系就业服务中心复核",
                 s->score, threshold(), because, what == CREDIT_GATE_APPLY ? "报名" : "发布岗位");
        st = req_fail(r, ERR_CREDIT_RESTRICTED, NULL, msg);
    }
    free(s);
    return st;
}

/* ------------------------------------------------------------------ replies */

static json_t *time_or_null(long long t)
{
    char buf[24];
    return t > 0 ? json_string(api_time(t, buf)) : json_null();
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
                          "created_at", api_time(e->created_at, at));
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
    int st = api_page(r, &page, &size);
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
        return rc != ST_OK ? api_store_fail(r, rc) : req_fail(r, ERR_INTERNAL, NULL, NULL);
    }
    json_t *reply = api_list_reply(c.items, page, size, total);
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
        return api_store_fail(r, rc);
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
        rc = credit_adjust(user, delta, r->who.id, input_str(r, "reason"));
    if (rc == ST_OK)
        rc = audit(r, "credit.adjust", user, "ok");
    if (rc == ST_OK)
        rc = db_commit();
    else
        db_rollback();
    return rc == ST_OK ? reply_credit(r, user, 1, 200) : api_store_fail(r, rc);
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
                           : api_store_fail(r, rc);
    }
    if (rc == ST_OK)
        rc = store_credit_lift(user, r->who.id, input_str(r, "reason"));
    if (rc == ST_OK) {
        char body[512];
        snprintf(body, sizeof body,
                 "就业服务中心已复核并解除你的限制（当前诚信分 %lld 分），可以继续报名和发布岗位", score);
        rc = notify_user(user, "credit_restored", "诚信分限制已解除", body, "credit", 0);
    }
    if (rc == ST_OK)
        rc = audit(r, "credit.lift", user, "ok");
    if (rc == ST_OK)
        rc = db_commit();
    else
        db_rollback();
    return rc == ST_OK ? reply_credit(r, user, 1, 200) : api_store_fail(r, rc);
}
