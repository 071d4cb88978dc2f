/* Gigs: employers post, edit, submit and close them; anyone searches published ones; reviewers and admins
 * approve or reject them inside their region. Every status change goes through the gig table of
 * domain/fsm.c (anything else is 409 with the current state) and appends a gig_history row in the same
 * transaction (one handler_tx per write). Gigs of employers that are not verified always go to review. The
 * JSON is the gig's one view (svc/view.h), also in search pages (svc/gigsearch.h); no SQL here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/handlers.h"
#include "svc/jobtypes.h"
#include "svc/rating.h"
#include "core/config.h"
#include "domain/fsm.h"
#include "domain/geo.h"
#include "domain/money.h"
#include "domain/region.h"
#include "domain/timeutil.h"
#include "http/cache.h"
#include "http/handler.h"
#include "http/input.h"
#include "http/req.h"
#include "store/application.h"
#include "store/gig.h"
#include "store/gigfeed.h"
#include "store/reference.h"
#include "svc/gigsearch.h"
#include "svc/history.h"
#include "svc/moderation.h"
#include "svc/notify.h"
#include "svc/view.h"

#define SHANGHAI_OFFSET_S 28800
#define MAX_DURATION_S    (90LL * 86400)
#define MAX_LEAD_S        (365LL * 86400)
#define PAST_GRACE_S      300

/* Pay caps per unit, in fen: a typo of two extra zeros is caught, a real day rate is not. */
static long long pay_cap(enum money_unit u)
{
    switch (u) {
    case MONEY_UNIT_HOUR:
        return 50000;
    case MONEY_UNIT_DAY:
        return 300000;
    case MONEY_UNIT_PIECE:
        return 100000;
    default:
        return 10000000;
    }
}

/* 1 if the caller may see everything about g: its employer, or an admin role whose region contains it. */
static int is_private_viewer(const struct req *r, const struct gig_card *g)
{
    if (r->who.kind == PRINCIPAL_USER)
        return r->who.id == g->employer.id;
    if (r->who.kind == PRINCIPAL_ADMIN)
        return (r->who.role & (ROLE_ADMIN | ROLE_REVIEWER)) && region_contains(r->who.region, g->region_code);
    return 0;
}

/* 1 for the states everyone may see a gig in. */
static int listed(const char *status)
{
    return !strcmp(status, "published") || !strcmp(status, "closed") || !strcmp(status, "expired");
}

/* What the employer and the region's admins see beyond the view: the history, and for admins what the word
 * filter flagged (the employer must not learn the lexicon). 0, or -1 on a store failure. */
static int add_private(struct req *r, long long id, json_t *o)
{
    json_t *hist = json_array();
    if (store_gig_history(id, svc_history_append, hist) != ST_OK) {
        json_decref(hist);
        return -1;
    }
    json_object_set_new(o, "history", hist);
    if (r->who.kind != PRINCIPAL_ADMIN)
        return 0;
    json_t *found = svc_moderation_findings("gig", id);
    if (!found)
        return -1;
    json_object_set_new(o, "moderation", found);
    return 0;
}

/* Answers {gig} from gp (caller's buffer) for id as the caller may see it (drafts and other unpublished
 * states only to the owner and admins in scope: 404 for everyone else). */
static int reply_gig_row(struct req *r, long long id, int status, struct gig_row *gp)
{
    enum st rc = store_gig_get(id, gp);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    const struct gig_card *g = &gp->card;
    int priv = is_private_viewer(r, g);
    if (!priv && !listed(g->status))
        return req_fail(r, ERR_NOT_FOUND, NULL, NULL);
    /* a blocked pair does not see each other's gigs: as if it did not exist (issue 7) */
    int blocked =
        !priv && r->who.kind == PRINCIPAL_USER ? store_application_blocked(r->who.id, g->employer.id) : 0;
    if (blocked)
        return req_fail(r, blocked < 0 ? ERR_INTERNAL : ERR_NOT_FOUND, NULL, NULL);
    json_t *o = view_gig(gp, 1, priv, 0);
    json_t *rating = o ? svc_rating_summary(g->employer.id, "employer") : NULL; /* the employer's 好评率 */
    if (!o || !rating) {
        json_decref(o);
        json_decref(rating);
        return req_fail(r, ERR_INTERNAL, NULL, NULL);
    }
    json_object_set_new(json_object_get(o, "employer"), "rating", rating);
    if (priv && add_private(r, id, o) != 0) {
        json_decref(o);
        return req_fail(r, ERR_INTERNAL, NULL, NULL);
    }
    return req_reply(r, status, json_pack("{s:o}", "gig", o));
}

/* reply_gig_row with a heap buffer. */
static int reply_gig(struct req *r, long long id, int status)
{
    /* heap, not stack or TLS: civetweb's workers have 100 KB stacks, and glibc carves every thread's
     * TLS out of its stack */
    struct gig_row *gp = malloc(sizeof *gp);
    if (!gp)
        return req_fail(r, ERR_INTERNAL, NULL, NULL);
    int st = reply_gig_row(r, id, status, gp);
    free(gp);
    return st;
}

struct gig_form {
    struct gig_input in;
    char province[7], city[7], county[7];
    struct moderation mod[3]; /* title, description, address */
    int review;               /* the word filter wants a reviewer to see this gig */
};

/* The field table of a POST/PUT body into in (strings borrowed from r->body), with the pay cap of its
 * unit. Returns 0 or the error status. */
static int read_fields(struct req *r, struct gig_input *in)
{
    static const struct field fields[] = {
        {"title", F_STR, 1, 2, 40},
        {"description", F_STR, 1, 1, 2000},
        {"job_type_id", F_INT, 1, 1, 2147483647},
        {"pay_fen", F_INT, 1, 1, 10000000},
        {"pay_unit", F_STR, 1, 1, 8},
        {"headcount", F_INT, 1, 1, 500},
        {"starts_at", F_STR, 1, 20, 35},
        {"ends_at", F_STR, 1, 20, 35},
        {"address", F_STR, 1, 2, 128},
        {"lat", F_NUM, 1, -90, 90},
        {"lng", F_NUM, 1, -180, 180},
        {"region_code", F_STR, 1, 6, 12},
        {"submit", F_BOOL, 0, 0, 0},
    };
    int st = input_check(r, fields, sizeof fields / sizeof fields[0]);
    if (st)
        return st;
    in->title = input_str(r, "title");
    in->description = input_str(r, "description");
    in->job_type_id = input_int(r, "job_type_id", 0);
    in->pay_fen = input_int(r, "pay_fen", 0);
    in->pay_unit = input_str(r, "pay_unit");
    in->headcount = input_int(r, "headcount", 0);
    in->address = input_str(r, "address");
    in->lat = input_num(r, "lat", 0);
    in->lng = input_num(r, "lng", 0);
    in->region_code = input_str(r, "region_code");
    enum money_unit unit;
    if (money_unit_parse(in->pay_unit, &unit) != 0)
        return req_fail(r, ERR_VALIDATION, "pay_unit", "计薪单位应为 hour、day、piece 或 gig");
    if (in->pay_fen > pay_cap(unit)) {
        char msg[96], yuan[32];
        money_format_yuan(pay_cap(unit), yuan, sizeof yuan);
        snprintf(msg, sizeof msg, "报酬过高，按此计薪单位最多 %s 元", yuan);
        return req_fail(r, ERR_VALIDATION, "pay_fen", msg);
    }
    return 0;
}

/* When and where: the times, the place inside China, a county or town that exists, a known 工种. */
static int check_when_where(struct req *r, struct gig_form *f)
{
    struct gig_input *in = &f->in;
    if (timeutil_parse_rfc3339(input_str(r, "starts_at"), &in->starts_at) != 0)
        return req_fail(r, ERR_VALIDATION, "starts_at",
                        "时间格式应为 RFC 3339，例如 2026-11-22T08:00:00+08:00");
    if (timeutil_parse_rfc3339(input_str(r, "ends_at"), &in->ends_at) != 0)
        return req_fail(r, ERR_VALIDATION, "ends_at",
                        "时间格式应为 RFC 3339，例如 2026-11-22T18:00:00+08:00");
    if (in->starts_at < r->now - PAST_GRACE_S)
        return req_fail(r, ERR_VALIDATION, "starts_at", "开始时间不能早于现在");
    if (in->starts_at > r->now + MAX_LEAD_S)
        return req_fail(r, ERR_VALIDATION, "starts_at", "开始时间不能晚于一年以后");
    if (in->ends_at <= in->starts_at)
        return req_fail(r, ERR_VALIDATION, "ends_at", "结束时间应晚于开始时间");
    if (in->ends_at - in->starts_at > MAX_DURATION_S)
        return req_fail(r, ERR_VALIDATION, "ends_at", "零工岗位最长 90 天");
    if (!geo_in_china(in->lat, in->lng))
        return req_fail(r, ERR_VALIDATION, "lat", "工作地点坐标不在中国境内");
    if (region_level(in->region_code) < 3 ||
        region_chain(in->region_code, f->province, f->city, f->county) != 0)
        return req_fail(r, ERR_VALIDATION, "region_code", "请选择到区县或乡镇一级");
    char name[65], path[65];
    long long level;
    enum st rc = store_reference_region(in->region_code, name, &level, path);
    if (rc == ST_NOTFOUND)
        return req_fail(r, ERR_VALIDATION, "region_code", "没有这个行政区划");
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    rc = store_gig_job_top(in->job_type_id, &in->job_top_id);
    if (rc == ST_NOTFOUND)
        return req_fail(r, ERR_VALIDATION, "job_type_id", "没有这个工种");
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    in->province = f->province;
    in->city = f->city;
    in->county = f->county;
    return 0;
}

/* Validates a POST/PUT body into f (strings borrowed from r->body or kept by the request). Returns 0 or the
 * error status. */
static int read_form(struct req *r, struct gig_form *f)
{
    memset(f, 0, sizeof *f);
    int st = read_fields(r, &f->in);
    if (!st)
        st = check_when_where(r, f);
    if (st)
        return st;
    /* block: 422 naming the field; mask: store the starred copy; review: recorded, reviewer decides */
    struct gig_input *in = &f->in;
    const char **text[3] = {&in->title, &in->description, &in->address};
    for (int i = 0; i < 3; i++) {
        static const char *const names[3] = {"title", "description", "address"};
        int mst = handler_moderate(r, names[i], *text[i], &f->mod[i]);
        if (mst)
            return mst;
        *text[i] = f->mod[i].text;
        f->review |= f->mod[i].review;
    }
    return 0;
}

/* The caller's employer facts; 403 employer_profile_required when there is no employer profile. */
static int employer_of(struct req *r, char verification[12])
{
    char region[13];
    long long credit;
    enum st rc = store_gig_employer_state(r->who.id, verification, region, &credit);
    if (rc == ST_NOTFOUND)
        return req_fail(r, ERR_EMPLOYER_PROFILE_REQUIRED, NULL, NULL);
    return rc == ST_OK ? 0 : req_store_fail(r, rc);
}

/* The new gig f, its history and what the word filter found, then the gig. */
static int create_tx(struct req *r, void *p)
{
    const struct gig_form *f = p;
    long long id = 0;
    enum st rc = store_gig_insert(&f->in, &id);
    if (rc == ST_OK)
        rc = store_gig_history_add(id, "user", r->who.id, NULL, "draft", NULL);
    if (rc == ST_OK && strcmp(f->in.status, "draft") != 0)
        rc = store_gig_history_add(id, "user", r->who.id, "draft", f->in.status, NULL);
    if (rc == ST_OK)
        rc = svc_moderation_record("gig", id, f->mod, 3);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    return reply_gig(r, id, 201);
}

static int gig_create(struct req *r, struct gig_form *fp)
{
    char verification[12];
    int st = employer_of(r, verification);
    if (!st)
        st = handler_credit_gate(r, r->who.id, CREDIT_GATE_POST); /* a restricted employer: 403 saying why */
    if (!st)
        st = read_form(r, fp);
    if (st)
        return st;
    fp->in.employer_id = r->who.id;
    int to = FSM_GIG_DRAFT;
    if (input_bool(r, "submit", 1)) {
        enum fsm_action act =
            strcmp(verification, "verified") == 0 && !fp->review ? FSM_ACT_PUBLISH : FSM_ACT_SUBMIT;
        fsm_next(FSM_GIG, FSM_GIG_DRAFT, act, FSM_ROLE_EMPLOYER, &to);
    }
    fp->in.status = fsm_state_name(FSM_GIG, to);
    return handler_tx(r, create_tx, fp);
}

int api_gig_create(struct req *r)
{
    struct gig_form *fp = malloc(sizeof *fp);
    if (!fp)
        return req_fail(r, ERR_INTERNAL, NULL, NULL);
    int st = gig_create(r, fp);
    free(fp);
    return st;
}

/* Inside a write's transaction: locks gig id for its employer, whose status it reads. 0, or 404 when it
 * does not exist or (unpublished) is not the caller's, 403 when it is someone else's listed gig. */
static int lock_own(struct req *r, long long id, char status[16])
{
    long long owner;
    char region[13];
    enum st rc = store_gig_lock(id, &owner, status, region);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    if (owner == r->who.id)
        return 0;
    return listed(status) ? req_fail(r, ERR_FORBIDDEN, NULL, NULL) : req_fail(r, ERR_NOT_FOUND, NULL, NULL);
}

/* The edit of the caller's gig r->ids[0] to f: content changes in every state before it is listed; a
 * published gig goes back to review. Then the gig. */
static int update_tx(struct req *r, void *p)
{
    struct gig_form *f = p;
    long long id = r->ids[0];
    char status[16];
    int st = lock_own(r, id, status);
    if (st)
        return st;
    int from, to;
    fsm_state_parse(FSM_GIG, status, &from);
    if (from == FSM_GIG_PUBLISHED)
        fsm_next(FSM_GIG, from, FSM_ACT_EDIT, FSM_ROLE_EMPLOYER, &to); /* an edited post is reviewed again */
    else if (from == FSM_GIG_DRAFT || from == FSM_GIG_PENDING_REVIEW || from == FSM_GIG_REJECTED)
        to = from; /* content changes, state stays */
    else
        return req_state_conflict(r, FSM_GIG, status);
    f->in.status = fsm_state_name(FSM_GIG, to);
    enum st rc = store_gig_update(id, status, &f->in);
    if (rc == ST_OK && to != from)
        rc = store_gig_history_add(id, "user", r->who.id, status, f->in.status, "编辑后重新审核");
    if (rc == ST_OK)
        rc = svc_moderation_record("gig", id, f->mod, 3);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    return reply_gig(r, id, 200);
}

static int gig_update(struct req *r, struct gig_form *fp)
{
    char verification[12];
    int st = employer_of(r, verification);
    if (!st)
        st = read_form(r, fp);
    if (st)
        return st;
    if (json_object_get(r->body, "submit"))
        return req_fail(r, ERR_UNKNOWN_FIELD, "submit", "修改岗位时不能同时提交，请修改后再提交审核");
    fp->in.employer_id = r->who.id;
    return handler_tx(r, update_tx, fp);
}

int api_gig_update(struct req *r)
{
    struct gig_form *fp = malloc(sizeof *fp);
    if (!fp)
        return req_fail(r, ERR_INTERNAL, NULL, NULL);
    int st = gig_update(r, fp);
    free(fp);
    return st;
}

/* 1 when the stored title, description or address of gig id would not pass the word filter unreviewed
 * (or cannot be checked). */
static int needs_review(long long id)
{
    /* 10 KB: neither on the stack nor in thread-local storage (which glibc also puts on each stack) */
    struct gig_row *g = malloc(sizeof *g);
    int review = 1;
    if (g && store_gig_get(id, g) == ST_OK) {
        const char *text[3] = {g->card.title, g->description, g->card.address};
        review = 0;
        for (int i = 0; i < 3 && !review; i++) {
            int v = svc_moderation_verdict_of(text[i]);
            review = v < 0 || v >= MODERATION_REVIEW;
        }
    }
    free(g);
    return review;
}

/* One transition asked of gig r->ids[0]: by its employer (verified or not) or by an admin role. */
struct move {
    enum fsm_action action;
    enum fsm_role role;
    const char *reason;
    char verification[12]; /* the employer's; "" for admins */
};

/* Inside the transaction: locks gig id as m's role may act on it (an employer its own gigs, lock_own; an
 * admin role those inside its region, 404 outside) and reads its owner and status. 0 or the failure. */
static int lock_for(struct req *r, const struct move *m, long long id, long long *owner, char status[16])
{
    if (m->role == FSM_ROLE_EMPLOYER) {
        *owner = r->who.id;
        return lock_own(r, id, status);
    }
    char region[13];
    enum st rc = store_gig_lock(id, owner, status, region);
    if (rc == ST_OK && !region_contains(r->who.region, region))
        rc = ST_NOTFOUND; /* outside the admin's region: as if it did not exist */
    return rc == ST_OK ? 0 : req_store_fail(r, rc);
}

/* Writes gig id's move from status to `to` by action: the status, its history row, and for admin roles the
 * audit row and the employer's inbox row with the review outcome (issue 4). */
static enum st record_move(struct req *r, const struct move *m, long long id, long long owner,
                           const char *status, enum fsm_action action, int to)
{
    const char *to_name = fsm_state_name(FSM_GIG, to);
    enum st rc = store_gig_set_status(id, status, to_name, to == FSM_GIG_REJECTED ? m->reason : NULL);
    if (rc == ST_OK)
        rc = store_gig_history_add(id, m->role == FSM_ROLE_EMPLOYER ? "user" : "admin", r->who.id, status,
                                   to_name, m->reason);
    if (rc != ST_OK || m->role == FSM_ROLE_EMPLOYER)
        return rc;
    char action_name[48];
    snprintf(action_name, sizeof action_name, "gig.%s", fsm_action_name(action));
    rc = req_audit(r, action_name, "gig", id, "ok");
    if (rc != ST_OK || (to != FSM_GIG_PUBLISHED && to != FSM_GIG_REJECTED))
        return rc;
    char body[512];
    if (to == FSM_GIG_PUBLISHED)
        snprintf(body, sizeof body, "你发布的岗位已通过审核并发布");
    else
        snprintf(body, sizeof body, "你发布的岗位未通过审核：%s", m->reason ? m->reason : "");
    return svc_notify_user(owner, to == FSM_GIG_PUBLISHED ? "gig_approved" : "gig_rejected",
                           to == FSM_GIG_PUBLISHED ? "岗位已通过审核" : "岗位未通过审核", body, "gig", id);
}

/* The transition of gig r->ids[0] in one transaction, then the gig. */
static int move_tx(struct req *r, void *p)
{
    const struct move *m = p;
    long long id = r->ids[0], owner = 0;
    char status[16];
    int st = lock_for(r, m, id, &owner, status);
    if (st)
        return st;
    int from, to;
    fsm_state_parse(FSM_GIG, status, &from);
    /* an employer's submit publishes at once when the employer is verified, unless the stored text needs a
     * reviewer under today's lexicon (a draft saved with 加V信 must not skip review by being submitted) */
    enum fsm_action action = m->action;
    if (action == FSM_ACT_SUBMIT && !strcmp(m->verification, "verified") && !needs_review(id))
        action = FSM_ACT_PUBLISH;
    enum fsm_result fr = fsm_next(FSM_GIG, from, action, m->role, &to);
    if (fr != FSM_OK)
        return fr == FSM_FORBIDDEN ? req_fail(r, ERR_FORBIDDEN, NULL, NULL)
                                   : req_state_conflict(r, FSM_GIG, status);
    enum st rc = record_move(r, m, id, owner, status, action, to);
    if (rc == ST_CONFLICT)
        return req_state_conflict(r, FSM_GIG, status);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    return reply_gig(r, id, 200);
}

/* Runs one transition on gig r->ids[0] and answers the gig. Employers act on their own gigs; admin roles
 * on gigs inside their region (audited). */
static int transition(struct req *r, enum fsm_action action, const char *reason)
{
    struct move m = {action, FSM_ROLE_EMPLOYER, reason, ""};
    if (r->who.kind == PRINCIPAL_ADMIN)
        m.role = r->who.role == ROLE_REVIEWER ? FSM_ROLE_REVIEWER : FSM_ROLE_ADMIN;
    if (m.role == FSM_ROLE_EMPLOYER) {
        int st = employer_of(r, m.verification);
        if (st)
            return st;
    }
    return handler_tx(r, move_tx, &m);
}

int api_gig_submit(struct req *r)
{
    int st = handler_credit_gate(r, r->who.id, CREDIT_GATE_POST); /* a restricted employer: 403 saying why */
    return st ? st : transition(r, FSM_ACT_SUBMIT, NULL);
}

int api_gig_close(struct req *r)
{
    return transition(r, FSM_ACT_CLOSE, NULL);
}

int api_gig_get(struct req *r)
{
    return reply_gig(r, r->ids[0], 200);
}

int api_admin_gig_approve(struct req *r)
{
    return transition(r, FSM_ACT_APPROVE, NULL);
}

int api_admin_gig_reject(struct req *r)
{
    static const struct field fields[] = {{"reason", F_STR, 1, 2, 200}};
    int st = input_check(r, fields, 1);
    if (st)
        return st;
    return transition(r, FSM_ACT_REJECT, input_str(r, "reason"));
}

struct list_ctx {
    json_t *items;
    int private;
    int distance;
};

static int list_item(void *p, const struct gig_row *g)
{
    struct list_ctx *c = p;
    return json_array_append_new(c->items, view_gig(g, 0, c->private, c->distance));
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

/* Reads a ?status= filter naming a gig state into out ("%" when absent). */
static int status_filter(struct req *r, char out[16], const char *dflt)
{
    int s;
    int q = req_query(r, "status", out, 16);
    if (q == 0) {
        snprintf(out, 16, "%s", dflt);
        return 0;
    }
    if (q < 0 || fsm_state_parse(FSM_GIG, out, &s) != 0)
        return req_fail(r, ERR_BAD_QUERY, "status", "status 应为岗位状态之一");
    return 0;
}

int api_gig_mine(struct req *r)
{
    long long page, size, total = 0;
    char status[16];
    int st = req_page(r, &page, &size);
    if (!st)
        st = status_filter(r, status, "%");
    if (st)
        return st;
    struct list_ctx c = {json_array(), 1, 0};
    enum st rc = store_gig_by_employer(r->who.id, status, size, (page - 1) * size, list_item, &c, &total);
    return list_reply(r, rc, &c, page, size, total);
}

int api_admin_gig_list(struct req *r)
{
    long long page, size, total = 0;
    char status[16], like[16];
    int st = req_page(r, &page, &size);
    if (!st)
        st = status_filter(r, status, "pending_review");
    if (st)
        return st;
    if (strcmp(status, "%") == 0)
        strcpy(status, "pending_review");
    if (r->who.region[0]) {
        if (region_prefix(r->who.region, like) < 0)
            return req_fail(r, ERR_FORBIDDEN, NULL, NULL);
        strcat(like, "%");
    } else {
        strcpy(like, "%");
    }
    struct list_ctx c = {json_array(), 1, 0};
    enum st rc = store_gig_admin_list(status, like, size, (page - 1) * size, list_item, &c, &total);
    return list_reply(r, rc, &c, page, size, total);
}

/* ?q=: up to 4 words of up to 50 characters, into q->words (text is the caller's 256 bytes). 0 or the
 * 400. */
static int search_words(struct req *r, struct gigindex_query *q, char *text)
{
    int got = req_query(r, "q", text, 256);
    if (got < 0 || (got > 0 && input_utf8_len(text) > 50))
        return req_fail(r, ERR_BAD_QUERY, "q", "关键词最多 50 个字");
    if (got == 0 || !text[0])
        return 0;
    int n = gigindex_words(text);
    if (n == -1)
        return req_store_fail(r, ST_ERR);
    if (n == -2)
        return req_fail(r, ERR_BAD_QUERY, "q", "关键词最多 4 个词，且须为有效文字");
    if (n == 0)
        return req_fail(r, ERR_BAD_QUERY, "q", "请输入要找的字词");
    q->words = text;
    return 0;
}

/* ?job_type= (a category means its whole subtree) and ?region=. 0 or the 400. */
static int search_job_region(struct req *r, struct gigindex_query *q)
{
    long long v;
    int got = req_query_int(r, "job_type", 1, 2147483647, &v);
    if (got < 0)
        return req_fail(r, ERR_BAD_QUERY, "job_type", NULL);
    if (got > 0) {
        long long top;
        enum st rc = svc_jobtypes_top(v, &top);
        if (rc == ST_NOTFOUND)
            return req_fail(r, ERR_BAD_QUERY, "job_type", "没有这个工种");
        if (rc != ST_OK)
            return req_store_fail(r, rc);
        q->job_level = top == v ? 1 : 2;
        q->job_id = (int)v;
    }
    char region[16];
    got = req_query(r, "region", region, sizeof region);
    if (got < 0 || (got > 0 && !region_valid(region)))
        return req_fail(r, ERR_BAD_QUERY, "region", "region 应为行政区划代码");
    if (got > 0) {
        q->region_level = region_level(region);
        q->region = strtoull(region, NULL, 10);
    }
    return 0;
}

/* ?pay_min=, ?date_from= and ?date_to= (days in Beijing time, date_to through its end). 0 or the 400. */
static int search_pay_dates(struct req *r, struct gigindex_query *q)
{
    if (req_query_int(r, "pay_min", 0, 100000000, &q->pay_min) < 0)
        return req_fail(r, ERR_BAD_QUERY, "pay_min", NULL);
    char date[16];
    int got = req_query(r, "date_from", date, sizeof date);
    if (got < 0 || (got > 0 && timeutil_parse_date(date, SHANGHAI_OFFSET_S, &q->ends_from) != 0))
        return req_fail(r, ERR_BAD_QUERY, "date_from", "日期格式应为 YYYY-MM-DD");
    got = req_query(r, "date_to", date, sizeof date);
    if (got < 0 || (got > 0 && timeutil_parse_date(date, SHANGHAI_OFFSET_S, &q->starts_to) != 0))
        return req_fail(r, ERR_BAD_QUERY, "date_to", "日期格式应为 YYYY-MM-DD");
    if (got > 0)
        q->starts_to += 86400; /* through the end of that day */
    return 0;
}

/* ?lat=&lng=, ?radius_km= (default 10) and ?sort= (new, pay, distance). 0 or the 400. */
static int search_place_sort(struct req *r, struct gigindex_query *q)
{
    double lat = 0, lng = 0, radius_km = 10;
    int has_lat = req_query_num(r, "lat", &lat), has_lng = req_query_num(r, "lng", &lng);
    if (has_lat < 0 || has_lng < 0 || has_lat != has_lng || (has_lat > 0 && !geo_valid(lat, lng)))
        return req_fail(r, ERR_BAD_QUERY, has_lat <= 0 ? "lat" : "lng", "lat 与 lng 应同时给出且为有效坐标");
    int got = req_query_num(r, "radius_km", &radius_km);
    if (got < 0 || radius_km <= 0 || radius_km > 100)
        return req_fail(r, ERR_BAD_QUERY, "radius_km", "radius_km 应在 0 到 100 之间");
    if (got > 0 && has_lat <= 0)
        return req_fail(r, ERR_BAD_QUERY, "lat", "按距离筛选需要 lat 与 lng");
    if (has_lat > 0) {
        q->geo = 1;
        q->lat = lat;
        q->lng = lng;
        q->radius_m = radius_km * 1000;
    }
    char sort[16];
    got = req_query(r, "sort", sort, sizeof sort);
    if (got > 0 && !strcmp(sort, "pay"))
        q->sort = GIGINDEX_PAY;
    else if (got > 0 && !strcmp(sort, "distance"))
        q->sort = GIGINDEX_DISTANCE;
    else if (got != 0 && strcmp(sort, "new") != 0)
        return req_fail(r, ERR_BAD_QUERY, "sort", "sort 应为 new、pay 或 distance");
    if (q->sort == GIGINDEX_DISTANCE && !q->geo)
        return req_fail(r, ERR_BAD_QUERY, "sort", "按距离排序需要 lat 与 lng");
    return 0;
}

/* The page of q from the index, as the bytes it assembled; cached under key for ttl seconds when key is
 * set. */
static int search_answer(struct req *r, const struct gigindex_query *q, long long page, long long size,
                         const char *key, long ttl)
{
    char *body;
    size_t len;
    int rc = svc_gigsearch_page(q, page, size, &body, &len);
    if (rc == -2)
        return req_fail(r, ERR_BAD_QUERY, "q", "关键词最多 4 个词，且须为有效文字");
    if (rc == GIGSEARCH_UNAVAILABLE)
        return req_fail(r, ERR_DB_UNAVAILABLE, NULL, NULL);
    if (rc != 0)
        return req_fail(r, ERR_INTERNAL, NULL, NULL);
    if (key)
        return cache_store_raw_and_answer(r, key, body, len, (int)ttl);
    r->raw = body;
    r->raw_len = len;
    r->raw_type = "application/json; charset=utf-8";
    return 200;
}

/* The search of a viewer whose blocks (either way) are blocked[0..nblocked), ascending. */
static int search(struct req *r, const long long *blocked, size_t nblocked)
{
    long long page, size;
    /* At the morning peak many phones ask the same county's newest gigs: a page is served from memory for
     * SEARCH_CACHE_S seconds. A viewer with blocks gets their own answer, never a shared one. */
    char key[256];
    long ttl = config_current()->search_cache_s;
    int cacheable = ttl > 0 && !nblocked &&
                    snprintf(key, sizeof key, "gigs?%s", r->query ? r->query : "") < (int)sizeof key;
    int cached = cacheable ? cache_answer(r, key) : 0;
    if (cached)
        return cached;
    int st = req_page(r, &page, &size);
    if (st)
        return st;
    if (page * size > GIGINDEX_MAX_DEPTH)
        return req_fail(r, ERR_BAD_QUERY, "page", "只能查看前 10000 条结果，请缩小搜索范围");
    struct gigindex_query q = {
        .limit = size, .offset = (page - 1) * size, .exclude_employers = blocked, .nexclude = nblocked};
    char text[256];
    st = search_words(r, &q, text);
    if (!st)
        st = search_job_region(r, &q);
    if (!st)
        st = search_pay_dates(r, &q);
    if (!st)
        st = search_place_sort(r, &q);
    return st ? st : search_answer(r, &q, page, size, cacheable ? key : NULL, ttl);
}

int api_gig_search(struct req *r)
{
    long long *blocked = NULL;
    size_t n = 0;
    if (r->who.kind == PRINCIPAL_USER && r->who.id) {
        enum st rc = store_gigfeed_blocked(r->who.id, &blocked, &n);
        if (rc != ST_OK)
            return req_store_fail(r, rc);
    }
    int st = search(r, blocked, n);
    free(blocked);
    return st;
}
