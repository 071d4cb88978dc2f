/* 零工驿站 stations (table stations): public nearest-first and by-region lists, admin create and update.
 * Never sees JSON; coordinates are WGS-84 degrees, location is POINT(lng, lat). */
#ifndef LG_STORE_STATION_H
#define LG_STORE_STATION_H

#include "store/db.h"

struct station_row {
    long long id;
    char name[257];      /* VARCHAR(64) utf8mb4 */
    char address[513];   /* VARCHAR(128) */
    char phone[81];      /* VARCHAR(20), "" = none */
    char hours[257];     /* VARCHAR(64), "" = none */
    char services[2001]; /* VARCHAR(500), "" = none */
    double lat, lng;
    char region_code[13];
    char region_name[65];
    char status[8];
    double distance_m;                /* lists near a point only */
    long long created_at, updated_at; /* store_station_get only */
};

/* Open stations within radius_m of (lat, lng), nearest first, inside the region prefix ("" = all); box is
 * the bounding box (lat_min, lng_min, lat_max, lng_max) that pre-filters through the spatial index.
 * *total gets the number of matches. */
enum st store_station_near(double lat, double lng, const double box[4], double radius_m, const char *prefix,
                           long long limit, long long offset,
                           int (*each)(void *ctx, const struct station_row *), void *ctx, long long *total);
/* Open stations inside the region prefix ("" = all), by region code then id. */
enum st store_station_list(const char *prefix, long long limit, long long offset,
                           int (*each)(void *ctx, const struct station_row *), void *ctx, long long *total);

/* One station, open or closed. ST_NOTFOUND if there is none. */
enum st store_station_get(long long id, struct station_row *out);
/* Inside a transaction: locks the station; region (13) gets its region code. */
enum st store_station_lock(long long id, char region[13]);

struct station_write {
    const char *region_code, *name, *address;
    const char *phone, *hours, *services; /* NULL = none */
    double lat, lng;
    const char *status;
};
/* Creates a station; *id gets its id. */
enum st store_station_insert(const struct station_write *w, long long *id);
/* Replaces a station's fields. */
enum st store_station_update(long long id, const struct station_write *w);

#endif
