/* Money as integer fen (分): yuan text in and out, pay units and their wire names, and amount = rate x
 * quantity with overflow checks. Pure arithmetic: no floating point, no I/O, no currency other than CNY. */
#ifndef LG_DOMAIN_MONEY_H
#define LG_DOMAIN_MONEY_H
#include <stddef.h>

/* Pay units of a gig's rate. */
enum money_unit {
    MONEY_UNIT_HOUR,
    MONEY_UNIT_DAY,
    MONEY_UNIT_PIECE,
    MONEY_UNIT_GIG, /* the whole gig */
    MONEY_UNIT_COUNT
};

/* Writes `fen` as yuan with exactly two decimals ("123.45", "0.05", "-7.00") to `out`. Returns the length
 * written (without NUL), or -1 if it does not fit in `n` bytes (out then holds "" when n > 0). */
int money_format_yuan(long long fen, char *out, size_t n);

/* Parses a non-negative yuan amount: digits, optionally '.' and one or two digits ("123", "123.4",
 * "0.05"). No sign, spaces, exponent or thousands separators. Returns the amount in fen, or -1 if the text
 * is malformed, has more than two decimals, or does not fit in a long long. */
long long money_parse_yuan(const char *s);

/* Parses a non-negative quantity with up to three decimals ("7.5" hours) in thousandths (7500). Returns
 * -1 if malformed or out of range. */
long long money_parse_milli(const char *s);

/* Returns rate_fen x quantity_milli / 1000 rounded half up to the fen, or -1 on overflow, a negative
 * argument, an unknown unit, or a quantity the unit cannot have (a fraction of a piece; a whole gig paid
 * other than 0 or 1 times). Hours and days take fractions (7.5 hours = 7500). */
long long money_amount(long long rate_fen, enum money_unit unit, long long quantity_milli);

/* Returns the wire name of `u` ("hour", "day", "piece", "gig"), or NULL outside the enum. Static string. */
const char *money_unit_name(enum money_unit u);

/* Parses a wire name (exact, lowercase). Returns 0 and writes `*out`, or -1 leaving it untouched. */
int money_unit_parse(const char *s, enum money_unit *out);

#endif
