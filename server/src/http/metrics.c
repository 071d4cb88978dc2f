/* Prometheus metrics. Fixed arrays sized by the route table, so recording is a few atomic adds. */
#include "http/metrics.h"

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

/* slot MAX_ROUTES collects unmatched requests */
static atomic_ulong counts[MAX_ROUTES + 1][NSTATUS + 1];
static atomic_ulong hist[MAX_ROUTES + 1][NBUCKET + 1];
static atomic_ulong sum_us[MAX_ROUTES + 1];
static atomic_long in_flight;

void metrics_begin(void)
{
    atomic_fetch_add(&in_flight, 1);
}

void metrics_end(int route_index, int status, double ms)
{
    atomic_fetch_sub(&in_flight, 1);
    int r = route_index < 0 || route_index >= MAX_ROUTES ? MAX_ROUTES : route_index;
    int s = NSTATUS;
    for (int i = 0; i < NSTATUS; i++)
        if (statuses[i] == status)
            s = i;
    atomic_fetch_add(&counts[r][s], 1);
    int b = NBUCKET;
    for (int i = 0; i < NBUCKET; i++) {
        if (ms <= buckets[i]) {
            b = i;
            break;
        }
    }
    atomic_fetch_add(&hist[r][b], 1);
    atomic_fetch_add(&sum_us[r], (unsigned long)(ms * 1000));
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
            unsigned long c = atomic_load(&counts[i][s]);
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
            cum += atomic_load(&hist[i][b]);
        if (!cum)
            continue;
        route_label(i, lbl, sizeof lbl);
        unsigned long run = 0;
        for (int b = 0; b < NBUCKET; b++) {
            run += atomic_load(&hist[i][b]);
            put(&o, "linggong_http_request_duration_ms_bucket{%s,le=\"%g\"} %lu\n", lbl, buckets[b], run);
        }
        put(&o, "linggong_http_request_duration_ms_bucket{%s,le=\"+Inf\"} %lu\n", lbl, cum);
        put(&o, "linggong_http_request_duration_ms_sum{%s} %.3f\n", lbl,
            (double)atomic_load(&sum_us[i]) / 1000.0);
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
    unsigned long errors, reconnects;
    db_stats(&errors, &reconnects);
    put(&o,
        "# HELP linggong_http_in_flight Requests being handled now.\n# TYPE linggong_http_in_flight gauge\n"
        "linggong_http_in_flight %ld\n"
        "# HELP linggong_db_errors_total Database errors (including failed connects).\n"
        "# TYPE linggong_db_errors_total counter\nlinggong_db_errors_total %lu\n"
        "# HELP linggong_db_reconnects_total Database connections re-established after a loss.\n"
        "# TYPE linggong_db_reconnects_total counter\nlinggong_db_reconnects_total %lu\n",
        atomic_load(&in_flight), errors, reconnects);
    r->raw = o.p;
    r->raw_len = o.n;
    r->raw_type = "text/plain; version=0.0.4; charset=utf-8";
    return 200;
}
