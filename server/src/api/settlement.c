/* Settlements 薪酬委托结算 (SPEC §2, issue 6 items 6-7), the routes: records of what an employer owes and
 * paid a worker for one completed application — linggong never holds or moves the money. The employer records
 * a settlement (Idempotency-Key required; the amount defaults to attendance × the gig's rate per pay unit,
 * with item lines and an adjusted amount that needs a reason: domain/settlement.c), marks it paid with
 * method and reference; the worker confirms receipt or disputes it (svc/dispute.c opens the complaint).
 * Every change goes through the settlement table of domain/fsm.c (anything else 409 with the current state;
 * the wrong side 403) in ONE transaction (svc/settlement.c writes). Readers: the two parties and admins of
 * the gig's region. Also the worker's yearly income statement (JSON and PDF) and the region-scoped admin
 * list and CSV export. Settlements stay visible to both parties even after one blocks the other: they are
 * a record of pay. Never talks SQL or civetweb; no complaint code here. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/handlers.h"
#include "domain/attendance.h"
#include "domain/csvout.h"
#include "domain/fsm.h"
#include "domain/money.h"
#include "domain/region.h"
#include "domain/settlement.h"
#include "domain/timeutil.h"
#include "ext/pdf.h"
#include "http/handler.h"
#include "http/input.h"
#include "http/req.h"
#include "store/application.h"
#include "store/audit.h"
#include "store/settlement.h"
#include "svc/dispute.h"
#include "svc/history.h"
#include "svc/moderation.h"
#include "svc/settlement.h"
#include "svc/view_settlement.h"

#define EXPORT_MAX_ROWS 50000

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

static const char *unit_zh(const char *unit)
{
    static const char *const zh[] = {"小时", "天", "件", "单"};
    enum money_unit u;
    return money_unit_parse(unit, &u) == 0 ? zh[u] : unit;
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

static int item_json(void *ctx, const struct settlement_item_row *i)
{
    json_t *o = view_settlement_item(i);
    return o ? json_array_append_new(ctx, o) : -1;
}

/* {settlement} (view_settlement) with items and history, read on the current connection (inside the
 * caller's transaction when one is open, so it sees the caller's own writes). NULL on a store error. */
static json_t *settlement_reply(const struct settlement_row *s)
{
    json_t *items = json_array(), *hist = json_array();
    if (items && hist && store_settlement_items(s->id, item_json, items) == ST_OK &&
        store_settlement_history(s->id, svc_history_append, hist) == ST_OK) {
        json_t *o = view_settlement(s, items, hist);
        return o ? json_pack("{s:o}", "settlement", o) : NULL;
    }
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

/* ------------------------------------------------------------------------------------------- settle */

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

#define MAX_MODS (SETTLEMENT_MAX_ITEMS + 1)

/* A settlement to record, as parsed from the body: the reason and each label through the word filter. */
struct create {
    struct moderation mods[MAX_MODS]; /* [0] the reason, [1 + i] label i; field NULL when not checked */
    const char *reason;               /* NULL: none */
    long long item_fen[SETTLEMENT_MAX_ITEMS];
    const char *labels[SETTLEMENT_MAX_ITEMS];
    size_t n_items;
    long long pieces, adjusted_fen; /* -1: not given */
    struct application_row a;       /* the application, locked in the transaction */
};

/* Parses and checks the body into c (moderating every stored text). 0, or the error status. */
static int create_parse(struct req *r, struct create *c)
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
    c->n_items = json_is_array(items) ? json_array_size(items) : 0;
    if (c->n_items && (st = check_items(r, items)) != 0)
        return st;
    /* every stored text through the word filter: the reason, then each label */
    c->reason = input_str(r, "adjust_reason");
    if (c->reason && (st = handler_moderate(r, "adjust_reason", c->reason, &c->mods[0])) != 0)
        return st;
    c->reason = c->reason ? c->mods[0].text : NULL;
    for (size_t i = 0; i < c->n_items; i++) {
        json_t *it = json_array_get(items, i);
        char field[48];
        snprintf(field, sizeof field, "items[%zu].label", i);
        st = handler_moderate(r, field, json_string_value(json_object_get(it, "label")), &c->mods[i + 1]);
        if (st)
            return st;
        c->labels[i] = c->mods[i + 1].text;
        c->item_fen[i] = json_integer_value(json_object_get(it, "amount_fen"));
    }
    json_t *adj = json_object_get(r->body, "amount_fen"), *pieces = json_object_get(r->body, "pieces");
    c->pieces = json_is_integer(pieces) ? json_integer_value(pieces) : -1;
    c->adjusted_fen = json_is_integer(adj) ? json_integer_value(adj) : -1;
    return 0;
}

/* Inside the transaction: locks the application and checks that the caller may record its settlement now.
 * 0, or the error status. */
static int create_check(struct req *r, struct create *c)
{
    long long app_id = r->ids[0], me = r->who.id, existing;
    enum st rc = store_application_lock(app_id, &c->a);
    if (rc == ST_OK && me != c->a.employer_id) {
        if (me == c->a.worker_id) /* a party, but only the employer records what it pays */
            return req_fail(r, ERR_FORBIDDEN, NULL, "只有雇主可以记录结算");
        rc = ST_NOTFOUND; /* strangers: as if it did not exist */
    }
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    if (strcmp(c->a.status, "completed") != 0) {
        char msg[160];
        snprintf(msg, sizeof msg, "报名当前状态为「%s」，双方确认完成后才能结算",
                 fsm_label(FSM_APPLICATION, c->a.status));
        return req_fail(r, ERR_STATE_CONFLICT, NULL, msg);
    }
    rc = store_settlement_of_application(app_id, &existing);
    if (rc == ST_OK)
        return req_fail(r, ERR_ALREADY_EXISTS, NULL, "这份报名已经记录过结算");
    return rc == ST_NOTFOUND ? 0 : req_store_fail(r, rc);
}

/* The word-filter hits of the texts stored with settlement sid. */
static enum st create_moderation(const struct create *c, long long sid)
{
    if (!c->reason && !c->n_items)
        return ST_OK;
    struct moderation used[MAX_MODS];
    size_t n = 0;
    for (size_t i = 0; i <= c->n_items; i++)
        if (c->mods[i].field)
            used[n++] = c->mods[i];
    return svc_moderation_record("settlement", sid, used, n);
}

static int create_tx(struct req *r, void *p)
{
    struct create *c = p;
    int st = create_check(r, c);
    if (st)
        return st;
    struct settlement_worked w;
    enum money_unit unit;
    enum st rc = svc_settlement_worked(c->a.id, &w);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    if (money_unit_parse(c->a.gig_pay_unit, &unit) != 0)
        return req_fail(r, ERR_INTERNAL, NULL, NULL);
    struct settlement_input in = {
        .unit = unit,
        .rate_fen = c->a.gig_pay_fen,
        .minutes = w.minutes,
        .days = w.days,
        .pieces = c->pieces,
        .item_fen = c->item_fen,
        .n_items = c->n_items,
        .adjusted_fen = c->adjusted_fen,
        .has_reason = c->reason != NULL,
    };
    struct settlement_calc calc;
    enum settlement_error e = settlement_compute(&in, &calc);
    if (e != SETTLEMENT_OK)
        return compute_fail(r, e);
    long long sid = 0;
    rc = svc_settlement_record(&c->a, &w, unit, &calc, c->reason, c->item_fen, c->labels, c->n_items, &sid);
    if (rc == ST_CONFLICT) /* unreachable under the application lock; answer it like the check above */
        return req_fail(r, ERR_ALREADY_EXISTS, NULL, "这份报名已经记录过结算");
    if (rc == ST_OK)
        rc = create_moderation(c, sid);
    json_t *reply = rc == ST_OK ? reply_of(sid) : NULL;
    return reply ? req_reply(r, 201, reply) : req_store_fail(r, rc == ST_OK ? ST_ERR : rc);
}

int api_settlement_create(struct req *r)
{
    struct create *c = calloc(1, sizeof *c);
    if (!c)
        return req_fail(r, ERR_INTERNAL, NULL, NULL);
    int st = create_parse(r, c);
    if (!st)
        st = handler_tx_idem(r, create_tx, c); /* a replay, a mismatch or an error: nothing else runs */
    free(c);
    return st;
}

/* --------------------------------------------------------------------------------------- transitions */

/* A party's transition of settlement r->ids[0] (pay by the employer; confirm, dispute by the worker). */
struct party_move {
    enum fsm_action action;
    const char *method, *reference, *reason;
    const struct moderation *mod; /* the reason's word-filter result, NULL when none */
    struct settlement_row *row;
};

static int party_move_tx(struct req *r, void *p)
{
    struct party_move *m = p;
    long long id = r->ids[0], me = r->who.id;
    struct settlement_lock l;
    enum st rc = store_settlement_lock(id, &l);
    if (rc == ST_OK && me != l.worker_id && me != l.employer_id)
        rc = ST_NOTFOUND; /* not a party: as if it did not exist */
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    enum fsm_role role = me == l.employer_id ? FSM_ROLE_EMPLOYER : FSM_ROLE_WORKER;
    int from, to;
    fsm_state_parse(FSM_SETTLEMENT, l.status, &from);
    enum fsm_result fr = fsm_next(FSM_SETTLEMENT, from, m->action, role, &to);
    if (fr != FSM_OK)
        return fr == FSM_FORBIDDEN ? req_fail(r, ERR_FORBIDDEN, NULL, NULL)
                                   : req_state_conflict(r, FSM_SETTLEMENT, l.status);
    if (m->action == FSM_ACT_DISPUTE)
        rc = svc_dispute_open(id, &l, m->reason, m->row);
    else
        rc = svc_settlement_move(id, &l, m->action, role, "user", me, m->method, m->reference, m->reason,
                                 m->row);
    if (rc == ST_OK && m->mod && m->mod->hits)
        rc = svc_moderation_record("settlement", id, m->mod, 1);
    json_t *reply = rc == ST_OK ? settlement_reply(m->row) : NULL;
    /* CONFLICT here means the row changed under the lock: impossible, so a server fault */
    if (!reply)
        return req_store_fail(r, rc == ST_OK || rc == ST_CONFLICT ? ST_ERR : rc);
    return req_reply(r, 200, reply);
}

static int party_move(struct req *r, struct party_move *m)
{
    m->row = malloc(sizeof *m->row);
    int st = m->row ? handler_tx_idem(r, party_move_tx, m) : req_store_fail(r, ST_ERR);
    free(m->row);
    return st;
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
    struct party_move m = {FSM_ACT_PAY, input_str(r, "method"), input_str(r, "reference"), NULL, NULL, NULL};
    if (!method_zh(m.method)[0])
        return req_fail(r, ERR_VALIDATION, "method", "付款方式应为 cash、wechat、alipay、bank 或 other");
    if (m.reference && !reference_ok(m.reference))
        return req_fail(r, ERR_VALIDATION, "reference", "交易单号只能包含字母、数字、空格、- 和 _");
    return party_move(r, &m);
}

int api_settlement_confirm(struct req *r)
{
    struct party_move m = {FSM_ACT_CONFIRM, NULL, NULL, NULL, NULL, NULL};
    return party_move(r, &m);
}

int api_settlement_dispute(struct req *r)
{
    static const struct field fields[] = {{"reason", F_STR, 1, 2, 500}};
    int st = input_check(r, fields, 1);
    if (st)
        return st;
    struct moderation mod;
    st = handler_moderate(r, "reason", input_str(r, "reason"), &mod);
    if (st)
        return st;
    struct party_move m = {FSM_ACT_DISPUTE, NULL, NULL, mod.text, &mod, NULL};
    return party_move(r, &m);
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
    json_t *o = view_settlement(s, NULL, NULL);
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
    json_t *o = view_settlement_income_item(s);
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

/* The statement's PDF cells, each CELL bytes of text: KV key/value pairs, then the 13 rows of the monthly
 * table, then the header and one row per item (from items_at). */
enum { CELL = 160, KV = 14, MONTH_COLS = 3, ITEM_COLS = 5 };

static void cellf(char *text, size_t i, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text + i * CELL, CELL, fmt, ap);
    va_end(ap);
}

/* Fills the cells of statement c of user_id generated at now. Returns where the item table starts. */
static size_t statement_cells(const struct statement *c, long long user_id, long long now, char *text)
{
    char gen[24], buf[48];
    cellf(text, 0, "姓名"), cellf(text, 1, "%s", c->worker_name[0] ? c->worker_name : "（未填写）");
    cellf(text, 2, "用户编号"), cellf(text, 3, "%lld", user_id);
    cellf(text, 4, "年度"), cellf(text, 5, "%lld 年", c->year);
    cellf(text, 6, "全年收款合计"),
        cellf(text, 7, "%s（%lld 笔）", yuan_text(c->total, buf, sizeof buf), c->count);
    cellf(text, 8, "其中已确认收款"), cellf(text, 9, "%s", yuan_text(c->confirmed, buf, sizeof buf));
    cellf(text, 10, "尚有争议"), cellf(text, 11, "%s", yuan_text(c->disputed, buf, sizeof buf));
    cellf(text, 12, "生成时间"), cellf(text, 13, "%s（北京时间）", local_time(now, gen));
    size_t k = KV;
    cellf(text, k, "月份"), cellf(text, k + 1, "笔数"), cellf(text, k + 2, "金额");
    k += MONTH_COLS;
    for (int m = 0; m < 12; m++, k += MONTH_COLS)
        cellf(text, k, "%d 月", m + 1), cellf(text, k + 1, "%lld", c->month_n[m]),
            cellf(text, k + 2, "%s", yuan_text(c->month_fen[m], buf, sizeof buf));
    size_t items_at = k;
    cellf(text, k, "付款日期"), cellf(text, k + 1, "岗位"), cellf(text, k + 2, "雇主"),
        cellf(text, k + 3, "金额"), cellf(text, k + 4, "状态");
    k += ITEM_COLS;
    size_t i;
    json_t *it;
    json_array_foreach(c->items, i, it)
    {
        local_time(c->paid_at[i], gen);
        gen[10] = '\0';
        cellf(text, k, "%s", gen);
        cellf(text, k + 1, "%s", json_string_value(json_object_get(it, "gig_title")));
        cellf(text, k + 2, "%s", json_string_value(json_object_get(it, "employer_name")));
        cellf(text, k + 3, "%s",
              yuan_text(json_integer_value(json_object_get(it, "amount_fen")), buf, sizeof buf));
        cellf(text, k + 4, "%s", fsm_label(FSM_SETTLEMENT, json_string_value(json_object_get(it, "status"))));
        k += ITEM_COLS;
    }
    return items_at;
}

/* Renders statement c of user_id from its cells (items_at: where the item table starts). 0 or -1. */
static int statement_pdf(const struct statement *c, long long user_id, const char **cells, size_t items_at,
                         unsigned char **pdf, size_t *len)
{
    size_t n = json_array_size(c->items);
    char title[64], footer[96], unpaid[160], buf[48];
    snprintf(title, sizeof title, "%lld 年度零工收入明细", c->year);
    snprintf(footer, sizeof footer, "linggong 零工市场 · 用户 %lld · %lld 年度", user_id, c->year);
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
    return pdf_render(&doc, pdf, len) < 0 ? -1 : 0;
}

/* The PDF variant: the same statement as an A4 document the worker can print or send (e.g. to a bank). */
int api_settlement_income_pdf(struct req *r)
{
    int st = 0;
    struct statement *c = statement_load(r, &st);
    if (!c)
        return st;
    /* every string the document shows lives in one heap block of CELL-byte cells */
    size_t ncells = KV + (13 * MONTH_COLS) + (json_array_size(c->items) + 1) * ITEM_COLS;
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
    size_t items_at = statement_cells(c, r->who.id, r->now, text);
    if (statement_pdf(c, r->who.id, cells, items_at, &pdf, &len) != 0) {
        st = req_fail(r, ERR_INTERNAL, NULL, NULL);
        goto out;
    }
    char name[48];
    snprintf(name, sizeof name, "income-%lld.pdf", c->year);
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
    csvout_field(b, fsm_label(FSM_SETTLEMENT, s->status), 0);
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
    csvout_field(b, view_settlement_quantity(s->quantity_milli, num), 0);
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
