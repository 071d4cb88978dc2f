/* Store of 零工驿站 stations. Lists bind one 12-column row shape; the nearest-first list pre-filters with
 * the spatial index (MBRContains on the caller's bounding box) before computing sphere distances. */
#include "store/station.h"

#include <string.h>

struct station_iter {
    struct station_row row;
    struct dbout o[12];
    int (*each)(void *ctx, const struct station_row *);
    void *ctx;
};

static int station_cb(void *p)
{
    struct station_iter *it = p;
    return it->each(it->ctx, &it->row);
}

static void station_bind(struct station_iter *it)
{
    struct station_row *r = &it->row;
    struct dbout b[12] = {O_I64(&r->id),
                          O_STR(r->name, sizeof r->name),
                          O_STR(r->address, sizeof r->address),
                          O_STR(r->phone, sizeof r->phone),
                          O_STR(r->hours, sizeof r->hours),
                          O_STR(r->services, sizeof r->services),
                          O_DBL(&r->lat),
                          O_DBL(&r->lng),
                          O_STR(r->region_code, sizeof r->region_code),
                          O_STR(r->region_name, sizeof r->region_name),
                          O_STR(r->status, sizeof r->status),
                          O_DBL(&r->distance_m)};
    memcpy(it->o, b, sizeof b);
}

/* prefix + "%" for LIKE; prefixes are region digits, so nothing needs escaping. */
static int like_of(const char *prefix, char out[16])
{
    size_t n = strlen(prefix);
    if (n + 2 > 16)
        return -1;
    memcpy(out, prefix, n);
    memcpy(out + n, "%", 2);
    return 0;
}

enum st store_station_near(double lat, double lng, const double box[4], double radius_m, const char *prefix,
                           long long limit, long long offset,
                           int (*each)(void *ctx, const struct station_row *), void *ctx, long long *total)
{
    char like[16];
    if (like_of(prefix, like) != 0)
        return ST_ERR;
    /* box is lat_min, lng_min, lat_max, lng_max; POINT takes (lng, lat) */
    struct dbv cin[] = {V_DBL(box[1]), V_DBL(box[0]), V_DBL(box[3]), V_DBL(box[2]),
                        V_STR(like),   V_DBL(lng),    V_DBL(lat),    V_DBL(radius_m)};
    struct dbout co[] = {O_I64(total)};
    enum st rc = db_run(SQL_STATION_NEAR_COUNT, cin, 8, co, 1, NULL, NULL, NULL, NULL);
    if (rc != ST_OK)
        return rc;
    struct station_iter it;
    memset(&it, 0, sizeof it);
    it.each = each;
    it.ctx = ctx;
    station_bind(&it);
    struct dbv in[] = {V_DBL(lng),    V_DBL(lat),  V_DBL(box[1]),   V_DBL(box[0]), V_DBL(box[3]),
                       V_DBL(box[2]), V_STR(like), V_DBL(radius_m), V_I64(limit),  V_I64(offset)};
    return db_run(SQL_STATION_NEAR, in, 10, it.o, 12, station_cb, &it, NULL, NULL);
}

enum st store_station_list(const char *prefix, long long limit, long long offset,
                           int (*each)(void *ctx, const struct station_row *), void *ctx, long long *total)
{
    char like[16];
    if (like_of(prefix, like) != 0)
        return ST_ERR;
    struct dbv cin[] = {V_STR(like)};
    struct dbout co[] = {O_I64(total)};
    enum st rc = db_run(SQL_STATION_COUNT, cin, 1, co, 1, NULL, NULL, NULL, NULL);
    if (rc != ST_OK)
        return rc;
    struct station_iter it;
    memset(&it, 0, sizeof it);
    it.each = each;
    it.ctx = ctx;
    station_bind(&it);
    struct dbv in[] = {V_STR(like), V_I64(limit), V_I64(offset)};
    return db_run(SQL_STATION_LIST, in, 3, it.o, 11, station_cb, &it, NULL, NULL); /* no distance column */
}

enum st store_station_get(long long id, struct station_row *out)
{
    struct dbv in[] = {V_I64(id)};
    memset(out, 0, sizeof *out);
    struct dbout o[] = {O_I64(&out->id),
                        O_STR(out->name, sizeof out->name),
                        O_STR(out->address, sizeof out->address),
                        O_STR(out->phone, sizeof out->phone),
                        O_STR(out->hours, sizeof out->hours),
                        O_STR(out->services, sizeof out->services),
                        O_DBL(&out->lat),
                        O_DBL(&out->lng),
                        O_STR(out->region_code, sizeof out->region_code),
                        O_STR(out->region_name, sizeof out->region_name),
                        O_STR(out->status, sizeof out->status),
                        O_I64(&out->created_at),
                        O_I64(&out->updated_at)};
    return db_run(SQL_STATION_GET, in, 1, o, 13, NULL, NULL, NULL, NULL);
}

enum st store_station_lock(long long id, char region[13])
{
    struct dbv in[] = {V_I64(id)};
    struct dbout o[] = {O_STR(region, 13)};
    return db_run(SQL_STATION_LOCK, in, 1, o, 1, NULL, NULL, NULL, NULL);
}

enum st store_station_insert(const struct station_write *w, long long *id)
{
    struct dbv in[] = {V_STR(w->region_code),   V_STR(w->name),          V_STR(w->address),
                       V_STR_OR_NULL(w->phone), V_STR_OR_NULL(w->hours), V_STR_OR_NULL(w->services),
                       V_DBL(w->lat),           V_DBL(w->lng),           V_DBL(w->lng),
                       V_DBL(w->lat),           V_STR(w->status)};
    unsigned long long last = 0;
    enum st rc = db_run(SQL_STATION_INSERT, in, 11, NULL, 0, NULL, NULL, NULL, &last);
    if (rc == ST_OK)
        *id = (long long)last;
    return rc;
}

enum st store_station_update(long long id, const struct station_write *w)
{
    struct dbv in[] = {V_STR(w->region_code),   V_STR(w->name),          V_STR(w->address),
                       V_STR_OR_NULL(w->phone), V_STR_OR_NULL(w->hours), V_STR_OR_NULL(w->services),
                       V_DBL(w->lat),           V_DBL(w->lng),           V_DBL(w->lng),
                       V_DBL(w->lat),           V_STR(w->status),        V_I64(id)};
    return db_run(SQL_STATION_UPDATE, in, 12, NULL, 0, NULL, NULL, NULL, NULL);
}
