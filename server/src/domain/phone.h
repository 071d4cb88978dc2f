/* Mainland China mobile numbers: validation, normalisation of what people type, and the display mask.
 * Pure computation on caller-owned buffers: no I/O, no allocation; never logs a number. */
#ifndef LG_DOMAIN_PHONE_H
#define LG_DOMAIN_PHONE_H

/* Returns 1 if `s` is exactly 11 ASCII digits of a mainland mobile number (1 then 3-9), else 0 (also for
 * NULL). */
int phone_valid(const char *s);

/* Normalises what a user may type ("+86 138-0013-8000", "8613800138000", "138 0013 8000") to the bare
 * 11 digits in `out`. Returns 0, or -1 (and writes an empty string) if the result is not phone_valid. */
int phone_normalise(const char *s, char out[12]);

/* Writes the display mask of a valid number, first 3 and last 4 kept ("138****1234"), to `out`.
 * Returns 0, or -1 (and writes an empty string) if `s` is not phone_valid. */
int phone_mask(const char *s, char out[12]);

#endif
