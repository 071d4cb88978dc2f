/* The one view of an inbox notification. Reads the row the store filled; no I/O, no request. */
#include "svc/view_notification.h"

#include "domain/timeutil.h"
#include "svc/view.h"

json_t *view_notification(const struct notification_row *n)
{
    char created[24];
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)n->id, "kind", n->kind, "title",
                          n->title, "body", n->body, "created_at", timeutil_rfc3339(n->created_at, created));
    if (!o)
        return NULL;
    json_object_set_new(o, "object_type", view_str(n->object_type));
    json_object_set_new(o, "object_id", view_id(n->object_id));
    json_object_set_new(o, "read_at", view_time(n->read_at));
    return o;
}
