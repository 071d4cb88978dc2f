/* The one view of attendance: the record of one work day (with the minutes domain/attendance.c counts) and
 * one correction of it. Reads rows the store filled; no I/O, no request. */
#include "svc/view_attendance.h"

#include <math.h>

#include "domain/attendance.h"
#include "svc/view.h"

double view_attendance_hours(long long minutes)
{
    return round(minutes / 60.0 * 100) / 100;
}

json_t *view_attendance(const struct attendance_row *a)
{
    long long m = attendance_minutes(a->check_in_at, a->check_out_at);
    return json_pack("{s:I, s:s, s:o, s:o, s:o, s:o, s:I, s:f, s:[]}", "id", (json_int_t)a->id, "work_date",
                     a->work_date, "check_in_at", view_time(a->check_in_at), "check_in_method",
                     view_str(a->check_in_method), "check_out_at", view_time(a->check_out_at),
                     "check_out_method", view_str(a->check_out_method), "minutes_worked", (json_int_t)m,
                     "hours_worked", view_attendance_hours(m), "corrections");
}

json_t *view_attendance_correction(const struct attendance_correction_row *k)
{
    return json_pack("{s:I, s:o, s:o, s:o, s:o, s:s, s:o}", "actor_id", (json_int_t)k->actor_id,
                     "old_check_in_at", view_time(k->old_in), "old_check_out_at", view_time(k->old_out),
                     "new_check_in_at", view_time(k->new_in), "new_check_out_at", view_time(k->new_out),
                     "reason", k->reason, "at", view_time(k->at));
}
