/* The auth gate's token check: an access token's signature and claims, then — in one read — the account's
 * token version and status and whether the token's family was revoked, into the request's principal. Runs
 * before any handler of a non-public route. */
#include "http/auth.h"

#include <stdio.h>
#include <string.h>

#include "ext/token.h"
#include "store/account.h"

int auth_resolve(struct req *r)
{
    struct token_claims c;
    enum token_result tr = token_verify(token_keys_current(), r->bearer, TOKEN_ACCESS, r->now, 0, &c);
    if (tr == TOKEN_EXPIRED)
        return req_fail(r, ERR_TOKEN_EXPIRED, NULL, NULL);
    if (tr != TOKEN_OK)
        return req_fail(r, ERR_TOKEN_INVALID, NULL, NULL);
    enum role role = req_role_from_name(c.role);
    int admin = strcmp(c.kind, "admin") == 0;
    if (!role || (admin && role == ROLE_USER) || (!admin && role != ROLE_USER))
        return req_fail(r, ERR_TOKEN_INVALID, NULL, NULL);
    long tv = 0;
    char status[12];
    int family_revoked = 0;
    enum st rc = store_account_auth_state(c.kind, c.sub, c.fam, &tv, status, &family_revoked);
    if (rc == ST_NOTFOUND || (rc == ST_OK && (tv != c.tv || family_revoked)))
        return req_fail(r, ERR_TOKEN_INVALID, NULL, NULL);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    if (strcmp(status, "active") != 0)
        return req_fail(r, ERR_ACCOUNT_DISABLED, NULL, NULL);
    r->who.kind = admin ? PRINCIPAL_ADMIN : PRINCIPAL_USER;
    r->who.id = c.sub;
    r->who.role = role;
    r->who.token_version = tv;
    snprintf(r->who.region, sizeof r->who.region, "%s", c.region);
    return 0;
}
