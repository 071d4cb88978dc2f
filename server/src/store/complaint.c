/* Store of complaints: every read of complaint rows binds the same 21 columns (sql.c CPL_COLS) into
 * struct complaint_row. Status changes and escalation are conditional updates, so a concurrent change is
 * ST_CONFLICT and never a lost update or a second escalation. */
#include "store/complaint.h"

#include <stdlib.h>
#include <string.h>

struct cpl_iter {
    struct complaint_row row;
    struct dbout o[21];
    complaint_row_fn each;
    void *ctx;
};

static struct cpl_iter *iter_new(complaint_row_fn each, void *ctx)
{
    struct cpl_iter *it = calloc(1, sizeof *it); /* 7 KB: never on a worker stack */
    if (!it)
        return NULL;
    struct complaint_row *c = &it->row;
    struct dbout o[21] = {
        O_I64(&c->id),
        O_I64(&c->complainant_id),
        O_I64(&c->respondent_id),
        O_STR(c->category, sizeof c->category),
        O_I64(&c->gig_id),
        O_I64(&c->application_id),
        O_I64(&c->settlement_id),
        O_STR(c->text, sizeof c->text),
        O_STR(c->source, sizeof c->source),
        O_STR(c->region_code, sizeof c->region_code),
        O_STR(c->status, sizeof c->status),
        O_I64(&c->sla_due_at),
        O_I64(&c->escalated_at),
        O_STR(c->escalated_region, sizeof c->escalated_region),
        O_I64(&c->handler_admin_id),
        O_I64(&c->upheld),
        O_STR(c->resolution, sizeof c->resolution),
        O_I64(&c->resolved_at),
        O_I64(&c->created_at),
        O_I64(&c->updated_at),
        O_STR(c->gig_title, sizeof c->gig_title),
    };
    memcpy(it->o, o, sizeof o);
    it->each = each;
    it->ctx = ctx;
    return it;
}

static int cpl_cb(void *p)
{
    struct cpl_iter *it = p;
    return it->each(it->ctx, &it->row);
}

enum st store_complaint_insert(const struct complaint_new *n, long long *id)
{
    struct dbv in[] = {V_I64(n->complainant_id),
                       V_I64(n->respondent_id),
                       V_STR(n->category),
                       n->gig_id ? V_I64(n->gig_id) : V_NULL,
                       n->application_id ? V_I64(n->application_id) : V_NULL,
                       n->settlement_id ? V_I64(n->settlement_id) : V_NULL,
                       V_STR(n->text),
                       V_STR(n->source),
                       V_STR(n->region_code),
                       V_I64(n->sla_due_at)};
    unsigned long long last = 0;
    enum st rc = db_run(SQL_CPL_INSERT, in, 10, NULL, 0, NULL, NULL, NULL, &last);
    if (rc == ST_OK)
        *id = (long long)last;
    return rc;
}

enum st store_complaint_image_add(long long complaint_id, long long upload_id, int position)
{
    struct dbv in[] = {V_I64(complaint_id), V_I64(upload_id), V_I64(position)};
    return db_run(SQL_CPL_IMAGE_ADD, in, 3, NULL, 0, NULL, NULL, NULL, NULL);
}

struct image_iter {
    long long id, size;
    char type[33];
    int (*each)(void *ctx, long long upload_id, const char *content_type, long long size_bytes);
    void *ctx;
};

static int image_cb(void *p)
{
    struct image_iter *it = p;
    return it->each(it->ctx, it->id, it->type, it->size);
}

enum st store_complaint_images(long long complaint_id,
                               int (*each)(void *ctx, long long upload_id, const char *content_type,
                                           long long size_bytes),
                               void *ctx)
{
    struct image_iter it = {.each = each, .ctx = ctx};
    struct dbv in[] = {V_I64(complaint_id)};
    struct dbout o[] = {O_I64(&it.id), O_STR(it.type, sizeof it.type), O_I64(&it.size)};
    return db_run(SQL_CPL_IMAGES, in, 1, o, 3, image_cb, &it, NULL, NULL);
}

static enum st get_one(enum sql q, long long id, struct complaint_row *out)
{
    struct cpl_iter *it = iter_new(NULL, NULL);
    if (!it)
        return ST_ERR;
    struct dbv in[] = {V_I64(id)};
    enum st rc = db_run(q, in, 1, it->o, 21, NULL, NULL, NULL, NULL);
    if (rc == ST_OK)
        *out = it->row;
    free(it);
    return rc;
}

enum st store_complaint_get(long long id, struct complaint_row *out)
{
    return get_one(SQL_CPL_GET, id, out);
}

enum st store_complaint_lock(long long id, struct complaint_row *out)
{
    return get_one(SQL_CPL_LOCK, id, out);
}

static enum st count(enum sql q, const struct dbv *in, size_t nin, long long *total)
{
    *total = 0;
    struct dbout o[] = {O_I64(total)};
    return db_run(q, in, nin, o, 1, NULL, NULL, NULL, NULL);
}

enum st store_complaint_by_complainant(long long user_id, long long limit, long long offset,
                                       complaint_row_fn each, void *ctx, long long *total)
{
    struct dbv in[] = {V_I64(user_id), V_I64(limit), V_I64(offset)};
    enum st rc = count(SQL_CPL_BY_COMPLAINANT_COUNT, in, 1, total);
    if (rc != ST_OK)
        return rc;
    struct cpl_iter *it = iter_new(each, ctx);
    if (!it)
        return ST_ERR;
    rc = db_run(SQL_CPL_BY_COMPLAINANT, in, 3, it->o, 21, cpl_cb, it, NULL, NULL);
    free(it);
    return rc;
}

enum st store_complaint_admin_list(const char *region_like, const char *status_like, int escalated,
                                   long long limit, long long offset, complaint_row_fn each, void *ctx,
                                   long long *total)
{
    struct dbv in[] = {V_STR(region_like), V_STR(status_like), V_I64(escalated),
                       V_I64(escalated),   V_I64(limit),       V_I64(offset)};
    enum st rc = count(SQL_CPL_ADMIN_COUNT, in, 4, total);
    if (rc != ST_OK)
        return rc;
    struct cpl_iter *it = iter_new(each, ctx);
    if (!it)
        return ST_ERR;
    rc = db_run(SQL_CPL_ADMIN_LIST, in, 6, it->o, 21, cpl_cb, it, NULL, NULL);
    free(it);
    return rc;
}

/* ST_CONFLICT when the conditional update touched no row. */
static enum st changed(enum st rc, unsigned long long affected)
{
    return rc == ST_OK && affected == 0 ? ST_CONFLICT : rc;
}

enum st store_complaint_set_status(long long id, const char *from, const char *to, long long handler_admin_id)
{
    struct dbv in[] = {V_STR(to), handler_admin_id ? V_I64(handler_admin_id) : V_NULL, V_I64(id),
                       V_STR(from)};
    unsigned long long affected = 0;
    enum st rc = db_run(SQL_CPL_SET_STATUS, in, 4, NULL, 0, NULL, NULL, &affected, NULL);
    return changed(rc, affected);
}

enum st store_complaint_close(long long id, const char *to, int upheld, const char *resolution,
                              long long admin_id)
{
    struct dbv in[] = {V_STR(to), upheld < 0 ? V_NULL : V_I64(upheld), V_STR_OR_NULL(resolution),
                       V_I64(admin_id), V_I64(id)};
    unsigned long long affected = 0;
    enum st rc = db_run(SQL_CPL_CLOSE, in, 5, NULL, 0, NULL, NULL, &affected, NULL);
    return changed(rc, affected);
}

enum st store_complaint_history_add(long long complaint_id, const char *actor_kind, long long actor_id,
                                    const char *from, const char *to, const char *reason)
{
    return store_history_add(SQL_CPL_HISTORY_ADD, complaint_id, actor_kind, actor_id, from, to, reason);
}

enum st store_complaint_history(long long complaint_id, history_row_fn each, void *ctx)
{
    return store_history_list(SQL_CPL_HISTORY_LIST, complaint_id, each, ctx);
}

struct due_iter {
    long long id;
    long long *ids;
    int n;
};

static int due_cb(void *p)
{
    struct due_iter *it = p;
    if (it->n >= COMPLAINT_DUE_BATCH)
        return -1;
    it->ids[it->n++] = it->id;
    return 0;
}

enum st store_complaint_escalate_due(long long cutoff, long long ids[COMPLAINT_DUE_BATCH], int *n)
{
    struct due_iter it = {.ids = ids};
    struct dbv in[] = {V_I64(cutoff)};
    struct dbout o[] = {O_I64(&it.id)};
    enum st rc = db_run(SQL_CPL_ESCALATE_DUE, in, 1, o, 1, due_cb, &it, NULL, NULL);
    *n = it.n;
    return rc;
}

enum st store_complaint_escalate_claim(long long id, long long cutoff, long long *complainant_id,
                                       char status[16], char region[13])
{
    struct dbv in[] = {V_I64(id), V_I64(cutoff)};
    struct dbout o[] = {O_I64(complainant_id), O_STR(status, 16), O_STR(region, 13)};
    return db_run(SQL_CPL_ESCALATE_CLAIM, in, 2, o, 3, NULL, NULL, NULL, NULL);
}

enum st store_complaint_escalate(long long id, const char *from, const char *to_region)
{
    struct dbv in[] = {V_STR(to_region), V_I64(id), V_STR(from)};
    unsigned long long affected = 0;
    enum st rc = db_run(SQL_CPL_ESCALATE, in, 3, NULL, 0, NULL, NULL, &affected, NULL);
    return changed(rc, affected);
}

enum st store_complaint_lock_filer(long long user_id)
{
    long long id = 0;
    struct dbv in[] = {V_I64(user_id)};
    struct dbout o[] = {O_I64(&id)};
    return db_run(SQL_CPL_LOCK_FILER, in, 1, o, 1, NULL, NULL, NULL, NULL);
}

enum st store_complaint_filed_since(long long user_id, long long seconds, long long *count,
                                    long long *frees_in_s)
{
    *count = *frees_in_s = 0;
    struct dbv in[] = {V_I64(seconds), V_I64(user_id), V_I64(seconds)};
    struct dbout o[] = {O_I64(count), O_I64(frees_in_s)};
    return db_run(SQL_CPL_FILED_SINCE, in, 3, o, 2, NULL, NULL, NULL, NULL);
}

enum st store_complaint_open_same(long long complainant, long long respondent, const char *category,
                                  long long gig_id, long long *id, char status[16])
{
    struct dbv in[] = {V_I64(complainant), V_I64(respondent), V_STR(category), V_I64(gig_id), V_I64(gig_id)};
    struct dbout o[] = {O_I64(id), O_STR(status, 16)};
    return db_run(SQL_CPL_OPEN_SAME, in, 5, o, 2, NULL, NULL, NULL, NULL);
}

enum st store_complaint_region_parent(const char *code, char parent[13])
{
    parent[0] = '\0';
    struct dbv in[] = {V_STR(code)};
    struct dbout o[] = {O_STR(parent, 13)};
    return db_run(SQL_CPL_REGION_PARENT, in, 1, o, 1, NULL, NULL, NULL, NULL);
}

int store_complaint_related(long long a, long long b)
{
    long long yes = 0;
    struct dbv in[] = {V_I64(a), V_I64(b), V_I64(b), V_I64(a), V_I64(a), V_I64(b), V_I64(b), V_I64(a)};
    struct dbout o[] = {O_I64(&yes)};
    if (db_run(SQL_CPL_RELATED, in, 8, o, 1, NULL, NULL, NULL, NULL) != ST_OK)
        return -1;
    return yes != 0;
}

enum st store_complaint_user_regions(long long user_id, int *exists, char employer_region[13],
                                     char worker_region[13])
{
    long long e = 0;
    struct dbv in[] = {V_I64(user_id), V_I64(user_id), V_I64(user_id)};
    struct dbout o[] = {O_I64(&e), O_STR(employer_region, 13), O_STR(worker_region, 13)};
    enum st rc = db_run(SQL_CPL_USER_REGIONS, in, 3, o, 3, NULL, NULL, NULL, NULL);
    *exists = rc == ST_OK && e != 0;
    return rc;
}

enum st store_complaint_app_parties(long long application_id, long long *worker_id, long long *employer_id,
                                    long long *gig_id)
{
    struct dbv in[] = {V_I64(application_id)};
    struct dbout o[] = {O_I64(worker_id), O_I64(employer_id), O_I64(gig_id)};
    return db_run(SQL_CPL_APP_PARTIES, in, 1, o, 3, NULL, NULL, NULL, NULL);
}
