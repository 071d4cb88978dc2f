/* The one view of a worker in 查找雇员: the card an employer sees, built from the row the store filled and
 * the worker's 工种 the caller read. It must never show a phone, an ID number, a real name (display_name is
 * masked) or coordinates (only a coarse distance), so a search cannot locate or identify anyone. */
#include "svc/view_workers.h"

#include "domain/match.h"

json_t *view_workers_job_type(const struct worker_job_type *j)
{
    return json_pack("{s:I, s:s, s:I}", "id", (json_int_t)j->id, "name", j->name, "years",
                     (json_int_t)j->years);
}

json_t *view_workers_card(const struct workers_row *w, json_t *job_types, int year_now, long long distance_m,
                          int available_on)
{
    char name[32];
    if (!job_types || match_mask_name(w->real_name, name, sizeof name) != 0) {
        json_decref(job_types);
        return NULL;
    }
    json_t *o = json_pack("{s:I, s:s, s:o, s:I, s:I}", "id", (json_int_t)w->user_id, "display_name", name,
                          "job_types", job_types, "credit", (json_int_t)w->credit, "completeness",
                          (json_int_t)w->completeness);
    if (!o)
        return NULL;
    json_object_set_new(o, "gender", w->gender[0] ? json_string(w->gender) : json_null());
    int age = w->birth_year > 0 ? year_now - (int)w->birth_year : -1;
    json_object_set_new(o, "age", age >= 0 && age < 130 ? json_integer(age) : json_null());
    json_object_set_new(o, "region",
                        w->region_code[0]
                            ? json_pack("{s:s, s:s}", "code", w->region_code, "name", w->region_name)
                            : json_null());
    if (distance_m >= 0)
        json_object_set_new(o, "distance_m", json_integer((json_int_t)distance_m));
    if (available_on >= 0)
        json_object_set_new(o, "available_on", json_boolean(available_on));
    return o;
}
