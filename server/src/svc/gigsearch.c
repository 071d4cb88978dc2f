/* This node's gig search index (domain/gigindex), true to MariaDB: a full load at start and every
 * SEARCH_INDEX_RESYNC_S, between them the gigs and employers whose updated_at moved, every
 * SEARCH_INDEX_POLL_MS (or before each search when 0); expiry is the index's own sweep. Each gig's list
 * JSON (its employer's kept once per employer) comes from the gig's one view (svc/view.h), never built
 * here; pages are assembled from memory under the read side of a writer-preferring lock. */
#include "svc/gigsearch.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/config.h"
#include "domain/timeutil.h"
#include "svc/jobtypes.h"
#include "svc/view.h"
#include "svc/ticker.h"
#include "core/log.h"
#include "domain/strbuf.h"
#include "store/gigfeed.h"

/* A transaction commits after it stamps updated_at: a poll reads this far behind its last start so a
 * row stamped before a poll but committed after it is still seen. The full resync catches the rest. */
#define LOOKBACK_MS 5000

static struct gigindex *ix;
static atomic_int loaded; /* ix is set: it never goes back to NULL while serving */
static atomic_llong last_load_ms;
static pthread_rwlock_t lock;
static pthread_mutex_t refresh_mu = PTHREAD_MUTEX_INITIALIZER;
static long long watermark_ms; /* database time of the last poll's start */
static time_t last_full;
static long poll_ms, resync_s;

static struct ticker ticker;

static char *employer_payload(const struct gig_employer *e, size_t *len)
{
    json_t *o = view_gig_employer(e);
    char *out = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    *len = out ? strlen(out) : 0;
    return out;
}

/* Puts the employer into ix when the index has an older copy or none. */
static void put_employer(struct gigindex *x, const struct gig_employer *e, long long updated_ms)
{
    if (gigindex_employer_version(x, e->id) == updated_ms)
        return;
    size_t len;
    char *p = employer_payload(e, &len);
    if (!p || gigindex_put_employer(x, e->id, updated_ms, p, len) != 0)
        log_warn("employer left out of the search index", "\"employer\":%lld", e->id);
    free(p);
}

/* The index document of a feed row: d's text points into text (1024 bytes), d's payload is the gig's list
 * JSON from its one view (malloc'd and returned; the caller frees it after putting d), NULL when out of
 * memory. */
static char *prepare_gig(const struct gigfeed_row *r, struct gigindex_doc *d, char *text)
{
    const struct gig_card *c = &r->card;
    size_t len;
    char *payload = view_gig_listed(c, &len);
    if (!payload)
        return NULL;
    snprintf(text, 1024, "%s %s %s", c->title, r->job_names, c->address);
    *d = (struct gigindex_doc){
        .id = c->id,
        .employer_id = c->employer.id,
        .published_ms = r->published_ms,
        .starts_at = c->starts_at,
        .ends_at = c->ends_at,
        .pay_fen = c->pay_fen,
        .job_type_id = (int)c->job_type_id,
        .job_top_id = (int)r->job_top_id,
        .province = (unsigned)strtoul(r->province, NULL, 10),
        .city = (unsigned)strtoul(r->city, NULL, 10),
        .county = (unsigned)strtoul(r->county, NULL, 10),
        .town = strlen(c->region_code) > 6 ? strtoull(c->region_code, NULL, 10) : 0,
        .lat = c->lat,
        .lng = c->lng,
        .text = text,
        .version = r->updated_ms,
        .payload = payload,
        .payload_len = len,
    };
    return payload;
}

/* Puts the gig (and its employer) into x. Returns 0 or -1. */
static int put_gig(struct gigindex *x, const struct gigfeed_row *r, char *text)
{
    put_employer(x, &r->card.employer, r->employer_updated_ms);
    struct gigindex_doc d;
    char *payload = prepare_gig(r, &d, text);
    int rc = payload ? gigindex_put(x, &d) : -1;
    free(payload);
    return rc;
}

struct load {
    struct gigindex *ix;
    char text[1024];
    size_t bad;
};

static int load_row(void *p, const struct gigfeed_row *r)
{
    struct load *l = p;
    if (put_gig(l->ix, r, l->text) != 0)
        l->bad++;
    return 0;
}

/* Builds a new index from every open gig and swaps it in. Caller holds refresh_mu. */
static int full_load(void)
{
    long long t0;
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
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
    svc_jobtypes_forget(); /* a 工种 moved under another category is seen from the next search on */
    clock_gettime(CLOCK_MONOTONIC, &b);
    atomic_store(&last_load_ms, (b.tv_sec - a.tv_sec) * 1000LL + (b.tv_nsec - a.tv_nsec) / 1000000);
    log_info("search index loaded", "\"gigs\":%zu,\"ms\":%lld", gigindex_size(ix),
             atomic_load(&last_load_ms));
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

struct emps {
    struct gigfeed_employer *e;
    size_t n, cap;
};

static int keep_employer(void *p, const struct gigfeed_employer *e)
{
    struct emps *b = p;
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 16;
        struct gigfeed_employer *v = realloc(b->e, cap * sizeof *v);
        if (!v)
            return 1;
        b->e = v;
        b->cap = cap;
    }
    b->e[b->n++] = *e;
    return 0;
}

/* One change of a poll, made ready outside the lock. */
struct ready {
    long long id;
    int remove;
    struct gigindex_doc d;
    char *payload;
    char text[1024];
};

/* An employer to put by a poll: one changed, or one of a changed gig (whose row carries it). */
struct emp_ready {
    const struct gig_employer *e;
    long long updated_ms;
    char *payload; /* NULL: the index has this version already */
    size_t len;
};

/* Applies the gigs and employers changed since the last poll: every write to a gig sets its updated_at
 * (publishes, edits, closes, reviews, places taken), every write to an employer too (profile,
 * verification, 诚信分). Caller holds refresh_mu, and only its
 * holder ever changes ix, so ix is read here without the lock and the rows to list are serialised
 * before the write side is taken; under it the batch is only put. */
static int poll_changes(void)
{
    long long t0;
    struct batch b = {0};
    struct emps e = {0};
    struct ready *rd = NULL;
    struct emp_ready *emp = NULL;
    size_t nready = 0, nemp = 0;
    int rc = -1;
    if (store_gigfeed_now(&t0) != ST_OK ||
        store_gigfeed_changed(watermark_ms - LOOKBACK_MS, keep_row, &b) != ST_OK ||
        store_gigfeed_employers(watermark_ms - LOOKBACK_MS, keep_employer, &e) != ST_OK)
        goto out;
    rd = calloc(b.n ? b.n : 1, sizeof *rd);
    emp = calloc(e.n + b.n + 1, sizeof *emp);
    if (!rd || !emp)
        goto out;
    /* employers first: those changed, then those of the changed gigs */
    for (size_t i = 0; i < e.n; i++)
        emp[nemp++] = (struct emp_ready){.e = &e.e[i].employer, .updated_ms = e.e[i].updated_ms};
    for (size_t i = 0; i < b.n; i++)
        if (b.rows[i].open)
            emp[nemp++] = (struct emp_ready){.e = &b.rows[i].card.employer,
                                             .updated_ms = b.rows[i].employer_updated_ms};
    for (size_t i = 0; i < nemp; i++)
        if (gigindex_employer_version(ix, emp[i].e->id) != emp[i].updated_ms)
            emp[i].payload = employer_payload(emp[i].e, &emp[i].len);
    for (size_t i = 0; i < b.n; i++) {
        const struct gigfeed_row *r = &b.rows[i];
        if (!r->open) {
            rd[nready++] = (struct ready){.id = r->card.id, .remove = 1};
        } else if (gigindex_version(ix, r->card.id) != r->updated_ms) {
            struct ready *x = &rd[nready];
            x->id = r->card.id;
            x->payload = prepare_gig(r, &x->d, x->text);
            if (!x->payload)
                log_warn("gig left out of the search index", "\"gig\":%lld", r->card.id);
            else
                nready++;
        }
    }
    size_t changed = 0;
    pthread_rwlock_wrlock(&lock);
    for (size_t i = 0; i < nemp; i++)
        if (emp[i].payload &&
            gigindex_put_employer(ix, emp[i].e->id, emp[i].updated_ms, emp[i].payload, emp[i].len) != 0)
            log_warn("employer left out of the search index", "\"employer\":%lld", emp[i].e->id);
    for (size_t i = 0; i < nready; i++) {
        if (rd[i].remove)
            changed += (size_t)gigindex_remove(ix, rd[i].id);
        else if (gigindex_put(ix, &rd[i].d) == 0)
            changed++;
        else
            log_warn("gig left out of the search index", "\"gig\":%lld", rd[i].id);
    }
    size_t ended = gigindex_expire(ix, (long long)time(NULL));
    watermark_ms = t0;
    pthread_rwlock_unlock(&lock);
    if (changed || ended)
        log_json(LOG_DEBUG, "search index updated", "\"changed\":%zu,\"ended\":%zu", changed, ended);
    rc = 0;
out:
    for (size_t i = 0; rd && i < nready; i++)
        free(rd[i].payload);
    for (size_t i = 0; emp && i < nemp; i++)
        free(emp[i].payload);
    free(rd);
    free(emp);
    free(b.rows);
    free(e.e);
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

static void tick(void *ctx)
{
    (void)ctx;
    if (refresh() != 0)
        log_warn("search index refresh failed; retrying", NULL);
}

int svc_gigsearch_start(long poll, long resync)
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
    return ticker_start(&ticker, poll_ms, tick, NULL);
}

void svc_gigsearch_stop(void)
{
    ticker_stop(&ticker);
    gigindex_free(ix);
    ix = NULL;
    atomic_store(&loaded, 0);
    pthread_rwlock_destroy(&lock);
}

/* Asks the processor for every cache line of the n bytes at p without waiting for any: the rows of a page
 * lie scattered over the index's memory, and copying them one after the other would wait for each. */
static void prefetch(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i += 64)
        __builtin_prefetch(p + i);
}

/* Writes v in decimal at out (room for 20 characters); returns the length. */
static size_t decimal(long long v, char *out)
{
    char tmp[24];
    size_t n = 0, len = 0;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do
        tmp[n++] = (char)('0' + u % 10);
    while (u /= 10);
    if (v < 0)
        out[len++] = '-';
    while (n)
        out[len++] = tmp[--n];
    return len;
}

#define PAGE_HITS 100 /* the largest page_size the API accepts */

int svc_gigsearch_page(const struct gigindex_query *q, long long page, long long size, char **body,
                       size_t *len)
{
    *body = NULL;
    *len = 0;
    if ((poll_ms == 0 || !atomic_load(&loaded)) && refresh() != 0 && !atomic_load(&loaded))
        return GIGSEARCH_UNAVAILABLE;
    struct gigindex_hit hits[PAGE_HITS];
    struct strbuf b = {0};
    char num[96];
    long long total = 0;
    pthread_rwlock_rdlock(&lock);
    long n = gigindex_search(ix, q, hits, PAGE_HITS, &total);
    /* the whole page in one allocation (strbuf grows from the capacity it is given): the rows plus at
     * most 64 bytes of JSON around each and 128 around them all */
    size_t need = 128;
    for (long i = 0; i < n; i++) {
        prefetch(hits[i].payload, hits[i].payload_len);
        if (hits[i].employer_payload)
            prefetch(hits[i].employer_payload, hits[i].employer_payload_len);
        need += hits[i].payload_len + hits[i].employer_payload_len + 64;
    }
    b.p = malloc(need);
    b.cap = b.p ? need : 0;
    strbuf_add(&b, "{\"items\":[", 10);
    for (long i = 0; i < n; i++) {
        if (i)
            strbuf_add(&b, ",", 1);
        strbuf_add(&b, hits[i].payload, hits[i].payload_len);
        strbuf_add(&b, ",\"employer\":", 12);
        if (hits[i].employer_payload)
            strbuf_add(&b, hits[i].employer_payload, hits[i].employer_payload_len);
        else
            strbuf_add(&b, "null", 4);
        if (q->geo) {
            memcpy(num, ",\"distance_m\":", 14);
            strbuf_add(&b, num, 14 + decimal(hits[i].distance_m, num + 14));
        }
        strbuf_add(&b, "}", 1);
    }
    pthread_rwlock_unlock(&lock);
    strbuf_add(&b, num,
               (size_t)snprintf(num, sizeof num, "],\"page\":%lld,\"page_size\":%lld,\"total\":%lld}", page,
                                size, total));
    if (n < 0 || b.oom) {
        free(b.p);
        return n < 0 ? (int)n : -1;
    }
    *body = b.p;
    *len = b.n;
    return 0;
}

void svc_gigsearch_stats(size_t *gigs, size_t *bytes, long long *load_ms)
{
    *gigs = *bytes = 0;
    *load_ms = atomic_load(&last_load_ms);
    if (!atomic_load(&loaded))
        return;
    pthread_rwlock_rdlock(&lock);
    *gigs = gigindex_size(ix);
    *bytes = gigindex_bytes(ix);
    pthread_rwlock_unlock(&lock);
}
