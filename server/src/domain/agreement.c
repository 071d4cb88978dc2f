/* Canonical agreement text, seal payload and log-entry hashes. Every byte these functions produce is
 * signed or hashed, so the formats are versioned ("/1") and pinned by tests/unit/test_agreement.c: a
 * change here is a deliberate new format, never a side effect. */
#include "domain/agreement.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/money.h"
#include "domain/strbuf.h"

const char agreement_intent_statement[] =
    "本人已完整阅读并理解本协议全部条款，确认协议内容无误，自愿以电子方式签署本协议。";

enum ph {
    PH_AGREEMENT_NO,
    PH_EMPLOYER_NAME,
    PH_EMPLOYER_CODE,
    PH_WORKER_NAME,
    PH_WORKER_ID,
    PH_GIG_TITLE,
    PH_JOB_TYPE,
    PH_DUTIES,
    PH_START_TIME,
    PH_END_TIME,
    PH_WORK_PLACE,
    PH_PAY,
    PH_BUREAU,
    PH_DRAFTED_DATE,
    PH__COUNT
};

static const struct {
    const char *name;
    int required;
} placeholders[PH__COUNT] = {
    [PH_AGREEMENT_NO] = {"agreement_no", 0},
    [PH_EMPLOYER_NAME] = {"employer_name", 1},
    [PH_EMPLOYER_CODE] = {"employer_code", 0},
    [PH_WORKER_NAME] = {"worker_name", 1},
    [PH_WORKER_ID] = {"worker_id", 0},
    [PH_GIG_TITLE] = {"gig_title", 0},
    [PH_JOB_TYPE] = {"job_type", 0},
    [PH_DUTIES] = {"duties", 1},
    [PH_START_TIME] = {"start_time", 1},
    [PH_END_TIME] = {"end_time", 1},
    [PH_WORK_PLACE] = {"work_place", 1},
    [PH_PAY] = {"pay", 1},
    [PH_BUREAU] = {"bureau", 1},
    [PH_DRAFTED_DATE] = {"drafted_date", 0},
};

/* The text's buffer: twice the longest text is plenty for any intermediate, and a bound either way. */
#define SB_INIT                                                                                              \
    {                                                                                                        \
        .max = AGREEMENT_MAX_TEXT * 2                                                                        \
    }

static void puts_(struct strbuf *b, const char *s)
{
    strbuf_puts(b, s);
}

/* Length of the valid UTF-8 sequence at s (1-4), or 0 when it is not one (overlong, surrogate, > U+10FFFF,
 * truncated). */
static int u8len(const unsigned char *s)
{
    unsigned c = s[0];
    if (c < 0x80)
        return 1;
    int n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
    if (!n || c > 0xf4)
        return 0;
    for (int i = 1; i < n; i++)
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    if (c == 0xe0 && s[1] < 0xa0)
        return 0; /* overlong */
    if (c == 0xed && s[1] >= 0xa0)
        return 0; /* surrogate */
    if (c == 0xf0 && s[1] < 0x90)
        return 0; /* overlong */
    if (c == 0xf4 && s[1] >= 0x90)
        return 0; /* > U+10FFFF */
    return n;
}

/* Code points of s, or -1 when s is not valid UTF-8. */
static long u8count(const char *s)
{
    long n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; n++) {
        int k = u8len(p);
        if (!k)
            return -1;
        p += k;
    }
    return n;
}

/* The placeholder named by [s, s+n), or -1. */
static int ph_find(const char *s, size_t n)
{
    for (int i = 0; i < PH__COUNT; i++)
        if (strlen(placeholders[i].name) == n && memcmp(placeholders[i].name, s, n) == 0)
            return i;
    return -1;
}

int agreement_template_check(const char *body, char *why, size_t cap)
{
    int seen[PH__COUNT] = {0};
    long cps = body ? u8count(body) : -1;
    if (cps < 0) {
        snprintf(why, cap, "模板正文不是有效的 UTF-8 文本");
        return -1;
    }
    if (cps == 0 || cps > AGREEMENT_MAX_BODY) {
        snprintf(why, cap, "模板正文应为 1 至 %d 个字符", AGREEMENT_MAX_BODY);
        return -1;
    }
    for (const char *p = body; *p;) {
        const char *open = strstr(p, "{{"), *close = strstr(p, "}}");
        if (close && (!open || close < open)) {
            snprintf(why, cap, "模板中有多余的「}}」");
            return -1;
        }
        if (!open)
            break;
        const char *end = strstr(open + 2, "}}");
        const char *next = strstr(open + 2, "{{");
        if (!end || (next && next < end)) {
            snprintf(why, cap, "模板中有未闭合的「{{」");
            return -1;
        }
        int k = ph_find(open + 2, (size_t)(end - open - 2));
        if (k < 0) {
            snprintf(why, cap, "模板中有未知的占位符「%.*s」",
                     (int)(end - open - 2 > 40 ? 40 : end - open - 2), open + 2);
            return -1;
        }
        seen[k] = 1;
        p = end + 2;
    }
    for (int i = 0; i < PH__COUNT; i++) {
        if (placeholders[i].required && !seen[i]) {
            snprintf(why, cap, "模板缺少必需的占位符「{{%s}}」", placeholders[i].name);
            return -1;
        }
    }
    return 0;
}

/* t as Asia/Shanghai wall time into tm: 0, or -1 outside the years 1-9999 (where t + 8 h would overflow or
 * tm_year + 1900 would not fit an int). */
static int shanghai(long long t, struct tm *tm)
{
    if (t < -62135596800LL || t > 253402300799LL)
        return -1;
    time_t s = (time_t)(t + 8 * 3600);
    return gmtime_r(&s, tm) ? 0 : -1;
}

char *agreement_local_time(long long t, char *out, size_t cap)
{
    struct tm tm;
    if (shanghai(t, &tm) != 0)
        snprintf(out, cap, "—");
    else
        snprintf(out, cap, "%04d年%02d月%02d日 %02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                 tm.tm_hour, tm.tm_min);
    return out;
}

char *agreement_local_date(long long t, char *out, size_t cap)
{
    struct tm tm;
    if (shanghai(t, &tm) != 0)
        snprintf(out, cap, "—");
    else
        snprintf(out, cap, "%04d年%02d月%02d日", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    return out;
}

/* "250.00 元/天": the rate with its unit in words. */
static void pay_text(long long fen, const char *unit, char *out, size_t cap)
{
    static const char *const words[MONEY_UNIT_COUNT] = {"元/小时", "元/天", "元/件", "元/单（整单结算）"};
    char yuan[32];
    enum money_unit u;
    if (money_format_yuan(fen, yuan, sizeof yuan) < 0)
        snprintf(yuan, sizeof yuan, "—");
    if (money_unit_parse(unit, &u) != 0)
        snprintf(out, cap, "%s 元", yuan);
    else
        snprintf(out, cap, "%s %s", yuan, words[u]);
}

/* A field value: "—" when empty; line breaks become spaces unless multiline. */
static void put_value(struct strbuf *b, const char *v, int multiline)
{
    if (!v || !*v) {
        puts_(b, "—");
        return;
    }
    for (const char *p = v; *p; p++) {
        char c = *p;
        if (!multiline && (c == '\r' || c == '\n')) {
            if (c == '\r' && p[1] == '\n')
                p++;
            c = ' ';
        }
        strbuf_add(b, &c, 1);
    }
}

static void put_placeholder(struct strbuf *b, int k, const struct agreement_terms *t)
{
    char buf[96];
    switch (k) {
    case PH_AGREEMENT_NO:
        put_value(b, t->agreement_no, 0);
        break;
    case PH_EMPLOYER_NAME:
        put_value(b, t->employer_name, 0);
        break;
    case PH_EMPLOYER_CODE:
        put_value(b, t->employer_code, 0);
        break;
    case PH_WORKER_NAME:
        put_value(b, t->worker_name, 0);
        break;
    case PH_WORKER_ID:
        put_value(b, t->worker_id, 0);
        break;
    case PH_GIG_TITLE:
        put_value(b, t->gig_title, 0);
        break;
    case PH_JOB_TYPE:
        put_value(b, t->job_type, 0);
        break;
    case PH_DUTIES:
        put_value(b, t->duties, 1);
        break;
    case PH_START_TIME:
        puts_(b, agreement_local_time(t->starts_at, buf, sizeof buf));
        break;
    case PH_END_TIME:
        puts_(b, agreement_local_time(t->ends_at, buf, sizeof buf));
        break;
    case PH_WORK_PLACE:
        put_value(b, t->work_place, 0);
        break;
    case PH_PAY:
        pay_text(t->pay_fen, t->pay_unit, buf, sizeof buf);
        puts_(b, buf);
        break;
    case PH_BUREAU:
        put_value(b, t->bureau, 0);
        break;
    case PH_DRAFTED_DATE:
        puts_(b, agreement_local_date(t->drafted_at, buf, sizeof buf));
        break;
    }
}

/* The normalisation of agreement_render's comment, from in into a new buffer. */
static long normalise(const char *in, size_t n, char **out)
{
    struct strbuf flat = SB_INIT, res = SB_INIT;
    const unsigned char *s = (const unsigned char *)in;
    for (size_t i = 0; i < n;) {
        unsigned char c = s[i];
        if (c == '\r') {
            strbuf_add(&flat, "\n", 1);
            i += (i + 1 < n && s[i + 1] == '\n') ? 2 : 1;
        } else if (c == '\t') {
            strbuf_add(&flat, " ", 1);
            i++;
        } else if ((c < 0x20 && c != '\n') || c == 0x7f) {
            i++;
        } else if (c == 0xef && i + 2 < n && s[i + 1] == 0xbb && s[i + 2] == 0xbf) {
            i += 3; /* U+FEFF */
        } else {
            int k = u8len(s + i);
            if (!k || i + (size_t)k > n) {
                free(flat.p);
                return -1;
            }
            strbuf_add(&flat, (const char *)s + i, (size_t)k);
            i += (size_t)k;
        }
    }
    int blank_run = 0, any = 0;
    const char *p = flat.p ? flat.p : "";
    while (*p && !flat.oom) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        size_t end = len;
        while (end > 0 && p[end - 1] == ' ')
            end--;
        if (end == 0) {
            blank_run = 1;
        } else {
            if (any && blank_run)
                strbuf_add(&res, "\n", 1);
            strbuf_add(&res, p, end);
            strbuf_add(&res, "\n", 1);
            any = 1;
            blank_run = 0;
        }
        p += len + (nl ? 1 : 0);
    }
    int err = flat.oom || res.oom || !any || res.n > AGREEMENT_MAX_TEXT;
    free(flat.p);
    if (err) {
        free(res.p);
        return -1;
    }
    *out = res.p;
    return (long)res.n;
}

long agreement_render(const char *title, const char *code, long long version, const char *body,
                      const struct agreement_terms *t, char **out)
{
    char why[160], num[32];
    *out = NULL;
    if (!title || !code || u8count(title) < 0 || u8count(code) < 0 ||
        agreement_template_check(body, why, sizeof why) != 0)
        return -1;
    struct strbuf b = SB_INIT;
    put_value(&b, title, 0);
    puts_(&b, "\n协议编号：");
    put_value(&b, t->agreement_no, 0);
    puts_(&b, "\n协议模板：");
    put_value(&b, code, 0);
    snprintf(num, sizeof num, " 第 %lld 版\n\n", version);
    puts_(&b, num);
    for (const char *p = body; *p;) {
        const char *open = strstr(p, "{{");
        if (!open) {
            puts_(&b, p);
            break;
        }
        strbuf_add(&b, p, (size_t)(open - p));
        const char *end = strstr(open + 2, "}}");
        put_placeholder(&b, ph_find(open + 2, (size_t)(end - open - 2)), t);
        p = end + 2;
    }
    long n = -1;
    if (!b.oom) {
        for (const char *v = b.p; v && *v;) { /* values must be UTF-8 too */
            int k = u8len((const unsigned char *)v);
            if (!k)
                goto out;
            v += k;
        }
        n = normalise(b.p, b.n, out);
    }
out:
    free(b.p);
    return n;
}

/* Lowercase hex of n bytes into out (2n + 1 bytes). */
static void hex_of(const unsigned char *in, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[in[i] >> 4];
        out[2 * i + 1] = digits[in[i] & 15];
    }
    out[2 * n] = '\0';
}

void agreement_sha256_hex(const void *data, size_t n, char hex[65])
{
    unsigned char md[32];
    unsigned int len = 0;
    if (EVP_Digest(data, n, md, &len, EVP_sha256(), NULL) != 1 || len != 32)
        memset(md, 0, sizeof md);
    hex_of(md, 32, hex);
}

/* key=value line with the value escaped: backslash, line breaks and other control bytes cannot end the
 * line or forge another. */
static void line(struct strbuf *b, const char *key, const char *v)
{
    puts_(b, key);
    strbuf_add(b, "=", 1);
    for (const unsigned char *p = (const unsigned char *)(v ? v : ""); *p; p++) {
        char esc[8];
        if (*p == '\\') {
            strbuf_add(b, "\\\\", 2);
        } else if (*p == '\n') {
            strbuf_add(b, "\\n", 2);
        } else if (*p < 0x20 || *p == 0x7f) {
            snprintf(esc, sizeof esc, "\\x%02x", *p);
            puts_(b, esc);
        } else {
            strbuf_add(b, (const char *)p, 1);
        }
    }
    strbuf_add(b, "\n", 1);
}

static void line_int(struct strbuf *b, const char *key, long long v)
{
    char num[24];
    snprintf(num, sizeof num, "%lld", v);
    line(b, key, num);
}

static void event_lines(struct strbuf *b, const char *role, const struct agreement_event *e)
{
    line(b, "event", role);
    line_int(b, "account", e->account_id);
    line_int(b, "signed_at", e->signed_at);
    line(b, "ip", e->ip);
    line(b, "user_agent", e->user_agent);
    line(b, "text_sha256", e->text_sha256);
    line(b, "intent", e->intent);
}

long agreement_seal_payload(long long agreement_id, const char *text_sha256, const char *key_id,
                            long long sealed_at, const struct agreement_event *employer,
                            const struct agreement_event *worker, char **out)
{
    struct strbuf b = SB_INIT;
    *out = NULL;
    if (!employer || !worker || !text_sha256 || !key_id)
        return -1;
    puts_(&b, "linggong-agreement-seal/1\n");
    line_int(&b, "agreement", agreement_id);
    line(&b, "text_sha256", text_sha256);
    line(&b, "key_id", key_id);
    line_int(&b, "sealed_at", sealed_at);
    event_lines(&b, "employer", employer);
    event_lines(&b, "worker", worker);
    if (b.oom) {
        free(b.p);
        return -1;
    }
    *out = b.p;
    return (long)b.n;
}

int agreement_log_hash(const struct agreement_log_entry *e, unsigned char out[32])
{
    char sig[129], prev[65];
    if (!e->text_sha256 || !e->payload_sha256 || !e->signature || !e->key_id || !e->prev_hash)
        return -1;
    hex_of(e->signature, 64, sig);
    hex_of(e->prev_hash, 32, prev);
    struct strbuf b = SB_INIT;
    puts_(&b, "linggong-agreement-log/1\n");
    line_int(&b, "seq", e->seq);
    line_int(&b, "agreement", e->agreement_id);
    line(&b, "text_sha256", e->text_sha256);
    line(&b, "payload_sha256", e->payload_sha256);
    line(&b, "signature", sig);
    line(&b, "key_id", e->key_id);
    line_int(&b, "sealed_at", e->sealed_at);
    line(&b, "prev", prev);
    unsigned int len = 0;
    int rc = !b.oom && EVP_Digest(b.p, b.n, out, &len, EVP_sha256(), NULL) == 1 && len == 32 ? 0 : -1;
    free(b.p);
    return rc;
}
