/* Unit tests of domain/rating: directions, the reveal rule (both rated, or 7 days after the first), who
 * sees a rating, and the summary arithmetic (average in tenths, 好评率). */
#include "domain/rating.h"
#include "unit.h"

START_TEST(directions)
{
    enum rating_direction d;
    ck_assert_int_eq(rating_direction_of_author("worker", &d), 0);
    ck_assert_int_eq(d, RATING_WORKER_TO_EMPLOYER);
    ck_assert_str_eq(rating_direction_name(d), "worker_to_employer");
    ck_assert_str_eq(rating_subject_role(d), "employer");
    ck_assert_int_eq(rating_direction_of_author("employer", &d), 0);
    ck_assert_int_eq(d, RATING_EMPLOYER_TO_WORKER);
    ck_assert_str_eq(rating_direction_name(d), "employer_to_worker");
    ck_assert_str_eq(rating_subject_role(d), "worker");
    ck_assert_int_eq(rating_direction_of_author("admin", &d), -1);
    ck_assert_int_eq(rating_direction_of_author(NULL, &d), -1);
}
END_TEST

START_TEST(reveal_rule)
{
    long long t = 1800000000;
    /* the first rating waits 7 days; the second reveals both at once */
    ck_assert_int_eq(rating_reveal_at(t, 0), t + 7 * 86400);
    ck_assert_int_eq(rating_reveal_at(t, 1), t);
    long long at = rating_reveal_at(t, 0);
    ck_assert_int_eq(rating_visible(at, 0, 0, t), 0);
    ck_assert_int_eq(rating_visible(at, 0, 0, at - 1), 0);
    ck_assert_int_eq(rating_visible(at, 0, 0, at), 1);
    /* the author always sees it, hidden or not */
    ck_assert_int_eq(rating_visible(at, 0, 1, t), 1);
    ck_assert_int_eq(rating_visible(at, 1, 1, at + 10), 1);
    /* hidden: nobody else */
    ck_assert_int_eq(rating_visible(at, 1, 0, at + 10), 0);
}
END_TEST

START_TEST(summary_arithmetic)
{
    ck_assert_int_eq(rating_average_tenths(0, 0), 0);
    ck_assert_int_eq(rating_average_tenths(5, 1), 50);
    ck_assert_int_eq(rating_average_tenths(13, 3), 43);  /* 4.333 */
    ck_assert_int_eq(rating_average_tenths(14, 3), 47);  /* 4.666 */
    ck_assert_int_eq(rating_average_tenths(9, 2), 45);   /* 4.5 exactly */
    ck_assert_int_eq(rating_average_tenths(29, 20), 15); /* 1.45 rounds half up */
    ck_assert_int_eq(rating_positive_percent(0, 0), 0);
    ck_assert_int_eq(rating_positive_percent(2, 3), 67);
    ck_assert_int_eq(rating_positive_percent(1, 3), 33);
    ck_assert_int_eq(rating_positive_percent(1, 8), 13); /* 12.5 rounds half up */
    ck_assert_int_eq(rating_positive_percent(4, 4), 100);
    ck_assert_int_eq(rating_is_positive(3), 0);
    ck_assert_int_eq(rating_is_positive(4), 1);
    ck_assert_int_eq(rating_is_positive(5), 1);
}
END_TEST

Suite *unit_suite(void)
{
    Suite *s = suite_create("rating");
    TCase *tc = tcase_create("rating");
    tcase_add_test(tc, directions);
    tcase_add_test(tc, reveal_rule);
    tcase_add_test(tc, summary_arithmetic);
    suite_add_tcase(s, tc);
    return s;
}
