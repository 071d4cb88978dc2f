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
#endif
