/* Profile rules: completeness weights, availability bits, certificate dates, employer verification. Pure
 * logic so that the unit tests pin every rule; the handlers only gather the facts. */
#include "domain/profile.h"

#include <stddef.h>
#include <string.h>

static const char *const days[PROFILE_DAYS] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
static const char *const slots[PROFILE_SLOTS] = {"morning", "afternoon", "evening"};
static const char *const verifications[PROFILE_VERIFICATION_COUNT] = {"unverified", "pending", "verified",
                                                                      "rejected"};

/* Weights sum to 100. An intro counts from 10 characters (a name alone says nothing); availability from
 * one slot; job types and regions from one entry, with a small bonus for a second 工种. */
enum {
    W_REAL_NAME = 10,
    W_ID_NUMBER = 15,
    W_PHONE = 10,
    W_JOB_TYPE = 15,
    W_JOB_TYPE_MORE = 5,
    W_WORK_REGION = 10,
    W_HOME_REGION = 5,
    W_AVAILABILITY = 10,
    W_EXPECTED_PAY = 10,
    W_INTRO = 5,
    W_CERTIFICATE = 5,
};
#define INTRO_MIN_CHARS 10

int profile_worker_completeness(const struct profile_worker_facts *f)
{
    if (!f)
        return 0;
    int s = 0;
    s += f->has_real_name ? W_REAL_NAME : 0;
    s += f->has_id_number ? W_ID_NUMBER : 0;
    s += f->has_phone ? W_PHONE : 0;
    s += f->n_job_types >= 1 ? W_JOB_TYPE : 0;
    s += f->n_job_types >= 2 ? W_JOB_TYPE_MORE : 0;
    s += f->n_work_regions >= 1 ? W_WORK_REGION : 0;
    s += f->has_home_region ? W_HOME_REGION : 0;
    s += (f->availability & PROFILE_AVAIL_ALL) ? W_AVAILABILITY : 0;
    s += f->has_expected_pay ? W_EXPECTED_PAY : 0;
    s += f->intro_chars >= INTRO_MIN_CHARS ? W_INTRO : 0;
    s += f->n_certificates >= 1 ? W_CERTIFICATE : 0;
    return s > 100 ? 100 : s;
}

static int find(const char *const *names, int n, const char *s)
{
    if (!s)
        return -1;
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], s) == 0)
            return i;
    return -1;
}

int profile_day_parse(const char *s)
{
    return find(days, PROFILE_DAYS, s);
}

int profile_slot_parse(const char *s)
{
    return find(slots, PROFILE_SLOTS, s);
}

const char *profile_day_name(int day)
{
    return day >= 0 && day < PROFILE_DAYS ? days[day] : NULL;
}

const char *profile_slot_name(int slot)
{
    return slot >= 0 && slot < PROFILE_SLOTS ? slots[slot] : NULL;
}

long profile_avail_bit(int day, int slot)
{
    if (day < 0 || day >= PROFILE_DAYS || slot < 0 || slot >= PROFILE_SLOTS)
        return 0;
    return 1L << (day * PROFILE_SLOTS + slot);
}

int profile_date_valid(const char *s)
{
    static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return 0;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1)
        return 0;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= dim[m - 1] + (m == 2 && leap);
}

const char *profile_verification_name(enum profile_verification v)
{
    return (unsigned)v < PROFILE_VERIFICATION_COUNT ? verifications[v] : NULL;
}

int profile_verification_parse(const char *s, enum profile_verification *out)
{
    int i = find(verifications, PROFILE_VERIFICATION_COUNT, s);
    if (i < 0)
        return -1;
    *out = (enum profile_verification)i;
    return 0;
}

enum profile_verification profile_employer_after_save(enum profile_verification cur, int complete,
                                                      int identity_changed)
{
    if (!complete)
        return PROFILE_UNVERIFIED;
    if (cur == PROFILE_VERIFIED && !identity_changed)
        return PROFILE_VERIFIED;
    return PROFILE_PENDING;
}

int profile_employer_review(enum profile_verification cur, enum profile_review action,
                            enum profile_verification *to)
{
    if (cur != PROFILE_PENDING)
        return -1;
    switch (action) {
    case PROFILE_REVIEW_VERIFY:
        *to = PROFILE_VERIFIED;
        return 0;
    case PROFILE_REVIEW_REJECT:
        *to = PROFILE_REJECTED;
        return 0;
    }
    return -1;
}
