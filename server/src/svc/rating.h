/* Two-way ratings seen from outside their routes (svc/rating.c): the business clock of the reveal rule, the
 * summary profiles and gigs show, the credit entry of a revealed rating (shared by the route that reveals
 * both sides and the periodic pass), the tag lookup, and the periodic reveal pass. The routes are
 * api/rating.c. */
#ifndef LG_SVC_RATING_H
#define LG_SVC_RATING_H

#include <jansson.h>

#include "domain/rating.h"
#include "store/rating.h"

/* The business clock of the reveal rule: t + CLOCK_OFFSET_S. */
long long svc_rating_clock(long long t);

/* {count, average, positive_rate, stars, tags} (svc/view_rating.h) of what everyone may see of subject_id
 * rated as role ("worker" or "employer") now (business clock). A new reference, or NULL on a store error. */
json_t *svc_rating_summary(long long subject_id, const char *role);

/* Inside the caller's transaction: writes the rating_received credit entry of rating x (revealed by now)
 * unless it has one (then, or when x is hidden, nothing is written and ST_OK returned). */
enum st svc_rating_credit(const struct rating_row *x, long long now);

/* The tags of one direction named in wanted (a JSON array of strings, borrowed): found[i] is 1 and ids[i]
 * the tag's id for each wanted[i] (i < RATING_MAX_TAGS) that names one. */
struct rating_tag_match {
    const char *direction;
    json_t *wanted;
    long long ids[RATING_MAX_TAGS];
    int found[RATING_MAX_TAGS];
};
/* Fills m->ids and m->found (reset first). Returns the store status. */
enum st svc_rating_tags_match(struct rating_tag_match *m);

/* The periodic pass: writes the rating_received credit entry of every rating revealed by now (7 days
 * passed) that has none yet, each exactly once even with several nodes, one transaction per rating.
 * Returns how many, or -1 on a store error (what committed before it stays). */
long svc_rating_reveal_run(void);

#endif
