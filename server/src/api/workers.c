/* 查找雇员: GET /api/v1/workers for callers with an employer profile. Only workers who opted in
 * (discoverable), never a blocked pair, never the caller; ranked by domain/match.c. Each item is the
 * worker card of svc/view_workers.h, which never carries a phone, an ID number, a real name or
 * coordinates, so a search cannot locate or identify anyone; no SQL and no JSON of its own here. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "api/handlers.h"
#include "domain/geo.h"
#include "domain/match.h"
#include "domain/profile.h"
#include "domain/region.h"
#include "http/input.h"
#include "http/req.h"
#include "store/gig.h"
#include "store/profile.h"
#include "store/workers.h"
#include "svc/jobtypes.h"
#include "svc/view_workers.h"

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
    return json_array_append_new(p, view_workers_job_type(j));
}

/* One list item: the card of k with its 工种. NULL on failure. */
static json_t *item_json(const struct collect *c, const struct cand *k, int year_now)
{
    json_t *jobs = json_array();
    if (!jobs || store_profile_worker_job_types(k->w.user_id, job_item, jobs) != ST_OK) {
        json_decref(jobs);
        return NULL;
    }
    return view_workers_card(&k->w, jobs, year_now, c->has_point ? k->distance_m : -1,
                             c->asked_day ? k->avail == MATCH_AVAIL_YES : -1);
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

/* A search's query and the buffers its LIKE patterns point into. */
struct search {
    struct workers_query q;
    struct collect c;
    char emp_region[13], region_like[16], wide[16], qlike[1024];
};

/* The caller's employer region; 403 employer_profile_required without an employer profile. */
static int employer_region(struct req *r, char region[13])
{
    char verification[12];
    long long credit;
    enum st rc = store_gig_employer_state(r->who.id, verification, region, &credit);
    if (rc == ST_NOTFOUND)
        return req_fail(r, ERR_EMPLOYER_PROFILE_REQUIRED, NULL, "请先填写雇主信息再查找零工");
    return rc == ST_OK ? 0 : req_store_fail(r, rc);
}

/* ?job_type= and ?region= (default: the employer's county). 0 or the 400. */
static int job_and_region(struct req *r, struct search *s)
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
        s->q.exact_job = v;
        s->q.category = top;
        s->c.has_job = 1;
    }
    /* the reference region: the one asked for, else the employer's county */
    char region[16], prov[7], city[7], county[7], prefix[13];
    got = req_query(r, "region", region, sizeof region);
    if (got < 0 || (got > 0 && !region_valid(region)))
        return req_fail(r, ERR_BAD_QUERY, "region", "region 应为行政区划代码");
    if (got == 0) {
        if (region_chain(s->emp_region, prov, city, county) == 0 && county[0])
            snprintf(region, sizeof region, "%s", county);
        else
            snprintf(region, sizeof region, "%s", s->emp_region);
    }
    if (region_prefix(region, prefix) < 0)
        return req_fail(r, ERR_BAD_QUERY, "region", "region 应为行政区划代码");
    snprintf(s->region_like, sizeof s->region_like, "%s%%", prefix);
    wider_like(region, s->wide);
    s->q.region_like = s->region_like;
    s->q.near_like = s->region_like;
    s->q.wide_like = s->wide;
    return 0;
}

/* ?q=, ?available_on= and ?lat=&lng=. 0 or the 400. */
static int text_day_point(struct req *r, struct search *s)
{
    char text[256];
    int got = req_query(r, "q", text, sizeof text);
    if (got < 0 || (got > 0 && input_utf8_len(text) > 50))
        return req_fail(r, ERR_BAD_QUERY, "q", "关键词最多 50 个字");
    if (got > 0 && text[0] && like_contains(text, s->qlike, sizeof s->qlike) != 0)
        return req_fail(r, ERR_BAD_QUERY, "q", NULL);
    s->q.q_like = s->qlike;
    char date[16];
    got = req_query(r, "available_on", date, sizeof date);
    if (got < 0 || (got > 0 && (s->c.day = match_weekday(date)) < 0))
        return req_fail(r, ERR_BAD_QUERY, "available_on", "日期格式应为 YYYY-MM-DD");
    if (got > 0) {
        s->c.asked_day = 1;
        for (int slot = 0; slot < PROFILE_SLOTS; slot++)
            s->q.day_mask |= profile_avail_bit(s->c.day, slot);
    }
    struct collect *c = &s->c;
    int has_lat = req_query_num(r, "lat", &c->lat), has_lng = req_query_num(r, "lng", &c->lng);
    if (has_lat < 0 || has_lng < 0 || has_lat != has_lng || (has_lat > 0 && !geo_valid(c->lat, c->lng)))
        return req_fail(r, ERR_BAD_QUERY, has_lat <= 0 ? "lat" : "lng", "lat 与 lng 应同时给出且为有效坐标");
    c->has_point = has_lat > 0;
    return 0;
}

/* Ranks the candidates c collected and answers page of size. */
static int reply_page(struct req *r, struct collect *c, long long page, long long size)
{
    if (c->n > 1)
        qsort(c->items, c->n, sizeof *c->items, by_rank);
    time_t local = (time_t)(r->now + SHANGHAI_OFFSET_S);
    struct tm tm;
    gmtime_r(&local, &tm);
    json_t *items = json_array();
    size_t from = (size_t)((page - 1) * size);
    for (size_t i = from; items && i < c->n && i < from + (size_t)size; i++) {
        json_t *o = item_json(c, &c->items[i], tm.tm_year + 1900);
        if (!o || json_array_append_new(items, o) != 0) {
            json_decref(items);
            items = NULL;
        }
    }
    if (!items)
        return req_fail(r, ERR_INTERNAL, NULL, NULL);
    return req_reply(r, 200, req_list_reply(items, page, size, (long long)c->n));
}

/* Filters: job_type (a category: its whole subtree; a 工种: its whole category, the exact 工种 ranked
 * first), region (the worker's home region or one of their work regions inside it; default: the employer's
 * county), q (the intro or a 工种 name), available_on (drops workers whose week says they are not free that
 * weekday; those who never filled in their week stay, marked available_on:false), lat/lng (the point
 * distances are measured from, reported in whole kilometres). */
int api_workers_search(struct req *r)
{
    long long page, size;
    struct search s = {.q = {.caller = r->who.id, .limit = WORKERS_CANDIDATES_MAX}};
    int st = req_page(r, &page, &size);
    if (!st)
        st = employer_region(r, s.emp_region);
    if (!st)
        st = job_and_region(r, &s);
    if (!st)
        st = text_day_point(r, &s);
    if (st)
        return st;
    enum st rc = store_workers_candidates(&s.q, collect_row, &s.c);
    st = rc == ST_OK ? reply_page(r, &s.c, page, size) : req_store_fail(r, rc);
    free(s.c.items);
    return st;
}
