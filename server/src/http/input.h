/* JSON request bodies: the strict parse every body goes through (http_dispatch calls input_parse), then
 * declarative checks against a field table: object shape, unknown fields, required fields, types and
 * bounds. Handlers read values only after input_check has passed.
 * Text rules of every F_STR field: no bidirectional control characters (U+202A–U+202E, U+2066–U+2069);
 * a field whose min is ≥ 1 must also hold at least one visible character (not only spaces, U+3000 or
 * other blanks). A field with min 0 may be empty, so a blank value there is let through as such. */
#ifndef LG_INPUT_H
#define LG_INPUT_H

#include "http/req.h"

enum ftype { F_STR, F_INT, F_NUM, F_BOOL, F_OBJ, F_ARR };

struct field {
    const char *name;
    enum ftype type;
    int required;
    long long min; /* F_STR: min characters; F_INT, F_NUM: min value; F_ARR: min items */
    long long max; /* F_STR: max characters; F_INT, F_NUM: max value; F_ARR: max items */
};

#define INPUT_MAX_JSON_DEPTH 32

/* Returns the deepest nesting of arrays/objects in a JSON text (strings skipped). */
int input_json_depth(const char *s, size_t n);
/* Parses the n bytes at buf (a request body sent with Content-Type ctype, NULL if none) into r->body: an
 * empty body leaves it NULL; otherwise the body must be application/json (415), nest at most
 * INPUT_MAX_JSON_DEPTH deep, be valid JSON without duplicate keys and be an object (400), and be {} unless
 * takes_fields (the route's RF_BODY). Returns 0, or the error status with the reply set. */
int input_parse(struct req *r, int takes_fields, const char *ctype, const char *buf, size_t n);
/* Checks r->body (NULL counts as {}). Returns 0 when valid; otherwise sets the error reply naming the
 * offending field and returns its HTTP status. */
int input_check(struct req *r, const struct field *fields, size_t n);
/* What is wrong with text s by the rules above (need_visible: the min ≥ 1 rule applies), as a zh-CN
 * phrase to follow the field name (static), or NULL when nothing is. s is valid UTF-8. */
const char *input_text_problem(const char *s, int need_visible);
/* Number of Unicode code points in a valid UTF-8 string. */
size_t input_utf8_len(const char *s);
/* Convenience getters after a passed check: NULL / 0 / dflt when absent. */
const char *input_str(const struct req *r, const char *name);
long long input_int(const struct req *r, const char *name, long long dflt);
double input_num(const struct req *r, const char *name, double dflt);
int input_bool(const struct req *r, const char *name, int dflt);

#endif
