/* The views of the reference data pickers read (svc/view_reference.c): regions and job types. */
#ifndef LG_SVC_VIEW_REFERENCE_H
#define LG_SVC_VIEW_REFERENCE_H

#include <jansson.h>

#include "store/reference.h"

/* A region: {code, name, level, has_children} and lat/lng when it has a centre. A new reference, or NULL
 * when out of memory. */
json_t *view_reference_region(const struct region_row *row);
/* A job type with an empty children array (the caller attaches the children). A new reference, or NULL. */
json_t *view_reference_job_type(const struct job_type_row *row);

#endif
