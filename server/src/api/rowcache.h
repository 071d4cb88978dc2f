/* A process-wide cache of serialised gig list rows (the items of GET /api/v1/gigs), keyed by gig id and
 * the version the search index holds (updated_at), kept at most SEARCH_CACHE_S seconds: the rows of a
 * page come from memory and only the missing ones from MariaDB. A row's accepted count, its employer's
 * name, verification and credit may thus be that many seconds old; a changed gig is refetched at once. */
#ifndef LG_API_ROWCACHE_H
#define LG_API_ROWCACHE_H

#include <stddef.h>
#include <time.h>

/* Copies the row of (id, version), if cached since now - ttl, to dst (cap bytes). Returns its length,
 * -1 when not cached (or stale), -2 when cap is too small. */
long rowcache_copy(long long id, long long version, time_t now, long ttl, char *dst, size_t cap);
/* Stores (copies) the row of (id, version) fetched at now, replacing whatever shared its slot. */
void rowcache_put(long long id, long long version, time_t now, const char *json, size_t len);

#endif
