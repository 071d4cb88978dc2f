/* 行政区划 codes: the prefix a code stands for, containment (is this object inside that admin's region),
 * and the province/city/county chain of a code. Pure string logic over GB/T 2260 codes (6 digits) and the
 * statistics bureau's town codes (9 or 12 digits, starting with their county's 6). */
#ifndef LG_DOMAIN_REGION_H
#define LG_DOMAIN_REGION_H

#include <stddef.h>

/* 1 if s is 6, 9 or 12 ASCII digits (not starting with 0), else 0. */
int region_valid(const char *s);
/* Level of a valid code: 1 province (xx0000), 2 city (xxxx00), 3 county, 4 town (9 or 12 digits); 0 if
 * invalid. */
int region_level(const char *s);
/* Writes the significant prefix of code: "45" for 450000, "4502" for 450200, the whole code otherwise.
 * out must hold 13 bytes. Returns its length, or -1 for an invalid code. */
int region_prefix(const char *code, char out[13]);
/* 1 if code lies inside scope (scope "" or NULL = everywhere; a code is inside itself), else 0. */
int region_contains(const char *scope, const char *code);
/* Writes the 6-digit province, city and county codes that contain code (a town's county is its first 6
 * digits). For a province, city and county are "" ; for a city, county is "". Returns 0 or -1. */
int region_chain(const char *code, char province[7], char city[7], char county[7]);

#endif
