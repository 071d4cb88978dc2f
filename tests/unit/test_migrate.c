/* Splitting migration files into statements: ';' at the end of a line ends a statement, comment lines
 * never do, comment-only chunks are skipped. */
#include <stdio.h>
#include <string.h>

#include "store/migrate.h"
#include "unit.h"

static char got[8][256];
static int ngot;

static int collect(void *ctx, const char *stmt)
{
    (void)ctx;
    if (ngot < 8)
        snprintf(got[ngot++], sizeof got[0], "%s", stmt);
    return 0;
}

static int stop_at_second(void *ctx, const char *stmt)
{
    (void)stmt;
    return ++*(int *)ctx == 2 ? 7 : 0;
}

START_TEST(splits_on_semicolon_at_line_end)
{
    char text[] = "-- header; with a semicolon;\nCREATE TABLE a (x INT);\n\n"
                  "INSERT INTO a VALUES (1),\n (2);  \n-- trailing comment\n";
    ngot = 0;
    ck_assert_int_eq(store_migrate_split(text, collect, NULL), 0);
    ck_assert_int_eq(ngot, 2);
    ck_assert_ptr_nonnull(strstr(got[0], "CREATE TABLE a (x INT)"));
    ck_assert_ptr_nonnull(strstr(got[1], "INSERT INTO a VALUES (1),\n (2)"));
}
END_TEST

START_TEST(semicolon_inside_a_line_does_not_split)
{
    char text[] = "INSERT INTO t VALUES ('a;b');\nSELECT 1";
    ngot = 0;
    ck_assert_int_eq(store_migrate_split(text, collect, NULL), 0);
    ck_assert_int_eq(ngot, 2);
    ck_assert_str_eq(got[0], "INSERT INTO t VALUES ('a;b')");
    ck_assert_str_eq(got[1], "SELECT 1");
}
END_TEST

START_TEST(empty_and_comment_only_files_run_nothing)
{
    char a[] = "", b[] = "-- nothing;\n\n   \n";
    ngot = 0;
    ck_assert_int_eq(store_migrate_split(a, collect, NULL), 0);
    ck_assert_int_eq(store_migrate_split(b, collect, NULL), 0);
    ck_assert_int_eq(ngot, 0);
}
END_TEST

START_TEST(callback_failure_stops_the_split)
{
    char text[] = "A;\nB;\nC;\n";
    int n = 0;
    ck_assert_int_eq(store_migrate_split(text, stop_at_second, &n), 7);
    ck_assert_int_eq(n, 2);
}
END_TEST

Suite *unit_suite(void)
{
    Suite *s = suite_create("migrate");
    TCase *tc = tcase_create("split");
    tcase_add_test(tc, splits_on_semicolon_at_line_end);
    tcase_add_test(tc, semicolon_inside_a_line_does_not_split);
    tcase_add_test(tc, empty_and_comment_only_files_run_nothing);
    tcase_add_test(tc, callback_failure_stops_the_split);
    suite_add_tcase(s, tc);
    return s;
}
