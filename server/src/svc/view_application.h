/* The one view of an application (svc/view_application.c): the wire JSON every route that shows an
 * application sends (its own routes, the applicant list, result confirmation). Each returns a new
 * reference, or NULL when out of memory. */
#ifndef LG_SVC_VIEW_APPLICATION_H
#define LG_SVC_VIEW_APPLICATION_H

#include <jansson.h>

#include "store/application.h"

/* The application as either party sees it, with a summary of its gig; status and the gig's status carry
 * their zh-CN status_label. history (a JSON array of history rows, or NULL for none) is added as
 * "history"; the call takes ownership of it, also on failure. */
json_t *view_application(const struct application_row *a, json_t *history);

/* The worker beside an applicant in the employer's list: phone is the number as shown (masked, or open when
 * unmasked; NULL for none). job_types is an empty array for the caller to fill. */
json_t *view_application_applicant(const struct applicant_row *w, const char *phone, int unmasked);

/* The result confirmation of application a: {application_id, status, status_label, worker_confirmed_at,
 * employer_confirmed_at, completed_at, auto_confirm_at} where auto_confirm_at (when the system confirms
 * for a silent side) is shown only while the application is accepted. */
json_t *view_application_confirmation(const struct application_row *a, long long auto_confirm_at);

#endif
