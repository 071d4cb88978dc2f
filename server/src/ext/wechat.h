/* WeChat server API client (libcurl, HTTPS with certificate verification): code2session, the cached
 * stable access_token, getuserphonenumber. Owns the one process-wide access_token cache. Never returns
 * or logs session_key, secrets or tokens. */
#ifndef LG_WECHAT_H
#define LG_WECHAT_H

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

#endif
