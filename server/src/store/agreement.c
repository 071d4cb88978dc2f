/* Store of agreements. Every read of a whole agreement binds the same 23 columns (sql.c AGR_COLS), every
 * log read the same 9 (AGR_LOG_COLS), every template read the same 9 (AGT_COLS). Rows are large (the
 * canonical text): callers pass heap structs, and the iterators here live on the heap too. */
#include "store/agreement.h"

#include <stdlib.h>
#include <string.h>

static void bind_agreement(struct agreement_row *a, struct dbout o[23])
{
    struct dbout b[23] = {
        O_I64(&a->id),
        O_I64(&a->application_id),
        O_I64(&a->gig_id),
        O_I64(&a->employer_id),
        O_I64(&a->worker_id),
        O_I64(&a->template_id),
        O_I64(&a->template_version),
        O_I64(&a->revision),
        O_STR(a->region_code, sizeof a->region_code),
        O_STR(a->template_code, sizeof a->template_code),
        O_STR(a->title, sizeof a->title),
        O_STR(a->status, sizeof a->status),
        O_STR(a->text, sizeof a->text),
        O_STR(a->text_sha256, sizeof a->text_sha256),
        O_BLOB(a->seal_signature, sizeof a->seal_signature),
        O_STR(a->seal_key_id, sizeof a->seal_key_id),
        O_I64(&a->sealed_at),
        O_I64(&a->created_at),
        O_I64(&a->updated_at),
        O_STR(a->employer_name, sizeof a->employer_name),
        O_STR(a->worker_name, sizeof a->worker_name),
        O_STR(a->app_status, sizeof a->app_status),
        O_STR(a->gig_title, sizeof a->gig_title),
    };
    memcpy(o, b, sizeof b);
}

static enum st get_one(enum sql q, long long id, struct agreement_row *out)
{
    struct dbout o[23];
    bind_agreement(out, o);
    struct dbv in[] = {V_I64(id)};
    enum st rc = db_run(q, in, 1, o, 23, NULL, NULL, NULL, NULL);
    if (rc == ST_OK) {
        out->text_len = (long long)o[12].len;
        out->seal_len = o[14].is_null ? 0 : (long long)o[14].len;
        if (out->seal_len != 0 && out->seal_len != 64)
            out->seal_len = 0; /* not a signature: reported as unsealed, which verification flags */
    }
    return rc;
}

enum st store_agreement_get(long long id, struct agreement_row *out)
{
    return get_one(SQL_AGR_GET, id, out);
}

enum st store_agreement_lock(long long id, struct agreement_row *out)
{
    return get_one(SQL_AGR_LOCK, id, out);
}

enum st store_agreement_of_application(long long application_id, long long *id)
{
    struct dbv in[] = {V_I64(application_id)};
    struct dbout o[] = {O_I64(id)};
    return db_run(SQL_AGR_OF_APP, in, 1, o, 1, NULL, NULL, NULL, NULL);
}

enum st store_agreement_live_lock(long long application_id, long long *id, char status[16])
{
    struct dbv in[] = {V_I64(application_id)};
    struct dbout o[] = {O_I64(id), O_STR(status, 16)};
    return db_run(SQL_AGR_LIVE_LOCK, in, 1, o, 2, NULL, NULL, NULL, NULL);
}

enum st store_agreement_facts(long long application_id, struct agreement_facts *f)
{
    memset(f, 0, sizeof *f);
    struct dbv in[] = {V_I64(application_id)};
    struct dbout o[] = {
        O_I64(&f->application_id),
        O_I64(&f->gig_id),
        O_I64(&f->employer_id),
        O_I64(&f->worker_id),
        O_STR(f->app_status, sizeof f->app_status),
        O_STR(f->region_code, sizeof f->region_code),
        O_STR(f->province, sizeof f->province),
        O_STR(f->city, sizeof f->city),
        O_STR(f->county, sizeof f->county),
        O_STR(f->gig_title, sizeof f->gig_title),
        O_STR(f->duties, sizeof f->duties),
        O_STR(f->job_type, sizeof f->job_type),
        O_STR(f->work_place, sizeof f->work_place),
        O_STR(f->bureau, sizeof f->bureau),
        O_I64(&f->starts_at),
        O_I64(&f->ends_at),
        O_I64(&f->pay_fen),
        O_STR(f->pay_unit, sizeof f->pay_unit),
        O_STR(f->employer_name, sizeof f->employer_name),
        O_STR(f->employer_kind, sizeof f->employer_kind),
        O_STR(f->employer_code, sizeof f->employer_code),
        O_BLOB(f->employer_id_enc, sizeof f->employer_id_enc),
        O_STR(f->worker_name, sizeof f->worker_name),
        O_BLOB(f->worker_id_enc, sizeof f->worker_id_enc),
    };
    enum st rc = db_run(SQL_AGR_FACTS, in, 1, o, 24, NULL, NULL, NULL, NULL);
    if (rc == ST_OK) {
        f->employer_id_enc_len = o[21].is_null ? 0 : (long long)o[21].len;
        f->worker_id_enc_len = o[23].is_null ? 0 : (long long)o[23].len;
    }
    return rc;
}

struct tpl_iter {
    struct agreement_template t;
    struct dbout o[9];
    int (*each)(void *ctx, const struct agreement_template *t);
    void *ctx;
};

static struct tpl_iter *tpl_iter_new(void)
{
    struct tpl_iter *it = calloc(1, sizeof *it);
    if (!it)
        return NULL;
    struct agreement_template *t = &it->t;
    struct dbout o[9] = {O_I64(&t->id),
                         O_I64(&t->version),
                         O_I64(&t->created_by),
                         O_I64(&t->created_at),
                         O_STR(t->code, sizeof t->code),
                         O_STR(t->region_code, sizeof t->region_code),
                         O_STR(t->title, sizeof t->title),
                         O_STR(t->body, sizeof t->body),
                         O_STR(t->note, sizeof t->note)};
    memcpy(it->o, o, sizeof o);
    return it;
}

static enum st tpl_one(enum sql q, const struct dbv *in, size_t nin, struct agreement_template *out)
{
    struct tpl_iter *it = tpl_iter_new();
    if (!it)
        return ST_ERR;
    enum st rc = db_run(q, in, nin, it->o, 9, NULL, NULL, NULL, NULL);
    if (rc == ST_OK)
        memcpy(out, &it->t, sizeof *out);
    free(it);
    return rc;
}

enum st store_agreement_template_pick(const char *town, const char *county, const char *city,
                                      const char *province, struct agreement_template *out)
{
    struct dbv in[] = {V_STR(town), V_STR(county), V_STR(city), V_STR(province)};
    return tpl_one(SQL_AGT_PICK, in, 4, out);
}

enum st store_agreement_template_get(long long id, struct agreement_template *out)
{
    struct dbv in[] = {V_I64(id)};
    return tpl_one(SQL_AGT_GET, in, 1, out);
}

static int tpl_cb(void *p)
{
    struct tpl_iter *it = p;
    return it->each(it->ctx, &it->t);
}

enum st store_agreement_template_list(const char *region_like, const char *code, long long limit,
                                      long long offset,
                                      int (*each)(void *ctx, const struct agreement_template *t), void *ctx,
                                      long long *total)
{
    struct tpl_iter *it = tpl_iter_new();
    if (!it)
        return ST_ERR;
    it->each = each;
    it->ctx = ctx;
    struct dbv in[] = {V_STR(region_like), V_STR(code), V_STR(code), V_I64(limit), V_I64(offset)};
    enum st rc = db_run(SQL_AGT_LIST, in, 5, it->o, 9, tpl_cb, it, NULL, NULL);
    free(it);
    if (rc == ST_OK) {
        struct dbout c[] = {O_I64(total)};
        rc = db_run(SQL_AGT_COUNT, in, 3, c, 1, NULL, NULL, NULL, NULL);
    }
    return rc;
}

enum st store_agreement_template_insert(const char *code, int next_version, const char *region_code,
                                        const char *title, const char *body, const char *note,
                                        long long created_by, long long *id, long long *version)
{
    long long max = 0;
    struct dbv c[] = {V_STR(code)};
    struct dbout o[] = {O_I64(&max)};
    enum st rc = db_run(SQL_AGT_CODE_LOCK, c, 1, o, 1, NULL, NULL, NULL, NULL);
    if (rc != ST_OK)
        return rc;
    if ((max > 0) != (next_version != 0))
        return ST_CONFLICT; /* a new code that exists, or a next version of a code that does not */
    *version = max + 1;
    struct dbv in[] = {V_STR(code),
                       V_I64(*version),
                       V_STR_OR_NULL(region_code),
                       V_STR(title),
                       V_STR(body),
                       V_STR_OR_NULL(note),
                       created_by ? V_I64(created_by) : V_NULL};
    unsigned long long last = 0;
    rc = db_run(SQL_AGT_INSERT, in, 7, NULL, 0, NULL, NULL, NULL, &last);
    if (rc == ST_OK)
        *id = (long long)last;
    return rc;
}

enum st store_agreement_insert(long long application_id, long long gig_id, long long employer_id,
                               long long worker_id, const char *region_code, long long template_id,
                               const char *text, size_t text_len, const char *sha256, long long *id)
{
    struct dbv in[] = {V_I64(application_id), V_I64(application_id),  V_I64(gig_id),
                       V_I64(employer_id),    V_I64(worker_id),       V_STR(region_code),
                       V_I64(template_id),    V_STRN(text, text_len), V_STR(sha256)};
    unsigned long long last = 0;
    enum st rc = db_run(SQL_AGR_INSERT, in, 9, NULL, 0, NULL, NULL, NULL, &last);
    if (rc == ST_OK)
        *id = (long long)last;
    return rc;
}

static enum st exactly_one(enum sql q, const struct dbv *in, size_t nin)
{
    unsigned long long n = 0;
    enum st rc = db_run(q, in, nin, NULL, 0, NULL, NULL, &n, NULL);
    return rc == ST_OK && n != 1 ? ST_CONFLICT : rc;
}

enum st store_agreement_redraft(long long id, long long template_id, const char *text, size_t text_len,
                                const char *sha256, int bump)
{
    struct dbv in[] = {V_I64(template_id), V_STRN(text, text_len), V_STR(sha256), V_I64(bump), V_I64(id)};
    return exactly_one(SQL_AGR_REDRAFT, in, 5);
}

enum st store_agreement_set_status(long long id, const char *from, const char *to)
{
    struct dbv in[] = {V_STR(to), V_STR(to), V_I64(id), V_STR(from)};
    return exactly_one(SQL_AGR_SET_STATUS, in, 4);
}

enum st store_agreement_event_add(long long agreement_id, const struct agreement_event_row *e)
{
    struct dbv in[] = {V_I64(agreement_id),   V_STR(e->role),   V_I64(e->account_id),
                       V_I64(e->signed_at),   V_STR(e->ip),     V_STR(e->user_agent),
                       V_STR(e->text_sha256), V_STR(e->intent), V_STR(e->request_id)};
    return db_run(SQL_AGR_EVENT_ADD, in, 9, NULL, 0, NULL, NULL, NULL, NULL);
}

struct ev_iter {
    struct agreement_event_row row, *out;
    int n;
};

static int ev_cb(void *p)
{
    struct ev_iter *it = p;
    if (it->n >= 2)
        return -1; /* UNIQUE (agreement_id, role) allows two */
    it->out[it->n++] = it->row;
    return 0;
}

enum st store_agreement_events(long long agreement_id, struct agreement_event_row ev[2], int *n)
{
    struct ev_iter *it = calloc(1, sizeof *it);
    if (!it)
        return ST_ERR;
    it->out = ev;
    struct agreement_event_row *e = &it->row;
    struct dbv in[] = {V_I64(agreement_id)};
    struct dbout o[] = {O_STR(e->role, sizeof e->role),
                        O_I64(&e->account_id),
                        O_I64(&e->signed_at),
                        O_STR(e->ip, sizeof e->ip),
                        O_STR(e->user_agent, sizeof e->user_agent),
                        O_STR(e->text_sha256, sizeof e->text_sha256),
                        O_STR(e->intent, sizeof e->intent),
                        O_STR(e->request_id, sizeof e->request_id)};
    enum st rc = db_run(SQL_AGR_EVENTS, in, 1, o, 8, ev_cb, it, NULL, NULL);
    *n = it->n;
    free(it);
    return rc;
}

enum st store_agreement_log_head(long long *seq, unsigned char last[32])
{
    struct dbout o[] = {O_I64(seq), O_BLOB(last, 32)};
    return db_run(SQL_AGR_LOG_HEAD_LOCK, NULL, 0, o, 2, NULL, NULL, NULL, NULL);
}

enum st store_agreement_log_head_peek(long long *seq, unsigned char last[32])
{
    struct dbout o[] = {O_I64(seq), O_BLOB(last, 32)};
    return db_run(SQL_AGR_LOG_HEAD_PEEK, NULL, 0, o, 2, NULL, NULL, NULL, NULL);
}

enum st store_agreement_log_append(const struct agreement_log_row *e)
{
    struct dbv in[] = {V_I64(e->seq),
                       V_I64(e->agreement_id),
                       V_STR(e->text_sha256),
                       V_STR(e->payload_sha256),
                       V_BLOB(e->signature, 64),
                       V_STR(e->key_id),
                       V_I64(e->sealed_at),
                       V_BLOB(e->prev_hash, 32),
                       V_BLOB(e->entry_hash, 32)};
    enum st rc = db_run(SQL_AGR_LOG_INSERT, in, 9, NULL, 0, NULL, NULL, NULL, NULL);
    if (rc == ST_OK) {
        struct dbv head[] = {V_I64(e->seq), V_BLOB(e->entry_hash, 32), V_I64(e->seq - 1)};
        rc = exactly_one(SQL_AGR_LOG_HEAD_SET, head, 3);
    }
    if (rc == ST_OK) {
        struct dbv seal[] = {V_BLOB(e->signature, 64), V_STR(e->key_id), V_I64(e->sealed_at),
                             V_I64(e->agreement_id)};
        rc = exactly_one(SQL_AGR_SET_SEAL, seal, 4);
    }
    return rc;
}

struct log_iter {
    struct agreement_log_row row, *out;
    int n, cap;
    struct dbout o[9];
};

static struct log_iter *log_iter_new(void)
{
    struct log_iter *it = calloc(1, sizeof *it);
    if (!it)
        return NULL;
    struct agreement_log_row *l = &it->row;
    struct dbout o[9] = {O_I64(&l->seq),
                         O_I64(&l->agreement_id),
                         O_I64(&l->sealed_at),
                         O_STR(l->text_sha256, sizeof l->text_sha256),
                         O_STR(l->payload_sha256, sizeof l->payload_sha256),
                         O_BLOB(l->signature, sizeof l->signature),
                         O_STR(l->key_id, sizeof l->key_id),
                         O_BLOB(l->prev_hash, sizeof l->prev_hash),
                         O_BLOB(l->entry_hash, sizeof l->entry_hash)};
    memcpy(it->o, o, sizeof o);
    return it;
}

static int log_cb(void *p)
{
    struct log_iter *it = p;
    if (it->n >= it->cap)
        return -1;
    it->out[it->n++] = it->row;
    return 0;
}

static enum st log_run(enum sql q, const struct dbv *in, size_t nin, struct agreement_log_row *out, int cap,
                       int *got)
{
    struct log_iter *it = log_iter_new();
    if (!it)
        return ST_ERR;
    it->out = out;
    it->cap = cap;
    enum st rc = db_run(q, in, nin, it->o, 9, log_cb, it, NULL, NULL);
    *got = it->n;
    free(it);
    return rc;
}

enum st store_agreement_log_of(long long agreement_id, struct agreement_log_row *out)
{
    int got = 0;
    struct dbv in[] = {V_I64(agreement_id)};
    enum st rc = log_run(SQL_AGR_LOG_OF, in, 1, out, 1, &got);
    return rc == ST_OK && got == 0 ? ST_NOTFOUND : rc;
}

enum st store_agreement_log_at(long long seq, struct agreement_log_row *out)
{
    int got = 0;
    struct dbv in[] = {V_I64(seq)};
    enum st rc = log_run(SQL_AGR_LOG_AT, in, 1, out, 1, &got);
    return rc == ST_OK && got == 0 ? ST_NOTFOUND : rc;
}

enum st store_agreement_log_page(long long after, struct agreement_log_row *out, int n, int *got)
{
    struct dbv in[] = {V_I64(after), V_I64(n)};
    return log_run(SQL_AGR_LOG_PAGE, in, 2, out, n, got);
}

struct ids_iter {
    long long id, *out;
    int n, cap;
};

static int ids_cb(void *p)
{
    struct ids_iter *it = p;
    if (it->n >= it->cap)
        return -1;
    it->out[it->n++] = it->id;
    return 0;
}

static enum st ids(enum sql q, long long *out, int n, int *got)
{
    struct ids_iter it = {0, out, 0, n};
    struct dbv in[] = {V_I64(n)};
    struct dbout o[] = {O_I64(&it.id)};
    enum st rc = db_run(q, in, 1, o, 1, ids_cb, &it, NULL, NULL);
    *got = it.n;
    return rc;
}

enum st store_agreement_unlogged(long long *out, int n, int *got)
{
    return ids(SQL_AGR_UNLOGGED, out, n, got);
}

enum st store_agreement_demo_candidates(long long *out, int n, int *got)
{
    return ids(SQL_AGR_DEMO_CANDIDATES, out, n, got);
}
