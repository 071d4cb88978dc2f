/* Reference data: the region tree (行政区划) and the job-type tree (工种). Read-only at run time. */
#ifndef LG_STORE_REFERENCE_H
#define LG_STORE_REFERENCE_H

#include "store/db.h"

struct region_row {
    char code[13];
    char name[65];
    long long level;
    double lat, lng;
    long long has_children;
};
/* Calls each(ctx, row) for the children of parent ("" = the roots), in code order. */
enum st store_reference_regions(const char *parent, int (*each)(void *ctx, const struct region_row *row),
                                void *ctx);
/* ST_NOTFOUND if the code is unknown. path gets "450000/450200/450223/". */
enum st store_reference_region(const char *code, char name[65], long long *level, char path[65]);

struct job_type_row {
    long long id, parent_id; /* parent_id 0 = top level */
    char name[33];
};
/* All job types, parents before children (top level first, then by sort order). */
enum st store_reference_job_types(int (*each)(void *ctx, const struct job_type_row *row), void *ctx);

#endif
