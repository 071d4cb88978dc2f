/* Store of the in-app inbox. Inserts join whatever transaction the caller has open; reads and read-marks
 * always filter by user_id, so one user can never see or mark another's notifications. */
#include "store/notification.h"

#include <stdlib.h>
#include <string.h>

enum st store_notification_add(long long user_id, const char *kind, const char *title, const char *body,
                               const char *object_type, long long object_id)
{
    struct dbv in[] = {V_I64(user_id),
                       V_STR(kind),
                       V_STR(title),
                       V_STR(body),
                       V_STR_OR_NULL(object_type),
                       object_id ? V_I64(object_id) : V_NULL};
    return db_run(SQL_NOTIF_ADD, in, 6, NULL, 0, NULL, NULL, NULL, NULL);
}

struct notif_iter {
    struct notification_row row;
    int (*each)(void *ctx, const struct notification_row *row);
    void *ctx;
};

static int notif_cb(void *p)
{
    struct notif_iter *it = p;
    return it->each(it->ctx, &it->row);
}

enum st store_notification_list(long long user_id, int unread_only, long long limit, long long offset,
                                int (*each)(void *ctx, const struct notification_row *row), void *ctx,
                                long long *total, long long *unread)
{
    struct notif_iter *it = calloc(1, sizeof *it); /* 2.4 KB: off civetweb's small stacks */
    if (!it)
        return ST_ERR;
    it->each = each;
    it->ctx = ctx;
    struct notification_row *n = &it->row;
    struct dbv in[] = {V_I64(user_id), V_I64(unread_only ? 1 : 0), V_I64(limit), V_I64(offset)};
    struct dbout o[] = {O_I64(&n->id),
                        O_STR(n->kind, sizeof n->kind),
                        O_STR(n->title, sizeof n->title),
                        O_STR(n->body, sizeof n->body),
                        O_STR(n->object_type, sizeof n->object_type),
                        O_I64(&n->object_id),
                        O_I64(&n->read_at),
                        O_I64(&n->created_at)};
    enum st rc = db_run(SQL_NOTIF_LIST, in, 4, o, 8, notif_cb, it, NULL, NULL);
    free(it);
    if (rc != ST_OK)
        return rc;
    long long all = 0, un = 0;
    struct dbout c[] = {O_I64(&all), O_I64(&un)};
    rc = db_run(SQL_NOTIF_COUNT, in, 1, c, 2, NULL, NULL, NULL, NULL);
    if (rc == ST_OK) {
        *total = unread_only ? un : all;
        *unread = un;
    }
    return rc;
}

enum st store_notification_read(long long user_id, long long id)
{
    long long got = 0;
    struct dbv in[] = {V_I64(id), V_I64(user_id)};
    struct dbout o[] = {O_I64(&got)};
    enum st rc = db_run(SQL_NOTIF_OWNED, in, 2, o, 1, NULL, NULL, NULL, NULL);
    if (rc == ST_OK)
        rc = db_run(SQL_NOTIF_READ, in, 2, NULL, 0, NULL, NULL, NULL, NULL);
    return rc;
}

enum st store_notification_read_all(long long user_id, long long *n)
{
    unsigned long long k = 0;
    struct dbv in[] = {V_I64(user_id)};
    enum st rc = db_run(SQL_NOTIF_READ_ALL, in, 1, NULL, 0, NULL, NULL, &k, NULL);
    *n = (long long)k;
    return rc;
}
