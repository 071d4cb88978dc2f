/* Store of settlements (tables settlements, settlement_items, settlement_history). Writes into
 * caller-owned structs; rows reach callers one at a time through callbacks. Never sees JSON. Status changes
 * are conditional updates (WHERE status = from): a concurrent change is ST_CONFLICT, never a lost update.
 * Writes that belong together (settlement + items + history + notification) are the CALLER's transaction:
 * open it with db_begin, call these, commit. */
#ifndef LG_STORE_SETTLEMENT_H
#define LG_STORE_SETTLEMENT_H

#include "store/db.h"
#include "store/history.h"

/* One settlement with the names a reader needs. Times are unix seconds, 0 = not set; strings "" = none. */
struct settlement_row {
    long long id, application_id, gig_id, worker_id, employer_id;
    char region_code[13];
    char status[16];  /* recorded, paid, confirmed, disputed, resolved */
    char pay_unit[8]; /* hour, day, piece, gig */
    long long rate_fen, quantity_milli, minutes_worked, days_attended;
    long long base_fen, items_fen, computed_fen, amount_fen, adjusted;
    char adjust_reason[801];
    char pay_method[8]; /* cash, wechat, alipay, bank, other */
    char pay_reference[257];
    char dispute_reason[2001];
    long long complaint_id;
    long long paid_at, confirmed_at, disputed_at, resolved_at, created_at, updated_at;
    char gig_title[161];
    char worker_name[129];
    char employer_name[257];
    char region_name[257];
};

/* What a new settlement records (the computation of domain/settlement.c and its inputs). */
struct settlement_new {
    long long application_id, gig_id, worker_id, employer_id;
    const char *region_code, *pay_unit;
    long long rate_fen, quantity_milli, minutes_worked, days_attended;
    long long base_fen, items_fen, computed_fen, amount_fen;
    int adjusted;
    const char *adjust_reason; /* NULL = none */
};

/* Inserts a settlement in status recorded; *id gets its id. ST_CONFLICT: the application already has one
 * (UNIQUE application_id). Does NOT add items or history: call those in the same transaction. */
enum st store_settlement_insert(const struct settlement_new *s, long long *id);

/* Appends item line position (0 = the base line) of settlement_id. kind: base, extra, deduction;
 * quantity_milli and unit_fen are the base line's (pass -1 for other lines: stored as NULL). */
enum st store_settlement_item_add(long long settlement_id, int position, const char *kind, const char *label,
                                  long long quantity_milli, long long unit_fen, long long amount_fen);

struct settlement_item_row {
    int position;
    char kind[12];
    char label[129];
    long long quantity_milli, unit_fen; /* -1 when not set */
    long long amount_fen;
};
/* The item lines of a settlement in position order. */
enum st store_settlement_items(long long settlement_id,
                               int (*each)(void *ctx, const struct settlement_item_row *row), void *ctx);

/* Appends a history row (store/history.h). actor_kind: user, admin, system; actor_id 0 = none; from NULL
 * for creation. */
enum st store_settlement_history_add(long long settlement_id, const char *actor_kind, long long actor_id,
                                     const char *from, const char *to, const char *reason);
/* The settlement's history, oldest first. */
enum st store_settlement_history(long long settlement_id, history_row_fn each, void *ctx);

/* The settlement with its names. ST_NOTFOUND if none. */
enum st store_settlement_get(long long id, struct settlement_row *out);
/* The id of the application's settlement (ST_NOTFOUND if none). */
enum st store_settlement_of_application(long long application_id, long long *id);

/* The facts a transition needs, with the settlement row locked FOR UPDATE until commit (inside a
 * transaction). ST_NOTFOUND if none. */
struct settlement_lock {
    long long application_id, gig_id, worker_id, employer_id, amount_fen;
    char status[16];
    char region_code[13];
};
enum st store_settlement_lock(long long id, struct settlement_lock *out);

/* Moves the settlement from one status to another (ST_CONFLICT if it is no longer in from), stamping
 * paid_at / confirmed_at / disputed_at / resolved_at for to. pay_method, pay_reference and dispute_reason
 * are stored when not NULL. */
enum st store_settlement_set_status(long long id, const char *from, const char *to, const char *pay_method,
                                    const char *pay_reference, const char *dispute_reason);
/* Records the complaint a dispute opened. */
enum st store_settlement_set_complaint(long long id, long long complaint_id);

typedef int (*settlement_row_fn)(void *ctx, const struct settlement_row *row);

/* The caller's settlements, newest first: as worker when worker_id != 0, as employer when employer_id != 0
 * (both: either side). status_like: "%" or one status. *total gets the count. */
enum st store_settlement_mine(long long worker_id, long long employer_id, const char *status_like,
                              long long limit, long long offset, settlement_row_fn each, void *ctx,
                              long long *total);

/* Settlements of gigs inside a region (region_like: a code prefix followed by %, or "%"), newest first,
 * recorded in [from, to) (unix seconds). total may be NULL (no count is run). */
enum st store_settlement_admin(const char *region_like, const char *status_like, long long from, long long to,
                               long long limit, long long offset, settlement_row_fn each, void *ctx,
                               long long *total);

/* A worker's settlements paid in [from, to), oldest payment first (at most 2000). */
enum st store_settlement_paid_between(long long worker_id, long long from, long long to,
                                      settlement_row_fn each, void *ctx);
/* Count and sum of the worker's settlements still waiting for payment (recorded). */
enum st store_settlement_unpaid(long long worker_id, long long *count, long long *sum_fen);

/* seed-demo: ids of completed applications of demo workers (openid o_test_demo_w*) without a settlement,
 * lowest first; *n gets the count (at most max). */
enum st store_settlement_demo_candidates(long long *ids, int max, int *n);

#endif
