/* Store of invitations. Every read of invitation rows binds the same 20 columns (sql.c INV_COLS) into
 * struct invitation_row. */
#include "store/invitation.h"

#include <string.h>

struct iter {
    struct invitation_row row;
    struct dbout o[20];
    invitation_row_fn each;
    void *ctx;
};

static void bind_row(struct iter *it)
{
    struct invitation_row *v = &it->row;
    struct dbout o[20] = {
        O_I64(&v->id),
        O_I64(&v->gig_id),
        O_I64(&v->worker_id),
        O_I64(&v->employer_id),
        O_STR(v->status, sizeof v->status),
        O_I64(&v->application_id),
        O_I64(&v->created_at),
        O_I64(&v->responded_at),
        O_STR(v->gig_title, sizeof v->gig_title),
        O_STR(v->gig_status, sizeof v->gig_status),
        O_I64(&v->gig_starts_at),
        O_I64(&v->gig_ends_at),
        O_I64(&v->gig_pay_fen),
        O_STR(v->gig_pay_unit, sizeof v->gig_pay_unit),
        O_I64(&v->gig_headcount),
        O_I64(&v->gig_accepted_count),
        O_STR(v->gig_region_code, sizeof v->gig_region_code),
        O_STR(v->gig_region_name, sizeof v->gig_region_name),
        O_STR(v->employer_name, sizeof v->employer_name),
        O_STR(v->worker_real_name, sizeof v->worker_real_name),
    };
    memcpy(it->o, o, sizeof o);
}

static int row_cb(void *p)
{
    struct iter *it = p;
    return it->each(it->ctx, &it->row);
}

enum st store_invitation_insert(long long gig_id, long long worker_id, long long employer_id, long long *id)
{
    struct dbv in[] = {V_I64(gig_id), V_I64(worker_id), V_I64(employer_id)};
    unsigned long long last = 0;
    enum st rc = db_run(SQL_INV_INSERT, in, 3, NULL, 0, NULL, NULL, NULL, &last);
    if (rc == ST_OK)
        *id = (long long)last;
    return rc;
}

enum st store_invitation_get(long long id, struct invitation_row *out)
{
    struct iter it; /* ~2 KB: on the stack, never in thread-local storage (tests/unit/tls_budget.sh) */
    bind_row(&it);
    struct dbv in[] = {V_I64(id)};
    enum st rc = db_run(SQL_INV_GET, in, 1, it.o, 20, NULL, NULL, NULL, NULL);
    if (rc == ST_OK)
        *out = it.row;
    return rc;
}

enum st store_invitation_lock(long long id, long long *gig_id, long long *worker_id, long long *employer_id,
                              char status[12])
{
    struct dbv in[] = {V_I64(id)};
    struct dbout o[] = {O_I64(gig_id), O_I64(worker_id), O_I64(employer_id), O_STR(status, 12)};
    return db_run(SQL_INV_LOCK, in, 1, o, 4, NULL, NULL, NULL, NULL);
}

enum st store_invitation_set_status(long long id, const char *from, const char *to, long long application_id)
{
    struct dbv in[] = {V_STR(to), application_id ? V_I64(application_id) : V_NULL, V_I64(id), V_STR(from)};
    unsigned long long n = 0;
    enum st rc = db_run(SQL_INV_SET_STATUS, in, 4, NULL, 0, NULL, NULL, &n, NULL);
    return rc == ST_OK && n != 1 ? ST_CONFLICT : rc;
}

static enum st list(enum sql q, enum sql count, long long key, const char *status_like, long long limit,
                    long long offset, invitation_row_fn each, void *ctx, long long *total)
{
    struct iter it;
    it.each = each;
    it.ctx = ctx;
    bind_row(&it);
    struct dbv in[] = {V_I64(key), V_STR(status_like), V_I64(limit), V_I64(offset)};
    enum st rc = db_run(q, in, 4, it.o, 20, row_cb, &it, NULL, NULL);
    if (rc != ST_OK || !total)
        return rc;
    struct dbout c[] = {O_I64(total)};
    return db_run(count, in, 2, c, 1, NULL, NULL, NULL, NULL);
}

enum st store_invitation_by_worker(long long worker_id, const char *status_like, long long limit,
                                   long long offset, invitation_row_fn each, void *ctx, long long *total)
{
    return list(SQL_INV_BY_WORKER, SQL_INV_BY_WORKER_COUNT, worker_id, status_like, limit, offset, each, ctx,
                total);
}

enum st store_invitation_by_gig(long long gig_id, const char *status_like, long long limit, long long offset,
                                invitation_row_fn each, void *ctx, long long *total)
{
    return list(SQL_INV_BY_GIG, SQL_INV_BY_GIG_COUNT, gig_id, status_like, limit, offset, each, ctx, total);
}
