/* Integer fen arithmetic and the pay-unit vocabulary. Every amount the system stores, sums or shows goes
 * through these integers; nothing here may use floating point, round silently past two decimals, or wrap
 * on overflow. */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include "domain/money.h"

static const char *const unit_names[MONEY_UNIT_COUNT] = {
    [MONEY_UNIT_HOUR] = "hour",
    [MONEY_UNIT_DAY] = "day",
    [MONEY_UNIT_PIECE] = "piece",
    [MONEY_UNIT_GIG] = "gig",
};

int money_format_yuan(long long fen, char *out, size_t n)
{
    /* the magnitude as unsigned so LLONG_MIN has one */
    unsigned long long mag = fen < 0 ? 0ULL - (unsigned long long)fen : (unsigned long long)fen;
    int len = snprintf(out, n, "%s%llu.%02llu", fen < 0 ? "-" : "", mag / 100, mag % 100);
    if (len < 0 || (size_t)len >= n) {
        if (n > 0)
            out[0] = '\0';
        return -1;
    }
    return len;
}

/* Parses digits[.d{1,decimals}] scaled by 10^decimals; -1 on any malformation or overflow. */
static long long parse_fixed(const char *s, int decimals)
{
    if (s == NULL || *s < '0' || *s > '9')
        return -1;
    long long v = 0;
    const char *p = s;
    for (; *p >= '0' && *p <= '9'; p++) {
        if (v > (LLONG_MAX - (*p - '0')) / 10)
            return -1;
        v = v * 10 + (*p - '0');
    }
    int frac = 0;
    if (*p == '.') {
        p++;
        for (; *p >= '0' && *p <= '9'; p++) {
            if (++frac > decimals)
                return -1;
            if (v > (LLONG_MAX - (*p - '0')) / 10)
                return -1;
            v = v * 10 + (*p - '0');
        }
        if (frac == 0)
            return -1;
    }
    if (*p != '\0')
        return -1;
    for (; frac < decimals; frac++) {
        if (v > LLONG_MAX / 10)
            return -1;
        v *= 10;
    }
    return v;
}

long long money_parse_yuan(const char *s)
{
    return parse_fixed(s, 2);
}

long long money_parse_milli(const char *s)
{
    return parse_fixed(s, 3);
}

static int add_ok(long long a, long long b, long long *r)
{
    if (a > LLONG_MAX - b)
        return 0;
    *r = a + b;
    return 1;
}

long long money_amount(long long rate_fen, enum money_unit unit, long long quantity_milli)
{
    if (rate_fen < 0 || quantity_milli < 0 || (unsigned)unit >= MONEY_UNIT_COUNT)
        return -1;
    if (unit == MONEY_UNIT_PIECE && quantity_milli % 1000 != 0)
        return -1;
    if (unit == MONEY_UNIT_GIG && quantity_milli != 0 && quantity_milli != 1000)
        return -1;

    /* rate x q / 1000 without a wider type: q = whole*1000 + part and rate = hi*1000 + lo, so the
     * fractional product is hi*part + lo*part/1000, where hi*part < LLONG_MAX and lo*part < 10^6. */
    long long whole = quantity_milli / 1000, part = quantity_milli % 1000;
    long long hi = rate_fen / 1000, lo = rate_fen % 1000;
    long long total;
    if (whole != 0 && rate_fen > LLONG_MAX / whole)
        return -1;
    total = rate_fen * whole;
    if (!add_ok(total, hi * part, &total) || !add_ok(total, (lo * part + 500) / 1000, &total))
        return -1;
    return total;
}

const char *money_unit_name(enum money_unit u)
{
    return (unsigned)u < MONEY_UNIT_COUNT ? unit_names[u] : NULL;
}

int money_unit_parse(const char *s, enum money_unit *out)
{
    for (int i = 0; s != NULL && i < MONEY_UNIT_COUNT; i++) {
        if (strcmp(unit_names[i], s) == 0) {
            *out = (enum money_unit)i;
            return 0;
        }
    }
    return -1;
}
