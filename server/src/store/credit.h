/* Store of the 诚信分 ledger (credit_ledger, append-only: there is no statement that updates or deletes a
 * row), the current score and restriction state it maintains (credit_scores), and the score copies in
 * workers.credit / employers.credit. Writes join the caller's transaction; api/credit.c is the only
 * caller of the writes, always in the order lock → entry → score (→ restriction) → copies. */
#ifndef LG_STORE_CREDIT_H
#define LG_STORE_CREDIT_H

#include "store/db.h"

/* Inside a transaction: makes sure user_id has a score row (100, unrestricted) and locks it until commit.
 * ST_NOTFOUND when the user does not exist. */
enum st store_credit_lock(long long user_id, long long *score, long long *restricted);

/* A ledger entry to append. role is derived from the object (the side of the application, or of the
 * rating, named by object_type "application" / "rating"); NULL otherwise. */
struct credit_entry_in {
    long long user_id;
    const char *reason; /* domain/credit.h wire name */
    int delta, score_before, score_after;
    const char *object_type; /* NULL = none */
    long long object_id;     /* 0 = none */
    const char *actor_kind;  /* user, admin, system */
    long long actor_id;      /* 0 = none */
    const char *note;        /* NULL = none */
};
/* Appends e; *id gets the entry's id. ST_CONFLICT: this user already has an entry of this reason for this
 * object (the event was entered before). */
enum st store_credit_entry_add(const struct credit_entry_in *e, long long *id);
/* The entry of reason for object (ST_NOTFOUND if none): its id and delta. */
enum st store_credit_entry_find(long long user_id, const char *reason, const char *object_type,
                                long long object_id, long long *id, long long *delta);

/* Sets the current score to the newest entry's result (only ever right after store_credit_entry_add) and
 * copies it into the user's worker and employer rows, where they exist. */
enum st store_credit_set(long long user_id, int score, long long entry_id);
/* Restricts the user because of entry_id (ST_CONFLICT when already restricted). */
enum st store_credit_restrict(long long user_id, long long entry_id);
/* Lifts the restriction: by admin admin_id with note, or with admin_id 0 and note NULL when the score
 * recovered. ST_CONFLICT when not restricted. */
enum st store_credit_lift(long long user_id, long long admin_id, const char *note);

/* The user's credit as it stands. No row yet: 100, unrestricted (ST_OK). Times unix seconds, 0 = unset. */
struct credit_state {
    long long score, restricted, restricted_at;
    char restricted_reason[24]; /* reason of the entry that caused the restriction, "" = none */
    char restricted_note[801];
    long long lifted_at, lifted_by;
    char lift_note[801];
};
enum st store_credit_state(long long user_id, struct credit_state *out);

struct credit_entry_row {
    long long id;
    char role[12]; /* "" = not told */
    char reason[24];
    long long delta, score_before, score_after;
    char object_type[17];
    long long object_id;
    char actor_kind[8];
    long long actor_id;
    char note[801];
    long long created_at;
};
/* The user's ledger, newest first; *total gets the number of entries. */
enum st store_credit_history(long long user_id, long long limit, long long offset,
                             int (*each)(void *ctx, const struct credit_entry_row *row), void *ctx,
                             long long *total);

/* Where a user belongs, for admin scope: their worker and employer profile regions ("" when none).
 * ST_NOTFOUND when the user does not exist. */
enum st store_credit_user_regions(long long user_id, char worker_region[13], char employer_region[13]);

#endif
