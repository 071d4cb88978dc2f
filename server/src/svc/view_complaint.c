/* The one view of a complaint: every route that answers one (file, read, the bureau's steps, both lists)
 * builds it here. Builds JSON from rows the caller read; no I/O, no request. State names come from the one
 * table (domain/fsm.c), category names from domain/complaint.c. */
#include "svc/view_complaint.h"

#include <stdio.h>

#include "domain/fsm.h"
#include "domain/timeutil.h"
#include "svc/complaint.h"
#include "svc/view.h"

json_t *view_complaint(const struct complaint_row *c, int admin, json_t *history, json_t *images)
{
    char due[24], created[24], updated[24];
    json_t *o = json_pack(
        "{s:I, s:s, s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:b, s:s, s:s}", "id", (json_int_t)c->id, "category",
        c->category, "category_label", svc_complaint_category_label(c->category), "status", c->status,
        "status_label", fsm_label(FSM_COMPLAINT, c->status), "respondent_id", (json_int_t)c->respondent_id,
        "text", c->text, "source", c->source, "sla_due_at", timeutil_rfc3339(c->sla_due_at, due), "escalated",
        c->escalated_at > 0, "created_at", timeutil_rfc3339(c->created_at, created), "updated_at",
        timeutil_rfc3339(c->updated_at, updated));
    if (!o) {
        json_decref(history);
        json_decref(images);
        return NULL;
    }
    json_object_set_new(o, "gig",
                        c->gig_id
                            ? json_pack("{s:I, s:s}", "id", (json_int_t)c->gig_id, "title", c->gig_title)
                            : json_null());
    json_object_set_new(o, "application_id", view_id(c->application_id));
    json_object_set_new(o, "settlement_id", view_id(c->settlement_id));
    json_object_set_new(o, "escalated_at", view_time(c->escalated_at));
    json_object_set_new(o, "resolved_at", view_time(c->resolved_at));
    json_object_set_new(o, "upheld", c->upheld < 0 ? json_null() : json_boolean(c->upheld));
    json_object_set_new(o, "resolution", view_str(c->resolution));
    if (admin) {
        json_object_set_new(o, "complainant_id", json_integer(c->complainant_id));
        json_object_set_new(o, "region_code", json_string(c->region_code));
        json_object_set_new(o, "escalated_region", view_str(c->escalated_region));
        json_object_set_new(o, "handler_admin_id", view_id(c->handler_admin_id));
    }
    if (history)
        json_object_set_new(o, "history", history);
    if (images)
        json_object_set_new(o, "images", images);
    return o;
}

json_t *view_complaint_image(long long upload_id, const char *content_type, long long size_bytes)
{
    char url[48];
    snprintf(url, sizeof url, "/api/v1/uploads/%lld", upload_id);
    return json_pack("{s:I, s:s, s:s, s:I}", "id", (json_int_t)upload_id, "url", url, "content_type",
                     content_type, "size", (json_int_t)size_bytes);
}
