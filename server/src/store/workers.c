/* Candidate reads of 查找雇员 (sql.c SQL_WORKERS_*). Binds the 15 candidate columns into struct workers_row;
 * which statement runs depends on whether a 工种 narrows the search (each is driven by its own index). */
#include "store/workers.h"

#include <string.h>

struct iter {
    struct workers_row row;
    int (*each)(void *ctx, const struct workers_row *);
    void *ctx;
};

static int row_cb(void *p)
{
    struct iter *it = p;
    return it->each(it->ctx, &it->row);
}

enum st store_workers_candidates(const struct workers_query *q,
                                 int (*each)(void *ctx, const struct workers_row *), void *ctx)
{
    struct iter it = {.each = each, .ctx = ctx};
    struct workers_row *w = &it.row;
    struct dbout o[15] = {
        O_I64(&w->user_id),
        O_STR(w->real_name, sizeof w->real_name),
        O_I64(&w->birth_year),
        O_STR(w->gender, sizeof w->gender),
        O_STR(w->region_code, sizeof w->region_code),
        O_STR(w->region_name, sizeof w->region_name),
        O_I64(&w->has_location),
        O_DBL(&w->lat),
        O_DBL(&w->lng),
        O_I64(&w->credit),
        O_I64(&w->completeness),
        O_I64(&w->availability),
        O_I64(&w->fit_exact),
        O_I64(&w->fit_category),
        O_I64(&w->region_fit),
    };
    long long limit = q->limit < 1 || q->limit > WORKERS_CANDIDATES_MAX ? WORKERS_CANDIDATES_MAX : q->limit;
    const char *qs = q->q_like ? q->q_like : "";
    struct dbv v[20];
    size_t n = 0;
    /* the columns */
    v[n++] = V_I64(q->exact_job);
    v[n++] = V_I64(q->category);
    v[n++] = V_I64(q->category);
    v[n++] = V_STR(q->near_like);
    v[n++] = V_STR(q->wide_like);
    v[n++] = V_STR(q->near_like);
    v[n++] = V_STR(q->wide_like);
    /* the candidate source */
    if (q->exact_job) {
        v[n++] = V_I64(q->category);
        v[n++] = V_I64(q->category);
    } else {
        v[n++] = V_STR(q->region_like);
        v[n++] = V_STR(q->region_like);
    }
    /* the common filters */
    v[n++] = V_I64(q->caller);
    v[n++] = V_STR(qs);
    v[n++] = V_STR(qs);
    v[n++] = V_STR(qs);
    v[n++] = V_I64(q->caller);
    v[n++] = V_I64(q->caller);
    v[n++] = V_I64(q->day_mask);
    v[n++] = V_I64(q->day_mask);
    if (q->exact_job) {
        v[n++] = V_STR(q->region_like);
        v[n++] = V_STR(q->region_like);
    }
    v[n++] = V_I64(limit);
    return db_run(q->exact_job ? SQL_WORKERS_BY_JOB : SQL_WORKERS_BY_REGION, v, n, o, 15, row_cb, &it, NULL,
                  NULL);
}

enum st store_workers_invitable(long long user_id, int *discoverable)
{
    long long d = 0;
    struct dbv in[] = {V_I64(user_id)};
    struct dbout o[] = {O_I64(&d)};
    enum st rc = db_run(SQL_WORKERS_INVITABLE, in, 1, o, 1, NULL, NULL, NULL, NULL);
    *discoverable = rc == ST_OK && d != 0;
    return rc;
}
