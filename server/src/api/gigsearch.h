/* This node's in-memory gig search index, kept in step with MariaDB (docs/SEARCH.md): started once by
 * serve, read by GET /api/v1/gigs. The database stays the truth; the index only picks ids. */
#ifndef LG_API_GIGSEARCH_H
#define LG_API_GIGSEARCH_H

#include <stddef.h>

#include "domain/gigindex.h"

#define GIGSEARCH_UNAVAILABLE (-3)

/* Loads the index (if the database answers) and, with poll_ms > 0, starts the thread that polls for
 * changed gigs every poll_ms and rebuilds every resync_s. With poll_ms == 0 every search polls first
 * (tests: a write is visible to the next search). Returns 0 or -1 (no thread). */
int gigsearch_start(long poll_ms, long resync_s);
void gigsearch_stop(void);
/* Runs q (gigindex_search's contract). Returns the number of hits, -1 out of memory, -2 bad words, or
 * GIGSEARCH_UNAVAILABLE when the index could never be loaded (database down since start). */
long gigsearch_run(const struct gigindex_query *q, struct gigindex_hit *hits, size_t cap, long long *total);
/* Gigs in the index now. */
size_t gigsearch_size(void);

#endif
