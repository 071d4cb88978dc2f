/* What other api files need of api/gig.c: the JSON of a gig as lists and the detail show it. */
#ifndef LG_API_GIG_H
#define LG_API_GIG_H

#include <jansson.h>

#include "store/gig.h"

/* The gig object of the API (a new reference): detail adds the description, private the review
 * reason, with_distance g->distance_m. */
json_t *api_gig_json(const struct gig_row *g, int detail, int private, int with_distance);

#endif
