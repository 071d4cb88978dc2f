/* Each node's memory of the 工种 tree's shape: which top category a job type sits under (svc/jobtypes.c).
 * Search and 查找雇员 ask it on every request with a 工种 filter, so it answers from memory. */
#ifndef LG_SVC_JOBTYPES_H
#define LG_SVC_JOBTYPES_H

#include "store/db.h"

/* The top category of job_type_id (itself for a top category) into *top: ST_OK, ST_NOTFOUND for an unknown
 * id, or the store's failure. A miss asks MariaDB once and remembers the answer. */
enum st svc_jobtypes_top(long long job_type_id, long long *top);
/* Forgets every remembered answer (the search index's full resync calls it, so a moved type is seen within
 * SEARCH_INDEX_RESYNC_S). */
void svc_jobtypes_forget(void);

#endif
