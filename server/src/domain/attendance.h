/* The pure rules of attendance (SPEC §3): which work days a gig has, the punch window around each day's
 * scheduled start, the check-in radius, and minutes worked. No I/O and no clock: callers pass "now" (with
 * any test offset already applied). A work day is an Asia/Shanghai calendar day; day k of a gig starts at
 * starts_at + k * 86400 (the same clock time as starts_at; Shanghai has no daylight saving) while that
 * is before ends_at. */
#ifndef LG_DOMAIN_ATTENDANCE_H
#define LG_DOMAIN_ATTENDANCE_H

#define ATTENDANCE_TZ_OFFSET_S 28800 /* Asia/Shanghai, UTC+8 all year */
#define ATTENDANCE_DAY_S       86400
#define ATTENDANCE_MAX_SHIFT_S 86400 /* a check-out more than this after its check-in belongs to no shift */

struct attendance_day {
    int index;                 /* 0-based day of the gig */
    long long scheduled_start; /* unix seconds */
    char date[11];             /* "YYYY-MM-DD" in Asia/Shanghai */
};

enum attendance_window {
    ATTENDANCE_IN_WINDOW, /* now is inside [start - window, start + window] of *out */
    ATTENDANCE_TOO_EARLY, /* now is before the window of *out (the nearest day) */
    ATTENDANCE_TOO_LATE,  /* now is after the window of *out (the nearest day) */
    ATTENDANCE_NO_DAYS,   /* the gig has no work day (ends_at <= starts_at); *out untouched */
};

/* Number of work days of a gig (0 when ends_at <= starts_at). */
int attendance_day_count(long long starts_at, long long ends_at);

/* Writes the Asia/Shanghai calendar date of unix time t as "YYYY-MM-DD" into out. */
void attendance_date_of(long long t, char out[11]);

/* Fills *out with day `index` of the gig. Returns 0, or -1 (out untouched) when index is not a work day. */
int attendance_day_at(long long starts_at, long long ends_at, int index, struct attendance_day *out);

/* The work day whose scheduled start is nearest to now, in *out, and whether now lies within window_s
 * seconds of that start (both edges included). */
enum attendance_window attendance_punch_day(long long starts_at, long long ends_at, long long now,
                                            long window_s, struct attendance_day *out);

/* The work day whose date is `date` ("YYYY-MM-DD"). Returns 0, or -1 when date is malformed or not one
 * of the gig's work days. */
int attendance_day_of_date(long long starts_at, long long ends_at, const char *date,
                           struct attendance_day *out);

/* 1 when a point distance_m metres from the site counts as on site: the distance rounded to whole metres
 * is at most radius_m. 0 otherwise, also for a negative (invalid) distance. */
int attendance_within_radius(double distance_m, long radius_m);

/* Whole minutes between check-in and check-out; 0 when either is 0 (not recorded) or out <= in. */
long long attendance_minutes(long long check_in_at, long long check_out_at);

#endif
