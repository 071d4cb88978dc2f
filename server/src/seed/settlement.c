/* Demo settlements for `linggongd seed-demo`: for the completed applications of the demo workers that have
 * none yet, settlements recorded and walked to paid, confirmed or disputed (the dispute opening its
 * complaint) through the same service calls the routes make, one transaction each. Idempotent. Nothing but
 * seed/demo.c calls this. */
#include "core/log.h"
#include "domain/attendance.h"
#include "domain/fsm.h"
#include "domain/money.h"
#include "domain/settlement.h"
#include "seed/demo.h"
#include "store/application.h"
#include "store/settlement.h"
#include "svc/dispute.h"
#include "svc/settlement.h"

struct demo_settlement {
    long long app_id;
    int state; /* 0 recorded, 1 paid, 2 confirmed, 3 disputed */
    struct application_row a;
    struct settlement_row row;
};

/* demo applications have no attendance: the employer enters the amount, as a real one would */
static void demo_calc(const struct application_row *a, const struct settlement_worked *w,
                      enum money_unit unit, struct settlement_input *in)
{
    long long days = attendance_day_count(a->gig_starts_at, a->gig_ends_at);
    long long hours = (a->gig_ends_at - a->gig_starts_at) / 3600;
    long long qty = unit == MONEY_UNIT_HOUR    ? (hours > 0 ? hours : 1)
                    : unit == MONEY_UNIT_DAY   ? (days > 0 ? days : 1)
                    : unit == MONEY_UNIT_PIECE ? 200
                                               : 1;
    *in = (struct settlement_input){unit,
                                    a->gig_pay_fen,
                                    w->minutes,
                                    w->days,
                                    unit == MONEY_UNIT_PIECE ? qty : -1,
                                    NULL,
                                    0,
                                    money_amount(a->gig_pay_fen, unit, qty * 1000),
                                    1};
}

/* Then: 1 paid; 2 paid and confirmed; 3 paid and disputed (an open unpaid_wage complaint for the demo
 * bureau, whose resolution resolves the settlement). */
static enum st demo_moves(struct demo_settlement *d, long long sid)
{
    static const char *const methods_demo[] = {"wechat", "cash", "bank", "alipay"};
    enum st rc = ST_OK;
    for (int k = 0; rc == ST_OK && k < 2 && d->state > k; k++) {
        enum fsm_action act = k == 0 ? FSM_ACT_PAY : d->state == 2 ? FSM_ACT_CONFIRM : FSM_ACT_DISPUTE;
        struct settlement_lock l;
        rc = store_settlement_lock(sid, &l);
        if (rc == ST_OK && act == FSM_ACT_DISPUTE)
            rc = svc_dispute_open(sid, &l, "实际到手比约定少了一天的工钱", &d->row);
        else if (rc == ST_OK && act == FSM_ACT_PAY)
            rc = svc_settlement_move(sid, &l, act, FSM_ROLE_EMPLOYER, "user", d->a.employer_id,
                                     methods_demo[d->app_id % 4], "DEMO20261121", NULL, &d->row);
        else if (rc == ST_OK)
            rc = svc_settlement_move(sid, &l, act, FSM_ROLE_WORKER, "user", d->a.worker_id, NULL, NULL, NULL,
                                     &d->row);
    }
    return rc;
}

/* One demo settlement of completed application d->app_id walked to d->state. */
static enum st demo_one(void *p)
{
    struct demo_settlement *d = p;
    struct settlement_worked w;
    enum st rc = store_application_lock(d->app_id, &d->a);
    if (rc == ST_OK)
        rc = svc_settlement_worked(d->app_id, &w);
    if (rc != ST_OK)
        return rc;
    enum money_unit unit = MONEY_UNIT_DAY;
    money_unit_parse(d->a.gig_pay_unit, &unit);
    struct settlement_input in;
    struct settlement_calc c = {0};
    long long sid = 0;
    demo_calc(&d->a, &w, unit, &in);
    if (settlement_compute(&in, &c) != SETTLEMENT_OK)
        return ST_ERR;
    rc = svc_settlement_record(&d->a, &w, unit, &c, c.adjusted ? "按排班工时结算（现场未打卡）" : NULL, NULL,
                               NULL, 0, &sid);
    return rc == ST_OK ? demo_moves(d, sid) : rc;
}

int demo_seed_settlements(void)
{
    static struct demo_settlement d; /* seed-demo runs on the main thread only */
    long long ids[100];
    int n = 0;
    if (store_settlement_demo_candidates(ids, 100, &n) != ST_OK)
        return -1;
    for (int i = 0; i < n; i++) {
        d.app_id = ids[i];
        d.state = i % 4;
        if (db_tx(demo_one, &d) != ST_OK)
            return -1;
    }
    if (n)
        log_info("demo settlements loaded", "\"settlements\":%d", n);
    return 0;
}
