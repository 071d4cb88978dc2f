/* Attendance rules: work days, the punch window, the radius and minutes worked. Pure arithmetic on unix
 * seconds; the date conversion is Howard Hinnant's civil_from_days (proleptic Gregorian). */
#include "domain/attendance.h"

#include <math.h>
#include <string.h>

#include "domain/timeutil.h"

/* floor(a / b) for b > 0, also for negative a */
static long long floor_div(long long a, long long b)
{
    long long q = a / b;
    return (a % b != 0 && a < 0) ? q - 1 : q;
}

void attendance_date_of(long long t, char out[11])
{
    long long z = floor_div(t + ATTENDANCE_TZ_OFFSET_S, ATTENDANCE_DAY_S) + 719468;
    long long era = floor_div(z, 146097);
    long long doe = z - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long y = yoe + era * 400;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long long mp = (5 * doy + 2) / 153;
    long long d = doy - (153 * mp + 2) / 5 + 1;
    long long m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2)
        y++;
    if (y < 0 || y > 9999) {
        strcpy(out, "0000-00-00");
        return;
    }
    /* digit by digit: the ranges are known, and snprintf's truncation warning cannot see them */
    const long long parts[3] = {y, m, d};
    const int widths[3] = {4, 2, 2};
    char *p = out;
    for (int i = 0; i < 3; i++) {
        for (int k = widths[i] - 1; k >= 0; k--) {
            long long v = parts[i];
            for (int j = 0; j < k; j++)
                v /= 10;
            *p++ = (char)('0' + v % 10);
        }
        *p++ = i < 2 ? '-' : '\0';
    }
}

int attendance_day_count(long long starts_at, long long ends_at)
{
    if (ends_at <= starts_at)
        return 0;
    long long n = (ends_at - starts_at - 1) / ATTENDANCE_DAY_S + 1;
    return n > 100000 ? 100000 : (int)n;
}

int attendance_day_at(long long starts_at, long long ends_at, int index, struct attendance_day *out)
{
    if (index < 0 || index >= attendance_day_count(starts_at, ends_at))
        return -1;
    out->index = index;
    out->scheduled_start = starts_at + (long long)index * ATTENDANCE_DAY_S;
    attendance_date_of(out->scheduled_start, out->date);
    return 0;
}

enum attendance_window attendance_punch_day(long long starts_at, long long ends_at, long long now,
                                            long window_s, struct attendance_day *out)
{
    int n = attendance_day_count(starts_at, ends_at);
    if (n == 0)
        return ATTENDANCE_NO_DAYS;
    long long k = floor_div(now - starts_at + ATTENDANCE_DAY_S / 2, ATTENDANCE_DAY_S);
    if (k < 0)
        k = 0;
    if (k > n - 1)
        k = n - 1;
    attendance_day_at(starts_at, ends_at, (int)k, out);
    if (now < out->scheduled_start - window_s)
        return ATTENDANCE_TOO_EARLY;
    if (now > out->scheduled_start + window_s)
        return ATTENDANCE_TOO_LATE;
    return ATTENDANCE_IN_WINDOW;
}

int attendance_day_of_date(long long starts_at, long long ends_at, const char *date,
                           struct attendance_day *out)
{
    long long day0;
    if (!date || strlen(date) != 10 || timeutil_parse_date(date, ATTENDANCE_TZ_OFFSET_S, &day0) != 0)
        return -1;
    long long first = floor_div(starts_at + ATTENDANCE_TZ_OFFSET_S, ATTENDANCE_DAY_S);
    long long want = floor_div(day0 + ATTENDANCE_TZ_OFFSET_S, ATTENDANCE_DAY_S);
    long long k = want - first;
    if (k < 0 || k > 100000)
        return -1;
    return attendance_day_at(starts_at, ends_at, (int)k, out);
}

int attendance_within_radius(double distance_m, long radius_m)
{
    if (!(distance_m >= 0) || !isfinite(distance_m))
        return 0;
    return llround(distance_m) <= radius_m;
}

long long attendance_minutes(long long check_in_at, long long check_out_at)
{
    if (check_in_at <= 0 || check_out_at <= 0 || check_out_at <= check_in_at)
        return 0;
    return (check_out_at - check_in_at) / 60;
}
