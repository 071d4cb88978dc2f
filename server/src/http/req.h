/* The request as handlers see it: parsed path ids, query, JSON body, the caller, and the reply slot.
 * Filled by http/ (which alone knows civetweb); owned and released by http/ after the reply is sent.
 * Handlers set reply (ownership passes to the request) and return the HTTP status. */
#ifndef LG_REQ_H
#define LG_REQ_H

#include <jansson.h>
#include <stddef.h>

#include "domain/fsm.h"
#include "http/errors.h"
#include "store/db.h"

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
    json_t *kept;       /* values handlers hand to the request to live as long as it (req_keep) */

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

/* Hands v (a new reference, or NULL) to the request, which releases it with itself; returns v borrowed,
 * or NULL when v was NULL or could not be kept (then released). */
json_t *req_keep(struct req *r, json_t *v);

/* The 409 state_conflict reply of an object of machine m found in state (its wire name): "<对象>当前状态为
 * 「<label>」，不能进行此操作". Returns 409. */
int req_state_conflict(struct req *r, enum fsm_machine m, const char *state);

/* Maps a store failure to its reply: ST_NOTFOUND 404, ST_CONFLICT 409, ST_UNAVAILABLE 503, else 500. */
int req_store_fail(struct req *r, enum st rc);

/* Maps a token role claim to its role bit; 0 if unknown. */
enum role req_role_from_name(const char *name);
/* The name of one role bit ("admin", "reviewer", ...), the inverse of req_role_from_name. Static. */
const char *req_role_name(enum role role);
/* Appends an audit row for the caller acting on object_type/object_id (its id as text) with result "ok",
 * "denied" or "failed"; joins the caller's transaction when one is open (store/audit.h). */
enum st req_audit(struct req *r, const char *action, const char *object_type, long long object_id,
                  const char *result);
/* Parses the decimal query parameter name in [lo, hi] into out: 1 present and valid, 0 absent,
 * -1 invalid. */
int req_query_int(struct req *r, const char *name, long long lo, long long hi, long long *out);
/* Parses a finite decimal query parameter: 1 present and valid, 0 absent, -1 invalid. */
int req_query_num(struct req *r, const char *name, double *out);
/* Reads ?page= (1-10000, default 1) and ?page_size= (1-100, default 20). Returns 0, or the 400 status
 * with the error reply set. */
int req_page(struct req *r, long long *page, long long *size);
/* {"items": items, "page", "page_size", "total"}: the list shape of SPEC §4 (takes ownership of items). */
json_t *req_list_reply(json_t *items, long long page, long long size, long long total);
#endif
