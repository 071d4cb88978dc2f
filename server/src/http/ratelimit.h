/* Fixed-window request counters per key (client IP, user, sign-in IP) held in this process's memory.
 * Several nodes each count their own share; nginx in front spreads clients across them. */
#ifndef LG_RATELIMIT_H
#define LG_RATELIMIT_H

/* Counts one hit for (kind, key) in the current minute. Returns 0 if within limit per minute, otherwise
 * the seconds until the window resets (>= 1). now is unix seconds. */
int ratelimit_hit(char kind, const char *key, long limit, long long now);

#endif
