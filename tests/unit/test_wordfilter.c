/* Unit tests of domain/wordfilter: evasions (noise, width, case, traditional, emoji, numerals), the
 * allow-list, nested and overlapping words, the contact-leak detector, exact masking spans, empty and
 * 1 MB inputs, invalid UTF-8, build errors, the reference-counted slot, and a brute-force cross-check of
 * the automaton against naive substring search. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/wordfilter.h"
#include "unit.h"

enum {
    W_DEPOSIT,  /* 押金 review */
    W_PREPAY,   /* 先交押金 block */
    W_ALLOW1,   /* 不收押金 allow */
    W_ALLOW2,   /* 无需押金 allow */
    W_MLM,      /* 傳銷 block (written traditional on purpose) */
    W_WECHAT,   /* 微信 review */
    W_BRUSH,    /* 刷单 block */
    W_TYPING,   /* 兼职打字 block */
    W_NUDE,     /* 裸聊 block */
    W_GAMBLE,   /* 赌博 block */
    W_MALE,     /* 限男 review */
    W_HBV,      /* 乙肝 review */
    W_VX,       /* VX review (upper case on purpose) */
    W_TRAINFEE, /* 培训费 block */
    W_FUCK,     /* fuck mask */
    W_SB,       /* 傻逼 mask */
    W_HEAD3,    /* 拉人头 block */
    W_HEAD2,    /* 人头 mask */
    W_HEADFEE,  /* 人头费 review */
    W_COUNT
};

static const struct wordfilter_entry lexicon[W_COUNT] = {
    [W_DEPOSIT] = {"押金", WORDFILTER_CAT_DEPOSIT_FEE, WORDFILTER_ACT_REVIEW, 0},
    [W_PREPAY] = {"先交押金", WORDFILTER_CAT_DEPOSIT_FEE, WORDFILTER_ACT_BLOCK, 0},
    [W_ALLOW1] = {"不收押金", WORDFILTER_CAT_DEPOSIT_FEE, WORDFILTER_ACT_REVIEW, 1},
    [W_ALLOW2] = {"无需押金", WORDFILTER_CAT_DEPOSIT_FEE, WORDFILTER_ACT_REVIEW, 1},
    [W_MLM] = {"傳銷", WORDFILTER_CAT_FRAUD, WORDFILTER_ACT_BLOCK, 0},
    [W_WECHAT] = {"微信", WORDFILTER_CAT_CONTACT_LEAK, WORDFILTER_ACT_REVIEW, 0},
    [W_BRUSH] = {"刷单", WORDFILTER_CAT_FRAUD, WORDFILTER_ACT_BLOCK, 0},
    [W_TYPING] = {"兼职打字", WORDFILTER_CAT_FRAUD, WORDFILTER_ACT_BLOCK, 0},
    [W_NUDE] = {"裸聊", WORDFILTER_CAT_PORN, WORDFILTER_ACT_BLOCK, 0},
    [W_GAMBLE] = {"赌博", WORDFILTER_CAT_GAMBLING, WORDFILTER_ACT_BLOCK, 0},
    [W_MALE] = {"限男", WORDFILTER_CAT_DISCRIMINATION, WORDFILTER_ACT_REVIEW, 0},
    [W_HBV] = {"乙肝", WORDFILTER_CAT_DISCRIMINATION, WORDFILTER_ACT_REVIEW, 0},
    [W_VX] = {"VX", WORDFILTER_CAT_CONTACT_LEAK, WORDFILTER_ACT_REVIEW, 0},
    [W_TRAINFEE] = {"培训费", WORDFILTER_CAT_DEPOSIT_FEE, WORDFILTER_ACT_BLOCK, 0},
    [W_FUCK] = {"fuck", WORDFILTER_CAT_CUSTOM, WORDFILTER_ACT_MASK, 0},
    [W_SB] = {"傻逼", WORDFILTER_CAT_CUSTOM, WORDFILTER_ACT_MASK, 0},
    [W_HEAD3] = {"拉人头", WORDFILTER_CAT_FRAUD, WORDFILTER_ACT_BLOCK, 0},
    [W_HEAD2] = {"人头", WORDFILTER_CAT_CUSTOM, WORDFILTER_ACT_MASK, 0},
    [W_HEADFEE] = {"人头费", WORDFILTER_CAT_DEPOSIT_FEE, WORDFILTER_ACT_REVIEW, 0},
};

static struct wordfilter *wf; /* lexicon + contact detector */

static void setup(void)
{
    char err[128] = "";
    wf = wordfilter_build(lexicon, W_COUNT, NULL, err, sizeof err);
    ck_assert_msg(wf != NULL, "build: %s", err);
}

static void teardown(void)
{
    wordfilter_unref(wf);
    wf = NULL;
}

#define MAXH 64
static struct wordfilter_hit H[MAXH];
static size_t NH;

/* Scans s with the shared automaton; fails the test on a non-OK status. */
static void scan(const char *s)
{
    int rc = wordfilter_scan(wf, s, strlen(s), H, MAXH, &NH);
    ck_assert_msg(rc == WORDFILTER_OK, "scan(%s) = %d", s, rc);
}

/* Returns the index in H of the hit of entry e, or -1. */
static int find_entry(size_t e)
{
    for (size_t i = 0; i < NH && i < MAXH; i++) {
        if (H[i].entry == e)
            return (int)i;
    }
    return -1;
}

/* Asserts that s has a hit of entry e whose span is exactly the substring `span` of s. */
static void expect_span(const char *s, size_t e, const char *span)
{
    scan(s);
    int i = find_entry(e);
    ck_assert_msg(i >= 0, "no hit of entry %zu in \"%s\"", e, s);
    const char *at = strstr(s, span);
    ck_assert_ptr_nonnull(at);
    ck_assert_uint_eq(H[i].start, (size_t)(at - s));
    ck_assert_uint_eq(H[i].end, (size_t)(at - s) + strlen(span));
}

static void expect_none(const char *s)
{
    scan(s);
    ck_assert_msg(NH == 0, "\"%s\": %zu unexpected hits, first entry %zu label %s [%zu,%zu)", s, NH,
                  H[0].entry, H[0].label ? H[0].label : "-", H[0].start, H[0].end);
}

/* Asserts a contact-detector hit exists and covers exactly `span` in s. */
static void expect_contact(const char *s, const char *span)
{
    scan(s);
    int i = find_entry(WORDFILTER_BUILTIN);
    ck_assert_msg(i >= 0, "no contact hit in \"%s\"", s);
    ck_assert_int_eq(H[i].category, WORDFILTER_CAT_CONTACT_LEAK);
    const char *at = strstr(s, span);
    ck_assert_ptr_nonnull(at);
    ck_assert_msg(H[i].start == (size_t)(at - s) && H[i].end == (size_t)(at - s) + strlen(span),
                  "\"%s\": contact hit [%zu,%zu) label %s, want \"%s\"", s, H[i].start, H[i].end,
                  H[i].label ? H[i].label : "-", span);
}

static void mask_all(const char *s, unsigned actions, const char *want)
{
    char out[512];
    size_t olen = 0;
    scan(s);
    ck_assert_int_eq(wordfilter_mask(s, strlen(s), H, NH, actions, out, sizeof out, &olen), 0);
    ck_assert_str_eq(out, want);
    ck_assert_uint_eq(olen, strlen(want));
}

START_TEST(test_scan_prepay_deposit_blocks_with_nested_review)
{
    const char *s = "请先交押金200元";
    scan(s);
    ck_assert_uint_eq(NH, 2);
    /* sorted by start: 先交押金 (block) then 押金 (review) */
    ck_assert_uint_eq(H[0].entry, W_PREPAY);
    ck_assert_uint_eq(H[0].start, strlen("请"));
    ck_assert_uint_eq(H[0].end, strlen("请先交押金"));
    ck_assert_uint_eq(H[1].entry, W_DEPOSIT);
    ck_assert_uint_eq(H[1].start, strlen("请先交"));
    const struct wordfilter_hit *w = wordfilter_worst(H, NH);
    ck_assert_ptr_nonnull(w);
    ck_assert_int_eq(w->action, WORDFILTER_ACT_BLOCK);
    ck_assert_int_eq(w->category, WORDFILTER_CAT_DEPOSIT_FEE);
}
END_TEST

START_TEST(test_scan_allow_phrases_override_deposit)
{
    expect_none("本岗位不收押金，日结");
    expect_none("无需押金");
    expect_none("不 收 押 金"); /* the allow phrase sees through noise too */
    const char *s = "无需押金，但需先交押金";
    scan(s);
    ck_assert_uint_eq(NH, 2);
    ck_assert_uint_eq(H[0].entry, W_PREPAY);
    ck_assert_uint_eq(H[0].start, strlen("无需押金，但需"));
    ck_assert_uint_eq(H[1].entry, W_DEPOSIT);
    ck_assert_uint_eq(H[1].end, strlen(s));
}
END_TEST

START_TEST(test_scan_allow_hits_reported_on_request)
{
    const char *s = "不收押金";
    int rc = wordfilter_scan_ex(wf, s, strlen(s), WORDFILTER_SCAN_ALLOW_HITS, H, MAXH, &NH);
    ck_assert_int_eq(rc, WORDFILTER_OK);
    ck_assert_uint_eq(NH, 1);
    ck_assert_int_eq(H[0].allow, 1);
    ck_assert_uint_eq(H[0].entry, W_ALLOW1);
    ck_assert_ptr_null(wordfilter_worst(H, NH));
}
END_TEST

START_TEST(test_scan_noise_between_letters)
{
    expect_span("押 金", W_DEPOSIT, "押 金");
    expect_span("交了押*金的", W_DEPOSIT, "押*金");
    expect_span("刷😀单", W_BRUSH, "刷😀单");
    expect_span("刷👍🏻单赚钱", W_BRUSH, "刷👍🏻单"); /* emoji + skin-tone modifier */
    expect_span("刷\u200b单", W_BRUSH, "刷\u200b单");               /* zero-width space */
    expect_span("兼·职·打·字", W_TYPING, "兼·职·打·字");
    expect_span("刷    单", W_BRUSH, "刷    单"); /* 4 spaces: the default gap */
    expect_none("刷     单");                     /* 5 spaces: too far apart */
    expect_span("微*信", W_WECHAT, "微*信");
}
END_TEST

START_TEST(test_scan_width_case_traditional)
{
    expect_span("加ＶＸ详聊", W_VX, "ＶＸ");
    expect_span("vx", W_VX, "vx");
    expect_span("Vx", W_VX, "Vx");
    expect_span("ＦｕＣｋ", W_FUCK, "ＦｕＣｋ");
    expect_span("FUCK you", W_FUCK, "FUCK");
    expect_span("招聘傳銷人員", W_MLM, "傳銷");
    expect_span("传销", W_MLM, "传销");
    expect_span("傳 销", W_MLM, "傳 销"); /* mixed scripts and noise */
    expect_span("培訓費", W_TRAINFEE, "培訓費");
    expect_span("賭博", W_GAMBLE, "賭博");
}
END_TEST

START_TEST(test_scan_nested_and_overlapping)
{
    const char *s = "拉人头费";
    scan(s);
    ck_assert_uint_eq(NH, 3);
    ck_assert_uint_eq(H[0].entry, W_HEAD3); /* [0,9) */
    ck_assert_uint_eq(H[0].start, 0);
    ck_assert_uint_eq(H[0].end, strlen("拉人头"));
    ck_assert_uint_eq(H[1].entry, W_HEADFEE); /* [3,12): longer first at the same start */
    ck_assert_uint_eq(H[1].start, strlen("拉"));
    ck_assert_uint_eq(H[1].end, strlen(s));
    ck_assert_uint_eq(H[2].entry, W_HEAD2); /* [3,9) */
    ck_assert_uint_eq(H[2].end, strlen("拉人头"));
    scan("押金押金");
    ck_assert_uint_eq(NH, 2);
    ck_assert_uint_eq(H[1].start, strlen("押金"));
}
END_TEST

START_TEST(test_scan_recruitment_rules)
{
    expect_span("本店限男性", W_MALE, "限男");
    expect_span("乙肝携带者勿扰", W_HBV, "乙肝");
    expect_span("招裸聊主播", W_NUDE, "裸聊");
    expect_none("招聘服务员，日薪200元，包吃住，月结，工作地点：县城东街18号");
}
END_TEST

START_TEST(test_contact_phone_numbers)
{
    expect_contact("电话壹叁捌零零壹叁捌零零零", "电话壹叁捌零零壹叁捌零零零"); /* keyword + number */
    expect_contact("打壹叁捌零零壹叁捌零零零", "壹叁捌零零壹叁捌零零零");
    expect_contact("联系13800138000", "13800138000");
    expect_contact("打 1 3 8 - 0 0 1 3 - 8 0 0 0 咨询", "1 3 8 - 0 0 1 3 - 8 0 0 0");
    expect_contact("号码①③⑧００１３８０００", "①③⑧００１３８０００");
    expect_contact("一三八零零一三八零零零", "一三八零零一三八零零零");
    expect_contact("+86 138 0013 8000", "138 0013 8000");
    expect_contact("8613800138000", "13800138000");
    expect_contact("138 0013 8000，3000元", "138 0013 8000");
    expect_contact("座机0771-1234567", "0771-1234567");
    expect_contact("企鹅 1 2 3 4 5 6 7 8 9", "1 2 3 4 5 6 7 8 9");
    expect_contact("扣扣：壹贰叁肆伍陆柒捌", "扣扣：壹贰叁肆伍陆柒捌");
}
END_TEST

START_TEST(test_contact_wechat_qq_ids)
{
    expect_contact("加ＶＸ：abc12345", "加ＶＸ：abc12345");
    expect_contact("V信", "V信");
    expect_contact("薇信联系", "薇信");
    expect_contact("有意者加微", "加微");
    expect_contact("微信号：wxid_ab12cd", "微信号：wxid_ab12cd");
    expect_contact("QQ：123456789", "QQ：123456789");
    expect_contact("qq号码是123456", "qq号码是123456");
    expect_contact("wechat: zhang-san-88", "wechat: zhang-san-88");
    expect_contact("Hotel tel 12345678", "tel 12345678");
}
END_TEST

START_TEST(test_contact_no_false_positives)
{
    char err[128];
    struct wordfilter *only = wordfilter_build(NULL, 0, NULL, err, sizeof err);
    ck_assert_ptr_nonnull(only);
    static const char *const clean[] = {
        "工资3000-5000元，月结",
        "2023-10-01 09:00 上班",
        "时薪25元，每天8小时，共计200元",
        "微信支付结算",
        "电话联系",
        "三五成群，一二十人",
        "需要1000000元的保险",
        "工号2013800138000",
        "请于12月31日前报名，名额50人",
        "Hotel 123456 房间保洁",
        "avx2 指令集",
    };
    for (size_t i = 0; i < sizeof clean / sizeof clean[0]; i++) {
        size_t n = 99;
        ck_assert_int_eq(wordfilter_scan(only, clean[i], strlen(clean[i]), H, MAXH, &n), WORDFILTER_OK);
        ck_assert_msg(n == 0, "\"%s\": %zu hits, first %s [%zu,%zu)", clean[i], n, H[0].label, H[0].start,
                      H[0].end);
    }
    wordfilter_unref(only);
}
END_TEST

START_TEST(test_contact_disabled_and_action)
{
    struct wordfilter_opts o = {4, 0, WORDFILTER_ACT_REVIEW, 0};
    struct wordfilter *off = wordfilter_build(NULL, 0, &o, NULL, 0);
    ck_assert_ptr_nonnull(off);
    size_t n = 1;
    ck_assert_int_eq(wordfilter_scan(off, "加微13800138000", strlen("加微13800138000"), H, MAXH, &n), 0);
    ck_assert_uint_eq(n, 0);
    wordfilter_unref(off);
    o.contact = 1;
    o.contact_action = WORDFILTER_ACT_BLOCK;
    struct wordfilter *blk = wordfilter_build(NULL, 0, &o, NULL, 0);
    ck_assert_ptr_nonnull(blk);
    ck_assert_int_eq(wordfilter_scan(blk, "加微", strlen("加微"), H, MAXH, &n), 0);
    ck_assert_uint_eq(n, 1);
    ck_assert_int_eq(H[0].action, WORDFILTER_ACT_BLOCK);
    ck_assert_uint_eq(H[0].entry, WORDFILTER_BUILTIN);
    ck_assert_str_eq(H[0].label, "contact:keyword");
    wordfilter_unref(blk);
}
END_TEST

START_TEST(test_mask_exact_spans)
{
    mask_all("你是傻逼吗", WORDFILTER_ACTION_BIT(WORDFILTER_ACT_MASK), "你是**吗");
    mask_all("押 金", WORDFILTER_ACTIONS_ALL, "***");
    mask_all("a微*信b", WORDFILTER_ACTIONS_ALL, "a***b");
    mask_all("请先交押金，谢谢", WORDFILTER_ACTIONS_ALL, "请****，谢谢"); /* nested spans merge */
    mask_all("拉人头费", WORDFILTER_ACTIONS_ALL, "****");                 /* overlapping spans merge */
    mask_all("ＦｕＣｋ!", WORDFILTER_ACTIONS_ALL, "****!");
    mask_all("刷😀单ok", WORDFILTER_ACTIONS_ALL, "***ok");
    mask_all("不收押金", WORDFILTER_ACTIONS_ALL, "不收押金");
    /* only the mask action: the block word stays, the mask word goes */
    mask_all("傻逼刷单", WORDFILTER_ACTION_BIT(WORDFILTER_ACT_MASK), "**刷单");
    mask_all("", WORDFILTER_ACTIONS_ALL, "");
}
END_TEST

START_TEST(test_mask_rejects_bad_spans_and_small_buffers)
{
    const char *s = "押金";
    struct wordfilter_hit h = {0, WORDFILTER_CAT_DEPOSIT_FEE, WORDFILTER_ACT_MASK, 0, NULL, 1, 6};
    char out[16];
    size_t olen;
    ck_assert_int_eq(wordfilter_mask(s, strlen(s), &h, 1, WORDFILTER_ACTIONS_ALL, out, sizeof out, &olen),
                     -1);
    h.start = 0;
    h.end = 7;
    ck_assert_int_eq(wordfilter_mask(s, strlen(s), &h, 1, WORDFILTER_ACTIONS_ALL, out, sizeof out, &olen),
                     -1);
    h.end = 3;
    ck_assert_int_eq(wordfilter_mask(s, strlen(s), &h, 1, WORDFILTER_ACTIONS_ALL, out, 2, &olen), -1);
    ck_assert_int_eq(wordfilter_mask(s, strlen(s), &h, 1, WORDFILTER_ACTIONS_ALL, out, 5, &olen), 0);
    ck_assert_str_eq(out, "*金");
}
END_TEST

START_TEST(test_scan_empty_input)
{
    size_t n = 7;
    ck_assert_int_eq(wordfilter_scan(wf, "", 0, H, MAXH, &n), WORDFILTER_OK);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(wordfilter_scan(wf, NULL, 0, NULL, 0, &n), WORDFILTER_OK);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(wordfilter_scan(wf, NULL, 3, H, MAXH, &n), WORDFILTER_EINVAL);
    ck_assert_int_eq(wordfilter_scan(NULL, "x", 1, H, MAXH, &n), WORDFILTER_EINVAL);
}
END_TEST

START_TEST(test_scan_one_megabyte)
{
    const char *para =
        "招聘餐厅服务员若干名，要求身体健康，吃苦耐劳，有相关经验者优先。工资面议，包吃包住。\n";
    size_t plen = strlen(para), cap = 1 << 20;
    char *big = malloc(cap);
    ck_assert_ptr_nonnull(big);
    size_t n = 0;
    while (n + plen <= cap - 64) {
        memcpy(big + n, para, plen);
        n += plen;
    }
    const char *tail = "先交押金";
    memcpy(big + n, tail, strlen(tail));
    size_t len = n + strlen(tail);
    size_t nh;
    ck_assert_int_eq(wordfilter_scan(wf, big, len, H, MAXH, &nh), WORDFILTER_OK);
    ck_assert_uint_eq(nh, 2);
    ck_assert_uint_eq(H[0].start, n);
    ck_assert_uint_eq(H[0].end, len);

    /* 1 MB of nothing but violations: counts every hit, keeps the most severe when truncated */
    const char *bad = "傻逼";
    size_t blen = strlen(bad), k = 0;
    for (n = 0; n + blen <= cap - 32; n += blen, k++)
        memcpy(big + n, bad, blen);
    memcpy(big + n, "刷单", strlen("刷单"));
    len = n + strlen("刷单");
    ck_assert_int_eq(wordfilter_scan(wf, big, len, H, 1, &nh), WORDFILTER_ETRUNC);
    ck_assert_uint_eq(nh, k + 1);
    ck_assert_uint_eq(H[0].entry, W_BRUSH);
    ck_assert_int_eq(wordfilter_scan(wf, big, len, NULL, 0, &nh), WORDFILTER_ETRUNC);
    ck_assert_uint_eq(nh, k + 1);
    char *out = malloc(len + 1);
    ck_assert_ptr_nonnull(out);
    struct wordfilter_hit *all = malloc((k + 1) * sizeof *all);
    ck_assert_ptr_nonnull(all);
    ck_assert_int_eq(wordfilter_scan(wf, big, len, all, k + 1, &nh), WORDFILTER_OK);
    size_t olen;
    ck_assert_int_eq(wordfilter_mask(big, len, all, nh, WORDFILTER_ACTIONS_ALL, out, len + 1, &olen), 0);
    ck_assert_uint_eq(olen, 2 * (k + 1));
    for (size_t i = 0; i < olen; i++)
        ck_assert_int_eq(out[i], '*');
    free(all);
    free(out);
    free(big);
}
END_TEST

/* Copies s into a buffer of exactly its length, so ASan catches any read past the end. */
static int scan_exact(const char *s, size_t len, size_t *nh)
{
    char *buf = malloc(len ? len : 1);
    memcpy(buf, s, len);
    int rc = wordfilter_scan(wf, buf, len, H, MAXH, nh);
    int rc2 = wordfilter_scan_ex(wf, buf, len, WORDFILTER_SCAN_RAW, H, MAXH, nh);
    ck_assert_int_eq(rc, rc2);
    free(buf);
    return rc;
}

START_TEST(test_scan_invalid_utf8_rejected)
{
    static const char *const bad[] = {
        "\xff",
        "押金\xe9\x87",         /* truncated at the end of the buffer */
        "\xe9",                 /* lone lead byte */
        "\xc0\xaf",             /* overlong '/' */
        "\xe0\x80\xaf",         /* overlong */
        "\xed\xa0\x80",         /* surrogate */
        "\xf4\x90\x80\x80",     /* above U+10FFFF */
        "\xf0\x9f\x98",         /* truncated emoji */
        "ok\x80ok",             /* stray continuation */
        "\xe6\x8a\xbc\x41\xe9", /* 押A + lead byte */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        size_t nh = 5;
        ck_assert_int_eq(scan_exact(bad[i], strlen(bad[i]), &nh), WORDFILTER_EUTF8);
        ck_assert_uint_eq(nh, 0);
    }
    size_t nh;
    ck_assert_int_eq(scan_exact("\xf0\x9f\x98\x80", 4, &nh), WORDFILTER_OK); /* a whole emoji is fine */
    ck_assert_int_eq(scan_exact("a\0b", 3, &nh), WORDFILTER_OK);             /* NUL is a character */
}
END_TEST

START_TEST(test_scan_raw_mode_skips_normalisation)
{
    size_t nh;
    ck_assert_int_eq(wordfilter_scan_ex(wf, "傳銷", strlen("傳銷"), WORDFILTER_SCAN_RAW, H, MAXH, &nh), 0);
    ck_assert_uint_eq(nh, 0);
    ck_assert_int_eq(wordfilter_scan_ex(wf, "传销", strlen("传销"), WORDFILTER_SCAN_RAW, H, MAXH, &nh), 0);
    ck_assert_uint_eq(nh, 1);
    ck_assert_int_eq(wordfilter_scan_ex(wf, "押 金", strlen("押 金"), WORDFILTER_SCAN_RAW, H, MAXH, &nh), 0);
    ck_assert_uint_eq(nh, 0);
}
END_TEST

START_TEST(test_normalize_words)
{
    char out[4 * WORDFILTER_MAX_WORD + 1];
    ck_assert_int_eq(wordfilter_normalize("傳 銷", strlen("傳 銷"), out, sizeof out), 2);
    ck_assert_str_eq(out, "传销");
    ck_assert_int_eq(wordfilter_normalize("ＶＸ", strlen("ＶＸ"), out, sizeof out), 2);
    ck_assert_str_eq(out, "vx");
    ck_assert_int_eq(wordfilter_normalize("①②", strlen("①②"), out, sizeof out), 2);
    ck_assert_str_eq(out, "12");
    ck_assert_int_eq(wordfilter_normalize("***", 3, out, sizeof out), -1);
    ck_assert_int_eq(wordfilter_normalize("\xff", 1, out, sizeof out), -1);
    ck_assert_int_eq(wordfilter_normalize("押金", strlen("押金"), out, 4), -1);
    char longw[200];
    memset(longw, 'a', 65);
    ck_assert_int_eq(wordfilter_normalize(longw, 65, out, sizeof out), -1);
    ck_assert_int_eq(wordfilter_normalize(longw, 64, out, sizeof out), 64);
}
END_TEST

START_TEST(test_build_rejects_invalid_entries)
{
    char err[128] = "";
    struct wordfilter_entry e[3] = {
        {"押金", WORDFILTER_CAT_DEPOSIT_FEE, WORDFILTER_ACT_BLOCK, 0},
        {"***", WORDFILTER_CAT_DEPOSIT_FEE, WORDFILTER_ACT_BLOCK, 0},
        {"刷单", WORDFILTER_CAT_FRAUD, WORDFILTER_ACT_BLOCK, 0},
    };
    ck_assert_ptr_null(wordfilter_build(e, 3, NULL, err, sizeof err));
    ck_assert_msg(strstr(err, "entry 1") != NULL, "err: %s", err);
    e[1].word = "\xe6\x8a";
    ck_assert_ptr_null(wordfilter_build(e, 3, NULL, err, sizeof err));
    ck_assert_msg(strstr(err, "UTF-8") != NULL, "err: %s", err);
    e[1].word = "ok";
    e[1].category = WORDFILTER_CAT_COUNT;
    ck_assert_ptr_null(wordfilter_build(e, 3, NULL, err, sizeof err));
    e[1].category = WORDFILTER_CAT_FRAUD;
    e[1].action = (enum wordfilter_action)0;
    ck_assert_ptr_null(wordfilter_build(e, 3, NULL, err, sizeof err));
    struct wordfilter_opts o = {4, 1, WORDFILTER_ACT_REVIEW, 1};
    struct wordfilter *w = wordfilter_build(e, 3, &o, err, sizeof err);
    ck_assert_ptr_nonnull(w);
    struct wordfilter_stats st;
    wordfilter_get_stats(w, &st);
    ck_assert_uint_eq(st.skipped, 1);
    size_t nh;
    ck_assert_int_eq(wordfilter_scan(w, "刷单", strlen("刷单"), H, MAXH, &nh), 0);
    ck_assert_uint_eq(nh, 1);
    ck_assert_uint_eq(H[0].entry, 2); /* indices are the caller's, skipped entries included */
    wordfilter_unref(w);
}
END_TEST

START_TEST(test_names_round_trip)
{
    for (int c = 0; c < WORDFILTER_CAT_COUNT; c++) {
        enum wordfilter_category back;
        ck_assert_int_eq(wordfilter_category_parse(wordfilter_category_name(c), &back), 0);
        ck_assert_int_eq(back, c);
    }
    enum wordfilter_category cat;
    ck_assert_int_eq(wordfilter_category_parse("deposit_fee", &cat), 0);
    ck_assert_int_eq(cat, WORDFILTER_CAT_DEPOSIT_FEE);
    ck_assert_int_eq(wordfilter_category_parse("nope", &cat), -1);
    enum wordfilter_action a;
    ck_assert_int_eq(wordfilter_action_parse("block", &a), 0);
    ck_assert_int_eq(a, WORDFILTER_ACT_BLOCK);
    ck_assert_int_eq(wordfilter_action_parse("mask", &a), 0);
    ck_assert_int_eq(a, WORDFILTER_ACT_MASK);
    ck_assert_int_eq(wordfilter_action_parse("Block", &a), -1);
    ck_assert_str_eq(wordfilter_action_name(WORDFILTER_ACT_REVIEW), "review");
}
END_TEST

START_TEST(test_slot_swaps_while_readers_hold_old)
{
    struct wordfilter_slot slot;
    ck_assert_int_eq(wordfilter_slot_init(&slot), 0);
    ck_assert_ptr_null(wordfilter_slot_get(&slot));
    struct wordfilter_entry e1 = {"押金", WORDFILTER_CAT_DEPOSIT_FEE, WORDFILTER_ACT_BLOCK, 0};
    struct wordfilter_entry e2 = {"刷单", WORDFILTER_CAT_FRAUD, WORDFILTER_ACT_BLOCK, 0};
    wordfilter_slot_set(&slot, wordfilter_build(&e1, 1, NULL, NULL, 0));
    struct wordfilter *old = wordfilter_slot_get(&slot);
    ck_assert_ptr_nonnull(old);
    wordfilter_slot_set(&slot, wordfilter_build(&e2, 1, NULL, NULL, 0));
    size_t nh;
    /* the reader's automaton stays valid after the swap */
    ck_assert_int_eq(wordfilter_scan(old, "押金", strlen("押金"), H, MAXH, &nh), 0);
    ck_assert_uint_eq(nh, 1);
    wordfilter_unref(old);
    struct wordfilter *cur = wordfilter_slot_get(&slot);
    ck_assert_int_eq(wordfilter_scan(cur, "押金刷单", strlen("押金刷单"), H, MAXH, &nh), 0);
    ck_assert_uint_eq(nh, 1);
    ck_assert_uint_eq(H[0].start, strlen("押金"));
    wordfilter_unref(cur);
    wordfilter_slot_destroy(&slot);
}
END_TEST

/* Random lexicons over a 3-letter alphabet against naive substring search, raw and with noise. */
START_TEST(test_automaton_matches_naive_search)
{
    unsigned seed = 12345;
#define RND() (seed = seed * 1103515245u + 12345u, (seed >> 16) & 0x7fff)
    for (int round = 0; round < 200; round++) {
        char words[40][8];
        struct wordfilter_entry e[40];
        int nw = 1 + (int)(RND() % 40);
        for (int i = 0; i < nw; i++) {
            int l = 1 + (int)(RND() % 5);
            for (int j = 0; j < l; j++)
                words[i][j] = (char)('a' + RND() % 3);
            words[i][l] = '\0';
            e[i] = (struct wordfilter_entry){words[i], WORDFILTER_CAT_CUSTOM, WORDFILTER_ACT_REVIEW, 0};
        }
        struct wordfilter_opts o = {4, 0, WORDFILTER_ACT_REVIEW, 0};
        struct wordfilter *w = wordfilter_build(e, (size_t)nw, &o, NULL, 0);
        ck_assert_ptr_nonnull(w);
        char text[64], noisy[200];
        size_t map[64], tl = 20 + RND() % 40, nl = 0;
        for (size_t i = 0; i < tl; i++) {
            text[i] = (char)('a' + RND() % 3);
            map[i] = nl;
            noisy[nl++] = text[i];
            for (unsigned g = RND() % 3; g > 0; g--)
                noisy[nl++] = RND() % 2 ? ' ' : '-';
        }
        static struct wordfilter_hit hh[4096], hn[4096];
        size_t nh, nn;
        ck_assert_int_eq(wordfilter_scan_ex(w, text, tl, WORDFILTER_SCAN_RAW, hh, 4096, &nh), 0);
        ck_assert_int_eq(wordfilter_scan(w, noisy, nl, hn, 4096, &nn), 0);
        size_t expect = 0;
        for (int i = 0; i < nw; i++) {
            size_t l = strlen(words[i]);
            for (size_t p = 0; p + l <= tl; p++) {
                if (memcmp(text + p, words[i], l) != 0)
                    continue;
                expect++;
                int found = 0, foundn = 0;
                for (size_t k = 0; k < nh; k++)
                    found |= hh[k].entry == (size_t)i && hh[k].start == p && hh[k].end == p + l;
                for (size_t k = 0; k < nn; k++)
                    foundn |=
                        hn[k].entry == (size_t)i && hn[k].start == map[p] && hn[k].end == map[p + l - 1] + 1;
                ck_assert_msg(found && foundn, "round %d word %s at %zu", round, words[i], p);
            }
        }
        ck_assert_uint_eq(nh, expect);
        ck_assert_uint_eq(nn, expect);
        wordfilter_unref(w);
    }
#undef RND
}
END_TEST

/* ---- the default lexicon shipped in schema/005_sensitive_words.sql ---------------------------------- */

struct seedlex {
    struct wordfilter_entry e[1024];
    char words[1024][200];
    size_t n;
};

/* Parses the rows "  ('word', 'category', 'action', is_allow, ...)" of the migration. Returns 0 or -1. */
static int load_seed(struct seedlex *lx)
{
    char path[4096];
    const char *src = __FILE__; /* .../tests/unit/test_wordfilter.c */
    const char *cut = strstr(src, "tests/unit/test_wordfilter.c");
    if (!cut)
        return -1;
    snprintf(path, sizeof path, "%.*sschema/005_sensitive_words.sql", (int)(cut - src), src);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char line[1024];
    lx->n = 0;
    while (fgets(line, sizeof line, f) && lx->n < 1024) {
        char cat[32], act[16];
        int allow;
        char *w = lx->words[lx->n];
        if (sscanf(line, " ('%199[^']', '%31[^']', '%15[^']', %d,", w, cat, act, &allow) != 4)
            continue;
        struct wordfilter_entry *e = &lx->e[lx->n];
        e->word = w;
        e->allow = allow;
        ck_assert_msg(wordfilter_category_parse(cat, &e->category) == 0, "category %s", cat);
        ck_assert_msg(wordfilter_action_parse(act, &e->action) == 0, "action %s", act);
        lx->n++;
    }
    fclose(f);
    return 0;
}

static struct seedlex seed;

START_TEST(test_default_lexicon_builds_without_duplicates)
{
    ck_assert_int_eq(load_seed(&seed), 0);
    ck_assert_uint_ge(seed.n, 300);
    char err[128] = "";
    struct wordfilter *w = wordfilter_build(seed.e, seed.n, NULL, err, sizeof err);
    ck_assert_msg(w != NULL, "default lexicon: %s", err);
    struct wordfilter_stats st;
    wordfilter_get_stats(w, &st);
    ck_assert_uint_eq(st.skipped, 0);
    wordfilter_unref(w);
    /* no two rows are the same word once normalised */
    static char norm[1024][4 * WORDFILTER_MAX_WORD + 1];
    for (size_t i = 0; i < seed.n; i++) {
        ck_assert_int_gt(
            wordfilter_normalize(seed.e[i].word, strlen(seed.e[i].word), norm[i], sizeof norm[i]), 0);
        for (size_t j = 0; j < i; j++)
            ck_assert_msg(strcmp(norm[i], norm[j]) != 0, "duplicate %s / %s", seed.e[i].word, seed.e[j].word);
    }
}
END_TEST

static const struct wordfilter_hit *seed_verdict(struct wordfilter *w, const char *s)
{
    ck_assert_int_eq(wordfilter_scan(w, s, strlen(s), H, MAXH, &NH), WORDFILTER_OK);
    return wordfilter_worst(H, NH);
}

START_TEST(test_default_lexicon_issue_sentences)
{
    ck_assert_int_eq(load_seed(&seed), 0);
    struct wordfilter *w = wordfilter_build(seed.e, seed.n, NULL, NULL, 0);
    ck_assert_ptr_nonnull(w);
    const struct wordfilter_hit *v = seed_verdict(w, "招聘仓库理货员，日结200元，入职前先交押金300元。");
    ck_assert_ptr_nonnull(v);
    ck_assert_int_eq(v->action, WORDFILTER_ACT_BLOCK);
    ck_assert_int_eq(v->category, WORDFILTER_CAT_DEPOSIT_FEE);
    v = seed_verdict(w, "招聘仓库理货员，日结200元，不收押金，包午餐。");
    ck_assert_msg(v == NULL, "不收押金 posting flagged by %s", v ? seed.e[v->entry].word : "");
    v = seed_verdict(w, "招聘仓库理货员，日结200元，有意者加V信详聊。");
    ck_assert_ptr_nonnull(v);
    ck_assert_int_eq(v->action, WORDFILTER_ACT_REVIEW);
    ck_assert_int_eq(v->category, WORDFILTER_CAT_CONTACT_LEAK);
    /* evasions of the same rule */
    static const char *const evasive[] = {"先 交 押 金", "先交押😀金", "先交押\u3000金", "繳納押金",
                                          "需·交·押·金"};
    for (size_t i = 0; i < sizeof evasive / sizeof evasive[0]; i++) {
        v = seed_verdict(w, evasive[i]);
        ck_assert_msg(v && v->action == WORDFILTER_ACT_BLOCK && v->category == WORDFILTER_CAT_DEPOSIT_FEE,
                      "%s not blocked", evasive[i]);
    }
    v = seed_verdict(w, "招聘傳銷人員");
    ck_assert_int_eq(v ? (int)v->category : -1, WORDFILTER_CAT_FRAUD);
    v = seed_verdict(w, "仅限男性，乙肝携带者勿扰");
    ck_assert_int_eq(v ? (int)v->category : -1, WORDFILTER_CAT_DISCRIMINATION);
    ck_assert_int_eq(v->action, WORDFILTER_ACT_BLOCK);
    v = seed_verdict(w, "男女不限，不限户籍");
    ck_assert_ptr_null(v);
    wordfilter_unref(w);
}
END_TEST

START_TEST(test_default_lexicon_leaves_ordinary_postings_alone)
{
    static const char *const ok[] = {
        "招聘餐厅服务员若干名，要求身体健康，吃苦耐劳，有相关经验者优先。工资面议，包吃包住。",
        "工厂流水线普工，长白班，五险一金，试用期一个月，转正后工资上调。",
        "果园采摘季招工，按斤计件，熟练工一天可以挣三百元以上，工作地点：县城东街18号。",
        "物流仓库分拣员，夜班补贴每晚三十元，提供工作餐，日结工资，当天结算。",
        "超市促销员，节假日上岗，负责产品推荐和试吃活动，有销售提成。",
        "幼儿园厨房帮厨，持健康证上岗，工作稳定，环境干净，免费体检。",
        "快递驿站理货员，上午八点到十二点，适合宝妈兼职，工资通过平台结算。",
        "工地夜间看护，每晚十小时，按月结算，需本人到现场面试，联系请通过平台内联系。",
        "废品回收站分拣工，男女不限，年龄不限，当天结算，工资200元每天。",
        "县体育馆溜冰场招聘溜冰教练，周末上课，时薪80元。",
    };
    ck_assert_int_eq(load_seed(&seed), 0);
    struct wordfilter *w = wordfilter_build(seed.e, seed.n, NULL, NULL, 0);
    ck_assert_ptr_nonnull(w);
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        ck_assert_int_eq(wordfilter_scan(w, ok[i], strlen(ok[i]), H, MAXH, &NH), WORDFILTER_OK);
        ck_assert_msg(NH == 0, "\"%s\" flagged: %s [%zu,%zu)", ok[i],
                      H[0].entry == WORDFILTER_BUILTIN ? H[0].label : seed.e[H[0].entry].word, H[0].start,
                      H[0].end);
    }
    wordfilter_unref(w);
}
END_TEST

Suite *unit_suite(void)
{
    Suite *s = suite_create("wordfilter");
    TCase *tc = tcase_create("engine");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_scan_prepay_deposit_blocks_with_nested_review);
    tcase_add_test(tc, test_scan_allow_phrases_override_deposit);
    tcase_add_test(tc, test_scan_allow_hits_reported_on_request);
    tcase_add_test(tc, test_scan_noise_between_letters);
    tcase_add_test(tc, test_scan_width_case_traditional);
    tcase_add_test(tc, test_scan_nested_and_overlapping);
    tcase_add_test(tc, test_scan_recruitment_rules);
    tcase_add_test(tc, test_contact_phone_numbers);
    tcase_add_test(tc, test_contact_wechat_qq_ids);
    tcase_add_test(tc, test_contact_no_false_positives);
    tcase_add_test(tc, test_contact_disabled_and_action);
    tcase_add_test(tc, test_mask_exact_spans);
    tcase_add_test(tc, test_mask_rejects_bad_spans_and_small_buffers);
    tcase_add_test(tc, test_scan_empty_input);
    tcase_add_test(tc, test_scan_one_megabyte);
    tcase_add_test(tc, test_scan_invalid_utf8_rejected);
    tcase_add_test(tc, test_scan_raw_mode_skips_normalisation);
    tcase_add_test(tc, test_normalize_words);
    tcase_add_test(tc, test_build_rejects_invalid_entries);
    tcase_add_test(tc, test_names_round_trip);
    tcase_add_test(tc, test_slot_swaps_while_readers_hold_old);
    tcase_add_test(tc, test_automaton_matches_naive_search);
    tcase_add_test(tc, test_default_lexicon_builds_without_duplicates);
    tcase_add_test(tc, test_default_lexicon_issue_sentences);
    tcase_add_test(tc, test_default_lexicon_leaves_ordinary_postings_alone);
    suite_add_tcase(s, tc);
    return s;
}
