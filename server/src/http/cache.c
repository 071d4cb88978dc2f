/* Reply cache for reference data. Fixed slots keyed by string, a reader-writer lock per stripe of probe
 * ranges: lookups (the hot path: every job-type tree, every cached search page) share their stripe with
 * each other and copy the body out, so a concurrent replacement never frees what a request is sending;
 * only a store waits for them. The ETag lets phones on weak signals revalidate the job-type tree with a
 * 304 instead of downloading it again; it names the content only (XXH64 of the body and its length), so
 * it needs no secret and no cryptographic hash. */
#include "http/cache.h"

#include <pthread.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

/* ---- XXH64 (Yann Collet's xxHash, 64-bit variant, seed 0), written from its specification ---- */

#define P1 0x9E3779B185EBCA87ULL
#define P2 0xC2B2AE3D27D4EB4FULL
#define P3 0x165667B19E3779F9ULL
#define P4 0x85EBCA77C2B2AE63ULL
#define P5 0x27D4EB2F165667C5ULL

static uint64_t rotl(uint64_t x, int r)
{
    return (x << r) | (x >> (64 - r));
}

/* little-endian loads, whatever the alignment (memcpy compiles to one move) */
static uint64_t le64(const unsigned char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap64(v);
#endif
    return v;
}

static uint32_t le32(const unsigned char *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap32(v);
#endif
    return v;
}

static uint64_t xround(uint64_t acc, uint64_t in)
{
    return rotl(acc + in * P2, 31) * P1;
}

static uint64_t xmerge(uint64_t h, uint64_t v)
{
    return (h ^ xround(0, v)) * P1 + P4;
}

static uint64_t xxh64(const void *data, size_t len)
{
    const unsigned char *p = data, *end = p + len;
    uint64_t h;
    if (len >= 32) {
        uint64_t v1 = P1 + P2, v2 = P2, v3 = 0, v4 = -P1;
        for (; end - p >= 32; p += 32) {
            v1 = xround(v1, le64(p));
            v2 = xround(v2, le64(p + 8));
            v3 = xround(v3, le64(p + 16));
            v4 = xround(v4, le64(p + 24));
        }
        h = rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18);
        h = xmerge(xmerge(xmerge(xmerge(h, v1), v2), v3), v4);
    } else {
        h = P5;
    }
    h += len;
    for (; end - p >= 8; p += 8)
        h = rotl(h ^ xround(0, le64(p)), 27) * P1 + P4;
    if (end - p >= 4) {
        h = rotl(h ^ (uint64_t)le32(p) * P1, 23) * P2 + P3;
        p += 4;
    }
    for (; p < end; p++)
        h = rotl(h ^ *p * P5, 11) * P1;
    h ^= h >> 33;
    h *= P2;
    h ^= h >> 29;
    h *= P3;
    return h ^ (h >> 32);
}

/* The ETag of a body: its XXH64 and the low 16 bits of its length, 20 hex digits in quotes. It changes
 * whenever the content does except by a 64-bit collision between two versions of one key's reply; with a
 * few versions a minute per key that is about 2^-64 per pair, far below the chance of a corrupted
 * transfer. Not a defence against someone choosing bodies to collide: nobody but the server writes
 * them. */
static void etag_of(const char *body, size_t len, char out[24])
{
    snprintf(out, 24, "\"%016llx%04x\"", (unsigned long long)xxh64(body, len), (unsigned)(len & 0xffff));
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
    struct slot fresh = {.body = body, .len = len, .expires = time(NULL) + ttl};
    snprintf(fresh.key, sizeof fresh.key, "%s", key);
    _Static_assert(sizeof fresh.etag >= 23, "quote, 20 hex digits, quote, NUL");
    etag_of(body, len, fresh.etag);
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
