/* A process-wide cache of serialised replies: reference data (regions, job types), which changes only with
 * migrations or rare admin edits, and public search pages for a few seconds. Entries expire after a TTL;
 * writers can drop everything. Keys longer than 255 bytes are not cached. */
#ifndef LG_HTTP_CACHE_H
#define LG_HTTP_CACHE_H

#include "http/req.h"

/* If key is cached and fresh, answers r from the cache (raw body + ETag, or 304 when the client's
 * If-None-Match matches) and returns the status; otherwise returns 0. */
int cache_answer(struct req *r, const char *key);
/* Serialises v (borrowed) as the reply for key, valid for ttl seconds, and answers r with it (as
 * cache_answer would). Returns the status. */
int cache_store_and_answer(struct req *r, const char *key, json_t *v, int ttl);
/* Like cache_store_and_answer for a body already serialised as JSON; takes ownership of body (malloc'd,
 * len bytes). */
int cache_store_raw_and_answer(struct req *r, const char *key, char *body, size_t len, int ttl);
/* Drops every entry (after a write to reference data). */
void cache_clear(void);

#endif
