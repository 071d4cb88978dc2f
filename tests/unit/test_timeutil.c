/* RFC 3339 and date parsing: UTC and offsets, fractions, impossible dates and malformed text refused. */
#include "domain/timeutil.h"
#include "unit.h"

START_TEST(rfc3339_utc_and_offsets)
{
    long long t;
    ck_assert_int_eq(timeutil_parse_rfc3339("1970-01-01T00:00:00Z", &t), 0);
    ck_assert_int_eq(t, 0);
    ck_assert_int_eq(timeutil_parse_rfc3339("2026-11-21T08:00:00Z", &t), 0);
    ck_assert_int_eq(t, 1795248000LL);
    ck_assert_int_eq(timeutil_parse_rfc3339("2026-11-21T16:00:00+08:00", &t), 0);
    ck_assert_int_eq(t, 1795248000LL);
    ck_assert_int_eq(timeutil_parse_rfc3339("2026-11-21T03:00:00-05:00", &t), 0);
    ck_assert_int_eq(t, 1795248000LL);
    ck_assert_int_eq(timeutil_parse_rfc3339("2026-11-21t08:00:00.123456z", &t), 0);
    ck_assert_int_eq(t, 1795248000LL);
    ck_assert_int_eq(timeutil_parse_rfc3339("2024-02-29T23:59:59Z", &t), 0);
    ck_assert_int_eq(t, 1709251199LL);
}
END_TEST

START_TEST(rfc3339_rejects_malformed_and_impossible)
{
    static const char *bad[] = {"",
                                "2026-11-21",
                                "2026-11-21 08:00:00Z",
                                "2026-11-21T08:00:00",
                                "2026-02-29T00:00:00Z",
                                "2026-13-01T00:00:00Z",
                                "2026-11-31T00:00:00Z",
                                "2026-11-21T24:00:00Z",
                                "2026-11-21T08:60:00Z",
                                "2026-11-21T08:00:60Z",
                                "2026-11-21T08:00:00+0800",
                                "2026-11-21T08:00:00Z ",
                                "2026-11-21T08:00:00.Z",
                                "1969-12-31T23:59:59Z",
                                "２０２６-11-21T08:00:00Z",
                                "2026-11-21T08:00:00+24:00"};
    long long t;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(timeutil_parse_rfc3339(bad[i], &t) == -1, "accepted '%s'", bad[i]);
    ck_assert_int_eq(timeutil_parse_rfc3339(NULL, &t), -1);
}
END_TEST

START_TEST(dates_start_at_local_midnight)
{
    long long t;
    ck_assert_int_eq(timeutil_parse_date("2026-11-22", 28800, &t), 0);
    ck_assert_int_eq(t, 1795248000LL + 8 * 3600); /* 2026-11-22T00:00+08:00 = 2026-11-21T16:00Z */
    ck_assert_int_eq(timeutil_parse_date("2026-11-22", 0, &t), 0);
    ck_assert_int_eq(t, 1795305600LL);
    ck_assert_int_eq(timeutil_parse_date("2026-11-2", 0, &t), -1);
    ck_assert_int_eq(timeutil_parse_date("2026-02-30", 0, &t), -1);
    ck_assert_int_eq(timeutil_parse_date("2026/11/22", 0, &t), -1);
}
END_TEST

Suite *unit_suite(void)
{
    Suite *s = suite_create("timeutil");
    TCase *tc = tcase_create("timeutil");
    tcase_add_test(tc, rfc3339_utc_and_offsets);
    tcase_add_test(tc, rfc3339_rejects_malformed_and_impossible);
    tcase_add_test(tc, dates_start_at_local_midnight);
    suite_add_tcase(s, tc);
    return s;
}
