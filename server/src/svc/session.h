/* Token pairs for a signed-in account: a new refresh family (sign-in) or the next token of a family
 * (refresh), and the reply body both share. Records the refresh token in the caller's transaction; must not
 * decide who may sign in (api/auth.c and api/admin_auth.c do) or see a request. */
#ifndef LG_SVC_SESSION_H
#define LG_SVC_SESSION_H

#include <jansson.h>

#include "store/db.h"

struct session_subject {
    const char *kind; /* "user" or "admin" */
    long long id;
    const char *role;   /* token role claim */
    const char *region; /* admin scope or "" */
    long token_version;
};

/* Issues an access token and a refresh token in family (NULL = start a new family), recording the refresh
 * token. Adds access_token, refresh_token, token_type and expires_in to obj. Returns ST_OK or the store
 * failure (nothing is added then). Joins the caller's transaction; safe to run again when it is retried. */
enum st svc_session_issue(const struct session_subject *s, const char *family, long long now, json_t *obj);

#endif
