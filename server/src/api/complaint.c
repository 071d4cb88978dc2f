/* Complaints 诉求 (SPEC §2, issue 7 item 4), the routes: filing (POST /complaints; a settlement dispute opens
 * one through svc/dispute.c), the complainant's progress (GET /me/complaints, GET /complaints/{id}), the
 * bureau's queue and steps (admin list, accept, handle, resolve, reject) through the complaint table of
 * domain/fsm.c with a history row, an audit row and a notification to the complainant in ONE transaction.
 * The SLA escalation pass is svc/complaint.c's; ending a settlement dispute is svc/dispute.c's.
 *
 * Who sees what:
 * - the complainant: their own complaints, with images, history (including the bureau's notes) and outcome;
 * - admins (role admin) whose region contains the complaint's county; once escalated, only admins whose
 *   region contains the parent region may act on it (the county still reads it);
 * - NOT the respondent: a worker reporting an unsafe site or a demand for a "deposit" must not be exposed
 *   to the person they reported. The bureau puts the facts to the respondent itself; an upheld complaint
 *   reaches the respondent as a credit-ledger entry naming the complaint number, never the complainant.
 *   A respondent asking for the complaint gets 404 like anyone else.
 * Complaint text is NOT run through the sensitive-word filter: victims quote what was said to them (「先交
 * 500 押金」, 「加我微信私聊」), and blocking or masking those words would block or destroy the evidence. The
 * text is shown only to the complainant and the bureau, never published. Never talks SQL or civetweb. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/handlers.h"
#include "core/config.h"
#include "domain/complaint.h"
#include "domain/fsm.h"
#include "domain/region.h"
#include "http/handler.h"
#include "http/input.h"
#include "http/req.h"
#include "store/application.h"
#include "store/complaint.h"
#include "store/gig.h"
#include "store/upload.h"
#include "svc/complaint.h"
#include "svc/credit.h"
#include "svc/dispute.h"
#include "svc/history.h"
#include "svc/notify.h"
#include "svc/view_complaint.h"

#define TEXT_MAX   1000
#define IMAGES_MAX 6

static int image_item(void *ctx, long long upload_id, const char *content_type, long long size_bytes)
{
    json_t *o = view_complaint_image(upload_id, content_type, size_bytes);
    return o ? json_array_append_new(ctx, o) : -1;
}

/* Reads the history (and, with images, the images) of complaint id into new arrays. Returns 0 or -1
 * (nothing left to release). */
static int read_details(long long id, json_t **hist, json_t **images)
{
    *hist = json_array();
    json_t *imgs = images ? json_array() : NULL;
    if (*hist && (!images || imgs) && store_complaint_history(id, svc_history_append, *hist) == ST_OK &&
        (!images || store_complaint_images(id, image_item, imgs) == ST_OK)) {
        if (images)
            *images = imgs;
        return 0;
    }
    json_decref(*hist);
    json_decref(imgs);
    *hist = NULL;
    return -1;
}

/* {complaint} (view_complaint) with images and history, read on the current connection (inside the
 * caller's transaction when one is open). NULL on a store error. */
static json_t *complaint_reply(long long id, int admin)
{
    struct complaint_row *c = malloc(sizeof *c);
    json_t *o = NULL, *hist, *images;
    if (c && store_complaint_get(id, c) == ST_OK && read_details(id, &hist, &images) == 0)
        o = view_complaint(c, admin, hist, images);
    free(c);
    return o ? json_pack("{s:o}", "complaint", o) : NULL;
}

/* ------------------------------------------------------------------------------ filing a complaint */

/* 1 when the gig's status is one anyone may see (gig.c's rule). */
static int listed(const char *status)
{
    return !strcmp(status, "published") || !strcmp(status, "closed") || !strcmp(status, "expired");
}

/* Checks that the caller may name what the body names, filling gig (region) when a gig is involved.
 * Returns 0, or the error status with the reply set (the transaction is the caller's to roll back). */
static int check_relation(struct req *r, long long respondent, long long *gig_id, long long app_id,
                          struct application_gig *g)
{
    long long me = r->who.id;
    enum st rc;
    if (app_id) {
        long long w, e, app_gig;
        rc = store_complaint_app_parties(app_id, &w, &e, &app_gig);
        if (rc == ST_OK && me != w && me != e)
            rc = ST_NOTFOUND; /* someone else's application: as if it did not exist */
        if (rc != ST_OK)
            return rc == ST_NOTFOUND ? req_fail(r, ERR_NOT_FOUND, "application_id", "报名记录不存在")
                                     : req_store_fail(r, rc);
        if (respondent != (me == w ? e : w))
            return req_fail(r, ERR_VALIDATION, "respondent_id", "被投诉人应为这份报名的另一方");
        if (*gig_id && *gig_id != app_gig)
            return req_fail(r, ERR_VALIDATION, "gig_id", "岗位与报名记录不一致");
        *gig_id = app_gig;
        rc = store_application_gig(app_gig, g);
        return rc == ST_OK ? 0 : req_store_fail(r, rc);
    }
    if (*gig_id) {
        rc = store_application_gig(*gig_id, g);
        if (rc != ST_OK)
            return rc == ST_NOTFOUND ? req_fail(r, ERR_NOT_FOUND, "gig_id", "岗位不存在")
                                     : req_store_fail(r, rc);
        long long aid;
        char st[16];
        if (respondent == g->employer_id) {
            /* reporting the employer of a gig: the gig was public, or the caller applied to it */
            if (listed(g->status))
                return 0;
            rc = store_application_find(*gig_id, me, &aid, st);
            if (rc == ST_OK)
                return 0;
            return rc == ST_NOTFOUND ? req_fail(r, ERR_NOT_FOUND, "gig_id", "岗位不存在")
                                     : req_store_fail(r, rc);
        }
        if (me == g->employer_id) {
            /* the employer reporting a worker: the worker applied to this gig */
            rc = store_application_find(*gig_id, respondent, &aid, st);
            if (rc == ST_OK)
                return 0;
            return rc == ST_NOTFOUND ? req_fail(r, ERR_VALIDATION, "respondent_id", "该用户没有报名这个岗位")
                                     : req_store_fail(r, rc);
        }
        return req_fail(r, ERR_VALIDATION, "respondent_id", "被投诉人应为该岗位的雇主");
    }
    int related = store_complaint_related(me, respondent);
    if (related < 0)
        return req_store_fail(r, ST_ERR);
    if (!related)
        return req_fail(r, ERR_FORBIDDEN, "respondent_id",
                        "只能投诉与你有过报名或邀约往来的用户；举报虚假岗位请注明岗位（gig_id）");
    return 0;
}

/* Reads image_ids (≤ 6 distinct positive integers) into ids. Returns the count, or -1 with the reply set. */
static int read_image_ids(struct req *r, long long ids[IMAGES_MAX])
{
    json_t *arr = r->body ? json_object_get(r->body, "image_ids") : NULL;
    size_t i;
    json_t *v;
    int n = 0;
    if (!arr || json_is_null(arr))
        return 0;
    json_array_foreach(arr, i, v)
    {
        if (!json_is_integer(v) || json_integer_value(v) < 1) {
            req_fail(r, ERR_VALIDATION, "image_ids", "图片编号应为正整数");
            return -1;
        }
        for (int k = 0; k < n; k++) {
            if (ids[k] == json_integer_value(v)) {
                req_fail(r, ERR_VALIDATION, "image_ids", "同一张图片不能重复附上");
                return -1;
            }
        }
        ids[n++] = json_integer_value(v);
    }
    return n;
}

/* A complaint to file, as parsed from the body. */
struct filing {
    enum complaint_category cat;
    long long respondent, gig_id, app_id;
    long long images[IMAGES_MAX];
    int nimages;
};

/* Checks the body into f: the category, the respondent (exists, not the caller) and the images (the
 * caller's own uploads). 0, or the error status. */
static int create_parse(struct req *r, struct filing *f)
{
    static const struct field fields[] = {{"category", F_STR, 1, 1, 20},
                                          {"respondent_id", F_INT, 1, 1, 999999999999999999LL},
                                          {"gig_id", F_INT, 0, 1, 999999999999999999LL},
                                          {"application_id", F_INT, 0, 1, 999999999999999999LL},
                                          {"text", F_STR, 1, 5, TEXT_MAX},
                                          {"image_ids", F_ARR, 0, 0, IMAGES_MAX}};
    int st = input_check(r, fields, sizeof fields / sizeof fields[0]);
    if (st)
        return st;
    if (complaint_category_parse(input_str(r, "category"), &f->cat) != 0)
        return req_fail(
            r, ERR_VALIDATION, "category",
            "category 应为 unpaid_wage、false_info、safety、discrimination、fee_demanded 或 other");
    f->respondent = input_int(r, "respondent_id", 0);
    f->gig_id = input_int(r, "gig_id", 0);
    f->app_id = input_int(r, "application_id", 0);
    if (f->respondent == r->who.id)
        return req_fail(r, ERR_VALIDATION, "respondent_id", "不能投诉自己");
    f->nimages = read_image_ids(r, f->images);
    if (f->nimages < 0)
        return 400;
    int exists;
    char er[13], wr[13];
    enum st rc = store_complaint_user_regions(f->respondent, &exists, er, wr);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    if (!exists)
        return req_fail(r, ERR_NOT_FOUND, "respondent_id", "被投诉人不存在");
    for (int i = 0; i < f->nimages; i++) {
        struct upload_row u;
        rc = store_upload_get(f->images[i], &u);
        if (rc == ST_NOTFOUND)
            return req_fail(r, ERR_NOT_FOUND, "image_ids", "图片不存在");
        if (rc != ST_OK)
            return req_store_fail(r, rc);
        if (u.owner_id != r->who.id)
            return req_fail(r, ERR_FORBIDDEN, "image_ids", "只能附上你自己上传的图片");
    }
    return 0;
}

/* Inside the filing transaction, once the gig is known (0: none): one open complaint per matter — the
 * caller, the respondent, the category and the gig (a complaint naming no gig matches any gig) — so the
 * same grievance cannot be filed again while the bureau is on it (409, naming the open one; another
 * respondent, category or gig, or a closed complaint, does not block), and at most COMPLAINT_DAILY_MAX
 * filings of the caller's own in any 24 h (429; a settlement dispute's complaint does not count).
 * Different complainants never block each other: every worker an employer did not pay may file. The
 * caller's row is locked first, so concurrent filings of one user are counted exactly. 0, or the error
 * status with the reply set. */
static int check_flood(struct req *r, const struct filing *f, long long gig_id)
{
    const long long max = config_current()->complaint_daily_max;
    long long open_id = 0, count = 0, frees_in = 0;
    char status[16], msg[320];
    enum st rc = store_complaint_lock_filer(r->who.id);
    if (rc == ST_OK)
        rc = store_complaint_open_same(r->who.id, f->respondent, complaint_category_name(f->cat), gig_id,
                                       &open_id, status);
    if (rc == ST_OK) {
        snprintf(msg, sizeof msg,
                 "你对该用户提交的「%s」诉求（编号 %lld）还在办理中（%s），同一件事请等它办结后再提交；"
                 "有新情况请联系受理的就业服务中心",
                 complaint_category_zh(f->cat), open_id, fsm_label(FSM_COMPLAINT, status));
        return req_fail(r, ERR_COMPLAINT_OPEN, NULL, msg);
    }
    if (rc != ST_NOTFOUND)
        return req_store_fail(r, rc);
    rc = store_complaint_filed_since(r->who.id, 86400, &count, &frees_in);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    if (count >= max) {
        r->retry_after = frees_in > 0 ? (int)frees_in : 1;
        snprintf(msg, sizeof msg,
                 "24 小时内最多提交 %lld 条诉求，请稍后再试；情况紧急请直接联系当地就业服务中心", max);
        return req_fail(r, ERR_RATE_LIMITED, NULL, msg);
    }
    return 0;
}

static int create_tx(struct req *r, void *p)
{
    const struct filing *f = p;
    long long me = r->who.id, gig_id = f->gig_id, id = 0;
    struct application_gig g = {0};
    int st = check_relation(r, f->respondent, &gig_id, f->app_id, &g);
    if (!st)
        st = check_flood(r, f, gig_id);
    if (st)
        return st;
    char region[13];
    int found = svc_complaint_region(gig_id ? g.region_code : NULL, f->respondent, me, region);
    if (found == -2)
        return req_store_fail(r, ST_ERR);
    if (found == -1)
        return req_fail(r, ERR_VALIDATION, "gig_id",
                        "无法确定受理地区：请注明岗位，或先在个人资料中填写所在地区");
    struct complaint_new n = {.complainant_id = me,
                              .respondent_id = f->respondent,
                              .category = complaint_category_name(f->cat),
                              .gig_id = gig_id,
                              .application_id = f->app_id,
                              .text = input_str(r, "text"),
                              .source = "user",
                              .region_code = region};
    enum st rc = svc_complaint_open(&n, "user", me, NULL, &id);
    for (int i = 0; rc == ST_OK && i < f->nimages; i++)
        rc = store_complaint_image_add(id, f->images[i], i);
    json_t *reply = rc == ST_OK ? complaint_reply(id, 0) : NULL;
    if (!reply)
        return req_store_fail(r, rc == ST_OK || rc == ST_CONFLICT ? ST_ERR : rc);
    return req_reply(r, 201, reply);
}

int api_complaint_create(struct req *r)
{
    struct filing f;
    int st = create_parse(r, &f);
    return st ? st : handler_tx_idem(r, create_tx, &f);
}

/* ------------------------------------------------------------------------------ reading */

/* 1 when the caller is an admin whose region contains the complaint's. */
static int admin_sees(const struct req *r, const struct complaint_row *c)
{
    return r->who.kind == PRINCIPAL_ADMIN && r->who.role == ROLE_ADMIN &&
           region_contains(r->who.region, c->region_code);
}

int api_complaint_get(struct req *r)
{
    long long id = r->ids[0];
    struct complaint_row *c = malloc(sizeof *c);
    enum st rc = c ? store_complaint_get(id, c) : ST_ERR;
    int admin = rc == ST_OK && admin_sees(r, c);
    if (rc == ST_OK && !admin && !(r->who.kind == PRINCIPAL_USER && r->who.id == c->complainant_id))
        rc = ST_NOTFOUND; /* the respondent and everyone else: as if it did not exist */
    free(c);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    json_t *reply = complaint_reply(id, admin);
    return reply ? req_reply(r, 200, reply) : req_fail(r, ERR_INTERNAL, NULL, NULL);
}

struct list_ctx {
    json_t *items;
    int admin;
};

static int list_item(void *p, const struct complaint_row *c)
{
    struct list_ctx *l = p;
    json_t *o = view_complaint(c, l->admin, NULL, NULL);
    return o ? json_array_append_new(l->items, o) : -1;
}

int api_complaint_mine(struct req *r)
{
    long long page, size, total = 0;
    int st = req_page(r, &page, &size);
    if (st)
        return st;
    struct list_ctx l = {json_array(), 0};
    enum st rc =
        l.items ? store_complaint_by_complainant(r->who.id, size, (page - 1) * size, list_item, &l, &total)
                : ST_ERR;
    /* progress: each item's history, read after the page (no statement runs while rows are fetched) */
    size_t i;
    json_t *o, *hist;
    json_array_foreach(l.items, i, o)
    {
        if (rc == ST_OK && read_details(json_integer_value(json_object_get(o, "id")), &hist, NULL) != 0)
            rc = ST_ERR;
        if (rc == ST_OK)
            json_object_set_new(o, "history", hist);
    }
    if (rc != ST_OK) {
        json_decref(l.items);
        return req_store_fail(r, rc);
    }
    return req_reply(r, 200, req_list_reply(l.items, page, size, total));
}

int api_admin_complaint_list(struct req *r)
{
    long long page, size, total = 0;
    char status[16], region[16], esc[8], like[16];
    int s, escalated = -1;
    int st = req_page(r, &page, &size);
    if (st)
        return st;
    int q = req_query(r, "status", status, sizeof status);
    if (q < 0 || (q > 0 && fsm_state_parse(FSM_COMPLAINT, status, &s) != 0))
        return req_fail(r, ERR_BAD_QUERY, "status",
                        "status 应为 submitted、accepted、handling、resolved、rejected 或 escalated");
    if (q == 0)
        strcpy(status, "%");
    q = req_query(r, "escalated", esc, sizeof esc);
    if (q > 0 && (!strcmp(esc, "true") || !strcmp(esc, "1")))
        escalated = 1;
    else if (q > 0 && (!strcmp(esc, "false") || !strcmp(esc, "0")))
        escalated = 0;
    else if (q != 0)
        return req_fail(r, ERR_BAD_QUERY, "escalated", "escalated 应为 true 或 false");
    q = req_query(r, "region", region, sizeof region);
    if (q < 0 || (q > 0 && !region_valid(region)))
        return req_fail(r, ERR_BAD_QUERY, "region", "region 应为行政区划代码");
    if (q > 0 && !region_contains(r->who.region, region))
        return req_fail(r, ERR_FORBIDDEN, "region", "只能查看本辖区的诉求");
    const char *scope = q > 0 ? region : r->who.region;
    if (scope[0]) {
        if (region_prefix(scope, like) < 0)
            return req_fail(r, ERR_FORBIDDEN, NULL, NULL);
        /* complaints carry 6-digit codes: a town filter means its county */
        if (strlen(like) > 6)
            like[6] = '\0';
        strcat(like, "%");
    } else {
        strcpy(like, "%");
    }
    struct list_ctx l = {json_array(), 1};
    enum st rc = l.items ? store_complaint_admin_list(like, status, escalated, size, (page - 1) * size,
                                                      list_item, &l, &total)
                         : ST_ERR;
    if (rc != ST_OK) {
        json_decref(l.items);
        return req_store_fail(r, rc);
    }
    return req_reply(r, 200, req_list_reply(l.items, page, size, total));
}

/* ------------------------------------------------------------------------------ the bureau's steps */

/* Inside the transaction: takes the gig of a false_info complaint off the market (published → cancelled,
 * pending_review → rejected, both admin transitions of the gig table that carry a reason), with a gig
 * history row and a notification to its employer. A gig already closed, expired, cancelled or rejected is
 * left alone. */
static enum st take_down_gig(struct req *r, long long gig_id, long long complaint_id)
{
    long long owner;
    char status[16], region[13], reason[128];
    enum st rc = store_gig_lock(gig_id, &owner, status, region);
    if (rc != ST_OK)
        return rc;
    int from, to;
    fsm_state_parse(FSM_GIG, status, &from);
    enum fsm_action action = from == FSM_GIG_PENDING_REVIEW ? FSM_ACT_REJECT : FSM_ACT_CANCEL;
    if (fsm_next(FSM_GIG, from, action, FSM_ROLE_ADMIN, &to) != FSM_OK)
        return ST_OK;
    const char *to_name = fsm_state_name(FSM_GIG, to);
    snprintf(reason, sizeof reason, "经核实为虚假信息（诉求编号 %lld），已下架", complaint_id);
    rc = store_gig_set_status(gig_id, status, to_name, reason);
    if (rc == ST_OK)
        rc = store_gig_history_add(gig_id, "admin", r->who.id, status, to_name, reason);
    if (rc == ST_OK)
        rc = svc_notify_user(owner, "gig_taken_down", "岗位已被下架", reason, "gig", gig_id);
    return rc;
}

/* One admin step on complaint r->ids[0]: accept, handle (note), resolve (upheld, note), reject (reason).
 * upheld is -1 except for resolve. */
struct step {
    enum fsm_action action;
    const char *note;
    int upheld;
    int denied; /* out: the step was refused (its audit row is written after the rollback) */
    struct complaint_row *c;
};

/* Inside the transaction: locks the complaint and checks that the caller may take the step now. 0 with *to
 * the new state, or the error status (s->denied set when the refusal is to be audited). */
static int step_check(struct req *r, struct step *s, int *to)
{
    struct complaint_row *c = s->c;
    int from;
    enum st rc = store_complaint_lock(r->ids[0], c);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    s->denied = 1;
    if (!admin_sees(r, c)) /* outside the admin's region: as if it did not exist */
        return req_fail(r, ERR_NOT_FOUND, NULL, NULL);
    if (c->escalated_region[0] && !region_contains(r->who.region, c->escalated_region))
        return req_fail(r, ERR_FORBIDDEN, NULL, "该诉求已超时升级，由上级就业服务部门办理");
    if (fsm_state_parse(FSM_COMPLAINT, c->status, &from) != 0 ||
        fsm_next(FSM_COMPLAINT, from, s->action, FSM_ROLE_ADMIN, to) != FSM_OK)
        return req_state_conflict(r, FSM_COMPLAINT, c->status);
    s->denied = 0;
    return 0;
}

/* What closing complaint id (c) as upheld does: the respondent's credit entry, and a false gig taken down. */
static enum st upheld_effects(struct req *r, const struct complaint_row *c, long long id)
{
    char cnote[200];
    snprintf(cnote, sizeof cnote, "诉求（编号 %lld）经核实成立", id);
    enum st rc = svc_credit_apply(c->respondent_id, "complaint_upheld", 0, "complaint", id, r->who.id, cnote);
    if (rc == ST_OK && c->gig_id && !strcmp(c->category, "false_info"))
        rc = take_down_gig(r, c->gig_id, id);
    return rc;
}

static int step_tx(struct req *r, void *p)
{
    struct step *s = p;
    struct complaint_row *c = s->c;
    long long id = r->ids[0];
    int to = 0;
    s->denied = 0;
    int st = step_check(r, s, &to);
    if (st)
        return st;
    const char *to_name = fsm_state_name(FSM_COMPLAINT, to);
    int closing = to == FSM_COMPLAINT_RESOLVED || to == FSM_COMPLAINT_REJECTED;
    char reason[600], act[32], body[700];
    if (s->action == FSM_ACT_RESOLVE)
        snprintf(reason, sizeof reason, "%s：%s", s->upheld ? "诉求成立" : "诉求不成立", s->note);
    else
        snprintf(reason, sizeof reason, "%s", s->note ? s->note : "");
    enum st rc = closing ? store_complaint_close(id, to_name, s->upheld, s->note, r->who.id)
                         : store_complaint_set_status(id, c->status, to_name, r->who.id);
    if (rc == ST_OK)
        rc = store_complaint_history_add(id, "admin", r->who.id, c->status, to_name,
                                         reason[0] ? reason : NULL);
    if (rc == ST_OK && to == FSM_COMPLAINT_RESOLVED && s->upheld)
        rc = upheld_effects(r, c, id);
    /* a complaint opened from a settlement dispute ends the dispute either way: the bureau has decided */
    if (rc == ST_OK && c->settlement_id && closing) {
        rc = svc_dispute_resolve_settlement(c->settlement_id, r->who.id, reason);
        if (rc == ST_CONFLICT || rc == ST_NOTFOUND)
            rc = ST_OK; /* no longer disputed (or gone): nothing to end */
    }
    snprintf(act, sizeof act, "complaint.%s", fsm_action_name(s->action));
    if (rc == ST_OK)
        rc = req_audit(r, act, "complaint", id, "ok");
    if (rc == ST_OK) {
        const char *kind, *title;
        svc_complaint_news(to_name, id, s->upheld, s->note, &kind, &title, body, sizeof body);
        rc = svc_notify_user(c->complainant_id, kind, title, body, "complaint", id);
    }
    json_t *reply = rc == ST_OK ? complaint_reply(id, 1) : NULL;
    return reply ? req_reply(r, 200, reply) : req_store_fail(r, rc == ST_OK ? ST_ERR : rc);
}

static int step(struct req *r, enum fsm_action action, const char *note, int upheld)
{
    struct step s = {action, note, upheld, 0, malloc(sizeof *s.c)};
    int st = s.c ? handler_tx(r, step_tx, &s) : req_store_fail(r, ST_ERR);
    free(s.c);
    if (s.denied) { /* a refused step is audited too, on its own once the step rolled back */
        char act[32];
        snprintf(act, sizeof act, "complaint.%s", fsm_action_name(action));
        enum st rc = req_audit(r, act, "complaint", r->ids[0], "denied");
        if (rc != ST_OK)
            st = req_store_fail(r, rc);
    }
    return st;
}

int api_admin_complaint_accept(struct req *r)
{
    return step(r, FSM_ACT_ACCEPT, NULL, -1);
}

int api_admin_complaint_handle(struct req *r)
{
    static const struct field fields[] = {{"note", F_STR, 1, 2, 500}};
    int st = input_check(r, fields, 1);
    return st ? st : step(r, FSM_ACT_HANDLE, input_str(r, "note"), -1);
}

int api_admin_complaint_resolve(struct req *r)
{
    static const struct field fields[] = {{"upheld", F_BOOL, 1, 0, 0}, {"note", F_STR, 1, 2, 500}};
    int st = input_check(r, fields, 2);
    return st ? st : step(r, FSM_ACT_RESOLVE, input_str(r, "note"), input_bool(r, "upheld", 0));
}

int api_admin_complaint_reject(struct req *r)
{
    static const struct field fields[] = {{"reason", F_STR, 1, 2, 500}};
    int st = input_check(r, fields, 1);
    return st ? st : step(r, FSM_ACT_REJECT, input_str(r, "reason"), -1);
}
