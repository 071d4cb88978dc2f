/* The one view of a block: the wire JSON of a user the caller blocked, built from the row the store
 * filled. Never shows a worker's full name; no I/O, never sees a request. */
#include "svc/view_block.h"

#include <stdio.h>

#include "domain/timeutil.h"
#include "svc/view.h"

json_t *view_block(const struct block_row *b)
{
    char at[24], masked[16] = "";
    if (b->worker_name[0]) { /* the surname and ** (the first UTF-8 character) */
        size_t n = 1;
        while (b->worker_name[n] && ((unsigned char)b->worker_name[n] & 0xC0) == 0x80)
            n++;
        snprintf(masked, sizeof masked, "%.*s**", (int)n, b->worker_name);
    }
    return json_pack("{s:I, s:o, s:o, s:s}", "user_id", (json_int_t)b->user_id, "employer_name",
                     view_str(b->employer_name), "worker_name", view_str(masked), "created_at",
                     timeutil_rfc3339(b->created_at, at));
}
