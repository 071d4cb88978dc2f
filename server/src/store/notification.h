/* Store of the in-app inbox (table notifications). Rows are written inside the transaction of the event
 * that causes them (the caller's); reads and read-marks are per user. Never sees JSON. */
#ifndef LG_STORE_NOTIFICATION_H
#define LG_STORE_NOTIFICATION_H

#include "store/db.h"

struct notification_row {
    long long id;
    char kind[33];
    char title[257];
    char body[2001];
    char object_type[17]; /* "" = none */
    long long object_id;  /* 0 = none */
    long long read_at;    /* 0 = unread */
    long long created_at;
};

/* Appends one notification for user_id. object_type NULL/"" and object_id 0 = none. Joins the caller's
 * transaction when one is open. */
enum st store_notification_add(long long user_id, const char *kind, const char *title, const char *body,
                               const char *object_type, long long object_id);
/* The user's notifications, newest first; unread_only 1 = only unread. *total and *unread get counts. */
enum st store_notification_list(long long user_id, int unread_only, long long limit, long long offset,
                                int (*each)(void *ctx, const struct notification_row *row), void *ctx,
                                long long *total, long long *unread);
/* Marks one of the user's notifications read (idempotent). ST_NOTFOUND if it is not the user's. */
enum st store_notification_read(long long user_id, long long id);
/* Marks all the user's notifications read; *n gets how many changed. */
enum st store_notification_read_all(long long user_id, long long *n);

#endif
