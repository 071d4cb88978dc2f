/* The audit log's hash chain as bytes: the canonical form of one audit row, the hash that links it to the
 * row before it, and the check of a stored row against its predecessor. Pure: no I/O, no clock. Changing
 * the canonical form breaks every stored chain: the unit test pins it. */
#ifndef LG_DOMAIN_AUDITCHAIN_H
#define LG_DOMAIN_AUDITCHAIN_H

/* One audit row's chained fields. NULL object_id hashes as "" (the store keeps both as NULL); actor_id 0
 * means none (stored NULL). at is unix seconds. */
struct auditchain_row {
    long long at;
    const char *actor_kind;
    long long actor_id;
    const char *role;
    const char *action;
    const char *object_type;
    const char *object_id;
    const char *result;
    const char *ip;
    const char *request_id;
};

/* out = SHA-256(prev || "at|actor_kind|actor_id|role|action|object_type|object_id|result|ip|request_id").
 * Returns 0, or -1 if a field is NULL (except object_id) or the canonical row exceeds 1023 bytes. */
int auditchain_hash(const unsigned char prev[32], const struct auditchain_row *r, unsigned char out[32]);

/* What is wrong with a stored row, as bits: ALTERED when its stored hash is not the hash of its stored
 * prev_hash and fields (the row was edited); UNLINKED when its stored prev_hash is not expect_prev, the
 * stored hash of the row before it (or all zeros for the first row): a row before it was deleted or its
 * link edited. 0 = the row is intact and in place. A row that cannot be hashed at all counts as ALTERED
 * (the writer never stores one). */
enum { AUDITCHAIN_ALTERED = 1, AUDITCHAIN_UNLINKED = 2 };
int auditchain_check(const unsigned char expect_prev[32], const unsigned char prev_hash[32],
                     const unsigned char hash[32], const struct auditchain_row *r);

#endif
