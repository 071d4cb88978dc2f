/* Routing and the API's contract tables: 404 versus 405 (with Allow), digit-only ids, every route in the
 * table documented in the embedded openapi.json and every documented operation routed, the error table
 * well-formed, and the JSON depth pre-check. */
#include <ctype.h>
#include <jansson.h>
#include <string.h>

#include "http/errors.h"
#include "http/input.h"
#include "http/dispatch.h"
#include "http/routes.h"
#include "unit.h"

extern const unsigned char openapi_doc[];
extern const size_t openapi_doc_len;

START_TEST(known_route_is_found)
{
    unsigned idx;
    long long ids[REQ_MAX_IDS];
    int n;
    char allow[64];
    ck_assert_int_eq(routes_match("GET", "/api/v1/job-types", &idx, ids, &n, allow, sizeof allow),
                     ROUTE_FOUND);
    ck_assert_str_eq(routes[idx].pattern, "/api/v1/job-types");
    ck_assert_int_eq(n, 0);
}
END_TEST

START_TEST(unknown_path_is_404_and_wrong_method_is_405_with_allow)
{
    unsigned idx;
    long long ids[REQ_MAX_IDS];
    int n;
    char allow[64];
    ck_assert_int_eq(routes_match("GET", "/api/v1/nope", &idx, ids, &n, allow, sizeof allow), ROUTE_NO_PATH);
    ck_assert_int_eq(routes_match("GET", "/api/v1/job-types/", &idx, ids, &n, allow, sizeof allow),
                     ROUTE_NO_PATH);
    ck_assert_int_eq(routes_match("GET", "/api/v1", &idx, ids, &n, allow, sizeof allow), ROUTE_NO_PATH);
    ck_assert_int_eq(routes_match("DELETE", "/api/v1/job-types", &idx, ids, &n, allow, sizeof allow),
                     ROUTE_NO_METHOD);
    ck_assert_str_eq(allow, "GET");
    ck_assert_int_eq(routes_match("GET", "/api/v1/auth/wechat", &idx, ids, &n, allow, sizeof allow),
                     ROUTE_NO_METHOD);
    ck_assert_str_eq(allow, "POST");
}
END_TEST

START_TEST(id_segments_take_digits_only)
{
    long long ids[REQ_MAX_IDS] = {0};
    int n = 0;
    ck_assert_int_eq(routes_match_pattern("/a/{id}/b/{id}", "/a/12/b/345", ids, &n), 1);
    ck_assert_int_eq(n, 2);
    ck_assert_int_eq(ids[0], 12);
    ck_assert_int_eq(ids[1], 345);
    ck_assert_int_eq(routes_match_pattern("/a/{id}", "/a/999999999999999999", ids, &n), 1);   /* 18 digits */
    ck_assert_int_eq(routes_match_pattern("/a/{id}", "/a/1000000000000000000", ids, &n), -1); /* 19 digits */
    ck_assert_int_eq(routes_match_pattern("/a/{id}", "/a/abc", ids, &n), -1);
    ck_assert_int_eq(routes_match_pattern("/a/{id}", "/a/12a", ids, &n), -1);
    ck_assert_int_eq(routes_match_pattern("/a/{id}", "/a/-1", ids, &n), -1);
    ck_assert_int_eq(routes_match_pattern("/a/{id}", "/a/0", ids, &n), -1);
    ck_assert_int_eq(routes_match_pattern("/a/{id}", "/a/007", ids, &n), -1);
    ck_assert_int_eq(routes_match_pattern("/a/{id}", "/a/1%202", ids, &n), -1);
    ck_assert_int_eq(routes_match_pattern("/a/{id}", "/a/", ids, &n), 0);
    ck_assert_int_eq(routes_match_pattern("/a/{id}", "/a/1/x", ids, &n), 0);
    ck_assert_int_eq(routes_match_pattern("/a/{id}/x", "/a/1", ids, &n), 0);
}
END_TEST

START_TEST(every_route_is_in_openapi_and_every_operation_is_routed)
{
    json_error_t e;
    json_t *doc = json_loadb((const char *)openapi_doc, openapi_doc_len, JSON_REJECT_DUPLICATES, &e);
    ck_assert_msg(doc != NULL, "openapi.json does not parse: %s (line %d)", e.text, e.line);
    ck_assert_str_eq(json_string_value(json_object_get(doc, "openapi")), "3.1.0");
    json_t *paths = json_object_get(doc, "paths");
    unsigned documented = 0;
    for (unsigned i = 0; i < routes_count; i++) {
        char m[8];
        size_t k;
        for (k = 0; routes[i].method[k] && k < sizeof m - 1; k++)
            m[k] = (char)tolower((unsigned char)routes[i].method[k]);
        m[k] = '\0';
        json_t *op = json_object_get(json_object_get(paths, routes[i].pattern), m);
        ck_assert_msg(json_is_object(op), "route %s %s is missing from openapi.json", routes[i].method,
                      routes[i].pattern);
        ck_assert_msg(json_is_object(json_object_get(op, "responses")), "%s %s has no responses",
                      routes[i].method, routes[i].pattern);
        /* non-public routes declare bearer security */
        if (!(routes[i].flags & RF_PUBLIC))
            ck_assert_msg(json_is_array(json_object_get(op, "security")), "%s %s needs security: bearer",
                          routes[i].method, routes[i].pattern);
    }
    const char *p;
    json_t *item;
    json_object_foreach(paths, p, item)
    {
        const char *method;
        json_t *op;
        json_object_foreach(item, method, op)
        {
            if (strcmp(method, "parameters") == 0 || strcmp(method, "summary") == 0)
                continue; /* path-level fields, not operations */
            char upper[8];
            size_t k;
            for (k = 0; method[k] && k < sizeof upper - 1; k++)
                upper[k] = (char)toupper((unsigned char)method[k]);
            upper[k] = '\0';
            int found = 0;
            for (unsigned i = 0; i < routes_count; i++)
                if (strcmp(routes[i].method, upper) == 0 && strcmp(routes[i].pattern, p) == 0)
                    found = 1;
            ck_assert_msg(found, "openapi.json documents %s %s but no route serves it", upper, p);
            documented++;
        }
    }
    ck_assert_uint_eq(documented, routes_count);
    json_decref(doc);
}
END_TEST

START_TEST(error_table_is_complete_and_well_formed)
{
    static const int allowed[] = {400, 401, 403, 404, 405, 409, 413, 415, 422, 429, 500, 503};
    for (int e = 0; e < ERR__COUNT; e++) {
        const struct err_info *info = errors_info((enum err)e);
        ck_assert_msg(info->code != NULL, "error %d has no code", e);
        ck_assert_msg(info->message && *info->message, "error %s has no message", info->code);
        for (const char *c = info->code; *c; c++)
            ck_assert_msg(islower((unsigned char)*c) || *c == '_', "code %s is not snake_case", info->code);
        int ok = 0;
        for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++)
            ok |= info->status == allowed[i];
        ck_assert_msg(ok, "code %s has status %d", info->code, info->status);
        for (int f = 0; f < e; f++)
            ck_assert_msg(strcmp(errors_info((enum err)f)->code, info->code) != 0, "code %s twice",
                          info->code);
    }
    ck_assert_int_eq(errors_info(ERR_PAYLOAD_TOO_LARGE)->status, 413);
    ck_assert_str_eq(errors_info(ERR_UNKNOWN_FIELD)->code, "unknown_field");
    ck_assert_int_eq(errors_info((enum err)9999)->status, 500); /* out of range falls back to internal */
}
END_TEST

START_TEST(json_depth_counts_nesting_outside_strings)
{
    ck_assert_int_eq(input_json_depth("{}", 2), 1);
    ck_assert_int_eq(input_json_depth("{\"a\":[[1]]}", 11), 3);
    ck_assert_int_eq(input_json_depth("{\"a\":\"[[[[\"}", 12), 1);
    ck_assert_int_eq(input_json_depth("{\"a\":\"\\\"[[\"}", 13), 1);
    char deep[200];
    memset(deep, '[', 33);
    memset(deep + 33, ']', 33);
    ck_assert_int_eq(input_json_depth(deep, 66), 33);
}
END_TEST

Suite *unit_suite(void)
{
    Suite *s = suite_create("routes");
    TCase *tc = tcase_create("routes");
    tcase_add_test(tc, known_route_is_found);
    tcase_add_test(tc, unknown_path_is_404_and_wrong_method_is_405_with_allow);
    tcase_add_test(tc, id_segments_take_digits_only);
    tcase_add_test(tc, every_route_is_in_openapi_and_every_operation_is_routed);
    tcase_add_test(tc, error_table_is_complete_and_well_formed);
    tcase_add_test(tc, json_depth_counts_nesting_outside_strings);
    suite_add_tcase(s, tc);
    return s;
}
