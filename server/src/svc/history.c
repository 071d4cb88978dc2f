/* History rows as JSON (see history.h): the one function that shapes a row of any machine's history.
 * Must not read the database or know which machine a row belongs to. */
#include "svc/history.h"

#include <jansson.h>

#include "svc/view.h"

int svc_history_append(void *ctx, const struct history_row *h)
{
    /* key order as sent since the first release: actor, to, at, from, reason */
    json_t *o = json_pack("{s:s, s:s, s:o, s:o, s:o}", "actor", h->actor_kind, "to", h->to, "at",
                          view_time(h->at), "from", view_str(h->from), "reason", view_str(h->reason));
    return o ? json_array_append_new(ctx, o) : -1;
}
