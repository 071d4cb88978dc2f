/* Which address a request came from: the peer, or the X-Forwarded-For hop next to our trusted proxies. */
#ifndef LG_CLIENTIP_H
#define LG_CLIENTIP_H

#include <stddef.h>

/* Returns 1 if ip is listed (exactly or inside an IPv4 CIDR) in the comma-separated list. */
int clientip_trusted(const char *list, const char *ip);
/* Writes the client address to out: peer itself unless peer is trusted, then the right-most address of xff
 * that is not a trusted proxy (falling back to peer when xff is absent or malformed). */
void clientip_resolve(const char *trusted, const char *peer, const char *xff, char *out, size_t cap);

#endif
