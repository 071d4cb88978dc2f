/* Unified social credit codes (统一社会信用代码, GB 32100-2015) of employers: charset, registration
 * department and organisation type, region, the embedded GB 11714 organisation code, the MOD 31 check.
 * Pure computation on caller-owned buffers: no I/O, no allocation, no lookup of whether the code is issued.
 */
#ifndef LG_DOMAIN_CREDITCODE_H
#define LG_DOMAIN_CREDITCODE_H

enum creditcode_reason {
    CREDITCODE_OK = 0,
    CREDITCODE_LENGTH,  /* not exactly 18 characters (or NULL) */
    CREDITCODE_CHARSET, /* a character outside 0-9 A-H J-N P-R T-U W-Y (lowercase accepted) */
    CREDITCODE_DEPT,    /* registration department + organisation type is not a combination of the standard */
    CREDITCODE_REGION,  /* positions 3-8 are not 6 digits with a province-level (or 10 national) prefix */
    CREDITCODE_ORGCODE, /* positions 9-17: the GB 11714 organisation code check character does not match */
    CREDITCODE_CHECKSUM, /* position 18: the MOD 31 check character does not match */
};

/* Validates `s` as an 18-character unified social credit code. Returns CREDITCODE_OK or the first failed
 * check. On CREDITCODE_OK writes the normalised (uppercase, NUL-terminated) code to `out_normalised` when it
 * is not NULL; otherwise leaves it untouched. */
enum creditcode_reason creditcode_validate(const char *s, char out_normalised[19]);

/* Returns the stable snake_case name of `r` ("ok", "length", "charset", "dept", "region", "orgcode",
 * "checksum"), or "unknown" for a value outside the enum. The string is static. */
const char *creditcode_reason_name(enum creditcode_reason r);

/* Returns the MOD 31 check character for the first 17 characters of `s` (uppercase, from the code's
 * charset), or '\0' if one of them is outside it. For generating test and demo data. */
char creditcode_check_char(const char *s);

/* Returns the GB 11714 check character ('0'-'9' or 'X') of the 8-character organisation code body `s`
 * (digits and uppercase letters), or '\0' if a character is outside that set. */
char creditcode_orgcode_check_char(const char *s);

#endif
