/* The one view of a complaint (svc/view_complaint.c) and of an image attached to it. Each returns a new
 * reference, or NULL when out of memory. */
#ifndef LG_SVC_VIEW_COMPLAINT_H
#define LG_SVC_VIEW_COMPLAINT_H

#include <jansson.h>

#include "store/complaint.h"

/* The complaint as the complainant sees it, status and category with their zh-CN labels; admin adds who
 * filed it, its region, where it was escalated and its handler. history and images (JSON arrays) are added
 * when not NULL, ownership taken also on failure: a single read has both, the complainant's list history
 * only (added by the caller after the page is read), the admin list neither. */
json_t *view_complaint(const struct complaint_row *c, int admin, json_t *history, json_t *images);

/* An image attached to a complaint: id, its URL, type and size. */
json_t *view_complaint_image(long long upload_id, const char *content_type, long long size_bytes);

#endif
