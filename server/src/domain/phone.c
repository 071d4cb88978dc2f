/* Mainland mobile numbers (11 digits, 1[3-9]…): the only code that decides what a phone number looks like
 * and how it is masked on the wire (138****1234). Pure logic: no I/O, and a number is never logged. */
#include <string.h>
#include "domain/phone.h"

#define PHONE_LEN 11

int phone_valid(const char *s)
{
    if (s == NULL || strnlen(s, PHONE_LEN + 1) != PHONE_LEN)
        return 0;
    if (s[0] != '1' || s[1] < '3' || s[1] > '9')
        return 0;
    for (int i = 2; i < PHONE_LEN; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

int phone_normalise(const char *s, char out[12])
{
    char d[PHONE_LEN + 3]; /* room for a leading 86 */
    size_t n = 0;
    out[0] = '\0';
    if (s == NULL)
        return -1;
    const char *p = s;
    if (*p == '+')
        p++;
    for (; *p != '\0'; p++) {
        if (*p == ' ' || *p == '-')
            continue;
        if (*p < '0' || *p > '9' || n == sizeof d)
            return -1;
        d[n++] = *p;
    }
    /* a country code is only accepted as a prefix to the full 11 digits */
    const char *digits = d;
    if (n == PHONE_LEN + 2 && d[0] == '8' && d[1] == '6') {
        digits += 2;
        n -= 2;
    } else if (s[0] == '+') {
        return -1;
    }
    if (n != PHONE_LEN)
        return -1;
    memcpy(out, digits, PHONE_LEN);
    out[PHONE_LEN] = '\0';
    if (!phone_valid(out)) {
        out[0] = '\0';
        return -1;
    }
    return 0;
}

int phone_mask(const char *s, char out[12])
{
    if (!phone_valid(s)) {
        out[0] = '\0';
        return -1;
    }
    memcpy(out, s, 3);
    memset(out + 3, '*', 4);
    memcpy(out + 7, s + 7, 4);
    out[PHONE_LEN] = '\0';
    return 0;
}
