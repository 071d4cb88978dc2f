/* The one view of a worker as 查找雇员 lists them (svc/view_workers.c): a card with no phone, no ID number,
 * no real name and no coordinates. */
#ifndef LG_SVC_VIEW_WORKERS_H
#define LG_SVC_VIEW_WORKERS_H

#include <jansson.h>

#include "store/profile.h"
#include "store/workers.h"

/* One 工种 of a worker: {id, name, years}. A new reference, or NULL when out of memory. */
json_t *view_workers_job_type(const struct worker_job_type *j);
/* The worker card of w: display_name masked (王**), job_types (an array of view_workers_job_type; takes
 * ownership, also on failure), age in year_now, distance_m when >= 0 (already coarse), available_on when
 * available_on >= 0 (as a boolean). A new reference, or NULL on failure. */
json_t *view_workers_card(const struct workers_row *w, json_t *job_types, int year_now, long long distance_m,
                          int available_on);

#endif
