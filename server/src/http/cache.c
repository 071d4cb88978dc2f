/* Reply cache for reference data. Fixed slots keyed by string, a reader-writer lock per stripe of probe
 * ranges: lookups (the hot path: every job-type tree, every cached search page) share their stripe with
 * each other and copy the body out, so a concurrent replacement never frees what a request is sending;
 * only a store waits for them. The ETag lets phones on weak signals revalidate the job-type tree with a
 * 304 instead of downloading it again. */
#include "http/cache.h"

#include <pthread.h>
#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ext/crypto.h"

#define SLOTS 4096 /* a power of two */
#define PROBE 8

struct slot {
    char key[256];
    char *body;
    size_t len;
    char etag[24];
    time_t expires;
};

#define STRIPES 64

static struct slot slots[SLOTS];
static struct stripe {
    alignas(64) pthread_rwlock_t lock;
} stripes[STRIPES];
static pthread_once_t stripes_once = PTHREAD_ONCE_INIT;

/* Writers first: a store must not wait behind an endless stream of lookups of a hot key. */
static void stripes_init(void)
{
    pthread_rwlockattr_t a;
    pthread_rwlockattr_init(&a);
    pthread_rwlockattr_setkind_np(&a, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
    for (int i = 0; i < STRIPES; i++)
        pthread_rwlock_init(&stripes[i].lock, &a);
    pthread_rwlockattr_destroy(&a);
}

static pthread_rwlock_t *lock_of(unsigned base)
{
    pthread_once(&stripes_once, stripes_init);
    return &stripes[(base / PROBE) % STRIPES].lock;
}

static int answer_from(struct req *r, const struct slot *s)
{
    _Static_assert(sizeof r->etag == sizeof s->etag, "an ETag is copied whole");
    memcpy(r->etag, s->etag, sizeof r->etag);
    if (r->if_none_match[0] && strcmp(r->if_none_match, s->etag) == 0)
        return 304;
    r->raw = malloc(s->len);
    if (!r->raw)
        return req_fail(r, ERR_INTERNAL, NULL, NULL);
    memcpy(r->raw, s->body, s->len);
    r->raw_len = s->len;
    r->raw_type = "application/json; charset=utf-8";
    return 200;
}

static unsigned slot_of(const char *key)
{
    unsigned h = 2166136261u;
    for (; *key; key++)
        h = (h ^ (unsigned char)*key) * 16777619u;
    return h & (SLOTS - 1) & ~(unsigned)(PROBE - 1); /* a probe run never wraps */
}

int cache_answer(struct req *r, const char *key)
{
    int st = 0;
    time_t now = time(NULL);
    unsigned base = slot_of(key);
    pthread_rwlock_t *lock = lock_of(base);
    pthread_rwlock_rdlock(lock);
    for (unsigned i = base; i < base + PROBE; i++) {
        if (slots[i].body && slots[i].expires > now && strcmp(slots[i].key, key) == 0) {
            st = answer_from(r, &slots[i]);
            break;
        }
    }
    pthread_rwlock_unlock(lock);
    return st;
}

int cache_store_and_answer(struct req *r, const char *key, json_t *v, int ttl)
{
    char *body = json_dumps(v, JSON_COMPACT | JSON_REAL_PRECISION(10));
    if (!body)
        return req_reply(r, 200, json_incref(v));
    return cache_store_raw_and_answer(r, key, body, strlen(body), ttl);
}

int cache_store_raw_and_answer(struct req *r, const char *key, char *body, size_t len, int ttl)
{
    if (strlen(key) >= sizeof slots[0].key) {
        r->raw = body;
        r->raw_len = len;
        r->raw_type = "application/json; charset=utf-8";
        return 200;
    }
    unsigned char sum[32];
    crypto_sha256(body, len, sum);
    struct slot fresh = {.body = body, .len = len, .expires = time(NULL) + ttl};
    snprintf(fresh.key, sizeof fresh.key, "%s", key);
    fresh.etag[0] = '"';
    crypto_hex(sum, 10, fresh.etag + 1);
    strcat(fresh.etag, "\"");
    unsigned base = slot_of(key), victim = base;
    pthread_rwlock_t *lock = lock_of(base);
    pthread_rwlock_wrlock(lock);
    for (unsigned i = base; i < base + PROBE; i++) {
        if (!slots[i].body || strcmp(slots[i].key, key) == 0) {
            victim = i;
            break;
        }
        if (slots[i].expires < slots[victim].expires)
            victim = i;
    }
    free(slots[victim].body);
    slots[victim] = fresh;
    int st = answer_from(r, &slots[victim]);
    pthread_rwlock_unlock(lock);
    return st;
}

void cache_clear(void)
{
    for (unsigned base = 0; base < SLOTS; base += PROBE) {
        pthread_rwlock_t *lock = lock_of(base);
        pthread_rwlock_wrlock(lock);
        for (unsigned i = base; i < base + PROBE; i++) {
            free(slots[i].body);
            slots[i].body = NULL;
        }
        pthread_rwlock_unlock(lock);
    }
}
