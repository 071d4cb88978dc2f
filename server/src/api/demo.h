/* Start-up data that is not schema: the bootstrap admin, and the demo accounts `seed-demo` loads. */
#ifndef LG_DEMO_H
#define LG_DEMO_H

/* Creates admin "admin" (whole deployment) with password when no admin exists yet. Returns 0, 1 when
 * admins already exist, or -1. */
int demo_bootstrap_admin(const char *password);
/* Loads demo data (idempotent): one county admin per seed county, a reviewer and an auditor, all with
 * password. Returns 0 or -1. */
int demo_seed(const char *password);
/* Loads the demo market (employers, workers, gigs in every state, stations) once. Returns 0 or -1. */
int demo_seed_market(void);

#endif
