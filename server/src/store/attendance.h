/* Store of attendance (tables attendance, attendance_corrections), the per-gig site-code secret
 * (gigs.site_secret) and the pick of applications due for auto-confirmation. Times cross as unix seconds,
 * 0 = not set. Writes into caller-owned structs; never sees JSON. The status changes of applications
 * themselves belong to store/application.c. */
#ifndef LG_STORE_ATTENDANCE_H
#define LG_STORE_ATTENDANCE_H

#include "store/db.h"

#define ATTENDANCE_SECRET_LEN 32

/* What a check-in needs about an application and its gig. */
struct attendance_ctx {
    long long worker_id, employer_id, gig_id, starts_at, ends_at;
    char status[16];
    double lat, lng;
    unsigned char secret[ATTENDANCE_SECRET_LEN];
    unsigned long secret_len; /* 0: the employer never opened the site code */
};
/* ST_NOTFOUND when the application does not exist. */
enum st store_attendance_context(long long application_id, struct attendance_ctx *out);

/* The gig's owner and status, and its site secret (*len 0 when none yet). ST_NOTFOUND if no gig. */
enum st store_attendance_site_secret(long long gig_id, long long *employer_id, char status[16],
                                     unsigned char secret[ATTENDANCE_SECRET_LEN], unsigned long *len);
/* Stores secret as the gig's site secret unless it already has one (the first writer wins; read it back
 * with store_attendance_site_secret). */
enum st store_attendance_site_secret_init(long long gig_id,
                                          const unsigned char secret[ATTENDANCE_SECRET_LEN]);

struct attendance_row {
    long long id;
    char work_date[11];
    long long check_in_at, check_out_at;
    char check_in_method[12], check_out_method[12]; /* location, code, correction or "" */
};

/* Inserts the check-in of one work day. method: location (lat/lng recorded) or code (has_pos 0).
 * ST_CONFLICT when that day already has a record. */
enum st store_attendance_check_in(long long application_id, const char *work_date, long long at,
                                  const char *method, int has_pos, double lat, double lng);
/* The application's latest record that has a check-in. ST_NOTFOUND if none. */
enum st store_attendance_last(long long application_id, struct attendance_row *out);
/* Sets the check-out of record id if it has none (ST_CONFLICT otherwise). */
enum st store_attendance_check_out(long long id, long long at, const char *method, int has_pos, double lat,
                                   double lng);
/* Every record of the application, by work date. */
enum st store_attendance_list(long long application_id,
                              int (*each)(void *ctx, const struct attendance_row *row), void *ctx);
/* 1 in *yes when the record of work_date has a check-out. */
enum st store_attendance_day_checked_out(long long application_id, const char *work_date, int *yes);

/* Inside a transaction: the record of work_date locked FOR UPDATE (ST_NOTFOUND if none). */
enum st store_attendance_lock_day(long long application_id, const char *work_date,
                                  struct attendance_row *out);
/* Inserts a record made by a correction (check_in_at required, check_out_at 0 = none); *id gets its id. */
enum st store_attendance_insert_corrected(long long application_id, const char *work_date,
                                          long long check_in_at, long long check_out_at, long long *id);
/* Replaces check-in and/or check-out (0 = keep) of record id, marking the changed ones as corrections. */
enum st store_attendance_set_times(long long id, long long check_in_at, long long check_out_at);
/* Appends the correction history row (old and new values, who, why; 0 = none). */
enum st store_attendance_correction_add(long long attendance_id, long long actor_id, long long old_in,
                                        long long old_out, long long new_in, long long new_out,
                                        const char *reason);

struct attendance_correction_row {
    long long attendance_id, actor_id;
    long long old_in, old_out, new_in, new_out;
    char reason[801];
    long long at;
};
/* Every correction of the application's records, oldest first. */
enum st store_attendance_corrections(long long application_id,
                                     int (*each)(void *ctx, const struct attendance_correction_row *row),
                                     void *ctx);

/* One application due for auto-confirmation. */
struct attendance_due {
    long long id, worker_id, employer_id;
    int worker_missing, employer_missing; /* that side has not confirmed */
};
#define ATTENDANCE_DUE_BATCH 100
/* Ids of up to ATTENDANCE_DUE_BATCH accepted applications whose gig ended at or before cutoff, lowest
 * first, read without locks (claim each before acting on it). *n gets the count. */
enum st store_attendance_confirm_due(long long cutoff, long long ids[ATTENDANCE_DUE_BATCH], int *n);
/* Inside a transaction: locks application id FOR UPDATE SKIP LOCKED if it is still accepted. ST_NOTFOUND
 * when another node holds it or it is no longer accepted (then leave it alone). */
enum st store_attendance_confirm_claim(long long id, struct attendance_due *out);

#endif
