/* The one view of an application: the JSON of the application with its gig summary, of the worker an
 * employer sees beside an applicant, and of its result confirmation. Reads rows the store filled; no I/O,
 * no request, no decisions (whether a phone is shown open is the route's). */
#include "svc/view_application.h"

#include <string.h>

#include "domain/fsm.h"
#include "domain/timeutil.h"
#include "svc/view.h"

json_t *view_application(const struct application_row *a, json_t *history)
{
    char created[24], updated[24], starts[24], ends[24];
    json_t *o = json_pack(
        "{s:I, s:I, s:I, s:I, s:s, s:s, s:s, s:b, s:s, s:s, s:{s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:s, "
        "s:s, s:s}}",
        "id", (json_int_t)a->id, "gig_id", (json_int_t)a->gig_id, "worker_id", (json_int_t)a->worker_id,
        "employer_id", (json_int_t)a->employer_id, "status", a->status, "status_label",
        fsm_label(FSM_APPLICATION, a->status), "source", a->source, "late_cancel", (int)a->late_cancel,
        "created_at", timeutil_rfc3339(a->created_at, created), "updated_at",
        timeutil_rfc3339(a->updated_at, updated), "gig", "id", (json_int_t)a->gig_id, "title", a->gig_title,
        "status", a->gig_status, "status_label", fsm_label(FSM_GIG, a->gig_status), "starts_at",
        timeutil_rfc3339(a->gig_starts_at, starts), "ends_at", timeutil_rfc3339(a->gig_ends_at, ends),
        "pay_fen", (json_int_t)a->gig_pay_fen, "pay_unit", a->gig_pay_unit, "address", a->gig_address,
        "region_code", a->gig_region_code);
    if (!o) {
        json_decref(history);
        return NULL;
    }
    json_object_set_new(o, "note", view_str(a->note));
    json_object_set_new(o, "first_viewed_at", view_time(a->first_viewed_at));
    json_object_set_new(o, "decided_at", view_time(a->decided_at));
    json_object_set_new(o, "worker_confirmed_at", view_time(a->worker_confirmed_at));
    json_object_set_new(o, "employer_confirmed_at", view_time(a->employer_confirmed_at));
    json_object_set_new(o, "completed_at", view_time(a->completed_at));
    if (history)
        json_object_set_new(o, "history", history);
    return o;
}

json_t *view_application_applicant(const struct applicant_row *w, const char *phone, int unmasked)
{
    json_t *wk = json_pack("{s:I, s:s, s:I, s:I, s:b}", "id", (json_int_t)w->app.worker_id, "real_name",
                           w->real_name, "credit", (json_int_t)w->credit, "completeness",
                           (json_int_t)w->completeness, "phone_unmasked", unmasked && phone && *phone);
    if (!wk)
        return NULL;
    json_object_set_new(wk, "birth_year",
                        w->birth_year ? json_integer((json_int_t)w->birth_year) : json_null());
    json_object_set_new(wk, "gender", view_str(w->gender));
    json_object_set_new(wk, "phone", view_str(phone));
    json_object_set_new(wk, "job_types", json_array());
    return wk;
}

json_t *view_application_confirmation(const struct application_row *a, long long auto_confirm_at)
{
    int accepted = strcmp(a->status, "accepted") == 0;
    return json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:o}", "application_id", (json_int_t)a->id, "status",
                     a->status, "status_label", fsm_label(FSM_APPLICATION, a->status), "worker_confirmed_at",
                     view_time(a->worker_confirmed_at), "employer_confirmed_at",
                     view_time(a->employer_confirmed_at), "completed_at", view_time(a->completed_at),
                     "auto_confirm_at", accepted ? view_time(auto_confirm_at) : json_null());
}
