/* The wire shape of a transition history row (SPEC §2), the same for every state machine:
 * {actor, from, to, reason, at}. Who the actor was (an id) is left out: a complainant or a party sees that
 * "the bureau" or "the system" acted, not which admin account. Builds JSON only: the rows come from the
 * caller's store read (store/history.h), and nothing here reads or writes the database. */
#ifndef LG_SVC_HISTORY_H
#define LG_SVC_HISTORY_H

#include "store/history.h"

/* history_row_fn for store_history_list and the stores built on it: appends the row's JSON to the JSON
 * array ctx. Returns 0, or -1 when memory ran out (which stops the read). */
int svc_history_append(void *ctx, const struct history_row *h);

#endif
