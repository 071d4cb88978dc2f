/* A background thread that runs one function every interval with its own database connection, until it
 * is stopped: the periodic tasks, the sensitive-word version poll and the search index poll. It owns the
 * waiting and the wake-up on stop; what runs is the caller's. */
#ifndef LG_API_TICKER_H
#define LG_API_TICKER_H

#include <pthread.h>

struct ticker {
    void (*tick)(void *ctx);
    void *ctx;
    long interval_ms;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int stopping, running;
};

/* Starts t's thread: tick(ctx) at once, then every interval_ms (> 0) after each run ends. Returns 0, or
 * -1 when the thread could not be made. */
int ticker_start(struct ticker *t, long interval_ms, void (*tick)(void *ctx), void *ctx);
/* Wakes the thread, waits for the tick in progress to end and the thread to exit. No-op if not running. */
void ticker_stop(struct ticker *t);

#endif
