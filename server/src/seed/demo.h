/* The demo data `linggongd seed-demo` loads (run.sh calls it; production never should). */
#ifndef LG_DEMO_H
#define LG_DEMO_H

/* Loads demo data (idempotent): one county admin per seed county, a reviewer and an auditor, all with
 * password. Returns 0 or -1. */
int demo_seed(const char *password);
/* Loads the demo market (employers, workers, gigs in every state, stations) once. Returns 0 or -1. */
int demo_seed_market(void);
/* seed/agreement.c: drafts, signs (both parties) and seals agreements for up to n accepted or completed
 * applications that have none, unless some agreement was sealed before. Returns how many were sealed. */
int demo_seed_agreements(int n);
/* seed/complaint.c: complaints by the first county's demo workers in every state, one escalated to the
 * city. Idempotent. Returns 0 or -1. */
int demo_seed_complaints(void);
/* seed/settlement.c: settlements recorded, paid, confirmed and disputed for the demo workers' completed
 * applications that have none. Idempotent. Returns 0 or -1. */
int demo_seed_settlements(void);
/* Demo ratings (seed/rating.c): both sides rate each other on the demo market's completed applications, and
 * the ledger gets its entries for the demo no-shows and late cancels. Loaded once. Returns 0 or -1. */
int demo_seed_ratings(void);

#endif
