/* Complaint categories and the working-day SLA clock (see complaint.h for the counting rule). Pure
 * arithmetic on unix seconds in a fixed UTC+8 zone: no tz database, no clock reads. */
#include "domain/complaint.h"

#include <string.h>

#define DAY      86400LL
#define SHANGHAI (8 * 3600LL) /* UTC+8, no daylight saving since 1991 */

static const struct {
    const char *name, *zh;
} categories[COMPLAINT_CATEGORY_COUNT] = {
    [COMPLAINT_UNPAID_WAGE] = {"unpaid_wage", "拖欠工资"},
    [COMPLAINT_FALSE_INFO] = {"false_info", "虚假信息"},
    [COMPLAINT_SAFETY] = {"safety", "安全问题"},
    [COMPLAINT_DISCRIMINATION] = {"discrimination", "就业歧视"},
    [COMPLAINT_FEE_DEMANDED] = {"fee_demanded", "违规收费"},
    [COMPLAINT_OTHER] = {"other", "其他"},
};

const char *complaint_category_name(enum complaint_category c)
{
    return (unsigned)c < COMPLAINT_CATEGORY_COUNT ? categories[c].name : NULL;
}

const char *complaint_category_zh(enum complaint_category c)
{
    return (unsigned)c < COMPLAINT_CATEGORY_COUNT ? categories[c].zh : NULL;
}

int complaint_category_parse(const char *s, enum complaint_category *out)
{
    for (int i = 0; s && i < COMPLAINT_CATEGORY_COUNT; i++) {
        if (strcmp(categories[i].name, s) == 0) {
            *out = (enum complaint_category)i;
            return 0;
        }
    }
    return -1;
}

/* The local (Asia/Shanghai) day number of t: days since 1970-01-01, rounding towards minus infinity. */
static long long local_day(long long t)
{
    long long l = t + SHANGHAI;
    return l >= 0 ? l / DAY : -((-l + DAY - 1) / DAY);
}

static int weekday_of_day(long long day)
{
    long long w = (day + 4) % 7; /* 1970-01-01 was a Thursday */
    return (int)(w < 0 ? w + 7 : w);
}

int complaint_weekday(long long t)
{
    return weekday_of_day(local_day(t));
}

long long complaint_sla_due(long long submitted_at, int workdays)
{
    long long day = local_day(submitted_at);
    int left = workdays < 1 ? 1 : workdays;
    while (left > 0) {
        day++;
        int w = weekday_of_day(day);
        if (w != 0 && w != 6)
            left--;
    }
    return (day + 1) * DAY - SHANGHAI;
}
