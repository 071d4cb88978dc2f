/* Resident ID numbers (公民身份号码, GB 11643-1999): format, birth date, check character, masking.
 * Pure computation on caller-owned buffers: no I/O, no allocation, no clock (the caller passes `now`).
 * It must never log or copy an ID number anywhere but the caller's output buffer. */
#ifndef LG_DOMAIN_IDCARD_H
#define LG_DOMAIN_IDCARD_H
#include <time.h>

enum idcard_reason {
    IDCARD_OK = 0,
    IDCARD_LENGTH,   /* not exactly 18 characters (or NULL) */
    IDCARD_CHARSET,  /* first 17 not all digits, or last not 0-9 / X / x */
    IDCARD_REGION,   /* first two digits are not a province-level code */
    IDCARD_DATE,     /* birth date not a calendar date in 1900..today (Asia/Shanghai) */
    IDCARD_CHECKSUM, /* ISO 7064 MOD 11-2 check character does not match */
};

enum idcard_gender {
    IDCARD_GENDER_UNKNOWN = 0,
    IDCARD_MALE,
    IDCARD_FEMALE,
};

/* Validates `s` as an 18-character ID number with a birth date not after the Asia/Shanghai calendar day of
 * `now`. Returns IDCARD_OK or the first failed check. On IDCARD_OK writes the normalised form (lowercase x
 * turned into X, NUL-terminated) to `out_normalised` when it is not NULL; otherwise leaves it untouched. */
enum idcard_reason idcard_validate(const char *s, time_t now, char out_normalised[19]);

/* Returns the stable snake_case name of `r` ("ok", "length", "charset", "region", "date", "checksum"),
 * or "unknown" for a value outside the enum. The string is static. */
const char *idcard_reason_name(enum idcard_reason r);

/* Returns the birth year of a validated (normalised) ID number, or -1 if `id` is not 18 characters with
 * digits in positions 7-10. */
int idcard_birth_year(const char *id);

/* Returns the age in completed years on the Asia/Shanghai calendar day of `now` (a birthday on 29 February
 * counts as reached on 1 March in common years), or -1 if `id` does not carry a valid birth date. */
int idcard_age(const char *id, time_t now);

/* Returns IDCARD_MALE when the 17th digit is odd, IDCARD_FEMALE when even, IDCARD_GENDER_UNKNOWN when `id`
 * is not 18 characters with a digit there. */
enum idcard_gender idcard_gender(const char *id);

/* Writes the display mask of an 18-character ID, first 4 and last 4 kept ("4502**********123X"), to `out`.
 * Returns 0, or -1 (and writes an empty string) if `id` is not 18 characters long. */
int idcard_mask(const char *id, char out[19]);
/* The ISO 7064 MOD 11-2 check character for the first 17 digits of s ('\0' if they are not digits).
 * For generating test and demo data. */
char idcard_check_char(const char *s);

#endif
