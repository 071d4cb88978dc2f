/* Bootstrap and demo data. Demo data is loaded only by `linggongd seed-demo`, which run.sh calls and
 * production never should; every step is idempotent so run.sh can call it on each start. */
#include "seed/demo.h"

#include <stdio.h>

#include "core/log.h"
#include "svc/account.h"
#include "store/account.h"

int demo_seed(const char *password)
{
    static const struct {
        const char *username, *role, *region, *name;
    } accounts[] = {
        {"luzhai", "admin", "450223", "鹿寨县就业服务中心"},
        {"anyuan", "admin", "360302", "安源区就业服务中心"},
        {"qingyunpu", "admin", "360104", "青云谱区就业服务中心"},
        {"xingan", "admin", "360824", "新干县就业服务中心"},
        {"liuzhou", "admin", "450200", "柳州市就业服务中心"},
        {"reviewer", "reviewer", "450223", "鹿寨县审核员"},
        {"auditor", "auditor", NULL, "安全审计员"},
        {"station_luzhai", "station", "450223100", "鹿寨镇零工驿站"},
    };
    if (!password || !*password) {
        log_error("seed-demo needs ADMIN_BOOTSTRAP_PASSWORD for the demo accounts", NULL);
        return -1;
    }
    for (size_t i = 0; i < sizeof accounts / sizeof accounts[0]; i++) {
        int rc = svc_account_create(accounts[i].username, password, accounts[i].role, accounts[i].region,
                                    accounts[i].name);
        if (rc < 0)
            return -1;
    }
    log_info("demo data loaded", "\"admins\":%zu", sizeof accounts / sizeof accounts[0]);
    if (demo_seed_market() != 0)
        return -1;
    demo_seed_agreements(8);         /* signed, sealed agreements on accepted demo applications (issue 6) */
    if (demo_seed_complaints() != 0) /* complaints in every state, one escalated (issue 7) */
        return -1;
    if (demo_seed_settlements() != 0) /* recorded, paid, confirmed, disputed settlements (issue 6) */
        return -1;
    return demo_seed_ratings(); /* ratings and 诚信分 entries on the demo's engagements (issue 7) */
}
