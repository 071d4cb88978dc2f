/* The gig rows the in-memory search index of each node is built and kept fresh from (svc/gigsearch.c):
 * all open gigs oldest first, the rows changed since a time, the database's clock, and the users on the
 * other side of a viewer's blocks. Reads only; it must not decide what is searchable beyond "published
 * and not ended" (the index owns that). */
#ifndef LG_STORE_GIGFEED_H
#define LG_STORE_GIGFEED_H

#include "store/db.h"
#include "store/gig.h"

/* An employer as the index keeps it: what its gigs show, and when its row last changed. */
struct gigfeed_employer {
    struct gig_employer employer;
    long long updated_ms;
};

/* A gig of the feed: its card (store/gig.h, what a list shows of it; card.published_at is published_ms
 * in seconds) and what the index finds it by. */
struct gigfeed_row {
    struct gig_card card;
    long long published_ms, job_top_id;
    char province[7], city[7], county[7];
    char job_names[260]; /* the 工种 and its category, for keywords */
    long long open;      /* 1 when published and not ended */
    long long updated_ms, employer_updated_ms;
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
