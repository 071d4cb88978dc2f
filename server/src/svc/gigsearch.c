/* This node's gig search index (domain/gigindex) and how it stays true to MariaDB: a full load at
 * start and every SEARCH_INDEX_RESYNC_S, and in between the gigs and employers whose updated_at moved,
 * read every SEARCH_INDEX_POLL_MS (or before each search when that is 0). Every write to a gig sets
 * updated_at (publishes, edits, closes, reviews, places taken), every write to an employer too (profile,
 * verification, 诚信分); expiry is the index's own sweep. The index keeps each gig's list row as JSON
 * (without its employer, which is kept once per employer), so a search page is assembled from memory
 * without a database round trip. Searches take the read side of a writer-preferring lock; a poll
 * applies its batch under the write side. */
#include "svc/gigsearch.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/config.h"
#include "domain/timeutil.h"
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

/* Scratch for turning feed rows into index documents: the text and the list row of one gig. */
struct conv {
    char text[1024];
    struct gig_row row; /* 11 KB: one per batch, on the heap */
};

/* The list row of a gig as JSON without its employer and its closing brace (the page adds both). */
static char *gig_payload(struct conv *c, const struct gigfeed_row *r, size_t *len)
{
    struct gig_row *g = &c->row;
    memset(g, 0, sizeof *g);
    g->id = r->id;
    g->employer_id = r->employer_id;
    snprintf(g->title, sizeof g->title, "%s", r->title);
    g->job_type_id = r->job_type_id;
    snprintf(g->job_type_name, sizeof g->job_type_name, "%s", r->job_type_name);
    g->pay_fen = r->pay_fen;
    snprintf(g->pay_unit, sizeof g->pay_unit, "%s", r->pay_unit);
    g->headcount = r->headcount;
    g->accepted_count = r->accepted_count;
    g->starts_at = r->starts_at;
    g->ends_at = r->ends_at;
    snprintf(g->address, sizeof g->address, "%s", r->address);
    g->lat = r->lat;
    g->lng = r->lng;
    snprintf(g->region_code, sizeof g->region_code, "%s", r->region);
    snprintf(g->region_name, sizeof g->region_name, "%s", r->region_name);
    snprintf(g->status, sizeof g->status, "%s", r->status);
    g->created_at = r->created_at;
    g->published_at = r->published_ms / 1000;
    json_t *o = view_gig(g, 0, 0, 0);
    char *out = NULL;
    if (o && json_object_del(o, "employer") == 0)
        out = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(10));
    json_decref(o);
    *len = out ? strlen(out) - 1 : 0; /* drop the closing brace */
    return out;
}

static char *employer_payload(const struct gigfeed_employer *e, size_t *len)
{
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:I}", "id", (json_int_t)e->id, "name", e->name, "kind",
                          e->kind, "verification", e->verification, "credit", (json_int_t)e->credit);
    char *out = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    *len = out ? strlen(out) : 0;
    return out;
}

/* Puts the employer into ix when the index has an older copy or none. */
static void put_employer(struct gigindex *x, const struct gigfeed_employer *e)
{
    if (gigindex_employer_version(x, e->id) == e->updated_ms)
        return;
    size_t len;
    char *p = employer_payload(e, &len);
    if (!p || gigindex_put_employer(x, e->id, e->updated_ms, p, len) != 0)
        log_warn("employer left out of the search index", "\"employer\":%lld", e->id);
    free(p);
}

/* The index document of a feed row: d's text points into text (1024 bytes), d's payload is returned
 * (malloc'd; the caller frees it after putting d), NULL when out of memory. */
static char *prepare_gig(struct conv *c, const struct gigfeed_row *r, struct gigindex_doc *d, char *text)
{
    size_t len;
    char *payload = gig_payload(c, r, &len);
    if (!payload)
        return NULL;
    snprintf(text, 1024, "%s %s %s", r->title, r->job_names, r->address);
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
        .text = text,
        .version = r->updated_ms,
        .payload = payload,
        .payload_len = len,
    };
    return payload;
}

/* Puts the gig (and its employer) into x. Returns 0 or -1. */
static int put_gig(struct gigindex *x, struct conv *c, const struct gigfeed_row *r)
{
    put_employer(x, &r->employer);
    struct gigindex_doc d;
    char *payload = prepare_gig(c, r, &d, c->text);
    int rc = payload ? gigindex_put(x, &d) : -1;
    free(payload);
    return rc;
}

struct load {
    struct gigindex *ix;
    struct conv c;
    size_t bad;
};

static int load_row(void *p, const struct gigfeed_row *r)
{
    struct load *l = p;
    if (put_gig(l->ix, &l->c, r) != 0)
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

/* Applies the gigs and employers changed since the last poll. Caller holds refresh_mu, and only its
 * holder ever changes ix, so ix is read here without the lock and the rows to list are serialised
 * before the write side is taken; under it the batch is only put. */
static int poll_changes(void)
{
    long long t0;
    struct batch b = {0};
    struct emps e = {0};
    struct conv *c = malloc(sizeof *c);
    struct ready *rd = NULL;
    char **emp_payload = NULL;
    size_t *emp_len = NULL, nready = 0;
    int rc = -1;
    if (!c || store_gigfeed_now(&t0) != ST_OK ||
        store_gigfeed_changed(watermark_ms - LOOKBACK_MS, keep_row, &b) != ST_OK ||
        store_gigfeed_employers(watermark_ms - LOOKBACK_MS, keep_employer, &e) != ST_OK)
        goto out;
    rd = calloc(b.n ? b.n : 1, sizeof *rd);
    emp_payload = calloc(e.n + b.n + 1, sizeof *emp_payload);
    emp_len = calloc(e.n + b.n + 1, sizeof *emp_len);
    if (!rd || !emp_payload || !emp_len)
        goto out;
    /* employers first: those changed, then those of the changed gigs (their rows carry them) */
    const struct gigfeed_employer **emp = malloc((e.n + b.n + 1) * sizeof *emp);
    size_t nemp = 0;
    if (!emp)
        goto out;
    for (size_t i = 0; i < e.n; i++)
        emp[nemp++] = &e.e[i];
    for (size_t i = 0; i < b.n; i++)
        if (b.rows[i].open)
            emp[nemp++] = &b.rows[i].employer;
    for (size_t i = 0; i < nemp; i++)
        if (gigindex_employer_version(ix, emp[i]->id) != emp[i]->updated_ms)
            emp_payload[i] = employer_payload(emp[i], &emp_len[i]);
    for (size_t i = 0; i < b.n; i++) {
        const struct gigfeed_row *r = &b.rows[i];
        if (!r->open) {
            rd[nready++] = (struct ready){.id = r->id, .remove = 1};
        } else if (gigindex_version(ix, r->id) != r->updated_ms) {
            struct ready *x = &rd[nready];
            x->id = r->id;
            x->payload = prepare_gig(c, r, &x->d, x->text);
            if (!x->payload)
                log_warn("gig left out of the search index", "\"gig\":%lld", r->id);
            else
                nready++;
        }
    }
    size_t changed = 0;
    pthread_rwlock_wrlock(&lock);
    for (size_t i = 0; i < nemp; i++)
        if (emp_payload[i] &&
            gigindex_put_employer(ix, emp[i]->id, emp[i]->updated_ms, emp_payload[i], emp_len[i]) != 0)
            log_warn("employer left out of the search index", "\"employer\":%lld", emp[i]->id);
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
    free(emp);
    if (changed || ended)
        log_json(LOG_DEBUG, "search index updated", "\"changed\":%zu,\"ended\":%zu", changed, ended);
    rc = 0;
out:
    for (size_t i = 0; rd && i < nready; i++)
        free(rd[i].payload);
    for (size_t i = 0; emp_payload && i < e.n + b.n + 1; i++)
        free(emp_payload[i]);
    free(rd);
    free(emp_payload);
    free(emp_len);
    free(b.rows);
    free(e.e);
    free(c);
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
    return ticker_start(&ticker, poll_ms, tick, NULL);
}

void gigsearch_stop(void)
{
    ticker_stop(&ticker);
    gigindex_free(ix);
    ix = NULL;
    atomic_store(&loaded, 0);
    pthread_rwlock_destroy(&lock);
}

int gigsearch_page(const struct gigindex_query *q, long long page, long long size, char **body, size_t *len)
{
    *body = NULL;
    *len = 0;
    if ((poll_ms == 0 || !atomic_load(&loaded)) && refresh() != 0 && !atomic_load(&loaded))
        return GIGSEARCH_UNAVAILABLE;
    struct gigindex_hit *hits = malloc(100 * sizeof *hits);
    if (!hits)
        return -1;
    struct strbuf b = {0};
    char num[96];
    long long total = 0;
    pthread_rwlock_rdlock(&lock);
    long n = gigindex_search(ix, q, hits, 100, &total);
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
        if (q->geo)
            strbuf_add(&b, num,
                       (size_t)snprintf(num, sizeof num, ",\"distance_m\":%lld", hits[i].distance_m));
        strbuf_add(&b, "}", 1);
    }
    pthread_rwlock_unlock(&lock);
    free(hits);
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

void gigsearch_stats(size_t *gigs, size_t *bytes, long long *load_ms)
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
