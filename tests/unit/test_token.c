/* JWT verification: the libjwt 1.10 pitfalls of SECURITY.md — alg none, HS384 with the same secret,
 * expired, missing exp, wrong aud/iss, refresh used as access, tampering — are all refused. */
#include <jwt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "ext/token.h"
#include "unit.h"

static const unsigned char secret[] = "0123456789abcdef0123456789abcdef-test";
static const struct token_keys keys = {secret, sizeof secret - 1, "linggong", "linggong-api"};
#define NOW 1800000000LL

static struct token_claims claims(enum token_type t)
{
    struct token_claims c;
    memset(&c, 0, sizeof c);
    c.type = t;
    strcpy(c.kind, "user");
    strcpy(c.role, "user");
    c.sub = 42;
    c.tv = 3;
    strcpy(c.jti, "0123456789abcdef0123456789abcdef");
    strcpy(c.fam, "fedcba9876543210fedcba9876543210");
    return c;
}

/* Hand-builds a token with libjwt: every claim but those skipped, signed with alg. */
static char *craft(jwt_alg_t alg, const char *skip, const char *aud, long exp)
{
    jwt_t *j;
    ck_assert_int_eq(jwt_new(&j), 0);
    if (!skip || strcmp(skip, "iss"))
        jwt_add_grant(j, "iss", "linggong");
    jwt_add_grant(j, "aud", aud);
    jwt_add_grant(j, "sub", "42");
    jwt_add_grant(j, "typ", "access");
    jwt_add_grant(j, "knd", "user");
    jwt_add_grant(j, "rol", "user");
    jwt_add_grant(j, "jti", "0123456789abcdef0123456789abcdef");
    if (!skip || strcmp(skip, "fam"))
        jwt_add_grant(j, "fam", "fedcba9876543210fedcba9876543210");
    jwt_add_grant_int(j, "tv", 3);
    jwt_add_grant_int(j, "iat", NOW);
    if (!skip || strcmp(skip, "exp"))
        jwt_add_grant_int(j, "exp", exp);
    ck_assert_int_eq(jwt_set_alg(j, alg, alg == JWT_ALG_NONE ? NULL : secret,
                                 alg == JWT_ALG_NONE ? 0 : (int)sizeof secret - 1),
                     0);
    char *s = jwt_encode_str(j);
    jwt_free(j);
    ck_assert_ptr_nonnull(s);
    return s;
}

START_TEST(issued_access_token_verifies)
{
    struct token_claims c = claims(TOKEN_ACCESS), out;
    char *t = token_issue(&keys, &c, NOW, 900);
    ck_assert_ptr_nonnull(t);
    ck_assert_int_eq(token_verify(&keys, t, TOKEN_ACCESS, NOW + 10, 0, &out), TOKEN_OK);
    ck_assert_int_eq(out.sub, 42);
    ck_assert_int_eq(out.tv, 3);
    ck_assert_str_eq(out.kind, "user");
    ck_assert_str_eq(out.fam, c.fam);
    ck_assert_int_eq(out.exp, NOW + 900);
    free(t);
}
END_TEST

START_TEST(alg_none_is_refused)
{
    char *t = craft(JWT_ALG_NONE, NULL, "linggong-api", NOW + 900);
    struct token_claims out;
    ck_assert_int_ne(token_verify(&keys, t, TOKEN_ACCESS, NOW, 0, &out), TOKEN_OK);
    /* also with the signature part stripped entirely */
    char *dot = strrchr(t, '.');
    if (dot)
        dot[1] = '\0';
    ck_assert_int_ne(token_verify(&keys, t, TOKEN_ACCESS, NOW, 0, &out), TOKEN_OK);
    free(t);
}
END_TEST

START_TEST(hs384_with_the_same_secret_is_refused)
{
    char *t = craft(JWT_ALG_HS384, NULL, "linggong-api", NOW + 900);
    struct token_claims out;
    ck_assert_int_eq(token_verify(&keys, t, TOKEN_ACCESS, NOW, 0, &out), TOKEN_BAD_ALG);
    free(t);
}
END_TEST

START_TEST(hs256_crafted_with_all_claims_is_accepted)
{
    /* the control case for the crafted tokens: the same builder with HS256 passes */
    char *t = craft(JWT_ALG_HS256, NULL, "linggong-api", NOW + 900);
    struct token_claims out;
    ck_assert_int_eq(token_verify(&keys, t, TOKEN_ACCESS, NOW, 0, &out), TOKEN_OK);
    free(t);
}
END_TEST

START_TEST(expired_is_refused)
{
    struct token_claims c = claims(TOKEN_ACCESS), out;
    char *t = token_issue(&keys, &c, NOW - 1000, 900);
    ck_assert_int_eq(token_verify(&keys, t, TOKEN_ACCESS, NOW, 0, &out), TOKEN_EXPIRED);
    /* exactly at exp it is still valid; one second later it is not */
    ck_assert_int_eq(token_verify(&keys, t, TOKEN_ACCESS, NOW - 100, 0, &out), TOKEN_OK);
    ck_assert_int_eq(token_verify(&keys, t, TOKEN_ACCESS, NOW - 99, 0, &out), TOKEN_EXPIRED);
    free(t);
}
END_TEST

START_TEST(missing_exp_is_refused)
{
    char *t = craft(JWT_ALG_HS256, "exp", "linggong-api", 0);
    struct token_claims out;
    ck_assert_int_eq(token_verify(&keys, t, TOKEN_ACCESS, NOW, 0, &out), TOKEN_BAD_CLAIMS);
    free(t);
}
END_TEST

/* An access token names its sign-in's family: the gate checks that family against revocations, so a
 * token without one must not pass. */
START_TEST(access_token_without_family_is_refused)
{
    struct token_claims out;
    char *t = craft(JWT_ALG_HS256, "fam", "linggong-api", NOW + 900);
    ck_assert_int_eq(token_verify(&keys, t, TOKEN_ACCESS, NOW, 0, &out), TOKEN_BAD_CLAIMS);
    free(t);
}
END_TEST

START_TEST(missing_iss_is_refused)
{
    char *t = craft(JWT_ALG_HS256, "iss", "linggong-api", NOW + 900);
    struct token_claims out;
    ck_assert_int_eq(token_verify(&keys, t, TOKEN_ACCESS, NOW, 0, &out), TOKEN_BAD_CLAIMS);
    free(t);
}
END_TEST

START_TEST(wrong_aud_is_refused)
{
    char *t = craft(JWT_ALG_HS256, NULL, "someone-else", NOW + 900);
    struct token_claims out;
    ck_assert_int_eq(token_verify(&keys, t, TOKEN_ACCESS, NOW, 0, &out), TOKEN_BAD_CLAIMS);
    free(t);
}
END_TEST

START_TEST(refresh_used_as_access_is_refused)
{
    struct token_claims c = claims(TOKEN_REFRESH), out;
    char *t = token_issue(&keys, &c, NOW, 3600);
    ck_assert_int_eq(token_verify(&keys, t, TOKEN_ACCESS, NOW, 0, &out), TOKEN_WRONG_TYPE);
    ck_assert_int_eq(token_verify(&keys, t, TOKEN_REFRESH, NOW, 0, &out), TOKEN_OK);
    ck_assert_str_eq(out.fam, c.fam);
    free(t);
}
END_TEST

START_TEST(access_used_as_refresh_is_refused)
{
    struct token_claims c = claims(TOKEN_ACCESS), out;
    char *t = token_issue(&keys, &c, NOW, 900);
    ck_assert_int_eq(token_verify(&keys, t, TOKEN_REFRESH, NOW, 0, &out), TOKEN_WRONG_TYPE);
    free(t);
}
END_TEST

START_TEST(other_secret_and_tampering_are_refused)
{
    static const unsigned char other[] = "another-secret-of-at-least-32-bytes!!";
    struct token_keys k2 = {other, sizeof other - 1, "linggong", "linggong-api"};
    struct token_claims c = claims(TOKEN_ACCESS), out;
    char *t = token_issue(&k2, &c, NOW, 900);
    ck_assert_int_eq(token_verify(&keys, t, TOKEN_ACCESS, NOW, 0, &out), TOKEN_BAD_SIGNATURE);
    free(t);
    t = token_issue(&keys, &c, NOW, 900);
    char *payload = strchr(t, '.') + 1;
    payload[5] = payload[5] == 'A' ? 'B' : 'A';
    ck_assert_int_ne(token_verify(&keys, t, TOKEN_ACCESS, NOW, 0, &out), TOKEN_OK);
    free(t);
    ck_assert_int_ne(token_verify(&keys, "", TOKEN_ACCESS, NOW, 0, &out), TOKEN_OK);
    ck_assert_int_ne(token_verify(&keys, "a.b.c", TOKEN_ACCESS, NOW, 0, &out), TOKEN_OK);
    ck_assert_int_ne(token_verify(&keys, NULL, TOKEN_ACCESS, NOW, 0, &out), TOKEN_OK);
}
END_TEST

START_TEST(not_yet_valid_is_refused)
{
    struct token_claims c = claims(TOKEN_ACCESS), out;
    char *t = token_issue(&keys, &c, NOW + 600, 900);
    ck_assert_int_eq(token_verify(&keys, t, TOKEN_ACCESS, NOW, 0, &out), TOKEN_NOT_YET_VALID);
    ck_assert_int_eq(token_verify(&keys, t, TOKEN_ACCESS, NOW, 600, &out), TOKEN_OK);
    free(t);
}
END_TEST

START_TEST(exp_at_the_end_of_long_is_compared_without_overflow)
{
    struct token_claims out;
    char *t = craft(JWT_ALG_HS256, NULL, "linggong-api", LONG_MAX); /* exp + leeway overflowed here */
    ck_assert_int_eq(token_verify(&keys, t, TOKEN_ACCESS, NOW, 60, &out), TOKEN_OK);
    free(t);
    t = craft(JWT_ALG_HS256, NULL, "linggong-api", NOW - 60); /* the leeway's last second */
    ck_assert_int_eq(token_verify(&keys, t, TOKEN_ACCESS, NOW, 60, &out), TOKEN_OK);
    free(t);
    t = craft(JWT_ALG_HS256, NULL, "linggong-api", NOW - 61);
    ck_assert_int_eq(token_verify(&keys, t, TOKEN_ACCESS, NOW, 60, &out), TOKEN_EXPIRED);
    free(t);
}
END_TEST

Suite *unit_suite(void)
{
    Suite *s = suite_create("token");
    TCase *tc = tcase_create("jwt");
    tcase_add_test(tc, issued_access_token_verifies);
    tcase_add_test(tc, alg_none_is_refused);
    tcase_add_test(tc, hs384_with_the_same_secret_is_refused);
    tcase_add_test(tc, hs256_crafted_with_all_claims_is_accepted);
    tcase_add_test(tc, expired_is_refused);
    tcase_add_test(tc, missing_exp_is_refused);
    tcase_add_test(tc, access_token_without_family_is_refused);
    tcase_add_test(tc, missing_iss_is_refused);
    tcase_add_test(tc, wrong_aud_is_refused);
    tcase_add_test(tc, refresh_used_as_access_is_refused);
    tcase_add_test(tc, access_used_as_refresh_is_refused);
    tcase_add_test(tc, other_secret_and_tampering_are_refused);
    tcase_add_test(tc, not_yet_valid_is_refused);
    tcase_add_test(tc, exp_at_the_end_of_long_is_compared_without_overflow);
    suite_add_tcase(s, tc);
    return s;
}
