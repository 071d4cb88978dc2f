/* Transitional forwarding header: what api/rating.h exported moved out of api/ (issue 12).
 *     rating_summary_json → svc_rating_summary   (svc/rating.h)
 *     rating_reveal_run   → svc_rating_reveal_run (svc/rating.h)
 *     rating_demo_seed    → rating_demo_seed      (seed/demo.h, defined in seed/rating.c)
 * Still included by api/gig.c and api/profile.c (other groups' files) for rating_summary_json; once they
 * include svc/rating.h and call svc_rating_summary, delete this file. Declares nothing of its own. */
#ifndef LG_API_RATING_H
#define LG_API_RATING_H

#include "svc/rating.h"

/* The old name of svc_rating_summary, for the includers above until they switch. */
static inline json_t *rating_summary_json(long long subject_id, const char *role)
{
    return svc_rating_summary(subject_id, role);
}

#endif
