/* Store of attendance records, their corrections, site secrets and the auto-confirm pick. Every write is
 * a single statement or a conditional update (WHERE check_out_at IS NULL, WHERE site_secret IS NULL), so a
 * concurrent request is a conflict, never a lost or doubled write. */
#include "store/attendance.h"

#include <string.h>

/* an optional time: 0 binds as NULL */
static struct dbv opt_time(long long t)
{
    return t > 0 ? V_I64(t) : V_NULL;
}

enum st store_attendance_context(long long application_id, struct attendance_ctx *out)
{
    memset(out, 0, sizeof *out);
    struct dbv in[] = {V_I64(application_id)};
    struct dbout o[] = {
        O_I64(&out->worker_id), O_I64(&out->employer_id), O_STR(out->status, sizeof out->status),
        O_I64(&out->gig_id),    O_I64(&out->starts_at),   O_I64(&out->ends_at),
        O_DBL(&out->lat),       O_DBL(&out->lng),         O_BLOB(out->secret, sizeof out->secret)};
    enum st rc = db_run(SQL_ATT_CONTEXT, in, 1, o, 9, NULL, NULL, NULL, NULL);
    if (rc == ST_OK)
        out->secret_len = o[8].len;
    return rc;
}

enum st store_attendance_site_secret(long long gig_id, long long *employer_id, char status[16],
                                     unsigned char secret[ATTENDANCE_SECRET_LEN], unsigned long *len)
{
    struct dbv in[] = {V_I64(gig_id)};
    struct dbout o[] = {O_I64(employer_id), O_STR(status, 16), O_BLOB(secret, ATTENDANCE_SECRET_LEN)};
    enum st rc = db_run(SQL_ATT_SITE_SECRET, in, 1, o, 3, NULL, NULL, NULL, NULL);
    *len = rc == ST_OK ? o[2].len : 0;
    return rc;
}

enum st store_attendance_site_secret_init(long long gig_id, const unsigned char secret[ATTENDANCE_SECRET_LEN])
{
    struct dbv in[] = {V_BLOB(secret, ATTENDANCE_SECRET_LEN), V_I64(gig_id)};
    return db_run(SQL_ATT_SITE_SECRET_INIT, in, 2, NULL, 0, NULL, NULL, NULL, NULL);
}

enum st store_attendance_check_in(long long application_id, const char *work_date, long long at,
                                  const char *method, int has_pos, double lat, double lng)
{
    struct dbv in[] = {V_I64(application_id),
                       V_STR(work_date),
                       V_I64(at),
                       V_STR(method),
                       has_pos ? V_DBL(lat) : V_NULL,
                       has_pos ? V_DBL(lng) : V_NULL};
    return db_run(SQL_ATT_CHECK_IN, in, 6, NULL, 0, NULL, NULL, NULL, NULL);
}

struct row_iter {
    struct attendance_row row;
    int (*each)(void *ctx, const struct attendance_row *row);
    void *ctx;
};

static void bind_row(struct attendance_row *r, struct dbout o[6])
{
    struct dbout b[6] = {O_I64(&r->id),           O_STR(r->work_date, sizeof r->work_date),
                         O_I64(&r->check_in_at),  O_STR(r->check_in_method, sizeof r->check_in_method),
                         O_I64(&r->check_out_at), O_STR(r->check_out_method, sizeof r->check_out_method)};
    memcpy(o, b, sizeof b);
}

static int row_cb(void *p)
{
    struct row_iter *it = p;
    return it->each(it->ctx, &it->row);
}

enum st store_attendance_last(long long application_id, struct attendance_row *out)
{
    struct dbv in[] = {V_I64(application_id)};
    struct dbout o[6];
    bind_row(out, o);
    return db_run(SQL_ATT_LAST, in, 1, o, 6, NULL, NULL, NULL, NULL);
}

enum st store_attendance_check_out(long long id, long long at, const char *method, int has_pos, double lat,
                                   double lng)
{
    struct dbv in[] = {V_I64(at), V_STR(method), has_pos ? V_DBL(lat) : V_NULL, has_pos ? V_DBL(lng) : V_NULL,
                       V_I64(id)};
    unsigned long long n = 0;
    enum st rc = db_run(SQL_ATT_CHECK_OUT, in, 5, NULL, 0, NULL, NULL, &n, NULL);
    return rc == ST_OK && n != 1 ? ST_CONFLICT : rc;
}

enum st store_attendance_list(long long application_id,
                              int (*each)(void *ctx, const struct attendance_row *row), void *ctx)
{
    struct row_iter it = {.each = each, .ctx = ctx};
    struct dbv in[] = {V_I64(application_id)};
    struct dbout o[6];
    bind_row(&it.row, o);
    return db_run(SQL_ATT_LIST, in, 1, o, 6, row_cb, &it, NULL, NULL);
}

enum st store_attendance_day_checked_out(long long application_id, const char *work_date, int *yes)
{
    long long n = 0;
    struct dbv in[] = {V_I64(application_id), V_STR(work_date)};
    struct dbout o[] = {O_I64(&n)};
    enum st rc = db_run(SQL_ATT_DAY_CHECKED_OUT, in, 2, o, 1, NULL, NULL, NULL, NULL);
    *yes = rc == ST_OK && n > 0;
    return rc;
}

enum st store_attendance_lock_day(long long application_id, const char *work_date, struct attendance_row *out)
{
    struct dbv in[] = {V_I64(application_id), V_STR(work_date)};
    struct dbout o[6];
    bind_row(out, o);
    return db_run(SQL_ATT_DAY_LOCK, in, 2, o, 6, NULL, NULL, NULL, NULL);
}

enum st store_attendance_insert_corrected(long long application_id, const char *work_date,
                                          long long check_in_at, long long check_out_at, long long *id)
{
    struct dbv in[] = {V_I64(application_id), V_STR(work_date), V_I64(check_in_at), opt_time(check_out_at),
                       opt_time(check_out_at)};
    unsigned long long last = 0;
    enum st rc = db_run(SQL_ATT_INSERT_CORRECTED, in, 5, NULL, 0, NULL, NULL, NULL, &last);
    if (rc == ST_OK)
        *id = (long long)last;
    return rc;
}

enum st store_attendance_set_times(long long id, long long check_in_at, long long check_out_at)
{
    struct dbv in[] = {opt_time(check_in_at), opt_time(check_in_at), opt_time(check_out_at),
                       opt_time(check_out_at), V_I64(id)};
    return db_run(SQL_ATT_SET_TIMES, in, 5, NULL, 0, NULL, NULL, NULL, NULL);
}

enum st store_attendance_correction_add(long long attendance_id, long long actor_id, long long old_in,
                                        long long old_out, long long new_in, long long new_out,
                                        const char *reason)
{
    struct dbv in[] = {V_I64(attendance_id), V_I64(actor_id),   opt_time(old_in), opt_time(old_out),
                       opt_time(new_in),     opt_time(new_out), V_STR(reason)};
    return db_run(SQL_ATT_CORRECTION_ADD, in, 7, NULL, 0, NULL, NULL, NULL, NULL);
}

struct corr_iter {
    struct attendance_correction_row row;
    int (*each)(void *ctx, const struct attendance_correction_row *row);
    void *ctx;
};

static int corr_cb(void *p)
{
    struct corr_iter *it = p;
    return it->each(it->ctx, &it->row);
}

enum st store_attendance_corrections(long long application_id,
                                     int (*each)(void *ctx, const struct attendance_correction_row *row),
                                     void *ctx)
{
    struct corr_iter it = {.each = each, .ctx = ctx};
    struct attendance_correction_row *c = &it.row;
    struct dbv in[] = {V_I64(application_id)};
    struct dbout o[] = {O_I64(&c->attendance_id),
                        O_I64(&c->actor_id),
                        O_I64(&c->old_in),
                        O_I64(&c->old_out),
                        O_I64(&c->new_in),
                        O_I64(&c->new_out),
                        O_STR(c->reason, sizeof c->reason),
                        O_I64(&c->at)};
    return db_run(SQL_ATT_CORRECTIONS, in, 1, o, 8, corr_cb, &it, NULL, NULL);
}

struct due_iter {
    long long *ids;
    int n;
    long long id;
};

static int due_cb(void *p)
{
    struct due_iter *it = p;
    if (it->n >= ATTENDANCE_DUE_BATCH)
        return -1;
    it->ids[it->n++] = it->id;
    return 0;
}

enum st store_attendance_confirm_due(long long cutoff, long long ids[ATTENDANCE_DUE_BATCH], int *n)
{
    struct due_iter it = {.ids = ids};
    struct dbv in[] = {V_I64(cutoff)};
    struct dbout o[] = {O_I64(&it.id)};
    enum st rc = db_run(SQL_ATT_CONFIRM_DUE, in, 1, o, 1, due_cb, &it, NULL, NULL);
    *n = rc == ST_OK ? it.n : 0;
    return rc;
}

enum st store_attendance_confirm_claim(long long id, struct attendance_due *out)
{
    long long wm = 0, em = 0;
    struct dbv in[] = {V_I64(id)};
    struct dbout o[] = {O_I64(&out->id), O_I64(&out->worker_id), O_I64(&out->employer_id), O_I64(&wm),
                        O_I64(&em)};
    enum st rc = db_run(SQL_ATT_CONFIRM_CLAIM, in, 1, o, 5, NULL, NULL, NULL, NULL);
    out->worker_missing = wm != 0;
    out->employer_missing = em != 0;
    return rc;
}
