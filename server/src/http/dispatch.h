/* The single path every request takes: route, gate, body, handler, reply, log. */
#ifndef LG_DISPATCH_H
#define LG_DISPATCH_H

#include <stddef.h>

struct mg_connection;
struct config;

/* Keeps cfg (which must outlive the server) and draws this process's request-id prefix. Returns 0, or -1
 * when no random bytes could be had. */
int http_dispatch_init(const struct config *cfg);
/* civetweb begin_request callback: answers every request; returns the status for civetweb's bookkeeping. */
int http_dispatch(struct mg_connection *conn);

#endif
