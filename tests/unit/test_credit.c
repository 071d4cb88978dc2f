/* Unit tests of domain/credit: reason names, the delta table (stars through CREDIT_STAR_DELTAS, fixed
 * reasons, admin adjustments), clamping, recomputation of a ledger and the restriction decision. */
#include <string.h>

#include "domain/credit.h"
#include "unit.h"

START_TEST(reason_names_round_trip)
{
    for (int i = 0; i < CREDIT__REASONS; i++) {
        enum credit_reason r;
        ck_assert_int_eq(credit_reason_parse(credit_reason_name((enum credit_reason)i), &r), 0);
        ck_assert_int_eq(r, i);
        ck_assert_int_gt((int)strlen(credit_reason_zh(r)), 0);
    }
    enum credit_reason r = CREDIT_NO_SHOW;
    ck_assert_int_eq(credit_reason_parse("No_show", &r), -1);
    ck_assert_int_eq(credit_reason_parse("", &r), -1);
    ck_assert_int_eq(credit_reason_parse(NULL, &r), -1);
    ck_assert_str_eq(credit_reason_actor(CREDIT_MISSED_CONFIRMATION), "system");
    ck_assert_str_eq(credit_reason_actor(CREDIT_ADMIN_ADJUST), "admin");
    ck_assert_str_eq(credit_reason_actor(CREDIT_NO_SHOW), "user");
}
END_TEST

START_TEST(star_deltas_parse)
{
    int d[5] = {9, 9, 9, 9, 9};
    ck_assert_int_eq(credit_star_deltas_parse(CREDIT_STAR_DELTAS_DEFAULT, d), 0);
    ck_assert_int_eq(d[0], -6);
    ck_assert_int_eq(d[1], -3);
    ck_assert_int_eq(d[2], 0);
    ck_assert_int_eq(d[3], 1);
    ck_assert_int_eq(d[4], 2);
    ck_assert_int_eq(credit_star_deltas_parse("-100,0,0,0,100", d), 0);
    ck_assert_int_eq(d[0], -100);
    ck_assert_int_eq(d[4], 100);
    static const char *const bad[] = {
        "",           "1,2,3,4",   "1,2,3,4,5,6", "1,2,3,4,", "1,2,3,4,101", "-101,0,0,0,0",
        "1, 2,3,4,5", "a,2,3,4,5", "1,2,3,4,5x",  ",1,2,3,4", "1,,2,3,4"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int e[5] = {7, 7, 7, 7, 7};
        ck_assert_msg(credit_star_deltas_parse(bad[i], e) == -1, "accepted \"%s\"", bad[i]);
        ck_assert_int_eq(e[0], 7); /* untouched */
    }
    ck_assert_int_eq(credit_star_deltas_parse(NULL, d), -1);
}
END_TEST

START_TEST(delta_table)
{
    int sd[5] = {-6, -3, 0, 1, 2}, d = 99;
    for (int s = 1; s <= 5; s++) {
        ck_assert_int_eq(credit_delta(CREDIT_RATING_RECEIVED, s, 0, sd, &d), 0);
        ck_assert_int_eq(d, sd[s - 1]);
    }
    ck_assert_int_eq(credit_delta(CREDIT_RATING_RECEIVED, 0, 0, sd, &d), -1);
    ck_assert_int_eq(credit_delta(CREDIT_RATING_RECEIVED, 6, 0, sd, &d), -1);
    ck_assert_int_eq(credit_delta(CREDIT_NO_SHOW, 0, 0, sd, &d), 0);
    ck_assert_int_eq(d, -10);
    ck_assert_int_eq(credit_delta(CREDIT_LATE_CANCEL, 5, 0, sd, &d), 0); /* stars ignored */
    ck_assert_int_eq(d, -5);
    ck_assert_int_eq(credit_delta(CREDIT_MISSED_CONFIRMATION, 0, 0, sd, &d), 0);
    ck_assert_int_eq(d, -2);
    ck_assert_int_eq(credit_delta(CREDIT_COMPLAINT_UPHELD, 0, 0, sd, &d), 0);
    ck_assert_int_eq(d, -15);
    ck_assert_int_eq(credit_delta(CREDIT_ADMIN_ADJUST, 0, 12, sd, &d), 0);
    ck_assert_int_eq(d, 12);
    ck_assert_int_eq(credit_delta(CREDIT_ADMIN_ADJUST, 0, -100, sd, &d), 0);
    ck_assert_int_eq(d, -100);
    d = 5;
    ck_assert_int_eq(credit_delta(CREDIT_ADMIN_ADJUST, 0, 0, sd, &d), -1);
    ck_assert_int_eq(credit_delta(CREDIT_ADMIN_ADJUST, 0, 101, sd, &d), -1);
    ck_assert_int_eq(credit_delta(CREDIT_ADMIN_ADJUST, 0, -101, sd, &d), -1);
    ck_assert_int_eq(credit_delta(CREDIT__REASONS, 0, 0, sd, &d), -1);
    ck_assert_int_eq(d, 5);
}
END_TEST

START_TEST(clamp_and_recompute)
{
    ck_assert_int_eq(credit_apply_delta(100, 2), 100);
    ck_assert_int_eq(credit_apply_delta(3, -10), 0);
    ck_assert_int_eq(credit_apply_delta(50, -10), 40);
    ck_assert_int_eq(credit_apply_delta(0, 100), 100);
    ck_assert_int_eq(credit_recompute(NULL, 0), CREDIT_START);
    /* clamping happens after each entry: +2 at 100 is lost, so the order matters */
    int a[] = {2, -10, -10};
    ck_assert_int_eq(credit_recompute(a, 3), 80);
    int b[] = {-10, -10, 2};
    ck_assert_int_eq(credit_recompute(b, 3), 82);
    int c[] = {-100, -5, 30};
    ck_assert_int_eq(credit_recompute(c, 3), 30);
    int d[12];
    for (int i = 0; i < 12; i++)
        d[i] = -10;
    ck_assert_int_eq(credit_recompute(d, 12), 0);
}
END_TEST

START_TEST(restriction_rule)
{
    /* negative entry crossing below the threshold restricts */
    ck_assert_int_eq(credit_restriction_after(0, -10, 55, 60), CREDIT_RESTRICT);
    /* exactly at the threshold is not below it */
    ck_assert_int_eq(credit_restriction_after(0, -10, 60, 60), CREDIT_KEEP);
    /* a positive entry below the threshold (e.g. after an admin lift) does not restrict again */
    ck_assert_int_eq(credit_restriction_after(0, 1, 55, 60), CREDIT_KEEP);
    /* already restricted and still below: kept */
    ck_assert_int_eq(credit_restriction_after(1, -2, 40, 60), CREDIT_KEEP);
    ck_assert_int_eq(credit_restriction_after(1, 2, 59, 60), CREDIT_KEEP);
    /* recovering to the threshold lifts */
    ck_assert_int_eq(credit_restriction_after(1, 5, 60, 60), CREDIT_LIFT);
    ck_assert_int_eq(credit_restriction_after(1, 40, 100, 60), CREDIT_LIFT);
    /* threshold 0: never restricted, and a leftover restriction goes */
    ck_assert_int_eq(credit_restriction_after(0, -100, 0, 0), CREDIT_KEEP);
    ck_assert_int_eq(credit_restriction_after(1, -1, 0, 0), CREDIT_LIFT);
    /* threshold 101: any negative entry restricts */
    ck_assert_int_eq(credit_restriction_after(0, -2, 98, 101), CREDIT_RESTRICT);
}
END_TEST

Suite *unit_suite(void)
{
    Suite *s = suite_create("credit");
    TCase *tc = tcase_create("credit");
    tcase_add_test(tc, reason_names_round_trip);
    tcase_add_test(tc, star_deltas_parse);
    tcase_add_test(tc, delta_table);
    tcase_add_test(tc, clamp_and_recompute);
    tcase_add_test(tc, restriction_rule);
    suite_add_tcase(s, tc);
    return s;
}
