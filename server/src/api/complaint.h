/* Complaints 诉求 (SPEC §2, issue 7): a user files a complaint against another user (optionally naming a
 * gig, an application or a settlement, with up to 6 uploaded images); region admins accept, handle and
 * resolve or reject it; a periodic task escalates complaints left unhandled past their SLA deadline to the
 * parent region's admins, exactly once even on several nodes. The route handlers are in handlers.h; this
 * header is what other code calls: the system entry point (a settlement dispute opens a complaint) and the
 * escalation pass of the periodic task. */
#ifndef LG_API_COMPLAINT_H
#define LG_API_COMPLAINT_H

#include "store/db.h"

/* Opens a complaint on behalf of the system (e.g. a worker disputing a settlement): category is one of
 * unpaid_wage, false_info, safety, discrimination, fee_demanded, other; gig_id, application_id and
 * settlement_id are 0 when not named; text (≤ 1000 characters, not word-filtered) is stored as given. The
 * complaint's region is the gig's, else the respondent's employer profile's, else the complainant's; its
 * SLA deadline is COMPLAINT_SLA_WORKDAYS working days from now. Writes the complaint, its first history row
 * (actor "system") and a notification to the complainant. Call INSIDE the caller's open transaction
 * (db_begin); does not commit or roll back. Returns ST_OK with *complaint_id_out set, or the store status
 * (the caller rolls back). */
enum st complaint_open_system(long long complainant_id, long long respondent_id, const char *category,
                              long long gig_id, long long application_id, long long settlement_id,
                              const char *text, long long *complaint_id_out);

/* The escalation pass of the periodic task: every complaint still submitted/accepted/handling whose SLA
 * deadline has passed (by the clock of the rules) and that was not escalated yet is escalated to the
 * parent region once, with a history row and a notification to the complainant. Safe on several nodes at
 * once (conditional update on escalated_at IS NULL). Uses the calling thread's connection, which must not
 * be in a transaction. Returns how many complaints were escalated, or -1 on a store error. */
long complaint_escalate_run(void);

/* seed-demo: complaints by the first county's demo workers in every state (submitted, accepted, handling,
 * resolved as upheld with its credit entry, rejected, and one overdue that is escalated to the city), each
 * with history and inbox rows. Idempotent (skipped when demo worker 1 has complaints). Returns 0 or -1. */
int complaint_demo_seed(void);

#endif
