/* Unit tests of domain/match: the orderings the weights promise (exact 工种 over a category neighbour over
 * none, near over far, credit and a free weekday as tie-breakers of otherwise equal workers), the stable
 * total order, weekdays of known dates, availability bits, coarse distances and masked names. */
#include <math.h>
#include <string.h>

#include "unit.h"
#include "domain/match.h"
#include "domain/profile.h"

static struct match_facts base(void)
{
    struct match_facts f = {MATCH_JOB_NONE, 0, 0, MATCH_REGION_NONE, 100, MATCH_AVAIL_UNKNOWN};
    return f;
}

START_TEST(job_fit_orders_exact_category_none)
{
    struct match_facts a = base(), b = base(), c = base();
    a.job = MATCH_JOB_EXACT;
    b.job = MATCH_JOB_CATEGORY;
    ck_assert_int_gt(match_score(&a), match_score(&b));
    ck_assert_int_gt(match_score(&b), match_score(&c));
    /* an exact 工种 10 km away beats a category neighbour next door of the same credit */
    a.has_distance = 1;
    a.distance_m = 10000;
    a.credit = 90;
    b.has_distance = 1;
    b.distance_m = 0;
    b.credit = 90;
    ck_assert_int_gt(match_score(&a), match_score(&b));
}
END_TEST

START_TEST(distance_and_region_order)
{
    struct match_facts near = base(), far = base(), beyond = base();
    near.has_distance = far.has_distance = beyond.has_distance = 1;
    near.distance_m = 1000;
    far.distance_m = 15000;
    beyond.distance_m = 80000;
    ck_assert_int_gt(match_score(&near), match_score(&far));
    ck_assert_int_gt(match_score(&far), match_score(&beyond));
    ck_assert_int_eq(match_score(&beyond), 100 * MATCH_W_CREDIT_PER_PT); /* nothing for place */
    struct match_facts rn = base(), rw = base(), r0 = base();
    rn.region = MATCH_REGION_NEAR;
    rw.region = MATCH_REGION_WIDE;
    ck_assert_int_gt(match_score(&rn), match_score(&rw));
    ck_assert_int_gt(match_score(&rw), match_score(&r0));
    /* with a distance the region is not counted twice */
    near.region = MATCH_REGION_NEAR;
    ck_assert_int_le(match_score(&near), MATCH_W_PLACE + 100 * MATCH_W_CREDIT_PER_PT);
}
END_TEST

START_TEST(credit_and_weekday_break_ties)
{
    struct match_facts hi = base(), lo = base(), freeday = base(), busy = base();
    hi.credit = 95;
    lo.credit = 70;
    ck_assert_int_gt(match_score(&hi), match_score(&lo));
    freeday.avail = MATCH_AVAIL_YES;
    busy.avail = MATCH_AVAIL_NO;
    ck_assert_int_gt(match_score(&freeday), match_score(&busy));
    ck_assert_int_eq(match_score(&busy), match_score(&(struct match_facts){.credit = 100}));
    /* credit outside 0-100 is clamped */
    struct match_facts wild = base();
    wild.credit = 500;
    ck_assert_int_eq(match_score(&wild), 200);
    wild.credit = -5;
    ck_assert_int_eq(match_score(&wild), 0);
    ck_assert_int_eq(match_score(NULL), 0);
}
END_TEST

START_TEST(score_bounds)
{
    struct match_facts best = {MATCH_JOB_EXACT, 1, 0, MATCH_REGION_NEAR, 100, MATCH_AVAIL_YES};
    ck_assert_int_eq(match_score(&best), MATCH_SCORE_MAX);
    struct match_facts nan = base();
    nan.has_distance = 1;
    nan.distance_m = NAN;
    nan.region = MATCH_REGION_NEAR; /* a bad distance falls back to the region */
    ck_assert_int_eq(match_score(&nan), MATCH_W_PLACE + 200);
}
END_TEST

START_TEST(order_is_total_and_stable)
{
    ck_assert_int_lt(match_order(500, 90, 50, 9, 400, 100, 100, 1), 0);
    ck_assert_int_lt(match_order(500, 90, 50, 9, 500, 80, 100, 1), 0);
    ck_assert_int_lt(match_order(500, 90, 60, 9, 500, 90, 50, 1), 0);
    ck_assert_int_lt(match_order(500, 90, 60, 1, 500, 90, 60, 9), 0);
    ck_assert_int_gt(match_order(500, 90, 60, 9, 500, 90, 60, 1), 0);
    ck_assert_int_eq(match_order(500, 90, 60, 9, 500, 90, 60, 9), 0);
}
END_TEST

START_TEST(weekday_of_known_dates)
{
    ck_assert_int_eq(match_weekday("2026-11-21"), 5); /* a Saturday */
    ck_assert_int_eq(match_weekday("2026-11-23"), 0); /* Monday */
    ck_assert_int_eq(match_weekday("2000-01-01"), 5);
    ck_assert_int_eq(match_weekday("2024-02-29"), 3);
    ck_assert_int_eq(match_weekday("2026-03-01"), 6);
    ck_assert_int_eq(match_weekday("2026-02-29"), -1);
    ck_assert_int_eq(match_weekday("2026-1-1"), -1);
    ck_assert_int_eq(match_weekday(""), -1);
    ck_assert_int_eq(match_weekday(NULL), -1);
}
END_TEST

START_TEST(availability_bits)
{
    long sat_evening = profile_avail_bit(5, 2);
    ck_assert_int_eq(match_availability(sat_evening, 5), MATCH_AVAIL_YES);
    ck_assert_int_eq(match_availability(sat_evening, 4), MATCH_AVAIL_NO);
    ck_assert_int_eq(match_availability(0, 4), MATCH_AVAIL_UNKNOWN);
    ck_assert_int_eq(match_availability(PROFILE_AVAIL_ALL, 6), MATCH_AVAIL_YES);
    ck_assert_int_eq(match_availability(PROFILE_AVAIL_ALL, 7), MATCH_AVAIL_UNKNOWN);
    ck_assert_int_eq(match_availability(PROFILE_AVAIL_ALL, -1), MATCH_AVAIL_UNKNOWN);
}
END_TEST

START_TEST(coarse_distance)
{
    ck_assert_int_eq(match_coarse_distance_m(0), 1000);
    ck_assert_int_eq(match_coarse_distance_m(1), 1000);
    ck_assert_int_eq(match_coarse_distance_m(1000), 1000);
    ck_assert_int_eq(match_coarse_distance_m(1000.5), 2000);
    ck_assert_int_eq(match_coarse_distance_m(12345), 13000);
    ck_assert_int_eq(match_coarse_distance_m(-1), -1);
    ck_assert_int_eq(match_coarse_distance_m(NAN), -1);
}
END_TEST

START_TEST(masked_names)
{
    char out[32];
    ck_assert_int_eq(match_mask_name("王建国", out, sizeof out), 0);
    ck_assert_str_eq(out, "王**");
    ck_assert_int_eq(match_mask_name("李芳", out, sizeof out), 0);
    ck_assert_str_eq(out, "李*");
    ck_assert_int_eq(match_mask_name("勇", out, sizeof out), 0);
    ck_assert_str_eq(out, "勇*");
    ck_assert_int_eq(match_mask_name("欧阳娜娜美丽", out, sizeof out), 0);
    ck_assert_str_eq(out, "欧***");
    ck_assert_int_eq(match_mask_name("", out, sizeof out), 0);
    ck_assert_str_eq(out, "零工**");
    ck_assert_int_eq(match_mask_name(NULL, out, sizeof out), 0);
    ck_assert_str_eq(out, "零工**");
    ck_assert_int_eq(match_mask_name("\xe7\x8e", out, sizeof out), 0); /* cut UTF-8 */
    ck_assert_str_eq(out, "零工**");
    ck_assert_int_eq(match_mask_name("王建国", out, 4), -1);
    ck_assert_str_eq(out, "");
    ck_assert_int_eq(match_mask_name("王建国", out, 6), 0);
    ck_assert_str_eq(out, "王**");
}
END_TEST

Suite *unit_suite(void)
{
    Suite *s = suite_create("match");
    TCase *tc = tcase_create("match");
    tcase_add_test(tc, job_fit_orders_exact_category_none);
    tcase_add_test(tc, distance_and_region_order);
    tcase_add_test(tc, credit_and_weekday_break_ties);
    tcase_add_test(tc, score_bounds);
    tcase_add_test(tc, order_is_total_and_stable);
    tcase_add_test(tc, weekday_of_known_dates);
    tcase_add_test(tc, availability_bits);
    tcase_add_test(tc, coarse_distance);
    tcase_add_test(tc, masked_names);
    suite_add_tcase(s, tc);
    return s;
}
