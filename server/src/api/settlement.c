/* Settlements 薪酬委托结算 (SPEC §2, issue 6 items 6-7): records of what an employer owes and paid a worker
 * for one completed application — linggong never holds or moves the money. The employer records a
 * settlement (Idempotency-Key required; the amount defaults to attendance × the gig's rate per pay unit,
 * with item lines and an adjusted amount that needs a reason: domain/settlement.c), marks it paid with
 * method and reference; the worker confirms receipt or disputes it, and a dispute opens an unpaid_wage
 * complaint for the bureau (api/complaint.h), whose resolution moves the settlement to resolved
 * (settlement_resolve_system). Every change goes through the settlement table of domain/fsm.c (anything
 * else 409 with the current state; the wrong side 403), appends a settlement_history row and notifies the
 * other party, all in ONE transaction. Readers: the two parties and admins of the gig's region. Also the
 * worker's yearly income statement (JSON and PDF) and the region-scoped admin list and CSV export.
 * Settlements stay visible to both parties even after one blocks the other: they are a record of pay. */
#include "api/settlement.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/config.h"
#include "domain/timeutil.h"
#include "ext/token.h"
#include "http/req.h"
#include "api/complaint.h"
#include "api/handlers.h"
#include "svc/history.h"
#include "http/handler.h"
#include "http/input.h"
#include "svc/moderation.h"
#include "svc/notify.h"
#include "core/log.h"
#include "domain/attendance.h"
#include "domain/csvout.h"
#include "domain/fsm.h"
#include "domain/region.h"
#include "domain/settlement.h"
#include "ext/pdf.h"
#include "store/application.h"
#include "store/attendance.h"
#include "store/audit.h"
#include "store/settlement.h"

#define EXPORT_MAX_ROWS 50000

static const char *const state_zh[] = {"待支付", "已支付待确认", "已确认收款", "有争议", "争议已处理"};

static const struct {
    const char *name, *zh;
} methods[] = {
    {"cash", "现金"}, {"wechat", "微信转账"}, {"alipay", "支付宝"}, {"bank", "银行转账"}, {"other", "其他"},
};

static const char *method_zh(const char *m)
{
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
        if (!strcmp(methods[i].name, m))
            return methods[i].zh;
    return "";
}

static const char *status_zh(const char *status)
{
    int s;
    return fsm_state_parse(FSM_SETTLEMENT, status, &s) == 0 ? state_zh[s] : status;
}

static const char *unit_zh(const char *unit)
{
    static const char *const zh[] = {"小时", "天", "件", "单"};
    enum money_unit u;
    return money_unit_parse(unit, &u) == 0 ? zh[u] : unit;
}

static json_t *time_or_null(long long t)
{
    char buf[24];
    return t > 0 ? json_string(timeutil_rfc3339(t, buf)) : json_null();
}

static json_t *str_or_null(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

/* "7.5" from 7500 thousandths (trailing zeros dropped). */
static char *quantity_text(long long milli, char out[32])
{
    snprintf(out, 32, "%lld.%03lld", milli / 1000, milli % 1000);
    char *p = out + strlen(out) - 1;
    while (*p == '0')
        *p-- = '\0';
    if (*p == '.')
        *p = '\0';
    return out;
}

/* Unix seconds as Asia/Shanghai "YYYY-MM-DD HH:MM" (what a bureau clerk reads), "" for 0. */
static char *local_time(long long t, char out[24])
{
    out[0] = '\0';
    if (t > 0) {
        time_t tt = (time_t)(t + ATTENDANCE_TZ_OFFSET_S);
        struct tm tm;
        gmtime_r(&tt, &tm);
        strftime(out, 24, "%Y-%m-%d %H:%M", &tm);
    }
    return out;
}

/* The settlement as a party or an admin sees it, without items and history (lists). */
static json_t *settlement_json(const struct settlement_row *s)
{
    char created[24], updated[24], qty[32];
    json_t *o = json_pack(
        "{s:I, s:I, s:{s:I, s:s}, s:{s:I, s:s}, s:{s:I, s:s}, s:{s:s, s:s}, s:s, s:s, s:I, s:I, s:s, s:I, "
        "s:I, s:I, s:I, s:I, s:I, s:b, s:s, s:s}",
        "id", (json_int_t)s->id, "application_id", (json_int_t)s->application_id, "gig", "id",
        (json_int_t)s->gig_id, "title", s->gig_title, "worker", "id", (json_int_t)s->worker_id, "name",
        s->worker_name, "employer", "id", (json_int_t)s->employer_id, "name", s->employer_name, "region",
        "code", s->region_code, "name", s->region_name, "status", s->status, "pay_unit", s->pay_unit,
        "rate_fen", (json_int_t)s->rate_fen, "quantity_milli", (json_int_t)s->quantity_milli, "quantity",
        quantity_text(s->quantity_milli, qty), "minutes_worked", (json_int_t)s->minutes_worked,
        "days_attended", (json_int_t)s->days_attended, "base_fen", (json_int_t)s->base_fen, "items_fen",
        (json_int_t)s->items_fen, "computed_fen", (json_int_t)s->computed_fen, "amount_fen",
        (json_int_t)s->amount_fen, "adjusted", (int)s->adjusted, "created_at",
        timeutil_rfc3339(s->created_at, created), "updated_at", timeutil_rfc3339(s->updated_at, updated));
    if (!o)
        return NULL;
    json_object_set_new(o, "adjust_reason", str_or_null(s->adjust_reason));
    json_object_set_new(o, "pay_method", str_or_null(s->pay_method));
    json_object_set_new(o, "pay_reference", str_or_null(s->pay_reference));
    json_object_set_new(o, "dispute_reason", str_or_null(s->dispute_reason));
    json_object_set_new(o, "complaint_id", s->complaint_id ? json_integer(s->complaint_id) : json_null());
    json_object_set_new(o, "paid_at", time_or_null(s->paid_at));
    json_object_set_new(o, "confirmed_at", time_or_null(s->confirmed_at));
    json_object_set_new(o, "disputed_at", time_or_null(s->disputed_at));
    json_object_set_new(o, "resolved_at", time_or_null(s->resolved_at));
    return o;
}

static int item_json(void *ctx, const struct settlement_item_row *i)
{
    json_t *o = json_pack("{s:i, s:s, s:s, s:I}", "position", i->position, "kind", i->kind, "label", i->label,
                          "amount_fen", (json_int_t)i->amount_fen);
    if (!o)
        return -1;
    json_object_set_new(o, "quantity_milli",
                        i->quantity_milli >= 0 ? json_integer(i->quantity_milli) : json_null());
    json_object_set_new(o, "unit_fen", i->unit_fen >= 0 ? json_integer(i->unit_fen) : json_null());
    return json_array_append_new(ctx, o);
}

/* {settlement} with items and history, read on the current connection (inside the caller's transaction
 * when one is open, so it sees the caller's own writes). NULL on a store error. */
static json_t *settlement_reply(const struct settlement_row *s)
{
    json_t *o = settlement_json(s), *items = json_array(), *hist = json_array();
    if (o && items && hist && store_settlement_items(s->id, item_json, items) == ST_OK &&
        store_settlement_history(s->id, api_history_append, hist) == ST_OK) {
        json_object_set_new(o, "items", items);
        json_object_set_new(o, "history", hist);
        return json_pack("{s:o}", "settlement", o);
    }
    json_decref(o);
    json_decref(items);
    json_decref(hist);
    return NULL;
}

/* Reads settlement id into a new heap row and builds its reply. NULL on a store error. */
static json_t *reply_of(long long id)
{
    struct settlement_row *s = malloc(sizeof *s);
    json_t *reply = s && store_settlement_get(id, s) == ST_OK ? settlement_reply(s) : NULL;
    free(s);
    return reply;
}

static int state_conflict(struct req *r, const char *status)
{
    char msg[128];
    snprintf(msg, sizeof msg, "结算当前状态为「%s」，不能进行此操作", status_zh(status));
    return req_fail(r, ERR_STATE_CONFLICT, NULL, msg);
}

/* ------------------------------------------------------------------------------------------- settle */

struct worked {
    long long minutes, days;
};

static int worked_add(void *ctx, const struct attendance_row *a)
{
    struct worked *w = ctx;
    w->minutes += attendance_minutes(a->check_in_at, a->check_out_at);
    w->days += a->check_in_at > 0;
    return 0;
}

/* Checks body.items (already an array of at most SETTLEMENT_MAX_ITEMS) item by item: {label 1-32
 * characters, amount_fen a non-zero integer within ±SETTLEMENT_ITEM_MAX_FEN}, nothing else. Returns 0 or
 * the error status, the field named items[i].label / items[i].amount_fen. */
static int check_items(struct req *r, json_t *items)
{
    static const struct field fields[] = {
        {"label", F_STR, 1, 1, 32},
        {"amount_fen", F_INT, 1, -SETTLEMENT_ITEM_MAX_FEN, SETTLEMENT_ITEM_MAX_FEN},
    };
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it)
    {
        char path[32];
        snprintf(path, sizeof path, "items[%zu]", i);
        if (!json_is_object(it))
            return req_fail(r, ERR_VALIDATION, path, "应为对象");
        json_t *saved = r->body;
        r->body = it;
        int st = input_check(r, fields, 2);
        r->body = saved;
        if (!st && json_integer_value(json_object_get(it, "amount_fen")) == 0)
            st = req_fail(r, ERR_VALIDATION, "amount_fen", "金额不能为 0");
        if (st) {
            json_t *err = json_object_get(r->reply, "error");
            char field[64];
            snprintf(field, sizeof field, "%s.%s", path,
                     json_string_value(json_object_get(err, "field"))
                         ? json_string_value(json_object_get(err, "field"))
                         : "");
            json_object_set_new(err, "field", json_string(field));
            return st;
        }
    }
    return 0;
}

/* Maps a broken settlement rule to its 400 reply. */
static int compute_fail(struct req *r, enum settlement_error e)
{
    switch (e) {
    case SETTLEMENT_PIECES_REQUIRED:
        return req_fail(r, ERR_MISSING_FIELD, "pieces", "计件岗位请填写完成的件数");
    case SETTLEMENT_PIECES_UNEXPECTED:
        return req_fail(r, ERR_VALIDATION, "pieces", "这个岗位不是计件工资");
    case SETTLEMENT_REASON_REQUIRED:
        return req_fail(r, ERR_MISSING_FIELD, "adjust_reason", "调整金额或扣款时请说明原因");
    case SETTLEMENT_NOT_POSITIVE:
        return req_fail(r, ERR_VALIDATION, "amount_fen",
                        "结算金额应大于 0；没有考勤记录时请填写金额并说明原因");
    case SETTLEMENT_BAD_ITEM:
        return req_fail(r, ERR_VALIDATION, "items", NULL);
    default:
        return req_fail(r, ERR_VALIDATION, "amount_fen", "结算金额超出上限");
    }
}

static const char *base_label(enum money_unit u)
{
    static const char *const label[] = {"工资（按小时计）", "工资（按天计）", "工资（计件）", "工资（整单）"};
    return (unsigned)u < MONEY_UNIT_COUNT ? label[u] : "工资";
}

/* Inside the caller's transaction: stores computation c for application a (locked, completed, gig paid by
 * unit) with its base line, the n_items item lines, the history row by the employer (reason may be NULL)
 * and the worker's notification. *sid gets the new id. ST_CONFLICT when the application already has one. */
static enum st record(const struct application_row *a, const struct worked *w, enum money_unit unit,
                      const struct settlement_calc *c, const char *reason, const long long *item_fen,
                      const char *const *labels, size_t n_items, long long *sid)
{
    struct settlement_new sn = {
        a->id,           a->gig_id,         a->worker_id, a->employer_id, a->gig_region_code, a->gig_pay_unit,
        a->gig_pay_fen,  c->quantity_milli, w->minutes,   w->days,        c->base_fen,        c->items_fen,
        c->computed_fen, c->amount_fen,     c->adjusted,  reason};
    enum st rc = store_settlement_insert(&sn, sid);
    if (rc == ST_OK)
        rc = store_settlement_item_add(*sid, 0, "base", base_label(unit), c->quantity_milli, a->gig_pay_fen,
                                       c->base_fen);
    for (size_t i = 0; rc == ST_OK && i < n_items; i++)
        rc = store_settlement_item_add(*sid, (int)i + 1, item_fen[i] > 0 ? "extra" : "deduction", labels[i],
                                       -1, -1, item_fen[i]);
    if (rc == ST_OK)
        rc = store_settlement_history_add(*sid, "user", a->employer_id, NULL, "recorded", reason);
    if (rc == ST_OK) {
        char body[300], yuan[32];
        money_format_yuan(c->amount_fen, yuan, sizeof yuan);
        snprintf(body, sizeof body, "雇主已记录「%s」的工钱 %s 元，付款后请确认收款", a->gig_title, yuan);
        rc = svc_notify_user(a->worker_id, "settlement_recorded", "工钱已结算", body, "settlement", *sid);
    }
    return rc;
}

#define MAX_MODS (SETTLEMENT_MAX_ITEMS + 1)

int api_settlement_create(struct req *r)
{
    static const struct field fields[] = {
        {"amount_fen", F_INT, 0, 1, SETTLEMENT_MAX_FEN},
        {"adjust_reason", F_STR, 0, 1, 200},
        {"items", F_ARR, 0, 0, SETTLEMENT_MAX_ITEMS},
        {"pieces", F_INT, 0, 0, SETTLEMENT_MAX_PIECES},
    };
    int st = input_check(r, fields, sizeof fields / sizeof fields[0]);
    if (st)
        return st;
    if (!r->idempotency_key[0])
        return req_fail(r, ERR_IDEMPOTENCY_KEY_REQUIRED, NULL, NULL);
    json_t *items = json_object_get(r->body, "items");
    size_t n_items = json_is_array(items) ? json_array_size(items) : 0;
    if (n_items && (st = check_items(r, items)) != 0)
        return st;
    /* every stored text through the word filter: the reason, then each label */
    struct moderation *mods = calloc(MAX_MODS, sizeof *mods);
    struct application_row *a = malloc(sizeof *a);
    long long item_fen[SETTLEMENT_MAX_ITEMS];
    const char *labels[SETTLEMENT_MAX_ITEMS];
    int in_tx = 0;
    if (!mods || !a) {
        st = req_fail(r, ERR_INTERNAL, NULL, NULL);
        goto out;
    }
    const char *reason = input_str(r, "adjust_reason");
    if (reason && (st = handler_moderate(r, "adjust_reason", reason, &mods[0])) != 0)
        goto out;
    reason = reason ? mods[0].text : NULL;
    for (size_t i = 0; i < n_items; i++) {
        json_t *it = json_array_get(items, i);
        char field[48];
        snprintf(field, sizeof field, "items[%zu].label", i);
        st = handler_moderate(r, field, json_string_value(json_object_get(it, "label")), &mods[i + 1]);
        if (st)
            goto out;
        labels[i] = mods[i + 1].text;
        item_fen[i] = json_integer_value(json_object_get(it, "amount_fen"));
    }

    struct idem idem;
    st = idempotency_begin(r, &idem);
    if (st)
        goto out; /* a replay, a mismatch or an error: nothing else runs */
    in_tx = 1;
    long long app_id = r->ids[0], me = r->who.id, sid = 0, existing;
    enum st rc = store_application_lock(app_id, a);
    if (rc == ST_OK && me != a->employer_id) {
        if (me == a->worker_id) { /* a party, but only the employer records what it pays */
            st = req_fail(r, ERR_FORBIDDEN, NULL, "只有雇主可以记录结算");
            goto out;
        }
        rc = ST_NOTFOUND; /* strangers: as if it did not exist */
    }
    if (rc == ST_OK && strcmp(a->status, "completed") != 0) {
        char msg[160];
        int s;
        static const char *const app_zh[] = {"已报名", "已录用", "未录用", "已撤回",
                                             "已取消", "未到岗", "已完成"};
        snprintf(msg, sizeof msg, "报名当前状态为「%s」，双方确认完成后才能结算",
                 fsm_state_parse(FSM_APPLICATION, a->status, &s) == 0 ? app_zh[s] : a->status);
        st = req_fail(r, ERR_STATE_CONFLICT, NULL, msg);
        goto out;
    }
    if (rc == ST_OK) {
        rc = store_settlement_of_application(app_id, &existing);
        if (rc == ST_OK) {
            st = req_fail(r, ERR_ALREADY_EXISTS, NULL, "这份报名已经记录过结算");
            goto out;
        }
        if (rc == ST_NOTFOUND)
            rc = ST_OK;
    }
    struct worked w = {0, 0};
    if (rc == ST_OK)
        rc = store_attendance_list(app_id, worked_add, &w);
    if (rc != ST_OK) {
        st = req_store_fail(r, rc);
        goto out;
    }
    enum money_unit unit;
    if (money_unit_parse(a->gig_pay_unit, &unit) != 0) {
        st = req_fail(r, ERR_INTERNAL, NULL, NULL);
        goto out;
    }
    json_t *adj = json_object_get(r->body, "amount_fen"), *pieces = json_object_get(r->body, "pieces");
    struct settlement_input in = {
        .unit = unit,
        .rate_fen = a->gig_pay_fen,
        .minutes = w.minutes,
        .days = w.days,
        .pieces = json_is_integer(pieces) ? json_integer_value(pieces) : -1,
        .item_fen = item_fen,
        .n_items = n_items,
        .adjusted_fen = json_is_integer(adj) ? json_integer_value(adj) : -1,
        .has_reason = reason != NULL,
    };
    struct settlement_calc c;
    enum settlement_error e = settlement_compute(&in, &c);
    if (e != SETTLEMENT_OK) {
        st = compute_fail(r, e);
        goto out;
    }
    rc = record(a, &w, unit, &c, reason, item_fen, labels, n_items, &sid);
    if (rc == ST_CONFLICT) { /* unreachable under the application lock; answer it like the check above */
        st = req_fail(r, ERR_ALREADY_EXISTS, NULL, "这份报名已经记录过结算");
        goto out;
    }
    if (rc == ST_OK && (reason || n_items)) {
        struct moderation used[MAX_MODS];
        size_t n = 0;
        for (size_t i = 0; i <= n_items; i++)
            if (mods[i].field)
                used[n++] = mods[i];
        rc = moderation_record("settlement", sid, used, n);
    }
    json_t *reply = rc == ST_OK ? reply_of(sid) : NULL;
    if (!reply) {
        st = req_store_fail(r, rc == ST_OK ? ST_ERR : rc);
        goto out;
    }
    in_tx = 0;
    st = idempotency_commit(r, &idem, 201, reply);
out:
    if (in_tx)
        db_rollback();
    free(a);
    free(mods);
    return st;
}

/* --------------------------------------------------------------------------------------- transitions */

/* What the other party hears about a transition. */
struct news {
    const char *kind, *title, *fmt; /* fmt takes the gig title and the amount in yuan */
};

static const struct news *news_of(enum fsm_action action)
{
    static const struct news pay = {"settlement_paid", "雇主已付款",
                                    "雇主已支付「%s」的工钱 %s 元，请核对后确认收款"};
    static const struct news confirm = {"settlement_confirmed", "零工已确认收款",
                                        "零工已确认收到「%s」的工钱 %s 元"};
    static const struct news dispute = {"settlement_disputed", "零工对结算有异议",
                                        "零工对「%s」的结算（%s 元）提出异议，已转就业服务中心处理"};
    static const struct news resolve = {"settlement_resolved", "结算争议已处理",
                                        "「%s」的结算争议（%s 元）已由就业服务中心处理完毕"};
    switch (action) {
    case FSM_ACT_PAY:
        return &pay;
    case FSM_ACT_CONFIRM:
        return &confirm;
    case FSM_ACT_DISPUTE:
        return &dispute;
    default:
        return &resolve;
    }
}

static enum st tell(long long user_id, enum fsm_action action, const struct settlement_row *s)
{
    const struct news *n = news_of(action);
    char body[300], yuan[32];
    money_format_yuan(s->amount_fen, yuan, sizeof yuan);
    snprintf(body, sizeof body, n->fmt, s->gig_title, yuan);
    return svc_notify_user(user_id, n->kind, n->title, body, "settlement", s->id);
}

/* Inside the caller's transaction: moves settlement id (locked as *l) by action as role, with history by
 * (actor_kind, actor_id) carrying reason, the pay fields or dispute reason, the complaint a dispute opens,
 * and notifications (to the other party; a resolution to both). *row gets the settlement as it now is.
 * Returns ST_OK, or ST_CONFLICT when the table has no such transition from its state, ST_ERR when the role
 * may not (the handlers check that first), or the store status. */
static enum st move(long long id, const struct settlement_lock *l, enum fsm_action action, enum fsm_role role,
                    const char *actor_kind, long long actor_id, const char *method, const char *reference,
                    const char *reason, struct settlement_row *row)
{
    int from, to;
    if (fsm_state_parse(FSM_SETTLEMENT, l->status, &from) != 0)
        return ST_ERR;
    enum fsm_result fr = fsm_next(FSM_SETTLEMENT, from, action, role, &to);
    if (fr != FSM_OK)
        return fr == FSM_ILLEGAL ? ST_CONFLICT : ST_ERR;
    const char *to_name = fsm_state_name(FSM_SETTLEMENT, to);
    enum st rc = store_settlement_set_status(id, l->status, to_name, method, reference,
                                             action == FSM_ACT_DISPUTE ? reason : NULL);
    if (rc == ST_OK)
        rc = store_settlement_history_add(id, actor_kind, actor_id, l->status, to_name, reason);
    if (rc == ST_OK)
        rc = store_settlement_get(id, row);
    if (rc == ST_OK && action == FSM_ACT_DISPUTE) {
        char text[1400], yuan[32];
        long long complaint = 0;
        money_format_yuan(row->amount_fen, yuan, sizeof yuan);
        snprintf(text, sizeof text, "结算争议：岗位「%s」（结算编号 %lld，记录金额 %s 元）。零工说明：%s",
                 row->gig_title, id, yuan, reason);
        rc = complaint_open_system(l->worker_id, l->employer_id, "unpaid_wage", l->gig_id, l->application_id,
                                   id, text, &complaint);
        if (rc == ST_OK)
            rc = store_settlement_set_complaint(id, complaint);
        if (rc == ST_OK)
            row->complaint_id = complaint;
    }
    if (rc == ST_OK && action == FSM_ACT_RESOLVE) {
        rc = tell(l->worker_id, action, row);
        if (rc == ST_OK)
            rc = tell(l->employer_id, action, row);
    } else if (rc == ST_OK) {
        rc = tell(role == FSM_ROLE_EMPLOYER ? l->worker_id : l->employer_id, action, row);
    }
    return rc;
}

/* A party's transition of settlement r->ids[0] (pay by the employer; confirm, dispute by the worker). */
static int party_move(struct req *r, enum fsm_action action, const char *method, const char *reference,
                      const char *reason, const struct moderation *mod)
{
    struct idem idem;
    int st = idempotency_begin(r, &idem);
    if (st)
        return st;
    long long id = r->ids[0], me = r->who.id;
    struct settlement_lock l;
    struct settlement_row *row = malloc(sizeof *row);
    enum st rc = row ? store_settlement_lock(id, &l) : ST_ERR;
    if (rc == ST_OK && me != l.worker_id && me != l.employer_id)
        rc = ST_NOTFOUND; /* not a party: as if it did not exist */
    if (rc != ST_OK) {
        db_rollback();
        free(row);
        return req_store_fail(r, rc);
    }
    enum fsm_role role = me == l.employer_id ? FSM_ROLE_EMPLOYER : FSM_ROLE_WORKER;
    int from, to;
    fsm_state_parse(FSM_SETTLEMENT, l.status, &from);
    enum fsm_result fr = fsm_next(FSM_SETTLEMENT, from, action, role, &to);
    if (fr != FSM_OK) {
        db_rollback();
        free(row);
        return fr == FSM_FORBIDDEN ? req_fail(r, ERR_FORBIDDEN, NULL, NULL) : state_conflict(r, l.status);
    }
    rc = move(id, &l, action, role, "user", me, method, reference, reason, row);
    if (rc == ST_OK && mod && mod->hits)
        rc = moderation_record("settlement", id, mod, 1);
    json_t *reply = rc == ST_OK ? settlement_reply(row) : NULL;
    free(row);
    if (!reply) {
        db_rollback();
        /* CONFLICT here means the row changed under the lock: impossible, so a server fault */
        return req_store_fail(r, rc == ST_OK || rc == ST_CONFLICT ? ST_ERR : rc);
    }
    return idempotency_commit(r, &idem, 200, reply);
}

/* 1 when s is a bank/WeChat/Alipay reference: 1-64 of A-Z a-z 0-9 - _ and spaces. No free text, so nothing
 * here needs the word filter. */
static int reference_ok(const char *s)
{
    for (const char *p = s; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' ||
              *p == '_' || *p == ' '))
            return 0;
    return 1;
}

int api_settlement_pay(struct req *r)
{
    static const struct field fields[] = {{"method", F_STR, 1, 1, 8}, {"reference", F_STR, 0, 1, 64}};
    int st = input_check(r, fields, 2);
    if (st)
        return st;
    const char *method = input_str(r, "method"), *reference = input_str(r, "reference");
    if (!method_zh(method)[0])
        return req_fail(r, ERR_VALIDATION, "method", "付款方式应为 cash、wechat、alipay、bank 或 other");
    if (reference && !reference_ok(reference))
        return req_fail(r, ERR_VALIDATION, "reference", "交易单号只能包含字母、数字、空格、- 和 _");
    return party_move(r, FSM_ACT_PAY, method, reference, NULL, NULL);
}

int api_settlement_confirm(struct req *r)
{
    return party_move(r, FSM_ACT_CONFIRM, NULL, NULL, NULL, NULL);
}

int api_settlement_dispute(struct req *r)
{
    static const struct field fields[] = {{"reason", F_STR, 1, 2, 500}};
    int st = input_check(r, fields, 1);
    if (st)
        return st;
    struct moderation mod;
    st = handler_moderate(r, "reason", input_str(r, "reason"), &mod);
    return st ? st : party_move(r, FSM_ACT_DISPUTE, NULL, NULL, mod.text, &mod);
}

enum st settlement_resolve_system(long long settlement_id, long long actor_admin_id, const char *note)
{
    struct settlement_lock l;
    enum st rc = store_settlement_lock(settlement_id, &l);
    if (rc != ST_OK)
        return rc;
    struct settlement_row *row = malloc(sizeof *row);
    if (!row)
        return ST_ERR;
    char reason[801];
    snprintf(reason, sizeof reason, "%s", note && *note ? note : "就业服务中心已处理结算争议");
    /* the history column holds 500 characters and the note is the complaint's outcome, which may be longer:
     * keep its first 200, cut at a character boundary */
    size_t i = 0, chars = 0;
    while (reason[i] && chars < 200) {
        i++;
        while ((reason[i] & 0xC0) == 0x80)
            i++;
        chars++;
    }
    reason[i] = '\0';
    rc = move(settlement_id, &l, FSM_ACT_RESOLVE, FSM_ROLE_ADMIN, actor_admin_id ? "admin" : "system",
              actor_admin_id, NULL, NULL, reason, row);
    free(row);
    return rc;
}

/* ------------------------------------------------------------------------------------------- reads */

/* 1 when the caller may read s: a party, or an admin whose region contains the gig's. */
static int may_read(const struct req *r, const struct settlement_row *s)
{
    if (r->who.kind == PRINCIPAL_USER)
        return r->who.id == s->worker_id || r->who.id == s->employer_id;
    return r->who.kind == PRINCIPAL_ADMIN && (r->who.role & ROLE_ADMIN) &&
           region_contains(r->who.region, s->region_code);
}

int api_settlement_get(struct req *r)
{
    struct settlement_row *s = malloc(sizeof *s);
    enum st rc = s ? store_settlement_get(r->ids[0], s) : ST_ERR;
    if (rc == ST_OK && !may_read(r, s))
        rc = ST_NOTFOUND;
    json_t *reply = rc == ST_OK ? settlement_reply(s) : NULL;
    free(s);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    return reply ? req_reply(r, 200, reply) : req_fail(r, ERR_INTERNAL, NULL, NULL);
}

int api_settlement_of_application(struct req *r)
{
    long long id = 0;
    enum st rc = store_settlement_of_application(r->ids[0], &id);
    if (rc != ST_OK)
        return req_store_fail(r, rc); /* none recorded (or no such application): 404 for everyone */
    r->ids[0] = id;
    return api_settlement_get(r);
}

static int list_item(void *ctx, const struct settlement_row *s)
{
    json_t *o = settlement_json(s);
    return o ? json_array_append_new(ctx, o) : -1;
}

/* Reads ?state= (or its synonym ?status=) naming a settlement state into out ("%" when absent). */
static int state_filter(struct req *r, char out[16])
{
    int s;
    const char *name = req_query(r, "state", out, 16) != 0 ? "state" : "status";
    int q = req_query(r, name, out, 16);
    if (q == 0) {
        strcpy(out, "%");
        return 0;
    }
    if (q < 0 || fsm_state_parse(FSM_SETTLEMENT, out, &s) != 0)
        return req_fail(r, ERR_BAD_QUERY, name, "状态应为 recorded、paid、confirmed、disputed 或 resolved");
    return 0;
}

int api_settlement_mine(struct req *r)
{
    long long page, size, total = 0;
    char status[16], role[16];
    int st = req_page(r, &page, &size);
    if (!st)
        st = state_filter(r, status);
    if (st)
        return st;
    int q = req_query(r, "role", role, sizeof role);
    if (q < 0 || (q > 0 && strcmp(role, "worker") != 0 && strcmp(role, "employer") != 0))
        return req_fail(r, ERR_BAD_QUERY, "role", "role 应为 worker 或 employer");
    long long me = r->who.id;
    long long as_worker = q > 0 && !strcmp(role, "employer") ? 0 : me;
    long long as_employer = q > 0 && !strcmp(role, "worker") ? 0 : me;
    json_t *items = json_array();
    enum st rc = store_settlement_mine(as_worker, as_employer, status, size, (page - 1) * size, list_item,
                                       items, &total);
    if (rc != ST_OK) {
        json_decref(items);
        return req_store_fail(r, rc);
    }
    return req_reply(r, 200, req_list_reply(items, page, size, total));
}

/* ------------------------------------------------------------------------------- income statement */

#define STATEMENT_MAX_ITEMS 2000 /* store_settlement_paid_between's limit */

/* A worker's payments of one year, with what the JSON and the PDF show (16 KB: on the heap). */
struct statement {
    json_t *items;
    long long year, total, confirmed, awaiting, disputed, count, unpaid_n, unpaid_fen;
    long long month_fen[12], month_n[12];
    long long paid_at[STATEMENT_MAX_ITEMS]; /* of items[i] */
    char worker_name[129];
};

static int statement_item(void *ctx, const struct settlement_row *s)
{
    struct statement *c = ctx;
    char paid[24];
    json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:I, s:s, s:s}", "id", (json_int_t)s->id, "gig_id",
                          (json_int_t)s->gig_id, "gig_title", s->gig_title, "employer_name", s->employer_name,
                          "paid_at", timeutil_rfc3339(s->paid_at, paid), "amount_fen",
                          (json_int_t)s->amount_fen, "status", s->status, "pay_method", s->pay_method);
    if (!o || json_array_append_new(c->items, o) != 0)
        return -1;
    int m = settlement_month_of(s->paid_at) - 1;
    if (c->count < STATEMENT_MAX_ITEMS)
        c->paid_at[c->count] = s->paid_at;
    c->count++;
    c->total += s->amount_fen;
    c->month_fen[m] += s->amount_fen;
    c->month_n[m]++;
    if (!strcmp(s->status, "confirmed") || !strcmp(s->status, "resolved"))
        c->confirmed += s->amount_fen;
    else if (!strcmp(s->status, "paid"))
        c->awaiting += s->amount_fen;
    else
        c->disputed += s->amount_fen;
    if (!c->worker_name[0])
        snprintf(c->worker_name, sizeof c->worker_name, "%s", s->worker_name);
    return 0;
}

static void statement_free(struct statement *c)
{
    if (c)
        json_decref(c->items);
    free(c);
}

/* Reads ?year= (default: the current Asia/Shanghai year) and loads the caller's payments of that year into a
 * new statement (the caller frees it with statement_free). NULL with *st the status of the error reply set.
 */
static struct statement *statement_load(struct req *r, int *st)
{
    char today[11];
    attendance_date_of(r->now, today);
    long long year = atoll(today), from, to;
    if (req_query_int(r, "year", 2000, 2100, &year) < 0 || settlement_year_bounds(year, &from, &to) != 0) {
        *st = req_fail(r, ERR_BAD_QUERY, "year", "year 应为 2000 到 2100 的年份");
        return NULL;
    }
    struct statement *c = calloc(1, sizeof *c);
    enum st rc = c && (c->items = json_array()) ? ST_OK : ST_ERR;
    if (rc == ST_OK) {
        c->year = year;
        rc = store_settlement_paid_between(r->who.id, from, to, statement_item, c);
    }
    if (rc == ST_OK)
        rc = store_settlement_unpaid(r->who.id, &c->unpaid_n, &c->unpaid_fen);
    if (rc != ST_OK) {
        statement_free(c);
        *st = req_store_fail(r, rc);
        return NULL;
    }
    return c;
}

int api_settlement_income(struct req *r)
{
    int st = 0;
    struct statement *c = statement_load(r, &st);
    if (!c)
        return st;
    json_t *months = json_array();
    for (int m = 0; m < 12; m++)
        json_array_append_new(months,
                              json_pack("{s:i, s:I, s:I}", "month", m + 1, "count", (json_int_t)c->month_n[m],
                                        "amount_fen", (json_int_t)c->month_fen[m]));
    char gen[24];
    json_t *reply = json_pack(
        "{s:{s:I, s:{s:I, s:s}, s:s, s:I, s:I, s:I, s:I, s:I, s:o, s:O, s:{s:I, s:I}}}", "statement", "year",
        (json_int_t)c->year, "worker", "id", (json_int_t)r->who.id, "name", c->worker_name, "generated_at",
        timeutil_rfc3339(r->now, gen), "count", (json_int_t)c->count, "total_fen", (json_int_t)c->total,
        "confirmed_fen", (json_int_t)c->confirmed, "awaiting_confirmation_fen", (json_int_t)c->awaiting,
        "disputed_fen", (json_int_t)c->disputed, "months", months, "items", c->items, "unpaid", "count",
        (json_int_t)c->unpaid_n, "amount_fen", (json_int_t)c->unpaid_fen);
    statement_free(c);
    return reply ? req_reply(r, 200, reply) : req_fail(r, ERR_INTERNAL, NULL, NULL);
}

static char *yuan_text(long long fen, char *out, size_t cap)
{
    char y[32];
    money_format_yuan(fen, y, sizeof y);
    snprintf(out, cap, "%s 元", y);
    return out;
}

/* The PDF variant: the same statement as an A4 document the worker can print or send (e.g. to a bank). */
int api_settlement_income_pdf(struct req *r)
{
    int st = 0;
    struct statement *c = statement_load(r, &st);
    if (!c)
        return st;
    long long year = c->year;
    size_t n = json_array_size(c->items);
    /* every string the document shows lives in one heap block of 160-byte cells */
    enum { CELL = 160, KV = 14, MONTH_COLS = 3, ITEM_COLS = 5 };
    size_t ncells = KV + (13 * MONTH_COLS) + (n + 1) * ITEM_COLS;
    char *text = calloc(ncells, CELL);
    const char **cells = calloc(ncells, sizeof *cells);
    unsigned char *pdf = NULL;
    size_t len = 0;
    if (!text || !cells) {
        st = req_fail(r, ERR_INTERNAL, NULL, NULL);
        goto out;
    }
    for (size_t i = 0; i < ncells; i++)
        cells[i] = text + i * CELL;
#define CELLF(i, ...) snprintf(text + (i)*CELL, CELL, __VA_ARGS__)
    char gen[24], buf[48];
    CELLF(0, "姓名"), CELLF(1, "%s", c->worker_name[0] ? c->worker_name : "（未填写）");
    CELLF(2, "用户编号"), CELLF(3, "%lld", r->who.id);
    CELLF(4, "年度"), CELLF(5, "%lld 年", year);
    CELLF(6, "全年收款合计"), CELLF(7, "%s（%lld 笔）", yuan_text(c->total, buf, sizeof buf), c->count);
    CELLF(8, "其中已确认收款"), CELLF(9, "%s", yuan_text(c->confirmed, buf, sizeof buf));
    CELLF(10, "尚有争议"), CELLF(11, "%s", yuan_text(c->disputed, buf, sizeof buf));
    CELLF(12, "生成时间"), CELLF(13, "%s（北京时间）", local_time(r->now, gen));
    size_t k = KV;
    CELLF(k, "月份"), CELLF(k + 1, "笔数"), CELLF(k + 2, "金额");
    k += MONTH_COLS;
    for (int m = 0; m < 12; m++, k += MONTH_COLS)
        CELLF(k, "%d 月", m + 1), CELLF(k + 1, "%lld", c->month_n[m]),
            CELLF(k + 2, "%s", yuan_text(c->month_fen[m], buf, sizeof buf));
    size_t items_at = k;
    CELLF(k, "付款日期"), CELLF(k + 1, "岗位"), CELLF(k + 2, "雇主"), CELLF(k + 3, "金额"),
        CELLF(k + 4, "状态");
    k += ITEM_COLS;
    size_t i;
    json_t *it;
    json_array_foreach(c->items, i, it)
    {
        local_time(c->paid_at[i], gen);
        gen[10] = '\0';
        CELLF(k, "%s", gen);
        CELLF(k + 1, "%s", json_string_value(json_object_get(it, "gig_title")));
        CELLF(k + 2, "%s", json_string_value(json_object_get(it, "employer_name")));
        CELLF(k + 3, "%s", yuan_text(json_integer_value(json_object_get(it, "amount_fen")), buf, sizeof buf));
        CELLF(k + 4, "%s", status_zh(json_string_value(json_object_get(it, "status"))));
        k += ITEM_COLS;
    }
#undef CELLF
    char title[64], footer[96], unpaid[160];
    snprintf(title, sizeof title, "%lld 年度零工收入明细", year);
    snprintf(footer, sizeof footer, "linggong 零工市场 · 用户 %lld · %lld 年度", r->who.id, year);
    snprintf(unpaid, sizeof unpaid, "另有 %lld 笔已记录、雇主尚未付款的工钱，合计 %s，不计入以上收入。",
             c->unpaid_n, yuan_text(c->unpaid_fen, buf, sizeof buf));
    static const double item_widths[] = {1.2, 2.4, 2.2, 1.3, 1.3};
    struct pdf_block blocks[] = {
        {.kind = PDF_KV, .cells = cells, .nrows = KV / 2},
        {.kind = PDF_HEADING, .text = "按月汇总"},
        {.kind = PDF_TABLE, .cells = cells + KV, .ncols = MONTH_COLS, .nrows = 13},
        {.kind = PDF_HEADING, .text = "收款明细"},
        n ? (struct pdf_block){.kind = PDF_TABLE,
                               .cells = cells + items_at,
                               .ncols = ITEM_COLS,
                               .nrows = (int)n + 1,
                               .widths = item_widths}
          : (struct pdf_block){.kind = PDF_PARAGRAPH, .text = "本年度没有雇主登记付款的结算记录。"},
        {.kind = PDF_NOTE, .text = unpaid},
        {.kind = PDF_NOTE,
         .text = "本明细根据雇主在零工市场平台登记的结算记录和零工本人的确认生成，金额以元计；平台只记录结算"
                 "，不经手资金。"
                 "对结算有异议可在小程序中提出，或拨打 12333 人社服务热线。"},
    };
    struct pdf_doc doc = {.title = title,
                          .subject = "零工收入明细",
                          .footer = footer,
                          .blocks = blocks,
                          .nblocks = sizeof blocks / sizeof blocks[0]};
    if (pdf_render(&doc, &pdf, &len) < 0) {
        st = req_fail(r, ERR_INTERNAL, NULL, NULL);
        goto out;
    }
    char name[48];
    snprintf(name, sizeof name, "income-%lld.pdf", year);
    st = req_reply_file(r, 200, (char *)pdf, len, "application/pdf", name);
    pdf = NULL;
out:
    statement_free(c);
    free(text);
    free(cells);
    free(pdf);
    return st;
}

/* ---------------------------------------------------------------------------------------------- admin */

struct admin_filter {
    char region_like[16], status[16];
    long long from, to;
};

/* Reads ?status= (or ?state=) and ?month=YYYY-MM and the admin's region scope. Returns 0 or the 400/403
 * status with the reply set. */
static int admin_filter(struct req *r, struct admin_filter *f)
{
    int st = state_filter(r, f->status);
    if (st)
        return st;
    char month[16];
    int q = req_query(r, "month", month, sizeof month);
    f->from = 0;
    f->to = 2147483647LL; /* FROM_UNIXTIME's maximum */
    if (q < 0 || (q > 0 && settlement_month_bounds(month, &f->from, &f->to) != 0))
        return req_fail(r, ERR_BAD_QUERY, "month", "month 应为 YYYY-MM 格式的月份");
    if (r->who.region[0]) {
        if (region_prefix(r->who.region, f->region_like) < 0)
            return req_fail(r, ERR_FORBIDDEN, NULL, NULL);
        strcat(f->region_like, "%");
    } else {
        strcpy(f->region_like, "%");
    }
    return 0;
}

int api_settlement_admin_list(struct req *r)
{
    long long page, size, total = 0;
    struct admin_filter f;
    int st = req_page(r, &page, &size);
    if (!st)
        st = admin_filter(r, &f);
    if (st)
        return st;
    json_t *items = json_array();
    enum st rc = store_settlement_admin(f.region_like, f.status, f.from, f.to, size, (page - 1) * size,
                                        list_item, items, &total);
    if (rc != ST_OK) {
        json_decref(items);
        return req_store_fail(r, rc);
    }
    return req_reply(r, 200, req_list_reply(items, page, size, total));
}

#define EXPORT_COLUMNS                                                                                                                                    \
    "结算编号,状态,记录时间,地区,岗位编号,岗位名称,雇主编号,雇主名称,零工编号,零工姓名,计薪方式,单价（元）," \
    "数量,考勤工时（小时）,出勤天数,核算金额（元）,结算金额（元）,是否调整,调整原因,付款方式,交易单号,"       \
    "付款时间,确认收款时间,争议时间,争议原因,诉求编号,处理时间"

static int export_row(void *ctx, const struct settlement_row *s)
{
    struct strbuf *b = ctx;
    char t[24], num[32];
#define NUM(fmt, v) (snprintf(num, sizeof num, fmt, v), num)
#define YUAN(v)     (money_format_yuan(v, num, sizeof num), num)
    csvout_field(b, NUM("%lld", s->id), 0);
    csvout_field(b, status_zh(s->status), 0);
    csvout_field(b, local_time(s->created_at, t), 0);
    csvout_field(b, s->region_name[0] ? s->region_name : s->region_code, 0);
    csvout_field(b, NUM("%lld", s->gig_id), 0);
    csvout_field(b, s->gig_title, 0);
    csvout_field(b, NUM("%lld", s->employer_id), 0);
    csvout_field(b, s->employer_name, 0);
    csvout_field(b, NUM("%lld", s->worker_id), 0);
    csvout_field(b, s->worker_name, 0);
    csvout_field(b, unit_zh(s->pay_unit), 0);
    csvout_field(b, YUAN(s->rate_fen), 0);
    csvout_field(b, quantity_text(s->quantity_milli, num), 0);
    csvout_field(b, NUM("%.2f", (double)s->minutes_worked / 60.0), 0);
    csvout_field(b, NUM("%lld", s->days_attended), 0);
    csvout_field(b, YUAN(s->computed_fen), 0);
    csvout_field(b, YUAN(s->amount_fen), 0);
    csvout_field(b, s->adjusted ? "是" : "否", 0);
    csvout_field(b, s->adjust_reason, 0);
    csvout_field(b, method_zh(s->pay_method), 0);
    csvout_field(b, s->pay_reference, 0);
    csvout_field(b, local_time(s->paid_at, t), 0);
    csvout_field(b, local_time(s->confirmed_at, t), 0);
    csvout_field(b, local_time(s->disputed_at, t), 0);
    csvout_field(b, s->dispute_reason, 0);
    csvout_field(b, s->complaint_id ? NUM("%lld", s->complaint_id) : "", 0);
    csvout_field(b, local_time(s->resolved_at, t), 1);
#undef NUM
#undef YUAN
    return b->oom ? -1 : 0;
}

int api_settlement_admin_export(struct req *r)
{
    struct admin_filter f;
    long long total = 0;
    int st = admin_filter(r, &f);
    if (st)
        return st;
    struct strbuf b = {0};
    strbuf_add(&b, CSVOUT_BOM EXPORT_COLUMNS "\r\n", strlen(CSVOUT_BOM EXPORT_COLUMNS "\r\n"));
    enum st rc = store_settlement_admin(f.region_like, f.status, f.from, f.to, EXPORT_MAX_ROWS, 0, export_row,
                                        &b, &total);
    if (rc == ST_OK && total > EXPORT_MAX_ROWS) {
        free(b.p);
        return req_fail(r, ERR_BAD_QUERY, "month", "导出行数超过 50000，请按月份或状态分批导出");
    }
    char oid[64];
    snprintf(oid, sizeof oid, "%s:%s:%lld", f.region_like, f.status, total);
    struct audit_entry e = {r->now,
                            "admin",
                            r->who.id,
                            "admin",
                            "settlement.export",
                            "settlement",
                            oid,
                            rc == ST_OK && !b.oom ? "ok" : "failed",
                            r->ip,
                            r->rid};
    enum st arc = store_audit_append(&e); /* who took a file of workers' names and pay, and which */
    if (rc != ST_OK || b.oom || arc != ST_OK) {
        free(b.p);
        return b.oom ? req_fail(r, ERR_INTERNAL, NULL, NULL) : req_store_fail(r, rc != ST_OK ? rc : arc);
    }
    return req_reply_file(r, 200, b.p, b.n, "text/csv; charset=utf-8", "settlements.csv");
}

/* -------------------------------------------------------------------------------------------- demo */

/* One demo settlement of completed application app_id walked to state (0 recorded ... 3 disputed), in one
 * transaction, through the same moves the routes make. */
static int demo_one(long long app_id, int state)
{
    static struct application_row a; /* seed-demo runs on the main thread only */
    static struct settlement_row row;
    static const char *const methods_demo[] = {"wechat", "cash", "bank", "alipay"};
    enum st rc = db_begin();
    if (rc == ST_OK)
        rc = store_application_lock(app_id, &a);
    struct worked w = {0, 0};
    if (rc == ST_OK)
        rc = store_attendance_list(app_id, worked_add, &w);
    enum money_unit unit = MONEY_UNIT_DAY;
    money_unit_parse(a.gig_pay_unit, &unit);
    /* demo applications have no attendance: the employer enters the amount, as a real one would */
    long long days = attendance_day_count(a.gig_starts_at, a.gig_ends_at);
    long long hours = (a.gig_ends_at - a.gig_starts_at) / 3600;
    long long qty = unit == MONEY_UNIT_HOUR    ? (hours > 0 ? hours : 1)
                    : unit == MONEY_UNIT_DAY   ? (days > 0 ? days : 1)
                    : unit == MONEY_UNIT_PIECE ? 200
                                               : 1;
    struct settlement_input in = {unit,
                                  a.gig_pay_fen,
                                  w.minutes,
                                  w.days,
                                  unit == MONEY_UNIT_PIECE ? qty : -1,
                                  NULL,
                                  0,
                                  money_amount(a.gig_pay_fen, unit, qty * 1000),
                                  1};
    struct settlement_calc c = {0};
    long long sid = 0;
    if (rc == ST_OK && settlement_compute(&in, &c) != SETTLEMENT_OK)
        rc = ST_ERR;
    if (rc == ST_OK)
        rc =
            record(&a, &w, unit, &c, c.adjusted ? "按排班工时结算（现场未打卡）" : NULL, NULL, NULL, 0, &sid);
    /* then: 1 paid; 2 paid and confirmed; 3 paid and disputed (an open unpaid_wage complaint for the demo
     * bureau, whose resolution resolves the settlement) */
    for (int k = 0; rc == ST_OK && k < 2 && state > k; k++) {
        enum fsm_action act = k == 0 ? FSM_ACT_PAY : state == 2 ? FSM_ACT_CONFIRM : FSM_ACT_DISPUTE;
        int pay = act == FSM_ACT_PAY;
        struct settlement_lock l;
        rc = store_settlement_lock(sid, &l);
        if (rc == ST_OK)
            rc = move(sid, &l, act, pay ? FSM_ROLE_EMPLOYER : FSM_ROLE_WORKER, "user",
                      pay ? a.employer_id : a.worker_id, pay ? methods_demo[app_id % 4] : NULL,
                      pay ? "DEMO20261121" : NULL,
                      act == FSM_ACT_DISPUTE ? "实际到手比约定少了一天的工钱" : NULL, &row);
    }
    if (rc == ST_OK)
        rc = db_commit();
    else
        db_rollback();
    return rc == ST_OK ? 0 : -1;
}

int settlement_demo_seed(void)
{
    long long ids[100];
    int n = 0;
    if (store_settlement_demo_candidates(ids, 100, &n) != ST_OK)
        return -1;
    for (int i = 0; i < n; i++)
        if (demo_one(ids[i], i % 4) != 0)
            return -1;
    if (n)
        log_info("demo settlements loaded", "\"settlements\":%d", n);
    return 0;
}
