/* Verifies the audit log's hash chain (store/audit.c writes it, domain/auditchain.c defines the hash).
 * The walk reads pages of rows and then the head inside one transaction, so rows appended meanwhile by a
 * running server are either wholly in the snapshot or wholly out of it. Never writes. */
#include "store/auditchain.h"

#include <string.h>

#include "domain/auditchain.h"
#include "store/db.h"

#define PAGE 1000

struct walk {
    FILE *out;
    /* the row being fetched; buffers hold the widest value of each column (utf8mb4, 4 bytes a char) */
    long long id, at, actor_id;
    char actor_kind[32], role[65], action[257], object_type[129], object_id[257], result[65], ip[193],
        request_id[129];
    unsigned char prev_hash[32], hash[32];
    /* the chain so far */
    unsigned char expect[32]; /* the stored hash of the previous row; zeros before the first */
    long long last_id, rows, problems;
    int in_page;
};

static int check_row(void *p)
{
    struct walk *w = p;
    struct auditchain_row r = {w->at,          w->actor_kind, w->actor_id, w->role, w->action,
                               w->object_type, w->object_id,  w->result,   w->ip,   w->request_id};
    int bad = auditchain_check(w->expect, w->prev_hash, w->hash, &r);
    if (bad & AUDITCHAIN_UNLINKED) {
        if (w->last_id)
            fprintf(w->out,
                    "broken at row %lld: it does not link to row %lld before it (a row between them was "
                    "deleted, or its link edited)\n",
                    w->id, w->last_id);
        else
            fprintf(w->out,
                    "broken at row %lld: the first row does not link to the start of the log (rows before "
                    "it were deleted, or its link edited)\n",
                    w->id);
        w->problems++;
    }
    if (bad & AUDITCHAIN_ALTERED) {
        fprintf(w->out, "broken at row %lld (%s %s %s): the row was altered after it was written\n", w->id,
                w->action, w->object_type, w->object_id);
        w->problems++;
    }
    /* the next row must link to what this row says it is, so one edited row is reported once */
    memcpy(w->expect, w->hash, 32);
    w->last_id = w->id;
    w->rows++;
    w->in_page++;
    return 0;
}

int store_auditchain_verify(FILE *out)
{
    static struct walk w; /* ~1.5 KB of column buffers; one walk per process */
    memset(&w, 0, sizeof w);
    w.out = out;
    struct dbout o[13] = {O_I64(&w.id),
                          O_I64(&w.at),
                          O_STR(w.actor_kind, sizeof w.actor_kind),
                          O_I64(&w.actor_id),
                          O_STR(w.role, sizeof w.role),
                          O_STR(w.action, sizeof w.action),
                          O_STR(w.object_type, sizeof w.object_type),
                          O_STR(w.object_id, sizeof w.object_id),
                          O_STR(w.result, sizeof w.result),
                          O_STR(w.ip, sizeof w.ip),
                          O_STR(w.request_id, sizeof w.request_id),
                          O_BLOB(w.prev_hash, sizeof w.prev_hash),
                          O_BLOB(w.hash, sizeof w.hash)};
    if (db_begin() != ST_OK)
        return -1;
    int rc = -1;
    do {
        w.in_page = 0;
        struct dbv in[] = {V_I64(w.last_id), V_I64(PAGE)};
        if (db_run(SQL_AUDIT_PAGE, in, 2, o, 13, check_row, &w, NULL, NULL) != ST_OK)
            goto out;
    } while (w.in_page == PAGE);
    unsigned char head[32];
    struct dbout h[] = {O_BLOB(head, sizeof head)};
    if (db_run(SQL_AUDIT_HEAD_GET, NULL, 0, h, 1, NULL, NULL, NULL, NULL) != ST_OK)
        goto out;
    if (memcmp(head, w.expect, 32) != 0) {
        if (w.last_id)
            fprintf(out,
                    "broken at the head: the chain head is not the hash of the last row %lld (rows after it "
                    "were deleted, or the head edited)\n",
                    w.last_id);
        else
            fprintf(out, "broken at the head: the log is empty but the chain head is not its start (rows "
                         "were deleted, or the head edited)\n");
        w.problems++;
    }
    fprintf(out, "audit log: %lld rows checked, %lld problems\n", w.rows, w.problems);
    rc = w.problems ? 1 : 0;
out:
    db_rollback();
    return rc;
}
