/* 诚信分 rules (SPEC §3 Credit): the reasons a score may change, the delta each gives (rating_received by
 * stars through a configurable table), clamping to 0–100, the restriction decision after an entry, and
 * the score a ledger adds up to. Pure: no I/O; the ledger itself is in store/credit.c. */
#ifndef LG_DOMAIN_CREDIT_H
#define LG_DOMAIN_CREDIT_H

#include <stddef.h>

#define CREDIT_START 100
#define CREDIT_MIN   0
#define CREDIT_MAX   100
/* the default of CREDIT_STAR_DELTAS: 1★ … 5★ */
#define CREDIT_STAR_DELTAS_DEFAULT "-6,-3,0,1,2"

enum credit_reason {
    CREDIT_RATING_RECEIVED,
    CREDIT_NO_SHOW,
    CREDIT_LATE_CANCEL,
    CREDIT_MISSED_CONFIRMATION,
    CREDIT_COMPLAINT_UPHELD,
    CREDIT_ADMIN_ADJUST,
    CREDIT__REASONS
};

/* Wire name <-> enum. parse returns 0, or -1 for an unknown name. */
int credit_reason_parse(const char *name, enum credit_reason *out);
const char *credit_reason_name(enum credit_reason r);
/* zh-CN label for users ("未到岗", ...). */
const char *credit_reason_zh(enum credit_reason r);
/* Who causes an entry of this reason: "user", "admin" or "system". */
const char *credit_reason_actor(enum credit_reason r);

/* Parses "d1,d2,d3,d4,d5" (the deltas of 1 to 5 stars, each -100..100, no spaces) into out. Returns 0 or
 * -1 (out untouched). */
int credit_star_deltas_parse(const char *text, int out[5]);

/* The delta of one entry: rating_received by stars (1-5) through star_deltas; admin_adjust is adjust
 * (-100..100, not 0); the others are fixed (no_show -10, late_cancel -5, missed_confirmation -2,
 * complaint_upheld -15) and ignore stars. Returns 0 with *out set, -1 for bad stars or adjust. */
int credit_delta(enum credit_reason r, int stars, int adjust, const int star_deltas[5], int *out);

/* score + delta clamped to CREDIT_MIN..CREDIT_MAX. */
int credit_apply_delta(int score, int delta);

/* The score a ledger of n deltas (oldest first) leaves, starting from CREDIT_START, clamping after each. */
int credit_recompute(const int *deltas, size_t n);

enum credit_restriction { CREDIT_KEEP, CREDIT_RESTRICT, CREDIT_LIFT };
/* What an entry does to the restriction: a negative delta that leaves the score below threshold restricts
 * an unrestricted user; a score at or above threshold lifts a restricted one; otherwise nothing changes
 * (an admin-lifted user stays lifted until the next negative entry below the threshold). threshold 0:
 * never restricted. */
enum credit_restriction credit_restriction_after(int restricted, int delta, int score_after, int threshold);

#endif
