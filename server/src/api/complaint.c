/* Complaints 诉求 (SPEC §2, issue 7 item 4): filing (POST /complaints, or complaint_open_system from a
 * settlement dispute), the complainant's progress (GET /me/complaints, GET /complaints/{id}), the bureau's
 * queue and steps (admin list, accept, handle, resolve, reject) through the complaint table of
 * domain/fsm.c with a history row, an audit row and a notification to the complainant in ONE transaction,
 * and the SLA escalation pass of the periodic task.
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
 * text is shown only to the complainant and the bureau, never published. */
#include "api/complaint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/config.h"
#include "domain/timeutil.h"
#include "ext/token.h"
#include "http/req.h"
#include "svc/credit.h"
#include "api/handlers.h"
#include "svc/history.h"
#include "http/handler.h"
#include "http/input.h"
#include "svc/notify.h"
#include "api/settlement.h"
#include "core/log.h"
#include "domain/complaint.h"
#include "domain/fsm.h"
#include "domain/region.h"
#include "store/application.h"
#include "store/account.h"
#include "store/complaint.h"
#include "store/gig.h"
#include "store/upload.h"

#define TEXT_MAX   1000
#define IMAGES_MAX 6

static const char *const state_zh[] = {"已提交", "已受理", "处理中", "已办结", "已驳回", "已升级督办"};

static const char *status_zh(const char *status)
{
    int s;
    return fsm_state_parse(FSM_COMPLAINT, status, &s) == 0 ? state_zh[s] : status;
}

static const char *category_zh(const char *name)
{
    enum complaint_category c;
    return complaint_category_parse(name, &c) == 0 ? complaint_category_zh(c) : name;
}

static json_t *time_or_null(long long t)
{
    char buf[24];
    return t > 0 ? json_string(timeutil_rfc3339(t, buf)) : json_null();
}

static json_t *id_or_null(long long id)
{
    return id > 0 ? json_integer(id) : json_null();
}

/* The rules' clock (CLOCK_OFFSET_S moves it in tests and demos). */
static long long rules_now(void)
{
    return (long long)time(NULL) + config_current()->clock_offset_s;
}

/* The complaint as the complainant sees it; admin adds who filed it, its region and its handler. */
static json_t *complaint_json(const struct complaint_row *c, int admin)
{
    char due[24], created[24], updated[24];
    json_t *o =
        json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:b, s:s, s:s}", "id", (json_int_t)c->id,
                  "category", c->category, "category_label", category_zh(c->category), "status", c->status,
                  "status_label", status_zh(c->status), "respondent_id", (json_int_t)c->respondent_id, "text",
                  c->text, "source", c->source, "sla_due_at", timeutil_rfc3339(c->sla_due_at, due),
                  "escalated", c->escalated_at > 0, "created_at", timeutil_rfc3339(c->created_at, created),
                  "updated_at", timeutil_rfc3339(c->updated_at, updated));
    if (!o)
        return NULL;
    json_object_set_new(o, "gig",
                        c->gig_id
                            ? json_pack("{s:I, s:s}", "id", (json_int_t)c->gig_id, "title", c->gig_title)
                            : json_null());
    json_object_set_new(o, "application_id", id_or_null(c->application_id));
    json_object_set_new(o, "settlement_id", id_or_null(c->settlement_id));
    json_object_set_new(o, "escalated_at", time_or_null(c->escalated_at));
    json_object_set_new(o, "resolved_at", time_or_null(c->resolved_at));
    json_object_set_new(o, "upheld", c->upheld < 0 ? json_null() : json_boolean(c->upheld));
    json_object_set_new(o, "resolution", c->resolution[0] ? json_string(c->resolution) : json_null());
    if (admin) {
        json_object_set_new(o, "complainant_id", json_integer(c->complainant_id));
        json_object_set_new(o, "region_code", json_string(c->region_code));
        json_object_set_new(o, "escalated_region",
                            c->escalated_region[0] ? json_string(c->escalated_region) : json_null());
        json_object_set_new(o, "handler_admin_id", id_or_null(c->handler_admin_id));
    }
    return o;
}

static int image_item(void *ctx, long long upload_id, const char *content_type, long long size_bytes)
{
    char url[48];
    snprintf(url, sizeof url, "/api/v1/uploads/%lld", upload_id);
    return json_array_append_new(ctx,
                                 json_pack("{s:I, s:s, s:s, s:I}", "id", (json_int_t)upload_id, "url", url,
                                           "content_type", content_type, "size", (json_int_t)size_bytes));
}

/* Adds "history" (and "images" when with_images) of complaint id to o. Returns 0 or -1. */
static int add_details(json_t *o, long long id, int with_images)
{
    json_t *hist = json_array(), *images = with_images ? json_array() : NULL;
    if (!hist || (with_images && !images) || store_complaint_history(id, api_history_append, hist) != ST_OK ||
        (with_images && store_complaint_images(id, image_item, images) != ST_OK)) {
        json_decref(hist);
        json_decref(images);
        return -1;
    }
    json_object_set_new(o, "history", hist);
    if (images)
        json_object_set_new(o, "images", images);
    return 0;
}

/* {complaint} with images and history, read on the current connection (inside the caller's transaction
 * when one is open). NULL on a store error. */
static json_t *complaint_reply(long long id, int admin)
{
    struct complaint_row *c = malloc(sizeof *c);
    json_t *o = NULL;
    if (c && store_complaint_get(id, c) == ST_OK && (o = complaint_json(c, admin)) &&
        add_details(o, id, 1) != 0) {
        json_decref(o);
        o = NULL;
    }
    free(c);
    return o ? json_pack("{s:o}", "complaint", o) : NULL;
}

/* The county-level region a complaint is handled in: the gig's, else the respondent's employer profile's,
 * else the complainant's (worker, then employer), else the respondent's worker profile's. A town code
 * (9 or 12 digits) is handled by its county. Returns 0 or -1 (none known), or -2 on a store error. */
static int complaint_region(const char *gig_region, long long respondent, long long complainant, char out[13])
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

/* Inside the caller's transaction: writes complaint n (its SLA deadline counted from now unless n sets
 * one), its first history row and the complainant's notification. */
static enum st open_complaint(struct complaint_new *n, const char *actor_kind, long long actor_id,
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
                 category_zh(n->category), *id, due);
        rc = svc_notify_user(n->complainant_id, "complaint_submitted", "诉求已提交", body, "complaint", *id);
    }
    return rc;
}

enum st complaint_open_system(long long complainant_id, long long respondent_id, const char *category,
                              long long gig_id, long long application_id, long long settlement_id,
                              const char *text, long long *complaint_id_out)
{
    enum complaint_category cat;
    if (complaint_category_parse(category, &cat) != 0 || !text || complainant_id <= 0 || respondent_id <= 0) {
        log_error("complaint_open_system called with bad arguments", NULL);
        return ST_ERR;
    }
    enum st rc = ST_OK;
    if (application_id && !gig_id) {
        long long w, e;
        rc = store_complaint_app_parties(application_id, &w, &e, &gig_id);
    }
    struct application_gig g = {0};
    if (rc == ST_OK && gig_id)
        rc = store_application_gig(gig_id, &g);
    if (rc != ST_OK)
        return rc;
    char region[13];
    int found = complaint_region(gig_id ? g.region_code : NULL, respondent_id, complainant_id, region);
    if (found != 0) {
        if (found == -1)
            log_error("complaint_open_system: no region for the complaint", NULL);
        return ST_ERR;
    }
    /* at most TEXT_MAX characters, cut at a character boundary */
    char *cut = NULL;
    if (input_utf8_len(text) > TEXT_MAX) {
        size_t b = 0, chars = 0;
        while (text[b] && chars < TEXT_MAX) {
            b++;
            while (((unsigned char)text[b] & 0xC0) == 0x80)
                b++;
            chars++;
        }
        if (!(cut = strndup(text, b)))
            return ST_ERR;
        text = cut;
    }
    struct complaint_new n = {.complainant_id = complainant_id,
                              .respondent_id = respondent_id,
                              .category = complaint_category_name(cat),
                              .gig_id = gig_id,
                              .application_id = application_id,
                              .settlement_id = settlement_id,
                              .text = text,
                              .source = "system",
                              .region_code = region};
    rc = open_complaint(&n, "system", 0, settlement_id ? "结算争议转为诉求" : NULL, complaint_id_out);
    free(cut);
    return rc;
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

int api_complaint_create(struct req *r)
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
    enum complaint_category cat;
    if (complaint_category_parse(input_str(r, "category"), &cat) != 0)
        return req_fail(
            r, ERR_VALIDATION, "category",
            "category 应为 unpaid_wage、false_info、safety、discrimination、fee_demanded 或 other");
    long long me = r->who.id, respondent = input_int(r, "respondent_id", 0);
    long long gig_id = input_int(r, "gig_id", 0), app_id = input_int(r, "application_id", 0);
    if (respondent == me)
        return req_fail(r, ERR_VALIDATION, "respondent_id", "不能投诉自己");
    long long images[IMAGES_MAX];
    int nimages = read_image_ids(r, images);
    if (nimages < 0)
        return 400;
    int exists;
    char er[13], wr[13];
    enum st rc = store_complaint_user_regions(respondent, &exists, er, wr);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    if (!exists)
        return req_fail(r, ERR_NOT_FOUND, "respondent_id", "被投诉人不存在");
    for (int i = 0; i < nimages; i++) {
        struct upload_row u;
        rc = store_upload_get(images[i], &u);
        if (rc == ST_NOTFOUND)
            return req_fail(r, ERR_NOT_FOUND, "image_ids", "图片不存在");
        if (rc != ST_OK)
            return req_store_fail(r, rc);
        if (u.owner_id != me)
            return req_fail(r, ERR_FORBIDDEN, "image_ids", "只能附上你自己上传的图片");
    }
    struct idem idem;
    st = idempotency_begin(r, &idem);
    if (st)
        return st;
    struct application_gig g = {0};
    st = check_relation(r, respondent, &gig_id, app_id, &g);
    char region[13];
    int found = st ? 0 : complaint_region(gig_id ? g.region_code : NULL, respondent, me, region);
    if (!st && found == -2)
        st = req_store_fail(r, ST_ERR);
    else if (!st && found == -1)
        st = req_fail(r, ERR_VALIDATION, "gig_id",
                      "无法确定受理地区：请注明岗位，或先在个人资料中填写所在地区");
    if (st) {
        db_rollback();
        return st;
    }
    struct complaint_new n = {.complainant_id = me,
                              .respondent_id = respondent,
                              .category = complaint_category_name(cat),
                              .gig_id = gig_id,
                              .application_id = app_id,
                              .text = input_str(r, "text"),
                              .source = "user",
                              .region_code = region};
    long long id = 0;
    rc = open_complaint(&n, "user", me, NULL, &id);
    for (int i = 0; rc == ST_OK && i < nimages; i++)
        rc = store_complaint_image_add(id, images[i], i);
    json_t *reply = rc == ST_OK ? complaint_reply(id, 0) : NULL;
    if (!reply) {
        db_rollback();
        return req_store_fail(r, rc == ST_OK || rc == ST_CONFLICT ? ST_ERR : rc);
    }
    return idempotency_commit(r, &idem, 201, reply);
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
    json_t *o = complaint_json(c, l->admin);
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
    json_t *o;
    json_array_foreach(l.items, i, o)
    {
        if (rc == ST_OK && add_details(o, json_integer_value(json_object_get(o, "id")), 0) != 0)
            rc = ST_ERR;
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

/* Records a refused step in the audit log (committed on its own) and answers the refusal. */
static int refuse(struct req *r, const char *action, long long id, int status)
{
    enum st rc = req_audit(r, action, "complaint", id, "denied");
    if (rc == ST_OK)
        rc = db_commit();
    else
        db_rollback();
    return rc == ST_OK ? status : req_store_fail(r, rc);
}

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

/* What the complainant hears about each step. */
static void step_news(const char *to, const struct complaint_row *c, int upheld, const char *note,
                      const char **kind, const char **title, char *body, size_t cap)
{
    if (!strcmp(to, "accepted")) {
        *kind = "complaint_accepted";
        *title = "诉求已受理";
        snprintf(body, cap, "你的诉求（编号 %lld）已被就业服务中心受理。", c->id);
    } else if (!strcmp(to, "handling")) {
        *kind = "complaint_handling";
        *title = "诉求处理中";
        snprintf(body, cap, "你的诉求（编号 %lld）正在处理：%s", c->id, note ? note : "");
    } else if (!strcmp(to, "resolved")) {
        *kind = "complaint_resolved";
        *title = "诉求已办结";
        snprintf(body, cap, "你的诉求（编号 %lld）已办结，%s：%s", c->id, upheld ? "诉求成立" : "诉求不成立",
                 note ? note : "");
    } else {
        *kind = "complaint_rejected";
        *title = "诉求未予受理";
        snprintf(body, cap, "你的诉求（编号 %lld）未予受理：%s", c->id, note ? note : "");
    }
}

/* Runs one admin step on complaint r->ids[0]: accept, handle (note), resolve (upheld, note), reject
 * (reason). upheld is -1 except for resolve. */
static int step(struct req *r, enum fsm_action action, const char *note, int upheld)
{
    long long id = r->ids[0];
    char act[32];
    snprintf(act, sizeof act, "complaint.%s", fsm_action_name(action));
    enum st rc = db_begin();
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    struct complaint_row *c = malloc(sizeof *c);
    rc = c ? store_complaint_lock(id, c) : ST_ERR;
    if (rc != ST_OK) {
        db_rollback();
        free(c);
        return req_store_fail(r, rc);
    }
    int fail = 0, from, to = 0;
    if (!admin_sees(r, c)) /* outside the admin's region: as if it did not exist */
        fail = refuse(r, act, id, req_fail(r, ERR_NOT_FOUND, NULL, NULL));
    else if (c->escalated_region[0] && !region_contains(r->who.region, c->escalated_region))
        fail =
            refuse(r, act, id, req_fail(r, ERR_FORBIDDEN, NULL, "该诉求已超时升级，由上级就业服务部门办理"));
    else if (fsm_state_parse(FSM_COMPLAINT, c->status, &from) != 0 ||
             fsm_next(FSM_COMPLAINT, from, action, FSM_ROLE_ADMIN, &to) != FSM_OK) {
        char msg[128];
        snprintf(msg, sizeof msg, "诉求当前状态为「%s」，不能进行此操作", status_zh(c->status));
        fail = refuse(r, act, id, req_fail(r, ERR_STATE_CONFLICT, NULL, msg));
    }
    if (fail) {
        free(c);
        return fail;
    }
    const char *to_name = fsm_state_name(FSM_COMPLAINT, to);
    char reason[600];
    if (action == FSM_ACT_RESOLVE)
        snprintf(reason, sizeof reason, "%s：%s", upheld ? "诉求成立" : "诉求不成立", note);
    else
        snprintf(reason, sizeof reason, "%s", note ? note : "");
    if (to == FSM_COMPLAINT_RESOLVED || to == FSM_COMPLAINT_REJECTED)
        rc = store_complaint_close(id, to_name, upheld, note, r->who.id);
    else
        rc = store_complaint_set_status(id, c->status, to_name, r->who.id);
    if (rc == ST_OK)
        rc = store_complaint_history_add(id, "admin", r->who.id, c->status, to_name,
                                         reason[0] ? reason : NULL);
    if (rc == ST_OK && to == FSM_COMPLAINT_RESOLVED && upheld) {
        char cnote[200];
        snprintf(cnote, sizeof cnote, "诉求（编号 %lld）经核实成立", id);
        rc = svc_credit_apply(c->respondent_id, "complaint_upheld", 0, "complaint", id, r->who.id, cnote);
        if (rc == ST_OK && c->gig_id && !strcmp(c->category, "false_info"))
            rc = take_down_gig(r, c->gig_id, id);
    }
    /* a complaint opened from a settlement dispute ends the dispute either way: the bureau has decided */
    if (rc == ST_OK && c->settlement_id && (to == FSM_COMPLAINT_RESOLVED || to == FSM_COMPLAINT_REJECTED)) {
        rc = settlement_resolve_system(c->settlement_id, r->who.id, reason);
        if (rc == ST_CONFLICT || rc == ST_NOTFOUND)
            rc = ST_OK; /* no longer disputed (or gone): nothing to end */
    }
    if (rc == ST_OK)
        rc = req_audit(r, act, "complaint", id, "ok");
    if (rc == ST_OK) {
        const char *kind, *title;
        char body[700];
        step_news(to_name, c, upheld, note, &kind, &title, body, sizeof body);
        rc = svc_notify_user(c->complainant_id, kind, title, body, "complaint", id);
    }
    free(c);
    json_t *reply = rc == ST_OK ? complaint_reply(id, 1) : NULL;
    if (rc == ST_OK && !reply)
        rc = ST_ERR;
    if (rc == ST_OK)
        rc = db_commit();
    else
        db_rollback();
    if (rc != ST_OK) {
        json_decref(reply);
        return req_store_fail(r, rc);
    }
    return req_reply(r, 200, reply);
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

/* ------------------------------------------------------------------------------ SLA escalation */

/* Escalates complaint id in its own transaction if it still qualifies and no other node holds it.
 * Returns 1 escalated, 0 skipped, -1 on a store error. */
static int escalate_one(long long id, long long cutoff)
{
    long long complainant;
    char status[16], region[13], parent[13];
    if (db_begin() != ST_OK)
        return -1;
    enum st rc = store_complaint_escalate_claim(id, cutoff, &complainant, status, region);
    if (rc == ST_NOTFOUND) { /* escalated, closed or held by another node meanwhile */
        db_rollback();
        return 0;
    }
    if (rc == ST_OK)
        rc = store_complaint_region_parent(region, parent);
    if (rc == ST_OK && !parent[0])
        snprintf(parent, sizeof parent, "%s", region); /* a province has no parent: flag it there */
    int from, to;
    if (rc == ST_OK && (fsm_state_parse(FSM_COMPLAINT, status, &from) != 0 ||
                        fsm_next(FSM_COMPLAINT, from, FSM_ACT_ESCALATE, FSM_ROLE_SYSTEM, &to) != FSM_OK))
        rc = ST_ERR;
    if (rc == ST_OK)
        rc = store_complaint_escalate(id, status, parent);
    if (rc == ST_CONFLICT) { /* the conditional update found it escalated already: never twice */
        db_rollback();
        return 0;
    }
    char reason[200], body[300];
    snprintf(reason, sizeof reason, "超过 %ld 个工作日办理时限未办结，已升级至上级（%s）督办",
             config_current()->complaint_sla_workdays, parent);
    if (rc == ST_OK)
        rc = store_complaint_history_add(id, "system", 0, status, fsm_state_name(FSM_COMPLAINT, to), reason);
    snprintf(body, sizeof body, "你的诉求（编号 %lld）未在办理时限内办结，已升级至上级就业服务部门督办。",
             id);
    if (rc == ST_OK)
        rc = svc_notify_user(complainant, "complaint_escalated", "诉求已升级督办", body, "complaint", id);
    if (rc == ST_OK)
        rc = db_commit();
    else
        db_rollback();
    return rc == ST_OK ? 1 : -1;
}

long complaint_escalate_run(void)
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
            int one = escalate_one(ids[i], cutoff);
            if (one < 0)
                return -1;
            done += one;
        }
        total += done;
    } while (n == COMPLAINT_DUE_BATCH && done > 0); /* a full list that moved: there may be more */
    if (total)
        log_info("complaints escalated", "\"count\":%ld", total);
    return total;
}

/* ------------------------------------------------------------------------------ demo */

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

/* One demo complaint by demo worker n about their newest application, moved through the given admin
 * steps (as admin admin_id, each with history and notification), in one transaction. overdue: the SLA
 * deadline is set a day in the past so that the escalation pass takes it. */
static int demo_one(int n, const char *category, const char *text, const char *const *steps, int nsteps,
                    long long admin_id, int overdue)
{
    char openid[32];
    long long worker = 0, id = 0;
    snprintf(openid, sizeof openid, "o_test_demo_w%02d", n);
    struct demo_app d = {0};
    long long total = 0;
    if (store_account_user_upsert(openid, NULL, &worker) != ST_OK ||
        store_application_by_worker(worker, "%", 1, 0, demo_app_cb, &d, &total) != ST_OK)
        return -1;
    if (!d.id)
        return 0; /* this demo worker has no application: nothing to complain about */
    char region[13];
    if (complaint_region(d.region, d.employer_id, worker, region) != 0 || db_begin() != ST_OK)
        return -1;
    struct complaint_new c = {.complainant_id = worker,
                              .respondent_id = d.employer_id,
                              .category = category,
                              .gig_id = d.gig_id,
                              .application_id = d.id,
                              .text = text,
                              .source = "user",
                              .region_code = region};
    if (overdue)
        c.sla_due_at = rules_now() - 86400;
    enum st rc = open_complaint(&c, "user", worker, NULL, &id);
    const char *from = "submitted";
    for (int i = 0; rc == ST_OK && i < nsteps; i++) {
        const char *to = steps[i], *note = NULL;
        int upheld = -1;
        if (!strcmp(to, "handling"))
            note = "已电话联系雇主，正在核实考勤和工资记录";
        else if (!strcmp(to, "resolved"))
            note = "核实属实，雇主已于次日结清工资", upheld = 1;
        else if (!strcmp(to, "rejected"))
            note = "经核实，工资已按约定结清，诉求不成立";
        if (!strcmp(to, "resolved") || !strcmp(to, "rejected"))
            rc = store_complaint_close(id, to, upheld, note, admin_id);
        else
            rc = store_complaint_set_status(id, from, to, admin_id);
        if (rc == ST_OK)
            rc = store_complaint_history_add(id, "admin", admin_id, from, to, note);
        if (rc == ST_OK && upheld == 1)
            rc = svc_credit_apply(d.employer_id, "complaint_upheld", 0, "complaint", id, admin_id,
                                  "诉求经核实成立");
        if (rc == ST_OK) {
            const char *kind, *title;
            char body[700];
            struct complaint_row row = {.id = id};
            step_news(to, &row, upheld, note, &kind, &title, body, sizeof body);
            rc = svc_notify_user(worker, kind, title, body, "complaint", id);
        }
        from = to;
    }
    if (rc == ST_OK)
        rc = db_commit();
    else
        db_rollback();
    return rc == ST_OK ? 1 : -1;
}

static int count_only(void *ctx, const struct complaint_row *row)
{
    (void)ctx;
    (void)row;
    return 0;
}

int complaint_demo_seed(void)
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
        {5,
         "unpaid_wage",
         "约定日结 250 元，结算时只给了 150 元。",
         {"accepted", "handling", "resolved"},
         3,
         0},
        {6, "other", "雇主临时改了上班时间，没有提前通知。", {"accepted", "handling", "rejected"}, 3, 0},
        {8, "discrimination", "面试时说不要 45 岁以上的，当场把我的报名取消了。", {NULL}, 0, 1},
    };
    int made = 0;
    for (size_t i = 0; i < sizeof plan / sizeof plan[0]; i++) {
        int one = demo_one(plan[i].worker, plan[i].category, plan[i].text, plan[i].steps, plan[i].nsteps,
                           luzhai, plan[i].overdue);
        if (one < 0)
            return -1;
        made += one;
    }
    long escalated = complaint_escalate_run(); /* the overdue one goes up to 柳州市, as the task would */
    if (escalated < 0)
        return -1;
    log_info("demo complaints loaded", "\"complaints\":%d,\"escalated\":%ld", made, escalated);
    return 0;
}
