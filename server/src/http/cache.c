/* Reply cache for reference data. Fixed slots keyed by string, one mutex: lookups copy the body out, so a
 * concurrent replacement never frees what a request is sending. The ETag lets phones on weak signals
 * revalidate the job-type tree with a 304 instead of downloading it again. */
#include "http/cache.h"

#include <pthread.h>
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

static struct slot slots[SLOTS];
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static int answer_from(struct req *r, const struct slot *s)
{
    snprintf(r->etag, sizeof r->etag, "%s", s->etag);
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
    pthread_mutex_lock(&mu);
    for (unsigned i = base; i < base + PROBE; i++) {
        if (slots[i].body && slots[i].expires > now && strcmp(slots[i].key, key) == 0) {
            st = answer_from(r, &slots[i]);
            break;
        }
    }
    pthread_mutex_unlock(&mu);
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
    pthread_mutex_lock(&mu);
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
    pthread_mutex_unlock(&mu);
    return st;
}

void cache_clear(void)
{
    pthread_mutex_lock(&mu);
    for (int i = 0; i < SLOTS; i++) {
        free(slots[i].body);
        slots[i].body = NULL;
    }
    pthread_mutex_unlock(&mu);
}
