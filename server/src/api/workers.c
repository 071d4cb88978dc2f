/* 查找雇员: GET /api/v1/workers for callers with an employer profile. Only workers who opted in
 * (discoverable), never a blocked pair, never the caller; ranked by domain/match.c. The reply is built
 * field by field and carries no phone, no ID number, no real name (display_name is masked: 王**), no
 * coordinates and only a coarse distance (whole kilometres), so a search cannot locate or identify anyone.
 *
 * Filters: job_type (a category: its whole subtree; a 工种: its whole category, the exact 工种 ranked
 * first), region (the worker's home region or one of their work regions inside it; default: the employer's
 * county), q (the intro or a 工种 name), available_on (drops workers whose week says they are not free that
 * weekday; those who never filled in their week stay, marked available_on:false), lat/lng (the point
 * distances are measured from). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/config.h"
#include "domain/timeutil.h"
#include "ext/token.h"
#include "http/req.h"
#include "api/handlers.h"
#include "http/input.h"
#include "domain/geo.h"
#include "domain/match.h"
#include "domain/profile.h"
#include "domain/region.h"
#include "store/gig.h"
#include "store/profile.h"
#include "store/workers.h"

#define SHANGHAI_OFFSET_S 28800

struct cand {
    struct workers_row w;
    int score;
    long long distance_m; /* -1 = none */
    enum match_avail avail;
};

struct collect {
    struct cand *items;
    size_t n, cap;
    /* scoring context */
    int has_job, has_point, asked_day;
    int day;
    double lat, lng;
};

static int collect_row(void *p, const struct workers_row *w)
{
    struct collect *c = p;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 64;
        struct cand *m = realloc(c->items, cap * sizeof *m);
        if (!m)
            return -1;
        c->items = m;
        c->cap = cap;
    }
    struct cand *k = &c->items[c->n++];
    k->w = *w;
    k->distance_m = -1;
    struct match_facts f = {MATCH_JOB_NONE, 0, 0, MATCH_REGION_NONE, (int)w->credit, MATCH_AVAIL_UNKNOWN};
    if (c->has_job)
        f.job = w->fit_exact ? MATCH_JOB_EXACT : w->fit_category ? MATCH_JOB_CATEGORY : MATCH_JOB_NONE;
    if (c->has_point && w->has_location) {
        k->distance_m = match_coarse_distance_m(geo_distance_m(c->lat, c->lng, w->lat, w->lng));
        f.has_distance = k->distance_m >= 0;
        f.distance_m = (double)k->distance_m;
    }
    f.region = w->region_fit >= 2   ? MATCH_REGION_NEAR
               : w->region_fit == 1 ? MATCH_REGION_WIDE
                                    : MATCH_REGION_NONE;
    k->avail = c->asked_day ? match_availability((long)w->availability, c->day) : MATCH_AVAIL_UNKNOWN;
    f.avail = k->avail;
    k->score = match_score(&f);
    return 0;
}

static int by_rank(const void *a, const void *b)
{
    const struct cand *x = a, *y = b;
    return match_order(x->score, (int)x->w.credit, (int)x->w.completeness, x->w.user_id, y->score,
                       (int)y->w.credit, (int)y->w.completeness, y->w.user_id);
}

static int job_item(void *p, const struct worker_job_type *j)
{
    return json_array_append_new(p, json_pack("{s:I, s:s, s:I}", "id", (json_int_t)j->id, "name", j->name,
                                              "years", (json_int_t)j->years));
}

/* One list item, field by field (no phone, ID, real name or coordinates ever). NULL on failure. */
static json_t *item_json(const struct collect *c, const struct cand *k, int year_now)
{
    char name[32];
    if (match_mask_name(k->w.real_name, name, sizeof name) != 0)
        return NULL;
    json_t *jobs = json_array();
    if (!jobs || store_profile_worker_job_types(k->w.user_id, job_item, jobs) != ST_OK) {
        json_decref(jobs);
        return NULL;
    }
    json_t *o = json_pack("{s:I, s:s, s:o, s:I, s:I}", "id", (json_int_t)k->w.user_id, "display_name", name,
                          "job_types", jobs, "credit", (json_int_t)k->w.credit, "completeness",
                          (json_int_t)k->w.completeness);
    if (!o)
        return NULL;
    json_object_set_new(o, "gender", k->w.gender[0] ? json_string(k->w.gender) : json_null());
    int age = k->w.birth_year > 0 ? year_now - (int)k->w.birth_year : -1;
    json_object_set_new(o, "age", age >= 0 && age < 130 ? json_integer(age) : json_null());
    json_object_set_new(o, "region",
                        k->w.region_code[0]
                            ? json_pack("{s:s, s:s}", "code", k->w.region_code, "name", k->w.region_name)
                            : json_null());
    if (c->has_point && k->distance_m >= 0)
        json_object_set_new(o, "distance_m", json_integer((json_int_t)k->distance_m));
    if (c->asked_day)
        json_object_set_new(o, "available_on", json_boolean(k->avail == MATCH_AVAIL_YES));
    return o;
}

/* Writes s as a LIKE pattern "%s%" with % _ and \ escaped. Returns 0 or -1 when it does not fit. */
static int like_contains(const char *s, char *out, size_t cap)
{
    size_t n = 0;
    if (cap < 3)
        return -1;
    out[n++] = '%';
    for (; *s; s++) {
        if (n + 3 >= cap)
            return -1;
        if (*s == '%' || *s == '_' || *s == '\\')
            out[n++] = '\\';
        out[n++] = *s;
    }
    out[n++] = '%';
    out[n] = '\0';
    return 0;
}

/* The region one level up from code, as a LIKE pattern: a town's county, a county's city, a city's
 * province; "" (matches nothing) for a province. */
static void wider_like(const char *code, char out[16])
{
    char province[7], city[7], county[7], prefix[13];
    out[0] = '\0';
    if (region_chain(code, province, city, county) != 0)
        return;
    int level = region_level(code);
    const char *up = level == 4 ? county : level == 3 ? city : level == 2 ? province : "";
    if (!*up || region_prefix(up, prefix) < 0)
        return;
    snprintf(out, 16, "%s%%", prefix);
}

int api_workers_search(struct req *r)
{
    long long page, size, v;
    int st = req_page(r, &page, &size);
    if (st)
        return st;
    char verification[12], emp_region[13];
    long long emp_credit;
    enum st rc = store_gig_employer_state(r->who.id, verification, emp_region, &emp_credit);
    if (rc == ST_NOTFOUND)
        return req_fail(r, ERR_EMPLOYER_PROFILE_REQUIRED, NULL, "请先填写雇主信息再查找零工");
    if (rc != ST_OK)
        return req_store_fail(r, rc);

    struct collect c = {0};
    struct workers_query q = {.caller = r->who.id, .limit = WORKERS_CANDIDATES_MAX};
    int got = req_query_int(r, "job_type", 1, 2147483647, &v);
    if (got < 0)
        return req_fail(r, ERR_BAD_QUERY, "job_type", NULL);
    if (got > 0) {
        long long top;
        rc = store_gig_job_top(v, &top);
        if (rc == ST_NOTFOUND)
            return req_fail(r, ERR_BAD_QUERY, "job_type", "没有这个工种");
        if (rc != ST_OK)
            return req_store_fail(r, rc);
        q.exact_job = v;
        q.category = top;
        c.has_job = 1;
    }

    /* the reference region: the one asked for, else the employer's county */
    char region[16], prov[7], city[7], county[7], prefix[13], region_like[16], wide[16];
    got = req_query(r, "region", region, sizeof region);
    if (got < 0 || (got > 0 && !region_valid(region)))
        return req_fail(r, ERR_BAD_QUERY, "region", "region 应为行政区划代码");
    if (got == 0) {
        if (region_chain(emp_region, prov, city, county) == 0 && county[0])
            snprintf(region, sizeof region, "%s", county);
        else
            snprintf(region, sizeof region, "%s", emp_region);
    }
    if (region_prefix(region, prefix) < 0)
        return req_fail(r, ERR_BAD_QUERY, "region", "region 应为行政区划代码");
    snprintf(region_like, sizeof region_like, "%s%%", prefix);
    wider_like(region, wide);
    q.region_like = region_like;
    q.near_like = region_like;
    q.wide_like = wide;

    char text[256], qlike[1024] = "";
    got = req_query(r, "q", text, sizeof text);
    if (got < 0 || (got > 0 && input_utf8_len(text) > 50))
        return req_fail(r, ERR_BAD_QUERY, "q", "关键词最多 50 个字");
    if (got > 0 && text[0] && like_contains(text, qlike, sizeof qlike) != 0)
        return req_fail(r, ERR_BAD_QUERY, "q", NULL);
    q.q_like = qlike;

    char date[16];
    got = req_query(r, "available_on", date, sizeof date);
    if (got < 0 || (got > 0 && (c.day = match_weekday(date)) < 0))
        return req_fail(r, ERR_BAD_QUERY, "available_on", "日期格式应为 YYYY-MM-DD");
    if (got > 0) {
        c.asked_day = 1;
        for (int s = 0; s < PROFILE_SLOTS; s++)
            q.day_mask |= profile_avail_bit(c.day, s);
    }

    int has_lat = req_query_num(r, "lat", &c.lat), has_lng = req_query_num(r, "lng", &c.lng);
    if (has_lat < 0 || has_lng < 0 || has_lat != has_lng || (has_lat > 0 && !geo_valid(c.lat, c.lng)))
        return req_fail(r, ERR_BAD_QUERY, has_lat <= 0 ? "lat" : "lng", "lat 与 lng 应同时给出且为有效坐标");
    c.has_point = has_lat > 0;

    json_t *items = NULL;
    rc = store_workers_candidates(&q, collect_row, &c);
    if (rc != ST_OK) {
        st = req_store_fail(r, rc);
        goto out;
    }
    if (c.n > 1)
        qsort(c.items, c.n, sizeof *c.items, by_rank);
    time_t local = (time_t)(r->now + SHANGHAI_OFFSET_S);
    struct tm tm;
    gmtime_r(&local, &tm);
    items = json_array();
    size_t from = (size_t)((page - 1) * size);
    for (size_t i = from; items && i < c.n && i < from + (size_t)size; i++) {
        json_t *o = item_json(&c, &c.items[i], tm.tm_year + 1900);
        if (!o || json_array_append_new(items, o) != 0) {
            json_decref(items);
            items = NULL;
        }
    }
    if (!items) {
        st = req_fail(r, ERR_INTERNAL, NULL, NULL);
        goto out;
    }
    st = req_reply(r, 200, req_list_reply(items, page, size, (long long)c.n));
out:
    free(c.items);
    return st;
}
