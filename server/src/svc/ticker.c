/* The ticker thread (ticker.h): a condition-variable wait between runs, so stop never waits out an
 * interval. */
#include "svc/ticker.h"

#include <time.h>

#include "store/db.h"

static void *loop(void *arg)
{
    struct ticker *t = arg;
    db_thread_start(); /* a failure here is retried by the first query */
    pthread_mutex_lock(&t->mu);
    while (!t->stopping) {
        pthread_mutex_unlock(&t->mu);
        t->tick(t->ctx);
        pthread_mutex_lock(&t->mu);
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += t->interval_ms / 1000;
        until.tv_nsec += (t->interval_ms % 1000) * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        while (!t->stopping && pthread_cond_timedwait(&t->cv, &t->mu, &until) == 0)
            ;
    }
    pthread_mutex_unlock(&t->mu);
    db_thread_end();
    return NULL;
}

int ticker_start(struct ticker *t, long interval_ms, void (*tick)(void *ctx), void *ctx)
{
    t->tick = tick;
    t->ctx = ctx;
    t->interval_ms = interval_ms > 0 ? interval_ms : 1000;
    t->stopping = 0;
    pthread_mutex_init(&t->mu, NULL);
    pthread_cond_init(&t->cv, NULL);
    if (pthread_create(&t->thread, NULL, loop, t) != 0)
        return -1;
    t->running = 1;
    return 0;
}

void ticker_stop(struct ticker *t)
{
    if (!t->running)
        return;
    pthread_mutex_lock(&t->mu);
    t->stopping = 1;
    pthread_cond_broadcast(&t->cv);
    pthread_mutex_unlock(&t->mu);
    pthread_join(t->thread, NULL);
    pthread_mutex_destroy(&t->mu);
    pthread_cond_destroy(&t->cv);
    t->running = 0;
}
