/* The WeChat reply parsers without a network: what each accepts, refuses and copies out, and the
 * access_token's expiry held to 0..WECHAT_TOKEN_MAX_TTL (a huge expires_in overflowed now + expires_in). */
#include <string.h>

#include "core/log.h"
#include "ext/wechat.h"
#include "unit.h"

#define NOW 1800000000LL

static enum wechat_result token_of(const char *body, long long *expires_at, char tok[600])
{
    long errcode = 0;
    return wechat_parse_token(body, strlen(body), NOW, tok, 600, expires_at, &errcode);
}

START_TEST(stable_token_expiry_is_held_to_a_day)
{
    char tok[600];
    long long at = 0;
    ck_assert_int_eq(token_of("{\"access_token\":\"T\",\"expires_in\":7200}", &at, tok), WX_OK);
    ck_assert_str_eq(tok, "T");
    ck_assert_int_eq(at, NOW + 7200);
    ck_assert_int_eq(token_of("{\"access_token\":\"T\",\"expires_in\":86400}", &at, tok), WX_OK);
    ck_assert_int_eq(at, NOW + WECHAT_TOKEN_MAX_TTL);
    ck_assert_int_eq(token_of("{\"access_token\":\"T\",\"expires_in\":86401}", &at, tok), WX_OK);
    ck_assert_int_eq(at, NOW + WECHAT_TOKEN_MAX_TTL);
    /* now + expires_in overflowed here (UBSan: fuzz_wechat's seed token_expires_max) */
    ck_assert_int_eq(token_of("{\"access_token\":\"T\",\"expires_in\":9223372036854775807}", &at, tok),
                     WX_OK);
    ck_assert_int_eq(at, NOW + WECHAT_TOKEN_MAX_TTL);
    ck_assert_int_eq(token_of("{\"access_token\":\"T\",\"expires_in\":-5}", &at, tok), WX_OK);
    ck_assert_int_eq(at, NOW);
}
END_TEST

START_TEST(stable_token_errcode_and_malformed_replies_keep_no_token)
{
    char tok[600];
    long long at = 1;
    long errcode = 0;
    const char *e = "{\"errcode\":40013,\"errmsg\":\"invalid appid\"}";
    ck_assert_int_eq(wechat_parse_token(e, strlen(e), NOW, tok, sizeof tok, &at, &errcode), WX_ERRCODE);
    ck_assert_int_eq(errcode, 40013);
    ck_assert_str_eq(tok, "");
    ck_assert_int_eq(token_of("{\"access_token\":\"T\",\"expires_in\":7200.0}", &at, tok), WX_UNAVAILABLE);
    ck_assert_str_eq(tok, "");
    ck_assert_int_eq(token_of("{\"access_token\":\"T\",\"access_token\":\"U\",\"expires_in\":1}", &at, tok),
                     WX_UNAVAILABLE);
    ck_assert_int_eq(token_of("[]", &at, tok), WX_UNAVAILABLE);
    ck_assert_int_eq(wechat_parse_token(NULL, 0, NOW, tok, sizeof tok, &at, &errcode), WX_UNAVAILABLE);
}
END_TEST

START_TEST(session_and_phone_replies_are_copied_or_refused)
{
    struct wechat_session s;
    const char *ok = "{\"openid\":\"o1\",\"session_key\":\"k\",\"unionid\":\"u1\"}";
    ck_assert_int_eq(wechat_parse_session(ok, strlen(ok), &s), WX_OK);
    ck_assert_str_eq(s.openid, "o1");
    ck_assert_str_eq(s.unionid, "u1");
    const char *nokey = "{\"openid\":\"o1\"}";
    ck_assert_int_eq(wechat_parse_session(nokey, strlen(nokey), &s), WX_UNAVAILABLE);
    const char *used = "{\"errcode\":40163,\"errmsg\":\"code been used\"}";
    ck_assert_int_eq(wechat_parse_session(used, strlen(used), &s), WX_ERRCODE);
    ck_assert_int_eq(s.errcode, 40163);

    struct wechat_phone p;
    const char *ph =
        "{\"errcode\":0,\"phone_info\":{\"purePhoneNumber\":\"13800138000\",\"countryCode\":\"86\","
        "\"watermark\":{\"appid\":\"wxA\"}}}";
    ck_assert_int_eq(wechat_parse_phone(ph, strlen(ph), "wxA", &p), WX_OK);
    ck_assert_str_eq(p.phone, "13800138000");
    ck_assert_str_eq(p.country, "86");
    ck_assert_int_eq(wechat_parse_phone(ph, strlen(ph), "wxB", &p), WX_UNAVAILABLE);
    ck_assert_str_eq(p.phone, ""); /* another app's watermark: the number is not kept */
}
END_TEST

Suite *unit_suite(void)
{
    log_set_level(LOG_ERROR);
    Suite *s = suite_create("wechat");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, stable_token_expiry_is_held_to_a_day);
    tcase_add_test(tc, stable_token_errcode_and_malformed_replies_keep_no_token);
    tcase_add_test(tc, session_and_phone_replies_are_copied_or_refused);
    suite_add_tcase(s, tc);
    return s;
}
