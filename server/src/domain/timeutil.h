/* Wire times: RFC 3339 timestamps and calendar dates, to and from unix seconds. No clock, no locale. */
#ifndef LG_DOMAIN_TIMEUTIL_H
#define LG_DOMAIN_TIMEUTIL_H

/* Parses "YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)" (T or t, Z or z; the fraction is dropped)
 * into unix seconds. Returns 0, or -1 for anything else, including impossible dates (2026-02-30). */
int timeutil_parse_rfc3339(const char *s, long long *out);
/* Parses "YYYY-MM-DD" as the start of that day at UTC offset tz_offset_s (28800 for Asia/Shanghai).
 * Returns 0 or -1. */
int timeutil_parse_date(const char *s, long tz_offset_s, long long *out);
/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar. */
long long timeutil_days_from_civil(long long y, unsigned m, unsigned d);

/* Formats unix seconds as RFC 3339 UTC ("2026-11-21T08:00:00Z") into out (>= 21 bytes); returns out. */
char *timeutil_rfc3339(long long t, char *out);

#endif
