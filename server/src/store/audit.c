/* Audit log appends. The chain head lives in a one-row table locked FOR UPDATE, which serialises appends
 * (admin actions are rare enough for that) and gives every row an unambiguous predecessor. */
#include "store/audit.h"

#include <stdio.h>
#include <string.h>

#include "ext/crypto.h"

enum st store_audit_append(const struct audit_entry *e)
{
    unsigned char prev[32], hash[32];
    int own = !db_in_tx();
    enum st rc = own ? db_begin() : ST_OK;
    if (rc != ST_OK)
        return rc;
    struct dbout o[] = {O_BLOB(prev, sizeof prev)};
    rc = db_run(SQL_AUDIT_HEAD_LOCK, NULL, 0, o, 1, NULL, NULL, NULL, NULL);
    if (rc != ST_OK)
        goto out;
    char canon[1024];
    int n = snprintf(canon, sizeof canon, "%lld|%s|%lld|%s|%s|%s|%s|%s|%s|%s", e->at, e->actor_kind,
                     e->actor_id, e->role, e->action, e->object_type, e->object_id ? e->object_id : "",
                     e->result, e->ip, e->request_id);
    if (n < 0 || (size_t)n >= sizeof canon) {
        rc = ST_ERR;
        goto out;
    }
    unsigned char buf[32 + sizeof canon];
    memcpy(buf, prev, 32);
    memcpy(buf + 32, canon, (size_t)n);
    crypto_sha256(buf, 32 + (size_t)n, hash);
    struct dbv in[] = {V_I64(e->at),
                       V_STR(e->actor_kind),
                       e->actor_id ? V_I64(e->actor_id) : V_NULL,
                       V_STR(e->role),
                       V_STR(e->action),
                       V_STR(e->object_type),
                       V_STR_OR_NULL(e->object_id),
                       V_STR(e->result),
                       V_STR(e->ip),
                       V_STR(e->request_id),
                       V_BLOB(prev, 32),
                       V_BLOB(hash, 32)};
    rc = db_run(SQL_AUDIT_INSERT, in, 12, NULL, 0, NULL, NULL, NULL, NULL);
    if (rc != ST_OK)
        goto out;
    struct dbv head[] = {V_BLOB(hash, 32)};
    rc = db_run(SQL_AUDIT_HEAD_SET, head, 1, NULL, 0, NULL, NULL, NULL, NULL);
out:
    if (own) {
        if (rc == ST_OK)
            rc = db_commit();
        else
            db_rollback();
    }
    return rc;
}
