/* Admin accounts (svc/account.c). */
#ifndef LG_SVC_ACCOUNT_H
#define LG_SVC_ACCOUNT_H

/* Creates an admin account with a fresh scrypt hash. Returns 0, 1 if the username exists, -1 on error. */
int svc_account_create(const char *username, const char *password, const char *role, const char *region,
                       const char *display_name);
/* Creates admin `admin` with password when no admin account exists (nothing when password is empty).
 * Returns 0 created, 1 nothing to do, -1 on error. */
int svc_account_bootstrap(const char *password);

#endif
