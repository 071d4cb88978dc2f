/* libFuzzer harness for the reply parsers of ext/wechat.c (no network: wechat_parse_session for
 * jscode2session, wechat_parse_token for stable_token, wechat_parse_phone for getuserphonenumber, then
 * phone_normalise as POST /auth/phone runs it on what the parser kept). The server has no msg_sec_check
 * client at this commit, so there is no parser of its reply to fuzz. Checks: a result of the enum; WX_OK
 * only when the reply is a JSON object without errcode (or errcode 0) whose fields, read here
 * independently, are exactly what the parser copied out, NUL-terminated inside their buffers; WX_ERRCODE
 * only with the reply's non-zero errcode; the access_token's expiry is now + expires_in held to
 * 0..WECHAT_TOKEN_MAX_TTL (never an overflow: UBSan watches); a phone number normalised is 11 digits.
 * Input: byte 0 picks the parser (mod 3), bytes 1-8 the clock ("now", 2023 to 2160), the rest is the body.
 * FUZZ_SOURCE: server/src/ext/wechat.c
 * FUZZ_SOURCE: server/src/core/log.c
 * FUZZ_SOURCE: server/src/domain/phone.c
 * FUZZ_LIBS: -lcurl -ljansson */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "domain/phone.h"
#include "ext/wechat.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)                                                                                             \
    do {                                                                                                     \
        if (!(c)) {                                                                                          \
            fprintf(stderr, "fuzz_wechat.c:%d: check failed: %s\n", __LINE__, #c);                           \
            abort();                                                                                         \
        }                                                                                                    \
    } while (0)

#define APPID "wx0123456789abcdef"

/* The reply as the parsers must read it (strict, duplicate keys refused), or NULL. */
static json_t *reply_of(const char *body, size_t n)
{
    json_t *j = json_loadb(body, n, JSON_REJECT_DUPLICATES, NULL);
    if (j && !json_is_object(j)) {
        json_decref(j);
        j = NULL;
    }
    return j;
}

static long long errcode_in(json_t *j)
{
    json_t *e = json_object_get(j, "errcode");
    return json_is_integer(e) ? json_integer_value(e) : 0;
}

static int same_str(json_t *j, const char *key, const char *copied)
{
    const char *v = json_string_value(json_object_get(j, key));
    return v && strcmp(v, copied) == 0;
}

static void session(const char *body, size_t n)
{
    struct wechat_session s;
    enum wechat_result rc = wechat_parse_session(body, n, &s);
    CHECK(rc == WX_OK || rc == WX_ERRCODE || rc == WX_UNAVAILABLE);
    CHECK(memchr(s.openid, '\0', sizeof s.openid) && memchr(s.unionid, '\0', sizeof s.unionid));
    json_t *j = reply_of(body, n);
    if (rc == WX_OK) {
        CHECK(j && errcode_in(j) == 0 && s.errcode == 0);
        CHECK(s.openid[0] && same_str(j, "openid", s.openid));
        CHECK(json_is_string(json_object_get(j, "session_key")));
        CHECK(json_object_get(j, "unionid") ? same_str(j, "unionid", s.unionid) : s.unionid[0] == '\0');
    } else if (rc == WX_ERRCODE) {
        CHECK(j && s.errcode != 0 && s.errcode == errcode_in(j));
    }
    json_decref(j);
}

static void token(const char *body, size_t n, long long now)
{
    char tok[600];
    long long expires_at = 12345;
    long errcode = 12345;
    enum wechat_result rc = wechat_parse_token(body, n, now, tok, sizeof tok, &expires_at, &errcode);
    CHECK(rc == WX_OK || rc == WX_ERRCODE || rc == WX_UNAVAILABLE);
    CHECK(memchr(tok, '\0', sizeof tok));
    json_t *j = reply_of(body, n);
    if (rc == WX_OK) {
        CHECK(j && errcode_in(j) == 0 && errcode == 0);
        CHECK(tok[0] && same_str(j, "access_token", tok));
        json_t *e = json_object_get(j, "expires_in");
        CHECK(json_is_integer(e));
        long long ttl = json_integer_value(e);
        ttl = ttl < 0 ? 0 : ttl > WECHAT_TOKEN_MAX_TTL ? WECHAT_TOKEN_MAX_TTL : ttl;
        CHECK(expires_at == now + ttl);
    } else {
        CHECK(tok[0] == '\0');
        if (rc == WX_ERRCODE)
            CHECK(j && errcode != 0 && errcode == errcode_in(j));
    }
    json_decref(j);
}

static void phone(const char *body, size_t n)
{
    struct wechat_phone p;
    enum wechat_result rc = wechat_parse_phone(body, n, APPID, &p);
    CHECK(rc == WX_OK || rc == WX_ERRCODE || rc == WX_UNAVAILABLE);
    CHECK(memchr(p.phone, '\0', sizeof p.phone) && memchr(p.country, '\0', sizeof p.country));
    json_t *j = reply_of(body, n);
    if (rc == WX_OK) {
        CHECK(j && errcode_in(j) == 0 && p.errcode == 0);
        json_t *info = json_object_get(j, "phone_info");
        CHECK(json_is_object(info) && same_str(info, "purePhoneNumber", p.phone));
        CHECK(same_str(json_object_get(info, "watermark"), "appid", APPID));
        CHECK(same_str(info, "countryCode", p.country) || strcmp(p.country, "86") == 0);
        char digits[12];
        if (phone_normalise(p.phone, digits) == 0)
            CHECK(strlen(digits) == 11 && phone_valid(digits));
        else
            CHECK(digits[0] == '\0');
    } else {
        CHECK(p.phone[0] == '\0'); /* a number is never left behind by a refused reply */
        if (rc == WX_ERRCODE)
            CHECK(j && p.errcode != 0 && p.errcode == errcode_in(j));
    }
    json_decref(j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int once;
    if (!once) {
        log_set_level(LOG_ERROR); /* the parsers warn on every bad reply */
        once = 1;
    }
    if (size < 9)
        return 0;
    uint64_t clock;
    memcpy(&clock, data + 1, 8);
    long long now = 1700000000LL + (long long)(clock % (1ULL << 32)); /* time(NULL) from 2023 to 2160 */
    const char *body = (const char *)data + 9;
    size_t n = size - 9;
    switch (data[0] % 3) {
    case 0:
        session(body, n);
        break;
    case 1:
        token(body, n, now);
        break;
    default:
        phone(body, n);
        break;
    }
    return 0;
}
