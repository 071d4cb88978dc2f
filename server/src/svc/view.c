/* The one view of each object: the wire JSON that every route, list and the search index send for it, and
 * the small JSON helpers views share. Views read rows the store filled; they do no I/O of their own and
 * never see a request. */
#include "svc/view.h"

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

/* The gig as the API shows it. detail adds the description; private adds what only the owner and admins
 * see (review reason, history is added by the caller). */
json_t *view_gig(const struct gig_row *g, int detail, int private, int with_distance)
{
    char starts[24], ends[24], created[24], published[24];
    json_t *o = json_pack(
        "{s:I, s:s, s:{s:I, s:s}, s:I, s:s, s:I, s:I, s:I, s:s, s:s, s:s, s:f, s:f, s:{s:s, s:s}, s:s, "
        "s:{s:I, s:s, s:s, s:s, s:I}, s:s}",
        "id", (json_int_t)g->id, "title", g->title, "job_type", "id", (json_int_t)g->job_type_id, "name",
        g->job_type_name, "pay_fen", (json_int_t)g->pay_fen, "pay_unit", g->pay_unit, "headcount",
        (json_int_t)g->headcount, "accepted_count", (json_int_t)g->accepted_count, "remaining",
        (json_int_t)(g->headcount - g->accepted_count), "starts_at", timeutil_rfc3339(g->starts_at, starts),
        "ends_at", timeutil_rfc3339(g->ends_at, ends), "address", g->address, "lat", g->lat, "lng", g->lng,
        "region", "code", g->region_code, "name", g->region_name, "status", g->status, "employer", "id",
        (json_int_t)g->employer_id, "name", g->employer_name, "kind", g->employer_kind, "verification",
        g->employer_verification, "credit", (json_int_t)g->employer_credit, "created_at",
        timeutil_rfc3339(g->created_at, created));
    if (!o)
        return NULL;
    json_object_set_new(o, "published_at",
                        g->published_at ? json_string(timeutil_rfc3339(g->published_at, published))
                                        : json_null());
    if (detail)
        json_object_set_new(o, "description", json_string(g->description));
    if (private)
        json_object_set_new(o, "review_reason",
                            g->review_reason[0] ? json_string(g->review_reason) : json_null());
    if (with_distance)
        json_object_set_new(o, "distance_m", json_integer((json_int_t)g->distance_m));
    return o;
}
