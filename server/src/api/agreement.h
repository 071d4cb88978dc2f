/* E-agreements outside a request: the offline walk of the sealed-agreement chain behind
 * `linggongd verify-agreements`, voiding on behalf of the system when an engagement ends before both
 * signed, and the demo's signed agreements. The routes are in api/handlers.h. */
#ifndef LG_API_AGREEMENT_H
#define LG_API_AGREEMENT_H

#include <stdio.h>

#include "store/db.h"

/* Walks the agreement log from its first entry: each entry's hash and link to its predecessor, its
 * agreement's text hash, events and seal, the head, and signed agreements missing from the log. Writes
 * one line per problem ("broken at entry N (agreement A): why") and a summary line to out. Returns 0 when
 * intact, 1 when anything is broken, -1 when the database cannot be read. Needs this thread's connection
 * (db_thread_start) and the seal key (seal_init) to check seals. */
int api_agreement_verify_chain(FILE *out);

/* Inside the caller's open transaction: voids the application's live agreement if nobody or only one
 * party has signed it (a draft must not stay signable after the application was cancelled or marked a
 * no-show), with a system history row carrying reason. A signed agreement stays as it is (immutable).
 * Returns ST_OK also when there is none. */
enum st agreement_void_system(long long application_id, const char *reason);

/* Demo data: drafts, signs (both parties) and seals agreements for up to n accepted or completed
 * applications that have none, unless some agreement was sealed before (seed-demo runs at every start).
 * Returns how many were sealed. */
int api_agreement_demo(int n);

#endif
