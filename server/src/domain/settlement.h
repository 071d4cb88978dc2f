/* The pure rules of a settlement 薪酬结算 (SPEC §3 "Settlement amount defaults to attended hours/days ×
 * rate; the employer may adjust with a reason"): the quantity a pay unit takes from attendance, the base
 * line, item lines (extras and deductions), the adjusted amount and when it needs a reason, and the
 * calendar bounds (Asia/Shanghai months and years) that lists and income statements filter by. Integer fen
 * only (domain/money.h); no I/O, no clock. */
#ifndef LG_DOMAIN_SETTLEMENT_H
#define LG_DOMAIN_SETTLEMENT_H

#include <stddef.h>

#include "domain/money.h"

#define SETTLEMENT_MAX_FEN      100000000LL /* 1,000,000 yuan: above this an amount is a typing error */
#define SETTLEMENT_ITEM_MAX_FEN 10000000LL  /* one item line: ±100,000 yuan */
#define SETTLEMENT_MAX_ITEMS    20
#define SETTLEMENT_MAX_PIECES   1000000LL

/* What the employer's settle request and the attendance records give. */
struct settlement_input {
    enum money_unit unit;
    long long rate_fen;        /* the gig's pay per unit */
    long long minutes;         /* minutes of the checked-out attendance records (hour pay) */
    long long days;            /* work days with a check-in (day pay) */
    long long pieces;          /* pieces the employer counted (piece pay); -1 = not given */
    const long long *item_fen; /* item lines: extras > 0, deductions < 0 (never 0) */
    size_t n_items;
    long long adjusted_fen; /* the amount the employer enters instead of the computed one; -1 = none */
    int has_reason;         /* a non-empty adjustment reason was given */
};

/* The computed settlement. */
struct settlement_calc {
    long long quantity_milli; /* hours, days, pieces or whole gigs, in thousandths */
    long long base_fen;       /* rate × quantity, rounded half up to the fen */
    long long items_fen;      /* sum of the item lines */
    long long computed_fen;   /* base + items */
    long long amount_fen;     /* what is owed: computed, or the adjusted amount */
    int adjusted;             /* amount differs from computed */
};

enum settlement_error {
    SETTLEMENT_OK,
    SETTLEMENT_PIECES_REQUIRED,   /* a piece-rate gig needs the piece count */
    SETTLEMENT_PIECES_UNEXPECTED, /* a piece count for a gig not paid by the piece */
    SETTLEMENT_BAD_ITEM,          /* an item line of 0 or beyond ±SETTLEMENT_ITEM_MAX_FEN */
    SETTLEMENT_REASON_REQUIRED,   /* an adjusted amount or a deduction without a reason */
    SETTLEMENT_NOT_POSITIVE,      /* the amount owed would be 0 or less */
    SETTLEMENT_TOO_LARGE,         /* above SETTLEMENT_MAX_FEN, or an overflow on the way */
};

/* The quantity (thousandths) a pay unit takes: hour = minutes / 60 rounded half up to 0.001 h, day = days,
 * piece = pieces, gig = 1 (a completed application earned the whole gig). -1 for a negative or unknown
 * argument. */
long long settlement_quantity(enum money_unit unit, long long minutes, long long days, long long pieces);

/* Computes *out from in. Returns SETTLEMENT_OK, or the first rule broken (out is then unspecified). A
 * reason is required when the amount differs from the computed one or any item line is a deduction. */
enum settlement_error settlement_compute(const struct settlement_input *in, struct settlement_calc *out);

/* [*from, *to) in unix seconds of the Asia/Shanghai calendar month "YYYY-MM" (years 2000-2100). Returns 0,
 * or -1 when ym is malformed. */
int settlement_month_bounds(const char *ym, long long *from, long long *to);
/* [*from, *to) of the Asia/Shanghai calendar year (2000-2100). Returns 0, or -1 outside that range. */
int settlement_year_bounds(long long year, long long *from, long long *to);
/* The Asia/Shanghai month (1-12) of unix time t. */
int settlement_month_of(long long t);

#endif
