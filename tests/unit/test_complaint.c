/* Unit tests of domain/complaint: category names and labels, and the SLA deadline in working days
 * (Asia/Shanghai, weekends skipped, the day of submission never counting, public holidays not modelled). */
#include <string.h>
#include "unit.h"
#include "domain/complaint.h"

/* Unix seconds of a wall-clock time in Asia/Shanghai (UTC+8), computed with Python's zoneinfo-free
 * datetime for the values below. 2026-11-23 is a Monday. */
#define MON_23_1000 1795399200LL /* Mon 2026-11-23 10:00 */
#define MON_23_0000 1795363200LL /* Mon 2026-11-23 00:00:00 */
#define WED_25_1200 1795579200LL /* Wed 2026-11-25 12:00 */
#define FRI_27_0000 1795708800LL /* Fri 2026-11-27 00:00 */
#define FRI_27_2359 1795795140LL /* Fri 2026-11-27 23:59 */
#define SAT_28_0900 1795827600LL /* Sat 2026-11-28 09:00 */
#define SUN_29_2359 1795967999LL /* Sun 2026-11-29 23:59:59 */
#define TUE_D01_000 1796054400LL /* Tue 2026-12-01 00:00 */
#define THU_D03_000 1796227200LL /* Thu 2026-12-03 00:00 */
#define TUE_D08_000 1796659200LL /* Tue 2026-12-08 00:00 */

START_TEST(categories_round_trip)
{
    static const char *const names[] = {"unpaid_wage",    "false_info",   "safety",
                                        "discrimination", "fee_demanded", "other"};
    for (int i = 0; i < COMPLAINT_CATEGORY_COUNT; i++) {
        enum complaint_category c;
        ck_assert_int_eq(complaint_category_parse(names[i], &c), 0);
        ck_assert_int_eq(c, i);
        ck_assert_str_eq(complaint_category_name(c), names[i]);
        ck_assert_ptr_nonnull(complaint_category_zh(c));
    }
    ck_assert_str_eq(complaint_category_zh(COMPLAINT_UNPAID_WAGE), "拖欠工资");
    ck_assert_str_eq(complaint_category_zh(COMPLAINT_FALSE_INFO), "虚假信息");
}
END_TEST

START_TEST(categories_reject_unknown)
{
    enum complaint_category c = COMPLAINT_OTHER;
    ck_assert_int_eq(complaint_category_parse(NULL, &c), -1);
    ck_assert_int_eq(complaint_category_parse("", &c), -1);
    ck_assert_int_eq(complaint_category_parse("Unpaid_wage", &c), -1);
    ck_assert_int_eq(complaint_category_parse("unpaid_wage ", &c), -1);
    ck_assert_int_eq(complaint_category_parse("fraud", &c), -1);
    ck_assert_int_eq(c, COMPLAINT_OTHER);
    ck_assert_ptr_null(complaint_category_name(COMPLAINT_CATEGORY_COUNT));
    ck_assert_ptr_null(complaint_category_zh((enum complaint_category) - 1));
}
END_TEST

START_TEST(weekday_in_shanghai)
{
    ck_assert_int_eq(complaint_weekday(MON_23_1000), 1);
    ck_assert_int_eq(complaint_weekday(MON_23_0000), 1);
    ck_assert_int_eq(complaint_weekday(MON_23_0000 - 1), 0); /* Sunday 23:59:59 local, Sunday 15:59 UTC */
    ck_assert_int_eq(complaint_weekday(SAT_28_0900), 6);
    ck_assert_int_eq(complaint_weekday(0), 4);          /* 1970-01-01 08:00 local: a Thursday */
    ck_assert_int_eq(complaint_weekday(-16 * 3600), 3); /* 1969-12-31 16:00 local: a Wednesday */
}
END_TEST

START_TEST(sla_monday_three_working_days)
{
    /* Tue, Wed, Thu: due when Friday starts */
    ck_assert_int_eq(complaint_sla_due(MON_23_1000, 3), FRI_27_0000);
    ck_assert_int_eq(complaint_sla_due(MON_23_0000, 3), FRI_27_0000);
    ck_assert_int_eq(complaint_sla_due(WED_25_1200, 1), FRI_27_0000);
}
END_TEST

START_TEST(sla_skips_the_weekend)
{
    /* Friday, Saturday and Sunday submissions: Mon, Tue, Wed next week, due when Thursday starts */
    ck_assert_int_eq(complaint_sla_due(FRI_27_0000, 3), THU_D03_000);
    ck_assert_int_eq(complaint_sla_due(FRI_27_2359, 3), THU_D03_000);
    ck_assert_int_eq(complaint_sla_due(SAT_28_0900, 3), THU_D03_000);
    ck_assert_int_eq(complaint_sla_due(SUN_29_2359, 3), THU_D03_000);
    /* five working days from Monday end on the next Monday; ten on the Monday after that */
    ck_assert_int_eq(complaint_sla_due(MON_23_1000, 5), TUE_D01_000);
    ck_assert_int_eq(complaint_sla_due(MON_23_0000, 10), TUE_D08_000);
}
END_TEST

START_TEST(sla_at_least_one_day)
{
    ck_assert_int_eq(complaint_sla_due(WED_25_1200, 0), FRI_27_0000);
    ck_assert_int_eq(complaint_sla_due(WED_25_1200, -5), FRI_27_0000);
    /* always after the submission, and never on a weekend day */
    for (long long t = MON_23_0000; t < MON_23_0000 + 14 * 86400; t += 3600 * 7 + 13) {
        for (int d = 1; d <= 7; d++) {
            long long due = complaint_sla_due(t, d);
            ck_assert_int_gt(due, t + (long long)d * 86400 - 86400);
            int w = complaint_weekday(due - 1); /* the last moment inside the deadline */
            ck_assert(w >= 1 && w <= 5);
        }
    }
}
END_TEST

Suite *unit_suite(void)
{
    Suite *s = suite_create("complaint");
    TCase *tc = tcase_create("complaint");
    tcase_add_test(tc, categories_round_trip);
    tcase_add_test(tc, categories_reject_unknown);
    tcase_add_test(tc, weekday_in_shanghai);
    tcase_add_test(tc, sla_monday_three_working_days);
    tcase_add_test(tc, sla_skips_the_weekend);
    tcase_add_test(tc, sla_at_least_one_day);
    suite_add_tcase(s, tc);
    return s;
}
