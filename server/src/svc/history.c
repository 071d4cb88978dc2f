/* History rows as JSON (see history.h). */
#include "svc/history.h"

#include <jansson.h>

#include "core/config.h"
#include "domain/timeutil.h"

int api_history_append(void *ctx, const struct history_row *h)
{
    char at[24];
    json_t *o =
        json_pack("{s:s, s:s, s:s}", "actor", h->actor_kind, "to", h->to, "at", timeutil_rfc3339(h->at, at));
    if (!o)
        return -1;
    json_object_set_new(o, "from", h->from[0] ? json_string(h->from) : json_null());
    json_object_set_new(o, "reason", h->reason[0] ? json_string(h->reason) : json_null());
    return json_array_append_new(ctx, o);
}
