/* The append-only, hash-chained audit log (等保): who did what to which object, when, from where, with
 * what result. Each row's hash covers the previous row's hash, so a deleted or edited row breaks the chain.
 */
#ifndef LG_STORE_AUDIT_H
#define LG_STORE_AUDIT_H

#include "store/db.h"

struct audit_entry {
    long long at;
    const char *actor_kind; /* user, admin, system */
    long long actor_id;     /* 0 = none */
    const char *role;
    const char *action;
    const char *object_type;
    const char *object_id; /* may be NULL */
    const char *result;    /* ok, denied, failed */
    const char *ip;
    const char *request_id;
};

/* Appends e. Joins the caller's transaction if one is open (so the audit row commits or rolls back with
 * the action), otherwise runs its own. */
enum st store_audit_append(const struct audit_entry *e);

#endif
