/* Admin accounts: creation with a fresh scrypt hash, and the bootstrap admin `migrate` creates when no
 * admin exists (ADMIN_BOOTSTRAP_PASSWORD). No request, no reply: callers are migrate, seed-demo and later
 * the account-management handlers. */
#include "svc/account.h"

#include <string.h>

#include "core/log.h"
#include "ext/crypto.h"
#include "store/account.h"

int svc_account_create(const char *username, const char *password, const char *role, const char *region,
                       const char *display_name)
{
    char hash[200];
    if (crypto_password_hash(password, SCRYPT_N, hash, sizeof hash) != 0)
        return -1;
    enum st rc = store_account_admin_insert(username, hash, role, region, display_name);
    memset(hash, 0, sizeof hash);
    return rc == ST_OK ? 0 : (rc == ST_CONFLICT ? 1 : -1);
}

int svc_account_bootstrap(const char *password)
{
    long long n = 0;
    if (store_account_admin_count(&n) != ST_OK)
        return -1;
    if (n > 0)
        return 1;
    if (!password || !*password) {
        log_warn("no admin account exists and ADMIN_BOOTSTRAP_PASSWORD is not set", NULL);
        return 1;
    }
    int rc = svc_account_create("admin", password, "admin", NULL, "系统管理员");
    if (rc == 0)
        log_info("bootstrap admin created", "\"username\":\"admin\"");
    return rc < 0 ? -1 : 0;
}
