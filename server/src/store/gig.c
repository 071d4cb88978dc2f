/* Store of gigs. Every read of gig rows binds the same 26 columns (sql.c GIG_COLS) into struct gig_row,
 * the listed ones straight into its card (struct gig_card, which the search feed shares). Status changes
 * are conditional updates (WHERE status = from) so a concurrent change is a conflict, never a lost
 * update. Never sees JSON. */
#include "store/gig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct row_iter {
    struct gig_row row;
    struct dbout o[26];
    gig_row_fn each;
    void *ctx;
};

static void bind_row(struct row_iter *it)
{
    struct gig_row *g = &it->row;
    struct gig_card *c = &g->card;
    struct gig_employer *e = &c->employer;
    struct dbout o[26] = {
        O_I64(&c->id),
        O_I64(&e->id),
        O_STR(c->title, sizeof c->title),
        O_STR(g->description, sizeof g->description),
        O_I64(&c->job_type_id),
        O_STR(c->job_type_name, sizeof c->job_type_name),
        O_I64(&c->pay_fen),
        O_STR(c->pay_unit, sizeof c->pay_unit),
        O_I64(&c->headcount),
        O_I64(&c->accepted_count),
        O_I64(&c->starts_at),
        O_I64(&c->ends_at),
        O_STR(c->address, sizeof c->address),
        O_DBL(&c->lat),
        O_DBL(&c->lng),
        O_STR(c->region_code, sizeof c->region_code),
        O_STR(c->region_name, sizeof c->region_name),
        O_STR(c->status, sizeof c->status),
        O_STR(g->review_reason, sizeof g->review_reason),
        O_STR(e->name, sizeof e->name),
        O_STR(e->kind, sizeof e->kind),
        O_STR(e->verification, sizeof e->verification),
        O_I64(&e->credit),
        O_I64(&c->created_at),
        O_I64(&c->published_at),
        O_I64(&g->distance_m),
    };
    memcpy(it->o, o, sizeof o);
}

static int row_cb(void *p)
{
    struct row_iter *it = p;
    return it->each(it->ctx, &it->row);
}

/* Runs a 26-column gig list statement, then its count statement. */
static enum st list(enum sql q, const struct dbv *in, size_t nin, enum sql count, const struct dbv *cin,
                    size_t ncin, gig_row_fn each, void *ctx, long long *total)
{
    /* 11 KB: on the heap, since civetweb's workers have 100 KB stacks and TLS is carved from them */
    struct row_iter *it = malloc(sizeof *it);
    if (!it)
        return ST_ERR;
    it->each = each;
    it->ctx = ctx;
    bind_row(it);
    enum st rc = db_run(q, in, nin, it->o, 26, row_cb, it, NULL, NULL);
    free(it);
    if (rc != ST_OK || !total)
        return rc;
    struct dbout c[] = {O_I64(total)};
    return db_run(count, cin, ncin, c, 1, NULL, NULL, NULL, NULL);
}

static void input_binds(const struct gig_input *in, struct dbv *v)
{
    struct dbv b[] = {V_STR(in->title),      V_STR(in->description), V_I64(in->job_type_id),
                      V_I64(in->job_top_id), V_I64(in->pay_fen),     V_STR(in->pay_unit),
                      V_I64(in->headcount),  V_I64(in->starts_at),   V_I64(in->ends_at),
                      V_STR(in->address),    V_DBL(in->lat),         V_DBL(in->lng),
                      V_DBL(in->lng),        V_DBL(in->lat),         V_STR(in->region_code),
                      V_STR(in->province),   V_STR(in->city),        V_STR(in->county)};
    memcpy(v, b, sizeof b);
}

enum st store_gig_insert(const struct gig_input *in, long long *id)
{
    struct dbv v[21];
    v[0] = V_I64(in->employer_id);
    input_binds(in, v + 1);
    v[19] = V_STR(in->status);
    v[20] = V_STR(in->status);
    unsigned long long last = 0;
    enum st rc = db_run(SQL_GIG_INSERT, v, 21, NULL, 0, NULL, NULL, NULL, &last);
    if (rc == ST_OK)
        *id = (long long)last;
    return rc;
}

enum st store_gig_update(long long id, const char *from_status, const struct gig_input *in)
{
    struct dbv v[22];
    input_binds(in, v);
    v[18] = V_STR(in->status);
    v[19] = V_STR(in->status);
    v[20] = V_I64(id);
    v[21] = V_STR(from_status);
    unsigned long long n = 0;
    enum st rc = db_run(SQL_GIG_UPDATE, v, 22, NULL, 0, NULL, NULL, &n, NULL);
    return rc == ST_OK && n != 1 ? ST_CONFLICT : rc;
}

enum st store_gig_get(long long id, struct gig_row *out)
{
    struct row_iter *it = malloc(sizeof *it);
    if (!it)
        return ST_ERR;
    bind_row(it);
    struct dbv in[] = {V_I64(id)};
    enum st rc = db_run(SQL_GIG_GET, in, 1, it->o, 26, NULL, NULL, NULL, NULL);
    if (rc == ST_OK)
        *out = it->row;
    free(it);
    return rc;
}

enum st store_gig_lock(long long id, long long *employer_id, char status[16], char region[13])
{
    struct dbv in[] = {V_I64(id)};
    struct dbout o[] = {O_I64(employer_id), O_STR(status, 16), O_STR(region, 13)};
    return db_run(SQL_GIG_LOCK, in, 1, o, 3, NULL, NULL, NULL, NULL);
}

enum st store_gig_set_status(long long id, const char *from, const char *to, const char *reason)
{
    struct dbv in[] = {V_STR(to), V_STR_OR_NULL(reason), V_STR(to), V_I64(id), V_STR(from)};
    unsigned long long n = 0;
    enum st rc = db_run(SQL_GIG_SET_STATUS, in, 5, NULL, 0, NULL, NULL, &n, NULL);
    return rc == ST_OK && n != 1 ? ST_CONFLICT : rc;
}

enum st store_gig_history_add(long long gig_id, const char *actor_kind, long long actor_id, const char *from,
                              const char *to, const char *reason)
{
    return store_history_add(SQL_GIG_HISTORY_ADD, gig_id, actor_kind, actor_id, from, to, reason);
}

enum st store_gig_history(long long gig_id, history_row_fn each, void *ctx)
{
    return store_history_list(SQL_GIG_HISTORY_LIST, gig_id, each, ctx);
}

enum st store_gig_employer_state(long long user_id, char verification[12], char region[13], long long *credit)
{
    struct dbv in[] = {V_I64(user_id)};
    struct dbout o[] = {O_STR(verification, 12), O_STR(region, 13), O_I64(credit)};
    return db_run(SQL_GIG_EMPLOYER_STATE, in, 1, o, 3, NULL, NULL, NULL, NULL);
}

enum st store_gig_job_top(long long job_type_id, long long *top)
{
    long long parent = 0;
    struct dbv in[] = {V_I64(job_type_id)};
    struct dbout o[] = {O_I64(&parent)};
    enum st rc = db_run(SQL_GIG_JOB_TOP, in, 1, o, 1, NULL, NULL, NULL, NULL);
    if (rc == ST_OK)
        *top = parent ? parent : job_type_id;
    return rc;
}

enum st store_gig_by_employer(long long employer_id, const char *status_like, long long limit,
                              long long offset, gig_row_fn each, void *ctx, long long *total)
{
    struct dbv in[] = {V_I64(employer_id), V_STR(status_like), V_I64(limit), V_I64(offset)};
    return list(SQL_GIG_BY_EMPLOYER, in, 4, SQL_GIG_BY_EMPLOYER_COUNT, in, 2, each, ctx, total);
}

enum st store_gig_admin_list(const char *status, const char *region_like, long long limit, long long offset,
                             gig_row_fn each, void *ctx, long long *total)
{
    struct dbv in[] = {V_STR(status), V_STR(region_like), V_I64(limit), V_I64(offset)};
    return list(SQL_GIG_ADMIN_LIST, in, 4, SQL_GIG_ADMIN_COUNT, in, 2, each, ctx, total);
}

struct expire_ctx {
    long long id;
    long long ids[200];
    int n;
};

static int expire_cb(void *p)
{
    struct expire_ctx *c = p;
    if (c->n < 200)
        c->ids[c->n++] = c->id;
    return 0;
}

enum st store_gig_expire_due(long long *n)
{
    struct expire_ctx c = {0};
    *n = 0;
    enum st rc = db_begin();
    if (rc != ST_OK)
        return rc;
    struct dbout o[] = {O_I64(&c.id)};
    rc = db_run(SQL_GIG_EXPIRE_PICK, NULL, 0, o, 1, expire_cb, &c, NULL, NULL);
    for (int i = 0; rc == ST_OK && i < c.n; i++) {
        rc = store_gig_set_status(c.ids[i], "published", "expired", NULL);
        if (rc == ST_OK)
            rc = store_gig_history_add(c.ids[i], "system", 0, "published", "expired", "过了结束时间");
    }
    if (rc == ST_OK)
        rc = db_commit();
    else
        db_rollback();
    if (rc == ST_OK)
        *n = c.n;
    return rc;
}
