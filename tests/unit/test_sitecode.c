/* Unit tests of domain/sitecode: RFC 6238 Appendix B SHA-256 vectors through sitecode_totp, the same
 * HMAC counters through the public 60 s / 6-digit API, skew windows and argument checks. */
#include <string.h>
#include "unit.h"
#include "domain/sitecode.h"

/* RFC 6238 Appendix B: the SHA-256 seed is the 32 ASCII bytes "1234567890" repeated. */
static const unsigned char seed[] = "12345678901234567890123456789012";
#define SEED_LEN 32

static const struct {
    int64_t t;
    const char *totp;
} rfc[] = {
    {59, "46119246"},         {1111111109, "68084774"}, {1111111111, "67062674"},
    {1234567890, "91819424"}, {2000000000, "90698825"}, {20000000000LL, "77737706"},
};

START_TEST(rfc6238_sha256_vectors)
{
    for (size_t i = 0; i < sizeof rfc / sizeof rfc[0]; i++) {
        char out[9];
        ck_assert_int_eq(sitecode_totp(seed, SEED_LEN, rfc[i].t, 30, 8, out), 0);
        ck_assert_str_eq(out, rfc[i].totp);
        /* fewer digits are the low digits of the same truncated value */
        char six[7];
        ck_assert_int_eq(sitecode_totp(seed, SEED_LEN, rfc[i].t, 30, 6, six), 0);
        ck_assert_str_eq(six, rfc[i].totp + 2);
    }
}
END_TEST

START_TEST(public_api_is_60s_6_digits)
{
    /* the 60 s window k uses HMAC counter k, which the RFC reaches at 30 s x k */
    for (size_t i = 0; i < sizeof rfc / sizeof rfc[0]; i++) {
        int64_t counter = rfc[i].t / 30;
        char out[7];
        ck_assert_int_eq(sitecode_at(seed, SEED_LEN, counter * 60, out), 0);
        ck_assert_str_eq(out, rfc[i].totp + 2);
        ck_assert_int_eq(sitecode_at(seed, SEED_LEN, counter * 60 + 59, out), 0);
        ck_assert_str_eq(out, rfc[i].totp + 2);
        ck_assert_uint_eq(strlen(out), SITECODE_DIGITS);
    }
    /* the window changes at a multiple of 60 s */
    char a[7], b[7];
    ck_assert_int_eq(sitecode_at(seed, SEED_LEN, 119, a), 0);
    ck_assert_int_eq(sitecode_at(seed, SEED_LEN, 120, b), 0);
    ck_assert_str_eq(a, "119246");
    ck_assert_str_ne(a, b);
}
END_TEST

START_TEST(codes_depend_on_secret)
{
    static const unsigned char other[] = "12345678901234567890123456789013";
    char a[7], b[7];
    ck_assert_int_eq(sitecode_at(seed, SEED_LEN, 1700000000, a), 0);
    ck_assert_int_eq(sitecode_at(other, SEED_LEN, 1700000000, b), 0);
    ck_assert_str_ne(a, b);
    /* a leading-zero code keeps its zeros */
    int found = 0;
    for (int64_t t = 0; t < 60 * 400 && !found; t += 60) {
        ck_assert_int_eq(sitecode_at(seed, SEED_LEN, t, a), 0);
        ck_assert_uint_eq(strlen(a), 6);
        found = a[0] == '0';
    }
    ck_assert(found);
}
END_TEST

START_TEST(verify_windows)
{
    const int64_t now = 1700000000; /* 20 s into a window */
    char prev[7], cur[7], next[7], far[7];
    sitecode_at(seed, SEED_LEN, now - 60, prev);
    sitecode_at(seed, SEED_LEN, now, cur);
    sitecode_at(seed, SEED_LEN, now + 60, next);
    sitecode_at(seed, SEED_LEN, now - 120, far);

    ck_assert_int_eq(sitecode_verify(seed, SEED_LEN, cur, now, 0), 1);
    ck_assert_int_eq(sitecode_verify(seed, SEED_LEN, prev, now, 0), 0);
    ck_assert_int_eq(sitecode_verify(seed, SEED_LEN, prev, now, 1), 1);
    ck_assert_int_eq(sitecode_verify(seed, SEED_LEN, next, now, 1), 1);
    ck_assert_int_eq(sitecode_verify(seed, SEED_LEN, far, now, 1), 0);
    ck_assert_int_eq(sitecode_verify(seed, SEED_LEN, far, now, 2), 1);
    /* the code shown a second before the window turns is still the current one */
    ck_assert_int_eq(sitecode_verify(seed, SEED_LEN, cur, now - 20, 0), 1);
    ck_assert_int_eq(sitecode_verify(seed, SEED_LEN, cur, now + 39, 0), 1);
    ck_assert_int_eq(sitecode_verify(seed, SEED_LEN, cur, now + 40, 0), 0);
}
END_TEST

START_TEST(verify_rejects_malformed_codes)
{
    const int64_t now = 1700000000;
    char cur[7];
    sitecode_at(seed, SEED_LEN, now, cur);
    char bad[8];
    ck_assert_int_eq(sitecode_verify(seed, SEED_LEN, NULL, now, 1), 0);
    ck_assert_int_eq(sitecode_verify(seed, SEED_LEN, "", now, 1), 0);
    memcpy(bad, cur, 5);
    bad[5] = '\0';
    ck_assert_int_eq(sitecode_verify(seed, SEED_LEN, bad, now, 1), 0); /* 5 digits */
    memcpy(bad, cur, 6);
    bad[6] = '0';
    bad[7] = '\0';
    ck_assert_int_eq(sitecode_verify(seed, SEED_LEN, bad, now, 1), 0); /* 7 digits */
    memcpy(bad, cur, 7);
    bad[5] = (char)(cur[5] == '9' ? '0' : cur[5] + 1);
    ck_assert_int_eq(sitecode_verify(seed, SEED_LEN, bad, now, 1), 0); /* last digit off by one */
    ck_assert_int_eq(sitecode_verify(seed, SEED_LEN, "12345a", now, 1), 0);
    ck_assert_int_eq(sitecode_verify(seed, SEED_LEN, " 12345", now, 1), 0);
}
END_TEST

START_TEST(verify_near_epoch)
{
    char c0[7];
    ck_assert_int_eq(sitecode_at(seed, SEED_LEN, 0, c0), 0);
    ck_assert_int_eq(sitecode_verify(seed, SEED_LEN, c0, 30, SITECODE_MAX_SKEW), 1);
    ck_assert_int_eq(sitecode_verify(seed, SEED_LEN, c0, 0, 0), 1);
}
END_TEST

START_TEST(bad_arguments)
{
    char out[10] = "untouched";
    ck_assert_int_eq(sitecode_totp(NULL, 0, 59, 30, 8, out), -1);
    ck_assert_int_eq(sitecode_totp(seed, 0, 59, 30, 8, out), -1);
    ck_assert_int_eq(sitecode_totp(seed, SEED_LEN, -1, 30, 8, out), -1);
    ck_assert_int_eq(sitecode_totp(seed, SEED_LEN, 59, 0, 8, out), -1);
    ck_assert_int_eq(sitecode_totp(seed, SEED_LEN, 59, 30, 0, out), -1);
    ck_assert_int_eq(sitecode_totp(seed, SEED_LEN, 59, 30, 10, out), -1);
    ck_assert_str_eq(out, "untouched");
    ck_assert_int_eq(sitecode_totp(seed, SEED_LEN, 59, 30, 9, out), 0);
    ck_assert_uint_eq(strlen(out), 9);
    ck_assert_int_eq(sitecode_totp(seed, SEED_LEN, 59, 30, 1, out), 0);
    ck_assert_str_eq(out, "6");
    ck_assert_int_eq(sitecode_at(seed, SEED_LEN, -60, out), -1);

    char cur[7];
    sitecode_at(seed, SEED_LEN, 1700000000, cur);
    ck_assert_int_eq(sitecode_verify(NULL, 0, cur, 1700000000, 1), -1);
    ck_assert_int_eq(sitecode_verify(seed, 0, cur, 1700000000, 1), -1);
    ck_assert_int_eq(sitecode_verify(seed, SEED_LEN, cur, -1, 1), -1);
    ck_assert_int_eq(sitecode_verify(seed, SEED_LEN, cur, 1700000000, SITECODE_MAX_SKEW + 1), -1);
    ck_assert_int_eq(sitecode_verify(seed, SEED_LEN, cur, 1700000000, SITECODE_MAX_SKEW), 1);
}
END_TEST

START_TEST(seconds_left)
{
    ck_assert_int_eq(sitecode_seconds_left(0), 60);
    ck_assert_int_eq(sitecode_seconds_left(1), 59);
    ck_assert_int_eq(sitecode_seconds_left(59), 1);
    ck_assert_int_eq(sitecode_seconds_left(60), 60);
    ck_assert_int_eq(sitecode_seconds_left(1700000000), 40);
    ck_assert_int_eq(sitecode_seconds_left(-5), 0);
}
END_TEST

Suite *unit_suite(void)
{
    Suite *s = suite_create("sitecode");
    TCase *tc = tcase_create("sitecode");
    tcase_add_test(tc, rfc6238_sha256_vectors);
    tcase_add_test(tc, public_api_is_60s_6_digits);
    tcase_add_test(tc, codes_depend_on_secret);
    tcase_add_test(tc, verify_windows);
    tcase_add_test(tc, verify_rejects_malformed_codes);
    tcase_add_test(tc, verify_near_epoch);
    tcase_add_test(tc, bad_arguments);
    tcase_add_test(tc, seconds_left);
    suite_add_tcase(s, tc);
    return s;
}
