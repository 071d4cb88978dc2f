/* Reads for the search index (gigfeed.h). The 31 columns are GIGFEED_COLS of sql.c, bound straight into
 * the row and its gig card. Never sees JSON and never decides what is searchable. */
#include "store/gigfeed.h"

#include <stdlib.h>
#include <string.h>

#define NCOLS 31

struct feed {
    struct gigfeed_row row;
    struct dbout o[NCOLS];
    gigfeed_fn each;
    void *ctx;
};

static int feed_row(void *p)
{
    struct feed *f = p;
    f->row.card.published_at = f->row.published_ms / 1000;
    return f->each(f->ctx, &f->row);
}

static enum st feed(enum sql q, const struct dbv *in, size_t nin, gigfeed_fn each, void *ctx)
{
    struct feed *f = malloc(sizeof *f); /* 1 KB and more: not on a worker's small stack */
    if (!f)
        return ST_ERR;
    struct gigfeed_row *r = &f->row;
    struct gig_card *c = &r->card;
    struct gig_employer *e = &c->employer;
    struct dbout o[NCOLS] = {
        O_I64(&c->id),
        O_I64(&e->id),
        O_I64(&r->published_ms),
        O_I64(&c->starts_at),
        O_I64(&c->ends_at),
        O_I64(&c->pay_fen),
        O_I64(&c->job_type_id),
        O_I64(&r->job_top_id),
        O_STR(r->province, sizeof r->province),
        O_STR(r->city, sizeof r->city),
        O_STR(r->county, sizeof r->county),
        O_STR(c->region_code, sizeof c->region_code),
        O_DBL(&c->lat),
        O_DBL(&c->lng),
        O_I64(&r->open),
        O_I64(&r->updated_ms),
        O_STR(c->title, sizeof c->title),
        O_STR(c->address, sizeof c->address),
        O_STR(r->job_names, sizeof r->job_names),
        O_STR(c->job_type_name, sizeof c->job_type_name),
        O_STR(c->pay_unit, sizeof c->pay_unit),
        O_I64(&c->headcount),
        O_I64(&c->accepted_count),
        O_STR(c->region_name, sizeof c->region_name),
        O_I64(&c->created_at),
        O_STR(e->name, sizeof e->name),
        O_STR(e->kind, sizeof e->kind),
        O_STR(e->verification, sizeof e->verification),
        O_I64(&e->credit),
        O_I64(&r->employer_updated_ms),
        O_STR(c->status, sizeof c->status),
    };
    memcpy(f->o, o, sizeof o);
    f->each = each;
    f->ctx = ctx;
    enum st rc = db_run(q, in, nin, f->o, NCOLS, feed_row, f, NULL, NULL);
    free(f);
    return rc;
}

enum st store_gigfeed_open(gigfeed_fn each, void *ctx)
{
    return feed(SQL_GIGFEED_OPEN, NULL, 0, each, ctx);
}

enum st store_gigfeed_changed(long long since_ms, gigfeed_fn each, void *ctx)
{
    struct dbv in[] = {V_I64(since_ms)};
    return feed(SQL_GIGFEED_CHANGED, in, 1, each, ctx);
}

struct emp_feed {
    struct gigfeed_employer e;
    gigfeed_employer_fn each;
    void *ctx;
};

static int emp_row(void *p)
{
    struct emp_feed *f = p;
    return f->each(f->ctx, &f->e);
}

enum st store_gigfeed_employers(long long since_ms, gigfeed_employer_fn each, void *ctx)
{
    struct emp_feed *f = malloc(sizeof *f);
    if (!f)
        return ST_ERR;
    f->each = each;
    f->ctx = ctx;
    struct gig_employer *e = &f->e.employer;
    struct dbv in[] = {V_I64(since_ms)};
    struct dbout o[] = {O_I64(&e->id),
                        O_STR(e->name, sizeof e->name),
                        O_STR(e->kind, sizeof e->kind),
                        O_STR(e->verification, sizeof e->verification),
                        O_I64(&e->credit),
                        O_I64(&f->e.updated_ms)};
    enum st rc = db_run(SQL_GIGFEED_EMPLOYERS, in, 1, o, 6, emp_row, f, NULL, NULL);
    free(f);
    return rc;
}

enum st store_gigfeed_now(long long *ms)
{
    struct dbout o[] = {O_I64(ms)};
    return db_run(SQL_GIGFEED_NOW, NULL, 0, o, 1, NULL, NULL, NULL, NULL);
}

struct ids {
    long long id, *out;
    size_t cap, n;
};

static int one_id(void *p)
{
    struct ids *c = p;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        long long *v = realloc(c->out, cap * sizeof *v);
        if (!v)
            return 1;
        c->out = v;
        c->cap = cap;
    }
    c->out[c->n++] = c->id;
    return 0;
}

enum st store_gigfeed_blocked(long long user_id, long long **ids, size_t *n)
{
    struct ids c = {0, NULL, 0, 0};
    struct dbv in[] = {V_I64(user_id), V_I64(user_id)};
    struct dbout o[] = {O_I64(&c.id)};
    enum st rc = db_run(SQL_GIGFEED_BLOCKED, in, 2, o, 1, one_id, &c, NULL, NULL);
    if (rc != ST_OK) {
        free(c.out);
        c.out = NULL;
        c.n = 0;
    }
    *ids = c.out;
    *n = c.n;
    return rc;
}
