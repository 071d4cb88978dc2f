/* Store of the blocklist. Every statement is keyed by the blocker, so one user can neither see nor undo
 * another's blocks. */
#include "store/block.h"

#include <string.h>

enum st store_block_add(long long blocker_id, long long blocked_id, int *created)
{
    struct dbv in[] = {V_I64(blocker_id), V_I64(blocked_id)};
    unsigned long long n = 0;
    enum st rc = db_run(SQL_BLOCK_ADD, in, 2, NULL, 0, NULL, NULL, &n, NULL);
    *created = rc == ST_OK && n == 1;
    return rc;
}

enum st store_block_remove(long long blocker_id, long long blocked_id)
{
    struct dbv in[] = {V_I64(blocker_id), V_I64(blocked_id)};
    unsigned long long n = 0;
    enum st rc = db_run(SQL_BLOCK_REMOVE, in, 2, NULL, 0, NULL, NULL, &n, NULL);
    return rc == ST_OK && n == 0 ? ST_NOTFOUND : rc;
}

static void bind_row(struct block_row *b, struct dbout o[4])
{
    struct dbout x[4] = {O_I64(&b->user_id), O_STR(b->employer_name, sizeof b->employer_name),
                         O_STR(b->worker_name, sizeof b->worker_name), O_I64(&b->created_at)};
    memcpy(o, x, sizeof x);
}

enum st store_block_get(long long blocker_id, long long blocked_id, struct block_row *out)
{
    struct dbv in[] = {V_I64(blocker_id), V_I64(blocked_id)};
    struct dbout o[4];
    bind_row(out, o);
    return db_run(SQL_BLOCK_GET, in, 2, o, 4, NULL, NULL, NULL, NULL);
}

struct block_iter {
    struct block_row row;
    int (*each)(void *ctx, const struct block_row *row);
    void *ctx;
};

static int block_cb(void *p)
{
    struct block_iter *it = p;
    return it->each(it->ctx, &it->row);
}

enum st store_block_list(long long blocker_id, long long limit, long long offset,
                         int (*each)(void *ctx, const struct block_row *row), void *ctx, long long *total)
{
    struct block_iter it = {.each = each, .ctx = ctx};
    struct dbv in[] = {V_I64(blocker_id), V_I64(limit), V_I64(offset)};
    struct dbout o[4];
    bind_row(&it.row, o);
    enum st rc = db_run(SQL_BLOCK_LIST, in, 3, o, 4, block_cb, &it, NULL, NULL);
    struct dbout c[] = {O_I64(total)};
    if (rc == ST_OK)
        rc = db_run(SQL_BLOCK_COUNT, in, 1, c, 1, NULL, NULL, NULL, NULL);
    return rc;
}
