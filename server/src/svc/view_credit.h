/* The one view of 诚信分 (svc/view_credit.c): a user's credit state and one ledger entry, as the user and
 * the admins see them. Each returns a new reference, or NULL when out of memory. */
#ifndef LG_SVC_VIEW_CREDIT_H
#define LG_SVC_VIEW_CREDIT_H

#include <jansson.h>

#include "store/credit.h"

/* {score, threshold, restricted, restricted_at, restricted_because {code, label[, note]}, lifted_at,
 * lift_note}; admin adds lifted_by. threshold is CREDIT_RESTRICT_BELOW as configured. */
json_t *view_credit(const struct credit_state *s, int threshold, int admin);

/* {id, reason {code, label}, delta, score_before, score_after, role, actor, note, created_at, object};
 * admin adds actor_id. */
json_t *view_credit_entry(const struct credit_entry_row *e, int admin);

#endif
