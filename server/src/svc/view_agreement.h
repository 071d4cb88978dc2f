/* The one view of an agreement, of its verification and of an agreement template (svc/view_agreement.c).
 * Each returns a new reference, or NULL when out of memory. Views read rows the store filled; no I/O. */
#ifndef LG_SVC_VIEW_AGREEMENT_H
#define LG_SVC_VIEW_AGREEMENT_H

#include <jansson.h>

#include "store/agreement.h"
#include "svc/agreement.h"

/* The agreement as its parties and region admins see it: its n signing events ev, its history (a JSON
 * array: ownership taken, also on failure) and, when sealed, the seal with its log entry l (NULL: missing
 * from the log). status comes with its zh-CN status_label. */
json_t *view_agreement(const struct agreement_row *a, const struct agreement_event_row *ev, int n,
                       const struct agreement_log_row *l, json_t *history);

/* What GET /agreements/{id}/verify answers for a and its verdict v. */
json_t *view_agreement_verdict(const struct agreement_row *a, const struct agreement_verdict *v);

/* An agreement template; with_body adds its body (single reads; lists leave it out). */
json_t *view_agreement_template(const struct agreement_template *t, int with_body);

#endif
