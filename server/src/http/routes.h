/* The route table: every endpoint linggongd answers, with its handler, who may call it and its rate
 * class. Lookup tells "no such path" (404) from "path exists, method does not" (405). */
#ifndef LG_ROUTES_H
#define LG_ROUTES_H

#include <stddef.h>

#include "http/req.h"

#define HTTP_MAX_BODY (64 * 1024) /* a request body's cap unless its route says otherwise (SPEC §4) */

enum rate_class {
    RATE_DEFAULT,
    RATE_LOGIN,
    RATE_UPLOAD, /* also RATE_UPLOAD_PER_MIN per user */
    RATE_ACT,    /* also RATE_ACT_PER_MIN per user: applying and rating (SECURITY.md) */
};

enum route_flags {
    RF_PUBLIC = 1 << 0,   /* no token needed */
    RF_BODY = 1 << 1,     /* takes a JSON body */
    RF_RAW = 1 << 2,      /* not under /api/v1: no JSON body, not rate limited per user */
    RF_OPTIONAL = 1 << 3, /* public, but a bearer token (if sent) identifies the caller */
    RF_BYTES = 1 << 4, /* takes a body that is not JSON: handed over as bytes (req body_raw, content_type) */
};
/* A route's body cap when it is not HTTP_MAX_BODY (64 KiB, SPEC §4): n MiB plus 64 KiB for an envelope
 * (multipart headers), n 1..255, or-ed into flags. Beyond the cap: 413 before the body is read. */
#define RF_BODY_MIB(n) ((unsigned)(n) << 16)
#define ROUTE_BODY_CAP(rt)                                                                                   \
    (((rt)->flags >> 16) & 0xffu ? ((size_t)(((rt)->flags >> 16) & 0xffu) << 20) + 65536u : HTTP_MAX_BODY)

struct route {
    const char *method;
    const char *pattern; /* literal segments and {id} segments (digits only) */
    int (*handler)(struct req *r);
    unsigned flags;
    unsigned roles; /* enum role bits allowed; ignored when RF_PUBLIC */
    enum rate_class rate;
};

extern const struct route routes[];
extern const unsigned routes_count;

enum route_match { ROUTE_FOUND, ROUTE_NO_PATH, ROUTE_NO_METHOD, ROUTE_BAD_ID };

/* Finds the route for method and path. On ROUTE_FOUND sets *index and fills ids (digits-only {id}
 * segments, at most REQ_MAX_IDS). On ROUTE_NO_METHOD writes the allowed methods ("GET, POST") to allow. */
enum route_match routes_match(const char *method, const char *path, unsigned *index, long long *ids,
                              int *nids, char *allow, size_t allow_cap);

/* Compares one pattern against a path; fills ids. Returns 1 on match, 0 on mismatch, -1 when the shape
 * matches but an {id} segment is not digits (1-18, no leading zero). */
int routes_match_pattern(const char *pattern, const char *path, long long *ids, int *nids);

/* GET /metrics (http/metrics.c), the one route http/ answers itself: Prometheus text exposition format. */
int http_metrics_handler(struct req *r);

#endif
