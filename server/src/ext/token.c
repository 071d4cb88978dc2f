/* JWT issue and verification with libjwt 1.10. The library takes the algorithm from the token header and
 * checks no claims, so this file always passes the key (a NULL key would accept alg "none"), insists on
 * HS256 after decoding, and checks exp, nbf, iss, aud and typ itself. */
#include "ext/token.h"

#include <errno.h>
#include <stdio.h>
#include <jwt.h>
#include <stdlib.h>
#include <string.h>

static const char *type_name(enum token_type t)
{
    return t == TOKEN_ACCESS ? "access" : "refresh";
}

char *token_issue(const struct token_keys *k, const struct token_claims *c, long long now, long ttl)
{
    jwt_t *j = NULL;
    char *out = NULL;
    if (jwt_new(&j) != 0)
        return NULL;
    char sub[24];
    snprintf(sub, sizeof sub, "%lld", c->sub);
    if (jwt_add_grant(j, "iss", k->issuer) || jwt_add_grant(j, "aud", k->audience) ||
        jwt_add_grant(j, "sub", sub) || jwt_add_grant(j, "typ", type_name(c->type)) ||
        jwt_add_grant(j, "knd", c->kind) || jwt_add_grant(j, "rol", c->role) ||
        jwt_add_grant_int(j, "tv", c->tv) || jwt_add_grant_int(j, "iat", (long)now) ||
        jwt_add_grant_int(j, "nbf", (long)now) || jwt_add_grant_int(j, "exp", (long)(now + ttl)) ||
        jwt_add_grant(j, "jti", c->jti))
        goto out;
    if (c->region[0] && jwt_add_grant(j, "reg", c->region))
        goto out;
    if (jwt_add_grant(j, "fam", c->fam))
        goto out;
    if (jwt_set_alg(j, JWT_ALG_HS256, k->secret, (int)k->secret_len) != 0)
        goto out;
    out = jwt_encode_str(j);
out:
    jwt_free(j);
    return out;
}

/* Copies a string grant into out; -1 if missing or too long. */
static int grant_str(jwt_t *j, const char *name, char *out, size_t cap, int required)
{
    const char *v = jwt_get_grant(j, name);
    if (!v) {
        out[0] = '\0';
        return required ? -1 : 0;
    }
    if (strlen(v) >= cap)
        return -1;
    strcpy(out, v);
    return 0;
}

/* Reads an integer grant; -1 if missing. */
static int grant_int(jwt_t *j, const char *name, long *out)
{
    errno = 0;
    long v = jwt_get_grant_int(j, name);
    if (errno == ENOENT || errno == EINVAL)
        return -1;
    *out = v;
    return 0;
}

enum token_result token_verify(const struct token_keys *k, const char *tok, enum token_type want,
                               long long now, long leeway, struct token_claims *out)
{
    jwt_t *j = NULL;
    enum token_result rc = TOKEN_MALFORMED;
    memset(out, 0, sizeof *out);
    if (!tok || strlen(tok) > 4096)
        return TOKEN_MALFORMED;
    if (jwt_decode(&j, tok, k->secret, (int)k->secret_len) != 0 || !j)
        return TOKEN_BAD_SIGNATURE;
    if (jwt_get_alg(j) != JWT_ALG_HS256) {
        rc = TOKEN_BAD_ALG;
        goto out;
    }
    char iss[65], aud[65], typ[16], sub[24];
    long exp, nbf, iat, tv;
    rc = TOKEN_BAD_CLAIMS;
    if (grant_int(j, "exp", &exp) || grant_int(j, "iat", &iat) || grant_int(j, "tv", &tv))
        goto out;
    if (grant_str(j, "iss", iss, sizeof iss, 1) || grant_str(j, "aud", aud, sizeof aud, 1) ||
        grant_str(j, "typ", typ, sizeof typ, 1) || grant_str(j, "sub", sub, sizeof sub, 1) ||
        grant_str(j, "knd", out->kind, sizeof out->kind, 1) ||
        grant_str(j, "rol", out->role, sizeof out->role, 1) ||
        grant_str(j, "jti", out->jti, sizeof out->jti, 1) ||
        grant_str(j, "reg", out->region, sizeof out->region, 0) ||
        grant_str(j, "fam", out->fam, sizeof out->fam, 1))
        goto out;
    if (strcmp(iss, k->issuer) != 0 || strcmp(aud, k->audience) != 0)
        goto out;
    char *end;
    errno = 0;
    out->sub = strtoll(sub, &end, 10);
    if (errno || *end || out->sub <= 0)
        goto out;
    if (strcmp(out->kind, "user") != 0 && strcmp(out->kind, "admin") != 0)
        goto out;
    if (exp < now - leeway) { /* not now > exp + leeway: a signed exp near LONG_MAX would overflow */
        rc = TOKEN_EXPIRED;
        goto out;
    }
    if (grant_int(j, "nbf", &nbf) == 0 && now + leeway < nbf) {
        rc = TOKEN_NOT_YET_VALID;
        goto out;
    }
    if (strcmp(typ, type_name(want)) != 0) {
        rc = TOKEN_WRONG_TYPE;
        goto out;
    }
    if (!out->fam[0])
        goto out;
    out->type = want;
    out->tv = tv;
    out->iat = iat;
    out->exp = exp;
    rc = TOKEN_OK;
out:
    jwt_free(j);
    return rc;
}

static struct token_keys current_keys;

void token_keys_set(const char *secret, const char *issuer, const char *audience)
{
    current_keys.secret = (const unsigned char *)secret;
    current_keys.secret_len = strlen(secret);
    current_keys.issuer = issuer;
    current_keys.audience = audience;
}

const struct token_keys *token_keys_current(void)
{
    return &current_keys;
}
