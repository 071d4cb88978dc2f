/* The request as handlers see it: parsed path ids, query, JSON body, the caller, and the reply slot.
 * Filled by http/ (which alone knows civetweb); owned and released by http/ after the reply is sent.
 * Handlers set reply (ownership passes to the request) and return the HTTP status. */
#ifndef LG_REQ_H
#define LG_REQ_H

#include <jansson.h>
#include <stddef.h>

#include "api/errors.h"

enum principal_kind { PRINCIPAL_NONE, PRINCIPAL_USER, PRINCIPAL_ADMIN };

/* Roles as bits, so a route can allow several. A WeChat account is ROLE_USER whether it acts as a
 * worker or an employer; admin accounts have exactly one of the others (three-role separation). */
enum role {
    ROLE_USER = 1 << 0,
    ROLE_ADMIN = 1 << 1,
    ROLE_REVIEWER = 1 << 2,
    ROLE_STATION = 1 << 3,
    ROLE_AUDITOR = 1 << 4,
};
#define ROLE_ANY_ADMIN (ROLE_ADMIN | ROLE_REVIEWER | ROLE_STATION | ROLE_AUDITOR)

struct principal {
    enum principal_kind kind;
    long long id;
    enum role role;
    char region[13]; /* admin scope; "" = whole deployment */
    long token_version;
};

#define REQ_MAX_IDS 3

struct req {
    /* set by http before the handler runs */
    const char *method;
    const char *route; /* the route pattern, e.g. "/api/v1/gigs/{id}" */
    const char *query; /* raw query string or NULL */
    json_t *body;      /* parsed JSON object, or NULL when the route takes none */
    const unsigned char
        *body_raw; /* RF_BYTES routes: the body as sent (NUL-terminated copy), NULL if empty */
    size_t body_len;
    char content_type[160]; /* RF_BYTES routes: the Content-Type header ("" if absent or longer) */
    long long ids[REQ_MAX_IDS];
    int nids;
    char rid[33]; /* request id, also sent as X-Request-Id */
    char ip[48];  /* client IP (X-Forwarded-For only from trusted proxies) */
    char user_agent[256];
    char idempotency_key[129];
    char if_none_match[80];
    struct principal who;
    const char *bearer; /* raw bearer token, NULL if none */
    long long now;      /* unix seconds at request start */

    /* set by the handler */
    json_t *reply; /* owned by the request */
    char *raw;     /* non-JSON reply body (malloc'd, owned by the request) */
    size_t raw_len;
    const char *raw_type;             /* Content-Type of raw */
    const unsigned char *static_body; /* not owned (embedded documents) */
    char filename[96];                /* raw replies: sent as Content-Disposition attachment when set */
    int inline_file; /* raw replies without a filename: Content-Disposition: inline (shown, not saved) */
    int retry_after; /* seconds, for 429/503; 0 = none */
    char etag[24];   /* sent as ETag when set */
};

/* Sets r->reply to the error shape of SPEC §4 for e, with an optional field name and an optional
 * message overriding the table's zh-CN text. Returns the HTTP status of e. */
int req_fail(struct req *r, enum err e, const char *field, const char *message);
/* Sets r->reply (takes ownership of v) and returns status. */
int req_reply(struct req *r, int status, json_t *v);
/* Sets a non-JSON reply (a PDF, a CSV): body is malloc'd and owned by the request from here on, type is
 * its Content-Type (a string literal), and filename (NULL: none) is offered as the download name in
 * Content-Disposition: attachment (characters other than A-Z a-z 0-9 . _ - become _). Returns status. */
int req_reply_file(struct req *r, int status, char *body, size_t len, const char *type, const char *filename);

/* Copies the URL-decoded value of query parameter name into out. Returns 1 if present, 0 if absent,
 * -1 if too long or malformed (bad %-escape, NUL, invalid UTF-8). */
int req_query(const struct req *r, const char *name, char *out, size_t cap);

#endif
