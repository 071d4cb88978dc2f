/* WeChat server API client over libcurl. Each call uses its own easy handle with a hard timeout and a
 * capped response body; any transport failure, non-200 status or unparseable body is WX_UNAVAILABLE so
 * callers answer 503 and create nothing. The access_token comes from stable_token, cached here once per
 * process (stable_token lets several nodes hold their own copy without invalidating each other). */
#include "ext/wechat.h"

#include <curl/curl.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"

#define MAX_BODY (64 * 1024)

static const struct wechat_config *cfg;
static pthread_mutex_t token_mu = PTHREAD_MUTEX_INITIALIZER;
static char token[600];
static long long token_expires;

void wechat_init(const struct wechat_config *c)
{
    cfg = c;
}

struct buf {
    char *p;
    size_t n;
    int overflow;
};

static size_t on_data(char *data, size_t size, size_t nmemb, void *ud)
{
    struct buf *b = ud;
    size_t n = size * nmemb;
    if (b->n + n > MAX_BODY) {
        b->overflow = 1;
        return 0;
    }
    char *p = realloc(b->p, b->n + n + 1);
    if (!p)
        return 0;
    memcpy(p + b->n, data, n);
    b->p = p;
    b->n += n;
    b->p[b->n] = '\0';
    return n;
}

/* Overwrites and frees a reply body (it may hold a session_key or an access_token). */
static void buf_wipe(struct buf *b)
{
    if (b->p) {
        memset(b->p, 0, b->n);
        free(b->p);
    }
    *b = (struct buf){0};
}

/* Performs GET (body NULL) or POST of a JSON body. Returns 0 with the reply's bytes in *out (NUL-terminated;
 * the caller wipes them with buf_wipe), or -1 on a transport failure or a status other than 200. */
static int call(const char *url, const char *body, const char *what, struct buf *out)
{
    int rc = -1;
    struct buf b = {0};
    struct curl_slist *hdr = NULL;
    CURL *h = curl_easy_init();
    if (!h)
        return -1;
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, cfg->timeout_ms);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, cfg->timeout_ms);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &b);
    if (body) {
        hdr = curl_slist_append(hdr, "Content-Type: application/json");
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
    }
    CURLcode cc = curl_easy_perform(h);
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    if (cc != CURLE_OK || status != 200 || !b.p) {
        log_warn("wechat call failed", "\"api\":\"%s\",\"curl\":%d,\"status\":%ld", what, (int)cc, status);
        buf_wipe(&b);
        goto out;
    }
    *out = b;
    rc = 0;
out:
    curl_slist_free_all(hdr);
    curl_easy_cleanup(h);
    return rc;
}

/* Parses a reply body: a JSON object (duplicate keys refused), or NULL. */
static json_t *parse_object(const char *body, size_t n, const char *what)
{
    json_t *j = body ? json_loadb(body, n, JSON_REJECT_DUPLICATES, NULL) : NULL;
    if (j && !json_is_object(j)) {
        json_decref(j);
        j = NULL;
    }
    if (!j)
        log_warn("wechat answered a body that is not JSON", "\"api\":\"%s\"", what);
    return j;
}

/* Reads errcode: 0 when absent. */
static long errcode_of(json_t *j)
{
    json_t *e = json_object_get(j, "errcode");
    return json_is_integer(e) ? (long)json_integer_value(e) : 0;
}

static int copy_str(json_t *j, const char *key, char *out, size_t cap)
{
    const char *v = json_string_value(json_object_get(j, key));
    if (!v || strlen(v) >= cap)
        return -1;
    strcpy(out, v);
    return 0;
}

enum wechat_result wechat_parse_session(const char *body, size_t n, struct wechat_session *out)
{
    memset(out, 0, sizeof *out);
    enum wechat_result rc = WX_UNAVAILABLE;
    json_t *j = parse_object(body, n, "jscode2session");
    if (!j)
        goto out;
    out->errcode = errcode_of(j);
    if (out->errcode != 0) {
        log_warn("wechat error", "\"api\":\"jscode2session\",\"errcode\":%ld", out->errcode);
        rc = WX_ERRCODE;
        goto out;
    }
    if (copy_str(j, "openid", out->openid, sizeof out->openid) != 0 || !out->openid[0] ||
        !json_is_string(json_object_get(j, "session_key"))) {
        log_warn("wechat answered without openid/session_key", "\"api\":\"jscode2session\"");
        goto out;
    }
    if (json_object_get(j, "unionid") && copy_str(j, "unionid", out->unionid, sizeof out->unionid) != 0)
        goto out;
    rc = WX_OK;
out:
    json_decref(j);
    return rc;
}

enum wechat_result wechat_code2session(const char *code, struct wechat_session *out)
{
    memset(out, 0, sizeof *out);
    enum wechat_result rc = WX_UNAVAILABLE;
    CURL *esc = curl_easy_init();
    if (!esc)
        return WX_UNAVAILABLE;
    char *c = curl_easy_escape(esc, code, 0);
    char *a = curl_easy_escape(esc, cfg->appid, 0);
    char *s = curl_easy_escape(esc, cfg->secret, 0);
    char url[1024];
    struct buf b = {0};
    if (!c || !a || !s)
        goto out;
    int n = snprintf(url, sizeof url,
                     "%s/sns/jscode2session?appid=%s&secret=%s&js_code=%s&grant_type=authorization_code",
                     cfg->base, a, s, c);
    if (n <= 0 || (size_t)n >= sizeof url)
        goto out;
    if (call(url, NULL, "jscode2session", &b) != 0)
        goto out;
    rc = wechat_parse_session(b.p, b.n, out);
out:
    if (s) {
        memset(s, 0, strlen(s));
        curl_free(s);
    }
    curl_free(a);
    curl_free(c);
    curl_easy_cleanup(esc);
    buf_wipe(&b);
    return rc;
}

enum wechat_result wechat_parse_token(const char *body, size_t n, long long now, char *tok, size_t cap,
                                      long long *expires_at, long *errcode)
{
    enum wechat_result rc = WX_UNAVAILABLE;
    tok[0] = '\0';
    *expires_at = 0;
    *errcode = 0;
    json_t *j = parse_object(body, n, "stable_token");
    if (!j)
        goto out;
    *errcode = errcode_of(j);
    if (*errcode != 0) {
        log_warn("wechat error", "\"api\":\"stable_token\",\"errcode\":%ld", *errcode);
        rc = WX_ERRCODE;
        goto out;
    }
    json_t *exp = json_object_get(j, "expires_in");
    if (copy_str(j, "access_token", tok, cap) != 0 || !tok[0] || !json_is_integer(exp)) {
        tok[0] = '\0';
        goto out;
    }
    /* WeChat's tokens live 7200 s; a reply claiming more than a day (or an expiry near the end of the
     * integers, which would overflow) is held to a day */
    json_int_t ttl = json_integer_value(exp);
    *expires_at = now + (ttl < 0 ? 0 : ttl > WECHAT_TOKEN_MAX_TTL ? WECHAT_TOKEN_MAX_TTL : ttl);
    rc = WX_OK;
out:
    json_decref(j);
    return rc;
}

/* Copies a valid access_token into out, fetching one through stable_token when the cache is empty,
 * near expiry or force is set. Serialised so one expiry triggers one fetch, not one per thread. */
static enum wechat_result access_token(int force, char *out, size_t cap, long *errcode)
{
    enum wechat_result rc = WX_UNAVAILABLE;
    json_t *req = NULL;
    char *body = NULL;
    struct buf b = {0};
    pthread_mutex_lock(&token_mu);
    long long now = (long long)time(NULL);
    if (!force && token[0] && now < token_expires - 300) {
        snprintf(out, cap, "%s", token);
        rc = WX_OK;
        goto out;
    }
    req = json_pack("{s:s, s:s, s:s, s:b}", "grant_type", "client_credential", "appid", cfg->appid, "secret",
                    cfg->secret, "force_refresh", force);
    body = req ? json_dumps(req, JSON_COMPACT) : NULL;
    char url[512];
    snprintf(url, sizeof url, "%s/cgi-bin/stable_token", cfg->base);
    if (!body || call(url, body, "stable_token", &b) != 0)
        goto out;
    char fresh[sizeof token];
    long long expires_at;
    rc = wechat_parse_token(b.p, b.n, now, fresh, sizeof fresh, &expires_at, errcode);
    if (rc == WX_OK) {
        memcpy(token, fresh, sizeof token);
        token_expires = expires_at;
        snprintf(out, cap, "%s", token);
    }
    memset(fresh, 0, sizeof fresh);
out:
    pthread_mutex_unlock(&token_mu);
    if (body) {
        memset(body, 0, strlen(body));
        free(body);
    }
    json_decref(req);
    buf_wipe(&b);
    return rc;
}

enum wechat_result wechat_parse_phone(const char *body, size_t n, const char *appid, struct wechat_phone *out)
{
    memset(out, 0, sizeof *out);
    enum wechat_result rc = WX_UNAVAILABLE;
    json_t *j = parse_object(body, n, "getuserphonenumber");
    if (!j)
        goto out;
    out->errcode = errcode_of(j);
    if (out->errcode != 0) {
        log_warn("wechat error", "\"api\":\"getuserphonenumber\",\"errcode\":%ld", out->errcode);
        rc = WX_ERRCODE;
        goto out;
    }
    json_t *info = json_object_get(j, "phone_info");
    json_t *wm = json_object_get(info, "watermark");
    const char *wm_appid = json_string_value(json_object_get(wm, "appid"));
    if (!json_is_object(info) || copy_str(info, "purePhoneNumber", out->phone, sizeof out->phone) != 0) {
        log_warn("wechat answered without phone_info", "\"api\":\"getuserphonenumber\"");
        goto out;
    }
    if (!wm_appid || strcmp(wm_appid, appid) != 0) {
        log_warn("wechat phone watermark names another appid", "\"api\":\"getuserphonenumber\"");
        memset(out->phone, 0, sizeof out->phone);
        goto out;
    }
    if (copy_str(info, "countryCode", out->country, sizeof out->country) != 0)
        snprintf(out->country, sizeof out->country, "86");
    rc = WX_OK;
out:
    json_decref(j);
    return rc;
}

enum wechat_result wechat_phone_number(const char *code, struct wechat_phone *out)
{
    memset(out, 0, sizeof *out);
    char tok[600], url[1024];
    json_t *req = json_pack("{s:s}", "code", code);
    char *body = req ? json_dumps(req, JSON_COMPACT) : NULL;
    json_decref(req);
    if (!body)
        return WX_UNAVAILABLE;
    enum wechat_result rc = WX_UNAVAILABLE;
    for (int attempt = 0; attempt < 2; attempt++) {
        rc = access_token(attempt > 0, tok, sizeof tok, &out->errcode);
        if (rc != WX_OK)
            break;
        snprintf(url, sizeof url, "%s/wxa/business/getuserphonenumber?access_token=%s", cfg->base, tok);
        struct buf b = {0};
        if (call(url, body, "getuserphonenumber", &b) != 0) {
            rc = WX_UNAVAILABLE;
            break;
        }
        rc = wechat_parse_phone(b.p, b.n, cfg->appid, out);
        buf_wipe(&b);
        /* a stale cached token: refresh once, never in a loop */
        if (rc != WX_ERRCODE || (out->errcode != 40001 && out->errcode != 42001))
            break;
    }
    free(body);
    return rc;
}
