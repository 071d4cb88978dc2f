/* The views of reference data: a region of the region tree and a job type of the 工种 tree, as the
 * pickers read them. Built from the rows the store filled; no I/O, never sees a request. */
#include "svc/view_reference.h"

json_t *view_reference_region(const struct region_row *row)
{
    json_t *o = json_pack("{s:s, s:s, s:I, s:b}", "code", row->code, "name", row->name, "level",
                          (json_int_t)row->level, "has_children", (int)row->has_children);
    if (o && (row->lat != 0 || row->lng != 0)) {
        json_object_set_new(o, "lat", json_real(row->lat));
        json_object_set_new(o, "lng", json_real(row->lng));
    }
    return o;
}

json_t *view_reference_job_type(const struct job_type_row *row)
{
    return json_pack("{s:I, s:s, s:[]}", "id", (json_int_t)row->id, "name", row->name, "children");
}
