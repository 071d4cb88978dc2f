/* The one view of attendance (svc/view_attendance.c): a work day's record and a correction of it, as every
 * attendance route sends them. Each returns a new reference, or NULL when out of memory. */
#ifndef LG_SVC_VIEW_ATTENDANCE_H
#define LG_SVC_VIEW_ATTENDANCE_H

#include <jansson.h>

#include "store/attendance.h"

/* {id, work_date, check_in_at, check_in_method, check_out_at, check_out_method, minutes_worked,
 * hours_worked, corrections: []}; the caller appends the record's corrections. */
json_t *view_attendance(const struct attendance_row *a);

/* {actor_id, old_check_in_at, old_check_out_at, new_check_in_at, new_check_out_at, reason, at}. */
json_t *view_attendance_correction(const struct attendance_correction_row *k);

/* Hours of minutes, two decimals (hours_worked, hours_total). */
double view_attendance_hours(long long minutes);

#endif
