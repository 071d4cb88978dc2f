/* Request metrics for Prometheus: counts by route and status, latency histogram by route, requests in
 * flight, and the database's error and reconnect counters. Lock-free (relaxed atomics in per-thread-group
 * copies). */
#ifndef LG_METRICS_H
#define LG_METRICS_H

#include "http/req.h"

/* route_index: index into the route table, or -1 for requests that matched no route. */
void metrics_begin(void);
void metrics_end(int route_index, int status, double ms);

#endif
