/* gigindex: the in-memory search index of open gigs that answers GET /api/v1/gigs (docs/SEARCH.md).
 * It holds, per open gig, the fields the filters and orders need and a normalised text of title, 工种
 * and address, plus posting lists (region at each level, region × 工种, 工种, text bigrams) kept in
 * newest-first order and a grid of 0.01° cells for distance. It answers with gig ids, a distance and an
 * exact total; MariaDB remains the truth and serves the rows. A gig is searchable from its put to its
 * removal or the first sweep (gigindex_expire) at or after its end: the caller sweeps often. Pure data
 * structure: no I/O, no locks (the caller serialises writers against readers), no clock (the caller passes
 * "now"). */
#ifndef LG_DOMAIN_GIGINDEX_H
#define LG_DOMAIN_GIGINDEX_H

#include <stddef.h>

/* One open gig as the index sees it. text is copied. */
struct gigindex_doc {
    long long id, employer_id;
    long long published_ms;       /* the order of "newest first" (ties: higher id first) */
    long long starts_at, ends_at; /* unix seconds */
    long long pay_fen;
    int job_type_id, job_top_id;     /* job_top_id == job_type_id for a top-level 工种 */
    unsigned province, city, county; /* 6-digit codes */
    unsigned long long town;         /* the gig's region code when below county level, else 0 */
    double lat, lng;
    const char *text;    /* UTF-8: title, 工种 names and address, in any order */
    long long version;   /* the row's updated_at in ms: lets a refresh skip unchanged rows */
    const char *payload; /* what the caller lists for the gig (copied; NULL: nothing) */
    size_t payload_len;
};

enum gigindex_sort { GIGINDEX_NEW, GIGINDEX_PAY, GIGINDEX_DISTANCE };

/* A search. Zero/empty fields do not filter. */
struct gigindex_query {
    int region_level; /* 0 none, 1 province, 2 city, 3 county, 4 town (as domain/region's levels) */
    unsigned long long region;
    int job_level; /* 0 none, 1 a top-level 工种 and its subtree, 2 one leaf 工种 */
    int job_id;
    long long pay_min;   /* pay_fen >= */
    long long ends_from; /* ends_at >= (unix s) */
    long long starts_to; /* starts_at <= (unix s) */
    const char *words;   /* up to GIGINDEX_MAX_WORDS words separated by spaces or punctuation; each
                            must occur in the text (after folding case, width and 繁/简) */
    int geo;
    double lat, lng, radius_m;
    enum gigindex_sort sort;
    long long offset, limit;
    const long long *exclude_employers; /* gigs of these employers never match (blocklists); ascending */
    size_t nexclude;
};

#define GIGINDEX_MAX_WORDS 4
#define GIGINDEX_MAX_DEPTH 10000 /* offset + limit beyond this: the total only, no hits (500 pages of 20) */

struct gigindex_hit {
    long long id;
    long long distance_m; /* rounded metres when the query has a position, else 0 */
    long long version;    /* as put */
    long long employer_id;
    const char *payload; /* as put; valid until the index next changes */
    size_t payload_len;
    const char *employer_payload; /* as put with gigindex_put_employer, or NULL */
    size_t employer_payload_len;
};

struct gigindex;

/* Returns a new empty index (free with gigindex_free), or NULL when out of memory. */
struct gigindex *gigindex_new(void);
void gigindex_free(struct gigindex *ix);

/* Inserts doc, replacing the gig with the same id. Returns 0, or -1 when out of memory or doc is
 * malformed (the index is unchanged then, except that an older copy of the gig is gone). */
int gigindex_put(struct gigindex *ix, const struct gigindex_doc *doc);
/* Keeps what the caller lists for employer id (copied), replacing an older version; hits of the
 * employer's gigs carry it. Returns 0, or -1 when out of memory (the old copy stays). */
int gigindex_put_employer(struct gigindex *ix, long long id, long long version, const char *payload,
                          size_t len);
/* The version employer id was put with, or -1. */
long long gigindex_employer_version(const struct gigindex *ix, long long id);
/* Removes gig id. Returns 1 if it was there, 0 if not. */
int gigindex_remove(struct gigindex *ix, long long id);
/* The version the gig was put with, or -1 when it is not in the index. */
long long gigindex_version(const struct gigindex *ix, long long id);
/* Removes every gig with ends_at <= now; returns how many. Cheap when none is due. */
size_t gigindex_expire(struct gigindex *ix, long long now);
size_t gigindex_size(const struct gigindex *ix);
/* Bytes held, for /metrics and the docs. */
size_t gigindex_bytes(const struct gigindex *ix);

/* The number of words the index would search for in text (0: nothing searchable, e.g. only
 * punctuation), -2 when it is not valid UTF-8 or has more than GIGINDEX_MAX_WORDS words, -1 when out of
 * memory. */
int gigindex_words(const char *text);
/* Runs q: writes up to q->limit hits (starting at q->offset in the asked order) to hits (cap >= limit)
 * and the number of all matches to *total. Returns the number of hits, -1 when out of memory, -2 when
 * q->words has more than GIGINDEX_MAX_WORDS words or is not valid UTF-8. */
long gigindex_search(const struct gigindex *ix, const struct gigindex_query *q, struct gigindex_hit *hits,
                     size_t cap, long long *total);

#endif
