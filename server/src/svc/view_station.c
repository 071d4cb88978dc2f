/* The one view of a 零工驿站 station: its wire JSON for the public list and the admin writes, built from
 * the row the store filled. A station's phone is a public office line and is shown as stored. No I/O,
 * never sees a request. */
#include "svc/view_station.h"

#include <math.h>

#include "domain/timeutil.h"
#include "svc/view.h"

json_t *view_station(const struct station_row *s, int with_distance, int admin)
{
    json_t *o = json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:f, s:f, s:{s:s, s:s}}", "id", (json_int_t)s->id,
                          "name", s->name, "address", s->address, "phone", view_str(s->phone), "hours",
                          view_str(s->hours), "services", view_str(s->services), "lat", s->lat, "lng", s->lng,
                          "region", "code", s->region_code, "name", s->region_name);
    if (!o)
        return NULL;
    if (with_distance)
        json_object_set_new(o, "distance_m", json_integer((json_int_t)llround(s->distance_m)));
    if (admin) {
        char when[24];
        json_object_set_new(o, "status", json_string(s->status));
        json_object_set_new(o, "created_at", json_string(timeutil_rfc3339(s->created_at, when)));
        json_object_set_new(o, "updated_at", json_string(timeutil_rfc3339(s->updated_at, when)));
    }
    return o;
}
