/* Store of applications and their transition history (tables applications, application_history), the
 * gig seat counter (gigs.accepted_count) and the blocklist lookups applying needs. Writes into caller-owned
 * structs; rows reach callers one at a time through callbacks. Never sees JSON. Status changes are
 * conditional updates (WHERE status = from): a concurrent change is ST_CONFLICT, never a lost update.
 * Writes that belong together (status + history + seat + notification) are the CALLER's transaction:
 * open it with db_begin, call these, commit. */
#ifndef LG_STORE_APPLICATION_H
#define LG_STORE_APPLICATION_H

#include "store/db.h"
#include "store/history.h"

/* One application with a summary of its gig. Times are unix seconds, 0 = not set. */
struct application_row {
    long long id, gig_id, worker_id, employer_id;
    char status[16]; /* applied, accepted, rejected, withdrawn, cancelled, no_show, completed */
    char source[12]; /* apply, invitation */
    char note[801];  /* "" = none */
    long long late_cancel;
    long long first_viewed_at, decided_at, worker_confirmed_at, employer_confirmed_at, completed_at;
    long long created_at, updated_at;
    /* the gig */
    char gig_title[161];
    char gig_status[16];
    long long gig_starts_at, gig_ends_at;
    long long gig_pay_fen;
    char gig_pay_unit[8];
    char gig_address[513];
    char gig_region_code[13];
};

/* What an employer's applicant list adds about the worker (from workers; zeros and "" when the worker
 * never saved a profile). phone_enc is sealed (AES-256-GCM, AAD "users.phone:<worker_id>"). */
struct applicant_row {
    struct application_row app;
    char real_name[129];
    long long birth_year;
    char gender[8];
    long long credit; /* 100 when no profile */
    long long completeness;
    unsigned char phone_enc[96];
    unsigned long phone_enc_len; /* 0 = no phone bound */
};

typedef int (*application_row_fn)(void *ctx, const struct application_row *row);
typedef int (*applicant_row_fn)(void *ctx, const struct applicant_row *row);

/* The facts about a gig that applying and deciding need. Read without a lock. */
struct application_gig {
    long long employer_id, headcount, accepted_count, starts_at, ends_at;
    char status[16];
    char region_code[13];
};
/* ST_NOTFOUND when the gig does not exist. */
enum st store_application_gig(long long gig_id, struct application_gig *out);

/* Inserts an application in status (normally "applied"; invitations may insert "accepted" after taking a
 * seat) with source "apply" or "invitation" and note (NULL/"" = none). *id gets the new id. ST_CONFLICT:
 * this worker already has an application for this gig (UNIQUE gig_id, worker_id). Does NOT add the history
 * row: call store_application_history_add in the same transaction. */
enum st store_application_insert(long long gig_id, long long worker_id, long long employer_id,
                                 const char *status, const char *source, const char *note, long long *id);

/* The application with its gig summary. ST_NOTFOUND if none. */
enum st store_application_get(long long id, struct application_row *out);
/* Inside a transaction: the same, with the application row locked FOR UPDATE until commit. */
enum st store_application_lock(long long id, struct application_row *out);
/* This worker's application for this gig, if any (ST_NOTFOUND otherwise). */
enum st store_application_find(long long gig_id, long long worker_id, long long *id, char status[16]);

/* Moves the application from one status to another (ST_CONFLICT if it is no longer in from). Sets
 * decided_at when to is accepted or rejected, completed_at when to is completed; late_cancel (0/1) is
 * OR-ed into the flag. */
enum st store_application_set_status(long long id, const char *from, const char *to, int late_cancel);
/* Appends a history row. actor_kind: user, admin, system; actor_id 0 = none; from NULL for creation. */
enum st store_application_history_add(long long application_id, const char *actor_kind, long long actor_id,
                                      const char *from, const char *to, const char *reason);

/* The application's history, oldest first (store/history.h). */
enum st store_application_history(long long application_id, history_row_fn each, void *ctx);

/* Takes one seat of the gig: accepted_count + 1 only while accepted_count < headcount (a conditional
 * update, row-locked by InnoDB until commit, so racing accepts serialise and never exceed headcount).
 * ST_CONFLICT when the gig is full. Call inside the accepting transaction. */
enum st store_application_seat_take(long long gig_id);
/* Gives a seat back (accepted_count - 1, never below 0): cancel or no-show of an accepted application. */
enum st store_application_seat_release(long long gig_id);

/* Confirmation timestamps for result confirmation (issue 4 item 5): sets worker_confirmed_at or
 * employer_confirmed_at (side "worker" / "employer") if still NULL. ST_CONFLICT when already set or the
 * application is not accepted. */
enum st store_application_confirm_side(long long id, const char *side);

/* 1 when either user blocked the other, 0 when not; -1 on a store error. */
int store_application_blocked(long long a, long long b);

/* The gig's applications with the applicant summary, oldest first. status_like: "%" or one status.
 * Applicants in a block relation with the employer are left out. *total gets the count. */
enum st store_application_by_gig(long long gig_id, const char *status_like, long long limit, long long offset,
                                 applicant_row_fn each, void *ctx, long long *total);
/* A worker's own applications, newest first, with gig summaries. */
enum st store_application_by_worker(long long worker_id, const char *status_like, long long limit,
                                    long long offset, application_row_fn each, void *ctx, long long *total);
/* Records the employer's first look at the gig's applicants: first_viewed_at = NOW for those still NULL. */
enum st store_application_mark_viewed(long long gig_id);

#endif
