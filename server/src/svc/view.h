/* The one view per object (svc/view.c): each returns a new reference, or NULL when out of memory. */
#ifndef LG_SVC_VIEW_H
#define LG_SVC_VIEW_H

#include <jansson.h>

#include "store/gig.h"

/* An RFC 3339 time, or null for 0. */
json_t *view_time(long long t);
/* A string, or null for NULL or "". */
json_t *view_str(const char *s);
/* An id, or null for 0. */
json_t *view_id(long long id);

/* The gig object of the API: detail adds the description, private the review reason (what only its
 * employer and the region's admins see), with_distance g->distance_m. */
json_t *view_gig(const struct gig_row *g, int detail, int private, int with_distance);

#endif
