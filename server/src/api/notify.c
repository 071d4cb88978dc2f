/* The in-app inbox routes of the signed-in user: the page of notices, marking one or all read. Reads and
 * marks are always the caller's own (someone else's notice is 404). svc/notify.c writes the notices,
 * svc/view_notification.c shapes them; no SQL here. */
#include <string.h>

#include "api/handlers.h"
#include "http/handler.h"
#include "http/req.h"
#include "store/notification.h"
#include "svc/view_notification.h"

static int item(void *ctx, const struct notification_row *n)
{
    json_t *o = view_notification(n);
    return o ? json_array_append_new(ctx, o) : -1;
}

int api_notify_list(struct req *r)
{
    long long page, size, total = 0, unread = 0;
    int st = req_page(r, &page, &size);
    if (st)
        return st;
    char v[8];
    int q = req_query(r, "unread", v, sizeof v);
    int only = 0;
    if (q > 0 && (!strcmp(v, "1") || !strcmp(v, "true")))
        only = 1;
    else if (q != 0 && strcmp(v, "0") != 0 && strcmp(v, "false") != 0)
        return req_fail(r, ERR_BAD_QUERY, "unread", "unread 应为 true 或 false");
    json_t *items = json_array();
    enum st rc =
        store_notification_list(r->who.id, only, size, (page - 1) * size, item, items, &total, &unread);
    if (rc != ST_OK) {
        json_decref(items);
        return req_store_fail(r, rc);
    }
    json_t *o = req_list_reply(items, page, size, total);
    json_object_set_new(o, "unread_count", json_integer((json_int_t)unread));
    return req_reply(r, 200, o);
}

static int read_tx(struct req *r, void *p)
{
    (void)p;
    enum st rc = store_notification_read(r->who.id, r->ids[0]);
    if (rc != ST_OK)
        return req_store_fail(r, rc); /* someone else's: 404, as if it did not exist */
    return req_reply(r, 200, json_pack("{s:I, s:b}", "id", (json_int_t)r->ids[0], "read", 1));
}

int api_notify_read(struct req *r)
{
    return handler_tx(r, read_tx, NULL);
}

static int read_all_tx(struct req *r, void *p)
{
    (void)p;
    long long n = 0;
    enum st rc = store_notification_read_all(r->who.id, &n);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    return req_reply(r, 200, json_pack("{s:I}", "marked", (json_int_t)n));
}

int api_notify_read_all(struct req *r)
{
    return handler_tx(r, read_all_tx, NULL);
}
