/* Store of applications. Every read of application rows binds the same 23 columns (sql.c APP_COLS) into
 * struct application_row; the employer's applicant list adds 6 worker columns. Status changes and seat
 * moves are conditional updates, so a concurrent change is ST_CONFLICT and never a lost update. */
#include "store/application.h"

#include <stdlib.h>
#include <string.h>

struct app_iter {
    struct applicant_row row;
    struct dbout o[29];
    application_row_fn each;
    applicant_row_fn each_applicant;
    void *ctx;
};

static void bind_app(struct app_iter *it)
{
    struct application_row *a = &it->row.app;
    struct applicant_row *w = &it->row;
    struct dbout o[29] = {
        O_I64(&a->id),
        O_I64(&a->gig_id),
        O_I64(&a->worker_id),
        O_I64(&a->employer_id),
        O_STR(a->status, sizeof a->status),
        O_STR(a->source, sizeof a->source),
        O_STR(a->note, sizeof a->note),
        O_I64(&a->late_cancel),
        O_I64(&a->first_viewed_at),
        O_I64(&a->decided_at),
        O_I64(&a->worker_confirmed_at),
        O_I64(&a->employer_confirmed_at),
        O_I64(&a->completed_at),
        O_I64(&a->created_at),
        O_I64(&a->updated_at),
        O_STR(a->gig_title, sizeof a->gig_title),
        O_STR(a->gig_status, sizeof a->gig_status),
        O_I64(&a->gig_starts_at),
        O_I64(&a->gig_ends_at),
        O_I64(&a->gig_pay_fen),
        O_STR(a->gig_pay_unit, sizeof a->gig_pay_unit),
        O_STR(a->gig_address, sizeof a->gig_address),
        O_STR(a->gig_region_code, sizeof a->gig_region_code),
        O_STR(w->real_name, sizeof w->real_name),
        O_I64(&w->birth_year),
        O_STR(w->gender, sizeof w->gender),
        O_I64(&w->credit),
        O_I64(&w->completeness),
        O_BLOB(w->phone_enc, sizeof w->phone_enc),
    };
    memcpy(it->o, o, sizeof o);
}

static int app_cb(void *p)
{
    struct app_iter *it = p;
    if (it->each_applicant) {
        it->row.phone_enc_len = it->o[28].is_null ? 0 : it->o[28].len;
        return it->each_applicant(it->ctx, &it->row);
    }
    return it->each(it->ctx, &it->row.app);
}

enum st store_application_gig(long long gig_id, struct application_gig *out)
{
    memset(out, 0, sizeof *out);
    struct dbv in[] = {V_I64(gig_id)};
    struct dbout o[] = {O_I64(&out->employer_id),
                        O_I64(&out->headcount),
                        O_I64(&out->accepted_count),
                        O_I64(&out->starts_at),
                        O_I64(&out->ends_at),
                        O_STR(out->status, sizeof out->status),
                        O_STR(out->region_code, sizeof out->region_code)};
    return db_run(SQL_APP_GIG, in, 1, o, 7, NULL, NULL, NULL, NULL);
}

enum st store_application_insert(long long gig_id, long long worker_id, long long employer_id,
                                 const char *status, const char *source, const char *note, long long *id)
{
    struct dbv in[] = {V_I64(gig_id), V_I64(worker_id),    V_I64(employer_id), V_STR(status),
                       V_STR(source), V_STR_OR_NULL(note), V_STR(status)};
    unsigned long long last = 0;
    enum st rc = db_run(SQL_APP_INSERT, in, 7, NULL, 0, NULL, NULL, NULL, &last);
    if (rc == ST_OK)
        *id = (long long)last;
    return rc;
}

/* The iterators are 4 KB: on the heap, not on civetweb's small worker stacks (nor in TLS, which glibc
 * carves out of each thread's stack). */
static struct app_iter *iter_new(void)
{
    struct app_iter *it = calloc(1, sizeof *it);
    if (it)
        bind_app(it);
    return it;
}

static enum st get_one(enum sql q, long long id, struct application_row *out)
{
    struct app_iter *it = iter_new();
    if (!it)
        return ST_ERR;
    struct dbv in[] = {V_I64(id)};
    enum st rc = db_run(q, in, 1, it->o, 23, NULL, NULL, NULL, NULL);
    if (rc == ST_OK)
        *out = it->row.app;
    free(it);
    return rc;
}

enum st store_application_get(long long id, struct application_row *out)
{
    return get_one(SQL_APP_GET, id, out);
}

enum st store_application_lock(long long id, struct application_row *out)
{
    return get_one(SQL_APP_LOCK, id, out);
}

enum st store_application_find(long long gig_id, long long worker_id, long long *id, char status[16])
{
    struct dbv in[] = {V_I64(gig_id), V_I64(worker_id)};
    struct dbout o[] = {O_I64(id), O_STR(status, 16)};
    return db_run(SQL_APP_FIND, in, 2, o, 2, NULL, NULL, NULL, NULL);
}

enum st store_application_set_status(long long id, const char *from, const char *to, int late_cancel)
{
    struct dbv in[] = {V_STR(to), V_I64(late_cancel ? 1 : 0), V_STR(to), V_STR(to), V_I64(id), V_STR(from)};
    unsigned long long n = 0;
    enum st rc = db_run(SQL_APP_SET_STATUS, in, 6, NULL, 0, NULL, NULL, &n, NULL);
    return rc == ST_OK && n != 1 ? ST_CONFLICT : rc;
}

enum st store_application_history_add(long long application_id, const char *actor_kind, long long actor_id,
                                      const char *from, const char *to, const char *reason)
{
    return store_history_add(SQL_APP_HISTORY_ADD, application_id, actor_kind, actor_id, from, to, reason);
}

enum st store_application_history(long long application_id, history_row_fn each, void *ctx)
{
    return store_history_list(SQL_APP_HISTORY_LIST, application_id, each, ctx);
}

static enum st one_row(enum sql q, long long id)
{
    struct dbv in[] = {V_I64(id)};
    unsigned long long n = 0;
    enum st rc = db_run(q, in, 1, NULL, 0, NULL, NULL, &n, NULL);
    return rc == ST_OK && n != 1 ? ST_CONFLICT : rc;
}

enum st store_application_seat_take(long long gig_id)
{
    return one_row(SQL_APP_SEAT_TAKE, gig_id);
}

enum st store_application_seat_release(long long gig_id)
{
    return one_row(SQL_APP_SEAT_RELEASE, gig_id);
}

enum st store_application_confirm_side(long long id, const char *side)
{
    if (strcmp(side, "worker") == 0)
        return one_row(SQL_APP_CONFIRM_WORKER, id);
    if (strcmp(side, "employer") == 0)
        return one_row(SQL_APP_CONFIRM_EMPLOYER, id);
    return ST_ERR;
}

int store_application_blocked(long long a, long long b)
{
    long long n = 0;
    struct dbv in[] = {V_I64(a), V_I64(b), V_I64(b), V_I64(a)};
    struct dbout o[] = {O_I64(&n)};
    if (db_run(SQL_APP_BLOCKED, in, 4, o, 1, NULL, NULL, NULL, NULL) != ST_OK)
        return -1;
    return n > 0;
}

static enum st count(enum sql q, const struct dbv *in, size_t nin, long long *total)
{
    struct dbout c[] = {O_I64(total)};
    return db_run(q, in, nin, c, 1, NULL, NULL, NULL, NULL);
}

enum st store_application_by_gig(long long gig_id, const char *status_like, long long limit, long long offset,
                                 applicant_row_fn each, void *ctx, long long *total)
{
    struct app_iter *it = iter_new();
    if (!it)
        return ST_ERR;
    it->each_applicant = each;
    it->ctx = ctx;
    struct dbv in[] = {V_I64(gig_id), V_STR(status_like), V_I64(limit), V_I64(offset)};
    enum st rc = db_run(SQL_APP_BY_GIG, in, 4, it->o, 29, app_cb, it, NULL, NULL);
    free(it);
    if (rc == ST_OK && total)
        rc = count(SQL_APP_BY_GIG_COUNT, in, 2, total);
    return rc;
}

enum st store_application_by_worker(long long worker_id, const char *status_like, long long limit,
                                    long long offset, application_row_fn each, void *ctx, long long *total)
{
    struct app_iter *it = iter_new();
    if (!it)
        return ST_ERR;
    it->each = each;
    it->ctx = ctx;
    struct dbv in[] = {V_I64(worker_id), V_STR(status_like), V_I64(limit), V_I64(offset)};
    enum st rc = db_run(SQL_APP_BY_WORKER, in, 4, it->o, 23, app_cb, it, NULL, NULL);
    free(it);
    if (rc == ST_OK && total)
        rc = count(SQL_APP_BY_WORKER_COUNT, in, 2, total);
    return rc;
}

enum st store_application_mark_viewed(long long gig_id)
{
    struct dbv in[] = {V_I64(gig_id)};
    return db_run(SQL_APP_MARK_VIEWED, in, 1, NULL, 0, NULL, NULL, NULL, NULL);
}
