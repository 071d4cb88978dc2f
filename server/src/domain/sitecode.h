/* The rotating 6-digit site code an employer shows on their phone so a worker can check in without GPS:
 * RFC 6238 TOTP with HMAC-SHA256 over a per-gig secret, 60 s steps. Pure computation (OpenSSL HMAC only):
 * the secret is generated and stored elsewhere, and nothing here logs a secret or a code. */
#ifndef LG_DOMAIN_SITECODE_H
#define LG_DOMAIN_SITECODE_H
#include <stddef.h>
#include <stdint.h>

#define SITECODE_STEP     60 /* seconds a code is shown */
#define SITECODE_DIGITS   6
#define SITECODE_MAX_SKEW 10 /* steps either side sitecode_verify will look at */

/* General RFC 6238 TOTP-SHA256: the code of the `step`-second window holding `unix_time` (T0 = 0), as
 * `digits` decimal digits, NUL-terminated in `out` (digits + 1 bytes). Returns 0, or -1 (out untouched) if
 * the secret is NULL or empty, `unix_time` < 0, `step` is 0, or `digits` is not 1..9. */
int sitecode_totp(const unsigned char *secret, size_t len, int64_t unix_time, unsigned step, unsigned digits,
                  char *out);

/* The site code shown at `unix_time`: sitecode_totp with SITECODE_STEP and SITECODE_DIGITS. Returns 0 or
 * -1 as sitecode_totp. */
int sitecode_at(const unsigned char *secret, size_t len, int64_t unix_time, char out[SITECODE_DIGITS + 1]);

/* Checks a code a worker typed against the windows from `skew_steps` before to `skew_steps` after the one
 * holding `now`, comparing in constant time and looking at every window whatever matches. Returns 1 on a
 * match, 0 if `code` is not exactly 6 digits or matches no window, -1 on bad arguments (secret NULL or
 * empty, `now` < 0, `skew_steps` > SITECODE_MAX_SKEW). */
int sitecode_verify(const unsigned char *secret, size_t len, const char *code, int64_t now,
                    unsigned skew_steps);

/* Returns the seconds (1..SITECODE_STEP) until the code shown at `now` (>= 0) changes, for the countdown
 * on the employer's screen; 0 if `now` < 0. */
int sitecode_seconds_left(int64_t now);

#endif
