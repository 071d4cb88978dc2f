/* Rate limiting by fixed one-minute windows in a striped hash table. A slot holds one key's count for the
 * current window; a full probe range evicts the slot with the oldest window, so memory stays bounded no
 * matter how many distinct clients arrive (an attacker can at worst reset somebody's window). A hit takes
 * the one lock of its key's stripe, held for a probe of PROBE slots; each lock and each probe range has
 * cache lines of its own, so hits on different stripes never touch the same line. */
#include "http/ratelimit.h"

#include <pthread.h>
#include <stdalign.h>
#include <stdint.h>
#include <string.h>

#define SLOTS   16384
#define STRIPES 64
#define PROBE   8

struct slot {
    uint64_t key;
    long long window;
    long count;
};

static alignas(64) struct slot slots[SLOTS]; /* a probe range is 8 x 24 bytes: three whole lines */
static struct stripe {
    alignas(64) pthread_mutex_t mu;
} stripes[STRIPES] = {[0 ... STRIPES - 1] = {PTHREAD_MUTEX_INITIALIZER}};

static uint64_t fnv1a(char kind, const char *s)
{
    uint64_t h = 1469598103934665603ULL ^ (unsigned char)kind;
    h *= 1099511628211ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h ? h : 1;
}

int ratelimit_hit(char kind, const char *key, long limit, long long now)
{
    uint64_t h = fnv1a(kind, key);
    long long window = now / 60;
    unsigned base = (unsigned)(h % (SLOTS / PROBE)) * PROBE; /* a probe range never crosses a stripe */
    pthread_mutex_t *mu = &stripes[(base / PROBE) % STRIPES].mu;
    pthread_mutex_lock(mu);
    struct slot *hit = NULL, *oldest = &slots[base];
    for (unsigned i = 0; i < PROBE; i++) {
        struct slot *s = &slots[base + i];
        if (s->key == h) {
            hit = s;
            break;
        }
        if (s->window < oldest->window)
            oldest = s;
    }
    if (!hit) {
        hit = oldest;
        hit->key = h;
        hit->window = window;
        hit->count = 0;
    }
    if (hit->window != window) {
        hit->window = window;
        hit->count = 0;
    }
    hit->count++;
    int rc = 0;
    if (hit->count > limit) {
        rc = (int)((window + 1) * 60 - now);
        if (rc < 1)
            rc = 1;
    }
    pthread_mutex_unlock(mu);
    return rc;
}
