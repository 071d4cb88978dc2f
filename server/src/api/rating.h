/* Two-way ratings seen from other code: the summary profiles and gigs show, the periodic pass that writes
 * the credit entry of each rating once it is revealed, and the demo loader. The routes are in handlers.h. */
#ifndef LG_API_RATING_H
#define LG_API_RATING_H

#include <jansson.h>

/* {count, average (one decimal, null with none), positive_rate (好评率 in percent, null with none),
 * stars [n1..n5], tags [{name, count}]} of what everyone may see of subject_id rated as role ("worker" or
 * "employer") now (business clock). A new reference, or NULL on a store error. */
json_t *rating_summary_json(long long subject_id, const char *role);

/* The periodic pass: writes the rating_received credit entry of every rating revealed by now (7 days
 * passed) that has none yet, each exactly once even with several nodes. Returns how many, or -1. */
long rating_reveal_run(void);

/* Demo data: both sides rate each other on the demo market's completed applications and the ledger gets
 * its entries for the demo no-shows and late cancels. Loaded once. Returns 0 or -1. */
int rating_demo_seed(void);

#endif
