/* The periodic tasks, run by one ticker thread per node every TASK_INTERVAL_S: gig expiry, result
 * auto-confirmation, the 7-day rating reveal, complaint escalation, the Idempotency-Key purge, and an
 * hourly sweep of orphan upload files. Each task is safe with several nodes running it at once. */
#include "svc/tasks.h"

#include <time.h>

#include "core/config.h"
#include "domain/timeutil.h"
#include "svc/complaint.h"
#include "svc/confirm.h"
#include "store/idempotency.h"
#include "svc/rating.h"
#include "svc/ticker.h"
#include "core/log.h"
#include "store/db.h"
#include "store/gig.h"
#include "store/upload.h"

#define IDEMPOTENCY_TTL_S (48LL * 3600)

/* Deletes Idempotency-Key answers older than 48 hours, 5,000 rows a statement. Returns how many, or -1. */
static long purge_idempotency_keys(void)
{
    long long n = 0, total = 0;
    do {
        if (store_idempotency_purge(IDEMPOTENCY_TTL_S, &n) != ST_OK)
            return -1;
        total += n;
    } while (n == 5000);
    return (long)total;
}

static struct ticker ticker;

#define ORPHAN_SWEEP_S 3600 /* how often the upload directory is swept */
#define ORPHAN_AGE_S   3600 /* how old a file without a row must be before it goes */

long tasks_run_once(void)
{
    long long n = 0, total = 0;
    do {
        if (store_gig_expire_due(&n) != ST_OK)
            return -1;
        total += n;
    } while (n == 200); /* a full batch: there may be more */
    if (total)
        log_info("gigs expired", "\"count\":%lld", total);
    long confirmed = svc_confirm_auto_run(); /* result confirmation N days after the end (issue 4) */
    if (confirmed > 0)
        total += confirmed;
    long credited = svc_rating_reveal_run(); /* credit entries of ratings revealed after 7 days (issue 7) */
    if (credited > 0)
        total += credited;
    long escalated = svc_complaint_escalate_run(); /* complaints past their SLA go up a level (issue 7) */
    if (escalated > 0)
        total += escalated;
    long purged = purge_idempotency_keys(); /* Idempotency-Key answers live 48 h (issue 4) */
    if (purged > 0)
        log_info("idempotency keys purged", "\"count\":%ld", purged);
    /* files a crash left without their row (store/upload.h), at most once an hour, when an hour old */
    static time_t swept;
    time_t now = time(NULL);
    if (now - swept >= ORPHAN_SWEEP_S) {
        swept = now;
        long orphans = store_upload_sweep(config_current()->upload_dir, ORPHAN_AGE_S);
        if (orphans > 0)
            log_info("orphan upload files removed", "\"count\":%ld", orphans);
    }
    return (long)total;
}

static void tick(void *ctx)
{
    (void)ctx;
    tasks_run_once();
}

int tasks_start(long interval_s)
{
    return ticker_start(&ticker, interval_s * 1000, tick, NULL);
}

void tasks_stop(void)
{
    ticker_stop(&ticker);
}
