/* The one view of an uploaded image (svc/view_upload.c). Returns a new reference, or NULL when out of
 * memory. */
#ifndef LG_SVC_VIEW_UPLOAD_H
#define LG_SVC_VIEW_UPLOAD_H

#include <jansson.h>

#include "store/upload.h"

/* The upload as its owner sees it after storing it: id, type, size, SHA-256, URL and time. */
json_t *view_upload(const struct upload_row *u);

#endif
