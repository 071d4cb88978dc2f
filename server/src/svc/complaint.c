/* Complaints below the routes: the region a complaint is handled in, what opening one writes (the row, its
 * first history row, the complainant's notification), the complainant's news at each step, and the SLA
 * escalation pass (each complaint in its own transaction, exactly once even on several nodes). Writes of
 * svc_complaint_open join the caller's transaction; no request, no JSON, no settlement (svc/dispute.c). */
#include "svc/complaint.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/config.h"
#include "core/log.h"
#include "domain/complaint.h"
#include "domain/fsm.h"
#include "domain/region.h"
#include "svc/notify.h"

/* The rules' clock (CLOCK_OFFSET_S moves it in tests and demos). */
static long long rules_now(void)
{
    return (long long)time(NULL) + config_current()->clock_offset_s;
}

const char *svc_complaint_category_label(const char *name)
{
    enum complaint_category c;
    return complaint_category_parse(name, &c) == 0 ? complaint_category_zh(c) : name;
}

int svc_complaint_region(const char *gig_region, long long respondent, long long complainant, char out[13])
{
    char cand[5][13] = {{0}};
    int exists;
    snprintf(cand[0], sizeof cand[0], "%s", gig_region ? gig_region : "");
    if (store_complaint_user_regions(respondent, &exists, cand[1], cand[4]) != ST_OK ||
        store_complaint_user_regions(complainant, &exists, cand[3], cand[2]) != ST_OK)
        return -2;
    for (int i = 0; i < 5; i++) {
        if (region_valid(cand[i])) {
            memcpy(out, cand[i], 6);
            out[6] = '\0';
            return 0;
        }
    }
    return -1;
}

enum st svc_complaint_open(struct complaint_new *n, const char *actor_kind, long long actor_id,
                           const char *reason, long long *id)
{
    if (!n->sla_due_at)
        n->sla_due_at = complaint_sla_due(rules_now(), (int)config_current()->complaint_sla_workdays);
    enum st rc = store_complaint_insert(n, id);
    if (rc == ST_OK)
        rc = store_complaint_history_add(*id, actor_kind, actor_id, NULL, "submitted", reason);
    if (rc == ST_OK) {
        char body[256], due[24];
        /* the deadline in the complainant's own time zone: UTC+8 */
        time_t t = (time_t)(n->sla_due_at + 8 * 3600 - 1);
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(due, sizeof due, "%Y-%m-%d", &tm);
        snprintf(body, sizeof body, "你的「%s」诉求（编号 %lld）已提交，就业服务中心将在 %s 前办理。",
                 svc_complaint_category_label(n->category), *id, due);
        rc = svc_notify_user(n->complainant_id, "complaint_submitted", "诉求已提交", body, "complaint", *id);
    }
    return rc;
}

void svc_complaint_news(const char *to, long long id, int upheld, const char *note, const char **kind,
                        const char **title, char *body, size_t cap)
{
    if (!strcmp(to, "accepted")) {
        *kind = "complaint_accepted";
        *title = "诉求已受理";
        snprintf(body, cap, "你的诉求（编号 %lld）已被就业服务中心受理。", id);
    } else if (!strcmp(to, "handling")) {
        *kind = "complaint_handling";
        *title = "诉求处理中";
        snprintf(body, cap, "你的诉求（编号 %lld）正在处理：%s", id, note ? note : "");
    } else if (!strcmp(to, "resolved")) {
        *kind = "complaint_resolved";
        *title = "诉求已办结";
        snprintf(body, cap, "你的诉求（编号 %lld）已办结，%s：%s", id, upheld ? "诉求成立" : "诉求不成立",
                 note ? note : "");
    } else {
        *kind = "complaint_rejected";
        *title = "诉求未予受理";
        snprintf(body, cap, "你的诉求（编号 %lld）未予受理：%s", id, note ? note : "");
    }
}

/* ------------------------------------------------------------------------------ SLA escalation */

struct escalation {
    long long id, cutoff;
};

/* One complaint's escalation, if it still qualifies and no other node holds it. ST_ABORT: skipped. */
static enum st escalate_tx(void *p)
{
    struct escalation *e = p;
    long long complainant;
    char status[16], region[13], parent[13];
    enum st rc = store_complaint_escalate_claim(e->id, e->cutoff, &complainant, status, region);
    if (rc == ST_NOTFOUND) /* escalated, closed or held by another node meanwhile */
        return ST_ABORT;
    if (rc == ST_OK)
        rc = store_complaint_region_parent(region, parent);
    if (rc == ST_OK && !parent[0])
        snprintf(parent, sizeof parent, "%s", region); /* a province has no parent: flag it there */
    int from, to;
    if (rc == ST_OK && (fsm_state_parse(FSM_COMPLAINT, status, &from) != 0 ||
                        fsm_next(FSM_COMPLAINT, from, FSM_ACT_ESCALATE, FSM_ROLE_SYSTEM, &to) != FSM_OK))
        rc = ST_ERR;
    if (rc == ST_OK)
        rc = store_complaint_escalate(e->id, status, parent);
    if (rc == ST_CONFLICT) /* the conditional update found it escalated already: never twice */
        return ST_ABORT;
    char reason[200], body[300];
    snprintf(reason, sizeof reason, "超过 %ld 个工作日办理时限未办结，已升级至上级（%s）督办",
             config_current()->complaint_sla_workdays, parent);
    if (rc == ST_OK)
        rc = store_complaint_history_add(e->id, "system", 0, status, fsm_state_name(FSM_COMPLAINT, to),
                                         reason);
    snprintf(body, sizeof body, "你的诉求（编号 %lld）未在办理时限内办结，已升级至上级就业服务部门督办。",
             e->id);
    if (rc == ST_OK)
        rc = svc_notify_user(complainant, "complaint_escalated", "诉求已升级督办", body, "complaint", e->id);
    return rc;
}

long svc_complaint_escalate_run(void)
{
    static long long ids[COMPLAINT_DUE_BATCH]; /* the task thread is the only caller */
    if (!config_current())
        return 0;
    long long cutoff = rules_now();
    long total = 0, done;
    int n;
    do {
        if (store_complaint_escalate_due(cutoff, ids, &n) != ST_OK)
            return -1;
        done = 0;
        for (int i = 0; i < n; i++) {
            struct escalation e = {ids[i], cutoff};
            enum st rc = db_tx(escalate_tx, &e);
            if (rc != ST_OK && rc != ST_ABORT)
                return -1;
            done += rc == ST_OK;
        }
        total += done;
    } while (n == COMPLAINT_DUE_BATCH && done > 0); /* a full list that moved: there may be more */
    if (total)
        log_info("complaints escalated", "\"count\":%ld", total);
    return total;
}
