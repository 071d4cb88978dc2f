/* Unit tests of domain/money: fen <-> yuan text, quantity parsing, rate x quantity with rounding and
 * overflow limits (checked against 128-bit arithmetic), and pay-unit wire names. */
#include <limits.h>
#include <string.h>
#include "unit.h"
#include "domain/money.h"

static const char *fmt(long long fen)
{
    static char buf[32];
    ck_assert_int_ge(money_format_yuan(fen, buf, sizeof buf), 0);
    return buf;
}

START_TEST(format_yuan)
{
    ck_assert_str_eq(fmt(0), "0.00");
    ck_assert_str_eq(fmt(5), "0.05");
    ck_assert_str_eq(fmt(50), "0.50");
    ck_assert_str_eq(fmt(100), "1.00");
    ck_assert_str_eq(fmt(12345), "123.45");
    ck_assert_str_eq(fmt(-5), "-0.05");
    ck_assert_str_eq(fmt(-700), "-7.00");
    ck_assert_str_eq(fmt(LLONG_MAX), "92233720368547758.07");
    ck_assert_str_eq(fmt(LLONG_MIN), "-92233720368547758.08");
}
END_TEST

START_TEST(format_buffer_limits)
{
    char buf[8];
    ck_assert_int_eq(money_format_yuan(12345, buf, 7), 6); /* "123.45" + NUL fits exactly */
    ck_assert_str_eq(buf, "123.45");
    ck_assert_int_eq(money_format_yuan(12345, buf, 6), -1);
    ck_assert_str_eq(buf, "");
    ck_assert_int_eq(money_format_yuan(-5, buf, 6), 5);
    ck_assert_int_eq(money_format_yuan(-5, buf, 5), -1);
    ck_assert_int_eq(money_format_yuan(1, NULL, 0), -1);
}
END_TEST

START_TEST(parse_yuan)
{
    ck_assert_int_eq(money_parse_yuan("123.4"), 12340);
    ck_assert_int_eq(money_parse_yuan("123.45"), 12345);
    ck_assert_int_eq(money_parse_yuan("123"), 12300);
    ck_assert_int_eq(money_parse_yuan("0.05"), 5);
    ck_assert_int_eq(money_parse_yuan("0.5"), 50);
    ck_assert_int_eq(money_parse_yuan("0"), 0);
    ck_assert_int_eq(money_parse_yuan("0.00"), 0);
    ck_assert_int_eq(money_parse_yuan("007"), 700);
    /* round trip */
    for (long long f = 0; f < 100000; f += 97)
        ck_assert_int_eq(money_parse_yuan(fmt(f)), f);
}
END_TEST

START_TEST(parse_yuan_rejects)
{
    static const char *const bad[] = {"",   ".5",   "5.",    "1.234", "-1",   "+1",    " 1",
                                      "1 ", "1e3",  "1,000", "12a",   "1..2", "1.2.3", "¥1",
                                      "１", "0x10", "1.-2",  ".",     "1. 2", "1.0000"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(money_parse_yuan(bad[i]) == -1, "'%s'", bad[i]);
    ck_assert_int_eq(money_parse_yuan(NULL), -1);
}
END_TEST

START_TEST(parse_yuan_overflow)
{
    ck_assert_int_eq(money_parse_yuan("92233720368547758.07"), LLONG_MAX);
    ck_assert_int_eq(money_parse_yuan("92233720368547758.08"), -1);
    ck_assert_int_eq(money_parse_yuan("92233720368547758.1"), -1);
    ck_assert_int_eq(money_parse_yuan("92233720368547758"), 9223372036854775800LL);
    ck_assert_int_eq(money_parse_yuan("92233720368547759"), -1);
    ck_assert_int_eq(money_parse_yuan("99999999999999999999999"), -1);
}
END_TEST

START_TEST(parse_milli)
{
    ck_assert_int_eq(money_parse_milli("7.5"), 7500);
    ck_assert_int_eq(money_parse_milli("8"), 8000);
    ck_assert_int_eq(money_parse_milli("0.001"), 1);
    ck_assert_int_eq(money_parse_milli("0.25"), 250);
    ck_assert_int_eq(money_parse_milli("1.2345"), -1);
    ck_assert_int_eq(money_parse_milli("-1"), -1);
    ck_assert_int_eq(money_parse_milli(""), -1);
    ck_assert_int_eq(money_parse_milli("9223372036854775.807"), LLONG_MAX);
    ck_assert_int_eq(money_parse_milli("9223372036854775.808"), -1);
}
END_TEST

START_TEST(amount_rounding)
{
    ck_assert_int_eq(money_amount(2000, MONEY_UNIT_HOUR, 8000), 16000);
    ck_assert_int_eq(money_amount(2333, MONEY_UNIT_HOUR, 7500), 17498); /* 17497.5 rounds up */
    ck_assert_int_eq(money_amount(2331, MONEY_UNIT_HOUR, 7500), 17483); /* 17482.5 rounds up */
    ck_assert_int_eq(money_amount(150, MONEY_UNIT_HOUR, 333), 50);      /* 49.95 */
    ck_assert_int_eq(money_amount(1, MONEY_UNIT_HOUR, 499), 0);
    ck_assert_int_eq(money_amount(1, MONEY_UNIT_HOUR, 500), 1);
    ck_assert_int_eq(money_amount(15000, MONEY_UNIT_DAY, 2500), 37500);
    ck_assert_int_eq(money_amount(15000, MONEY_UNIT_DAY, 0), 0);
    ck_assert_int_eq(money_amount(0, MONEY_UNIT_DAY, 3000), 0);
}
END_TEST

START_TEST(amount_unit_rules)
{
    ck_assert_int_eq(money_amount(50, MONEY_UNIT_PIECE, 12000), 600);
    ck_assert_int_eq(money_amount(50, MONEY_UNIT_PIECE, 12500), -1);
    ck_assert_int_eq(money_amount(50, MONEY_UNIT_PIECE, 1), -1);
    ck_assert_int_eq(money_amount(30000, MONEY_UNIT_GIG, 1000), 30000);
    ck_assert_int_eq(money_amount(30000, MONEY_UNIT_GIG, 0), 0);
    ck_assert_int_eq(money_amount(30000, MONEY_UNIT_GIG, 2000), -1);
    ck_assert_int_eq(money_amount(30000, MONEY_UNIT_GIG, 500), -1);
    ck_assert_int_eq(money_amount(-1, MONEY_UNIT_HOUR, 1000), -1);
    ck_assert_int_eq(money_amount(100, MONEY_UNIT_HOUR, -1), -1);
    ck_assert_int_eq(money_amount(100, MONEY_UNIT_COUNT, 1000), -1);
    ck_assert_int_eq(money_amount(100, (enum money_unit) - 1, 1000), -1);
}
END_TEST

START_TEST(amount_overflow_limits)
{
    ck_assert_int_eq(money_amount(LLONG_MAX, MONEY_UNIT_HOUR, 1000), LLONG_MAX);
    ck_assert_int_eq(money_amount(LLONG_MAX, MONEY_UNIT_HOUR, 1001), -1);
    ck_assert_int_eq(money_amount(LLONG_MAX, MONEY_UNIT_HOUR, 2000), -1);
    ck_assert_int_eq(money_amount(LLONG_MAX / 2, MONEY_UNIT_DAY, 2000), LLONG_MAX - 1);
    ck_assert_int_eq(money_amount(LLONG_MAX / 2 + 1, MONEY_UNIT_DAY, 2000), -1);
    /* 9223372036854775.807 fen rounds to ...776 */
    ck_assert_int_eq(money_amount(1, MONEY_UNIT_HOUR, LLONG_MAX), 9223372036854776LL);
    ck_assert_int_eq(money_amount(2, MONEY_UNIT_HOUR, LLONG_MAX), LLONG_MAX / 500 + 1);
}
END_TEST

START_TEST(amount_matches_wide_arithmetic)
{
    /* a deterministic spread of rates and quantities, including values near the overflow edge */
    unsigned long long x = 88172645463325252ULL;
    for (int i = 0; i < 20000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        long long rate = (long long)(x >> (1 + (x & 63) % 63));
        long long qty = (long long)((x * 2654435761ULL) >> (1 + (x >> 7) % 63));
        __int128 want = ((__int128)rate * qty + 500) / 1000;
        long long got = money_amount(rate, MONEY_UNIT_HOUR, qty);
        if (want > LLONG_MAX)
            ck_assert_msg(got == -1, "rate %lld qty %lld", rate, qty);
        else
            ck_assert_msg(got == (long long)want, "rate %lld qty %lld: %lld", rate, qty, got);
    }
}
END_TEST

START_TEST(unit_names)
{
    static const char *const names[] = {"hour", "day", "piece", "gig"};
    for (int u = 0; u < MONEY_UNIT_COUNT; u++) {
        enum money_unit p;
        ck_assert_str_eq(money_unit_name(u), names[u]);
        ck_assert_int_eq(money_unit_parse(names[u], &p), 0);
        ck_assert_int_eq(p, u);
    }
    enum money_unit p = MONEY_UNIT_DAY;
    ck_assert_int_eq(money_unit_parse("Hour", &p), -1);
    ck_assert_int_eq(money_unit_parse("hours", &p), -1);
    ck_assert_int_eq(money_unit_parse("", &p), -1);
    ck_assert_int_eq(money_unit_parse(NULL, &p), -1);
    ck_assert_int_eq(p, MONEY_UNIT_DAY);
    ck_assert_ptr_null(money_unit_name(MONEY_UNIT_COUNT));
}
END_TEST

Suite *unit_suite(void)
{
    Suite *s = suite_create("money");
    TCase *tc = tcase_create("money");
    tcase_add_test(tc, format_yuan);
    tcase_add_test(tc, format_buffer_limits);
    tcase_add_test(tc, parse_yuan);
    tcase_add_test(tc, parse_yuan_rejects);
    tcase_add_test(tc, parse_yuan_overflow);
    tcase_add_test(tc, parse_milli);
    tcase_add_test(tc, amount_rounding);
    tcase_add_test(tc, amount_unit_rules);
    tcase_add_test(tc, amount_overflow_limits);
    tcase_add_test(tc, amount_matches_wide_arithmetic);
    tcase_add_test(tc, unit_names);
    suite_add_tcase(s, tc);
    return s;
}
