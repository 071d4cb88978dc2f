/* Ratings: directions, the reveal rule and summary arithmetic. Pure; no I/O. */
#include "domain/rating.h"

#include <string.h>

const char *rating_direction_name(enum rating_direction d)
{
    return d == RATING_WORKER_TO_EMPLOYER ? "worker_to_employer" : "employer_to_worker";
}

int rating_direction_of_author(const char *role, enum rating_direction *out)
{
    if (role && strcmp(role, "worker") == 0)
        *out = RATING_WORKER_TO_EMPLOYER;
    else if (role && strcmp(role, "employer") == 0)
        *out = RATING_EMPLOYER_TO_WORKER;
    else
        return -1;
    return 0;
}

const char *rating_subject_role(enum rating_direction d)
{
    return d == RATING_WORKER_TO_EMPLOYER ? "employer" : "worker";
}

long long rating_reveal_at(long long now, int other_side_rated)
{
    return other_side_rated ? now : now + RATING_REVEAL_S;
}

int rating_visible(long long reveal_at, int hidden, int viewer_is_author, long long now)
{
    if (viewer_is_author)
        return 1;
    return !hidden && reveal_at <= now;
}

int rating_is_positive(int stars)
{
    return stars >= 4;
}

int rating_average_tenths(long long sum, long long count)
{
    if (count <= 0)
        return 0;
    return (int)((sum * 20 + count) / (count * 2)); /* sum*10/count rounded half up */
}

int rating_positive_percent(long long positive, long long count)
{
    if (count <= 0)
        return 0;
    return (int)((positive * 200 + count) / (count * 2));
}
