/* The one view of 诚信分: the credit state of a user and one ledger entry, with the zh-CN label of each
 * reason from domain/credit.c. Reads rows the store filled; no I/O, no request, no rules. */
#include "svc/view_credit.h"

#include "domain/credit.h"
#include "domain/timeutil.h"
#include "svc/view.h"

/* {code, label} of a ledger reason, or null for none or an unknown one. */
static json_t *reason_json(const char *code)
{
    enum credit_reason why;
    if (!code || credit_reason_parse(code, &why) != 0)
        return json_null();
    return json_pack("{s:s, s:s}", "code", code, "label", credit_reason_zh(why));
}

json_t *view_credit(const struct credit_state *s, int threshold, int admin)
{
    json_t *o = json_pack("{s:I, s:i, s:b, s:o, s:o, s:o, s:o}", "score", (json_int_t)s->score, "threshold",
                          threshold, "restricted", (int)s->restricted, "restricted_at",
                          view_time(s->restricted ? s->restricted_at : 0), "restricted_because",
                          s->restricted ? reason_json(s->restricted_reason) : json_null(), "lifted_at",
                          view_time(s->lifted_at), "lift_note", view_str(s->lift_note));
    if (o && s->restricted && s->restricted_note[0])
        json_object_set_new(json_object_get(o, "restricted_because"), "note",
                            json_string(s->restricted_note));
    if (o && admin)
        json_object_set_new(o, "lifted_by", view_id(s->lifted_by));
    return o;
}

json_t *view_credit_entry(const struct credit_entry_row *e, int admin)
{
    char at[24];
    json_t *o = json_pack("{s:I, s:o, s:I, s:I, s:I, s:o, s:s, s:o, s:s}", "id", (json_int_t)e->id, "reason",
                          reason_json(e->reason), "delta", (json_int_t)e->delta, "score_before",
                          (json_int_t)e->score_before, "score_after", (json_int_t)e->score_after, "role",
                          view_str(e->role), "actor", e->actor_kind, "note", view_str(e->note), "created_at",
                          timeutil_rfc3339(e->created_at, at));
    if (!o)
        return NULL;
    json_object_set_new(o, "object",
                        e->object_type[0]
                            ? json_pack("{s:s, s:I}", "type", e->object_type, "id", (json_int_t)e->object_id)
                            : json_null());
    if (admin)
        json_object_set_new(o, "actor_id", view_id(e->actor_id));
    return o;
}
