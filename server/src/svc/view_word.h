/* The one view of a sensitive-word lexicon entry (the admin lexicon API: list, create, update). Reads the
 * row the caller read; no I/O, never sees a request. */
#ifndef LG_SVC_VIEW_WORD_H
#define LG_SVC_VIEW_WORD_H

#include <jansson.h>

#include "store/words.h"

/* {id, word, category, action, allow, enabled, note, created_by, created_at, updated_at}: a new reference,
 * or NULL when out of memory. */
json_t *view_word(const struct word_row *w);

#endif
