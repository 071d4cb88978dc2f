/* Signed tokens over libjwt 1.10 (HS256 only): access tokens (short-lived) and refresh tokens (long-lived,
 * one id per token, rotated through the database by the caller); both carry the family of the sign-in
 * they belong to. Checks every claim libjwt 1.10 does not: algorithm, exp, nbf, iss, aud, the token type
 * and a family. Knows nothing about users or the database. */
#ifndef LG_TOKEN_H
#define LG_TOKEN_H

#include <stddef.h>

enum token_type { TOKEN_ACCESS, TOKEN_REFRESH };

struct token_keys {
    const unsigned char *secret;
    size_t secret_len;
    const char *issuer;
    const char *audience;
};

struct token_claims {
    enum token_type type;
    char kind[8];    /* "user" or "admin" */
    long long sub;   /* account id */
    char role[16];   /* "user", "admin", "reviewer", "station", "auditor" */
    char region[13]; /* admin scope, "" for none */
    long tv;         /* token version at issue */
    char jti[33];    /* refresh tokens: token id; access: random */
    char fam[33];    /* the sign-in's token family: the refresh chain and every access token issued with it,
                        so revoking the family ends its access tokens too (http/auth.c) */
    long long iat, exp;
};

/* Issues a token for c (type, kind, sub, role, region, tv, jti, fam used) valid from now for ttl seconds.
 * Returns a malloc'd string the caller frees, or NULL. */
char *token_issue(const struct token_keys *k, const struct token_claims *c, long long now, long ttl);

enum token_result {
    TOKEN_OK,
    TOKEN_MALFORMED,
    TOKEN_BAD_SIGNATURE,
    TOKEN_BAD_ALG,
    TOKEN_EXPIRED,
    TOKEN_NOT_YET_VALID,
    TOKEN_BAD_CLAIMS,
    TOKEN_WRONG_TYPE
};

/* Verifies tok as a token of type want at time now (allowing leeway seconds of clock skew) and fills out.
 * Returns TOKEN_OK or why it was refused. */
enum token_result token_verify(const struct token_keys *k, const char *tok, enum token_type want,
                               long long now, long leeway, struct token_claims *out);

/* The process's signing keys, set once at start-up from the configuration (secret, issuer, audience
 * borrowed from it). */
void token_keys_set(const char *secret, const char *issuer, const char *audience);
const struct token_keys *token_keys_current(void);

#endif
