/* Unit tests of domain/attendance: work days of one- and multi-day gigs (Asia/Shanghai dates, overnight
 * shifts), the punch window at its edges (start - 30 min accepted, - 31 min refused, second by second), the
 * radius at 1000 / 1001 m, and minutes worked. */
#include <math.h>
#include <string.h>

#include "domain/attendance.h"
#include "domain/geo.h"
#include "domain/timeutil.h"
#include "unit.h"

/* unix seconds of an RFC 3339 text (the tests' inputs are valid) */
static long long t(const char *s)
{
    long long v = 0;
    ck_assert_int_eq(timeutil_parse_rfc3339(s, &v), 0);
    return v;
}

#define WIN 1800 /* the default PUNCH_WINDOW_MIN of 30 */

START_TEST(dates_are_asia_shanghai_days)
{
    char d[11];
    attendance_date_of(t("2026-11-21T15:59:59Z"), d);
    ck_assert_str_eq(d, "2026-11-21");
    attendance_date_of(t("2026-11-21T16:00:00Z"), d); /* 00:00 in Shanghai */
    ck_assert_str_eq(d, "2026-11-22");
    attendance_date_of(t("2028-02-28T16:00:00Z"), d);
    ck_assert_str_eq(d, "2028-02-29");
    attendance_date_of(0, d);
    ck_assert_str_eq(d, "1970-01-01");
    attendance_date_of(-28801, d);
    ck_assert_str_eq(d, "1969-12-31");
}
END_TEST

START_TEST(work_days_of_one_day_multi_day_and_overnight_gigs)
{
    long long s = t("2026-11-22T08:00:00+08:00");
    ck_assert_int_eq(attendance_day_count(s, t("2026-11-22T18:00:00+08:00")), 1);
    ck_assert_int_eq(attendance_day_count(s, t("2026-11-24T18:00:00+08:00")), 3);
    ck_assert_int_eq(attendance_day_count(s, t("2026-11-24T08:00:00+08:00")),
                     2); /* day 3 would start at the end */
    ck_assert_int_eq(attendance_day_count(s, t("2026-11-24T08:00:01+08:00")), 3);
    ck_assert_int_eq(attendance_day_count(s, s), 0);
    ck_assert_int_eq(attendance_day_count(s, s - 1), 0);
    /* a night shift 20:00 - 04:00 is one day, dated by its start */
    long long n = t("2026-11-22T20:00:00+08:00");
    ck_assert_int_eq(attendance_day_count(n, t("2026-11-23T04:00:00+08:00")), 1);
    struct attendance_day d;
    ck_assert_int_eq(attendance_day_at(s, t("2026-11-24T18:00:00+08:00"), 2, &d), 0);
    ck_assert_str_eq(d.date, "2026-11-24");
    ck_assert_int_eq(d.scheduled_start, t("2026-11-24T08:00:00+08:00"));
    ck_assert_int_eq(attendance_day_at(s, t("2026-11-24T18:00:00+08:00"), 3, &d), -1);
    ck_assert_int_eq(attendance_day_at(s, t("2026-11-24T18:00:00+08:00"), -1, &d), -1);
    /* a start just after midnight UTC+8 is dated by Shanghai, not UTC */
    long long early = t("2026-11-22T00:30:00+08:00");
    ck_assert_int_eq(attendance_day_at(early, early + 3600, 0, &d), 0);
    ck_assert_str_eq(d.date, "2026-11-22");
}
END_TEST

START_TEST(punch_window_edges)
{
    long long s = t("2026-11-22T08:00:00+08:00"), e = t("2026-11-22T18:00:00+08:00");
    struct attendance_day d;
    ck_assert_int_eq(attendance_punch_day(s, e, s - 30 * 60, WIN, &d), ATTENDANCE_IN_WINDOW);
    ck_assert_int_eq(attendance_punch_day(s, e, s - 30 * 60 - 1, WIN, &d), ATTENDANCE_TOO_EARLY);
    ck_assert_int_eq(attendance_punch_day(s, e, s - 31 * 60, WIN, &d), ATTENDANCE_TOO_EARLY);
    ck_assert_int_eq(attendance_punch_day(s, e, s, WIN, &d), ATTENDANCE_IN_WINDOW);
    ck_assert_str_eq(d.date, "2026-11-22");
    ck_assert_int_eq(attendance_punch_day(s, e, s + 30 * 60, WIN, &d), ATTENDANCE_IN_WINDOW);
    ck_assert_int_eq(attendance_punch_day(s, e, s + 30 * 60 + 1, WIN, &d), ATTENDANCE_TOO_LATE);
    ck_assert_int_eq(attendance_punch_day(s, e, s + 31 * 60, WIN, &d), ATTENDANCE_TOO_LATE);
    ck_assert_int_eq(attendance_punch_day(s, e, s - 86400, WIN, &d), ATTENDANCE_TOO_EARLY);
    ck_assert_int_eq(attendance_punch_day(s, s, s, WIN, &d), ATTENDANCE_NO_DAYS);
    /* a window of 0 accepts the start second only; a wider window from the config widens both edges */
    ck_assert_int_eq(attendance_punch_day(s, e, s, 0, &d), ATTENDANCE_IN_WINDOW);
    ck_assert_int_eq(attendance_punch_day(s, e, s + 1, 0, &d), ATTENDANCE_TOO_LATE);
    ck_assert_int_eq(attendance_punch_day(s, e, s - 60 * 60, 3600, &d), ATTENDANCE_IN_WINDOW);
}
END_TEST

START_TEST(punch_window_picks_the_nearest_day_of_a_multi_day_gig)
{
    long long s = t("2026-11-22T08:00:00+08:00"), e = t("2026-11-24T18:00:00+08:00");
    struct attendance_day d;
    ck_assert_int_eq(attendance_punch_day(s, e, t("2026-11-23T07:30:00+08:00"), WIN, &d),
                     ATTENDANCE_IN_WINDOW);
    ck_assert_int_eq(d.index, 1);
    ck_assert_str_eq(d.date, "2026-11-23");
    ck_assert_int_eq(attendance_punch_day(s, e, t("2026-11-23T07:29:00+08:00"), WIN, &d),
                     ATTENDANCE_TOO_EARLY);
    ck_assert_int_eq(d.index, 1);
    ck_assert_int_eq(attendance_punch_day(s, e, t("2026-11-24T08:30:00+08:00"), WIN, &d),
                     ATTENDANCE_IN_WINDOW);
    ck_assert_int_eq(d.index, 2);
    ck_assert_str_eq(d.date, "2026-11-24");
    /* the afternoon of day 2 is nearest to day 2's start: too late, not "too early for day 3" */
    ck_assert_int_eq(attendance_punch_day(s, e, t("2026-11-23T19:59:00+08:00"), WIN, &d),
                     ATTENDANCE_TOO_LATE);
    ck_assert_int_eq(d.index, 1);
    /* after the last day only the last day is considered */
    ck_assert_int_eq(attendance_punch_day(s, e, t("2026-11-25T08:00:00+08:00"), WIN, &d),
                     ATTENDANCE_TOO_LATE);
    ck_assert_int_eq(d.index, 2);
}
END_TEST

START_TEST(day_of_date)
{
    long long s = t("2026-11-22T08:00:00+08:00"), e = t("2026-11-24T18:00:00+08:00");
    struct attendance_day d;
    ck_assert_int_eq(attendance_day_of_date(s, e, "2026-11-23", &d), 0);
    ck_assert_int_eq(d.index, 1);
    ck_assert_int_eq(d.scheduled_start, t("2026-11-23T08:00:00+08:00"));
    ck_assert_int_eq(attendance_day_of_date(s, e, "2026-11-21", &d), -1);
    ck_assert_int_eq(attendance_day_of_date(s, e, "2026-11-25", &d), -1);
    ck_assert_int_eq(attendance_day_of_date(s, e, "2026-02-30", &d), -1);
    ck_assert_int_eq(attendance_day_of_date(s, e, "2026-11-2", &d), -1);
    ck_assert_int_eq(attendance_day_of_date(s, e, "2026-11-22T", &d), -1);
    ck_assert_int_eq(attendance_day_of_date(s, e, NULL, &d), -1);
}
END_TEST

START_TEST(radius_edges)
{
    ck_assert_int_eq(attendance_within_radius(0, 1000), 1);
    ck_assert_int_eq(attendance_within_radius(1000.0, 1000), 1);
    ck_assert_int_eq(attendance_within_radius(1000.49, 1000), 1);
    ck_assert_int_eq(attendance_within_radius(1000.5, 1000), 0);
    ck_assert_int_eq(attendance_within_radius(1001.0, 1000), 0);
    ck_assert_int_eq(attendance_within_radius(-1.0, 1000), 0); /* geo_distance_m's invalid-point answer */
    ck_assert_int_eq(attendance_within_radius(NAN, 1000), 0);
    ck_assert_int_eq(attendance_within_radius(INFINITY, 1000), 0);
    /* through geo_distance_m: due north along a meridian, so the haversine distance is exact */
    double lat = 24.4728, lng = 109.752, per_m = 180.0 / (3.14159265358979323846 * 6371008.8);
    ck_assert_int_eq(attendance_within_radius(geo_distance_m(lat, lng, lat + 1000 * per_m, lng), 1000), 1);
    ck_assert_int_eq(attendance_within_radius(geo_distance_m(lat, lng, lat + 1001 * per_m, lng), 1000), 0);
}
END_TEST

START_TEST(minutes_worked)
{
    ck_assert_int_eq(attendance_minutes(1000, 1000 + 8 * 3600), 480);
    ck_assert_int_eq(attendance_minutes(1000, 1000 + 119), 1);
    ck_assert_int_eq(attendance_minutes(1000, 0), 0);
    ck_assert_int_eq(attendance_minutes(0, 1000), 0);
    ck_assert_int_eq(attendance_minutes(2000, 1000), 0);
}
END_TEST

Suite *unit_suite(void)
{
    Suite *s = suite_create("attendance");
    TCase *tc = tcase_create("attendance");
    tcase_add_test(tc, dates_are_asia_shanghai_days);
    tcase_add_test(tc, work_days_of_one_day_multi_day_and_overnight_gigs);
    tcase_add_test(tc, punch_window_edges);
    tcase_add_test(tc, punch_window_picks_the_nearest_day_of_a_multi_day_gig);
    tcase_add_test(tc, day_of_date);
    tcase_add_test(tc, radius_edges);
    tcase_add_test(tc, minutes_worked);
    suite_add_tcase(s, tc);
    return s;
}
