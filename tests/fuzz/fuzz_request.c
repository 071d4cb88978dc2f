/* libFuzzer harness for what http_dispatch does to a request before a handler runs: the route lookup
 * (http/routes.c, the real route table) on a fuzzed method and path, the strict JSON parse of the body
 * (input_parse: media type, depth, duplicate keys, object shape, RF_BODY) and the field-table check the
 * matched handler starts with (input_check against the route's real table: tests/fuzz/gen_api.sh copies
 * every table of server/src/api/ and writes handler stubs that run it). The same body is also checked
 * against one table picked by the input (the nested ones too) or a table made up from the input, so every
 * F_* type, bound and required flag is reached. Checks: lookup results agree with a brute-force match over
 * the table, replies have SPEC §4's shape, and input_check's verdict agrees with an independent oracle.
 * Input: "METHOD PATH\nContent-Type\nTABLE\nbody". TABLE's first byte picks a real table (< 0x80) or
 * makes one from the bytes after it (>= 0x80): per field, a name byte, a type/required byte, min, max.
 * FUZZ_GEN: api_gen.h
 * FUZZ_SOURCE: server/src/http/input.c
 * FUZZ_SOURCE: server/src/http/req.c
 * FUZZ_SOURCE: server/src/http/routes.c
 * FUZZ_SOURCE: server/src/http/errors.c
 * FUZZ_SOURCE: server/src/domain/fsm.c
 * FUZZ_LIBS: -ljansson */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_gen.h"
#include "http/routes.h"
#include "store/audit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)                                                                                             \
    do {                                                                                                     \
        if (!(c)) {                                                                                          \
            fprintf(stderr, "fuzz_request.c:%d: check failed: %s\n", __LINE__, #c);                          \
            abort();                                                                                         \
        }                                                                                                    \
    } while (0)

/* what the real route table links against besides the generated handler stubs */
int http_metrics_handler(struct req *r)
{
    (void)r;
    return 204;
}
enum st store_audit_append(const struct audit_entry *e)
{
    (void)e;
    return ST_OK;
}

/* ------------------------------------------------------------------------------------------ routes */

static int is_checked(int (*h)(struct req *))
{
    for (size_t i = 0; i < sizeof fuzz_checked / sizeof fuzz_checked[0]; i++)
        if (fuzz_checked[i] == h)
            return 1;
    return 0;
}

/* Once: every route that takes a body names a field table and no other route does (a body route without
 * one would hand undeclared input to its handler; a table behind a route without RF_BODY could never pass
 * its required fields). */
static void check_route_table(void)
{
    CHECK(FUZZ_HANDLERS_CHECKED == sizeof fuzz_checked / sizeof fuzz_checked[0]);
    for (unsigned i = 0; i < routes_count; i++) {
        int body = (routes[i].flags & RF_BODY) != 0;
        if (body != is_checked(routes[i].handler)) {
            fprintf(stderr, "route %s %s: RF_BODY %d but field table %d\n", routes[i].method,
                    routes[i].pattern, body, !body);
            abort();
        }
    }
}

static int count_ids(const char *pattern)
{
    int n = 0;
    for (const char *p = pattern; (p = strstr(p, "{id}")) != NULL; p += 4)
        n++;
    return n;
}

/* Looks method/path up and holds the answer to a brute-force match over the table. Returns the route
 * index when found, else -1. */
static int check_lookup(const char *method, const char *path)
{
    unsigned idx = ~0u;
    long long ids[REQ_MAX_IDS] = {0};
    int nids = -1;
    char allow[64];
    memset(allow, 'x', sizeof allow);
    enum route_match m = routes_match(method, path, &idx, ids, &nids, allow, sizeof allow);
    CHECK(m == ROUTE_FOUND || m == ROUTE_NO_PATH || m == ROUTE_NO_METHOD || m == ROUTE_BAD_ID);
    CHECK(memchr(allow, '\0', sizeof allow) != NULL);
    int first = -1, any_path = 0, any_bad = 0;
    for (unsigned i = 0; i < routes_count; i++) {
        long long t[REQ_MAX_IDS];
        int n = 0;
        int r = routes_match_pattern(routes[i].pattern, path, t, &n);
        CHECK(r == 1 || r == 0 || r == -1);
        if (r == 1) {
            any_path = 1;
            CHECK(n == count_ids(routes[i].pattern));
            if (first < 0 && strcmp(routes[i].method, method) == 0)
                first = (int)i;
            if (strcmp(routes[i].method, method) != 0) /* named in Allow */
                CHECK(m != ROUTE_NO_METHOD || strstr(allow, routes[i].method) != NULL);
        } else if (r < 0) {
            any_bad = 1;
        }
    }
    switch (m) {
    case ROUTE_FOUND:
        CHECK(first >= 0 && idx == (unsigned)first);
        CHECK(nids == count_ids(routes[idx].pattern) && nids <= REQ_MAX_IDS);
        for (int k = 0; k < nids; k++)
            CHECK(ids[k] >= 1 && ids[k] <= 999999999999999999LL);
        return (int)idx;
    case ROUTE_NO_METHOD:
        CHECK(first < 0 && any_path && allow[0] != '\0');
        break;
    case ROUTE_BAD_ID:
        CHECK(!any_path && any_bad);
        break;
    case ROUTE_NO_PATH:
        CHECK(!any_path && !any_bad);
        break;
    }
    return -1;
}

/* ------------------------------------------------------------------------------------------ replies */

/* The reply of a refused request: {"error":{"code","message"[,"field"]}} with a code of the table whose
 * status is st. Returns the code. */
static const char *check_error(const struct req *r, int st)
{
    CHECK(r->reply != NULL);
    json_t *err = json_object_get(r->reply, "error");
    CHECK(json_is_object(err) && json_object_size(r->reply) == 1);
    const char *code = json_string_value(json_object_get(err, "code"));
    const char *msg = json_string_value(json_object_get(err, "message"));
    json_t *field = json_object_get(err, "field");
    CHECK(code && msg && msg[0]);
    CHECK(!field || json_is_string(field)); /* "" when the unknown key sent is "" */
    CHECK(json_object_size(err) == (field ? 3u : 2u));
    int found = 0;
    for (int e = 0; e < ERR__COUNT; e++) {
        const struct err_info *info = errors_info((enum err)e);
        if (strcmp(info->code, code) == 0) {
            CHECK(info->status == st);
            found = 1;
        }
    }
    CHECK(found);
    char *text = json_dumps(r->reply, JSON_COMPACT); /* what send_reply writes */
    CHECK(text != NULL);
    free(text);
    return code;
}

/* ------------------------------------------------------------------------------------------- oracle */

static size_t cps(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        n += (*p & 0xC0) != 0x80;
    return n;
}

/* What input_check must answer for body (an object) and table f: NULL (valid) or the error code, with the
 * field it must name in *field (NULL: any of the body's unknown keys). */
static const char *oracle(json_t *body, const struct field *f, size_t n, const char **field)
{
    const char *key;
    json_t *v;
    *field = NULL;
    json_object_foreach(body, key, v)
    {
        int known = 0;
        for (size_t i = 0; i < n; i++)
            known |= strcmp(f[i].name, key) == 0;
        if (!known)
            return "unknown_field";
    }
    for (size_t i = 0; i < n; i++) {
        *field = f[i].name;
        v = json_object_get(body, f[i].name);
        if (!v || json_is_null(v)) {
            if (f[i].required)
                return "missing_field";
            continue;
        }
        long long lo = f[i].min, hi = f[i].max;
        int ok = 1;
        switch (f[i].type) {
        case F_STR:
            ok = json_is_string(v) && strlen(json_string_value(v)) == json_string_length(v) &&
                 (long long)cps(json_string_value(v)) >= lo && (long long)cps(json_string_value(v)) <= hi &&
                 /* the text rules (bidi controls; blanks in a required text) are unit_input's to prove:
                    here they only have to agree with the length and type rules around them */
                 input_text_problem(json_string_value(v), lo >= 1) == NULL;
            break;
        case F_INT:
            ok = json_is_integer(v) && json_integer_value(v) >= lo && json_integer_value(v) <= hi;
            break;
        case F_NUM:
            ok =
                json_is_number(v) && json_number_value(v) >= (double)lo && json_number_value(v) <= (double)hi;
            break;
        case F_BOOL:
            ok = json_is_boolean(v);
            break;
        case F_OBJ:
            ok = json_is_object(v);
            break;
        case F_ARR:
            ok = json_is_array(v) && (long long)json_array_size(v) >= lo &&
                 (long long)json_array_size(v) <= hi;
            break;
        }
        if (!ok)
            return "validation_failed";
    }
    *field = NULL;
    return NULL;
}

/* input_check of body against f, held to the oracle; on success the getters read what the table allows. */
static void check_table(json_t *body, const struct field *f, size_t n)
{
    struct req r;
    memset(&r, 0, sizeof r);
    r.body = body;
    int st = input_check(&r, f, n);
    const char *want_field;
    const char *want = oracle(body, f, n, &want_field);
    if (!want) {
        CHECK(st == 0 && r.reply == NULL);
        for (size_t i = 0; i < n; i++) {
            json_t *v = json_object_get(body, f[i].name);
            if (!v || json_is_null(v))
                continue;
            if (f[i].type == F_STR)
                CHECK(input_str(&r, f[i].name) != NULL);
            if (f[i].type == F_INT) {
                long long x = input_int(&r, f[i].name, 0);
                CHECK(x >= f[i].min && x <= f[i].max);
            }
            if (f[i].type == F_BOOL)
                CHECK(input_bool(&r, f[i].name, -1) != -1);
        }
    } else {
        CHECK(st == 400);
        const char *code = check_error(&r, st);
        json_t *field = json_object_get(json_object_get(r.reply, "error"), "field");
        if (strcmp(code, want) != 0 || (want_field && strcmp(json_string_value(field), want_field) != 0)) {
            fprintf(stderr, "input_check said %s/%s, the oracle %s/%s\n", code, json_string_value(field),
                    want, want_field ? want_field : "(an unknown key)");
            abort();
        }
        if (!want_field) /* the unknown key named is one the table does not have */
            for (size_t i = 0; i < n; i++)
                CHECK(strcmp(f[i].name, json_string_value(field)) != 0);
    }
    json_decref(r.reply);
}

/* A table made up from spec: per field a name byte, a type/required byte and two signed bytes scaled into
 * bounds, so every type meets bounds below, at and above its values. */
static size_t made_up(const uint8_t *spec, size_t n, struct field *out, size_t cap)
{
    static const char *const names[] = {"a", "b", "title", "lat", "reason", "items", "", "\xe4\xb8\xad"};
    static const long long scale[] = {1, 10, 1000, 1LL << 40};
    size_t k = 0;
    for (size_t i = 0; i + 4 <= n && k < cap; i += 4) {
        const char *name = names[spec[i] % 8];
        int dup = 0;
        for (size_t j = 0; j < k; j++)
            dup |= strcmp(out[j].name, name) == 0;
        if (dup)
            continue;
        long long s = scale[(spec[i] >> 3) & 3];
        long long lo = (int8_t)spec[i + 2] * s, hi = (int8_t)spec[i + 3] * s;
        if (spec[i] & 0x20) { /* the extremes */
            lo = spec[i + 2] & 1 ? INT64_MIN : lo;
            hi = spec[i + 3] & 1 ? INT64_MAX : hi;
        }
        out[k++] = (struct field){name, (enum ftype)(spec[i + 1] % 6), (spec[i + 1] >> 3) & 1, lo, hi};
    }
    return k;
}

/* ------------------------------------------------------------------------------------------- input */

/* Splits off the next line of [*p, end) into a NUL-terminated copy in out (cap bytes, cut short). */
static void next_line(const uint8_t **p, const uint8_t *end, char *out, size_t cap)
{
    const uint8_t *nl = memchr(*p, '\n', (size_t)(end - *p));
    size_t len = (size_t)((nl ? nl : end) - *p);
    size_t c = len < cap - 1 ? len : cap - 1;
    memcpy(out, *p, c);
    out[c] = '\0'; /* a NUL inside ends the string early, as it would in civetweb's request line */
    *p = nl ? nl + 1 : end;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int once;
    if (!once) {
        check_route_table();
        once = 1;
    }
    const uint8_t *p = data, *end = data + size;
    char line[1024], ctype[256], spec[64];
    next_line(&p, end, line, sizeof line);
    next_line(&p, end, ctype, sizeof ctype);
    const uint8_t *spec_start = p;
    next_line(&p, end, spec, sizeof spec);
    size_t spec_len = (size_t)(p - spec_start) - (p > spec_start && p[-1] == '\n'); /* raw bytes, NULs too */
    const char *body = (const char *)p;
    size_t blen = (size_t)(end - p);

    char *sp = strchr(line, ' ');
    const char *method = line, *path = "/";
    if (sp) {
        *sp = '\0';
        path = sp + 1;
    }
    int idx = check_lookup(method, path);

    /* the dispatch path: a found JSON route parses its body, then runs its handler (the stub's check) */
    if (idx >= 0 && !(routes[idx].flags & (RF_RAW | RF_BYTES))) {
        struct req r;
        memset(&r, 0, sizeof r);
        r.method = method;
        int st = input_parse(&r, (routes[idx].flags & RF_BODY) != 0, ctype[0] ? ctype : NULL, body, blen);
        if (st) {
            CHECK(st == 400 || st == 415);
            CHECK(r.body == NULL);
            check_error(&r, st);
        } else {
            CHECK(blen == 0 ? r.body == NULL : json_is_object(r.body));
            CHECK(blen == 0 || (routes[idx].flags & RF_BODY) || json_object_size(r.body) == 0);
            st = routes[idx].handler(&r);
            CHECK(st == 204 || st == 400);
            if (st == 400)
                check_error(&r, st);
            else
                CHECK(r.reply == NULL);
        }
        json_decref(r.body);
        json_decref(r.reply);
    }

    /* the table path: the body (as JSON, whatever the header said) against one table */
    struct req r;
    memset(&r, 0, sizeof r);
    int st = input_parse(&r, 1, "application/json", body, blen);
    CHECK(st == 0 || st == 400);
    if (st)
        check_error(&r, st);
    json_decref(r.reply);
    if (st == 0 && r.body) {
        CHECK(input_json_depth(body, blen) <= INPUT_MAX_JSON_DEPTH);
        if (spec_len > 0 && spec_start[0] < 0x80) {
            const struct fuzz_table *t = &fuzz_tables[spec_start[0] % FUZZ_TABLES];
            check_table(r.body, t->f, t->n);
        } else {
            struct field f[8];
            size_t n =
                made_up((const uint8_t *)spec_start + (spec_len > 0), spec_len > 0 ? spec_len - 1 : 0, f, 8);
            check_table(r.body, f, n);
        }
    }
    json_decref(r.body);
    return 0;
}
