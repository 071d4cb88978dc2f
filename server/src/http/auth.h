/* The auth gate (http/dispatch.c calls it before non-public routes). */
#ifndef LG_HTTP_AUTH_H
#define LG_HTTP_AUTH_H

#include "http/req.h"

/* Resolves r->bearer into r->who (signature, claims, token version, account status). Returns 0, or the
 * HTTP status with the error reply set. */
int auth_resolve(struct req *r);

#endif
