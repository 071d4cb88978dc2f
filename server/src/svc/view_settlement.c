/* The one view of a settlement: every route that answers one (record, pay, confirm, dispute, read, the
 * lists) and the income statement build it here. Builds JSON from rows the caller read; no I/O, no request.
 * State names come from the one table (domain/fsm.c). */
#include "svc/view_settlement.h"

#include <stdio.h>
#include <string.h>

#include "domain/fsm.h"
#include "domain/timeutil.h"
#include "svc/view.h"

char *view_settlement_quantity(long long milli, char out[32])
{
    snprintf(out, 32, "%lld.%03lld", milli / 1000, milli % 1000);
    char *p = out + strlen(out) - 1;
    while (*p == '0')
        *p-- = '\0';
    if (*p == '.')
        *p = '\0';
    return out;
}

json_t *view_settlement(const struct settlement_row *s, json_t *items, json_t *history)
{
    char created[24], updated[24], qty[32];
    json_t *o = json_pack(
        "{s:I, s:I, s:{s:I, s:s}, s:{s:I, s:s}, s:{s:I, s:s}, s:{s:s, s:s}, s:s, s:s, s:s, s:I, s:I, s:s, "
        "s:I, s:I, s:I, s:I, s:I, s:I, s:b, s:s, s:s}",
        "id", (json_int_t)s->id, "application_id", (json_int_t)s->application_id, "gig", "id",
        (json_int_t)s->gig_id, "title", s->gig_title, "worker", "id", (json_int_t)s->worker_id, "name",
        s->worker_name, "employer", "id", (json_int_t)s->employer_id, "name", s->employer_name, "region",
        "code", s->region_code, "name", s->region_name, "status", s->status, "status_label",
        fsm_label(FSM_SETTLEMENT, s->status), "pay_unit", s->pay_unit, "rate_fen", (json_int_t)s->rate_fen,
        "quantity_milli", (json_int_t)s->quantity_milli, "quantity",
        view_settlement_quantity(s->quantity_milli, qty), "minutes_worked", (json_int_t)s->minutes_worked,
        "days_attended", (json_int_t)s->days_attended, "base_fen", (json_int_t)s->base_fen, "items_fen",
        (json_int_t)s->items_fen, "computed_fen", (json_int_t)s->computed_fen, "amount_fen",
        (json_int_t)s->amount_fen, "adjusted", (int)s->adjusted, "created_at",
        timeutil_rfc3339(s->created_at, created), "updated_at", timeutil_rfc3339(s->updated_at, updated));
    if (!o) {
        json_decref(items);
        json_decref(history);
        return NULL;
    }
    json_object_set_new(o, "adjust_reason", view_str(s->adjust_reason));
    json_object_set_new(o, "pay_method", view_str(s->pay_method));
    json_object_set_new(o, "pay_reference", view_str(s->pay_reference));
    json_object_set_new(o, "dispute_reason", view_str(s->dispute_reason));
    json_object_set_new(o, "complaint_id", view_id(s->complaint_id));
    json_object_set_new(o, "paid_at", view_time(s->paid_at));
    json_object_set_new(o, "confirmed_at", view_time(s->confirmed_at));
    json_object_set_new(o, "disputed_at", view_time(s->disputed_at));
    json_object_set_new(o, "resolved_at", view_time(s->resolved_at));
    if (items)
        json_object_set_new(o, "items", items);
    if (history)
        json_object_set_new(o, "history", history);
    return o;
}

json_t *view_settlement_item(const struct settlement_item_row *i)
{
    json_t *o = json_pack("{s:i, s:s, s:s, s:I}", "position", i->position, "kind", i->kind, "label", i->label,
                          "amount_fen", (json_int_t)i->amount_fen);
    if (!o)
        return NULL;
    json_object_set_new(o, "quantity_milli",
                        i->quantity_milli >= 0 ? json_integer(i->quantity_milli) : json_null());
    json_object_set_new(o, "unit_fen", i->unit_fen >= 0 ? json_integer(i->unit_fen) : json_null());
    return o;
}

json_t *view_settlement_income_item(const struct settlement_row *s)
{
    char paid[24];
    return json_pack("{s:I, s:I, s:s, s:s, s:s, s:I, s:s, s:s, s:s}", "id", (json_int_t)s->id, "gig_id",
                     (json_int_t)s->gig_id, "gig_title", s->gig_title, "employer_name", s->employer_name,
                     "paid_at", timeutil_rfc3339(s->paid_at, paid), "amount_fen", (json_int_t)s->amount_fen,
                     "status", s->status, "status_label", fsm_label(FSM_SETTLEMENT, s->status), "pay_method",
                     s->pay_method);
}
