/* Settlements below the routes: what recording one writes (the settlement, its base and item lines, the
 * history row, the worker's notification), a move through the settlement table of domain/fsm.c, and what
 * each move tells the parties. Joins the caller's transaction; never commits, never sees a request, never
 * opens a complaint (svc/dispute.c does, between the two resources). linggong never holds the money. */
#include "svc/settlement.h"

#include <stdio.h>

#include "domain/attendance.h"
#include "domain/money.h"
#include "store/attendance.h"
#include "svc/notify.h"

static int worked_add(void *ctx, const struct attendance_row *a)
{
    struct settlement_worked *w = ctx;
    w->minutes += attendance_minutes(a->check_in_at, a->check_out_at);
    w->days += a->check_in_at > 0;
    return 0;
}

enum st svc_settlement_worked(long long application_id, struct settlement_worked *w)
{
    w->minutes = w->days = 0;
    return store_attendance_list(application_id, worked_add, w);
}

static const char *base_label(enum money_unit u)
{
    static const char *const label[] = {"工资（按小时计）", "工资（按天计）", "工资（计件）", "工资（整单）"};
    return (unsigned)u < MONEY_UNIT_COUNT ? label[u] : "工资";
}

enum st svc_settlement_record(const struct application_row *a, const struct settlement_worked *w,
                              enum money_unit unit, const struct settlement_calc *c, const char *reason,
                              const long long *item_fen, const char *const *labels, size_t n_items,
                              long long *sid)
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

enum st svc_settlement_tell(long long user_id, enum fsm_action action, const struct settlement_row *s)
{
    const struct news *n = news_of(action);
    char body[300], yuan[32];
    money_format_yuan(s->amount_fen, yuan, sizeof yuan);
    snprintf(body, sizeof body, n->fmt, s->gig_title, yuan);
    return svc_notify_user(user_id, n->kind, n->title, body, "settlement", s->id);
}

enum st svc_settlement_transition(long long id, const struct settlement_lock *l, enum fsm_action action,
                                  enum fsm_role role, const char *actor_kind, long long actor_id,
                                  const char *method, const char *reference, const char *reason,
                                  struct settlement_row *row)
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
    return rc;
}

enum st svc_settlement_move(long long id, const struct settlement_lock *l, enum fsm_action action,
                            enum fsm_role role, const char *actor_kind, long long actor_id,
                            const char *method, const char *reference, const char *reason,
                            struct settlement_row *row)
{
    enum st rc =
        svc_settlement_transition(id, l, action, role, actor_kind, actor_id, method, reference, reason, row);
    if (rc == ST_OK && action == FSM_ACT_RESOLVE) {
        rc = svc_settlement_tell(l->worker_id, action, row);
        if (rc == ST_OK)
            rc = svc_settlement_tell(l->employer_id, action, row);
    } else if (rc == ST_OK) {
        rc = svc_settlement_tell(role == FSM_ROLE_EMPLOYER ? l->worker_id : l->employer_id, action, row);
    }
    return rc;
}
