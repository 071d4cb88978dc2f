/* The ranking score of 查找雇员 and its small helpers. Pure: the facts come from the caller.
 * Why these weights: an employer first needs someone who does the work (工种 is 40% of the score, and an
 * exact 工种 is worth twice a neighbour in the same category), then someone who can get there (30%:
 * distance when the employer gave a point, otherwise the region the worker lives or works in), then
 * someone reliable (诚信分, 20%), and last someone free on the day (10%: availability is self-declared
 * and often left blank, so it nudges rather than decides). */
#include "domain/match.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "domain/profile.h"

int match_score(const struct match_facts *f)
{
    if (!f)
        return 0;
    int s = 0;
    if (f->job == MATCH_JOB_EXACT)
        s += MATCH_W_JOB_EXACT;
    else if (f->job == MATCH_JOB_CATEGORY)
        s += MATCH_W_JOB_CATEGORY;
    if (f->has_distance && isfinite(f->distance_m) && f->distance_m >= 0) {
        double left = 1.0 - f->distance_m / MATCH_DISTANCE_ZERO_M;
        if (left > 0)
            s += (int)(MATCH_W_PLACE * left + 0.5);
    } else if (f->region == MATCH_REGION_NEAR) {
        s += MATCH_W_PLACE;
    } else if (f->region == MATCH_REGION_WIDE) {
        s += MATCH_W_REGION_WIDE;
    }
    int credit = f->credit < 0 ? 0 : f->credit > 100 ? 100 : f->credit;
    s += credit * MATCH_W_CREDIT_PER_PT;
    if (f->avail == MATCH_AVAIL_YES)
        s += MATCH_W_AVAIL;
    return s > MATCH_SCORE_MAX ? MATCH_SCORE_MAX : s;
}

int match_order(int score_a, int credit_a, int completeness_a, long long id_a, int score_b, int credit_b,
                int completeness_b, long long id_b)
{
    if (score_a != score_b)
        return score_a > score_b ? -1 : 1;
    if (credit_a != credit_b)
        return credit_a > credit_b ? -1 : 1;
    if (completeness_a != completeness_b)
        return completeness_a > completeness_b ? -1 : 1;
    if (id_a != id_b)
        return id_a < id_b ? -1 : 1;
    return 0;
}

int match_weekday(const char *date)
{
    if (!date || !profile_date_valid(date))
        return -1;
    int y, m, d;
    if (sscanf(date, "%4d-%2d-%2d", &y, &m, &d) != 3)
        return -1;
    /* Sakamoto's method: 0 = Sunday */
    static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
    if (m < 3)
        y -= 1;
    int sun0 = (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7;
    return (sun0 + 6) % 7;
}

enum match_avail match_availability(long mask, int day)
{
    if (mask == 0 || day < 0 || day >= PROFILE_DAYS)
        return MATCH_AVAIL_UNKNOWN;
    for (int s = 0; s < PROFILE_SLOTS; s++)
        if (mask & profile_avail_bit(day, s))
            return MATCH_AVAIL_YES;
    return MATCH_AVAIL_NO;
}

long long match_coarse_distance_m(double metres)
{
    if (!isfinite(metres) || metres < 0)
        return -1;
    if (metres > 1e9)
        metres = 1e9;
    long long km = (long long)ceil(metres / 1000.0);
    return (km < 1 ? 1 : km) * 1000;
}

/* Length of the UTF-8 sequence starting with byte c, 0 if c cannot start one. */
static int seq_len(unsigned char c)
{
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        return 2;
    if (c >= 0xE0 && c <= 0xEF)
        return 3;
    if (c >= 0xF0 && c <= 0xF4)
        return 4;
    return 0;
}

int match_mask_name(const char *name, char *out, size_t cap)
{
    static const char fallback[] = "零工**";
    if (!out || cap == 0)
        return -1;
    out[0] = '\0';
    const unsigned char *p = (const unsigned char *)(name ? name : "");
    int first = p[0] && p[0] != ' ' ? seq_len(p[0]) : 0;
    size_t rest = 0;
    int ok = first > 0;
    for (int i = 1; ok && i < first; i++)
        ok = (p[i] & 0xC0) == 0x80;
    for (size_t i = ok ? (size_t)first : 0; ok && p[i];) {
        int n = seq_len(p[i]);
        ok = n > 0;
        for (int k = 1; ok && k < n; k++)
            ok = (p[i + k] & 0xC0) == 0x80;
        i += ok ? (size_t)n : 0;
        rest++;
    }
    if (!ok) {
        if (cap < sizeof fallback)
            return -1;
        memcpy(out, fallback, sizeof fallback);
        return 0;
    }
    if (rest == 0)
        rest = 1;
    if (rest > 3)
        rest = 3; /* the length of a long name says something too: never more than three stars */
    if ((size_t)first + rest + 1 > cap)
        return -1;
    memcpy(out, p, (size_t)first);
    memset(out + first, '*', rest);
    out[(size_t)first + rest] = '\0';
    return 0;
}
