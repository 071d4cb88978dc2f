/* WeChat server API client (libcurl, HTTPS with certificate verification): code2session, the cached
 * stable access_token, getuserphonenumber. Owns the one process-wide access_token cache. Never returns
 * or logs session_key, secrets or tokens. */
#ifndef LG_WECHAT_H
#define LG_WECHAT_H

#include <stddef.h>

struct wechat_config {
    const char *base; /* e.g. https://api.weixin.qq.com, or the loopback double in tests */
    const char *appid;
    const char *secret;
    long timeout_ms;
};

enum wechat_result {
    WX_OK,
    WX_ERRCODE,     /* WeChat answered with a non-zero errcode (see errcode) */
    WX_UNAVAILABLE, /* timeout, reset, HTTP error, or a body that is not the expected JSON */
};

struct wechat_session {
    char openid[65];
    char unionid[65];
    long errcode;
};

struct wechat_phone {
    char phone[24]; /* purePhoneNumber */
    char country[8];
    long errcode;
};

/* Stores the configuration (borrowed; must outlive the client) and initialises the token cache. */
void wechat_init(const struct wechat_config *cfg);
/* jscode2session for a wx.login code. */
enum wechat_result wechat_code2session(const char *code, struct wechat_session *out);
/* getuserphonenumber for a getPhoneNumber code; fetches or refreshes the access_token as needed, refreshing
 * at most once on 40001/42001. Checks the watermark appid. */
enum wechat_result wechat_phone_number(const char *code, struct wechat_phone *out);

/* The reply parsers the calls above use, apart so that they can be tested without a network (the fuzz
 * harness tests/fuzz/fuzz_wechat.c). Each takes the n bytes of a reply body (NULL: none) and returns WX_OK,
 * WX_ERRCODE (errcode set) or WX_UNAVAILABLE (not a JSON object, or a field missing, of the wrong type or
 * too long for its buffer). */
/* jscode2session: openid (and unionid if sent) into out; session_key must be present (it is not kept). */
enum wechat_result wechat_parse_session(const char *body, size_t n, struct wechat_session *out);
#define WECHAT_TOKEN_MAX_TTL 86400 /* seconds an access_token is cached at most, whatever expires_in says */
/* stable_token at time now: the access_token into tok (cap bytes) and when it expires into *expires_at:
 * now + expires_in, with expires_in taken as 0 when negative and as WECHAT_TOKEN_MAX_TTL when larger. */
enum wechat_result wechat_parse_token(const char *body, size_t n, long long now, char *tok, size_t cap,
                                      long long *expires_at, long *errcode);
/* getuserphonenumber: the phone number into out when the watermark names appid. */
enum wechat_result wechat_parse_phone(const char *body, size_t n, const char *appid,
                                      struct wechat_phone *out);

#endif
