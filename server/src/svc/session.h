/* Token pairs for a signed-in account: a new refresh family (sign-in) or the next token of a family
 * (refresh), and the reply body both share. */
#ifndef LG_SESSION_H
#define LG_SESSION_H

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
 * failure (nothing is added then). */
enum st session_issue(const struct session_subject *s, const char *family, long long now, json_t *obj);

#endif
