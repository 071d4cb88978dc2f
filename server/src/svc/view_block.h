/* The one view of a block (svc/view_block.c): what GET and POST /me/blocks answer. */
#ifndef LG_SVC_VIEW_BLOCK_H
#define LG_SVC_VIEW_BLOCK_H

#include <jansson.h>

#include "store/block.h"

/* The block object: the blocked user's id, employer name and masked worker name (surname and **). A new
 * reference, or NULL when out of memory. */
json_t *view_block(const struct block_row *b);

#endif
