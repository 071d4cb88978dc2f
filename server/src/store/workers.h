/* Store side of 查找雇员: reads the candidate workers an employer may see, with the facts the ranking
 * needs (tables workers, worker_job_types, worker_regions, blocks, users). Read-only; never returns an ID
 * number or a phone (the statements do not select them). Never sees JSON. */
#ifndef LG_STORE_WORKERS_H
#define LG_STORE_WORKERS_H

#include "store/db.h"

/* At most this many candidates reach the ranking (sql.c explains the pre-order). */
#define WORKERS_CANDIDATES_MAX 2000

struct workers_query {
    long long caller;        /* the employer: never a candidate, and blocks are checked against it */
    long long exact_job;     /* 0 = no 工种 filter */
    long long category;      /* the 工种's top-level id, with exact_job */
    const char *region_like; /* "450223%": home region or a work region inside it (required) */
    const char *near_like;   /* region fit: "450223%" near, "4502%" wide ("" never matches) */
    const char *wide_like;
    const char *q_like; /* "%水电%" or "" */
    long day_mask;      /* availability bits of the asked weekday, 0 = not asked */
    long long limit;    /* <= WORKERS_CANDIDATES_MAX */
};

struct workers_row {
    long long user_id;
    char real_name[129];
    long long birth_year; /* 0 = unknown */
    char gender[8];       /* "" = unknown */
    char region_code[13]; /* "" = none */
    char region_name[65];
    long long has_location;
    double lat, lng;
    long long credit, completeness, availability;
    long long fit_exact, fit_category, region_fit; /* 0/1, 0/1, 0 none 1 wide 2 near */
};

/* Calls each(ctx, row) for every candidate (at most q->limit), discoverable, active, unblocked, matching
 * the filters. A non-zero return from each stops the read (ST_ERR). */
enum st store_workers_candidates(const struct workers_query *q,
                                 int (*each)(void *ctx, const struct workers_row *), void *ctx);

/* 1 and ST_OK when user_id is an active worker who lets employers find them; 0 and ST_OK when they have a
 * profile but opted out; ST_NOTFOUND when there is no active worker profile. */
enum st store_workers_invitable(long long user_id, int *discoverable);

#endif
