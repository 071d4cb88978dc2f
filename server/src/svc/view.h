/* The helpers every view shares, and the one view of a gig (svc/view.c). The view of any other object X is
 * svc/view_X.c. Each view returns a new reference, or NULL when out of memory. */
#ifndef LG_SVC_VIEW_H
#define LG_SVC_VIEW_H

#include <jansson.h>
#include <stddef.h>

#include "store/gig.h"

/* An RFC 3339 time, or null for 0. */
json_t *view_time(long long t);
/* A string, or null for NULL or "". */
json_t *view_str(const char *s);
/* An id, or null for 0. */
json_t *view_id(long long id);

/* The employer of a gig as every gig object shows it: {id, name, kind, verification, credit}. */
json_t *view_gig_employer(const struct gig_employer *e);
/* The gig object of the API, built from g->card (status with its status_label): detail adds the
 * description, private the review reason (what only its employer and the region's admins see),
 * with_distance g->distance_m. */
json_t *view_gig(const struct gig_row *g, int detail, int private, int with_distance);
/* The gig object of a list as the search index keeps it: view_gig's object without its employer,
 * serialised and cut before its closing brace, for the page writer to append ,"employer":… (kept once per
 * employer, view_gig_employer) and the brace. Returns the text (malloc'd, the caller frees; *len bytes
 * before the brace), or NULL when out of memory. */
char *view_gig_listed(const struct gig_card *c, size_t *len);

#endif
