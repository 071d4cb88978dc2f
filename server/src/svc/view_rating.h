/* The one view of a rating (svc/view_rating.c): the rating as each audience sees it, the summary of what a
 * user received in one role, and a rating tag. Each returns a new reference, or NULL when out of memory. */
#ifndef LG_SVC_VIEW_RATING_H
#define LG_SVC_VIEW_RATING_H

#include <jansson.h>

#include "store/rating.h"

/* Who looks: everyone gets the content; its author also whether and why it was hidden; admins also the
 * author's id, the region and when it was credited. */
enum view_rating_audience { VIEW_RATING_PUBLIC, VIEW_RATING_AUTHOR, VIEW_RATING_ADMIN };

/* The rating x as audience sees it at now (the business clock: "revealed" is reveal_at <= now). */
json_t *view_rating(const struct rating_row *x, enum view_rating_audience audience, long long now);

/* {count, average (one decimal, null with none), positive_rate (好评率 in percent, null with none),
 * stars [n1..n5], tags}: tags is a JSON array of {name, count} (the call takes ownership, also on
 * failure). */
json_t *view_rating_summary(const struct rating_summary_row *s, json_t *tags);

/* {id, direction, name, positive}. */
json_t *view_rating_tag(const struct rating_tag_row *t);

#endif
