/* Two-way ratings (SPEC §3 Ratings, issue 7 item 1): after an application is completed each side rates the
 * other once (1–5 stars, up to 5 tags from its direction's list, text ≤ 300 characters through the word
 * filter). A rating stays hidden from everyone but its author until the other side has rated too (then
 * both are revealed together) or 7 days have passed, by the business clock (time + CLOCK_OFFSET_S), so
 * neither side can answer the other in kind; the rated user's 诚信分 entry is written at reveal, not
 * before (the score must not give the rating away). Admins of the gig's region hide abusive ratings with a
 * reason (audited; the author still sees it, marked hidden; its credit effect is undone). Ratings are
 * about a past engagement, so a block between the two does not stop them. */
#include "api/rating.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/config.h"
#include "domain/timeutil.h"
#include "ext/token.h"
#include "http/handler.h"
#include "http/req.h"
#include "svc/credit.h"
#include "api/handlers.h"
#include "http/input.h"
#include "svc/moderation.h"
#include "svc/notify.h"
#include "core/log.h"
#include "domain/fsm.h"
#include "domain/rating.h"
#include "domain/region.h"
#include "store/account.h"
#include "store/application.h"
#include "store/audit.h"
#include "store/credit.h"
#include "store/rating.h"

#define TAG_MAX_CHARS 16

/* The business clock of the reveal rule. */
static long long business_now(long long now)
{
    const struct config *c = config_current();
    return now + (c ? c->clock_offset_s : 0);
}

static json_t *time_or_null(long long t)
{
    char buf[24];
    return t > 0 ? json_string(timeutil_rfc3339(t, buf)) : json_null();
}

/* ["a","b"] from "a,b" ("" = []). */
static json_t *tags_json(const char *joined)
{
    json_t *a = json_array();
    const char *p = joined;
    while (a && *p) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        json_array_append_new(a, json_stringn(p, n));
        p += n + (e ? 1 : 0);
    }
    return a;
}

enum view { VIEW_PUBLIC, VIEW_AUTHOR, VIEW_ADMIN };

/* The rating as a viewer sees it: everyone gets the content; its author and admins also whether and why
 * it was hidden; admins the ids of both sides. */
static json_t *rating_json(const struct rating_row *x, enum view v, long long now)
{
    char created[24];
    json_t *o = json_pack(
        "{s:I, s:I, s:s, s:I, s:I, s:o, s:o, s:{s:I, s:s}, s:{s:s, s:s}, s:b, s:o, s:s}", "id",
        (json_int_t)x->id, "application_id", (json_int_t)x->application_id, "direction", x->direction,
        "subject_id", (json_int_t)x->subject_id, "stars", (json_int_t)x->stars, "tags", tags_json(x->tags),
        "text", x->text[0] ? json_string(x->text) : json_null(), "gig", "id", (json_int_t)x->gig_id, "title",
        x->gig_title, "author", "name", x->author_name, "role",
        !strcmp(x->direction, "worker_to_employer") ? "worker" : "employer", "revealed", x->reveal_at <= now,
        "reveal_at", time_or_null(x->reveal_at), "created_at", timeutil_rfc3339(x->created_at, created));
    if (o && v != VIEW_PUBLIC) {
        json_object_set_new(o, "hidden", json_boolean(x->hidden));
        json_object_set_new(o, "hidden_reason",
                            x->hidden && x->hidden_reason[0] ? json_string(x->hidden_reason) : json_null());
        json_object_set_new(o, "hidden_at", time_or_null(x->hidden ? x->hidden_at : 0));
    }
    if (o && v == VIEW_ADMIN) {
        json_object_set_new(o, "author_id", json_integer((json_int_t)x->author_id));
        json_object_set_new(o, "region_code", json_string(x->region_code));
        json_object_set_new(o, "credited_at", time_or_null(x->credited_at));
    }
    return o;
}

/* ------------------------------------------------------------------ summary */

static int tag_count_item(void *ctx, const char *name, long long n)
{
    return json_array_append_new(ctx, json_pack("{s:s, s:I}", "name", name, "count", (json_int_t)n));
}

json_t *rating_summary_json(long long subject_id, const char *role)
{
    enum rating_direction d =
        !strcmp(role, "employer") ? RATING_WORKER_TO_EMPLOYER : RATING_EMPLOYER_TO_WORKER;
    const char *dir = rating_direction_name(d);
    long long now = business_now((long long)time(NULL));
    struct rating_summary_row s;
    json_t *tags = json_array();
    if (!tags || store_rating_summary(subject_id, dir, now, &s) != ST_OK ||
        store_rating_tag_counts(subject_id, dir, now, tag_count_item, tags) != ST_OK) {
        json_decref(tags);
        return NULL;
    }
    long long positive = s.stars[3] + s.stars[4];
    return json_pack("{s:I, s:o, s:o, s:[I,I,I,I,I], s:o}", "count", (json_int_t)s.count, "average",
                     s.count ? json_real(rating_average_tenths(s.sum, s.count) / 10.0) : json_null(),
                     "positive_rate",
                     s.count ? json_integer(rating_positive_percent(positive, s.count)) : json_null(),
                     "stars", (json_int_t)s.stars[0], (json_int_t)s.stars[1], (json_int_t)s.stars[2],
                     (json_int_t)s.stars[3], (json_int_t)s.stars[4], "tags", tags);
}

/* ------------------------------------------------------------------ tags */

struct tag_match {
    const char *direction;
    json_t *wanted; /* the request's tag names */
    long long ids[RATING_MAX_TAGS];
    int found[RATING_MAX_TAGS];
    json_t *items; /* when listing */
};

static int tag_each(void *p, const struct rating_tag_row *t)
{
    struct tag_match *m = p;
    if (m->direction && strcmp(m->direction, t->direction) != 0)
        return 0;
    if (m->items)
        return json_array_append_new(m->items,
                                     json_pack("{s:I, s:s, s:s, s:b}", "id", (json_int_t)t->id, "direction",
                                               t->direction, "name", t->name, "positive", (int)t->positive));
    size_t i;
    json_t *v;
    json_array_foreach(m->wanted, i, v)
    {
        if (i < RATING_MAX_TAGS && strcmp(json_string_value(v), t->name) == 0) {
            m->ids[i] = t->id;
            m->found[i] = 1;
        }
    }
    return 0;
}

int api_rating_tags(struct req *r)
{
    char dir[24];
    int q = req_query(r, "direction", dir, sizeof dir);
    if (q < 0 || (q > 0 && strcmp(dir, rating_direction_name(RATING_WORKER_TO_EMPLOYER)) != 0 &&
                  strcmp(dir, rating_direction_name(RATING_EMPLOYER_TO_WORKER)) != 0))
        return req_fail(r, ERR_BAD_QUERY, "direction",
                        "direction 应为 worker_to_employer 或 employer_to_worker");
    struct tag_match m = {.direction = q > 0 ? dir : NULL, .items = json_array()};
    enum st rc = m.items ? store_rating_tags(tag_each, &m) : ST_ERR;
    if (rc != ST_OK) {
        json_decref(m.items);
        return req_store_fail(r, rc);
    }
    return req_reply(r, 200, json_pack("{s:o}", "items", m.items));
}

/* Checks the tags field (strings of 1-16 characters, no repeats; the count is input_check's). 0 or 400. */
static int tags_shape(struct req *r, json_t *tags)
{
    size_t i, j;
    json_t *v;
    json_array_foreach(tags, i, v)
    {
        if (!json_is_string(v) || json_string_length(v) == 0 ||
            input_utf8_len(json_string_value(v)) > TAG_MAX_CHARS ||
            json_string_length(v) != strlen(json_string_value(v)))
            return req_fail(r, ERR_VALIDATION, "tags", "标签应为 1 到 16 个字的文本");
        for (j = 0; j < i; j++)
            if (strcmp(json_string_value(json_array_get(tags, j)), json_string_value(v)) == 0)
                return req_fail(r, ERR_VALIDATION, "tags", "标签不能重复");
    }
    return 0;
}

/* ------------------------------------------------------------------ create */

struct pair {
    struct rating_row *mine, *theirs; /* heap, NULL when absent */
    long long me;
};

static int pair_each(void *p, const struct rating_row *x)
{
    struct pair *c = p;
    struct rating_row **slot = x->author_id == c->me ? &c->mine : &c->theirs;
    if (!*slot && !(*slot = malloc(sizeof **slot)))
        return -1;
    **slot = *x;
    return 0;
}

static void pair_free(struct pair *c)
{
    free(c->mine);
    free(c->theirs);
    c->mine = c->theirs = NULL;
}

/* Inside the transaction: writes the credit entry of rating x (revealed by now) unless it has one. */
static enum st credit_one(const struct rating_row *x, long long now)
{
    enum st rc = store_rating_mark_credited(x->id, now);
    if (rc == ST_CONFLICT)
        return ST_OK; /* credited already (or hidden): nothing to write */
    if (rc == ST_OK)
        rc = svc_credit_apply(x->subject_id, "rating_received", (int)x->stars, "rating", x->id, x->author_id,
                              NULL);
    return rc;
}

static const char *status_zh(const char *status)
{
    static const char *const zh[] = {"已报名", "已录用", "未录用", "已撤回", "已取消", "未到岗", "已完成"};
    int s;
    return fsm_state_parse(FSM_APPLICATION, status, &s) == 0 ? zh[s] : status;
}

struct rate_ctx {
    struct application_row a;
    struct pair pair;
    struct tag_match tm;
    struct moderation mod;
};

static int rate(struct req *r, struct rate_ctx *c)
{
    static const struct field fields[] = {{"stars", F_INT, 1, 1, 5},
                                          {"tags", F_ARR, 0, 0, RATING_MAX_TAGS},
                                          {"text", F_STR, 0, 0, RATING_TEXT_MAX}};
    int st = input_check(r, fields, 3);
    if (st)
        return st;
    json_t *tags = json_object_get(r->body, "tags");
    if (tags && json_is_array(tags) && (st = tags_shape(r, tags)) != 0)
        return st;
    const char *text = input_str(r, "text");
    if (text && !*text)
        text = NULL;
    if (text && (st = handler_moderate(r, "text", text, &c->mod)) != 0)
        return st;
    if (text)
        text = c->mod.text;
    long long id = r->ids[0], me = r->who.id, rating_id = 0, now = business_now(r->now);
    enum st rc = db_begin();
    if (rc == ST_OK)
        rc = store_application_lock(id, &c->a); /* serialises the two sides' ratings of one application */
    if (rc == ST_OK && me != c->a.worker_id && me != c->a.employer_id)
        rc = ST_NOTFOUND;
    if (rc != ST_OK) {
        db_rollback();
        return req_store_fail(r, rc);
    }
    int worker = me == c->a.worker_id;
    enum rating_direction d = worker ? RATING_WORKER_TO_EMPLOYER : RATING_EMPLOYER_TO_WORKER;
    const char *dir = rating_direction_name(d);
    if (strcmp(c->a.status, "completed") != 0) {
        char msg[160];
        snprintf(msg, sizeof msg, "报名当前状态为「%s」，工作完成并确认后才能评价", status_zh(c->a.status));
        db_rollback();
        return req_fail(r, ERR_STATE_CONFLICT, NULL, msg);
    }
    c->pair.me = me;
    rc = store_rating_by_application(id, pair_each, &c->pair);
    if (rc == ST_OK && c->pair.mine) {
        db_rollback();
        return req_fail(r, ERR_ALREADY_EXISTS, NULL, "你已经评价过这次工作，每次工作只能评价一次");
    }
    c->tm.direction = dir;
    c->tm.wanted = tags;
    if (rc == ST_OK && tags && json_array_size(tags))
        rc = store_rating_tags(tag_each, &c->tm);
    for (size_t i = 0; rc == ST_OK && tags && i < json_array_size(tags); i++) {
        if (!c->tm.found[i]) {
            char msg[160];
            snprintf(msg, sizeof msg, "「%s」不是可选的评价标签", json_string_value(json_array_get(tags, i)));
            db_rollback();
            return req_fail(r, ERR_VALIDATION, "tags", msg);
        }
    }
    int other = c->pair.theirs != NULL;
    if (rc == ST_OK)
        rc = store_rating_insert(id, dir, me, worker ? c->a.employer_id : c->a.worker_id,
                                 (int)input_int(r, "stars", 0), text, c->a.gig_region_code,
                                 rating_reveal_at(now, other), &rating_id);
    for (size_t i = 0; rc == ST_OK && tags && i < json_array_size(tags); i++)
        rc = store_rating_tag_add(rating_id, c->tm.ids[i]);
    if (rc == ST_OK && text)
        rc = moderation_record("rating", rating_id, &c->mod, 1);
    char body[512];
    if (rc == ST_OK && other) {
        /* both sides have rated: both are revealed now, and both credit entries are written */
        rc = store_rating_reveal_application(id, now);
        pair_free(&c->pair);
        c->pair.me = me;
        if (rc == ST_OK)
            rc = store_rating_by_application(id, pair_each, &c->pair);
        if (rc == ST_OK && (!c->pair.mine || !c->pair.theirs))
            rc = ST_ERR;
        if (rc == ST_OK)
            rc = credit_one(c->pair.theirs, now);
        if (rc == ST_OK)
            rc = credit_one(c->pair.mine, now);
        snprintf(body, sizeof body, "「%s」双方都已评价，评价已公开", c->a.gig_title);
        if (rc == ST_OK)
            rc = svc_notify_user(c->pair.theirs->author_id, "rating_revealed", "评价已公开", body,
                                 "application", id);
    } else if (rc == ST_OK) {
        snprintf(body, sizeof body,
                 "对方已评价「%s」的工作。你评价后双方的评价会同时公开，7 天后也会自动公开", c->a.gig_title);
        rc = svc_notify_user(worker ? c->a.employer_id : c->a.worker_id, "rating_received", "对方已评价",
                             body, "application", id);
    }
    if (rc == ST_CONFLICT) { /* the unique key: the same side rated in a race the lock did not see */
        db_rollback();
        return req_fail(r, ERR_ALREADY_EXISTS, NULL, "你已经评价过这次工作，每次工作只能评价一次");
    }
    if (rc == ST_OK)
        rc = db_commit();
    else
        db_rollback();
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    struct rating_row *x = malloc(sizeof *x);
    rc = x ? store_rating_get(rating_id, x) : ST_ERR;
    json_t *o = rc == ST_OK ? rating_json(x, VIEW_AUTHOR, now) : NULL;
    free(x);
    if (!o)
        return rc != ST_OK ? req_store_fail(r, rc) : req_fail(r, ERR_INTERNAL, NULL, NULL);
    return req_reply(r, 201, json_pack("{s:o}", "rating", o));
}

int api_rating_create(struct req *r)
{
    struct rate_ctx *c = calloc(1, sizeof *c); /* 2 KB application row: off the worker's small stack */
    if (!c)
        return req_fail(r, ERR_INTERNAL, NULL, NULL);
    int st = rate(r, c);
    pair_free(&c->pair);
    free(c);
    return st;
}

/* ------------------------------------------------------------------ reads */

int api_rating_by_application(struct req *r)
{
    long long id = r->ids[0], me = r->who.id, now = business_now(r->now);
    struct rate_ctx *c = calloc(1, sizeof *c);
    if (!c)
        return req_fail(r, ERR_INTERNAL, NULL, NULL);
    enum st rc = store_application_get(id, &c->a);
    if (rc == ST_OK && me != c->a.worker_id && me != c->a.employer_id)
        rc = ST_NOTFOUND;
    c->pair.me = me;
    if (rc == ST_OK)
        rc = store_rating_by_application(id, pair_each, &c->pair);
    json_t *reply = NULL;
    if (rc == ST_OK) {
        const struct rating_row *t = c->pair.theirs;
        int shown = t && rating_visible(t->reveal_at, (int)t->hidden, 0, now);
        reply = json_pack("{s:I, s:o, s:o, s:b, s:b}", "application_id", (json_int_t)id, "mine",
                          c->pair.mine ? rating_json(c->pair.mine, VIEW_AUTHOR, now) : json_null(), "theirs",
                          shown ? rating_json(t, VIEW_PUBLIC, now) : json_null(), "theirs_submitted",
                          t != NULL, "can_rate", !strcmp(c->a.status, "completed") && !c->pair.mine);
    }
    pair_free(&c->pair);
    free(c);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    return reply ? req_reply(r, 200, reply) : req_fail(r, ERR_INTERNAL, NULL, NULL);
}

struct list_ctx {
    json_t *items;
    long long viewer, now;
    enum view admin;
};

static int list_item(void *p, const struct rating_row *x)
{
    struct list_ctx *c = p;
    enum view v = c->admin == VIEW_ADMIN ? VIEW_ADMIN : x->author_id == c->viewer ? VIEW_AUTHOR : VIEW_PUBLIC;
    return json_array_append_new(c->items, rating_json(x, v, c->now));
}

int api_rating_by_user(struct req *r)
{
    long long subject = r->ids[0], page, size, total = 0;
    char role[12], wr[13], er[13];
    int q = req_query(r, "role", role, sizeof role);
    if (q < 0 || (q > 0 && strcmp(role, "worker") != 0 && strcmp(role, "employer") != 0))
        return req_fail(r, ERR_BAD_QUERY, "role", "role 应为 worker 或 employer");
    int st = req_page(r, &page, &size);
    if (st)
        return st;
    enum st rc = store_credit_user_regions(subject, wr, er); /* does the user exist */
    int user = r->who.kind == PRINCIPAL_USER;
    int blocked =
        rc == ST_OK && user && r->who.id != subject ? store_application_blocked(r->who.id, subject) : 0;
    if (rc == ST_OK && blocked)
        rc = blocked < 0 ? ST_ERR : ST_NOTFOUND; /* a blocked pair does not see each other's profile */
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    const char *like = q > 0 ? rating_direction_name(!strcmp(role, "employer") ? RATING_WORKER_TO_EMPLOYER
                                                                               : RATING_EMPLOYER_TO_WORKER)
                             : "%";
    struct list_ctx c = {json_array(), user ? r->who.id : 0, business_now(r->now),
                         user ? VIEW_PUBLIC : VIEW_ADMIN};
    rc = c.items ? store_rating_by_subject(subject, like, c.now, c.viewer, size, (page - 1) * size, list_item,
                                           &c, &total)
                 : ST_ERR;
    json_t *sw = rc == ST_OK ? rating_summary_json(subject, "worker") : NULL;
    json_t *se = sw ? rating_summary_json(subject, "employer") : NULL;
    if (!se) {
        json_decref(c.items);
        json_decref(sw);
        return rc != ST_OK ? req_store_fail(r, rc) : req_fail(r, ERR_INTERNAL, NULL, NULL);
    }
    json_t *reply = req_list_reply(c.items, page, size, total);
    json_object_set_new(reply, "summary", json_pack("{s:o, s:o}", "worker", sw, "employer", se));
    return req_reply(r, 200, reply);
}

/* ------------------------------------------------------------------ admin */

int api_rating_admin_list(struct req *r)
{
    char hidden[4] = "%", like[16] = "%";
    long long page, size, total = 0;
    int q = req_query(r, "hidden", hidden, sizeof hidden);
    if (q < 0 || (q > 0 && strcmp(hidden, "0") != 0 && strcmp(hidden, "1") != 0))
        return req_fail(r, ERR_BAD_QUERY, "hidden", "hidden 应为 0 或 1");
    if (q == 0)
        strcpy(hidden, "%");
    int st = req_page(r, &page, &size);
    if (st)
        return st;
    if (r->who.region[0]) {
        char prefix[13];
        if (region_prefix(r->who.region, prefix) < 0)
            return req_fail(r, ERR_FORBIDDEN, NULL, NULL);
        snprintf(like, sizeof like, "%s%%", prefix);
    }
    struct list_ctx c = {json_array(), 0, business_now(r->now), VIEW_ADMIN};
    enum st rc = c.items
                     ? store_rating_admin_list(like, hidden, size, (page - 1) * size, list_item, &c, &total)
                     : ST_ERR;
    if (rc != ST_OK) {
        json_decref(c.items);
        return req_store_fail(r, rc);
    }
    return req_reply(r, 200, req_list_reply(c.items, page, size, total));
}

static enum st audit(struct req *r, long long id, const char *result)
{
    char oid[24];
    snprintf(oid, sizeof oid, "%lld", id);
    struct audit_entry e = {
        r->now,        "admin",  r->who.id, r->who.role == ROLE_REVIEWER ? "reviewer" : "admin",
        "rating.hide", "rating", oid,       result,
        r->ip,         r->rid};
    return store_audit_append(&e);
}

/* Commits the audit row of a refused hide and answers fail (or the store failure). */
static int refuse(struct req *r, long long id, const char *result, enum err fail, const char *msg)
{
    enum st rc = audit(r, id, result);
    if (rc == ST_OK)
        rc = db_commit();
    else
        db_rollback();
    return rc == ST_OK ? req_fail(r, fail, NULL, msg) : req_store_fail(r, rc);
}

static int hide(struct req *r, struct rating_row *x)
{
    static const struct field fields[] = {{"reason", F_STR, 1, 2, 200}};
    int st = input_check(r, fields, 1);
    if (st)
        return st;
    long long id = r->ids[0];
    const char *reason = input_str(r, "reason");
    enum st rc = db_begin();
    if (rc == ST_OK)
        rc = store_rating_lock(id, x);
    if (rc != ST_OK) {
        db_rollback();
        return req_store_fail(r, rc);
    }
    if (!region_contains(r->who.region, x->region_code))
        return refuse(r, id, "denied", ERR_NOT_FOUND, NULL); /* out of scope looks like missing */
    if (x->hidden)
        return refuse(r, id, "failed", ERR_STATE_CONFLICT, "这条评价已经隐藏");
    rc = store_rating_hide(id, reason, r->who.id);
    /* its effect on the rated user's 诚信分, if it was written, is undone */
    if (rc == ST_OK && x->credited_at)
        rc = svc_credit_reverse(x->subject_id, "rating_received", "rating", id, r->who.id,
                                "评价被管理员隐藏，撤销其诚信分影响");
    if (rc == ST_OK) {
        char body[320];
        snprintf(body, sizeof body, "你对「%s」的评价已被就业服务中心隐藏，原因：%s", x->gig_title, reason);
        rc = svc_notify_user(x->author_id, "rating_hidden", "评价已被隐藏", body, "rating", id);
    }
    if (rc == ST_OK)
        rc = audit(r, id, "ok");
    if (rc == ST_OK)
        rc = db_commit();
    else
        db_rollback();
    if (rc == ST_OK)
        rc = store_rating_get(id, x);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    json_t *o = rating_json(x, VIEW_ADMIN, business_now(r->now));
    return o ? req_reply(r, 200, json_pack("{s:o}", "rating", o)) : req_fail(r, ERR_INTERNAL, NULL, NULL);
}

int api_rating_admin_hide(struct req *r)
{
    struct rating_row *x = malloc(sizeof *x);
    if (!x)
        return req_fail(r, ERR_INTERNAL, NULL, NULL);
    int st = hide(r, x);
    free(x);
    return st;
}

/* ------------------------------------------------------------------ periodic pass */

/* Writes rating id's credit entry in its own transaction: 1 written, 0 someone else did (or it changed),
 * -1 on a store error. */
static int reveal_one(long long id, long long now)
{
    static struct rating_row x; /* the task thread only */
    enum st rc = db_begin();
    if (rc == ST_OK)
        rc = store_rating_get(id, &x);
    if (rc == ST_OK)
        rc = store_rating_mark_credited(id, now);
    if (rc == ST_OK)
        rc = svc_credit_apply(x.subject_id, "rating_received", (int)x.stars, "rating", id, x.author_id, NULL);
    if (rc == ST_OK)
        rc = db_commit();
    else
        db_rollback();
    return rc == ST_OK ? 1 : (rc == ST_CONFLICT || rc == ST_NOTFOUND) ? 0 : -1;
}

long rating_reveal_run(void)
{
    static long long ids[100];
    long long now = business_now((long long)time(NULL));
    long total = 0, done;
    int n;
    do {
        if (store_rating_credit_due(now, ids, &n) != ST_OK)
            return -1;
        done = 0;
        for (int i = 0; i < n; i++) {
            int one = reveal_one(ids[i], now);
            if (one < 0)
                return -1;
            done += one;
        }
        total += done;
    } while (n == 100 && done > 0);
    if (total)
        log_info("ratings revealed and credited", "\"count\":%ld", total);
    return total;
}

/* ------------------------------------------------------------------ demo */

struct demo_app {
    long long id, worker_id, employer_id, late;
    char status[16];
};
struct demo_apps {
    struct demo_app a[32];
    int n;
};

static int demo_collect(void *p, const struct application_row *a)
{
    struct demo_apps *d = p;
    if (d->n < 32) {
        struct demo_app *x = &d->a[d->n++];
        x->id = a->id;
        x->worker_id = a->worker_id;
        x->employer_id = a->employer_id;
        x->late = a->late_cancel;
        snprintf(x->status, sizeof x->status, "%s", a->status);
    }
    return 0;
}

/* Inside a transaction: side (worker or employer) of application a rates the other, revealed at now. */
static enum st demo_rate(const struct demo_app *a, int worker, int stars, const char *const *tags,
                         const char *text, const char *region, long long now)
{
    enum rating_direction d = worker ? RATING_WORKER_TO_EMPLOYER : RATING_EMPLOYER_TO_WORKER;
    struct tag_match m = {.direction = rating_direction_name(d), .wanted = json_array()};
    for (int i = 0; tags[i]; i++)
        json_array_append_new(m.wanted, json_string(tags[i]));
    long long id = 0;
    enum st rc = store_rating_tags(tag_each, &m);
    if (rc == ST_OK)
        rc = store_rating_insert(a->id, rating_direction_name(d), worker ? a->worker_id : a->employer_id,
                                 worker ? a->employer_id : a->worker_id, stars, text, region, now, &id);
    for (int i = 0; rc == ST_OK && tags[i]; i++)
        if (m.found[i])
            rc = store_rating_tag_add(id, m.ids[i]);
    json_decref(m.wanted);
    if (rc == ST_OK)
        rc = store_rating_mark_credited(id, now);
    if (rc == ST_OK)
        rc = svc_credit_apply(worker ? a->employer_id : a->worker_id, "rating_received", stars, "rating", id,
                              worker ? a->worker_id : a->employer_id, NULL);
    return rc;
}

int rating_demo_seed(void)
{
    static const char *const w_tags[][3] = {
        {"工资按时结", "环境安全", NULL}, {"态度好", "描述属实", NULL}, {"安排合理", NULL, NULL}};
    static const char *const e_tags[][3] = {
        {"准时", "吃苦耐劳", NULL}, {"技术好", "认真负责", NULL}, {"态度好", NULL, NULL}};
    static const char *const w_text[] = {"老板人实在，工资当天就结了", "活不算累，现场管理规范", NULL};
    static const char *const e_text[] = {"干活麻利，下次还找他", "按时到岗，做事认真", NULL};
    static const int stars[] = {5, 4, 5, 3, 4};
    struct demo_apps *d = calloc(1, sizeof *d);
    struct application_row *a = malloc(sizeof *a);
    long long total = 0, w01 = 0, now = business_now((long long)time(NULL));
    int rated = 0, entries = 0, k = 0;
    enum st rc = d && a ? store_account_user_upsert("o_test_demo_w01", NULL, &w01) : ST_ERR;
    if (rc == ST_OK) /* loaded once: demo_w01 has a completed application, so it has ratings after a load */
        rc = store_rating_by_subject(w01, "%", now, 0, 0, 0, NULL, NULL, &total);
    for (int w = 1; rc == ST_OK && total == 0 && w <= 60; w++) {
        char openid[32];
        long long uid = 0;
        snprintf(openid, sizeof openid, "o_test_demo_w%02d", w);
        d->n = 0;
        rc = store_account_user_upsert(openid, NULL, &uid);
        if (rc == ST_OK)
            rc = store_application_by_worker(uid, "%", 32, 0, demo_collect, d, NULL);
        for (int i = 0; rc == ST_OK && i < d->n; i++) {
            const struct demo_app *x = &d->a[i];
            int done = !strcmp(x->status, "completed"), no_show = !strcmp(x->status, "no_show");
            int late = !strcmp(x->status, "cancelled") && x->late;
            if (!done && !no_show && !late)
                continue;
            rc = db_begin();
            if (rc == ST_OK)
                rc = store_application_get(x->id, a);
            if (rc == ST_OK && done) {
                rc = demo_rate(x, 1, stars[k % 5], w_tags[k % 3], w_text[k % 3], a->gig_region_code, now);
                if (rc == ST_OK)
                    rc = demo_rate(x, 0, stars[(k + 2) % 5], e_tags[k % 3], e_text[k % 3], a->gig_region_code,
                                   now);
                rated += 2;
                k++;
            } else if (rc == ST_OK) {
                rc = svc_credit_apply(x->worker_id, no_show ? "no_show" : "late_cancel", 0, "application",
                                      x->id, no_show ? x->employer_id : x->worker_id, NULL);
                entries++;
            }
            if (rc == ST_OK)
                rc = db_commit();
            else
                db_rollback();
        }
    }
    free(d);
    free(a);
    if (rc == ST_OK && total == 0)
        log_info("demo ratings loaded", "\"ratings\":%d,\"credit_entries\":%d", rated, entries);
    return rc == ST_OK ? 0 : -1;
}
