/* Demo ratings (`linggongd seed-demo` only): both sides rate each other on the demo market's completed
 * applications, and the 诚信分 ledger gets its entries for the demo no-shows and late cancels. Loaded once
 * (demo_w01 having ratings means it ran). Nothing but seed/demo.c calls it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "seed/demo.h"
#include "store/account.h"
#include "store/application.h"
#include "store/db.h"
#include "store/rating.h"
#include "svc/credit.h"
#include "svc/rating.h"

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
    struct rating_tag_match m = {.direction = rating_direction_name(d), .wanted = json_array()};
    for (int i = 0; tags[i]; i++)
        json_array_append_new(m.wanted, json_string(tags[i]));
    long long id = 0;
    enum st rc = svc_rating_tags_match(&m);
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

/* One demo application's ratings (completed) or ledger entry (no-show, late cancel), in one transaction. */
struct demo_one {
    const struct demo_app *x;
    struct application_row *a;
    int done, k;
    long long now;
};

static enum st demo_one_tx(void *p)
{
    static const char *const w_tags[][3] = {
        {"工资按时结", "环境安全", NULL}, {"态度好", "描述属实", NULL}, {"安排合理", NULL, NULL}};
    static const char *const e_tags[][3] = {
        {"准时", "吃苦耐劳", NULL}, {"技术好", "认真负责", NULL}, {"态度好", NULL, NULL}};
    static const char *const w_text[] = {"老板人实在，工资当天就结了", "活不算累，现场管理规范", NULL};
    static const char *const e_text[] = {"干活麻利，下次还找他", "按时到岗，做事认真", NULL};
    static const int stars[] = {5, 4, 5, 3, 4};
    struct demo_one *o = p;
    const struct demo_app *x = o->x;
    int k = o->k, no_show = !strcmp(x->status, "no_show");
    enum st rc = store_application_get(x->id, o->a);
    if (rc == ST_OK && o->done) {
        rc = demo_rate(x, 1, stars[k % 5], w_tags[k % 3], w_text[k % 3], o->a->gig_region_code, o->now);
        if (rc == ST_OK)
            rc = demo_rate(x, 0, stars[(k + 2) % 5], e_tags[k % 3], e_text[k % 3], o->a->gig_region_code,
                           o->now);
    } else if (rc == ST_OK) {
        rc = svc_credit_apply(x->worker_id, no_show ? "no_show" : "late_cancel", 0, "application", x->id,
                              no_show ? x->employer_id : x->worker_id, NULL);
    }
    return rc;
}

int demo_seed_ratings(void)
{
    struct demo_apps *d = calloc(1, sizeof *d);
    struct application_row *a = malloc(sizeof *a);
    long long total = 0, w01 = 0, now = svc_rating_clock((long long)time(NULL));
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
            struct demo_one one = {x, a, done, k, now};
            rc = db_tx(demo_one_tx, &one);
            if (done) {
                rated += 2;
                k++;
            } else {
                entries++;
            }
        }
    }
    free(d);
    free(a);
    if (rc == ST_OK && total == 0)
        log_info("demo ratings loaded", "\"ratings\":%d,\"credit_entries\":%d", rated, entries);
    return rc == ST_OK ? 0 : -1;
}
