/* Settlement arithmetic and calendar bounds. Owns how attendance turns into a quantity per pay unit, how
 * items and an adjusted amount combine, and when a reason is owed; the rate × quantity product itself is
 * domain/money.c's. Must not do I/O, read a clock or use floating point. */
#include "domain/settlement.h"

#include <stdio.h>

#include "domain/attendance.h"
#include "domain/timeutil.h"

long long settlement_quantity(enum money_unit unit, long long minutes, long long days, long long pieces)
{
    switch (unit) {
    case MONEY_UNIT_HOUR:
        if (minutes < 0 || minutes > 1000000000LL)
            return -1;
        return (minutes * 1000 + 30) / 60;
    case MONEY_UNIT_DAY:
        return days < 0 || days > 1000000LL ? -1 : days * 1000;
    case MONEY_UNIT_PIECE:
        return pieces < 0 || pieces > SETTLEMENT_MAX_PIECES ? -1 : pieces * 1000;
    case MONEY_UNIT_GIG:
        return 1000;
    default:
        return -1;
    }
}

enum settlement_error settlement_compute(const struct settlement_input *in, struct settlement_calc *out)
{
    if (in->unit == MONEY_UNIT_PIECE && in->pieces < 0)
        return SETTLEMENT_PIECES_REQUIRED;
    if (in->unit != MONEY_UNIT_PIECE && in->pieces >= 0)
        return SETTLEMENT_PIECES_UNEXPECTED;
    long long q = settlement_quantity(in->unit, in->minutes, in->days, in->pieces);
    long long base = q < 0 ? -1 : money_amount(in->rate_fen, in->unit, q);
    if (base < 0 || base > SETTLEMENT_MAX_FEN)
        return SETTLEMENT_TOO_LARGE;
    long long items = 0;
    int deduction = 0;
    if (in->n_items > SETTLEMENT_MAX_ITEMS)
        return SETTLEMENT_BAD_ITEM;
    for (size_t i = 0; i < in->n_items; i++) {
        long long v = in->item_fen[i];
        if (v == 0 || v > SETTLEMENT_ITEM_MAX_FEN || v < -SETTLEMENT_ITEM_MAX_FEN)
            return SETTLEMENT_BAD_ITEM;
        deduction |= v < 0;
        items += v; /* at most 20 × 10^7 in magnitude: no overflow */
    }
    out->quantity_milli = q;
    out->base_fen = base;
    out->items_fen = items;
    out->computed_fen = base + items;
    out->adjusted = in->adjusted_fen >= 0 && in->adjusted_fen != out->computed_fen;
    out->amount_fen = in->adjusted_fen >= 0 ? in->adjusted_fen : out->computed_fen;
    if ((out->adjusted || deduction) && !in->has_reason)
        return SETTLEMENT_REASON_REQUIRED;
    if (out->amount_fen <= 0)
        return SETTLEMENT_NOT_POSITIVE;
    if (out->amount_fen > SETTLEMENT_MAX_FEN)
        return SETTLEMENT_TOO_LARGE;
    return SETTLEMENT_OK;
}

static long long month_start(long long y, unsigned m)
{
    return timeutil_days_from_civil(y, m, 1) * ATTENDANCE_DAY_S - ATTENDANCE_TZ_OFFSET_S;
}

int settlement_month_bounds(const char *ym, long long *from, long long *to)
{
    int y = 0, m = 0;
    for (int i = 0; i < 7; i++) {
        char c = ym[i];
        if (i == 4 ? c != '-' : (c < '0' || c > '9'))
            return -1;
        if (i < 4)
            y = y * 10 + (c - '0');
        else if (i > 4)
            m = m * 10 + (c - '0');
    }
    if (ym[7] != '\0' || y < 2000 || y > 2100 || m < 1 || m > 12)
        return -1;
    *from = month_start(y, (unsigned)m);
    *to = m == 12 ? month_start(y + 1, 1) : month_start(y, (unsigned)m + 1);
    return 0;
}

int settlement_year_bounds(long long year, long long *from, long long *to)
{
    if (year < 2000 || year > 2100)
        return -1;
    *from = month_start(year, 1);
    *to = month_start(year + 1, 1);
    return 0;
}

int settlement_month_of(long long t)
{
    char date[11];
    attendance_date_of(t, date);
    return (date[5] - '0') * 10 + (date[6] - '0');
}
