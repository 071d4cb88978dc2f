/* Transitional forwarding header (issue 12): rating_summary_json → svc_rating_summary, rating_reveal_run →
 * svc_rating_reveal_run (svc/rating.h), rating_demo_seed → seed/demo.h (seed/rating.c). Still included by
 * api/gig.c and api/profile.c (other groups) for rating_summary_json; when they include svc/rating.h and call
 * svc_rating_summary, delete this file. Only the old name is left here, as a wrapper. */
#ifndef LG_API_RATING_H
#define LG_API_RATING_H

#include "svc/rating.h"

/* The old name of svc_rating_summary, for the includers above until they switch. */
static inline json_t *rating_summary_json(long long subject_id, const char *role)
{
    return svc_rating_summary(subject_id, role);
}

#endif
