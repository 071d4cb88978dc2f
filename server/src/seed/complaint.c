/* Demo complaints for `linggongd seed-demo`: the first county's demo workers file complaints in every state
 * (submitted, accepted, handling, resolved as upheld with its credit entry, rejected, and one overdue that
 * the escalation pass sends up to the city), each with its history and inbox rows, through the same service
 * calls the routes make, one transaction each. Idempotent (skipped when demo worker 1 has complaints).
 * Nothing but seed/demo.c calls this. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/config.h"
#include "core/log.h"
#include "seed/demo.h"
#include "store/account.h"
#include "store/application.h"
#include "store/complaint.h"
#include "svc/complaint.h"
#include "svc/credit.h"
#include "svc/notify.h"

struct demo_app {
    long long id, employer_id, gig_id;
    char region[13];
};

static int demo_app_cb(void *ctx, const struct application_row *a)
{
    struct demo_app *d = ctx;
    d->id = a->id;
    d->employer_id = a->employer_id;
    d->gig_id = a->gig_id;
    snprintf(d->region, sizeof d->region, "%s", a->gig_region_code);
    return 0;
}

/* One complaint of the plan, about demo worker's newest application d. */
struct demo_complaint {
    long long worker, admin_id;
    const struct demo_app *d;
    struct complaint_new c;
    const char *const *steps;
    int nsteps;
};

/* One admin step of the demo, from → to, with its note, credit entry and notification. */
static enum st demo_step(const struct demo_complaint *dc, long long id, const char *from, const char *to)
{
    const char *note = NULL;
    int upheld = -1;
    if (!strcmp(to, "handling"))
        note = "已电话联系雇主，正在核实考勤和工资记录";
    else if (!strcmp(to, "resolved"))
        note = "核实属实，雇主已于次日结清工资", upheld = 1;
    else if (!strcmp(to, "rejected"))
        note = "经核实，工资已按约定结清，诉求不成立";
    enum st rc;
    if (!strcmp(to, "resolved") || !strcmp(to, "rejected"))
        rc = store_complaint_close(id, to, upheld, note, dc->admin_id);
    else
        rc = store_complaint_set_status(id, from, to, dc->admin_id);
    if (rc == ST_OK)
        rc = store_complaint_history_add(id, "admin", dc->admin_id, from, to, note);
    if (rc == ST_OK && upheld == 1)
        rc = svc_credit_apply(dc->d->employer_id, "complaint_upheld", 0, "complaint", id, dc->admin_id,
                              "诉求经核实成立");
    if (rc == ST_OK) {
        const char *kind, *title;
        char body[700];
        svc_complaint_news(to, id, upheld, note, &kind, &title, body, sizeof body);
        rc = svc_notify_user(dc->worker, kind, title, body, "complaint", id);
    }
    return rc;
}

static enum st demo_tx(void *p)
{
    struct demo_complaint *dc = p;
    long long id = 0;
    struct complaint_new c = dc->c; /* svc_complaint_open fills in the deadline: a retry starts afresh */
    enum st rc = svc_complaint_open(&c, "user", dc->worker, NULL, &id);
    const char *from = "submitted";
    for (int i = 0; rc == ST_OK && i < dc->nsteps; i++) {
        rc = demo_step(dc, id, from, dc->steps[i]);
        from = dc->steps[i];
    }
    return rc;
}

/* One demo complaint by demo worker n about their newest application, moved through the given admin
 * steps (as admin admin_id), in one transaction. overdue: the SLA deadline is set a day in the past so
 * that the escalation pass takes it. Returns 1 made, 0 nothing to complain about, -1 on error. */
static int demo_one(int n, const char *category, const char *text, const char *const *steps, int nsteps,
                    long long admin_id, int overdue)
{
    char openid[32], region[13];
    long long worker = 0, total = 0;
    snprintf(openid, sizeof openid, "o_test_demo_w%02d", n);
    struct demo_app d = {0};
    if (store_account_user_upsert(openid, NULL, &worker) != ST_OK ||
        store_application_by_worker(worker, "%", 1, 0, demo_app_cb, &d, &total) != ST_OK)
        return -1;
    if (!d.id)
        return 0; /* this demo worker has no application: nothing to complain about */
    if (svc_complaint_region(d.region, d.employer_id, worker, region) != 0)
        return -1;
    struct demo_complaint dc = {.worker = worker,
                                .admin_id = admin_id,
                                .d = &d,
                                .c = {.complainant_id = worker,
                                      .respondent_id = d.employer_id,
                                      .category = category,
                                      .gig_id = d.gig_id,
                                      .application_id = d.id,
                                      .text = text,
                                      .source = "user",
                                      .region_code = region},
                                .steps = steps,
                                .nsteps = nsteps};
    if (overdue) /* by the rules' clock (CLOCK_OFFSET_S) */
        dc.c.sla_due_at = (long long)time(NULL) + config_current()->clock_offset_s - 86400;
    return db_tx(demo_tx, &dc) == ST_OK ? 1 : -1;
}

static int count_only(void *ctx, const struct complaint_row *row)
{
    (void)ctx;
    (void)row;
    return 0;
}

/* the first county's demo workers (鹿寨县), so that the demo admin luzhai has a queue in every state */
static const struct {
    int worker;
    const char *category, *text;
    const char *steps[3];
    int nsteps, overdue;
} plan[] = {
    {1, "unpaid_wage", "做完三天的活，雇主说月底统一结，到现在电话也不接。", {NULL}, 0, 0},
    {2, "safety", "工地高处作业没有发安全带，工头说不用系。", {"accepted"}, 1, 0},
    {3, "fee_demanded", "报名后雇主要求先交 200 元押金才能上岗。", {"accepted", "handling"}, 2, 0},
    {5, "unpaid_wage", "约定日结 250 元，结算时只给了 150 元。", {"accepted", "handling", "resolved"}, 3, 0},
    {6, "other", "雇主临时改了上班时间，没有提前通知。", {"accepted", "handling", "rejected"}, 3, 0},
    {8, "discrimination", "面试时说不要 45 岁以上的，当场把我的报名取消了。", {NULL}, 0, 1},
};

int demo_seed_complaints(void)
{
    long long w01 = 0, total = 0;
    if (store_account_user_upsert("o_test_demo_w01", NULL, &w01) != ST_OK ||
        store_complaint_by_complainant(w01, 1, 0, count_only, NULL, &total) != ST_OK)
        return -1;
    if (total > 0)
        return 0; /* loaded before */
    struct admin_row *admin = calloc(1, sizeof *admin);
    if (!admin)
        return -1;
    long long luzhai = store_account_admin_by_username("luzhai", admin) == ST_OK ? admin->id : 0;
    free(admin);
    int made = 0;
    for (size_t i = 0; i < sizeof plan / sizeof plan[0]; i++) {
        int one = demo_one(plan[i].worker, plan[i].category, plan[i].text, plan[i].steps, plan[i].nsteps,
                           luzhai, plan[i].overdue);
        if (one < 0)
            return -1;
        made += one;
    }
    long escalated = svc_complaint_escalate_run(); /* the overdue one goes up to 柳州市, as the task would */
    if (escalated < 0)
        return -1;
    log_info("demo complaints loaded", "\"complaints\":%d,\"escalated\":%ld", made, escalated);
    return 0;
}
