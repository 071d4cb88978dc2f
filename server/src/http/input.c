/* JSON bodies: the strict parse http_dispatch runs on every body (media type, nesting depth, duplicate
 * keys, object shape) and the field-table validation handlers run on the result. Strictness lives here
 * once so that no handler can forget it: unknown keys, wrong types, out-of-range values and text that hides
 * what it says (bidirectional controls; a required text that is only blanks) all stop before the handler
 * reads anything. No civetweb: the fuzz harness (tests/fuzz/fuzz_request.c) drives it directly. */
#include "http/input.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

int input_json_depth(const char *s, size_t n)
{
    int depth = 0, max = 0, in_str = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (in_str) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_str = 0;
        } else if (c == '"') {
            in_str = 1;
        } else if (c == '{' || c == '[') {
            if (++depth > max)
                max = depth;
        } else if (c == '}' || c == ']') {
            depth--;
        }
    }
    return max;
}

int input_parse(struct req *r, int takes_fields, const char *ctype, const char *buf, size_t n)
{
    if (n == 0)
        return 0;
    if (!ctype || strncasecmp(ctype, "application/json", 16) != 0 || (ctype[16] && ctype[16] != ';'))
        return req_fail(r, ERR_UNSUPPORTED_MEDIA_TYPE, NULL, NULL);
    if (input_json_depth(buf, n) > INPUT_MAX_JSON_DEPTH)
        return req_fail(r, ERR_MALFORMED_JSON, NULL, "JSON 嵌套层数过多");
    json_error_t e;
    json_t *j = json_loadb(buf, n, JSON_REJECT_DUPLICATES, &e);
    if (!j) {
        if (strstr(e.text, "duplicate object key"))
            return req_fail(r, ERR_DUPLICATE_KEY, NULL, NULL);
        return req_fail(r, ERR_MALFORMED_JSON, NULL, NULL);
    }
    if (!json_is_object(j)) {
        json_decref(j);
        return req_fail(r, ERR_VALIDATION, NULL, "请求内容必须是 JSON 对象");
    }
    if (!takes_fields && json_object_size(j) > 0) {
        const char *key = json_object_iter_key(json_object_iter(j));
        int st = req_fail(r, ERR_UNKNOWN_FIELD, key, NULL);
        json_decref(j);
        return st;
    }
    r->body = j;
    return 0;
}

size_t input_utf8_len(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

/* The code point starting at *s, advancing *s past it. s is valid UTF-8 (jansson refuses anything else). */
static unsigned long next_cp(const char **s)
{
    const unsigned char *p = (const unsigned char *)*s;
    unsigned long c = p[0];
    int n = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
    if (n)
        c &= 0x3F >> n;
    for (int i = 1; i <= n && p[i]; i++)
        c = c << 6 | (p[i] & 0x3F);
    *s += 1 + n;
    return c;
}

/* The embedding, override and isolate controls of the Unicode bidirectional algorithm: they make text
 * display in another order than it is stored (a gig title that reads as a different wage, "Trojan
 * Source"). No one types them; plain Chinese and Latin text never needs them. */
static int bidi_control(unsigned long c)
{
    return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

/* Characters that show nothing: Unicode White_Space (the full-width space U+3000 of Chinese input methods
 * included), C0/C1 controls, and the invisible format characters and fillers used to fake a blank name
 * (zero-width space and joiners, word joiner, BOM, soft hyphen, Hangul fillers, braille blank, variation
 * selectors). */
static int invisible(unsigned long c)
{
    if (c <= 0x20 || (c >= 0x7F && c <= 0xA0) || c == 0x1680 || (c >= 0x2000 && c <= 0x200F) || c == 0x2028 ||
        c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000)
        return 1;
    return c == 0xAD || c == 0x34F || c == 0x61C || c == 0x115F || c == 0x1160 || c == 0x17B4 ||
           c == 0x17B5 || c == 0x180E || (c >= 0x2060 && c <= 0x2064) || c == 0x2800 || c == 0x3164 ||
           (c >= 0xFE00 && c <= 0xFE0F) || c == 0xFEFF || c == 0xFFA0;
}

const char *input_text_problem(const char *s, int need_visible)
{
    int visible = 0;
    while (*s) {
        unsigned long c = next_cp(&s);
        if (bidi_control(c))
            return "不能含有文字方向控制字符（U+202A–U+202E、U+2066–U+2069）";
        visible |= !invisible(c);
    }
    return need_visible && !visible ? "不能只有空格或不可见字符" : NULL;
}

static const struct field *find(const struct field *fields, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(fields[i].name, key) == 0)
            return &fields[i];
    return NULL;
}

int input_check(struct req *r, const struct field *fields, size_t n)
{
    char msg[160];
    json_t *body = r->body;
    if (body && !json_is_object(body))
        return req_fail(r, ERR_VALIDATION, NULL, "请求内容必须是 JSON 对象");
    const char *key;
    json_t *v;
    if (body) {
        json_object_foreach(body, key, v)
        {
            if (!find(fields, n, key))
                return req_fail(r, ERR_UNKNOWN_FIELD, key, NULL);
        }
    }
    for (size_t i = 0; i < n; i++) {
        const struct field *f = &fields[i];
        v = body ? json_object_get(body, f->name) : NULL;
        if (!v || json_is_null(v)) {
            if (f->required)
                return req_fail(r, ERR_MISSING_FIELD, f->name, NULL);
            continue;
        }
        switch (f->type) {
        case F_STR: {
            if (!json_is_string(v))
                return req_fail(r, ERR_VALIDATION, f->name, "应为文本");
            size_t len = input_utf8_len(json_string_value(v));
            if (json_string_length(v) != strlen(json_string_value(v)))
                return req_fail(r, ERR_VALIDATION, f->name, "文本中不能含有空字符");
            if ((long long)len < f->min || (long long)len > f->max) {
                snprintf(msg, sizeof msg, "长度应在 %lld 到 %lld 个字之间", f->min, f->max);
                return req_fail(r, ERR_VALIDATION, f->name, msg);
            }
            /* a field that must not be empty must not be blank either: "   " is as empty as "" */
            const char *bad = input_text_problem(json_string_value(v), f->min >= 1);
            if (bad) {
                snprintf(msg, sizeof msg, "%s %s", f->name, bad);
                return req_fail(r, ERR_VALIDATION, f->name, msg);
            }
            break;
        }
        case F_INT:
            if (!json_is_integer(v))
                return req_fail(r, ERR_VALIDATION, f->name, "应为整数");
            if (json_integer_value(v) < f->min || json_integer_value(v) > f->max) {
                snprintf(msg, sizeof msg, "取值应在 %lld 到 %lld 之间", f->min, f->max);
                return req_fail(r, ERR_VALIDATION, f->name, msg);
            }
            break;
        case F_NUM:
            if (!json_is_number(v))
                return req_fail(r, ERR_VALIDATION, f->name, "应为数字");
            if (json_number_value(v) < (double)f->min || json_number_value(v) > (double)f->max) {
                snprintf(msg, sizeof msg, "取值应在 %lld 到 %lld 之间", f->min, f->max);
                return req_fail(r, ERR_VALIDATION, f->name, msg);
            }
            break;
        case F_BOOL:
            if (!json_is_boolean(v))
                return req_fail(r, ERR_VALIDATION, f->name, "应为 true 或 false");
            break;
        case F_OBJ:
            if (!json_is_object(v))
                return req_fail(r, ERR_VALIDATION, f->name, "应为对象");
            break;
        case F_ARR:
            if (!json_is_array(v))
                return req_fail(r, ERR_VALIDATION, f->name, "应为数组");
            if ((long long)json_array_size(v) < f->min || (long long)json_array_size(v) > f->max) {
                snprintf(msg, sizeof msg, "条目数应在 %lld 到 %lld 之间", f->min, f->max);
                return req_fail(r, ERR_VALIDATION, f->name, msg);
            }
            break;
        }
    }
    return 0;
}

const char *input_str(const struct req *r, const char *name)
{
    return r->body ? json_string_value(json_object_get(r->body, name)) : NULL;
}

long long input_int(const struct req *r, const char *name, long long dflt)
{
    json_t *v = r->body ? json_object_get(r->body, name) : NULL;
    return json_is_integer(v) ? json_integer_value(v) : dflt;
}

double input_num(const struct req *r, const char *name, double dflt)
{
    json_t *v = r->body ? json_object_get(r->body, name) : NULL;
    return json_is_number(v) ? json_number_value(v) : dflt;
}

int input_bool(const struct req *r, const char *name, int dflt)
{
    json_t *v = r->body ? json_object_get(r->body, name) : NULL;
    return json_is_boolean(v) ? json_is_true(v) : dflt;
}
