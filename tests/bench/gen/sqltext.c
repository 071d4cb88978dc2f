/* Prints the text of linggongd's gig search statements exactly as the server composes them (store/sql.c,
 * sql_compose_gig_search) for the three benchmark shapes, one per line as NAME<TAB>SQL, so
 * tests/bench/search.sh can EXPLAIN them with representative values instead of a hand copy that drifts.
 * Built by search.sh: cc -I server/src tests/bench/gen/sqltext.c server/src/store/sql.c */
#include <stdio.h>

#include "store/sql.h"

int main(void)
{
    static const struct {
        const char *name;
        struct gig_shape shape;
        int count;
    } shapes[] = {
        {"GIG_REGION_JOB", {GIG_REGION_COUNTY, GIG_JOB_TOP, 0, 0, 0, 0, 0, 0, GIG_ORDER_NEW}, 0},
        {"GIG_REGION_JOB_COUNT", {GIG_REGION_COUNTY, GIG_JOB_TOP, 0, 0, 0, 0, 0, 0, GIG_ORDER_NEW}, 1},
        {"GIG_NEARBY", {GIG_REGION_NONE, GIG_JOB_NONE, 0, 0, 0, 0, 0, 1, GIG_ORDER_DISTANCE}, 0},
        {"GIG_NEARBY_COUNT", {GIG_REGION_NONE, GIG_JOB_NONE, 0, 0, 0, 0, 0, 1, GIG_ORDER_DISTANCE}, 1},
        {"GIG_KEYWORD", {GIG_REGION_CITY, GIG_JOB_NONE, 0, 0, 0, 0, 1, 0, GIG_ORDER_NEW}, 0},
        {"GIG_KEYWORD_COUNT", {GIG_REGION_CITY, GIG_JOB_NONE, 0, 0, 0, 0, 1, 0, GIG_ORDER_NEW}, 1},
    };
    char text[4096];
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        if (sql_compose_gig_search(&shapes[i].shape, shapes[i].count, text, sizeof text) < 0)
            return 1;
        printf("%s\t%s\n", shapes[i].name, text);
    }
    return 0;
}
