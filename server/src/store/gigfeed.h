/* The gig rows the in-memory search index of each node is built and kept fresh from (api/gigsearch.c):
 * all open gigs oldest first, the rows changed since a time, the database's clock, and the users on the
 * other side of a viewer's blocks. Reads only; it must not decide what is searchable beyond "published
 * and not ended" (the index owns that). */
#ifndef LG_STORE_GIGFEED_H
#define LG_STORE_GIGFEED_H

#include "store/db.h"

struct gigfeed_employer {
    long long id;
    char name[257], kind[8], verification[12];
    long long credit, updated_ms;
};

struct gigfeed_row {
    long long id, employer_id, published_ms, starts_at, ends_at, pay_fen, job_type_id, job_top_id;
    char province[7], city[7], county[7], region[13];
    double lat, lng;
    long long open; /* 1 when published and not ended */
    long long updated_ms;
    char title[161], address[513], job_names[260], job_type_name[129], pay_unit[8];
    long long headcount, accepted_count;
    char region_name[257];
    long long created_at;
    struct gigfeed_employer employer;
    char status[16];
};

/* Called per row; a non-zero return stops the read. The row is reused: copy what you keep. */
typedef int (*gigfeed_fn)(void *ctx, const struct gigfeed_row *row);

/* Every open gig, oldest published first. */
enum st store_gigfeed_open(gigfeed_fn each, void *ctx);
/* Every gig whose row changed at or after since_ms (database time), open or not. */
enum st store_gigfeed_changed(long long since_ms, gigfeed_fn each, void *ctx);
typedef int (*gigfeed_employer_fn)(void *ctx, const struct gigfeed_employer *e);
/* Every employer whose row changed at or after since_ms (database time). */
enum st store_gigfeed_employers(long long since_ms, gigfeed_employer_fn each, void *ctx);
/* The database's clock in ms. */
enum st store_gigfeed_now(long long *ms);
/* Every user that user_id blocked or was blocked by, ascending, into *ids (malloc'd, the caller frees;
 * NULL when none) and their count into *n. */
enum st store_gigfeed_blocked(long long user_id, long long **ids, size_t *n);

#endif
