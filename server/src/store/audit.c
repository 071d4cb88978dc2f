/* Audit log appends. The chain head lives in a one-row table locked FOR UPDATE, which serialises appends
 * (admin actions are rare enough for that) and gives every row an unambiguous predecessor. The row's hash
 * comes from domain/auditchain.c, the same function `linggongd audit-verify` checks it with. */
#include "store/audit.h"

#include <string.h>

#include "domain/auditchain.h"

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
    struct auditchain_row row = {e->at,          e->actor_kind, e->actor_id, e->role, e->action,
                                 e->object_type, e->object_id,  e->result,   e->ip,   e->request_id};
    if (auditchain_hash(prev, &row, hash) != 0) {
        rc = ST_ERR;
        goto out;
    }
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
