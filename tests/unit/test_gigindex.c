/* Unit tests of domain/gigindex: fixed cases (keyword folding, region levels, 工种 subtrees, orders,
 * paging, exclusion, expiry, replacement) and a randomised comparison with a brute-force evaluation of
 * the same filters over thousands of gigs and queries, after inserts, replacements and removals. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "domain/geo.h"
#include "domain/gigindex.h"

#define NOW 1800000000LL

static struct gigindex_doc doc(long long id, const char *text, unsigned county, int job, int top)
{
    return (struct gigindex_doc){.id = id,
                                 .employer_id = 1000 + id % 7,
                                 .published_ms = 1000 * id,
                                 .starts_at = NOW + 3600,
                                 .ends_at = NOW + 86400,
                                 .pay_fen = 20000,
                                 .job_type_id = job,
                                 .job_top_id = top,
                                 .province = county / 10000 * 10000,
                                 .city = county / 100 * 100,
                                 .county = county,
                                 .lat = 24.47,
                                 .lng = 109.73,
                                 .text = text,
                                 .version = 1};
}

static struct gigindex_query query(void)
{
    return (struct gigindex_query){.limit = 20};
}

static long run(const struct gigindex *ix, const struct gigindex_query *q, long long *ids, long long *total)
{
    struct gigindex_hit h[100];
    long n = gigindex_search(ix, q, h, 100, total);
    for (long i = 0; i < n; i++)
        ids[i] = h[i].id;
    return n;
}

START_TEST(keyword_folds_and_needs_every_word)
{
    struct gigindex *ix = gigindex_new();
    struct gigindex_doc d1 = doc(1, "水电工维修 水电工 柳州市鹿寨县", 450223, 12, 1);
    struct gigindex_doc d2 = doc(2, "家政保洁 保洁 鹿寨县城", 450223, 22, 2);
    struct gigindex_doc d3 = doc(3, "水電安裝 ＡＢＣ電工", 450223, 12, 1); /* traditional, full width */
    ck_assert_int_eq(gigindex_put(ix, &d1), 0);
    ck_assert_int_eq(gigindex_put(ix, &d2), 0);
    ck_assert_int_eq(gigindex_put(ix, &d3), 0);
    struct gigindex_query q = query();
    long long ids[100], total;
    q.words = "水电";
    ck_assert_int_eq(run(ix, &q, ids, &total), 2);
    ck_assert_int_eq(total, 2);
    ck_assert_int_eq(ids[0], 3); /* newest first */
    ck_assert_int_eq(ids[1], 1);
    q.words = "水电 维修";
    ck_assert_int_eq(run(ix, &q, ids, &total), 1);
    ck_assert_int_eq(ids[0], 1);
    q.words = "abc";
    ck_assert_int_eq(run(ix, &q, ids, &total), 1);
    ck_assert_int_eq(ids[0], 3);
    q.words = "洁"; /* one character: no bigram list, checked per gig */
    ck_assert_int_eq(run(ix, &q, ids, &total), 1);
    ck_assert_int_eq(ids[0], 2);
    q.words = "水电维"; /* bigrams present, but not adjacent in that order in 1 or 3 */
    ck_assert_int_eq(run(ix, &q, ids, &total), 0);
    ck_assert_int_eq(total, 0);
    q.words = "a b c d e";
    ck_assert_int_eq(gigindex_search(ix, &q, NULL, 0, &total), -2);
    q.words = "\xff";
    ck_assert_int_eq(gigindex_search(ix, &q, NULL, 0, &total), -2);
    gigindex_free(ix);
}
END_TEST

START_TEST(region_levels_and_job_subtrees)
{
    struct gigindex *ix = gigindex_new();
    struct gigindex_doc d[] = {
        doc(1, "a", 450223, 12, 1), /* 鹿寨县, leaf 12 of top 1 */
        doc(2, "b", 450223, 13, 1), /* 鹿寨县, leaf 13 of top 1 */
        doc(3, "c", 450202, 12, 1), /* another county of the same city */
        doc(4, "d", 360824, 12, 1), /* another province */
        doc(5, "e", 450223, 22, 2), /* other 工种 */
    };
    d[1].town = 450223100;
    for (size_t i = 0; i < sizeof d / sizeof d[0]; i++)
        ck_assert_int_eq(gigindex_put(ix, &d[i]), 0);
    struct gigindex_query q = query();
    long long ids[100], total;
    q.region_level = 3, q.region = 450223;
    ck_assert_int_eq(run(ix, &q, ids, &total), 3);
    q.region_level = 2, q.region = 450200;
    ck_assert_int_eq(run(ix, &q, ids, &total), 4);
    q.region_level = 1, q.region = 450000;
    ck_assert_int_eq(run(ix, &q, ids, &total), 4);
    q.region_level = 4, q.region = 450223100;
    ck_assert_int_eq(run(ix, &q, ids, &total), 1);
    ck_assert_int_eq(ids[0], 2);
    q.region_level = 3, q.region = 450223, q.job_level = 1, q.job_id = 1;
    ck_assert_int_eq(run(ix, &q, ids, &total), 2);
    ck_assert_int_eq(ids[0], 2);
    ck_assert_int_eq(ids[1], 1);
    q.job_level = 2, q.job_id = 12;
    ck_assert_int_eq(run(ix, &q, ids, &total), 1);
    ck_assert_int_eq(ids[0], 1);
    q.region_level = 0, q.region = 0;
    ck_assert_int_eq(run(ix, &q, ids, &total), 3);
    q.job_id = 99; /* no such list */
    ck_assert_int_eq(run(ix, &q, ids, &total), 0);
    gigindex_free(ix);
}
END_TEST

START_TEST(orders_paging_exclusion_and_distance)
{
    struct gigindex *ix = gigindex_new();
    for (int i = 1; i <= 30; i++) {
        struct gigindex_doc d = doc(i, "普工", 450223, 12, 1);
        d.pay_fen = 10000 + (i % 5) * 1000;
        d.lat = 24.47 + i * 0.001; /* ~111 m apart going north */
        ck_assert_int_eq(gigindex_put(ix, &d), 0);
    }
    struct gigindex_query q = query();
    long long ids[100], total;
    q.limit = 10, q.offset = 25;
    ck_assert_int_eq(run(ix, &q, ids, &total), 5);
    ck_assert_int_eq(total, 30);
    ck_assert_int_eq(ids[0], 5);
    ck_assert_int_eq(ids[4], 1);
    q.offset = 0, q.sort = GIGINDEX_PAY;
    ck_assert_int_eq(run(ix, &q, ids, &total), 10);
    ck_assert_int_eq(ids[0], 29); /* 14000 fen, newest of those */
    ck_assert_int_eq(ids[5], 4);
    ck_assert_int_eq(ids[6], 28);
    q.sort = GIGINDEX_DISTANCE, q.geo = 1, q.lat = 24.47, q.lng = 109.73, q.radius_m = 1000;
    struct gigindex_hit h[100];
    long n = gigindex_search(ix, &q, h, 100, &total);
    ck_assert_int_eq(n, 8);
    ck_assert_int_eq(total, 8); /* 8 × 111 m = 890 m, the 9th is 1001 m away */
    ck_assert_int_eq(h[0].id, 1);
    ck_assert_int_eq(h[0].distance_m, 111);
    ck_assert_int_eq(h[7].id, 8);
    long long ex[] = {1001};
    q.exclude_employers = ex, q.nexclude = 1; /* employer 1001 posted gigs 1 and 8 */
    n = gigindex_search(ix, &q, h, 100, &total);
    ck_assert_int_eq(total, 6);
    ck_assert_int_eq(h[0].id, 2);
    q.nexclude = 0, q.sort = GIGINDEX_NEW, q.limit = 3;
    ck_assert_int_eq(run(ix, &q, ids, &total), 3);
    ck_assert_int_eq(ids[0], 8);
    gigindex_free(ix);
}
END_TEST

START_TEST(replace_remove_and_expire)
{
    struct gigindex *ix = gigindex_new();
    struct gigindex_doc d = doc(7, "搬运", 450223, 12, 1);
    ck_assert_int_eq(gigindex_put(ix, &d), 0);
    d.text = "保安", d.version = 2, d.county = 450202, d.city = 450200;
    ck_assert_int_eq(gigindex_put(ix, &d), 0);
    ck_assert_int_eq(gigindex_size(ix), 1);
    ck_assert_int_eq(gigindex_version(ix, 7), 2);
    struct gigindex_query q = query();
    long long ids[100], total;
    q.words = "搬运";
    ck_assert_int_eq(run(ix, &q, ids, &total), 0);
    q.words = "保安", q.region_level = 3, q.region = 450202;
    ck_assert_int_eq(run(ix, &q, ids, &total), 1);
    struct gigindex_doc e = doc(8, "保安", 450202, 12, 1);
    e.ends_at = NOW + 10;
    ck_assert_int_eq(gigindex_put(ix, &e), 0);
    ck_assert_int_eq(run(ix, &q, ids, &total), 2);
    ck_assert_int_eq(gigindex_expire(ix, NOW + 5), 0);
    ck_assert_int_eq(gigindex_expire(ix, NOW + 10), 1); /* ends_at <= now: swept */
    ck_assert_int_eq(run(ix, &q, ids, &total), 1);
    ck_assert_int_eq(gigindex_version(ix, 8), -1);
    ck_assert_int_eq(gigindex_remove(ix, 7), 1);
    ck_assert_int_eq(gigindex_remove(ix, 7), 0);
    ck_assert_int_eq(gigindex_size(ix), 0);
    q.words = NULL, q.region_level = 0;
    ck_assert_int_eq(run(ix, &q, ids, &total), 0);
    d.lat = 91; /* malformed: refused, index unchanged */
    ck_assert_int_eq(gigindex_put(ix, &d), -1);
    ck_assert_int_eq(gigindex_size(ix), 0);
    gigindex_free(ix);
}
END_TEST

START_TEST(hits_carry_the_payloads)
{
    struct gigindex *ix = gigindex_new();
    struct gigindex_doc d = doc(5, "保洁", 450223, 12, 1);
    d.payload = "{\"id\":5", d.payload_len = 7;
    ck_assert_int_eq(gigindex_put(ix, &d), 0);
    struct gigindex_query q = query();
    struct gigindex_hit h[4];
    long long total;
    ck_assert_int_eq(gigindex_search(ix, &q, h, 4, &total), 1);
    ck_assert_int_eq(h[0].payload_len, 7);
    ck_assert_int_eq(memcmp(h[0].payload, "{\"id\":5", 7), 0);
    ck_assert_ptr_null(h[0].employer_payload); /* employer not known yet */
    ck_assert_int_eq(gigindex_employer_version(ix, d.employer_id), -1);
    ck_assert_int_eq(gigindex_put_employer(ix, d.employer_id, 3, "{\"n\":1}", 7), 0);
    ck_assert_int_eq(gigindex_put_employer(ix, d.employer_id, 4, "{\"n\":22}", 8), 0);
    ck_assert_int_eq(gigindex_employer_version(ix, d.employer_id), 4);
    ck_assert_int_eq(gigindex_search(ix, &q, h, 4, &total), 1);
    ck_assert_int_eq(h[0].employer_payload_len, 8);
    ck_assert_int_eq(memcmp(h[0].employer_payload, "{\"n\":22}", 8), 0);
    ck_assert_int_eq(h[0].employer_id, d.employer_id);
    ck_assert_int_eq(gigindex_put_employer(ix, 0, 1, "x", 1), -1);
    /* the same gig with a new row to list (a place taken): replaced in place, found as before */
    d.payload = "{\"id\":5,\"n\":1", d.payload_len = 13, d.version = 9;
    ck_assert_int_eq(gigindex_put(ix, &d), 0);
    ck_assert_int_eq(gigindex_size(ix), 1);
    ck_assert_int_eq(gigindex_version(ix, 5), 9);
    q.words = "保洁";
    ck_assert_int_eq(gigindex_search(ix, &q, h, 4, &total), 1);
    ck_assert_int_eq(h[0].payload_len, 13);
    ck_assert_int_eq(memcmp(h[0].payload, "{\"id\":5,\"n\":1", 13), 0);
    gigindex_free(ix);
}
END_TEST

START_TEST(pages_beyond_the_depth_limit_are_counted_not_listed)
{
    struct gigindex *ix = gigindex_new();
    for (long long id = 1; id <= GIGINDEX_MAX_DEPTH + 1; id++) {
        struct gigindex_doc d = doc(id, "普工", 450223, 12, 1);
        ck_assert_int_eq(gigindex_put(ix, &d), 0);
    }
    struct gigindex_hit h[2];
    long long total;
    for (int sort = GIGINDEX_NEW; sort <= GIGINDEX_PAY; sort++) { /* the list's own order, and a heap */
        struct gigindex_query q = {
            .offset = GIGINDEX_MAX_DEPTH - 1, .limit = 1, .sort = (enum gigindex_sort)sort};
        ck_assert_int_eq(gigindex_search(ix, &q, h, 2, &total), 1); /* offset + limit = the limit */
        ck_assert_int_eq(total, GIGINDEX_MAX_DEPTH + 1);
        ck_assert_int_eq(h[0].id, 2);
        q.offset++; /* limit + 1 */
        ck_assert_int_eq(gigindex_search(ix, &q, h, 2, &total), 0);
        ck_assert_int_eq(total, GIGINDEX_MAX_DEPTH + 1);
        q.words = "普工"; /* walked with checks */
        ck_assert_int_eq(gigindex_search(ix, &q, h, 2, &total), 0);
        ck_assert_int_eq(total, GIGINDEX_MAX_DEPTH + 1);
    }
    gigindex_free(ix);
}
END_TEST

/* ---- randomised comparison with brute force ---- */

#define N_GIGS 3000
static const char *const vocab[] = {"水电",   "保洁", "搬运", "维修", "普工",
                                    "服务员", "司机", "装卸", "日结", "鹿寨"};
static const unsigned counties[] = {450223, 450202, 450203, 450321, 360824, 360802};

struct ref {
    struct gigindex_doc d;
    char text[64];
    int live;
};

static unsigned rnd(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return (*s >> 8) & 0xffffff;
}

static int ref_match(const struct ref *r, const struct gigindex_query *q, long long now, long long *dist)
{
    const struct gigindex_doc *d = &r->d;
    if (!r->live || d->ends_at <= now || d->pay_fen < q->pay_min)
        return 0;
    if ((q->ends_from && d->ends_at < q->ends_from) || (q->starts_to && d->starts_at > q->starts_to))
        return 0;
    unsigned long long code[] = {0, d->province, d->city, d->county, d->town};
    if (q->region_level && code[q->region_level] != q->region)
        return 0;
    if ((q->job_level == 1 && d->job_top_id != q->job_id) ||
        (q->job_level == 2 && d->job_type_id != q->job_id))
        return 0;
    for (size_t i = 0; i < q->nexclude; i++)
        if (q->exclude_employers[i] == d->employer_id)
            return 0;
    if (q->words && *q->words) {
        char w[64], *save = NULL;
        snprintf(w, sizeof w, "%s", q->words);
        for (char *t = strtok_r(w, " ", &save); t; t = strtok_r(NULL, " ", &save))
            if (!strstr(r->text, t))
                return 0;
    }
    *dist = 0;
    if (q->geo) {
        double m = geo_distance_m(q->lat, q->lng, d->lat, d->lng);
        if (m > q->radius_m)
            return 0;
        *dist = llround(m);
    }
    return 1;
}

static const struct gigindex_query *cmp_q;
static const struct ref *cmp_refs;
static long long *cmp_dist;

static int ref_cmp(const void *a, const void *b)
{
    int i = *(const int *)a, j = *(const int *)b;
    const struct gigindex_doc *x = &cmp_refs[i].d, *y = &cmp_refs[j].d;
    if (cmp_q->sort == GIGINDEX_DISTANCE) {
        if (cmp_dist[i] != cmp_dist[j])
            return cmp_dist[i] < cmp_dist[j] ? -1 : 1;
        return x->id < y->id ? -1 : 1;
    }
    if (cmp_q->sort == GIGINDEX_PAY && x->pay_fen != y->pay_fen)
        return x->pay_fen > y->pay_fen ? -1 : 1;
    if (x->published_ms != y->published_ms)
        return x->published_ms > y->published_ms ? -1 : 1;
    return x->id > y->id ? -1 : 1;
}

static void random_doc(struct ref *r, long long id, unsigned *s)
{
    snprintf(r->text, sizeof r->text, "%s%s %s", vocab[rnd(s) % 10], vocab[rnd(s) % 10], vocab[rnd(s) % 10]);
    unsigned county = counties[rnd(s) % 6];
    int top = 1 + (int)(rnd(s) % 3);
    r->d = doc(id, r->text, county, top * 10 + (int)(rnd(s) % 3), top);
    r->d.published_ms = (long long)(rnd(s) % 500) * 1000; /* many ties: the id decides */
    r->d.pay_fen = 10000 + (long long)(rnd(s) % 10) * 1000;
    r->d.starts_at = NOW + (long long)(rnd(s) % 10) * 86400;
    r->d.ends_at = r->d.starts_at + 3600 + (long long)(rnd(s) % 3) * 86400;
    r->d.town = rnd(s) % 2 ? (unsigned long long)county * 1000 + 100 + rnd(s) % 3 : 0;
    r->d.lat = 24.40 + (rnd(s) % 2000) / 10000.0;
    r->d.lng = 109.60 + (rnd(s) % 2000) / 10000.0;
    r->d.employer_id = 500 + rnd(s) % 40;
    r->live = 1;
}

START_TEST(random_queries_match_brute_force)
{
    static struct ref refs[N_GIGS + 1];
    static long long dist[N_GIGS + 1];
    static int order[N_GIGS + 1];
    unsigned s = 12345;
    struct gigindex *ix = gigindex_new();
    for (long long id = 1; id <= N_GIGS; id++) {
        random_doc(&refs[id], id, &s);
        ck_assert_int_eq(gigindex_put(ix, &refs[id].d), 0);
    }
    /* churn: replace a third, remove a tenth */
    for (long long id = 1; id <= N_GIGS; id++) {
        if (rnd(&s) % 3 == 0) {
            random_doc(&refs[id], id, &s);
            ck_assert_int_eq(gigindex_put(ix, &refs[id].d), 0);
        } else if (rnd(&s) % 10 == 0) {
            refs[id].live = 0;
            ck_assert_int_eq(gigindex_remove(ix, id), 1);
        } else if (rnd(&s) % 4 == 0) {
            /* the same gig again with a new version and at most one field changed: replaced in place
             * when none changed, moved when one did */
            struct gigindex_doc *d = &refs[id].d;
            switch (rnd(&s) % 9) {
            case 0: {
                unsigned c = counties[rnd(&s) % 6];
                d->county = c, d->city = c / 100 * 100, d->province = c / 10000 * 10000, d->town = 0;
                break;
            }
            case 1:
                d->job_type_id = d->job_top_id * 10 + (int)(rnd(&s) % 3);
                break;
            case 2:
                snprintf(refs[id].text, sizeof refs[id].text, "%s", vocab[rnd(&s) % 10]);
                break;
            case 3:
                d->pay_fen = 10000 + (long long)(rnd(&s) % 10) * 1000;
                break;
            case 4:
                d->lat = 24.40 + (rnd(&s) % 2000) / 10000.0;
                break;
            case 5:
                d->ends_at = d->starts_at + 3600 + (long long)(rnd(&s) % 3) * 86400;
                break;
            case 6:
                d->employer_id = 500 + rnd(&s) % 40;
                break;
            default:
                break;
            }
            d->version++;
            ck_assert_int_eq(gigindex_put(ix, d), 0);
            ck_assert_int_eq(gigindex_version(ix, id), d->version);
        }
    }
    long long now = NOW + 2 * 86400;
    size_t expired = gigindex_expire(ix, now);
    size_t live = 0, due = 0;
    for (long long id = 1; id <= N_GIGS; id++) {
        live += refs[id].live;
        due += refs[id].live && refs[id].d.ends_at <= now;
    }
    ck_assert_uint_eq(expired, due);
    ck_assert_uint_eq(gigindex_size(ix), live - due);
    long long excl[] = {501, 503, 509, 517, 522, 530, 538}; /* ascending, as the index wants it */
    for (int qi = 0; qi < 3000; qi++) {
        struct gigindex_query q = {0};
        unsigned county = counties[rnd(&s) % 6];
        q.region_level = (int)(rnd(&s) % 5);
        unsigned long long code[] = {0, county / 10000 * 10000, county / 100 * 100, county,
                                     (unsigned long long)county * 1000 + 100 + rnd(&s) % 3};
        q.region = code[q.region_level];
        q.job_level = (int)(rnd(&s) % 3);
        int top = 1 + (int)(rnd(&s) % 3);
        q.job_id = q.job_level == 1 ? top : q.job_level == 2 ? top * 10 + (int)(rnd(&s) % 3) : 0;
        char words[64] = "";
        if (rnd(&s) % 2)
            snprintf(words, sizeof words, "%s", vocab[rnd(&s) % 10]);
        if (rnd(&s) % 4 == 0)
            snprintf(words + strlen(words), sizeof words - strlen(words), " %s", vocab[rnd(&s) % 10]);
        q.words = words;
        if (rnd(&s) % 4 == 0)
            q.pay_min = 10000 + (long long)(rnd(&s) % 10) * 1000;
        if (rnd(&s) % 5 == 0)
            q.ends_from = NOW + (long long)(rnd(&s) % 10) * 86400;
        if (rnd(&s) % 5 == 0)
            q.starts_to = NOW + (long long)(rnd(&s) % 10) * 86400;
        if (rnd(&s) % 6 == 0)
            q.exclude_employers = excl, q.nexclude = 1 + rnd(&s) % 7;
        q.sort = (enum gigindex_sort)(rnd(&s) % 2);
        if (rnd(&s) % 2) {
            q.geo = 1;
            q.lat = 24.40 + (rnd(&s) % 2000) / 10000.0;
            q.lng = 109.60 + (rnd(&s) % 2000) / 10000.0;
            q.radius_m = 500.0 + rnd(&s) % 5000;
            if (rnd(&s) % 2)
                q.sort = GIGINDEX_DISTANCE;
        }
        q.limit = 1 + rnd(&s) % 30;
        q.offset = rnd(&s) % 3 == 0 ? rnd(&s) % 40 : 0;
        int n = 0;
        for (int id = 1; id <= N_GIGS; id++)
            if (ref_match(&refs[id], &q, now, &dist[id]))
                order[n++] = id;
        cmp_q = &q, cmp_refs = refs, cmp_dist = dist;
        qsort(order, (size_t)n, sizeof order[0], ref_cmp);
        struct gigindex_hit h[64];
        long long total = -1;
        long got = gigindex_search(ix, &q, h, 64, &total);
        long want = n > q.offset ? n - q.offset : 0;
        if (want > q.limit)
            want = q.limit;
        ck_assert_msg(total == n, "query %d: total %lld, brute force %d", qi, total, n);
        ck_assert_msg(got == want, "query %d: %ld hits, brute force %ld", qi, got, want);
        for (long i = 0; i < got; i++) {
            ck_assert_msg(h[i].id == order[q.offset + i], "query %d hit %ld: id %lld, brute force %d", qi, i,
                          h[i].id, order[q.offset + i]);
            ck_assert_int_eq(h[i].distance_m, q.geo ? dist[order[q.offset + i]] : 0);
        }
    }
    gigindex_free(ix);
}
END_TEST

/* The nearest point of a meridian lies poleward of the query point's latitude (great circles bulge towards
 * the pole): at 70° and 57 km a cell's least distance taken at the point's own latitude is 4 m too long,
 * and a cell holding a gig at exactly the radius would be skipped. */
START_TEST(a_cell_is_searched_where_its_meridian_comes_nearest)
{
    const double d2r = 3.14159265358979323846 / 180;
    double qlat = 69.8905, qlng = 108.3, lng = 109.8 + 1e-7;
    double lat = atan2(sin(qlat * d2r), cos(qlat * d2r) * cos((lng - qlng) * d2r)) / d2r;
    struct gigindex *ix = gigindex_new();
    struct gigindex_doc d = doc(1, "普工", 450103, 11, 1);
    d.lat = lat, d.lng = lng;
    ck_assert_int_eq(gigindex_put(ix, &d), 0);
    struct gigindex_query q = query();
    q.geo = 1, q.lat = qlat, q.lng = qlng, q.sort = GIGINDEX_DISTANCE;
    q.radius_m = geo_distance_m(qlat, qlng, lat, lng);
    long long ids[100], total;
    ck_assert_int_eq(run(ix, &q, ids, &total), 1);
    ck_assert_int_eq(total, 1);
    q.radius_m -= 0.01;
    ck_assert_int_eq(run(ix, &q, ids, &total), 0);
    ck_assert_int_eq(total, 0);
    gigindex_free(ix);
}
END_TEST

/* "Near me, nearest first" with no other filter takes its own path: the cells the circle cuts are counted
 * from compact positions once the page is full, and only the gigs near the edge get an exact distance.
 * Dense gigs (many in each cell, some exactly on cell edges, some far) at several latitudes, both
 * hemispheres; radii from 30 m to 60 km, some exactly the distance of a gig (which must count); pages,
 * offsets and pages past the depth limit (counted only). */
#define N_NEAR 4000

START_TEST(nearest_first_counts_match_brute_force_at_any_latitude)
{
    static struct gigindex_doc docs[N_NEAR + 1];
    static long long dist[N_NEAR + 1];
    static int order[N_NEAR + 1];
    const double lats[] = {22.8, -33.9, 45.5, 53.4, 69.9};
    unsigned s = 777;
    for (size_t li = 0; li < sizeof lats / sizeof lats[0]; li++) {
        double lat0 = lats[li], lng0 = 108.3;
        struct gigindex *ix = gigindex_new();
        for (int id = 1; id <= N_NEAR; id++) {
            struct gigindex_doc *d = &docs[id];
            *d = doc(id, "普工", 450103, 11, 1);
            /* most within 0.05° of the centre, an eighth within 0.8° (for the edges of the large
             * circles), a tenth on a cell edge of either axis */
            double spread = id % 8 ? 0.1 : 1.6;
            d->lat = lat0 + ((double)rnd(&s) / 0xffffff - 0.5) * spread;
            d->lng = lng0 + ((double)rnd(&s) / 0xffffff - 0.5) * spread / cos(lat0 * 3.14159265358979 / 180);
            if (rnd(&s) % 10 == 0)
                d->lat = floor(d->lat * 100) / 100;
            if (rnd(&s) % 10 == 0)
                d->lng = floor(d->lng * 100) / 100;
            ck_assert_int_eq(gigindex_put(ix, d), 0);
        }
        for (int qi = 0; qi < 400; qi++) {
            struct gigindex_query q = query();
            q.geo = 1;
            q.sort = GIGINDEX_DISTANCE;
            q.lat = lat0 + ((double)rnd(&s) / 0xffffff - 0.5) * 0.08;
            q.lng = lng0 + ((double)rnd(&s) / 0xffffff - 0.5) * 0.08;
            double radii[] = {30, 300, 1500, 5000, 12000, 60000};
            q.radius_m = radii[rnd(&s) % 6] * (0.5 + (double)rnd(&s) / 0xffffff);
            if (qi % 3 == 0) { /* exactly the distance of some gig: that gig is within it */
                const struct gigindex_doc *at = &docs[1 + rnd(&s) % N_NEAR];
                q.radius_m = geo_distance_m(q.lat, q.lng, at->lat, at->lng);
            }
            q.limit = 1 + rnd(&s) % 30;
            q.offset = rnd(&s) % 4 == 0 ? rnd(&s) % 60 : 0;
            if (qi % 50 == 7)
                q.offset = GIGINDEX_MAX_DEPTH; /* counted, not listed */
            int n = 0;
            for (int id = 1; id <= N_NEAR; id++) {
                double m = geo_distance_m(q.lat, q.lng, docs[id].lat, docs[id].lng);
                if (m <= q.radius_m) {
                    dist[id] = llround(m);
                    order[n++] = id;
                }
            }
            static struct ref refs[N_NEAR + 1];
            for (int id = 1; id <= N_NEAR; id++)
                refs[id].d = docs[id];
            cmp_q = &q, cmp_refs = refs, cmp_dist = dist;
            qsort(order, (size_t)n, sizeof order[0], ref_cmp);
            struct gigindex_hit h[64];
            long long total = -1;
            long got = gigindex_search(ix, &q, h, 64, &total);
            long want = q.offset >= GIGINDEX_MAX_DEPTH ? 0 : n > q.offset ? n - q.offset : 0;
            if (want > q.limit)
                want = q.limit;
            ck_assert_msg(total == n, "lat %g query %d (r %.3f m): total %lld, brute force %d", lat0, qi,
                          q.radius_m, total, n);
            ck_assert_msg(got == want, "lat %g query %d: %ld hits, brute force %ld", lat0, qi, got, want);
            for (long i = 0; i < got; i++) {
                ck_assert_msg(h[i].id == order[q.offset + i],
                              "lat %g query %d hit %ld: id %lld, brute force %d", lat0, qi, i, h[i].id,
                              order[q.offset + i]);
                ck_assert_int_eq(h[i].distance_m, dist[order[q.offset + i]]);
            }
        }
        gigindex_free(ix);
    }
}
END_TEST

Suite *unit_suite(void)
{
    Suite *s = suite_create("gigindex");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, keyword_folds_and_needs_every_word);
    tcase_add_test(tc, region_levels_and_job_subtrees);
    tcase_add_test(tc, orders_paging_exclusion_and_distance);
    tcase_add_test(tc, replace_remove_and_expire);
    tcase_add_test(tc, hits_carry_the_payloads);
    tcase_add_test(tc, pages_beyond_the_depth_limit_are_counted_not_listed);
    tcase_add_test(tc, random_queries_match_brute_force);
    tcase_add_test(tc, nearest_first_counts_match_brute_force_at_any_latitude);
    tcase_add_test(tc, a_cell_is_searched_where_its_meridian_comes_nearest);
    suite_add_tcase(s, tc);
    return s;
}
