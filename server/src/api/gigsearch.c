/* This node's gig search index (domain/gigindex) and how it stays true to MariaDB: a full load at
 * start and every SEARCH_INDEX_RESYNC_S, and in between the rows whose updated_at moved, read every
 * SEARCH_INDEX_POLL_MS (or before each search when that is 0). Every write to a gig sets updated_at,
 * so the poll sees publishes, edits, closes and reviews; expiry is the index's own sweep. Searches take
 * the read side of a writer-preferring lock; a poll applies its batch under the write side. */
#include "api/gigsearch.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "store/gigfeed.h"

/* A transaction commits after it stamps updated_at: a poll reads this far behind its last start so a
 * row stamped before a poll but committed after it is still seen. The full resync catches the rest. */
#define LOOKBACK_MS 5000

static struct gigindex *ix;
static atomic_int loaded; /* ix is set: it never goes back to NULL while serving */
static pthread_rwlock_t lock;
static pthread_mutex_t refresh_mu = PTHREAD_MUTEX_INITIALIZER;
static long long watermark_ms; /* database time of the last poll's start */
static time_t last_full;
static long poll_ms, resync_s;

static pthread_t thread;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int stopping, running;

/* The index document of a feed row; text goes to buf. */
static void to_doc(const struct gigfeed_row *r, char *buf, size_t cap, struct gigindex_doc *d)
{
    snprintf(buf, cap, "%s %s %s", r->title, r->job_names, r->address);
    *d = (struct gigindex_doc){
        .id = r->id,
        .employer_id = r->employer_id,
        .published_ms = r->published_ms,
        .starts_at = r->starts_at,
        .ends_at = r->ends_at,
        .pay_fen = r->pay_fen,
        .job_type_id = (int)r->job_type_id,
        .job_top_id = (int)r->job_top_id,
        .province = (unsigned)strtoul(r->province, NULL, 10),
        .city = (unsigned)strtoul(r->city, NULL, 10),
        .county = (unsigned)strtoul(r->county, NULL, 10),
        .town = strlen(r->region) > 6 ? strtoull(r->region, NULL, 10) : 0,
        .lat = r->lat,
        .lng = r->lng,
        .text = buf,
        .version = r->updated_ms,
    };
}

struct load {
    struct gigindex *ix;
    char buf[1024];
    size_t bad;
};

static int load_row(void *p, const struct gigfeed_row *r)
{
    struct load *l = p;
    struct gigindex_doc d;
    to_doc(r, l->buf, sizeof l->buf, &d);
    if (gigindex_put(l->ix, &d) != 0)
        l->bad++;
    return 0;
}

/* Builds a new index from every open gig and swaps it in. Caller holds refresh_mu. */
static int full_load(void)
{
    long long t0;
    struct load *l = calloc(1, sizeof *l);
    if (!l)
        return -1;
    l->ix = gigindex_new();
    int rc = -1;
    if (!l->ix || store_gigfeed_now(&t0) != ST_OK || store_gigfeed_open(load_row, l) != ST_OK)
        goto out;
    if (l->bad)
        log_warn("gigs left out of the search index", "\"count\":%zu", l->bad);
    pthread_rwlock_wrlock(&lock);
    struct gigindex *old = ix;
    ix = l->ix;
    watermark_ms = t0;
    pthread_rwlock_unlock(&lock);
    atomic_store(&loaded, 1);
    l->ix = old;
    last_full = time(NULL);
    log_info("search index loaded", "\"gigs\":%zu,\"bytes\":%zu", gigindex_size(ix), gigindex_bytes(ix));
    rc = 0;
out:
    gigindex_free(l->ix);
    free(l);
    return rc;
}

struct batch {
    struct gigfeed_row *rows;
    size_t n, cap;
};

static int keep_row(void *p, const struct gigfeed_row *r)
{
    struct batch *b = p;
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 16;
        struct gigfeed_row *rows = realloc(b->rows, cap * sizeof *rows);
        if (!rows)
            return 1;
        b->rows = rows;
        b->cap = cap;
    }
    b->rows[b->n++] = *r;
    return 0;
}

/* Applies the rows changed since the last poll. Caller holds refresh_mu. */
static int poll_changes(void)
{
    long long t0;
    struct batch b = {0};
    char *buf = malloc(1024);
    int rc = -1;
    if (!buf || store_gigfeed_now(&t0) != ST_OK ||
        store_gigfeed_changed(watermark_ms - LOOKBACK_MS, keep_row, &b) != ST_OK)
        goto out;
    size_t changed = 0;
    pthread_rwlock_wrlock(&lock);
    for (size_t i = 0; i < b.n; i++) {
        const struct gigfeed_row *r = &b.rows[i];
        if (!r->open) {
            changed += (size_t)gigindex_remove(ix, r->id);
        } else if (gigindex_version(ix, r->id) != r->updated_ms) {
            struct gigindex_doc d;
            to_doc(r, buf, 1024, &d);
            if (gigindex_put(ix, &d) != 0)
                log_warn("gig left out of the search index", "\"gig\":%lld", r->id);
            changed++;
        }
    }
    size_t ended = gigindex_expire(ix, (long long)time(NULL));
    watermark_ms = t0;
    pthread_rwlock_unlock(&lock);
    if (changed || ended)
        log_json(LOG_DEBUG, "search index updated", "\"changed\":%zu,\"ended\":%zu", changed, ended);
    rc = 0;
out:
    free(b.rows);
    free(buf);
    return rc;
}

/* Brings the index up to date: loads it if it never was, rebuilds it when a resync is due, else polls. */
static int refresh(void)
{
    pthread_mutex_lock(&refresh_mu);
    int rc;
    if (!ix || time(NULL) - last_full >= resync_s)
        rc = full_load();
    else
        rc = poll_changes();
    pthread_mutex_unlock(&refresh_mu);
    return rc;
}

static void *loop(void *arg)
{
    (void)arg;
    db_thread_start();
    pthread_mutex_lock(&mu);
    while (!stopping) {
        pthread_mutex_unlock(&mu);
        if (refresh() != 0)
            log_warn("search index refresh failed; retrying", NULL);
        pthread_mutex_lock(&mu);
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += poll_ms / 1000;
        until.tv_nsec += (poll_ms % 1000) * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        while (!stopping && pthread_cond_timedwait(&cv, &mu, &until) == 0)
            ;
    }
    pthread_mutex_unlock(&mu);
    db_thread_end();
    return NULL;
}

int gigsearch_start(long poll, long resync)
{
    poll_ms = poll;
    resync_s = resync;
    pthread_rwlockattr_t attr;
    pthread_rwlockattr_init(&attr);
    /* a steady stream of searches must not starve the poll */
    pthread_rwlockattr_setkind_np(&attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
    pthread_rwlock_init(&lock, &attr);
    pthread_rwlockattr_destroy(&attr);
    /* loaded before the server answers, when the database is there; otherwise the first refresh does it */
    db_thread_start();
    if (refresh() != 0)
        log_warn("search index not loaded at start; searches answer 503 until it is", NULL);
    db_thread_end();
    if (poll_ms == 0)
        return 0;
    stopping = 0;
    if (pthread_create(&thread, NULL, loop, NULL) != 0)
        return -1;
    running = 1;
    return 0;
}

void gigsearch_stop(void)
{
    if (running) {
        pthread_mutex_lock(&mu);
        stopping = 1;
        pthread_cond_broadcast(&cv);
        pthread_mutex_unlock(&mu);
        pthread_join(thread, NULL);
        running = 0;
    }
    gigindex_free(ix);
    ix = NULL;
    atomic_store(&loaded, 0);
    pthread_rwlock_destroy(&lock);
}

long gigsearch_run(const struct gigindex_query *q, struct gigindex_hit *hits, size_t cap, long long *total)
{
    if ((poll_ms == 0 || !atomic_load(&loaded)) && refresh() != 0 && !atomic_load(&loaded))
        return GIGSEARCH_UNAVAILABLE;
    pthread_rwlock_rdlock(&lock);
    long n = ix ? gigindex_search(ix, q, hits, cap, total) : GIGSEARCH_UNAVAILABLE;
    pthread_rwlock_unlock(&lock);
    return n;
}

size_t gigsearch_size(void)
{
    pthread_rwlock_rdlock(&lock);
    size_t n = ix ? gigindex_size(ix) : 0;
    pthread_rwlock_unlock(&lock);
    return n;
}
