/* The one view of an inbox notification (svc/view_notification.c). */
#ifndef LG_SVC_VIEW_NOTIFICATION_H
#define LG_SVC_VIEW_NOTIFICATION_H

#include <jansson.h>

#include "store/notification.h"

/* {id, kind, title, body, created_at, object_type, object_id, read_at}: a new reference, or NULL when out
 * of memory. */
json_t *view_notification(const struct notification_row *n);

#endif
