/* Keyword search tokens: "水电" must find "水电工维修", one-character and Latin queries work, full-width
 * and case fold, invalid UTF-8 and overflow are reported. */
#include <string.h>

#include "domain/searchterms.h"
#include "unit.h"

/* 1 if every "+token" of query (prefix-aware for "*") appears among the index tokens. */
static int finds(const char *indexed, const char *query)
{
    char q[512];
    strcpy(q, query);
    for (char *tok = strtok(q, " "); tok; tok = strtok(NULL, " ")) {
        const char *t = tok + 1;
        size_t n = strlen(t);
        int prefix = n && t[n - 1] == '*';
        if (prefix)
            n--;
        int hit = 0;
        const char *p = indexed;
        while (*p && !hit) {
            size_t len = strcspn(p, " ");
            hit = prefix ? (len >= n && strncmp(p, t, n) == 0) : (len == n && strncmp(p, t, n) == 0);
            p += len;
            while (*p == ' ')
                p++;
        }
        if (!hit)
            return 0;
    }
    return 1;
}

START_TEST(bigrams_of_a_han_run)
{
    char out[256] = "";
    ck_assert_int_eq(searchterms_index("水电工", 0, out, sizeof out),
                     (long)strlen("h06c3407535 h0753505de5"));
    ck_assert_str_eq(out, "h06c3407535 h0753505de5");
}
END_TEST

START_TEST(keyword_finds_longer_words)
{
    char idx[512] = "", q[256];
    searchterms_index("招聘水电工维修师傅，日结", 1, idx, sizeof idx);
    ck_assert_int_eq(searchterms_query("水电", q, sizeof q), 1);
    ck_assert_int_eq(finds(idx, q), 1);
    ck_assert_int_gt(searchterms_query("水电工维修", q, sizeof q), 1);
    ck_assert_int_eq(finds(idx, q), 1);
    ck_assert_int_eq(searchterms_query("电", q, sizeof q), 1); /* unigram, title indexed with unigrams */
    ck_assert_int_eq(finds(idx, q), 1);
    ck_assert_int_eq(searchterms_query("电焊", q, sizeof q), 1);
    ck_assert_int_eq(finds(idx, q), 0);
    ck_assert_int_eq(searchterms_query("水 电", q, sizeof q), 2); /* two lone characters */
    ck_assert_int_eq(finds(idx, q), 1);
}
END_TEST

START_TEST(latin_words_fold_width_and_case)
{
    char idx[256] = "", q[128];
    searchterms_index("招聘ＰＳ美工 Excel 2024", 0, idx, sizeof idx);
    ck_assert_ptr_nonnull(strstr(idx, "wps"));
    ck_assert_ptr_nonnull(strstr(idx, "wexcel"));
    ck_assert_ptr_nonnull(strstr(idx, "w2024"));
    ck_assert_int_eq(searchterms_query("EXC", q, sizeof q), 1);
    ck_assert_str_eq(q, "+wexc*");
    ck_assert_int_eq(finds(idx, q), 1);
    ck_assert_int_eq(searchterms_query("x", q, sizeof q), 0); /* too short to search */
    ck_assert_int_eq(searchterms_query("，。！", q, sizeof q), 0);
}
END_TEST

START_TEST(appends_and_reports_overflow_and_bad_utf8)
{
    char out[64] = "habc";
    ck_assert_int_gt(searchterms_index("木工", 0, out, sizeof out), 4);
    ck_assert_int_eq(strncmp(out, "habc h", 6), 0);
    char tiny[8] = "";
    ck_assert_int_eq(searchterms_index("水电工维修", 0, tiny, sizeof tiny), -1);
    char buf[64] = "";
    ck_assert_int_eq(searchterms_index("\xe6\xb0", 0, buf, sizeof buf), -1);
    ck_assert_int_eq(searchterms_query("\xff", buf, sizeof buf), -1);
    ck_assert_int_eq(searchterms_index("", 0, buf, sizeof buf), 0);
}
END_TEST

Suite *unit_suite(void)
{
    Suite *s = suite_create("searchterms");
    TCase *tc = tcase_create("searchterms");
    tcase_add_test(tc, bigrams_of_a_han_run);
    tcase_add_test(tc, keyword_finds_longer_words);
    tcase_add_test(tc, latin_words_fold_width_and_case);
    tcase_add_test(tc, appends_and_reports_overflow_and_bad_utf8);
    suite_add_tcase(s, tc);
    return s;
}
