/* Shared scaffolding for the C unit tests: each test_<name>.c defines unit_suite() and unit.c runs it. */
#ifndef LG_UNIT_H
#define LG_UNIT_H
#include <check.h>

/* Returns the suite of this test file; the runner owns and frees it. */
Suite *unit_suite(void);

#endif
