/* The one view of an invitation: its wire JSON for every invitation route, built from the row the store
 * filled, with the zh-CN state names of domain/fsm.c. Never shows the worker's real name, phone or ID
 * number; does no I/O and never sees a request. */
#include "svc/view_invitation.h"

#include "domain/fsm.h"
#include "domain/match.h"
#include "domain/timeutil.h"
#include "svc/view.h"

json_t *view_invitation(const struct invitation_row *v)
{
    char name[32], starts[24], ends[24], created[24];
    if (match_mask_name(v->worker_real_name, name, sizeof name) != 0)
        return NULL;
    const char *label = fsm_invitation_label(v->status);
    long long remaining = v->gig_headcount - v->gig_accepted_count;
    json_t *o = json_pack(
        "{s:I, s:s, s:s, s:{s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:I, s:I, s:I, s:{s:s, s:s}}, "
        "s:{s:I, s:s}, s:{s:I, s:s}, s:s}",
        "id", (json_int_t)v->id, "status", v->status, "status_label", label ? label : v->status, "gig", "id",
        (json_int_t)v->gig_id, "title", v->gig_title, "status", v->gig_status, "status_label",
        fsm_label(FSM_GIG, v->gig_status), "starts_at", timeutil_rfc3339(v->gig_starts_at, starts), "ends_at",
        timeutil_rfc3339(v->gig_ends_at, ends), "pay_fen", (json_int_t)v->gig_pay_fen, "pay_unit",
        v->gig_pay_unit, "headcount", (json_int_t)v->gig_headcount, "accepted_count",
        (json_int_t)v->gig_accepted_count, "remaining", (json_int_t)(remaining > 0 ? remaining : 0), "region",
        "code", v->gig_region_code, "name", v->gig_region_name, "employer", "id", (json_int_t)v->employer_id,
        "name", v->employer_name, "worker", "id", (json_int_t)v->worker_id, "display_name", name,
        "created_at", timeutil_rfc3339(v->created_at, created));
    if (!o)
        return NULL;
    if (json_object_set_new(o, "application_id", view_id(v->application_id)) != 0 ||
        json_object_set_new(o, "responded_at", view_time(v->responded_at)) != 0) {
        json_decref(o);
        return NULL;
    }
    return o;
}
