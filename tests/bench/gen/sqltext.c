/* Prints the text of linggongd's gig search statements exactly as the server prepares them, one per line
 * as NAME<TAB>SQL, so tests/bench/search.sh can EXPLAIN them with representative values instead of a hand
 * copy that drifts. Built by search.sh: cc -I server/src tests/bench/gen/sqltext.c server/src/store/sql.c */
#include <stdio.h>

#include "store/sql.h"

#define S(x) {#x, x}
static const struct {
    const char *name;
    enum sql id;
} names[] = {S(SQL_GIG_SEARCH_NEW), S(SQL_GIG_SEARCH_NEW_KW), S(SQL_GIG_SEARCH_DIST), S(SQL_GIG_SEARCH_DIST_KW),
             S(SQL_GIG_COUNT),      S(SQL_GIG_COUNT_KW),     S(SQL_GIG_COUNT_GEO)};

int main(void)
{
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        printf("%s\t%s\n", names[i].name + 4, sql_defs[names[i].id].text);
    return 0;
}
