/* Unit tests of domain/settlement: quantity per pay unit from attendance, base × rate, item lines and
 * deductions, the adjusted amount and when it owes a reason, limits, and the Asia/Shanghai calendar
 * bounds used by admin lists and income statements. */
#include <string.h>

#include "unit.h"
#include "domain/settlement.h"

static struct settlement_input in_of(enum money_unit unit, long long rate)
{
    struct settlement_input in = {.unit = unit, .rate_fen = rate, .pieces = -1, .adjusted_fen = -1};
    return in;
}

START_TEST(quantity_per_unit)
{
    ck_assert_int_eq(settlement_quantity(MONEY_UNIT_HOUR, 450, 1, -1), 7500); /* 7 h 30 min */
    ck_assert_int_eq(settlement_quantity(MONEY_UNIT_HOUR, 20, 1, -1), 333);   /* 1/3 h */
    ck_assert_int_eq(settlement_quantity(MONEY_UNIT_HOUR, 40, 1, -1), 667);   /* half up */
    ck_assert_int_eq(settlement_quantity(MONEY_UNIT_HOUR, 0, 0, -1), 0);
    ck_assert_int_eq(settlement_quantity(MONEY_UNIT_DAY, 999, 3, -1), 3000);
    ck_assert_int_eq(settlement_quantity(MONEY_UNIT_PIECE, 0, 0, 120), 120000);
    ck_assert_int_eq(settlement_quantity(MONEY_UNIT_GIG, 0, 0, -1), 1000);
    ck_assert_int_eq(settlement_quantity(MONEY_UNIT_HOUR, -1, 0, -1), -1);
    ck_assert_int_eq(settlement_quantity(MONEY_UNIT_DAY, 0, -1, -1), -1);
    ck_assert_int_eq(settlement_quantity(MONEY_UNIT_PIECE, 0, 0, SETTLEMENT_MAX_PIECES + 1), -1);
    ck_assert_int_eq(settlement_quantity(MONEY_UNIT_COUNT, 0, 0, 0), -1);
}
END_TEST

START_TEST(default_amount_from_attendance)
{
    struct settlement_calc c;
    struct settlement_input in = in_of(MONEY_UNIT_HOUR, 3000); /* 30 yuan an hour */
    in.minutes = 450;
    ck_assert_int_eq(settlement_compute(&in, &c), SETTLEMENT_OK);
    ck_assert_int_eq(c.quantity_milli, 7500);
    ck_assert_int_eq(c.base_fen, 22500);
    ck_assert_int_eq(c.computed_fen, 22500);
    ck_assert_int_eq(c.amount_fen, 22500);
    ck_assert_int_eq(c.adjusted, 0);

    in = in_of(MONEY_UNIT_DAY, 25000);
    in.days = 3;
    in.minutes = 1; /* minutes do not count for day pay */
    ck_assert_int_eq(settlement_compute(&in, &c), SETTLEMENT_OK);
    ck_assert_int_eq(c.amount_fen, 75000);

    in = in_of(MONEY_UNIT_PIECE, 150);
    in.pieces = 400;
    ck_assert_int_eq(settlement_compute(&in, &c), SETTLEMENT_OK);
    ck_assert_int_eq(c.amount_fen, 60000);

    in = in_of(MONEY_UNIT_GIG, 80000);
    ck_assert_int_eq(settlement_compute(&in, &c), SETTLEMENT_OK);
    ck_assert_int_eq(c.quantity_milli, 1000);
    ck_assert_int_eq(c.amount_fen, 80000);
}
END_TEST

START_TEST(pieces_only_for_piece_pay)
{
    struct settlement_calc c;
    struct settlement_input in = in_of(MONEY_UNIT_PIECE, 150);
    ck_assert_int_eq(settlement_compute(&in, &c), SETTLEMENT_PIECES_REQUIRED);
    in = in_of(MONEY_UNIT_DAY, 150);
    in.days = 1;
    in.pieces = 3;
    ck_assert_int_eq(settlement_compute(&in, &c), SETTLEMENT_PIECES_UNEXPECTED);
}
END_TEST

START_TEST(items_and_deductions)
{
    struct settlement_calc c;
    long long extras[] = {2000, 1500};
    struct settlement_input in = in_of(MONEY_UNIT_DAY, 25000);
    in.days = 2;
    in.item_fen = extras;
    in.n_items = 2;
    ck_assert_int_eq(settlement_compute(&in, &c), SETTLEMENT_OK); /* extras need no reason */
    ck_assert_int_eq(c.base_fen, 50000);
    ck_assert_int_eq(c.items_fen, 3500);
    ck_assert_int_eq(c.computed_fen, 53500);
    ck_assert_int_eq(c.amount_fen, 53500);
    ck_assert_int_eq(c.adjusted, 0);

    long long deduct[] = {2000, -500};
    in.item_fen = deduct;
    ck_assert_int_eq(settlement_compute(&in, &c), SETTLEMENT_REASON_REQUIRED);
    in.has_reason = 1;
    ck_assert_int_eq(settlement_compute(&in, &c), SETTLEMENT_OK);
    ck_assert_int_eq(c.amount_fen, 51500);

    long long zero[] = {0};
    in.item_fen = zero;
    in.n_items = 1;
    ck_assert_int_eq(settlement_compute(&in, &c), SETTLEMENT_BAD_ITEM);
    long long big[] = {SETTLEMENT_ITEM_MAX_FEN + 1};
    in.item_fen = big;
    ck_assert_int_eq(settlement_compute(&in, &c), SETTLEMENT_BAD_ITEM);
    long long edge[] = {-SETTLEMENT_ITEM_MAX_FEN};
    in.item_fen = edge;
    ck_assert_int_eq(settlement_compute(&in, &c), SETTLEMENT_NOT_POSITIVE); /* 500 yuan - 100,000 yuan */
    in.n_items = SETTLEMENT_MAX_ITEMS + 1;
    ck_assert_int_eq(settlement_compute(&in, &c), SETTLEMENT_BAD_ITEM);
}
END_TEST

START_TEST(adjusted_amount_needs_reason)
{
    struct settlement_calc c;
    struct settlement_input in = in_of(MONEY_UNIT_HOUR, 3000);
    in.minutes = 480;
    in.adjusted_fen = 20000;
    ck_assert_int_eq(settlement_compute(&in, &c), SETTLEMENT_REASON_REQUIRED);
    in.has_reason = 1;
    ck_assert_int_eq(settlement_compute(&in, &c), SETTLEMENT_OK);
    ck_assert_int_eq(c.computed_fen, 24000);
    ck_assert_int_eq(c.amount_fen, 20000);
    ck_assert_int_eq(c.adjusted, 1);
    /* the computed amount entered again is no adjustment and needs no reason */
    in.adjusted_fen = 24000;
    in.has_reason = 0;
    ck_assert_int_eq(settlement_compute(&in, &c), SETTLEMENT_OK);
    ck_assert_int_eq(c.adjusted, 0);
    /* no attendance: the employer enters the amount with a reason */
    in.minutes = 0;
    in.adjusted_fen = -1;
    ck_assert_int_eq(settlement_compute(&in, &c), SETTLEMENT_NOT_POSITIVE);
    in.adjusted_fen = 18000;
    in.has_reason = 1;
    ck_assert_int_eq(settlement_compute(&in, &c), SETTLEMENT_OK);
    ck_assert_int_eq(c.amount_fen, 18000);
    in.adjusted_fen = 0;
    ck_assert_int_eq(settlement_compute(&in, &c), SETTLEMENT_NOT_POSITIVE);
    in.adjusted_fen = SETTLEMENT_MAX_FEN;
    ck_assert_int_eq(settlement_compute(&in, &c), SETTLEMENT_OK);
    in.adjusted_fen = SETTLEMENT_MAX_FEN + 1;
    ck_assert_int_eq(settlement_compute(&in, &c), SETTLEMENT_TOO_LARGE);
}
END_TEST

START_TEST(overflow_is_an_error)
{
    struct settlement_calc c;
    struct settlement_input in = in_of(MONEY_UNIT_PIECE, 10000000);
    in.pieces = SETTLEMENT_MAX_PIECES;
    ck_assert_int_eq(settlement_compute(&in, &c), SETTLEMENT_TOO_LARGE);
    in = in_of(MONEY_UNIT_HOUR, 0x7fffffffffffffffLL);
    in.minutes = 600;
    ck_assert_int_eq(settlement_compute(&in, &c), SETTLEMENT_TOO_LARGE);
}
END_TEST

START_TEST(calendar_bounds)
{
    long long from, to;
    ck_assert_int_eq(settlement_month_bounds("2026-11", &from, &to), 0);
    ck_assert_int_eq(from, 1793462400LL); /* 2026-11-01T00:00+08:00 = 2026-10-31T16:00Z */
    ck_assert_int_eq(to, 1796054400LL);   /* 2026-12-01T00:00+08:00 */
    ck_assert_int_eq(settlement_month_bounds("2026-12", &from, &to), 0);
    ck_assert_int_eq(to, 1798732800LL); /* 2027-01-01T00:00+08:00 */
    ck_assert_int_eq(settlement_month_bounds("2024-02", &from, &to), 0);
    ck_assert_int_eq(to - from, 29 * 86400);
    static const char *const bad[] = {"2026-13", "2026-00",    "2026-1", "2026/11",
                                      "1999-12", "2026-11-01", "",       "２０２６-11"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_int_eq(settlement_month_bounds(bad[i], &from, &to), -1);

    ck_assert_int_eq(settlement_year_bounds(2026, &from, &to), 0);
    ck_assert_int_eq(from, 1767196800LL); /* 2026-01-01T00:00+08:00 */
    ck_assert_int_eq(to, 1798732800LL);
    ck_assert_int_eq(settlement_year_bounds(1999, &from, &to), -1);
    ck_assert_int_eq(settlement_year_bounds(2101, &from, &to), -1);

    ck_assert_int_eq(settlement_month_of(1793462400LL), 11);
    ck_assert_int_eq(settlement_month_of(1793462399LL), 10); /* 23:59:59 on 31 October in Shanghai */
}
END_TEST

Suite *unit_suite(void)
{
    Suite *s = suite_create("settlement");
    TCase *tc = tcase_create("settlement");
    tcase_add_test(tc, quantity_per_unit);
    tcase_add_test(tc, default_amount_from_attendance);
    tcase_add_test(tc, pieces_only_for_piece_pay);
    tcase_add_test(tc, items_and_deductions);
    tcase_add_test(tc, adjusted_amount_needs_reason);
    tcase_add_test(tc, overflow_is_an_error);
    tcase_add_test(tc, calendar_bounds);
    suite_add_tcase(s, tc);
    return s;
}
