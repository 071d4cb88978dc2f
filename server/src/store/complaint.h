/* Store of complaints 诉求 (tables complaints, complaint_history, complaint_images) and the few facts
 * about users and applications that filing one needs. Writes into caller-owned structs; rows reach
 * callers one at a time through callbacks. Never sees JSON. Status changes are conditional updates
 * (WHERE status = from): a concurrent change is ST_CONFLICT, never a lost update. Writes that belong
 * together (status + history + notification + audit) are the CALLER's transaction. */
#ifndef LG_STORE_COMPLAINT_H
#define LG_STORE_COMPLAINT_H

#include "store/db.h"
#include "store/history.h"

/* One complaint. Ids are 0 when not named; times unix seconds, 0 = not set. ~6.5 KB: keep it off
 * civetweb's small stacks (malloc it). */
struct complaint_row {
    long long id, complainant_id, respondent_id;
    char category[16];
    long long gig_id, application_id, settlement_id;
    char text[4001];
    char source[8]; /* user, system */
    char region_code[13];
    char status[16];
    long long sla_due_at, escalated_at;
    char escalated_region[13]; /* "" = not escalated */
    long long handler_admin_id;
    long long upheld; /* -1 not decided, 0 not upheld, 1 upheld */
    char resolution[2001];
    long long resolved_at, created_at, updated_at;
    char gig_title[161]; /* "" when no gig (and always "" from store_complaint_lock) */
};
typedef int (*complaint_row_fn)(void *ctx, const struct complaint_row *row);

struct complaint_new {
    long long complainant_id, respondent_id;
    const char *category;
    long long gig_id, application_id, settlement_id; /* 0 = none */
    const char *text;
    const char *source; /* user, system */
    const char *region_code;
    long long sla_due_at;
};

/* Inserts a complaint in status submitted; *id gets the new id. Does NOT add the history row. */
enum st store_complaint_insert(const struct complaint_new *n, long long *id);
/* Attaches upload_id at position (0-based) to the complaint. */
enum st store_complaint_image_add(long long complaint_id, long long upload_id, int position);
/* The complaint's images in order: each(ctx, upload_id, content_type, size_bytes). */
enum st store_complaint_images(long long complaint_id,
                               int (*each)(void *ctx, long long upload_id, const char *content_type,
                                           long long size_bytes),
                               void *ctx);

/* The complaint; ST_NOTFOUND if none. */
enum st store_complaint_get(long long id, struct complaint_row *out);
/* Inside a transaction: the same with the complaint row locked FOR UPDATE (gig_title left ""). */
enum st store_complaint_lock(long long id, struct complaint_row *out);
/* The complainant's complaints, newest first, and their number. */
enum st store_complaint_by_complainant(long long user_id, long long limit, long long offset,
                                       complaint_row_fn each, void *ctx, long long *total);
/* Complaints whose region_code is LIKE region_like and status LIKE status_like ("%" = any); escalated -1
 * any, 0 never escalated, 1 escalated (escalated_at set). Newest first, and their number. */
enum st store_complaint_admin_list(const char *region_like, const char *status_like, int escalated,
                                   long long limit, long long offset, complaint_row_fn each, void *ctx,
                                   long long *total);

/* Moves status from -> to; handler_admin_id 0 keeps the current handler. ST_CONFLICT if no longer in from. */
enum st store_complaint_set_status(long long id, const char *from, const char *to,
                                   long long handler_admin_id);
/* Closes a handling complaint as to (resolved, rejected) with upheld (-1 = NULL, 0, 1) and the resolution
 * text; ST_CONFLICT if it is no longer handling. */
enum st store_complaint_close(long long id, const char *to, int upheld, const char *resolution,
                              long long admin_id);
/* Appends a history row. actor_kind: user, admin, system; actor_id 0 = none; from NULL for creation. */
enum st store_complaint_history_add(long long complaint_id, const char *actor_kind, long long actor_id,
                                    const char *from, const char *to, const char *reason);

/* The complaint's history, oldest first (store/history.h). */
enum st store_complaint_history(long long complaint_id, history_row_fn each, void *ctx);

#define COMPLAINT_DUE_BATCH 100
/* Up to COMPLAINT_DUE_BATCH ids of open, never-escalated complaints whose SLA deadline is before cutoff
 * (unix seconds), oldest first, into ids; *n gets how many. A plain read: claim each before acting. */
enum st store_complaint_escalate_due(long long cutoff, long long ids[COMPLAINT_DUE_BATCH], int *n);
/* Inside a transaction: locks complaint id if it is still open, never escalated and overdue at cutoff,
 * skipping it when another transaction holds it (ST_NOTFOUND then, and when it no longer qualifies). */
enum st store_complaint_escalate_claim(long long id, long long cutoff, long long *complainant_id,
                                       char status[16], char region[13]);
/* Escalates complaint id from status `from` to the parent region: status escalated, escalated_at now.
 * Only if escalated_at is still NULL: ST_CONFLICT when it was escalated meanwhile (never twice). */
enum st store_complaint_escalate(long long id, const char *from, const char *to_region);

/* Filing (api/complaint.c), inside the filing transaction. store_complaint_lock_filer locks the user's row
 * so that one user's filings run one at a time; the two reads after it are locking reads, so they see
 * what a filing that held the lock before committed (the limit and the duplicate check are exact). */
enum st store_complaint_lock_filer(long long user_id);
/* How many complaints the user filed themselves (source user) in the last `seconds`, and in how many
 * seconds the oldest of them leaves that window (0 when there is none). */
enum st store_complaint_filed_since(long long user_id, long long seconds, long long *count,
                                    long long *frees_in_s);
/* The oldest complaint still open (submitted, accepted, handling, escalated) that complainant filed
 * against respondent in category about gig_id, or naming no gig (gig_id 0: none, which matches any):
 * its id and status. ST_NOTFOUND when there is none. */
enum st store_complaint_open_same(long long complainant, long long respondent, const char *category,
                                  long long gig_id, long long *id, char status[16]);

/* The parent of region code into parent ("" for a root); ST_NOTFOUND for an unknown code. */
enum st store_complaint_region_parent(const char *code, char parent[13]);
/* 1 when users a and b ever met as worker and employer (an application or an invitation either way),
 * 0 when not, -1 on a store error. */
int store_complaint_related(long long a, long long b);
/* Whether the user exists, and the region of their employer and worker profiles ("" when none). */
enum st store_complaint_user_regions(long long user_id, int *exists, char employer_region[13],
                                     char worker_region[13]);
/* The parties and gig of an application; ST_NOTFOUND if none. */
enum st store_complaint_app_parties(long long application_id, long long *worker_id, long long *employer_id,
                                    long long *gig_id);

#endif
