/* Resident ID numbers (GB 11643-1999): 6-digit region, YYYYMMDD birth date, 3-digit sequence whose last
 * digit carries the gender, ISO 7064 MOD 11-2 check character. Pure logic: the caller supplies `now`, and
 * nothing here may log, store or copy an ID number beyond the caller's buffers. */
#include <string.h>
#include "domain/idcard.h"

#define ID_LEN      18
#define SHANGHAI_TZ (8 * 3600) /* China has had no daylight saving time since 1991 */

static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
static const char check_chars[11] = "10X98765432";

/* Province-level prefixes of GB/T 2260, plus 71 (Taiwan) and 81/82/83, which the residence permits of Hong
 * Kong, Macao and Taiwan residents use. */
static const char *const provinces[] = {"11", "12", "13", "14", "15", "21", "22", "23", "31",
                                        "32", "33", "34", "35", "36", "37", "41", "42", "43",
                                        "44", "45", "46", "50", "51", "52", "53", "54", "61",
                                        "62", "63", "64", "65", "71", "81", "82", "83"};

struct ymd {
    int y, m, d;
};

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

/* Proleptic Gregorian civil date of a day count since 1970-01-01 (H. Hinnant's civil_from_days). */
static struct ymd civil_from_days(long long z)
{
    z += 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    long long doe = z - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long long mp = (5 * doy + 2) / 153;
    struct ymd r;
    r.d = (int)(doy - (153 * mp + 2) / 5 + 1);
    r.m = (int)(mp < 10 ? mp + 3 : mp - 9);
    r.y = (int)(yoe + era * 400 + (r.m <= 2));
    return r;
}

static struct ymd shanghai_today(time_t now)
{
    long long t = (long long)now + SHANGHAI_TZ;
    long long days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    return civil_from_days(days);
}

static int ymd_cmp(struct ymd a, struct ymd b)
{
    if (a.y != b.y)
        return a.y < b.y ? -1 : 1;
    if (a.m != b.m)
        return a.m < b.m ? -1 : 1;
    if (a.d != b.d)
        return a.d < b.d ? -1 : 1;
    return 0;
}

static int num(const char *p, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++)
        v = v * 10 + (p[i] - '0');
    return v;
}

/* Reads the birth date at positions 7-14 of an ID whose first 17 characters are digits; 0 if it is a real
 * date in 1900..today, -1 otherwise. */
static int birth_date(const char *id, time_t now, struct ymd *out)
{
    struct ymd b = {num(id + 6, 4), num(id + 10, 2), num(id + 12, 2)};
    struct ymd today = shanghai_today(now);
    if (b.y < 1900 || b.m < 1 || b.m > 12 || b.d < 1 || b.d > days_in_month(b.y, b.m))
        return -1;
    if (ymd_cmp(b, today) > 0)
        return -1;
    *out = b;
    return 0;
}

static int has_length(const char *s)
{
    return s != NULL && strnlen(s, ID_LEN + 1) == ID_LEN;
}

static int digits17(const char *s)
{
    for (int i = 0; i < 17; i++)
        if (!is_digit(s[i]))
            return 0;
    return 1;
}

enum idcard_reason idcard_validate(const char *s, time_t now, char out_normalised[19])
{
    if (!has_length(s))
        return IDCARD_LENGTH;
    char last = s[17] == 'x' ? 'X' : s[17];
    if (!digits17(s) || !(is_digit(last) || last == 'X'))
        return IDCARD_CHARSET;

    int known = 0;
    for (size_t i = 0; i < sizeof provinces / sizeof provinces[0]; i++)
        if (s[0] == provinces[i][0] && s[1] == provinces[i][1])
            known = 1;
    if (!known)
        return IDCARD_REGION;

    struct ymd b;
    if (birth_date(s, now, &b) != 0)
        return IDCARD_DATE;

    int sum = 0;
    for (int i = 0; i < 17; i++)
        sum += (s[i] - '0') * weights[i];
    if (check_chars[sum % 11] != last)
        return IDCARD_CHECKSUM;

    if (out_normalised != NULL) {
        memcpy(out_normalised, s, 17);
        out_normalised[17] = last;
        out_normalised[18] = '\0';
    }
    return IDCARD_OK;
}

const char *idcard_reason_name(enum idcard_reason r)
{
    switch (r) {
    case IDCARD_OK:
        return "ok";
    case IDCARD_LENGTH:
        return "length";
    case IDCARD_CHARSET:
        return "charset";
    case IDCARD_REGION:
        return "region";
    case IDCARD_DATE:
        return "date";
    case IDCARD_CHECKSUM:
        return "checksum";
    }
    return "unknown";
}

int idcard_birth_year(const char *id)
{
    if (!has_length(id))
        return -1;
    for (int i = 6; i < 10; i++)
        if (!is_digit(id[i]))
            return -1;
    return num(id + 6, 4);
}

int idcard_age(const char *id, time_t now)
{
    struct ymd b;
    if (!has_length(id) || !digits17(id) || birth_date(id, now, &b) != 0)
        return -1;
    struct ymd today = shanghai_today(now);
    int age = today.y - b.y;
    if (today.m < b.m || (today.m == b.m && today.d < b.d))
        age--;
    return age;
}

enum idcard_gender idcard_gender(const char *id)
{
    if (!has_length(id) || !is_digit(id[16]))
        return IDCARD_GENDER_UNKNOWN;
    return (id[16] - '0') % 2 == 1 ? IDCARD_MALE : IDCARD_FEMALE;
}

int idcard_mask(const char *id, char out[19])
{
    if (!has_length(id)) {
        out[0] = '\0';
        return -1;
    }
    memcpy(out, id, 4);
    memset(out + 4, '*', 10);
    memcpy(out + 14, id + 14, 4);
    if (out[17] == 'x')
        out[17] = 'X';
    out[18] = '\0';
    return 0;
}

char idcard_check_char(const char *s)
{
    int sum = 0;
    for (int i = 0; i < 17; i++) {
        if (!is_digit(s[i]))
            return '\0';
        sum += (s[i] - '0') * weights[i];
    }
    return check_chars[sum % 11];
}
