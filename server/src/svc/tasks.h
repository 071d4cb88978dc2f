/* Periodic work inside linggongd: one background thread with its own database connection. Every task is
 * written to be safe when several linggongd nodes run it at once (row locks with SKIP LOCKED, conditional
 * updates), so no node is special. */
#ifndef LG_TASKS_H
#define LG_TASKS_H

/* Starts the thread; every interval_s seconds it runs each task once. Returns 0 or -1. */
int tasks_start(long interval_s);
/* Stops the thread (waits for a running pass to finish). */
void tasks_stop(void);
/* Runs every task once in the calling thread; returns the number of rows changed, or -1 on error. */
long tasks_run_once(void);

#endif
