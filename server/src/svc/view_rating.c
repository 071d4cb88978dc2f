/* The one view of a rating: the rating for each audience, the received-ratings summary and a rating tag.
 * Reads rows the store filled; no I/O, no request; who may see a rating at all is the store's and the
 * route's (this only shapes what they pass). */
#include "svc/view_rating.h"

#include <string.h>

#include "domain/rating.h"
#include "domain/timeutil.h"
#include "svc/view.h"

/* ["a","b"] from "a,b" ("" = []). */
static json_t *tags_json(const char *joined)
{
    json_t *a = json_array();
    const char *p = joined;
    while (a && *p) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        json_array_append_new(a, json_stringn(p, n));
        p += n + (e ? 1 : 0);
    }
    return a;
}

json_t *view_rating(const struct rating_row *x, enum view_rating_audience audience, long long now)
{
    char created[24];
    json_t *o = json_pack(
        "{s:I, s:I, s:s, s:I, s:I, s:o, s:o, s:{s:I, s:s}, s:{s:s, s:s}, s:b, s:o, s:s}", "id",
        (json_int_t)x->id, "application_id", (json_int_t)x->application_id, "direction", x->direction,
        "subject_id", (json_int_t)x->subject_id, "stars", (json_int_t)x->stars, "tags", tags_json(x->tags),
        "text", view_str(x->text), "gig", "id", (json_int_t)x->gig_id, "title", x->gig_title, "author",
        "name", x->author_name, "role", !strcmp(x->direction, "worker_to_employer") ? "worker" : "employer",
        "revealed", x->reveal_at <= now, "reveal_at", view_time(x->reveal_at), "created_at",
        timeutil_rfc3339(x->created_at, created));
    if (o && audience != VIEW_RATING_PUBLIC) {
        json_object_set_new(o, "hidden", json_boolean(x->hidden));
        json_object_set_new(o, "hidden_reason", x->hidden ? view_str(x->hidden_reason) : json_null());
        json_object_set_new(o, "hidden_at", view_time(x->hidden ? x->hidden_at : 0));
    }
    if (o && audience == VIEW_RATING_ADMIN) {
        json_object_set_new(o, "author_id", json_integer((json_int_t)x->author_id));
        json_object_set_new(o, "region_code", json_string(x->region_code));
        json_object_set_new(o, "credited_at", view_time(x->credited_at));
    }
    return o;
}

json_t *view_rating_summary(const struct rating_summary_row *s, json_t *tags)
{
    long long positive = s->stars[3] + s->stars[4];
    return json_pack("{s:I, s:o, s:o, s:[I,I,I,I,I], s:o}", "count", (json_int_t)s->count, "average",
                     s->count ? json_real(rating_average_tenths(s->sum, s->count) / 10.0) : json_null(),
                     "positive_rate",
                     s->count ? json_integer(rating_positive_percent(positive, s->count)) : json_null(),
                     "stars", (json_int_t)s->stars[0], (json_int_t)s->stars[1], (json_int_t)s->stars[2],
                     (json_int_t)s->stars[3], (json_int_t)s->stars[4], "tags", tags);
}

json_t *view_rating_tag(const struct rating_tag_row *t)
{
    return json_pack("{s:I, s:s, s:s, s:b}", "id", (json_int_t)t->id, "direction", t->direction, "name",
                     t->name, "positive", (int)t->positive);
}
