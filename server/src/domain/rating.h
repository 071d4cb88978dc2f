/* Two-way ratings (SPEC §3 Ratings): the directions, the reveal rule (hidden until both sides rated or 7
 * days passed, so neither can answer the other's rating in kind) and the summary figures (average, 好评率).
 * Pure; no I/O. */
#ifndef LG_DOMAIN_RATING_H
#define LG_DOMAIN_RATING_H

#define RATING_REVEAL_S (7LL * 86400)
#define RATING_MAX_TAGS 5
#define RATING_TEXT_MAX 300

enum rating_direction { RATING_WORKER_TO_EMPLOYER, RATING_EMPLOYER_TO_WORKER };

/* Wire names "worker_to_employer" / "employer_to_worker". */
const char *rating_direction_name(enum rating_direction d);
/* The direction of a rating written by the side whose role is "worker" or "employer"; -1 otherwise. */
int rating_direction_of_author(const char *role, enum rating_direction *out);
/* The role the subject of a rating in direction d is rated as: "employer" or "worker". */
const char *rating_subject_role(enum rating_direction d);

/* When a rating made at now becomes visible to others: now when the other side has already rated (both
 * are revealed at once), otherwise RATING_REVEAL_S later. */
long long rating_reveal_at(long long now, int other_side_rated);
/* 1 if a rating revealed from reveal_at (hidden by an admin or not) is shown to a viewer at now: its author
 * always sees it; others only once revealed and not hidden. */
int rating_visible(long long reveal_at, int hidden, int viewer_is_author, long long now);

/* 4 and 5 stars count as 好评. */
int rating_is_positive(int stars);
/* The average of count ratings adding up to sum, in tenths of a star rounded half up (43 = 4.3); 0 when
 * count is 0. */
int rating_average_tenths(long long sum, long long count);
/* 好评率 in percent (positive of count, rounded half up); 0 when count is 0. */
int rating_positive_percent(long long positive, long long count);

#endif
