/* Prints the text of the statements gig search costs MariaDB, exactly as linggongd prepares them
 * (store/sql.c), one per line as NAME<TAB>SQL, so tests/bench/search.sh can EXPLAIN them with
 * representative values instead of a hand copy that drifts: the viewer's blocks (each signed-in
 * search) and the search index's load (once per node) and polls of changed gigs and employers (once a
 * second per node).
 * Built by search.sh: cc -I server/src tests/bench/gen/sqltext.c server/src/store/sql.c */
#include <stdio.h>

#include "store/sql.h"

int main(void)
{
    printf("GIGFEED_BLOCKED\t%s\n", sql_defs[SQL_GIGFEED_BLOCKED].text);
    printf("GIGFEED_CHANGED\t%s\n", sql_defs[SQL_GIGFEED_CHANGED].text);
    printf("GIGFEED_EMPLOYERS\t%s\n", sql_defs[SQL_GIGFEED_EMPLOYERS].text);
    printf("GIGFEED_OPEN\t%s\n", sql_defs[SQL_GIGFEED_OPEN].text);
    return 0;
}
