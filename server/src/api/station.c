/* 零工驿站 stations: the public list (nearest first around a point, else by region) and admin create and
 * update for admins and station staff inside their region, each write audited in its own transaction
 * (handler_tx). A station's JSON is its view's (svc/view_station.h); no SQL, no JSON of its own. */
#include <math.h>
#include <string.h>

#include "api/handlers.h"
#include "domain/geo.h"
#include "domain/region.h"
#include "http/handler.h"
#include "http/input.h"
#include "http/req.h"
#include "store/reference.h"
#include "store/station.h"
#include "svc/view_station.h"

#define RADIUS_KM_DEFAULT 50
#define RADIUS_KM_MAX     300

struct list_ctx {
    json_t *items;
    int with_distance;
};

static int list_item(void *p, const struct station_row *s)
{
    struct list_ctx *c = p;
    json_t *o = view_station(s, c->with_distance, 0);
    return o ? json_array_append_new(c->items, o) : -1;
}

int api_station_list(struct req *r)
{
    double lat = 0, lng = 0;
    long long page, size, total = 0, radius_km = RADIUS_KM_DEFAULT;
    char region[16] = "", prefix[13] = "";
    int qa = req_query_num(r, "lat", &lat), qb = req_query_num(r, "lng", &lng);
    if (qa < 0 || qb < 0 || qa != qb)
        return req_fail(r, ERR_BAD_QUERY, qa <= 0 ? "lat" : "lng", "lat 和 lng 应同时给出，且为数字");
    int near = qa > 0;
    if (near && !geo_in_china(lat, lng))
        return req_fail(r, ERR_BAD_QUERY, "lat", "位置应在中国境内");
    if (req_query_int(r, "radius_km", 1, RADIUS_KM_MAX, &radius_km) < 0)
        return req_fail(r, ERR_BAD_QUERY, "radius_km", "radius_km 应为 1 到 300 的整数");
    int q = req_query(r, "region", region, sizeof region);
    if (q < 0 || (q > 0 && region_prefix(region, prefix) < 0))
        return req_fail(r, ERR_BAD_QUERY, "region", "region 应为 6、9 或 12 位行政区划代码");
    int st = req_page(r, &page, &size);
    if (st)
        return st;
    struct list_ctx c = {json_array(), near};
    enum st rc;
    if (near) {
        struct geo_box b;
        if (geo_bbox(lat, lng, (double)radius_km, &b) != 0) {
            json_decref(c.items);
            return req_fail(r, ERR_BAD_QUERY, "lat", NULL);
        }
        double box[4] = {b.lat_min, b.lng_min, b.lat_max, b.lng_max};
        rc = store_station_near(lat, lng, box, (double)radius_km * 1000.0, prefix, size, (page - 1) * size,
                                list_item, &c, &total);
    } else {
        rc = store_station_list(prefix, size, (page - 1) * size, list_item, &c, &total);
    }
    if (rc != ST_OK) {
        json_decref(c.items);
        return req_store_fail(r, rc);
    }
    return req_reply(r, 200, req_list_reply(c.items, page, size, total));
}

/* 1 if s looks like an office phone line: digits with - ( ) + and spaces, 7 to 15 digits. */
static int office_phone_ok(const char *s)
{
    int digits = 0;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9')
            digits++;
        else if (!strchr("-+() ", *s))
            return 0;
    }
    return digits >= 7 && digits <= 15;
}

/* Validates a create/update body into w. Returns 0, or the 4xx reply's status. */
static int station_input(struct req *r, struct station_write *w)
{
    static const struct field fields[] = {
        {"name", F_STR, 1, 2, 64},  {"address", F_STR, 1, 2, 128},  {"phone", F_STR, 0, 0, 20},
        {"hours", F_STR, 0, 0, 64}, {"services", F_STR, 0, 0, 500}, {"region_code", F_STR, 1, 6, 12},
        {"lat", F_NUM, 1, -90, 90}, {"lng", F_NUM, 1, -180, 180},   {"status", F_STR, 0, 1, 8},
    };
    int st = input_check(r, fields, sizeof fields / sizeof fields[0]);
    if (st)
        return st;
    memset(w, 0, sizeof *w);
    w->name = input_str(r, "name");
    w->address = input_str(r, "address");
    w->phone = input_str(r, "phone");
    w->hours = input_str(r, "hours");
    w->services = input_str(r, "services");
    w->region_code = input_str(r, "region_code");
    w->status = input_str(r, "status");
    if (!w->status)
        w->status = "open";
    if (strcmp(w->status, "open") != 0 && strcmp(w->status, "closed") != 0)
        return req_fail(r, ERR_VALIDATION, "status", "应为 open（开放）或 closed（关闭）");
    if (w->phone && *w->phone && !office_phone_ok(w->phone))
        return req_fail(r, ERR_VALIDATION, "phone", "电话号码格式不正确");
    double lat = input_num(r, "lat", 0), lng = input_num(r, "lng", 0);
    if (!geo_in_china(lat, lng))
        return req_fail(r, ERR_VALIDATION, lat >= 18.0 && lat <= 53.6 ? "lng" : "lat", "位置应在中国境内");
    w->lat = round(lat * 1e6) / 1e6;
    w->lng = round(lng * 1e6) / 1e6;
    char name[65], path[65];
    long long level = 0;
    enum st rc = region_valid(w->region_code) ? store_reference_region(w->region_code, name, &level, path)
                                              : ST_NOTFOUND;
    if (rc == ST_NOTFOUND)
        return req_fail(r, ERR_VALIDATION, "region_code", "行政区划代码不存在");
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    if (level < 3)
        return req_fail(r, ERR_VALIDATION, "region_code", "请选择到县（区）或乡镇（街道）一级");
    /* station staff and county admins place stations only inside their own region */
    if (!region_contains(r->who.region, w->region_code))
        return req_fail(r, ERR_FORBIDDEN, "region_code", "只能在本人管辖的区域内设立驿站");
    return 0;
}

/* {"station": …} for id, read inside the write's transaction. */
static int station_reply(struct req *r, long long id, int status)
{
    struct station_row s;
    enum st rc = store_station_get(id, &s);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    json_t *o = view_station(&s, 0, 1);
    if (!o)
        return req_fail(r, ERR_INTERNAL, NULL, NULL);
    return req_reply(r, status, json_pack("{s:o}", "station", o));
}

static int create_tx(struct req *r, void *p)
{
    const struct station_write *w = p;
    long long id = 0;
    enum st rc = store_station_insert(w, &id);
    if (rc == ST_OK)
        rc = req_audit(r, "station.create", "station", id, "ok");
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    return station_reply(r, id, 201);
}

int api_station_create(struct req *r)
{
    struct station_write w;
    int st = station_input(r, &w);
    return st ? st : handler_tx(r, create_tx, &w);
}

static int update_tx(struct req *r, void *p)
{
    const struct station_write *w = p;
    long long id = r->ids[0];
    char region[13];
    enum st rc = store_station_lock(id, region);
    if (rc == ST_OK && !region_contains(r->who.region, region))
        return req_fail(r, ERR_NOT_FOUND, NULL, NULL);
    if (rc == ST_OK)
        rc = store_station_update(id, w);
    if (rc == ST_OK)
        rc = req_audit(r, "station.update", "station", id, "ok");
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    return station_reply(r, id, 200);
}

int api_station_update(struct req *r)
{
    struct station_write w;
    /* existence and scope come before body validation, so an out-of-scope id answers 404 whatever the body */
    struct station_row cur;
    enum st rc = store_station_get(r->ids[0], &cur);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    if (!region_contains(r->who.region, cur.region_code))
        return req_fail(r, ERR_NOT_FOUND, NULL, NULL);
    int st = station_input(r, &w);
    return st ? st : handler_tx(r, update_tx, &w);
}
