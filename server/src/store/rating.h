/* Store of two-way ratings (ratings, rating_tag_links) and the per-direction tag lists (rating_tags).
 * Visibility is decided here in SQL with the business clock the caller passes (unix seconds): others see a
 * rating once reveal_at has passed and it is not hidden; its author always does. Writes join the caller's
 * transaction. Never sees JSON. */
#ifndef LG_STORE_RATING_H
#define LG_STORE_RATING_H

#include "store/db.h"

struct rating_tag_row {
    long long id;
    char direction[20];
    char name[65];
    long long positive;
};
/* Every tag of both directions, in display order. */
enum st store_rating_tags(int (*each)(void *ctx, const struct rating_tag_row *row), void *ctx);

/* Inserts a rating (text NULL = none) revealed from reveal_at; *id gets its id. ST_CONFLICT: this
 * application already has a rating in this direction. Tags: store_rating_tag_add. */
enum st store_rating_insert(long long application_id, const char *direction, long long author_id,
                            long long subject_id, int stars, const char *text, const char *region_code,
                            long long reveal_at, long long *id);
enum st store_rating_tag_add(long long rating_id, long long tag_id);
/* Reveals every rating of the application at now at the latest (the second side has rated). */
enum st store_rating_reveal_application(long long application_id, long long now);

/* One rating as stored, with its gig and the author's display name (employer name, or the worker's
 * surname + "**"). Times unix seconds, 0 = unset. */
struct rating_row {
    long long id, application_id;
    char direction[20];
    long long author_id, subject_id, stars;
    char text[1201];
    char tags[512]; /* comma-joined names in display order, "" = none */
    char region_code[13];
    long long reveal_at, hidden;
    char hidden_reason[801];
    long long hidden_at, credited_at, created_at;
    long long gig_id;
    char gig_title[161];
    char author_name[257];
};
typedef int (*rating_row_fn)(void *ctx, const struct rating_row *row);

enum st store_rating_get(long long id, struct rating_row *out);
/* Inside a transaction: the same, locked FOR UPDATE until commit. */
enum st store_rating_lock(long long id, struct rating_row *out);
/* The application's ratings (0, 1 or 2), oldest first. */
enum st store_rating_by_application(long long application_id, rating_row_fn each, void *ctx);
/* Ratings of subject_id (direction_like "%" or one direction) as viewer_id sees them at now (revealed and
 * not hidden, plus viewer's own), newest first; *total gets the count. */
enum st store_rating_by_subject(long long subject_id, const char *direction_like, long long now,
                                long long viewer_id, long long limit, long long offset, rating_row_fn each,
                                void *ctx, long long *total);
/* For admins: ratings whose gig region code matches region_like ("45%", "%"), hidden_like "%", "0" or "1",
 * newest first, revealed or not. */
enum st store_rating_admin_list(const char *region_like, const char *hidden_like, long long limit,
                                long long offset, rating_row_fn each, void *ctx, long long *total);

/* The figures of what others see of subject_id rated in direction at now. */
struct rating_summary_row {
    long long count, sum, stars[5];
};
enum st store_rating_summary(long long subject_id, const char *direction, long long now,
                             struct rating_summary_row *out);
/* Tag counts of the same ratings, most used first. */
enum st store_rating_tag_counts(long long subject_id, const char *direction, long long now,
                                int (*each)(void *ctx, const char *name, long long count), void *ctx);

/* Hides the rating (ST_CONFLICT when already hidden). admin_id: admin_users.id. */
enum st store_rating_hide(long long id, const char *reason, long long admin_id);

/* Up to 100 ids of ratings revealed by now, not hidden, whose credit entry is not written yet. */
enum st store_rating_credit_due(long long now, long long ids[100], int *n);
/* Claims rating id's credit entry: ST_OK when this caller marked it credited (write the entry in the same
 * transaction), ST_CONFLICT when it is credited already, hidden or not revealed by now. */
enum st store_rating_mark_credited(long long id, long long now);

#endif
