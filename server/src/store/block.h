/* Store of the blocklist (blocks, table of schema 007): a user's own blocks, added, removed and listed.
 * Whether two users are in a block relation is store_application_blocked (store/application.h), which the
 * application, gig and rating handlers share. Never sees JSON. */
#ifndef LG_STORE_BLOCK_H
#define LG_STORE_BLOCK_H

#include "store/db.h"

/* blocker blocks blocked. *created: 1 when the block is new, 0 when it existed. */
enum st store_block_add(long long blocker_id, long long blocked_id, int *created);
/* ST_NOTFOUND when blocker had not blocked blocked. */
enum st store_block_remove(long long blocker_id, long long blocked_id);

struct block_row {
    long long user_id;
    char employer_name[257]; /* "" = no employer profile */
    char worker_name[129];   /* the worker's real name, "" = none (masked by the caller) */
    long long created_at;
};
/* The block of blocked by blocker (ST_NOTFOUND if none). */
enum st store_block_get(long long blocker_id, long long blocked_id, struct block_row *out);
/* blocker's blocks, newest first; *total gets the count. */
enum st store_block_list(long long blocker_id, long long limit, long long offset,
                         int (*each)(void *ctx, const struct block_row *row), void *ctx, long long *total);

#endif
