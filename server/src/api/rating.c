/* Two-way ratings (SPEC §3, issue 7) handlers: after completion each side rates the other once (1–5 stars,
 * ≤ 5 tags of its direction, text ≤ 300 through the word filter), hidden from all but its author until both
 * rated or 7 days passed (business clock), the 诚信分 entry written at reveal, never before; region admins
 * hide abusive ones (audited, credit undone). Summary, credit entry and the 7-day pass are svc/rating.c,
 * JSON svc/view_rating.c; no SQL here. A block does not stop rating a past engagement. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/handlers.h"
#include "domain/fsm.h"
#include "domain/rating.h"
#include "domain/region.h"
#include "http/handler.h"
#include "http/input.h"
#include "http/req.h"
#include "store/application.h"
#include "store/credit.h"
#include "store/rating.h"
#include "svc/credit.h"
#include "svc/moderation.h"
#include "svc/notify.h"
#include "svc/rating.h"
#include "svc/view_rating.h"

#define TAG_MAX_CHARS 16

/* ------------------------------------------------------------------ tags */

struct tag_list {
    const char *direction; /* NULL: both */
    json_t *items;
};

static int tag_item(void *p, const struct rating_tag_row *t)
{
    struct tag_list *l = p;
    if (l->direction && strcmp(l->direction, t->direction) != 0)
        return 0;
    return json_array_append_new(l->items, view_rating_tag(t));
}

int api_rating_tags(struct req *r)
{
    char dir[24];
    int q = req_query(r, "direction", dir, sizeof dir);
    if (q < 0 || (q > 0 && strcmp(dir, rating_direction_name(RATING_WORKER_TO_EMPLOYER)) != 0 &&
                  strcmp(dir, rating_direction_name(RATING_EMPLOYER_TO_WORKER)) != 0))
        return req_fail(r, ERR_BAD_QUERY, "direction",
                        "direction 应为 worker_to_employer 或 employer_to_worker");
    struct tag_list l = {q > 0 ? dir : NULL, json_array()};
    enum st rc = l.items ? store_rating_tags(tag_item, &l) : ST_ERR;
    if (rc != ST_OK) {
        json_decref(l.items);
        return req_store_fail(r, rc);
    }
    return req_reply(r, 200, json_pack("{s:o}", "items", l.items));
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

/* A rating being made: the input (parsed before the transaction) and what each run of the body reads. */
struct rate_ctx {
    json_t *tags;     /* the request's tag names, NULL when none */
    const char *text; /* moderated; NULL for none */
    struct moderation mod;
    struct application_row a;
    struct pair pair;
    struct rating_tag_match tm;
};

/* Reads stars, tags and text (through the word filter). 0, or the status of the reply. */
static int rate_parse(struct req *r, struct rate_ctx *c)
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
    c->tags = tags && json_array_size(tags) ? tags : NULL;
    c->text = input_str(r, "text");
    if (c->text && !*c->text)
        c->text = NULL;
    if (c->text && (st = handler_moderate(r, "text", c->text, &c->mod)) != 0)
        return st;
    if (c->text)
        c->text = c->mod.text;
    return 0;
}

/* Locks the application and checks the caller may rate it now: 0, or the status of the reply. */
static int rate_check(struct req *r, struct rate_ctx *c)
{
    long long id = r->ids[0], me = r->who.id;
    enum st rc = store_application_lock(id, &c->a); /* serialises the two sides' ratings of one application */
    if (rc == ST_OK && me != c->a.worker_id && me != c->a.employer_id)
        rc = ST_NOTFOUND;
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    if (strcmp(c->a.status, "completed") != 0) {
        char msg[160];
        snprintf(msg, sizeof msg, "报名当前状态为「%s」，工作完成并确认后才能评价",
                 fsm_label(FSM_APPLICATION, c->a.status));
        return req_fail(r, ERR_STATE_CONFLICT, NULL, msg);
    }
    rc = store_rating_by_application(id, pair_each, &c->pair);
    if (rc == ST_OK && c->pair.mine)
        return req_fail(r, ERR_ALREADY_EXISTS, NULL, "你已经评价过这次工作，每次工作只能评价一次");
    c->tm.direction =
        rating_direction_name(me == c->a.worker_id ? RATING_WORKER_TO_EMPLOYER : RATING_EMPLOYER_TO_WORKER);
    c->tm.wanted = c->tags;
    if (rc == ST_OK && c->tags)
        rc = svc_rating_tags_match(&c->tm);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    for (size_t i = 0; i < json_array_size(c->tags); i++) {
        if (!c->tm.found[i]) {
            char msg[160];
            snprintf(msg, sizeof msg, "「%s」不是可选的评价标签",
                     json_string_value(json_array_get(c->tags, i)));
            return req_fail(r, ERR_VALIDATION, "tags", msg);
        }
    }
    return 0;
}

/* After the insert: when the other side has rated too, both ratings are revealed now, both credit entries
 * written and the other side told; otherwise the other side hears that a rating waits for theirs. */
static enum st rate_tell(struct rate_ctx *c, long long now)
{
    const struct application_row *a = &c->a;
    char body[512];
    if (!c->pair.theirs) {
        snprintf(body, sizeof body,
                 "对方已评价「%s」的工作。你评价后双方的评价会同时公开，7 天后也会自动公开", a->gig_title);
        return svc_notify_user(c->pair.me == a->worker_id ? a->employer_id : a->worker_id, "rating_received",
                               "对方已评价", body, "application", a->id);
    }
    enum st rc = store_rating_reveal_application(a->id, now);
    pair_free(&c->pair);
    if (rc == ST_OK)
        rc = store_rating_by_application(a->id, pair_each, &c->pair);
    if (rc == ST_OK && (!c->pair.mine || !c->pair.theirs))
        rc = ST_ERR;
    if (rc == ST_OK)
        rc = svc_rating_credit(c->pair.theirs, now);
    if (rc == ST_OK)
        rc = svc_rating_credit(c->pair.mine, now);
    snprintf(body, sizeof body, "「%s」双方都已评价，评价已公开", a->gig_title);
    if (rc == ST_OK)
        rc = svc_notify_user(c->pair.theirs->author_id, "rating_revealed", "评价已公开", body, "application",
                             a->id);
    return rc;
}

static int rate_tx(struct req *r, void *p)
{
    struct rate_ctx *c = p;
    long long id = r->ids[0], me = r->who.id, rating_id = 0, now = svc_rating_clock(r->now);
    pair_free(&c->pair); /* a retried run reads them again */
    c->pair.me = me;
    int st = rate_check(r, c);
    if (st)
        return st;
    int worker = me == c->a.worker_id;
    enum st rc = store_rating_insert(id, c->tm.direction, me, worker ? c->a.employer_id : c->a.worker_id,
                                     (int)input_int(r, "stars", 0), c->text, c->a.gig_region_code,
                                     rating_reveal_at(now, c->pair.theirs != NULL), &rating_id);
    for (size_t i = 0; rc == ST_OK && i < json_array_size(c->tags); i++)
        rc = store_rating_tag_add(rating_id, c->tm.ids[i]);
    if (rc == ST_OK && c->text)
        rc = svc_moderation_record("rating", rating_id, &c->mod, 1);
    if (rc == ST_OK)
        rc = rate_tell(c, now);
    if (rc == ST_CONFLICT) /* the unique key: the same side rated in a race the lock did not see */
        return req_fail(r, ERR_ALREADY_EXISTS, NULL, "你已经评价过这次工作，每次工作只能评价一次");
    struct rating_row *x = rc == ST_OK ? malloc(sizeof *x) : NULL;
    if (rc == ST_OK)
        rc = x ? store_rating_get(rating_id, x) : ST_ERR;
    json_t *o = rc == ST_OK ? view_rating(x, VIEW_RATING_AUTHOR, now) : NULL;
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
    int st = rate_parse(r, c);
    if (!st)
        st = handler_tx(r, rate_tx, c);
    pair_free(&c->pair);
    free(c);
    return st;
}

/* ------------------------------------------------------------------ reads */

int api_rating_by_application(struct req *r)
{
    long long id = r->ids[0], me = r->who.id, now = svc_rating_clock(r->now);
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
                          c->pair.mine ? view_rating(c->pair.mine, VIEW_RATING_AUTHOR, now) : json_null(),
                          "theirs", shown ? view_rating(t, VIEW_RATING_PUBLIC, now) : json_null(),
                          "theirs_submitted", t != NULL, "can_rate",
                          !strcmp(c->a.status, "completed") && !c->pair.mine);
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
    enum view_rating_audience admin;
};

static int list_item(void *p, const struct rating_row *x)
{
    struct list_ctx *c = p;
    enum view_rating_audience v = c->admin == VIEW_RATING_ADMIN ? VIEW_RATING_ADMIN
                                  : x->author_id == c->viewer   ? VIEW_RATING_AUTHOR
                                                                : VIEW_RATING_PUBLIC;
    return json_array_append_new(c->items, view_rating(x, v, c->now));
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
    struct list_ctx c = {json_array(), user ? r->who.id : 0, svc_rating_clock(r->now),
                         user ? VIEW_RATING_PUBLIC : VIEW_RATING_ADMIN};
    rc = c.items ? store_rating_by_subject(subject, like, c.now, c.viewer, size, (page - 1) * size, list_item,
                                           &c, &total)
                 : ST_ERR;
    json_t *sw = rc == ST_OK ? svc_rating_summary(subject, "worker") : NULL;
    json_t *se = sw ? svc_rating_summary(subject, "employer") : NULL;
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
    struct list_ctx c = {json_array(), 0, svc_rating_clock(r->now), VIEW_RATING_ADMIN};
    enum st rc = c.items
                     ? store_rating_admin_list(like, hidden, size, (page - 1) * size, list_item, &c, &total)
                     : ST_ERR;
    if (rc != ST_OK) {
        json_decref(c.items);
        return req_store_fail(r, rc);
    }
    return req_reply(r, 200, req_list_reply(c.items, page, size, total));
}

/* A hide: the rating (re-read by every run of the body) and, when the hide is refused, the refusal. A
 * refusal is audited too, and that audit row must commit: the body then answers 200 (commit) with the
 * refusal left here, and api_rating_admin_hide turns it into the error reply. */
struct hide {
    struct rating_row x;
    int refused;
    enum err why;
    const char *msg;
};

static int refuse(struct req *r, struct hide *h, const char *result, enum err why, const char *msg)
{
    enum st rc = req_audit(r, "rating.hide", "rating", r->ids[0], result);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    h->refused = 1;
    h->why = why;
    h->msg = msg;
    return 200;
}

static int hide_tx(struct req *r, void *p)
{
    struct hide *h = p;
    struct rating_row *x = &h->x;
    long long id = r->ids[0];
    const char *reason = input_str(r, "reason");
    h->refused = 0;
    enum st rc = store_rating_lock(id, x);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    if (!region_contains(r->who.region, x->region_code))
        return refuse(r, h, "denied", ERR_NOT_FOUND, NULL); /* out of scope looks like missing */
    if (x->hidden)
        return refuse(r, h, "failed", ERR_STATE_CONFLICT, "这条评价已经隐藏");
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
        rc = req_audit(r, "rating.hide", "rating", id, "ok");
    if (rc == ST_OK)
        rc = store_rating_get(id, x); /* as hidden, read inside the transaction */
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    json_t *o = view_rating(x, VIEW_RATING_ADMIN, svc_rating_clock(r->now));
    return o ? req_reply(r, 200, json_pack("{s:o}", "rating", o)) : req_fail(r, ERR_INTERNAL, NULL, NULL);
}

int api_rating_admin_hide(struct req *r)
{
    static const struct field fields[] = {{"reason", F_STR, 1, 2, 200}};
    int st = input_check(r, fields, 1);
    if (st)
        return st;
    struct hide *h = calloc(1, sizeof *h); /* 3 KB rating row: off the worker's small stack */
    if (!h)
        return req_fail(r, ERR_INTERNAL, NULL, NULL);
    st = handler_tx(r, hide_tx, h);
    if (st == 200 && h->refused) /* the refusal's audit row committed: now answer it */
        st = req_fail(r, h->why, NULL, h->msg);
    free(h);
    return st;
}
