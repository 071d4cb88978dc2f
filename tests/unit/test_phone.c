/* Unit tests of domain/phone: mainland mobile validation, normalisation and the 138****1234 mask. */
#include <string.h>
#include "unit.h"
#include "domain/phone.h"

START_TEST(valid_numbers)
{
    ck_assert_int_eq(phone_valid("13800138000"), 1);
    ck_assert_int_eq(phone_valid("19912345678"), 1);
    ck_assert_int_eq(phone_valid("14700000000"), 1);
    /* every second digit 3-9 is a mobile prefix, 0-2 never */
    for (char c = '0'; c <= '9'; c++) {
        char s[12] = "13800138000";
        s[1] = c;
        ck_assert_int_eq(phone_valid(s), c >= '3');
    }
}
END_TEST

START_TEST(invalid_numbers)
{
    ck_assert_int_eq(phone_valid(NULL), 0);
    ck_assert_int_eq(phone_valid(""), 0);
    ck_assert_int_eq(phone_valid("1380013800"), 0);   /* 10 digits */
    ck_assert_int_eq(phone_valid("138001380001"), 0); /* 12 digits */
    ck_assert_int_eq(phone_valid("23800138000"), 0);
    ck_assert_int_eq(phone_valid("03800138000"), 0);
    ck_assert_int_eq(phone_valid("1380013800a"), 0);
    ck_assert_int_eq(phone_valid("138 0013800"), 0);
    ck_assert_int_eq(phone_valid("+8613800138"), 0);
    ck_assert_int_eq(phone_valid("1380013800\n"), 0);
}
END_TEST

START_TEST(normalise)
{
    char out[12];
    ck_assert_int_eq(phone_normalise("13800138000", out), 0);
    ck_assert_str_eq(out, "13800138000");
    ck_assert_int_eq(phone_normalise("+8613800138000", out), 0);
    ck_assert_str_eq(out, "13800138000");
    ck_assert_int_eq(phone_normalise("+86 138-0013-8000", out), 0);
    ck_assert_str_eq(out, "13800138000");
    ck_assert_int_eq(phone_normalise("8613800138000", out), 0);
    ck_assert_str_eq(out, "13800138000");
    ck_assert_int_eq(phone_normalise(" 138 0013 8000 ", out), 0);
    ck_assert_str_eq(out, "13800138000");
}
END_TEST

START_TEST(normalise_rejects)
{
    char out[12] = "x";
    ck_assert_int_eq(phone_normalise(NULL, out), -1);
    ck_assert_str_eq(out, "");
    ck_assert_int_eq(phone_normalise("", out), -1);
    ck_assert_int_eq(phone_normalise("+13800138000", out), -1);     /* + without 86 */
    ck_assert_int_eq(phone_normalise("+8513800138000", out), -1);   /* other country */
    ck_assert_int_eq(phone_normalise("+86 12800138000", out), -1);  /* not mobile */
    ck_assert_int_eq(phone_normalise("1380013800", out), -1);       /* 10 digits */
    ck_assert_int_eq(phone_normalise("138001380001", out), -1);     /* 12 digits */
    ck_assert_int_eq(phone_normalise("86138001380001", out), -1);   /* 86 + 12 digits */
    ck_assert_int_eq(phone_normalise("0086 13800138000", out), -1); /* 00 prefix */
    ck_assert_int_eq(phone_normalise("138.0013.8000", out), -1);
    ck_assert_int_eq(phone_normalise("++8613800138000", out), -1);
    ck_assert_int_eq(phone_normalise("138001380009999999999999", out), -1);
    ck_assert_str_eq(out, "");
}
END_TEST

START_TEST(mask)
{
    char out[12];
    ck_assert_int_eq(phone_mask("13800131234", out), 0);
    ck_assert_str_eq(out, "138****1234");
    ck_assert_int_eq(phone_mask("19912345678", out), 0);
    ck_assert_str_eq(out, "199****5678");
    ck_assert_int_eq(phone_mask("1380013123", out), -1);
    ck_assert_str_eq(out, "");
    ck_assert_int_eq(phone_mask(NULL, out), -1);
    ck_assert_int_eq(phone_mask("12800131234", out), -1);
}
END_TEST

Suite *unit_suite(void)
{
    Suite *s = suite_create("phone");
    TCase *tc = tcase_create("phone");
    tcase_add_test(tc, valid_numbers);
    tcase_add_test(tc, invalid_numbers);
    tcase_add_test(tc, normalise);
    tcase_add_test(tc, normalise_rejects);
    tcase_add_test(tc, mask);
    suite_add_tcase(s, tc);
    return s;
}
