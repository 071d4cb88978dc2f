/* Blocklists (SPEC §3, issue 7 item 3): a worker or an employer blocks another user (POST /me/blocks
 * {user_id}), lists (GET /me/blocks) and unblocks (DELETE /me/blocks/{user_id}) their own blocks only.
 * What a block hides is enforced where the objects are read: applications and applicant lists
 * (store/application.c), gig detail (api/gig.c), find-workers (store/workers.c), a user's ratings page
 * (api/rating.c) and gig search. Blocking is one-sided to create and to undo, but hides in both directions.
 */
#include <stdio.h>
#include <string.h>

#include "core/config.h"
#include "domain/timeutil.h"
#include "ext/token.h"
#include "http/req.h"
#include "api/handlers.h"
#include "http/input.h"
#include "store/block.h"
#include "store/credit.h"

static json_t *block_json(const struct block_row *b)
{
    char at[24], masked[16] = "";
    if (b->worker_name[0]) { /* the surname and ** (the first UTF-8 character) */
        size_t n = 1;
        while (b->worker_name[n] && ((unsigned char)b->worker_name[n] & 0xC0) == 0x80)
            n++;
        snprintf(masked, sizeof masked, "%.*s**", (int)n, b->worker_name);
    }
    return json_pack("{s:I, s:o, s:o, s:s}", "user_id", (json_int_t)b->user_id, "employer_name",
                     b->employer_name[0] ? json_string(b->employer_name) : json_null(), "worker_name",
                     masked[0] ? json_string(masked) : json_null(), "created_at",
                     timeutil_rfc3339(b->created_at, at));
}

static int list_item(void *ctx, const struct block_row *b)
{
    return json_array_append_new(ctx, block_json(b));
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

int api_block_create(struct req *r)
{
    static const struct field fields[] = {{"user_id", F_INT, 1, 1, 999999999999999999LL}};
    int st = input_check(r, fields, 1);
    if (st)
        return st;
    long long other = input_int(r, "user_id", 0);
    if (other == r->who.id)
        return req_fail(r, ERR_VALIDATION, "user_id", "不能屏蔽自己");
    char wr[13], er[13];
    int created = 0;
    enum st rc = store_credit_user_regions(other, wr, er); /* the user must exist */
    if (rc == ST_NOTFOUND)
        return req_fail(r, ERR_NOT_FOUND, "user_id", "没有这个用户");
    if (rc == ST_OK)
        rc = store_block_add(r->who.id, other, &created);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    struct block_row b;
    rc = store_block_get(r->who.id, other, &b);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    json_t *o = block_json(&b);
    if (!o)
        return req_fail(r, ERR_INTERNAL, NULL, NULL);
    return req_reply(r, created ? 201 : 200, json_pack("{s:o}", "block", o));
}

int api_block_delete(struct req *r)
{
    enum st rc = store_block_remove(r->who.id, r->ids[0]);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    return req_reply(r, 200, json_pack("{s:I, s:b}", "user_id", (json_int_t)r->ids[0], "blocked", 0));
}
