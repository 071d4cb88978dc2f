/* The one view of an invitation (svc/view_invitation.c): what both sides and every invitation route see. */
#ifndef LG_SVC_VIEW_INVITATION_H
#define LG_SVC_VIEW_INVITATION_H

#include <jansson.h>

#include "store/invitation.h"

/* The invitation object (status and its gig's status with their status_label; the worker masked as 王**,
 * never a phone or ID number). A new reference, or NULL when out of memory. */
json_t *view_invitation(const struct invitation_row *v);

#endif
