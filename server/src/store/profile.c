/* Store of worker and employer profiles. Saves run inside the caller's transaction (api/profile.c opens
 * it): the row is created if missing and locked first, so concurrent saves of one user serialise and a
 * failure part-way leaves nothing behind. Sealed values go in and out as bytes only. */
#include "store/profile.h"

#include <stdlib.h>
#include <string.h>

enum st store_profile_worker_get(long long user_id, struct worker_row *out)
{
    struct dbv in[] = {V_I64(user_id)};
    memset(out, 0, sizeof *out);
    struct dbout o[] = {O_STR(out->real_name, sizeof out->real_name),
                        O_BLOB(out->id_enc, sizeof out->id_enc),
                        O_I64(&out->birth_year),
                        O_STR(out->gender, sizeof out->gender),
                        O_STR(out->intro, sizeof out->intro),
                        O_I64(&out->pay_fen),
                        O_STR(out->pay_unit, sizeof out->pay_unit),
                        O_I64(&out->availability),
                        O_I64(&out->elder_mode),
                        O_I64(&out->discoverable),
                        O_STR(out->region_code, sizeof out->region_code),
                        O_STR(out->region_name, sizeof out->region_name),
                        O_DBL(&out->lat),
                        O_DBL(&out->lng),
                        O_I64(&out->credit),
                        O_I64(&out->updated_at)};
    enum st rc = db_run(SQL_PROF_WORKER_GET, in, 1, o, 16, NULL, NULL, NULL, NULL);
    out->id_enc_len = o[1].len;
    out->has_location = !o[12].is_null && !o[13].is_null;
    return rc;
}

struct jt_iter {
    struct worker_job_type row;
    int (*each)(void *ctx, const struct worker_job_type *);
    void *ctx;
};

static int jt_cb(void *p)
{
    struct jt_iter *it = p;
    return it->each(it->ctx, &it->row);
}

enum st store_profile_worker_job_types(long long user_id,
                                       int (*each)(void *ctx, const struct worker_job_type *), void *ctx)
{
    struct jt_iter it = {.each = each, .ctx = ctx};
    struct dbv in[] = {V_I64(user_id)};
    struct dbout o[] = {O_I64(&it.row.id), O_STR(it.row.name, sizeof it.row.name), O_I64(&it.row.years)};
    return db_run(SQL_PROF_WORKER_JOB_TYPES, in, 1, o, 3, jt_cb, &it, NULL, NULL);
}

struct cert_iter {
    struct worker_certificate row;
    struct dbout o[4];
    int (*each)(void *ctx, const struct worker_certificate *);
    void *ctx;
};

static int cert_cb(void *p)
{
    struct cert_iter *it = p;
    it->row.number_enc_len = it->o[2].is_null ? 0 : it->o[2].len;
    return it->each(it->ctx, &it->row);
}

enum st store_profile_worker_certificates(long long user_id,
                                          int (*each)(void *ctx, const struct worker_certificate *),
                                          void *ctx)
{
    struct cert_iter *it = malloc(sizeof *it); /* 1 KB: off a worker thread's small stack */
    if (!it)
        return ST_ERR;
    it->each = each;
    it->ctx = ctx;
    struct dbv in[] = {V_I64(user_id)};
    struct dbout o[] = {O_STR(it->row.name, sizeof it->row.name),
                        O_STR(it->row.number, sizeof it->row.number),
                        O_BLOB(it->row.number_enc, sizeof it->row.number_enc),
                        O_STR(it->row.expires_on, sizeof it->row.expires_on)};
    memcpy(it->o, o, sizeof o);
    enum st rc = db_run(SQL_PROF_WORKER_CERTS, in, 1, it->o, 4, cert_cb, it, NULL, NULL);
    free(it);
    return rc;
}

struct region_iter {
    struct worker_region row;
    int (*each)(void *ctx, const struct worker_region *);
    void *ctx;
};

static int region_cb(void *p)
{
    struct region_iter *it = p;
    return it->each(it->ctx, &it->row);
}

enum st store_profile_worker_regions(long long user_id, int (*each)(void *ctx, const struct worker_region *),
                                     void *ctx)
{
    struct region_iter it = {.each = each, .ctx = ctx};
    struct dbv in[] = {V_I64(user_id)};
    struct dbout o[] = {O_STR(it.row.code, sizeof it.row.code), O_STR(it.row.name, sizeof it.row.name)};
    return db_run(SQL_PROF_WORKER_REGIONS, in, 1, o, 2, region_cb, &it, NULL, NULL);
}

enum st store_profile_worker_lock(long long user_id, int *has_id)
{
    struct dbv in[] = {V_I64(user_id)};
    long long has = 0;
    struct dbout o[] = {O_I64(&has)};
    enum st rc = db_run(SQL_PROF_WORKER_STUB, in, 1, NULL, 0, NULL, NULL, NULL, NULL);
    if (rc == ST_OK)
        rc = db_run(SQL_PROF_WORKER_LOCK, in, 1, o, 1, NULL, NULL, NULL, NULL);
    *has_id = has != 0;
    return rc;
}

enum st store_profile_worker_save(long long user_id, const struct worker_write *w,
                                  const struct worker_job_type *jobs, size_t njobs,
                                  const struct worker_certificate *certs, size_t ncerts,
                                  const struct worker_region *regions, size_t nregions)
{
    int with_id = w->id_enc && w->id_enc_len > 0;
    struct dbv in[] = {V_STR(w->real_name),
                       with_id ? V_BLOB(w->id_enc, w->id_enc_len) : V_NULL,
                       with_id ? V_BLOB(w->id_hmac, 32) : V_NULL,
                       with_id ? V_I64(w->birth_year) : V_NULL,
                       with_id ? V_STR(w->gender) : V_NULL,
                       V_STR_OR_NULL(w->intro),
                       w->pay_fen > 0 ? V_I64(w->pay_fen) : V_NULL,
                       w->pay_fen > 0 ? V_STR(w->pay_unit) : V_NULL,
                       V_I64(w->availability),
                       V_I64(w->elder_mode ? 1 : 0),
                       V_I64(w->discoverable ? 1 : 0),
                       V_STR_OR_NULL(w->region_code),
                       w->has_location ? V_DBL(w->lat) : V_NULL,
                       w->has_location ? V_DBL(w->lng) : V_NULL,
                       V_I64(w->completeness),
                       V_I64(user_id)};
    enum st rc = db_run(SQL_PROF_WORKER_UPDATE, in, 16, NULL, 0, NULL, NULL, NULL, NULL);
    struct dbv uid[] = {V_I64(user_id)};
    if (rc == ST_OK)
        rc = db_run(SQL_PROF_WORKER_JOB_TYPES_CLEAR, uid, 1, NULL, 0, NULL, NULL, NULL, NULL);
    for (size_t i = 0; rc == ST_OK && i < njobs; i++) {
        struct dbv j[] = {V_I64(user_id), V_I64(jobs[i].id), V_I64(jobs[i].years)};
        rc = db_run(SQL_PROF_WORKER_JOB_TYPE_ADD, j, 3, NULL, 0, NULL, NULL, NULL, NULL);
    }
    if (rc == ST_OK)
        rc = db_run(SQL_PROF_WORKER_CERTS_CLEAR, uid, 1, NULL, 0, NULL, NULL, NULL, NULL);
    for (size_t i = 0; rc == ST_OK && i < ncerts; i++) {
        struct dbv c[] = {V_I64(user_id), V_STR(certs[i].name),
                          certs[i].number_enc_len ? V_BLOB(certs[i].number_enc, certs[i].number_enc_len)
                                                  : V_NULL,
                          V_STR_OR_NULL(certs[i].expires_on)};
        rc = db_run(SQL_PROF_WORKER_CERT_ADD, c, 4, NULL, 0, NULL, NULL, NULL, NULL);
    }
    if (rc == ST_OK)
        rc = db_run(SQL_PROF_WORKER_REGIONS_CLEAR, uid, 1, NULL, 0, NULL, NULL, NULL, NULL);
    for (size_t i = 0; rc == ST_OK && i < nregions; i++) {
        struct dbv g[] = {V_I64(user_id), V_STR(regions[i].code)};
        rc = db_run(SQL_PROF_WORKER_REGION_ADD, g, 2, NULL, 0, NULL, NULL, NULL, NULL);
    }
    return rc;
}

enum st store_profile_job_type_exists(long long id)
{
    struct dbv in[] = {V_I64(id)};
    long long got = 0;
    struct dbout o[] = {O_I64(&got)};
    return db_run(SQL_PROF_JOB_TYPE_EXISTS, in, 1, o, 1, NULL, NULL, NULL, NULL);
}

/* The 16 columns of SQL_PROF_EMPLOYER_GET and _LIST, bound to row. */
static void employer_bind(struct employer_row *row, struct dbout o[16])
{
    struct dbout b[16] = {O_I64(&row->user_id),
                          O_STR(row->kind, sizeof row->kind),
                          O_STR(row->name, sizeof row->name),
                          O_STR(row->credit_code, sizeof row->credit_code),
                          O_STR(row->legal_rep, sizeof row->legal_rep),
                          O_STR(row->contact_name, sizeof row->contact_name),
                          O_BLOB(row->phone_enc, sizeof row->phone_enc),
                          O_BLOB(row->id_enc, sizeof row->id_enc),
                          O_STR(row->region_code, sizeof row->region_code),
                          O_STR(row->region_name, sizeof row->region_name),
                          O_STR(row->address, sizeof row->address),
                          O_STR(row->verification, sizeof row->verification),
                          O_STR(row->verification_reason, sizeof row->verification_reason),
                          O_I64(&row->verified_at),
                          O_I64(&row->credit),
                          O_I64(&row->updated_at)};
    memcpy(o, b, sizeof b);
}

enum st store_profile_employer_get(long long user_id, struct employer_row *out)
{
    struct dbv in[] = {V_I64(user_id)};
    struct dbout o[16];
    memset(out, 0, sizeof *out);
    employer_bind(out, o);
    enum st rc = db_run(SQL_PROF_EMPLOYER_GET, in, 1, o, 16, NULL, NULL, NULL, NULL);
    out->phone_enc_len = o[6].len;
    out->id_enc_len = o[7].len;
    return rc;
}

enum st store_profile_employer_lock(long long user_id, const char *kind, const char *name, const char *region,
                                    struct employer_row *out)
{
    struct dbv stub[] = {V_I64(user_id), V_STR(kind), V_STR(name), V_STR(region)};
    struct dbv in[] = {V_I64(user_id)};
    memset(out, 0, sizeof *out);
    out->user_id = user_id;
    struct dbout o[] = {O_STR(out->kind, sizeof out->kind),
                        O_STR(out->name, sizeof out->name),
                        O_STR(out->credit_code, sizeof out->credit_code),
                        O_STR(out->legal_rep, sizeof out->legal_rep),
                        O_BLOB(out->phone_enc, sizeof out->phone_enc),
                        O_BLOB(out->id_enc, sizeof out->id_enc),
                        O_BLOB(out->id_hmac, sizeof out->id_hmac),
                        O_STR(out->verification, sizeof out->verification)};
    enum st rc = db_run(SQL_PROF_EMPLOYER_STUB, stub, 4, NULL, 0, NULL, NULL, NULL, NULL);
    if (rc == ST_OK)
        rc = db_run(SQL_PROF_EMPLOYER_LOCK, in, 1, o, 8, NULL, NULL, NULL, NULL);
    out->phone_enc_len = o[4].len;
    out->id_enc_len = o[5].len;
    out->id_hmac_len = o[6].len;
    return rc;
}

enum st store_profile_employer_save(long long user_id, const struct employer_write *w)
{
    struct dbv in[] = {V_STR(w->kind),
                       V_STR(w->name),
                       V_STR_OR_NULL(w->credit_code),
                       V_STR_OR_NULL(w->legal_rep),
                       V_STR_OR_NULL(w->contact_name),
                       w->phone_enc_len ? V_BLOB(w->phone_enc, w->phone_enc_len) : V_NULL,
                       w->id_enc_len ? V_BLOB(w->id_enc, w->id_enc_len) : V_NULL,
                       w->id_enc_len ? V_BLOB(w->id_hmac, 32) : V_NULL,
                       V_STR(w->region_code),
                       V_STR_OR_NULL(w->address),
                       V_STR(w->verification),
                       V_I64(user_id)};
    return db_run(SQL_PROF_EMPLOYER_UPDATE, in, 12, NULL, 0, NULL, NULL, NULL, NULL);
}

struct employer_iter {
    struct employer_row row;
    struct dbout o[16];
    int (*each)(void *ctx, const struct employer_row *);
    void *ctx;
};

static int employer_cb(void *p)
{
    struct employer_iter *it = p;
    it->row.phone_enc_len = it->o[6].len;
    it->row.id_enc_len = it->o[7].len;
    return it->each(it->ctx, &it->row);
}

enum st store_profile_employer_list(const char *prefix, const char *verification, long long limit,
                                    long long offset, int (*each)(void *ctx, const struct employer_row *),
                                    void *ctx, long long *total)
{
    char like[16];
    size_t n = strlen(prefix);
    if (n + 2 > sizeof like)
        return ST_ERR;
    memcpy(like, prefix, n);
    memcpy(like + n, "%", 2);
    struct dbv cin[] = {V_STR(like), V_STR(verification), V_STR(verification)};
    struct dbout co[] = {O_I64(total)};
    enum st rc = db_run(SQL_PROF_EMPLOYER_COUNT, cin, 3, co, 1, NULL, NULL, NULL, NULL);
    if (rc != ST_OK)
        return rc;
    struct employer_iter it;
    memset(&it, 0, sizeof it);
    it.each = each;
    it.ctx = ctx;
    employer_bind(&it.row, it.o);
    struct dbv in[] = {V_STR(like), V_STR(verification), V_STR(verification), V_I64(limit), V_I64(offset)};
    return db_run(SQL_PROF_EMPLOYER_LIST, in, 5, it.o, 16, employer_cb, &it, NULL, NULL);
}

enum st store_profile_employer_review_lock(long long user_id, char region[13], char verification[12])
{
    struct dbv in[] = {V_I64(user_id)};
    struct dbout o[] = {O_STR(region, 13), O_STR(verification, 12)};
    return db_run(SQL_PROF_EMPLOYER_REVIEW_LOCK, in, 1, o, 2, NULL, NULL, NULL, NULL);
}

enum st store_profile_employer_review_set(long long user_id, const char *verification, const char *reason,
                                          long long admin_id)
{
    struct dbv in[] = {V_STR(verification), V_STR_OR_NULL(reason), V_STR(verification), V_I64(admin_id),
                       V_I64(user_id)};
    return db_run(SQL_PROF_EMPLOYER_REVIEW_SET, in, 5, NULL, 0, NULL, NULL, NULL, NULL);
}
