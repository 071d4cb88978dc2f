/* The demo data `linggongd seed-demo` loads (run.sh calls it; production never should). */
#ifndef LG_DEMO_H
#define LG_DEMO_H

/* Loads demo data (idempotent): one county admin per seed county, a reviewer and an auditor, all with
 * password. Returns 0 or -1. */
int demo_seed(const char *password);
/* Loads the demo market (employers, workers, gigs in every state, stations) once. Returns 0 or -1. */
int demo_seed_market(void);
/* Demo ratings (seed/rating.c): both sides rate each other on the demo market's completed applications, and
 * the ledger gets its entries for the demo no-shows and late cancels. Loaded once. Returns 0 or -1. */
int rating_demo_seed(void);

#endif
