/* Store of settlements. Every read of a whole settlement binds the same 32 columns (sql.c SETL_COLS) into
 * struct settlement_row, which is 4 KB: rows live on the heap, never on civetweb's small worker stacks.
 * Status changes are conditional updates, so a concurrent change is ST_CONFLICT, never a lost update. */
#include "store/settlement.h"

#include <stdlib.h>
#include <string.h>

#define SETL_NCOLS 32

struct setl_iter {
    struct settlement_row row;
    struct dbout o[SETL_NCOLS];
    settlement_row_fn each;
    void *ctx;
};

static struct setl_iter *iter_new(settlement_row_fn each, void *ctx)
{
    struct setl_iter *it = calloc(1, sizeof *it);
    if (!it)
        return NULL;
    struct settlement_row *s = &it->row;
    struct dbout o[SETL_NCOLS] = {
        O_I64(&s->id),
        O_I64(&s->application_id),
        O_I64(&s->gig_id),
        O_I64(&s->worker_id),
        O_I64(&s->employer_id),
        O_STR(s->region_code, sizeof s->region_code),
        O_STR(s->status, sizeof s->status),
        O_STR(s->pay_unit, sizeof s->pay_unit),
        O_I64(&s->rate_fen),
        O_I64(&s->quantity_milli),
        O_I64(&s->minutes_worked),
        O_I64(&s->days_attended),
        O_I64(&s->base_fen),
        O_I64(&s->items_fen),
        O_I64(&s->computed_fen),
        O_I64(&s->amount_fen),
        O_I64(&s->adjusted),
        O_STR(s->adjust_reason, sizeof s->adjust_reason),
        O_STR(s->pay_method, sizeof s->pay_method),
        O_STR(s->pay_reference, sizeof s->pay_reference),
        O_STR(s->dispute_reason, sizeof s->dispute_reason),
        O_I64(&s->complaint_id),
        O_I64(&s->paid_at),
        O_I64(&s->confirmed_at),
        O_I64(&s->disputed_at),
        O_I64(&s->resolved_at),
        O_I64(&s->created_at),
        O_I64(&s->updated_at),
        O_STR(s->gig_title, sizeof s->gig_title),
        O_STR(s->worker_name, sizeof s->worker_name),
        O_STR(s->employer_name, sizeof s->employer_name),
        O_STR(s->region_name, sizeof s->region_name),
    };
    memcpy(it->o, o, sizeof o);
    it->each = each;
    it->ctx = ctx;
    return it;
}

static int row_cb(void *p)
{
    struct setl_iter *it = p;
    return it->each(it->ctx, &it->row);
}

/* Runs a list statement with its inputs, one callback per row. */
static enum st run_list(enum sql q, const struct dbv *in, size_t nin, settlement_row_fn each, void *ctx)
{
    struct setl_iter *it = iter_new(each, ctx);
    if (!it)
        return ST_ERR;
    enum st rc = db_run(q, in, nin, it->o, SETL_NCOLS, row_cb, it, NULL, NULL);
    free(it);
    return rc;
}

static enum st count(enum sql q, const struct dbv *in, size_t nin, long long *total)
{
    struct dbout o[] = {O_I64(total)};
    return db_run(q, in, nin, o, 1, NULL, NULL, NULL, NULL);
}

enum st store_settlement_insert(const struct settlement_new *s, long long *id)
{
    struct dbv in[] = {V_I64(s->application_id),   V_I64(s->gig_id),
                       V_I64(s->worker_id),        V_I64(s->employer_id),
                       V_STR(s->region_code),      V_STR(s->pay_unit),
                       V_I64(s->rate_fen),         V_I64(s->quantity_milli),
                       V_I64(s->minutes_worked),   V_I64(s->days_attended),
                       V_I64(s->base_fen),         V_I64(s->items_fen),
                       V_I64(s->computed_fen),     V_I64(s->amount_fen),
                       V_I64(s->adjusted ? 1 : 0), V_STR_OR_NULL(s->adjust_reason)};
    unsigned long long last = 0;
    enum st rc = db_run(SQL_SETL_INSERT, in, 16, NULL, 0, NULL, NULL, NULL, &last);
    if (rc == ST_OK)
        *id = (long long)last;
    return rc;
}

enum st store_settlement_item_add(long long settlement_id, int position, const char *kind, const char *label,
                                  long long quantity_milli, long long unit_fen, long long amount_fen)
{
    struct dbv in[] = {V_I64(settlement_id),
                       V_I64(position),
                       V_STR(kind),
                       V_STR(label),
                       quantity_milli >= 0 ? V_I64(quantity_milli) : V_NULL,
                       unit_fen >= 0 ? V_I64(unit_fen) : V_NULL,
                       V_I64(amount_fen)};
    return db_run(SQL_SETL_ITEM_ADD, in, 7, NULL, 0, NULL, NULL, NULL, NULL);
}

struct item_iter {
    struct settlement_item_row row;
    long long position;
    int (*each)(void *ctx, const struct settlement_item_row *row);
    void *ctx;
};

static int item_cb(void *p)
{
    struct item_iter *it = p;
    it->row.position = (int)it->position;
    return it->each(it->ctx, &it->row);
}

enum st store_settlement_items(long long settlement_id,
                               int (*each)(void *ctx, const struct settlement_item_row *row), void *ctx)
{
    struct item_iter it = {.each = each, .ctx = ctx};
    struct settlement_item_row *r = &it.row;
    struct dbv in[] = {V_I64(settlement_id)};
    struct dbout o[] = {O_I64(&it.position),
                        O_STR(r->kind, sizeof r->kind),
                        O_STR(r->label, sizeof r->label),
                        O_I64(&r->quantity_milli),
                        O_I64(&r->unit_fen),
                        O_I64(&r->amount_fen)};
    return db_run(SQL_SETL_ITEMS, in, 1, o, 6, item_cb, &it, NULL, NULL);
}

enum st store_settlement_history_add(long long settlement_id, const char *actor_kind, long long actor_id,
                                     const char *from, const char *to, const char *reason)
{
    return store_history_add(SQL_SETL_HISTORY_ADD, settlement_id, actor_kind, actor_id, from, to, reason);
}

enum st store_settlement_history(long long settlement_id, history_row_fn each, void *ctx)
{
    return store_history_list(SQL_SETL_HISTORY_LIST, settlement_id, each, ctx);
}

enum st store_settlement_get(long long id, struct settlement_row *out)
{
    struct setl_iter *it = iter_new(NULL, NULL); /* the first row only: no callback */
    if (!it)
        return ST_ERR;
    struct dbv in[] = {V_I64(id)};
    enum st rc = db_run(SQL_SETL_GET, in, 1, it->o, SETL_NCOLS, NULL, NULL, NULL, NULL);
    if (rc == ST_OK)
        *out = it->row;
    free(it);
    return rc;
}

enum st store_settlement_of_application(long long application_id, long long *id)
{
    struct dbv in[] = {V_I64(application_id)};
    struct dbout o[] = {O_I64(id)};
    return db_run(SQL_SETL_OF_APP, in, 1, o, 1, NULL, NULL, NULL, NULL);
}

enum st store_settlement_lock(long long id, struct settlement_lock *out)
{
    memset(out, 0, sizeof *out);
    struct dbv in[] = {V_I64(id)};
    struct dbout o[] = {O_I64(&out->application_id),
                        O_I64(&out->gig_id),
                        O_I64(&out->worker_id),
                        O_I64(&out->employer_id),
                        O_I64(&out->amount_fen),
                        O_STR(out->status, sizeof out->status),
                        O_STR(out->region_code, sizeof out->region_code)};
    return db_run(SQL_SETL_LOCK, in, 1, o, 7, NULL, NULL, NULL, NULL);
}

enum st store_settlement_set_status(long long id, const char *from, const char *to, const char *pay_method,
                                    const char *pay_reference, const char *dispute_reason)
{
    struct dbv in[] = {V_STR(to),
                       pay_method ? V_STR(pay_method) : V_NULL,
                       pay_reference ? V_STR(pay_reference) : V_NULL,
                       dispute_reason ? V_STR(dispute_reason) : V_NULL,
                       V_STR(to),
                       V_STR(to),
                       V_STR(to),
                       V_STR(to),
                       V_I64(id),
                       V_STR(from)};
    unsigned long long n = 0;
    enum st rc = db_run(SQL_SETL_SET_STATUS, in, 10, NULL, 0, NULL, NULL, &n, NULL);
    return rc == ST_OK && n != 1 ? ST_CONFLICT : rc;
}

enum st store_settlement_set_complaint(long long id, long long complaint_id)
{
    struct dbv in[] = {V_I64(complaint_id), V_I64(id)};
    return db_run(SQL_SETL_SET_COMPLAINT, in, 2, NULL, 0, NULL, NULL, NULL, NULL);
}

enum st store_settlement_mine(long long worker_id, long long employer_id, const char *status_like,
                              long long limit, long long offset, settlement_row_fn each, void *ctx,
                              long long *total)
{
    struct dbv in[] = {V_I64(worker_id), V_I64(employer_id), V_STR(status_like), V_I64(limit), V_I64(offset)};
    enum st rc = count(SQL_SETL_MINE_COUNT, in, 3, total);
    return rc == ST_OK ? run_list(SQL_SETL_MINE, in, 5, each, ctx) : rc;
}

enum st store_settlement_admin(const char *region_like, const char *status_like, long long from, long long to,
                               long long limit, long long offset, settlement_row_fn each, void *ctx,
                               long long *total)
{
    struct dbv in[] = {V_STR(region_like), V_STR(status_like), V_I64(from),
                       V_I64(to),          V_I64(limit),       V_I64(offset)};
    enum st rc = total ? count(SQL_SETL_ADMIN_COUNT, in, 4, total) : ST_OK;
    return rc == ST_OK ? run_list(SQL_SETL_ADMIN, in, 6, each, ctx) : rc;
}

enum st store_settlement_paid_between(long long worker_id, long long from, long long to,
                                      settlement_row_fn each, void *ctx)
{
    struct dbv in[] = {V_I64(worker_id), V_I64(from), V_I64(to)};
    return run_list(SQL_SETL_PAID_BETWEEN, in, 3, each, ctx);
}

enum st store_settlement_unpaid(long long worker_id, long long *n, long long *sum_fen)
{
    struct dbv in[] = {V_I64(worker_id)};
    struct dbout o[] = {O_I64(n), O_I64(sum_fen)};
    return db_run(SQL_SETL_UNPAID, in, 1, o, 2, NULL, NULL, NULL, NULL);
}

struct ids_ctx {
    long long id, *ids;
    int max, n;
};

static int id_cb(void *p)
{
    struct ids_ctx *c = p;
    if (c->n < c->max)
        c->ids[c->n++] = c->id;
    return 0;
}

enum st store_settlement_demo_candidates(long long *ids, int max, int *n)
{
    struct ids_ctx c = {0, ids, max, 0};
    struct dbv in[] = {V_I64(max)};
    struct dbout o[] = {O_I64(&c.id)};
    enum st rc = db_run(SQL_SETL_DEMO_APPS, in, 1, o, 1, id_cb, &c, NULL, NULL);
    *n = c.n;
    return rc;
}
