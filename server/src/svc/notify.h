/* The in-app inbox seen from handlers and tasks: one call that records a notice for a user inside the
 * caller's transaction, so it commits or rolls back with the event; the inbox routes are api/notify.c. Kinds
 * in use: application_*, gig_approved/rejected, invitation, attendance_corrected, result_confirmed, ... */
#ifndef LG_SVC_NOTIFY_H
#define LG_SVC_NOTIFY_H

#include "store/db.h"

/* Records a notification for user_id. title ≤ 64 and body ≤ 500 characters (longer text is cut at a
 * character boundary, never an error); object_type ("gig", "application", "invitation", ...) NULL and
 * object_id 0 when none. Call INSIDE the caller's open transaction (handler_tx, db_tx); returns the store
 * status, which the caller treats like any other write of the transaction (rollback on != ST_OK). */
enum st svc_notify_user(long long user_id, const char *kind, const char *title, const char *body,
                        const char *object_type, long long object_id);

#endif
