/* Prometheus metrics. Fixed arrays sized by the route table, so recording is a few atomic adds; the arrays
 * are kept in SHARDS copies, each worker thread writing to its own (threads are dealt out round robin), so
 * threads on different cores do not bounce one cache line per counter between them. /metrics adds the
 * copies up. */
#include "http/metrics.h"

#include <stdalign.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svc/gigsearch.h"
#include "http/routes.h"
#include "store/db.h"

#define MAX_ROUTES 256
static const int statuses[] = {200, 201, 204, 302, 304, 400, 401, 403, 404,
                               405, 409, 413, 415, 422, 429, 500, 503};
#define NSTATUS (int)(sizeof statuses / sizeof statuses[0])
static const double buckets[] = {1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000};
#define NBUCKET (int)(sizeof buckets / sizeof buckets[0])

#define SHARDS 16

/* slot MAX_ROUTES collects unmatched requests; requests in flight = begun - answered (all counts) */
struct shard {
    alignas(64) atomic_ulong begun;
    alignas(64) atomic_ulong counts[MAX_ROUTES + 1][NSTATUS + 1];
    atomic_ulong hist[MAX_ROUTES + 1][NBUCKET + 1];
    atomic_ulong sum_us[MAX_ROUTES + 1];
};
static struct shard shards[SHARDS];
static atomic_uint next_shard;
static _Thread_local struct shard *mine;

#define ADD(counter, n) atomic_fetch_add_explicit(&(counter), (n), memory_order_relaxed)
#define GET(counter)    atomic_load_explicit(&(counter), memory_order_relaxed)

static struct shard *shard(void)
{
    if (!mine)
        mine = &shards[atomic_fetch_add_explicit(&next_shard, 1, memory_order_relaxed) % SHARDS];
    return mine;
}

void metrics_begin(void)
{
    ADD(shard()->begun, 1);
}

void metrics_end(int route_index, int status, double ms)
{
    struct shard *sh = shard();
    int r = route_index < 0 || route_index >= MAX_ROUTES ? MAX_ROUTES : route_index;
    int s = NSTATUS;
    for (int i = 0; i < NSTATUS; i++)
        if (statuses[i] == status)
            s = i;
    ADD(sh->counts[r][s], 1);
    int b = NBUCKET;
    for (int i = 0; i < NBUCKET; i++) {
        if (ms <= buckets[i]) {
            b = i;
            break;
        }
    }
    ADD(sh->hist[r][b], 1);
    ADD(sh->sum_us[r], (unsigned long)(ms * 1000));
}

static unsigned long sum_counts(int r, int s)
{
    unsigned long n = 0;
    for (int i = 0; i < SHARDS; i++)
        n += GET(shards[i].counts[r][s]);
    return n;
}

static unsigned long sum_hist(int r, int b)
{
    unsigned long n = 0;
    for (int i = 0; i < SHARDS; i++)
        n += GET(shards[i].hist[r][b]);
    return n;
}

struct out {
    char *p;
    size_t n, cap;
};

static void put(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct out *o, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        va_start(ap, fmt);
        int w = vsnprintf(o->p + o->n, o->cap - o->n, fmt, ap);
        va_end(ap);
        if (w < 0)
            return;
        if ((size_t)w < o->cap - o->n) {
            o->n += (size_t)w;
            return;
        }
        size_t cap = o->cap * 2 + (size_t)w;
        char *p = realloc(o->p, cap);
        if (!p)
            return;
        o->p = p;
        o->cap = cap;
    }
}

static const char *route_label(int r, char *buf, size_t cap)
{
    if (r == MAX_ROUTES)
        snprintf(buf, cap, "method=\"\",route=\"unmatched\"");
    else
        snprintf(buf, cap, "method=\"%s\",route=\"%s\"", routes[r].method, routes[r].pattern);
    return buf;
}

int http_metrics_handler(struct req *r)
{
    struct out o = {malloc(16384), 0, 16384};
    if (!o.p)
        return req_fail(r, ERR_INTERNAL, NULL, NULL);
    o.p[0] = '\0';
    char lbl[256];
    int nr = (int)routes_count < MAX_ROUTES ? (int)routes_count : MAX_ROUTES;
    put(&o, "# HELP linggong_http_requests_total Requests answered, by route and status.\n"
            "# TYPE linggong_http_requests_total counter\n");
    for (int i = 0; i <= MAX_ROUTES; i++) {
        if (i >= nr && i != MAX_ROUTES)
            continue;
        for (int s = 0; s <= NSTATUS; s++) {
            unsigned long c = sum_counts(i, s);
            if (c)
                put(&o, "linggong_http_requests_total{%s,status=\"%s%d\"} %lu\n",
                    route_label(i, lbl, sizeof lbl), s == NSTATUS ? "other" : "",
                    s == NSTATUS ? 0 : statuses[s], c);
        }
    }
    put(&o, "# HELP linggong_http_request_duration_ms Time from request start to reply, by route.\n"
            "# TYPE linggong_http_request_duration_ms histogram\n");
    for (int i = 0; i <= MAX_ROUTES; i++) {
        if (i >= nr && i != MAX_ROUTES)
            continue;
        unsigned long cum = 0;
        for (int b = 0; b <= NBUCKET; b++)
            cum += sum_hist(i, b);
        if (!cum)
            continue;
        route_label(i, lbl, sizeof lbl);
        unsigned long run = 0;
        for (int b = 0; b < NBUCKET; b++) {
            run += sum_hist(i, b);
            put(&o, "linggong_http_request_duration_ms_bucket{%s,le=\"%g\"} %lu\n", lbl, buckets[b], run);
        }
        put(&o, "linggong_http_request_duration_ms_bucket{%s,le=\"+Inf\"} %lu\n", lbl, cum);
        unsigned long us = 0;
        for (int k = 0; k < SHARDS; k++)
            us += GET(shards[k].sum_us[i]);
        put(&o, "linggong_http_request_duration_ms_sum{%s} %.3f\n", lbl, (double)us / 1000.0);
        put(&o, "linggong_http_request_duration_ms_count{%s} %lu\n", lbl, cum);
    }
    size_t ix_gigs, ix_bytes;
    long long ix_ms;
    svc_gigsearch_stats(&ix_gigs, &ix_bytes, &ix_ms);
    put(&o,
        "# HELP linggong_search_index_gigs Open gigs in this node's search index.\n"
        "# TYPE linggong_search_index_gigs gauge\nlinggong_search_index_gigs %zu\n"
        "# HELP linggong_search_index_bytes Memory the search index holds.\n"
        "# TYPE linggong_search_index_bytes gauge\nlinggong_search_index_bytes %zu\n"
        "# HELP linggong_search_index_load_ms Duration of the last full load of the search index.\n"
        "# TYPE linggong_search_index_load_ms gauge\nlinggong_search_index_load_ms %lld\n",
        ix_gigs, ix_bytes, ix_ms);
    /* answered first, begun after: every request counted as answered had begun before begun is read, so
     * the difference is never negative (this request is one of those in flight) */
    unsigned long answered = 0, begun = 0;
    for (int i = 0; i <= MAX_ROUTES; i++)
        for (int s = 0; s <= NSTATUS; s++)
            answered += sum_counts(i, s);
    for (int i = 0; i < SHARDS; i++)
        begun += GET(shards[i].begun);
    unsigned long errors, reconnects;
    db_stats(&errors, &reconnects);
    put(&o,
        "# HELP linggong_http_in_flight Requests being handled now.\n# TYPE linggong_http_in_flight gauge\n"
        "linggong_http_in_flight %lu\n"
        "# HELP linggong_db_errors_total Database errors (including failed connects).\n"
        "# TYPE linggong_db_errors_total counter\nlinggong_db_errors_total %lu\n"
        "# HELP linggong_db_reconnects_total Database connections re-established after a loss.\n"
        "# TYPE linggong_db_reconnects_total counter\nlinggong_db_reconnects_total %lu\n",
        begun - answered, errors, reconnects);
    r->raw = o.p;
    r->raw_len = o.n;
    r->raw_type = "text/plain; version=0.0.4; charset=utf-8";
    return 200;
}
