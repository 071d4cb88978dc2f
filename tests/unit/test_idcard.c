/* Unit tests of domain/idcard: GB 11643-1999 validation, birth date limits, gender, age and masking. */
#include <string.h>
#include "unit.h"
#include "domain/idcard.h"

/* 2024-06-15T12:00:00Z */
#define NOW_2024 ((time_t)1718452800)
/* 2025-02-28T00:00:00+08:00 == 2025-02-27T16:00:00Z */
#define SH_2025_02_28 ((time_t)1740672000)

/* Completes 17 digits with their MOD 11-2 check character, computed independently of the module. */
static void with_check(const char *body17, char out[19])
{
    static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 17; i++)
        sum += (body17[i] - '0') * w[i];
    memcpy(out, body17, 17);
    out[17] = "10X98765432"[sum % 11];
    out[18] = '\0';
}

static enum idcard_reason check17(const char *body17, time_t now)
{
    char id[19];
    with_check(body17, id);
    return idcard_validate(id, now, NULL);
}

START_TEST(valid_known_vectors)
{
    char out[19];
    memset(out, '#', sizeof out);
    ck_assert_int_eq(idcard_validate("11010519491231002X", NOW_2024, out), IDCARD_OK);
    ck_assert_str_eq(out, "11010519491231002X");
    ck_assert_int_eq(idcard_validate("450223199003071235", NOW_2024, out), IDCARD_OK);
    ck_assert_str_eq(out, "450223199003071235");
    ck_assert_int_eq(idcard_validate("360302200002294565", NOW_2024, NULL), IDCARD_OK);
    ck_assert_int_eq(idcard_validate("450223199912310037", NOW_2024, NULL), IDCARD_OK);
}
END_TEST

START_TEST(lowercase_x_is_normalised)
{
    char out[19] = "untouched";
    ck_assert_int_eq(idcard_validate("11010519491231002x", NOW_2024, out), IDCARD_OK);
    ck_assert_str_eq(out, "11010519491231002X");
}
END_TEST

START_TEST(failure_leaves_output_untouched)
{
    char out[19] = "untouched";
    ck_assert_int_eq(idcard_validate("110105194912310021", NOW_2024, out), IDCARD_CHECKSUM);
    ck_assert_str_eq(out, "untouched");
}
END_TEST

START_TEST(length)
{
    ck_assert_int_eq(idcard_validate(NULL, NOW_2024, NULL), IDCARD_LENGTH);
    ck_assert_int_eq(idcard_validate("", NOW_2024, NULL), IDCARD_LENGTH);
    ck_assert_int_eq(idcard_validate("11010519491231002", NOW_2024, NULL), IDCARD_LENGTH);
    ck_assert_int_eq(idcard_validate("11010519491231002X0", NOW_2024, NULL), IDCARD_LENGTH);
    ck_assert_int_eq(idcard_validate(" 11010519491231002X", NOW_2024, NULL), IDCARD_LENGTH);
    /* 15-digit first-generation numbers are not accepted */
    ck_assert_int_eq(idcard_validate("110105491231002", NOW_2024, NULL), IDCARD_LENGTH);
}
END_TEST

START_TEST(charset)
{
    ck_assert_int_eq(idcard_validate("1101051949123100XX", NOW_2024, NULL), IDCARD_CHARSET);
    ck_assert_int_eq(idcard_validate("11010519491231002Y", NOW_2024, NULL), IDCARD_CHARSET);
    ck_assert_int_eq(idcard_validate("A1010519491231002X", NOW_2024, NULL), IDCARD_CHARSET);
    ck_assert_int_eq(idcard_validate("11010519491231 02X", NOW_2024, NULL), IDCARD_CHARSET);
    ck_assert_int_eq(idcard_validate("１1010519491231002", NOW_2024, NULL), IDCARD_LENGTH);
}
END_TEST

START_TEST(region)
{
    ck_assert_int_eq(check17("00010519491231002", NOW_2024), IDCARD_REGION);
    ck_assert_int_eq(check17("10010519491231002", NOW_2024), IDCARD_REGION);
    ck_assert_int_eq(check17("99010519491231002", NOW_2024), IDCARD_REGION);
    ck_assert_int_eq(check17("47010519491231002", NOW_2024), IDCARD_REGION);
    /* Hong Kong / Macao / Taiwan residence permits */
    ck_assert_int_eq(check17("81000019900101001", NOW_2024), IDCARD_OK);
    ck_assert_int_eq(check17("83000019900101001", NOW_2024), IDCARD_OK);
    ck_assert_int_eq(check17("65010219900101001", NOW_2024), IDCARD_OK);
}
END_TEST

START_TEST(date_calendar)
{
    ck_assert_int_eq(check17("45022319000228001", NOW_2024), IDCARD_OK);
    ck_assert_int_eq(check17("45022319000229001", NOW_2024), IDCARD_DATE); /* 1900 is not a leap year */
    ck_assert_int_eq(check17("45022320000229001", NOW_2024), IDCARD_OK);   /* 2000 is */
    ck_assert_int_eq(check17("45022319990229001", NOW_2024), IDCARD_DATE);
    ck_assert_int_eq(check17("45022319960229001", NOW_2024), IDCARD_OK);
    ck_assert_int_eq(check17("45022319990230001", NOW_2024), IDCARD_DATE);
    ck_assert_int_eq(check17("45022319990431001", NOW_2024), IDCARD_DATE);
    ck_assert_int_eq(check17("45022319990430001", NOW_2024), IDCARD_OK);
    ck_assert_int_eq(check17("45022319991231001", NOW_2024), IDCARD_OK);
    ck_assert_int_eq(check17("45022319991232001", NOW_2024), IDCARD_DATE);
    ck_assert_int_eq(check17("45022319991301001", NOW_2024), IDCARD_DATE);
    ck_assert_int_eq(check17("45022319990001001", NOW_2024), IDCARD_DATE);
    ck_assert_int_eq(check17("45022319990100001", NOW_2024), IDCARD_DATE);
}
END_TEST

START_TEST(date_year_limits)
{
    ck_assert_int_eq(check17("45022319000101001", NOW_2024), IDCARD_OK);
    ck_assert_int_eq(check17("45022318991231001", NOW_2024), IDCARD_DATE);
    /* the standard's own example has a checksum that matches but an 1880 birth date */
    ck_assert_int_eq(idcard_validate("440524188001010014", NOW_2024, NULL), IDCARD_DATE);
    /* born today is the upper limit */
    ck_assert_int_eq(check17("45022320240615001", NOW_2024), IDCARD_OK);
    ck_assert_int_eq(check17("45022320240616001", NOW_2024), IDCARD_DATE);
    ck_assert_int_eq(check17("45022320241231001", NOW_2024), IDCARD_DATE);
    ck_assert_int_eq(check17("45022320250101001", NOW_2024), IDCARD_DATE);
}
END_TEST

START_TEST(date_today_is_shanghai_day)
{
    /* born 2025-02-28: at 23:59:59 Shanghai on the 27th it is still in the future */
    ck_assert_int_eq(check17("45022320250228002", SH_2025_02_28 - 1), IDCARD_DATE);
    ck_assert_int_eq(check17("45022320250228002", SH_2025_02_28), IDCARD_OK);
}
END_TEST

START_TEST(checksum)
{
    ck_assert_int_eq(idcard_validate("110105194912310021", NOW_2024, NULL), IDCARD_CHECKSUM);
    ck_assert_int_eq(idcard_validate("450223199003071234", NOW_2024, NULL), IDCARD_CHECKSUM);
    ck_assert_int_eq(idcard_validate("45022319900307123X", NOW_2024, NULL), IDCARD_CHECKSUM);
    /* transposed digits are caught */
    ck_assert_int_eq(idcard_validate("450223199003071325", NOW_2024, NULL), IDCARD_CHECKSUM);
    /* every wrong check character is rejected, the right one accepted */
    const char *cands = "0123456789X";
    int ok = 0;
    for (const char *c = cands; *c; c++) {
        char id[19] = "45022319900307123?";
        id[17] = *c;
        enum idcard_reason r = idcard_validate(id, NOW_2024, NULL);
        ck_assert(r == IDCARD_OK || r == IDCARD_CHECKSUM);
        ok += r == IDCARD_OK;
    }
    ck_assert_int_eq(ok, 1);
}
END_TEST

START_TEST(birth_year_and_gender)
{
    ck_assert_int_eq(idcard_birth_year("11010519491231002X"), 1949);
    ck_assert_int_eq(idcard_birth_year("450223199003071235"), 1990);
    ck_assert_int_eq(idcard_birth_year("4502231990"), -1);
    ck_assert_int_eq(idcard_birth_year(NULL), -1);
    ck_assert_int_eq(idcard_birth_year("450223X99003071235"), -1);
    ck_assert_int_eq(idcard_gender("11010519491231002X"), IDCARD_FEMALE);
    ck_assert_int_eq(idcard_gender("450223199003071235"), IDCARD_MALE);
    ck_assert_int_eq(idcard_gender("450223199003071205"), IDCARD_FEMALE);
    ck_assert_int_eq(idcard_gender("450223199003071295"), IDCARD_MALE);
    ck_assert_int_eq(idcard_gender("4502231990030712"), IDCARD_GENDER_UNKNOWN);
    ck_assert_int_eq(idcard_gender(NULL), IDCARD_GENDER_UNKNOWN);
}
END_TEST

START_TEST(age)
{
    /* born 1990-03-07; now 2024-06-15 */
    ck_assert_int_eq(idcard_age("450223199003071235", NOW_2024), 34);
    /* born 2006-06-15 turns 18 on 2024-06-15 (Shanghai), not the day before */
    char id[19];
    with_check("45022320060615001", id);
    ck_assert_int_eq(idcard_age(id, NOW_2024), 18);
    ck_assert_int_eq(idcard_age(id, NOW_2024 - 86400), 17);
    /* born 2008-02-29: in the common year 2025 the birthday counts as reached on 1 March */
    with_check("45022320080229001", id);
    ck_assert_int_eq(idcard_age(id, SH_2025_02_28), 16);
    ck_assert_int_eq(idcard_age(id, SH_2025_02_28 + 86400), 17);
    ck_assert_int_eq(idcard_age("450223202406160010", NOW_2024), -1);
    ck_assert_int_eq(idcard_age("4502231990030712", NOW_2024), -1);
}
END_TEST

START_TEST(mask)
{
    char out[19];
    ck_assert_int_eq(idcard_mask("450223199003071235", out), 0);
    ck_assert_str_eq(out, "4502**********1235");
    ck_assert_int_eq(idcard_mask("11010519491231002x", out), 0);
    ck_assert_str_eq(out, "1101**********002X");
    ck_assert_uint_eq(strlen(out), 18);
    ck_assert_int_eq(idcard_mask("1101051949123100", out), -1);
    ck_assert_str_eq(out, "");
    ck_assert_int_eq(idcard_mask(NULL, out), -1);
}
END_TEST

START_TEST(reason_names)
{
    ck_assert_str_eq(idcard_reason_name(IDCARD_OK), "ok");
    ck_assert_str_eq(idcard_reason_name(IDCARD_LENGTH), "length");
    ck_assert_str_eq(idcard_reason_name(IDCARD_CHARSET), "charset");
    ck_assert_str_eq(idcard_reason_name(IDCARD_REGION), "region");
    ck_assert_str_eq(idcard_reason_name(IDCARD_DATE), "date");
    ck_assert_str_eq(idcard_reason_name(IDCARD_CHECKSUM), "checksum");
    ck_assert_str_eq(idcard_reason_name((enum idcard_reason)99), "unknown");
}
END_TEST

Suite *unit_suite(void)
{
    Suite *s = suite_create("idcard");
    TCase *tc = tcase_create("idcard");
    tcase_add_test(tc, valid_known_vectors);
    tcase_add_test(tc, lowercase_x_is_normalised);
    tcase_add_test(tc, failure_leaves_output_untouched);
    tcase_add_test(tc, length);
    tcase_add_test(tc, charset);
    tcase_add_test(tc, region);
    tcase_add_test(tc, date_calendar);
    tcase_add_test(tc, date_year_limits);
    tcase_add_test(tc, date_today_is_shanghai_day);
    tcase_add_test(tc, checksum);
    tcase_add_test(tc, birth_year_and_gender);
    tcase_add_test(tc, age);
    tcase_add_test(tc, mask);
    tcase_add_test(tc, reason_names);
    suite_add_tcase(s, tc);
    return s;
}
