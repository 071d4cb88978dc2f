/* The periodic task thread: expires published gigs past their end time. Later issues add auto-confirm
 * and complaint escalation here. */
#include "api/tasks.h"

#include "api/complaint.h"
#include "api/confirm.h"
#include "api/idempotency.h"
#include "api/ticker.h"
#include "api/rating.h"
#include "core/log.h"
#include "store/db.h"
#include "store/gig.h"

static struct ticker ticker;

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
    long confirmed = confirm_auto_run(); /* result confirmation N days after the end (issue 4) */
    if (confirmed > 0)
        total += confirmed;
    long credited = rating_reveal_run(); /* credit entries of ratings revealed after 7 days (issue 7) */
    if (credited > 0)
        total += credited;
    long escalated = complaint_escalate_run(); /* complaints past their SLA go up a level (issue 7) */
    if (escalated > 0)
        total += escalated;
    long purged = idempotency_purge(); /* Idempotency-Key answers live 48 h (issue 4) */
    if (purged > 0)
        log_info("idempotency keys purged", "\"count\":%ld", purged);
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
