/* Region codes: validity, levels, prefixes, containment for admin scoping, and the province/city/county
 * chain denormalised onto gigs. */
#include "domain/region.h"
#include "unit.h"

START_TEST(levels_and_validity)
{
    ck_assert_int_eq(region_level("450000"), 1);
    ck_assert_int_eq(region_level("450200"), 2);
    ck_assert_int_eq(region_level("450223"), 3);
    ck_assert_int_eq(region_level("450223100"), 4);
    ck_assert_int_eq(region_level("450223100000"), 4);
    ck_assert_int_eq(region_level("45022"), 0);
    ck_assert_int_eq(region_level("4502231"), 0);
    ck_assert_int_eq(region_level("045022"), 0);
    ck_assert_int_eq(region_level("45022a"), 0);
    ck_assert_int_eq(region_level(""), 0);
    ck_assert_int_eq(region_valid(NULL), 0);
}
END_TEST

START_TEST(containment_follows_the_tree)
{
    ck_assert_int_eq(region_contains("450223", "450223100"), 1);
    ck_assert_int_eq(region_contains("450223", "450223"), 1);
    ck_assert_int_eq(region_contains("450200", "450223"), 1);
    ck_assert_int_eq(region_contains("450000", "450223100"), 1);
    ck_assert_int_eq(region_contains("450223", "360824"), 0); /* 鹿寨 admin, 新干 gig */
    ck_assert_int_eq(region_contains("450223", "450224"), 0);
    ck_assert_int_eq(region_contains("450200", "450300"), 0);
    ck_assert_int_eq(region_contains("360000", "450223"), 0);
    ck_assert_int_eq(region_contains("", "360824"), 1);
    ck_assert_int_eq(region_contains(NULL, "360824"), 1);
    ck_assert_int_eq(region_contains("450223", "bogus"), 0);
    ck_assert_int_eq(region_contains("bogus", "450223"), 0);
}
END_TEST

START_TEST(chain_of_each_level)
{
    char p[7], c[7], k[7];
    ck_assert_int_eq(region_chain("450223103", p, c, k), 0);
    ck_assert_str_eq(p, "450000");
    ck_assert_str_eq(c, "450200");
    ck_assert_str_eq(k, "450223");
    ck_assert_int_eq(region_chain("360300", p, c, k), 0);
    ck_assert_str_eq(p, "360000");
    ck_assert_str_eq(c, "360300");
    ck_assert_str_eq(k, "");
    ck_assert_int_eq(region_chain("360000", p, c, k), 0);
    ck_assert_str_eq(c, "");
    ck_assert_int_eq(region_chain("3600", p, c, k), -1);
    char pre[13];
    ck_assert_int_eq(region_prefix("360000", pre), 2);
    ck_assert_str_eq(pre, "36");
    ck_assert_int_eq(region_prefix("360800", pre), 4);
    ck_assert_int_eq(region_prefix("360824101", pre), 9);
}
END_TEST

Suite *unit_suite(void)
{
    Suite *s = suite_create("region");
    TCase *tc = tcase_create("region");
    tcase_add_test(tc, levels_and_validity);
    tcase_add_test(tc, containment_follows_the_tree);
    tcase_add_test(tc, chain_of_each_level);
    suite_add_tcase(s, tc);
    return s;
}
