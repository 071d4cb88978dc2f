/* The ranking score of 查找雇员 (employers finding workers), the weekday of a calendar date, the coarse
 * distance an employer may see, and the masked display name of a worker. Pure functions on caller-owned
 * values: no I/O, no clock, no JSON; the caller gathers the facts (SQL) and applies filters. */
#ifndef LG_DOMAIN_MATCH_H
#define LG_DOMAIN_MATCH_H

#include <stddef.h>

/* How well a worker's 工种 fit the one searched for. */
enum match_job { MATCH_JOB_NONE, MATCH_JOB_CATEGORY, MATCH_JOB_EXACT };
/* Where the worker lives or works relative to the reference region (the searched region, else the
 * employer's county): inside it, or inside the region one level up (the same city for a county). */
enum match_region { MATCH_REGION_NONE, MATCH_REGION_WIDE, MATCH_REGION_NEAR };
/* Availability on the asked weekday: not asked or not filled in, free that day, or not free that day. */
enum match_avail { MATCH_AVAIL_UNKNOWN, MATCH_AVAIL_YES, MATCH_AVAIL_NO };

struct match_facts {
    enum match_job job;
    int has_distance;  /* the employer gave a point and the worker has one */
    double distance_m; /* with has_distance */
    enum match_region region;
    int credit; /* 诚信分 0-100 (clamped) */
    enum match_avail avail;
};

/* Weights, in points of a 0-1000 score (see match.c for why):
 *   工种      exact 400, same category 200, none 0
 *   place     distance: 300 at 0 m falling linearly to 0 at MATCH_DISTANCE_ZERO_M; without a distance the
 *             region: near 300, wide 150, none 0
 *   credit    credit * 2 (0-200)
 *   weekday   free that day 100, not asked / not filled in 0, not free 0 */
#define MATCH_W_JOB_EXACT     400
#define MATCH_W_JOB_CATEGORY  200
#define MATCH_W_PLACE         300
#define MATCH_W_REGION_WIDE   150
#define MATCH_W_CREDIT_PER_PT 2
#define MATCH_W_AVAIL         100
#define MATCH_DISTANCE_ZERO_M 30000.0
#define MATCH_SCORE_MAX       1000

/* Returns the score of f in 0..MATCH_SCORE_MAX (0 for NULL). Higher ranks first. */
int match_score(const struct match_facts *f);

/* Total order of ranked workers: score descending, then credit descending, completeness descending and
 * user id ascending, so equal scores page stably. Returns <0, 0, >0 like strcmp. */
int match_order(int score_a, int credit_a, int completeness_a, long long id_a, int score_b, int credit_b,
                int completeness_b, long long id_b);

/* The weekday of a "YYYY-MM-DD" calendar date, 0 = Monday .. 6 = Sunday (the availability columns'
 * day numbering); -1 when the date is not a real one (profile_date_valid's rules). */
int match_weekday(const char *date);

/* The availability of a worker's weekly bitmask (domain/profile.h bits) on weekday day (0-6):
 * UNKNOWN when the mask is 0 (never filled in) or day is out of range, YES when any slot that day is
 * set, else NO. */
enum match_avail match_availability(long mask, int day);

/* The distance an employer is shown: rounded up to whole kilometres (at least 1000 m), so that distances
 * from chosen points cannot pin down where a worker lives. Negative or non-finite input answers -1. */
long long match_coarse_distance_m(double metres);

/* Writes the masked display name of a worker into out (cap bytes): the first character (UTF-8 code point)
 * of name, then one '*' per further character (at least one, at most three), e.g. 王建国 → 王**, 李芳 → 李*.
 * An empty or invalid name gives "零工**". Returns 0, or -1 (out = "") when cap is too small. */
int match_mask_name(const char *name, char *out, size_t cap);

#endif
