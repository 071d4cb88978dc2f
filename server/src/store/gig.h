/* Store of gigs and their transition history (tables gigs, gig_history). Writes into caller-owned
 * structs; rows reach callers one at a time through callbacks. Never sees JSON. */
#ifndef LG_STORE_GIG_H
#define LG_STORE_GIG_H

#include "store/db.h"
#include "store/history.h"
#include "store/sql.h"

/* The employer as its gigs show it. */
struct gig_employer {
    long long id;
    char name[257], kind[8], verification[12];
    long long credit;
};

/* What a gig shows wherever it is listed: the gig rows below and the search feed (store/gigfeed.h) both
 * carry one, their columns bound straight into it, and svc/view.c builds the gig's JSON from it. It holds
 * no description (8 KB): feed batches keep many cards. Times are unix seconds, published_at 0 = never. */
struct gig_card {
    long long id;
    char title[161];
    long long job_type_id;
    char job_type_name[129];
    long long pay_fen;
    char pay_unit[8];
    long long headcount, accepted_count, starts_at, ends_at;
    char address[513];
    double lat, lng;
    char region_code[13];
    char region_name[257];
    char status[16];
    struct gig_employer employer;
    long long created_at, published_at;
};

/* A gig as store_gig_get and the lists read it: its card and what only a detail or its owner shows. */
struct gig_row {
    struct gig_card card;
    char description[8001]; /* store_gig_get only ("" in lists) */
    char review_reason[801];
    long long distance_m;
};

struct gig_input {
    long long employer_id;
    const char *title, *description;
    long long job_type_id, job_top_id, pay_fen;
    const char *pay_unit;
    long long headcount, starts_at, ends_at;
    const char *address;
    double lat, lng;
    const char *region_code, *province, *city, *county;
    const char *status;
};

typedef int (*gig_row_fn)(void *ctx, const struct gig_row *row);

enum st store_gig_insert(const struct gig_input *in, long long *id);
/* Replaces the editable fields and sets in->status, if the gig is still in from_status (ST_CONFLICT
 * otherwise: someone changed it meanwhile). */
enum st store_gig_update(long long id, const char *from_status, const struct gig_input *in);
enum st store_gig_get(long long id, struct gig_row *out);
/* Locks the gig row for the rest of the transaction and reads its owner, status and region. */
enum st store_gig_lock(long long id, long long *employer_id, char status[16], char region[13]);
/* Moves the gig from one status to another (ST_CONFLICT if it is no longer in from). */
enum st store_gig_set_status(long long id, const char *from, const char *to, const char *reason);
enum st store_gig_history_add(long long gig_id, const char *actor_kind, long long actor_id, const char *from,
                              const char *to, const char *reason);
/* The gig's transitions, oldest first (store/history.h). */
enum st store_gig_history(long long gig_id, history_row_fn each, void *ctx);

/* Employer facts a gig needs: verification state, region and credit. ST_NOTFOUND: no employer profile. */
enum st store_gig_employer_state(long long user_id, char verification[12], char region[13],
                                 long long *credit);
/* The top-level 工种 of a job type (itself when it is top-level). ST_NOTFOUND for an unknown id. */
enum st store_gig_job_top(long long job_type_id, long long *top);

/* An employer's own gigs in every state (status_like "%" for all). */
enum st store_gig_by_employer(long long employer_id, const char *status_like, long long limit,
                              long long offset, gig_row_fn each, void *ctx, long long *total);
/* Gigs in one status inside a region prefix (admin queues), oldest change first. */
enum st store_gig_admin_list(const char *status, const char *region_like, long long limit, long long offset,
                             gig_row_fn each, void *ctx, long long *total);
/* Expires published gigs whose end time has passed, with a history row each, in one transaction. Rows
 * another node is expiring are skipped (SKIP LOCKED), so several nodes may run this at once. *n gets the
 * number expired. */
enum st store_gig_expire_due(long long *n);

#endif
