/* Store of ratings. Every read binds the same 18 columns (sql.c RATING_COLS) into struct rating_row, on
 * the heap (4 KB; civetweb workers have small stacks). */
#include "store/rating.h"

#include <stdlib.h>
#include <string.h>

struct tag_iter {
    struct rating_tag_row row;
    int (*each)(void *ctx, const struct rating_tag_row *row);
    void *ctx;
};

static int tag_cb(void *p)
{
    struct tag_iter *it = p;
    return it->each(it->ctx, &it->row);
}

enum st store_rating_tags(int (*each)(void *ctx, const struct rating_tag_row *row), void *ctx)
{
    struct tag_iter it = {.each = each, .ctx = ctx};
    struct rating_tag_row *t = &it.row;
    struct dbout o[] = {O_I64(&t->id), O_STR(t->direction, sizeof t->direction),
                        O_STR(t->name, sizeof t->name), O_I64(&t->positive)};
    return db_run(SQL_RATING_TAGS, NULL, 0, o, 4, tag_cb, &it, NULL, NULL);
}

enum st store_rating_insert(long long application_id, const char *direction, long long author_id,
                            long long subject_id, int stars, const char *text, const char *region_code,
                            long long reveal_at, long long *id)
{
    struct dbv in[] = {V_I64(application_id), V_STR(direction),    V_I64(author_id),   V_I64(subject_id),
                       V_I64(stars),          V_STR_OR_NULL(text), V_STR(region_code), V_I64(reveal_at)};
    unsigned long long last = 0;
    enum st rc = db_run(SQL_RATING_INSERT, in, 8, NULL, 0, NULL, NULL, NULL, &last);
    if (rc == ST_OK)
        *id = (long long)last;
    return rc;
}

enum st store_rating_tag_add(long long rating_id, long long tag_id)
{
    struct dbv in[] = {V_I64(rating_id), V_I64(tag_id)};
    return db_run(SQL_RATING_TAG_ADD, in, 2, NULL, 0, NULL, NULL, NULL, NULL);
}

enum st store_rating_reveal_application(long long application_id, long long now)
{
    struct dbv in[] = {V_I64(now), V_I64(application_id)};
    return db_run(SQL_RATING_REVEAL_APP, in, 2, NULL, 0, NULL, NULL, NULL, NULL);
}

struct rating_iter {
    struct rating_row row;
    struct dbout o[18];
    rating_row_fn each;
    void *ctx;
};

static struct rating_iter *iter_new(rating_row_fn each, void *ctx)
{
    struct rating_iter *it = calloc(1, sizeof *it);
    if (!it)
        return NULL;
    struct rating_row *r = &it->row;
    struct dbout o[18] = {
        O_I64(&r->id),
        O_I64(&r->application_id),
        O_STR(r->direction, sizeof r->direction),
        O_I64(&r->author_id),
        O_I64(&r->subject_id),
        O_I64(&r->stars),
        O_STR(r->text, sizeof r->text),
        O_STR(r->tags, sizeof r->tags),
        O_STR(r->region_code, sizeof r->region_code),
        O_I64(&r->reveal_at),
        O_I64(&r->hidden),
        O_STR(r->hidden_reason, sizeof r->hidden_reason),
        O_I64(&r->hidden_at),
        O_I64(&r->credited_at),
        O_I64(&r->created_at),
        O_I64(&r->gig_id),
        O_STR(r->gig_title, sizeof r->gig_title),
        O_STR(r->author_name, sizeof r->author_name),
    };
    memcpy(it->o, o, sizeof o);
    it->each = each;
    it->ctx = ctx;
    return it;
}

static int rating_cb(void *p)
{
    struct rating_iter *it = p;
    return it->each(it->ctx, &it->row);
}

static enum st get_one(enum sql q, long long id, struct rating_row *out)
{
    struct rating_iter *it = iter_new(NULL, NULL);
    if (!it)
        return ST_ERR;
    struct dbv in[] = {V_I64(id)};
    enum st rc = db_run(q, in, 1, it->o, 18, NULL, NULL, NULL, NULL);
    if (rc == ST_OK)
        *out = it->row;
    free(it);
    return rc;
}

enum st store_rating_get(long long id, struct rating_row *out)
{
    return get_one(SQL_RATING_GET, id, out);
}

enum st store_rating_lock(long long id, struct rating_row *out)
{
    return get_one(SQL_RATING_LOCK, id, out);
}

static enum st list(enum sql q, const struct dbv *in, size_t nin, rating_row_fn each, void *ctx)
{
    struct rating_iter *it = iter_new(each, ctx);
    if (!it)
        return ST_ERR;
    enum st rc = db_run(q, in, nin, it->o, 18, rating_cb, it, NULL, NULL);
    free(it);
    return rc;
}

static enum st count(enum sql q, const struct dbv *in, size_t nin, long long *total)
{
    struct dbout c[] = {O_I64(total)};
    return db_run(q, in, nin, c, 1, NULL, NULL, NULL, NULL);
}

enum st store_rating_by_application(long long application_id, rating_row_fn each, void *ctx)
{
    struct dbv in[] = {V_I64(application_id)};
    return list(SQL_RATING_BY_APP, in, 1, each, ctx);
}

enum st store_rating_by_subject(long long subject_id, const char *direction_like, long long now,
                                long long viewer_id, long long limit, long long offset, rating_row_fn each,
                                void *ctx, long long *total)
{
    struct dbv in[] = {V_I64(subject_id), V_STR(direction_like), V_I64(now),
                       V_I64(viewer_id),  V_I64(limit),          V_I64(offset)};
    enum st rc = list(SQL_RATING_BY_SUBJECT, in, 6, each, ctx);
    return rc == ST_OK ? count(SQL_RATING_BY_SUBJECT_COUNT, in, 4, total) : rc;
}

enum st store_rating_admin_list(const char *region_like, const char *hidden_like, long long limit,
                                long long offset, rating_row_fn each, void *ctx, long long *total)
{
    struct dbv in[] = {V_STR(region_like), V_STR(hidden_like), V_I64(limit), V_I64(offset)};
    enum st rc = list(SQL_RATING_ADMIN_LIST, in, 4, each, ctx);
    return rc == ST_OK ? count(SQL_RATING_ADMIN_COUNT, in, 2, total) : rc;
}

enum st store_rating_summary(long long subject_id, const char *direction, long long now,
                             struct rating_summary_row *out)
{
    memset(out, 0, sizeof *out);
    struct dbv in[] = {V_I64(subject_id), V_STR(direction), V_I64(now)};
    struct dbout o[] = {O_I64(&out->count),    O_I64(&out->sum),      O_I64(&out->stars[0]),
                        O_I64(&out->stars[1]), O_I64(&out->stars[2]), O_I64(&out->stars[3]),
                        O_I64(&out->stars[4])};
    return db_run(SQL_RATING_SUMMARY, in, 3, o, 7, NULL, NULL, NULL, NULL);
}

struct tagcount_iter {
    char name[65];
    long long n;
    int (*each)(void *ctx, const char *name, long long count);
    void *ctx;
};

static int tagcount_cb(void *p)
{
    struct tagcount_iter *it = p;
    return it->each(it->ctx, it->name, it->n);
}

enum st store_rating_tag_counts(long long subject_id, const char *direction, long long now,
                                int (*each)(void *ctx, const char *name, long long count), void *ctx)
{
    struct tagcount_iter it = {.each = each, .ctx = ctx};
    struct dbv in[] = {V_I64(subject_id), V_STR(direction), V_I64(now)};
    struct dbout o[] = {O_STR(it.name, sizeof it.name), O_I64(&it.n)};
    return db_run(SQL_RATING_TAG_COUNTS, in, 3, o, 2, tagcount_cb, &it, NULL, NULL);
}

enum st store_rating_hide(long long id, const char *reason, long long admin_id)
{
    struct dbv in[] = {V_STR(reason), V_I64(admin_id), V_I64(id)};
    unsigned long long n = 0;
    enum st rc = db_run(SQL_RATING_HIDE, in, 3, NULL, 0, NULL, NULL, &n, NULL);
    return rc == ST_OK && n != 1 ? ST_CONFLICT : rc;
}

struct due_iter {
    long long id, *ids;
    int n;
};

static int due_cb(void *p)
{
    struct due_iter *it = p;
    if (it->n < 100)
        it->ids[it->n++] = it->id;
    return 0;
}

enum st store_rating_credit_due(long long now, long long ids[100], int *n)
{
    struct due_iter it = {.ids = ids};
    struct dbv in[] = {V_I64(now)};
    struct dbout o[] = {O_I64(&it.id)};
    enum st rc = db_run(SQL_RATING_CREDIT_DUE, in, 1, o, 1, due_cb, &it, NULL, NULL);
    *n = it.n;
    return rc;
}

enum st store_rating_mark_credited(long long id, long long now)
{
    struct dbv in[] = {V_I64(id), V_I64(now)};
    unsigned long long n = 0;
    enum st rc = db_run(SQL_RATING_MARK_CREDITED, in, 2, NULL, 0, NULL, NULL, &n, NULL);
    return rc == ST_OK && n != 1 ? ST_CONFLICT : rc;
}
