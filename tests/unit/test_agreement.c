/* Agreements as bytes: the canonical text and SHA-256 of a fixed agreement are pinned (a format change must
 * be deliberate: update the pins in the same commit), normalisation, template checks, the seal payload
 * and log-entry hash formats, Ed25519 sealing against RFC 8032's test vector, and the PDF renderer. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/agreement.h"
#include "ext/pdf.h"
#include "ext/seal.h"
#include "unit.h"

#define TEMPLATE                                                                                             \
    "甲方：{{employer_name}}（{{employer_code}}）\r\n"                                                  \
    "乙方：{{worker_name}}（{{worker_id}}）\r\n"                                                        \
    "\r\n\r\n\r\n"                                                                                           \
    "第一条 {{gig_title}}（{{job_type}}）   \n"                                                         \
    "工作内容：{{duties}}\n"                                                                            \
    "时间：{{start_time}} 至 {{end_time}}\n"                                                             \
    "地点：{{work_place}}\t\n"                                                                            \
    "报酬：{{pay}}\n"                                                                                     \
    "争议：向{{bureau}}投诉或拨打12333\n"                                                           \
    "起草日期：{{drafted_date}}\n\n\n"

static const struct agreement_terms terms = {
    .agreement_no = "LG00000042",
    .employer_name = "鹿寨县示范劳务有限公司",
    .employer_code = "91450223MA5K00000X",
    .worker_name = "王建国",
    .worker_id = "4502**********123X",
    .gig_title = "小区水电维修",
    .job_type = "水电工",
    .duties = "更换水管\r\n检修电路\x01",
    .work_place = "柳州市鹿寨县 鹿寨镇建设路\n18 号",
    .bureau = "鹿寨县就业服务中心",
    .starts_at = 1795305600, /* 2026-11-22T00:00:00Z = 08:00 in Shanghai */
    .ends_at = 1795334400,
    .pay_fen = 25000,
    .pay_unit = "day",
    .drafted_at = 1795219200,
};

static const char expected[] = "零工劳务协议\n"
                               "协议编号：LG00000042\n"
                               "协议模板：default 第 3 版\n"
                               "\n"
                               "甲方：鹿寨县示范劳务有限公司（91450223MA5K00000X）\n"
                               "乙方：王建国（4502**********123X）\n"
                               "\n"
                               "第一条 小区水电维修（水电工）\n"
                               "工作内容：更换水管\n"
                               "检修电路\n"
                               "时间：2026年11月22日 08:00 至 2026年11月22日 16:00\n"
                               "地点：柳州市鹿寨县 鹿寨镇建设路 18 号\n"
                               "报酬：250.00 元/天\n"
                               "争议：向鹿寨县就业服务中心投诉或拨打12333\n"
                               "起草日期：2026年11月21日\n";

/* sha256sum of the expected text above, computed outside this code base */
#define EXPECTED_SHA256 "34d1643162eef40cac03ee842ff6ae603342a7c4d4980c009b8db4f70a58350b"

START_TEST(fixed_agreement_renders_to_the_pinned_text_and_hash)
{
    char *text = NULL, hex[65];
    long n = agreement_render("零工劳务协议", "default", 3, TEMPLATE, &terms, &text);
    ck_assert_int_eq(n, (long)strlen(expected));
    ck_assert_str_eq(text, expected);
    agreement_sha256_hex(text, (size_t)n, hex);
    ck_assert_str_eq(hex, EXPECTED_SHA256);
    /* rendering is a function: the same input gives the same bytes */
    char *again = NULL;
    ck_assert_int_eq(agreement_render("零工劳务协议", "default", 3, TEMPLATE, &terms, &again), n);
    ck_assert_mem_eq(again, text, (size_t)n);
    free(again);
    free(text);
}
END_TEST

START_TEST(empty_fields_print_a_dash_and_other_units_read_in_words)
{
    struct agreement_terms t = terms;
    t.worker_id = "";
    t.employer_code = NULL;
    t.pay_unit = "hour";
    t.pay_fen = 3550;
    char *text = NULL;
    ck_assert_int_gt(agreement_render("零工劳务协议", "default", 1, TEMPLATE, &t, &text), 0);
    ck_assert_ptr_nonnull(strstr(text, "乙方：王建国（—）\n"));
    ck_assert_ptr_nonnull(strstr(text, "（—）\n乙方"));
    ck_assert_ptr_nonnull(strstr(text, "报酬：35.50 元/小时\n"));
    free(text);
    t.pay_unit = "gig";
    ck_assert_int_gt(agreement_render("零工劳务协议", "default", 1, TEMPLATE, &t, &text), 0);
    ck_assert_ptr_nonnull(strstr(text, "元/单（整单结算）"));
    free(text);
}
END_TEST

START_TEST(values_that_are_not_utf8_fail_the_render)
{
    struct agreement_terms t = terms;
    t.worker_name = "\xff\xfe";
    char *text = (char *)1;
    ck_assert_int_eq(agreement_render("零工劳务协议", "default", 1, TEMPLATE, &t, &text), -1);
    ck_assert_ptr_null(text);
    t = terms;
    t.duties = "\xed\xa0\x80"; /* a UTF-16 surrogate encoded in UTF-8 */
    ck_assert_int_eq(agreement_render("零工劳务协议", "default", 1, TEMPLATE, &t, &text), -1);
}
END_TEST

START_TEST(template_check_names_unknown_missing_and_unbalanced_placeholders)
{
    char why[200];
    ck_assert_int_eq(agreement_template_check(TEMPLATE, why, sizeof why), 0);
    ck_assert_int_eq(agreement_template_check(TEMPLATE "{{salary}}", why, sizeof why), -1);
    ck_assert_ptr_nonnull(strstr(why, "salary"));
    ck_assert_int_eq(agreement_template_check(TEMPLATE "{{pay", why, sizeof why), -1);
    ck_assert_int_eq(agreement_template_check(TEMPLATE "pay}}", why, sizeof why), -1);
    ck_assert_int_eq(agreement_template_check("{{employer_name}}{{worker_name}}", why, sizeof why), -1);
    ck_assert_ptr_nonnull(strstr(why, "{{duties}}"));
    ck_assert_int_eq(agreement_template_check("", why, sizeof why), -1);
    ck_assert_int_eq(agreement_template_check("\xc0\xaf", why, sizeof why), -1);
    /* single braces are text */
    ck_assert_int_eq(agreement_template_check(TEMPLATE "{x} }", why, sizeof why), 0);
}
END_TEST

static const struct agreement_event emp = {
    "employer", 11, 1795306000, "127.0.0.1", "UA|x\nevent=forged\\", "aa", agreement_intent_statement};
static const struct agreement_event wrk = {"worker", 12, 1795306060, "10.0.0.2", "MiniProgram", "aa", "同意"};

START_TEST(seal_payload_has_a_fixed_escaped_line_format)
{
    char *p = NULL;
    long n = agreement_seal_payload(42, "aa", "0123456789abcdef", 1795306100, &emp, &wrk, &p);
    ck_assert_int_gt(n, 0);
    ck_assert_int_eq(n, (long)strlen(p));
    ck_assert_ptr_nonnull(
        strstr(p, "linggong-agreement-seal/1\nagreement=42\ntext_sha256=aa\n"
                  "key_id=0123456789abcdef\nsealed_at=1795306100\nevent=employer\naccount=11\n"));
    /* a user agent cannot forge a line */
    ck_assert_ptr_nonnull(strstr(p, "\nuser_agent=UA|x\\nevent=forged\\\\\n"));
    ck_assert_ptr_nonnull(strstr(p, "\nevent=worker\naccount=12\nsigned_at=1795306060\nip=10.0.0.2\n"));
    ck_assert_ptr_null(strstr(p, "\nevent=forged"));
    char hex[65];
    agreement_sha256_hex(p, (size_t)n, hex);
    ck_assert_str_eq(hex, "fedfa868627f07a12b985df77599e32aeb2b1f1e16ce08535d9b7ff4d2f5c4f1");
    free(p);
    ck_assert_int_eq(agreement_seal_payload(42, "aa", "k", 1, &emp, NULL, &p), -1);
}
END_TEST

START_TEST(log_entry_hash_covers_the_previous_hash)
{
    unsigned char sig[64], prev[32] = {0}, h1[32], h2[32];
    memset(sig, 7, sizeof sig);
    struct agreement_log_entry e = {1, 42, "aa", "bb", sig, "0123456789abcdef", 1795306100, prev};
    ck_assert_int_eq(agreement_log_hash(&e, h1), 0);
    prev[31] = 1;
    ck_assert_int_eq(agreement_log_hash(&e, h2), 0);
    ck_assert_int_ne(memcmp(h1, h2, 32), 0);
    char hex[65];
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        hex[2 * i] = digits[h1[i] >> 4];
        hex[2 * i + 1] = digits[h1[i] & 15];
    }
    hex[64] = '\0';
    ck_assert_str_eq(hex, "b8e08a91884a4f722b62b8d039992385affd87712238f6bd9b207f74b00dbf8c");
}
END_TEST

/* RFC 8032 section 7.1, test 1: the secret key as PKCS#8 PEM, an empty message, the published signature */
static const char rfc_pem[] = "-----BEGIN PRIVATE KEY-----\n"
                              "MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g\n"
                              "-----END PRIVATE KEY-----\n";
static const char rfc_pub[] = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
static const char rfc_sig[] =
    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b4"
    "6bd25bf5f0595bbe24655141438e7a100b";

static void unhex(const char *h, unsigned char *out)
{
    for (size_t i = 0; h[2 * i]; i++) {
        unsigned v;
        sscanf(h + 2 * i, "%2x", &v);
        out[i] = (unsigned char)v;
    }
}

START_TEST(seal_matches_rfc8032_and_rejects_bad_keys)
{
    unsigned char sig[64], want[64], pub[32], raw[32];
    ck_assert_int_eq(seal_init(rfc_pem), 0);
    ck_assert_int_eq(seal_enabled(), 1);
    ck_assert_int_eq(seal_public_raw(raw), 0);
    unhex(rfc_pub, pub);
    ck_assert_mem_eq(raw, pub, 32);
    ck_assert_int_eq((int)strlen(seal_key_id()), 16);
    ck_assert_int_eq(seal_sign("", 0, sig), 0);
    unhex(rfc_sig, want);
    ck_assert_mem_eq(sig, want, 64);
    ck_assert_int_eq(seal_verify("", 0, sig), 1);
    ck_assert_int_eq(seal_verify_with(pub, "", 0, sig), 1);
    sig[0] ^= 1;
    ck_assert_int_eq(seal_verify("", 0, sig), 0);
    ck_assert_int_eq(seal_verify("x", 1, want), 0);
    char pem[256];
    ck_assert_int_gt(seal_public_pem(pem, sizeof pem), 0);
    ck_assert_ptr_nonnull(strstr(pem, "-----BEGIN PUBLIC KEY-----"));
    /* a key on one line with literal \n works too */
    ck_assert_int_eq(
        seal_init("-----BEGIN PRIVATE KEY-----\\nMC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rA"
                  "Mcrn9g\\n-----END PRIVATE KEY-----"),
        0);
    ck_assert_int_eq(seal_public_raw(raw), 0);
    ck_assert_mem_eq(raw, pub, 32);
    ck_assert_int_eq(seal_init("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"), -1);
    ck_assert_int_eq(seal_enabled(), 0);
    ck_assert_int_eq(seal_sign("", 0, sig), -1);
    ck_assert_int_eq(seal_init(""), 0);
    ck_assert_int_eq(seal_enabled(), 0);
    seal_end();
}
END_TEST

START_TEST(pdf_renders_pages_and_rejects_bad_input)
{
    static char para[40000];
    para[0] = '\0';
    for (int i = 0; i < 120; i++)
        strcat(para,
               "第N条 乙方应按照甲方安排完成约定的劳务内容，遵守安全操作规程，甲方提供劳动保护用品。\n");
    const char *kv[] = {"甲方", "鹿寨县示范劳务有限公司", "乙方", "王建国"};
    const char *tab[] = {"签署方", "时间", "甲方", "2026年11月22日 08:00"};
    struct pdf_block b[] = {
        {.kind = PDF_HEADING, .text = "一、双方"},
        {.kind = PDF_KV, .cells = kv, .nrows = 2},
        {.kind = PDF_PARAGRAPH, .text = para},
        {.kind = PDF_TABLE, .cells = tab, .ncols = 2, .nrows = 2},
        {.kind = PDF_MONO, .text = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"},
        {.kind = PDF_QR, .qr = "https://example.org/api/v1/agreements/1/verify", .text = "扫码核验"},
        {.kind = PDF_NOTE, .text = "注"},
    };
    struct pdf_doc d = {.title = "零工劳务协议", .footer = "协议编号 LG00000001", .blocks = b, .nblocks = 7};
    unsigned char *out = NULL;
    size_t len = 0;
    int pages = pdf_render(&d, &out, &len);
    ck_assert_int_gt(pages, 2); /* 120 lines of text flow over several pages */
    ck_assert_ptr_nonnull(out);
    ck_assert_mem_eq(out, "%PDF-", 5);
    ck_assert_uint_lt(len, 200 * 1024);
    free(out);
    /* one short page */
    d.nblocks = 2;
    ck_assert_int_eq(pdf_render(&d, &out, &len), 1);
    ck_assert_uint_lt(len, 100 * 1024); /* the CJK font is subset, not embedded whole (~10 MB) */
    free(out);
    /* invalid input: bad UTF-8, 9 columns, an empty QR payload */
    struct pdf_block bad[] = {{.kind = PDF_PARAGRAPH, .text = "\xff"}};
    struct pdf_doc db = {.title = "t", .blocks = bad, .nblocks = 1};
    ck_assert_int_eq(pdf_render(&db, &out, &len), -1);
    ck_assert_ptr_null(out);
    const char *cells[9] = {"1", "2", "3", "4", "5", "6", "7", "8", "9"};
    bad[0] = (struct pdf_block){.kind = PDF_TABLE, .cells = cells, .ncols = 9, .nrows = 1};
    ck_assert_int_eq(pdf_render(&db, &out, &len), -1);
    bad[0] = (struct pdf_block){.kind = PDF_QR, .qr = ""};
    ck_assert_int_eq(pdf_render(&db, &out, &len), -1);
    pdf_end(); /* and the leak checker sees nothing of Pango's, cairo's or fontconfig's caches */
}
END_TEST

START_TEST(times_outside_years_1_to_9999_print_a_dash)
{
    char buf[64];
    /* the last second of 9999 (UTC) and the first of year 1 still print; one more either way does not */
    ck_assert_str_eq(agreement_local_time(253402300799LL, buf, sizeof buf), "10000年01月01日 07:59");
    ck_assert_str_eq(agreement_local_time(253402300800LL, buf, sizeof buf), "—");
    ck_assert_str_eq(agreement_local_date(-62135596800LL, buf, sizeof buf), "0001年01月01日");
    ck_assert_str_eq(agreement_local_date(-62135596801LL, buf, sizeof buf), "—");
    /* t + 8 h overflowed here (UBSan: fuzz_agreement's seed crash-local-time-overflow) */
    ck_assert_str_eq(agreement_local_time(LLONG_MAX, buf, sizeof buf), "—");
    ck_assert_str_eq(agreement_local_date(LLONG_MAX, buf, sizeof buf), "—");
    ck_assert_str_eq(agreement_local_time(LLONG_MIN, buf, sizeof buf), "—");
}
END_TEST

Suite *unit_suite(void)
{
    Suite *s = suite_create("agreement");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, fixed_agreement_renders_to_the_pinned_text_and_hash);
    tcase_add_test(tc, empty_fields_print_a_dash_and_other_units_read_in_words);
    tcase_add_test(tc, values_that_are_not_utf8_fail_the_render);
    tcase_add_test(tc, template_check_names_unknown_missing_and_unbalanced_placeholders);
    tcase_add_test(tc, seal_payload_has_a_fixed_escaped_line_format);
    tcase_add_test(tc, log_entry_hash_covers_the_previous_hash);
    tcase_add_test(tc, seal_matches_rfc8032_and_rejects_bad_keys);
    tcase_add_test(tc, pdf_renders_pages_and_rejects_bad_input);
    tcase_add_test(tc, times_outside_years_1_to_9999_print_a_dash);
    suite_add_tcase(s, tc);
    return s;
}
