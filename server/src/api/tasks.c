/* The periodic task thread: expires published gigs past their end time. Later issues add auto-confirm
 * and complaint escalation here. */
#include "api/tasks.h"

#include <pthread.h>
#include <time.h>

#include "api/complaint.h"
#include "api/confirm.h"
#include "api/idempotency.h"
#include "api/rating.h"
#include "core/log.h"
#include "store/db.h"
#include "store/gig.h"

static pthread_t thread;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int stopping, running;
static long interval;

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

static void *loop(void *arg)
{
    (void)arg;
    db_thread_start();
    pthread_mutex_lock(&mu);
    while (!stopping) {
        pthread_mutex_unlock(&mu);
        tasks_run_once();
        pthread_mutex_lock(&mu);
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += interval;
        while (!stopping && pthread_cond_timedwait(&cv, &mu, &until) == 0)
            ;
    }
    pthread_mutex_unlock(&mu);
    db_thread_end();
    return NULL;
}

int tasks_start(long interval_s)
{
    interval = interval_s;
    stopping = 0;
    if (pthread_create(&thread, NULL, loop, NULL) != 0)
        return -1;
    running = 1;
    return 0;
}

void tasks_stop(void)
{
    if (!running)
        return;
    pthread_mutex_lock(&mu);
    stopping = 1;
    pthread_cond_broadcast(&cv);
    pthread_mutex_unlock(&mu);
    pthread_join(thread, NULL);
    running = 0;
}
