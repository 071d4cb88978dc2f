/* The helpers views share, and the one view of a gig: the wire JSON that every gig route, list and the
 * search index send for it, built from its card (store/gig.h). Views read rows the store filled; they do
 * no I/O of their own and never see a request. */
#include "svc/view.h"

#include <string.h>

#include "domain/fsm.h"
#include "domain/timeutil.h"

json_t *view_time(long long t)
{
    char buf[24];
    return t ? json_string(timeutil_rfc3339(t, buf)) : json_null();
}

json_t *view_str(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

json_t *view_id(long long id)
{
    return id ? json_integer((json_int_t)id) : json_null();
}

json_t *view_gig_employer(const struct gig_employer *e)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:I}", "id", (json_int_t)e->id, "name", e->name, "kind", e->kind,
                     "verification", e->verification, "credit", (json_int_t)e->credit);
}

/* The gig object of c, in the order every reply has sent it; the employer only with_employer. */
static json_t *gig_object(const struct gig_card *c, int with_employer)
{
    char starts[24], ends[24], created[24];
    json_t *o = json_pack(
        "{s:I, s:s, s:{s:I, s:s}, s:I, s:s, s:I, s:I, s:I, s:s, s:s, s:s, s:f, s:f, s:{s:s, s:s}, s:s, s:s}",
        "id", (json_int_t)c->id, "title", c->title, "job_type", "id", (json_int_t)c->job_type_id, "name",
        c->job_type_name, "pay_fen", (json_int_t)c->pay_fen, "pay_unit", c->pay_unit, "headcount",
        (json_int_t)c->headcount, "accepted_count", (json_int_t)c->accepted_count, "remaining",
        (json_int_t)(c->headcount - c->accepted_count), "starts_at", timeutil_rfc3339(c->starts_at, starts),
        "ends_at", timeutil_rfc3339(c->ends_at, ends), "address", c->address, "lat", c->lat, "lng", c->lng,
        "region", "code", c->region_code, "name", c->region_name, "status", c->status, "status_label",
        fsm_label(FSM_GIG, c->status));
    if (!o)
        return NULL;
    int bad = with_employer && json_object_set_new(o, "employer", view_gig_employer(&c->employer)) != 0;
    bad |= json_object_set_new(o, "created_at", json_string(timeutil_rfc3339(c->created_at, created))) != 0;
    bad |= json_object_set_new(o, "published_at", view_time(c->published_at)) != 0;
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

json_t *view_gig(const struct gig_row *g, int detail, int private, int with_distance)
{
    json_t *o = gig_object(&g->card, 1);
    if (!o)
        return NULL;
    if (detail)
        json_object_set_new(o, "description", json_string(g->description));
    if (private)
        json_object_set_new(o, "review_reason", view_str(g->review_reason));
    if (with_distance)
        json_object_set_new(o, "distance_m", json_integer((json_int_t)g->distance_m));
    return o;
}

char *view_gig_listed(const struct gig_card *c, size_t *len)
{
    json_t *o = gig_object(c, 0);
    char *out = o ? json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(10)) : NULL;
    json_decref(o);
    *len = out ? strlen(out) - 1 : 0; /* up to the closing brace */
    return out;
}
