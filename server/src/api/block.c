/* Blocklists (SPEC §3, issue 7 item 3): a user blocks another (POST /me/blocks), lists (GET) and unblocks
 * (DELETE /me/blocks/{user_id}) their own blocks only; one-sided to create and undo, hiding both ways.
 * What a block hides is enforced where objects are read (store/application.c, api/gig.c, store/workers.c,
 * api/rating.c, the search index), not here. The JSON is svc/view_block.h's; no SQL. */
#include "api/handlers.h"
#include "http/handler.h"
#include "http/input.h"
#include "http/req.h"
#include "store/block.h"
#include "store/credit.h"
#include "svc/view_block.h"

static int list_item(void *ctx, const struct block_row *b)
{
    return json_array_append_new(ctx, view_block(b));
}

int api_block_list(struct req *r)
{
    long long page, size, total = 0;
    int st = req_page(r, &page, &size);
    if (st)
        return st;
    json_t *items = json_array();
    enum st rc =
        items ? store_block_list(r->who.id, size, (page - 1) * size, list_item, items, &total) : ST_ERR;
    if (rc != ST_OK) {
        json_decref(items);
        return req_store_fail(r, rc);
    }
    return req_reply(r, 200, req_list_reply(items, page, size, total));
}

/* The write of a block: the other user must exist; blocking twice answers the block as it was (200). */
static int create_tx(struct req *r, void *p)
{
    const long long *other = p;
    char wr[13], er[13];
    int created = 0;
    enum st rc = store_credit_user_regions(*other, wr, er); /* the user must exist */
    if (rc == ST_NOTFOUND)
        return req_fail(r, ERR_NOT_FOUND, "user_id", "没有这个用户");
    if (rc == ST_OK)
        rc = store_block_add(r->who.id, *other, &created);
    struct block_row b;
    if (rc == ST_OK)
        rc = store_block_get(r->who.id, *other, &b);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    json_t *o = view_block(&b);
    if (!o)
        return req_fail(r, ERR_INTERNAL, NULL, NULL);
    return req_reply(r, created ? 201 : 200, json_pack("{s:o}", "block", o));
}

int api_block_create(struct req *r)
{
    static const struct field fields[] = {{"user_id", F_INT, 1, 1, 999999999999999999LL}};
    int st = input_check(r, fields, 1);
    if (st)
        return st;
    long long other = input_int(r, "user_id", 0);
    if (other == r->who.id)
        return req_fail(r, ERR_VALIDATION, "user_id", "不能屏蔽自己");
    return handler_tx(r, create_tx, &other);
}

static int delete_tx(struct req *r, void *p)
{
    (void)p;
    enum st rc = store_block_remove(r->who.id, r->ids[0]);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    return req_reply(r, 200, json_pack("{s:I, s:b}", "user_id", (json_int_t)r->ids[0], "blocked", 0));
}

int api_block_delete(struct req *r)
{
    return handler_tx(r, delete_tx, NULL);
}
