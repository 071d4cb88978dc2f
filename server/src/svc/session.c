/* Issuing token pairs. Refresh tokens are JWTs whose jti is recorded; rotation and reuse detection happen
 * in api/auth.c against those records. Must not log or return anything but the two tokens and their
 * lifetime. */
#include "svc/session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "ext/crypto.h"
#include "ext/token.h"
#include "store/account.h"

enum st svc_session_issue(const struct session_subject *s, const char *family, long long now, json_t *obj)
{
    const struct config *cfg = config_current();
    struct token_claims c;
    memset(&c, 0, sizeof c);
    snprintf(c.kind, sizeof c.kind, "%s", s->kind);
    snprintf(c.role, sizeof c.role, "%s", s->role);
    snprintf(c.region, sizeof c.region, "%s", s->region ? s->region : "");
    c.sub = s->id;
    c.tv = s->token_version;
    char jti[33];
    if (crypto_random_hex(16, jti) != 0 || crypto_random_hex(16, c.jti) != 0)
        return ST_ERR;
    if (family)
        snprintf(c.fam, sizeof c.fam, "%s", family);
    else if (crypto_random_hex(16, c.fam) != 0)
        return ST_ERR;
    c.type = TOKEN_ACCESS;
    char *access = token_issue(token_keys_current(), &c, now, cfg->access_token_ttl_s);
    c.type = TOKEN_REFRESH;
    snprintf(c.jti, sizeof c.jti, "%s", jti);
    char *refresh = token_issue(token_keys_current(), &c, now, cfg->refresh_token_ttl_s);
    enum st rc = ST_ERR;
    if (!access || !refresh)
        goto out;
    rc = store_account_refresh_insert(jti, s->kind, s->id, c.fam, now + cfg->refresh_token_ttl_s);
    if (rc != ST_OK)
        goto out;
    json_object_set_new(obj, "access_token", json_string(access));
    json_object_set_new(obj, "refresh_token", json_string(refresh));
    json_object_set_new(obj, "token_type", json_string("Bearer"));
    json_object_set_new(obj, "expires_in", json_integer(cfg->access_token_ttl_s));
out:
    free(access);
    free(refresh);
    return rc;
}
