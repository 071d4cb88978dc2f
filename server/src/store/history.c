/* Transition history rows: the shared append and read of store/history.h. The row buffer (2 KB) lives on
 * the heap, not on a civetweb worker's small stack. */
#include "store/history.h"

#include <stdlib.h>
#include <string.h>

enum st store_history_add(enum sql add, long long object_id, const char *actor_kind, long long actor_id,
                          const char *from, const char *to, const char *reason)
{
    struct dbv in[] = {V_I64(object_id),    V_STR(actor_kind), actor_id ? V_I64(actor_id) : V_NULL,
                       V_STR_OR_NULL(from), V_STR(to),         V_STR_OR_NULL(reason)};
    return db_run(add, in, 6, NULL, 0, NULL, NULL, NULL, NULL);
}

struct hist_iter {
    struct history_row row;
    history_row_fn each;
    void *ctx;
};

static int hist_cb(void *p)
{
    struct hist_iter *it = p;
    return it->each(it->ctx, &it->row);
}

enum st store_history_list(enum sql list, long long object_id, history_row_fn each, void *ctx)
{
    struct hist_iter *it = calloc(1, sizeof *it);
    if (!it)
        return ST_ERR;
    it->each = each;
    it->ctx = ctx;
    struct history_row *h = &it->row;
    struct dbv in[] = {V_I64(object_id)};
    struct dbout o[] = {O_STR(h->actor_kind, sizeof h->actor_kind),
                        O_I64(&h->actor_id),
                        O_STR(h->from, sizeof h->from),
                        O_STR(h->to, sizeof h->to),
                        O_STR(h->reason, sizeof h->reason),
                        O_I64(&h->at)};
    enum st rc = db_run(list, in, 1, o, 6, hist_cb, it, NULL, NULL);
    free(it);
    return rc;
}
