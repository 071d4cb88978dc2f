/* Store of invitations (table invitations): an employer invites a discoverable worker to a gig; the worker
 * accepts (the caller creates the accepted application through store/application.h in the same
 * transaction) or declines. Status changes are conditional updates (WHERE status = from), so a concurrent
 * answer is ST_CONFLICT, never a lost update. Writes into caller-owned structs; never sees JSON. */
#ifndef LG_STORE_INVITATION_H
#define LG_STORE_INVITATION_H

#include "store/db.h"

/* One invitation with the gig summary, the employer's name and the worker's real name (which the API
 * masks). Times are unix seconds, 0 = not set. */
struct invitation_row {
    long long id, gig_id, worker_id, employer_id;
    char status[12];          /* pending, accepted, declined, withdrawn */
    long long application_id; /* 0 = none */
    long long created_at, responded_at;
    char gig_title[161];
    char gig_status[16];
    long long gig_starts_at, gig_ends_at, gig_pay_fen;
    char gig_pay_unit[8];
    long long gig_headcount, gig_accepted_count;
    char gig_region_code[13];
    char gig_region_name[65];
    char employer_name[257];
    char worker_real_name[129]; /* "" = none */
};

typedef int (*invitation_row_fn)(void *ctx, const struct invitation_row *row);

/* Inserts a pending invitation; *id gets its id. ST_CONFLICT: this worker is already invited to this gig. */
enum st store_invitation_insert(long long gig_id, long long worker_id, long long employer_id, long long *id);
/* ST_NOTFOUND if none. */
enum st store_invitation_get(long long id, struct invitation_row *out);
/* Inside a transaction: locks the invitation row until commit and reads its parties and status (12). */
enum st store_invitation_lock(long long id, long long *gig_id, long long *worker_id, long long *employer_id,
                              char status[12]);
/* Moves the invitation from one status to another, setting responded_at and application_id (0 = NULL).
 * ST_CONFLICT if it is no longer in from. */
enum st store_invitation_set_status(long long id, const char *from, const char *to, long long application_id);
/* A worker's invitations (status_like "%" or one status), newest first, leaving out employers in a block
 * relation with the worker. *total gets the count. */
enum st store_invitation_by_worker(long long worker_id, const char *status_like, long long limit,
                                   long long offset, invitation_row_fn each, void *ctx, long long *total);
/* A gig's invitations, newest first, leaving out workers in a block relation with the employer. */
enum st store_invitation_by_gig(long long gig_id, const char *status_like, long long limit, long long offset,
                                invitation_row_fn each, void *ctx, long long *total);

#endif
