/* This node's in-memory gig search index, kept in step with MariaDB (docs/SEARCH.md): started once by
 * serve, read by GET /api/v1/gigs. The database stays the truth; the index follows it within a poll. */
#ifndef LG_SVC_GIGSEARCH_H
#define LG_SVC_GIGSEARCH_H

#include <stddef.h>

#include "domain/gigindex.h"

#define GIGSEARCH_UNAVAILABLE (-3)

/* Loads the index (if the database answers) and, with poll_ms > 0, starts the thread that polls for
 * changed gigs every poll_ms and rebuilds every resync_s. With poll_ms == 0 every search polls first
 * (tests: a write is visible to the next search). Returns 0 or -1 (no thread). */
int svc_gigsearch_start(long poll_ms, long resync_s);
void svc_gigsearch_stop(void);
/* Answers q as the JSON body of a list page ({"items":[…],"page","page_size","total"}), assembled from
 * the rows the index keeps, into *body (malloc'd, *len bytes; the caller frees). Returns 0, -1 out of
 * memory, -2 bad words, or GIGSEARCH_UNAVAILABLE when the index could never be loaded (database down
 * since start). */
int svc_gigsearch_page(const struct gigindex_query *q, long long page, long long size, char **body,
                       size_t *len);
/* Gigs in the index now, the bytes it holds, and how long its last full load took (ms). */
void svc_gigsearch_stats(size_t *gigs, size_t *bytes, long long *load_ms);

#endif
