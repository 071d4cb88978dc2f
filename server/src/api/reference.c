/* Reference data for pickers: the region tree one level at a time, and the whole job-type tree. Replies
 * are cached for a minute (they change with migrations, rarely otherwise) and carry an ETag. Objects come
 * from their views (svc/view_reference.h); no JSON of its own, no SQL. */
#include <stdio.h>
#include <string.h>

#include "api/handlers.h"
#include "http/cache.h"
#include "http/req.h"
#include "store/reference.h"
#include "svc/view_reference.h"

#define REFERENCE_TTL_S 60

static int region_item(void *ctx, const struct region_row *row)
{
    json_t *o = view_reference_region(row);
    return o ? json_array_append_new(ctx, o) : -1;
}

int api_reference_regions(struct req *r)
{
    char parent[16] = "";
    int q = req_query(r, "parent", parent, sizeof parent);
    if (q < 0 || (q > 0 && (strlen(parent) < 6 || strlen(parent) > 12 ||
                            strspn(parent, "0123456789") != strlen(parent))))
        return req_fail(r, ERR_BAD_QUERY, "parent", "parent 应为 6 到 12 位行政区划代码");
    char key[32];
    snprintf(key, sizeof key, "regions:%s", parent);
    int cached = cache_answer(r, key);
    if (cached)
        return cached;
    if (q > 0) {
        char name[65], path[65];
        long long level;
        enum st rc = store_reference_region(parent, name, &level, path);
        if (rc != ST_OK)
            return req_store_fail(r, rc);
    }
    json_t *items = json_array();
    enum st rc = store_reference_regions(parent, region_item, items);
    if (rc != ST_OK) {
        json_decref(items);
        return req_store_fail(r, rc);
    }
    json_t *reply = json_pack("{s:o}", "items", items);
    int st = cache_store_and_answer(r, key, reply, REFERENCE_TTL_S);
    json_decref(reply);
    return st;
}

struct jt_ctx {
    json_t *top;   /* array of top-level objects */
    json_t *index; /* id -> object, for attaching children */
};

static int job_type_item(void *p, const struct job_type_row *row)
{
    struct jt_ctx *c = p;
    char key[24];
    json_t *o = view_reference_job_type(row);
    if (!o)
        return -1;
    snprintf(key, sizeof key, "%lld", row->id);
    json_object_set(c->index, key, o);
    if (row->parent_id == 0)
        return json_array_append_new(c->top, o);
    snprintf(key, sizeof key, "%lld", row->parent_id);
    json_t *parent = json_object_get(c->index, key);
    if (!parent) {
        json_decref(o);
        return 0; /* orphan: the query orders parents first, so this means a broken tree; skip it */
    }
    return json_array_append_new(json_object_get(parent, "children"), o);
}

int api_reference_job_types(struct req *r)
{
    int cached = cache_answer(r, "job-types");
    if (cached)
        return cached;
    struct jt_ctx c = {json_array(), json_object()};
    enum st rc = store_reference_job_types(job_type_item, &c);
    json_decref(c.index);
    if (rc != ST_OK) {
        json_decref(c.top);
        return req_store_fail(r, rc);
    }
    json_t *reply = json_pack("{s:o}", "items", c.top);
    int st = cache_store_and_answer(r, "job-types", reply, REFERENCE_TTL_S);
    json_decref(reply);
    return st;
}
