/* The audit chain's canonical row and hash (see auditchain.h). The writer (store/audit.c) and the
 * verifier (store/auditchain.c, `linggongd audit-verify`) both hash through here, so they cannot drift.
 * Knows nothing of tables or connections. */
#include "domain/auditchain.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

#define CANON_MAX 1024

int auditchain_hash(const unsigned char prev[32], const struct auditchain_row *r, unsigned char out[32])
{
    if (!r->actor_kind || !r->role || !r->action || !r->object_type || !r->result || !r->ip || !r->request_id)
        return -1;
    unsigned char buf[32 + CANON_MAX];
    memcpy(buf, prev, 32);
    int n = snprintf((char *)buf + 32, CANON_MAX, "%lld|%s|%lld|%s|%s|%s|%s|%s|%s|%s", r->at, r->actor_kind,
                     r->actor_id, r->role, r->action, r->object_type, r->object_id ? r->object_id : "",
                     r->result, r->ip, r->request_id);
    if (n < 0 || n >= CANON_MAX)
        return -1;
    unsigned int len = 0;
    return EVP_Digest(buf, 32 + (size_t)n, out, &len, EVP_sha256(), NULL) == 1 && len == 32 ? 0 : -1;
}

int auditchain_check(const unsigned char expect_prev[32], const unsigned char prev_hash[32],
                     const unsigned char hash[32], const struct auditchain_row *r)
{
    unsigned char h[32];
    int bad = 0;
    if (memcmp(prev_hash, expect_prev, 32) != 0)
        bad |= AUDITCHAIN_UNLINKED;
    if (auditchain_hash(prev_hash, r, h) != 0 || memcmp(h, hash, 32) != 0)
        bad |= AUDITCHAIN_ALTERED;
    return bad;
}
