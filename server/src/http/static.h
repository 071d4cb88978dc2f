/* The admin console's static files, served from one fixed directory with no traversal. */
#ifndef LG_STATIC_H
#define LG_STATIC_H

#include <stddef.h>

/* Maps a request path under /admin/ to a file under dir and reads it. Returns 200 with *body (malloc'd,
 * caller frees), *len and *type set; 404 if the path is not a plain file name inside dir. */
int static_load(const char *dir, const char *path, char **body, size_t *len, const char **type);

#endif
