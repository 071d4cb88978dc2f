/* Process-wide state the handlers share: the validated configuration and the token keys derived from it.
 * Set once at start-up before any request; read-only afterwards. */
#ifndef LG_API_H
#define LG_API_H

#include "core/config.h"
#include "ext/token.h"
#include "store/db.h"
#include "api/req.h"

/* Stores cfg (borrowed, must outlive the server). */
void api_init(const struct config *cfg);
const struct config *api_config(void);
const struct token_keys *api_token_keys(void);
/* Maps a store failure to its reply: ST_NOTFOUND 404, ST_CONFLICT 409, ST_UNAVAILABLE 503, else 500. */
int api_store_fail(struct req *r, enum st rc);

/* Formats unix seconds as RFC 3339 UTC ("2026-11-21T08:00:00Z") into out (>= 21 bytes); returns out. */
char *api_time(long long t, char *out);
/* Maps a token role claim to its role bit; 0 if unknown. */
enum role api_role_from_name(const char *name);
/* The name of one role bit ("admin", "reviewer", ...), the inverse of api_role_from_name. Static. */
const char *api_role_name(enum role role);
/* Appends an audit row for the caller acting on object_type/object_id (its id as text) with result "ok",
 * "denied" or "failed"; joins the caller's transaction when one is open (store/audit.h). */
enum st api_audit(struct req *r, const char *action, const char *object_type, long long object_id,
                  const char *result);
/* Parses the decimal query parameter name in [lo, hi] into out: 1 present and valid, 0 absent,
 * -1 invalid. */
int api_query_int(struct req *r, const char *name, long long lo, long long hi, long long *out);
/* Parses a finite decimal query parameter: 1 present and valid, 0 absent, -1 invalid. */
int api_query_num(struct req *r, const char *name, double *out);
/* Reads ?page= (1-10000, default 1) and ?page_size= (1-100, default 20). Returns 0, or the 400 status
 * with the error reply set. */
int api_page(struct req *r, long long *page, long long *size);
/* {"items": items, "page", "page_size", "total"}: the list shape of SPEC §4 (takes ownership of items). */
json_t *api_list_reply(json_t *items, long long page, long long size, long long total);
#endif
