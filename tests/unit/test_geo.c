/* Unit tests of domain/geo: coordinate ranges, the China box, haversine distances against known values,
 * and bounding boxes that contain the whole circle (poles and the antimeridian included). */
#include <math.h>
#include "unit.h"
#include "domain/geo.h"

#define R_EARTH 6371008.8
#define RAD     (3.14159265358979323846 / 180.0)

/* The point `dist_m` from (lat, lng) on initial bearing `brg` degrees (spherical direct problem). */
static void destination(double lat, double lng, double brg, double dist_m, double *olat, double *olng)
{
    double d = dist_m / R_EARTH, p1 = lat * RAD, l1 = lng * RAD, b = brg * RAD;
    double p2 = asin(sin(p1) * cos(d) + cos(p1) * sin(d) * cos(b));
    double l2 = l1 + atan2(sin(b) * sin(d) * cos(p1), cos(d) - sin(p1) * sin(p2));
    *olat = p2 / RAD;
    *olng = fmod(l2 / RAD + 540.0, 360.0) - 180.0;
}

START_TEST(valid_ranges)
{
    ck_assert_int_eq(geo_valid(0, 0), 1);
    ck_assert_int_eq(geo_valid(90, 180), 1);
    ck_assert_int_eq(geo_valid(-90, -180), 1);
    ck_assert_int_eq(geo_valid(90.000001, 0), 0);
    ck_assert_int_eq(geo_valid(-90.000001, 0), 0);
    ck_assert_int_eq(geo_valid(0, 180.000001), 0);
    ck_assert_int_eq(geo_valid(0, -180.000001), 0);
    ck_assert_int_eq(geo_valid(NAN, 0), 0);
    ck_assert_int_eq(geo_valid(0, NAN), 0);
    ck_assert_int_eq(geo_valid(INFINITY, 0), 0);
    ck_assert_int_eq(geo_valid(0, -INFINITY), 0);
}
END_TEST

START_TEST(in_china)
{
    ck_assert_int_eq(geo_in_china(39.9042, 116.4074), 1); /* Beijing */
    ck_assert_int_eq(geo_in_china(24.4729, 109.7317), 1); /* 鹿寨县 */
    ck_assert_int_eq(geo_in_china(18.2528, 109.5119), 1); /* Sanya */
    ck_assert_int_eq(geo_in_china(52.9722, 122.5386), 1); /* Mohe */
    ck_assert_int_eq(geo_in_china(39.4677, 75.9938), 1);  /* Kashgar */
    ck_assert_int_eq(geo_in_china(48.4800, 134.9000), 1); /* Fuyuan */
    ck_assert_int_eq(geo_in_china(35.6762, 139.6503), 0); /* Tokyo */
    ck_assert_int_eq(geo_in_china(1.3521, 103.8198), 0);  /* Singapore */
    ck_assert_int_eq(geo_in_china(0, 0), 0);
    /* lat/lng swapped, a common client bug */
    ck_assert_int_eq(geo_in_china(116.4074, 39.9042), 0);
    ck_assert_int_eq(geo_in_china(18.0, 100), 1);
    ck_assert_int_eq(geo_in_china(17.9999, 100), 0);
    ck_assert_int_eq(geo_in_china(53.6, 100), 1);
    ck_assert_int_eq(geo_in_china(53.6001, 100), 0);
    ck_assert_int_eq(geo_in_china(30, 73.5), 1);
    ck_assert_int_eq(geo_in_china(30, 73.4999), 0);
    ck_assert_int_eq(geo_in_china(30, 135.1), 1);
    ck_assert_int_eq(geo_in_china(30, 135.1001), 0);
    ck_assert_int_eq(geo_in_china(NAN, 100), 0);
}
END_TEST

START_TEST(distance_known_values)
{
    ck_assert_double_eq_tol(geo_distance_m(30, 120, 30, 120), 0.0, 1e-9);
    /* one degree of latitude, a quarter meridian, half the equator */
    ck_assert_double_eq_tol(geo_distance_m(0, 0, 1, 0), 111195.080, 0.01);
    ck_assert_double_eq_tol(geo_distance_m(0, 0, 90, 0), 10007557.221, 0.01);
    ck_assert_double_eq_tol(geo_distance_m(0, 0, 0, 180), 20015114.442, 0.01);
    ck_assert_double_eq_tol(geo_distance_m(0, 90, 0, -90), 20015114.442, 0.01);
    /* Beijing - Shanghai, about 1067 km as the crow flies */
    ck_assert_double_eq_tol(geo_distance_m(39.9042, 116.4074, 31.2304, 121.4737), 1067311.6, 1.0);
    /* a longitude degree shrinks with cos(latitude) */
    ck_assert_double_eq_tol(geo_distance_m(60, 10, 60, 11), 111195.08 * 0.5, 10.0);
    /* across the antimeridian the short way round */
    ck_assert_double_eq_tol(geo_distance_m(0, 179.5, 0, -179.5), 111195.080, 0.01);
}
END_TEST

START_TEST(distance_symmetric_and_small)
{
    double a = geo_distance_m(24.4729, 109.7317, 24.3263, 109.4155);
    double b = geo_distance_m(24.3263, 109.4155, 24.4729, 109.7317);
    ck_assert_double_eq_tol(a, b, 1e-6);
    ck_assert_double_eq_tol(a, 35930.3, 1.0);
    /* a check-in radius: 1 km and a metre either side of it */
    double lat, lng;
    destination(24.4729, 109.7317, 37.0, 1000.0, &lat, &lng);
    ck_assert_double_eq_tol(geo_distance_m(24.4729, 109.7317, lat, lng), 1000.0, 0.01);
    destination(24.4729, 109.7317, 37.0, 1001.0, &lat, &lng);
    ck_assert(geo_distance_m(24.4729, 109.7317, lat, lng) > 1000.0);
}
END_TEST

START_TEST(distance_invalid)
{
    ck_assert_double_eq(geo_distance_m(91, 0, 0, 0), -1.0);
    ck_assert_double_eq(geo_distance_m(0, 0, 0, 181), -1.0);
    ck_assert_double_eq(geo_distance_m(NAN, 0, 0, 0), -1.0);
}
END_TEST

START_TEST(bbox_contains_circle)
{
    static const double centres[][2] = {
        {24.4729, 109.7317}, {39.9042, 116.4074}, {53.0, 122.5}, {18.25, 109.5}, {0, 0}, {-33.86, 151.2}};
    static const double radii[] = {0.0, 0.5, 1.0, 5.0, 50.0, 500.0};
    for (size_t c = 0; c < sizeof centres / sizeof centres[0]; c++) {
        for (size_t k = 0; k < sizeof radii / sizeof radii[0]; k++) {
            struct geo_box b;
            double lat0 = centres[c][0], lng0 = centres[c][1];
            ck_assert_int_eq(geo_bbox(lat0, lng0, radii[k], &b), 0);
            ck_assert(b.lat_min <= lat0 && lat0 <= b.lat_max);
            for (double brg = 0; brg < 360; brg += 7.5) {
                double lat, lng;
                destination(lat0, lng0, brg, radii[k] * 1000.0, &lat, &lng);
                ck_assert_msg(geo_box_contains(&b, lat, lng), "c%zu r%.1f brg %.1f", c, radii[k], brg);
            }
            if (radii[k] > 0) {
                /* tight: just beyond the circle due north / due south falls outside */
                double lat, lng;
                destination(lat0, lng0, 0, radii[k] * 1000.0 * 1.001 + 1.0, &lat, &lng);
                ck_assert(!geo_box_contains(&b, lat, lng));
                destination(lat0, lng0, 180, radii[k] * 1000.0 * 1.001 + 1.0, &lat, &lng);
                ck_assert(!geo_box_contains(&b, lat, lng));
                /* and the box is not absurdly wide in longitude */
                ck_assert(b.lng_max - b.lng_min < 4 * radii[k] / 111.0 / cos(lat0 * RAD) + 1e-9);
            }
        }
    }
}
END_TEST

START_TEST(bbox_known_size)
{
    struct geo_box b;
    ck_assert_int_eq(geo_bbox(0, 0, 111.19508, &b), 0);
    ck_assert_double_eq_tol(b.lat_min, -1.0, 1e-4);
    ck_assert_double_eq_tol(b.lat_max, 1.0, 1e-4);
    ck_assert_double_eq_tol(b.lng_min, -1.0, 1e-4);
    ck_assert_double_eq_tol(b.lng_max, 1.0, 1e-4);
    /* at 60 degrees a longitude degree is half as long, so the box is about twice as wide */
    ck_assert_int_eq(geo_bbox(60, 10, 111.19508 / 2, &b), 0);
    ck_assert_double_eq_tol(b.lat_max - 60, 0.5, 1e-4);
    ck_assert(b.lng_max - 10 > 0.99 && b.lng_max - 10 < 1.01);
}
END_TEST

START_TEST(bbox_poles_and_antimeridian)
{
    struct geo_box b;
    ck_assert_int_eq(geo_bbox(89.99, 30, 5.0, &b), 0);
    ck_assert_double_eq(b.lat_max, 90.0);
    ck_assert_double_eq(b.lng_min, -180.0);
    ck_assert_double_eq(b.lng_max, 180.0);
    ck_assert(geo_box_contains(&b, 89.995, -150));
    ck_assert_int_eq(geo_bbox(-89.99, 30, 5.0, &b), 0);
    ck_assert_double_eq(b.lat_min, -90.0);
    ck_assert_int_eq(geo_bbox(0, 0, 30000.0, &b), 0);
    ck_assert(geo_box_contains(&b, -89, 179));

    ck_assert_int_eq(geo_bbox(0, 179.99, 10.0, &b), 0);
    ck_assert(b.lng_min > b.lng_max);
    ck_assert(geo_box_contains(&b, 0, -179.99));
    ck_assert(geo_box_contains(&b, 0, 179.95));
    ck_assert(!geo_box_contains(&b, 0, 0));
    ck_assert(!geo_box_contains(&b, 0, 179.5));
    ck_assert_int_eq(geo_bbox(0, -179.99, 10.0, &b), 0);
    ck_assert(b.lng_min > b.lng_max);
    ck_assert(geo_box_contains(&b, 0, 179.99));
}
END_TEST

START_TEST(bbox_invalid)
{
    struct geo_box b = {1, 2, 3, 4};
    ck_assert_int_eq(geo_bbox(91, 0, 1, &b), -1);
    ck_assert_int_eq(geo_bbox(0, 0, -0.001, &b), -1);
    ck_assert_int_eq(geo_bbox(0, 0, NAN, &b), -1);
    ck_assert_int_eq(geo_bbox(0, 0, INFINITY, &b), -1);
    ck_assert_double_eq(b.lat_min, 1);
    ck_assert_double_eq(b.lng_max, 4);
    ck_assert_int_eq(geo_bbox(0, 0, 0, &b), 0);
    ck_assert(geo_box_contains(&b, 0, 0));
    ck_assert(!geo_box_contains(&b, 0.000001, 0));
    ck_assert(!geo_box_contains(&b, NAN, 0));
}
END_TEST

Suite *unit_suite(void)
{
    Suite *s = suite_create("geo");
    TCase *tc = tcase_create("geo");
    tcase_add_test(tc, valid_ranges);
    tcase_add_test(tc, in_china);
    tcase_add_test(tc, distance_known_values);
    tcase_add_test(tc, distance_symmetric_and_small);
    tcase_add_test(tc, distance_invalid);
    tcase_add_test(tc, bbox_contains_circle);
    tcase_add_test(tc, bbox_known_size);
    tcase_add_test(tc, bbox_poles_and_antimeridian);
    tcase_add_test(tc, bbox_invalid);
    suite_add_tcase(s, tc);
    return s;
}
