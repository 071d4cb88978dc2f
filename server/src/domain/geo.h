/* Geographic helpers for sites, stations and check-in: coordinate validation, great-circle distance and a
 * bounding box for index pre-filtering. Pure math on WGS-84 degrees as the mini-program reports them
 * (wx.getLocation type "wgs84"); no I/O, no datum conversion (GCJ-02 is the caller's concern). */
#ifndef LG_DOMAIN_GEO_H
#define LG_DOMAIN_GEO_H

/* An axis-aligned box in degrees. When lng_min > lng_max the box crosses the antimeridian and a point is
 * inside if lng >= lng_min OR lng <= lng_max. */
struct geo_box {
    double lat_min, lat_max;
    double lng_min, lng_max;
};

/* Returns 1 if `lat` is finite in [-90, 90] and `lng` finite in [-180, 180], else 0. */
int geo_valid(double lat, double lng);

/* Returns 1 if the point lies in a generous box around mainland China and Hainan (lat 18.0-53.6,
 * lng 73.5-135.1, boundaries included), else 0 (also for invalid coordinates). */
int geo_in_china(double lat, double lng);

/* Returns the haversine great-circle distance in metres on a sphere of the mean Earth radius, or -1.0 if
 * either point is not geo_valid. */
double geo_distance_m(double lat1, double lng1, double lat2, double lng2);
/* The cosine of a latitude in degrees, as geo_distance_cos_m wants it. */
double geo_cos_lat(double lat);
/* geo_distance_m of two valid points whose latitude cosines (geo_cos_lat) are already known: the same
 * value, bit for bit, without the two cosines (the search index keeps them per gig). */
double geo_distance_cos_m(double lat1, double lng1, double cos1, double lat2, double lng2, double cos2);
/* The haversine of a distance and back: geo_distance_m is geo_hav_to_m(h) with
 * h = sin²(Δlat/2) + cos lat1 · cos lat2 · sin²(Δlng/2), and geo_hav_of_m(m) is the h of a distance of m
 * metres (0 <= m <= half the circumference). Both increase with their argument, so distances compare as
 * their haversines do: the search index bounds whole grid cells without an asin each. */
double geo_hav_to_m(double h);
double geo_hav_of_m(double m);

/* Writes to `out` a box that contains every point within `radius_km` of (lat, lng): latitudes are clamped
 * to +-90, and a circle that reaches a pole spans every longitude. Returns 0, or -1 (out untouched) if the
 * point is invalid or `radius_km` is not finite and >= 0. */
int geo_bbox(double lat, double lng, double radius_km, struct geo_box *out);

/* Returns 1 if (lat, lng) lies inside `box` (edges included), honouring antimeridian crossing, else 0. */
int geo_box_contains(const struct geo_box *box, double lat, double lng);

#endif
