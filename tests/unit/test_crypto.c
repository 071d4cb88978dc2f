/* Crypto helpers: scrypt hashes verify only with the right password and reject malformed encodings;
 * AES-GCM sealing is bound to its AAD and detects tampering; lookup hashes are keyed. */
#include <string.h>

#include "ext/crypto.h"
#include "unit.h"

START_TEST(scrypt_verifies_right_and_rejects_wrong_password)
{
    char enc[200];
    ck_assert_int_eq(crypto_password_hash("s3cret-密码", 1024, enc, sizeof enc), 0);
    ck_assert_int_eq(strncmp(enc, "scrypt$1024$8$1$", 16), 0);
    ck_assert_int_eq(crypto_password_verify("s3cret-密码", enc), 1);
    ck_assert_int_eq(crypto_password_verify("s3cret-密", enc), 0);
    ck_assert_int_eq(crypto_password_verify("", enc), 0);
    char enc2[200];
    ck_assert_int_eq(crypto_password_hash("s3cret-密码", 1024, enc2, sizeof enc2), 0);
    ck_assert_str_ne(enc, enc2); /* random salt */
}
END_TEST

START_TEST(scrypt_matches_an_independent_implementation)
{
    /* computed with Node.js crypto.scryptSync("password", 00..0f, 32, {N:1024, r:8, p:1}) */
    const char *enc = "scrypt$1024$8$1$000102030405060708090a0b0c0d0e0f$"
                      "3a7c0782a4dbdf543acd7c522fe853d9b34abb8af27a5c6597488cdf228140b5";
    ck_assert_int_eq(crypto_password_verify("password", enc), 1);
    ck_assert_int_eq(crypto_password_verify("Password", enc), 0);
}
END_TEST

START_TEST(scrypt_rejects_malformed_encodings)
{
    ck_assert_int_eq(crypto_password_verify("x", ""), -1);
    ck_assert_int_eq(crypto_password_verify("x", "bcrypt$..."), -1);
    ck_assert_int_eq(
        crypto_password_verify("x", "scrypt$1000$8$1$00000000000000000000000000000000$"
                                    "0000000000000000000000000000000000000000000000000000000000000000"),
        -1); /* N not a power of two */
    ck_assert_int_eq(crypto_password_verify("x", "scrypt$16384$8$1$zz$00"), -1);
    ck_assert_int_eq(
        crypto_password_verify("x", "scrypt$4194304$8$1$00000000000000000000000000000000$"
                                    "0000000000000000000000000000000000000000000000000000000000000000"),
        -1); /* N above the cap */
}
END_TEST

START_TEST(seal_round_trip_and_aad_binding)
{
    unsigned char key[32], other[32];
    memset(key, 7, sizeof key);
    memset(other, 8, sizeof other);
    unsigned char sealed[128];
    long n = crypto_seal(key, 1, "users.phone:42", "13812341234", 11, sealed, sizeof sealed);
    ck_assert_int_eq(n, 11 + 29);
    char out[64];
    int ver = 0;
    ck_assert_int_eq(crypto_open(key, "users.phone:42", sealed, (size_t)n, out, sizeof out, &ver), 11);
    ck_assert_str_eq(out, "13812341234");
    ck_assert_int_eq(ver, 1);
    ck_assert_int_eq(crypto_open(key, "users.phone:43", sealed, (size_t)n, out, sizeof out, NULL), -1);
    ck_assert_int_eq(crypto_open(other, "users.phone:42", sealed, (size_t)n, out, sizeof out, NULL), -1);
    sealed[20] ^= 1;
    ck_assert_int_eq(crypto_open(key, "users.phone:42", sealed, (size_t)n, out, sizeof out, NULL), -1);
    sealed[20] ^= 1;
    ck_assert_int_eq(crypto_open(key, "users.phone:42", sealed, (size_t)n - 1, out, sizeof out, NULL), -1);
    ck_assert_int_eq(crypto_open(key, "users.phone:42", sealed, 10, out, sizeof out, NULL), -1);
    /* the plaintext appears nowhere in the sealed bytes, and two seals differ (random nonce) */
    ck_assert_ptr_null(memmem(sealed, (size_t)n, "1381234", 7));
    unsigned char again[128];
    crypto_seal(key, 1, "users.phone:42", "13812341234", 11, again, sizeof again);
    ck_assert_int_ne(memcmp(sealed, again, (size_t)n), 0);
    ck_assert_int_eq(crypto_seal(key, 1, "a", "x", 1, sealed, 29), -1); /* cap too small */
}
END_TEST

START_TEST(lookup_hash_is_keyed_and_stable)
{
    unsigned char key[32], other[32], a[32], b[32], c[32], d[32];
    memset(key, 1, sizeof key);
    memset(other, 2, sizeof other);
    crypto_lookup_hash(key, "phone", "13812341234", a);
    crypto_lookup_hash(key, "phone", "13812341234", b);
    crypto_lookup_hash(other, "phone", "13812341234", c);
    crypto_lookup_hash(key, "idcard", "13812341234", d);
    ck_assert_mem_eq(a, b, 32);
    ck_assert_int_ne(memcmp(a, c, 32), 0);
    ck_assert_int_ne(memcmp(a, d, 32), 0);
}
END_TEST

START_TEST(b64url_encodes_without_padding)
{
    char out[16];
    ck_assert_int_eq(crypto_b64url_encode((const unsigned char *)"\xfb\xff", 2, out, sizeof out), 3);
    ck_assert_str_eq(out, "-_8");
    ck_assert_int_eq(crypto_b64url_encode((const unsigned char *)"abc", 3, out, sizeof out), 4);
    ck_assert_str_eq(out, "YWJj");
    ck_assert_int_eq(crypto_b64url_encode((const unsigned char *)"abcdefghijkl", 12, out, 16),
                     -1); /* 16 chars + NUL */
}
END_TEST

Suite *unit_suite(void)
{
    Suite *s = suite_create("crypto");
    TCase *tc = tcase_create("crypto");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, scrypt_verifies_right_and_rejects_wrong_password);
    tcase_add_test(tc, scrypt_matches_an_independent_implementation);
    tcase_add_test(tc, scrypt_rejects_malformed_encodings);
    tcase_add_test(tc, seal_round_trip_and_aad_binding);
    tcase_add_test(tc, lookup_hash_is_keyed_and_stable);
    tcase_add_test(tc, b64url_encodes_without_padding);
    suite_add_tcase(s, tc);
    return s;
}
