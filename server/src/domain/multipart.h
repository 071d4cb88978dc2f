/* A deliberately small multipart/form-data reader (RFC 7578) for the one thing linggong accepts that
 * way: the file part wx.uploadFile sends. Pure: works on a body already read into memory (and capped) by
 * http/, copies nothing, allocates nothing. civetweb's own form parser is never used (SECURITY.md). The
 * client's file name is never returned: nothing downstream may use it. */
#ifndef LG_DOMAIN_MULTIPART_H
#define LG_DOMAIN_MULTIPART_H

#include <stddef.h>

#define MULTIPART_MAX_BOUNDARY 70 /* RFC 2046 */
#define MULTIPART_MAX_PARTS    16

/* Extracts the boundary parameter of a Content-Type value "multipart/form-data; boundary=..." (quoted
 * or not, case-insensitive type and parameter name) into out (>= MULTIPART_MAX_BOUNDARY + 1 bytes).
 * Returns its length, or -1 when ctype is not multipart/form-data or has no valid boundary (1-70
 * characters of RFC 2046's set). */
int multipart_boundary(const char *ctype, char out[MULTIPART_MAX_BOUNDARY + 1]);

/* Finds the part named field (Content-Disposition: form-data; name="field") in the n bytes at body,
 * delimited by boundary. On success returns 0 and points *data / *len at the part's content inside body.
 * Returns -1 when the body is malformed (no closing delimiter, a part header block over 1 KB or
 * without its blank line, more than MULTIPART_MAX_PARTS parts), -2 when it is well formed but has no
 * such part or names it twice. */
int multipart_find(const unsigned char *body, size_t n, const char *boundary, const char *field,
                   const unsigned char **data, size_t *len);

#endif
