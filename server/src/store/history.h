/* The transition history every state machine of SPEC §2 keeps (gig_history, application_history,
 * settlement_history, complaint_history, ...): one row per transition (who, when, from, to, reason), never
 * updated. The tables share their shape, so one append and one read serve them all; each store names its
 * own pair of statements (an INSERT of (object id, actor_kind, actor_id, from, to, reason) and a SELECT of
 * (actor_kind, actor_id, from, to, reason, at) by object id, oldest first). */
#ifndef LG_STORE_HISTORY_H
#define LG_STORE_HISTORY_H

#include "store/db.h"

struct history_row {
    char actor_kind[8]; /* user, admin, system */
    long long actor_id; /* 0 = none */
    char from[17];      /* "" for the creation row */
    char to[17];
    char reason[2001]; /* "" = none; up to 500 characters */
    long long at;      /* unix seconds */
};
typedef int (*history_row_fn)(void *ctx, const struct history_row *row);

/* Appends a row through statement add. actor_id 0 = none; from NULL for creation; reason NULL = none.
 * Joins the caller's transaction. */
enum st store_history_add(enum sql add, long long object_id, const char *actor_kind, long long actor_id,
                          const char *from, const char *to, const char *reason);
/* Calls each for every row statement list reads for object_id, oldest first. */
enum st store_history_list(enum sql list, long long object_id, history_row_fn each, void *ctx);

#endif
