/* Distances and boxes on a spherical Earth, precise to well under a metre over the few kilometres a
 * check-in radius or a "gigs near me" search spans. Pure math (libm only); it must not pick radii or
 * defaults, which are configuration, nor touch the database that uses the box. */
#include <math.h>
#include "domain/geo.h"

#define EARTH_RADIUS_M 6371008.8 /* IUGG mean radius */
#define PI             3.14159265358979323846
#define DEG            (PI / 180.0)

int geo_valid(double lat, double lng)
{
    return isfinite(lat) && isfinite(lng) && lat >= -90.0 && lat <= 90.0 && lng >= -180.0 && lng <= 180.0;
}

int geo_in_china(double lat, double lng)
{
    return geo_valid(lat, lng) && lat >= 18.0 && lat <= 53.6 && lng >= 73.5 && lng <= 135.1;
}

double geo_cos_lat(double lat)
{
    return cos(lat * DEG);
}

double geo_distance_cos_m(double lat1, double lng1, double cos1, double lat2, double lng2, double cos2)
{
    double dlat = (lat2 - lat1) * DEG, dlng = (lng2 - lng1) * DEG;
    double s1 = sin(dlat / 2), s2 = sin(dlng / 2);
    return geo_hav_to_m(s1 * s1 + cos1 * cos2 * s2 * s2);
}

double geo_hav_to_m(double h)
{
    if (h > 1.0) /* rounding near antipodes */
        h = 1.0;
    return 2.0 * EARTH_RADIUS_M * asin(sqrt(h));
}

double geo_hav_of_m(double m)
{
    double s = sin(m / (2.0 * EARTH_RADIUS_M));
    return s * s;
}

double geo_distance_m(double lat1, double lng1, double lat2, double lng2)
{
    if (!geo_valid(lat1, lng1) || !geo_valid(lat2, lng2))
        return -1.0;
    return geo_distance_cos_m(lat1, lng1, geo_cos_lat(lat1), lat2, lng2, geo_cos_lat(lat2));
}

int geo_bbox(double lat, double lng, double radius_km, struct geo_box *out)
{
    if (!geo_valid(lat, lng) || !isfinite(radius_km) || radius_km < 0.0)
        return -1;
    /* angular radius, padded by a part per million plus ~6 mm so rounding never cuts a point on the circle */
    double r = radius_km * 1000.0 / EARTH_RADIUS_M * (1.0 + 1e-6) + 1e-9;
    double lat_r = lat * DEG;
    double lat_min = lat_r - r, lat_max = lat_r + r;
    struct geo_box b;

    if (r >= PI || lat_max >= PI / 2 || lat_min <= -PI / 2) {
        /* the circle covers a pole (or the whole sphere): every longitude */
        b.lat_min = fmax(lat_min / DEG, -90.0);
        b.lat_max = fmin(lat_max / DEG, 90.0);
        b.lng_min = -180.0;
        b.lng_max = 180.0;
        *out = b;
        return 0;
    }
    /* the meridians tangent to the circle (J. P. Matuschek, "Finding points within a distance") */
    double dlng = asin(sin(r) / cos(lat_r)) / DEG;
    b.lat_min = lat_min / DEG;
    b.lat_max = lat_max / DEG;
    b.lng_min = lng - dlng;
    b.lng_max = lng + dlng;
    if (b.lng_min < -180.0)
        b.lng_min += 360.0;
    if (b.lng_max > 180.0)
        b.lng_max -= 360.0;
    *out = b;
    return 0;
}

int geo_box_contains(const struct geo_box *box, double lat, double lng)
{
    if (!geo_valid(lat, lng) || lat < box->lat_min || lat > box->lat_max)
        return 0;
    if (box->lng_min <= box->lng_max)
        return lng >= box->lng_min && lng <= box->lng_max;
    return lng >= box->lng_min || lng <= box->lng_max;
}
