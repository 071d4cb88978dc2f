/* Unit tests of domain/creditcode: GB 32100-2015 codes of real format, each failure reason, every
 * department/type combination. */
#include <string.h>
#include "unit.h"
#include "domain/creditcode.h"

static const char cs[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* Completes a 16-character prefix with both check characters, computed independently of the module. */
static void complete(const char *prefix16, char out[19])
{
    static const int ow[8] = {3, 7, 9, 10, 5, 8, 4, 2};
    static const int w[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    memcpy(out, prefix16, 16);
    int sum = 0;
    for (int i = 0; i < 8; i++) {
        char c = out[8 + i];
        sum += (c <= '9' ? c - '0' : c - 'A' + 10) * ow[i];
    }
    int oc = 11 - sum % 11;
    out[16] = oc == 10 ? 'X' : oc == 11 ? '0' : (char)('0' + oc);
    sum = 0;
    for (int i = 0; i < 17; i++)
        sum += (int)(strchr(cs, out[i]) - cs) * w[i];
    out[17] = cs[(31 - sum % 31) % 31];
    out[18] = '\0';
}

START_TEST(real_codes)
{
    char out[19];
    /* the example printed in GB 32100-2015 explanations */
    ck_assert_int_eq(creditcode_validate("91350100M000100Y43", out), CREDITCODE_OK);
    ck_assert_str_eq(out, "91350100M000100Y43");
    ck_assert_int_eq(creditcode_validate("91440300708461136T", NULL), CREDITCODE_OK); /* 腾讯计算机 */
    ck_assert_int_eq(creditcode_validate("914403001922038216", NULL), CREDITCODE_OK); /* 华为技术 */
    ck_assert_int_eq(creditcode_validate("91330100799655058B", NULL), CREDITCODE_OK); /* 阿里巴巴(中国) */
    ck_assert_int_eq(creditcode_validate("91110108551385082Q", NULL), CREDITCODE_OK); /* 小米科技 */
    /* X as both the organisation-code and the final check character */
    ck_assert_int_eq(creditcode_validate("9111000071093123XX", NULL), CREDITCODE_OK);
}
END_TEST

START_TEST(lowercase_is_normalised)
{
    char out[19] = "untouched";
    ck_assert_int_eq(creditcode_validate("91350100m000100y43", out), CREDITCODE_OK);
    ck_assert_str_eq(out, "91350100M000100Y43");
    ck_assert_int_eq(creditcode_validate("9111000071093123xx", out), CREDITCODE_OK);
    ck_assert_str_eq(out, "9111000071093123XX");
}
END_TEST

START_TEST(failure_leaves_output_untouched)
{
    char out[19] = "untouched";
    ck_assert_int_eq(creditcode_validate("91350100M000100Y44", out), CREDITCODE_CHECKSUM);
    ck_assert_str_eq(out, "untouched");
}
END_TEST

START_TEST(length)
{
    ck_assert_int_eq(creditcode_validate(NULL, NULL), CREDITCODE_LENGTH);
    ck_assert_int_eq(creditcode_validate("", NULL), CREDITCODE_LENGTH);
    ck_assert_int_eq(creditcode_validate("91350100M000100Y4", NULL), CREDITCODE_LENGTH);
    ck_assert_int_eq(creditcode_validate("91350100M000100Y433", NULL), CREDITCODE_LENGTH);
    /* 15-digit registration numbers of the old scheme are not credit codes */
    ck_assert_int_eq(creditcode_validate("350100100001234", NULL), CREDITCODE_LENGTH);
}
END_TEST

START_TEST(charset)
{
    const char *bad = "IOZSVioszv-* ";
    for (const char *c = bad; *c; c++) {
        char code[19] = "91350100M000100Y43";
        code[10] = *c;
        ck_assert_msg(creditcode_validate(code, NULL) == CREDITCODE_CHARSET, "char '%c'", *c);
    }
    ck_assert_int_eq(creditcode_validate("91350100M000100Y4\xe4", NULL), CREDITCODE_CHARSET);
}
END_TEST

START_TEST(every_dept_type_combination)
{
    static const char *const valid[] = {"11", "12", "13", "19", "21", "29", "31", "32", "33",
                                        "34", "35", "39", "41", "49", "51", "52", "53", "59",
                                        "61", "62", "69", "71", "72", "79", "81", "89", "91",
                                        "92", "93", "A1", "A9", "N1", "N2", "N3", "N9", "Y1"};
    int ok = 0;
    for (const char *d = cs; *d; d++) {
        for (const char *t = cs; *t; t++) {
            char prefix[17] = "..450223MA5L0001";
            prefix[0] = *d;
            prefix[1] = *t;
            char code[19];
            complete(prefix, code);
            int expect_ok = 0;
            for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++)
                expect_ok |= valid[i][0] == *d && valid[i][1] == *t;
            enum creditcode_reason r = creditcode_validate(code, NULL);
            ck_assert_msg(r == (expect_ok ? CREDITCODE_OK : CREDITCODE_DEPT), "%s -> %s", code,
                          creditcode_reason_name(r));
            ok += r == CREDITCODE_OK;
        }
    }
    ck_assert_int_eq(ok, (int)(sizeof valid / sizeof valid[0]));
}
END_TEST

START_TEST(region)
{
    char code[19];
    complete("91450223MA5L0001", code);
    ck_assert_int_eq(creditcode_validate(code, NULL), CREDITCODE_OK);
    complete("91100000MA5L0001", code); /* national level */
    ck_assert_int_eq(creditcode_validate(code, NULL), CREDITCODE_OK);
    complete("91820000MA5L0001", code);
    ck_assert_int_eq(creditcode_validate(code, NULL), CREDITCODE_OK);
    complete("91990000MA5L0001", code);
    ck_assert_int_eq(creditcode_validate(code, NULL), CREDITCODE_REGION);
    complete("91000000MA5L0001", code);
    ck_assert_int_eq(creditcode_validate(code, NULL), CREDITCODE_REGION);
    complete("91470000MA5L0001", code);
    ck_assert_int_eq(creditcode_validate(code, NULL), CREDITCODE_REGION);
    complete("9145022AMA5L0001", code);
    ck_assert_int_eq(creditcode_validate(code, NULL), CREDITCODE_REGION);
    complete("91A50223MA5L0001", code);
    ck_assert_int_eq(creditcode_validate(code, NULL), CREDITCODE_REGION);
}
END_TEST

START_TEST(orgcode)
{
    char code[19];
    complete("91450223MA5L0001", code);
    ck_assert_int_eq(creditcode_validate(code, NULL), CREDITCODE_OK);
    /* every other organisation check character, with the final check recomputed, is rejected */
    int ok = 0;
    for (const char *c = "0123456789X"; *c; c++) {
        code[16] = *c;
        code[17] = creditcode_check_char(code);
        enum creditcode_reason r = creditcode_validate(code, NULL);
        ck_assert(r == CREDITCODE_OK || r == CREDITCODE_ORGCODE);
        ok += r == CREDITCODE_OK;
    }
    ck_assert_int_eq(ok, 1);
    /* a letter can never be an organisation check character */
    code[16] = 'A';
    code[17] = creditcode_check_char(code);
    ck_assert_int_eq(creditcode_validate(code, NULL), CREDITCODE_ORGCODE);
}
END_TEST

START_TEST(checksum)
{
    ck_assert_int_eq(creditcode_validate("91350100M000100Y44", NULL), CREDITCODE_CHECKSUM);
    ck_assert_int_eq(creditcode_validate("91440300708461136U", NULL), CREDITCODE_CHECKSUM);
    ck_assert_int_eq(creditcode_validate("914403001922038210", NULL), CREDITCODE_CHECKSUM);
    int ok = 0;
    for (const char *c = cs; *c; c++) {
        char code[19] = "91330100799655058?";
        code[17] = *c;
        enum creditcode_reason r = creditcode_validate(code, NULL);
        ck_assert(r == CREDITCODE_OK || r == CREDITCODE_CHECKSUM);
        ok += r == CREDITCODE_OK;
    }
    ck_assert_int_eq(ok, 1);
}
END_TEST

START_TEST(check_char_helpers)
{
    ck_assert_int_eq(creditcode_check_char("91350100M000100Y4"), '3');
    ck_assert_int_eq(creditcode_check_char("9111000071093123X"), 'X');
    ck_assert_int_eq(creditcode_check_char("91350100I000100Y4"), '\0');
    ck_assert_int_eq(creditcode_check_char("9135"), '\0');
    ck_assert_int_eq(creditcode_orgcode_check_char("M000100Y"), '4');
    ck_assert_int_eq(creditcode_orgcode_check_char("71093123"), 'X');
    ck_assert_int_eq(creditcode_orgcode_check_char("70846113"), '6');
    ck_assert_int_eq(creditcode_orgcode_check_char("7084611"), '\0');
    ck_assert_int_eq(creditcode_orgcode_check_char("7084611-"), '\0');
    /* a sum that is a multiple of 11 gives check value 11, written 0 */
    char body[9] = "0000000?";
    int found0 = 0;
    for (char c = '0'; c <= '9'; c++) {
        body[7] = c;
        if (((c - '0') * 2) % 11 == 0)
            found0 = creditcode_orgcode_check_char(body) == '0';
    }
    ck_assert(found0);
}
END_TEST

START_TEST(reason_names)
{
    ck_assert_str_eq(creditcode_reason_name(CREDITCODE_OK), "ok");
    ck_assert_str_eq(creditcode_reason_name(CREDITCODE_LENGTH), "length");
    ck_assert_str_eq(creditcode_reason_name(CREDITCODE_CHARSET), "charset");
    ck_assert_str_eq(creditcode_reason_name(CREDITCODE_DEPT), "dept");
    ck_assert_str_eq(creditcode_reason_name(CREDITCODE_REGION), "region");
    ck_assert_str_eq(creditcode_reason_name(CREDITCODE_ORGCODE), "orgcode");
    ck_assert_str_eq(creditcode_reason_name(CREDITCODE_CHECKSUM), "checksum");
    ck_assert_str_eq(creditcode_reason_name((enum creditcode_reason)42), "unknown");
}
END_TEST

Suite *unit_suite(void)
{
    Suite *s = suite_create("creditcode");
    TCase *tc = tcase_create("creditcode");
    tcase_add_test(tc, real_codes);
    tcase_add_test(tc, lowercase_is_normalised);
    tcase_add_test(tc, failure_leaves_output_untouched);
    tcase_add_test(tc, length);
    tcase_add_test(tc, charset);
    tcase_add_test(tc, every_dept_type_combination);
    tcase_add_test(tc, region);
    tcase_add_test(tc, orgcode);
    tcase_add_test(tc, checksum);
    tcase_add_test(tc, check_char_helpers);
    tcase_add_test(tc, reason_names);
    suite_add_tcase(s, tc);
    return s;
}
