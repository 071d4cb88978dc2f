/* Store of the reference trees. Small tables, read through prepared statements into caller callbacks. */
#include "store/reference.h"

#include <string.h>

struct region_iter {
    struct region_row row;
    int (*each)(void *ctx, const struct region_row *row);
    void *ctx;
};

static int region_cb(void *p)
{
    struct region_iter *it = p;
    return it->each(it->ctx, &it->row);
}

enum st store_reference_regions(const char *parent, int (*each)(void *ctx, const struct region_row *row),
                                void *ctx)
{
    struct region_iter it = {.each = each, .ctx = ctx};
    struct dbout o[] = {O_STR(it.row.code, sizeof it.row.code),
                        O_STR(it.row.name, sizeof it.row.name),
                        O_I64(&it.row.level),
                        O_DBL(&it.row.lat),
                        O_DBL(&it.row.lng),
                        O_I64(&it.row.has_children)};
    if (!parent || !*parent)
        return db_run(SQL_REGIONS_ROOTS, NULL, 0, o, 6, region_cb, &it, NULL, NULL);
    struct dbv in[] = {V_STR(parent)};
    return db_run(SQL_REGIONS_CHILDREN, in, 1, o, 6, region_cb, &it, NULL, NULL);
}

enum st store_reference_region(const char *code, char name[65], long long *level, char path[65])
{
    char c[13];
    struct dbv in[] = {V_STR(code)};
    struct dbout o[] = {O_STR(c, sizeof c), O_STR(name, 65), O_I64(level), O_STR(path, 65)};
    return db_run(SQL_REGION_GET, in, 1, o, 4, NULL, NULL, NULL, NULL);
}

struct jt_iter {
    struct job_type_row row;
    int (*each)(void *ctx, const struct job_type_row *row);
    void *ctx;
};

static int jt_cb(void *p)
{
    struct jt_iter *it = p;
    return it->each(it->ctx, &it->row);
}

enum st store_reference_job_types(int (*each)(void *ctx, const struct job_type_row *row), void *ctx)
{
    struct jt_iter it = {.each = each, .ctx = ctx};
    struct dbout o[] = {O_I64(&it.row.id), O_I64(&it.row.parent_id), O_STR(it.row.name, sizeof it.row.name)};
    return db_run(SQL_JOB_TYPES_ALL, NULL, 0, o, 3, jt_cb, &it, NULL, NULL);
}
