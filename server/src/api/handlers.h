/* Every request handler, one group per resource file. Each returns the HTTP status and leaves its reply
 * (JSON or raw) in the request; none writes to the socket or frees what the request owns. */
#ifndef LG_HANDLERS_H
#define LG_HANDLERS_H

#include "api/req.h"

/* system.c */
int api_system_healthz(struct req *r);
int api_system_readyz(struct req *r);
int api_system_openapi(struct req *r);
/* reference.c */
int api_reference_regions(struct req *r);
int api_reference_job_types(struct req *r);
/* auth.c */
int api_auth_wechat(struct req *r);
int api_auth_refresh(struct req *r);
int api_auth_logout(struct req *r);
int api_auth_phone(struct req *r);
int api_auth_me(struct req *r);
/* Resolves r->bearer into r->who (signature, claims, token version, account status). Returns 0, or the
 * HTTP status with the error reply set. */
int api_auth_resolve(struct req *r);
/* admin_auth.c */
int api_admin_login(struct req *r);
int api_admin_me(struct req *r);
/* Creates an admin account with a fresh scrypt hash. Returns 0, 1 if the username exists, -1 on error. */
int api_admin_create(const char *username, const char *password, const char *role, const char *region,
                     const char *display_name);

#endif
