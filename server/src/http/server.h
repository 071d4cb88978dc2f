/* The HTTP listener: civetweb started with every option set explicitly, one dispatch callback for all
 * requests, a database connection per worker thread. */
#ifndef LG_SERVER_H
#define LG_SERVER_H

#include "core/config.h"

/* Starts listening on cfg's address. Returns 0, or -1 after logging why. cfg must outlive the server. */
int http_start(const struct config *cfg);
/* Stops accepting, lets in-flight requests finish, joins the workers. */
void http_stop(void);

#endif
