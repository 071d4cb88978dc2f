/* Region code arithmetic. Codes are hierarchical by prefix: a province xx0000 contains every code that
 * starts with xx, a city xxxx00 every code starting with xxxx, a county its own 6 digits and its towns. */
#include "domain/region.h"

#include <string.h>

int region_valid(const char *s)
{
    if (!s)
        return 0;
    size_t n = strlen(s);
    if (n != 6 && n != 9 && n != 12)
        return 0;
    if (s[0] == '0')
        return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

int region_level(const char *s)
{
    if (!region_valid(s))
        return 0;
    if (strlen(s) > 6)
        return 4;
    if (memcmp(s + 2, "0000", 4) == 0)
        return 1;
    if (memcmp(s + 4, "00", 2) == 0)
        return 2;
    return 3;
}

int region_prefix(const char *code, char out[13])
{
    int level = region_level(code);
    if (!level)
        return -1;
    size_t n = level == 1 ? 2 : level == 2 ? 4 : strlen(code);
    memcpy(out, code, n);
    out[n] = '\0';
    return (int)n;
}

int region_contains(const char *scope, const char *code)
{
    if (!region_valid(code))
        return 0;
    if (!scope || !*scope)
        return 1;
    char p[13];
    int n = region_prefix(scope, p);
    return n > 0 && strncmp(code, p, (size_t)n) == 0;
}

int region_chain(const char *code, char province[7], char city[7], char county[7])
{
    int level = region_level(code);
    if (!level)
        return -1;
    memcpy(province, code, 2);
    memcpy(province + 2, "0000", 5);
    city[0] = county[0] = '\0';
    if (level >= 2) {
        memcpy(city, code, 4);
        memcpy(city + 4, "00", 3);
    }
    if (level >= 3) {
        memcpy(county, code, 6);
        county[6] = '\0';
    }
    return 0;
}
