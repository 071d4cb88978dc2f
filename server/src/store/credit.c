/* Store of the credit ledger and the scores it maintains. Entries are inserted, never updated or deleted;
 * the score row is locked before an entry is appended, so concurrent entries for one user serialise and
 * each one's score_before is the previous one's score_after. */
#include "store/credit.h"

#include <stdlib.h>
#include <string.h>

enum st store_credit_lock(long long user_id, long long *score, long long *restricted)
{
    struct dbv in[] = {V_I64(user_id)};
    enum st rc = db_run(SQL_CREDIT_ENSURE, in, 1, NULL, 0, NULL, NULL, NULL, NULL);
    struct dbout o[] = {O_I64(score), O_I64(restricted)};
    if (rc == ST_OK)
        rc = db_run(SQL_CREDIT_LOCK, in, 1, o, 2, NULL, NULL, NULL, NULL);
    return rc;
}

enum st store_credit_entry_add(const struct credit_entry_in *e, long long *id)
{
    const char *ot = e->object_type ? e->object_type : "";
    struct dbv in[] = {V_I64(e->user_id),
                       V_STR(ot),
                       V_I64(e->user_id),
                       V_I64(e->object_id),
                       V_I64(e->object_id),
                       V_STR(e->reason),
                       V_I64(e->delta),
                       V_I64(e->score_before),
                       V_I64(e->score_after),
                       V_STR_OR_NULL(e->object_type),
                       e->object_id ? V_I64(e->object_id) : V_NULL,
                       V_STR(e->actor_kind),
                       e->actor_id ? V_I64(e->actor_id) : V_NULL,
                       V_STR_OR_NULL(e->note)};
    unsigned long long last = 0;
    enum st rc = db_run(SQL_CREDIT_ENTRY_ADD, in, 14, NULL, 0, NULL, NULL, NULL, &last);
    if (rc == ST_OK)
        *id = (long long)last;
    return rc;
}

enum st store_credit_entry_find(long long user_id, const char *reason, const char *object_type,
                                long long object_id, long long *id, long long *delta)
{
    struct dbv in[] = {V_I64(user_id), V_STR(reason), V_STR(object_type), V_I64(object_id)};
    struct dbout o[] = {O_I64(id), O_I64(delta)};
    return db_run(SQL_CREDIT_ENTRY_FIND, in, 4, o, 2, NULL, NULL, NULL, NULL);
}

enum st store_credit_set(long long user_id, int score, long long entry_id)
{
    struct dbv in[] = {V_I64(score), V_I64(entry_id), V_I64(user_id)};
    enum st rc = db_run(SQL_CREDIT_SET, in, 3, NULL, 0, NULL, NULL, NULL, NULL);
    struct dbv m[] = {V_I64(score), V_I64(user_id)};
    if (rc == ST_OK)
        rc = db_run(SQL_CREDIT_MIRROR_WORKER, m, 2, NULL, 0, NULL, NULL, NULL, NULL);
    if (rc == ST_OK)
        rc = db_run(SQL_CREDIT_MIRROR_EMPLOYER, m, 2, NULL, 0, NULL, NULL, NULL, NULL);
    return rc;
}

static enum st exactly_one(enum sql q, const struct dbv *in, size_t n)
{
    unsigned long long k = 0;
    enum st rc = db_run(q, in, n, NULL, 0, NULL, NULL, &k, NULL);
    return rc == ST_OK && k != 1 ? ST_CONFLICT : rc;
}

enum st store_credit_restrict(long long user_id, long long entry_id)
{
    struct dbv in[] = {V_I64(entry_id), V_I64(user_id)};
    return exactly_one(SQL_CREDIT_RESTRICT, in, 2);
}

enum st store_credit_lift(long long user_id, long long admin_id, const char *note)
{
    struct dbv in[] = {admin_id ? V_I64(admin_id) : V_NULL, V_STR_OR_NULL(note), V_I64(user_id)};
    return exactly_one(SQL_CREDIT_LIFT, in, 3);
}

enum st store_credit_state(long long user_id, struct credit_state *out)
{
    memset(out, 0, sizeof *out);
    struct dbv in[] = {V_I64(user_id)};
    struct dbout o[] = {O_I64(&out->score),
                        O_I64(&out->restricted),
                        O_I64(&out->restricted_at),
                        O_STR(out->restricted_reason, sizeof out->restricted_reason),
                        O_STR(out->restricted_note, sizeof out->restricted_note),
                        O_I64(&out->lifted_at),
                        O_I64(&out->lifted_by),
                        O_STR(out->lift_note, sizeof out->lift_note)};
    enum st rc = db_run(SQL_CREDIT_STATE, in, 1, o, 8, NULL, NULL, NULL, NULL);
    if (rc == ST_NOTFOUND) { /* no entry ever: the starting score (SPEC §3) */
        memset(out, 0, sizeof *out);
        out->score = 100;
        rc = ST_OK;
    }
    return rc;
}

struct hist_iter {
    struct credit_entry_row row;
    int (*each)(void *ctx, const struct credit_entry_row *row);
    void *ctx;
};

static int hist_cb(void *p)
{
    struct hist_iter *it = p;
    return it->each(it->ctx, &it->row);
}

enum st store_credit_history(long long user_id, long long limit, long long offset,
                             int (*each)(void *ctx, const struct credit_entry_row *row), void *ctx,
                             long long *total)
{
    struct hist_iter *it = calloc(1, sizeof *it); /* 1 KB: off civetweb's small stacks */
    if (!it)
        return ST_ERR;
    it->each = each;
    it->ctx = ctx;
    struct credit_entry_row *e = &it->row;
    struct dbv in[] = {V_I64(user_id), V_I64(limit), V_I64(offset)};
    struct dbout o[] = {O_I64(&e->id),
                        O_STR(e->role, sizeof e->role),
                        O_STR(e->reason, sizeof e->reason),
                        O_I64(&e->delta),
                        O_I64(&e->score_before),
                        O_I64(&e->score_after),
                        O_STR(e->object_type, sizeof e->object_type),
                        O_I64(&e->object_id),
                        O_STR(e->actor_kind, sizeof e->actor_kind),
                        O_I64(&e->actor_id),
                        O_STR(e->note, sizeof e->note),
                        O_I64(&e->created_at)};
    enum st rc = db_run(SQL_CREDIT_HISTORY, in, 3, o, 12, hist_cb, it, NULL, NULL);
    free(it);
    struct dbout c[] = {O_I64(total)};
    if (rc == ST_OK)
        rc = db_run(SQL_CREDIT_HISTORY_COUNT, in, 1, c, 1, NULL, NULL, NULL, NULL);
    return rc;
}

enum st store_credit_user_regions(long long user_id, char worker_region[13], char employer_region[13])
{
    long long id = 0;
    struct dbv in[] = {V_I64(user_id)};
    struct dbout o[] = {O_I64(&id), O_STR(worker_region, 13), O_STR(employer_region, 13)};
    return db_run(SQL_CREDIT_USER_REGIONS, in, 1, o, 3, NULL, NULL, NULL, NULL);
}
